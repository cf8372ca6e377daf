/* checkin.c -- haversine distance, check-in input checks and suspicion flags. */
#include "common/rules/checkin.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>

#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

/* Beyond this many seconds between two check-ins no distance on Earth is too fast; capping
 * here keeps the integer comparison below far from overflow. */
#define SPEED_DT_CAP_S 1000000000LL

double rules_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    double dlat = (lat2 - lat1) * DEG_TO_RAD;
    double dlon = (lon2 - lon1) * DEG_TO_RAD;
    double s_lat = sin(dlat / 2), s_lon = sin(dlon / 2);
    /* sin^2 has period pi, so a longitude difference of 359.8 degrees gives the same term
     * as one of 0.2: the antimeridian needs no special case. */
    double a = s_lat * s_lat + cos(lat1 * DEG_TO_RAD) * cos(lat2 * DEG_TO_RAD) * s_lon * s_lon;
    /* Rounding can push a just past 1 for antipodal points; asin would return NaN. */
    if (a > 1.0)
        a = 1.0;
    return 2.0 * EARTH_RADIUS_M * asin(sqrt(a));
}

const char *rules_checkin_problem(double lat, double lon, double accuracy_m)
{
    if (!isfinite(lat))
        return "latitude is not a finite number";
    if (!isfinite(lon))
        return "longitude is not a finite number";
    if (!isfinite(accuracy_m))
        return "accuracy is not a finite number";
    if (lat < -90.0 || lat > 90.0)
        return "latitude must be between -90 and 90 degrees";
    if (lon < -180.0 || lon > 180.0)
        return "longitude must be between -180 and 180 degrees";
    if (accuracy_m <= 0.0)
        return "accuracy must be greater than 0 metres";
    return NULL;
}

/* A distance in whole millimetres; a non-finite one (bad input despite the contract) is as
 * far as can be, so it flags rather than passes. */
static long long distance_mm(double metres)
{
    if (!isfinite(metres) || metres > 1e12)
        return 1000000000000000LL;
    return llround(metres * 1000.0);
}

/* |a - b| without signed overflow: the difference of the larger and the smaller, taken as
 * unsigned, is exact. */
static unsigned long long abs_diff(long long a, long long b)
{
    return a >= b ? (unsigned long long)a - (unsigned long long)b
                  : (unsigned long long)b - (unsigned long long)a;
}

static int too_fast(const struct checkin *c, const struct checkin_fix *prev, unsigned max_kmh)
{
    unsigned long long dt = abs_diff(c->time, prev->time);
    if (dt >= (unsigned long long)SPEED_DT_CAP_S)
        return 0;
    if (dt == 0)
        dt = 1;
    long long mm = distance_mm(rules_distance_m(prev->lat, prev->lon, c->lat, c->lon));
    /* speed > max  <=>  mm / dt (mm/s) > max * 1e6 / 3600  <=>  mm * 3600 > max * 1e6 * dt,
     * all in exact integers (at most about 7e13 and 1.5e17 for the SPEC's numbers). */
    if (mm > 1000000000000LL)
        return 1;
    long long per_s = (long long)max_kmh * 1000000LL;
    if (per_s > LLONG_MAX / (long long)dt)
        return 0; /* the allowance overflows, so it exceeds any distance on Earth */
    return mm * 3600LL > per_s * (long long)dt;
}

unsigned rules_checkin_flags(const struct checkin *c, const struct geofence *fence,
                             const struct checkin_fix *prev, const struct checkin_limits *lim)
{
    static const struct checkin_limits defaults = CHECKIN_LIMITS_DEFAULT;
    unsigned flags = 0;
    if (lim == NULL)
        lim = &defaults;

    unsigned radius = fence->radius_m != 0 ? fence->radius_m : GEOFENCE_DEFAULT_M;
    if (distance_mm(rules_distance_m(fence->lat, fence->lon, c->lat, c->lon)) >
        (long long)radius * 1000LL)
        flags |= CHECKIN_OUTSIDE_FENCE;
    /* Written so that NaN accuracy, which the contract excludes, still flags. */
    if (!(c->accuracy_m <= (double)lim->accuracy_max_m))
        flags |= CHECKIN_POOR_ACCURACY;
    if (c->mock)
        flags |= CHECKIN_MOCK_LOCATION;
    if (prev != NULL && prev->has_position && too_fast(c, prev, lim->speed_max_kmh))
        flags |= CHECKIN_TOO_FAST;
    if (abs_diff(c->client_time, c->time) > lim->skew_max_s)
        flags |= CHECKIN_CLOCK_SKEW;
    if (c->delay_s > (long long)lim->late_max_h * 3600LL)
        flags |= CHECKIN_LATE;
    return flags;
}

long long rules_checkin_delay_s(long long client_time, long long received,
                                const struct checkin_limits *lim)
{
    static const struct checkin_limits defaults = CHECKIN_LIMITS_DEFAULT;
    if (lim == NULL)
        lim = &defaults;
    if (client_time >= received || abs_diff(client_time, received) <= lim->skew_max_s ||
        abs_diff(client_time, received) > (unsigned long long)CHECKIN_DELAY_MAX_S)
        return 0;
    return received - client_time;
}

int rules_checkin_valid(unsigned flags)
{
    return flags == 0;
}

const char *rules_checkin_flag_name(unsigned flag)
{
    switch (flag) {
    case CHECKIN_OUTSIDE_FENCE:
        return "outside_fence";
    case CHECKIN_POOR_ACCURACY:
        return "poor_accuracy";
    case CHECKIN_MOCK_LOCATION:
        return "mock_location";
    case CHECKIN_TOO_FAST:
        return "too_fast";
    case CHECKIN_CLOCK_SKEW:
        return "clock_skew";
    case CHECKIN_LATE:
        return "late";
    default:
        return NULL;
    }
}

long long rules_checkin_lookback_s(const struct checkin_limits *lim)
{
    static const struct checkin_limits defaults = CHECKIN_LIMITS_DEFAULT;
    if (lim == NULL)
        lim = &defaults;
    /* Half the Earth's circumference: no two points are farther apart. */
    double half_earth_m = 3.14159265358979323846 * EARTH_RADIUS_M;
    return (long long)ceil(half_earth_m / (lim->speed_max_kmh / 3.6)) + 1;
}
