/* visit/handlers.c -- visit logs with their problems (V5), and a cadre's own due list, judged
 * by the pure rules in common/rules/visits.c against the rule rows in force (R1). */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/household.h"
#include "common/rules/ledger.h"
#include "common/rules/org.h"
#include "common/rules/visits.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/roles.h"
#include "server/visit/store.h"

#define DUE_LOOKBACK_DAYS  62
#define DUE_HOUSEHOLDS_MAX 5000

static int today_days(void)
{
    return zc_clock_today();
}

/* ---- VisitCreate ---- */

/* The answer to VisitCreate, first or retried, from the stored result: the visit's id, then
 * those of the follow-up items it opened. */
static void replay_visit_create(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__VisitCreateReply vr = ZHUCUN__VISIT_CREATE_REPLY__INIT;
    vr.visit_id = strtoll(sr->f[0], NULL, 10);
    int64_t *ids = arena_alloc(r->arena, (VISIT_PROBLEMS_MAX + 1) * sizeof(*ids));
    if (ids == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    size_t n = 0;
    for (size_t i = 1; i < sr->n && n < VISIT_PROBLEMS_MAX; i++)
        if (sr->f[i][0] != '\0') /* "5:": a visit without items */
            ids[n++] = strtoll(sr->f[i], NULL, 10);
    vr.item_ids = ids;
    vr.n_item_ids = n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_VISIT_CREATE;
    reply.visit_create = &vr;
    request_reply(r, &reply);
}

static void on_visit_created(struct request *r, PGresult *res, void *arg)
{
    request_reply_stored(r, PQgetvalue(res, 0, 0));
}

/* VisitCreate: a visit to a household, or (a township team) to a village itself, with the
 * cadres present and the problems found, each of which opens a follow-up item with a person
 * responsible and a deadline. Everything is checked here, naming the field (problems[2].text),
 * and sent as arrays, one per column, to zc_visit_create: the visit, its items and the audit
 * row in one transaction, and with a key the answer stored for a retry. */
static void handle_visit_create(struct request *r)
{
    const Zhucun__VisitCreate *in = r->msg->visit_create;
    char day[11];
    int y, m, d;
    rules_date_format(today_days(), day);
    if ((in->household_id > 0) == (in->village_code[0] != '\0')) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     "请给出被走访的农户（household_id）或村（village_code，驻乡镇工作队）之一",
                     "household_id");
        return;
    }
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) != ORG_VILLAGE) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请填写 12 位行政村代码", "village_code");
        return;
    }
    if (rules_date_parse(in->visit_date, &y, &m, &d) != 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "走访日期应为 YYYY-MM-DD", "visit_date");
        return;
    }
    if (strcmp(in->visit_date, day) > 0) {
        request_fail(
            r, ZHUCUN__CODE__INVALID_ARGUMENT,
            request_printf(r, "走访日期 %s 晚于今天（%s），不能预先登记", in->visit_date, day),
            "visit_date");
        return;
    }
    if (rules_visit_mode_parse(in->mode) < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, VISIT_MODE_PROBLEM, "mode");
        return;
    }
    if (in->n_cadre_ids == 0 || in->n_cadre_ids > VISIT_CADRES_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请填写在场队员（1 到 10 人）",
                     "cadre_ids");
        return;
    }
    if (strlen(in->notes) > VISIT_NOTES_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "走访记录过长（最多 2000 字节）", "notes");
        return;
    }
    if (in->n_problems > VISIT_PROBLEMS_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "一次走访最多登记 20 个问题", "problems");
        return;
    }
    struct pgarray cadres, texts, resp, deadlines, urgent, areas;
    pgarray_init(&areas);
    pgarray_init(&cadres);
    pgarray_init(&texts);
    pgarray_init(&resp);
    pgarray_init(&deadlines);
    pgarray_init(&urgent);
    char num[32];
    for (size_t i = 0; i < in->n_cadre_ids; i++) {
        snprintf(num, sizeof(num), "%lld", (long long)in->cadre_ids[i]);
        pgarray_add_raw(&cadres, num);
    }
    const char *bad = NULL, *field = NULL;
    for (size_t i = 0; i < in->n_problems && bad == NULL; i++) {
        const Zhucun__Problem *p = in->problems[i];
        size_t len = strlen(p->text);
        if (len == 0 || len > VISIT_PROBLEM_TEXT_MAX)
            bad = "问题描述应为 1 到 1000 字节", field = "text";
        else if (p->responsible_id <= 0)
            bad = "请指定责任人", field = "responsible_id";
        else if (rules_date_parse(p->deadline, &y, &m, &d) != 0 ||
                 strcmp(p->deadline, in->visit_date) < 0)
            bad = "办理期限应为不早于走访日期的 YYYY-MM-DD", field = "deadline";
        else if ((bad = rules_ledger_area_problem(p->area)) != NULL)
            field = "area";
        if (bad != NULL) {
            field = request_printf(r, "problems[%zu].%s", i, field);
            break;
        }
        pgarray_add_text(&texts, p->text);
        snprintf(num, sizeof(num), "%lld", (long long)p->responsible_id);
        pgarray_add_raw(&resp, num);
        pgarray_add_raw(&deadlines, p->deadline);
        pgarray_add_raw(&urgent, p->urgent ? "true" : "false");
        pgarray_add_text(&areas, p->area);
    }
    const char *arrays[6] = {pgarray_finish(&cadres, r), pgarray_finish(&texts, r),
                             pgarray_finish(&resp, r),   pgarray_finish(&deadlines, r),
                             pgarray_finish(&urgent, r), pgarray_finish(&areas, r)};
    if (bad != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, bad, field);
        return;
    }
    const char **p = request_params(r, 17);
    if (p == NULL)
        return;
    for (int i = 0; i < 6; i++) {
        if (arrays[i] == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
            return;
        }
    }
    p[0] = request_num(r, r->session.user_id);
    p[1] = r->msg->idempotency_key;
    p[15] = request_key_hash(r);
    p[2] = in->household_id > 0 ? request_num(r, in->household_id) : NULL;
    p[3] = in->village_code[0] ? in->village_code : NULL;
    p[4] = access_prefix_patterns(r, r->call->roles);
    p[5] = in->visit_date;
    p[6] = in->mode;
    p[7] = arrays[0];
    p[8] = in->notes;
    p[9] = arrays[1];
    p[10] = arrays[2];
    p[11] = arrays[3];
    p[12] = arrays[4];
    p[13] = r->session.username;
    p[14] = r->peer;
    p[16] = arrays[5];
    request_query(r, &store_visit_create, p, on_visit_created, NULL);
}

/* ---- VisitsDue ---- */

struct due {
    struct request *r;
    int as_of, from;
    int start; /* the tracking start: periods that begin before it are not judged */
    struct visit_rule *rules;
    char **codes; /* rule codes, parallel to rules */
    size_t nrules;
    const char *p[6];
};

/* The bits code() gives the elements of a (unknown elements give none). */
static unsigned bits_of(const struct pgarray_values *a, int (*code)(const char *))
{
    unsigned bits = 0;
    for (size_t i = 0; i < a->n; i++) {
        int c = a->v[i] != NULL ? code(a->v[i]) : -1;
        if (c >= 0)
            bits |= 1u << c;
    }
    return bits;
}

/* A household category, or "village" for a village's own duty (V4). */
static int subject_code(const char *s)
{
    return strcmp(s, "village") == 0 ? CAT_VILLAGE : rules_hh_category_code(s);
}

static int due_cmp(const void *a, const void *b)
{
    const Zhucun__DueItem *x = *(Zhucun__DueItem *const *)a, *y = *(Zhucun__DueItem *const *)b;
    if (x->overdue != y->overdue)
        return x->overdue ? -1 : 1;
    int c = strcmp(x->overdue ? x->window_last : x->period_last,
                   y->overdue ? y->window_last : y->period_last);
    return c != 0 ? c : (x->household_id > y->household_id) - (x->household_id < y->household_id);
}

/* VisitsDue's households (and, for a township team's member, each village's own duty, V4, as
 * a row with id 0), each with its state history and its visits of the window. Their duties are
 * judged here by rules_visit_duties against the rules in force (on_rules): the judge the
 * report's duty rows are generated by, so the due list and the report agree, and only periods
 * from the tracking start on are judged, as the report counts them. Unmet duties come back
 * overdue first, then by the day they fall due. More than DUE_HOUSEHOLDS_MAX households is
 * refused: the report, not a list, answers for an area that large. */
static void on_households(struct request *r, PGresult *res, void *arg)
{
    struct due *du = arg;
    int n = PQntuples(res);
    int households = 0; /* the rows with id 0 are villages (V4) */
    for (int i = 0; i < n; i++)
        households += strcmp(PQgetvalue(res, i, 0), "0") != 0;
    if (households > DUE_HOUSEHOLDS_MAX) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED,
                     "管辖的农户超过 5000 户，请用走访统计报表", NULL);
        return;
    }
    Zhucun__VisitsDueReply dr = ZHUCUN__VISITS_DUE_REPLY__INIT;
    size_t cap = 64, count = 0;
    Zhucun__DueItem **items = xmalloc(cap * sizeof(*items));
    struct hh_state states[64];
    struct visit *visits = xmalloc(512 * sizeof(*visits));
    struct duty duties[256];
    dr.households = (uint32_t)households;
    /* per row: its states (valid from, category, absent) in order, each lasting until the
     * next begins; its visits (date, mode) */
    struct pgarray_values st[3] = {{0}}, vs[2] = {{0}};
    for (int i = 0; i < n; i++) {
        size_t ns = 0, nv = 0;
        if (pgarray_columns(r, res, i, 3, st, 3) != 0 || pgarray_columns(r, res, i, 6, vs, 2) != 0)
            goto out;
        for (size_t k = 0; k < st[0].n && ns < 64; k++) {
            int ok, code = st[1].v[k] != NULL ? subject_code(st[1].v[k]) : -1;
            if (st[0].v[k] == NULL || st[2].v[k] == NULL || code < 0)
                continue;
            states[ns].from = rules_date_days(st[0].v[k], &ok);
            states[ns].to = DAY_MAX;
            states[ns].category = (enum hh_category)code;
            states[ns].absent = st[2].v[k][0] == 't';
            if (ns > 0)
                states[ns - 1].to = states[ns].from - 1;
            ns++;
        }
        for (size_t k = 0; k < vs[0].n && nv < 512; k++) {
            if (vs[0].v[k] == NULL || vs[1].v[k] == NULL)
                continue;
            int ok;
            visits[nv].day = rules_date_days(vs[0].v[k], &ok);
            visits[nv].mode = (enum visit_mode)rules_visit_mode_parse(vs[1].v[k]);
            nv++;
        }
        size_t nd = rules_visit_duties(du->rules, du->nrules, states, ns, visits, nv, du->from,
                                       du->as_of, duties, 256);
        for (size_t k = 0; k < nd && k < 256; k++) {
            const struct duty *dy = &duties[k];
            if (dy->period.first < du->start)
                continue; /* not tracked: the report refuses it too */
            dr.duties++;
            if (dy->met) {
                dr.met++;
                continue;
            }
            Zhucun__DueItem *it = arena_alloc(r->arena, sizeof(*it));
            char *dates = arena_alloc(r->arena, 4 * 11);
            if (it == NULL || dates == NULL) {
                request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
                goto out;
            }
            zhucun__due_item__init(it);
            it->household_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
            it->head_name = PQgetvalue(res, i, 1);
            it->village_code = PQgetvalue(res, i, 2);
            for (size_t q = 0; q < du->nrules; q++)
                if (du->rules[q].id == dy->rule_id)
                    it->rule = du->codes[q];
            rules_date_format(dy->period.first, dates);
            rules_date_format(dy->period.last, dates + 11);
            rules_date_format(dy->window_first, dates + 22);
            rules_date_format(dy->window_last, dates + 33);
            it->period_first = dates;
            it->period_last = dates + 11;
            it->window_first = dates + 22;
            it->window_last = dates + 33;
            it->overdue = dy->overdue;
            it->done = (uint32_t)dy->done;
            it->required = (uint32_t)dy->required;
            for (size_t s = 0; s < ns; s++) {
                if (states[s].from <= dy->window_last && dy->window_last <= states[s].to) {
                    static const char *const cats[] = {"poverty_alleviated", "monitored",
                                                       "ordinary", "village"};
                    it->category = (char *)cats[states[s].category];
                    it->absent = states[s].absent;
                }
            }
            if (count == cap) {
                cap *= 2;
                items = xrealloc(items, cap * sizeof(*items));
            }
            items[count++] = it;
        }
    }
    qsort(items, count, sizeof(*items), due_cmp);
    Zhucun__DueItem **kept = arena_alloc(r->arena, (count + 1) * sizeof(*kept));
    if (kept == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
        goto out;
    }
    memcpy(kept, items, count * sizeof(*kept));
    dr.items = kept;
    dr.n_items = count;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_VISITS_DUE;
    reply.visits_due = &dr;
    request_reply(r, &reply);
out:
    free(items);
    free(visits);
    pgarray_values_free_n(st, 3);
    pgarray_values_free_n(vs, 2);
}

/* The visit rules in force over the window (R1: rows, not constants), as the pure rules'
 * struct visit_rule; then the households, with their visits from the first day of the
 * earliest period judged (a two-month period may begin before the window). */
static void on_rules(struct request *r, PGresult *res, void *arg)
{
    struct due *du = arg;
    int n = PQntuples(res);
    du->rules = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*du->rules));
    du->codes = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*du->codes));
    if (du->rules == NULL || du->codes == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "规则过多", NULL);
        return;
    }
    du->nrules = 0;
    struct pgarray_values subjects = {0}, modes = {0};
    for (int i = 0; i < n; i++) {
        struct visit_rule *vr = &du->rules[du->nrules];
        int ok;
        if (pgarray_columns(r, res, i, 2, &subjects, 1) != 0 ||
            pgarray_columns(r, res, i, 6, &modes, 1) != 0) {
            pgarray_values_free(&subjects);
            pgarray_values_free(&modes);
            return;
        }
        vr->id = atoi(PQgetvalue(res, i, 0));
        vr->categories = bits_of(&subjects, subject_code);
        vr->absent = PQgetvalue(res, i, 3)[0] == 't';
        vr->period = (enum period_kind)rules_period_kind_parse(PQgetvalue(res, i, 4));
        vr->min_visits = atoi(PQgetvalue(res, i, 5));
        vr->modes = bits_of(&modes, rules_visit_mode_parse);
        vr->effective_from = rules_date_days(PQgetvalue(res, i, 7), &ok);
        vr->effective_to =
            PQgetvalue(res, i, 8)[0] ? rules_date_days(PQgetvalue(res, i, 8), &ok) : DAY_MAX;
        du->start = rules_date_days(PQgetvalue(res, i, 9), &ok);
        du->codes[du->nrules] = arena_strdup(r->arena, PQgetvalue(res, i, 1));
        if ((int)vr->period > 0 && du->codes[du->nrules] != NULL)
            du->nrules++;
    }
    pgarray_values_free(&subjects);
    pgarray_values_free(&modes);
    /* visits from the first day of the earliest period judged */
    struct period first = rules_period_containing(PERIOD_TWO_MONTHS, du->from);
    char *from = arena_alloc(r->arena, 11), *to = arena_alloc(r->arena, 11);
    if (from == NULL || to == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    rules_date_format(first.first, from);
    rules_date_format(du->as_of, to);
    du->p[0] = access_prefix_patterns(r, r->call->roles);
    du->p[1] = from;
    du->p[2] = to;
    du->p[3] = request_num(r, r->session.user_id);
    if (access_pattern_bounds(r, du->p[0], &du->p[4], &du->p[5]) != 0)
        return;
    request_query(r, &store_visit_due_households, du->p, on_households, du);
}

static void handle_visits_due(struct request *r)
{
    const char *as_of = r->msg->visits_due->as_of;
    struct due *du = request_alloc(r, sizeof(*du));
    if (du == NULL)
        return;
    du->r = r;
    int ok = 1;
    du->as_of = as_of[0] ? rules_date_days(as_of, &ok) : today_days();
    if (!ok || du->as_of > today_days()) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "as_of 应为不晚于今天的 YYYY-MM-DD",
                     "as_of");
        return;
    }
    du->from = du->as_of - DUE_LOOKBACK_DAYS;
    char *from = arena_alloc(r->arena, 11), *to = arena_alloc(r->arena, 11);
    if (from == NULL || to == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    rules_date_format(du->from, from);
    rules_date_format(du->as_of, to);
    du->p[0] = from;
    du->p[1] = to;
    request_query(r, &store_visit_rules, du->p, on_rules, du);
}

/* ---- follow-up items ---- */

#define ITEMS_DEFAULT 200
#define ITEMS_MAX     2000

struct items {
    struct request *r;
    unsigned limit;
    const char **p; /* store_follow_up_list's parameters */
};

static void on_items(struct request *r, PGresult *res, void *arg)
{
    struct items *l = arg;
    int n = PQntuples(res);
    Zhucun__FollowUpListReply lr = ZHUCUN__FOLLOW_UP_LIST_REPLY__INIT;
    lr.truncated = (unsigned)n > l->limit;
    if (lr.truncated)
        n = (int)l->limit;
    lr.items = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*lr.items));
    Zhucun__FollowUpItem *iv = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*iv));
    if (lr.items == NULL || iv == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
        return;
    }
    for (int i = 0; i < n; i++) {
        Zhucun__FollowUpItem *it = &iv[i];
        zhucun__follow_up_item__init(it);
        it->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        it->village_code = PQgetvalue(res, i, 1);
        it->household_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        it->head_name = PQgetvalue(res, i, 3);
        it->visit_id = strtoll(PQgetvalue(res, i, 4), NULL, 10);
        it->visit_date = PQgetvalue(res, i, 5);
        it->text = PQgetvalue(res, i, 6);
        it->responsible_id = strtoll(PQgetvalue(res, i, 7), NULL, 10);
        it->responsible_name = PQgetvalue(res, i, 8);
        it->deadline = PQgetvalue(res, i, 9);
        it->urgent = PQgetvalue(res, i, 10)[0] == 't';
        it->status = PQgetvalue(res, i, 11);
        it->overdue = PQgetvalue(res, i, 12)[0] == 't';
        it->last_note = PQgetvalue(res, i, 13);
        lr.items[i] = it;
    }
    lr.n_items = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_FOLLOW_UP_LIST;
    reply.follow_up_list = &lr;
    request_reply(r, &reply);
}

static void on_items_team(struct request *r, PGresult *res, void *arg)
{
    struct items *l = arg;
    if (PQgetvalue(res, 0, 0)[0] != 't') {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "工作队不存在或不在您的管辖范围内", "team_id");
        return;
    }
    request_query(r, &store_follow_up_list, l->p, on_items, l);
}

static void handle_follow_up_list(struct request *r)
{
    const Zhucun__FollowUpList *in = r->msg->follow_up_list;
    if (in->status[0] != '\0' && strcmp(in->status, "all") != 0 &&
        !rules_item_status_ok(in->status)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     "状态应为 open、in_progress、resolved 或 all", "status");
        return;
    }
    struct items *l = arena_alloc(r->arena, sizeof(*l));
    const char **p = request_params(r, 7);
    if (l == NULL || p == NULL)
        return;
    l->r = r;
    l->limit = in->limit == 0 ? ITEMS_DEFAULT : in->limit > ITEMS_MAX ? ITEMS_MAX : in->limit;
    if (in->org_code[0] != '\0') {
        int level = rules_code_level(in->org_code);
        if (level < 0) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "org_code");
            return;
        }
        if (!access_covers(&r->session, r->call->roles & ~ROLE_UNIT_ADMIN, in->org_code)) {
            request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内",
                         "org_code");
            return;
        }
        p[0] = request_printf(r, "{%.*s%%}", rules_code_prefix_len(level), in->org_code);
    } else {
        /* A unit's administrator reads teams through its unit, not households' items by
         * area: its org grant is no scope here. */
        p[0] = access_prefix_patterns(r, r->call->roles & ~ROLE_UNIT_ADMIN);
    }
    p[1] = request_num(r, in->responsible_id > 0 ? in->responsible_id : 0);
    p[2] = request_num(r, in->team_id > 0 ? in->team_id : 0);
    p[3] = in->status;
    p[4] = request_printf(r, "%u", l->limit + 1);
    if (access_pattern_bounds(r, p[0], &p[5], &p[6]) != 0)
        return;
    l->p = p;
    if (in->team_id <= 0) {
        request_query(r, &store_follow_up_list, p, on_items, l);
        return;
    }
    /* Filtered by a team: one the caller may not see does not exist for them (NOT_FOUND, as
     * TeamShow answers; docs/access.md), rather than answering an empty list. */
    const char **q = request_params(r, 3);
    if (q == NULL)
        return;
    q[0] = p[2];
    q[1] = access_prefix_patterns(r, r->call->roles & ~ROLE_UNIT_ADMIN);
    q[2] = (r->call->roles & ROLE_UNIT_ADMIN) ? access_unit_ids(r) : "{}";
    request_query(r, &store_follow_up_team_visible, q, on_items_team, l);
}

static void handle_follow_up_update(struct request *r)
{
    const Zhucun__FollowUpUpdate *in = r->msg->follow_up_update;
    if (!rules_item_status_ok(in->status)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, ITEM_STATUS_PROBLEM, "status");
        return;
    }
    const char *problem = rules_follow_up_note_problem(in->status, in->note);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "note");
        return;
    }
    const char **p = request_params(r, 9);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = in->status;
    p[3] = in->note;
    p[4] = request_num(r, r->session.user_id);
    p[5] = r->session.username;
    p[6] = r->peer;
    p[7] = r->msg->idempotency_key;
    p[8] = request_key_hash(r);
    request_query(r, &store_follow_up_update, p, request_done_cb, NULL);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_VISIT_CREATE, "VisitCreate", AUTH_SESSION, VISIT_WRITERS, 0,
     handle_visit_create, replay_visit_create, 1},
    {ZHUCUN__REQUEST__BODY_VISITS_DUE, "VisitsDue", AUTH_SESSION, VISIT_WRITERS, 0,
     handle_visits_due, NULL, 0},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST, "FollowUpList", AUTH_SESSION, TEAM_READERS, 0,
     handle_follow_up_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE, "FollowUpUpdate", AUTH_SESSION, HOUSEHOLD_WRITERS, 0,
     handle_follow_up_update, request_replay_ok, 1},
};

const struct domain visit_domain = {
    .name = "visit",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
