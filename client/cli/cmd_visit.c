/* cmd_visit.c -- zhucun visits: log a visit with its problems, and show your due list. */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"
#include "common/xmalloc.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *rule_zh(const char *rule)
{
    return strcmp(rule, "V1") == 0   ? _("半月走访")
           : strcmp(rule, "V2") == 0 ? _("每月走访")
           : strcmp(rule, "V3") == 0 ? _("两月电话走访")
           : strcmp(rule, "V4") == 0 ? _("每月走访所辖村")
                                     : rule;
}

/* "TEXT;RESPONSIBLE_ID;DEADLINE[;urgent][;AREA]" into p: AREA the ledger area of the item it
 * opens (docs/ledger.md; the server checks the code); NULL or a message. */
static const char *parse_problem(const char *spec, Zhucun__Problem *p, char **store)
{
    char *copy = xstrdup(spec);
    char *f[6] = {0};
    int n = 0;
    for (char *save = NULL, *t = strtok_r(copy, ";", &save); t && n < 6;
         t = strtok_r(NULL, ";", &save))
        f[n++] = t;
    *store = copy;
    zhucun__problem__init(p);
    if (n < 3 || n > 5)
        return _("--problem 应为 '问题;责任人编号;办理期限[;urgent][;领域]'");
    long long responsible;
    if (cli_parse_int(f[1], 1, INT64_MAX, &responsible) != 0)
        return _("责任人编号应为正整数");
    p->text = f[0];
    p->responsible_id = responsible;
    p->deadline = f[2];
    for (int i = 3; i < n; i++) {
        if (strcmp(f[i], "urgent") == 0 && !p->urgent)
            p->urgent = 1;
        else if (p->area[0] == '\0' && strcmp(f[i], "urgent") != 0)
            p->area = f[i];
        else
            return _("--problem 应为 '问题;责任人编号;办理期限[;urgent][;领域]'");
    }
    return NULL;
}

static int add(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || (cli->household > 0) == (cli->village != NULL) || cli->date == NULL ||
        cli->mode == NULL || cli->ncadres == 0)
        return cli_usage(cli);
    Zhucun__Problem pv[20];
    Zhucun__Problem *pp[20];
    char *stores[20] = {0};
    int rc = 0;
    for (int i = 0; i < cli->nproblems; i++) {
        const char *bad = parse_problem(cli->problems[i], &pv[i], &stores[i]);
        pp[i] = &pv[i];
        if (bad != NULL) {
            fprintf(stderr, _("zhucun: 第 %d 个 --problem：%s\n"), i + 1, bad);
            rc = EXIT_USAGE;
        }
    }
    if (rc == 0) {
        Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
        vc.household_id = cli->household;
        vc.village_code = S(cli->village);
        vc.visit_date = S(cli->date);
        vc.mode = S(cli->mode);
        vc.cadre_ids = (int64_t *)cli->cadres;
        vc.n_cadre_ids = (size_t)cli->ncadres;
        vc.notes = S(cli->note);
        vc.problems = pp;
        vc.n_problems = (size_t)cli->nproblems;
        /* One key for this visit: when the connection drops before the reply, the one retry
         * cannot log the visit twice. */
        Zhucun__Reply *reply = NULL;
        struct zc_error err = {0};
        rc = cli_request(cli, &vc.base, &reply, &err);
        if (rc != 0) {
            zc_reply_free(reply);
            rc = cli_fail(&err);
        }
        if (rc == 0) {
            const Zhucun__VisitCreateReply *vr = reply->visit_create;
            if (cli->json) {
                cli_json(&vr->base);
            } else {
                printf(_("已登记走访 %lld"), (long long)vr->visit_id);
                if (vr->n_item_ids)
                    printf(_("，问题转为跟进事项 %zu 件"), vr->n_item_ids);
                printf("\n");
            }
            zc_reply_free(reply);
        }
    }
    for (int i = 0; i < cli->nproblems; i++)
        free(stores[i]);
    return rc;
}

static void due_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__VisitsDueReply *d = reply->visits_due;
    printf(_("%u 户，应走访 %u 次，已完成 %u 次，未完成 %zu 项：\n"), d->households, d->duties,
           d->met, d->n_items);
    for (size_t i = 0; i < d->n_items; i++) {
        const Zhucun__DueItem *it = d->items[i];
        /* The deadline is the period's end (the window's end is today while it runs). */
        printf(_("  %s %-8lld %-10s %s  %s 起，截止 %s%s\n"), it->overdue ? _("逾期") : _("待办"),
               (long long)it->household_id, it->head_name, rule_zh(it->rule), it->window_first,
               it->period_last, it->absent ? _("（不在村，可电话）") : "");
    }
}

static int due(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__VisitsDue vd = ZHUCUN__VISITS_DUE__INIT;
    vd.as_of = S(cli->as_of);
    return cli_call_show(cli, &vd.base, due_text);
}

static void items_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__FollowUpListReply *l = reply->follow_up_list;
    for (size_t i = 0; i < l->n_items; i++) {
        const Zhucun__FollowUpItem *it = l->items[i];
        printf(_("%-6lld %s%s%-11s 期限 %s  责任人 %s  %s  %s\n"), (long long)it->id,
               it->overdue ? _("【逾期】") : "", it->urgent ? _("【急】") : "", it->status,
               it->deadline, it->responsible_name, it->head_name, it->text);
    }
    if (l->n_items == 0)
        printf(_("（无）\n"));
}

static int items(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__FollowUpList fl = ZHUCUN__FOLLOW_UP_LIST__INIT;
    fl.responsible_id = cli->person;
    fl.team_id = cli->team;
    fl.org_code = S(cli->org);
    fl.status = S(cli->status);
    fl.limit = 2000;
    return cli_call_show(cli, &fl.base, items_text);
}

static int items_update(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("事项编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->status == NULL)
        return cli_usage(cli);
    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.id = id;
    fu.status = S(cli->status);
    fu.note = S(cli->note);
    return cli_call_ok(cli, &fu.base, _("已更新"));
}

static const struct option add_options[] = {O_HOUSEHOLD, O_VILLAGE, O_DATE,    O_MODE,
                                            O_CADRE,     O_NOTE,    O_PROBLEM, OPT_END_};
static const struct option due_options[] = {O_AS_OF, OPT_END_};
static const struct option items_options[] = {O_PERSON, O_TEAM, O_ORG, O_STATUS, OPT_END_};
static const struct option update_options[] = {O_STATUS, O_NOTE, OPT_END_};

const struct cli_command cli_visit_commands[] = {
    {"visits", "add", add, add_options,
     N_("zhucun visits add --household 农户编号 | --village 代码  --date 日期\n"
        "    --mode in_person|phone --cadre 人员编号... [--note 说明]\n"
        "    [--problem '问题;责任人编号;办理期限[;urgent][;领域]']...\n"
        "    领域：问题转为台账事项的领域（默认 monitoring，见 zhucun ledger add）\n"),
     "VisitCreate"},
    {"visits", "due", due, due_options,
     N_("zhucun visits due [--as-of 日期]\n"
        "    您所驻村尚未完成的走访任务\n"),
     "VisitsDue"},
    {"items", NULL, items, items_options,
     N_("zhucun items [--person 人员编号] [--team 工作队编号] [--org 代码] [--status 状态|all]\n"
        "    跟进事项，逾期和紧急的在前\n"),
     "FollowUpList"},
    {"items", "update", items_update, update_options,
     N_("zhucun items update 事项编号 --status open|in_progress|resolved [--note 说明]\n"),
     "FollowUpUpdate"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
