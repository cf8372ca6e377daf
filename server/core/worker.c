/* worker.c -- a worker thread's loop: accept, serve, and stop by draining. */
#include "server/core/worker.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "server/core/conn.h"
#include "server/core/db.h"
#include "server/core/events.h"
#include "server/core/hasher.h"
#include "server/core/metrics.h"
#include "server/core/offload.h"
#include "server/core/reload.h"

/* Imports read on the thread pool at once per worker, and waiting: a worker reads at most two
 * files at a time (the pool has four threads, shared with the hashers), and a burst of imports
 * beyond the queue is told the server is busy. */
#define OFFLOAD_CONCURRENCY 2
#define OFFLOAD_QUEUE       16

/* Out of file descriptors, a worker stops accepting for this long (the kernel keeps new
 * connections in the listen backlog meanwhile) instead of being woken at once for the same
 * pending connection, again and again. */
#define ACCEPT_PAUSE_MS 250

static int listen_start(struct worker *w);

static void on_listener_closed(uv_handle_t *h)
{
    struct worker *w = h->data;
    w->listener_open = 0;
}

static void on_accept_pause_done(uv_timer_t *t)
{
    struct worker *w = t->data;
    if (w->stopping || w->listener_open)
        return;
    if (listen_start(w) != 0)
        uv_timer_start(&w->accept_pause, on_accept_pause_done, ACCEPT_PAUSE_MS, 0);
}

static void on_connection(uv_stream_t *s, int status)
{
    struct worker *w = s->data;
    if (status == UV_EMFILE || status == UV_ENFILE) {
        /* The listener's handle goes (its descriptor is a dup: the socket keeps listening)
         * and comes back after the pause: one line per pause, not one per wake-up. */
        w->accept_paused++;
        log_warn("accept.paused", "worker=%d error=\"%s\" pause_ms=%d pauses=%llu conns=%u",
                 w->index, uv_strerror(status), ACCEPT_PAUSE_MS,
                 (unsigned long long)w->accept_paused, w->nconns);
        if (!uv_is_closing((uv_handle_t *)&w->listener))
            uv_close((uv_handle_t *)&w->listener, on_listener_closed);
        uv_timer_start(&w->accept_pause, on_accept_pause_done, ACCEPT_PAUSE_MS, 0);
        return;
    }
    if (status < 0) {
        log_warn("accept.error", "worker=%d error=\"%s\"", w->index, uv_strerror(status));
        return;
    }
    conn_accept(w);
}

/* Listens on a dup of the worker's socket (so that closing the handle leaves the socket, and
 * its backlog, in place). 0, or a libuv error. */
static int listen_start(struct worker *w)
{
    int fd = dup(w->listen_fd);
    if (fd < 0)
        return uv_translate_sys_error(errno);
    uv_tcp_init(&w->loop, &w->listener);
    w->listener.data = w;
    w->listener_open = 1;
    int rc = uv_tcp_open(&w->listener, fd);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&w->listener, 1024, on_connection);
    if (rc != 0) {
        uv_close((uv_handle_t *)&w->listener, on_listener_closed);
        return rc;
    }
    return 0;
}

static void on_closed(uv_handle_t *h)
{
    (void)h;
}

/* Log lines wait at most this long, or until this much is buffered, before one write. */
#define LOG_FLUSH_MS    50
#define LOG_FLUSH_BYTES 16384

static void on_log_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    log_flush();
    w->log_since = 0;
}

/* After the callbacks of a loop iteration: the replies they made go out together, and the
 * log lines when enough or old enough (a timer writes the rest). */
static void on_iteration_done(uv_check_t *h)
{
    struct worker *w = h->data;
    conn_flush_dirty(w);
    /* A handful of relaxed stores: the levels a scrape reads, as this iteration left them. */
    struct metrics_levels lv = {w->nconns, w->next_conn_id, db_pool_live(w->db),
                                db_pool_queued(w->db), hasher_queued(w->hasher)};
    metrics_publish(&lv);
    size_t pending = log_pending();
    if (pending == 0)
        return;
    uint64_t now = uv_now(&w->loop);
    if (w->log_since == 0)
        w->log_since = now;
    if (pending >= LOG_FLUSH_BYTES || now - w->log_since >= LOG_FLUSH_MS) {
        log_flush();
        w->log_since = 0;
        uv_timer_stop(&w->log_timer);
    } else if (!uv_is_active((uv_handle_t *)&w->log_timer)) {
        uv_timer_start(&w->log_timer, on_log_timer, LOG_FLUSH_MS, 0);
    }
}

/* The last step of stopping: everything that keeps the loop alive is closed. */
static void close_all(struct worker *w)
{
    if (w->closed)
        return;
    w->closed = 1;
    uv_timer_stop(&w->drain_timer);
    uv_close((uv_handle_t *)&w->drain_timer, on_closed);
    uv_close((uv_handle_t *)&w->stop_async, on_closed);
    uv_close((uv_handle_t *)&w->reload_async, on_closed);
    uv_check_stop(&w->flush_check);
    uv_close((uv_handle_t *)&w->flush_check, on_closed);
    uv_timer_stop(&w->log_timer);
    uv_close((uv_handle_t *)&w->log_timer, on_closed);
    events_inbox_close(w);
    db_pool_close(w->db);
    if (w->replica != NULL)
        db_pool_close(w->replica);
    log_info("worker.stopped", "worker=%d", w->index);
}

static void check_done(struct worker *w)
{
    if (w->stopping && w->nconns == 0 && w->nrequests == 0)
        close_all(w);
}

void worker_conn_gone(struct worker *w)
{
    w->nconns--;
    check_done(w);
}

void worker_request_gone(struct worker *w)
{
    w->nrequests--;
    check_done(w);
}

static void on_drain_timeout(uv_timer_t *t)
{
    struct worker *w = t->data;
    log_warn("worker.drain_timeout", "worker=%d conns=%u requests=%u", w->index, w->nconns,
             w->nrequests);
    struct conn *c = w->conns;
    while (c != NULL) {
        struct conn *next = c->next;
        conn_close(c, "shutdown timeout");
        c = next;
    }
    /* Requests still waiting on the database or the hasher end with UNAVAILABLE. */
    close_all(w);
}

static void on_stop(uv_async_t *a)
{
    struct worker *w = a->data;
    if (w->stopping)
        return;
    w->stopping = 1;
    log_info("worker.stopping", "worker=%d conns=%u requests=%u", w->index, w->nconns,
             w->nrequests);
    if (w->listener_open && !uv_is_closing((uv_handle_t *)&w->listener))
        uv_close((uv_handle_t *)&w->listener, on_listener_closed);
    uv_timer_stop(&w->accept_pause);
    uv_close((uv_handle_t *)&w->accept_pause, on_closed);
    /* The socket itself goes too (the handle was on a dup): a connection made now is refused
     * at once, and those in the backlog are reset, instead of waiting unaccepted until the
     * process exits. A load balancer's check then sees the server gone and its retry takes the
     * client to another server (docs/haproxy.md). */
    close(w->listen_fd);
    w->listen_fd = -1;
    struct conn *c = w->conns;
    while (c != NULL) {
        struct conn *next = c->next;
        conn_drain(c, "server shutting down");
        c = next;
    }
    uv_timer_start(&w->drain_timer, on_drain_timeout, w->cfg->shutdown_timeout_ms + 100, 0);
    check_done(w);
}

/* The generation the main thread stored last; one stored twice before this runs is adopted
 * once, the newer, which is all that matters. */
static void on_reload(uv_async_t *a)
{
    struct worker *w = a->data;
    struct server_gen *g = atomic_load_explicit(&w->gen_next, memory_order_acquire);
    if (g == NULL || g->cfg == w->cfg)
        return;
    w->cfg = g->cfg;
    w->ssl_ctx = g->ssl_ctx;
    log_info("worker.reloaded", "worker=%d max_frame=%llu max_inflight=%llu", w->index,
             (unsigned long long)w->cfg->max_frame, (unsigned long long)w->cfg->max_inflight);
}

void worker_reload(struct worker *w, struct server_gen *gen)
{
    atomic_store_explicit(&w->gen_next, gen, memory_order_release);
    uv_async_send(&w->reload_async);
}

static void run(void *arg)
{
    struct worker *w = arg;
    metrics_bind(w->index);
    log_buffer_thread(1);
    log_info("worker.start", "worker=%d", w->index);
    uv_run(&w->loop, UV_RUN_DEFAULT);
    log_buffer_thread(0);
    metrics_bind(-1);
}

int worker_start(struct worker *w)
{
    const struct server_config *cfg = w->cfg;
    int rc = uv_loop_init(&w->loop);
    if (rc != 0)
        return rc;
    uv_timer_init(&w->loop, &w->accept_pause);
    w->accept_pause.data = w;
    rc = listen_start(w);
    if (rc != 0)
        return rc;
    uv_async_init(&w->loop, &w->stop_async, on_stop);
    w->stop_async.data = w;
    uv_async_init(&w->loop, &w->reload_async, on_reload);
    w->reload_async.data = w;
    atomic_init(&w->gen_next, NULL);
    uv_timer_init(&w->loop, &w->drain_timer);
    w->drain_timer.data = w;
    uv_check_init(&w->loop, &w->flush_check);
    w->flush_check.data = w;
    uv_check_start(&w->flush_check, on_iteration_done);
    uv_unref((uv_handle_t *)&w->flush_check); /* it keeps nothing alive by itself */
    uv_timer_init(&w->loop, &w->log_timer);
    w->log_timer.data = w;
    uv_unref((uv_handle_t *)&w->log_timer);
    events_inbox_init(w);

    struct db_pool_options po = {
        .dsn = cfg->db_dsn,
        .size = (unsigned)cfg->db_pool_size,
        .pipeline = (unsigned)cfg->db_pipeline,
        .queue_max = (unsigned)cfg->db_queue_max,
        .connect_timeout_ms = (unsigned)cfg->db_connect_timeout_ms,
        .reconnect_min_ms = (unsigned)cfg->db_reconnect_min_ms,
        .reconnect_max_ms = (unsigned)cfg->db_reconnect_max_ms,
        .statement_timeout_ms = (unsigned)cfg->db_statement_timeout_ms,
        .worker = w->index,
    };
    w->db = db_pool_new(&w->loop, &po);
    if (cfg->db_replica_dsn != NULL) {
        /* The same settings on the replica, with a size of its own. */
        po.dsn = cfg->db_replica_dsn;
        po.size = (unsigned)cfg->db_replica_pool_size;
        w->replica = db_pool_new(&w->loop, &po);
    }
    struct password_params pp = {(uint32_t)cfg->argon2_memory_kib, (uint32_t)cfg->argon2_iterations,
                                 (uint32_t)cfg->argon2_parallelism};
    w->hasher =
        hasher_new(&w->loop, &pp, (unsigned)cfg->hash_concurrency, (unsigned)cfg->hash_queue);
    w->offload = offload_new(&w->loop, OFFLOAD_CONCURRENCY, OFFLOAD_QUEUE);
    return uv_thread_create(&w->thread, run, w);
}

void worker_stop(struct worker *w)
{
    uv_async_send(&w->stop_async);
}

void worker_join(struct worker *w)
{
    uv_thread_join(&w->thread);
    if (w->listen_fd >= 0) /* closed at stop already, unless the worker never stopped */
        close(w->listen_fd);
    w->listen_fd = -1;
    uv_mutex_destroy(&w->event_lock);
    db_pool_free(w->db);
    if (w->replica != NULL)
        db_pool_free(w->replica);
    hasher_free(w->hasher);
    offload_free(w->offload);
    int rc = uv_loop_close(&w->loop);
    if (rc != 0)
        log_warn("worker.loop_close", "worker=%d error=\"%s\"", w->index, uv_strerror(rc));
}
