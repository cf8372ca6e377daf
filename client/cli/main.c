/* main.c -- zhucun, the command-line client: every operation from a shell, for people and for
 * scheduled batch jobs. Exit codes follow the reply status (see common/status.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "common/config.h"
#include "common/rules/account.h"
#include "common/status.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "session_file.h"
#include "zhucun_client.h"

#define CLIENT_NAME       "zhucun-cli/" ZHUCUN_VERSION
#define PING_MAX_COUNT    1000000
#define PING_MAX_PIPELINE 10000

struct cli {
    struct client_config cfg;
    char *config_path;
    int json;
    int password_stdin;
    long count;
    long pipeline;
};

static void usage(FILE *f)
{
    fprintf(f, "usage: zhucun [global options] COMMAND [ARGS]\n"
               "\n"
               "commands:\n"
               "  login USERNAME [--password-stdin]   log in and cache the session token\n"
               "  logout                              end the session\n"
               "  whoami                              who the cached session belongs to\n"
               "  passwd [--password-stdin]           change your password (stdin: old, new)\n"
               "  ping [--count N] [--pipeline K]     round-trip times (min/median/p99)\n"
               "\n"
               "global options:\n"
               "  --config FILE    client configuration (ZHUCUN_CONFIG;\n"
               "                   default ~/.config/zhucun/client.conf)\n"
               "  --server H:P     server address (ZHUCUN_SERVER)\n"
               "  --ca FILE        CA that signed the server certificate (ZHUCUN_CA)\n"
               "  --session FILE   where the session token is cached (ZHUCUN_SESSION)\n"
               "  --json           machine-readable output\n"
               "\n"
               "exit codes: 0 ok, 1 other error, 2 usage, 3 not logged in, 4 permission denied,\n"
               "5 not found, 6 invalid argument, 7 failed precondition, 8 already exists,\n"
               "9 resource exhausted, 10 unavailable or cannot connect\n");
}

static int fail(const struct zc_error *err)
{
    if (err->field[0] != '\0')
        fprintf(stderr, "zhucun: %s（字段 %s）\n", err->message, err->field);
    else
        fprintf(stderr, "zhucun: %s\n", err->message);
    return status_exit_code(err->code);
}

static void json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

/* One line from stdin (no newline) or, on a terminal, a prompt without echo. */
static char *read_secret(const char *prompt, int from_stdin)
{
    char buf[PASSWORD_MAX_BYTES + 4];
    FILE *in = stdin;
    FILE *tty = NULL;
    struct termios old, quiet;
    int restore = 0;
    if (!from_stdin) {
        tty = fopen("/dev/tty", "r+");
        if (tty == NULL) {
            fprintf(stderr, "zhucun: no terminal to ask for the password; use --password-stdin\n");
            return NULL;
        }
        in = tty;
        fputs(prompt, tty);
        fflush(tty);
        if (tcgetattr(fileno(tty), &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            restore = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
        }
    }
    char *got = fgets(buf, sizeof(buf), in);
    if (restore) {
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
        fputc('\n', tty);
    }
    if (tty != NULL)
        fclose(tty);
    if (got == NULL)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    char *p = xstrdup(buf);
    OPENSSL_cleanse(buf, sizeof(buf));
    return p;
}

static void wipe(char *s)
{
    if (s != NULL) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

static char *session_path(struct cli *cli)
{
    if (cli->cfg.session != NULL)
        return xstrdup(cli->cfg.session);
    return session_default_path();
}

static int connect_cli(struct cli *cli, const char *token, struct zc_client **c,
                       struct zc_error *err)
{
    struct zc_options o = {
        .server = cli->cfg.server,
        .ca = cli->cfg.ca,
        .cert = cli->cfg.cert,
        .key = cli->cfg.key,
        .client_name = CLIENT_NAME,
        .session_token = token,
        .timeout_ms = (int)cli->cfg.timeout_ms,
    };
    return zc_connect(&o, c, err);
}

/* Connects with the cached session; fails with UNAUTHENTICATED when there is none. */
static int connect_session(struct cli *cli, struct zc_client **c, struct zc_error *err,
                           int need_token)
{
    char *path = session_path(cli);
    char *token = path ? session_load(path, cli->cfg.server) : NULL;
    free(path);
    if (token == NULL && need_token) {
        err->code = ZHUCUN__CODE__UNAUTHENTICATED;
        snprintf(err->message, sizeof(err->message), "尚未登录，请先运行 zhucun login 用户名");
        err->field[0] = '\0';
        return -1;
    }
    int rc = connect_cli(cli, token, c, err);
    wipe(token);
    return rc;
}

static int cmd_login(struct cli *cli, int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "zhucun: usage: zhucun login USERNAME [--password-stdin]\n");
        return EXIT_USAGE;
    }
    const char *username = argv[0];
    char *password = read_secret("密码: ", cli->password_stdin);
    if (password == NULL) {
        fprintf(stderr, "zhucun: no password given\n");
        return EXIT_USAGE;
    }
    struct zc_error err;
    struct zc_client *c;
    if (connect_cli(cli, NULL, &c, &err) != 0) {
        wipe(password);
        return fail(&err);
    }
    Zhucun__Reply *reply = NULL;
    int rc = zc_login(c, username, password, &reply, &err);
    wipe(password);
    if (rc != 0) {
        zc_reply_free(reply);
        zc_close(c);
        return fail(&err);
    }
    const Zhucun__LoginReply *lr = reply->login;
    char *path = session_path(cli);
    if (path == NULL || session_save(path, cli->cfg.server, lr->session_token) != 0) {
        fprintf(stderr, "zhucun: could not save the session to %s: %m\n",
                path ? path : "(no HOME or --session)");
        free(path);
        zc_reply_free(reply);
        zc_close(c);
        return 1;
    }
    free(path);
    if (cli->json) {
        printf("{\"username\":");
        json_str(username);
        printf(",\"display_name\":");
        json_str(lr->display_name);
        printf(",\"expires_at\":%lld,\"must_change_password\":%s}\n", (long long)lr->expires_at,
               lr->must_change_password ? "true" : "false");
    } else {
        printf("已登录：%s（%s）\n", username, lr->display_name);
        if (lr->must_change_password)
            printf("这是初始密码，请先运行 zhucun passwd 修改密码。\n");
    }
    zc_reply_free(reply);
    zc_close(c);
    return 0;
}

static int cmd_logout(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) {
        fprintf(stderr, "zhucun: usage: zhucun logout\n");
        return EXIT_USAGE;
    }
    struct zc_error err;
    struct zc_client *c;
    char *path = session_path(cli);
    char *token = path ? session_load(path, cli->cfg.server) : NULL;
    if (token != NULL) {
        int rc = connect_cli(cli, token, &c, &err);
        wipe(token);
        if (rc != 0) {
            free(path);
            return fail(&err);
        }
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        Zhucun__Logout lo = ZHUCUN__LOGOUT__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_LOGOUT;
        req.logout = &lo;
        Zhucun__Reply *reply = NULL;
        rc = zc_call(c, &req, &reply, &err);
        zc_reply_free(reply);
        zc_close(c);
        if (rc != 0) {
            free(path);
            return fail(&err);
        }
    }
    if (path != NULL)
        session_remove(path);
    free(path);
    if (cli->json)
        printf("{\"logged_out\":true}\n");
    else
        printf("已退出登录\n");
    return 0;
}

static int cmd_whoami(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) {
        fprintf(stderr, "zhucun: usage: zhucun whoami\n");
        return EXIT_USAGE;
    }
    struct zc_error err;
    struct zc_client *c;
    if (connect_session(cli, &c, &err, 1) != 0)
        return fail(&err);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
    req.whoami = &w;
    Zhucun__Reply *reply = NULL;
    int rc = zc_call(c, &req, &reply, &err);
    zc_close(c);
    if (rc != 0) {
        zc_reply_free(reply);
        return fail(&err);
    }
    const Zhucun__WhoAmIReply *wr = reply->whoami;
    if (cli->json) {
        printf("{\"user_id\":%lld,\"username\":", (long long)wr->user_id);
        json_str(wr->username);
        printf(",\"display_name\":");
        json_str(wr->display_name);
        printf(",\"must_change_password\":%s,\"session_expires_at\":%lld,\"roles\":[",
               wr->must_change_password ? "true" : "false", (long long)wr->session_expires_at);
        for (size_t i = 0; i < wr->n_roles; i++) {
            printf("%s{\"role\":", i ? "," : "");
            json_str(wr->roles[i]->role);
            printf(",\"scope_code\":");
            json_str(wr->roles[i]->scope_code);
            printf(",\"scope_name\":");
            json_str(wr->roles[i]->scope_name);
            printf("}");
        }
        printf("]}\n");
    } else {
        time_t t = (time_t)wr->session_expires_at;
        struct tm tm;
        char when[64];
        localtime_r(&t, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
        printf("用户名    %s\n姓名      %s\n会话到期  %s\n", wr->username, wr->display_name, when);
        for (size_t i = 0; i < wr->n_roles; i++)
            printf("%s  %-16s %s  %s\n", i == 0 ? "角色  " : "      ", wr->roles[i]->role,
                   wr->roles[i]->scope_code, wr->roles[i]->scope_name);
        if (wr->n_roles == 0)
            printf("角色      （无）\n");
        if (wr->must_change_password)
            printf("请先运行 zhucun passwd 修改初始密码。\n");
    }
    zc_reply_free(reply);
    return 0;
}

static int cmd_passwd(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) {
        fprintf(stderr, "zhucun: usage: zhucun passwd [--password-stdin]\n");
        return EXIT_USAGE;
    }
    char *old = read_secret("旧密码: ", cli->password_stdin);
    char *fresh = old ? read_secret("新密码: ", cli->password_stdin) : NULL;
    if (old == NULL || fresh == NULL) {
        fprintf(stderr, "zhucun: passwords not given (stdin: the old one, then the new one, "
                        "one per line)\n");
        wipe(old);
        wipe(fresh);
        return EXIT_USAGE;
    }
    if (!cli->password_stdin) {
        char *again = read_secret("再次输入新密码: ", 0);
        int same = again != NULL && strcmp(again, fresh) == 0;
        wipe(again);
        if (!same) {
            fprintf(stderr, "zhucun: 两次输入的新密码不一致\n");
            wipe(old);
            wipe(fresh);
            return 6;
        }
    }
    /* Checked here for a quick answer; the server checks again with its configured minimum. */
    char buf[160];
    const char *problem = rules_password_problem(fresh, 10, buf, sizeof(buf));
    if (problem != NULL) {
        fprintf(stderr, "zhucun: %s（字段 new_password）\n", problem);
        wipe(old);
        wipe(fresh);
        return 6;
    }
    /* One key for this change: a retry after a lost reply is applied once. */
    char key[TOKEN_HEX_LEN + 1];
    token_new(key);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = old;
    cp.new_password = fresh;
    req.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    req.idempotency_key = key;
    struct zc_error err;
    int rc = -1;
    for (int attempt = 0; attempt < 2; attempt++) {
        struct zc_client *c;
        req.id = 0;
        if (connect_session(cli, &c, &err, 1) != 0)
            break;
        Zhucun__Reply *reply = NULL;
        rc = zc_call(c, &req, &reply, &err);
        zc_reply_free(reply);
        zc_close(c);
        if (rc == 0 || err.code != ZHUCUN__CODE__UNAVAILABLE)
            break;
    }
    wipe(old);
    wipe(fresh);
    if (rc != 0)
        return fail(&err);
    if (cli->json)
        printf("{\"password_changed\":true}\n");
    else
        printf("密码已修改；其他设备上的会话已注销\n");
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int cmd_ping(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->count < 1 || cli->count > PING_MAX_COUNT || cli->pipeline < 1 ||
        cli->pipeline > PING_MAX_PIPELINE) {
        fprintf(stderr, "zhucun: usage: zhucun ping [--count 1..%d] [--pipeline 1..%d]\n",
                PING_MAX_COUNT, PING_MAX_PIPELINE);
        return EXIT_USAGE;
    }
    struct zc_error err;
    struct zc_client *c;
    if (connect_session(cli, &c, &err, 0) != 0)
        return fail(&err);
    size_t n = (size_t)cli->count;
    uint64_t *sent = xcalloc(n + 1, sizeof(*sent));
    uint64_t *rtt = xcalloc(n, sizeof(*rtt));
    size_t next = 0, done = 0;
    int rc = 0;
    uint64_t t0 = mono_us();
    while (done < n) {
        while (next < n && next - done < (size_t)cli->pipeline) {
            Zhucun__Request req = ZHUCUN__REQUEST__INIT;
            Zhucun__Ping p = ZHUCUN__PING__INIT;
            req.id = next + 1;
            req.body_case = ZHUCUN__REQUEST__BODY_PING;
            req.ping = &p;
            sent[next + 1] = mono_us();
            if (zc_send(c, &req, &err) == 0) {
                rc = fail(&err);
                goto out;
            }
            next++;
        }
        Zhucun__Reply *reply;
        if (zc_recv(c, &reply, 0, &err) != 0) {
            rc = fail(&err);
            goto out;
        }
        if (zc_status(reply, &err) != 0 || reply->id == 0 || reply->id > n) {
            zc_reply_free(reply);
            rc = fail(&err);
            goto out;
        }
        rtt[done++] = mono_us() - sent[reply->id];
        zc_reply_free(reply);
    }
    uint64_t total = mono_us() - t0;
    qsort(rtt, n, sizeof(*rtt), cmp_u64);
    uint64_t p50 = rtt[(n - 1) / 2];
    uint64_t p99 = rtt[(size_t)((double)(n - 1) * 0.99)];
    double rate = total > 0 ? (double)n * 1e6 / (double)total : 0;
    if (cli->json)
        printf("{\"count\":%zu,\"pipeline\":%ld,\"min_us\":%llu,\"median_us\":%llu,"
               "\"p99_us\":%llu,\"max_us\":%llu,\"per_second\":%.0f}\n",
               n, cli->pipeline, (unsigned long long)rtt[0], (unsigned long long)p50,
               (unsigned long long)p99, (unsigned long long)rtt[n - 1], rate);
    else
        printf("%zu pings, pipeline %ld: min %.3f ms, median %.3f ms, p99 %.3f ms, max %.3f ms "
               "(%.0f/s)\n",
               n, cli->pipeline, rtt[0] / 1000.0, p50 / 1000.0, p99 / 1000.0, rtt[n - 1] / 1000.0,
               rate);
out:
    free(sent);
    free(rtt);
    zc_close(c);
    return rc;
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
        fprintf(stderr, "zhucun: %s\n", err);
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

static long parse_long(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s != '\0' && *end == '\0' ? v : -1;
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
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct cli cli = {.count = 5, .pipeline = 1};
    const char *server = NULL, *ca = NULL, *session = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
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
            cli.count = parse_long(optarg);
            break;
        case 'k':
            cli.pipeline = parse_long(optarg);
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("zhucun %s\n", ZHUCUN_VERSION);
            return 0;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    static const struct {
        const char *name;
        int (*fn)(struct cli *, int, char **);
    } cmds[] = {
        {"login", cmd_login},   {"logout", cmd_logout}, {"whoami", cmd_whoami},
        {"passwd", cmd_passwd}, {"ping", cmd_ping},
    };
    const char *cmd = argv[optind];
    for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
        if (strcmp(cmds[i].name, cmd) != 0)
            continue;
        if (load_config(&cli, server, ca, session) != 0)
            return EXIT_USAGE;
        int rc = cmds[i].fn(&cli, argc - optind - 1, argv + optind + 1);
        client_config_free(&cli.cfg);
        return rc;
    }
    fprintf(stderr, "zhucun: unknown command %s\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
