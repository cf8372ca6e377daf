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
    int connections;
    int pipeline;
    double seconds;
};

struct worker {
    pthread_t t;
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

static void build(const char *call, Zhucun__Request *req, Zhucun__Ping *p, Zhucun__WhoAmI *w)
{
    zhucun__request__init(req);
    if (strcmp(call, "whoami") == 0) {
        zhucun__who_am_i__init(w);
        req->body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
        req->whoami = w;
    } else {
        zhucun__ping__init(p);
        req->body_case = ZHUCUN__REQUEST__BODY_PING;
        req->ping = p;
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
            Zhucun__Request req;
            Zhucun__Ping p;
            Zhucun__WhoAmI who;
            build(o->call, &req, &p, &who);
            req.id = next++;
            sent[req.id % (uint64_t)(o->pipeline + 1)] = mono_us();
            if (zc_send(c, &req, &err) == 0) {
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
        {"server", required_argument, NULL, 's'},      {"ca", required_argument, NULL, 'a'},
        {"token", required_argument, NULL, 't'},       {"call", required_argument, NULL, 'c'},
        {"connections", required_argument, NULL, 'n'}, {"pipeline", required_argument, NULL, 'k'},
        {"seconds", required_argument, NULL, 'd'},     {NULL, 0, NULL, 0},
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
        default:
            fprintf(stderr, "usage: zhucun-loadgen --server H:P --ca FILE [--token T] "
                            "[--call ping|whoami] [--connections C] [--pipeline K] "
                            "[--seconds S]\n");
            return 2;
        }
    }
    if (o.connections < 1 || o.pipeline < 1 || o.seconds <= 0) {
        fprintf(stderr, "zhucun-loadgen: connections, pipeline and seconds must be positive\n");
        return 2;
    }
    struct worker *ws = xcalloc((size_t)o.connections, sizeof(*ws));
    uint64_t t0 = mono_us();
    for (int i = 0; i < o.connections; i++) {
        ws[i].o = &o;
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
