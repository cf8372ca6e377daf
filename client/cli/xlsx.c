/* xlsx.c -- tables as Excel worksheets through libxlsxwriter, shared by the report commands. */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Lowest rate first, so the units that lag stand at the left (as the desk's chart,
 * client/desk/chart.c); equal rates by label, so the order does not depend on the reply's. */
static int rate_asc(const void *x, const void *y)
{
    const struct xlsx_point *a = x, *b = y;
    if (a->rate != b->rate)
        return a->rate < b->rate ? -1 : 1;
    return strcmp(a->label ? a->label : "", b->label ? b->label : "");
}

void xlsx_chart(struct xlsx_book *b, const struct xlsx_chart *c, const struct xlsx_point *points,
                size_t n)
{
    int bars = c->kind == XLSX_CHART_BARS;
    if (n > XLSX_CHART_POINTS_MAX)
        n = XLSX_CHART_POINTS_MAX;
    struct xlsx_point *sorted = xcalloc(n ? n : 1, sizeof(*sorted));
    if (n > 0)
        memcpy(sorted, points, n * sizeof(*sorted));
    if (bars)
        qsort(sorted, n, sizeof(*sorted), rate_asc);

    char data[64];
    snprintf(data, sizeof(data), "%s数据", c->name);
    const struct xlsx_column columns[] = {
        {c->label_axis, XLSX_TEXT, 24},
        {c->rate_name, XLSX_PERCENT, 0},
        {c->average_name, XLSX_PERCENT, 0},
    };
    struct xlsx_sheet *ws = xlsx_sheet(b, data, c->title, columns, bars ? 3 : 2);
    for (size_t i = 0; i < n; i++) {
        const struct xlsx_cell cells[] = {
            {sorted[i].label, 0}, {NULL, sorted[i].rate}, {NULL, c->average}};
        xlsx_row(ws, cells, 0);
    }
    free(sorted);
    if (n == 0) {
        worksheet_write_string(ws->ws, HEADER_ROW + 1, 0, "（无数据，未作图）", NULL);
        return;
    }

    lxw_row_t first = HEADER_ROW + 1, last = (lxw_row_t)(HEADER_ROW + n);
    lxw_chart *chart = workbook_add_chart(b->wb, bars ? LXW_CHART_COLUMN : LXW_CHART_LINE);
    chart_title_set_name(chart, c->title);
    chart_axis_set_name(chart->x_axis, c->label_axis);
    chart_axis_set_name(chart->y_axis, c->rate_name);
    chart_axis_set_num_format(chart->y_axis, "0%");
    chart_axis_set_min(chart->y_axis, 0); /* the top is Excel's: a rate may pass 100% */
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);

    lxw_chart_series *rate = chart_add_series(chart, NULL, NULL);
    chart_series_set_name(rate, c->rate_name);
    chart_series_set_categories(rate, data, first, 0, last, 0);
    chart_series_set_values(rate, data, first, 1, last, 1);
    if (!bars)
        chart_series_set_marker_type(rate, LXW_CHART_MARKER_CIRCLE);
    if (bars) {
        /* The average as a line over the bars. Debian 12's libxlsxwriter (1.1.4) has no
         * chart_combine, so the average is a second series of the same columns, drawn
         * invisible and overlapping the rates, whose straight trendline is the line. */
        lxw_chart_series *avg = chart_add_series(chart, NULL, NULL);
        chart_series_set_name(avg, c->average_name);
        chart_series_set_categories(avg, data, first, 0, last, 0);
        chart_series_set_values(avg, data, first, 2, last, 2);
        lxw_chart_fill none = {.none = LXW_TRUE};
        lxw_chart_line no_border = {.none = LXW_TRUE};
        chart_series_set_fill(avg, &none);
        chart_series_set_line(avg, &no_border);
        chart_series_set_trendline(avg, LXW_CHART_TRENDLINE_TYPE_LINEAR, 0);
        chart_series_set_trendline_name(avg, c->average_name);
        lxw_chart_line red = {.color = LXW_COLOR_RED, .width = 2.25};
        chart_series_set_trendline_line(avg, &red);
        chart_set_series_overlap(chart, 100);
        int16_t hidden[] = {1, -1};
        chart_legend_delete_series(chart, hidden);
    }
    lxw_chartsheet *cs = workbook_add_chartsheet(b->wb, c->name);
    chartsheet_set_chart(cs, chart);
    chartsheet_activate(cs);
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
