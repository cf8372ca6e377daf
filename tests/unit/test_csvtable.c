/* test_csvtable.c -- CSV text into rows with line numbers (common/csvtable.c). Every table is
 * released with csvtable_free, so the sanitizer build also checks that nothing leaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/csvtable.h"

static char err[256];

/* Parses the NUL-terminated text with generous limits unless told otherwise. */
static int parse(const char *text, size_t max_rows, size_t max_fields, struct csv_table *t)
{
    memset(err, 0, sizeof(err));
    return csvtable_parse(text, strlen(text), max_rows, max_fields, t, err, sizeof(err));
}

/* Checks that row i of t starts on line and holds exactly the n fields given. */
static void check_row(const struct csv_table *t, size_t i, int line, size_t n, ...)
{
    assert_true(i < t->nrows);
    const struct csv_row *r = &t->rows[i];
    assert_int_equal(r->line, line);
    assert_int_equal(r->nfields, n);
    va_list ap;
    va_start(ap, n);
    for (size_t k = 0; k < n; k++)
        assert_string_equal(r->fields[k], va_arg(ap, const char *));
    va_end(ap);
}

/* Checks that parsing text fails with a message containing want, and leaves no rows. */
static void check_error(const char *text, size_t max_rows, size_t max_fields, const char *want)
{
    struct csv_table t;
    memset(&t, 0xa5, sizeof(t));
    int rc = parse(text, max_rows, max_fields, &t);
    assert_true(rc == -1 || rc == CSVTABLE_ETOOMANY);
    assert_true(strlen(err) > 0);
    if (strstr(err, want) == NULL)
        fail_msg("error \"%s\" does not contain \"%s\"", err, want);
    assert_int_equal(t.nrows, 0);
    assert_null(t.rows);
}

static void test_plain_rows(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("a,b,c\nd,e,f\ng,h,i\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 3);
    check_row(&t, 0, 1, 3, "a", "b", "c");
    check_row(&t, 1, 2, 3, "d", "e", "f");
    check_row(&t, 2, 3, 3, "g", "h", "i");
    csvtable_free(&t);
    assert_int_equal(t.nrows, 0);
    assert_null(t.rows);
}

/* The last row needs no newline, and rows may differ in width; empty fields are "". */
static void test_ragged_and_unterminated_last_row(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("a,b\nc\nd,,\ne,f", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 4);
    check_row(&t, 0, 1, 2, "a", "b");
    check_row(&t, 1, 2, 1, "c");
    check_row(&t, 2, 3, 3, "d", "", "");
    check_row(&t, 3, 4, 2, "e", "f");
    for (size_t i = 0; i < t.nrows; i++)
        assert_null(t.rows[i].fields[t.rows[i].nfields]);
    csvtable_free(&t);
}

/* A header is an ordinary first row: the caller decides what it means. */
static void test_header_row(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("code,name,level\n140105001001,张花村,village\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 2);
    check_row(&t, 0, 1, 3, "code", "name", "level");
    check_row(&t, 1, 2, 3, "140105001001", "张花村", "village");
    csvtable_free(&t);
}

static void test_blank_lines(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("\na,b\n\n\nc,d\n\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 2);
    check_row(&t, 0, 2, 2, "a", "b");
    check_row(&t, 1, 5, 2, "c", "d");
    csvtable_free(&t);

    /* Blank lines do not count towards max_rows. */
    assert_int_equal(parse("a\n\n\n\nb\n\n", 2, 10, &t), 0);
    assert_int_equal(t.nrows, 2);
    check_row(&t, 1, 5, 1, "b");
    csvtable_free(&t);
}

static void test_quoted_fields(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("\"a,b\",\"say \"\"hi\"\"\",c,\"\"\n\"x\"\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 2);
    check_row(&t, 0, 1, 4, "a,b", "say \"hi\"", "c", "");
    check_row(&t, 1, 2, 1, "x");
    csvtable_free(&t);
}

/* A row is numbered by the line it starts on; the newline inside it still counts for the
 * rows after it. */
static void test_embedded_newline(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("a,\"one\ntwo\"\nb,c\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 2);
    check_row(&t, 0, 1, 2, "a", "one\ntwo");
    check_row(&t, 1, 3, 2, "b", "c");
    csvtable_free(&t);

    /* The first field of the row spans lines. */
    assert_int_equal(parse("x\n\"one\ntwo\n\nthree\",y\nz\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 3);
    check_row(&t, 0, 1, 1, "x");
    check_row(&t, 1, 2, 2, "one\ntwo\n\nthree", "y");
    check_row(&t, 2, 6, 1, "z");
    csvtable_free(&t);

    /* A CRLF inside quotes is kept as it is. */
    assert_int_equal(parse("\"one\r\ntwo\",a\r\nb\r\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 2);
    check_row(&t, 0, 1, 2, "one\r\ntwo", "a");
    check_row(&t, 1, 3, 1, "b");
    csvtable_free(&t);
}

static void test_bom_skipped(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("\xef\xbb\xbf"
                           "code,name\n1,2\n",
                           10, 10, &t),
                     0);
    assert_int_equal(t.nrows, 2);
    check_row(&t, 0, 1, 2, "code", "name");
    check_row(&t, 1, 2, 2, "1", "2");
    csvtable_free(&t);

    assert_int_equal(parse("\xef\xbb\xbf", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 0);
    csvtable_free(&t);

    /* Only a leading mark is skipped; a partial one is data. */
    assert_int_equal(parse("\xef\xbb"
                           "x\n",
                           10, 10, &t),
                     0);
    assert_int_equal(t.nrows, 1);
    check_row(&t, 0, 1, 1,
              "\xef\xbb"
              "x");
    csvtable_free(&t);
}

static void test_crlf(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("a,b\r\nc,d\r\n\r\ne,f\r\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 3);
    check_row(&t, 0, 1, 2, "a", "b");
    check_row(&t, 1, 2, 2, "c", "d");
    check_row(&t, 2, 4, 2, "e", "f");
    csvtable_free(&t);
}

static void test_unterminated_quote(void **state)
{
    check_error("a,b\n\"open,c\n", 10, 10, "第 2 行");
    check_error("a,b\nc,d\ne,\"open", 10, 10, "第 3 行");
    /* The quote opens on line 2; the lines after it are swallowed into the field. */
    check_error("a,b\n\"open,c\nd\ne\n", 10, 10, "第 2 行");
    check_error("a,b\nc,\"open\nd\ne\n", 10, 10, "第 2 行");
}

/* Strict RFC 4180: a quote must close its field. */
static void test_stray_quote(void **state)
{
    check_error("a,b\nc,d\n\"x\"y,z\n", 10, 10, "第 3 行");
}

static void test_too_many_rows(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("a\nb\nc\n", 3, 10, &t), 0);
    assert_int_equal(t.nrows, 3);
    csvtable_free(&t);
    check_error("a\nb\nc\n", 2, 10, "2");
    assert_int_equal(parse("a\nb\nc\n", 2, 10, &t), CSVTABLE_ETOOMANY); /* told apart */
    assert_int_equal(parse("a,b,c\n", 10, 2, &t), -1);
    check_error("a\nb\nc", 2, 10, "2");
    check_error("a\n", 0, 10, "0");
}

static void test_too_many_fields(void **state)
{
    struct csv_table t;
    assert_int_equal(parse("a,b,c\nd,e,f\n", 10, 3, &t), 0);
    assert_int_equal(t.nrows, 2);
    csvtable_free(&t);
    check_error("a,b,c\n", 10, 2, "第 1 行");
    check_error("a,b\nc,d\ne,f,g\nh\n", 10, 2, "第 3 行");
    /* The last row, without a newline. */
    check_error("a,b\nc,d,e", 10, 2, "第 2 行");
    /* A row starting with a multi-line field is named by its first line. */
    check_error("a\n\"b\nc\",d,e\n", 10, 2, "第 2 行");
}

static void test_empty_input(void **state)
{
    struct csv_table t;
    memset(&t, 0xa5, sizeof(t));
    assert_int_equal(csvtable_parse("", 0, 10, 10, &t, err, sizeof(err)), 0);
    assert_int_equal(t.nrows, 0);
    csvtable_free(&t);
    assert_int_equal(parse("\n\n\r\n", 10, 10, &t), 0);
    assert_int_equal(t.nrows, 0);
    csvtable_free(&t);
}

/* len bounds the text: bytes past it are not read. */
static void test_len_respected(void **state)
{
    struct csv_table t;
    const char text[] = "a,b\nc,d\n";
    assert_int_equal(csvtable_parse(text, 4, 10, 10, &t, err, sizeof(err)), 0);
    assert_int_equal(t.nrows, 1);
    check_row(&t, 0, 1, 2, "a", "b");
    csvtable_free(&t);
}

static void test_chinese_text(void **state)
{
    struct csv_table t;
    const char *text = "行政区划代码,名称,示范类型\n"
                       "140105001001,张花村,\"乡村振兴示范村,数字乡村示范村\"\n"
                       "140105001002,\"北格村（“东”）\",特色产业示范基地\n";
    assert_int_equal(parse(text, 10, 10, &t), 0);
    assert_int_equal(t.nrows, 3);
    check_row(&t, 0, 1, 3, "行政区划代码", "名称", "示范类型");
    check_row(&t, 1, 2, 3, "140105001001", "张花村", "乡村振兴示范村,数字乡村示范村");
    check_row(&t, 2, 3, 3, "140105001002", "北格村（“东”）", "特色产业示范基地");
    csvtable_free(&t);
}

/* Many rows and wide fields make the tables grow several times; ASan checks the frees. */
static void test_growth(void **state)
{
    enum { ROWS = 500 };
    static char text[ROWS * 40];
    size_t off = 0;
    for (int i = 0; i < ROWS; i++) {
        memcpy(text + off, "1,2,3,4,5,6,7,8,9,10,11,12\n", 27);
        off += 27;
    }
    text[off] = '\0';
    struct csv_table t;
    assert_int_equal(parse(text, ROWS, 12, &t), 0);
    assert_int_equal(t.nrows, ROWS);
    check_row(&t, ROWS - 1, ROWS, 12, "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
              "12");
    csvtable_free(&t);
    check_error(text, ROWS - 1, 12, "行");
    check_error(text, ROWS, 11, "第 1 行");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_rows),
        cmocka_unit_test(test_ragged_and_unterminated_last_row),
        cmocka_unit_test(test_header_row),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_embedded_newline),
        cmocka_unit_test(test_bom_skipped),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_stray_quote),
        cmocka_unit_test(test_too_many_rows),
        cmocka_unit_test(test_too_many_fields),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_len_respected),
        cmocka_unit_test(test_chinese_text),
        cmocka_unit_test(test_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
