/* test_cli_project.c -- `zhucun project` against a real server (docs/projects.md): add with its
 * villages and funds (a malformed --fund refused before anything is sent, funds not adding up
 * refused naming the field), update changing only what its options give, transition and the
 * request in the township's queue, show and history with the timeline, the library and the
 * board as text, --json and --xlsx. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PW       "correct horse battery"
#define PROVINCE "140000000000"
#define COUNTY   "140105000000"
#define TOWNSHIP "140105001000"
#define VILLAGE  "140105001001"
#define VILLAGE2 "140105001002"

static struct zt_server srv;
static char out[1 << 16];

static int run(const char *user, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int run(const char *user, const char *fmt, ...)
{
    char args[2000], cmd[4000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof(cmd),
             "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/%s.session %s 2>&1", ZT_CLI_BIN,
             srv.port, getenv("ZC_TEST_CERTS"), srv.dir, user, args);
    return zt_run(cmd, NULL, out, sizeof(out));
}

#define ok(user, ...)                                                                              \
    do {                                                                                           \
        int rc_ = run(user, __VA_ARGS__);                                                          \
        if (rc_ != 0)                                                                              \
            fail_msg("exit %d: %s", rc_, out);                                                     \
    } while (0)

static void cli_login(const char *username)
{
    char cmd[2000];
    snprintf(cmd, sizeof(cmd),
             "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/%s.session login %s "
             "--password-stdin",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir, username, username);
    assert_int_equal(zt_run(cmd, PW "\n", out, sizeof(out)), 0);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "cli_project", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROVINCE, 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, "140100000000,太原市,city\n140105000000,小店区,county\n"
                        "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                        "140105001002,测试二村,village\n");
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "wucheng", PW, "township", TOWNSHIP, 0), 0);
    cli_login("xiaodian");
    cli_login("wucheng");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

#define ADD                                                                                        \
    "project add --villages " VILLAGE "," VILLAGE2 " --kind industry --name 光伏电站"          \
    " --year %d --budget 300000 --responsible 县发改局 --start %s --end %s --expected 30,10,2"

static void test_project_commands(void **state)
{
    (void)state;
    char *y = zt_sql(&srv, "SELECT extract(year FROM zc_today())::text");
    char *d0 = zt_sql(&srv, "SELECT zc_today()::text");
    char *d1 = zt_sql(&srv, "SELECT (zc_today() + 200)::text");
    int year = atoi(y);
    /* a malformed --fund: refused before anything is sent */
    assert_int_equal(run("xiaodian", ADD " --fund linkage", year, d0, d1), 2);
    assert_non_null(strstr(out, "--fund"));
    /* funds not adding up: refused naming them */
    assert_int_not_equal(run("xiaodian", ADD " --fund linkage=200000", year, d0, d1), 0);
    assert_non_null(strstr(out, "合计"));
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM projects"), 0);
    ok("xiaodian", ADD " --fund linkage=200000 --fund county=100000", year, d0, d1);
    assert_non_null(strstr(out, "已登记项目 #"));
    long long id = zt_count(&srv, "SELECT max(id) FROM projects");
    /* update: only the description changes */
    ok("xiaodian", "project update %lld --note 屋顶光伏二十千瓦", id);
    assert_int_equal(zt_count(&srv,
                              "SELECT count(*) FROM projects WHERE description = '屋顶光伏二十千瓦'"
                              " AND budget_fen = 30000000 AND name = '光伏电站'"),
                     1);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM project_funds"), 2);
    /* the transition, in the township's queue */
    ok("xiaodian", "project transition %lld --status applied", id);
    assert_non_null(strstr(out, "project-apply"));
    ok("wucheng", "queue");
    assert_non_null(strstr(out, "光伏电站"));
    ok("xiaodian", "project show %lld", id);
    assert_non_null(strstr(out, "衔接推进乡村振兴补助资金 200000.00 元"));
    assert_non_null(strstr(out, VILLAGE2));
    assert_non_null(strstr(out, "审批中"));
    ok("xiaodian", "project history %lld", id);
    assert_non_null(strstr(out, "谋划→申报"));
    /* the library and the board */
    ok("xiaodian", "project list --org %s --kind industry --year %d-%d", COUNTY, year - 1, year);
    assert_non_null(strstr(out, "光伏电站"));
    assert_non_null(strstr(out, "共 1 个项目"));
    ok("xiaodian", "project list --org %s --json", COUNTY);
    assert_non_null(strstr(out, "\"total\""));
    ok("xiaodian", "project board --org %s", COUNTY);
    assert_non_null(strstr(out, "坞城街道"));
    assert_non_null(strstr(out, "300000.00"));
    char path[600];
    struct stat st;
    snprintf(path, sizeof(path), "%s/library.xlsx", srv.dir);
    ok("xiaodian", "project list --org %s --xlsx %s", COUNTY, path);
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 0);
    snprintf(path, sizeof(path), "%s/board.xlsx", srv.dir);
    ok("xiaodian", "project board --org %s --xlsx %s", COUNTY, path);
    assert_int_equal(stat(path, &st), 0);
    /* a cancel needs a reason, said before anything is sent */
    assert_int_not_equal(run("xiaodian", "project transition %lld --status cancelled", id), 0);
    assert_non_null(strstr(out, "理由"));
    free(y);
    free(d0);
    free(d1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_project_commands),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
