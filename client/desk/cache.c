/* cache.c -- the desk's offline cache (issue 24): the last reply of each read a page marks
 * as cached (desk_call_cached: a cadre's due list, open items, village households), kept in
 * a SQLite file of the desk's own, $XDG_CACHE_HOME/zhucun/desk-cache.sqlite (0600, directory
 * 0700), filed under the server and the account, with the time it was fetched. Written each
 * time the read succeeds online; read when the server cannot be reached, and the page then
 * says "offline · updated <time>" (docs/desk.md, "Offline").
 *
 * Only the worker thread uses the handle (desk.c opens it at the first cached call). */
#include "desk.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "outbox.h"

struct desk_cache {
    sqlite3 *db;
};

static int fail(sqlite3 *db, const char *what, char *errbuf, size_t errlen)
{
    snprintf(errbuf, errlen, "%s: %s", what, db != NULL ? sqlite3_errmsg(db) : "out of memory");
    return -1;
}

char *desk_cache_default_path(void)
{
    return g_build_filename(g_get_user_cache_dir(), "zhucun", "desk-cache.sqlite", NULL);
}

/* The file is made 0600 before SQLite opens it (its journal takes the same mode). */
static int make_private(const char *path, char *errbuf, size_t errlen)
{
    char *dir = g_path_get_dirname(path);
    int rc = g_mkdir_with_parents(dir, 0700);
    g_free(dir);
    int fd = rc == 0 ? g_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
    if (fd < 0 || fchmod(fd, 0600) != 0) {
        snprintf(errbuf, errlen, "%s: %s", path, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int desk_cache_open(const char *path, struct desk_cache **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    if (make_private(path, errbuf, errlen) != 0)
        return -1;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        fail(db, path, errbuf, errlen);
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, DESK_CACHE_BUSY_MS);
    /* Version 1; a later schema adds a step, never edits this one. */
    static const char schema[] =
        "CREATE TABLE IF NOT EXISTS replies ("
        " server TEXT NOT NULL, username TEXT NOT NULL, call TEXT NOT NULL,"
        " request_hash TEXT NOT NULL, reply BLOB NOT NULL, fetched_at INTEGER NOT NULL,"
        " PRIMARY KEY (server, username, call, request_hash));"
        "PRAGMA user_version = 1;";
    if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) {
        fail(db, path, errbuf, errlen);
        sqlite3_close(db);
        return -1;
    }
    struct desk_cache *c = g_new0(struct desk_cache, 1);
    c->db = db;
    *out = c;
    return 0;
}

void desk_cache_close(struct desk_cache *c)
{
    if (c == NULL)
        return;
    sqlite3_close(c->db);
    g_free(c);
}

static sqlite3_stmt *prepare(struct desk_cache *c, const char *sql, const struct desk_cache_key *k,
                             char *errbuf, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(c->db, "cache", errbuf, errlen);
        return NULL;
    }
    /* The request's hash: the same call with other filters is another entry. */
    char hex[ZC_OUTBOX_HASH_HEX + 1];
    zc_outbox_hash(k->request, k->request_len, hex);
    sqlite3_bind_text(st, 1, k->server, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, k->username, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, k->call, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, hex, -1, SQLITE_TRANSIENT);
    return st;
}

int desk_cache_put(struct desk_cache *c, const struct desk_cache_key *k, const uint8_t *reply,
                   size_t len, int64_t fetched_at, char *errbuf, size_t errlen)
{
    if (len > DESK_CACHE_REPLY_MAX) {
        snprintf(errbuf, errlen, "cache: a reply of %zu bytes is over %d", len,
                 DESK_CACHE_REPLY_MAX);
        return -1;
    }
    sqlite3_stmt *st = prepare(c,
                               "INSERT OR REPLACE INTO replies (server, username, call,"
                               " request_hash, reply, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               k, errbuf, errlen);
    if (st == NULL)
        return -1;
    sqlite3_bind_blob(st, 5, reply, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, fetched_at);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(c->db, "cache", errbuf, errlen);
    /* The account's newest DESK_CACHE_ROWS replies are kept: searches with ever other filters
     * do not grow the file without end. */
    st = prepare(c,
                 "DELETE FROM replies WHERE server = ?1 AND username = ?2 AND rowid NOT IN"
                 " (SELECT rowid FROM replies WHERE server = ?1 AND username = ?2"
                 " ORDER BY fetched_at DESC, rowid DESC LIMIT ?5)",
                 k, errbuf, errlen);
    if (st == NULL)
        return -1;
    sqlite3_bind_int(st, 5, DESK_CACHE_ROWS);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : fail(c->db, "cache", errbuf, errlen);
}

int desk_cache_get(struct desk_cache *c, const struct desk_cache_key *k, uint8_t **reply,
                   size_t *len, int64_t *fetched_at, char *errbuf, size_t errlen)
{
    *reply = NULL;
    *len = 0;
    *fetched_at = 0;
    sqlite3_stmt *st = prepare(c,
                               "SELECT reply, fetched_at FROM replies WHERE server = ?1 AND"
                               " username = ?2 AND call = ?3 AND request_hash = ?4",
                               k, errbuf, errlen);
    if (st == NULL)
        return -1;
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        *len = (size_t)sqlite3_column_bytes(st, 0);
        *reply = g_memdup2(sqlite3_column_blob(st, 0), *len);
        *fetched_at = sqlite3_column_int64(st, 1);
        found = 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(c->db, "cache", errbuf, errlen);
    return found;
}

char *desk_time_text(int64_t t, const char *format)
{
    GTimeZone *tz = g_time_zone_new_identifier("Asia/Shanghai");
    if (tz == NULL)
        tz = g_time_zone_new_offset(8 * 3600);
    GDateTime *utc = g_date_time_new_from_unix_utc(t);
    GDateTime *local = g_date_time_to_timezone(utc, tz);
    char *s = g_date_time_format(local, format);
    g_date_time_unref(local);
    g_date_time_unref(utc);
    g_time_zone_unref(tz);
    return s;
}

/* "离线 · 更新于 2026-12-05 14:30": when the shown reply was fetched. */
char *desk_cache_stamp_text(int64_t fetched_at)
{
    char *when = desk_time_text(fetched_at, "%Y-%m-%d %H:%M");
    char *s = g_strdup_printf(_("Offline · updated %s"), when);
    g_free(when);
    return s;
}

GtkWidget *desk_cache_stamp_new(GtkWidget *after)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_widget_add_css_class(l, "offline-stamp");
    gtk_widget_set_visible(l, FALSE);
    gtk_box_insert_child_after(GTK_BOX(gtk_widget_get_parent(after)), l, after);
    return l;
}

void desk_cache_stamp_set(GtkWidget *stamp, int64_t fetched_at)
{
    if (stamp == NULL)
        return;
    if (fetched_at <= 0) {
        gtk_widget_set_visible(stamp, FALSE);
        gtk_label_set_text(GTK_LABEL(stamp), "");
        return;
    }
    char *s = desk_cache_stamp_text(fetched_at);
    gtk_label_set_text(GTK_LABEL(stamp), s);
    gtk_widget_set_visible(stamp, TRUE);
    g_free(s);
}
