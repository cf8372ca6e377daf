/* xlsx.c -- tables as Excel worksheets through libxlsxwriter, shared by the report commands. */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include "common/xmalloc.h"

#define HEADER_ROW 2 /* the title, an empty row, then the headers */

struct xlsx_sheet {
    lxw_worksheet *ws;
    lxw_format *bold, *pct;
    const struct xlsx_column *columns;
    size_t ncolumns;
    lxw_row_t next;
    struct xlsx_sheet *older; /* the book's sheets, newest first */
};

struct xlsx_book {
    lxw_workbook *wb;
    char *path;
    struct xlsx_sheet *sheets;
};

struct xlsx_book *xlsx_open(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        fprintf(stderr, "zhucun: 无法创建 %s\n", path);
        return NULL;
    }
    struct xlsx_book *b = xcalloc(1, sizeof(*b));
    b->wb = wb;
    b->path = xstrdup(path);
    return b;
}

struct xlsx_sheet *xlsx_sheet(struct xlsx_book *b, const char *name, const char *title,
                              const struct xlsx_column *columns, size_t ncolumns)
{
    struct xlsx_sheet *s = xcalloc(1, sizeof(*s));
    s->ws = workbook_add_worksheet(b->wb, name);
    s->bold = workbook_add_format(b->wb);
    format_set_bold(s->bold);
    s->pct = workbook_add_format(b->wb);
    format_set_num_format(s->pct, "0.0%");
    s->columns = columns;
    s->ncolumns = ncolumns;
    s->older = b->sheets;
    b->sheets = s;
    worksheet_write_string(s->ws, 0, 0, title, s->bold);
    for (size_t c = 0; c < ncolumns; c++)
        worksheet_write_string(s->ws, HEADER_ROW, (lxw_col_t)c, columns[c].header, s->bold);
    /* Neighbouring columns of one width are set together. */
    for (size_t c = 0; c < ncolumns;) {
        size_t last = c;
        while (last + 1 < ncolumns && columns[last + 1].width == columns[c].width)
            last++;
        if (columns[c].width > 0)
            worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)last, columns[c].width, NULL);
        c = last + 1;
    }
    worksheet_freeze_panes(s->ws, HEADER_ROW + 1, 0);
    s->next = HEADER_ROW + 1;
    return s;
}

void xlsx_row(struct xlsx_sheet *s, const struct xlsx_cell *cells, int bold)
{
    lxw_format *f = bold ? s->bold : NULL;
    for (size_t c = 0; c < s->ncolumns; c++) {
        lxw_col_t col = (lxw_col_t)c;
        switch (s->columns[c].kind) {
        case XLSX_TEXT:
            worksheet_write_string(s->ws, s->next, col, cells[c].text ? cells[c].text : "", f);
            break;
        case XLSX_NUMBER:
            worksheet_write_number(s->ws, s->next, col, cells[c].number, f);
            break;
        case XLSX_PERCENT:
            worksheet_write_number(s->ws, s->next, col, cells[c].number, s->pct);
            break;
        }
    }
    s->next++;
}

const char *xlsx_path(const struct xlsx_book *b)
{
    return b->path;
}

int xlsx_close(struct xlsx_book *b)
{
    lxw_error e = workbook_close(b->wb);
    int rc = 0;
    if (e != LXW_NO_ERROR) {
        fprintf(stderr, "zhucun: 写入 %s 失败：%s\n", b->path, lxw_strerror(e));
        rc = 1;
    }
    while (b->sheets != NULL) {
        struct xlsx_sheet *s = b->sheets;
        b->sheets = s->older;
        free(s);
    }
    free(b->path);
    free(b);
    return rc;
}
