/* cmd_outbox.c -- zhucun outbox: the keyed writes whose outcome is unknown, and sending them
 * again with their keys (docs/cli.md, "Outcome unknown"). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/instant.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "cli.pb-c.h"
#include "outbox.h"

/* Opens the outbox the commands use (--outbox, ZHUCUN_OUTBOX, else the library's default).
 * NULL after saying why. */
static struct zc_outbox *open_outbox(const struct cli *cli)
{
    char *path = cli->outbox != NULL ? xstrdup(cli->outbox) : zc_outbox_default_path();
    struct zc_outbox *ob = NULL;
    char why[600];
    if (path == NULL)
        fprintf(stderr, _("zhucun: 没有 HOME，也没有 --outbox：不知道发件箱在哪里\n"));
    else if (zc_outbox_open(path, &ob, why, sizeof(why)) != 0)
        fprintf(stderr, "zhucun: %s\n", why);
    free(path);
    return ob;
}

/* zhucun outbox: every pending entry of the file, whoever and wherever it is for. */
static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    struct zc_outbox *ob = open_outbox(cli);
    if (ob == NULL)
        return 1;
    struct zc_outbox_entry *v = NULL;
    char why[600];
    int n = zc_outbox_list(ob, NULL, NULL, &v, why, sizeof(why));
    zc_outbox_close(ob);
    if (n < 0) {
        fprintf(stderr, "zhucun: %s\n", why);
        return 1;
    }
    if (cli->json) {
        Zhucun__Cli__OutboxList l = ZHUCUN__CLI__OUTBOX_LIST__INIT;
        Zhucun__Cli__OutboxEntry *rows = xcalloc((size_t)n + 1, sizeof(*rows));
        Zhucun__Cli__OutboxEntry **ptrs = xcalloc((size_t)n + 1, sizeof(*ptrs));
        char(*at)[INSTANT_TEXT_MAX] = xcalloc((size_t)n + 1, sizeof(*at));
        for (int i = 0; i < n; i++) {
            Zhucun__Cli__OutboxEntry e = ZHUCUN__CLI__OUTBOX_ENTRY__INIT;
            e.call = v[i].call;
            e.idempotency_key = v[i].key;
            e.server = v[i].server;
            e.username = v[i].username;
            e.created_at =
                (char *)rules_instant_format(v[i].created_at * 1000000LL, INSTANT_RFC3339, at[i]);
            e.attempts = (uint32_t)v[i].attempts;
            e.last_error = v[i].last_error;
            e.body_sha256 = v[i].body_hash;
            rows[i] = e;
            ptrs[i] = &rows[i];
        }
        l.n_entries = (size_t)n;
        l.entries = ptrs;
        cli_json(&l.base);
        free(at);
        free(ptrs);
        free(rows);
    } else if (n == 0) {
        printf(_("发件箱是空的：没有结果未知的写入\n"));
    } else {
        char at[INSTANT_TEXT_MAX];
        for (int i = 0; i < n; i++)
            printf(_("%s  %s  %s@%s  已发 %d 次  键 %.12s…  %s\n"),
                   rules_instant_format(v[i].created_at * 1000000LL, INSTANT_MINUTES, at),
                   v[i].call, v[i].username, v[i].server, v[i].attempts, v[i].key, v[i].last_error);
        printf(_("共 %d 条结果未知的写入；zhucun outbox retry 用原来的幂等键重新发送\n"), n);
    }
    zc_outbox_entries_free(v, n);
    return 0;
}

/* zhucun outbox retry: each pending write of the session's account on this server, sent again
 * with its key. Exit 0 when every one got OK, 11 when one got no answer again, else the exit
 * code of the last refusal (its entry is gone: the server gave its word). */
static int retry(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    struct zc_client *c;
    struct zc_error err = {0};
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    struct zc_outbox_entry *v = NULL;
    int n = zc_pending(c, &v, &err);
    if (n < 0) {
        zc_close(c);
        return cli_fail(&err);
    }
    Zhucun__Cli__OutboxResult *rows = xcalloc((size_t)n + 1, sizeof(*rows));
    Zhucun__Cli__OutboxResult **ptrs = xcalloc((size_t)n + 1, sizeof(*ptrs));
    char(*messages)[sizeof(err.message)] = xcalloc((size_t)n + 1, sizeof(*messages));
    int rc = 0, unknown = 0;
    for (int i = 0; i < n; i++) {
        Zhucun__Reply *reply = NULL;
        Zhucun__Cli__OutboxResult r = ZHUCUN__CLI__OUTBOX_RESULT__INIT;
        r.call = v[i].call;
        r.idempotency_key = v[i].key;
        if (zc_resend(c, &v[i], &reply, &err) == 0) {
            r.status = "OK";
            r.message = "";
            if (!cli->json)
                printf(_("%s（键 %.12s…）：完成\n"), v[i].call, v[i].key);
        } else {
            r.status = (char *)status_code_name(err.code);
            snprintf(messages[i], sizeof(messages[i]), "%s", err.message);
            r.message = messages[i];
            r.outcome_unknown = err.outcome_unknown;
            if (!cli->json)
                fprintf(stderr, _("zhucun: %s（键 %.12s…）：%s\n"), v[i].call, v[i].key,
                        err.message);
            unknown |= err.outcome_unknown;
            rc = err.outcome_unknown ? EXIT_OUTCOME_UNKNOWN : status_exit_code(err.code);
        }
        zc_reply_free(reply);
        rows[i] = r;
        ptrs[i] = &rows[i];
    }
    zc_close(c);
    if (cli->json) {
        Zhucun__Cli__OutboxRetry out = ZHUCUN__CLI__OUTBOX_RETRY__INIT;
        out.n_results = (size_t)n;
        out.results = ptrs;
        cli_json(&out.base);
    } else if (n == 0) {
        printf(_("发件箱里没有这个账号在这台服务器上结果未知的写入\n"));
    }
    free(messages);
    free(ptrs);
    free(rows);
    zc_outbox_entries_free(v, n);
    return unknown ? EXIT_OUTCOME_UNKNOWN : rc;
}

const struct cli_command cli_outbox_commands[] = {
    {"outbox", NULL, list, NULL,
     N_("zhucun outbox\n"
        "    列出发件箱里结果未知的写入（连接中断、超时后没有得到答复的写入）\n"),
     ""},
    {"outbox", "retry", retry, NULL,
     N_("zhucun outbox retry\n"
        "    用原来的幂等键重新发送当前账号的这些写入：已经生效的不会再写一次\n"),
     ""},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
