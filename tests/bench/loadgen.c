/* loadgen.c -- zhucun-loadgen: drives a server with C connections, each keeping K requests in
 * flight for S seconds, and prints the rate and round-trip percentiles. Used by
 * tests/bench/run; never by the tests (speed is measured, not asserted). */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "zhucun_client.h"

struct opts {
    struct zc_options zc;
    const char *call;
    /* --call visit: in-person visits by cadre to households first..last in turn, dated date */
    long long household_first, household_last, cadre;
    const char *date;
    int connections;
    int pipeline;
    double seconds;
};

struct worker {
    pthread_t t;
    struct worker *first; /* the array, so a worker knows its index */
    const struct opts *o;
    uint64_t done;
    uint64_t errors;
    uint64_t *lat; /* microseconds, capped sample */
    size_t nlat, cap;
    char error[512];
};

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* One request's message and the parts it points to. */
struct call_msg {
    Zhucun__Request req;
    Zhucun__Ping ping;
    Zhucun__WhoAmI who;
    Zhucun__VisitCreate visit;
    int64_t cadre;
};

static void build(const struct opts *o, uint64_t n, struct call_msg *m)
{
    zhucun__request__init(&m->req);
    if (strcmp(o->call, "whoami") == 0) {
        zhucun__who_am_i__init(&m->who);
        m->req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
        m->req.whoami = &m->who;
    } else if (strcmp(o->call, "visit") == 0) {
        zhucun__visit_create__init(&m->visit);
        long long span = o->household_last - o->household_first + 1;
        m->visit.household_id = o->household_first + (long long)(n % (uint64_t)span);
        m->visit.visit_date = (char *)o->date;
        m->visit.mode = "in_person";
        m->cadre = o->cadre;
        m->visit.cadre_ids = &m->cadre;
        m->visit.n_cadre_ids = 1;
        m->visit.notes = "压测走访（zhucun-loadgen）";
        m->req.body_case = ZHUCUN__REQUEST__BODY_VISIT_CREATE;
        m->req.visit_create = &m->visit;
    } else {
        zhucun__ping__init(&m->ping);
        m->req.body_case = ZHUCUN__REQUEST__BODY_PING;
        m->req.ping = &m->ping;
    }
}

static void *run(void *arg)
{
    struct worker *w = arg;
    const struct opts *o = w->o;
    struct zc_client *c;
    struct zc_error err;
    if (zc_connect(&o->zc, &c, &err) != 0) {
        snprintf(w->error, sizeof(w->error), "%s", err.message);
        return NULL;
    }
    uint64_t *sent = xcalloc((size_t)o->pipeline + 1, sizeof(*sent));
    uint64_t end = mono_us() + (uint64_t)(o->seconds * 1e6);
    int inflight = 0;
    uint64_t next = 1;
    for (;;) {
        int stop = mono_us() >= end;
        while (!stop && inflight < o->pipeline) {
            struct call_msg m;
            build(o, next + (uint64_t)(w - w->first) * 7919u, &m);
            m.req.id = next++;
            sent[m.req.id % (uint64_t)(o->pipeline + 1)] = mono_us();
            if (zc_send(c, &m.req, &err) == 0) {
                snprintf(w->error, sizeof(w->error), "%s", err.message);
                goto out;
            }
            inflight++;
        }
        if (inflight == 0)
            break;
        Zhucun__Reply *reply;
        if (zc_recv(c, &reply, 0, &err) != 0) {
            snprintf(w->error, sizeof(w->error), "%s", err.message);
            goto out;
        }
        inflight--;
        if (zc_status(reply, &err) != 0) {
            if (w->errors++ == 0)
                snprintf(w->error, sizeof(w->error), "%s", err.message);
        } else {
            w->done++;
        }
        uint64_t rtt = mono_us() - sent[reply->id % (uint64_t)(o->pipeline + 1)];
        if (w->nlat < w->cap)
            w->lat[w->nlat++] = rtt;
        zc_reply_free(reply);
    }
out:
    free(sent);
    zc_close(c);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'a'},
        {"token", required_argument, NULL, 't'},
        {"call", required_argument, NULL, 'c'},
        {"connections", required_argument, NULL, 'n'},
        {"pipeline", required_argument, NULL, 'k'},
        {"seconds", required_argument, NULL, 'd'},
        {"households", required_argument, NULL, 'H'},
        {"cadre", required_argument, NULL, 'C'},
        {"date", required_argument, NULL, 'D'},
        {NULL, 0, NULL, 0},
    };
    struct opts o = {.call = "ping", .connections = 4, .pipeline = 1, .seconds = 5};
    o.zc.client_name = "zhucun-loadgen";
    o.zc.timeout_ms = 30000;
    int ch;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (ch) {
        case 's':
            o.zc.server = optarg;
            break;
        case 'a':
            o.zc.ca = optarg;
            break;
        case 't':
            o.zc.session_token = optarg;
            break;
        case 'c':
            o.call = optarg;
            break;
        case 'n':
            o.connections = atoi(optarg);
            break;
        case 'k':
            o.pipeline = atoi(optarg);
            break;
        case 'd':
            o.seconds = atof(optarg);
            break;
        case 'H':
            if (sscanf(optarg, "%lld-%lld", &o.household_first, &o.household_last) != 2)
                o.household_first = o.household_last = 0;
            break;
        case 'C':
            o.cadre = atoll(optarg);
            break;
        case 'D':
            o.date = optarg;
            break;
        default:
            fprintf(stderr, "usage: zhucun-loadgen --server H:P --ca FILE [--token T] "
                            "[--call ping|whoami|visit] [--connections C] [--pipeline K] "
                            "[--seconds S] [--households FIRST-LAST --cadre PERSON_ID "
                            "--date YYYY-MM-DD]\n");
            return 2;
        }
    }
    if (strcmp(o.call, "visit") == 0 &&
        (o.household_first <= 0 || o.household_last < o.household_first || o.cadre <= 0 ||
         o.date == NULL)) {
        fprintf(stderr, "zhucun-loadgen: --call visit needs --households FIRST-LAST, --cadre and "
                        "--date\n");
        return 2;
    }
    if (o.connections < 1 || o.pipeline < 1 || o.seconds <= 0) {
        fprintf(stderr, "zhucun-loadgen: connections, pipeline and seconds must be positive\n");
        return 2;
    }
    struct worker *ws = xcalloc((size_t)o.connections, sizeof(*ws));
    uint64_t t0 = mono_us();
    for (int i = 0; i < o.connections; i++) {
        ws[i].o = &o;
        ws[i].first = ws;
        ws[i].cap = 1000000;
        ws[i].lat = xmalloc(ws[i].cap * sizeof(uint64_t));
        pthread_create(&ws[i].t, NULL, run, &ws[i]);
    }
    uint64_t done = 0, errors = 0;
    size_t nlat = 0;
    for (int i = 0; i < o.connections; i++) {
        pthread_join(ws[i].t, NULL);
        done += ws[i].done;
        errors += ws[i].errors;
        nlat += ws[i].nlat;
        if (ws[i].error[0] != '\0')
            fprintf(stderr, "zhucun-loadgen: connection %d: %s\n", i, ws[i].error);
    }
    double secs = (double)(mono_us() - t0) / 1e6;
    uint64_t *all = xmalloc((nlat + 1) * sizeof(*all));
    size_t k = 0;
    for (int i = 0; i < o.connections; i++) {
        memcpy(all + k, ws[i].lat, ws[i].nlat * sizeof(uint64_t));
        k += ws[i].nlat;
        free(ws[i].lat);
    }
    qsort(all, nlat, sizeof(*all), cmp);
    printf("call=%s connections=%d pipeline=%d seconds=%.1f ok=%llu errors=%llu rate=%.0f/s "
           "p50_us=%llu p99_us=%llu\n",
           o.call, o.connections, o.pipeline, secs, (unsigned long long)done,
           (unsigned long long)errors, (double)done / secs,
           (unsigned long long)(nlat ? all[nlat / 2] : 0),
           (unsigned long long)(nlat ? all[(size_t)((double)(nlat - 1) * 0.99)] : 0));
    free(all);
    free(ws);
    return done > 0 && errors == 0 ? 0 : 1;
}
