/* events.c -- the LISTEN thread, the workers' event inboxes, and pushes to followers (events.h). */
#include "server/core/events.h"
#include "server/core/sessions.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common/log.h"
#include "common/xmalloc.h"
#include "server/core/conn.h"
#include "server/core/dispatch.h"
#include "server/core/db.h"
#include "server/core/domain.h"
#include "server/core/metrics.h"
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

/* The first `open` character after "key" in payload (where its value starts), or NULL. */
static const char *after_key(const char *payload, const char *key, int open)
{
    char quoted[64];
    snprintf(quoted, sizeof(quoted), "\"%s\"", key);
    const char *p = strstr(payload, quoted);
    return p != NULL ? strchr(p + strlen(quoted), open) : NULL;
}

int events_parse(const struct publisher *pub, const char *payload, struct event *e)
{
    memset(e, 0, sizeof(*e));
    e->pub = pub;
    const char *s = after_key(payload, pub->id_key, ':');
    const char *u = after_key(payload, pub->subjects_key, '[');
    if (s == NULL || u == NULL)
        return -1;
    e->id = strtoll(s + 1, NULL, 10);
    for (const char *p = u + 1; *p && *p != ']' && e->nsubjects < EVENT_SUBJECTS_MAX;) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        e->subjects[e->nsubjects++] = v;
        p = end;
    }
    return e->id > 0 ? 0 : -1;
}

/* The publisher of channel, or NULL. */
static const struct publisher *publisher_of(const char *channel)
{
    for (const struct domain *const *d = server_domains; *d != NULL; d++)
        for (const struct publisher *const *p = (*d)->publishers; p != NULL && *p != NULL; p++)
            if (strcmp((*p)->channel, channel) == 0)
                return *p;
    return NULL;
}

/* LISTENs on every publisher's channel; 0, or -1 after logging why not. */
static int listen_all(PGconn *pg)
{
    for (const struct domain *const *d = server_domains; *d != NULL; d++) {
        for (const struct publisher *const *p = (*d)->publishers; p != NULL && *p != NULL; p++) {
            char *ident = PQescapeIdentifier(pg, (*p)->channel, strlen((*p)->channel));
            char sql[160];
            snprintf(sql, sizeof(sql), "LISTEN %s", ident != NULL ? ident : "\"\"");
            PQfreemem(ident);
            PGresult *res = PQexec(pg, sql);
            int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
            PQclear(res);
            if (!ok) {
                char quoted[512];
                log_warn("events.listen", "channel=%s error=%s", (*p)->channel,
                         log_quote(quoted, sizeof(quoted), PQerrorMessage(pg)));
                return -1;
            }
            log_info("events.listening", "channel=%s domain=%s", (*p)->channel, (*d)->name);
        }
    }
    return 0;
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
    PGconn *pg = db_connect_blocking(es->cfg->db_dsn, es->cfg->db_connect_timeout_ms,
                                     "zhucun-server events", "events");
    if (PQstatus(pg) != CONNECTION_OK) {
        char quoted[512];
        log_warn("events.connect", "error=%s",
                 log_quote(quoted, sizeof(quoted), PQerrorMessage(pg)));
        PQfinish(pg);
        return NULL;
    }
    if (listen_all(pg) != 0) {
        PQfinish(pg);
        return NULL;
    }
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
        /* The uses of cached sessions, stored behind in batches (sessions.h). */
        sessions_write_touches(pg);
        if (PQconsumeInput(pg) == 0 || PQstatus(pg) != CONNECTION_OK) {
            char quoted[512];
            log_warn("events.lost", "error=%s",
                     log_quote(quoted, sizeof(quoted), PQerrorMessage(pg)));
            PQfinish(pg);
            pg = NULL;
            continue;
        }
        PGnotify *n;
        while ((n = PQnotifies(pg)) != NULL) {
            struct event e;
            const struct publisher *pub = publisher_of(n->relname);
            if (pub != NULL && events_parse(pub, n->extra, &e) == 0) {
                for (size_t i = 0; i < es->nworkers; i++)
                    events_post(&es->workers[i], &e);
            } else {
                /* Both come from the database: quoted, and cut to what is worth a line. */
                char channel[80], payload[100];
                log_warn("events.payload", "channel=%s payload=%s",
                         log_quote(channel, sizeof(channel), n->relname),
                         log_quote(payload, sizeof(payload), n->extra));
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

/* One lookup of an event's row for one following connection. */
struct push {
    struct worker *w;
    uint64_t conn_id;
    const struct publisher *pub;
    char subject[2 + 64 + 1], id[24]; /* a subject id, or a token hash as bytea text */
    const char *values[2];
    struct db_caller caller; /* the subject, a user: the lookup runs for them */
};

int64_t events_session_key(const uint8_t token_hash[32])
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | token_hash[i];
    return (int64_t)(v >> 2) + 1;
}

static struct conn *find_conn(struct worker *w, uint64_t id)
{
    for (struct conn *c = w->conns; c != NULL; c = c->next)
        if (c->id == id)
            return c;
    return NULL;
}

static void send_to_conn(void *ctx, const Zhucun__Reply *reply)
{
    struct conn *c = ctx;
    Zhucun__Reply event = *reply;
    event.id = 0;
    conn_send(c, &event);
    metrics_event_pushed();
    /* An id-0 error ends the connection (a session revoked under it, say). */
    if (reply->status != NULL && reply->status->code != ZHUCUN__CODE__OK)
        conn_drain(c, "ended by an event");
}

static void on_row(PGresult *res, const struct db_error *err, void *arg)
{
    struct push *p = arg;
    /* The connection may have gone while the lookup ran: find it again by id. */
    struct conn *c = find_conn(p->w, p->conn_id);
    if (err == NULL && c != NULL)
        for (int i = 0; i < PQntuples(res); i++)
            p->pub->render(res, i, send_to_conn, c);
    free(p);
}

static void start_push(struct worker *w, const struct conn *c, const struct event *e,
                       const char *subject)
{
    struct push *p = xcalloc(1, sizeof(*p));
    p->w = w;
    p->conn_id = c->id;
    p->pub = e->pub;
    snprintf(p->subject, sizeof(p->subject), "%s", subject);
    snprintf(p->id, sizeof(p->id), "%lld", (long long)e->id);
    p->values[0] = p->subject;
    p->values[1] = p->id;
    /* A user subject's lookup runs for that user, with no scope: row-level security lets it
     * see what the user's own rules give them (docs/rls.md). A session's reads no such
     * table. */
    p->caller.scope = "{}";
    p->caller.user_id = p->subject;
    if (db_query(w->db, e->pub->lookup, p->values, e->pub->by_session ? NULL : &p->caller, on_row,
                 p) != 0)
        free(p);
}

/* A session event: the connections that follow anything with a session e names. */
static void deliver_by_session(struct worker *w, const struct event *e)
{
    for (struct conn *c = w->conns; c != NULL; c = c->next) {
        if (!c->has_token || c->state != CONN_OPEN)
            continue;
        int follows = 0;
        for (size_t k = 0; k < CONN_FOLLOWS_MAX; k++)
            follows |= c->follows[k].pub != NULL;
        if (!follows)
            continue;
        int64_t key = events_session_key(c->token_hash);
        for (size_t i = 0; i < e->nsubjects; i++) {
            if (e->subjects[i] != key)
                continue;
            char hash[2 + 64 + 1] = "\\x";
            static const char hex[] = "0123456789abcdef";
            for (int b = 0; b < 32; b++) {
                hash[2 + 2 * b] = hex[c->token_hash[b] >> 4];
                hash[3 + 2 * b] = hex[c->token_hash[b] & 15];
            }
            hash[66] = '\0';
            start_push(w, c, e, hash);
            break;
        }
    }
}

/* Whom of the connections' follows e names; one lookup each. */
static void deliver(struct worker *w, const struct event *e)
{
    if (e->pub->by_session) {
        deliver_by_session(w, e);
        return;
    }
    for (struct conn *c = w->conns; c != NULL; c = c->next) {
        for (size_t k = 0; k < CONN_FOLLOWS_MAX; k++) {
            const struct conn_follow *f = &c->follows[k];
            if (f->pub != e->pub)
                continue;
            for (size_t i = 0; i < e->nsubjects; i++) {
                if (e->subjects[i] != f->subject)
                    continue;
                char subject[24];
                snprintf(subject, sizeof(subject), "%lld", (long long)f->subject);
                start_push(w, c, e, subject);
                break;
            }
        }
    }
}

int events_follow(struct conn *c, const struct publisher *pub, int64_t subject)
{
    struct conn_follow *free_slot = NULL;
    for (size_t k = 0; k < CONN_FOLLOWS_MAX; k++) {
        struct conn_follow *f = &c->follows[k];
        if (f->pub == pub) {
            f->subject = subject;
            return 0;
        }
        if (f->pub == NULL && free_slot == NULL)
            free_slot = f;
    }
    if (free_slot == NULL)
        return -1;
    free_slot->pub = pub;
    free_slot->subject = subject;
    return 0;
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

static void on_follow_proved(struct request *r, PGresult *res, void *arg)
{
    (void)res;
    const struct publisher *pub = arg;
    if (r->conn == NULL) {
        request_fail(r, ZHUCUN__CODE__UNAVAILABLE, "连接已关闭", NULL);
        return;
    }
    if (events_follow(r->conn, pub, r->session.user_id) != 0) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "此连接关注的事件过多", NULL);
        return;
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    request_reply(r, &reply);
}

void events_request_follow(struct request *r, const struct publisher *pub)
{
    request_prove(r, on_follow_proved, (void *)pub);
}
