/* test_rules_attendance.c -- ISO weeks, day and night slots in Shanghai time, and the weekly
 * five-days-four-nights verdict: midnight, the Sunday-Monday night, leave, year ends, invalid
 * check-ins (common/rules/attendance.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/attendance.h"
#include "common/rules/date.h"

static int D(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

/* Unix seconds of local (Asia/Shanghai) time hh:mm:ss on day. */
static long long L(const char *day, int hh, int mm, int ss)
{
    return (long long)D(day) * 86400 + hh * 3600 + mm * 60 + ss - 8 * 3600;
}

static int W(const char *s)
{
    int monday = -1;
    assert_int_equal(rules_week_parse(s, &monday), 0);
    return monday;
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(rules_weekday(0), 4); /* 1970-01-01, a Thursday */
    assert_int_equal(rules_weekday(D("2026-11-23")), 1);
    assert_int_equal(rules_weekday(D("2026-11-29")), 7);
    assert_int_equal(rules_weekday(D("2027-01-03")), 7);
    assert_int_equal(rules_weekday(D("1969-12-29")), 1); /* before day 0 */
    assert_int_equal(rules_weekday(D("1900-01-01")), 1);
    assert_int_equal(rules_week_monday(D("2026-11-29")), D("2026-11-23"));
    assert_int_equal(rules_week_monday(D("2026-11-23")), D("2026-11-23"));
    assert_int_equal(rules_week_monday(D("2027-01-01")), D("2026-12-28"));
    assert_int_equal(rules_week_monday(D("1970-01-01")), D("1969-12-29"));
}

static void assert_iso(const char *day, int year, int week)
{
    int y = -7, w = -7;
    rules_iso_week(D(day), &y, &w);
    assert_int_equal(y, year);
    assert_int_equal(w, week);
}

/* Reference values from Python's date.isocalendar(). */
static void test_iso_week(void **state)
{
    (void)state;
    assert_iso("2026-11-23", 2026, 48);
    assert_iso("2026-11-29", 2026, 48);
    assert_iso("2026-11-30", 2026, 49);
    assert_iso("2025-12-29", 2026, 1); /* belongs to the next year */
    assert_iso("2026-01-04", 2026, 1);
    assert_iso("2026-12-28", 2026, 53);
    assert_iso("2026-12-31", 2026, 53);
    assert_iso("2027-01-03", 2026, 53); /* belongs to the year before */
    assert_iso("2027-01-04", 2027, 1);
    assert_iso("2021-01-03", 2020, 53);
    assert_iso("1969-12-29", 1970, 1);
    assert_int_equal(rules_iso_weeks_in_year(2026), 53); /* starts on a Thursday */
    assert_int_equal(rules_iso_weeks_in_year(2027), 52);
    assert_int_equal(rules_iso_weeks_in_year(2025), 52);
    assert_int_equal(rules_iso_weeks_in_year(2020), 53); /* leap, starts on a Wednesday */
    assert_int_equal(rules_iso_weeks_in_year(1992), 53);
    assert_int_equal(rules_iso_weeks_in_year(2004), 53);
    assert_int_equal(rules_iso_weeks_in_year(2015), 53);
    assert_int_equal(rules_iso_weeks_in_year(1900), 52);
    assert_int_equal(rules_iso_weeks_in_year(2999), 52);
}

static void test_week_parse_format(void **state)
{
    (void)state;
    assert_int_equal(W("2026-W48"), D("2026-11-23"));
    assert_int_equal(W("2026-W01"), D("2025-12-29"));
    assert_int_equal(W("2026-W53"), D("2026-12-28"));
    assert_int_equal(W("2027-W01"), D("2027-01-04"));
    assert_int_equal(W("2020-W53"), D("2020-12-28"));
    char buf[9];
    rules_week_format(D("2026-11-29"), buf);
    assert_string_equal(buf, "2026-W48");
    rules_week_format(D("2027-01-03"), buf);
    assert_string_equal(buf, "2026-W53");
    rules_week_format(D("2025-12-31"), buf);
    assert_string_equal(buf, "2026-W01");
    /* every day of two centuries and a half round-trips through its week */
    for (int d = D("1900-01-01"); d <= D("2150-12-31"); d++) {
        int y, w, monday = -1;
        rules_week_format(d, buf);
        assert_int_equal(rules_week_parse(buf, &monday), 0);
        assert_int_equal(monday, rules_week_monday(d));
        rules_iso_week(d, &y, &w);
        assert_true(w >= 1 && w <= rules_iso_weeks_in_year(y));
    }

    static const char *const bad[] = {
        "2027-W53", /* 2027 has 52 weeks */
        "2026-W54", "2026-W00", "2026-W5",    "2026-W048", "2026W48",  "2026-w48",
        "2026-48",  "2026-W4x", " 2026-W48",  "2026-W48 ", "26-W48",   "1899-W52",
        "3000-W01", "",         "2026-11-23", "+026-W48",  "2026-W-1",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int monday = -7;
        assert_int_equal(rules_week_parse(bad[i], &monday), -1);
        assert_int_equal(monday, -7);
    }
}

static void assert_slot(long long t, int slot, const char *day)
{
    int d = -7;
    assert_int_equal(rules_attendance_slot(t, &d), slot);
    assert_int_equal(d, D(day));
}

static void test_slots(void **state)
{
    (void)state;
    /* Sunday 23:30 in Shanghai is Sunday 15:30 UTC: Sunday's night */
    assert_int_equal(L("2026-11-29", 23, 30, 0), 1795966200LL);
    assert_slot(1795966200LL, SLOT_NIGHT, "2026-11-29");
    /* Monday 00:30 in Shanghai (still Sunday 16:30 UTC) is still Sunday's night */
    assert_slot(L("2026-11-30", 0, 30, 0), SLOT_NIGHT, "2026-11-29");
    /* the edges: 06:00 opens the day, 20:00 the night */
    assert_slot(L("2026-11-25", 5, 59, 59), SLOT_NIGHT, "2026-11-24");
    assert_slot(L("2026-11-25", 6, 0, 0), SLOT_DAY, "2026-11-25");
    assert_slot(L("2026-11-25", 19, 59, 59), SLOT_DAY, "2026-11-25");
    assert_slot(L("2026-11-25", 20, 0, 0), SLOT_NIGHT, "2026-11-25");
    assert_slot(L("2026-11-25", 23, 59, 59), SLOT_NIGHT, "2026-11-25");
    assert_slot(L("2026-11-26", 0, 0, 0), SLOT_NIGHT, "2026-11-25");
    /* a UTC date is not the local date: 2026-11-25 23:00 UTC is 07:00 on the 26th */
    assert_slot(1795647600LL, SLOT_DAY, "2026-11-26");
    int d = -7;
    assert_int_equal(rules_attendance_slot(-1, &d), -1);
    assert_int_equal(rules_attendance_slot(32503680000LL, &d), -1);
    assert_int_equal(d, -7);
    assert_slot(0, SLOT_DAY, "1970-01-01"); /* 08:00 local */
}

/* A valid check-in at local time hh:mm on day. */
static struct attendance_checkin at(const char *day, int hh, int mm)
{
    struct attendance_checkin c = {L(day, hh, mm, 0), 1};
    return c;
}

/* The week 2026-W48 (Mon 23 - Sun 29 November) with days Mon-Fri and nights Mon-Thu. */
static size_t full_week(struct attendance_checkin *c)
{
    static const char *const days[] = {"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26",
                                       "2026-11-27"};
    size_t n = 0;
    for (int i = 0; i < 5; i++) {
        c[n++] = at(days[i], 9, 15);
        if (i < 4)
            c[n++] = at(days[i], 21, 40);
    }
    return n;
}

static void test_full_week_met(void **state)
{
    (void)state;
    struct attendance_checkin c[16];
    size_t n = full_week(c);
    struct attendance_week w;
    rules_attendance_week(D("2026-11-26"), c, n, NULL, 0, NULL, &w);
    assert_int_equal(w.monday, D("2026-11-23"));
    assert_int_equal(w.days_present, 5);
    assert_int_equal(w.nights_present, 4);
    assert_int_equal(w.excused, 0);
    assert_int_equal(w.required_days, 5);
    assert_int_equal(w.required_nights, 4);
    assert_true(w.met);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(w.days[i].day, D("2026-11-23") + i);
        assert_int_equal(w.days[i].day_present, i < 5);
        assert_int_equal(w.days[i].night_present, i < 4);
        assert_false(w.days[i].excused);
    }
}

static void test_short_week(void **state)
{
    (void)state;
    struct attendance_checkin c[16];
    size_t n = full_week(c);
    struct attendance_week w;
    /* without Friday's day check-in (the last one) */
    rules_attendance_week(W("2026-W48"), c, n - 1, NULL, 0, NULL, &w);
    assert_int_equal(w.days_present, 4);
    assert_int_equal(w.nights_present, 4);
    assert_false(w.met);
    /* several check-ins in one slot count once */
    c[n - 1] = at("2026-11-26", 10, 0);
    rules_attendance_week(W("2026-W48"), c, n, NULL, 0, NULL, &w);
    assert_int_equal(w.days_present, 4);
    assert_false(w.met);
    /* five days but three nights is short too */
    c[n - 1] = at("2026-11-27", 10, 0);
    c[1] = at("2026-11-23", 19, 59); /* Monday's night check-in moved into the day */
    rules_attendance_week(W("2026-W48"), c, n, NULL, 0, NULL, &w);
    assert_int_equal(w.days_present, 5);
    assert_int_equal(w.nights_present, 3);
    assert_false(w.met);
}

static void test_invalid_checkins_do_not_count(void **state)
{
    (void)state;
    struct attendance_checkin c[16];
    size_t n = full_week(c);
    struct attendance_week w;
    c[0].valid = 0; /* Monday's day */
    c[1].valid = 0; /* Monday's night */
    rules_attendance_week(W("2026-W48"), c, n, NULL, 0, NULL, &w);
    assert_int_equal(w.days_present, 4);
    assert_int_equal(w.nights_present, 3);
    assert_false(w.days[0].day_present);
    assert_false(w.days[0].night_present);
    assert_false(w.met);
    /* a valid one on Saturday makes up the day, not the night */
    c[n++] = at("2026-11-28", 11, 0);
    rules_attendance_week(W("2026-W48"), c, n, NULL, 0, NULL, &w);
    assert_int_equal(w.days_present, 5);
    assert_int_equal(w.nights_present, 3);
    assert_false(w.met);
}

static void test_night_crosses_midnight(void **state)
{
    (void)state;
    /* days Mon-Fri; the nights only by check-ins after midnight, 01:00 Tue-Fri */
    struct attendance_checkin c[] = {
        at("2026-11-23", 8, 0), at("2026-11-24", 8, 0), at("2026-11-25", 8, 0),
        at("2026-11-26", 8, 0), at("2026-11-27", 8, 0), at("2026-11-24", 1, 0),
        at("2026-11-25", 1, 0), at("2026-11-26", 1, 0), at("2026-11-27", 5, 59),
    };
    struct attendance_week w;
    rules_attendance_week(W("2026-W48"), c, 9, NULL, 0, NULL, &w);
    assert_int_equal(w.days_present, 5);
    assert_int_equal(w.nights_present, 4);
    assert_true(w.days[0].night_present); /* Monday's night, by 01:00 Tuesday */
    assert_true(w.days[3].night_present); /* Thursday's night, by 05:59 Friday */
    assert_false(w.days[4].night_present);
    assert_true(w.met);
    /* 06:00 is already the day: Friday 06:00 does not make Thursday's night */
    c[8] = at("2026-11-27", 6, 0);
    rules_attendance_week(W("2026-W48"), c, 9, NULL, 0, NULL, &w);
    assert_int_equal(w.nights_present, 3);
    assert_false(w.met);
}

static void test_sunday_night_belongs_to_its_week(void **state)
{
    (void)state;
    /* W48 with days Mon-Fri, nights Mon-Wed, and Sunday's night by a check-in on Monday
     * 30 November at 00:30 local (Sunday 16:30 UTC) */
    struct attendance_checkin c[16];
    size_t n = full_week(c);
    c[7] = at("2026-11-30", 0, 30); /* replaces Thursday's night */
    struct attendance_week w;
    rules_attendance_week(W("2026-W48"), c, n, NULL, 0, NULL, &w);
    assert_false(w.days[3].night_present);
    assert_true(w.days[6].night_present);
    assert_false(w.days[6].day_present);
    assert_int_equal(w.nights_present, 4);
    assert_true(w.met);
    /* the same check-in gives W49's Monday neither a day nor a night */
    rules_attendance_week(W("2026-W49"), c, n, NULL, 0, NULL, &w);
    assert_int_equal(w.monday, D("2026-11-30"));
    assert_int_equal(w.days_present, 0);
    assert_int_equal(w.nights_present, 0);
    assert_false(w.met);
    /* and Monday 23 November 03:00 is W47's Sunday night, not W48's */
    struct attendance_checkin early = at("2026-11-23", 3, 0);
    rules_attendance_week(W("2026-W48"), &early, 1, NULL, 0, NULL, &w);
    assert_int_equal(w.nights_present, 0);
    rules_attendance_week(W("2026-W47"), &early, 1, NULL, 0, NULL, &w);
    assert_true(w.days[6].night_present);
    assert_int_equal(w.days[6].day, D("2026-11-22"));
    /* Sunday 23:30 local, Sunday 15:30 UTC */
    struct attendance_checkin late = {1795966200LL, 1};
    rules_attendance_week(W("2026-W48"), &late, 1, NULL, 0, NULL, &w);
    assert_true(w.days[6].night_present);
    assert_int_equal(w.nights_present, 1);
}

static void test_leave_covers_part_of_the_week(void **state)
{
    (void)state;
    /* leave Monday and Tuesday: 3 days and 2 nights remain, met by Wed-Fri and Wed-Thu */
    struct attendance_checkin c[] = {
        at("2026-11-25", 9, 0),  at("2026-11-26", 9, 0), at("2026-11-27", 9, 0),
        at("2026-11-25", 22, 0), at("2026-11-27", 2, 0),
    };
    int leave[] = {D("2026-11-24"), D("2026-11-23")};
    struct attendance_week w;
    rules_attendance_week(W("2026-W48"), c, 5, leave, 2, NULL, &w);
    assert_int_equal(w.excused, 2);
    assert_int_equal(w.required_days, 3);
    assert_int_equal(w.required_nights, 2);
    assert_int_equal(w.days_present, 3);
    assert_int_equal(w.nights_present, 2);
    assert_true(w.days[0].excused);
    assert_true(w.days[1].excused);
    assert_false(w.days[2].excused);
    assert_true(w.met);
    /* one day less is short */
    rules_attendance_week(W("2026-W48"), c + 1, 4, leave, 2, NULL, &w);
    assert_int_equal(w.days_present, 2);
    assert_false(w.met);
}

static void test_checkin_on_excused_day_counts_once(void **state)
{
    (void)state;
    /* on leave Friday, but checked in on Friday morning: the day is excused, not present
     * twice, so Mon-Thu days and Mon-Wed nights meet 4 and 3 */
    struct attendance_checkin c[16];
    size_t n = full_week(c);
    int leave[] = {D("2026-11-27"), D("2026-11-27"), D("2026-11-20"), D("2026-11-30")};
    struct attendance_week w;
    rules_attendance_week(W("2026-W48"), c, n, leave, 4, NULL, &w);
    assert_int_equal(w.excused, 1); /* the duplicate and the days outside the week ignored */
    assert_true(w.days[4].day_present);
    assert_true(w.days[4].excused);
    assert_int_equal(w.days_present, 4);
    assert_int_equal(w.nights_present, 4);
    assert_int_equal(w.required_days, 4);
    assert_int_equal(w.required_nights, 3);
    assert_true(w.met);
    /* an excused Thursday excuses its night too: Mon-Wed nights are enough */
    int thursday[] = {D("2026-11-26")};
    c[7].valid = 0; /* Thursday's night */
    rules_attendance_week(W("2026-W48"), c, n, thursday, 1, NULL, &w);
    assert_int_equal(w.nights_present, 3);
    assert_int_equal(w.required_nights, 3);
    assert_true(w.met);
}

static void test_long_leave(void **state)
{
    (void)state;
    struct attendance_week w;
    int leave[7];
    for (int i = 0; i < 7; i++)
        leave[i] = D("2026-11-23") + i;
    /* four days excused: one day, no night */
    struct attendance_checkin sat = at("2026-11-28", 12, 0);
    rules_attendance_week(W("2026-W48"), &sat, 1, leave, 4, NULL, &w);
    assert_int_equal(w.required_days, 1);
    assert_int_equal(w.required_nights, 0);
    assert_true(w.met);
    rules_attendance_week(W("2026-W48"), NULL, 0, leave, 4, NULL, &w);
    assert_false(w.met);
    /* five or more: nothing */
    rules_attendance_week(W("2026-W48"), NULL, 0, leave, 5, NULL, &w);
    assert_int_equal(w.required_days, 0);
    assert_int_equal(w.required_nights, 0);
    assert_true(w.met);
    rules_attendance_week(W("2026-W48"), NULL, 0, leave, 7, NULL, &w);
    assert_int_equal(w.excused, 7);
    assert_true(w.met);
}

static void test_week_across_year_end(void **state)
{
    (void)state;
    /* 2026-W53: Monday 28 December 2026 to Sunday 3 January 2027 */
    struct attendance_checkin c[] = {
        at("2026-12-30", 9, 0),  at("2026-12-31", 9, 0),   at("2027-01-01", 9, 0),
        at("2027-01-02", 9, 0),  at("2027-01-03", 9, 0),   at("2027-01-01", 2, 0),
        at("2027-01-01", 20, 0), at("2027-01-02", 23, 59), at("2027-01-04", 5, 59),
        at("2027-01-04", 6, 0), /* 2027-W01's Monday */
    };
    struct attendance_week w;
    rules_attendance_week(D("2027-01-02"), c, 10, NULL, 0, NULL, &w);
    assert_int_equal(w.monday, D("2026-12-28"));
    char buf[9];
    rules_week_format(w.monday, buf);
    assert_string_equal(buf, "2026-W53");
    assert_int_equal(w.days[3].day, D("2026-12-31"));
    assert_true(w.days[3].night_present); /* New Year's Eve, by 02:00 on 1 January */
    assert_true(w.days[4].night_present);
    assert_true(w.days[5].night_present);
    assert_true(w.days[6].night_present); /* by 05:59 on Monday 4 January */
    assert_int_equal(w.days_present, 5);
    assert_int_equal(w.nights_present, 4);
    assert_true(w.met);
    rules_attendance_week(W("2027-W01"), c, 10, NULL, 0, NULL, &w);
    assert_int_equal(w.days_present, 1);
    assert_int_equal(w.nights_present, 0);
    /* and across a month end: 2026-W49 runs 30 November - 6 December */
    struct attendance_checkin m[] = {at("2026-11-30", 7, 0), at("2026-12-01", 3, 0),
                                     at("2026-12-06", 19, 59)};
    rules_attendance_week(W("2026-W49"), m, 3, NULL, 0, NULL, &w);
    assert_true(w.days[0].day_present);
    assert_true(w.days[0].night_present);
    assert_true(w.days[6].day_present);
    assert_int_equal(w.days_present, 2);
    assert_int_equal(w.nights_present, 1);
}

static void test_rule_is_data(void **state)
{
    (void)state;
    struct attendance_checkin c[16];
    size_t n = full_week(c);
    struct attendance_rule strict = {6, 5, 6 * 3600, 20 * 3600};
    int leave[] = {D("2026-11-29")};
    struct attendance_week w;
    rules_attendance_week(W("2026-W48"), c, n, NULL, 0, &strict, &w);
    assert_false(w.met);
    rules_attendance_week(W("2026-W48"), c, n, leave, 1, &strict, &w);
    assert_int_equal(w.required_days, 5);
    assert_int_equal(w.required_nights, 4);
    assert_true(w.met);
}

/* The hours are the rule's (a row of duty_rules, 0030): a day from 07:00 and a night from
 * 21:00 move each slot's edges, and the week ends on the next Monday at 07:00. */
static void test_rule_hours(void **state)
{
    (void)state;
    struct attendance_rule late = {5, 4, 7 * 3600, 21 * 3600};
    int day = 0;
    assert_int_equal(rules_attendance_slot_rule(&late, L("2026-11-24", 6, 30, 0), &day),
                     SLOT_NIGHT);
    assert_int_equal(day, D("2026-11-23"));
    assert_int_equal(rules_attendance_slot(L("2026-11-24", 6, 30, 0), &day), SLOT_DAY);
    assert_int_equal(rules_attendance_slot_rule(&late, L("2026-11-24", 7, 0, 0), &day), SLOT_DAY);
    assert_int_equal(rules_attendance_slot_rule(&late, L("2026-11-24", 20, 30, 0), &day), SLOT_DAY);
    assert_int_equal(rules_attendance_slot_rule(&late, L("2026-11-24", 21, 0, 0), &day),
                     SLOT_NIGHT);
    assert_int_equal(day, D("2026-11-24"));
    assert_int_equal(rules_week_end_rule(&late, W("2026-W48")), L("2026-11-30", 7, 0, 0));
    assert_int_equal(rules_week_end_rule(NULL, W("2026-W48")), rules_week_end(W("2026-W48")));
    /* Monday 06:30 of the next week is this Sunday's night under the later hours */
    struct attendance_checkin c = {L("2026-11-30", 6, 30, 0), 1};
    struct attendance_week w;
    rules_attendance_week(W("2026-W48"), &c, 1, NULL, 0, &late, &w);
    assert_true(w.days[6].night_present);
    rules_attendance_week(W("2026-W48"), &c, 1, NULL, 0, NULL, &w);
    assert_false(w.days[6].night_present);
}

/* A week is over when its Sunday night ends, Monday 06:00 in Beijing; the report's default
 * week is the last one over. */
static void test_week_end_and_last_over(void **state)
{
    (void)state;
    int ok;
    int monday = rules_date_days("2026-11-23", &ok); /* 2026-W48 */
    /* 2026-11-30 06:00 +08:00 = 2026-11-29 22:00 UTC */
    long long end = (long long)rules_date_days("2026-11-29", &ok) * 86400 + 22 * 3600;
    assert_int_equal(rules_week_end(monday), end);
    assert_int_equal(rules_week_last_over(end), monday);         /* Monday 06:00: it is over */
    assert_int_equal(rules_week_last_over(end - 1), monday - 7); /* 05:59:59: not yet */
    assert_int_equal(rules_week_last_over(end + 6 * 86400), monday);
    assert_int_equal(rules_week_last_over(end + 7 * 86400), monday + 7);
}

static void test_business_window(void **state)
{
    (void)state;
    int ok;
    int today = rules_date_days("2026-11-28", &ok);
    char buf[128];
    assert_null(rules_business_day_problem(today, today, buf, sizeof(buf)));
    assert_null(rules_business_day_problem(today - 92, today, buf, sizeof(buf)));
    assert_null(rules_business_day_problem(today + 31, today, buf, sizeof(buf)));
    assert_string_equal(rules_business_day_problem(today - 93, today, buf, sizeof(buf)),
                        "公务日期应在 92 天前到 31 天后之间");
    assert_non_null(rules_business_day_problem(today + 32, today, buf, sizeof(buf)));
}

static void test_business_note(void **state)
{
    (void)state;
    char buf[128], note[BUSINESS_NOTE_MAX + 2];
    assert_string_equal(rules_business_note_problem("", buf, sizeof(buf)),
                        "请写明公务事由（1 到 500 字节）");
    assert_null(rules_business_note_problem("县里开会", buf, sizeof(buf)));
    memset(note, 'a', sizeof(note) - 1);
    note[sizeof(note) - 1] = '\0';
    assert_string_equal(rules_business_note_problem(note, buf, sizeof(buf)),
                        "请写明公务事由（1 到 500 字节）");
    note[BUSINESS_NOTE_MAX] = '\0';
    assert_null(rules_business_note_problem(note, buf, sizeof(buf)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_iso_week),
        cmocka_unit_test(test_week_parse_format),
        cmocka_unit_test(test_slots),
        cmocka_unit_test(test_full_week_met),
        cmocka_unit_test(test_short_week),
        cmocka_unit_test(test_invalid_checkins_do_not_count),
        cmocka_unit_test(test_night_crosses_midnight),
        cmocka_unit_test(test_sunday_night_belongs_to_its_week),
        cmocka_unit_test(test_leave_covers_part_of_the_week),
        cmocka_unit_test(test_checkin_on_excused_day_counts_once),
        cmocka_unit_test(test_long_leave),
        cmocka_unit_test(test_week_across_year_end),
        cmocka_unit_test(test_rule_is_data),
        cmocka_unit_test(test_week_end_and_last_over),
        cmocka_unit_test(test_rule_hours),
        cmocka_unit_test(test_business_window),
        cmocka_unit_test(test_business_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
