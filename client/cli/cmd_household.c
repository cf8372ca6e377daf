/* cmd_household.c -- zhucun household: add, show, list, set-state, import, edit, member add
 * and leave. Members and import files are checked here with the server's own rules (ID check
 * digit, enumerations, one head) before anything is sent. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/hhcsv.h"
#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/household.h"
#include "common/rules/idcard.h"
#include "common/status.h"
#include "common/xmalloc.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

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
        return _("--member 应为 姓名,关系,身份证号,劳动能力,健康状况[,电话]");
    zhucun__household_member__init(m);
    m->name = f[0];
    m->relation = f[1];
    m->id_number = f[2];
    m->labour = f[3];
    m->health = f[4];
    m->phone = n == 6 ? f[5] : "";
    const char *field;
    return rules_hh_member_problem(m->name, m->relation, m->id_number, m->labour, m->health,
                                   m->phone, NULL, NULL, &field);
}

static const char *leave_zh(const char *reason)
{
    return strcmp(reason, "moved_out") == 0     ? _("迁出")
           : strcmp(reason, "deceased") == 0    ? _("去世")
           : strcmp(reason, "married_out") == 0 ? _("婚出")
           : reason[0] != '\0'                  ? reason
                                                : _("离开");
}

/* --phone and --address checked as the server checks them: 0, or 6 after saying why. */
static int check_phone_address(const struct cli *cli)
{
    if (cli->phone != NULL && !rules_hh_phone_ok(cli->phone)) {
        fprintf(stderr, _("zhucun: --phone 只能包含数字、空格、+ 和 -（最多 20 个字符）\n"));
        return 6;
    }
    if (cli->address != NULL && rules_hh_address_problem(cli->address) != NULL) {
        long chars = rules_utf8_chars(cli->address);
        if (chars < 0)
            fprintf(stderr, _("zhucun: --address 不是有效的 UTF-8 文本\n"));
        else
            fprintf(stderr, _("zhucun: --address 过长：最多 %d 个字符，现有 %ld 个\n"),
                    HOUSEHOLD_ADDRESS_MAX, chars);
        return 6;
    }
    return 0;
}

static void added_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已登记农户 %lld\n"), (long long)reply->household->id);
}

static int add(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->village == NULL || cli->category == NULL || cli->nmembers == 0)
        return cli_usage(cli);
    if (!rules_hh_category_ok(cli->category)) {
        fprintf(stderr, _("zhucun: --category 应为 poverty_alleviated、monitored 或 ordinary\n"));
        return 6;
    }
    if (check_phone_address(cli) != 0)
        return 6;
    Zhucun__HouseholdMember m[30];
    Zhucun__HouseholdMember *mp[30];
    char *stores[30] = {0};
    int rc = 0;
    for (int i = 0; i < cli->nmembers; i++) {
        const char *problem = parse_member(cli->members[i], &m[i], &stores[i]);
        mp[i] = &m[i];
        if (problem != NULL) {
            fprintf(stderr, _("zhucun: 第 %d 个 --member：%s\n"), i + 1, problem);
            rc = 6;
        }
    }
    if (rc == 0) {
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
        rc = cli_call_show(cli, &hc.base, added_text);
    }
    for (int i = 0; i < cli->nmembers; i++)
        free(stores[i]);
    return rc;
}

static void household_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    const Zhucun__Household *h = reply->household;
    (void)cli;
    printf(_("农户 %lld  户主 %s  %s %s\n类别 %s%s  登记于 %s  成员 %u 人%s\n"), (long long)h->id,
           h->head_name, h->village_code, h->village_name, cli_category_zh(h->category),
           h->absent ? _("（不在村）") : "", h->since, h->member_count,
           h->ids_masked ? _("（身份证号已脱敏）") : "");
    for (size_t i = 0; i < h->n_members; i++) {
        const Zhucun__HouseholdMember *m = h->members[i];
        printf("  %-6lld %-8s %-10s %s  %s  %s %s", (long long)m->id, m->name,
               cli_relation_zh(m->relation), m->id_number, m->birth_date, m->labour, m->health);
        if (m->left_on[0] != '\0') /* only a member who left has a reason and a day */
            printf("  %s %s", leave_zh(m->left_reason), m->left_on);
        printf("\n");
    }
    for (size_t i = 0; i < h->n_history; i++)
        printf(_("  自 %s 起：%s%s%s%s\n"), h->history[i]->valid_from,
               cli_category_zh(h->history[i]->category), h->history[i]->absent ? _("，不在村") : "",
               h->history[i]->note[0] ? "  " : "", h->history[i]->note);
}

static void print_csv_problem(void *arg, int line, const char *column, const char *message)
{
    int *n = arg;
    (*n)++;
    if (column != NULL)
        fprintf(stderr, _("zhucun: 第 %d 行 %s：%s\n"), line, column, message);
    else
        fprintf(stderr, _("zhucun: 第 %d 行：%s\n"), line, message);
}

/* The file is checked here first with the server's reader (every bad line printed, nothing
 * sent); the server then checks it again, with the database and the caller's scope. */
static int import(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    size_t len;
    int rc;
    char *text = cli_read_import(argv[0], &len, &rc);
    if (text == NULL)
        return rc;
    char day[11], err[256];
    rules_date_format(zc_clock_today(), day);
    struct hhcsv f;
    int problems = 0;
    rc = hhcsv_read(text, len, day, &f, print_csv_problem, &problems, err, sizeof(err));
    size_t lines = f.nmembers; /* one member a line */
    hhcsv_free(&f);
    if (rc != 0) {
        if (rc < 0)
            fprintf(stderr, "zhucun: %s\n", err);
        else
            fprintf(stderr, _("zhucun: 导入文件有 %d 处错误，未导入任何记录\n"), problems);
        free(text);
        return 6;
    }
    Zhucun__HouseholdImport im = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    im.csv = text;
    /* One key for this file: when the connection drops before the reply, the one retry
     * cannot import it twice. */
    Zhucun__Reply *reply = NULL;
    struct zc_error zerr = {0};
    rc = cli_request_import(cli, &im.base, lines, &reply, &zerr); /* with its progress */
    free(text);
    if (rc != 0)
        return cli_fail_lines(reply, &zerr); /* every bad line, then the summary */
    if (cli->json)
        cli_json(&reply->household_import->base);
    else
        printf(_("已导入 %u 户，%u 名成员\n"), reply->household_import->households,
               reply->household_import->members);
    zc_reply_free(reply);
    return 0;
}

static int edit(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1 || (cli->phone == NULL && cli->address == NULL))
        return cli_usage(cli);
    if (cli_id(_("农户编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (check_phone_address(cli) != 0)
        return 6;
    Zhucun__HouseholdUpdate up = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    up.id = id;
    up.set_phone = cli->phone != NULL;
    up.phone = S(cli->phone);
    up.set_address = cli->address != NULL;
    up.address = S(cli->address);
    return cli_call_ok(cli, &up.base, _("已修改"));
}

static void member_added_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已添加成员 %lld\n"), (long long)reply->household_member->id);
}

/* household member add ID --member SPEC */
static int member_add(struct cli *cli, int argc, char **argv)
{
    long long household = 0;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->nmembers != 1)
        return cli_usage(cli);
    Zhucun__HouseholdMember m;
    char *store = NULL;
    const char *problem = parse_member(cli->members[0], &m, &store);
    if (problem == NULL && strcmp(m.relation, "head") == 0)
        problem = _("新成员不能是户主：更换户主在原户主离开时用 --new-head 指定");
    if (problem != NULL) {
        fprintf(stderr, _("zhucun: --member：%s\n"), problem);
        free(store);
        return 6;
    }
    Zhucun__HouseholdMemberAdd ma = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    ma.household_id = household;
    ma.member = &m;
    int rc = cli_call_show(cli, &ma.base, member_added_text);
    free(store);
    return rc;
}

/* household member leave ID MEMBER_ID --on DAY --reason R [--new-head MEMBER_ID] */
static int member_leave(struct cli *cli, int argc, char **argv)
{
    long long household = 0, member_id = 0;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &household) != 0)
        return EXIT_USAGE;
    if (argc >= 2 && cli_id(_("成员编号"), argv[1], &member_id) != 0)
        return EXIT_USAGE;
    if (argc != 2 || cli->on == NULL || cli->reason == NULL)
        return cli_usage(cli);
    int y, mo, d;
    if (rules_date_parse(cli->on, &y, &mo, &d) != 0) {
        fprintf(stderr, _("zhucun: --on 应为 YYYY-MM-DD\n"));
        return 6;
    }
    if (!rules_hh_leave_reason_ok(cli->reason)) {
        fprintf(stderr, _("zhucun: --reason 应为 moved_out（迁出）、deceased（去世）或 "
                          "married_out（婚出）\n"));
        return 6;
    }
    Zhucun__HouseholdMemberLeave ml = ZHUCUN__HOUSEHOLD_MEMBER_LEAVE__INIT;
    ml.household_id = household;
    ml.member_id = member_id;
    ml.left_on = (char *)cli->on;
    ml.reason = (char *)cli->reason;
    ml.new_head_id = cli->new_head;
    return cli_call_ok(cli, &ml.base, _("已记录成员离开"));
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("农户编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__HouseholdShow hs = ZHUCUN__HOUSEHOLD_SHOW__INIT;
    hs.id = id;
    return cli_call_show(cli, &hs.base, household_text);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__HouseholdListReply *l = reply->household_list;
    for (size_t i = 0; i < l->n_households; i++) {
        const Zhucun__Household *h = l->households[i];
        printf(_("%-8lld %s %-10s %-6s%s  %u 人\n"), (long long)h->id, h->village_code,
               h->head_name, cli_category_zh(h->category), h->absent ? _(" 不在村") : "",
               h->member_count);
    }
    if (l->truncated)
        printf(_("……（只列出前 %zu 户）\n"), l->n_households);
}

static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || (cli->absent && cli->present))
        return cli_usage(cli);
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = S(cli->village);
    hl.category = S(cli->category);
    hl.presence = cli->present ? 1 : cli->absent ? 2 : 0;
    /* --search takes a name or a full ID number (found by its hash, audited) */
    char id[IDCARD_LEN + 1];
    if (rules_idcard_search(S(cli->search), id))
        hl.id_number = id;
    else
        hl.query = S(cli->search);
    hl.limit = 2000;
    return cli_call_show(cli, &hl.base, list_text);
}

static int set_state(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("农户编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || cli->category == NULL)
        return cli_usage(cli);
    Zhucun__HouseholdSetState ss = ZHUCUN__HOUSEHOLD_SET_STATE__INIT;
    ss.id = id;
    ss.category = S(cli->category);
    ss.absent = cli->absent;
    ss.valid_from = S(cli->from);
    ss.note = S(cli->note);
    return cli_call_ok(cli, &ss.base, _("已记录"));
}

static const struct option add_options[] = {O_VILLAGE, O_CATEGORY, O_ABSENT, O_SINCE,
                                            O_PHONE,   O_ADDRESS,  O_MEMBER, OPT_END_};
static const struct option list_options[] = {O_VILLAGE, O_CATEGORY, O_ABSENT,
                                             O_PRESENT, O_SEARCH,   OPT_END_};
static const struct option set_state_options[] = {O_CATEGORY, O_ABSENT, O_FROM, O_NOTE, OPT_END_};
static const struct option edit_options[] = {O_PHONE, O_ADDRESS, OPT_END_};
static const struct option member_add_options[] = {O_MEMBER, OPT_END_};
static const struct option member_leave_options[] = {O_ON, O_REASON, O_NEW_HEAD, OPT_END_};

const struct cli_command cli_household_commands[] = {
    {"household", "add", add, add_options,
     N_("zhucun household add --village 代码 --category 类别 [--absent] [--since 日期]\n"
        "    [--phone 电话] [--address 地址] --member 姓名,关系,身份证号,劳动能力,健康状况[,电话]"
        "...\n"),
     "HouseholdCreate"},
    {"household", "show", show, NULL, N_("zhucun household show 农户编号\n"), "HouseholdShow"},
    {"household", "list", list, list_options,
     N_("zhucun household list [--village 代码] [--category 类别] [--absent|--present]\n"
        "    [--search 姓名或身份证号]\n"),
     "HouseholdList"},
    {"household", "set-state", set_state, set_state_options,
     N_("zhucun household set-state 农户编号 --category 类别 [--absent] [--from 日期]\n"
        "    [--note 说明]\n"),
     "HouseholdSetState"},
    {"household", "import", import, NULL,
     N_("zhucun household import 文件|-\n"
        "    CSV，每名成员一行（docs/household-import.md）；指出每一处错误\n"),
     "HouseholdImport"},
    {"household", "edit", edit, edit_options,
     N_("zhucun household edit 农户编号 [--phone 电话] [--address 地址]\n"), "HouseholdUpdate"},
    {"household", "member add", member_add, member_add_options,
     N_("zhucun household member add 农户编号 --member "
        "姓名,关系,身份证号,劳动能力,健康状况[,电话]\n"),
     "HouseholdMemberAdd"},
    {"household", "member leave", member_leave, member_leave_options,
     N_("zhucun household member leave 农户编号 成员编号 --on 日期\n"
        "    --reason moved_out|deceased|married_out [--new-head 成员编号]\n"),
     "HouseholdMemberLeave"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
