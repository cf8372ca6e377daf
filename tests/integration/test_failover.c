/* test_failover.c -- the pool follows a PostgreSQL failover (issue 26, docs/database-pool.md):
 * a connection whose server turned read-only (a demoted primary: every write fails with
 * SQLSTATE 25006) is dropped and made again, not kept failing; the write it refused is run
 * again and, when that too fails, answered UNAVAILABLE (not INTERNAL), so the client retries
 * it with the same key and it is applied once. A multi-host DSN with
 * target_session_attrs=read-write skips a host that is down and refuses a read-only one.
 *
 * A read-only server is made per database, without touching the shared cluster: ALTER ROLE
 * zhucun_app IN DATABASE ... SET default_transaction_read_only = on takes effect in the
 * sessions that start after it, so the server's connections are ended once to take it up.
 * Only this test's database and sessions change: it runs beside the others. The whole formation
 * (pg_auto_failover, a killed primary, many clients) is tests/ops/60-failover.sh. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "common/rules/idcard.h"

#define PW "correct horse battery"

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n";

/* HouseholdCreate of a household of the village headed by head (serial makes its ID number),
 * under key. */
static Zhucun__Code household_create(struct zc_client *c, const char *key, const char *head,
                                     int serial, int64_t *id)
{
    char ids[19];
    snprintf(ids, sizeof(ids), "140105198002%02d%03d", serial % 28 + 1, serial);
    ids[17] = rules_idcard_check_char(ids);
    ids[18] = '\0';
    return zt_household_keyed(c, key, "140105001001", "ordinary", "2025-01-01", head, ids, id);
}

/* Makes the database read-only (on) or read-write (off) for the server's role, in sessions
 * started from now on; with end_sessions, ends the server's current ones so that they take it
 * up (the pool reconnects). Runs on admin, a session of its own that stays read-write. */
static void set_read_only(PGconn *admin, const struct zt_server *s, int on, int end_sessions)
{
    char sql[512];
    snprintf(sql, sizeof(sql), "ALTER ROLE zhucun_app IN DATABASE %s %s", s->dbname,
             on ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only");
    PGresult *r = PQexec(admin, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    if (!end_sessions)
        return;
    r = PQexec(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND usename = 'zhucun_app'");
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("ending the server's sessions: %s", PQresultErrorMessage(r));
    PQclear(r);
}

/* The lines of the server's log with text. */
static int log_count(const struct zt_server *s, const char *text)
{
    return zt_log_lines(s->log, text, NULL, NULL);
}

static int log_has(const struct zt_server *s, const char *text)
{
    return log_count(s, text) > 0;
}

/* Whether a line with text reaches the server's log within ms (the server writes its log at
 * 16 KiB or 50 ms: a line may come after the reply). */
static int log_shows(const struct zt_server *s, const char *text, int ms)
{
    long long deadline = zt_now_ms() + ms;
    while (!log_has(s, text) && zt_now_ms() < deadline)
        zt_sleep_ms(50);
    return log_has(s, text);
}

/* A county office on a fresh server started with extra_ini: its client, and the admin
 * session set_read_only runs on. */
static struct zc_client *office_on(struct zt_server *s, const char *name, const char *extra_ini,
                                   PGconn **admin)
{
    zt_server_start(s, name, extra_ini);
    assert_int_equal(zt_useradd(s, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(s, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(s, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    *admin = zt_pg_admin(s);
    return zt_login(s, "xiaodian", PW, NULL);
}

/* Sends the keyed write under key again until it is answered OK (as a client does after a
 * failover: same key, later), for at most 15 s; then once more, answered with the same
 * household; and it is stored once. */
static void lands_once(struct zt_server *s, struct zc_client *c, const char *key, const char *head,
                       int serial)
{
    int64_t id = 0, again = 0;
    Zhucun__Code code = ZHUCUN__CODE__UNAVAILABLE;
    long long deadline = zt_now_ms() + 15000;
    while (zt_now_ms() < deadline) {
        code = household_create(c, key, head, serial, &id);
        if (code != ZHUCUN__CODE__UNAVAILABLE)
            break;
        zt_sleep_ms(100);
    }
    assert_int_equal(code, ZHUCUN__CODE__OK);
    assert_int_equal(household_create(c, key, head, serial, &again), ZHUCUN__CODE__OK);
    assert_int_equal(again, id);
    assert_int_equal(zt_count(s, "SELECT count(*) FROM household_members WHERE name = '%s'", head),
                     1);
}

/* The [database] lines of a server named name whose DSN lists two hosts: first 127.0.0.1 on
 * first_port, then the test cluster, with target_session_attrs=read-write (as behind
 * pg_auto_failover). zt_server_start names the database zt_<name>_<pid> (harness.c). */
static void two_hosts(char *extra, size_t cap, const char *name, int first_port)
{
    snprintf(extra, cap,
             "[database]\ndsn = host=127.0.0.1,%s port=%d,%s dbname=zt_%s_%ld"
             " user=zhucun_app target_session_attrs=read-write\n",
             getenv("ZC_TEST_PGHOST"), first_port, getenv("ZC_TEST_PGPORT"), name, (long)getpid());
}

/* A demoted primary behind a DSN without target_session_attrs: the connections reach it and
 * stay up, but every write is refused with 25006. Before this was handled, the write came back
 * INTERNAL and the connections stayed read-only for good: once the database was writable
 * again, the same write kept failing. */
static void test_read_only_connection_dropped(void **state)
{
    (void)state;
    struct zt_server srv;
    PGconn *admin = NULL;
    struct zc_client *c = office_on(&srv, "failover_ro", NULL, &admin);
    int64_t first = 0;
    assert_int_equal(household_create(c, "fo-before", "演示前", 1, &first), ZHUCUN__CODE__OK);

    set_read_only(admin, &srv, 1, 1);
    /* The first try may meet a connection that was just ended (UNAVAILABLE too). Then the
     * pool has reconnected, read-only: the write is refused by the database, run again on
     * new connections (read-only too), and answered UNAVAILABLE -- never INTERNAL: the
     * client may retry it with the same key. */
    long long deadline = zt_now_ms() + 10000;
    do {
        assert_int_equal(household_create(c, "fo-during", "演示中", 2, NULL),
                         ZHUCUN__CODE__UNAVAILABLE);
    } while (!log_has(&srv, "event=db.read_only") && zt_now_ms() < deadline);
    assert_true(log_shows(&srv, "event=db.read_only", 2000));
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM household_members WHERE name = '演示中'"),
                     0);

    /* Writable again, with no session ended this time: the pool dropped the read-only
     * connections by itself, so the retry under the same key lands, once. */
    set_read_only(admin, &srv, 0, 0);
    lands_once(&srv, c, "fo-during", "演示中", 2);
    /* Reads kept working on a read-only server, and the write before is still there once. */
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM household_members WHERE name = '演示前'"),
                     1);
    /* The audit sealer's connection turned read-only too (its rounds failed with 25006): it
     * connected anew, and the chain is sealed again (within its longest backoff, 10 s). */
    deadline = zt_now_ms() + 15000;
    while (zt_count(&srv, "SELECT count(*) FROM audit WHERE hash IS NULL") > 0 &&
           zt_now_ms() < deadline)
        zt_sleep_ms(200);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM audit WHERE hash IS NULL"), 0);
    zc_close(c);
    PQfinish(admin);
    zt_server_finish(&srv);
}

/* The DSN of a deployment behind pg_auto_failover: two hosts, the first one down (nothing
 * listens on 127.0.0.1:1), target_session_attrs=read-write. The server starts and serves on
 * the second; when that one turns read-only, libpq refuses it, the pool is down and writes
 * fail fast with UNAVAILABLE; when it is writable again the same keyed write lands once. */
static void test_multi_host_read_write(void **state)
{
    (void)state;
    char extra[1024];
    two_hosts(extra, sizeof(extra), "failover_mh", 1);
    struct zt_server srv;
    PGconn *admin = NULL;
    struct zc_client *c = office_on(&srv, "failover_mh", extra, &admin);
    assert_int_equal(household_create(c, "mh-before", "演示甲", 3, NULL), ZHUCUN__CODE__OK);

    set_read_only(admin, &srv, 1, 1);
    long long t0 = zt_now_ms();
    assert_int_equal(household_create(c, "mh-during", "演示乙", 4, NULL),
                     ZHUCUN__CODE__UNAVAILABLE);
    /* at once: the pool is down, nothing waits for a database that is not there */
    assert_true(zt_now_ms() - t0 < 10000);
    assert_true(log_shows(&srv, "read-only", 2000));

    set_read_only(admin, &srv, 0, 0);
    lands_once(&srv, c, "mh-during", "演示乙", 4);
    zc_close(c);
    PQfinish(admin);
    zt_server_finish(&srv);
}

/* The DSN's first host takes the connection and never answers (a primary that died without a
 * reset: what is sent to it vanishes; here a socket that listens and never accepts). libpq
 * moves on from such a host only in a blocking connect; the pool's non-blocking attempt is
 * ended by its own connect_timeout (2 s in the tests), and the next attempt starts with the
 * next host, which answers. Before, every attempt started with the silent host again and the
 * server never reached the database; its start-up clock check waited on it for good. */
static void test_silent_first_host(void **state)
{
    (void)state;
    int silent = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(silent >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    assert_int_equal(bind(silent, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(silent, 64), 0);
    assert_int_equal(getsockname(silent, (struct sockaddr *)&a, &len), 0);
    char extra[1024];
    two_hosts(extra, sizeof(extra), "failover_silent", ntohs(a.sin_port));
    struct zt_server srv;
    zt_server_start(&srv, "failover_silent", extra);
    /* Both workers' pools: each timed out on the silent host, was down (requests answered
     * UNAVAILABLE at once), started with the next host and came back, its statements
     * prepared (db.recovered, one line a worker). */
    long long deadline = zt_now_ms() + 30000;
    while (log_count(&srv, "event=db.recovered") < 2 && zt_now_ms() < deadline)
        zt_sleep_ms(100);
    assert_true(log_count(&srv, "event=db.recovered") >= 2);
    assert_true(log_shows(&srv, "the next starts with the next host", 2000));
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *c = zt_login(&srv, "prov", PW, NULL);
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__OK);
    zc_close(c);
    /* A CSV export opens a connection of its own (export/copy.c): it starts with the host the
     * pool found, not with the silent one. Else it timed out there, and the export fell back
     * to its slower path of 1,000-row reads on the pool (export.copy_unavailable). */
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    c = zt_login(&srv, "exporter", PW, NULL);
    char cursor[512];
    assert_int_equal(zt_export_rows_as(c, "visits", "csv", "", "", cursor, sizeof(cursor)), 0);
    assert_true(cursor[0] != '\0');
    assert_true(log_shows(&srv, "kind=visits path=copy", 2000));
    assert_false(log_has(&srv, "event=export.copy_unavailable"));
    zc_close(c);
    zt_server_finish(&srv);
    close(silent);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_only_connection_dropped),
        cmocka_unit_test(test_multi_host_read_write),
        cmocka_unit_test(test_silent_first_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
