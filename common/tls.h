/* tls.h -- OpenSSL contexts for both sides, configured once in one place.
 *
 * TLS 1.2 and 1.3 only, the Mozilla "intermediate" cipher suites and groups, no
 * renegotiation, no compression. The server context may verify optional client certificates
 * (mutual TLS for batch accounts); the client context always verifies the server. */
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

/* Server context from a certificate chain and key (PEM). client_ca may be NULL; when set,
 * clients may present a certificate signed by it (optional; checked, never required here).
 * Returns NULL with a message in err. The context is safe to share between threads. */
SSL_CTX *tls_server_ctx(const char *cert, const char *key, const char *client_ca, char *err,
                        size_t errlen);

/* Client context that trusts ca (PEM file). cert and key (optional, both or neither) are the
 * client's certificate for mutual TLS. */
SSL_CTX *tls_client_ctx(const char *ca, const char *cert, const char *key, char *err,
                        size_t errlen);

/* Writes the pending OpenSSL error queue (and clears it) as one line into buf. */
const char *tls_errors(char *buf, size_t len);

#endif
