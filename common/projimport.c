/* projimport.c -- the historical project import's reader and whole-file check (projimport.h). */
#include "common/projimport.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/xlsxread.h"
#include "common/xmalloc.h"

const char *const projimport_columns[PROJECT_IMPORT_COLUMNS] = {
    "项目名称", "村代码",     "项目类型",   "年度",     "总投资(元)", "资金来源",
    "实施单位", "计划开工",   "计划完工",   "实际开工", "实际完工",   "当前状态",
    "受益户数", "其中脱贫户", "其中监测户", "状态说明"};
const char *const projimport_keys[PROJECT_IMPORT_COLUMNS] = {
    "name",        "village_code",  "kind",        "year",         "budget",     "funds",
    "responsible", "planned_start", "planned_end", "actual_start", "actual_end", "status",
    "households",  "alleviated",    "monitored",   "reason"};
enum {
    C_NAME,
    C_VILLAGE,
    C_KIND,
    C_YEAR,
    C_BUDGET,
    C_FUNDS,
    C_RESPONSIBLE,
    C_PLANNED_START,
    C_PLANNED_END,
    C_ACTUAL_START,
    C_ACTUAL_END,
    C_STATUS,
    C_HOUSEHOLDS,
    C_ALLEVIATED,
    C_MONITORED,
    C_REASON,
};

/* 0100_project_contract.sql's policy data (integration_project_import holds them equal). */
const struct projimport_code projimport_kinds[] = {
    {"industry", "产业发展"}, {"infrastructure", "基础设施"}, {"public_service", "公共服务"},
    {"living", "人居环境"},   {"governance", "乡村治理"},
};
/* In their order: project_statuses.ord is the index + 1. */
const struct projimport_code projimport_statuses[] = {
    {"planned", "谋划"},
    {"applied", "申报"},
    {"library", "入库"},
    {"construction", "实施"},
    {"completed", "完工"},
    {"accepted", "验收"},
    {"registered", "资产确权登记"},
    {"handed_over", "移交"},
    {"maintenance", "管护"},
    {"rejected", "未通过"},
    {"cancelled", "已取消"},
};
const struct projimport_code projimport_sources[] = {
    {"central", "中央财政资金"},
    {"province", "省级财政资金"},
    {"city", "市级财政资金"},
    {"county", "县级财政资金"},
    {"linkage", "衔接推进乡村振兴补助资金"},
    {"unit", "帮扶单位资金"},
    {"social", "社会资金"},
};
#define N(a) (sizeof(a) / sizeof((a)[0]))
const size_t projimport_n_kinds = N(projimport_kinds);
const size_t projimport_n_statuses = N(projimport_statuses);
const size_t projimport_n_sources = N(projimport_sources);
#define kinds    projimport_kinds
#define statuses projimport_statuses
#define sources  projimport_sources

/* The index of s as a code or a label of t, or -1. */
static int lookup(const struct projimport_code *t, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].code, s) == 0 || strcmp(t[i].label, s) == 0)
            return (int)i;
    return -1;
}

int projimport_read(const void *data, size_t len, struct csv_table *t, char *err, size_t errlen)
{
    t->nrows = 0;
    t->rows = NULL;
    if (len > PROJECT_IMPORT_BYTES_MAX) {
        snprintf(err, errlen, "文件超过 %u 字节：请分成几个文件导入", PROJECT_IMPORT_BYTES_MAX);
        return -1;
    }
    /* the header and the projects */
    int rc = xlsxread_is_zip(data, len) ? xlsxread_parse(data, len, PROJECT_IMPORT_ROWS_MAX + 1,
                                                         PROJECT_IMPORT_COLUMNS, t, err, errlen)
                                        : csvtable_parse(data, len, PROJECT_IMPORT_ROWS_MAX + 1,
                                                         PROJECT_IMPORT_COLUMNS, t, err, errlen);
    if (rc == CSVTABLE_ETOOMANY)
        snprintf(err, errlen, "一个文件至多导入 %d 个项目：请分成几个文件导入",
                 PROJECT_IMPORT_ROWS_MAX);
    if (rc == 0 && t->nrows < 2) {
        snprintf(err, errlen, "文件中没有项目：第一行是表头，项目从第二行起");
        csvtable_free(t);
        return -1;
    }
    return rc == 0 ? 0 : -1;
}

struct checker {
    projimport_problem_fn cb;
    void *arg;
    size_t problems;
    int line;
};

static void problem(struct checker *c, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct checker *c, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->problems++;
    c->cb(c->arg, c->line, col >= 0 ? projimport_keys[col] : NULL, msg);
}

/* Trims leading and trailing spaces in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* A whole number 0..max: 0 and *v, or -1. */
static int whole(const char *s, long long max, long long *v)
{
    if (*s == '\0' || strlen(s) > 18)
        return -1;
    long long n = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (*p - '0');
    }
    if (n > max)
        return -1;
    *v = n;
    return 0;
}

/* Yuan with at most two decimals ("500000", "12.5", "3000.00") into fen; -1 when not. */
static int yuan(const char *s, int64_t *fen)
{
    const char *dot = strchr(s, '.');
    size_t ilen = dot != NULL ? (size_t)(dot - s) : strlen(s);
    if (ilen == 0 || ilen > 12)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < ilen; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    int cents = 0, k = 0;
    if (dot != NULL) {
        for (const char *p = dot + 1; *p; p++, k++) {
            if (*p < '0' || *p > '9' || (k >= 2 && *p != '0'))
                return -1;
            if (k < 2)
                cents = cents * 10 + (*p - '0');
        }
        if (k == 1)
            cents *= 10;
    }
    *fen = v * 100 + cents;
    return 0;
}

/* A date as YYYY-MM-DD, YYYY/M/D, YYYY-M-D, or an Excel serial (days since 1899-12-30, the
 * 1900 leap-year bug included for serials after 60), into out; -1 when not one. */
static int date_of(const char *s, char out[11])
{
    long long serial;
    if (whole(s, 2958465, &serial) == 0 ||
        (strchr(s, '.') != NULL && strspn(s, "0123456789.") == strlen(s))) {
        if (strchr(s, '.') != NULL)
            serial = strtoll(s, NULL, 10); /* a time of the day is dropped */
        if (serial < 61)
            return -1;
        rules_date_format((int)(serial - 25569), out); /* 25569: 1970-01-01 */
        return 0;
    }
    int y, m, d;
    char sep;
    if (sscanf(s, "%4d%c%2d%*c%2d", &y, &sep, &m, &d) != 4 || (sep != '-' && sep != '/'))
        return -1;
    char canon[32];
    snprintf(canon, sizeof(canon), "%04d%c%d%c%d", y, sep, m, sep, d);
    char canon2[32];
    snprintf(canon2, sizeof(canon2), "%04d%c%02d%c%02d", y, sep, m, sep, d);
    if (strcmp(s, canon) != 0 && strcmp(s, canon2) != 0)
        return -1;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > rules_days_in_month(y, m))
        return -1;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 0;
}

static int day_of(const char *date)
{
    int ok;
    return rules_date_days(date, &ok);
}

/* One date column: "" allowed when optional; a date not after today. */
static void date_column(struct checker *c, int col, char *v, int optional, int today, char out[11])
{
    out[0] = '\0';
    if (*v == '\0') {
        if (!optional)
            problem(c, col, "“%s”不能为空", projimport_columns[col]);
        return;
    }
    if (date_of(v, out) != 0) {
        problem(c, col, "“%s”应为日期（YYYY-MM-DD）：%s", projimport_columns[col], v);
        out[0] = '\0';
        return;
    }
    if (col != C_PLANNED_END && day_of(out) > today) {
        problem(c, col, "“%s” %s 晚于今天", projimport_columns[col], out);
        out[0] = '\0';
    }
}

static int text_ok(const char *s, long min, long max)
{
    long n = rules_utf8_chars(s);
    return n >= min && n <= max;
}

/* The length of the separator at s (';', or with commas ',' and ' ', or their full-width
 * forms "；" and "，"), 0 when there is none. */
static size_t separator(const char *s, int commas)
{
    if (*s == ';' || (commas && (*s == ',' || *s == ' ')))
        return 1;
    if (strncmp(s, "；", 3) == 0 || (commas && strncmp(s, "，", 3) == 0))
        return 3;
    return 0;
}

/* The next part of a list at *cursor (NUL-terminated in place), NULL at its end. A
 * multi-byte separator is matched whole, never byte by byte (strtok would split "社会" at a
 * byte of "；"). */
static char *next_part(char **cursor, int commas)
{
    char *p = *cursor;
    size_t n;
    while ((n = separator(p, commas)) > 0)
        p += n;
    if (*p == '\0')
        return NULL;
    char *start = p;
    while (*p != '\0' && separator(p, commas) == 0)
        p++;
    n = separator(p, commas);
    if (n > 0) {
        *p = '\0';
        p += n;
    }
    *cursor = p;
    return start;
}

/* "来源:金额;来源:金额" into r's funds (':' or '：' or '='): 0, or -1 after a problem. */
static int funds_column(struct checker *c, char *v, struct projimport_row *r)
{
    if (*v == '\0') {
        problem(c, C_FUNDS, "“资金来源”不能为空：写作“来源:金额(元)”，多个以分号分隔");
        return -1;
    }
    for (char *cur = v, *part; (part = next_part(&cur, 0)) != NULL;) {
        char *sep = strstr(part, "：");
        size_t seplen = 3;
        if (sep == NULL) {
            sep = strpbrk(part, ":=");
            seplen = 1;
        }
        if (sep == NULL) {
            problem(c, C_FUNDS, "资金来源“%s”应写作“来源:金额(元)”", part);
            return -1;
        }
        *sep = '\0';
        char *name = trim(part), *amount = trim(sep + seplen);
        int k = lookup(sources, N(sources), name);
        if (k < 0) {
            problem(c, C_FUNDS,
                    "资金来源“%s”不存在（应为中央财政资金、省级财政资金、市级财政资金、"
                    "县级财政资金、衔接推进乡村振兴补助资金、帮扶单位资金或社会资金）",
                    name);
            return -1;
        }
        for (size_t i = 0; i < r->nfunds; i++)
            if (strcmp(r->fund_sources[i], sources[k].code) == 0) {
                problem(c, C_FUNDS, "资金来源“%s”重复", sources[k].label);
                return -1;
            }
        int64_t fen;
        if (yuan(amount, &fen) != 0 || fen <= 0) {
            problem(c, C_FUNDS, "“%s”的金额应为大于 0 的元数（至多两位小数）：%s", sources[k].label,
                    amount);
            return -1;
        }
        if (r->nfunds == PROJECT_IMPORT_FUNDS_MAX)
            return -1; /* unreachable: a source repeated is refused above */
        r->fund_sources[r->nfunds] = sources[k].code;
        r->fund_fen[r->nfunds++] = fen;
    }
    return 0;
}

static void villages_column(struct checker *c, char *v, struct projimport_row *r)
{
    if (*v == '\0') {
        problem(c, C_VILLAGE, "“村代码”不能为空");
        return;
    }
    for (char *cur = v, *part; (part = next_part(&cur, 1)) != NULL;) {
        if (rules_code_level(part) != ORG_VILLAGE) {
            problem(c, C_VILLAGE, "“%s”不是 12 位行政村代码", part);
            return;
        }
        for (size_t i = 0; i < r->nvillages; i++)
            if (strcmp(r->villages[i], part) == 0) {
                problem(c, C_VILLAGE, "行政村 %s 重复", part);
                return;
            }
        if (r->nvillages == PROJECT_IMPORT_VILLAGES_MAX) {
            problem(c, C_VILLAGE, "一个项目至多 %d 个村", PROJECT_IMPORT_VILLAGES_MAX);
            return;
        }
        snprintf(r->villages[r->nvillages++], 13, "%s", part);
    }
}

/* A count ("" is 0); *ok cleared after a problem. */
static unsigned count_column(struct checker *c, int col, const char *v, int *ok)
{
    long long n = 0;
    if (*v == '\0')
        return 0;
    if (whole(v, PROJECT_HOUSEHOLDS_MAX, &n) != 0) {
        problem(c, col, "“%s”应为 0 至 %d 的整数：%s", projimport_columns[col],
                PROJECT_HOUSEHOLDS_MAX, v);
        *ok = 0;
    }
    return (unsigned)n;
}

/* The header: the columns in order (the last may be left off; full-width brackets allowed). */
static int header_ok(struct checker *c, const struct csv_row *h)
{
    if (h->nfields != PROJECT_IMPORT_COLUMNS && h->nfields != PROJECT_IMPORT_COLUMNS - 1) {
        problem(c, -1, "表头应为 %d 列（最后的“状态说明”可省略），现有 %zu 列",
                PROJECT_IMPORT_COLUMNS, h->nfields);
        return 0;
    }
    for (size_t i = 0; i < h->nfields; i++) {
        char *v = trim(h->fields[i]);
        if (strcmp(v, projimport_columns[i]) != 0 &&
            !(i == C_BUDGET && strcmp(v, "总投资（元）") == 0)) {
            problem(c, (int)i, "第 %zu 列的表头应为“%s”，现为“%s”", i + 1, projimport_columns[i],
                    v);
            return 0;
        }
    }
    return 1;
}

static void check_row(struct checker *c, const struct csv_row *row, int today,
                      struct projimport_row *r)
{
    memset(r, 0, sizeof(*r));
    r->line = row->line;
    c->line = row->line;
    if (row->nfields > PROJECT_IMPORT_COLUMNS) {
        problem(c, -1, "至多 %d 列，现有 %zu 列", PROJECT_IMPORT_COLUMNS, row->nfields);
        return;
    }
    char *f[PROJECT_IMPORT_COLUMNS];
    for (size_t i = 0; i < PROJECT_IMPORT_COLUMNS; i++)
        f[i] = i < row->nfields ? trim(row->fields[i]) : (char *)"";
    for (size_t i = 0; i < row->nfields; i++)
        if (rules_utf8_chars(f[i]) < 0) {
            problem(c, (int)i, "“%s”不是 UTF-8 文本（请以“CSV UTF-8”格式保存）",
                    projimport_columns[i]);
            return;
        }
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    r->name = f[C_NAME];
    if (!text_ok(r->name, 1, PROJECT_NAME_MAX))
        problem(c, C_NAME, "“项目名称”应为 1 至 %d 个字", PROJECT_NAME_MAX);
    villages_column(c, f[C_VILLAGE], r);
    int k = lookup(kinds, N(kinds), f[C_KIND]);
    if (k < 0)
        problem(c, C_KIND, "“项目类型”应为产业发展、基础设施、公共服务、人居环境或乡村治理：%s",
                f[C_KIND]);
    else
        r->kind = kinds[k].code;
    long long year = 0;
    if (whole(f[C_YEAR], 9999, &year) != 0 || year < PROJECT_FIRST_YEAR || year > y)
        problem(c, C_YEAR, "“年度”应为 %d 至 %d 的年份：%s", PROJECT_FIRST_YEAR, y, f[C_YEAR]);
    r->year = (int)year;
    if (yuan(f[C_BUDGET], &r->budget_fen) != 0 || r->budget_fen <= 0 ||
        r->budget_fen > PROJECT_BUDGET_MAX_FEN) {
        problem(c, C_BUDGET, "“总投资(元)”应为大于 0、至多 10 亿的元数（至多两位小数）：%s",
                f[C_BUDGET]);
        r->budget_fen = 0;
    }
    if (funds_column(c, f[C_FUNDS], r) == 0 && r->budget_fen > 0) {
        int64_t sum = 0;
        for (size_t i = 0; i < r->nfunds; i++)
            sum += r->fund_fen[i];
        if (sum != r->budget_fen)
            problem(c, C_FUNDS, "各资金来源合计 %lld.%02lld 元，与总投资 %lld.%02lld 元不符",
                    (long long)(sum / 100), (long long)(sum % 100),
                    (long long)(r->budget_fen / 100), (long long)(r->budget_fen % 100));
    }
    r->responsible = f[C_RESPONSIBLE];
    if (!text_ok(r->responsible, 1, PROJECT_RESPONSIBLE_MAX))
        problem(c, C_RESPONSIBLE, "“实施单位”应为 1 至 %d 个字", PROJECT_RESPONSIBLE_MAX);
    date_column(c, C_PLANNED_START, f[C_PLANNED_START], 0, today, r->planned_start);
    date_column(c, C_PLANNED_END, f[C_PLANNED_END], 0, today, r->planned_end);
    date_column(c, C_ACTUAL_START, f[C_ACTUAL_START], 1, today, r->actual_start);
    date_column(c, C_ACTUAL_END, f[C_ACTUAL_END], 1, today, r->actual_end);
    if (r->planned_start[0] && r->planned_end[0] && strcmp(r->planned_end, r->planned_start) < 0)
        problem(c, C_PLANNED_END, "计划完工 %s 早于计划开工 %s", r->planned_end, r->planned_start);
    if (r->actual_start[0] && r->actual_end[0] && strcmp(r->actual_end, r->actual_start) < 0)
        problem(c, C_ACTUAL_END, "实际完工 %s 早于实际开工 %s", r->actual_end, r->actual_start);
    int s = lookup(statuses, N(statuses), f[C_STATUS]);
    if (s < 0) {
        problem(c, C_STATUS,
                "“当前状态”应为谋划、申报、入库、实施、完工、验收、资产确权登记、移交、"
                "管护、未通过或已取消：%s",
                f[C_STATUS]);
    } else {
        r->status = statuses[s].code;
        int ord = s + 1, ended = ord >= 10;
        if (ord >= 4 && ord <= 9 && f[C_ACTUAL_START][0] == '\0')
            problem(c, C_ACTUAL_START, "状态为“%s”的项目须填写实际开工日期", statuses[s].label);
        if (ord >= 5 && ord <= 9 && f[C_ACTUAL_END][0] == '\0')
            problem(c, C_ACTUAL_END, "状态为“%s”的项目须填写实际完工日期", statuses[s].label);
        if (ord <= 3 && (f[C_ACTUAL_START][0] != '\0' || f[C_ACTUAL_END][0] != '\0'))
            problem(c, f[C_ACTUAL_START][0] ? C_ACTUAL_START : C_ACTUAL_END,
                    "状态为“%s”的项目尚未开工，不能有实际开工或完工日期", statuses[s].label);
        if (ord == 4 && f[C_ACTUAL_END][0] != '\0')
            problem(c, C_ACTUAL_END, "状态为“实施”的项目尚未完工，不能有实际完工日期");
        if (ended && f[C_ACTUAL_END][0] != '\0' && f[C_ACTUAL_START][0] == '\0')
            problem(c, C_ACTUAL_START, "有实际完工日期时须填写实际开工日期");
        r->reason = f[C_REASON];
        if (ended && !text_ok(r->reason, 1, PROJECT_REASON_MAX))
            problem(c, C_REASON, "状态为“%s”的项目须写明原因（至多 %d 个字）", statuses[s].label,
                    PROJECT_REASON_MAX);
        if (!ended && r->reason[0] != '\0')
            problem(c, C_REASON, "只有未通过或已取消的项目填写状态说明");
    }
    int counted = 1;
    r->households = count_column(c, C_HOUSEHOLDS, f[C_HOUSEHOLDS], &counted);
    r->alleviated = count_column(c, C_ALLEVIATED, f[C_ALLEVIATED], &counted);
    r->monitored = count_column(c, C_MONITORED, f[C_MONITORED], &counted);
    if (counted && (unsigned long)r->alleviated + r->monitored > r->households)
        problem(c, C_ALLEVIATED, "其中脱贫户 %u 与其中监测户 %u 之和超过受益户数 %u", r->alleviated,
                r->monitored, r->households);
}

size_t projimport_check(const struct csv_table *t, int today, struct projimport *out,
                        projimport_problem_fn cb, void *arg)
{
    struct checker c = {.cb = cb, .arg = arg};
    out->rows = NULL;
    out->nrows = 0;
    if (t->nrows == 0) {
        problem(&c, -1, "文件中没有项目");
        return c.problems;
    }
    c.line = t->rows[0].line;
    if (!header_ok(&c, &t->rows[0]))
        return c.problems;
    out->rows = xmalloc((t->nrows - 1) * sizeof(*out->rows) + 1);
    for (size_t i = 1; i < t->nrows; i++) {
        struct projimport_row *r = &out->rows[out->nrows++];
        check_row(&c, &t->rows[i], today, r);
        /* the same project twice in the file (name, lead village and year) */
        for (size_t k = 0; k + 1 < out->nrows && r->nvillages > 0; k++) {
            const struct projimport_row *o = &out->rows[k];
            if (o->nvillages > 0 && o->year == r->year && strcmp(o->name, r->name) == 0 &&
                strcmp(o->villages[0], r->villages[0]) == 0) {
                problem(&c, C_NAME, "与第 %d 行是同一个项目（同村、同名、同年度）", o->line);
                break;
            }
        }
    }
    return c.problems;
}

void projimport_free(struct projimport *p)
{
    free(p->rows);
    p->rows = NULL;
    p->nrows = 0;
}

const char *projimport_status_label(const char *code)
{
    int i = lookup(statuses, N(statuses), code);
    return i >= 0 ? statuses[i].label : code;
}
