/* test_tasks.c -- tasks sent down to the teams (任务督办, SPEC D2; issue 23; docs/tasks.md): an
 * office's task fans out to one instance per serving team of its scope (and to no team outside
 * it, none without a cadre serving); each refusal with its field; keyed and audited; the
 * teams' reports with evidence, a done instance staying done; the board by child unit and by
 * team, overdue first, whose rows add up to the task's instances counted directly in SQL; an
 * instance made a ledger item, the two states moved from either side; the lists and the show
 * of the office and the team; the three kinds exported incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"

#define PW       "correct horse battery"
#define COUNTY_A "140105000000"
#define TOWN_A1  "140105001000"
#define TOWN_A2  "140105002000"
#define VA1      "140105001001"
#define VA2      "140105001002"
#define VA3      "140105002001"
#define VA4      "140105002002"
#define COUNTY_B "140106000000"
#define VB       "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *county_a, *county_b, *cap_a1, *mem_a1, *cad_a2, *cad_b, *exporter;
static int64_t team_a1, team_a2, team_a3, team_b, p_cap_a1, p_mem_a1, p_a2, p_a3, p_b;
static char due[11], yesterday[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,督办一村,village\n"
                          "140105001002,督办二村,village\n140105002000,营盘街道,township\n"
                          "140105002001,督办三村,village\n140105002002,督办四村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,督办五村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

/* Sets instance inst's deadline back days before today. */
static void set_back(int64_t inst, int days)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "UPDATE task_instances SET due_on = zc_today() - %d WHERE id = %lld",
             days, (long long)inst);
    free(zt_sql(&srv, sql));
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "tasks", NULL);
    rules_date_format(zt_today() + 10, due);
    rules_date_format(zt_today() - 1, yesterday);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    int64_t u_a = zt_unit(prov, "小店区督办测试局", "county", COUNTY_A);
    int64_t u_b = zt_unit(prov, "迎泽区督办测试局", "county", COUNTY_B);
    team_a1 = zt_team(county_a, "village", VA1, "督办一村工作队");
    team_a2 = zt_team(county_a, "village", VA2, "督办二村工作队");
    team_a3 = zt_team(county_a, "village", VA3, "督办三村工作队");
    zt_team(county_a, "village", VA4, "督办四村工作队"); /* no cadre serves: receives nothing */
    team_b = zt_team(county_b, "village", VB, "督办五村工作队");
    cap_a1 = zt_cadre(&srv, county_a, team_a1, "cap-a1", VA1, "team_captain", "captain", u_a, PW,
                      &p_cap_a1);
    mem_a1 =
        zt_cadre(&srv, county_a, team_a1, "mem-a1", VA1, "cadre", "member", u_a, PW, &p_mem_a1);
    cad_a2 = zt_cadre(&srv, county_a, team_a2, "cad-a2", VA2, "cadre", "member", u_a, PW, &p_a2);
    zc_close(zt_cadre(&srv, county_a, team_a3, "cad-a3", VA3, "cadre", "member", u_a, PW, &p_a3));
    cad_b = zt_cadre(&srv, county_b, team_b, "cad-b", VB, "cadre", "member", u_b, PW, &p_b);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov, county_a, county_b, cap_a1, mem_a1, cad_a2, cad_b, exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

static Zhucun__TaskSend task(const char *office, const char *scope, const char *title)
{
    Zhucun__TaskSend t = ZHUCUN__TASK_SEND__INIT;
    t.org_code = (char *)office;
    t.scope_code = (char *)scope;
    t.title = (char *)title;
    t.body = "逐户排查饮水安全，填报排查表";
    t.due_on = due;
    return t;
}

/* Sends a task and returns its id (its instances in *n). */
static int64_t sent(struct zc_client *c, Zhucun__TaskSend *t, uint32_t *n)
{
    Zhucun__Reply *r = zt_ok(c, ZHUCUN__REQUEST__BODY_TASK_SEND, t, NULL);
    int64_t id = r->task_send->id;
    if (n != NULL)
        *n = r->task_send->instances;
    zc_reply_free(r);
    return id;
}

/* The instance of task for team. */
static int64_t instance_of(int64_t task_id, int64_t team)
{
    return count("SELECT id FROM task_instances WHERE task_id = %lld AND team_id = %lld",
                 (long long)task_id, (long long)team);
}

static int64_t report(struct zc_client *c, int64_t inst, const char *status, const char *key)
{
    Zhucun__TaskReport tr = ZHUCUN__TASK_REPORT__INIT;
    tr.instance_id = inst;
    tr.status = (char *)status;
    tr.note = "已完成入户排查 30 户";
    Zhucun__Reply *r = zt_ok(c, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, key);
    int64_t id = r->task_report->id;
    zc_reply_free(r);
    return id;
}

/* One instance per team with a cadre serving today within the scope; the deadline copied;
 * keyed once; audited. */
static void test_send_fans_out(void **state)
{
    (void)state;
    long long audited = count("SELECT count(*) FROM audit WHERE action = 'task.send'");
    Zhucun__TaskSend t = task(COUNTY_A, "", "饮水安全入户排查");
    Zhucun__Reply *r1 = zt_ok(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, "task-send-1");
    Zhucun__Reply *r2 = zt_ok(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, "task-send-1");
    assert_int_equal(r1->task_send->id, r2->task_send->id);
    assert_int_equal(r1->task_send->instances, 3); /* a1, a2, a3; not the team of 四村 */
    int64_t id = r1->task_send->id;
    zc_reply_free(r1);
    zc_reply_free(r2);
    assert_int_equal(count("SELECT count(*) FROM task_instances WHERE task_id = %lld"
                           " AND due_on = '%s' AND status = 'open' AND office_code = '" COUNTY_A
                           "'",
                           (long long)id, due),
                     3);
    assert_int_equal(count("SELECT count(*) FROM task_instances WHERE task_id = %lld"
                           " AND team_id IN (%lld, %lld, %lld)",
                           (long long)id, (long long)team_a1, (long long)team_a2,
                           (long long)team_a3),
                     3);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'task.send'"), audited + 1);
    /* a part of the area: one township's teams */
    uint32_t n;
    Zhucun__TaskSend part = task(COUNTY_A, TOWN_A1, "坞城街道危房排查");
    sent(county_a, &part, &n);
    assert_int_equal(n, 2);
    /* the province to the whole province: every serving team, both counties */
    Zhucun__TaskSend all = task("140000000000", "", "全省防汛安全检查");
    sent(prov, &all, &n);
    assert_int_equal(n, 4);
}

static void test_send_refusals(void **state)
{
    (void)state;
    long long before = count("SELECT count(*) FROM tasks");
    Zhucun__TaskSend t = task(COUNTY_B, "", "越权下达");
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__NOT_FOUND, "org_code");
    t = task(COUNTY_A, VB, "范围不在本县");
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__NOT_FOUND,
               "scope_code");
    t = task(COUNTY_A, VA4, "无在岗工作队");
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__FAILED_PRECONDITION,
               "scope_code");
    t = task(VA1, "", "村不能下达");
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__INVALID_ARGUMENT,
               "org_code");
    t = task(COUNTY_A, "", "");
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__INVALID_ARGUMENT,
               "title");
    t = task(COUNTY_A, "", "期限已过");
    t.due_on = yesterday;
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__INVALID_ARGUMENT,
               "due_on");
    char far[11];
    rules_date_format(zt_today() + 367, far);
    t.due_on = far;
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__INVALID_ARGUMENT,
               "due_on");
    t = task(COUNTY_A, "", "队员不能下达");
    zt_refused(mem_a1, ZHUCUN__REQUEST__BODY_TASK_SEND, &t, ZHUCUN__CODE__PERMISSION_DENIED, NULL);
    assert_int_equal(count("SELECT count(*) FROM tasks"), before);
}

/* The team reports progress then completion, with evidence; a done instance stays done; keyed
 * once; another team's instance is not found. */
static void test_report(void **state)
{
    (void)state;
    Zhucun__TaskSend t = task(COUNTY_A, "", "人居环境整治");
    int64_t id = sent(county_a, &t, NULL);
    int64_t inst = instance_of(id, team_a1);
    long long audited = count("SELECT count(*) FROM audit WHERE action LIKE 'task.%%'");
    uint8_t sha[32];
    memset(sha, 0x7a, sizeof(sha));
    zt_attach_evidence(&srv, "mem-a1", sha);
    ProtobufCBinaryData ev = {32, sha};
    Zhucun__TaskReport tr = ZHUCUN__TASK_REPORT__INIT;
    tr.instance_id = inst;
    tr.status = "in_progress";
    tr.note = "已清理垃圾点 3 处";
    tr.evidence = &ev;
    tr.n_evidence = 1;
    Zhucun__Reply *r1 = zt_ok(mem_a1, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, "task-report-1");
    Zhucun__Reply *r2 = zt_ok(mem_a1, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, "task-report-1");
    assert_int_equal(r1->task_report->id, r2->task_report->id);
    int64_t rid = r1->task_report->id;
    zc_reply_free(r1);
    zc_reply_free(r2);
    assert_int_equal(
        count("SELECT count(*) FROM task_reports WHERE instance_id = %lld", (long long)inst), 1);
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'task_report'"
                           " AND record_id = %lld",
                           (long long)rid),
                     1);
    assert_int_equal(
        count("SELECT count(*) FROM task_instances WHERE id = %lld AND status = 'in_progress'",
              (long long)inst),
        1);
    report(cap_a1, inst, "done", NULL);
    assert_int_equal(count("SELECT count(*) FROM task_instances WHERE id = %lld AND status = 'done'"
                           " AND done_at IS NOT NULL",
                           (long long)inst),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action LIKE 'task.%%'"), audited + 2);
    tr.evidence = NULL;
    tr.n_evidence = 0;
    zt_refused(mem_a1, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, ZHUCUN__CODE__FAILED_PRECONDITION,
               "status");
    tr.instance_id = instance_of(id, team_a2);
    zt_refused(mem_a1, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, ZHUCUN__CODE__NOT_FOUND,
               "instance_id");
    zt_refused(cad_b, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, ZHUCUN__CODE__NOT_FOUND,
               "instance_id");
    tr.status = "finished";
    zt_refused(cad_a2, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, ZHUCUN__CODE__INVALID_ARGUMENT,
               "status");
    tr.status = "done";
    tr.note = "";
    zt_refused(cad_a2, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, ZHUCUN__CODE__INVALID_ARGUMENT,
               "note");
    tr.note = "好";
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_REPORT, &tr, ZHUCUN__CODE__PERMISSION_DENIED,
               NULL);
    assert_int_equal(count("SELECT count(*) FROM task_reports WHERE instance_id = %lld",
                           (long long)instance_of(id, team_a2)),
                     0);
}

/* The board's rows (each counts) against the instances counted directly. */
static void assert_board_adds_up(struct zc_client *c, int64_t id, const char *org, size_t rows,
                                 const char *where)
{
    Zhucun__TaskBoard tb = ZHUCUN__TASK_BOARD__INIT;
    tb.task_id = id;
    tb.org_code = (char *)org;
    Zhucun__Reply *r = zt_ok(c, ZHUCUN__REQUEST__BODY_TASK_BOARD, &tb, NULL);
    const Zhucun__TaskBoardReply *b = r->task_board;
    assert_int_equal(b->n_rows, rows);
    uint32_t total = 0, done = 0, prog = 0, open = 0, late = 0, prev_late = UINT32_MAX;
    for (size_t i = 0; i < b->n_rows; i++) {
        const Zhucun__TaskCounts *k = b->rows[i]->counts;
        assert_int_equal(k->done + k->in_progress + k->not_begun + k->overdue, k->total);
        assert_true(k->overdue <= prev_late); /* overdue first */
        prev_late = k->overdue;
        total += k->total, done += k->done, prog += k->in_progress, open += k->not_begun;
        late += k->overdue;
    }
    assert_int_equal(b->counts->total, total);
    assert_int_equal(b->counts->overdue, late);
    const char *base = "SELECT count(*) FROM task_instances WHERE task_id = %lld AND %s AND %s";
    assert_int_equal(count(base, (long long)id, where, "true"), total);
    assert_int_equal(count(base, (long long)id, where, "status = 'done'"), done);
    assert_int_equal(
        count(base, (long long)id, where, "status = 'in_progress' AND due_on >= zc_today()"), prog);
    assert_int_equal(count(base, (long long)id, where, "status = 'open' AND due_on >= zc_today()"),
                     open);
    assert_int_equal(count(base, (long long)id, where, "status <> 'done' AND due_on < zc_today()"),
                     late);
    zc_reply_free(r);
}

/* Every stage at once: done, in progress, not begun, overdue (a deadline set back); the county's
 * board by township, a township's by team, the province's by city, each adding up; the sent
 * list's counts are the board's. */
static void test_board_adds_up(void **state)
{
    (void)state;
    Zhucun__TaskSend t = task(COUNTY_A, "", "秋冬季防火检查");
    int64_t id = sent(county_a, &t, NULL);
    report(mem_a1, instance_of(id, team_a1), "done", NULL);
    report(cad_a2, instance_of(id, team_a2), "in_progress", NULL);
    set_back(instance_of(id, team_a2), 1);
    assert_board_adds_up(county_a, id, "", 2, "village_code LIKE '140105%'");
    Zhucun__TaskBoard tb = ZHUCUN__TASK_BOARD__INIT;
    tb.task_id = id;
    Zhucun__Reply *r = zt_ok(county_a, ZHUCUN__REQUEST__BODY_TASK_BOARD, &tb, NULL);
    assert_string_equal(r->task_board->rows[0]->code, TOWN_A1); /* the overdue one's township */
    assert_int_equal(r->task_board->rows[0]->counts->overdue, 1);
    assert_int_equal(r->task_board->counts->done, 1);
    assert_int_equal(r->task_board->counts->not_begun, 1);
    zc_reply_free(r);
    /* the drill-down: the township's teams */
    assert_board_adds_up(county_a, id, TOWN_A1, 2, "village_code LIKE '140105001%'");
    tb.org_code = TOWN_A1;
    r = zt_ok(county_a, ZHUCUN__REQUEST__BODY_TASK_BOARD, &tb, NULL);
    assert_int_equal(r->task_board->rows[0]->team_id, team_a2);
    assert_int_equal(r->task_board->rows[1]->team_id, team_a1);
    zc_reply_free(r);
    /* the sent list: the same counts */
    Zhucun__TaskSent ts = ZHUCUN__TASK_SENT__INIT;
    r = zt_ok(county_a, ZHUCUN__REQUEST__BODY_TASK_SENT, &ts, NULL);
    int found = 0;
    for (size_t i = 0; i < r->task_sent->n_tasks; i++)
        if (r->task_sent->tasks[i]->id == id) {
            found = 1;
            assert_int_equal(r->task_sent->tasks[i]->counts->total, 3);
            assert_int_equal(r->task_sent->tasks[i]->counts->overdue, 1);
        }
    assert_true(found);
    zc_reply_free(r);
    /* the province's task by city; county B sees its own part only, not county A's task */
    Zhucun__TaskSend all = task("140000000000", "", "全省冬季安全检查");
    int64_t pid = sent(prov, &all, NULL);
    assert_board_adds_up(prov, pid, "", 1, "true");
    assert_board_adds_up(county_b, pid, "", 1, "village_code LIKE '140106%'");
    tb.task_id = id;
    tb.org_code = "";
    zt_refused(county_b, ZHUCUN__REQUEST__BODY_TASK_BOARD, &tb, ZHUCUN__CODE__NOT_FOUND, "task_id");
    tb.org_code = COUNTY_A;
    zt_refused(county_b, ZHUCUN__REQUEST__BODY_TASK_BOARD, &tb, ZHUCUN__CODE__NOT_FOUND,
               "org_code");
    tb.org_code = "1401";
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_TASK_BOARD, &tb, ZHUCUN__CODE__INVALID_ARGUMENT,
               "org_code");
}

/* An instance becomes a ledger item once; a report moves the item, a move of the item moves
 * the instance. */
static void test_ledger(void **state)
{
    (void)state;
    Zhucun__TaskSend t = task(COUNTY_A, "", "饮水工程维修");
    int64_t id = sent(county_a, &t, NULL);
    int64_t inst = instance_of(id, team_a2);
    Zhucun__TaskLedger tl = ZHUCUN__TASK_LEDGER__INIT;
    tl.instance_id = inst;
    tl.area = "guarantees";
    tl.responsible_id = p_a2;
    Zhucun__Reply *r1 = zt_ok(cad_a2, ZHUCUN__REQUEST__BODY_TASK_LEDGER, &tl, "task-ledger-1");
    Zhucun__Reply *r2 = zt_ok(cad_a2, ZHUCUN__REQUEST__BODY_TASK_LEDGER, &tl, "task-ledger-1");
    int64_t item = r1->task_ledger->id;
    assert_int_equal(item, r2->task_ledger->id);
    zc_reply_free(r1);
    zc_reply_free(r2);
    assert_int_equal(count("SELECT count(*) FROM ledger_items WHERE id = %lld AND source_kind ="
                           " 'task' AND source_id = %lld AND village_code = '" VA2
                           "' AND deadline = '%s' AND list = 'task' AND status = 'open'",
                           (long long)item, (long long)inst, due),
                     1);
    zt_refused(cad_a2, ZHUCUN__REQUEST__BODY_TASK_LEDGER, &tl, ZHUCUN__CODE__ALREADY_EXISTS,
               "instance_id");
    tl.area = "roads";
    zt_refused(cad_a2, ZHUCUN__REQUEST__BODY_TASK_LEDGER, &tl, ZHUCUN__CODE__INVALID_ARGUMENT,
               "area");
    /* a report moves the item */
    report(cad_a2, inst, "in_progress", NULL);
    assert_int_equal(
        count("SELECT count(*) FROM ledger_items WHERE id = %lld AND status = 'in_progress'",
              (long long)item),
        1);
    assert_int_equal(
        count("SELECT count(*) FROM ledger_updates WHERE item_id = %lld", (long long)item), 1);
    /* the item's move moves the instance, with a report row */
    Zhucun__LedgerItemUpdate lu = ZHUCUN__LEDGER_ITEM_UPDATE__INIT;
    lu.id = item;
    lu.status = "done";
    lu.note = "维修完毕，已通水";
    zc_reply_free(zt_ok(cad_a2, ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE, &lu, NULL));
    assert_int_equal(count("SELECT count(*) FROM task_instances WHERE id = %lld AND status = 'done'"
                           " AND done_at IS NOT NULL",
                           (long long)inst),
                     1);
    assert_int_equal(
        count("SELECT count(*) FROM task_reports WHERE instance_id = %lld", (long long)inst), 2);
    /* the two agree everywhere */
    assert_int_equal(count("SELECT count(*) FROM task_instances i JOIN ledger_items l"
                           " ON l.id = i.ledger_item_id WHERE l.status <> i.status"),
                     0);
}

/* The team's list holds its own instances, overdue first; the show has the reports; another
 * county's cadre does not find it. */
static void test_list_and_show(void **state)
{
    (void)state;
    Zhucun__TaskSend t = task(COUNTY_A, "", "防返贫监测走访");
    int64_t id = sent(county_a, &t, NULL);
    int64_t inst = instance_of(id, team_a1);
    set_back(inst, 2);
    report(mem_a1, inst, "in_progress", NULL);
    Zhucun__TaskList tl = ZHUCUN__TASK_LIST__INIT;
    tl.open_only = 1;
    Zhucun__Reply *r = zt_ok(cap_a1, ZHUCUN__REQUEST__BODY_TASK_LIST, &tl, NULL);
    const Zhucun__TaskListReply *l = r->task_list;
    assert_int_equal(l->n_instances,
                     count("SELECT count(*) FROM task_instances WHERE team_id = %lld"
                           " AND status <> 'done'",
                           (long long)team_a1));
    assert_true(l->instances[0]->overdue);
    for (size_t i = 0; i < l->n_instances; i++)
        assert_int_equal(l->instances[i]->team_id, team_a1);
    zc_reply_free(r);
    Zhucun__TaskShow ts = ZHUCUN__TASK_SHOW__INIT;
    ts.instance_id = inst;
    r = zt_ok(county_a, ZHUCUN__REQUEST__BODY_TASK_SHOW, &ts, NULL);
    assert_int_equal(r->task_show->n_reports, 1);
    assert_string_equal(r->task_show->reports[0]->status, "in_progress");
    assert_true(r->task_show->instance->overdue);
    assert_string_equal(r->task_show->scope_code, COUNTY_A);
    zc_reply_free(r);
    zt_refused(cad_b, ZHUCUN__REQUEST__BODY_TASK_SHOW, &ts, ZHUCUN__CODE__NOT_FOUND, "instance_id");
    zt_refused(county_b, ZHUCUN__REQUEST__BODY_TASK_SHOW, &ts, ZHUCUN__CODE__NOT_FOUND,
               "instance_id");
}

static void test_export(void **state)
{
    (void)state;
    char cursor[256];
    const char *kinds[] = {"tasks", "task_instances", "task_reports"};
    const char *tables[] = {"tasks", "task_instances", "task_reports"};
    for (int k = 0; k < 3; k++) {
        unsigned long long n = zt_export_rows(exporter, kinds[k], "", "", cursor, sizeof(cursor));
        assert_int_equal(n, count("SELECT count(*) FROM %s", tables[k]));
        assert_true(n > 0);
        /* incremental: a new report is the next pull's one row */
        if (k == 2) {
            Zhucun__TaskSend t = task(COUNTY_A, "", "导出测试");
            report(mem_a1, instance_of(sent(county_a, &t, NULL), team_a1), "done", NULL);
            assert_int_equal(zt_export_rows(exporter, kinds[k], "", cursor, cursor, sizeof(cursor)),
                             1);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_send_fans_out), cmocka_unit_test(test_send_refusals),
        cmocka_unit_test(test_report),        cmocka_unit_test(test_board_adds_up),
        cmocka_unit_test(test_ledger),        cmocka_unit_test(test_list_and_show),
        cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
