/* cmd_tasks.c -- zhucun task send|sent|list|show|report|ledger|board: tasks sent down to the
 * teams (任务督办, SPEC D2): an office hands one down to every team of a scope, the teams report
 * progress and completion with evidence, the board shows who lags (text, JSON, Excel).
 * docs/tasks.md. */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/tasks.h"
#include "common/status.h"
#include "report_xlsx.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *status_zh(const char *s, int overdue)
{
    if (overdue)
        return _("逾期");
    return strcmp(s, "done") == 0          ? _("已办结")
           : strcmp(s, "in_progress") == 0 ? _("办理中")
                                           : _("未开始");
}

static uint32_t limit_arg(const struct cli *cli)
{
    return (uint32_t)(cli->limit > TASK_LIST_MAX ? TASK_LIST_MAX : cli->limit);
}

/* ---- the writes ---- */

static void sent_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已下达任务 #%lld，%u 个工作队接收\n"), (long long)reply->task_send->id,
           reply->task_send->instances);
}

/* task send 任务名称 --org 下达单位 [--scope 范围] --deadline 日期 [--note 任务内容] */
static int send(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || cli->org == NULL || cli->deadline == NULL)
        return cli_usage(cli);
    Zhucun__TaskSend ts = ZHUCUN__TASK_SEND__INIT;
    ts.org_code = S(cli->org);
    ts.scope_code = S(cli->scope);
    ts.title = argv[0];
    ts.body = S(cli->note);
    ts.due_on = S(cli->deadline);
    return cli_call_show(cli, &ts.base, sent_text);
}

static void reported_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已报告，进展记录 #%lld\n"), (long long)reply->task_report->id);
}

/* task report 任务编号 --status in_progress|done --note 说明 [--evidence SHA256]... */
static int report(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("任务编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->status == NULL || cli->note == NULL)
        return cli_usage(cli);
    Zhucun__TaskReport tr = ZHUCUN__TASK_REPORT__INIT;
    tr.instance_id = id;
    tr.status = S(cli->status);
    tr.note = S(cli->note);
    tr.evidence = cli->evidence;
    tr.n_evidence = (size_t)cli->nevidence;
    return cli_call_show(cli, &tr.base, reported_text);
}

static void ledgered_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已列入村台账，事项 #%lld\n"), (long long)reply->task_ledger->id);
}

/* task ledger 任务编号 --area 领域 --person 责任人编号 */
static int ledger(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("任务编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->area == NULL || cli->person <= 0)
        return cli_usage(cli);
    Zhucun__TaskLedger tl = ZHUCUN__TASK_LEDGER__INIT;
    tl.instance_id = id;
    tl.area = S(cli->area);
    tl.responsible_id = cli->person;
    return cli_call_show(cli, &tl.base, ledgered_text);
}

/* ---- the reads ---- */

static void instance_line(const Zhucun__TaskInstance *t)
{
    const char *cells[] = {
        NULL, t->title, t->team_name, t->due_on, status_zh(t->status, t->overdue), t->done_on};
    char id[24];
    snprintf(id, sizeof(id), "#%lld", (long long)t->id);
    cells[0] = id;
    static const int widths[] = {8, 30, 24, 10, 6, 10};
    cli_print_row(cells, widths, 6);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__TaskListReply *l = reply->task_list;
    if (l->n_instances == 0) {
        printf(_("（无督办任务）\n"));
        return;
    }
    const char *heads[] = {_("编号"), _("任务"), _("工作队"), _("期限"), _("状态"), _("办结")};
    static const int widths[] = {8, 30, 24, 10, 6, 10};
    cli_print_row(heads, widths, 6);
    for (size_t i = 0; i < l->n_instances; i++)
        instance_line(l->instances[i]);
    if (l->truncated)
        printf(_("（只列出前 %zu 项，请用 --org、--team 或 --limit 缩小）\n"), l->n_instances);
}

/* task list [--org 代码] [--team 工作队编号] [--open] [--limit 条数] */
static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__TaskList tl = ZHUCUN__TASK_LIST__INIT;
    tl.org_code = S(cli->org);
    tl.team_id = cli->team;
    tl.open_only = cli->open_only;
    tl.limit = limit_arg(cli);
    return cli_call_show(cli, &tl.base, list_text);
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__TaskShowReply *s = reply->task_show;
    const Zhucun__TaskInstance *t = s->instance;
    printf(_("督办任务 #%lld：%s（任务 #%lld，%s 下达，范围 %s）\n"), (long long)t->id, t->title,
           (long long)t->task_id, t->office_code, s->scope_code);
    printf(_("工作队：%s（%s）  期限：%s  状态：%s\n"), t->team_name, t->org_code, t->due_on,
           status_zh(t->status, t->overdue));
    if (t->ledger_item_id > 0)
        printf(_("已列入村台账：事项 #%lld\n"), (long long)t->ledger_item_id);
    if (s->body[0] != '\0')
        printf("%s\n", s->body);
    if (s->n_reports == 0)
        printf(_("（尚无进展报告）\n"));
    for (size_t i = 0; i < s->n_reports; i++) {
        const Zhucun__TaskProgress *p = s->reports[i];
        printf("  %s %s %s %s", p->at, p->by, status_zh(p->status, 0), p->note);
        if (p->evidence > 0)
            printf(_("（证明材料 %u 份）"), p->evidence);
        printf("\n");
    }
}

/* task show 任务编号 */
static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("任务编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__TaskShow ts = ZHUCUN__TASK_SHOW__INIT;
    ts.instance_id = id;
    return cli_call_show(cli, &ts.base, show_text);
}

/* The counts as cells: total, overdue, in progress, not begun, done. */
static void counts_cells(const Zhucun__TaskCounts *k, char num[5][16], const char **cells)
{
    const unsigned v[] = {k->total, k->overdue, k->in_progress, k->not_begun, k->done};
    for (int c = 0; c < 5; c++) {
        snprintf(num[c], sizeof(num[c]), "%u", v[c]);
        cells[c] = num[c];
    }
}

static const int count_widths[] = {6, 6, 6, 6, 6};

static void sent_list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__TaskSentReply *l = reply->task_sent;
    if (l->n_tasks == 0) {
        printf(_("（未下达督办任务）\n"));
        return;
    }
    const char *heads[] = {_("编号"), _("任务"),   _("期限"),   _("合计"),
                           _("逾期"), _("办理中"), _("未开始"), _("已办结")};
    int widths[8] = {8, 30, 10};
    memcpy(widths + 3, count_widths, sizeof(count_widths));
    cli_print_row(heads, widths, 8);
    for (size_t i = 0; i < l->n_tasks; i++) {
        const Zhucun__SentTask *t = l->tasks[i];
        char id[24], num[5][16];
        const char *cells[8] = {id, t->title, t->due_on};
        snprintf(id, sizeof(id), "#%lld", (long long)t->id);
        counts_cells(t->counts, num, cells + 3);
        cli_print_row(cells, widths, 8);
    }
    if (l->truncated)
        printf(_("（只列出前 %zu 项，请用 --org 或 --limit 缩小）\n"), l->n_tasks);
}

/* task sent [--org 代码] [--limit 条数] */
static int sent(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__TaskSent ts = ZHUCUN__TASK_SENT__INIT;
    ts.org_code = S(cli->org);
    ts.limit = limit_arg(cli);
    return cli_call_show(cli, &ts.base, sent_list_text);
}

/* A board row's first cell: the unit's name, or the team's with its place. */
static void board_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__TaskBoardReply *b = reply->task_board;
    printf(_("督办任务“%s”（期限 %s），%s（%s）以下\n"), b->title, b->due_on,
           b->org_name[0] != '\0' ? b->org_name : b->org_code, b->org_code);
    const char *heads[] = {_("单位或工作队"), _("合计"),   _("逾期"),
                           _("办理中"),       _("未开始"), _("已办结")};
    int widths[6] = {36};
    memcpy(widths + 1, count_widths, sizeof(count_widths));
    cli_print_row(heads, widths, 6);
    for (size_t i = 0; i <= b->n_rows; i++) {
        char name[160], num[5][16];
        const char *cells[6];
        cells[0] = i < b->n_rows ? report_task_row_name(b->rows[i], name, sizeof(name)) : _("合计");
        counts_cells(i < b->n_rows ? b->rows[i]->counts : b->counts, num, cells + 1);
        cli_print_row(cells, widths, 6);
    }
}

/* task board 任务编号 [--org 代码] [--xlsx 文件] */
static int board(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("任务编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    Zhucun__TaskBoard tb = ZHUCUN__TASK_BOARD__INIT;
    tb.task_id = id;
    tb.org_code = S(cli->org);
    if (cli->xlsx == NULL)
        return cli_call_show(cli, &tb.base, board_text);
    Zhucun__Reply *reply = NULL;
    int rc = cli_call(cli, &tb.base, &reply);
    if (rc != 0)
        return rc;
    rc = report_task_board_xlsx(cli->xlsx, reply->task_board);
    if (rc == 0)
        printf(_("已导出 %s\n"), cli->xlsx);
    zc_reply_free(reply);
    return rc == 0 ? 0 : EXIT_FAILURE;
}

static const struct option send_options[] = {O_ORG, O_SCOPE, O_DEADLINE, O_NOTE, OPT_END_};
static const struct option report_options[] = {O_STATUS, O_NOTE, O_EVIDENCE, OPT_END_};
static const struct option ledger_options[] = {O_AREA, O_PERSON, OPT_END_};
static const struct option list_options[] = {O_ORG, O_TEAM, O_OPEN, O_LIMIT, OPT_END_};
static const struct option sent_options[] = {O_ORG, O_LIMIT, OPT_END_};
static const struct option board_options[] = {O_ORG, O_XLSX, OPT_END_};

const struct cli_command cli_tasks_commands[] = {
    {"task", "send", send, send_options,
     N_("zhucun task send 任务名称 --org 下达单位代码 [--scope 范围代码] --deadline 日期\n"
        "    [--note 任务内容]\n"
        "    向范围内每个有在岗干部的工作队下达督办任务（各队一份）\n"),
     "TaskSend"},
    {"task", "sent", sent, sent_options,
     N_("zhucun task sent [--org 代码] [--limit 条数]\n"
        "    本级及以下下达的督办任务和办理进度\n"),
     "TaskSent"},
    {"task", "list", list, list_options,
     N_("zhucun task list [--org 代码] [--team 工作队编号] [--open] [--limit 条数]\n"
        "    工作队收到的督办任务，逾期的在前\n"),
     "TaskList"},
    {"task", "show", show, NULL, N_("zhucun task show 任务编号\n    督办任务及其进展报告\n"),
     "TaskShow"},
    {"task", "report", report, report_options,
     N_("zhucun task report 任务编号 --status in_progress|done --note 说明\n"
        "    [--evidence SHA256]...\n"),
     "TaskReport"},
    {"task", "ledger", ledger, ledger_options,
     N_("zhucun task ledger 任务编号 --area 领域 --person 责任人编号\n"
        "    把督办任务列入村台账的任务清单（进展两边一致）\n"),
     "TaskLedger"},
    {"task", "board", board, board_options,
     N_("zhucun task board 任务编号 [--org 代码] [--xlsx 文件]\n"
        "    督办挂图：下一级各单位（乡镇以下为各工作队）的逾期、办理中、未开始、已办结数，\n"
        "    逾期的在前\n"),
     "TaskBoard"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
