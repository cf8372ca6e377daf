/* sealer.c -- the audit chain's sealer thread: calls zc_audit_seal every 200 ms on a blocking
 * connection of its own, so that what writers append unsealed is chained within a fraction of
 * a second without any writer waiting for it (sealer.h, docs/audit.md). */
#include "server/audit/sealer.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <uv.h>

#include "common/log.h"
#include "common/xmalloc.h"
#include "server/audit/store.h"
#include "server/core/db.h"

#define BACKOFF_MAX_MS 10000u

struct audit_sealer {
    const struct server_config *cfg;
    uv_thread_t thread;
    uv_mutex_t lock; /* guards stop and cancel */
    uv_cond_t wake;  /* signalled by audit_sealer_stop */
    int stop;
    PGcancel *cancel; /* while a round runs: what audit_sealer_stop cancels it with */
};

/* Sleeps up to ms unless told to stop; returns 1 when stopping. */
static int pause_ms(struct audit_sealer *s, unsigned ms)
{
    uv_mutex_lock(&s->lock);
    if (!s->stop)
        uv_cond_timedwait(&s->wake, &s->lock, (uint64_t)ms * 1000000u);
    int stop = s->stop;
    uv_mutex_unlock(&s->lock);
    return stop;
}

static PGconn *seal_connect(struct audit_sealer *s)
{
    /* The pool's connect timeout, so that a stop is never held up long by a host that does not
     * answer. */
    PGconn *pg = db_connect_blocking(s->cfg->db_dsn, s->cfg->db_connect_timeout_ms,
                                     "zhucun-server sealer", "sealer");
    if (PQstatus(pg) != CONNECTION_OK) {
        char quoted[512];
        log_warn("audit.sealer_connect", "error=%s",
                 log_quote(quoted, sizeof(quoted), PQerrorMessage(pg)));
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

/* One call of zc_audit_seal. Returns the rows it sealed (gap rows included; 0 when another
 * sealer was at work), or -1 after logging a failure; *read_only says the failure was the
 * server being read-only (a failover demoted it). */
static int seal_round(struct audit_sealer *s, PGconn *pg, int *read_only)
{
    *read_only = 0;
    char max[16];
    snprintf(max, sizeof(max), "%u", AUDIT_SEAL_BATCH);
    const char *values[] = {max, "false"};
    uv_mutex_lock(&s->lock);
    s->cancel = s->stop ? NULL : PQgetCancel(pg);
    uv_mutex_unlock(&s->lock);
    if (s->cancel == NULL)
        return -1;
    PGresult *res = PQexecParams(pg, store_audit_seal_sql, 2, NULL, values, NULL, NULL, 0);
    uv_mutex_lock(&s->lock);
    PQfreeCancel(s->cancel);
    s->cancel = NULL;
    int stopping = s->stop;
    uv_mutex_unlock(&s->lock);
    int n = -1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        /* sealed, gaps, head_seq, busy */
        int sealed = atoi(PQgetvalue(res, 0, 0)), gaps = atoi(PQgetvalue(res, 0, 1));
        n = sealed + gaps;
        if (n > 0)
            log_debug("audit.sealed", "rows=%d gaps=%d head_seq=%s", sealed, gaps,
                      PQgetvalue(res, 0, 2));
    } else if (!stopping) {
        *read_only = db_result_read_only(res);
        char quoted[512];
        log_warn("audit.seal_failed", "error=%s",
                 log_quote(quoted, sizeof(quoted), PQresultErrorMessage(res)));
    }
    PQclear(res);
    return n;
}

static void run(void *arg)
{
    struct audit_sealer *s = arg;
    PGconn *pg = NULL;
    unsigned backoff = AUDIT_SEAL_INTERVAL_MS;
    log_info("audit.sealer", "interval_ms=%u batch=%u", AUDIT_SEAL_INTERVAL_MS, AUDIT_SEAL_BATCH);
    for (;;) {
        unsigned wait = AUDIT_SEAL_INTERVAL_MS;
        int read_only = 0;
        if (pg == NULL)
            pg = seal_connect(s);
        int n = pg != NULL ? seal_round(s, pg, &read_only) : -1;
        if (n < 0) {
            /* The database away, or the round refused (a damaged head stops it: ZC007): try
             * again, less and less often, one log line a try. A read-only server will not
             * become the primary again on this connection: connect anew (the DSN's
             * target_session_attrs=read-write then reaches the new primary). */
            if (pg != NULL && (PQstatus(pg) != CONNECTION_OK || read_only)) {
                PQfinish(pg);
                pg = NULL;
            }
            wait = backoff;
            backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
        } else {
            backoff = AUDIT_SEAL_INTERVAL_MS;
            /* A full batch: more may be waiting (a backlog after a stop); go on at once. */
            if ((unsigned)n >= AUDIT_SEAL_BATCH)
                wait = 0;
        }
        if (pause_ms(s, wait))
            break;
    }
    PQfinish(pg);
}

struct audit_sealer *audit_sealer_start(const struct server_config *cfg)
{
    struct audit_sealer *s = xcalloc(1, sizeof(*s));
    s->cfg = cfg;
    if (uv_mutex_init(&s->lock) != 0) {
        free(s);
        log_error("audit.sealer", "error=\"no mutex\"");
        return NULL;
    }
    if (uv_cond_init(&s->wake) != 0) {
        uv_mutex_destroy(&s->lock);
        free(s);
        log_error("audit.sealer", "error=\"no condition variable\"");
        return NULL;
    }
    /* The thread takes no signals: SIGTERM and SIGINT are the serving loop's to handle. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = uv_thread_create(&s->thread, run, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        log_error("audit.sealer", "error=%s", uv_strerror(rc));
        uv_cond_destroy(&s->wake);
        uv_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    return s;
}

void audit_sealer_stop(struct audit_sealer *s)
{
    if (s == NULL)
        return;
    uv_mutex_lock(&s->lock);
    s->stop = 1;
    if (s->cancel != NULL) {
        char err[256];
        PQcancel(s->cancel, err, sizeof(err));
    }
    uv_cond_signal(&s->wake);
    uv_mutex_unlock(&s->lock);
    uv_thread_join(&s->thread);
    uv_cond_destroy(&s->wake);
    uv_mutex_destroy(&s->lock);
    free(s);
}
