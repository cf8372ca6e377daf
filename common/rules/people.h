/* people.h -- pure rules for the people domain's records: dispatching units (their level and
 * free text), and the persons behind accounts (name, phone). The server (authoritative) and
 * the clients (before sending) check with these, so both refuse in the same words. */
#ifndef ZHUCUN_RULES_PEOPLE_H
#define ZHUCUN_RULES_PEOPLE_H

#include <stddef.h>

#define UNIT_LEADER_NAME_MAX  64  /* bytes of a unit's leader's name */
#define UNIT_TEXT_MAX         100 /* bytes of a unit's other free text (its handling office) */
#define PERSON_NAME_MAX_CHARS 64  /* characters of a person's name */

#define UNIT_LEVEL_PROBLEM   "单位层级应为 central、province、city 或 county"
#define PERSON_NAME_TOO_LONG "姓名过长（最多 64 个字）"
#define PERSON_PHONE_PROBLEM "电话只能包含数字、空格、+ 和 -"

/* NULL when s is acceptable optional free text: at most max bytes and, unless empty, a
 * display name (account.h). Else a message for people, written into buf (len bytes) for the
 * length or a constant one, and returned. */
const char *rules_text_problem(const char *s, size_t max, char *buf, size_t len);

/* The org level a dispatching unit of level sits at: central and province at the province,
 * city at a city, county at a county (enum org_level); -1 for any other level
 * (UNIT_LEVEL_PROBLEM says so). */
int rules_unit_org_level(const char *level);

/* NULL when name is an acceptable person's name: at most PERSON_NAME_MAX_CHARS characters
 * (PERSON_NAME_TOO_LONG) and a display name; else a message for people. */
const char *rules_person_name_problem(const char *name);

/* 1 when phone is an acceptable phone number of a person ("" included): the household rule,
 * at most 20 bytes of digits, spaces, '+' and '-'. PERSON_PHONE_PROBLEM when not. */
int rules_person_phone_ok(const char *phone);

#endif
