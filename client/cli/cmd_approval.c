/* cmd_approval.c -- zhucun queue / approve / reject / return, zhucun leave, zhucun delegate:
 * the approval queue and its first client, leave requests (docs/approvals.md). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/instant.h"
#include "common/rules/leave.h"
#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* How long --follow waits for an event before it checks the connection with a ping. */
#define FOLLOW_POLL_MS 20000

static void item_json(const Zhucun__QueueItem *it)
{
    char since[INSTANT_TEXT_MAX], deadline[INSTANT_TEXT_MAX];
    rules_instant_restyle(it->pending_since, INSTANT_RFC3339, since);
    rules_instant_restyle(it->deadline, INSTANT_RFC3339, deadline);
    printf("{\"step_id\":%lld,\"approval_id\":%lld,\"subject\":\"%s:%lld\",\"summary\":",
           (long long)it->step_id, (long long)it->approval_id, it->subject_kind,
           (long long)it->subject_id);
    cli_json_str(it->summary);
    printf(",\"role\":\"%s\",\"org_code\":\"%s\",\"unit_id\":%lld,\"pending_since\":\"%s\","
           "\"deadline\":\"%s\",\"overdue\":%s,\"round\":%u,\"on_behalf_of\":%lld}",
           it->role, it->org_code, (long long)it->unit_id, since, deadline,
           it->overdue ? "true" : "false", it->round, (long long)it->on_behalf_of);
}

/* The items as people read them, or (--json) as one object {"items":[...]} on one line. */
static void print_items(const struct cli *cli, Zhucun__QueueItem *const *items, size_t n)
{
    if (cli->json) {
        printf("{\"items\":[");
        for (size_t i = 0; i < n; i++) {
            printf("%s", i ? "," : "");
            item_json(items[i]);
        }
        printf("]}\n");
    }
    for (size_t i = 0; i < n && !cli->json; i++) {
        const Zhucun__QueueItem *it = items[i];
        char deadline[INSTANT_TEXT_MAX];
        rules_instant_restyle(it->deadline, INSTANT_MINUTES, deadline);
        printf(_("%-8lld %s  期限 %s%s%s%s\n"), (long long)it->step_id, it->summary, deadline,
               it->overdue ? _("（已超期）") : "", it->round > 1 ? _("（重新提交）") : "",
               it->on_behalf_of ? _("（受委托）") : "");
    }
    fflush(stdout);
}

static int queue(struct cli *cli, int follow)
{
    struct zc_client *c;
    struct zc_error err = {0};
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_QUEUE_LIST;
    req.queue_list = &ql;
    Zhucun__Reply *reply = NULL;
    int rc = zc_call(c, &req, &reply, &err);
    if (rc == 0) {
        const Zhucun__QueueListReply *q = reply->queue_list;
        if (!cli->json && q->n_items == 0 && !follow)
            printf(_("没有待办事项\n"));
        if (cli->json || q->n_items > 0)
            print_items(cli, q->items, q->n_items);
    }
    zc_reply_free(reply);
    if (rc == 0 && follow) {
        /* From now on new items arrive as events (Reply id 0). */
        Zhucun__QueueFollow qf = ZHUCUN__QUEUE_FOLLOW__INIT;
        Zhucun__Request freq = ZHUCUN__REQUEST__INIT;
        freq.body_case = ZHUCUN__REQUEST__BODY_QUEUE_FOLLOW;
        freq.queue_follow = &qf;
        reply = NULL;
        rc = zc_call(c, &freq, &reply, &err);
        zc_reply_free(reply);
        if (!cli->json && rc == 0)
            fprintf(stderr, _("zhucun: 正在等待新的待办事项（Ctrl-C 退出）\n"));
        while (rc == 0) {
            reply = NULL;
            if (zc_recv(c, &reply, FOLLOW_POLL_MS, &err) == 0) {
                /* --json: one more line of the same shape, {"items":[ITEM]} (docs/cli.md) */
                if (reply->id == 0 && reply->body_case == ZHUCUN__REPLY__BODY_QUEUE_ITEM)
                    print_items(cli, &reply->queue_item, 1);
                else if (reply->id == 0 && zc_status(reply, &err) != 0)
                    rc = -1; /* the server closes the connection: say why */
                zc_reply_free(reply);
                continue;
            }
            /* Quiet for a while: is the connection still there? */
            Zhucun__Ping ping = ZHUCUN__PING__INIT;
            Zhucun__Request preq = ZHUCUN__REQUEST__INIT;
            preq.body_case = ZHUCUN__REQUEST__BODY_PING;
            preq.ping = &ping;
            reply = NULL;
            rc = zc_call(c, &preq, &reply, &err);
            zc_reply_free(reply);
        }
    }
    zc_close(c);
    return rc == 0 ? 0 : cli_fail(&err);
}

int cmd_queue(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    return queue(cli, cli->follow);
}

/* approve|reject|return STEP_ID [--reason T] [--channel wechat|sms|phone] */
static int decide(struct cli *cli, const char *decision, int argc, char **argv)
{
    long long step;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("待办编号"), argv[0], &step) != 0)
        return EXIT_USAGE;
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = (char *)decision;
    d.reason = S(cli->reason);
    d.channel = S(cli->channel);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DECIDE;
    req.decide = &d;
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    if (cli_call_keyed(cli, &req, &reply, &err) != 0) {
        zc_reply_free(reply);
        return cli_fail(&err);
    }
    const char *st = reply->decide->approval_status;
    if (cli->json)
        printf("{\"approval_status\":\"%s\"}\n", st);
    else
        printf(_("已%s；申请现为 %s\n"),
               strcmp(decision, "approve") == 0  ? _("同意")
               : strcmp(decision, "reject") == 0 ? _("驳回")
                                                 : _("退回修改"),
               strcmp(st, "approved") == 0   ? _("已批准")
               : strcmp(st, "rejected") == 0 ? _("已驳回")
               : strcmp(st, "returned") == 0 ? _("已退回")
                                             : _("审批中（等待其他审批人）"));
    zc_reply_free(reply);
    return 0;
}

int cmd_approve(struct cli *cli, int argc, char **argv)
{
    return decide(cli, "approve", argc, argv);
}

int cmd_reject(struct cli *cli, int argc, char **argv)
{
    return decide(cli, "reject", argc, argv);
}

int cmd_return(struct cli *cli, int argc, char **argv)
{
    return decide(cli, "return", argc, argv);
}

static const char *leave_status_zh(const char *s)
{
    return strcmp(s, "pending") == 0    ? _("审批中")
           : strcmp(s, "approved") == 0 ? _("已批准")
           : strcmp(s, "rejected") == 0 ? _("已驳回")
           : strcmp(s, "returned") == 0 ? _("已退回修改")
                                        : _("已撤销");
}

static void print_leave(const struct cli *cli, const Zhucun__Leave *l, int first)
{
    if (cli->json) {
        printf("%s", first ? "" : ",");
        printf("{\"id\":%lld,\"person_id\":%lld,\"person_name\":", (long long)l->id,
               (long long)l->person_id);
        cli_json_str(l->person_name);
        printf(",\"village_code\":\"%s\",\"first_day\":\"%s\",\"last_day\":\"%s\",\"days\":%u,"
               "\"reason\":",
               l->village_code, l->first_day, l->last_day, l->days);
        cli_json_str(l->reason);
        printf(",\"channel\":\"%s\",\"status\":\"%s\",\"returned_on\":\"%s\",\"approval_id\":%lld,"
               "\"steps\":[",
               l->channel, l->status, l->returned_on, (long long)l->approval_id);
        for (size_t i = 0; i < l->n_steps; i++) {
            const Zhucun__ApprovalStep *s = l->steps[i];
            char decided[INSTANT_TEXT_MAX];
            rules_instant_restyle(s->decided_at, INSTANT_RFC3339, decided);
            printf("%s{\"id\":%lld,\"round\":%u,\"seq\":%u,\"role\":\"%s\",\"org_code\":\"%s\","
                   "\"unit_id\":%lld,\"status\":\"%s\",\"decided_by\":\"%s\","
                   "\"on_behalf_of\":\"%s\",\"decided_at\":\"%s\",\"channel\":\"%s\",\"reason\":",
                   i ? "," : "", (long long)s->id, s->round, s->seq, s->role, s->org_code,
                   (long long)s->unit_id, s->status, s->decided_by, s->on_behalf_of, decided,
                   s->channel);
            cli_json_str(s->reason);
            printf("}");
        }
        printf("]}");
        return;
    }
    printf(_("%-6lld %s  %s 至 %s（%u 天）  %s  %s%s%s\n"), (long long)l->id, l->person_name,
           l->first_day, l->last_day, l->days, leave_status_zh(l->status), l->reason,
           l->returned_on[0] ? _("  销假返岗 ") : "", l->returned_on);
    for (size_t i = 0; i < l->n_steps; i++) {
        const Zhucun__ApprovalStep *s = l->steps[i];
        printf(_("       第 %u 步 %s@%s%s  %s"), s->seq, s->role,
               s->org_code[0] ? s->org_code : _("派出单位"), "", s->status);
        if (s->decided_by[0]) {
            char decided[INSTANT_TEXT_MAX];
            printf("  %s", s->decided_by);
            if (s->on_behalf_of[0])
                printf(_("（代 %s）"), s->on_behalf_of);
            if (s->decided_at[0])
                printf(_(" 于 %s"), rules_instant_restyle(s->decided_at, INSTANT_MINUTES, decided));
        }
        if (strcmp(s->channel, "system") != 0)
            printf(_("  经 %s"), s->channel);
        if (s->reason[0])
            printf(_("  理由：%s"), s->reason);
        printf("\n");
    }
}

int cmd_leave(struct cli *cli, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Reply *reply = NULL;
    int rc;
    long long id = 0;
    /* Every subcommand but request and list names one leave request. */
    if (argc == 2 && cli_id(_("请假编号"), argv[1], &id) != 0)
        return EXIT_USAGE;
    if (strcmp(sub, "request") == 0 && argc == 1) {
        if (cli->start == NULL || cli->end == NULL || cli->reason == NULL)
            return cli_usage(cli);
        if (cli->person > 0 &&
            (cli->channel == NULL || !rules_leave_behalf_channel_ok(cli->channel))) {
            fprintf(stderr, _("zhucun: 代队员登记请假须用 --channel 说明申请经何种渠道提出：%s\n"),
                    LEAVE_BEHALF_CHANNELS);
            return EXIT_USAGE;
        }
        Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
        lr.person_id = cli->person;
        lr.first_day = (char *)cli->start;
        lr.last_day = (char *)cli->end;
        lr.reason = (char *)cli->reason;
        lr.channel = S(cli->channel);
        req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_REQUEST;
        req.leave_request = &lr;
        struct zc_error err = {0};
        if (cli_call_keyed(cli, &req, &reply, &err) != 0) {
            zc_reply_free(reply);
            return cli_fail(&err);
        }
        if (cli->json)
            printf("{\"leave_id\":%lld,\"approval_id\":%lld}\n",
                   (long long)reply->leave_request->leave_id,
                   (long long)reply->leave_request->approval_id);
        else
            printf(_("已提交请假申请 %lld，等待审批\n"), (long long)reply->leave_request->leave_id);
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "list") == 0 && argc == 1) {
        Zhucun__LeaveList ll = ZHUCUN__LEAVE_LIST__INIT;
        ll.person_id = cli->person;
        ll.status = S(cli->status);
        req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_LIST;
        req.leave_list = &ll;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (!cli->json && reply->leave_list->n_leaves == 0)
            printf(_("没有请假记录\n"));
        if (cli->json)
            printf("{\"leaves\":[");
        for (size_t i = 0; i < reply->leave_list->n_leaves; i++)
            print_leave(cli, reply->leave_list->leaves[i], i == 0);
        if (cli->json)
            printf("]}\n");
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "show") == 0 && argc == 2) {
        Zhucun__LeaveShow ls = ZHUCUN__LEAVE_SHOW__INIT;
        ls.id = id;
        req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_SHOW;
        req.leave_show = &ls;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        print_leave(cli, reply->leave, 1);
        if (cli->json)
            printf("\n");
        zc_reply_free(reply);
        return 0;
    }
    if ((strcmp(sub, "cancel") == 0 || strcmp(sub, "return") == 0) && argc == 2) {
        int back = strcmp(sub, "return") == 0;
        if (back && cli->date == NULL)
            return cli_usage(cli);
        Zhucun__LeaveEnd le = ZHUCUN__LEAVE_END__INIT;
        le.id = id;
        le.return_day = back ? (char *)cli->date : "";
        req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_END;
        req.leave_end = &le;
        return cli_call_ok(cli, &req, back ? _("已销假") : _("已撤销请假申请"));
    }
    if (strcmp(sub, "resubmit") == 0 && argc == 2) {
        if (cli->start == NULL || cli->end == NULL || cli->reason == NULL)
            return cli_usage(cli);
        Zhucun__LeaveResubmit rs = ZHUCUN__LEAVE_RESUBMIT__INIT;
        rs.id = id;
        rs.first_day = (char *)cli->start;
        rs.last_day = (char *)cli->end;
        rs.reason = (char *)cli->reason;
        req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT;
        req.leave_resubmit = &rs;
        return cli_call_ok(cli, &req, _("已重新提交，审批重新开始"));
    }
    return cli_usage(cli);
}

int cmd_delegate(struct cli *cli, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Reply *reply = NULL;
    int rc;
    if (strcmp(sub, "create") == 0 && argc == 1) {
        if (cli->to == NULL || cli->role == NULL || cli->scope == NULL || cli->start == NULL ||
            cli->end == NULL)
            return cli_usage(cli);
        Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
        dc.to_username = (char *)cli->to;
        dc.role = (char *)cli->role;
        dc.scope_code = (char *)cli->scope;
        dc.first_day = (char *)cli->start;
        dc.last_day = (char *)cli->end;
        req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_CREATE;
        req.delegation_create = &dc;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (cli->json)
            printf("{\"id\":%lld}\n", (long long)reply->delegation->id);
        else
            printf(_("已委托 %s 代为审批（%s 至 %s），委托编号 %lld\n"), cli->to, cli->start,
                   cli->end, (long long)reply->delegation->id);
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "list") == 0 && argc == 1) {
        Zhucun__DelegationList dl = ZHUCUN__DELEGATION_LIST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_LIST;
        req.delegation_list = &dl;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        const Zhucun__DelegationListReply *l = reply->delegation_list;
        if (cli->json)
            printf("{\"delegations\":[");
        else if (l->n_delegations == 0)
            printf(_("没有委托\n"));
        for (size_t i = 0; i < l->n_delegations; i++) {
            const Zhucun__Delegation *d = l->delegations[i];
            if (cli->json)
                printf("%s{\"id\":%lld,\"from\":\"%s\",\"to\":\"%s\",\"role\":\"%s\","
                       "\"scope_code\":\"%s\",\"first_day\":\"%s\",\"last_day\":\"%s\","
                       "\"revoked\":%s}",
                       i ? "," : "", (long long)d->id, d->from_username, d->to_username, d->role,
                       d->scope_code, d->first_day, d->last_day, d->revoked ? "true" : "false");
            else
                printf(_("%-6lld %s → %s  %s@%s  %s 至 %s%s\n"), (long long)d->id, d->from_username,
                       d->to_username, d->role, d->scope_code, d->first_day, d->last_day,
                       d->revoked ? _("（已撤销）") : "");
        }
        if (cli->json)
            printf("]}\n");
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "revoke") == 0 && argc == 2) {
        long long id;
        if (cli_id(_("委托编号"), argv[1], &id) != 0)
            return EXIT_USAGE;
        Zhucun__DelegationRevoke dr = ZHUCUN__DELEGATION_REVOKE__INIT;
        dr.id = id;
        req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE;
        req.delegation_revoke = &dr;
        return cli_call_ok(cli, &req, _("已撤销委托"));
    }
    return cli_usage(cli);
}
