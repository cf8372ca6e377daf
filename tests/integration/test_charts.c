/* test_charts.c -- the report workbooks' charts and `zhucun report visits --trend` (issue 25,
 * docs/cli.md "Charts in the workbooks"), through the real server and CLI on the county demo:
 * each workbook's chart sheet holds the report's rows as bars sorted lowest first and the
 * county's own rate as the average (checked by chart_check.py, which reads the chart's XML
 * and the cells its ranges name); the trend equals the monthly reports, one by one, and its
 * workbook's line chart equals the trend; a trend it cannot read is refused before anything
 * is sent. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/attendance.h"
#include "common/rules/date.h"

#define DEMO_PW     "zhucun-demo-2026"
#define DEMO_COUNTY "140929000000"

static struct zt_server srv;
static char base[1400]; /* "zhucun --server ... --ca ... --session ..." */
/* the month before last, last month, this month and next month: YYYY-MM */
static char months[4][16];
static char tracked[16]; /* the first month with visit tasks: YYYY-MM */

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "charts", NULL);
    char cmd[2000], out[8192];
    snprintf(cmd, sizeof(cmd), "%s demo --config %s --scale county --seed 7 2>&1", ZT_SERVER_BIN,
             srv.config);
    if (zt_run(cmd, NULL, out, sizeof(out)) != 0)
        fail_msg("demo load: %s", out);
    snprintf(base, sizeof(base), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/session",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir);
    snprintf(cmd, sizeof(cmd), "%s login demo-xian-140929 --password-stdin 2>&1", base);
    if (zt_run(cmd, DEMO_PW "\n", out, sizeof(out)) != 0)
        fail_msg("login: %s", out);
    char day[11];
    rules_date_format(zt_today(), day);
    int y = atoi(day), m = atoi(day + 5);
    for (int i = 0; i < 4; i++) {
        int k = y * 12 + (m - 1) - (2 - i);
        snprintf(months[i], sizeof(months[i]), "%04d-%02d", k / 12, k % 12 + 1);
    }
    /* The visit tasks are counted from a month (the duty report's tracked_from): the trend
     * starts there, or two months back when that is later. */
    snprintf(cmd, sizeof(cmd), "%s --json report duties --org %s --period %s 2>&1", base,
             DEMO_COUNTY, months[2]);
    if (zt_run(cmd, NULL, out, sizeof(out)) != 0 || strstr(out, "\"tracked_from\":\"") == NULL)
        fail_msg("duty report: %s", out);
    snprintf(tracked, sizeof(tracked), "%.7s", strstr(out, "\"tracked_from\":\"") + 16);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

/* Runs zhucun args, its stdout to the file named file under the server's directory (the path
 * goes to path) or, when file is NULL, into out; stderr joins out. Returns the exit status. */
static int run(const char *args, const char *file, char *path, size_t cap, char *out, size_t outcap)
{
    char cmd[4000];
    if (file != NULL) {
        snprintf(path, cap, "%s/%s", srv.dir, file);
        snprintf(cmd, sizeof(cmd), "%s %s 2>&1 > %s", base, args, path);
    } else {
        snprintf(cmd, sizeof(cmd), "%s %s 2>&1", base, args);
    }
    int rc = zt_run(cmd, NULL, out, outcap);
    if (rc != 0)
        print_message("zhucun %s: exit %d: %s\n", args, rc, out);
    return rc;
}

/* chart_check.py with args; fails the test with what it printed unless it passed. */
static void chart_check(const char *args)
{
    char cmd[4000], out[8192];
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s %s 2>&1", ZT_CHART_CHECK, args);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    print_message("%s", out);
    if (rc != 0)
        fail_msg("chart_check.py %s: exit %d: %s", args, rc, out);
}

/* The report (args) as JSON and as a workbook, and the workbook's chart against the JSON:
 * bars, or with check "line" a line in the rows' order. */
static void report_chart_as(const char *check, const char *kind, const char *args)
{
    char a[2000], file[64], json[800], book[800], out[8192];
    snprintf(a, sizeof(a), "--json %s", args);
    snprintf(file, sizeof(file), "%s.json", kind);
    assert_int_equal(run(a, file, json, sizeof(json), out, sizeof(out)), 0);
    snprintf(book, sizeof(book), "%s/%s.xlsx", srv.dir, kind);
    snprintf(a, sizeof(a), "%s --xlsx %s", args, book);
    assert_int_equal(run(a, NULL, NULL, 0, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "已导出"));
    snprintf(a, sizeof(a), "%s %s %s %s", check, kind, book, json);
    chart_check(a);
}

static void report_chart(const char *kind, const char *args)
{
    report_chart_as("bars", kind, args);
}

static void test_visits_chart(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof(args), "report visits --org %s --period %s", DEMO_COUNTY, months[1]);
    report_chart("visits", args);
}

static void test_duties_chart(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof(args), "report duties --org %s --period %s", DEMO_COUNTY, months[1]);
    report_chart("duties", args);
}

static void test_attendance_chart(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof(args), "attendance report --org %s", DEMO_COUNTY);
    report_chart("attendance", args);
}

static void test_consume_chart(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof(args), "consume progress --org %s", DEMO_COUNTY);
    report_chart("consume", args);
}

/* A task board's workbook (sheet 督办) charts each unit's share of teams done, the county's as
 * the line: the demo's first task sent in the county. */
static void test_task_board_chart(void **state)
{
    (void)state;
    char args[300], out[16384];
    snprintf(args, sizeof(args), "--json task sent --org %s --limit 1", DEMO_COUNTY);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 0);
    const char *id = strstr(out, "\"id\":");
    assert_non_null(id);
    snprintf(args, sizeof(args), "task board %lld --org %s", atoll(id + 5), DEMO_COUNTY);
    report_chart("tasks", args);
}

/* The service report's workbook charts each village's items closed of those taken in. */
static void test_service_chart(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof(args), "service report --org %s --by village", DEMO_COUNTY);
    report_chart("service", args);
    /* by month: the months in order as a line, in the year of the month before last (in
     * January this year has one month of items at most) */
    snprintf(args, sizeof(args), "service report --org %s --by month --year %.4s", DEMO_COUNTY,
             months[0]);
    report_chart_as("line", "service", args);
}

/* The project board's workbook charts each township's share of its projects' budget paid. */
static void test_project_board_chart(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof(args), "project board --org %s", DEMO_COUNTY);
    report_chart("projects", args);
}

/* The ledger board's workbook (sheet 挂图) charts each area's share of items done. */
static void test_ledger_board_chart(void **state)
{
    (void)state;
    char args[300];
    snprintf(args, sizeof(args), "ledger board --org %s", DEMO_COUNTY);
    report_chart("ledger", args);
}

/* The first month of a trend that ends this month: the first tracked month, or two months
 * back when that is later (an index into months). */
static int trend_start(void)
{
    return strcmp(tracked, months[0]) > 0 ? (strcmp(tracked, months[1]) > 0 ? 2 : 1) : 0;
}

/* zhucun report KIND --trend from the trend's start to this month equals the monthly reports
 * (run each), as JSON, text and a workbook whose line chart is the trend. */
static void trend_equals_months(const char *kind)
{
    const int first = trend_start();
    char args[2000], file[64], trend[800], path[800], book[800], out[16384], check[4000];
    snprintf(args, sizeof(args), "--json report %s --org %s --trend %s..%s", kind, DEMO_COUNTY,
             months[first], months[2]);
    snprintf(file, sizeof(file), "%s-trend.json", kind);
    assert_int_equal(run(args, file, trend, sizeof(trend), out, sizeof(out)), 0);
    snprintf(book, sizeof(book), "%s/%s-trend.xlsx", srv.dir, kind);
    int n = snprintf(check, sizeof(check), "trend %s %s %s", kind, book, trend);
    for (int i = first; i < 3; i++) {
        snprintf(file, sizeof(file), "%s-month%d.json", kind, i);
        snprintf(args, sizeof(args), "--json report %s --org %s --period %s", kind, DEMO_COUNTY,
                 months[i]);
        assert_int_equal(run(args, file, path, sizeof(path), out, sizeof(out)), 0);
        n += snprintf(check + n, sizeof(check) - (size_t)n, " %s", path);
    }
    snprintf(args, sizeof(args), "report %s --org %s --trend %s..%s --xlsx %s", kind, DEMO_COUNTY,
             months[first], months[2], book);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 0);
    char says[64];
    snprintf(says, sizeof(says), "（%d 个月）", 3 - first);
    assert_non_null(strstr(out, says));
    chart_check(check);

    /* text: a heading and one line a month */
    snprintf(args, sizeof(args), "report %s --org %s --trend %s..%s", kind, DEMO_COUNTY,
             months[first], months[2]);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "趋势"));
    for (int i = first; i < 3; i++)
        assert_non_null(strstr(out, months[i]));
}

static void test_duties_trend(void **state)
{
    (void)state;
    trend_equals_months("duties");
}

/* The visits' trend as the duties'; a month before the tracking began stops it, naming the
 * month, and nothing is written. */
static void test_visits_trend(void **state)
{
    (void)state;
    trend_equals_months("visits");
    int y = atoi(tracked), m = atoi(tracked + 5), k = y * 12 + (m - 1) - 1;
    char before[16], path[800], args[2000], out[8192], says[64];
    snprintf(before, sizeof(before), "%04d-%02d", k / 12, k % 12 + 1);
    snprintf(path, sizeof(path), "%s/stopped.xlsx", srv.dir);
    snprintf(args, sizeof(args), "report visits --org %s --trend %s..%s --xlsx %s", DEMO_COUNTY,
             before, months[2], path);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 7);
    snprintf(says, sizeof(says), "趋势在 %s 处中止", before);
    assert_non_null(strstr(out, says));
    assert_non_null(strstr(out, "字段 period"));
    FILE *f = fopen(path, "rb");
    assert_null(f);
}

/* `zhucun attendance report --trend`: the three weeks to this one, each week the total line
 * of that week's own report, as JSON, text and a workbook whose line equals them; 27 weeks
 * and --trend with --week are refused before anything is sent. */
static void test_attendance_trend(void **state)
{
    (void)state;
    char weeks[3][9], file[64], path[800], trend[800], book[800], args[2000], out[8192];
    char check[4000];
    int monday = rules_week_monday(zt_today());
    for (int i = 0; i < 3; i++)
        rules_week_format(monday - 7 * (2 - i), weeks[i]);
    snprintf(args, sizeof(args), "--json attendance report --org %s --trend %s..%s", DEMO_COUNTY,
             weeks[0], weeks[2]);
    assert_int_equal(run(args, "attendance-trend.json", trend, sizeof(trend), out, sizeof(out)), 0);
    snprintf(book, sizeof(book), "%s/attendance-trend.xlsx", srv.dir);
    int n = snprintf(check, sizeof(check), "wtrend attendance %s %s", book, trend);
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof(file), "attendance-week%d.json", i);
        snprintf(args, sizeof(args), "--json attendance report --org %s --week %s", DEMO_COUNTY,
                 weeks[i]);
        assert_int_equal(run(args, file, path, sizeof(path), out, sizeof(out)), 0);
        n += snprintf(check + n, sizeof(check) - (size_t)n, " %s", path);
    }
    snprintf(args, sizeof(args), "attendance report --org %s --trend %s..%s --xlsx %s", DEMO_COUNTY,
             weeks[0], weeks[2], book);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "（3 周）"));
    chart_check(check);
    snprintf(args, sizeof(args), "attendance report --org %s --trend %s..%s", DEMO_COUNTY, weeks[0],
             weeks[2]);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "五天四夜趋势"));
    for (int i = 0; i < 3; i++)
        assert_non_null(strstr(out, weeks[i]));

    /* over the limit, and with --week: refused, nothing sent */
    snprintf(args, sizeof(args), "attendance report --org %s --trend 2026-W01..2026-W27",
             DEMO_COUNTY);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 6);
    assert_non_null(strstr(out, "趋势最多 26 周"));
    assert_non_null(strstr(out, "字段 trend"));
    snprintf(args, sizeof(args), "attendance report --org %s --trend %s..%s --week %s", DEMO_COUNTY,
             weeks[0], weeks[2], weeks[2]);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 2);
}

/* A trend it cannot read is refused, naming the field, before anything is sent; a month
 * after this one is the server's refusal of that month's report; --trend with --period is a
 * usage error. */
static void test_trend_refused(void **state)
{
    (void)state;
    char args[300], out[8192];
    static const struct {
        const char *trend, *says;
    } bad[] = {
        {"2026-01", "趋势应为 起始月..结束月"},
        {"2026-06..2026-05", "起始月不能晚于结束月"},
        {"2023-01..2026-01", "趋势最多 36 个月"},
        {"2026-13..2027-01", "趋势应为 起始月..结束月"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(args, sizeof(args), "report visits --org %s --trend %s", DEMO_COUNTY,
                 bad[i].trend);
        assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 6);
        assert_non_null(strstr(out, bad[i].says));
        assert_non_null(strstr(out, "字段 trend"));
    }
    snprintf(args, sizeof(args), "report visits --org %s --trend %s..%s", DEMO_COUNTY, months[1],
             months[3]);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 6);
    assert_non_null(strstr(out, "统计月份不能晚于本月"));
    snprintf(args, sizeof(args), "report visits --org %s --trend %s..%s --period %s", DEMO_COUNTY,
             months[0], months[2], months[2]);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 2);
    snprintf(args, sizeof(args), "report duties --org %s --trend %s..%s --period %s", DEMO_COUNTY,
             months[0], months[2], months[2]);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 2);
    snprintf(args, sizeof(args), "report duties V1 --org %s --trend 2026-01", DEMO_COUNTY);
    assert_int_equal(run(args, NULL, NULL, 0, out, sizeof(out)), 6);
    assert_non_null(strstr(out, "字段 trend"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visits_chart),        cmocka_unit_test(test_duties_chart),
        cmocka_unit_test(test_attendance_chart),    cmocka_unit_test(test_consume_chart),
        cmocka_unit_test(test_visits_trend),        cmocka_unit_test(test_duties_trend),
        cmocka_unit_test(test_trend_refused),       cmocka_unit_test(test_task_board_chart),
        cmocka_unit_test(test_ledger_board_chart),  cmocka_unit_test(test_service_chart),
        cmocka_unit_test(test_project_board_chart), cmocka_unit_test(test_attendance_trend),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
