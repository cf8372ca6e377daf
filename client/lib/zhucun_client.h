/* zhucun_client.h -- libzhucun-client: the protocol for every client (CLI, desktop, tests,
 * load generators): connect over TLS, Hello, send requests (pipelined or one at a time) and
 * match replies by id, raise errors with a status code and a message for people.
 *
 * This is the blocking interface: every call waits (up to the configured timeout) on the
 * socket. A client object is used by one thread at a time. The desktop client runs it on a
 * worker thread. */
#ifndef ZHUCUN_CLIENT_H
#define ZHUCUN_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "auth.pb-c.h"
#include "envelope.pb-c.h"

struct zc_client;

/* The gettext domain of the messages in struct zc_error that the library makes (the CLI's:
 * po/en.po); the server's own messages come as the server wrote them. */
#define ZC_MESSAGES_DOMAIN "zhucun"

/* Every failure: a status code (UNAVAILABLE for transport trouble), a message for people and
 * the request field at fault (empty when none). */
struct zc_error {
    Zhucun__Code code;
    char message[512];
    char field[64];
    /* 1 when a write that has no idempotency key was sent and the connection was lost before
     * its answer: it may or may not have been applied, and it was not sent again. */
    int maybe_applied;
    /* 1 when a keyed write got no answer however often it was sent (zc_request's retries,
     * docs/client-lib.md): it may or may not have been applied. Its key stays in the outbox,
     * so that making the same write again (same call, same body, same account) sends that
     * key and the server answers from the first one instead of writing it twice. code is
     * UNAVAILABLE. */
    int outcome_unknown;
    /* 1 when a write was kept in the outbox to be sent later instead of being sent: the
     * client's offline option is set, it is one of the calls that work offline
     * (zc_call_works_offline) and the server could not be reached at all. code is
     * UNAVAILABLE; the entry is WAITING (outbox.h) until zc_flush sends it. */
    int queued;
};

/* Called on the calling thread when a call finds its connection lost (up 0, with the reason)
 * and when the client has opened it again (up 1, message NULL). */
typedef void (*zc_link_cb)(int up, const char *message, void *user);

/* Called on the calling thread with each TLS session the server issues for resumption, as
 * DER bytes that last for the call only: keep them to offer later (zc_options.tls_session).
 * A TLS 1.3 server sends its ticket just after the handshake, so this runs while zc_connect
 * reads the answer to Hello. */
typedef void (*zc_tls_session_cb)(const unsigned char *der, size_t len, void *user);

struct zc_options {
    const char *server;        /* "host:port" */
    const char *ca;            /* PEM file of the CA that signed the server certificate */
    const char *cert;          /* optional client certificate (mutual TLS) */
    const char *key;           /* its key */
    const char *client_name;   /* sent in Hello, e.g. "zhucun-cli/0.1.0" */
    const char *session_token; /* optional: resume this session */
    int timeout_ms;            /* per operation; 0 means 30 s */
    int skip_hello;            /* tests: connect without sending Hello */
    uint32_t protocol_version; /* tests: 0 means the current version */
    /* The typed calls (zc_calls.h): when the connection is lost before a read's answer,
     * reconnect and send the read once more (1), or give up with the transport error (0).
     * Keyed writes are retried either way; writes without a key never are. */
    int retry_reads;
    zc_link_cb link_cb; /* optional */
    void *link_user;
    /* The outbox (outbox.h) that keeps the keys of keyed writes until their outcome is
     * known: NULL its default file (zc_outbox_default_path), "" none (the keys are then kept
     * for the retries of one call only). Opened on the first keyed write. */
    const char *outbox;
    /* Optional: the account session_token belongs to, which the outbox files keys under.
     * zc_login sets it; when it is unknown at a keyed write the client asks WhoAmI once. */
    const char *username;
    /* TLS session resumption (docs/cli.md, "Start-up"): a session that an earlier connection
     * to the same server, trusting the same CA and with the same client certificate, was
     * given (the bytes of tls_session_cb), offered in the handshake; NULL none. One that
     * cannot be decoded, is older than TLS_TICKET_LIFETIME_S or that the server no longer
     * accepts costs nothing but a full handshake. Either way the client keeps the newest
     * session it is given and offers it when it reconnects. */
    const unsigned char *tls_session;
    size_t tls_session_len;
    zc_tls_session_cb tls_session_cb; /* optional */
    void *tls_session_user;
    /* Offline work (docs/client-lib.md, "Working offline"): zc_connect returns a client
     * without a connection when the server cannot be reached (UNAVAILABLE), each call tries
     * to open one; and a keyed write of the calls that work offline that cannot reach the
     * server is kept in the outbox as WAITING and fails with err.queued (without the option
     * its entry is removed). It needs an outbox and the account (username, or a zc_login). */
    int offline;
};

/* Connects, verifies the server certificate (name and chain), sends Hello and checks the
 * answer. Returns 0 and *out, or -1 with err filled. With opts->offline a server that cannot
 * be reached is no failure: 0 and a client without a connection (zc_broken, zc_hello NULL);
 * err still says why. The client copies opts (strings included): the caller's may go away. SIGPIPE
 * is set to be ignored when it still has its default action, so that a reset connection is an
 * error, not death. */
int zc_connect(const struct zc_options *opts, struct zc_client **out, struct zc_error *err);

/* Closes the connection (TLS close_notify) and frees the client. NULL is accepted. */
void zc_close(struct zc_client *c);

/* The server's Hello answer (NULL when skip_hello was set). */
const Zhucun__HelloReply *zc_hello(const struct zc_client *c);

/* Sends a request. If req->id is 0 a fresh id is assigned; returns the id, or 0 with err. */
uint64_t zc_send(struct zc_client *c, Zhucun__Request *req, struct zc_error *err);

/* Receives the next reply, whatever its id (server events have id 0). Returns 0 and *out
 * (free it with zc_reply_free), or -1 with err (timeout, connection closed, bad frame). */
int zc_recv(struct zc_client *c, Zhucun__Reply **out, int timeout_ms, struct zc_error *err);

/* Sends req and waits for its reply; replies to other ids that arrive meanwhile are kept for
 * zc_recv. Returns 0 when the reply's status is OK; -1 with err set from the status (the reply
 * is still returned in *out when one arrived, for its body). */
int zc_call(struct zc_client *c, Zhucun__Request *req, Zhucun__Reply **out, struct zc_error *err);

void zc_reply_free(Zhucun__Reply *reply);

/* Writes raw bytes inside the TLS stream (tests: malformed frames). */
int zc_send_raw(struct zc_client *c, const void *data, size_t len, struct zc_error *err);

/* Closes the connection if it is open and opens it again with the options of zc_connect,
 * resuming the client's session token (the last Login's, or the options'). Returns 0, or -1
 * with err (the client then stays without a connection; a later call tries again). Calls
 * link_cb. */
int zc_reconnect(struct zc_client *c, struct zc_error *err);

/* 1 when the connection is known to be unusable (reset, closed by the server, a bad frame),
 * its socket shows the server has closed its end (looked at without waiting), or it was never
 * opened again after a failed zc_reconnect. */
int zc_broken(const struct zc_client *c);

/* The session token the client resumes on reconnect ("" when none). */
const char *zc_session_token(const struct zc_client *c);

/* Logs in on this connection (binding the session to it); *out holds the LoginReply. The
 * client keeps the new session token for reconnects, and username for the outbox. */
int zc_login(struct zc_client *c, const char *username, const char *password, Zhucun__Reply **out,
             struct zc_error *err);

/* Fills err from a reply's status; returns 0 when it is OK. */
int zc_status(const Zhucun__Reply *reply, struct zc_error *err);

/* 1 when the connection's TLS handshake resumed a session (no certificate was sent or
 * checked: the session carries the first handshake's), 0 when it was a full one. */
int zc_tls_resumed(const struct zc_client *c);

/* The socket (tests: shut it down without TLS close). */
int zc_fd(const struct zc_client *c);

#endif
