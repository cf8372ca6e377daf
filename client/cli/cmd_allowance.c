/* cmd_allowance.c -- zhucun allowance compute|confirm|submit|correct|show|list|statement: a
 * cadre's monthly allowance statement (驻村补助, SPEC D4): drafted from the days in the village,
 * the days confirmed by the township or the county office, approved by the dispatching unit
 * (zhucun queue, zhucun approve), frozen; the unit's statement of a month for its finance office
 * as a workbook (--xlsx). docs/allowances.md. */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/allowance.h"
#include "common/rules/income.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *status_zh(const char *s)
{
    return strcmp(s, "draft") == 0       ? _("待确认")
           : strcmp(s, "confirmed") == 0 ? _("已确认天数")
           : strcmp(s, "pending") == 0   ? _("审批中")
           : strcmp(s, "approved") == 0  ? _("已审批")
           : strcmp(s, "rejected") == 0  ? _("已驳回")
           : strcmp(s, "returned") == 0  ? _("已退回")
                                         : s;
}

/* ID... (1 to ALLOWANCE_BATCH_MAX statements) into ids: their number, or -1 after saying what
 * is wrong. */
static int ids_args(int argc, char **argv, int64_t *ids)
{
    if (argc < 1 || argc > ALLOWANCE_BATCH_MAX) {
        fprintf(stderr, _("zhucun: 请列出 1 到 %d 张补助表的编号\n"), ALLOWANCE_BATCH_MAX);
        return -1;
    }
    for (int i = 0; i < argc; i++) {
        long long id;
        if (cli_id(_("补助表编号"), argv[i], &id) != 0)
            return -1;
        ids[i] = id;
    }
    return argc;
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    long long n = (long long)reply->allowance_compute->id;
    (void)cli;
    switch (reply->body_case) {
    case ZHUCUN__REPLY__BODY_ALLOWANCE_COMPUTE:
        printf(_("已计算 %lld 张补助表（待乡镇或县驻村办确认天数）\n"), n);
        break;
    case ZHUCUN__REPLY__BODY_ALLOWANCE_CONFIRM:
        printf(_("已确认 %lld 张补助表的驻村天数\n"), n);
        break;
    case ZHUCUN__REPLY__BODY_ALLOWANCE_SUBMIT:
        printf(_("已将 %lld 张补助表报派出单位审批\n"), n);
        break;
    default:
        printf(_("已生成更正版本，补助表 #%lld（待确认天数）\n"), n);
        break;
    }
}

/* allowance compute YYYY-MM [--org] [--unit] [--person] */
static int allowance_compute(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__AllowanceCompute c = ZHUCUN__ALLOWANCE_COMPUTE__INIT;
    c.month = argv[0];
    c.org_code = S(cli->org);
    c.unit_id = cli->unit;
    c.person_id = cli->person;
    return cli_call_show(cli, &c.base, written_text);
}

/* allowance confirm|submit ID... */
static int allowance_batch(struct cli *cli, int argc, char **argv)
{
    static int64_t ids[ALLOWANCE_BATCH_MAX];
    int n = ids_args(argc, argv, ids);
    if (n < 0)
        return EXIT_USAGE;
    if (strcmp(cli->cmd->sub, "confirm") == 0) {
        Zhucun__AllowanceConfirm c = ZHUCUN__ALLOWANCE_CONFIRM__INIT;
        c.n_ids = (size_t)n;
        c.ids = ids;
        return cli_call_show(cli, &c.base, written_text);
    }
    Zhucun__AllowanceSubmit s = ZHUCUN__ALLOWANCE_SUBMIT__INIT;
    s.n_ids = (size_t)n;
    s.ids = ids;
    return cli_call_show(cli, &s.base, written_text);
}

/* allowance correct ID --reason TEXT */
static int allowance_correct(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1 || cli->reason == NULL)
        return cli_usage(cli);
    if (cli_id(_("补助表编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__AllowanceCorrect c = ZHUCUN__ALLOWANCE_CORRECT__INIT;
    c.statement_id = id;
    c.reason = (char *)cli->reason;
    return cli_call_show(cli, &c.base, written_text);
}

/* ---- one statement ---- */

static void statement_text(const Zhucun__AllowanceStatement *s)
{
    char living[ALLOWANCE_YUAN_LEN], rate[ALLOWANCE_YUAN_LEN], transport[ALLOWANCE_YUAN_LEN],
        amount[ALLOWANCE_YUAN_LEN];
    printf(_("补助表 #%lld  %s  %s 第 %u 版  %s%s\n"), (long long)s->id, s->person_name, s->month,
           s->version, status_zh(s->status), s->current ? _("（现行）") : "");
    printf(_("  派出单位 %s（%s）  驻 %s %s\n"), s->unit_name, cli_unit_level_zh(s->unit_level),
           s->org_name, s->team_name);
    printf(_("  在岗 %u 天，在村 %u 天；请假 %u 天，公务 %u 天（另列，不计补助）\n"),
           s->days_served, s->days_present, s->days_leave, s->days_business);
    printf(_("  生活补助 %s 元（每天 %s 元），交通补助 %s 元，合计 %s 元\n"),
           rules_allowance_yuan(s->living_fen, living),
           rules_allowance_yuan(s->living_rate_fen, rate),
           rules_allowance_yuan(s->transport_fen, transport),
           rules_allowance_yuan(s->amount_fen, amount));
    if (s->corrects != 0)
        printf(_("  更正 #%lld：%s\n"), (long long)s->corrects, s->reason);
    if (s->confirmed_at[0] != '\0')
        printf(_("  天数确认：%s %s\n"), s->confirmed_by, s->confirmed_at);
    if (s->approval_id != 0)
        printf(_("  审批 #%lld（zhucun approval history allowance %lld）\n"),
               (long long)s->approval_id, (long long)s->id);
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__AllowanceShowReply *r = reply->allowance_show;
    (void)cli;
    statement_text(r->statement);
    printf(_("  逐日（白天 / 夜间；假：请假，公：公务，—：不在岗）：\n"));
    for (size_t i = 0; i < r->n_days; i++) {
        const Zhucun__AllowanceDay *d = r->days[i];
        const char *mark = !d->served                                     ? _("—")
                           : strcmp(d->excused, "leave") == 0             ? _("假")
                           : strcmp(d->excused, "official_business") == 0 ? _("公")
                                                                          : "";
        printf("    %s %s%s%s\n", d->day, d->day_present ? _("白天在村") : _("白天不在"),
               d->night_present ? _(" 夜间在村") : "", mark[0] ? mark : "");
    }
    for (size_t i = 1; i < r->n_versions; i++) {
        char amount[ALLOWANCE_YUAN_LEN];
        const Zhucun__AllowanceStatement *v = r->versions[i];
        printf(_("  其他版本 #%lld 第 %u 版 %s 在村 %u 天 %s 元%s\n"), (long long)v->id, v->version,
               status_zh(v->status), v->days_present, rules_allowance_yuan(v->amount_fen, amount),
               v->current ? _("（现行）") : "");
    }
}

static int allowance_show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("补助表编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__AllowanceShow s = ZHUCUN__ALLOWANCE_SHOW__INIT;
    s.statement_id = id;
    return cli_call_show(cli, &s.base, show_text);
}

/* ---- lists: text, or the finance office's workbook ---- */

enum {
    COL_ID,
    COL_NAME,
    COL_MONTH,
    COL_VERSION,
    COL_UNIT,
    COL_PLACE,
    COL_SERVED,
    COL_PRESENT,
    COL_LEAVE,
    COL_BUSINESS,
    COL_RATE,
    COL_LIVING,
    COL_TRANSPORT,
    COL_AMOUNT,
    COL_STATUS,
    NCOLS
};

static const struct {
    const char *head; /* N_() */
    int width;        /* terminal cells; < 0 a number */
} columns[NCOLS] = {
    {N_("编号"), -6},
    {N_("姓名"), 8},
    {N_("月份"), 7},
    {N_("版本"), -4},
    {N_("派出单位"), 16},
    {N_("驻村地点"), 14},
    {N_("在岗天数"), -8},
    {N_("在村天数"), -8},
    {N_("请假天数"), -8},
    {N_("公务天数"), -8},
    {N_("生活补助标准（元/天）"), -12},
    {N_("生活补助（元）"), -10},
    {N_("交通补助（元）"), -10},
    {N_("合计（元）"), -10},
    {N_("状态"), 10},
};

/* The cells of statement s (numbers formatted into num). */
static void statement_cells(const Zhucun__AllowanceStatement *s, const char **c,
                            char num[NCOLS][ALLOWANCE_YUAN_LEN])
{
    snprintf(num[COL_ID], ALLOWANCE_YUAN_LEN, "%lld", (long long)s->id);
    snprintf(num[COL_VERSION], ALLOWANCE_YUAN_LEN, "%u", s->version);
    snprintf(num[COL_SERVED], ALLOWANCE_YUAN_LEN, "%u", s->days_served);
    snprintf(num[COL_PRESENT], ALLOWANCE_YUAN_LEN, "%u", s->days_present);
    snprintf(num[COL_LEAVE], ALLOWANCE_YUAN_LEN, "%u", s->days_leave);
    snprintf(num[COL_BUSINESS], ALLOWANCE_YUAN_LEN, "%u", s->days_business);
    c[COL_ID] = num[COL_ID];
    c[COL_NAME] = s->person_name;
    c[COL_MONTH] = s->month;
    c[COL_VERSION] = num[COL_VERSION];
    c[COL_UNIT] = s->unit_name;
    c[COL_PLACE] = s->org_name;
    c[COL_SERVED] = num[COL_SERVED];
    c[COL_PRESENT] = num[COL_PRESENT];
    c[COL_LEAVE] = num[COL_LEAVE];
    c[COL_BUSINESS] = num[COL_BUSINESS];
    c[COL_RATE] = rules_allowance_yuan(s->living_rate_fen, num[COL_RATE]);
    c[COL_LIVING] = rules_allowance_yuan(s->living_fen, num[COL_LIVING]);
    c[COL_TRANSPORT] = rules_allowance_yuan(s->transport_fen, num[COL_TRANSPORT]);
    c[COL_AMOUNT] = rules_allowance_yuan(s->amount_fen, num[COL_AMOUNT]);
    c[COL_STATUS] = status_zh(s->status);
}

/* The workbook: a row per statement and a bold total line of the amounts. */
static int list_xlsx(const char *path, const char *title, const Zhucun__AllowanceListReply *l)
{
    struct xlsx_column xc[NCOLS];
    for (int c = 0; c < NCOLS; c++) {
        xc[c].header = _(columns[c].head);
        xc[c].kind = columns[c].width < 0 ? XLSX_NUMBER : XLSX_TEXT;
        xc[c].width = abs(columns[c].width) + 2;
    }
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    struct xlsx_sheet *ws = xlsx_sheet(wb, _("驻村补助"), title, xc, NCOLS);
    struct xlsx_cell cells[NCOLS];
    const char *text[NCOLS];
    char num[NCOLS][ALLOWANCE_YUAN_LEN];
    long long living = 0, transport = 0;
    for (size_t i = 0; i < l->n_statements; i++) {
        statement_cells(l->statements[i], text, num);
        for (int c = 0; c < NCOLS; c++) {
            cells[c].text = text[c];
            cells[c].number = columns[c].width < 0 ? strtod(text[c], NULL) : 0;
        }
        living += l->statements[i]->living_fen;
        transport += l->statements[i]->transport_fen;
        xlsx_row(ws, cells, 0);
    }
    memset(cells, 0, sizeof(cells));
    cells[COL_NAME].text = _("合计");
    cells[COL_LIVING].number = (double)living / 100;
    cells[COL_TRANSPORT].number = (double)transport / 100;
    cells[COL_AMOUNT].number = (double)l->total_fen / 100;
    xlsx_row(ws, cells, 1);
    return cli_xlsx_done(wb);
}

static void list_text(const char *title, const Zhucun__AllowanceListReply *l)
{
    const char *heads[NCOLS], *text[NCOLS];
    int widths[NCOLS];
    char num[NCOLS][ALLOWANCE_YUAN_LEN], total[ALLOWANCE_YUAN_LEN];
    printf("%s\n", title);
    if (l->n_statements == 0) {
        printf("%s\n", _("（没有补助表）"));
        return;
    }
    for (int c = 0; c < NCOLS; c++) {
        heads[c] = _(columns[c].head);
        widths[c] = columns[c].width;
    }
    cli_print_row(heads, widths, NCOLS);
    for (size_t i = 0; i < l->n_statements; i++) {
        statement_cells(l->statements[i], text, num);
        cli_print_row(text, widths, NCOLS);
    }
    printf(_("合计 %zu 张，%s 元\n"), l->n_statements, rules_allowance_yuan(l->total_fen, total));
    if (l->truncated)
        printf(_("（只列出了前 %zu 条，请用 --limit、--month 或 --org 缩小）\n"), l->n_statements);
}

/* allowance list [...] and allowance statement --unit ID --month M: the second lists the
 * statements alone (each cadre's latest approved version of the month), for the finance
 * office. */
static int allowance_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    int statement = strcmp(cli->cmd->sub, "statement") == 0;
    if (argc != 0 || (cli->json && cli->xlsx != NULL) ||
        (statement && (cli->unit == 0 || cli->month == NULL)))
        return cli_usage(cli);
    Zhucun__AllowanceList q = ZHUCUN__ALLOWANCE_LIST__INIT;
    q.month = S(cli->month);
    q.org_code = S(cli->org);
    q.unit_id = cli->unit;
    q.person_id = cli->person;
    q.status = S(cli->status);
    q.statement = statement;
    q.limit = (uint32_t)(cli->limit > ALLOWANCE_LIST_MAX ? ALLOWANCE_LIST_MAX : cli->limit);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &q.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__AllowanceListReply *l = reply->allowance_list;
    char title[300];
    if (statement)
        snprintf(title, sizeof(title), _("%s 驻村干部补助发放表（%s）"),
                 l->n_statements > 0 ? l->statements[0]->unit_name : "", q.month);
    else
        snprintf(title, sizeof(title), _("驻村补助表%s%s"), q.month[0] ? " " : "", q.month);
    if (cli->json)
        cli_json(cli_reply_body(reply));
    else if (cli->xlsx != NULL)
        rc = list_xlsx(cli->xlsx, title, l);
    else
        list_text(title, l);
    zc_reply_free(reply);
    return rc;
}

/* ---- the rates ---- */

static void rate_set_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    printf(_("已发布补助标准 #%lld，%s 起施行（此前已计算的补助表不变）\n"),
           (long long)reply->allowance_rate_set->id, cli->from);
}

/* allowance rate-set LEVEL LIVING TRANSPORT --from YYYY-MM [--county CODE] [--note TEXT]: the
 * amounts in yuan (a day, a month). */
static int allowance_rate_set(struct cli *cli, int argc, char **argv)
{
    int64_t living, transport;
    if (argc != 3 || cli->from == NULL)
        return cli_usage(cli);
    for (int i = 1; i <= 2; i++)
        if (rules_income_yuan_parse(argv[i], 0, i == 1 ? &living : &transport) != 0) {
            fprintf(stderr, _("zhucun: %s（收到 “%s”）\n"), _(INCOME_YUAN_PROBLEM), argv[i]);
            return EXIT_USAGE;
        }
    Zhucun__AllowanceRateSet q = ZHUCUN__ALLOWANCE_RATE_SET__INIT;
    q.unit_level = argv[0];
    q.county_code = S(cli->county);
    q.living_fen_per_day = living;
    q.transport_fen = transport;
    q.valid_from = (char *)cli->from;
    q.note = S(cli->note);
    return cli_call_show(cli, &q.base, rate_set_text);
}

/* allowance rates [--county CODE] [--on DATE] */
static int allowance_rates(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__AllowanceRateList q = ZHUCUN__ALLOWANCE_RATE_LIST__INIT;
    q.county_code = S(cli->county);
    q.on = S(cli->on);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &q.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__AllowanceRateListReply *l = reply->allowance_rate_list;
    if (cli->json) {
        cli_json(cli_reply_body(reply));
        zc_reply_free(reply);
        return 0;
    }
    printf(_("驻村补助标准（%s，%s）\n"), l->county_code[0] ? l->county_code : _("全省"), l->on);
    static const int widths[] = {10, 12, 12, 24, 12, 10, 8};
    const char *heads[] = {_("单位级别"), _("生活补助/天"), _("交通补助/月"), _("来源"),
                           _("起"),       _("止"),          _("已用表数")};
    cli_print_row(heads, widths, 7);
    int own = 0; /* rows the county set itself */
    for (size_t i = 0; i < l->n_rates; i++) {
        const Zhucun__AllowanceRate *r = l->rates[i];
        char living[ALLOWANCE_YUAN_LEN], transport[ALLOWANCE_YUAN_LEN], source[160], used[16];
        if (strcmp(r->source, "county") == 0) {
            snprintf(source, sizeof(source), _("%s自定"), r->county_name);
            own++;
        } else
            snprintf(source, sizeof(source), "%s", _("全省标准"));
        snprintf(used, sizeof(used), "%u", r->statements);
        const char *cells[] = {cli_unit_level_zh(r->unit_level),
                               rules_allowance_yuan(r->living_fen_per_day, living),
                               rules_allowance_yuan(r->transport_fen, transport),
                               source,
                               r->valid_from,
                               r->valid_to[0] ? r->valid_to : "-",
                               used};
        cli_print_row(cells, widths, 7);
    }
    if (l->county_code[0] != '\0' && own == 0)
        printf("%s", _("（本县未另定标准：以上均为全省标准）\n"));
    zc_reply_free(reply);
    return 0;
}

static const struct option compute_options[] = {O_ORG, O_UNIT, O_PERSON, OPT_END_};
static const struct option correct_options[] = {O_REASON, OPT_END_};
static const struct option list_options[] = {O_MONTH,  O_ORG,   O_UNIT, O_PERSON,
                                             O_STATUS, O_LIMIT, O_XLSX, OPT_END_};
static const struct option statement_options[] = {O_MONTH, O_UNIT, O_LIMIT, O_XLSX, OPT_END_};
static const struct option rate_set_options[] = {O_FROM, O_COUNTY, O_NOTE, OPT_END_};
static const struct option rates_options[] = {O_COUNTY, O_ON, OPT_END_};

const struct cli_command cli_allowance_commands[] = {
    {"allowance", "compute", allowance_compute, compute_options,
     N_("zhucun allowance compute 月份 [--org 区划代码] [--unit 单位编号] [--person 人员编号]\n"
        "    按打卡和五天四夜计算该月驻村干部的补助表（已报审或已审批的不变）\n"),
     "AllowanceCompute"},
    {"allowance", "confirm", allowance_batch, NULL,
     N_("zhucun allowance confirm 补助表编号...\n"
        "    乡镇或县驻村办确认驻村天数（月底后）\n"),
     "AllowanceConfirm"},
    {"allowance", "submit", allowance_batch, NULL,
     N_("zhucun allowance submit 补助表编号...\n"
        "    将已确认天数的补助表报派出单位审批\n"),
     "AllowanceSubmit"},
    {"allowance", "correct", allowance_correct, correct_options,
     N_("zhucun allowance correct 补助表编号 --reason 原因\n"
        "    更正已审批的补助表：生成新版本，重新确认和审批\n"),
     "AllowanceCorrect"},
    {"allowance", "show", allowance_show, NULL,
     N_("zhucun allowance show 补助表编号\n"
        "    补助表、逐日在村情况和各版本\n"),
     "AllowanceShow"},
    {"allowance", "list", allowance_list, list_options,
     N_("zhucun allowance list [--month 月份] [--org 区划代码] [--unit 单位编号] [--person "
        "人员编号] [--status 状态] [--limit 条数] [--xlsx 文件]\n"
        "    补助表（每人每月最新的版本；驻村干部看本人的）\n"),
     "AllowanceList"},
    {"allowance", "statement", allowance_list, statement_options,
     N_("zhucun allowance statement --unit 单位编号 --month 月份 [--xlsx 文件]\n"
        "    派出单位某月已审批的补助发放表（供财务）\n"),
     "AllowanceList"},
    {"allowance", "rates", allowance_rates, rates_options,
     N_("zhucun allowance rates [--county 县区划代码] [--on 日期]\n"
        "    "
        "某县某日适用的补助标准（各单位级别）及其来源：全省标准或该县自定；县、乡、村的账号不写 "
        "--county 即为本县\n"),
     "AllowanceRateList"},
    {"allowance", "rate-set", allowance_rate_set, rate_set_options,
     N_("zhucun allowance rate-set 单位级别 生活补助元/天 交通补助元/月 --from 月份 [--county "
        "县区划代码] [--note 说明]\n"
        "    发布补助标准：省驻村办发布全省标准，县驻村办发布本县自定标准（从本月或以后起）\n"),
     "AllowanceRateSet"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
