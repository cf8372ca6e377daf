/* cmd_people.c -- zhucun unit, user and team: dispatching units, accounts, work teams. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* ---- units ---- */

static void print_unit(struct cli *cli, const Zhucun__DispatchUnit *u, int first)
{
    if (cli->json) {
        printf("%s{\"id\":%lld,\"name\":", first ? "" : ",", (long long)u->id);
        cli_json_str(u->name);
        printf(",\"level\":\"%s\",\"org_code\":\"%s\",\"leader_name\":", u->level, u->org_code);
        cli_json_str(u->leader_name);
        printf(",\"handling_office\":");
        cli_json_str(u->handling_office);
        printf(",\"active_members\":%u}", u->active_members);
        return;
    }
    printf(_("%-6lld %-8s %s  %s  分管领导 %s  经办 %s  在岗队员 %u\n"), (long long)u->id, u->level,
           u->org_code, u->name, u->leader_name[0] ? u->leader_name : "-",
           u->handling_office[0] ? u->handling_office : "-", u->active_members);
}

int cmd_unit(struct cli *cli, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Reply *reply;
    int rc;
    if (strcmp(sub, "list") == 0 && argc == 1) {
        Zhucun__UnitList ul = ZHUCUN__UNIT_LIST__INIT;
        ul.org_code = S(cli->org);
        ul.level = S(cli->level);
        req.body_case = ZHUCUN__REQUEST__BODY_UNIT_LIST;
        req.unit_list = &ul;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (cli->json)
            printf("{\"units\":[");
        for (size_t i = 0; i < reply->unit_list->n_units; i++)
            print_unit(cli, reply->unit_list->units[i], i == 0);
        if (cli->json)
            printf("]}\n");
        else if (reply->unit_list->n_units == 0)
            printf(_("（无）\n"));
        zc_reply_free(reply);
        return 0;
    }
    long long id = 0;
    if ((strcmp(sub, "show") == 0 || strcmp(sub, "update") == 0) && argc == 2 &&
        cli_id(_("单位编号"), argv[1], &id) != 0)
        return EXIT_USAGE;
    if (strcmp(sub, "show") == 0 && argc == 2) {
        Zhucun__UnitShow us = ZHUCUN__UNIT_SHOW__INIT;
        us.id = id;
        req.body_case = ZHUCUN__REQUEST__BODY_UNIT_SHOW;
        req.unit_show = &us;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        print_unit(cli, reply->unit, 1);
        if (cli->json)
            printf("\n");
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "create") == 0 && argc == 2 && cli->level && cli->org) {
        Zhucun__UnitCreate uc = ZHUCUN__UNIT_CREATE__INIT;
        Zhucun__DispatchUnit u = ZHUCUN__DISPATCH_UNIT__INIT;
        u.name = argv[1];
        u.level = S(cli->level);
        u.org_code = S(cli->org);
        u.leader_name = S(cli->leader);
        u.handling_office = S(cli->office);
        uc.unit = &u;
        req.body_case = ZHUCUN__REQUEST__BODY_UNIT_CREATE;
        req.unit_create = &uc;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (cli->json)
            printf("{\"id\":%lld}\n", (long long)reply->unit->id);
        else
            printf(_("已建立派出单位 %lld：%s\n"), (long long)reply->unit->id, argv[1]);
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "update") == 0 && argc == 2) {
        Zhucun__UnitUpdate uu = ZHUCUN__UNIT_UPDATE__INIT;
        uu.id = id;
        uu.name = S(cli->name);
        uu.leader_name = S(cli->leader);
        uu.handling_office = S(cli->office);
        req.body_case = ZHUCUN__REQUEST__BODY_UNIT_UPDATE;
        req.unit_update = &uu;
        return cli_call_ok(cli, &req, _("已修改"));
    }
    return cli_usage(cli);
}

/* ---- users ---- */

int cmd_user(struct cli *cli, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Reply *reply;
    int rc;
    if (argc != 2)
        return cli_usage(cli);
    const char *username = argv[1];
    if (strcmp(sub, "add") == 0) {
        if (cli->name == NULL || cli->org == NULL || cli->role == NULL)
            return cli_usage(cli);
        Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
        Zhucun__Person p = ZHUCUN__PERSON__INIT;
        p.name = S(cli->name);
        p.org_code = S(cli->org);
        p.phone = S(cli->phone);
        p.party_member = cli->party;
        p.unit_id = cli->unit;
        ua.username = (char *)username;
        ua.person = &p;
        ua.role = S(cli->role);
        ua.scope_code = S(cli->scope);
        req.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
        req.user_add = &ua;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (cli->json)
            printf("{\"user_id\":%lld,\"person_id\":%lld,\"initial_password\":\"%s\"}\n",
                   (long long)reply->user_add->user_id, (long long)reply->user_add->person_id,
                   reply->user_add->initial_password);
        else
            printf(_("已建立账号 %s（人员编号 %lld）\n初始密码：%s（首次登录须修改）\n"), username,
                   (long long)reply->user_add->person_id, reply->user_add->initial_password);
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "show") == 0) {
        Zhucun__UserShow us = ZHUCUN__USER_SHOW__INIT;
        us.username = (char *)username;
        req.body_case = ZHUCUN__REQUEST__BODY_USER_SHOW;
        req.user_show = &us;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        const Zhucun__UserShowReply *s = reply->user_show;
        const Zhucun__Person *p = s->person;
        if (cli->json) {
            printf("{\"username\":\"%s\",\"person_id\":%lld,\"name\":", p->username,
                   (long long)p->id);
            cli_json_str(p->name);
            printf(",\"phone\":\"%s\",\"party_member\":%s,\"unit_id\":%lld,\"org_code\":\"%s\","
                   "\"disabled\":%s,\"must_change_password\":%s,\"roles\":[",
                   p->phone, p->party_member ? "true" : "false", (long long)p->unit_id, p->org_code,
                   s->disabled ? "true" : "false", s->must_change_password ? "true" : "false");
            for (size_t i = 0; i < s->n_roles; i++)
                printf("%s{\"role\":\"%s\",\"scope_code\":\"%s\"}", i ? "," : "", s->roles[i]->role,
                       s->roles[i]->scope_code);
            printf("]}\n");
        } else {
            printf(_("用户名    %s\n姓名      %s\n电话      %s\n党员      %s\n所属区划  %s\n"
                     "状态      %s%s\n"),
                   p->username, p->name, p->phone[0] ? p->phone : "-",
                   p->party_member ? _("是") : _("否"), p->org_code[0] ? p->org_code : "-",
                   s->disabled ? _("已停用") : _("正常"),
                   s->must_change_password ? _("（须改密码）") : "");
            for (size_t i = 0; i < s->n_roles; i++)
                printf("%s  %-16s %s  %s\n", i == 0 ? _("角色  ") : "      ", s->roles[i]->role,
                       s->roles[i]->scope_code, s->roles[i]->scope_name);
        }
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
        Zhucun__UserDisable ud = ZHUCUN__USER_DISABLE__INIT;
        ud.username = (char *)username;
        ud.enable = strcmp(sub, "enable") == 0;
        req.body_case = ZHUCUN__REQUEST__BODY_USER_DISABLE;
        req.user_disable = &ud;
        return cli_call_ok(cli, &req, ud.enable ? _("已启用") : _("已停用，其会话已注销"));
    }
    if (strcmp(sub, "reset-password") == 0) {
        Zhucun__UserResetPassword rp = ZHUCUN__USER_RESET_PASSWORD__INIT;
        rp.username = (char *)username;
        req.body_case = ZHUCUN__REQUEST__BODY_USER_RESET_PASSWORD;
        req.user_reset_password = &rp;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (cli->json)
            printf("{\"initial_password\":\"%s\"}\n", reply->user_reset_password->initial_password);
        else
            printf(_("新的初始密码：%s（下次登录须修改；其会话已注销）\n"),
                   reply->user_reset_password->initial_password);
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "grant") == 0 || strcmp(sub, "revoke") == 0) {
        if (cli->role == NULL || cli->scope == NULL)
            return cli_usage(cli);
        Zhucun__UserGrant ug = ZHUCUN__USER_GRANT__INIT;
        ug.username = (char *)username;
        ug.role = S(cli->role);
        ug.scope_code = S(cli->scope);
        ug.unit_id = cli->unit;
        ug.revoke = strcmp(sub, "revoke") == 0;
        req.body_case = ZHUCUN__REQUEST__BODY_USER_GRANT;
        req.user_grant = &ug;
        return cli_call_ok(cli, &req, ug.revoke ? _("已收回授权") : _("已授权"));
    }
    return cli_usage(cli);
}

/* ---- teams ---- */

static void print_team(struct cli *cli, const Zhucun__Team *t)
{
    static const char *const posts[][2] = {
        {"first_secretary", N_("第一书记")}, {"captain", N_("队长")}, {"member", N_("队员")}};
    if (cli->json) {
        printf("{\"id\":%lld,\"kind\":\"%s\",\"org_code\":\"%s\",\"org_name\":", (long long)t->id,
               t->kind, t->org_code);
        cli_json_str(t->org_name);
        printf(",\"name\":");
        cli_json_str(t->name);
        printf(",\"party_leader_id\":%lld,\"party_members\":%u,\"members\":[",
               (long long)t->party_leader_id, t->party_members);
        for (size_t i = 0; i < t->n_members; i++) {
            const Zhucun__Membership *m = t->members[i];
            printf("%s{\"id\":%lld,\"person_id\":%lld,\"name\":", i ? "," : "", (long long)m->id,
                   (long long)m->person_id);
            cli_json_str(m->person_name);
            printf(",\"post\":\"%s\",\"unit_id\":%lld,\"start_date\":\"%s\",\"end_date\":\"%s\","
                   "\"end_reason\":\"%s\",\"end_note\":",
                   m->post, (long long)m->unit_id, m->start_date, m->end_date, m->end_reason);
            cli_json_str(m->end_note);
            printf(",\"party_member\":%s}", m->party_member ? "true" : "false");
        }
        printf("]}\n");
        return;
    }
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

int cmd_team(struct cli *cli, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Reply *reply;
    int rc;
    /* The ids after the subcommand: a team, membership or person, then a person. */
    long long id = 0, person = 0;
    int with_ids = strcmp(sub, "show") == 0 || strcmp(sub, "members") == 0 ||
                   strcmp(sub, "assign") == 0 || strcmp(sub, "recall") == 0 ||
                   strcmp(sub, "party-leader") == 0;
    if (with_ids && argc >= 2 &&
        cli_id(strcmp(sub, "recall") == 0 ? _("任职编号") : _("工作队编号"), argv[1], &id) != 0)
        return EXIT_USAGE;
    if (with_ids && argc >= 3 && cli_id(_("人员编号"), argv[2], &person) != 0)
        return EXIT_USAGE;
    if (strcmp(sub, "show") == 0 && (argc == 2 || (argc == 1 && cli->org))) {
        Zhucun__TeamShow ts = ZHUCUN__TEAM_SHOW__INIT;
        ts.id = id; /* 0: the team of --org */
        ts.org_code = S(cli->org);
        ts.kind = S(cli->kind);
        req.body_case = ZHUCUN__REQUEST__BODY_TEAM_SHOW;
        req.team_show = &ts;
    } else if (strcmp(sub, "members") == 0 && argc == 2) {
        Zhucun__TeamMembers tm = ZHUCUN__TEAM_MEMBERS__INIT;
        tm.team_id = id;
        tm.history = cli->history;
        req.body_case = ZHUCUN__REQUEST__BODY_TEAM_MEMBERS;
        req.team_members = &tm;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        print_team(cli, reply->team);
        zc_reply_free(reply);
        return 0;
    } else if (strcmp(sub, "create") == 0 && argc == 2 && cli->kind && cli->org) {
        Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
        tc.kind = S(cli->kind);
        tc.org_code = S(cli->org);
        tc.name = argv[1];
        req.body_case = ZHUCUN__REQUEST__BODY_TEAM_CREATE;
        req.team_create = &tc;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (cli->json)
            printf("{\"id\":%lld}\n", (long long)reply->team->id);
        else
            printf(_("已建立工作队 %lld\n"), (long long)reply->team->id);
        zc_reply_free(reply);
        return 0;
    } else if (strcmp(sub, "assign") == 0 && argc == 3 && cli->post) {
        Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
        ta.team_id = id;
        ta.person_id = person;
        ta.post = S(cli->post);
        ta.unit_id = cli->unit;
        ta.start_date = S(cli->start);
        req.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
        req.team_assign = &ta;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        if (cli->json)
            printf("{\"membership_id\":%lld}\n", (long long)reply->membership->id);
        else
            printf(_("已派驻，任职记录 %lld，自 %s 起\n"), (long long)reply->membership->id,
                   reply->membership->start_date);
        zc_reply_free(reply);
        return 0;
    } else if (strcmp(sub, "recall") == 0 && argc == 2) {
        Zhucun__TeamRecall tr = ZHUCUN__TEAM_RECALL__INIT;
        tr.membership_id = id;
        tr.end_date = S(cli->end);
        tr.reason = S(cli->reason);
        tr.note = S(cli->note);
        req.body_case = ZHUCUN__REQUEST__BODY_TEAM_RECALL;
        req.team_recall = &tr;
        return cli_call_ok(cli, &req, _("任职已结束，记录已保留"));
    } else if (strcmp(sub, "party-leader") == 0 && argc == 3) {
        Zhucun__TeamSetPartyLeader pl = ZHUCUN__TEAM_SET_PARTY_LEADER__INIT;
        pl.team_id = id;
        pl.person_id = person;
        req.body_case = ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER;
        req.team_set_party_leader = &pl;
        return cli_call_ok(cli, &req, _("已指定党组织负责人"));
    } else {
        return cli_usage(cli);
    }
    if ((rc = cli_call(cli, &req, &reply)) != 0)
        return rc;
    print_team(cli, reply->team);
    zc_reply_free(reply);
    return 0;
}
