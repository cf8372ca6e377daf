/* policy/handlers.c -- policy delivery (SPEC M8; docs/policy-delivery.md): the monthly phone
 * quiz of cadres (QuizCreate, QuizScore, QuizShow, QuizReport), the teams' policy videos and
 * the villages' loudspeaker broadcasts (VideoRecord, BroadcastRecord, VideoList,
 * BroadcastList). The body's checks are common/rules/policy.c's; what needs rows is
 * 0090_policy_delivery.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/rules/policy.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/policy/store.h"
#include "server/roles.h"

/* The quiz: run by the city and county offices, read by every office. */
#define QUIZ_WRITERS (ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE)
#define QUIZ_READERS OFFICES
/* Videos and broadcasts: recorded by the teams, read as households are. */
#define POLICY_WRITERS (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define POLICY_READERS HOUSEHOLD_READERS

/* ---- the keyed writes ---- */

/* The answer to a keyed create, first or retried: the new record's id in the reply body of
 * the call. */
static void replay_id(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    int64_t id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__QuizCreateReply qr = ZHUCUN__QUIZ_CREATE_REPLY__INIT;
    Zhucun__VideoRecordReply vr = ZHUCUN__VIDEO_RECORD_REPLY__INIT;
    Zhucun__BroadcastRecordReply br = ZHUCUN__BROADCAST_RECORD_REPLY__INIT;
    switch (r->msg->body_case) {
    case ZHUCUN__REQUEST__BODY_QUIZ_CREATE:
        qr.id = id;
        reply.body_case = ZHUCUN__REPLY__BODY_QUIZ_CREATE;
        reply.quiz_create = &qr;
        break;
    case ZHUCUN__REQUEST__BODY_VIDEO_RECORD:
        vr.id = id;
        reply.body_case = ZHUCUN__REPLY__BODY_VIDEO_RECORD;
        reply.video_record = &vr;
        break;
    default:
        br.id = id;
        reply.body_case = ZHUCUN__REPLY__BODY_BROADCAST_RECORD;
        reply.broadcast_record = &br;
        break;
    }
    request_reply(r, &reply);
}

static void handle_quiz_create(struct request *r)
{
    const Zhucun__QuizCreate *in = r->msg->quiz_create;
    const char *field = NULL;
    if (request_refused(r, rules_quiz_create_problem(in, zc_clock_today(), &field), &field))
        return;
    if (access_org_patterns(r, in->org_code) == NULL)
        return;
    const char **p = request_keyed_scoped_params(r, 13);
    if (p == NULL)
        return;
    struct pgarray qs, as, ids;
    pgarray_init(&qs);
    pgarray_init(&as);
    pgarray_init(&ids);
    for (size_t i = 0; i < in->n_questions; i++) {
        pgarray_add_text(&qs, in->questions[i]->text);
        pgarray_add_text(&as, in->questions[i]->answer);
    }
    for (size_t i = 0; i < in->n_person_ids; i++)
        pgarray_add_raw(&ids, request_num(r, in->person_ids[i]));
    p[3] = in->org_code;
    p[4] = in->month;
    p[5] = in->title;
    p[6] = pgarray_finish(&qs, r);
    p[7] = pgarray_finish(&as, r);
    p[8] = request_num(r, in->sample_size);
    p[9] = pgarray_finish(&ids, r);
    if (p[6] == NULL || p[7] == NULL || p[9] == NULL)
        return;
    request_query(r, &store_quiz_create, p, request_stored_cb, NULL);
}

static void handle_quiz_score(struct request *r)
{
    const Zhucun__QuizScore *in = r->msg->quiz_score;
    const char *field = NULL;
    if (request_refused(r, rules_quiz_score_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 12);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->quiz_id);
    p[4] = request_num(r, in->person_id);
    p[5] = in->called_on;
    p[6] = in->not_reached ? "false" : "true";
    p[7] = request_num(r, in->score);
    p[8] = in->reason;
    request_query(r, &store_quiz_score, p, request_done_cb, NULL);
}

static void handle_video_record(struct request *r)
{
    const Zhucun__VideoRecord *in = r->msg->video_record;
    const char *field = NULL;
    if (request_refused(r, rules_video_record_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 12);
    if (p == NULL)
        return;
    p[3] = in->team_id > 0 ? request_num(r, in->team_id) : NULL;
    p[4] = in->platform;
    p[5] = in->url;
    p[6] = in->title;
    p[7] = in->posted_on;
    if ((p[8] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_video_record, p, request_stored_cb, NULL);
}

static void handle_broadcast_record(struct request *r)
{
    const Zhucun__BroadcastRecord *in = r->msg->broadcast_record;
    const char *field = NULL;
    if (request_refused(r, rules_broadcast_record_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 11);
    if (p == NULL)
        return;
    p[3] = in->village_code[0] != '\0' ? in->village_code : NULL;
    p[4] = in->on_date;
    p[5] = request_num(r, in->minutes);
    p[6] = in->topic;
    if ((p[7] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_broadcast_record, p, request_stored_cb, NULL);
}

/* ---- QuizShow ---- */

static void on_quiz_show(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    if (n == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "快问快答不存在或不在您的管辖范围内", "id");
        return;
    }
    Zhucun__Quiz q = ZHUCUN__QUIZ__INIT;
    q.id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    q.org_code = PQgetvalue(res, 0, 1);
    q.org_name = PQgetvalue(res, 0, 2);
    q.month = PQgetvalue(res, 0, 3);
    q.title = PQgetvalue(res, 0, 4);
    size_t nq, na;
    char **qs = pgarray_column(r, res, 0, 5, &nq);
    char **as = qs != NULL ? pgarray_column(r, res, 0, 6, &na) : NULL;
    if (qs == NULL || as == NULL)
        return;
    Zhucun__QuizQuestion *qv;
    if (REQUEST_ROWS(r, nq, qv, q.questions) == NULL)
        return;
    for (size_t i = 0; i < nq; i++) {
        zhucun__quiz_question__init(&qv[i]);
        qv[i].text = qs[i];
        qv[i].answer = i < na && as[i] != NULL ? as[i] : "";
    }
    q.n_questions = nq;
    int cadres = PQgetisnull(res, 0, 7) ? 0 : n;
    Zhucun__QuizCadre *cv;
    if (REQUEST_ROWS(r, cadres, cv, q.cadres) == NULL)
        return;
    for (int i = 0; i < cadres; i++) {
        Zhucun__QuizCadre *c = &cv[i];
        zhucun__quiz_cadre__init(c);
        c->person_id = strtoll(PQgetvalue(res, i, 7), NULL, 10);
        c->name = PQgetvalue(res, i, 8);
        c->team_id = strtoll(PQgetvalue(res, i, 9), NULL, 10);
        c->team_name = PQgetvalue(res, i, 10);
        c->village_code = PQgetvalue(res, i, 11);
        c->how = PQgetvalue(res, i, 12);
        c->state = PQgetvalue(res, i, 13);
        c->called_on = PQgetvalue(res, i, 14);
        c->score = (uint32_t)strtoul(PQgetvalue(res, i, 15), NULL, 10);
        c->reason = PQgetvalue(res, i, 16);
        if (strcmp(c->how, "named") == 0)
            q.named++;
        else
            q.drawn++;
        if (strcmp(c->state, "reached") == 0)
            q.reached++;
        else if (strcmp(c->state, "not_reached") == 0)
            q.not_reached++;
        else
            q.pending++;
    }
    q.n_cadres = (size_t)cadres;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_QUIZ;
    reply.quiz = &q;
    request_reply(r, &reply);
}

static void handle_quiz_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->quiz_show->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_quiz_show, p, on_quiz_show, NULL);
}

/* ---- QuizReport ---- */

struct report {
    unsigned limit;
    unsigned year;
    const char *org_code;
};

static void group_of(PGresult *res, int i, Zhucun__QuizGroup *g)
{
    zhucun__quiz_group__init(g);
    g->key = PQgetvalue(res, i, 1);
    g->name = PQgetvalue(res, i, 2);
    g->serving = (uint32_t)strtoul(PQgetvalue(res, i, 6), NULL, 10);
    g->quizzed = (uint32_t)strtoul(PQgetvalue(res, i, 7), NULL, 10);
    g->scores = (uint32_t)strtoul(PQgetvalue(res, i, 8), NULL, 10);
    g->average = strtod(PQgetvalue(res, i, 9), NULL);
}

static void on_quiz_report(struct request *r, PGresult *res, void *arg)
{
    struct report *rp = arg;
    int n = PQntuples(res);
    Zhucun__QuizReportReply qr = ZHUCUN__QUIZ_REPORT_REPLY__INIT;
    Zhucun__QuizGroup total;
    int counties = 0, teams = 0, missing = 0;
    for (int i = 0; i < n; i++) {
        const char *kind = PQgetvalue(res, i, 0);
        counties += strcmp(kind, "county") == 0;
        teams += strcmp(kind, "team") == 0;
        missing += strcmp(kind, "missing") == 0;
    }
    qr.truncated = (unsigned)missing > rp->limit;
    if (qr.truncated)
        missing = (int)rp->limit;
    Zhucun__QuizGroup *cv, *tv;
    Zhucun__QuizCadre *mv;
    if (REQUEST_ROWS(r, counties, cv, qr.by_county) == NULL ||
        REQUEST_ROWS(r, teams, tv, qr.by_team) == NULL ||
        REQUEST_ROWS(r, missing, mv, qr.not_quizzed) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        const char *kind = PQgetvalue(res, i, 0);
        if (strcmp(kind, "total") == 0) {
            group_of(res, i, &total);
            total.key = (char *)rp->org_code;
            qr.total = &total;
            qr.quizzes = (uint32_t)strtoul(PQgetvalue(res, i, 10), NULL, 10);
        } else if (strcmp(kind, "county") == 0) {
            group_of(res, i, &cv[qr.n_by_county++]);
        } else if (strcmp(kind, "team") == 0) {
            group_of(res, i, &tv[qr.n_by_team++]);
        } else if (qr.n_not_quizzed < (size_t)missing) {
            Zhucun__QuizCadre *c = &mv[qr.n_not_quizzed++];
            zhucun__quiz_cadre__init(c);
            c->person_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
            c->name = PQgetvalue(res, i, 2);
            c->team_id = strtoll(PQgetvalue(res, i, 3), NULL, 10);
            c->team_name = PQgetvalue(res, i, 4);
            c->village_code = PQgetvalue(res, i, 5);
            c->state = "pending";
        }
    }
    qr.org_code = (char *)rp->org_code;
    qr.year = rp->year;
    qr.coverage =
        qr.total != NULL && total.serving > 0 ? (double)total.quizzed / total.serving : 0.0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_QUIZ_REPORT;
    reply.quiz_report = &qr;
    request_reply(r, &reply);
}

static void handle_quiz_report(struct request *r)
{
    const Zhucun__QuizReport *in = r->msg->quiz_report;
    const char *field = NULL;
    int today = zc_clock_today();
    if (request_refused(r, rules_quiz_report_problem(in, today, &field), &field))
        return;
    struct report *rp = request_alloc(r, sizeof(*rp));
    const char **p = request_params(r, 4);
    if (rp == NULL || p == NULL)
        return;
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    rp->year = in->year != 0 ? in->year : (unsigned)y;
    rp->limit = in->limit == 0                ? POLICY_LIST_DEFAULT
                : in->limit > POLICY_LIST_MAX ? POLICY_LIST_MAX
                                              : in->limit;
    const char *code = in->org_code;
    if (access_org_patterns(r, code) == NULL)
        return;
    rp->org_code = code;
    char first[11], last[11];
    rules_date_format(rules_days_from_civil((int)rp->year, 1, 1), first);
    int end = rules_days_from_civil((int)rp->year, 12, 31);
    rules_date_format(end < today ? end : today, last);
    p[0] = request_printf(r, "%.*s", rules_code_prefix_len(rules_code_level(code)), code);
    p[1] = request_printf(r, "%s", first);
    p[2] = request_printf(r, "%s", last);
    p[3] = request_num(r, (long long)rp->limit + 1);
    request_query(r, &store_quiz_report, p, on_quiz_report, rp);
}

/* ---- VideoList, BroadcastList: one shape, the statement and the reply differ ---- */

struct list {
    unsigned limit;
};

/* The records of a list's answer to keep: its rows (one with NULL record columns when there
 * are none), at most l->limit (*truncated when there were more); the rule's required amount
 * (its first column) into *required, the span's total (column total of the first row) into
 * *sum. */
static int list_rows(const PGresult *res, const struct list *l, int total, uint32_t *required,
                     uint32_t *sum, protobuf_c_boolean *truncated)
{
    int n = PQgetisnull(res, 0, 1) ? 0 : PQntuples(res);
    *required = (uint32_t)strtoul(PQgetvalue(res, 0, 0), NULL, 10);
    *sum = n > 0 ? (uint32_t)strtoul(PQgetvalue(res, 0, total), NULL, 10) : 0;
    *truncated = (unsigned)n > l->limit;
    return *truncated ? (int)l->limit : n;
}

static void on_video_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__VideoListReply vr = ZHUCUN__VIDEO_LIST_REPLY__INIT;
    int n = list_rows(res, arg, 10, &vr.required, &vr.count, &vr.truncated);
    Zhucun__PolicyVideo *vv;
    if (REQUEST_ROWS(r, n, vv, vr.videos) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__PolicyVideo *v = &vv[i];
        zhucun__policy_video__init(v);
        v->id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        v->team_id = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        v->team_name = PQgetvalue(res, i, 3);
        v->village_code = PQgetvalue(res, i, 4);
        v->platform = PQgetvalue(res, i, 5);
        v->url = PQgetvalue(res, i, 6);
        v->title = PQgetvalue(res, i, 7);
        v->posted_on = PQgetvalue(res, i, 8);
        v->evidence = (uint32_t)strtoul(PQgetvalue(res, i, 9), NULL, 10);
    }
    vr.n_videos = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_VIDEO_LIST;
    reply.video_list = &vr;
    request_reply(r, &reply);
}

static void on_broadcast_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__BroadcastListReply br = ZHUCUN__BROADCAST_LIST_REPLY__INIT;
    int n = list_rows(res, arg, 8, &br.required, &br.minutes, &br.truncated);
    Zhucun__Broadcast *bv;
    if (REQUEST_ROWS(r, n, bv, br.broadcasts) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__Broadcast *b = &bv[i];
        zhucun__broadcast__init(b);
        b->id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        b->village_code = PQgetvalue(res, i, 2);
        b->village_name = PQgetvalue(res, i, 3);
        b->on_date = PQgetvalue(res, i, 4);
        b->minutes = (uint32_t)strtoul(PQgetvalue(res, i, 5), NULL, 10);
        b->topic = PQgetvalue(res, i, 6);
        b->evidence = (uint32_t)strtoul(PQgetvalue(res, i, 7), NULL, 10);
    }
    br.n_broadcasts = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_BROADCAST_LIST;
    reply.broadcast_list = &br;
    request_reply(r, &reply);
}

/* Either list: the place, the team (videos), the span (a video list's default is the week of
 * `to`, a broadcast list's the day), the page. */
static void handle_policy_list(struct request *r)
{
    const char *org, *from, *to, *field = NULL, *problem;
    int64_t team = 0;
    unsigned limit;
    int video = r->msg->body_case == ZHUCUN__REQUEST__BODY_VIDEO_LIST;
    int today = zc_clock_today();
    if (video) {
        const Zhucun__VideoList *in = r->msg->video_list;
        problem = rules_video_list_problem(in, today, &field);
        org = in->org_code, from = in->from, to = in->to, team = in->team_id;
        limit = in->limit;
    } else {
        const Zhucun__BroadcastList *in = r->msg->broadcast_list;
        problem = rules_broadcast_list_problem(in, today, &field);
        org = in->org_code, from = in->from, to = in->to;
        limit = in->limit;
    }
    if (request_refused(r, problem, &field))
        return;
    struct list *l = request_alloc(r, sizeof(*l));
    const char **p = request_params(r, 5);
    if (l == NULL || p == NULL)
        return;
    l->limit = limit == 0 ? POLICY_LIST_DEFAULT : limit > POLICY_LIST_MAX ? POLICY_LIST_MAX : limit;
    if ((p[0] = access_org_patterns(r, org)) == NULL)
        return;
    int first, last;
    rules_policy_span(from, to, today, video, &first, &last);
    char f[11], t[11];
    rules_date_format(first, f);
    rules_date_format(last, t);
    p[1] = request_num(r, team);
    p[2] = request_printf(r, "%s", f);
    p[3] = request_printf(r, "%s", t);
    p[4] = request_num(r, (long long)l->limit + 1);
    request_query(r, video ? &store_video_list : &store_broadcast_list, p,
                  video ? on_video_list : on_broadcast_list, l);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_QUIZ_CREATE, "QuizCreate", AUTH_SESSION, QUIZ_WRITERS, 0,
     handle_quiz_create, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_QUIZ_SCORE, "QuizScore", AUTH_SESSION, QUIZ_WRITERS, 0,
     handle_quiz_score, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_QUIZ_SHOW, "QuizShow", AUTH_SESSION, QUIZ_READERS, 0, handle_quiz_show,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_QUIZ_REPORT, "QuizReport", AUTH_SESSION, QUIZ_READERS, 0,
     handle_quiz_report, NULL, 0},
    {ZHUCUN__REQUEST__BODY_VIDEO_RECORD, "VideoRecord", AUTH_SESSION, POLICY_WRITERS, 0,
     handle_video_record, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_VIDEO_LIST, "VideoList", AUTH_SESSION, POLICY_READERS, 0,
     handle_policy_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_BROADCAST_RECORD, "BroadcastRecord", AUTH_SESSION, POLICY_WRITERS, 0,
     handle_broadcast_record, replay_id, 1},
    {ZHUCUN__REQUEST__BODY_BROADCAST_LIST, "BroadcastList", AUTH_SESSION, POLICY_READERS, 0,
     handle_policy_list, NULL, 0},
};

const struct domain policy_domain = {
    .name = "policy",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
