/* test_visits.c -- visit logs and the due list: log visits and see them leave the due list,
 * problems become follow-up items, an absent household needs only a phone visit, future
 * dates and out-of-scope households refused, a retried visit applied once. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"

static struct zt_server srv;
static struct zc_client *county, *cadre;
static int64_t cadre_person, hh_monitored, hh_absent, hh_b;
static char today[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n";

static int64_t add_household(const char *village, const char *category, int serial)
{
    char id[19];
    snprintf(id, sizeof(id), "14010519800101%03d", serial);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp = &m;
    m.name = "演示户主";
    m.relation = "head";
    m.id_number = id;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = (char *)village;
    h.category = (char *)category;
    h.since = "2025-01-01";
    h.n_members = 1;
    h.members = &mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    int64_t hid = reply->household->id;
    zc_reply_free(reply);
    return hid;
}

static int setup(void **state)
{
    (void)state;
    rules_date_format(rules_shanghai_day(time(NULL)), today);
    zt_server_start(&srv, "visits", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);

    /* a team for village A, a cadre serving in it */
    Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
    tc.kind = "village";
    tc.org_code = VA;
    tc.name = "测试一村工作队";
    Zhucun__Request treq = ZHUCUN__REQUEST__INIT;
    treq.body_case = ZHUCUN__REQUEST__BODY_TEAM_CREATE;
    treq.team_create = &tc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &treq, &reply), ZHUCUN__CODE__OK);
    int64_t team = reply->team->id;
    zc_reply_free(reply);
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = "演示队长";
    p.org_code = VA;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    ua.username = "cadre-a";
    ua.person = &p;
    ua.role = "team_captain";
    Zhucun__Request ureq = ZHUCUN__REQUEST__INIT;
    ureq.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
    ureq.user_add = &ua;
    assert_int_equal(zt_call(county, &ureq, &reply), ZHUCUN__CODE__OK);
    cadre_person = reply->user_add->person_id;
    char initial[32];
    snprintf(initial, sizeof(initial), "%s", reply->user_add->initial_password);
    zc_reply_free(reply);
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = team;
    ta.person_id = cadre_person;
    ta.post = "captain";
    ta.start_date = "2025-06-01";
    Zhucun__Request areq = ZHUCUN__REQUEST__INIT;
    areq.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
    areq.team_assign = &ta;
    assert_int_equal(zt_call(county, &areq, NULL), ZHUCUN__CODE__OK);
    /* the cadre's first login: change the initial password */
    cadre = zt_login(&srv, "cadre-a", initial, NULL);
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = initial;
    cp.new_password = PW;
    Zhucun__Request creq = ZHUCUN__REQUEST__INIT;
    creq.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    creq.change_password = &cp;
    assert_int_equal(zt_call(cadre, &creq, NULL), ZHUCUN__CODE__OK);

    hh_monitored = add_household(VA, "monitored", 1);
    hh_absent = add_household(VA, "ordinary", 2);
    hh_b = add_household(VB, "monitored", 3);
    /* the ordinary household has been away for a while */
    Zhucun__HouseholdSetState ss = ZHUCUN__HOUSEHOLD_SET_STATE__INIT;
    ss.id = hh_absent;
    ss.category = "ordinary";
    ss.absent = 1;
    ss.valid_from = "2025-06-01";
    Zhucun__Request sreq = ZHUCUN__REQUEST__INIT;
    sreq.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE;
    sreq.household_set_state = &ss;
    assert_int_equal(zt_call(county, &sreq, NULL), ZHUCUN__CODE__OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(cadre);
    zt_server_finish(&srv);
    return 0;
}

static Zhucun__Code visit(int64_t household, const char *date, const char *mode, int64_t cadre_id,
                          int problems, const char *key, Zhucun__Reply **out)
{
    Zhucun__Problem pr = ZHUCUN__PROBLEM__INIT;
    Zhucun__Problem *prp = &pr;
    pr.text = "房屋漏雨，需要修缮";
    pr.responsible_id = cadre_person;
    pr.deadline = "2999-12-31";
    pr.urgent = 1;
    int64_t cadres[1] = {cadre_id};
    Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
    vc.household_id = household;
    vc.visit_date = (char *)date;
    vc.mode = (char *)mode;
    vc.cadre_ids = cadres;
    vc.n_cadre_ids = 1;
    vc.notes = "入户走访";
    vc.problems = problems ? &prp : NULL;
    vc.n_problems = problems ? 1 : 0;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISIT_CREATE;
    req.visit_create = &vc;
    req.idempotency_key = (char *)(key ? key : "");
    return zt_call(cadre, &req, out);
}

/* Is there an unmet duty for household in the due list? */
static int due_for(int64_t household, const char **rule)
{
    Zhucun__VisitsDue vd = ZHUCUN__VISITS_DUE__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISITS_DUE;
    req.visits_due = &vd;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->visits_due->households, 2); /* village A's, not B's */
    int found = 0;
    for (size_t i = 0; i < reply->visits_due->n_items; i++) {
        const Zhucun__DueItem *it = reply->visits_due->items[i];
        if (it->household_id == household && !it->overdue && strcmp(it->period_last, today) >= 0) {
            found = 1;
            if (rule != NULL)
                *rule = strcmp(it->rule, "V1") == 0   ? "V1"
                        : strcmp(it->rule, "V3") == 0 ? "V3"
                                                      : "?";
        }
    }
    zc_reply_free(reply);
    return found;
}

static void test_visits_leave_the_due_list(void **state)
{
    (void)state;
    const char *rule = NULL;
    assert_true(due_for(hh_monitored, &rule));
    assert_string_equal(rule, "V1");
    assert_true(due_for(hh_absent, &rule));
    assert_string_equal(rule, "V3");
    /* an in-person visit meets the monitored household's half month */
    Zhucun__Reply *reply = NULL;
    assert_int_equal(visit(hh_monitored, today, "in_person", cadre_person, 1, NULL, &reply),
                     ZHUCUN__CODE__OK);
    assert_true(reply->visit_create->visit_id > 0);
    assert_int_equal(reply->visit_create->n_item_ids, 1);
    zc_reply_free(reply);
    assert_false(due_for(hh_monitored, NULL));
    /* the absent household needs only a phone call */
    assert_int_equal(visit(hh_absent, today, "phone", cadre_person, 0, NULL, NULL),
                     ZHUCUN__CODE__OK);
    assert_false(due_for(hh_absent, NULL));
    /* the problem became an urgent follow-up item */
    char *n = zt_sql(&srv, "SELECT count(*) FROM follow_up_items WHERE urgent AND status = 'open'");
    assert_string_equal(n, "1");
    free(n);
}

static void test_refusals(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(visit(hh_monitored, "2999-01-01", "in_person", cadre_person, 0, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(reply->status->fields[0]->field, "visit_date");
    assert_non_null(strstr(reply->status->message, "晚于今天"));
    zc_reply_free(reply);
    assert_int_equal(visit(hh_monitored, "2024-12-31", "in_person", cadre_person, 0, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* before the household existed */
    assert_string_equal(reply->status->fields[0]->field, "visit_date");
    zc_reply_free(reply);
    assert_int_equal(visit(hh_b, today, "in_person", cadre_person, 0, NULL, NULL),
                     ZHUCUN__CODE__NOT_FOUND); /* not the cadre's village */
    assert_int_equal(visit(hh_monitored, today, "fax", cadre_person, 0, NULL, NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(visit(hh_monitored, today, "in_person", cadre_person + 1000, 0, NULL, NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION); /* not a serving member */
}

static void test_retry_applied_once(void **state)
{
    (void)state;
    char *before = zt_sql(&srv, "SELECT count(*) FROM visits");
    Zhucun__Reply *a = NULL, *b = NULL;
    assert_int_equal(visit(hh_monitored, today, "in_person", cadre_person, 1, "visit-key-1", &a),
                     ZHUCUN__CODE__OK);
    assert_int_equal(visit(hh_monitored, today, "in_person", cadre_person, 1, "visit-key-1", &b),
                     ZHUCUN__CODE__OK);
    assert_int_equal(a->visit_create->visit_id, b->visit_create->visit_id);
    assert_int_equal(b->visit_create->n_item_ids, 1);
    assert_int_equal(a->visit_create->item_ids[0], b->visit_create->item_ids[0]);
    zc_reply_free(a);
    zc_reply_free(b);
    char *after = zt_sql(&srv, "SELECT count(*) FROM visits");
    assert_int_equal(atoi(after), atoi(before) + 1);
    free(before);
    free(after);
}

static Zhucun__Code items(struct zc_client *c, const char *status, Zhucun__Reply **out)
{
    Zhucun__FollowUpList fl = ZHUCUN__FOLLOW_UP_LIST__INIT;
    fl.status = (char *)status;
    fl.responsible_id = cadre_person;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST;
    req.follow_up_list = &fl;
    return zt_call(c, &req, out);
}

static Zhucun__Code update(int64_t id, const char *status, const char *note)
{
    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.id = id;
    fu.status = (char *)status;
    fu.note = (char *)note;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE;
    req.follow_up_update = &fu;
    return zt_call(cadre, &req, NULL);
}

static void test_follow_up_item_lifecycle(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(items(cadre, "", &reply), ZHUCUN__CODE__OK);
    size_t open = reply->follow_up_list->n_items;
    assert_true(open >= 1);
    const Zhucun__FollowUpItem *it = reply->follow_up_list->items[0];
    int64_t id = it->id;
    assert_true(it->urgent);
    assert_string_equal(it->status, "open");
    assert_string_equal(it->responsible_name, "演示队长");
    assert_int_equal(it->household_id, hh_monitored);
    zc_reply_free(reply);

    assert_int_equal(update(id, "in_progress", "已联系施工队"), ZHUCUN__CODE__OK);
    assert_int_equal(update(id, "resolved", ""), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(update(id, "done", "x"), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(update(id, "resolved", "屋顶已修好"), ZHUCUN__CODE__OK);
    assert_int_equal(update(id, "open", "重开"), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(update(id + 100000, "open", "x"), ZHUCUN__CODE__NOT_FOUND);

    assert_int_equal(items(cadre, "", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->follow_up_list->n_items, open - 1); /* resolved ones drop out */
    zc_reply_free(reply);
    assert_int_equal(items(cadre, "resolved", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->follow_up_list->n_items, 1);
    assert_string_equal(reply->follow_up_list->items[0]->last_note, "屋顶已修好");
    zc_reply_free(reply);
    assert_int_equal(items(county, "all", &reply), ZHUCUN__CODE__OK); /* the office sees them */
    assert_int_equal(reply->follow_up_list->n_items, open);
    zc_reply_free(reply);
    char *n = zt_sql(&srv, "SELECT count(*) FROM follow_up_updates");
    assert_string_equal(n, "2");
    free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visits_leave_the_due_list),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_retry_applied_once),
        cmocka_unit_test(test_follow_up_item_lifecycle),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
