/* conn.h -- one client connection: TLS over a uv stream through memory BIOs, frame decoding,
 * in-flight and write-queue limits, handshake and idle timeouts, draining.
 *
 * The connection knows bytes, TLS and frames; it hands each complete frame to dispatch and
 * never knows a domain. See docs/connection-lifecycle.md for the states and limits. */
#ifndef ZHUCUN_CONN_H
#define ZHUCUN_CONN_H

#include <openssl/ssl.h>
#include <stdint.h>
#include <uv.h>

#include "common/frame.h"
#include "envelope.pb-c.h"

struct publisher;
struct worker;

#define CONN_FOLLOWS_MAX 4 /* publishers one connection may follow at once */

enum conn_state {
    CONN_HANDSHAKE, /* TLS handshake under way; the handshake timer runs */
    CONN_HELLO,     /* TLS up; the first request must be Hello */
    CONN_OPEN,      /* serving requests; the idle timer runs */
    CONN_DRAINING,  /* taking no more requests; closes once in-flight replies are written */
    CONN_CLOSING,   /* uv_close issued for the socket and the timer */
    CONN_CLOSED,    /* handles closed; the struct lives until its last request finishes */
};

typedef void (*conn_room_fn)(void *arg);

struct conn {
    uv_tcp_t tcp;
    uv_timer_t timer;
    struct worker *w;
    struct conn *prev, *next; /* the worker's list */
    uint64_t id;
    enum conn_state state;
    SSL *ssl;
    BIO *rbio; /* ciphertext in: written from socket reads */
    BIO *wbio; /* ciphertext out: drained into uv_write */
    struct frame_decoder dec;
    unsigned inflight;     /* requests dispatched and not yet finished */
    size_t inflight_bytes; /* decoded-request memory those requests hold (their arenas) */
    size_t write_queued;   /* bytes given to uv_write and not yet written */
    int reading;           /* uv_read_start is active */
    int open_handles;      /* tcp and timer until their close callbacks ran */
    int shutdown_sent;     /* TLS close_notify queued */
    int in_pump;           /* pump is on the stack: a request finishing inside it must not
                              re-enter it (pipelined synchronous replies would recurse) */
    int client_verified;   /* a client certificate was presented and verified */
    char client_subject[256];
    int has_token; /* a session token was bound by Hello or Login */
    uint8_t token_hash[32];
    char peer[64]; /* client address "ip:port" */
    /* The events the connection follows (events_follow): pub's events that name subject are
     * pushed to it. A slot with pub NULL is free. */
    struct conn_follow {
        const struct publisher *pub;
        int64_t subject;
    } follows[CONN_FOLLOWS_MAX];
    const char *drain_reason;
    struct conn *dirty_prev, *dirty_next; /* in the worker's dirty list (is_dirty) */
    int is_dirty;
    int bios_used;        /* the BIOs held data since they were last made fresh (trim_bios) */
    conn_room_fn room_fn; /* conn_on_room's waiter, or NULL */
    void *room_arg;
    /* A connection from a balancer of [server] proxy_from begins with a PROXY v2 header
     * (common/proxy_v2.h) before TLS: proxy_wait while it has not come whole, its bytes so
     * far in proxy_buf (PROXY_V2_MAX at most; NULL before the first and after the header). */
    int proxy_wait;
    int proxy_local; /* the header was LOCAL: the balancer's own check, its close is debug */
    uint8_t *proxy_buf;
    size_t proxy_len;
};

/* What the client has yet to take: handed to the socket and not written, and TLS output made
 * this loop iteration, which the connection writes at its end. */
size_t conn_backlog(const struct conn *c);

/* Room again: fn(arg) is called once, from the loop, when the backlog has fallen to half the
 * write-queue limit ([limits] max_write_queue) or below, after a write completed or the
 * iteration's output was written. A stream that filled the queue (an export's parts) waits on
 * it instead of looking again and again. One waiter per connection; nothing is called once the
 * connection closes, so a waiter keeps a timer of its own to notice that, and takes the wait
 * back (conn_room_cancel) before it ends. */
void conn_on_room(struct conn *c, conn_room_fn fn, void *arg);
void conn_room_cancel(struct conn *c, void *arg);

/* Accepts a pending connection on the worker's listener. */
void conn_accept(struct worker *w);

/* Queues a reply frame. Ignored once the connection is closing. What is queued during one
 * loop iteration is written at its end, in as few writes as TLS allows. */
void conn_send(struct conn *c, const Zhucun__Reply *reply);

/* The same for a frame already packed (frame_pack_into). */
void conn_send_frame(struct conn *c, const uint8_t *frame, size_t len);

/* Writes the TLS output of every connection that made some this iteration (the worker's
 * check handle calls it). */
void conn_flush_dirty(struct worker *w);

/* Sends a connection-level error (Reply id 0) and drains the connection. */
void conn_fail(struct conn *c, Zhucun__Code code, const char *message, const char *reason);

/* A request of this connection finished (its reply sent or dropped), giving back the
 * decoded-request bytes it was charged. May free c. */
void conn_request_done(struct conn *c, size_t bytes);

/* The Hello exchange succeeded: requests may flow. */
void conn_hello_done(struct conn *c);

/* Takes no more requests; closes once in-flight requests finished and replies are written. */
void conn_drain(struct conn *c, const char *reason);

/* Closes at once (in-flight replies are dropped). */
void conn_close(struct conn *c, const char *reason);

const char *conn_state_name(enum conn_state s);

#endif
