/* checkin.h -- location check-ins (SPEC A1) as pure functions: the distance between two
 * points, whether a check-in's inputs are well formed, and which suspicion flags it gets.
 *
 * A well-formed check-in is never refused and never dropped: it is stored with its flags, and
 * only a check-in with no flags is valid, i.e. counts for attendance (attendance.h). Malformed
 * inputs (a latitude of 200, an accuracy of NaN) are a client bug and are refused before
 * anything is stored. docs/attendance-rules.md says all of this in prose. */
#ifndef ZHUCUN_RULES_CHECKIN_H
#define ZHUCUN_RULES_CHECKIN_H

#include "common/rules/org.h" /* GEOFENCE_DEFAULT_M */

/* The mean Earth radius R1 = (2a + b) / 3 of the WGS-84 ellipsoid (IUGG), in metres. The
 * haversine formula on this sphere is within about 0.5% of the ellipsoidal distance, far
 * better than the check-ins' own accuracy over a geofence's few hundred metres. */
#define EARTH_RADIUS_M 6371008.8

/* The suspicion flags of a check-in, one bit each; 0 means valid. The names in comments are
 * what rules_checkin_flag_name() returns, for logs, reports and database rows. */
enum checkin_flag {
    CHECKIN_OUTSIDE_FENCE = 1u << 0, /* "outside_fence": farther from the village than its radius */
    CHECKIN_POOR_ACCURACY = 1u << 1, /* "poor_accuracy": reported accuracy worse than the limit */
    CHECKIN_MOCK_LOCATION = 1u << 2, /* "mock_location": the device says the position is mocked */
    CHECKIN_TOO_FAST = 1u << 3,      /* "too_fast": implied speed since the previous check-in */
    CHECKIN_CLOCK_SKEW = 1u << 4,    /* "clock_skew": device clock far from the server's */
    CHECKIN_LATE = 1u << 5, /* "late": made offline and sent later than the rule's hours allow */
};

#define CHECKIN_FLAGS_ALL 0x3fu /* every flag above */
#define CHECKIN_NFLAGS    6     /* the bits of CHECKIN_FLAGS_ALL */

/* A check-in sent late (issue 24) counts when it arrives within this many hours of the
 * device's time: the default of the rule row (checkin_late_rules, 0184; a county may set its
 * own), and the most a row may say (30 days). */
#define CHECKIN_LATE_HOURS_DEFAULT 24
#define CHECKIN_LATE_HOURS_MAX     720
/* A device time further behind the server's than this (30 days) is a wrong clock (a phone
 * reset to 1970), not a check-in kept offline: it is judged at the server's time, with
 * clock_skew, as it always was. */
#define CHECKIN_DELAY_MAX_S (CHECKIN_LATE_HOURS_MAX * 3600LL)

/* What a well-formed check-in's other inputs are: a device id of at most
 * CHECKIN_DEVICE_ID_MAX bytes, and a device time (Unix seconds) after 1970 and before
 * CHECKIN_CLIENT_TIME_MAX (3000-01-01, the end of rules_attendance_slot). */
#define CHECKIN_DEVICE_ID_MAX   128
#define CHECKIN_CLIENT_TIME_MAX 32503680000LL

/* The policy numbers of A1. Comparisons are strict: a value exactly at a limit is not
 * flagged. */
struct checkin_limits {
    unsigned accuracy_max_m; /* 500: accuracy (metres) above this is poor */
    unsigned speed_max_kmh;  /* 150: implied speed (km/h) above this is impossible */
    unsigned skew_max_s;     /* 600: |device clock - server clock| above this is skew */
    unsigned late_max_h;     /* 24: a delay (hours) above this is late (the county's rule row) */
};

#define CHECKIN_LIMITS_DEFAULT                                                                     \
    {                                                                                              \
        500, 150, 600, CHECKIN_LATE_HOURS_DEFAULT                                                  \
    }

/* A village's geofence: its location (WGS-84 degrees) and radius; radius_m 0 means
 * GEOFENCE_DEFAULT_M (1,000 m). */
struct geofence {
    double lat, lon;
    unsigned radius_m;
};

/* A check-in as the server receives it. */
struct checkin {
    long long time;        /* the check-in's time, Unix seconds: the server's clock on receipt,
                            * or for a delayed one the device's (rules_checkin_delay_s) */
    long long client_time; /* the device's clock when it checked in, Unix seconds */
    double lat, lon;       /* WGS-84 degrees */
    double accuracy_m;     /* the device's horizontal accuracy (radius, metres) */
    int mock;              /* non-zero: the device reported a mock (simulated) location */
    long long delay_s;     /* a delayed one's delay (receipt - client_time), else 0 */
};

/* The cadre's previous check-in, for the speed check: the latest earlier one that has a
 * position, whatever its flags. has_position 0 (or no previous at all) skips the check. */
struct checkin_fix {
    long long time; /* its checkin.time */
    double lat, lon;
    int has_position;
};

/* The great-circle (haversine) distance in metres between two WGS-84 points given in
 * degrees, on a sphere of EARTH_RADIUS_M. Symmetric; handles the antimeridian (179.9 and
 * -179.9 are 0.2 degrees apart) and the poles. Inputs must be finite. */
double rules_distance_m(double lat1, double lon1, double lat2, double lon2);

/* NULL when a check-in's measured inputs are well formed: latitude in -90..90, longitude in
 * -180..180 (both inclusive), accuracy finite and greater than 0, none NaN or infinite; else
 * a message for people. */
const char *rules_checkin_problem(double lat, double lon, double accuracy_m);

/* A check-in made offline and sent later (issue 24): when its device time is earlier than the
 * server's clock on receipt by more than skew_max_s of lim (NULL: CHECKIN_LIMITS_DEFAULT), it
 * is delayed, and this returns the delay in seconds (received - client_time): its time is then
 * the device's (struct checkin.time = client_time, delay_s = the delay), so it is judged for
 * the day and slot it was made in and no clock skew is flagged. Else 0: a check-in on time
 * (within the tolerance), a device clock ahead of the server's, or one more than
 * CHECKIN_DELAY_MAX_S behind, which CHECKIN_CLOCK_SKEW judges. */
long long rules_checkin_delay_s(long long client_time, long long received,
                                const struct checkin_limits *lim);

/* The flags (enum checkin_flag) of check-in c, which must pass rules_checkin_problem:
 * - CHECKIN_OUTSIDE_FENCE when its distance from fence's centre exceeds the radius;
 * - CHECKIN_POOR_ACCURACY when accuracy_m > accuracy_max_m;
 * - CHECKIN_MOCK_LOCATION when c->mock;
 * - CHECKIN_TOO_FAST when prev is given and has a position, and the distance from it divided
 *   by the time between them (at least one second: two check-ins stamped in the same second
 *   count as one second apart, since times have one-second resolution) exceeds
 *   speed_max_kmh; the order of the two times does not matter;
 * - CHECKIN_CLOCK_SKEW when |client_time - time| > skew_max_s;
 * - CHECKIN_LATE when delay_s > late_max_h hours: it was sent too late to count.
 * Distances are compared in whole millimetres (rounded), so a point on the fence or at the
 * speed limit is not flagged by floating-point noise. prev may be NULL (no earlier
 * check-in); lim NULL means CHECKIN_LIMITS_DEFAULT. */
unsigned rules_checkin_flags(const struct checkin *c, const struct geofence *fence,
                             const struct checkin_fix *prev, const struct checkin_limits *lim);

/* How far back (seconds) an earlier check-in can make one too fast under lim (NULL:
 * CHECKIN_LIMITS_DEFAULT): beyond the time it takes to cross half the Earth at
 * speed_max_kmh, no earlier check-in can, so the speed check needs no older one. */
long long rules_checkin_lookback_s(const struct checkin_limits *lim);

/* 1 when a check-in with these flags is valid (no flags at all), else 0. */
int rules_checkin_valid(unsigned flags);

/* The name of one flag bit ("outside_fence", ...), or NULL for anything else. */
const char *rules_checkin_flag_name(unsigned flag);

#endif
