/* test_rules_leave.c -- the channels of a leave request recorded on a cadre's behalf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "common/rules/leave.h"

static void test_behalf_channel(void **state)
{
    (void)state;
    assert_true(rules_leave_behalf_channel_ok("wechat"));
    assert_true(rules_leave_behalf_channel_ok("sms"));
    assert_true(rules_leave_behalf_channel_ok("phone"));
    assert_true(rules_leave_behalf_channel_ok("paper"));
    assert_false(rules_leave_behalf_channel_ok(""));       /* not said */
    assert_false(rules_leave_behalf_channel_ok("system")); /* the cadre's own request */
    assert_false(rules_leave_behalf_channel_ok("WeChat"));
    assert_false(rules_leave_behalf_channel_ok("telegram"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_behalf_channel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
