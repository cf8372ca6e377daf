/* xlsx.h -- tables as Excel worksheets (libxlsxwriter) for the report commands: a bold title,
 * bold headers on the third row, frozen above the data, then rows of text, numbers and
 * percentages; a row may be bold (a total line).
 *
 * Usage: xlsx_open, then per sheet xlsx_sheet and xlsx_row for each row, then xlsx_close,
 * which writes the file. Nothing is written when xlsx_open fails. */
#ifndef ZHUCUN_CLI_XLSX_H
#define ZHUCUN_CLI_XLSX_H

#include <stddef.h>

enum xlsx_kind {
    XLSX_TEXT,    /* cell.text */
    XLSX_NUMBER,  /* cell.number */
    XLSX_PERCENT, /* cell.number as a share (0.5 = 50.0%), never bold */
};

struct xlsx_column {
    const char *header;
    enum xlsx_kind kind;
    double width; /* characters; 0 keeps Excel's default */
};

struct xlsx_cell {
    const char *text; /* XLSX_TEXT; NULL is "" */
    double number;    /* XLSX_NUMBER, XLSX_PERCENT */
};

struct xlsx_book;
struct xlsx_sheet;

/* A new workbook to be written at path; NULL (after printing why) when it cannot be made. */
struct xlsx_book *xlsx_open(const char *path);

/* Adds a sheet named name with title in its first cell and columns' headers on the third row.
 * The sheet belongs to the book. */
struct xlsx_sheet *xlsx_sheet(struct xlsx_book *b, const char *name, const char *title,
                              const struct xlsx_column *columns, size_t ncolumns);

/* Appends a row: one cell per column, in the sheet's column order; bold for a total line. */
void xlsx_row(struct xlsx_sheet *s, const struct xlsx_cell *cells, int bold);

/* ---- Charts (docs/cli.md, "Charts in the workbooks") ----
 * One chart sheet per call, drawn by Excel from a data sheet the call writes beside it (named
 * after the chart with "数据" appended: label, rate and, for bars, the average), so that the
 * chart's ranges are cells a reader can check. */

enum xlsx_chart_kind {
    XLSX_CHART_BARS,  /* a rate per child unit: columns sorted lowest first, the average a line */
    XLSX_CHART_TREND, /* a rate per period, in the order given, as a line */
};

#define XLSX_CHART_POINTS_MAX 5000 /* points one chart draws at most (REPORT_HOUSEHOLDS_MAX) */

struct xlsx_chart {
    enum xlsx_chart_kind kind;
    const char *name;         /* the chart sheet's name; its data sheet is name + "数据" */
    const char *title;        /* the chart's title (Chinese) */
    const char *label_axis;   /* the category axis: 单位, 月份 ... */
    const char *rate_name;    /* the rate series and value axis: 完成率, 达标率 ... */
    const char *average_name; /* XLSX_CHART_BARS: the average line's name: 全县平均 ... */
    double average;           /* XLSX_CHART_BARS: a share, as the rates */
};

struct xlsx_point {
    const char *label;
    double rate; /* a share: 0.5 is 50% */
};

/* Adds chart c over points (n of them; only the first XLSX_CHART_POINTS_MAX are drawn); no
 * chart sheet when n is 0 (the data sheet says so). Call it after the report's own sheets. */
void xlsx_chart(struct xlsx_book *b, const struct xlsx_chart *c, const struct xlsx_point *points,
                size_t n);

/* Writes the file and frees the book. Returns 0, or 1 after printing why. */
int xlsx_close(struct xlsx_book *b);

/* The file the book is written to. */
const char *xlsx_path(const struct xlsx_book *b);

#endif
