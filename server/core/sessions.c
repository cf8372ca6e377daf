/* sessions.c -- the process's cache of checked sessions (sessions.h). */
#include "server/core/sessions.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <stdio.h>
#include <uv.h>

#include "common/arena.h"
#include "common/log.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "server/core/dispatch.h"

#define STRIPES 64u /* locks, each for the slots whose index is the same modulo STRIPES */

struct entry {
    uint8_t hash[32];
    struct session s; /* strings and grants owned by the entry */
    int64_t auth_version;
    double idle_s;
    double last_used;   /* the last time this process served it */
    double stored_seen; /* what last_seen in the database is known to be at least */
};

static struct entry *slots[SESSIONS_SLOTS];
static uv_mutex_t locks[STRIPES];
static uv_once_t once = UV_ONCE_INIT;

static void init(void)
{
    for (unsigned i = 0; i < STRIPES; i++)
        uv_mutex_init(&locks[i]);
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned slot_of(const uint8_t hash[32])
{
    return ((unsigned)hash[0] | (unsigned)hash[1] << 8) & (SESSIONS_SLOTS - 1);
}

static uv_mutex_t *lock_of(unsigned slot)
{
    return &locks[slot % STRIPES];
}

static void entry_free(struct entry *e)
{
    if (e == NULL)
        return;
    free((char *)e->s.username);
    free((char *)e->s.display_name);
    for (size_t i = 0; i < e->s.ngrants; i++) {
        free((char *)e->s.grants[i].role);
        free((char *)e->s.grants[i].scope_code);
        free((char *)e->s.grants[i].scope_name);
    }
    free(e->s.grants);
    free(e);
}

/* The longest a use may go unstored: zc_session_check's own rule. */
static double touch_every(double idle_s)
{
    return idle_s / 4 < 15 ? idle_s / 4 : 15;
}

int sessions_get(const uint8_t hash[32], struct arena *arena, struct session *out,
                 struct session_proof *proof)
{
    uv_once(&once, init);
    unsigned slot = slot_of(hash);
    double now = wall_now();
    int hit = 0;
    uv_mutex_lock(lock_of(slot));
    struct entry *e = slots[slot];
    if (e != NULL && memcmp(e->hash, hash, 32) == 0 && now < (double)e->s.expires_at &&
        now < e->last_used + e->idle_s) {
        struct session *s = out;
        *s = e->s;
        s->username = arena_strdup(arena, e->s.username);
        s->display_name = arena_strdup(arena, e->s.display_name);
        s->grants = e->s.ngrants > 0 ? arena_alloc(arena, e->s.ngrants * sizeof(*s->grants)) : NULL;
        hit = s->username != NULL && s->display_name != NULL &&
              (e->s.ngrants == 0 || s->grants != NULL);
        for (size_t i = 0; hit && i < e->s.ngrants; i++) {
            s->grants[i] = e->s.grants[i];
            s->grants[i].role = arena_strdup(arena, e->s.grants[i].role);
            s->grants[i].scope_code = arena_strdup(arena, e->s.grants[i].scope_code);
            s->grants[i].scope_name = arena_strdup(arena, e->s.grants[i].scope_name);
            hit = s->grants[i].role != NULL && s->grants[i].scope_code != NULL &&
                  s->grants[i].scope_name != NULL;
        }
        if (hit) {
            proof->auth_version = e->auth_version;
            proof->last_used = e->last_used;
            e->last_used = now;
        }
    }
    uv_mutex_unlock(lock_of(slot));
    return hit;
}

static char *dup_or_empty(const char *s)
{
    return xstrdup(s != NULL ? s : "");
}

void sessions_put(const uint8_t hash[32], const struct session *s, int64_t auth_version,
                  double idle_timeout_s)
{
    uv_once(&once, init);
    struct entry *e = xcalloc(1, sizeof(*e));
    memcpy(e->hash, hash, 32);
    e->s = *s;
    e->s.username = dup_or_empty(s->username);
    e->s.display_name = dup_or_empty(s->display_name);
    e->s.grants = s->ngrants > 0 ? xcalloc(s->ngrants, sizeof(*e->s.grants)) : NULL;
    for (size_t i = 0; i < s->ngrants; i++) {
        e->s.grants[i] = s->grants[i];
        e->s.grants[i].role = dup_or_empty(s->grants[i].role);
        e->s.grants[i].scope_code = dup_or_empty(s->grants[i].scope_code);
        e->s.grants[i].scope_name = dup_or_empty(s->grants[i].scope_name);
    }
    e->auth_version = auth_version;
    e->idle_s = idle_timeout_s;
    /* zc_session_check stored last_seen unless it was fresher than touch_every. */
    e->last_used = e->stored_seen = wall_now();
    unsigned slot = slot_of(hash);
    uv_mutex_lock(lock_of(slot));
    struct entry *old = slots[slot];
    slots[slot] = e;
    uv_mutex_unlock(lock_of(slot));
    entry_free(old);
}

void sessions_forget(const uint8_t hash[32])
{
    uv_once(&once, init);
    unsigned slot = slot_of(hash);
    struct entry *old = NULL;
    uv_mutex_lock(lock_of(slot));
    if (slots[slot] != NULL && memcmp(slots[slot]->hash, hash, 32) == 0) {
        old = slots[slot];
        slots[slot] = NULL;
    }
    uv_mutex_unlock(lock_of(slot));
    entry_free(old);
}

size_t sessions_take_touches(uint8_t (*hashes)[32], double *used, size_t max)
{
    uv_once(&once, init);
    size_t n = 0;
    for (unsigned stripe = 0; stripe < STRIPES && n < max; stripe++) {
        uv_mutex_lock(&locks[stripe]);
        for (unsigned i = stripe; i < SESSIONS_SLOTS && n < max; i += STRIPES) {
            struct entry *e = slots[i];
            if (e == NULL || e->last_used - e->stored_seen < touch_every(e->idle_s))
                continue;
            memcpy(hashes[n], e->hash, 32);
            used[n] = e->last_used;
            e->stored_seen = e->last_used;
            n++;
        }
        uv_mutex_unlock(&locks[stripe]);
    }
    return n;
}

#define TOUCH_BATCH    512
#define TOUCH_EVERY_MS 250

int sessions_write_touches(struct pg_conn *pg)
{
    static uint64_t last_ms;
    uint64_t now_ms = uv_hrtime() / 1000000u;
    if (now_ms - last_ms < TOUCH_EVERY_MS)
        return 0;
    last_ms = now_ms;
    static uint8_t hashes[TOUCH_BATCH][32];
    static double used[TOUCH_BATCH];
    /* "{hex,hex,...}" and "{t,t,...}" */
    static char hex_list[TOUCH_BATCH * 66 + 3], used_list[TOUCH_BATCH * 24 + 3];
    int total = 0;
    size_t n;
    while ((n = sessions_take_touches(hashes, used, TOUCH_BATCH)) > 0) {
        size_t hp = 0, up = 0;
        hex_list[hp++] = '{';
        used_list[up++] = '{';
        for (size_t i = 0; i < n; i++) {
            if (i > 0) {
                hex_list[hp++] = ',';
                used_list[up++] = ',';
            }
            token_to_hex(hashes[i], 32, hex_list + hp);
            hp += 64;
            up += (size_t)snprintf(used_list + up, sizeof(used_list) - up, "%.6f", used[i]);
        }
        hex_list[hp++] = '}';
        hex_list[hp] = '\0';
        used_list[up++] = '}';
        used_list[up] = '\0';
        const char *values[2] = {hex_list, used_list};
        PGresult *res = PQexecParams(pg, "SELECT zc_sessions_touch($1::text[], $2::float8[])", 2,
                                     NULL, values, NULL, NULL, 0);
        int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
        if (ok)
            total += atoi(PQgetvalue(res, 0, 0));
        else {
            char quoted[512];
            log_warn("sessions.touch", "sessions=%zu error=%s", n,
                     log_quote(quoted, sizeof(quoted), PQerrorMessage(pg)));
        }
        PQclear(res);
        if (!ok)
            return -1;
        if (n < TOUCH_BATCH)
            break;
    }
    return total;
}
