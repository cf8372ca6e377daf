/* training/handlers.c -- training and study (培训制度化, SPEC T1–T2) and the dispatching units'
 * supervision (G2; issue 22): a team's weekly study, training sessions and their attendance,
 * a unit's hearings of its team's report and its leader's visits, and the lists of what is
 * behind (docs/training.md). The body's checks are common/rules/training.c's; what needs rows
 * is 0145_training.sql's. The writes share one reply (the new record's id), the lists one
 * shape (patterns, a limit, one row more to tell a cut list). */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/training.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/list.h"
#include "server/core/pgarray.h"
#include "server/roles.h"
#include "server/training/store.h"

/* A team's study: its cadres. Training: the offices and the township organise and record
 * attendance. The lists: offices and supervisors; the study lists also the teams. A unit's
 * hearings and visits: its administrator or an office; the lists of units also the unit. */
#define STUDY_WRITERS       (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define STUDY_READERS       HOUSEHOLD_READERS
#define TRAINING_WRITERS    (OFFICES | ROLE_TOWNSHIP)
#define TRAINING_READERS    (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR)
#define SUPERVISION_WRITERS (OFFICES | ROLE_UNIT_ADMIN)
#define SUPERVISION_READERS (OFFICES | ROLE_UNIT_ADMIN)

/* The answer to every keyed write, first or retried: the id (or count) it stored. The reply's
 * member has the request's field number (envelope.proto). */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__TrainingWriteReply w = ZHUCUN__TRAINING_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.study_record = &w; /* the oneof's members share the one pointer */
    request_reply(r, &reply);
}

static const char *day_text(struct request *r, int day)
{
    char d[11];
    rules_date_format(day, d);
    return request_printf(r, "%s", d);
}

/* The year asked for, this year for 0. */
static const char *year_text(struct request *r, uint32_t year)
{
    int y, m, d;
    rules_civil_from_days(zc_clock_today(), &y, &m, &d);
    return request_num(r, year != 0 ? (long long)year : y);
}

/* ---- the writes ---- */

static void handle_study_record(struct request *r)
{
    const Zhucun__StudyRecord *in = r->msg->study_record;
    const char *field = NULL;
    if (request_refused(r, rules_study_record_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 11);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->team_id);
    p[4] = in->held_on;
    p[5] = in->topic;
    if ((p[6] = pgarray_ids(r, in->n_attendees, in->attendees)) == NULL ||
        (p[7] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_study_record, p, request_stored_cb, NULL);
}

static void handle_training_session_add(struct request *r)
{
    const Zhucun__TrainingSessionAdd *in = r->msg->training_session_add;
    const char *field = NULL;
    if (request_refused(r, rules_training_session_add_problem(in, &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 11);
    if (p == NULL)
        return;
    p[3] = in->org_code;
    p[4] = in->title;
    p[5] = in->audience;
    p[6] = in->starts_on;
    p[7] = in->ends_on;
    request_query(r, &store_training_session_add, p, request_stored_cb, NULL);
}

static void handle_training_attend(struct request *r)
{
    const Zhucun__TrainingAttend *in = r->msg->training_attend;
    const char *field = NULL;
    if (request_refused(r, rules_training_attend_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 10);
    if (p == NULL)
        return;
    p[3] = request_num(r, in->session_id);
    if ((p[4] = pgarray_ids(r, in->n_attendees, in->attendees)) == NULL)
        return;
    p[5] = in->from_day;
    p[6] = in->to_day;
    request_query(r, &store_training_attend, p, request_stored_cb, NULL);
}

/* UnitHearing and LeaderVisit alike: the unit's administrator (its units) or an office (its
 * places, never a unit administrator's grant's place). */
static void handle_unit_supervision_record(struct request *r)
{
    const Zhucun__UnitSupervisionRecord *in = r->msg->unit_supervision_record;
    const char *field = NULL;
    if (request_refused(r, rules_unit_supervision_record_problem(in, zc_clock_today(), &field),
                        &field))
        return;
    const char **p = request_keyed_params(r, 14);
    if (p == NULL || (p[2] = access_place_patterns(r, "")) == NULL)
        return;
    p[3] = access_unit_ids(r);
    p[4] = in->kind;
    p[5] = request_num(r, in->unit_id);
    p[6] = request_num(r, in->team_id);
    p[7] = in->held_on;
    p[8] = in->who;
    p[9] = in->note;
    if ((p[10] = pgarray_hex(r, in->n_evidence, in->evidence)) == NULL)
        return;
    request_query(r, &store_unit_supervision_record, p, request_stored_cb, NULL);
}

/* ---- the lists ---- */

#define I64(res, i, c) strtoll(PQgetvalue(res, i, c), NULL, 10)
#define U32(res, i, c) (uint32_t) strtoul(PQgetvalue(res, i, c), NULL, 10)

static void on_study_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__StudyListReply out = ZHUCUN__STUDY_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__StudySession *sv;
    if (REQUEST_ROWS(r, n, sv, out.sessions) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__StudySession *s = &sv[i];
        zhucun__study_session__init(s);
        s->id = I64(res, i, 0);
        s->team_id = I64(res, i, 1);
        s->team_name = PQgetvalue(res, i, 2);
        s->org_code = PQgetvalue(res, i, 3);
        s->held_on = PQgetvalue(res, i, 4);
        s->topic = PQgetvalue(res, i, 5);
        s->attendees = U32(res, i, 6);
        s->evidence = U32(res, i, 7);
    }
    out.n_sessions = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_STUDY_LIST;
    reply.study_list = &out;
    request_reply(r, &reply);
}

static void on_study_missed(struct request *r, PGresult *res, void *arg)
{
    Zhucun__StudyMissedReply out = ZHUCUN__STUDY_MISSED_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__MissedWeek *wv;
    if (REQUEST_ROWS(r, n, wv, out.weeks) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__MissedWeek *w = &wv[i];
        zhucun__missed_week__init(w);
        w->team_id = I64(res, i, 0);
        w->team_name = PQgetvalue(res, i, 1);
        w->org_code = PQgetvalue(res, i, 2);
        w->week = PQgetvalue(res, i, 3);
    }
    out.n_weeks = (size_t)n;
    out.total = n > 0 ? U32(res, 0, 4) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_STUDY_MISSED;
    reply.study_missed = &out;
    request_reply(r, &reply);
}

/* StudyList and StudyMissed: a place and a span (a study list's default is the 90 days to
 * today, the missed list's the year to today). */
static void handle_study_lists(struct request *r)
{
    int list = r->msg->body_case == ZHUCUN__REQUEST__BODY_STUDY_LIST;
    const Zhucun__StudyList *sl = r->msg->study_list;
    const Zhucun__StudyMissed *sm = r->msg->study_missed;
    int today = zc_clock_today(), first, last;
    const char *field = NULL;
    const char *problem = list ? rules_study_list_problem(sl, today, &field)
                               : rules_study_missed_problem(sm, today, &field);
    if (request_refused(r, problem, &field))
        return;
    rules_training_span_problem(list ? sl->from_day : sm->from_day, list ? sl->to_day : sm->to_day,
                                today, list ? 90 : -1, &first, &last, &field);
    struct list *l;
    const char **p =
        list_params(r, access_org_patterns(r, list ? sl->org_code : sm->org_code),
                    list ? sl->limit : sm->limit, TRAINING_LIST_DEFAULT, list ? 5 : 4, &l);
    if (p == NULL)
        return;
    if (list) {
        p[1] = request_num(r, sl->team_id);
        p[2] = day_text(r, first);
        p[3] = day_text(r, last);
        request_query(r, &store_study_list, p, on_study_list, l);
    } else {
        p[1] = day_text(r, first);
        p[2] = day_text(r, last);
        request_query(r, &store_study_missed, p, on_study_missed, l);
    }
}

static void on_training_sessions(struct request *r, PGresult *res, void *arg)
{
    Zhucun__TrainingListReply out = ZHUCUN__TRAINING_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__TrainingSession *sv;
    if (REQUEST_ROWS(r, n, sv, out.sessions) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__TrainingSession *s = &sv[i];
        zhucun__training_session__init(s);
        s->id = I64(res, i, 0);
        s->level = PQgetvalue(res, i, 1);
        s->org_code = PQgetvalue(res, i, 2);
        s->title = PQgetvalue(res, i, 3);
        s->audience = PQgetvalue(res, i, 4);
        s->starts_on = PQgetvalue(res, i, 5);
        s->ends_on = PQgetvalue(res, i, 6);
        s->days = U32(res, i, 7);
        s->min_days = U32(res, i, 8);
        s->attendees = U32(res, i, 9);
    }
    out.n_sessions = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.training_list = &out; /* TrainingList's and TrainingShort's: the one pointer */
    request_reply(r, &reply);
}

static void on_training_untrained(struct request *r, PGresult *res, void *arg)
{
    Zhucun__TrainingUntrainedReply out = ZHUCUN__TRAINING_UNTRAINED_REPLY__INIT;
    out.deadline = PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "";
    /* none untrained: the one row of NULLs */
    int n = PQntuples(res) == 1 && PQgetisnull(res, 0, 1) ? 0 : list_rows(arg, res, &out.truncated);
    Zhucun__UntrainedCadre *cv;
    if (REQUEST_ROWS(r, n, cv, out.cadres) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__UntrainedCadre *c = &cv[i];
        zhucun__untrained_cadre__init(c);
        c->person_id = I64(res, i, 1);
        c->name = PQgetvalue(res, i, 2);
        c->team_id = I64(res, i, 3);
        c->team_name = PQgetvalue(res, i, 4);
        c->org_code = PQgetvalue(res, i, 5);
    }
    out.n_cadres = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_TRAINING_UNTRAINED;
    reply.training_untrained = &out;
    request_reply(r, &reply);
}

/* TrainingList, TrainingShort and TrainingUntrained: a place and a year. */
static void handle_training_lists(struct request *r)
{
    const char *org_code;
    uint32_t year, limit;
    switch (r->msg->body_case) {
    case ZHUCUN__REQUEST__BODY_TRAINING_LIST:
        org_code = r->msg->training_list->org_code;
        year = r->msg->training_list->year;
        limit = r->msg->training_list->limit;
        break;
    case ZHUCUN__REQUEST__BODY_TRAINING_SHORT:
        org_code = r->msg->training_short->org_code;
        year = r->msg->training_short->year;
        limit = r->msg->training_short->limit;
        break;
    default:
        org_code = r->msg->training_untrained->org_code;
        year = r->msg->training_untrained->year;
        limit = r->msg->training_untrained->limit;
        break;
    }
    const char *field = NULL;
    if (request_refused(
            r, rules_training_year_problem(org_code, year, limit, zc_clock_today(), &field),
            &field))
        return;
    int untrained = r->msg->body_case == ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED;
    struct list *l;
    const char **p = list_params(r, access_org_patterns(r, org_code), limit, TRAINING_LIST_DEFAULT,
                                 untrained ? 3 : 4, &l);
    if (p == NULL)
        return;
    p[1] = year_text(r, year);
    if (untrained) {
        request_query(r, &store_training_untrained, p, on_training_untrained, l);
        return;
    }
    p[2] = r->msg->body_case == ZHUCUN__REQUEST__BODY_TRAINING_SHORT ? "true" : "false";
    request_query(r, &store_training_sessions, p, on_training_sessions, l);
}

static void on_unit_supervision_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__UnitSupervisionListReply out = ZHUCUN__UNIT_SUPERVISION_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__UnitSupervision *sv;
    if (REQUEST_ROWS(r, n, sv, out.records) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__UnitSupervision *s = &sv[i];
        zhucun__unit_supervision__init(s);
        s->id = I64(res, i, 0);
        s->kind = PQgetvalue(res, i, 1);
        s->unit_id = I64(res, i, 2);
        s->unit_name = PQgetvalue(res, i, 3);
        s->team_id = I64(res, i, 4);
        s->team_name = PQgetvalue(res, i, 5);
        s->org_code = PQgetvalue(res, i, 6);
        s->held_on = PQgetvalue(res, i, 7);
        s->who = PQgetvalue(res, i, 8);
        s->note = PQgetvalue(res, i, 9);
        s->evidence = U32(res, i, 10);
    }
    out.n_records = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_UNIT_SUPERVISION_LIST;
    reply.unit_supervision_list = &out;
    request_reply(r, &reply);
}

static void on_units_behind(struct request *r, PGresult *res, void *arg)
{
    Zhucun__UnitsBehindReply out = ZHUCUN__UNITS_BEHIND_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__UnitBehind *uv;
    if (REQUEST_ROWS(r, n, uv, out.units) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__UnitBehind *u = &uv[i];
        zhucun__unit_behind__init(u);
        u->unit_id = I64(res, i, 0);
        u->name = PQgetvalue(res, i, 1);
        u->level = PQgetvalue(res, i, 2);
        u->org_code = PQgetvalue(res, i, 3);
        u->hearings = U32(res, i, 4);
        u->hearings_required = U32(res, i, 5);
        u->visits = U32(res, i, 6);
        u->visits_required = U32(res, i, 7);
    }
    out.n_units = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_UNITS_BEHIND;
    reply.units_behind = &out;
    request_reply(r, &reply);
}

/* UnitSupervisionList and UnitsBehind: the offices' places (org_code "" for all) and, without a
 * place named, the units the caller administers. */
static void handle_unit_lists(struct request *r)
{
    int behind = r->msg->body_case == ZHUCUN__REQUEST__BODY_UNITS_BEHIND;
    const Zhucun__UnitsBehind *ub = r->msg->units_behind;
    const Zhucun__UnitSupervisionList *sl = r->msg->unit_supervision_list;
    int today = zc_clock_today();
    const char *field = NULL;
    const char *problem = behind ? rules_units_behind_problem(ub, today, &field)
                                 : rules_unit_supervision_list_problem(sl, today, &field);
    if (request_refused(r, problem, &field))
        return;
    const char *org_code = behind ? ub->org_code : sl->org_code;
    struct list *l;
    const char **p =
        list_params(r, access_place_patterns(r, org_code), behind ? ub->limit : sl->limit,
                    TRAINING_LIST_DEFAULT, behind ? 5 : 6, &l);
    if (p == NULL)
        return;
    p[1] = org_code[0] == '\0' ? access_unit_ids(r) : "{}";
    if (behind) {
        p[2] = ub->level;
        p[3] = ub->as_of[0] != '\0' ? ub->as_of : day_text(r, today);
        request_query(r, &store_units_behind, p, on_units_behind, l);
    } else {
        p[2] = request_num(r, sl->unit_id);
        p[3] = sl->kind;
        p[4] = year_text(r, sl->year);
        request_query(r, &store_unit_supervision_list, p, on_unit_supervision_list, l);
    }
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_STUDY_RECORD, "StudyRecord", AUTH_SESSION, STUDY_WRITERS, 0,
     handle_study_record, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_STUDY_LIST, "StudyList", AUTH_SESSION, STUDY_READERS, 0,
     handle_study_lists, NULL, 0},
    {ZHUCUN__REQUEST__BODY_STUDY_MISSED, "StudyMissed", AUTH_SESSION, STUDY_READERS, 0,
     handle_study_lists, NULL, 0},
    {ZHUCUN__REQUEST__BODY_TRAINING_SESSION_ADD, "TrainingSessionAdd", AUTH_SESSION,
     TRAINING_WRITERS, 0, handle_training_session_add, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_TRAINING_ATTEND, "TrainingAttend", AUTH_SESSION, TRAINING_WRITERS, 0,
     handle_training_attend, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_TRAINING_LIST, "TrainingList", AUTH_SESSION, TRAINING_READERS, 0,
     handle_training_lists, NULL, 0},
    {ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED, "TrainingUntrained", AUTH_SESSION, TRAINING_READERS,
     0, handle_training_lists, NULL, 0},
    {ZHUCUN__REQUEST__BODY_TRAINING_SHORT, "TrainingShort", AUTH_SESSION, TRAINING_READERS, 0,
     handle_training_lists, NULL, 0},
    {ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD, "UnitSupervisionRecord", AUTH_SESSION,
     SUPERVISION_WRITERS, 0, handle_unit_supervision_record, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_UNITS_BEHIND, "UnitsBehind", AUTH_SESSION, SUPERVISION_READERS, 0,
     handle_unit_lists, NULL, 0},
    {ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_LIST, "UnitSupervisionList", AUTH_SESSION,
     SUPERVISION_READERS, 0, handle_unit_lists, NULL, 0},
};

const struct domain training_domain = {
    .name = "training",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
