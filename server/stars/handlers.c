/* stars/handlers.c -- stars every half year (星级化评定, SPEC E2) and a cadre's points
 * (积分制考核, SPEC E3), and their filing with the province (备案); issue 22. The body's checks
 * are common/rules/stars.c's; what needs rows (the grades, the rule rows in force, the scope of
 * a team or a cadre, a filing that locks its period) is 0135_stars_points.sql's
 * (docs/stars-points.md). */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/stars.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/roles.h"
#include "server/stars/store.h"

/* The county office keeps its county's stars and points and files them; offices and
 * supervisors read them; a cadre (and a team captain) reads their own points. */
#define STARS_WRITERS  ROLE_COUNTY_OFFICE
#define STARS_READERS  (OFFICES | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR)
#define POINTS_SELF    (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define POINTS_READERS (STARS_READERS | ROLE_TOWNSHIP | POINTS_SELF)

/* The answer to a keyed write, first or retried, from the fields its SQL stored: a count
 * (StarsCompute, CadrePointsRate), 'adjustment|stars' (StarsAdjust), an entry's id
 * (CadrePointsAdd), 'filing|approval' (StarsFile, CadrePointsFile). */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__StarsWriteReply w = ZHUCUN__STARS_WRITE_REPLY__INIT;
    long long first = strtoll(sr->f[0], NULL, 10);
    long long second = sr->n > 1 ? strtoll(sr->f[1], NULL, 10) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    switch (r->msg->body_case) {
    case ZHUCUN__REQUEST__BODY_STARS_COMPUTE:
        reply.body_case = ZHUCUN__REPLY__BODY_STARS_COMPUTE;
        w.count = first;
        break;
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE:
        reply.body_case = ZHUCUN__REPLY__BODY_CADRE_POINTS_RATE;
        w.count = first;
        break;
    case ZHUCUN__REQUEST__BODY_STARS_ADJUST:
        reply.body_case = ZHUCUN__REPLY__BODY_STARS_ADJUST;
        w.id = first;
        w.stars = (int32_t)second;
        break;
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD:
        reply.body_case = ZHUCUN__REPLY__BODY_CADRE_POINTS_ADD;
        w.id = first;
        break;
    case ZHUCUN__REQUEST__BODY_STARS_FILE:
        reply.body_case = ZHUCUN__REPLY__BODY_STARS_FILE;
        w.id = first;
        w.approval_id = second;
        break;
    default:
        reply.body_case = ZHUCUN__REPLY__BODY_CADRE_POINTS_FILE;
        w.id = first;
        w.approval_id = second;
        break;
    }
    reply.stars_compute = &w; /* the oneof's members share the one pointer */
    request_reply(r, &reply);
}

/* A period's first day (and last, when last is not NULL) in the request's arena; the body was
 * checked, so it parses. */
static const char *period_day(struct request *r, const char *period, char kind, const char **last)
{
    char *day = request_alloc(r, 11), *end = last != NULL ? request_alloc(r, 11) : NULL;
    if (day == NULL || (last != NULL && end == NULL))
        return NULL;
    if (rules_stars_period(period, kind, zc_clock_today(), day, end) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "期间无法识别", "period");
        return NULL;
    }
    if (last != NULL)
        *last = end;
    return day;
}

/* ---- the writes ---- */

static void handle_stars_compute(struct request *r)
{
    const Zhucun__StarsCompute *in = r->msg->stars_compute;
    const char *field = NULL;
    if (request_refused(r, rules_stars_compute_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 8);
    if (p == NULL || (p[4] = period_day(r, in->half, 'h', NULL)) == NULL)
        return;
    p[3] = in->county_code;
    request_query(r, &store_stars_compute, p, request_stored_cb, NULL);
}

static void handle_stars_adjust(struct request *r)
{
    const Zhucun__StarsAdjust *in = r->msg->stars_adjust;
    const char *field = NULL;
    if (request_refused(r, rules_stars_adjust_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 10);
    if (p == NULL || (p[4] = period_day(r, in->half, 'h', NULL)) == NULL)
        return;
    p[3] = request_num(r, in->team_id);
    p[5] = in->code;
    p[6] = in->reason;
    request_query(r, &store_stars_adjust, p, request_stored_cb, NULL);
}

/* StarsFile and CadrePointsFile: one body, the kind by the call. */
static void handle_filing_submit(struct request *r)
{
    int stars = r->msg->body_case == ZHUCUN__REQUEST__BODY_STARS_FILE;
    const char *county =
        stars ? r->msg->stars_file->county_code : r->msg->cadre_points_file->county_code;
    const char *period = stars ? r->msg->stars_file->period : r->msg->cadre_points_file->period;
    char kind = stars ? 'h' : 'q';
    const char *field = NULL;
    if (request_refused(
            r, rules_filing_submit_problem(county, period, kind, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 9);
    if (p == NULL || (p[5] = period_day(r, period, kind, NULL)) == NULL)
        return;
    p[3] = stars ? "stars" : "points";
    p[4] = county;
    request_query(r, &store_filing_submit, p, request_stored_cb, NULL);
}

static void handle_cadre_points_rate(struct request *r)
{
    const Zhucun__CadrePointsRate *in = r->msg->cadre_points_rate;
    const char *field = NULL;
    if (request_refused(r, rules_cadre_points_rate_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 8);
    if (p == NULL || (p[4] = period_day(r, in->quarter, 'q', NULL)) == NULL)
        return;
    p[3] = in->county_code;
    request_query(r, &store_cadre_points_rate, p, request_stored_cb, NULL);
}

static void handle_cadre_points_add(struct request *r)
{
    const Zhucun__CadrePointsAdd *in = r->msg->cadre_points_add;
    const char *field = NULL;
    if (request_refused(r, rules_cadre_points_add_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 13);
    if (p == NULL || (p[4] = period_day(r, in->quarter, 'q', NULL)) == NULL)
        return;
    p[3] = request_num(r, in->person_id);
    p[5] = in->item_code;
    p[6] = in->reason;
    p[7] = in->source_kind;
    p[8] = request_num(r, in->source_id);
    if ((p[9] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_cadre_points_add, p, request_stored_cb, NULL);
}

/* ---- the reads ---- */

static void on_stars_status(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__StarsStatusReply out = ZHUCUN__STARS_STATUS_REPLY__INIT;
    Zhucun__FilingState *fv;
    if (REQUEST_ROWS(r, n, fv, out.counties) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__FilingState *f = &fv[i];
        zhucun__filing_state__init(f);
        f->city_code = PQgetvalue(res, i, 0);
        f->city_name = PQgetvalue(res, i, 1);
        f->county_code = PQgetvalue(res, i, 2);
        f->county_name = PQgetvalue(res, i, 3);
        f->status = PQgetvalue(res, i, 4);
        f->filed_on = PQgetvalue(res, i, 5);
        f->approval_id = strtoll(PQgetvalue(res, i, 6), NULL, 10);
        if (strcmp(f->status, "approved") == 0)
            out.filed++;
        else if (strcmp(f->status, "pending") == 0)
            out.pending++;
        else
            out.missing++;
    }
    out.n_counties = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_STARS_STATUS;
    reply.stars_status = &out;
    request_reply(r, &reply);
}

static void handle_stars_status(struct request *r)
{
    const Zhucun__StarsStatus *in = r->msg->stars_status;
    const char *field = NULL;
    if (request_refused(r, rules_stars_status_problem(in, zc_clock_today(), &field), &field))
        return;
    char kind = strcmp(in->kind, "stars") == 0 ? 'h' : 'q';
    const char *patterns = access_org_patterns(r, in->org_code); /* NULL: the request ended */
    if (patterns == NULL)
        return;
    const char **p = request_params(r, 3);
    if (p == NULL || (p[2] = period_day(r, in->period, kind, NULL)) == NULL)
        return;
    p[0] = patterns;
    p[1] = in->kind;
    request_query(r, &store_stars_status, p, on_stars_status, NULL);
}

static void on_stars_list(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__StarsListReply out = ZHUCUN__STARS_LIST_REPLY__INIT;
    Zhucun__TeamStars *tv;
    if (REQUEST_ROWS(r, n, tv, out.teams) == NULL)
        return;
    out.filing = "missing";
    for (int i = 0; i < n; i++) {
        Zhucun__TeamStars *t = &tv[i];
        zhucun__team_stars__init(t);
        t->team_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        t->team_name = PQgetvalue(res, i, 1);
        t->org_code = PQgetvalue(res, i, 2);
        t->grade = PQgetvalue(res, i, 3);
        t->grade_label = PQgetvalue(res, i, 4);
        t->first = PQgetvalue(res, i, 5)[0] == 't';
        t->base_stars = (int32_t)strtol(PQgetvalue(res, i, 6), NULL, 10);
        t->adjust = (int32_t)strtol(PQgetvalue(res, i, 7), NULL, 10);
        t->stars = (int32_t)strtol(PQgetvalue(res, i, 8), NULL, 10);
        t->adjustments = PQgetvalue(res, i, 9);
        out.filing = PQgetvalue(res, i, 10);
    }
    out.n_teams = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_STARS_LIST;
    reply.stars_list = &out;
    request_reply(r, &reply);
}

static void handle_stars_list(struct request *r)
{
    const Zhucun__StarsList *in = r->msg->stars_list;
    const char *field = NULL;
    if (request_refused(r, rules_stars_list_problem(in, zc_clock_today(), &field), &field))
        return;
    if (!access_covers(&r->session, r->call->roles, in->county_code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区县不存在或不在您的管辖范围内", "county_code");
        return;
    }
    const char **p = request_params(r, 2);
    if (p == NULL || (p[1] = period_day(r, in->half, 'h', NULL)) == NULL)
        return;
    p[0] = in->county_code;
    request_query(r, &store_stars_list, p, on_stars_list, NULL);
}

/* StarsCodes: the rows come indicators first (kind 'indicator', then 'item'), so each list is
 * one run of them; the reply names the periods it read, the defaults filled in. */
struct codes_periods {
    char half[8], quarter[8];
};

static void on_stars_codes(struct request *r, PGresult *res, void *arg)
{
    struct codes_periods *k = arg;
    int n = PQntuples(res);
    Zhucun__StarsCodesReply out = ZHUCUN__STARS_CODES_REPLY__INIT;
    out.half = k->half;
    out.quarter = k->quarter;
    Zhucun__StarIndicator *iv;
    Zhucun__PointItem *pv;
    if (REQUEST_ROWS(r, n, iv, out.indicators) == NULL || REQUEST_ROWS(r, n, pv, out.items) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        if (strcmp(PQgetvalue(res, i, 0), "indicator") == 0) {
            Zhucun__StarIndicator *x = &iv[out.n_indicators++];
            zhucun__star_indicator__init(x);
            x->code = PQgetvalue(res, i, 1);
            x->label = PQgetvalue(res, i, 2);
            x->delta = (int32_t)strtol(PQgetvalue(res, i, 3), NULL, 10);
            x->city_code = PQgetvalue(res, i, 4);
        } else {
            Zhucun__PointItem *x = &pv[out.n_items++];
            zhucun__point_item__init(x);
            x->code = PQgetvalue(res, i, 1);
            x->label = PQgetvalue(res, i, 2);
            x->points = PQgetvalue(res, i, 3);
            x->kind = x->points[0] == '-' ? "deduct" : "add"; /* an item's points are never 0 */
            x->county_code = PQgetvalue(res, i, 4);
        }
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_STARS_CODES;
    reply.stars_codes = &out;
    request_reply(r, &reply);
}

static void handle_stars_codes(struct request *r)
{
    const Zhucun__StarsCodes *in = r->msg->stars_codes;
    const char *field = NULL;
    int today = zc_clock_today();
    if (request_refused(r, rules_stars_codes_problem(in, today, &field), &field))
        return;
    struct codes_periods *k = request_alloc(r, sizeof(*k));
    const char **p = k != NULL ? request_params(r, 4) : NULL;
    if (p == NULL)
        return;
    /* checked: a given period is six characters */
    if (in->half[0] != '\0')
        snprintf(k->half, sizeof(k->half), "%s", in->half);
    else
        rules_stars_period_of(today, 'h', k->half);
    if (in->quarter[0] != '\0')
        snprintf(k->quarter, sizeof(k->quarter), "%s", in->quarter);
    else
        rules_stars_period_of(today, 'q', k->quarter);
    if ((p[2] = period_day(r, k->half, 'h', NULL)) == NULL ||
        (p[3] = period_day(r, k->quarter, 'q', NULL)) == NULL)
        return;
    /* the county's existence and scope are the SQL's (zc_stars_county: NOT_FOUND naming
     * county_code), as for the writes whose codes these are */
    p[0] = access_prefix_patterns(r, r->call->roles);
    p[1] = in->county_code;
    request_query(r, &store_stars_codes, p, on_stars_codes, k);
}

static void on_cadre_points_history(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__CadrePointsHistoryReply out = ZHUCUN__CADRE_POINTS_HISTORY_REPLY__INIT;
    out.person_id = (int64_t)(intptr_t)arg;
    out.name = "";
    Zhucun__CadrePointEntry *ev;
    Zhucun__QuarterTotal *qv;
    if (REQUEST_ROWS(r, n, ev, out.entries) == NULL || REQUEST_ROWS(r, n, qv, out.quarters) == NULL)
        return;
    size_t nq = 0;
    for (int i = 0; i < n; i++) {
        Zhucun__CadrePointEntry *e = &ev[i];
        zhucun__cadre_point_entry__init(e);
        e->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        out.person_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        out.name = PQgetvalue(res, i, 2);
        e->quarter = PQgetvalue(res, i, 3);
        e->kind = PQgetvalue(res, i, 4);
        e->item_code = PQgetvalue(res, i, 5);
        e->points = PQgetvalue(res, i, 6);
        e->running = PQgetvalue(res, i, 7);
        e->reason = PQgetvalue(res, i, 8);
        e->source_kind = PQgetvalue(res, i, 9);
        e->source_id = strtoll(PQgetvalue(res, i, 10), NULL, 10);
        e->county_code = PQgetvalue(res, i, 11);
        e->evidence = (uint32_t)strtoul(PQgetvalue(res, i, 12), NULL, 10);
        /* the rows come by quarter: the last running total of a quarter is its total */
        if (nq == 0 || strcmp(qv[nq - 1].quarter, e->quarter) != 0) {
            zhucun__quarter_total__init(&qv[nq]);
            qv[nq++].quarter = e->quarter;
        }
        qv[nq - 1].total = e->running;
    }
    out.n_entries = (size_t)n;
    out.n_quarters = nq;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_CADRE_POINTS_HISTORY;
    reply.cadre_points_history = &out;
    request_reply(r, &reply);
}

static void handle_cadre_points_history(struct request *r)
{
    const Zhucun__CadrePointsHistory *in = r->msg->cadre_points_history;
    const char *field = NULL;
    if (request_refused(r, rules_cadre_points_history_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    /* a cadre and a team captain read their own points only: their grants give no place */
    p[1] = access_prefix_patterns(r, r->call->roles & ~POINTS_SELF);
    p[2] = request_num(r, in->person_id);
    request_query(r, &store_cadre_points_history, p, on_cadre_points_history,
                  (void *)(intptr_t)in->person_id);
}

struct ranking {
    unsigned limit;
};

static void on_cadre_points_ranking(struct request *r, PGresult *res, void *arg)
{
    const struct ranking *k = arg;
    int n = PQntuples(res);
    Zhucun__CadrePointsRankingReply out = ZHUCUN__CADRE_POINTS_RANKING_REPLY__INIT;
    out.truncated = (unsigned)n > k->limit;
    if (out.truncated)
        n = (int)k->limit;
    Zhucun__CadreRank *rv;
    if (REQUEST_ROWS(r, n, rv, out.ranks) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__CadreRank *c = &rv[i];
        zhucun__cadre_rank__init(c);
        c->rank = (uint32_t)strtoul(PQgetvalue(res, i, 0), NULL, 10);
        c->person_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        c->name = PQgetvalue(res, i, 2);
        c->county_code = PQgetvalue(res, i, 3);
        c->county_name = PQgetvalue(res, i, 4);
        c->org_code = PQgetvalue(res, i, 5);
        c->total = PQgetvalue(res, i, 6);
        c->entries = (uint32_t)strtoul(PQgetvalue(res, i, 7), NULL, 10);
    }
    out.n_ranks = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_CADRE_POINTS_RANKING;
    reply.cadre_points_ranking = &out;
    request_reply(r, &reply);
}

static void handle_cadre_points_ranking(struct request *r)
{
    const Zhucun__CadrePointsRanking *in = r->msg->cadre_points_ranking;
    const char *field = NULL;
    if (request_refused(r, rules_cadre_points_ranking_problem(in, zc_clock_today(), &field),
                        &field))
        return;
    const char *patterns = access_org_patterns(r, in->org_code);
    struct ranking *k = patterns != NULL ? request_alloc(r, sizeof(*k)) : NULL;
    const char **p = k != NULL ? request_params(r, 4) : NULL;
    if (p == NULL || (p[1] = period_day(r, in->period, 'p', &p[2])) == NULL)
        return;
    k->limit = in->limit != 0 ? in->limit : STARS_RANKING_DEFAULT;
    p[0] = patterns;
    p[3] = request_num(r, (long long)k->limit + 1);
    request_query(r, &store_cadre_points_ranking, p, on_cadre_points_ranking, k);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_STARS_COMPUTE, "StarsCompute", AUTH_SESSION, STARS_WRITERS, 0,
     handle_stars_compute, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_STARS_ADJUST, "StarsAdjust", AUTH_SESSION, STARS_WRITERS, 0,
     handle_stars_adjust, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_STARS_FILE, "StarsFile", AUTH_SESSION, STARS_WRITERS, 0,
     handle_filing_submit, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_STARS_STATUS, "StarsStatus", AUTH_SESSION, OFFICES, 0,
     handle_stars_status, NULL, 0},
    {ZHUCUN__REQUEST__BODY_STARS_LIST, "StarsList", AUTH_SESSION, STARS_READERS, 0,
     handle_stars_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_STARS_CODES, "StarsCodes", AUTH_SESSION, STARS_WRITERS, 0,
     handle_stars_codes, NULL, 0},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE, "CadrePointsRate", AUTH_SESSION, STARS_WRITERS, 0,
     handle_cadre_points_rate, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD, "CadrePointsAdd", AUTH_SESSION, STARS_WRITERS, 0,
     handle_cadre_points_add, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY, "CadrePointsHistory", AUTH_SESSION, POINTS_READERS,
     0, handle_cadre_points_history, NULL, 0},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING, "CadrePointsRanking", AUTH_SESSION, OFFICES, 0,
     handle_cadre_points_ranking, NULL, 0},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_FILE, "CadrePointsFile", AUTH_SESSION, STARS_WRITERS, 0,
     handle_filing_submit, replay_write, 1},
};

const struct domain stars_domain = {
    .name = "stars",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
