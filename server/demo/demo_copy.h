/* demo_copy.h -- streaming rows into a table with COPY ... FROM STDIN (text format) on a
 * blocking libpq connection, for the demo generator's bulk loads.
 *
 * Usage: demo_copy_begin, then for each row the field calls in column order and
 * demo_copy_row, then demo_copy_end. The field calls never fail: the first error (the server
 * refusing data) is kept, later calls do nothing, and demo_copy_end reports it. */
#ifndef ZHUCUN_DEMO_COPY_H
#define ZHUCUN_DEMO_COPY_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

struct demo_copy {
    PGconn *pg;
    char table[64];
    char *buf; /* pending rows, sent in chunks of about DEMO_COPY_CHUNK bytes */
    size_t len, cap;
    long rows;  /* rows completed by demo_copy_row */
    int fields; /* fields in the current row so far */
    int failed;
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

/* Drops table's foreign keys before a bulk COPY: checked row by row, they would double the
 * load at province scale. Returns the statements that make them again, as the catalog
 * defined them (column 1; one join each when run after the COPY, in the same transaction),
 * or NULL after printing why. The caller runs them and PQclears the result. */
PGresult *demo_copy_drop_keys(PGconn *pg, const char *table);
/* The same, and the table's secondary indexes (those no constraint uses), built once after the
 * load: the statements list the indexes first. */
PGresult *demo_copy_drop_keys_and_indexes(PGconn *pg, const char *table);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int32_t demo_days(int year, int month, int day);
/* The first day of the month `months` months from day's (-1: the month before). */
int32_t demo_month_first(int32_t day, int months);

#endif
