/* main.c -- zhucun, the command-line client: every operation from a shell, for people and for
 * scheduled batch jobs. Reads the global options, finds the command in the tables of the
 * cmd_*.c files and runs it (docs/cli.md); exit codes follow the reply status
 * (common/status.h). */
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
#include "common/tls.h"
#include "common/xmalloc.h"
#include "session_file.h"
#include "cli.h"
#include "zhucun_client.h"

/* zhucun help: the usage, and the calls each command makes (below). */
static int run_help(struct cli *cli, int argc, char **argv);
static const struct option help_options[] = {O_CALLS, O_COMMANDS, OPT_END_};
/* The options every command takes (main's getopt_long scan; help --commands lists them). */
static const struct option global_options[] = {
    {"config", required_argument, NULL, 'c'}, {"server", required_argument, NULL, 's'},
    {"ca", required_argument, NULL, 'a'},     {"session", required_argument, NULL, 'S'},
    {"json", no_argument, NULL, 'j'},         {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},      {"outbox", required_argument, NULL, 'O'},
    {"offline", no_argument, NULL, 'F'},      {"quiet", no_argument, NULL, 'q'},
};
static const struct cli_command help_commands[] = {
    {"help", NULL, run_help, help_options,
     N_("zhucun help [命令 [子命令]]\n"
        "    用法，同 --help\n"
        "zhucun help --calls\n"
        "    每条命令发出的服务器调用，一行一个：调用名<TAB>zhucun 命令 [子命令]\n"
        "zhucun help --commands\n"
        "    命令表，一行一个：命令 [子命令]<TAB>选项（第一行为全局选项；供 shell 补全）\n"),
     NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

/* The command tables in the order `zhucun --help` lists them. */
/* One table a line (clang-format off): each domain adds its line at the end, before help. */
// clang-format off
static const struct cli_command *const tables[] = {
    cli_auth_commands,
    cli_org_commands,
    cli_people_commands,
    cli_household_commands,
    cli_visit_commands,
    cli_report_commands,
    cli_attendance_commands,
    cli_approval_commands,
    cli_export_commands,
    cli_audit_commands,
    cli_outbox_commands,
    cli_guarantee_commands,
    cli_monitoring_commands,
    cli_income_commands,
    cli_service_commands,
    cli_contest_commands,
    cli_policy_commands,
    cli_points_commands,
    cli_attach_commands,
    cli_ledger_commands,
    cli_project_commands,
    cli_build_commands,
    cli_asset_commands,
    cli_lookback_commands,
    cli_consume_commands,
    cli_inspect_commands,
    cli_stars_commands,
    cli_assess_commands,
    cli_training_commands,
    cli_notices_commands,
    cli_tasks_commands,
    cli_diary_commands,
    cli_allowance_commands,
    help_commands,
};
// clang-format on

/* 1 when the subcommand words of sub are the first words of w (n of them); *k gets how many. */
static int sub_matches(const char *sub, char **w, int n, int *k)
{
    int i = 0;
    while (*sub != '\0') {
        size_t len = strcspn(sub, " ");
        if (i == n || strlen(w[i]) != len || strncmp(sub, w[i], len) != 0)
            return 0;
        i++;
        sub += len;
        sub += *sub == ' ';
    }
    *k = i;
    return 1;
}

/* The command row that words (the command word and what follows it, n >= 1) name: the row of
 * the longest subcommand they start with, else the command's row without one. *used gets the
 * words it took. NULL when there is none. */
static const struct cli_command *find_command(char **words, int n, int *used)
{
    const struct cli_command *best = NULL, *plain = NULL;
    int best_k = -1;
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++) {
            int k;
            if (strcmp(cmd->name, words[0]) != 0)
                continue;
            if (cmd->sub == NULL)
                plain = cmd;
            else if (sub_matches(cmd->sub, words + 1, n - 1, &k) && k > best_k) {
                best = cmd;
                best_k = k;
            }
        }
    if (best != NULL) {
        *used = 1 + best_k;
        return best;
    }
    *used = 1;
    return plain;
}

static int command_exists(const char *name)
{
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++)
            if (strcmp(cmd->name, name) == 0)
                return 1;
    return 0;
}

/* 1 when the first word of the subcommand sub is word. */
static int first_word_is(const char *sub, const char *word)
{
    size_t len = strcspn(sub, " ");
    return strlen(word) == len && strncmp(sub, word, len) == 0;
}

/* 1 when a subcommand of command name starts with the word first ("member"). */
static int group_exists(const char *name, const char *first)
{
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++)
            if (strcmp(cmd->name, name) == 0 && cmd->sub != NULL && first_word_is(cmd->sub, first))
                return 1;
    return 0;
}

/* Prints the usage of the rows of command name whose subcommand starts with the word first
 * ("household member": add and leave), or of all its rows when none does; each text once. */
static void usage_of(FILE *f, const char *name, const char *first)
{
    int group = first != NULL && group_exists(name, first);
    const char *last = NULL;
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++) {
            if (strcmp(cmd->name, name) != 0 || cmd->usage == last)
                continue;
            if (group && (cmd->sub == NULL || !first_word_is(cmd->sub, first)))
                continue;
            fprintf(f, "%s", _(cmd->usage));
            last = cmd->usage;
        }
}

/* Without a command: the commands' names and how to ask for more. */
static void usage_short(FILE *f)
{
    const char *last = NULL;
    fprintf(f, _("用法：zhucun [全局选项] 命令 [参数]\n命令："));
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++) {
            if (last != NULL && strcmp(last, cmd->name) == 0)
                continue;
            fprintf(f, "%s%s", last ? " " : "", cmd->name);
            last = cmd->name;
        }
    fprintf(f, _("\n运行 zhucun --help 查看全部用法，zhucun 命令 --help 查看一个命令的用法\n"));
}

static void usage_full(FILE *f)
{
    const char *last = NULL;
    fprintf(f, _("用法：zhucun [全局选项] 命令 [参数]\n\n"));
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++)
            if (cmd->usage != last) {
                fprintf(f, "%s", _(cmd->usage));
                last = cmd->usage;
            }
    fprintf(
        f, "%s",
        _("\n全局选项：\n"
          "  --config 文件      客户端配置（ZHUCUN_CONFIG；默认 ~/.config/zhucun/client.conf）\n"
          "  --server 主机:端口 服务器地址（ZHUCUN_SERVER）\n"
          "  --ca 文件          签发服务器证书的 CA（ZHUCUN_CA）\n"
          "  --session 文件     会话令牌的保存位置（ZHUCUN_SESSION）\n"
          "  --outbox 文件      发件箱：结果未知的写入及其幂等键（ZHUCUN_OUTBOX；\n"
          "                     默认 ~/.local/state/zhucun/outbox.sqlite）\n"
          "  --offline          "
          "连不上服务器时，走访、签到、整改跟进、收入、请假的写入存入发件箱，\n"
          "                     以后用 zhucun outbox send 发送（ZHUCUN_OFFLINE=1；配置 offline = "
          "1）\n"
          "  --json             机器可读的输出：答复的正文，一行一个 JSON 对象（docs/json.md）\n"
          "  --quiet            不显示进度（导出、导入、审计校验等长时间工作的进度行，\n"
          "                     只在 stderr 是终端时显示，从不写入 stdout）\n"
          "  --help             用法；放在命令之后只显示该命令的用法\n"
          "\n"
          "退出码：0 成功，1 其他错误，2 用法错误，3 未登录，4 无权限，5 不存在，6 参数无效，\n"
          "7 不满足前提条件，8 已存在，9 资源不足，10 服务不可用或无法连接，\n"
          "11 结果未知（写入可能已经生效；再次运行同一条命令不会重复写入）\n"
          "12 已存入发件箱（--offline 时连不上服务器；zhucun outbox send 发送）\n"
          "语言：中文；LANGUAGE=en 时为英文\n"));
}

/* help --commands: "<TAB>--config --server ..." (the global options), then one line per row,
 * "household member add<TAB>--name --relation ...". The bash completion
 * (deploy/debian/zhucun.bash-completion) reads it, so it never lags behind the tables. */
static void print_commands(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(global_options); i++)
        printf("%s--%s", i ? " " : "\t", global_options[i].name);
    printf("\n");
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++) {
            printf("%s%s%s\t", cmd->name, cmd->sub ? " " : "", cmd->sub ? cmd->sub : "");
            for (const struct option *o = cmd->options; o != NULL && o->name != NULL; o++)
                printf("%s--%s", o == cmd->options ? "" : " ", o->name);
            printf("\n");
        }
}

/* zhucun help [COMMAND [SUBCOMMAND]] | help --calls | help --commands */
static int run_help(struct cli *cli, int argc, char **argv)
{
    if (cli->commands) {
        if (argc != 0 || cli->calls)
            return cli_usage(cli);
        print_commands();
        return 0;
    }
    if (cli->calls) {
        if (argc != 0)
            return cli_usage(cli);
        /* One line per call and command: "LeaveRequest<TAB>zhucun leave request". */
        for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
            for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++)
                for (const char *c = cmd->calls; c != NULL && *c != '\0';) {
                    size_t len = strcspn(c, " ");
                    printf("%.*s\tzhucun %s%s%s\n", (int)len, c, cmd->name, cmd->sub ? " " : "",
                           cmd->sub ? cmd->sub : "");
                    c += len;
                    c += strspn(c, " ");
                }
        return 0;
    }
    if (argc == 0) {
        usage_full(stdout);
        return 0;
    }
    if (!command_exists(argv[0])) {
        fprintf(stderr, _("zhucun: 未知命令 %s\n"), argv[0]);
        return EXIT_USAGE;
    }
    int used;
    const struct cli_command *cmd = find_command(argv, argc, &used);
    if (cmd != NULL && cmd->sub != NULL)
        printf("%s", _(cmd->usage));
    else
        usage_of(stdout, argv[0], argc > 1 ? argv[1] : NULL);
    return 0;
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

/* The global options, then every option of every command (each name once): what main's one
 * getopt_long scan knows. Fresh array. */
static struct option *all_options(void)
{
    size_t cap = ARRAY_SIZE(global_options) + 1, n = 0;
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++)
            for (const struct option *o = cmd->options; o != NULL && o->name != NULL; o++)
                cap++;
    struct option *all = xcalloc(cap, sizeof(*all));
    for (size_t i = 0; i < ARRAY_SIZE(global_options); i++)
        all[n++] = global_options[i];
    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct cli_command *cmd = tables[t]; cmd->name != NULL; cmd++)
            for (const struct option *o = cmd->options; o != NULL && o->name != NULL; o++) {
                size_t i = 0;
                while (i < n && strcmp(all[i].name, o->name) != 0)
                    i++;
                if (i == n)
                    all[n++] = *o;
            }
    return all; /* ends with the zeroed row */
}

static const char *option_name(const struct option *all, int code)
{
    for (; all->name != NULL; all++)
        if (all->val == code)
            return all->name;
    return "?";
}

static int takes_option(const struct cli_command *cmd, int code)
{
    for (const struct option *o = cmd->options; o != NULL && o->name != NULL; o++)
        if (o->val == code)
            return 1;
    return 0;
}

/* Reads the options (all: every one any command takes), finds the command and runs it;
 * returns the exit code. codes and values (argc + 1 each) hold the command's options until
 * the command is known. */
static int parse_and_run(int argc, char **argv, const struct option *all, int *codes, char **values)
{
    struct cli cli = {.count = 5, .pipeline = 1, .depth = 2};
    const char *server = NULL, *ca = NULL, *session = NULL;
    int c, help = 0, bad = 0, ngiven = 0;
    opterr = 0; /* bad_option says what is wrong, in the user's language */
    /* One scan over everything (options go anywhere); a bad option does not stop it: the
     * command, found after it, says its usage. */
    while ((c = getopt_long(argc, argv, ":ho:", all, NULL)) != -1) {
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
        case 'O':
            cli.outbox = optarg;
            break;
        case 'F':
            cli.offline = 1;
            break;
        case 'j':
            cli.json = 1;
            break;
        case 'q':
            cli.quiet = 1;
            break;
        case 'h':
            help = 1;
            break;
        case 'o': /* -o FILE: --out FILE */
            codes[ngiven] = OPT_OUT;
            values[ngiven++] = optarg;
            break;
        case 'V':
            printf("zhucun %s\n", ZHUCUN_VERSION);
            return 0;
        case '?':
        case ':':
            bad_option(c, argc, argv);
            bad = 1;
            break;
        default:
            codes[ngiven] = c;
            values[ngiven++] = optarg;
            break;
        }
    }
    if (optind == argc) {
        if (help && !bad) {
            usage_full(stdout);
            return 0;
        }
        usage_short(stderr);
        return EXIT_USAGE;
    }
    if (!command_exists(argv[optind])) {
        fprintf(stderr, _("zhucun: 未知命令 %s\n"), argv[optind]);
        usage_short(stderr);
        return EXIT_USAGE;
    }
    char **words = argv + optind;
    int nwords = argc - optind, used;
    const struct cli_command *cmd = find_command(words, nwords, &used);
    if (help) {
        /* zhucun leave show --help: that row; zhucun leave --help: every row of leave */
        if (cmd != NULL && cmd->sub != NULL)
            printf("%s", _(cmd->usage));
        else
            usage_of(stdout, words[0], nwords > 1 ? words[1] : NULL);
        return 0;
    }
    if (cmd == NULL) {
        if (nwords > 1 && !group_exists(words[0], words[1]))
            fprintf(stderr, _("zhucun: 未知的子命令 %s\n"), words[1]);
        fprintf(stderr, _("用法：\n"));
        usage_of(stderr, words[0], nwords > 1 ? words[1] : NULL);
        return EXIT_USAGE;
    }
    for (int i = 0; i < ngiven; i++) {
        if (!takes_option(cmd, codes[i])) {
            fprintf(stderr, _("zhucun: zhucun %s%s%s 没有选项 --%s\n"), cmd->name,
                    cmd->sub ? " " : "", cmd->sub ? cmd->sub : "", option_name(all, codes[i]));
            bad = 1;
        } else if (cli_set_option(&cli, codes[i], values[i]) != 0) {
            bad = 1;
        }
    }
    cli.cmd = cmd;
    cli.usage = _(cmd->usage);
    if (bad)
        return cli_usage(&cli);
    if (load_config(&cli, server, ca, session) != 0)
        return EXIT_USAGE;
    /* --outbox, then ZHUCUN_OUTBOX, then the config's [client] outbox, else the library's
     * default path */
    const char *env = getenv("ZHUCUN_OUTBOX");
    if (cli.outbox == NULL && env != NULL && env[0] != '\0')
        cli.outbox = env;
    if (cli.outbox == NULL && cli.cfg.outbox != NULL && cli.cfg.outbox[0] != '\0')
        cli.outbox = cli.cfg.outbox;
    /* --offline, or ZHUCUN_OFFLINE=1, or the config's [client] offline = 1 */
    env = getenv("ZHUCUN_OFFLINE");
    if ((env != NULL && strcmp(env, "1") == 0) || cli.cfg.offline)
        cli.offline = 1;
    int rc = cmd->run(&cli, nwords - used, words + used);
    client_config_free(&cli.cfg);
    free(cli.tls_path);
    return rc;
}

int main(int argc, char **argv)
{
    /* A call is a short process: most of its start-up is OpenSSL's (docs/cli.md,
     * "Start-up"). */
    if (tls_init_short_lived() != 0)
        return 1;
    i18n_init(CLI_DOMAIN, NULL, ZHUCUN_LOCALEDIR, "ZHUCUN_LOCALEDIR");
    /* A test build runs on the harness's pinned clock (docs/clock.md). */
    if (zc_clock_from_env() != 0)
        return 2;
    struct option *all = all_options();
    int *codes = xcalloc((size_t)argc + 1, sizeof(*codes));
    char **values = xcalloc((size_t)argc + 1, sizeof(*values));
    int rc = parse_and_run(argc, argv, all, codes, values);
    free(codes);
    free(values);
    free(all);
    return rc;
}
