/* zhucun_client.c -- blocking TLS client for the Zhucun protocol. */
#include "zhucun_client.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "common/config.h"
#include "common/frame.h"
#include "common/tls.h"
#include "common/xmalloc.h"
#include "outbox.h"
#include "zc_internal.h"

/* Messages for people, in Chinese; English (po/en.po) under LANGUAGE=en. */
#define _(s) dgettext(ZC_MESSAGES_DOMAIN, s)

#define CLIENT_MAX_FRAME (64u * 1024 * 1024)

struct stashed {
    struct stashed *next;
    Zhucun__Reply *reply;
};

struct zc_client {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    int timeout_ms;
    uint64_t next_id;
    struct frame_decoder dec;
    Zhucun__Reply *hello_reply;
    struct stashed *stash_head, *stash_tail;
    int broken;
    /* What zc_reconnect needs: the options of zc_connect (strings copied) and the session
     * token to resume (NULL when none). */
    struct zc_options opts;
    char *token;
    /* The outbox (opts.outbox names it), opened by the first keyed write. */
    struct zc_outbox *outbox;
    /* The TLS session to offer when (re)connecting: the options', then the newest the server
     * issued (NULL when none). */
    SSL_SESSION *session;
};

static void set_err(struct zc_error *err, Zhucun__Code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(struct zc_error *err, Zhucun__Code code, const char *fmt, ...)
{
    if (err == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    err->field[0] = '\0';
    err->maybe_applied = 0;
    err->outcome_unknown = 0;
    err->queued = 0;
    va_end(ap);
}

int zc_status(const Zhucun__Reply *reply, struct zc_error *err)
{
    if (reply->status == NULL || reply->status->code == ZHUCUN__CODE__OK)
        return 0;
    if (err != NULL) {
        err->code = reply->status->code;
        snprintf(err->message, sizeof(err->message), "%s", reply->status->message);
        err->field[0] = '\0';
        err->maybe_applied = 0;
        err->outcome_unknown = 0;
        err->queued = 0;
        if (reply->status->n_fields > 0)
            snprintf(err->field, sizeof(err->field), "%s", reply->status->fields[0]->field);
    }
    return -1;
}

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for the socket; returns 1 ready, 0 timeout, -1 error. */
static int wait_fd(int fd, short events, long long deadline)
{
    for (;;) {
        long long left = deadline - mono_ms();
        if (left <= 0)
            return 0;
        struct pollfd p = {fd, events, 0};
        int rc = poll(&p, 1, (int)left);
        if (rc < 0 && errno == EINTR)
            continue;
        return rc < 0 ? -1 : rc > 0;
    }
}

/* 1 when the TLS failure in OpenSSL's error queue is the server refusing our certificate
 * (the alert it sends for a certificate it cannot verify, or for none where one is needed).
 * Looked at before tls_errors empties the queue. Such a failure is UNAUTHENTICATED, not
 * UNAVAILABLE: connecting again cannot mend it, so nothing retries it (the retry loop of
 * zc_calls.c retries UNAVAILABLE only). Under TLS 1.3 the alert arrives after the client's
 * side of the handshake is done, at the first read; under TLS 1.2 in the handshake. */
static int cert_refused(void)
{
    unsigned long e[2] = {ERR_peek_error(), ERR_peek_last_error()};
    for (int i = 0; i < 2; i++) {
        if (e[i] == 0 || ERR_GET_LIB(e[i]) != ERR_LIB_SSL)
            continue;
        switch (ERR_GET_REASON(e[i])) {
        case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
        case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
        case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
        case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
        case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
        case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
        case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
            return 1;
        default:
            break;
        }
    }
    return 0;
}

/* Drives one SSL operation to completion with the deadline. Returns >0, or -1 with err. */
static int ssl_io(struct zc_client *c, int writing, void *buf, int len, long long deadline,
                  struct zc_error *err)
{
    for (;;) {
        ERR_clear_error();
        int n = writing ? SSL_write(c->ssl, buf, len) : SSL_read(c->ssl, buf, len);
        if (n > 0)
            return n;
        int e = SSL_get_error(c->ssl, n);
        short ev;
        if (e == SSL_ERROR_WANT_READ)
            ev = POLLIN;
        else if (e == SSL_ERROR_WANT_WRITE)
            ev = POLLOUT;
        else {
            char detail[256];
            c->broken = 1;
            if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0))
                set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("服务器关闭了连接"));
            else if (cert_refused())
                set_err(err, ZHUCUN__CODE__UNAUTHENTICATED, _("服务器拒绝了客户端证书：%s"),
                        tls_errors(detail, sizeof(detail)));
            else
                set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("TLS 错误：%s"),
                        tls_errors(detail, sizeof(detail)));
            return -1;
        }
        int w = wait_fd(c->fd, ev, deadline);
        if (w == 0) {
            set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("等待服务器超时"));
            return -1;
        }
        if (w < 0) {
            c->broken = 1;
            set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("网络错误：%s"), strerror(errno));
            return -1;
        }
    }
}

static int tcp_connect(const char *host, int port, long long deadline, struct zc_error *err)
{
    struct addrinfo hints = {0}, *res = NULL;
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0) {
        set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("无法解析服务器地址 %s：%s"), host,
                gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    int last = 0;
    for (struct addrinfo *a = res; a != NULL; a = a->ai_next) {
        fd = socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            last = errno;
            continue;
        }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        if (errno == EINPROGRESS && wait_fd(fd, POLLOUT, deadline) == 1) {
            int so = 0;
            socklen_t sl = sizeof(so);
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &sl);
            if (so == 0)
                break;
            last = so;
        } else {
            last = errno == EINPROGRESS ? ETIMEDOUT : errno;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("无法连接服务器 %s:%d：%s"), host, port,
                strerror(last));
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? xstrdup(s) : NULL;
}

/* Drops the connection (TLS close_notify when it is still sound) and what was read on it;
 * the options and the token stay. */
static void link_close(struct zc_client *c)
{
    if (c->ssl != NULL) {
        if (!c->broken && SSL_is_init_finished(c->ssl))
            SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    SSL_CTX_free(c->ctx);
    c->ctx = NULL;
    frame_decoder_free(&c->dec);
    zc_reply_free(c->hello_reply);
    c->hello_reply = NULL;
    while (c->stash_head != NULL) {
        struct stashed *s = c->stash_head;
        c->stash_head = s->next;
        zc_reply_free(s->reply);
        free(s);
    }
    c->stash_tail = NULL;
    c->broken = 1;
}

/* The work of without_peer, which see. */
static size_t cut_peer(unsigned char *der, size_t len)
{
    const unsigned char *p = der, *end;
    long body = 0, n = 0;
    int tag, cls;
    if (len > INT32_MAX || (ASN1_get_object(&p, &body, &tag, &cls, (long)len) & 0x80) != 0 ||
        tag != V_ASN1_SEQUENCE || p + body != der + len)
        return len;
    const unsigned char *first = p, *cut = NULL, *cut_end = NULL;
    end = p + body;
    while (p < end) {
        const unsigned char *at = p;
        if ((ASN1_get_object(&p, &n, &tag, &cls, end - p) & 0x80) != 0 || n > end - p)
            return len;
        p += n;
        if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 3) {
            cut = at;
            cut_end = p;
        }
    }
    if (cut == NULL)
        return len;
    /* The new SEQUENCE header, then what came before [3] and what came after it. */
    long new_body = body - (long)(cut_end - cut);
    unsigned char *out = xmalloc(len), *q = out;
    ASN1_put_object(&q, 1, (int)new_body, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL);
    memcpy(q, first, (size_t)(cut - first));
    q += cut - first;
    memcpy(q, cut_end, (size_t)(end - cut_end));
    q += end - cut_end;
    size_t new_len = (size_t)(q - out);
    memcpy(der, out, new_len);
    OPENSSL_cleanse(out, len);
    free(out);
    return new_len;
}

/* Drops, in place, the server's certificate (the field [3] "peer") from the DER of a session
 * (the SEQUENCE of OpenSSL's ssl/ssl_asn1.c); returns the new length, or len unchanged when
 * der is not laid out so. Resuming needs no certificate, as nothing is verified again, and
 * decoding one is a large share of a CLI call's start-up (OpenSSL 3.0 builds its decoders
 * for it). A session issued on a connection that resumed one without it has none either. */
static size_t without_peer(unsigned char *der, size_t len)
{
    /* This runs inside an SSL_read, whose outcome is read from the error queue: leave no
     * error of ours on it. */
    ERR_set_mark();
    size_t kept = cut_peer(der, len);
    ERR_pop_to_mark();
    return kept;
}

/* OpenSSL's new-session callback: a session the server issued on c's connection. TLS 1.3
 * tickets come after the handshake, so this runs inside an SSL_read (the first reply's).
 * Keeps the session (returning 1 takes OpenSSL's reference) and hands its bytes, without
 * the server's certificate, to the options' callback. */
static int on_new_session(SSL *ssl, SSL_SESSION *session)
{
    struct zc_client *c = SSL_get_app_data(ssl);
    if (c == NULL)
        return 0;
    SSL_SESSION_free(c->session);
    c->session = session;
    if (c->opts.tls_session_cb == NULL)
        return 1;
    int len = i2d_SSL_SESSION(session, NULL);
    if (len <= 0)
        return 1;
    unsigned char *der = xmalloc((size_t)len), *p = der;
    if (i2d_SSL_SESSION(session, &p) == len) {
        size_t kept = without_peer(der, (size_t)len);
        c->opts.tls_session_cb(der, kept, c->opts.tls_session_user);
    }
    OPENSSL_cleanse(der, (size_t)len); /* it holds the resumption secret */
    free(der);
    return 1;
}

/* 1 when c has a session that may still resume, else 0 (and drops the one it had). Sessions
 * are never offered past TLS_TICKET_LIFETIME_S, whatever lifetime the server announced. */
static int session_usable(struct zc_client *c)
{
    if (c->session == NULL)
        return 0;
    long age = (long)time(NULL) - (long)SSL_SESSION_get_time(c->session);
    if (SSL_SESSION_is_resumable(c->session) && age >= 0 && age <= TLS_TICKET_LIFETIME_S)
        return 1;
    SSL_SESSION_free(c->session);
    c->session = NULL;
    return 0;
}

/* Opens the connection with c->opts and c->token: TCP, TLS, Hello. Returns 0, or -1 with err
 * (c is then closed and broken). */
static int link_open(struct zc_client *c, struct zc_error *err)
{
    const struct zc_options *o = &c->opts;
    char *host = NULL;
    int port;
    if (o->server == NULL || config_parse_hostport(o->server, &host, &port) != 0) {
        set_err(err, ZHUCUN__CODE__INVALID_ARGUMENT, _("服务器地址应为 HOST:PORT，而不是 %s"),
                o->server ? o->server : "(空)");
        return -1;
    }
    c->broken = 0;
    frame_decoder_init(&c->dec, CLIENT_MAX_FRAME);
    long long deadline = mono_ms() + c->timeout_ms;
    char tlserr[512];
    /* With a session to offer, the CA file is read only if the server makes a full
     * handshake of it (tls_client_ctx_deferred). */
    int offer = session_usable(c);
    c->ctx = offer ? tls_client_ctx_deferred(o->ca, o->cert, o->key, tlserr, sizeof(tlserr))
                   : tls_client_ctx(o->ca, o->cert, o->key, tlserr, sizeof(tlserr));
    if (c->ctx == NULL) {
        set_err(err, ZHUCUN__CODE__INVALID_ARGUMENT, _("无法读取证书或密钥：%s"), tlserr);
        goto fail;
    }
    c->fd = tcp_connect(host, port, deadline, err);
    if (c->fd < 0)
        goto fail;
    SSL_CTX_sess_set_new_cb(c->ctx, on_new_session);
    c->ssl = SSL_new(c->ctx);
    SSL_set_app_data(c->ssl, c);
    SSL_set_fd(c->ssl, c->fd);
    if (offer && SSL_set_session(c->ssl, c->session) != 1)
        ERR_clear_error(); /* not offered: a full handshake */
    unsigned char ipbuf[16];
    int is_ip = inet_pton(AF_INET, host, ipbuf) == 1 || inet_pton(AF_INET6, host, ipbuf) == 1;
    if (is_ip) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host);
    } else {
        SSL_set_tlsext_host_name(c->ssl, host);
        SSL_set1_host(c->ssl, host);
    }
    for (;;) {
        ERR_clear_error();
        int r = SSL_connect(c->ssl);
        if (r == 1)
            break;
        int e = SSL_get_error(c->ssl, r);
        short ev = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        if (ev == 0) {
            char detail[256];
            long vr = SSL_get_verify_result(c->ssl);
            /* A certificate that does not verify, on either side, is not a network fault. */
            if (vr != X509_V_OK)
                set_err(err, ZHUCUN__CODE__UNAUTHENTICATED, _("服务器证书验证失败：%s"),
                        X509_verify_cert_error_string(vr));
            else if (cert_refused())
                set_err(err, ZHUCUN__CODE__UNAUTHENTICATED, _("服务器拒绝了客户端证书：%s"),
                        tls_errors(detail, sizeof(detail)));
            else
                set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("TLS 握手失败：%s"),
                        tls_errors(detail, sizeof(detail)));
            goto fail;
        }
        if (wait_fd(c->fd, ev, deadline) != 1) {
            set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("TLS 握手超时"));
            goto fail;
        }
    }
    free(host);
    host = NULL;
    if (!o->skip_hello) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Hello h = ZHUCUN__HELLO__INIT;
        h.protocol_version = o->protocol_version ? o->protocol_version : ZHUCUN_PROTOCOL_VERSION;
        h.client_name = (char *)(o->client_name ? o->client_name : "libzhucun-client");
        h.session_token = c->token != NULL ? c->token : "";
        req.body_case = ZHUCUN__REQUEST__BODY_HELLO;
        req.hello = &h;
        Zhucun__Reply *reply = NULL;
        if (zc_call(c, &req, &reply, err) != 0) {
            zc_reply_free(reply);
            goto fail;
        }
        if (reply->body_case != ZHUCUN__REPLY__BODY_HELLO) {
            zc_reply_free(reply);
            set_err(err, ZHUCUN__CODE__INTERNAL, _("服务器对 Hello 的回答不正确"));
            goto fail;
        }
        c->hello_reply = reply;
    }
    return 0;
fail:
    free(host);
    link_close(c);
    return -1;
}

int zc_connect(const struct zc_options *o, struct zc_client **out, struct zc_error *err)
{
    *out = NULL;
    /* A write to a connection the server reset must come back as an error, not kill the
     * process: ignore SIGPIPE unless the program set its own handler. */
    struct sigaction sa;
    if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);
    struct zc_client *c = xcalloc(1, sizeof(*c));
    c->fd = -1;
    c->opts = *o;
    c->opts.server = dup_or_null(o->server);
    c->opts.ca = dup_or_null(o->ca);
    c->opts.cert = dup_or_null(o->cert);
    c->opts.key = dup_or_null(o->key);
    c->opts.client_name = dup_or_null(o->client_name);
    c->opts.outbox = dup_or_null(o->outbox);
    c->opts.username = o->username != NULL && o->username[0] != '\0' ? xstrdup(o->username) : NULL;
    c->opts.session_token = NULL; /* kept in c->token, which Login and Logout change */
    c->token =
        o->session_token != NULL && o->session_token[0] != '\0' ? xstrdup(o->session_token) : NULL;
    c->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 30000;
    c->opts.tls_session = NULL; /* decoded now: the caller's bytes may go away */
    c->opts.tls_session_len = 0;
    if (o->tls_session != NULL && o->tls_session_len > 0 && o->tls_session_len < INT32_MAX) {
        const unsigned char *p = o->tls_session;
        c->session = d2i_SSL_SESSION(NULL, &p, (long)o->tls_session_len);
        if (c->session == NULL)
            ERR_clear_error(); /* unreadable: not offered */
    }
    if (link_open(c, err) != 0 && !(o->offline && err->code == ZHUCUN__CODE__UNAVAILABLE)) {
        zc_close(c);
        return -1;
    }
    *out = c;
    return 0;
}

int zc_reconnect(struct zc_client *c, struct zc_error *err)
{
    link_close(c);
    if (link_open(c, err) != 0) {
        if (c->opts.link_cb != NULL)
            c->opts.link_cb(0, err->message, c->opts.link_user);
        return -1;
    }
    if (c->opts.link_cb != NULL)
        c->opts.link_cb(1, NULL, c->opts.link_user);
    return 0;
}

/* 1 when the server has closed the connection already (its end of the socket: a server that
 * stopped, or ended an idle connection): a request written now would never be read, so it is
 * no use sending one and taking its lost answer for an outcome unknown. Looked at without
 * waiting, before each call (zc_broken). */
static int peer_closed(int fd)
{
    struct pollfd p = {fd, POLLRDHUP, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

int zc_broken(const struct zc_client *c)
{
    return c->broken || c->ssl == NULL || peer_closed(c->fd);
}

int zc__found_closed(struct zc_client *c)
{
    if (c->broken || c->ssl == NULL || !peer_closed(c->fd))
        return 0;
    c->broken = 1;
    return 1;
}

const char *zc_session_token(const struct zc_client *c)
{
    return c->token != NULL ? c->token : "";
}

void zc__set_token(struct zc_client *c, const char *token)
{
    if (c->token != NULL)
        OPENSSL_cleanse(c->token, strlen(c->token));
    free(c->token);
    c->token = token != NULL && token[0] != '\0' ? xstrdup(token) : NULL;
}

void zc_close(struct zc_client *c)
{
    if (c == NULL)
        return;
    link_close(c);
    free((char *)c->opts.server);
    free((char *)c->opts.ca);
    free((char *)c->opts.cert);
    free((char *)c->opts.key);
    free((char *)c->opts.client_name);
    free((char *)c->opts.outbox);
    free((char *)c->opts.username);
    zc_outbox_close(c->outbox);
    zc__set_token(c, NULL);
    SSL_SESSION_free(c->session);
    free(c);
}

const Zhucun__HelloReply *zc_hello(const struct zc_client *c)
{
    return c->hello_reply ? c->hello_reply->hello : NULL;
}

int zc_tls_resumed(const struct zc_client *c)
{
    return c->ssl != NULL && SSL_session_reused(c->ssl) == 1;
}

int zc_fd(const struct zc_client *c)
{
    return c->fd;
}

void zc_reply_free(Zhucun__Reply *reply)
{
    if (reply != NULL)
        zhucun__reply__free_unpacked(reply, NULL);
}

int zc_send_raw(struct zc_client *c, const void *data, size_t len, struct zc_error *err)
{
    long long deadline = mono_ms() + c->timeout_ms;
    if (c->ssl == NULL) { /* a zc_reconnect failed: nothing to write to */
        set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("服务器关闭了连接"));
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        int n = ssl_io(c, 1, (char *)data + off, (int)(len - off), deadline, err);
        if (n < 0)
            return -1;
        off += (size_t)n;
    }
    return 0;
}

uint64_t zc_send(struct zc_client *c, Zhucun__Request *req, struct zc_error *err)
{
    if (req->id == 0)
        req->id = ++c->next_id;
    size_t len;
    uint8_t *frame = frame_pack(&req->base, &len);
    int rc = zc_send_raw(c, frame, len, err);
    free(frame);
    return rc == 0 ? req->id : 0;
}

/* The next reply from the socket itself (not the stash). */
static int read_reply(struct zc_client *c, Zhucun__Reply **out, int timeout_ms,
                      struct zc_error *err)
{
    *out = NULL;
    long long deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : c->timeout_ms);
    if (c->ssl == NULL) {
        set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("服务器关闭了连接"));
        return -1;
    }
    for (;;) {
        const uint8_t *payload;
        size_t len = 0;
        int rc = frame_decoder_next(&c->dec, &payload, &len);
        if (rc == FRAME_READY) {
            Zhucun__Reply *r = zhucun__reply__unpack(NULL, len, payload);
            if (r == NULL) {
                c->broken = 1;
                set_err(err, ZHUCUN__CODE__INTERNAL, _("无法解析服务器的回答"));
                return -1;
            }
            *out = r;
            return 0;
        }
        if (rc < 0) {
            c->broken = 1;
            set_err(err, ZHUCUN__CODE__INTERNAL, _("服务器发来的帧无效：%s"), frame_strerror(rc));
            return -1;
        }
        size_t avail;
        uint8_t *space = frame_decoder_space(&c->dec, &avail);
        int n = ssl_io(c, 0, space, (int)avail, deadline, err);
        if (n < 0)
            return -1;
        frame_decoder_commit(&c->dec, (size_t)n);
    }
}

int zc_recv(struct zc_client *c, Zhucun__Reply **out, int timeout_ms, struct zc_error *err)
{
    if (c->stash_head != NULL) {
        struct stashed *s = c->stash_head;
        c->stash_head = s->next;
        if (c->stash_head == NULL)
            c->stash_tail = NULL;
        *out = s->reply;
        free(s);
        return 0;
    }
    return read_reply(c, out, timeout_ms, err);
}

/* Keeps a reply to another request (or an event) for zc_recv, in the order it came. */
static void stash(struct zc_client *c, Zhucun__Reply *r)
{
    struct stashed *s = xcalloc(1, sizeof(*s));
    s->reply = r;
    if (c->stash_tail != NULL)
        c->stash_tail->next = s;
    else
        c->stash_head = s;
    c->stash_tail = s;
}

int zc_call(struct zc_client *c, Zhucun__Request *req, Zhucun__Reply **out, struct zc_error *err)
{
    *out = NULL;
    uint64_t id = zc_send(c, req, err);
    if (id == 0)
        return -1;
    long long deadline = mono_ms() + c->timeout_ms;
    /* The stash holds replies to other requests only: this one's comes from the socket, and
     * whatever else comes meanwhile joins the stash behind what was there. */
    int rc = -1;
    for (;;) {
        long long left = deadline - mono_ms();
        Zhucun__Reply *r = NULL;
        if (left <= 0) {
            set_err(err, ZHUCUN__CODE__UNAVAILABLE, _("等待服务器超时"));
            break;
        }
        if (read_reply(c, &r, (int)left, err) != 0)
            break;
        if (r->id == id) {
            *out = r;
            rc = zc_status(r, err);
            break;
        }
        if (r->id == 0 && r->status != NULL && r->status->code != ZHUCUN__CODE__OK) {
            /* A connection-level error: the server is closing this connection. */
            zc_status(r, err);
            zc_reply_free(r);
            c->broken = 1;
            break;
        }
        stash(c, r);
    }
    return rc;
}

int zc_login(struct zc_client *c, const char *username, const char *password, Zhucun__Reply **out,
             struct zc_error *err)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = (char *)username;
    l.password = (char *)password;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    int rc = zc_call(c, &req, out, err);
    if (rc == 0 && (*out)->body_case == ZHUCUN__REPLY__BODY_LOGIN) {
        zc__set_token(c, (*out)->login->session_token);
        zc__set_username(c, username);
    }
    return rc;
}

const struct zc_options *zc__options(const struct zc_client *c)
{
    return &c->opts;
}

void zc__mark_broken(struct zc_client *c)
{
    c->broken = 1;
}

const char *zc__username(const struct zc_client *c)
{
    return c->opts.username;
}

void zc__set_username(struct zc_client *c, const char *username)
{
    free((char *)c->opts.username);
    c->opts.username = username != NULL && username[0] != '\0' ? xstrdup(username) : NULL;
}

int zc__outbox(struct zc_client *c, struct zc_outbox **ob, struct zc_error *err)
{
    *ob = c->outbox;
    if (c->outbox != NULL || (c->opts.outbox != NULL && c->opts.outbox[0] == '\0'))
        return 0; /* open, or none asked for */
    char *path = c->opts.outbox != NULL ? xstrdup(c->opts.outbox) : zc_outbox_default_path();
    if (path == NULL)
        return 0; /* no home to keep one in */
    char why[512];
    int rc = zc_outbox_open(path, &c->outbox, why, sizeof(why));
    if (rc != 0)
        set_err(err, ZHUCUN__CODE__INTERNAL, "%s", why);
    free(path);
    *ob = c->outbox;
    return rc;
}
