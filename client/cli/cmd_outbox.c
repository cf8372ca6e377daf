/* cmd_outbox.c -- zhucun outbox: the keyed writes kept in the outbox (their outcome unknown,
 * waiting to be sent, refused when sent), sending them in order with their keys, dropping one
 * (docs/cli.md, "Outcome unknown" and "Working offline"). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/instant.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "cli.pb-c.h"
#include "outbox.h"
#include "zc_calls.h"

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

/* Every entry of the file, whoever and wherever it is for: *v and how many, or -1 after
 * saying why. */
static int read_entries(const struct cli *cli, struct zc_outbox_entry **v)
{
    struct zc_outbox *ob = open_outbox(cli);
    if (ob == NULL)
        return -1;
    char why[600];
    int n = zc_outbox_list(ob, NULL, NULL, v, why, sizeof(why));
    zc_outbox_close(ob);
    if (n < 0)
        fprintf(stderr, "zhucun: %s\n", why);
    return n;
}

/* The state as people read it. */
static const char *state_text(enum zc_outbox_state state)
{
    switch (state) {
    case ZC_OUTBOX_WAITING:
        return _("等待发送");
    case ZC_OUTBOX_REFUSED:
        return _("被拒绝");
    default:
        return _("结果未知");
    }
}

static void list_json(const struct zc_outbox_entry *v, int n)
{
    Zhucun__Cli__OutboxList l = ZHUCUN__CLI__OUTBOX_LIST__INIT;
    Zhucun__Cli__OutboxEntry *rows = xcalloc((size_t)n + 1, sizeof(*rows));
    Zhucun__Cli__OutboxEntry **ptrs = xcalloc((size_t)n + 1, sizeof(*ptrs));
    char(*at)[INSTANT_TEXT_MAX] = xcalloc((size_t)n + 1, sizeof(*at));
    for (int i = 0; i < n; i++) {
        Zhucun__Cli__OutboxEntry e = ZHUCUN__CLI__OUTBOX_ENTRY__INIT;
        e.id = v[i].id;
        e.call = (char *)v[i].call;
        e.idempotency_key = (char *)v[i].key;
        e.server = (char *)v[i].server;
        e.username = (char *)v[i].username;
        e.created_at =
            (char *)rules_instant_format(v[i].created_at * 1000000LL, INSTANT_RFC3339, at[i]);
        e.attempts = (uint32_t)v[i].attempts;
        e.last_error = (char *)v[i].last_error;
        e.body_sha256 = (char *)v[i].body_hash;
        e.state = (char *)zc_outbox_state_name(v[i].state);
        e.refused_status = v[i].state == ZC_OUTBOX_REFUSED
                               ? (char *)status_code_name((Zhucun__Code)v[i].refused_code)
                               : "";
        e.refused_message = (char *)v[i].refused_message;
        e.refused_field = (char *)v[i].refused_field;
        rows[i] = e;
        ptrs[i] = &rows[i];
    }
    l.n_entries = (size_t)n;
    l.entries = ptrs;
    cli_json(&l.base);
    free(at);
    free(ptrs);
    free(rows);
}

/* zhucun outbox [list]: every entry of the file, oldest first. */
static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    struct zc_outbox_entry *v = NULL;
    int n = read_entries(cli, &v);
    if (n < 0)
        return 1;
    if (cli->json) {
        list_json(v, n);
    } else if (n == 0) {
        printf(_("发件箱是空的\n"));
    } else {
        char at[INSTANT_TEXT_MAX];
        int count[ZC_OUTBOX_STATES] = {0};
        for (int i = 0; i < n; i++) {
            count[v[i].state]++;
            printf(_("%lld  %s  %s  %s  %s@%s  已发 %d 次  键 %.12s…  %s\n"), (long long)v[i].id,
                   state_text(v[i].state),
                   rules_instant_format(v[i].created_at * 1000000LL, INSTANT_MINUTES, at),
                   v[i].call, v[i].username, v[i].server, v[i].attempts, v[i].key, v[i].last_error);
            if (v[i].state == ZC_OUTBOX_REFUSED && v[i].refused_field[0] != '\0')
                printf(_("    服务器拒绝（%s）：%s（字段 %s）\n"),
                       status_code_name((Zhucun__Code)v[i].refused_code), v[i].refused_message,
                       v[i].refused_field);
            else if (v[i].state == ZC_OUTBOX_REFUSED)
                printf(_("    服务器拒绝（%s）：%s\n"),
                       status_code_name((Zhucun__Code)v[i].refused_code), v[i].refused_message);
        }
        printf(_("共 %d 条：等待发送 %d，结果未知 %d，被拒绝 %d；zhucun outbox send "
                 "按顺序发送，被拒绝的用 zhucun outbox drop 编号 删除后改正重做\n"),
               n, count[ZC_OUTBOX_WAITING], count[ZC_OUTBOX_UNKNOWN], count[ZC_OUTBOX_REFUSED]);
    }
    zc_outbox_entries_free(v, n);
    return 0;
}

/* What zhucun outbox send collects of each entry, for its JSON and its exit code. */
struct sending {
    struct cli *cli;
    Zhucun__Cli__OutboxResult *rows;
    int n, cap;
    int last_refusal; /* the exit code of the last refusal (0 none) */
};

static const char *const outcome_names[] = {"landed", "refused", "unsent"};

/* zc_flush_cb: prints (or keeps, for --json) what became of one entry. */
static void sent_one(const struct zc_outbox_entry *e, enum zc_flush_outcome what,
                     const Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct sending *s = user;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->rows = xrealloc(s->rows, (size_t)s->cap * sizeof(*s->rows));
    }
    Zhucun__Cli__OutboxResult r = ZHUCUN__CLI__OUTBOX_RESULT__INIT;
    r.id = e->id;
    r.call = xstrdup(e->call);
    r.idempotency_key = xstrdup(e->key);
    r.outcome = (char *)outcome_names[what];
    r.status = (char *)(err == NULL ? "OK" : status_code_name(err->code));
    r.message = xstrdup(err == NULL ? "" : err->message);
    r.field = xstrdup(err == NULL ? "" : err->field);
    r.outcome_unknown = err != NULL && err->outcome_unknown;
    s->rows[s->n++] = r;
    if (what == ZC_FLUSH_REFUSED)
        s->last_refusal = status_exit_code(err->code);
    if (s->cli->json)
        return;
    if (what == ZC_FLUSH_LANDED)
        printf(_("%lld  %s：已送达\n"), (long long)e->id, e->call);
    else if (what == ZC_FLUSH_REFUSED && err->field[0] != '\0')
        printf(_("%lld  %s：被拒绝：%s（字段 %s）\n"), (long long)e->id, e->call, err->message,
               err->field);
    else if (what == ZC_FLUSH_REFUSED)
        printf(_("%lld  %s：被拒绝：%s\n"), (long long)e->id, e->call, err->message);
    else
        printf(_("%lld  %s：未发出：%s\n"), (long long)e->id, e->call, err->message);
}

/* zhucun outbox send (and retry, its old name): the account's waiting and unknown entries on
 * this server, in order, each with its key. Exit 0 when every one landed; else the exit code
 * of what stopped the sending (10 no server, 11 no answer, 7 another program is sending), else
 * that of the last refusal. */
static int send_all(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    struct zc_client *c;
    struct zc_error err = {0};
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    struct sending s = {.cli = cli};
    struct zc_flush_result res;
    int rc = zc_flush(c, sent_one, &s, &res, &err);
    zc_close(c);
    if (cli->json) {
        Zhucun__Cli__OutboxRetry out = ZHUCUN__CLI__OUTBOX_RETRY__INIT;
        Zhucun__Cli__OutboxResult **ptrs = xcalloc((size_t)s.n + 1, sizeof(*ptrs));
        for (int i = 0; i < s.n; i++)
            ptrs[i] = &s.rows[i];
        out.n_results = (size_t)s.n;
        out.results = ptrs;
        out.landed = (uint32_t)res.landed;
        out.refused = (uint32_t)res.refused;
        out.left = (uint32_t)res.left;
        out.stopped = rc != 0 ? err.message : "";
        cli_json(&out.base);
        free(ptrs);
    } else if (res.landed + res.refused == 0 && rc == 0) {
        printf(_("发件箱里没有这个账号在这台服务器上要发送的写入\n"));
    } else {
        printf(_("已送达 %d 条，被拒绝 %d 条，未发出 %d 条\n"), res.landed, res.refused, res.left);
    }
    for (int i = 0; i < s.n; i++) {
        free(s.rows[i].call);
        free(s.rows[i].idempotency_key);
        free(s.rows[i].message);
        free(s.rows[i].field);
    }
    free(s.rows);
    if (rc != 0)
        return cli_fail(&err);
    if (res.left > 0)
        return EXIT_UNAVAILABLE;
    return s.last_refusal;
}

/* zhucun outbox drop ID: removes one entry of the file. */
static int drop(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    int rc = cli_id("ID", argv[0], &id);
    if (rc != 0)
        return rc;
    struct zc_outbox_entry *v = NULL;
    int n = read_entries(cli, &v);
    if (n < 0)
        return 1;
    int at = -1;
    for (int i = 0; i < n && at < 0; i++)
        if (v[i].id == id)
            at = i;
    struct zc_outbox *ob = at >= 0 ? open_outbox(cli) : NULL;
    char why[600];
    if (at < 0) {
        fprintf(stderr, _("zhucun: 发件箱里没有第 %lld 条（zhucun outbox list 列出编号）\n"), id);
        rc = status_exit_code(ZHUCUN__CODE__NOT_FOUND);
    } else if (ob == NULL) {
        rc = 1;
    } else if (zc_outbox_drop(ob, id, why, sizeof(why)) < 0) {
        fprintf(stderr, "zhucun: %s\n", why);
        rc = 1;
    } else {
        printf(_("已从发件箱删除第 %lld 条（%s，%s）\n"), id, v[at].call, state_text(v[at].state));
        if (v[at].state == ZC_OUTBOX_UNKNOWN)
            fprintf(stderr, _("zhucun: 这条写入可能已经生效：它的幂等键已删除，再做一次可能重复"
                              "写入，请先在服务器上查看\n"));
    }
    zc_outbox_close(ob);
    zc_outbox_entries_free(v, n);
    return rc;
}

const struct cli_command cli_outbox_commands[] = {
    {"outbox", NULL, list, NULL,
     N_("zhucun outbox [list]\n"
        "    列出发件箱：结果未知的写入、未连接时存入的写入（等待发送）、发送时被拒绝的写入\n"),
     ""},
    {"outbox", "list", list, NULL,
     N_("zhucun outbox list\n"
        "    列出发件箱的每一条：编号、状态、调用、时间、已发次数，被拒绝的还有原因和字段\n"),
     ""},
    {"outbox", "send", send_all, NULL,
     N_("zhucun outbox send\n"
        "    按顺序发送当前账号在这台服务器上等待发送和结果未知的写入，各用原来的幂等键\n"),
     ""},
    {"outbox", "retry", send_all, NULL,
     N_("zhucun outbox retry\n"
        "    zhucun outbox send 的旧名字\n"),
     ""},
    {"outbox", "drop", drop, NULL,
     N_("zhucun outbox drop 编号\n"
        "    从发件箱删除一条（被拒绝的写入改正后重做之前先删除它）\n"),
     ""},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
