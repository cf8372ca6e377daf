/* test_outbox.c -- the client's SQLite outbox (client/lib/outbox.c) on a temporary file: made
 * 0600 in a 0700 directory, WAL, versioned; entries found by (server, user, call, body hash),
 * counted, listed and removed; two handles share it; a newer schema is refused. Schema 2
 * (issue 24): a version-1 file is brought up with its entries UNKNOWN; states, refusals,
 * counts by state, dropping, correcting (WAITING and REFUSED only), and the senders' claims. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "outbox.h"
#include "zc_calls.h"

static char dir[256], path[512];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "%s/zc-outbox-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(dir));
    /* A directory that does not exist yet: the outbox makes it. */
    snprintf(path, sizeof(path), "%s/state/zhucun/outbox.sqlite", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static struct zc_outbox *open_ok(void)
{
    struct zc_outbox *ob = NULL;
    char why[512] = "";
    if (zc_outbox_open(path, &ob, why, sizeof(why)) != 0)
        fail_msg("zc_outbox_open: %s", why);
    return ob;
}

static void entry(struct zc_outbox_entry *e, const char *key, const char *call, const char *body,
                  const char *user)
{
    memset(e, 0, sizeof(*e));
    snprintf(e->key, sizeof(e->key), "%s", key);
    snprintf(e->call, sizeof(e->call), "%s", call);
    e->body = (uint8_t *)body;
    e->body_len = strlen(body);
    zc_outbox_hash(e->body, e->body_len, e->body_hash);
    snprintf(e->server, sizeof(e->server), "127.0.0.1:7443");
    snprintf(e->username, sizeof(e->username), "%s", user);
}

static const char key1[] = "1111111111111111111111111111111111111111111111111111111111111111";
static const char key2[] = "2222222222222222222222222222222222222222222222222222222222222222";

static void test_hash(void **state)
{
    (void)state;
    char hex[ZC_OUTBOX_HASH_HEX + 1];
    zc_outbox_hash((const uint8_t *)"abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_default_path(void **state)
{
    (void)state;
    char *old_xdg = getenv("XDG_STATE_HOME") ? strdup(getenv("XDG_STATE_HOME")) : NULL;
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("XDG_STATE_HOME", "/x/state", 1);
    char *p = zc_outbox_default_path();
    assert_string_equal(p, "/x/state/zhucun/outbox.sqlite");
    free(p);
    unsetenv("XDG_STATE_HOME");
    setenv("HOME", "/home/u", 1);
    p = zc_outbox_default_path();
    assert_string_equal(p, "/home/u/.local/state/zhucun/outbox.sqlite");
    free(p);
    if (old_xdg != NULL)
        setenv("XDG_STATE_HOME", old_xdg, 1);
    if (old_home != NULL)
        setenv("HOME", old_home, 1);
    free(old_xdg);
    free(old_home);
}

static void test_file_made_private_and_versioned(void **state)
{
    (void)state;
    struct zc_outbox *ob = open_ok();
    zc_outbox_close(ob);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char parent[512];
    snprintf(parent, sizeof(parent), "%s/state/zhucun", dir);
    assert_int_equal(stat(parent, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), ZC_OUTBOX_SCHEMA);
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
    /* Opening it again changes nothing. */
    zc_outbox_close(open_ok());
}

static void test_find_add_fail_remove(void **state)
{
    (void)state;
    struct zc_outbox *ob = open_ok(), *other = open_ok();
    char why[512], key[65];
    struct zc_outbox_entry e;
    entry(&e, key1, "VisitCreate", "body-a", "cadre-a");
    assert_int_equal(zc_outbox_find(ob, e.server, "cadre-a", "VisitCreate", e.body_hash, key, NULL,
                                    why, sizeof(why)),
                     0);
    assert_int_equal(zc_outbox_add(ob, &e, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_add(ob, &e, why, sizeof(why)), 0); /* already there */
    /* Found by the other handle (another process would do the same) ... */
    assert_int_equal(zc_outbox_find(other, e.server, "cadre-a", "VisitCreate", e.body_hash, key,
                                    NULL, why, sizeof(why)),
                     1);
    assert_string_equal(key, key1);
    /* ... but not for another account, call, server or body. */
    assert_int_equal(zc_outbox_find(other, e.server, "cadre-b", "VisitCreate", e.body_hash, key,
                                    NULL, why, sizeof(why)),
                     0);
    assert_int_equal(zc_outbox_find(other, e.server, "cadre-a", "CheckIn", e.body_hash, key, NULL,
                                    why, sizeof(why)),
                     0);
    assert_int_equal(zc_outbox_find(other, "10.0.0.1:7443", "cadre-a", "VisitCreate", e.body_hash,
                                    key, NULL, why, sizeof(why)),
                     0);
    struct zc_outbox_entry e2;
    entry(&e2, key2, "VisitCreate", "body-b", "cadre-a");
    assert_int_equal(zc_outbox_find(other, e.server, "cadre-a", "VisitCreate", e2.body_hash, key,
                                    NULL, why, sizeof(why)),
                     0);
    assert_int_equal(zc_outbox_add(other, &e2, why, sizeof(why)), 1);

    assert_int_equal(
        zc_outbox_failed(ob, e.server, "cadre-a", key1, 1, "等待服务器超时", why, sizeof(why)), 0);
    assert_int_equal(
        zc_outbox_failed(ob, e.server, "cadre-a", key1, 1, "服务器关闭了连接", why, sizeof(why)),
        0);
    /* a try that never reached the server is no send: the reason is kept, not counted */
    assert_int_equal(
        zc_outbox_failed(ob, e.server, "cadre-a", key2, 0, "无法连接服务器", why, sizeof(why)), 0);
    struct zc_outbox_entry *v;
    int n = zc_outbox_list(ob, NULL, NULL, &v, why, sizeof(why));
    assert_int_equal(n, 2);
    assert_string_equal(v[0].key, key1); /* oldest first */
    assert_string_equal(v[0].call, "VisitCreate");
    assert_int_equal(v[0].body_len, 6);
    assert_memory_equal(v[0].body, "body-a", 6);
    assert_string_equal(v[0].body_hash, e.body_hash);
    assert_string_equal(v[0].username, "cadre-a");
    assert_string_equal(v[0].server, "127.0.0.1:7443");
    assert_int_equal(v[0].attempts, 2);
    assert_string_equal(v[0].last_error, "服务器关闭了连接");
    assert_true(v[0].created_at > 0);
    assert_string_equal(v[1].key, key2);
    assert_int_equal(v[1].attempts, 0);
    assert_string_equal(v[1].last_error, "无法连接服务器");
    zc_outbox_entries_free(v, n);
    assert_int_equal(zc_outbox_list(ob, NULL, "cadre-b", &v, why, sizeof(why)), 0);
    zc_outbox_entries_free(v, 0);

    assert_int_equal(zc_outbox_remove(other, e.server, "cadre-a", key1, why, sizeof(why)), 0);
    assert_int_equal(zc_outbox_remove(other, e.server, "cadre-a", key1, why, sizeof(why)), 0);
    assert_int_equal(zc_outbox_find(ob, e.server, "cadre-a", "VisitCreate", e.body_hash, key, NULL,
                                    why, sizeof(why)),
                     0);
    n = zc_outbox_list(ob, e.server, "cadre-a", &v, why, sizeof(why));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].key, key2);
    zc_outbox_entries_free(v, n);
    assert_int_equal(zc_outbox_remove(ob, e.server, "cadre-a", key2, why, sizeof(why)), 0);
    zc_outbox_close(ob);
    zc_outbox_close(other);
}

static void test_newer_schema_refused(void **state)
{
    (void)state;
    zc_outbox_close(open_ok());
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct zc_outbox *ob = NULL;
    char why[512] = "";
    assert_int_equal(zc_outbox_open(path, &ob, why, sizeof(why)), -1);
    assert_null(ob);
    assert_non_null(strstr(why, "99"));
    assert_int_equal(unlink(path), 0);
}

static void test_unwritable_place_refused(void **state)
{
    (void)state;
    struct zc_outbox *ob = NULL;
    char why[512] = "";
    assert_int_equal(zc_outbox_open("/proc/no/such/outbox.sqlite", &ob, why, sizeof(why)), -1);
    assert_null(ob);
    assert_non_null(strstr(why, "/proc/no/such/outbox.sqlite"));
}

/* A file of schema 1, as the library before issue 24 made it, with one entry. */
static void make_v1_file(void)
{
    char parent[512];
    snprintf(parent, sizeof(parent), "%s/state", dir);
    mkdir(parent, 0700);
    snprintf(parent, sizeof(parent), "%s/state/zhucun", dir);
    mkdir(parent, 0700);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "CREATE TABLE pending (id INTEGER PRIMARY KEY, key TEXT NOT NULL, call TEXT "
                     "NOT NULL, body BLOB NOT NULL, body_hash TEXT NOT NULL, server TEXT NOT NULL, "
                     "username TEXT NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT "
                     "NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', UNIQUE (server, "
                     "username, key));"
                     "CREATE INDEX pending_body ON pending (server, username, call, body_hash);"
                     "INSERT INTO pending (key, call, body, body_hash, server, username, "
                     "created_at, attempts, last_error) VALUES ('k1', 'CheckIn', x'0a01', 'h', "
                     "'127.0.0.1:7443', 'cadre-a', 1700000000, 3, '等待服务器超时');"
                     "PRAGMA user_version = 1;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

static void test_v1_file_upgraded(void **state)
{
    (void)state;
    make_v1_file();
    struct zc_outbox *ob = open_ok();
    char why[512];
    struct zc_outbox_entry *v;
    int n = zc_outbox_list(ob, NULL, NULL, &v, why, sizeof(why));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].key, "k1");
    assert_int_equal(v[0].attempts, 3);
    assert_int_equal(v[0].state, ZC_OUTBOX_UNKNOWN); /* what a version-1 entry is */
    assert_int_equal(v[0].refused_code, 0);
    assert_string_equal(v[0].refused_message, "");
    zc_outbox_entries_free(v, n);
    zc_outbox_close(ob);
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 2);
    sqlite3_finalize(s);
    /* The state is checked by the file itself. */
    assert_int_not_equal(sqlite3_exec(db, "UPDATE pending SET state = 'lost'", NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(unlink(path), 0);
}

static void test_states_counts_drop(void **state)
{
    (void)state;
    struct zc_outbox *ob = open_ok();
    char why[512], key[65];
    struct zc_outbox_entry a, b, c;
    entry(&a, key1, "VisitCreate", "visit", "cadre-a");
    entry(&b, key2, "CheckIn", "check-in", "cadre-a");
    entry(&c, "3333333333333333333333333333333333333333333333333333333333333333", "CheckIn",
          "other", "cadre-b");
    assert_int_equal(zc_outbox_add(ob, &a, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_add(ob, &b, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_add(ob, &c, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_mark(ob, a.server, "cadre-a", key1, ZC_OUTBOX_WAITING, 9, "x", "y",
                                    why, sizeof(why)),
                     0);
    /* A try that did not reach the server leaves it WAITING; one that went out, UNKNOWN. */
    assert_int_equal(
        zc_outbox_failed(ob, a.server, "cadre-a", key1, 0, "无法连接服务器", why, sizeof(why)), 0);
    enum zc_outbox_state st = ZC_OUTBOX_REFUSED;
    assert_int_equal(zc_outbox_find(ob, a.server, "cadre-a", "VisitCreate", a.body_hash, key, &st,
                                    why, sizeof(why)),
                     1);
    assert_int_equal(st, ZC_OUTBOX_WAITING);
    assert_int_equal(zc_outbox_mark(ob, b.server, "cadre-a", key2, ZC_OUTBOX_REFUSED, 3,
                                    "签到时间不能晚于现在", "client_time", why, sizeof(why)),
                     0);
    /* A refused entry is no longer the key of a write made again. */
    assert_int_equal(zc_outbox_find(ob, b.server, "cadre-a", "CheckIn", b.body_hash, key, NULL, why,
                                    sizeof(why)),
                     0);
    int n[ZC_OUTBOX_STATES];
    assert_int_equal(zc_outbox_count(ob, a.server, "cadre-a", n, why, sizeof(why)), 0);
    assert_int_equal(n[ZC_OUTBOX_WAITING], 1);
    assert_int_equal(n[ZC_OUTBOX_REFUSED], 1);
    assert_int_equal(n[ZC_OUTBOX_UNKNOWN], 0);
    assert_int_equal(zc_outbox_count(ob, NULL, NULL, n, why, sizeof(why)), 0);
    assert_int_equal(n[ZC_OUTBOX_UNKNOWN], 1); /* cadre-b's */
    struct zc_outbox_entry *v;
    int m = zc_outbox_list(ob, NULL, "cadre-a", &v, why, sizeof(why));
    assert_int_equal(m, 2);
    assert_int_equal(v[0].state, ZC_OUTBOX_WAITING);
    assert_string_equal(v[0].refused_message, ""); /* only a refusal keeps one */
    assert_int_equal(v[0].refused_code, 0);
    assert_int_equal(v[1].state, ZC_OUTBOX_REFUSED);
    assert_int_equal(v[1].refused_code, 3);
    assert_string_equal(v[1].refused_message, "签到时间不能晚于现在");
    assert_string_equal(v[1].refused_field, "client_time");
    assert_string_equal(zc_outbox_state_name(v[1].state), "refused");
    int64_t first = v[0].id;
    zc_outbox_entries_free(v, m);
    assert_int_equal(
        zc_outbox_failed(ob, a.server, "cadre-a", key1, 1, "等待服务器超时", why, sizeof(why)), 0);
    assert_int_equal(zc_outbox_count(ob, a.server, "cadre-a", n, why, sizeof(why)), 0);
    assert_int_equal(n[ZC_OUTBOX_UNKNOWN], 1);
    assert_int_equal(n[ZC_OUTBOX_WAITING], 0);
    assert_int_equal(zc_outbox_drop(ob, first, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_drop(ob, first, why, sizeof(why)), 0);
    assert_int_equal(zc_outbox_count(ob, NULL, NULL, n, why, sizeof(why)), 0);
    assert_int_equal(n[ZC_OUTBOX_UNKNOWN] + n[ZC_OUTBOX_WAITING] + n[ZC_OUTBOX_REFUSED], 2);
    zc_outbox_close(ob);
    assert_int_equal(unlink(path), 0);
}

static void test_replace(void **state)
{
    (void)state;
    struct zc_outbox *ob = open_ok();
    char why[512];
    struct zc_outbox_entry a, b;
    entry(&a, key1, "CheckIn", "late", "cadre-a");
    entry(&b, key2, "CheckIn", "sent", "cadre-a");
    assert_int_equal(zc_outbox_add(ob, &a, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_add(ob, &b, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_mark(ob, a.server, "cadre-a", key1, ZC_OUTBOX_REFUSED, 3, "不对",
                                    "lat", why, sizeof(why)),
                     0);
    struct zc_outbox_entry *v;
    int n = zc_outbox_list(ob, NULL, NULL, &v, why, sizeof(why));
    assert_int_equal(n, 2);
    int64_t refused = v[0].id, unknown = v[1].id;
    zc_outbox_entries_free(v, n);
    const uint8_t fixed[] = "fixed";
    /* Not another call's body; not an entry that may have been applied; not one not there. */
    assert_int_equal(zc_outbox_replace(ob, refused, "VisitCreate", fixed, 5, why, sizeof(why)), 0);
    assert_non_null(strstr(why, "CheckIn"));
    assert_int_equal(zc_outbox_replace(ob, unknown, "CheckIn", fixed, 5, why, sizeof(why)), 0);
    assert_non_null(strstr(why, "结果未知"));
    assert_int_equal(zc_outbox_replace(ob, 999, "CheckIn", fixed, 5, why, sizeof(why)), 0);
    assert_non_null(strstr(why, "999"));
    assert_int_equal(zc_outbox_replace(ob, refused, "CheckIn", fixed, 5, why, sizeof(why)), 1);
    n = zc_outbox_list(ob, NULL, NULL, &v, why, sizeof(why));
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, refused); /* its place in the order is kept */
    assert_int_equal(v[0].state, ZC_OUTBOX_WAITING);
    assert_string_not_equal(v[0].key, key1); /* a new write: a new key */
    assert_int_equal(strlen(v[0].key), 64);
    assert_memory_equal(v[0].body, "fixed", 5);
    char hash[ZC_OUTBOX_HASH_HEX + 1];
    zc_outbox_hash(fixed, 5, hash);
    assert_string_equal(v[0].body_hash, hash);
    assert_string_equal(v[0].refused_message, "");
    assert_string_equal(v[0].refused_field, "");
    zc_outbox_entries_free(v, n);
    zc_outbox_close(ob);
    assert_int_equal(unlink(path), 0);
}

/* Sets the claim of entry id to pid, as a sender of that process would hold it, running out
 * in s seconds (negative: run out already). */
static void claim_as(int64_t id, long pid, int s)
{
    sqlite3 *db;
    char sql[200];
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    snprintf(sql, sizeof(sql),
             "UPDATE pending SET claim_pid = %ld, claim_token = 'someone', claim_until = "
             "strftime('%%s', 'now') + %d WHERE id = %lld",
             pid, s, (long long)id);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_claims(void **state)
{
    (void)state;
    struct zc_outbox *ob = open_ok(), *other = open_ok();
    char why[512];
    struct zc_outbox_entry a, b, c, got;
    entry(&a, key1, "CheckIn", "one", "cadre-a");
    entry(&b, key2, "CheckIn", "two", "cadre-a");
    entry(&c, "3333333333333333333333333333333333333333333333333333333333333333", "CheckIn",
          "three", "cadre-a");
    assert_int_equal(zc_outbox_add(ob, &a, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_add(ob, &b, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_add(ob, &c, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_mark(ob, a.server, "cadre-a", key2, ZC_OUTBOX_REFUSED, 3, "不对", "",
                                    why, sizeof(why)),
                     0);
    /* The first sender takes the first entry; the second finds it taken and stops. */
    assert_int_equal(
        zc_outbox_claim(ob, a.server, "cadre-a", 0, "sender-1", &got, why, sizeof(why)), 1);
    assert_string_equal(got.key, key1);
    int64_t first = got.id;
    free(got.body);
    assert_int_equal(
        zc_outbox_claim(other, a.server, "cadre-a", 0, "sender-2", &got, why, sizeof(why)), 2);
    /* The first goes on past the refused entry to the third, and then finds none. */
    assert_int_equal(
        zc_outbox_claim(ob, a.server, "cadre-a", first, "sender-1", &got, why, sizeof(why)), 1);
    assert_string_equal(got.key, c.key);
    assert_memory_equal(got.body, "three", 5);
    int64_t third = got.id;
    free(got.body);
    assert_int_equal(
        zc_outbox_claim(ob, a.server, "cadre-a", third, "sender-1", &got, why, sizeof(why)), 0);
    /* A claimed WAITING entry cannot be corrected under its sender. */
    assert_int_equal(zc_outbox_mark(ob, a.server, "cadre-a", c.key, ZC_OUTBOX_WAITING, 0, NULL,
                                    NULL, why, sizeof(why)),
                     0);
    assert_int_equal(
        zc_outbox_claim(ob, a.server, "cadre-a", first, "sender-1", &got, why, sizeof(why)), 1);
    free(got.body);
    assert_int_equal(
        zc_outbox_replace(other, third, "CheckIn", (const uint8_t *)"x", 1, why, sizeof(why)), 0);
    assert_non_null(strstr(why, "另一个程序"));
    /* Released, the second sender may take it. */
    assert_int_equal(zc_outbox_release(ob, first, "sender-1", why, sizeof(why)), 0);
    assert_int_equal(
        zc_outbox_claim(other, a.server, "cadre-a", 0, "sender-2", &got, why, sizeof(why)), 1);
    assert_int_equal(got.id, first);
    free(got.body);
    /* A claim of a process that is gone holds nothing; one of a living process does. */
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    assert_true(child > 0);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    claim_as(first, (long)child, ZC_OUTBOX_CLAIM_S);
    assert_int_equal(
        zc_outbox_claim(ob, a.server, "cadre-a", 0, "sender-1", &got, why, sizeof(why)), 1);
    assert_int_equal(got.id, first);
    free(got.body);
    claim_as(first, (long)getppid(), ZC_OUTBOX_CLAIM_S);
    assert_int_equal(
        zc_outbox_claim(ob, a.server, "cadre-a", 0, "sender-1", &got, why, sizeof(why)), 2);
    /* ... until it runs out. */
    claim_as(first, (long)getppid(), -1);
    assert_int_equal(
        zc_outbox_claim(ob, a.server, "cadre-a", 0, "sender-1", &got, why, sizeof(why)), 1);
    free(got.body);
    zc_outbox_close(ob);
    zc_outbox_close(other);
    assert_int_equal(unlink(path), 0);
}

/* Every call that works offline is keyed (a write waiting for hours is applied once). */
static void test_offline_calls_keyed(void **state)
{
    (void)state;
    const int offline[] = {
        ZHUCUN__REQUEST__BODY_VISIT_CREATE,  ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE,
        ZHUCUN__REQUEST__BODY_CHECK_IN,      ZHUCUN__REQUEST__BODY_INCOME_RECORD,
        ZHUCUN__REQUEST__BODY_LEAVE_REQUEST, ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE};
    for (size_t i = 0; i < sizeof(offline) / sizeof(*offline); i++) {
        assert_true(zc_call_is_keyed(offline[i]));
        assert_true(zc_call_works_offline(offline[i]));
    }
    assert_false(zc_call_works_offline(ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE)); /* an office's */
    assert_false(zc_call_works_offline(ZHUCUN__REQUEST__BODY_VISITS_DUE));       /* a read */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_file_made_private_and_versioned),
        cmocka_unit_test(test_find_add_fail_remove),
        cmocka_unit_test(test_newer_schema_refused),
        cmocka_unit_test(test_unwritable_place_refused),
        cmocka_unit_test(test_v1_file_upgraded),
        cmocka_unit_test(test_states_counts_drop),
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_offline_calls_keyed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
