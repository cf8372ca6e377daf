/* cmd_household.c -- zhucun household: add, show, list, set-state. Members are checked here
 * with the server's own rules (ID check digit, enumerations) before anything is sent. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/household.h"
#include "common/rules/idcard.h"
#include "common/status.h"
#include "common/xmalloc.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static long long parse_id(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    return *s != '\0' && *end == '\0' && v > 0 ? v : -1;
}

/* Splits "name,relation,id,labour,health[,phone]" into m (fields point into a copy kept in
 * *store). Returns NULL or a message. */
static const char *parse_member(const char *spec, Zhucun__HouseholdMember *m, char **store)
{
    char *copy = xstrdup(spec);
    char *f[7] = {0};
    int n = 0;
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t != NULL && n < 7;
         t = strtok_r(NULL, ",", &save))
        f[n++] = t;
    *store = copy;
    if (n != 5 && n != 6)
        return "--member 应为 姓名,关系,身份证号,劳动能力,健康状况[,电话]";
    zhucun__household_member__init(m);
    m->name = f[0];
    m->relation = f[1];
    m->id_number = f[2];
    m->labour = f[3];
    m->health = f[4];
    m->phone = n == 6 ? f[5] : "";
    if (!rules_hh_relation_ok(m->relation))
        return "关系应为 head、spouse、child、parent、grandchild、grandparent、sibling、in_law 或 "
               "other";
    const char *problem = rules_idcard_problem(m->id_number, NULL);
    if (problem != NULL)
        return problem;
    if (!rules_hh_labour_ok(m->labour))
        return "劳动能力应为 full、partial、none 或 minor";
    if (!rules_hh_health_ok(m->health))
        return "健康状况应为 healthy、chronic、serious 或 disabled";
    return NULL;
}

static const char *category_zh(const char *c)
{
    return strcmp(c, "poverty_alleviated") == 0 ? "脱贫户"
           : strcmp(c, "monitored") == 0        ? "监测户"
           : strcmp(c, "ordinary") == 0         ? "一般户"
                                                : c;
}

static int add(struct cli *cli)
{
    if (cli->village == NULL || cli->category == NULL || cli->nmembers == 0)
        return cli_usage("zhucun household add --village CODE --category C [--absent] "
                         "[--since D] --member NAME,RELATION,ID,LABOUR,HEALTH[,PHONE]...");
    if (!rules_hh_category_ok(cli->category)) {
        fprintf(stderr, "zhucun: --category 应为 poverty_alleviated、monitored 或 ordinary\n");
        return 6;
    }
    Zhucun__HouseholdMember m[30];
    Zhucun__HouseholdMember *mp[30];
    char *stores[30] = {0};
    int rc = 0;
    for (int i = 0; i < cli->nmembers; i++) {
        const char *problem = parse_member(cli->members[i], &m[i], &stores[i]);
        mp[i] = &m[i];
        if (problem != NULL) {
            fprintf(stderr, "zhucun: 第 %d 个 --member：%s\n", i + 1, problem);
            rc = 6;
        }
    }
    if (rc == 0) {
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
        Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
        h.village_code = S(cli->village);
        h.category = S(cli->category);
        h.absent = cli->absent;
        h.since = S(cli->since);
        h.phone = S(cli->phone);
        h.address = S(cli->address);
        h.n_members = (size_t)cli->nmembers;
        h.members = mp;
        hc.household = &h;
        req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
        req.household_create = &hc;
        Zhucun__Reply *reply;
        rc = cli_call(cli, &req, &reply);
        if (rc == 0) {
            if (cli->json)
                printf("{\"id\":%lld}\n", (long long)reply->household->id);
            else
                printf("已登记农户 %lld\n", (long long)reply->household->id);
            zc_reply_free(reply);
        }
    }
    for (int i = 0; i < cli->nmembers; i++)
        free(stores[i]);
    return rc;
}

static void print_household(struct cli *cli, const Zhucun__Household *h)
{
    if (cli->json) {
        printf("{\"id\":%lld,\"village_code\":\"%s\",\"village_name\":", (long long)h->id,
               h->village_code);
        cli_json_str(h->village_name);
        printf(",\"head_name\":");
        cli_json_str(h->head_name);
        printf(",\"category\":\"%s\",\"absent\":%s,\"since\":\"%s\",\"member_count\":%u,"
               "\"ids_masked\":%s,\"members\":[",
               h->category, h->absent ? "true" : "false", h->since, h->member_count,
               h->ids_masked ? "true" : "false");
        for (size_t i = 0; i < h->n_members; i++) {
            const Zhucun__HouseholdMember *m = h->members[i];
            printf("%s{\"id\":%lld,\"name\":", i ? "," : "", (long long)m->id);
            cli_json_str(m->name);
            printf(",\"relation\":\"%s\",\"id_number\":\"%s\",\"birth_date\":\"%s\","
                   "\"labour\":\"%s\",\"health\":\"%s\",\"left_on\":\"%s\"}",
                   m->relation, m->id_number, m->birth_date, m->labour, m->health, m->left_on);
        }
        printf("],\"history\":[");
        for (size_t i = 0; i < h->n_history; i++)
            printf("%s{\"valid_from\":\"%s\",\"category\":\"%s\",\"absent\":%s}", i ? "," : "",
                   h->history[i]->valid_from, h->history[i]->category,
                   h->history[i]->absent ? "true" : "false");
        printf("]}\n");
        return;
    }
    printf("农户 %lld  户主 %s  %s %s\n类别 %s%s  登记于 %s  成员 %u 人%s\n", (long long)h->id,
           h->head_name, h->village_code, h->village_name, category_zh(h->category),
           h->absent ? "（不在村）" : "", h->since, h->member_count,
           h->ids_masked ? "（身份证号已脱敏）" : "");
    for (size_t i = 0; i < h->n_members; i++) {
        const Zhucun__HouseholdMember *m = h->members[i];
        printf("  %-8s %-10s %s  %s  %s %s%s%s\n", m->name, m->relation, m->id_number,
               m->birth_date, m->labour, m->health, m->left_on[0] ? "  迁出 " : "", m->left_on);
    }
    for (size_t i = 0; i < h->n_history; i++)
        printf("  自 %s 起：%s%s%s%s\n", h->history[i]->valid_from,
               category_zh(h->history[i]->category), h->history[i]->absent ? "，不在村" : "",
               h->history[i]->note[0] ? "  " : "", h->history[i]->note);
}

int cmd_household(struct cli *cli, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Reply *reply;
    int rc;
    if (strcmp(sub, "add") == 0 && argc == 1)
        return add(cli);
    if (strcmp(sub, "show") == 0 && argc == 2 && parse_id(argv[1]) > 0) {
        Zhucun__HouseholdShow hs = ZHUCUN__HOUSEHOLD_SHOW__INIT;
        hs.id = parse_id(argv[1]);
        req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW;
        req.household_show = &hs;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        print_household(cli, reply->household);
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "list") == 0 && argc == 1 && !(cli->absent && cli->present)) {
        Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
        hl.village_code = S(cli->village);
        hl.category = S(cli->category);
        hl.presence = cli->present ? 1 : cli->absent ? 2 : 0;
        hl.query = S(cli->search);
        hl.limit = 2000;
        req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST;
        req.household_list = &hl;
        if ((rc = cli_call(cli, &req, &reply)) != 0)
            return rc;
        const Zhucun__HouseholdListReply *l = reply->household_list;
        if (cli->json)
            printf("{\"households\":[");
        for (size_t i = 0; i < l->n_households; i++) {
            const Zhucun__Household *h = l->households[i];
            if (cli->json) {
                printf("%s{\"id\":%lld,\"village_code\":\"%s\",\"head_name\":", i ? "," : "",
                       (long long)h->id, h->village_code);
                cli_json_str(h->head_name);
                printf(",\"category\":\"%s\",\"absent\":%s,\"member_count\":%u}", h->category,
                       h->absent ? "true" : "false", h->member_count);
            } else {
                printf("%-8lld %s %-10s %-6s%s  %u 人\n", (long long)h->id, h->village_code,
                       h->head_name, category_zh(h->category), h->absent ? " 不在村" : "",
                       h->member_count);
            }
        }
        if (cli->json)
            printf("],\"truncated\":%s}\n", l->truncated ? "true" : "false");
        else if (l->truncated)
            printf("……（只列出前 %zu 户）\n", l->n_households);
        zc_reply_free(reply);
        return 0;
    }
    if (strcmp(sub, "set-state") == 0 && argc == 2 && parse_id(argv[1]) > 0 && cli->category) {
        Zhucun__HouseholdSetState ss = ZHUCUN__HOUSEHOLD_SET_STATE__INIT;
        ss.id = parse_id(argv[1]);
        ss.category = S(cli->category);
        ss.absent = cli->absent;
        ss.valid_from = S(cli->from);
        ss.note = S(cli->note);
        req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE;
        req.household_set_state = &ss;
        return cli_call_ok(cli, &req, "已记录");
    }
    return cli_usage("zhucun household add|show|list|set-state ... (zhucun --help)");
}
