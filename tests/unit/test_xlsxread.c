/* test_xlsxread.c -- the .xlsx reader (common/xlsxread.c): a workbook made here with libzip
 * (the parts as Excel writes them) reads as the CSV reader's table: shared strings (rich text
 * runs joined, phonetic runs left out), inline strings, numbers and dates as stored, cells
 * missing in a row as "", empty rows skipped, the first sheet found through the workbook's
 * relationship whatever its file is called; and each limit refused at its edge: entries,
 * compressed and uncompressed bytes of an entry, the compression ratio (a zip bomb), an entry
 * inflating past its declared size, shared strings, a cell's bytes, rows, columns, a DOCTYPE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "common/xlsxread.h"

struct part {
    const char *name;
    const char *text; /* NUL-terminated, or data/len */
    const void *data;
    size_t len;
    int store; /* no compression */
};

/* A ZIP archive of the parts, in a fresh buffer (*len bytes). */
static char *zip_of(const struct part *parts, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        const void *d = parts[i].text != NULL ? parts[i].text : parts[i].data;
        size_t l = parts[i].text != NULL ? strlen(parts[i].text) : parts[i].len;
        zip_source_t *s = zip_source_buffer(z, d, l, 0);
        assert_non_null(s);
        zip_int64_t idx = zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        if (parts[i].store)
            assert_int_equal(zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
    }
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t size = zip_source_tell(src);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    char *buf = malloc((size_t)size);
    assert_int_equal(zip_source_read(src, buf, (zip_uint64_t)size), size);
    zip_source_close(src);
    zip_source_free(src);
    *len = (size_t)size;
    return buf;
}

#define WORKBOOK                                                                                   \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                              \
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "               \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"             \
    "<sheets><sheet name=\"项目\" sheetId=\"1\" r:id=\"rId3\"/>"                                 \
    "<sheet name=\"其他\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS                                                                                       \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"       \
    "<Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet1.xml\"/>"                      \
    "<Relationship Id=\"rId3\" Type=\"x\" Target=\"/xl/worksheets/first.xml\"/></Relationships>"
#define SST                                                                                        \
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\">"        \
    "<si><t>项目名称</t></si>"                                                                 \
    "<si><r><t>光伏</t></r><r><rPr/><t xml:space=\"preserve\">电站</t></r>"                    \
    "<rPh sb=\"0\" eb=\"1\"><t>guang</t></rPh></si>"                                               \
    "<si><t>a&amp;b</t></si></sst>"
#define SHEET_HEAD                                                                                 \
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

static int read_parts(const struct part *parts, size_t n, size_t max_rows, size_t max_fields,
                      struct csv_table *t, char *err)
{
    size_t len;
    char *z = zip_of(parts, n, &len);
    assert_true(xlsxread_is_zip(z, len));
    int rc = xlsxread_parse(z, len, max_rows, max_fields, t, err, 256);
    free(z);
    return rc;
}

static int read_sheet(const char *sheet, size_t max_rows, size_t max_fields, struct csv_table *t,
                      char *err)
{
    const struct part parts[] = {
        {"xl/workbook.xml", WORKBOOK, NULL, 0, 0},
        {"xl/_rels/workbook.xml.rels", RELS, NULL, 0, 0},
        {"xl/sharedStrings.xml", SST, NULL, 0, 0},
        {"xl/worksheets/sheet1.xml",
         SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>wrong</v></c></row>" SHEET_TAIL, NULL, 0, 0},
        {"xl/worksheets/first.xml", sheet, NULL, 0, 0},
    };
    return read_parts(parts, 5, max_rows, max_fields, t, err);
}

static void test_cells(void **state)
{
    (void)state;
    struct csv_table t;
    char err[256];
    int rc = read_sheet(
        SHEET_HEAD
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
        "<row r=\"2\"/>"
        "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>1</v></c><c r=\"B4\"><v>2016</v></c>"
        "<c r=\"C4\" t=\"inlineStr\"><is><t>县农业农村局</t></is></c>"
        "<c r=\"D4\"><v>42430</v></c><c r=\"E4\" t=\"b\"><v>1</v></c>"
        "<c r=\"F4\" t=\"str\"><f>A4</f><v>光伏电站</v></c></row>" SHEET_TAIL,
        100, 16, &t, err);
    if (rc != 0)
        fail_msg("%s", err);
    assert_int_equal(t.nrows, 2);
    assert_int_equal(t.rows[0].line, 1);
    assert_int_equal(t.rows[0].nfields, 3);
    assert_string_equal(t.rows[0].fields[0], "项目名称");
    assert_string_equal(t.rows[0].fields[1], "");
    assert_string_equal(t.rows[0].fields[2], "a&b");
    assert_int_equal(t.rows[1].line, 4);
    assert_int_equal(t.rows[1].nfields, 6);
    static const char *const want[] = {"光伏电站", "2016", "县农业农村局",
                                       "42430",    "1",    "光伏电站"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(t.rows[1].fields[i], want[i]);
    csvtable_free(&t);
}

static void refused(int rc, const char *err, const char *want)
{
    assert_int_equal(rc, -1);
    if (strstr(err, want) == NULL)
        fail_msg("refused with \"%s\", expected it to say \"%s\"", err, want);
}

static void test_limits_of_the_sheet(void **state)
{
    (void)state;
    struct csv_table t;
    char err[256];
    /* rows: max_rows, then one more */
    const char *three =
        SHEET_HEAD "<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>"
                   "<row r=\"3\"><c><v>3</v></c></row>" SHEET_TAIL;
    assert_int_equal(read_sheet(three, 3, 4, &t, err), 0);
    assert_int_equal(t.nrows, 3);
    csvtable_free(&t);
    assert_int_equal(read_sheet(three, 2, 4, &t, err), CSVTABLE_ETOOMANY);
    assert_int_equal(t.nrows, 0);
    /* columns: D is the fourth */
    const char *four = SHEET_HEAD "<row r=\"1\"><c r=\"D1\"><v>1</v></c></row>" SHEET_TAIL;
    assert_int_equal(read_sheet(four, 3, 4, &t, err), 0);
    csvtable_free(&t);
    refused(read_sheet(four, 3, 3, &t, err), err, "超过 3 列");
    /* a cell of XLSX_CELL_MAX bytes, and one more */
    char *sheet = malloc(XLSX_CELL_MAX + 200);
    int n = sprintf(sheet, SHEET_HEAD "<row r=\"1\"><c t=\"inlineStr\"><is><t>");
    memset(sheet + n, 'x', XLSX_CELL_MAX);
    strcpy(sheet + n + XLSX_CELL_MAX, "</t></is></c></row>" SHEET_TAIL);
    assert_int_equal(read_sheet(sheet, 3, 4, &t, err), 0);
    assert_int_equal(strlen(t.rows[0].fields[0]), XLSX_CELL_MAX);
    csvtable_free(&t);
    memset(sheet + n, 'x', XLSX_CELL_MAX + 1);
    strcpy(sheet + n + XLSX_CELL_MAX + 1, "</t></is></c></row>" SHEET_TAIL);
    refused(read_sheet(sheet, 3, 4, &t, err), err, "字节");
    free(sheet);
    /* rows out of order, a shared string that is not there, bad XML, a DOCTYPE */
    refused(read_sheet(SHEET_HEAD "<row r=\"2\"><c><v>1</v></c></row><row r=\"1\"/>" SHEET_TAIL, 3,
                       4, &t, err),
            err, "行号");
    refused(read_sheet(SHEET_HEAD "<row r=\"1\"><c t=\"s\"><v>3</v></c></row>" SHEET_TAIL, 3, 4, &t,
                       err),
            err, "共享字符串");
    refused(read_sheet(SHEET_HEAD "<row r=\"1\"><c><v>1</c></row>" SHEET_TAIL, 3, 4, &t, err), err,
            "XML");
    refused(read_sheet("<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\">"
                       "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>" SHEET_HEAD
                       "<row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c></row>" SHEET_TAIL,
                       3, 4, &t, err),
            err, "DOCTYPE");
}

static void test_limits_of_the_archive(void **state)
{
    (void)state;
    struct csv_table t;
    char err[256];
    /* not a zip at all, and a zip without a workbook */
    assert_false(xlsxread_is_zip("项目名称,村代码\n", 10));
    refused(xlsxread_parse("PK\3\4garbage", 11, 10, 10, &t, err, sizeof(err)), err, "ZIP");
    const struct part none[] = {{"hello.txt", "hi", NULL, 0, 0}};
    refused(read_parts(none, 1, 10, 10, &t, err), err, "xl/workbook.xml");
    /* entries: XLSX_ENTRIES_MAX in all, and one more */
    struct part *many = calloc(XLSX_ENTRIES_MAX + 1, sizeof(*many));
    char(*names)[32] = calloc(XLSX_ENTRIES_MAX + 1, 32);
    many[0] = (struct part){"xl/workbook.xml", WORKBOOK, NULL, 0, 0};
    many[1] = (struct part){"xl/_rels/workbook.xml.rels", RELS, NULL, 0, 0};
    many[2] = (struct part){"xl/worksheets/first.xml",
                            SHEET_HEAD "<row r=\"1\"><c><v>1</v></c></row>" SHEET_TAIL, NULL, 0, 0};
    for (size_t i = 3; i <= XLSX_ENTRIES_MAX; i++) {
        snprintf(names[i], 32, "docProps/x%zu.xml", i);
        many[i] = (struct part){names[i], "<x/>", NULL, 0, 0};
    }
    assert_int_equal(read_parts(many, XLSX_ENTRIES_MAX, 10, 10, &t, err), 0);
    csvtable_free(&t);
    refused(read_parts(many, XLSX_ENTRIES_MAX + 1, 10, 10, &t, err), err, "文件超过");
    free(many);
    free(names);
    /* a zip bomb: a sheet of spaces that deflates more than XLSX_RATIO_MAX times */
    size_t big = 8u << 20;
    char *spaces = malloc(big + 1);
    memcpy(spaces, SHEET_HEAD, strlen(SHEET_HEAD));
    memset(spaces + strlen(SHEET_HEAD), ' ', big - strlen(SHEET_HEAD) - strlen(SHEET_TAIL));
    strcpy(spaces + big - strlen(SHEET_TAIL), SHEET_TAIL);
    struct part bomb[] = {
        {"xl/workbook.xml", WORKBOOK, NULL, 0, 0},
        {"xl/_rels/workbook.xml.rels", RELS, NULL, 0, 0},
        {"xl/worksheets/first.xml", NULL, spaces, big, 0},
    };
    refused(read_parts(bomb, 3, 10, 10, &t, err), err, "压缩炸弹");
    /* compressed bytes: XLSX_COMPRESSED_MAX + 1 stored (ratio 1) */
    free(spaces);
    size_t over = XLSX_COMPRESSED_MAX + 1;
    char *noise = malloc(over);
    uint32_t x = 12345;
    for (size_t i = 0; i < over; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(x >> 24);
    }
    bomb[2] = (struct part){"xl/worksheets/first.xml", NULL, noise, over, 1};
    refused(read_parts(bomb, 3, 10, 10, &t, err), err, "压缩后超过");
    free(noise);
    /* uncompressed bytes: XLSX_ENTRY_MAX + 1 of spaces (a ratio under the limit is not what
     * stops it: the declared size is) */
    size_t huge = (size_t)XLSX_ENTRY_MAX + 1;
    char *blank = malloc(huge);
    memset(blank, ' ', huge);
    bomb[2] = (struct part){"xl/worksheets/first.xml", NULL, blank, huge, 0};
    refused(read_parts(bomb, 3, 10, 10, &t, err), err, "解压后超过");
    free(blank);
}

/* Shared strings: XLSX_STRINGS_MAX of them, and one more (stored: they would deflate past the
 * ratio limit first). */
static void test_shared_strings_limit(void **state)
{
    (void)state;
    struct csv_table t;
    char err[256];
    static const char si[] = "<si><t>a</t></si>";
    size_t cap = 200 + (XLSX_STRINGS_MAX + 1) * (sizeof(si) - 1);
    char *sst = malloc(cap);
    for (int extra = 0; extra <= 1; extra++) {
        size_t at = (size_t)snprintf(sst, cap,
                                     "<sst xmlns=\"http://schemas.openxmlformats.org/"
                                     "spreadsheetml/2006/main\">");
        for (int i = 0; i < XLSX_STRINGS_MAX + extra; i++) {
            memcpy(sst + at, si, sizeof(si) - 1);
            at += sizeof(si) - 1;
        }
        snprintf(sst + at, cap - at, "</sst>");
        const struct part parts[] = {
            {"xl/workbook.xml", WORKBOOK, NULL, 0, 0},
            {"xl/_rels/workbook.xml.rels", RELS, NULL, 0, 0},
            {"xl/sharedStrings.xml", sst, NULL, 0, 1},
            {"xl/worksheets/first.xml",
             SHEET_HEAD "<row r=\"1\"><c t=\"s\"><v>199999</v></c></row>" SHEET_TAIL, NULL, 0, 0},
        };
        int rc = read_parts(parts, 4, 10, 10, &t, err);
        if (extra == 0) {
            assert_int_equal(rc, 0);
            assert_string_equal(t.rows[0].fields[0], "a");
            csvtable_free(&t);
        } else {
            refused(rc, err, "共享字符串超过");
        }
    }
    free(sst);
}

/* An entry that inflates past the size its header declares is refused, not read on. */
static void test_lying_sizes(void **state)
{
    (void)state;
    struct csv_table t;
    char err[256];
    const char *sheet = SHEET_HEAD "<row r=\"1\"><c><v>12345</v></c></row>" SHEET_TAIL;
    const struct part parts[] = {
        {"xl/workbook.xml", WORKBOOK, NULL, 0, 0},
        {"xl/_rels/workbook.xml.rels", RELS, NULL, 0, 0},
        {"xl/worksheets/first.xml", sheet, NULL, 0, 1},
    };
    size_t len;
    char *z = zip_of(parts, 3, &len);
    /* the stored sheet's uncompressed size, in its local header (offset 22) and the central
     * directory (offset 24 of its record), made 10 bytes smaller */
    uint32_t want = (uint32_t)strlen(sheet), lied = want - 10;
    int patched = 0;
    for (size_t i = 0; i + 46 < len; i++) {
        uint32_t v;
        if (memcmp(z + i, "PK\1\2", 4) == 0) {
            memcpy(&v, z + i + 24, 4);
            if (v == want)
                memcpy(z + i + 24, &lied, 4), patched++;
        } else if (memcmp(z + i, "PK\3\4", 4) == 0) {
            memcpy(&v, z + i + 22, 4);
            if (v == want)
                memcpy(z + i + 22, &lied, 4), patched++;
        }
    }
    assert_int_equal(patched, 2);
    int rc = xlsxread_parse(z, len, 10, 10, &t, err, sizeof(err));
    free(z);
    assert_int_equal(rc, -1);
    assert_int_equal(t.nrows, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_limits_of_the_sheet),
        cmocka_unit_test(test_limits_of_the_archive),
        cmocka_unit_test(test_shared_strings_limit),
        cmocka_unit_test(test_lying_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
