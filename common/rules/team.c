/* team.c -- team kinds and sites, members' posts, recalls (team.h). */
#include "common/rules/team.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

int rules_team_kind_level(const char *kind)
{
    if (strcmp(kind, "village") == 0)
        return ORG_VILLAGE;
    if (strcmp(kind, "township") == 0)
        return ORG_TOWNSHIP;
    return -1;
}

const char *rules_team_site_problem(const char *kind, const char *org_code, const char **field)
{
    int want = rules_team_kind_level(kind);
    if (want < 0) {
        *field = "kind";
        return TEAM_KIND_PROBLEM;
    }
    if (rules_code_level(org_code) != want) {
        *field = "org_code";
        return want == ORG_VILLAGE ? "驻村工作队须驻行政村（12 位村级代码）"
                                   : "驻乡镇工作队须驻乡镇（乡镇级代码）";
    }
    return NULL;
}

int rules_team_post_ok(const char *post)
{
    return strcmp(post, "first_secretary") == 0 || strcmp(post, "captain") == 0 ||
           strcmp(post, "member") == 0;
}

const char *rules_team_date_problem(const char *s, char *buf, size_t len)
{
    int y, m, d;
    if (rules_date_parse(s, &y, &m, &d) == 0)
        return NULL;
    snprintf(buf, len, "日期应为 YYYY-MM-DD 格式的真实日期：%.20s", s);
    return buf;
}

const char *rules_team_recall_problem(const char *reason, const char *note, const char **field)
{
    if (reason[0] == '\0')
        reason = "recall";
    *field = "reason";
    if (strcmp(reason, "recall") != 0 && strcmp(reason, "rotation") != 0 &&
        strcmp(reason, "term_end") != 0 && strcmp(reason, "other") != 0)
        return "原因应为 recall（召回）、rotation（轮换）、term_end（期满）或 other";
    *field = "note";
    /* Sending a cadre home early is a decision someone must be able to read the why of. */
    if ((strcmp(reason, "recall") == 0 || strcmp(reason, "rotation") == 0) && note[0] == '\0')
        return "召回和轮换须写明理由";
    if (strlen(note) > TEAM_NOTE_MAX)
        return "理由过长（最多 500 字节）";
    for (const unsigned char *c = (const unsigned char *)note; *c; c++)
        if ((*c < 0x20 && *c != '\n') || *c == 0x7f)
            return "理由不能包含控制字符";
    *field = NULL;
    return NULL;
}
