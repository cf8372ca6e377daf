/* outbox.h -- the client's local outbox: one SQLite file per person (the CLI and the desk
 * share it) holding the keyed writes whose outcome is not known yet, with their idempotency
 * keys, so that sending the same write again replays it instead of writing it twice.
 *
 * An entry is made before a keyed write is first sent and removed once an answer came (any
 * status); what stays is a write whose answer never came. The file is opened in WAL mode with
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
#define ZC_OUTBOX_SCHEMA 1

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

/* The key of the oldest entry of (server, username) for call with this body hash: 1 with key
 * filled, 0 when there is none. */
int zc_outbox_find(struct zc_outbox *ob, const char *server, const char *username, const char *call,
                   const char *body_hash, char key[TOKEN_HEX_LEN + 1], char *errbuf, size_t errlen);

/* Records e (its id, created_at, attempts and last_error are ignored: the row starts with
 * none sent, made now): returns 1. An entry of the same (server, username, key) is left as it
 * is: returns 0. */
int zc_outbox_add(struct zc_outbox *ob, const struct zc_outbox_entry *e, char *errbuf,
                  size_t errlen);

/* Counts a send of the entry (server, username, key) that got no answer, with why. */
int zc_outbox_failed(struct zc_outbox *ob, const char *server, const char *username,
                     const char *key, const char *why, char *errbuf, size_t errlen);

/* Removes the entry (server, username, key): its outcome is known. No entry is no error. */
int zc_outbox_remove(struct zc_outbox *ob, const char *server, const char *username,
                     const char *key, char *errbuf, size_t errlen);

/* The entries, oldest first; only those of server and of username when they are not NULL.
 * Returns how many, with *out (free with zc_outbox_entries_free), or -1. */
int zc_outbox_list(struct zc_outbox *ob, const char *server, const char *username,
                   struct zc_outbox_entry **out, char *errbuf, size_t errlen);

void zc_outbox_entries_free(struct zc_outbox_entry *entries, int n);

#endif
