/* test_rules_instant.c -- points in time typed by people (common/rules/instant.c): forms,
 * offsets, the Asia/Shanghai default and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "common/rules/instant.h"

#define T0 1772323200LL /* 2026-03-01 00:00:00 UTC */

static long long parse(const char *s)
{
    long long t = 0;
    if (rules_instant_parse(s, &t) != 0)
        fail_msg("%s did not parse", s);
    return t;
}

static void test_forms(void **state)
{
    (void)state;
    assert_int_equal(parse("2026-03-01"), (T0 - 8 * 3600) * 1000000LL);
    assert_int_equal(parse("2026-03-01 08:00"), T0 * 1000000LL);
    assert_int_equal(parse("2026-03-01T08:00:00"), T0 * 1000000LL);
    assert_int_equal(parse("2026-03-01T00:00:00Z"), T0 * 1000000LL);
    assert_int_equal(parse("2026-03-01T00:00:00.5Z"), T0 * 1000000LL + 500000);
    assert_int_equal(parse("2026-03-01 00:00:00.000001+00"), T0 * 1000000LL + 1);
    assert_int_equal(parse("2026-03-01T09:30:00+09:30"), T0 * 1000000LL);
    assert_int_equal(parse("2026-02-28T19:00:00-0500"), T0 * 1000000LL);
}

static void test_malformed(void **state)
{
    (void)state;
    static const char *bad[] = {
        "",
        "2026-3-01",
        "2026-02-30",
        "2026-03-01 8:00",
        "2026-03-01 24:00",
        "2026-03-01 08:60",
        "2026-03-01 08:00:",
        "2026-03-01 08:00:00.",
        "2026-03-01 08:00:00.1234567",
        "2026-03-01 08:00 UTC",
        "2026-03-01+8",
        "yesterday",
        "2026-03-01 08:00+15",
        /* dates in their own offset, outside 1900-2999 in Beijing (which a date cannot be) */
        "1900-01-01+13",
        "1900-01-01 00:30+09:00",
        "2999-12-31 20:00-04",
    };
    long long t;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (rules_instant_parse(bad[i], &t) == 0)
            fail_msg("%s parsed", bad[i]);
}

static void test_edges_of_the_years(void **state)
{
    (void)state;
    long long t;
    char out[64];
    /* the first and last Beijing instants of the years dates have, from other offsets */
    assert_int_equal(rules_instant_parse("1900-01-01 08:00+08", &t), 0);
    assert_int_equal(rules_instant_parse("1900-01-01 00:00+00", &t), 0);
    assert_string_equal(rules_instant_format(t, INSTANT_RFC3339, out), "1900-01-01T08:00:00+08:00");
    assert_int_equal(rules_instant_parse("2999-12-31 15:59:59+00", &t), 0);
    assert_string_equal(rules_instant_format(t, INSTANT_RFC3339, out), "2999-12-31T23:59:59+08:00");
}

static void test_format_round_trip(void **state)
{
    (void)state;
    char out[64];
    rules_instant_format_utc(T0 * 1000000LL + 42, out);
    assert_string_equal(out, "2026-03-01 00:00:00.000042+00");
    assert_int_equal(parse(out), T0 * 1000000LL + 42);
    rules_instant_format_utc(-1, out);
    assert_string_equal(out, "1969-12-31 23:59:59.999999+00");
}

/* Every instant shown is Beijing time, whatever the zone it came in (issue 11, defect 5). */
static void test_beijing_time(void **state)
{
    (void)state;
    char out[INSTANT_TEXT_MAX];
    assert_string_equal(rules_instant_restyle("2026-12-06T21:24:04Z", INSTANT_MINUTES, out),
                        "2026-12-07 05:24");
    assert_string_equal(rules_instant_restyle("2026-12-06T21:24:04Z", INSTANT_SECONDS, out),
                        "2026-12-07 05:24:04");
    assert_string_equal(rules_instant_restyle("2026-12-06T21:24:04Z", INSTANT_RFC3339, out),
                        "2026-12-07T05:24:04+08:00");
    assert_string_equal(rules_instant_restyle("2026-12-06T21:24:04.000250Z", INSTANT_RFC3339, out),
                        "2026-12-07T05:24:04.000250+08:00");
    /* already Beijing time, or another zone */
    assert_string_equal(rules_instant_restyle("2026-12-07T05:24:04+08:00", INSTANT_MINUTES, out),
                        "2026-12-07 05:24");
    assert_string_equal(rules_instant_restyle("2026-12-31T20:00:00-05:00", INSTANT_MINUTES, out),
                        "2027-01-01 09:00");
    /* nothing, and what is not an instant, pass through */
    assert_string_equal(rules_instant_restyle("", INSTANT_MINUTES, out), "");
    assert_string_equal(rules_instant_restyle("soon", INSTANT_RFC3339, out), "soon");
    /* from Unix time: 1970-01-01 00:00 UTC is 08:00 in Beijing; before 1970 too */
    assert_string_equal(rules_instant_format(0, INSTANT_SECONDS, out), "1970-01-01 08:00:00");
    assert_string_equal(rules_instant_format(-1, INSTANT_RFC3339, out),
                        "1970-01-01T07:59:59.999999+08:00");
    /* the round trip of --json: what is printed is read back as the same instant */
    long long t;
    assert_int_equal(rules_instant_parse("2026-12-07T05:24:04.000250+08:00", &t), 0);
    assert_string_equal(rules_instant_format(t, INSTANT_RFC3339, out),
                        "2026-12-07T05:24:04.000250+08:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_edges_of_the_years),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_beijing_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
