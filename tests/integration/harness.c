/* harness.c -- start databases, servers and clients for the integration tests. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/rules/instant.h"
#include "common/xmalloc.h"

static const char *env_or_fail(const char *name)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0')
        fail_msg("%s is not set: run the integration tests through tests/run", name);
    return v;
}

long long zt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void zt_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static char *admin_conninfo(const char *db)
{
    return xasprintf("host=%s port=%s user=%s dbname=%s", env_or_fail("ZC_TEST_PGHOST"),
                     env_or_fail("ZC_TEST_PGPORT"), env_or_fail("ZC_TEST_PGUSER"), db);
}

static PGconn *pg_connect(const char *conninfo)
{
    PGconn *pg = PQconnectdb(conninfo);
    if (PQstatus(pg) != CONNECTION_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", PQerrorMessage(pg));
        PQfinish(pg);
        fail_msg("could not connect to PostgreSQL (%s): %s", conninfo, msg);
    }
    return pg;
}

static void exec_admin(const char *db, const char *sql)
{
    char *ci = admin_conninfo(db);
    PGconn *pg = pg_connect(ci);
    free(ci);
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", PQresultErrorMessage(res));
        PQclear(res);
        PQfinish(pg);
        fail_msg("SQL failed (%s): %s", sql, msg);
    }
    PQclear(res);
    PQfinish(pg);
}

int zt_clock_init(void)
{
    static int done;
    if (done)
        return zc_clock_offset() != 0;
    done = 1;
    const char *at = getenv("ZC_TEST_CLOCK");
    if (at == NULL || at[0] == '\0')
        return 0;
    long long us;
    if (rules_instant_parse(at, &us) != 0)
        fail_msg("ZC_TEST_CLOCK is not a point in time: %s", at);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long long offset = us / 1000000 - (long long)ts.tv_sec;
    if (offset == 0)
        offset = 1; /* "pinned" stays distinguishable from the real clock */
    if (zc_clock_set_offset(offset) != 0)
        fail_msg("ZC_TEST_CLOCK is set, but this build cannot run on a pinned clock: build with "
                 "-DZHUCUN_TEST_CLOCK=ON (tests/run does)");
    /* The database sessions of this process and its children see the pin (0015_clock.sql). */
    setenv("PGOPTIONS", "-c zhucun.test_clock=on", 1);
    /* The server and the CLI processes the tests start read the same offset. */
    char v[32];
    snprintf(v, sizeof(v), "%lld", offset);
    setenv("ZHUCUN_CLOCK_OFFSET", v, 1);
    fprintf(stderr, "harness: clock pinned to %s (offset %lld s)\n", at, offset);
    return 1;
}

int zt_today(void)
{
    zt_clock_init();
    return zc_clock_today();
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    socklen_t len = sizeof(a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        fail_msg("could not find a free port: %s", strerror(errno));
    close(fd);
    return ntohs(a.sin_port);
}

int zt_run(const char *cmd, const char *stdin_text, char *out, size_t cap)
{
    int in[2], outp[2];
    /* Close-on-exec: only the dup2'ed copies reach the child, so a daemon it starts (pg_ctl
     * start) cannot hold our pipe open and make the read below wait forever. */
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(outp, O_CLOEXEC) != 0)
        fail_msg("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(outp[1], 1);
        close(in[1]);
        close(outp[0]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(outp[1]);
    if (stdin_text != NULL) {
        ssize_t w = write(in[1], stdin_text, strlen(stdin_text));
        (void)w;
    }
    close(in[1]);
    size_t n = 0;
    char sink[4096];
    for (;;) {
        char *dst = out != NULL && n + 1 < cap ? out + n : sink;
        size_t room = out != NULL && n + 1 < cap ? cap - n - 1 : sizeof(sink);
        ssize_t k = read(outp[0], dst, room);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        if (dst != sink)
            n += (size_t)k;
    }
    if (out != NULL && cap > 0)
        out[n] = '\0';
    close(outp[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void zt_options(struct zt_server *s, struct zc_options *o)
{
    static char server[64];
    static char ca[512];
    memset(o, 0, sizeof(*o));
    snprintf(server, sizeof(server), "127.0.0.1:%d", s->port);
    snprintf(ca, sizeof(ca), "%s/ca.crt", env_or_fail("ZC_TEST_CERTS"));
    o->server = server;
    o->ca = ca;
    o->client_name = "zhucun-tests";
    o->timeout_ms = 20000;
}

static void spawn(struct zt_server *s)
{
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    if (pid == 0) {
        int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(ZT_SERVER_BIN, "zhucun-server", "--config", s->config, (char *)NULL);
        _exit(127);
    }
    s->pid = pid;
    /* Ready when it answers Hello. */
    long long deadline = zt_now_ms() + 20000;
    while (zt_now_ms() < deadline) {
        struct zc_options o;
        struct zc_client *c;
        struct zc_error err;
        zt_options(s, &o);
        o.timeout_ms = 2000;
        if (zc_connect(&o, &c, &err) == 0) {
            zc_close(c);
            return;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            s->pid = 0;
            char cmd[700], out[4096];
            snprintf(cmd, sizeof(cmd), "tail -n 30 %s", s->log);
            zt_run(cmd, NULL, out, sizeof(out));
            fail_msg("zhucun-server exited at start-up (status %d); log:\n%s", status, out);
        }
        zt_sleep_ms(50);
    }
    fail_msg("zhucun-server did not answer within 20 s (log %s)", s->log);
}

/* The server's configuration file: the tests' defaults, then extra_ini (later keys win). */
static void write_config(struct zt_server *s, const char *extra_ini)
{
    const char *certs = env_or_fail("ZC_TEST_CERTS");
    const char *host = env_or_fail("ZC_TEST_PGHOST");
    const char *port = env_or_fail("ZC_TEST_PGPORT");
    const char *user = env_or_fail("ZC_TEST_PGUSER");
    /* tests/run's personal data key file; a test that rotates keys names its own in
     * extra_ini. */
    const char *keys = env_or_fail("ZC_TEST_KEYFILE");
    FILE *f = fopen(s->config, "w");
    if (f == NULL)
        fail_msg("could not write %s: %s", s->config, strerror(errno));
    fprintf(f,
            "[server]\nlisten = 127.0.0.1:%d\nworkers = 2\n"
            "[tls]\ncert = %s/server.crt\nkey = %s/server.key\nclient_ca = %s/ca.crt\n"
            "[database]\ndsn = host=%s port=%s dbname=%s user=zhucun_app\n"
            "admin_dsn = host=%s port=%s dbname=%s user=%s\npool_size = 2\n"
            "reconnect_min = 50ms\nreconnect_max = 500ms\nconnect_timeout = 2s\n"
            "[data]\nkey_file = %s\n"
            "[log]\nlevel = info\n%s\n",
            s->port, certs, certs, certs, host, port, s->dbname, host, port, s->dbname, user, keys,
            extra_ini ? extra_ini : "");
    fclose(f);
}

void zt_server_prepare(struct zt_server *s, const char *name, const char *extra_ini,
                       const char *migrations)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->name, sizeof(s->name), "%s", name);
    const char *tmp = getenv("ZC_TEST_TMP") ? getenv("ZC_TEST_TMP") : "/tmp";
    snprintf(s->dir, sizeof(s->dir), "%s/zt-%s-%ld", tmp, name, (long)getpid());
    mkdir(s->dir, 0755);
    snprintf(s->config, sizeof(s->config), "%s/server.conf", s->dir);
    snprintf(s->log, sizeof(s->log), "%s/server.log", s->dir);
    snprintf(s->dbname, sizeof(s->dbname), "zt_%s_%ld", name, (long)getpid());
    s->port = free_port();

    char *sql = xasprintf("DROP DATABASE IF EXISTS %s", s->dbname);
    exec_admin("postgres", sql);
    free(sql);
    /* tests/run migrates one template database before ctest (ZC_TEST_TEMPLATE): a copy of it
     * takes a second where applying every migration takes ten, and the migrate below then
     * finds nothing to do. A suite that brings its own migrations starts empty. The copy does
     * not carry the template's per-database settings (0006 sets jit = off): they are set again.
     * FILE_COPY copies the template's 3,500 files as files: PostgreSQL 15's default (WAL_LOG)
     * reads and logs every block, 0.7 s of CPU a copy against 0.24 s (and a drop after it 0.26
     * s against 0.13 s), where ~180 suites each make one on two shared cores. */
    const char *tmpl = migrations == NULL ? getenv("ZC_TEST_TEMPLATE") : NULL;
    if (tmpl != NULL && *tmpl != '\0') {
        sql = xasprintf("CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY", s->dbname, tmpl);
        exec_admin("postgres", sql);
        free(sql);
        sql = xasprintf("DO $$ DECLARE s text; BEGIN FOR s IN SELECT unnest(setconfig) FROM "
                        "pg_db_role_setting WHERE setrole = 0 AND setdatabase = (SELECT oid "
                        "FROM pg_database WHERE datname = '%s') LOOP EXECUTE format('ALTER "
                        "DATABASE %%I SET %%I = %%L', '%s', split_part(s, '=', 1), substr(s, "
                        "strpos(s, '=') + 1)); END LOOP; END $$",
                        tmpl, s->dbname);
        exec_admin("postgres", sql);
    } else {
        sql = xasprintf("CREATE DATABASE %s", s->dbname);
        exec_admin("postgres", sql);
    }
    free(sql);

    write_config(s, extra_ini);

    char cmd[1400], out[4096];
    snprintf(cmd, sizeof(cmd), "%s migrate --config %s --migrations %s 2>&1", ZT_SERVER_BIN,
             s->config, migrations != NULL ? migrations : ZT_MIGRATIONS_DIR);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fail_msg("migrate failed (%d): %s", rc, out);
    if (zt_clock_init()) {
        sql = xasprintf("SELECT zc_clock_pin_offset(%lld)", (long long)zc_clock_offset());
        exec_admin(s->dbname, sql);
        free(sql);
    }
}

void zt_server_start(struct zt_server *s, const char *name, const char *extra_ini)
{
    zt_server_prepare(s, name, extra_ini, NULL);
    /* What the daily timer does in production: the visit duties' periods exist. */
    char cmd[1400], out[4096];
    snprintf(cmd, sizeof(cmd), "%s duties --config %s 2>&1", ZT_SERVER_BIN, s->config);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fail_msg("duties failed (%d): %s", rc, out);
    spawn(s);
}

void zt_server_restart(struct zt_server *s)
{
    spawn(s);
}

void zt_server_twin(struct zt_server *twin, const struct zt_server *s)
{
    *twin = *s;
    snprintf(twin->config, sizeof(twin->config), "%s/twin.conf", s->dir);
    snprintf(twin->log, sizeof(twin->log), "%s/twin.log", s->dir);
    twin->port = free_port();
    write_config(twin, NULL);
    spawn(twin);
}

int zt_server_stop(struct zt_server *s, int timeout_ms)
{
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    return zt_server_wait(s, timeout_ms);
}

int zt_server_wait(struct zt_server *s, int timeout_ms)
{
    if (s->pid <= 0)
        return -1;
    long long deadline = zt_now_ms() + timeout_ms;
    int status = 0;
    int rc = -1;
    while (zt_now_ms() < deadline) {
        pid_t p = waitpid(s->pid, &status, WNOHANG);
        if (p == s->pid) {
            rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        zt_sleep_ms(20);
    }
    if (rc == -1) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &status, 0);
    }
    s->pid = 0;
    if (rc != 0) {
        char cmd[700], out[8192];
        snprintf(cmd, sizeof(cmd), "tail -n 60 %s", s->log);
        zt_run(cmd, NULL, out, sizeof(out));
        fprintf(stderr, "zhucun-server stopped with status %d; log tail:\n%s\n", rc, out);
    }
    return rc;
}

void zt_server_cleanup(struct zt_server *s)
{
    if (s->pid > 0)
        zt_server_stop(s, 15000);
    char *sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", s->dbname);
    exec_admin("postgres", sql);
    free(sql);
}

void zt_server_finish(struct zt_server *s)
{
    int status = zt_server_stop(s, 15000);
    zt_server_cleanup(s);
    assert_int_equal(status, 0);
}

Zhucun__Code zt_call(struct zc_client *c, Zhucun__Request *req, Zhucun__Reply **out)
{
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    req->id = 0;
    int rc = zc_call(c, req, &reply, &err);
    Zhucun__Code code = rc == 0 ? ZHUCUN__CODE__OK : err.code;
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

void zt_org_import(struct zc_client *c, const char *csv)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgImport im = ZHUCUN__ORG_IMPORT__INIT;
    im.csv = (char *)csv;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_IMPORT;
    req.org_import = &im;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (code != ZHUCUN__CODE__OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", reply && reply->status ? reply->status->message : "");
        zc_reply_free(reply);
        fail_msg("org import failed (%d): %s", code, msg);
    }
    zc_reply_free(reply);
}

Zhucun__Code zt_ping(struct zc_client *c)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Ping p = ZHUCUN__PING__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PING;
    req.ping = &p;
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    int rc = zc_call(c, &req, &reply, &err);
    Zhucun__Code code = rc == 0 ? ZHUCUN__CODE__OK : err.code;
    if (rc == 0 && reply->body_case != ZHUCUN__REPLY__BODY_PING)
        code = ZHUCUN__CODE__INTERNAL;
    zc_reply_free(reply);
    return code;
}

int zt_useradd(struct zt_server *s, const char *username, const char *password, const char *role,
               const char *scope, int must_change)
{
    char cmd[1400], in[512];
    snprintf(cmd, sizeof(cmd),
             "%s useradd --config %s %s --role %s --scope %s %s --password-stdin >/dev/null",
             ZT_SERVER_BIN, s->config, username, role, scope, must_change ? "--must-change" : "");
    snprintf(in, sizeof(in), "%s\n", password);
    return zt_run(cmd, in, NULL, 0);
}

struct zc_client *zt_connect(struct zt_server *s, const char *token)
{
    struct zc_options o;
    struct zc_client *c;
    struct zc_error err;
    zt_options(s, &o);
    o.session_token = token;
    if (zc_connect(&o, &c, &err) != 0)
        fail_msg("connect failed: %s (code %d)", err.message, err.code);
    return c;
}

struct zc_client *zt_login(struct zt_server *s, const char *username, const char *password,
                           char *token)
{
    struct zc_client *c = zt_connect(s, NULL);
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    /* A server just started may still be preparing its statements on its few connections: a
     * test server with no wait queue (test_limits) answers a login then as busy, which a
     * client takes as "try again shortly". So does this, for up to 10 s; any other refusal
     * fails the test at once. */
    long long deadline = zt_now_ms() + 10000;
    while (zc_login(c, username, password, &reply, &err) != 0) {
        zc_reply_free(reply);
        reply = NULL;
        if (err.code != ZHUCUN__CODE__RESOURCE_EXHAUSTED || zt_now_ms() > deadline) {
            zc_close(c);
            fail_msg("login %s failed: %s (code %d)", username, err.message, err.code);
        }
        zt_sleep_ms(100);
    }
    if (token != NULL)
        snprintf(token, 65, "%s", reply->login->session_token);
    zc_reply_free(reply);
    return c;
}

Zhucun__Code zt_whoami(struct zc_client *c)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
    req.whoami = &w;
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    int rc = zc_call(c, &req, &reply, &err);
    zc_reply_free(reply);
    return rc == 0 ? ZHUCUN__CODE__OK : err.code;
}

static char *query_first(const char *conninfo, const char *sql, int *failed)
{
    PGconn *pg = pg_connect(conninfo);
    PGresult *res = PQexec(pg, sql);
    char *out;
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        *failed = 1;
        out = xstrdup(PQresultErrorMessage(res));
    } else {
        *failed = 0;
        out = xstrdup(st == PGRES_TUPLES_OK && PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
    }
    PQclear(res);
    PQfinish(pg);
    return out;
}

char *zt_sql(struct zt_server *s, const char *sql)
{
    char *ci = admin_conninfo(s->dbname);
    int failed;
    char *out = query_first(ci, sql, &failed);
    free(ci);
    if (failed) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", out);
        free(out);
        fail_msg("SQL failed (%s): %s", sql, msg);
    }
    return out;
}

int zt_sql_as_app(struct zt_server *s, const char *sql)
{
    char *ci = xasprintf("host=%s port=%s user=zhucun_app dbname=%s", env_or_fail("ZC_TEST_PGHOST"),
                         env_or_fail("ZC_TEST_PGPORT"), s->dbname);
    int failed;
    char *out = query_first(ci, sql, &failed);
    free(ci);
    free(out);
    return failed ? -1 : 0;
}

int zt_tcp(struct zt_server *s)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
        fail_msg("tcp connect: %s", strerror(errno));
    return fd;
}

long zt_wait_closed(int fd, int timeout_ms)
{
    long long start = zt_now_ms();
    long long deadline = start + timeout_ms;
    char buf[4096];
    while (zt_now_ms() < deadline) {
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll(&p, 1, (int)(deadline - zt_now_ms()));
        if (rc <= 0)
            continue;
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0)
            return (long)(zt_now_ms() - start);
    }
    return -1;
}

void zt_pg(const char *action)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "%s %s >/dev/null 2>&1", env_or_fail("ZC_TEST_PGCLUSTER"), action);
    int rc = zt_run(cmd, NULL, NULL, 0);
    if (rc != 0)
        fail_msg("%s failed with %d", cmd, rc);
}

int64_t zt_unit(struct zc_client *office, const char *name, const char *level, const char *org)
{
    Zhucun__DispatchUnit u = ZHUCUN__DISPATCH_UNIT__INIT;
    u.name = (char *)name;
    u.level = (char *)level;
    u.org_code = (char *)org;
    Zhucun__UnitCreate uc = ZHUCUN__UNIT_CREATE__INIT;
    uc.unit = &u;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_UNIT_CREATE;
    req.unit_create = &uc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office, &req, &reply), ZHUCUN__CODE__OK);
    int64_t id = reply->unit->id;
    zc_reply_free(reply);
    return id;
}

int64_t zt_team(struct zc_client *office, const char *kind, const char *org, const char *name)
{
    Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
    tc.kind = (char *)kind;
    tc.org_code = (char *)org;
    tc.name = (char *)name;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_CREATE;
    req.team_create = &tc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office, &req, &reply), ZHUCUN__CODE__OK);
    int64_t team = reply->team->id;
    zc_reply_free(reply);
    return team;
}

int64_t zt_user_add(struct zc_client *office, const char *username, const char *name,
                    const char *org, const char *role, int64_t unit_id, char initial[64])
{
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = (char *)name;
    p.org_code = (char *)org;
    p.unit_id = unit_id;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    ua.username = (char *)username;
    ua.person = &p;
    ua.role = (char *)role;
    Zhucun__Request ureq = ZHUCUN__REQUEST__INIT;
    ureq.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
    ureq.user_add = &ua;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office, &ureq, &reply), ZHUCUN__CODE__OK);
    int64_t person = reply->user_add->person_id;
    snprintf(initial, 64, "%s", reply->user_add->initial_password);
    zc_reply_free(reply);
    return person;
}

struct zc_client *zt_first_login(struct zt_server *s, const char *username, const char *initial,
                                 const char *password)
{
    struct zc_client *c = zt_login(s, username, initial, NULL);
    assert_int_equal(zt_change_password(c, initial, password), ZHUCUN__CODE__OK);
    return c;
}

struct zc_client *zt_cadre(struct zt_server *s, struct zc_client *office, int64_t team,
                           const char *username, const char *org, const char *role,
                           const char *post, int64_t unit_id, const char *password, int64_t *person)
{
    char initial[64];
    *person = zt_user_add(office, username, strcmp(post, "captain") == 0 ? "演示队长" : "演示队员",
                          org, role, unit_id, initial);
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = team;
    ta.person_id = *person;
    ta.post = (char *)post;
    ta.start_date = "2025-06-01";
    ta.unit_id = unit_id;
    Zhucun__Request areq = ZHUCUN__REQUEST__INIT;
    areq.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
    areq.team_assign = &ta;
    assert_int_equal(zt_call(office, &areq, NULL), ZHUCUN__CODE__OK);
    /* the first login: change the initial password */
    return zt_first_login(s, username, initial, password);
}

Zhucun__Code zt_change_password(struct zc_client *c, const char *old_pw, const char *new_pw)
{
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = (char *)old_pw;
    cp.new_password = (char *)new_pw;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    return zt_call(c, &req, NULL);
}

PGconn *zt_pg_admin(struct zt_server *s)
{
    char *ci = admin_conninfo(s->dbname);
    PGconn *pg = pg_connect(ci);
    free(ci);
    return pg;
}

PGconn *zt_pg_app(struct zt_server *s)
{
    char *ci = xasprintf("host=%s port=%s user=zhucun_app dbname=%s", env_or_fail("ZC_TEST_PGHOST"),
                         env_or_fail("ZC_TEST_PGPORT"), s->dbname);
    PGconn *pg = pg_connect(ci);
    free(ci);
    return pg;
}

void zt_income_met(struct zt_server *s, long long household)
{
    char sql[900];
    snprintf(sql, sizeof(sql),
             "INSERT INTO income_sums (household_id, village_code, month, version, wages_fen,"
             " business_fen, rent_fen, dividend_fen, pension_fen, subsidy_fen, dibao_fen,"
             " other_transfer_fen, costs_fen, members, net_fen, per_capita_fen, ack)"
             " SELECT h.id, h.village_code, (date_trunc('month', zc_today()::timestamp)"
             " - make_interval(months => k))::date, 1, 100000, 0, 0, 0, 0, 0, 0, 0, 0, 1, 100000,"
             " 100000, 'signed' FROM households h, generate_series(1, 6) k WHERE h.id = %lld"
             " RETURNING household_id",
             household);
    free(zt_sql(s, sql));
}

int64_t zt_household(struct zc_client *office, const char *village, const char *category,
                     const char *since, const char *head, const char *id_number)
{
    int64_t id = 0;
    assert_int_equal(
        zt_household_keyed(office, NULL, village, category, since, head, id_number, &id),
        ZHUCUN__CODE__OK);
    return id;
}

Zhucun__Code zt_household_keyed(struct zc_client *office, const char *key, const char *village,
                                const char *category, const char *since, const char *head,
                                const char *id_number, int64_t *id)
{
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp = &m;
    m.name = (char *)head;
    m.relation = "head";
    m.id_number = (char *)id_number;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = (char *)village;
    h.category = (char *)category;
    h.since = (char *)since;
    h.n_members = 1;
    h.members = &mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code =
        zt_call_body(office, ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE, &hc, key, NULL, &reply);
    if (code == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->household->id;
    zc_reply_free(reply);
    return code;
}

unsigned long long zt_export_rows(struct zc_client *c, const char *kind, const char *scope,
                                  const char *since, char *cursor, size_t cap)
{
    return zt_export_rows_as(c, kind, "jsonl", scope, since, cursor, cap);
}

unsigned long long zt_export_rows_as(struct zc_client *c, const char *kind, const char *format,
                                     const char *scope, const char *since, char *cursor, size_t cap)
{
    Zhucun__Export ex = ZHUCUN__EXPORT__INIT;
    ex.kind = (char *)kind;
    ex.scope_code = (char *)scope;
    ex.since = (char *)since;
    ex.format = (char *)format;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_EXPORT;
    req.export = &ex;
    struct zc_error err;
    uint64_t id = zc_send(c, &req, &err);
    if (id == 0)
        fail_msg("export %s: %s", kind, err.message);
    unsigned long long rows = 0;
    for (;;) {
        Zhucun__Reply *reply = NULL;
        if (zc_recv(c, &reply, 30000, &err) != 0)
            fail_msg("export %s: %s", kind, err.message);
        if (reply->id != id) {
            zc_reply_free(reply);
            continue;
        }
        if (reply->status != NULL && reply->status->code != ZHUCUN__CODE__OK)
            fail_msg("export %s: %s", kind, reply->status->message);
        rows += reply->export_chunk->rows;
        int more = reply->more;
        if (!more)
            snprintf(cursor, cap, "%s", reply->export_chunk->cursor);
        zc_reply_free(reply);
        if (!more)
            return rows;
    }
}

Zhucun__Code zt_call_body(struct zc_client *c, int bc, void *body, const char *key,
                          const char *field, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = bc;
    req.ping = body; /* every member of the oneof shares the one pointer */
    req.idempotency_key = (char *)(key != NULL ? key : "");
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    Zhucun__Code code = zc_call(c, &req, &reply, &err) == 0 ? ZHUCUN__CODE__OK : err.code;
    if (field != NULL && strcmp(err.field, field) != 0)
        fail_msg("call %d: code %d, refused naming \"%s\" (%s), not %s", bc, (int)code, err.field,
                 err.message, field);
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

void zt_assert_refused(Zhucun__Code got, Zhucun__Reply **out, Zhucun__Code code, const char *field)
{
    Zhucun__Reply *reply = *out;
    *out = NULL;
    if (got != code)
        fail_msg("got %d (%s), expected %d naming %s", got,
                 reply && reply->status ? reply->status->message : "", code, field);
    assert_non_null(reply);
    if (reply->status->n_fields != 1)
        fail_msg("%s: %zu fields, expected %s", reply->status->message, reply->status->n_fields,
                 field);
    assert_string_equal(reply->status->fields[0]->field, field);
    zc_reply_free(reply);
}

long long zt_count(struct zt_server *s, const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    char *v = zt_sql(s, sql);
    long long n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

void zt_attach_evidence(struct zt_server *s, const char *username, const uint8_t sha[32])
{
    char hex[65], sql[900];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sha[i]);
    snprintf(sql, sizeof(sql),
             "INSERT INTO attachments (sha256, size, mime) VALUES ('\\x%s', 4, 'application/pdf')"
             " ON CONFLICT DO NOTHING;"
             "INSERT INTO attachment_blobs (sha256, data) VALUES ('\\x%s', '%%PDF')"
             " ON CONFLICT DO NOTHING;"
             "INSERT INTO attachment_files (sha256, user_id, name) SELECT '\\x%s', id,"
             " 'evidence.pdf' FROM users WHERE %s%s%s ON CONFLICT DO NOTHING;"
             "SELECT count(*) FROM attachment_files WHERE sha256 = '\\x%s'",
             hex, hex, hex, username ? "username = '" : "true", username ? username : "",
             username ? "'" : "", hex);
    char *n = zt_sql(s, sql);
    if (atoi(n) < 1)
        fail_msg("zt_attach_evidence: no user %s", username ? username : "at all");
    free(n);
}

void zt_migrations_upto(int n, char *dir, size_t cap)
{
    const char *tmp = getenv("ZC_TEST_TMP") ? getenv("ZC_TEST_TMP") : "/tmp";
    snprintf(dir, cap, "%s/zt-migrations-%d-%ld", tmp, n, (long)getpid());
    char cmd[2048], out[1024];
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s' && for f in '%s'/[0-9][0-9][0-9][0-9]_*.sql; do"
             " b=$(basename \"$f\"); [ \"${b%%%%_*}\" -le %d ] && ln -sf \"$f\" '%s'/; done; true",
             dir, ZT_MIGRATIONS_DIR, n, dir);
    if (zt_run(cmd, NULL, out, sizeof(out)) != 0)
        fail_msg("could not link the migrations up to %d: %s", n, out);
}

Zhucun__Reply *zt_ok(struct zc_client *c, int bc, void *body, const char *key)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, bc, body, key, NULL, &reply), ZHUCUN__CODE__OK);
    return reply;
}

void zt_refused(struct zc_client *c, int bc, void *body, Zhucun__Code code, const char *field)
{
    Zhucun__Reply *reply = NULL;
    Zhucun__Code got = zt_call_body(c, bc, body, NULL, NULL, &reply);
    if (field == NULL) {
        assert_int_equal(got, code);
        zc_reply_free(reply);
        return;
    }
    zt_assert_refused(got, &reply, code, field);
}

void zt_cli_login(struct zt_server *s, const char *timeout, const char *outbox,
                  const char *username, const char *password, char *base, size_t cap)
{
    char conf[800];
    snprintf(conf, sizeof(conf), "%s/client.conf", s->dir);
    FILE *f = fopen(conf, "w");
    if (f == NULL)
        fail_msg("%s: %s", conf, strerror(errno));
    fprintf(f,
            "[client]\nserver = 127.0.0.1:%d\nca = %s/ca.crt\nsession = %s/session\n"
            "timeout = %s\n",
            s->port, env_or_fail("ZC_TEST_CERTS"), s->dir, timeout);
    fclose(f);
    snprintf(base, cap, "%s --config %s --outbox %s", ZT_CLI_BIN, conf, outbox);
    char out[4096], cmd[2400], pw[300];
    snprintf(cmd, sizeof(cmd), "%s login %s --password-stdin 2>&1", base, username);
    snprintf(pw, sizeof(pw), "%s\n", password);
    if (zt_run(cmd, pw, out, sizeof(out)) != 0)
        fail_msg("zhucun login %s: %s", username, out);
}

int zt_free_port(void)
{
    return free_port();
}

int zt_occurrences(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(s, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

int zt_log_lines(const char *log, const char *a, const char *b, const char *c)
{
    FILE *f = fopen(log, "r");
    if (f == NULL)
        fail_msg("reading %s: %s", log, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    while (getline(&line, &cap, f) >= 0)
        n += strstr(line, a) != NULL && (b == NULL || strstr(line, b) != NULL) &&
             (c == NULL || strstr(line, c) != NULL);
    free(line);
    fclose(f);
    return n;
}
