/* test_pbcheck.c -- UTF-8 checks of every string in a message, with the bad field's path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/pbcheck.h"
#include "envelope.pb-c.h"

static void test_valid_request(void **state)
{
    (void)state;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = "张三";
    l.password = "correct horse battery";
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    char path[128];
    assert_int_equal(pbcheck_utf8(&req.base, path, sizeof(path)), 1);
}

static void test_top_level_field(void **state)
{
    (void)state;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = "ok";
    l.password = "bad\xff";
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    char path[128];
    assert_int_equal(pbcheck_utf8(&req.base, path, sizeof(path)), 0);
    assert_string_equal(path, "login.password");
    /* the request's own strings count too */
    l.password = "fine";
    req.idempotency_key = "\xc0\xaf"; /* overlong '/' */
    assert_int_equal(pbcheck_utf8(&req.base, path, sizeof(path)), 0);
    assert_string_equal(path, "idempotency_key");
}

static void test_repeated_nested_path(void **state)
{
    (void)state;
    Zhucun__HouseholdMember m[2] = {ZHUCUN__HOUSEHOLD_MEMBER__INIT, ZHUCUN__HOUSEHOLD_MEMBER__INIT};
    Zhucun__HouseholdMember *mp[2] = {&m[0], &m[1]};
    m[0].name = "演示一";
    m[1].name = "演示\xed\xa0\x80"; /* a surrogate */
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.n_members = 2;
    h.members = mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    char path[128];
    assert_int_equal(pbcheck_utf8(&req.base, path, sizeof(path)), 0);
    assert_string_equal(path, "household_create.household.members[1].name");
    m[1].name = "演示二";
    assert_int_equal(pbcheck_utf8(&req.base, path, sizeof(path)), 1);
}

/* An import file's bad byte is found by line and character. */
static void test_where_in_the_string(void **state)
{
    (void)state;
    Zhucun__HouseholdImport im = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    im.csv = "household_ref,village_code\n1,140105001001\n2,\xd5\xc5\n";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT;
    req.household_import = &im;
    char path[128];
    struct utf8_where at;
    assert_int_equal(pbcheck_utf8_at(&req.base, path, sizeof(path), &at), 0);
    assert_string_equal(path, "household_import.csv");
    assert_int_equal(at.line, 3);
    assert_int_equal(at.column, 3);
    assert_int_equal(at.byte_column, 3);
}

static void test_only_the_set_oneof_member_is_read(void **state)
{
    (void)state;
    /* A Request whose oneof case is Ping must not read the login pointer (NULL here). */
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Ping p = ZHUCUN__PING__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PING;
    req.ping = &p;
    char path[8];
    assert_int_equal(pbcheck_utf8(&req.base, path, sizeof(path)), 1);
    assert_int_equal(pbcheck_utf8(&req.base, path, 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_request),
        cmocka_unit_test(test_top_level_field),
        cmocka_unit_test(test_repeated_nested_path),
        cmocka_unit_test(test_where_in_the_string),
        cmocka_unit_test(test_only_the_set_oneof_member_is_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
