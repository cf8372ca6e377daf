/* xlsxread.c -- the first worksheet of an .xlsx through libzip and libexpat (xlsxread.h). */
#include "common/xlsxread.h"

#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "common/xmalloc.h"

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

struct book {
    zip_t *z;
    char *err;
    size_t errlen;
    int failed;
};

static void refuse(struct book *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refuse(struct book *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    b->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err, b->errlen, fmt, ap);
    va_end(ap);
}

int xlsxread_is_zip(const void *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

/* Entry name read whole into *buf (NUL-terminated; *len bytes): 1; 0 when there is no such
 * entry; -1 when it is refused (b->err). */
static int read_entry(struct book *b, const char *name, char **buf, size_t *len)
{
    zip_int64_t idx = zip_name_locate(b->z, name, 0);
    if (idx < 0)
        return 0;
    zip_stat_t st;
    if (zip_stat_index(b->z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE)) {
        refuse(b, "工作簿的 %s 无法读取", name);
        return -1;
    }
    if (st.comp_size > XLSX_COMPRESSED_MAX) {
        refuse(b, "工作簿的 %s 压缩后超过 %u 字节", name, XLSX_COMPRESSED_MAX);
        return -1;
    }
    if (st.size > XLSX_ENTRY_MAX) {
        refuse(b, "工作簿的 %s 解压后超过 %u 字节", name, XLSX_ENTRY_MAX);
        return -1;
    }
    if (st.size > (zip_uint64_t)XLSX_RATIO_MAX * (st.comp_size > 0 ? st.comp_size : 1)) {
        refuse(b, "工作簿的 %s 压缩比超过 %d 倍，疑为压缩炸弹，不予读取", name, XLSX_RATIO_MAX);
        return -1;
    }
    zip_file_t *f = zip_fopen_index(b->z, (zip_uint64_t)idx, 0);
    if (f == NULL) {
        refuse(b, "工作簿的 %s 无法解压", name);
        return -1;
    }
    *buf = xmalloc(st.size + 1);
    zip_int64_t n = st.size > 0 ? zip_fread(f, *buf, st.size) : 0;
    char extra;
    zip_int64_t more = n >= 0 ? zip_fread(f, &extra, 1) : -1;
    zip_fclose(f);
    if (n < 0 || (zip_uint64_t)n != st.size || more != 0) {
        free(*buf);
        *buf = NULL;
        refuse(b, "工作簿的 %s 解压后与其声明的大小或校验和不符", name);
        return -1;
    }
    (*buf)[n] = '\0';
    *len = (size_t)n;
    return 1;
}

/* The local part of an expanded name ("URI local"). */
static const char *local(const char *name)
{
    const char *s = strrchr(name, ' ');
    return s != NULL ? s + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i] != NULL; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

/* ---- one XML part through expat: no DOCTYPE, so no entities ---- */

struct xml {
    XML_Parser p;
    struct book *b;
    const char *name;
};

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
                               const XML_Char *pub, int internal)
{
    (void)name, (void)sys, (void)pub, (void)internal;
    struct xml *x = ud;
    refuse(x->b, "工作簿的 %s 含有 DOCTYPE，不予读取", x->name);
    XML_StopParser(x->p, XML_FALSE);
}

/* Parses buf with the handlers; the user data's first member is a struct xml. -1 after
 * refusing. */
static int parse(struct xml *x, const char *buf, size_t len, XML_StartElementHandler start,
                 XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    x->p = XML_ParserCreateNS(NULL, ' ');
    if (x->p == NULL) {
        refuse(x->b, "内存不足");
        return -1;
    }
    XML_SetUserData(x->p, x);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    XML_SetElementHandler(x->p, start, end);
    XML_SetCharacterDataHandler(x->p, text);
    enum XML_Status st = XML_Parse(x->p, buf, (int)len, 1);
    if (st != XML_STATUS_OK && !x->b->failed)
        refuse(x->b, "工作簿的 %s 不是正确的 XML（第 %lu 行：%s）", x->name,
               (unsigned long)XML_GetCurrentLineNumber(x->p),
               XML_ErrorString(XML_GetErrorCode(x->p)));
    XML_ParserFree(x->p);
    return x->b->failed ? -1 : 0;
}

/* Stops the parser after refusing. */
static void stop(struct xml *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void stop(struct xml *x, const char *fmt, ...)
{
    if (!x->b->failed) {
        x->b->failed = 1;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->b->err, x->b->errlen, fmt, ap);
        va_end(ap);
    }
    XML_StopParser(x->p, XML_FALSE);
}

/* ---- text collected under a limit ---- */

struct text {
    char buf[XLSX_CELL_MAX + 1];
    size_t len;
    int over;
};

static void text_add(struct text *t, const char *s, int n)
{
    if (t->over || n <= 0)
        return;
    if (t->len + (size_t)n > XLSX_CELL_MAX) {
        t->over = 1;
        return;
    }
    memcpy(t->buf + t->len, s, (size_t)n);
    t->len += (size_t)n;
    t->buf[t->len] = '\0';
}

static void text_reset(struct text *t)
{
    t->len = 0;
    t->over = 0;
    t->buf[0] = '\0';
}

/* ---- the workbook: its first sheet's relationship id, then that relationship's target ---- */

struct first_sheet {
    struct xml x;
    char id[256];
    char target[512];
};

static void XMLCALL on_workbook(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct first_sheet *s = ud;
    if (s->id[0] != '\0' || strcmp(local(name), "sheet") != 0)
        return;
    const char *id = attr(atts, REL_NS " id");
    if (id != NULL)
        snprintf(s->id, sizeof(s->id), "%s", id);
}

static void XMLCALL on_rels(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct first_sheet *s = ud;
    if (s->target[0] != '\0' || strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (id != NULL && target != NULL && strcmp(id, s->id) == 0) {
        if (target[0] == '/')
            snprintf(s->target, sizeof(s->target), "%s", target + 1);
        else
            snprintf(s->target, sizeof(s->target), "xl/%s", target);
    }
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int n)
{
    (void)ud, (void)s, (void)n;
}

/* The path of the first sheet into s->target; -1 after refusing. */
static int find_first_sheet(struct book *b, struct first_sheet *s)
{
    char *buf = NULL;
    size_t len;
    int rc = read_entry(b, "xl/workbook.xml", &buf, &len);
    if (rc == 0)
        refuse(b, "不是 Excel 工作簿（.xlsx）：没有 xl/workbook.xml");
    if (rc <= 0)
        return -1;
    s->x = (struct xml){.b = b, .name = "xl/workbook.xml"};
    rc = parse(&s->x, buf, len, on_workbook, no_end, no_text);
    free(buf);
    if (rc != 0)
        return -1;
    if (s->id[0] == '\0') {
        refuse(b, "工作簿中没有工作表");
        return -1;
    }
    rc = read_entry(b, "xl/_rels/workbook.xml.rels", &buf, &len);
    if (rc == 0)
        refuse(b, "工作簿缺少 xl/_rels/workbook.xml.rels");
    if (rc <= 0)
        return -1;
    s->x = (struct xml){.b = b, .name = "xl/_rels/workbook.xml.rels"};
    rc = parse(&s->x, buf, len, on_rels, no_end, no_text);
    free(buf);
    if (rc != 0)
        return -1;
    if (s->target[0] == '\0') {
        refuse(b, "工作簿中找不到第一个工作表");
        return -1;
    }
    return 0;
}

/* ---- the shared strings ---- */

struct strings {
    struct xml x;
    char **v;
    size_t n, cap;
    int depth_si, in_t, in_rph;
    struct text t;
};

static void XMLCALL on_sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    struct strings *s = ud;
    const char *l = local(name);
    if (strcmp(l, "si") == 0) {
        s->depth_si = 1;
        text_reset(&s->t);
    } else if (strcmp(l, "rPh") == 0) {
        s->in_rph = 1;
    } else if (strcmp(l, "t") == 0 && s->depth_si && !s->in_rph) {
        s->in_t = 1;
    }
}

static void XMLCALL on_sst_end(void *ud, const XML_Char *name)
{
    struct strings *s = ud;
    const char *l = local(name);
    if (strcmp(l, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(l, "si") == 0 && s->depth_si) {
        s->depth_si = 0;
        if (s->t.over) {
            stop(&s->x, "共享字符串第 %zu 个超过 %d 字节", s->n + 1, XLSX_CELL_MAX);
            return;
        }
        if (s->n == XLSX_STRINGS_MAX) {
            stop(&s->x, "工作簿的共享字符串超过 %d 个", XLSX_STRINGS_MAX);
            return;
        }
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 64;
            s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
        }
        s->v[s->n++] = xstrdup(s->t.buf);
    }
}

static void XMLCALL on_sst_text(void *ud, const XML_Char *str, int n)
{
    struct strings *s = ud;
    if (s->in_t)
        text_add(&s->t, str, n);
}

static void strings_free(struct strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* ---- the sheet ---- */

struct sheet {
    struct xml x;
    const struct strings *sst;
    struct csv_table *out;
    size_t max_rows, max_fields, cap;
    int too_many;
    long row, prev_row;
    long col;
    char type[16];
    int in_cell, in_value;
    struct text t;
    char **fields; /* the row being read */
    size_t nfields;
    int nonempty;
};

/* "AB12" -> column 27 (0-based), or -1. */
static long column_of(const char *ref)
{
    long c = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++) {
        c = c * 26 + (*p - 'A' + 1);
        if (c > 16384)
            return -1;
    }
    return p == ref ? -1 : c - 1;
}

static void row_clear(struct sheet *s)
{
    for (size_t i = 0; i < s->nfields; i++)
        free(s->fields[i]);
    free(s->fields);
    s->fields = NULL;
    s->nfields = 0;
    s->nonempty = 0;
}

static void XMLCALL on_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sheet *s = ud;
    const char *l = local(name);
    if (strcmp(l, "row") == 0) {
        const char *r = attr(atts, "r");
        long n = r != NULL ? strtol(r, NULL, 10) : s->prev_row + 1;
        if (n <= s->prev_row || n > XLSX_ROW_NUMBER_MAX) {
            stop(&s->x, "工作表的行号 %ld 不正确", n);
            return;
        }
        row_clear(s);
        s->row = n;
        s->col = -1;
    } else if (strcmp(l, "c") == 0 && s->row > 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        long c = r != NULL ? column_of(r) : s->col + 1;
        if (c < 0 || c <= s->col) {
            stop(&s->x, "第 %ld 行的单元格位置 %s 不正确", s->row, r != NULL ? r : "");
            return;
        }
        if ((size_t)c >= s->max_fields) {
            stop(&s->x, "第 %ld 行超过 %zu 列", s->row, s->max_fields);
            return;
        }
        s->col = c;
        snprintf(s->type, sizeof(s->type), "%s", t != NULL ? t : "n");
        s->in_cell = 1;
        text_reset(&s->t);
    } else if (s->in_cell && (strcmp(l, "v") == 0 || strcmp(l, "t") == 0)) {
        s->in_value = 1;
    }
}

static void XMLCALL on_sheet_end(void *ud, const XML_Char *name)
{
    struct sheet *s = ud;
    const char *l = local(name);
    if (strcmp(l, "v") == 0 || strcmp(l, "t") == 0) {
        s->in_value = 0;
    } else if (strcmp(l, "c") == 0 && s->in_cell) {
        s->in_cell = 0;
        if (s->t.over) {
            stop(&s->x, "第 %ld 行第 %ld 列超过 %d 字节", s->row, s->col + 1, XLSX_CELL_MAX);
            return;
        }
        const char *value = s->t.buf;
        if (strcmp(s->type, "s") == 0) {
            char *end;
            unsigned long k = strtoul(s->t.buf, &end, 10);
            if (s->t.len == 0 || *end != '\0' || k >= s->sst->n) {
                stop(&s->x, "第 %ld 行第 %ld 列引用了不存在的共享字符串", s->row, s->col + 1);
                return;
            }
            value = s->sst->v[k];
        }
        if (value[0] == '\0')
            return;
        size_t need = (size_t)s->col + 1;
        if (need > s->nfields) {
            s->fields = xrealloc(s->fields, need * sizeof(*s->fields));
            for (size_t i = s->nfields; i < need; i++)
                s->fields[i] = NULL;
            s->nfields = need;
        }
        s->fields[s->col] = xstrdup(value);
        s->nonempty = 1;
    } else if (strcmp(l, "row") == 0 && s->row > 0) {
        s->prev_row = s->row;
        if (s->nonempty) {
            if (s->out->nrows == s->max_rows) {
                s->too_many = 1;
                stop(&s->x, "工作表超过 %zu 行", s->max_rows);
                return;
            }
            if (s->out->nrows == s->cap) {
                s->cap = s->cap ? 2 * s->cap : 64;
                s->out->rows = xrealloc(s->out->rows, s->cap * sizeof(*s->out->rows));
            }
            for (size_t i = 0; i < s->nfields; i++)
                if (s->fields[i] == NULL)
                    s->fields[i] = xstrdup("");
            struct csv_row *row = &s->out->rows[s->out->nrows++];
            row->line = (int)s->row;
            row->nfields = s->nfields;
            row->fields = s->fields;
            s->fields = NULL;
            s->nfields = 0;
        }
        row_clear(s);
        s->row = 0;
    }
}

static void XMLCALL on_sheet_text(void *ud, const XML_Char *str, int n)
{
    struct sheet *s = ud;
    if (s->in_value)
        text_add(&s->t, str, n);
}

int xlsxread_parse(const void *data, size_t len, size_t max_rows, size_t max_fields,
                   struct csv_table *out, char *err, size_t errlen)
{
    out->nrows = 0;
    out->rows = NULL;
    struct book b = {.err = err, .errlen = errlen};
    if (errlen > 0)
        err[0] = '\0';
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src != NULL)
        b.z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (b.z == NULL) {
        if (src != NULL)
            zip_source_free(src);
        zip_error_fini(&ze);
        refuse(&b, "不是 Excel 工作簿（.xlsx）：无法作为 ZIP 文件打开");
        return -1;
    }
    zip_error_fini(&ze);
    zip_int64_t entries = zip_get_num_entries(b.z, 0);
    struct first_sheet fs = {0};
    struct strings sst = {0};
    struct sheet sh = {0};
    char *buf = NULL;
    size_t n;
    int rc;
    if (entries < 0 || entries > XLSX_ENTRIES_MAX) {
        refuse(&b, "工作簿的文件超过 %d 个，不予读取", XLSX_ENTRIES_MAX);
        goto out;
    }
    if (find_first_sheet(&b, &fs) != 0)
        goto out;
    rc = read_entry(&b, "xl/sharedStrings.xml", &buf, &n);
    if (rc < 0)
        goto out;
    if (rc > 0) {
        sst.x = (struct xml){.b = &b, .name = "xl/sharedStrings.xml"};
        rc = parse(&sst.x, buf, n, on_sst_start, on_sst_end, on_sst_text);
        free(buf);
        buf = NULL;
        if (rc != 0)
            goto out;
    }
    rc = read_entry(&b, fs.target, &buf, &n);
    if (rc == 0)
        refuse(&b, "工作簿缺少第一个工作表 %s", fs.target);
    if (rc <= 0)
        goto out;
    sh.x = (struct xml){.b = &b, .name = fs.target};
    sh.sst = &sst;
    sh.out = out;
    sh.max_rows = max_rows;
    sh.max_fields = max_fields;
    parse(&sh.x, buf, n, on_sheet_start, on_sheet_end, on_sheet_text);
    free(buf);
    row_clear(&sh);
out:
    strings_free(&sst);
    zip_discard(b.z);
    if (b.failed) {
        int too_many = sh.too_many;
        csvtable_free(out);
        return too_many ? CSVTABLE_ETOOMANY : -1;
    }
    return 0;
}
