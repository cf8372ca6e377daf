/* test_people.c -- dispatching units, accounts made by offices, work teams with membership
 * history, recall and party groups. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "correct horse battery"

static struct zt_server srv;
static struct zc_client *prov, *county, *other_county;

static const char *tree = "140100000000,太原市,city\n"
                          "140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n"
                          "140105001001,测试一村,village\n"
                          "140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n";

static Zhucun__Code call(struct zc_client *c, Zhucun__Request *req, Zhucun__Reply **out)
{
    return zt_call(c, req, out);
}

static int64_t unit_create(struct zc_client *c, const char *name, const char *level,
                           const char *org, Zhucun__Code *code)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__UnitCreate uc = ZHUCUN__UNIT_CREATE__INIT;
    Zhucun__DispatchUnit u = ZHUCUN__DISPATCH_UNIT__INIT;
    u.name = (char *)name;
    u.level = (char *)level;
    u.org_code = (char *)org;
    u.leader_name = "演示领导";
    uc.unit = &u;
    req.body_case = ZHUCUN__REQUEST__BODY_UNIT_CREATE;
    req.unit_create = &uc;
    Zhucun__Reply *reply = NULL;
    *code = call(c, &req, &reply);
    int64_t id = *code == ZHUCUN__CODE__OK ? reply->unit->id : 0;
    zc_reply_free(reply);
    return id;
}

/* Adds a user; returns the person id and copies the initial password. */
static int64_t user_add(struct zc_client *c, const char *username, const char *name,
                        const char *org, const char *role, const char *scope, int64_t unit,
                        int party, char *password, Zhucun__Code *code)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = (char *)name;
    p.org_code = (char *)org;
    p.unit_id = unit;
    p.party_member = party;
    p.phone = "13900000000";
    ua.username = (char *)username;
    ua.person = &p;
    ua.role = (char *)role;
    ua.scope_code = (char *)(scope ? scope : "");
    req.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
    req.user_add = &ua;
    Zhucun__Reply *reply = NULL;
    *code = call(c, &req, &reply);
    int64_t id = 0;
    if (*code == ZHUCUN__CODE__OK) {
        id = reply->user_add->person_id;
        if (password != NULL)
            snprintf(password, 32, "%s", reply->user_add->initial_password);
    }
    zc_reply_free(reply);
    return id;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "people", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(prov);
    zc_close(county);
    zc_close(other_county);
    zt_server_finish(&srv);
    return 0;
}

static void test_units(void **state)
{
    (void)state;
    Zhucun__Code code;
    int64_t id = unit_create(county, "小店区教育局", "county", "140105000000", &code);
    assert_int_equal(code, ZHUCUN__CODE__OK);
    assert_true(id > 0);
    unit_create(county, "小店区教育局", "county", "140105000000", &code);
    assert_int_equal(code, ZHUCUN__CODE__ALREADY_EXISTS);
    unit_create(county, "市级单位", "city", "140105000000", &code);
    assert_int_equal(code, ZHUCUN__CODE__INVALID_ARGUMENT);
    unit_create(county, "邻县单位", "county", "140106000000", &code);
    assert_int_equal(code, ZHUCUN__CODE__NOT_FOUND);
    unit_create(prov, "省农业农村厅", "province", "140000000000", &code);
    assert_int_equal(code, ZHUCUN__CODE__OK);

    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__UnitShow us = ZHUCUN__UNIT_SHOW__INIT;
    us.id = id;
    req.body_case = ZHUCUN__REQUEST__BODY_UNIT_SHOW;
    req.unit_show = &us;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->unit->name, "小店区教育局");
    assert_string_equal(reply->unit->leader_name, "演示领导");
    zc_reply_free(reply);
    assert_int_equal(call(other_county, &req, NULL), ZHUCUN__CODE__NOT_FOUND);

    Zhucun__UnitList ul = ZHUCUN__UNIT_LIST__INIT;
    Zhucun__Request lreq = ZHUCUN__REQUEST__INIT;
    lreq.body_case = ZHUCUN__REQUEST__BODY_UNIT_LIST;
    lreq.unit_list = &ul;
    assert_int_equal(call(prov, &lreq, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->unit_list->n_units, 2);
    assert_string_equal(reply->unit_list->units[0]->level, "province"); /* central first */
    zc_reply_free(reply);
    assert_int_equal(call(other_county, &lreq, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->unit_list->n_units, 0);
    zc_reply_free(reply);

    Zhucun__UnitUpdate uu = ZHUCUN__UNIT_UPDATE__INIT;
    Zhucun__Request ureq = ZHUCUN__REQUEST__INIT;
    uu.id = id;
    uu.handling_office = "人事科";
    ureq.body_case = ZHUCUN__REQUEST__BODY_UNIT_UPDATE;
    ureq.unit_update = &uu;
    assert_int_equal(call(county, &ureq, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(call(other_county, &ureq, NULL), ZHUCUN__CODE__NOT_FOUND);
}

static void test_accounts(void **state)
{
    (void)state;
    Zhucun__Code code;
    char pw[32];
    int64_t person =
        user_add(county, "zhang-san", "演示张三", "140105001001", "cadre", NULL, 0, 1, pw, &code);
    assert_int_equal(code, ZHUCUN__CODE__OK);
    assert_true(person > 0);
    assert_true(strlen(pw) == 12);
    /* The new user must change the initial password before doing anything else. */
    struct zc_client *c = zt_connect(&srv, NULL);
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    assert_int_equal(zc_login(c, "zhang-san", pw, &reply, &err), 0);
    assert_true(reply->login->must_change_password);
    zc_reply_free(reply);
    Zhucun__Request sreq = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgShow os = ZHUCUN__ORG_SHOW__INIT;
    os.code = "140105001001";
    sreq.body_case = ZHUCUN__REQUEST__BODY_ORG_SHOW;
    sreq.org_show = &os;
    assert_int_equal(call(c, &sreq, NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    zc_close(c);

    /* Out of scope, above its level, unknown role, taken name. */
    user_add(county, "li-si", "演示李四", "140106001000", "cadre", NULL, 0, 0, NULL, &code);
    assert_int_equal(code, ZHUCUN__CODE__NOT_FOUND);
    user_add(county, "li-si", "演示李四", "140105000000", "city_office", "140100000000", 0, 0, NULL,
             &code);
    assert_int_equal(code, ZHUCUN__CODE__NOT_FOUND); /* above its own level */
    user_add(county, "li-si", "演示李四", "140105000000", "county_office", "140105001000", 0, 0,
             NULL, &code);
    assert_int_equal(code, ZHUCUN__CODE__INVALID_ARGUMENT); /* a county role on a township */
    user_add(county, "li-si", "演示李四", "140105000000", "county_office", "140106000000", 0, 0,
             NULL, &code);
    assert_int_equal(code, ZHUCUN__CODE__NOT_FOUND); /* a sibling county */
    user_add(county, "li-si", "演示李四", "140105000000", "wizard", NULL, 0, 0, NULL, &code);
    assert_int_equal(code, ZHUCUN__CODE__INVALID_ARGUMENT);
    user_add(county, "zhang-san", "演示张三", "140105001001", "cadre", NULL, 0, 0, NULL, &code);
    assert_int_equal(code, ZHUCUN__CODE__ALREADY_EXISTS);
    /* a colleague at its own level is fine */
    user_add(county, "wang-wu", "演示王五", "140105000000", "county_office", NULL, 0, 0, NULL,
             &code);
    assert_int_equal(code, ZHUCUN__CODE__OK);

    /* reset password, disable, grant */
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__UserResetPassword rp = ZHUCUN__USER_RESET_PASSWORD__INIT;
    rp.username = "zhang-san";
    req.body_case = ZHUCUN__REQUEST__BODY_USER_RESET_PASSWORD;
    req.user_reset_password = &rp;
    assert_int_equal(call(county, &req, &reply), ZHUCUN__CODE__OK);
    char fresh[32];
    snprintf(fresh, sizeof(fresh), "%s", reply->user_reset_password->initial_password);
    zc_reply_free(reply);
    assert_string_not_equal(fresh, pw);
    assert_int_equal(call(other_county, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    rp.username = "prov"; /* above the county office: not its to manage */
    assert_int_equal(call(county, &req, NULL), ZHUCUN__CODE__NOT_FOUND);

    Zhucun__UserDisable ud = ZHUCUN__USER_DISABLE__INIT;
    Zhucun__Request dreq = ZHUCUN__REQUEST__INIT;
    ud.username = "zhang-san";
    dreq.body_case = ZHUCUN__REQUEST__BODY_USER_DISABLE;
    dreq.user_disable = &ud;
    /* a keyed write (0021): the retry with the same key is answered as the first, one audit */
    dreq.idempotency_key = "k-1";
    assert_int_equal(call(county, &dreq, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(call(county, &dreq, NULL), ZHUCUN__CODE__OK);
    char *n = zt_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'user.disable'"
                           " AND object = 'user:zhang-san'");
    assert_string_equal(n, "1");
    free(n);
    dreq.idempotency_key = "";
    assert_int_equal(call(county, &dreq, NULL), ZHUCUN__CODE__OK);
    c = zt_connect(&srv, NULL);
    assert_int_equal(zc_login(c, "zhang-san", fresh, &reply, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__PERMISSION_DENIED);
    zc_reply_free(reply);
    zc_close(c);
    ud.enable = 1;
    assert_int_equal(call(county, &dreq, NULL), ZHUCUN__CODE__OK);

    Zhucun__UserGrant ug = ZHUCUN__USER_GRANT__INIT;
    Zhucun__Request greq = ZHUCUN__REQUEST__INIT;
    ug.username = "zhang-san";
    ug.role = "team_captain";
    ug.scope_code = "140105001001";
    greq.body_case = ZHUCUN__REQUEST__BODY_USER_GRANT;
    greq.user_grant = &ug;
    assert_int_equal(call(county, &greq, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(call(county, &greq, NULL), ZHUCUN__CODE__ALREADY_EXISTS);
    ug.role = "province_office";
    ug.scope_code = "140000000000";
    assert_int_equal(call(county, &greq, NULL), ZHUCUN__CODE__NOT_FOUND); /* above its level */
    ug.role = "team_captain";
    ug.scope_code = "140105001001";
    ug.revoke = 1;
    assert_int_equal(call(county, &greq, NULL), ZHUCUN__CODE__OK);

    Zhucun__UserShow us = ZHUCUN__USER_SHOW__INIT;
    Zhucun__Request shreq = ZHUCUN__REQUEST__INIT;
    us.username = "zhang-san";
    shreq.body_case = ZHUCUN__REQUEST__BODY_USER_SHOW;
    shreq.user_show = &us;
    assert_int_equal(call(county, &shreq, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->user_show->person->name, "演示张三");
    /* Stored sealed (persons.phone_enc), answered in clear. */
    assert_string_equal(reply->user_show->person->phone, "13900000000");
    assert_int_equal(reply->user_show->n_roles, 1);
    assert_string_equal(reply->user_show->roles[0]->role, "cadre");
    assert_true(reply->user_show->must_change_password);
    zc_reply_free(reply);
    assert_int_equal(call(other_county, &shreq, NULL), ZHUCUN__CODE__NOT_FOUND);
}

static Zhucun__Code assign(struct zc_client *c, int64_t team, int64_t person, const char *post,
                           const char *start, int64_t *membership)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = team;
    ta.person_id = person;
    ta.post = (char *)post;
    ta.start_date = (char *)start;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
    req.team_assign = &ta;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = call(c, &req, &reply);
    if (code == ZHUCUN__CODE__OK && membership != NULL)
        *membership = reply->membership->id;
    zc_reply_free(reply);
    return code;
}

static void test_teams_memberships_recall_party(void **state)
{
    (void)state;
    Zhucun__Code code;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
    tc.kind = "village";
    tc.org_code = "140105001001";
    tc.name = "测试一村驻村工作队";
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_CREATE;
    req.team_create = &tc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(call(county, &req, &reply), ZHUCUN__CODE__OK);
    int64_t team = reply->team->id;
    zc_reply_free(reply);
    assert_int_equal(call(county, &req, NULL), ZHUCUN__CODE__ALREADY_EXISTS);
    assert_int_equal(call(other_county, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    tc.kind = "township";
    assert_int_equal(call(county, &req, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);

    int64_t a =
        user_add(county, "cadre-a", "演示甲", "140105001001", "cadre", NULL, 0, 1, NULL, &code);
    int64_t b =
        user_add(county, "cadre-b", "演示乙", "140105001001", "cadre", NULL, 0, 1, NULL, &code);
    int64_t c =
        user_add(county, "cadre-c", "演示丙", "140105001001", "cadre", NULL, 0, 0, NULL, &code);
    int64_t ma = 0, mb = 0, mc = 0;
    assert_int_equal(assign(county, team, a, "captain", "2026-01-05", &ma), ZHUCUN__CODE__OK);
    assert_int_equal(assign(county, team, b, "captain", "2026-01-05", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION); /* one captain */
    assert_int_equal(assign(county, team, b, "first_secretary", "2026-01-05", &mb),
                     ZHUCUN__CODE__OK);
    assert_int_equal(assign(county, team, b, "member", "2026-01-05", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION); /* already serving */
    assert_int_equal(assign(county, team, c, "boss", "2026-01-05", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(assign(county, team, c, "member", "2026-02-30", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(assign(county, team, c, "member", "2026-02-01", &mc), ZHUCUN__CODE__OK);
    assert_int_equal(assign(other_county, team, c, "member", "2026-02-01", NULL),
                     ZHUCUN__CODE__NOT_FOUND);

    /* party group: two party members, so a leader may be named, and only a party member */
    Zhucun__Request preq = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamSetPartyLeader pl = ZHUCUN__TEAM_SET_PARTY_LEADER__INIT;
    pl.team_id = team;
    pl.person_id = c;
    preq.body_case = ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER;
    preq.team_set_party_leader = &pl;
    assert_int_equal(call(county, &preq, NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    pl.person_id = b;
    assert_int_equal(call(county, &preq, NULL), ZHUCUN__CODE__OK);

    /* recall needs a reason; history is kept */
    Zhucun__Request rreq = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamRecall rc = ZHUCUN__TEAM_RECALL__INIT;
    rc.membership_id = mb;
    rc.end_date = "2026-06-30";
    rc.reason = "recall";
    rreq.body_case = ZHUCUN__REQUEST__BODY_TEAM_RECALL;
    rreq.team_recall = &rc;
    assert_int_equal(call(county, &rreq, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "note");
    zc_reply_free(reply);
    rc.note = "年度考核不称职，派出单位召回";
    rc.end_date = "2025-12-31";
    assert_int_equal(call(county, &rreq, NULL), ZHUCUN__CODE__INVALID_ARGUMENT); /* before start */
    rc.end_date = "2026-06-30";
    assert_int_equal(call(other_county, &rreq, NULL), ZHUCUN__CODE__NOT_FOUND);
    /* A recall goes to the approval engine (docs/approvals.md): the cadre has no dispatching
     * unit, so the county office alone decides; until then the cadre serves. */
    assert_int_equal(call(county, &rreq, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->team_recall->status, "pending");
    int64_t approval = reply->team_recall->approval_id;
    assert_true(approval > 0);
    zc_reply_free(reply);
    assert_int_equal(call(county, &rreq, NULL), ZHUCUN__CODE__ALREADY_EXISTS); /* one at a time */
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM memberships WHERE id = %lld AND end_date IS NULL",
             (long long)mb);
    char *active = zt_sql(&srv, sql);
    assert_string_equal(active, "1");
    free(active);
    Zhucun__Request qreq = ZHUCUN__REQUEST__INIT;
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    qreq.body_case = ZHUCUN__REQUEST__BODY_QUEUE_LIST;
    qreq.queue_list = &ql;
    assert_int_equal(call(county, &qreq, &reply), ZHUCUN__CODE__OK);
    int64_t step = 0;
    for (size_t i = 0; i < reply->queue_list->n_items; i++)
        if (reply->queue_list->items[i]->approval_id == approval) {
            step = reply->queue_list->items[i]->step_id;
            assert_string_equal(reply->queue_list->items[i]->subject_kind, "recall");
            assert_string_equal(reply->queue_list->items[i]->kind_name, "召回");
        }
    zc_reply_free(reply);
    assert_true(step > 0);
    Zhucun__Request dreq = ZHUCUN__REQUEST__INIT;
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = "approve";
    dreq.body_case = ZHUCUN__REQUEST__BODY_DECIDE;
    dreq.decide = &d;
    assert_int_equal(call(county, &dreq, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->decide->approval_status, "approved");
    zc_reply_free(reply);
    assert_int_equal(call(county, &rreq, NULL), ZHUCUN__CODE__FAILED_PRECONDITION); /* ended */

    Zhucun__Request sreq = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamShow ts = ZHUCUN__TEAM_SHOW__INIT;
    ts.org_code = "140105001001";
    sreq.body_case = ZHUCUN__REQUEST__BODY_TEAM_SHOW;
    sreq.team_show = &ts;
    assert_int_equal(call(county, &sreq, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->team->n_members, 2);       /* active: a and c */
    assert_int_equal(reply->team->party_leader_id, 0); /* the leader was recalled */
    zc_reply_free(reply);
    Zhucun__Request hreq = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamMembers tm = ZHUCUN__TEAM_MEMBERS__INIT;
    tm.team_id = team;
    tm.history = 1;
    hreq.body_case = ZHUCUN__REQUEST__BODY_TEAM_MEMBERS;
    hreq.team_members = &tm;
    assert_int_equal(call(county, &hreq, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->team->n_members, 3);
    int recalled = 0;
    for (size_t i = 0; i < reply->team->n_members; i++)
        if (strcmp(reply->team->members[i]->end_reason, "recall") == 0) {
            recalled++;
            assert_string_equal(reply->team->members[i]->end_date, "2026-06-30");
        }
    assert_int_equal(recalled, 1);
    zc_reply_free(reply);
    /* a recall cannot end in the future, and a new term cannot overlap the last one */
    rc.membership_id = mc;
    rc.end_date = "2999-01-01";
    assert_int_equal(call(county, &rreq, NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(assign(county, team, b, "member", "2026-06-30", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    /* the recalled cadre lost the team's role on the village */
    Zhucun__Request ureq = ZHUCUN__REQUEST__INIT;
    Zhucun__UserShow us = ZHUCUN__USER_SHOW__INIT;
    us.username = "cadre-b";
    ureq.body_case = ZHUCUN__REQUEST__BODY_USER_SHOW;
    ureq.user_show = &us;
    assert_int_equal(call(county, &ureq, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->user_show->n_roles, 0);
    zc_reply_free(reply);
    /* the recalled cadre may serve elsewhere now; a cadre sees their own team */
    assert_int_equal(assign(county, team, b, "member", "2026-07-01", NULL), ZHUCUN__CODE__OK);
    (void)ma;
    (void)mc;
    struct zc_client *own = zt_login(&srv, "xiaodian", PW, NULL);
    assert_int_equal(call(own, &sreq, NULL), ZHUCUN__CODE__OK);
    zc_close(own);
    assert_int_equal(call(other_county, &sreq, NULL), ZHUCUN__CODE__NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_accounts),
        cmocka_unit_test(test_teams_memberships_recall_party),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
