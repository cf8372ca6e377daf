/* org.h -- pure rules for the organisation tree: division codes, levels, parents, scopes,
 * village locations and demonstration-programme tags (SPEC O1, O6). */
#ifndef ZHUCUN_RULES_ORG_H
#define ZHUCUN_RULES_ORG_H

#include <stddef.h>

#include "common/rules/account.h"

#define ORG_CODE_LEN       12
#define ORG_NAME_MAX_BYTES 100
#define GEOFENCE_DEFAULT_M 1000
#define GEOFENCE_MIN_M     50
#define GEOFENCE_MAX_M     20000
#define ORG_TAGS_MAX       8

/* How many leading digits of a code at level are significant: 2, 4, 6, 9, 12; 0 otherwise. */
int rules_code_prefix_len(int level);

/* The parent's code of code (12 digits + NUL into parent); returns its level, or -1 for a
 * province code or a malformed one (a zero segment above its level, e.g. 140000000001). */
int rules_code_parent(const char *code, char parent[ORG_CODE_LEN + 1]);

/* 1 when code lies in the subtree of scope (scope's significant digits are code's prefix),
 * 0 otherwise or when either is not a valid code. */
int rules_code_within(const char *code, const char *scope);

/* "province", "city", "county", "township", "village" -> level, or -1. */
int rules_level_parse(const char *name);

/* NULL when name is an acceptable org unit name (1-100 bytes UTF-8, no controls). */
const char *rules_org_name_problem(const char *name);

/* NULL when lat/lon are a plausible location (WGS-84 degrees, not 0,0). */
const char *rules_location_problem(double lat, double lon);

/* NULL when radius (metres) is within GEOFENCE_MIN_M..GEOFENCE_MAX_M. */
const char *rules_geofence_problem(unsigned radius_m);

/* NULL when tag is one of the demonstration programmes of SPEC O1. */
const char *rules_org_tag_problem(const char *tag);

/* Characters of an OrgSearch's name keyword: 1 to ORG_SEARCH_QUERY_MAX. */
#define ORG_SEARCH_QUERY_MAX 60

#endif
