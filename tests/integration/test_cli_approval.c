/* test_cli_approval.c -- the command line of the approval engine's every kind (issue 15)
 * against a real server: `zhucun queue` names each item's kind as the server's registry does
 * and marks an overdue item and one escalated to the caller (with when); `zhucun approval
 * history KIND ID` lists a subject's approvals with every round's steps (its refusals before
 * anything is sent); `zhucun team recall` says whether the recall went for approval (pending,
 * with the approval's id) or ended the membership at once; and the --json of each is the
 * reply's body. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"

#define PW       "correct horse battery"
#define PROVINCE "140000000000"
#define COUNTY   "140105000000"
#define TOWNSHIP "140105001000"
#define VILLAGE  "140105001001"

static struct zt_server srv;
static struct zc_client *county, *cadre;
static int64_t unit, team, cadre_person;
static char out[1 << 16];

static const char *day(int offset)
{
    static char ring[8][11];
    static int next;
    char *d = ring[next++ % 8];
    rules_date_format(zt_today() + offset, d);
    return d;
}

/* Runs zhucun as user (its own session file) with env before it ("LANGUAGE=en" or ""),
 * stdout and stderr both into out; returns the exit status. */
static int run_env(const char *env, const char *user, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int run_env(const char *env, const char *user, const char *fmt, ...)
{
    char args[2000], cmd[4000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof(cmd),
             "%s %s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/%s.session %s 2>&1", env,
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir, user, args);
    return zt_run(cmd, NULL, out, sizeof(out));
}

#define run(user, ...) run_env("", user, __VA_ARGS__)

/* The command must succeed; returns its output. */
#define ok(user, ...)                                                                              \
    do {                                                                                           \
        int rc_ = run(user, __VA_ARGS__);                                                          \
        if (rc_ != 0)                                                                              \
            fail_msg("exit %d: %s", rc_, out);                                                     \
    } while (0)

/* Logs username in on the CLI (its own session file). */
static void cli_login(const char *username)
{
    char cmd[2000];
    snprintf(cmd, sizeof(cmd),
             "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/%s.session login %s "
             "--password-stdin",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir, username, username);
    assert_int_equal(zt_run(cmd, PW "\n", out, sizeof(out)), 0);
}

/* An account with one grant (unit_admin: of unit), logged in on the CLI too. */
static struct zc_client *office(const char *username, const char *role, const char *scope,
                                int64_t for_unit)
{
    assert_int_equal(zt_useradd(&srv, username, PW, role, scope, 0), 0);
    if (for_unit > 0) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "UPDATE role_grants SET unit_id = %lld WHERE user_id = (SELECT id FROM users"
                 " WHERE username = '%s')",
                 (long long)for_unit, username);
        free(zt_sql(&srv, sql));
    }
    cli_login(username);
    return zt_login(&srv, username, PW, NULL);
}

static int64_t request_leave(int first, int last)
{
    Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
    lr.first_day = (char *)day(first);
    lr.last_day = (char *)day(last);
    lr.reason = "家中有事";
    lr.channel = "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_REQUEST;
    req.leave_request = &lr;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    int64_t id = reply->leave_request->leave_id;
    zc_reply_free(reply);
    return id;
}

/* The pending step of the subject's approval asking for role (NULL: any; the first). */
static int64_t pending_step(const char *kind, int64_t subject, const char *role)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "SELECT min(s.id) FROM approval_steps s JOIN approvals a ON a.id = s.approval_id"
             " WHERE a.subject_kind = '%s' AND a.subject_id = %lld AND s.status = 'pending'"
             " AND s.role LIKE '%s'",
             kind, (long long)subject, role != NULL ? role : "%");
    char *v = zt_sql(&srv, sql);
    int64_t id = atoll(v);
    free(v);
    return id;
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "cli_approval", NULL);
    struct zc_client *prov = office("prov", "province_office", PROVINCE, 0);
    zt_org_import(prov, "140100000000,太原市,city\n140105000000,小店区,county\n"
                        "140105001000,坞城街道,township\n140105001001,测试一村,village\n");
    unit = zt_unit(prov, "小店区农业农村局", "county", COUNTY);
    zc_close(prov);
    county = office("xiaodian", "county_office", COUNTY, 0);
    zc_close(office("wucheng", "township", TOWNSHIP, 0));
    zc_close(office("unitadm", "unit_admin", COUNTY, unit));
    team = zt_team(county, "village", VILLAGE, "测试一村工作队");
    cadre = zt_cadre(&srv, county, team, "cadre-a", VILLAGE, "cadre", "member", unit, PW,
                     &cadre_person);
    cli_login("cadre-a");
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

/* The queue names the kind by the registry's name; past its deadline an item is marked
 * overdue for the township, and once raised to the county office it is in the county
 * office's queue marked escalated, with when. */
static void test_queue_kind_overdue_escalated(void **state)
{
    (void)state;
    int64_t leave = request_leave(3, 3); /* one day: the township decides */
    int64_t step = pending_step("leave", leave, NULL);
    assert_true(step > 0);
    ok("wucheng", "queue");
    printf("cli: %s", out);
    assert_non_null(strstr(out, "[请假]"));
    assert_null(strstr(out, "已超期"));
    assert_null(strstr(out, "已上报"));
    ok("xiaodian", "queue");
    assert_non_null(strstr(out, "没有待办事项"));

    /* Three days past its deadline (the leave's grace is one day), then the daily job. */
    char sql[300];
    snprintf(sql, sizeof(sql),
             "UPDATE approval_steps SET deadline = zc_now() - interval '3 days' WHERE id = %lld",
             (long long)step);
    free(zt_sql(&srv, sql));
    char *n = zt_sql(&srv, "SELECT zc_approvals_escalate()");
    assert_string_equal(n, "1");
    free(n);
    char *raised = zt_sql(&srv, "SELECT to_char(escalated_at AT TIME ZONE 'Asia/Shanghai',"
                                " 'YYYY-MM-DD HH24:MI') FROM approval_steps WHERE escalated_at"
                                " IS NOT NULL");
    ok("wucheng", "queue");
    printf("cli: township: %s", out);
    assert_non_null(strstr(out, "（已超期）"));
    assert_null(strstr(out, "已上报")); /* the step's own approver: not raised to them */
    ok("xiaodian", "queue");
    printf("cli: county: %s", out);
    assert_non_null(strstr(out, "[请假]"));
    assert_non_null(strstr(out, "（已超期）"));
    char want[96];
    snprintf(want, sizeof(want), "（已上报，%s）", raised);
    assert_non_null(strstr(out, want));
    assert_int_equal(run_env("LANGUAGE=en", "xiaodian", "queue"), 0);
    assert_non_null(strstr(out, " (overdue)"));
    assert_non_null(strstr(out, " (escalated to you "));
    ok("xiaodian", "--json queue");
    assert_non_null(strstr(out, "\"kind_name\":\"请假\""));
    assert_non_null(strstr(out, "\"escalated\":true"));
    assert_non_null(strstr(out, "\"escalated_at\":\""));
    assert_non_null(strstr(out, "+08:00\"}"));
    free(raised);

    /* The county office decides it in the township's place. */
    ok("xiaodian", "approve %lld", (long long)step);
    ok("xiaodian", "approval history leave %lld", (long long)leave);
    printf("cli: %s", out);
    assert_non_null(strstr(out, "请假"));
    assert_non_null(strstr(out, "已批准"));
    assert_non_null(strstr(out, "township@" TOWNSHIP));
    assert_non_null(strstr(out, "已同意"));
    assert_non_null(strstr(out, "xiaodian"));
    assert_non_null(strstr(out, "county_office@" COUNTY)); /* escalated to */
}

/* Every round of a leave returned and resubmitted, in one approval; the refusals of the
 * command; --json is the reply's body. */
static void test_approval_history(void **state)
{
    (void)state;
    int64_t leave = request_leave(5, 5);
    ok("wucheng", "return %lld --reason 请写明事由", (long long)pending_step("leave", leave, NULL));
    ok("cadre-a", "leave resubmit %lld --start %s --end %s --reason 家中老人住院", (long long)leave,
       day(5), day(6)); /* two days now: the county office */
    ok("cadre-a", "approval history leave %lld", (long long)leave);
    printf("cli: %s", out);
    assert_non_null(strstr(out, "审批中（第 2 轮）"));
    assert_non_null(strstr(out, "cadre-a 提交于"));
    assert_non_null(strstr(out, "已退回"));
    assert_non_null(strstr(out, "请写明事由"));
    assert_non_null(strstr(out, "wucheng"));
    assert_non_null(strstr(out, "county_office@" COUNTY));
    assert_non_null(strstr(out, "待审批"));
    assert_int_equal(
        run_env("LANGUAGE=en", "cadre-a", "approval history leave %lld", (long long)leave), 0);
    assert_non_null(strstr(out, "Round"));
    assert_non_null(strstr(out, "pending (round 2)"));

    ok("cadre-a", "--json approval history leave %lld", (long long)leave);
    assert_true(strncmp(out, "{\"approvals\":[{\"id\":", 20) == 0);
    assert_non_null(strstr(out, "\"kind_name\":\"请假\""));
    assert_non_null(strstr(out, "\"round\":2"));
    assert_non_null(strstr(out, "\"steps\":[{"));
    assert_non_null(strstr(out, "\"status\":\"returned\""));
    assert_null(strstr(out, "Z\"")); /* instants in Beijing time */

    /* A subject without an approval the caller may see, of any kind of the right shape:
     * NOT_FOUND naming subject_id, nothing on stdout. */
    assert_int_equal(run("cadre-a", "approval history leave 999999"), 5);
    assert_non_null(strstr(out, "subject_id"));
    assert_int_equal(run("cadre-a", "approval history kind_to_come %lld", (long long)leave), 5);
    assert_int_equal(run("wucheng", "approval history leave %lld", (long long)leave), 0);

    /* Refused before anything is sent: the kind's shape (6), the id (2), the words (2). */
    assert_int_equal(run("cadre-a", "approval history Leave %lld", (long long)leave), 6);
    assert_non_null(strstr(out, "subject_kind"));
    assert_int_equal(run("cadre-a", "approval history 请假 1"), 6);
    assert_int_equal(run("cadre-a", "approval history leave 0"), 2);
    assert_int_equal(run("cadre-a", "approval history leave 3x"), 2);
    assert_int_equal(run("cadre-a", "approval history leave"), 2);
    assert_int_equal(run("cadre-a", "approval history --help"), 0);
    assert_non_null(strstr(out, "zhucun approval history"));
    assert_int_equal(run("cadre-a", "help --calls"), 0);
    assert_non_null(strstr(out, "ApprovalHistory\tzhucun approval history"));
}

/* The open membership of person. */
static long long membership_of(int64_t person)
{
    char sql[200];
    snprintf(sql, sizeof(sql),
             "SELECT id FROM memberships WHERE person_id = %lld AND end_date IS NULL",
             (long long)person);
    char *v = zt_sql(&srv, sql);
    long long id = atoll(v);
    free(v);
    assert_true(id > 0);
    return id;
}

/* 1 when the membership has ended. */
static int ended(long long membership)
{
    char sql[200];
    snprintf(sql, sizeof(sql), "SELECT end_date IS NOT NULL FROM memberships WHERE id = %lld",
             membership);
    char *v = zt_sql(&srv, sql);
    int e = strcmp(v, "t") == 0;
    free(v);
    return e;
}

/* A member of the team (for unit_id, 0 for none); returns the person. */
static int64_t new_cadre(const char *username, int64_t for_unit)
{
    int64_t person = 0;
    zc_close(
        zt_cadre(&srv, county, team, username, VILLAGE, "cadre", "member", for_unit, PW, &person));
    return person;
}

/* A recall goes for approval and says so; the cadre stays until both approved; its history
 * has the two parallel steps; rotation ends a membership at once. */
static void test_team_recall(void **state)
{
    (void)state;
    char sql[300];
    long long membership = membership_of(cadre_person);
    ok("xiaodian", "team recall %lld --note 履职不力，经研究召回", membership);
    printf("cli: %s", out);
    snprintf(sql, sizeof(sql), "SELECT id FROM recall_requests WHERE membership_id = %lld",
             membership);
    char *r = zt_sql(&srv, sql);
    long long recall = atoll(r);
    free(r);
    assert_true(recall > 0);
    /* the recall's own number, to follow it with approval history */
    char said[96];
    snprintf(said, sizeof(said), "召回 %lld 已提交审批（审批编号 ", recall);
    assert_non_null(strstr(out, said));
    snprintf(said, sizeof(said), "zhucun approval history recall %lld", recall);
    assert_non_null(strstr(out, said));
    assert_int_equal(ended(membership), 0); /* still in the team */

    ok("xiaodian", "queue");
    assert_non_null(strstr(out, "[召回]"));
    ok("unitadm", "queue");
    assert_non_null(strstr(out, "[召回]"));
    ok("xiaodian", "approval history recall %lld", recall);
    printf("cli: %s", out);
    assert_non_null(strstr(out, "召回"));
    assert_non_null(strstr(out, "county_office@" COUNTY));
    assert_non_null(strstr(out, "unit_admin@"));
    ok("xiaodian", "--json approval history recall %lld", recall);
    assert_non_null(strstr(out, "\"subject_kind\":\"recall\""));
    assert_non_null(strstr(out, "\"kind_name\":\"召回\""));

    /* A second recall while the first waits: refused. */
    assert_true(run("xiaodian", "team recall %lld --note 再次召回", membership) != 0);
    assert_non_null(strstr(out, "已有待审批的召回申请"));

    /* --json: the reply's body, pending with the approval's id; rotation ends a membership
     * at once. */
    long long second = membership_of(new_cadre("cadre-b", unit));
    ok("xiaodian", "--json team recall %lld --note 履职不力", second);
    printf("cli: %s", out);
    const char *pending = "{\"status\":\"pending\",\"approval_id\":";
    assert_true(strncmp(out, pending, strlen(pending)) == 0);
    assert_true(atoll(out + strlen(pending)) > 0);
    long long third = membership_of(new_cadre("cadre-c", 0));
    ok("xiaodian", "--json team recall %lld --reason rotation --note 轮换", third);
    assert_string_equal(out, "{\"status\":\"ended\",\"approval_id\":0,\"recall_id\":0}\n");
    assert_int_equal(ended(third), 1);
    long long fourth = membership_of(new_cadre("cadre-d", 0));
    ok("xiaodian", "team recall %lld --reason term_end", fourth);
    assert_non_null(strstr(out, "任职已结束，记录已保留"));
    assert_int_equal(ended(fourth), 1);

    /* Both approve the recall: the membership ends. */
    ok("xiaodian", "approve %lld", (long long)pending_step("recall", recall, "county_office"));
    ok("unitadm", "approve %lld", (long long)pending_step("recall", recall, "unit_admin"));
    assert_int_equal(ended(membership), 1);
    ok("xiaodian", "--json approval history recall %lld", recall);
    assert_non_null(strstr(out, "\"status\":\"approved\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_kind_overdue_escalated),
        cmocka_unit_test(test_approval_history),
        cmocka_unit_test(test_team_recall),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
