/* test_rules_idcard.c -- GB 11643 check digits, birth dates, masking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/idcard.h"

static void test_check_char(void **state)
{
    (void)state;
    assert_int_equal(rules_idcard_check_char("11010519491231002"), 'X');
    assert_int_equal(rules_idcard_check_char("44052418800101001"), '4');
    assert_int_equal(rules_idcard_check_char("14010519900307123"), '4');
    assert_int_equal(rules_idcard_check_char("1401051990030712a"), 0);
}

static void test_problem(void **state)
{
    (void)state;
    assert_null(rules_idcard_problem("11010519491231002X", "2026-11-29"));
    /* a correct check digit, but born in 1880: before 1900 is refused */
    assert_non_null(rules_idcard_problem("440524188001010014", NULL));
    assert_null(rules_idcard_problem("140105199003071234", "2026-11-29"));
    assert_non_null(rules_idcard_problem("11010519491231002x", NULL));  /* lower-case x */
    assert_non_null(rules_idcard_problem("110105194912310021", NULL));  /* wrong check */
    assert_non_null(rules_idcard_problem("11010519491231002", NULL));   /* 17 chars */
    assert_non_null(rules_idcard_problem("11010519491231002XX", NULL)); /* 19 chars */
    assert_non_null(rules_idcard_problem("", NULL));
    assert_non_null(rules_idcard_problem("1101051949123100AX", NULL)); /* letter */
    /* 2026-01-01 born: fine today, not the day before */
    assert_null(rules_idcard_problem("140929202601011230", "2026-01-01"));
    assert_non_null(rules_idcard_problem("140929202601011230", "2025-12-31"));
}

static void test_bad_birth_dates(void **state)
{
    (void)state;
    char id[19];
    /* 1990-02-30 with a correct check character is still refused. */
    memcpy(id, "14010519900230123", 17);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    assert_non_null(rules_idcard_problem(id, NULL));
    memcpy(id, "14010519961301123", 17); /* month 13 */
    id[17] = rules_idcard_check_char(id);
    assert_non_null(rules_idcard_problem(id, NULL));
    memcpy(id, "14010520000229123", 17); /* 2000-02-29 exists */
    id[17] = rules_idcard_check_char(id);
    assert_null(rules_idcard_problem(id, NULL));
    char birth[11];
    rules_idcard_birth_date(id, birth);
    assert_string_equal(birth, "2000-02-29");
}

static void test_mask(void **state)
{
    (void)state;
    char out[19];
    rules_idcard_mask("11010519491231002X", out);
    assert_string_equal(out, "110105********002X");
    rules_idcard_mask("123", out);
    assert_string_equal(out, "******************");
}

static void test_search(void **state)
{
    (void)state;
    char out[19];
    assert_int_equal(rules_idcard_search("11010519491231002X", out), 1);
    assert_string_equal(out, "11010519491231002X");
    assert_int_equal(rules_idcard_search("11010519491231002x", out), 1);
    assert_string_equal(out, "11010519491231002X");
    assert_int_equal(rules_idcard_search("110105194912310021", out), 1);
    /* meant as a number, though its check character is wrong: the server says so */
    assert_int_equal(rules_idcard_search("110105194912310029", out), 1);
    const char *names[] = {
        "11010519491231002", "11010519491231002X1", "1101051949123100XX", "张三", "",
        "11010519491231002Y"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_int_equal(rules_idcard_search(names[i], out), 0);
        assert_string_equal(out, "");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_char),      cmocka_unit_test(test_problem),
        cmocka_unit_test(test_bad_birth_dates), cmocka_unit_test(test_mask),
        cmocka_unit_test(test_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
