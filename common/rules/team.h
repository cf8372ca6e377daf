/* team.h -- pure rules for work teams (SPEC T1-T3): the kind of a team and where it sits, the
 * posts of its members, and how a member leaves it. The server (authoritative) and the
 * clients (before sending) check with these, so both refuse in the same words. */
#ifndef ZHUCUN_RULES_TEAM_H
#define ZHUCUN_RULES_TEAM_H

#include <stddef.h>

#define TEAM_NOTE_MAX 500 /* bytes of the note of a recall or a rotation */

#define TEAM_KIND_PROBLEM "工作队类型应为 village 或 township"
#define TEAM_POST_PROBLEM "职务应为 first_secretary（第一书记）、captain（队长）或 member（队员）"

/* The org level a team of kind sits at: ORG_VILLAGE for "village", ORG_TOWNSHIP for
 * "township" (enum org_level); -1 for any other kind (TEAM_KIND_PROBLEM). */
int rules_team_kind_level(const char *kind);

/* NULL when a team of kind may be created at org_code: a known kind at a code of its level.
 * Else a message for people and in *field the field at fault ("kind" or "org_code"). */
const char *rules_team_site_problem(const char *kind, const char *org_code, const char **field);

/* 1 when post is a member's post: first_secretary, captain or member (TEAM_POST_PROBLEM). */
int rules_team_post_ok(const char *post);

/* NULL when s is a real date "YYYY-MM-DD" (a membership's start or end); else a message
 * quoting s, written into buf (len bytes) and returned. */
const char *rules_team_date_problem(const char *s, char *buf, size_t len);

/* NULL when a member may leave for reason ("" is recall) with note: a known reason; a note
 * for a recall or a rotation; at most TEAM_NOTE_MAX bytes; no control characters but
 * newlines. Else a message for people and in *field the field at fault ("reason", "note"). */
const char *rules_team_recall_problem(const char *reason, const char *note, const char **field);

#endif
