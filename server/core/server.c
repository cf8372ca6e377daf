/* server.c -- start-up, one SO_REUSEPORT listener and one thread per worker, signals. */
#include "server/core/server.h"

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/password.h"
#include "common/rules/date.h"
#include "common/tls.h"
#include "common/xmalloc.h"
#include "server/core/clockpin.h"
#include "server/core/db.h"
#include "server/core/dispatch.h"
#include "server/core/hasher.h"
#include "server/core/events.h"
#include "server/core/metrics.h"
#include "server/core/metrics_http.h"
#include "server/core/reload.h"
#include "server/core/worker.h"

/* A bound, listening, non-blocking socket; with reuseport (SO_REUSEPORT) each worker has its
 * own and the kernel spreads connections over them. The metrics listener's has none, so a
 * second server given the same metrics port fails to start instead of sharing it. Made on the
 * main thread so that a bad address fails start-up with a clear message. */
static int make_listener(const char *host, int port, int reuseport, char *err, size_t errlen)
{
    struct addrinfo hints = {0}, *res = NULL;
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "could not resolve listen address %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) ||
        bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
        snprintf(err, errlen, "could not listen on %s:%d: %s", host, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

/* Every connection is a descriptor: the soft limit goes up to the hard one, and a limit below
 * what max_connections allows is said at start (past it a worker pauses accepting: worker.c). */
static void raise_open_files(const struct server_config *cfg)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    /* each worker: its pool, a listener, the events thread's and a margin for files */
    unsigned long long want =
        (unsigned long long)cfg->workers * (cfg->max_connections + cfg->db_pool_size + 4) + 64;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
        log_warn("server.open_files", "limit=%llu wanted=%llu max_connections=%llu workers=%llu",
                 (unsigned long long)rl.rlim_cur, want, (unsigned long long)cfg->max_connections,
                 (unsigned long long)cfg->workers);
}

static struct worker *workers;
static unsigned nworkers;
static uv_signal_t sigterm, sigint, sighup;
static struct server_gen *generation; /* the newest configuration (reload.h) */

static void on_signal(uv_signal_t *s, int signum)
{
    log_info("server.stopping", "signal=%s", signum == SIGTERM ? "SIGTERM" : "SIGINT");
    /* Readiness fails first, so a load balancer stops sending while the workers drain. */
    metrics_set_draining();
    for (unsigned i = 0; i < nworkers; i++)
        worker_stop(&workers[i]);
    (void)s;
    /* The handles go, so the main loop ends once the workers are joined; no reload during
     * the drain. */
    uv_close((uv_handle_t *)&sigterm, NULL);
    uv_close((uv_handle_t *)&sigint, NULL);
    uv_close((uv_handle_t *)&sighup, NULL);
}

/* SIGHUP: the file again; the workers take up what may change live (reload.h). */
static void on_sighup(uv_signal_t *s, int signum)
{
    (void)s;
    (void)signum;
    struct server_gen *g = reload_read(generation);
    metrics_reload(g != NULL);
    if (g == NULL)
        return;
    generation = g;
    for (unsigned i = 0; i < nworkers; i++)
        worker_reload(&workers[i], g);
}

/* The metrics listener ([metrics] listen), when asked for: NULL when off, or when it could not
 * start (said in the log; *failed set then, and the server does not start either, as for its
 * own address). */
static struct metrics_http *metrics_start(const struct server_config *cfg, int *failed)
{
    char err[512], quoted[LOG_QUOTE_SIZE(512)];
    *failed = 0;
    if (cfg->metrics_host == NULL)
        return NULL;
    int fd = make_listener(cfg->metrics_host, cfg->metrics_port, 0, err, sizeof(err));
    struct metrics_http *h = fd >= 0 ? metrics_http_start(fd, err, sizeof(err)) : NULL;
    if (h == NULL) {
        log_error("metrics.listen", "error=%s", log_quote(quoted, sizeof(quoted), err));
        *failed = 1;
        return NULL;
    }
    log_info("metrics.start", "listen=%s:%d", cfg->metrics_host, cfg->metrics_port);
    return h;
}

/* Honours the database's clock pin (a test build) or refuses a pinned database (any other
 * build): docs/clock.md. A database that cannot be reached now is not checked. */
static int clock_check(const struct server_config *cfg)
{
    /* With the pool's connect timeout: a first host that does not answer (a dead primary
     * of a multi-host DSN) must not hold the start up. */
    PGconn *pg =
        db_connect_blocking(cfg->db_dsn, cfg->db_connect_timeout_ms, "zhucun-server", "clock");
    int rc = 0;
    if (PQstatus(pg) != CONNECTION_OK)
        log_warn("server.clock", "error=\"the database cannot be reached: the clock pin is not "
                                 "checked\"");
    else
        rc = clockpin_adopt(pg);
    PQfinish(pg);
    if (rc == 0 && zc_clock_offset() != 0) {
        char day[11];
        rules_date_format(zc_clock_today(), day);
        log_warn("server.clock", "pinned=true offset_s=%lld today=%s", (long long)zc_clock_offset(),
                 day);
    }
    return rc;
}

int server_run(const struct server_config *cfg)
{
    char err[1024];
    int status = 1;
    uv_loop_t main_loop;
    signal(SIGPIPE, SIG_IGN);
    log_flush_on_crash();
    raise_open_files(cfg);

    SSL_CTX *ctx =
        tls_server_ctx(cfg->tls_cert, cfg->tls_key, cfg->tls_client_ca, err, sizeof(err));
    if (ctx == NULL) {
        char quoted[512];
        log_error("server.tls", "error=%s", log_quote(quoted, sizeof(quoted), err));
        return 1;
    }
    struct password_params pp = {(uint32_t)cfg->argon2_memory_kib, (uint32_t)cfg->argon2_iterations,
                                 (uint32_t)cfg->argon2_parallelism};
    if (hasher_init_dummy(&pp) != 0) {
        log_error("server.init", "error=\"could not compute the dummy password hash\"");
        SSL_CTX_free(ctx);
        return 1;
    }
    /* The call table is gathered from the domains before any worker runs: a table that
     * gives one Request body two calls stops the server here, not at its first request. */
    size_t ncalls;
    dispatch_calls(&ncalls);
    size_t nstatements;
    db_statements(&nstatements);
    log_info("server.calls", "calls=%zu statements=%zu", ncalls, nstatements);
    /* The libuv thread pool does the hashing; size it for every worker's share. */
    char pool_size[16];
    snprintf(pool_size, sizeof(pool_size), "%llu",
             (unsigned long long)(cfg->workers * cfg->hash_concurrency + 1));
    setenv("UV_THREADPOOL_SIZE", pool_size, 0);

    if (clock_check(cfg) != 0) {
        SSL_CTX_free(ctx);
        return 1;
    }

    nworkers = (unsigned)cfg->workers;
    workers = xcalloc(nworkers, sizeof(*workers));
    metrics_init(nworkers);
    generation = reload_first(cfg, ctx);
    struct metrics_http *metrics = NULL;
    int metrics_failed = 0;
    unsigned started = 0;
    for (unsigned i = 0; i < nworkers; i++)
        workers[i].listen_fd = -1;
    for (unsigned i = 0; i < nworkers; i++) {
        workers[i].index = (int)i;
        workers[i].cfg = cfg;
        workers[i].ssl_ctx = ctx;
        workers[i].listen_fd =
            make_listener(cfg->listen_host, cfg->listen_port, 1, err, sizeof(err));
        if (workers[i].listen_fd < 0) {
            char quoted[512];
            log_error("server.listen", "error=%s", log_quote(quoted, sizeof(quoted), err));
            goto out;
        }
    }
    uv_loop_init(&main_loop);
    uv_signal_init(&main_loop, &sigterm);
    uv_signal_init(&main_loop, &sigint);
    uv_signal_init(&main_loop, &sighup);
    uv_signal_start(&sigterm, on_signal, SIGTERM);
    uv_signal_start(&sigint, on_signal, SIGINT);
    uv_signal_start(&sighup, on_sighup, SIGHUP);
    for (unsigned i = 0; i < nworkers; i++) {
        int rc = worker_start(&workers[i]);
        if (rc != 0) {
            log_error("server.worker", "worker=%u error=\"%s\"", i, uv_strerror(rc));
            for (unsigned k = 0; k < started; k++)
                worker_stop(&workers[k]);
            break;
        }
        started++;
    }
    if (started == nworkers)
        metrics = metrics_start(cfg, &metrics_failed);
    if (started == nworkers && !metrics_failed) {
        log_info("server.start", "version=%s listen=%s:%d workers=%u", ZHUCUN_VERSION,
                 cfg->listen_host, cfg->listen_port, nworkers);
        status = 0;
        struct event_source *events = events_start(cfg, workers, nworkers);
        if (events == NULL)
            log_warn("events.start", "error=\"could not start the LISTEN thread\"");
        uv_run(&main_loop, UV_RUN_DEFAULT);
        events_stop(events);
    } else {
        for (unsigned k = 0; metrics_failed && k < started; k++)
            worker_stop(&workers[k]);
        uv_close((uv_handle_t *)&sigterm, NULL);
        uv_close((uv_handle_t *)&sigint, NULL);
        uv_close((uv_handle_t *)&sighup, NULL);
        uv_run(&main_loop, UV_RUN_DEFAULT);
    }
    for (unsigned i = 0; i < started; i++)
        worker_join(&workers[i]);
    /* It answers 503 (draining) until the workers are gone. */
    metrics_http_stop(metrics);
    uv_loop_close(&main_loop);
    log_info("server.stopped", "status=%d", status);
out:
    for (unsigned i = 0; i < nworkers; i++)
        if (workers[i].listen_fd >= 0 && i >= started)
            close(workers[i].listen_fd);
    free(workers);
    workers = NULL;
    metrics_free();
    reload_free(generation); /* the first one holds ctx */
    generation = NULL;
    return status;
}
