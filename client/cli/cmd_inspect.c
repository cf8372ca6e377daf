/* cmd_inspect.c -- zhucun inspection, zhucun circular: inspections (暗访督查) by the
 * province, city and county offices, their findings (each a ledger item of the team's
 * village and, where given, a points deduction), and the circulars (通报) that publish them,
 * downloaded as PDF and xlsx. docs/inspections.md, docs/circulars.md. */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/inspect.h"
#include "common/rules/ledger.h"
#include "common/status.h"
#include "common/xmalloc.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static void id_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    /* the three writes answer one int64 id, field 1 (inspect.proto) */
    printf(_("已登记，编号 #%lld\n"), (long long)reply->inspection_record->id);
}

/* record 驻村办代码 开始日期 结束日期 暗访人员 [工作队编号...] */
static int record(struct cli *cli, int argc, char **argv)
{
    if (argc < 4 || argc - 4 > INSPECTION_VISITED_MAX)
        return cli_usage(cli);
    Zhucun__InspectionRecord in = ZHUCUN__INSPECTION_RECORD__INIT;
    int64_t teams[INSPECTION_VISITED_MAX];
    char *villages[INSPECTION_VISITED_MAX + 1];
    for (int i = 4; i < argc; i++) {
        long long id;
        if (cli_id(_("工作队编号"), argv[i], &id) != 0)
            return EXIT_USAGE;
        teams[i - 4] = id;
    }
    /* --villages CODE,CODE,... */
    char *list = xstrdup(S(cli->villages));
    size_t nv = 0;
    for (char *save = NULL, *v = strtok_r(list, ",", &save); v != NULL;
         v = strtok_r(NULL, ",", &save)) {
        if (nv == INSPECTION_VISITED_MAX + 1)
            break;
        villages[nv++] = v;
    }
    in.org_code = argv[0];
    in.started_on = argv[1];
    in.ended_on = argv[2];
    in.inspectors = argv[3];
    in.villages = villages;
    in.n_villages = nv;
    in.team_ids = teams;
    in.n_team_ids = (size_t)(argc - 4);
    in.note = S(cli->note);
    int rc = cli_call_show(cli, &in.base, id_text);
    free(list);
    return rc;
}

/* finding add 暗访编号 工作队编号 问题 --deadline 整改期限 */
static int finding_add(struct cli *cli, int argc, char **argv)
{
    long long inspection, team, score = 0;
    if (argc != 3 || cli->deadline == NULL)
        return cli_usage(cli);
    if (cli_id(_("暗访编号"), argv[0], &inspection) != 0 ||
        cli_id(_("工作队编号"), argv[1], &team) != 0 ||
        (cli->score != NULL &&
         cli_int("--score", cli->score, 0, FINDING_DEDUCTION_MAX, &score) != 0))
        return EXIT_USAGE;
    Zhucun__FindingAdd in = ZHUCUN__FINDING_ADD__INIT;
    in.inspection_id = inspection;
    in.team_id = team;
    in.person_id = cli->person;
    in.village = S(cli->village);
    in.area = S(cli->area);
    in.fact = argv[2];
    in.deadline = (char *)cli->deadline;
    in.deduction = (uint32_t)score;
    in.n_evidence = (size_t)cli->nevidence;
    in.evidence = cli->evidence;
    return cli_call_show(cli, &in.base, id_text);
}

/* The inspections' table: a heading and a row per inspection. */
static const int inspection_widths[] = {7, 21, 16, 20, -3, -3, -4, 0};

static void inspection_heading(void)
{
    static const char *const heads[] = {N_("编号"), N_("日期"), N_("督查单位"), N_("督查人员"),
                                        N_("村"),   N_("队"),   N_("问题"),     N_("通报")};
    const char *h[8];
    for (int k = 0; k < 8; k++)
        h[k] = _(heads[k]);
    cli_print_row(h, inspection_widths, 8);
}

static void inspection_row(const Zhucun__Inspection *i)
{
    char id[24], days[32], nv[16], nt[16], nf[16], circ[24] = "";
    snprintf(id, sizeof(id), "#%lld", (long long)i->id);
    snprintf(days, sizeof(days), "%s~%s", i->started_on, i->ended_on);
    snprintf(nv, sizeof(nv), "%zu", i->n_villages);
    snprintf(nt, sizeof(nt), "%zu", i->n_team_ids);
    snprintf(nf, sizeof(nf), "%u", i->findings);
    if (i->circular_id > 0)
        snprintf(circ, sizeof(circ), "#%lld", (long long)i->circular_id);
    const char *cells[] = {id, days, i->org_name, i->inspectors, nv, nt, nf, circ};
    cli_print_row(cells, inspection_widths, 8);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__InspectionListReply *l = reply->inspection_list;
    if (l->n_inspections > 0)
        inspection_heading();
    for (size_t k = 0; k < l->n_inspections; k++)
        inspection_row(l->inspections[k]);
    if (l->n_inspections == 0)
        printf(_("（没有暗访记录）\n"));
    else if (l->truncated)
        printf(_("（只列出最近的 %zu 次，请用 --from/--to 或 --limit）\n"), l->n_inspections);
}

static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__InspectionList in = ZHUCUN__INSPECTION_LIST__INIT;
    in.org_code = S(cli->org);
    in.from = S(cli->from);
    in.to = S(cli->to);
    in.limit = (uint32_t)(cli->limit > INSPECT_LIST_MAX ? INSPECT_LIST_MAX + 1 : cli->limit);
    return cli_call_show(cli, &in.base, list_text);
}

static const char *status_zh(const Zhucun__InspectionFinding *f)
{
    return f->overdue                                   ? _("逾期")
           : strcmp(f->item_status, "done") == 0        ? _("已整改")
           : strcmp(f->item_status, "in_progress") == 0 ? _("整改中")
                                                        : _("待整改");
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__InspectionShowReply *s = reply->inspection_show;
    const Zhucun__Inspection *i = s->inspection;
    inspection_heading();
    inspection_row(i);
    if (i->note[0] != '\0')
        printf(_("备注：%s\n"), i->note);
    if (i->n_villages > 0) {
        printf(_("走访村："));
        for (size_t k = 0; k < i->n_villages; k++)
            printf("%s%s", k > 0 ? "，" : "", i->villages[k]);
        printf("\n");
    }
    static const char *const heads[] = {N_("编号"), N_("村"),   N_("工作队"), N_("干部"),
                                        N_("扣分"), N_("期限"), N_("整改"),   N_("问题")};
    static const int widths[] = {7, 12, 16, 8, -4, 10, 6, 0};
    const char *h[8];
    for (int k = 0; k < 8; k++)
        h[k] = _(heads[k]);
    if (s->n_findings > 0)
        cli_print_row(h, widths, 8);
    for (size_t k = 0; k < s->n_findings; k++) {
        const Zhucun__InspectionFinding *f = s->findings[k];
        char num[24];
        printf("#%-6lld ", (long long)f->id);
        cli_print_cell(f->village_name, 12, 0);
        printf(" ");
        cli_print_cell(f->team_name, 16, 0);
        printf(" ");
        cli_print_cell(f->person_name, 8, 0);
        snprintf(num, sizeof(num), "%u", f->deduction);
        printf(" ");
        cli_print_cell(f->deduction > 0 ? num : "", 4, 1);
        printf(" %s ", f->deadline);
        cli_print_cell(status_zh(f), 6, 0);
        printf(" %s\n", f->fact);
    }
    if (s->n_findings == 0)
        printf(_("（没有发现问题，或不在您的管辖范围内）\n"));
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("暗访编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__InspectionShow in = ZHUCUN__INSPECTION_SHOW__INIT;
    in.id = id;
    return cli_call_show(cli, &in.base, show_text);
}

/* circular issue 暗访编号 文号 标题 正文|@文件 [--date 日期] */
static int circular_issue(struct cli *cli, int argc, char **argv)
{
    long long inspection;
    char day[11];
    if (argc != 4)
        return cli_usage(cli);
    if (cli_id(_("暗访编号"), argv[0], &inspection) != 0)
        return EXIT_USAGE;
    char *body = NULL;
    if (argv[3][0] == '@') {
        size_t len;
        body = cli_read_file(argv[3] + 1, 4 * CIRCULAR_BODY_MAX, &len);
        if (body == NULL) {
            fprintf(stderr, _("zhucun: 无法读取正文文件 %s：%s\n"), argv[3] + 1, strerror(errno));
            return EXIT_FAILURE;
        }
        if (len > 0 && body[len - 1] == '\n')
            body[len - 1] = '\0';
    }
    Zhucun__CircularIssue in = ZHUCUN__CIRCULAR_ISSUE__INIT;
    in.inspection_id = inspection;
    in.doc_number = argv[1];
    in.title = argv[2];
    in.body = body != NULL ? body : argv[3];
    in.issued_on = (char *)cli_day_or_today(cli, day);
    int rc = cli_call_show(cli, &in.base, id_text);
    free(body);
    return rc;
}

static const char *kind_zh(const char *kind)
{
    return strcmp(kind, "inspection") == 0   ? _("暗访")
           : strcmp(kind, "assessment") == 0 ? _("考核")
                                             : kind;
}

/* The circulars' table: a heading and a row per circular. */
static const int circular_widths[] = {7, 10, 4, 14, 24, 0};

static void circular_heading(void)
{
    static const char *const heads[] = {N_("编号"),     N_("日期"), N_("类别"),
                                        N_("发文单位"), N_("文号"), N_("标题")};
    const char *h[6];
    for (int k = 0; k < 6; k++)
        h[k] = _(heads[k]);
    cli_print_row(h, circular_widths, 6);
}

static void circular_row(const Zhucun__Circular *c)
{
    char id[24];
    snprintf(id, sizeof(id), "#%lld", (long long)c->id);
    const char *cells[] = {id,          c->issued_on,  kind_zh(c->kind),
                           c->org_name, c->doc_number, c->title};
    cli_print_row(cells, circular_widths, 6);
}

static void circulars_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__CircularListReply *l = reply->circular_list;
    if (l->n_circulars > 0)
        circular_heading();
    for (size_t k = 0; k < l->n_circulars; k++)
        circular_row(l->circulars[k]);
    if (l->n_circulars == 0)
        printf(_("（没有通报）\n"));
    else if (l->truncated)
        printf(_("（只列出最近的 %zu 份，请用 --limit）\n"), l->n_circulars);
}

static int circular_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__CircularList in = ZHUCUN__CIRCULAR_LIST__INIT;
    in.kind = S(cli->kind);
    in.limit = (uint32_t)(cli->limit > INSPECT_LIST_MAX ? INSPECT_LIST_MAX + 1 : cli->limit);
    return cli_call_show(cli, &in.base, circulars_text);
}

/* Writes len bytes to path: 0, or 1 after saying why. */
static int write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, _("zhucun: 无法写入 %s：%s\n"), path, strerror(errno));
        if (f != NULL)
            fclose(f);
        return 1;
    }
    return 0;
}

/* circular get 通报编号 [--pdf 文件] [--xlsx 文件] */
static int circular_get(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("通报编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__CircularGet in = ZHUCUN__CIRCULAR_GET__INIT;
    in.id = id;
    in.pdf = cli->pdf != NULL;
    in.xlsx = cli->xlsx != NULL;
    Zhucun__Reply *reply = NULL;
    int rc = cli_call(cli, &in.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__CircularGetReply *g = reply->circular_get;
    if (cli->pdf != NULL && g->pdf.len == 0)
        fprintf(stderr, _("zhucun: 该通报没有 PDF 文件\n"));
    else if (cli->pdf != NULL)
        rc |= write_file(cli->pdf, g->pdf.data, g->pdf.len);
    if (cli->xlsx != NULL && g->xlsx.len == 0)
        fprintf(stderr, _("zhucun: 该通报没有 Excel 文件\n"));
    else if (cli->xlsx != NULL)
        rc |= write_file(cli->xlsx, g->xlsx.data, g->xlsx.len);
    if (cli->json) {
        cli_json(&g->base);
    } else {
        circular_heading();
        circular_row(g->circular);
        printf("%s\n", g->body);
        if (cli->pdf != NULL && g->pdf.len > 0)
            printf(_("PDF 已写入 %s（%zu 字节）\n"), cli->pdf, g->pdf.len);
        if (cli->xlsx != NULL && g->xlsx.len > 0)
            printf(_("Excel 已写入 %s（%zu 字节）\n"), cli->xlsx, g->xlsx.len);
    }
    zc_reply_free(reply);
    return rc;
}

static const struct option record_options[] = {O_VILLAGES, O_NOTE, OPT_END_};
static const struct option finding_options[] = {O_DEADLINE, O_PERSON,   O_VILLAGE, O_AREA,
                                                O_SCORE,    O_EVIDENCE, OPT_END_};
static const struct option list_options[] = {O_ORG, O_FROM, O_TO, O_LIMIT, OPT_END_};
static const struct option no_options[] = {OPT_END_};
static const struct option issue_options[] = {O_DATE, OPT_END_};
static const struct option circulars_options[] = {O_KIND, O_LIMIT, OPT_END_};
static const struct option get_options[] = {O_PDF, O_XLSX, OPT_END_};

const struct cli_command cli_inspect_commands[] = {
    {"inspection", "record", record, record_options,
     N_("zhucun inspection record 驻村办代码 开始日期 结束日期 暗访人员 [工作队编号...]\n"
        "    [--villages 村代码,村代码...] [--note 备注]\n"
        "    登记本驻村办的一次暗访（省、市、县驻村办，只在本辖区内）\n"),
     "InspectionRecord"},
    {"inspection", "finding add", finding_add, finding_options,
     N_("zhucun inspection finding add 暗访编号 工作队编号 问题 --deadline 整改期限\n"
        "    [--person 干部编号] [--village 村代码] [--area 领域] [--score 扣分]\n"
        "    [--evidence SHA-256 ...]\n"
        "    登记暗访发现的问题：成为该村台账的整改事项（队长负责），--score 时扣干部积分\n"),
     "FindingAdd"},
    {"inspection", "list", list, list_options,
     N_("zhucun inspection list [--org 驻村办代码] [--from 日期] [--to 日期] [--limit 条数]\n"
        "    可见的暗访（本辖区和上级驻村办的）\n"),
     "InspectionList"},
    {"inspection", "show", show, no_options,
     N_("zhucun inspection show 暗访编号\n    一次暗访和它发现的问题及整改情况\n"),
     "InspectionShow"},
    {"circular", "issue", circular_issue, issue_options,
     N_("zhucun circular issue 暗访编号 文号 标题 正文|@正文文件 [--date 成文日期]\n"
        "    把一次暗访发现的问题印发为通报（生成 PDF 和 Excel）\n"),
     "CircularIssue"},
    {"circular", "list", circular_list, circulars_options,
     N_("zhucun circular list [--kind inspection|assessment] [--limit 条数]\n"
        "    收到的通报\n"),
     "CircularList"},
    {"circular", "get", circular_get, get_options,
     N_("zhucun circular get 通报编号 [--pdf 文件] [--xlsx 文件]\n"
        "    通报的正文，下载 PDF 和 Excel\n"),
     "CircularGet"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
