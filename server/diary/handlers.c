/* diary/handlers.c -- the cadre's work diary (工作日志 / 民情日记, SPEC D3; issue 23): a cadre's
 * entry for a day, linked to that day's own records (offered by DiaryDay); the township's and
 * the county's reading of their cadres' diaries and the days without an entry (docs/diary.md).
 * The body's checks are common/rules/diary.c's; what needs rows is 0170_diary.sql's. */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/diary.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/list.h"
#include "server/core/pgarray.h"
#include "server/roles.h"
#include "server/diary/store.h"

/* The cadres write their own; the offices, the township, the county captain and the inspector
 * read their cadres'; a cadre reads their own. */
#define DIARY_WRITERS (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define DIARY_READERS (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR)

#define I64(res, i, c) strtoll(PQgetvalue(res, i, c), NULL, 10)
#define U32(res, i, c) (uint32_t) strtoul(PQgetvalue(res, i, c), NULL, 10)

static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__DiaryWriteReply w = ZHUCUN__DIARY_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DIARY_WRITE;
    reply.diary_write = &w;
    request_reply(r, &reply);
}

static const char *day_text(struct request *r, int day)
{
    char d[11];
    rules_date_format(day, d);
    return request_printf(r, "%s", d);
}

static void handle_diary_write(struct request *r)
{
    const Zhucun__DiaryWrite *in = r->msg->diary_write;
    const char *field = NULL;
    if (request_refused(r, rules_diary_write_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_scoped_params(r, 13);
    if (p == NULL)
        return;
    p[3] = in->day;
    p[4] = in->done;
    p[5] = in->people_met;
    p[6] = in->problems;
    if ((p[7] = pgarray_ids(r, in->n_visit_ids, in->visit_ids)) == NULL ||
        (p[8] = pgarray_ids(r, in->n_item_ids, in->item_ids)) == NULL ||
        (p[9] = pgarray_ids(r, in->n_checkin_ids, in->checkin_ids)) == NULL)
        return;
    request_query(r, &store_diary_write, p, request_stored_cb, NULL);
}

/* Row i's columns c.. as an entry (store.c's ENTRY_COLS). */
static void entry_from_row(const PGresult *res, int i, int c, Zhucun__DiaryEntry *e)
{
    zhucun__diary_entry__init(e);
    e->id = I64(res, i, c);
    e->person_id = I64(res, i, c + 1);
    e->name = PQgetvalue(res, i, c + 2);
    e->team_id = I64(res, i, c + 3);
    e->team_name = PQgetvalue(res, i, c + 4);
    e->org_code = PQgetvalue(res, i, c + 5);
    e->day = PQgetvalue(res, i, c + 6);
    e->done = PQgetvalue(res, i, c + 7);
    e->people_met = PQgetvalue(res, i, c + 8);
    e->problems = PQgetvalue(res, i, c + 9);
    e->links = U32(res, i, c + 10);
}

static void on_diary_day(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res) == 1 && PQgetisnull(res, 0, 0) ? 0 : PQntuples(res);
    Zhucun__DiaryDayReply out = ZHUCUN__DIARY_DAY_REPLY__INIT;
    Zhucun__DiaryRecord *rv;
    if (REQUEST_ROWS(r, n, rv, out.records) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__diary_record__init(&rv[i]);
        rv[i].kind = PQgetvalue(res, i, 0);
        rv[i].record_id = I64(res, i, 1);
        rv[i].org_code = PQgetvalue(res, i, 2);
        rv[i].label = PQgetvalue(res, i, 3);
    }
    out.n_records = (size_t)n;
    if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 4)) {
        if ((out.entry = request_alloc(r, sizeof(*out.entry))) == NULL)
            return;
        entry_from_row(res, 0, 4, out.entry);
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DIARY_DAY;
    reply.diary_day = &out;
    request_reply(r, &reply);
}

static void handle_diary_day(struct request *r)
{
    const Zhucun__DiaryDay *in = r->msg->diary_day;
    const char *field = NULL;
    if (request_refused(r, rules_diary_day_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = in->day;
    request_query(r, &store_diary_day, p, on_diary_day, NULL);
}

static void on_diary_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__DiaryListReply out = ZHUCUN__DIARY_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__DiaryEntry *ev;
    if (REQUEST_ROWS(r, n, ev, out.entries) == NULL)
        return;
    for (int i = 0; i < n; i++)
        entry_from_row(res, i, 0, &ev[i]);
    out.n_entries = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DIARY_LIST;
    reply.diary_list = &out;
    request_reply(r, &reply);
}

static void handle_diary_list(struct request *r)
{
    const Zhucun__DiaryList *in = r->msg->diary_list;
    int today = zc_clock_today(), first, last;
    const char *field = NULL;
    if (request_refused(r, rules_diary_list_problem(in, today, &field), &field))
        return;
    rules_diary_span_problem(in->from_day, in->to_day, today, &first, &last, &field);
    struct list *l;
    const char **p =
        list_params(r, access_org_patterns(r, in->org_code), in->limit, DIARY_LIST_DEFAULT, 7, &l);
    if (p == NULL)
        return;
    p[1] = access_prefix_patterns(r, DIARY_READERS);
    p[2] = request_num(r, r->session.user_id);
    p[3] = request_num(r, in->person_id);
    p[4] = day_text(r, first);
    p[5] = day_text(r, last);
    request_query(r, &store_diary_list, p, on_diary_list, l);
}

static void on_diary_missing(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    if (PQntuples(res) == 0 || PQgetvalue(res, 0, 0)[0] != 't') {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "该人员在这段时间没有在您管辖范围内的工作队服务",
                     "person_id");
        return;
    }
    int n = PQntuples(res) == 1 && PQgetisnull(res, 0, 1) ? 0 : PQntuples(res);
    Zhucun__DiaryMissingReply out = ZHUCUN__DIARY_MISSING_REPLY__INIT;
    Zhucun__MissingDay *dv;
    if (REQUEST_ROWS(r, n, dv, out.days) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__missing_day__init(&dv[i]);
        dv[i].day = PQgetvalue(res, i, 1);
        dv[i].team_id = I64(res, i, 2);
        dv[i].team_name = PQgetvalue(res, i, 3);
    }
    out.n_days = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_DIARY_MISSING;
    reply.diary_missing = &out;
    request_reply(r, &reply);
}

/* One's own days by every grant of the call; another's by the readers' grants only. */
static void handle_diary_missing(struct request *r)
{
    const Zhucun__DiaryMissing *in = r->msg->diary_missing;
    int today = zc_clock_today(), first, last;
    const char *field = NULL;
    if (request_refused(r, rules_diary_missing_problem(in, today, &field), &field))
        return;
    rules_diary_span_problem(in->from_day, in->to_day, today, &first, &last, &field);
    const char **p = request_params(r, 5);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, in->person_id);
    p[2] = access_prefix_patterns(r, in->person_id == 0 ? r->call->roles : DIARY_READERS);
    p[3] = day_text(r, first);
    p[4] = day_text(r, last);
    request_query(r, &store_diary_missing, p, on_diary_missing, NULL);
}

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_DIARY_WRITE, "DiaryWrite", AUTH_SESSION, DIARY_WRITERS, 0,
     handle_diary_write, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_DIARY_DAY, "DiaryDay", AUTH_SESSION, DIARY_WRITERS, 0, handle_diary_day,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_DIARY_LIST, "DiaryList", AUTH_SESSION, DIARY_READERS | DIARY_WRITERS, 0,
     handle_diary_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_DIARY_MISSING, "DiaryMissing", AUTH_SESSION,
     DIARY_READERS | DIARY_WRITERS, 0, handle_diary_missing, NULL, 0},
};

const struct domain diary_domain = {
    .name = "diary",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
