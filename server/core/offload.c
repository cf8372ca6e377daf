/* offload.c -- bounded request work on the libuv thread pool (offload.h), as hasher.c does
 * for Argon2id. */
#include "server/core/offload.h"

#include <stdlib.h>

#include "common/xmalloc.h"

struct offload {
    uv_loop_t *loop;
    unsigned concurrency;
    unsigned queue_max;
    unsigned running;
    unsigned queued;
    struct offload_job *head, *tail; /* waiting, oldest first */
};

struct offload *offload_new(uv_loop_t *loop, unsigned concurrency, unsigned queue_max)
{
    struct offload *o = xcalloc(1, sizeof(*o));
    o->loop = loop;
    o->concurrency = concurrency ? concurrency : 1;
    o->queue_max = queue_max;
    return o;
}

void offload_free(struct offload *o)
{
    free(o);
}

static void work(uv_work_t *w)
{
    struct offload_job *job = container_of(w, struct offload_job, req);
    job->work(job);
}

static void start(struct offload *o, struct offload_job *job);

static void after(uv_work_t *w, int status)
{
    struct offload_job *job = container_of(w, struct offload_job, req);
    struct offload *o = job->o;
    (void)status; /* never cancelled: every submitted job runs */
    o->running--;
    job->done(job); /* may free the job (it is the request's) */
    if (o->head != NULL && o->running < o->concurrency) {
        struct offload_job *next = o->head;
        o->head = next->next;
        if (o->head == NULL)
            o->tail = NULL;
        o->queued--;
        start(o, next);
    }
}

static void start(struct offload *o, struct offload_job *job)
{
    o->running++;
    uv_queue_work(o->loop, &job->req, work, after);
}

int offload_submit(struct offload *o, struct offload_job *job)
{
    if (o->running >= o->concurrency && o->queued >= o->queue_max)
        return -1;
    job->o = o;
    job->next = NULL;
    if (o->running < o->concurrency) {
        start(o, job);
        return 0;
    }
    if (o->tail != NULL)
        o->tail->next = job;
    else
        o->head = job;
    o->tail = job;
    o->queued++;
    return 0;
}
