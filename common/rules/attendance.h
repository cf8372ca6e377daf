/* attendance.h -- five days and four nights (五天四夜, SPEC A2) as pure functions: ISO weeks
 * of Asia/Shanghai days, which day or night a check-in counts for, and one week's verdict.
 *
 * The model, precisely (docs/attendance-rules.md says it in prose):
 * - Days are Asia/Shanghai calendar days (UTC+8, no daylight saving) as day numbers
 *   (date.h). A week runs Monday-Sunday and is named by its ISO 8601 week, "2026-W48".
 * - A valid check-in (checkin.h: no flags) at local time 06:00:00-19:59:59 makes its day
 *   present; one at 20:00:00-23:59:59 makes that day's night present, and one at
 *   00:00:00-05:59:59 makes the night of the day before present. Every second belongs to
 *   exactly one day or night; Sunday's night ends Monday 06:00 and belongs to Sunday's week.
 *   (06:00 and 20:00, 5 days and 4 nights: the rule row's numbers, struct attendance_rule.)
 * - An excused day (approved leave, recorded official business) excuses itself and its night,
 *   and counts as one present day and one present night: the week requires
 *   max(0, days - excused) present days and max(0, nights - excused) present nights among
 *   the days that are not excused. A check-in on an excused day does not count twice. */
#ifndef ZHUCUN_RULES_ATTENDANCE_H
#define ZHUCUN_RULES_ATTENDANCE_H

#include <stddef.h>

/* ---- ISO weeks of day numbers ---- */

/* The ISO weekday of day: 1 Monday ... 7 Sunday (day 0, 1970-01-01, was a Thursday). */
int rules_weekday(int day);

/* The Monday of the week containing day. */
int rules_week_monday(int day);

/* The ISO 8601 week-numbering year and week (1-53) of day. The days of 2026-12-28 to
 * 2027-01-03 are 2026-W53; 2025-12-29 to 2026-01-04 are 2026-W01. */
void rules_iso_week(int day, int *year, int *week);

/* How many ISO weeks (52 or 53) year has. */
int rules_iso_weeks_in_year(int year);

/* Parses exactly "YYYY-Www" (ISO year 1900-2999, week 01 to the year's last week). Returns 0
 * and the Monday of that week, or -1. */
int rules_week_parse(const char *s, int *monday);

/* Writes the ISO week containing day as "YYYY-Www" into out (9 bytes). */
void rules_week_format(int day, char out[9]);

/* ---- Days, nights and the weekly verdict ---- */

enum attendance_slot {
    SLOT_DAY = 0,   /* 06:00:00-19:59:59 local */
    SLOT_NIGHT = 1, /* 20:00:00-23:59:59 local, or 00:00:00-05:59:59 of the next day */
};

/* The policy numbers of A2: required present days and nights in a week, and the local hours
 * (seconds from midnight) that open the day slot and the night slot. They are a rule row
 * (duty_rules, code A2, judged per week by the version in force on its Sunday: 0030); the
 * server reads the row and passes it. ATTENDANCE_RULE_DEFAULT is the policy text's (5 days, 4
 * nights, days from 06:00, nights from 20:00), for a caller with no row (the unit tests). */
struct attendance_rule {
    int days;         /* 5 */
    int nights;       /* 4 */
    int day_from_s;   /* 06:00: the day slot runs to night_from_s */
    int night_from_s; /* 20:00: the night runs to the next day's day_from_s */
};

#define ATTENDANCE_RULE_DEFAULT                                                                    \
    {                                                                                              \
        5, 4, 6 * 3600, 20 * 3600                                                                  \
    }

/* The slot a moment (Unix seconds) counts for under rule (NULL: ATTENDANCE_RULE_DEFAULT), and
 * in *day the day it belongs to: the local day itself, except that the hours before
 * day_from_s (00:00-05:59) belong to the night of the day before. Returns -1, leaving *day
 * alone, for a time before 0 (1970-01-01 00:00 UTC) or from 32503680000 (3000-01-01 00:00
 * UTC) on. */
int rules_attendance_slot_rule(const struct attendance_rule *rule, long long unix_seconds,
                               int *day);

/* rules_attendance_slot_rule with the default rule. */
int rules_attendance_slot(long long unix_seconds, int *day);

/* When the week of Monday `monday` is over under rule (NULL: the default): the Unix second at
 * which its last night, Sunday's, ends (the next Monday at day_from_s local, 06:00). Until
 * then the week is still running. */
long long rules_week_end_rule(const struct attendance_rule *rule, int monday);

/* rules_week_end_rule with the default rule. */
long long rules_week_end(int monday);

/* The Monday of the last week that is over at Unix second now: the week a weekly report
 * judges unless told otherwise. */
int rules_week_last_over(long long now);

/* ---- Official business ---- */

/* Official business (an excused day, A2) may be recorded for a day from BUSINESS_BACK_DAYS
 * before today to BUSINESS_AHEAD_DAYS after it. */
#define BUSINESS_BACK_DAYS  92 /* a quarter back ... */
#define BUSINESS_AHEAD_DAYS 31 /* ... and a month ahead (a planned meeting) */

/* NULL when official business may be recorded for day (a day number) on day today; else a
 * message for people, written into buf (len bytes) and returned. */
const char *rules_business_day_problem(int day, int today, char *buf, size_t len);

/* One check-in as attendance sees it. */
struct attendance_checkin {
    long long time; /* checkin.time: the server's clock, Unix seconds */
    int valid;      /* rules_checkin_valid(flags) */
};

struct attendance_day {
    int day;           /* day number */
    int excused;       /* approved leave or official business */
    int day_present;   /* a valid check-in in this day's day slot */
    int night_present; /* a valid check-in in this day's night slot */
};

struct attendance_week {
    int monday;                    /* day number of the week's Monday */
    int days_present;              /* days not excused with day_present */
    int nights_present;            /* days not excused with night_present */
    int excused;                   /* excused days in the week, 0-7 */
    int required_days;             /* max(0, rule days - excused) */
    int required_nights;           /* max(0, rule nights - excused) */
    int met;                       /* both requirements reached; 0 means short */
    struct attendance_day days[7]; /* Monday first */
};

/* Judges the week containing day `week_day` into *out. checkins need not be sorted and may
 * lie outside the week (they are ignored, except a check-in before 06:00 on the next Monday,
 * which is this Sunday's night); invalid ones are ignored. excused holds day numbers, in any
 * order, duplicates allowed, outside the week ignored; the caller expands leave and official
 * business ranges to days, and may pass days outside the cadre's posting as excused. rule
 * NULL means ATTENDANCE_RULE_DEFAULT; its hours decide the slots. A week still running is
 * judged on what it has so far: the weekly report runs after Sunday's night ends, Monday
 * 06:00. */
void rules_attendance_week(int week_day, const struct attendance_checkin *checkins,
                           size_t ncheckins, const int *excused, size_t nexcused,
                           const struct attendance_rule *rule, struct attendance_week *out);

/* ---- The limits of the attendance calls ---- */

#define BUSINESS_NOTE_MAX          500  /* bytes of an official business's note (at least one) */
#define ATTENDANCE_REPORT_ROWS_MAX 5000 /* cadres one AttendanceReport lists at most */

/* NULL when note may be an official business's: 1 to BUSINESS_NOTE_MAX bytes; else a message
 * for people, written into buf (len bytes) and returned. */
const char *rules_business_note_problem(const char *note, char *buf, size_t len);

#endif
