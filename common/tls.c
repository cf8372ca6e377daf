/* tls.c -- OpenSSL context set-up with the project's protocol, cipher and group policy. */
#include "common/tls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "common/xmalloc.h"

const char *tls_errors(char *buf, size_t len)
{
    size_t used = 0;
    unsigned long e;
    buf[0] = '\0';
    while ((e = ERR_get_error()) != 0) {
        char one[256];
        ERR_error_string_n(e, one, sizeof(one));
        int n = snprintf(buf + used, len - used, "%s%s", used ? "; " : "", one);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
    if (used == 0)
        snprintf(buf, len, "unknown TLS error");
    return buf;
}

int tls_init_short_lived(void)
{
    uint64_t opts = OPENSSL_INIT_NO_ATEXIT;
    const char *conf = getenv("OPENSSL_CONF");
    if (conf == NULL || conf[0] == '\0')
        opts |= OPENSSL_INIT_NO_LOAD_CONFIG;
    return OPENSSL_init_ssl(opts, NULL) == 1 ? 0 : -1;
}

static int apply_policy(SSL_CTX *ctx)
{
    if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))
        return -1;
    if (!SSL_CTX_set_cipher_list(ctx, TLS_CIPHERS_12))
        return -1;
    if (!SSL_CTX_set_ciphersuites(ctx, TLS_CIPHERS_13))
        return -1;
    if (!SSL_CTX_set1_groups_list(ctx, TLS_GROUPS))
        return -1;
    /* Level 2 (keys of 112 bits of strength and more, no SHA-1 signatures) is what Debian's
     * openssl.cnf asks for; said here so that it holds without that file, and kept when the
     * file asks for more. */
    if (SSL_CTX_get_security_level(ctx) < 2)
        SSL_CTX_set_security_level(ctx, 2);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    return 0;
}

static SSL_CTX *fail(SSL_CTX *ctx, const char *what, const char *path, char *err, size_t errlen)
{
    char detail[512];
    tls_errors(detail, sizeof(detail));
    snprintf(err, errlen, "%s%s%s: %s", what, path ? " " : "", path ? path : "", detail);
    SSL_CTX_free(ctx);
    return NULL;
}

SSL_CTX *tls_server_ctx(const char *cert, const char *key, const char *client_ca, char *err,
                        size_t errlen)
{
    if (cert == NULL || key == NULL) {
        snprintf(err, errlen, "[tls] cert and key are required");
        return NULL;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL)
        return fail(NULL, "could not create TLS context", NULL, err, errlen);
    if (apply_policy(ctx) != 0)
        return fail(ctx, "could not apply TLS policy", NULL, err, errlen);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1)
        return fail(ctx, "could not load certificate", cert, err, errlen);
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
        return fail(ctx, "could not load private key", key, err, errlen);
    if (SSL_CTX_check_private_key(ctx) != 1)
        return fail(ctx, "private key does not match certificate", key, err, errlen);
    if (client_ca != NULL) {
        if (SSL_CTX_load_verify_locations(ctx, client_ca, NULL) != 1)
            return fail(ctx, "could not load client CA", client_ca, err, errlen);
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(client_ca);
        if (names != NULL)
            SSL_CTX_set_client_CA_list(ctx, names);
        /* Ask for a certificate but let password users in without one; the session layer
         * decides what a verified certificate may do. A certificate that fails verification
         * fails the handshake. */
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        SSL_CTX_set_verify_depth(ctx, 4);
    }
    SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"zhucun", 6);
    /* Resumption by stateless tickets (TLS 1.3, and TLS 1.2's tickets). The key that seals
     * them is this context's, made at random when it was created, and every worker thread
     * shares the context: a ticket from one worker resumes on any other, and nothing is kept
     * per session on the server (no session cache, so no table and no lock between the
     * workers). A ticket from another server process (several behind HAProxy) or from before
     * a restart does not open; the client then simply makes a full handshake. One ticket per
     * handshake, as a client keeps only the newest. A resumed TLS 1.3 handshake still does an
     * ECDHE exchange (OpenSSL clients offer psk_dhe_ke only), so its keys stay forward
     * secret; what it skips is the certificates and their signatures. */
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 1);
    SSL_CTX_set_timeout(ctx, TLS_TICKET_LIFETIME_S);
    return ctx;
}

/* A deferring client context keeps the name of its CA file here (ex_data, freed with the
 * context) until its first full handshake loads it. */
static CRYPTO_ONCE ca_index_once = CRYPTO_ONCE_STATIC_INIT;
static int ca_index = -1;

static void free_ca_name(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
                         void *argp)
{
    (void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
    free(ptr);
}

static void make_ca_index(void)
{
    ca_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, free_ca_name);
}

/* The certificate verification of a deferring context (SSL_CTX_set_cert_verify_callback):
 * loads the CA file into the context's store, which xs searches, the first time, then
 * verifies as OpenSSL would have. */
static int verify_deferred(X509_STORE_CTX *xs, void *arg)
{
    (void)arg;
    SSL *ssl = X509_STORE_CTX_get_ex_data(xs, SSL_get_ex_data_X509_STORE_CTX_idx());
    SSL_CTX *ctx = ssl != NULL ? SSL_get_SSL_CTX(ssl) : NULL;
    char *ca = ctx != NULL ? SSL_CTX_get_ex_data(ctx, ca_index) : NULL;
    if (ca != NULL) {
        int ok = SSL_CTX_load_verify_locations(ctx, ca, NULL) == 1;
        SSL_CTX_set_ex_data(ctx, ca_index, NULL);
        free(ca);
        if (!ok) {
            X509_STORE_CTX_set_error(xs, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
            return 0;
        }
    }
    return X509_verify_cert(xs);
}

static SSL_CTX *client_ctx(const char *ca, const char *cert, const char *key, int defer, char *err,
                           size_t errlen)
{
    if (ca == NULL) {
        snprintf(err, errlen, "no CA file configured to verify the server (set ca= or --ca)");
        return NULL;
    }
    if (defer && (!CRYPTO_THREAD_run_once(&ca_index_once, make_ca_index) || ca_index < 0))
        defer = 0;
    if (defer && access(ca, R_OK) != 0) {
        snprintf(err, errlen, "could not load CA file %s: %s", ca, strerror(errno));
        return NULL;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL)
        return fail(NULL, "could not create TLS context", NULL, err, errlen);
    if (apply_policy(ctx) != 0)
        return fail(ctx, "could not apply TLS policy", NULL, err, errlen);
    if (defer) {
        SSL_CTX_set_ex_data(ctx, ca_index, xstrdup(ca));
        SSL_CTX_set_cert_verify_callback(ctx, verify_deferred, NULL);
    } else if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        return fail(ctx, "could not load CA file", ca, err, errlen);
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    if (cert != NULL || key != NULL) {
        if (cert == NULL || key == NULL) {
            snprintf(err, errlen, "a client certificate needs both cert and key");
            SSL_CTX_free(ctx);
            return NULL;
        }
        if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1)
            return fail(ctx, "could not load client certificate", cert, err, errlen);
        if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
            return fail(ctx, "could not load client key", key, err, errlen);
        if (SSL_CTX_check_private_key(ctx) != 1)
            return fail(ctx, "client key does not match certificate", key, err, errlen);
    }
    return ctx;
}

SSL_CTX *tls_client_ctx(const char *ca, const char *cert, const char *key, char *err, size_t errlen)
{
    return client_ctx(ca, cert, key, 0, err, errlen);
}

SSL_CTX *tls_client_ctx_deferred(const char *ca, const char *cert, const char *key, char *err,
                                 size_t errlen)
{
    return client_ctx(ca, cert, key, 1, err, errlen);
}
