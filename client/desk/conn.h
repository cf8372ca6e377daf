/* conn.h -- the desktop client's two connections to the server, each on its own thread so
 * that the GTK main loop never waits on the network.
 *
 * The request worker (desk_conn) owns one libzhucun-client connection and runs jobs one after
 * another in the order they were queued; each job's done callback then runs on the main loop
 * (through a GTask). Jobs make their calls with the typed calls of client/lib (zc_calls.h),
 * which check arguments, reconnect and retry; this file only tells the main loop when the
 * connection goes down and comes back. The follower (desk_follow) owns a second connection that
 * sends QueueFollow and QueueList and forwards the queue and every new item (server events, Reply
 * id 0) to the main loop; when its connection is lost it says so and reconnects by itself
 * with backoff. Both resume the session by its token, so a reconnect needs no password. */
#ifndef ZHUCUN_DESK_CONN_H
#define ZHUCUN_DESK_CONN_H

#include <glib.h>

#include "zc_calls.h"

struct desk_conn;
struct desk_follow;

/* Where and how to connect; copied by the functions that take it. */
struct desk_endpoint {
    char *server; /* host:port */
    char *ca;
    char *cert;
    char *key;
    int timeout_ms;
};

/* Runs on the worker thread: makes calls on desk_conn_client; returns 0, or -1 with err
 * filled. data is the job's own, shared with its done callback (never touched by both at
 * once: done runs after run has returned). */
typedef int (*desk_job_run_cb)(struct desk_conn *conn, void *data, struct zc_error *err);
/* Runs on the main loop once the job is over: err is NULL on success. Then free_data(data). */
typedef void (*desk_job_done_cb)(void *data, const struct zc_error *err, void *user);
/* Runs on the main loop when the worker's connection is lost (up 0, with the reason) or back
 * (up 1, message NULL). */
typedef void (*desk_conn_state_cb)(int up, const char *message, void *user);

/* Starts the worker thread; nothing is connected until the first job. */
struct desk_conn *desk_conn_new(const struct desk_endpoint *ep, desk_conn_state_cb state_cb,
                                void *user);
/* Lets the running job finish (jobs still queued are dropped), closes the connection, joins
 * the thread and frees. No done callback runs after this, not even of a finished job whose
 * result is still on its way to the main loop. */
void desk_conn_free(struct desk_conn *conn);

/* Queues a job. run executes on the worker thread, then done and free_data (may be NULL) on
 * the thread-default main context of the caller. */
void desk_conn_submit(struct desk_conn *conn, desk_job_run_cb run, desk_job_done_cb done,
                      void *data, GDestroyNotify free_data, void *user);

/* Worker thread only. Logs in on a fresh connection to ep's server (closing any earlier one)
 * and keeps the session token for reconnects; *out holds the LoginReply. */
int desk_conn_login(struct desk_conn *conn, const char *username, const char *password,
                    Zhucun__Reply **out, struct zc_error *err);

/* Worker thread only. The worker's client for a job's calls, connected first (resuming the
 * session) when there is none yet; NULL with err when it cannot connect. The client reads
 * again after a lost reply (retry_reads) and reports its connection's state to state_cb; a
 * write that could not be repeated ends its job with " (the connection was lost: ...)"
 * added to the message. */
struct zc_client *desk_conn_client(struct desk_conn *conn, struct zc_error *err);

/* Tests: drops the worker's connection as a network failure would, on the worker thread
 * between two jobs; the next call finds it lost, reconnects and tries again as client/lib
 * allows. */
void desk_conn_break(struct desk_conn *conn);

/* Copies the session token into out ("" before a login job is done). */
void desk_conn_token(struct desk_conn *conn, char out[65]);

/* Main thread: from now on report state changes to state_cb. */
void desk_conn_set_state_cb(struct desk_conn *conn, desk_conn_state_cb state_cb, void *user);

/* Runs on the main loop when the server answers UNAUTHENTICATED (the session expired or was
 * revoked): after the job's own done callback, with the user of desk_conn_set_state_cb. */
typedef void (*desk_expired_cb)(void *user);
void desk_conn_set_expired_cb(struct desk_conn *conn, desk_expired_cb expired_cb);

/* Queue events for the main loop. list: the whole queue (a Reply whose body is queue_list),
 * sent after every (re)connect; item: one new item (a Reply id 0 with body queue_item). The
 * callback owns the reply (zc_reply_free). */
typedef void (*desk_follow_reply_cb)(Zhucun__Reply *reply, void *user);

/* Starts the follower thread with the session token. The callbacks run on the main loop of
 * the caller's thread-default context. */
struct desk_follow *desk_follow_new(const struct desk_endpoint *ep, const char *token,
                                    desk_follow_reply_cb on_list, desk_follow_reply_cb on_item,
                                    desk_conn_state_cb on_state, void *user);
/* The same for the session's notices (docs/notices.md): on_count gets a Reply whose body is
 * notice_count (the badge), after every (re)connect and whenever the server pushes one. */
struct desk_follow *desk_follow_notices_new(const struct desk_endpoint *ep, const char *token,
                                            desk_follow_reply_cb on_count, void *user);
/* Stops the thread (shutting its socket down to end a wait), joins and frees. Callbacks that
 * were posted but have not run yet are dropped. NULL is accepted. */
void desk_follow_free(struct desk_follow *f);

/* Main thread, right after desk_follow_new: called (once) when the server refuses the session;
 * the follower then stops trying until it is freed. */
void desk_follow_set_expired_cb(struct desk_follow *f, desk_expired_cb expired_cb);

/* Tests: drops the follower's connection as a network failure would (it then reconnects). */
void desk_follow_break(struct desk_follow *f);

#endif
