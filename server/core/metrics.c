/* metrics.c -- per-worker counters, summed and written in the Prometheus text format. */
#include "server/core/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "common/xmalloc.h"
#include "server/core/dispatch.h"

/* Upper bounds of the histograms' buckets, in microseconds (+Inf is the last bucket). A
 * request takes from well under a millisecond (Ping, a cached session) to the statement
 * timeout; a wait for a pool connection is usually nothing, and under load a few ms. */
static const uint64_t request_bounds[] = {1000,    2500,    5000,    10000,  25000,
                                          50000,   100000,  250000,  500000, 1000000,
                                          2500000, 5000000, 10000000};
static const uint64_t wait_bounds[] = {100,   500,   1000,   2500,   5000,   10000,
                                       25000, 50000, 100000, 250000, 500000, 1000000};
#define NREQ_BUCKETS  (sizeof(request_bounds) / sizeof(request_bounds[0]) + 1)
#define NWAIT_BUCKETS (sizeof(wait_bounds) / sizeof(wait_bounds[0]) + 1)
/* Status codes are 0..16 (envelope.proto); another number counts under slot 2, which no code
 * has and status_code_name calls UNKNOWN. */
#define NSTATUS      17
#define STATUS_OTHER 2

typedef _Atomic uint64_t counter;

/* One worker's block. Written by one thread only; its own cache lines (the struct and each
 * array are allocated aligned to 64 bytes and rounded up to them), so two workers counting
 * never contend for a line. */
struct worker_metrics {
    _Alignas(64) counter tls[METRICS_TLS_NRESULTS];
    counter db_wait[NWAIT_BUCKETS];
    counter db_wait_sum_us;
    counter events_pushed;
    counter export_rows;
    counter conns, accepted, db_live, db_queued, hash_queued;
    counter *requests;        /* [ncases][NSTATUS] */
    counter *duration;        /* [ncases][NREQ_BUCKETS], not cumulative */
    counter *duration_sum_us; /* [ncases] */
};

static struct worker_metrics *blocks;
static unsigned nblocks;
static int ncases; /* body cases 0..ncases-1; 0 is "unknown" */
static atomic_int draining;
static counter reloads[2]; /* refused, taken: counted by the main thread */
static _Thread_local struct worker_metrics *mine;

void metrics_init(unsigned nworkers)
{
    metrics_free();
    size_t ncalls;
    const struct call_def *const *calls = dispatch_calls(&ncalls);
    ncases = 1;
    for (size_t i = 0; i < ncalls; i++)
        if (calls[i]->body_case >= ncases)
            ncases = calls[i]->body_case + 1;
    nblocks = nworkers;
    blocks = xcalloc_lines(nworkers * sizeof(*blocks));
    for (unsigned i = 0; i < nworkers; i++) {
        blocks[i].requests = xcalloc_lines((size_t)ncases * NSTATUS * sizeof(counter));
        blocks[i].duration = xcalloc_lines((size_t)ncases * NREQ_BUCKETS * sizeof(counter));
        blocks[i].duration_sum_us = xcalloc_lines((size_t)ncases * sizeof(counter));
    }
    atomic_store(&draining, 0);
    atomic_store(&reloads[0], 0);
    atomic_store(&reloads[1], 0);
}

void metrics_free(void)
{
    for (unsigned i = 0; i < nblocks; i++) {
        free(blocks[i].requests);
        free(blocks[i].duration);
        free(blocks[i].duration_sum_us);
    }
    free(blocks);
    blocks = NULL;
    nblocks = 0;
}

void metrics_bind(int index)
{
    mine = index >= 0 && (unsigned)index < nblocks ? &blocks[index] : NULL;
}

/* The one writer adds without a locked instruction: a relaxed load and a relaxed store. */
static void add(counter *c, uint64_t n)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
                          memory_order_relaxed);
}

static void set(counter *c, uint64_t v)
{
    atomic_store_explicit(c, v, memory_order_relaxed);
}

static uint64_t get(const counter *c)
{
    return atomic_load_explicit((counter *)c, memory_order_relaxed);
}

static size_t bucket_of(const uint64_t *bounds, size_t nbounds, uint64_t us)
{
    size_t i = 0;
    while (i < nbounds && us > bounds[i])
        i++;
    return i;
}

void metrics_request(int body_case, int code, uint64_t us)
{
    struct worker_metrics *m = mine;
    if (m == NULL)
        return;
    size_t k = body_case > 0 && body_case < ncases && dispatch_call(body_case) != NULL
                   ? (size_t)body_case
                   : 0;
    size_t s = code >= 0 && code < NSTATUS ? (size_t)code : STATUS_OTHER;
    add(&m->requests[k * NSTATUS + s], 1);
    add(&m->duration[k * NREQ_BUCKETS + bucket_of(request_bounds, NREQ_BUCKETS - 1, us)], 1);
    add(&m->duration_sum_us[k], us);
}

void metrics_tls_handshake(enum metrics_tls result)
{
    if (mine != NULL && result < METRICS_TLS_NRESULTS)
        add(&mine->tls[result], 1);
}

void metrics_db_wait(uint64_t ns)
{
    struct worker_metrics *m = mine;
    if (m == NULL)
        return;
    uint64_t us = ns / 1000;
    add(&m->db_wait[bucket_of(wait_bounds, NWAIT_BUCKETS - 1, us)], 1);
    add(&m->db_wait_sum_us, us);
}

void metrics_event_pushed(void)
{
    if (mine != NULL)
        add(&mine->events_pushed, 1);
}

void metrics_export_rows(uint64_t rows)
{
    if (mine != NULL)
        add(&mine->export_rows, rows);
}

void metrics_publish(const struct metrics_levels *lv)
{
    struct worker_metrics *m = mine;
    if (m == NULL)
        return;
    set(&m->conns, lv->conns);
    set(&m->accepted, lv->accepted);
    set(&m->db_live, lv->db_live);
    set(&m->db_queued, lv->db_queued);
    set(&m->hash_queued, lv->hash_queued);
}

void metrics_reload(int ok)
{
    atomic_fetch_add_explicit(&reloads[ok ? 1 : 0], 1, memory_order_relaxed);
}

void metrics_set_draining(void)
{
    atomic_store(&draining, 1);
}

int metrics_ready(char *why, size_t cap)
{
    if (atomic_load(&draining)) {
        snprintf(why, cap, "draining: the server received SIGTERM and is finishing its requests");
        return 0;
    }
    if (nblocks == 0) {
        snprintf(why, cap, "starting: no worker runs yet");
        return 0;
    }
    /* A connection may land on any worker: each needs a way to the database. */
    for (unsigned i = 0; i < nblocks; i++)
        if (get(&blocks[i].db_live) == 0) {
            snprintf(why, cap, "database: worker %u has no live connection to PostgreSQL", i);
            return 0;
        }
    snprintf(why, cap, "ready");
    return 1;
}

/* ---- rendering ---- */

static uint64_t sum_scalar(size_t offset)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < nblocks; i++)
        total += get((const counter *)((const char *)&blocks[i] + offset));
    return total;
}

#define SUM(field) sum_scalar(offsetof(struct worker_metrics, field))

static uint64_t sum_array(size_t field_offset, size_t index)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < nblocks; i++) {
        counter *const *arr = (counter *const *)((const char *)&blocks[i] + field_offset);
        total += get(&(*arr)[index]);
    }
    return total;
}

#define SUM_AT(field, index) sum_array(offsetof(struct worker_metrics, field), index)

static void family(FILE *f, const char *name, const char *type, const char *help)
{
    fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static const char *case_name(int body_case)
{
    const struct call_def *call = body_case > 0 ? dispatch_call(body_case) : NULL;
    return call != NULL ? call->name : "unknown";
}

/* The bucket lines, _sum and _count of one histogram series: counts[] are per bucket, not
 * cumulative; labels is "" or `key="value",` (with its comma). */
static void histogram(FILE *f, const char *name, const char *labels, const uint64_t *bounds,
                      size_t nbuckets, const uint64_t *counts, uint64_t sum_us)
{
    uint64_t cumulative = 0;
    for (size_t b = 0; b < nbuckets; b++) {
        cumulative += counts[b];
        if (b + 1 < nbuckets)
            fprintf(f, "%s_bucket{%sle=\"%g\"} %llu\n", name, labels, (double)bounds[b] / 1e6,
                    (unsigned long long)cumulative);
        else
            fprintf(f, "%s_bucket{%sle=\"+Inf\"} %llu\n", name, labels,
                    (unsigned long long)cumulative);
    }
    char braces[128] = "";
    if (labels[0] != '\0')
        snprintf(braces, sizeof(braces), "{%.*s}", (int)strlen(labels) - 1, labels);
    fprintf(f, "%s_sum%s %.6f\n%s_count%s %llu\n", name, braces, (double)sum_us / 1e6, name, braces,
            (unsigned long long)cumulative);
}

static void render_requests(FILE *f)
{
    family(f, "zhucun_requests_total", "counter", "Requests answered, by call and status code.");
    for (int k = 0; k < ncases; k++) {
        if (k > 0 && dispatch_call(k) == NULL)
            continue;
        for (int s = 0; s < NSTATUS; s++) {
            uint64_t n = SUM_AT(requests, (size_t)k * NSTATUS + (size_t)s);
            if (n > 0)
                fprintf(f, "zhucun_requests_total{call=\"%s\",status=\"%s\"} %llu\n", case_name(k),
                        status_code_name((Zhucun__Code)s), (unsigned long long)n);
        }
    }
    family(f, "zhucun_request_duration_seconds", "histogram",
           "Time from a request's frame to its reply, by call.");
    for (int k = 0; k < ncases; k++) {
        if (k > 0 && dispatch_call(k) == NULL)
            continue;
        uint64_t counts[NREQ_BUCKETS], total = 0;
        for (size_t b = 0; b < NREQ_BUCKETS; b++) {
            counts[b] = SUM_AT(duration, (size_t)k * NREQ_BUCKETS + b);
            total += counts[b];
        }
        if (total == 0)
            continue; /* a call never made has no series: the scrape stays small */
        char labels[96];
        snprintf(labels, sizeof(labels), "call=\"%s\",", case_name(k));
        histogram(f, "zhucun_request_duration_seconds", labels, request_bounds, NREQ_BUCKETS,
                  counts, SUM_AT(duration_sum_us, (size_t)k));
    }
}

static void gauge_or_counter(FILE *f, const char *name, const char *type, const char *help,
                             uint64_t v)
{
    family(f, name, type, help);
    fprintf(f, "%s %llu\n", name, (unsigned long long)v);
}

void metrics_render(FILE *f)
{
    static const char *const tls_results[] = {"ok", "failed", "timeout"};
    family(f, "zhucun_build_info", "gauge", "The running server's version (the value is 1).");
    fprintf(f, "zhucun_build_info{version=\"%s\"} 1\n", ZHUCUN_VERSION);
    char why[160];
    gauge_or_counter(f, "zhucun_ready", "gauge",
                     "1 when the server accepts work (GET /readyz answers 200), else 0.",
                     (uint64_t)metrics_ready(why, sizeof(why)));
    gauge_or_counter(f, "zhucun_workers", "gauge", "Worker threads.", nblocks);
    render_requests(f);
    gauge_or_counter(f, "zhucun_connections", "gauge", "Client connections open now.", SUM(conns));
    gauge_or_counter(f, "zhucun_connections_total", "counter",
                     "Client connections accepted since start.", SUM(accepted));
    family(f, "zhucun_tls_handshakes_total", "counter", "TLS handshakes ended, by result.");
    for (int r = 0; r < METRICS_TLS_NRESULTS; r++)
        fprintf(f, "zhucun_tls_handshakes_total{result=\"%s\"} %llu\n", tls_results[r],
                (unsigned long long)SUM(tls[r]));
    family(f, "zhucun_db_pool_wait_seconds", "histogram",
           "Time a database query waited for a pool connection.");
    uint64_t waits[NWAIT_BUCKETS];
    for (size_t b = 0; b < NWAIT_BUCKETS; b++)
        waits[b] = SUM(db_wait[b]);
    histogram(f, "zhucun_db_pool_wait_seconds", "", wait_bounds, NWAIT_BUCKETS, waits,
              SUM(db_wait_sum_us));
    gauge_or_counter(f, "zhucun_db_queue_depth", "gauge",
                     "Database queries waiting for a pool connection.", SUM(db_queued));
    gauge_or_counter(f, "zhucun_db_connections_live", "gauge",
                     "Pool connections to PostgreSQL taking queries.", SUM(db_live));
    gauge_or_counter(f, "zhucun_events_fanout_total", "counter",
                     "Server events pushed to following connections.", SUM(events_pushed));
    gauge_or_counter(f, "zhucun_export_rows_total", "counter", "Rows sent by export pulls.",
                     SUM(export_rows));
    gauge_or_counter(f, "zhucun_hash_queue_depth", "gauge", "Password hashes waiting for a thread.",
                     SUM(hash_queued));
    family(f, "zhucun_config_reloads_total", "counter",
           "Configuration reloads on SIGHUP, by result (refused: the file or the certificate "
           "did not load).");
    fprintf(f, "zhucun_config_reloads_total{result=\"ok\"} %llu\n",
            (unsigned long long)get(&reloads[1]));
    fprintf(f, "zhucun_config_reloads_total{result=\"refused\"} %llu\n",
            (unsigned long long)get(&reloads[0]));
}
