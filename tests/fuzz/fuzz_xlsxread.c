/* fuzz_xlsxread.c -- libFuzzer target: xlsxread_parse (common/xlsxread.c), the .xlsx reader of
 * the historical project import, and the import's whole-file check (common/projimport.c) on
 * what it reads. The input is the workbook's bytes; the seeds (tests/fuzz/corpus/fuzz_xlsxread)
 * are small workbooks: shared and inline strings, numbers and dates, a header and a project.
 * What must hold: an error leaves no rows and a message; a table keeps the limits (rows,
 * fields, a cell's bytes), its rows are in increasing line order, every field is a string. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/projimport.h"
#include "common/xlsxread.h"

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *arg, int line, const char *column, const char *message)
{
    (void)arg, (void)line, (void)column;
    check(message != NULL && message[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_table t;
    char err[256];
    int rc = xlsxread_parse(data, size, 64, PROJECT_IMPORT_COLUMNS, &t, err, sizeof(err));
    if (rc != 0) {
        check(t.nrows == 0 && t.rows == NULL);
        check(err[0] != '\0');
        return 0;
    }
    check(t.nrows <= 64);
    for (size_t i = 0; i < t.nrows; i++) {
        const struct csv_row *r = &t.rows[i];
        check(r->nfields >= 1 && r->nfields <= PROJECT_IMPORT_COLUMNS);
        check(i == 0 || r->line > t.rows[i - 1].line);
        for (size_t k = 0; k < r->nfields; k++)
            check(r->fields[k] != NULL && strlen(r->fields[k]) <= XLSX_CELL_MAX);
    }
    struct projimport pi;
    size_t problems = projimport_check(&t, 20790 /* 2026-12-03 */, &pi, ignore, NULL);
    check(problems > 0 || pi.nrows + 1 == t.nrows);
    projimport_free(&pi);
    csvtable_free(&t);
    return 0;
}
