/* test_rls.c -- row-level security, the second line behind the scope checks in C (issue 14;
 * docs/rls.md; 0026_row_level_security.sql).
 *
 * The server runs with ZHUCUN_TEST_NO_SCOPE_CHECK=1 (a test build only): every scope check in
 * C lets everything through (access_checks_off), so what county A's office still cannot see or
 * change of county B -- households, members, visits' follow-up items, leave, exports -- the
 * database refused on its own. A call on a table without policies (OrgShow) shows the C checks
 * really are off. Then the same tables read with psql's eyes as zhucun_app: nothing without a
 * caller, one county's rows with its scope, no write outside it, the export role read-only,
 * and no way around the parent table through a partition. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/idcard.h"

#define PW       "correct horse battery"
#define COUNTY_A "140105000000"
#define VA       "140105001001"
#define COUNTY_B "140106000000"
#define VB       "140106001001"

static const char *tree = "140100000000,太原市,city\n"
                          "140105000000,小店区,county\n140105001000,坞城街道,township\n"
                          "140105001001,测试一村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,测试二村,village\n";

static struct zt_server srv;
static struct zc_client *office_a, *office_b, *cadre_b;
static int64_t hh_a, hh_b, item_b, leave_b, person_b;
static char today[11];

static int64_t household_create(struct zc_client *c, const char *village, int serial)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519800101%03d", serial);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp = &m;
    m.name = "测试户主";
    m.relation = "head";
    m.id_number = id;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = (char *)village;
    h.category = "monitored";
    h.since = "2025-01-01";
    h.phone = "13800000001";
    h.n_members = 1;
    h.members = &mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    int64_t id_out = reply->household->id;
    zc_reply_free(reply);
    return id_out;
}

static int setup(void **state)
{
    (void)state;
    /* Inherited by the server process the harness starts. */
    setenv("ZHUCUN_TEST_NO_SCOPE_CHECK", "1", 1);
    zt_server_start(&srv, "rls", NULL);
    unsetenv("ZHUCUN_TEST_NO_SCOPE_CHECK");
    rules_date_format(zt_today(), today);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "office-a", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "office-b", PW, "county_office", COUNTY_B, 0), 0);
    office_a = zt_login(&srv, "office-a", PW, NULL);
    office_b = zt_login(&srv, "office-b", PW, NULL);
    hh_a = household_create(office_a, VA, 1);
    hh_b = household_create(office_b, VB, 2);

    /* County B's team, a cadre, a visit with a follow-up item and a leave request. */
    int64_t team = zt_team(office_b, "village", VB, "测试二村工作队");
    cadre_b =
        zt_cadre(&srv, office_b, team, "cadre-b", VB, "team_captain", "captain", 0, PW, &person_b);
    Zhucun__Problem pr = ZHUCUN__PROBLEM__INIT;
    Zhucun__Problem *prp = &pr;
    pr.text = "屋顶漏雨";
    pr.responsible_id = person_b;
    pr.deadline = "2099-01-01";
    int64_t cadres[1] = {person_b};
    Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
    vc.household_id = hh_b;
    vc.visit_date = today;
    vc.mode = "in_person";
    vc.cadre_ids = cadres;
    vc.n_cadre_ids = 1;
    vc.notes = "入户走访";
    vc.problems = &prp;
    vc.n_problems = 1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISIT_CREATE;
    req.visit_create = &vc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre_b, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->visit_create->n_item_ids, 1);
    item_b = reply->visit_create->item_ids[0];
    zc_reply_free(reply);
    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.id = item_b;
    fu.status = "in_progress";
    fu.note = "已联系施工队";
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE;
    req.follow_up_update = &fu;
    assert_int_equal(zt_call(office_b, &req, NULL), ZHUCUN__CODE__OK);

    char first[11];
    rules_date_format(zt_today() + 30, first);
    Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
    lr.first_day = first;
    lr.last_day = first;
    lr.reason = "探亲";
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_REQUEST;
    req.leave_request = &lr;
    reply = NULL;
    assert_int_equal(zt_call(cadre_b, &req, &reply), ZHUCUN__CODE__OK);
    leave_b = reply->leave_request->leave_id;
    zc_reply_free(reply);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(office_a);
    zc_close(office_b);
    zc_close(cadre_b);
    zt_server_finish(&srv);
    return 0;
}

/* The C checks are off: county A's office is shown county B's village (org_units has no
 * policy, and nothing else stops it). Without this, the refusals below could be C's. */
static void test_checks_are_off(void **state)
{
    (void)state;
    Zhucun__OrgShow os = ZHUCUN__ORG_SHOW__INIT;
    os.code = VB;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_SHOW;
    req.org_show = &os;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__OK);
}

static void test_households(void **state)
{
    (void)state;
    /* Show: county A's own, not county B's. */
    Zhucun__HouseholdShow hs = ZHUCUN__HOUSEHOLD_SHOW__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW;
    req.household_show = &hs;
    hs.id = hh_a;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__OK);
    hs.id = hh_b;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);

    /* List of county B's village: nothing. */
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = VB;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST;
    req.household_list = &hl;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(office_a, &req, &reply);
    assert_true(code == ZHUCUN__CODE__OK || code == ZHUCUN__CODE__NOT_FOUND);
    if (code == ZHUCUN__CODE__OK)
        assert_int_equal(reply->household_list->n_households, 0);
    zc_reply_free(reply);

    /* Update and member add: refused, and nothing changed. */
    Zhucun__HouseholdUpdate hu = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    hu.id = hh_b;
    hu.set_address = 1;
    hu.address = "改过的地址";
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE;
    req.household_update = &hu;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT address FROM households WHERE id = %lld", (long long)hh_b);
    char *addr = zt_sql(&srv, sql);
    assert_string_equal(addr, "");
    free(addr);

    char id[19];
    snprintf(id, sizeof(id), "14010520100101%03d", 9);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    m.name = "测试子女";
    m.relation = "child";
    m.id_number = id;
    m.labour = "minor";
    m.health = "healthy";
    Zhucun__HouseholdMemberAdd ma = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    ma.household_id = hh_b;
    ma.member = &m;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD;
    req.household_member_add = &ma;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM household_members WHERE household_id = %lld",
             (long long)hh_b);
    char *n = zt_sql(&srv, sql);
    assert_string_equal(n, "1");
    free(n);

    /* A household created in county B's village by county A's office: refused on insert. */
    n = zt_sql(&srv, "SELECT count(*) FROM households");
    assert_string_equal(n, "2");
    free(n);
}

static void test_follow_ups(void **state)
{
    (void)state;
    Zhucun__FollowUpList fl = ZHUCUN__FOLLOW_UP_LIST__INIT;
    fl.org_code = VB;
    fl.status = "all";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST;
    req.follow_up_list = &fl;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(office_a, &req, &reply);
    assert_true(code == ZHUCUN__CODE__OK || code == ZHUCUN__CODE__NOT_FOUND);
    if (code == ZHUCUN__CODE__OK)
        assert_int_equal(reply->follow_up_list->n_items, 0);
    zc_reply_free(reply);
    /* County B's own office sees the item: the data is there. */
    reply = NULL;
    assert_int_equal(zt_call(office_b, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->follow_up_list->n_items, 1);
    assert_int_equal(reply->follow_up_list->items[0]->id, item_b);
    zc_reply_free(reply);

    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.id = item_b;
    fu.status = "resolved";
    fu.note = "不是我县的";
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE;
    req.follow_up_update = &fu;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT status FROM follow_up_items WHERE id = %lld",
             (long long)item_b);
    char *st = zt_sql(&srv, sql);
    assert_string_equal(st, "in_progress");
    free(st);
}

static void test_leave(void **state)
{
    (void)state;
    Zhucun__LeaveShow ls = ZHUCUN__LEAVE_SHOW__INIT;
    ls.id = leave_b;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_SHOW;
    req.leave_show = &ls;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_call(office_b, &req, NULL), ZHUCUN__CODE__OK);

    /* Its approval's history: the approvals and their steps name the person and the reason. */
    Zhucun__ApprovalHistory ah = ZHUCUN__APPROVAL_HISTORY__INIT;
    ah.subject_kind = "leave";
    ah.subject_id = leave_b;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY;
    req.approval_history = &ah;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_call(office_b, &req, NULL), ZHUCUN__CODE__OK);

    Zhucun__LeaveList ll = ZHUCUN__LEAVE_LIST__INIT;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_LIST;
    req.leave_list = &ll;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office_a, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->leave_list->n_leaves, 0);
    zc_reply_free(reply);
    /* The cadre's own, by the user branch of the policy. */
    reply = NULL;
    assert_int_equal(zt_call(cadre_b, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->leave_list->n_leaves, 1);
    zc_reply_free(reply);
}

/* An export of county B's households by county A's office: the C check would refuse the
 * scope; with it off, the pull runs and the policies leave it empty. */
static unsigned long long export_rows(struct zc_client *c, const char *kind, const char *scope)
{
    Zhucun__Export ex = ZHUCUN__EXPORT__INIT;
    ex.kind = (char *)kind;
    ex.scope_code = (char *)scope;
    ex.format = "jsonl";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_EXPORT;
    req.export = &ex;
    struct zc_error err;
    uint64_t id = zc_send(c, &req, &err);
    assert_true(id > 0);
    unsigned long long rows = 0;
    for (;;) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(c, &reply, 30000, &err), 0);
        if (reply->id != id) {
            zc_reply_free(reply);
            continue;
        }
        if (reply->status != NULL && reply->status->code != ZHUCUN__CODE__OK) {
            char cmd[700];
            snprintf(cmd, sizeof(cmd), "grep -E 'level=(error|warn)' %s | tail -n 5", srv.log);
            if (system(cmd) != 0)
                print_message("(no error in the server's log)\n");
            fail_msg("Export %s of %s: %d %s", kind, scope, reply->status->code,
                     reply->status->message);
        }
        rows += reply->export_chunk->rows;
        int more = reply->more;
        zc_reply_free(reply);
        if (!more)
            return rows;
    }
}

static void test_export(void **state)
{
    (void)state;
    assert_int_equal(export_rows(office_a, "households", COUNTY_A), 1);
    assert_int_equal(export_rows(office_a, "households", COUNTY_B), 0);
    assert_int_equal(export_rows(office_a, "members", COUNTY_B), 0);
    assert_int_equal(export_rows(office_a, "visits", COUNTY_B), 0);
    assert_int_equal(export_rows(office_a, "leave_requests", COUNTY_B), 0);
    assert_int_equal(export_rows(office_b, "households", COUNTY_B), 1);
    assert_int_equal(export_rows(office_b, "leave_requests", COUNTY_B), 1);
}

/* ---- the tables as zhucun_app sees them, without the server ---- */

static PGconn *app_conn(void)
{
    char ci[512];
    snprintf(ci, sizeof(ci), "host=%s port=%s user=zhucun_app dbname=%s", getenv("ZC_TEST_PGHOST"),
             getenv("ZC_TEST_PGPORT"), srv.dbname);
    PGconn *pg = PQconnectdb(ci);
    if (PQstatus(pg) != CONNECTION_OK)
        fail_msg("connect as zhucun_app: %s", PQerrorMessage(pg));
    return pg;
}

/* The first column of the first row of sql, or "ERROR <sqlstate>". */
static char *one(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    char *out;
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK && PQntuples(res) > 0)
        out = strdup(PQgetvalue(res, 0, 0));
    else if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        out = strdup("");
    else {
        char buf[64];
        snprintf(buf, sizeof(buf), "ERROR %s", PQresultErrorField(res, PG_DIAG_SQLSTATE));
        out = strdup(buf);
    }
    PQclear(res);
    return out;
}

static void expect(PGconn *pg, const char *sql, const char *want)
{
    char *got = one(pg, sql);
    if (strcmp(got, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", sql, got, want);
    free(got);
}

static const char *const counts =
    "SELECT (SELECT count(*) FROM households) || ',' || (SELECT count(*) FROM household_members)"
    " || ',' || (SELECT count(*) FROM household_states) || ',' || (SELECT count(*) FROM visits)"
    " || ',' || (SELECT count(*) FROM ledger_items) || ',' ||"
    " (SELECT count(*) FROM ledger_updates) || ',' || (SELECT count(*) FROM leave_requests)"
    " || ',' || (SELECT count(*) FROM approvals) || ',' || (SELECT count(*) FROM approval_steps)";

static void test_app_role_without_caller(void **state)
{
    (void)state;
    /* The rows are there (the owner sees them all) ... */
    char *all = zt_sql(&srv, counts);
    assert_string_equal(all, "2,2,2,1,1,1,1,1,1");
    free(all);
    /* ... and zhucun_app, with no caller set, sees and writes none of them. */
    PGconn *pg = app_conn();
    expect(pg, counts, "0,0,0,0,0,0,0,0,0");
    expect(pg, "UPDATE households SET address = 'x' RETURNING id", "");
    expect(pg, "DELETE FROM ledger_updates RETURNING item_id", "ERROR 42501");
    /* the old shape is a view over them, the caller's policies applied */
    expect(pg, "SELECT count(*) FROM follow_up_items", "0");
    /* A partition is no way around the parent's policy: no right on it at all. */
    expect(pg, "SELECT count(*) FROM visits_other", "ERROR 42501");
    PQfinish(pg);
}

static void test_app_role_with_scope(void **state)
{
    (void)state;
    PGconn *pg = app_conn();
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, counts, "1,1,1,0,0,0,0,0,0");
    /* Writing a row outside the scope is refused (WITH CHECK). */
    expect(pg,
           "INSERT INTO households (village_code, head_name, since, phone_enc, phone_hmac)"
           " VALUES ('" VB "', '越界', '2025-01-01', '', '')",
           "ERROR 42501");
    free(one(pg, "ROLLBACK"));

    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, counts, "1,1,1,1,1,1,1,1,1");
    free(one(pg, "ROLLBACK"));

    /* The setting lasts the transaction only. */
    expect(pg, counts, "0,0,0,0,0,0,0,0,0");

    /* The export role: reads within the scope, writes nothing. */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true),"
                 " set_config('role', 'zhucun_export', true)"));
    expect(pg, "SELECT count(*) FROM households", "1");
    expect(pg, "UPDATE households SET address = 'x'", "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* ---- people, teams and attendance (0043_rls_people_and_attendance.sql) ----
 *
 * County A gets a team with a captain; both captains check in once, each county's office
 * records a day of official business for its captain, county B's office delegates its queue to
 * a colleague. A county A unit's cadre serves in county B's team (assigned by the province
 * office, whose scope covers both), and the unit's administrator sits in county A. */

static struct zc_client *cadre_a, *uadm_a;
static int64_t team_a, team_b, person_a, person_u, mship_b, deleg_b;

static int64_t sql_id(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    assert_true(id > 0);
    return id;
}

static void check_in_now(struct zc_client *c)
{
    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = 37.8;
    ci.lon = 112.5;
    ci.accuracy_m = 20;
    ci.device_id = "test-phone";
    ci.client_time = zc_clock_now(); /* the device's clock: the test's (zt_now_ms is monotonic) */
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CHECK_IN;
    req.check_in = &ci;
    assert_int_equal(zt_call(c, &req, NULL), ZHUCUN__CODE__OK);
}

static Zhucun__Code business(struct zc_client *c, int64_t person, const char *note)
{
    Zhucun__OfficialBusinessRecord ob = ZHUCUN__OFFICIAL_BUSINESS_RECORD__INIT;
    ob.person_id = person;
    ob.date = today;
    ob.note = (char *)note;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD;
    req.official_business_record = &ob;
    return zt_call(c, &req, NULL);
}

static void test_people_setup(void **state)
{
    (void)state;
    team_b = sql_id("SELECT id FROM teams WHERE org_code = '" VB "'");
    mship_b = sql_id("SELECT id FROM memberships WHERE end_date IS NULL AND team_id ="
                     " (SELECT id FROM teams WHERE org_code = '" VB "')");
    team_a = zt_team(office_a, "village", VA, "测试一村工作队");
    cadre_a = zt_cadre(&srv, office_a, team_a, "cadre-a", VA, "team_captain", "captain", 0, PW,
                       &person_a);
    check_in_now(cadre_a);
    check_in_now(cadre_b);
    assert_int_equal(business(office_a, person_a, "县里开会"), ZHUCUN__CODE__OK);
    assert_int_equal(business(office_b, person_b, "县里开会"), ZHUCUN__CODE__OK);

    /* County B's office hands its queue to a colleague for a week. */
    assert_int_equal(zt_useradd(&srv, "office-b2", PW, "county_office", COUNTY_B, 0), 0);
    char last[11];
    rules_date_format(zt_today() + 7, last);
    Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
    dc.to_username = "office-b2";
    dc.role = "county_office";
    dc.scope_code = COUNTY_B;
    dc.first_day = today;
    dc.last_day = last;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_CREATE;
    req.delegation_create = &dc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office_b, &req, &reply), ZHUCUN__CODE__OK);
    deleg_b = reply->delegation->id;
    zc_reply_free(reply);

    /* A county A unit's cadre in county B's team, and the unit's administrator in county A. */
    int64_t unit_a = zt_unit(office_a, "小店区测试局", "county", COUNTY_A);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zc_close(zt_cadre(&srv, prov, team_b, "cadre-u", VB, "cadre", "member", unit_a, PW, &person_u));
    zc_close(prov);
    char initial[64];
    zt_user_add(office_a, "uadm-a", "测试局管理员", COUNTY_A, "unit_admin", unit_a, initial);
    uadm_a = zt_first_login(&srv, "uadm-a", initial, PW);
}

static Zhucun__Code team_show(struct zc_client *c, int64_t team, Zhucun__Reply **out)
{
    Zhucun__TeamShow ts = ZHUCUN__TEAM_SHOW__INIT;
    ts.id = team;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_SHOW;
    req.team_show = &ts;
    return zt_call(c, &req, out);
}

static Zhucun__Code week_of(struct zc_client *c, int64_t person, Zhucun__Reply **out)
{
    Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
    aw.person_id = person;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK;
    req.attendance_week = &aw;
    return zt_call(c, &req, out);
}

/* The owner's answer to sql, compared with want. */
static void owner_expect(const char *sql, const char *want)
{
    char *got = zt_sql(&srv, sql);
    if (strcmp(got, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", sql, got, want);
    free(got);
}

/* The rows of a list or report call that must answer OK: a report's rows, a list's entries. */
static size_t rows_of(struct zc_client *c, Zhucun__Request *req)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, req, &reply), ZHUCUN__CODE__OK);
    size_t n = 0;
    switch (reply->body_case) {
    case ZHUCUN__REPLY__BODY_ATTENDANCE_REPORT:
        n = reply->attendance_report->n_rows;
        break;
    case ZHUCUN__REPLY__BODY_VISIT_REPORT:
        n = reply->visit_report->n_rows;
        break;
    case ZHUCUN__REPLY__BODY_DELEGATION_LIST:
        n = reply->delegation_list->n_delegations;
        break;
    default:
        fail_msg("rows_of: no rows in reply body %d", reply->body_case);
    }
    zc_reply_free(reply);
    return n;
}

/* Teams and memberships: county B's team does not exist for county A's office, its members
 * cannot be recalled, assigned or made party leader, and nothing of it changes. */
static void test_teams_and_memberships(void **state)
{
    (void)state;
    assert_int_equal(team_show(office_a, team_a, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(team_show(office_a, team_b, NULL), ZHUCUN__CODE__NOT_FOUND);
    Zhucun__TeamMembers tm = ZHUCUN__TEAM_MEMBERS__INIT;
    tm.team_id = team_b;
    tm.history = 1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_MEMBERS;
    req.team_members = &tm;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);

    Zhucun__TeamRecall tr = ZHUCUN__TEAM_RECALL__INIT;
    tr.membership_id = mship_b;
    tr.end_date = today;
    tr.reason = "rotation";
    tr.note = "不是我县的";
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_RECALL;
    req.team_recall = &tr;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);

    Zhucun__TeamSetPartyLeader pl = ZHUCUN__TEAM_SET_PARTY_LEADER__INIT;
    pl.team_id = team_b;
    pl.person_id = person_b;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER;
    req.team_set_party_leader = &pl;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);

    /* County B's captain put into county A's team: the person does not exist for A. */
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = team_a;
    ta.person_id = person_b;
    ta.post = "member";
    ta.start_date = today;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
    req.team_assign = &ta;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);

    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FILTER (WHERE end_date IS NULL) || ',' || count(*) FROM memberships"
             " WHERE person_id = %lld",
             (long long)person_b);
    owner_expect(sql, "1,1");
    owner_expect("SELECT coalesce(party_leader_id, 0) FROM teams WHERE org_code = '" VB "'", "0");
    /* County B's office still sees and runs its own team. */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(team_show(office_b, team_b, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->team->n_members, 2);
    zc_reply_free(reply);
}

/* Persons, check-ins and official business: county B's captain's week and report, the
 * official business recorded for them, and the exports of county B are nothing to A. */
static void test_people_and_attendance(void **state)
{
    (void)state;
    assert_int_equal(week_of(office_a, person_b, NULL), ZHUCUN__CODE__NOT_FOUND);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(week_of(office_b, person_b, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attendance_week->n_checkins, 1);
    zc_reply_free(reply);

    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = COUNTY_B;
    ar.week = "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT;
    req.attendance_report = &ar;
    assert_int_equal(rows_of(office_a, &req), 0);
    assert_int_equal(rows_of(office_b, &req), 2);

    assert_int_equal(business(office_a, person_b, "越界补录"), ZHUCUN__CODE__NOT_FOUND);
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) || ',' || min(note) FROM official_business WHERE person_id = %lld",
             (long long)person_b);
    owner_expect(sql, "1,县里开会");

    assert_int_equal(export_rows(office_a, "teams", COUNTY_B), 0);
    assert_int_equal(export_rows(office_a, "memberships", COUNTY_B), 0);
    assert_int_equal(export_rows(office_a, "checkins", COUNTY_B), 0);
    assert_int_equal(export_rows(office_a, "official_business", COUNTY_B), 0);
    assert_int_equal(export_rows(office_b, "teams", COUNTY_B), 1);
    assert_int_equal(export_rows(office_b, "memberships", COUNTY_B), 2);
    assert_int_equal(export_rows(office_b, "checkins", COUNTY_B), 1);
    assert_int_equal(export_rows(office_b, "official_business", COUNTY_B), 1);
}

/* Visit duties: county B's household rows of the compliance report; delegations: county B's
 * cannot be revoked by county A's office. */
static void test_duties_and_delegations(void **state)
{
    (void)state;
    char *n = zt_sql(&srv, "SELECT count(*) FROM visit_duties WHERE village_code = '" VB "'");
    assert_true(strtol(n, NULL, 10) > 0);
    free(n);
    char month[8];
    snprintf(month, sizeof(month), "%.7s", today);
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = VB;
    vr.period = month;
    vr.by = "household";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISIT_REPORT;
    req.visit_report = &vr;
    assert_int_equal(rows_of(office_a, &req), 0);
    assert_int_equal(rows_of(office_b, &req), 1);

    Zhucun__DelegationRevoke dr = ZHUCUN__DELEGATION_REVOKE__INIT;
    dr.id = deleg_b;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE;
    req.delegation_revoke = &dr;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    owner_expect("SELECT count(*) FROM delegations WHERE revoked_at IS NULL", "1");
    Zhucun__DelegationList dl = ZHUCUN__DELEGATION_LIST__INIT;
    req = (Zhucun__Request)ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_LIST;
    req.delegation_list = &dl;
    assert_int_equal(rows_of(office_a, &req), 0);
    assert_int_equal(rows_of(office_b, &req), 1);
}

/* What legitimately crosses the counties: the unit's administrator in A sees county B's team,
 * where its cadre serves, with every member; each captain sees their own week and team. With
 * the C checks off here, and again on a second server process of the same database with them
 * on. */
static void legit_reads(struct zc_client *uadm, struct zc_client *cadre)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(team_show(uadm, team_b, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->team->n_members, 2);
    int seen = 0;
    for (size_t i = 0; i < reply->team->n_members; i++)
        seen += reply->team->members[i]->person_id == person_u;
    assert_int_equal(seen, 1);
    zc_reply_free(reply);
    reply = NULL;
    assert_int_equal(week_of(cadre, 0, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attendance_week->team_id, team_b);
    assert_int_equal(reply->attendance_week->n_checkins, 1);
    zc_reply_free(reply);
}

static void test_legit_cross_scope(void **state)
{
    (void)state;
    legit_reads(uadm_a, cadre_b);

    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    struct zc_client *uadm = zt_login(&twin, "uadm-a", PW, NULL);
    struct zc_client *cadre = zt_login(&twin, "cadre-b", PW, NULL);
    struct zc_client *office = zt_login(&twin, "office-a", PW, NULL);
    legit_reads(uadm, cadre);
    /* ... where the C checks are on: county B's team is NOT_FOUND for A's office by them. */
    assert_int_equal(team_show(office, team_b, NULL), ZHUCUN__CODE__NOT_FOUND);
    /* A provincial cadre (kept by the province, serving nowhere yet) put into county A's team by
     * county A's office: the person lies above the office's scope (zc_scope_above). */
    int64_t sent = sql_id("INSERT INTO persons (name, org_code, phone_enc, phone_hmac)"
                          " VALUES ('省派干部', '140000000000', '', '') RETURNING id");
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = team_a;
    ta.person_id = sent;
    ta.post = "member";
    ta.start_date = today;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
    req.team_assign = &ta;
    assert_int_equal(zt_call(office, &req, NULL), ZHUCUN__CODE__OK);
    zc_close(uadm);
    zc_close(cadre);
    zc_close(office);
    assert_int_equal(zt_server_stop(&twin, 10000), 0);
    zc_close(uadm_a);
    zc_close(cadre_a);
}

static const char *const people_counts =
    "SELECT (SELECT count(*) FROM persons) || ',' || (SELECT count(*) FROM teams) || ',' ||"
    " (SELECT count(*) FROM memberships) || ',' || (SELECT count(*) FROM checkins) || ',' ||"
    " (SELECT count(*) FROM official_business) || ',' || (SELECT count(*) FROM visit_duties"
    " WHERE household_id IS NOT NULL) || ',' || (SELECT count(*) FROM delegations)";

/* In one transaction for the caller set by settings (set_config pairs), sql answers want. */
static void expect_as(PGconn *pg, const char *settings, const char *sql, const char *want)
{
    char set[300];
    snprintf(set, sizeof(set), "SELECT %s", settings);
    free(one(pg, "BEGIN"));
    free(one(pg, set));
    char *got = one(pg, sql);
    free(one(pg, "ROLLBACK"));
    if (strcmp(got, want) != 0)
        fail_msg("%s with %s: got \"%s\", want \"%s\"", sql, settings, got, want);
    free(got);
}

#define AS_A "set_config('zhucun.scope', '{140105%}', true)"
#define AS_B "set_config('zhucun.scope', '{140106%}', true)"

/* As zhucun_app with psql's eyes: nothing without a caller; one county's with its scope (A:
 * its captain, the unit's administrator, the provincial cadre now in its team, and the unit's
 * cadre serving in B with that membership; B: its captain, the unit's cadre, and the
 * provincial cadre, kept above it); nothing written into the other county; delegations by
 * their user. */
static void test_app_role_people(void **state)
{
    (void)state;
    PGconn *pg = app_conn();
    expect(pg, people_counts, "0,0,0,0,0,0,0");
    expect(pg, "UPDATE memberships SET end_note = 'x' RETURNING id", "");
    expect(pg, "UPDATE delegations SET revoked_at = now() RETURNING id", "");
    /* A partition is no way around the parent's policy. */
    expect(pg, "SELECT count(*) FROM visit_duties_other", "ERROR 42501");
    expect(pg, "SELECT count(*) FROM checkins_other", "ERROR 42501");

    expect_as(pg, AS_A, people_counts, "4,1,3,1,1,5,0");
    expect_as(pg, AS_B, people_counts, "3,1,2,1,1,5,0");

    char sql[300];
    snprintf(sql, sizeof(sql), "UPDATE memberships SET end_note = 'x' WHERE id = %lld RETURNING id",
             (long long)mship_b);
    expect_as(pg, AS_A, sql, "");
    expect_as(pg, AS_A,
              "INSERT INTO teams (kind, org_code, name) VALUES ('village', '" VB "', '越界队')",
              "ERROR 42501");
    snprintf(sql, sizeof(sql),
             "INSERT INTO checkins (at, person_id, village_code, client_time, lat, lon,"
             " accuracy_m) VALUES (now(), %lld, '" VB "', now(), 0, 0, 1)",
             (long long)person_b);
    expect_as(pg, AS_A, sql, "ERROR 42501");
    snprintf(sql, sizeof(sql),
             "INSERT INTO official_business (person_id, day, note) VALUES (%lld, '2025-01-02',"
             " '越界')",
             (long long)person_b);
    expect_as(pg, AS_A, sql, "ERROR 42501");
    expect_as(pg, AS_A,
              "INSERT INTO persons (name, org_code, phone_enc, phone_hmac)"
              " VALUES ('越界', '" VB "', '', '')",
              "ERROR 42501");
    expect_as(pg, AS_A,
              "INSERT INTO visit_duties (village_code, rule_id, period_first, period_last,"
              " window_first, required) VALUES ('" VB "', 1, '2025-01-01', '2025-01-31',"
              " '2025-01-01', 1)",
              "ERROR 42501");

    /* Delegations follow the user: county B's office's own, nobody else's. */
    expect_as(pg,
              "set_config('zhucun.user', (SELECT id FROM users WHERE username = 'office-a')::text,"
              " true)",
              "SELECT count(*) FROM delegations", "0");
    expect_as(pg,
              "set_config('zhucun.user', (SELECT id FROM users WHERE username = 'office-b')::text,"
              " true)",
              "SELECT count(*) FROM delegations", "1");
    expect_as(pg,
              "set_config('zhucun.user', (SELECT id FROM users WHERE username = 'office-a')::text,"
              " true)",
              "INSERT INTO delegations (from_user, to_user, role, scope_code, first_day, last_day)"
              " SELECT b.id, b2.id, 'county_office', '" COUNTY_B "', '2025-01-01', '2025-01-02'"
              " FROM users b, users b2 WHERE b.username = 'office-b' AND b2.username = 'office-b2'",
              "ERROR 42501");
    PQfinish(pg);
}

/* The income sums and plans (0050, 0051; docs/income.md) hold their own policies: county A's
 * office, the C checks off, lists none of county B's sums and reaches none of B's households;
 * as zhucun_app, a scope sees its own county's sums only and cannot write another's. */
static void test_income(void **state)
{
    (void)state;
    Zhucun__IncomeItems it = ZHUCUN__INCOME_ITEMS__INIT;
    it.wages_fen = 50000;
    Zhucun__IncomeRecord ir = ZHUCUN__INCOME_RECORD__INIT;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", today);
    ir.household_id = hh_b;
    ir.month = month;
    ir.items = &it;
    ir.members = 1;
    ir.ack = "signed";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INCOME_RECORD;
    req.income_record = &ir;
    assert_int_equal(zt_call(cadre_b, &req, NULL), ZHUCUN__CODE__OK);
    /* A's office: not B's household, and none of B's sums in a list of B's county */
    ir.reason = "越界更正";
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    Zhucun__IncomeList il = ZHUCUN__INCOME_LIST__INIT;
    il.list = "under_threshold";
    il.org_code = COUNTY_B;
    req.body_case = ZHUCUN__REQUEST__BODY_INCOME_LIST;
    req.income_list = &il;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office_a, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->income_list->households, 0);
    zc_reply_free(reply);
    assert_int_equal(zt_call(office_b, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->income_list->households, 1);
    zc_reply_free(reply);
    /* psql's eyes */
    PGconn *pg = app_conn();
    expect(pg, "SELECT count(*) FROM income_sums", "0");
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, "SELECT count(*) FROM income_sums", "0");
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    char sql[600];
    snprintf(sql, sizeof(sql),
             "INSERT INTO income_sums (household_id, village_code, month, version, wages_fen,"
             " business_fen, rent_fen, dividend_fen, pension_fen, subsidy_fen, dibao_fen,"
             " other_transfer_fen, costs_fen, members, net_fen, per_capita_fen, ack)"
             " VALUES (%lld, '" VB "', '%s-01', 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 'signed')",
             (long long)hh_b, month);
    expect(pg, sql, "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, "SELECT count(*) FROM income_sums", "1");
    expect(pg, "SELECT count(*) FROM income_plans", "0");
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Projects (0100, 0101; docs/projects.md): a project of B's village, its villages, funds,
 * beneficiaries and transition requests are B's; one that also serves A's village is seen by
 * A's scope too (by project_villages), its funds with it. Through the server with the C checks
 * off, and with psql's eyes. */
static void test_projects(void **state)
{
    (void)state;
    char sql[1400];
    snprintf(sql, sizeof(sql),
             "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
             " responsible, planned_start, planned_end, status_on) VALUES"
             " ('" VB "', 'RLS 项目', 'industry', 2025, 100, '县局', '2025-01-01', '2025-12-31',"
             " '2025-01-01'), ('" VB "', 'RLS 两村项目', 'living', 2025, 100, '县局', '2025-01-01',"
             " '2025-12-31', '2025-01-01') RETURNING id, name),"
             " v AS (INSERT INTO project_villages (project_id, village_code, lead_code)"
             " SELECT id, '" VB "', '" VB "' FROM p UNION ALL SELECT id, '" VA "', '" VB "'"
             " FROM p WHERE name = 'RLS 两村项目'),"
             " f AS (INSERT INTO project_funds (project_id, source, amount_fen, village_code)"
             " SELECT id, 'linkage', 100, '" VB "' FROM p),"
             " b AS (INSERT INTO project_beneficiaries (project_id, household_id, village_code)"
             " SELECT id, %lld, '" VB "' FROM p WHERE name = 'RLS 项目'),"
             " t AS (INSERT INTO project_transitions (project_id, village_code, from_status,"
             " to_status, requested_by) SELECT p.id, '" VB "', 'planned', 'applied', min(u.id)"
             " FROM p, users u WHERE p.name = 'RLS 项目' GROUP BY p.id)"
             " SELECT min(id) FROM p",
             (long long)hh_b);
    char *v = zt_sql(&srv, sql);
    int64_t one_village = strtoll(v, NULL, 10);
    free(v);
    /* the server, C checks off: A's office is not shown B's project */
    Zhucun__ProjectShow ps = ZHUCUN__PROJECT_SHOW__INIT;
    ps.id = one_village;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_SHOW;
    req.project_show = &ps;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_call(office_b, &req, NULL), ZHUCUN__CODE__OK);
    static const char *const pc =
        "SELECT (SELECT count(*) FROM projects) || ',' || (SELECT count(*) FROM"
        " project_villages) || ',' || (SELECT count(*) FROM project_funds) || ',' ||"
        " (SELECT count(*) FROM project_beneficiaries) || ',' || (SELECT count(*) FROM"
        " project_transitions)";
    PGconn *pg = app_conn();
    expect(pg, pc, "0,0,0,0,0");
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, pc, "1,1,1,0,0");
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, pc, "2,3,2,1,1");
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Consumption assistance (0120; docs/consumption.md): a purchase is its producer's village's,
 * and its unit's: a unit of the scope's place (a county office sees its county units' buying
 * in another county), a unit the caller administers, and the rows the caller recorded. A
 * contract is its village's alone. With psql's eyes as zhucun_app. */
static void test_consumption(void **state)
{
    (void)state;
    /* a county unit of A buying in B's village; a contract in B's village */
    free(zt_sql(&srv, "WITH u AS (INSERT INTO dispatch_units (name, level, org_code)"
                      "  VALUES ('消费帮扶测试单位', 'county', '" COUNTY_A "') RETURNING id)"
                      " INSERT INTO consumption_purchases (unit_id, buyer_kind, village_code,"
                      "  producer_kind, producer_name, on_date, goods, quantity, qty_unit, amount)"
                      " SELECT id, 'unit', '" VB "', 'cooperative', '测试合作社', '2026-01-05',"
                      "  '小米', 10, '斤', 5000 FROM u"));
    free(zt_sql(&srv, "INSERT INTO consumption_contracts (village_code, buyer_name, buyer_kind,"
                      " producer_kind, producer_name, signed_on, period_from, period_to, goods,"
                      " quantity, qty_unit, amount) VALUES ('" VB "', '测试平台', 'platform',"
                      " 'company', '测试企业', '2026-01-05', '2026-01-05', '2026-12-31', '小米',"
                      " 100, '斤', 50000)"));
    static const char *const both = "SELECT (SELECT count(*) FROM consumption_purchases) || ','"
                                    " || (SELECT count(*) FROM consumption_contracts)";
    PGconn *pg = app_conn();
    expect(pg, both, "0,0"); /* no caller */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, both, "1,1"); /* the village's county */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, both, "1,0"); /* the unit's county: its purchase, not B's contract */
    /* writing a contract into B's village from A's scope is refused (WITH CHECK) */
    expect(pg,
           "INSERT INTO consumption_contracts (village_code, buyer_name, buyer_kind,"
           " producer_kind, producer_name, signed_on, period_from, period_to, goods, quantity,"
           " qty_unit, amount) VALUES ('" VB
           "', '越界', 'platform', 'company', '越界', '2026-01-05',"
           " '2026-01-05', '2026-01-05', '小米', 1, '斤', 1)",
           "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140107%}', true)"));
    expect(pg, both, "0,0"); /* a third county */
    free(one(pg, "ROLLBACK"));
    /* the unit's administrator, by their grant's unit (whatever the scope) */
    char sql[600];
    char *uid = zt_sql(&srv, "SELECT min(id) FROM users");
    snprintf(sql, sizeof(sql),
             "INSERT INTO role_grants (user_id, role, scope_code, unit_id) SELECT %s, 'unit_admin',"
             " '" COUNTY_A "', id FROM dispatch_units WHERE name = '消费帮扶测试单位'",
             uid);
    free(zt_sql(&srv, sql));
    free(one(pg, "BEGIN"));
    snprintf(sql, sizeof(sql), "SELECT set_config('zhucun.user', '%s', true)", uid);
    free(one(pg, sql));
    expect(pg, both, "1,0");
    free(one(pg, "ROLLBACK"));
    snprintf(sql, sizeof(sql),
             "DELETE FROM role_grants WHERE user_id = %s AND role = 'unit_admin'"
             " AND scope_code = '" COUNTY_A "'",
             uid);
    free(zt_sql(&srv, sql));
    free(uid);
    PQfinish(pg);
}

/* Attachments (0071; docs/attachments.md): a link is its village's, a stored file (bytes,
 * thumbnail, uploaders) is readable through a link in the scope or by its uploader, an upload
 * is its uploader's. With psql's eyes, and through the server with the C checks off. */
static void test_attachments(void **state)
{
    (void)state;
    char sql[1600];
    snprintf(sql, sizeof(sql),
             "INSERT INTO attachments (sha256, size, mime) VALUES"
             " ('\\xaa%s', 4, 'application/pdf'), ('\\xbb%s', 4, 'application/pdf');"
             "INSERT INTO attachment_blobs VALUES ('\\xaa%s', 'aaaa'), ('\\xbb%s', 'bbbb');"
             "INSERT INTO attachment_thumbs VALUES ('\\xaa%s', 'aa'), ('\\xbb%s', 'bb');"
             "INSERT INTO attachment_links (kind, record_id, sha256, village_code) VALUES"
             " ('household', %lld, '\\xaa%s', '" VA "'),"
             " ('household', %lld, '\\xbb%s', '" VB "');"
             "INSERT INTO attachment_uploads (user_id, sha256, size, name, mime) VALUES"
             " ((SELECT min(id) FROM users), '\\xcc%s', 4, 'x.pdf', 'application/pdf');"
             "SELECT (SELECT min(id) FROM users)",
             "00000000000000000000000000000000000000000000000000000000000000",
             "00000000000000000000000000000000000000000000000000000000000000",
             "00000000000000000000000000000000000000000000000000000000000000",
             "00000000000000000000000000000000000000000000000000000000000000",
             "00000000000000000000000000000000000000000000000000000000000000",
             "00000000000000000000000000000000000000000000000000000000000000", (long long)hh_a,
             "00000000000000000000000000000000000000000000000000000000000000", (long long)hh_b,
             "00000000000000000000000000000000000000000000000000000000000000",
             "00000000000000000000000000000000000000000000000000000000000000");
    char *uploader = zt_sql(&srv, sql);
    PGconn *pg = app_conn();
    static const char *const tables[] = {"attachment_links", "attachment_blobs",
                                         "attachment_thumbs", "attachment_uploads"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
        expect(pg, sql, "0");
    }
    for (size_t i = 0; i < 3; i++) {
        snprintf(sql, sizeof(sql), "SELECT encode(substr(sha256, 1, 1), 'hex') FROM %s", tables[i]);
        expect_as(pg, AS_A, sql, "aa");
        expect_as(pg, AS_B, sql, "bb");
    }
    char as_user[200];
    snprintf(as_user, sizeof(as_user), "set_config('zhucun.user', '%s', true)", uploader);
    expect_as(pg, as_user, "SELECT count(*) FROM attachment_uploads", "1");
    expect_as(pg, AS_A, "SELECT count(*) FROM attachment_uploads", "0");
    PQfinish(pg);
    /* the server with its C checks off: A's office neither lists B's household's files nor
     * reads B's file; its own it reads */
    Zhucun__AttachList al = ZHUCUN__ATTACH_LIST__INIT;
    al.kind = "household";
    al.record_id = hh_b;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_LIST;
    req.attach_list = &al;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    uint8_t sha[32] = {0xbb};
    Zhucun__AttachGet ag = ZHUCUN__ATTACH_GET__INIT;
    ag.sha256.data = sha;
    ag.sha256.len = 32;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_GET;
    req.attach_get = &ag;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    sha[0] = 0xaa;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office_a, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attach_data->size, 4);
    zc_reply_free(reply);
    free(uploader);
}

/* Construction and disbursements (0105; docs/construction.md): every table follows its
 * project's villages. County B's project with a row in each, as the administrator; psql's eyes
 * see none without a caller or with A's scope, and one each with B's; an insert into B with A's
 * scope is refused; the server with its C checks off gives A's office NOT_FOUND for B's
 * project, shown, listed or reported on. */
static void test_construction(void **state)
{
    (void)state;
    char *id = zt_sql(
        &srv,
        "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,"
        " planned_start, planned_end, status, status_on) VALUES ('" VB "', '越界项目',"
        " 'infrastructure', 2026, 100000, '迎泽区', '2026-01-01', '2026-12-31', 'construction',"
        " '2026-01-01') RETURNING id),"
        " v AS (INSERT INTO project_villages SELECT id, '" VB "', '" VB "' FROM p),"
        " f AS (INSERT INTO project_focus (project_id, village_code, year, quarter, focus)"
        " SELECT id, '" VB "', 2026, 1, '重点' FROM p),"
        " t AS (INSERT INTO project_tasks (project_id, village_code, name, responsible,"
        " planned_start, planned_end) SELECT id, '" VB "', '任务', '甲', '2026-01-01',"
        " '2026-02-01' FROM p),"
        " g AS (INSERT INTO project_targets (project_id, village_code, indicator, unit,"
        " target_value, direction) SELECT id, '" VB "', '指标', '户', 1, 'at_least' FROM p"
        " RETURNING id, project_id),"
        " e AS (INSERT INTO project_target_entries (target_id, project_id, village_code, on_date,"
        " stage, value) SELECT id, project_id, '" VB "', '2026-01-02', 'mid', 1 FROM g)"
        " SELECT id FROM p");
    char sql[600];
    snprintf(sql, sizeof(sql),
             "WITH r AS (INSERT INTO project_progress (project_id, village_code, on_date, percent,"
             " narrative) VALUES (%s, '" VB "', '2026-01-03', 50, '过半') RETURNING id)"
             " INSERT INTO disbursements (project_id, village_code, progress_id, amount_fen, payee)"
             " SELECT %s, '" VB "', id, 100, '乙' FROM r",
             id, id);
    free(zt_sql(&srv, sql));
    static const char *const tables[] = {
        "project_focus",          "project_tasks", "project_progress", "project_targets",
        "project_target_entries", "disbursements", "project_money"};
    PGconn *pg = app_conn();
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
        expect(pg, sql, "0");
        expect_as(pg, AS_A, sql, "0");
        expect_as(pg, AS_B, sql, "1");
    }
    snprintf(sql, sizeof(sql),
             "INSERT INTO project_progress (project_id, village_code, on_date, percent, narrative)"
             " VALUES (%s, '" VB "', '2026-01-04', 60, '越界')",
             id);
    expect_as(pg, AS_A, sql, "ERROR 42501");
    PQfinish(pg);
    int64_t project = strtoll(id, NULL, 10);
    free(id);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__ProjectPlanShow ps = ZHUCUN__PROJECT_PLAN_SHOW__INIT;
    ps.project_id = project;
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_PLAN_SHOW;
    req.project_plan_show = &ps;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_call(office_b, &req, NULL), ZHUCUN__CODE__OK);
    Zhucun__DisbursementList dl = ZHUCUN__DISBURSEMENT_LIST__INIT;
    dl.project_id = project;
    dl.org_code = "";
    req.body_case = ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST;
    req.disbursement_list = &dl;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    Zhucun__ProjectProgressReport pr = ZHUCUN__PROJECT_PROGRESS_REPORT__INIT;
    pr.project_id = project;
    pr.on_date = today;
    pr.percent = 70;
    pr.narrative = "越界报告";
    pr.correction = "";
    req.body_case = ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT;
    req.project_progress_report = &pr;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(zt_count(&srv, "SELECT count(*) FROM project_progress WHERE project_id = %lld",
                              (long long)project),
                     1);
}

/* Project assets (0110; docs/assets.md) hold their own policies: county A's office, the C
 * checks off, lists none of county B's assets and is shown none of them; as zhucun_app, no
 * caller sees none, a scope its own county's only, and cannot write an asset or a post of
 * another county. */
static void test_assets(void **state)
{
    (void)state;
    char *project = zt_sql(
        &srv, "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
              " responsible, planned_start, planned_end, status, status_on) VALUES ('" VB "',"
              " '通村道路硬化', 'infrastructure', 2021, 1000000, '县交通运输局', '2021-03-01',"
              " '2021-10-01', 'accepted', '2021-11-01') RETURNING id)"
              " INSERT INTO project_villages (project_id, village_code, lead_code)"
              " SELECT id, '" VB "', '" VB "' FROM p RETURNING project_id");
    char sql[900];
    snprintf(sql, sizeof(sql),
             "SELECT zc_asset_set((SELECT min(id) FROM users), NULL, '{%%}', 0, %s, '" VB "',"
             " 'public_welfare', '通村道路', NULL, '村委会', '张三', 1000, '村东', NULL, NULL,"
             " NULL, NULL, NULL, NULL, '村委会', '村集体', '{}', 'test', '')",
             project);
    char *asset = zt_sql(&srv, sql);
    /* through the server, the C checks off: A's office lists and is shown none of B's */
    Zhucun__AssetList al = ZHUCUN__ASSET_LIST__INIT;
    al.org_code = COUNTY_B;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ASSET_LIST;
    req.asset_list = &al;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office_a, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->asset_list->n_assets, 0);
    zc_reply_free(reply);
    assert_int_equal(zt_call(office_b, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->asset_list->n_assets, 1);
    zc_reply_free(reply);
    Zhucun__AssetShow as = ZHUCUN__ASSET_SHOW__INIT;
    as.id = atoll(asset);
    req.body_case = ZHUCUN__REQUEST__BODY_ASSET_SHOW;
    req.asset_show = &as;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    /* psql's eyes */
    static const char *const tables[] = {"project_assets", "project_asset_upkeep",
                                         "project_asset_incomes", "project_asset_shares",
                                         "welfare_posts"};
    PGconn *pg = app_conn();
    for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
        expect(pg, sql, "0");
        free(one(pg, "BEGIN"));
        free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
        expect(pg, sql, "0");
        free(one(pg, "ROLLBACK"));
    }
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, "SELECT count(*) FROM project_assets", "1");
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    snprintf(sql, sizeof(sql),
             "INSERT INTO project_assets (project_id, village_code, category, name, custodian,"
             " custodian_person, value_fen, address, upkeep_by, upkeep_funding)"
             " VALUES (%s, '" VB "', 'public_welfare', '越界资产', '村委会', '张三', 100, '村西',"
             " '村委会', '村集体')",
             project);
    expect(pg, sql, "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
    free(asset);
    free(project);
}

/* The look-back (0115; docs/lookback.md): county B's campaign, review and finding are not county
 * A's office's, whatever the SQL asks (with the C checks off its patterns cover every code), and
 * A can write none into B. Through the server and with psql's eyes. */
static void test_lookback(void **state)
{
    (void)state;
    char *v = zt_sql(&srv, "INSERT INTO lookback_campaigns (village_code, name, year)"
                           " VALUES ('" COUNTY_B "', '迎泽区回头看', 2026) RETURNING id");
    int64_t campaign = atoll(v);
    free(v);
    char sql[900];
    v = zt_sql(&srv,
               "INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,"
               " planned_start, planned_end, actual_start, actual_end, status, status_on)"
               " VALUES ('" VB "', '测试二村冷库', 'industry', 2017, 1000000, '县农业农村局',"
               " '2017-03-01', '2017-10-31', '2017-03-02', '2017-10-30', 'maintenance',"
               " '2017-11-01') RETURNING id");
    int64_t project = atoll(v);
    free(v);
    v = zt_sql(&srv,
               "INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,"
               " planned_start, planned_end, actual_start, actual_end, status, status_on)"
               " VALUES ('" VB "', '测试二村大棚', 'industry', 2018, 1000000, '县农业农村局',"
               " '2018-03-01', '2018-10-31', '2018-03-02', '2018-10-30', 'maintenance',"
               " '2018-11-01') RETURNING id");
    int64_t other = atoll(v);
    free(v);
    snprintf(sql, sizeof(sql),
             "WITH r AS (INSERT INTO lookback_reviews (campaign_id, project_id, village_code,"
             " reviewed_on, households_expected, households_found, upkeep, verdict)"
             " VALUES (%lld, %lld, '" VB "', '2026-11-01', 0, 0, 'idle', 'rectify') RETURNING id)"
             " INSERT INTO lookback_findings (review_id, village_code, text, area)"
             " SELECT id, '" VB "', '冷库闲置', 'assets' FROM r RETURNING review_id",
             (long long)campaign, (long long)project);
    free(zt_sql(&srv, sql));
    /* through the server */
    Zhucun__LookbackList ll = ZHUCUN__LOOKBACK_LIST__INIT;
    ll.campaign_id = campaign;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOOKBACK_LIST;
    req.lookback_list = &ll;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(office_a, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->lookback_list->n_reviews, 0);
    zc_reply_free(reply);
    assert_int_equal(zt_call(office_b, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->lookback_list->n_reviews, 1);
    zc_reply_free(reply);
    Zhucun__LookbackProgress lp = ZHUCUN__LOOKBACK_PROGRESS__INIT;
    lp.campaign_id = campaign;
    req.body_case = ZHUCUN__REQUEST__BODY_LOOKBACK_PROGRESS;
    req.lookback_progress = &lp;
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    Zhucun__LookbackReview lr = ZHUCUN__LOOKBACK_REVIEW__INIT;
    lr.campaign_id = campaign;
    lr.project_id = other;
    lr.reviewed_on = today;
    lr.upkeep = "in_use";
    lr.verdict = "good";
    req.body_case = ZHUCUN__REQUEST__BODY_LOOKBACK_REVIEW;
    req.lookback_review = &lr;
    req.idempotency_key = "rls-lookback-review";
    assert_int_equal(zt_call(office_a, &req, NULL), ZHUCUN__CODE__NOT_FOUND);
    req.idempotency_key = "";
    /* psql's eyes: nothing without a caller; A's scope sees none of B's and writes none */
    PGconn *pg = app_conn();
    static const char *const lb_counts =
        "SELECT (SELECT count(*) FROM lookback_campaigns) || ',' || (SELECT count(*) FROM"
        " lookback_reviews) || ',' || (SELECT count(*) FROM lookback_findings)";
    expect(pg, lb_counts, "0,0,0");
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, lb_counts, "0,0,0");
    snprintf(sql, sizeof(sql),
             "INSERT INTO lookback_reviews (campaign_id, project_id, village_code, reviewed_on,"
             " households_expected, households_found, upkeep, verdict) VALUES (%lld, %lld, '" VB
             "', '2026-11-02', 0, 0, 'in_use', 'good')",
             (long long)campaign, (long long)other);
    expect(pg, sql, "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106001%}', true)"));
    expect(pg, lb_counts, "1,1,1"); /* a township of B sees its county's campaign */
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Inspections (0140; docs/inspections.md): an inspection is its office's, seen in the office's
 * area and below it, and by nobody beside it; a finding is its village's. With psql's eyes as
 * zhucun_app. */
static void test_inspections(void **state)
{
    (void)state;
    free(zt_sql(&srv,
                "WITH t AS (INSERT INTO teams (kind, org_code, name)"
                "  VALUES ('village', '" VB "', '暗访测试队')"
                "  ON CONFLICT (kind, org_code) DO UPDATE SET name = teams.name RETURNING id),"
                " i AS (INSERT INTO inspections (org_code, started_on, ended_on, inspectors)"
                "  VALUES ('" COUNTY_B "', '2026-01-05', '2026-01-06', '张三') RETURNING id)"
                " INSERT INTO inspection_findings (inspection_id, team_id, village_code,"
                "  area, fact, deadline) SELECT i.id, t.id, '" VB "', 'party',"
                "  '暗访当日不在岗', '2026-02-01' FROM i, t"));
    static const char *const both = "SELECT (SELECT count(*) FROM inspections) || ','"
                                    " || (SELECT count(*) FROM inspection_findings)";
    static const struct {
        const char *scope, *want;
    } cases[] = {
        {NULL, "0,0"},              /* no caller */
        {"{140106%}", "1,1"},       /* the office's own county */
        {"{140106001%}", "1,1"},    /* a township below it: the county's inspection, above */
        {"{140106001001%}", "1,1"}, /* the village */
        {"{140105%}", "0,0"},       /* the county beside it */
        {"{14%}", "1,1"},           /* the province */
    };
    PGconn *pg = app_conn();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        free(one(pg, "BEGIN"));
        if (cases[i].scope != NULL) {
            char set[120];
            snprintf(set, sizeof(set), "SELECT set_config('zhucun.scope', '%s', true)",
                     cases[i].scope);
            free(one(pg, set));
        }
        expect(pg, both, cases[i].want);
        free(one(pg, "ROLLBACK"));
    }
    /* writing an inspection of B's county from A's scope is refused (WITH CHECK) */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg,
           "INSERT INTO inspections (org_code, started_on, ended_on, inspectors) VALUES ('" COUNTY_B
           "', '2026-01-05', '2026-01-05', '越界')",
           "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Stars and points (0135; docs/stars-points.md): a team's stars and their adjustments are its
 * village's; a filing is its county's, seen also from below it (as a circular is). With psql's
 * eyes as zhucun_app. */
static void test_stars_points(void **state)
{
    (void)state;
    free(zt_sql(&srv, "INSERT INTO teams (kind, org_code, name) VALUES ('village', '" VB
                      "', '星级测试工作队') ON CONFLICT (kind, org_code) DO NOTHING"));
    free(zt_sql(&srv,
                "WITH t AS (SELECT id FROM teams WHERE kind = 'village' AND org_code = '" VB "'),"
                " s AS (INSERT INTO team_stars (team_id, half, county_code, org_code, grade,"
                "  first, base, stars) SELECT id, '2026-01-01', '" COUNTY_B "', '" VB
                "', 'qualified', false, 3, 3 FROM t)"
                " INSERT INTO star_adjustments (team_id, half, county_code, org_code,"
                "  rule_id, delta, reason) SELECT t.id, '2026-01-01', '" COUNTY_B "', '" VB
                "', (SELECT min(id) FROM star_indicator_rules), 1, '测试' FROM t"));
    free(zt_sql(&srv, "INSERT INTO filings (kind, county_code, period) VALUES ('stars', '" COUNTY_B
                      "', '2026-01-01')"));
    static const char *const all = "SELECT (SELECT count(*) FROM team_stars) || ','"
                                   " || (SELECT count(*) FROM star_adjustments) || ','"
                                   " || (SELECT count(*) FROM filings)";
    PGconn *pg = app_conn();
    expect(pg, all, "0,0,0"); /* no caller */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, all, "1,1,1"); /* the team's county */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{" VB "%}', true)"));
    expect(pg, all, "1,1,1"); /* the village: its team's stars, and its county's filing (above) */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, all, "0,0,0"); /* another county */
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* The quarterly assessment (0131; docs/assessment.md): a round is its county's (and seen from
 * the townships within), a result and its indicator scores the team's village's. With psql's
 * eyes as zhucun_app. */
static void test_assessment(void **state)
{
    (void)state;
    free(zt_sql(&srv, "WITH r AS (INSERT INTO assessment_rounds (county_code, quarter, subject)"
                      "  VALUES ('" COUNTY_B "', '2026-01-01', 'team') RETURNING id),"
                      " s AS (INSERT INTO assessment_results (round_id, team_id, org_code)"
                      "  SELECT r.id, t.id, '" VB "' FROM r, teams t WHERE t.org_code = '" VB "'"
                      "  RETURNING id)"
                      " INSERT INTO assessment_scores (result_id, indicator, org_code, score,"
                      "  source, reason) SELECT s.id, 'excellence', '" VB "', 90, 'entered',"
                      "  '测试' FROM s"));
    static const char *const all = "SELECT (SELECT count(*) FROM assessment_rounds) || ','"
                                   " || (SELECT count(*) FROM assessment_results) || ','"
                                   " || (SELECT count(*) FROM assessment_scores)";
    PGconn *pg = app_conn();
    expect(pg, all, "0,0,0"); /* no caller */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, all, "1,1,1"); /* the county */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, all, "0,0,0"); /* another county */
    /* a score written into B's village from A's scope is refused (WITH CHECK) */
    expect(pg,
           "INSERT INTO assessment_scores (result_id, indicator, org_code, score, source, reason)"
           " VALUES (1, 'study', '" VB "', 1, 'entered', '越界')",
           "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Study, training and the units' supervision (0145; docs/training.md): a study is its team's
 * place's; a training session its organiser's (and the places below it); a hearing or leader
 * visit the team's place's and its unit's (a unit of the scope's place). With psql's eyes as
 * zhucun_app. */
static void test_training(void **state)
{
    (void)state;
    free(zt_sql(&srv, "INSERT INTO teams (kind, org_code, name) VALUES ('village', '" VB
                      "', '学习测试工作队') ON CONFLICT DO NOTHING"));
    free(zt_sql(&srv, "INSERT INTO study_sessions (team_id, village_code, held_on, topic)"
                      " SELECT id, org_code, '2026-01-05', '测试学习' FROM teams"
                      " WHERE kind = 'village' AND org_code = '" VB "'"));
    free(zt_sql(&srv, "WITH u AS (INSERT INTO dispatch_units (name, level, org_code)"
                      "  VALUES ('学习测试单位', 'county', '" COUNTY_A "') RETURNING id)"
                      " INSERT INTO unit_supervisions (kind, unit_id, held_on, team_id,"
                      "  village_code, who) SELECT 'hearing', u.id, '2026-01-05', t.id,"
                      "  t.org_code, '测试主任' FROM u, teams t"
                      " WHERE t.kind = 'village' AND t.org_code = '" VB "'"));
    free(zt_sql(&srv, "INSERT INTO training_sessions (level, org_code, title, audience,"
                      " starts_on, ends_on) VALUES ('county', '" COUNTY_B "', '测试培训', 'all',"
                      " '2026-01-05', '2026-01-07')"));
    static const char *const three =
        "SELECT (SELECT count(*) FROM study_sessions) || ',' || (SELECT count(*) FROM"
        " unit_supervisions) || ',' || (SELECT count(*) FROM training_sessions)";
    PGconn *pg = app_conn();
    expect(pg, three, "0,0,0"); /* no caller */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, three, "1,1,1"); /* the team's and the session's county */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, three, "0,1,0"); /* the unit's county: its hearing only */
    char *team =
        zt_sql(&srv, "SELECT id FROM teams WHERE kind = 'village' AND org_code = '" VB "'");
    char sql[300];
    snprintf(sql, sizeof(sql),
             "INSERT INTO study_sessions (team_id, village_code, held_on, topic) VALUES (%s, '" VB
             "', '2026-01-06', '越界')",
             team);
    free(team);
    expect(pg, sql, "ERROR 42501"); /* written into B's village from A's scope */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106001%}', true)"));
    expect(pg, three, "1,1,1"); /* a township below the county's session */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140107%}', true)"));
    expect(pg, three, "0,0,0"); /* a third county */
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Notices (0160, docs/notices.md): a receipt is its recipient's (their person, through their
 * account), the sender's place's and the recipient's place's; a notice is its place's and seen
 * with one of its receipts; nothing without a caller; a receipt is not written into another
 * county's notice from A's scope. */
static void test_notices(void **state)
{
    (void)state;
    char sql[600];
    snprintf(sql, sizeof(sql),
             "WITH n AS (INSERT INTO notices (org_code, title, body, scope_kind, scope_code,"
             "  recipients) VALUES ('" COUNTY_B "', '测试通知', '正文', 'place', '" COUNTY_B
             "', 1) RETURNING id)"
             " INSERT INTO notice_recipients (notice_id, person_id, team_id, village_code,"
             "  child_code, sender_org) SELECT n.id, %lld, m.team_id, t.org_code, '140106001000',"
             "  '" COUNTY_B "' FROM n, memberships m JOIN teams t ON t.id = m.team_id"
             " WHERE m.person_id = %lld AND m.end_date IS NULL",
             (long long)person_b, (long long)person_b);
    free(zt_sql(&srv, sql));
    static const char *const two = "SELECT (SELECT count(*) FROM notices) || ',' ||"
                                   " (SELECT count(*) FROM notice_recipients)";
    PGconn *pg = app_conn();
    expect(pg, two, "0,0"); /* no caller */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, two, "1,1"); /* the sender's county */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106001001%}', true)"));
    expect(pg, two, "1,1"); /* the recipient's village: its cadres' receipts, and so the notice */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{}', true), set_config('zhucun.user',"
                 " (SELECT id FROM users WHERE username = 'cadre-b')::text, true)"));
    expect(pg, two, "1,1"); /* the recipient, by their account alone */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true), set_config('zhucun.user',"
                 " (SELECT id FROM users WHERE username = 'office-a')::text, true)"));
    expect(pg, two, "0,0"); /* another county's office */
    expect(pg,
           "INSERT INTO notice_recipients (notice_id, person_id, team_id, village_code,"
           " child_code, sender_org) VALUES (1, 1, 1, '" VB "', '140106001000', '" COUNTY_B "')",
           "ERROR 42501"); /* written into B's notice from A's scope */
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Tasks sent down (0165; docs/tasks.md): a task is its office's and seen by whoever sees one of
 * its instances; an instance and its reports are the receiving team's place's. With psql's eyes
 * as zhucun_app. */
static void test_tasks(void **state)
{
    (void)state;
    free(zt_sql(&srv, "INSERT INTO teams (kind, org_code, name) VALUES ('village', '" VB
                      "', '督办测试工作队') ON CONFLICT DO NOTHING"));
    free(zt_sql(&srv,
                "WITH t AS (INSERT INTO tasks (office_code, scope_code, title, due_on,"
                "  sent_at) VALUES ('" COUNTY_B "', '" COUNTY_B "', '测试督办',"
                "  '2026-01-20', now()) RETURNING id),"
                " i AS (INSERT INTO task_instances (task_id, team_id, village_code,"
                "  office_code, due_on) SELECT t.id, tm.id, tm.org_code, '" COUNTY_B "',"
                "  '2026-01-20' FROM t, teams tm WHERE tm.kind = 'village'"
                "  AND tm.org_code = '" VB "' RETURNING id, village_code)"
                " INSERT INTO task_reports (instance_id, village_code, status, note,"
                "  reported_at) SELECT id, village_code, 'in_progress', '测试', now() FROM i"));
    static const char *const three =
        "SELECT (SELECT count(*) FROM tasks) || ',' || (SELECT count(*) FROM task_instances)"
        " || ',' || (SELECT count(*) FROM task_reports)";
    PGconn *pg = app_conn();
    expect(pg, three, "0,0,0"); /* no caller */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106%}', true)"));
    expect(pg, three, "1,1,1"); /* the office's county */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{" VB "%}', true)"));
    expect(pg, three, "1,1,1"); /* the receiving team's village sees the task it received */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, three, "0,0,0"); /* another county */
    char *inst = zt_sql(&srv, "SELECT min(id) FROM task_instances WHERE village_code = '" VB "'");
    char sql[300];
    snprintf(sql, sizeof(sql),
             "INSERT INTO task_reports (instance_id, village_code, status, note, reported_at)"
             " VALUES (%s, '" VB "', 'done', '越界', now())",
             inst);
    free(inst);
    expect(pg, sql, "ERROR 42501"); /* written into B's village from A's scope */
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* The work diary (0170; docs/diary.md): an entry and its links are the team's place's; an
 * entry is also its author's. With psql's eyes as zhucun_app. */
static void test_diary(void **state)
{
    (void)state;
    free(zt_sql(&srv, "INSERT INTO teams (kind, org_code, name) VALUES ('village', '" VB
                      "', '日志测试工作队') ON CONFLICT DO NOTHING"));
    free(zt_sql(&srv, "WITH e AS (INSERT INTO diary_entries (person_id, team_id, village_code,"
                      "  day, done, written_at) SELECT (SELECT min(id) FROM persons), t.id,"
                      "  t.org_code, '2026-01-05', '测试', now() FROM teams t"
                      "  WHERE t.kind = 'village' AND t.org_code = '" VB "' RETURNING id)"
                      " INSERT INTO diary_links (entry_id, kind, record_id, village_code)"
                      " SELECT id, 'visit', 1, '" VB "' FROM e"));
    static const char *const two =
        "SELECT (SELECT count(*) FROM diary_entries) || ',' || (SELECT count(*) FROM diary_links)";
    PGconn *pg = app_conn();
    expect(pg, two, "0,0"); /* no caller */
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140106001%}', true)"));
    expect(pg, two, "1,1"); /* the cadre's township */
    free(one(pg, "ROLLBACK"));
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true)"));
    expect(pg, two, "0,0"); /* another county */
    char *team =
        zt_sql(&srv, "SELECT id FROM teams WHERE kind = 'village' AND org_code = '" VB "'");
    char sql[400];
    snprintf(sql, sizeof(sql),
             "INSERT INTO diary_entries (person_id, team_id, village_code, day, done, written_at)"
             " VALUES ((SELECT 1), %s, '" VB "', '2026-01-06', '越界', now())",
             team);
    free(team);
    expect(pg, sql, "ERROR 42501"); /* written into B's village from A's scope */
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

/* Allowance statements (0175; docs/allowances.md) are personal: the cadre's own, their unit's
 * administrator's, and the township's and county office's of their placement; an office's
 * scope alone (a cadre's village grant, a scope without such an office) gives nothing. With
 * psql's eyes as zhucun_app. */
static void test_allowances(void **state)
{
    (void)state;
    free(zt_sql(&srv, "INSERT INTO dispatch_units (name, level, org_code) VALUES"
                      " ('补助测试单位', 'county', '" COUNTY_A "')"));
    free(zt_sql(&srv, "INSERT INTO users (username, display_name, password_phc)"
                      " SELECT 'uadm-allow', '补助单位管理员', password_phc FROM users"
                      " WHERE username = 'office-a'"));
    free(zt_sql(&srv, "INSERT INTO role_grants (user_id, role, scope_code, unit_id)"
                      " SELECT u.id, 'unit_admin', '" COUNTY_A "', d.id FROM users u,"
                      " dispatch_units d WHERE u.username = 'uadm-allow'"
                      " AND d.name = '补助测试单位'"));
    char sql[1200];
    snprintf(sql, sizeof(sql),
             "INSERT INTO allowance_statements (person_id, month, version, unit_id, unit_level,"
             " team_id, org_code, county_code, days_served, days_present, days_leave,"
             " days_business, rate_id, living_rate_fen, transport_fen, living_fen, amount_fen)"
             " SELECT %lld, '2026-01-01', 1, d.id, 'county', t.id, '" VB "', '" COUNTY_B "',"
             " 31, 20, 0, 0, r.id, 6000, 40000, 120000, 160000 FROM dispatch_units d, teams t,"
             " allowance_rates r WHERE d.name = '补助测试单位' AND t.org_code = '" VB "'"
             " AND r.unit_level = 'county' AND r.county_code IS NULL LIMIT 1",
             (long long)person_b);
    free(zt_sql(&srv, sql));
    static const char *const n = "SELECT count(*) FROM allowance_statements";
    struct {
        const char *scope, *user, *want;
    } cases[] = {
        {"{}", "0", "0"},                 /* no caller */
        {"{140106%}", "office-b", "1"},   /* the county office of the placement */
        {"{140106%}", "cadre-b", "1"},    /* the cadre's own (their grant: the village) */
        {"{140106001001%}", "", "0"},     /* the village's scope without an office */
        {"{140105%}", "office-a", "0"},   /* another county */
        {"{140105%}", "uadm-allow", "1"}, /* the unit's administrator, wherever it serves */
    };
    PGconn *pg = app_conn();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        free(one(pg, "BEGIN"));
        snprintf(sql, sizeof(sql),
                 "SELECT set_config('zhucun.scope', '%s', true), set_config('zhucun.user',"
                 " coalesce((SELECT id::text FROM users WHERE username = '%s'), '0'), true)",
                 cases[i].scope, cases[i].user);
        PGresult *res = PQexec(pg, sql);
        assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
        PQclear(res);
        expect(pg, n, cases[i].want);
        free(one(pg, "ROLLBACK"));
    }
    /* written into B's village from A's office: refused */
    char *ids = zt_sql(&srv, "SELECT d.id || ', ''county'', ' || t.id || ', ''" VB "'', ''" COUNTY_B
                             "'', 28, 0, 0, 0, ' || r.id FROM dispatch_units d, teams t,"
                             " allowance_rates r WHERE d.name = '补助测试单位'"
                             " AND t.org_code = '" VB "' AND r.unit_level = 'county'"
                             " AND r.county_code IS NULL LIMIT 1");
    free(one(pg, "BEGIN"));
    free(one(pg, "SELECT set_config('zhucun.scope', '{140105%}', true), set_config('zhucun.user',"
                 " (SELECT id::text FROM users WHERE username = 'office-a'), true)"));
    snprintf(sql, sizeof(sql),
             "INSERT INTO allowance_statements (person_id, month, version, unit_id, unit_level,"
             " team_id, org_code, county_code, days_served, days_present, days_leave,"
             " days_business, rate_id, living_rate_fen, transport_fen, living_fen, amount_fen)"
             " VALUES (%lld, '2026-02-01', 1, %s, 6000, 0, 0, 0)",
             (long long)person_b, ids);
    free(ids);
    expect(pg, sql, "ERROR 42501");
    free(one(pg, "ROLLBACK"));
    PQfinish(pg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checks_are_off),
        cmocka_unit_test(test_households),
        cmocka_unit_test(test_follow_ups),
        cmocka_unit_test(test_leave),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_app_role_without_caller),
        cmocka_unit_test(test_app_role_with_scope),
        cmocka_unit_test(test_income),
        cmocka_unit_test(test_attachments),
        cmocka_unit_test(test_projects),
        cmocka_unit_test(test_people_setup),
        cmocka_unit_test(test_teams_and_memberships),
        cmocka_unit_test(test_people_and_attendance),
        cmocka_unit_test(test_duties_and_delegations),
        cmocka_unit_test(test_legit_cross_scope),
        cmocka_unit_test(test_lookback),
        cmocka_unit_test(test_assets),
        cmocka_unit_test(test_app_role_people),
        cmocka_unit_test(test_construction),
        cmocka_unit_test(test_consumption),
        cmocka_unit_test(test_training),
        cmocka_unit_test(test_assessment),
        cmocka_unit_test(test_inspections),
        cmocka_unit_test(test_stars_points),
        cmocka_unit_test(test_notices),
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_diary),
        cmocka_unit_test(test_allowances),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
