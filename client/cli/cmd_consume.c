/* cmd_consume.c -- zhucun consume: consumption assistance (消费帮扶, SPEC M7): purchases by a
 * dispatching unit, its first secretaries and teams; sales contracts of village producers with
 * platforms and supermarkets; each unit's progress toward its yearly quota and the units short
 * of it (text, JSON, Excel). docs/consumption.md. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/consume.h"
#include "common/rules/date.h"
#include "common/rules/income.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *buyer_zh(const char *kind)
{
    return strcmp(kind, "unit") == 0          ? _("单位")
           : strcmp(kind, "secretary") == 0   ? _("第一书记")
           : strcmp(kind, "team") == 0        ? _("工作队")
           : strcmp(kind, "platform") == 0    ? _("电商平台")
           : strcmp(kind, "supermarket") == 0 ? _("商超")
                                              : kind;
}

/* fen as yuan with two decimals, in out. */
static const char *yuan(int64_t fen, char out[32])
{
    rules_income_yuan_format(fen, out);
    return out;
}

/* --date, or today (the client's clock) when it is not given: into day. */
static const char *day_or_today(const struct cli *cli, char day[11])
{
    if (cli->date != NULL)
        return cli->date;
    rules_date_format(zc_clock_today(), day);
    return day;
}

/* QUANTITY, UNIT and AMOUNT (yuan) of a purchase or contract: 0, or EXIT_USAGE. */
static int goods_args(char **argv, int64_t *quantity, int64_t *amount)
{
    long long q;
    if (cli_int(_("数量"), argv[0], 1, CONSUME_QUANTITY_MAX, &q) != 0)
        return EXIT_USAGE;
    if (rules_income_yuan_parse(argv[2], 0, amount) != 0 || *amount < 1 ||
        *amount > CONSUME_AMOUNT_MAX) {
        fprintf(stderr, _("zhucun: 金额应为 0.01 到 1000000 元（收到 “%s”）\n"), argv[2]);
        return EXIT_USAGE;
    }
    *quantity = q;
    return 0;
}

/* --household ID (a household), else --name 名称 with --category cooperative|company. */
static void producer_args(const struct cli *cli, char **kind, int64_t *household, char **name)
{
    if (cli->household > 0) {
        *kind = "household";
        *household = cli->household;
        *name = "";
    } else {
        *kind = S(cli->category);
        *household = 0;
        *name = S(cli->name);
    }
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已登记，编号 #%lld\n"), (long long)reply->purchase_record->id);
}

/* buy UNIT VILLAGE GOODS QUANTITY UNIT AMOUNT */
static int buy(struct cli *cli, int argc, char **argv)
{
    long long unit;
    char day[11];
    if (argc != 6 || cli->kind == NULL)
        return cli_usage(cli);
    Zhucun__PurchaseRecord p = ZHUCUN__PURCHASE_RECORD__INIT;
    if (cli_id(_("单位编号"), argv[0], &unit) != 0 ||
        goods_args(argv + 3, &p.quantity, &p.amount) != 0)
        return EXIT_USAGE;
    p.unit_id = unit;
    p.buyer_kind = (char *)cli->kind;
    p.person_id = cli->person;
    p.team_id = cli->team;
    p.village = argv[1];
    producer_args(cli, &p.producer_kind, &p.household_id, &p.producer_name);
    p.on_date = (char *)day_or_today(cli, day);
    p.goods = argv[2];
    p.qty_unit = argv[4];
    p.n_evidence = (size_t)cli->nevidence;
    p.evidence = cli->evidence;
    return cli_call_show(cli, &p.base, written_text);
}

/* A list's arguments: none but the options; --year (0: not given) and --limit (at most
 * CONSUME_LIST_MAX) into *year and *limit. 0, or the exit status after saying what is wrong. */
static int list_args(const struct cli *cli, int argc, uint32_t *year, uint32_t *limit)
{
    long long y = 0;
    if (argc != 0)
        return cli_usage(cli);
    if (cli->year != NULL && cli_int("--year", cli->year, CONSUME_FIRST_YEAR, 9999, &y) != 0)
        return EXIT_USAGE;
    *year = (uint32_t)y;
    *limit = (uint32_t)(cli->limit > CONSUME_LIST_MAX ? CONSUME_LIST_MAX : cli->limit);
    return 0;
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__PurchaseListReply *l = reply->purchase_list;
    char y[32];
    for (size_t i = 0; i < l->n_purchases; i++) {
        const Zhucun__Purchase *p = l->purchases[i];
        printf("#%-6lld %s ", (long long)p->id, p->on_date);
        cli_print_cell(p->unit_name, 24, 0);
        printf(" ");
        cli_print_cell(buyer_zh(p->buyer_kind), 8, 0);
        printf(" ");
        cli_print_cell(p->buyer_name, 10, 0);
        printf(" ");
        cli_print_cell(p->village_name, 12, 0);
        printf(" ");
        cli_print_cell(p->producer_name, 16, 0);
        printf(" ");
        cli_print_cell(p->goods, 12, 0);
        printf(" %lld%s ", (long long)p->quantity, p->qty_unit);
        cli_print_cell(yuan(p->amount, y), 12, 1);
        printf(_(" 元\n"));
    }
    if (l->n_purchases == 0)
        printf(_("（没有采购记录）\n"));
    else
        printf(_("共 %zu 笔，合计 %s 元%s\n"), l->n_purchases, yuan(l->total, y),
               l->truncated ? _("（只列出最近的部分，请用 --limit 或 --unit 缩小）") : "");
}

static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    Zhucun__PurchaseList l = ZHUCUN__PURCHASE_LIST__INIT;
    int rc = list_args(cli, argc, &l.year, &l.limit);
    if (rc != 0)
        return rc;
    l.org_code = S(cli->org);
    l.unit_id = cli->unit;
    return cli_call_show(cli, &l.base, list_text);
}

/* contract add VILLAGE BUYER platform|supermarket GOODS QUANTITY UNIT AMOUNT */
static int contract_add(struct cli *cli, int argc, char **argv)
{
    char day[11];
    if (argc != 7 || cli->from == NULL || cli->to == NULL)
        return cli_usage(cli);
    Zhucun__ContractRecord c = ZHUCUN__CONTRACT_RECORD__INIT;
    if (goods_args(argv + 4, &c.quantity, &c.amount) != 0)
        return EXIT_USAGE;
    c.village = argv[0];
    c.buyer_name = argv[1];
    c.buyer_kind = argv[2];
    producer_args(cli, &c.producer_kind, &c.household_id, &c.producer_name);
    c.signed_on = (char *)day_or_today(cli, day);
    c.period_from = (char *)cli->from;
    c.period_to = (char *)cli->to;
    c.goods = argv[3];
    c.qty_unit = argv[5];
    c.n_evidence = (size_t)cli->nevidence;
    c.evidence = cli->evidence;
    return cli_call_show(cli, &c.base, written_text);
}

static void contracts_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__ContractListReply *l = reply->contract_list;
    char y[32];
    for (size_t i = 0; i < l->n_contracts; i++) {
        const Zhucun__SalesContract *c = l->contracts[i];
        printf("#%-6lld %s ", (long long)c->id, c->signed_on);
        cli_print_cell(c->village_name, 12, 0);
        printf(" ");
        cli_print_cell(c->buyer_name, 20, 0);
        printf(" ");
        cli_print_cell(buyer_zh(c->buyer_kind), 8, 0);
        printf(" ");
        cli_print_cell(c->producer_name, 16, 0);
        printf(" ");
        cli_print_cell(c->goods, 12, 0);
        printf(_(" %lld%s %s 元 %s 至 %s\n"), (long long)c->quantity, c->qty_unit,
               yuan(c->amount, y), c->period_from, c->period_to);
    }
    if (l->n_contracts == 0)
        printf(_("（没有产销合同）\n"));
    else if (l->truncated)
        printf(_("（只列出最近的部分，请用 --limit 或 --org 缩小）\n"));
}

static int contract_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    Zhucun__ContractList l = ZHUCUN__CONTRACT_LIST__INIT;
    int rc = list_args(cli, argc, &l.year, &l.limit);
    if (rc != 0)
        return rc;
    l.org_code = S(cli->org);
    return cli_call_show(cli, &l.base, contracts_text);
}

/* ---- progress and shortfall: one reply, one table, one workbook ---- */

static void progress_text(const Zhucun__QuotaProgressReply *q, int shortfall)
{
    char b[32], t[32], s[32];
    printf(shortfall ? _("%u 年消费帮扶未完成任务的单位（按市、县，差额大的在前）\n")
                     : _("%u 年消费帮扶任务完成情况\n"),
           q->year);
    for (size_t i = 0; i < q->n_units; i++) {
        const Zhucun__UnitProgress *u = q->units[i];
        printf("#%-5lld ", (long long)u->unit_id);
        cli_print_cell(u->name, 28, 0);
        printf(" ");
        cli_print_cell(cli_unit_level_zh(u->level), 8, 0);
        printf(" ");
        cli_print_cell(yuan(u->counted, b), 12, 1);
        if (u->has_quota) {
            printf(" / ");
            cli_print_cell(yuan(u->quota, t), 10, 1);
            if (u->shortfall > 0)
                printf(_(" 元 %5.1f%%  差 %s 元\n"), u->permille / 10.0, yuan(u->shortfall, s));
            else
                printf(_(" 元 %5.1f%%  已完成\n"), u->permille / 10.0);
        } else {
            printf(_(" 元（无任务）\n"));
        }
    }
    if (q->n_units == 0)
        printf(shortfall ? _("（全部完成）\n") : _("（没有派出单位）\n"));
}

static int progress_xlsx(const char *path, const Zhucun__QuotaProgressReply *q, int shortfall)
{
    static const struct xlsx_column columns[] = {
        {"单位编号", XLSX_NUMBER, 10},
        {"单位", XLSX_TEXT, 28},
        {"层级", XLSX_TEXT, 10},
        {"所在区划", XLSX_TEXT, 14},
        {"市", XLSX_TEXT, 14},
        {"县", XLSX_TEXT, 14},
        {"计入任务（元）", XLSX_NUMBER, 14},
        {"全部采购（元）", XLSX_NUMBER, 14},
        {"任务（元）", XLSX_NUMBER, 12},
        {"完成率", XLSX_PERCENT, 10},
        {"差额（元）", XLSX_NUMBER, 12},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[160];
    snprintf(title, sizeof(title),
             shortfall ? "%u 年消费帮扶未完成任务的单位" : "%u 年消费帮扶任务完成情况", q->year);
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, shortfall ? "未完成" : "完成情况", title, columns, ARRAY_SIZE(columns));
    for (size_t i = 0; i < q->n_units; i++) {
        const Zhucun__UnitProgress *u = q->units[i];
        const struct xlsx_cell c[] = {{NULL, (double)u->unit_id},
                                      {u->name, 0},
                                      {cli_unit_level_zh(u->level), 0},
                                      {u->org_code, 0},
                                      {u->city_code, 0},
                                      {u->county_code, 0},
                                      {NULL, (double)u->counted / 100.0},
                                      {NULL, (double)u->bought / 100.0},
                                      {NULL, u->has_quota ? (double)u->quota / 100.0 : 0},
                                      {NULL, (double)u->permille / 1000.0},
                                      {NULL, (double)u->shortfall / 100.0}};
        xlsx_row(ws, c, 0);
    }
    /* The chart: the units with a quota, the province's (or the --org's) rate as the line. */
    struct xlsx_point *points = xcalloc(q->n_units + 1, sizeof(*points));
    size_t n = 0;
    double counted = 0, quota = 0;
    for (size_t i = 0; i < q->n_units; i++) {
        const Zhucun__UnitProgress *u = q->units[i];
        if (!u->has_quota)
            continue;
        points[n++] = (struct xlsx_point){u->name, (double)u->permille / 1000.0};
        counted += (double)u->counted;
        quota += (double)u->quota;
    }
    char what[64];
    snprintf(what, sizeof(what), "%u 年消费帮扶任务完成率", q->year);
    report_rate_chart(wb, shortfall ? "未完成单位" : "各派出单位", what, "单位", "完成率", points,
                      n, quota > 0 ? counted / quota : 0.0);
    free(points);
    return cli_xlsx_done(wb);
}

static int progress(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    int shortfall = strcmp(cli->cmd->sub, "shortfall") == 0;
    Zhucun__QuotaProgress in = ZHUCUN__QUOTA_PROGRESS__INIT;
    uint32_t limit;
    int rc =
        cli->json && cli->xlsx != NULL ? cli_usage(cli) : list_args(cli, argc, &in.year, &limit);
    if (rc != 0)
        return rc;
    in.shortfall = shortfall;
    in.org_code = S(cli->org);
    Zhucun__Reply *reply;
    if ((rc = cli_call(cli, &in.base, &reply)) != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->quota_progress->base);
    else if (cli->xlsx != NULL)
        rc = progress_xlsx(cli->xlsx, reply->quota_progress, shortfall);
    else
        progress_text(reply->quota_progress, shortfall);
    zc_reply_free(reply);
    return rc;
}

static const struct option buy_options[] = {O_KIND,     O_PERSON, O_TEAM,     O_HOUSEHOLD, O_NAME,
                                            O_CATEGORY, O_DATE,   O_EVIDENCE, OPT_END_};
static const struct option list_options[] = {O_ORG, O_UNIT, O_YEAR, O_LIMIT, OPT_END_};
static const struct option contract_options[] = {O_HOUSEHOLD, O_NAME, O_CATEGORY, O_DATE,
                                                 O_FROM,      O_TO,   O_EVIDENCE, OPT_END_};
static const struct option contracts_options[] = {O_ORG, O_YEAR, O_LIMIT, OPT_END_};
static const struct option progress_options[] = {O_ORG, O_YEAR, O_XLSX, OPT_END_};

const struct cli_command cli_consume_commands[] = {
    {"consume", "buy", buy, buy_options,
     N_("zhucun consume buy 单位编号 村代码 商品 数量 计量单位 金额（元） --kind "
        "unit|secretary|team\n"
        "    [--person 人员编号] [--team 工作队编号] (--household 农户编号 | --name 名称 "
        "--category "
        "cooperative|company)\n"
        "    [--date 日期] [--evidence SHA256]...\n"
        "    登记一笔消费帮扶采购（计入该单位的年度任务）\n"),
     "PurchaseRecord"},
    {"consume", "list", list, list_options,
     N_("zhucun consume list [--org 区划代码] [--unit 单位编号] [--year 年份] [--limit 条数]\n"
        "    消费帮扶采购明细\n"),
     "PurchaseList"},
    {"consume", "contract add", contract_add, contract_options,
     N_("zhucun consume contract add 村代码 购买方名称 platform|supermarket 商品 数量 计量单位 "
        "金额（元）\n"
        "    --from 起始日期 --to 结束日期 (--household 农户编号 | --name 名称 --category "
        "cooperative|company)\n"
        "    [--date 签订日期] [--evidence SHA256]...\n"
        "    登记一份产销合同\n"),
     "ContractRecord"},
    {"consume", "contract list", contract_list, contracts_options,
     N_("zhucun consume contract list [--org 村或县代码] [--year 签订年份] [--limit 条数]\n"
        "    产销合同\n"),
     "ContractList"},
    {"consume", "progress", progress, progress_options,
     N_("zhucun consume progress [--org 区划代码] [--year 年份] [--xlsx 文件]\n"
        "    各派出单位年度消费帮扶任务完成情况\n"),
     "QuotaProgress"},
    {"consume", "shortfall", progress, progress_options,
     N_("zhucun consume shortfall [--org 区划代码] [--year 年份] [--xlsx 文件]\n"
        "    未完成任务的单位，按市、县列出，差额大的在前\n"),
     "QuotaProgress"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
