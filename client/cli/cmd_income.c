/* cmd_income.c -- zhucun income: a household's monthly income sums (算账、认账; a correction is a
 * new version with a reason), their history and the income standard, the one-on-one plans,
 * and M3's lists as a table, JSON or an Excel workbook (docs/income.md). The month's
 * compliance is `zhucun report duties M2 M2-absent` (DutyReport). */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/income.h"
#include "common/rules/instant.h"
#include "common/status.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* The items a record takes as NAME=YUAN arguments, where each goes in IncomeItems, and
 * whether it may be negative (a business loss). */
static const struct item_arg {
    const char *name;
    size_t off;
    int negative_ok;
} item_args[] = {
    {"wages", offsetof(Zhucun__IncomeItems, wages_fen), 0},
    {"business", offsetof(Zhucun__IncomeItems, business_fen), 1},
    {"rent", offsetof(Zhucun__IncomeItems, rent_fen), 0},
    {"dividend", offsetof(Zhucun__IncomeItems, dividend_fen), 0},
    {"pension", offsetof(Zhucun__IncomeItems, pension_fen), 0},
    {"subsidy", offsetof(Zhucun__IncomeItems, subsidy_fen), 0},
    {"dibao", offsetof(Zhucun__IncomeItems, dibao_fen), 0},
    {"other", offsetof(Zhucun__IncomeItems, other_transfer_fen), 0},
    {"costs", offsetof(Zhucun__IncomeItems, costs_fen), 0},
};

/* "NAME=YUAN" into its item of it; 0, or EXIT_USAGE after saying what is wrong. */
static int read_item(const char *arg, Zhucun__IncomeItems *it)
{
    const char *eq = strchr(arg, '=');
    for (size_t i = 0; eq != NULL && i < sizeof(item_args) / sizeof(*item_args); i++) {
        const struct item_arg *a = &item_args[i];
        if (strlen(a->name) != (size_t)(eq - arg) || strncmp(arg, a->name, (size_t)(eq - arg)))
            continue;
        int64_t fen;
        if (rules_income_yuan_parse(eq + 1, a->negative_ok, &fen) != 0) {
            fprintf(stderr, _("zhucun: %s：%s（收到 “%s”）\n"), a->name, _(INCOME_YUAN_PROBLEM),
                    eq + 1);
            return EXIT_USAGE;
        }
        *(int64_t *)((char *)it + a->off) = fen;
        return 0;
    }
    fprintf(stderr,
            _("zhucun: 收支项目应为 wages、business、rent、dividend、pension、subsidy、dibao、"
              "other 或 costs，写作 项目=元（收到 “%s”）\n"),
            arg);
    return EXIT_USAGE;
}

static int record(struct cli *cli, int argc, char **argv)
{
    long long household;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    if (argc < 2 || cli->ack == NULL)
        return cli_usage(cli);
    Zhucun__IncomeItems it = ZHUCUN__INCOME_ITEMS__INIT;
    for (int i = 2; i < argc; i++)
        if (read_item(argv[i], &it) != 0)
            return EXIT_USAGE;
    Zhucun__IncomeRecord ir = ZHUCUN__INCOME_RECORD__INIT;
    ir.household_id = household;
    ir.month = argv[1];
    ir.items = &it;
    ir.members = (uint32_t)(cli->members_counted > UINT32_MAX ? 0 : cli->members_counted);
    ir.ack = S(cli->ack);
    ir.ack_note = S(cli->note);
    ir.reason = S(cli->reason);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &ir.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__IncomeRecordReply *r = reply->income_record;
    if (cli->json) {
        cli_json(&r->base);
    } else {
        char net[32], pc[32];
        rules_income_yuan_format(r->net_fen, net);
        rules_income_yuan_format(r->per_capita_fen, pc);
        printf(_("已登记 %s 第 %u 版：家庭纯收入 %s 元，人均 %s 元\n"), argv[1], r->version, net,
               pc);
    }
    zc_reply_free(reply);
    return 0;
}

static const char *ack_zh(const char *ack)
{
    return strcmp(ack, "signed") == 0    ? _("本人签字")
           : strcmp(ack, "phone") == 0   ? _("电话确认")
           : strcmp(ack, "refused") == 0 ? _("拒绝认账")
                                         : ack;
}

static void history_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__IncomeHistoryReply *h = reply->income_history;
    const Zhucun__IncomeStandard *sd = h->standard;
    char a[32], b[32];
    printf(_("%lld %s（%s，%s，现有 %u 人）\n"), (long long)h->household_id, h->head_name,
           h->village_code, cli_category_zh(h->category), h->members_now);
    if (sd != NULL) {
        rules_income_yuan_format(sd->line_fen, b);
        if (sd->projected) {
            rules_income_yuan_format(sd->projected_fen, a);
            printf(_("预计年人均纯收入 %s 元，监测线 %s 元，连续 %u 个月高于监测线（须 %u "
                     "个月）：%s\n"),
                   a, b, sd->months_stable, sd->months_required, sd->met ? _("达标") : _("未达标"));
        } else {
            printf(_("今年和去年均无算账记录；监测线 %s 元\n"), b);
        }
    }
    for (size_t i = 0; i < h->n_sums; i++) {
        const Zhucun__IncomeSum *s = h->sums[i];
        char at[INSTANT_TEXT_MAX];
        rules_income_yuan_format(s->net_fen, a);
        rules_income_yuan_format(s->per_capita_fen, b);
        printf(_("%s 第 %u 版%s  纯收入 %s 元  %u 人  人均 %s 元  %s%s%s  %s %s%s%s\n"), s->month,
               s->version, s->current ? "" : _("（已更正）"), a, s->members, b, ack_zh(s->ack),
               s->ack_note[0] ? "：" : "", s->ack_note, s->recorded_by,
               rules_instant_restyle(s->recorded_at, INSTANT_MINUTES, at),
               s->reason[0] ? _("  更正理由：") : "", s->reason);
    }
    if (h->n_sums == 0)
        printf(_("（该期间无算账记录）\n"));
}

static int history(struct cli *cli, int argc, char **argv)
{
    long long household;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__IncomeHistory ih = ZHUCUN__INCOME_HISTORY__INIT;
    ih.household_id = household;
    ih.from = S(cli->from);
    ih.to = S(cli->to);
    return cli_call_show(cli, &ih.base, history_text);
}

static void list_text(const Zhucun__IncomeListReply *l)
{
    char a[32], b[32];
    int under = strcmp(l->list, "under_threshold") == 0;
    if (under) {
        rules_income_yuan_format(l->threshold_fen, a);
        printf(_("%s（%s）截至 %s 预计年人均纯收入低于 %s 元且无一对一帮扶方案：%u 户 %u 人\n"),
               l->org_name, l->org_code, l->month, a, l->households, l->people);
    } else {
        printf(_("%s（%s）截至 %s 预计年人均纯收入比上年同期下降超过 %u%%：%u 户\n"), l->org_name,
               l->org_code, l->month, l->share_pct, l->households);
    }
    for (size_t i = 0; i < l->n_rows; i++) {
        const Zhucun__IncomeListRow *w = l->rows[i];
        rules_income_yuan_format(w->projected_fen, a);
        rules_income_yuan_format(w->before_fen, b);
        if (under)
            printf("%-8lld %-8s %-10s %-10s %-6s %12s  %s\n", (long long)w->household_id,
                   w->head_name, w->member_name, cli_relation_zh(w->relation),
                   cli_category_zh(w->category), a, w->village_name);
        else
            printf("%-8lld %-8s %12s %12s  %s\n", (long long)w->household_id, w->head_name, b, a,
                   w->village_name);
    }
    if (l->truncated)
        printf(_("（仅显示部分；用 --after %lld 查看后续）\n"),
               (long long)l->rows[l->n_rows - 1]->household_id);
}

/* The list as a workbook: one sheet, the list's title, a row per person (or household). */
static int list_xlsx(const char *path, const Zhucun__IncomeListReply *l)
{
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    int under = strcmp(l->list, "under_threshold") == 0;
    char title[512], a[32];
    rules_income_yuan_format(l->threshold_fen, a);
    if (under)
        snprintf(title, sizeof(title),
                 "%s（%s）截至 %s 预计年人均纯收入低于 %s 元且无一对一帮扶方案", l->org_name,
                 l->org_code, l->month, a);
    else
        snprintf(title, sizeof(title), "%s（%s）截至 %s 预计年人均纯收入比上年同期下降超过 %u%%",
                 l->org_name, l->org_code, l->month, l->share_pct);
    static const struct xlsx_column cols[] = {
        {"户编号", XLSX_NUMBER, 10},
        {"户主", XLSX_TEXT, 10},
        {"村", XLSX_TEXT, 16},
        {"类别", XLSX_TEXT, 18},
        {"成员", XLSX_TEXT, 10},
        {"关系", XLSX_TEXT, 8},
        {"预计年人均纯收入（元）", XLSX_NUMBER, 22},
        {"上年同期（元）", XLSX_NUMBER, 16},
        {"已算账月数", XLSX_NUMBER, 10},
    };
    struct xlsx_sheet *sh = xlsx_sheet(wb, under ? "低于帮扶标准" : "收入下降", title, cols,
                                       sizeof(cols) / sizeof(*cols));
    for (size_t i = 0; i < l->n_rows; i++) {
        const Zhucun__IncomeListRow *w = l->rows[i];
        struct xlsx_cell c[9] = {
            {.number = (double)w->household_id},
            {.text = w->head_name},
            {.text = w->village_name},
            {.text = cli_category_zh(w->category)},
            {.text = w->member_name},
            {.text = cli_relation_zh(w->relation)},
            {.number = (double)w->projected_fen / 100},
            {.number = (double)w->before_fen / 100},
            {.number = w->months},
        };
        xlsx_row(sh, c, 0);
    }
    if (xlsx_close(wb) != 0)
        return 1;
    printf(_("已导出 %s（%zu 行）\n"), path, l->n_rows);
    return 0;
}

static int list(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || cli->org == NULL || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    Zhucun__IncomeList il = ZHUCUN__INCOME_LIST__INIT;
    il.list = argv[0];
    il.org_code = S(cli->org);
    il.month = S(cli->month);
    il.after = cli->after;
    il.limit = (uint32_t)cli->limit;
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &il.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__IncomeListReply *l = reply->income_list;
    if (cli->json)
        cli_json(&l->base);
    else if (cli->xlsx != NULL)
        rc = list_xlsx(cli->xlsx, l);
    else
        list_text(l);
    zc_reply_free(reply);
    return rc;
}

static int plan_set(struct cli *cli, int argc, char **argv)
{
    long long household;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->person == 0 || cli->on == NULL)
        return cli_usage(cli);
    Zhucun__IncomePlanSet ps = ZHUCUN__INCOME_PLAN_SET__INIT;
    ps.household_id = household;
    ps.measures = (char **)cli->measures;
    ps.n_measures = (size_t)cli->nmeasures;
    ps.responsible_id = cli->person;
    ps.review_on = S(cli->on);
    return cli_call_ok(cli, &ps.base, _("已保存一对一帮扶方案"));
}

static void plan_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__IncomePlan *p = reply->income_plan;
    char at[INSTANT_TEXT_MAX];
    if (p->version == 0) {
        printf(_("%lld 尚无一对一帮扶方案\n"), (long long)p->household_id);
        return;
    }
    printf(_("%lld 一对一帮扶方案（第 %u 次制定，%s %s）\n责任人 %s（%lld），复核日期 %s\n"),
           (long long)p->household_id, p->version, p->updated_by,
           rules_instant_restyle(p->updated_at, INSTANT_MINUTES, at), p->responsible_name,
           (long long)p->responsible_id, p->review_on);
    for (size_t i = 0; i < p->n_measures; i++)
        printf("  %zu. %s\n", i + 1, p->measures[i]);
}

static int plan_show(struct cli *cli, int argc, char **argv)
{
    long long household;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__IncomePlanShow ps = ZHUCUN__INCOME_PLAN_SHOW__INIT;
    ps.household_id = household;
    return cli_call_show(cli, &ps.base, plan_text);
}

static const struct option record_options[] = {O_MEMBERS, O_ACK, O_NOTE, O_REASON, OPT_END_};
static const struct option history_options[] = {O_FROM, O_TO, OPT_END_};
static const struct option list_options[] = {O_ORG, O_MONTH, O_AFTER, O_LIMIT, O_XLSX, OPT_END_};
static const struct option plan_set_options[] = {O_MEASURE, O_PERSON, O_ON, OPT_END_};
static const struct option none[] = {OPT_END_};

const struct cli_command cli_income_commands[] = {
    {"income", "record", record, record_options,
     N_("zhucun income record 农户编号 YYYY-MM 项目=元... --members 人数\n"
        "    --ack signed|phone|refused [--note 认账说明] [--reason 更正理由]\n"
        "    项目：wages business（可为负）rent dividend pension subsidy dibao other costs\n"),
     "IncomeRecord"},
    {"income", "history", history, history_options,
     N_("zhucun income history 农户编号 [--from YYYY-MM] [--to YYYY-MM]\n"
        "    逐月算账记录（含更正前的版本）和收入达标情况\n"),
     "IncomeHistory"},
    {"income", "list", list, list_options,
     N_("zhucun income list under_threshold|fell --org 代码 [--month YYYY-MM]\n"
        "    [--after 农户编号] [--limit 户数] [--xlsx 文件]\n"
        "    低于帮扶标准且无一对一帮扶方案的人员；收入下降超过规定比例的农户\n"),
     "IncomeList"},
    {"income", "plan set", plan_set, plan_set_options,
     N_("zhucun income plan set 农户编号 --measure 措施... --person 责任人编号 --on 复核日期\n"),
     "IncomePlanSet"},
    {"income", "plan show", plan_show, none, N_("zhucun income plan show 农户编号\n"),
     "IncomePlanShow"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
