/* test_circular_render.c -- the circular's renderings (server/circular/render.c;
 * docs/circulars.md): a PDF and an xlsx, the same circular the same bytes (the creation dates
 * are the issuing day's, never the clock's), a different circular different bytes; a table
 * longer than a page goes on over pages (the PDF grows a page, the header repeated). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/circular/render.h"

static const char *const headers[] = {"村", "工作队", "干部", "问题", "整改时限", "扣分"};
static const char *const cells[] = {
    "测试一村",   "测试一村工作队",
    "张三",       "暗访当日不在岗，未履行请假手续",
    "2026-12-31", "2",
    "测试二村",   "测试二村工作队",
    "",           "民情日记记录不全",
    "2027-01-15", "",
};

static struct circular_doc doc(void)
{
    struct circular_doc d = {
        .office = "岢岚县驻村工作办公室",
        .doc_number = "岚驻办通〔2026〕12号",
        .title = "关于2026年11月驻村工作暗访情况的通报",
        .body = "各乡镇、各驻村工作队：\n县驻村办对部分驻村工作队进行了暗访。\n请限期整改。",
        .issued_on = "2026-12-05",
        .ncols = 6,
        .nrows = 2,
        .headers = headers,
        .cells = cells,
    };
    return d;
}

/* The number of pages of a PDF: its "/Type /Page" objects that are not "/Pages". */
static int pages(const uint8_t *pdf, size_t len)
{
    int n = 0;
    for (size_t i = 0; i + 11 <= len; i++)
        if (memcmp(pdf + i, "/Type /Page", 11) == 0 && (i + 11 == len || pdf[i + 11] != 's'))
            n++;
    return n;
}

static void test_same_bytes(void **state)
{
    (void)state;
    struct circular_doc d = doc();
    uint8_t *a, *b, *x, *y;
    size_t alen, blen, xlen, ylen;
    assert_int_equal(circular_render_pdf(&d, &a, &alen), 0);
    assert_int_equal(circular_render_pdf(&d, &b, &blen), 0);
    assert_true(alen > 1000);
    assert_memory_equal(a, "%PDF", 4);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    assert_int_equal(pages(a, alen), 1);
    assert_int_equal(circular_render_xlsx(&d, &x, &xlen), 0);
    assert_int_equal(circular_render_xlsx(&d, &y, &ylen), 0);
    assert_memory_equal(x, "PK", 2);
    assert_int_equal(xlen, ylen);
    assert_memory_equal(x, y, xlen);
    free(b);
    free(y);
    /* another day: other bytes */
    d.issued_on = "2026-12-06";
    assert_int_equal(circular_render_pdf(&d, &b, &blen), 0);
    assert_true(alen != blen || memcmp(a, b, alen) != 0);
    free(a);
    free(b);
    free(x);
}

static void test_long_table(void **state)
{
    (void)state;
    struct circular_doc d = doc();
    enum { ROWS = 80 };
    const char **many = calloc(ROWS * 6, sizeof(*many));
    assert_non_null(many);
    for (int r = 0; r < ROWS; r++)
        memcpy(many + r * 6, cells, 6 * sizeof(*cells));
    d.cells = many;
    d.nrows = ROWS;
    uint8_t *pdf;
    size_t len;
    assert_int_equal(circular_render_pdf(&d, &pdf, &len), 0);
    assert_true(pages(pdf, len) >= 3);
    free(pdf);
    /* no table at all */
    d.ncols = 0;
    d.nrows = 0;
    assert_int_equal(circular_render_pdf(&d, &pdf, &len), 0);
    assert_int_equal(pages(pdf, len), 1);
    free(pdf);
    free(many);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_long_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
