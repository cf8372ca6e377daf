/* test_checkin_late.c -- check-ins made offline and sent late (issue 24; docs/attendance-rules.md,
 * "Late check-ins"): a check-in whose device time is behind the server's clock by more than
 * the skew tolerance keeps the device's time (day and slot from it), with the receipt and the
 * delay beside it; 3 hours late it counts, 30 hours late it is flagged `late` and does not,
 * and a county whose rule row says 48 hours counts it. AttendanceWeek and AttendanceReport
 * agree. One on time, and one ahead of the server's clock, are as before. A retry with the
 * same key answers the same. Runs at the pinned dates too (tests/CMakeLists.txt). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/attendance.h"
#include "common/rules/checkin.h"
#include "common/rules/date.h"

#define PW "correct horse battery"
#define VA "140105001001" /* 小店区: the province's rule, 24 hours */
#define VB "140106001001" /* 迎泽区: its own rule, 48 hours */

static struct zt_server srv;
static struct zc_client *a_cadre, *b_cadre, *c_cadre, *county_a, *county_b;
static int64_t pa, pb, pc; /* their persons */

static const char *tree = "140100000000,太原市,city\n"
                          "140105000000,小店区,county\n140105001000,坞城街道,township\n"
                          "140105001001,测试一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,测试二村,village\n";

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "checkin_late", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    free(zt_sql(&srv, "UPDATE org_units SET lat = 37.8, lon = 112.55 WHERE code IN ('" VA "', '" VB
                      "') RETURNING code"));
    /* County B's own row: a check-in counts when it arrives within 48 hours. */
    free(zt_sql(&srv, "INSERT INTO checkin_late_rules (county_code, hours, valid_from, note) "
                      "VALUES ('140106000000', 48, '2022-06-28', '迎泽区：48小时') RETURNING id"));
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    int64_t ta = zt_team(county_a, "village", VA, "测试一村工作队");
    int64_t tb = zt_team(county_b, "village", VB, "测试二村工作队");
    a_cadre = zt_cadre(&srv, county_a, ta, "late-a", VA, "team_captain", "captain", 0, PW, &pa);
    b_cadre = zt_cadre(&srv, county_a, ta, "late-b", VA, "cadre", "member", 0, PW, &pb);
    c_cadre = zt_cadre(&srv, county_b, tb, "late-c", VB, "team_captain", "captain", 0, PW, &pc);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(a_cadre);
    zc_close(b_cadre);
    zc_close(c_cadre);
    zc_close(county_a);
    zc_close(county_b);
    zt_server_finish(&srv);
    return 0;
}

/* A check-in at the village's centre by c with the device's clock at at_s; key "" none. */
static Zhucun__Reply *check_in(struct zc_client *c, long long at_s, const char *key)
{
    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = 37.8;
    ci.lon = 112.55;
    ci.accuracy_m = 20;
    ci.device_id = "late-device";
    ci.client_time = at_s;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CHECK_IN;
    req.check_in = &ci;
    req.idempotency_key = (char *)key;
    Zhucun__Reply *r = NULL;
    assert_int_equal(zt_call(c, &req, &r), ZHUCUN__CODE__OK);
    return r;
}

/* 1 when the reply's flags name name. */
static int flagged(const Zhucun__CheckInReply *cr, const char *name)
{
    for (size_t i = 0; i < cr->n_flag_names; i++)
        if (strcmp(cr->flag_names[i], name) == 0)
            return 1;
    return 0;
}

/* c's own week holding day: the reply (free it). */
static Zhucun__Reply *week_of(struct zc_client *c, int day)
{
    char week[9];
    rules_week_format(day, week);
    Zhucun__AttendanceWeek w = ZHUCUN__ATTENDANCE_WEEK__INIT;
    w.week = week;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK;
    req.attendance_week = &w;
    Zhucun__Reply *r = NULL;
    assert_int_equal(zt_call(c, &req, &r), ZHUCUN__CODE__OK);
    return r;
}

/* The AttendanceDay of date in a week's reply. */
static const Zhucun__AttendanceDay *day_in(const Zhucun__AttendanceWeekReply *w, const char *date)
{
    for (size_t i = 0; i < w->n_days; i++)
        if (strcmp(w->days[i]->date, date) == 0)
            return w->days[i];
    fail_msg("no day %s in the week %s", date, w->week);
    return NULL;
}

/* Whether c's check-in reply cr counts in c's week as AttendanceWeek judges it: the slot of
 * its day present, and how many of that day's check-ins are flagged. */
static void judged(struct zc_client *c, const Zhucun__CheckInReply *cr, int *present,
                   unsigned *flagged_n)
{
    int day = 0;
    int slot = rules_attendance_slot(cr->at, &day);
    char date[11];
    rules_date_format(day, date);
    assert_string_equal(cr->slot_date, date);
    Zhucun__Reply *r = week_of(c, day);
    const Zhucun__AttendanceDay *d = day_in(r->attendance_week, date);
    *present = slot == SLOT_DAY ? d->day_present : d->night_present;
    *flagged_n = d->flagged;
    /* The week lists it at the device's time, with its delay. */
    int listed = 0;
    for (size_t i = 0; i < r->attendance_week->n_checkins; i++) {
        const Zhucun__AttendanceCheckIn *ck = r->attendance_week->checkins[i];
        if (ck->id != cr->id)
            continue;
        listed = 1;
        assert_int_equal(ck->at, cr->at);
        assert_int_equal(ck->delay_s, cr->delay_s);
        assert_int_equal(ck->flags, cr->flags);
    }
    assert_true(listed);
    zc_reply_free(r);
}

/* The report of the week holding day for org, read by county: person's row. */
static void report_row(struct zc_client *county, const char *org, int day, int64_t person,
                       unsigned *checkins, unsigned *flagged_n)
{
    char week[9];
    rules_week_format(day, week);
    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = (char *)org;
    ar.week = week;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT;
    req.attendance_report = &ar;
    Zhucun__Reply *r = NULL;
    assert_int_equal(zt_call(county, &req, &r), ZHUCUN__CODE__OK);
    const Zhucun__AttendanceReportReply *rr = r->attendance_report;
    int found = 0;
    for (size_t i = 0; i < rr->n_rows; i++)
        if (rr->rows[i]->person_id == person) {
            *checkins = rr->rows[i]->checkins;
            *flagged_n = rr->rows[i]->flagged;
            found = 1;
        }
    assert_true(found);
    zc_reply_free(r);
}

/* For a cadre's only check-in of its week, cr: the week (AttendanceWeek, judged in C) and the
 * report (AttendanceReport) agree that it counts (counted: its slot present, nothing flagged)
 * or not (its slot absent, flagged in the day and in the cadre's row). */
static void agree(struct zc_client *cadre, struct zc_client *county, const char *org,
                  int64_t person, const Zhucun__CheckInReply *cr, int counted)
{
    int present;
    unsigned nflagged;
    judged(cadre, cr, &present, &nflagged);
    assert_int_equal(present, counted);
    assert_int_equal(nflagged, !counted);
    int day = 0;
    rules_attendance_slot(cr->at, &day);
    unsigned checkins = 0, rep_flagged = 0;
    report_row(county, org, day, person, &checkins, &rep_flagged);
    assert_int_equal(checkins, 1);
    assert_int_equal(rep_flagged, !counted);
}

static void test_on_time_and_ahead_as_before(void **state)
{
    (void)state;
    long long now = zc_clock_now();
    Zhucun__Reply *r = check_in(a_cadre, now - 60, "");
    const Zhucun__CheckInReply *cr = r->check_in;
    assert_int_equal(cr->delay_s, 0);
    assert_int_equal(cr->received_at, 0);
    assert_true(cr->valid);
    assert_true(cr->at >= now - 1); /* the server's clock */
    zc_reply_free(r);
    /* A device clock ahead of the server's: the server's time, clock_skew, no delay. */
    r = check_in(a_cadre, now + 2 * 3600, "");
    cr = r->check_in;
    assert_int_equal(cr->delay_s, 0);
    assert_true(flagged(cr, "clock_skew"));
    assert_false(cr->valid);
    assert_true(cr->at < now + 3600);
    zc_reply_free(r);
}

static void test_three_hours_late_counts(void **state)
{
    (void)state;
    long long now = zc_clock_now();
    long long made = now - 3 * 3600;
    Zhucun__Reply *r = check_in(a_cadre, made, "");
    const Zhucun__CheckInReply *cr = r->check_in;
    assert_int_equal(cr->at, made); /* the device's time */
    assert_true(cr->delay_s >= 3 * 3600 && cr->delay_s <= 3 * 3600 + 5);
    assert_int_equal(cr->received_at, made + cr->delay_s);
    assert_true(cr->valid);
    assert_int_equal(cr->n_flag_names, 0);
    int day = 0;
    int slot = rules_attendance_slot(made, &day);
    assert_string_equal(cr->slot, slot == SLOT_DAY ? "day" : "night");
    assert_int_equal(zt_count(&srv,
                              "SELECT count(*) FROM checkins WHERE id = %lld AND delay_s = %lld"
                              " AND received_at IS NOT NULL AND at = to_timestamp(%lld)",
                              (long long)cr->id, (long long)cr->delay_s, made),
                     1);
    int present;
    unsigned nflagged;
    judged(a_cadre, cr, &present, &nflagged);
    assert_true(present);
    zc_reply_free(r);
}

static void test_thirty_hours_late_flagged_not_counted(void **state)
{
    (void)state;
    long long made = zc_clock_now() - 30 * 3600;
    Zhucun__Reply *r = check_in(b_cadre, made, "");
    const Zhucun__CheckInReply *cr = r->check_in;
    assert_int_equal(cr->at, made);
    assert_true(cr->delay_s >= 30 * 3600);
    assert_true(flagged(cr, "late"));
    assert_int_equal(cr->n_flag_names, 1);
    assert_int_equal(cr->flags, CHECKIN_LATE);
    assert_false(cr->valid);
    /* Stored, flagged, not counted: the week and the report agree. */
    agree(b_cadre, county_a, VA, pb, cr, 0);
    zc_reply_free(r);
}

static void test_county_rule_of_48_hours_counts(void **state)
{
    (void)state;
    long long made = zc_clock_now() - 30 * 3600;
    Zhucun__Reply *r = check_in(c_cadre, made, "");
    const Zhucun__CheckInReply *cr = r->check_in;
    assert_int_equal(cr->at, made);
    assert_true(cr->delay_s >= 30 * 3600);
    assert_true(cr->valid);
    agree(c_cadre, county_b, VB, pc, cr, 1);
    zc_reply_free(r);
    /* 49 hours is past even county B's rule. */
    r = check_in(c_cadre, zc_clock_now() - 49 * 3600, "");
    assert_true(flagged(r->check_in, "late"));
    zc_reply_free(r);
}

static void test_retry_answers_the_same(void **state)
{
    (void)state;
    const char *key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde1";
    long long made = zc_clock_now() - 5 * 3600;
    Zhucun__Reply *a = check_in(a_cadre, made, key);
    zt_sleep_ms(1100);
    Zhucun__Reply *b = check_in(a_cadre, made, key);
    assert_int_equal(a->check_in->id, b->check_in->id);
    assert_int_equal(a->check_in->at, b->check_in->at);
    assert_int_equal(a->check_in->delay_s, b->check_in->delay_s);
    assert_int_equal(a->check_in->received_at, b->check_in->received_at);
    assert_true(b->check_in->valid);
    assert_int_equal(
        zt_count(&srv, "SELECT count(*) FROM checkins WHERE id = %lld", (long long)a->check_in->id),
        1);
    zc_reply_free(a);
    zc_reply_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_on_time_and_ahead_as_before),
        cmocka_unit_test(test_three_hours_late_counts),
        cmocka_unit_test(test_thirty_hours_late_flagged_not_counted),
        cmocka_unit_test(test_county_rule_of_48_hours_counts),
        cmocka_unit_test(test_retry_answers_the_same),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
