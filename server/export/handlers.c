/* export/handlers.c -- Export: the rows of one kind that changed since a cursor, streamed in
 * chunks (docs/export.md; the SQL in export/store.c, the change tracking in 0010_export.sql).
 *
 * A pull has two snapshots: `prev` (the last pull's; none for a first pull) and `target`
 * (taken when the pull starts). It walks the kind's rows, then its tombstones, in
 * (chg, key) order, CHUNK_ROWS at a time, one statement each; every chunk is formatted (CSV
 * through libcsv, or JSONL) and sent as a Reply with more = true. The next statement is sent
 * only when the connection's write queue has drained below half its limit, so a slow reader
 * slows the pull down instead of growing a queue: memory stays at about one chunk. The last
 * Reply carries the cursor: the next pull's `prev` (= this `target`), or, when the call
 * stopped at its row limit, the position to go on from within the same pull. */
#include "server/domains.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"
#include "common/crypt.h"
#include "common/json.h"
#include "common/log.h"
#include "common/rules/idcard.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/conn.h"
#include "server/core/dispatch.h"
#include "server/core/metrics.h"
#include "server/core/worker.h"
#include "server/export/copy.h"
#include "server/export/store.h"
#include "server/roles.h"

#define CHUNK_ROWS    1000
#define COPY_ROWS     100000       /* a COPY chunk: one statement of ~120 ms, ~18 MB of visits */
#define PART_BYTES    (256 * 1024) /* a Reply part is sent once its data passes this */
#define BACKOFF_MS    2            /* after a cut, wait before the pull goes on */
#define PAUSE_MAX_MS  1000         /* a COPY paused for a slow client longer is ended */
#define WAIT_CHECK_MS 1000         /* waiting for room, look whether the client is still there */
#define CURSOR_MAX    512
#define SNAPSHOT_MAX  200
#define PROVINCE_CODE "140000000000"
/* Exporters for the data centre, and offices for their own area. */
#define EXPORT_ROLES (ROLE_EXPORTER | ROLE_PROVINCE_OFFICE | ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE)

struct kind {
    const char *name;
    const struct db_statement *st;
    int text_key; /* the key is text (org codes), else bigint */
    int sealed;   /* has sealed columns, which the server decrypts: no COPY (docs/export.md) */
};

static const struct kind kinds[] = {
    {"org_units", &store_export_org_units, 1, 0},
    {"units", &store_export_units, 0, 0},
    {"teams", &store_export_teams, 0, 0},
    {"memberships", &store_export_memberships, 0, 0},
    {"households", &store_export_households, 0, 1},
    {"members", &store_export_members, 0, 1},
    {"visits", &store_export_visits, 0, 0},
    {"ledger_items", &store_export_ledger_items, 0, 0}, /* 0075: follow_up_items renamed */
    {"checkins", &store_export_checkins, 0, 0},
    {"official_business", &store_export_official_business, 0, 0},
    {"leave_requests", &store_export_leave_requests, 0, 0},
    {"approvals", &store_export_approvals, 0, 0},
    {"approval_steps", &store_export_approval_steps, 0, 0},
    {"recall_requests", &store_export_recall_requests, 0, 0},
    {"guarantee_entries", &store_export_guarantee_entries, 0, 0},
    {"labour_records", &store_export_labour_records, 0, 0},
    {"audit", &store_export_audit, 0, 0},
    {"monitoring_cases", &store_export_monitoring_cases, 0, 0},
    {"monitoring_risks", &store_export_monitoring_risks, 0, 0},
    {"monitoring_measures", &store_export_monitoring_measures, 0, 0},
    {"monitoring_reviews", &store_export_monitoring_reviews, 0, 0},
    {"monitoring_eliminations", &store_export_monitoring_eliminations, 0, 0},
    {"income_sums", &store_export_income_sums, 0, 0},
    {"income_plans", &store_export_income_plans, 0, 0},
    {"ledger_updates", &store_export_ledger_updates, 0, 0},
    {"attachment_links", &store_export_attachment_links, 0, 0},
    {"points_deeds", &store_export_points_deeds, 0, 0},
    {"points_goods", &store_export_points_goods, 0, 0},
    {"points_prices", &store_export_points_prices, 0, 0},
    {"points_donations", &store_export_points_donations, 0, 0},
    {"points_ledger", &store_export_points_ledger, 0, 0},
    {"service_cases", &store_export_service_cases, 0, 0},
    {"service_case_steps", &store_export_service_case_steps, 0, 0},
    {"contest_rounds", &store_export_contest_rounds, 0, 0},
    {"contest_entries", &store_export_contest_entries, 0, 0},
    {"policy_quizzes", &store_export_policy_quizzes, 0, 0},
    {"policy_quiz_cadres", &store_export_policy_quiz_cadres, 0, 0},
    {"policy_videos", &store_export_policy_videos, 0, 0},
    {"policy_broadcasts", &store_export_policy_broadcasts, 0, 0},
    {"projects", &store_export_projects, 0, 0},
    {"project_villages", &store_export_project_villages, 0, 0},
    {"project_funds", &store_export_project_funds, 0, 0},
    {"project_beneficiaries", &store_export_project_beneficiaries, 0, 0},
    {"project_transitions", &store_export_project_transitions, 0, 0},
    {"project_focus", &store_export_project_focus, 0, 0},
    {"project_tasks", &store_export_project_tasks, 0, 0},
    {"project_progress", &store_export_project_progress, 0, 0},
    {"project_targets", &store_export_project_targets, 0, 0},
    {"project_target_entries", &store_export_project_target_entries, 0, 0},
    {"disbursements", &store_export_disbursements, 0, 0},
    {"project_assets", &store_export_project_assets, 0, 0},
    {"project_asset_upkeep", &store_export_project_asset_upkeep, 0, 0},
    {"project_asset_incomes", &store_export_project_asset_incomes, 0, 0},
    {"project_asset_shares", &store_export_project_asset_shares, 0, 0},
    {"welfare_posts", &store_export_welfare_posts, 0, 0},
    {"lookback_campaigns", &store_export_lookback_campaigns, 0, 0},
    {"lookback_reviews", &store_export_lookback_reviews, 0, 0},
    {"lookback_findings", &store_export_lookback_findings, 0, 0},
    {"consumption_purchases", &store_export_consumption_purchases, 0, 0},
    {"consumption_contracts", &store_export_consumption_contracts, 0, 0},
    {"inspections", &store_export_inspections, 0, 0},
    {"inspection_findings", &store_export_inspection_findings, 0, 0},
    {"team_stars", &store_export_team_stars, 0, 0},
    {"star_adjustments", &store_export_star_adjustments, 0, 0},
    {"filings", &store_export_filings, 0, 0},
    {"cadre_points", &store_export_cadre_points, 0, 0},
    {"assessment_results", &store_export_assessment_results, 0, 0},
    {"assessment_scores", &store_export_assessment_scores, 0, 0},
    {"study_sessions", &store_export_study_sessions, 0, 0},
    {"study_attendees", &store_export_study_attendees, 0, 0},
    {"training_sessions", &store_export_training_sessions, 0, 0},
    {"training_attendance", &store_export_training_attendance, 0, 0},
    {"unit_supervisions", &store_export_unit_supervisions, 0, 0},
    {"tasks", &store_export_tasks, 0, 0},
    {"task_instances", &store_export_task_instances, 0, 0},
    {"task_reports", &store_export_task_reports, 0, 0},
    {"diary_entries", &store_export_diary_entries, 0, 0},
    {"diary_links", &store_export_diary_links, 0, 0},
    {"assessment_rounds", &store_export_assessment_rounds, 0, 0},
    {"circulars", &store_export_circulars, 0, 0},
    {"notices", &store_export_notices, 0, 0},
    {"notice_recipients", &store_export_notice_recipients, 0, 0},
    {"notice_reminders", &store_export_notice_reminders, 0, 0},
    {"allowance_statements", &store_export_allowance_statements, 0, 0},
    {"allowance_rates", &store_export_allowance_rates, 0, 0},
};

enum phase { PHASE_ROWS = 0, PHASE_TOMBSTONES = 1, PHASE_DONE = 2 };

struct export
{
    struct request *r;
    const struct kind *kind;
    int jsonl;
    int mask_ids; /* members' id_number is the masked form (rules_roles_see_id_numbers) */
    char lo[16], hi[16];
    char prev[SNAPSHOT_MAX], target[SNAPSHOT_MAX];
    enum phase phase;
    char last_chg[24], last_key[64];
    uint64_t limit, total;
    int sent_columns;
    char **columns; /* the kind's columns (without chg), for tombstones and the header */
    int ncolumns, key_column;
    int *source; /* the result column of each exported column */
    char *buf;
    size_t len, cap;
    uint32_t part_rows;
    int probing; /* a LIMIT 0 query to learn the columns (a pull resumed among tombstones) */
    int asked;   /* rows the running statement asked for: fewer back means the phase is done */
    uv_timer_t timer;
    const char *p[8];
    char chunk[16];
    /* The COPY path (CSV of a kind without sealed columns): the export's own connection, the
     * statement that streams one chunk, and what the chunk under way has given. */
    int copy;
    struct copy_conn *cc;
    char *copy_sql;
    char user_id[24];
    int chunk_rows;
    int paused;    /* the database socket is not read until the client has read its backlog */
    int bad_row;   /* a row of the chunk under way did not end with its key and chg (a bug) */
    int key_first; /* the key is the first column (numeric): the row does not repeat it */
    unsigned chunks, pauses, cuts;
    size_t peak_queue; /* the most bytes seen waiting for the client, after a part was queued */
    uint64_t conn_id, req_id; /* for the log line at the end, when r is gone */
    /* Where the pull reads (docs/export.md, "A read replica"): the worker's replica pool and
     * the replica's DSN for COPY when one is configured and up, else the primary's. */
    struct db_pool *pool;
    const char *dsn;
    int replica;           /* pool is the replica's */
    uint64_t behind_since; /* loop time the database was first found behind the cursor; 0 */
};

static void next_chunk(struct export *ex);
static void on_timer(uv_timer_t *t);

/* Read from ex itself: the log line at the end comes when r is gone. */
static int on_replica(const struct export *ex)
{
    return ex->replica;
}

/* Runs st on the pull's database; -1 after ending the request (then release ex). On the
 * primary a refusal is answered as for any request (busy, stopping, away); the replica going
 * away in the middle of a pull ends it as a lost connection does: the CLI runs it again from
 * its cursor, and the next pull finds the replica's pool down and reads the primary. */
static int pull_query(struct export *ex, const struct db_statement *st, db_result_cb cb)
{
    if (!on_replica(ex))
        return request_query_err(ex->r, st, ex->p, cb, ex);
    if (request_query_on(ex->r, ex->pool, st, ex->p, cb, ex) == 0)
        return 0;
    request_fail(ex->r, ZHUCUN__CODE__UNAVAILABLE,
                 "导出时数据库连接中断，本次导出未完成；请重新运行，会从上次的游标继续", NULL);
    return -1;
}

/* ---- output ---- */

static void reserve(struct export *ex, size_t more)
{
    if (ex->len + more <= ex->cap)
        return;
    size_t cap = ex->cap ? ex->cap : 64 * 1024;
    while (cap < ex->len + more)
        cap *= 2;
    ex->buf = xrealloc(ex->buf, cap);
    ex->cap = cap;
}

static void put(struct export *ex, const char *s, size_t n)
{
    reserve(ex, n);
    memcpy(ex->buf + ex->len, s, n);
    ex->len += n;
}

static void put_csv(struct export *ex, const char *s, size_t n)
{
    reserve(ex, 2 * n + 2);
    ex->len += csv_write(ex->buf + ex->len, ex->cap - ex->len, s, n);
}

static void put_json_string(struct export *ex, const char *s, size_t n)
{
    reserve(ex, JSON_QUOTED_MAX(n));
    ex->len += json_quote(ex->buf + ex->len, s, n);
}

/* JSON writes numbers, booleans and json values bare; everything else as a string. */
enum jtype { J_STRING, J_BARE, J_BOOL };

static enum jtype json_type(Oid t)
{
    switch (t) {
    case 20:   /* int8 */
    case 21:   /* int2 */
    case 23:   /* int4 */
    case 700:  /* float4 */
    case 701:  /* float8 */
    case 1700: /* numeric */
    case 114:  /* json */
    case 3802: /* jsonb */
        return J_BARE;
    case 16: /* bool */
        return J_BOOL;
    default:
        return J_STRING;
    }
}

/* Sends what is buffered as one Reply part (more = true). */
static void send_part(struct export *ex)
{
    struct request *r = ex->r;
    if (ex->part_rows == 0 && ex->sent_columns)
        return;
    Zhucun__ExportChunk ch = ZHUCUN__EXPORT_CHUNK__INIT;
    if (!ex->sent_columns) {
        ch.columns = ex->columns;
        ch.n_columns = (size_t)ex->ncolumns;
        ex->sent_columns = 1;
    }
    ch.data.data = (uint8_t *)ex->buf;
    ch.data.len = ex->len;
    ch.rows = ex->part_rows;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_EXPORT_CHUNK;
    reply.export_chunk = &ch;
    request_send_part(r, &reply);
    ex->len = 0;
    ex->part_rows = 0;
    if (conn_backlog(r->conn) > ex->peak_queue)
        ex->peak_queue = conn_backlog(r->conn);
}

/* Columns of the result that are not exported: chg (the change tracking's own), and the
 * sealed personal data's hashes and masked form (docs/encryption.md): a hash is of no use
 * without the keys, which stay with the server, and the masked ID number is what id_number
 * becomes for a role that sees them masked. */
static int hidden_column(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, "chg") == 0 || strcmp(name, "id_number_masked") == 0 ||
           (n > 5 && strcmp(name + n - 5, "_hmac") == 0);
}

/* The name a column is exported under: a sealed column (id_number_enc, phone_enc) as the clear
 * column it replaced, since what it carries is the clear value (unsealed_value). */
static char *exported_name(const char *name)
{
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, "_enc") == 0)
        return xstrndup(name, n - 4);
    return xstrdup(name);
}

/* Where a sealed column is exported: in the place of the clear column it replaced (0024 dropped
 * those, and the sealed columns, added by 0022, come last in the table), after the column
 * named here. A consumer that appends pulls to one CSV file under the header of its first
 * pull (the CLI's --state) then finds every column where it was before the upgrade. */
static const struct {
    const char *kind, *column, *after;
} sealed_places[] = {
    {"households", "phone_enc", "head_name"},
    {"members", "id_number_enc", "relation"},
    {"members", "phone_enc", "health"},
};

/* The position of the result column named name among the n in source, or -1. */
static int position(const PGresult *res, const int *source, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(PQfname(res, source[i]), name) == 0)
            return i;
    return -1;
}

/* The kind's columns, from the first result (also when it has no rows): those not hidden, in
 * the result's order but for the sealed columns (sealed_places). */
static void learn_columns(struct export *ex, const PGresult *res)
{
    if (ex->columns != NULL)
        return;
    int n = PQnfields(res);
    ex->columns = xcalloc((size_t)n + 1, sizeof(*ex->columns));
    ex->source = xcalloc((size_t)n + 1, sizeof(*ex->source));
    for (int c = 0; c < n; c++)
        if (!hidden_column(PQfname(res, c)))
            ex->source[ex->ncolumns++] = c;
    for (size_t k = 0; k < sizeof(sealed_places) / sizeof(*sealed_places); k++) {
        if (strcmp(sealed_places[k].kind, ex->kind->name) != 0)
            continue;
        int from = position(res, ex->source, ex->ncolumns, sealed_places[k].column);
        if (from < 0 || position(res, ex->source, ex->ncolumns, sealed_places[k].after) < 0)
            continue;
        int moved = ex->source[from];
        memmove(&ex->source[from], &ex->source[from + 1],
                (size_t)(ex->ncolumns - from - 1) * sizeof(*ex->source));
        int to = position(res, ex->source, ex->ncolumns - 1, sealed_places[k].after) + 1;
        memmove(&ex->source[to + 1], &ex->source[to],
                (size_t)(ex->ncolumns - 1 - to) * sizeof(*ex->source));
        ex->source[to] = moved;
    }
    const char *key = ex->kind->text_key                     ? "code"
                      : strcmp(ex->kind->name, "audit") == 0 ? "seq"
                                                             : "id";
    ex->key_column = 0;
    for (int i = 0; i < ex->ncolumns; i++) {
        const char *name = PQfname(res, ex->source[i]);
        if (strcmp(name, key) == 0)
            ex->key_column = i;
        ex->columns[i] = exported_name(name);
    }
}

static void row_start(struct export *ex, const char *op)
{
    if (ex->jsonl) {
        put(ex, "{\"op\":\"", 7);
        put(ex, op, strlen(op));
        put(ex, "\"", 1);
    } else {
        put(ex, op, strlen(op));
    }
}

static void row_end(struct export *ex)
{
    if (ex->jsonl)
        put(ex, "}", 1);
    put(ex, "\n", 1);
    ex->part_rows++;
    ex->total++;
    if (ex->len >= PART_BYTES)
        send_part(ex);
}

/* One column value (NULL when isnull) in the row being written. */
static void value(struct export *ex, int col, const char *v, size_t n, int isnull, enum jtype jt)
{
    if (ex->jsonl) {
        put(ex, ",", 1);
        put_json_string(ex, ex->columns[col], strlen(ex->columns[col]));
        put(ex, ":", 1);
        if (isnull)
            put(ex, "null", 4);
        else if (jt == J_BARE)
            put(ex, v, n);
        else if (jt == J_BOOL)
            put(ex, v[0] == 't' ? "true" : "false", v[0] == 't' ? 4 : 5);
        else
            put_json_string(ex, v, n);
    } else {
        put(ex, ",", 1);
        if (!isnull)
            put_csv(ex, v, n); /* NULL: an empty unquoted field; "" is an empty string */
    }
}

/* ---- sealed personal data (docs/encryption.md) ---- */

/* What an exported row shows for a sealed column c of row i (id_number_enc, phone_enc: the ID
 * number or the phone of a household or member): *v and *len replaced. The ID number is the
 * masked form stored with it for a role that sees it masked (nothing is decrypted), else
 * decrypted; a phone is decrypted ('' for none). Returns 1 when *v is a fresh string to free,
 * 0 when it is not (also for a column that is not sealed), -1 after ending the request (a
 * ciphertext that does not decrypt; logged without the value). */
static int unsealed_value(struct export *ex, const PGresult *res, int i, int c, const char **v,
                          size_t *len)
{
    const char *name = PQfname(res, c);
    int is_id = strcmp(name, "id_number_enc") == 0, is_phone = strcmp(name, "phone_enc") == 0;
    if ((!is_id && !is_phone) || PQgetisnull(res, i, c))
        return 0;
    if (is_id && ex->mask_ids) {
        *v = PQgetvalue(res, i, PQfnumber(res, "id_number_masked"));
        *len = strlen(*v);
        return 0;
    }
    const char *text = PQgetvalue(res, i, c);
    if (text[0] == '\0')
        return 0; /* no phone: '' as it is */
    const char *column = is_id                                    ? "household_members.id_number"
                         : strcmp(ex->kind->name, "members") == 0 ? "household_members.phone"
                                                                  : "households.phone";
    char *clear = NULL;
    int rc = crypt_decrypt(ex->r->w->cfg->data_keys, column, text, &clear, len);
    if (rc != 0) {
        log_error("unseal", "column=%s id=%s key=%d error=\"%s\"", column,
                  PQgetvalue(res, i, PQfnumber(res, "id")), crypt_key_id(text), crypt_strerror(rc));
        request_fail(ex->r, ZHUCUN__CODE__INTERNAL, "无法解密个人信息（已记入服务器日志）", NULL);
        return -1;
    }
    *v = clear;
    return 1;
}

/* 1 in a test build run with ZHUCUN_TEST_EXPORT_ROWS=1: every pull takes the row path, so that
 * a test can hold the COPY path's bytes against it. A production build ignores the variable. */
static int rows_only(void)
{
#ifdef ZHUCUN_TEST_CLOCK
    const char *v = getenv("ZHUCUN_TEST_EXPORT_ROWS");
    return v != NULL && strcmp(v, "1") == 0;
#else
    return 0;
#endif
}

/* ---- the walk ---- */

static void finish(struct export *ex)
{
    struct request *r = ex->r;
    send_part(ex);
    char *cursor;
    int complete = ex->phase == PHASE_DONE;
    if (complete)
        cursor =
            (char *)request_printf(r, "v1|%s|%s|%s|-|0|0|", ex->kind->name, ex->lo, ex->target);
    else
        cursor = (char *)request_printf(r, "v1|%s|%s|%s|%s|%d|%s|%s", ex->kind->name, ex->lo,
                                        ex->prev[0] ? ex->prev : "-", ex->target, (int)ex->phase,
                                        ex->last_chg, ex->last_key);
    Zhucun__ExportChunk ch = ZHUCUN__EXPORT_CHUNK__INIT;
    if (!ex->sent_columns) {
        ch.columns = ex->columns;
        ch.n_columns = (size_t)ex->ncolumns;
    }
    ch.cursor = cursor;
    ch.complete = complete;
    ch.total = ex->total;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_EXPORT_CHUNK;
    reply.export_chunk = &ch;
    request_reply(r, &reply);
}

static void free_export(uv_handle_t *h)
{
    struct export *ex = h->data;
    for (int i = 0; i < ex->ncolumns; i++)
        free(ex->columns[i]);
    free(ex->columns);
    free(ex->source);
    free(ex->buf);
    free(ex->copy_sql);
    free(ex);
}

/* Ends the request (reply or error already given: r is gone) and frees the state once the timer
 * closed:
 * one log line says how the pull went and the most it held for a slow client. */
static void release(struct export *ex)
{
    metrics_export_rows(ex->total);
    log_info("export.end",
             "conn=%llu req=%llu kind=%s path=%s db=%s rows=%llu chunks=%u pauses=%u cuts=%u"
             " peak_queue=%zu buffer=%zu",
             (unsigned long long)ex->conn_id, (unsigned long long)ex->req_id, ex->kind->name,
             ex->copy ? "copy" : "rows", on_replica(ex) ? "replica" : "primary",
             (unsigned long long)ex->total, ex->chunks, ex->pauses, ex->cuts, ex->peak_queue,
             ex->cap);
    copy_close(ex->cc);
    ex->cc = NULL;
    uv_close((uv_handle_t *)&ex->timer, free_export);
}

/* The rows phase gave fewer rows than asked: it is over. */
static void rows_done(struct export *ex)
{
    /* A first pull has nothing to delete downstream: no tombstones. */
    ex->phase = ex->prev[0] ? PHASE_TOMBSTONES : PHASE_DONE;
    snprintf(ex->last_chg, sizeof(ex->last_chg), "0");
    snprintf(ex->last_key, sizeof(ex->last_key), "0");
}

static void on_chunk(PGresult *res, const struct db_error *err, void *arg)
{
    struct export *ex = arg;
    if (err != NULL) {
        request_fail_db(ex->r, err);
        release(ex);
        return;
    }
    int n = PQntuples(res);
    if (ex->probing) {
        learn_columns(ex, res);
        ex->probing = 0;
    } else if (ex->phase == PHASE_ROWS) {
        learn_columns(ex, res);
        int chg_col = PQfnumber(res, "chg");
        for (int i = 0; i < n; i++) {
            row_start(ex, "upsert");
            for (int col = 0; col < ex->ncolumns; col++) {
                int c = ex->source[col];
                const char *v = PQgetvalue(res, i, c);
                size_t len = (size_t)PQgetlength(res, i, c);
                int sealed = unsealed_value(ex, res, i, c, &v, &len);
                if (sealed < 0) {
                    release(ex);
                    return;
                }
                value(ex, col, v, len, PQgetisnull(res, i, c), json_type(PQftype(res, c)));
                if (sealed == 1)
                    free((char *)v);
            }
            row_end(ex);
        }
        if (n > 0) {
            snprintf(ex->last_chg, sizeof(ex->last_chg), "%s", PQgetvalue(res, n - 1, chg_col));
            snprintf(ex->last_key, sizeof(ex->last_key), "%s",
                     PQgetvalue(res, n - 1,
                                PQfnumber(res, ex->kind->text_key                     ? "code"
                                               : strcmp(ex->kind->name, "audit") == 0 ? "seq"
                                                                                      : "id")));
        }
        if (n < ex->asked)
            rows_done(ex);
    } else {
        /* id, key, chg: a row with its key alone */
        for (int i = 0; i < n; i++) {
            row_start(ex, "delete");
            for (int col = 0; col < ex->ncolumns; col++) {
                int is_key = col == ex->key_column;
                const char *k = PQgetvalue(res, i, 1);
                value(ex, col, is_key ? k : "", is_key ? strlen(k) : 0, !is_key,
                      ex->kind->text_key ? J_STRING : J_BARE);
            }
            row_end(ex);
        }
        if (n > 0) {
            snprintf(ex->last_chg, sizeof(ex->last_chg), "%s", PQgetvalue(res, n - 1, 2));
            snprintf(ex->last_key, sizeof(ex->last_key), "%s", PQgetvalue(res, n - 1, 0));
        }
        if (n < ex->asked)
            ex->phase = PHASE_DONE;
    }
    ex->chunks++;
    send_part(ex);
    next_chunk(ex);
}

/* ---- the COPY path ----
 *
 * The rows phase of a CSV pull of a kind without sealed columns: each chunk is one
 * `COPY (SELECT ... ) TO STDOUT (FORMAT csv, FORCE_QUOTE ...)` of the kind's own query
 * (store.c) on the export's own connection (export/copy.c). PostgreSQL writes each row as the
 * row path's libcsv does (every value quoted, NULL empty), after the literal op `upsert`; the
 * row ends with chg (and the key, unless the key is its first column), which the server cuts
 * off (the next chunk starts after them) and forwards the rest as it is. The statement reads
 * its position from settings made on the connection with parameters, so no value is ever
 * spliced into SQL.
 *
 * Backpressure: a chunk starts only when the client's backlog is under half the write queue
 * limit (next_chunk); within a chunk, reading the database stops while the backlog is over
 * the limit (copy_pause) and goes on once it is under half again (on_room: the connection
 * calls it, conn_on_room), or, after PAUSE_MAX_MS, the statement is ended and the pull goes on
 * later from the last row sent (on_paused). */

static void copy_failed(struct export *ex, const struct db_error *err)
{
    conn_room_cancel(ex->r->conn, ex);
    if (err->code == ZHUCUN__CODE__UNAVAILABLE)
        request_fail(ex->r, ZHUCUN__CODE__UNAVAILABLE,
                     "导出时数据库连接中断，本次导出未完成；请重新运行，会从上次的游标继续", NULL);
    else
        request_fail_db(ex->r, err);
    release(ex);
}

static int client_gone(const struct conn *c)
{
    return c->state == CONN_CLOSING || c->state == CONN_CLOSED || c->state == CONN_DRAINING;
}

/* The client took enough of what was sent: the paused COPY reads on, or the next chunk
 * starts. */
static void on_room(void *arg)
{
    struct export *ex = arg;
    uv_timer_stop(&ex->timer);
    if (ex->paused) {
        ex->paused = 0;
        copy_resume(ex->cc);
        return;
    }
    next_chunk(ex);
}

/* PAUSE_MAX_MS after a pause, and no room came. */
static void on_paused(uv_timer_t *t)
{
    struct export *ex = t->data;
    struct conn *c = ex->r->conn;
    conn_room_cancel(c, ex);
    if (client_gone(c)) {
        request_fail(ex->r, ZHUCUN__CODE__UNAVAILABLE, "连接已关闭，导出中止", NULL);
        release(ex);
        return;
    }
    /* The client is slow: end the statement rather than hold it (and its snapshot, which
     * holds back vacuum) open for it. Every row forwarded so far is whole and the position is
     * the last of them, so the next chunk, on a new connection once the client has caught
     * up, goes on exactly from there. */
    copy_close(ex->cc);
    ex->cc = NULL;
    ex->paused = 0;
    ex->cuts++;
    uv_timer_start(&ex->timer, on_timer, BACKOFF_MS, 0);
}

/* The key of a row whose first column is a numeric key: `upsert,"123",...`. */
static int first_key(struct export *ex, const char *row, size_t len)
{
    static const char start[] = "upsert,\"";
    size_t n = sizeof(start) - 1;
    if (len <= n || memcmp(row, start, n) != 0)
        return -1;
    const char *end = memchr(row + n, '"', len - n);
    if (end == NULL || (size_t)(end - row - n) >= sizeof(ex->last_key))
        return -1;
    memcpy(ex->last_key, row + n, (size_t)(end - row - n));
    ex->last_key[end - row - n] = '\0';
    return 0;
}

static void on_copy_row(const char *data, size_t len, void *arg)
{
    struct export *ex = arg;
    size_t keep;
    if (ex->bad_row)
        return; /* the chunk failed: the request ends with it */
    if (copy_row_split(data, len, &keep, ex->key_first ? NULL : ex->last_key, sizeof(ex->last_key),
                       ex->last_chg, sizeof(ex->last_chg)) != 0 ||
        (ex->key_first && first_key(ex, data, keep) != 0)) {
        log_error("export.copy_row", "kind=%s len=%zu", ex->kind->name, len);
        ex->bad_row = 1;
        return;
    }
    put(ex, data, keep);
    put(ex, "\n", 1);
    ex->part_rows++;
    ex->total++;
    ex->chunk_rows++;
    if (ex->len < PART_BYTES)
        return;
    send_part(ex);
    if (!ex->paused && conn_backlog(ex->r->conn) >= ex->r->w->cfg->max_write_queue) {
        ex->paused = 1;
        ex->pauses++;
        copy_pause(ex->cc);
        conn_on_room(ex->r->conn, on_room, ex);
        uv_timer_start(&ex->timer, on_paused, PAUSE_MAX_MS, 0);
    }
}

static void on_copy_done(PGresult *res, const struct db_error *err, void *arg)
{
    (void)res;
    struct export *ex = arg;
    if (err != NULL) {
        copy_failed(ex, err);
        return;
    }
    if (ex->bad_row) {
        request_fail(ex->r, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
        release(ex);
        return;
    }
    ex->chunks++;
    if (ex->chunk_rows < ex->asked)
        rows_done(ex);
    send_part(ex);
    next_chunk(ex);
}

static void on_copy_position(PGresult *res, const struct db_error *err, void *arg)
{
    (void)res;
    struct export *ex = arg;
    if (err != NULL) {
        copy_failed(ex, err);
        return;
    }
    ex->chunk_rows = 0;
    if (copy_out(ex->cc, ex->copy_sql, on_copy_row, on_copy_done, ex) != 0) {
        struct db_error lost = {.code = ZHUCUN__CODE__UNAVAILABLE};
        copy_failed(ex, &lost);
    }
}

/* The next chunk of the rows phase, from the position (last_chg, last_key). */
static void copy_chunk(struct export *ex)
{
    ex->p[0] = ex->last_chg;
    ex->p[1] = ex->last_key;
    ex->p[2] = ex->chunk;
    if (copy_exec(ex->cc, store_export_copy_position, 3, ex->p, on_copy_position, ex) != 0) {
        struct db_error lost = {.code = ZHUCUN__CODE__UNAVAILABLE};
        copy_failed(ex, &lost);
    }
}

static void on_copy_probe(PGresult *res, const struct db_error *err, void *arg)
{
    struct export *ex = arg;
    if (err != NULL) {
        copy_failed(ex, err);
        return;
    }
    learn_columns(ex, res);
    const char **names = xcalloc((size_t)ex->ncolumns + 1, sizeof(*names));
    for (int i = 0; i < ex->ncolumns; i++) {
        names[i] = PQfname(res, ex->source[i]);
        size_t n = strlen(names[i]);
        if (n > 4 && strcmp(names[i] + n - 4, "_enc") == 0) {
            /* A sealed column on a kind not marked sealed: COPY would send its ciphertext. */
            log_error("export.sealed_kind", "kind=%s column=%s", ex->kind->name, names[i]);
            free(names);
            request_fail(ex->r, ZHUCUN__CODE__INTERNAL, "服务器内部错误", NULL);
            release(ex);
            return;
        }
    }
    /* A numeric key in the first column is read from the row, not sent twice. */
    ex->key_first = ex->key_column == 0 && !ex->kind->text_key;
    ex->copy_sql =
        store_export_copy_sql(ex->kind->name, names, ex->ncolumns, ex->columns[ex->key_column],
                              ex->kind->text_key, ex->key_first);
    free(names);
    copy_chunk(ex);
}

static void on_copy_session(PGresult *res, const struct db_error *err, void *arg)
{
    (void)res;
    struct export *ex = arg;
    if (err != NULL) {
        copy_failed(ex, err);
        return;
    }
    if (ex->copy_sql != NULL) { /* a new connection after a slow client's pause */
        copy_chunk(ex);
        return;
    }
    /* The kind's columns. */
    char *probe = store_export_copy_probe(ex->kind->name);
    int rc = probe != NULL ? copy_exec(ex->cc, probe, 0, NULL, on_copy_probe, ex) : -1;
    free(probe);
    if (rc != 0) {
        struct db_error lost = {.code = ZHUCUN__CODE__UNAVAILABLE};
        copy_failed(ex, &lost);
    }
}

static void on_copy_open(PGresult *res, const struct db_error *err, void *arg)
{
    (void)res;
    struct export *ex = arg;
    if (err != NULL) {
        /* No connection of its own to be had (the database's connection limit, a connect
         * timeout): the pull goes on through the pool, the rows path, from the same position
         * (the two paths read the same rows in the same order). */
        log_warn("export.copy_unavailable", "conn=%llu req=%llu kind=%s rows=%llu",
                 (unsigned long long)ex->conn_id, (unsigned long long)ex->req_id, ex->kind->name,
                 (unsigned long long)ex->total);
        copy_close(ex->cc);
        ex->cc = NULL;
        ex->copy = 0;
        next_chunk(ex);
        return;
    }
    /* Who the pull runs for and what it reads, once for the connection (it is the pull's
     * alone and closes with it): the caller as the pool sets it (docs/rls.md), the export's
     * role, the scope and the two snapshots. */
    struct request *r = ex->r;
    snprintf(ex->user_id, sizeof(ex->user_id), "%lld",
             r->has_session ? (long long)r->session.user_id : 0LL);
    ex->p[0] = access_rls_scope(r);
    ex->p[1] = ex->user_id;
    ex->p[2] = ex->lo;
    ex->p[3] = ex->hi;
    ex->p[4] = ex->prev;
    ex->p[5] = ex->target;
    if (copy_exec(ex->cc, store_export_copy_session, 6, ex->p, on_copy_session, ex) != 0) {
        struct db_error lost = {.code = ZHUCUN__CODE__UNAVAILABLE};
        copy_failed(ex, &lost);
    }
}

static void on_timer(uv_timer_t *t)
{
    struct export *ex = t->data;
    conn_room_cancel(ex->r->conn, ex); /* waiting for room: the client may be gone */
    next_chunk(ex);
}

static void next_chunk(struct export *ex)
{
    struct request *r = ex->r;
    struct conn *c = r->conn;
    if (client_gone(c)) {
        /* The client is gone (or the server stops): end quietly. */
        request_fail(r, ZHUCUN__CODE__UNAVAILABLE, "连接已关闭，导出中止", NULL);
        release(ex);
        return;
    }
    if (ex->phase == PHASE_DONE || (ex->limit > 0 && ex->total >= ex->limit)) {
        finish(ex);
        release(ex);
        return;
    }
    /* Backpressure: wait while the client has not read what we sent. */
    if (conn_backlog(c) >= r->w->cfg->max_write_queue / 2) {
        conn_on_room(c, on_room, ex);
        uv_timer_start(&ex->timer, on_timer, WAIT_CHECK_MS, 0);
        return;
    }
    int copy = ex->copy && ex->phase == PHASE_ROWS;
    uint64_t chunk = copy ? COPY_ROWS : CHUNK_ROWS;
    uint64_t room = ex->limit > 0 ? ex->limit - ex->total : chunk;
    ex->asked = (int)(room < chunk ? room : chunk);
    snprintf(ex->chunk, sizeof(ex->chunk), "%d", ex->asked);
    if (copy && ex->cc == NULL) {
        ex->cc = copy_open(&r->w->loop, r->w->cfg, ex->dsn, r->w->index, db_pool_turn(ex->pool),
                           on_copy_open, ex);
        return;
    }
    if (copy) {
        copy_chunk(ex);
        return;
    }
    ex->p[0] = ex->lo;
    ex->p[1] = ex->hi;
    ex->p[2] = ex->prev[0] ? ex->prev : NULL;
    ex->p[3] = ex->target;
    ex->p[4] = ex->last_chg;
    ex->p[5] = ex->last_key;
    ex->p[6] = ex->chunk;
    ex->p[7] = ex->kind->name;
    const struct db_statement *st = ex->kind->st;
    if (ex->phase == PHASE_TOMBSTONES) {
        if (ex->columns == NULL) {
            ex->probing = 1; /* the row statement, for its columns only */
            ex->p[6] = "0";
        } else {
            st = &store_export_tombstones;
        }
    }
    if (pull_query(ex, st, on_chunk) != 0)
        release(ex);
}

static void take_snapshot(struct export *ex);

/* A database behind the cursor is looked at again after this, up to [database] replica_wait. */
#define BEHIND_POLL_MS 100

/* The pull reads the primary from now on: no replica, or it is away. */
static void use_primary(struct export *ex)
{
    ex->pool = ex->r->w->db;
    ex->dsn = ex->r->w->cfg->db_dsn;
    ex->replica = 0;
}

/* The replica is away (why=down: its pool is down; why=lost: the snapshot's query failed as
 * unavailable): the pull reads the primary instead. A nightly job that must finish is worth the
 * primary's load; a refusal would only be retried until the replica came back. */
static void replica_away(struct export *ex, const char *why)
{
    log_warn("export.replica_unavailable", "conn=%llu req=%llu kind=%s why=%s",
             (unsigned long long)ex->conn_id, (unsigned long long)ex->req_id, ex->kind->name, why);
    use_primary(ex);
    take_snapshot(ex);
}

static void on_behind_timer(uv_timer_t *t)
{
    struct export *ex = t->data;
    if (client_gone(ex->r->conn)) {
        request_fail(ex->r, ZHUCUN__CODE__UNAVAILABLE, "连接已关闭，导出中止", NULL);
        release(ex);
        return;
    }
    take_snapshot(ex);
}

static void on_snapshot(PGresult *res, const struct db_error *err, void *arg)
{
    struct export *ex = arg;
    if (err != NULL && on_replica(ex) && err->code == ZHUCUN__CODE__UNAVAILABLE) {
        replica_away(ex, "lost");
        return;
    }
    if (err != NULL) {
        request_fail_db(ex->r, err);
        release(ex);
        return;
    }
    if (strcmp(PQgetvalue(res, 0, 1), "t") != 0) {
        /* The database has not yet seen every transaction the cursor's snapshot saw (a replica
         * behind the primary where the last pull ran; a standby promoted behind it): a pull
         * now would move the cursor back and send rows twice. Wait for replay, bounded. */
        uint64_t now = uv_now(&ex->r->w->loop);
        if (ex->behind_since == 0)
            ex->behind_since = now;
        if (now - ex->behind_since < ex->r->w->cfg->db_replica_wait_ms) {
            uv_timer_start(&ex->timer, on_behind_timer, BEHIND_POLL_MS, 0);
            return;
        }
        log_warn("export.behind", "conn=%llu req=%llu kind=%s db=%s waited_ms=%llu",
                 (unsigned long long)ex->conn_id, (unsigned long long)ex->req_id, ex->kind->name,
                 on_replica(ex) ? "replica" : "primary",
                 (unsigned long long)(now - ex->behind_since));
        request_fail(ex->r, ZHUCUN__CODE__UNAVAILABLE,
                     "数据库（只读副本）尚未追上上次导出的位置（复制延迟）；游标未改变，"
                     "请稍后重新运行",
                     "since");
        release(ex);
        return;
    }
    if (ex->target[0] == '\0') /* else going on with a pull */
        snprintf(ex->target, sizeof(ex->target), "%s", PQgetvalue(res, 0, 0));
    next_chunk(ex);
}

/* The pull's snapshot, and whether its database has caught up with the cursor. */
static void take_snapshot(struct export *ex)
{
    /* What the pull must not go behind: its own target when it goes on after its limit, else
     * the previous pull's (none for a first pull). */
    ex->p[0] = ex->target[0] ? ex->target : ex->prev[0] ? ex->prev : NULL;
    if (on_replica(ex) &&
        request_query_on(ex->r, ex->pool, &store_export_snapshot, ex->p, on_snapshot, ex) != 0) {
        replica_away(ex, "down");
        return;
    }
    if (!on_replica(ex) &&
        request_query_err(ex->r, &store_export_snapshot, ex->p, on_snapshot, ex) != 0)
        release(ex);
}

/* A cached session is proved on the primary before the pull reads the replica, which may not
 * have its row yet (request_query_on). */
static void on_proved(struct request *r, PGresult *res, void *arg)
{
    (void)r;
    (void)res;
    take_snapshot(arg);
}

/* ---- the call ---- */

/* A pg_snapshot's text form: xmin:xmax:xip,xip... (digits). */
static int snapshot_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= SNAPSHOT_MAX)
        return 0;
    int colons = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ':')
            colons++;
        else if (!(*p >= '0' && *p <= '9') && *p != ',')
            return 0;
    }
    return colons == 2;
}

static int digits(const char *s, size_t max)
{
    size_t n = strlen(s);
    return n > 0 && n <= max && strspn(s, "0123456789") == n;
}

/* Parses "v1|kind|lo|prev|target|phase|last_chg|last_key" into ex; the kind and scope must be
 * those asked for. NULL, or why not. */
static const char *parse_cursor(struct export *ex, const char *cursor)
{
    if (strlen(cursor) >= CURSOR_MAX)
        return "游标过长";
    char copy[CURSOR_MAX];
    snprintf(copy, sizeof(copy), "%s", cursor);
    char *f[8];
    int n = 0;
    for (char *p = copy; n < 8;) {
        f[n++] = p;
        p = strchr(p, '|');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    if (n != 8 || strcmp(f[0], "v1") != 0)
        return "游标格式不对：请使用上次导出返回的游标";
    if (strcmp(f[1], ex->kind->name) != 0 || strcmp(f[2], ex->lo) != 0)
        return "游标属于另一种数据或另一个范围";
    if ((!snapshot_ok(f[3]) && strcmp(f[3], "-") != 0) ||
        (strcmp(f[4], "-") != 0 && !snapshot_ok(f[4])) ||
        (strcmp(f[3], "-") == 0 && strcmp(f[4], "-") == 0))
        return "游标中的快照无效";
    if (strcmp(f[4], "-") == 0) {
        /* a finished pull: the next one starts from its snapshot */
        snprintf(ex->prev, sizeof(ex->prev), "%.*s", SNAPSHOT_MAX - 1, f[3]);
        return NULL;
    }
    if ((strcmp(f[5], "0") != 0 && strcmp(f[5], "1") != 0) || !digits(f[6], 20) ||
        (!ex->kind->text_key && !digits(f[7], 20)) || strlen(f[7]) >= sizeof(ex->last_key))
        return "游标中的位置无效";
    /* the rest of a pull cut short by its limit */
    snprintf(ex->prev, sizeof(ex->prev), "%.*s", SNAPSHOT_MAX - 1,
             strcmp(f[3], "-") == 0 ? "" : f[3]);
    snprintf(ex->target, sizeof(ex->target), "%.*s", SNAPSHOT_MAX - 1, f[4]);
    ex->phase = (enum phase)atoi(f[5]);
    snprintf(ex->last_chg, sizeof(ex->last_chg), "%.20s", f[6]);
    snprintf(ex->last_key, sizeof(ex->last_key), "%.63s", f[7]);
    return NULL;
}

static void handle_export(struct request *r)
{
    const Zhucun__Export *in = r->msg->export;
    const struct kind *kind = NULL;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
        if (strcmp(in->kind, kinds[i].name) == 0)
            kind = &kinds[i];
    if (kind == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     "未知的数据种类（见 docs/export.md 的列表）", "kind");
        return;
    }
    if (in->format[0] != '\0' && strcmp(in->format, "csv") != 0 &&
        strcmp(in->format, "jsonl") != 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "格式应为 csv 或 jsonl", "format");
        return;
    }
    const char *scope = in->scope_code[0] ? in->scope_code : PROVINCE_CODE;
    int level = rules_code_level(scope);
    if (level < 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "区划代码应为 12 位数字", "scope_code");
        return;
    }
    if (!access_covers(&r->session, EXPORT_ROLES, scope) ||
        (strcmp(kind->name, "audit") == 0 &&
         (level != 1 ||
          !access_covers(&r->session, ROLE_EXPORTER | ROLE_PROVINCE_OFFICE, scope)))) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND,
                     strcmp(kind->name, "audit") == 0
                         ? "审计日志只能由省级导出账号或省级驻村办整体导出"
                         : "区划代码不存在或不在您的管辖范围内",
                     "scope_code");
        return;
    }
    struct export *ex = xcalloc(1, sizeof(*ex));
    ex->r = r;
    ex->conn_id = r->conn_id;
    ex->req_id = r->id;
    ex->kind = kind;
    ex->jsonl = strcmp(in->format, "jsonl") == 0;
    ex->copy = !ex->jsonl && !kind->sealed && !rows_only();
    ex->mask_ids = !rules_roles_see_id_numbers(session_roles(&r->session));
    ex->limit = in->limit;
    int len = rules_code_prefix_len(level);
    snprintf(ex->lo, sizeof(ex->lo), "%.*s", len, scope);
    snprintf(ex->hi, sizeof(ex->hi), "%.*s", len, scope);
    ex->hi[len - 1]++;
    snprintf(ex->last_chg, sizeof(ex->last_chg), "0");
    snprintf(ex->last_key, sizeof(ex->last_key), "%s", kind->text_key ? "" : "0");
    uv_timer_init(&r->w->loop, &ex->timer);
    ex->timer.data = ex;
    if (in->since[0] != '\0') {
        const char *bad = parse_cursor(ex, in->since);
        if (bad != NULL) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, bad, "since");
            release(ex);
            return;
        }
    }
    /* The snapshot, also for a pull going on from its cursor (which keeps its own target):
     * the request's first query proves a cached session before any part leaves (dispatch.h),
     * and the COPY path's chunks are not pool queries. */
    use_primary(ex);
    if (r->w->replica == NULL) {
        take_snapshot(ex);
        return;
    }
    ex->pool = r->w->replica;
    ex->dsn = r->w->cfg->db_replica_dsn;
    ex->replica = 1;
    if (request_prove(r, on_proved, ex) != 0)
        release(ex);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_EXPORT, "Export", AUTH_SESSION,
     ROLE_EXPORTER | ROLE_PROVINCE_OFFICE | ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE, 0, handle_export,
     NULL, 0},
};

const struct domain export_domain = {
    .name = "export",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
