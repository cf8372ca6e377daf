/* demo_copy.h -- streaming rows into a table with COPY ... FROM STDIN (text format) on a
 * blocking libpq connection, for the demo generator's bulk loads.
 *
 * Usage: demo_copy_begin, then for each row the field calls in column order and
 * demo_copy_row, then demo_copy_end. The field calls never fail: the first error (the server
 * refusing data) is kept, later calls do nothing, and demo_copy_end reports it. */
#ifndef ZHUCUN_DEMO_COPY_H
#define ZHUCUN_DEMO_COPY_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* A chunk of rows on its way to the server. */
struct demo_chunk {
    char *buf;
    size_t len, cap;
};

/* Chunks handed to the sender and not yet sent, at most: the generator runs this far ahead. */
#define DEMO_COPY_DEPTH 4

struct demo_copy {
    PGconn *pg;
    char table[64];
    char *buf; /* pending rows, sent in chunks of about DEMO_COPY_CHUNK bytes */
    size_t len, cap;
    long rows;  /* rows completed by demo_copy_row */
    int fields; /* fields in the current row so far */
    int failed; /* the generator's view: set from the sender's at each hand-over */
    /* The sender: a thread of its own that puts the chunks to the server, so that making
     * rows (this thread) and taking them (the server) run at the same time on two cores
     * instead of by turns. The connection is the sender's from begin to end. */
    pthread_t sender;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct demo_chunk queue[DEMO_COPY_DEPTH];     /* handed over, in order (a ring) */
    struct demo_chunk spare[DEMO_COPY_DEPTH + 1]; /* sent, for reuse */
    int head, queued, nspare;
    int closing;     /* the generator has handed over its last chunk */
    int send_failed; /* the sender's; under mu */
};

#define DEMO_COPY_CHUNK (256 * 1024)

/* Sends "COPY table (columns) FROM STDIN". Returns 0, or -1 after printing the server's
 * message (c then needs no demo_copy_end). */
int demo_copy_begin(struct demo_copy *c, PGconn *pg, const char *table, const char *columns);

/* A text field, escaped for the text format (\\, \t, \n, \r); NULL is written as \N. */
void demo_copy_text(struct demo_copy *c, const char *s);
void demo_copy_null(struct demo_copy *c);
void demo_copy_int(struct demo_copy *c, int64_t v);
/* An id, or NULL when v is 0 (for optional references). */
void demo_copy_ref(struct demo_copy *c, int64_t v);
void demo_copy_bool(struct demo_copy *c, int v);
/* With 6 decimals (about 0.1 m for coordinates). */
void demo_copy_double(struct demo_copy *c, double v);
/* A text[] of n elements (each quoted as an array element). */
void demo_copy_text_array(struct demo_copy *c, const char *const *v, size_t n);
/* A date given as days since 1970-01-01, as YYYY-MM-DD; NULL when days is 0. */
void demo_copy_date(struct demo_copy *c, int32_t days);
/* A sealed value's ciphertext and hash (household/seal.h; rc is what seal_id_number or
 * seal_phone returned), then frees it. A value that could not be sealed (OpenSSL out of memory
 * or random bytes) ends the demo (exit 1): the row would have nothing to store. */
struct seal;
void demo_copy_seal(struct demo_copy *c, int rc, struct seal *s);
/* Ends the current row. */
void demo_copy_row(struct demo_copy *c);

/* Sends the rest, ends the COPY and checks its result. Returns 0, or -1 after printing the
 * server's message. Frees c's buffer either way. */
int demo_copy_end(struct demo_copy *c);

/* Before bulk COPYs into tables (a NULL-terminated list), in pg_restore's order: drops their
 * foreign keys and those that point at them, their primary and unique keys and their other
 * indexes. Kept row by row, they would cost several times what one sort per index and one join
 * per foreign key cost after the COPYs. Returns what demo_copy_restore_keys needs to make them
 * again as the catalog defined them (the caller PQclears it), or NULL after printing why. */
PGresult *demo_copy_drop_keys(PGconn *pg, const char *const *tables);

/* Makes again what demo_copy_drop_keys dropped: the keys and indexes first, then the foreign
 * keys, which need them. Returns 0, or -1 after printing why. */
int demo_copy_restore_keys(PGconn *pg, const PGresult *keys);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int32_t demo_days(int year, int month, int day);
/* The first day of the month `months` months from day's (-1: the month before). */
int32_t demo_month_first(int32_t day, int months);

#endif
