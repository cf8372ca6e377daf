/* status.h -- names of status codes and the CLI exit code for each. */
#ifndef ZHUCUN_STATUS_H
#define ZHUCUN_STATUS_H

#include "envelope.pb-c.h"

/* "OK", "INVALID_ARGUMENT", ... ; "UNKNOWN" for a number outside the enum. */
const char *status_code_name(Zhucun__Code code);

/* The documented exit codes: 0 OK, 1 other, 3 UNAUTHENTICATED, 4 PERMISSION_DENIED,
 * 5 NOT_FOUND, 6 INVALID_ARGUMENT, 7 FAILED_PRECONDITION, 8 ALREADY_EXISTS,
 * 9 RESOURCE_EXHAUSTED, 10 UNAVAILABLE (2 is usage, 11 outcome unknown and 12 queued, which
 * are not statuses). */
int status_exit_code(Zhucun__Code code);

#define EXIT_USAGE       2
#define EXIT_UNAVAILABLE 10
/* A keyed write got no answer however often it was sent (struct zc_error's outcome_unknown):
 * it may have been applied; its key is kept, so running the same command again does not write
 * it twice. */
#define EXIT_OUTCOME_UNKNOWN 11
/* A write was kept in the outbox to be sent later (struct zc_error's queued: the CLI's offline
 * option, and no server to be reached): zhucun outbox send sends it. */
#define EXIT_QUEUED 12

#endif
