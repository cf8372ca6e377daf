/* fuzz_csvtable.c -- libFuzzer target: csvtable_parse (common/csvtable.c), the CSV reader of
 * every import, and the row checks of the org import (server/org/handlers.c check_row: the
 * code, name, level and location rules of common/rules/org.c).
 *
 * The input's first byte sets the limits: when its top bit is set, the org import's (50001
 * rows, 5 fields); else 1 to 16 rows (low four bits) and 1 to 8 fields a row (next three).
 * The rest is the CSV text. What must hold:
 * - an error leaves no rows and a message; a table keeps the limits (rows, fields, field
 *   length), its rows start on lines in file order, and each row's fields end with NULL;
 * - the table, written back as CSV with every field quoted, reads back as the same rows. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csvtable.h"
#include "common/rules/account.h"
#include "common/rules/org.h"

#define ORG_IMPORT_ROWS   50001 /* server/org/handlers.c: IMPORT_MAX_ROWS + 1 */
#define ORG_IMPORT_FIELDS 5

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The pure part of the org import's check_row, on one row of 3 or 5 fields. */
static void org_row(const struct csv_row *row)
{
    if (row->nfields != 3 && row->nfields != 5)
        return;
    const char *code = row->fields[0];
    char parent[ORG_CODE_LEN + 1];
    (void)rules_code_level(code);
    int plevel = rules_code_parent(code, parent);
    if (plevel >= 0)
        check(strlen(parent) == ORG_CODE_LEN && rules_code_level(parent) == plevel);
    (void)rules_org_name_problem(row->fields[1]);
    (void)rules_level_parse(row->fields[2]);
    if (row->nfields == 5) {
        char *e1, *e2;
        double lat = strtod(row->fields[3], &e1);
        double lon = strtod(row->fields[4], &e2);
        if (*e1 == '\0' && *e2 == '\0')
            (void)rules_location_problem(lat, lon);
    }
}

/* Appends the table as CSV, every field quoted, one row a line; returns the longest line. */
static size_t write_csv(const struct csv_table *t, char **out, size_t *len)
{
    size_t cap = 64, n = 0, longest = 0, line_start = 0;
    char *s = malloc(cap);
    check(s != NULL);
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t k = 0; k < t->rows[i].nfields; k++) {
            const char *f = t->rows[i].fields[k];
            size_t flen = strlen(f);
            if (n + 2 * flen + 4 > cap) {
                while (n + 2 * flen + 4 > cap)
                    cap *= 2;
                s = realloc(s, cap);
                check(s != NULL);
            }
            if (k > 0)
                s[n++] = ',';
            s[n++] = '"';
            for (size_t j = 0; j < flen; j++) {
                if (f[j] == '"')
                    s[n++] = '"';
                s[n++] = f[j];
                if (f[j] == '\n') {
                    longest = n - line_start > longest ? n - line_start : longest;
                    line_start = n;
                }
            }
            s[n++] = '"';
        }
        if (n + 1 > cap) {
            cap *= 2;
            s = realloc(s, cap);
            check(s != NULL);
        }
        s[n++] = '\n';
        longest = n - line_start > longest ? n - line_start : longest;
        line_start = n;
    }
    *out = s;
    *len = n;
    return longest;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t max_rows = (data[0] & 0x0f) + 1, max_fields = (data[0] >> 4 & 7) + 1;
    if (data[0] & 0x80) {
        max_rows = ORG_IMPORT_ROWS;
        max_fields = ORG_IMPORT_FIELDS;
    }
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    struct csv_table t;
    char err[256] = "";
    int rc = csvtable_parse(text, len, max_rows, max_fields, &t, err, sizeof(err));
    if (rc != 0) {
        check(rc == -1 || rc == CSVTABLE_ETOOMANY);
        check(t.nrows == 0 && t.rows == NULL);
        check(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL);
        return 0;
    }
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    int last = 1;
    for (size_t i = 0; i < t.nrows; i++) {
        const struct csv_row *row = &t.rows[i];
        check(row->line >= last && (size_t)row->line <= lines);
        last = row->line;
        check(row->nfields >= 1 && row->nfields <= max_fields);
        check(row->fields[row->nfields] == NULL);
        for (size_t k = 0; k < row->nfields; k++)
            check(strlen(row->fields[k]) <= CSVTABLE_FIELD_MAX);
        org_row(row);
    }
    check(t.nrows <= max_rows);

    char *again;
    size_t alen;
    size_t longest = write_csv(&t, &again, &alen);
    if (longest <= CSVTABLE_LINE_MAX) {
        struct csv_table u;
        check(csvtable_parse(again, alen, max_rows, max_fields, &u, err, sizeof(err)) == 0);
        check(u.nrows == t.nrows);
        for (size_t i = 0; i < t.nrows; i++) {
            check(u.rows[i].nfields == t.rows[i].nfields);
            for (size_t k = 0; k < t.rows[i].nfields; k++)
                check(strcmp(u.rows[i].fields[k], t.rows[i].fields[k]) == 0);
        }
        csvtable_free(&u);
    }
    free(again);
    csvtable_free(&t);
    return 0;
}
