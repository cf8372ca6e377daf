/* test_progress.c -- progress on long work (issue 25; docs/cli.md, "Progress"): `zhucun-server
 * demo`, `zhucun household import`, `zhucun project import`, `zhucun export`, `zhucun audit verify`
 * and `zhucun-server audit-verify` run in a pseudo-terminal (script(1), util-linux) show their
 * progress line on the terminal's stderr, and none of it reaches stdout, the --json output or the
 * --out file; without a terminal, or with --quiet, stderr carries no progress at all. A progress
 * line is told by the erase-to-end-of-line sequence every one of them ends with
 * (common/progress.c), in whatever language. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/idcard.h"

#define PW     "correct horse battery"
#define COUNTY "140929000000" /* the demo's county (server/demo/demo.h) */
#define ERASE  "\033[K"
#define HEADER                                                                                     \
    "household_ref,village_code,address,phone,category,absent,since,name,relation,"                \
    "id_number,labour,health,member_phone\n"
/* households in each import file: enough for the server's checks to take a moment */
#define IMPORT_ROWS  200
#define PROJECT_ROWS 30

static struct zt_server srv;
static char office[1400];   /* zhucun --server ... --session (a county office) */
static char exporter[1400]; /* the same, as the exporter */
static char village[16];

/* srv.dir/name, in buf. */
static const char *in_dir(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", srv.dir, name);
    return buf;
}

/* The whole file, a fresh string ("" when it cannot be read). */
static char *slurp(const char *path)
{
    size_t len;
    char *text = NULL;
    FILE *f = fopen(path, "rb");
    if (f != NULL) {
        FILE *m = open_memstream(&text, &len);
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
            fwrite(buf, 1, n, m);
        fclose(m);
        fclose(f);
    }
    return text != NULL ? text : strdup("");
}

static int lines_of(const char *text)
{
    int n = 0;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        n++;
    return n;
}

/* cmd run in a pseudo-terminal: stdin, stdout and stderr are the terminal unless cmd sends
 * them elsewhere; what the terminal showed goes to the file tty. The exit status of cmd. */
static int in_pty(const char *cmd, const char *tty)
{
    char line[8192], out[256];
    snprintf(line, sizeof(line), "script -qec '%s' /dev/null > %s 2>&1 < /dev/null", cmd, tty);
    return zt_run(line, NULL, out, sizeof(out));
}

/* Asserts the file at path holds a progress line (shown) or none; returns its text (free it).
 * A file that is not a terminal's (*.tty: there "\n" shows as "\r\n") holds no "\r" either. */
static char *expect_progress(const char *path, int shown)
{
    char *text = slurp(path);
    if (shown ? strstr(text, ERASE) == NULL : strstr(text, ERASE) != NULL)
        fail_msg("%s progress line in %s: [%s]", shown ? "no" : "a", path, text);
    if (!shown && strstr(path, ".tty") == NULL && strchr(text, '\r') != NULL)
        fail_msg("a carriage return in %s: [%s]", path, text);
    return text;
}

/* A command line for a new account of role at scope, logged in on its own session file. */
static void login(char *base, size_t cap, const char *username, const char *role, const char *scope)
{
    assert_int_equal(zt_useradd(&srv, username, PW, role, scope, 0), 0);
    char session[700], cmd[2000], out[1024];
    snprintf(session, sizeof(session), "%s/session-%s", srv.dir, username);
    snprintf(base, cap, "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s", ZT_CLI_BIN,
             srv.port, getenv("ZC_TEST_CERTS"), session);
    snprintf(cmd, sizeof(cmd), "%s login %s --password-stdin", base, username);
    assert_int_equal(zt_run(cmd, PW "\n", out, sizeof(out)), 0);
}

/* `zhucun-server demo --until until` on s, in a pseudo-terminal when pty (what it showed in
 * name.tty) or with stderr in name.err; stdout in name.out. Its exit status. */
static int demo(struct zt_server *s, const char *flags, int pty, const char *name)
{
    char cmd[3000];
    if (pty) {
        snprintf(cmd, sizeof(cmd), "%s demo --config %s --scale county --seed 7 %s > %s/%s.out",
                 ZT_SERVER_BIN, s->config, flags, s->dir, name);
        char tty[700];
        snprintf(tty, sizeof(tty), "%s/%s.tty", s->dir, name);
        return in_pty(cmd, tty);
    }
    snprintf(cmd, sizeof(cmd),
             "%s demo --config %s --scale county --seed 7 %s > %s/%s.out 2> %s/%s.err",
             ZT_SERVER_BIN, s->config, flags, s->dir, name, s->dir, name);
    char out[256];
    return zt_run(cmd, NULL, out, sizeof(out));
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "progress", NULL);
    /* the organisation layer of the demo county, loaded on a terminal */
    int rc = demo(&srv, "--until accounts", 1, "demo");
    if (rc != 0) {
        char p[700];
        char *t = slurp(in_dir(p, sizeof(p), "demo.tty"));
        fail_msg("zhucun-server demo exited %d: %s", rc, t);
    }
    char *v = zt_sql(&srv, "SELECT code FROM org_units WHERE level = 5 AND code LIKE '140929%'"
                           " ORDER BY code LIMIT 1");
    snprintf(village, sizeof(village), "%s", v);
    free(v);
    assert_int_equal(strlen(village), 12);
    login(office, sizeof(office), "pg-county", "county_office", COUNTY);
    login(exporter, sizeof(exporter), "pg-exporter", "exporter", "140000000000");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

/* The demo load on a terminal: step i/n with its name on stderr; its summary on stdout holds
 * none of it. */
static void test_demo_on_a_terminal(void **state)
{
    (void)state;
    char p[700];
    char *tty = expect_progress(in_dir(p, sizeof(p), "demo.tty"), 1);
    assert_non_null(strstr(tty, "demo: step 1/4 org"));
    assert_non_null(strstr(tty, "demo: step 4/4 accounts (teams took"));
    assert_non_null(strstr(tty, "demo: 4 steps in"));
    free(tty);
    char *out = expect_progress(in_dir(p, sizeof(p), "demo.out"), 0);
    assert_non_null(strstr(out, "demo data loaded"));
    assert_null(strstr(out, "demo: step"));
    free(out);
}

/* Without a terminal, and with --quiet on one, the demo load says nothing but its summary:
 * each on a database of its own (a demo loads into an empty one). */
static void test_demo_in_batch_and_quiet(void **state)
{
    (void)state;
    struct zt_server s;
    zt_server_start(&s, "progress_batch", NULL);
    assert_int_equal(demo(&s, "--until org", 0, "batch"), 0);
    char p[700];
    snprintf(p, sizeof(p), "%s/batch.err", s.dir);
    char *err = expect_progress(p, 0); /* the server's log lines only */
    assert_null(strstr(err, "demo: step"));
    free(err);
    snprintf(p, sizeof(p), "%s/batch.out", s.dir);
    char *out = expect_progress(p, 0);
    assert_non_null(strstr(out, "demo data loaded"));
    free(out);
    zt_server_finish(&s);

    zt_server_start(&s, "progress_quiet", NULL);
    assert_int_equal(demo(&s, "--until org --quiet", 1, "quiet"), 0);
    snprintf(p, sizeof(p), "%s/quiet.tty", s.dir);
    char *tty = expect_progress(p, 0);
    assert_null(strstr(tty, "demo: step"));
    free(tty);
    zt_server_finish(&s);
}

/* Runs args (the words after a command line that ends in a space) with stdout in
 * srv.dir/name.out: in a pseudo-terminal when pty (what it showed: name.tty), else with stderr
 * in name.err. Asserts it exits 0, that stdout holds no progress, and that the terminal or
 * stderr holds a progress line when shown and none otherwise. Returns stdout's text; *seen
 * gets what the terminal showed or stderr held (free both). */
static char *run(const char *args, const char *name, int pty, int shown, char **seen)
{
    char out[700], seen_path[700], cmd[4000], buf[256];
    snprintf(out, sizeof(out), "%s/%s.out", srv.dir, name);
    snprintf(seen_path, sizeof(seen_path), "%s/%s.%s", srv.dir, name, pty ? "tty" : "err");
    snprintf(cmd, sizeof(cmd), "%s > %s%s%s", args, out, pty ? "" : " 2> ", pty ? "" : seen_path);
    int rc = pty ? in_pty(cmd, seen_path) : zt_run(cmd, NULL, buf, sizeof(buf));
    *seen = expect_progress(seen_path, shown);
    if (rc != 0)
        fail_msg("%s exited %d: %s", args, rc, *seen);
    return expect_progress(out, 0);
}

/* Household import file k (0, 1, 2): IMPORT_ROWS households of one head each. */
static void write_households(const char *path, int k)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(HEADER, f);
    for (int i = k * IMPORT_ROWS; i < (k + 1) * IMPORT_ROWS; i++) {
        char id[19];
        snprintf(id, sizeof(id), "14092919600101%03d", i % 1000);
        id[17] = rules_idcard_check_char(id);
        id[18] = '\0';
        fprintf(f, "p%d,%s,村口,,ordinary,no,2025-05-05,郑户主,head,%s,full,healthy,\n", i, village,
                id);
    }
    fclose(f);
}

/* Historical project import file k (docs/lookback.md): PROJECT_ROWS projects in the village. */
static void write_projects(const char *path, int k)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("项目名称,村代码,项目类型,年度,总投资(元),资金来源,实施单位,计划开工,计划完工,实际开工,"
          "实际完工,当前状态,受益户数,其中脱贫户,其中监测户,状态说明\n",
          f);
    for (int i = 0; i < PROJECT_ROWS; i++)
        fprintf(f,
                "产业路%d-%d,%s,基础设施,2019,120000.50,县级财政资金:120000.50,县交通运输局,"
                "2019-03-01,2019-10-31,2019-04-01,2019-10-15,移交,12,,,\n",
                k, i, village);
    fclose(f);
}

/* `zhucun [--json|--quiet] COMMAND FILE` (command: "household import" ...) on the files write
 * makes (0, 1, 2), each of rows data lines: with --json on a terminal (the lines in its
 * progress, the reply alone on stdout, its field reply_field equal to rows), in batch (nothing
 * on stderr), with --quiet on a terminal (no progress). Then table holds 3 * rows rows. */
static void import_three_ways(const char *command, void (*write)(const char *path, int k), int rows,
                              const char *reply_field, const char *table)
{
    static const char *const flags[] = {"--json", "", "--quiet"};
    for (int k = 0; k < 3; k++) {
        char name[64], file[700], args[3000], want[64];
        snprintf(name, sizeof(name), "import-%s-%d", table, k);
        snprintf(file, sizeof(file), "%s/%s.csv", srv.dir, name);
        write(file, k);
        snprintf(args, sizeof(args), "%s %s %s %s", office, flags[k], command, file);
        char *seen, *out = run(args, name, k != 1, k == 0, &seen);
        snprintf(want, sizeof(want), "%d", rows);
        if (k == 0) {
            assert_non_null(strstr(seen, want));
            snprintf(want, sizeof(want), "\"%s\":%d", reply_field, rows);
            assert_non_null(strstr(out, want));
            assert_int_equal(lines_of(out), 1);
        } else if (k == 1) {
            assert_string_equal(seen, "");
        }
        free(seen);
        free(out);
    }
    char sql[200];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    char *n = zt_sql(&srv, sql);
    assert_int_equal(atoi(n), 3 * rows);
    free(n);
}

/* Household import: lines checked and sent on a terminal. */
static void test_household_import(void **state)
{
    (void)state;
    import_three_ways("household import", write_households, IMPORT_ROWS, "households",
                      "households");
}

/* The historical project import (zhucun project import) likewise. */
static void test_project_import(void **state)
{
    (void)state;
    import_three_ways("project import", write_projects, PROJECT_ROWS, "projects", "projects");
}

/* `zhucun [flags] export households` with state file name.state, run as run() runs it (pty,
 * shown), its rows to stdout when to_stdout, else to --out name.csv; asserts they are the
 * header and rows rows, and that stdout is empty when they went to the file. What it showed
 * or said on stderr in *seen. */
static void run_export(const char *flags, const char *name, int pty, int to_stdout, int shown,
                       int rows, char **seen)
{
    char args[3000], csv[700];
    snprintf(csv, sizeof(csv), "%s/%s.csv", srv.dir, name);
    snprintf(args, sizeof(args), "%s %s export households --state %s/%s.state%s%s", exporter, flags,
             srv.dir, name, to_stdout ? "" : " --out ", to_stdout ? "" : csv);
    char *out = run(args, name, pty, shown, seen);
    char *rows_text = to_stdout ? out : expect_progress(csv, 0);
    assert_int_equal(lines_of(rows_text), rows + 1);
    if (!to_stdout) {
        assert_string_equal(out, "");
        free(rows_text);
    }
    free(out);
}

/* Export: rows and rate on a terminal; the --out file, and stdout when the rows go there,
 * hold the rows alone; in batch stderr has the plain summary and no progress; --quiet on a
 * terminal shows none. */
static void test_export(void **state)
{
    (void)state;
    char *n = zt_sql(&srv, "SELECT count(*) FROM households"), count[32], *seen;
    int rows = atoi(n);
    free(n);
    assert_true(rows >= 600);
    snprintf(count, sizeof(count), "%d", rows);

    run_export("", "export-1", 1, 0, 1, rows, &seen);
    assert_non_null(strstr(seen, count));
    free(seen);
    run_export("", "export-2", 1, 1, 1, rows, &seen); /* the rows on stdout */
    free(seen);
    run_export("", "export-3", 0, 0, 0, rows, &seen);
    assert_int_equal(lines_of(seen), 1); /* the plain summary */
    assert_non_null(strstr(seen, count));
    free(seen);
    run_export("--quiet", "export-4", 1, 0, 0, rows, &seen);
    free(seen);
    /* the rows on the terminal itself: no progress line cuts into them */
    char cmd[3000], tty[700];
    snprintf(cmd, sizeof(cmd), "%s export households --state %s/export-5.state", exporter, srv.dir);
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "export-5.tty")), 0);
    seen = expect_progress(tty, 0);
    assert_int_equal(lines_of(seen), rows + 2); /* the header, the rows, the summary */
    free(seen);
}

/* The audit walk in small batches, the CLI's (zhucun audit verify) and the administrator's
 * (zhucun-server audit-verify): rows verified on a terminal, the --json walk or the report
 * alone on stdout; no progress on stderr in batch or with --quiet. */
static void test_audit_verify(void **state)
{
    (void)state;
    char args[3000], admin[1400];
    char *seen, *out;
    snprintf(args, sizeof(args), "%s --json audit verify --batch 50", office);
    out = run(args, "audit-1", 1, 1, &seen);
    assert_int_equal(lines_of(out), 1);
    assert_true(out[0] == '{');
    assert_non_null(strstr(out, "\"ok\":true"));
    free(seen);
    free(out);
    snprintf(args, sizeof(args), "%s audit verify --batch 50", office);
    free(run(args, "audit-2", 1, 1, &seen));
    free(seen);
    free(run(args, "audit-3", 0, 0, &seen));
    assert_string_equal(seen, ""); /* no line per batch any more */
    free(seen);
    snprintf(args, sizeof(args), "%s --quiet audit verify --batch 50", office);
    free(run(args, "audit-4", 1, 0, &seen));
    assert_string_equal(seen, "");
    free(seen);

    snprintf(admin, sizeof(admin), "%s audit-verify --config %s", ZT_SERVER_BIN, srv.config);
    out = run(admin, "admin-1", 1, 1, &seen);
    assert_non_null(strstr(seen, "rows checked in"));
    assert_non_null(strstr(out, "audit trail intact"));
    free(seen);
    free(out);
    free(run(admin, "admin-2", 0, 0, &seen));
    assert_null(strstr(seen, "rows checked")); /* the server's log lines only */
    free(seen);
    snprintf(args, sizeof(args), "%s --quiet", admin);
    free(run(args, "admin-3", 1, 0, &seen));
    assert_null(strstr(seen, "rows checked"));
    free(seen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_on_a_terminal),
        cmocka_unit_test(test_demo_in_batch_and_quiet),
        cmocka_unit_test(test_household_import),
        cmocka_unit_test(test_project_import),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_audit_verify),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
