/* test_audit.c -- the hash-chained audit trail (SPEC X2): AuditVerify over the protocol,
 * `zhucun audit verify` and `zhucun-server audit-verify`: an intact chain, --from, resuming in
 * small batches, rows changed, reordered, unsealed, cut off the end and deleted behind the
 * server's back (by the database superuser), and who may ask; and its sealing (0035,
 * docs/audit.md): writers append unsealed and the servers' sealers chain the rows in seq order,
 * claiming the numbers of writes that rolled back as gap rows, with nothing lost when writers and
 * servers are killed between append and seal, and nothing missing or out of order under eight
 * writers at once. */
#include "harness.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PW "correct horse battery"
#define VA "140105001001"

static struct zt_server srv;
static struct zc_client *office, *cadre;
static char base[1400]; /* "zhucun --server ... --ca ... --session ..." */

static const char *tree = "code,name,level\n"
                          "140100000000,太原市,city\n"
                          "140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n"
                          "140105001001,测试一村,village\n";

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "audit", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    office = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(office, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    int64_t team = zt_team(office, "village", VA, "一村工作队");
    int64_t person;
    cadre = zt_cadre(&srv, office, team, "cadre-a", VA, "cadre", "member", 0, PW, &person);
    char session[700];
    snprintf(session, sizeof(session), "%s/session", srv.dir);
    snprintf(base, sizeof(base), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s", ZT_CLI_BIN,
             srv.port, getenv("ZC_TEST_CERTS"), session);
    char cmd[1600], out[1024];
    snprintf(cmd, sizeof(cmd), "%s login xiaodian --password-stdin", base);
    assert_int_equal(zt_run(cmd, PW "\n", out, sizeof(out)), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(office);
    zc_close(cadre);
    zt_server_finish(&srv);
    return 0;
}

/* One AuditVerify call; returns the status, the reply in *out when OK. */
static Zhucun__Code verify(struct zc_client *c, int64_t after_seq, const char *after_hash,
                           const char *from, uint64_t limit, Zhucun__Reply **out)
{
    Zhucun__AuditVerify av = ZHUCUN__AUDIT_VERIFY__INIT;
    av.after_seq = after_seq;
    av.after_hash = (char *)(after_hash ? after_hash : "");
    av.from = (char *)(from ? from : "");
    av.limit = limit;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_AUDIT_VERIFY;
    req.audit_verify = &av;
    return zt_call(c, &req, out);
}

static long long sql_num(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

/* The sealer's lock (0035): held by a test, no server seals. */
#define SEAL_LOCK "724300002"

/* Rows committed but not sealed yet (zc_audit_lag). */
static long long unsealed(void)
{
    return sql_num("SELECT unsealed FROM zc_audit_lag()");
}

/* Waits up to timeout_ms for the servers' sealers to leave nothing unsealed. */
static void wait_sealed(int timeout_ms)
{
    long long deadline = zt_now_ms() + timeout_ms;
    while (unsealed() != 0) {
        if (zt_now_ms() > deadline)
            fail_msg("%lld audit rows still unsealed after %d ms", unsealed(), timeout_ms);
        zt_sleep_ms(50);
    }
}

/* Runs sql on pg; fails the test unless it succeeds; returns the first value as a number. */
static long long pg_num(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
        fail_msg("SQL failed (%s): %s", sql, PQresultErrorMessage(res));
    long long n = st == PGRES_TUPLES_OK && PQntuples(res) > 0 ? atoll(PQgetvalue(res, 0, 0)) : 0;
    PQclear(res);
    return n;
}

/* Runs the CLI (stderr dropped) or the admin subcommand; returns the exit status. */
static int cli(const char *args, char *out, size_t cap)
{
    char cmd[2000];
    snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", base, args);
    return zt_run(cmd, NULL, out, cap);
}

static int admin(const char *args, char *out, size_t cap)
{
    char cmd[2000];
    snprintf(cmd, sizeof(cmd), "%s audit-verify --config %s %s 2>/dev/null", ZT_SERVER_BIN,
             srv.config, args);
    return zt_run(cmd, NULL, out, cap);
}

/* seq's time as RFC 3339 (UTC, microseconds), for --from. */
static void at_of(long long seq, char *buf, size_t cap)
{
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
             " FROM audit WHERE seq = %lld",
             seq);
    char *v = zt_sql(&srv, sql);
    snprintf(buf, cap, "%s", v);
    free(v);
}

static void test_intact_chain_verifies(void **state)
{
    (void)state;
    long long rows = sql_num("SELECT count(*) FROM audit");
    long long last = sql_num("SELECT max(seq) FROM audit");
    assert_true(rows > 8); /* user.add, login, org.import, team, person, ... */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_int_equal(v->checked, rows);
    assert_true(v->done);
    assert_false(v->broken);
    assert_false(v->trusted_start);
    assert_int_equal(v->last_seq, last);
    char *hash = zt_sql(&srv, "SELECT encode(hash, 'hex') FROM audit ORDER BY seq DESC LIMIT 1");
    assert_string_equal(v->last_hash, hash);
    free(hash);
    /* The walk sealed what had committed first: nothing lags. */
    assert_int_equal(v->unsealed, 0);
    assert_string_equal(v->unsealed_oldest_at, "");
    zc_reply_free(reply);

    /* In batches of 3: each call resumes where the last stopped, and they add up. */
    uint64_t total = 0;
    int64_t after = 0;
    char after_hash[65] = "";
    int calls = 0;
    for (;;) {
        assert_int_equal(verify(office, after, after_hash, NULL, 3, &reply), ZHUCUN__CODE__OK);
        v = reply->audit_verify;
        assert_false(v->broken);
        assert_true(v->checked <= 3);
        total += v->checked;
        calls++;
        int done = v->done;
        if (v->last_seq) {
            after = v->last_seq;
            snprintf(after_hash, sizeof(after_hash), "%s", v->last_hash);
        }
        zc_reply_free(reply);
        if (done)
            break;
    }
    assert_int_equal(total, rows);
    assert_true(calls >= rows / 3);

    /* The command line, the same in batches, as JSON, and the admin subcommand. */
    char out[4096];
    assert_int_equal(cli("audit verify", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "审计链完整"));
    assert_non_null(strstr(out, "封存：已提交的记录均已封存"));
    assert_int_equal(cli("audit verify --batch 2", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "审计链完整"));
    assert_int_equal(cli("--json audit verify --batch 4", out, sizeof(out)), 0);
    char want[64];
    snprintf(want, sizeof(want), "\"checked\":%lld,", rows);
    assert_non_null(strstr(out, "\"ok\":true"));
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "\"unsealed\":0,"));
    assert_int_equal(admin("", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "audit trail intact"));
    assert_non_null(strstr(out, "sealing is up to date"));
    snprintf(want, sizeof(want), "%lld rows checked", rows);
    assert_non_null(strstr(out, want));
}

static void test_from_starts_at_a_time(void **state)
{
    (void)state;
    long long rows = sql_num("SELECT count(*) FROM audit");
    long long start = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 5 LIMIT 1");
    char at[64];
    at_of(start, at, sizeof(at));
    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, at, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_true(v->trusted_start);
    assert_int_equal(v->first_seq, start);
    assert_int_equal(v->checked, rows - 5);
    assert_true(v->done);
    assert_false(v->broken);
    zc_reply_free(reply);
    /* Later than everything: nothing to check, and that is fine. */
    assert_int_equal(verify(office, 0, NULL, "2999-01-01", 0, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->audit_verify->checked, 0);
    assert_true(reply->audit_verify->done);
    zc_reply_free(reply);

    char args[200], out[4096];
    snprintf(args, sizeof(args), "audit verify --from %s", at);
    assert_int_equal(cli(args, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "视为可信"));
    snprintf(args, sizeof(args), "--from %s", at);
    assert_int_equal(admin(args, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "trusted, not checked"));
    assert_int_equal(admin("--from yesterday", out, sizeof(out)), 6);
    assert_int_equal(cli("audit verify --from yesterday", out, sizeof(out)), 6);
}

static void test_refused(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(cadre, 0, NULL, NULL, 0, NULL), ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(verify(office, 0, NULL, "2026-13-01", 0, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "from");
    zc_reply_free(reply);
    assert_int_equal(verify(office, 3, "abc", NULL, 0, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "after_hash");
    zc_reply_free(reply);
    assert_int_equal(verify(office, 999999, NULL, NULL, 0, &reply), ZHUCUN__CODE__NOT_FOUND);
    zc_reply_free(reply);
}

static void test_changed_row_is_named(void **state)
{
    (void)state;
    long long k = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 3 LIMIT 1");
    char sql[300];
    snprintf(sql, sizeof(sql), "SELECT detail::text FROM audit WHERE seq = %lld", k);
    char *detail = zt_sql(&srv, sql);
    char *action = zt_sql(&srv, "SELECT action FROM audit ORDER BY seq OFFSET 3 LIMIT 1");
    snprintf(sql, sizeof(sql),
             "SET session_replication_role = replica;"
             " UPDATE audit SET detail = '{\"forged\": true}' WHERE seq = %lld",
             k);
    free(zt_sql(&srv, sql));

    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_true(v->broken);
    assert_int_equal(v->bad_seq, k);
    assert_string_equal(v->problem, "hash");
    assert_string_equal(v->bad_action, action);
    assert_int_equal(v->checked, 3);
    zc_reply_free(reply);

    char out[4096], want[64];
    snprintf(want, sizeof(want), "seq %lld", k);
    assert_int_equal(cli("audit verify --batch 2", out, sizeof(out)), 7);
    assert_non_null(strstr(out, "审计链断裂"));
    assert_non_null(strstr(out, want));
    assert_int_equal(cli("--json audit verify", out, sizeof(out)), 7);
    assert_non_null(strstr(out, "\"problem\":\"hash\""));
    assert_int_equal(admin("", out, sizeof(out)), 7);
    snprintf(want, sizeof(want), "BROKEN at seq %lld", k);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "the row was changed"));
    /* Starting after the damage trusts the row it starts at and finds the rest intact. */
    char at[64], args[200];
    at_of(sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 4 LIMIT 1"), at, sizeof(at));
    snprintf(args, sizeof(args), "--from %s", at);
    assert_int_equal(admin(args, out, sizeof(out)), 0);

    /* Put it back: the chain is whole again. */
    char *restore = NULL;
    size_t n = strlen(detail) * 2 + 200;
    restore = malloc(n);
    snprintf(restore, n,
             "SET session_replication_role = replica;"
             " UPDATE audit SET detail = $x$%s$x$::jsonb WHERE seq = %lld",
             detail, k);
    free(zt_sql(&srv, restore));
    free(restore);
    free(detail);
    free(action);
    assert_int_equal(admin("", out, sizeof(out)), 0);
}

/* Two sealed rows trading places, and a sealed row whose hashes were removed, are named. */
static void test_reordered_and_unsealed_rows_are_named(void **state)
{
    (void)state;
    long long a = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 2 LIMIT 1");
    long long b = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 4 LIMIT 1");
    char swap[600], out[4096], want[80];
    /* Each keeps its content and hashes; they only change places (seq). */
    snprintf(swap, sizeof(swap),
             "SET session_replication_role = replica;"
             " UPDATE audit SET seq = -1 WHERE seq = %lld;"
             " UPDATE audit SET seq = %lld WHERE seq = %lld;"
             " UPDATE audit SET seq = %lld WHERE seq = -1",
             a, a, b, b);
    free(zt_sql(&srv, swap));
    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_true(v->broken);
    assert_int_equal(v->bad_seq, a); /* what stands at a now links to another row */
    assert_string_equal(v->problem, "prev_hash");
    assert_int_equal(v->checked, 2);
    zc_reply_free(reply);
    assert_int_equal(admin("", out, sizeof(out)), 7);
    snprintf(want, sizeof(want), "BROKEN at seq %lld", a);
    assert_non_null(strstr(out, want));
    free(zt_sql(&srv, swap)); /* back in their places */
    assert_int_equal(admin("", out, sizeof(out)), 0);

    /* A sealed row made to look unsealed, with sealed rows after it. */
    long long c = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 3 LIMIT 1");
    char sql[400];
    snprintf(sql, sizeof(sql),
             "SELECT encode(prev_hash, 'hex') || ':' || encode(hash, 'hex') FROM audit"
             " WHERE seq = %lld",
             c);
    char *hashes = zt_sql(&srv, sql);
    assert_int_equal(strlen(hashes), 129);
    hashes[64] = '\0';
    snprintf(sql, sizeof(sql),
             "SET session_replication_role = replica;"
             " UPDATE audit SET prev_hash = NULL, hash = NULL WHERE seq = %lld",
             c);
    free(zt_sql(&srv, sql));
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    v = reply->audit_verify;
    assert_true(v->broken);
    assert_int_equal(v->bad_seq, c);
    assert_string_equal(v->problem, "unsealed");
    assert_int_equal(v->checked, 3);
    zc_reply_free(reply);
    assert_int_equal(cli("audit verify", out, sizeof(out)), 7);
    assert_non_null(strstr(out, "该行的封存被删除"));
    assert_int_equal(admin("", out, sizeof(out)), 7);
    assert_non_null(strstr(out, "its seal was removed"));
    snprintf(sql, sizeof(sql),
             "SET session_replication_role = replica;"
             " UPDATE audit SET prev_hash = decode('%s', 'hex'), hash = decode('%s', 'hex')"
             " WHERE seq = %lld",
             hashes, hashes + 65, c);
    free(zt_sql(&srv, sql));
    free(hashes);
    assert_int_equal(admin("", out, sizeof(out)), 0);
}

/* A write that rolls back leaves its number unused: the sealer passes it by sealing a gap row
 * in its place, as it does for a number taken and never written; a writer whose number is
 * taken already takes the next. Every number up to the head is a row. */
static void test_rolled_back_appends_leave_gap_rows(void **state)
{
    (void)state;
    PGconn *app = zt_pg_app(&srv);
    long long first = pg_num(app, "SELECT min(seq) FROM audit");
    long long kept =
        pg_num(app, "SELECT zc_audit_append(NULL, 'test', '', 'test.kept', 'k:1', '{}')");
    pg_num(app, "BEGIN");
    long long r1 =
        pg_num(app, "SELECT zc_audit_append(NULL, 'test', '', 'test.rolled_back', 'r:1', '{}')");
    long long r2 =
        pg_num(app, "SELECT zc_audit_append(NULL, 'test', '', 'test.rolled_back', 'r:2', '{}')");
    pg_num(app, "ROLLBACK");
    long long unused = pg_num(app, "SELECT nextval('audit_seq')");
    long long kept2 =
        pg_num(app, "SELECT zc_audit_append(NULL, 'test', '', 'test.kept', 'k:2', '{}')");
    assert_true(kept < r1 && r1 < r2 && r2 < unused && unused < kept2);
    /* The sequence set back onto a number in use: the append goes past it. */
    char sql[300];
    snprintf(sql, sizeof(sql), "SELECT setval('audit_seq', %lld)", kept2 - 1);
    free(zt_sql(&srv, sql));
    long long kept3 =
        pg_num(app, "SELECT zc_audit_append(NULL, 'test', '', 'test.kept', 'k:3', '{}')");
    assert_int_equal(kept3, kept2 + 1);
    PQfinish(app);

    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_false(v->broken);
    assert_true(v->done);
    assert_int_equal(v->checked, sql_num("SELECT count(*) FROM audit"));
    assert_int_equal(v->last_seq, kept3);
    assert_int_equal(v->unsealed, 0);
    zc_reply_free(reply);
    long long gaps[] = {r1, r2, unused};
    for (size_t i = 0; i < 3; i++) {
        snprintf(sql, sizeof(sql),
                 "SELECT action || ' ' || object || ' ' || (hash IS NOT NULL) FROM audit"
                 " WHERE seq = %lld",
                 gaps[i]);
        char *row = zt_sql(&srv, sql);
        char want[80];
        snprintf(want, sizeof(want), "audit.gap seq:%lld true", gaps[i]);
        assert_string_equal(row, want);
        free(row);
    }
    assert_int_equal(sql_num("SELECT count(*) FROM audit WHERE action = 'test.rolled_back'"), 0);
    assert_int_equal(sql_num("SELECT count(*) FROM audit WHERE action = 'test.kept'"
                             " AND hash IS NOT NULL"),
                     3);
    /* Gapless: every number from the first row to the head. */
    assert_int_equal(sql_num("SELECT count(*) FROM audit"), kept3 - first + 1);
}

/* In a child process: appends n rows, each in a transaction of its own, then one more in a
 * transaction left open, writes that row's seq to fd and waits to be killed. */
static void append_and_hang(int fd, int n)
{
    char ci[600];
    snprintf(ci, sizeof(ci), "host=%s port=%s user=zhucun_app dbname=%s", getenv("ZC_TEST_PGHOST"),
             getenv("ZC_TEST_PGPORT"), srv.dbname);
    PGconn *pg = PQconnectdb(ci);
    if (PQstatus(pg) != CONNECTION_OK)
        _exit(1);
    char sql[200];
    for (int i = 0; i < n; i++) {
        snprintf(sql, sizeof(sql),
                 "SELECT zc_audit_append(NULL, 'killed', '', 'test.killed', 'row:%d', '{}')", i);
        PGresult *res = PQexec(pg, sql);
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            _exit(1);
        PQclear(res);
    }
    PQclear(PQexec(pg, "BEGIN"));
    PGresult *res =
        PQexec(pg, "SELECT zc_audit_append(NULL, 'killed', '', 'test.open', 'open', '{}')");
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        _exit(1);
    long long seq = atoll(PQgetvalue(res, 0, 0));
    if (write(fd, &seq, sizeof(seq)) != (ssize_t)sizeof(seq))
        _exit(1);
    for (;;)
        pause();
}

/* kill -9 between append and seal: a writer killed with rows committed and one in flight, and
 * a server killed with the rows its requests appended, none sealed (the test holds the
 * sealer's lock). Once the lock is free, a later sealer seals every committed row, the one in
 * flight becomes a gap row, the chain verifies and the export, which takes sealed rows only,
 * gets each sealed row once. */
static void test_killed_between_append_and_seal(void **state)
{
    (void)state;
    enum { N = 40 };
    wait_sealed(10000);
    PGconn *lock = zt_pg_admin(&srv);
    pg_num(lock, "SELECT pg_advisory_lock(" SEAL_LOCK ")");
    long long sealed_before = sql_num("SELECT count(*) FROM audit");
    char *s1 = zt_sql(&srv, "SELECT pg_current_snapshot()::text");

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(fds[0]);
        append_and_hang(fds[1], N);
    }
    close(fds[1]);
    long long open_seq = 0;
    assert_int_equal(read(fds[0], &open_seq, sizeof(open_seq)), sizeof(open_seq));
    close(fds[0]);
    assert_int_equal(kill(child, SIGKILL), 0);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);

    /* Another server of the deployment: a login and a unit made through it, then kill -9. */
    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    struct zc_client *t = zt_login(&twin, "prov", PW, NULL);
    zt_unit(t, "小店区被杀服务器局", "county", "140105000000");
    zc_close(t);
    assert_int_equal(kill(twin.pid, SIGKILL), 0);
    assert_int_equal(zt_server_wait(&twin, 10000), 128 + SIGKILL);

    long long waiting = unsealed();
    assert_true(waiting >= N + 2);
    assert_int_equal(sql_num("SELECT count(*) FROM audit WHERE hash IS NULL AND action IN"
                             " ('test.killed', 'login', 'unit.create')"),
                     N + 2);
    /* The lag, said by a resumed walk (which only reads), the CLI and the admin command (whose
     * seal finds the lock held and gives up after 2 s). */
    int64_t head = sql_num("SELECT head_seq FROM audit_seal_state");
    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, head, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    assert_true(reply->audit_verify->done);
    assert_int_equal(reply->audit_verify->checked, 0);
    assert_int_equal(reply->audit_verify->unsealed, waiting);
    assert_true(reply->audit_verify->unsealed_age_ms > 0);
    assert_true(reply->audit_verify->unsealed_oldest_at[0] != '\0');
    zc_reply_free(reply);
    char out[4096], want[120];
    assert_int_equal(cli("audit verify", out, sizeof(out)), 0);
    snprintf(want, sizeof(want), "封存滞后：%lld 行尚未封存", waiting);
    assert_non_null(strstr(out, want));
    assert_int_equal(admin("", out, sizeof(out)), 0);
    snprintf(want, sizeof(want), "sealing lags: %lld rows not sealed yet", waiting);
    assert_non_null(strstr(out, want));
    /* Exported: only what was sealed. */
    char sql[1200];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM zc_export_audit('0', '9', NULL, '%s', '0', 0, 100000000)", s1);
    assert_int_equal(sql_num(sql), sealed_before);

    /* The lock let go: the server's sealer (or audit-seal, whichever comes first) seals. */
    PQfinish(lock);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "%s audit-seal --config %s 2>/dev/null", ZT_SERVER_BIN, srv.config);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "sealed "));
    wait_sealed(10000);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "sealing is up to date"));

    snprintf(sql, sizeof(sql), "SELECT action FROM audit WHERE seq = %lld", open_seq);
    char *action = zt_sql(&srv, sql);
    assert_string_equal(action, "audit.gap");
    free(action);
    assert_int_equal(sql_num("SELECT count(*) FROM audit WHERE hash IS NOT NULL AND action IN"
                             " ('test.killed', 'login', 'unit.create')"),
                     sql_num("SELECT count(*) FROM audit WHERE action IN"
                             " ('test.killed', 'login', 'unit.create')"));
    long long rows = sql_num("SELECT count(*) FROM audit");
    assert_int_equal(rows, sql_num("SELECT max(seq) - min(seq) + 1 FROM audit"));
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    assert_false(reply->audit_verify->broken);
    assert_int_equal(reply->audit_verify->checked, rows);
    zc_reply_free(reply);
    /* The next pull takes each row sealed since, once. */
    snprintf(sql, sizeof(sql),
             "SELECT count(*) - count(DISTINCT seq) + (count(*) FILTER (WHERE hash IS NULL))"
             " * 1000000 + count(*) * 1000 FROM zc_export_audit('0', '9', '%s',"
             " pg_current_snapshot(), '0', 0, 100000000)",
             s1);
    assert_int_equal(sql_num(sql), (rows - sealed_before) * 1000);
    free(s1);
}

/* What each writer of test_concurrent_writers did. */
struct writer {
    PGconn *pg;
    unsigned seed;
    int index;
    long long committed[1200], rolled[1200];
    int ncommitted, nrolled;
    char error[300];
};

static void *write_loop(void *arg)
{
    struct writer *w = arg;
    char sql[200];
    for (int i = 0; i < 150 && w->error[0] == '\0'; i++) {
        int n = 1 + (int)(rand_r(&w->seed) % 3);
        long long seqs[3];
        PQclear(PQexec(w->pg, "BEGIN"));
        for (int k = 0; k < n; k++) {
            snprintf(sql, sizeof(sql),
                     "SELECT zc_audit_append(NULL, 'writer', '', 'test.concurrent', 'w%d:%d:%d',"
                     " '{}')",
                     w->index, i, k);
            PGresult *res = PQexec(w->pg, sql);
            if (PQresultStatus(res) != PGRES_TUPLES_OK)
                snprintf(w->error, sizeof(w->error), "%s", PQresultErrorMessage(res));
            else
                seqs[k] = atoll(PQgetvalue(res, 0, 0));
            PQclear(res);
        }
        /* Commit in an order other than the numbers': a while after the append. */
        usleep((useconds_t)(rand_r(&w->seed) % 2000));
        if (w->error[0] == '\0' && rand_r(&w->seed) % 4 != 0) {
            PQclear(PQexec(w->pg, "COMMIT"));
            for (int k = 0; k < n; k++)
                w->committed[w->ncommitted++] = seqs[k];
        } else {
            PQclear(PQexec(w->pg, "ROLLBACK"));
            for (int k = 0; k < n && w->error[0] == '\0'; k++)
                w->rolled[w->nrolled++] = seqs[k];
        }
    }
    return NULL;
}

static volatile int writers_done;

/* Seals in small rounds while the writers write, beside the server's own sealer. */
static void *seal_loop(void *arg)
{
    PGconn *pg = arg;
    while (!writers_done) {
        PQclear(PQexec(pg, "SELECT * FROM zc_audit_seal(50)"));
        usleep(3000);
    }
    return NULL;
}

/* Eight connections append at once, committing or rolling back at random, while sealers seal:
 * the sealed chain holds every committed row and no other, every number is a row (a write or
 * a gap), and it verifies. */
static void test_concurrent_writers(void **state)
{
    (void)state;
    enum { W = 8 };
    static struct writer ws[W];
    pthread_t t[W], sealer;
    long long before = sql_num("SELECT max(seq) FROM audit");
    PGconn *seal_pg = zt_pg_app(&srv);
    for (int i = 0; i < W; i++) {
        memset(&ws[i], 0, sizeof(ws[i]));
        ws[i].pg = zt_pg_app(&srv);
        ws[i].index = i;
        ws[i].seed = (unsigned)(i * 7919 + 1);
    }
    writers_done = 0;
    pthread_create(&sealer, NULL, seal_loop, seal_pg);
    for (int i = 0; i < W; i++)
        pthread_create(&t[i], NULL, write_loop, &ws[i]);
    int committed = 0, rolled_back = 0;
    char *list = malloc((size_t)W * 1200 * 24 + 16), *rolled = malloc((size_t)W * 1200 * 24 + 16);
    size_t len = 0, rlen = 0;
    for (int i = 0; i < W; i++) {
        pthread_join(t[i], NULL);
        if (ws[i].error[0] != '\0')
            fail_msg("writer %d: %s", i, ws[i].error);
        for (int k = 0; k < ws[i].ncommitted; k++)
            len += (size_t)sprintf(list + len, "%s%lld", len ? "," : "", ws[i].committed[k]);
        for (int k = 0; k < ws[i].nrolled; k++)
            rlen += (size_t)sprintf(rolled + rlen, "%s%lld", rlen ? "," : "", ws[i].rolled[k]);
        committed += ws[i].ncommitted;
        rolled_back += ws[i].nrolled;
        PQfinish(ws[i].pg);
    }
    writers_done = 1;
    pthread_join(sealer, NULL);
    PQfinish(seal_pg);
    assert_true(committed > 0 && rolled_back > 0);

    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_false(v->broken);
    assert_true(v->done);
    assert_int_equal(v->unsealed, 0);
    long long rows = sql_num("SELECT count(*) FROM audit");
    assert_int_equal(v->checked, rows);
    zc_reply_free(reply);
    /* Every committed append is there and sealed, and nothing else of the writers'. */
    char *sql = malloc(len + rlen + 300);
    sprintf(sql,
            "SELECT count(*) FROM audit WHERE seq IN (%s) AND action = 'test.concurrent'"
            " AND hash IS NOT NULL",
            list);
    assert_int_equal(sql_num(sql), committed);
    assert_int_equal(sql_num("SELECT count(*) FROM audit WHERE action = 'test.concurrent'"),
                     committed);
    /* Gapless in seal order: every number after the first is a row. A rolled-back append's
     * number is a gap row, unless it is past the last committed row (nothing to pass yet). */
    long long head = sql_num("SELECT max(seq) FROM audit");
    char q[200];
    snprintf(q, sizeof(q), "SELECT count(*) FROM audit WHERE seq > %lld", before);
    assert_int_equal(sql_num(q), head - before);
    sprintf(sql,
            "SELECT count(*) FILTER (WHERE a.action IS DISTINCT FROM 'audit.gap')"
            " + 1000000 * count(*) FILTER (WHERE r.seq > %lld) FROM unnest('{%s}'::bigint[])"
            " AS r(seq) LEFT JOIN audit a ON a.seq = r.seq AND a.hash IS NOT NULL",
            head, rolled);
    long long past_head = sql_num(sql) / 1000000;
    assert_int_equal(sql_num(sql), past_head * 1000000 + past_head);
    snprintf(q, sizeof(q), "SELECT count(*) FROM audit WHERE seq > %lld AND action = 'audit.gap'",
             before);
    /* and now and then the number a writer gave up to a sealer's claim */
    assert_int_equal(sql_num(q), head - before - committed);
    assert_true(sql_num(q) >= rolled_back - past_head);
    free(sql);
    free(list);
    free(rolled);
}

/* The newest rows cut off the end: the chain ends before the sealer's head, and that is named.
 * The sealer will not go on from a head that is gone: what is appended waits unsealed, and the
 * walk still runs, until the rows are back. */
static void test_cut_tail_is_found(void **state)
{
    (void)state;
    wait_sealed(10000);
    long long head = sql_num("SELECT head_seq FROM audit_seal_state");
    assert_int_equal(head, sql_num("SELECT max(seq) FROM audit"));
    char sql[400], out[4096], want[120];
    snprintf(sql, sizeof(sql),
             "CREATE TABLE audit_cut AS SELECT * FROM audit WHERE seq > %lld;"
             " SET session_replication_role = replica; DELETE FROM audit WHERE seq > %lld",
             head - 2, head - 2);
    free(zt_sql(&srv, sql));
    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_true(v->broken);
    assert_string_equal(v->problem, "head");
    assert_int_equal(v->bad_seq, head);
    assert_int_equal(v->prev_seq, head - 2);
    zc_reply_free(reply);
    assert_int_equal(cli("audit verify", out, sizeof(out)), 7);
    snprintf(want, sizeof(want), "seq %lld 之后的记录已被删除", head - 2);
    assert_non_null(strstr(out, want));
    assert_int_equal(admin("", out, sizeof(out)), 7);
    snprintf(want, sizeof(want), "the rows after seq %lld were removed", head - 2);
    assert_non_null(strstr(out, want));

    PGconn *app = zt_pg_app(&srv);
    pg_num(app, "SELECT zc_audit_append(NULL, 'test', '', 'test.after_cut', 'c:1', '{}')");
    PQfinish(app);
    zt_sleep_ms(500);
    assert_int_equal(unsealed(), 1);
    assert_int_equal(admin("", out, sizeof(out)), 7);

    free(zt_sql(&srv, "SET session_replication_role = replica;"
                      " INSERT INTO audit SELECT * FROM audit_cut; DROP TABLE audit_cut"));
    assert_int_equal(admin("", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "sealing is up to date"));
    assert_int_equal(unsealed(), 0);
}

static void test_deleted_row_is_found(void **state)
{
    (void)state;
    long long d = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 6 LIMIT 1");
    long long before = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 5 LIMIT 1");
    long long next = sql_num("SELECT seq FROM audit ORDER BY seq OFFSET 7 LIMIT 1");
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SET session_replication_role = replica; DELETE FROM audit WHERE seq = %lld", d);
    free(zt_sql(&srv, sql));

    Zhucun__Reply *reply = NULL;
    assert_int_equal(verify(office, 0, NULL, NULL, 4, &reply), ZHUCUN__CODE__OK);
    assert_false(reply->audit_verify->broken); /* the first 4 rows are fine */
    int64_t after = reply->audit_verify->last_seq;
    char hash[65];
    snprintf(hash, sizeof(hash), "%s", reply->audit_verify->last_hash);
    zc_reply_free(reply);
    assert_int_equal(verify(office, after, hash, NULL, 0, &reply), ZHUCUN__CODE__OK);
    const Zhucun__AuditVerifyReply *v = reply->audit_verify;
    assert_true(v->broken);
    assert_int_equal(v->bad_seq, next);
    assert_string_equal(v->problem, "prev_hash");
    assert_int_equal(v->prev_seq, before);
    zc_reply_free(reply);

    char out[4096], want[80];
    assert_int_equal(cli("audit verify", out, sizeof(out)), 7);
    snprintf(want, sizeof(want), "seq %lld", next);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "缺失"));
    assert_int_equal(admin("", out, sizeof(out)), 7);
    snprintf(want, sizeof(want), "BROKEN at seq %lld", next);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "are missing"));

    /* The chain keeps growing from the damage: new writes do not hide it. */
    assert_int_equal(zt_useradd(&srv, "later", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(admin("", out, sizeof(out)), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intact_chain_verifies),
        cmocka_unit_test(test_from_starts_at_a_time),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_changed_row_is_named),
        cmocka_unit_test(test_reordered_and_unsealed_rows_are_named),
        cmocka_unit_test(test_rolled_back_appends_leave_gap_rows),
        cmocka_unit_test(test_killed_between_append_and_seal),
        cmocka_unit_test(test_concurrent_writers),
        cmocka_unit_test(test_cut_tail_is_found),
        cmocka_unit_test(test_deleted_row_is_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
