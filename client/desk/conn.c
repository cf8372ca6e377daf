/* conn.c -- the request worker and the queue follower: libzhucun-client on threads of their
 * own, results posted back to the main loop. */
#include "conn.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "common/token.h"

#define _(s) g_dgettext("zhucun-desk", s) /* thread-safe: messages made on the threads */

/* Backoff of the follower's reconnects, and how long it waits quietly for an event before it
 * checks the connection with a ping. */
#define FOLLOW_BACKOFF_MIN_MS 500
#define FOLLOW_BACKOFF_MAX_MS 10000
#define FOLLOW_POLL_MS        20000

/* What a thread posts to the main loop goes through a relay: the owner marks it dead when it
 * is freed, so that a post still waiting in the main context finds out and does nothing. Only
 * the main thread reads or writes dead; the reference count keeps the relay alive until the
 * last post has run. */
struct relay {
    gint ref;
    int dead;
    GMainContext *ctx;
    desk_conn_state_cb state_cb;
    desk_follow_reply_cb on_list, on_item;
    desk_expired_cb expired_cb;
    void *user;
};

enum post_kind {
    POST_STATE,
    POST_LIST,
    POST_ITEM,
    POST_EXPIRED,
};

struct post {
    struct relay *relay;
    enum post_kind kind;
    int up;
    char *message;
    Zhucun__Reply *reply;
};

static struct relay *relay_new(void *user)
{
    struct relay *r = g_new0(struct relay, 1);
    r->ref = 1;
    r->ctx = g_main_context_ref_thread_default();
    r->user = user;
    return r;
}

static void relay_unref(struct relay *r)
{
    if (g_atomic_int_dec_and_test(&r->ref)) {
        g_main_context_unref(r->ctx);
        g_free(r);
    }
}

static gboolean post_run(gpointer data)
{
    struct post *p = data;
    struct relay *r = p->relay;
    if (!r->dead) {
        if (p->kind == POST_STATE && r->state_cb != NULL)
            r->state_cb(p->up, p->message, r->user);
        if (p->kind == POST_EXPIRED && r->expired_cb != NULL)
            r->expired_cb(r->user);
        desk_follow_reply_cb cb = p->kind == POST_LIST   ? r->on_list
                                  : p->kind == POST_ITEM ? r->on_item
                                                         : NULL;
        if (cb != NULL) {
            Zhucun__Reply *reply = p->reply;
            p->reply = NULL; /* the callback owns it now */
            cb(reply, r->user);
        }
    }
    return G_SOURCE_REMOVE;
}

static void post_free(gpointer data)
{
    struct post *p = data;
    zc_reply_free(p->reply);
    g_free(p->message);
    relay_unref(p->relay);
    g_free(p);
}

/* Any thread: queue p's callback on the relay's main context. */
static void relay_post(struct relay *r, enum post_kind kind, int up, const char *message,
                       Zhucun__Reply *reply)
{
    struct post *p = g_new0(struct post, 1);
    g_atomic_int_inc(&r->ref);
    p->relay = r;
    p->kind = kind;
    p->up = up;
    p->message = g_strdup(message);
    p->reply = reply;
    GSource *s = g_idle_source_new();
    g_source_set_callback(s, post_run, p, post_free);
    g_source_attach(s, r->ctx);
    g_source_unref(s);
}

static void endpoint_copy(struct desk_endpoint *to, const struct desk_endpoint *from)
{
    to->server = g_strdup(from->server);
    to->ca = g_strdup(from->ca);
    to->cert = g_strdup(from->cert);
    to->key = g_strdup(from->key);
    to->timeout_ms = from->timeout_ms;
}

static void endpoint_clear(struct desk_endpoint *ep)
{
    g_free(ep->server);
    g_free(ep->ca);
    g_free(ep->cert);
    g_free(ep->key);
}

/* Connects to ep resuming token (NULL or "": none). link_cb (may be NULL) hears of the
 * connection's losses and reconnects; with it the client also reads again after a lost
 * reply: that is the worker's client, the follower reconnects by itself. */
static int endpoint_connect(const struct desk_endpoint *ep, const char *token, const char *username,
                            zc_link_cb link_cb, void *link_user, struct zc_client **out,
                            struct zc_error *err)
{
    struct zc_options o = {
        .server = ep->server,
        .ca = ep->ca,
        .cert = ep->cert,
        .key = ep->key,
        .client_name = "zhucun-desk/" ZHUCUN_VERSION,
        .session_token = token != NULL && token[0] != '\0' ? token : NULL,
        .timeout_ms = ep->timeout_ms,
        .retry_reads = link_cb != NULL,
        .link_cb = link_cb,
        .link_user = link_user,
        /* The worker's: the outbox files its writes under the account without asking WhoAmI
         * (which needs the connection the outbox is there to do without). */
        .username = username != NULL && username[0] != '\0' ? username : NULL,
        /* The worker's writes a cadre makes without a connection wait in the outbox
         * (err.queued) and its connect gives a client that tries again at each call. */
        .offline = link_cb != NULL,
    };
    return zc_connect(&o, out, err);
}

/* ---- the request worker ---- */

struct desk_conn {
    GThread *thread;
    GAsyncQueue *jobs;
    struct desk_endpoint ep;
    struct relay *relay;
    int stopping; /* atomic */
    /* The worker thread's own. */
    struct zc_client *client;
    int up;
    /* Written by the worker during a login job, read by the main thread after it. */
    GMutex lock;
    char token[TOKEN_HEX_LEN + 1];
    char username[260]; /* the account logged in, for the outbox */
};

struct job {
    desk_job_run_cb run;
    desk_job_done_cb done;
    void *data;
    GDestroyNotify free_data;
    void *user;
    struct relay *relay; /* the worker's: dead once it is freed */
    int rc;
    struct zc_error err;
};

static void job_free(gpointer p)
{
    struct job *j = p;
    if (j->free_data != NULL)
        j->free_data(j->data);
    relay_unref(j->relay);
    g_free(j);
}

static void set_up(struct desk_conn *conn, int up, const char *message)
{
    if (conn->up == up)
        return;
    conn->up = up;
    relay_post(conn->relay, POST_STATE, up, message, NULL);
}

/* The client's link_cb, on the worker thread: a lost connection, or a new one. */
static void on_link(int up, const char *message, void *user)
{
    set_up(user, up, message);
}

static gpointer worker_main(gpointer arg)
{
    struct desk_conn *conn = arg;
    for (;;) {
        GTask *task = g_async_queue_pop(conn->jobs);
        struct job *j = g_task_get_task_data(task);
        if (j == NULL) { /* the stop marker */
            g_task_return_boolean(task, FALSE);
            g_object_unref(task);
            break;
        }
        if (g_atomic_int_get(&conn->stopping)) {
            g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
        } else {
            memset(&j->err, 0, sizeof(j->err));
            j->rc = j->run(conn, j->data, &j->err);
            if (j->rc != 0 && j->err.outcome_unknown) {
                /* The library kept the write's key in the outbox: the same form sent again
                 * is replayed by the server, not written twice (docs/client-lib.md). */
                size_t n = strlen(j->err.message);
                snprintf(j->err.message + n, sizeof(j->err.message) - n, "%s",
                         _(" (no answer came: it may or may not have been saved; sending the same "
                           "form again will not save it twice)"));
            } else if (j->rc != 0 && j->err.maybe_applied) {
                /* It may have been applied before the connection went: say so. */
                size_t n = strlen(j->err.message);
                snprintf(j->err.message + n, sizeof(j->err.message) - n, "%s",
                         _(" (the connection was lost: it may have been saved; check before you "
                           "send it again)"));
            }
            g_task_return_boolean(task, TRUE);
        }
        g_object_unref(task);
    }
    zc_close(conn->client);
    conn->client = NULL;
    return NULL;
}

static void task_done(GObject *source, GAsyncResult *res, gpointer user)
{
    (void)source;
    (void)user;
    GTask *task = G_TASK(res);
    struct job *j = g_task_get_task_data(task);
    GError *error = NULL;
    gboolean ran = g_task_propagate_boolean(task, &error);
    /* A job that ends after its worker was freed has no screen left to tell. */
    if (ran && j != NULL && !j->relay->dead && j->done != NULL)
        j->done(j->data, j->rc == 0 ? NULL : &j->err, j->user);
    /* The session is gone (expired, revoked): the owner goes back to the login window. */
    if (ran && j != NULL && !j->relay->dead && j->rc != 0 &&
        j->err.code == ZHUCUN__CODE__UNAUTHENTICATED && j->relay->expired_cb != NULL)
        j->relay->expired_cb(j->relay->user);
    g_clear_error(&error);
}

struct desk_conn *desk_conn_new(const struct desk_endpoint *ep, desk_conn_state_cb state_cb,
                                void *user)
{
    struct desk_conn *conn = g_new0(struct desk_conn, 1);
    endpoint_copy(&conn->ep, ep);
    conn->relay = relay_new(user);
    conn->relay->state_cb = state_cb;
    conn->up = 1;
    conn->jobs = g_async_queue_new();
    g_mutex_init(&conn->lock);
    conn->thread = g_thread_new("desk-worker", worker_main, conn);
    return conn;
}

void desk_conn_free(struct desk_conn *conn)
{
    if (conn == NULL)
        return;
    g_atomic_int_set(&conn->stopping, 1);
    GTask *stop = g_task_new(NULL, NULL, NULL, NULL);
    g_async_queue_push(conn->jobs, stop);
    g_thread_join(conn->thread);
    conn->relay->dead = 1;
    relay_unref(conn->relay);
    g_async_queue_unref(conn->jobs);
    g_mutex_clear(&conn->lock);
    endpoint_clear(&conn->ep);
    memset(conn->token, 0, sizeof(conn->token));
    g_free(conn);
}

void desk_conn_submit(struct desk_conn *conn, desk_job_run_cb run, desk_job_done_cb done,
                      void *data, GDestroyNotify free_data, void *user)
{
    struct job *j = g_new0(struct job, 1);
    j->run = run;
    j->done = done;
    j->data = data;
    j->free_data = free_data;
    j->user = user;
    j->relay = conn->relay;
    g_atomic_int_inc(&conn->relay->ref);
    GTask *task = g_task_new(NULL, NULL, task_done, NULL);
    g_task_set_task_data(task, j, job_free);
    g_async_queue_push(conn->jobs, task);
}

int desk_conn_login(struct desk_conn *conn, const char *username, const char *password,
                    Zhucun__Reply **out, struct zc_error *err)
{
    *out = NULL;
    zc_close(conn->client);
    conn->client = NULL;
    g_mutex_lock(&conn->lock);
    g_strlcpy(conn->username, username, sizeof(conn->username));
    g_mutex_unlock(&conn->lock);
    if (endpoint_connect(&conn->ep, NULL, username, on_link, conn, &conn->client, err) != 0)
        return -1;
    if (zc_login(conn->client, username, password, out, err) != 0)
        return -1;
    g_mutex_lock(&conn->lock);
    g_strlcpy(conn->token, (*out)->login->session_token, sizeof(conn->token));
    g_mutex_unlock(&conn->lock);
    set_up(conn, 1, NULL);
    return 0;
}

struct zc_client *desk_conn_client(struct desk_conn *conn, struct zc_error *err)
{
    if (conn->client == NULL) {
        char token[TOKEN_HEX_LEN + 1], username[sizeof(conn->username)];
        g_mutex_lock(&conn->lock);
        g_strlcpy(token, conn->token, sizeof(token));
        g_strlcpy(username, conn->username, sizeof(username));
        g_mutex_unlock(&conn->lock);
        if (endpoint_connect(&conn->ep, token, username, on_link, conn, &conn->client, err) != 0) {
            set_up(conn, 0, err->message);
            return NULL;
        }
        /* Offline, the client may come without a connection: each call tries to open one. */
        int up = !zc_broken(conn->client);
        set_up(conn, up, up ? NULL : err->message);
    }
    return conn->client;
}

static int break_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    (void)data;
    (void)err;
    if (conn->client != NULL && zc_fd(conn->client) >= 0)
        shutdown(zc_fd(conn->client), SHUT_RDWR);
    return 0;
}

void desk_conn_break(struct desk_conn *conn)
{
    desk_conn_submit(conn, break_run, NULL, NULL, NULL, NULL);
}

void desk_conn_token(struct desk_conn *conn, char out[TOKEN_HEX_LEN + 1])
{
    g_mutex_lock(&conn->lock);
    g_strlcpy(out, conn->token, TOKEN_HEX_LEN + 1);
    g_mutex_unlock(&conn->lock);
}

void desk_conn_set_state_cb(struct desk_conn *conn, desk_conn_state_cb state_cb, void *user)
{
    /* Only the main thread reads these (post_run). */
    conn->relay->state_cb = state_cb;
    conn->relay->user = user;
}

void desk_conn_set_expired_cb(struct desk_conn *conn, desk_expired_cb expired_cb)
{
    conn->relay->expired_cb = expired_cb;
}

/* ---- the queue follower ---- */

struct desk_follow {
    GThread *thread;
    int notices; /* follows the session's notices (NoticeFollow, NoticeCount), not its queue */
    struct desk_endpoint ep;
    char token[TOKEN_HEX_LEN + 1];
    struct relay *relay;
    GMutex lock;
    GCond cond;
    int stop; /* under lock */
    int fd;   /* under lock: the socket to shut down to wake the thread, or -1 */
};

/* Waits ms unless told to stop; returns 1 when stopping. */
static int follow_sleep(struct desk_follow *f, int ms)
{
    gint64 until = g_get_monotonic_time() + (gint64)ms * 1000;
    g_mutex_lock(&f->lock);
    while (!f->stop && g_cond_wait_until(&f->cond, &f->lock, until))
        ;
    int stop = f->stop;
    g_mutex_unlock(&f->lock);
    return stop;
}

static int follow_stopping(struct desk_follow *f)
{
    g_mutex_lock(&f->lock);
    int stop = f->stop;
    g_mutex_unlock(&f->lock);
    return stop;
}

/* One connection's life: follow, list, then events until it fails. Returns 1 when the
 * queue was delivered (so the backoff starts over). */
/* Follows the queue (or the notices) and lists it (counts them) into *list: 0, or -1 with err. */
static int follow_start(struct desk_follow *f, struct zc_client *c, Zhucun__Reply **list,
                        struct zc_error *err)
{
    Zhucun__QueueFollow qf = ZHUCUN__QUEUE_FOLLOW__INIT;
    Zhucun__NoticeFollow nf = ZHUCUN__NOTICE_FOLLOW__INIT;
    Zhucun__Reply *followed = NULL;
    int rc = f->notices ? zc_notice_follow(c, &nf, &followed, err)
                        : zc_queue_follow(c, &qf, &followed, err);
    zc_reply_free(followed);
    if (rc != 0)
        return -1;
    /* Listed after following: an item opened in between arrives twice at worst, never not
     * at all; the list drops duplicates by step id (a count is simply the latest). */
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    Zhucun__NoticeCount nc = ZHUCUN__NOTICE_COUNT__INIT;
    return f->notices ? zc_notice_count(c, &nc, list, err) : zc_queue_list(c, &ql, list, err);
}

static int follow_session(struct desk_follow *f, struct zc_client *c, struct zc_error *err)
{
    Zhucun__Reply *list = NULL;
    if (follow_start(f, c, &list, err) != 0) {
        zc_reply_free(list);
        return 0;
    }
    int pushed = f->notices ? ZHUCUN__REPLY__BODY_NOTICE_COUNT : ZHUCUN__REPLY__BODY_QUEUE_ITEM;
    relay_post(f->relay, POST_STATE, 1, NULL, NULL);
    relay_post(f->relay, POST_LIST, 1, NULL, list);
    while (!follow_stopping(f)) {
        Zhucun__Reply *reply = NULL;
        if (zc_recv(c, &reply, FOLLOW_POLL_MS, err) == 0) {
            if (reply->id == 0 && (int)reply->body_case == pushed) {
                relay_post(f->relay, POST_ITEM, 1, NULL, reply);
                continue;
            }
            int bad = reply->id == 0 && zc_status(reply, err) != 0;
            zc_reply_free(reply);
            if (bad)
                break; /* the server closes the connection and says why */
            continue;
        }
        /* A broken connection ends the session here: a call on it would reconnect by itself
         * (client/lib), to a connection that follows nothing. */
        if (follow_stopping(f) || zc_broken(c))
            break;
        /* Quiet for a while, or broken: a ping tells which. */
        Zhucun__Ping ping = ZHUCUN__PING__INIT;
        Zhucun__Reply *pong = NULL;
        int rc = zc_ping(c, &ping, &pong, err);
        zc_reply_free(pong);
        if (rc != 0)
            break;
    }
    return 1;
}

static gpointer follow_main(gpointer arg)
{
    struct desk_follow *f = arg;
    int backoff = FOLLOW_BACKOFF_MIN_MS;
    while (!follow_stopping(f)) {
        struct zc_client *c = NULL;
        struct zc_error err = {0};
        if (endpoint_connect(&f->ep, f->token, NULL, NULL, NULL, &c, &err) == 0) {
            g_mutex_lock(&f->lock);
            f->fd = zc_fd(c);
            g_mutex_unlock(&f->lock);
            if (follow_session(f, c, &err))
                backoff = FOLLOW_BACKOFF_MIN_MS;
            g_mutex_lock(&f->lock);
            f->fd = -1;
            g_mutex_unlock(&f->lock);
            zc_close(c);
        }
        if (follow_stopping(f))
            break;
        if (err.code == ZHUCUN__CODE__UNAUTHENTICATED) {
            /* No reconnect can help: the session is over. Wait to be stopped. */
            relay_post(f->relay, POST_EXPIRED, 0, err.message, NULL);
            while (!follow_sleep(f, FOLLOW_BACKOFF_MAX_MS))
                ;
            break;
        }
        relay_post(f->relay, POST_STATE, 0, err.message, NULL);
        if (follow_sleep(f, backoff))
            break;
        backoff = MIN(backoff * 2, FOLLOW_BACKOFF_MAX_MS);
    }
    return NULL;
}

static struct desk_follow *follow_make(const struct desk_endpoint *ep, const char *token,
                                       int notices, desk_follow_reply_cb on_list,
                                       desk_follow_reply_cb on_item, desk_conn_state_cb on_state,
                                       void *user)
{
    struct desk_follow *f = g_new0(struct desk_follow, 1);
    endpoint_copy(&f->ep, ep);
    g_strlcpy(f->token, token, sizeof(f->token));
    f->notices = notices;
    f->relay = relay_new(user);
    f->relay->on_list = on_list;
    f->relay->on_item = on_item;
    f->relay->state_cb = on_state;
    f->fd = -1;
    g_mutex_init(&f->lock);
    g_cond_init(&f->cond);
    f->thread = g_thread_new(notices ? "desk-notices" : "desk-follow", follow_main, f);
    return f;
}

struct desk_follow *desk_follow_new(const struct desk_endpoint *ep, const char *token,
                                    desk_follow_reply_cb on_list, desk_follow_reply_cb on_item,
                                    desk_conn_state_cb on_state, void *user)
{
    return follow_make(ep, token, 0, on_list, on_item, on_state, user);
}

struct desk_follow *desk_follow_notices_new(const struct desk_endpoint *ep, const char *token,
                                            desk_follow_reply_cb on_count, void *user)
{
    return follow_make(ep, token, 1, on_count, on_count, NULL, user);
}

void desk_follow_set_expired_cb(struct desk_follow *f, desk_expired_cb expired_cb)
{
    f->relay->expired_cb = expired_cb;
}

void desk_follow_break(struct desk_follow *f)
{
    g_mutex_lock(&f->lock);
    if (f->fd >= 0)
        shutdown(f->fd, SHUT_RDWR);
    g_mutex_unlock(&f->lock);
}

void desk_follow_free(struct desk_follow *f)
{
    if (f == NULL)
        return;
    g_mutex_lock(&f->lock);
    f->stop = 1;
    if (f->fd >= 0)
        shutdown(f->fd, SHUT_RDWR);
    g_cond_signal(&f->cond);
    g_mutex_unlock(&f->lock);
    g_thread_join(f->thread);
    f->relay->dead = 1;
    relay_unref(f->relay);
    g_mutex_clear(&f->lock);
    g_cond_clear(&f->cond);
    endpoint_clear(&f->ep);
    memset(f->token, 0, sizeof(f->token));
    g_free(f);
}
