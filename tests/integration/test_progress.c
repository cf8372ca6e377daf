/* test_progress.c -- progress on long work (issue 25; docs/cli.md, "Progress"): `zhucun-server
 * demo`, `zhucun household import`, `zhucun export` and `zhucun audit verify` run in a
 * pseudo-terminal (script(1), util-linux) show their progress line on the terminal's stderr, and
 * none of it reaches stdout, the --json output or the --out file; without a terminal, or with
 * --quiet, stderr carries no progress at all. A progress line is told by the erase-to-end-of-
 * line sequence every one of them ends with (common/progress.c), in whatever language. */
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
#define IMPORT_ROWS 200

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

/* An import file of IMPORT_ROWS households of one head each, ID serials from first. */
static void write_import(const char *path, int first)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(HEADER, f);
    for (int i = 0; i < IMPORT_ROWS; i++) {
        char id[19];
        snprintf(id, sizeof(id), "14092919600101%03d", (first + i) % 1000);
        id[17] = rules_idcard_check_char(id);
        id[18] = '\0';
        fprintf(f, "p%d,%s,村口,,ordinary,no,2025-05-05,郑户主,head,%s,full,healthy,\n", first + i,
                village, id);
    }
    fclose(f);
}

/* Household import: lines checked and sent on a terminal, the --json reply alone on stdout;
 * nothing on stderr in batch; nothing on the terminal with --quiet. */
static void test_household_import(void **state)
{
    (void)state;
    char file[700], out[700], err[700], tty[700], cmd[3000], buf[1024];
    write_import(in_dir(file, sizeof(file), "import-1.csv"), 0);
    snprintf(cmd, sizeof(cmd), "%s --json household import %s > %s", office, file,
             in_dir(out, sizeof(out), "import-1.json"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "import-1.tty")), 0);
    char *t = expect_progress(tty, 1);
    assert_non_null(strstr(t, "200"));
    free(t);
    char *o = expect_progress(out, 0);
    assert_non_null(strstr(o, "\"households\":200"));
    assert_int_equal(lines_of(o), 1);
    free(o);

    write_import(in_dir(file, sizeof(file), "import-2.csv"), 200);
    snprintf(cmd, sizeof(cmd), "%s household import %s > %s 2> %s", office, file,
             in_dir(out, sizeof(out), "import-2.out"), in_dir(err, sizeof(err), "import-2.err"));
    assert_int_equal(zt_run(cmd, NULL, buf, sizeof(buf)), 0);
    char *e = expect_progress(err, 0);
    assert_string_equal(e, "");
    free(e);
    free(expect_progress(out, 0));

    write_import(in_dir(file, sizeof(file), "import-3.csv"), 400);
    snprintf(cmd, sizeof(cmd), "%s --quiet household import %s > %s", office, file,
             in_dir(out, sizeof(out), "import-3.out"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "import-3.tty")), 0);
    free(expect_progress(tty, 0));
    free(expect_progress(out, 0));
    char *n = zt_sql(&srv, "SELECT count(*) FROM households");
    assert_string_equal(n, "600");
    free(n);
}

/* Export: rows and rate on a terminal; the --out file, and stdout when the rows go there,
 * hold the rows alone; in batch stderr has the plain summary and no progress; --quiet on a
 * terminal shows none. */
static void test_export(void **state)
{
    (void)state;
    char out[700], tty[700], err[700], state_file[700], cmd[3000], buf[1024];
    char *n = zt_sql(&srv, "SELECT count(*) FROM households");
    int rows = atoi(n);
    free(n);
    assert_true(rows >= 600);

    snprintf(cmd, sizeof(cmd), "%s export households --state %s --out %s > %s", exporter,
             in_dir(state_file, sizeof(state_file), "export-1.state"),
             in_dir(out, sizeof(out), "export-1.csv"), in_dir(err, sizeof(err), "export-1.stdout"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "export-1.tty")), 0);
    char *t = expect_progress(tty, 1);
    snprintf(buf, sizeof(buf), "%d", rows);
    assert_non_null(strstr(t, buf));
    free(t);
    char *o = expect_progress(out, 0);
    assert_int_equal(lines_of(o), rows + 1);
    free(o);
    char *s = expect_progress(err, 0);
    assert_string_equal(s, "");
    free(s);

    /* the rows on stdout, the progress on the terminal */
    snprintf(cmd, sizeof(cmd), "%s export households --state %s > %s", exporter,
             in_dir(state_file, sizeof(state_file), "export-2.state"),
             in_dir(out, sizeof(out), "export-2.csv"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "export-2.tty")), 0);
    free(expect_progress(tty, 1));
    o = expect_progress(out, 0);
    assert_int_equal(lines_of(o), rows + 1);
    free(o);

    snprintf(cmd, sizeof(cmd), "%s export households --state %s --out %s 2> %s", exporter,
             in_dir(state_file, sizeof(state_file), "export-3.state"),
             in_dir(out, sizeof(out), "export-3.csv"), in_dir(err, sizeof(err), "export-3.err"));
    assert_int_equal(zt_run(cmd, NULL, buf, sizeof(buf)), 0);
    char *e = expect_progress(err, 0);
    assert_int_equal(lines_of(e), 1); /* the plain summary */
    snprintf(buf, sizeof(buf), "%d", rows);
    assert_non_null(strstr(e, buf));
    free(e);

    snprintf(cmd, sizeof(cmd), "%s --quiet export households --state %s --out %s", exporter,
             in_dir(state_file, sizeof(state_file), "export-4.state"),
             in_dir(out, sizeof(out), "export-4.csv"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "export-4.tty")), 0);
    free(expect_progress(tty, 0));
    o = expect_progress(out, 0);
    assert_int_equal(lines_of(o), rows + 1);
    free(o);
}

/* The audit walk in small batches: rows verified on a terminal, the --json walk alone on
 * stdout; no progress on stderr in batch or with --quiet. */
static void test_audit_verify(void **state)
{
    (void)state;
    char out[700], tty[700], err[700], cmd[3000], buf[1024];
    snprintf(cmd, sizeof(cmd), "%s --json audit verify --batch 50 > %s", office,
             in_dir(out, sizeof(out), "audit-1.json"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "audit-1.tty")), 0);
    free(expect_progress(tty, 1));
    char *o = expect_progress(out, 0);
    assert_int_equal(lines_of(o), 1);
    assert_true(o[0] == '{');
    assert_non_null(strstr(o, "\"ok\":true"));
    free(o);

    snprintf(cmd, sizeof(cmd), "%s audit verify --batch 50 > %s", office,
             in_dir(out, sizeof(out), "audit-2.out"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "audit-2.tty")), 0);
    free(expect_progress(tty, 1));
    free(expect_progress(out, 0));

    snprintf(cmd, sizeof(cmd), "%s audit verify --batch 50 > %s 2> %s", office,
             in_dir(out, sizeof(out), "audit-3.out"), in_dir(err, sizeof(err), "audit-3.err"));
    assert_int_equal(zt_run(cmd, NULL, buf, sizeof(buf)), 0);
    char *e = expect_progress(err, 0);
    assert_string_equal(e, ""); /* no line per batch any more */
    free(e);

    snprintf(cmd, sizeof(cmd), "%s --quiet audit verify --batch 50 > %s", office,
             in_dir(out, sizeof(out), "audit-4.out"));
    assert_int_equal(in_pty(cmd, in_dir(tty, sizeof(tty), "audit-4.tty")), 0);
    char *t = expect_progress(tty, 0);
    assert_string_equal(t, "");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_on_a_terminal), cmocka_unit_test(test_demo_in_batch_and_quiet),
        cmocka_unit_test(test_household_import),   cmocka_unit_test(test_export),
        cmocka_unit_test(test_audit_verify),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
