/* assess/handlers.c -- the quarterly assessment (考核规范化, SPEC E1; issue 22;
 * docs/assessment.md): a county office opens the round of a quarter for its teams or cadres,
 * enters the indicator scores the system does not know, ranks the round (the quota solver of
 * common/rules/assess.c proposes the grades), overrides a grade with a reason within the
 * quotas (the same solver checks the round's grades with it before anything is written), and
 * submits the round for publication (an approval; the last approval publishes it and inserts
 * its circular). Offices above and the townships within read the rounds. */
#include "server/domains.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/assess.h"
#include "common/xmalloc.h"
#include "server/assess/store.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/roles.h"

/* Who runs a round: the county office of the county. Who reads: the offices over it and the
 * townships within it (row-level security shows a township its own teams' results). */
#define ASSESS_WRITERS ROLE_COUNTY_OFFICE
#define ASSESS_READERS (OFFICES | ROLE_TOWNSHIP)

/* The answer to a keyed write, first or retried: the id it returned. */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__AssessWriteReply w = ZHUCUN__ASSESS_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    /* every write answers with an AssessWriteReply under its own member, and the oneof's
     * members share the one pointer */
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.assess_round_open = &w;
    request_reply(r, &reply);
}

/* ---- the plain writes ---- */

static void handle_round_open(struct request *r)
{
    const Zhucun__AssessRoundOpen *in = r->msg->assess_round_open;
    const char *field = NULL;
    if (request_refused(r, rules_assess_round_open_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 9);
    if (p == NULL)
        return;
    p[3] = in->county_code;
    p[4] = in->quarter;
    p[5] = in->subject;
    request_query(r, &store_assess_round_open, p, request_stored_cb, NULL);
}

static void handle_score_set(struct request *r)
{
    const Zhucun__AssessScoreSet *in = r->msg->assess_score_set;
    const char *field = NULL;
    if (request_refused(r, rules_assess_score_set_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 10);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->result_id);
    p[4] = in->indicator;
    p[5] = request_num(r, in->score);
    p[6] = in->reason;
    request_query(r, &store_assess_score_set, p, request_stored_cb, NULL);
}

static void handle_submit(struct request *r)
{
    const char **p = request_keyed_scoped_params(r, 7);
    if (p == NULL)
        return;
    p[3] = request_num(r, r->msg->assess_submit->round_id);
    request_query(r, &store_assess_submit, p, request_stored_cb, NULL);
}

/* ---- the solver's writes: read the round, solve, write on the version read ---- */

/* The round as the solver reads it (store_assess_state). */
struct state {
    int n;
    const char *round_id, *version, *status;
    char **ids;
    int *score, *grade, *proposed, *rank;
    struct assess_policy policy;
};

/* Reads the state rows into s; -1 after ending the request. */
static int read_state(struct request *r, PGresult *res, struct state *s)
{
    s->n = PQntuples(res);
    if (s->n < 1 || s->n > ASSESS_COHORT_MAX) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, "考核轮次没有考核对象", "round_id");
        return -1;
    }
    s->round_id = PQgetvalue(res, 0, 0);
    s->version = PQgetvalue(res, 0, 1);
    s->status = PQgetvalue(res, 0, 2);
    s->ids = request_alloc(r, sizeof(char *) * (size_t)s->n);
    s->score = request_alloc(r, sizeof(int) * (size_t)s->n);
    s->grade = request_alloc(r, sizeof(int) * (size_t)s->n);
    s->proposed = request_alloc(r, sizeof(int) * (size_t)s->n);
    s->rank = request_alloc(r, sizeof(int) * (size_t)s->n);
    if (s->ids == NULL || s->score == NULL || s->grade == NULL || s->proposed == NULL ||
        s->rank == NULL)
        return -1;
    for (int i = 0; i < s->n; i++) {
        s->ids[i] = PQgetvalue(res, i, 3);
        s->score[i] = (int)strtol(PQgetvalue(res, i, 4), NULL, 10);
        s->grade[i] = assess_grade_parse(PQgetvalue(res, i, 5));
        s->proposed[i] = assess_grade_parse(PQgetvalue(res, i, 6));
    }
    size_t ng, ns, nr, nb;
    char **g = pgarray_column(r, res, 0, 7, &ng), **sh = pgarray_column(r, res, 0, 8, &ns);
    char **ro = pgarray_column(r, res, 0, 9, &nr), **bo = pgarray_column(r, res, 0, 10, &nb);
    if (g == NULL || sh == NULL || ro == NULL || bo == NULL)
        return -1;
    int seen = 0;
    for (size_t i = 0; i < ng && i < ns && i < nr && i < nb; i++) {
        int k = assess_grade_parse(g[i]);
        if (k < 0)
            continue;
        s->policy.q[k].share_pct = (int)strtol(sh[i], NULL, 10);
        s->policy.q[k].rounding = (enum assess_rounding)assess_rounding_parse(ro[i]);
        s->policy.q[k].bound = (enum assess_bound)assess_bound_parse(bo[i]);
        seen |= 1 << k;
    }
    if (seen != (1 << ASSESS_GRADES) - 1 || assess_policy_problem(&s->policy) != NULL) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "考核等次比例规则不完整", NULL);
        return -1;
    }
    return 0;
}

/* A write to a read-only round: what it is refused with. */
struct read_only {
    const char *message, *field;
};

static void refuse_read_only(struct request *r, void *arg)
{
    const struct read_only *ro = arg;
    request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION, ro->message, ro->field);
}

/* A read-only round refuses before the solver runs (the write would refuse it too). With an
 * idempotency key, the key is looked up once more first: this retry's first attempt may have
 * committed after the retry first looked, and the round been submitted since; the retry is
 * then answered as the first attempt was (request_recheck_key). */
static int draft_only(struct request *r, const struct state *s, const char *field)
{
    if (strcmp(s->status, "draft") == 0)
        return 0;
    struct read_only *ro = arena_alloc(r->arena, sizeof(*ro));
    if (ro == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return -1;
    }
    ro->message = strcmp(s->status, "submitted") == 0 ? "考核轮次已提交发布审批，不能再修改"
                                                      : "考核轮次已发布，不能再修改";
    ro->field = field;
    if (r->msg->idempotency_key[0] != '\0')
        request_recheck_key(r, refuse_read_only, ro);
    else
        refuse_read_only(r, ro);
    return -1;
}

static void on_rank_state(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    struct state s = {0};
    if (read_state(r, res, &s) != 0 || draft_only(r, &s, "round_id") != 0)
        return;
    if (assess_propose(s.score, s.n, &s.policy, s.rank, s.grade) != 0) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法计算排名", NULL);
        return;
    }
    struct pgarray ids, ranks, grades;
    pgarray_init(&ids);
    pgarray_init(&ranks);
    pgarray_init(&grades);
    for (int i = 0; i < s.n; i++) {
        pgarray_add_raw(&ids, s.ids[i]);
        pgarray_add_raw(&ranks, request_num(r, s.rank[i]));
        pgarray_add_text(&grades, assess_grade_code(s.grade[i]));
    }
    const char *a = pgarray_finish(&ids, r), *b = pgarray_finish(&ranks, r);
    const char *c = pgarray_finish(&grades, r);
    const char **p = request_keyed_scoped_params(r, 11);
    if (a == NULL || b == NULL || c == NULL || p == NULL)
        return;
    p[3] = s.round_id;
    p[4] = s.version;
    p[5] = a;
    p[6] = b;
    p[7] = c;
    request_query(r, &store_assess_rank, p, request_stored_cb, NULL);
}

static void handle_rank(struct request *r)
{
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = access_prefix_patterns(r, r->call->roles);
    p[1] = request_num(r, r->msg->assess_rank->round_id);
    p[2] = "0";
    request_query(r, &store_assess_state, p, on_rank_state, NULL);
}

static void on_override_state(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    const Zhucun__AssessGradeOverride *in = r->msg->assess_grade_override;
    struct state s = {0};
    if (read_state(r, res, &s) != 0 || draft_only(r, &s, "result_id") != 0)
        return;
    const char *id = request_num(r, in->result_id);
    for (int i = 0; i < s.n; i++) {
        if (s.proposed[i] < 0) {
            request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION,
                         "请先排名（zhucun assess rank）再调整等次", "result_id");
            return;
        }
        if (strcmp(s.ids[i], id) == 0)
            s.grade[i] = assess_grade_parse(in->grade);
    }
    int counts[ASSESS_GRADES], broken;
    char msg[200];
    assess_counts(s.grade, s.n, counts);
    if (assess_check(counts, s.n, &s.policy, msg, sizeof(msg), &broken) != NULL) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION,
                     request_printf(r, "调整后%s，不能调整", msg), "grade");
        return;
    }
    const char **p = request_keyed_scoped_params(r, 10);
    if (p == NULL)
        return;
    p[3] = id;
    p[4] = in->grade;
    p[5] = in->reason;
    p[6] = s.version;
    request_query(r, &store_assess_override, p, request_stored_cb, NULL);
}

static void handle_grade_override(struct request *r)
{
    const Zhucun__AssessGradeOverride *in = r->msg->assess_grade_override;
    const char *field = NULL;
    if (request_refused(r, rules_assess_grade_override_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = access_prefix_patterns(r, r->call->roles);
    p[1] = "0";
    p[2] = request_num(r, in->result_id);
    request_query(r, &store_assess_state, p, on_override_state, NULL);
}

/* ---- AssessRoundShow ---- */

static int64_t num(PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static void on_show_results(struct request *r, PGresult *res, void *arg)
{
    Zhucun__AssessRound *out = arg;
    int n = PQntuples(res);
    Zhucun__AssessResult *rv;
    if (REQUEST_ROWS(r, n, rv, out->results) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__AssessResult *x = &rv[i];
        zhucun__assess_result__init(x);
        x->id = num(res, i, 0);
        x->team_id = num(res, i, 1);
        x->team_name = PQgetvalue(res, i, 2);
        x->person_id = num(res, i, 3);
        x->person_name = PQgetvalue(res, i, 4);
        x->org_code = PQgetvalue(res, i, 5);
        x->place = PQgetvalue(res, i, 6);
        x->score = (int32_t)num(res, i, 7);
        x->rank = (uint32_t)num(res, i, 8);
        x->proposed = PQgetvalue(res, i, 9);
        x->grade = PQgetvalue(res, i, 10);
        x->override_reason = PQgetvalue(res, i, 11);
        size_t m[5];
        char **a[5];
        for (int k = 0; k < 5; k++)
            if ((a[k] = pgarray_column(r, res, i, 12 + k, &m[k])) == NULL)
                return;
        Zhucun__AssessScore *sv;
        if (REQUEST_ROWS(r, m[0], sv, x->scores) == NULL)
            return;
        for (size_t k = 0; k < m[0] && k < m[4]; k++) {
            zhucun__assess_score__init(&sv[k]);
            sv[k].indicator = a[0][k];
            sv[k].score = (int32_t)strtol(a[1][k], NULL, 10);
            sv[k].source = a[2][k];
            sv[k].reason = a[3][k] != NULL ? a[3][k] : "";
            sv[k].evidence = a[4][k] != NULL ? a[4][k] : "";
        }
        x->n_scores = m[0];
    }
    out->n_results = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ASSESS_ROUND_SHOW;
    reply.assess_round_show = out;
    request_reply(r, &reply);
}

/* Column col of row 0 copied into the request's arena: the head's strings must outlive its
 * result, which is cleared before the results' query answers ("" when the arena is full: the
 * request has ended then). */
static char *head_text(struct request *r, PGresult *res, int col)
{
    const char *v = PQgetvalue(res, 0, col);
    size_t n = strlen(v) + 1;
    char *out = request_alloc(r, n);
    if (out == NULL)
        return "";
    memcpy(out, v, n);
    return out;
}

static void on_show_head(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    if (PQntuples(res) != 1) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "考核轮次不存在或不在您的管辖范围内", "round_id");
        return;
    }
    Zhucun__AssessRound *out = request_alloc(r, sizeof(*out));
    if (out == NULL)
        return;
    zhucun__assess_round__init(out);
    out->id = num(res, 0, 0);
    out->county_code = head_text(r, res, 1);
    out->county_name = head_text(r, res, 2);
    out->quarter = head_text(r, res, 3);
    out->subject = head_text(r, res, 4);
    out->status = head_text(r, res, 5);
    out->approval_id = num(res, 0, 6);
    out->published_on = head_text(r, res, 7);
    size_t n[9];
    char **c[9];
    for (int k = 0; k < 9; k++)
        if ((c[k] = pgarray_column(r, res, 0, 8 + k, &n[k])) == NULL)
            return;
    Zhucun__AssessQuota *qv;
    if (REQUEST_ROWS(r, n[0], qv, out->quotas) == NULL)
        return;
    for (size_t i = 0; i < n[0] && i < n[4]; i++) {
        zhucun__assess_quota__init(&qv[i]);
        qv[i].grade = c[0][i];
        qv[i].label = c[1][i];
        qv[i].share_pct = (uint32_t)strtoul(c[2][i], NULL, 10);
        qv[i].rounding = c[3][i];
        qv[i].bound = c[4][i];
    }
    out->n_quotas = n[0];
    Zhucun__AssessIndicator *iv;
    if (REQUEST_ROWS(r, n[5], iv, out->indicators) == NULL)
        return;
    for (size_t i = 0; i < n[5] && i < n[8]; i++) {
        zhucun__assess_indicator__init(&iv[i]);
        iv[i].code = c[5][i];
        iv[i].label = c[6][i];
        iv[i].weight = (uint32_t)strtoul(c[7][i], NULL, 10);
        iv[i].system = c[8][i][0] == 't';
    }
    out->n_indicators = n[5];
    const char **p = request_params(r, 1);
    if (p == NULL)
        return;
    p[0] = request_num(r, out->id);
    request_query(r, &store_assess_show_results, p, on_show_results, out);
}

static void handle_round_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = access_prefix_patterns(r, r->call->roles);
    p[1] = request_num(r, r->msg->assess_round_show->round_id);
    request_query(r, &store_assess_show_head, p, on_show_head, NULL);
}

/* ---- AssessList ---- */

static void on_list(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__AssessListReply out = ZHUCUN__ASSESS_LIST_REPLY__INIT;
    Zhucun__AssessRoundRow *rv;
    if (REQUEST_ROWS(r, n, rv, out.rounds) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__AssessRoundRow *x = &rv[i];
        zhucun__assess_round_row__init(x);
        x->id = num(res, i, 0);
        x->county_code = PQgetvalue(res, i, 1);
        x->county_name = PQgetvalue(res, i, 2);
        x->quarter = PQgetvalue(res, i, 3);
        x->subject = PQgetvalue(res, i, 4);
        x->status = PQgetvalue(res, i, 5);
        x->cohort = (uint32_t)num(res, i, 6);
        x->approval_id = num(res, i, 7);
        x->published_on = PQgetvalue(res, i, 8);
    }
    out.n_rounds = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ASSESS_LIST;
    reply.assess_list = &out;
    request_reply(r, &reply);
}

static void handle_list(struct request *r)
{
    const Zhucun__AssessList *in = r->msg->assess_list;
    const char *field = NULL;
    if (request_refused(r, rules_assess_list_problem(in, &field), &field))
        return;
    const char *patterns = access_org_patterns(r, in->org_code);
    if (patterns == NULL)
        return;
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = patterns;
    p[1] = in->quarter[0] != '\0' ? in->quarter : NULL;
    p[2] = request_num(r, in->limit != 0 ? in->limit : ASSESS_LIST_DEFAULT);
    request_query(r, &store_assess_list, p, on_list, NULL);
}

/* ---- AssessRanking ---- */

static void on_ranking(struct request *r, PGresult *res, void *arg)
{
    unsigned limit = (unsigned)(uintptr_t)arg;
    int n = PQntuples(res);
    Zhucun__AssessRankingReply out = ZHUCUN__ASSESS_RANKING_REPLY__INIT;
    out.truncated = (unsigned)n > limit;
    if (out.truncated)
        n = (int)limit;
    Zhucun__AssessRankingRow *rv;
    if (REQUEST_ROWS(r, n, rv, out.rows) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__AssessRankingRow *x = &rv[i];
        zhucun__assess_ranking_row__init(x);
        x->city_code = PQgetvalue(res, i, 0);
        x->city_name = PQgetvalue(res, i, 1);
        x->county_code = PQgetvalue(res, i, 2);
        x->county_name = PQgetvalue(res, i, 3);
        x->team_id = num(res, i, 4);
        x->team_name = PQgetvalue(res, i, 5);
        x->person_id = num(res, i, 6);
        x->person_name = PQgetvalue(res, i, 7);
        x->place = PQgetvalue(res, i, 8);
        x->score = (int32_t)num(res, i, 9);
        x->grade = PQgetvalue(res, i, 10);
        x->city_rank = (uint32_t)num(res, i, 11);
        x->county_rank = (uint32_t)num(res, i, 12);
    }
    out.n_rows = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ASSESS_RANKING;
    reply.assess_ranking = &out;
    request_reply(r, &reply);
}

static void handle_ranking(struct request *r)
{
    const Zhucun__AssessRanking *in = r->msg->assess_ranking;
    const char *field = NULL;
    if (request_refused(r, rules_assess_ranking_problem(in, &field), &field))
        return;
    const char *patterns = access_org_patterns(r, in->org_code);
    if (patterns == NULL)
        return;
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    unsigned limit = in->limit != 0 ? in->limit : ASSESS_RANKING_DEFAULT;
    p[0] = patterns;
    p[1] = in->quarter;
    p[2] = in->subject;
    p[3] = request_num(r, (long long)limit + 1); /* one more tells a cut list */
    request_query(r, &store_assess_ranking, p, on_ranking, (void *)(uintptr_t)limit);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_ASSESS_ROUND_OPEN, "AssessRoundOpen", AUTH_SESSION, ASSESS_WRITERS, 0,
     handle_round_open, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSESS_ROUND_SHOW, "AssessRoundShow", AUTH_SESSION, ASSESS_READERS, 0,
     handle_round_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET, "AssessScoreSet", AUTH_SESSION, ASSESS_WRITERS, 0,
     handle_score_set, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSESS_RANK, "AssessRank", AUTH_SESSION, ASSESS_WRITERS, 0, handle_rank,
     replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSESS_GRADE_OVERRIDE, "AssessGradeOverride", AUTH_SESSION,
     ASSESS_WRITERS, 0, handle_grade_override, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSESS_SUBMIT, "AssessSubmit", AUTH_SESSION, ASSESS_WRITERS, 0,
     handle_submit, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_ASSESS_LIST, "AssessList", AUTH_SESSION, ASSESS_READERS, 0, handle_list,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_ASSESS_RANKING, "AssessRanking", AUTH_SESSION, OFFICES, 0,
     handle_ranking, NULL, 0},
};

const struct domain assess_domain = {
    .name = "assess",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
