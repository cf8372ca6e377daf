/* service/service.h -- what the service cases (handlers.c) and the competitions (contest.c)
 * share. */
#ifndef ZHUCUN_SERVICE_SERVICE_H
#define ZHUCUN_SERVICE_SERVICE_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

struct request;
struct stored_result;

/* Ends the request with a check's problem (INVALID_ARGUMENT naming the field the check set in
 * *field: read here, after the check has run); 0 when there was none. */
int service_refused(struct request *r, const char *problem, const char *const *field);

/* The evidence hashes as a text[] literal of hex digits (zc_hex_hashes, 0080, reads it), in
 * the request's arena; NULL after ending the request when that is exhausted. */
const char *service_evidence_param(struct request *r, size_t n, const ProtobufCBinaryData *ev);

/* A copy of s in the request's arena, for a reply that outlives the result it was read from;
 * NULL after ending the request (RESOURCE_EXHAUSTED) when the arena is exhausted. */
char *service_keep(struct request *r, const char *s);

/* The answer to a keyed write that makes a row (ServiceCaseCreate, ServiceCaseStep,
 * ContestRoundOpen, ContestEnter), first or retried: its id, a ServiceId. */
void service_replay_id(struct request *r, const struct stored_result *sr);

#endif
