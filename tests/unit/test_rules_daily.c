/* test_rules_daily.c -- the checks of the calls of the desk's daily pages (common/rules/daily.c):
 * every field refused with its name, the limit at and past its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/daily.h"

static void test_business_list(void **state)
{
    (void)state;
    Zhucun__OfficialBusinessList l = ZHUCUN__OFFICIAL_BUSINESS_LIST__INIT;
    OK(rules_business_list_problem(&l, FIELD));
    l.person_id = 7;
    l.limit = BUSINESS_LIST_MAX;
    OK(rules_business_list_problem(&l, FIELD));
    l.limit = BUSINESS_LIST_MAX + 1;
    REFUSED(rules_business_list_problem(&l, FIELD), "limit");
    l.limit = 0;
    l.person_id = -1;
    REFUSED(rules_business_list_problem(&l, FIELD), "person_id");
    assert_non_null(strstr(rules_business_list_problem(&l, &(const char *){NULL}), "队员"));
    assert_true(BUSINESS_LIST_DEFAULT <= BUSINESS_LIST_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_business_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
