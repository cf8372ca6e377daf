/* test_replica.c -- exports from a read replica ([database] replica_dsn; docs/export.md, "A
 * read replica"), without a standby of its own: the "replica" is the test database itself
 * (a replica that is never behind), so that the server's side of it is held here -- the
 * pulls read the replica's pool and COPY connection, a cursor ahead of the database is waited
 * for and then refused (UNAVAILABLE, naming since) and the CLI asks again, then gives up with
 * its state untouched, and a replica that cannot be reached leaves the pull to the primary. A
 * real lagging standby is tests/ops/40-replica.sh's. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/status.h"

#define PW "correct horse battery"

static struct zt_server srv;
static struct zc_client *exporter;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,副本一村,village\n"
                          "140105001002,副本二村,village\n";

/* A server on a database of its own whose replica is extra (the [database] lines), with an
 * exporter logged in; the org tree imported. */
static void start(struct zt_server *s, const char *name, const char *replica,
                  struct zc_client **exp)
{
    char extra[1024];
    snprintf(extra, sizeof(extra), "[database]\n%s\nreplica_wait = 1s\n", replica);
    zt_server_start(s, name, extra);
    assert_int_equal(zt_useradd(s, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(s, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(s, "exporter", PW, "exporter", "140000000000", 0), 0);
    *exp = zt_login(s, "exporter", PW, NULL);
}

static int setup(void **state)
{
    (void)state;
    /* the replica is the server's own database: zt_<name>_<pid> (harness.c) */
    char replica[512];
    snprintf(replica, sizeof(replica),
             "replica_dsn = host=%s port=%s dbname=zt_replica_%ld user=zhucun_app",
             getenv("ZC_TEST_PGHOST"), getenv("ZC_TEST_PGPORT"), (long)getpid());
    start(&srv, "replica", replica, &exporter);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

/* The lines of log that hold both needles, waiting up to 3 s for at least want of them (the
 * server writes its log lines a little after the reply). */
static int log_lines(const char *log, const char *a, const char *b, int want)
{
    int n = 0;
    for (int tries = 0; tries < 300; tries++) {
        n = zt_log_lines(log, a, b, NULL);
        if (n >= want)
            break;
        zt_sleep_ms(10);
    }
    return n;
}

/* Pulls read the replica, on both paths (rows: JSONL; COPY: CSV), and a second pull from the
 * first's cursor brings only what changed since. */
static void test_pulls_read_the_replica(void **state)
{
    (void)state;
    long long units = zt_count(&srv, "SELECT count(*) FROM org_units");
    char cursor[1024];
    assert_int_equal(zt_export_rows(exporter, "org_units", "", "", cursor, sizeof(cursor)), units);
    assert_int_equal(
        zt_export_rows_as(exporter, "org_units", "csv", "", "", cursor, sizeof(cursor)), units);
    assert_int_equal(log_lines(srv.log, "event=export.end", "path=rows db=replica", 1), 1);
    assert_int_equal(log_lines(srv.log, "event=export.end", "path=copy db=replica", 1), 1);

    char *since = strdup(cursor);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, "140105001003,副本三村,village\n");
    zc_close(prov);
    assert_int_equal(
        zt_export_rows_as(exporter, "org_units", "csv", "", since, cursor, sizeof(cursor)), 1);
    free(since);
}

/* A cursor whose snapshot the database has not reached (as a lagging replica sees the cursor
 * of a pull on the primary; here one from the future): the pull waits replica_wait, then is
 * refused as UNAVAILABLE naming since, and says so in the log. */
static void test_cursor_ahead_waits_then_refused(void **state)
{
    (void)state;
    char *snap = zt_sql(&srv, "SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
                              " + 1000)::text");
    char since[256];
    snprintf(since, sizeof(since), "v1|org_units|14|%s:%s:|-|0|0|", snap, snap);
    free(snap);
    Zhucun__Export ex = ZHUCUN__EXPORT__INIT;
    ex.kind = "org_units";
    ex.since = since;
    ex.format = "csv";
    assert_int_equal(zt_call_body(exporter, ZHUCUN__REQUEST__BODY_EXPORT, &ex, NULL, "since", NULL),
                     ZHUCUN__CODE__UNAVAILABLE);
    assert_int_equal(log_lines(srv.log, "event=export.behind", "db=replica", 1), 1);
    /* it waited replica_wait (1 s) by the server's own account, then gave up */
    FILE *f = fopen(srv.log, "r");
    char line[4096];
    long long waited = -1;
    while (fgets(line, sizeof(line), f) != NULL)
        if (strstr(line, "event=export.behind") != NULL)
            waited = atoll(strstr(line, "waited_ms=") + 10);
    fclose(f);
    assert_true(waited >= 1000);
}

/* The CLI asks again a pull refused before any row as unavailable, three times, after 1, 2 and
 * 4 s, then gives up with the exit code of UNAVAILABLE, the state file and the output as they
 * were. */
static void test_cli_asks_again_then_gives_up(void **state)
{
    (void)state;
    char dir[600], cmd[4096], out[8192], path[700];
    snprintf(dir, sizeof(dir), "%s/replica-cli", srv.dir);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s && rm -f %s/*", dir, dir);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    char base[1400], outbox[700];
    snprintf(outbox, sizeof(outbox), "%s/outbox", dir);
    zt_cli_login(&srv, "10s", outbox, "exporter", PW, base, sizeof(base));
    /* a state file whose cursor is ahead of the database */
    char *snap = zt_sql(&srv, "SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
                              " + 1000)::text");
    char text[1400];
    snprintf(text, sizeof(text), "cursor=v1|org_units|14|%s:%s:|-|0|0|\nout=%s/o.csv\nlength=0\n",
             snap, snap, dir);
    free(snap);
    snprintf(path, sizeof(path), "%s/state", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    int behind = log_lines(srv.log, "event=export.behind", "kind=org_units", 0);
    snprintf(cmd, sizeof(cmd), "%s export org_units --state %s/state --out %s/o.csv 2>&1", base,
             dir, dir);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), EXIT_UNAVAILABLE);
    assert_non_null(strstr(out, "1/3"));
    assert_non_null(strstr(out, "3/3"));
    assert_null(strstr(out, "4/3"));
    /* four pulls, each waited for and refused by the server */
    assert_int_equal(log_lines(srv.log, "event=export.behind", "kind=org_units", behind + 4),
                     behind + 4);
    char again[1400] = "";
    f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(again, 1, sizeof(again) - 1, f);
    fclose(f);
    again[n] = '\0';
    assert_string_equal(again, text);
    snprintf(path, sizeof(path), "%s/o.csv", dir);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fgetc(f), EOF); /* nothing written */
    fclose(f);
}

/* A replica nobody answers on: the pull reads the primary, and every row comes. */
static void test_replica_down_reads_primary(void **state)
{
    (void)state;
    struct zt_server down;
    struct zc_client *exp;
    start(&down, "replica_down",
          "replica_dsn = host=127.0.0.1 port=1 dbname=nothing user=nobody connect_timeout=1", &exp);
    long long units = zt_count(&down, "SELECT count(*) FROM org_units");
    char cursor[1024];
    assert_int_equal(zt_export_rows_as(exp, "org_units", "csv", "", "", cursor, sizeof(cursor)),
                     units);
    assert_true(log_lines(down.log, "event=export.replica_unavailable", "kind=org_units", 1) >= 1);
    assert_int_equal(log_lines(down.log, "event=export.end", "db=primary", 1), 1);
    zc_close(exp);
    zt_server_finish(&down);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pulls_read_the_replica),
        cmocka_unit_test(test_cursor_ahead_waits_then_refused),
        cmocka_unit_test(test_cli_asks_again_then_gives_up),
        cmocka_unit_test(test_replica_down_reads_primary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
