/* fuzz_dispatch.c -- libFuzzer target: a decoded request through the argument checks, without
 * a database: what the server does with a frame before a handler runs (server/core/dispatch.c:
 * the Request unpacked in a budgeted arena, the call looked up in the call table, every
 * string checked by pbcheck_wire, the required ids of common/rules/ids.c), then the handler's
 * own argument
 * checks as the client library makes them, in the server's order and words (zc_check_all and
 * zc_check, client/lib/zc_checks.c).
 *
 * The server's check_ids and its handlers answer through a connection (request_fail), so they
 * have no seam to call here; the tables they read (dispatch_call, rules_missing_ids) are the
 * server's own.
 *
 * What must hold: when an id the server's table requires is not positive, the client's first
 * problem is the server's refusal (the same field, "缺少 <id>：应为正整数"); zc_check refuses
 * exactly when zc_check_all lists a problem, with its first; the problems name distinct
 * fields and say something. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/pbcheck.h"
#include "common/rules/ids.h"
#include "envelope.pb-c.h"
#include "server/core/dispatch.h"
#include "zc_calls.h"
#include "zc_checks.h"

#define MAX_DECODED  (16 * 1024 * 1024) /* the server's default [limits] max_decoded */
#define MAX_PROBLEMS 16

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The body: the member of Request's oneof that is set (dispatch.c request_body). */
static const ProtobufCMessage *request_body(const Zhucun__Request *msg)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&zhucun__request__descriptor, msg->body_case);
    return f != NULL ? *(ProtobufCMessage *const *)((const char *)msg + f->offset) : NULL;
}

static void client_checks(const Zhucun__Request *req)
{
    const ProtobufCMessage *body = request_body(req);
    check(body != NULL);
    struct zc_field_problem out[MAX_PROBLEMS];
    int n = zc_check_all(body, out, MAX_PROBLEMS);
    check(n >= 0 && n <= MAX_PROBLEMS);
    for (int i = 0; i < n; i++) {
        check(memchr(out[i].field, '\0', sizeof(out[i].field)) != NULL);
        check(memchr(out[i].message, '\0', sizeof(out[i].message)) != NULL);
        check(out[i].message[0] != '\0');
        for (int k = 0; k < i; k++)
            check(strcmp(out[i].field, out[k].field) != 0);
    }

    struct zc_error err;
    memset(&err, 0, sizeof(err));
    int rc = zc_check(body, &err);
    check(rc == (n > 0 ? -1 : 0));
    if (n > 0) {
        check(err.code == ZHUCUN__CODE__INVALID_ARGUMENT);
        check(strcmp(err.field, out[0].field) == 0);
        check(strcmp(err.message, out[0].message) == 0);
    }

    /* A missing required id (common/rules/ids.c) is the first problem, as dispatch's
     * check_ids answers it before the handler runs. */
    const char *missing[RULES_IDS_MAX];
    int nmissing = rules_missing_ids((int)req->body_case, body, missing, RULES_IDS_MAX);
    check(nmissing >= 0);
    if (nmissing > 0) {
        char message[128];
        rules_missing_id_message(missing[0], message, sizeof(message));
        check(n > 0 && strcmp(out[0].field, missing[0]) == 0);
        check(strcmp(out[0].message, message) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(MAX_DECODED);
    Zhucun__Request *req = zhucun__request__unpack(arena_allocator(a), size, data);
    if (req == NULL)
        goto out;
    const struct call_def *call = dispatch_call((int)req->body_case);
    if (req->body_case == ZHUCUN__REQUEST__BODY__NOT_SET)
        check(call == NULL);
    if (call == NULL || req->id == 0)
        goto out; /* refused before anything else */
    check(call->body_case == (int)req->body_case);
    char path[128];
    struct utf8_where where;
    int bad = pbcheck_wire(&zhucun__request__descriptor, data, size, path, sizeof(path), &where);
    if (bad != PBCHECK_OK)
        goto out; /* refused: a string is not UTF-8 or holds a NUL, or the bytes are odd */
    if (req->body_case != ZHUCUN__REQUEST__BODY_HELLO)
        client_checks(req);
out:
    if (req != NULL)
        zhucun__request__free_unpacked(req, arena_allocator(a));
    arena_free(a);
    return 0;
}
