/* test_outbox.c -- the client's SQLite outbox (client/lib/outbox.c) on a temporary file: made
 * 0600 in a 0700 directory, WAL, versioned; entries found by (server, user, call, body hash),
 * counted, listed and removed; two handles share it; a newer schema is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "outbox.h"

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
    assert_int_equal(
        zc_outbox_find(ob, e.server, "cadre-a", "VisitCreate", e.body_hash, key, why, sizeof(why)),
        0);
    assert_int_equal(zc_outbox_add(ob, &e, why, sizeof(why)), 1);
    assert_int_equal(zc_outbox_add(ob, &e, why, sizeof(why)), 0); /* already there */
    /* Found by the other handle (another process would do the same) ... */
    assert_int_equal(zc_outbox_find(other, e.server, "cadre-a", "VisitCreate", e.body_hash, key,
                                    why, sizeof(why)),
                     1);
    assert_string_equal(key, key1);
    /* ... but not for another account, call, server or body. */
    assert_int_equal(zc_outbox_find(other, e.server, "cadre-b", "VisitCreate", e.body_hash, key,
                                    why, sizeof(why)),
                     0);
    assert_int_equal(
        zc_outbox_find(other, e.server, "cadre-a", "CheckIn", e.body_hash, key, why, sizeof(why)),
        0);
    assert_int_equal(zc_outbox_find(other, "10.0.0.1:7443", "cadre-a", "VisitCreate", e.body_hash,
                                    key, why, sizeof(why)),
                     0);
    struct zc_outbox_entry e2;
    entry(&e2, key2, "VisitCreate", "body-b", "cadre-a");
    assert_int_equal(zc_outbox_find(other, e.server, "cadre-a", "VisitCreate", e2.body_hash, key,
                                    why, sizeof(why)),
                     0);
    assert_int_equal(zc_outbox_add(other, &e2, why, sizeof(why)), 1);

    assert_int_equal(
        zc_outbox_failed(ob, e.server, "cadre-a", key1, "等待服务器超时", why, sizeof(why)), 0);
    assert_int_equal(
        zc_outbox_failed(ob, e.server, "cadre-a", key1, "服务器关闭了连接", why, sizeof(why)), 0);
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
    zc_outbox_entries_free(v, n);
    assert_int_equal(zc_outbox_list(ob, NULL, "cadre-b", &v, why, sizeof(why)), 0);
    zc_outbox_entries_free(v, 0);

    assert_int_equal(zc_outbox_remove(other, e.server, "cadre-a", key1, why, sizeof(why)), 0);
    assert_int_equal(zc_outbox_remove(other, e.server, "cadre-a", key1, why, sizeof(why)), 0);
    assert_int_equal(
        zc_outbox_find(ob, e.server, "cadre-a", "VisitCreate", e.body_hash, key, why, sizeof(why)),
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_file_made_private_and_versioned),
        cmocka_unit_test(test_find_add_fail_remove),
        cmocka_unit_test(test_newer_schema_refused),
        cmocka_unit_test(test_unwritable_place_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
