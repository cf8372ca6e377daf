/* test_ledger.c -- the ten-area ledgers and the board (SPEC L1-L2; docs/ledger.md): items by
 * hand with evidence and history, refusals with their fields, keyed writes answered once, a
 * visit's problems as items (and FollowUpList/FollowUpUpdate on them), gaps into items once,
 * the one entry point zc_ledger_item_from with each source kind that exists, the board's counts
 * against direct SQL counts at a village, a township and a county, the drill-down, both
 * tables exported incrementally, and the follow-up items of an older database found in the
 * ledger after 0075 with nothing lost (a database migrated to 0070, written through the old
 * functions, then migrated on). */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/ledger.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"
#define VC "140106001001"

static struct zt_server srv;
static struct zc_client *county, *cadre, *other_county, *exporter;
static int64_t person_a, team_a;
static char today[11], tomorrow[11], next_month[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

static long long count(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long count(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    char *v = zt_sql(&srv, sql);
    long long n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

/* reply: where the call left its reply (read after the call, whose result is got). */
static void expect_field(Zhucun__Code got, Zhucun__Code want, Zhucun__Reply **replyp,
                         const char *field)
{
    const Zhucun__Reply *reply = *replyp;
    if (got != want)
        fail_msg("code %d, expected %d: %s", got, want,
                 reply && reply->status ? reply->status->message : "");
    assert_non_null(reply->status);
    if (reply->status->n_fields < 1)
        fail_msg("%s: no field, expected %s", reply->status->message, field);
    assert_string_equal(reply->status->fields[0]->field, field);
}

/* A valid ID number of someone born on 1955-05-05 with serial (1-999). */
static const char *id_number(int serial, char id[19])
{
    snprintf(id, 19, "14010519550505%03d", serial);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    return id;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "ledger", NULL);
    rules_date_format(zt_today(), today);
    rules_date_format(zt_today() + 1, tomorrow);
    rules_date_format(zt_today() + 30, next_month);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    team_a = zt_team(county, "village", VA, "测试一村工作队");
    cadre = zt_cadre(&srv, county, team_a, "cadre-a", VA, "cadre", "member", 0, PW, &person_a);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(cadre);
    zc_close(other_county);
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

struct item {
    const char *village, *area, *list, *topic, *text, *deadline;
    int64_t household, responsible;
    int urgent;
    const ProtobufCBinaryData *evidence;
    size_t n_evidence;
};

static Zhucun__Code create_as(struct zc_client *c, const struct item *it, const char *key,
                              Zhucun__Reply **out)
{
    Zhucun__LedgerItemCreate lc = ZHUCUN__LEDGER_ITEM_CREATE__INIT;
    lc.village_code = (char *)(it->village ? it->village : VA);
    lc.household_id = it->household;
    lc.area = (char *)(it->area ? it->area : "industry");
    lc.list = (char *)(it->list ? it->list : "task");
    lc.topic = (char *)(it->topic ? it->topic : "");
    lc.text = (char *)(it->text ? it->text : "建设村集体光伏电站");
    lc.responsible_id = it->responsible ? it->responsible : person_a;
    lc.deadline = (char *)(it->deadline ? it->deadline : next_month);
    lc.urgent = it->urgent;
    lc.evidence = (ProtobufCBinaryData *)it->evidence;
    lc.n_evidence = it->n_evidence;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_LEDGER_ITEM_CREATE;
    req.ledger_item_create = &lc;
    return zt_call(c, &req, out);
}

static int64_t create(const struct item *it)
{
    Zhucun__Reply *reply = NULL;
    if (create_as(cadre, it, NULL, &reply) != ZHUCUN__CODE__OK)
        fail_msg("create: %s", reply->status->message);
    int64_t id = reply->ledger_item_create->id;
    zc_reply_free(reply);
    assert_true(id > 0);
    return id;
}

static Zhucun__Code update_as(struct zc_client *c, int64_t id, const char *status, const char *note,
                              const ProtobufCBinaryData *ev, size_t nev, const char *key,
                              Zhucun__Reply **out)
{
    Zhucun__LedgerItemUpdate lu = ZHUCUN__LEDGER_ITEM_UPDATE__INIT;
    lu.id = id;
    lu.status = (char *)status;
    lu.note = (char *)note;
    lu.evidence = (ProtobufCBinaryData *)ev;
    lu.n_evidence = nev;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE;
    req.ledger_item_update = &lu;
    return zt_call(c, &req, out);
}

static Zhucun__Reply *show(struct zc_client *c, int64_t id, Zhucun__Code want)
{
    Zhucun__LedgerItemShow ls = ZHUCUN__LEDGER_ITEM_SHOW__INIT;
    ls.id = id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEDGER_ITEM_SHOW;
    req.ledger_item_show = &ls;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), want);
    return reply;
}

/* A stored file, as uploaded by every account (docs/attachments.md). */
static void stored_file(uint8_t fill, ProtobufCBinaryData *ev, uint8_t *buf)
{
    memset(buf, fill, LEDGER_SHA256_LEN);
    ev->data = buf;
    ev->len = LEDGER_SHA256_LEN;
    zt_attach_evidence(&srv, NULL, buf);
}

/* An item by hand with evidence, moved on with notes and more evidence, shown with its
 * history; each write audited once; closing needs a note, a done item stays done. */
static void test_item_lifecycle(void **state)
{
    (void)state;
    uint8_t b1[32], b2[32];
    ProtobufCBinaryData e1, e2;
    stored_file(0xa1, &e1, b1);
    stored_file(0xa2, &e2, b2);
    struct item it = {.area = "living",
                      .topic = "toilets",
                      .text = "改造户厕 30 户",
                      .evidence = &e1,
                      .n_evidence = 1};
    long long audits = count("SELECT count(*) FROM audit WHERE action = 'ledger.create'");
    Zhucun__Reply *reply = NULL;
    assert_int_equal(create_as(cadre, &it, "ledger-create-1", &reply), ZHUCUN__CODE__OK);
    int64_t id = reply->ledger_item_create->id;
    zc_reply_free(reply);
    /* the same key again: the first answer, nothing written twice */
    assert_int_equal(create_as(cadre, &it, "ledger-create-1", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->ledger_item_create->id, id);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'ledger.create'"),
                     audits + 1);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'ledger_item'"
                           " AND record_id = %lld",
                           (long long)id),
                     1);

    assert_int_equal(
        update_as(cadre, id, "in_progress", "已完成 12 户", &e2, 1, "ledger-up-1", &reply),
        ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(
        update_as(cadre, id, "in_progress", "已完成 12 户", &e2, 1, "ledger-up-1", &reply),
        ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(update_as(cadre, id, "", "又完成 10 户", NULL, 0, NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    expect_field(update_as(cadre, id, "done", "", NULL, 0, NULL, &reply),
                 ZHUCUN__CODE__INVALID_ARGUMENT, &reply, "note");
    zc_reply_free(reply);
    assert_int_equal(update_as(cadre, id, "done", "30 户全部验收", NULL, 0, NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    expect_field(update_as(cadre, id, "in_progress", "重开", NULL, 0, NULL, &reply),
                 ZHUCUN__CODE__FAILED_PRECONDITION, &reply, "status");
    zc_reply_free(reply);

    reply = show(county, id, ZHUCUN__CODE__OK);
    const Zhucun__LedgerItemShowReply *s = reply->ledger_item_show;
    assert_string_equal(s->item->area, "living");
    assert_string_equal(s->item->topic, "toilets");
    assert_string_equal(s->item->status, "done");
    assert_string_equal(s->item->source_kind, "hand");
    assert_false(s->item->overdue);
    assert_true(s->item->done_at[0] != '\0');
    assert_string_equal(s->item->last_note, "30 户全部验收");
    assert_int_equal(s->n_history, 3);
    assert_string_equal(s->history[0]->status, "in_progress");
    assert_string_equal(s->history[0]->note, "已完成 12 户");
    assert_string_equal(s->history[1]->status, "in_progress");
    assert_string_equal(s->history[1]->note, "又完成 10 户");
    assert_string_equal(s->history[2]->status, "done");
    assert_int_equal(s->n_evidence, 2);
    assert_memory_equal(s->evidence[0].data, b1, 32);
    zc_reply_free(reply);
    /* the other county sees nothing of it */
    zc_reply_free(show(other_county, id, ZHUCUN__CODE__NOT_FOUND));
    assert_int_equal(count("SELECT count(*) FROM audit WHERE object = 'ledger_item:%lld'"
                           " AND action LIKE 'ledger.%%'",
                           (long long)id),
                     4);
}

/* Each check refuses with its field; what needs rows is refused by the database. */
static void test_refusals(void **state)
{
    (void)state;
    static const struct {
        struct item it;
        Zhucun__Code code;
        const char *field;
    } cases[] = {
        {{.village = "1401050010"}, ZHUCUN__CODE__INVALID_ARGUMENT, "village_code"},
        {{.area = "roads"}, ZHUCUN__CODE__INVALID_ARGUMENT, "area"},
        {{.list = "wish"}, ZHUCUN__CODE__INVALID_ARGUMENT, "list"},
        {{.area = "industry", .topic = "toilets"}, ZHUCUN__CODE__INVALID_ARGUMENT, "topic"},
        {{.text = ""}, ZHUCUN__CODE__INVALID_ARGUMENT, "text"},
        {{.deadline = "2020-01-01"}, ZHUCUN__CODE__INVALID_ARGUMENT, "deadline"},
        {{.deadline = "明天"}, ZHUCUN__CODE__INVALID_ARGUMENT, "deadline"},
        {{.village = VC}, ZHUCUN__CODE__NOT_FOUND, "village_code"},
        {{.responsible = 999999}, ZHUCUN__CODE__NOT_FOUND, "responsible_id"},
        {{.household = 999999}, ZHUCUN__CODE__NOT_FOUND, "household_id"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Zhucun__Reply *reply = NULL;
        expect_field(create_as(cadre, &cases[i].it, NULL, &reply), cases[i].code, &reply,
                     cases[i].field);
        zc_reply_free(reply);
    }
    /* evidence not uploaded, or not a SHA-256 */
    uint8_t missing[32], shortb[5] = {1, 2, 3, 4, 5};
    memset(missing, 0x5c, sizeof(missing));
    ProtobufCBinaryData ev = {32, missing}, bad = {5, shortb};
    struct item with = {.evidence = &ev, .n_evidence = 1};
    Zhucun__Reply *reply = NULL;
    expect_field(create_as(cadre, &with, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT, &reply,
                 "evidence");
    zc_reply_free(reply);
    with.evidence = &bad;
    expect_field(create_as(cadre, &with, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT, &reply,
                 "evidence");
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE text = '建设村集体光伏电站'"
                           " AND area = 'industry' AND created_by IS NOT NULL"
                           " AND village_code = '" VC "'"),
                     0);
    /* an update of nothing, a bad status */
    int64_t id = create(&(struct item){.text = "空更新测试"});
    expect_field(update_as(cadre, id, "", "", NULL, 0, NULL, &reply),
                 ZHUCUN__CODE__INVALID_ARGUMENT, &reply, "note");
    zc_reply_free(reply);
    expect_field(update_as(cadre, id, "resolved", "x", NULL, 0, NULL, &reply),
                 ZHUCUN__CODE__INVALID_ARGUMENT, &reply, "status");
    zc_reply_free(reply);
    expect_field(update_as(other_county, id, "in_progress", "x", NULL, 0, NULL, &reply),
                 ZHUCUN__CODE__NOT_FOUND, &reply, "id");
    zc_reply_free(reply);
}

static Zhucun__Code visit(const char *area, const char *text, int64_t *item)
{
    Zhucun__Problem p = ZHUCUN__PROBLEM__INIT, *pp = &p;
    p.text = (char *)text;
    p.responsible_id = person_a;
    p.deadline = next_month;
    p.area = (char *)area;
    p.urgent = 1;
    Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
    vc.village_code = VA;
    int64_t cadres[1] = {person_a};
    vc.cadre_ids = cadres;
    vc.n_cadre_ids = 1;
    vc.visit_date = today;
    vc.mode = "in_person";
    vc.problems = &pp;
    vc.n_problems = 1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_VISIT_CREATE;
    req.visit_create = &vc;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(cadre, &req, &reply);
    if (code == ZHUCUN__CODE__OK) {
        assert_int_equal(reply->visit_create->n_item_ids, 1);
        *item = reply->visit_create->item_ids[0];
    }
    zc_reply_free(reply);
    return code;
}

/* A visit's problem is a ledger item of the area chosen (default: monitoring), its source the
 * visit; FollowUpList lists it and FollowUpUpdate's resolved is the ledger's done. */
static void test_visit_problem_is_item(void **state)
{
    (void)state;
    int64_t a = 0, b = 0;
    if (visit("living", "垃圾清运不及时", &a) != ZHUCUN__CODE__OK)
        fail_msg("visit refused");
    assert_int_equal(visit("", "孩子上学路远", &b), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE id = %lld AND area = 'living'"
                           " AND list = 'task' AND source_kind = 'visit'"
                           " AND source_id = visit_id AND urgent",
                           (long long)a),
                     1);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE id = %lld"
                           " AND area = 'monitoring'",
                           (long long)b),
                     1);
    int64_t bad;
    assert_int_equal(visit("roads", "x", &bad), ZHUCUN__CODE__INVALID_ARGUMENT);
    /* FollowUpList and FollowUpUpdate on the ledger */
    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.id = a;
    fu.status = "resolved";
    fu.note = "已协调清运车辆";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE;
    req.follow_up_update = &fu;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE id = %lld AND status = 'done'",
                           (long long)a),
                     1);
    Zhucun__FollowUpList fl = ZHUCUN__FOLLOW_UP_LIST__INIT;
    fl.org_code = VA;
    fl.status = "all";
    req.body_case = ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST;
    req.follow_up_list = &fl;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    int found = 0;
    for (size_t i = 0; i < reply->follow_up_list->n_items; i++) {
        const Zhucun__FollowUpItem *it = reply->follow_up_list->items[i];
        if (it->id == a) {
            found++;
            assert_string_equal(it->status, "resolved");
            assert_string_equal(it->last_note, "已协调清运车辆");
        }
        if (it->id == b)
            found++;
    }
    assert_int_equal(found, 2);
    zc_reply_free(reply);
}

/* Gaps into items of 三保障和饮水安全, each gap once; the batch for a village likewise. */
static void test_gaps_once(void **state)
{
    (void)state;
    char idn[19];
    int64_t hh = zt_household(county, VA, "poverty_alleviated", "2024-01-01", "演示户乙",
                              id_number(22, idn));
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO guarantee_entries (village_code, household_id, kind, on_date, status)"
             " VALUES ('" VA "', %lld, 'water', '%s', 'source_short'),"
             " ('" VA "', NULL, 'water', '%s', 'broken_pipes') RETURNING 1",
             (long long)hh, today, today);
    free(zt_sql(&srv, sql));
    long long gaps = count("SELECT count(*) FROM zc_household_gaps(%lld)", (long long)hh);
    assert_int_equal(gaps, 2);
    Zhucun__LedgerFromGaps lg = ZHUCUN__LEDGER_FROM_GAPS__INIT;
    lg.household_id = hh;
    lg.village_code = "";
    lg.responsible_id = person_a;
    lg.deadline = next_month;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEDGER_FROM_GAPS;
    req.ledger_from_gaps = &lg;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->ledger_from_gaps->n_ids, 2);
    zc_reply_free(reply);
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->ledger_from_gaps->n_ids, 0);
    zc_reply_free(reply);
    /* the village batch: the village's own water item is there already, the household's too */
    lg.household_id = 0;
    lg.village_code = VA;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    long long more = (long long)reply->ledger_from_gaps->n_ids;
    zc_reply_free(reply);
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->ledger_from_gaps->n_ids, 0);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE source_kind = 'gap'"),
                     2 + more);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE source_kind = 'gap'"
                           " AND area <> 'guarantees'"),
                     0);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE source_kind = 'gap'"
                           " AND household_id IS NULL AND text LIKE '本村%%'"),
                     1);
    lg.village_code = VC;
    expect_field(zt_call(cadre, &req, &reply), ZHUCUN__CODE__NOT_FOUND, &reply, "village_code");
    zc_reply_free(reply);
}

/* The one entry point for later sources, with each kind that exists: by hand (no record), a
 * visit (the record in the village), a gap; an unknown kind and a record elsewhere refused. */
static void test_entry_point(void **state)
{
    (void)state;
    char sql[1024];
    long long vid = count("SELECT max(id) FROM visits WHERE village_code = '" VA "'");
    assert_true(vid > 0);
    snprintf(sql, sizeof(sql),
             "SELECT zc_ledger_item_from(NULL, 'test', '', 'visit', %lld, '" VA "', 'policy',"
             " 'measure', '落实低保政策', %lld, '%s')",
             vid, (long long)person_a, next_month);
    assert_true(count("%s", sql) > 0);
    snprintf(sql, sizeof(sql),
             "SELECT zc_ledger_item_from(NULL, 'test', '', 'hand', NULL, '" VB "', 'assets',"
             " 'responsibility', '光伏电站资产确权', %lld, '%s')",
             (long long)person_a, next_month);
    assert_true(count("%s", sql) > 0);
    PGconn *pg = zt_pg_admin(&srv);
    static const char *const refused[][2] = {
        {"'no_such_kind', 1, '" VA "'", "ZC003"},
        {"'visit', 999999, '" VA "'", "ZC005"},
        {"'visit', NULL, '" VA "'", "ZC003"},
        {"'hand', 5, '" VA "'", "ZC003"},
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        snprintf(sql, sizeof(sql),
                 "SELECT zc_ledger_item_from(NULL, 'test', '', %s, 'policy', 'task', 'x', %lld,"
                 " '%s')",
                 refused[i][0], (long long)person_a, next_month);
        PGresult *res = PQexec(pg, sql);
        assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
        assert_string_equal(PQresultErrorField(res, PG_DIAG_SQLSTATE), refused[i][1]);
        PQclear(res);
    }
    PQfinish(pg);
}

static Zhucun__Reply *board(struct zc_client *c, const char *org, Zhucun__Code want)
{
    Zhucun__LedgerBoard lb = ZHUCUN__LEDGER_BOARD__INIT;
    lb.org_code = (char *)org;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEDGER_BOARD;
    req.ledger_board = &lb;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), want);
    return reply;
}

static size_t list_count(struct zc_client *c, const char *org, const char *area, const char *status)
{
    Zhucun__LedgerList ll = ZHUCUN__LEDGER_LIST__INIT;
    ll.org_code = (char *)org;
    ll.area = (char *)area;
    ll.status = (char *)status;
    ll.limit = 2000;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEDGER_LIST;
    req.ledger_list = &ll;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    size_t n = reply->ledger_list->n_items;
    /* overdue first */
    for (size_t i = 1; i < n; i++)
        assert_true(reply->ledger_list->items[i - 1]->overdue >=
                    reply->ledger_list->items[i]->overdue);
    zc_reply_free(reply);
    return n;
}

/* The board's counts equal direct SQL counts at a village, a township and a county, in every
 * area and status; the drill-down lists as many items as a cell counts. */
static void test_board_equals_sql(void **state)
{
    (void)state;
    /* items past their deadline (written through the entry point: a call refuses a past
     * deadline), in every area, list and status, in two villages and another county */
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "SELECT count(zc_ledger_item_from(NULL, 'test', '', 'hand', NULL, v, a.code,"
             " (ARRAY['responsibility','task','measure'])[1 + a.ord %% 3], '示例事项 ' || a.code,"
             " %lld, zc_today() + d)) FROM ledger_areas a,"
             " unnest(ARRAY['" VA "', '" VB "', '" VC "']) v, unnest(ARRAY[-10, -1, 0, 5]) d",
             (long long)person_a);
    assert_int_equal(count("%s", sql), 120);
    free(zt_sql(&srv, "WITH x AS (SELECT id, row_number() OVER (ORDER BY id) n FROM ledger_items"
                      " WHERE text LIKE '示例事项%') UPDATE ledger_items i SET status ="
                      " (ARRAY['open','in_progress','done'])[1 + x.n % 3],"
                      " done_at = CASE WHEN x.n % 3 = 2 THEN zc_now() END FROM x WHERE x.id = i.id"
                      " RETURNING 1"));
    static const char *const orgs[] = {VA, "140105001000", "140105000000"};
    static const char *const cols[] = {"overdue", "open", "in_progress", "done"};
    static const char *const where[] = {
        "status <> 'done' AND deadline < zc_today()",
        "status = 'open' AND deadline >= zc_today()",
        "status = 'in_progress' AND deadline >= zc_today()",
        "status = 'done'",
    };
    for (size_t o = 0; o < 3; o++) {
        Zhucun__Reply *reply = board(county, orgs[o], ZHUCUN__CODE__OK);
        const Zhucun__LedgerBoardReply *b = reply->ledger_board;
        assert_int_equal(b->n_rows, ledger_n_areas);
        assert_string_equal(b->org_code, orgs[o]);
        assert_string_equal(b->as_of, today);
        int prefix = o == 0 ? 12 : o == 1 ? 9 : 6;
        uint64_t total = 0;
        for (size_t i = 0; i < b->n_rows; i++) {
            const Zhucun__LedgerBoardRow *r = b->rows[i];
            assert_string_equal(r->area, ledger_areas[i].code);
            assert_string_equal(r->label, ledger_areas[i].label);
            const uint64_t got[4] = {r->overdue, r->open, r->in_progress, r->done};
            for (int c = 0; c < 4; c++) {
                long long want = count("SELECT count(*) FROM ledger_items WHERE area = '%s'"
                                       " AND left(village_code, %d) = left('%s', %d) AND %s",
                                       r->area, prefix, orgs[o], prefix, where[c]);
                if ((long long)got[c] != want)
                    fail_msg("%s %s %s: board %llu, SQL %lld", orgs[o], r->area, cols[c],
                             (unsigned long long)got[c], want);
                total += got[c];
            }
            if (o == 2)
                assert_int_equal(list_count(county, orgs[o], r->area, "overdue"), r->overdue);
        }
        assert_int_equal(total, count("SELECT count(*) FROM ledger_items"
                                      " WHERE left(village_code, %d) = left('%s', %d)",
                                      prefix, orgs[o], prefix));
        assert_true(b->total->overdue > 0);
        zc_reply_free(reply);
    }
    /* the cadre's default board is the village's; another county's board is not theirs */
    Zhucun__Reply *reply = board(cadre, "", ZHUCUN__CODE__OK);
    assert_string_equal(reply->ledger_board->org_code, VA);
    zc_reply_free(reply);
    zc_reply_free(board(county, "140106000000", ZHUCUN__CODE__NOT_FOUND));
    zc_reply_free(board(county, "14010", ZHUCUN__CODE__INVALID_ARGUMENT));
}

/* M9: a village owes a done living-environment item a month (M9-environment); an item of
 * another area, or one not done, does not meet it; one of a topic of 人居环境 done does. */
static void test_m9_rule_met_by_done_items(void **state)
{
    (void)state;
    char sql[512];
    char *v = zt_sql(&srv, "SELECT count(*) FROM duty_rules WHERE code IN ('M9-environment',"
                           " 'M9-assets')");
    assert_string_equal(v, "2");
    free(v);
    static const char va_sql[] = "SELECT s.done || '/' || s.met::text FROM duty_rules r,"
                                 " zc_duty_subject_rows(r.id, '" VA "', zc_today(), zc_today()) s"
                                 " WHERE r.code = '%s' AND s.subject_key = '" VA "'";
    snprintf(sql, sizeof(sql), va_sql, "M9-assets");
    char *before = zt_sql(&srv, sql);
    assert_string_equal(before, "0/false");
    free(before);
    /* an asset check not done, and a done item of another topic, do not count */
    int64_t check =
        create(&(struct item){.area = "party", .topic = "asset_check", .text = "清查村集体资产"});
    int64_t plaque =
        create(&(struct item){.area = "party", .topic = "member_plaque", .text = "党员户挂牌"});
    Zhucun__Reply *reply = NULL;
    assert_int_equal(update_as(cadre, plaque, "done", "已挂牌 21 户", NULL, 0, NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    v = zt_sql(&srv, sql);
    assert_string_equal(v, "0/false");
    free(v);
    assert_int_equal(
        update_as(cadre, check, "done", "清查完毕，收回资产两处", NULL, 0, NULL, &reply),
        ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    v = zt_sql(&srv, sql);
    assert_string_equal(v, "1/true");
    free(v);
    /* the environment rule counts every 人居环境 topic done this month (test_item_lifecycle's
     * toilets item) */
    snprintf(sql, sizeof(sql), va_sql, "M9-environment");
    v = zt_sql(&srv, sql);
    assert_string_equal(v, "1/true");
    free(v);
}

/* Items and their history exported incrementally: a first pull is every row, the next only
 * what changed since (a new item, an updated one as its new version, a new history row). */
static void test_export_incremental(void **state)
{
    (void)state;
    char c1[512], c2[512], c3[512], c4[512];
    assert_int_equal(zt_export_rows(exporter, "ledger_items", "", "", c1, sizeof(c1)),
                     count("SELECT count(*) FROM ledger_items"));
    assert_int_equal(zt_export_rows(exporter, "ledger_updates", "", "", c2, sizeof(c2)),
                     count("SELECT count(*) FROM ledger_updates"));
    assert_int_equal(zt_export_rows(exporter, "ledger_items", "", c1, c3, sizeof(c3)), 0);
    int64_t id = create(&(struct item){.text = "导出测试"});
    int64_t old = count("SELECT min(id) FROM ledger_items WHERE status = 'open'");
    Zhucun__Reply *reply = NULL;
    assert_int_equal(update_as(cadre, old, "in_progress", "导出测试进展", NULL, 0, NULL, &reply),
                     ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    (void)id;
    assert_int_equal(zt_export_rows(exporter, "ledger_items", "", c1, c3, sizeof(c3)), 2);
    assert_int_equal(zt_export_rows(exporter, "ledger_items", "", c3, c4, sizeof(c4)), 0);
    assert_int_equal(zt_export_rows(exporter, "ledger_updates", "", c2, c4, sizeof(c4)), 1);
}

/* ---- the migration: follow-up items of a database at 0070 found in the ledger after ---- */

static const char *const FOLLOW_UPS_BEFORE =
    "SELECT coalesce(string_agg(concat_ws('|', id, village_code, household_id, visit_id,"
    " visit_date, text, responsible_id, deadline, urgent, status, created_at, resolved_at),"
    " E'\\n' ORDER BY id), '') FROM follow_up_items";
static const char *const UPDATES_BEFORE =
    "SELECT coalesce(string_agg(concat_ws('|', item_id, at, by_user, status, note), E'\\n'"
    " ORDER BY item_id, at, note), '') FROM follow_up_updates";
/* The same, read from the ledger's own tables: resolved is done, resolved_at done_at. */
static const char *const FOLLOW_UPS_AFTER =
    "SELECT coalesce(string_agg(concat_ws('|', id, village_code, household_id, visit_id,"
    " visit_date, text, responsible_id, deadline, urgent,"
    " CASE status WHEN 'done' THEN 'resolved' ELSE status END, created_at, done_at),"
    " E'\\n' ORDER BY id), '') FROM ledger_items WHERE source_kind = 'visit'"
    " AND source_id = visit_id AND area = 'monitoring' AND list = 'task'";
static const char *const UPDATES_AFTER =
    "SELECT coalesce(string_agg(concat_ws('|', u.item_id, u.at, u.by_user,"
    " CASE u.status WHEN 'done' THEN 'resolved' ELSE u.status END, u.note), E'\\n'"
    " ORDER BY u.item_id, u.at, u.note), '') FROM ledger_updates u JOIN ledger_items i"
    " ON i.id = u.item_id AND i.village_code = u.village_code";

static void test_follow_ups_migrated(void **state)
{
    (void)state;
    struct zt_server old;
    char dir[600];
    zt_migrations_upto(70, dir, sizeof(dir));
    zt_server_prepare(&old, "ledgermig", NULL, dir);
    /* the rows a visit needs, then visits with problems and updates through the functions
     * the server of 0070 called (zc_visit_create, zc_follow_up_update_keyed) */
    free(zt_sql(&old, "INSERT INTO org_units (code, name, level, parent_code) VALUES"
                      " ('140100000000', '太原市', 2, '140000000000'),"
                      " ('140105000000', '小店区', 3, '140100000000'),"
                      " ('140105001000', '坞城街道', 4, '140105000000'),"
                      " ('" VA "', '测试一村', 5, '140105001000');"
                      " INSERT INTO persons (id, name, org_code) VALUES (9001, '旧队员', '" VA "'),"
                      " (9002, '旧村干部', '" VA "');"
                      " INSERT INTO teams (id, kind, org_code, name, established) VALUES"
                      " (9001, 'village', '" VA "', '旧工作队', '2024-01-01');"
                      " INSERT INTO memberships (team_id, person_id, post, start_date) VALUES"
                      " (9001, 9001, 'member', '2024-01-01');"
                      " INSERT INTO households (id, village_code, head_name, since) VALUES"
                      " (9001, '" VA "', '旧农户', '2024-01-01');"
                      " SELECT 1"));
    const char *visits[] = {
        "SELECT zc_visit_create(NULL, '', 9001, NULL, '{14%}', '2026-10-10', 'in_person',"
        " '{9001}', '入户', '{屋顶漏雨,孩子辍学}', '{9001,9002}', '{2026-10-20,2026-11-01}',"
        " '{true,false}', 'old', '')",
        "SELECT zc_visit_create(NULL, '', NULL, '" VA "', '{14%}', '2026-10-12', 'in_person',"
        " '{9001}', '到村', '{道路坑洼}', '{9001}', '{2026-12-01}', '{false}', 'old', '')",
        "SELECT zc_follow_up_update_keyed((SELECT min(id) FROM follow_up_items), '{14%}',"
        " 'in_progress', '已联系施工队', NULL, 'old', '', '')",
        "SELECT zc_follow_up_update_keyed((SELECT min(id) FROM follow_up_items), '{14%}',"
        " 'resolved', '屋顶修好', NULL, 'old', '', '')",
        "SELECT zc_follow_up_update_keyed((SELECT max(id) FROM follow_up_items), '{14%}',"
        " 'in_progress', '', NULL, 'old', '', '')",
    };
    for (size_t i = 0; i < sizeof(visits) / sizeof(visits[0]); i++)
        free(zt_sql(&old, visits[i]));
    char *items_before = zt_sql(&old, FOLLOW_UPS_BEFORE);
    char *updates_before = zt_sql(&old, UPDATES_BEFORE);
    char *n = zt_sql(&old, "SELECT count(*) || '/' || (SELECT count(*) FROM follow_up_updates)"
                           " FROM follow_up_items");
    assert_string_equal(n, "3/3");
    free(n);

    char cmd[1400], out[4096];
    snprintf(cmd, sizeof(cmd), "%s migrate --config %s --migrations %s 2>&1", ZT_SERVER_BIN,
             old.config, ZT_MIGRATIONS_DIR);
    if (zt_run(cmd, NULL, out, sizeof(out)) != 0)
        fail_msg("migrate on: %s", out);
    char *items_after = zt_sql(&old, FOLLOW_UPS_AFTER);
    char *updates_after = zt_sql(&old, UPDATES_AFTER);
    assert_string_equal(items_after, items_before);
    assert_string_equal(updates_after, updates_before);
    /* the old shape, as the views give it, is the same rows */
    char *view_items = zt_sql(&old, FOLLOW_UPS_BEFORE);
    assert_string_equal(view_items, items_before);
    free(view_items);
    free(items_before);
    free(updates_before);
    free(items_after);
    free(updates_after);
    /* a new item continues the ids; a done one is done */
    n = zt_sql(&old, "SELECT (SELECT count(*) FROM ledger_items WHERE status = 'done')"
                     " || '/' || (SELECT count(*) FROM ledger_updates WHERE id IS NOT NULL)");
    assert_string_equal(n, "1/3");
    free(n);
    /* the server reads the migrated history */
    zt_server_restart(&old);
    assert_int_equal(zt_useradd(&old, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    struct zc_client *c = zt_login(&old, "xiaodian", PW, NULL);
    char *first = zt_sql(&old, "SELECT min(id) FROM ledger_items");
    Zhucun__Reply *reply = show(c, strtoll(first, NULL, 10), ZHUCUN__CODE__OK);
    free(first);
    assert_int_equal(reply->ledger_item_show->n_history, 2);
    assert_string_equal(reply->ledger_item_show->history[1]->note, "屋顶修好");
    assert_string_equal(reply->ledger_item_show->item->status, "done");
    assert_int_equal(reply->ledger_item_show->item->visit_id,
                     reply->ledger_item_show->item->source_id);
    zc_reply_free(reply);
    zc_close(c);
    zt_server_finish(&old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_item_lifecycle),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_visit_problem_is_item),
        cmocka_unit_test(test_gaps_once),
        cmocka_unit_test(test_entry_point),
        cmocka_unit_test(test_board_equals_sql),
        cmocka_unit_test(test_export_incremental),
        cmocka_unit_test(test_m9_rule_met_by_done_items),
        cmocka_unit_test(test_follow_ups_migrated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
