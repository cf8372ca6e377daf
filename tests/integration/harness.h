/* harness.h -- integration tests: a fresh database per server, a real zhucun-server process
 * on a free port with the test certificates, and clients over TLS.
 *
 * tests/run exports ZC_TEST_PGHOST, ZC_TEST_PGPORT, ZC_TEST_PGUSER, ZC_TEST_PGCLUSTER,
 * ZC_TEST_CERTS and ZC_TEST_KEYFILE (the personal data keys every server configuration names:
 * docs/encryption.md); without them every helper fails the test with a message saying so. */
#ifndef ZHUCUN_TEST_HARNESS_H
#define ZHUCUN_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>

#include <libpq-fe.h>

#include "zhucun_client.h"

struct zt_server {
    char name[64];
    char dir[512];
    char config[600];
    char log[600];
    char dbname[96];
    int port;
    pid_t pid;
};

/* Starts a second server process on s's database (its own port, config and log in s's
 * directory): another process of the same deployment. Stop it with zt_server_stop; the
 * database stays s's. */
void zt_server_twin(struct zt_server *twin, const struct zt_server *s);

/* Creates database zt_<name>_<pid>, migrates it, writes a configuration (the defaults of the
 * tests plus extra_ini, appended: later keys override) and starts the server; returns once it
 * answers Hello. Fails the test on any error. */
void zt_server_start(struct zt_server *s, const char *name, const char *extra_ini);

/* As zt_server_start up to the migrations, which are those of the directory migrations (NULL:
 * all of them), and nothing after: no duties, no server process (zt_server_restart starts
 * one). For a test of a database made by an older release. */
void zt_server_prepare(struct zt_server *s, const char *name, const char *extra_ini,
                       const char *migrations);

/* Starts the server again with the same configuration and database. */
void zt_server_restart(struct zt_server *s);

/* Sends SIGTERM and waits (up to timeout_ms); returns the exit status, or -1 on timeout
 * (then the process is killed). Prints the log's tail when the status is not 0. */
int zt_server_stop(struct zt_server *s, int timeout_ms);

/* Waits (up to timeout_ms) for the server to exit by itself; as zt_server_stop otherwise. */
int zt_server_wait(struct zt_server *s, int timeout_ms);

/* Drops the server's database. */
void zt_server_cleanup(struct zt_server *s);

/* Stops the server, drops its database and fails the test unless it exited 0 (a sanitizer
 * report in the server makes it exit non-zero). */
void zt_server_finish(struct zt_server *s);

/* Makes one call; returns the status code and, when out is not NULL, the reply (free it with
 * zc_reply_free; NULL when none arrived). */
Zhucun__Code zt_call(struct zc_client *c, Zhucun__Request *req, Zhucun__Reply **out);

/* Imports org units from CSV text over the protocol; fails the test unless OK. */
void zt_org_import(struct zc_client *c, const char *csv);

/* Sends a Ping; returns the status code. */
Zhucun__Code zt_ping(struct zc_client *c);

/* zhucun-server useradd; returns its exit status. */
int zt_useradd(struct zt_server *s, const char *username, const char *password, const char *role,
               const char *scope, int must_change);

/* Connects (with Hello, resuming token when not NULL); fails the test on error. */
struct zc_client *zt_connect(struct zt_server *s, const char *token);
/* Connects with options filled from the server (caller may change them first). */
void zt_options(struct zt_server *s, struct zc_options *o);

/* Logs in on a fresh connection (a busy refusal, RESOURCE_EXHAUSTED, tried again for up to
 * 10 s); copies the token into token (65 bytes) when not NULL. */
struct zc_client *zt_login(struct zt_server *s, const char *username, const char *password,
                           char *token);

/* Creates a dispatching unit (the office's call); returns its id. */
int64_t zt_unit(struct zc_client *office, const char *name, const char *level, const char *org);

/* Creates a team (the office's call); returns its id. */
int64_t zt_team(struct zc_client *office, const char *kind, const char *org, const char *name);

/* Makes, through office (UserAdd), a person named name kept at org, of dispatching unit unit_id
 * (0 for none), with an account of role at org; returns the person's id and copies the
 * account's initial password into initial. */
int64_t zt_user_add(struct zc_client *office, const char *username, const char *name,
                    const char *org, const char *role, int64_t unit_id, char initial[64]);

/* Logs in with the initial password and changes it to password; returns the client. */
struct zc_client *zt_first_login(struct zt_server *s, const char *username, const char *initial,
                                 const char *password);

/* Makes, through office, a person with an account of role at org ("演示队长" when post is
 * captain, "演示队员" otherwise), serving in team as post from 2025-06-01 (for dispatching
 * unit unit_id, 0 for none), logs in with the initial password and changes it to password.
 * Returns the logged-in client; the person's id in *person. */
struct zc_client *zt_cadre(struct zt_server *s, struct zc_client *office, int64_t team,
                           const char *username, const char *org, const char *role,
                           const char *post, int64_t unit_id, const char *password,
                           int64_t *person);

/* Creates, through office, a household of village with one member, its head (name head, ID
 * number id_number: 18 characters, check character included), of category from since
 * (YYYY-MM-DD); fails the test unless OK. Returns the household's id. */
int64_t zt_household(struct zc_client *office, const char *village, const char *category,
                     const char *since, const char *head, const char *id_number);

/* Calls WhoAmI; returns the status code. */
Zhucun__Code zt_whoami(struct zc_client *c);

/* ChangePassword from old_pw to new_pw; the reply's code. */
Zhucun__Code zt_change_password(struct zc_client *c, const char *old_pw, const char *new_pw);

/* Runs SQL on the server's database as the administrator and returns the first column of the
 * first row as a fresh string ("" when no row); fails the test on an error. */
char *zt_sql(struct zt_server *s, const char *sql);
/* A connection to the server's database as the administrator (PQfinish it); fails the test
 * when it cannot connect. For tests that hold a transaction open. */
PGconn *zt_pg_admin(struct zt_server *s);

/* A connection to the server's database as the server's own role (zhucun_app; PQfinish it):
 * what psql as the application role sees. Fails the test when it cannot connect. */
PGconn *zt_pg_app(struct zt_server *s);

/* As the server's own role (zhucun_app); returns 0 on success, -1 on an SQL error. */
int zt_sql_as_app(struct zt_server *s, const char *sql);

/* A plain TCP connection to the server (no TLS); fails the test on error. */
int zt_tcp(struct zt_server *s);
/* Waits until the peer closes fd (read returns 0 or an error); returns milliseconds waited,
 * or -1 when it stays open for timeout_ms. */
long zt_wait_closed(int fd, int timeout_ms);

/* Runs `$ZC_TEST_PGCLUSTER action` (stop / start). */
void zt_pg(const char *action);

/* Runs a shell command with stdin text (may be NULL); captures stdout into out (cap bytes);
 * returns the exit status. */
int zt_run(const char *cmd, const char *stdin_text, char *out, size_t cap);

/* Pins the clock of this process, and of the servers and CLI processes it starts, to
 * ZC_TEST_CLOCK (an instant, e.g. "2026-12-31T23:50:00+08:00") when it is set; every server
 * database the harness makes is pinned to the same offset (docs/clock.md). Called by
 * zt_server_start; tests that compute dates before starting a server call it first. Returns
 * 1 when pinned, 0 on the real clock. "Today" in a test is zc_clock_today(). */
int zt_clock_init(void);
/* Today's day number on the test's clock (zt_clock_init first). */
int zt_today(void);

long long zt_now_ms(void);
void zt_sleep_ms(int ms);

/* Six months of income sums for household, the months before this one, each 1,000 yuan per
 * capita (above every monitoring line of 0050_income.sql): its income standard holds, as the
 * monitoring sign-off asks (docs/monitoring.md). */
void zt_income_met(struct zt_server *s, long long household);

/* Pulls export kind from c (scope "" = the caller's, since "" = everything) as JSON lines to
 * the end; returns the rows and copies the cursor of the pull's end into cursor (cap bytes).
 * Fails the test on any error. */
unsigned long long zt_export_rows(struct zc_client *c, const char *kind, const char *scope,
                                  const char *since, char *cursor, size_t cap);
/* The same as format ("csv": the COPY path for most kinds, docs/export.md). */
unsigned long long zt_export_rows_as(struct zc_client *c, const char *kind, const char *format,
                                     const char *scope, const char *since, char *cursor,
                                     size_t cap);

/* One call from c with body (a request body of case bc), keyed by key when not NULL; returns
 * the code and the reply in *out (out NULL: freed). A refusal's field, when field is not NULL,
 * must be field. */
Zhucun__Code zt_call_body(struct zc_client *c, int bc, void *body, const char *key,
                          const char *field, Zhucun__Reply **out);

/* Fails the test unless got is code and the reply *out names exactly one field, field; frees
 * the reply and sets *out to NULL. */
void zt_assert_refused(Zhucun__Code got, Zhucun__Reply **out, Zhucun__Code code, const char *field);

/* The first column of the first row of the SQL that fmt makes (zt_sql), as a number. */
long long zt_count(struct zt_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Stores a 4-byte file of evidence with hash sha (32 bytes) as uploaded by username
 * (attachments, attachment_blobs, attachment_files; docs/attachments.md), for a domain's test
 * whose write links it: zc_attach_link accepts a hash its caller uploaded or may already see.
 * username NULL: as uploaded by every account there is now (for a test whose subject is not
 * who may link). Fails the test on any error. */
void zt_attach_evidence(struct zt_server *s, const char *username, const uint8_t sha[32]);

/* A directory (in the test's temporary directory, made once per process) holding links to the
 * migrations numbered up to n: zt_server_prepare(&s, name, NULL, dir) makes a database as a
 * release of migration n left it; `zhucun-server migrate` with ZT_MIGRATIONS_DIR then applies
 * the rest (test_ledger: the follow-up items migrated into the ledger). */
void zt_migrations_upto(int n, char *dir, size_t cap);

/* zt_call_body that must answer OK: the reply (free it). */
Zhucun__Reply *zt_ok(struct zc_client *c, int bc, void *body, const char *key);
/* zt_call_body that must be refused with code, naming field (NULL: no field, a call the role
 * may not make at all). */
void zt_refused(struct zc_client *c, int bc, void *body, Zhucun__Code code, const char *field);

/* The CLI against s (issue 24's outbox tests): writes s's client.conf (the server, the CA, a
 * session file in s's directory, the timeout: "1s"), puts "zhucun --config CONF --outbox
 * OUTBOX" into base for the commands that follow, and logs username in with it (`zhucun
 * login --password-stdin`). Fails the test on any error. */
void zt_cli_login(struct zt_server *s, const char *timeout, const char *outbox,
                  const char *username, const char *password, char *base, size_t cap);

/* How often needle occurs in s (overlapping occurrences counted): log lines of an event. */
int zt_occurrences(const char *s, const char *needle);

/* How many lines of the file log (a server's log) hold a, and b and c where not NULL. The
 * server writes its log at 16 KiB or 50 ms: a line may come a moment after the reply. */
int zt_log_lines(const char *log, const char *a, const char *b, const char *c);

/* A TCP port on 127.0.0.1 that nothing listens on now (a second listener's, say). */
int zt_free_port(void);

/* zt_household under idempotency key (NULL: none), returning the code instead of failing the
 * test; the household's id in *id on OK (id may be NULL). */
Zhucun__Code zt_household_keyed(struct zc_client *office, const char *key, const char *village,
                                const char *category, const char *since, const char *head,
                                const char *id_number, int64_t *id);

#endif
