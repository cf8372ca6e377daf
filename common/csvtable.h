/* csvtable.h -- a whole CSV text parsed into rows (RFC 4180, through libcsv), each row with
 * the line it starts on, for imports that validate every row before writing any. */
#ifndef ZHUCUN_CSVTABLE_H
#define ZHUCUN_CSVTABLE_H

#include <stddef.h>

#define CSVTABLE_ETOOMANY (-2)

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
 * most max_rows rows and max_fields fields a row. Returns 0, CSVTABLE_ETOOMANY when there
 * are more than max_rows rows, or -1 (a quote left open, too many fields); on an error err
 * holds a message naming the line. */
int csvtable_parse(const char *text, size_t len, size_t max_rows, size_t max_fields,
                   struct csv_table *out, char *err, size_t errlen);

void csvtable_free(struct csv_table *t);

#endif
