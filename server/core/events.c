/* events.c -- the LISTEN thread and the workers' event inboxes (events.h). */
#include "server/core/events.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common/log.h"
#include "common/xmalloc.h"
#include "server/core/conn.h"
#include "server/core/db.h"
#include "server/handlers.h"
#include "server/store.h"
#include "server/core/worker.h"

#define RECONNECT_MIN_MS 200
#define RECONNECT_MAX_MS 5000
#define POLL_MS          250 /* how soon the thread notices a stop */

struct event_source {
    const struct server_config *cfg;
    struct worker *workers;
    size_t nworkers;
    uv_thread_t thread;
    volatile int stop; /* read by the thread, set once by the main thread */
    uv_mutex_t lock;
};

int events_parse(const char *payload, struct event *e)
{
    memset(e, 0, sizeof(*e));
    const char *s = strstr(payload, "\"step\"");
    const char *u = strstr(payload, "\"users\"");
    if (s == NULL || u == NULL)
        return -1;
    s = strchr(s, ':');
    u = strchr(u, '[');
    if (s == NULL || u == NULL)
        return -1;
    e->step = strtoll(s + 1, NULL, 10);
    for (const char *p = u + 1; *p && *p != ']' && e->nusers < 64;) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        e->users[e->nusers++] = v;
        p = end;
    }
    return e->step > 0 ? 0 : -1;
}

static int stopped(struct event_source *es)
{
    uv_mutex_lock(&es->lock);
    int s = es->stop;
    uv_mutex_unlock(&es->lock);
    return s;
}

static PGconn *listen_connect(struct event_source *es)
{
    /* The DSN, with the pool's connect timeout so that a stop is never held up by a host
     * that does not answer. */
    char timeout[24];
    unsigned long long ms = (unsigned long long)es->cfg->db_connect_timeout_ms;
    snprintf(timeout, sizeof(timeout), "%llu", ms < 2000 ? 2ULL : (ms + 999) / 1000);
    const char *keys[] = {"dbname", "connect_timeout", "application_name", NULL};
    const char *values[] = {es->cfg->db_dsn, timeout, "zhucun-server events", NULL};
    PGconn *pg = PQconnectdbParams(keys, values, 1);
    if (PQstatus(pg) != CONNECTION_OK) {
        log_warn("events.connect", "error=\"%s\"", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    PGresult *res = PQexec(pg, "LISTEN zc_queue");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) {
        log_warn("events.listen", "error=\"%s\"", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    log_info("events.listening", "channel=zc_queue");
    return pg;
}

static void run(void *arg)
{
    struct event_source *es = arg;
    PGconn *pg = NULL;
    int backoff = RECONNECT_MIN_MS;
    while (!stopped(es)) {
        if (pg == NULL) {
            pg = listen_connect(es);
            if (pg == NULL) {
                for (int slept = 0; slept < backoff && !stopped(es); slept += POLL_MS)
                    uv_sleep(POLL_MS);
                backoff = backoff * 2 > RECONNECT_MAX_MS ? RECONNECT_MAX_MS : backoff * 2;
                continue;
            }
            backoff = RECONNECT_MIN_MS;
        }
        struct pollfd pfd = {.fd = PQsocket(pg), .events = POLLIN};
        if (poll(&pfd, 1, POLL_MS) < 0)
            continue;
        if (PQconsumeInput(pg) == 0 || PQstatus(pg) != CONNECTION_OK) {
            log_warn("events.lost", "error=\"%s\"", PQerrorMessage(pg));
            PQfinish(pg);
            pg = NULL;
            continue;
        }
        PGnotify *n;
        while ((n = PQnotifies(pg)) != NULL) {
            struct event e;
            if (events_parse(n->extra, &e) == 0) {
                for (size_t i = 0; i < es->nworkers; i++)
                    events_post(&es->workers[i], &e);
            } else {
                log_warn("events.payload", "payload=\"%.80s\"", n->extra);
            }
            PQfreemem(n);
        }
    }
    PQfinish(pg);
}

struct event_source *events_start(const struct server_config *cfg, struct worker *workers,
                                  size_t nworkers)
{
    struct event_source *es = xcalloc(1, sizeof(*es));
    es->cfg = cfg;
    es->workers = workers;
    es->nworkers = nworkers;
    uv_mutex_init(&es->lock);
    if (uv_thread_create(&es->thread, run, es) != 0) {
        uv_mutex_destroy(&es->lock);
        free(es);
        return NULL;
    }
    return es;
}

void events_stop(struct event_source *es)
{
    if (es == NULL)
        return;
    uv_mutex_lock(&es->lock);
    es->stop = 1;
    uv_mutex_unlock(&es->lock);
    uv_thread_join(&es->thread);
    uv_mutex_destroy(&es->lock);
    free(es);
}

/* ---- the worker's side ---- */

/* One lookup of a step for one following connection. */
struct push {
    struct worker *w;
    uint64_t conn_id;
    char user[24], step[24];
    const char *values[2];
};

static struct conn *find_conn(struct worker *w, uint64_t id)
{
    for (struct conn *c = w->conns; c != NULL; c = c->next)
        if (c->id == id)
            return c;
    return NULL;
}

static void on_item(PGresult *res, const struct db_error *err, void *arg)
{
    struct push *p = arg;
    struct conn *c = find_conn(p->w, p->conn_id);
    if (err == NULL && c != NULL && PQntuples(res) == 1) {
        Zhucun__QueueItem it;
        queue_item_from_row(res, 0, &it);
        Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
        reply.id = 0;
        reply.body_case = ZHUCUN__REPLY__BODY_QUEUE_ITEM;
        reply.queue_item = &it;
        conn_send(c, &reply);
    }
    free(p);
}

static void deliver(struct worker *w, const struct event *e)
{
    for (struct conn *c = w->conns; c != NULL; c = c->next) {
        if (c->follow_user_id == 0)
            continue;
        for (size_t i = 0; i < e->nusers; i++) {
            if (e->users[i] != c->follow_user_id)
                continue;
            struct push *p = xcalloc(1, sizeof(*p));
            p->w = w;
            p->conn_id = c->id;
            snprintf(p->user, sizeof(p->user), "%lld", (long long)c->follow_user_id);
            snprintf(p->step, sizeof(p->step), "%lld", (long long)e->step);
            p->values[0] = p->user;
            p->values[1] = p->step;
            if (db_query(w->db, &store_queue_list, p->values, on_item, p) != 0)
                free(p);
            break;
        }
    }
}

static void on_events(uv_async_t *a)
{
    struct worker *w = a->data;
    uv_mutex_lock(&w->event_lock);
    struct event *list = w->events;
    w->events = NULL;
    uv_mutex_unlock(&w->event_lock);
    while (list != NULL) {
        struct event *next = list->next;
        if (!w->stopping)
            deliver(w, list);
        free(list);
        list = next;
    }
}

void events_inbox_init(struct worker *w)
{
    uv_mutex_init(&w->event_lock);
    uv_async_init(&w->loop, &w->event_async, on_events);
    w->event_async.data = w;
    w->events_open = 1;
}

static void on_inbox_closed(uv_handle_t *h)
{
    (void)h;
}

void events_inbox_close(struct worker *w)
{
    uv_mutex_lock(&w->event_lock);
    w->events_open = 0;
    struct event *list = w->events;
    w->events = NULL;
    uv_mutex_unlock(&w->event_lock);
    while (list != NULL) {
        struct event *next = list->next;
        free(list);
        list = next;
    }
    uv_close((uv_handle_t *)&w->event_async, on_inbox_closed);
}

void events_post(struct worker *w, const struct event *e)
{
    struct event *copy = xmalloc(sizeof(*copy));
    *copy = *e;
    copy->next = NULL;
    uv_mutex_lock(&w->event_lock);
    if (!w->events_open) {
        uv_mutex_unlock(&w->event_lock);
        free(copy);
        return;
    }
    copy->next = w->events;
    w->events = copy;
    uv_async_send(&w->event_async);
    uv_mutex_unlock(&w->event_lock);
}
