/* household.h -- pure checks for household records (SPEC H1): the enumerations, and a
 * member's ID number and birth date. Shared by the server and the clients. */
#ifndef ZHUCUN_RULES_HOUSEHOLD_H
#define ZHUCUN_RULES_HOUSEHOLD_H

#include <stddef.h>

#define HOUSEHOLD_MEMBERS_MAX 30
#define HOUSEHOLD_ADDRESS_MAX 200 /* characters, as the database's CHECK counts them */

/* 1 when s is one of the values, else 0. */
int rules_hh_category_ok(const char *s); /* poverty_alleviated, monitored, ordinary */
int rules_hh_relation_ok(const char *s); /* head, spouse, child, ... */
int rules_hh_labour_ok(const char *s);   /* full, partial, none, minor */
int rules_hh_health_ok(const char *s);   /* healthy, chronic, serious, disabled */

/* The category as the rules' enum (CAT_*), or -1. */
int rules_hh_category_code(const char *s);

/* 1 when p is an acceptable phone number ("" included): at most 20 bytes of digits, spaces,
 * '+' and '-'. RULES_HH_PHONE_PROBLEM says so when it is not. */
int rules_hh_phone_ok(const char *p);
#define RULES_HH_PHONE_PROBLEM "电话只能包含数字、空格、+ 和 -（最多 20 个字符）"

/* NULL when address is UTF-8 of at most HOUSEHOLD_ADDRESS_MAX characters ("" included); else
 * a message that gives the limit. */
const char *rules_hh_address_problem(const char *address);

/* 1 when s is a reason a member leaves a household: moved_out (迁出), deceased (去世),
 * married_out (婚出). */
int rules_hh_leave_reason_ok(const char *s);

/* Checks one member as HouseholdCreate does: name, relation, ID number (check character and
 * a birth date not after today, "YYYY-MM-DD" or NULL to skip that test), labour, health,
 * phone, and birth_date (may be NULL or "": then taken from the ID number) against the ID
 * number. Returns NULL, or a message for people and in *field the member field at fault. */
const char *rules_hh_member_problem(const char *name, const char *relation, const char *id_number,
                                    const char *labour, const char *health, const char *phone,
                                    const char *birth_date, const char *today, const char **field);

/* The limits of HouseholdSetState's note and HouseholdList's search text, in bytes. */
#define HOUSEHOLD_NOTE_MAX  500
#define HOUSEHOLD_QUERY_MAX 64

#endif
