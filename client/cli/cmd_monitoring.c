/* cmd_monitoring.c -- zhucun monitor: return-to-poverty monitoring (docs/monitoring.md): a
 * household enters monitoring with its risks, its measures and risks are recorded and closed,
 * the team captain records the village's review, the cadre signs the elimination (refused
 * with every failing condition named), and offices list the cases and the households without
 * a recent measure, as text, JSON or an Excel workbook. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/monitoring.h"
#include "common/status.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* The name of a code for people, or the code itself. */
static const char *named(const char *(*name)(const char *), const char *code)
{
    const char *n = name(code);
    return n != NULL ? n : code;
}

/* "illness" or "other:TEXT" into r (pointing into spec). */
static void parse_risk(char *spec, Zhucun__MonitorRiskInput *r)
{
    zhucun__monitor_risk_input__init(r);
    char *colon = strchr(spec, ':');
    if (colon != NULL)
        *colon = '\0';
    r->risk = spec;
    r->text = colon != NULL ? colon + 1 : "";
}

static int enter(struct cli *cli, int argc, char **argv)
{
    long long hh;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &hh) != 0)
        return EXIT_USAGE;
    if (argc < 2 || argc - 1 > MONITOR_RISKS_MAX || cli->kind == NULL || cli->from == NULL ||
        cli->date == NULL)
        return cli_usage(cli);
    Zhucun__MonitorRiskInput rv[MONITOR_RISKS_MAX], *rp[MONITOR_RISKS_MAX];
    for (int i = 1; i < argc; i++) {
        parse_risk(argv[i], &rv[i - 1]);
        rp[i - 1] = &rv[i - 1];
    }
    Zhucun__MonitorEnter me = ZHUCUN__MONITOR_ENTER__INIT;
    me.household_id = hh;
    me.kind = S(cli->kind);
    me.found_by = S(cli->from);
    me.found_on = S(cli->date);
    me.risks = rp;
    me.n_risks = (size_t)argc - 1;
    me.note = S(cli->note);
    Zhucun__Reply *reply = NULL;
    int rc = cli_call(cli, &me.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(cli_reply_body(reply));
    else
        printf(_("已登记监测记录 %lld，纳入监测审批 %lld（村级评议公示→乡镇审核→县级确定）\n"),
               (long long)reply->monitor_enter->case_id,
               (long long)reply->monitor_enter->approval_id);
    zc_reply_free(reply);
    return 0;
}

/* Prints the id a MonitorRiskAdd or MeasureAdd answered with. */
static void id_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已登记，编号 %lld\n"), (long long)reply->monitor_id->id);
}

static int risk_add(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("监测记录编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 2 || cli->date == NULL)
        return cli_usage(cli);
    Zhucun__MonitorRiskInput risk;
    parse_risk(argv[1], &risk);
    Zhucun__MonitorRiskAdd ra = ZHUCUN__MONITOR_RISK_ADD__INIT;
    ra.case_id = id;
    ra.risk = &risk;
    ra.identified_on = S(cli->date);
    return cli_call_show(cli, &ra.base, id_text);
}

static int risk_close(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("风险编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->date == NULL || cli->note == NULL)
        return cli_usage(cli);
    Zhucun__MonitorRiskClose rc = ZHUCUN__MONITOR_RISK_CLOSE__INIT;
    rc.risk_id = id;
    rc.closed_on = S(cli->date);
    rc.note = S(cli->note);
    return cli_call_ok(cli, &rc.base, _("风险已消除"));
}

static int measure_add(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("监测记录编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->kind == NULL || cli->person == 0 || cli->start == NULL ||
        cli->note == NULL)
        return cli_usage(cli);
    Zhucun__MeasureAdd ma = ZHUCUN__MEASURE_ADD__INIT;
    ma.case_id = id;
    ma.kind = S(cli->kind);
    ma.description = S(cli->note);
    ma.responsible_id = cli->person;
    ma.started_on = S(cli->start);
    return cli_call_show(cli, &ma.base, id_text);
}

static int measure_close(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("措施编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->end == NULL || cli->note == NULL)
        return cli_usage(cli);
    Zhucun__MeasureClose mc = ZHUCUN__MEASURE_CLOSE__INIT;
    mc.measure_id = id;
    mc.ended_on = S(cli->end);
    mc.outcome = S(cli->note);
    return cli_call_ok(cli, &mc.base, _("措施已结束"));
}

static void review_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已记录村级评议和公示，审批状态：%s\n"), reply->monitor_review->status);
}

static int review(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("待办编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->date == NULL || cli->start == NULL || cli->end == NULL ||
        cli->note == NULL)
        return cli_usage(cli);
    Zhucun__MonitorReview mr = ZHUCUN__MONITOR_REVIEW__INIT;
    mr.step_id = id;
    mr.review_date = S(cli->date);
    mr.notice_first = S(cli->start);
    mr.notice_last = S(cli->end);
    mr.evidence = S(cli->note);
    return cli_call_show(cli, &mr.base, review_text);
}

static void sign_off_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已签字确认风险消除（%lld），送审批 %lld\n"),
           (long long)reply->monitor_sign_off->elimination_id,
           (long long)reply->monitor_sign_off->approval_id);
}

/* A refused sign-off names every failing condition: cli_fail prints the message, which
 * holds them all; each is also a field of the reply (--json prints nothing then). */
static int sign_off(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("监测记录编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__MonitorSignOff so = ZHUCUN__MONITOR_SIGN_OFF__INIT;
    so.case_id = id;
    so.note = S(cli->note);
    return cli_call_show(cli, &so.base, sign_off_text);
}

static void case_line(const Zhucun__MonitorCase *c)
{
    printf("%-6lld %-8lld %-10s %-12s %-14s %-10s", (long long)c->id, (long long)c->household_id,
           c->head_name, c->village_code, named(rules_monitor_kind_name, c->kind),
           named(rules_monitor_status_name, c->status));
    for (size_t i = 0; i < c->n_risks; i++)
        printf(" %s", c->risks[i]->text[0] ? c->risks[i]->text
                                           : named(rules_monitor_risk_name, c->risks[i]->risk));
    if (c->last_measure_on[0])
        printf(_("  最近措施 %s"), c->last_measure_on);
    printf("\n");
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__MonitorCase *c = reply->monitor_case;
    printf(_("监测记录 %lld：%s（农户 %lld，%s），%s，%s %s发现，状态：%s\n"), (long long)c->id,
           c->head_name, (long long)c->household_id, c->village_code,
           named(rules_monitor_kind_name, c->kind), c->found_on,
           named(rules_monitor_found_by_name, c->found_by),
           named(rules_monitor_status_name, c->status));
    printf(_("风险：\n"));
    for (size_t i = 0; i < c->n_risks; i++) {
        const Zhucun__MonitorRisk *r = c->risks[i];
        printf(r->closed_on[0] ? _("  %-6lld %s%s%s，%s 发现，%s 消除\n")
                               : _("  %-6lld %s%s%s，%s 发现，%s未消除\n"),
               (long long)r->id, named(rules_monitor_risk_name, r->risk), r->text[0] ? "：" : "",
               r->text, r->identified_on, r->closed_on);
    }
    printf(_("帮扶措施：\n"));
    for (size_t i = 0; i < c->n_measures; i++) {
        const Zhucun__MonitorMeasure *m = c->measures[i];
        printf("  %-6lld %s %s（%s）%s~%s %s\n", (long long)m->id,
               named(rules_monitor_measure_name, m->kind), m->description, m->responsible_name,
               m->started_on, m->ended_on[0] ? m->ended_on : _("进行中"), m->outcome);
    }
    for (size_t i = 0; i < c->n_reviews; i++)
        printf(_("村级评议 %s，公示 %s~%s，%s（%s）\n"), c->reviews[i]->review_date,
               c->reviews[i]->notice_first, c->reviews[i]->notice_last, c->reviews[i]->evidence,
               c->reviews[i]->recorded_by);
    for (size_t i = 0; i < c->n_eliminations; i++)
        printf(_("风险消除 %lld：%s 由 %s 签字，审批 %lld，%s\n"),
               (long long)c->eliminations[i]->id, c->eliminations[i]->signed_on,
               c->eliminations[i]->signed_by, (long long)c->eliminations[i]->approval_id,
               cli_approval_status_zh(c->eliminations[i]->status));
    if (c->n_blockers > 0) {
        printf(_("尚不能签字确认风险消除：\n"));
        for (size_t i = 0; i < c->n_blockers; i++)
            printf("  [%s] %s\n", c->blockers[i]->field, c->blockers[i]->message);
    } else if (strcmp(c->status, "monitored") == 0) {
        printf(_("风险消除的条件均已满足，可以签字\n"));
    }
    printf(_("农户类别：\n"));
    for (size_t i = 0; i < c->n_categories; i++)
        printf("  %s %s %s\n", c->categories[i]->valid_from,
               cli_category_zh(c->categories[i]->category), c->categories[i]->note);
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id = 0;
    if (argc == 1 && cli_id(_("监测记录编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc > 1 || (argc == 1) == (cli->household > 0))
        return cli_usage(cli);
    Zhucun__MonitorShow ms = ZHUCUN__MONITOR_SHOW__INIT;
    ms.case_id = id;
    ms.household_id = cli->household;
    return cli_call_show(cli, &ms.base, show_text);
}

/* The cases as a workbook: one sheet, one row a case. */
static int cases_xlsx(const char *path, const char *title, Zhucun__MonitorCase **cases, size_t n)
{
    static const struct xlsx_column cols[] = {
        {"监测记录", XLSX_NUMBER, 10},   {"农户编号", XLSX_NUMBER, 10},
        {"户主", XLSX_TEXT, 10},         {"行政村", XLSX_TEXT, 14},
        {"类别", XLSX_TEXT, 14},         {"状态", XLSX_TEXT, 10},
        {"发现日期", XLSX_TEXT, 12},     {"纳入日期", XLSX_TEXT, 12},
        {"未消除的风险", XLSX_TEXT, 30}, {"最近措施", XLSX_TEXT, 12},
    };
    struct xlsx_book *b = xlsx_open(path);
    if (b == NULL)
        return 1;
    struct xlsx_sheet *s = xlsx_sheet(b, "监测对象", title, cols, sizeof(cols) / sizeof(*cols));
    for (size_t i = 0; i < n; i++) {
        const Zhucun__MonitorCase *c = cases[i];
        char risks[1024] = "";
        size_t len = 0;
        for (size_t k = 0; k < c->n_risks && len < sizeof(risks); k++)
            len += (size_t)snprintf(risks + len, sizeof(risks) - len, "%s%s", k ? "、" : "",
                                    c->risks[k]->text[0]
                                        ? c->risks[k]->text
                                        : named(rules_monitor_risk_name, c->risks[k]->risk));
        struct xlsx_cell cells[] = {
            {.number = (double)c->id},
            {.number = (double)c->household_id},
            {.text = c->head_name},
            {.text = c->village_code},
            {.text = named(rules_monitor_kind_name, c->kind)},
            {.text = named(rules_monitor_status_name, c->status)},
            {.text = c->found_on},
            {.text = c->entered_on},
            {.text = risks},
            {.text = c->last_measure_on},
        };
        xlsx_row(s, cells, 0);
    }
    if (xlsx_close(b) != 0)
        return 1;
    printf(_("已导出 %s（%zu 户）\n"), path, n);
    return 0;
}

/* A list's reply: --json, --xlsx, or a table. */
static int show_cases(struct cli *cli, const Zhucun__Reply *reply, const char *title,
                      Zhucun__MonitorCase **cases, size_t n, int truncated)
{
    if (cli->json) {
        cli_json(cli_reply_body(reply));
        return 0;
    }
    if (cli->xlsx != NULL)
        return cases_xlsx(cli->xlsx, title, cases, n);
    printf("%s\n", title);
    for (size_t i = 0; i < n; i++)
        case_line(cases[i]);
    if (truncated)
        printf(_("（仅显示前 %zu 户；用 --after %lld 查看后续）\n"), n,
               (long long)cases[n - 1]->id);
    return 0;
}

static int list(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage(cli);
    Zhucun__MonitorList ml = ZHUCUN__MONITOR_LIST__INIT;
    ml.org_code = S(cli->org);
    ml.kind = S(cli->kind);
    ml.risk = argc == 1 ? argv[0] : "";
    ml.status = S(cli->status);
    ml.after = cli->after;
    ml.limit = (uint32_t)cli->limit;
    Zhucun__Reply *reply = NULL;
    int rc = cli_call(cli, &ml.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__MonitorListReply *l = reply->monitor_list;
    rc = show_cases(cli, reply, _("防止返贫监测对象"), l->cases, l->n_cases, l->truncated);
    zc_reply_free(reply);
    return rc;
}

static int stale(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__MonitorStale ms = ZHUCUN__MONITOR_STALE__INIT;
    ms.org_code = S(cli->org);
    ms.after = cli->after;
    ms.limit = (uint32_t)cli->limit;
    Zhucun__Reply *reply = NULL;
    int rc = cli_call(cli, &ms.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__MonitorStaleReply *s = reply->monitor_stale;
    char title[160];
    snprintf(title, sizeof(title), _("近 %u 个月（%s 起）没有帮扶措施的监测户"), s->months,
             s->since);
    rc = show_cases(cli, reply, title, s->cases, s->n_cases, s->truncated);
    zc_reply_free(reply);
    return rc;
}

static const struct option enter_options[] = {O_KIND, O_FROM, O_DATE, O_NOTE, OPT_END_};
static const struct option risk_add_options[] = {O_DATE, OPT_END_};
static const struct option risk_close_options[] = {O_DATE, O_NOTE, OPT_END_};
static const struct option measure_add_options[] = {O_KIND, O_PERSON, O_START, O_NOTE, OPT_END_};
static const struct option measure_close_options[] = {O_END, O_NOTE, OPT_END_};
static const struct option review_options[] = {O_DATE, O_START, O_END, O_NOTE, OPT_END_};
static const struct option sign_off_options[] = {O_NOTE, OPT_END_};
static const struct option show_options[] = {O_HOUSEHOLD, OPT_END_};
static const struct option list_options[] = {O_ORG,   O_KIND, O_STATUS, O_AFTER,
                                             O_LIMIT, O_XLSX, OPT_END_};
static const struct option stale_options[] = {O_ORG, O_AFTER, O_LIMIT, O_XLSX, OPT_END_};

const struct cli_command cli_monitoring_commands[] = {
    {"monitor", "enter", enter, enter_options,
     N_("zhucun monitor enter 农户编号 风险... --kind unstable|marginal|sudden\n"
        "    --from application|screening|warning --date 发现日期 [--note 说明]\n"
        "    风险：illness schooling disability disaster accident industry_failure\n"
        "    unstable_work few_workers expenses housing_risk water_risk other:说明\n"),
     "MonitorEnter"},
    {"monitor", "risk add", risk_add, risk_add_options,
     N_("zhucun monitor risk add 监测记录编号 风险 --date 识别日期\n"), "MonitorRiskAdd"},
    {"monitor", "risk close", risk_close, risk_close_options,
     N_("zhucun monitor risk close 风险编号 --date 消除日期 --note 消除情况\n"),
     "MonitorRiskClose"},
    {"monitor", "measure add", measure_add, measure_add_options,
     N_("zhucun monitor measure add 监测记录编号 --kind industry|employment|health|education|\n"
        "    housing|water|assistance|other --person 责任人编号 --start 开始日期 --note "
        "措施内容\n"),
     "MeasureAdd"},
    {"monitor", "measure close", measure_close, measure_close_options,
     N_("zhucun monitor measure close 措施编号 --end 结束日期 --note 成效\n"), "MeasureClose"},
    {"monitor", "review", review, review_options,
     N_("zhucun monitor review 待办编号 --date 评议日期 --start 公示开始 --end 公示结束\n"
        "    --note 依据（会议记录、公示地点、照片）\n"
        "    驻村工作队队长记录村级评议和公示，通过村级审批环节\n"),
     "MonitorReview"},
    {"monitor", "signoff", sign_off, sign_off_options,
     N_("zhucun monitor signoff 监测记录编号 [--note 说明]\n"
        "    签字确认风险消除；条件未满足时列出每一项\n"),
     "MonitorSignOff"},
    {"monitor", "show", show, show_options,
     N_("zhucun monitor show 监测记录编号 | --household 农户编号\n"
        "    风险、措施、审批和尚不能消除风险的原因\n"),
     "MonitorShow"},
    {"monitor", "list", list, list_options,
     N_("zhucun monitor list [风险] [--org 代码] [--kind 类别] [--status 状态|all]\n"
        "    [--after 编号] [--limit N] [--xlsx 文件]\n"),
     "MonitorList"},
    {"monitor", "stale", stale, stale_options,
     N_("zhucun monitor stale [--org 代码] [--after 编号] [--limit N] [--xlsx 文件]\n"
        "    近 N 个月没有帮扶措施的监测户（N 为规则）\n"),
     "MonitorStale"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
