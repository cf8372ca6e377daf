/* test_stored.c -- every stored result of a keyed write reads as its fields, whichever way it
 * was written (stored.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "server/core/stored.h"

static void expect(const char *text, size_t n, const char *const *want)
{
    struct stored_result sr;
    assert_int_equal(stored_result_parse(text, &sr), 0);
    assert_true(sr.present);
    assert_int_equal(sr.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(sr.f[i], want[i]);
}

static void test_formats(void **state)
{
    (void)state;
    /* CheckIn: id|at|flags|distance|village */
    expect("17|1795132800|3|-1|140105001001", 5,
           (const char *[]){"17", "1795132800", "3", "-1", "140105001001"});
    expect("9|1795132800|0|12.5|140105001001", 5,
           (const char *[]){"9", "1795132800", "0", "12.5", "140105001001"});
    /* LeaveRequest: leave:approval */
    expect("41:7", 2, (const char *[]){"41", "7"});
    /* VisitCreate: visit:item,item, and a visit without items */
    expect("5:11,12,13", 4, (const char *[]){"5", "11", "12", "13"});
    expect("5:", 2, (const char *[]){"5", ""});
    /* HouseholdImport: households=N members=M */
    expect("households=3 members=9", 2, (const char *[]){"3", "9"});
    /* one field: an id, a status, "ok" */
    expect("123", 1, (const char *[]){"123"});
    expect("approved", 1, (const char *[]){"approved"});
    expect("", 1, (const char *[]){""});
}

static void test_nothing_stored(void **state)
{
    (void)state;
    struct stored_result sr;
    assert_int_equal(stored_result_parse(NULL, &sr), 0); /* ChangePassword's result */
    assert_false(sr.present);
    assert_int_equal(sr.n, 0);
}

static void test_too_much(void **state)
{
    (void)state;
    struct stored_result sr;
    char text[STORED_TEXT_MAX + 8];
    memset(text, '1', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    assert_int_equal(stored_result_parse(text, &sr), -1);
    char many[4 * STORED_FIELDS_MAX + 8] = "";
    for (int i = 0; i <= STORED_FIELDS_MAX; i++)
        strcat(many, i ? "|1" : "1");
    assert_int_equal(stored_result_parse(many, &sr), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_nothing_stored),
        cmocka_unit_test(test_too_much),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
