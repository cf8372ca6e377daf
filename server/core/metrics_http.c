/* metrics_http.c -- /metrics, /healthz and /readyz through libmicrohttpd.
 *
 * libmicrohttpd parses the request (a request line and headers within
 * METRICS_HTTP_REQUEST_MAX bytes, or it answers 414/431 itself) on its own polling thread;
 * the handler only reads the workers' counters (relaxed atomics: metrics.h), so a scrape
 * never waits on a worker and a worker never waits on a scrape. Every answer closes the
 * connection: a scraper makes one request every few seconds. */
#include "server/core/metrics_http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "common/log.h"
#include "common/xmalloc.h"
#include "server/core/metrics.h"

struct metrics_http {
    struct MHD_Daemon *daemon;
};

/* libmicrohttpd's own complaints (a connection it could not take, say) as log lines. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char text[512], quoted[LOG_QUOTE_SIZE(512)];
    vsnprintf(text, sizeof(text), fmt, ap);
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == '\n')
        text[--n] = '\0';
    log_warn("metrics.http", "error=%s", log_quote(quoted, sizeof(quoted), text));
}

static enum MHD_Result answer(struct MHD_Connection *mc, unsigned status, const char *type,
                              char *body, size_t len, const char *allow)
{
    struct MHD_Response *res = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (res == NULL) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(res, MHD_HTTP_HEADER_CONNECTION, "close");
    if (allow != NULL)
        MHD_add_response_header(res, MHD_HTTP_HEADER_ALLOW, allow);
    enum MHD_Result rc = MHD_queue_response(mc, status, res);
    MHD_destroy_response(res);
    return rc;
}

static enum MHD_Result text(struct MHD_Connection *mc, unsigned status, const char *line,
                            const char *allow)
{
    char *body = xasprintf("%s\n", line);
    return answer(mc, status, "text/plain; charset=utf-8", body, strlen(body), allow);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **state)
{
    (void)cls;
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)state;
    if (strcmp(url, "/metrics") != 0 && strcmp(url, "/healthz") != 0 && strcmp(url, "/readyz") != 0)
        return text(mc, MHD_HTTP_NOT_FOUND, "not found: the paths are /metrics, /healthz, /readyz",
                    NULL);
    /* HEAD is GET without the body (libmicrohttpd leaves it out); anything else has no
     * meaning here and is refused before its body is read. */
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return text(mc, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed: use GET", "GET, HEAD");
    if (strcmp(url, "/healthz") == 0)
        return text(mc, MHD_HTTP_OK, "ok", NULL);
    if (strcmp(url, "/readyz") == 0) {
        char why[160];
        int ready = metrics_ready(why, sizeof(why));
        return text(mc, ready ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, why, NULL);
    }
    char *body = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&body, &len);
    if (f == NULL)
        return MHD_NO;
    metrics_render(f);
    fclose(f);
    return answer(mc, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", body, len, NULL);
}

struct metrics_http *metrics_http_start(int fd, char *err, size_t errlen)
{
    struct metrics_http *h = xcalloc(1, sizeof(*h));
    /* MHD_USE_AUTO picks epoll on Linux; the port is ours (fd), so the daemon binds nothing. */
    h->daemon =
        MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                         on_request, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)METRICS_HTTP_CONNECTIONS,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)METRICS_HTTP_TIMEOUT_S,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)METRICS_HTTP_REQUEST_MAX,
                         MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, MHD_OPTION_END);
    if (h->daemon == NULL) {
        snprintf(err, errlen, "could not start the metrics listener (libmicrohttpd)");
        close(fd);
        free(h);
        return NULL;
    }
    return h;
}

void metrics_http_stop(struct metrics_http *h)
{
    if (h == NULL)
        return;
    MHD_stop_daemon(h->daemon); /* joins its thread and closes the listening socket */
    free(h);
}
