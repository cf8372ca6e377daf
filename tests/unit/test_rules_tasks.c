/* test_rules_tasks.c -- the checks of the task calls (common/rules/tasks.c): every field refused
 * with its name, every limit at and past its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/date.h"
#include "common/rules/ledger.h"
#include "common/rules/tasks.h"

static int today;
static char text[4 * (TASK_BODY_MAX + 1) + 1];

/* n characters of 办 (three bytes each). */
static char *chars(size_t n)
{
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(text, "办");
    return text;
}

static Zhucun__TaskSend send(void)
{
    Zhucun__TaskSend t = ZHUCUN__TASK_SEND__INIT;
    t.org_code = "140105000000";
    t.title = "饮水安全排查";
    t.due_on = "2026-12-20";
    return t;
}

static void test_send(void **state)
{
    (void)state;
    char day[11];
    Zhucun__TaskSend t = send();
    OK(rules_task_send_problem(&t, today, FIELD));
    t.org_code = "140000000000";
    OK(rules_task_send_problem(&t, today, FIELD));
    t.org_code = "140105001000";
    t.scope_code = "140105001001";
    OK(rules_task_send_problem(&t, today, FIELD));
    t.org_code = "140105001001"; /* a village sends nothing */
    REFUSED(rules_task_send_problem(&t, today, FIELD), "org_code");
    t.org_code = "1401";
    REFUSED(rules_task_send_problem(&t, today, FIELD), "org_code");
    t = send();
    t.scope_code = "14010";
    REFUSED(rules_task_send_problem(&t, today, FIELD), "scope_code");
    t = send();
    t.title = "";
    REFUSED(rules_task_send_problem(&t, today, FIELD), "title");
    t.title = chars(TASK_TITLE_MAX);
    OK(rules_task_send_problem(&t, today, FIELD));
    t.title = chars(TASK_TITLE_MAX + 1);
    REFUSED(rules_task_send_problem(&t, today, FIELD), "title");
    t = send();
    t.body = chars(TASK_BODY_MAX);
    OK(rules_task_send_problem(&t, today, FIELD));
    t.body = chars(TASK_BODY_MAX + 1);
    REFUSED(rules_task_send_problem(&t, today, FIELD), "body");
    t = send();
    rules_date_format(today, day);
    t.due_on = day;
    OK(rules_task_send_problem(&t, today, FIELD));
    rules_date_format(today - 1, day);
    REFUSED(rules_task_send_problem(&t, today, FIELD), "due_on");
    rules_date_format(today + TASK_DUE_MAX_DAYS, day);
    OK(rules_task_send_problem(&t, today, FIELD));
    rules_date_format(today + TASK_DUE_MAX_DAYS + 1, day);
    REFUSED(rules_task_send_problem(&t, today, FIELD), "due_on");
    t.due_on = "2026-02-30";
    REFUSED(rules_task_send_problem(&t, today, FIELD), "due_on");
}

static void test_report(void **state)
{
    (void)state;
    static uint8_t sha[32];
    static ProtobufCBinaryData ev[LEDGER_EVIDENCE_MAX + 1];
    for (int i = 0; i <= LEDGER_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){32, sha};
    Zhucun__TaskReport r = ZHUCUN__TASK_REPORT__INIT;
    r.instance_id = 1;
    r.status = "in_progress";
    r.note = "已入户 20 户";
    OK(rules_task_report_problem(&r, FIELD));
    r.status = "done";
    OK(rules_task_report_problem(&r, FIELD));
    r.status = "open"; /* nobody reports a task back to not begun */
    REFUSED(rules_task_report_problem(&r, FIELD), "status");
    r.status = "done";
    r.note = "";
    REFUSED(rules_task_report_problem(&r, FIELD), "note");
    r.note = chars(TASK_NOTE_MAX);
    OK(rules_task_report_problem(&r, FIELD));
    r.note = chars(TASK_NOTE_MAX + 1);
    REFUSED(rules_task_report_problem(&r, FIELD), "note");
    r.note = "好";
    r.evidence = ev;
    r.n_evidence = LEDGER_EVIDENCE_MAX;
    OK(rules_task_report_problem(&r, FIELD));
    r.n_evidence = LEDGER_EVIDENCE_MAX + 1;
    REFUSED(rules_task_report_problem(&r, FIELD), "evidence");
    r.n_evidence = 1;
    ev[0].len = 31;
    REFUSED(rules_task_report_problem(&r, FIELD), "evidence");
}

static void test_ledger_and_lists(void **state)
{
    (void)state;
    Zhucun__TaskLedger l = ZHUCUN__TASK_LEDGER__INIT;
    l.area = "guarantees";
    OK(rules_task_ledger_problem(&l, FIELD));
    l.area = "";
    REFUSED(rules_task_ledger_problem(&l, FIELD), "area");
    l.area = "roads";
    REFUSED(rules_task_ledger_problem(&l, FIELD), "area");
    Zhucun__TaskList tl = ZHUCUN__TASK_LIST__INIT;
    OK(rules_task_list_problem(&tl, FIELD));
    tl.limit = TASK_LIST_MAX;
    OK(rules_task_list_problem(&tl, FIELD));
    tl.limit = TASK_LIST_MAX + 1;
    REFUSED(rules_task_list_problem(&tl, FIELD), "limit");
    tl.limit = 0;
    tl.team_id = -1;
    REFUSED(rules_task_list_problem(&tl, FIELD), "team_id");
    tl.team_id = 0;
    tl.org_code = "14";
    REFUSED(rules_task_list_problem(&tl, FIELD), "org_code");
    Zhucun__TaskSent ts = ZHUCUN__TASK_SENT__INIT;
    OK(rules_task_sent_problem(&ts, FIELD));
    ts.limit = TASK_LIST_MAX + 1;
    REFUSED(rules_task_sent_problem(&ts, FIELD), "limit");
    ts.limit = 0;
    ts.org_code = "x40105000000";
    REFUSED(rules_task_sent_problem(&ts, FIELD), "org_code");
    Zhucun__TaskBoard tb = ZHUCUN__TASK_BOARD__INIT;
    tb.task_id = 1;
    OK(rules_task_board_problem(&tb, FIELD));
    tb.org_code = "140105";
    REFUSED(rules_task_board_problem(&tb, FIELD), "org_code");
}

int main(void)
{
    int ok;
    today = rules_date_days("2026-11-28", &ok);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_send),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_ledger_and_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
