/* test_attendance.c -- check-ins and five days, four nights through the real calls: each flag
 * (outside the fence, poor accuracy, mock location, too fast since the previous check-in,
 * clock skew), a township team member judged by the nearest village, a retried check-in
 * stored once, every malformed input refused with its field, out-of-scope cadres NOT_FOUND,
 * and a week whose Wednesday night is a check-in after midnight and whose Friday is official
 * business (rows of the past week inserted with SQL, since a check-in's time is the server's
 * clock). */
#include "harness.h"

#include "common/clock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rules/attendance.h"
#include "common/rules/checkin.h"
#include "common/rules/date.h"

#define PW     "correct horse battery"
#define COUNTY "140105000000"
#define TWP    "140105001000"
#define VA     "140105001001"
#define VB     "140105001002"
#define VX     "140106001001" /* another county */
#define VA_LAT 37.80
#define VA_LON 112.55
#define VB_LAT 37.85
#define VB_LON 112.60

static struct zt_server srv;
static struct zc_client *county, *township, *other_county, *cadre_a, *cadre_b, *cadre_t, *cadre_x;
static int64_t person_a, person_b, person_t, person_x, team_b;

static const char *tree = "code,name,level,lat,lon\n"
                          "140100000000,太原市,city,,\n"
                          "140105000000,小店区,county,,\n"
                          "140105001000,坞城街道,township,,\n"
                          "140105001001,测试一村,village,37.80,112.55\n"
                          "140105001002,测试二村,village,37.85,112.60\n"
                          "140105001003,测试三村,village,,\n"
                          "140106000000,迎泽区,county,,\n"
                          "140106001000,柳巷街道,township,,\n"
                          "140106001001,测试四村,village,37.86,112.56\n";

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "attendance", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "wucheng", PW, "township", TWP, 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    township = zt_login(&srv, "wucheng", PW, NULL);
    cadre_a = zt_cadre(&srv, county, zt_team(county, "village", VA, "一村工作队"), "cadre-a", VA,
                       "team_captain", "captain", 0, PW, &person_a);
    team_b = zt_team(county, "village", VB, "二村工作队");
    cadre_b = zt_cadre(&srv, county, team_b, "cadre-b", VB, "cadre", "member", 0, PW, &person_b);
    cadre_t = zt_cadre(&srv, county, zt_team(county, "township", TWP, "坞城街道工作队"), "cadre-t",
                       TWP, "cadre", "member", 0, PW, &person_t);
    cadre_x = zt_cadre(&srv, other_county, zt_team(other_county, "village", VX, "四村工作队"),
                       "cadre-x", VX, "cadre", "member", 0, PW, &person_x);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(other_county);
    zc_close(township);
    zc_close(cadre_a);
    zc_close(cadre_b);
    zc_close(cadre_t);
    zc_close(cadre_x);
    zt_server_finish(&srv);
    return 0;
}

/* One check-in; the device clock is now + skew. */
/* When not 0, the client time every check_in sends (a retry must send the very same request:
 * its body is what the idempotency key is bound to). */
static int64_t fixed_client_time;

static Zhucun__Code check_in(struct zc_client *c, double lat, double lon, double acc, int mock,
                             long skew, const char *key, Zhucun__Reply **out)
{
    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = lat;
    ci.lon = lon;
    ci.accuracy_m = acc;
    ci.mock = mock;
    ci.device_id = "test-phone";
    ci.client_time = (fixed_client_time != 0 ? fixed_client_time : (int64_t)zc_clock_now()) + skew;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CHECK_IN;
    req.check_in = &ci;
    req.idempotency_key = (char *)(key ? key : "");
    return zt_call(c, &req, out);
}

/* The flags of a check-in that must succeed. */
static unsigned flags_of(struct zc_client *c, double lat, double lon, double acc, int mock,
                         long skew)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(check_in(c, lat, lon, acc, mock, skew, NULL, &reply), ZHUCUN__CODE__OK);
    unsigned flags = reply->check_in->flags;
    assert_int_equal(reply->check_in->valid, flags == 0);
    assert_int_equal(reply->check_in->n_flag_names, __builtin_popcount(flags));
    zc_reply_free(reply);
    return flags;
}

/* Moves a person's check-ins 30 days back, so that the next one is not judged too fast and
 * none of them lands in the week the last test judges. */
static void age(int64_t person)
{
    char sql[160];
    snprintf(sql, sizeof(sql),
             "UPDATE checkins SET at = at - interval '30 days' WHERE person_id = %lld RETURNING 1",
             (long long)person);
    free(zt_sql(&srv, sql));
}

static void test_checkin_flags(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(check_in(cadre_a, VA_LAT, VA_LON, 10, 0, 0, NULL, &reply), ZHUCUN__CODE__OK);
    const Zhucun__CheckInReply *cr = reply->check_in;
    assert_int_equal(cr->flags, 0);
    assert_true(cr->valid);
    assert_string_equal(cr->village_code, VA);
    assert_true(cr->distance_m < 1.0);
    assert_true(llabs(cr->at - (int64_t)zc_clock_now()) < 60);
    assert_true(strcmp(cr->slot, "day") == 0 || strcmp(cr->slot, "night") == 0);
    zc_reply_free(reply);

    age(person_a);
    /* 0.045 degrees of latitude north: about 5 km, outside the 1,000 m fence */
    assert_int_equal(flags_of(cadre_a, VA_LAT + 0.045, VA_LON, 10, 0, 0), CHECKIN_OUTSIDE_FENCE);
    age(person_a);
    assert_int_equal(flags_of(cadre_a, VA_LAT, VA_LON, 800, 0, 0), CHECKIN_POOR_ACCURACY);
    age(person_a);
    assert_int_equal(flags_of(cadre_a, VA_LAT, VA_LON, 10, 1, 0), CHECKIN_MOCK_LOCATION);
    age(person_a);
    /* A device clock ahead of the server's (one behind is a check-in sent late, issue 24:
     * test_checkin_late) */
    assert_int_equal(flags_of(cadre_a, VA_LAT, VA_LON, 10, 0, 3600), CHECKIN_CLOCK_SKEW);
    /* not aged: 900 m (inside the fence) a second or two after the last one */
    assert_int_equal(flags_of(cadre_a, VA_LAT + 0.0081, VA_LON, 10, 0, 0), CHECKIN_TOO_FAST);
    char *names = zt_sql(&srv, "SELECT flag_names::text FROM checkins ORDER BY at DESC LIMIT 1");
    assert_string_equal(names, "{too_fast}");
    free(names);
    /* every check-in was kept, flagged or not */
    char *n = zt_sql(&srv, "SELECT count(*) || ',' || count(*) FILTER (WHERE flags = 0)"
                           " FROM checkins WHERE device_id = 'test-phone'");
    assert_string_equal(n, "6,1");
    free(n);
}

static void test_township_member_nearest_village(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(check_in(cadre_t, VB_LAT + 0.001, VB_LON, 20, 0, 0, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_string_equal(reply->check_in->village_code, VB);
    assert_int_equal(reply->check_in->flags, 0);
    zc_reply_free(reply);
    age(person_t);
    assert_int_equal(check_in(cadre_t, VA_LAT, VA_LON + 0.001, 20, 0, 0, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_string_equal(reply->check_in->village_code, VA);
    zc_reply_free(reply);
    age(person_t);
    /* halfway between the villages, about 3.5 km from each: the nearer one, and outside */
    assert_int_equal(check_in(cadre_t, 37.826, 112.575, 20, 0, 0, NULL, &reply), ZHUCUN__CODE__OK);
    assert_true(reply->check_in->flags & CHECKIN_OUTSIDE_FENCE);
    assert_true(reply->check_in->distance_m > 1000);
    zc_reply_free(reply);
    age(person_t);
}

static void test_retry_stored_once(void **state)
{
    (void)state;
    age(person_b);
    char *before = zt_sql(&srv, "SELECT count(*) FROM checkins");
    Zhucun__Reply *a = NULL, *b = NULL;
    /* the same second both times: a retry across a second's edge was a different request */
    fixed_client_time = (int64_t)zc_clock_now();
    assert_int_equal(check_in(cadre_b, VB_LAT, VB_LON, 15, 0, 0, "ck-1", &a), ZHUCUN__CODE__OK);
    assert_int_equal(check_in(cadre_b, VB_LAT, VB_LON, 15, 0, 0, "ck-1", &b), ZHUCUN__CODE__OK);
    fixed_client_time = 0;
    assert_int_equal(a->check_in->id, b->check_in->id);
    assert_int_equal(a->check_in->at, b->check_in->at);
    assert_int_equal(a->check_in->flags, b->check_in->flags);
    assert_string_equal(a->check_in->village_code, b->check_in->village_code);
    assert_string_equal(a->check_in->slot_date, b->check_in->slot_date);
    zc_reply_free(a);
    zc_reply_free(b);
    char *after = zt_sql(&srv, "SELECT count(*) FROM checkins");
    assert_int_equal(atoi(after), atoi(before) + 1);
    free(before);
    free(after);
    age(person_b);
}

/* reply is where the call left its reply: read only after the call (arguments are evaluated
 * in no particular order). */
static void expect_field(Zhucun__Code got, Zhucun__Reply **out, const char *field)
{
    Zhucun__Reply *reply = *out;
    *out = NULL;
    assert_int_equal(got, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_non_null(reply);
    assert_int_equal(reply->status->n_fields, 1);
    assert_string_equal(reply->status->fields[0]->field, field);
    zc_reply_free(reply);
}

static Zhucun__Code business(struct zc_client *c, int64_t person, const char *date,
                             const char *note, Zhucun__Reply **out)
{
    Zhucun__OfficialBusinessRecord ob = ZHUCUN__OFFICIAL_BUSINESS_RECORD__INIT;
    ob.person_id = person;
    ob.date = (char *)date;
    ob.note = (char *)note;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD;
    req.official_business_record = &ob;
    return zt_call(c, &req, out);
}

static Zhucun__Code week(struct zc_client *c, int64_t person, const char *w, Zhucun__Reply **out)
{
    Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
    aw.person_id = person;
    aw.week = (char *)w;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK;
    req.attendance_week = &aw;
    return zt_call(c, &req, out);
}

static Zhucun__Code report(struct zc_client *c, const char *org, const char *w, int short_only,
                           uint32_t limit, Zhucun__Reply **out)
{
    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = (char *)org;
    ar.week = (char *)w;
    ar.short_only = short_only;
    ar.limit = limit;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT;
    req.attendance_report = &ar;
    return zt_call(c, &req, out);
}

static void test_invalid_inputs(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    expect_field(check_in(cadre_a, 90.5, VA_LON, 10, 0, 0, NULL, &reply), &reply, "lat");
    expect_field(check_in(cadre_a, NAN, VA_LON, 10, 0, 0, NULL, &reply), &reply, "lat");
    expect_field(check_in(cadre_a, VA_LAT, -180.01, 10, 0, 0, NULL, &reply), &reply, "lon");
    expect_field(check_in(cadre_a, VA_LAT, INFINITY, 10, 0, 0, NULL, &reply), &reply, "lon");
    expect_field(check_in(cadre_a, VA_LAT, VA_LON, 0, 0, 0, NULL, &reply), &reply, "accuracy_m");
    expect_field(check_in(cadre_a, VA_LAT, VA_LON, -5, 0, 0, NULL, &reply), &reply, "accuracy_m");
    expect_field(check_in(cadre_a, VA_LAT, VA_LON, NAN, 0, 0, NULL, &reply), &reply, "accuracy_m");

    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = VA_LAT;
    ci.lon = VA_LON;
    ci.accuracy_m = 10;
    ci.client_time = 0; /* missing */
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CHECK_IN;
    req.check_in = &ci;
    expect_field(zt_call(cadre_a, &req, &reply), &reply, "client_time");
    char device[130];
    memset(device, 'd', 129);
    device[129] = '\0';
    ci.client_time = (int64_t)zc_clock_now();
    ci.device_id = device;
    expect_field(zt_call(cadre_a, &req, &reply), &reply, "device_id");
    device[128] = '\0'; /* exactly 128 bytes is fine */
    assert_int_equal(zt_call(cadre_a, &req, NULL), ZHUCUN__CODE__OK);
    age(person_a);

    expect_field(week(cadre_a, 0, "2026-48", &reply), &reply, "week");
    expect_field(week(cadre_a, 0, "2026-W54", &reply), &reply, "week");
    expect_field(week(cadre_a, 0, "2999-W01", &reply), &reply, "week"); /* the future */
    expect_field(week(cadre_a, -1, "", &reply), &reply, "person_id");
    expect_field(report(county, "1401", "", 0, 0, &reply), &reply, "org_code");
    expect_field(report(county, COUNTY, "W48", 0, 0, &reply), &reply, "week");
    expect_field(report(county, COUNTY, "", 0, 5001, &reply), &reply, "limit");
    assert_int_equal(report(county, COUNTY, "", 0, 5000, NULL), ZHUCUN__CODE__OK);

    char today[11], far[11];
    int t = zt_today();
    rules_date_format(t, today);
    expect_field(business(county, person_a, "2026/11/01", "开会", &reply), &reply, "date");
    rules_date_format(t - 93, far);
    expect_field(business(county, person_a, far, "开会", &reply), &reply, "date");
    rules_date_format(t + 32, far);
    expect_field(business(county, person_a, far, "开会", &reply), &reply, "date");
    expect_field(business(county, person_a, today, "", &reply), &reply, "note");
    char note[502];
    memset(note, 'n', 501);
    note[501] = '\0';
    expect_field(business(county, person_a, today, note, &reply), &reply, "note");
    expect_field(business(county, 0, today, "开会", &reply), &reply, "person_id");
}

static void test_scope(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    char today[11];
    rules_date_format(zt_today(), today);
    /* a cadre sees their own week, not a teammate's or anyone else's */
    assert_int_equal(week(cadre_a, 0, "", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attendance_week->person_id, person_a);
    assert_int_equal(reply->attendance_week->n_days, 7);
    assert_true(reply->attendance_week->running);
    zc_reply_free(reply);
    assert_int_equal(week(cadre_b, person_b, "", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(week(cadre_b, person_a, "", NULL), ZHUCUN__CODE__NOT_FOUND);
    /* the team captain of village A sees A's team only */
    assert_int_equal(week(cadre_a, person_b, "", NULL), ZHUCUN__CODE__NOT_FOUND);
    /* the township and the county office see their cadres; the other county does not */
    assert_int_equal(week(township, person_b, "", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(week(township, person_t, "", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(week(county, person_a, "", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(week(township, person_x, "", NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(week(other_county, person_a, "", NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(week(county, 999999, "", NULL), ZHUCUN__CODE__NOT_FOUND);
    /* an office clerk has no week of their own */
    assert_int_equal(week(county, 0, "", NULL), ZHUCUN__CODE__FAILED_PRECONDITION);

    assert_int_equal(report(county, "140106000000", "", 0, 0, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(report(township, COUNTY, "", 0, 0, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(report(cadre_a, VA, "", 0, 0, NULL), ZHUCUN__CODE__OK); /* captain */
    assert_int_equal(report(cadre_a, VB, "", 0, 0, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(report(cadre_b, VB, "", 0, 0, NULL), ZHUCUN__CODE__PERMISSION_DENIED);

    assert_int_equal(business(other_county, person_a, today, "开会", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(business(township, person_x, today, "开会", NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(business(cadre_a, person_a, today, "开会", NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    /* check-ins are for serving cadres only */
    assert_int_equal(check_in(county, VA_LAT, VA_LON, 10, 0, 0, NULL, NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
}

/* Inserts a check-in of person at local time "YYYY-MM-DD HH:MM" with flags. */
static void put(int64_t person, int day, const char *hhmm, int flags)
{
    char date[11], sql[512];
    rules_date_format(day, date);
    snprintf(sql, sizeof(sql),
             "INSERT INTO checkins (at, person_id, team_id, village_code, client_time, lat, lon,"
             " accuracy_m, flags) VALUES ('%s %s+08', %lld, %lld, '%s', '%s %s+08', %f, %f, 10,"
             " %d) RETURNING id",
             date, hhmm, (long long)person, (long long)team_b, VB, date, hhmm, VB_LAT, VB_LON,
             flags);
    free(zt_sql(&srv, sql));
}

static const Zhucun__AttendanceRow *row_of(const Zhucun__AttendanceReportReply *ar, int64_t pid)
{
    for (size_t i = 0; i < ar->n_rows; i++)
        if (ar->rows[i]->person_id == pid)
            return ar->rows[i];
    return NULL;
}

static void test_week_with_official_business(void **state)
{
    (void)state;
    /* the last finished week: its Monday */
    int mon = rules_week_monday(rules_shanghai_day(zc_clock_now() - 6 * 3600)) - 7;
    char w[9], fri[11];
    rules_week_format(mon, w);
    rules_date_format(mon + 4, fri);
    for (int d = 0; d < 4; d++)
        put(person_b, mon + d, "09:00", 0);                 /* Monday to Thursday: days */
    put(person_b, mon, "21:00", 0);                         /* Monday night */
    put(person_b, mon + 1, "22:30", 0);                     /* Tuesday night */
    put(person_b, mon + 3, "01:30", 0);                     /* Thursday 01:30: Wednesday's night */
    put(person_b, mon + 7, "00:30", 0);                     /* next Monday 00:30: Sunday's night */
    put(person_b, mon + 4, "21:00", CHECKIN_OUTSIDE_FENCE); /* flagged: counts for nothing */
    put(person_b, mon, "03:00", 0); /* Monday 03:00: the week before's Sunday night */

    Zhucun__Reply *reply = NULL;
    assert_int_equal(report(county, COUNTY, w, 0, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AttendanceReportReply *ar = reply->attendance_report;
    assert_string_equal(ar->week, w);
    assert_false(ar->running);
    assert_int_equal(ar->total->cadres, 3); /* a, b and the township member */
    assert_int_equal(ar->total->met, 0);
    assert_int_equal(ar->total->fell_short, 3);
    assert_int_equal(ar->n_by_org, 1); /* the county's one township */
    assert_string_equal(ar->by_org[0]->org_code, TWP);
    assert_int_equal(ar->by_org[0]->cadres, 3);
    const Zhucun__AttendanceRow *b = row_of(ar, person_b);
    assert_non_null(b);
    assert_int_equal(b->days_present, 4);
    assert_int_equal(b->nights_present, 4);
    assert_int_equal(b->required_days, 5);
    assert_false(b->met);
    assert_int_equal(b->flagged, 1);
    assert_int_equal(b->checkins, 9); /* the week's window: Monday 06:00 to Monday 06:00 */
    zc_reply_free(reply);

    /* Friday was official business: 4 days and 3 nights are required now */
    assert_int_equal(business(township, person_b, fri, "参加县里培训", &reply), ZHUCUN__CODE__OK);
    assert_true(reply->official_business->id > 0);
    zc_reply_free(reply);
    assert_int_equal(business(county, person_b, fri, "重复登记", &reply),
                     ZHUCUN__CODE__ALREADY_EXISTS);
    assert_string_equal(reply->status->fields[0]->field, "date");
    zc_reply_free(reply);
    char *audit =
        zt_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'official_business.record'");
    assert_string_equal(audit, "1");
    free(audit);

    assert_int_equal(report(county, COUNTY, w, 1, 0, &reply), ZHUCUN__CODE__OK);
    ar = reply->attendance_report;
    assert_int_equal(ar->total->met, 1);
    assert_int_equal(ar->total->fell_short, 2);
    assert_int_equal(ar->total->excused_days, 1);
    assert_int_equal(ar->n_rows, 2); /* short only */
    assert_null(row_of(ar, person_b));
    zc_reply_free(reply);
    assert_int_equal(report(county, COUNTY, w, 0, 1, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attendance_report->n_rows, 1);
    assert_true(reply->attendance_report->truncated);
    zc_reply_free(reply);
    /* a township's report: a row per village, and one for the township itself, where its
     * township team serves; every cadre in exactly one of them */
    assert_int_equal(report(township, TWP, w, 0, 0, &reply), ZHUCUN__CODE__OK);
    ar = reply->attendance_report;
    assert_int_equal(ar->total->cadres, 3);
    uint32_t in_rows = 0;
    int township_row = 0;
    for (size_t i = 0; i < ar->n_by_org; i++) {
        in_rows += ar->by_org[i]->cadres;
        if (strcmp(ar->by_org[i]->org_code, TWP) == 0) {
            township_row = 1;
            assert_int_equal(ar->by_org[i]->cadres, 1); /* the township team's member */
        }
    }
    assert_true(township_row);
    assert_int_equal(in_rows, 3);
    zc_reply_free(reply);
    /* a village's report counts its own team */
    assert_int_equal(report(township, VB, w, 0, 0, &reply), ZHUCUN__CODE__OK);
    ar = reply->attendance_report;
    assert_int_equal(ar->total->cadres, 1);
    assert_int_equal(ar->n_by_org, 1);
    assert_string_equal(ar->by_org[0]->org_code, VB);
    assert_int_equal(ar->rows[0]->excused, 1);
    assert_true(ar->rows[0]->met);
    zc_reply_free(reply);

    assert_int_equal(week(cadre_b, 0, w, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AttendanceWeekReply *wr = reply->attendance_week;
    assert_int_equal(wr->days_present, 4);
    assert_int_equal(wr->nights_present, 4);
    assert_int_equal(wr->excused, 1);
    assert_int_equal(wr->required_days, 4);
    assert_int_equal(wr->required_nights, 3);
    assert_true(wr->met);
    assert_false(wr->running);
    assert_int_equal(wr->team_id, team_b);
    assert_string_equal(wr->org_code, VB);
    assert_true(wr->days[2]->night_present); /* Wednesday, by the check-in after midnight */
    assert_false(wr->days[3]->night_present);
    assert_true(wr->days[6]->night_present); /* Sunday, by next Monday 00:30 */
    assert_true(wr->days[4]->excused);
    assert_string_equal(wr->days[4]->excuse, "official_business");
    assert_string_equal(wr->days[4]->date, fri);
    assert_int_equal(wr->days[4]->flagged, 1);
    assert_int_equal(wr->n_checkins, 9);
    assert_int_equal(wr->checkins[0]->flags, 0);
    assert_non_null(strstr(wr->checkins[0]->local_time, " 09:00:00"));
    zc_reply_free(reply);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkin_flags),
        cmocka_unit_test(test_township_member_nearest_village),
        cmocka_unit_test(test_retry_stored_once),
        cmocka_unit_test(test_invalid_inputs),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_week_with_official_business),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
