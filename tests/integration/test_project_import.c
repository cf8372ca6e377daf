/* test_project_import.c -- the historical import of projects (ProjectImport; docs/lookback.md,
 * "The historical import"): a good CSV (with a byte-order mark) and a good workbook made here
 * with libxlsxwriter (numbers, shared strings, dates as Excel serials and as text) import
 * every project with origin 'import' in its state, with its villages and funds, audited once
 * with the count; a retried import with the same key is applied once; each kind of bad row is
 * refused with its row and column named and nothing written, also when the other rows are
 * good; a village out of scope is NOT_FOUND; a project already there is named; a zip bomb is
 * refused whole; the CLI checks locally (--dry-run) and imports. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "common/projimport.h"
#include "common/rules/date.h"

#define PW      "correct horse battery"
#define PROV    "140000000000"
#define COUNTY  "140105000000"
#define VA      "140105001001"
#define VB      "140105001002"
#define COUNTY2 "140106000000"
#define VC      "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *county;
static char cli_base[1200];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

#define HEADER                                                                                                                          \
    "项目名称,村代码,项目类型,年度,总投资(元),资金来源,实施单位,计划开工,计划完工,实际开工,实际" \
    "完工,当前状态,受益户数,其中脱贫户,其中监测户,状态说明\n"

/* Three good projects: in maintenance over two villages with two sources; under construction
 * (dates as YYYY/M/D); cancelled with its reason. */
static const char *good_rows =
    "测试一村光伏电站,140105001001;140105001002,产业发展,2016,500000,中央财政资金:300000;"
    "县级财政资金:"
    "200000,县农业农村局,2016-03-01,2016-10-31,2016-03-10,2016-09-20,管护,40,30,5,\n"
    "测试二村产业路,140105001002,infrastructure,2026,120000.50,county:120000.50,县交通运输局,"
    "2026/3/1,2026/12/31,2026/4/1,,实施,12,,,\n"
    "测试一村冷库,140105001001,产业发展,2019,80000,帮扶单位资金=80000,乡镇人民政府,2019-04-01,"
    "2019-09-30,,,已取消,0,0,0,选址调整，另行立项\n";

/* The first column of the first row of the SQL, as a number (zt_count). */
#define count(...) zt_count(&srv, __VA_ARGS__)

static Zhucun__Code import(struct zc_client *c, const void *data, size_t len, const char *key,
                           Zhucun__Reply **out)
{
    Zhucun__ProjectImport im = ZHUCUN__PROJECT_IMPORT__INIT;
    im.file.data = (uint8_t *)data;
    im.file.len = len;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_IMPORT;
    req.project_import = &im;
    req.idempotency_key = (char *)(key ? key : "");
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "project_import", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROV, 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "county", PW, "county_office", COUNTY, 0), 0);
    county = zt_login(&srv, "county", PW, NULL);
    snprintf(cli_base, sizeof(cli_base), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/cli",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(prov);
    zc_close(county);
    zt_server_finish(&srv);
    return 0;
}

/* A good CSV with a byte-order mark: every project, once, with a retry of the same key. */
static void test_good_csv_once(void **state)
{
    (void)state;
    char csv[4000];
    snprintf(csv, sizeof(csv), "\xEF\xBB\xBF" HEADER "%s", good_rows);
    Zhucun__Reply *reply = NULL;
    if (import(county, csv, strlen(csv), "project-import-1", &reply) != ZHUCUN__CODE__OK)
        fail_msg("import: %s", reply->status->message);
    assert_int_equal(reply->project_import->projects, 3);
    zc_reply_free(reply);
    assert_int_equal(import(county, csv, strlen(csv), "project-import-1", &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->project_import->projects, 3);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE origin = 'import'"), 3);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'project.import'"
                           " AND (detail ->> 'projects')::int = 3"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE name = '测试一村光伏电站'"
                           " AND village_code = '" VA "' AND kind = 'industry' AND year = 2016"
                           " AND budget_fen = 50000000 AND status = 'maintenance'"
                           " AND actual_end = '2016-09-20' AND status_on = '2016-09-20'"
                           " AND expected_households = 40 AND expected_alleviated = 30"
                           " AND expected_monitored = 5 AND responsible = '县农业农村局'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM project_villages v JOIN projects p"
                           " ON p.id = v.project_id WHERE p.name = '测试一村光伏电站'"
                           " AND v.lead_code = '" VA "'"),
                     2);
    assert_int_equal(count("SELECT sum(f.amount_fen) FROM project_funds f JOIN projects p"
                           " ON p.id = f.project_id WHERE p.name = '测试一村光伏电站'"
                           " AND f.source IN ('central', 'county')"),
                     50000000);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE name = '测试二村产业路'"
                           " AND budget_fen = 12000050 AND planned_start = '2026-03-01'"
                           " AND actual_end IS NULL AND status = 'construction'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE name = '测试一村冷库'"
                           " AND status = 'cancelled' AND status_reason = '选址调整，另行立项'"),
                     1);
    /* the same projects again, with another key: each named as already there */
    assert_int_equal(import(county, csv, strlen(csv), "project-import-2", &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(reply->status->n_fields, 3);
    assert_string_equal(reply->status->fields[0]->field, "line 2.name");
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE origin = 'import'"), 3);
}

/* One bad row among good ones: the whole file refused, the row and the column named. */
static void refused_row(const char *row, const char *field)
{
    char csv[4000];
    snprintf(csv, sizeof(csv), HEADER "%s%s",
             "测试二村文化广场,140105001002,公共服务,2020,30000,县级财政资金:30000,乡镇人民政府,"
             "2020-04-01,2020-08-31,2020-04-02,2020-08-30,管护,100,10,2,\n",
             row);
    long long before = count("SELECT count(*) FROM projects");
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = import(county, csv, strlen(csv), NULL, &reply);
    if (code != ZHUCUN__CODE__INVALID_ARGUMENT || reply->status->n_fields != 1 ||
        strcmp(reply->status->fields[0]->field, field) != 0)
        fail_msg("%s: got %d %s (%s), expected %s", row, code,
                 reply->status->n_fields ? reply->status->fields[0]->field : "-",
                 reply->status->n_fields ? reply->status->fields[0]->message : "", field);
    assert_non_null(strstr(reply->status->fields[0]->message, "第 3 行"));
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM projects"), before);
}

/* The good row of refused_row's file with column col (0-based) replaced by value. */
static const char *row_with(int col, const char *value, char *out, size_t cap)
{
    static const char *const fields[PROJECT_IMPORT_COLUMNS] = {"坏项目",
                                                               VA,
                                                               "产业发展",
                                                               "2018",
                                                               "10000",
                                                               "县级财政资金:10000",
                                                               "县农业农村局",
                                                               "2018-03-01",
                                                               "2018-10-31",
                                                               "2018-03-05",
                                                               "2018-10-01",
                                                               "管护",
                                                               "10",
                                                               "5",
                                                               "2",
                                                               ""};
    size_t at = 0;
    for (int i = 0; i < PROJECT_IMPORT_COLUMNS; i++)
        at += (size_t)snprintf(out + at, cap - at, "%s%s", i ? "," : "",
                               i == col ? value : fields[i]);
    snprintf(out + at, cap - at, "\n");
    return out;
}

static void test_bad_rows_refuse_the_file(void **state)
{
    (void)state;
    static const struct {
        int col;
        const char *value, *field;
    } bad[] = {
        {0, "", "line 3.name"},
        {1, "14010500100", "line 3.village_code"},
        {1, VA ";" VA, "line 3.village_code"},
        {2, "养殖", "line 3.kind"},
        {3, "2012", "line 3.year"},
        {3, "2030", "line 3.year"},
        {4, "10000.123", "line 3.budget"},
        {4, "0", "line 3.budget"},
        {5, "县级财政资金:9000", "line 3.funds"},
        {5, "银行贷款:10000", "line 3.funds"},
        {5, "县级财政资金:5000;县级财政资金:5000", "line 3.funds"},
        {6, "", "line 3.responsible"},
        {7, "2018-02-30", "line 3.planned_start"},
        {8, "2018-01-01", "line 3.planned_end"},
        {9, "", "line 3.actual_start"},
        {10, "2099-01-01", "line 3.actual_end"},
        {11, "完成", "line 3.status"},
        {11, "谋划", "line 3.actual_start"},
        {11, "已取消", "line 3.reason"},
        {12, "abc", "line 3.households"},
        {13, "9", "line 3.alleviated"},
        {15, "不该有说明", "line 3.reason"},
    };
    char row[1000];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        refused_row(row_with(bad[i].col, bad[i].value, row, sizeof(row)), bad[i].field);
    /* the same project twice in the file */
    refused_row("测试二村文化广场,140105001002,公共服务,2020,30000,县级财政资金:30000,乡镇人民政府,"
                "2020-04-01,2020-08-31,2020-04-02,2020-08-30,管护,100,10,2,\n",
                "line 3.name");
    /* the header */
    Zhucun__Reply *reply = NULL;
    const char *wrong = "项目名称,村代码,项目类型,年份\n测试,140105001001,产业发展,2018\n";
    assert_int_equal(import(county, wrong, strlen(wrong), NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "line 1");
    zc_reply_free(reply);
    const char *only = HEADER;
    assert_int_equal(import(county, only, strlen(only), NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "file");
    zc_reply_free(reply);
    /* a village out of scope: NOT_FOUND, as everything out of scope */
    char csv[2000];
    snprintf(csv, sizeof(csv), HEADER "%s", row_with(1, VC, row, sizeof(row)));
    assert_int_equal(import(county, csv, strlen(csv), NULL, &reply), ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(reply->status->fields[0]->field, "line 2.village_code");
    zc_reply_free(reply);
    /* a file over the limit of rows */
    size_t cap = strlen(HEADER) + (PROJECT_IMPORT_ROWS_MAX + 1) * 8 + 1;
    char *many = malloc(cap);
    size_t at = (size_t)snprintf(many, cap, HEADER);
    for (int i = 0; i <= PROJECT_IMPORT_ROWS_MAX; i++)
        at += (size_t)snprintf(many + at, cap - at, "x,y,z\n");
    assert_int_equal(import(county, many, at, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "file");
    zc_reply_free(reply);
    free(many);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE name = '坏项目'"), 0);
}

/* A file's bytes. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* A workbook as an office clerk's: the header and text in shared strings, numbers, dates as
 * Excel date cells (serials) and one as text, a second sheet that is not read. */
static void test_good_xlsx(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof(path), "%s/projects.xlsx", getenv("ZC_TEST_TMP"));
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "历史项目");
    workbook_add_worksheet(wb, "说明");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    for (int i = 0; i < PROJECT_IMPORT_COLUMNS; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, projimport_columns[i], NULL);
    for (int r = 1; r <= 2; r++) {
        char name[64];
        snprintf(name, sizeof(name), "测试二村饮水工程%d期", r);
        worksheet_write_string(ws, (lxw_row_t)r, 0, name, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 1, VB, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 2, "基础设施", NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 3, 2014 + r, NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 4, 250000.5, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 5, "省级财政资金:200000;社会资金:50000.5", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 6, "县水利局", NULL);
        lxw_datetime ps = {2014 + r, 4, 1, 0, 0, 0}, pe = {2014 + r, 10, 31, 0, 0, 0};
        lxw_datetime as = {2014 + r, 4, 15, 0, 0, 0};
        worksheet_write_datetime(ws, (lxw_row_t)r, 7, &ps, date);
        worksheet_write_datetime(ws, (lxw_row_t)r, 8, &pe, date);
        worksheet_write_datetime(ws, (lxw_row_t)r, 9, &as, date);
        char ae[16];
        snprintf(ae, sizeof(ae), "%d-10-20", 2014 + r);
        worksheet_write_string(ws, (lxw_row_t)r, 10, ae, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 11, r == 1 ? "移交" : "handed_over", NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 12, 60, NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 13, 20, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    size_t len;
    char *data = slurp(path, &len);
    Zhucun__Reply *reply = NULL;
    if (import(county, data, len, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("xlsx: %s %s", reply->status->message,
                 reply->status->n_fields ? reply->status->fields[0]->message : "");
    free(data);
    assert_int_equal(reply->project_import->projects, 2);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM projects WHERE name LIKE '测试二村饮水工程%%'"
                           " AND origin = 'import' AND kind = 'infrastructure'"
                           " AND budget_fen = 25000050 AND status = 'handed_over'"
                           " AND planned_start = make_date(year, 4, 1)"
                           " AND actual_start = make_date(year, 4, 15)"
                           " AND actual_end = make_date(year, 10, 20)"
                           " AND expected_households = 60 AND expected_alleviated = 20"),
                     2);
    assert_int_equal(count("SELECT count(*) FROM project_funds f JOIN projects p"
                           " ON p.id = f.project_id WHERE p.name = '测试二村饮水工程1期'"
                           " AND ((f.source = 'province' AND f.amount_fen = 20000000)"
                           " OR (f.source = 'social' AND f.amount_fen = 5000050))"),
                     2);
    /* the CLI checks the same workbook locally: the projects are there now, but nothing in
     * the file is wrong (the database's checks are the server's) */
    char cmd[2000], out[4000];
    snprintf(cmd, sizeof(cmd), "%s project import %s --dry-run", cli_base, path);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "2"));
}

/* A workbook whose sheet inflates more than XLSX_RATIO_MAX times: refused whole. */
static void test_zip_bomb(void **state)
{
    (void)state;
    static const char wbx[] =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    size_t big = 16u << 20;
    char *sheet = malloc(big);
    memset(sheet, ' ', big);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, wbx, strlen(wbx), 0), 0);
    zip_file_add(z, "xl/_rels/workbook.xml.rels", zip_source_buffer(z, rels, strlen(rels), 0), 0);
    zip_file_add(z, "xl/worksheets/sheet1.xml", zip_source_buffer(z, sheet, big, 0), 0);
    assert_int_equal(zip_close(z), 0);
    free(sheet);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t len = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *data = malloc((size_t)len);
    assert_int_equal(zip_source_read(src, data, (zip_uint64_t)len), len);
    zip_source_close(src);
    zip_source_free(src);
    assert_true(len < 1 << 20);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(import(county, data, (size_t)len, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(reply->status->n_fields, 1);
    assert_string_equal(reply->status->fields[0]->field, "file");
    assert_non_null(strstr(reply->status->message, "压缩炸弹"));
    zc_reply_free(reply);
    free(data);
}

/* The CLI: every bad row printed and nothing sent (exit 6); --dry-run on a good file. */
static void test_cli_checks_first(void **state)
{
    (void)state;
    char path[600], cmd[2000], out[4000], row[1000];
    snprintf(path, sizeof(path), "%s/bad.csv", getenv("ZC_TEST_TMP"));
    FILE *f = fopen(path, "w");
    char row2[1000];
    fprintf(f, HEADER "%s%s", row_with(3, "2012", row, sizeof(row)),
            row_with(2, "养殖", row2, sizeof(row2)));
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s project import %s 2>&1", cli_base, path);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 6);
    if (strstr(out, "第 2 行") == NULL || strstr(out, "第 3 行") == NULL ||
        strstr(out, "有 2 处错误") == NULL)
        fail_msg("zhucun project import: %s", out);
    f = fopen(path, "w");
    fprintf(f, HEADER "%s", row_with(0, "新项目", row, sizeof(row)));
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s project import %s --dry-run", cli_base, path);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "1"));
    assert_int_equal(count("SELECT count(*) FROM projects WHERE name = '新项目'"), 0);
    /* the documented sample (sql/demo/projects-import.csv) passes the check */
    snprintf(cmd, sizeof(cmd), "%s project import %s/../demo/projects-import.csv --dry-run",
             cli_base, ZT_MIGRATIONS_DIR);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "3"));
}

/* The kinds, states and funding sources the check reads are 0100's, in the same order. */
static void test_codes_agree(void **state)
{
    (void)state;
    static const struct {
        const char *table;
        const struct projimport_code *codes;
        const size_t *n;
    } t[] = {
        {"project_kinds", projimport_kinds, &projimport_n_kinds},
        {"project_statuses", projimport_statuses, &projimport_n_statuses},
        {"project_fund_sources", projimport_sources, &projimport_n_sources},
    };
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(count("SELECT count(*) FROM %s", t[k].table), (long long)*t[k].n);
        for (size_t i = 0; i < *t[k].n; i++)
            assert_int_equal(count("SELECT count(*) FROM %s WHERE code = '%s' AND label = '%s'"
                                   " AND ord = %zu",
                                   t[k].table, t[k].codes[i].code, t[k].codes[i].label, i + 1),
                             1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_agree),
        cmocka_unit_test(test_good_csv_once),
        cmocka_unit_test(test_bad_rows_refuse_the_file),
        cmocka_unit_test(test_good_xlsx),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_cli_checks_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
