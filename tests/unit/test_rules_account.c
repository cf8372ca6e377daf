/* test_rules_account.c -- username, password, display-name and role rules
 * (common/rules/account.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/account.h"

static void test_username_accepted(void **state)
{
    static const char *const good[] = {
        "abc", "a.b", "a_b", "a-b", "1abc", "007", "user.name_1-x", "zhang.san", "a..",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_null(rules_username_problem(good[i]));
    char max[USERNAME_MAX + 1];
    memset(max, 'a', USERNAME_MAX);
    max[USERNAME_MAX] = '\0';
    assert_null(rules_username_problem(max));
}

static void test_username_refused(void **state)
{
    static const char *const bad[] = {
        "",     "a",    "ab",   ".abc", "_abc", "-abc",  "Abc",    "abC",   "ABC",
        "ab c", "ab@c", "ab/c", "ab+c", "ab:c", "abc\n", "张三丰", "ab\tc", "a\xc3\xa9t",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *msg = rules_username_problem(bad[i]);
        assert_non_null(msg);
        assert_true(strlen(msg) > 0);
    }
    char over[USERNAME_MAX + 2];
    memset(over, 'a', USERNAME_MAX + 1);
    over[USERNAME_MAX + 1] = '\0';
    assert_non_null(rules_username_problem(over));
}

/* Checks password against min_chars; returns the message or NULL. */
static const char *pw_problem(const char *pw, size_t min_chars)
{
    static char buf[256];
    memset(buf, 0, sizeof(buf));
    const char *msg = rules_password_problem(pw, min_chars, buf, sizeof(buf));
    if (msg != NULL) {
        assert_ptr_equal(msg, buf);
        assert_true(strlen(msg) > 0);
    }
    return msg;
}

static void test_password_length(void **state)
{
    assert_non_null(pw_problem("123456789", 10));
    assert_null(pw_problem("1234567890", 10));
    assert_non_null(pw_problem("", 10));
    /* Ten Chinese characters: 30 bytes, 10 characters. */
    const char *ten = "密码密码密码密码密码";
    assert_int_equal(strlen(ten), 30);
    assert_null(pw_problem(ten, 10));
    /* Nine are too few even though they are 27 bytes: characters count, not bytes. */
    assert_non_null(pw_problem("密码密码密码密码密", 10));
    /* Four-byte characters count once too. */
    assert_null(pw_problem("😀😀😀😀😀😀😀😀😀😀", 10));
    assert_non_null(pw_problem("😀😀😀😀😀😀😀😀😀", 10));
    /* The configured minimum is the one applied. */
    assert_non_null(pw_problem("1234567890a", 12));
    assert_null(pw_problem("1234567890ab", 12));
}

static void test_password_max_bytes(void **state)
{
    char pw[PASSWORD_MAX_BYTES + 2];
    memset(pw, 'a', PASSWORD_MAX_BYTES);
    pw[PASSWORD_MAX_BYTES] = '\0';
    assert_null(pw_problem(pw, 10));
    pw[PASSWORD_MAX_BYTES] = 'a';
    pw[PASSWORD_MAX_BYTES + 1] = '\0';
    assert_non_null(pw_problem(pw, 10));

    /* 86 three-byte characters: 86 characters but 258 bytes. */
    char cjk[86 * 3 + 1];
    for (int i = 0; i < 86; i++)
        memcpy(cjk + 3 * i, "码", 3);
    cjk[86 * 3] = '\0';
    assert_non_null(pw_problem(cjk, 10));
    cjk[85 * 3] = '\0'; /* 255 bytes */
    assert_null(pw_problem(cjk, 10));
}

static void test_password_encoding(void **state)
{
    static const char *const bad[] = {
        "abcdefghij\xff",     /* never valid in UTF-8 */
        "abcdefghij\x80",     /* a lone continuation byte */
        "abcdefghij\xe5\xaf", /* a truncated sequence */
        "abcdefghij\xe5"
        "abc",                            /* a lead byte without continuations */
        "abcdefghij\xc0\xaf",             /* overlong '/' */
        "abcdefghij\xc1\xbf",             /* overlong, two bytes */
        "abcdefghij\xe0\x80\xaf",         /* overlong '/', three bytes */
        "abcdefghij\xf0\x82\x82\xac",     /* overlong U+20AC, four bytes */
        "abcdefghij\xed\xa0\x80",         /* a UTF-16 surrogate */
        "abcdefghij\xf4\x90\x80\x80",     /* past U+10FFFF */
        "abcdefghij\xf8\x88\x80\x80\x80", /* five-byte form */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_non_null(pw_problem(bad[i], 10));
    /* The edges that are valid. */
    assert_null(pw_problem("abcdefghij\xdf\xbf", 10));         /* U+07FF */
    assert_null(pw_problem("abcdefghij\xef\xbf\xbd", 10));     /* U+FFFD */
    assert_null(pw_problem("abcdefghij\xf4\x8f\xbf\xbf", 10)); /* U+10FFFF */
}

static void test_password_control_chars(void **state)
{
    static const char *const bad[] = {
        "abcdefghij\n",
        "abcde\tfghij",
        "\x01"
        "abcdefghij",
        "abcdefghij\x1f",
        "abcdefghij\x7f",
        "abcdefghij\r",
        /* C1 controls, U+0080 to U+009F, are control characters too. */
        "abcdefghij\xc2\x80",
        "abcdefghij\xc2\x85",
        "abcdefghij\xc2\x9f",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_non_null(pw_problem(bad[i], 10));
    /* Space and the first printable characters after the C1 range are fine. */
    assert_null(pw_problem("abcde fghij", 10));
    assert_null(pw_problem("abcdefghij\xc2\xa0", 10)); /* U+00A0 */
    assert_null(pw_problem("abcdefghij\xc3\xa9", 10)); /* é */
}

/* The message names the configured minimum, whatever it is. */
static void test_password_message_names_minimum(void **state)
{
    const char *msg = pw_problem("short", 12);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "12"));
    msg = pw_problem("short", 17);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "17"));
    assert_null(strstr(msg, "12"));
}

/* A message never runs past the caller's buffer. */
static void test_password_message_truncated(void **state)
{
    char small[8];
    memset(small, 'Z', sizeof(small));
    const char *msg = rules_password_problem("short", 10, small, sizeof(small));
    assert_ptr_equal(msg, small);
    assert_true(strlen(small) < sizeof(small));
}

static void test_display_name(void **state)
{
    assert_null(rules_display_name_problem("张三"));
    assert_null(rules_display_name_problem("Zhang San"));
    assert_null(rules_display_name_problem("x"));
    assert_non_null(rules_display_name_problem(""));
    char name[DISPLAY_NAME_MAX_BYTES + 2];
    memset(name, 'n', DISPLAY_NAME_MAX_BYTES);
    name[DISPLAY_NAME_MAX_BYTES] = '\0';
    assert_null(rules_display_name_problem(name));
    name[DISPLAY_NAME_MAX_BYTES] = 'n';
    name[DISPLAY_NAME_MAX_BYTES + 1] = '\0';
    assert_non_null(rules_display_name_problem(name));
    assert_non_null(rules_display_name_problem("张\xff三"));
    assert_non_null(rules_display_name_problem("\xc0\xaf"));
    assert_non_null(rules_display_name_problem("张三\n"));
    assert_non_null(rules_display_name_problem("张\x7f三"));
    assert_non_null(rules_display_name_problem("张三\xc2\x85"));
}

static void test_utf8_chars(void **state)
{
    assert_int_equal(rules_utf8_chars(""), 0);
    assert_int_equal(rules_utf8_chars("abc"), 3);
    assert_int_equal(rules_utf8_chars("密码"), 2);
    assert_int_equal(rules_utf8_chars("a\xc3\xa9😀"), 3);
    assert_int_equal(rules_utf8_chars("\xe5\xaf"), -1);
    assert_int_equal(rules_utf8_chars("\xc0\x80"), -1);
}

static void test_code_level(void **state)
{
    assert_int_equal(rules_code_level("140000000000"), ORG_PROVINCE);
    assert_int_equal(rules_code_level("140100000000"), ORG_CITY);
    assert_int_equal(rules_code_level("140105000000"), ORG_COUNTY);
    assert_int_equal(rules_code_level("140105001000"), ORG_TOWNSHIP);
    assert_int_equal(rules_code_level("140105001001"), ORG_VILLAGE);
    /* Zeros inside a segment do not change the level. */
    assert_int_equal(rules_code_level("110000000000"), ORG_PROVINCE);
    assert_int_equal(rules_code_level("141000000000"), ORG_CITY);
    assert_int_equal(rules_code_level("140110000000"), ORG_COUNTY);
    assert_int_equal(rules_code_level("140105100000"), ORG_TOWNSHIP);
    assert_int_equal(rules_code_level("140105010000"), ORG_TOWNSHIP);
    assert_int_equal(rules_code_level("140105001200"), ORG_VILLAGE);
    assert_int_equal(rules_code_level("140105001010"), ORG_VILLAGE);

    static const char *const bad[] = {
        "14010500100",
        "1401050010010",
        "14010500100a",
        "abcdefghijkl",
        "",
        "1401050010 1",
        "-14010500100",
        "140105001001\n",
        "１４０１０５００１００１",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(rules_code_level(bad[i]), -1);
    assert_int_equal(rules_code_level(NULL), -1);
}

static void test_role_name(void **state)
{
    (void)state;
    /* Every role bit has a name, and the name has that bit. */
    for (unsigned bit = 1; bit <= ROLES_ALL; bit <<= 1) {
        const char *name = rules_role_name(bit);
        assert_non_null(name);
        assert_int_equal(rules_role_bit(name), bit);
    }
    assert_string_equal(rules_role_name(ROLE_COUNTY_OFFICE), "county_office");
    assert_string_equal(rules_role_name(ROLE_EXPORTER), "exporter");
    assert_null(rules_role_name(0));
    assert_null(rules_role_name(ROLE_CADRE | ROLE_TEAM_CAPTAIN)); /* two roles */
    assert_null(rules_role_name(ROLES_ALL + 1));                  /* no such role */
}

static void test_role_level(void **state)
{
    static const struct {
        const char *role;
        int level;
    } roles[] = {
        {"province_office", ORG_PROVINCE},
        {"city_office", ORG_CITY},
        {"county_office", ORG_COUNTY},
        {"county_captain", ORG_COUNTY},
        {"township", ORG_TOWNSHIP},
        {"team_captain", ORG_VILLAGE},
        {"cadre", ORG_VILLAGE},
        {"unit_admin", ORG_ANY},
        {"inspector", ORG_ANY},
        {"exporter", ORG_ANY},
    };
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        assert_int_equal(rules_role_level(roles[i].role), roles[i].level);
    static const char *const unknown[] = {
        "", "admin", "Cadre", "cadre ", " cadre", "cadres", "province", "village", "root",
    };
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        assert_int_equal(rules_role_level(unknown[i]), -1);
}

static void test_level_name(void **state)
{
    assert_string_equal(rules_level_name(ORG_ANY), "any");
    assert_string_equal(rules_level_name(ORG_PROVINCE), "province");
    assert_string_equal(rules_level_name(ORG_CITY), "city");
    assert_string_equal(rules_level_name(ORG_COUNTY), "county");
    assert_string_equal(rules_level_name(ORG_TOWNSHIP), "township");
    assert_string_equal(rules_level_name(ORG_VILLAGE), "village");
    assert_string_equal(rules_level_name(6), "unknown");
    assert_string_equal(rules_level_name(-1), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_username_accepted),
        cmocka_unit_test(test_username_refused),
        cmocka_unit_test(test_password_length),
        cmocka_unit_test(test_password_max_bytes),
        cmocka_unit_test(test_password_encoding),
        cmocka_unit_test(test_password_control_chars),
        cmocka_unit_test(test_password_message_names_minimum),
        cmocka_unit_test(test_password_message_truncated),
        cmocka_unit_test(test_display_name),
        cmocka_unit_test(test_utf8_chars),
        cmocka_unit_test(test_code_level),
        cmocka_unit_test(test_role_name),
        cmocka_unit_test(test_role_level),
        cmocka_unit_test(test_level_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
