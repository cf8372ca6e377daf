/* test_inspect.c -- inspections (暗访督查) and circulars (通报): SPEC G1; issue 22;
 * docs/inspections.md, docs/circulars.md.
 *
 * An office records only its own inspections, inside its area, every refusal naming its
 * field; every finding becomes a ledger item (source 'inspection', for the team's captain,
 * due on the deadline) and, where a deduction is given, cadre_points rows (the named cadre, or
 * each cadre serving in the team on the inspection's day), once under a retried key; the G1
 * duty report (offices behind) equals direct SQL counts; the discipline indicator follows its
 * formula; a circular is issued once per inspection and doc number, its PDF carries its Chinese
 * text (pdftotext finds the title, pdffonts shows an embedded CJK font; the page rasterised by
 * pdftoppm is kept in tests/artifacts/circulars/), its files' hashes are the stored ones, and
 * its recipients (the area below, the offices above) download it while the county beside does
 * not; each record kind is exported incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/rules/date.h"

#define PW      "correct horse battery"
#define PROV    "140000000000"
#define CITY    "140100000000"
#define COUNTY  "140105000000"
#define TWP     "140105001000"
#define VA      "140105001001"
#define VB      "140105001002"
#define COUNTY2 "140106000000"
#define VC      "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *city, *county, *county2, *twp, *captain_c, *exporter;
static int64_t team_a, team_c, captain, member, cadre_c;
static char today[11], deadline[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

static Zhucun__Code send(struct zc_client *c, Zhucun__Request *req, const char *key,
                         Zhucun__Reply **out)
{
    req->idempotency_key = (char *)(key ? key : "");
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, req, &reply);
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

static Zhucun__Code record(struct zc_client *c, const char *org, const char *village, int64_t team,
                           Zhucun__Reply **out)
{
    Zhucun__InspectionRecord b = ZHUCUN__INSPECTION_RECORD__INIT;
    char *villages[1] = {(char *)village};
    int64_t teams[1] = {team};
    b.org_code = (char *)org;
    b.started_on = today;
    b.ended_on = today;
    b.inspectors = "张三、李四";
    b.villages = villages;
    b.n_villages = village != NULL ? 1 : 0;
    b.team_ids = teams;
    b.n_team_ids = team != 0 ? 1 : 0;
    b.note = "暗访";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INSPECTION_RECORD;
    req.inspection_record = &b;
    return send(c, &req, NULL, out);
}

static int64_t record_ok(struct zc_client *c, const char *org, const char *village, int64_t team)
{
    Zhucun__Reply *reply = NULL;
    if (record(c, org, village, team, &reply) != ZHUCUN__CODE__OK)
        fail_msg("InspectionRecord: %s", reply->status->message);
    int64_t id = reply->inspection_record->id;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code finding(struct zc_client *c, int64_t inspection, int64_t team, int64_t person,
                            const char *village, const char *fact, unsigned deduction,
                            const char *key, Zhucun__Reply **out)
{
    Zhucun__FindingAdd b = ZHUCUN__FINDING_ADD__INIT;
    b.inspection_id = inspection;
    b.team_id = team;
    b.person_id = person;
    b.village = (char *)(village != NULL ? village : "");
    b.fact = (char *)fact;
    b.deadline = deadline;
    b.deduction = deduction;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_FINDING_ADD;
    req.finding_add = &b;
    return send(c, &req, key, out);
}

static int64_t finding_ok(int64_t inspection, int64_t team, int64_t person, const char *fact,
                          unsigned deduction)
{
    Zhucun__Reply *reply = NULL;
    if (finding(county, inspection, team, person, NULL, fact, deduction, NULL, &reply) !=
        ZHUCUN__CODE__OK)
        fail_msg("FindingAdd: %s", reply->status->message);
    int64_t id = reply->finding_add->id;
    zc_reply_free(reply);
    return id;
}

static Zhucun__Code issue(struct zc_client *c, int64_t inspection, const char *doc,
                          const char *title, const char *key, Zhucun__Reply **out)
{
    Zhucun__CircularIssue b = ZHUCUN__CIRCULAR_ISSUE__INIT;
    b.inspection_id = inspection;
    b.doc_number = (char *)doc;
    b.title = (char *)title;
    b.body = "各乡镇、各驻村工作队：\n根据工作安排，县驻村办对部分驻村工作队进行了暗访。现将有关"
             "情况通报如下。\n请各工作队对照问题清单，限期整改到位。";
    b.issued_on = today;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CIRCULAR_ISSUE;
    req.circular_issue = &b;
    return send(c, &req, key, out);
}

static Zhucun__Code get(struct zc_client *c, int64_t id, Zhucun__Reply **out)
{
    Zhucun__CircularGet b = ZHUCUN__CIRCULAR_GET__INIT;
    b.id = id;
    b.pdf = 1;
    b.xlsx = 1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CIRCULAR_GET;
    req.circular_get = &b;
    return send(c, &req, NULL, out);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "inspect", NULL);
    rules_date_format(zt_today(), today);
    rules_date_format(zt_today() + 30, deadline);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROV, 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "city", PW, "city_office", CITY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "county", PW, "county_office", COUNTY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "county2", PW, "county_office", COUNTY2, 0), 0);
    assert_int_equal(zt_useradd(&srv, "twp", PW, "township", TWP, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", PROV, 0), 0);
    city = zt_login(&srv, "city", PW, NULL);
    county = zt_login(&srv, "county", PW, NULL);
    county2 = zt_login(&srv, "county2", PW, NULL);
    twp = zt_login(&srv, "twp", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    team_a = zt_team(county, "village", VA, "测试一村工作队");
    team_c = zt_team(county2, "village", VC, "测试三村工作队");
    captain_c =
        zt_cadre(&srv, county, team_a, "captain", VA, "team_captain", "captain", 0, PW, &captain);
    zc_close(zt_cadre(&srv, county, team_a, "member", VA, "cadre", "member", 0, PW, &member));
    zc_close(zt_cadre(&srv, county2, team_c, "cadre-c", VC, "cadre", "member", 0, PW, &cadre_c));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, city, county, county2, twp, captain_c, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

/* ---- the tests ---- */

static void test_refusals(void **state)
{
    (void)state;
    Zhucun__Reply *reply = NULL;
    /* an office records only its own inspections */
    zt_assert_refused(record(city, COUNTY, NULL, 0, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "org_code");
    zt_assert_refused(record(county2, COUNTY, NULL, 0, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "org_code");
    zt_assert_refused(record(county, TWP, NULL, 0, &reply), &reply, ZHUCUN__CODE__INVALID_ARGUMENT,
                      "org_code");
    /* inside its area */
    zt_assert_refused(record(county, COUNTY, VC, 0, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "villages");
    zt_assert_refused(record(county, COUNTY, NULL, team_c, &reply), &reply, ZHUCUN__CODE__NOT_FOUND,
                      "team_ids");
    assert_int_equal(count("SELECT count(*) FROM inspections"), 0);

    int64_t mine = record_ok(county, COUNTY, VA, team_a);
    int64_t theirs = record_ok(county2, COUNTY2, VC, team_c);
    zt_assert_refused(finding(county, theirs, team_a, 0, NULL, "事实", 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "inspection_id");
    zt_assert_refused(finding(county, mine, team_c, 0, NULL, "事实", 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "team_id");
    zt_assert_refused(finding(county, mine, team_a, cadre_c, NULL, "事实", 2, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "person_id");
    zt_assert_refused(finding(county, mine, team_a, 0, VB, "事实", 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "village");
    zt_assert_refused(finding(county, mine, team_a, 0, NULL, "事实", 11, NULL, &reply), &reply,
                      ZHUCUN__CODE__INVALID_ARGUMENT, "deduction");
    /* the province office may read county A's inspection but does not write its findings */
    zt_assert_refused(finding(prov, mine, team_a, 0, NULL, "事实", 0, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "inspection_id");
    assert_int_equal(count("SELECT count(*) FROM inspection_findings"), 0);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE source_kind = 'inspection'"),
                     0);
}

/* Every finding becomes an item and, where given, a deduction; a retried key writes once. */
static void test_findings_become_items_and_deductions(void **state)
{
    (void)state;
    int64_t insp = record_ok(county, COUNTY, VA, team_a);
    /* named cadre, 2 points: one item, one deduction */
    Zhucun__Reply *reply = NULL;
    const char *key = "inspect-finding-1";
    assert_int_equal(
        finding(county, insp, team_a, member, NULL, "队员暗访当日不在岗", 2, key, &reply),
        ZHUCUN__CODE__OK);
    int64_t f1 = reply->finding_add->id;
    zc_reply_free(reply);
    assert_int_equal(
        finding(county, insp, team_a, member, NULL, "队员暗访当日不在岗", 2, key, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->finding_add->id, f1);
    zc_reply_free(reply);
    /* no cadre named, 3 points: each cadre serving on the day (the captain and the member) */
    int64_t f2 = finding_ok(insp, team_a, 0, "民情日记记录不全", 3);
    /* no deduction */
    int64_t f3 = finding_ok(insp, team_a, 0, "公示栏信息未更新", 0);

    assert_int_equal(count("SELECT count(*) FROM inspection_findings WHERE inspection_id = %lld",
                           (long long)insp),
                     3);
    /* each finding: one item of its village, for the captain, due on the deadline */
    assert_int_equal(count("SELECT count(*) FROM inspection_findings f JOIN ledger_items i"
                           " ON i.id = f.ledger_item_id AND i.source_kind = 'inspection'"
                           " AND i.source_id = f.id AND i.village_code = '" VA "'"
                           " AND i.responsible_id = %lld AND i.deadline = '%s'"
                           " AND i.status = 'open' WHERE f.inspection_id = %lld",
                           (long long)captain, deadline, (long long)insp),
                     3);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE source_kind = 'inspection'"
                           " AND source_id IN (%lld, %lld, %lld)",
                           (long long)f1, (long long)f2, (long long)f3),
                     3);
    /* the deductions */
    assert_int_equal(count("SELECT count(*) FROM cadre_points WHERE source_kind = 'inspection'"
                           " AND source_id = %lld AND person_id = %lld AND points = -2"
                           " AND kind = 'deduct'"
                           " AND quarter = date_trunc('quarter', '%s'::date)",
                           (long long)f1, (long long)member, today),
                     1);
    assert_int_equal(count("SELECT count(*) FROM cadre_points WHERE source_kind = 'inspection'"
                           " AND source_id = %lld AND points = -3 AND person_id IN (%lld, %lld)",
                           (long long)f2, (long long)captain, (long long)member),
                     2);
    assert_int_equal(count("SELECT count(*) FROM cadre_points WHERE source_kind = 'inspection'"
                           " AND source_id = %lld",
                           (long long)f3),
                     0);
    /* the rule over all findings: none without its item, none with a deduction without rows */
    assert_int_equal(count("SELECT count(*) FROM inspection_findings f WHERE NOT EXISTS ("
                           " SELECT 1 FROM ledger_items i WHERE i.id = f.ledger_item_id"
                           " AND i.source_kind = 'inspection' AND i.source_id = f.id)"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM inspection_findings f WHERE f.deduction > 0"
                           " AND NOT EXISTS (SELECT 1 FROM cadre_points p"
                           " WHERE p.source_kind = 'inspection' AND p.source_id = f.id"
                           " AND p.points = -f.deduction)"),
                     0);
    /* audited once each (the retry wrote nothing) */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'inspection.finding'"
                           " AND object = 'inspection_finding:%lld'",
                           (long long)f1),
                     1);

    /* InspectionShow: the findings with their items' state; the team's captain sees them, the
     * county beside does not see the inspection */
    Zhucun__InspectionShow s = ZHUCUN__INSPECTION_SHOW__INIT;
    s.id = insp;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INSPECTION_SHOW;
    req.inspection_show = &s;
    assert_int_equal(send(captain_c, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->inspection_show->n_findings, 3);
    assert_string_equal(reply->inspection_show->findings[0]->item_status, "open");
    assert_int_equal(reply->inspection_show->findings[0]->deduction, 2);
    assert_int_equal(reply->inspection_show->findings[0]->person_id, member);
    assert_int_equal(reply->inspection_show->inspection->findings, 3);
    zc_reply_free(reply);
    assert_int_equal(send(county2, &req, NULL, NULL), ZHUCUN__CODE__NOT_FOUND);

    /* InspectionList: the township sees its county's inspections, the county beside not */
    Zhucun__InspectionList l = ZHUCUN__INSPECTION_LIST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_INSPECTION_LIST;
    req.inspection_list = &l;
    assert_int_equal(send(twp, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal((long long)reply->inspection_list->n_inspections,
                     count("SELECT count(*) FROM inspections WHERE org_code = '" COUNTY "'"));
    zc_reply_free(reply);
    assert_int_equal(send(county2, &req, NULL, &reply), ZHUCUN__CODE__OK);
    for (size_t i = 0; i < reply->inspection_list->n_inspections; i++)
        assert_string_equal(reply->inspection_list->inspections[i]->org_code, COUNTY2);
    zc_reply_free(reply);
}

/* G1: the duty report's counties behind this month equal the direct count. */
static void test_g1_report_equals_sql(void **state)
{
    (void)state;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", today);
    char *rules[1] = {"G1-county"};
    Zhucun__DutyReport d = ZHUCUN__DUTY_REPORT__INIT;
    d.org_code = CITY;
    d.period = month;
    d.rules = rules;
    d.n_rules = 1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DUTY_REPORT;
    req.duty_report = &d;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(send(prov, &req, NULL, &reply), ZHUCUN__CODE__OK);
    long long counties = count("SELECT count(*) FROM org_units WHERE level = 3"
                               " AND code LIKE '1401%%'");
    long long met =
        count("SELECT count(*) FROM org_units o WHERE o.level = 3"
              " AND o.code LIKE '1401%%' AND EXISTS (SELECT 1 FROM inspections i"
              " WHERE i.org_code = o.code"
              " AND date_trunc('month', i.started_on) = date_trunc('month', '%s'::date))",
              today);
    assert_int_equal(counties, 2);
    assert_int_equal(met, 2); /* both counties inspected this month (test_refusals) */
    assert_int_equal(reply->duty_report->total->due, counties);
    assert_int_equal(reply->duty_report->total->met, met);
    zc_reply_free(reply);

    /* the province this quarter: one duty (the province office), met only once it inspects */
    rules[0] = "G1-province";
    d.org_code = PROV;
    assert_int_equal(send(prov, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->duty_report->total->due, 1);
    assert_int_equal(reply->duty_report->total->met, 0);
    zc_reply_free(reply);
    record_ok(prov, PROV, VA, 0);
    assert_int_equal(send(prov, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->duty_report->total->met, 1);
    zc_reply_free(reply);
}

/* The discipline indicator of the quarter, by its formula (docs/inspections.md). */
static void test_discipline_indicator(void **state)
{
    (void)state;
    long long n_team = count("SELECT count(*) FROM inspection_findings f JOIN inspections i"
                             " ON i.id = f.inspection_id WHERE f.team_id = %lld"
                             " AND date_trunc('quarter', i.started_on)"
                             " = date_trunc('quarter', '%s'::date)",
                             (long long)team_a, today);
    long long named =
        count("SELECT count(*) FROM inspection_findings WHERE person_id = %lld", (long long)member);
    long long team_only = count("SELECT count(*) FROM inspection_findings WHERE team_id = %lld"
                                " AND person_id IS NULL",
                                (long long)team_a);
    assert_true(n_team >= 3);
    assert_int_equal(count("SELECT score FROM zc_discipline_indicator('" COUNTY
                           "', date_trunc('quarter', '%s'::date)::date, 'team')"
                           " WHERE team_id = %lld",
                           today, (long long)team_a),
                     n_team >= 10 ? 0 : 100 - 10 * n_team);
    long long want = 100 - 10 * named - 5 * team_only;
    assert_int_equal(count("SELECT score FROM zc_discipline_indicator('" COUNTY
                           "', date_trunc('quarter', '%s'::date)::date, 'cadre')"
                           " WHERE person_id = %lld",
                           today, (long long)member),
                     want < 0 ? 0 : want);
    /* a team without findings: 100; the registry names the function */
    assert_int_equal(count("SELECT score FROM zc_discipline_indicator('" COUNTY2
                           "', date_trunc('quarter', '%s'::date)::date, 'team')"
                           " WHERE team_id = %lld",
                           today, (long long)team_c),
                     100);
    assert_int_equal(
        count("SELECT count(*) FROM assessment_indicators WHERE code = 'discipline'"
              " AND score_fn = 'zc_discipline_indicator(text,date,text)'::regprocedure"),
        1);
}

/* Runs cmd; its output into out. */
static void run(const char *cmd, char *out, size_t cap)
{
    if (zt_run(cmd, NULL, out, cap) != 0)
        fail_msg("%s failed: %s", cmd, out);
}

static void test_circular(void **state)
{
    (void)state;
    int64_t insp = record_ok(county, COUNTY, VA, team_a);
    finding_ok(insp, team_a, member, "驻村工作队员暗访当日不在岗，未履行请假手续", 2);
    finding_ok(insp, team_a, 0, "走访台账记录不全", 0);
    const char *title = "关于2026年驻村工作暗访情况的通报";
    Zhucun__Reply *reply = NULL;
    if (issue(county, insp, "晋驻办通〔2026〕12号", title, "circular-1", &reply) !=
        ZHUCUN__CODE__OK)
        fail_msg("CircularIssue: %s", reply->status->message);
    int64_t id = reply->circular_issue->id;
    zc_reply_free(reply);
    /* the same key: the same circular */
    assert_int_equal(issue(county, insp, "晋驻办通〔2026〕12号", title, "circular-1", &reply),
                     ZHUCUN__CODE__OK);
    assert_int_equal(reply->circular_issue->id, id);
    zc_reply_free(reply);
    /* a second circular of the inspection, a doc number used before */
    zt_assert_refused(issue(county, insp, "晋驻办通〔2026〕13号", title, NULL, &reply), &reply,
                      ZHUCUN__CODE__ALREADY_EXISTS, "inspection_id");
    int64_t other = record_ok(county, COUNTY, VA, team_a);
    zt_assert_refused(issue(county, other, "晋驻办通〔2026〕12号", title, NULL, &reply), &reply,
                      ZHUCUN__CODE__ALREADY_EXISTS, "doc_number");
    zt_assert_refused(issue(county2, insp, "迎驻办通〔2026〕1号", title, NULL, &reply), &reply,
                      ZHUCUN__CODE__NOT_FOUND, "inspection_id");
    assert_int_equal(count("SELECT count(*) FROM circulars"), 1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'circular.issue'"), 1);
    assert_int_equal(count("SELECT jsonb_array_length(table_json -> 'rows') FROM circulars"
                           " WHERE id = %lld",
                           (long long)id),
                     2);

    /* recipients: the township below, the city and the province above; not the county beside */
    struct zc_client *readers[] = {twp, city, prov, county};
    for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
        assert_int_equal(get(readers[i], id, &reply), ZHUCUN__CODE__OK);
        zc_reply_free(reply);
    }
    assert_int_equal(get(county2, id, &reply), ZHUCUN__CODE__NOT_FOUND);
    zc_reply_free(reply);

    assert_int_equal(get(twp, id, &reply), ZHUCUN__CODE__OK);
    const Zhucun__CircularGetReply *g = reply->circular_get;
    assert_string_equal(g->circular->title, title);
    assert_true(g->pdf.len > 1000 && memcmp(g->pdf.data, "%PDF", 4) == 0);
    assert_true(g->xlsx.len > 100 && memcmp(g->xlsx.data, "PK", 2) == 0);
    /* the files are the stored ones, by their hashes */
    assert_int_equal(g->circular->pdf_sha256.len, 32);
    assert_int_equal(count("SELECT count(*) FROM circulars c JOIN attachments a"
                           " ON a.sha256 = c.pdf_sha256 AND a.size = %zu"
                           " AND a.mime = 'application/pdf'"
                           " JOIN attachment_blobs b ON b.sha256 = c.pdf_sha256"
                           " AND sha256(b.data) = c.pdf_sha256 WHERE c.id = %lld",
                           g->pdf.len, (long long)id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM circulars c JOIN attachment_blobs b"
                           " ON b.sha256 = c.xlsx_sha256 AND length(b.data) = %zu"
                           " WHERE c.id = %lld",
                           g->xlsx.len, (long long)id),
                     1);

    /* the PDF, kept as an artifact with its first page as PNG */
    char dir[1024], path[1200], cmd[4000], out[65536];
    snprintf(dir, sizeof(dir), "%s/../../tests/artifacts/circulars", ZT_MIGRATIONS_DIR);
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
    run(cmd, out, sizeof(out));
    snprintf(path, sizeof(path), "%s/circular.pdf", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(g->pdf.data, 1, g->pdf.len, f), g->pdf.len);
    assert_int_equal(fclose(f), 0);
    snprintf(path, sizeof(path), "%s/circular.xlsx", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(g->xlsx.data, 1, g->xlsx.len, f), g->xlsx.len);
    assert_int_equal(fclose(f), 0);
    zc_reply_free(reply);

    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s/circular.pdf' -", dir);
    run(cmd, out, sizeof(out));
    if (strstr(out, title) == NULL || strstr(out, "晋驻办通〔2026〕12号") == NULL ||
        strstr(out, "小店区驻村工作办公室") == NULL || strstr(out, "走访台账记录不全") == NULL)
        fail_msg("pdftotext does not find the title, number, office or a finding:\n%s", out);
    snprintf(cmd, sizeof(cmd), "pdffonts '%s/circular.pdf'", dir);
    run(cmd, out, sizeof(out));
    /* a CJK font, embedded: "NotoSerifCJKsc-Regular ... yes" */
    int embedded = 0;
    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n"))
        embedded |= strstr(line, "CJK") != NULL && strstr(line, " yes ") != NULL;
    assert_true(embedded);
    snprintf(cmd, sizeof(cmd),
             "pdftoppm -r 72 -png -f 1 -l 1 -singlefile '%s/circular.pdf' '%s/circular'", dir, dir);
    run(cmd, out, sizeof(out));
    snprintf(path, sizeof(path), "%s/circular.png", dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 1000);

    /* CircularList: the township receives it */
    Zhucun__CircularList l = ZHUCUN__CIRCULAR_LIST__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_CIRCULAR_LIST;
    req.circular_list = &l;
    assert_int_equal(send(twp, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->circular_list->n_circulars, 1);
    assert_int_equal(reply->circular_list->circulars[0]->id, id);
    zc_reply_free(reply);
    assert_int_equal(send(county2, &req, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->circular_list->n_circulars, 0);
    zc_reply_free(reply);
}

/* A circular inserted without its files (as the assessment part and the demo insert theirs) is
 * rendered when first read with its files, stored once and audited once; read again, the same
 * files. */
static void test_circular_rendered_when_read(void **state)
{
    (void)state;
    char *v = zt_sql(&srv, "INSERT INTO circulars (kind, source_id, org_code, doc_number, title,"
                           " body, table_json, issued_on) VALUES ('assessment', 999, '" COUNTY "',"
                           " '店驻办考〔2026〕1号', '关于第三季度驻村工作队考核结果的通报',"
                           " '各乡镇、各驻村工作队：\n现将考核结果通报如下。',"
                           " '{\"columns\": [\"名次\", \"工作队\", \"得分\", \"等次\"],"
                           " \"rows\": [[1, \"测试一村工作队\", 95.5, \"优秀\"],"
                           " [2, \"测试二村工作队\"]]}', '2026-10-15') RETURNING id");
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(get(twp, id, &reply), ZHUCUN__CODE__OK);
    const Zhucun__CircularGetReply *g = reply->circular_get;
    assert_true(g->pdf.len > 1000 && memcmp(g->pdf.data, "%PDF", 4) == 0);
    assert_true(g->xlsx.len > 100 && memcmp(g->xlsx.data, "PK", 2) == 0);
    assert_int_equal(g->circular->pdf_sha256.len, 32);
    assert_int_equal(count("SELECT count(*) FROM circulars c JOIN attachment_blobs b"
                           " ON b.sha256 = c.pdf_sha256 AND length(b.data) = %zu"
                           " WHERE c.id = %lld AND c.xlsx_sha256 IS NOT NULL",
                           g->pdf.len, (long long)id),
                     1);
    size_t len = g->pdf.len;
    zc_reply_free(reply);
    assert_int_equal(get(city, id, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->circular_get->pdf.len, len);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'circular.render'"
                           " AND object = 'circular:%lld'",
                           (long long)id),
                     1);
    assert_int_equal(get(county2, id, &reply), ZHUCUN__CODE__NOT_FOUND);
    zc_reply_free(reply);
}

static unsigned long long pull(const char *kind, const char *since, char *cursor, size_t cap)
{
    return zt_export_rows(exporter, kind, "", since, cursor, cap);
}

/* Each kind exported incrementally: every row first, then only what changed. */
static void test_export_incremental(void **state)
{
    (void)state;
    static const char *const kinds[] = {"inspections", "inspection_findings"};
    char c[2][512], next[512];
    for (size_t k = 0; k < 2; k++) {
        assert_int_equal(pull(kinds[k], "", c[k], sizeof(c[k])),
                         count("SELECT count(*) FROM %s", kinds[k]));
        assert_int_equal(pull(kinds[k], c[k], next, sizeof(next)), 0);
    }
    int64_t insp = record_ok(county2, COUNTY2, VC, team_c);
    Zhucun__Reply *reply = NULL;
    if (finding(county2, insp, team_c, 0, NULL, "驻村工作队集体学习记录不全", 0, NULL, &reply) !=
        ZHUCUN__CODE__OK)
        fail_msg("FindingAdd: %s", reply->status->message);
    zc_reply_free(reply);
    for (size_t k = 0; k < 2; k++) {
        assert_int_equal(pull(kinds[k], c[k], next, sizeof(next)), 1);
        assert_int_equal(pull(kinds[k], next, c[k], sizeof(c[k])), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_findings_become_items_and_deductions),
        cmocka_unit_test(test_g1_report_equals_sql),
        cmocka_unit_test(test_discipline_indicator),
        cmocka_unit_test(test_circular),
        cmocka_unit_test(test_circular_rendered_when_read),
        cmocka_unit_test(test_export_incremental),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
