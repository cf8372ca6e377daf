/* zc_checks.h -- the argument checks of the typed calls: what the server refuses before it
 * looks at the database, with the server's message and field. zc__check_request is internal
 * to the library (programs call zc_check in zc_calls.h); zc_check_all is for forms that mark
 * every field at fault at once. */
#ifndef ZHUCUN_ZC_CHECKS_H
#define ZHUCUN_ZC_CHECKS_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "zhucun_client.h"

/* One problem of a request body: the field at fault as the server names it ("village_code",
 * "members[2].id_number", "problems[0].deadline"; "" for the request as a whole) and the
 * server's message, in Chinese (the library's gettext domain, ZC_MESSAGES_DOMAIN). The code
 * is always INVALID_ARGUMENT. */
struct zc_field_problem {
    char field[64];
    char message[512];
};

/* Every problem of body that the client can see, in the order the server's handler checks
 * them, one per field (its first): writes at most max of them to out and returns how many it
 * wrote, 0 when body may be sent. The first is the one zc_check and the typed calls report,
 * and the one the server would answer with. Returns -1 when body is not a request's body
 * (zc_check says INTERNAL) or max is 0. Touches no client: any thread may call it. */
int zc_check_all(const ProtobufCMessage *body, struct zc_field_problem *out, size_t max);

/* 0 when req may be sent; else -1 with err INVALID_ARGUMENT, the server's message and the
 * field at fault: the first problem zc_check_all lists. First the ids the server requires
 * before any handler runs (common/rules/ids.h, the server's list too), then the call's own checks
 * in the order its handler makes them; checks that need the session, the caller's scope, the
 * server's configuration or the database are left to the server. */
int zc__check_request(const Zhucun__Request *req, struct zc_error *err);

#endif
