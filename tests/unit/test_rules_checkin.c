/* test_rules_checkin.c -- haversine distances against independent references, check-in input
 * checks, and each suspicion flag at and just past its limit (common/rules/checkin.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>

#include <cmocka.h>

#include "common/rules/checkin.h"

/* Metres to degrees of latitude along a meridian of the EARTH_RADIUS_M sphere, computed
 * independently as 180 / (pi * 6371008.8) with 50-digit arithmetic (mpmath). */
#define M_TO_DEG_LAT 8.9932036372453795507e-6

/* A village near Taiyuan. */
#define VLAT 37.8706
#define VLON 112.5489

#define T0 1795966200LL /* 2026-11-29 15:30:00 UTC */

static void assert_near(double got, double want, double tolerance)
{
    if (!(fabs(got - want) <= tolerance))
        fail_msg("got %.6f, want %.6f (+/- %g)", got, want, tolerance);
}

/* The references are the great-circle distances on the same sphere computed a different
 * way (atan2 of the cross and dot products of unit vectors) with 50-digit arithmetic. */
static void test_distance_known(void **state)
{
    (void)state;
    /* Taiyuan to Beijing */
    assert_near(rules_distance_m(37.8706, 112.5489, 39.9042, 116.4074), 403252.06871994, 0.001);
    assert_near(rules_distance_m(39.9042, 116.4074, 37.8706, 112.5489), 403252.06871994, 0.001);
    /* one degree of the equator: pi * R / 180 */
    assert_near(rules_distance_m(0, 0, 0, 1), 111195.08023353, 0.001);
    assert_near(rules_distance_m(0, 0, 1, 0), 111195.08023353, 0.001);
}

static void test_distance_zero(void **state)
{
    (void)state;
    assert_true(rules_distance_m(VLAT, VLON, VLAT, VLON) == 0.0);
    assert_true(rules_distance_m(0, 0, 0, 0) == 0.0);
    assert_true(rules_distance_m(-33.5, -70.25, -33.5, -70.25) == 0.0);
    /* 180 and -180 are the same meridian */
    assert_near(rules_distance_m(10, 180, 10, -180), 0.0, 1e-6);
}

static void test_distance_antimeridian(void **state)
{
    (void)state;
    /* 0.2 degrees apart across the antimeridian, not 359.8 */
    assert_near(rules_distance_m(0, 179.9, 0, -179.9), 22239.01604671, 0.001);
    assert_near(rules_distance_m(0, -179.9, 0, 179.9), 22239.01604671, 0.001);
    assert_near(rules_distance_m(65, 179.5, 65.5, -179.5), 72512.10928659, 0.001);
}

static void test_distance_poles(void **state)
{
    (void)state;
    /* half the circumference: pi * R */
    assert_near(rules_distance_m(90, 0, -90, 0), 20015114.44203592, 0.001);
    /* every longitude meets at a pole */
    assert_near(rules_distance_m(90, 0, 90, 123), 0.0, 1e-6);
    assert_near(rules_distance_m(-90, -45, -90, 170), 0.0, 1e-6);
    /* across the pole, not around it */
    assert_near(rules_distance_m(89.9, 0, 89.9, 180), 22239.01604671, 0.001);
    /* antipodes along the equator: rounding must not turn asin into NaN */
    assert_near(rules_distance_m(0, 0, 0, 180), 20015114.44203592, 0.001);
    assert_near(rules_distance_m(0, 90, 0, -90), 20015114.44203592, 0.001);
}

static void test_problem(void **state)
{
    (void)state;
    assert_null(rules_checkin_problem(VLAT, VLON, 12.5));
    assert_null(rules_checkin_problem(90, 180, 1));
    assert_null(rules_checkin_problem(-90, -180, 1));
    assert_null(rules_checkin_problem(0, 0, 0.001));
    assert_null(rules_checkin_problem(VLAT, VLON, 5000)); /* poor, but flagged, not refused */

    assert_non_null(rules_checkin_problem(90.000001, 0, 1));
    assert_non_null(rules_checkin_problem(-90.000001, 0, 1));
    assert_non_null(rules_checkin_problem(0, 180.000001, 1));
    assert_non_null(rules_checkin_problem(0, -180.000001, 1));
    assert_non_null(rules_checkin_problem(VLAT, VLON, 0));
    assert_non_null(rules_checkin_problem(VLAT, VLON, -0.0));
    assert_non_null(rules_checkin_problem(VLAT, VLON, -5));
    assert_non_null(rules_checkin_problem(NAN, VLON, 10));
    assert_non_null(rules_checkin_problem(VLAT, NAN, 10));
    assert_non_null(rules_checkin_problem(VLAT, VLON, NAN));
    assert_non_null(rules_checkin_problem(INFINITY, VLON, 10));
    assert_non_null(rules_checkin_problem(VLAT, -INFINITY, 10));
    assert_non_null(rules_checkin_problem(VLAT, VLON, INFINITY));
}

/* A clean check-in at the village centre, on time. */
static struct checkin at_village(void)
{
    struct checkin c = {T0, T0, VLAT, VLON, 15.0, 0, 0};
    return c;
}

static const struct geofence fence = {VLAT, VLON, 0};

static void test_clean_checkin_is_valid(void **state)
{
    (void)state;
    struct checkin c = at_village();
    struct checkin_fix prev = {T0 - 3600, VLAT, VLON, 1};
    unsigned f = rules_checkin_flags(&c, &fence, &prev, NULL);
    assert_int_equal(f, 0);
    assert_true(rules_checkin_valid(f));
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
}

static void test_fence_boundary(void **state)
{
    (void)state;
    struct checkin c = at_village();
    /* exactly 1,000 m (the default radius) north is on the fence: inside */
    c.lat = VLAT + 1000.0 * M_TO_DEG_LAT;
    assert_near(rules_distance_m(VLAT, VLON, c.lat, c.lon), 1000.0, 1e-6);
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.lat = VLAT - 1000.0 * M_TO_DEG_LAT; /* and south */
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.lat = VLAT + 999.999 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    /* one millimetre more is outside */
    c.lat = VLAT + 1000.001 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_OUTSIDE_FENCE);
    c.lat = VLAT - 1000.001 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_OUTSIDE_FENCE);
    assert_false(rules_checkin_valid(CHECKIN_OUTSIDE_FENCE));
    /* far away: Beijing */
    c.lat = 39.9042;
    c.lon = 116.4074;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_OUTSIDE_FENCE);
}

static void test_fence_radius_per_village(void **state)
{
    (void)state;
    struct geofence small = {VLAT, VLON, 300};
    struct geofence large = {VLAT, VLON, 5000};
    struct checkin c = at_village();
    c.lat = VLAT + 300.0 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &small, NULL, NULL), 0);
    c.lat = VLAT + 300.001 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &small, NULL, NULL), CHECKIN_OUTSIDE_FENCE);
    c.lat = VLAT + 4000.0 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_OUTSIDE_FENCE);
    assert_int_equal(rules_checkin_flags(&c, &large, NULL, NULL), 0);
    c.lat = VLAT + 5000.0 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &large, NULL, NULL), 0);
    c.lat = VLAT + 5000.001 * M_TO_DEG_LAT;
    assert_int_equal(rules_checkin_flags(&c, &large, NULL, NULL), CHECKIN_OUTSIDE_FENCE);
}

static void test_fence_across_antimeridian(void **state)
{
    (void)state;
    /* a fence centred just west of the antimeridian holds points just east of it */
    struct geofence f = {0, 179.999, 1000};
    struct checkin c = at_village();
    c.lat = 0;
    c.lon = -179.9995; /* 0.0015 degrees = 166.8 m away */
    assert_int_equal(rules_checkin_flags(&c, &f, NULL, NULL), 0);
    c.lon = -179.99; /* 0.011 degrees = 1,223 m away */
    assert_int_equal(rules_checkin_flags(&c, &f, NULL, NULL), CHECKIN_OUTSIDE_FENCE);
}

static void test_accuracy_boundary(void **state)
{
    (void)state;
    struct checkin c = at_village();
    c.accuracy_m = 500.0;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.accuracy_m = 499.999;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.accuracy_m = 500.001;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_POOR_ACCURACY);
    c.accuracy_m = 1500;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_POOR_ACCURACY);
    c.accuracy_m = 0.5;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
}

static void test_mock_location(void **state)
{
    (void)state;
    struct checkin c = at_village();
    c.mock = 1;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_MOCK_LOCATION);
}

/* The TOO_FAST bit for a check-in d metres north of prev, dt seconds after it. */
static unsigned fast_bit(double d, long long dt)
{
    struct checkin c = at_village();
    struct checkin_fix prev = {T0 - dt, VLAT, VLON, 1};
    c.lat = VLAT + d * M_TO_DEG_LAT;
    return rules_checkin_flags(&c, &fence, &prev, NULL) & CHECKIN_TOO_FAST;
}

static void test_speed_boundary(void **state)
{
    (void)state;
    /* 150 km/h exactly: 150 km in an hour, 2.5 km in a minute */
    assert_int_equal(fast_bit(150000.0, 3600), 0);
    assert_int_equal(fast_bit(150000.001, 3600), CHECKIN_TOO_FAST);
    assert_int_equal(fast_bit(2500.0, 60), 0);
    assert_int_equal(fast_bit(2500.001, 60), CHECKIN_TOO_FAST);
    assert_int_equal(fast_bit(2499.0, 60), 0);
    /* Taiyuan to Beijing (403 km) in two hours is 201.6 km/h; in three, 134.4 km/h */
    struct checkin c = at_village();
    struct checkin_fix beijing = {T0 - 7200, 39.9042, 116.4074, 1};
    assert_int_equal(rules_checkin_flags(&c, &fence, &beijing, NULL), CHECKIN_TOO_FAST);
    beijing.time = T0 - 3 * 3600;
    assert_int_equal(rules_checkin_flags(&c, &fence, &beijing, NULL), 0);
    /* long ago: anything is possible */
    beijing.time = -4000000000LL;
    assert_int_equal(rules_checkin_flags(&c, &fence, &beijing, NULL), 0);
}

static void test_speed_same_second(void **state)
{
    (void)state;
    /* the same second counts as one second: 150 km/h is 41.667 m/s */
    assert_int_equal(fast_bit(0.0, 0), 0);
    assert_int_equal(fast_bit(41.666, 0), 0);
    assert_int_equal(fast_bit(41.667, 0), CHECKIN_TOO_FAST);
    assert_int_equal(fast_bit(41.666, 1), 0);
    assert_int_equal(fast_bit(41.667, 1), CHECKIN_TOO_FAST);
    assert_int_equal(fast_bit(83.333, 2), 0);
    assert_int_equal(fast_bit(83.334, 2), CHECKIN_TOO_FAST);
}

static void test_speed_order_and_missing_position(void **state)
{
    (void)state;
    /* the previous check-in stamped later (it should not be, but) gives the same speed */
    assert_int_equal(fast_bit(2500.0, -60), 0);
    assert_int_equal(fast_bit(2500.001, -60), CHECKIN_TOO_FAST);
    /* a previous check-in without a position, or none at all, skips the check */
    struct checkin c = at_village();
    struct checkin_fix prev = {T0 - 1, 39.9042, 116.4074, 0};
    assert_int_equal(rules_checkin_flags(&c, &fence, &prev, NULL), 0);
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
}

static void test_clock_skew_boundary(void **state)
{
    (void)state;
    struct checkin c = at_village();
    c.client_time = T0 + 600;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.client_time = T0 - 600;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.client_time = T0 + 601;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_CLOCK_SKEW);
    c.client_time = T0 - 601;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_CLOCK_SKEW);
    c.client_time = 0; /* a device clock reset to 1970 */
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_CLOCK_SKEW);
    /* extreme values do not overflow */
    c.client_time = -9223372036854775807LL - 1;
    c.time = 9223372036854775807LL;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_CLOCK_SKEW);
}

static void test_every_flag_and_limits(void **state)
{
    (void)state;
    struct checkin c = {T0, T0 + 3600, 39.9042, 116.4074, 800.0, 1, 25 * 3600};
    struct checkin_fix prev = {T0 - 60, VLAT, VLON, 1};
    unsigned f = rules_checkin_flags(&c, &fence, &prev, NULL);
    assert_int_equal(f, CHECKIN_FLAGS_ALL);
    assert_false(rules_checkin_valid(f));
    /* the limits are data: looser ones clear what they cover */
    struct checkin_limits loose = {1000, 30000, 7200, 48};
    assert_int_equal(rules_checkin_flags(&c, &fence, &prev, &loose),
                     CHECKIN_OUTSIDE_FENCE | CHECKIN_MOCK_LOCATION);
    /* and an absurd speed limit does not overflow */
    struct checkin_limits huge = {500, 4294967295u, 600, 24};
    prev.time = T0 - 999999999LL;
    assert_int_equal(rules_checkin_flags(&c, &fence, &prev, &huge) & CHECKIN_TOO_FAST, 0);
}

static void test_flag_names(void **state)
{
    (void)state;
    assert_string_equal(rules_checkin_flag_name(CHECKIN_OUTSIDE_FENCE), "outside_fence");
    assert_string_equal(rules_checkin_flag_name(CHECKIN_POOR_ACCURACY), "poor_accuracy");
    assert_string_equal(rules_checkin_flag_name(CHECKIN_MOCK_LOCATION), "mock_location");
    assert_string_equal(rules_checkin_flag_name(CHECKIN_TOO_FAST), "too_fast");
    assert_string_equal(rules_checkin_flag_name(CHECKIN_CLOCK_SKEW), "clock_skew");
    assert_null(rules_checkin_flag_name(0));
    assert_null(rules_checkin_flag_name(CHECKIN_TOO_FAST | CHECKIN_CLOCK_SKEW));
    assert_string_equal(rules_checkin_flag_name(CHECKIN_LATE), "late");
    assert_null(rules_checkin_flag_name(1u << 6));
}

/* A check-in made offline and sent later (issue 24): delayed when its device time is behind
 * the server's receipt by more than the skew tolerance; judged at the device's time; late
 * (flagged, not counted) past the rule's hours, and a county's longer rule takes it in. */
static void test_delayed_and_late(void **state)
{
    (void)state;
    assert_int_equal(rules_checkin_delay_s(T0 - 3 * 3600, T0, NULL), 3 * 3600);
    assert_int_equal(rules_checkin_delay_s(T0 - 600, T0, NULL), 0); /* within the tolerance */
    assert_int_equal(rules_checkin_delay_s(T0 - 601, T0, NULL), 601);
    assert_int_equal(rules_checkin_delay_s(T0 + 3 * 3600, T0, NULL), 0); /* ahead: skew */
    assert_int_equal(rules_checkin_delay_s(T0, T0, NULL), 0);
    /* 30 days behind is still a late check-in; more is a wrong clock (clock_skew) */
    assert_int_equal(rules_checkin_delay_s(T0 - CHECKIN_DELAY_MAX_S, T0, NULL),
                     CHECKIN_DELAY_MAX_S);
    assert_int_equal(rules_checkin_delay_s(T0 - CHECKIN_DELAY_MAX_S - 1, T0, NULL), 0);
    assert_int_equal(rules_checkin_delay_s(0, T0, NULL), 0); /* a clock reset to 1970 */
    struct checkin_limits loose = {500, 150, 7200, 24};
    assert_int_equal(rules_checkin_delay_s(T0 - 3600, T0, &loose), 0);
    /* Judged at the device's time: no skew; late only past the hours, which are strict. */
    struct checkin c = at_village();
    c.time = c.client_time = T0 - 3 * 3600;
    c.delay_s = 3 * 3600;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.delay_s = 24 * 3600;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), 0);
    c.delay_s = 24 * 3600 + 1;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_LATE);
    c.delay_s = 30 * 3600;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, NULL), CHECKIN_LATE);
    struct checkin_limits county = CHECKIN_LIMITS_DEFAULT;
    county.late_max_h = 48;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, &county), 0);
    county.late_max_h = 0; /* a county that counts no late check-in */
    c.delay_s = 601;
    assert_int_equal(rules_checkin_flags(&c, &fence, NULL, &county), CHECKIN_LATE);
    assert_true(CHECKIN_LATE_HOURS_DEFAULT <= CHECKIN_LATE_HOURS_MAX);
}

/* No earlier check-in farther back than crossing half the Earth at the speed limit takes can
 * make one too fast: at the bound, even one at the antipode is not; at half of it, it is. */
static void test_lookback(void **state)
{
    (void)state;
    long long s = rules_checkin_lookback_s(NULL);
    assert_true(s > 480000 && s < 481000); /* 20,015 km at 150 km/h: five and a half days */
    struct checkin_fix prev = {1000000, 0, 0, 1};
    struct geofence far = {0, 180, 0};
    struct checkin c = {1000000 + s, 1000000 + s, 0, 180, 10, 0, 0};
    assert_false(rules_checkin_flags(&c, &far, &prev, NULL) & CHECKIN_TOO_FAST);
    c.time = c.client_time = 1000000 + s / 2;
    assert_true(rules_checkin_flags(&c, &far, &prev, NULL) & CHECKIN_TOO_FAST);
    /* the bound follows the limit */
    struct checkin_limits fast = {500, 300, 600, 24};
    assert_true(rules_checkin_lookback_s(&fast) <= s / 2 + 1);
    assert_int_equal(CHECKIN_NFLAGS, __builtin_popcount(CHECKIN_FLAGS_ALL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance_known),
        cmocka_unit_test(test_delayed_and_late),
        cmocka_unit_test(test_lookback),
        cmocka_unit_test(test_distance_zero),
        cmocka_unit_test(test_distance_antimeridian),
        cmocka_unit_test(test_distance_poles),
        cmocka_unit_test(test_problem),
        cmocka_unit_test(test_clean_checkin_is_valid),
        cmocka_unit_test(test_fence_boundary),
        cmocka_unit_test(test_fence_radius_per_village),
        cmocka_unit_test(test_fence_across_antimeridian),
        cmocka_unit_test(test_accuracy_boundary),
        cmocka_unit_test(test_mock_location),
        cmocka_unit_test(test_speed_boundary),
        cmocka_unit_test(test_speed_same_second),
        cmocka_unit_test(test_speed_order_and_missing_position),
        cmocka_unit_test(test_clock_skew_boundary),
        cmocka_unit_test(test_every_flag_and_limits),
        cmocka_unit_test(test_flag_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
