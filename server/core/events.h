/* events.h -- server events across workers and server processes (SPEC W3: new queue items
 * arrive without a refresh), for whatever a domain publishes.
 *
 * A domain publishes through a PostgreSQL channel: its SQL notifies
 * {"<id_key>": ID, "<subjects_key>": [SUBJECT_ID, ...]} whenever a row worth pushing appears
 * (the approval engine notifies zc_queue with {"step": ID, "users": [USER_ID, ...]},
 * 0009_approvals.sql), and the domain registers a struct publisher (domain.h) that says how
 * that row reaches one subscriber: a statement that looks it up for a subject, and a function
 * that renders what the statement returns as a Reply. A connection follows a publisher for one
 * subject id (events_follow: QueueFollow follows the caller's own queue).
 *
 * One thread per server process LISTENs on every publisher's channel. Each notification is
 * handed to every worker; a worker looks the row up for each of its connections that follows
 * that publisher for a subject the notification names, and pushes what the publisher renders
 * as a Reply with id 0. Every server process connected to the database hears every
 * notification, so a subscriber connected to any process of any host gets it. While the
 * LISTEN connection is down (the database restarts), notifications are missed; the domain's
 * list calls stay the truth, and the thread reconnects with a backoff.
 *
 * A publisher may instead be about sessions (by_session): its subjects are session keys
 * (events_session_key), and an event reaches every connection that follows any publisher
 * while bound to a session with one of those keys; nobody follows such a publisher itself.
 * That is how a session revoked elsewhere reaches a connection that only listens (auth).
 *
 * What a render hands over goes out with id 0. A Reply whose status is not OK is the end of
 * the connection, as any id-0 error is (wire-format.md): it is sent, and the connection is
 * drained and closed. */
#ifndef ZHUCUN_EVENTS_H
#define ZHUCUN_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "common/config.h"
#include "envelope.pb-c.h"

struct conn;
struct db_statement;
struct worker;
struct event_source;

#define EVENT_SUBJECTS_MAX 64 /* more are dropped (a step has a handful of approvers) */

/* Sends reply (copied out before it returns) to the subscriber the render was called for. */
typedef void (*events_send_fn)(void *ctx, const Zhucun__Reply *reply);

/* What a domain publishes on one channel. */
struct publisher {
    const char *channel;      /* the NOTIFY channel (an SQL identifier), one publisher each */
    const char *id_key;       /* the payload's key for the row's id: "step" */
    const char *subjects_key; /* the payload's key for the subjects' ids: "users" */
    /* Looks the row up for one subscriber: $1 the subject's id, $2 the row's id. No row:
     * nothing for that subscriber (the row is no longer theirs, or already gone). The subjects
     * are users (unless by_session): the lookup runs for the subject as its caller (user id,
     * no scope), so that row-level security lets it see what the user's own rules give. */
    const struct db_statement *lookup;
    /* Renders row `row` of the lookup's result as a Reply (body only: the core sets id 0) and
     * hands it to send. Runs on the worker's loop; strings may point into res. A status that
     * is not OK closes the connection after it is sent. */
    void (*render)(const PGresult *res, int row, events_send_fn send, void *ctx);
    /* 1: the subjects are session keys, the event is for the connections that follow
     * something with such a session, and the lookup's $1 is the connection's token hash
     * (bytea, as "\\x" and hex) instead of a subject id. */
    int by_session;
};

/* The key of a session in events: the first 8 bytes of its token's SHA-256, big-endian,
 * shifted right by 2, plus 1 (positive, never 0); zc_session_key in SQL computes the same. */
int64_t events_session_key(const uint8_t token_hash[32]);

/* One notification for the workers. */
struct event {
    struct event *next;
    const struct publisher *pub;
    int64_t id;
    size_t nsubjects;
    int64_t subjects[EVENT_SUBJECTS_MAX];
};

/* Starts the LISTEN thread for the workers (started already) on the channels of every
 * publisher of server_domains. NULL when it cannot start. */
struct event_source *events_start(const struct server_config *cfg, struct worker *workers,
                                  size_t nworkers);
/* Stops and joins the thread; call before the workers are joined. NULL is accepted. */
void events_stop(struct event_source *es);

/* Parses a payload of pub's channel into e; 0, or -1 when it is not one (no positive id). */
int events_parse(const struct publisher *pub, const char *payload, struct event *e);

/* Makes connection c follow pub's events for subject (replacing the subject it followed for
 * pub before). 0, or -1 when c already follows CONN_FOLLOWS_MAX other publishers. */
int events_follow(struct conn *c, const struct publisher *pub, int64_t subject);

struct request;
/* A follow call's handler (QueueFollow, NoticeFollow): once the session is proved live
 * (request_prove: events must never reach a revoked one), the request's connection follows
 * pub's events for the caller, and the call answers an empty OK. */
void events_request_follow(struct request *r, const struct publisher *pub);

/* Worker side (worker.c): initialise the inbox on the worker's loop, close it at stop, and
 * take a copy of e (any thread). */
void events_inbox_init(struct worker *w);
void events_inbox_close(struct worker *w);
void events_post(struct worker *w, const struct event *e);

#endif
