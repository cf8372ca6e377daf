/* cmd_service.c -- zhucun service: service cases and disputes (精细化服务, SPEC S1) opened,
 * stepped, closed, listed and shown, and their counts by village, unit, cadre, category or
 * month (text, JSON, Excel). docs/services.md. */
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/service.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* The most any category pays in one case (the rules check each category's own limit). */
static long long money_max_fen(void)
{
    long long max = 0;
    for (size_t i = 0; i < service_ncategories; i++)
        if (service_categories[i].money_max_fen > max)
            max = service_categories[i].money_max_fen;
    return max;
}

/* A category's name, or the code as it is. */
static const char *category_zh(const char *code)
{
    const struct service_category *c = rules_service_category(code);
    return c != NULL ? _(c->name) : code;
}

/* Fen as yuan ("1234.50"), in buf. */
static const char *money(long long fen, char buf[32])
{
    snprintf(buf, 32, "%lld.%02lld", fen / 100, fen % 100);
    return buf;
}

static void created_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    if (reply->body_case == ZHUCUN__REPLY__BODY_SERVICE_CASE_STEP)
        printf(_("已登记进展 #%lld\n"), (long long)reply->service_case_step->id);
    else
        printf(_("已受理，服务事项 #%lld\n"), (long long)reply->service_case_create->id);
}

static int add(struct cli *cli, int argc, char **argv)
{
    long long household, member = 0;
    if (argc != 1 || cli->category == NULL || cli->date == NULL || cli->note == NULL ||
        cli->nmembers > 1)
        return cli_usage(cli);
    if (cli_id(_("农户编号"), argv[0], &household) != 0 ||
        (cli->nmembers == 1 && cli_id("--member", cli->members[0], &member) != 0))
        return EXIT_USAGE;
    Zhucun__ServiceCaseCreate sc = ZHUCUN__SERVICE_CASE_CREATE__INIT;
    sc.household_id = household;
    sc.member_id = member;
    sc.category = S(cli->category);
    sc.subkind = S(cli->kind);
    sc.opened_on = S(cli->date);
    sc.summary = S(cli->note);
    sc.follows_id = cli->follows;
    sc.n_evidence = (size_t)cli->nevidence;
    sc.evidence = cli->evidence;
    return cli_call_show(cli, &sc.base, created_text);
}

static int step(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1 || cli->date == NULL || cli->note == NULL)
        return cli_usage(cli);
    if (cli_id(_("事项编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__ServiceCaseStep st = ZHUCUN__SERVICE_CASE_STEP__INIT;
    st.case_id = id;
    st.step = cli->step != NULL ? (char *)cli->step : "progress";
    st.on_date = S(cli->date);
    st.note = S(cli->note);
    st.n_evidence = (size_t)cli->nevidence;
    st.evidence = cli->evidence;
    return cli_call_show(cli, &st.base, created_text);
}

static int close_case(struct cli *cli, int argc, char **argv)
{
    long long id;
    double yuan = 0;
    if (argc != 1 || cli->date == NULL || cli->note == NULL)
        return cli_usage(cli);
    if (cli_id(_("事项编号"), argv[0], &id) != 0 ||
        (cli->amount != NULL &&
         cli_real("--amount", cli->amount, 0, (double)money_max_fen() / 100.0, &yuan) != 0))
        return EXIT_USAGE;
    Zhucun__ServiceCaseClose cc = ZHUCUN__SERVICE_CASE_CLOSE__INIT;
    cc.case_id = id;
    cc.closed_on = S(cli->date);
    cc.outcome = S(cli->note);
    cc.mediation = S(cli->mediation);
    cc.amount_fen = (int64_t)llround(yuan * 100.0);
    cc.n_evidence = (size_t)cli->nevidence;
    cc.evidence = cli->evidence;
    return cli_call_ok(cli, &cc.base, _("已办结"));
}

static void case_line(const Zhucun__ServiceCaseEntry *e)
{
    char yuan[32];
    const char *sub = rules_service_subkind_name(e->category, e->subkind);
    printf("#%-7lld %s %-8lld %-8s %s%s%s %s ", (long long)e->id, e->opened_on,
           (long long)e->household_id, e->head_name, category_zh(e->category), sub[0] ? "·" : "",
           sub[0] ? _(sub) : "", e->member_name);
    printf(_("经办：%s"), e->handler_name);
    if (e->closed_on[0] != '\0') {
        printf(_("  %s 办结：%s"), e->closed_on, e->outcome);
        if (e->mediation[0] != '\0')
            printf("（%s）", _(rules_service_mediation_name(e->mediation)));
        if (e->amount_fen > 0)
            printf(_(" %s 元"), money(e->amount_fen, yuan));
    } else {
        printf(_("  办理中（%u 个环节）"), e->steps);
    }
    printf("\n");
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__ServiceCaseListReply *l = reply->service_case_list;
    for (size_t i = 0; i < l->n_cases; i++)
        case_line(l->cases[i]);
    if (l->n_cases == 0)
        printf(_("（无服务事项）\n"));
    if (l->truncated)
        printf(_("（只列出前 %zu 条，请缩小范围）\n"), l->n_cases);
}

/* --xlsx: the list as a sheet, one case a row. */
static void list_xlsx(const struct cli *cli, const Zhucun__Reply *reply)
{
    static const struct xlsx_column columns[] = {
        {"事项编号", XLSX_NUMBER, 10}, {"所在村", XLSX_TEXT, 14},   {"农户编号", XLSX_NUMBER, 10},
        {"户主", XLSX_TEXT, 10},       {"成员", XLSX_TEXT, 10},     {"类别", XLSX_TEXT, 14},
        {"细类", XLSX_TEXT, 10},       {"事由", XLSX_TEXT, 40},     {"经办人", XLSX_TEXT, 10},
        {"受理日期", XLSX_TEXT, 12},   {"环节数", XLSX_NUMBER, 8},  {"办结日期", XLSX_TEXT, 12},
        {"办理结果", XLSX_TEXT, 40},   {"调解结果", XLSX_TEXT, 10}, {"金额（元）", XLSX_NUMBER, 12},
    };
    const Zhucun__ServiceCaseListReply *l = reply->service_case_list;
    struct xlsx_book *wb = xlsx_open(cli->xlsx);
    if (wb == NULL)
        return;
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "服务事项", "服务事项清单", columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i < l->n_cases; i++) {
        const Zhucun__ServiceCaseEntry *e = l->cases[i];
        const struct xlsx_cell cells[] = {
            {NULL, (double)e->id},
            {e->village_code, 0},
            {NULL, (double)e->household_id},
            {e->head_name, 0},
            {e->member_name, 0},
            {category_zh(e->category), 0},
            {rules_service_subkind_name(e->category, e->subkind), 0},
            {e->summary, 0},
            {e->handler_name, 0},
            {e->opened_on, 0},
            {NULL, (double)e->steps},
            {e->closed_on, 0},
            {e->outcome, 0},
            {rules_service_mediation_name(e->mediation), 0},
            {NULL, (double)e->amount_fen / 100.0},
        };
        xlsx_row(ws, cells, 0);
    }
    if (xlsx_close(wb) == 0)
        printf(_("已导出 %s（%zu 条）\n"), cli->xlsx, l->n_cases);
}

static int year_of(const struct cli *cli, uint32_t *year)
{
    long long y = 0;
    if (cli->year != NULL && cli_int("--year", cli->year, SERVICE_FIRST_YEAR, 9999, &y) != 0)
        return EXIT_USAGE;
    *year = (uint32_t)y;
    return 0;
}

static int list(struct cli *cli, int argc, char **argv)
{
    long long household = 0;
    Zhucun__ServiceCaseList sl = ZHUCUN__SERVICE_CASE_LIST__INIT;
    if (argc > 1 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if ((argc == 1 && cli_id(_("农户编号"), argv[0], &household) != 0) ||
        year_of(cli, &sl.year) != 0)
        return EXIT_USAGE;
    sl.household_id = household;
    sl.org_code = S(cli->org);
    sl.category = S(cli->category);
    sl.handler_id = cli->handler;
    sl.open_only = cli->open_only;
    sl.limit = (uint32_t)(cli->limit > SERVICE_LIST_MAX ? SERVICE_LIST_MAX : cli->limit);
    return cli_call_show(cli, &sl.base, cli->xlsx != NULL ? list_xlsx : list_text);
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__ServiceCaseShowReply *s = reply->service_case_show;
    case_line(s->service_case);
    printf(_("事由：%s\n"), s->service_case->summary);
    if (s->service_case->follows_id > 0)
        printf(_("接续事项 #%lld\n"), (long long)s->service_case->follows_id);
    for (size_t i = 0; i < s->n_steps; i++)
        printf("  %s %s %s（%s）\n", s->steps[i]->on_date,
               _(rules_service_step_name(s->steps[i]->step)), s->steps[i]->note,
               s->steps[i]->recorded_by);
    for (size_t i = 0; i < s->n_evidence; i++) {
        printf(_("  证明材料 "));
        for (size_t k = 0; k < s->evidence[i].len; k++)
            printf("%02x", s->evidence[i].data[k]);
        printf("\n");
    }
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("事项编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__ServiceCaseShow ss = ZHUCUN__SERVICE_CASE_SHOW__INIT;
    ss.id = id;
    return cli_call_show(cli, &ss.base, show_text);
}

static void report_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    char yuan[32];
    const Zhucun__ServiceReportReply *rr = reply->service_report;
    const char *heads[] = {_("口径"),   _("名称"),       _("受理"), _("办结"),
                           _("办理中"), _("金额（元）"), _("纠纷"), _("调解成功")};
    static const int widths[] = {24, 16, 6, 6, 6, 12, 6, 8};
    for (int k = 0; k < 8; k++) {
        cli_print_cell(heads[k], widths[k], k >= 2);
        putchar(k < 7 ? ' ' : '\n');
    }
    for (size_t i = 0; i < rr->n_rows; i++) {
        const Zhucun__ServiceReportRow *x = rr->rows[i];
        cli_print_cell(x->key, widths[0], 0);
        putchar(' ');
        cli_print_cell(strcmp(cli->by, "category") == 0 ? category_zh(x->label) : x->label,
                       widths[1], 0);
        printf(" %6u %6u %6u %12s %6u %8u\n", x->opened, x->closed, x->still_open,
               money(x->amount_fen, yuan), x->disputes, x->mediated);
    }
    if (rr->n_rows == 0)
        printf(_("（无服务事项）\n"));
}

/* What a row of the report grouped by `by` is, in Chinese (a workbook's title and axis). */
static const char *by_zh(const char *by)
{
    static const char *const kinds[][2] = {{"village", "村"},
                                           {"unit", "派出单位"},
                                           {"cadre", "经办人"},
                                           {"category", "类别"},
                                           {"month", "月份"}};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(by, kinds[i][0]) == 0)
            return kinds[i][1];
    return by;
}

/* The report's chart sheet 图表: each row's items closed of those taken in (办结率) -- by
 * month a line in the months' order, otherwise bars sorted with the rows' overall rate as the
 * line. */
static void report_chart(struct xlsx_book *wb, const struct cli *cli, const char *unit,
                         const Zhucun__ServiceReportReply *rr)
{
    struct xlsx_point *points = xcalloc(rr->n_rows + 1, sizeof(*points));
    unsigned long long opened = 0, closed = 0;
    for (size_t i = 0; i < rr->n_rows; i++) {
        const Zhucun__ServiceReportRow *x = rr->rows[i];
        points[i] =
            (struct xlsx_point){strcmp(cli->by, "category") == 0 ? category_zh(x->label) : x->label,
                                report_share(x->closed, x->opened)};
        opened += x->opened;
        closed += x->closed;
    }
    if (strcmp(cli->by, "month") == 0) {
        char title[160];
        snprintf(title, sizeof(title), "%s 服务事项办结率（按月）", unit);
        report_trend_chart(wb, title, "月份", "办结率", points, rr->n_rows);
    } else {
        report_rate_chart(wb, unit, "服务事项办结率", by_zh(cli->by), "办结率", points, rr->n_rows,
                          opened ? (double)closed / (double)opened : 0.0);
    }
    free(points);
}

static void report_xlsx(const struct cli *cli, const Zhucun__Reply *reply)
{
    static const struct xlsx_column columns[] = {
        {"口径", XLSX_TEXT, 14},       {"名称", XLSX_TEXT, 18},
        {"受理", XLSX_NUMBER, 8},      {"办结", XLSX_NUMBER, 8},
        {"办理中", XLSX_NUMBER, 8},    {"金额（元）", XLSX_NUMBER, 14},
        {"矛盾纠纷", XLSX_NUMBER, 10}, {"调解成功", XLSX_NUMBER, 10},
    };
    const Zhucun__ServiceReportReply *rr = reply->service_report;
    struct xlsx_book *wb = xlsx_open(cli->xlsx);
    if (wb == NULL)
        return;
    char title[400], name[256];
    const char *unit = cli_org_name((struct cli *)cli, cli->org, name, sizeof(name));
    snprintf(title, sizeof(title), "服务事项统计（%s，按%s）", unit, by_zh(cli->by));
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "服务统计", title, columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i < rr->n_rows; i++) {
        const Zhucun__ServiceReportRow *x = rr->rows[i];
        const struct xlsx_cell cells[] = {
            {x->key, 0},
            {strcmp(cli->by, "category") == 0 ? category_zh(x->label) : x->label, 0},
            {NULL, x->opened},
            {NULL, x->closed},
            {NULL, x->still_open},
            {NULL, (double)x->amount_fen / 100.0},
            {NULL, x->disputes},
            {NULL, x->mediated},
        };
        xlsx_row(ws, cells, 0);
    }
    report_chart(wb, cli, unit, rr);
    if (xlsx_close(wb) == 0)
        printf(_("已导出 %s（%zu 行）\n"), cli->xlsx, rr->n_rows);
}

static int report(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    Zhucun__ServiceReport sr = ZHUCUN__SERVICE_REPORT__INIT;
    if (argc != 0 || cli->by == NULL || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (year_of(cli, &sr.year) != 0)
        return EXIT_USAGE;
    sr.org_code = S(cli->org);
    sr.by = S(cli->by);
    return cli_call_show(cli, &sr.base, cli->xlsx != NULL ? report_xlsx : report_text);
}

static const struct option add_options[] = {O_CATEGORY, O_KIND,    O_MEMBER,   O_DATE,
                                            O_NOTE,     O_FOLLOWS, O_EVIDENCE, OPT_END_};
static const struct option step_options[] = {O_STEP, O_DATE, O_NOTE, O_EVIDENCE, OPT_END_};
static const struct option close_options[] = {O_DATE,   O_NOTE,     O_MEDIATION,
                                              O_AMOUNT, O_EVIDENCE, OPT_END_};
static const struct option list_options[] = {O_ORG,  O_CATEGORY, O_HANDLER, O_OPEN,
                                             O_YEAR, O_LIMIT,    O_XLSX,    OPT_END_};
static const struct option show_options[] = {OPT_END_};
static const struct option report_options[] = {O_ORG, O_YEAR, O_BY, O_XLSX, OPT_END_};

const struct cli_command cli_service_commands[] = {
    {"service", "add", add, add_options,
     N_("zhucun service add 农户编号 --category 类别 --date 受理日期 --note 事由\n"
        "    [--kind 细类]（dispute: family|neighbour|collective|petition；rights: "
        "election|dibao|\n"
        "    wubao|dividend|compensation|homestead）[--member 成员编号] [--follows "
        "接续的事项编号]\n"
        "    [--evidence SHA-256]...\n"
        "    类别：medical_reimbursement chronic_certificate student_loan micro_credit\n"
        "    disability_certificate wedding_funeral serious_illness family_crisis elderly_visit\n"
        "    orphan insurance_topup relief_payment legal_aid dispute rights\n"),
     "ServiceCaseCreate"},
    {"service", "step", step, step_options,
     N_("zhucun service step 事项编号 --date 日期 --note 进展\n"
        "    [--step progress|hospital_contact|admission|reimbursement] [--evidence SHA-256]...\n"),
     "ServiceCaseStep"},
    {"service", "close", close_case, close_options,
     N_("zhucun service close 事项编号 --date 办结日期 --note 办理结果\n"
        "    [--mediation mediated|partly|failed|referred]（矛盾纠纷必填）[--amount 元]\n"
        "    [--evidence SHA-256]...\n"),
     "ServiceCaseClose"},
    {"service", "list", list, list_options,
     N_("zhucun service list [农户编号] [--org 代码] [--category 类别] [--handler 账号编号]\n"
        "    [--open] [--year 年份] [--limit 条数] [--xlsx 文件]\n"),
     "ServiceCaseList"},
    {"service", "show", show, show_options, N_("zhucun service show 事项编号\n"),
     "ServiceCaseShow"},
    {"service", "report", report, report_options,
     N_("zhucun service report --by village|unit|cadre|category|month [--org 代码]\n"
        "    [--year 年份] [--xlsx 文件]\n"),
     "ServiceReport"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

/* ---- zhucun contest: the competitions (四、活动化提升, SPEC S3) ---- */

static void contest_created(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    if (reply->body_case == ZHUCUN__REPLY__BODY_CONTEST_ENTER)
        printf(_("已报名，参赛作品 #%lld\n"), (long long)reply->contest_enter->id);
    else
        printf(_("已开设，擂台赛 #%lld\n"), (long long)reply->contest_round_open->id);
}

static int round_open(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->kind == NULL || cli->org == NULL || cli->name == NULL ||
        cli->start == NULL || cli->end == NULL)
        return cli_usage(cli);
    Zhucun__ContestRoundOpen ro = ZHUCUN__CONTEST_ROUND_OPEN__INIT;
    ro.kind = S(cli->kind);
    ro.org_code = S(cli->org);
    ro.title = S(cli->name);
    ro.starts_on = S(cli->start);
    ro.ends_on = S(cli->end);
    return cli_call_show(cli, &ro.base, contest_created);
}

static int enter(struct cli *cli, int argc, char **argv)
{
    long long round;
    if (argc != 1 || cli->team == 0 || cli->name == NULL || cli->note == NULL)
        return cli_usage(cli);
    if (cli_id(_("擂台赛编号"), argv[0], &round) != 0)
        return EXIT_USAGE;
    Zhucun__ContestEnter ce = ZHUCUN__CONTEST_ENTER__INIT;
    ce.round_id = round;
    ce.team_id = cli->team;
    ce.title = S(cli->name);
    ce.description = S(cli->note);
    ce.n_evidence = (size_t)cli->nevidence;
    ce.evidence = cli->evidence;
    return cli_call_show(cli, &ce.base, contest_created);
}

static int result(struct cli *cli, int argc, char **argv)
{
    long long entry;
    if (argc != 1 || cli->award == NULL)
        return cli_usage(cli);
    if (cli_id(_("参赛作品编号"), argv[0], &entry) != 0)
        return EXIT_USAGE;
    Zhucun__ContestResult cr = ZHUCUN__CONTEST_RESULT__INIT;
    cr.entry_id = entry;
    cr.rank = (uint32_t)cli->rank;
    cr.award = S(cli->award);
    return cli_call_ok(cli, &cr.base, _("已评定"));
}

static void contest_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__ContestListReply *l = reply->contest_list;
    for (size_t i = 0; i < l->n_rounds; i++) {
        const Zhucun__ContestRound *x = l->rounds[i];
        printf(_("擂台赛 #%lld %s「%s」%s %s 至 %s（%s 开设，%u 件作品）\n"), (long long)x->id,
               rules_contest_kind_name(x->kind), x->title, x->org_name, x->starts_on, x->ends_on,
               x->opened_by, x->entries);
        for (size_t k = 0; k < l->n_entries; k++) {
            const Zhucun__ContestEntry *e = l->entries[k];
            if (e->round_id != x->id)
                continue;
            printf(_("  #%-7lld %s「%s」%s 报名"), (long long)e->id, e->team_name, e->title,
                   e->entered_on);
            if (e->award[0] != '\0' && e->rank > 0)
                printf(_("  第 %u 名 %s"), e->rank, e->award);
            else if (e->award[0] != '\0')
                printf("  %s", e->award);
            printf("\n");
        }
    }
    if (l->n_rounds == 0)
        printf(_("（无擂台赛）\n"));
    if (l->truncated)
        printf(_("（只列出前 %zu 件作品）\n"), l->n_entries);
}

static int contest_list(struct cli *cli, int argc, char **argv)
{
    long long round = 0;
    Zhucun__ContestList cl = ZHUCUN__CONTEST_LIST__INIT;
    if (argc > 1)
        return cli_usage(cli);
    if ((argc == 1 && cli_id(_("擂台赛编号"), argv[0], &round) != 0) || year_of(cli, &cl.year) != 0)
        return EXIT_USAGE;
    cl.round_id = round;
    cl.team_id = cli->team;
    cl.kind = S(cli->kind);
    return cli_call_show(cli, &cl.base, contest_text);
}

static const struct option open_options[] = {O_KIND, O_ORG, O_NAME, O_START, O_END, OPT_END_};
static const struct option enter_options[] = {O_TEAM, O_NAME, O_NOTE, O_EVIDENCE, OPT_END_};
static const struct option result_options[] = {O_RANK, O_AWARD, OPT_END_};
static const struct option contest_list_options[] = {O_TEAM, O_KIND, O_YEAR, OPT_END_};

const struct cli_command cli_contest_commands[] = {
    {"contest", "round-open", round_open, open_options,
     N_("zhucun contest round-open --kind "
        "livestream|tourism|entrepreneur|best_cadre|demonstration\n"
        "    --org 县市省代码 --name 名称 --start 报名开始 --end 报名截止\n"),
     "ContestRoundOpen"},
    {"contest", "enter", enter, enter_options,
     N_("zhucun contest enter 擂台赛编号 --team 工作队编号 --name 作品名称 --note 介绍\n"
        "    [--evidence SHA-256]...\n"),
     "ContestEnter"},
    {"contest", "result", result, result_options,
     N_("zhucun contest result 作品编号 --award 评定结果 [--rank 名次]\n"), "ContestResult"},
    {"contest", "list", contest_list, contest_list_options,
     N_("zhucun contest list [擂台赛编号] [--team 工作队编号] [--kind 类别] [--year 年份]\n"),
     "ContestList"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
