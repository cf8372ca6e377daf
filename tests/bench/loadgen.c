/* loadgen.c -- zhucun-loadgen: drives a server with C connections, each keeping K requests in
 * flight for S seconds, and prints the rate and round-trip percentiles. Used by
 * tests/bench/run and tests/bench/spray; never by the tests (speed is measured, not asserted).
 *
 * --call spray and --call login speak Hello and Login themselves over a socket bound to a
 * source address of --from (connection i binds the i-th, round the list), so that one machine
 * can be several clients to the server's per-address throttle: spray sends wrong passwords
 * for ever new usernames and counts the answers that reached the password check
 * (UNAUTHENTICATED) and those refused before it (RESOURCE_EXHAUSTED); login is a real user
 * logging in with --username and --password every --interval-ms, timing each Login.
 *
 * --call visit-teams is --call visit with a team per connection: each line of --teams FILE is
 * "TOKEN CADRE FIRST-LAST" (a session of the team's cadre, the cadre's person id, the team's
 * households), and connection i logs visits as line i (round the file), dated --date.
 * --call income-teams is the same with IncomeRecord: each request records the month --date
 * (YYYY-MM) of the team's households in turn, with a reason (so that a month that has sums is
 * corrected: a new version). */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "common/frame.h"
#include "common/tls.h"
#include "common/xmalloc.h"
#include "zhucun_client.h"

struct opts {
    struct zc_options zc;
    const char *call;
    /* --call visit: in-person visits by cadre to households first..last in turn, dated date */
    long long household_first, household_last, cadre;
    const char *date;
    int connections;
    int pipeline;
    double seconds;
    /* --call spray / login: source addresses (comma-separated), the real user, the pause */
    const char *from;
    const char *username, *password;
    int interval_ms;
    /* --call visit-teams: the lines of --teams, one a connection (round the file) */
    const char *teams_file;
    struct team {
        char token[80];
        long long cadre, household_first, household_last;
    } * teams;
    int nteams;
};

struct worker {
    pthread_t t;
    struct worker *first; /* the array, so a worker knows its index */
    const struct opts *o;
    uint64_t done;
    uint64_t errors;
    uint64_t checked, refused; /* spray: answers past and before the password check */
    char first_refusal[256];   /* spray: what the first refused guess was told */
    uint64_t *lat;             /* microseconds, capped sample */
    size_t nlat, cap;
    char error[512];
};

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* One request's message and the parts it points to. */
struct call_msg {
    Zhucun__Request req;
    Zhucun__Ping ping;
    Zhucun__WhoAmI who;
    Zhucun__VisitCreate visit;
    int64_t cadre;
    Zhucun__IncomeRecord income;
    Zhucun__IncomeItems items;
};

static void build(const struct opts *o, uint64_t n, struct call_msg *m)
{
    zhucun__request__init(&m->req);
    if (strcmp(o->call, "whoami") == 0) {
        zhucun__who_am_i__init(&m->who);
        m->req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
        m->req.whoami = &m->who;
    } else if (strcmp(o->call, "visit") == 0) {
        zhucun__visit_create__init(&m->visit);
        long long span = o->household_last - o->household_first + 1;
        m->visit.household_id = o->household_first + (long long)(n % (uint64_t)span);
        m->visit.visit_date = (char *)o->date;
        m->visit.mode = "in_person";
        m->cadre = o->cadre;
        m->visit.cadre_ids = &m->cadre;
        m->visit.n_cadre_ids = 1;
        m->visit.notes = "压测走访（zhucun-loadgen）";
        m->req.body_case = ZHUCUN__REQUEST__BODY_VISIT_CREATE;
        m->req.visit_create = &m->visit;
    } else if (strcmp(o->call, "income") == 0) {
        zhucun__income_record__init(&m->income);
        zhucun__income_items__init(&m->items);
        long long span = o->household_last - o->household_first + 1;
        m->income.household_id = o->household_first + (long long)(n % (uint64_t)span);
        m->income.month = (char *)o->date;
        m->items.wages_fen = 200000 + (int64_t)(n % 100000);
        m->items.business_fen = -5000;
        m->items.dibao_fen = 40000;
        m->items.costs_fen = 3000;
        m->income.items = &m->items;
        m->income.members = 3;
        m->income.ack = "signed";
        m->income.reason = "压测更正（zhucun-loadgen）";
        m->req.body_case = ZHUCUN__REQUEST__BODY_INCOME_RECORD;
        m->req.income_record = &m->income;
    } else {
        zhucun__ping__init(&m->ping);
        m->req.body_case = ZHUCUN__REQUEST__BODY_PING;
        m->req.ping = &m->ping;
    }
}

/* Reads --teams: 0, or -1 with a message. */
static int read_teams(struct opts *o)
{
    FILE *f = fopen(o->teams_file, "r");
    if (f == NULL) {
        fprintf(stderr, "zhucun-loadgen: cannot read %s\n", o->teams_file);
        return -1;
    }
    char line[256];
    while (fgets(line, sizeof(line), f) != NULL) {
        struct team t;
        if (sscanf(line, "%79s %lld %lld-%lld", t.token, &t.cadre, &t.household_first,
                   &t.household_last) != 4 ||
            t.cadre <= 0 || t.household_first <= 0 || t.household_last < t.household_first) {
            fprintf(stderr, "zhucun-loadgen: %s: not TOKEN CADRE FIRST-LAST: %s", o->teams_file,
                    line);
            fclose(f);
            return -1;
        }
        o->teams = xrealloc(o->teams, (size_t)(o->nteams + 1) * sizeof(*o->teams));
        o->teams[o->nteams++] = t;
    }
    fclose(f);
    return o->nteams > 0 ? 0 : -1;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    const struct opts *o = w->o;
    struct opts own;
    if (o->nteams > 0) {
        /* visit-teams, income-teams: --call visit or income as this connection's team */
        const struct team *t = &o->teams[(w - w->first) % o->nteams];
        own = *o;
        own.call = strcmp(o->call, "income-teams") == 0 ? "income" : "visit";
        own.zc.session_token = t->token;
        own.cadre = t->cadre;
        own.household_first = t->household_first;
        own.household_last = t->household_last;
        o = &own;
    }
    struct zc_client *c;
    struct zc_error err;
    if (zc_connect(&o->zc, &c, &err) != 0) {
        snprintf(w->error, sizeof(w->error), "%s", err.message);
        return NULL;
    }
    uint64_t *sent = xcalloc((size_t)o->pipeline + 1, sizeof(*sent));
    uint64_t end = mono_us() + (uint64_t)(o->seconds * 1e6);
    int inflight = 0;
    uint64_t next = 1;
    for (;;) {
        int stop = mono_us() >= end;
        while (!stop && inflight < o->pipeline) {
            struct call_msg m;
            build(o, next + (uint64_t)(w - w->first) * 7919u, &m);
            m.req.id = next++;
            sent[m.req.id % (uint64_t)(o->pipeline + 1)] = mono_us();
            if (zc_send(c, &m.req, &err) == 0) {
                snprintf(w->error, sizeof(w->error), "%s", err.message);
                goto out;
            }
            inflight++;
        }
        if (inflight == 0)
            break;
        Zhucun__Reply *reply;
        if (zc_recv(c, &reply, 0, &err) != 0) {
            snprintf(w->error, sizeof(w->error), "%s", err.message);
            goto out;
        }
        inflight--;
        if (zc_status(reply, &err) != 0) {
            if (w->errors++ == 0)
                snprintf(w->error, sizeof(w->error), "%s", err.message);
        } else {
            w->done++;
        }
        uint64_t rtt = mono_us() - sent[reply->id % (uint64_t)(o->pipeline + 1)];
        if (w->nlat < w->cap)
            w->lat[w->nlat++] = rtt;
        zc_reply_free(reply);
    }
out:
    free(sent);
    zc_close(c);
    return NULL;
}

/* ---- spray and login: Hello and Login from a chosen source address ---- */

struct raw {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    struct frame_decoder dec;
};

static int raw_send(struct raw *c, Zhucun__Request *req)
{
    size_t len;
    uint8_t *frame = frame_pack(&req->base, &len);
    int ok = SSL_write(c->ssl, frame, (int)len) == (int)len;
    free(frame);
    return ok ? 0 : -1;
}

/* The next reply (free with zhucun__reply__free_unpacked), or NULL when the connection
 * ended. */
static Zhucun__Reply *raw_recv(struct raw *c)
{
    for (;;) {
        const uint8_t *payload;
        size_t len = 0;
        int rc = frame_decoder_next(&c->dec, &payload, &len);
        if (rc == FRAME_READY)
            return zhucun__reply__unpack(NULL, len, payload);
        if (rc < 0)
            return NULL;
        size_t avail;
        uint8_t *space = frame_decoder_space(&c->dec, &avail);
        int n = SSL_read(c->ssl, space, (int)avail);
        if (n <= 0)
            return NULL;
        frame_decoder_commit(&c->dec, (size_t)n);
    }
}

static void raw_close(struct raw *c)
{
    if (c->ssl != NULL)
        SSL_free(c->ssl);
    if (c->ctx != NULL)
        SSL_CTX_free(c->ctx);
    if (c->fd >= 0)
        close(c->fd);
    frame_decoder_free(&c->dec);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

/* The i-th address of the comma-separated list (round it), into buf. */
static void nth_from(const char *list, int i, char *buf, size_t cap)
{
    int n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    i %= n;
    const char *p = list;
    while (i-- > 0)
        p = strchr(p, ',') + 1;
    size_t len = strcspn(p, ",");
    snprintf(buf, cap, "%.*s", (int)(len < cap ? len : cap - 1), p);
}

/* Connects from address `from` to the server (an IPv4 host:port), TLS, Hello. 0, or -1 with
 * w->error. */
static int raw_open(struct worker *w, const char *from, struct raw *c)
{
    const struct opts *o = w->o;
    char host[64], err[512];
    int port = 0;
    memset(c, 0, sizeof(*c));
    c->fd = -1;
    if (sscanf(o->zc.server, "%63[^:]:%d", host, &port) != 2) {
        snprintf(w->error, sizeof(w->error), "--server must be IPV4:PORT for spray and login");
        return -1;
    }
    c->ctx = tls_client_ctx(o->zc.ca, NULL, NULL, err, sizeof(err));
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
    dst.sin_port = htons((uint16_t)port);
    if (c->ctx == NULL || c->fd < 0 || inet_pton(AF_INET, from, &src.sin_addr) != 1 ||
        inet_pton(AF_INET, host, &dst.sin_addr) != 1 ||
        bind(c->fd, (struct sockaddr *)&src, sizeof(src)) != 0 ||
        connect(c->fd, (struct sockaddr *)&dst, sizeof(dst)) != 0) {
        snprintf(w->error, sizeof(w->error), "cannot connect from %s to %s", from, o->zc.server);
        raw_close(c);
        return -1;
    }
    c->ssl = SSL_new(c->ctx);
    SSL_set_fd(c->ssl, c->fd);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host);
    frame_decoder_init(&c->dec, 1u << 20);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Hello h = ZHUCUN__HELLO__INIT;
    h.protocol_version = ZHUCUN_PROTOCOL_VERSION;
    h.client_name = "zhucun-loadgen";
    req.id = 1;
    req.body_case = ZHUCUN__REQUEST__BODY_HELLO;
    req.hello = &h;
    Zhucun__Reply *reply = NULL;
    if (SSL_connect(c->ssl) != 1 || raw_send(c, &req) != 0 || (reply = raw_recv(c)) == NULL ||
        (reply->status != NULL && reply->status->code != ZHUCUN__CODE__OK)) {
        snprintf(w->error, sizeof(w->error), "TLS or Hello failed from %s", from);
        if (reply != NULL)
            zhucun__reply__free_unpacked(reply, NULL);
        raw_close(c);
        return -1;
    }
    zhucun__reply__free_unpacked(reply, NULL);
    return 0;
}

static int send_login(struct raw *c, uint64_t id, const char *user, const char *password)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = (char *)user;
    l.password = (char *)password;
    req.id = id;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    return raw_send(c, &req);
}

/* --call spray: wrong passwords for ever new names, K in flight, until the time is up. */
static void *run_spray(struct worker *w)
{
    const struct opts *o = w->o;
    int index = (int)(w - w->first);
    char from[64], user[64];
    nth_from(o->from, index, from, sizeof(from));
    struct raw c;
    if (raw_open(w, from, &c) != 0)
        return NULL;
    uint64_t *sent = xcalloc((size_t)o->pipeline + 1, sizeof(*sent));
    uint64_t end = mono_us() + (uint64_t)(o->seconds * 1e6);
    uint64_t next = 2;
    int inflight = 0;
    for (;;) {
        while (mono_us() < end && inflight < o->pipeline) {
            snprintf(user, sizeof(user), "spray-%d-%llu", index, (unsigned long long)next);
            sent[next % (uint64_t)(o->pipeline + 1)] = mono_us();
            if (send_login(&c, next++, user, "a guessed password") != 0)
                goto out;
            inflight++;
        }
        if (inflight == 0)
            break;
        Zhucun__Reply *reply = raw_recv(&c);
        if (reply == NULL) {
            snprintf(w->error, sizeof(w->error), "connection from %s lost", from);
            goto out;
        }
        inflight--;
        Zhucun__Code code = reply->status != NULL ? reply->status->code : ZHUCUN__CODE__OK;
        if (code == ZHUCUN__CODE__UNAUTHENTICATED) {
            w->checked++;
        } else if (code == ZHUCUN__CODE__RESOURCE_EXHAUSTED) {
            if (w->refused++ == 0)
                snprintf(w->first_refusal, sizeof(w->first_refusal), "%s", reply->status->message);
        } else {
            w->errors++;
        }
        w->done++;
        if (w->nlat < w->cap)
            w->lat[w->nlat++] = mono_us() - sent[reply->id % (uint64_t)(o->pipeline + 1)];
        zhucun__reply__free_unpacked(reply, NULL);
    }
out:
    free(sent);
    raw_close(&c);
    return NULL;
}

/* --call login: the real user logs in every interval_ms on one connection; each Login timed. */
static void *run_login(struct worker *w)
{
    const struct opts *o = w->o;
    char from[64];
    nth_from(o->from, (int)(w - w->first), from, sizeof(from));
    struct raw c;
    if (raw_open(w, from, &c) != 0)
        return NULL;
    uint64_t end = mono_us() + (uint64_t)(o->seconds * 1e6);
    for (uint64_t id = 2; mono_us() < end; id++) {
        uint64_t t = mono_us();
        Zhucun__Reply *reply = NULL;
        if (send_login(&c, id, o->username, o->password) != 0 || (reply = raw_recv(&c)) == NULL) {
            snprintf(w->error, sizeof(w->error), "connection from %s lost", from);
            break;
        }
        if (w->nlat < w->cap)
            w->lat[w->nlat++] = mono_us() - t;
        if (reply->status != NULL && reply->status->code != ZHUCUN__CODE__OK) {
            if (w->errors++ == 0)
                snprintf(w->error, sizeof(w->error), "%s", reply->status->message);
        } else {
            w->done++;
        }
        zhucun__reply__free_unpacked(reply, NULL);
        usleep((useconds_t)o->interval_ms * 1000u);
    }
    raw_close(&c);
    return NULL;
}

static void *run_any(void *arg)
{
    struct worker *w = arg;
    if (strcmp(w->o->call, "spray") == 0)
        return run_spray(w);
    if (strcmp(w->o->call, "login") == 0)
        return run_login(w);
    return run(arg);
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'a'},
        {"token", required_argument, NULL, 't'},
        {"call", required_argument, NULL, 'c'},
        {"connections", required_argument, NULL, 'n'},
        {"pipeline", required_argument, NULL, 'k'},
        {"seconds", required_argument, NULL, 'd'},
        {"households", required_argument, NULL, 'H'},
        {"cadre", required_argument, NULL, 'C'},
        {"date", required_argument, NULL, 'D'},
        {"from", required_argument, NULL, 'f'},
        {"username", required_argument, NULL, 'u'},
        {"password", required_argument, NULL, 'p'},
        {"interval-ms", required_argument, NULL, 'i'},
        {"teams", required_argument, NULL, 'T'},
        {NULL, 0, NULL, 0},
    };
    struct opts o = {.call = "ping",
                     .connections = 4,
                     .pipeline = 1,
                     .seconds = 5,
                     .from = "127.0.0.1",
                     .interval_ms = 100};
    o.zc.client_name = "zhucun-loadgen";
    o.zc.timeout_ms = 30000;
    int ch;
    while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
        switch (ch) {
        case 's':
            o.zc.server = optarg;
            break;
        case 'a':
            o.zc.ca = optarg;
            break;
        case 't':
            o.zc.session_token = optarg;
            break;
        case 'c':
            o.call = optarg;
            break;
        case 'n':
            o.connections = atoi(optarg);
            break;
        case 'k':
            o.pipeline = atoi(optarg);
            break;
        case 'd':
            o.seconds = atof(optarg);
            break;
        case 'H':
            if (sscanf(optarg, "%lld-%lld", &o.household_first, &o.household_last) != 2)
                o.household_first = o.household_last = 0;
            break;
        case 'C':
            o.cadre = atoll(optarg);
            break;
        case 'D':
            o.date = optarg;
            break;
        case 'f':
            o.from = optarg;
            break;
        case 'u':
            o.username = optarg;
            break;
        case 'p':
            o.password = optarg;
            break;
        case 'i':
            o.interval_ms = atoi(optarg);
            break;
        case 'T':
            o.teams_file = optarg;
            break;
        default:
            fprintf(stderr, "usage: zhucun-loadgen --server H:P --ca FILE [--token T] "
                            "[--call ping|whoami|visit|visit-teams|income-teams|spray|login] "
                            "[--connections C] "
                            "[--pipeline K] [--seconds S] [--households FIRST-LAST --cadre "
                            "PERSON_ID --date YYYY-MM-DD] [--teams FILE --date YYYY-MM-DD] "
                            "[--from ADDR[,ADDR...]] [--username U --password P] "
                            "[--interval-ms N]\n");
            return 2;
        }
    }
    if (strcmp(o.call, "visit") == 0 &&
        (o.household_first <= 0 || o.household_last < o.household_first || o.cadre <= 0 ||
         o.date == NULL)) {
        fprintf(stderr, "zhucun-loadgen: --call visit needs --households FIRST-LAST, --cadre and "
                        "--date\n");
        return 2;
    }
    if ((strcmp(o.call, "visit-teams") == 0 || strcmp(o.call, "income-teams") == 0) &&
        (o.teams_file == NULL || o.date == NULL || read_teams(&o) != 0)) {
        fprintf(stderr,
                "zhucun-loadgen: --call %s needs --teams FILE (lines TOKEN "
                "CADRE FIRST-LAST) and --date\n",
                o.call);
        return 2;
    }
    if (strcmp(o.call, "login") == 0 && (o.username == NULL || o.password == NULL)) {
        fprintf(stderr, "zhucun-loadgen: --call login needs --username and --password\n");
        return 2;
    }
    if (o.connections < 1 || o.pipeline < 1 || o.seconds <= 0) {
        fprintf(stderr, "zhucun-loadgen: connections, pipeline and seconds must be positive\n");
        return 2;
    }
    struct worker *ws = xcalloc((size_t)o.connections, sizeof(*ws));
    uint64_t t0 = mono_us();
    for (int i = 0; i < o.connections; i++) {
        ws[i].o = &o;
        ws[i].first = ws;
        ws[i].cap = 1000000;
        ws[i].lat = xmalloc(ws[i].cap * sizeof(uint64_t));
        pthread_create(&ws[i].t, NULL, run_any, &ws[i]);
    }
    uint64_t done = 0, errors = 0, checked = 0, refused = 0;
    size_t nlat = 0;
    for (int i = 0; i < o.connections; i++) {
        pthread_join(ws[i].t, NULL);
        done += ws[i].done;
        errors += ws[i].errors;
        checked += ws[i].checked;
        refused += ws[i].refused;
        nlat += ws[i].nlat;
        if (ws[i].error[0] != '\0')
            fprintf(stderr, "zhucun-loadgen: connection %d: %s\n", i, ws[i].error);
    }
    double secs = (double)(mono_us() - t0) / 1e6;
    uint64_t *all = xmalloc((nlat + 1) * sizeof(*all));
    size_t k = 0;
    for (int i = 0; i < o.connections; i++) {
        memcpy(all + k, ws[i].lat, ws[i].nlat * sizeof(uint64_t));
        k += ws[i].nlat;
        free(ws[i].lat);
    }
    qsort(all, nlat, sizeof(*all), cmp);
    if (strcmp(o.call, "spray") == 0) {
        /* Every answer is a refusal; what counts is how many got as far as the check. */
        for (int i = 0; i < o.connections; i++) {
            if (ws[i].first_refusal[0] != '\0') {
                fprintf(stderr, "zhucun-loadgen: first refusal: %s\n", ws[i].first_refusal);
                break;
            }
        }
        printf("call=spray connections=%d pipeline=%d from=%s seconds=%.1f guesses=%llu "
               "checked=%llu refused=%llu other=%llu checked_per_min=%.0f refused_per_min=%.0f\n",
               o.connections, o.pipeline, o.from, secs, (unsigned long long)done,
               (unsigned long long)checked, (unsigned long long)refused, (unsigned long long)errors,
               (double)checked * 60.0 / secs, (double)refused * 60.0 / secs);
        free(all);
        free(ws);
        return done > 0 ? 0 : 1;
    }
    printf("call=%s connections=%d pipeline=%d seconds=%.1f ok=%llu errors=%llu rate=%.0f/s "
           "p50_us=%llu p99_us=%llu\n",
           o.call, o.connections, o.pipeline, secs, (unsigned long long)done,
           (unsigned long long)errors, (double)done / secs,
           (unsigned long long)(nlat ? all[nlat / 2] : 0),
           (unsigned long long)(nlat ? all[(size_t)((double)(nlat - 1) * 0.99)] : 0));
    free(all);
    free(ws);
    free(o.teams);
    return done > 0 && errors == 0 ? 0 : 1;
}
