/* csvtable.c -- CSV into rows with line numbers, fed to libcsv one physical line at a time. */
#include "common/csvtable.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "common/xmalloc.h"

struct ctx {
    struct csv_table *t;
    size_t cap;
    size_t max_rows, max_fields;
    int line;     /* the physical line being fed */
    int row_line; /* where the current row started; 0 before its first field */
    size_t nfields;
    size_t fcap;
    char **fields;
    int overflow; /* 1 too many rows, 2 too many fields, 3 a field too long */
};

static void on_field(void *data, size_t len, void *arg)
{
    struct ctx *c = arg;
    if (c->overflow)
        return;
    if (c->row_line == 0)
        c->row_line = c->line;
    if (c->nfields >= c->max_fields) {
        c->overflow = 2;
        return;
    }
    if (len > CSVTABLE_FIELD_MAX) {
        c->overflow = 3;
        return;
    }
    if (c->nfields == c->fcap) {
        c->fcap = c->fcap ? 2 * c->fcap : 8;
        c->fields = xrealloc(c->fields, c->fcap * sizeof(char *));
    }
    c->fields[c->nfields++] = xstrndup(data ? data : "", data ? len : 0);
}

static void on_row(int term, void *arg)
{
    struct ctx *c = arg;
    (void)term;
    if (c->overflow) {
        for (size_t i = 0; i < c->nfields; i++)
            free(c->fields[i]);
        c->nfields = 0;
        return;
    }
    if (c->t->nrows >= c->max_rows) {
        c->overflow = 1;
        for (size_t i = 0; i < c->nfields; i++)
            free(c->fields[i]);
        c->nfields = 0;
        return;
    }
    if (c->t->nrows == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->t->rows = xrealloc(c->t->rows, c->cap * sizeof(struct csv_row));
    }
    struct csv_row *r = &c->t->rows[c->t->nrows++];
    r->line = c->row_line ? c->row_line : c->line;
    r->nfields = c->nfields;
    r->fields = xmalloc((c->nfields + 1) * sizeof(char *));
    memcpy(r->fields, c->fields, c->nfields * sizeof(char *));
    r->fields[c->nfields] = NULL;
    c->nfields = 0;
    c->row_line = 0;
}

int csvtable_parse(const char *text, size_t len, size_t max_rows, size_t max_fields,
                   struct csv_table *out, char *err, size_t errlen)
{
    struct csv_parser p;
    struct ctx c = {0};
    memset(out, 0, sizeof(*out));
    c.t = out;
    c.max_rows = max_rows;
    c.max_fields = max_fields;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        snprintf(err, errlen, "could not start the CSV parser");
        return -1;
    }
    csv_set_blk_size(&p, CSVTABLE_BLOCK);
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    size_t off = 0;
    int rc = 0;
    while (off < len && !c.overflow) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (text + off)) + 1 : len - off;
        c.line++;
        if (n - (nl != NULL) > CSVTABLE_LINE_MAX) {
            snprintf(err, errlen, "第 %d 行：行过长（最多 %d 字节）", c.line, CSVTABLE_LINE_MAX);
            rc = -1;
            break;
        }
        if (csv_parse(&p, text + off, n, on_field, on_row, &c) != n) {
            snprintf(err, errlen, "第 %d 行：CSV 格式错误（%s）", c.line,
                     csv_strerror(csv_error(&p)));
            rc = -1;
            break;
        }
        off += n;
        /* A row whose first field spans lines has reported no field yet: it started on
         * this line if the parser is now inside a row (pstate 0 is libcsv's "row not
         * begun"). */
        if (c.row_line == 0 && p.pstate != 0)
            c.row_line = c.line;
        /* A field still open (a quote not closed) is refused once it outgrows the limit,
         * not at the end of the file: libcsv would hold it all. */
        if (p.entry_pos > CSVTABLE_FIELD_MAX) {
            c.overflow = 3;
            break;
        }
    }
    if (rc == 0 && !c.overflow && csv_fini(&p, on_field, on_row, &c) != 0) {
        snprintf(err, errlen, "第 %d 行：CSV 格式错误（引号未闭合）",
                 c.row_line ? c.row_line : c.line);
        rc = -1;
    }
    if (rc == 0 && c.overflow == 1) {
        snprintf(err, errlen, "行数过多（最多 %zu 行）", max_rows);
        rc = CSVTABLE_ETOOMANY;
    } else if (rc == 0 && c.overflow == 2) {
        snprintf(err, errlen, "第 %d 行：列数过多（最多 %zu 列）", c.row_line, max_fields);
        rc = -1;
    } else if (rc == 0 && c.overflow == 3) {
        snprintf(err, errlen, "第 %d 行：字段过长（最多 %d 字节；引号可能未闭合）",
                 c.row_line ? c.row_line : c.line, CSVTABLE_FIELD_MAX);
        rc = -1;
    }
    for (size_t i = 0; i < c.nfields; i++)
        free(c.fields[i]);
    free(c.fields);
    csv_free(&p);
    if (rc != 0)
        csvtable_free(out);
    return rc;
}

void csvtable_free(struct csv_table *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t k = 0; k < t->rows[i].nfields; k++)
            free(t->rows[i].fields[k]);
        free(t->rows[i].fields);
    }
    free(t->rows);
    t->rows = NULL;
    t->nrows = 0;
}
