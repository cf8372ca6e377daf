/* metrics_status.c -- reads /readyz and /metrics (libcurl) and prints them for a person. */
#include "server/metrics_status.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "common/xmalloc.h"

#define STATUS_TIMEOUT_MS 5000
/* A scrape is a few hundred lines; what a broken or foreign endpoint sends is cut here. */
#define BODY_MAX (4u << 20)

struct body {
    char *text;
    size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t n, void *arg)
{
    struct body *b = arg;
    size_t add = size * n;
    if (b->len + add > BODY_MAX)
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    b->text = xrealloc(b->text, b->len + add + 1);
    memcpy(b->text + b->len, ptr, add);
    b->len += add;
    b->text[b->len] = '\0';
    return add;
}

int metrics_http_get(const char *host, int port, const char *path, long timeout_ms, char **body,
                     long *code, char *err, size_t errlen)
{
    struct body b = {xstrdup(""), 0};
    char url[512];
    int v6 = strchr(host, ':') != NULL;
    snprintf(url, sizeof(url), "http://%s%s%s:%d%s", v6 ? "[" : "", host, v6 ? "]" : "", port,
             path);
    /* libcurl counts its global initialisations: paired here, a program that fetches once
     * (the status command) leaves nothing behind for the leak checker of the test build. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    if (curl == NULL) {
        snprintf(err, errlen, "could not start libcurl");
        free(b.text);
        curl_global_cleanup();
        return -1;
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); /* the endpoint is this host's, never a proxy's */
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        snprintf(err, errlen, "%s: %s", url, curl_easy_strerror(rc));
        curl_easy_cleanup(curl);
        curl_global_cleanup();
        free(b.text);
        return -1;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    *body = b.text;
    return 0;
}

/* ---- the exposition text, read back ---- */

struct sample {
    char name[80];
    char labels[200];
    double value;
};

struct samples {
    struct sample *s;
    size_t n, cap;
};

/* Reads `name{labels} value` lines; comments and lines of another shape are skipped (the
 * ops test checks the format itself, line by line). */
static void parse(const char *text, struct samples *out)
{
    const char *line = text;
    while (*line != '\0') {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 0 && len < 512 && line[0] != '#') {
            char buf[512];
            memcpy(buf, line, len);
            buf[len] = '\0';
            struct sample sm = {0};
            char *sp = strrchr(buf, ' ');
            char *brace = strchr(buf, '{');
            if (sp != NULL) {
                *sp = '\0';
                sm.value = strtod(sp + 1, NULL);
                if (brace != NULL && brace < sp) {
                    *brace = '\0';
                    snprintf(sm.labels, sizeof(sm.labels), "%.*s", (int)sizeof(sm.labels) - 1,
                             brace + 1);
                }
                snprintf(sm.name, sizeof(sm.name), "%.*s", (int)sizeof(sm.name) - 1, buf);
                if (out->n == out->cap) {
                    out->cap = out->cap ? out->cap * 2 : 64;
                    out->s = xrealloc(out->s, out->cap * sizeof(*out->s));
                }
                out->s[out->n++] = sm;
            }
        }
        line = end ? end + 1 : line + len;
    }
}

/* The value of label key in labels ("" when it has none). */
static void label(const char *labels, const char *key, char *out, size_t cap)
{
    char pat[40];
    snprintf(pat, sizeof(pat), "%s=\"", key);
    const char *p = strstr(labels, pat);
    out[0] = '\0';
    if (p == NULL || (p != labels && p[-1] != ','))
        return;
    p += strlen(pat);
    const char *q = strchr(p, '"');
    if (q != NULL)
        snprintf(out, cap, "%.*s", (int)(q - p), p);
}

/* The sum of the samples of name whose label key is value (key NULL: all of them). */
static double total(const struct samples *ss, const char *name, const char *key, const char *value)
{
    double t = 0;
    for (size_t i = 0; i < ss->n; i++) {
        if (strcmp(ss->s[i].name, name) != 0)
            continue;
        char v[100];
        if (key != NULL) {
            label(ss->s[i].labels, key, v, sizeof(v));
            if (strcmp(v, value) != 0)
                continue;
        }
        t += ss->s[i].value;
    }
    return t;
}

static void print_calls(const struct samples *ss, FILE *out)
{
    fprintf(out, "\n%-28s %10s %8s %9s\n", "call", "requests", "errors", "mean ms");
    for (size_t i = 0; i < ss->n; i++) {
        if (strcmp(ss->s[i].name, "zhucun_request_duration_seconds_count") != 0)
            continue;
        char call[100];
        label(ss->s[i].labels, "call", call, sizeof(call));
        double n = total(ss, "zhucun_requests_total", "call", call);
        double ok = 0;
        for (size_t k = 0; k < ss->n; k++) {
            char c[100], st[40];
            label(ss->s[k].labels, "call", c, sizeof(c));
            label(ss->s[k].labels, "status", st, sizeof(st));
            if (strcmp(ss->s[k].name, "zhucun_requests_total") == 0 && strcmp(c, call) == 0 &&
                strcmp(st, "OK") == 0)
                ok += ss->s[k].value;
        }
        double sum = total(ss, "zhucun_request_duration_seconds_sum", "call", call);
        fprintf(out, "%-28s %10.0f %8.0f %9.2f\n", call, n, n - ok,
                ss->s[i].value > 0 ? sum / ss->s[i].value * 1000 : 0);
    }
}

static void print_status(const struct samples *ss, const char *version, const char *where,
                         int ready, const char *why, FILE *out)
{
    fprintf(out, "zhucun-server %s at %s: %s\n", version, where, ready ? "ready" : why);
    fprintf(out, "%-20s %.0f\n", "workers", total(ss, "zhucun_workers", NULL, NULL));
    fprintf(out, "%-20s %.0f open, %.0f accepted since start\n", "connections",
            total(ss, "zhucun_connections", NULL, NULL),
            total(ss, "zhucun_connections_total", NULL, NULL));
    fprintf(out, "%-20s %.0f ok, %.0f failed, %.0f timed out\n", "TLS handshakes",
            total(ss, "zhucun_tls_handshakes_total", "result", "ok"),
            total(ss, "zhucun_tls_handshakes_total", "result", "failed"),
            total(ss, "zhucun_tls_handshakes_total", "result", "timeout"));
    double requests = total(ss, "zhucun_requests_total", NULL, NULL);
    fprintf(out, "%-20s %.0f answered, %.0f of them OK\n", "requests", requests,
            total(ss, "zhucun_requests_total", "status", "OK"));
    double waits = total(ss, "zhucun_db_pool_wait_seconds_count", NULL, NULL);
    double wait_sum = total(ss, "zhucun_db_pool_wait_seconds_sum", NULL, NULL);
    fprintf(out,
            "%-20s %.0f live connections, %.0f queries waiting; %.0f queries waited %.3f ms "
            "on average\n",
            "database", total(ss, "zhucun_db_connections_live", NULL, NULL),
            total(ss, "zhucun_db_queue_depth", NULL, NULL), waits,
            waits > 0 ? wait_sum / waits * 1000 : 0);
    fprintf(out, "%-20s %.0f waiting\n", "password hashes",
            total(ss, "zhucun_hash_queue_depth", NULL, NULL));
    fprintf(out, "%-20s %.0f pushed\n", "events",
            total(ss, "zhucun_events_fanout_total", NULL, NULL));
    fprintf(out, "%-20s %.0f sent\n", "export rows",
            total(ss, "zhucun_export_rows_total", NULL, NULL));
    fprintf(out, "%-20s %.0f taken, %.0f refused\n", "config reloads",
            total(ss, "zhucun_config_reloads_total", "result", "ok"),
            total(ss, "zhucun_config_reloads_total", "result", "refused"));
    print_calls(ss, out);
}

int metrics_status(const struct server_config *cfg, FILE *out)
{
    if (cfg->metrics_host == NULL) {
        fprintf(stderr,
                "zhucun-server: %s: status reads the metrics listener, which is off: set "
                "[metrics] listen (docs/metrics.md)\n",
                cfg->path ? cfg->path : "the configuration");
        return STATUS_NO_METRICS;
    }
    char err[600], where[300];
    snprintf(where, sizeof(where), "%s:%d", cfg->metrics_host, cfg->metrics_port);
    char *ready_text = NULL, *metrics_text = NULL;
    long ready_code = 0, metrics_code = 0;
    if (metrics_http_get(cfg->metrics_host, cfg->metrics_port, "/readyz", STATUS_TIMEOUT_MS,
                         &ready_text, &ready_code, err, sizeof(err)) != 0 ||
        metrics_http_get(cfg->metrics_host, cfg->metrics_port, "/metrics", STATUS_TIMEOUT_MS,
                         &metrics_text, &metrics_code, err, sizeof(err)) != 0) {
        fprintf(stderr, "zhucun-server: the server does not answer at %s: %s\n", where, err);
        free(ready_text);
        return STATUS_NO_ANSWER;
    }
    if (metrics_code != 200) {
        fprintf(stderr,
                "zhucun-server: %s answered /metrics with HTTP %ld: is it a zhucun-server?\n",
                where, metrics_code);
        free(ready_text);
        free(metrics_text);
        return STATUS_NO_ANSWER;
    }
    ready_text[strcspn(ready_text, "\n")] = '\0';
    struct samples ss = {0};
    parse(metrics_text, &ss);
    char version[64] = "?";
    for (size_t i = 0; i < ss.n; i++)
        if (strcmp(ss.s[i].name, "zhucun_build_info") == 0)
            label(ss.s[i].labels, "version", version, sizeof(version));
    int ready = ready_code == 200;
    char why[300];
    snprintf(why, sizeof(why), "NOT READY (%s)", ready_text);
    print_status(&ss, version, where, ready, why, out);
    free(ss.s);
    free(ready_text);
    free(metrics_text);
    return ready ? STATUS_READY : STATUS_NOT_READY;
}
