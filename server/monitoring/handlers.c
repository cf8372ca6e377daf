/* monitoring/handlers.c -- return-to-poverty monitoring (SPEC M1, M4; docs/monitoring.md): a
 * household's case with its risks and measures, the village's review, the cadre's sign-off
 * of the risk's elimination, and the lists for offices. Each body is checked by the one
 * function of common/rules/monitoring.c that the client library runs too; each write is one
 * keyed SQL function (0055_monitoring.sql) that checks scope and state, writes and audits. */
#include "server/domains.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/monitoring.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/monitoring/store.h"
#include "server/roles.h"

/* Who keeps a case (enters it, its risks and measures): as households. Who signs the
 * elimination: the village's team. Who records the village's review: its team captain (the
 * SQL also asks that they be the step's approver). */
#define MONITOR_KEEPERS  HOUSEHOLD_WRITERS
#define MONITOR_SIGNERS  (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define MONITOR_REVIEWER ROLE_TEAM_CAPTAIN
#define MONITOR_READERS  HOUSEHOLD_READERS

/* The first two fields of a stored result as ids ("12|34"). */
static int64_t stored_id(const struct stored_result *sr, size_t i)
{
    return i < sr->n ? strtoll(sr->f[i], NULL, 10) : 0;
}

/* ---- MonitorEnter ---- */

static void replay_monitor_enter(struct request *r, const struct stored_result *sr)
{
    Zhucun__MonitorEnterReply er = ZHUCUN__MONITOR_ENTER_REPLY__INIT;
    er.case_id = stored_id(sr, 0);
    er.approval_id = stored_id(sr, 1);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MONITOR_ENTER;
    reply.monitor_enter = &er;
    request_reply(r, &reply);
}

static void handle_monitor_enter(struct request *r)
{
    const Zhucun__MonitorEnter *in = r->msg->monitor_enter;
    char buf[32];
    const char *field = NULL;
    if (request_refused(r,
                        rules_monitor_enter_problem(in, zc_clock_today(), buf, sizeof(buf), &field),
                        &field) != 0)
        return;
    struct pgarray risks, texts;
    pgarray_init(&risks);
    pgarray_init(&texts);
    for (size_t i = 0; i < in->n_risks; i++) {
        pgarray_add_text(&risks, in->risks[i]->risk);
        pgarray_add_text(&texts, in->risks[i]->text);
    }
    const char *arrays[2] = {pgarray_finish(&risks, r), pgarray_finish(&texts, r)};
    const char **p = request_keyed_params(r, 13);
    if (p == NULL)
        return;
    if (arrays[0] == NULL || arrays[1] == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    p[2] = request_num(r, in->household_id);
    p[3] = access_prefix_patterns(r, r->call->roles);
    p[4] = in->kind;
    p[5] = in->found_by;
    p[6] = in->found_on;
    p[7] = arrays[0];
    p[8] = arrays[1];
    p[9] = in->note;
    request_query(r, &store_monitor_enter, p, request_stored_cb, NULL);
}

/* ---- risks and measures ---- */

/* MonitorRiskAdd's and MeasureAdd's answer: the new record's id. */
static void replay_monitor_id(struct request *r, const struct stored_result *sr)
{
    Zhucun__MonitorIdReply ir = ZHUCUN__MONITOR_ID_REPLY__INIT;
    ir.id = stored_id(sr, 0);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MONITOR_ID;
    reply.monitor_id = &ir;
    request_reply(r, &reply);
}

static void handle_monitor_risk_add(struct request *r)
{
    const Zhucun__MonitorRiskAdd *in = r->msg->monitor_risk_add;
    const char *field = NULL;
    if (request_refused(r, rules_monitor_risk_add_problem(in, zc_clock_today(), &field), &field) !=
        0)
        return;
    const char **p = request_keyed_params(r, 10);
    if (p == NULL)
        return;
    p[2] = request_num(r, in->case_id);
    p[3] = access_prefix_patterns(r, r->call->roles);
    p[4] = in->risk->risk;
    p[5] = in->risk->text;
    p[6] = in->identified_on;
    request_query(r, &store_monitor_risk_add, p, request_stored_cb, NULL);
}

static void handle_monitor_risk_close(struct request *r)
{
    const Zhucun__MonitorRiskClose *in = r->msg->monitor_risk_close;
    const char *field = NULL;
    if (request_refused(r, rules_monitor_risk_close_problem(in, zc_clock_today(), &field),
                        &field) != 0)
        return;
    const char **p = request_keyed_params(r, 9);
    if (p == NULL)
        return;
    p[2] = request_num(r, in->risk_id);
    p[3] = access_prefix_patterns(r, r->call->roles);
    p[4] = in->closed_on;
    p[5] = in->note;
    request_query(r, &store_monitor_risk_close, p, request_stored_cb, NULL);
}

static void handle_measure_add(struct request *r)
{
    const Zhucun__MeasureAdd *in = r->msg->measure_add;
    const char *field = NULL;
    if (request_refused(r, rules_measure_add_problem(in, zc_clock_today(), &field), &field) != 0)
        return;
    const char **p = request_keyed_params(r, 11);
    if (p == NULL)
        return;
    p[2] = request_num(r, in->case_id);
    p[3] = access_prefix_patterns(r, r->call->roles);
    p[4] = in->kind;
    p[5] = in->description;
    p[6] = request_num(r, in->responsible_id);
    p[7] = in->started_on;
    request_query(r, &store_measure_add, p, request_stored_cb, NULL);
}

static void handle_measure_close(struct request *r)
{
    const Zhucun__MeasureClose *in = r->msg->measure_close;
    const char *field = NULL;
    if (request_refused(r, rules_measure_close_problem(in, zc_clock_today(), &field), &field) != 0)
        return;
    const char **p = request_keyed_params(r, 9);
    if (p == NULL)
        return;
    p[2] = request_num(r, in->measure_id);
    p[3] = access_prefix_patterns(r, r->call->roles);
    p[4] = in->ended_on;
    p[5] = in->outcome;
    request_query(r, &store_measure_close, p, request_stored_cb, NULL);
}

/* ---- MonitorReview ---- */

static void replay_monitor_review(struct request *r, const struct stored_result *sr)
{
    Zhucun__MonitorReviewReply rr = ZHUCUN__MONITOR_REVIEW_REPLY__INIT;
    rr.status = sr->n > 0 ? (char *)sr->f[0] : "";
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MONITOR_REVIEW;
    reply.monitor_review = &rr;
    request_reply(r, &reply);
}

static void handle_monitor_review(struct request *r)
{
    const Zhucun__MonitorReview *in = r->msg->monitor_review;
    const char *field = NULL;
    if (request_refused(r, rules_monitor_review_problem(in, zc_clock_today(), &field), &field) != 0)
        return;
    const char **p = request_keyed_params(r, 10);
    if (p == NULL)
        return;
    p[2] = request_num(r, in->step_id);
    p[3] = in->review_date;
    p[4] = in->notice_first;
    p[5] = in->notice_last;
    p[6] = in->evidence;
    request_query(r, &store_monitor_review, p, request_stored_cb, NULL);
}

/* ---- MonitorSignOff ---- */

static void replay_monitor_sign_off(struct request *r, const struct stored_result *sr)
{
    Zhucun__MonitorSignOffReply sr_ = ZHUCUN__MONITOR_SIGN_OFF_REPLY__INIT;
    sr_.elimination_id = stored_id(sr, 0);
    sr_.approval_id = stored_id(sr, 1);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MONITOR_SIGN_OFF;
    reply.monitor_sign_off = &sr_;
    request_reply(r, &reply);
}

/* The sign-off's rows: a refusal names every failing condition (each a FieldError, all of
 * them in the message too, so that one line tells the cadre everything); otherwise one row
 * with the stored result. */
static void on_sign_off(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    if (n == 1 && PQgetisnull(res, 0, 0)) {
        request_reply_stored(r, PQgetvalue(res, 0, 2));
        return;
    }
    Zhucun__FieldError *fe = NULL, **fp = NULL;
    if (REQUEST_ROWS(r, n, fe, fp) == NULL)
        return;
    const char *message = "不能签字确认风险消除：";
    for (int i = 0; i < n; i++) {
        zhucun__field_error__init(&fe[i]);
        fe[i].field = PQgetvalue(res, i, 0);
        fe[i].message = PQgetvalue(res, i, 1);
        message = request_printf(r, "%s%s%s", message, i > 0 ? "；" : "", fe[i].message);
    }
    /* The values live in res, cleared after this returns: the reply is sent before. */
    request_fail_fields(r, ZHUCUN__CODE__FAILED_PRECONDITION, message, fp, (size_t)n);
}

static void handle_monitor_sign_off(struct request *r)
{
    const Zhucun__MonitorSignOff *in = r->msg->monitor_sign_off;
    const char *field = NULL;
    if (request_refused(r, rules_monitor_sign_off_problem(in, &field), &field) != 0)
        return;
    const char **p = request_keyed_params(r, 8);
    if (p == NULL)
        return;
    p[2] = request_num(r, in->case_id);
    p[3] = access_prefix_patterns(r, r->call->roles);
    p[4] = in->note;
    request_query(r, &store_monitor_sign_off, p, on_sign_off, NULL);
}

/* ---- reads ---- */

/* Column c of row i, "" for NULL (PQgetvalue's own), as the non-const char * protobuf-c
 * wants; res outlives the reply (it is sent before the callback returns). */
#define V(res, i, c) PQgetvalue((res), (i), (c))

/* A case from the columns of zc_monitor_rows (store.c, MONITOR_ROW_COLUMNS) at row i; its
 * open risks from the arrays. -1 after ending the request. */
static int case_from_row(struct request *r, const PGresult *res, int i, Zhucun__MonitorCase *c)
{
    zhucun__monitor_case__init(c);
    c->id = strtoll(V(res, i, 0), NULL, 10);
    c->household_id = strtoll(V(res, i, 1), NULL, 10);
    c->approval_id = strtoll(V(res, i, 2), NULL, 10);
    c->head_name = V(res, i, 3);
    c->village_code = V(res, i, 4);
    c->kind = V(res, i, 5);
    c->found_by = V(res, i, 6);
    c->found_on = V(res, i, 7);
    c->status = V(res, i, 8);
    c->entered_on = V(res, i, 9);
    c->eliminated_on = V(res, i, 10);
    c->note = V(res, i, 11);
    c->last_measure_on = V(res, i, 12);
    size_t n, nt;
    char **risks = pgarray_column(r, res, i, 13, &n);
    char **texts = risks != NULL ? pgarray_column(r, res, i, 14, &nt) : NULL;
    if (texts == NULL)
        return -1;
    Zhucun__MonitorRisk *rv = NULL, **rp = NULL;
    if (REQUEST_ROWS(r, n, rv, rp) == NULL)
        return -1;
    for (size_t k = 0; k < n; k++) {
        zhucun__monitor_risk__init(&rv[k]);
        rv[k].risk = risks[k];
        rv[k].text = k < nt && texts[k] != NULL ? texts[k] : "";
    }
    c->risks = rp;
    c->n_risks = n;
    return 0;
}

/* The cases of rows [0, n) with a non-NULL id into *out; -1 after ending the request. */
static int cases_from_rows(struct request *r, const PGresult *res, int n,
                           Zhucun__MonitorCase ***out, size_t *count)
{
    Zhucun__MonitorCase *cv = NULL, **cp = NULL;
    if (REQUEST_ROWS(r, n, cv, cp) == NULL)
        return -1;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (PQgetisnull(res, i, 0))
            continue;
        if (case_from_row(r, res, i, &cv[k]) != 0)
            return -1;
        cp[k] = &cv[k];
        k++;
    }
    *out = cp;
    *count = k;
    return 0;
}

/* The org pattern of a list ("1401%", or "%" for the whole scope); NULL after ending the
 * request when the org unit is outside the caller's scope (NOT_FOUND, as everywhere). */
static const char *org_pattern(struct request *r, const char *org)
{
    if (org[0] == '\0')
        return "%";
    if (!access_covers(&r->session, r->call->roles, org)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划不存在或不在您的管辖范围内", "org_code");
        return NULL;
    }
    return request_printf(r, "%.*s%%", rules_code_prefix_len(rules_code_level(org)), org);
}

struct list_page {
    unsigned limit;
};

/* A list's parameters, n of them: the caller's patterns ($1), the org unit's pattern ($2), the
 * page after ($n-1) and one more row than its limit ($n), which goes to *lp for the reply.
 * NULL after ending the request. */
static const char **list_params(struct request *r, const char *org_code, int64_t after,
                                unsigned limit, size_t n, struct list_page **lp)
{
    const char *org = org_pattern(r, org_code);
    *lp = org != NULL ? request_alloc(r, sizeof(**lp)) : NULL;
    const char **p = *lp != NULL ? request_params(r, n) : NULL;
    if (p == NULL)
        return NULL;
    (*lp)->limit = rules_monitor_limit(limit);
    p[0] = access_prefix_patterns(r, r->call->roles);
    p[1] = org;
    p[n - 2] = request_num(r, after);
    p[n - 1] = request_num(r, (long long)(*lp)->limit + 1);
    return p;
}

/* A list's page from its rows (one past the limit says there are more): the cases and
 * whether it was cut. -1 after ending the request. */
static int list_page(struct request *r, const PGresult *res, const struct list_page *lp,
                     Zhucun__MonitorCase ***cases, size_t *n_cases, protobuf_c_boolean *truncated)
{
    int n = PQntuples(res);
    *truncated = (unsigned)n > lp->limit;
    return cases_from_rows(r, res, *truncated ? (int)lp->limit : n, cases, n_cases);
}

static void on_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__MonitorListReply lr = ZHUCUN__MONITOR_LIST_REPLY__INIT;
    if (list_page(r, res, arg, &lr.cases, &lr.n_cases, &lr.truncated) != 0)
        return;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MONITOR_LIST;
    reply.monitor_list = &lr;
    request_reply(r, &reply);
}

static void handle_monitor_list(struct request *r)
{
    const Zhucun__MonitorList *in = r->msg->monitor_list;
    const char *field = NULL;
    struct list_page *lp;
    if (request_refused(r, rules_monitor_list_problem(in, &field), &field) != 0)
        return;
    const char **p = list_params(r, in->org_code, in->after, in->limit, 7, &lp);
    if (p == NULL)
        return;
    p[2] = in->kind;
    p[3] = in->risk;
    p[4] = in->status;
    request_query(r, &store_monitor_list, p, on_list, lp);
}

/* The months and their first day are on every row (store.c), also on the one row that says
 * no case is stale. */
static void on_stale(struct request *r, PGresult *res, void *arg)
{
    Zhucun__MonitorStaleReply sr = ZHUCUN__MONITOR_STALE_REPLY__INIT;
    if (PQntuples(res) > 0) {
        sr.months = (uint32_t)strtoul(V(res, 0, 15), NULL, 10);
        sr.since = V(res, 0, 16);
    }
    if (list_page(r, res, arg, &sr.cases, &sr.n_cases, &sr.truncated) != 0)
        return;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MONITOR_STALE;
    reply.monitor_stale = &sr;
    request_reply(r, &reply);
}

static void handle_monitor_stale(struct request *r)
{
    const Zhucun__MonitorStale *in = r->msg->monitor_stale;
    const char *field = NULL;
    struct list_page *lp;
    if (request_refused(r, rules_monitor_stale_problem(in, &field), &field) != 0)
        return;
    const char **p = list_params(r, in->org_code, in->after, in->limit, 4, &lp);
    if (p == NULL)
        return;
    request_query(r, &store_monitor_stale, p, on_stale, lp);
}

/* MonitorShow's sections (zc_monitor_show, 0055): each row is (section, id, n1, n2, t1 ..
 * t10); a section's columns go, by the names below (NULL: unused), into a message of its kind
 * appended to its repeated field of the case, or (the 'case' row) into the case itself. One
 * reader for every section, driven by the messages' descriptors. */
#define SHOW_COLUMNS 13 /* id, n1, n2, t1 .. t10 */

static const struct section {
    const char *name;
    const ProtobufCMessageDescriptor *d; /* NULL: the case itself */
    size_t n_off, list_off;              /* the repeated field in Zhucun__MonitorCase */
    const char *cols[SHOW_COLUMNS];
} sections[] = {
    {"case",
     NULL,
     0,
     0,
     {"id", "household_id", "approval_id", "head_name", "village_code", "kind", "found_by",
      "found_on", "status", "entered_on", "eliminated_on", "note", "last_measure_on"}},
    {"risk",
     &zhucun__monitor_risk__descriptor,
     offsetof(Zhucun__MonitorCase, n_risks),
     offsetof(Zhucun__MonitorCase, risks),
     {"id", NULL, NULL, "risk", "text", "identified_on", "closed_on", "note"}},
    {"measure",
     &zhucun__monitor_measure__descriptor,
     offsetof(Zhucun__MonitorCase, n_measures),
     offsetof(Zhucun__MonitorCase, measures),
     {"id", "responsible_id", NULL, "kind", "description", "responsible_name", "started_on",
      "ended_on", "outcome"}},
    {"review",
     &zhucun__monitor_review_record__descriptor,
     offsetof(Zhucun__MonitorCase, n_reviews),
     offsetof(Zhucun__MonitorCase, reviews),
     {"step_id", "approval_id", NULL, "review_date", "notice_first", "notice_last", "evidence",
      "recorded_by"}},
    {"elimination",
     &zhucun__monitor_elimination__descriptor,
     offsetof(Zhucun__MonitorCase, n_eliminations),
     offsetof(Zhucun__MonitorCase, eliminations),
     {"id", "approval_id", NULL, "status", "signed_on", "signed_by", "note"}},
    {"blocker",
     &zhucun__monitor_blocker__descriptor,
     offsetof(Zhucun__MonitorCase, n_blockers),
     offsetof(Zhucun__MonitorCase, blockers),
     {NULL, NULL, NULL, "field", "message"}},
    {"category",
     &zhucun__monitor_category__descriptor,
     offsetof(Zhucun__MonitorCase, n_categories),
     offsetof(Zhucun__MonitorCase, categories),
     {NULL, NULL, NULL, "valid_from", "category", "note"}},
};

/* Row i's columns into msg (of descriptor d) by the section's names: int64 fields from the
 * numbers, strings as they are (res outlives the reply). */
static void section_fill(const struct section *sec, const ProtobufCMessageDescriptor *d, void *msg,
                         const PGresult *res, int i)
{
    for (int k = 0; k < SHOW_COLUMNS; k++) {
        if (sec->cols[k] == NULL)
            continue;
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field_by_name(d, sec->cols[k]);
        char *v = PQgetvalue(res, i, k + 1);
        if (f->type == PROTOBUF_C_TYPE_INT64)
            *(int64_t *)((char *)msg + f->offset) = strtoll(v, NULL, 10);
        else
            *(char **)((char *)msg + f->offset) = v;
    }
}

static void on_show(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__MonitorCase c = ZHUCUN__MONITOR_CASE__INIT;
    char *base = (char *)&c;
    /* Room for every row in each section's list (a case has few). */
    for (size_t s = 1; s < ARRAY_SIZE(sections); s++) {
        void **list = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(void *));
        if (list == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
            return;
        }
        *(void ***)(base + sections[s].list_off) = list;
    }
    for (int i = 0; i < n; i++) {
        const char *name = PQgetvalue(res, i, 0);
        const struct section *sec = NULL;
        for (size_t s = 0; s < ARRAY_SIZE(sections) && sec == NULL; s++)
            if (strcmp(sections[s].name, name) == 0)
                sec = &sections[s];
        if (sec == NULL)
            continue;
        if (sec->d == NULL) {
            section_fill(sec, &zhucun__monitor_case__descriptor, &c, res, i);
            continue;
        }
        void *msg = arena_alloc(r->arena, sec->d->sizeof_message);
        if (msg == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
            return;
        }
        sec->d->message_init(msg);
        section_fill(sec, sec->d, msg, res, i);
        size_t *count = (size_t *)(base + sec->n_off);
        (*(void ***)(base + sec->list_off))[(*count)++] = msg;
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_MONITOR_CASE;
    reply.monitor_case = &c;
    request_reply(r, &reply);
}

static void handle_monitor_show(struct request *r)
{
    const Zhucun__MonitorShow *in = r->msg->monitor_show;
    const char *field = NULL;
    if (request_refused(r, rules_monitor_show_problem(in, &field), &field) != 0)
        return;
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = request_num(r, in->case_id);
    p[1] = request_num(r, in->household_id);
    p[2] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_monitor_show, p, on_show, NULL);
}

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_MONITOR_ENTER, "MonitorEnter", AUTH_SESSION, MONITOR_KEEPERS, 0,
     handle_monitor_enter, replay_monitor_enter, 1},
    {ZHUCUN__REQUEST__BODY_MONITOR_RISK_ADD, "MonitorRiskAdd", AUTH_SESSION, MONITOR_KEEPERS, 0,
     handle_monitor_risk_add, replay_monitor_id, 1},
    {ZHUCUN__REQUEST__BODY_MONITOR_RISK_CLOSE, "MonitorRiskClose", AUTH_SESSION, MONITOR_KEEPERS, 0,
     handle_monitor_risk_close, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_MEASURE_ADD, "MeasureAdd", AUTH_SESSION, MONITOR_KEEPERS, 0,
     handle_measure_add, replay_monitor_id, 1},
    {ZHUCUN__REQUEST__BODY_MEASURE_CLOSE, "MeasureClose", AUTH_SESSION, MONITOR_KEEPERS, 0,
     handle_measure_close, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_MONITOR_REVIEW, "MonitorReview", AUTH_SESSION, MONITOR_REVIEWER, 0,
     handle_monitor_review, replay_monitor_review, 1},
    {ZHUCUN__REQUEST__BODY_MONITOR_SIGN_OFF, "MonitorSignOff", AUTH_SESSION, MONITOR_SIGNERS, 0,
     handle_monitor_sign_off, replay_monitor_sign_off, 1},
    {ZHUCUN__REQUEST__BODY_MONITOR_SHOW, "MonitorShow", AUTH_SESSION, MONITOR_READERS, 0,
     handle_monitor_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_MONITOR_LIST, "MonitorList", AUTH_SESSION, MONITOR_READERS, 0,
     handle_monitor_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_MONITOR_STALE, "MonitorStale", AUTH_SESSION, MONITOR_READERS, 0,
     handle_monitor_stale, NULL, 0},
};

const struct domain monitoring_domain = {
    .name = "monitoring",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
