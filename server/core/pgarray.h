/* pgarray.h -- PostgreSQL array literals ({a,"b c",NULL}) both ways: built for passing many
 * values as one text parameter (imports send one array per column), and read from a result
 * column, where a statement returns a list as an array rather than as a packed string. */
#ifndef ZHUCUN_PGARRAY_H
#define ZHUCUN_PGARRAY_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>
#include <protobuf-c/protobuf-c.h>

struct request;

struct pgarray {
    char *buf;
    size_t len, cap;
};

void pgarray_init(struct pgarray *a);
/* A text element, quoted and escaped. */
void pgarray_add_text(struct pgarray *a, const char *s);
/* An element written as is (numbers); NULL for SQL NULL. */
void pgarray_add_raw(struct pgarray *a, const char *s);
/* Closes the literal, copies it into the request's arena (NULL when that is exhausted) and
 * frees the buffer. */
const char *pgarray_finish(struct pgarray *a, struct request *r);

/* The n byte strings of v (evidence: files' SHA-256) as a text[] literal of lower-case hex,
 * which a statement decodes ('{ab12…,…}'); in the request's arena, or NULL after failing the
 * request (RESOURCE_EXHAUSTED). */
const char *pgarray_hex(struct request *r, size_t n, const ProtobufCBinaryData *v);
/* The n ids as a bigint[] literal ('{12,15}'); in the request's arena, or NULL after failing
 * the request (RESOURCE_EXHAUSTED). */
const char *pgarray_ids(struct request *r, size_t n, const int64_t *ids);

/* The elements of an array read from text: v[0..n-1] point into buf, NULL for an SQL NULL.
 * Zero it to start; one struct may read many arrays in turn (a loop over rows keeps one
 * buffer), and pgarray_values_free frees it. */
struct pgarray_values {
    char *buf;
    size_t cap;
    char **v;
    size_t n, vcap;
};

/* Reads a one-dimensional array as PostgreSQL writes it in text ({1,2}, {a,"b c",NULL}, with
 * a [lo:hi]= prefix when its lower bound is not 1); "" (a NULL column) reads as no elements.
 * 0, or -1 when text is not such an array (out then holds no elements). */
int pgarray_read(const char *text, struct pgarray_values *out);
void pgarray_values_free(struct pgarray_values *a);
void pgarray_values_free_n(struct pgarray_values *a, size_t n);

/* Reads the arrays in columns col, col + 1, ... of row `row` into a[0..n-1]: the parts of one
 * list that a statement returns side by side (array_agg over the same rows in one query, so
 * element i of each belongs together). 0 when they are arrays of one length; -1 after ending
 * the request (INTERNAL, logged) when not. */
int pgarray_columns(struct request *r, const PGresult *res, int row, int col,
                    struct pgarray_values *a, size_t n);

/* The array in column col of row `row`, its strings copied into the request's arena: n
 * strings (NULL for an SQL NULL). NULL after ending the request: INTERNAL when the column is
 * not an array, RESOURCE_EXHAUSTED when the arena is. */
char **pgarray_column(struct request *r, const PGresult *res, int row, int col, size_t *n);

#endif
