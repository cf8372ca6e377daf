/* metrics_status.h -- zhucun-server status: the metrics endpoint read and told for a person. */
#ifndef ZHUCUN_METRICS_STATUS_H
#define ZHUCUN_METRICS_STATUS_H

#include <stdio.h>

#include "common/config.h"

/* Exit statuses of the command. */
#define STATUS_READY      0
#define STATUS_NO_ANSWER  1 /* nothing answers at [metrics] listen */
#define STATUS_NOT_READY  3 /* it answers, and /readyz says 503 (draining, no database) */
#define STATUS_NO_METRICS 2 /* the configuration has no [metrics] listen */

/* Body of GET http://host:port/path into a fresh string (*body, free it), with the HTTP status
 * in *code; 0, or -1 with the reason in err when nothing answered within timeout_ms. */
int metrics_http_get(const char *host, int port, const char *path, long timeout_ms, char **body,
                     long *code, char *err, size_t errlen);

/* Prints the server's readiness and figures to out (errors to stderr); one of the statuses
 * above. */
int metrics_status(const struct server_config *cfg, FILE *out);

#endif
