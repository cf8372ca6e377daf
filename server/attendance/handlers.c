/* attendance/handlers.c -- check-ins (SPEC A1) flagged by common/rules/checkin.c, recorded
 * official business, and five days and four nights (A2) judged by
 * common/rules/attendance.c with the A2 rule row in force that week (0030), for one cadre's
 * week and for an org unit's weekly report (docs/attendance-rules.md). */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/attendance.h"
#include "common/rules/checkin.h"
#include "common/rules/date.h"
#include "common/rules/instant.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/attendance/store.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/roles.h"

#define WEEK_LIST_MAX       500 /* check-ins one AttendanceWeek lists at most */
#define REPORT_ROWS_DEFAULT 2000

static int today_days(void)
{
    return zc_clock_today();
}

/* The names of the bits of flags into names (CHECKIN_NFLAGS entries); returns how many. */
static size_t flag_names(unsigned flags, char **names)
{
    size_t n = 0;
    for (unsigned bit = 0; bit < CHECKIN_NFLAGS; bit++)
        if (flags & (1u << bit))
            names[n++] = (char *)rules_checkin_flag_name(1u << bit);
    return n;
}

/* ---- CheckIn ---- */

struct checkin_call {
    struct request *r;
    struct checkin c;
    long long at_us;
    const char *p[18];
};

/* The answer to CheckIn, first or retried, from the stored result: id, Unix seconds, flags,
 * distance (-1: none), village, and (0184) the delay and the receipt of a delayed one (a result
 * stored before 0184 has the first five). */
static void replay_check_in(struct request *r, const struct stored_result *sr)
{
    if (!sr->present) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    char **names = arena_alloc(r->arena, CHECKIN_NFLAGS * sizeof(*names));
    char *date = arena_alloc(r->arena, 11);
    if ((sr->n != 5 && sr->n != 7) || names == NULL || date == NULL) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取打卡结果", NULL);
        return;
    }
    Zhucun__CheckInReply cr = ZHUCUN__CHECK_IN_REPLY__INIT;
    cr.id = strtoll(sr->f[0], NULL, 10);
    cr.at = strtoll(sr->f[1], NULL, 10);
    cr.flags = (uint32_t)strtoul(sr->f[2], NULL, 10);
    cr.distance_m = strtod(sr->f[3], NULL);
    cr.village_code = (char *)sr->f[4];
    cr.delay_s = sr->n == 7 ? strtoll(sr->f[5], NULL, 10) : 0;
    cr.received_at = sr->n == 7 ? strtoll(sr->f[6], NULL, 10) : 0;
    cr.valid = rules_checkin_valid(cr.flags);
    cr.n_flag_names = flag_names(cr.flags, names);
    cr.flag_names = names;
    int day = 0;
    int slot = rules_attendance_slot(cr.at, &day);
    cr.slot = slot == SLOT_DAY ? "day" : slot == SLOT_NIGHT ? "night" : "";
    rules_date_format(day, date);
    cr.slot_date = slot >= 0 ? date : "";
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_CHECK_IN;
    reply.check_in = &cr;
    request_reply(r, &reply);
}

static void on_checkin_created(struct request *r, PGresult *res, void *arg)
{
    request_reply_stored(r, PQgetvalue(res, 0, 0));
}

static double number_at(const PGresult *res, int row, int col)
{
    return strtod(PQgetvalue(res, row, col), NULL);
}

/* Judges the check-in against its context, then stores it. The fence is the team's village's,
 * or for a township team the nearest located village of its township; with no located village
 * the check-in is kept as outside the fence, since nothing can confirm it. The previous
 * check-in within the look-back feeds the speed check. The flags are computed here by the
 * rules the clients show (common/rules/checkin.c) and stored with the row, so that no report
 * recomputes them. */
static void on_checkin_context(struct request *r, PGresult *res, void *arg)
{
    struct checkin_call *cc = arg;
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, "您当前不在任何工作队任职，不能打卡",
                     NULL);
        return;
    }
    /* The village whose fence judges the check-in: the team's village, or for a township
     * team the nearest of the township's villages that has a location (docs/attendance-rules.md,
     * "Where it runs"). */
    int best = -1;
    double best_m = 0;
    for (int i = 0; i < n; i++) {
        if (PQgetisnull(res, i, 5) || PQgetisnull(res, i, 6))
            continue;
        double m =
            rules_distance_m(number_at(res, i, 5), number_at(res, i, 6), cc->c.lat, cc->c.lon);
        if (best < 0 || m < best_m) {
            best = i;
            best_m = m;
        }
    }
    struct checkin_fix prev = {0};
    if (!PQgetisnull(res, 0, 9) && !PQgetisnull(res, 0, 10)) {
        prev.time = strtoll(PQgetvalue(res, 0, 8), NULL, 10);
        prev.lat = number_at(res, 0, 9);
        prev.lon = number_at(res, 0, 10);
        prev.has_position = 1;
    }
    /* A delayed check-in counts within the hours of the county's rule row (0184). */
    struct checkin_limits lim = CHECKIN_LIMITS_DEFAULT;
    lim.late_max_h = (unsigned)atoi(PQgetvalue(res, 0, 11));
    unsigned flags;
    const char *village;
    if (best >= 0) {
        struct geofence fence = {number_at(res, best, 5), number_at(res, best, 6),
                                 (unsigned)atoi(PQgetvalue(res, best, 7))};
        flags = rules_checkin_flags(&cc->c, &fence, &prev, &lim);
        village = PQgetvalue(res, best, 4);
    } else {
        /* No location to judge against: the fence cannot confirm the check-in, so it is kept
         * as outside the fence; every other flag is judged as usual (against a fence at the
         * check-in's own position). */
        struct geofence own = {cc->c.lat, cc->c.lon, 0};
        flags = rules_checkin_flags(&cc->c, &own, &prev, &lim) | CHECKIN_OUTSIDE_FENCE;
        village = PQgetvalue(res, 0, 4)[0] ? PQgetvalue(res, 0, 4) : PQgetvalue(res, 0, 3);
    }
    char *names[CHECKIN_NFLAGS];
    size_t nn = flag_names(flags, names);
    char list[128] = "{";
    for (size_t i = 0; i < nn; i++) {
        strcat(list, i ? "," : "");
        strcat(list, names[i]);
    }
    strcat(list, "}");
    const char **p = cc->p;
    p[2] = request_printf(r, "%s", PQgetvalue(res, 0, 0));
    p[3] = request_printf(r, "%s", PQgetvalue(res, 0, 1));
    p[4] = request_printf(r, "%s", village);
    p[12] = request_printf(r, "%u", flags);
    p[13] = request_printf(r, "%s", list);
    p[14] = best >= 0 ? request_printf(r, "%.3f", best_m) : NULL;
    request_query(r, &store_checkin_create, p, on_checkin_created, NULL);
}

/* CheckIn: malformed measurements are refused, naming the field; anything well formed is
 * stored, flagged or not (A1: a suspicious check-in is recorded, never refused). The server's
 * clock, read once here, is the check-in's time, unless the device's time is behind it by more
 * than the skew tolerance: then it was made offline and sent late, and the device's time is
 * its time, the server's its receipt (rules_checkin_delay_s; docs/attendance-rules.md, "Late
 * check-ins"). The first query fetches what the flags are
 * judged against (on_checkin_context); the second stores the check-in with its flags. */
static void handle_check_in(struct request *r)
{
    const Zhucun__CheckIn *in = r->msg->check_in;
    /* rules_checkin_problem is the judge; asking it about one measurement at a time (the
     * others set to well-formed values) names the field at fault. */
    if (rules_checkin_problem(in->lat, 0, 1) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "纬度应为 -90 到 90 之间的有限数", "lat");
        return;
    }
    if (rules_checkin_problem(0, in->lon, 1) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "经度应为 -180 到 180 之间的有限数", "lon");
        return;
    }
    if (rules_checkin_problem(0, 0, in->accuracy_m) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "定位精度应为大于 0 的有限米数",
                     "accuracy_m");
        return;
    }
    if (strlen(in->device_id) > CHECKIN_DEVICE_ID_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "设备编号过长（最多 %d 字节）", CHECKIN_DEVICE_ID_MAX),
                     "device_id");
        return;
    }
    if (in->client_time <= 0 || in->client_time >= CHECKIN_CLIENT_TIME_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     "请提供设备时间（Unix 秒，1970 年到 2999 年之间）", "client_time");
        return;
    }
    struct checkin_call *cc = request_alloc(r, sizeof(*cc));
    if (cc == NULL)
        return;
    cc->r = r;
    /* The check-in's time is the server's clock, read once, or a delayed one's device time:
     * the flags and the stored row agree on it. */
    long long now_us = (long long)zc_clock_now_us();
    cc->c.delay_s = rules_checkin_delay_s(in->client_time, now_us / 1000000, NULL);
    cc->at_us = cc->c.delay_s > 0 ? in->client_time * 1000000LL : now_us;
    cc->c.time = cc->at_us / 1000000;
    cc->c.client_time = in->client_time;
    cc->c.lat = in->lat;
    cc->c.lon = in->lon;
    cc->c.accuracy_m = in->accuracy_m;
    cc->c.mock = in->mock;
    /* The context query looks back no further than an earlier check-in can matter. */
    long long lookback = rules_checkin_lookback_s(NULL);
    const char **p = cc->p;
    p[0] = request_num(r, r->session.user_id);
    p[1] = r->msg->idempotency_key;
    p[15] = request_key_hash(r);
    p[5] = request_num(r, cc->at_us);
    p[6] = request_num(r, in->client_time);
    p[7] = request_printf(r, "%.17g", in->lat);
    p[8] = request_printf(r, "%.17g", in->lon);
    p[9] = request_printf(r, "%.17g", in->accuracy_m);
    p[10] = in->device_id;
    p[11] = in->mock ? "true" : "false";
    p[16] = cc->c.delay_s > 0 ? request_num(r, now_us) : NULL;
    p[17] = request_num(r, cc->c.delay_s);
    const char **q = request_params(r, 3);
    if (q == NULL)
        return;
    q[0] = p[0];
    q[1] = p[5];
    q[2] = request_num(r, lookback);
    request_query(r, &store_checkin_context, q, on_checkin_context, cc);
}

/* ---- OfficialBusinessRecord ---- */

/* The answer to OfficialBusinessRecord, first or retried: the stored result is the record's
 * id. */
static void replay_official_business(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__OfficialBusinessReply br = ZHUCUN__OFFICIAL_BUSINESS_REPLY__INIT;
    br.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_OFFICIAL_BUSINESS;
    reply.official_business = &br;
    request_reply(r, &reply);
}

static void on_business(struct request *r, PGresult *res, void *arg)
{
    request_reply_stored(r, PQgetvalue(res, 0, 0));
}

static void handle_official_business_record(struct request *r)
{
    const Zhucun__OfficialBusinessRecord *in = r->msg->official_business_record;
    if (in->person_id <= 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请指定队员（人员编号）", "person_id");
        return;
    }
    int ok = 0;
    int day = rules_date_days(in->date, &ok);
    if (!ok) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "公务日期应为 YYYY-MM-DD", "date");
        return;
    }
    char buf[128];
    const char *problem = rules_business_day_problem(day, today_days(), buf, sizeof(buf));
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", problem), "date");
        return;
    }
    if ((problem = rules_business_note_problem(in->note, buf, sizeof(buf))) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", problem), "note");
        return;
    }
    const char **p = request_keyed_scoped_params(r, 9);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->person_id);
    p[4] = in->date;
    p[5] = in->note;
    request_query(r, &store_official_business_record, p, on_business, NULL);
}

/* ---- one week, as both calls read it ---- */

/* Parses a week field: "" is `dflt`; a future week is refused. Returns the Monday, or -1
 * after ending the request. */
static int week_monday(struct request *r, const char *week, int dflt)
{
    int this_monday = rules_week_monday(today_days());
    int monday = dflt;
    if (week[0] != '\0' && rules_week_parse(week, &monday) != 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "周次应为 ISO 周，如 2026-W48", "week");
        return -1;
    }
    if (monday > this_monday) {
        char now[9];
        rules_week_format(this_monday, now);
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "不能查询未来的周（本周为 %s）", now), "week");
        return -1;
    }
    return monday;
}

/* The days (bit 0 Monday) among day offsets from the Monday (0-6; others are ignored). */
static unsigned day_mask(const struct pgarray_values *days)
{
    unsigned mask = 0;
    for (size_t i = 0; i < days->n; i++) {
        int d = days->v[i] != NULL ? atoi(days->v[i]) : -1;
        if (d >= 0 && d < 7)
            mask |= 1u << d;
    }
    return mask;
}

/* The A2 rule of a week from the four columns from col on (RULE_COLUMNS in store.c: the row of
 * duty_rules in force that week, 0030): required days and nights, and the hours that open the
 * day and the night slots. */
static struct attendance_rule rule_at(const PGresult *res, int row, int col)
{
    struct attendance_rule ar;
    ar.days = atoi(PQgetvalue(res, row, col));
    ar.nights = atoi(PQgetvalue(res, row, col + 1));
    ar.day_from_s = atoi(PQgetvalue(res, row, col + 2));
    ar.night_from_s = atoi(PQgetvalue(res, row, col + 3));
    return ar;
}

/* Judges the week of monday by rule from valid/invalid check-ins, the excused days (bit mask)
 * and the days served (bit mask): the days not served are passed as excused, as
 * rules_attendance_week allows. */
static void judge(const struct attendance_rule *rule, int monday,
                  const struct attendance_checkin *cks, size_t n, unsigned excused,
                  unsigned serving, struct attendance_week *out)
{
    int days[7];
    size_t nd = 0;
    for (int d = 0; d < 7; d++)
        if ((excused & (1u << d)) || !(serving & (1u << d)))
            days[nd++] = monday + d;
    rules_attendance_week(monday, cks, n, days, nd, rule, out);
}

/* ---- AttendanceWeek ---- */

struct week_call {
    struct request *r;
    int monday;
    int self; /* person_id 0: the caller's own week */
    const char *p[4];
};

/* AttendanceWeek's one row: the person, their team that week, and three lists (the days they
 * served, the excused days with their reasons, the week's check-ins). The week is judged by
 * rules_attendance_week, the judge the weekly report uses too, with the days off the team
 * passed as excused: nothing is owed for them. The reply gives each day's verdict, its excuses
 * by name ("not_serving" for a day off the team) and at most WEEK_LIST_MAX check-ins with
 * their flags. A person in no team that week has no week to judge: FAILED_PRECONDITION, not
 * an empty week that would read as absence. */
static void on_week(struct request *r, PGresult *res, void *arg)
{
    struct week_call *wc = arg;
    if (PQntuples(res) == 0) {
        if (wc->self)
            request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, "您的账号没有关联人员档案", NULL);
        else
            request_fail(r, ZHUCUN__CODE__NOT_FOUND, "队员不存在或不在您的管辖范围内", "person_id");
        return;
    }
    if (strcmp(PQgetvalue(res, 0, 2), "0") == 0) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, "该周不在任何工作队任职", "week");
        return;
    }
    Zhucun__AttendanceWeekReply *wr = arena_alloc(r->arena, sizeof(*wr));
    Zhucun__AttendanceDay *dv = arena_alloc(r->arena, 7 * sizeof(*dv));
    Zhucun__AttendanceDay **dp = arena_alloc(r->arena, 7 * sizeof(*dp));
    char *dates = arena_alloc(r->arena, 9 * 11 + 9);
    if (wr == NULL || dv == NULL || dp == NULL || dates == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
        return;
    }
    zhucun__attendance_week_reply__init(wr);
    wr->person_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    wr->name = PQgetvalue(res, 0, 1);
    wr->team_id = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    wr->team_name = PQgetvalue(res, 0, 3);
    wr->org_code = PQgetvalue(res, 0, 4);
    wr->org_name = PQgetvalue(res, 0, 5);
    /* served days; excused days (offset, reason); check-ins (id, seconds, flags, village,
     * distance, delay): arrays that go together */
    struct pgarray_values served = {0}, ex[2] = {{0}}, ck[6] = {{0}};
    if (pgarray_columns(r, res, 0, 6, &served, 1) != 0 ||
        pgarray_columns(r, res, 0, 7, ex, 2) != 0 || pgarray_columns(r, res, 0, 9, ck, 6) != 0)
        goto out;
    unsigned serving = day_mask(&served);
    struct attendance_rule rule = rule_at(res, 0, 15);

    /* the reasons of each excused day, joined by ',' */
    char *excuse[7] = {0};
    unsigned excused = 0;
    for (size_t i = 0; i < ex[0].n; i++) {
        int d = ex[0].v[i] != NULL ? atoi(ex[0].v[i]) : -1;
        const char *reason = ex[1].v[i];
        if (reason == NULL || d < 0 || d > 6)
            continue;
        excused |= 1u << d;
        excuse[d] = (char *)(excuse[d] ? request_printf(r, "%s,%s", excuse[d], reason)
                                       : request_printf(r, "%s", reason));
    }

    size_t n = ck[0].n;
    struct attendance_checkin *cks = xmalloc((n + 1) * sizeof(*cks));
    size_t shown = n < WEEK_LIST_MAX ? n : WEEK_LIST_MAX;
    Zhucun__AttendanceCheckIn *cv = arena_alloc(r->arena, (shown + 1) * sizeof(*cv));
    Zhucun__AttendanceCheckIn **cp = arena_alloc(r->arena, (shown + 1) * sizeof(*cp));
    char **names = arena_alloc(r->arena, (shown + 1) * CHECKIN_NFLAGS * sizeof(*names));
    char(*times)[INSTANT_TEXT_MAX] = arena_alloc(r->arena, (shown + 1) * sizeof(*times));
    if (cv == NULL || cp == NULL || names == NULL || times == NULL) {
        free(cks);
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
        goto out;
    }
    memset(dv, 0, 7 * sizeof(*dv));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (ck[0].v[i] == NULL || ck[1].v[i] == NULL || ck[2].v[i] == NULL || ck[3].v[i] == NULL ||
            ck[4].v[i] == NULL)
            continue;
        unsigned flags = (unsigned)strtoul(ck[2].v[i], NULL, 10);
        cks[k].time = strtoll(ck[1].v[i], NULL, 10);
        cks[k].valid = rules_checkin_valid(flags);
        int day;
        if (rules_attendance_slot_rule(&rule, cks[k].time, &day) >= 0 && day >= wc->monday &&
            day < wc->monday + 7) {
            dv[day - wc->monday].checkins++;
            dv[day - wc->monday].flagged += !cks[k].valid;
        }
        if (k < shown) {
            Zhucun__AttendanceCheckIn *c = &cv[k];
            zhucun__attendance_check_in__init(c);
            c->id = strtoll(ck[0].v[i], NULL, 10);
            c->at = cks[k].time;
            c->local_time =
                (char *)rules_instant_format(cks[k].time * 1000000, INSTANT_SECONDS, times[k]);
            c->flags = flags;
            c->flag_names = names + k * CHECKIN_NFLAGS;
            c->n_flag_names = flag_names(flags, c->flag_names);
            c->village_code = (char *)request_printf(r, "%s", ck[3].v[i]);
            c->distance_m = strtod(ck[4].v[i], NULL);
            c->delay_s = ck[5].v[i] != NULL ? strtoll(ck[5].v[i], NULL, 10) : 0;
            cp[k] = c;
        }
        k++;
    }
    struct attendance_week aw;
    judge(&rule, wc->monday, cks, k, excused, serving, &aw);
    free(cks);

    for (int d = 0; d < 7; d++) {
        Zhucun__AttendanceDay *x = &dv[d];
        uint32_t nck = x->checkins, nfl = x->flagged;
        zhucun__attendance_day__init(x);
        x->checkins = nck;
        x->flagged = nfl;
        rules_date_format(aw.days[d].day, dates + d * 11);
        x->date = dates + d * 11;
        x->weekday = (uint32_t)(d + 1);
        x->excused = aw.days[d].excused;
        x->excuse = excuse[d] ? excuse[d] : !(serving & (1u << d)) ? "not_serving" : "";
        x->day_present = aw.days[d].day_present;
        x->night_present = aw.days[d].night_present;
        dp[d] = x;
    }
    rules_week_format(wc->monday, dates + 7 * 11);
    wr->week = dates + 7 * 11;
    wr->monday = dates;
    wr->sunday = dates + 6 * 11;
    wr->days_present = (uint32_t)aw.days_present;
    wr->nights_present = (uint32_t)aw.nights_present;
    wr->excused = (uint32_t)aw.excused;
    wr->required_days = (uint32_t)aw.required_days;
    wr->required_nights = (uint32_t)aw.required_nights;
    wr->met = aw.met;
    wr->running = zc_clock_now() < rules_week_end_rule(&rule, wc->monday);
    wr->days = dp;
    wr->n_days = 7;
    wr->checkins = cp;
    wr->n_checkins = shown < k ? shown : k;
    wr->truncated = k > shown;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ATTENDANCE_WEEK;
    reply.attendance_week = wr;
    request_reply(r, &reply);
out:
    pgarray_values_free(&served);
    pgarray_values_free_n(ex, 2);
    pgarray_values_free_n(ck, sizeof(ck) / sizeof(ck[0]));
}

static void handle_attendance_week(struct request *r)
{
    const Zhucun__AttendanceWeek *in = r->msg->attendance_week;
    if (in->person_id < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "人员编号应为正整数", "person_id");
        return;
    }
    int monday = week_monday(r, in->week, rules_week_monday(today_days()));
    if (monday < 0)
        return;
    struct week_call *wc = arena_alloc(r->arena, sizeof(*wc));
    char *mon = arena_alloc(r->arena, 11);
    if (wc == NULL || mon == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    wc->r = r;
    wc->monday = monday;
    wc->self = in->person_id == 0;
    rules_date_format(monday, mon);
    wc->p[0] = request_num(r, in->person_id);
    wc->p[1] = request_num(r, r->session.user_id);
    /* Others' weeks through the supervising roles only: a cadre (and a unit's administrator,
     * whose scope is a unit, not an area) sees their own week. */
    wc->p[2] = access_prefix_patterns(r, r->call->roles & ~(ROLE_CADRE | ROLE_UNIT_ADMIN));
    wc->p[3] = mon;
    request_query(r, &store_attendance_week, wc->p, on_week, wc);
}

/* ---- AttendanceReport ---- */

struct report_call {
    struct request *r;
    int monday;
    int short_only;
    unsigned limit;
    const char *p[4];
};

static void count_add(Zhucun__AttendanceCount *c, const struct attendance_week *aw,
                      uint32_t flagged)
{
    c->cadres++;
    c->met += aw->met != 0;
    c->fell_short += aw->met == 0;
    c->excused_days += (uint32_t)aw->excused;
    c->flagged += flagged;
}

/* AttendanceReport's rows come in one result, by kind: 'o' the org unit, 'c' its children (in
 * code order), then 'p' one per cadre who served that week, in the children's order. Each
 * cadre's week is judged as AttendanceWeek judges it; the counts go to their child and to the
 * total whether or not the row is listed (short_only lists those who fell short), and listing
 * stops at the limit with truncated set, so the totals stay true for the whole area. One query
 * for an area of thousands of cadres: one round trip. */
static void on_report(struct request *r, PGresult *res, void *arg)
{
    struct report_call *rc = arg;
    int n = PQntuples(res);
    if (n == 0 || PQgetvalue(res, 0, 0)[0] != 'o') {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    int nchild = 0;
    while (nchild + 1 < n && PQgetvalue(res, nchild + 1, 0)[0] == 'c')
        nchild++;
    int npeople = n - 1 - nchild;
    size_t nrows = (size_t)npeople < rc->limit ? (size_t)npeople : rc->limit;
    Zhucun__AttendanceReportReply *ar = arena_alloc(r->arena, sizeof(*ar));
    Zhucun__AttendanceCount *cv = arena_alloc(r->arena, ((size_t)nchild + 1) * sizeof(*cv));
    Zhucun__AttendanceCount **cp = arena_alloc(r->arena, ((size_t)nchild + 1) * sizeof(*cp));
    Zhucun__AttendanceRow *rv = arena_alloc(r->arena, (nrows + 1) * sizeof(*rv));
    Zhucun__AttendanceRow **rp = arena_alloc(r->arena, (nrows + 1) * sizeof(*rp));
    char *dates = arena_alloc(r->arena, 3 * 11);
    if (ar == NULL || cv == NULL || cp == NULL || rv == NULL || rp == NULL || dates == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
        return;
    }
    zhucun__attendance_report_reply__init(ar);
    ar->org_code = PQgetvalue(res, 0, 1);
    ar->org_name = PQgetvalue(res, 0, 2);
    Zhucun__AttendanceCount *total = &cv[nchild];
    zhucun__attendance_count__init(total);
    total->org_code = ar->org_code;
    total->org_name = ar->org_name;
    for (int i = 0; i < nchild; i++) {
        zhucun__attendance_count__init(&cv[i]);
        cv[i].org_code = PQgetvalue(res, i + 1, 1);
        cv[i].org_name = PQgetvalue(res, i + 1, 2);
        cp[i] = &cv[i];
    }
    struct attendance_rule rule = rule_at(res, 0, 12); /* every row holds the week's rule */
    size_t cap = 64;
    struct attendance_checkin *cks = xmalloc(cap * sizeof(*cks));
    struct pgarray_values served = {0}, ck[2] = {{0}}, exc = {0};
    size_t shown = 0;
    int child = 0;
    for (int i = 1 + nchild; i < n; i++) {
        /* k, code, name, pid, pname, tid, torg, torg_name, served, secs, flags, exc */
        if (pgarray_columns(r, res, i, 8, &served, 1) != 0 ||
            pgarray_columns(r, res, i, 9, ck, 2) != 0 ||
            pgarray_columns(r, res, i, 11, &exc, 1) != 0)
            goto out;
        size_t k = ck[0].n;
        uint32_t flagged = 0;
        if (k > cap) {
            cap = k;
            cks = xrealloc(cks, cap * sizeof(*cks));
        }
        for (size_t j = 0; j < k; j++) {
            unsigned flags = ck[1].v[j] != NULL ? (unsigned)strtoul(ck[1].v[j], NULL, 10) : 0;
            cks[j].time = ck[0].v[j] != NULL ? strtoll(ck[0].v[j], NULL, 10) : 0;
            cks[j].valid = rules_checkin_valid(flags);
            flagged += !cks[j].valid;
        }
        struct attendance_week aw;
        judge(&rule, rc->monday, cks, k, day_mask(&exc), day_mask(&served), &aw);
        /* people come in the children's order */
        const char *code = PQgetvalue(res, i, 1);
        while (child < nchild && strcmp(cv[child].org_code, code) < 0)
            child++;
        if (child < nchild && strcmp(cv[child].org_code, code) == 0)
            count_add(&cv[child], &aw, flagged);
        count_add(total, &aw, flagged);
        if (rc->short_only && aw.met)
            continue;
        if (shown == rc->limit) {
            ar->truncated = 1;
            continue;
        }
        Zhucun__AttendanceRow *row = &rv[shown];
        zhucun__attendance_row__init(row);
        row->person_id = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        row->name = PQgetvalue(res, i, 4);
        row->team_id = strtoll(PQgetvalue(res, i, 5), NULL, 10);
        row->org_code = PQgetvalue(res, i, 6);
        row->org_name = PQgetvalue(res, i, 7);
        row->days_present = (uint32_t)aw.days_present;
        row->nights_present = (uint32_t)aw.nights_present;
        row->excused = (uint32_t)aw.excused;
        row->required_days = (uint32_t)aw.required_days;
        row->required_nights = (uint32_t)aw.required_nights;
        row->met = aw.met;
        row->checkins = (uint32_t)k;
        row->flagged = flagged;
        rp[shown++] = row;
    }
    rules_week_format(rc->monday, dates + 22);
    rules_date_format(rc->monday, dates);
    rules_date_format(rc->monday + 6, dates + 11);
    ar->week = dates + 22;
    ar->monday = dates;
    ar->sunday = dates + 11;
    ar->running = zc_clock_now() < rules_week_end_rule(&rule, rc->monday);
    ar->total = total;
    ar->by_org = cp;
    ar->n_by_org = (size_t)nchild;
    ar->rows = rp;
    ar->n_rows = shown;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ATTENDANCE_REPORT;
    reply.attendance_report = ar;
    request_reply(r, &reply);
out:
    free(cks);
    pgarray_values_free(&served);
    pgarray_values_free_n(ck, 2);
    pgarray_values_free(&exc);
}

static void handle_attendance_report(struct request *r)
{
    const Zhucun__AttendanceReport *in = r->msg->attendance_report;
    int level = rules_code_level(in->org_code);
    if (level < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "org_code");
        return;
    }
    if (in->limit > ATTENDANCE_REPORT_ROWS_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "每次最多列出 %d 名队员", ATTENDANCE_REPORT_ROWS_MAX),
                     "limit");
        return;
    }
    /* By default the last week whose Sunday night has ended. */
    int monday = week_monday(r, in->week, rules_week_last_over(zc_clock_now()));
    if (monday < 0)
        return;
    /* A unit's administrator sees its cadres through the unit, not an area. */
    if (!access_covers(&r->session, r->call->roles & ~ROLE_UNIT_ADMIN, in->org_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return;
    }
    struct report_call *rc = arena_alloc(r->arena, sizeof(*rc));
    char *mon = arena_alloc(r->arena, 11);
    if (rc == NULL || mon == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    rc->r = r;
    rc->monday = monday;
    rc->short_only = in->short_only;
    rc->limit = in->limit ? in->limit : REPORT_ROWS_DEFAULT;
    rules_date_format(monday, mon);
    rc->p[0] = in->org_code;
    rc->p[1] = mon;
    rc->p[2] = request_printf(r, "%.*s%%", rules_code_prefix_len(level), in->org_code);
    rc->p[3] = request_printf(
        r, "%d", level == ORG_VILLAGE ? ORG_CODE_LEN : rules_code_prefix_len(level + 1));
    request_query(r, &store_attendance_report, rc->p, on_report, rc);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_CHECK_IN, "CheckIn", AUTH_SESSION, VISIT_WRITERS, 0, handle_check_in,
     replay_check_in, 1},
    {ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD, "OfficialBusinessRecord", AUTH_SESSION,
     ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP, 0, handle_official_business_record,
     replay_official_business, 1},
    {ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK, "AttendanceWeek", AUTH_SESSION,
     ATTENDANCE_SUPERVISORS | ROLE_CADRE, 0, handle_attendance_week, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT, "AttendanceReport", AUTH_SESSION,
     ATTENDANCE_SUPERVISORS, 0, handle_attendance_report, NULL, 0},
};

const struct domain attendance_domain = {
    .name = "attendance",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
