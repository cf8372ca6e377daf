/* test_visits.c -- visit logs and the due list: log visits and see them leave the due list,
 * problems become follow-up items, an absent household needs only a phone visit, future
 * dates and out-of-scope households refused, a retried visit applied once. */
#include "harness.h"

#include "common/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/visits.h"

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

static int64_t new_team(const char *kind, const char *org, const char *name)
{
    return zt_team(county, kind, org, name);
}

static struct zc_client *serving_cadre(int64_t team, const char *username, const char *org,
                                       const char *role, const char *post, int64_t *person)
{
    return zt_cadre(&srv, county, team, username, org, role, post, 0, PW, person);
}

static int setup(void **state)
{
    (void)state;
    rules_date_format(zt_today(), today);
    zt_server_start(&srv, "visits", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);

    /* a team for village A, a cadre serving in it */
    cadre = serving_cadre(new_team("village", VA, "测试一村工作队"), "cadre-a", VA, "team_captain",
                          "captain", &cadre_person);

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

/* The due list of client c (today's); fails the test unless OK. Free with zc_reply_free. */
static Zhucun__Reply *due_list(struct zc_client *c)
{
    Zhucun__VisitsDue vd = ZHUCUN__VISITS_DUE__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISITS_DUE;
    req.visits_due = &vd;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    return reply;
}

/* Is there an unmet duty for household in the due list? */
static int due_for(int64_t household, const char **rule)
{
    Zhucun__Reply *reply = due_list(cadre);
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

/* The due list judges the periods the report counts: none that begins before the tracking
 * start (issue 11, defect 9: it showed the October periods of a system tracked from November),
 * and what it counts as due and met is what the duty rows of the same households say. */
static void test_due_list_tracks_what_the_report_does(void **state)
{
    (void)state;
    char *start = zt_sql(&srv, "SELECT zc_duty_start()::text");
    Zhucun__Reply *reply = due_list(cadre);
    for (size_t i = 0; i < reply->visits_due->n_items; i++)
        assert_true(strcmp(reply->visits_due->items[i]->period_first, start) >= 0);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) || '/' || count(*) FILTER (WHERE done >= required)"
             " FROM visit_duties WHERE village_code = '%s' AND period_first <= zc_today()",
             VA);
    char *rows = zt_sql(&srv, sql);
    char list[32];
    snprintf(list, sizeof(list), "%u/%u", reply->visits_due->duties, reply->visits_due->met);
    assert_string_equal(list, rows);
    free(rows);
    free(start);
    zc_reply_free(reply);
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

static const char *update_key = ""; /* the idempotency key update() sends */

static Zhucun__Code update(int64_t id, const char *status, const char *note)
{
    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.id = id;
    fu.status = (char *)status;
    fu.note = (char *)note;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)update_key;
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

/* An item resolved, the reply lost, the same request sent again with its key: answered as the
 * first was, one history row. */
static void test_follow_up_retry_applied_once(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(visit(hh_monitored, today, "in_person", cadre_person, 1, NULL, &reply),
                     ZHUCUN__CODE__OK);
    int64_t item = reply->visit_create->item_ids[0];
    zc_reply_free(reply);
    update_key = "resolve-once";
    assert_int_equal(update(item, "resolved", "已处理"), ZHUCUN__CODE__OK);
    assert_int_equal(update(item, "resolved", "已处理"), ZHUCUN__CODE__OK);
    update_key = "resolve-again";
    assert_int_equal(update(item, "resolved", "已处理"), ZHUCUN__CODE__FAILED_PRECONDITION);
    update_key = "";
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM follow_up_updates WHERE item_id = %lld",
             (long long)item);
    char *n = zt_sql(&srv, sql);
    assert_string_equal(n, "1");
    free(n);
}

/* ---- the duty rows and the compliance report ---- */

static Zhucun__Code set_state(int64_t household, const char *from, const char *category, int absent)
{
    Zhucun__HouseholdSetState ss = ZHUCUN__HOUSEHOLD_SET_STATE__INIT;
    ss.id = household;
    ss.category = (char *)category;
    ss.absent = absent;
    ss.valid_from = (char *)from;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE;
    req.household_set_state = &ss;
    return zt_call(county, &req, NULL);
}

static int cat_of(const char *s)
{
    return strcmp(s, "poverty_alleviated") == 0 ? CAT_POVERTY_ALLEVIATED
           : strcmp(s, "monitored") == 0        ? CAT_MONITORED
                                                : CAT_ORDINARY;
}

/* The household rules from visit_rules, as the C functions take them. */
static size_t load_rules(struct visit_rule *rules, size_t cap)
{
    char *text = zt_sql(&srv, "SELECT string_agg(id || '|' || array_to_string(categories, ',')"
                              " || '|' || absent || '|' || period || '|' || min_visits || '|'"
                              " || array_to_string(modes, ',') || '|' || effective_from || '|'"
                              " || coalesce(effective_to::text, ''), ';' ORDER BY id)"
                              " FROM visit_rules WHERE subject = 'household'");
    size_t n = 0;
    char *save = NULL;
    for (char *row = strtok_r(text, ";", &save); row != NULL && n < cap;
         row = strtok_r(NULL, ";", &save)) {
        char *f[8] = {0};
        int nf = 0;
        for (char *p = row; nf < 8; nf++) {
            f[nf] = p;
            p = strchr(p, '|');
            if (p == NULL) {
                nf++;
                break;
            }
            *p++ = '\0';
        }
        assert_int_equal(nf, 8);
        struct visit_rule *r = &rules[n++];
        memset(r, 0, sizeof(*r));
        r->id = atoi(f[0]);
        for (int c = CAT_POVERTY_ALLEVIATED; c <= CAT_ORDINARY; c++) {
            static const char *const names[] = {"poverty_alleviated", "monitored", "ordinary"};
            if (strstr(f[1], names[c]) != NULL)
                r->categories |= CAT_BIT(c);
        }
        r->absent = f[2][0] == 't';
        r->period = (enum period_kind)rules_period_kind_parse(f[3]);
        r->min_visits = atoi(f[4]);
        r->modes = (strstr(f[5], "in_person") ? MODE_BIT(MODE_IN_PERSON) : 0) |
                   (strstr(f[5], "phone") ? MODE_BIT(MODE_PHONE) : 0);
        int ok = 1;
        r->effective_from = rules_date_days(f[6], &ok);
        r->effective_to = f[7][0] ? rules_date_days(f[7], &ok) : DAY_MAX;
        assert_true(ok);
    }
    free(text);
    return n;
}

static int by_period_rule(const void *a, const void *b)
{
    const struct duty *x = a, *y = b;
    if (x->period.first != y->period.first)
        return x->period.first < y->period.first ? -1 : 1;
    return x->rule_id - y->rule_id;
}

/* What common/rules/visits.c says household h owes from the tracking start to today, as
 * "rule,period_first,window_first,required,done;..." (the shape the SQL below prints). */
static char *duties_by_c(int64_t h, const struct visit_rule *rules, size_t nrules, int start,
                         int today_day)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(valid_from || '|' || category || '|' || absent, ';'"
             " ORDER BY valid_from) FROM household_states WHERE household_id = %lld",
             (long long)h);
    char *st = zt_sql(&srv, sql);
    struct hh_state states[16];
    size_t ns = 0;
    char *save = NULL;
    for (char *row = strtok_r(st, ";", &save); row != NULL && ns < 16;
         row = strtok_r(NULL, ";", &save)) {
        char *cat = strchr(row, '|');
        *cat++ = '\0';
        char *absent = strchr(cat, '|');
        *absent++ = '\0';
        int ok = 1;
        states[ns].from = rules_date_days(row, &ok);
        states[ns].to = DAY_MAX;
        states[ns].category = (enum hh_category)cat_of(cat);
        states[ns].absent = absent[0] == 't';
        if (ns > 0)
            states[ns - 1].to = states[ns].from - 1;
        ns++;
    }
    free(st);
    snprintf(sql, sizeof(sql),
             "SELECT coalesce(string_agg(visit_date || '|' || mode, ';'), '') FROM visits"
             " WHERE household_id = %lld",
             (long long)h);
    char *vt = zt_sql(&srv, sql);
    struct visit visits[64];
    size_t nv = 0;
    save = NULL;
    for (char *row = strtok_r(vt, ";", &save); row != NULL && nv < 64;
         row = strtok_r(NULL, ";", &save)) {
        char *mode = strchr(row, '|');
        *mode++ = '\0';
        int ok = 1;
        visits[nv].day = rules_date_days(row, &ok);
        visits[nv].mode = strcmp(mode, "phone") == 0 ? MODE_PHONE : MODE_IN_PERSON;
        nv++;
    }
    free(vt);
    struct duty duties[128];
    size_t nd =
        rules_visit_duties(rules, nrules, states, ns, visits, nv, start, today_day, duties, 128);
    assert_true(nd <= 128);
    /* The rows begin with the first period that starts on or after the tracking start. */
    size_t kept = 0;
    for (size_t i = 0; i < nd; i++)
        if (duties[i].period.first >= start)
            duties[kept++] = duties[i];
    qsort(duties, kept, sizeof(*duties), by_period_rule);
    char *out = calloc(1, kept * 64 + 1);
    size_t len = 0;
    for (size_t i = 0; i < kept; i++) {
        char pf[11], wf[11];
        rules_date_format(duties[i].period.first, pf);
        rules_date_format(duties[i].window_first, wf);
        len += (size_t)sprintf(out + len, "%s%d,%s,%s,%d,%d", i ? ";" : "", duties[i].rule_id, pf,
                               wf, duties[i].required, duties[i].done);
    }
    return out;
}

/* Random histories of category, presence and visits, applied in random order through the
 * calls: the rows 0006_visit_duties.sql keeps must say exactly what the C rules say. */
static void test_duty_rows_agree_with_the_rules(void **state)
{
    (void)state;
    struct visit_rule rules[8];
    size_t nrules = load_rules(rules, 8);
    assert_true(nrules >= 3);
    char *start_text = zt_sql(&srv, "SELECT zc_duty_start()");
    int ok = 1;
    int start = rules_date_days(start_text, &ok);
    free(start_text);
    int today_day = rules_date_days(today, &ok);
    assert_true(ok);
    static const char *const cats[] = {"poverty_alleviated", "monitored", "ordinary"};
    unsigned seed = 20261129;
    enum { N = 14 };
    int64_t hs[N];
    for (int i = 0; i < N; i++)
        hs[i] = add_household(VA, cats[rand_r(&seed) % 3], 100 + i);
    for (int step = 0; step < 5 * N; step++) {
        int64_t h = hs[rand_r(&seed) % N];
        char day[11];
        rules_date_format(start - 40 + (int)(rand_r(&seed) % (unsigned)(today_day - start + 41)),
                          day);
        if (rand_r(&seed) % 3 == 0) {
            assert_int_equal(set_state(h, day, cats[rand_r(&seed) % 3], rand_r(&seed) % 4 == 0),
                             ZHUCUN__CODE__OK);
        } else {
            const char *mode = rand_r(&seed) % 3 == 0 ? "phone" : "in_person";
            assert_int_equal(visit(h, day, mode, cadre_person, 0, NULL, NULL), ZHUCUN__CODE__OK);
        }
    }
    for (int i = 0; i < N; i++) {
        char sql[512];
        snprintf(sql, sizeof(sql),
                 "SELECT coalesce(string_agg(rule_id || ',' || period_first || ',' ||"
                 " window_first || ',' || required || ',' || done, ';'"
                 " ORDER BY period_first, rule_id), '') FROM visit_duties"
                 " WHERE household_id = %lld AND period_first <= zc_today()",
                 (long long)hs[i]);
        char *rows = zt_sql(&srv, sql);
        char *want = duties_by_c(hs[i], rules, nrules, start, today_day);
        assert_string_equal(rows, want);
        assert_true(strlen(want) > 0);
        free(rows);
        free(want);
    }
}

static Zhucun__Code report(struct zc_client *c, const char *org, const char *period, const char *by,
                           Zhucun__Reply **out)
{
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = (char *)org;
    vr.period = (char *)period;
    vr.by = (char *)by;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISIT_REPORT;
    req.visit_report = &vr;
    return zt_call(c, &req, out);
}

/* A household of its own village, so the counts below are this test's alone. */
static void test_report_counts_and_drill_down(void **state)
{
    (void)state;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", today);
    int64_t h = add_household(VB, "ordinary", 200);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(report(county, VB, month, "household", &reply), ZHUCUN__CODE__OK);
    const Zhucun__VisitReportReply *v = reply->visit_report;
    assert_string_equal(v->by, "household");
    const Zhucun__VisitReportRow *row = NULL;
    for (size_t i = 0; i < v->n_rows; i++)
        if (strtoll(v->rows[i]->key, NULL, 10) == h)
            row = v->rows[i];
    assert_non_null(row);
    assert_int_equal(row->due, 1); /* V2: one in-person visit this month */
    assert_int_equal(row->met, 0);
    assert_non_null(strstr(row->detail, "V2"));
    uint32_t county_met = 0;
    zc_reply_free(reply);
    assert_int_equal(report(county, "140105000000", month, "", &reply), ZHUCUN__CODE__OK);
    county_met = reply->visit_report->total->met;
    assert_string_equal(reply->visit_report->by, "org");
    assert_int_equal(reply->visit_report->n_rows, 1); /* its one township */
    assert_string_equal(reply->visit_report->rows[0]->key, "140105001000");
    assert_int_equal(reply->visit_report->rows[0]->due, reply->visit_report->total->due);
    zc_reply_free(reply);

    /* The category changes today: from today on it owes the half-month rule, and the month's
     * ordinary duty lapses (the month's end finds it monitored). Up to the 15th the month
     * holds two half-months from today (the first from today, the second whole); from the
     * 16th one. */
    assert_int_equal(set_state(h, today, "monitored", 0), ZHUCUN__CODE__OK);
    assert_int_equal(report(county, VB, month, "household", &reply), ZHUCUN__CODE__OK);
    row = NULL;
    for (size_t i = 0; i < reply->visit_report->n_rows; i++)
        if (strtoll(reply->visit_report->rows[i]->key, NULL, 10) == h)
            row = reply->visit_report->rows[i];
    assert_non_null(row);
    int first_half = atoi(today + 8) <= 15;
    assert_int_equal(row->due, first_half ? 2 : 1);
    char window[32];
    snprintf(window, sizeof(window), "V1 %s~", today + 5);
    assert_non_null(strstr(row->detail, window));
    snprintf(window, sizeof(window), "V1 %.2s-16~", today + 5);
    if (first_half)
        assert_non_null(strstr(row->detail, window));
    zc_reply_free(reply);

    /* A visit today meets it, in every report that counts it. */
    assert_int_equal(visit(h, today, "in_person", cadre_person, 0, NULL, NULL),
                     ZHUCUN__CODE__NOT_FOUND); /* the cadre serves village A only */
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT INTO visits (visit_date, household_id, village_code, mode, cadre_ids)"
             " VALUES ('%s', %lld, '%s', 'in_person', '{%lld}')",
             today, (long long)h, VB, (long long)cadre_person);
    free(zt_sql(&srv, sql));
    assert_int_equal(report(county, "140105000000", month, "team", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->visit_report->total->met, county_met + 1);
    zc_reply_free(reply);

    /* by cadre: the serving captain of village A, with the visits they took part in */
    assert_int_equal(report(county, "140105000000", month, "cadre", &reply), ZHUCUN__CODE__OK);
    assert_true(reply->visit_report->n_rows >= 1);
    assert_string_equal(reply->visit_report->rows[0]->name, "演示队长");
    assert_true(reply->visit_report->rows[0]->visits > 0);
    zc_reply_free(reply);
}

/* `zhucun-server duties --check`: 0 when every duty row up to today is what the rules call
 * for. */
static int duties_check(void)
{
    char cmd[1024], out[4096];
    snprintf(cmd, sizeof(cmd), "%s duties --check --config %s 2>&1", ZT_SERVER_BIN, srv.config);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fprintf(stderr, "duties --check (%d): %s\n", rc, out);
    return rc;
}

/* V4: a township team owes each village of its township a visit a month; it shows in its
 * members' due list and leaves it when a village visit is logged, and the report counts it. */
static void test_township_team_village_duty(void **state)
{
    (void)state;
    int64_t tperson = 0;
    struct zc_client *tc = serving_cadre(new_team("township", "140105001000", "坞城街道工作队"),
                                         "cadre-t", "140105001000", "cadre", "member", &tperson);
    const char *villages[2] = {VA, VB};
    for (int round = 0; round < 2; round++) {
        Zhucun__Reply *reply = due_list(tc);
        /* The team was recorded today, but its member has served since 2025: V4 is owed from
         * the tracking start (the first day of last month), so last month's visits are
         * overdue and this month's are due from its first day. */
        char month_first[11];
        snprintf(month_first, sizeof(month_first), "%.8s01", today);
        int seen[2] = {0, 0}, overdue[2] = {0, 0};
        for (size_t i = 0; i < reply->visits_due->n_items; i++) {
            const Zhucun__DueItem *it = reply->visits_due->items[i];
            if (strcmp(it->rule, "V4") != 0)
                continue;
            assert_int_equal(it->household_id, 0);
            for (int v = 0; v < 2; v++) {
                if (strcmp(it->village_code, villages[v]) != 0)
                    continue;
                if (it->overdue) {
                    assert_true(strcmp(it->period_last, month_first) < 0);
                    overdue[v]++;
                } else {
                    assert_string_equal(it->window_first, month_first);
                    seen[v]++;
                }
            }
        }
        zc_reply_free(reply);
        /* before the visit both villages are due; after it only B; last month stays overdue */
        assert_int_equal(seen[0], round == 0);
        assert_int_equal(seen[1], 1);
        assert_int_equal(overdue[0], 1);
        assert_int_equal(overdue[1], 1);
        if (round == 1)
            break;
        int64_t cadres[1] = {tperson};
        Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
        vc.village_code = VA;
        vc.visit_date = today;
        vc.mode = "in_person";
        vc.cadre_ids = cadres;
        vc.n_cadre_ids = 1;
        vc.notes = "走访测试一村，召开村两委会";
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_VISIT_CREATE;
        req.visit_create = &vc;
        assert_int_equal(zt_call(tc, &req, NULL), ZHUCUN__CODE__OK);
    }
    /* the village team's captain owes no village duty: V4 is the township team's */
    Zhucun__Reply *reply = due_list(cadre);
    for (size_t i = 0; i < reply->visits_due->n_items; i++)
        assert_string_not_equal(reply->visits_due->items[i]->rule, "V4");
    zc_reply_free(reply);
    char month[32];
    snprintf(month, sizeof(month), "%.7s", today);
    assert_int_equal(report(county, "140105001000", month, "team", &reply), ZHUCUN__CODE__OK);
    const Zhucun__VisitReportReply *v = reply->visit_report;
    const Zhucun__VisitReportRow *v4 = NULL;
    for (size_t i = 0; i < v->n_by_rule; i++)
        if (strcmp(v->by_rule[i]->key, "V4") == 0)
            v4 = v->by_rule[i];
    assert_non_null(v4);
    assert_int_equal(v4->due, 2);
    assert_int_equal(v4->met, 1);
    int township_row = 0;
    for (size_t i = 0; i < v->n_rows; i++)
        if (strcmp(v->rows[i]->name, "坞城街道工作队") == 0) {
            township_row = 1;
            assert_int_equal(v->rows[i]->due, 2);
            assert_int_equal(v->rows[i]->met, 1);
        }
    assert_true(township_row);
    zc_reply_free(reply);

    /* The first tracked period (last month) has V4 rows too: the team served then (issue 11,
     * defect 2: a team recorded after the tracking start owed nothing before its record). */
    int y = atoi(today), m = atoi(today + 5);
    snprintf(month, sizeof(month), "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
    assert_int_equal(report(county, "140105001000", month, "team", &reply), ZHUCUN__CODE__OK);
    v4 = NULL;
    for (size_t i = 0; i < reply->visit_report->n_by_rule; i++)
        if (strcmp(reply->visit_report->by_rule[i]->key, "V4") == 0)
            v4 = reply->visit_report->by_rule[i];
    assert_non_null(v4);
    assert_int_equal(v4->due, 2);
    assert_int_equal(v4->met, 0);
    zc_reply_free(reply);
    /* and every stored duty row is what the rules call for */
    assert_int_equal(duties_check(), 0);

    /* A village added to the township later owes V4 as well (it had no rows: the roll makes
     * only periods it has not made before). */
    free(zt_sql(&srv, "INSERT INTO org_units (code, name, level, parent_code)"
                      " VALUES ('140105001099', '测试新村', 5, '140105001000')"));
    char *rows = zt_sql(&srv, "SELECT count(*) FROM visit_duties WHERE household_id IS NULL"
                              " AND village_code = '140105001099' AND period_first <= zc_today()");
    assert_string_equal(rows, "2"); /* last month and this month */
    free(rows);
    assert_int_equal(duties_check(), 0);
    zc_close(tc);
}

static void test_report_refusals(void **state)
{
    (void)state;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", today);
    assert_int_equal(report(county, "1401050", month, "", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(report(county, VA, "2026-13", "", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(report(county, VA, "11/2026", "", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(report(county, VA, "2999-01", "", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(report(county, VA, month, "village", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(report(county, VA, month, "org", NULL), ZHUCUN__CODE__INVALID_ARGUMENT);
    /* before the tracking start: no duty rows, and the reply says why */
    assert_int_equal(report(county, VA, "2020-01", "", NULL), ZHUCUN__CODE__FAILED_PRECONDITION);
    /* out of scope: the county office of Xiaodian does not see Yingze district's units */
    assert_int_equal(report(county, "140106000000", month, "", NULL), ZHUCUN__CODE__NOT_FOUND);
    /* a team captain sees their village, not the county */
    assert_int_equal(report(cadre, VA, month, "", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(report(cadre, "140105000000", month, "", NULL), ZHUCUN__CODE__NOT_FOUND);
    /* above county level only child units: drill down first */
    assert_int_equal(report(county, "140100000000", month, "household", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
}

/* By village (issue 25, the desk's map): a row per village of the unit, every village listed
 * whether it owes anything or not, the rows adding up to the unit's total, each with the
 * village's location when it has one; a township's rows are its own villages; the province is
 * refused (about 28,000 villages: a city at most), a village too, and a unit out of the
 * caller's scope answers as every report does. */
static void test_report_by_village(void **state)
{
    (void)state;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", today);
    free(zt_sql(&srv, "UPDATE org_units SET lat = 37.7391234, lon = 112.5652345"
                      " WHERE code = '" VA "'"));
    free(zt_sql(&srv, "UPDATE org_units SET lat = NULL, lon = NULL WHERE code = '" VB "'"));
    Zhucun__Reply *reply = NULL;
    /* the city as the province office (the county office's scope lies below it) */
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    const char *units[] = {"140100000000", "140105000000", "140105001000"};
    char *villages = zt_sql(&srv, "SELECT string_agg(code, ',' ORDER BY code) FROM org_units"
                                  " WHERE level = 5 AND code LIKE '140105%'");
    for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
        assert_int_equal(report(u == 0 ? prov : county, units[u], month, "village", &reply),
                         ZHUCUN__CODE__OK);
        const Zhucun__VisitReportReply *v = reply->visit_report;
        assert_string_equal(v->by, "village");
        char keys[1024] = "";
        uint32_t due = 0, met = 0, overdue = 0, open = 0;
        int located = 0;
        for (size_t i = 0; i < v->n_rows; i++) {
            const Zhucun__VisitReportRow *x = v->rows[i];
            snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%s%s", i ? "," : "",
                     x->key);
            assert_string_equal(x->org_code, x->key);
            due += x->due;
            met += x->met;
            overdue += x->overdue;
            open += x->open;
            if (strcmp(x->key, VA) == 0) {
                assert_true(x->has_location);
                assert_true(x->lat == 37.7391234 && x->lon == 112.5652345);
                assert_string_equal(x->name, "测试一村");
                located++;
            } else {
                assert_false(x->has_location);
            }
        }
        assert_string_equal(keys, villages); /* every village of the county, in code order */
        assert_int_equal(located, 1);
        assert_true(v->total->due > 0);
        assert_int_equal(due, v->total->due);
        assert_int_equal(met, v->total->met);
        assert_int_equal(overdue, v->total->overdue);
        assert_int_equal(open, v->total->open);
        zc_reply_free(reply);
    }
    free(villages);
    /* the limit: a city at most (even for the province office), and a village has its
     * households instead */
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = "140000000000";
    vr.period = month;
    vr.by = "village";
    zt_refused(prov, ZHUCUN__REQUEST__BODY_VISIT_REPORT, &vr, ZHUCUN__CODE__INVALID_ARGUMENT, "by");
    zc_close(prov);
    vr.org_code = VA;
    zt_refused(county, ZHUCUN__REQUEST__BODY_VISIT_REPORT, &vr, ZHUCUN__CODE__INVALID_ARGUMENT,
               "by");
    /* scope: another county, and the village captain above their village */
    vr.org_code = "140106000000";
    zt_refused(county, ZHUCUN__REQUEST__BODY_VISIT_REPORT, &vr, ZHUCUN__CODE__NOT_FOUND,
               "org_code");
    vr.org_code = "140105001000";
    zt_refused(cadre, ZHUCUN__REQUEST__BODY_VISIT_REPORT, &vr, ZHUCUN__CODE__NOT_FOUND, "org_code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visits_leave_the_due_list),
        cmocka_unit_test(test_due_list_tracks_what_the_report_does),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_retry_applied_once),
        cmocka_unit_test(test_follow_up_item_lifecycle),
        cmocka_unit_test(test_follow_up_retry_applied_once),
        cmocka_unit_test(test_duty_rows_agree_with_the_rules),
        cmocka_unit_test(test_report_counts_and_drill_down),
        cmocka_unit_test(test_township_team_village_duty),
        cmocka_unit_test(test_report_refusals),
        cmocka_unit_test(test_report_by_village),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
