/* projimport.h -- the historical import of projects from a spreadsheet (SPEC P4;
 * docs/lookback.md, "The historical import"): the file read as a table (CSV through
 * csvtable, .xlsx through xlsxread: one shape), then every row checked against the columns
 * below before anything is written. The server's handler and the CLI (`zhucun project import
 * --dry-run`) run the same code; the database then checks what needs rows (the villages in
 * the caller's scope, a project already there).
 *
 * The first row is the header, these columns in this order (the last may be left off):
 *
 *   项目名称 村代码 项目类型 年度 总投资(元) 资金来源 实施单位 计划开工 计划完工 实际开工 实际完工
 *   当前状态 受益户数 其中脱贫户 其中监测户 状态说明
 *
 * 村代码: the lead village's code, then the project's other villages, separated by ';'.
 * 项目类型, 当前状态: the label or the code (0100's project_kinds, project_statuses). 资金来源:
 * "来源:金额;…" with the source's label or code and the amount in yuan; they add up to 总投资.
 * Dates: YYYY-MM-DD (or YYYY/M/D), or an Excel date serial. */
#ifndef ZHUCUN_PROJIMPORT_H
#define ZHUCUN_PROJIMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "common/csvtable.h"

#define PROJECT_IMPORT_ROWS_MAX     5000       /* projects in one file */
#define PROJECT_IMPORT_BYTES_MAX    (3u << 20) /* the file: within the 4 MiB frame */
#define PROJECT_IMPORT_COLUMNS      16
#define PROJECT_IMPORT_VILLAGES_MAX 10  /* villages of one project */
#define PROJECT_IMPORT_FUNDS_MAX    7   /* one per funding source */
#define PROJECT_IMPORT_ERRORS_MAX   100 /* problems listed (all are counted) */
#define PROJECT_FIRST_YEAR          2013
#define PROJECT_BUDGET_MAX_FEN      100000000000LL /* 10 亿元, 0100's check */
#define PROJECT_NAME_MAX            200
#define PROJECT_RESPONSIBLE_MAX     100
#define PROJECT_REASON_MAX          500
#define PROJECT_HOUSEHOLDS_MAX      1000000

extern const char *const projimport_columns[PROJECT_IMPORT_COLUMNS];

/* 0100's project kinds, states (in their order) and funding sources: a cell holds the code or
 * the label. */
struct projimport_code {
    const char *code, *label;
};
extern const struct projimport_code projimport_kinds[], projimport_statuses[], projimport_sources[];
extern const size_t projimport_n_kinds, projimport_n_statuses, projimport_n_sources;
/* The columns' keys (the field a problem names: "line 12.year"). */
extern const char *const projimport_keys[PROJECT_IMPORT_COLUMNS];

struct projimport_row {
    int line;
    const char *name, *kind, *responsible, *status, *reason; /* into the table */
    char villages[PROJECT_IMPORT_VILLAGES_MAX][13];
    size_t nvillages; /* [0] is the lead village */
    int year;
    int64_t budget_fen;
    const char *fund_sources[PROJECT_IMPORT_FUNDS_MAX]; /* codes */
    int64_t fund_fen[PROJECT_IMPORT_FUNDS_MAX];
    size_t nfunds;
    char planned_start[11], planned_end[11], actual_start[11], actual_end[11]; /* "" none */
    unsigned households, alleviated, monitored;
};

struct projimport {
    struct projimport_row *rows;
    size_t nrows;
};

/* A problem of the file: line 0 for the file as a whole; column NULL for a row as a whole
 * (its key otherwise). */
typedef void (*projimport_problem_fn)(void *arg, int line, const char *column, const char *message);

/* Reads data (len bytes) as an .xlsx when it is a ZIP archive, else as CSV (UTF-8, a BOM
 * allowed): 0, or -1 with err saying why (over PROJECT_IMPORT_BYTES_MAX or
 * PROJECT_IMPORT_ROWS_MAX, not readable). */
int projimport_read(const void *data, size_t len, struct csv_table *t, char *err, size_t errlen);

/* Checks every row of t (header first) with today a day number; fills out (its strings point
 * into t) and reports each problem through cb. Returns the number of problems (0: out holds
 * every project). */
size_t projimport_check(const struct csv_table *t, int today, struct projimport *out,
                        projimport_problem_fn cb, void *arg);

void projimport_free(struct projimport *p);

/* The label of a project state's code (实施 for construction …); the code itself when unknown. */
const char *projimport_status_label(const char *code);

#endif
