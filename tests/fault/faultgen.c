/* faultgen.c -- zhucun-faultgen: the writing clients of tests/fault/run. Each of C threads
 * keeps one connection and logs visits (VisitCreate) one after another for S seconds, every
 * visit with its own idempotency key, sent again with the same key until the server gives a
 * definite answer or the write has been tried for G seconds. Every outcome goes to a log file,
 * one line per intended write, which the script then holds against the database. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/status.h"
#include "common/xmalloc.h"
#include "zhucun_client.h"

struct opts {
    struct zc_options zc;
    const char *tag; /* names this run in keys and notes (the script passes its seed) */
    const char *log; /* the outcome of every intended write */
    long long household_first, household_last, cadre;
    const char *date;
    int clients;
    double seconds; /* how long the clients start new writes */
    double give_up; /* how long one write is retried before its outcome is left unknown */
    int pause_ms;   /* between one client's writes */
};

/* Counters of one client; summed at the end. */
struct client {
    pthread_t t;
    int index;
    const struct opts *o;
    unsigned seed; /* rand_r state for the backoff's jitter */
    unsigned long long writes, acked, refused, gaveup, sends, resent, lost_conn, unavailable;
    unsigned long long max_ack_ms;
};

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* One line of the log, written whole and flushed at once: the script reads the file after
 * this program ends, but a line that is in it must be complete even if it is killed. */
static void log_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&log_lock);
    vfprintf(log_file, fmt, ap);
    fflush(log_file);
    pthread_mutex_unlock(&log_lock);
    va_end(ap);
}

/* Whether the server's answer ends the write. OK and the refusals are definite: the server
 * decided, and a replay of the same key would say the same. UNAVAILABLE (database away,
 * server stopping, a serialisation conflict), INTERNAL and RESOURCE_EXHAUSTED may come from a
 * transaction whose commit the server could not confirm, so the outcome is still open and the
 * same key goes again. UNAUTHENTICATED is retried too: a session check made while PostgreSQL
 * restarts may fail although the session is valid. */
static int definite(Zhucun__Code code)
{
    switch (code) {
    case ZHUCUN__CODE__UNAVAILABLE:
    case ZHUCUN__CODE__INTERNAL:
    case ZHUCUN__CODE__RESOURCE_EXHAUSTED:
    case ZHUCUN__CODE__UNAUTHENTICATED:
        return 0;
    default:
        return 1;
    }
}

/* The wait before send number `attempt` (2, 3, ...) of one write: 50 ms doubling to 1 s,
 * with full jitter so that 50 clients do not come back at the same instant. */
static int backoff_ms(struct client *cl, int attempt)
{
    int cap = 50;
    for (int i = 2; i < attempt && cap < 1000; i++)
        cap *= 2;
    if (cap > 1000)
        cap = 1000;
    return 10 + rand_r(&cl->seed) % cap;
}

/* One line of the log for an intended write, the same columns whatever its outcome:
 *   outcome  acked | refused | gaveup
 *   client, n, key
 *   visit    the visit id the OK carried (0 otherwise)
 *   sends    how often the request was sent (connections that could not be opened not counted)
 *   ms       from the first send to the outcome
 *   failed   wall-clock time (epoch seconds) of the write's first failed send, 0 when none:
 *            the script compares it with the row's recorded_at to tell a replayed first send
 *   code     OK, the refusal's code, or the last failure's
 *   message  the last failure's or the refusal's message (tabs and newlines made spaces) */
static void log_outcome(const char *outcome, int client, unsigned long long n, const char *key,
                        long long visit, int sends, double ms, double failed, Zhucun__Code code,
                        char *message)
{
    for (char *p = message; *p != '\0'; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    log_line("%s\t%d\t%llu\t%s\t%lld\t%d\t%.0f\t%.3f\t%s\t%s\n", outcome, client, n, key, visit,
             sends, ms, failed, status_code_name(code), message);
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Makes write n of this client until a definite answer or give_up seconds. The retry loop is
 * the test's own, on the protocol layer (zc_call), not zc_request's: the property under test
 * is the server's (a key is applied at most once, an OK is durable), and it must not depend
 * on how often the library retries or where it keeps keys. *cp is the connection, NULL when
 * there is none; a lost one is closed and opened again with the session token. */
static void one_write(struct client *cl, struct zc_client **cp, unsigned long long n)
{
    const struct opts *o = cl->o;
    char key[128], notes[160];
    /* The key names the intended write; so do the notes, which the script finds the row by. */
    snprintf(key, sizeof(key), "fault-%s-c%d-w%llu", o->tag, cl->index, n);
    snprintf(notes, sizeof(notes), "故障测试 %s", key);
    long long span = o->household_last - o->household_first + 1;
    int64_t cadre = o->cadre;
    Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
    vc.household_id = o->household_first + (long long)((n * 50 + (unsigned)cl->index) % span);
    vc.visit_date = (char *)o->date;
    vc.mode = "in_person";
    vc.cadre_ids = &cadre;
    vc.n_cadre_ids = 1;
    vc.notes = notes;

    cl->writes++;
    double start = mono_s(), failed = 0;
    int sends = 0;
    Zhucun__Code last = ZHUCUN__CODE__OK;
    char last_msg[600] = "";
    for (int attempt = 1;; attempt++) {
        if (attempt > 1) {
            if (mono_s() - start >= o->give_up)
                break;
            sleep_ms(backoff_ms(cl, attempt));
        }
        struct zc_error err = {0};
        if (*cp == NULL && zc_connect(&o->zc, cp, &err) != 0) {
            *cp = NULL;
            last = err.code;
            snprintf(last_msg, sizeof(last_msg), "connect: %s", err.message);
            continue;
        }
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_VISIT_CREATE;
        req.visit_create = &vc;
        req.idempotency_key = key;
        Zhucun__Reply *reply = NULL;
        cl->sends++;
        if (sends++ > 0)
            cl->resent++;
        int rc = zc_call(*cp, &req, &reply, &err);
        if (rc == 0) {
            double ms = (mono_s() - start) * 1000;
            if ((unsigned long long)ms > cl->max_ack_ms)
                cl->max_ack_ms = (unsigned long long)ms;
            int64_t vid = reply->visit_create != NULL ? reply->visit_create->visit_id : 0;
            zc_reply_free(reply);
            last_msg[0] = '\0';
            log_outcome("acked", cl->index, n, key, (long long)vid, sends, ms, failed,
                        ZHUCUN__CODE__OK, last_msg);
            cl->acked++;
            return;
        }
        if (failed == 0)
            failed = wall_s();
        int answered = reply != NULL;
        if (!answered) {
            /* No answer: the connection is gone (reset, closed, timed out). */
            cl->lost_conn++;
            zc_close(*cp);
            *cp = NULL;
        } else if (err.code == ZHUCUN__CODE__UNAVAILABLE) {
            cl->unavailable++;
        }
        zc_reply_free(reply);
        last = err.code;
        snprintf(last_msg, sizeof(last_msg), "%s", err.message);
        if (answered && definite(err.code)) {
            log_outcome("refused", cl->index, n, key, 0, sends, (mono_s() - start) * 1000, failed,
                        err.code, last_msg);
            cl->refused++;
            return;
        }
    }
    log_outcome("gaveup", cl->index, n, key, 0, sends, (mono_s() - start) * 1000, failed, last,
                last_msg);
    cl->gaveup++;
}

static void *run(void *arg)
{
    struct client *cl = arg;
    const struct opts *o = cl->o;
    struct zc_client *c = NULL;
    double end = mono_s() + o->seconds;
    for (unsigned long long n = 1; mono_s() < end; n++) {
        one_write(cl, &c, n);
        if (o->pause_ms > 0)
            sleep_ms(o->pause_ms / 2 + rand_r(&cl->seed) % (unsigned)(o->pause_ms + 1));
    }
    zc_close(c);
    return NULL;
}

static int usage(void)
{
    fprintf(stderr, "usage: zhucun-faultgen --server H:P --ca FILE --token T --log FILE\n"
                    "         --households FIRST-LAST --cadre PERSON_ID --date YYYY-MM-DD\n"
                    "         [--tag TEXT] [--clients 50] [--seconds 40] [--give-up 60]\n"
                    "         [--pause-ms 100] [--timeout-ms 5000]\n");
    return 2;
}

int main(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"server", required_argument, NULL, 's'},     {"ca", required_argument, NULL, 'a'},
        {"token", required_argument, NULL, 't'},      {"log", required_argument, NULL, 'l'},
        {"tag", required_argument, NULL, 'T'},        {"clients", required_argument, NULL, 'n'},
        {"seconds", required_argument, NULL, 'd'},    {"give-up", required_argument, NULL, 'g'},
        {"pause-ms", required_argument, NULL, 'p'},   {"timeout-ms", required_argument, NULL, 'o'},
        {"households", required_argument, NULL, 'H'}, {"cadre", required_argument, NULL, 'C'},
        {"date", required_argument, NULL, 'D'},       {NULL, 0, NULL, 0},
    };
    struct opts o = {.tag = "0", .clients = 50, .seconds = 40, .give_up = 60, .pause_ms = 100};
    o.zc.client_name = "zhucun-faultgen";
    o.zc.timeout_ms = 5000;
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
        case 'l':
            o.log = optarg;
            break;
        case 'T':
            o.tag = optarg;
            break;
        case 'n':
            o.clients = atoi(optarg);
            break;
        case 'd':
            o.seconds = atof(optarg);
            break;
        case 'g':
            o.give_up = atof(optarg);
            break;
        case 'p':
            o.pause_ms = atoi(optarg);
            break;
        case 'o':
            o.zc.timeout_ms = atoi(optarg);
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
        default:
            return usage();
        }
    }
    if (o.zc.server == NULL || o.zc.ca == NULL || o.zc.session_token == NULL || o.log == NULL ||
        o.household_first <= 0 || o.household_last < o.household_first || o.cadre <= 0 ||
        o.date == NULL || o.clients < 1 || o.seconds <= 0 || o.give_up <= 0 || o.pause_ms < 0)
        return usage();
    log_file = fopen(o.log, "w");
    if (log_file == NULL) {
        fprintf(stderr, "zhucun-faultgen: could not open %s: %s\n", o.log, strerror(errno));
        return 1;
    }
    struct client *cs = xcalloc((size_t)o.clients, sizeof(*cs));
    double t0 = mono_s();
    for (int i = 0; i < o.clients; i++) {
        cs[i].index = i;
        cs[i].o = &o;
        cs[i].seed = (unsigned)i * 2654435761u + 1;
        pthread_create(&cs[i].t, NULL, run, &cs[i]);
    }
    struct client sum = {0};
    for (int i = 0; i < o.clients; i++) {
        pthread_join(cs[i].t, NULL);
        sum.writes += cs[i].writes;
        sum.acked += cs[i].acked;
        sum.refused += cs[i].refused;
        sum.gaveup += cs[i].gaveup;
        sum.sends += cs[i].sends;
        sum.resent += cs[i].resent;
        sum.lost_conn += cs[i].lost_conn;
        sum.unavailable += cs[i].unavailable;
        if (cs[i].max_ack_ms > sum.max_ack_ms)
            sum.max_ack_ms = cs[i].max_ack_ms;
    }
    fclose(log_file);
    printf("clients=%d seconds=%.1f writes=%llu acked=%llu refused=%llu gaveup=%llu sends=%llu "
           "resent=%llu lost_connection=%llu unavailable=%llu max_ack_ms=%llu\n",
           o.clients, mono_s() - t0, sum.writes, sum.acked, sum.refused, sum.gaveup, sum.sends,
           sum.resent, sum.lost_conn, sum.unavailable, sum.max_ack_ms);
    free(cs);
    return 0;
}
