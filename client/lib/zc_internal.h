/* zc_internal.h -- what the files of libzhucun-client share and its users do not see. */
#ifndef ZHUCUN_ZC_INTERNAL_H
#define ZHUCUN_ZC_INTERNAL_H

#include "outbox.h"
#include "zhucun_client.h"

/* Replaces the session token the client resumes on reconnect (NULL or "": none); the old
 * one is wiped. */
void zc__set_token(struct zc_client *c, const char *token);

/* Marks the connection unusable: the next typed call opens a new one first. */
void zc__mark_broken(struct zc_client *c);

/* 1 when the connection was thought sound but the server has closed its end (zc_broken's
 * look at the socket): it is marked broken now, so that the caller tells link_cb once. */
int zc__found_closed(struct zc_client *c);

/* The client's options as zc_connect copied them (retry_reads, link_cb). */
const struct zc_options *zc__options(const struct zc_client *c);

/* The account the client acts as (the options', then the last zc_login's), or NULL. */
const char *zc__username(const struct zc_client *c);
void zc__set_username(struct zc_client *c, const char *username);

/* The client's outbox, opened on first use: 0 with *ob (NULL when the client keeps none:
 * the options said "", or there is no home directory), or -1 with err when the file cannot
 * be opened or made. */
int zc__outbox(struct zc_client *c, struct zc_outbox **ob, struct zc_error *err);

#endif
