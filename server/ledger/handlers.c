/* ledger/handlers.c -- the ten-area ledgers (SPEC L1) and the board (L2): items by hand, from a
 * household's gaps and (visit/handlers.c) from a visit's problems; progress with history and
 * evidence; the list with its filters and the board (docs/ledger.md). The body's checks are
 * common/rules/ledger.c's; what needs rows is 0075_ledger.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/ledger.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/ledger/store.h"
#include "server/roles.h"

#define LEDGER_READERS HOUSEHOLD_READERS
#define LEDGER_WRITERS HOUSEHOLD_WRITERS

#define V(res, i, c) PQgetvalue((res), (i), (c))

static int64_t num(const PGresult *res, int i, int c)
{
    return strtoll(PQgetvalue(res, i, c), NULL, 10);
}

static int truth(const PGresult *res, int i, int c)
{
    return PQgetvalue(res, i, c)[0] == 't';
}

/* An item from the columns of ITEM_COLUMNS (store.c) at row i. */
static void item_from_row(const PGresult *res, int i, Zhucun__LedgerItem *it)
{
    zhucun__ledger_item__init(it);
    it->id = num(res, i, 0);
    it->village_code = V(res, i, 1);
    it->village_name = V(res, i, 2);
    it->household_id = num(res, i, 3);
    it->head_name = V(res, i, 4);
    it->area = V(res, i, 5);
    it->list = V(res, i, 6);
    it->topic = V(res, i, 7);
    it->text = V(res, i, 8);
    it->responsible_id = num(res, i, 9);
    it->responsible_name = V(res, i, 10);
    it->deadline = V(res, i, 11);
    it->urgent = truth(res, i, 12);
    it->status = V(res, i, 13);
    it->overdue = truth(res, i, 14);
    it->source_kind = V(res, i, 15);
    it->source_id = num(res, i, 16);
    it->visit_id = num(res, i, 17);
    it->visit_date = V(res, i, 18);
    it->created_at = V(res, i, 19);
    it->done_at = V(res, i, 20);
    it->last_note = V(res, i, 21);
}

/* ---- writes: LedgerItemCreate, LedgerItemUpdate, LedgerFromGaps ---- */

/* The answer to a keyed create or batch, first or retried, from the stored text: the new
 * item's id, or the new items' ids (comma-separated, "" for none). */
static void replay_ids(struct request *r, const struct stored_result *sr)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    if (r->msg->body_case == ZHUCUN__REQUEST__BODY_LEDGER_ITEM_CREATE) {
        Zhucun__LedgerItemCreateReply cr = ZHUCUN__LEDGER_ITEM_CREATE_REPLY__INIT;
        cr.id = sr->n > 0 ? strtoll(sr->f[0], NULL, 10) : 0;
        reply.body_case = ZHUCUN__REPLY__BODY_LEDGER_ITEM_CREATE;
        reply.ledger_item_create = &cr;
        request_reply(r, &reply);
        return;
    }
    Zhucun__LedgerFromGapsReply gr = ZHUCUN__LEDGER_FROM_GAPS_REPLY__INIT;
    int64_t *ids = request_alloc(r, (sr->n + 1) * sizeof(*ids));
    if (ids == NULL)
        return;
    for (size_t i = 0; i < sr->n; i++)
        if (sr->f[i][0] != '\0')
            ids[gr.n_ids++] = strtoll(sr->f[i], NULL, 10);
    gr.ids = ids;
    reply.body_case = ZHUCUN__REPLY__BODY_LEDGER_FROM_GAPS;
    reply.ledger_from_gaps = &gr;
    request_reply(r, &reply);
}

static void handle_ledger_item_create(struct request *r)
{
    const Zhucun__LedgerItemCreate *in = r->msg->ledger_item_create;
    const char *field = NULL;
    if (request_refused(r, rules_ledger_create_problem(in, zc_clock_today(), &field), &field))
        return;
    const char *ev = pgarray_hex(r, in->n_evidence, in->evidence);
    const char **p = ev != NULL ? request_keyed_params(r, 16) : NULL;
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = in->village_code;
    p[4] = in->household_id > 0 ? request_num(r, in->household_id) : NULL;
    p[5] = in->area;
    p[6] = in->list;
    p[7] = in->topic;
    p[8] = in->text;
    p[9] = request_num(r, in->responsible_id);
    p[10] = in->deadline;
    p[11] = in->urgent ? "true" : "false";
    p[12] = ev;
    request_query(r, &store_ledger_item_create, p, request_stored_cb, NULL);
}

static void handle_ledger_item_update(struct request *r)
{
    const Zhucun__LedgerItemUpdate *in = r->msg->ledger_item_update;
    const char *field = NULL;
    if (request_refused(r, rules_ledger_update_problem(in, &field), &field))
        return;
    const char *ev = pgarray_hex(r, in->n_evidence, in->evidence);
    const char **p = ev != NULL ? request_keyed_params(r, 10) : NULL;
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = request_num(r, in->id);
    p[4] = in->status;
    p[5] = in->note;
    p[6] = ev;
    request_query(r, &store_ledger_item_update, p, request_done_cb, NULL);
}

static void handle_ledger_from_gaps(struct request *r)
{
    const Zhucun__LedgerFromGaps *in = r->msg->ledger_from_gaps;
    const char *field = NULL;
    if (request_refused(r, rules_ledger_from_gaps_problem(in, zc_clock_today(), &field), &field))
        return;
    const char **p = request_keyed_params(r, 10);
    if (p == NULL)
        return;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = in->household_id > 0 ? request_num(r, in->household_id) : NULL;
    p[4] = in->village_code;
    p[5] = request_num(r, in->responsible_id);
    p[6] = in->deadline;
    request_query(r, &store_ledger_from_gaps, p, request_stored_cb, NULL);
}

/* ---- reads: LedgerItemShow, LedgerList, LedgerBoard ---- */

static void on_show(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "台账事项不存在或不在您的管辖范围内", "id");
        return;
    }
    Zhucun__LedgerItem *it = request_alloc(r, sizeof(*it));
    if (it == NULL)
        return;
    item_from_row(res, 0, it);
    size_t n = 0, nev = 0;
    char **cols[5];
    for (int c = 0; c < 5; c++) {
        size_t k;
        if ((cols[c] = pgarray_column(r, res, 0, LEDGER_ITEM_NCOLS + c, &k)) == NULL)
            return;
        if (c == 0)
            n = k;
        else if (k != n) {
            request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取事项的进展记录", NULL);
            return;
        }
    }
    char **shas = pgarray_column(r, res, 0, LEDGER_ITEM_NCOLS + 5, &nev);
    if (shas == NULL)
        return;
    Zhucun__LedgerHistoryRow *rows = NULL, **rp = NULL;
    ProtobufCBinaryData *ev = request_alloc(r, (nev + 1) * sizeof(*ev));
    if (ev == NULL || REQUEST_ROWS(r, n, rows, rp) == NULL)
        return;
    for (size_t k = 0; k < n; k++) {
        zhucun__ledger_history_row__init(&rows[k]);
        rows[k].id = strtoll(cols[0][k], NULL, 10);
        rows[k].at = cols[1][k];
        rows[k].by_name = cols[2][k];
        rows[k].status = cols[3][k];
        rows[k].note = cols[4][k];
    }
    for (size_t k = 0; k < nev; k++) {
        uint8_t *b = request_alloc(r, LEDGER_SHA256_LEN);
        if (b == NULL)
            return;
        for (size_t j = 0; j < LEDGER_SHA256_LEN && shas[k][2 * j] != '\0'; j++) {
            unsigned v = 0;
            sscanf(shas[k] + 2 * j, "%2x", &v);
            b[j] = (uint8_t)v;
        }
        ev[k].data = b;
        ev[k].len = LEDGER_SHA256_LEN;
    }
    Zhucun__LedgerItemShowReply sr = ZHUCUN__LEDGER_ITEM_SHOW_REPLY__INIT;
    sr.item = it;
    sr.history = rp;
    sr.n_history = n;
    sr.evidence = ev;
    sr.n_evidence = nev;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LEDGER_ITEM_SHOW;
    reply.ledger_item_show = &sr;
    request_reply(r, &reply);
}

static void handle_ledger_item_show(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->msg->ledger_item_show->id);
    p[1] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_ledger_item_show, p, on_show, NULL);
}

static void on_list(struct request *r, PGresult *res, void *arg)
{
    uint32_t limit = *(uint32_t *)arg;
    int n = PQntuples(res);
    Zhucun__LedgerListReply lr = ZHUCUN__LEDGER_LIST_REPLY__INIT;
    lr.truncated = (uint32_t)n > limit;
    if (lr.truncated)
        n = (int)limit;
    Zhucun__LedgerItem *items = NULL, **ip = NULL;
    if (REQUEST_ROWS(r, n, items, ip) == NULL)
        return;
    for (int i = 0; i < n; i++)
        item_from_row(res, i, &items[i]);
    lr.items = ip;
    lr.n_items = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LEDGER_LIST;
    reply.ledger_list = &lr;
    request_reply(r, &reply);
}

static void handle_ledger_list(struct request *r)
{
    const Zhucun__LedgerList *in = r->msg->ledger_list;
    const char *field = NULL;
    if (request_refused(r, rules_ledger_list_problem(in, &field), &field))
        return;
    const char *patterns = access_org_patterns(r, in->org_code);
    if (patterns == NULL)
        return;
    uint32_t *limit = request_alloc(r, sizeof(*limit));
    const char **p = limit != NULL ? request_params(r, 10) : NULL;
    if (p == NULL)
        return;
    *limit = in->limit > 0 ? in->limit : LEDGER_LIST_DEFAULT;
    p[0] = patterns;
    if (access_pattern_bounds(r, patterns, &p[1], &p[2]) != 0)
        return;
    p[3] = in->area;
    p[4] = in->list;
    p[5] = in->status;
    p[6] = request_num(r, in->responsible_id);
    p[7] = in->source_kind;
    p[8] = in->topic;
    p[9] = request_num(r, *limit + 1);
    request_query(r, &store_ledger_list, p, on_list, limit);
}

static void on_board(struct request *r, PGresult *res, void *arg)
{
    int n = PQntuples(res);
    Zhucun__LedgerBoardReply br = ZHUCUN__LEDGER_BOARD_REPLY__INIT;
    Zhucun__LedgerBoardRow *rows = NULL, **rp = NULL, *total = request_alloc(r, sizeof(*total));
    if (total == NULL || REQUEST_ROWS(r, n, rows, rp) == NULL)
        return;
    zhucun__ledger_board_row__init(total);
    total->area = "";
    total->label = "合计";
    for (int i = 0; i < n; i++) {
        zhucun__ledger_board_row__init(&rows[i]);
        rows[i].area = V(res, i, 0);
        rows[i].label = V(res, i, 1);
        total->overdue += rows[i].overdue = (uint64_t)num(res, i, 2);
        total->open += rows[i].open = (uint64_t)num(res, i, 3);
        total->in_progress += rows[i].in_progress = (uint64_t)num(res, i, 4);
        total->done += rows[i].done = (uint64_t)num(res, i, 5);
    }
    br.org_code = (char *)arg;
    br.org_name = n > 0 ? V(res, 0, 6) : "";
    br.as_of = n > 0 ? V(res, 0, 7) : "";
    br.rows = rp;
    br.n_rows = (size_t)n;
    br.total = total;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_LEDGER_BOARD;
    reply.ledger_board = &br;
    request_reply(r, &reply);
}

/* LedgerBoard: an org unit's board, by default the unit of the caller's first grant. */
static void handle_ledger_board(struct request *r)
{
    const char *code = r->msg->ledger_board->org_code;
    if (code[0] == '\0' && r->session.ngrants > 0)
        code = r->session.grants[0].scope_code;
    int level = rules_code_level(code);
    const char *field = "org_code";
    if (request_refused(r, level < 0 ? "请填写 12 位区划代码" : NULL, &field))
        return;
    const char *patterns = access_org_patterns(r, code);
    if (patterns == NULL)
        return;
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = request_printf(r, "%.*s", rules_code_prefix_len(level), code);
    p[1] = access_prefix_patterns(r, r->call->roles);
    p[2] = code;
    request_query(r, &store_ledger_board, p, on_board, (void *)code);
}

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_CREATE, "LedgerItemCreate", AUTH_SESSION, LEDGER_WRITERS, 0,
     handle_ledger_item_create, replay_ids, 1},
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE, "LedgerItemUpdate", AUTH_SESSION, LEDGER_WRITERS, 0,
     handle_ledger_item_update, request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_SHOW, "LedgerItemShow", AUTH_SESSION, LEDGER_READERS, 0,
     handle_ledger_item_show, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LEDGER_LIST, "LedgerList", AUTH_SESSION, LEDGER_READERS, 0,
     handle_ledger_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LEDGER_BOARD, "LedgerBoard", AUTH_SESSION, LEDGER_READERS, 0,
     handle_ledger_board, NULL, 0},
    {ZHUCUN__REQUEST__BODY_LEDGER_FROM_GAPS, "LedgerFromGaps", AUTH_SESSION, LEDGER_WRITERS, 0,
     handle_ledger_from_gaps, replay_ids, 1},
};

const struct domain ledger_domain = {
    .name = "ledger",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
