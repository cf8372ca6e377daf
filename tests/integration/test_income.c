/* test_income.c -- the monthly income sums (SPEC M2, M3; issue 19; docs/income.md): a month
 * recorded, corrected only as a new version with a reason, the history readable, a keyed
 * retry applied once; every refusal naming its field; zc_income_standard against the C
 * arithmetic on random sums; the month's sums as a duty, DutyReport against a direct SQL
 * count; the one-on-one plans; M3's lists against direct SQL counts. Date-sensitive: every
 * date is computed from the test's clock. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/income.h"
#include "zc_calls.h"

#define PW     "correct horse battery"
#define COUNTY "140105000000"
#define TWP    "140105001000"
#define VA     "140105001001"
#define VB     "140105001002"

static struct zt_server srv;
static struct zc_client *prov, *county, *captain, *other;
static int64_t team_a, team_b, captain_person, other_person;
static int64_t h_mon, h_pov, h_ord, h_b;
static char today[11], month[8];
static int today_d, serial;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n";

static void sqlf(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void sqlf(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

static long long sql_num(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

/* "YYYY-MM" of the month k months before this one. */
static void month_back(int k, char out[16])
{
    int y, m, d;
    rules_civil_from_days(today_d, &y, &m, &d);
    int t = y * 12 + (m - 1) - k;
    snprintf(out, 16, "%04d-%02d", t / 12, t % 12 + 1);
}

static int64_t add_household(const char *village, const char *category, const char *since)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519820101%03d", ++serial % 1000);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    return zt_household(county, village, category, since, "算账户主", id);
}

/* A month's sums as SQL would be written by the calls: the figures by the C rules. */
static void sums_sql(int64_t household, const char *village, const char *mon, int64_t wages,
                     int64_t business, int members)
{
    struct income_items it = {.wages = wages, .business = business};
    char sql[1024];
    sqlf(sql, sizeof(sql),
         "INSERT INTO income_sums (household_id, village_code, month, version, wages_fen,"
         " business_fen, rent_fen, dividend_fen, pension_fen, subsidy_fen, dibao_fen,"
         " other_transfer_fen, costs_fen, members, net_fen, per_capita_fen, ack)"
         " VALUES (%lld, '%s', '%s-01', 1, %lld, %lld, 0, 0, 0, 0, 0, 0, 0, %d, %lld, %lld,"
         " 'signed')",
         (long long)household, village, mon, (long long)wages, (long long)business, members,
         (long long)rules_income_net(&it), (long long)rules_income_per_capita(&it, members));
    free(zt_sql(&srv, sql));
}

struct rec {
    Zhucun__IncomeRecord in;
    Zhucun__IncomeItems items;
    Zhucun__Request req;
};

static void rec_init(struct rec *r, int64_t household, const char *mon)
{
    zhucun__income_record__init(&r->in);
    zhucun__income_items__init(&r->items);
    zhucun__request__init(&r->req);
    r->items.wages_fen = 250000;
    r->items.business_fen = -30000;
    r->items.dividend_fen = 12001;
    r->items.dibao_fen = 40000;
    r->items.costs_fen = 5000;
    r->in.household_id = household;
    r->in.month = (char *)mon;
    r->in.items = &r->items;
    r->in.members = 3;
    r->in.ack = "signed";
    r->req.body_case = ZHUCUN__REQUEST__BODY_INCOME_RECORD;
    r->req.income_record = &r->in;
}

/* The code of a call, and the field its refusal names ("" when none) into field. */
static Zhucun__Code call_field(struct zc_client *c, Zhucun__Request *req, char *field, size_t cap)
{
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, req, &reply);
    snprintf(field, cap, "%s",
             reply && reply->status && reply->status->n_fields > 0 ? reply->status->fields[0]->field
                                                                   : "");
    zc_reply_free(reply);
    return code;
}

static int setup(void **state)
{
    (void)state;
    today_d = zt_today();
    rules_date_format(today_d, today);
    snprintf(month, sizeof(month), "%.7s", today);
    zt_server_start(&srv, "income", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY, 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    team_a = zt_team(county, "village", VA, "测试一村工作队");
    team_b = zt_team(county, "village", VB, "测试二村工作队");
    captain = zt_cadre(&srv, county, team_a, "captain-a", VA, "team_captain", "captain", 0, PW,
                       &captain_person);
    other = zt_cadre(&srv, county, team_b, "cadre-b", VB, "cadre", "member", 0, PW, &other_person);
    h_mon = add_household(VA, "monitored", "2020-01-01");
    h_pov = add_household(VA, "poverty_alleviated", "2020-01-01");
    h_ord = add_household(VA, "ordinary", "2020-01-01");
    h_b = add_household(VB, "monitored", "2020-01-01");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(prov);
    zc_close(county);
    zc_close(captain);
    zc_close(other);
    zt_server_finish(&srv);
    return 0;
}

/* A month recorded, then corrected: the first version needs no reason, the second is refused
 * without one and kept with it; the history holds both, the old one no longer current; the
 * figures are the rules'; a keyed retry is answered as the first and writes nothing. */
static void test_record_correct_history(void **state)
{
    (void)state;
    struct rec r;
    rec_init(&r, h_mon, month);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(captain, &r.req, &reply), ZHUCUN__CODE__OK);
    struct income_items it = {
        .wages = 250000, .business = -30000, .dividend = 12001, .dibao = 40000, .costs = 5000};
    assert_int_equal(reply->income_record->version, 1);
    assert_int_equal(reply->income_record->net_fen, 267001);
    assert_int_equal(reply->income_record->net_fen, rules_income_net(&it));
    assert_int_equal(reply->income_record->per_capita_fen, 89000); /* 89,000.33 */
    int64_t first_id = reply->income_record->id;
    zc_reply_free(reply);

    /* again, without a reason: refused, naming the reason */
    char field[64];
    r.items.wages_fen = 260000;
    assert_int_equal(call_field(captain, &r.req, field, sizeof(field)),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(field, "reason");
    /* with one, keyed, twice: one new version */
    r.in.reason = "漏记了一笔务工收入";
    r.req.idempotency_key = "income-correct-1";
    assert_int_equal(zt_call(captain, &r.req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->income_record->version, 2);
    int64_t second_id = reply->income_record->id;
    zc_reply_free(reply);
    assert_int_equal(zt_call(captain, &r.req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->income_record->version, 2);
    assert_int_equal(reply->income_record->id, second_id);
    assert_int_equal(reply->income_record->net_fen, 277001);
    zc_reply_free(reply);
    char sql[256];
    sqlf(sql, sizeof(sql), "SELECT count(*) FROM income_sums WHERE household_id = %lld",
         (long long)h_mon);
    assert_int_equal(sql_num(sql), 2);
    sqlf(sql, sizeof(sql),
         "SELECT count(*) FROM audit WHERE action = 'income.record' AND object = 'household:%lld'",
         (long long)h_mon);
    assert_int_equal(sql_num(sql), 2);

    /* the history: both versions, the newest first and current */
    Zhucun__IncomeHistory ih = ZHUCUN__INCOME_HISTORY__INIT;
    ih.household_id = h_mon;
    Zhucun__Request hreq = ZHUCUN__REQUEST__INIT;
    hreq.body_case = ZHUCUN__REQUEST__BODY_INCOME_HISTORY;
    hreq.income_history = &ih;
    assert_int_equal(zt_call(county, &hreq, &reply), ZHUCUN__CODE__OK);
    const Zhucun__IncomeHistoryReply *h = reply->income_history;
    assert_int_equal(h->n_sums, 2);
    assert_int_equal(h->sums[0]->id, second_id);
    assert_true(h->sums[0]->current);
    assert_string_equal(h->sums[0]->reason, "漏记了一笔务工收入");
    assert_int_equal(h->sums[1]->id, first_id);
    assert_false(h->sums[1]->current);
    assert_int_equal(h->sums[1]->items->business_fen, -30000);
    assert_string_equal(h->sums[0]->month, month);
    assert_string_equal(h->category, "monitored");
    assert_int_equal(h->members_now, 1);
    assert_true(h->standard->projected);
    /* one month recorded this year: its per capita times twelve (a January alone) or the
     * year-to-date of the months recorded */
    assert_int_equal(h->standard->line_fen,
                     sql_num("SELECT line_fen FROM zc_income_policy_on(zc_today())"));
    zc_reply_free(reply);
    /* out of scope: another village's cadre */
    assert_int_equal(call_field(other, &hreq, field, sizeof(field)), ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(field, "household_id");
}

/* Every refusal of a record names its field; none writes anything. */
static void test_record_refusals(void **state)
{
    (void)state;
    char field[64], next[16], before[16];
    month_back(-1, next);
    long long rows = sql_num("SELECT count(*) FROM income_sums");
    struct rec r;
    /* Each case: one thing wrong with a good request, the field it names. */
    for (int k = 0; k < 11; k++) {
        rec_init(&r, h_pov, month);
        const char *want = NULL;
        switch (k) {
        case 0:
            r.in.month = next, want = "month";
            break;
        case 1:
            r.in.month = "2026-13", want = "month";
            break;
        case 2:
            r.in.items = NULL, want = "items";
            break;
        case 3:
            r.items.wages_fen = -1, want = "items.wages_fen";
            break;
        case 4:
            r.items.business_fen = -INCOME_ITEM_MAX_FEN - 1, want = "items.business_fen";
            break;
        case 5:
            r.items.costs_fen = INCOME_ITEM_MAX_FEN + 1, want = "items.costs_fen";
            break;
        case 6:
            r.in.members = 0, want = "members";
            break;
        case 7:
            r.in.members = INCOME_MEMBERS_MAX + 1, want = "members";
            break;
        case 8:
            r.in.ack = "wechat", want = "ack";
            break;
        case 9:
            r.in.ack = "refused", want = "ack_note";
            break;
        default:
            r.items.dibao_fen = INCOME_ITEM_MAX_FEN + 1, want = "items.dibao_fen";
            break;
        }
        if (call_field(captain, &r.req, field, sizeof(field)) != ZHUCUN__CODE__INVALID_ARGUMENT ||
            strcmp(field, want) != 0)
            fail_msg("case %d: not refused at %s (field \"%s\")", k, want, field);
        /* the client library refuses it first, at the same field */
        struct zc_error err;
        if (zc_check(&r.in.base, &err) != -1 || strcmp(err.field, want) != 0)
            fail_msg("case %d: the client's check did not refuse it at %s", k, want);
    }
    /* an ordinary household owes no monthly sums */
    rec_init(&r, h_ord, month);
    assert_int_equal(call_field(captain, &r.req, field, sizeof(field)),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(field, "household_id");
    /* another village's household: not there for this team */
    rec_init(&r, h_b, month);
    assert_int_equal(call_field(captain, &r.req, field, sizeof(field)), ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(field, "household_id");
    /* before the household was registered */
    int64_t young = add_household(VA, "monitored", today);
    month_back(1, before);
    rec_init(&r, young, before);
    assert_int_equal(call_field(captain, &r.req, field, sizeof(field)),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field, "month");
    assert_int_equal(sql_num("SELECT count(*) FROM income_sums"), rows);
    /* a refusal recorded with its reason is a record */
    rec_init(&r, h_pov, month);
    r.in.ack = "refused";
    r.in.ack_note = "认为分红尚未到账";
    assert_int_equal(call_field(captain, &r.req, field, sizeof(field)), ZHUCUN__CODE__OK);
    assert_int_equal(sql_num("SELECT count(*) FROM income_sums"), rows + 1);
}

/* zc_income_standard against the C arithmetic: random sums over this year and the last (some
 * months missing, some below the line), for many households; the projection is
 * rules_income_project of the year of the latest month, months_stable the run back from it. */
static void test_standard_equals_c(void **state)
{
    (void)state;
    srand(19);
    int y, m, d;
    rules_civil_from_days(today_d, &y, &m, &d);
    long long line_now = sql_num("SELECT line_fen FROM zc_income_policy_on(zc_today())");
    long long required = sql_num("SELECT stable_months FROM zc_income_policy_on(zc_today())");
    for (int k = 0; k < 12; k++) {
        int64_t hh = add_household(VA, "monitored", "2020-01-01");
        /* months index t = year*12 + month-1, from January of last year to this month */
        int first = (y - 1) * 12, last = y * 12 + m - 1;
        int64_t pc[24];
        int recorded[24] = {0};
        for (int t = first; t <= last; t++) {
            if (rand() % 6 == 0 && t != last - (k % 3))
                continue; /* a month not done */
            int members = 1 + rand() % 5;
            int64_t wages = (int64_t)(rand() % 400000), business = (rand() % 200000) - 60000;
            char mon[16];
            snprintf(mon, sizeof(mon), "%04d-%02d", t / 12, t % 12 + 1);
            sums_sql(hh, VA, mon, wages, business, members);
            struct income_items it = {.wages = wages, .business = business};
            pc[t - first] = rules_income_per_capita(&it, members);
            recorded[t - first] = 1;
        }
        /* the C side: projections of each recorded month, in its own year */
        int64_t proj[24];
        for (int i = 0; i <= last - first; i++) {
            if (!recorded[i])
                continue;
            int64_t v[12];
            int n = 0;
            for (int j = i - (i % 12); j <= i; j++)
                if (recorded[j])
                    v[n++] = pc[j];
            proj[i] = rules_income_project(v, n);
        }
        int latest = last - first;
        while (latest >= 0 && !recorded[latest])
            latest--;
        long long stable = 0;
        if (latest >= last - first - 1) {
            for (int i = latest; i >= 0 && recorded[i]; i--) {
                char sql[160];
                sqlf(sql, sizeof(sql),
                     "SELECT line_fen FROM zc_income_policy_on(make_date(%d, %d, 28))",
                     (first + i) / 12, (first + i) % 12 + 1);
                if (proj[i] <= sql_num(sql))
                    break;
                stable++;
            }
        }
        char sql[256];
        sqlf(sql, sizeof(sql),
             "SELECT concat_ws('|', coalesce(projected_fen::text, 'null'), line_fen,"
             " months_stable, months_required, met) FROM zc_income_standard(%lld, zc_today())",
             (long long)hh);
        char *got = zt_sql(&srv, sql), want[128];
        snprintf(want, sizeof(want), "%lld|%lld|%lld|%lld|%s", (long long)proj[latest], line_now,
                 stable, required, proj[latest] > line_now && stable >= required ? "t" : "f");
        if (strcmp(got, want) != 0)
            fail_msg("household %lld: SQL %s, C %s", (long long)hh, got, want);
        free(got);
    }
}

/* The month's sums are a duty: DutyReport's M2 counts equal a direct count of the
 * poverty-alleviated and monitored households and of those with this month's sums. */
static void test_duty_report_equals_sql(void **state)
{
    (void)state;
    Zhucun__DutyReport dr = ZHUCUN__DUTY_REPORT__INIT;
    char *rules[2] = {"M2", "M2-absent"};
    dr.org_code = COUNTY;
    dr.period = month;
    dr.rules = rules;
    dr.n_rules = 2;
    dr.by = "team";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DUTY_REPORT;
    req.duty_report = &dr;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    const Zhucun__DutyReportReply *v = reply->duty_report;
    const char *due_sql =
        "SELECT count(*) FROM households h, zc_household_state_on(h.id,"
        " (date_trunc('month', zc_today()) + interval '1 month - 1 day')::date) s"
        " WHERE h.village_code LIKE '140105%' AND s.category IN ('poverty_alleviated',"
        " 'monitored')";
    char sql[1024];
    sqlf(sql, sizeof(sql),
         "%s AND EXISTS (SELECT 1 FROM income_sums i WHERE i.household_id = h.id AND i.current"
         " AND i.month = date_trunc('month', zc_today())::date)",
         due_sql);
    long long due = sql_num(due_sql), met = sql_num(sql);
    assert_true(due >= 5);
    assert_true(met >= 2);
    assert_int_equal(v->total->due, due);
    assert_int_equal(v->total->met, met);
    /* by team: the two villages' teams share them */
    unsigned sum_due = 0, sum_met = 0;
    for (size_t i = 0; i < v->n_rows; i++) {
        sum_due += v->rows[i]->due;
        sum_met += v->rows[i]->met;
    }
    assert_int_equal(sum_due, due);
    assert_int_equal(sum_met, met);
    zc_reply_free(reply);
}

static Zhucun__Code plan_set(struct zc_client *c, int64_t household, int64_t responsible,
                             const char *review_on, size_t n_measures, char *field, size_t cap)
{
    char *measures[2] = {"安排公益性岗位", "发展中药材种植 3 亩"};
    Zhucun__IncomePlanSet ps = ZHUCUN__INCOME_PLAN_SET__INIT;
    ps.household_id = household;
    ps.measures = measures;
    ps.n_measures = n_measures;
    ps.responsible_id = responsible;
    ps.review_on = (char *)review_on;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INCOME_PLAN_SET;
    req.income_plan_set = &ps;
    return call_field(c, &req, field, cap);
}

/* One-on-one plans: set, shown, set again (a version), and the refusals. */
static void test_plans(void **state)
{
    (void)state;
    char field[64], review[11], past[11];
    rules_date_format(today_d + 60, review);
    rules_date_format(today_d - 1, past);
    int64_t hh = add_household(VA, "poverty_alleviated", "2020-01-01");
    assert_int_equal(plan_set(captain, hh, captain_person, review, 2, field, sizeof(field)),
                     ZHUCUN__CODE__OK);
    assert_int_equal(plan_set(captain, hh, captain_person, review, 1, field, sizeof(field)),
                     ZHUCUN__CODE__OK);
    Zhucun__IncomePlanShow sh = ZHUCUN__INCOME_PLAN_SHOW__INIT;
    sh.household_id = hh;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INCOME_PLAN_SHOW;
    req.income_plan_show = &sh;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->income_plan->version, 2);
    assert_int_equal(reply->income_plan->n_measures, 1);
    assert_string_equal(reply->income_plan->measures[0], "安排公益性岗位");
    assert_int_equal(reply->income_plan->responsible_id, captain_person);
    assert_string_equal(reply->income_plan->review_on, review);
    zc_reply_free(reply);
    /* a household without one: version 0 */
    sh.household_id = h_ord;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->income_plan->version, 0);
    zc_reply_free(reply);
    /* refusals */
    assert_int_equal(plan_set(captain, hh, captain_person, review, 0, field, sizeof(field)),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field, "measures");
    assert_int_equal(plan_set(captain, hh, captain_person, "2026-02-30", 1, field, sizeof(field)),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field, "review_on");
    assert_int_equal(plan_set(captain, hh, captain_person, past, 1, field, sizeof(field)),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field, "review_on");
    /* the other village's cadre is not this household's team */
    assert_int_equal(plan_set(county, hh, other_person, review, 1, field, sizeof(field)),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field, "responsible_id");
    assert_int_equal(plan_set(other, hh, other_person, review, 1, field, sizeof(field)),
                     ZHUCUN__CODE__NOT_FOUND);
    char sql[200];
    sqlf(sql, sizeof(sql),
         "SELECT count(*) FROM audit WHERE action = 'income.plan' AND object = 'household:%lld'",
         (long long)hh);
    assert_int_equal(sql_num(sql), 2);
}

static Zhucun__IncomeListReply *list(const char *which, const char *org, int64_t after,
                                     uint32_t limit, Zhucun__Reply **reply)
{
    Zhucun__IncomeList il = ZHUCUN__INCOME_LIST__INIT;
    il.list = (char *)which;
    il.org_code = (char *)org;
    il.after = after;
    il.limit = limit;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INCOME_LIST;
    req.income_list = &il;
    assert_int_equal(zt_call(county, &req, reply), ZHUCUN__CODE__OK);
    return (*reply)->income_list;
}

/* M3's lists against direct SQL counts, written here from the rules of docs/income.md: the
 * projection of this year to this month under the threshold without a plan (people of such
 * households); the projection fallen by more than the share against the same month last year.
 * Paged lists give every household once. */
static void test_lists_equal_sql(void **state)
{
    (void)state;
    char mon[16], ago[16];
    /* households near and under the lines, some with plans, some that fell */
    for (int k = 0; k < 16; k++) {
        int64_t hh = add_household(k % 2 ? VA : VB, k % 3 ? "poverty_alleviated" : "monitored",
                                   "2020-01-01");
        for (int b = 0; b < 3; b++) {
            month_back(b, mon);
            month_back(b + 12, ago);
            sums_sql(hh, k % 2 ? VA : VB, mon, 40000 + 9000 * k, 0, 1 + k % 3);
            sums_sql(hh, k % 2 ? VA : VB, ago, k % 4 ? 60000 + 9000 * k : 30000, 0, 1);
        }
        if (k % 5 == 0) {
            char review[11], field[64];
            rules_date_format(today_d + 30, review);
            assert_int_equal(plan_set(county, hh, k % 2 ? captain_person : other_person, review, 1,
                                      field, sizeof(field)),
                             ZHUCUN__CODE__OK);
        }
    }
    const char *proj = "SELECT s.household_id, round(sum(s.per_capita_fen) * 12.0 / count(*)) AS p"
                       " FROM income_sums s WHERE s.current AND s.village_code LIKE '140105%%'"
                       " AND s.month BETWEEN date_trunc('year', %s)::date AND %s GROUP BY 1";
    const char *cat =
        "zc_household_state_on(h.id, least((date_trunc('month', zc_today()) + interval"
        " '1 month - 1 day')::date, zc_today())) st";
    char now_q[512], before_q[512], sql[2048];
    sqlf(now_q, sizeof(now_q), proj, "zc_today()", "zc_today()");
    sqlf(before_q, sizeof(before_q), proj, "(zc_today() - interval '1 year')",
         "(zc_today() - interval '1 year')");
    sqlf(sql, sizeof(sql),
         "SELECT count(*) FROM (%s) x JOIN households h ON h.id = x.household_id, %s"
         " WHERE st.category IN ('poverty_alleviated', 'monitored')"
         " AND x.p < (SELECT plan_threshold_fen FROM zc_income_policy_on(zc_today()))"
         " AND h.id NOT IN (SELECT household_id FROM income_plans)",
         now_q, cat);
    long long under_households = sql_num(sql);
    char people[2600];
    sqlf(people, sizeof(people),
         "SELECT count(*) FROM household_members m WHERE m.left_on IS NULL AND m.household_id IN"
         " (SELECT x.household_id FROM (%s) x JOIN households h ON h.id = x.household_id, %s"
         " WHERE st.category IN ('poverty_alleviated', 'monitored')"
         " AND x.p < (SELECT plan_threshold_fen FROM zc_income_policy_on(zc_today()))"
         " AND h.id NOT IN (SELECT household_id FROM income_plans))",
         now_q, cat);
    long long under_people = sql_num(people);
    sqlf(sql, sizeof(sql),
         "SELECT count(*) FROM (%s) x JOIN (%s) b USING (household_id)"
         " JOIN households h ON h.id = x.household_id, %s"
         " WHERE st.category IN ('poverty_alleviated', 'monitored') AND b.p > 0"
         " AND (b.p - x.p) * 100 > (SELECT fall_share_pct FROM zc_income_policy_on(zc_today()))"
         " * b.p",
         now_q, before_q, cat);
    long long fell = sql_num(sql);
    assert_true(under_households >= 3);
    assert_true(fell >= 2);

    Zhucun__Reply *reply = NULL;
    Zhucun__IncomeListReply *l = list("under_threshold", COUNTY, 0, 0, &reply);
    assert_int_equal(l->households, under_households);
    assert_int_equal(l->people, under_people);
    assert_int_equal(l->threshold_fen, 1000000);
    assert_false(l->truncated);
    for (size_t i = 0; i < l->n_rows; i++)
        assert_true(l->rows[i]->projected_fen < 1000000 && l->rows[i]->member_id > 0);
    zc_reply_free(reply);
    /* paged, two households a page: every household once */
    long long seen = 0;
    int64_t after = 0;
    for (int page = 0; page < 100; page++) {
        l = list("under_threshold", COUNTY, after, 2, &reply);
        int64_t last = after;
        for (size_t i = 0; i < l->n_rows; i++) {
            if (l->rows[i]->household_id != last)
                seen++;
            assert_true(l->rows[i]->household_id > after);
            last = l->rows[i]->household_id;
        }
        int more = l->truncated;
        after = last;
        zc_reply_free(reply);
        if (!more)
            break;
    }
    assert_int_equal(seen, under_households);

    l = list("fell", COUNTY, 0, 0, &reply);
    assert_int_equal(l->households, fell);
    assert_int_equal(l->n_rows, fell);
    assert_int_equal(l->share_pct, 30);
    for (size_t i = 0; i < l->n_rows; i++)
        assert_true(rules_income_fell(l->rows[i]->projected_fen, l->rows[i]->before_fen, 30));
    zc_reply_free(reply);

    /* a village: the county's rows of that village only */
    l = list("fell", VA, 0, 0, &reply);
    for (size_t i = 0; i < l->n_rows; i++)
        assert_string_equal(l->rows[i]->village_code, VA);
    zc_reply_free(reply);
    /* refusals */
    Zhucun__IncomeList il = ZHUCUN__INCOME_LIST__INIT;
    il.list = "nobody";
    il.org_code = COUNTY;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INCOME_LIST;
    req.income_list = &il;
    char field[64];
    assert_int_equal(call_field(county, &req, field, sizeof(field)),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field, "list");
    il.list = "fell";
    il.limit = INCOME_LIST_MAX + 1;
    assert_int_equal(call_field(county, &req, field, sizeof(field)),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field, "limit");
    il.limit = 0;
    il.org_code = VB;
    assert_int_equal(call_field(captain, &req, field, sizeof(field)), ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(field, "org_code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_correct_history),
        cmocka_unit_test(test_record_refusals),
        cmocka_unit_test(test_standard_equals_c),
        cmocka_unit_test(test_duty_report_equals_sql),
        cmocka_unit_test(test_plans),
        cmocka_unit_test(test_lists_equal_sql),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
