/* test_rules_approval.c -- the shape of an approval kind's code: ^[a-z][a-z0-9_]{0,31}$, any
 * kind of that shape (the list of kinds is the server's registry), and the message for each
 * refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/approval.h"

static void test_kinds_of_the_shape(void **state)
{
    (void)state;
    /* Today's kinds, those to come, a test-only one: none is special. */
    static const char *const ok[] = {
        "leave", "recall", "risk_elimination", "project_stage2", "test_kind_x", "x", "a_", "z9"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        assert_true(rules_approval_kind_ok(ok[i]));
        assert_null(rules_approval_kind_problem(ok[i]));
    }
    char kind[APPROVAL_KIND_MAX + 2];
    memset(kind, 'k', sizeof(kind) - 1);
    kind[APPROVAL_KIND_MAX] = '\0'; /* 32 bytes: the longest */
    assert_true(rules_approval_kind_ok(kind));
    kind[APPROVAL_KIND_MAX] = 'k'; /* 33 */
    kind[APPROVAL_KIND_MAX + 1] = '\0';
    assert_false(rules_approval_kind_ok(kind));
    assert_string_equal(rules_approval_kind_problem(kind), APPROVAL_KIND_PROBLEM);
}

static void test_refused(void **state)
{
    (void)state;
    assert_false(rules_approval_kind_ok(""));
    assert_false(rules_approval_kind_ok(NULL));
    assert_string_equal(rules_approval_kind_problem(""), APPROVAL_KIND_MISSING);
    assert_string_equal(rules_approval_kind_problem(NULL), APPROVAL_KIND_MISSING);
    assert_string_equal(APPROVAL_KIND_MISSING, "缺少审批事项类型");
    static const char *const bad[] = {
        "Leave",                 /* upper case */
        "9leave",                /* a digit first */
        "_leave",                /* an underscore first */
        "lea ve",                /* a space */
        "leave-",                /* a hyphen */
        "leave\n",       "请假", /* the kind's name, not its code */
        "leave\xc3\xa9",         /* a letter outside ASCII */
        "leave'; --",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(rules_approval_kind_ok(bad[i]));
        assert_string_equal(rules_approval_kind_problem(bad[i]), APPROVAL_KIND_PROBLEM);
    }
    assert_string_equal(APPROVAL_KIND_PROBLEM, "审批事项类型应为小写字母开头、由小写字母、数字和下"
                                               "划线组成的代码（最多 32 个字符）");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_of_the_shape),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
