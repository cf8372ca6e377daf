/* db.h -- an asynchronous PostgreSQL pool for one worker loop (libpq on uv_poll).
 *
 * Each worker has its own pool of connections. Every statement is prepared on every
 * connection when it connects; a query names a prepared statement and its parameters, and
 * its callback runs exactly once on the loop thread with the result or an error. A query is
 * one implicit transaction (one statement; multi-step work is one SQL function call), sent in
 * pipeline mode after the statement that sets its caller (struct db_caller), in one round
 * trip.
 *
 * When no connection is up and the last attempt failed, db_query fails at once with
 * DB_EUNAVAILABLE (the callback does not run) and the pool keeps reconnecting with
 * exponential backoff; when the database is back, queries run again. See
 * docs/database-pool.md. */
#ifndef ZHUCUN_DB_H
#define ZHUCUN_DB_H

#include <stddef.h>

#include <libpq-fe.h>
#include <uv.h>

#include "envelope.pb-c.h"

struct db_pool;

/* A statement prepared on every connection of every pool. Define each with DB_STATEMENT,
 * which also registers it: there is no list to keep, and db_query refuses a statement that is
 * not registered. */
struct db_statement {
    const char *name; /* the prepared statement's name: the variable's */
    const char *sql;  /* $1.. parameters, all passed as text */
    int nparams;
    const struct db_statement *const *entry; /* its entry in the registry (DB_STATEMENT) */
    /* The database role the statement runs as (SET LOCAL ROLE in its pipeline), NULL for the
     * connection's own (zhucun_app). DB_STATEMENT_AS sets it. */
    const char *role;
    /* 1: planned for its parameters' values at every execution (plan_cache_mode
     * force_custom_plan for its transaction); DB_STATEMENT_CUSTOM sets it. */
    int custom_plans;
};

/* Defines the statement `var` (external linkage; declare it with `extern const struct
 * db_statement var;` where other files use it) and registers it: a pointer to it goes into
 * the linker section zc_statements, which the linker gathers from every object into one
 * array (db_statements). A statement is prepared as soon as its object is linked, so one that
 * a handler can name has always been prepared.
 *
 *     DB_STATEMENT(store_org_show, "SELECT ... FROM zc_org_show($1)", 1);
 */
#define DB_STATEMENT(var, sql_text, nparams_) DB_STATEMENT_AS(var, NULL, sql_text, nparams_)

/* The same, for a statement that runs as the database role role_ (a string literal), which the
 * connection's role must be a member of: the exports run as zhucun_export (docs/rls.md). */
#define DB_STATEMENT_AS(var, role_, sql_text, nparams_)                                            \
    DB_STATEMENT_DEF_(var, role_, sql_text, nparams_, 0)

/* The same, for a read whose best plan depends on its arguments' values (a scope's LIKE
 * patterns, a span of dates over a large table): PostgreSQL plans it for the values at every
 * execution instead of switching to one generic plan after five (docs/database-pool.md). The
 * province's cadre points ranking took 1.3 s on the generic plan and 0.8 s on its own. */
#define DB_STATEMENT_CUSTOM(var, sql_text, nparams_)                                               \
    DB_STATEMENT_DEF_(var, NULL, sql_text, nparams_, 1)

#define DB_STATEMENT_DEF_(var, role_, sql_text, nparams_, custom_)                                 \
    extern const struct db_statement var;                                                          \
    static const struct db_statement *const var##_entry_                                           \
        __attribute__((used, section("zc_statements"))) = &var;                                    \
    const struct db_statement var = {#var, sql_text, nparams_, &var##_entry_, role_, custom_}

/* Who a query runs for: the row-level security policies read both (docs/rls.md). Every query
 * runs in one pipeline with a statement that sets them for its transaction only
 * (set_config(..., true)): one round trip, and nothing carries over to the next query on the
 * connection. A query with no caller runs with neither: it sees no row of a table with
 * policies. */
struct db_caller {
    const char *scope;   /* a text[] literal of LIKE patterns on org codes ("{1401%,140202%}") */
    const char *user_id; /* the user's id in decimal */
    /* A cached session to prove live and current before the query runs (db_caller_set;
     * server/core/sessions.h): its token hash as bytea text ("\\x..."), the auth_version the
     * cache holds and when this process last served it (epoch seconds). NULL token: none. */
    const char *token;
    const char *auth_version;
    const char *last_used;
};

/* How every connection of the server to the database is made: the DSN's own parameters, plus,
 * unless the DSN says otherwise, TCP keepalives and a user timeout (a database host that
 * vanishes without a reset breaks the connection instead of leaving a query waiting forever),
 * application_name, and options setting the statement timeout (and, in a test build, the clock
 * pin's setting). keywords/values point into parsed and options: keep the struct until the
 * connection attempt has started. The pool's connections and the exports' COPY connections
 * (server/export/copy.c) use it. worker >= 0: a DSN that does not parse is logged for it. */
struct db_params {
    const char **keywords;
    const char **values;
    PQconninfoOption *parsed;
    char *options;
};
void db_params_build(struct db_params *p, const char *dsn, unsigned statement_timeout_ms,
                     const char *application_name, int worker);
void db_params_free(struct db_params *p);
/* p's values with the lists of hosts, host addresses and ports of a multi-host DSN turned by
 * turn places, kept paired ("db1,db2" by 1 is "db2,db1"): after a connection attempt timed out
 * on a host that does not answer, the next starts with the next host (docs/database-pool.md).
 * p->values itself when nothing turns. Free with db_params_turned_free. */
const char **db_params_turned(const struct db_params *p, unsigned turn);
void db_params_turned_free(const struct db_params *p, const char **values);

/* Every registered statement of the program (n of them), in link order. */
const struct db_statement *const *db_statements(size_t *n);

/* The statement's index in db_statements, or -1 when it is not registered (not made by
 * DB_STATEMENT). */
int db_statement_index(const struct db_statement *st);

/* Why a query failed, for the reply: a status code, a message for people and the request
 * field the error concerns (empty when none). */
struct db_error {
    Zhucun__Code code;
    char sqlstate[6]; /* the database's SQLSTATE, "" when the query never ran */
    char message[512];
    char field[64];
};

enum {
    DB_EUNAVAILABLE = -1,  /* the database is away; try again later */
    DB_EBUSY = -2,         /* the wait queue is full */
    DB_ECLOSED = -3,       /* the pool is shutting down */
    DB_EUNREGISTERED = -4, /* the statement was not made by DB_STATEMENT (a bug; logged) */
};

/* Runs on the loop thread. On success err is NULL and res holds the (tuples or command)
 * result; on failure res may be NULL. The pool clears res after the callback returns. */
typedef void (*db_result_cb)(PGresult *res, const struct db_error *err, void *arg);

struct db_pool_options {
    const char *dsn;
    unsigned size;      /* connections */
    unsigned pipeline;  /* queries in flight on one connection at once (1: one at a time) */
    unsigned queue_max; /* queries waiting for a connection */
    unsigned connect_timeout_ms;
    unsigned reconnect_min_ms;
    unsigned reconnect_max_ms;
    unsigned statement_timeout_ms; /* set as a session option unless the DSN has options */
    int worker;                    /* for log lines */
};

/* Creates the pool and starts connecting; each connection prepares every registered
 * statement (db_statements) before it takes a query. */
struct db_pool *db_pool_new(uv_loop_t *loop, const struct db_pool_options *opts);

/* Queues a query for caller (NULL: nobody). values (nparams strings, NULL for SQL NULL) and
 * the caller's strings must stay valid until the callback runs. Returns 0, or DB_EUNAVAILABLE
 * / DB_EBUSY / DB_ECLOSED / DB_EUNREGISTERED without calling cb. */
int db_query(struct db_pool *pool, const struct db_statement *st, const char *const *values,
             const struct db_caller *caller, db_result_cb cb, void *arg);

/* Closes every connection and handle. Queued and running queries get UNAVAILABLE. The pool
 * is freed by db_pool_free once the loop has run the close callbacks. */
void db_pool_close(struct db_pool *pool);
void db_pool_free(struct db_pool *pool);

/* Number of connections ready or busy. */
unsigned db_pool_live(const struct db_pool *pool);
/* Number of queries waiting for a connection. */
unsigned db_pool_queued(const struct db_pool *pool);

/* The turn (db_params_turned) with which a live connection of the pool reached the database,
 * for another connection to the same DSN (an export's) to start from the host that answers;
 * 0 when none is live or none had to turn. */
unsigned db_pool_turn(const struct db_pool *pool);

/* Fills err from a failed result (SQLSTATE class ZC maps to its status code; connection
 * failures to UNAVAILABLE; unique violations to ALREADY_EXISTS; anything else INTERNAL with a
 * generic message, the detail going to the log). */
void db_error_from_result(const PGresult *res, struct db_error *err);

/* 1 when res failed because the server is read-only (SQLSTATE 25006): a standby, or a primary
 * demoted by a failover. Such a connection never takes a write again: drop it and connect
 * anew, and the DSN's target_session_attrs=read-write finds the primary (docs/scale-out.md). */
int db_result_read_only(const PGresult *res);

const char *db_strerror(int err);

/* Sends pg's notices into the log (event db.notice, from=from, a string that outlives pg),
 * quoted. libpq would print them on stderr as they are, lines and all: a notice, and an error
 * that arrives while no query runs ("FATAL:  terminating connection due to administrator
 * command" when the database shuts down). Call it on every connection the server makes. */
void db_log_notices(PGconn *pg, const char *from);

/* A blocking connection to dsn for a thread of its own (the events listener, the audit
 * sealer, the start-up clock check), with application_name and its notices logged as from:
 * connect_timeout is connect_timeout_ms in whole seconds, at least 2 (libpq's unit and
 * floor), and libpq applies it to each host of a multi-host DSN in turn, so that a host that
 * does not answer neither holds up a stop nor hides the next host. The caller checks
 * PQstatus. */
PGconn *db_connect_blocking(const char *dsn, unsigned long long connect_timeout_ms,
                            const char *application_name, const char *from);

#endif
