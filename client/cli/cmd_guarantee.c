/* cmd_guarantee.c -- zhucun guarantee: three guarantees and drinking water (SPEC M5) recorded,
 * resolved and listed, the households with any gap (text, JSON, Excel); zhucun labour: the
 * labour ledger (SPEC M6). docs/guarantees.md. */
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/guarantee.h"
#include "common/status.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *area_zh(const char *area)
{
    return strcmp(area, "education") == 0 ? _("义务教育")
           : strcmp(area, "medical") == 0 ? _("基本医疗")
           : strcmp(area, "housing") == 0 ? _("住房安全")
           : strcmp(area, "water") == 0   ? _("饮水安全")
                                          : area;
}

/* The words a clerk reads for a kind, a status (of that kind), a labour status or a subsidy:
 * the codes the wire carries are for programs (--json). An unknown code is shown as it is. */
static const char *label(const char *kind, const char *code)
{
    static const struct {
        const char *kind, *code, *zh;
    } labels[] = {
        {"*", "schooling", N_("义务教育核查")},
        {"*", "insurance", N_("医保参保")},
        {"*", "hospital", N_("住院")},
        {"*", "housing", N_("住房鉴定")},
        {"*", "water", N_("饮水问题")},
        {"schooling", "enrolled", N_("在校就读")},
        {"schooling", "transferred", N_("转学")},
        {"schooling", "dropped_out", N_("辍学")},
        {"schooling", "home_schooling", N_("送教上门")},
        {"insurance", "enrolled", N_("已参保")},
        {"insurance", "not_enrolled", N_("未参保")},
        {"hospital", "settled", N_("已报销")},
        {"hospital", "pending", N_("待报销")},
        {"housing", "A", N_("A 级")},
        {"housing", "B", N_("B 级")},
        {"housing", "C", N_("C 级")},
        {"housing", "D", N_("D 级")},
        {"water", "source_short", N_("水源不足")},
        {"water", "seasonal_shortage", N_("季节性缺水")},
        {"water", "quality", N_("水质不达标")},
        {"water", "inconvenient", N_("用水不方便")},
        {"water", "broken_pipes", N_("管网损坏")},
        {"labour", "local", N_("本地务工")},
        {"labour", "in_province", N_("省内外出")},
        {"labour", "out_of_province", N_("省外务工")},
        {"labour", "self_employed", N_("自主创业")},
        {"labour", "not_working", N_("未就业")},
        {"subsidy", "none", N_("未申请")},
        {"subsidy", "applied", N_("已申请")},
        {"subsidy", "paid", N_("已发放")},
    };
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if ((labels[i].kind[0] == '*' || strcmp(labels[i].kind, kind) == 0) &&
            strcmp(labels[i].code, code) == 0)
            return _(labels[i].zh);
    return code;
}

/* Yuan as typed ("1234.5") to fen; 0, or EXIT_USAGE after saying why. */
static int yuan(const char *name, const char *text, int64_t *fen)
{
    double v = 0;
    if (text != NULL && cli_real(name, text, 0, (double)GUARANTEE_COST_MAX_FEN / 100.0, &v) != 0)
        return EXIT_USAGE;
    *fen = (int64_t)llround(v * 100.0);
    return 0;
}

/* Positional ids: argv[0..n) into ids (names for the messages). */
static int ids(int argc, char **argv, const char *const *names, long long *out)
{
    for (int i = 0; i < argc; i++)
        if (cli_id(_(names[i]), argv[i], &out[i]) != 0)
            return EXIT_USAGE;
    return 0;
}

static void recorded_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    long long id = reply->body_case == ZHUCUN__REPLY__BODY_LABOUR_RECORD
                       ? (long long)reply->labour_record->id
                       : (long long)reply->guarantee_record->id;
    printf(_("已登记，记录 #%lld\n"), id);
}

static int record(struct cli *cli, int argc, char **argv)
{
    static const char *const names[] = {N_("类别"), N_("农户编号"), N_("成员编号")};
    long long v[3] = {0, 0, 0};
    if (argc < 1 || argc > 3 || cli->date == NULL || cli->status == NULL)
        return cli_usage(cli);
    if (ids(argc - 1, argv + 1, names + 1, v + 1) != 0)
        return EXIT_USAGE;
    Zhucun__GuaranteeRecord gr = ZHUCUN__GUARANTEE_RECORD__INIT;
    gr.kind = argv[0];
    gr.household_id = v[1];
    gr.member_id = v[2];
    gr.village_code = S(cli->village);
    gr.on_date = S(cli->date);
    gr.status = S(cli->status);
    gr.place = S(cli->place);
    gr.delivered = cli->delivered;
    gr.chronic = S(cli->chronic);
    gr.renovation = S(cli->renovation);
    gr.note = S(cli->note);
    if (yuan("--cost", cli->cost, &gr.cost_total_fen) != 0 ||
        yuan("--own", cli->own, &gr.cost_own_fen) != 0)
        return EXIT_USAGE;
    return cli_call_show(cli, &gr.base, recorded_text);
}

static int resolve(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("记录编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->date == NULL || cli->note == NULL)
        return cli_usage(cli);
    Zhucun__GuaranteeResolve gr = ZHUCUN__GUARANTEE_RESOLVE__INIT;
    gr.id = id;
    gr.resolved_on = S(cli->date);
    gr.resolution = S(cli->note);
    return cli_call_ok(cli, &gr.base, _("已办结"));
}

static void gap_line(const Zhucun__Gap *g, int with_household)
{
    if (with_household)
        printf("%-8lld %-10s %s ", (long long)g->household_id, g->head_name, g->village_code);
    printf(_("【%s】%s\n"), area_zh(g->area), g->what);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__GuaranteeListReply *l = reply->guarantee_list;
    for (size_t i = 0; i < l->n_entries; i++) {
        const Zhucun__GuaranteeEntry *e = l->entries[i];
        printf("#%-7lld %s %s %s %s %s", (long long)e->id, e->on_date, label("*", e->kind),
               label(e->kind, e->status), e->member_name, e->place);
        if (e->problem)
            printf(e->resolved_on[0] ? _("  已办结 %s：%s") : _("  未解决"), e->resolved_on,
                   e->resolution);
        printf("\n");
    }
    if (l->n_entries == 0)
        printf(_("（无记录）\n"));
    if (l->n_gaps > 0) {
        printf(_("三保障和饮水安全未落实 %zu 项：\n"), l->n_gaps);
        for (size_t i = 0; i < l->n_gaps; i++)
            gap_line(l->gaps[i], 0);
    } else if (!cli->village) {
        printf(_("三保障和饮水安全已落实\n"));
    }
}

static int list(struct cli *cli, int argc, char **argv)
{
    static const char *const names[] = {N_("农户编号")};
    long long household = 0;
    if (argc > 1 || (argc == 1) == (cli->village != NULL))
        return cli_usage(cli);
    if (ids(argc, argv, names, &household) != 0)
        return EXIT_USAGE;
    Zhucun__GuaranteeList gl = ZHUCUN__GUARANTEE_LIST__INIT;
    gl.household_id = household;
    gl.village_code = S(cli->village);
    return cli_call_show(cli, &gl.base, list_text);
}

static void gaps_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__GuaranteeGapsReply *g = reply->guarantee_gaps;
    for (size_t i = 0; i < g->n_gaps; i++)
        gap_line(g->gaps[i], 1);
    printf(_("%u 户有未落实的三保障或饮水安全问题"), g->households);
    if (g->truncated)
        printf(_("（还有，下一页：--after %lld）"), (long long)g->next_after);
    printf("\n");
}

/* --xlsx: every page from --after on, one row per gap. */
static int gaps_xlsx(struct cli *cli, Zhucun__GuaranteeGaps *gg)
{
    static const struct xlsx_column columns[] = {
        {"农户编号", XLSX_NUMBER, 10}, {"户主", XLSX_TEXT, 12},
        {"所在村", XLSX_TEXT, 16},     {"方面", XLSX_TEXT, 10},
        {"成员编号", XLSX_NUMBER, 10}, {"问题和要做的事", XLSX_TEXT, 90},
    };
    struct xlsx_book *wb = xlsx_open(cli->xlsx);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[160];
    snprintf(title, sizeof(title), "三保障和饮水安全未落实的农户（%s）",
             gg->org_code[0] ? gg->org_code : "管辖范围");
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "未落实", title, columns, sizeof(columns) / sizeof(columns[0]));
    size_t rows = 0;
    unsigned households = 0;
    for (;;) {
        Zhucun__Reply *reply = NULL;
        int rc = cli_call(cli, &gg->base, &reply);
        if (rc != 0) {
            xlsx_close(wb);
            return rc;
        }
        const Zhucun__GuaranteeGapsReply *g = reply->guarantee_gaps;
        for (size_t i = 0; i < g->n_gaps; i++) {
            const Zhucun__Gap *x = g->gaps[i];
            const struct xlsx_cell cells[] = {
                {NULL, (double)x->household_id},
                {x->head_name, 0},
                {x->village_code, 0},
                {area_zh(x->area), 0},
                {NULL, (double)x->member_id},
                {x->what, 0},
            };
            xlsx_row(ws, cells, 0);
            rows++;
        }
        households += g->households;
        int more = g->truncated;
        gg->after = g->next_after;
        zc_reply_free(reply);
        if (!more)
            break;
    }
    if (xlsx_close(wb) != 0)
        return EXIT_FAILURE;
    printf(_("已导出 %s（%u 户，%zu 项）\n"), cli->xlsx, households, rows);
    return 0;
}

static int gaps(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    Zhucun__GuaranteeGaps gg = ZHUCUN__GUARANTEE_GAPS__INIT;
    gg.org_code = S(cli->org);
    gg.after = cli->after;
    gg.limit = (uint32_t)(cli->limit > GUARANTEE_GAPS_MAX ? GUARANTEE_GAPS_MAX : cli->limit);
    if (cli->xlsx != NULL)
        return gaps_xlsx(cli, &gg);
    return cli_call_show(cli, &gg.base, gaps_text);
}

static int labour_record(struct cli *cli, int argc, char **argv)
{
    static const char *const names[] = {N_("农户编号"), N_("成员编号")};
    long long v[2];
    if (argc != 2 || cli->date == NULL || cli->status == NULL)
        return cli_usage(cli);
    if (ids(argc, argv, names, v) != 0)
        return EXIT_USAGE;
    Zhucun__LabourRecord lr = ZHUCUN__LABOUR_RECORD__INIT;
    lr.household_id = v[0];
    lr.member_id = v[1];
    lr.on_date = S(cli->date);
    lr.status = S(cli->status);
    lr.place = S(cli->place);
    lr.work = S(cli->work);
    lr.training = S(cli->training);
    lr.subsidy = cli->subsidy != NULL ? (char *)cli->subsidy : "none";
    lr.note = S(cli->note);
    return cli_call_show(cli, &lr.base, recorded_text);
}

static void labour_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__LabourListReply *l = reply->labour_list;
    for (size_t i = 0; i < l->n_records; i++) {
        const Zhucun__LabourEntry *e = l->records[i];
        printf(_("#%-7lld %s %-8lld %-8s %-15s %s %s 培训：%s 交通补贴：%s\n"), (long long)e->id,
               e->on_date, (long long)e->household_id, e->member_name, label("labour", e->status),
               e->place, e->work, e->training[0] ? e->training : "-", label("subsidy", e->subsidy));
    }
    if (l->n_records == 0)
        printf(_("（无记录）\n"));
    if (l->truncated)
        printf(_("（只列出前 %zu 条，请缩小范围）\n"), l->n_records);
}

static int labour_list(struct cli *cli, int argc, char **argv)
{
    static const char *const names[] = {N_("农户编号")};
    long long household = 0, year = 0;
    if (argc > 1)
        return cli_usage(cli);
    if (ids(argc, argv, names, &household) != 0 ||
        (cli->year != NULL && cli_int("--year", cli->year, LABOUR_FIRST_YEAR, 9999, &year) != 0))
        return EXIT_USAGE;
    Zhucun__LabourList ll = ZHUCUN__LABOUR_LIST__INIT;
    ll.household_id = household;
    ll.org_code = S(cli->org);
    ll.year = (uint32_t)year;
    ll.limit = (uint32_t)(cli->limit > LABOUR_LIST_MAX ? LABOUR_LIST_MAX : cli->limit);
    return cli_call_show(cli, &ll.base, labour_text);
}

static const struct option record_options[] = {O_DATE,       O_STATUS,  O_VILLAGE, O_PLACE,
                                               O_DELIVERED,  O_CHRONIC, O_COST,    O_OWN,
                                               O_RENOVATION, O_NOTE,    OPT_END_};
static const struct option resolve_options[] = {O_DATE, O_NOTE, OPT_END_};
static const struct option list_options[] = {O_VILLAGE, OPT_END_};
static const struct option gaps_options[] = {O_ORG, O_AFTER, O_LIMIT, O_XLSX, OPT_END_};
static const struct option labour_record_options[] = {O_DATE,     O_STATUS,  O_PLACE, O_WORK,
                                                      O_TRAINING, O_SUBSIDY, O_NOTE,  OPT_END_};
static const struct option labour_list_options[] = {O_ORG, O_YEAR, O_LIMIT, OPT_END_};

const struct cli_command cli_guarantee_commands[] = {
    {"guarantee", "record", record, record_options,
     N_("zhucun guarantee record 类别 [农户编号 [成员编号]] --date 日期 --status 情况\n"
        "    类别：schooling|insurance|hospital（须成员编号）、housing、water（农户编号，\n"
        "    或 --village 代码 记村里的饮水问题）\n"
        "    [--place 学校或医院] [--delivered]（送教上门已落实）[--chronic "
        "none|covered|not_covered]\n"
        "    [--cost 元 --own 元]（住院总费用、个人自付）[--renovation none|in_progress|finished]\n"
        "    [--note 说明]\n"),
     "GuaranteeRecord"},
    {"guarantee", "resolve", resolve, resolve_options,
     N_("zhucun guarantee resolve 记录编号 --date 日期 --note 如何解决\n"), "GuaranteeResolve"},
    {"guarantee", "list", list, list_options,
     N_("zhucun guarantee list 农户编号 | --village 代码\n"
        "    一户的三保障和饮水记录及未落实的问题；或一个村的饮水台账\n"),
     "GuaranteeList"},
    {"guarantee", "gaps", gaps, gaps_options,
     N_("zhucun guarantee gaps [--org 代码] [--after 农户编号] [--limit 户数] [--xlsx 文件]\n"
        "    三保障和饮水安全未落实的农户（--xlsx 导出全部）\n"),
     "GuaranteeGaps"},
    {"labour", "record", labour_record, labour_record_options,
     N_("zhucun labour record 农户编号 成员编号 --date 日期\n"
        "    --status local|in_province|out_of_province|self_employed|not_working\n"
        "    [--place 地点] [--work 工种] [--training 技能培训] [--subsidy none|applied|paid]\n"
        "    [--note 说明]\n"),
     "LabourRecord"},
    {"labour", "list", labour_list, labour_list_options,
     N_("zhucun labour list [农户编号] [--org 代码] [--year 年份] [--limit 条数]\n"
        "    脱贫劳动力务工台账\n"),
     "LabourList"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
