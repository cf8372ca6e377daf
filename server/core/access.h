/* access.h -- scope checks against the session's role grants (SPEC O5, O6).
 *
 * A grant is a role bound to an org unit; its scope is the unit's subtree (a code prefix).
 * One rule for every call: a record outside the caller's scope does not exist for them, so
 * out-of-scope reads and writes answer NOT_FOUND, exactly as for a code that does not exist.
 * PERMISSION_DENIED is for a call the caller's roles may not make at all. */
#ifndef ZHUCUN_ACCESS_H
#define ZHUCUN_ACCESS_H

#include "server/core/dispatch.h"

/* The highest level (smallest number) of a grant with a role in roles whose scope covers
 * code, or 0 when none does. */
int access_level_over(const struct session *s, unsigned roles, const char *code);

/* 1 when a grant with a role in roles covers code. */
int access_covers(const struct session *s, unsigned roles, const char *code);

/* 1 when a grant with a role in roles covers code from strictly above (an office may shape
 * the units below its own, never its own unit or a sibling). */
int access_covers_below(const struct session *s, unsigned roles, const char *code);

/* A PostgreSQL text[] literal of LIKE patterns ("1401%", ...) for the scopes of the grants
 * with a role in roles, in the request's arena; "{}" when there are none. */
const char *access_prefix_patterns(struct request *r, unsigned roles);

/* The patterns of an org code a request names (a list's or a report's place): those of every
 * scope of the call's roles for "" (access_prefix_patterns), else the code's subtree when a
 * grant with one of the call's roles covers it; NULL after refusing a code out of scope
 * (NOT_FOUND naming "org_code", as for a code that does not exist). */
const char *access_org_patterns(struct request *r, const char *code);

/* access_org_patterns by the call's place roles: every role but a unit's administrator, whose
 * grant sits at the unit's place and reaches only the unit (access_unit_ids); for the calls a
 * unit's administrator makes about its unit beside the offices' places. */
const char *access_place_patterns(struct request *r, const char *code);

/* access_org_patterns by those of the call's roles that are among roles: for a call whose
 * other roles read by another rule (allowances: the placement's offices by place, a unit's
 * administrator by unit, a cadre their own). */
const char *access_roles_patterns(struct request *r, unsigned roles, const char *code);

/* The byte range [*lo, *hi) that holds every code the LIKE patterns (a literal from
 * access_prefix_patterns, or one built the same way) can match: "" and "" (nothing) for "{}".
 * Added to a query beside the patterns, it lets an index on the code serve a list. -1 after
 * ending the request (INTERNAL) when patterns is not such a literal. */
int access_pattern_bounds(struct request *r, const char *patterns, const char **lo,
                          const char **hi);

/* The scope the row-level security policies hold a request's queries to (db_caller, via
 * request_query; docs/rls.md): the patterns of the session's grants with a role the call may
 * be made with (every grant for a call any signed-in user may make), "{}" without a session.
 * Computed from the grants alone, whatever access_checks_off says. */
const char *access_rls_scope(struct request *r);

/* 1 in a test build run with ZHUCUN_TEST_NO_SCOPE_CHECK=1: the checks above then let every
 * grant cover every code (access_prefix_patterns gives every code), so that a test can show
 * the row-level security policies refuse on their own (tests/integration/test_rls.c). Always 0
 * in a production build (no ZHUCUN_TEST_CLOCK). */
int access_checks_off(void);

/* A PostgreSQL bigint[] literal of the dispatching units the session's unit_admin grants
 * are for ("{}" when none), in the request's arena. */
const char *access_unit_ids(struct request *r);

#endif
