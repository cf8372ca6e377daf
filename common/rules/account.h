/* account.h -- pure rules for accounts: usernames, passwords, roles and the org level each
 * role is bound to. Linked by the server (authoritative) and the clients (early feedback). */
#ifndef ZHUCUN_RULES_ACCOUNT_H
#define ZHUCUN_RULES_ACCOUNT_H

#include <stddef.h>

#define USERNAME_MIN           3
#define USERNAME_MAX           64
#define PASSWORD_MAX_BYTES     256
#define DISPLAY_NAME_MAX_BYTES 128

enum org_level {
    ORG_ANY = 0, /* for roles not bound to one level */
    ORG_PROVINCE = 1,
    ORG_CITY = 2,
    ORG_COUNTY = 3,
    ORG_TOWNSHIP = 4,
    ORG_VILLAGE = 5,
};

/* Returns NULL when username is acceptable (3-64 of a-z 0-9 . _ -, starting with a letter or
 * digit), else a message for people. */
const char *rules_username_problem(const char *username);

/* Returns NULL when password is acceptable: valid UTF-8, at least min_chars characters (code
 * points), at most PASSWORD_MAX_BYTES bytes, no control characters; else a message written
 * into buf (len bytes) and returned. */
const char *rules_password_problem(const char *password, size_t min_chars, char *buf, size_t len);

/* Returns NULL when name is an acceptable display name (valid UTF-8, 1 to
 * DISPLAY_NAME_MAX_BYTES bytes, no control characters), else a message. */
const char *rules_display_name_problem(const char *name);

/* The level a 12-digit statistical division code denotes by its shape (trailing zeros), or
 * -1 when code is not 12 digits. */
int rules_code_level(const char *code);

/* One bit per role, for the sets of roles a call accepts. */
enum role_bit {
    ROLE_PROVINCE_OFFICE = 1 << 0,
    ROLE_CITY_OFFICE = 1 << 1,
    ROLE_COUNTY_OFFICE = 1 << 2,
    ROLE_TOWNSHIP = 1 << 3,
    ROLE_UNIT_ADMIN = 1 << 4,
    ROLE_COUNTY_CAPTAIN = 1 << 5,
    ROLE_TEAM_CAPTAIN = 1 << 6,
    ROLE_CADRE = 1 << 7,
    ROLE_INSPECTOR = 1 << 8,
    ROLE_EXPORTER = 1 << 9,
};

#define ROLES_ALL 0x3ffu /* every role above */

/* The bit of role, or 0 for an unknown role. */
unsigned rules_role_bit(const char *role);

/* The name of a role bit ("county_office"), or NULL when bit is not exactly one role. */
const char *rules_role_name(unsigned bit);

/* The org level role must be bound to (ORG_ANY for any), or -1 for an unknown role. */
int rules_role_level(const char *role);

/* 1 when role may be bound to an org unit of level: the role's own level, any level for
 * ORG_ANY roles, and a village or a township for the team roles (team_captain, cadre),
 * since township teams exist too. */
int rules_role_level_ok(const char *role, int level);

/* Name of a level: "province", "city", ... */
const char *rules_level_name(int level);

/* Number of valid UTF-8 code points in s, or -1 when s is not valid UTF-8. */
long rules_utf8_chars(const char *s);

/* 1 when s is min to max characters of valid UTF-8 without control characters (a newline
 * allowed): a person's text as the calls take it. */
int rules_text_ok(const char *s, long min, long max);

#endif
