/* test_demo_duties.c -- the demo's visit duty rows, made in C and copied (server/demo/
 * demo_duties.c), are the rows the SQL roll makes: the county is loaded, then in a transaction
 * that is rolled back the duty rows, their summary and the generated periods are made again by
 * zc_duties_roll (the path the load took before) and compared row for row. The indexes the
 * load dropped are back as the migrations made them, every duty trigger is on again, and later
 * writes (a visit, a change of state, a village visit) keep the rows and the summary current.
 * Run on the real date and on pinned dates where periods turn (tests/CMakeLists.txt). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct zt_server srv;

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "demoduties", NULL);
    char cmd[1400], out[8192];
    snprintf(cmd, sizeof(cmd), "%s demo --config %s --scale county --seed 5 2>&1", ZT_SERVER_BIN,
             srv.config);
    long long t0 = zt_now_ms();
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fail_msg("zhucun-server demo exited %d:\n%s", rc, out);
    printf("# county load (seed 5): %lld ms\n", zt_now_ms() - t0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

static void exec_ok(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("SQL failed (%s): %s", sql, PQresultErrorMessage(res));
    PQclear(res);
}

/* The first column of the first row of sql on pg, as a number. */
static long number(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        fail_msg("SQL failed (%s): %s", sql, PQresultErrorMessage(res));
    long v = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return v;
}

/* Rows in a but not in b and in b but not in a (as multisets), with up to three of them on
 * stderr when there are any. */
static long differ(PGconn *pg, const char *a, const char *b)
{
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM ((SELECT 'fast' AS side, * FROM (SELECT * FROM %s EXCEPT ALL"
             " SELECT * FROM %s) x) UNION ALL (SELECT 'roll', * FROM (SELECT * FROM %s EXCEPT"
             " ALL SELECT * FROM %s) y)) z",
             a, b, b, a);
    long n = number(pg, sql);
    if (n > 0) {
        snprintf(sql, sizeof(sql),
                 "(SELECT 'fast: ' || x::text FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)"
                 " x LIMIT 3) UNION ALL (SELECT 'roll: ' || y::text FROM (SELECT * FROM %s"
                 " EXCEPT ALL SELECT * FROM %s) y LIMIT 3)",
                 a, b, b, a);
        PGresult *res = PQexec(pg, sql);
        for (int i = 0; i < PQntuples(res); i++)
            fprintf(stderr, "%s: %s\n", a, PQgetvalue(res, i, 0));
        PQclear(res);
    }
    return n;
}

static void test_rows_are_the_rolls(void **state)
{
    (void)state;
    PGconn *pg = zt_pg_admin(&srv);
    exec_ok(pg, "BEGIN");
    exec_ok(pg, "CREATE TEMP TABLE fast_duties AS SELECT * FROM visit_duties");
    exec_ok(pg, "CREATE TEMP TABLE fast_summary AS SELECT * FROM visit_duty_summary");
    exec_ok(pg, "CREATE TEMP TABLE fast_periods AS SELECT period, period_first"
                " FROM visit_duty_periods");
    long rows = number(pg, "SELECT count(*) FROM fast_duties");
    assert_true(rows > 10000); /* the county's households over three months, and V4 */
    assert_true(number(pg, "SELECT count(*) FROM fast_duties WHERE household_id IS NULL") > 0);
    assert_true(number(pg, "SELECT count(*) FROM fast_duties WHERE done > 0") > rows / 10);
    assert_true(number(pg, "SELECT count(*) FROM fast_periods") > 0);
    /* What the load did before the rows were made in C: the roll, into empty tables, with
     * the summary kept by its trigger. */
    exec_ok(pg, "DELETE FROM visit_duties; DELETE FROM visit_duty_periods;"
                " DELETE FROM visit_duty_summary");
    assert_true(number(pg, "SELECT zc_duties_roll()") > 0);
    exec_ok(pg, "CREATE TEMP TABLE roll_periods AS SELECT period, period_first"
                " FROM visit_duty_periods");
    assert_int_equal(number(pg, "SELECT count(*) FROM visit_duties"), rows);
    assert_int_equal(differ(pg, "fast_duties", "visit_duties"), 0);
    assert_int_equal(differ(pg, "fast_summary", "visit_duty_summary"), 0);
    assert_int_equal(differ(pg, "fast_periods", "roll_periods"), 0);
    exec_ok(pg, "ROLLBACK");
    PQfinish(pg);
}

static void test_indexes_and_triggers_are_back(void **state)
{
    (void)state;
    PGconn *pg = zt_pg_admin(&srv);
    /* The unique key and the household index, on the table and on every partition, valid. */
    assert_int_equal(number(pg,
                            "SELECT count(*) FROM pg_index i JOIN pg_class c"
                            " ON c.oid = i.indexrelid WHERE i.indrelid = 'visit_duties'::regclass"
                            " AND i.indisvalid AND c.relname IN ('visit_duties_household',"
                            " 'visit_duties_village_code_household_id_rule_id_period_first_key')"),
                     2);
    assert_int_equal(number(pg, "SELECT count(*) FROM pg_constraint WHERE conrelid ="
                                " 'visit_duties'::regclass AND contype = 'u'"),
                     1);
    long parts = number(pg, "SELECT count(*) FROM pg_inherits"
                            " WHERE inhparent = 'visit_duties'::regclass");
    assert_int_equal(number(pg, "SELECT count(*) FROM pg_inherits h JOIN pg_index i"
                                " ON i.indrelid = h.inhrelid AND i.indisvalid"
                                " WHERE h.inhparent = 'visit_duties'::regclass"),
                     2 * parts);
    assert_int_equal(number(pg, "SELECT count(*) FROM pg_index i WHERE NOT i.indisvalid"), 0);
    /* Every trigger the load turned off is on. */
    assert_int_equal(number(pg, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
                                " AND tgenabled <> 'O'"),
                     0);
    PQfinish(pg);
}

/* The summary holds, per village, rule and period, what the rows say. */
static long summary_off(PGconn *pg)
{
    return number(pg, "SELECT count(*) FROM (SELECT village_code, rule_id, period_first,"
                      " count(*) AS due, count(*) FILTER (WHERE done >= required) AS met"
                      " FROM visit_duties GROUP BY 1, 2, 3) a"
                      " FULL JOIN (SELECT * FROM visit_duty_summary WHERE due > 0) s"
                      " USING (village_code, rule_id, period_first)"
                      " WHERE a.due IS DISTINCT FROM s.due OR a.met IS DISTINCT FROM s.met");
}

static void test_later_writes_keep_rows_current(void **state)
{
    (void)state;
    PGconn *pg = zt_pg_admin(&srv);
    assert_int_equal(summary_off(pg), 0);
    /* A visit today to a household with a duty running now, unmet. */
    long before = number(pg, "SELECT count(*) FROM visit_duties WHERE done >= required");
    exec_ok(pg, "INSERT INTO visits (visit_date, household_id, village_code, team_id, mode,"
                " cadre_ids, notes) SELECT zc_today(), v.household_id, v.village_code,"
                " v.team_id, 'in_person', v.cadre_ids, 'later visit' FROM visits v"
                " JOIN visit_duties d ON d.household_id = v.household_id"
                " AND zc_today() BETWEEN d.window_first AND d.period_last AND d.done = 0"
                " WHERE v.mode = 'in_person' ORDER BY v.id LIMIT 1");
    assert_true(number(pg, "SELECT count(*) FROM visit_duties WHERE done >= required") > before);
    /* A village visit (V4) today. */
    exec_ok(pg, "INSERT INTO visits (visit_date, household_id, village_code, team_id, mode,"
                " cadre_ids, notes) SELECT zc_today(), NULL, v.village_code, v.team_id,"
                " 'in_person', v.cadre_ids, 'later village visit' FROM visits v"
                " WHERE v.household_id IS NULL ORDER BY v.id LIMIT 1");
    /* An ordinary household becomes monitored today: its duties are made again. */
    exec_ok(pg, "INSERT INTO household_states (household_id, valid_from, category, absent, note)"
                " SELECT s.household_id, zc_today(), 'monitored', false, 'later change'"
                " FROM household_states s WHERE s.category = 'ordinary' AND NOT s.absent"
                " AND s.valid_from < zc_today() AND NOT EXISTS (SELECT 1 FROM household_states"
                " n WHERE n.household_id = s.household_id AND n.valid_from > s.valid_from)"
                " ORDER BY s.household_id LIMIT 1");
    assert_int_equal(number(pg, "SELECT count(*) FROM zc_duties_check()"), 0);
    assert_int_equal(summary_off(pg), 0);
    PQfinish(pg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_the_rolls),
        cmocka_unit_test(test_indexes_and_triggers_are_back),
        cmocka_unit_test(test_later_writes_keep_rows_current),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
