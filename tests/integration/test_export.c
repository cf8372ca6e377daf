/* test_export.c -- Export (SPEC X1): a full pull, then only what changed; an update as the
 * row's new version; a delete as a tombstone; a transaction that started before a pull and
 * committed after it lands in the next pull; concurrent writers and repeated pulls: the union
 * of the pulls is the table, each row exactly once; a pull cut by its limit resumes; scope and
 * roles; the CLI's state file survives a killed run (no gap, no duplicate). */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypt.h"
#include "common/rules/idcard.h"

#define PW         "correct horse battery"
#define ZT_STR_(x) #x
#define ZT_STR(x)  ZT_STR_(x)
#define VILLAGE    "140105001001"
#define OTHER      "140106001001"

static struct zt_server srv;
static struct zc_client *exporter, *county;
/* The server's key file (harness: [data] key_file): rows written here by SQL are sealed as the
 * server seals them, since the tables hold ID numbers and phones sealed only. */
static struct crypt_keys *keys;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,测试二村,village\n";

static void exec(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
}

static long long count_sql(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

/* value sealed for column as SQL literals: 'ciphertext', 'hash' (purpose CRYPT_HMAC_PHONE or
 * CRYPT_HMAC_ID_NUMBER; the tests' phones have no spaces or hyphens to drop) in out. */
static void sealed(const char *column, int purpose, const char *value, char *out, size_t cap)
{
    char *enc = NULL, hmac[CRYPT_HMAC_TEXT_LEN + 1];
    assert_int_equal(crypt_encrypt(keys, column, value, strlen(value), &enc), 0);
    crypt_hmac(keys, purpose, value, strlen(value), hmac);
    snprintf(out, cap, "'%s', '%s'", enc, hmac);
    free(enc);
}

static void add_households(PGconn *pg, const char *village, int n)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT INTO households (village_code, head_name, since)"
             " SELECT '%s', '演示户主' || g, DATE '2025-01-01' FROM generate_series(1, %d) g",
             village, n);
    exec(pg, sql);
}

/* VISITS visits of about 1.2 KB each (~36 MB of CSV: more than the socket buffers and the
 * write queue hold), a few with a quote, a comma or a line break in their notes. The duty
 * trigger is off for the load: this file tests exports. */
#define VISITS 30000

static void add_visits(PGconn *pg)
{
    exec(pg, "ALTER TABLE visits DISABLE TRIGGER visits_duties");
    exec(pg, "INSERT INTO visits (visit_date, village_code, mode, cadre_ids, notes)"
             " SELECT DATE '2026-10-01' + (g % 60), '" VILLAGE "',"
             " CASE WHEN g % 10 = 0 THEN 'phone' ELSE 'in_person' END, ARRAY[g % 50 + 1]::bigint[],"
             " CASE WHEN g % 1000 = 0 THEN E'说\"好\",\n第二行' ELSE '' END ||"
             " repeat('入户走访，了解家庭生产生活情况。', 20)"
             " FROM generate_series(1, " ZT_STR(VISITS) ") g");
    exec(pg, "ALTER TABLE visits ENABLE TRIGGER visits_duties");
}

static int setup(void **state)
{
    (void)state;
    char err[512];
    /* A small write queue, so that a slow reader makes the server hold back soon. */
    zt_server_start(&srv, "export", "[limits]\nmax_write_queue = 512KiB\n");
    if (crypt_keys_load(getenv("ZC_TEST_KEYFILE"), &keys, err, sizeof(err)) != 0)
        fail_msg("key file: %s", err);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    PGconn *pg = zt_pg_admin(&srv);
    add_households(pg, VILLAGE, 2500);
    add_households(pg, OTHER, 40);
    add_visits(pg);
    PQfinish(pg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(exporter);
    zc_close(county);
    crypt_keys_free(keys);
    zt_server_finish(&srv);
    return 0;
}

/* One pull (JSONL unless format is set): its rows appended to *data (grown), the cursor out.
 * Returns the code. A slow reader waits slow_ms after each part, and stall_ms more after part
 * stall_part; after_first runs once the first part has come. */
struct pull {
    char *data;
    size_t len, cap;
    unsigned long long rows;
    char cursor[512];
    int complete;
    int parts;
    const char *format;
    int slow_ms, stall_part, stall_ms;
    void (*after_first)(void);
    char message[512];
    uint64_t req_id;
};

static Zhucun__Code pull(struct zc_client *c, const char *kind, const char *scope,
                         const char *since, uint64_t limit, struct pull *p)
{
    Zhucun__Export ex = ZHUCUN__EXPORT__INIT;
    ex.kind = (char *)kind;
    ex.scope_code = (char *)scope;
    ex.since = (char *)since;
    ex.format = p->format ? (char *)p->format : "jsonl";
    ex.limit = limit;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_EXPORT;
    req.export = &ex;
    struct zc_error err;
    uint64_t id = zc_send(c, &req, &err);
    assert_true(id > 0);
    p->req_id = id;
    for (;;) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 30000, &err), 0);
        if (reply->id != id) {
            zc_reply_free(reply);
            continue;
        }
        Zhucun__Code code = reply->status ? reply->status->code : ZHUCUN__CODE__OK;
        if (code != ZHUCUN__CODE__OK) {
            snprintf(p->message, sizeof(p->message), "%s", reply->status->message);
            zc_reply_free(reply);
            return code;
        }
        const Zhucun__ExportChunk *ch = reply->export_chunk;
        if (p->data == NULL || p->len + ch->data.len + 1 > p->cap) {
            p->cap = 2 * (p->len + ch->data.len + 1);
            p->data = realloc(p->data, p->cap);
        }
        if (ch->data.len > 0)
            memcpy(p->data + p->len, ch->data.data, ch->data.len);
        p->len += ch->data.len;
        p->data[p->len] = '\0';
        p->rows += ch->rows;
        p->parts++;
        if (p->parts == 1 && p->after_first != NULL)
            p->after_first();
        if (p->slow_ms > 0)
            zt_sleep_ms(p->slow_ms);
        if (p->parts == p->stall_part)
            zt_sleep_ms(p->stall_ms);
        int more = reply->more;
        if (!more) {
            snprintf(p->cursor, sizeof(p->cursor), "%s", ch->cursor);
            p->complete = ch->complete;
            assert_int_equal(ch->total, p->rows);
        }
        zc_reply_free(reply);
        if (!more)
            return ZHUCUN__CODE__OK;
    }
}

/* Counts per id of the upserts in a JSONL text, into counts[id - base] (ids in [base, base+n)). */
static void tally(const char *data, long long base, int *counts, long long n, int *deletes)
{
    for (const char *line = data; line && *line;) {
        const char *end = strchr(line, '\n');
        const char *idp = strstr(line, "\"id\":");
        if (idp != NULL && (end == NULL || idp < end)) {
            long long id = atoll(idp + 5);
            if (strncmp(line, "{\"op\":\"delete\"", 14) == 0)
                (*deletes)++;
            else if (id >= base && id < base + n)
                counts[id - base]++;
        }
        line = end ? end + 1 : NULL;
    }
}

static void test_full_then_incremental(void **state)
{
    (void)state;
    struct pull a = {0}, b = {0}, c = {0};
    assert_int_equal(pull(exporter, "households", "", "", 0, &a), ZHUCUN__CODE__OK);
    assert_true(a.complete);
    assert_int_equal(a.rows, 2540);
    assert_true(a.parts >= 3); /* streamed in chunks, not one reply */
    /* nothing changed: nothing comes */
    assert_int_equal(pull(exporter, "households", "", a.cursor, 0, &b), ZHUCUN__CODE__OK);
    assert_int_equal(b.rows, 0);
    /* three new rows, one updated, one deleted */
    PGconn *pg = zt_pg_admin(&srv);
    add_households(pg, VILLAGE, 3);
    char phone[256], sql[512];
    sealed("households.phone", CRYPT_HMAC_PHONE, "13900000001", phone, sizeof(phone));
    snprintf(sql, sizeof(sql),
             "UPDATE households SET (phone_enc, phone_hmac) = (%s) WHERE id = (SELECT min(id)"
             " FROM households)",
             phone);
    exec(pg, sql);
    exec(pg, "DELETE FROM households WHERE id = (SELECT max(id) FROM households)");
    PQfinish(pg);
    assert_int_equal(pull(exporter, "households", "", b.cursor, 0, &c), ZHUCUN__CODE__OK);
    /* 2 new (the third was deleted before the pull: it never existed for it, but its
     * tombstone is sent), 1 update, 1 tombstone */
    assert_int_equal(c.rows, 4);
    /* the phone where the clear column was, before 0024 dropped it */
    assert_non_null(strstr(c.data, "\"phone\":\"13900000001\",\"address\":"));
    assert_non_null(strstr(c.data, "{\"op\":\"delete\""));
    free(a.data);
    free(b.data);
    free(c.data);
}

/* The income sums and one-on-one plans (issue 19; docs/income.md) are pulled like every kind: a
 * first pull has them all, the next nothing, then only what changed: a correction (the old
 * version no longer current, and the new one), a plan set again, a plan deleted (its
 * tombstone); through COPY (csv) and rows (jsonl) alike; never outside the pull's scope. */
static void test_income_kinds_incremental(void **state)
{
    (void)state;
    PGconn *pg = zt_pg_admin(&srv);
    exec(pg, "INSERT INTO persons (name, org_code) VALUES ('导出责任人', '" VILLAGE "')");
    exec(pg, "INSERT INTO income_sums (household_id, village_code, month, version, wages_fen,"
             " business_fen, rent_fen, dividend_fen, pension_fen, subsidy_fen, dibao_fen,"
             " other_transfer_fen, costs_fen, members, net_fen, per_capita_fen, ack)"
             " SELECT h.id, h.village_code, DATE '2026-10-01', 1, 300000, -1000, 0, 0, 0, 0, 0,"
             " 0, 0, 2, 299000, 149500, 'signed' FROM households h"
             " WHERE h.village_code = '" VILLAGE "' ORDER BY h.id LIMIT 3");
    exec(pg, "INSERT INTO income_plans (household_id, village_code, measures, responsible_id,"
             " review_on) SELECT h.id, h.village_code, '{公益性岗位}', (SELECT max(id) FROM"
             " persons), DATE '2027-03-01' FROM households h WHERE h.village_code = '" VILLAGE
             "' ORDER BY h.id LIMIT 2");
    static const char *const formats[] = {"jsonl", "csv"};
    struct pull first[2][2], again[2][2], next[2][2];
    const char *kinds[2] = {"income_sums", "income_plans"};
    for (int k = 0; k < 2; k++)
        for (int f = 0; f < 2; f++) {
            memset(&first[k][f], 0, sizeof(first[k][f]));
            memset(&again[k][f], 0, sizeof(again[k][f]));
            first[k][f].format = again[k][f].format = formats[f];
            assert_int_equal(pull(exporter, kinds[k], "", "", 0, &first[k][f]), ZHUCUN__CODE__OK);
            assert_int_equal(first[k][f].rows, k == 0 ? 3 : 2);
            assert_int_equal(pull(exporter, kinds[k], "", first[k][f].cursor, 0, &again[k][f]),
                             ZHUCUN__CODE__OK);
            assert_int_equal(again[k][f].rows, 0);
        }
    /* another county's pull has none of them */
    struct pull other = {0};
    assert_int_equal(pull(exporter, "income_sums", "140106000000", "", 0, &other),
                     ZHUCUN__CODE__OK);
    assert_int_equal(other.rows, 0);
    /* a correction of the first household's month, a plan set again, a plan deleted */
    exec(pg, "WITH old AS (UPDATE income_sums SET current = false WHERE id = (SELECT min(id)"
             " FROM income_sums) RETURNING *)"
             " INSERT INTO income_sums (household_id, village_code, month, version, wages_fen,"
             " business_fen, rent_fen, dividend_fen, pension_fen, subsidy_fen, dibao_fen,"
             " other_transfer_fen, costs_fen, members, net_fen, per_capita_fen, ack, reason)"
             " SELECT household_id, village_code, month, 2, 310000, -1000, 0, 0, 0, 0, 0, 0, 0,"
             " 2, 309000, 154500, 'signed', '漏记务工收入' FROM old");
    exec(pg, "UPDATE income_plans SET measures = '{公益性岗位,小额信贷}', version = 2"
             " WHERE id = (SELECT min(id) FROM income_plans)");
    exec(pg, "DELETE FROM income_plans WHERE id = (SELECT max(id) FROM income_plans)");
    PQfinish(pg);
    for (int k = 0; k < 2; k++)
        for (int f = 0; f < 2; f++) {
            memset(&next[k][f], 0, sizeof(next[k][f]));
            next[k][f].format = formats[f];
            assert_int_equal(pull(exporter, kinds[k], "", again[k][f].cursor, 0, &next[k][f]),
                             ZHUCUN__CODE__OK);
            /* sums: the old version and the new; plans: the update and the tombstone */
            assert_int_equal(next[k][f].rows, 2);
        }
    assert_non_null(strstr(next[0][0].data, "\"reason\":\"漏记务工收入\""));
    assert_non_null(strstr(next[0][0].data, "\"current\":false"));
    assert_non_null(strstr(next[1][0].data, "{\"op\":\"delete\""));
    assert_non_null(strstr(next[1][1].data, "小额信贷"));
    for (int k = 0; k < 2; k++)
        for (int f = 0; f < 2; f++) {
            free(first[k][f].data);
            free(again[k][f].data);
            free(next[k][f].data);
        }
    free(other.data);
}

/* A transaction that began before a pull and commits after it is in the next pull. */
static void test_late_commit(void **state)
{
    (void)state;
    struct pull a = {0}, b = {0}, c = {0};
    assert_int_equal(pull(exporter, "households", "", "", 0, &a), ZHUCUN__CODE__OK);
    PGconn *late = zt_pg_admin(&srv);
    exec(late, "BEGIN");
    exec(late, "INSERT INTO households (village_code, head_name, since)"
               " VALUES ('" VILLAGE "', '迟到的户', '2025-01-01')");
    /* a pull while it is open, and another write that commits at once */
    PGconn *pg = zt_pg_admin(&srv);
    add_households(pg, VILLAGE, 1);
    PQfinish(pg);
    assert_int_equal(pull(exporter, "households", "", a.cursor, 0, &b), ZHUCUN__CODE__OK);
    assert_int_equal(b.rows, 1);
    assert_null(strstr(b.data, "迟到的户"));
    exec(late, "COMMIT");
    PQfinish(late);
    assert_int_equal(pull(exporter, "households", "", b.cursor, 0, &c), ZHUCUN__CODE__OK);
    assert_int_equal(c.rows, 1);
    assert_non_null(strstr(c.data, "迟到的户"));
    free(a.data);
    free(b.data);
    free(c.data);
}

struct writer {
    int stop;
    int done;
};

static void *write_loop(void *arg)
{
    struct writer *w = arg;
    PGconn *pg = zt_pg_admin(&srv);
    unsigned seed = 7;
    while (!__atomic_load_n(&w->stop, __ATOMIC_SEQ_CST)) {
        /* transactions of 1-5 rows that stay open a little while */
        exec(pg, "BEGIN");
        add_households(pg, VILLAGE, 1 + (int)(rand_r(&seed) % 5));
        zt_sleep_ms((int)(rand_r(&seed) % 15));
        exec(pg, "COMMIT");
        __atomic_add_fetch(&w->done, 1, __ATOMIC_SEQ_CST);
    }
    PQfinish(pg);
    return NULL;
}

/* Two writers and repeated pulls: the union of the pulls is the table, each row once. */
static void test_concurrent_writers_and_pulls(void **state)
{
    (void)state;
    long long base = count_sql("SELECT min(id) FROM households");
    struct pull first = {0};
    assert_int_equal(pull(exporter, "households", "", "", 0, &first), ZHUCUN__CODE__OK);
    struct writer w = {0};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, write_loop, &w);
    char cursor[512];
    snprintf(cursor, sizeof(cursor), "%s", first.cursor);
    enum { N = 200000 };
    int *counts = calloc(N, sizeof(int));
    int deletes = 0;
    tally(first.data, base, counts, N, &deletes);
    for (int i = 0; i < 25; i++) {
        struct pull p = {0};
        assert_int_equal(pull(exporter, "households", "", cursor, 0, &p), ZHUCUN__CODE__OK);
        tally(p.data ? p.data : "", base, counts, N, &deletes);
        snprintf(cursor, sizeof(cursor), "%s", p.cursor);
        free(p.data);
        zt_sleep_ms(20);
    }
    __atomic_store_n(&w.stop, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_true(w.done > 20);
    struct pull last = {0};
    assert_int_equal(pull(exporter, "households", "", cursor, 0, &last), ZHUCUN__CODE__OK);
    tally(last.data ? last.data : "", base, counts, N, &deletes);
    /* every row of the table came exactly once, and nothing else came */
    long long rows = count_sql("SELECT count(*) FROM households");
    long long seen = 0;
    for (long long i = 0; i < N; i++) {
        if (counts[i] > 1)
            fail_msg("household %lld came %d times", base + i, counts[i]);
        seen += counts[i];
    }
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM households WHERE id < %lld",
             base + (long long)N);
    assert_int_equal(seen, count_sql(sql));
    assert_true(rows > 2540);
    printf("concurrent: %d write transactions, %lld rows, each pulled once\n", w.done, rows);
    free(counts);
    free(first.data);
    free(last.data);
}

/* A pull cut short by its limit resumes where it stopped: together the parts are the whole. */
static void test_limit_resumes(void **state)
{
    (void)state;
    struct pull whole = {0};
    assert_int_equal(pull(exporter, "households", "", "", 0, &whole), ZHUCUN__CODE__OK);
    char cursor[512] = "";
    unsigned long long rows = 0;
    char *joined = calloc(1, 1);
    size_t len = 0;
    for (int i = 0; i < 1000; i++) {
        struct pull p = {0};
        assert_int_equal(pull(exporter, "households", "", cursor, 777, &p), ZHUCUN__CODE__OK);
        assert_true(p.rows <= 777);
        rows += p.rows;
        joined = realloc(joined, len + p.len + 1);
        if (p.len > 0)
            memcpy(joined + len, p.data, p.len);
        len += p.len;
        joined[len] = '\0';
        snprintf(cursor, sizeof(cursor), "%s", p.cursor);
        int complete = p.complete;
        free(p.data);
        if (complete)
            break;
    }
    assert_int_equal(rows, whole.rows);
    assert_int_equal(len, whole.len);
    assert_memory_equal(joined, whole.data, len);
    free(joined);
    free(whole.data);
}

static void test_scope_and_roles(void **state)
{
    (void)state;
    struct pull p = {0};
    assert_int_equal(pull(county, "households", "140105000000", "", 0, &p), ZHUCUN__CODE__OK);
    assert_null(strstr(p.data, OTHER));
    assert_non_null(strstr(p.data, VILLAGE));
    free(p.data);
    memset(&p, 0, sizeof(p));
    assert_int_equal(pull(county, "households", "140106000000", "", 0, &p),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(pull(county, "households", "", "", 0, &p), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(pull(county, "audit", "", "", 0, &p), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(pull(exporter, "passwords", "", "", 0, &p), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(pull(exporter, "households", "1401", "", 0, &p),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(pull(exporter, "households", "", "v1|garbage", 0, &p),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    /* a cursor of another kind or scope is refused */
    struct pull a = {0};
    assert_int_equal(pull(exporter, "teams", "", "", 0, &a), ZHUCUN__CODE__OK);
    assert_int_equal(pull(exporter, "households", "", a.cursor, 0, &p),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    free(a.data);
    /* the exporter's members come with ID numbers masked (it does not need them): the form
     * stored with the number; the county office's decrypted; the phone decrypted for both */
    PGconn *pg = zt_pg_admin(&srv);
    char idn[256], phone[256], sql[1024], masked[IDCARD_LEN + 1];
    sealed("household_members.id_number", CRYPT_HMAC_ID_NUMBER, "11010519491231002X", idn,
           sizeof(idn));
    sealed("household_members.phone", CRYPT_HMAC_PHONE, "13900000002", phone, sizeof(phone));
    rules_idcard_mask("11010519491231002X", masked);
    snprintf(sql, sizeof(sql),
             "INSERT INTO household_members (household_id, name, relation, birth_date, labour,"
             " health, id_number_enc, id_number_hmac, id_number_masked, phone_enc, phone_hmac)"
             " SELECT min(id), '演示成员', 'head', '1949-12-31', 'full', 'healthy', %s, '%s',"
             " %s FROM households WHERE village_code = '" VILLAGE "'",
             idn, masked, phone);
    exec(pg, sql);
    PQfinish(pg);
    memset(&p, 0, sizeof(p));
    assert_int_equal(pull(exporter, "members", "", "", 0, &p), ZHUCUN__CODE__OK);
    /* in the places of the clear columns 0024 dropped: a file appended to across the upgrade
     * keeps its columns */
    assert_non_null(strstr(p.data, "\"relation\":\"head\",\"id_number\":\"110105********002X\","
                                   "\"birth_date\":"));
    assert_null(strstr(p.data, "11010519491231002X"));
    assert_non_null(
        strstr(p.data, "\"health\":\"healthy\",\"phone\":\"13900000002\",\"left_on\":"));
    assert_null(strstr(p.data, "_enc\""));
    assert_null(strstr(p.data, "_hmac\""));
    assert_null(strstr(p.data, "id_number_masked"));
    free(p.data);
    memset(&p, 0, sizeof(p));
    assert_int_equal(pull(county, "members", "140105000000", "", 0, &p), ZHUCUN__CODE__OK);
    assert_non_null(strstr(p.data, "\"id_number\":\"11010519491231002X\""));
    free(p.data);
    struct zc_client *audit_exporter = zt_login(&srv, "exporter", PW, NULL);
    memset(&p, 0, sizeof(p));
    assert_int_equal(pull(audit_exporter, "audit", "", "", 0, &p), ZHUCUN__CODE__OK);
    assert_true(p.rows > 0);
    free(p.data);
    zc_close(audit_exporter);
}

/* The server's log line of event export.end for the pull p of visits (its request id), into
 * line; 1 when it is there. */
static int export_end_line(const struct pull *p, char *line, size_t cap)
{
    char needle[96];
    snprintf(needle, sizeof(needle), " req=%llu kind=visits ", (unsigned long long)p->req_id);
    FILE *f = fopen(srv.log, "r");
    assert_non_null(f);
    int found = 0;
    while (!found && fgets(line, (int)cap, f) != NULL)
        found = strstr(line, "event=export.end") != NULL && strstr(line, needle) != NULL;
    fclose(f);
    return found;
}

/* The same, waiting for it: the server writes its log lines within 50 ms. */
static void export_end(const struct pull *p, char *line, size_t cap)
{
    for (int i = 0; i < 300 && !export_end_line(p, line, cap); i++)
        zt_sleep_ms(10);
    assert_true(export_end_line(p, line, cap));
}

static unsigned long long field_of(const char *line, const char *name)
{
    const char *p = strstr(line, name);
    assert_non_null(p);
    return strtoull(p + strlen(name), NULL, 10);
}

/* A CSV pull of visits takes the COPY path: every row once, each part's rows counted, the
 * bytes those of PostgreSQL's own COPY of the same rows (quoted as libcsv quotes them), and a
 * pull cut by its limit resumes to the same bytes. */
static void test_copy_path(void **state)
{
    (void)state;
    char line[2048];
    struct pull whole = {.format = "csv"};
    Zhucun__Code code = pull(exporter, "visits", "", "", 0, &whole);
    if (code != ZHUCUN__CODE__OK)
        fail_msg("code %d: %s", code, whole.message);
    assert_true(whole.complete);
    assert_int_equal(whole.rows, count_sql("SELECT count(*) FROM visits"));
    export_end(&whole, line, sizeof(line));
    assert_non_null(strstr(line, "path=copy"));
    /* what psql's \copy of the same rows writes, with every value quoted */
    PGconn *pg = zt_pg_admin(&srv);
    PGresult *res = PQexec(pg, "COPY (SELECT 'upsert', id, visit_date, household_id, village_code,"
                               " team_id, mode, cadre_ids, notes, recorded_by, recorded_at"
                               " FROM visits ORDER BY chg, id) TO STDOUT (FORMAT csv, FORCE_QUOTE"
                               " (id, visit_date, household_id, village_code, team_id, mode,"
                               " cadre_ids, notes, recorded_by, recorded_at))");
    assert_int_equal(PQresultStatus(res), PGRES_COPY_OUT);
    PQclear(res);
    size_t len = 0, cap = whole.len + 1;
    char *copy = malloc(cap), *buf = NULL;
    int n;
    while ((n = PQgetCopyData(pg, &buf, 0)) > 0) {
        if (len + (size_t)n > cap) {
            cap = 2 * (len + (size_t)n);
            copy = realloc(copy, cap);
        }
        memcpy(copy + len, buf, (size_t)n);
        len += (size_t)n;
        PQfreemem(buf);
    }
    PQclear(PQgetResult(pg));
    PQfinish(pg);
    assert_int_equal(len, whole.len);
    assert_memory_equal(copy, whole.data, len);
    free(copy);
    /* cut by a limit, resumed: the same bytes */
    char cursor[512] = "";
    char *joined = calloc(1, 1);
    size_t jlen = 0;
    for (int i = 0; i < 100; i++) {
        struct pull p = {.format = "csv"};
        code = pull(exporter, "visits", "", cursor, 7777, &p);
        if (code != ZHUCUN__CODE__OK)
            fail_msg("part %d: code %d: %s", i, code, p.message);
        assert_true(p.rows <= 7777);
        joined = realloc(joined, jlen + p.len + 1);
        if (p.len > 0)
            memcpy(joined + jlen, p.data, p.len);
        jlen += p.len;
        snprintf(cursor, sizeof(cursor), "%s", p.cursor);
        int complete = p.complete;
        free(p.data);
        if (complete)
            break;
    }
    assert_int_equal(jlen, whole.len);
    assert_memory_equal(joined, whole.data, jlen);
    free(joined);
    free(whole.data);
}

/* Every kind the COPY path serves gives the bytes the row path gives (a second server, run
 * with ZHUCUN_TEST_EXPORT_ROWS=1, takes the row path for every pull), first pulls and the next
 * ones, with an update and a delete between. */
static void test_copy_equals_rows(void **state)
{
    (void)state;
    static const char *const kinds[] = {
        "org_units",      "units",        "teams",          "memberships",
        "visits",         "ledger_items", "checkins",       "official_business",
        "leave_requests", "approvals",    "approval_steps", "recall_requests",
        "audit",          "income_sums",  "income_plans",   "ledger_updates",
    };
    setenv("ZHUCUN_TEST_EXPORT_ROWS", "1", 1);
    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    unsetenv("ZHUCUN_TEST_EXPORT_ROWS");
    struct zc_client *rows = zt_login(&twin, "exporter", PW, NULL);
    char cursors[2][sizeof(kinds) / sizeof(*kinds)][512];
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
            const char *since = round == 0 ? "" : cursors[0][k];
            struct pull a = {.format = "csv"}, b = {.format = "csv"};
            assert_int_equal(pull(exporter, kinds[k], "", since, 0, &a), ZHUCUN__CODE__OK);
            assert_int_equal(pull(rows, kinds[k], "", since, 0, &b), ZHUCUN__CODE__OK);
            if (a.len != b.len || (a.len > 0 && memcmp(a.data, b.data, a.len) != 0))
                fail_msg("%s (round %d): COPY gave %zu bytes, rows %zu", kinds[k], round, a.len,
                         b.len);
            assert_int_equal(a.rows, b.rows);
            snprintf(cursors[round][k], sizeof(cursors[round][k]), "%s", a.cursor);
            free(a.data);
            free(b.data);
        }
        if (round == 0) {
            PGconn *pg = zt_pg_admin(&srv);
            exec(pg, "UPDATE visits SET notes = notes || '（补记）' WHERE id IN (SELECT min(id)"
                     " FROM visits UNION SELECT max(id) FROM visits)");
            exec(pg, "INSERT INTO teams (kind, org_code, name) VALUES ('village', '" VILLAGE
                     "', '导出测试队') ON CONFLICT DO NOTHING");
            exec(pg, "DELETE FROM visits WHERE id = (SELECT max(id) FROM visits)");
            PQfinish(pg);
        }
    }
    zc_close(rows);
    assert_int_equal(zt_server_stop(&twin, 10000), 0);
}

/* A slow reader: the server stops reading the database while the client's backlog is over
 * the write queue limit, so what it holds for the pull stays bounded (the log line's
 * peak_queue; the limit is 512 KiB here, a part 256 KiB) whatever the export's size; a client
 * that stops reading for longer than a second has its statement ended, and the pull goes on
 * from the last row it was sent on a new connection. The rows are those of a fast pull. */
static void test_slow_reader(void **state)
{
    (void)state;
    struct pull fast = {.format = "csv"};
    assert_int_equal(pull(exporter, "visits", "", "", 0, &fast), ZHUCUN__CODE__OK);
    char line[2048];
    struct pull slow = {.format = "csv", .slow_ms = 3, .stall_part = 20, .stall_ms = 1800};
    assert_int_equal(pull(exporter, "visits", "", "", 0, &slow), ZHUCUN__CODE__OK);
    assert_int_equal(slow.len, fast.len);
    assert_memory_equal(slow.data, fast.data, fast.len);
    export_end(&slow, line, sizeof(line));
    printf("slow reader: %s", line);
    assert_true(field_of(line, "pauses=") > 0);
    assert_true(field_of(line, "cuts=") > 0);
    /* the queue limit plus a part and the TLS records' overhead: not the 36 MB exported */
    assert_true(field_of(line, "peak_queue=") <= 512 * 1024 + 300 * 1024);
    assert_true(field_of(line, "buffer=") <= 1024 * 1024);
    /* A reader slower than the database but never stalled: the pull pauses again and again,
     * and each pause goes on when the client has read half the queue (the connection's room
     * callback, conn_on_room), never ending the statement after the second's limit. */
    struct pull steady = {.format = "csv", .slow_ms = 40}; /* 6.5 MB/s: slower than any database */
    assert_int_equal(pull(exporter, "visits", "", "", 0, &steady), ZHUCUN__CODE__OK);
    assert_int_equal(steady.len, fast.len);
    assert_memory_equal(steady.data, fast.data, fast.len);
    export_end(&steady, line, sizeof(line));
    printf("steady slow reader: %s", line);
    assert_true(field_of(line, "pauses=") >= 1);
    assert_int_equal(field_of(line, "cuts="), 0);
    free(fast.data);
    free(slow.data);
    free(steady.data);
}

/* The export's own connection lost in the middle of a pull: the pull fails with a clear error,
 * and the same pull run again gives every row. */
static void terminate_export_backends(void)
{
    long long n = 0;
    for (int i = 0; i < 100 && n == 0; i++) {
        /* this test's database only: the suite runs other servers on the cluster */
        n = count_sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      " WHERE application_name = 'zhucun-server export'"
                      " AND datname = current_database()");
        if (n == 0)
            zt_sleep_ms(10);
    }
    assert_true(n > 0);
}

static void test_copy_connection_lost(void **state)
{
    (void)state;
    struct pull lost = {.format = "csv", .after_first = terminate_export_backends};
    assert_int_equal(pull(exporter, "visits", "", "", 0, &lost), ZHUCUN__CODE__UNAVAILABLE);
    assert_non_null(strstr(lost.message, "数据库连接中断"));
    free(lost.data);
    struct pull again = {.format = "csv"};
    assert_int_equal(pull(exporter, "visits", "", "", 0, &again), ZHUCUN__CODE__OK);
    assert_true(again.complete);
    assert_int_equal(again.rows, count_sql("SELECT count(*) FROM visits"));
    free(again.data);
}

/* No connection of its own to be had (the database's connection limit reached): the pull goes
 * on through the pool, the rows path, and gives the same bytes. */
static void test_copy_unavailable_falls_back(void **state)
{
    (void)state;
    struct pull copy = {.format = "csv"};
    assert_int_equal(pull(exporter, "visits", "", "", 0, &copy), ZHUCUN__CODE__OK);
    PGconn *pg = zt_pg_admin(&srv);
    /* no new connection to the database but a superuser's: the server's pool keeps those it
     * has (the limit is read when a connection is made) */
    exec(pg, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I CONNECTION LIMIT 0',"
             " current_database()); END $$");
    char line[2048];
    struct pull rows = {.format = "csv"};
    Zhucun__Code code = pull(exporter, "visits", "", "", 0, &rows);
    exec(pg, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I CONNECTION LIMIT -1',"
             " current_database()); END $$");
    PQfinish(pg);
    if (code != ZHUCUN__CODE__OK)
        fail_msg("code %d: %s", code, rows.message);
    export_end(&rows, line, sizeof(line));
    assert_non_null(strstr(line, "path=rows"));
    assert_int_equal(rows.len, copy.len);
    assert_memory_equal(rows.data, copy.data, copy.len);
    free(copy.data);
    free(rows.data);
}

static int lines_of(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof(line), f) != NULL)
        n += needle == NULL || strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

/* The CLI: a run, then a killed run's partial tail in the output, then a run: the file holds
 * the header once and every row once. */
static void test_cli_state_file(void **state)
{
    (void)state;
    char dir[600], cmd[4096], out[8192];
    snprintf(dir, sizeof(dir), "%s/export-cli", srv.dir);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s && rm -f %s/*", dir, dir);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    char base[1400];
    snprintf(base, sizeof(base), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/session",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), dir);
    snprintf(cmd, sizeof(cmd), "%s login exporter --password-stdin", base);
    assert_int_equal(zt_run(cmd, PW "\n", out, sizeof(out)), 0);
    snprintf(cmd, sizeof(cmd), "%s export households --state %s/state --out %s/h.csv", base, dir,
             dir);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    char path[700];
    snprintf(path, sizeof(path), "%s/h.csv", dir);
    long long rows = count_sql("SELECT count(*) FROM households");
    assert_int_equal(lines_of(path, NULL), rows + 1);
    /* a killed run: rows appended after the recorded length, state untouched */
    FILE *f = fopen(path, "a");
    fputs("upsert,\"999999\",\"partial", f);
    fclose(f);
    PGconn *pg = zt_pg_admin(&srv);
    add_households(pg, VILLAGE, 5);
    PQfinish(pg);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(lines_of(path, NULL), rows + 5 + 1);
    assert_int_equal(lines_of(path, "partial"), 0);
    assert_int_equal(lines_of(path, "op,id,"), 1);
    /* and again: nothing new, nothing added */
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(lines_of(path, NULL), rows + 5 + 1);
    /* a shortened output cannot be trusted: refused, state untouched */
    snprintf(cmd, sizeof(cmd),
             ": > %s/h.csv && %s export households --state %s/state --out %s/h.csv", dir, base, dir,
             dir);
    assert_int_not_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
}

/* An exporter logs in with its client certificate instead of a password; a certificate bound
 * to another account, a connection without one, or one signed by a foreign CA, is refused. */
static void test_certificate_login(void **state)
{
    (void)state;
    char cmd[1400], out[4096];
    snprintf(cmd, sizeof(cmd), "%s cert-bind --config %s exporter /CN=exporter 2>&1", ZT_SERVER_BIN,
             srv.config);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    snprintf(cmd, sizeof(cmd), "%s cert-bind --config %s xiaodian /CN=exporter 2>&1", ZT_SERVER_BIN,
             srv.config);
    assert_int_not_equal(zt_run(cmd, NULL, out, sizeof(out)), 0); /* not an exporter */
    assert_int_equal(zt_useradd(&srv, "exporter2", PW, "exporter", "140000000000", 0), 0);

    const char *dir = getenv("ZC_TEST_CERTS");
    char cert[600], key[600];
    snprintf(cert, sizeof(cert), "%s/client.crt", dir);
    snprintf(key, sizeof(key), "%s/client.key", dir);
    struct zc_options o;
    zt_options(&srv, &o);
    o.cert = cert;
    o.key = key;
    struct zc_client *c = NULL;
    struct zc_error err;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_login(c, "exporter", "", &reply, &err), 0);
    zc_reply_free(reply);
    struct pull p = {0};
    assert_int_equal(pull(c, "teams", "", "", 0, &p), ZHUCUN__CODE__OK);
    free(p.data);
    zc_close(c);
    /* the same certificate for an account it is not bound to */
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    reply = NULL;
    assert_int_not_equal(zc_login(c, "exporter2", "", &reply, &err), 0);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAUTHENTICATED);
    zc_reply_free(reply);
    zc_close(c);
    /* no certificate: a password is needed */
    c = zt_connect(&srv, NULL);
    reply = NULL;
    assert_int_not_equal(zc_login(c, "exporter", "", &reply, &err), 0);
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    zc_reply_free(reply);
    zc_close(c);
    /* signed by another CA: no connection at all */
    snprintf(cert, sizeof(cert), "%s/rogue-client.crt", dir);
    snprintf(key, sizeof(key), "%s/rogue-client.key", dir);
    c = NULL;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_null(c);
}

/* zc_export_kind (0045), the one way a later domain makes a table an export kind: a row
 * inserted is in the keyset function's first pull, a row updated comes again after the pull's
 * snapshot and nothing else does, a row deleted leaves its tombstone under the table's name
 * and place. */
static void test_export_kind_procedure(void **state)
{
    (void)state;
    free(zt_sql(&srv, "CREATE TABLE probe_kind_rows (id bigint PRIMARY KEY,"
                      " village_code text NOT NULL, note text);"
                      "CALL zc_export_kind('probe_kind_rows');"
                      "INSERT INTO probe_kind_rows VALUES (1, '140105001001', 'a'),"
                      " (2, '140105001001', 'b'), (3, '140106001001', 'c');"
                      "SELECT 1"));
    const char *all = "SELECT count(*) FROM zc_export_probe_kind_rows('140105', '140106', NULL,"
                      " pg_current_snapshot(), '0'::xid8, 0, 100)";
    assert_int_equal(count_sql(all), 2); /* 140105's: the chunk's bounds are the place */
    free(zt_sql(&srv, "CREATE TABLE probe_kind_snap AS SELECT pg_current_snapshot() AS s;"
                      "UPDATE probe_kind_rows SET note = 'a2' WHERE id = 1;"
                      "DELETE FROM probe_kind_rows WHERE id = 2; SELECT 1"));
    assert_int_equal(count_sql("SELECT count(*) FROM zc_export_probe_kind_rows('140105',"
                               " '140106', (SELECT s FROM probe_kind_snap),"
                               " pg_current_snapshot(), '0'::xid8, 0, 100) WHERE id = 1"),
                     1);
    assert_int_equal(count_sql("SELECT count(*) FROM zc_export_probe_kind_rows('140105',"
                               " '140106', (SELECT s FROM probe_kind_snap),"
                               " pg_current_snapshot(), '0'::xid8, 0, 100)"),
                     1);
    assert_int_equal(count_sql("SELECT count(*) FROM export_tombstones WHERE kind ="
                               " 'probe_kind_rows' AND key = '2' AND scope_code = '140105001001'"),
                     1);
    free(zt_sql(&srv, "DROP FUNCTION zc_export_probe_kind_rows;"
                      "DROP TABLE probe_kind_rows, probe_kind_snap; SELECT 1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_then_incremental),
        cmocka_unit_test(test_income_kinds_incremental),
        cmocka_unit_test(test_late_commit),
        cmocka_unit_test(test_concurrent_writers_and_pulls),
        cmocka_unit_test(test_limit_resumes),
        cmocka_unit_test(test_copy_path),
        cmocka_unit_test(test_copy_equals_rows),
        cmocka_unit_test(test_slow_reader),
        cmocka_unit_test(test_copy_connection_lost),
        cmocka_unit_test(test_copy_unavailable_falls_back),
        cmocka_unit_test(test_scope_and_roles),
        cmocka_unit_test(test_cli_state_file),
        cmocka_unit_test(test_certificate_login),
        cmocka_unit_test(test_export_kind_procedure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
