/* cmd_points.c -- zhucun points: a village's points scheme (积分制, SPEC S2): the catalogue of
 * deeds, the shop's goods, prices and stock, awards, donations received, redemptions,
 * corrections, a household's balance and history, a village's year (text, JSON, Excel), the
 * check of balances and stock against the ledger. docs/points.md. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/points.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *kind_zh(const char *kind)
{
    return strcmp(kind, "award") == 0        ? _("奖励")
           : strcmp(kind, "redeem") == 0     ? _("兑换")
           : strcmp(kind, "donation") == 0   ? _("捐赠入库")
           : strcmp(kind, "correction") == 0 ? _("冲正")
                                             : kind;
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__PointsWriteReply *w = reply->points_write;
    const char *what = cli->cmd->calls;
    if (strcmp(what, "PointsAward") == 0 || strcmp(what, "PointsRedeem") == 0 ||
        strcmp(what, "PointsCorrect") == 0)
        printf(_("已登记，记录 #%lld：%+lld 分，该户余额 %lld 分\n"), (long long)w->id,
               (long long)w->points, (long long)w->balance);
    else if (strcmp(what, "PointsDonate") == 0)
        printf(_("已入库，捐赠 #%lld，共 %lld 件\n"), (long long)w->id, (long long)w->balance);
    else
        printf(_("已登记，编号 #%lld\n"), (long long)w->id);
}

static int deed_set(struct cli *cli, int argc, char **argv)
{
    long long points;
    if (argc != 3 || cli->name == NULL || cli->from == NULL)
        return cli_usage(cli);
    if (cli_int(_("分值"), argv[2], POINTS_DEED_MIN, POINTS_DEED_MAX, &points) != 0)
        return EXIT_USAGE;
    Zhucun__PointsDeedSet d = ZHUCUN__POINTS_DEED_SET__INIT;
    d.village_code = argv[0];
    d.code = argv[1];
    d.label = S(cli->name);
    d.points = (uint32_t)points;
    d.valid_from = S(cli->from);
    return cli_call_show(cli, &d.base, written_text);
}

/* stock add VILLAGE NAME UNIT PRICE, stock price VILLAGE GOOD PRICE: one call. */
static int good_set(struct cli *cli, int argc, char **argv)
{
    int add = strcmp(cli->cmd->sub, "stock add") == 0;
    long long good = 0, price;
    if (argc != (add ? 4 : 3) || cli->from == NULL)
        return cli_usage(cli);
    if ((!add && cli_id(_("商品编号"), argv[1], &good) != 0) ||
        cli_int(_("价格"), argv[argc - 1], POINTS_PRICE_MIN, POINTS_PRICE_MAX, &price) != 0)
        return EXIT_USAGE;
    Zhucun__PointsGoodSet g = ZHUCUN__POINTS_GOOD_SET__INIT;
    g.village_code = argv[0];
    g.good_id = good;
    g.name = add ? argv[1] : "";
    g.unit = add ? argv[2] : "";
    g.price = (uint32_t)price;
    g.valid_from = S(cli->from);
    return cli_call_show(cli, &g.base, written_text);
}

static int award(struct cli *cli, int argc, char **argv)
{
    long long household;
    char day[11];
    if (argc != 2 || cli->reason == NULL)
        return cli_usage(cli);
    if (cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    Zhucun__PointsAward a = ZHUCUN__POINTS_AWARD__INIT;
    a.household_id = household;
    a.deed_code = argv[1];
    a.deed_date = (char *)cli_day_or_today(cli, day);
    a.reason = S(cli->reason);
    a.n_evidence = (size_t)cli->nevidence;
    a.evidence = cli->evidence;
    return cli_call_show(cli, &a.base, written_text);
}

/* donate VILLAGE GOOD=QUANTITY...: the items. */
static int donate(struct cli *cli, int argc, char **argv)
{
    char day[11];
    if (argc < 2 || argc > 1 + POINTS_DONATION_ITEMS_MAX || cli->name == NULL)
        return cli_usage(cli);
    Zhucun__PointsDonationItem items[POINTS_DONATION_ITEMS_MAX], *ip[POINTS_DONATION_ITEMS_MAX];
    for (int i = 1; i < argc; i++) {
        long long good, quantity;
        char id[24];
        const char *eq = strchr(argv[i], '=');
        if (eq == NULL || (size_t)(eq - argv[i]) >= sizeof(id)) {
            fprintf(stderr, _("zhucun: 物品应写作 商品编号=数量（收到 “%s”）\n"), argv[i]);
            return EXIT_USAGE;
        }
        snprintf(id, sizeof(id), "%.*s", (int)(eq - argv[i]), argv[i]);
        if (cli_id(_("商品编号"), id, &good) != 0 ||
            cli_int(_("数量"), eq + 1, 1, POINTS_QUANTITY_MAX, &quantity) != 0)
            return EXIT_USAGE;
        zhucun__points_donation_item__init(&items[i - 1]);
        items[i - 1].good_id = good;
        items[i - 1].quantity = (uint32_t)quantity;
        ip[i - 1] = &items[i - 1];
    }
    Zhucun__PointsDonate d = ZHUCUN__POINTS_DONATE__INIT;
    d.village_code = argv[0];
    d.donor = S(cli->name);
    d.on_date = (char *)cli_day_or_today(cli, day);
    d.note = S(cli->note);
    d.n_items = (size_t)(argc - 1);
    d.items = ip;
    return cli_call_show(cli, &d.base, written_text);
}

static int redeem(struct cli *cli, int argc, char **argv)
{
    long long household, good, quantity, price = 0;
    char day[11];
    if (argc < 3 || argc > 4)
        return cli_usage(cli);
    if (cli_id(_("农户编号"), argv[0], &household) != 0 ||
        cli_id(_("商品编号"), argv[1], &good) != 0 ||
        cli_int(_("数量"), argv[2], 1, POINTS_REDEEM_QUANTITY_MAX, &quantity) != 0 ||
        (argc == 4 && cli_int(_("价格"), argv[3], POINTS_PRICE_MIN, POINTS_PRICE_MAX, &price) != 0))
        return EXIT_USAGE;
    Zhucun__PointsRedeem r = ZHUCUN__POINTS_REDEEM__INIT;
    r.household_id = household;
    r.good_id = good;
    r.quantity = (uint32_t)quantity;
    r.on_date = (char *)cli_day_or_today(cli, day);
    r.price = (uint32_t)price;
    return cli_call_show(cli, &r.base, written_text);
}

static int correct(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1 || cli->reason == NULL)
        return cli_usage(cli);
    if (cli_id(_("记录编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__PointsCorrect c = ZHUCUN__POINTS_CORRECT__INIT;
    c.id = id;
    c.reason = S(cli->reason);
    return cli_call_show(cli, &c.base, written_text);
}

static void goods_text(Zhucun__PointsGood *const *goods, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Zhucun__PointsGood *g = goods[i];
        printf("#%-6lld ", (long long)g->id);
        cli_print_cell(g->name, 16, 0);
        printf(_(" 每%s %u 分  库存 %lld %s\n"), g->unit, g->price, (long long)g->quantity,
               g->unit);
    }
    if (n == 0)
        printf(_("（积分超市尚无商品）\n"));
}

static void shop_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__PointsShopReply *s = reply->points_shop;
    if (strcmp(cli->cmd->sub, "stock list") == 0) {
        goods_text(s->goods, s->n_goods);
        return;
    }
    for (size_t i = 0; i < s->n_deeds; i++)
        printf(_("%-10s %4u 分  %s（自 %s 起）\n"), s->deeds[i]->code, s->deeds[i]->points,
               s->deeds[i]->label, s->deeds[i]->valid_from);
    if (s->n_deeds == 0)
        printf(_("（该日没有在用的积分事项）\n"));
}

static int shop(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__PointsShop s = ZHUCUN__POINTS_SHOP__INIT;
    s.village_code = argv[0];
    s.on_date = S(cli->date);
    return cli_call_show(cli, &s.base, shop_text);
}

static void history_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__PointsHistoryReply *h = reply->points_history;
    printf(_("%s（%s）积分余额 %lld 分\n"), h->head_name, h->village_code, (long long)h->balance);
    for (size_t i = 0; i < h->n_movements; i++) {
        const Zhucun__PointsMovement *m = h->movements[i];
        printf("#%-7lld %s ", (long long)m->id, m->on_date);
        cli_print_cell(kind_zh(m->kind), 8, 0);
        printf(" %+6lld ", (long long)m->points);
        if (m->deed_code[0] != '\0')
            printf("%s %s ", m->deed_code, m->deed_label);
        if (m->good_name[0] != '\0')
            printf("%s × %lld ", m->good_name,
                   (long long)(m->quantity < 0 ? -m->quantity : m->quantity));
        if (m->reverses != 0)
            printf(_("冲正 #%lld "), (long long)m->reverses);
        printf("%s%s\n", m->reason, m->reversed ? _("（已冲正）") : "");
    }
    if (h->truncated)
        printf(_("（只列出最近 %zu 条）\n"), h->n_movements);
}

static int balance(struct cli *cli, int argc, char **argv)
{
    long long household;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    Zhucun__PointsHistory h = ZHUCUN__POINTS_HISTORY__INIT;
    h.household_id = household;
    h.limit = (uint32_t)(cli->limit > POINTS_HISTORY_MAX ? POINTS_HISTORY_MAX : cli->limit);
    return cli_call_show(cli, &h.base, history_text);
}

static void report_text(const Zhucun__PointsReportReply *p)
{
    printf(_("月份      奖励分  奖励次数  兑换分  兑换次数\n"));
    for (size_t i = 0; i < p->n_months; i++)
        printf("%-9s %7lld %9u %7lld %9u\n", p->months[i]->month, (long long)p->months[i]->awarded,
               p->months[i]->awards, (long long)p->months[i]->redeemed, p->months[i]->redemptions);
    printf(_("积分排行：\n"));
    for (size_t i = 0; i < p->n_top; i++) {
        printf("%2zu. #%-7lld ", i + 1, (long long)p->top[i]->household_id);
        cli_print_cell(p->top[i]->head_name, 16, 0);
        printf(_(" 本年获得 %lld 分  余额 %lld 分\n"), (long long)p->top[i]->awarded,
               (long long)p->top[i]->balance);
    }
    printf(_("积分超市库存：\n"));
    goods_text(p->stock, p->n_stock);
    printf(_("有积分的农户 %lld 户，积分余额合计 %lld 分\n"), (long long)p->households,
           (long long)p->balance_total);
}

static int report_xlsx(const char *path, const Zhucun__PointsReport *in,
                       const Zhucun__PointsReportReply *p)
{
    static const struct xlsx_column months[] = {
        {"月份", XLSX_TEXT, 10},       {"奖励积分", XLSX_NUMBER, 10}, {"奖励次数", XLSX_NUMBER, 10},
        {"兑换积分", XLSX_NUMBER, 10}, {"兑换次数", XLSX_NUMBER, 10},
    };
    static const struct xlsx_column top[] = {
        {"农户编号", XLSX_NUMBER, 10},
        {"户主", XLSX_TEXT, 12},
        {"本年获得积分", XLSX_NUMBER, 14},
        {"积分余额", XLSX_NUMBER, 10},
    };
    static const struct xlsx_column stock[] = {
        {"商品编号", XLSX_NUMBER, 10},   {"商品", XLSX_TEXT, 20},   {"单位", XLSX_TEXT, 6},
        {"价格（分）", XLSX_NUMBER, 10}, {"库存", XLSX_NUMBER, 10},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[160];
    snprintf(title, sizeof(title), "%s 村积分制 %u 年", in->village_code, in->year);
    struct xlsx_sheet *ws = xlsx_sheet(wb, "按月", title, months, ARRAY_SIZE(months));
    for (size_t i = 0; i < p->n_months; i++) {
        const Zhucun__PointsMonth *m = p->months[i];
        const struct xlsx_cell c[] = {{m->month, 0},
                                      {NULL, (double)m->awarded},
                                      {NULL, (double)m->awards},
                                      {NULL, (double)m->redeemed},
                                      {NULL, (double)m->redemptions}};
        xlsx_row(ws, c, 0);
    }
    ws = xlsx_sheet(wb, "积分排行", title, top, ARRAY_SIZE(top));
    for (size_t i = 0; i < p->n_top; i++) {
        const Zhucun__PointsTop *t = p->top[i];
        const struct xlsx_cell c[] = {{NULL, (double)t->household_id},
                                      {t->head_name, 0},
                                      {NULL, (double)t->awarded},
                                      {NULL, (double)t->balance}};
        xlsx_row(ws, c, 0);
    }
    ws = xlsx_sheet(wb, "库存", title, stock, ARRAY_SIZE(stock));
    for (size_t i = 0; i < p->n_stock; i++) {
        const Zhucun__PointsGood *g = p->stock[i];
        const struct xlsx_cell c[] = {{NULL, (double)g->id},
                                      {g->name, 0},
                                      {g->unit, 0},
                                      {NULL, (double)g->price},
                                      {NULL, (double)g->quantity}};
        xlsx_row(ws, c, 0);
    }
    return cli_xlsx_done(wb);
}

static int report(struct cli *cli, int argc, char **argv)
{
    long long year = 0;
    if (argc != 1 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (cli->year != NULL && cli_int("--year", cli->year, POINTS_FIRST_YEAR, 9999, &year) != 0)
        return EXIT_USAGE;
    Zhucun__PointsReport in = ZHUCUN__POINTS_REPORT__INIT;
    in.village_code = argv[0];
    in.year = (uint32_t)year;
    in.top = (uint32_t)(cli->limit > POINTS_TOP_MAX ? POINTS_TOP_MAX : cli->limit);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &in.base, &reply);
    if (rc != 0)
        return rc;
    if (in.year == 0) {
        int y, m, d;
        rules_civil_from_days(zc_clock_today(), &y, &m, &d);
        in.year = (uint32_t)y;
    }
    if (cli->json)
        cli_json(&reply->points_report->base);
    else if (cli->xlsx != NULL)
        rc = report_xlsx(cli->xlsx, &in, reply->points_report);
    else
        report_text(reply->points_report);
    zc_reply_free(reply);
    return rc;
}

static void check_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__PointsCheckReply *c = reply->points_check;
    for (size_t i = 0; i < c->n_differences; i++) {
        const Zhucun__PointsDifference *d = c->differences[i];
        printf(strcmp(d->what, "balance") == 0
                   ? _("农户 #%lld（%s）余额：记为 %lld，按台账应为 %lld\n")
                   : _("商品 #%lld（%s）库存：记为 %lld，按台账应为 %lld\n"),
               (long long)d->id, d->village_code, (long long)d->kept, (long long)d->derived);
    }
    printf(_("已核对 %lld 户的积分余额和 %lld 种商品的库存：%s\n"), (long long)c->households,
           (long long)c->goods, c->n_differences == 0 ? _("全部与台账一致") : _("有不一致，见上"));
}

static int check(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__PointsCheck c = ZHUCUN__POINTS_CHECK__INIT;
    c.village_code = S(cli->village);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &c.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->points_check->base);
    else
        check_text(cli, reply);
    rc = reply->points_check->n_differences == 0 ? 0 : EXIT_FAILURE;
    zc_reply_free(reply);
    return rc;
}

static const struct option deed_options[] = {O_NAME, O_FROM, OPT_END_};
static const struct option good_options[] = {O_FROM, OPT_END_};
static const struct option award_options[] = {O_DATE, O_REASON, O_EVIDENCE, OPT_END_};
static const struct option donate_options[] = {O_NAME, O_DATE, O_NOTE, OPT_END_};
static const struct option redeem_options[] = {O_DATE, OPT_END_};
static const struct option correct_options[] = {O_REASON, OPT_END_};
static const struct option shop_options[] = {O_DATE, OPT_END_};
static const struct option balance_options[] = {O_LIMIT, OPT_END_};
static const struct option report_options[] = {O_YEAR, O_LIMIT, O_XLSX, OPT_END_};
static const struct option check_options[] = {O_VILLAGE, OPT_END_};

const struct cli_command cli_points_commands[] = {
    {"points", "catalogue set", deed_set, deed_options,
     N_("zhucun points catalogue set 村代码 事项编号 分值 --name 事项内容 --from 起始日期\n"
        "    积分事项及分值（改分值：同一编号从新的日期起登记）\n"),
     "PointsDeedSet"},
    {"points", "catalogue list", shop, shop_options,
     N_("zhucun points catalogue list 村代码 [--date 日期]\n    该日在用的积分事项及分值\n"),
     "PointsShop"},
    {"points", "stock add", good_set, good_options,
     N_("zhucun points stock add 村代码 商品名称 单位 价格 --from 起始日期\n"
        "    积分超市新增商品（价格：每单位所需积分）\n"),
     "PointsGoodSet"},
    {"points", "stock price", good_set, good_options,
     N_("zhucun points stock price 村代码 商品编号 价格 --from 起始日期\n"), "PointsGoodSet"},
    {"points", "stock list", shop, shop_options,
     N_("zhucun points stock list 村代码 [--date 日期]\n    积分超市商品、该日价格和库存\n"),
     "PointsShop"},
    {"points", "award", award, award_options,
     N_("zhucun points award 农户编号 事项编号 --reason 事由 [--date 日期] [--evidence SHA256]...\n"
        "    按事项当日的分值奖励积分（--date：做事的日期，默认今天）\n"),
     "PointsAward"},
    {"points", "donate", donate, donate_options,
     N_("zhucun points donate 村代码 商品编号=数量 ... --name 捐赠方 [--date 日期] [--note 说明]\n"
        "    社会捐赠物资入库\n"),
     "PointsDonate"},
    {"points", "redeem", redeem, redeem_options,
     N_("zhucun points redeem 农户编号 商品编号 数量 [价格] [--date 日期]\n"
        "    用积分兑换商品（给出价格：须与当日价格一致）\n"),
     "PointsRedeem"},
    {"points", "correct", correct, correct_options,
     N_("zhucun points correct 记录编号 --reason 原因\n    冲正一条积分记录\n"), "PointsCorrect"},
    {"points", "balance", balance, balance_options,
     N_("zhucun points balance 农户编号 [--limit 条数]\n    一户的积分余额和明细\n"),
     "PointsHistory"},
    {"points", "report", report, report_options,
     N_("zhucun points report 村代码 [--year 年份] [--limit 户数] [--xlsx 文件]\n"
        "    按月奖励和兑换、积分排行、库存\n"),
     "PointsReport"},
    {"points", "check", check, check_options,
     N_("zhucun points check [--village 村代码]\n    按台账重新核算积分余额和库存\n"),
     "PointsCheck"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
