/* test_calls.c -- the call table checks itself: every member of Request's body has exactly one
 * call and every call answers one member (by the member's message name), and every row is
 * well formed. It names what is missing, so that a new call cannot be half registered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/account.h"
#include "envelope.pb-c.h"
#include "server/core/db.h"
#include "server/core/dispatch.h"
#include "server/core/domain.h"
#include "server/core/events.h"

/* The members of Request's oneof body (not id or idempotency_key). */
static int is_body(const ProtobufCFieldDescriptor *f)
{
    return (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
           f->quantifier_offset == offsetof(Zhucun__Request, body_case);
}

static void test_every_request_member_has_a_call(void **state)
{
    (void)state;
    const ProtobufCMessageDescriptor *req = &zhucun__request__descriptor;
    int missing = 0, members = 0;
    for (unsigned i = 0; i < req->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &req->fields[i];
        if (!is_body(f))
            continue;
        members++;
        const ProtobufCMessageDescriptor *m = f->descriptor;
        const struct call_def *call = dispatch_call((int)f->id);
        if (call == NULL) {
            fprintf(stderr, "Request member %s (%s = %u) has no call_def\n", f->name, m->short_name,
                    f->id);
            missing++;
        } else if (strcmp(call->name, m->short_name) != 0) {
            fprintf(stderr, "Request member %s (%s) is answered by a call named %s\n", f->name,
                    m->short_name, call->name);
            missing++;
        }
    }
    assert_true(members > 50);
    assert_int_equal(missing, 0);
}

static void test_every_call_answers_a_request_member(void **state)
{
    (void)state;
    size_t n;
    const struct call_def *const *calls = dispatch_calls(&n);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(
            &zhucun__request__descriptor, (unsigned)calls[i]->body_case);
        if (f == NULL || !is_body(f)) {
            fprintf(stderr, "call %s names Request body %d, which is not a member of body\n",
                    calls[i]->name, calls[i]->body_case);
            bad++;
        } else if (strcmp(((const ProtobufCMessageDescriptor *)f->descriptor)->short_name,
                          calls[i]->name) != 0) {
            fprintf(stderr, "call %s answers Request member %s (message %s)\n", calls[i]->name,
                    f->name, ((const ProtobufCMessageDescriptor *)f->descriptor)->short_name);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_rows_are_well_formed(void **state)
{
    (void)state;
    size_t n;
    const struct call_def *const *calls = dispatch_calls(&n);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const struct call_def *c = calls[i];
        const char *why = NULL;
        if (c->name == NULL || c->name[0] == '\0' || c->handler == NULL)
            why = "a call needs a name and a handler";
        else if (c->auth == AUTH_NONE && c->roles != ROLES_ANY)
            why = "a call without a session cannot ask for roles";
        else if ((c->roles & ~ROLES_ALL) != 0)
            why = "roles holds a bit that is no role";
        else if (c->replay != NULL && !c->write)
            why = "only a write is replayed";
        for (size_t k = 0; k < i && why == NULL; k++)
            if (strcmp(calls[k]->name, c->name) == 0)
                why = "two calls have this name";
        if (why != NULL) {
            fprintf(stderr, "call %s: %s\n", c->name, why);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* The table is the domains' calls, in order, and nothing else. */
static void test_table_is_the_domains_calls(void **state)
{
    (void)state;
    size_t n, k = 0;
    const struct call_def *const *calls = dispatch_calls(&n);
    for (const struct domain *const *d = server_domains; *d != NULL; d++) {
        assert_non_null((*d)->name);
        for (size_t i = 0; i < (*d)->ncalls; i++) {
            assert_true(k < n);
            assert_ptr_equal(calls[k], &(*d)->calls[i]);
            k++;
        }
    }
    assert_int_equal(k, n);
    assert_null(dispatch_call(0));
    assert_null(dispatch_call(-1));
    assert_null(dispatch_call(1 << 20));
}

/* What a domain publishes can be delivered: a channel, the payload's keys, a registered
 * lookup and a render; and no channel has two publishers. */
static void test_publishers(void **state)
{
    (void)state;
    int seen = 0;
    for (const struct domain *const *d = server_domains; *d != NULL; d++) {
        for (const struct publisher *const *p = (*d)->publishers; p != NULL && *p != NULL; p++) {
            const struct publisher *pub = *p;
            assert_non_null(pub->channel);
            assert_non_null(pub->id_key);
            assert_non_null(pub->subjects_key);
            assert_non_null(pub->render);
            assert_true(db_statement_index(pub->lookup) >= 0);
            assert_int_equal(pub->lookup->nparams, 2); /* $1 subject, $2 the row's id */
            for (const struct domain *const *e = server_domains; *e != NULL; e++)
                for (const struct publisher *const *q = (*e)->publishers; q != NULL && *q != NULL;
                     q++)
                    if (*q != pub)
                        assert_string_not_equal((*q)->channel, pub->channel);
            seen++;
        }
    }
    assert_true(seen >= 1); /* the approval queue */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_request_member_has_a_call),
        cmocka_unit_test(test_every_call_answers_a_request_member),
        cmocka_unit_test(test_rows_are_well_formed),
        cmocka_unit_test(test_table_is_the_domains_calls),
        cmocka_unit_test(test_publishers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
