/* outbox.h -- the client's local outbox: one SQLite file per person (the CLI and the desk
 * share it) holding keyed writes with their idempotency keys: those whose outcome is not known
 * yet, so that sending the same write again replays it instead of writing it twice, and
 * (schema 2) those made while the server could not be reached, waiting to be sent, and those
 * the server refused when they were sent from the outbox, waiting to be corrected.
 *
 * An entry is made before a keyed write is first sent and removed once an answer came (any
 * status, when the write was made directly; OK, when it was sent from the outbox); what stays
 * is a write in one of the states below. The file is opened in WAL mode with
 * a busy timeout, so several processes (and threads, each with its own handle) may use it at
 * once. The schema is versioned with PRAGMA user_version (docs/client-lib.md, "The outbox").
 *
 * Every function returns 0 (or the count it names) on success and -1 with errbuf filled on a
 * failure of the file; an outbox handle is used by one thread at a time. */
#ifndef ZHUCUN_ZC_OUTBOX_H
#define ZHUCUN_ZC_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "common/token.h"

struct zc_outbox;

/* The schema version this library writes (PRAGMA user_version). */
#define ZC_OUTBOX_SCHEMA 2

/* An entry's state (schema 2; every entry of a version-1 file is UNKNOWN). */
enum zc_outbox_state {
    ZC_OUTBOX_UNKNOWN, /* "unknown": sent (perhaps), no answer came: it may have been applied */
    ZC_OUTBOX_WAITING, /* "waiting": made while the server could not be reached; never sent */
    ZC_OUTBOX_REFUSED, /* "refused": sent from the outbox and refused; code, message, field */
    ZC_OUTBOX_STATES
};

/* The state's name as the file and the CLI's JSON spell it ("unknown", ...). */
const char *zc_outbox_state_name(enum zc_outbox_state state);

/* How long a sender's claim on an entry (zc_outbox_claim) holds against another sender whose
 * process is alive, in seconds: longer than a keyed call can take with its retries. A claim of
 * a process that is gone is void at once. */
#define ZC_OUTBOX_CLAIM_S 600

/* Lower-case hex SHA-256 of a request body: what tells two writes apart. */
#define ZC_OUTBOX_HASH_HEX 64

/* One pending keyed write. */
struct zc_outbox_entry {
    int64_t id;                  /* the row's number: the order entries were made in */
    char key[TOKEN_HEX_LEN + 1]; /* the idempotency key sent with it */
    char call[64];               /* the Request body's message name: "VisitCreate" */
    uint8_t *body;               /* the body, packed protobuf (owned by the entry) */
    size_t body_len;
    char body_hash[ZC_OUTBOX_HASH_HEX + 1]; /* zc_outbox_hash of body */
    char server[256];                       /* "host:port" it was sent to */
    char username[260];   /* the account that sent it (64 characters of UTF-8 at most) */
    int64_t created_at;   /* Unix seconds */
    int attempts;         /* sends that got no answer so far */
    char last_error[512]; /* why the last send got no answer ("" none yet) */
    enum zc_outbox_state state;
    /* A REFUSED entry's refusal, as the server gave it (else 0 and ""): the status code
     * (Zhucun__Code), the message and the field path of the reply's first field error
     * ("problems[0].deadline"; "" when it named none). */
    int refused_code;
    char refused_message[512];
    char refused_field[128];
};

/* $XDG_STATE_HOME/zhucun/outbox.sqlite, else ~/.local/state/zhucun/outbox.sqlite: a fresh
 * string, or NULL when neither variable is set. */
char *zc_outbox_default_path(void);

/* Opens (creating it, its directory 0700 and the file 0600 when missing) the outbox at path
 * and brings its schema up to ZC_OUTBOX_SCHEMA. A file of a newer schema is refused. */
int zc_outbox_open(const char *path, struct zc_outbox **out, char *errbuf, size_t errlen);

/* Closes it; NULL is accepted. */
void zc_outbox_close(struct zc_outbox *ob);

/* hex gets the lower-case hex SHA-256 of the len bytes of body. */
void zc_outbox_hash(const uint8_t *body, size_t len, char hex[ZC_OUTBOX_HASH_HEX + 1]);

/* The key of the oldest entry of (server, username) for call with this body hash that is not
 * REFUSED: 1 with key filled (and *state, when state is not NULL), 0 when there is none. */
int zc_outbox_find(struct zc_outbox *ob, const char *server, const char *username, const char *call,
                   const char *body_hash, char key[TOKEN_HEX_LEN + 1], enum zc_outbox_state *state,
                   char *errbuf, size_t errlen);

/* Records e (its id, created_at, attempts and last_error are ignored: the row starts with
 * none sent, made now): returns 1. An entry of the same (server, username, key) is left as it
 * is: returns 0. */
int zc_outbox_add(struct zc_outbox *ob, const struct zc_outbox_entry *e, char *errbuf,
                  size_t errlen);

/* Notes a try of the entry (server, username, key) that got no answer, with why. sent: the
 * request went out (counted in attempts; a WAITING entry is then UNKNOWN); 0: the server could
 * not be reached (why is kept, attempts unchanged: nothing was sent). */
int zc_outbox_failed(struct zc_outbox *ob, const char *server, const char *username,
                     const char *key, int sent, const char *why, char *errbuf, size_t errlen);

/* Sets the state of the entry (server, username, key): WAITING or UNKNOWN (the refusal is
 * cleared), or REFUSED with code, message and field (NULL: ""). No entry is no error. */
int zc_outbox_mark(struct zc_outbox *ob, const char *server, const char *username, const char *key,
                   enum zc_outbox_state state, int code, const char *message, const char *field,
                   char *errbuf, size_t errlen);

/* Removes the entry (server, username, key): its outcome is known. No entry is no error. */
int zc_outbox_remove(struct zc_outbox *ob, const char *server, const char *username,
                     const char *key, char *errbuf, size_t errlen);

/* The entries, oldest first; only those of server and of username when they are not NULL.
 * Returns how many, with *out (free with zc_outbox_entries_free), or -1. */
int zc_outbox_list(struct zc_outbox *ob, const char *server, const char *username,
                   struct zc_outbox_entry **out, char *errbuf, size_t errlen);

void zc_outbox_entries_free(struct zc_outbox_entry *entries, int n);

/* n[state] gets how many entries are in each state; only those of server and of username when
 * they are not NULL (a "waiting to send: N" display). 0, or -1. */
int zc_outbox_count(struct zc_outbox *ob, const char *server, const char *username,
                    int n[ZC_OUTBOX_STATES], char *errbuf, size_t errlen);

/* Removes the entry numbered id, whatever its state (an UNKNOWN one's key is then forgotten:
 * making the write again may apply it twice). 1 removed, 0 no such entry, -1. */
int zc_outbox_drop(struct zc_outbox *ob, int64_t id, char *errbuf, size_t errlen);

/* Replaces the body of the entry numbered id, which must be of call and REFUSED or WAITING
 * and not claimed by another sender that is alive: a fresh key, the body's hash, state
 * WAITING, no refusal, no attempts. The body is taken as it is: check it first (zc_correct in
 * zc_calls.h does). 1 replaced, 0 with errbuf saying why not (no such entry, another call, an
 * UNKNOWN entry, one being sent), -1. */
int zc_outbox_replace(struct zc_outbox *ob, int64_t id, const char *call, const uint8_t *body,
                      size_t len, char *errbuf, size_t errlen);

/* Sending from the outbox, one entry at a time, in order, by one sender at a time: claims the
 * first entry of (server, username) numbered above after_id that is WAITING or UNKNOWN, for
 * the sender token (a claim lasts ZC_OUTBOX_CLAIM_S and dies with its process). 1 with *e
 * filled (the caller frees e->body), 0 when none is left,
 * 2 when that entry is claimed by another sender that is alive (it is sending them: leave the
 * rest to it), -1. */
int zc_outbox_claim(struct zc_outbox *ob, const char *server, const char *username,
                    int64_t after_id, const char *token, struct zc_outbox_entry *e, char *errbuf,
                    size_t errlen);

/* Gives up the sender token's claim on the entry numbered id (it stays, unsent). */
int zc_outbox_release(struct zc_outbox *ob, int64_t id, const char *token, char *errbuf,
                      size_t errlen);

#endif
