/* cmd_diary.c -- zhucun diary write|day|list|missing: the cadre's work diary (工作日志 / 民情日记,
 * SPEC D3): a short entry for a day, linked to that day's own visits, ledger items and
 * check-ins (diary day offers them); the township's and county's reading, and the days a cadre
 * served without an entry. docs/diary.md. */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/diary.h"
#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *kind_zh(const char *kind)
{
    return strcmp(kind, "visit") == 0         ? _("走访")
           : strcmp(kind, "ledger_item") == 0 ? _("台账事项")
                                              : _("签到");
}

static void entry_text(const Zhucun__DiaryEntry *e)
{
    printf(_("%s  %s（%s）\n  做了什么：%s\n"), e->day, e->name, e->team_name, e->done);
    if (e->people_met[0] != '\0')
        printf(_("  见了谁：%s\n"), e->people_met);
    if (e->problems[0] != '\0')
        printf(_("  问题和诉求：%s\n"), e->problems);
    if (e->links > 0)
        printf(_("  关联记录 %u 条\n"), e->links);
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已写入工作日志 #%lld\n"), (long long)reply->diary_write->id);
}

/* --link KIND:ID (visit, item, checkin) into the body's lists: 0, or EXIT_USAGE after saying
 * which is wrong. */
static int links_into(struct cli *cli, Zhucun__DiaryWrite *w, int64_t *ids)
{
    static const char *const kinds[] = {"visit", "item", "checkin"};
    size_t n[3] = {0, 0, 0};
    int64_t *lists[3] = {ids, ids + CLI_MAX_LINKS, ids + 2 * CLI_MAX_LINKS};
    for (int i = 0; i < cli->nlinks; i++) {
        const char *colon = strchr(cli->links[i], ':');
        int k = 0;
        while (k < 3 && (colon == NULL || strlen(kinds[k]) != (size_t)(colon - cli->links[i]) ||
                         strncmp(cli->links[i], kinds[k], (size_t)(colon - cli->links[i])) != 0))
            k++;
        long long id;
        if (k == 3) {
            fprintf(stderr,
                    _("zhucun: --link 应为 visit:编号、item:编号 或 checkin:编号（收到 “%s”）\n"),
                    cli->links[i]);
            return EXIT_USAGE;
        }
        if (cli_id("--link", colon + 1, &id) != 0)
            return EXIT_USAGE;
        lists[k][n[k]++] = id;
    }
    w->visit_ids = lists[0];
    w->n_visit_ids = n[0];
    w->item_ids = lists[1];
    w->n_item_ids = n[1];
    w->checkin_ids = lists[2];
    w->n_checkin_ids = n[2];
    return 0;
}

/* diary write 做了什么 [--date 日期] [--met 见了谁] [--problem 问题] [--link 类别:编号]... */
static int write_entry(struct cli *cli, int argc, char **argv)
{
    static int64_t ids[3 * CLI_MAX_LINKS];
    if (argc != 1 || cli->nproblems > 1)
        return cli_usage(cli);
    char day[11];
    Zhucun__DiaryWrite w = ZHUCUN__DIARY_WRITE__INIT;
    w.day = (char *)cli_day_or_today(cli, day);
    w.done = argv[0];
    w.people_met = S(cli->met);
    w.problems = cli->nproblems == 1 ? (char *)cli->problems[0] : "";
    if (links_into(cli, &w, ids) != 0)
        return EXIT_USAGE;
    return cli_call_show(cli, &w.base, written_text);
}

static void day_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__DiaryDayReply *d = reply->diary_day;
    if (d->entry != NULL)
        entry_text(d->entry);
    else
        printf(_("（当天还没有写工作日志）\n"));
    if (d->n_records == 0)
        printf(_("（当天没有可关联的走访、台账事项或签到）\n"));
    else
        printf(_("当天可关联的记录（--link 类别:编号）：\n"));
    for (size_t i = 0; i < d->n_records; i++) {
        const Zhucun__DiaryRecord *r = d->records[i];
        printf("  %s:%lld  %s  %s\n", strcmp(r->kind, "ledger_item") == 0 ? "item" : r->kind,
               (long long)r->record_id, kind_zh(r->kind), r->label);
    }
}

/* diary day [--date 日期] */
static int day(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    char d[11];
    Zhucun__DiaryDay dd = ZHUCUN__DIARY_DAY__INIT;
    dd.day = (char *)cli_day_or_today(cli, d);
    return cli_call_show(cli, &dd.base, day_text);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__DiaryListReply *l = reply->diary_list;
    if (l->n_entries == 0)
        printf(_("（没有工作日志）\n"));
    for (size_t i = 0; i < l->n_entries; i++)
        entry_text(l->entries[i]);
    if (l->truncated)
        printf(_("（只列出前 %zu 篇，请用 --org、--person 或 --limit 缩小）\n"), l->n_entries);
}

/* diary list [--org 代码] [--person 人员编号] [--from 日期] [--to 日期] [--limit 条数] */
static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__DiaryList dl = ZHUCUN__DIARY_LIST__INIT;
    dl.org_code = S(cli->org);
    dl.person_id = cli->person;
    dl.from_day = S(cli->from);
    dl.to_day = S(cli->to);
    dl.limit = (uint32_t)(cli->limit > DIARY_LIST_MAX ? DIARY_LIST_MAX : cli->limit);
    return cli_call_show(cli, &dl.base, list_text);
}

static void missing_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__DiaryMissingReply *m = reply->diary_missing;
    if (m->n_days == 0) {
        printf(_("（这段时间在岗的每一天都写了工作日志）\n"));
        return;
    }
    printf(_("在岗未写工作日志 %zu 天：\n"), m->n_days);
    for (size_t i = 0; i < m->n_days; i++)
        printf("  %s  %s\n", m->days[i]->day, m->days[i]->team_name);
}

/* diary missing [--person 人员编号] [--from 日期] [--to 日期] */
static int missing(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__DiaryMissing dm = ZHUCUN__DIARY_MISSING__INIT;
    dm.person_id = cli->person;
    dm.from_day = S(cli->from);
    dm.to_day = S(cli->to);
    return cli_call_show(cli, &dm.base, missing_text);
}

static const struct option write_options[] = {O_DATE, O_MET, O_PROBLEM, O_LINK, OPT_END_};
static const struct option day_options[] = {O_DATE, OPT_END_};
static const struct option list_options[] = {O_ORG, O_PERSON, O_FROM, O_TO, O_LIMIT, OPT_END_};
static const struct option missing_options[] = {O_PERSON, O_FROM, O_TO, OPT_END_};

const struct cli_command cli_diary_commands[] = {
    {"diary", "write", write_entry, write_options,
     N_("zhucun diary write 做了什么 [--date 日期] [--met 见了谁] [--problem 问题和诉求]\n"
        "    [--link visit:编号|item:编号|checkin:编号]...\n"
        "    当天的工作日志（一天一篇，可补写 7 天内的），关联当天自己的记录\n"),
     "DiaryWrite"},
    {"diary", "day", day, day_options,
     N_("zhucun diary day [--date 日期]\n"
        "    当天的工作日志和可关联的走访、台账事项、签到\n"),
     "DiaryDay"},
    {"diary", "list", list, list_options,
     N_("zhucun diary list [--org 代码] [--person 人员编号] [--from 日期] [--to 日期]\n"
        "    [--limit 条数]\n"
        "    驻村干部的工作日志（乡镇、县级查阅本辖区的，干部查阅自己的）\n"),
     "DiaryList"},
    {"diary", "missing", missing, missing_options,
     N_("zhucun diary missing [--person 人员编号] [--from 日期] [--to 日期]\n"
        "    在岗而未写工作日志的日子（不是硬性要求，供查阅）\n"),
     "DiaryMissing"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
