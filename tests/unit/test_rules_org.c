/* test_rules_org.c -- division codes, levels, names, locations, geofences and tags
 * (common/rules/org.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/org.h"

static void test_prefix_len(void **state)
{
    assert_int_equal(rules_code_prefix_len(ORG_PROVINCE), 2);
    assert_int_equal(rules_code_prefix_len(ORG_CITY), 4);
    assert_int_equal(rules_code_prefix_len(ORG_COUNTY), 6);
    assert_int_equal(rules_code_prefix_len(ORG_TOWNSHIP), 9);
    assert_int_equal(rules_code_prefix_len(ORG_VILLAGE), 12);
    assert_int_equal(rules_code_prefix_len(ORG_ANY), 0);
    assert_int_equal(rules_code_prefix_len(6), 0);
    assert_int_equal(rules_code_prefix_len(-1), 0);
    assert_int_equal(rules_code_prefix_len(INT_MAX), 0);
    assert_int_equal(rules_code_prefix_len(INT_MIN), 0);
}

/* Runs rules_code_parent on code and checks it gives want_level and, when that is not -1,
 * want_parent. */
static void check_parent(const char *code, int want_level, const char *want_parent)
{
    char parent[ORG_CODE_LEN + 1];
    memset(parent, 'X', sizeof(parent));
    int level = rules_code_parent(code, parent);
    assert_int_equal(level, want_level);
    if (want_level >= 0) {
        assert_string_equal(parent, want_parent);
        assert_int_equal(rules_code_level(parent), want_level);
    }
}

static void test_parent_chain(void **state)
{
    check_parent("140105001001", ORG_TOWNSHIP, "140105001000");
    check_parent("140105001000", ORG_COUNTY, "140105000000");
    check_parent("140105000000", ORG_CITY, "140100000000");
    check_parent("140100000000", ORG_PROVINCE, "140000000000");
    check_parent("140000000000", -1, NULL);
    check_parent("110000000000", -1, NULL);
    /* Zeros inside a segment are part of it, not the end of the code. */
    check_parent("141000000000", ORG_PROVINCE, "140000000000");
    check_parent("140110000000", ORG_CITY, "140100000000");
    check_parent("140105100000", ORG_COUNTY, "140105000000");
    check_parent("140105010200", ORG_TOWNSHIP, "140105010000");
    check_parent("140105001010", ORG_TOWNSHIP, "140105001000");
}

static void test_parent_malformed(void **state)
{
    static const char *const bad[] = {
        "140000000001", /* a village straight under a province */
        "140100000001", /* a village straight under a city */
        "140105000001", /* a village straight under a county */
        "140000001000", /* a township under a province */
        "140100001000", /* a township under a city */
        "140001000000", /* a county under a province */
        "140005001001", /* a village whose city segment is zero */
        "000105001001", /* a village whose province segment is zero */
        "001000000000", /* a city whose province segment is zero */
        "14010500100",  /* 11 digits */
        "1401050010010", "14010500100a", "",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        check_parent(bad[i], -1, NULL);
    check_parent(NULL, -1, NULL);
}

static void test_within(void **state)
{
    /* The same code, at every level. */
    assert_int_equal(rules_code_within("140000000000", "140000000000"), 1);
    assert_int_equal(rules_code_within("140100000000", "140100000000"), 1);
    assert_int_equal(rules_code_within("140105000000", "140105000000"), 1);
    assert_int_equal(rules_code_within("140105001000", "140105001000"), 1);
    assert_int_equal(rules_code_within("140105001001", "140105001001"), 1);
    /* Children. */
    assert_int_equal(rules_code_within("140105001001", "140105001000"), 1);
    assert_int_equal(rules_code_within("140105001000", "140105000000"), 1);
    assert_int_equal(rules_code_within("140100000000", "140000000000"), 1);
    /* Grandchildren and further down. */
    assert_int_equal(rules_code_within("140105001001", "140105000000"), 1);
    assert_int_equal(rules_code_within("140105001001", "140100000000"), 1);
    assert_int_equal(rules_code_within("140105001001", "140000000000"), 1);
    assert_int_equal(rules_code_within("140105001000", "140000000000"), 1);
}

static void test_not_within(void **state)
{
    /* Siblings at every level. */
    assert_int_equal(rules_code_within("140105001002", "140105001001"), 0);
    assert_int_equal(rules_code_within("140105002000", "140105001000"), 0);
    assert_int_equal(rules_code_within("140106000000", "140105000000"), 0);
    assert_int_equal(rules_code_within("140200000000", "140100000000"), 0);
    assert_int_equal(rules_code_within("130000000000", "140000000000"), 0);
    /* A cousin: another county's village with the same township and village numbers. */
    assert_int_equal(rules_code_within("140106001001", "140105000000"), 0);
    /* A parent or grandparent is not within its child. */
    assert_int_equal(rules_code_within("140105001000", "140105001001"), 0);
    assert_int_equal(rules_code_within("140105000000", "140105001000"), 0);
    assert_int_equal(rules_code_within("140000000000", "140105001001"), 0);
    assert_int_equal(rules_code_within("140100000000", "140105000000"), 0);
}

static void test_within_malformed(void **state)
{
    static const char *const bad[] = {
        "14010500100",   "1401050010010", "14010500100a", "",
        "140105001001 ", "140000000001", /* zero segments above a village */
        "140100000001",  "140005001001",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(rules_code_within(bad[i], "140000000000"), 0);
        assert_int_equal(rules_code_within(bad[i], bad[i]), 0);
        assert_int_equal(rules_code_within("140105001001", bad[i]), 0);
    }
    assert_int_equal(rules_code_within(NULL, "140000000000"), 0);
    assert_int_equal(rules_code_within("140105001001", NULL), 0);
    assert_int_equal(rules_code_within(NULL, NULL), 0);
}

static void test_level_parse(void **state)
{
    assert_int_equal(rules_level_parse("province"), ORG_PROVINCE);
    assert_int_equal(rules_level_parse("city"), ORG_CITY);
    assert_int_equal(rules_level_parse("county"), ORG_COUNTY);
    assert_int_equal(rules_level_parse("township"), ORG_TOWNSHIP);
    assert_int_equal(rules_level_parse("village"), ORG_VILLAGE);
    static const char *const bad[] = {
        "", "any", "Province", "VILLAGE", "village ", " city", "villages", "town", "省",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(rules_level_parse(bad[i]), -1);
}

static void test_org_name(void **state)
{
    assert_null(rules_org_name_problem("小店区"));
    assert_null(rules_org_name_problem("太原市小店区北格镇张花村"));
    assert_null(rules_org_name_problem("x"));
    assert_null(rules_org_name_problem("Team 3 (east)"));
    assert_non_null(rules_org_name_problem(""));

    char name[ORG_NAME_MAX_BYTES + 2];
    memset(name, 'n', ORG_NAME_MAX_BYTES);
    name[ORG_NAME_MAX_BYTES] = '\0';
    assert_null(rules_org_name_problem(name));
    name[ORG_NAME_MAX_BYTES] = 'n';
    name[ORG_NAME_MAX_BYTES + 1] = '\0';
    assert_non_null(rules_org_name_problem(name));

    /* Bytes count, not characters: 33 Chinese characters are 99 bytes, 34 are 102. */
    char cjk[34 * 3 + 1];
    for (int i = 0; i < 34; i++)
        memcpy(cjk + 3 * i, "村", 3);
    cjk[34 * 3] = '\0';
    assert_non_null(rules_org_name_problem(cjk));
    cjk[33 * 3] = '\0';
    assert_null(rules_org_name_problem(cjk));
}

static void test_org_name_refused(void **state)
{
    static const char *const bad[] = {
        "张花\n村",     "张花村\t", "\x01张花村",     "张花\x1f村",
        "张花\x7f村",   "张花村\r", "张花村\xc2\x85", /* NEL, a C1 control */
        "张花\xff村",                                 /* never valid in UTF-8 */
        "张花\xe6\x9d",                               /* a truncated sequence */
        "\xc0\xaf",                                   /* overlong '/' */
        "\xed\xa0\x80",                               /* a UTF-16 surrogate */
        "\x80",                                       /* a lone continuation byte */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *msg = rules_org_name_problem(bad[i]);
        assert_non_null(msg);
        assert_true(strlen(msg) > 0);
    }
}

static void test_location(void **state)
{
    assert_null(rules_location_problem(37.87, 112.55)); /* Taiyuan */
    assert_null(rules_location_problem(-33.87, 151.21));
    assert_null(rules_location_problem(90, 180));
    assert_null(rules_location_problem(-90, -180));
    /* One coordinate zero is a real place; only both together are refused. */
    assert_null(rules_location_problem(0, 112.55));
    assert_null(rules_location_problem(37.87, 0));

    assert_non_null(rules_location_problem(0, 0));
    assert_non_null(rules_location_problem(-0.0, -0.0));
    assert_non_null(rules_location_problem(NAN, 112.55));
    assert_non_null(rules_location_problem(37.87, NAN));
    assert_non_null(rules_location_problem(INFINITY, 112.55));
    assert_non_null(rules_location_problem(37.87, -INFINITY));
    assert_non_null(rules_location_problem(90.0001, 112.55));
    assert_non_null(rules_location_problem(-90.0001, 112.55));
    assert_non_null(rules_location_problem(37.87, 180.0001));
    assert_non_null(rules_location_problem(37.87, -180.0001));
    /* Swapped coordinates: longitude 112 is no latitude. */
    assert_non_null(rules_location_problem(112.55, 37.87));
}

static void test_geofence(void **state)
{
    assert_non_null(rules_geofence_problem(0));
    assert_non_null(rules_geofence_problem(GEOFENCE_MIN_M - 1));
    assert_null(rules_geofence_problem(GEOFENCE_MIN_M));
    assert_null(rules_geofence_problem(GEOFENCE_DEFAULT_M));
    assert_null(rules_geofence_problem(GEOFENCE_MAX_M));
    assert_non_null(rules_geofence_problem(GEOFENCE_MAX_M + 1));
    assert_non_null(rules_geofence_problem(UINT_MAX));
    /* The numbers of SPEC O6, in case the macros drift. */
    assert_non_null(rules_geofence_problem(49));
    assert_null(rules_geofence_problem(50));
    assert_null(rules_geofence_problem(20000));
    assert_non_null(rules_geofence_problem(20001));
}

static void test_org_tag(void **state)
{
    assert_null(rules_org_tag_problem("乡村振兴示范村"));
    assert_null(rules_org_tag_problem("乡村旅游振兴示范村"));
    assert_null(rules_org_tag_problem("数字乡村示范村"));
    assert_null(rules_org_tag_problem("特色产业示范基地"));
    static const char *const bad[] = {
        "",
        "示范村",
        "乡村振兴示范村 ",
        " 数字乡村示范村",
        "特色产业示范",
        "美丽乡村示范村",
        "数字乡村示范村数字乡村示范村",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *msg = rules_org_tag_problem(bad[i]);
        assert_non_null(msg);
        assert_true(strlen(msg) > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_len),       cmocka_unit_test(test_parent_chain),
        cmocka_unit_test(test_parent_malformed), cmocka_unit_test(test_within),
        cmocka_unit_test(test_not_within),       cmocka_unit_test(test_within_malformed),
        cmocka_unit_test(test_level_parse),      cmocka_unit_test(test_org_name),
        cmocka_unit_test(test_org_name_refused), cmocka_unit_test(test_location),
        cmocka_unit_test(test_geofence),         cmocka_unit_test(test_org_tag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
