/* hhcsv.c -- the household import file read whole and checked row by row with common/rules. */
#include "common/hhcsv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/household.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"

#define NONE SIZE_MAX

static const char *const column_names[HHCSV_COLUMNS] = {
    "household_ref", "village_code", "address",   "phone",  "category", "absent",      "since",
    "name",          "relation",     "id_number", "labour", "health",   "member_phone"};

const char *hhcsv_column_name(int column)
{
    return column >= 0 && column < HHCSV_COLUMNS ? column_names[column] : "";
}

/* ---- a string set: open addressing over the file's own strings ---- */

struct map {
    size_t cap; /* a power of two, over twice the entries */
    const char **keys;
    size_t *vals;
};

static void map_init(struct map *m, size_t n)
{
    m->cap = 16;
    while (m->cap < 2 * n + 1)
        m->cap *= 2;
    m->keys = xcalloc(m->cap, sizeof(*m->keys));
    m->vals = xcalloc(m->cap, sizeof(*m->vals));
}

static void map_free(struct map *m)
{
    free(m->keys);
    free(m->vals);
}

/* The slot that holds key, or the empty slot where it belongs. */
static size_t map_slot(const struct map *m, const char *key)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* ---- reading ---- */

struct reader {
    struct hhcsv *f;
    const char *today;
    hhcsv_error_cb cb;
    void *arg;
    int problems;
    char msg[512];
};

static void report(struct reader *rd, int line, int column, const char *message)
{
    rd->problems++;
    rd->cb(rd->arg, line, column >= 0 ? column_names[column] : NULL, message);
}

/* absent: 1, 0, or -1 when it is none of the accepted spellings. */
static int parse_flag(const char *s)
{
    static const char *const yes[] = {"yes", "1", "true", "是", NULL};
    static const char *const no[] = {"", "no", "0", "false", "否", NULL};
    for (int i = 0; yes[i] != NULL; i++)
        if (strcmp(s, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i] != NULL; i++)
        if (strcmp(s, no[i]) == 0)
            return 0;
    return -1;
}

/* Checks the household columns of a household's first row and fills h from them. */
static void household_from_row(struct reader *rd, struct hhcsv_household *h,
                               const struct csv_row *row)
{
    char *const *f = row->fields;
    int y, m, d;
    h->line = row->line;
    h->ref = f[HHCSV_REF];
    h->village = f[HHCSV_VILLAGE];
    h->address = f[HHCSV_ADDRESS];
    h->phone = f[HHCSV_PHONE];
    h->category = f[HHCSV_CATEGORY];
    h->since = f[HHCSV_SINCE][0] != '\0' ? f[HHCSV_SINCE] : rd->f->today;
    h->absent = parse_flag(f[HHCSV_ABSENT]);
    if (rules_code_level(h->village) != ORG_VILLAGE)
        report(rd, row->line, HHCSV_VILLAGE, "请填写 12 位行政村代码");
    const char *problem = rules_hh_address_problem(h->address);
    if (problem != NULL)
        report(rd, row->line, HHCSV_ADDRESS, problem);
    if (!rules_hh_phone_ok(h->phone))
        report(rd, row->line, HHCSV_PHONE, RULES_HH_PHONE_PROBLEM);
    if (!rules_hh_category_ok(h->category))
        report(
            rd, row->line, HHCSV_CATEGORY,
            "农户类别应为 poverty_alleviated（脱贫户）、monitored（监测户）或 ordinary（一般户）");
    if (h->absent < 0)
        report(rd, row->line, HHCSV_ABSENT,
               "是否不在村应为 yes 或 no（也可填 1/0、是/否，留空为 no）");
    if (rules_date_parse(h->since, &y, &m, &d) != 0 || strcmp(h->since, rd->today) > 0)
        report(rd, row->line, HHCSV_SINCE, "登记日期应为不晚于今天的 YYYY-MM-DD（留空为今天）");
}

/* Later rows of a household leave its columns blank or repeat its first row's values. */
static void household_repeat(struct reader *rd, const struct csv_row *first,
                             const struct csv_row *row)
{
    for (int c = HHCSV_VILLAGE; c <= HHCSV_SINCE; c++) {
        const char *v = row->fields[c];
        if (v[0] != '\0' && strcmp(v, first->fields[c]) != 0) {
            snprintf(rd->msg, sizeof(rd->msg),
                     "与本户首行（第 %d 行）的 %s 不一致：户级各列只在首行填写，其余行留空或照抄",
                     first->line, column_names[c]);
            report(rd, row->line, c, rd->msg);
        }
    }
}

static int member_column(const char *field)
{
    static const struct {
        const char *field;
        int column;
    } map[] = {{"name", HHCSV_NAME},     {"relation", HHCSV_RELATION},
               {"id_number", HHCSV_ID},  {"labour", HHCSV_LABOUR},
               {"health", HHCSV_HEALTH}, {"phone", HHCSV_MEMBER_PHONE}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(field, map[i].field) == 0)
            return map[i].column;
    return -1;
}

static void check_header(struct reader *rd, const struct csv_row *row)
{
    int ok = row->nfields == HHCSV_COLUMNS || row->nfields == HHCSV_COLUMNS - 1;
    for (size_t k = 0; ok && k < row->nfields; k++)
        ok = strcmp(row->fields[k], column_names[k]) == 0;
    if (!ok)
        report(rd, row->line, -1,
               "表头应为 household_ref,village_code,address,phone,category,absent,since,name,"
               "relation,id_number,labour,health,member_phone（顺序不能变）");
}

int hhcsv_read(const char *text, size_t len, const char *today, struct hhcsv *out,
               hhcsv_error_cb cb, void *arg, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->today, sizeof(out->today), "%s", today);
    int rc = csvtable_parse(text, len, HHCSV_MAX_ROWS + 1, HHCSV_COLUMNS, &out->table, err, errlen);
    if (rc == CSVTABLE_ETOOMANY) {
        snprintf(err, errlen, "导入文件行数过多（每个文件最多 %d 个成员行）", HHCSV_MAX_ROWS);
        return -1;
    }
    if (rc != 0)
        return -1;
    const struct csv_table *t = &out->table;
    struct reader rd = {.f = out, .today = out->today, .cb = cb, .arg = arg};
    size_t first = t->nrows > 0 && strcmp(t->rows[0].fields[0], column_names[HHCSV_REF]) == 0;
    size_t ndata = t->nrows - first;
    if (ndata == 0) {
        snprintf(err, errlen, "导入文件没有数据行");
        return -1;
    }
    if (ndata > HHCSV_MAX_ROWS) {
        snprintf(err, errlen, "导入文件行数过多（每个文件最多 %d 个成员行）", HHCSV_MAX_ROWS);
        return -1;
    }
    if (first)
        check_header(&rd, &t->rows[0]);

    /* Per data row: its household (NONE when the row could not be placed). Per household:
     * its first row, its head's line, its row count, whether a relation was unreadable. */
    size_t *hh_of = xmalloc(ndata * sizeof(*hh_of));
    size_t *first_row = xmalloc(ndata * sizeof(*first_row));
    int *head_line = xcalloc(ndata, sizeof(*head_line));
    size_t *count = xcalloc(ndata, sizeof(*count));
    char *relation_bad = xcalloc(ndata, 1);
    out->households = xcalloc(ndata, sizeof(*out->households));
    int too_many = 0;
    struct map refs, ids;
    map_init(&refs, ndata);
    map_init(&ids, ndata);

    for (size_t i = 0; i < ndata; i++) {
        const struct csv_row *row = &t->rows[first + i];
        char *const *f = row->fields;
        hh_of[i] = NONE;
        if (row->nfields != HHCSV_COLUMNS && row->nfields != HHCSV_COLUMNS - 1) {
            snprintf(
                rd.msg, sizeof(rd.msg),
                "应有 %d 列（household_ref 到 member_phone，member_phone 可省略），此行有 %zu 列",
                HHCSV_COLUMNS, row->nfields);
            report(&rd, row->line, -1, rd.msg);
            continue;
        }
        if (f[HHCSV_REF][0] == '\0' || strlen(f[HHCSV_REF]) > HHCSV_REF_MAX) {
            report(&rd, row->line, HHCSV_REF, "户编号不能为空，最多 64 字节");
            continue;
        }
        size_t slot = map_slot(&refs, f[HHCSV_REF]);
        size_t h;
        if (refs.keys[slot] == NULL) {
            if (out->nhouseholds == HHCSV_MAX_HOUSEHOLDS) {
                too_many = 1;
                break;
            }
            h = out->nhouseholds++;
            refs.keys[slot] = f[HHCSV_REF];
            refs.vals[slot] = h;
            first_row[h] = first + i;
            household_from_row(&rd, &out->households[h], row);
        } else {
            h = refs.vals[slot];
            household_repeat(&rd, &t->rows[first_row[h]], row);
        }
        hh_of[i] = h;

        const char *member_phone = row->nfields == HHCSV_COLUMNS ? f[HHCSV_MEMBER_PHONE] : "";
        const char *field = NULL;
        const char *problem =
            rules_hh_member_problem(f[HHCSV_NAME], f[HHCSV_RELATION], f[HHCSV_ID], f[HHCSV_LABOUR],
                                    f[HHCSV_HEALTH], member_phone, NULL, out->today, &field);
        if (problem != NULL) {
            int column = member_column(field);
            report(&rd, row->line, column, problem);
            if (column == HHCSV_RELATION)
                relation_bad[h] = 1;
        }
        if (strcmp(f[HHCSV_RELATION], "head") == 0) {
            if (head_line[h] != 0) {
                snprintf(rd.msg, sizeof(rd.msg), "户「%s」已有户主（第 %d 行），一户只能有一名户主",
                         f[HHCSV_REF], head_line[h]);
                report(&rd, row->line, HHCSV_RELATION, rd.msg);
            } else {
                head_line[h] = row->line;
            }
        }
        if (++count[h] == HOUSEHOLD_MEMBERS_MAX + 1) {
            snprintf(rd.msg, sizeof(rd.msg), "户「%s」超过 %d 名成员", f[HHCSV_REF],
                     HOUSEHOLD_MEMBERS_MAX);
            report(&rd, row->line, -1, rd.msg);
        }
        if (problem == NULL || member_column(field) != HHCSV_ID) {
            slot = map_slot(&ids, f[HHCSV_ID]);
            if (ids.keys[slot] != NULL) {
                snprintf(rd.msg, sizeof(rd.msg), "身份证号与第 %d 行重复：同一人只能登记在一户",
                         (int)ids.vals[slot]);
                report(&rd, row->line, HHCSV_ID, rd.msg);
            } else {
                ids.keys[slot] = f[HHCSV_ID];
                ids.vals[slot] = (size_t)row->line;
            }
        }
    }
    for (size_t h = 0; h < out->nhouseholds && !too_many; h++) {
        if (head_line[h] == 0 && !relation_bad[h]) {
            snprintf(rd.msg, sizeof(rd.msg), "户「%s」没有户主（relation 为 head 的行）",
                     out->households[h].ref);
            report(&rd, out->households[h].line, HHCSV_RELATION, rd.msg);
        }
    }

    if (too_many) {
        snprintf(err, errlen, "导入文件户数过多（每个文件最多 %d 户，请按村或乡镇分成几个文件）",
                 HHCSV_MAX_HOUSEHOLDS);
    } else if (rd.problems == 0) {
        /* Lay the members out household by household. */
        size_t at = 0;
        for (size_t h = 0; h < out->nhouseholds; h++) {
            out->households[h].first = at;
            at += count[h];
        }
        out->members = xcalloc(at > 0 ? at : 1, sizeof(*out->members));
        for (size_t i = 0; i < ndata; i++) {
            struct hhcsv_household *h = &out->households[hh_of[i]];
            const struct csv_row *row = &t->rows[first + i];
            struct hhcsv_member *m = &out->members[h->first + h->nmembers++];
            m->line = row->line;
            m->name = row->fields[HHCSV_NAME];
            m->relation = row->fields[HHCSV_RELATION];
            m->id_number = row->fields[HHCSV_ID];
            m->labour = row->fields[HHCSV_LABOUR];
            m->health = row->fields[HHCSV_HEALTH];
            m->phone = row->nfields == HHCSV_COLUMNS ? row->fields[HHCSV_MEMBER_PHONE] : "";
        }
        out->nmembers = at;
    }
    map_free(&refs);
    map_free(&ids);
    free(hh_of);
    free(first_row);
    free(head_line);
    free(count);
    free(relation_bad);
    return too_many ? -1 : rd.problems;
}

void hhcsv_free(struct hhcsv *f)
{
    csvtable_free(&f->table);
    free(f->households);
    free(f->members);
    f->households = NULL;
    f->members = NULL;
    f->nhouseholds = f->nmembers = 0;
}
