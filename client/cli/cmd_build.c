/* cmd_build.c -- zhucun build and zhucun disburse: a project's construction (SPEC P2) — its
 * task list (倒排工期: late first), quarterly focus, progress reports with photos, performance
 * targets and their monitoring, the plan shown whole — and disbursements (拨付) against the
 * progress, on the approval engine. docs/construction.md. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/construction.h"
#include "common/rules/date.h"
#include "common/rules/income.h"
#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__BuildWriteReply *w = reply->build_write;
    if (w->approval_id != 0)
        printf(_("已提交拨付申请 #%lld，审批 #%lld\n"), (long long)w->id,
               (long long)w->approval_id);
    else
        printf(_("已登记，编号 #%lld\n"), (long long)w->id);
}

/* The fields a new task and a changed one share, from the arguments and --start, --end. */
#define TASK_FIELDS(t, cli, argv)                                                                  \
    do {                                                                                           \
        (t).name = (argv)[1];                                                                      \
        (t).responsible = (argv)[2];                                                               \
        (t).planned_start = (argv)[3];                                                             \
        (t).planned_end = (argv)[4];                                                               \
        (t).actual_start = S((cli)->start);                                                        \
        (t).actual_end = S((cli)->end);                                                            \
    } while (0)

/* task add PROJECT NAME PERSON START END, task update TASK NAME PERSON START END: the actual
 * dates by --start and --end. */
static int task_set(struct cli *cli, int argc, char **argv)
{
    long long id;
    int add = strcmp(cli->cmd->sub, "task add") == 0;
    if (argc != 5)
        return cli_usage(cli);
    if (cli_id(add ? _("项目编号") : _("任务编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectTaskAdd a = ZHUCUN__PROJECT_TASK_ADD__INIT;
    Zhucun__ProjectTaskUpdate u = ZHUCUN__PROJECT_TASK_UPDATE__INIT;
    a.project_id = id;
    u.id = id;
    TASK_FIELDS(a, cli, argv);
    TASK_FIELDS(u, cli, argv);
    return cli_call_show(cli, add ? &a.base : &u.base, written_text);
}

static int focus(struct cli *cli, int argc, char **argv)
{
    long long id, year, quarter;
    if (argc != 4)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0 ||
        cli_int(_("年度"), argv[1], BUILD_YEAR_MIN, BUILD_YEAR_MAX, &year) != 0 ||
        cli_int(_("季度"), argv[2], 1, 4, &quarter) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectFocusSet f = ZHUCUN__PROJECT_FOCUS_SET__INIT;
    f.project_id = id;
    f.year = (uint32_t)year;
    f.quarter = (uint32_t)quarter;
    f.focus = argv[3];
    f.targets = S(cli->note);
    return cli_call_show(cli, &f.base, written_text);
}

static int progress(struct cli *cli, int argc, char **argv)
{
    long long id, percent;
    char day[11];
    if (argc != 3)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0 ||
        cli_int(_("进度"), argv[1], 0, 100, &percent) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectProgressReport p = ZHUCUN__PROJECT_PROGRESS_REPORT__INIT;
    p.project_id = id;
    p.percent = (uint32_t)percent;
    p.narrative = argv[2];
    p.on_date = (char *)cli_day_or_today(cli, day);
    p.correction = S(cli->reason);
    p.n_evidence = (size_t)cli->nevidence;
    p.evidence = cli->evidence;
    return cli_call_show(cli, &p.base, written_text);
}

/* target set PROJECT INDICATOR UNIT VALUE [--kind at_most] [--record TARGET] */
static int target_set(struct cli *cli, int argc, char **argv)
{
    long long id;
    double value;
    if (argc != 4)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0 ||
        cli_real(_("目标值"), argv[3], -BUILD_VALUE_MAX, BUILD_VALUE_MAX, &value) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectTargetSet t = ZHUCUN__PROJECT_TARGET_SET__INIT;
    t.project_id = id;
    t.id = cli->record;
    t.indicator = argv[1];
    t.unit = argv[2];
    t.target_value = value;
    t.direction = cli->kind != NULL ? (char *)cli->kind : "at_least";
    return cli_call_show(cli, &t.base, written_text);
}

/* target monitor TARGET STAGE VALUE [--date D] [--note TEXT] */
static int target_monitor(struct cli *cli, int argc, char **argv)
{
    long long id;
    double value;
    char day[11];
    if (argc != 3)
        return cli_usage(cli);
    if (cli_id(_("指标编号"), argv[0], &id) != 0 ||
        cli_real(_("监测值"), argv[2], -BUILD_VALUE_MAX, BUILD_VALUE_MAX, &value) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectTargetMonitor m = ZHUCUN__PROJECT_TARGET_MONITOR__INIT;
    m.target_id = id;
    m.stage = argv[1];
    m.value = value;
    m.on_date = (char *)cli_day_or_today(cli, day);
    m.note = S(cli->note);
    return cli_call_show(cli, &m.base, written_text);
}

static void yuan(int64_t fen, char out[32])
{
    rules_income_yuan_format(fen, out);
}

static void tasks_text(const Zhucun__ProjectPlanShowReply *p)
{
    for (size_t i = 0; i < p->n_tasks; i++) {
        const Zhucun__ProjectTask *t = p->tasks[i];
        printf("#%-6lld ", (long long)t->id);
        cli_print_cell(rules_build_task_status_label(t->status), 8, 0);
        printf(" %s～%s ", t->planned_start, t->planned_end);
        cli_print_cell(t->name, 24, 0);
        printf(" ");
        cli_print_cell(t->responsible, 10, 0);
        if (t->actual_start[0] != '\0')
            printf(_(" 实际 %s～%s"), t->actual_start, t->actual_end);
        printf("\n");
    }
    if (p->n_tasks == 0)
        printf(_("（尚无施工任务）\n"));
}

static void plan_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__ProjectPlanShowReply *p = reply->project_plan_show;
    if (strcmp(cli->cmd->sub, "task list") == 0) {
        tasks_text(p);
        return;
    }
    char b[32], q[32], d[32], h[32];
    yuan(p->money->budget_fen, b);
    yuan(p->money->requested_fen, q);
    yuan(p->money->paid_fen, d);
    yuan(p->money->headroom_fen, h);
    printf(_("项目 #%lld %s（%s，%s）\n"), (long long)p->project_id, p->name, p->status_label,
           p->village_code);
    printf(_("进度 %u%%  预算 %s 元  审批中 %s 元  已拨付 %s 元  可申请 %s 元\n"),
           p->money->percent, b, q, d, h);
    printf(_("施工任务（滞后的在前）：\n"));
    tasks_text(p);
    for (size_t i = 0; i < p->n_focus; i++)
        printf(_("%u 年第 %u 季度重点：%s%s%s\n"), p->focus[i]->year, p->focus[i]->quarter,
               p->focus[i]->focus, p->focus[i]->targets[0] != '\0' ? _("；目标：") : "",
               p->focus[i]->targets);
    for (size_t i = 0; i < p->n_progress; i++) {
        const Zhucun__ProjectProgress *r = p->progress[i];
        printf(_("进度报告 #%lld %s %u%%  %s（照片 %u）%s%s\n"), (long long)r->id, r->on_date,
               r->percent, r->narrative, r->photos, r->correction[0] != '\0' ? _("  更正：") : "",
               r->correction);
    }
    for (size_t i = 0; i < p->n_targets; i++) {
        const Zhucun__ProjectTarget *t = p->targets[i];
        printf(_("绩效指标 #%lld %s：目标%s %.2f %s"), (long long)t->id, t->indicator,
               strcmp(t->direction, "at_most") == 0 ? _("不高于") : _("不低于"), t->target_value,
               t->unit);
        if (t->has_mid)
            printf(_("，中期 %.2f"), t->mid_value);
        if (t->has_final)
            printf(_("，期末 %.2f（%s）"), t->final_value,
                   strcmp(t->met, "yes") == 0 ? _("达标") : _("未达标"));
        printf("\n");
    }
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectPlanShow s = ZHUCUN__PROJECT_PLAN_SHOW__INIT;
    s.project_id = id;
    return cli_call_show(cli, &s.base, plan_text);
}

/* disburse request PROJECT REPORT YUAN PAYEE [--note] [--evidence]... */
static int disburse_request(struct cli *cli, int argc, char **argv)
{
    long long id, report;
    int64_t fen;
    if (argc != 4)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0 ||
        cli_id(_("进度报告编号"), argv[1], &report) != 0)
        return EXIT_USAGE;
    if (rules_income_yuan_parse(argv[2], 0, &fen) != 0 || fen <= 0) {
        fprintf(stderr, _("zhucun: %s（收到 “%s”）\n"), _(INCOME_YUAN_PROBLEM), argv[2]);
        return EXIT_USAGE;
    }
    Zhucun__DisbursementRequest d = ZHUCUN__DISBURSEMENT_REQUEST__INIT;
    d.project_id = id;
    d.progress_id = report;
    d.amount_fen = fen;
    d.payee = argv[3];
    d.note = S(cli->note);
    d.n_evidence = (size_t)cli->nevidence;
    d.evidence = cli->evidence;
    return cli_call_show(cli, &d.base, written_text);
}

static const char *disbursement_status_zh(const char *s)
{
    return strcmp(s, "paid") == 0 ? _("已拨付") : cli_approval_status_zh(s);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__DisbursementListReply *l = reply->disbursement_list;
    char a[32];
    for (size_t i = 0; i < l->n_items; i++) {
        const Zhucun__Disbursement *d = l->items[i];
        yuan(d->amount_fen, a);
        printf("#%-6lld ", (long long)d->id);
        cli_print_cell(d->project_name, 24, 0);
        printf(" ");
        cli_print_cell(a, 14, 1);
        printf(_(" 元 "));
        cli_print_cell(disbursement_status_zh(d->status), 10, 0);
        printf(" ");
        cli_print_cell(d->payee, 20, 0);
        printf(_(" 进度 %u%% %s\n"), d->percent, d->paid_on);
    }
    char q[32], p[32];
    yuan(l->pending_fen, q);
    yuan(l->paid_fen, p);
    printf(_("共 %u 笔：审批中 %s 元，已拨付 %s 元\n"), l->total, q, p);
}

/* disburse list [PROJECT] [--org CODE] [--limit N] */
static int disburse_list(struct cli *cli, int argc, char **argv)
{
    long long id = 0;
    if (argc > 1)
        return cli_usage(cli);
    if (argc == 1 && cli_id(_("项目编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (cli->limit < 0 || cli->limit > DISBURSEMENT_LIST_MAX) {
        fprintf(stderr, _("zhucun: --limit 应为 1 到 %d\n"), DISBURSEMENT_LIST_MAX);
        return EXIT_USAGE;
    }
    Zhucun__DisbursementList l = ZHUCUN__DISBURSEMENT_LIST__INIT;
    l.project_id = id;
    l.org_code = S(cli->org);
    l.limit = (uint32_t)cli->limit;
    return cli_call_show(cli, &l.base, list_text);
}

static void projects_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__ProjectBuildListReply *l = reply->project_build_list;
    for (size_t i = 0; i < l->n_items; i++) {
        const Zhucun__ProjectBuildItem *p = l->items[i];
        char b[32], c[32];
        yuan(p->budget_fen, b);
        yuan(p->committed_fen, c);
        printf("#%-8lld ", (long long)p->id);
        cli_print_cell(p->name, 30, 0);
        printf(_(" %s 进度 %3u%%  滞后 %u/%u  计划完成 %s  预算 %s 元  已申请 %s 元\n"),
               p->village_code, p->percent, p->late_tasks, p->tasks, p->planned_end, b, c);
    }
    if (l->n_items == 0)
        printf(_("（没有在建项目）\n"));
}

/* list [--org CODE] [--limit N] */
static int projects(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    if (cli->limit > BUILD_LIST_MAX) {
        fprintf(stderr, _("zhucun: --limit 应为 1 到 %d\n"), BUILD_LIST_MAX);
        return EXIT_USAGE;
    }
    Zhucun__ProjectBuildList l = ZHUCUN__PROJECT_BUILD_LIST__INIT;
    l.org_code = S(cli->org);
    l.limit = (uint32_t)cli->limit;
    return cli_call_show(cli, &l.base, projects_text);
}

static const struct option task_options[] = {O_START, O_END, OPT_END_};
static const struct option focus_options[] = {O_NOTE, OPT_END_};
static const struct option progress_options[] = {O_DATE, O_REASON, O_EVIDENCE, OPT_END_};
static const struct option target_options[] = {O_KIND, O_RECORD, OPT_END_};
static const struct option monitor_options[] = {O_DATE, O_NOTE, OPT_END_};
static const struct option no_options[] = {OPT_END_};
static const struct option request_options[] = {O_NOTE, O_EVIDENCE, OPT_END_};
static const struct option list_options[] = {O_ORG, O_LIMIT, OPT_END_};

const struct cli_command cli_build_commands[] = {
    {"build", "task add", task_set, task_options,
     N_("zhucun build task add 项目编号 任务名称 责任人 计划开始 计划完成 [--start 实际开始]"
        " [--end 实际完成]\n    施工任务清单（倒排工期）新增一项\n"),
     "ProjectTaskAdd"},
    {"build", "task update", task_set, task_options,
     N_("zhucun build task update 任务编号 任务名称 责任人 计划开始 计划完成 [--start 实际开始]"
        " [--end 实际完成]\n    修改一项任务（各项按给出的填写；不给 "
        "--start/--end：尚未开始/完成）\n"),
     "ProjectTaskUpdate"},
    {"build", "task list", show, no_options,
     N_("zhucun build task list 项目编号\n    施工任务，滞后的在前，其余按计划完成日期\n"),
     "ProjectPlanShow"},
    {"build", "show", show, no_options,
     N_("zhucun build show 项目编号\n    施工任务、季度重点、进度报告、绩效指标和资金\n"),
     "ProjectPlanShow"},
    {"build", "list", projects, list_options,
     N_("zhucun build list [--org 区划代码] [--limit 条数]\n"
        "    在建项目，有滞后任务的在前\n"),
     "ProjectBuildList"},
    {"build", "focus", focus, focus_options,
     N_("zhucun build focus 项目编号 年度 季度 重点 [--note 季度目标]\n"
        "    季度重点（同一季度再次登记即替换）\n"),
     "ProjectFocusSet"},
    {"build", "progress", progress, progress_options,
     N_("zhucun build progress 项目编号 进度百分比 说明 [--date 日期] [--reason 更正原因]"
        " [--evidence SHA256]...\n    进度报告（低于上次进度须给出更正原因）\n"),
     "ProjectProgressReport"},
    {"build", "target set", target_set, target_options,
     N_("zhucun build target set 项目编号 指标 单位 目标值 [--kind at_least|at_most]"
        " [--record 指标编号]\n    绩效目标（--record：修改已有指标）\n"),
     "ProjectTargetSet"},
    {"build", "target monitor", target_monitor, monitor_options,
     N_("zhucun build target monitor 指标编号 mid|final|check 数值 [--date 日期] [--note 备注]\n"
        "    绩效目标监测（中期、期末、日常）\n"),
     "ProjectTargetMonitor"},
    {"disburse", "request", disburse_request, request_options,
     N_("zhucun disburse request 项目编号 进度报告编号 金额（元） 收款方 [--note 说明]"
        " [--evidence SHA256]...\n    按进度申请拨付（送审批）\n"),
     "DisbursementRequest"},
    {"disburse", "list", disburse_list, list_options,
     N_("zhucun disburse list [项目编号] [--org 区划代码] [--limit 条数]\n"
        "    拨付申请及合计\n"),
     "DisbursementList"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
