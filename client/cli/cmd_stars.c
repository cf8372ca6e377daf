/* cmd_stars.c -- zhucun stars: a county's teams' stars every half year (星级化评定, SPEC E2),
 * their adjustments by the city's indicators, the filing with the province (备案) and which
 * counties filed; zhucun cadre-points: a cadre's points (积分制考核, SPEC E3): the quarter's
 * first points from the grades, the add and deduct items, a cadre's history, the rankings and
 * the filing (text, JSON, Excel). docs/stars-points.md. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "common/xmalloc.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *status_zh(const char *s)
{
    return strcmp(s, "missing") == 0    ? _("未报备")
           : strcmp(s, "pending") == 0  ? _("审批中")
           : strcmp(s, "approved") == 0 ? _("已备案")
           : strcmp(s, "rejected") == 0 ? _("被驳回")
           : strcmp(s, "returned") == 0 ? _("被退回")
                                        : s;
}

static const char *source_zh(const char *s)
{
    return strcmp(s, "assessment") == 0     ? _("考核等次")
           : strcmp(s, "inspection") == 0   ? _("督查发现")
           : strcmp(s, "circular") == 0     ? _("通报")
           : strcmp(s, "commendation") == 0 ? _("表彰")
                                            : _("其他");
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__StarsWriteReply *w = reply->stars_compute; /* every write's reply */
    if (strcmp(cli->cmd->sub, "compute") == 0)
        printf(_("已评定 %lld 个工作队的星级\n"), (long long)w->count);
    else if (strcmp(cli->cmd->sub, "rate") == 0)
        printf(_("已评定 %lld 名干部的初始积分\n"), (long long)w->count);
    else if (strcmp(cli->cmd->sub, "adjust") == 0)
        printf(_("已调整（#%lld），现为 %d 星\n"), (long long)w->id, w->stars);
    else if (strcmp(cli->cmd->sub, "file") == 0)
        printf(_("已报省备案（备案 #%lld，审批 #%lld）\n"), (long long)w->id,
               (long long)w->approval_id);
    else
        printf(_("已登记，编号 #%lld\n"), (long long)w->id);
}

/* compute COUNTY HALF */
static int compute(struct cli *cli, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cli);
    Zhucun__StarsCompute in = ZHUCUN__STARS_COMPUTE__INIT;
    in.county_code = argv[0];
    in.half = argv[1];
    return cli_call_show(cli, &in.base, written_text);
}

/* adjust TEAM HALF CODE --reason TEXT */
static int adjust(struct cli *cli, int argc, char **argv)
{
    long long team;
    if (argc != 3 || cli->reason == NULL)
        return cli_usage(cli);
    if (cli_id(_("工作队编号"), argv[0], &team) != 0)
        return EXIT_USAGE;
    Zhucun__StarsAdjust in = ZHUCUN__STARS_ADJUST__INIT;
    in.team_id = team;
    in.half = argv[1];
    in.code = argv[2];
    in.reason = (char *)cli->reason;
    return cli_call_show(cli, &in.base, written_text);
}

/* file COUNTY PERIOD: the stars of a half, or (cadre-points) the points of a quarter */
static int file(struct cli *cli, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cli);
    if (strcmp(cli->cmd->name, "stars") == 0) {
        Zhucun__StarsFile in = ZHUCUN__STARS_FILE__INIT;
        in.county_code = argv[0];
        in.period = argv[1];
        return cli_call_show(cli, &in.base, written_text);
    }
    Zhucun__CadrePointsFile in = ZHUCUN__CADRE_POINTS_FILE__INIT;
    in.county_code = argv[0];
    in.period = argv[1];
    return cli_call_show(cli, &in.base, written_text);
}

static void status_text(const Zhucun__StarsStatusReply *s)
{
    static const char *const heads[] = {N_("市"), N_("区县"), N_("状态"), N_("报备日期")};
    static const int widths[] = {12, 14, 8, 10};
    const char *h[4];
    for (int k = 0; k < 4; k++)
        h[k] = _(heads[k]);
    cli_print_row(h, widths, 4);
    for (size_t i = 0; i < s->n_counties; i++) {
        const Zhucun__FilingState *f = s->counties[i];
        const char *cells[] = {f->city_name, f->county_name, status_zh(f->status), f->filed_on};
        cli_print_row(cells, widths, 4);
    }
    printf(_("已备案 %u，审批中 %u，未报备 %u\n"), s->filed, s->pending, s->missing);
}

/* The filing status as a workbook: a county a row, by city, with the counts in the title. */
static int status_xlsx(const char *path, const Zhucun__StarsStatusReply *s, const char *kind,
                       const char *period)
{
    static const struct xlsx_column columns[] = {
        {"市", XLSX_TEXT, 14},   {"区县代码", XLSX_TEXT, 14}, {"区县", XLSX_TEXT, 14},
        {"状态", XLSX_TEXT, 10}, {"报备日期", XLSX_TEXT, 12}, {"审批编号", XLSX_NUMBER, 10},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[200];
    snprintf(title, sizeof(title), "%s %s备案情况（已备案 %u，审批中 %u，未报备 %u）", period,
             strcmp(kind, "points") == 0 ? "干部积分" : "工作队星级", s->filed, s->pending,
             s->missing);
    struct xlsx_sheet *ws = xlsx_sheet(wb, "备案", title, columns, ARRAY_SIZE(columns));
    for (size_t i = 0; i < s->n_counties; i++) {
        const Zhucun__FilingState *f = s->counties[i];
        const struct xlsx_cell c[] = {
            {f->city_name, 0},         {f->county_code, 0}, {f->county_name, 0},
            {status_zh(f->status), 0}, {f->filed_on, 0},    {NULL, (double)f->approval_id},
        };
        xlsx_row(ws, c, 0);
    }
    return cli_xlsx_done(wb);
}

/* status PERIOD [--kind stars|points] [--org CODE] [--xlsx FILE] */
static int status(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    Zhucun__StarsStatus in = ZHUCUN__STARS_STATUS__INIT;
    in.kind = cli->kind != NULL ? (char *)cli->kind : "stars";
    in.period = argv[0];
    in.org_code = S(cli->org);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &in.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->stars_status->base);
    else if (cli->xlsx != NULL)
        rc = status_xlsx(cli->xlsx, reply->stars_status, in.kind, argv[0]);
    else
        status_text(reply->stars_status);
    zc_reply_free(reply);
    return rc;
}

static int list_xlsx(const char *path, const Zhucun__StarsListReply *l, const char *half)
{
    static const struct xlsx_column columns[] = {
        {"工作队编号", XLSX_NUMBER, 10}, {"工作队", XLSX_TEXT, 24},    {"区划", XLSX_TEXT, 14},
        {"考核等次", XLSX_TEXT, 10},     {"起点星级", XLSX_NUMBER, 8}, {"调整", XLSX_NUMBER, 6},
        {"星级", XLSX_NUMBER, 6},        {"调整事由", XLSX_TEXT, 40},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[120];
    snprintf(title, sizeof(title), "%s 工作队星级评定", half);
    struct xlsx_sheet *ws = xlsx_sheet(wb, "星级", title, columns, ARRAY_SIZE(columns));
    for (size_t i = 0; i < l->n_teams; i++) {
        const Zhucun__TeamStars *t = l->teams[i];
        const struct xlsx_cell c[] = {
            {NULL, (double)t->team_id},
            {t->team_name, 0},
            {t->org_code, 0},
            {t->grade_label, 0},
            {NULL, (double)t->base_stars},
            {NULL, (double)t->adjust},
            {NULL, (double)t->stars},
            {t->adjustments, 0},
        };
        xlsx_row(ws, c, 0);
    }
    return cli_xlsx_done(wb);
}

static void list_text(const Zhucun__StarsListReply *l)
{
    static const char *const heads[] = {"工作队", "考核等次", "起点", "调整", "星级"};
    static const int widths[] = {24, 10, 4, 4, 4};
    cli_print_row(heads, widths, 5);
    for (size_t i = 0; i < l->n_teams; i++) {
        const Zhucun__TeamStars *t = l->teams[i];
        char n[3][16];
        snprintf(n[0], sizeof(n[0]), "%d", t->base_stars);
        snprintf(n[1], sizeof(n[1]), "%+d", t->adjust);
        snprintf(n[2], sizeof(n[2]), "%d", t->stars);
        cli_print_cell(t->team_name, 24, 0);
        putchar(' ');
        cli_print_cell(t->grade_label, 10, 0);
        for (int k = 0; k < 3; k++) {
            putchar(' ');
            cli_print_cell(n[k], 4, 1);
        }
        if (t->adjustments[0] != '\0')
            printf("  %s", t->adjustments);
        putchar('\n');
    }
    printf(_("共 %zu 个工作队；备案：%s\n"), l->n_teams, status_zh(l->filing));
}

/* list COUNTY HALF [--xlsx FILE] */
static int list(struct cli *cli, int argc, char **argv)
{
    if (argc != 2 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    Zhucun__StarsList in = ZHUCUN__STARS_LIST__INIT;
    in.county_code = argv[0];
    in.half = argv[1];
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &in.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->stars_list->base);
    else if (cli->xlsx != NULL)
        rc = list_xlsx(cli->xlsx, reply->stars_list, argv[1]);
    else
        list_text(reply->stars_list);
    zc_reply_free(reply);
    return rc;
}

static void codes_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__StarsCodesReply *k = reply->stars_codes;
    static const char *const iheads[] = {"指标代码", "星级增减", "指标"};
    static const int iwidths[] = {20, -8, 40};
    static const char *const pheads[] = {"项目代码", "分值", "加减", "项目"};
    static const int pwidths[] = {20, -6, 4, 40};
    printf(_("%s 本市量化指标（用于 stars adjust）\n"), k->half);
    cli_print_row(iheads, iwidths, 3);
    for (size_t i = 0; i < k->n_indicators; i++) {
        const Zhucun__StarIndicator *x = k->indicators[i];
        char delta[16];
        snprintf(delta, sizeof(delta), "%+d", x->delta);
        const char *cells[] = {x->code, delta, x->label};
        cli_print_row(cells, iwidths, 3);
    }
    printf(_("%s 加分、减分项目（用于 cadre-points add）\n"), k->quarter);
    cli_print_row(pheads, pwidths, 4);
    for (size_t i = 0; i < k->n_items; i++) {
        const Zhucun__PointItem *x = k->items[i];
        const char *cells[] = {x->code, x->points,
                               strcmp(x->kind, "deduct") == 0 ? _("减分") : _("加分"), x->label};
        cli_print_row(cells, pwidths, 4);
    }
}

/* codes COUNTY [--half H] [--quarter Q]: today's half and quarter when not given */
static int codes(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__StarsCodes in = ZHUCUN__STARS_CODES__INIT;
    in.county_code = argv[0];
    in.half = S(cli->half);
    in.quarter = S(cli->quarter);
    return cli_call_show(cli, &in.base, codes_text);
}

/* rate COUNTY QUARTER */
static int rate(struct cli *cli, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cli);
    Zhucun__CadrePointsRate in = ZHUCUN__CADRE_POINTS_RATE__INIT;
    in.county_code = argv[0];
    in.quarter = argv[1];
    return cli_call_show(cli, &in.base, written_text);
}

/* add PERSON QUARTER ITEM --reason TEXT --kind circular|commendation|other [--record ID] */
static int add(struct cli *cli, int argc, char **argv)
{
    long long person;
    if (argc != 3 || cli->reason == NULL || cli->kind == NULL)
        return cli_usage(cli);
    if (cli_id(_("人员编号"), argv[0], &person) != 0)
        return EXIT_USAGE;
    Zhucun__CadrePointsAdd in = ZHUCUN__CADRE_POINTS_ADD__INIT;
    in.person_id = person;
    in.quarter = argv[1];
    in.item_code = argv[2];
    in.reason = (char *)cli->reason;
    in.source_kind = (char *)cli->kind;
    in.source_id = cli->record;
    in.n_evidence = (size_t)cli->nevidence;
    in.evidence = cli->evidence;
    return cli_call_show(cli, &in.base, written_text);
}

static void history_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__CadrePointsHistoryReply *h = reply->cadre_points_history;
    printf(_("干部 %s（#%lld）的积分\n"), h->name, (long long)h->person_id);
    static const char *const heads[] = {"季度", "分值", "季度累计", "来源", "事由"};
    static const int widths[] = {7, 7, 8, 8, 30};
    cli_print_row(heads, widths, 5);
    for (size_t i = 0; i < h->n_entries; i++) {
        const Zhucun__CadrePointEntry *e = h->entries[i];
        cli_print_cell(e->quarter, 7, 0);
        putchar(' ');
        cli_print_cell(e->points, 7, 1);
        putchar(' ');
        cli_print_cell(e->running, 8, 1);
        putchar(' ');
        cli_print_cell(source_zh(e->source_kind), 8, 0);
        printf(" %s\n", e->reason);
    }
    for (size_t i = 0; i < h->n_quarters; i++)
        printf(_("%s 合计 %s 分\n"), h->quarters[i]->quarter, h->quarters[i]->total);
    if (h->n_entries == 0)
        printf(_("（还没有积分记录）\n"));
}

/* history [--person ID]: the caller's own without --person */
static int history(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__CadrePointsHistory in = ZHUCUN__CADRE_POINTS_HISTORY__INIT;
    in.person_id = cli->person;
    return cli_call_show(cli, &in.base, history_text);
}

static int ranking_xlsx(const char *path, const Zhucun__CadrePointsRankingReply *k,
                        const char *period)
{
    static const struct xlsx_column columns[] = {
        {"名次", XLSX_NUMBER, 6}, {"人员编号", XLSX_NUMBER, 10}, {"姓名", XLSX_TEXT, 12},
        {"区县", XLSX_TEXT, 14},  {"所在区划", XLSX_TEXT, 14},   {"积分", XLSX_NUMBER, 10},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[120];
    snprintf(title, sizeof(title), "%s 干部积分排名", period);
    struct xlsx_sheet *ws = xlsx_sheet(wb, "排名", title, columns, ARRAY_SIZE(columns));
    for (size_t i = 0; i < k->n_ranks; i++) {
        const Zhucun__CadreRank *c = k->ranks[i];
        const struct xlsx_cell row[] = {
            {NULL, (double)c->rank},
            {NULL, (double)c->person_id},
            {c->name, 0},
            {c->county_name, 0},
            {c->org_code, 0},
            {NULL, strtod(c->total, NULL)},
        };
        xlsx_row(ws, row, 0);
    }
    return cli_xlsx_done(wb);
}

static void ranking_text(const Zhucun__CadrePointsRankingReply *k)
{
    static const char *const heads[] = {"名次", "姓名", "区县", "积分"};
    static const int widths[] = {4, 12, 14, 8};
    cli_print_row(heads, widths, 4);
    for (size_t i = 0; i < k->n_ranks; i++) {
        const Zhucun__CadreRank *c = k->ranks[i];
        char rank[16];
        snprintf(rank, sizeof(rank), "%u", c->rank);
        cli_print_cell(rank, 4, 1);
        putchar(' ');
        cli_print_cell(c->name, 12, 0);
        putchar(' ');
        cli_print_cell(c->county_name, 14, 0);
        putchar(' ');
        cli_print_cell(c->total, 8, 1);
        putchar('\n');
    }
    if (k->truncated)
        printf(_("（只列出前 %zu 名）\n"), k->n_ranks);
}

/* ranking PERIOD [--org CODE] [--limit N] [--xlsx FILE] */
static int ranking(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    Zhucun__CadrePointsRanking in = ZHUCUN__CADRE_POINTS_RANKING__INIT;
    in.period = argv[0];
    in.org_code = S(cli->org);
    in.limit = (uint32_t)(cli->limit > 0 ? cli->limit : 0);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &in.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->cadre_points_ranking->base);
    else if (cli->xlsx != NULL)
        rc = ranking_xlsx(cli->xlsx, reply->cadre_points_ranking, argv[0]);
    else
        ranking_text(reply->cadre_points_ranking);
    zc_reply_free(reply);
    return rc;
}

static const struct option no_options[] = {OPT_END_};
static const struct option adjust_options[] = {O_REASON, OPT_END_};
static const struct option status_options[] = {O_KIND, O_ORG, O_XLSX, OPT_END_};
static const struct option list_options[] = {O_XLSX, OPT_END_};
static const struct option codes_options[] = {O_HALF, O_QUARTER, OPT_END_};
static const struct option add_options[] = {O_REASON, O_KIND, O_RECORD, O_EVIDENCE, OPT_END_};
static const struct option history_options[] = {O_PERSON, OPT_END_};
static const struct option ranking_options[] = {O_ORG, O_LIMIT, O_XLSX, OPT_END_};

const struct cli_command cli_stars_commands[] = {
    {"stars", "compute", compute, no_options,
     N_("zhucun stars compute 区县代码 半年（如 2026H1）\n"
        "    按已公布的考核等次评定本县各工作队该半年的星级\n"),
     "StarsCompute"},
    {"stars", "adjust", adjust, adjust_options,
     N_("zhucun stars adjust 工作队编号 半年 指标代码 --reason 事由\n"
        "    按本市量化指标调整工作队的星级（0 到 5 星之间）\n"),
     "StarsAdjust"},
    {"stars", "file", file, no_options,
     N_("zhucun stars file 区县代码 半年\n    将本县该半年的星级评定报省级驻村办备案\n"),
     "StarsFile"},
    {"stars", "status", status, status_options,
     N_("zhucun stars status 期间 [--kind stars|points] [--org 区划代码] [--xlsx 文件]\n"
        "    各区县星级（按半年）或积分（按季度）的备案情况，按市列出\n"),
     "StarsStatus"},
    {"stars", "list", list, list_options,
     N_("zhucun stars list 区县代码 半年 [--xlsx 文件]\n    本县各工作队该半年的星级\n"),
     "StarsList"},
    {"stars", "codes", codes, codes_options,
     N_("zhucun stars codes 区县代码 [--half 半年] [--quarter 季度]\n"
        "    本县可用的量化指标代码（该半年，默认本半年）与积分项目代码（该季度，默认本季度）\n"),
     "StarsCodes"},
    {"cadre-points", "rate", rate, no_options,
     N_("zhucun cadre-points rate 区县代码 季度（如 2026Q1）\n"
        "    按已公布的考核等次评定本县干部该季度的初始积分\n"),
     "CadrePointsRate"},
    {"cadre-points", "add", add, add_options,
     N_("zhucun cadre-points add 人员编号 季度 项目代码 --reason 事由 --kind "
        "circular|commendation|other\n"
        "    [--record 通报或表彰编号] [--evidence SHA256]...\n"
        "    登记干部的加分或减分\n"),
     "CadrePointsAdd"},
    {"cadre-points", "history", history, history_options,
     N_("zhucun cadre-points history [--person 人员编号]\n"
        "    干部的积分记录与各季度累计（不给 --person 时为本人）\n"),
     "CadrePointsHistory"},
    {"cadre-points", "ranking", ranking, ranking_options,
     N_("zhucun cadre-points ranking 季度或年份 [--org 区县或市代码] [--limit 条数] [--xlsx "
        "文件]\n"
        "    干部积分排名（同分同名次）\n"),
     "CadrePointsRanking"},
    {"cadre-points", "file", file, no_options,
     N_("zhucun cadre-points file 区县代码 季度\n    将本县该季度的干部积分报省级驻村办备案\n"),
     "CadrePointsFile"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
