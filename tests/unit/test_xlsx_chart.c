/* test_xlsx_chart.c -- the report workbooks' chart sheet (client/cli/xlsx.c, xlsx_chart): the
 * bars sorted lowest first with the average beside them, a trend in the order given, at most
 * XLSX_CHART_POINTS_MAX points drawn (the limit's edge), and no chart when there is nothing to
 * draw. The workbook is written to a temporary file and its parts read back with libzip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "xlsx.h"

/* Writes a workbook with chart c over points to a temporary file; returns its path (free). */
static char *book_with(const struct xlsx_chart *c, const struct xlsx_point *points, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    char *path = NULL;
    assert_true(asprintf(&path, "%s/zt-xlsx-chart-XXXXXX", tmp != NULL ? tmp : "/tmp") > 0);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct xlsx_book *b = xlsx_open(path);
    assert_non_null(b);
    xlsx_chart(b, c, points, n);
    assert_int_equal(xlsx_close(b), 0);
    return path;
}

/* The part name of the workbook at path, NUL-terminated (free), or NULL when it has none. */
static char *part(const char *path, const char *name)
{
    int err;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(z);
    zip_stat_t st;
    char *text = NULL;
    if (zip_stat(z, name, 0, &st) == 0) {
        text = calloc(1, st.size + 1);
        assert_non_null(text);
        zip_file_t *f = zip_fopen(z, name, 0);
        assert_non_null(f);
        assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
        zip_fclose(f);
    }
    zip_close(z);
    return text;
}

/* 1 when the workbook at path has a sheet (or chart sheet) called name. */
static int has_sheet(const char *path, const char *name)
{
    char *book = part(path, "xl/workbook.xml"), quoted[128];
    assert_non_null(book);
    snprintf(quoted, sizeof(quoted), "name=\"%s\"", name);
    int found = strstr(book, quoted) != NULL;
    free(book);
    return found;
}

static const struct xlsx_chart bars = {
    .kind = XLSX_CHART_BARS,
    .name = "图表",
    .title = "测试县 2026-11 走访完成率（按单位）",
    .label_axis = "单位",
    .rate_name = "完成率",
    .average_name = "测试县平均 50.0%",
    .average = 0.5,
};

/* The values cached in the chart, in order, as "v1,v2,...": the first series only. */
static void first_series(const char *xml, char *out, size_t cap)
{
    const char *ser = strstr(xml, "<c:numCache>"), *end = strstr(xml, "</c:numCache>");
    assert_non_null(ser);
    out[0] = '\0';
    size_t n = 0;
    for (const char *v = strstr(ser, "<c:v>"); v != NULL && v < end; v = strstr(v + 1, "<c:v>"))
        n += (size_t)snprintf(out + n, cap - n, "%s%.*s", n ? "," : "", (int)strcspn(v + 5, "<"),
                              v + 5);
}

/* The chart of a workbook with chart c over points (written to *path), whose first series
 * holds values ("v1,v2,..."): its XML (free). */
static char *drawn(const struct xlsx_chart *c, const struct xlsx_point *points, size_t n,
                   const char *values, char **path)
{
    *path = book_with(c, points, n);
    char *xml = part(*path, "xl/charts/chart1.xml");
    assert_non_null(xml);
    char got[200];
    first_series(xml, got, sizeof(got));
    assert_string_equal(got, values);
    return xml;
}

static void test_bars_sorted_with_average(void **state)
{
    (void)state;
    const struct xlsx_point points[] = {
        {"乙镇", 0.25}, {"甲乡", 0.75}, {"丙乡", 0.5}, {"丁乡", 0.75}};
    char *path;
    char *xml = drawn(&bars, points, 4, "0.25,0.5,0.75,0.75", &path);
    /* equal rates by label (bytes): 丁 (E4 B8 81) before 甲 (E7 94 B2) */
    assert_true(strstr(xml, "丁乡") < strstr(xml, "甲乡"));
    assert_non_null(strstr(xml, "<c:barChart>"));
    assert_non_null(strstr(xml, "<c:trendline>"));
    assert_non_null(strstr(xml, "测试县平均 50.0%"));
    assert_non_null(strstr(xml, "$C$4:$C$7")); /* the average's cells */
    assert_true(has_sheet(path, "图表数据") && has_sheet(path, "图表"));
    free(xml);
    unlink(path);
    free(path);
}

static void test_trend_in_order(void **state)
{
    (void)state;
    const struct xlsx_chart trend = {
        .kind = XLSX_CHART_TREND,
        .name = "图表",
        .title = "测试县走访考核趋势",
        .label_axis = "月份",
        .rate_name = "完成率",
    };
    const struct xlsx_point points[] = {{"2026-10", 0.25}, {"2026-11", 0.75}, {"2026-12", 0.5}};
    char *path;
    char *xml = drawn(&trend, points, 3, "0.25,0.75,0.5", &path);
    assert_non_null(strstr(xml, "<c:lineChart>"));
    assert_null(strstr(xml, "<c:trendline>"));
    free(xml);
    unlink(path);
    free(path);
}

/* XLSX_CHART_POINTS_MAX points are drawn, the ones after are not; none: no chart at all. */
static void test_limit_and_empty(void **state)
{
    (void)state;
    size_t n = XLSX_CHART_POINTS_MAX + 1;
    struct xlsx_point *points = calloc(n, sizeof(*points));
    assert_non_null(points);
    for (size_t i = 0; i < n; i++)
        points[i] = (struct xlsx_point){"村", i == n - 1 ? 1.0 : 0.5};
    char *path = book_with(&bars, points, n);
    char *xml = part(path, "xl/charts/chart1.xml");
    assert_non_null(xml);
    char range[64];
    snprintf(range, sizeof(range), "$B$4:$B$%d", 3 + XLSX_CHART_POINTS_MAX);
    assert_non_null(strstr(xml, range));
    assert_null(strstr(xml, "<c:v>1</c:v>")); /* the point past the limit */
    free(xml);
    unlink(path);
    free(path);
    free(points);

    path = book_with(&bars, NULL, 0);
    assert_null(part(path, "xl/charts/chart1.xml"));
    assert_true(has_sheet(path, "图表数据") && !has_sheet(path, "图表"));
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bars_sorted_with_average),
        cmocka_unit_test(test_trend_in_order),
        cmocka_unit_test(test_limit_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
