/* test_idempotency.c -- idempotency keys over the protocol: a key is bound to the request it
 * was first used for (a different body under it is refused, nothing written), and every
 * write takes a key: a retry with the same key is answered as the first was and applied
 * once. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"

static struct zt_server srv;
static struct zc_client *prov, *county;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n";

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "idempotency", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
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

static long long count(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    long long n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

/* Asserts that reply refused with code, naming field. */
static void assert_refused(Zhucun__Reply *reply, Zhucun__Code code, const char *field)
{
    assert_non_null(reply);
    assert_int_equal(reply->status->code, code);
    assert_int_equal(reply->status->n_fields, 1);
    assert_string_equal(reply->status->fields[0]->field, field);
}

/* ---- a key is bound to its request ---- */

static Zhucun__Code household_create(const char *key, const char *head, int serial, int64_t *id,
                                     Zhucun__Reply **out)
{
    char ids[19];
    snprintf(ids, sizeof(ids), "140105197001%02d%03d", serial % 28 + 1, serial);
    ids[17] = rules_idcard_check_char(ids);
    ids[18] = '\0';
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp[1] = {&m};
    m.name = (char *)head;
    m.relation = "head";
    m.id_number = ids;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = VA;
    h.category = "ordinary";
    h.since = "2025-01-01";
    h.n_members = 1;
    h.members = mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)key;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(county, &req, &reply);
    if (code == ZHUCUN__CODE__OK && id != NULL)
        *id = reply->household->id;
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

/* The same key with the same body is a retry (the first answer, nothing written again); with
 * another body it is refused, FAILED_PRECONDITION naming idempotency_key, and the other body
 * is not written either. Before the key was bound, the second body got the first household's
 * id and OK. */
static void test_key_bound_to_request(void **state)
{
    (void)state;
    int64_t first = 0, again = 0;
    assert_int_equal(household_create("bound-1", "演示甲", 1, &first, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(household_create("bound-1", "演示甲", 1, &again, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(again, first);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(household_create("bound-1", "演示乙", 2, NULL, &reply),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_refused(reply, ZHUCUN__CODE__FAILED_PRECONDITION, "idempotency_key");
    assert_non_null(strstr(reply->status->message, "内容不同"));
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM household_members WHERE name = '演示乙'"), 0);
    assert_int_equal(count("SELECT count(*) FROM household_members"
                           " WHERE name = '演示甲'"),
                     1);
    /* the stored hash is the body's, 32 bytes */
    assert_int_equal(count("SELECT length(request_hash) FROM idempotency WHERE key = 'bound-1'"),
                     32);
}

/* The claim itself compares (a retry that reaches it while the first attempt is still
 * running waits for it and then compares): the same key under another hash is refused in
 * SQL, with the same code and field. */
static void test_claim_compares_hash(void **state)
{
    (void)state;
    char *uid = zt_sql(&srv, "SELECT id FROM users WHERE username = 'xiaodian'");
    char sql[400];
    snprintf(sql, sizeof(sql),
             "SELECT zc_idem_claim(%s, zc_idem_bind('claim-1', repeat('ab', 32)), 'X')", uid);
    assert_int_equal(zt_sql_as_app(&srv, sql), 0);
    assert_int_equal(zt_sql_as_app(&srv, sql), 0); /* the same request: no refusal */
    snprintf(sql, sizeof(sql),
             "DO $$ BEGIN PERFORM zc_idem_claim(%s, zc_idem_bind('claim-1', repeat('cd', 32)),"
             " 'X'); EXCEPTION WHEN SQLSTATE 'ZC009' THEN"
             " INSERT INTO idempotency (user_id, key, call) VALUES (%s, 'claim-refused', 'X');"
             " END $$",
             uid, uid);
    assert_int_equal(zt_sql_as_app(&srv, sql), 0);
    assert_int_equal(count("SELECT count(*) FROM idempotency WHERE key = 'claim-refused'"), 1);
    free(uid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_bound_to_request),
        cmocka_unit_test(test_claim_compares_hash),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
