/* conn.c -- a client connection: TLS through memory BIOs on a uv stream, framing, limits. */
#include "server/core/conn.h"

#include <arpa/inet.h>
#include <assert.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "common/log.h"
#include "common/proxy_v2.h"
#include "common/tls.h"
#include "common/xmalloc.h"
#include "server/core/dispatch.h"
#include "server/core/metrics.h"
#include "server/core/worker.h"

struct write_req {
    uv_write_t req;
    struct conn *c;
    size_t len;
    char data[];
};

/* Refused PROXY v2 headers: one proxy.refused line per worker per this many ms at most. */
#define PROXY_LOG_MS 1000

static void pump(struct conn *c);
static void update_reading(struct conn *c);
static void room_check(struct conn *c);
static void maybe_finish_drain(struct conn *c);

const char *conn_state_name(enum conn_state s)
{
    static const char *const names[] = {"handshake", "hello",   "open",
                                        "draining",  "closing", "closed"};
    return names[s];
}

/* The one place the state changes; it asserts the move is legal. */
static void set_state(struct conn *c, enum conn_state to)
{
    enum conn_state from = c->state;
    int ok = 0;
    switch (to) {
    case CONN_HELLO:
        ok = from == CONN_HANDSHAKE;
        break;
    case CONN_OPEN:
        ok = from == CONN_HELLO;
        break;
    case CONN_DRAINING:
        ok = from == CONN_HANDSHAKE || from == CONN_HELLO || from == CONN_OPEN;
        break;
    case CONN_CLOSING:
        ok = from != CONN_CLOSING && from != CONN_CLOSED;
        break;
    case CONN_CLOSED:
        ok = from == CONN_CLOSING;
        break;
    case CONN_HANDSHAKE:
        ok = 0;
        break;
    }
    assert(ok && "illegal connection state change");
    (void)ok;
    c->state = to;
}

static void undirty(struct conn *c)
{
    if (!c->is_dirty)
        return;
    if (c->dirty_prev != NULL)
        c->dirty_prev->dirty_next = c->dirty_next;
    else
        c->w->dirty = c->dirty_next;
    if (c->dirty_next != NULL)
        c->dirty_next->dirty_prev = c->dirty_prev;
    c->dirty_prev = c->dirty_next = NULL;
    c->is_dirty = 0;
}

static void mark_dirty(struct conn *c)
{
    if (c->is_dirty)
        return;
    c->is_dirty = 1;
    c->dirty_prev = NULL;
    c->dirty_next = c->w->dirty;
    if (c->w->dirty != NULL)
        c->w->dirty->dirty_prev = c;
    c->w->dirty = c;
}

static void conn_free(struct conn *c)
{
    undirty(c);
    struct worker *w = c->w;
    frame_decoder_free(&c->dec);
    free(c->proxy_buf);
    SSL_free(c->ssl); /* frees both BIOs */
    free(c);
    worker_conn_gone(w);
}

static void on_handle_closed(uv_handle_t *h)
{
    struct conn *c = h->data;
    if (--c->open_handles > 0)
        return;
    set_state(c, CONN_CLOSED);
    if (c->inflight == 0)
        conn_free(c);
}

/* Closes c, logging why at level (or not at all when log is 0: the caller logged it). */
static void close_conn(struct conn *c, const char *reason, int log, enum log_level level)
{
    if (c->state == CONN_CLOSING || c->state == CONN_CLOSED)
        return;
    /* The reason may carry OpenSSL's text about what the peer sent: quoted. */
    char quoted[512];
    if (log && log_enabled(level))
        log_event(level, "conn.close", "worker=%d conn=%llu peer=%s state=%s inflight=%u reason=%s",
                  c->w->index, (unsigned long long)c->id, c->peer, conn_state_name(c->state),
                  c->inflight, log_quote(quoted, sizeof(quoted), reason));
    set_state(c, CONN_CLOSING);
    undirty(c);
    /* Unlink now: the worker's list holds connections that can still take work. */
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        c->w->conns = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    c->prev = c->next = NULL;
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = 0;
    uv_timer_stop(&c->timer);
    uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
    uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

void conn_close(struct conn *c, const char *reason)
{
    /* A balancer's health check (a LOCAL header) comes every few seconds: its close is
     * routine, not news. */
    close_conn(c, reason, 1, c->proxy_local ? LOG_DEBUG : LOG_INFO);
}

/* Writes "ip:port", or "[ip]:port" for IPv6, of sa into out; "unknown" for another family. */
static void format_addr(const struct sockaddr *sa, char *out, size_t n)
{
    char ip[INET6_ADDRSTRLEN] = "";
    snprintf(out, n, "unknown");
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
        uv_ip4_name(a, ip, sizeof(ip));
        snprintf(out, n, "%s:%d", ip, ntohs(a->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
        uv_ip6_name(a, ip, sizeof(ip));
        snprintf(out, n, "[%s]:%d", ip, ntohs(a->sin6_port));
    }
}

/* A balancer's connection without a valid PROXY v2 header: closed, and logged at most once a
 * second per worker with the count of refusals since the last line. */
static void proxy_refuse(struct conn *c, const char *why)
{
    struct worker *w = c->w;
    uint64_t now = uv_now(&w->loop);
    w->proxy_refused++;
    if (w->proxy_logged_ms == 0 || now - w->proxy_logged_ms >= PROXY_LOG_MS) {
        char quoted[256];
        log_warn("proxy.refused", "worker=%d conn=%llu peer=%s refused=%llu reason=%s", w->index,
                 (unsigned long long)c->id, c->peer, (unsigned long long)w->proxy_refused,
                 log_quote(quoted, sizeof(quoted), why));
        w->proxy_logged_ms = now;
        w->proxy_refused = 0;
    }
    close_conn(c, why, 0, LOG_INFO);
}

/* Takes the PROXY v2 header from the n bytes read (docs/haproxy.md). Returns how many of them
 * belong to it (all of them while it is incomplete; the rest is the client's TLS), or -1
 * after closing c. Once whole, the client it names becomes the connection's peer: the address
 * the logs, the audit and the login throttle see. */
static long take_proxy_header(struct conn *c, const uint8_t *data, size_t n)
{
    if (c->proxy_buf == NULL)
        c->proxy_buf = xmalloc(PROXY_V2_MAX);
    size_t old = c->proxy_len;
    size_t take = n < PROXY_V2_MAX - old ? n : PROXY_V2_MAX - old;
    memcpy(c->proxy_buf + old, data, take);
    c->proxy_len += take;
    struct proxy_v2 h;
    const char *why = NULL;
    long len = proxy_v2_parse(c->proxy_buf, c->proxy_len, &h, &why);
    if (len < 0) {
        proxy_refuse(c, why);
        return -1;
    }
    if (len == 0)
        return (long)take; /* the parser refuses a length past PROXY_V2_MAX: take == n */
    free(c->proxy_buf);
    c->proxy_buf = NULL;
    c->proxy_len = 0;
    c->proxy_wait = 0;
    if (h.local) {
        c->proxy_local = 1;
        log_debug("conn.proxy_local", "worker=%d conn=%llu peer=%s", c->w->index,
                  (unsigned long long)c->id, c->peer);
    } else {
        char client[sizeof(c->peer)];
        format_addr((const struct sockaddr *)&h.src, client, sizeof(client));
        log_info("conn.proxied", "worker=%d conn=%llu balancer=%s client=%s", c->w->index,
                 (unsigned long long)c->id, c->peer, client);
        memcpy(c->peer, client, sizeof(c->peer));
    }
    return len - (long)old;
}

static void on_write(uv_write_t *req, int status)
{
    struct write_req *wr = container_of(req, struct write_req, req);
    struct conn *c = wr->c;
    c->write_queued -= wr->len;
    free(wr);
    if (c->state == CONN_CLOSING || c->state == CONN_CLOSED)
        return;
    if (status < 0) {
        conn_close(c, uv_strerror(status));
        return;
    }
    if (c->state == CONN_DRAINING) {
        maybe_finish_drain(c);
        return;
    }
    /* Room in the write queue again: maybe resume reading, and a stream waiting for it. */
    update_reading(c);
    if (c->reading)
        pump(c);
    room_check(c);
}

/* Hands wr (n bytes of ciphertext in wr->data) to uv_write; 0, or -1 after closing c. */
static int submit_write(struct conn *c, struct write_req *wr, size_t n)
{
    wr->c = c;
    /* The queue counts what the write costs us, not just its bytes. */
    wr->len = sizeof(*wr) + n;
    uv_buf_t buf = uv_buf_init(wr->data, (unsigned)n);
    int rc = uv_write(&wr->req, (uv_stream_t *)&c->tcp, &buf, 1, on_write);
    if (rc < 0) {
        free(wr);
        conn_close(c, uv_strerror(rc));
        return -1;
    }
    c->write_queued += wr->len;
    return 0;
}

/* Queues a copy of n bytes behind whatever is being written. */
static int queue_write(struct conn *c, const char *data, size_t n)
{
    struct write_req *wr = xmalloc(sizeof(*wr) + n);
    memcpy(wr->data, data, n);
    return submit_write(c, wr, n);
}

/* Moves whatever OpenSSL produced to the socket: written at once when nothing is queued
 * before it (uv_try_write: a write that completes costs no request, no callback and no
 * epoll_ctl, which libuv's uv_write does on every completion), the rest through uv_write. */
static void flush_tls(struct conn *c)
{
    size_t pending;
    char stack[16384];
    while ((pending = BIO_ctrl_pending(c->wbio)) > 0) {
        if (c->write_queued == 0 && pending <= sizeof(stack)) {
            int n = BIO_read(c->wbio, stack, (int)pending);
            if (n <= 0)
                break;
            uv_buf_t buf = uv_buf_init(stack, (unsigned)n);
            int w = uv_try_write((uv_stream_t *)&c->tcp, &buf, 1);
            if (w == n)
                continue;
            if (w < 0 && w != UV_EAGAIN) {
                conn_close(c, uv_strerror(w));
                return;
            }
            size_t done = w > 0 ? (size_t)w : 0;
            if (queue_write(c, stack + done, (size_t)n - done) != 0)
                return;
            continue;
        }
        struct write_req *wr = xmalloc(sizeof(*wr) + pending);
        int n = BIO_read(c->wbio, wr->data, (int)pending);
        if (n <= 0) {
            free(wr);
            break;
        }
        if (submit_write(c, wr, (size_t)n) != 0)
            return;
    }
}

/* A memory BIO keeps the buffer it grew to (the handshake's flight, a big reply) after its
 * data is read. A connection with nothing in flight and nothing buffered gets fresh, empty
 * BIOs, so that an idle one keeps no buffer of its past: about 2 KiB each of thousands
 * (docs/connection-lifecycle.md). Busy connections keep theirs. */
static void trim_bios(struct conn *c)
{
    if (c->ssl == NULL || !c->bios_used || c->inflight > 0 || BIO_ctrl_pending(c->rbio) != 0 ||
        BIO_ctrl_pending(c->wbio) != 0)
        return;
    BIO *r = BIO_new(BIO_s_mem());
    BIO *w = BIO_new(BIO_s_mem());
    if (r == NULL || w == NULL) {
        BIO_free(r);
        BIO_free(w);
        return;
    }
    BIO_set_mem_eof_return(r, -1);
    SSL_set_bio(c->ssl, r, w); /* frees the old ones */
    c->rbio = r;
    c->wbio = w;
    c->bios_used = 0;
}

static void arm_timer(struct conn *c);

/* True when the connection may not take another request now: too many in flight, too much
 * decoded request memory held by them, or too many reply bytes waiting for the client. */
static int conn_saturated(const struct conn *c)
{
    const struct server_config *cfg = c->w->cfg;
    return c->inflight >= cfg->max_inflight || c->inflight_bytes >= cfg->max_decoded ||
           conn_backlog(c) >= cfg->max_write_queue;
}

size_t conn_backlog(const struct conn *c)
{
    return c->write_queued + BIO_ctrl_pending(c->wbio);
}

void conn_on_room(struct conn *c, conn_room_fn fn, void *arg)
{
    c->room_fn = fn;
    c->room_arg = arg;
}

void conn_room_cancel(struct conn *c, void *arg)
{
    if (c->room_arg == arg) {
        c->room_fn = NULL;
        c->room_arg = NULL;
    }
}

/* Calls the room waiter once the backlog is down to half the limit. */
static void room_check(struct conn *c)
{
    if (c->room_fn == NULL || c->state == CONN_CLOSING || c->state == CONN_CLOSED ||
        conn_backlog(c) > c->w->cfg->max_write_queue / 2)
        return;
    conn_room_fn fn = c->room_fn;
    void *arg = c->room_arg;
    c->room_fn = NULL;
    c->room_arg = NULL;
    fn(arg);
}

static void on_timer(uv_timer_t *t)
{
    struct conn *c = t->data;
    switch (c->state) {
    case CONN_HANDSHAKE:
        metrics_tls_handshake(METRICS_TLS_TIMEOUT);
        if (c->proxy_wait)
            proxy_refuse(c, "no complete PROXY v2 header within handshake_timeout");
        else
            conn_close(c, "handshake timeout");
        return;
    case CONN_HELLO:
    case CONN_OPEN:
        if (c->inflight > 0) {
            arm_timer(c); /* waiting on us, not on the client */
            return;
        }
        conn_close(c, "idle timeout");
        return;
    case CONN_DRAINING:
        conn_close(c, "drain timeout");
        return;
    default:
        return;
    }
}

static void arm_timer(struct conn *c)
{
    const struct server_config *cfg = c->w->cfg;
    uint64_t ms;
    switch (c->state) {
    case CONN_HANDSHAKE:
        ms = cfg->handshake_timeout_ms;
        break;
    case CONN_DRAINING:
        ms = cfg->shutdown_timeout_ms;
        break;
    default:
        ms = cfg->idle_timeout_ms;
        break;
    }
    uv_timer_start(&c->timer, on_timer, ms, 0);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    struct conn *c = h->data;
    (void)suggested;
    /* One buffer per worker: on_read consumes it fully (into the rbio) before returning. */
    *buf = uv_buf_init(c->w->readbuf, sizeof(c->w->readbuf));
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    struct conn *c = s->data;
    if (nread == 0)
        return;
    if (nread < 0) {
        if (c->state == CONN_DRAINING && c->inflight > 0) {
            /* The peer half-closed; let in-flight replies finish or fail on write. */
            uv_read_stop(s);
            c->reading = 0;
            return;
        }
        conn_close(c, nread == UV_EOF ? "peer closed" : uv_strerror((int)nread));
        return;
    }
    const char *data = buf->base;
    if (c->proxy_wait) {
        long taken = take_proxy_header(c, (const uint8_t *)data, (size_t)nread);
        if (taken < 0)
            return;
        data += taken;
        nread -= taken;
        if (nread == 0)
            return;
    }
    c->bios_used = 1;
    if (BIO_write(c->rbio, data, (int)nread) != (int)nread) {
        conn_close(c, "could not buffer TLS input");
        return;
    }
    pump(c);
}

static void update_reading(struct conn *c)
{
    const struct server_config *cfg = c->w->cfg;
    int want = c->state == CONN_HANDSHAKE ||
               ((c->state == CONN_HELLO || c->state == CONN_OPEN) && !conn_saturated(c));
    (void)cfg;
    if (want && !c->reading) {
        if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) == 0)
            c->reading = 1;
    } else if (!want && c->reading) {
        uv_read_stop((uv_stream_t *)&c->tcp);
        c->reading = 0;
    }
}

static void handshake_done(struct conn *c)
{
    X509 *peer = SSL_get_peer_certificate(c->ssl);
    if (peer != NULL) {
        c->client_verified = SSL_get_verify_result(c->ssl) == X509_V_OK;
        X509_NAME_oneline(X509_get_subject_name(peer), c->client_subject,
                          sizeof(c->client_subject));
        X509_free(peer);
    }
    log_debug("conn.tls", "worker=%d conn=%llu version=%s cipher=%s client_cert=%d resumed=%d",
              c->w->index, (unsigned long long)c->id, SSL_get_version(c->ssl),
              SSL_get_cipher_name(c->ssl), c->client_verified, SSL_session_reused(c->ssl));
    metrics_tls_handshake(METRICS_TLS_OK);
    set_state(c, CONN_HELLO);
    arm_timer(c);
}

/* Takes complete frames out and dispatches them while the in-flight limit allows. Returns -1
 * when the connection failed. */
static int take_frames(struct conn *c)
{
    while ((c->state == CONN_HELLO || c->state == CONN_OPEN) && !conn_saturated(c)) {
        const uint8_t *payload;
        size_t len = 0;
        int rc = frame_decoder_next(&c->dec, &payload, &len);
        if (rc == FRAME_NEED_MORE)
            return 0;
        if (rc == FRAME_ETOOBIG) {
            char msg[160];
            snprintf(msg, sizeof(msg), "帧长度 %zu 字节超过上限 %llu 字节", len,
                     (unsigned long long)c->w->cfg->max_frame);
            conn_fail(c, ZHUCUN__CODE__RESOURCE_EXHAUSTED, msg, "frame too large");
            return -1;
        }
        if (rc < 0) {
            conn_fail(c, ZHUCUN__CODE__INVALID_ARGUMENT, "空帧（长度为 0）", frame_strerror(rc));
            return -1;
        }
        arm_timer(c); /* a complete request is activity; a trickle of bytes is not */
        c->inflight++;
        dispatch_frame(c, payload, len);
        if (c->state != CONN_HELLO && c->state != CONN_OPEN)
            return c->state == CONN_DRAINING ? 0 : -1;
    }
    return 0;
}

static void pump_once(struct conn *c);

static void pump(struct conn *c)
{
    if (c->in_pump)
        return;
    c->in_pump = 1;
    pump_once(c);
    c->in_pump = 0;
    /* Everything written during this pass goes out in as few writes as TLS allows. */
    if (c->state != CONN_CLOSING && c->state != CONN_CLOSED)
        flush_tls(c);
}

static void pump_once(struct conn *c)
{
    if (c->state == CONN_HANDSHAKE) {
        ERR_clear_error();
        int r = SSL_do_handshake(c->ssl);
        if (r != 1) {
            int e = SSL_get_error(c->ssl, r);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
                flush_tls(c);
                return;
            }
            char detail[256];
            char reason[320];
            flush_tls(c); /* the alert, if any */
            snprintf(reason, sizeof(reason), "tls handshake failed: %s",
                     tls_errors(detail, sizeof(detail)));
            metrics_tls_handshake(METRICS_TLS_FAILED);
            conn_close(c, reason);
            return;
        }
        flush_tls(c);
        if (c->state != CONN_HANDSHAKE)
            return; /* the write failed and closed the connection */
        handshake_done(c);
    }
    while (c->state == CONN_HELLO || c->state == CONN_OPEN) {
        if (take_frames(c) < 0)
            return;
        if (c->state != CONN_HELLO && c->state != CONN_OPEN)
            break;
        if (conn_saturated(c))
            break; /* resumes in conn_request_done or on_write */
        size_t avail;
        uint8_t *space = frame_decoder_space(&c->dec, &avail);
        if (avail == 0)
            break;
        ERR_clear_error();
        int n = SSL_read(c->ssl, space, (int)(avail > INT32_MAX ? INT32_MAX : avail));
        if (n > 0) {
            frame_decoder_commit(&c->dec, (size_t)n);
            continue;
        }
        int e = SSL_get_error(c->ssl, n);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
            break;
        if (e == SSL_ERROR_ZERO_RETURN) {
            flush_tls(c);
            conn_drain(c, "peer sent close_notify");
            return;
        }
        char detail[256];
        char reason[320];
        snprintf(reason, sizeof(reason), "tls error: %s", tls_errors(detail, sizeof(detail)));
        conn_close(c, reason);
        return;
    }
    flush_tls(c);
    /* Nothing half-read: an idle connection keeps no frame buffer, nor big BIO buffers. */
    frame_decoder_release(&c->dec);
    trim_bios(c);
    if (c->state == CONN_HELLO || c->state == CONN_OPEN || c->state == CONN_HANDSHAKE)
        update_reading(c);
}

void conn_accept(struct worker *w)
{
    struct conn *c = xcalloc(1, sizeof(*c));
    c->w = w;
    c->id = ++w->next_conn_id;
    uv_tcp_init(&w->loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept((uv_stream_t *)&w->listener, (uv_stream_t *)&c->tcp) != 0) {
        /* Nothing to accept after all; close the fresh handle. */
        c->state = CONN_CLOSING;
        uv_timer_init(&w->loop, &c->timer);
        c->timer.data = c;
        c->open_handles = 2;
        w->nconns++;
        uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
        uv_close((uv_handle_t *)&c->timer, on_handle_closed);
        return;
    }
    uv_timer_init(&w->loop, &c->timer);
    c->timer.data = c;
    c->open_handles = 2;
    w->nconns++;

    struct sockaddr_storage ss;
    int sslen = sizeof(ss);
    snprintf(c->peer, sizeof(c->peer), "unknown");
    int peer_gone = uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &sslen) != 0;
    if (!peer_gone) {
        format_addr((const struct sockaddr *)&ss, c->peer, sizeof(c->peer));
        /* A balancer's connection begins with the client's address: nobody else's does. */
        c->proxy_wait = proxy_from_match(&w->cfg->proxy_from, (const struct sockaddr *)&ss);
    }
    uv_tcp_nodelay(&c->tcp, 1);

    c->next = w->conns;
    if (w->conns != NULL)
        w->conns->prev = c;
    w->conns = c;

    if (w->nconns > w->cfg->max_connections || w->stopping) {
        c->state = CONN_HANDSHAKE;
        log_warn("conn.refused", "worker=%d peer=%s reason=\"%s\"", w->index, c->peer,
                 w->stopping ? "server stopping" : "max_connections reached");
        conn_close(c, "connection limit");
        return;
    }
    /* Reset before it was accepted: a load balancer's health check often is (it connects,
     * sends its LOCAL header and closes). Without its address it could be read neither as a
     * balancer's nor as a client's. */
    if (peer_gone) {
        c->state = CONN_HANDSHAKE;
        close_conn(c, "peer gone before it was accepted", 1, LOG_DEBUG);
        return;
    }

    c->ssl = SSL_new(w->ssl_ctx);
    c->rbio = BIO_new(BIO_s_mem());
    c->wbio = BIO_new(BIO_s_mem());
    if (c->ssl == NULL || c->rbio == NULL || c->wbio == NULL) {
        BIO_free(c->rbio);
        BIO_free(c->wbio);
        c->rbio = c->wbio = NULL;
        c->state = CONN_HANDSHAKE;
        conn_close(c, "could not create TLS state");
        return;
    }
    BIO_set_mem_eof_return(c->rbio, -1);
    SSL_set_bio(c->ssl, c->rbio, c->wbio);
    SSL_set_accept_state(c->ssl);
    frame_decoder_init(&c->dec, w->cfg->max_frame);
    c->state = CONN_HANDSHAKE;
    log_debug("conn.open", "worker=%d conn=%llu peer=%s", w->index, (unsigned long long)c->id,
              c->peer);
    arm_timer(c);
    update_reading(c);
}

void conn_send_frame(struct conn *c, const uint8_t *frame, size_t len)
{
    if (c->state == CONN_CLOSING || c->state == CONN_CLOSED || c->shutdown_sent)
        return;
    ERR_clear_error();
    int n = SSL_write(c->ssl, frame, (int)len);
    if (n <= 0) {
        char detail[256];
        conn_close(c, tls_errors(detail, sizeof(detail)));
        return;
    }
    /* Replies made inside pump (pipelined synchronous calls) go out when pump ends; the
     * others when this loop iteration's callbacks are done, together. */
    if (!c->in_pump)
        mark_dirty(c);
    if (c->state == CONN_HELLO || c->state == CONN_OPEN) {
        arm_timer(c);
        update_reading(c);
    }
}

void conn_send(struct conn *c, const Zhucun__Reply *reply)
{
    if (c->state == CONN_CLOSING || c->state == CONN_CLOSED || c->shutdown_sent)
        return;
    uint8_t small[2048];
    size_t need = FRAME_HEADER + protobuf_c_message_get_packed_size(&reply->base);
    uint8_t *frame = need <= sizeof(small) ? small : xmalloc(need);
    size_t len = frame_pack_into(&reply->base, frame);
    conn_send_frame(c, frame, len);
    if (frame != small)
        free(frame);
}

void conn_flush_dirty(struct worker *w)
{
    while (w->dirty != NULL) {
        struct conn *c = w->dirty;
        undirty(c);
        if (c->state != CONN_CLOSING && c->state != CONN_CLOSED) {
            flush_tls(c);
            trim_bios(c);
            if (c->state != CONN_CLOSING && c->state != CONN_CLOSED)
                room_check(c);
        }
    }
}

void conn_fail(struct conn *c, Zhucun__Code code, const char *message, const char *reason)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__Status status = ZHUCUN__STATUS__INIT;
    status.code = code;
    status.message = (char *)message;
    reply.id = 0;
    reply.status = &status;
    conn_send(c, &reply);
    conn_drain(c, reason);
}

void conn_hello_done(struct conn *c)
{
    if (c->state == CONN_HELLO)
        set_state(c, CONN_OPEN);
}

static void maybe_finish_drain(struct conn *c)
{
    if (c->state != CONN_DRAINING || c->inflight > 0)
        return;
    if (!c->shutdown_sent && c->ssl != NULL && SSL_is_init_finished(c->ssl)) {
        SSL_shutdown(c->ssl); /* close_notify; we do not wait for the peer's */
        c->shutdown_sent = 1;
        flush_tls(c);
        if (c->state != CONN_DRAINING)
            return;
    }
    if (c->write_queued == 0)
        conn_close(c, c->drain_reason ? c->drain_reason : "drained");
}

void conn_drain(struct conn *c, const char *reason)
{
    if (c->state == CONN_DRAINING || c->state == CONN_CLOSING || c->state == CONN_CLOSED)
        return;
    c->drain_reason = reason;
    set_state(c, CONN_DRAINING);
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = 0;
    arm_timer(c);
    maybe_finish_drain(c);
}

void conn_request_done(struct conn *c, size_t bytes)
{
    assert(c->inflight > 0 && c->inflight_bytes >= bytes);
    c->inflight--;
    c->inflight_bytes -= bytes;
    if (c->state == CONN_CLOSED) {
        if (c->inflight == 0)
            conn_free(c);
        return;
    }
    if (c->state == CONN_DRAINING) {
        maybe_finish_drain(c);
        return;
    }
    if (c->state == CONN_HELLO || c->state == CONN_OPEN) {
        /* A slot is free: frames may be waiting in the decoder or in OpenSSL. */
        pump(c);
    }
}
