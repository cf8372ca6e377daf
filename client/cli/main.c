/* main.c -- zhucun, the command-line client: every operation from a shell, for people and for
 * scheduled batch jobs. Exit codes follow the reply status (see common/status.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "common/clock.h"
#include "common/config.h"
#include "common/i18n.h"
#include "common/rules/account.h"
#include "common/rules/org.h"
#include "common/status.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "session_file.h"
#include "cli.h"
#include "zhucun_client.h"

/* Every command: its name, the function that runs it and its usage, the one text that
 * `zhucun --help`, `zhucun COMMAND --help` and a usage error of the command print. */
struct command {
    const char *name;
    int (*fn)(struct cli *, int, char **);
    const char *usage; /* N_(): looked up when printed */
};

#define DECIDE_USAGE                                                                                \
    N_("zhucun approve|reject|return 待办编号 [--reason 理由] [--channel wechat|sms|phone]\n" \
       "    同意、驳回或退回修改待办事项（驳回和退回须写理由；--channel：决定经何种渠道传达）\n")

static const struct command commands[] = {
    {"login", cmd_login,
     N_("zhucun login 用户名 [--password-stdin | --cert-login]\n"
        "    登录并在本机保存会话；--password-stdin 从标准输入读密码，--cert-login\n"
        "    供批处理账号凭客户端证书登录\n")},
    {"logout", cmd_logout, N_("zhucun logout\n    退出登录\n")},
    {"whoami", cmd_whoami, N_("zhucun whoami\n    当前会话的账号、角色和管辖范围\n")},
    {"passwd", cmd_passwd,
     N_("zhucun passwd [--password-stdin]\n"
        "    修改密码；--password-stdin：标准输入第一行为旧密码，第二行为新密码\n")},
    {"ping", cmd_ping,
     N_("zhucun ping [--count 次数] [--pipeline 并发数]\n"
        "    测量与服务器的往返时间（最小值、中位数、p99）\n")},
    {"org", cmd_org,
     N_("zhucun org show 代码                 一个区划单位\n"
        "zhucun org children 代码             直接下级\n"
        "zhucun org tree [代码] [--depth 0..4]\n"
        "    下级树（默认：您的管辖范围，两级）\n"
        "zhucun org search 文字 [--under 代码]\n"
        "    名称包含该文字的单位\n"
        "zhucun org create 代码 名称 [--lat 纬度 --lon 经度] [--geofence 米] [--tag 标签]...\n"
        "zhucun org rename 代码 名称\n"
        "zhucun org set 代码 [--lat 纬度 --lon 经度] [--geofence 米] [--tag 标签]... [--no-tags]\n"
        "zhucun org import 文件|-\n"
        "    CSV：code,name,level[,lat,lon]\n")},
    {"unit", cmd_unit,
     N_("zhucun unit list [--org 代码] [--level 层级]\n"
        "zhucun unit show 单位编号\n"
        "zhucun unit create 名称 --level central|province|city|county --org 代码\n"
        "    [--leader 分管领导] [--office 经办处室]\n"
        "zhucun unit update 单位编号 [--name 名称] [--leader 分管领导] [--office 经办处室]\n"
        "    派出单位：列出、查看、建立、修改\n")},
    {"user", cmd_user,
     N_("zhucun user add 用户名 --name 姓名 --org 代码 --role 角色 [--scope 代码]\n"
        "    [--phone 电话] [--party] [--unit 单位编号]\n"
        "    建立账号并显示初始密码\n"
        "zhucun user show|disable|enable|reset-password 用户名\n"
        "zhucun user grant|revoke 用户名 --role 角色 --scope 代码 [--unit 单位编号]\n")},
    {"team", cmd_team,
     N_("zhucun team show 工作队编号\n"
        "zhucun team show --org 代码 [--kind village|township]\n"
        "zhucun team members 工作队编号 [--history]\n"
        "zhucun team create 名称 --kind village|township --org 代码\n"
        "zhucun team assign 工作队编号 人员编号 --post first_secretary|captain|member\n"
        "    [--unit 单位编号] [--start 日期]\n"
        "zhucun team recall 任职编号 --note 说明 [--reason recall|rotation|term_end|other]\n"
        "    [--end 日期]\n"
        "zhucun team party-leader 工作队编号 人员编号\n")},
    {"household", cmd_household,
     N_("zhucun household add --village 代码 --category 类别 [--absent] [--since 日期]\n"
        "    [--phone 电话] [--address 地址] --member "
        "姓名,关系,身份证号,劳动能力,健康状况[,电话]...\n"
        "zhucun household show 农户编号\n"
        "zhucun household list [--village 代码] [--category 类别] [--absent|--present]\n"
        "    [--search 姓名]\n"
        "zhucun household set-state 农户编号 --category 类别 [--absent] [--from 日期]\n"
        "    [--note 说明]\n"
        "zhucun household import 文件|-\n"
        "    CSV，每名成员一行（docs/household-import.md）；指出每一处错误\n"
        "zhucun household edit 农户编号 [--phone 电话] [--address 地址]\n"
        "zhucun household member add 农户编号 --member "
        "姓名,关系,身份证号,劳动能力,健康状况[,电话]\n"
        "zhucun household member leave 农户编号 成员编号 --on 日期\n"
        "    --reason moved_out|deceased|married_out [--new-head 成员编号]\n")},
    {"visits", cmd_visits,
     N_("zhucun visits add --household 农户编号 | --village 代码  --date 日期\n"
        "    --mode in_person|phone --cadre 人员编号... [--note 说明]\n"
        "    [--problem '问题;责任人编号;办理期限[;urgent]']...\n"
        "zhucun visits due [--as-of 日期]\n"
        "    您所驻村尚未完成的走访任务\n")},
    {"items", cmd_items,
     N_("zhucun items [--person 人员编号] [--team 工作队编号] [--org 代码] [--status 状态|all]\n"
        "    跟进事项，逾期和紧急的在前\n"
        "zhucun items update 事项编号 --status open|in_progress|resolved [--note 说明]\n")},
    {"report", cmd_report,
     N_("zhucun report visits --org 代码 --period YYYY-MM [--by org|team|cadre|household]\n"
        "    [--unmet] [--after 编号] [--limit 行数] [--xlsx 文件]\n"
        "    走访考核：应走访、已完成、逾期\n")},
    {"checkin", cmd_checkin,
     N_("zhucun checkin --lat 纬度 --lon 经度 --accuracy 米 [--device 设备编号] [--mock]\n"
        "    在所在位置打卡（显示是否有效）\n")},
    {"attendance", cmd_attendance,
     N_("zhucun attendance week [--cadre 人员编号] [--week 2026-W48]\n"
        "    一周的五天四夜\n"
        "zhucun attendance report --org 代码 [--week 周] [--short] [--limit 人数] [--xlsx 文件]\n"
        "    按单位统计五天四夜，列出未达标的队员\n"
        "zhucun attendance business --cadre 人员编号 --date 日期 --note 说明\n"
        "    登记一天公务\n")},
    {"queue", cmd_queue,
     N_("zhucun queue [--follow]\n"
        "    待您审批的事项，最早的在前；--follow 持续显示新到的事项\n")},
    {"approve", cmd_approve, DECIDE_USAGE},
    {"reject", cmd_reject, DECIDE_USAGE},
    {"return", cmd_return, DECIDE_USAGE},
    {"leave", cmd_leave,
     N_("zhucun leave request --start 日期 --end 日期 --reason 事由\n"
        "    [--person 人员编号 --channel wechat|sms|phone|paper]\n"
        "    请假；乡镇或县办代队员登记时须用 --person 指明队员、用 --channel "
        "说明申请经何种渠道提出\n"
        "zhucun leave list [--person 人员编号] [--status 状态]\n"
        "zhucun leave show 请假编号\n"
        "zhucun leave cancel 请假编号\n"
        "zhucun leave return 请假编号 --date 日期\n"
        "    销假：--date 为返岗的日期\n"
        "zhucun leave resubmit 请假编号 --start 日期 --end 日期 --reason 事由\n")},
    {"delegate", cmd_delegate,
     N_("zhucun delegate create --to 用户名 --role 角色 --scope 代码 --start 日期 --end 日期\n"
        "zhucun delegate list\n"
        "zhucun delegate revoke 委托编号\n"
        "    委托他人代为审批\n")},
    {"export", cmd_export,
     N_("zhucun export 类型 [--scope 代码] --state 文件 [--format csv|jsonl] [--out 文件]\n"
        "    [--limit 行数]\n"
        "    导出上次运行以来变化的记录（docs/export.md）\n")},
    {"audit", cmd_audit,
     N_("zhucun audit verify [--from 时间] [--batch 行数]\n"
        "    校验审计哈希链（各级办公室）；断裂时退出码为 7，并指出第一处断裂\n")},
};

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Without a command: the commands' names and how to ask for more. */
static void usage_short(FILE *f)
{
    fprintf(f, _("用法：zhucun [全局选项] 命令 [参数]\n命令："));
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        fprintf(f, "%s%s", i ? " " : "", commands[i].name);
    fprintf(f, _("\n运行 zhucun --help 查看全部用法，zhucun 命令 --help 查看一个命令的用法\n"));
}

static void usage_full(FILE *f)
{
    fprintf(f, _("用法：zhucun [全局选项] 命令 [参数]\n\n"));
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        if (i == 0 || commands[i].usage != commands[i - 1].usage)
            fprintf(f, "%s", _(commands[i].usage));
    fprintf(
        f, "%s",
        _("\n全局选项：\n"
          "  --config 文件      客户端配置（ZHUCUN_CONFIG；默认 ~/.config/zhucun/client.conf）\n"
          "  --server 主机:端口 服务器地址（ZHUCUN_SERVER）\n"
          "  --ca 文件          签发服务器证书的 CA（ZHUCUN_CA）\n"
          "  --session 文件     会话令牌的保存位置（ZHUCUN_SESSION）\n"
          "  --json             机器可读的输出：一个 JSON 对象（docs/cli.md）\n"
          "  --help             用法；放在命令之后只显示该命令的用法\n"
          "\n"
          "退出码：0 成功，1 其他错误，2 用法错误，3 未登录，4 无权限，5 不存在，6 参数无效，\n"
          "7 不满足前提条件，8 已存在，9 资源不足，10 服务不可用或无法连接\n"
          "语言：中文；LANGUAGE=en 时为英文\n"));
}
static int load_config(struct cli *cli, const char *server, const char *ca, const char *session)
{
    char err[1024];
    client_config_defaults(&cli->cfg);
    const char *path = cli->config_path ? cli->config_path : getenv("ZHUCUN_CONFIG");
    char *fallback = NULL;
    if (path == NULL) {
        const char *home = getenv("HOME");
        if (home != NULL) {
            fallback = xasprintf("%s/.config/zhucun/client.conf", home);
            struct stat st;
            if (stat(fallback, &st) == 0)
                path = fallback;
        }
    }
    if (path != NULL && client_config_load(&cli->cfg, path, err, sizeof(err)) != 0) {
        fprintf(stderr, _("zhucun: 配置文件有误：%s\n"), err);
        free(fallback);
        client_config_free(&cli->cfg);
        return -1;
    }
    free(fallback);
    const char *env;
    if ((env = getenv("ZHUCUN_SERVER")) != NULL && env[0]) {
        free(cli->cfg.server);
        cli->cfg.server = xstrdup(env);
    }
    if ((env = getenv("ZHUCUN_CA")) != NULL && env[0]) {
        free(cli->cfg.ca);
        cli->cfg.ca = xstrdup(env);
    }
    if ((env = getenv("ZHUCUN_SESSION")) != NULL && env[0]) {
        free(cli->cfg.session);
        cli->cfg.session = xstrdup(env);
    }
    if (server != NULL) {
        free(cli->cfg.server);
        cli->cfg.server = xstrdup(server);
    }
    if (ca != NULL) {
        free(cli->cfg.ca);
        cli->cfg.ca = xstrdup(ca);
    }
    if (session != NULL) {
        free(cli->cfg.session);
        cli->cfg.session = xstrdup(session);
    }
    return 0;
}

/* Says what is wrong with the option getopt_long refused (it is told to stay quiet). */
static void bad_option(int c, int argc, char **argv)
{
    static const char *told; /* "-12" is refused twice, once for each digit: say it once */
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (c == ':') {
        fprintf(stderr, _("zhucun: 选项 %s 需要一个值\n"), arg);
    } else if (optopt >= '0' && optopt <= '9') {
        /* "org show -1": a negative number, not an option. getopt is still inside the
         * argument, or has just moved past it. */
        if (optind < argc && argv[optind][0] == '-' && argv[optind][1] == optopt)
            arg = argv[optind];
        if (arg != told)
            fprintf(stderr, _("zhucun: 参数 %s 无效：编号、代码和数量都不能为负数\n"), arg);
        told = arg;
    } else if (optopt != 0) {
        fprintf(stderr, _("zhucun: 未知选项 -%c\n"), optopt);
    } else {
        fprintf(stderr, _("zhucun: 未知选项 %s\n"), arg);
    }
}

/* Stores a repeated option's value in list (of max) or says there are too many. */
static int add_to(const char **list, int *n, int max, const char *name, const char *value)
{
    if (*n == max) {
        fprintf(stderr, _("zhucun: %s 最多 %d 个\n"), name, max);
        return EXIT_USAGE;
    }
    list[(*n)++] = value;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'a'},
        {"session", required_argument, NULL, 'S'},
        {"json", no_argument, NULL, 'j'},
        {"password-stdin", no_argument, NULL, 'P'},
        {"count", required_argument, NULL, 'n'},
        {"pipeline", required_argument, NULL, 'k'},
        {"depth", required_argument, NULL, 'D'},
        {"under", required_argument, NULL, 'U'},
        {"lat", required_argument, NULL, 'y'},
        {"lon", required_argument, NULL, 'x'},
        {"geofence", required_argument, NULL, 'g'},
        {"tag", required_argument, NULL, 't'},
        {"no-tags", no_argument, NULL, 'T'},
        {"name", required_argument, NULL, 1000},
        {"level", required_argument, NULL, 1001},
        {"org", required_argument, NULL, 1002},
        {"leader", required_argument, NULL, 1003},
        {"office", required_argument, NULL, 1004},
        {"phone", required_argument, NULL, 1005},
        {"role", required_argument, NULL, 1006},
        {"scope", required_argument, NULL, 1007},
        {"kind", required_argument, NULL, 1008},
        {"post", required_argument, NULL, 1009},
        {"start", required_argument, NULL, 1010},
        {"end", required_argument, NULL, 1011},
        {"reason", required_argument, NULL, 1012},
        {"note", required_argument, NULL, 1013},
        {"unit", required_argument, NULL, 1014},
        {"party", no_argument, NULL, 1015},
        {"history", no_argument, NULL, 1016},
        {"village", required_argument, NULL, 1017},
        {"since", required_argument, NULL, 1018},
        {"category", required_argument, NULL, 1019},
        {"from", required_argument, NULL, 1020},
        {"search", required_argument, NULL, 1021},
        {"address", required_argument, NULL, 1022},
        {"absent", no_argument, NULL, 1023},
        {"present", no_argument, NULL, 1024},
        {"member", required_argument, NULL, 1025},
        {"household", required_argument, NULL, 1026},
        {"date", required_argument, NULL, 1027},
        {"mode", required_argument, NULL, 1028},
        {"cadre", required_argument, NULL, 1029},
        {"problem", required_argument, NULL, 1030},
        {"as-of", required_argument, NULL, 1031},
        {"person", required_argument, NULL, 1032},
        {"team", required_argument, NULL, 1033},
        {"status", required_argument, NULL, 1034},
        {"on", required_argument, NULL, 1740},
        {"new-head", required_argument, NULL, 1741},
        {"follow", no_argument, NULL, 1850},
        {"channel", required_argument, NULL, 1851},
        {"to", required_argument, NULL, 1852},
        {"format", required_argument, NULL, 1853},
        {"state", required_argument, NULL, 1854},
        {"out", required_argument, NULL, 1855},
        {"cert-login", no_argument, NULL, 1856},
        {"period", required_argument, NULL, 1840},
        {"by", required_argument, NULL, 1841},
        {"unmet", no_argument, NULL, 1842},
        {"xlsx", required_argument, NULL, 1843},
        {"after", required_argument, NULL, 1844},
        {"limit", required_argument, NULL, 1845},
        {"accuracy", required_argument, NULL, 1900},
        {"device", required_argument, NULL, 1901},
        {"mock", no_argument, NULL, 1902},
        {"week", required_argument, NULL, 1903},
        {"short", no_argument, NULL, 1904},
        {"batch", required_argument, NULL, 1960},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    i18n_init(CLI_DOMAIN, NULL, ZHUCUN_LOCALEDIR, "ZHUCUN_LOCALEDIR");
    struct cli cli = {.count = 5, .pipeline = 1, .depth = 2};
    const char *server = NULL, *ca = NULL, *session = NULL;
    int c, help = 0, bad = 0;
    /* A test build runs on the harness's pinned clock (docs/clock.md). */
    if (zc_clock_from_env() != 0)
        return 2;
    opterr = 0; /* bad_option says what is wrong, in the user's language */
    /* A bad option does not stop the scan: the command, found after it, says its usage. */
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        int rc = 0;
        long long id;
        switch (c) {
        case 'c':
            cli.config_path = optarg;
            break;
        case 's':
            server = optarg;
            break;
        case 'a':
            ca = optarg;
            break;
        case 'S':
            session = optarg;
            break;
        case 'j':
            cli.json = 1;
            break;
        case 'P':
            cli.password_stdin = 1;
            break;
        case 'n':
            rc = cli_int("--count", optarg, 1, PING_MAX_COUNT, &cli.count);
            break;
        case 'k':
            rc = cli_int("--pipeline", optarg, 1, PING_MAX_PIPELINE, &cli.pipeline);
            break;
        case 'D':
            rc = cli_int("--depth", optarg, 0, 4, &cli.depth);
            break;
        case 'U':
            cli.under = optarg;
            break;
        case 'y':
            rc = cli_real("--lat", optarg, -90, 90, &cli.lat);
            cli.has_lat = 1;
            break;
        case 'x':
            rc = cli_real("--lon", optarg, -180, 180, &cli.lon);
            cli.has_lon = 1;
            break;
        case 'g':
            rc = cli_int("--geofence", optarg, GEOFENCE_MIN_M, GEOFENCE_MAX_M, &cli.geofence);
            break;
        case 't':
            rc = add_to(cli.tags, &cli.ntags, CLI_MAX_TAGS, "--tag", optarg);
            cli.set_tags = 1;
            break;
        case 'T':
            cli.set_tags = 1;
            break;
        case 1000:
            cli.name = optarg;
            break;
        case 1001:
            cli.level = optarg;
            break;
        case 1002:
            cli.org = optarg;
            break;
        case 1003:
            cli.leader = optarg;
            break;
        case 1004:
            cli.office = optarg;
            break;
        case 1005:
            cli.phone = optarg;
            break;
        case 1006:
            cli.role = optarg;
            break;
        case 1007:
            cli.scope = optarg;
            break;
        case 1008:
            cli.kind = optarg;
            break;
        case 1009:
            cli.post = optarg;
            break;
        case 1010:
            cli.start = optarg;
            break;
        case 1011:
            cli.end = optarg;
            break;
        case 1012:
            cli.reason = optarg;
            break;
        case 1013:
            cli.note = optarg;
            break;
        case 1014:
            rc = cli_id("--unit", optarg, &cli.unit);
            break;
        case 1015:
            cli.party = 1;
            break;
        case 1016:
            cli.history = 1;
            break;
        case 1017:
            cli.village = optarg;
            break;
        case 1018:
            cli.since = optarg;
            break;
        case 1019:
            cli.category = optarg;
            break;
        case 1020:
            cli.from = optarg;
            break;
        case 1021:
            cli.search = optarg;
            break;
        case 1022:
            cli.address = optarg;
            break;
        case 1023:
            cli.absent = 1;
            break;
        case 1024:
            cli.present = 1;
            break;
        case 1025:
            rc = add_to(cli.members, &cli.nmembers, CLI_MAX_MEMBERS, "--member", optarg);
            break;
        case 1026:
            rc = cli_id("--household", optarg, &cli.household);
            break;
        case 1027:
            cli.date = optarg;
            break;
        case 1028:
            cli.mode = optarg;
            break;
        case 1029:
            if ((rc = cli_id("--cadre", optarg, &id)) != 0)
                break;
            if (cli.ncadres == CLI_MAX_CADRES) {
                fprintf(stderr, _("zhucun: %s 最多 %d 个\n"), "--cadre", CLI_MAX_CADRES);
                rc = EXIT_USAGE;
                break;
            }
            cli.cadres[cli.ncadres++] = id;
            break;
        case 1030:
            rc = add_to(cli.problems, &cli.nproblems, CLI_MAX_PROBLEMS, "--problem", optarg);
            break;
        case 1031:
            cli.as_of = optarg;
            break;
        case 1032:
            rc = cli_id("--person", optarg, &cli.person);
            break;
        case 1033:
            rc = cli_id("--team", optarg, &cli.team);
            break;
        case 1840:
            cli.period = optarg;
            break;
        case 1850:
            cli.follow = 1;
            break;
        case 1851:
            cli.channel = optarg;
            break;
        case 1852:
            cli.to = optarg;
            break;
        case 1853:
            cli.format = optarg;
            break;
        case 1854:
            cli.state = optarg;
            break;
        case 1855:
            cli.out = optarg;
            break;
        case 1856:
            cli.cert_login = 1;
            break;
        case 1841:
            cli.by = optarg;
            break;
        case 1842:
            cli.unmet = 1;
            break;
        case 1843:
            cli.xlsx = optarg;
            break;
        case 1844:
            rc = cli_id("--after", optarg, &cli.after);
            break;
        case 1845:
            rc = cli_int("--limit", optarg, 0, CLI_MAX_LIMIT, &cli.limit);
            break;
        case 1900:
            rc = cli_real("--accuracy", optarg, 0, CLI_MAX_ACCURACY_M, &cli.accuracy);
            cli.has_accuracy = 1;
            break;
        case 1901:
            cli.device = optarg;
            break;
        case 1902:
            cli.mock = 1;
            break;
        case 1903:
            cli.week = optarg;
            break;
        case 1904:
            cli.short_only = 1;
            break;
        case 1960:
            rc = cli_int("--batch", optarg, 1, CLI_MAX_LIMIT, &cli.batch);
            break;
        case 1034:
            cli.status = optarg;
            break;
        case 1740:
            cli.on = optarg;
            break;
        case 1741:
            rc = cli_id("--new-head", optarg, &cli.new_head);
            break;
        case 'h':
            help = 1;
            break;
        case 'V':
            printf("zhucun %s\n", ZHUCUN_VERSION);
            return 0;
        default:
            bad_option(c, argc, argv);
            rc = EXIT_USAGE;
            break;
        }
        bad |= rc != 0;
    }
    const struct command *cmd = optind < argc ? find_command(argv[optind]) : NULL;
    if (optind < argc && cmd == NULL) {
        fprintf(stderr, _("zhucun: 未知命令 %s\n"), argv[optind]);
        usage_short(stderr);
        return EXIT_USAGE;
    }
    if (help) {
        if (cmd != NULL)
            printf("%s", _(cmd->usage));
        else
            usage_full(stdout);
        return 0;
    }
    if (cmd == NULL || bad) {
        if (cmd != NULL)
            fprintf(stderr, _("用法：\n%s"), _(cmd->usage));
        else
            usage_short(stderr);
        return EXIT_USAGE;
    }
    cli.usage = _(cmd->usage);
    if (load_config(&cli, server, ca, session) != 0)
        return EXIT_USAGE;
    int rc = cmd->fn(&cli, argc - optind - 1, argv + optind + 1);
    client_config_free(&cli.cfg);
    return rc;
}
