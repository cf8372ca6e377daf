/* ids.h -- the ids each call requires: the int64 fields of a request body that name a row and
 * so must be > 0 (protobuf's 0 is "not set", and some queries read 0 as "any"). The server
 * refuses a request without one before its handler runs (dispatch's check_ids); the client
 * library refuses it before sending (zc_checks.c). This table is the one list both read.
 * Optional filters, where 0 means "none", are not listed. */
#ifndef ZHUCUN_RULES_IDS_H
#define ZHUCUN_RULES_IDS_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#define RULES_IDS_MAX 4 /* ids one call requires at most */

/* The required ids of the call that answers Request body member body_case
 * (Zhucun__Request__BodyCase), space-separated ("team_id person_id"); NULL when it has none. */
const char *rules_required_ids(int body_case);

/* The names of body's required ids (body_case's) that are not > 0, in the table's order:
 * writes at most max of them to out (names that live as long as the program) and returns how
 * many are missing. Returns -1 when the table names a field that is not an int64 of body: a
 * wrong row, which test_rules_ids finds. */
int rules_missing_ids(int body_case, const ProtobufCMessage *body, const char **out, size_t max);

/* The message that refuses a missing id, "缺少 team_id：应为正整数", into buf (len bytes). */
const char *rules_missing_id_message(const char *name, char *buf, size_t len);

#endif
