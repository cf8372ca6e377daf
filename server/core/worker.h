/* worker.h -- one worker thread: its loop, its listening socket (SO_REUSEPORT), its
 * connections, its database pool and its password hasher. Nothing mutable is shared between
 * workers; sessions live in the database. */
#ifndef ZHUCUN_WORKER_H
#define ZHUCUN_WORKER_H

#include <openssl/ssl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <uv.h>

#include "common/config.h"

struct conn;
struct offload;
struct event;
struct server_gen;

struct worker {
    int index;
    uv_loop_t loop;
    uv_thread_t thread;
    int listen_fd;     /* bound and listening, made by the main thread; the worker closes it */
    uv_tcp_t listener; /* on a dup of listen_fd; closed while accepting is paused */
    int listener_open; /* the handle is open or closing */
    uv_timer_t accept_pause; /* out of descriptors: accepting resumes when it fires */
    uint64_t accept_paused;  /* pauses so far */
    uv_async_t stop_async;   /* the main thread asks the worker to stop */
    uv_timer_t drain_timer;  /* bounds the wait for in-flight requests at stop */
    const struct server_config *cfg;
    SSL_CTX *ssl_ctx;
    struct db_pool *db;
    /* The replica's pool ([database] replica_dsn; docs/export.md): NULL when none. Only reads
     * that say so run on it (the exports); the session checks and every write stay on db. */
    struct db_pool *replica;
    struct hasher *hasher;
    struct offload *offload; /* request work on the thread pool (imports read off the loop) */
    struct conn *conns;      /* live connections (list) */
    unsigned nconns;
    unsigned nrequests; /* requests not yet finished, on any connection */
    uint64_t next_conn_id;
    int stopping;
    int closed; /* pool and handles closed; the loop is winding down */
    /* Server events from the LISTEN thread (events.c): a list under event_lock, newest
     * first; event_async wakes the loop. events_open is 0 once the inbox is closed. */
    uv_async_t event_async;
    uv_mutex_t event_lock;
    struct event *events;
    int events_open;
    /* Connections with TLS output made during this loop iteration: written once, together,
     * when the iteration's callbacks are done (flush_check; conn_flush_dirty). */
    uv_check_t flush_check;
    struct conn *dirty;
    uv_timer_t log_timer; /* writes log lines that waited LOG_FLUSH_MS */
    uint64_t log_since;   /* when the oldest unwritten line was made (loop time, ms) */
    char readbuf[65536];
    /* Refused PROXY v2 headers are logged at most once a second per worker (conn.c): a
     * balancer misconfigured, or somebody probing, must not flood the log. */
    uint64_t proxy_logged_ms; /* loop time of the last proxy.refused line, 0 for none */
    uint64_t proxy_refused;   /* refusals since that line, not logged */
    /* SIGHUP (reload.h): the newest configuration generation, stored by the main thread
     * (release) and adopted on this loop when reload_async fires (acquire): cfg and ssl_ctx
     * change only on the worker's own thread. */
    uv_async_t reload_async;
    _Atomic(struct server_gen *) gen_next;
};

/* Prepares the worker's loop, pool and handles (on the calling thread) and starts its thread. */
int worker_start(struct worker *w);
/* Asks the worker to stop: stop accepting, drain, close. Thread-safe. */
void worker_stop(struct worker *w);
/* Hands the worker a new configuration generation (SIGHUP); it takes it up on its loop for
 * the connections and requests that start after. Thread-safe; not after worker_stop. */
void worker_reload(struct worker *w, struct server_gen *gen);
/* Waits for the thread and frees what the worker owns. */
void worker_join(struct worker *w);

/* Connection and request bookkeeping; called by conn.c and dispatch.c on the worker's loop. */
void worker_conn_gone(struct worker *w);
void worker_request_gone(struct worker *w);

#endif
