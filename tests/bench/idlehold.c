/* idlehold.c -- zhucun-idlehold: opens N TLS connections to a server, greets it on each, then
 * holds them idle for a while, so that tests/bench/compare can weigh what an idle connection
 * costs the server (its RSS before and after, divided by N). Used by the benchmark only, never
 * by the tests.
 *
 * Two protocols: zhucun (TLS, then Hello, as every client begins; see docs/wire-format.md) and
 * postgres (SSLRequest, TLS, a StartupMessage, up to ReadyForQuery: what a client of
 * pgbouncer does before its first query). One process, one epoll loop, non-blocking sockets
 * and OpenSSL; at most --parallel connections are being set up at once, each given
 * --setup-timeout seconds (a server at its open-file limit leaves them unanswered in its accept
 * queue), and the opening stops after --max-failures failures in a row. Connection i binds
 * the i-th address of --from (round the list) before it connects, with
 * IP_BIND_ADDRESS_NO_PORT, so that each source address brings its own ~28,000 ephemeral ports.
 *
 * Once a connection is greeted its TLS state is freed and only the socket is kept: the server
 * cannot tell, and the holder stays small. When every connection is held or has failed, one
 * line goes to stdout:
 *
 *   ready held=H failed=F attempted=A seconds=S stop="..." first_error="..."
 *
 * Then it holds them for --hold seconds or until SIGTERM/SIGINT, closes them with a reset (no
 * TIME_WAIT left on the source ports) and prints "done held=H lost=L" (L: closed by the
 * server meanwhile). It always ends by itself: an alarm kills it --timeout + --hold + 30 s
 * after it started, whatever happens. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "common/frame.h"
#include "common/tls.h"
#include "common/xmalloc.h"
#include "zhucun_client.h"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

/* PostgreSQL's SSLRequest code and protocol 3.0 (the frontend/backend protocol). */
#define PG_SSLREQUEST 80877103u
#define PG_PROTOCOL_3 196608u

/* A connection's state; moves only forward, to HELD or to FREE (failed or closed). */
enum hstate {
    H_FREE,       /* no socket */
    H_CONNECTING, /* non-blocking connect in progress */
    H_SSLREQ,     /* postgres: SSLRequest being written */
    H_SSLANSWER,  /* postgres: waiting for the one-byte answer ('S') */
    H_HANDSHAKE,  /* TLS handshake */
    H_GREET,      /* Hello or StartupMessage being written */
    H_REPLY,      /* reading HelloReply, or messages up to ReadyForQuery */
    H_HELD,       /* greeted; TLS state freed, socket kept */
};

struct hconn {
    int fd;
    enum hstate st;
    SSL *ssl;
    uint32_t events;          /* what epoll watches now */
    size_t sent;              /* bytes of the SSLRequest written */
    struct frame_decoder dec; /* zhucun: the HelloReply */
    uint8_t *pg;              /* postgres: messages read so far */
    size_t pglen, pgcap;
    double started; /* when its connect began */
};

struct opts {
    const char *server, *ca, *protocol, *from, *user, *database;
    int connections, parallel, max_failures;
    double timeout, setup_timeout, hold;
};

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole run's state: one loop, so one of these. */
static struct {
    const struct opts *o;
    int postgres;
    int ep;
    SSL_CTX *ctx;
    char host[64];
    struct sockaddr_in dst;
    struct in_addr *from;
    int nfrom;
    uint8_t *greeting; /* the Hello frame or the StartupMessage, the same for every connection */
    size_t greeting_len;
    struct hconn *c;
    int opened, pending, held, failed, lost, consecutive;
    char first_error[256];
    char stop[256];
} g;

static void watch(struct hconn *c, int i, uint32_t events)
{
    if (c->events == events)
        return;
    struct epoll_event ev = {.events = events, .data.u32 = (uint32_t)i};
    epoll_ctl(g.ep, c->events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c->fd, &ev);
    c->events = events;
}

static void release(struct hconn *c)
{
    if (c->ssl != NULL)
        SSL_free(c->ssl);
    c->ssl = NULL;
    frame_decoder_free(&c->dec);
    free(c->pg);
    c->pg = NULL;
    c->pglen = c->pgcap = 0;
}

static void drop(struct hconn *c)
{
    release(c);
    if (c->fd >= 0) {
        struct linger l = {.l_onoff = 1, .l_linger = 0};
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
        close(c->fd); /* also removes it from the epoll set */
    }
    c->fd = -1;
    c->events = 0;
    c->st = H_FREE;
}

static void fail(struct hconn *c, const char *why)
{
    if (g.failed++ == 0)
        snprintf(g.first_error, sizeof(g.first_error), "%s", why);
    g.consecutive++;
    g.pending--;
    drop(c);
    if (g.o->max_failures > 0 && g.consecutive >= g.o->max_failures && g.stop[0] == '\0')
        snprintf(g.stop, sizeof(g.stop), "%d connections in a row failed", g.consecutive);
}

/* After an SSL call returned r <= 0: 0 to wait (epoll set accordingly), -1 on failure. */
static int ssl_wait(struct hconn *c, int i, int r, const char *what, char *why, size_t cap)
{
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ) {
        watch(c, i, EPOLLIN);
        return 0;
    }
    if (e == SSL_ERROR_WANT_WRITE) {
        watch(c, i, EPOLLOUT);
        return 0;
    }
    char tls[160];
    tls_errors(tls, sizeof(tls));
    snprintf(why, cap, "%s: %s", what,
             tls[0] != '\0'                                         ? tls
             : e == SSL_ERROR_SYSCALL && errno != 0                 ? strerror(errno)
             : e == SSL_ERROR_ZERO_RETURN || e == SSL_ERROR_SYSCALL ? "closed by the server"
                                                                    : "TLS error");
    return -1;
}

/* zhucun: 1 when the HelloReply came back OK, 0 for more, -1 with why. */
static int zhucun_reply(struct hconn *c, char *why, size_t cap)
{
    const uint8_t *payload;
    size_t len = 0;
    int rc = frame_decoder_next(&c->dec, &payload, &len);
    if (rc == FRAME_NEED_MORE)
        return 0;
    if (rc < 0) {
        snprintf(why, cap, "bad reply frame: %s", frame_strerror(rc));
        return -1;
    }
    Zhucun__Reply *r = zhucun__reply__unpack(NULL, len, payload);
    int ok = r != NULL && (r->status == NULL || r->status->code == ZHUCUN__CODE__OK);
    if (!ok)
        snprintf(why, cap, "Hello refused: %s",
                 r == NULL                                           ? "reply does not decode"
                 : r->status->message != NULL && *r->status->message ? r->status->message
                                                                     : "not OK");
    if (r != NULL)
        zhucun__reply__free_unpacked(r, NULL);
    return ok ? 1 : -1;
}

/* postgres: 1 at ReadyForQuery, 0 for more, -1 at an ErrorResponse (why: its message). */
static int postgres_reply(struct hconn *c, char *why, size_t cap)
{
    size_t at = 0;
    while (c->pglen - at >= 5) {
        uint8_t type = c->pg[at];
        uint32_t len = (uint32_t)c->pg[at + 1] << 24 | (uint32_t)c->pg[at + 2] << 16 |
                       (uint32_t)c->pg[at + 3] << 8 | c->pg[at + 4];
        if (len < 4 || len > 65536) {
            snprintf(why, cap, "bad message from the server");
            return -1;
        }
        if (c->pglen - at < 1 + (size_t)len)
            break;
        if (type == 'Z')
            return 1;
        if (type == 'E') {
            /* Fields: a type byte and a NUL-terminated string each; 'M' is the message. */
            const char *p = (const char *)c->pg + at + 5, *end = p + len - 4;
            const char *msg = "error";
            while (p < end && *p != '\0') {
                if (*p == 'M')
                    msg = p + 1;
                p += strnlen(p + 1, (size_t)(end - p - 1)) + 2;
            }
            snprintf(why, cap, "refused: %s", msg);
            return -1;
        }
        at += 1 + len;
    }
    memmove(c->pg, c->pg + at, c->pglen - at);
    c->pglen -= at;
    return 0;
}

/* Moves connection i on as far as it goes without blocking. */
static void advance(int i)
{
    struct hconn *c = &g.c[i];
    char why[256];
    int r;
    for (;;) {
        switch (c->st) {
        case H_CONNECTING: {
            int err = 0;
            socklen_t elen = sizeof(err);
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen);
            if (err == EINPROGRESS || err == EALREADY) {
                watch(c, i, EPOLLOUT);
                return;
            }
            if (err != 0) {
                snprintf(why, sizeof(why), "connect: %s", strerror(err));
                goto failed;
            }
            c->ssl = SSL_new(g.ctx);
            SSL_set_fd(c->ssl, c->fd);
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), g.host);
            c->st = g.postgres ? H_SSLREQ : H_HANDSHAKE;
            break;
        }
        case H_SSLREQ: {
            uint8_t req[8] = {0,
                              0,
                              0,
                              8,
                              PG_SSLREQUEST >> 24,
                              (PG_SSLREQUEST >> 16) & 0xff,
                              (PG_SSLREQUEST >> 8) & 0xff,
                              PG_SSLREQUEST & 0xff};
            ssize_t n = send(c->fd, req + c->sent, sizeof(req) - c->sent, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                watch(c, i, EPOLLOUT);
                return;
            }
            if (n < 0) {
                snprintf(why, sizeof(why), "SSLRequest: %s", strerror(errno));
                goto failed;
            }
            c->sent += (size_t)n;
            if (c->sent == sizeof(req))
                c->st = H_SSLANSWER;
            break;
        }
        case H_SSLANSWER: {
            char answer;
            ssize_t n = recv(c->fd, &answer, 1, 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                watch(c, i, EPOLLIN);
                return;
            }
            if (n != 1 || answer != 'S') {
                snprintf(why, sizeof(why), "SSLRequest not accepted%s",
                         n == 0 ? ": closed by the server" : "");
                goto failed;
            }
            c->st = H_HANDSHAKE;
            break;
        }
        case H_HANDSHAKE:
            r = SSL_connect(c->ssl);
            if (r != 1) {
                if (ssl_wait(c, i, r, "TLS handshake", why, sizeof(why)) == 0)
                    return;
                goto failed;
            }
            c->st = H_GREET;
            break;
        case H_GREET:
            r = SSL_write(c->ssl, g.greeting, (int)g.greeting_len);
            if (r <= 0) {
                if (ssl_wait(c, i, r, g.postgres ? "StartupMessage" : "Hello", why, sizeof(why)) ==
                    0)
                    return;
                goto failed;
            }
            if (g.postgres)
                c->pg = xmalloc(c->pgcap = 4096);
            else
                frame_decoder_init(&c->dec, 1u << 20);
            c->st = H_REPLY;
            break;
        case H_REPLY: {
            uint8_t *space;
            size_t avail;
            if (g.postgres) {
                if (c->pglen == c->pgcap)
                    c->pg = xrealloc(c->pg, c->pgcap *= 2);
                space = c->pg + c->pglen;
                avail = c->pgcap - c->pglen;
            } else {
                space = frame_decoder_space(&c->dec, &avail);
            }
            r = SSL_read(c->ssl, space, (int)(avail > 65536 ? 65536 : avail));
            if (r <= 0) {
                if (ssl_wait(c, i, r, "reading the greeting's answer", why, sizeof(why)) == 0)
                    return;
                goto failed;
            }
            int done;
            if (g.postgres) {
                c->pglen += (size_t)r;
                done = postgres_reply(c, why, sizeof(why));
            } else {
                frame_decoder_commit(&c->dec, (size_t)r);
                done = zhucun_reply(c, why, sizeof(why));
            }
            if (done < 0)
                goto failed;
            if (done == 0)
                break;
            /* Greeted: keep the socket, free the rest; watch only for the server closing. */
            release(c);
            c->st = H_HELD;
            g.pending--;
            g.held++;
            g.consecutive = 0;
            watch(c, i, EPOLLIN | EPOLLRDHUP);
            return;
        }
        case H_HELD: {
            char sink[4096];
            ssize_t n = recv(c->fd, sink, sizeof(sink), 0);
            if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)))
                return;
            g.held--;
            g.lost++;
            drop(c);
            return;
        }
        case H_FREE:
            return;
        }
    }
failed:
    fail(c, why);
}

/* Opens connection i (socket, bind, non-blocking connect). -1 stops the opening, with g.stop
 * set: the holder itself is out of descriptors. */
static int open_one(int i)
{
    struct hconn *c = &g.c[i];
    memset(c, 0, sizeof(*c));
    c->started = mono();
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        snprintf(g.stop, sizeof(g.stop), "the holder could not open a socket: %s", strerror(errno));
        c->fd = -1;
        return -1;
    }
    g.opened++;
    g.pending++;
    int one = 1;
    setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
    struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr = g.from[i % g.nfrom]};
    char why[256];
    if (bind(c->fd, (struct sockaddr *)&src, sizeof(src)) != 0) {
        snprintf(why, sizeof(why), "bind %s: %s", inet_ntoa(src.sin_addr), strerror(errno));
        fail(c, why);
        return 0;
    }
    if (connect(c->fd, (struct sockaddr *)&g.dst, sizeof(g.dst)) != 0 && errno != EINPROGRESS) {
        snprintf(why, sizeof(why), "connect from %s: %s", inet_ntoa(src.sin_addr), strerror(errno));
        fail(c, why);
        return 0;
    }
    c->st = H_CONNECTING;
    advance(i);
    return 0;
}

static void build_greeting(void)
{
    if (!g.postgres) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Hello h = ZHUCUN__HELLO__INIT;
        h.protocol_version = ZHUCUN_PROTOCOL_VERSION;
        h.client_name = "zhucun-idlehold";
        req.id = 1;
        req.body_case = ZHUCUN__REQUEST__BODY_HELLO;
        req.hello = &h;
        g.greeting = frame_pack(&req.base, &g.greeting_len);
        return;
    }
    /* StartupMessage: length, protocol 3.0, then "name\0value\0" pairs and a final NUL. */
    size_t cap = 64 + strlen(g.o->user) + strlen(g.o->database);
    uint8_t *m = xmalloc(cap);
    size_t n = 8;
    n += (size_t)sprintf((char *)m + n, "user") + 1;
    n += (size_t)sprintf((char *)m + n, "%s", g.o->user) + 1;
    n += (size_t)sprintf((char *)m + n, "database") + 1;
    n += (size_t)sprintf((char *)m + n, "%s", g.o->database) + 1;
    m[n++] = 0;
    uint32_t v[2] = {htonl((uint32_t)n), htonl(PG_PROTOCOL_3)};
    memcpy(m, v, 8);
    g.greeting = m;
    g.greeting_len = n;
}

/* Parses the comma-separated --from list into g.from; 0, or -1 on a bad address. */
static int parse_from(const char *list)
{
    char *copy = xstrdup(list), *save = NULL;
    g.from = xcalloc(strlen(list) / 2 + 2, sizeof(*g.from));
    for (char *a = strtok_r(copy, ",", &save); a != NULL; a = strtok_r(NULL, ",", &save)) {
        if (inet_pton(AF_INET, a, &g.from[g.nfrom]) != 1) {
            fprintf(stderr, "zhucun-idlehold: not an IPv4 address: %s\n", a);
            free(copy);
            return -1;
        }
        g.nfrom++;
    }
    free(copy);
    return g.nfrom > 0 ? 0 : -1;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: zhucun-idlehold --server IPV4:PORT --ca FILE [--protocol zhucun|postgres] "
            "[--user U --database D] --connections N [--from ADDR[,ADDR...]] [--parallel K] "
            "[--timeout S] [--setup-timeout S] [--hold S] [--max-failures F]\n");
}

int main(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'a'},
        {"protocol", required_argument, NULL, 'P'},
        {"user", required_argument, NULL, 'u'},
        {"database", required_argument, NULL, 'D'},
        {"connections", required_argument, NULL, 'n'},
        {"from", required_argument, NULL, 'f'},
        {"parallel", required_argument, NULL, 'k'},
        {"timeout", required_argument, NULL, 't'},
        {"hold", required_argument, NULL, 'h'},
        {"max-failures", required_argument, NULL, 'm'},
        {"setup-timeout", required_argument, NULL, 'S'},
        {NULL, 0, NULL, 0},
    };
    struct opts o = {.protocol = "zhucun",
                     .from = "127.0.0.1",
                     .user = "zhucun_app",
                     .database = "zhucun",
                     .parallel = 64,
                     .max_failures = 200,
                     .timeout = 120,
                     .setup_timeout = 10,
                     .hold = 60};
    int ch;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (ch) {
        case 's':
            o.server = optarg;
            break;
        case 'a':
            o.ca = optarg;
            break;
        case 'P':
            o.protocol = optarg;
            break;
        case 'u':
            o.user = optarg;
            break;
        case 'D':
            o.database = optarg;
            break;
        case 'n':
            o.connections = atoi(optarg);
            break;
        case 'f':
            o.from = optarg;
            break;
        case 'k':
            o.parallel = atoi(optarg);
            break;
        case 't':
            o.timeout = atof(optarg);
            break;
        case 'h':
            o.hold = atof(optarg);
            break;
        case 'm':
            o.max_failures = atoi(optarg);
            break;
        case 'S':
            o.setup_timeout = atof(optarg);
            break;
        default:
            usage();
            return 2;
        }
    }
    int port = 0;
    g.o = &o;
    g.postgres = strcmp(o.protocol, "postgres") == 0;
    if (o.server == NULL || o.ca == NULL || o.connections < 1 || o.parallel < 1 || o.timeout <= 0 ||
        o.setup_timeout <= 0 || o.hold < 0 || (!g.postgres && strcmp(o.protocol, "zhucun") != 0) ||
        sscanf(o.server, "%63[^:]:%d", g.host, &port) != 2 || port <= 0 || port > 65535 ||
        parse_from(o.from) != 0) {
        usage();
        return 2;
    }
    g.dst.sin_family = AF_INET;
    g.dst.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, g.host, &g.dst.sin_addr) != 1) {
        usage();
        return 2;
    }
    /* Bounded whatever happens: the default action of SIGALRM ends the process. */
    alarm((unsigned)(o.timeout + o.hold) + 30u);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* As many descriptors as the hard limit allows; fewer connections if that is short. */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    int want = o.connections;
    if ((rlim_t)want + 16 > rl.rlim_cur) {
        want = rl.rlim_cur > 16 ? (int)(rl.rlim_cur - 16) : 0;
        snprintf(g.stop, sizeof(g.stop), "the holder's open-file limit is %llu",
                 (unsigned long long)rl.rlim_cur);
    }

    char err[512];
    g.ctx = tls_client_ctx(o.ca, NULL, NULL, err, sizeof(err));
    if (g.ctx == NULL) {
        fprintf(stderr, "zhucun-idlehold: %s\n", err);
        return 1;
    }
    build_greeting();
    g.ep = epoll_create1(EPOLL_CLOEXEC);
    g.c = xcalloc((size_t)(want > 0 ? want : 1), sizeof(*g.c));
    for (int i = 0; i < want; i++)
        g.c[i].fd = -1;

    double t0 = mono(), deadline = t0 + o.timeout, next_sweep = t0;
    int first_pending = 0; /* connections before it are held or gone */
    struct epoll_event evs[256];
    while (!stopping) {
        while (g.stop[0] == '\0' && g.opened < want && g.pending < o.parallel)
            if (open_one(g.opened) != 0)
                break;
        if (g.pending == 0 && (g.opened == want || g.stop[0] != '\0'))
            break;
        if (mono() >= deadline) {
            snprintf(g.stop, sizeof(g.stop), "--timeout of %.0f s reached", o.timeout);
            for (int i = 0; i < g.opened; i++)
                if (g.c[i].st != H_FREE && g.c[i].st != H_HELD)
                    fail(&g.c[i], "still being set up at the timeout");
            break;
        }
        int n = epoll_wait(g.ep, evs, 256, 200);
        for (int k = 0; k < n; k++)
            advance((int)evs[k].data.u32);
        /* A server at its limit may leave connections in its accept queue for ever. */
        double now = mono();
        if (now >= next_sweep) {
            for (int i = first_pending; i < g.opened; i++) {
                struct hconn *c = &g.c[i];
                if (c->st == H_FREE || c->st == H_HELD) {
                    if (i == first_pending)
                        first_pending++;
                    continue;
                }
                if (now - c->started >= o.setup_timeout)
                    fail(c, "not set up within --setup-timeout");
            }
            next_sweep = now + 0.5;
        }
    }
    printf("ready held=%d failed=%d attempted=%d seconds=%.1f stop=\"%s\" first_error=\"%s\"\n",
           g.held, g.failed, g.opened, mono() - t0, g.stop, g.first_error);
    fflush(stdout);

    double until = mono() + o.hold;
    while (!stopping && mono() < until) {
        int ms = (int)((until - mono()) * 1000) + 1;
        int n = epoll_wait(g.ep, evs, 256, ms > 1000 ? 1000 : ms);
        for (int k = 0; k < n; k++)
            advance((int)evs[k].data.u32);
    }
    int held = g.held;
    for (int i = 0; i < g.opened; i++)
        if (g.c[i].st != H_FREE)
            drop(&g.c[i]);
    printf("done held=%d lost=%d\n", held, g.lost);
    free(g.c);
    free(g.greeting);
    free(g.from);
    SSL_CTX_free(g.ctx);
    close(g.ep);
    return 0;
}
