/* test_audit.c -- verifying the hash-chained audit trail (SPEC X2): AuditVerify over the
 * protocol, `zhucun audit verify` and `zhucun-server audit-verify`: an intact chain, --from,
 * resuming in small batches, a row changed and a row deleted behind the server's back (by
 * the database superuser), and who may ask. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    assert_int_equal(cli("audit verify --batch 2", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "审计链完整"));
    assert_int_equal(cli("--json audit verify --batch 4", out, sizeof(out)), 0);
    char want[64];
    snprintf(want, sizeof(want), "\"checked\":%lld,", rows);
    assert_non_null(strstr(out, "\"ok\":true"));
    assert_non_null(strstr(out, want));
    assert_int_equal(admin("", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "audit trail intact"));
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
        cmocka_unit_test(test_deleted_row_is_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
