/* service/service.h -- what the service cases (handlers.c) and the competitions (contest.c)
 * share. */
#ifndef ZHUCUN_SERVICE_SERVICE_H
#define ZHUCUN_SERVICE_SERVICE_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

struct request;
struct stored_result;

/* A copy of s in the request's arena, for a reply that outlives the result it was read from;
 * NULL after ending the request (RESOURCE_EXHAUSTED) when the arena is exhausted. */
char *service_keep(struct request *r, const char *s);

/* The answer to a keyed write that makes a row (ServiceCaseCreate, ServiceCaseStep,
 * ContestRoundOpen, ContestEnter), first or retried: its id, a ServiceId. */
void service_replay_id(struct request *r, const struct stored_result *sr);

#endif
