/* tls.h -- OpenSSL contexts for both sides, configured once in one place.
 *
 * TLS 1.2 and 1.3 only, the Mozilla "intermediate" cipher suites and groups, security level 2
 * at least, no renegotiation, no compression. The server context may verify optional client
 * certificates (mutual TLS for batch accounts); the client context always verifies the
 * server. The server issues session tickets so that a client may resume (docs/cli.md,
 * "Start-up"). */
#ifndef ZHUCUN_TLS_H
#define ZHUCUN_TLS_H

#include <stddef.h>

#include <openssl/ssl.h>

#define TLS_CIPHERS_12                                                                             \
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"     \
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"       \
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
#define TLS_CIPHERS_13 "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
#define TLS_GROUPS     "X25519:prime256v1:secp384r1"

/* How long a session ticket the server issues resumes a session, in seconds. A resumed
 * handshake does not verify certificates again (the ticket carries the first handshake's
 * verdict), so this bounds how long a client certificate's check, and a stolen ticket, last. */
#define TLS_TICKET_LIFETIME_S 7200

/* OpenSSL set up for a short-lived client process (the CLI), before its first OpenSSL call:
 * the system's openssl.cnf is not read (every context gets the project's policy explicitly;
 * reading and applying the file is a large share of a CLI call's start-up) unless the
 * OPENSSL_CONF variable names a file, which then is read as usual; and OpenSSL does not free
 * its tables at exit. Returns 0, or -1 when OpenSSL cannot be initialised. */
int tls_init_short_lived(void);

/* Server context from a certificate chain and key (PEM). client_ca may be NULL; when set,
 * clients may present a certificate signed by it (optional; checked, never required here).
 * Returns NULL with a message in err. The context is safe to share between threads. */
SSL_CTX *tls_server_ctx(const char *cert, const char *key, const char *client_ca, char *err,
                        size_t errlen);

/* Client context that trusts ca (PEM file). cert and key (optional, both or neither) are the
 * client's certificate for mutual TLS. Its session cache is client-side with no internal
 * store: whoever owns the connection keeps the sessions it wants to resume (a new-session
 * callback, SSL_CTX_sess_set_new_cb) and offers one with SSL_set_session. */
SSL_CTX *tls_client_ctx(const char *ca, const char *cert, const char *key, char *err,
                        size_t errlen);

/* As tls_client_ctx, for a connection that offers a session to resume: the CA file is read
 * when a server certificate is to be verified, that is on a full handshake only. A resumed
 * one verifies nothing (the session carries the first handshake's verdict) and so never
 * reads or decodes the file, a large share of a short process's start: OpenSSL 3.0 decodes
 * certificates slowly. The file must be readable now; one that turns out not to hold a
 * usable certificate fails the full handshake that needs it as a verification failure. The
 * context is for one thread at a time. */
SSL_CTX *tls_client_ctx_deferred(const char *ca, const char *cert, const char *key, char *err,
                                 size_t errlen);

/* Writes the pending OpenSSL error queue (and clears it) as one line into buf. */
const char *tls_errors(char *buf, size_t len);

#endif
