/* export/copy.h -- a database connection of one export's own, for its COPY statements.
 *
 * The pool (core/db.h) runs every query in pipeline mode, where COPY cannot run. An export
 * that streams its chunks with `COPY (...) TO STDOUT` opens one of these when it starts and
 * closes it when it ends: a plain libpq connection on a uv_poll, with the pool's DSN and
 * session options, running one statement at a time. Nothing else ever runs on it, so the
 * settings an export makes on it (its caller, its role) are the export's alone and end with
 * it. See docs/export.md. */
#ifndef ZHUCUN_EXPORT_COPY_H
#define ZHUCUN_EXPORT_COPY_H

#include <stddef.h>

#include <libpq-fe.h>
#include <uv.h>

#include "common/config.h"
#include "server/core/db.h"

struct copy_conn;

/* The end of a step (the connection made, a statement run, a COPY finished): err is NULL on
 * success, else why it failed (a lost connection is UNAVAILABLE). res is the statement's last
 * result (copy_exec) or NULL; it is cleared after the callback returns. */
typedef void (*copy_done_cb)(PGresult *res, const struct db_error *err, void *arg);

/* One row of COPY output: exactly one CopyData message, the row's newline included. data is
 * valid during the call only. */
typedef void (*copy_row_cb)(const char *data, size_t len, void *arg);

/* Starts connecting with dsn (cfg's primary or replica DSN: the database the pull's snapshot
 * came from) and the pool's session options, its hosts turned by turn (db_pool_turn: that
 * database's pool found it past a host that does not answer); ready runs once, on the loop,
 * when the connection is up or has failed. worker is for log lines. Never NULL. */
struct copy_conn *copy_open(uv_loop_t *loop, const struct server_config *cfg, const char *dsn,
                            int worker, unsigned turn, copy_done_cb ready, void *arg);

/* Runs one statement (nparams text parameters, which must stay valid until done runs); done
 * runs once, on a later turn of the loop (never inside this call, even when sending failed).
 * -1 when the connection is not idle (done does not run). */
int copy_exec(struct copy_conn *cc, const char *sql, int nparams, const char *const *values,
              copy_done_cb done, void *arg);

/* Runs `COPY (...) TO STDOUT ...` (sql): row runs for each row as it arrives, then done once.
 * -1 when the connection is not idle (nothing runs). */
int copy_out(struct copy_conn *cc, const char *sql, copy_row_cb row, copy_done_cb done, void *arg);

/* Stops reading the database socket (from a row callback too: no row comes after it until
 * copy_resume); the database then stops at its own socket buffer. copy_resume goes on, on a
 * later turn of the loop. */
void copy_pause(struct copy_conn *cc);
void copy_resume(struct copy_conn *cc);

/* Closes the connection (a COPY under way is abandoned: the database sees it go). No callback
 * runs after it; the memory goes once the loop has closed the handles. */
void copy_close(struct copy_conn *cc);

/* Splits the last two fields off a CSV row written with FORCE_QUOTE (`...,"key","chg"\n`), or
 * with key NULL the last one (`...,"chg"\n`): *keep is the length of the row before them
 * (without their commas and the newline); key and chg receive their values, unquoted and
 * NUL-terminated. -1 when the row does not end that way or a value does not fit its buffer. */
int copy_row_split(const char *row, size_t len, size_t *keep, char *key, size_t key_cap, char *chg,
                   size_t chg_cap);

#endif
