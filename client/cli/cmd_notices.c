/* cmd_notices.c -- zhucun notices send|list|show|reply|count|sent|report|pending|remind: notices
 * (通知) with read receipts (SPEC D1). A recipient lists, opens (recording "read") and replies;
 * the sender lists what it sent, the read receipts by child unit, who has not read or replied
 * (--xlsx), and reminds them. docs/notices.md. */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/instant.h"
#include "common/rules/notices.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "table.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static uint32_t limit_arg(const struct cli *cli)
{
    return (uint32_t)(cli->limit > NOTICE_LIST_MAX ? NOTICE_LIST_MAX : cli->limit);
}

static int id_arg(const char *text, int64_t *id)
{
    long long v;
    if (cli_id(_("通知编号"), text, &v) != 0)
        return -1;
    *id = v;
    return 0;
}

/* An instant of a reply as people read it (Beijing time, to the minute); out is the caller's. */
static const char *minutes(const char *rfc3339, char *out)
{
    return rfc3339[0] != '\0' ? rules_instant_restyle(rfc3339, INSTANT_MINUTES, out) : "";
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__NoticeWriteReply *w = reply->notice_send;
    if (reply->body_case == ZHUCUN__REPLY__BODY_NOTICE_SEND)
        printf(_("已发送通知 #%lld，接收 %u 人\n"), (long long)w->id, w->count);
    else if (reply->body_case == ZHUCUN__REPLY__BODY_NOTICE_REMIND)
        printf(_("已提醒通知 #%lld 的 %u 人\n"), (long long)w->id, w->count);
    else
        printf(_("已回复（回执 #%lld）\n"), (long long)w->id);
    (void)cli;
}

/* send 标题 正文 place 区划代码 | unit 单位编号 | people 人员编号... | --offices 区划代码 */
static int notice_send(struct cli *cli, int argc, char **argv)
{
    static int64_t ids[NOTICE_PEOPLE_MAX];
    if (argc < (cli->offices != NULL ? 2 : 4))
        return cli_usage(cli);
    Zhucun__NoticeSend s = ZHUCUN__NOTICE_SEND__INIT;
    s.title = argv[0];
    s.body = argv[1];
    s.scope_kind = cli->offices != NULL ? "offices" : argv[2];
    s.org_code = S(cli->org);
    s.unit_id = cli->unit;
    if (cli->offices != NULL && argc == 2) {
        s.scope_code = (char *)cli->offices;
    } else if (cli->offices != NULL) {
        return cli_usage(cli);
    } else if (strcmp(argv[2], "place") == 0 && argc == 4) {
        s.scope_code = argv[3];
    } else if (strcmp(argv[2], "unit") == 0 && argc == 4) {
        long long u;
        if (cli_id(_("单位编号"), argv[3], &u) != 0)
            return EXIT_USAGE;
        s.scope_unit = u;
    } else if (strcmp(argv[2], "people") == 0 && argc - 3 <= NOTICE_PEOPLE_MAX) {
        for (int i = 3; i < argc; i++) {
            long long id;
            if (cli_id(_("人员编号"), argv[i], &id) != 0)
                return EXIT_USAGE;
            ids[s.n_people++] = id;
        }
        s.people = ids;
    } else {
        return cli_usage(cli);
    }
    if (cli->deadline != NULL) {
        s.reply_required = 1;
        s.reply_by = strcmp(cli->deadline, "open") == 0 ? "" : (char *)cli->deadline;
    }
    s.n_files = (size_t)cli->nevidence;
    s.files = cli->evidence;
    return cli_call_show(cli, &s.base, written_text);
}

static const char *state_zh(const Zhucun__NoticeItem *n)
{
    if (n->read_at[0] == '\0')
        return _("未读");
    if (n->attention)
        return _("已提醒");
    if (n->reply_required && n->replied_at[0] == '\0')
        return _("待回复");
    return n->replied_at[0] != '\0' ? _("已回复") : _("已读");
}

static const struct column inbox_columns[] = {
    {N_("编号"), -7}, {N_("状态"), 6},      {N_("发文单位"), 20},
    {N_("标题"), 30}, {N_("发出时间"), 20}, {N_("回复期限"), 10},
};

static void inbox_row(const Zhucun__Reply *reply, size_t i, const char **c, char n[][CELL_NUMBERS])
{
    const Zhucun__NoticeItem *it = reply->notice_list->notices[i];
    c[0] = table_num(n[0], it->id);
    c[1] = state_zh(it);
    c[2] = it->sender;
    c[3] = it->title;
    static char at[INSTANT_TEXT_MAX];
    c[4] = minutes(it->sent_at, at);
    c[5] = it->reply_required ? (it->reply_by[0] != '\0' ? it->reply_by : _("须回复")) : "";
}

static size_t inbox_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->notice_list->truncated;
    return reply->notice_list->n_notices;
}

static const struct table inbox_table = {N_("我的通知%s"),          "通知",    inbox_columns,
                                         ARRAY_SIZE(inbox_columns), inbox_row, N_("（没有通知）")};

/* list [unread] */
static int notice_list(struct cli *cli, int argc, char **argv)
{
    if (argc > 1 || (argc == 1 && strcmp(argv[0], "unread") != 0))
        return cli_usage(cli);
    Zhucun__NoticeList l = ZHUCUN__NOTICE_LIST__INIT;
    l.unread_only = argc == 1;
    l.limit = limit_arg(cli);
    return table_call(cli, &l.base, &inbox_table, inbox_count, argc == 1 ? _("（待阅）") : "");
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__NoticeShowReply *s = reply->notice_show;
    const Zhucun__NoticeItem *n = s->notice;
    printf(_("通知 #%lld：%s\n"), (long long)n->id, n->title);
    char sent[INSTANT_TEXT_MAX], read[INSTANT_TEXT_MAX], replied[INSTANT_TEXT_MAX];
    printf(_("发文单位：%s（%s）  发出：%s\n"), n->sender, n->org_code, minutes(n->sent_at, sent));
    printf("\n%s\n\n", s->body);
    if (s->files > 0)
        printf(_("附件 %u 个（zhucun attach list notice %lld）\n"), s->files, (long long)n->id);
    printf(_("已读：%s\n"), minutes(n->read_at, read));
    if (n->reply_required) {
        if (n->replied_at[0] != '\0')
            printf(_("已回复：%s  %s（附件 %u 个）\n"), minutes(n->replied_at, replied),
                   s->reply_text, s->reply_files);
        else if (n->reply_by[0] != '\0')
            printf(_("须在 %s 前回复：zhucun notices reply %lld 内容\n"), n->reply_by,
                   (long long)n->id);
        else
            printf(_("须回复：zhucun notices reply %lld 内容\n"), (long long)n->id);
    }
    (void)cli;
}

/* show 编号 */
static int notice_show(struct cli *cli, int argc, char **argv)
{
    Zhucun__NoticeShow s = ZHUCUN__NOTICE_SHOW__INIT;
    if (argc != 1 || id_arg(argv[0], &s.notice_id) != 0)
        return cli_usage(cli);
    return cli_call_show(cli, &s.base, show_text);
}

/* reply 编号 内容 */
static int notice_reply(struct cli *cli, int argc, char **argv)
{
    Zhucun__NoticeReply r = ZHUCUN__NOTICE_REPLY__INIT;
    if (argc != 2 || id_arg(argv[0], &r.notice_id) != 0)
        return cli_usage(cli);
    r.text = argv[1];
    r.n_files = (size_t)cli->nevidence;
    r.files = cli->evidence;
    return cli_call_show(cli, &r.base, written_text);
}

static void count_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    printf(_("待阅通知 %u 则\n"), reply->notice_count->attention);
    (void)cli;
}

/* count [--follow]: the badge; following, each change as it comes (Ctrl-C ends). */
static int notice_count(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__NoticeCount nc = ZHUCUN__NOTICE_COUNT__INIT;
    if (!cli->follow)
        return cli_call_show(cli, &nc.base, count_text);
    struct zc_client *c;
    struct zc_error err = {0};
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    Zhucun__NoticeFollow nf = ZHUCUN__NOTICE_FOLLOW__INIT;
    Zhucun__Reply *reply = NULL;
    int rc = zc_notice_follow(c, &nf, &reply, &err);
    zc_reply_free(reply);
    reply = NULL;
    /* Counted after following: a change in between is pushed, never missed. */
    if (rc == 0 && (rc = zc_notice_count(c, &nc, &reply, &err)) == 0) {
        if (cli->json)
            cli_json(cli_reply_body(reply));
        else
            count_text(cli, reply);
        fflush(stdout);
    }
    zc_reply_free(reply);
    if (rc == 0)
        rc = cli_follow(cli, c, ZHUCUN__REPLY__BODY_NOTICE_COUNT, count_text, &err);
    zc_close(c);
    return cli_fail(&err);
}

/* ---- the sender's side ---- */

static const struct column sent_columns[] = {
    {N_("编号"), -7},   {N_("发出时间"), 20}, {N_("发文单位"), 16},
    {N_("标题"), 28},   {N_("接收"), -6},     {N_("已读"), -6},
    {N_("已回复"), -6}, {N_("回复期限"), 10}, {N_("提醒"), -4},
};

static void sent_row(const Zhucun__Reply *reply, size_t i, const char **c, char n[][CELL_NUMBERS])
{
    const Zhucun__SentNotice *s = reply->notice_sent->notices[i];
    c[0] = table_num(n[0], s->id);
    static char at[INSTANT_TEXT_MAX];
    c[1] = minutes(s->sent_at, at);
    c[2] = s->sender;
    c[3] = s->title;
    c[4] = table_num(n[4], s->recipients);
    c[5] = table_num(n[5], s->read);
    c[6] = s->reply_required ? table_num(n[6], s->replied) : "";
    c[7] = s->reply_required ? (s->reply_by[0] != '\0' ? s->reply_by : _("须回复")) : "";
    c[8] = table_num(n[8], s->reminders);
}

static size_t sent_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->notice_sent->truncated;
    return reply->notice_sent->n_notices;
}

static const struct table sent_table = {N_("已发通知%s"), "已发通知",
                                        sent_columns,     ARRAY_SIZE(sent_columns),
                                        sent_row,         N_("（没有发出的通知）")};

static int notice_sent(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__NoticeSent s = ZHUCUN__NOTICE_SENT__INIT;
    s.org_code = S(cli->org);
    s.limit = limit_arg(cli);
    return table_call(cli, &s.base, &sent_table, sent_count, "");
}

static const struct column report_columns[] = {
    {N_("区划代码"), 12}, {N_("下级单位"), 16}, {N_("接收"), -6},   {N_("已读"), -6},
    {N_("未读"), -6},     {N_("已回复"), -6},   {N_("未回复"), -6},
};

static void report_row(const Zhucun__Reply *reply, size_t i, const char **c, char n[][CELL_NUMBERS])
{
    const Zhucun__NoticeChildCount *k = reply->notice_report->children[i];
    c[0] = k->child_code;
    c[1] = k->child_name;
    c[2] = table_num(n[2], k->recipients);
    c[3] = table_num(n[3], k->read);
    c[4] = table_num(n[4], k->unread);
    c[5] = table_num(n[5], k->replied);
    c[6] = table_num(n[6], k->unreplied);
}

static size_t report_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = 0;
    return reply->notice_report->n_children;
}

static const struct table report_table = {N_("通知 #%s 的阅读回执（按下级单位）"),
                                          "阅读回执",
                                          report_columns,
                                          ARRAY_SIZE(report_columns),
                                          report_row,
                                          N_("（没有接收人）")};

/* report 编号 */
static int notice_report(struct cli *cli, int argc, char **argv)
{
    Zhucun__NoticeReport r = ZHUCUN__NOTICE_REPORT__INIT;
    if (argc != 1 || id_arg(argv[0], &r.notice_id) != 0)
        return cli_usage(cli);
    return table_call(cli, &r.base, &report_table, report_count, argv[0]);
}

static const struct column pending_columns[] = {
    {N_("人员编号"), -8}, {N_("姓名"), 10}, {N_("工作队"), 24},
    {N_("区划代码"), 12}, {N_("已读"), 20}, {N_("已提醒"), -6},
};

static void pending_row(const Zhucun__Reply *reply, size_t i, const char **c,
                        char n[][CELL_NUMBERS])
{
    const Zhucun__PendingRecipient *p = reply->notice_pending->people[i];
    c[0] = table_num(n[0], p->person_id);
    c[1] = p->name;
    c[2] = p->team_name;
    c[3] = p->org_code;
    static char at[INSTANT_TEXT_MAX];
    c[4] = p->read_at[0] != '\0' ? minutes(p->read_at, at) : _("未读");
    c[5] = table_num(n[5], p->reminders);
}

static size_t pending_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->notice_pending->truncated;
    return reply->notice_pending->n_people;
}

static const struct table pending_table = {
    N_("通知 #%s 尚未阅读或回复的人员"), "未读未回复", pending_columns,
    ARRAY_SIZE(pending_columns),         pending_row,  N_("（没有）")};

/* pending 编号 unread|unreplied */
static int notice_pending(struct cli *cli, int argc, char **argv)
{
    Zhucun__NoticePending p = ZHUCUN__NOTICE_PENDING__INIT;
    if (argc != 2 || id_arg(argv[0], &p.notice_id) != 0)
        return cli_usage(cli);
    p.what = argv[1];
    p.limit = limit_arg(cli);
    return table_call(cli, &p.base, &pending_table, pending_count, argv[0]);
}

/* remind 编号 unread|unreplied */
static int notice_remind(struct cli *cli, int argc, char **argv)
{
    Zhucun__NoticeRemind r = ZHUCUN__NOTICE_REMIND__INIT;
    if (argc != 2 || id_arg(argv[0], &r.notice_id) != 0)
        return cli_usage(cli);
    r.what = argv[1];
    return cli_call_show(cli, &r.base, written_text);
}

static const struct option send_options[] = {O_ORG,      O_UNIT,    O_DEADLINE,
                                             O_EVIDENCE, O_OFFICES, OPT_END_};
static const struct option list_options[] = {O_LIMIT, O_XLSX, OPT_END_};
static const struct option none_options[] = {OPT_END_};
static const struct option reply_options[] = {O_EVIDENCE, OPT_END_};
static const struct option count_options[] = {O_FOLLOW, OPT_END_};
static const struct option sent_options[] = {O_ORG, O_LIMIT, O_XLSX, OPT_END_};
static const struct option report_options[] = {O_XLSX, OPT_END_};

const struct cli_command cli_notices_commands[] = {
    {"notices", "send", notice_send, send_options,
     N_("zhucun notices send 标题 正文 place 区划代码|unit 单位编号|people 人员编号...\n"
        "    (--org 发文区划代码 | --unit 派出单位编号) [--deadline 日期|open] [--evidence "
        "SHA256]...\n"
        "    发送通知给范围内今天在岗的驻村干部；--deadline 要求回复（open：不限期）\n"
        "zhucun notices send 标题 正文 --offices 省市县区划代码 --org 发文区划代码 [...]\n"
        "    发送通知给该地下一级的各驻村办（市、县驻村办或乡镇）\n"),
     "NoticeSend"},
    {"notices", "list", notice_list, list_options,
     N_("zhucun notices list [unread] [--limit 条数] [--xlsx 文件]\n"
        "    我收到的通知（unread：只列未读和被提醒的）\n"),
     "NoticeList"},
    {"notices", "show", notice_show, none_options,
     N_("zhucun notices show 编号\n"
        "    打开通知（首次打开记为已读）\n"),
     "NoticeShow"},
    {"notices", "reply", notice_reply, reply_options,
     N_("zhucun notices reply 编号 内容 [--evidence SHA256]...\n"
        "    回复要求回复的通知\n"),
     "NoticeReply"},
    {"notices", "count", notice_count, count_options,
     N_("zhucun notices count [--follow]\n"
        "    待阅通知数；--follow 持续显示变化\n"),
     "NoticeCount NoticeFollow"},
    {"notices", "sent", notice_sent, sent_options,
     N_("zhucun notices sent [--org 区划代码] [--limit 条数] [--xlsx 文件]\n"
        "    本单位发出的通知及阅读、回复人数\n"),
     "NoticeSent"},
    {"notices", "report", notice_report, report_options,
     N_("zhucun notices report 编号 [--xlsx 文件]\n"
        "    通知的阅读回执：按下级单位的已读、未读、已回复、未回复人数\n"),
     "NoticeReport"},
    {"notices", "pending", notice_pending, list_options,
     N_("zhucun notices pending 编号 unread|unreplied [--limit 条数] [--xlsx 文件]\n"
        "    尚未阅读（或尚未回复）的人员名单\n"),
     "NoticePending"},
    {"notices", "remind", notice_remind, none_options,
     N_("zhucun notices remind 编号 unread|unreplied\n"
        "    只提醒尚未阅读（或尚未回复）的人员\n"),
     "NoticeRemind"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
