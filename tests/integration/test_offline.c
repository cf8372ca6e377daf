/* test_offline.c -- the offline outbox (issue 24; docs/client-lib.md, "Working offline"): with
 * the client's offline option, writes made while the server is stopped wait in the outbox and
 * land exactly once, in order, when zc_flush sends them; a refused one stays refused with the
 * server's code, message and field, is corrected and sent; without the option nothing
 * changes; two senders at once send each entry once and lose none. The CLI's outbox commands
 * (zhucun --offline, outbox list|send|drop) against a server stopped and started again. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "outbox.h"
#include "zc_calls.h"

#define PW "correct horse battery"
#define VA "140105001001"

static struct zt_server srv;
static struct zc_client *county;
static int64_t cadre_person, household;
static char today[11];
static int serial; /* makes each test's outbox file and notes its own */

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n";

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "offline", NULL);
    rules_date_format(zt_today(), today);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    /* The village's centre, so that check-ins there are inside its fence. */
    char *ok = zt_sql(&srv, "UPDATE org_units SET lat = 37.8, lon = 112.55 WHERE code = '" VA
                            "' RETURNING code");
    free(ok);
    int64_t team = zt_team(county, "village", VA, "测试一村工作队");
    zc_close(zt_cadre(&srv, county, team, "cadre-a", VA, "team_captain", "captain", 0, PW,
                      &cadre_person));
    char id[19] = "140105198001010010";
    id[17] = rules_idcard_check_char(id);
    household = zt_household(county, VA, "monitored", "2025-01-01", "演示户主", id);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zt_server_finish(&srv);
    return 0;
}

/* A client of cadre-a with its own outbox file (path gets its name) and offline option. */
static struct zc_client *cadre_client(int offline, char *path, size_t cap)
{
    struct zc_options o;
    zt_options(&srv, &o);
    snprintf(path, cap, "%s/outbox-%d.sqlite", srv.dir, ++serial);
    o.outbox = path;
    o.offline = offline;
    o.username = "cadre-a";
    o.timeout_ms = 5000;
    struct zc_client *c = NULL;
    struct zc_error err = {0};
    if (zc_connect(&o, &c, &err) != 0)
        fail_msg("connect: %s", err.message);
    Zhucun__Reply *r = NULL;
    if (zc_login(c, "cadre-a", PW, &r, &err) != 0)
        fail_msg("login: %s", err.message);
    zc_reply_free(r);
    return c;
}

/* A visit to the household today with notes, of household hid. */
static int visit(struct zc_client *c, int64_t hid, const char *notes, const char *date,
                 struct zc_error *err)
{
    int64_t cadres[1] = {cadre_person};
    Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
    vc.household_id = hid;
    vc.visit_date = (char *)(date != NULL ? date : today);
    vc.mode = "in_person";
    vc.cadre_ids = cadres;
    vc.n_cadre_ids = 1;
    vc.notes = (char *)notes;
    Zhucun__Reply *r = NULL;
    int rc = zc_visit_create(c, &vc, &r, err);
    zc_reply_free(r);
    return rc;
}

/* A check-in at the village's centre, the device's clock at_s. */
static int check_in(struct zc_client *c, long long at_s, struct zc_error *err)
{
    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = 37.8;
    ci.lon = 112.55;
    ci.accuracy_m = 20;
    ci.device_id = "test-device";
    ci.client_time = at_s;
    Zhucun__Reply *r = NULL;
    int rc = zc_check_in(c, &ci, &r, err);
    zc_reply_free(r);
    return rc;
}

static int visits_with(const char *notes)
{
    return (int)zt_count(&srv, "SELECT count(*) FROM visits WHERE notes = '%s'", notes);
}

/* Counts of c's account's entries by state. */
static void counts(struct zc_client *c, int n[ZC_OUTBOX_STATES])
{
    struct zc_outbox *ob = NULL;
    struct zc_error err = {0};
    char why[512];
    assert_int_equal(zc_outbox_of(c, &ob, &err), 0);
    assert_non_null(ob);
    assert_int_equal(zc_outbox_count(ob, NULL, "cadre-a", n, why, sizeof(why)), 0);
}

/* What zc_flush told, in order. */
struct told {
    int n;
    char calls[16][64];
    enum zc_flush_outcome what[16];
    char field[16][128];
    int code[16];
};

static void tell(const struct zc_outbox_entry *e, enum zc_flush_outcome what,
                 const Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct told *t = user;
    assert_true(t->n < 16);
    snprintf(t->calls[t->n], sizeof(t->calls[0]), "%s", e->call);
    t->what[t->n] = what;
    if (what == ZC_FLUSH_LANDED) {
        assert_null(err);
        assert_non_null(reply);
        assert_int_equal(reply->status != NULL ? reply->status->code : 0, ZHUCUN__CODE__OK);
    } else {
        assert_non_null(err);
        t->code[t->n] = err->code;
        snprintf(t->field[t->n], sizeof(t->field[0]), "%s", err->field);
    }
    t->n++;
}

/* Stops the server; the writes made meanwhile cannot reach it. */
static void server_down(void)
{
    assert_int_equal(zt_server_stop(&srv, 10000), 0);
}

static void test_three_writes_offline_land_once(void **state)
{
    (void)state;
    char path[700], n1[32], n2[32];
    struct zc_client *c = cadre_client(1, path, sizeof(path));
    snprintf(n1, sizeof(n1), "offline-%d-a", serial);
    snprintf(n2, sizeof(n2), "offline-%d-b", serial);
    long long before = zt_count(&srv, "SELECT count(*) FROM checkins");
    server_down();
    struct zc_error err = {0};
    long long now = zc_clock_now();
    assert_int_equal(visit(c, household, n1, NULL, &err), -1);
    assert_int_equal(err.queued, 1);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAVAILABLE);
    assert_int_equal(err.outcome_unknown, 0);
    assert_non_null(strstr(err.message, "已存入发件箱"));
    assert_int_equal(check_in(c, now, &err), -1);
    assert_int_equal(err.queued, 1);
    assert_int_equal(visit(c, household, n2, NULL, &err), -1);
    assert_int_equal(err.queued, 1);
    /* The same write again is the same entry (same body, same key). */
    assert_int_equal(visit(c, household, n2, NULL, &err), -1);
    assert_int_equal(err.queued, 1);
    int n[ZC_OUTBOX_STATES];
    counts(c, n);
    assert_int_equal(n[ZC_OUTBOX_WAITING], 3);
    assert_int_equal(n[ZC_OUTBOX_UNKNOWN] + n[ZC_OUTBOX_REFUSED], 0);
    /* A read fails as it always did: there is nothing to queue. */
    Zhucun__VisitsDue due = ZHUCUN__VISITS_DUE__INIT;
    Zhucun__Reply *r = NULL;
    assert_int_equal(zc_visits_due(c, &due, &r, &err), -1);
    assert_int_equal(err.queued, 0);
    zc_reply_free(r);

    zt_server_restart(&srv);
    struct told t = {0};
    struct zc_flush_result res;
    assert_int_equal(zc_flush(c, tell, &t, &res, &err), 0);
    assert_int_equal(res.landed, 3);
    assert_int_equal(res.refused, 0);
    assert_int_equal(res.left, 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.calls[0], "VisitCreate"); /* in the order they were made */
    assert_string_equal(t.calls[1], "CheckIn");
    assert_string_equal(t.calls[2], "VisitCreate");
    assert_int_equal(visits_with(n1), 1);
    assert_int_equal(visits_with(n2), 1);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM checkins"), before + 1);
    counts(c, n);
    assert_int_equal(n[ZC_OUTBOX_WAITING] + n[ZC_OUTBOX_UNKNOWN] + n[ZC_OUTBOX_REFUSED], 0);
    /* Nothing left: a second sending sends nothing. */
    memset(&t, 0, sizeof(t));
    assert_int_equal(zc_flush(c, tell, &t, &res, &err), 0);
    assert_int_equal(t.n, 0);
    assert_int_equal(res.landed + res.refused + res.left, 0);
    zc_close(c);
}

static void test_refused_kept_corrected_sent(void **state)
{
    (void)state;
    char path[700], good[32], bad[32], later[32];
    struct zc_client *c = cadre_client(1, path, sizeof(path));
    snprintf(good, sizeof(good), "offline-%d-good", serial);
    snprintf(bad, sizeof(bad), "offline-%d-bad", serial);
    snprintf(later, sizeof(later), "offline-%d-later", serial);
    server_down();
    struct zc_error err = {0};
    assert_int_equal(visit(c, household, good, NULL, &err), -1);
    assert_int_equal(err.queued, 1);
    /* A household that is not there: the library cannot know, the server refuses it. */
    assert_int_equal(visit(c, household + 100000, bad, NULL, &err), -1);
    assert_int_equal(err.queued, 1);
    assert_int_equal(visit(c, household, later, NULL, &err), -1);
    assert_int_equal(err.queued, 1);
    zt_server_restart(&srv);
    struct told t = {0};
    struct zc_flush_result res;
    /* The refusal does not stop the sending: the one after it lands. */
    assert_int_equal(zc_flush(c, tell, &t, &res, &err), 0);
    assert_int_equal(res.landed, 2);
    assert_int_equal(res.refused, 1);
    assert_int_equal(res.left, 0);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.what[0], ZC_FLUSH_LANDED);
    assert_int_equal(t.what[1], ZC_FLUSH_REFUSED);
    assert_int_equal(t.what[2], ZC_FLUSH_LANDED);
    assert_int_equal(t.code[1], ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(t.field[1], "household_id");
    assert_int_equal(visits_with(bad), 0);
    assert_int_equal(visits_with(later), 1);

    struct zc_outbox *ob = NULL;
    assert_int_equal(zc_outbox_of(c, &ob, &err), 0);
    struct zc_outbox_entry *v = NULL;
    char why[512];
    int n = zc_outbox_list(ob, NULL, "cadre-a", &v, why, sizeof(why));
    assert_int_equal(n, 1);
    assert_int_equal(v[0].state, ZC_OUTBOX_REFUSED);
    assert_int_equal(v[0].refused_code, ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(v[0].refused_field, "household_id");
    assert_true(strlen(v[0].refused_message) > 0);
    /* Sending again leaves a refused entry alone. */
    assert_int_equal(zc_flush(c, NULL, NULL, &res, &err), 0);
    assert_int_equal(res.landed + res.refused, 0);

    /* Corrected: the body read back, the household fixed, checked, put back. */
    Zhucun__VisitCreate *body = (Zhucun__VisitCreate *)zc_entry_body(&v[0], &err);
    assert_non_null(body);
    assert_string_equal(body->notes, bad);
    char *mode = body->mode;
    body->mode = "by_pigeon";
    assert_int_equal(zc_correct(ob, v[0].id, &body->base, &err), -1); /* the check refuses it */
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "mode");
    body->mode = mode;
    body->household_id = household;
    assert_int_equal(zc_correct(ob, v[0].id, &body->base, &err), 0);
    protobuf_c_message_free_unpacked(&body->base, NULL);
    int m[ZC_OUTBOX_STATES];
    counts(c, m);
    assert_int_equal(m[ZC_OUTBOX_WAITING], 1);
    assert_int_equal(m[ZC_OUTBOX_REFUSED], 0);
    zc_outbox_entries_free(v, n);
    memset(&t, 0, sizeof(t));
    assert_int_equal(zc_flush(c, tell, &t, &res, &err), 0);
    assert_int_equal(res.landed, 1);
    assert_int_equal(visits_with(bad), 1);
    counts(c, m);
    assert_int_equal(m[ZC_OUTBOX_WAITING] + m[ZC_OUTBOX_UNKNOWN] + m[ZC_OUTBOX_REFUSED], 0);
    zc_close(c);
}

static void test_without_offline_nothing_waits(void **state)
{
    (void)state;
    char path[700], note[32];
    struct zc_client *c = cadre_client(0, path, sizeof(path));
    snprintf(note, sizeof(note), "offline-%d-online", serial);
    server_down();
    struct zc_error err = {0};
    assert_int_equal(visit(c, household, note, NULL, &err), -1);
    assert_int_equal(err.queued, 0);
    assert_int_equal(err.outcome_unknown, 0); /* never sent: known not applied */
    assert_int_equal(err.code, ZHUCUN__CODE__UNAVAILABLE);
    int n[ZC_OUTBOX_STATES];
    counts(c, n);
    assert_int_equal(n[ZC_OUTBOX_WAITING] + n[ZC_OUTBOX_UNKNOWN] + n[ZC_OUTBOX_REFUSED], 0);
    zt_server_restart(&srv);
    zc_close(c);
    /* And a client made while the server is away exists only with the option. */
    server_down();
    struct zc_options o;
    zt_options(&srv, &o);
    o.outbox = path;
    struct zc_client *none = NULL;
    assert_int_equal(zc_connect(&o, &none, &err), -1);
    assert_null(none);
    o.offline = 1;
    o.username = "cadre-a";
    assert_int_equal(zc_connect(&o, &none, &err), 0);
    assert_non_null(none);
    assert_true(zc_broken(none));
    assert_null(zc_hello(none));
    zc_close(none);
    zt_server_restart(&srv);
}

/* Two senders of one outbox file at once (the desk and the CLI). */
struct sender {
    struct zc_client *c;
    struct zc_flush_result res;
    int rc;
    struct zc_error err;
};

static void *send_thread(void *arg)
{
    struct sender *s = arg;
    s->rc = zc_flush(s->c, NULL, NULL, &s->res, &s->err);
    return NULL;
}

static void test_two_senders_each_entry_once(void **state)
{
    (void)state;
    char path[700], prefix[32], note[48];
    struct zc_client *a = cadre_client(1, path, sizeof(path));
    snprintf(prefix, sizeof(prefix), "offline-%d-two", serial);
    server_down();
    struct zc_error err = {0};
    enum { WRITES = 8 };
    for (int i = 0; i < WRITES; i++) {
        snprintf(note, sizeof(note), "%s-%d", prefix, i);
        assert_int_equal(visit(a, household, note, NULL, &err), -1);
        assert_int_equal(err.queued, 1);
    }
    zt_server_restart(&srv);
    /* The second sender: another client on the same file (another process would be the same:
     * a claim names its process and its sender). */
    struct zc_options o;
    zt_options(&srv, &o);
    o.outbox = path;
    o.username = "cadre-a";
    struct zc_client *b = NULL;
    assert_int_equal(zc_connect(&o, &b, &err), 0);
    Zhucun__Reply *r = NULL;
    assert_int_equal(zc_login(b, "cadre-a", PW, &r, &err), 0);
    zc_reply_free(r);
    struct sender sa = {.c = a}, sb = {.c = b};
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, send_thread, &sa), 0);
    assert_int_equal(pthread_create(&tb, NULL, send_thread, &sb), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    /* One went through (or both shared the work): each entry landed once, none lost. */
    assert_int_equal(sa.res.landed + sb.res.landed, WRITES);
    assert_true(sa.rc == 0 || sb.rc == 0);
    if (sa.rc != 0)
        assert_int_equal(sa.err.code, ZHUCUN__CODE__FAILED_PRECONDITION);
    if (sb.rc != 0)
        assert_int_equal(sb.err.code, ZHUCUN__CODE__FAILED_PRECONDITION);
    for (int i = 0; i < WRITES; i++) {
        snprintf(note, sizeof(note), "%s-%d", prefix, i);
        assert_int_equal(visits_with(note), 1);
    }
    int n[ZC_OUTBOX_STATES];
    counts(a, n);
    assert_int_equal(n[ZC_OUTBOX_WAITING] + n[ZC_OUTBOX_UNKNOWN] + n[ZC_OUTBOX_REFUSED], 0);
    zc_close(a);
    zc_close(b);
}

/* A visit made offline days after the fact keeps its date when it lands. */
static void test_late_visit_keeps_its_date(void **state)
{
    (void)state;
    char path[700], note[32], date[11];
    struct zc_client *c = cadre_client(1, path, sizeof(path));
    snprintf(note, sizeof(note), "offline-%d-back", serial);
    rules_date_format(zt_today() - 3, date);
    server_down();
    struct zc_error err = {0};
    assert_int_equal(visit(c, household, note, date, &err), -1);
    assert_int_equal(err.queued, 1);
    zt_server_restart(&srv);
    struct zc_flush_result res;
    assert_int_equal(zc_flush(c, NULL, NULL, &res, &err), 0);
    assert_int_equal(res.landed, 1);
    assert_int_equal(
        zt_count(&srv, "SELECT count(*) FROM visits WHERE notes = '%s' AND visit_date = '%s'", note,
                 date),
        1);
    zc_close(c);
}

/* ---- the CLI ---- */

static char base[1600]; /* "zhucun --config ... --outbox ..." */
static char cli_outbox[700];

/* A configuration and an outbox of the CLI's own, and cadre-a logged in with it. */
static void cli_setup(void)
{
    snprintf(cli_outbox, sizeof(cli_outbox), "%s/cli-outbox-%d.sqlite", srv.dir, ++serial);
    zt_cli_login(&srv, "2s", cli_outbox, "cadre-a", PW, base, sizeof(base));
}

/* Runs `[env] zhucun ARGS` with stdout and stderr into out; returns the exit status. */
static int cli(const char *env, const char *args, char *out, size_t cap)
{
    char cmd[4000];
    snprintf(cmd, sizeof(cmd), "%s %s %s 2>&1", env, base, args);
    return zt_run(cmd, NULL, out, cap);
}

static int cli_visit(const char *env, int64_t hid, const char *date, const char *note, char *out,
                     size_t cap)
{
    char args[600];
    snprintf(args, sizeof(args),
             "visits add --household %lld --date %s --mode in_person --cadre %lld --note %s",
             (long long)hid, date, (long long)cadre_person, note);
    return cli(env, args, out, cap);
}

static int occurrences(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = strstr(text, what); p != NULL; p = strstr(p + 1, what))
        n++;
    return n;
}

/* The number of the first entry of `zhucun outbox list --json`'s output. */
static long long first_id(const char *json)
{
    const char *p = strstr(json, "\"id\"");
    assert_non_null(p);
    p += 4;
    while (*p == ':' || *p == ' ' || *p == '"')
        p++;
    return atoll(p);
}

static void test_cli_offline_batch(void **state)
{
    (void)state;
    cli_setup();
    char out[8192], n1[40], n2[40], back[11];
    snprintf(n1, sizeof(n1), "cli-%d-a", serial);
    snprintf(n2, sizeof(n2), "cli-%d-b", serial);
    rules_date_format(zt_today() - 2, back);
    long long checkins = zt_count(&srv, "SELECT count(*) FROM checkins");
    server_down();
    /* Three writes offline: --offline, and the environment a batch job sets. */
    /* Without the option nothing is kept: exit 10, as ever. */
    assert_int_equal(cli_visit("", household, today, n1, out, sizeof(out)), 10);
    assert_int_equal(cli("", "outbox list", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "发件箱是空的"));
    char args[300];
    snprintf(args, sizeof(args),
             "--offline visits add --household %lld --date %s --mode in_person "
             "--cadre %lld --note %s",
             (long long)household, today, (long long)cadre_person, n1);
    assert_int_equal(cli("", args, out, sizeof(out)), 12);
    assert_non_null(strstr(out, "已存入发件箱"));
    assert_int_equal(cli_visit("ZHUCUN_OFFLINE=1", household, back, n2, out, sizeof(out)), 12);
    assert_int_equal(
        cli("ZHUCUN_OFFLINE=1", "checkin --lat 37.8 --lon 112.55 --accuracy 15", out, sizeof(out)),
        12);
    assert_int_equal(cli("", "outbox list", out, sizeof(out)), 0);
    assert_int_equal(occurrences(out, "等待发送"), 4); /* three rows and the summary */
    assert_int_equal(cli("", "--json outbox list", out, sizeof(out)), 0);
    assert_int_equal(occurrences(out, "\"waiting\""), 3);
    /* Sending while the server is still away stops at once and keeps everything. */
    assert_int_equal(cli("", "outbox send", out, sizeof(out)), 10);
    assert_int_equal(cli("", "--json outbox list", out, sizeof(out)), 0);
    assert_int_equal(occurrences(out, "\"waiting\""), 3);

    zt_server_restart(&srv);
    assert_int_equal(cli("", "outbox send", out, sizeof(out)), 0);
    assert_int_equal(occurrences(out, "已送达"), 4); /* three rows and the summary */
    assert_int_equal(visits_with(n1), 1);
    assert_int_equal(
        zt_count(&srv, "SELECT count(*) FROM visits WHERE notes = '%s' AND visit_date = '%s'", n2,
                 back),
        1);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM checkins"), checkins + 1);
    assert_int_equal(cli("", "outbox list", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "发件箱是空的"));
    /* retry is send's old name: nothing to send now. */
    assert_int_equal(cli("", "outbox retry", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "没有这个账号在这台服务器上要发送的写入"));
}

static void test_cli_refused_dropped_redone(void **state)
{
    (void)state;
    cli_setup();
    char out[8192], note[40], args[64];
    snprintf(note, sizeof(note), "cli-%d-fixed", serial);
    server_down();
    assert_int_equal(
        cli_visit("ZHUCUN_OFFLINE=1", household + 100000, today, note, out, sizeof(out)), 12);
    zt_server_restart(&srv);
    assert_int_equal(cli("", "outbox send", out, sizeof(out)), 5); /* NOT_FOUND */
    assert_non_null(strstr(out, "被拒绝"));
    assert_non_null(strstr(out, "household_id"));
    assert_int_equal(cli("", "outbox list", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "被拒绝"));
    assert_non_null(strstr(out, "（字段 household_id）"));
    assert_int_equal(cli("", "--json outbox list", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "\"refused\""));
    assert_non_null(strstr(out, "\"NOT_FOUND\""));
    long long id = first_id(out);
    /* A refused entry is not sent again. */
    assert_int_equal(cli("", "outbox send", out, sizeof(out)), 0);
    assert_int_equal(occurrences(out, "已送达"), 0);
    /* Corrected: dropped, and the command made again with the right household. */
    assert_int_equal(cli("", "outbox drop 999999", out, sizeof(out)), 5);
    assert_int_equal(cli("", "outbox drop abc", out, sizeof(out)), 2);
    snprintf(args, sizeof(args), "outbox drop %lld", id);
    assert_int_equal(cli("", args, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "已从发件箱删除"));
    assert_int_equal(cli_visit("ZHUCUN_OFFLINE=1", household, today, note, out, sizeof(out)), 0);
    assert_int_equal(visits_with(note), 1);
    assert_int_equal(cli("", "outbox list", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "发件箱是空的"));
}

/* The CLI's send and a library client's (the desk's) at once on one file. */
struct cli_send {
    char out[8192];
    int rc;
};

static void *cli_send_thread(void *arg)
{
    struct cli_send *s = arg;
    s->rc = cli("", "outbox send", s->out, sizeof(s->out));
    return NULL;
}

static void test_cli_and_library_send_at_once(void **state)
{
    (void)state;
    cli_setup();
    char out[8192], note[48], prefix[32];
    snprintf(prefix, sizeof(prefix), "cli-%d-both", serial);
    server_down();
    enum { WRITES = 6 };
    for (int i = 0; i < WRITES; i++) {
        snprintf(note, sizeof(note), "%s-%d", prefix, i);
        assert_int_equal(cli_visit("ZHUCUN_OFFLINE=1", household, today, note, out, sizeof(out)),
                         12);
    }
    zt_server_restart(&srv);
    struct zc_options o;
    zt_options(&srv, &o);
    o.outbox = cli_outbox;
    o.username = "cadre-a";
    struct zc_client *c = NULL;
    struct zc_error err = {0};
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    Zhucun__Reply *r = NULL;
    assert_int_equal(zc_login(c, "cadre-a", PW, &r, &err), 0);
    zc_reply_free(r);
    struct cli_send s = {0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, cli_send_thread, &s), 0);
    struct zc_flush_result res;
    int rc = zc_flush(c, NULL, NULL, &res, &err);
    pthread_join(t, NULL);
    /* Whoever stopped stopped for the other (exit 7, FAILED_PRECONDITION); all landed once. */
    assert_true(rc == 0 || err.code == ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_true(s.rc == 0 || s.rc == 7);
    for (int i = 0; i < WRITES; i++) {
        snprintf(note, sizeof(note), "%s-%d", prefix, i);
        assert_int_equal(visits_with(note), 1);
    }
    assert_int_equal(res.landed + occurrences(s.out, "：已送达"), WRITES);
    assert_int_equal(cli("", "outbox list", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "发件箱是空的"));
    zc_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_writes_offline_land_once),
        cmocka_unit_test(test_refused_kept_corrected_sent),
        cmocka_unit_test(test_without_offline_nothing_waits),
        cmocka_unit_test(test_two_senders_each_entry_once),
        cmocka_unit_test(test_late_visit_keeps_its_date),
        cmocka_unit_test(test_cli_offline_batch),
        cmocka_unit_test(test_cli_refused_dropped_redone),
        cmocka_unit_test(test_cli_and_library_send_at_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
