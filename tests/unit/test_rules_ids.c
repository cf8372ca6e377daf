/* test_rules_ids.c -- the table of required ids: every name it lists is an int64 field of its
 * call's body, and a body is judged against it in the table's order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/ids.h"
#include "envelope.pb-c.h"

/* Every Request body member: the ids listed for it name int64 fields of its message, at most
 * RULES_IDS_MAX of them (a name that is no such field would answer INTERNAL). */
static void test_every_listed_id_is_an_int64_of_the_body(void **state)
{
    (void)state;
    const ProtobufCMessageDescriptor *rd = &zhucun__request__descriptor;
    int bad = 0, listed = 0;
    for (unsigned i = 0; i < rd->n_fields; i++) {
        const ProtobufCFieldDescriptor *m = &rd->fields[i];
        const char *ids = rules_required_ids((int)m->id);
        if (ids == NULL)
            continue;
        listed++;
        const ProtobufCMessageDescriptor *body = m->descriptor;
        int n = 0;
        for (const char *p = ids; *p != '\0';) {
            size_t len = strcspn(p, " ");
            char name[64];
            snprintf(name, sizeof(name), "%.*s", (int)len, p);
            const ProtobufCFieldDescriptor *f =
                protobuf_c_message_descriptor_get_field_by_name(body, name);
            if (m->type != PROTOBUF_C_TYPE_MESSAGE || f == NULL ||
                f->type != PROTOBUF_C_TYPE_INT64) {
                printf("%s: \"%s\" is not an int64 of %s\n", m->name, name, body->name);
                bad++;
            }
            n++;
            p += len;
            p += strspn(p, " ");
        }
        if (n > RULES_IDS_MAX) {
            printf("%s: %d ids, more than RULES_IDS_MAX\n", m->name, n);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    assert_int_equal(listed, 94);
    assert_null(rules_required_ids(ZHUCUN__REQUEST__BODY_PING));
}

static void test_missing_ids(void **state)
{
    (void)state;
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    const char *out[RULES_IDS_MAX];
    char buf[96];
    assert_int_equal(rules_missing_ids(ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, &ta.base, out, 4), 2);
    assert_string_equal(out[0], "team_id");
    assert_string_equal(out[1], "person_id");
    /* Counted beyond max; only max written. */
    assert_int_equal(rules_missing_ids(ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, &ta.base, out, 1), 2);
    ta.team_id = 7;
    ta.person_id = -1; /* not positive */
    assert_int_equal(rules_missing_ids(ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, &ta.base, out, 4), 1);
    assert_string_equal(out[0], "person_id");
    ta.person_id = 9;
    assert_int_equal(rules_missing_ids(ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, &ta.base, out, 4), 0);
    /* A call without required ids. */
    Zhucun__Ping ping = ZHUCUN__PING__INIT;
    assert_int_equal(rules_missing_ids(ZHUCUN__REQUEST__BODY_PING, &ping.base, out, 4), 0);
    /* A body that is not the call's: the table's names are not its fields. */
    assert_int_equal(rules_missing_ids(ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, &ping.base, out, 4), -1);
    assert_string_equal(rules_missing_id_message("team_id", buf, sizeof(buf)),
                        "缺少 team_id：应为正整数");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_listed_id_is_an_int64_of_the_body),
        cmocka_unit_test(test_missing_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
