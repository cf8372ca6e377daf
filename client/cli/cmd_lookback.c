/* cmd_lookback.c -- the look-back (回头看) on projects since 2013 (SPEC P4; docs/lookback.md):
 * zhucun lookback campaign (a city's or county's campaign), review (a project's review with
 * its findings, each made a ledger item), list (the campaigns), reviews (a campaign's or a
 * project's reviews) and progress (reviewed and not yet by child unit, the projects left). */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/projimport.h"
#include "common/rules/ledger.h"
#include "common/rules/lookback.h"
#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *label(const struct lookback_code *t, size_t n, const char *code)
{
    const char *l = rules_lookback_label(t, n, code);
    return l != NULL ? _(l) : code;
}

static void id_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    long long id = reply->body_case == ZHUCUN__REPLY__BODY_LOOKBACK_CAMPAIGN_CREATE
                       ? reply->lookback_campaign_create->id
                       : reply->lookback_review->id;
    printf(_("已登记，记录 #%lld\n"), id);
}

static int campaign(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    long long year;
    if (argc != 0 || cli->org == NULL || cli->name == NULL || cli->year == NULL)
        return cli_usage(cli);
    if (cli_int("--year", cli->year, LOOKBACK_FIRST_YEAR, 2100, &year) != 0)
        return EXIT_USAGE;
    Zhucun__LookbackCampaignCreate c = ZHUCUN__LOOKBACK_CAMPAIGN_CREATE__INIT;
    c.org_code = S(cli->org);
    c.name = S(cli->name);
    c.year = (uint32_t)year;
    return cli_call_show(cli, &c.base, id_text);
}

/* review CAMPAIGN PROJECT --date D --upkeep U --verdict V [--missing DOC ...] [--found N]
 * [--note] [--problem TEXT ... --area AREA --person ID --deadline D] [--evidence SHA ...] */
static int review(struct cli *cli, int argc, char **argv)
{
    long long campaign_id, project, found = 0;
    if (argc != 2 || cli->date == NULL || cli->upkeep == NULL || cli->verdict == NULL)
        return cli_usage(cli);
    if (cli_id(_("回头看编号"), argv[0], &campaign_id) != 0 ||
        cli_id(_("项目编号"), argv[1], &project) != 0 ||
        (cli->found != NULL &&
         cli_int("--found", cli->found, 0, LOOKBACK_HOUSEHOLDS_MAX, &found) != 0))
        return EXIT_USAGE;
    Zhucun__LookbackFinding fv[CLI_MAX_PROBLEMS], *fp[CLI_MAX_PROBLEMS];
    for (int i = 0; i < cli->nproblems; i++) {
        zhucun__lookback_finding__init(&fv[i]);
        fv[i].text = (char *)cli->problems[i];
        fv[i].area = S(cli->area);
        fp[i] = &fv[i];
    }
    Zhucun__LookbackReview r = ZHUCUN__LOOKBACK_REVIEW__INIT;
    r.campaign_id = campaign_id;
    r.project_id = project;
    r.reviewed_on = S(cli->date);
    r.n_docs_missing = (size_t)cli->nmissing;
    r.docs_missing = (char **)cli->missing;
    r.households_found = (uint32_t)found;
    r.upkeep = S(cli->upkeep);
    r.verdict = S(cli->verdict);
    r.note = S(cli->note);
    r.n_findings = (size_t)cli->nproblems;
    r.findings = fp;
    r.responsible_id = cli->person;
    r.deadline = S(cli->deadline);
    r.n_evidence = (size_t)cli->nevidence;
    r.evidence = cli->evidence;
    return cli_call_show(cli, &r.base, id_text);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__LookbackListReply *l = reply->lookback_list;
    for (size_t i = 0; i < l->n_campaigns; i++) {
        const Zhucun__LookbackCampaign *c = l->campaigns[i];
        printf("#%-6lld %u ", (long long)c->id, c->year);
        cli_print_cell(c->org_name, 12, 0);
        printf(_(" 已核查 %5u  "), c->reviewed);
        printf("%s\n", c->name);
    }
    for (size_t i = 0; i < l->n_reviews; i++) {
        const Zhucun__LookbackReviewRow *v = l->reviews[i];
        printf("#%-6lld %s ", (long long)v->id, v->reviewed_on);
        printf(_("项目 #%-6lld "), (long long)v->project_id);
        cli_print_cell(v->project_name, 30, 0);
        putchar(' ');
        cli_print_cell(label(lookback_verdicts, lookback_n_verdicts, v->verdict), 8, 0);
        putchar(' ');
        cli_print_cell(label(lookback_upkeeps, lookback_n_upkeeps, v->upkeep), 8, 0);
        printf(_(" 受益户 %u/%u"), v->households_found, v->households_expected);
        if (v->n_docs_missing > 0) {
            fputs(_(" 缺少："), stdout);
            for (size_t k = 0; k < v->n_docs_missing; k++)
                printf("%s%s", k > 0 ? _("、") : "",
                       label(lookback_docs, lookback_n_docs, v->docs_missing[k]));
        }
        putchar('\n');
        for (size_t k = 0; k < v->n_findings; k++) {
            const char *area =
                rules_ledger_label(ledger_areas, ledger_n_areas, v->findings[k]->area);
            printf(_("    问题（%s，台账事项 #%lld）：%s\n"),
                   area != NULL ? _(area) : v->findings[k]->area,
                   (long long)v->findings[k]->ledger_item_id, v->findings[k]->text);
        }
    }
    if (l->truncated)
        printf(_("只列出一部分（--limit）\n"));
}

static int list(struct cli *cli, int argc, char **argv)
{
    long long campaign_id = 0, project = 0;
    int reviews = strcmp(cli->cmd->sub, "reviews") == 0;
    if (reviews ? argc < 1 || argc > 2 : argc != 0)
        return cli_usage(cli);
    if (reviews &&
        ((strcmp(argv[0], "0") != 0 && cli_id(_("回头看编号"), argv[0], &campaign_id) != 0) ||
         (argc == 2 && cli_id(_("项目编号"), argv[1], &project) != 0)))
        return EXIT_USAGE;
    if (reviews && campaign_id == 0 && project == 0)
        return cli_usage(cli);
    Zhucun__LookbackList l = ZHUCUN__LOOKBACK_LIST__INIT;
    l.org_code = S(cli->org);
    l.campaign_id = campaign_id;
    l.project_id = project;
    l.limit = (uint32_t)(cli->limit > LOOKBACK_LIST_MAX ? LOOKBACK_LIST_MAX : cli->limit);
    return cli_call_show(cli, &l.base, list_text);
}

static void unit_line(const Zhucun__LookbackUnit *u)
{
    cli_print_cell(u->name, 20, 0);
    printf(_(" 项目 %6u  已核查 %6u  未核查 %6u\n"), u->projects, u->reviewed,
           u->projects - u->reviewed);
}

static void progress_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__LookbackProgressReply *p = reply->lookback_progress;
    for (size_t i = 0; i < p->n_units; i++)
        unit_line(p->units[i]);
    if (p->total != NULL)
        unit_line(p->total);
    if (p->n_not_reviewed > 0)
        printf(_("尚未核查的项目：\n"));
    for (size_t i = 0; i < p->n_not_reviewed; i++) {
        const Zhucun__LookbackTodo *t = p->not_reviewed[i];
        printf("  #%-6lld %s %u ", (long long)t->project_id, t->village_code, t->year);
        cli_print_cell(t->name, 30, 0);
        printf(" %s\n", projimport_status_label(t->status));
    }
    if (p->truncated)
        printf(_("只列出一部分（--limit）\n"));
}

static int progress(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("回头看编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__LookbackProgress p = ZHUCUN__LOOKBACK_PROGRESS__INIT;
    p.campaign_id = id;
    p.limit = (uint32_t)(cli->limit > LOOKBACK_LIST_MAX ? LOOKBACK_LIST_MAX : cli->limit);
    return cli_call_show(cli, &p.base, progress_text);
}

/* ---- zhucun project import ---- */

static void print_problem(void *arg, int line, const char *column, const char *message)
{
    (void)arg;
    (void)column;
    fprintf(stderr, _("zhucun: 第 %d 行：%s\n"), line, message);
}

/* The file (CSV or .xlsx) is read and checked here first with the server's reader and checks
 * (every problem printed, nothing sent); --dry-run stops there. The server checks again, with
 * the database and the caller's scope. */
static int project_import(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    size_t len;
    char *data = cli_read_file(argv[0], PROJECT_IMPORT_BYTES_MAX, &len);
    if (data == NULL) {
        fprintf(stderr, _("zhucun: 无法读取 %s：%s\n"), argv[0], strerror(errno));
        return 1;
    }
    char err[256];
    struct csv_table t;
    if (projimport_read(data, len, &t, err, sizeof(err)) != 0) {
        fprintf(stderr, "zhucun: %s: %s\n", argv[0], err);
        free(data);
        return 6;
    }
    struct projimport pi;
    size_t problems = projimport_check(&t, zc_clock_today(), &pi, print_problem, NULL);
    size_t n = pi.nrows;
    projimport_free(&pi);
    csvtable_free(&t);
    if (problems > 0) {
        fprintf(stderr, _("zhucun: 导入文件有 %zu 处错误，未导入任何项目\n"), problems);
        free(data);
        return 6;
    }
    if (cli->dry_run) {
        printf(_("检查通过：%zu 个项目（--dry-run，未导入）\n"), n);
        free(data);
        return 0;
    }
    Zhucun__ProjectImport im = ZHUCUN__PROJECT_IMPORT__INIT;
    im.file.data = (uint8_t *)data;
    im.file.len = len;
    /* One key for this file: a retry after a dropped connection cannot import it twice. */
    Zhucun__Reply *reply = NULL;
    struct zc_error zerr = {0};
    int rc = cli_request_import(cli, &im.base, n, &reply, &zerr); /* with its progress */
    free(data);
    if (rc != 0)
        return cli_fail_lines(reply, &zerr);
    if (cli->json)
        cli_json(&reply->project_import->base);
    else
        printf(_("已导入 %u 个项目\n"), reply->project_import->projects);
    zc_reply_free(reply);
    return 0;
}

static const struct option campaign_options[] = {O_ORG, O_NAME, O_YEAR, OPT_END_};
static const struct option review_options[] = {O_DATE,   O_UPKEEP,   O_VERDICT,  O_MISSING,
                                               O_FOUND,  O_NOTE,     O_PROBLEM,  O_AREA,
                                               O_PERSON, O_DEADLINE, O_EVIDENCE, OPT_END_};
static const struct option list_options[] = {O_ORG, O_LIMIT, OPT_END_};
static const struct option progress_options[] = {O_LIMIT, OPT_END_};
static const struct option import_options[] = {O_DRY_RUN, OPT_END_};

const struct cli_command cli_lookback_commands[] = {
    {"lookback", "campaign", campaign, campaign_options,
     N_("zhucun lookback campaign --org 市或县代码 --name 名称 --year 年度\n"
        "    建立项目回头看（覆盖 2013 年以来本辖区已实施的项目）\n"),
     "LookbackCampaignCreate"},
    {"lookback", "review", review, review_options,
     N_("zhucun lookback review 回头看编号 项目编号 --date 核查日期\n"
        "    --upkeep in_use|idle|damaged --verdict good|rectify|serious\n"
        "    [--missing approval|tender|acceptance|asset_registration|handover ...]\n"
        "    [--found 受益户数] [--note 说明]\n"
        "    [--problem 发现的问题 ... [--area 领域] --person 责任人编号 --deadline 整改期限]\n"
        "    [--evidence SHA-256 ...]\n"
        "    登记一个项目的回头看核查；每个问题成为该村台账的一个事项\n"),
     "LookbackReview"},
    {"lookback", "list", list, list_options,
     N_("zhucun lookback list [--org 代码] [--limit 条数]\n    可见的回头看\n"), "LookbackList"},
    {"lookback", "reviews", list, list_options,
     N_("zhucun lookback reviews 回头看编号|0 [项目编号] [--org 代码] [--limit 条数]\n"
        "    回头看的核查记录（或一个项目的核查记录）\n"),
     "LookbackList"},
    {"lookback", "progress", progress, progress_options,
     N_("zhucun lookback progress 回头看编号 [--limit 条数]\n"
        "    按下级单位统计已核查和未核查的项目，列出尚未核查的项目\n"),
     "LookbackProgress"},
    /* the project part's commands share the word "project" from their own table */
    {"project", "import", project_import, import_options,
     N_("zhucun project import 文件 [--dry-run]\n"
        "    导入 2013 年以来的历史项目（CSV UTF-8 或 Excel .xlsx 的第一个工作表；列见 "
        "docs/lookback.md）\n"
        "    先在本地检查每一行，任何一处错误都不导入；--dry-run 只检查\n"),
     "ProjectImport"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
