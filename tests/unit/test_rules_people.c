/* test_rules_people.c -- dispatching units' levels and free text, persons' names and phones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/account.h"
#include "common/rules/people.h"

static void test_text(void **state)
{
    (void)state;
    char buf[64], s[UNIT_TEXT_MAX + 2];
    assert_null(rules_text_problem("", UNIT_TEXT_MAX, buf, sizeof(buf))); /* optional */
    assert_null(rules_text_problem("扶贫办", UNIT_TEXT_MAX, buf, sizeof(buf)));
    memset(s, 'a', sizeof(s) - 1);
    s[sizeof(s) - 1] = '\0';
    assert_string_equal(rules_text_problem(s, UNIT_TEXT_MAX, buf, sizeof(buf)),
                        "内容过长（最多 100 字节）");
    s[UNIT_TEXT_MAX] = '\0';
    assert_null(rules_text_problem(s, UNIT_TEXT_MAX, buf, sizeof(buf)));
    assert_string_equal(rules_text_problem(s, UNIT_LEADER_NAME_MAX, buf, sizeof(buf)),
                        "内容过长（最多 64 字节）");
    /* Not empty: a display name, so no control characters. */
    assert_non_null(rules_text_problem("a\tb", UNIT_TEXT_MAX, buf, sizeof(buf)));
}

static void test_unit_level(void **state)
{
    (void)state;
    assert_int_equal(rules_unit_org_level("central"), ORG_PROVINCE);
    assert_int_equal(rules_unit_org_level("province"), ORG_PROVINCE);
    assert_int_equal(rules_unit_org_level("city"), ORG_CITY);
    assert_int_equal(rules_unit_org_level("county"), ORG_COUNTY);
    assert_int_equal(rules_unit_org_level("township"), -1); /* units are county and above */
    assert_int_equal(rules_unit_org_level(""), -1);
}

static void test_person(void **state)
{
    (void)state;
    char name[PERSON_NAME_MAX_CHARS + 2];
    memset(name, 'a', PERSON_NAME_MAX_CHARS);
    name[PERSON_NAME_MAX_CHARS] = '\0';
    assert_null(rules_person_name_problem(name)); /* 64 characters */
    strcat(name, "a");
    assert_string_equal(rules_person_name_problem(name), PERSON_NAME_TOO_LONG);
    assert_null(rules_person_name_problem("张三"));
    assert_non_null(rules_person_name_problem(""));
    assert_non_null(rules_person_name_problem("\xff"));

    assert_true(rules_person_phone_ok(""));
    assert_true(rules_person_phone_ok("+86 138-0000-0000"));
    assert_false(rules_person_phone_ok("138 0000 0000 ext 1"));
    assert_false(rules_person_phone_ok("123456789012345678901")); /* 21 bytes */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_unit_level),
        cmocka_unit_test(test_person),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
