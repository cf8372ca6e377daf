/* cmd_approval.c -- zhucun queue / approve / reject / return, zhucun leave, zhucun delegate,
 * zhucun approval history: the approval queue of every kind of request, its first client,
 * leave requests, and what a subject went through (docs/approvals.md). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/instant.h"
#include "common/rules/leave.h"
#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* The kind of an item or an approval as people read it: the name the server's registry gives
 * it (请假, 召回, ...), else its code. Every kind is shown so, those to come included: the CLI
 * keeps no list of kinds. */
static const char *kind_text(const char *kind_name, const char *kind)
{
    return kind_name != NULL && kind_name[0] != '\0' ? kind_name : kind;
}

/* The items as people read them. */
static void print_items(Zhucun__QueueItem *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Zhucun__QueueItem *it = items[i];
        char deadline[INSTANT_TEXT_MAX], raised[INSTANT_TEXT_MAX];
        rules_instant_restyle(it->deadline, INSTANT_MINUTES, deadline);
        printf(_("%-8lld [%s] %s  期限 %s"), (long long)it->step_id,
               kind_text(it->kind_name, it->subject_kind), it->summary, deadline);
        if (it->overdue)
            printf(_("（已超期）"));
        /* Raised to the caller's level past its deadline: the caller did not hold the step. */
        if (it->escalated && it->escalated_at[0] != '\0')
            printf(_("（已上报，%s）"),
                   rules_instant_restyle(it->escalated_at, INSTANT_MINUTES, raised));
        else if (it->escalated)
            printf(_("（已上报）"));
        printf("%s%s\n", it->round > 1 ? _("（重新提交）") : "",
               it->on_behalf_of ? _("（受委托）") : "");
    }
    fflush(stdout);
}

/* An item pushed to a follower (--json: its body, a QueueItem; docs/json.md). */
static void item_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    print_items(&reply->queue_item, 1);
}

static int queue(struct cli *cli, int follow)
{
    struct zc_client *c;
    struct zc_error err = {0};
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    Zhucun__Reply *reply = NULL;
    int rc = zc_queue_list(c, &ql, &reply, &err);
    if (rc == 0) {
        const Zhucun__QueueListReply *q = reply->queue_list;
        if (cli->json)
            cli_json(&q->base);
        else if (q->n_items == 0 && !follow)
            printf(_("没有待办事项\n"));
        else
            print_items(q->items, q->n_items);
    }
    zc_reply_free(reply);
    if (rc == 0 && follow) {
        /* From now on new items arrive as events (Reply id 0). */
        Zhucun__QueueFollow qf = ZHUCUN__QUEUE_FOLLOW__INIT;
        reply = NULL;
        rc = zc_queue_follow(c, &qf, &reply, &err);
        zc_reply_free(reply);
        if (!cli->json && rc == 0)
            fprintf(stderr, _("zhucun: 正在等待新的待办事项（Ctrl-C 退出）\n"));
        if (rc == 0)
            rc = cli_follow(cli, c, ZHUCUN__REPLY__BODY_QUEUE_ITEM, item_text, &err);
    }
    zc_close(c);
    return rc == 0 ? 0 : cli_fail(&err);
}

static int run_queue(struct cli *cli, int argc, char **argv)
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
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    if (cli_request(cli, &d.base, &reply, &err) != 0) {
        zc_reply_free(reply);
        return cli_fail(&err);
    }
    const char *st = reply->decide->approval_status;
    if (cli->json)
        cli_json(&reply->decide->base);
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

static int approve(struct cli *cli, int argc, char **argv)
{
    return decide(cli, "approve", argc, argv);
}

static int reject(struct cli *cli, int argc, char **argv)
{
    return decide(cli, "reject", argc, argv);
}

static int send_back(struct cli *cli, int argc, char **argv)
{
    return decide(cli, "return", argc, argv);
}

static void print_leave(const Zhucun__Leave *l)
{
    printf(_("%-6lld %s  %s 至 %s（%u 天）  %s  %s%s%s\n"), (long long)l->id, l->person_name,
           l->first_day, l->last_day, l->days, cli_approval_status_zh(l->status), l->reason,
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

static void requested_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已提交请假申请 %lld，等待审批\n"), (long long)reply->leave_request->leave_id);
}

static int leave_request(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->start == NULL || cli->end == NULL || cli->reason == NULL)
        return cli_usage(cli);
    if (cli->person > 0 && (cli->channel == NULL || !rules_leave_behalf_channel_ok(cli->channel))) {
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
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    if (cli_request(cli, &lr.base, &reply, &err) != 0) {
        zc_reply_free(reply);
        return cli_fail(&err);
    }
    if (cli->json)
        cli_json(&reply->leave_request->base);
    else
        requested_text(cli, reply);
    zc_reply_free(reply);
    return 0;
}

static void leaves_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    if (reply->leave_list->n_leaves == 0)
        printf(_("没有请假记录\n"));
    for (size_t i = 0; i < reply->leave_list->n_leaves; i++)
        print_leave(reply->leave_list->leaves[i]);
}

static int leave_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__LeaveList ll = ZHUCUN__LEAVE_LIST__INIT;
    ll.person_id = cli->person;
    ll.status = S(cli->status);
    return cli_call_show(cli, &ll.base, leaves_text);
}

/* The leave request the one argument names: 0 with *id, or the exit code. */
static int leave_id(struct cli *cli, int argc, char **argv, long long *id)
{
    if (argc == 1 && cli_id(_("请假编号"), argv[0], id) != 0)
        return EXIT_USAGE;
    return argc == 1 ? 0 : cli_usage(cli);
}

static void leave_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    print_leave(reply->leave);
}

static int leave_show(struct cli *cli, int argc, char **argv)
{
    long long id;
    int rc = leave_id(cli, argc, argv, &id);
    if (rc != 0)
        return rc;
    Zhucun__LeaveShow ls = ZHUCUN__LEAVE_SHOW__INIT;
    ls.id = id;
    return cli_call_show(cli, &ls.base, leave_text);
}

/* leave cancel ID (back NULL) | leave return ID --date DAY */
static int leave_end(struct cli *cli, int argc, char **argv, const char *back)
{
    long long id;
    int rc = leave_id(cli, argc, argv, &id);
    if (rc != 0)
        return rc;
    Zhucun__LeaveEnd le = ZHUCUN__LEAVE_END__INIT;
    le.id = id;
    le.return_day = back != NULL ? (char *)back : "";
    return cli_call_ok(cli, &le.base, back != NULL ? _("已销假") : _("已撤销请假申请"));
}

static int leave_cancel(struct cli *cli, int argc, char **argv)
{
    return leave_end(cli, argc, argv, NULL);
}

static int leave_return(struct cli *cli, int argc, char **argv)
{
    if (cli->date == NULL) {
        long long id;
        return argc == 1 && cli_id(_("请假编号"), argv[0], &id) != 0 ? EXIT_USAGE : cli_usage(cli);
    }
    return leave_end(cli, argc, argv, cli->date);
}

static int leave_resubmit(struct cli *cli, int argc, char **argv)
{
    long long id;
    int rc = leave_id(cli, argc, argv, &id);
    if (rc != 0)
        return rc;
    if (cli->start == NULL || cli->end == NULL || cli->reason == NULL)
        return cli_usage(cli);
    Zhucun__LeaveResubmit rs = ZHUCUN__LEAVE_RESUBMIT__INIT;
    rs.id = id;
    rs.first_day = (char *)cli->start;
    rs.last_day = (char *)cli->end;
    rs.reason = (char *)cli->reason;
    return cli_call_ok(cli, &rs.base, _("已重新提交，审批重新开始"));
}

static void delegated_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    printf(_("已委托 %s 代为审批（%s 至 %s），委托编号 %lld\n"), cli->to, cli->start, cli->end,
           (long long)reply->delegation->id);
}

static int delegate_create(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->to == NULL || cli->role == NULL || cli->scope == NULL ||
        cli->start == NULL || cli->end == NULL)
        return cli_usage(cli);
    Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
    dc.to_username = (char *)cli->to;
    dc.role = (char *)cli->role;
    dc.scope_code = (char *)cli->scope;
    dc.first_day = (char *)cli->start;
    dc.last_day = (char *)cli->end;
    return cli_call_show(cli, &dc.base, delegated_text);
}

static void delegations_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__DelegationListReply *l = reply->delegation_list;
    if (l->n_delegations == 0)
        printf(_("没有委托\n"));
    for (size_t i = 0; i < l->n_delegations; i++) {
        const Zhucun__Delegation *d = l->delegations[i];
        printf(_("%-6lld %s → %s  %s@%s  %s 至 %s%s\n"), (long long)d->id, d->from_username,
               d->to_username, d->role, d->scope_code, d->first_day, d->last_day,
               d->revoked ? _("（已撤销）") : "");
    }
}

static int delegate_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__DelegationList dl = ZHUCUN__DELEGATION_LIST__INIT;
    return cli_call_show(cli, &dl.base, delegations_text);
}

static int delegate_revoke(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("委托编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__DelegationRevoke dr = ZHUCUN__DELEGATION_REVOKE__INIT;
    dr.id = id;
    return cli_call_ok(cli, &dr.base, _("已撤销委托"));
}

/* ---- approval history ---- */

/* An approval's status, or a step's, for people; one the CLI does not know as it came. */
static const char *approval_status_text(const char *s)
{
    static const char *const names[][2] = {
        {"pending", N_("审批中")},      {"approved", N_("已批准")},  {"rejected", N_("已驳回")},
        {"returned", N_("已退回修改")}, {"cancelled", N_("已撤销")},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i][0]) == 0)
            return _(names[i][1]);
    return s;
}

static const char *step_status_text(const char *s)
{
    static const char *const names[][2] = {
        {"waiting", N_("未开始")},  {"pending", N_("待审批")},  {"approved", N_("已同意")},
        {"rejected", N_("已驳回")}, {"returned", N_("已退回")}, {"skipped", N_("已跳过")},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i][0]) == 0)
            return _(names[i][1]);
    return s;
}

/* Columns a terminal gives s: two for a character of three or four bytes in UTF-8 (the
 * Chinese of names and statuses), one for any other. Close enough to line up the table. */
static int text_width(const char *s)
{
    int w = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++)
        if ((*c & 0xc0) != 0x80)
            w += *c >= 0xe0 ? 2 : 1;
    return w;
}

/* s ("-" when empty), then spaces up to width columns and two more. */
static void cell(const char *s, int width)
{
    if (s == NULL || s[0] == '\0')
        s = "-";
    int pad = width - text_width(s);
    printf("%s%*s", s, (pad > 0 ? pad : 0) + 2, "");
}

/* One step of the table: round, step, who decides, status, decided by (on behalf of), when,
 * channel, escalation, reason. */
static void print_history_step(const Zhucun__ApprovalStep *s)
{
    char round[16], seq[16], who[96], by[160], at[INSTANT_TEXT_MAX], raised[96];
    snprintf(round, sizeof(round), "%u", s->round);
    snprintf(seq, sizeof(seq), "%u", s->seq);
    if (s->org_code[0] != '\0')
        snprintf(who, sizeof(who), "%s@%s", s->role, s->org_code);
    else
        snprintf(who, sizeof(who), _("%s@派出单位 %lld"), s->role, (long long)s->unit_id);
    if (s->on_behalf_of[0] != '\0')
        snprintf(by, sizeof(by), _("%s（代 %s）"), s->decided_by, s->on_behalf_of);
    else
        snprintf(by, sizeof(by), "%s", s->decided_by);
    rules_instant_restyle(s->decided_at, INSTANT_MINUTES, at);
    if (s->escalated_role[0] != '\0')
        snprintf(raised, sizeof(raised), "%s@%s", s->escalated_role, s->escalated_org);
    else
        raised[0] = '\0';
    printf("  ");
    cell(round, 5);
    cell(seq, 5);
    cell(who, 26);
    cell(step_status_text(s->status), 8);
    cell(by, 14);
    cell(s->decided_at[0] != '\0' ? at : "", 16);
    cell(s->decided_at[0] != '\0' ? s->channel : "", 7); /* how a decision came */
    cell(raised, 26);
    printf("%s\n", s->reason[0] != '\0' ? s->reason : "-");
}

static void history_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__ApprovalHistoryReply *h = reply->approval_history;
    if (h->n_approvals == 0)
        printf(_("%s 没有审批记录（或您无权查看）\n"), cli->subject);
    for (size_t i = 0; i < h->n_approvals; i++) {
        const Zhucun__ApprovalRecord *a = h->approvals[i];
        char submitted[INSTANT_TEXT_MAX], decided[INSTANT_TEXT_MAX];
        rules_instant_restyle(a->submitted_at, INSTANT_MINUTES, submitted);
        if (i > 0)
            printf("\n");
        printf(_("审批 %lld  %s %lld  %s  %s（第 %u 轮）\n"), (long long)a->id,
               kind_text(a->kind_name, a->subject_kind), (long long)a->subject_id, a->summary,
               approval_status_text(a->status), a->round);
        printf(_("  %s 提交于 %s"), a->submitted_by, submitted);
        if (a->decided_at[0] != '\0')
            printf(_("，%s 办结"), rules_instant_restyle(a->decided_at, INSTANT_MINUTES, decided));
        printf("\n");
        if (a->route[0] != '\0')
            printf(_("  审批路线：%s\n"), a->route);
        printf("  ");
        cell(_("轮次"), 5);
        cell(_("步骤"), 5);
        cell(_("审批人"), 26);
        cell(_("状态"), 8);
        cell(_("决定人"), 14);
        cell(_("时间"), 16);
        cell(_("渠道"), 7);
        cell(_("超期上报至"), 26);
        printf(_("理由\n"));
        for (size_t k = 0; k < a->n_steps; k++)
            print_history_step(a->steps[k]);
    }
}

/* approval history KIND ID: the kind's code (leave, recall, any the server knows) and the
 * subject's id. */
static int approval_history(struct cli *cli, int argc, char **argv)
{
    static char subject[160];
    long long id;
    if (argc != 2)
        return cli_usage(cli);
    if (cli_id(_("审批对象编号"), argv[1], &id) != 0)
        return EXIT_USAGE;
    Zhucun__ApprovalHistory ah = ZHUCUN__APPROVAL_HISTORY__INIT;
    ah.subject_kind = argv[0];
    ah.subject_id = id;
    snprintf(subject, sizeof(subject), "%.64s %lld", argv[0], id);
    cli->subject = subject;
    return cli_call_show(cli, &ah.base, history_text);
}

#define DECIDE_USAGE                                                                                \
    N_("zhucun approve|reject|return 待办编号 [--reason 理由] [--channel wechat|sms|phone]\n" \
       "    同意、驳回或退回修改待办事项（驳回和退回须写理由；--channel：决定经何种渠道传达）\n")

static const struct option queue_options[] = {O_FOLLOW, OPT_END_};
static const struct option decide_options[] = {O_REASON, O_CHANNEL, OPT_END_};
static const struct option request_options[] = {O_START,  O_END,     O_REASON,
                                                O_PERSON, O_CHANNEL, OPT_END_};
static const struct option list_options[] = {O_PERSON, O_STATUS, OPT_END_};
static const struct option return_options[] = {O_DATE, OPT_END_};
static const struct option resubmit_options[] = {O_START, O_END, O_REASON, OPT_END_};
static const struct option delegate_options[] = {O_TO, O_ROLE, O_SCOPE, O_START, O_END, OPT_END_};

const struct cli_command cli_approval_commands[] = {
    {"queue", NULL, run_queue, queue_options,
     N_("zhucun queue [--follow]\n"
        "    待您审批的事项，最早的在前；--follow 持续显示新到的事项\n"),
     "QueueList QueueFollow"},
    {"approve", NULL, approve, decide_options, DECIDE_USAGE, "Decide"},
    {"reject", NULL, reject, decide_options, DECIDE_USAGE, "Decide"},
    {"return", NULL, send_back, decide_options, DECIDE_USAGE, "Decide"},
    {"leave", "request", leave_request, request_options,
     N_("zhucun leave request --start 日期 --end 日期 --reason 事由\n"
        "    [--person 人员编号 --channel wechat|sms|phone|paper]\n"
        "    请假；乡镇或县办代队员登记时须用 --person 指明队员、用 --channel "
        "说明申请经何种渠道提出\n"),
     "LeaveRequest"},
    {"leave", "list", leave_list, list_options,
     N_("zhucun leave list [--person 人员编号] [--status 状态]\n"), "LeaveList"},
    {"leave", "show", leave_show, NULL, N_("zhucun leave show 请假编号\n"), "LeaveShow"},
    {"leave", "cancel", leave_cancel, NULL, N_("zhucun leave cancel 请假编号\n"), "LeaveEnd"},
    {"leave", "return", leave_return, return_options,
     N_("zhucun leave return 请假编号 --date 日期\n"
        "    销假：--date 为返岗的日期\n"),
     "LeaveEnd"},
    {"leave", "resubmit", leave_resubmit, resubmit_options,
     N_("zhucun leave resubmit 请假编号 --start 日期 --end 日期 --reason 事由\n"), "LeaveResubmit"},
    {"delegate", "create", delegate_create, delegate_options,
     N_("zhucun delegate create --to 用户名 --role 角色 --scope 代码 --start 日期 --end 日期\n"
        "    委托他人代为审批\n"),
     "DelegationCreate"},
    {"delegate", "list", delegate_list, NULL, N_("zhucun delegate list\n"), "DelegationList"},
    {"delegate", "revoke", delegate_revoke, NULL, N_("zhucun delegate revoke 委托编号\n"),
     "DelegationRevoke"},
    {"approval", "history", approval_history, NULL,
     N_("zhucun approval history 类型 编号\n"
        "    一个事项经过的全部审批及每一轮的步骤：类型如 "
        "leave（请假）、recall（召回），编号为该事项的编号\n"),
     "ApprovalHistory"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
