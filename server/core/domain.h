/* domain.h -- what a domain gives the core: its calls and what it publishes.
 *
 * The core (server/core) knows no domain by name. Each domain folder (server/approval, ...)
 * defines one struct domain, and server/domains.c lists them all in server_domains; dispatch
 * takes its call table from there and the event thread its publishers. A domain's statements
 * need no list: DB_STATEMENT registers each where it is defined (db.h). See
 * docs/server-layout.md. */
#ifndef ZHUCUN_DOMAIN_H
#define ZHUCUN_DOMAIN_H

#include <stddef.h>

struct call_def;
struct publisher;

struct domain {
    const char *name; /* for logs and `zhucun-server calls`: "approval" */
    /* The calls the domain answers (dispatch.h), ncalls of them. */
    const struct call_def *calls;
    size_t ncalls;
    /* What it publishes (events.h), NULL-terminated; NULL when nothing. */
    const struct publisher *const *publishers;
};

/* Every domain of the server, NULL-terminated (server/domains.c). */
extern const struct domain *const server_domains[];

#endif
