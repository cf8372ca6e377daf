/* metrics.h -- the server's counters for Prometheus (docs/metrics.md): one block per worker,
 * written by its own thread without a lock, summed by whoever renders them.
 *
 * Each worker thread binds its block once (metrics_bind) and the modules on its loop count
 * into it through the functions below; on a thread that bound no block (the main thread, the
 * events thread, a unit test) they do nothing. A counter has one writer, its worker, which
 * stores with relaxed atomics (no lock prefix, no fence); the reader (the metrics listener's
 * thread) loads with relaxed atomics, so a scrape sees every counter as some recent value and
 * never a torn one. Families and labels are fixed at start: the call label comes from the
 * dispatch table (unknown body cases count under "unknown"). */
#ifndef ZHUCUN_METRICS_H
#define ZHUCUN_METRICS_H

#include <stdint.h>
#include <stdio.h>

/* The result label of zhucun_tls_handshakes_total. */
enum metrics_tls { METRICS_TLS_OK, METRICS_TLS_FAILED, METRICS_TLS_TIMEOUT, METRICS_TLS_NRESULTS };

/* Makes a block per worker (nworkers of them), before any worker runs. Calling it again
 * (a second server_run in one process: tests) starts from zero. */
void metrics_init(unsigned nworkers);
/* Frees the blocks, after every worker thread and the listener are gone. */
void metrics_free(void);
/* Binds the calling thread to worker index's block (index < nworkers), or unbinds it (-1). */
void metrics_bind(int index);

/* A request ended: its body case (0 or an unknown case: "unknown"), its status code and its
 * time from the frame to the reply, in microseconds. */
void metrics_request(int body_case, int code, uint64_t us);
/* A TLS handshake ended. */
void metrics_tls_handshake(enum metrics_tls result);
/* A database query waited this long in the pool's queue before it was sent (nanoseconds). */
void metrics_db_wait(uint64_t ns);
/* An event was pushed to a following connection. */
void metrics_event_pushed(void);
/* An export pull ended having sent rows rows. */
void metrics_export_rows(uint64_t rows);

/* The worker's levels, published once per loop iteration (worker.c): open connections,
 * connections accepted so far, live pool connections, queries waiting for one, password hashes
 * waiting for a thread. */
struct metrics_levels {
    uint64_t conns, accepted, db_live, db_queued, hash_queued;
};
void metrics_publish(const struct metrics_levels *lv);

/* A SIGHUP's reload was taken (ok 1) or refused (0); the main thread's, not a worker's. */
void metrics_reload(int ok);

/* The server received SIGTERM or SIGINT: readiness fails from now on. */
void metrics_set_draining(void);

/* Whether the server accepts work: 1, or 0 with a one-line reason in why (cap bytes). */
int metrics_ready(char *why, size_t cap);

/* Writes every family in the Prometheus text exposition format 0.0.4 to f. */
void metrics_render(FILE *f);

#endif
