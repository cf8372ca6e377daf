/* csvtable.h -- a whole CSV text parsed into rows (RFC 4180, through libcsv), each row with
 * the line it starts on, for imports that validate every row before writing any. */
#ifndef ZHUCUN_CSVTABLE_H
#define ZHUCUN_CSVTABLE_H

#include <stddef.h>

#define CSVTABLE_ETOOMANY (-2)

/* The limits of every CSV text read here (docs/household-import.md), so that a hostile file
 * (a quote left open over megabytes) is refused at the line where it goes wrong, with memory
 * and time bounded by these numbers rather than by the file:
 *  - a physical line (up to its newline) of at most CSVTABLE_LINE_MAX bytes;
 *  - a field (quoted fields may span lines) of at most CSVTABLE_FIELD_MAX bytes;
 *  - libcsv grows its field buffer CSVTABLE_BLOCK bytes at a time (its default is 128). */
#define CSVTABLE_LINE_MAX  16384
#define CSVTABLE_FIELD_MAX 4096
#define CSVTABLE_BLOCK     8192

struct csv_row {
    int line; /* 1-based line the row starts on */
    size_t nfields;
    char **fields; /* NUL-terminated */
};

struct csv_table {
    size_t nrows;
    struct csv_row *rows;
};

/* Parses text (len bytes; a UTF-8 byte-order mark is skipped). Blank lines are skipped. At
 * most max_rows rows and max_fields fields a row, lines and fields within the limits above.
 * Returns 0, CSVTABLE_ETOOMANY when there are more than max_rows rows, or -1 (a quote left
 * open, too many fields, a line or a field too long); on an error err holds a message naming
 * the line. */
int csvtable_parse(const char *text, size_t len, size_t max_rows, size_t max_fields,
                   struct csv_table *out, char *err, size_t errlen);

void csvtable_free(struct csv_table *t);

#endif
