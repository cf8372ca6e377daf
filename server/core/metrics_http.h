/* metrics_http.h -- the metrics listener: GET /metrics, /healthz and /readyz over HTTP/1.1,
 * served by libmicrohttpd on a thread of its own, never by a worker (docs/metrics.md). */
#ifndef ZHUCUN_METRICS_HTTP_H
#define ZHUCUN_METRICS_HTTP_H

#include <stddef.h>

/* Limits of the listener: connections at once, seconds a connection may stay silent, bytes a
 * request's line and headers may take (a bigger request is answered 431 or 414 and closed). */
#define METRICS_HTTP_CONNECTIONS 16
#define METRICS_HTTP_TIMEOUT_S   5
#define METRICS_HTTP_REQUEST_MAX 8192

struct metrics_http;

/* Serves on fd (a bound, listening socket it takes over). NULL with a message in err when
 * libmicrohttpd cannot start (fd is closed then). */
struct metrics_http *metrics_http_start(int fd, char *err, size_t errlen);
/* Stops the thread, closes the socket and frees h (NULL is fine). */
void metrics_http_stop(struct metrics_http *h);

#endif
