/* cmd_people.c -- zhucun unit, user and team: dispatching units, accounts, work teams. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* ---- units ---- */

static void print_unit(const Zhucun__DispatchUnit *u)
{
    printf(_("%-6lld %-8s %s  %s  分管领导 %s  经办 %s  在岗队员 %u\n"), (long long)u->id, u->level,
           u->org_code, u->name, u->leader_name[0] ? u->leader_name : "-",
           u->handling_office[0] ? u->handling_office : "-", u->active_members);
}

static void unit_list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    for (size_t i = 0; i < reply->unit_list->n_units; i++)
        print_unit(reply->unit_list->units[i]);
    if (reply->unit_list->n_units == 0)
        printf(_("（无）\n"));
}

static int unit_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__UnitList ul = ZHUCUN__UNIT_LIST__INIT;
    ul.org_code = S(cli->org);
    ul.level = S(cli->level);
    return cli_call_show(cli, &ul.base, unit_list_text);
}

static void unit_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    print_unit(reply->unit);
}

static int unit_show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("单位编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__UnitShow us = ZHUCUN__UNIT_SHOW__INIT;
    us.id = id;
    return cli_call_show(cli, &us.base, unit_text);
}

static void unit_created_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    printf(_("已建立派出单位 %lld：%s\n"), (long long)reply->unit->id, cli->subject);
}

static int unit_create(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || cli->level == NULL || cli->org == NULL)
        return cli_usage(cli);
    Zhucun__UnitCreate uc = ZHUCUN__UNIT_CREATE__INIT;
    Zhucun__DispatchUnit u = ZHUCUN__DISPATCH_UNIT__INIT;
    u.name = argv[0];
    u.level = S(cli->level);
    u.org_code = S(cli->org);
    u.leader_name = S(cli->leader);
    u.handling_office = S(cli->office);
    uc.unit = &u;
    cli->subject = argv[0];
    return cli_call_show(cli, &uc.base, unit_created_text);
}

static int unit_update(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("单位编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__UnitUpdate uu = ZHUCUN__UNIT_UPDATE__INIT;
    uu.id = id;
    uu.name = S(cli->name);
    uu.leader_name = S(cli->leader);
    uu.handling_office = S(cli->office);
    return cli_call_ok(cli, &uu.base, _("已修改"));
}

/* ---- users ---- */

/* A retried UserAdd or UserResetPassword (the same idempotency key, after a lost answer) is
 * answered without the password, which the server never stores: the reply's status message
 * says so (docs/calls.md), and so does the CLI instead of printing an empty password. */
static void no_password_text(const Zhucun__Reply *reply)
{
    const char *why = reply->status != NULL ? reply->status->message : "";
    printf(_("初始密码只在第一次答复中给出：%s\n"), why != NULL && why[0] ? why : _("请重置密码"));
}

static void user_added_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    if (reply->user_add->initial_password[0] == '\0') {
        printf(_("已建立账号 %s（人员编号 %lld）\n"), cli->subject,
               (long long)reply->user_add->person_id);
        no_password_text(reply);
        return;
    }
    printf(_("已建立账号 %s（人员编号 %lld）\n初始密码：%s（首次登录须修改）\n"), cli->subject,
           (long long)reply->user_add->person_id, reply->user_add->initial_password);
}

static int user_add(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || cli->name == NULL || cli->org == NULL || cli->role == NULL)
        return cli_usage(cli);
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = S(cli->name);
    p.org_code = S(cli->org);
    p.phone = S(cli->phone);
    p.party_member = cli->party;
    p.unit_id = cli->unit;
    ua.username = argv[0];
    ua.person = &p;
    ua.role = S(cli->role);
    ua.scope_code = S(cli->scope);
    cli->subject = argv[0];
    return cli_call_show(cli, &ua.base, user_added_text);
}

static void user_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__UserShowReply *s = reply->user_show;
    const Zhucun__Person *p = s->person;
    printf(_("用户名    %s\n姓名      %s\n电话      %s\n党员      %s\n所属区划  %s\n"
             "状态      %s%s\n"),
           p->username, p->name, p->phone[0] ? p->phone : "-", p->party_member ? _("是") : _("否"),
           p->org_code[0] ? p->org_code : "-", s->disabled ? _("已停用") : _("正常"),
           s->must_change_password ? _("（须改密码）") : "");
    for (size_t i = 0; i < s->n_roles; i++)
        printf("%s  %-16s %s  %s\n", i == 0 ? _("角色  ") : "      ", s->roles[i]->role,
               s->roles[i]->scope_code, s->roles[i]->scope_name);
}

static int user_show(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__UserShow us = ZHUCUN__USER_SHOW__INIT;
    us.username = argv[0];
    return cli_call_show(cli, &us.base, user_text);
}

static int user_disable(struct cli *cli, int argc, char **argv, int enable)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__UserDisable ud = ZHUCUN__USER_DISABLE__INIT;
    ud.username = argv[0];
    ud.enable = enable;
    return cli_call_ok(cli, &ud.base, enable ? _("已启用") : _("已停用，其会话已注销"));
}

static int user_off(struct cli *cli, int argc, char **argv)
{
    return user_disable(cli, argc, argv, 0);
}

static int user_on(struct cli *cli, int argc, char **argv)
{
    return user_disable(cli, argc, argv, 1);
}

static void password_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    if (reply->user_reset_password->initial_password[0] == '\0') {
        no_password_text(reply);
        return;
    }
    printf(_("新的初始密码：%s（下次登录须修改；其会话已注销）\n"),
           reply->user_reset_password->initial_password);
}

static int user_reset_password(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__UserResetPassword rp = ZHUCUN__USER_RESET_PASSWORD__INIT;
    rp.username = argv[0];
    return cli_call_show(cli, &rp.base, password_text);
}

static int user_grant(struct cli *cli, int argc, char **argv, int revoke)
{
    if (argc != 1 || cli->role == NULL || cli->scope == NULL)
        return cli_usage(cli);
    Zhucun__UserGrant ug = ZHUCUN__USER_GRANT__INIT;
    ug.username = argv[0];
    ug.role = S(cli->role);
    ug.scope_code = S(cli->scope);
    ug.unit_id = cli->unit;
    ug.revoke = revoke;
    return cli_call_ok(cli, &ug.base, revoke ? _("已收回授权") : _("已授权"));
}

static int user_give(struct cli *cli, int argc, char **argv)
{
    return user_grant(cli, argc, argv, 0);
}

static int user_take(struct cli *cli, int argc, char **argv)
{
    return user_grant(cli, argc, argv, 1);
}

/* ---- teams ---- */

static void team_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    static const char *const posts[][2] = {
        {"first_secretary", N_("第一书记")}, {"captain", N_("队长")}, {"member", N_("队员")}};
    const Zhucun__Team *t = reply->team;
    (void)cli;
    printf(_("工作队 %lld  %s  %s %s（%s）\n党员 %u 名%s%s\n"), (long long)t->id, t->name,
           t->org_code, t->org_name, strcmp(t->kind, "village") == 0 ? _("驻村") : _("驻乡镇"),
           t->party_members, t->party_leader_id ? _("，党组织负责人 ") : "",
           t->party_leader_id ? t->party_leader_name : "");
    for (size_t i = 0; i < t->n_members; i++) {
        const Zhucun__Membership *m = t->members[i];
        const char *post = m->post;
        for (size_t k = 0; k < sizeof(posts) / sizeof(posts[0]); k++)
            if (strcmp(posts[k][0], m->post) == 0)
                post = _(posts[k][1]);
        printf(_("  [%lld] %-8s %s%s  人员 %lld  %s  %s 至 %s%s%s%s\n"), (long long)m->id, post,
               m->person_name, m->party_member ? _("（党员）") : "", (long long)m->person_id,
               m->unit_name[0] ? m->unit_name : "-", m->start_date,
               m->end_date[0] ? m->end_date : _("今"), m->end_reason[0] ? "  " : "", m->end_reason,
               m->end_note[0] ? _("：") : "");
        if (m->end_note[0])
            printf("      %s\n", m->end_note);
    }
}

/* The ids of a team command: the first is named first (工作队编号 or 任职编号), the second a
 * person. 0, or EXIT_USAGE after naming the bad one. */
static int team_ids(const char *first, int argc, char **argv, long long *id, long long *person)
{
    if (argc >= 1 && cli_id(first, argv[0], id) != 0)
        return EXIT_USAGE;
    if (argc >= 2 && cli_id(_("人员编号"), argv[1], person) != 0)
        return EXIT_USAGE;
    return 0;
}

static int team_show(struct cli *cli, int argc, char **argv)
{
    long long id = 0;
    if (argc > 1 || (argc == 0 && cli->org == NULL))
        return cli_usage(cli);
    if (team_ids(_("工作队编号"), argc, argv, &id, NULL) != 0)
        return EXIT_USAGE;
    Zhucun__TeamShow ts = ZHUCUN__TEAM_SHOW__INIT;
    ts.id = id; /* 0: the team of --org */
    ts.org_code = S(cli->org);
    ts.kind = S(cli->kind);
    return cli_call_show(cli, &ts.base, team_text);
}

static int team_members(struct cli *cli, int argc, char **argv)
{
    long long id = 0;
    if (argc != 1)
        return cli_usage(cli);
    if (team_ids(_("工作队编号"), argc, argv, &id, NULL) != 0)
        return EXIT_USAGE;
    Zhucun__TeamMembers tm = ZHUCUN__TEAM_MEMBERS__INIT;
    tm.team_id = id;
    tm.history = cli->history;
    return cli_call_show(cli, &tm.base, team_text);
}

static void team_created_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已建立工作队 %lld\n"), (long long)reply->team->id);
}

static int team_create(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || cli->kind == NULL || cli->org == NULL)
        return cli_usage(cli);
    Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
    tc.kind = S(cli->kind);
    tc.org_code = S(cli->org);
    tc.name = argv[0];
    return cli_call_show(cli, &tc.base, team_created_text);
}

static void assigned_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已派驻，任职记录 %lld，自 %s 起\n"), (long long)reply->membership->id,
           reply->membership->start_date);
}

static int team_assign(struct cli *cli, int argc, char **argv)
{
    long long id = 0, person = 0;
    if (team_ids(_("工作队编号"), argc, argv, &id, &person) != 0)
        return EXIT_USAGE;
    if (argc != 2 || cli->post == NULL)
        return cli_usage(cli);
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = id;
    ta.person_id = person;
    ta.post = S(cli->post);
    ta.unit_id = cli->unit;
    ta.start_date = S(cli->start);
    return cli_call_show(cli, &ta.base, assigned_text);
}

/* What a recall did: a recall for cause (reason recall) goes to the approval engine and the
 * cadre stays in the team until the county office and the dispatching unit have approved it;
 * rotation, the end of a term and other reasons end the membership at once. A server that
 * answers with no body (before issue 15) ended it. */
static void recalled_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__TeamRecallReply *tr =
        reply->body_case == ZHUCUN__REPLY__BODY_TEAM_RECALL ? reply->team_recall : NULL;
    if (tr != NULL && strcmp(tr->status, "pending") == 0)
        printf(_("召回 %lld 已提交审批（审批编号 %lld），批准前队员仍在工作队中；"
                 "进度：zhucun approval history recall %lld\n"),
               (long long)tr->recall_id, (long long)tr->approval_id, (long long)tr->recall_id);
    else if (tr == NULL || strcmp(tr->status, "ended") == 0)
        printf(_("任职已结束，记录已保留\n"));
    else /* a status this client does not know yet: say it as it came */
        printf(_("服务器答复：%s\n"), tr->status);
}

static int team_recall(struct cli *cli, int argc, char **argv)
{
    long long id = 0;
    if (team_ids(_("任职编号"), argc, argv, &id, NULL) != 0)
        return EXIT_USAGE;
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__TeamRecall tr = ZHUCUN__TEAM_RECALL__INIT;
    tr.membership_id = id;
    tr.end_date = S(cli->end);
    tr.reason = S(cli->reason);
    tr.note = S(cli->note);
    return cli_call_show(cli, &tr.base, recalled_text);
}

static int team_party_leader(struct cli *cli, int argc, char **argv)
{
    long long id = 0, person = 0;
    if (team_ids(_("工作队编号"), argc, argv, &id, &person) != 0)
        return EXIT_USAGE;
    if (argc != 2)
        return cli_usage(cli);
    Zhucun__TeamSetPartyLeader pl = ZHUCUN__TEAM_SET_PARTY_LEADER__INIT;
    pl.team_id = id;
    pl.person_id = person;
    return cli_call_ok(cli, &pl.base, _("已指定党组织负责人"));
}

#define USER_USAGE N_("zhucun user show|disable|enable|reset-password 用户名\n")
#define GRANT_USAGE                                                                                \
    N_("zhucun user grant|revoke 用户名 --role 角色 --scope 代码 [--unit 单位编号]\n")
#define TEAM_SHOW_USAGE                                                                            \
    N_("zhucun team show 工作队编号\n"                                                        \
       "zhucun team show --org 代码 [--kind village|township]\n")

static const struct option unit_list_options[] = {O_ORG, O_LEVEL, OPT_END_};
static const struct option unit_create_options[] = {O_LEVEL, O_ORG, O_LEADER, O_OFFICE, OPT_END_};
static const struct option unit_update_options[] = {O_NAME, O_LEADER, O_OFFICE, OPT_END_};
static const struct option user_add_options[] = {O_NAME,  O_ORG,   O_ROLE, O_SCOPE,
                                                 O_PHONE, O_PARTY, O_UNIT, OPT_END_};
static const struct option grant_options[] = {O_ROLE, O_SCOPE, O_UNIT, OPT_END_};
static const struct option team_show_options[] = {O_ORG, O_KIND, OPT_END_};
static const struct option team_members_options[] = {O_HISTORY, OPT_END_};
static const struct option team_create_options[] = {O_KIND, O_ORG, OPT_END_};
static const struct option team_assign_options[] = {O_POST, O_UNIT, O_START, OPT_END_};
static const struct option team_recall_options[] = {O_NOTE, O_REASON, O_END, OPT_END_};

const struct cli_command cli_people_commands[] = {
    {"unit", "list", unit_list, unit_list_options,
     N_("zhucun unit list [--org 代码] [--level 层级]\n    派出单位\n"), "UnitList"},
    {"unit", "show", unit_show, NULL, N_("zhucun unit show 单位编号\n"), "UnitShow"},
    {"unit", "create", unit_create, unit_create_options,
     N_("zhucun unit create 名称 --level central|province|city|county --org 代码\n"
        "    [--leader 分管领导] [--office 经办处室]\n"),
     "UnitCreate"},
    {"unit", "update", unit_update, unit_update_options,
     N_("zhucun unit update 单位编号 [--name 名称] [--leader 分管领导] [--office 经办处室]\n"),
     "UnitUpdate"},
    {"user", "add", user_add, user_add_options,
     N_("zhucun user add 用户名 --name 姓名 --org 代码 --role 角色 [--scope 代码]\n"
        "    [--phone 电话] [--party] [--unit 单位编号]\n"
        "    建立账号并显示初始密码\n"),
     "UserAdd"},
    {"user", "show", user_show, NULL, USER_USAGE, "UserShow"},
    {"user", "disable", user_off, NULL, USER_USAGE, "UserDisable"},
    {"user", "enable", user_on, NULL, USER_USAGE, "UserDisable"},
    {"user", "reset-password", user_reset_password, NULL, USER_USAGE, "UserResetPassword"},
    {"user", "grant", user_give, grant_options, GRANT_USAGE, "UserGrant"},
    {"user", "revoke", user_take, grant_options, GRANT_USAGE, "UserGrant"},
    {"team", "show", team_show, team_show_options, TEAM_SHOW_USAGE, "TeamShow"},
    {"team", "members", team_members, team_members_options,
     N_("zhucun team members 工作队编号 [--history]\n"), "TeamMembers"},
    {"team", "create", team_create, team_create_options,
     N_("zhucun team create 名称 --kind village|township --org 代码\n"), "TeamCreate"},
    {"team", "assign", team_assign, team_assign_options,
     N_("zhucun team assign 工作队编号 人员编号 --post first_secretary|captain|member\n"
        "    [--unit 单位编号] [--start 日期]\n"),
     "TeamAssign"},
    {"team", "recall", team_recall, team_recall_options,
     N_("zhucun team recall 任职编号 --note 说明 [--reason recall|rotation|term_end|other]\n"
        "    [--end 日期]\n"),
     "TeamRecall"},
    {"team", "party-leader", team_party_leader, NULL,
     N_("zhucun team party-leader 工作队编号 人员编号\n"), "TeamSetPartyLeader"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
