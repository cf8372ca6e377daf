/* outbox.c -- the client's SQLite outbox of keyed writes whose outcome is not known yet. */
#include "outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "common/clock.h"
#include "common/token.h"
#include "common/userfile.h"
#include "common/xmalloc.h"
#include "zhucun_client.h"

#define _(s) dgettext(ZC_MESSAGES_DOMAIN, s)

/* How long a statement waits for another process's write to finish before it gives up. */
#define OUTBOX_BUSY_MS 5000

struct zc_outbox {
    sqlite3 *db;
};

/* Version 1: the pending keyed writes. A later version (the offline work) adds its tables
 * and columns in a step of its own below, and never edits this one. */
static const char schema_v1[] =
    "CREATE TABLE pending ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL,"
    "  call TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  body_hash TEXT NOT NULL,"
    "  server TEXT NOT NULL,"
    "  username TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (server, username, key));"
    "CREATE INDEX pending_body ON pending (server, username, call, body_hash);"
    "PRAGMA user_version = 1;";

/* Version 2 (the offline work, issue 24): each entry's state, the refusal of a REFUSED one,
 * and the claim of the sender sending it (zc_outbox_claim). Entries of version 1 are writes
 * whose outcome is unknown: the default. */
static const char schema_v2[] =
    "ALTER TABLE pending ADD COLUMN state TEXT NOT NULL DEFAULT 'unknown'"
    "  CHECK (state IN ('unknown', 'waiting', 'refused'));"
    "ALTER TABLE pending ADD COLUMN refused_code INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE pending ADD COLUMN refused_message TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE pending ADD COLUMN refused_field TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE pending ADD COLUMN claim_pid INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE pending ADD COLUMN claim_token TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE pending ADD COLUMN claim_until INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX pending_send ON pending (server, username, state, id);"
    "PRAGMA user_version = 2;";

/* The states as the file spells them, in the order of enum zc_outbox_state. */
static const char *const state_names[ZC_OUTBOX_STATES] = {"unknown", "waiting", "refused"};

const char *zc_outbox_state_name(enum zc_outbox_state state)
{
    return (unsigned)state < ZC_OUTBOX_STATES ? state_names[state] : "unknown";
}

static enum zc_outbox_state state_of(const unsigned char *name)
{
    for (int i = 0; name != NULL && i < ZC_OUTBOX_STATES; i++)
        if (strcmp((const char *)name, state_names[i]) == 0)
            return (enum zc_outbox_state)i;
    return ZC_OUTBOX_UNKNOWN;
}

static void say(char *errbuf, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(char *errbuf, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
}

/* errbuf gets SQLite's word on the last failure of db. */
static int db_fail(sqlite3 *db, char *errbuf, size_t errlen)
{
    say(errbuf, errlen, _("发件箱出错：%s"), sqlite3_errmsg(db));
    return -1;
}

char *zc_outbox_default_path(void)
{
    return userfile_path("XDG_STATE_HOME", ".local/state", "outbox.sqlite");
}

/* Runs sql, which returns no rows the caller wants. */
static int exec(sqlite3 *db, const char *sql, char *errbuf, size_t errlen)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, errbuf, errlen);
    return 0;
}

/* The first column of the first row of sql, as a number. */
static int query_int(sqlite3 *db, const char *sql, int *out, char *errbuf, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, errbuf, errlen);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : db_fail(db, errbuf, errlen);
}

/* Brings the schema to ZC_OUTBOX_SCHEMA inside one write transaction, so that two processes
 * opening a new file at once make it once. */
static int migrate(sqlite3 *db, const char *path, char *errbuf, size_t errlen)
{
    int version = 0;
    if (exec(db, "BEGIN IMMEDIATE", errbuf, errlen) != 0)
        return -1;
    if (query_int(db, "PRAGMA user_version", &version, errbuf, errlen) != 0)
        goto fail;
    if (version > ZC_OUTBOX_SCHEMA) {
        say(errbuf, errlen, _("发件箱 %s 的格式（%d）比本程序的（%d）新"), path, version,
            ZC_OUTBOX_SCHEMA);
        goto fail;
    }
    if (version < 1 && exec(db, schema_v1, errbuf, errlen) != 0)
        goto fail;
    if (version < 2 && exec(db, schema_v2, errbuf, errlen) != 0)
        goto fail;
    if (exec(db, "COMMIT", errbuf, errlen) != 0)
        goto fail;
    return 0;
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int zc_outbox_open(const char *path, struct zc_outbox **out, char *errbuf, size_t errlen)
{
    sqlite3 *db = NULL;
    *out = NULL;
    /* The file is made here, 0600, before SQLite opens it: its -wal and -shm files take the
     * database file's mode. Only when it is not there yet: closing a descriptor of a file
     * drops every POSIX lock the process holds on it, so an open and close of an outbox that
     * another client of this process has open would cancel that client's SQLite locks; a
     * process of the CLI that then closed last would take itself for the only user and reset
     * the WAL under it (the file was found zeroed). */
    int fd = -1;
    if (access(path, F_OK) != 0) {
        if (userfile_make_parent(path) == 0)
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            say(errbuf, errlen, _("无法打开发件箱 %s：%s"), path, strerror(errno));
            return -1;
        }
        close(fd);
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        say(errbuf, errlen, _("无法打开发件箱 %s：%s"), path,
            db != NULL ? sqlite3_errmsg(db) : strerror(ENOMEM));
        goto fail;
    }
    sqlite3_busy_timeout(db, OUTBOX_BUSY_MS);
    /* WAL: a reader never waits for the other process's writer. synchronous FULL: an entry
     * is on the disk before its write is sent, even across a power cut. */
    if (exec(db, "PRAGMA journal_mode = WAL", errbuf, errlen) != 0 ||
        exec(db, "PRAGMA synchronous = FULL", errbuf, errlen) != 0 ||
        migrate(db, path, errbuf, errlen) != 0)
        goto fail;
    *out = xcalloc(1, sizeof(**out));
    (*out)->db = db;
    return 0;
fail:
    sqlite3_close(db);
    return -1;
}

void zc_outbox_close(struct zc_outbox *ob)
{
    if (ob == NULL)
        return;
    sqlite3_close(ob->db);
    free(ob);
}

void zc_outbox_hash(const uint8_t *body, size_t len, char hex[ZC_OUTBOX_HASH_HEX + 1])
{
    uint8_t md[32];
    unsigned mdlen = 0;
    EVP_Digest(body, len, md, &mdlen, EVP_sha256(), NULL);
    token_to_hex(md, 32, hex);
}

/* Prepares sql on ob with the text parameters given (NULL binds SQL NULL). */
static sqlite3_stmt *prepare(struct zc_outbox *ob, const char *sql, int n, const char *const *text,
                             char *errbuf, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ob->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_fail(ob->db, errbuf, errlen);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (text[i] != NULL)
            sqlite3_bind_text(st, i + 1, text[i], -1, SQLITE_TRANSIENT);
    return st;
}

/* Runs a statement that returns no rows and finalizes it. */
static int run(struct zc_outbox *ob, sqlite3_stmt *st, char *errbuf, size_t errlen)
{
    if (st == NULL)
        return -1;
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(ob->db, errbuf, errlen);
}

int zc_outbox_find(struct zc_outbox *ob, const char *server, const char *username, const char *call,
                   const char *body_hash, char key[TOKEN_HEX_LEN + 1], enum zc_outbox_state *state,
                   char *errbuf, size_t errlen)
{
    const char *p[] = {server, username, call, body_hash};
    sqlite3_stmt *st = prepare(ob,
                               "SELECT key, state FROM pending WHERE server = ?1 AND username = ?2 "
                               "AND call = ?3 AND body_hash = ?4 AND state <> 'refused' "
                               "ORDER BY id LIMIT 1",
                               4, p, errbuf, errlen);
    if (st == NULL)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(key, TOKEN_HEX_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 0));
        if (state != NULL)
            *state = state_of(sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : db_fail(ob->db, errbuf, errlen);
}

int zc_outbox_add(struct zc_outbox *ob, const struct zc_outbox_entry *e, char *errbuf,
                  size_t errlen)
{
    const char *p[] = {e->key, e->call, NULL, e->body_hash, e->server, e->username};
    sqlite3_stmt *st = prepare(ob,
                               "INSERT INTO pending (key, call, body, body_hash, server, "
                               "username, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                               "ON CONFLICT (server, username, key) DO NOTHING",
                               6, p, errbuf, errlen);
    if (st == NULL)
        return -1;
    /* A zero-length blob is still a blob, not NULL (an empty body is a valid request). */
    sqlite3_bind_blob(st, 3, e->body_len > 0 ? (const void *)e->body : "", (int)e->body_len,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)zc_clock_now());
    if (run(ob, st, errbuf, errlen) != 0)
        return -1;
    return sqlite3_changes(ob->db) > 0;
}

int zc_outbox_failed(struct zc_outbox *ob, const char *server, const char *username,
                     const char *key, int sent, const char *why, char *errbuf, size_t errlen)
{
    const char *p[] = {server, username, key, why};
    sqlite3_stmt *st = prepare(ob,
                               "UPDATE pending SET attempts = attempts + ?5, last_error = ?4, "
                               "state = CASE WHEN ?5 AND state = 'waiting' THEN 'unknown' "
                               "ELSE state END "
                               "WHERE server = ?1 AND username = ?2 AND key = ?3",
                               4, p, errbuf, errlen);
    if (st != NULL)
        sqlite3_bind_int(st, 5, sent != 0);
    return run(ob, st, errbuf, errlen);
}

int zc_outbox_mark(struct zc_outbox *ob, const char *server, const char *username, const char *key,
                   enum zc_outbox_state state, int code, const char *message, const char *field,
                   char *errbuf, size_t errlen)
{
    int refused = state == ZC_OUTBOX_REFUSED;
    const char *p[] = {server,
                       username,
                       key,
                       zc_outbox_state_name(state),
                       refused && message != NULL ? message : "",
                       refused && field != NULL ? field : ""};
    sqlite3_stmt *st = prepare(ob,
                               "UPDATE pending SET state = ?4, refused_message = ?5, "
                               "refused_field = ?6, refused_code = ?7, claim_pid = 0, "
                               "claim_token = '', claim_until = 0 "
                               "WHERE server = ?1 AND username = ?2 AND key = ?3",
                               6, p, errbuf, errlen);
    if (st != NULL)
        sqlite3_bind_int(st, 7, refused ? code : 0);
    return run(ob, st, errbuf, errlen);
}

int zc_outbox_remove(struct zc_outbox *ob, const char *server, const char *username,
                     const char *key, char *errbuf, size_t errlen)
{
    const char *p[] = {server, username, key};
    return run(ob,
               prepare(ob, "DELETE FROM pending WHERE server = ?1 AND username = ?2 AND key = ?3",
                       3, p, errbuf, errlen),
               errbuf, errlen);
}

static void copy_text(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    snprintf(dst, cap, "%s", s != NULL ? (const char *)s : "");
}

/* The columns read_entry reads, in its order; a claim's three follow them where asked for. */
#define ENTRY_COLUMNS                                                                              \
    "id, key, call, body, body_hash, server, username, created_at, attempts, last_error, "         \
    "state, refused_code, refused_message, refused_field"
#define ENTRY_NCOLUMNS 14

/* *e gets the entry of st's row (ENTRY_COLUMNS first); the body is the caller's to free. */
static void read_entry(sqlite3_stmt *st, struct zc_outbox_entry *e)
{
    memset(e, 0, sizeof(*e));
    e->id = sqlite3_column_int64(st, 0);
    copy_text(e->key, sizeof(e->key), st, 1);
    copy_text(e->call, sizeof(e->call), st, 2);
    e->body_len = (size_t)sqlite3_column_bytes(st, 3);
    e->body = xmalloc(e->body_len + 1);
    if (e->body_len > 0)
        memcpy(e->body, sqlite3_column_blob(st, 3), e->body_len);
    copy_text(e->body_hash, sizeof(e->body_hash), st, 4);
    copy_text(e->server, sizeof(e->server), st, 5);
    copy_text(e->username, sizeof(e->username), st, 6);
    e->created_at = sqlite3_column_int64(st, 7);
    e->attempts = sqlite3_column_int(st, 8);
    copy_text(e->last_error, sizeof(e->last_error), st, 9);
    e->state = state_of(sqlite3_column_text(st, 10));
    e->refused_code = sqlite3_column_int(st, 11);
    copy_text(e->refused_message, sizeof(e->refused_message), st, 12);
    copy_text(e->refused_field, sizeof(e->refused_field), st, 13);
}

int zc_outbox_list(struct zc_outbox *ob, const char *server, const char *username,
                   struct zc_outbox_entry **out, char *errbuf, size_t errlen)
{
    const char *p[] = {server, username};
    *out = NULL;
    sqlite3_stmt *st =
        prepare(ob,
                "SELECT " ENTRY_COLUMNS " FROM pending "
                "WHERE (?1 IS NULL OR server = ?1) AND (?2 IS NULL OR username = ?2) "
                "ORDER BY id",
                2, p, errbuf, errlen);
    if (st == NULL)
        return -1;
    int n = 0, cap = 0, rc;
    struct zc_outbox_entry *v = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            v = xrealloc(v, (size_t)cap * sizeof(*v));
        }
        read_entry(st, &v[n++]);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        zc_outbox_entries_free(v, n);
        return db_fail(ob->db, errbuf, errlen);
    }
    *out = v;
    return n;
}

void zc_outbox_entries_free(struct zc_outbox_entry *entries, int n)
{
    for (int i = 0; i < n; i++)
        free(entries[i].body);
    free(entries);
}

int zc_outbox_count(struct zc_outbox *ob, const char *server, const char *username,
                    int n[ZC_OUTBOX_STATES], char *errbuf, size_t errlen)
{
    const char *p[] = {server, username};
    memset(n, 0, sizeof(int) * ZC_OUTBOX_STATES);
    sqlite3_stmt *st =
        prepare(ob,
                "SELECT state, count(*) FROM pending "
                "WHERE (?1 IS NULL OR server = ?1) AND (?2 IS NULL OR username = ?2) "
                "GROUP BY state",
                2, p, errbuf, errlen);
    if (st == NULL)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        n[state_of(sqlite3_column_text(st, 0))] += sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(ob->db, errbuf, errlen);
}

int zc_outbox_drop(struct zc_outbox *ob, int64_t id, char *errbuf, size_t errlen)
{
    sqlite3_stmt *st = prepare(ob, "DELETE FROM pending WHERE id = ?1", 0, NULL, errbuf, errlen);
    if (st == NULL)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
    if (run(ob, st, errbuf, errlen) != 0)
        return -1;
    return sqlite3_changes(ob->db) > 0;
}

/* 1 when a claim (pid, token, until) holds against the sender token: another sender's, not
 * run out, of a process that is still there. */
static int claim_holds(sqlite3_stmt *st, int col, const char *token)
{
    pid_t pid = (pid_t)sqlite3_column_int64(st, col);
    const unsigned char *owner = sqlite3_column_text(st, col + 1);
    int64_t until = sqlite3_column_int64(st, col + 2);
    if (pid <= 0 || owner == NULL || owner[0] == '\0' ||
        (token != NULL && strcmp((const char *)owner, token) == 0) || until <= zc_clock_now())
        return 0;
    return kill(pid, 0) == 0 || errno == EPERM;
}

/* Ends the write transaction begun by the caller: COMMIT when rc is not -1, else ROLLBACK. */
static int finish(struct zc_outbox *ob, int rc, char *errbuf, size_t errlen)
{
    if (rc != -1 && exec(ob->db, "COMMIT", errbuf, errlen) == 0)
        return rc;
    sqlite3_exec(ob->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int zc_outbox_replace(struct zc_outbox *ob, int64_t id, const char *call, const uint8_t *body,
                      size_t len, char *errbuf, size_t errlen)
{
    char key[TOKEN_HEX_LEN + 1], hash[ZC_OUTBOX_HASH_HEX + 1];
    if (token_new(key) != 0) {
        say(errbuf, errlen, _("无法生成幂等键"));
        return -1;
    }
    zc_outbox_hash(body, len, hash);
    if (exec(ob->db, "BEGIN IMMEDIATE", errbuf, errlen) != 0)
        return -1;
    sqlite3_stmt *st = prepare(ob,
                               "SELECT call, state, claim_pid, claim_token, claim_until "
                               "FROM pending WHERE id = ?1",
                               0, NULL, errbuf, errlen);
    if (st == NULL)
        return finish(ob, -1, errbuf, errlen);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
    int rc = sqlite3_step(st), verdict = 1;
    if (rc == SQLITE_DONE) {
        say(errbuf, errlen, _("发件箱里没有第 %lld 条"), (long long)id);
        verdict = 0;
    } else if (rc != SQLITE_ROW) {
        verdict = db_fail(ob->db, errbuf, errlen);
    } else if (strcmp((const char *)sqlite3_column_text(st, 0), call) != 0) {
        say(errbuf, errlen, _("发件箱第 %lld 条是 %s，不是 %s"), (long long)id,
            (const char *)sqlite3_column_text(st, 0), call);
        verdict = 0;
    } else if (state_of(sqlite3_column_text(st, 1)) == ZC_OUTBOX_UNKNOWN) {
        say(errbuf, errlen,
            _("发件箱第 %lld 条已经发出、结果未知，不能修改：先用 zhucun outbox send 发送"),
            (long long)id);
        verdict = 0;
    } else if (claim_holds(st, 2, NULL)) {
        say(errbuf, errlen, _("发件箱第 %lld 条正在由另一个程序发送"), (long long)id);
        verdict = 0;
    }
    sqlite3_finalize(st);
    if (verdict != 1)
        return finish(ob, verdict, errbuf, errlen);
    const char *p[] = {key, hash};
    st = prepare(ob,
                 "UPDATE pending SET key = ?1, body_hash = ?2, body = ?3, state = 'waiting', "
                 "refused_code = 0, refused_message = '', refused_field = '', attempts = 0, "
                 "last_error = '', claim_pid = 0, claim_token = '', claim_until = 0 "
                 "WHERE id = ?4",
                 2, p, errbuf, errlen);
    if (st != NULL) {
        sqlite3_bind_blob(st, 3, len > 0 ? (const void *)body : "", (int)len, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)id);
    }
    return finish(ob, run(ob, st, errbuf, errlen) == 0 ? 1 : -1, errbuf, errlen);
}

int zc_outbox_claim(struct zc_outbox *ob, const char *server, const char *username,
                    int64_t after_id, const char *token, struct zc_outbox_entry *e, char *errbuf,
                    size_t errlen)
{
    const char *p[] = {server, username};
    if (exec(ob->db, "BEGIN IMMEDIATE", errbuf, errlen) != 0)
        return -1;
    sqlite3_stmt *st = prepare(ob,
                               "SELECT " ENTRY_COLUMNS ", claim_pid, claim_token, claim_until "
                               "FROM pending WHERE server = ?1 AND username = ?2 AND id > ?3 "
                               "AND state IN ('waiting', 'unknown') ORDER BY id LIMIT 1",
                               2, p, errbuf, errlen);
    if (st == NULL)
        return finish(ob, -1, errbuf, errlen);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)after_id);
    int rc = sqlite3_step(st), verdict;
    if (rc == SQLITE_DONE)
        verdict = 0;
    else if (rc != SQLITE_ROW)
        verdict = db_fail(ob->db, errbuf, errlen);
    else if (claim_holds(st, ENTRY_NCOLUMNS, token))
        verdict = 2;
    else {
        read_entry(st, e);
        verdict = 1;
    }
    sqlite3_finalize(st);
    if (verdict != 1)
        return finish(ob, verdict, errbuf, errlen);
    const char *q[] = {token};
    st = prepare(ob,
                 "UPDATE pending SET claim_pid = ?2, claim_token = ?1, claim_until = ?3 "
                 "WHERE id = ?4",
                 1, q, errbuf, errlen);
    if (st != NULL) {
        sqlite3_bind_int64(st, 2, (sqlite3_int64)getpid());
        sqlite3_bind_int64(st, 3, (sqlite3_int64)(zc_clock_now() + ZC_OUTBOX_CLAIM_S));
        sqlite3_bind_int64(st, 4, (sqlite3_int64)e->id);
    }
    if (finish(ob, run(ob, st, errbuf, errlen) == 0 ? 1 : -1, errbuf, errlen) != 1) {
        free(e->body);
        e->body = NULL;
        return -1;
    }
    return 1;
}

int zc_outbox_release(struct zc_outbox *ob, int64_t id, const char *token, char *errbuf,
                      size_t errlen)
{
    const char *p[] = {token};
    sqlite3_stmt *st = prepare(ob,
                               "UPDATE pending SET claim_pid = 0, claim_token = '', "
                               "claim_until = 0 WHERE id = ?2 AND claim_token = ?1",
                               1, p, errbuf, errlen);
    if (st != NULL)
        sqlite3_bind_int64(st, 2, (sqlite3_int64)id);
    return run(ob, st, errbuf, errlen);
}
