/* cmd_asset.c -- zhucun asset and zhucun post: the assets of projects (扶贫项目资产, SPEC P3):
 * register and change an asset of an accepted project, its upkeep, an operational asset's
 * income and its distribution, the scope's assets and those due for upkeep (text, JSON,
 * Excel), one asset with its records, a household's dividends; a village's public-welfare
 * posts. docs/assets.md. */
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/asset.h"
#include "common/rules/date.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *category_zh(const char *c)
{
    return strcmp(c, "public_welfare") == 0 ? _("公益性")
           : strcmp(c, "operational") == 0  ? _("经营性")
           : strcmp(c, "household") == 0    ? _("到户类")
                                            : c;
}

static const char *condition_zh(const char *c)
{
    return strcmp(c, "good") == 0           ? _("完好")
           : strcmp(c, "needs_repair") == 0 ? _("需维修")
           : strcmp(c, "damaged") == 0      ? _("损坏")
           : strcmp(c, "out_of_use") == 0   ? _("停用")
                                            : c;
}

static const char *share_zh(const char *k)
{
    return strcmp(k, "collective") == 0  ? _("村集体")
           : strcmp(k, "household") == 0 ? _("农户")
           : strcmp(k, "post") == 0      ? _("公益岗位")
                                         : k;
}

/* An amount in yuan (at most two decimals) as fen, from 0.01 yuan to max_fen: 0, or the
 * usage exit after saying why. */
static int yuan(const char *name, const char *text, int64_t max_fen, int64_t *fen)
{
    double y;
    if (cli_real(name, text, 0.0, (double)max_fen / 100.0, &y) != 0)
        return EXIT_USAGE;
    *fen = (int64_t)llround(y * 100.0);
    return 0;
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已登记，编号 #%lld\n"), (long long)reply->asset_write->id);
}

/* --date, or today (the client's clock): into day. */
static const char *day_or_today(const struct cli *cli, char day[11])
{
    if (cli->date != NULL)
        return cli->date;
    rules_date_format(zc_clock_today(), day);
    return day;
}

/* register PROJECT VILLAGE CATEGORY NAME VALUE CUSTODIAN PERSON ADDRESS UPKEEP_BY FUNDING
 *   [REGISTERED CERTIFICATE [HANDED_OVER TO]]; update the same with the asset's id first. */
static int asset_set(struct cli *cli, int argc, char **argv)
{
    int update = strcmp(cli->cmd->sub, "update") == 0;
    long long id = 0;
    Zhucun__AssetSet a = ZHUCUN__ASSET_SET__INIT;
    if (argc != 10 && argc != 12 && argc != 14)
        return cli_usage(cli);
    if (cli_id(update ? _("资产编号") : _("项目编号"), argv[0], &id) != 0 ||
        yuan(_("资产价值（元）"), argv[4], ASSET_VALUE_MAX_FEN, &a.value_fen) != 0)
        return EXIT_USAGE;
    if (cli->has_lat != cli->has_lon) {
        fprintf(stderr, _("zhucun: --lat 和 --lon 须同时给出\n"));
        return EXIT_USAGE;
    }
    a.id = update ? id : 0;
    a.project_id = update ? 0 : id;
    a.village_code = argv[1];
    a.category = argv[2];
    a.name = argv[3];
    a.owner_household = cli->household;
    a.custodian = argv[5];
    a.custodian_person = argv[6];
    a.address = argv[7];
    a.upkeep_by = argv[8];
    a.upkeep_funding = argv[9];
    a.located = cli->has_lat;
    a.lat = cli->lat;
    a.lon = cli->lon;
    a.registered_on = argc >= 12 ? argv[10] : "";
    a.certificate_no = argc >= 12 ? argv[11] : "";
    a.handed_over_on = argc == 14 ? argv[12] : "";
    a.handed_over_to = argc == 14 ? argv[13] : "";
    a.n_evidence = (size_t)cli->nevidence;
    a.evidence = cli->evidence;
    return cli_call_show(cli, &a.base, written_text);
}

static int maintain(struct cli *cli, int argc, char **argv)
{
    long long id;
    char day[11];
    Zhucun__AssetMaintain m = ZHUCUN__ASSET_MAINTAIN__INIT;
    if (argc != 5)
        return cli_usage(cli);
    if (cli_id(_("资产编号"), argv[0], &id) != 0 ||
        yuan(_("费用（元）"), argv[2], ASSET_COST_MAX_FEN, &m.cost_fen) != 0)
        return EXIT_USAGE;
    m.asset_id = id;
    m.work = argv[1];
    m.done_by = argv[3];
    m.condition = argv[4];
    m.on_date = (char *)day_or_today(cli, day);
    m.n_evidence = (size_t)cli->nevidence;
    m.evidence = cli->evidence;
    return cli_call_show(cli, &m.base, written_text);
}

/* The shares collective=元, household:ID=元, post:ID=元 into s/sp (n of them); 0, or the
 * usage exit. */
static int read_shares(int n, char **argv, Zhucun__AssetShare *s, Zhucun__AssetShare **sp)
{
    for (int i = 0; i < n; i++) {
        char *eq = strchr(argv[i], '='), *colon = strchr(argv[i], ':');
        zhucun__asset_share__init(&s[i]);
        sp[i] = &s[i];
        if (eq == NULL || (colon != NULL && colon > eq)) {
            fprintf(stderr,
                    _("zhucun: 分配应写作 collective=元、household:农户编号=元 或 "
                      "post:岗位编号=元（收到 “%s”）\n"),
                    argv[i]);
            return EXIT_USAGE;
        }
        *eq = '\0';
        long long id = 0;
        if (colon != NULL) {
            *colon = '\0';
            if (cli_id(_("分配对象编号"), colon + 1, &id) != 0)
                return EXIT_USAGE;
        }
        s[i].kind = argv[i];
        s[i].id = id;
        if (yuan(_("分配金额（元）"), eq + 1, ASSET_INCOME_MAX_FEN, &s[i].amount_fen) != 0)
            return EXIT_USAGE;
    }
    return 0;
}

/* income ASSET PERIOD AMOUNT [SHARE...]; distribute ASSET INCOME SHARE...: one call. */
static int income(struct cli *cli, int argc, char **argv)
{
    int later = strcmp(cli->cmd->sub, "distribute") == 0;
    long long asset, income_id = 0;
    char day[11];
    Zhucun__AssetIncome in = ZHUCUN__ASSET_INCOME__INIT;
    int first = later ? 2 : 3;
    if (argc < first || argc - first > ASSET_SHARES_MAX || (later && argc == first))
        return cli_usage(cli);
    if (cli_id(_("资产编号"), argv[0], &asset) != 0 ||
        (later && cli_id(_("收益编号"), argv[1], &income_id) != 0) ||
        (!later && yuan(_("收益金额（元）"), argv[2], ASSET_INCOME_MAX_FEN, &in.amount_fen) != 0))
        return EXIT_USAGE;
    Zhucun__AssetShare *s = xcalloc((size_t)(argc - first) + 1, sizeof(*s));
    Zhucun__AssetShare **sp = xcalloc((size_t)(argc - first) + 1, sizeof(*sp));
    int rc = read_shares(argc - first, argv + first, s, sp);
    if (rc == 0) {
        in.asset_id = asset;
        in.income_id = income_id;
        in.period = later ? "" : argv[1];
        in.received_on = later ? "" : (char *)day_or_today(cli, day);
        in.note = S(cli->note);
        in.n_shares = (size_t)(argc - first);
        in.shares = sp;
        rc = cli_call_show(cli, &in.base, written_text);
    }
    free(s);
    free(sp);
    return rc;
}

/* ---- the lists ---- */

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__AssetListReply *l = reply->asset_list;
    static const int widths[] = {13, 13, 12, 8, 28, -12, 8, 10};
    const char *const heads[] = {_("资产编号"), _("项目编号"),   _("村代码"), _("类别"),
                                 _("资产名称"), _("价值（元）"), _("状况"),   _("上次管护")};
    cli_print_row(heads, widths, 8);
    for (size_t i = 0; i < l->n_assets; i++) {
        const Zhucun__Asset *a = l->assets[i];
        printf("#%-12lld #%-12lld %-12s ", (long long)a->id, (long long)a->project_id,
               a->village_code);
        cli_print_cell(category_zh(a->category), 8, 0);
        putchar(' ');
        cli_print_cell(a->name, 28, 0);
        printf(" %12.2f ", (double)a->value_fen / 100.0);
        cli_print_cell(condition_zh(a->condition), 8, 0);
        printf(" %-10s%s\n", a->last_upkeep[0] != '\0' ? a->last_upkeep : "-",
               a->due ? _(" 待管护") : "");
    }
    printf(_("共 %zu 项（超过 %u 个月未管护的为待管护）\n"), l->n_assets, l->upkeep_months);
    if (l->truncated)
        printf(_("（只列出前 %zu 项，请缩小范围）\n"), l->n_assets);
}

static void list_xlsx(const struct cli *cli, const Zhucun__Reply *reply)
{
    static const struct xlsx_column columns[] = {
        {"资产编号", XLSX_NUMBER, 10},   {"项目编号", XLSX_NUMBER, 10},
        {"项目", XLSX_TEXT, 24},         {"所在村", XLSX_TEXT, 14},
        {"类别", XLSX_TEXT, 8},          {"资产名称", XLSX_TEXT, 28},
        {"价值（元）", XLSX_NUMBER, 14}, {"管护主体", XLSX_TEXT, 20},
        {"管护责任人", XLSX_TEXT, 10},   {"确权日期", XLSX_TEXT, 12},
        {"证书编号", XLSX_TEXT, 16},     {"移交日期", XLSX_TEXT, 12},
        {"接收方", XLSX_TEXT, 16},       {"状况", XLSX_TEXT, 8},
        {"上次管护", XLSX_TEXT, 12},     {"待管护", XLSX_TEXT, 6},
    };
    const Zhucun__AssetListReply *l = reply->asset_list;
    struct xlsx_book *wb = xlsx_open(cli->xlsx);
    if (wb == NULL)
        return;
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "资产", "扶贫项目资产清单", columns, ARRAY_SIZE(columns));
    for (size_t i = 0; i < l->n_assets; i++) {
        const Zhucun__Asset *a = l->assets[i];
        const struct xlsx_cell cells[] = {
            {NULL, (double)a->id},
            {NULL, (double)a->project_id},
            {a->project_name, 0},
            {a->village_code, 0},
            {category_zh(a->category), 0},
            {a->name, 0},
            {NULL, (double)a->value_fen / 100.0},
            {a->custodian, 0},
            {a->custodian_person, 0},
            {a->registered_on, 0},
            {a->certificate_no, 0},
            {a->handed_over_on, 0},
            {a->handed_over_to, 0},
            {condition_zh(a->condition), 0},
            {a->last_upkeep, 0},
            {a->due ? "是" : "", 0},
        };
        xlsx_row(ws, cells, 0);
    }
    if (xlsx_close(wb) == 0)
        printf(_("已导出 %s\n"), cli->xlsx);
}

/* list [PROJECT] and due: one call (due: only those due for upkeep). */
static int list(struct cli *cli, int argc, char **argv)
{
    int due = strcmp(cli->cmd->sub, "due") == 0;
    long long project = 0;
    if (argc > (due ? 0 : 1) || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (argc == 1 && cli_id(_("项目编号"), argv[0], &project) != 0)
        return EXIT_USAGE;
    Zhucun__AssetList l = ZHUCUN__ASSET_LIST__INIT;
    l.org_code = S(cli->org);
    l.project_id = project;
    l.due = due;
    l.limit = (uint32_t)(cli->limit > ASSET_LIST_MAX ? ASSET_LIST_MAX : cli->limit);
    return cli_call_show(cli, &l.base, cli->xlsx != NULL ? list_xlsx : list_text);
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__AssetShowReply *s = reply->asset_show;
    const Zhucun__Asset *a = s->asset;
    printf(_("资产 #%lld %s（%s），项目 #%lld %s\n"), (long long)a->id, a->name,
           category_zh(a->category), (long long)a->project_id, a->project_name);
    printf(_("位置：%s %s"), a->village_code, a->address);
    if (a->located)
        printf(" (%.6f, %.6f)", a->lat, a->lon);
    printf(_("\n价值：%.2f 元；状况：%s%s\n"), (double)a->value_fen / 100.0,
           condition_zh(a->condition), a->due ? _("（待管护）") : "");
    if (a->owner_household != 0)
        printf(_("所有户：#%lld\n"), (long long)a->owner_household);
    printf(_("管护主体：%s（责任人 %s）；管护：%s，经费：%s\n"), a->custodian, a->custodian_person,
           a->upkeep_by, a->upkeep_funding);
    printf(_("确权：%s %s；移交：%s %s\n"), a->registered_on[0] ? a->registered_on : _("未确权"),
           a->certificate_no, a->handed_over_on[0] ? a->handed_over_on : _("未移交"),
           a->handed_over_to);
    printf(_("管护记录：\n"));
    for (size_t i = 0; i < s->n_upkeep; i++) {
        const Zhucun__AssetUpkeep *u = s->upkeep[i];
        printf("  #%-8lld %s %10.2f ", (long long)u->id, u->on_date, (double)u->cost_fen / 100.0);
        cli_print_cell(condition_zh(u->condition), 8, 0);
        printf("%s（%s）\n", u->work, u->done_by);
    }
    printf(_("收益：\n"));
    for (size_t i = 0; i < s->n_incomes; i++) {
        const Zhucun__AssetIncomeRecord *in = s->incomes[i];
        printf(_("  #%-8lld %-8s %12.2f 元 到账 %s%s\n"), (long long)in->id, in->period,
               (double)in->amount_fen / 100.0, in->received_on,
               in->n_shares == 0 ? _("（未分配）") : "");
        for (size_t j = 0; j < in->n_shares; j++) {
            const Zhucun__AssetShare *sh = in->shares[j];
            printf("      ");
            cli_print_cell(share_zh(sh->kind), 10, 0);
            if (sh->id != 0)
                printf(" #%-8lld", (long long)sh->id);
            printf(" %12.2f\n", (double)sh->amount_fen / 100.0);
        }
    }
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("资产编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__AssetShow s = ZHUCUN__ASSET_SHOW__INIT;
    s.id = id;
    return cli_call_show(cli, &s.base, show_text);
}

static void dividends_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__AssetDividendsReply *d = reply->asset_dividends;
    for (size_t i = 0; i < d->n_dividends; i++) {
        const Zhucun__AssetDividend *v = d->dividends[i];
        printf("%-8s #%-8lld ", v->period, (long long)v->asset_id);
        cli_print_cell(v->asset_name, 28, 0);
        printf(" %12.2f %s\n", (double)v->amount_fen / 100.0, v->received_on);
    }
    printf(_("共 %zu 笔，合计 %.2f 元\n"), d->n_dividends, (double)d->total_fen / 100.0);
}

static int dividends(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("农户编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__AssetDividends d = ZHUCUN__ASSET_DIVIDENDS__INIT;
    d.household_id = id;
    return cli_call_show(cli, &d.base, dividends_text);
}

/* ---- posts ---- */

/* add VILLAGE KIND MEMBER FROM PAY FUNDING: FUNDING an asset's id (its income pays) or the
 * fund's name. */
static int post_add(struct cli *cli, int argc, char **argv)
{
    long long member, asset = 0;
    Zhucun__WelfarePostSet p = ZHUCUN__WELFARE_POST_SET__INIT;
    if (argc != 6)
        return cli_usage(cli);
    if (cli_id(_("成员编号"), argv[2], &member) != 0 ||
        yuan(_("月工资（元）"), argv[4], WELFARE_PAY_MAX_FEN, &p.monthly_pay_fen) != 0)
        return EXIT_USAGE;
    int by_asset = cli_parse_int(argv[5], 1, INT64_MAX, &asset) == 0;
    p.village_code = argv[0];
    p.kind = argv[1];
    p.member_id = member;
    p.from_on = argv[3];
    p.funded_asset = by_asset ? asset : 0;
    p.funded_by = by_asset ? "" : argv[5];
    return cli_call_show(cli, &p.base, written_text);
}

static int post_end(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 2 || cli->reason == NULL)
        return cli_usage(cli);
    if (cli_id(_("岗位编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__WelfarePostEnd e = ZHUCUN__WELFARE_POST_END__INIT;
    e.id = id;
    e.to_on = argv[1];
    e.reason = S(cli->reason);
    return cli_call_show(cli, &e.base, written_text);
}

static const char *post_kind_zh(const char *k)
{
    static const char *const zh[][2] = {
        {"cleaner", N_("保洁员")},          {"road_keeper", N_("护路员")},
        {"water_keeper", N_("管水员")},     {"forest_ranger", N_("护林员")},
        {"power_keeper", N_("电力协管员")}, {"care_worker", N_("孤寡老人看护员")},
        {"security", N_("治安协管员")},     {"other", N_("其他公益岗位")},
    };
    for (size_t i = 0; i < ARRAY_SIZE(zh); i++)
        if (strcmp(zh[i][0], k) == 0)
            return _(zh[i][1]);
    return k;
}

static void post_list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__WelfarePostListReply *l = reply->welfare_post_list;
    for (size_t i = 0; i < l->n_posts; i++) {
        const Zhucun__WelfarePost *w = l->posts[i];
        printf("#%-8lld ", (long long)w->id);
        cli_print_cell(post_kind_zh(w->kind), 14, 0);
        cli_print_cell(w->member_name, 10, 0);
        printf(" #%-10lld %s ~ %-10s %8.2f ", (long long)w->member_id, w->from_on,
               w->to_on[0] != '\0' ? w->to_on : _("至今"), (double)w->monthly_pay_fen / 100.0);
        if (w->funded_asset != 0)
            printf(_("资产 #%lld 收益\n"), (long long)w->funded_asset);
        else
            printf("%s\n", w->funded_by);
    }
    printf(_("共 %zu 个岗位\n"), l->n_posts);
}

static int post_list(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__WelfarePostList l = ZHUCUN__WELFARE_POST_LIST__INIT;
    l.village_code = argv[0];
    l.ended = cli->history;
    return cli_call_show(cli, &l.base, post_list_text);
}

static const struct option set_options[] = {O_HOUSEHOLD, O_LAT, O_LON, O_EVIDENCE, OPT_END_};
static const struct option maintain_options[] = {O_DATE, O_EVIDENCE, OPT_END_};
static const struct option income_options[] = {O_DATE, O_NOTE, OPT_END_};
static const struct option list_options[] = {O_ORG, O_LIMIT, O_XLSX, OPT_END_};
static const struct option no_options[] = {OPT_END_};
static const struct option post_end_options[] = {O_REASON, OPT_END_};
static const struct option post_list_options[] = {O_HISTORY, OPT_END_};

const struct cli_command cli_asset_commands[] = {
    {"asset", "register", asset_set, set_options,
     N_("zhucun asset register 项目编号 村代码 类别 名称 价值（元） 管护主体 管护责任人 位置 "
        "管护单位 管护经费来源 [确权日期 证书编号 [移交日期 接收方]] [--household 所有户] "
        "[--lat 纬度 --lon 经度] [--evidence SHA256]...\n"
        "    登记验收后项目的资产（类别：public_welfare、operational、household）\n"),
     "AssetSet"},
    {"asset", "update", asset_set, set_options,
     N_("zhucun asset update 资产编号 村代码 类别 名称 价值（元） 管护主体 管护责任人 位置 "
        "管护单位 管护经费来源 [确权日期 证书编号 [移交日期 接收方]] [--household 所有户] "
        "[--lat 纬度 --lon 经度]\n    修改资产（全部字段重新给出；类别不可更改）\n"),
     "AssetSet"},
    {"asset", "show", show, no_options,
     N_("zhucun asset show 资产编号\n    资产及其管护记录、收益和分配\n"), "AssetShow"},
    {"asset", "list", list, list_options,
     N_("zhucun asset list [项目编号] [--org 区划代码] [--limit 项数] [--xlsx 文件]\n"
        "    资产清单（待管护的在前）\n"),
     "AssetList"},
    {"asset", "due", list, list_options,
     N_("zhucun asset due [--org 区划代码] [--limit 项数] [--xlsx 文件]\n"
        "    超过规定月数未管护的资产\n"),
     "AssetList"},
    {"asset", "maintain", maintain, maintain_options,
     N_("zhucun asset maintain 资产编号 管护内容 费用（元） 管护人 状况 [--date 日期] "
        "[--evidence SHA256]...\n"
        "    管护记录（状况：good、needs_repair、damaged、out_of_use）\n"),
     "AssetMaintain"},
    {"asset", "income", income, income_options,
     N_("zhucun asset income 资产编号 期间 金额（元） [collective=元] [household:农户编号=元]... "
        "[post:岗位编号=元]... [--date 到账日期] [--note 备注]\n"
        "    经营性资产的收益（期间：YYYY 或 YYYY-MM）及其分配，分配合计须等于收益\n"),
     "AssetIncome"},
    {"asset", "distribute", income, income_options,
     N_("zhucun asset distribute 资产编号 收益编号 collective=元 [household:农户编号=元]... "
        "[post:岗位编号=元]...\n    分配已登记的收益\n"),
     "AssetIncome"},
    {"asset", "dividends", dividends, no_options,
     N_("zhucun asset dividends 农户编号\n    一户从资产收益中获得的分红\n"), "AssetDividends"},
    {"post", "add", post_add, no_options,
     N_("zhucun post add 村代码 岗位类别 成员编号 上岗日期 月工资（元） 资金来源\n"
        "    公益岗位（资金来源：经营性资产编号，或资金名称）\n"),
     "WelfarePostSet"},
    {"post", "end", post_end, post_end_options,
     N_("zhucun post end 岗位编号 结束日期 --reason 原因\n"), "WelfarePostEnd"},
    {"post", "list", post_list, post_list_options,
     N_("zhucun post list 村代码 [--history]\n    村的公益岗位（--history：含已结束的）\n"),
     "WelfarePostList"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
