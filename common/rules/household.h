/* household.h -- pure checks for household records (SPEC H1): the enumerations, and a
 * member's ID number and birth date. Shared by the server and the clients. */
#ifndef ZHUCUN_RULES_HOUSEHOLD_H
#define ZHUCUN_RULES_HOUSEHOLD_H

#include <stddef.h>

#define HOUSEHOLD_MEMBERS_MAX 30

/* 1 when s is one of the values, else 0. */
int rules_hh_category_ok(const char *s); /* poverty_alleviated, monitored, ordinary */
int rules_hh_relation_ok(const char *s); /* head, spouse, child, ... */
int rules_hh_labour_ok(const char *s);   /* full, partial, none, minor */
int rules_hh_health_ok(const char *s);   /* healthy, chronic, serious, disabled */

/* The category as the rules' enum (CAT_*), or -1. */
int rules_hh_category_code(const char *s);

#endif
