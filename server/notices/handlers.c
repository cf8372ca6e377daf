/* notices/handlers.c -- notices (通知) with read receipts, replies and reminders (SPEC D1;
 * issue 23; docs/notices.md). An office or a dispatching unit's administrator sends a notice to
 * a scope; every cadre serving in it gets a receipt row; opening records "read", a reply when
 * one is required; the sender's report counts by child unit, lists who has not read or replied,
 * and reminds them alone. The body's checks are common/rules/notices.c's; what needs rows is
 * 0160_notices.sql's. A recipient's connection may follow their notices (NoticeFollow): each
 * notice sent or reminded to them pushes their badge count. */
#include "server/domains.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/notices.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/events.h"
#include "server/core/list.h"
#include "server/core/pgarray.h"
#include "server/notices/store.h"
#include "server/roles.h"

/* Offices, townships and units' administrators send and follow up; every signed-in person with
 * a role but the exporter may be a recipient (a cadre, a captain). */
#define NOTICE_SENDERS (OFFICES | ROLE_TOWNSHIP | ROLE_UNIT_ADMIN)
#define NOTICE_READERS (ROLES_ALL & ~ROLE_EXPORTER)

#define I64(res, i, c)  strtoll(PQgetvalue(res, i, c), NULL, 10)
#define U32(res, i, c)  (uint32_t) strtoul(PQgetvalue(res, i, c), NULL, 10)
#define BOOL(res, i, c) (PQgetvalue(res, i, c)[0] == 't')

/* The answer to every keyed write, first or retried: an id and a count. The reply's member has
 * the request's field number (envelope.proto). */
static void replay_write(struct request *r, const struct stored_result *sr)
{
    if (sr->n < 1) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
        return;
    }
    Zhucun__NoticeWriteReply w = ZHUCUN__NOTICE_WRITE_REPLY__INIT;
    w.id = strtoll(sr->f[0], NULL, 10);
    w.count = sr->n > 1 ? (uint32_t)strtoul(sr->f[1], NULL, 10) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = (Zhucun__Reply__BodyCase)r->msg->body_case;
    reply.notice_send = &w; /* the oneof's members share the one pointer */
    request_reply(r, &reply);
}

/* The sender's side of a call: the offices' places (never a unit administrator's grant's place)
 * as $1 and the units the caller administers as $2 of p (NULL after ending the request). */
static const char **sender_params(struct request *r, const char **p, int first)
{
    if (p == NULL || (p[first] = access_place_patterns(r, "")) == NULL)
        return NULL;
    p[first + 1] = access_unit_ids(r);
    return p;
}

/* ---- the writes ---- */

static void handle_notice_send(struct request *r)
{
    const Zhucun__NoticeSend *in = r->msg->notice_send;
    const char *field = NULL;
    if (request_refused(r, rules_notice_send_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = sender_params(r, request_keyed_params(r, 19), 2);
    if (p == NULL)
        return;
    p[4] = in->org_code;
    p[5] = request_num(r, in->unit_id);
    p[6] = in->title;
    p[7] = in->body;
    p[8] = in->reply_required ? "true" : "false";
    p[9] = in->reply_by;
    p[10] = in->scope_kind;
    p[11] = in->scope_code;
    p[12] = request_num(r, in->scope_unit);
    p[15] = request_num(r, NOTICE_RECIPIENTS_MAX);
    if ((p[13] = pgarray_ids(r, in->n_people, in->people)) == NULL ||
        (p[14] = pgarray_hex(r, in->n_files, in->files)) == NULL)
        return;
    request_query(r, &store_notice_send, p, request_stored_cb, NULL);
}

static void handle_notice_reply(struct request *r)
{
    const Zhucun__NoticeReply *in = r->msg->notice_reply;
    const char *field = NULL;
    if (request_refused(r, rules_notice_reply_problem(in, &field), &field))
        return;
    const char **p = request_keyed_params(r, 8);
    if (p == NULL)
        return;
    p[2] = request_num(r, in->notice_id);
    p[3] = in->text;
    if ((p[4] = pgarray_hex(r, in->n_files, in->files)) == NULL)
        return;
    request_query(r, &store_notice_reply, p, request_stored_cb, NULL);
}

static void handle_notice_remind(struct request *r)
{
    const Zhucun__NoticeRemind *in = r->msg->notice_remind;
    const char *field = NULL;
    if (request_refused(r, rules_notice_what_problem(in->what, &field), &field))
        return;
    const char **p = sender_params(r, request_keyed_params(r, 10), 2);
    if (p == NULL)
        return;
    p[4] = request_num(r, in->notice_id);
    p[5] = in->what;
    p[6] = request_num(r, NOTICE_REMINDERS_MAX);
    request_query(r, &store_notice_remind, p, request_stored_cb, NULL);
}

/* ---- the recipient's side ---- */

static void item_from_row(const PGresult *res, int i, Zhucun__NoticeItem *it)
{
    zhucun__notice_item__init(it);
    it->id = I64(res, i, 0);
    it->org_code = PQgetvalue(res, i, 1);
    it->sender = PQgetvalue(res, i, 2);
    it->title = PQgetvalue(res, i, 3);
    it->sent_at = PQgetvalue(res, i, 4);
    it->reply_required = BOOL(res, i, 5);
    it->reply_by = PQgetvalue(res, i, 6);
    it->read_at = PQgetvalue(res, i, 7);
    it->replied_at = PQgetvalue(res, i, 8);
    it->reminded_at = PQgetvalue(res, i, 9);
    it->attention = BOOL(res, i, 10);
}

static void on_notice_list(struct request *r, PGresult *res, void *arg)
{
    Zhucun__NoticeListReply out = ZHUCUN__NOTICE_LIST_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__NoticeItem *iv;
    if (REQUEST_ROWS(r, n, iv, out.notices) == NULL)
        return;
    for (int i = 0; i < n; i++)
        item_from_row(res, i, &iv[i]);
    out.n_notices = (size_t)n;
    out.attention = n > 0 ? U32(res, 0, 11) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_NOTICE_LIST;
    reply.notice_list = &out;
    request_reply(r, &reply);
}

static void handle_notice_list(struct request *r)
{
    const Zhucun__NoticeList *in = r->msg->notice_list;
    const char *field = NULL;
    if (request_refused(r, rules_notice_limit_problem(in->limit, &field), &field))
        return;
    struct list *l;
    const char **p =
        list_params(r, request_num(r, r->session.user_id), in->limit, NOTICE_LIST_DEFAULT, 3, &l);
    if (p == NULL)
        return;
    p[1] = in->unread_only ? "true" : "false";
    request_query(r, &store_notice_list, p, on_notice_list, l);
}

static void on_notice_show(struct request *r, PGresult *res, void *arg)
{
    Zhucun__NoticeItem it;
    item_from_row(res, 0, &it);
    Zhucun__NoticeShowReply out = ZHUCUN__NOTICE_SHOW_REPLY__INIT;
    out.notice = &it;
    out.body = PQgetvalue(res, 0, 11);
    out.files = U32(res, 0, 12);
    out.receipt_id = I64(res, 0, 13);
    out.reply_text = PQgetvalue(res, 0, 14);
    out.reply_files = U32(res, 0, 15);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_NOTICE_SHOW;
    reply.notice_show = &out;
    request_reply(r, &reply);
}

/* Opening a notice records its reading (once; the time of the first) in the same statement:
 * a retry opens it again, which changes nothing but the last-opened time. */
static void handle_notice_show(struct request *r)
{
    const char **p = request_params(r, 4);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, r->msg->notice_show->notice_id);
    p[2] = r->session.username;
    p[3] = r->peer;
    request_query(r, &store_notice_show, p, on_notice_show, NULL);
}

/* The badge count of a NoticeCount row as a Reply (c and reply the caller's). */
static void count_from_row(const PGresult *res, int row, Zhucun__NoticeCountReply *c,
                           Zhucun__Reply *reply)
{
    zhucun__notice_count_reply__init(c);
    c->attention = U32(res, row, 0);
    c->notice_id = I64(res, row, 1);
    zhucun__reply__init(reply);
    reply->body_case = ZHUCUN__REPLY__BODY_NOTICE_COUNT;
    reply->notice_count = c;
}

static void send_count(const PGresult *res, int row, events_send_fn send, void *ctx)
{
    Zhucun__NoticeCountReply c;
    Zhucun__Reply reply;
    count_from_row(res, row, &c, &reply);
    send(ctx, &reply);
}

static void on_notice_count(struct request *r, PGresult *res, void *arg)
{
    Zhucun__NoticeCountReply c;
    Zhucun__Reply reply;
    count_from_row(res, 0, &c, &reply);
    request_reply(r, &reply);
}

static void handle_notice_count(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = "0";
    request_query(r, &store_notice_count, p, on_notice_count, NULL);
}

/* 0160's functions notify zc_notice with {"notice": ID, "users": [USER_ID, ...]} when a notice
 * is sent or reminded to those users; a follower gets their badge count. */
static const struct publisher notice_publisher = {
    .channel = "zc_notice",
    .id_key = "notice",
    .subjects_key = "users",
    .lookup = &store_notice_count,
    .render = send_count,
};

static const struct publisher *const publishers[] = {&notice_publisher, NULL};

/* Follows the caller's notices once the session is proved live (QueueFollow's rule). */
static void handle_notice_follow(struct request *r)
{
    events_request_follow(r, &notice_publisher);
}

/* ---- the sender's side ---- */

static void sent_from_row(const PGresult *res, int i, Zhucun__SentNotice *s)
{
    zhucun__sent_notice__init(s);
    s->id = I64(res, i, 0);
    s->org_code = PQgetvalue(res, i, 1);
    s->sender = PQgetvalue(res, i, 2);
    s->title = PQgetvalue(res, i, 3);
    s->sent_at = PQgetvalue(res, i, 4);
    s->reply_required = BOOL(res, i, 5);
    s->reply_by = PQgetvalue(res, i, 6);
    s->recipients = U32(res, i, 7);
    s->read = U32(res, i, 8);
    s->replied = U32(res, i, 9);
    s->reminders = U32(res, i, 10);
}

static void on_notice_sent(struct request *r, PGresult *res, void *arg)
{
    Zhucun__NoticeSentReply out = ZHUCUN__NOTICE_SENT_REPLY__INIT;
    int n = list_rows(arg, res, &out.truncated);
    Zhucun__SentNotice *sv;
    if (REQUEST_ROWS(r, n, sv, out.notices) == NULL)
        return;
    for (int i = 0; i < n; i++)
        sent_from_row(res, i, &sv[i]);
    out.n_notices = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_NOTICE_SENT;
    reply.notice_sent = &out;
    request_reply(r, &reply);
}

/* The notices sent from a place (or every place of the caller's offices and, without a place
 * named, the units the caller administers). */
static void handle_notice_sent(struct request *r)
{
    const Zhucun__NoticeSent *in = r->msg->notice_sent;
    const char *field = NULL;
    if (request_refused(r, rules_notice_sent_problem(in, &field), &field))
        return;
    struct list *l;
    const char **p = list_params(r, access_place_patterns(r, in->org_code), in->limit,
                                 NOTICE_LIST_DEFAULT, 3, &l);
    if (p == NULL)
        return;
    p[1] = in->org_code[0] == '\0' ? access_unit_ids(r) : "{}";
    request_query(r, &store_notice_sent, p, on_notice_sent, l);
}

static void not_the_senders(struct request *r)
{
    request_fail(r, ZHUCUN__CODE__NOT_FOUND, "通知不存在或不是您单位发出的", "notice_id");
}

static void on_notice_report(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    if (n == 0) {
        not_the_senders(r);
        return;
    }
    Zhucun__SentNotice s;
    sent_from_row(res, 0, &s);
    Zhucun__NoticeReportReply out = ZHUCUN__NOTICE_REPORT_REPLY__INIT;
    out.notice = &s;
    Zhucun__NoticeChildCount *cv;
    if (REQUEST_ROWS(r, n, cv, out.children) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__NoticeChildCount *c = &cv[i];
        zhucun__notice_child_count__init(c);
        c->child_code = PQgetvalue(res, i, 11);
        c->child_name = PQgetvalue(res, i, 12);
        c->recipients = U32(res, i, 13);
        c->read = U32(res, i, 14);
        c->unread = U32(res, i, 15);
        c->replied = U32(res, i, 16);
        c->unreplied = U32(res, i, 17);
    }
    out.n_children = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_NOTICE_REPORT;
    reply.notice_report = &out;
    request_reply(r, &reply);
}

static void handle_notice_report(struct request *r)
{
    const char **p = sender_params(r, request_params(r, 3), 0);
    if (p == NULL)
        return;
    p[2] = request_num(r, r->msg->notice_report->notice_id);
    request_query(r, &store_notice_report, p, on_notice_report, NULL);
}

static void on_notice_pending(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) == 0) {
        not_the_senders(r);
        return;
    }
    Zhucun__NoticePendingReply out = ZHUCUN__NOTICE_PENDING_REPLY__INIT;
    /* none pending: the one row of NULLs */
    int n = PQntuples(res) == 1 && PQgetisnull(res, 0, 1) ? 0 : list_rows(arg, res, &out.truncated);
    Zhucun__PendingRecipient *pv;
    if (REQUEST_ROWS(r, n, pv, out.people) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        Zhucun__PendingRecipient *x = &pv[i];
        zhucun__pending_recipient__init(x);
        x->person_id = I64(res, i, 1);
        x->name = PQgetvalue(res, i, 2);
        x->team_id = I64(res, i, 3);
        x->team_name = PQgetvalue(res, i, 4);
        x->org_code = PQgetvalue(res, i, 5);
        x->read_at = PQgetvalue(res, i, 6);
        x->reminders = U32(res, i, 7);
    }
    out.n_people = (size_t)n;
    out.total = n > 0 ? U32(res, 0, 8) : 0;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_NOTICE_PENDING;
    reply.notice_pending = &out;
    request_reply(r, &reply);
}

static void handle_notice_pending(struct request *r)
{
    const Zhucun__NoticePending *in = r->msg->notice_pending;
    const char *field = NULL;
    if (request_refused(r, rules_notice_what_problem(in->what, &field), &field) ||
        request_refused(r, rules_notice_limit_problem(in->limit, &field), &field))
        return;
    struct list *l;
    const char **p =
        list_params(r, access_place_patterns(r, ""), in->limit, NOTICE_LIST_DEFAULT, 5, &l);
    if (p == NULL)
        return;
    p[1] = access_unit_ids(r);
    p[2] = request_num(r, in->notice_id);
    p[3] = in->what;
    request_query(r, &store_notice_pending, p, on_notice_pending, l);
}

/* ---- the calls ---- */

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_NOTICE_SEND, "NoticeSend", AUTH_SESSION, NOTICE_SENDERS, 0,
     handle_notice_send, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_NOTICE_LIST, "NoticeList", AUTH_SESSION, NOTICE_READERS, 0,
     handle_notice_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_NOTICE_SHOW, "NoticeShow", AUTH_SESSION, NOTICE_READERS, 0,
     handle_notice_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_NOTICE_REPLY, "NoticeReply", AUTH_SESSION, NOTICE_READERS, 0,
     handle_notice_reply, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_NOTICE_SENT, "NoticeSent", AUTH_SESSION, NOTICE_SENDERS, 0,
     handle_notice_sent, NULL, 0},
    {ZHUCUN__REQUEST__BODY_NOTICE_REPORT, "NoticeReport", AUTH_SESSION, NOTICE_SENDERS, 0,
     handle_notice_report, NULL, 0},
    {ZHUCUN__REQUEST__BODY_NOTICE_PENDING, "NoticePending", AUTH_SESSION, NOTICE_SENDERS, 0,
     handle_notice_pending, NULL, 0},
    {ZHUCUN__REQUEST__BODY_NOTICE_REMIND, "NoticeRemind", AUTH_SESSION, NOTICE_SENDERS, 0,
     handle_notice_remind, replay_write, 1},
    {ZHUCUN__REQUEST__BODY_NOTICE_COUNT, "NoticeCount", AUTH_SESSION, NOTICE_READERS, 0,
     handle_notice_count, NULL, 0},
    {ZHUCUN__REQUEST__BODY_NOTICE_FOLLOW, "NoticeFollow", AUTH_SESSION, NOTICE_READERS, 0,
     handle_notice_follow, NULL, 0},
};

const struct domain notices_domain = {
    .name = "notices",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
    .publishers = publishers,
};
