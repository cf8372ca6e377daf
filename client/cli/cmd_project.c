/* cmd_project.c -- zhucun project: projects (项目化实施, SPEC P1) proposed, changed, shown,
 * listed (the county's project library), moved through their states as approvals, their
 * timeline, and the board by unit, state and kind (text, JSON, Excel). docs/projects.md. */
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/project.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* The lists a command builds from its options, kept until the request is sent. */
struct parts {
    char *villages[PROJECT_VILLAGES_MAX];
    char villages_buf[PROJECT_VILLAGES_MAX * 13];
    Zhucun__ProjectFund fund[CLI_MAX_FUNDS];
    Zhucun__ProjectFund *funds[CLI_MAX_FUNDS];
    char sources[CLI_MAX_FUNDS][32];
    int64_t beneficiaries[PROJECT_BENEFICIARIES_MAX];
};

/* Fen as yuan ("1234.50"), in buf. */
static const char *money(long long fen, char buf[32])
{
    snprintf(buf, 32, "%lld.%02lld", fen / 100, fen % 100);
    return buf;
}

static int yuan_option(const char *name, const char *text, int64_t *fen)
{
    double yuan;
    if (cli_real(name, text, 0.01, (double)PROJECT_BUDGET_MAX_FEN / 100.0, &yuan) != 0)
        return EXIT_USAGE;
    *fen = (int64_t)llround(yuan * 100.0);
    return 0;
}

/* --villages A,B,... into d (the first the lead village). */
static int villages_option(const struct cli *cli, struct parts *pt, Zhucun__ProjectCreate *d)
{
    snprintf(pt->villages_buf, sizeof(pt->villages_buf), "%s", cli->villages);
    size_t n = 0;
    for (char *save = NULL, *v = strtok_r(pt->villages_buf, ",", &save); v != NULL;
         v = strtok_r(NULL, ",", &save)) {
        if (n == PROJECT_VILLAGES_MAX) {
            fprintf(stderr, _("zhucun: --villages 最多 %d 个村\n"), PROJECT_VILLAGES_MAX);
            return EXIT_USAGE;
        }
        pt->villages[n++] = v;
    }
    d->village_codes = pt->villages;
    d->n_village_codes = n;
    return 0;
}

/* --fund SOURCE=YUAN (repeated) into *funds / *n. */
static int funds_option(const struct cli *cli, struct parts *pt, Zhucun__ProjectFund ***funds,
                        size_t *n)
{
    for (int i = 0; i < cli->nfunds; i++) {
        zhucun__project_fund__init(&pt->fund[i]);
        long long fen;
        const char *problem =
            rules_project_fund_parse(cli->funds[i], pt->sources[i], sizeof(pt->sources[i]), &fen);
        if (problem != NULL) {
            fprintf(stderr, _("zhucun: --fund: %s（收到 “%s”）\n"), problem, cli->funds[i]);
            return EXIT_USAGE;
        }
        pt->fund[i].source = pt->sources[i];
        pt->fund[i].amount_fen = fen;
        pt->funds[i] = &pt->fund[i];
    }
    *funds = pt->funds;
    *n = (size_t)cli->nfunds;
    return 0;
}

/* --expected HOUSEHOLDS[,ALLEVIATED[,MONITORED]] and --beneficiaries ID,ID,... into d. */
static int expected_option(const struct cli *cli, struct parts *pt, Zhucun__ProjectCreate *d)
{
    if (cli->expected != NULL) {
        unsigned h = 0, a = 0, m = 0;
        char extra;
        int k = sscanf(cli->expected, "%u,%u,%u%c", &h, &a, &m, &extra);
        if (k < 1 || k > 3) {
            fprintf(stderr,
                    _("zhucun: --expected 应为 受益户数[,脱贫户数[,监测户数]]（收到 “%s”）\n"),
                    cli->expected);
            return EXIT_USAGE;
        }
        d->expected_households = h;
        d->expected_alleviated = a;
        d->expected_monitored = m;
    }
    if (cli->beneficiaries != NULL) {
        size_t n = 0;
        for (const char *s = cli->beneficiaries; *s != '\0';) {
            char id[24];
            size_t len = strcspn(s, ",");
            long long v;
            snprintf(id, sizeof(id), "%.*s", (int)(len < 23 ? len : 23), s);
            if (n == PROJECT_BENEFICIARIES_MAX) {
                fprintf(stderr, _("zhucun: --beneficiaries 最多 %d 户\n"),
                        PROJECT_BENEFICIARIES_MAX);
                return EXIT_USAGE;
            }
            if (cli_id("--beneficiaries", id, &v) != 0)
                return EXIT_USAGE;
            pt->beneficiaries[n++] = v;
            s += len;
            s += *s == ',';
        }
        d->beneficiaries = pt->beneficiaries;
        d->n_beneficiaries = n;
    }
    return 0;
}

/* The details options over d (update: over the project as it is). */
static int details_options(struct cli *cli, struct parts *pt, Zhucun__ProjectCreate *d)
{
    long long year;
    if (cli->villages != NULL && villages_option(cli, pt, d) != 0)
        return EXIT_USAGE;
    if (cli->kind != NULL)
        d->kind = (char *)cli->kind;
    if (cli->name != NULL)
        d->name = (char *)cli->name;
    if (cli->year != NULL) {
        if (cli_int("--year", cli->year, PROJECT_FIRST_YEAR, 2100, &year) != 0)
            return EXIT_USAGE;
        d->year = (uint32_t)year;
    }
    if (cli->budget != NULL && yuan_option("--budget", cli->budget, &d->budget_fen) != 0)
        return EXIT_USAGE;
    if (cli->nfunds > 0 && funds_option(cli, pt, &d->funds, &d->n_funds) != 0)
        return EXIT_USAGE;
    if (cli->responsible != NULL)
        d->responsible = (char *)cli->responsible;
    if (cli->unit > 0)
        d->unit_id = cli->unit;
    if (cli->start != NULL)
        d->planned_start = (char *)cli->start;
    if (cli->end != NULL)
        d->planned_end = (char *)cli->end;
    if (expected_option(cli, pt, d) != 0)
        return EXIT_USAGE;
    if (cli->note != NULL)
        d->description = (char *)cli->note;
    if (cli->nevidence > 0) {
        d->n_evidence = (size_t)cli->nevidence;
        d->evidence = cli->evidence;
    }
    return 0;
}

static void saved_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    if (reply->body_case == ZHUCUN__REPLY__BODY_PROJECT_UPDATE)
        printf(_("已修改项目 #%lld\n"), (long long)reply->project_update->id);
    else
        printf(_("已登记项目 #%lld（谋划）\n"), (long long)reply->project_create->id);
}

static int add(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->villages == NULL || cli->kind == NULL || cli->name == NULL ||
        cli->year == NULL || cli->budget == NULL || cli->nfunds == 0 || cli->responsible == NULL ||
        cli->start == NULL || cli->end == NULL)
        return cli_usage(cli);
    struct parts pt;
    Zhucun__ProjectCreate d = ZHUCUN__PROJECT_CREATE__INIT;
    if (details_options(cli, &pt, &d) != 0)
        return EXIT_USAGE;
    return cli_call_show(cli, &d.base, saved_text);
}

/* ProjectUpdate replaces every detail: the command reads the project first and changes only
 * what its options give. */
static int update(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectShow ps = ZHUCUN__PROJECT_SHOW__INIT;
    ps.id = id;
    Zhucun__Reply *cur = NULL;
    int rc = cli_call(cli, &ps.base, &cur);
    if (rc != 0)
        return rc;
    const Zhucun__ProjectShowReply *s = cur->project_show;
    const Zhucun__ProjectEntry *e = s->project;
    struct parts pt;
    Zhucun__ProjectCreate d = ZHUCUN__PROJECT_CREATE__INIT;
    d.village_codes = s->village_codes;
    d.n_village_codes = s->n_village_codes;
    d.kind = e->kind;
    d.name = e->name;
    d.year = e->year;
    d.budget_fen = e->budget_fen;
    d.funds = s->funds;
    d.n_funds = s->n_funds;
    d.responsible = e->responsible;
    d.unit_id = e->unit_id;
    d.planned_start = e->planned_start;
    d.planned_end = e->planned_end;
    d.expected_households = e->expected_households;
    d.expected_alleviated = e->expected_alleviated;
    d.expected_monitored = e->expected_monitored;
    d.description = e->description;
    if (s->n_beneficiaries > PROJECT_BENEFICIARIES_MAX) {
        zc_reply_free(cur);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < s->n_beneficiaries; i++)
        pt.beneficiaries[i] = s->beneficiaries[i]->household_id;
    d.beneficiaries = pt.beneficiaries;
    d.n_beneficiaries = s->n_beneficiaries;
    Zhucun__ProjectUpdate pu = ZHUCUN__PROJECT_UPDATE__INIT;
    pu.id = id;
    pu.details = &d;
    rc = details_options(cli, &pt, &d);
    if (rc == 0)
        rc = cli_call_show(cli, &pu.base, saved_text);
    zc_reply_free(cur);
    return rc;
}

/* ---- show, history ---- */

static void project_lines(const Zhucun__ProjectEntry *e)
{
    char yuan[32];
    printf(_("项目 #%lld %s\n"), (long long)e->id, e->name);
    printf(_("  类别：%s  年度：%u  预算：%s 元  状态：%s（%s 起）%s%s\n"),
           _(rules_project_kind_name(e->kind)), e->year, money(e->budget_fen, yuan),
           _(rules_project_status_name(e->status)), e->status_on,
           e->status_reason[0] != '\0' ? "：" : "", e->status_reason);
    printf(_("  牵头村：%s %s  实施单位：%s"), e->village_code, e->village_name, e->responsible);
    if (e->unit_id > 0)
        printf(_("（派出单位 #%lld）"), (long long)e->unit_id);
    printf(_("\n  计划工期：%s 至 %s"), e->planned_start, e->planned_end);
    if (e->actual_start[0] != '\0')
        printf(_("  实际：%s 至 %s"), e->actual_start, e->actual_end[0] ? e->actual_end : "…");
    printf(_("\n  预计受益：%u 户（脱贫户 %u，监测户 %u）\n"), e->expected_households,
           e->expected_alleviated, e->expected_monitored);
    if (e->open_to[0] != '\0')
        printf(_("  申请转为“%s”：%s\n"), _(rules_project_status_name(e->open_to)),
               strcmp(e->open_status, "returned") == 0 ? _("已退回，可修改后重新提交")
                                                       : _("审批中"));
    if (e->late)
        printf(_("  已超过计划完工日期\n"));
    if (e->description[0] != '\0')
        printf(_("  简介：%s\n"), e->description);
}

static const char *transition_status_zh(const char *s)
{
    static const char *const codes[] = {"pending", "returned",  "approved", "rejected",
                                        "refused", "cancelled", NULL};
    static const char *const names[] = {N_("审批中"), N_("已退回"),   N_("已批准"),
                                        N_("已驳回"), N_("未能生效"), N_("已撤销")};
    for (int i = 0; codes[i] != NULL; i++)
        if (strcmp(s, codes[i]) == 0)
            return _(names[i]);
    return s;
}

static void timeline(const Zhucun__ProjectShowReply *s)
{
    char yuan[32];
    for (size_t i = 0; i < s->n_transitions; i++) {
        const Zhucun__ProjectTransitionEntry *t = s->transitions[i];
        printf(_("  #%-6lld %s %s→%s %s（%s，审批 #%lld）"), (long long)t->id, t->requested_at,
               _(rules_project_status_name(t->from_status)),
               _(rules_project_status_name(t->to_status)), transition_status_zh(t->status),
               t->requested_by, (long long)t->approval_id);
        if (t->reason[0] != '\0')
            printf(_(" 理由：%s"), t->reason);
        if (t->budget_fen > 0)
            printf(_(" 新预算：%s 元"), money(t->budget_fen, yuan));
        if (t->problem[0] != '\0')
            printf(_(" 原因：%s"), t->problem);
        printf("\n");
    }
    if (s->n_transitions == 0)
        printf(_("  （无状态变更申请）\n"));
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    char yuan[32];
    const Zhucun__ProjectShowReply *s = reply->project_show;
    project_lines(s->project);
    printf(_("  所涉村："));
    for (size_t i = 0; i < s->n_village_codes; i++)
        printf("%s%s", i ? "、" : "", s->village_codes[i]);
    printf(_("\n  资金来源："));
    for (size_t i = 0; i < s->n_funds; i++)
        printf("%s%s %s 元", i ? "；" : "", _(rules_project_source_name(s->funds[i]->source)),
               money(s->funds[i]->amount_fen, yuan));
    printf("\n");
    for (size_t i = 0; i < s->n_beneficiaries; i++)
        printf(_("  受益农户 #%lld %s（%s）\n"), (long long)s->beneficiaries[i]->household_id,
               s->beneficiaries[i]->head_name, s->beneficiaries[i]->village_code);
    printf(_("  状态变更：\n"));
    timeline(s);
    for (size_t i = 0; i < s->n_evidence; i++) {
        printf(_("  证明材料 "));
        for (size_t k = 0; k < s->evidence[i].len; k++)
            printf("%02x", s->evidence[i].data[k]);
        printf("\n");
    }
}

static void history_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__ProjectShowReply *s = reply->project_show;
    printf(_("项目 #%lld %s：%s\n"), (long long)s->project->id, s->project->name,
           _(rules_project_status_name(s->project->status)));
    timeline(s);
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectShow ps = ZHUCUN__PROJECT_SHOW__INIT;
    ps.id = id;
    return cli_call_show(cli, &ps.base,
                         strcmp(cli->cmd->sub, "history") == 0 ? history_text : show_text);
}

/* ---- transition ---- */

static void transition_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__ProjectTransitionReply *t = reply->project_transition;
    printf(_("已提交状态变更申请 #%lld（审批 #%lld，规则 %s）\n"), (long long)t->transition_id,
           (long long)t->approval_id, t->route);
}

static int transition(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1 || cli->status == NULL)
        return cli_usage(cli);
    if (cli_id(_("项目编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    struct parts pt;
    Zhucun__ProjectTransition pt_ = ZHUCUN__PROJECT_TRANSITION__INIT;
    pt_.project_id = id;
    pt_.status = (char *)cli->status;
    pt_.reason = S(cli->reason);
    if (cli->budget != NULL && yuan_option("--budget", cli->budget, &pt_.budget_fen) != 0)
        return EXIT_USAGE;
    if (cli->nfunds > 0 && funds_option(cli, &pt, &pt_.funds, &pt_.n_funds) != 0)
        return EXIT_USAGE;
    pt_.n_evidence = (size_t)cli->nevidence;
    pt_.evidence = cli->evidence;
    return cli_call_show(cli, &pt_.base, transition_text);
}

/* ---- list (the library), board ---- */

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    char yuan[32];
    const Zhucun__ProjectListReply *l = reply->project_list;
    const char *heads[] = {_("编号"),       _("年度"),   _("状态"),    _("类别"),
                           _("预算（元）"), _("牵头村"), _("项目名称")};
    static const int widths[] = {8, 4, 12, 8, 14, 16, 0};
    for (int k = 0; k < 7; k++) {
        cli_print_cell(heads[k], widths[k], k == 4);
        putchar(k < 6 ? ' ' : '\n');
    }
    for (size_t i = 0; i < l->n_projects; i++) {
        const Zhucun__ProjectEntry *e = l->projects[i];
        char id[24], year[8], status[64];
        snprintf(id, sizeof(id), "#%lld", (long long)e->id);
        snprintf(year, sizeof(year), "%u", e->year);
        snprintf(status, sizeof(status), "%s%s%s", _(rules_project_status_name(e->status)),
                 e->open_to[0] ? "→" : "",
                 e->open_to[0] ? _(rules_project_status_name(e->open_to)) : "");
        const char *cells[] = {id,
                               year,
                               status,
                               _(rules_project_kind_name(e->kind)),
                               money(e->budget_fen, yuan),
                               e->village_name,
                               e->name};
        for (int k = 0; k < 7; k++) {
            cli_print_cell(cells[k], widths[k], k == 4);
            putchar(k < 6 ? ' ' : '\n');
        }
    }
    printf(_("（共 %u 个项目，本页 %zu 个）\n"), l->total, l->n_projects);
}

static void list_xlsx(const struct cli *cli, const Zhucun__Reply *reply)
{
    static const struct xlsx_column columns[] = {
        {"编号", XLSX_NUMBER, 8},        {"年度", XLSX_NUMBER, 6},
        {"项目名称", XLSX_TEXT, 36},     {"类别", XLSX_TEXT, 10},
        {"牵头村代码", XLSX_TEXT, 14},   {"牵头村", XLSX_TEXT, 14},
        {"预算（元）", XLSX_NUMBER, 14}, {"实施单位", XLSX_TEXT, 20},
        {"计划开工", XLSX_TEXT, 12},     {"计划完工", XLSX_TEXT, 12},
        {"状态", XLSX_TEXT, 10},         {"状态日期", XLSX_TEXT, 12},
        {"申请中", XLSX_TEXT, 10},       {"预计受益户", XLSX_NUMBER, 10},
    };
    const Zhucun__ProjectListReply *l = reply->project_list;
    struct xlsx_book *wb = xlsx_open(cli->xlsx);
    if (wb == NULL)
        return;
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "项目库", "项目库", columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i < l->n_projects; i++) {
        const Zhucun__ProjectEntry *e = l->projects[i];
        const struct xlsx_cell cells[] = {
            {NULL, (double)e->id},
            {NULL, e->year},
            {e->name, 0},
            {rules_project_kind_name(e->kind), 0},
            {e->village_code, 0},
            {e->village_name, 0},
            {NULL, (double)e->budget_fen / 100.0},
            {e->responsible, 0},
            {e->planned_start, 0},
            {e->planned_end, 0},
            {rules_project_status_name(e->status), 0},
            {e->status_on, 0},
            {rules_project_status_name(e->open_to), 0},
            {NULL, e->expected_households},
        };
        xlsx_row(ws, cells, 0);
    }
    if (xlsx_close(wb) == 0)
        printf(_("已导出 %s（%zu 个项目）\n"), cli->xlsx, l->n_projects);
}

static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    Zhucun__ProjectList pl = ZHUCUN__PROJECT_LIST__INIT;
    long long v;
    if (argc != 0 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (cli->year != NULL) {
        unsigned y1, y2;
        char extra;
        int k = sscanf(cli->year, "%u-%u%c", &y1, &y2, &extra);
        if (k != 1 && k != 2) {
            fprintf(stderr, _("zhucun: --year 应为 年份 或 起始年份-截止年份（收到 “%s”）\n"),
                    cli->year);
            return EXIT_USAGE;
        }
        pl.year_from = y1;
        pl.year_to = k == 2 ? y2 : y1;
    }
    if (cli->offset != NULL) {
        if (cli_int("--offset", cli->offset, 0, 10000000, &v) != 0)
            return EXIT_USAGE;
        pl.offset = (uint32_t)v;
    }
    pl.org_code = S(cli->org);
    pl.status = S(cli->status);
    pl.kind = S(cli->kind);
    pl.text = S(cli->search);
    pl.sort = S(cli->sort);
    pl.limit = (uint32_t)(cli->limit > PROJECT_LIST_MAX ? PROJECT_LIST_MAX : cli->limit);
    return cli_call_show(cli, &pl.base, cli->xlsx != NULL ? list_xlsx : list_text);
}

/* The board as a table: a row per child unit and kind ("合计" first), a column per state. */
static void board_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    char yuan[32];
    const Zhucun__ProjectBoardReply *b = reply->project_board;
    enum { NS = 11 };
    cli_print_cell(_("单位"), 16, 0);
    for (int k = 0; k < NS; k++) {
        putchar(' ');
        cli_print_cell(_(project_status_names[k]), 6, 1);
    }
    putchar(' ');
    cli_print_cell(_("预算（元）"), 16, 1);
    putchar(' ');
    cli_print_cell(_("已拨付（元）"), 16, 1);
    putchar('\n');
    for (size_t i = 0; i < b->n_cells;) {
        size_t j = i;
        unsigned counts[NS] = {0};
        long long budget = 0, paid = 0;
        for (; j < b->n_cells && strcmp(b->cells[j]->code, b->cells[i]->code) == 0; j++) {
            for (int k = 0; k < NS; k++)
                if (strcmp(b->cells[j]->status, project_statuses[k]) == 0)
                    counts[k] += b->cells[j]->projects;
            budget += b->cells[j]->budget_fen;
            paid += b->cells[j]->disbursed_fen;
        }
        cli_print_cell(b->cells[i]->name, 16, 0);
        for (int k = 0; k < NS; k++)
            printf(" %6u", counts[k]);
        printf(" %16s", money(budget, yuan));
        printf(" %16s\n", money(paid, yuan));
        i = j;
    }
    if (b->n_cells == 0)
        printf(_("（无项目）\n"));
}

/* The board's chart sheet 图表: each child unit's share of its projects' budget paid out (资金
 * 拨付率: its cells summed over status and kind, in the board's order of units), sorted, the
 * whole board's share as the line. */
static void board_chart(struct xlsx_book *wb, const struct cli *cli,
                        const Zhucun__ProjectBoardReply *b)
{
    struct unit {
        const char *code, *name;
        long long budget, disbursed;
    } *units = xcalloc(b->n_cells + 1, sizeof(*units));
    size_t n = 0;
    long long budget = 0, disbursed = 0;
    for (size_t i = 0; i < b->n_cells; i++) {
        const Zhucun__ProjectBoardCell *x = b->cells[i];
        size_t j = 0;
        while (j < n && strcmp(units[j].code, x->code) != 0)
            j++;
        if (j == n)
            units[n++] = (struct unit){x->code, x->name, 0, 0};
        units[j].budget += x->budget_fen;
        units[j].disbursed += x->disbursed_fen;
        budget += x->budget_fen;
        disbursed += x->disbursed_fen;
    }
    struct xlsx_point *points = xcalloc(n + 1, sizeof(*points));
    for (size_t j = 0; j < n; j++)
        points[j] = (struct xlsx_point){
            units[j].name,
            units[j].budget > 0 ? (double)units[j].disbursed / (double)units[j].budget : 0.0};
    char name[256];
    report_rate_chart(wb, cli_org_name((struct cli *)cli, cli->org, name, sizeof(name)),
                      "项目资金拨付率", "单位", "拨付率", points, n,
                      budget > 0 ? (double)disbursed / (double)budget : 0.0);
    free(points);
    free(units);
}

static void board_xlsx(const struct cli *cli, const Zhucun__Reply *reply)
{
    static const struct xlsx_column columns[] = {
        {"单位代码", XLSX_TEXT, 14},       {"单位", XLSX_TEXT, 16},
        {"状态", XLSX_TEXT, 12},           {"类别", XLSX_TEXT, 10},
        {"项目数", XLSX_NUMBER, 8},        {"预算（元）", XLSX_NUMBER, 16},
        {"已拨付（元）", XLSX_NUMBER, 16},
    };
    const Zhucun__ProjectBoardReply *b = reply->project_board;
    struct xlsx_book *wb = xlsx_open(cli->xlsx);
    if (wb == NULL)
        return;
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "项目统计", "项目统计", columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i < b->n_cells; i++) {
        const Zhucun__ProjectBoardCell *x = b->cells[i];
        const struct xlsx_cell cells[] = {
            {x->code, 0},
            {x->name, 0},
            {rules_project_status_name(x->status), 0},
            {rules_project_kind_name(x->kind), 0},
            {NULL, x->projects},
            {NULL, (double)x->budget_fen / 100.0},
            {NULL, (double)x->disbursed_fen / 100.0},
        };
        xlsx_row(ws, cells, 0);
    }
    board_chart(wb, cli, b);
    if (xlsx_close(wb) == 0)
        printf(_("已导出 %s（%zu 行）\n"), cli->xlsx, b->n_cells);
}

static int board(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    long long y = 0;
    if (argc != 0 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (cli->year != NULL && cli_int("--year", cli->year, PROJECT_FIRST_YEAR, 2100, &y) != 0)
        return EXIT_USAGE;
    Zhucun__ProjectBoard pb = ZHUCUN__PROJECT_BOARD__INIT;
    pb.org_code = S(cli->org);
    pb.year = (uint32_t)y;
    return cli_call_show(cli, &pb.base, cli->xlsx != NULL ? board_xlsx : board_text);
}

#define DETAILS_OPTIONS                                                                            \
    O_VILLAGES, O_KIND, O_NAME, O_YEAR, O_BUDGET, O_FUND, O_RESPONSIBLE, O_UNIT, O_START, O_END,   \
        O_EXPECTED, O_BENEFICIARIES, O_NOTE, O_EVIDENCE
static const struct option add_options[] = {DETAILS_OPTIONS, OPT_END_};
static const struct option show_options[] = {OPT_END_};
static const struct option transition_options[] = {O_STATUS, O_REASON,   O_BUDGET,
                                                   O_FUND,   O_EVIDENCE, OPT_END_};
static const struct option list_options[] = {O_ORG,  O_STATUS, O_KIND,   O_YEAR, O_SEARCH,
                                             O_SORT, O_LIMIT,  O_OFFSET, O_XLSX, OPT_END_};
static const struct option board_options[] = {O_ORG, O_YEAR, O_XLSX, OPT_END_};

const struct cli_command cli_project_commands[] = {
    {"project", "add", add, add_options,
     N_("zhucun project add --villages 村代码[,村代码]... --kind 类别 --name 名称 --year 年度\n"
        "    --budget 元 --fund 来源=元... --responsible 实施单位 --start 计划开工 --end 计划完工\n"
        "    [--unit 派出单位编号] [--expected 受益户[,脱贫户[,监测户]]] [--beneficiaries "
        "农户编号,...]\n"
        "    [--note 简介] [--evidence SHA-256]...\n"
        "    类别：industry infrastructure public_service living governance\n"
        "    来源：central province city county linkage unit social\n"),
     "ProjectCreate"},
    {"project", "update", update, add_options,
     N_("zhucun project update 项目编号 [与 add 相同的选项，只改给出的]\n"), "ProjectUpdate"},
    {"project", "show", show, show_options, N_("zhucun project show 项目编号\n"), "ProjectShow"},
    {"project", "history", show, show_options, N_("zhucun project history 项目编号\n"),
     "ProjectShow"},
    {"project", "transition", transition, transition_options,
     N_("zhucun project transition 项目编号 --status 目标状态 [--reason 理由]\n"
        "    [--budget 元 --fund 来源=元...] [--evidence SHA-256]...\n"
        "    目标状态：applied library construction completed accepted registered handed_over\n"
        "    maintenance rejected cancelled（后两者须说明理由）\n"),
     "ProjectTransition"},
    {"project", "list", list, list_options,
     N_("zhucun project list [--org 代码] [--status 状态] [--kind 类别] [--year 年份[-年份]]\n"
        "    [--search 文字] [--sort attention|year|budget|name] [--limit 条数] [--offset 起始]\n"
        "    [--xlsx 文件]\n"),
     "ProjectList"},
    {"project", "board", board, board_options,
     N_("zhucun project board [--org 代码] [--year 年度] [--xlsx 文件]\n"), "ProjectBoard"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
