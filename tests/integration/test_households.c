/* test_households.c -- households over the protocol: members validated (ID check digit,
 * birth date, one head), ID numbers masked by role, effective-dated category and presence,
 * lists with filters, scope. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"

static struct zt_server srv;
static struct zc_client *prov, *cadre, *county, *city, *other_county;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,柳巷一村,village\n";

/* An ID number for birth date yyyymmdd with serial s, with its right check character. */
static void make_id(char out[19], const char *ymd, int serial)
{
    snprintf(out, 19, "140105%s%03d", ymd, serial);
    out[17] = rules_idcard_check_char(out);
    out[18] = '\0';
}

struct hh {
    Zhucun__Household h;
    Zhucun__HouseholdMember m[4];
    Zhucun__HouseholdMember *mp[4];
    char ids[4][19];
};

static void hh_init(struct hh *x, const char *village, const char *category, int serial)
{
    static const char *names[] = {"演示户主", "演示配偶", "演示子女"};
    static const char *rel[] = {"head", "spouse", "child"};
    static const char *birth[] = {"19700101", "19720202", "20100303"};
    zhucun__household__init(&x->h);
    x->h.village_code = (char *)village;
    x->h.category = (char *)category;
    x->h.since = "2025-01-01";
    for (int i = 0; i < 3; i++) {
        zhucun__household_member__init(&x->m[i]);
        make_id(x->ids[i], birth[i], serial * 10 + i);
        x->m[i].name = (char *)names[i];
        x->m[i].relation = (char *)rel[i];
        x->m[i].id_number = x->ids[i];
        x->m[i].labour = i == 2 ? "minor" : "full";
        x->m[i].health = "healthy";
        x->mp[i] = &x->m[i];
    }
    x->h.n_members = 3;
    x->h.members = x->mp;
}

static const char *create_key = ""; /* the idempotency key create() sends */

static Zhucun__Code create(struct zc_client *c, struct hh *x, int64_t *id, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)create_key;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &x->h;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (code == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->household->id;
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

static Zhucun__Code show(struct zc_client *c, int64_t id, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdShow hs = ZHUCUN__HOUSEHOLD_SHOW__INIT;
    hs.id = id;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW;
    req.household_show = &hs;
    return zt_call(c, &req, out);
}

static Zhucun__Code list(struct zc_client *c, const char *village, const char *category,
                         unsigned presence, const char *query, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = (char *)(village ? village : "");
    hl.category = (char *)(category ? category : "");
    hl.presence = presence;
    hl.query = (char *)(query ? query : "");
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST;
    req.household_list = &hl;
    return zt_call(c, &req, out);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "households", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "cadre-a", PW, "cadre", VA, 0), 0);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", "140100000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    cadre = zt_login(&srv, "cadre-a", PW, NULL);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(prov);
    zc_close(cadre);
    zc_close(county);
    zc_close(city);
    zc_close(other_county);
    zt_server_finish(&srv);
    return 0;
}

static void test_create_validates_members(void **state)
{
    (void)state;
    struct hh x;
    Zhucun__Reply *reply = NULL;
    hh_init(&x, VA, "monitored", 1);
    x.ids[1][17] = x.ids[1][17] == '0' ? '1' : '0'; /* break the check character */
    assert_int_equal(create(cadre, &x, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "members[1].id_number");
    zc_reply_free(reply);

    hh_init(&x, VA, "monitored", 1);
    x.m[0].relation = "child"; /* nobody is the head */
    assert_int_equal(create(cadre, &x, NULL, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    hh_init(&x, VA, "monitored", 1);
    x.m[1].relation = "head"; /* two heads */
    assert_int_equal(create(cadre, &x, NULL, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    hh_init(&x, VA, "monitored", 1);
    x.m[2].birth_date = "2010-03-04"; /* the ID says 2010-03-03 */
    assert_int_equal(create(cadre, &x, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "members[2].birth_date");
    zc_reply_free(reply);
    hh_init(&x, VA, "rich", 1);
    assert_int_equal(create(cadre, &x, NULL, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    hh_init(&x, VA, "monitored", 1);
    x.h.since = "2999-01-01";
    assert_int_equal(create(cadre, &x, NULL, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);

    /* scope and roles */
    hh_init(&x, VB, "monitored", 1);
    assert_int_equal(create(cadre, &x, NULL, NULL), ZHUCUN__CODE__NOT_FOUND); /* not its village */
    hh_init(&x, VA, "monitored", 1);
    assert_int_equal(create(city, &x, NULL, NULL), ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(create(other_county, &x, NULL, NULL), ZHUCUN__CODE__NOT_FOUND);
    /* and nothing of all that was written */
    char *n = zt_sql(&srv, "SELECT count(*) FROM households");
    assert_string_equal(n, "0");
    free(n);
}

static void test_create_show_mask_and_duplicates(void **state)
{
    (void)state;
    struct hh x;
    int64_t id = 0;
    hh_init(&x, VA, "monitored", 2);
    assert_int_equal(create(cadre, &x, &id, NULL), ZHUCUN__CODE__OK);
    assert_true(id > 0);
    /* the same person cannot be on two households */
    struct hh y;
    hh_init(&y, VA, "ordinary", 3);
    strcpy(y.ids[2], x.ids[2]);
    assert_int_equal(create(county, &y, NULL, NULL), ZHUCUN__CODE__ALREADY_EXISTS);

    Zhucun__Reply *reply = NULL;
    assert_int_equal(show(cadre, id, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->household->head_name, "演示户主");
    assert_string_equal(reply->household->category, "monitored");
    assert_int_equal(reply->household->n_members, 3);
    assert_false(reply->household->ids_masked);
    assert_string_equal(reply->household->members[0]->id_number, x.ids[0]);
    assert_string_equal(reply->household->members[0]->birth_date, "1970-01-01");
    zc_reply_free(reply);
    /* the city office sees the household, with ID numbers masked */
    assert_int_equal(show(city, id, &reply), ZHUCUN__CODE__OK);
    assert_true(reply->household->ids_masked);
    char masked[19];
    rules_idcard_mask(x.ids[0], masked);
    assert_string_equal(reply->household->members[0]->id_number, masked);
    assert_non_null(strstr(reply->household->members[0]->id_number, "********"));
    zc_reply_free(reply);
    assert_int_equal(show(other_county, id, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(show(cadre, id + 1000, NULL), ZHUCUN__CODE__NOT_FOUND);
}

/* A create retried with the same key (the reply was lost) makes one household, and the retry
 * gets its id; a new key is a new request, refused for the same people. */
static void test_create_retry_applied_once(void **state)
{
    (void)state;
    struct hh x;
    int64_t first = 0, again = 0;
    hh_init(&x, VA, "ordinary", 40);
    char *before = zt_sql(&srv, "SELECT count(*) FROM households");
    create_key = "retry-household-1";
    assert_int_equal(create(cadre, &x, &first, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(create(cadre, &x, &again, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(again, first);
    char *after = zt_sql(&srv, "SELECT count(*) FROM households");
    assert_int_equal(atoll(after), atoll(before) + 1);
    create_key = "retry-household-2";
    assert_int_equal(create(cadre, &x, NULL, NULL), ZHUCUN__CODE__ALREADY_EXISTS);
    create_key = "";
    free(before);
    free(after);
}

static void test_state_history_and_lists(void **state)
{
    (void)state;
    struct hh x;
    int64_t id = 0;
    hh_init(&x, VA, "ordinary", 4);
    assert_int_equal(create(county, &x, &id, NULL), ZHUCUN__CODE__OK);

    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdSetState ss = ZHUCUN__HOUSEHOLD_SET_STATE__INIT;
    ss.id = id;
    ss.category = "monitored";
    ss.absent = 1;
    ss.valid_from = "2024-12-31"; /* before it was registered */
    ss.note = "外出务工";
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE;
    req.household_set_state = &ss;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "valid_from");
    zc_reply_free(reply);
    ss.valid_from = "2026-03-10";
    assert_int_equal(zt_call(cadre, &req, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(zt_call(other_county, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_call(city, &req, NULL), ZHUCUN__CODE__PERMISSION_DENIED);

    assert_int_equal(show(cadre, id, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household->n_history, 2);
    assert_string_equal(reply->household->history[0]->valid_from, "2025-01-01");
    assert_string_equal(reply->household->history[0]->category, "ordinary");
    assert_string_equal(reply->household->history[1]->valid_from, "2026-03-10");
    assert_true(reply->household->history[1]->absent);
    assert_string_equal(reply->household->category, "monitored"); /* today's */
    assert_true(reply->household->absent);
    zc_reply_free(reply);

    assert_int_equal(list(county, VA, NULL, 0, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 2);
    zc_reply_free(reply);
    assert_int_equal(list(county, VA, NULL, 2, NULL, &reply), ZHUCUN__CODE__OK); /* absent */
    assert_int_equal(reply->household_list->n_households, 1);
    assert_int_equal(reply->household_list->households[0]->id, id);
    assert_int_equal(reply->household_list->households[0]->member_count, 3);
    zc_reply_free(reply);
    assert_int_equal(list(county, NULL, "ordinary", 0, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 0);
    zc_reply_free(reply);
    assert_int_equal(list(county, NULL, NULL, 0, "户主", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 2);
    zc_reply_free(reply);
    assert_int_equal(list(county, NULL, NULL, 0, "%", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 0);
    zc_reply_free(reply);
    assert_int_equal(list(other_county, VA, NULL, 0, NULL, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(list(other_county, NULL, NULL, 0, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 0);
    zc_reply_free(reply);
    assert_int_equal(list(county, NULL, "rich", 0, NULL, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);

    char *n = zt_sql(&srv, "SELECT count(*) FROM audit WHERE action LIKE 'household.%'");
    assert_int_equal(atoi(n), 3);
    free(n);
}

/* ---- issue 24: the search by a member's name and by a full ID number ---- */

static Zhucun__Code list_id(struct zc_client *c, const char *village, const char *id_number,
                            Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = (char *)(village ? village : "");
    hl.id_number = (char *)id_number;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST;
    req.household_list = &hl;
    return zt_call(c, &req, out);
}

/* HouseholdList finds a household by a current member's name as well as the head's, and by a
 * full ID number through its keyed hash: in the caller's scope only, every such search audited
 * with the masked number and the households found (never the number), a malformed number
 * refused at id_number. */
static void test_list_by_member_name_and_id_number(void **state)
{
    (void)state;
    struct hh x;
    int64_t id = 0;
    hh_init(&x, VA, "ordinary", 7);
    x.m[1].name = "赵搜索";
    assert_int_equal(create(county, &x, &id, NULL), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(list(county, NULL, NULL, 0, "搜索", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 1);
    assert_int_equal(reply->household_list->households[0]->id, id);
    assert_string_equal(reply->household_list->households[0]->head_name, "演示户主");
    zc_reply_free(reply);

    char masked[19];
    rules_idcard_mask(x.ids[1], masked);
    long long audited = zt_count(&srv, "SELECT count(*) FROM audit WHERE action = "
                                       "'household.id_search'");
    assert_int_equal(list_id(county, NULL, x.ids[1], &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 1);
    assert_int_equal(reply->household_list->households[0]->id, id);
    assert_int_equal(reply->household_list->households[0]->member_count, 3);
    zc_reply_free(reply);
    assert_int_equal(zt_count(&srv,
                              "SELECT count(*) FROM audit WHERE action = 'household.id_search'"
                              " AND actor = 'xiaodian' AND object = 'id_number:%s'"
                              " AND detail->'households' = '[%lld]'::jsonb",
                              masked, (long long)id),
                     1);
    /* the province, whose role sees numbers masked, finds it too (it typed the number) */
    assert_int_equal(list_id(prov, NULL, x.ids[1], &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 1);
    zc_reply_free(reply);
    /* out of scope, or another village: nothing, and still audited */
    assert_int_equal(list_id(other_county, NULL, x.ids[1], &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 0);
    zc_reply_free(reply);
    assert_int_equal(list_id(county, VB, x.ids[1], &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 0);
    zc_reply_free(reply);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM audit WHERE action = "
                                    "'household.id_search'"),
                     audited + 4);
    assert_int_equal(zt_count(&srv,
                              "SELECT count(*) FROM audit WHERE action = 'household.id_search'"
                              " AND actor = 'yingze' AND detail->'households' = '[]'::jsonb"),
                     1);
    assert_int_equal(zt_count(&srv,
                              "SELECT count(*) FROM audit WHERE object || detail::text"
                              " LIKE '%%%s%%'",
                              x.ids[1]),
                     0);

    /* refused at id_number: a wrong check character, a lower-case x, a short number */
    char bad[19];
    memcpy(bad, x.ids[1], sizeof(bad));
    bad[17] = bad[17] == '0' ? '1' : '0';
    const char *refused[] = {bad, "11010519491231002x", "14010519700101"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        assert_int_equal(list_id(county, NULL, refused[i], &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
        assert_string_equal(reply->status->fields[0]->field, "id_number");
        zc_reply_free(reply);
    }
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM audit WHERE action = "
                                    "'household.id_search'"),
                     audited + 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_validates_members),
        cmocka_unit_test(test_create_show_mask_and_duplicates),
        cmocka_unit_test(test_state_history_and_lists),
        cmocka_unit_test(test_create_retry_applied_once),
        cmocka_unit_test(test_list_by_member_name_and_id_number),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
