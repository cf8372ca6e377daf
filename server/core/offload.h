/* offload.h -- a request's CPU work (reading a large import) on the libuv thread pool, a
 * bounded number of jobs at once per worker, so that it never holds the worker's loop: the
 * other requests of its connections go on being answered meanwhile.
 *
 * Each worker has one (worker.offload). A job runs work on a pool thread, then done on the
 * loop thread. work must touch only what the job owns (not the request's arena, which the
 * loop thread may use meanwhile); done may use everything. */
#ifndef ZHUCUN_OFFLOAD_H
#define ZHUCUN_OFFLOAD_H

#include <uv.h>

struct offload;

struct offload_job {
    void (*work)(struct offload_job *job); /* on a pool thread */
    void (*done)(struct offload_job *job); /* on the loop thread, after work */
    /* the offload's own */
    uv_work_t req;
    struct offload *o;
    struct offload_job *next;
};

/* At most concurrency jobs run at once; up to queue_max more wait their turn. */
struct offload *offload_new(uv_loop_t *loop, unsigned concurrency, unsigned queue_max);

/* Runs job (work and done set; it must stay valid until done has run). 0, or -1 when the
 * queue is full: done does not run. */
int offload_submit(struct offload *o, struct offload_job *job);

/* Frees the offload; call only when no job is pending (after the loop has finished). */
void offload_free(struct offload *o);

#endif
