/* allowance/handlers.c -- a cadre's monthly allowance statement (驻村补助, SPEC D4; issue 23;
 * docs/allowances.md): drafted from the days in the village, confirmed by the township or the
 * county office of the placement, sent to the dispatching unit, approved there through the
 * approval engine (its queue and Decide), then frozen; corrected as a new version. The body's
 * checks are common/rules/allowance.c's; what needs rows is 0175_allowances.sql's.
 *
 * Who reads what (a cadre's allowances are personal): the placement's offices by place (the
 * township, the county office: access_roles_patterns), a unit's administrator by unit
 * (access_unit_ids), a cadre their own (the SQL's caller). */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/allowance.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/allowance/store.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/list.h"
#include "server/core/pgarray.h"
#include "server/roles.h"

/* The offices of the placement confirm the days and send the statement to the unit; they and
 * the unit's administrator draft and correct; every one of them and the cadre read. */
#define PLACEMENT_OFFICES  (ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP)
#define ALLOWANCE_DRAFTERS (PLACEMENT_OFFICES | ROLE_UNIT_ADMIN)
#define ALLOWANCE_READERS  (ALLOWANCE_DRAFTERS | ROLE_CADRE | ROLE_TEAM_CAPTAIN)

/* The answer to every keyed write, first or retried: the id or the count it stored. */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__AllowanceWriteReply w = ZHUCUN__ALLOWANCE_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.allowance_compute = &w; /* the oneof's members share the one pointer */
    request_reply(r, &reply);
}

/* A month "YYYY-MM" (checked) as its first day's text. */
static const char *month_day(struct request *r, const char *month)
{
    return month[0] == '\0' ? NULL : request_printf(r, "%s-01", month);
}

/* ---- the writes ---- */

static void handle_allowance_compute(struct request *r)
{
    const Zhucun__AllowanceCompute *in = r->msg->allowance_compute;
    const char *field = NULL;
    if (request_refused(r, rules_allowance_compute_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_params(r, 11);
    if (p == NULL || (p[2] = access_roles_patterns(r, PLACEMENT_OFFICES, in->org_code)) == NULL)
        return;
    p[3] = access_unit_ids(r);
    p[4] = month_day(r, in->month);
    p[5] = in->org_code;
    p[6] = request_num(r, in->unit_id);
    p[7] = request_num(r, in->person_id);
    request_query(r, &store_allowance_compute, p, request_stored_cb, NULL);
}

/* AllowanceConfirm and AllowanceSubmit: a batch of statements placed within the caller's
 * offices. */
static void handle_allowance_batch(struct request *r)
{
    int confirm = r->msg->body_case == ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM;
    size_t n = confirm ? r->msg->allowance_confirm->n_ids : r->msg->allowance_submit->n_ids;
    const int64_t *ids = confirm ? r->msg->allowance_confirm->ids : r->msg->allowance_submit->ids;
    const char *field = NULL;
    if (request_refused(r, rules_allowance_ids_problem(n, ids, &field), &field))
        return;
    const char **p = request_keyed_params(r, 7);
    if (p == NULL || (p[2] = access_roles_patterns(r, PLACEMENT_OFFICES, "")) == NULL ||
        (p[3] = pgarray_ids(r, n, ids)) == NULL)
        return;
    request_query(r, confirm ? &store_allowance_confirm : &store_allowance_submit, p,
                  request_stored_cb, NULL);
}

static void handle_allowance_correct(struct request *r)
{
    const Zhucun__AllowanceCorrect *in = r->msg->allowance_correct;
    const char *field = NULL;
    if (request_refused(r, rules_allowance_correct_problem(in, &field), &field))
        return;
    const char **p = request_keyed_params(r, 9);
    if (p == NULL || (p[2] = access_roles_patterns(r, PLACEMENT_OFFICES, "")) == NULL)
        return;
    p[3] = access_unit_ids(r);
    p[4] = request_num(r, in->statement_id);
    p[5] = in->reason;
    request_query(r, &store_allowance_correct, p, request_stored_cb, NULL);
}

/* ---- the reads ---- */

#define I64(res, i, c)  strtoll(PQgetvalue(res, i, c), NULL, 10)
#define U32(res, i, c)  (uint32_t) strtoul(PQgetvalue(res, i, c), NULL, 10)
#define BOOL(res, i, c) (PQgetvalue(res, i, c)[0] == 't')

/* The columns of store.c's COLUMNS, from col 0. */
static void statement_row(Zhucun__AllowanceStatement *s, PGresult *res, int i)
{
    zhucun__allowance_statement__init(s);
    s->id = I64(res, i, 0);
    s->person_id = I64(res, i, 1);
    s->person_name = PQgetvalue(res, i, 2);
    s->month = PQgetvalue(res, i, 3);
    s->version = U32(res, i, 4);
    s->unit_id = I64(res, i, 5);
    s->unit_name = PQgetvalue(res, i, 6);
    s->unit_level = PQgetvalue(res, i, 7);
    s->team_id = I64(res, i, 8);
    s->team_name = PQgetvalue(res, i, 9);
    s->org_code = PQgetvalue(res, i, 10);
    s->org_name = PQgetvalue(res, i, 11);
    s->days_served = U32(res, i, 12);
    s->days_present = U32(res, i, 13);
    s->days_leave = U32(res, i, 14);
    s->days_business = U32(res, i, 15);
    s->living_rate_fen = I64(res, i, 16);
    s->transport_fen = I64(res, i, 17);
    s->living_fen = I64(res, i, 18);
    s->amount_fen = I64(res, i, 19);
    s->status = PQgetvalue(res, i, 20);
    s->reason = PQgetvalue(res, i, 21);
    s->corrects = I64(res, i, 22);
    s->approval_id = I64(res, i, 23);
    s->confirmed_by = PQgetvalue(res, i, 24);
    s->confirmed_at = PQgetvalue(res, i, 25);
    s->latest = BOOL(res, i, 26);
    s->current = BOOL(res, i, 27);
}
#define STATEMENT_COLUMNS 28

static void on_allowance_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__AllowanceListReply out = ZHUCUN__ALLOWANCE_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__AllowanceStatement *sv;
    if (REQUEST_ROWS(r, n, sv, out.statements) == NULL)
        return;
    for (int i = 0; i < n; i++)
        statement_row(&sv[i], res, i);
    out.n_statements = (size_t)n;
    /* the total of the rows shown: the window's sum counts the extra row of a cut list */
    for (int i = 0; i < n; i++)
        out.total_fen += sv[i].amount_fen;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ALLOWANCE_LIST;
    reply.allowance_list = &out;
    request_reply(r, &reply);
}

static void handle_allowance_list(struct request *r)
{
    const Zhucun__AllowanceList *in = r->msg->allowance_list;
    const char *field = NULL;
    if (request_refused(r, rules_allowance_list_problem(in, zc_clock_today(), &field), &field))
        return;
    struct list *l;
    const char **p = list_params(r, access_roles_patterns(r, PLACEMENT_OFFICES, in->org_code),
                                 in->limit, ALLOWANCE_LIST_DEFAULT, 10, &l);
    if (p == NULL)
        return;
    p[1] = access_unit_ids(r);
    p[2] = request_num(r, r->session.user_id);
    p[3] = month_day(r, in->month);
    p[4] = in->org_code;
    p[5] = request_num(r, in->unit_id);
    p[6] = request_num(r, in->person_id);
    p[7] = in->status;
    p[8] = in->statement ? "true" : "false";
    request_query(r, &store_allowance_list, p, on_allowance_list, l);
}

static void on_allowance_show(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    if (n == 0 || I64(res, 0, 0) != r->msg->allowance_show->statement_id) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "补助表不存在或不在您的管辖范围内",
                     "statement_id");
        return;
    }
    Zhucun__AllowanceShowReply out = ZHUCUN__ALLOWANCE_SHOW_REPLY__INIT;
    Zhucun__AllowanceStatement *sv;
    if (REQUEST_ROWS(r, n, sv, out.versions) == NULL)
        return;
    for (int i = 0; i < n; i++)
        statement_row(&sv[i], res, i);
    out.n_versions = (size_t)n;
    out.statement = &sv[0];
    size_t nd, k;
    char **days = pgarray_column(r, res, 0, STATEMENT_COLUMNS, &nd);
    char **served = days ? pgarray_column(r, res, 0, STATEMENT_COLUMNS + 1, &k) : NULL;
    char **excused = served ? pgarray_column(r, res, 0, STATEMENT_COLUMNS + 2, &k) : NULL;
    char **dp = excused ? pgarray_column(r, res, 0, STATEMENT_COLUMNS + 3, &k) : NULL;
    char **np = dp ? pgarray_column(r, res, 0, STATEMENT_COLUMNS + 4, &k) : NULL;
    if (np == NULL)
        return;
    Zhucun__AllowanceDay *dv;
    if (REQUEST_ROWS(r, nd, dv, out.days) == NULL)
        return;
    for (size_t i = 0; i < nd; i++) {
        zhucun__allowance_day__init(&dv[i]);
        dv[i].day = days[i];
        dv[i].served = served[i][0] == 't';
        dv[i].excused = excused[i];
        dv[i].day_present = dp[i][0] == 't';
        dv[i].night_present = np[i][0] == 't';
    }
    out.n_days = nd;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ALLOWANCE_SHOW;
    reply.allowance_show = &out;
    request_reply(r, &reply);
}

static void handle_allowance_show(struct request *r)
{
    const char **p = request_alloc(r, 4 * sizeof(*p));
    if (p == NULL || (p[0] = access_roles_patterns(r, PLACEMENT_OFFICES, "")) == NULL)
        return;
    p[1] = access_unit_ids(r);
    p[2] = request_num(r, r->session.user_id);
    p[3] = request_num(r, r->msg->allowance_show->statement_id);
    request_query(r, &store_allowance_show, p, on_allowance_show, NULL);
}

/* ---- the rates (0176_allowance_rates.sql) ---- */

/* The province office publishes the province-wide rates, a county office its county's own;
 * the rates are published rules every office, township and unit administrator reads. */
#define RATE_SETTERS  (ROLE_PROVINCE_OFFICE | ROLE_COUNTY_OFFICE)
#define RATE_READERS  (OFFICES | ROLE_TOWNSHIP | ROLE_UNIT_ADMIN)
#define PROVINCE_CODE "140000000000"

/* Today as "YYYY-MM-DD", in the request's arena. */
static const char *today_text(struct request *r)
{
    char day[11];
    rules_date_format(zc_clock_today(), day);
    return request_printf(r, "%s", day);
}

/* Which versions the caller may publish (the province-wide ones: a province office grant; a
 * county's: a county office grant over it) is the SQL's, from these two parameters. */
static void handle_allowance_rate_set(struct request *r)
{
    const Zhucun__AllowanceRateSet *in = r->msg->allowance_rate_set;
    const char *field = NULL;
    if (request_refused(r, rules_allowance_rate_set_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_params(r, 13);
    if (p == NULL)
        return;
    p[2] = access_covers(&r->session, ROLE_PROVINCE_OFFICE, PROVINCE_CODE) ? "true" : "false";
    p[3] = access_prefix_patterns(r, ROLE_COUNTY_OFFICE);
    p[4] = in->unit_level;
    p[5] = in->county_code;
    p[6] = request_num(r, in->living_fen_per_day);
    p[7] = request_num(r, in->transport_fen);
    p[8] = month_day(r, in->valid_from);
    p[9] = in->note;
    request_query(r, &store_allowance_rate_set, p, request_stored_cb, NULL);
}

/* The county whose rates a caller means when naming none: the one county all its grants lie
 * in (a county, township or village account: "" would show it the province's table, and not
 * its county's own rate); "" (the province-wide rates) for anyone wider. */
static const char *own_county(struct request *r)
{
    char county[ORG_CODE_LEN + 1] = "";
    for (size_t i = 0; i < r->session.ngrants; i++) {
        const char *scope = r->session.grants[i].scope_code;
        if (rules_code_level(scope) < ORG_COUNTY)
            return "";
        char mine[ORG_CODE_LEN + 1];
        snprintf(mine, sizeof(mine), "%.6s000000", scope);
        if (county[0] != '\0' && strcmp(county, mine) != 0)
            return "";
        memcpy(county, mine, sizeof(county));
    }
    if (county[0] == '\0')
        return "";
    char *c = request_alloc(r, sizeof(county));
    if (c != NULL)
        memcpy(c, county, sizeof(county));
    return c != NULL ? c : "";
}

static void on_allowance_rate_list(struct request *r, PGresult *res, void *arg)
{
    const char **p = arg; /* the county and the day asked about (handle_allowance_rate_list) */
    int n = PQntuples(res);
    Zhucun__AllowanceRateListReply out = ZHUCUN__ALLOWANCE_RATE_LIST_REPLY__INIT;
    out.county_code = (char *)p[0];
    out.on = (char *)p[1];
    Zhucun__AllowanceRate *rv;
    if (REQUEST_ROWS(r, n, rv, out.rates) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__allowance_rate__init(&rv[i]);
        rv[i].id = I64(res, i, 0);
        rv[i].unit_level = PQgetvalue(res, i, 1);
        rv[i].source = PQgetvalue(res, i, 2);
        rv[i].county_code = PQgetvalue(res, i, 3);
        rv[i].county_name = PQgetvalue(res, i, 4);
        rv[i].living_fen_per_day = I64(res, i, 5);
        rv[i].transport_fen = I64(res, i, 6);
        rv[i].valid_from = PQgetvalue(res, i, 7);
        rv[i].valid_to = PQgetvalue(res, i, 8);
        rv[i].note = PQgetvalue(res, i, 9);
        rv[i].set_by = PQgetvalue(res, i, 10);
        rv[i].set_at = PQgetvalue(res, i, 11);
        rv[i].statements = U32(res, i, 12);
    }
    out.n_rates = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ALLOWANCE_RATE_LIST;
    reply.allowance_rate_list = &out;
    request_reply(r, &reply);
}

static void handle_allowance_rate_list(struct request *r)
{
    const Zhucun__AllowanceRateList *in = r->msg->allowance_rate_list;
    const char *field = NULL;
    if (request_refused(r, rules_allowance_rate_list_problem(in, &field), &field))
        return;
    const char **p = request_alloc(r, 2 * sizeof(*p));
    if (p == NULL)
        return;
    p[0] = in->county_code[0] != '\0' ? in->county_code : own_county(r);
    p[1] = in->on[0] != '\0' ? in->on : today_text(r);
    request_query(r, &store_allowance_rate_list, p, on_allowance_rate_list, p);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_COMPUTE, "AllowanceCompute", AUTH_SESSION, ALLOWANCE_DRAFTERS,
     0, handle_allowance_compute, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, "AllowanceConfirm", AUTH_SESSION, PLACEMENT_OFFICES,
     0, handle_allowance_batch, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_SUBMIT, "AllowanceSubmit", AUTH_SESSION, PLACEMENT_OFFICES, 0,
     handle_allowance_batch, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_CORRECT, "AllowanceCorrect", AUTH_SESSION, ALLOWANCE_DRAFTERS,
     0, handle_allowance_correct, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_SHOW, "AllowanceShow", AUTH_SESSION, ALLOWANCE_READERS, 0,
     handle_allowance_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST, "AllowanceList", AUTH_SESSION, ALLOWANCE_READERS, 0,
     handle_allowance_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_SET, "AllowanceRateSet", AUTH_SESSION, RATE_SETTERS, 0,
     handle_allowance_rate_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_LIST, "AllowanceRateList", AUTH_SESSION, RATE_READERS, 0,
     handle_allowance_rate_list, NULL, 0},
};

const struct domain allowance_domain = {
    .name = "allowance",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
