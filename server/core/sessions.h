/* sessions.h -- the sessions this server process has checked, shared by its workers, so that
 * an authenticated call makes one database round trip (issue 17; docs/sessions.md).
 *
 * An entry holds what zc_session_check returned for a token hash (user, grants, limits) and
 * the user's auth_version read with it. A hit is never taken on trust: the request's first
 * query carries the token hash, that version and when the session was last served here to
 * the statement that sets its caller, in the same pipeline, which refuses a revoked, expired, idle
 * or disabled session (ZC016) or a changed user or grant (ZC017) before the query runs. So the
 * cache is never stale for longer than it takes that query to come back, and needs no invalidation
 * messages.
 *
 * Uses are written back behind: sessions_take_touches hands the sessions served since their
 * last_seen was last stored, at most once per min(15 s, idle timeout / 4), for one batched
 * zc_sessions_touch (the events thread runs it every 250 ms). */
#ifndef ZHUCUN_SESSIONS_H
#define ZHUCUN_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct session;

/* Slots in the cache (direct-mapped by the token hash, which is uniformly random): a session
 * whose slot another took is checked afresh. */
#define SESSIONS_SLOTS (1u << 16)

/* What a hit gives beyond the session itself, for its proof (db.h). */
struct session_proof {
    int64_t auth_version;
    double last_used; /* epoch seconds this process last served it (before this use) */
};

/* 1 and the session copied into arena (strings and grants too) on a hit that is neither past
 * its absolute end nor its idle timeout by this process's uses; 0 otherwise. A hit counts as
 * a use now. */
int sessions_get(const uint8_t hash[32], struct arena *arena, struct session *out,
                 struct session_proof *proof);

/* Stores what a fresh check returned (s from zc_session_check's rows), replacing whatever held
 * the slot. idle_timeout_s is the session's idle timeout. */
void sessions_put(const uint8_t hash[32], const struct session *s, int64_t auth_version,
                  double idle_timeout_s);

/* Drops the token's entry (its check failed). */
void sessions_forget(const uint8_t hash[32]);

/* Up to max sessions used since their last_seen was stored, for zc_sessions_touch: each
 * one's token hash into hashes[i] and its last use (epoch seconds) into used[i]. Returns how
 * many. The entries count as stored from now on. */
size_t sessions_take_touches(uint8_t (*hashes)[32], double *used, size_t max);

/* Stores the uses sessions_take_touches hands over, in batches of one zc_sessions_touch each,
 * on pg (a connection of the events thread's, blocking). At most every 250 ms; returns how
 * many sessions were touched, -1 when the database refused (the uses are dropped: last_seen
 * lags, and the next use is stored). */
struct pg_conn;
int sessions_write_touches(struct pg_conn *pg);

#endif
