/* cmd_auth.c -- login, logout, whoami, passwd and ping. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rules/account.h"
#include "common/rules/instant.h"
#include "common/status.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "cli.pb-c.h"
#include "session_file.h"

static int login(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    const char *username = argv[0];
    if (cli->cert_login && (cli->cfg.cert == NULL || cli->cfg.key == NULL)) {
        fprintf(stderr, _("zhucun: --cert-login 需要配置文件的 [client] 中有 cert 和 key\n"));
        return EXIT_USAGE;
    }
    /* A batch account's login by its client certificate sends no password. */
    char *password =
        cli->cert_login ? xstrdup("") : cli_read_secret(_("密码: "), cli->password_stdin);
    if (password == NULL) {
        fprintf(stderr, _("zhucun: 没有给出密码\n"));
        return EXIT_USAGE;
    }
    struct zc_error err;
    struct zc_client *c;
    if (cli_connect(cli, NULL, &c, &err) != 0) {
        cli_wipe(password);
        return cli_fail(&err);
    }
    Zhucun__Reply *reply = NULL;
    int rc = zc_login(c, username, password, &reply, &err);
    cli_wipe(password);
    if (rc != 0) {
        zc_reply_free(reply);
        zc_close(c);
        return cli_fail(&err);
    }
    const Zhucun__LoginReply *lr = reply->login;
    char *path = cli_session_path(cli);
    if (path == NULL || session_save(path, cli->cfg.server, username, lr->session_token) != 0) {
        fprintf(stderr, _("zhucun: 无法保存会话到 %s：%m\n"),
                path ? path : _("（没有 HOME，也没有 --session）"));
        free(path);
        zc_reply_free(reply);
        zc_close(c);
        return 1;
    }
    free(path);
    if (cli->json) {
        /* The token is in the session file: it stays out of output that may be logged. */
        Zhucun__LoginReply shown = *lr;
        shown.session_token = "";
        cli_json(&shown.base);
    } else {
        printf(_("已登录：%s（%s）\n"), username, lr->display_name);
        if (lr->must_change_password)
            printf(_("这是初始密码，请先运行 zhucun passwd 修改密码。\n"));
    }
    zc_reply_free(reply);
    zc_close(c);
    return 0;
}

static int logout(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    struct zc_error err;
    struct zc_client *c;
    char *path = cli_session_path(cli);
    char *token = path ? session_load(path, cli->cfg.server, NULL) : NULL;
    if (token != NULL) {
        int rc = cli_connect(cli, token, &c, &err);
        cli_wipe(token);
        if (rc != 0) {
            free(path);
            return cli_fail(&err);
        }
        Zhucun__Logout lo = ZHUCUN__LOGOUT__INIT;
        Zhucun__Reply *reply = NULL;
        rc = zc_logout(c, &lo, &reply, &err);
        zc_reply_free(reply);
        zc_close(c);
        if (rc != 0) {
            free(path);
            return cli_fail(&err);
        }
    }
    if (path != NULL)
        session_remove(path);
    free(path);
    if (cli->json)
        cli_json(NULL); /* Logout's reply has no body */
    else
        printf(_("已退出登录\n"));
    return 0;
}

static int whoami(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    struct zc_error err;
    struct zc_client *c;
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    Zhucun__Reply *reply = NULL;
    int rc = zc_whoami(c, &w, &reply, &err);
    zc_close(c);
    if (rc != 0) {
        zc_reply_free(reply);
        return cli_fail(&err);
    }
    const Zhucun__WhoAmIReply *wr = reply->whoami;
    if (cli->json) {
        cli_json(&wr->base);
    } else {
        char when[INSTANT_TEXT_MAX];
        rules_instant_format(wr->session_expires_at * 1000000LL, INSTANT_MINUTES, when);
        printf(_("用户名    %s\n姓名      %s\n会话到期  %s\n"), wr->username, wr->display_name,
               when);
        for (size_t i = 0; i < wr->n_roles; i++)
            printf("%s  %-16s %s  %s\n", i == 0 ? _("角色  ") : "      ", wr->roles[i]->role,
                   wr->roles[i]->scope_code, wr->roles[i]->scope_name);
        if (wr->n_roles == 0)
            printf(_("角色      （无）\n"));
        if (wr->must_change_password)
            printf(_("请先运行 zhucun passwd 修改初始密码。\n"));
    }
    zc_reply_free(reply);
    return 0;
}

static int passwd(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    char *old = cli_read_secret(_("旧密码: "), cli->password_stdin);
    char *fresh = old ? cli_read_secret(_("新密码: "), cli->password_stdin) : NULL;
    if (old == NULL || fresh == NULL) {
        fprintf(stderr, _("zhucun: 没有给出密码（标准输入：第一行旧密码，第二行新密码）\n"));
        cli_wipe(old);
        cli_wipe(fresh);
        return EXIT_USAGE;
    }
    if (!cli->password_stdin) {
        char *again = cli_read_secret(_("再次输入新密码: "), 0);
        int same = again != NULL && strcmp(again, fresh) == 0;
        cli_wipe(again);
        if (!same) {
            fprintf(stderr, _("zhucun: 两次输入的新密码不一致\n"));
            cli_wipe(old);
            cli_wipe(fresh);
            return 6;
        }
    }
    /* Checked here for a quick answer; the server checks again with its configured minimum. */
    char buf[160];
    const char *problem = rules_password_problem(fresh, 10, buf, sizeof(buf));
    if (problem != NULL) {
        fprintf(stderr, _("zhucun: %s（字段 new_password）\n"), problem);
        cli_wipe(old);
        cli_wipe(fresh);
        return 6;
    }
    /* Keyed (client/lib): a retry after a lost reply is applied once. */
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = old;
    cp.new_password = fresh;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    int rc = cli_request(cli, &cp.base, &reply, &err);
    cli_wipe(old);
    cli_wipe(fresh);
    if (rc != 0) {
        zc_reply_free(reply);
        return cli_fail(&err);
    }
    if (cli->json)
        cli_json(cli_reply_body(reply));
    else
        printf(_("密码已修改；其他设备上的会话已注销\n"));
    zc_reply_free(reply);
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

static int ping(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) /* main read --count and --pipeline within their limits */
        return cli_usage(cli);
    struct zc_error err;
    struct zc_client *c;
    if (cli_connect_session(cli, &c, &err, 0) != 0)
        return cli_fail(&err);
    size_t n = (size_t)cli->count;
    uint64_t *ids = xcalloc(n, sizeof(*ids)); /* the request ids, in the order sent */
    uint64_t *sent = xcalloc(n, sizeof(*sent));
    uint64_t *rtt = xcalloc(n, sizeof(*rtt));
    size_t next = 0, done = 0;
    int rc = 0;
    uint64_t t0 = mono_us();
    while (done < n) {
        while (next < n && next - done < (size_t)cli->pipeline) {
            Zhucun__Ping p = ZHUCUN__PING__INIT;
            sent[next] = mono_us();
            if ((ids[next] = zc_start(c, &p.base, &err)) == 0) {
                rc = cli_fail(&err);
                goto out;
            }
            next++;
        }
        Zhucun__Reply *reply;
        if (zc_recv(c, &reply, 0, &err) != 0) {
            rc = cli_fail(&err);
            goto out;
        }
        /* Which ping it answers: ids grow by one per request on the connection. */
        size_t k = reply->id >= ids[0] ? (size_t)(reply->id - ids[0]) : next;
        if (k >= next || ids[k] != reply->id)
            for (k = 0; k < next && ids[k] != reply->id; k++)
                ;
        if (zc_status(reply, &err) != 0 || reply->id == 0 || k == next) {
            zc_reply_free(reply);
            rc = cli_fail(&err);
            goto out;
        }
        rtt[done++] = mono_us() - sent[k];
        zc_reply_free(reply);
    }
    uint64_t total = mono_us() - t0;
    qsort(rtt, n, sizeof(*rtt), cmp_u64);
    uint64_t p50 = rtt[(n - 1) / 2];
    uint64_t p99 = rtt[(size_t)((double)(n - 1) * 0.99)];
    double rate = total > 0 ? (double)n * 1e6 / (double)total : 0;
    if (cli->json) {
        Zhucun__Cli__PingSummary sum = ZHUCUN__CLI__PING_SUMMARY__INIT;
        sum.count = (uint32_t)n;
        sum.pipeline = (uint32_t)cli->pipeline;
        sum.min_us = rtt[0];
        sum.median_us = p50;
        sum.p99_us = p99;
        sum.max_us = rtt[n - 1];
        sum.per_second = (uint64_t)(rate + 0.5);
        cli_json(&sum.base);
    } else
        printf(_("%zu 次 ping，并发 %lld：最小 %.3f 毫秒，中位数 %.3f 毫秒，p99 %.3f 毫秒，"
                 "最大 %.3f 毫秒（每秒 %.0f 次）\n"),
               n, cli->pipeline, rtt[0] / 1000.0, p50 / 1000.0, p99 / 1000.0, rtt[n - 1] / 1000.0,
               rate);
out:
    free(ids);
    free(sent);
    free(rtt);
    zc_close(c);
    return rc;
}

static const struct option login_options[] = {O_PASSWORD_STDIN, O_CERT_LOGIN, OPT_END_};
static const struct option passwd_options[] = {O_PASSWORD_STDIN, OPT_END_};
static const struct option ping_options[] = {O_COUNT, O_PIPELINE, OPT_END_};

const struct cli_command cli_auth_commands[] = {
    {"login", NULL, login, login_options,
     N_("zhucun login 用户名 [--password-stdin | --cert-login]\n"
        "    登录并在本机保存会话；--password-stdin 从标准输入读密码，--cert-login\n"
        "    供批处理账号凭客户端证书登录\n"),
     "Login"},
    {"logout", NULL, logout, NULL, N_("zhucun logout\n    退出登录\n"), "Logout"},
    {"whoami", NULL, whoami, NULL, N_("zhucun whoami\n    当前会话的账号、角色和管辖范围\n"),
     "WhoAmI"},
    {"passwd", NULL, passwd, passwd_options,
     N_("zhucun passwd [--password-stdin]\n"
        "    修改密码；--password-stdin：标准输入第一行为旧密码，第二行为新密码\n"),
     "ChangePassword"},
    /* Every command opens its connection with Hello; ping is the one that is only that. */
    {"ping", NULL, ping, ping_options,
     N_("zhucun ping [--count 次数] [--pipeline 并发数]\n"
        "    测量与服务器的往返时间（最小值、中位数、p99）\n"),
     "Hello Ping"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
