/* test_org.c -- the organisation tree over the protocol: import (whole-file validation),
 * show, children, search, create, rename and relocate, each in and out of scope. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW       "correct horse battery"
#define PROVINCE "140000000000"
#define TAIYUAN  "140100000000"
#define XIAODIAN "140105000000"
#define WUCHENG  "140105001000"
#define VILLAGE1 "140105001001"
#define DATONG   "140200000000"
#define XINRONG  "140212000000"

static struct zt_server srv;
static struct zc_client *prov, *city, *county, *other_city, *cadre;

static const char *good_csv = "code,name,level,lat,lon\n"
                              "140100000000,太原市,city,,\n"
                              "140105000000,小店区,county,,\n"
                              "140105001000,坞城街道,township,,\n"
                              "140105001001,测试一村,village,37.7360,112.5650\n"
                              "140200000000,大同市,city,,\n"
                              "140212000000,新荣区,county,,\n";

static Zhucun__Code import(struct zc_client *c, const char *csv, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgImport im = ZHUCUN__ORG_IMPORT__INIT;
    im.csv = (char *)csv;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_IMPORT;
    req.org_import = &im;
    return zt_call(c, &req, out);
}

static Zhucun__Code show(struct zc_client *c, const char *code, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgShow s = ZHUCUN__ORG_SHOW__INIT;
    s.code = (char *)code;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_SHOW;
    req.org_show = &s;
    return zt_call(c, &req, out);
}

static Zhucun__Code children(struct zc_client *c, const char *code, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgChildren ch = ZHUCUN__ORG_CHILDREN__INIT;
    ch.code = (char *)code;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_CHILDREN;
    req.org_children = &ch;
    return zt_call(c, &req, out);
}

static Zhucun__Code search(struct zc_client *c, const char *q, const char *under,
                           Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgSearch s = ZHUCUN__ORG_SEARCH__INIT;
    s.query = (char *)q;
    s.under = (char *)(under ? under : "");
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_SEARCH;
    req.org_search = &s;
    return zt_call(c, &req, out);
}

static Zhucun__Code create(struct zc_client *c, const char *code, const char *name, int level)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgCreate cr = ZHUCUN__ORG_CREATE__INIT;
    Zhucun__OrgUnit u = ZHUCUN__ORG_UNIT__INIT;
    u.code = (char *)code;
    u.name = (char *)name;
    u.level = (uint32_t)level;
    cr.unit = &u;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_CREATE;
    req.org_create = &cr;
    return zt_call(c, &req, NULL);
}

static Zhucun__Code update(struct zc_client *c, Zhucun__OrgUpdate *up, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_UPDATE;
    req.org_update = up;
    return zt_call(c, &req, out);
}

static int count_units(void)
{
    char *n = zt_sql(&srv, "SELECT count(*) FROM org_units");
    int v = atoi(n);
    free(n);
    return v;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "org", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROVINCE, 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(import(prov, good_csv, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->org_import->created, 6);
    zc_reply_free(reply);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", TAIYUAN, 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", XIAODIAN, 0), 0);
    assert_int_equal(zt_useradd(&srv, "datong", PW, "city_office", DATONG, 0), 0);
    assert_int_equal(zt_useradd(&srv, "cadre1", PW, "cadre", VILLAGE1, 0), 0);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_city = zt_login(&srv, "datong", PW, NULL);
    cadre = zt_login(&srv, "cadre1", PW, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(prov);
    zc_close(city);
    zc_close(county);
    zc_close(other_city);
    zc_close(cadre);
    zt_server_finish(&srv);
    return 0;
}

static void test_import_bad_rows_write_nothing(void **state)
{
    (void)state;
    int before = count_units();
    const char *csv = "code,name,level\n"
                      "140300000000,阳泉市,city\n"       /* line 2: fine */
                      "14030,短代码,city\n"              /* line 3: bad code */
                      "140302000000,城区,township\n"     /* line 4: level mismatch */
                      "140411000000,无上级区,county\n"   /* line 5: parent missing */
                      "140100000000,改了名的太原,city\n" /* line 6: exists, other name */
                      "140300000000,阳泉市,city\n"       /* line 7: repeated */
                      "140303000000,矿区,county,37.8\n"; /* line 8: 4 columns */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(import(prov, csv, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_non_null(reply);
    /* The shape errors are found first; every bad line is named. */
    int seen[10] = {0};
    for (size_t i = 0; i < reply->status->n_fields; i++) {
        int line = atoi(reply->status->fields[i]->field + 5);
        assert_true(line >= 2 && line <= 9);
        seen[line] = 1;
    }
    assert_true(seen[3] && seen[4] && seen[8]);
    assert_false(seen[2]);
    zc_reply_free(reply);
    assert_int_equal(count_units(), before);

    /* With the shape right, the database checks name the rest, and still nothing is kept. */
    csv = "140300000000,阳泉市,city\n"
          "140411000000,无上级区,county\n"
          "140100000000,改了名的太原,city\n"
          "140300000000,阳泉市,city\n";
    reply = NULL;
    assert_int_equal(import(prov, csv, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    memset(seen, 0, sizeof(seen));
    for (size_t i = 0; i < reply->status->n_fields; i++)
        seen[atoi(reply->status->fields[i]->field + 5)] = 1;
    assert_true(seen[2] && seen[3] && seen[4]);
    assert_false(seen[1]);
    zc_reply_free(reply);
    assert_int_equal(count_units(), before);
}

static void test_import_is_repeatable_and_scoped(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(import(prov, good_csv, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->org_import->created, 0);
    assert_int_equal(reply->org_import->unchanged, 6);
    zc_reply_free(reply);
    /* A city office imports below itself, not into another city. */
    assert_int_equal(import(city, "140105002000,新的街道,township\n", &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    reply = NULL;
    assert_int_equal(import(city, "140212001000,别人的镇,township\n", &reply),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_non_null(strstr(reply->status->fields[0]->message, "管辖范围"));
    zc_reply_free(reply);
    /* A quote left open is a CSV error naming its line. */
    reply = NULL;
    assert_int_equal(import(prov, "140300000000,阳泉市,city\n\"140301000000,x,county\n", &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_non_null(strstr(reply->status->message, "第 2 行"));
    zc_reply_free(reply);
}

static void test_show_children_search_within_scope(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(show(county, VILLAGE1, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->org_unit->name, "测试一村");
    assert_int_equal(reply->org_unit->level, 5);
    assert_string_equal(reply->org_unit->parent_code, WUCHENG);
    assert_true(reply->org_unit->has_location);
    assert_true(reply->org_unit->lat > 37.73 && reply->org_unit->lat < 37.74);
    assert_int_equal(reply->org_unit->geofence_m, 1000);
    zc_reply_free(reply);
    /* Out of scope and nonexistent look the same. */
    char m1[256], m2[256];
    assert_int_equal(show(other_city, VILLAGE1, &reply), ZHUCUN__CODE__NOT_FOUND);
    snprintf(m1, sizeof(m1), "%s", reply->status->message);
    zc_reply_free(reply);
    assert_int_equal(show(other_city, "140212009999", &reply), ZHUCUN__CODE__NOT_FOUND);
    snprintf(m2, sizeof(m2), "%s", reply->status->message);
    zc_reply_free(reply);
    assert_string_equal(m1, m2);
    assert_int_equal(show(county, TAIYUAN, NULL), ZHUCUN__CODE__NOT_FOUND); /* above it */
    assert_int_equal(show(cadre, VILLAGE1, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(show(cadre, WUCHENG, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(show(prov, "1401", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);

    assert_int_equal(children(prov, PROVINCE, &reply), ZHUCUN__CODE__OK);
    assert_true(reply->org_list->n_units >= 2);
    assert_string_equal(reply->org_list->units[0]->code, TAIYUAN);
    zc_reply_free(reply);
    assert_int_equal(children(other_city, TAIYUAN, NULL), ZHUCUN__CODE__NOT_FOUND);

    /* Search sees only the caller's subtree. */
    assert_int_equal(search(prov, "区", NULL, &reply), ZHUCUN__CODE__OK);
    assert_true(reply->org_list->n_units >= 2);
    zc_reply_free(reply);
    assert_int_equal(search(other_city, "区", NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->org_list->n_units, 1);
    assert_string_equal(reply->org_list->units[0]->code, XINRONG);
    zc_reply_free(reply);
    assert_int_equal(search(other_city, "区", TAIYUAN, NULL), ZHUCUN__CODE__NOT_FOUND);
    /* A keyword is text, not a pattern. */
    assert_int_equal(search(prov, "%", NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->org_list->n_units, 0);
    zc_reply_free(reply);
    assert_int_equal(search(prov, "", NULL, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
}

static void test_create_rules(void **state)
{
    (void)state;
    assert_int_equal(create(county, "140105001002", "测试二村", 5), ZHUCUN__CODE__OK);
    assert_int_equal(create(county, "140105001002", "测试二村", 5), ZHUCUN__CODE__ALREADY_EXISTS);
    /* its own level or above: not its to shape */
    assert_int_equal(create(county, "140106000000", "邻县", 3), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(create(other_city, "140105001003", "别人的村", 5), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(create(county, "140105001004", "层级不符", 4), ZHUCUN__CODE__INVALID_ARGUMENT);
    /* parent missing but in scope */
    assert_int_equal(create(county, "140105009001", "无乡镇的村", 5),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(create(county, "140105001000", "", 4), ZHUCUN__CODE__INVALID_ARGUMENT);
    /* a cadre's role may not shape the tree at all */
    assert_int_equal(create(cadre, "140105001005", "x村", 5), ZHUCUN__CODE__PERMISSION_DENIED);
}

static void test_update_rules(void **state)
{
    (void)state;
    Zhucun__OrgUpdate up = ZHUCUN__ORG_UPDATE__INIT;
    up.code = VILLAGE1;
    up.name = "测试一村（改）";
    up.set_location = 1;
    up.lat = 37.7;
    up.lon = 112.6;
    up.geofence_m = 1500;
    char *tags[] = {"数字乡村示范村"};
    up.set_tags = 1;
    up.tags = tags;
    up.n_tags = 1;
    assert_int_equal(update(county, &up, NULL), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(show(county, VILLAGE1, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->org_unit->name, "测试一村（改）");
    assert_int_equal(reply->org_unit->geofence_m, 1500);
    assert_int_equal(reply->org_unit->n_tags, 1);
    assert_string_equal(reply->org_unit->tags[0], "数字乡村示范村");
    zc_reply_free(reply);

    char *bad[] = {"不存在的示范"};
    up.tags = bad;
    assert_int_equal(update(county, &up, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "tags");
    zc_reply_free(reply);
    up.tags = tags;
    up.geofence_m = 10;
    assert_int_equal(update(county, &up, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);

    Zhucun__OrgUpdate rename = ZHUCUN__ORG_UPDATE__INIT;
    rename.code = XIAODIAN;
    rename.name = "小店区（改）";
    assert_int_equal(update(county, &rename, NULL), ZHUCUN__CODE__NOT_FOUND); /* its own unit */
    assert_int_equal(update(city, &rename, NULL), ZHUCUN__CODE__OK);
    rename.set_location = 1;
    rename.lat = 37.7;
    rename.lon = 112.5;
    assert_int_equal(update(city, &rename, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);

    char *n = zt_sql(&srv, "SELECT count(*) FROM audit WHERE action IN ('org.import',"
                           " 'org.create', 'org.update')");
    assert_true(atoi(n) >= 4);
    free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_bad_rows_write_nothing),
        cmocka_unit_test(test_import_is_repeatable_and_scoped),
        cmocka_unit_test(test_show_children_search_within_scope),
        cmocka_unit_test(test_create_rules),
        cmocka_unit_test(test_update_rules),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
