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
/* ChangePassword's key is bound to its request too: the same key with another new password
 * is refused (and the password stays as the first request set it); the same request again is
 * answered OK. */
static void test_change_password_key_bound(void **state)
{
    (void)state;
    assert_int_equal(zt_useradd(&srv, "pwuser", PW, "county_office", "140105000000", 0), 0);
    struct zc_client *c = zt_login(&srv, "pwuser", PW, NULL);
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = PW;
    cp.new_password = "a brand new passphrase";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    req.idempotency_key = "pw-key-1";
    assert_int_equal(zt_call(c, &req, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(zt_call(c, &req, NULL), ZHUCUN__CODE__OK); /* the retry */
    cp.new_password = "another passphrase entirely";
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_refused(reply, ZHUCUN__CODE__FAILED_PRECONDITION, "idempotency_key");
    zc_reply_free(reply);
    zc_close(c);
    c = zt_login(&srv, "pwuser", "a brand new passphrase", NULL);
    zc_close(c);
}

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

/* ---- every write takes a key ---- */

/* Sends req with key twice (a retry after a lost reply); both must answer OK, and the write
 * is applied once: one audit row for the two. The replies in *first and *again. */
static void keyed_twice(struct zc_client *c, Zhucun__Request *req, const char *key,
                        Zhucun__Reply **first, Zhucun__Reply **again)
{
    long long before = count("SELECT count(*) FROM audit");
    req->idempotency_key = (char *)key;
    *first = NULL;
    *again = NULL;
    assert_int_equal(zt_call(c, req, first), ZHUCUN__CODE__OK);
    assert_int_equal(zt_call(c, req, again), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM audit"), before + 1);
}

/* Every write of the call table is keyed (the call table printed: Name, roles, kind, key). */
static void test_every_write_keyed(void **state)
{
    (void)state;
    static char out[64 * 1024];
    assert_int_equal(zt_run(ZT_SERVER_BIN " calls", NULL, out, sizeof(out)), 0);
    int writes = 0;
    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strstr(line, "\twrite\t") == NULL)
            continue;
        writes++;
        if (strstr(line, "\twrite\tkeyed") == NULL)
            fail_msg("a write that refuses an idempotency key: %s", line);
    }
    assert_true(writes >= 30); /* 30 when every write took a key (0021) */
}

/* approval: DelegationCreate retried answers the first delegation. */
static void test_keyed_delegation(void **state)
{
    (void)state;
    assert_int_equal(zt_useradd(&srv, "xiaodian2", PW, "county_office", "140105000000", 0), 0);
    char *first_day = zt_sql(&srv, "SELECT zc_today()::text");
    char *last_day = zt_sql(&srv, "SELECT (zc_today() + 7)::text");
    Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
    dc.to_username = "xiaodian2";
    dc.role = "county_office";
    dc.scope_code = "140105000000";
    dc.first_day = first_day;
    dc.last_day = last_day;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_CREATE;
    req.delegation_create = &dc;
    Zhucun__Reply *a, *b;
    keyed_twice(county, &req, "deleg-1", &a, &b);
    assert_true(a->delegation->id > 0);
    assert_int_equal(b->delegation->id, a->delegation->id);
    assert_string_equal(b->delegation->to_username, "xiaodian2");
    assert_int_equal(count("SELECT count(*) FROM delegations"), 1);
    zc_reply_free(a);
    zc_reply_free(b);
    free(first_day);
    free(last_day);
}

/* household: HouseholdSetState and HouseholdMemberAdd retried are applied once. */
static void test_keyed_household(void **state)
{
    (void)state;
    int64_t hh = 0;
    assert_int_equal(household_create("", "演示丙", 3, &hh, NULL), ZHUCUN__CODE__OK);
    Zhucun__HouseholdSetState ss = ZHUCUN__HOUSEHOLD_SET_STATE__INIT;
    ss.id = hh;
    ss.category = "monitored";
    ss.note = "重新认定";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE;
    req.household_set_state = &ss;
    Zhucun__Reply *a, *b;
    keyed_twice(county, &req, "state-1", &a, &b);
    zc_reply_free(a);
    zc_reply_free(b);

    char ids[19] = "14010520100303004";
    ids[17] = rules_idcard_check_char(ids);
    ids[18] = '\0';
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    m.name = "演示丁";
    m.relation = "child";
    m.id_number = ids;
    m.labour = "minor";
    m.health = "healthy";
    Zhucun__HouseholdMemberAdd ma = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    ma.household_id = hh;
    ma.member = &m;
    Zhucun__Request req2 = ZHUCUN__REQUEST__INIT;
    req2.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD;
    req2.household_member_add = &ma;
    keyed_twice(county, &req2, "member-1", &a, &b);
    assert_true(a->household_member->id > 0);
    assert_int_equal(b->household_member->id, a->household_member->id);
    assert_string_equal(b->household_member->birth_date, "2010-03-03");
    assert_int_equal(count("SELECT count(*) FROM household_members WHERE name = '演示丁'"), 1);
    zc_reply_free(a);
    zc_reply_free(b);
}

/* org: OrgCreate retried answers OK, not "already exists". */
static void test_keyed_org(void **state)
{
    (void)state;
    Zhucun__OrgUnit u = ZHUCUN__ORG_UNIT__INIT;
    u.code = "140105001003";
    u.name = "测试三村";
    u.level = 5;
    Zhucun__OrgCreate oc = ZHUCUN__ORG_CREATE__INIT;
    oc.unit = &u;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_CREATE;
    req.org_create = &oc;
    Zhucun__Reply *a, *b;
    keyed_twice(prov, &req, "org-1", &a, &b);
    zc_reply_free(a);
    zc_reply_free(b);
    assert_int_equal(count("SELECT count(*) FROM org_units WHERE code = '140105001003'"), 1);
}

/* people: UserAdd retried answers the same ids without the password (never stored in clear)
 * and says so; UserResetPassword likewise. */
static void test_keyed_user(void **state)
{
    (void)state;
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = "演示戊";
    p.org_code = VA;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    ua.username = "wu-keyed";
    ua.person = &p;
    ua.role = "cadre";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
    req.user_add = &ua;
    Zhucun__Reply *a, *b;
    keyed_twice(county, &req, "user-1", &a, &b);
    assert_true(a->user_add->user_id > 0);
    assert_true(strlen(a->user_add->initial_password) > 0);
    assert_int_equal(b->user_add->user_id, a->user_add->user_id);
    assert_int_equal(b->user_add->person_id, a->user_add->person_id);
    assert_string_equal(b->user_add->initial_password, "");
    assert_non_null(strstr(b->status->message, "只在首次应答中给出"));
    /* nothing secret in the idempotency table */
    char sql[300];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM idempotency WHERE strpos(result::text, '%s') > 0",
             a->user_add->initial_password);
    assert_int_equal(count(sql), 0);
    zc_reply_free(a);
    zc_reply_free(b);

    Zhucun__UserResetPassword rp = ZHUCUN__USER_RESET_PASSWORD__INIT;
    rp.username = "wu-keyed";
    Zhucun__Request req2 = ZHUCUN__REQUEST__INIT;
    req2.body_case = ZHUCUN__REQUEST__BODY_USER_RESET_PASSWORD;
    req2.user_reset_password = &rp;
    keyed_twice(county, &req2, "reset-1", &a, &b);
    assert_true(strlen(a->user_reset_password->initial_password) > 0);
    assert_string_equal(b->user_reset_password->initial_password, "");
    assert_non_null(strstr(b->status->message, "重置密码"));
    /* the first answer's password is the account's: the retry did not set another */
    struct zc_client *c =
        zt_login(&srv, "wu-keyed", a->user_reset_password->initial_password, NULL);
    zc_close(c);
    zc_reply_free(a);
    zc_reply_free(b);
}

/* team: TeamCreate retried answers the first team. */
static void test_keyed_team(void **state)
{
    (void)state;
    Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
    tc.kind = "village";
    tc.org_code = VB;
    tc.name = "测试二村工作队";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_CREATE;
    req.team_create = &tc;
    Zhucun__Reply *a, *b;
    keyed_twice(county, &req, "team-1", &a, &b);
    assert_true(a->team->id > 0);
    assert_int_equal(b->team->id, a->team->id);
    assert_int_equal(count("SELECT count(*) FROM teams WHERE org_code = '" VB "'"), 1);
    zc_reply_free(a);
    zc_reply_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_bound_to_request),
        cmocka_unit_test(test_change_password_key_bound),
        cmocka_unit_test(test_claim_compares_hash),
        cmocka_unit_test(test_every_write_keyed),
        cmocka_unit_test(test_keyed_delegation),
        cmocka_unit_test(test_keyed_household),
        cmocka_unit_test(test_keyed_org),
        cmocka_unit_test(test_keyed_user),
        cmocka_unit_test(test_keyed_team),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
