/* events.h -- server events across workers and server processes (SPEC W3: new queue items
 * arrive without a refresh).
 *
 * One thread per server process LISTENs on the PostgreSQL channel zc_queue, which the
 * approval engine notifies whenever a queue gains an item (0009_approvals.sql:
 * {"step": ID, "users": [USER_ID, ...]}). Each notification is handed to every worker; a
 * worker looks the item up for each of its connections that follows (QueueFollow) the queue
 * of a user named, and pushes it as a Reply with id 0. Every server process connected to the
 * database hears every notification, so an approver connected to any process of any host
 * gets it. While the LISTEN connection is down (the database restarts), notifications are
 * missed; QueueList stays the truth, and the thread reconnects with a backoff. */
#ifndef ZHUCUN_EVENTS_H
#define ZHUCUN_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "common/config.h"

struct worker;
struct event_source;

/* One notification for the workers. */
struct event {
    struct event *next;
    int64_t step;
    size_t nusers;
    int64_t users[64]; /* more are dropped (a step has a handful of approvers) */
};

/* Starts the LISTEN thread for the workers (started already). NULL when it cannot start. */
struct event_source *events_start(const struct server_config *cfg, struct worker *workers,
                                  size_t nworkers);
/* Stops and joins the thread; call before the workers are joined. NULL is accepted. */
void events_stop(struct event_source *es);

/* Parses a zc_queue payload; 0, or -1 when it is not one. */
int events_parse(const char *payload, struct event *e);

/* Worker side (worker.c): initialise the inbox on the worker's loop, close it at stop, and
 * take a copy of e (any thread). */
void events_inbox_init(struct worker *w);
void events_inbox_close(struct worker *w);
void events_post(struct worker *w, const struct event *e);

#endif
