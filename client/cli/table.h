/* table.h -- one table shape for every list of the CLI (training, notices): text with aligned
 * Chinese (cli_print_row), --json the reply, or --xlsx FILE a workbook (xlsx.h, libxlsxwriter). */
#ifndef ZHUCUN_CLI_TABLE_H
#define ZHUCUN_CLI_TABLE_H

#include <stddef.h>

#include "cli.h"

#define MAX_COLUMNS  9
#define CELL_NUMBERS 24

struct column {
    const char *head; /* N_() */
    int width;        /* terminal cells; < 0: a number, right-aligned */
};

/* The cells of row i of a reply, as text (numbers formatted into num). */
typedef void (*row_fn)(const Zhucun__Reply *reply, size_t i, const char **cells,
                       char num[][CELL_NUMBERS]);

struct table {
    const char *title; /* N_(), printf'd with the reply's subject */
    const char *sheet;
    const struct column *columns;
    int ncolumns;
    row_fn row;
    const char *empty; /* N_() */
};

/* Sends body and shows its reply as table t (--json: the reply; --xlsx FILE: a workbook);
 * count reads the rows and whether the list was cut; t->title is printf'd with subject. */
int table_call(struct cli *cli, const ProtobufCMessage *body, const struct table *t,
               size_t (*count)(const Zhucun__Reply *, int *truncated), const char *subject);

/* v as text in out. */
const char *table_num(char out[CELL_NUMBERS], long long v);

#endif
