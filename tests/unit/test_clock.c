/* test_clock.c -- the one clock (common/clock.c): pinned in a test build, never in another.
 * Built twice: unit_clock with the tree's flags, and unit_clock_production as a production
 * build of clock.c (tests/CMakeLists.txt), which must refuse every way of moving it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "common/clock.h"
#include "common/rules/date.h"

static void test_real_clock_by_default(void **state)
{
    (void)state;
    unsetenv("ZHUCUN_CLOCK_OFFSET");
    assert_int_equal(zc_clock_from_env(), 0);
    int64_t t = (int64_t)time(NULL);
    assert_true(llabs(zc_clock_now() - t) <= 1);
    assert_true(llabs(zc_clock_now_us() / 1000000 - t) <= 1);
    assert_int_equal(zc_clock_today(), rules_shanghai_day(zc_clock_now()));
}

/* 2028-02-29 00:30 in Beijing is 2028-02-28 16:30 UTC: today is the 29th. */
static void test_pinned_in_a_test_build_only(void **state)
{
    (void)state;
    int ok;
    int64_t target = (int64_t)rules_date_days("2028-02-28", &ok) * 86400 + 16 * 3600 + 30 * 60;
    int64_t offset = target - (int64_t)time(NULL);
    if (zc_clock_pinnable()) {
        assert_int_equal(zc_clock_set_offset(offset), 0);
        assert_int_equal(zc_clock_offset(), offset);
        assert_int_equal(zc_clock_today(), rules_date_days("2028-02-29", &ok));
        assert_int_equal(zc_clock_set_offset(0), 0);
    } else {
        assert_int_equal(zc_clock_set_offset(offset), -1);
        assert_int_equal(zc_clock_offset(), 0);
        assert_int_equal(zc_clock_today(), rules_shanghai_day(time(NULL)));
    }
}

static void test_from_env(void **state)
{
    (void)state;
    setenv("ZHUCUN_CLOCK_OFFSET", "86400", 1);
    int rc = zc_clock_from_env();
    if (zc_clock_pinnable()) {
        assert_int_equal(rc, 0);
        assert_int_equal(zc_clock_offset(), 86400);
        assert_int_equal(zc_clock_today(), rules_shanghai_day(time(NULL) + 86400));
        setenv("ZHUCUN_CLOCK_OFFSET", "12x", 1);
        assert_int_equal(zc_clock_from_env(), -1); /* not a number: refused, unchanged */
        assert_int_equal(zc_clock_offset(), 86400);
        zc_clock_set_offset(0);
    } else {
        /* a production build refuses to start with it set, and its clock stays real */
        assert_int_equal(rc, -1);
        assert_int_equal(zc_clock_offset(), 0);
    }
    unsetenv("ZHUCUN_CLOCK_OFFSET");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_clock_by_default),
        cmocka_unit_test(test_pinned_in_a_test_build_only),
        cmocka_unit_test(test_from_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
