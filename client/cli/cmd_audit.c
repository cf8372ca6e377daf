/* cmd_audit.c -- zhucun audit verify: walks the hash-chained audit trail through repeated
 * AuditVerify calls on one connection, each resuming after the last intact row of the one
 * before, with rows verified and their rate as progress on a terminal's stderr (docs/cli.md,
 * "Progress"), and says how far sealing lags
 * (docs/audit.md). A broken chain exits 7. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/progress.h"
#include "common/rules/instant.h"
#include "common/status.h"
#include "cli.pb-c.h"

/* What the walk found, over all calls. */
struct walk {
    unsigned long long checked;
    long long first_seq, last_seq;
    char first_at[40], last_at[40], last_hash[65];
    int trusted_start;
    double seconds;
    /* how far sealing lags, from the call that reached the end */
    unsigned long long unsealed, unsealed_age_ms;
    char unsealed_oldest_at[40];
};

static void broken_text(const struct walk *w, const Zhucun__AuditVerifyReply *v)
{
    char at[INSTANT_TEXT_MAX];
    if (strcmp(v->problem, "head") == 0) {
        printf(_("审计链的末尾断裂：链止于 seq %lld，而封存已到 seq %lld，seq %lld "
                 "之后的记录已被删除\n"),
               (long long)v->prev_seq, (long long)v->bad_seq, (long long)v->prev_seq);
        printf(_("此前 %llu 行完好（用时 %.1f 秒）\n"), w->checked, w->seconds);
        return;
    }
    printf(_("审计链断裂于 seq %lld（时间 %s，操作 %s）："), (long long)v->bad_seq,
           rules_instant_restyle(v->bad_at, INSTANT_SECONDS, at), v->bad_action);
    if (strcmp(v->problem, "hash") == 0)
        printf(_("该行存储的哈希与其内容不符，该行已被改动\n"));
    else if (strcmp(v->problem, "unsealed") == 0)
        printf(_("该行没有哈希，其后却有已封存的行：该行的封存被删除\n"));
    else if (v->prev_seq == 0)
        printf(_("它是第一行，但其 prev_hash 不是起始值（32 个零字节），之前的记录已缺失\n"));
    else if (v->bad_seq - v->prev_seq > 1)
        printf(_("其 prev_hash 不是前一行（seq %lld）的哈希：二者之间的记录（seq %lld 至 %lld）"
                 "缺失，或 seq %lld 的哈希被改写\n"),
               (long long)v->prev_seq, (long long)v->prev_seq + 1, (long long)v->bad_seq - 1,
               (long long)v->prev_seq);
    else
        printf(_("其 prev_hash 不是前一行（seq %lld）的哈希：前一行的哈希被改写\n"),
               (long long)v->prev_seq);
    printf(_("此前 %llu 行完好（用时 %.1f 秒）\n"), w->checked, w->seconds);
}

/* --json: the whole walk as one AuditWalk (client/cli/cli.proto), by the one writer. */
static void json_out(const struct walk *w, const Zhucun__AuditVerifyReply *bad)
{
    Zhucun__Cli__AuditWalk walk = ZHUCUN__CLI__AUDIT_WALK__INIT;
    Zhucun__Cli__AuditBreak brk = ZHUCUN__CLI__AUDIT_BREAK__INIT;
    walk.ok = bad == NULL;
    walk.checked = w->checked;
    walk.first_seq = w->first_seq;
    walk.first_at = (char *)w->first_at;
    walk.trusted_start = w->trusted_start;
    walk.last_seq = w->last_seq;
    walk.last_at = (char *)w->last_at;
    walk.last_hash = (char *)w->last_hash;
    if (bad != NULL) {
        brk.seq = bad->bad_seq;
        brk.at = bad->bad_at;
        brk.action = bad->bad_action;
        brk.problem = bad->problem;
        brk.prev_seq = bad->prev_seq;
        walk.broken = &brk;
    }
    walk.seconds = (double)(long long)(w->seconds * 1000 + 0.5) / 1000;
    walk.rows_per_second = w->seconds > 0 ? (uint64_t)(w->checked / w->seconds + 0.5) : 0;
    walk.unsealed = w->unsealed;
    walk.unsealed_oldest_at = (char *)w->unsealed_oldest_at;
    walk.unsealed_age_seconds = (double)w->unsealed_age_ms / 1000;
    cli_json(&walk.base);
}

/* How far sealing lags: one line after an intact walk. */
static void lag_text(const struct walk *w)
{
    char at[INSTANT_TEXT_MAX];
    if (w->unsealed == 0)
        printf(_("封存：已提交的记录均已封存\n"));
    else
        printf(_("封存滞后：%llu 行尚未封存，最早一行写于 %s（%.1f 秒前）\n"), w->unsealed,
               rules_instant_restyle(w->unsealed_oldest_at, INSTANT_SECONDS, at),
               (double)w->unsealed_age_ms / 1000);
}

static int verify(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    struct zc_error err = {0};
    struct zc_client *c;
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    struct walk w = {0};
    Zhucun__AuditVerify av = ZHUCUN__AUDIT_VERIFY__INIT;
    av.from = (char *)(cli->from ? cli->from : "");
    av.limit = cli->batch > 0 ? (uint64_t)cli->batch : 0;
    struct progress p; /* and the walk's clock */
    progress_start(&p, stderr, cli->quiet, NULL, NULL);
    char at[INSTANT_TEXT_MAX];
    int rc = 0, first = 1;
    for (;;) {
        Zhucun__Reply *reply = NULL;
        if (zc_audit_verify(c, &av, &reply, &err) != 0) {
            zc_reply_free(reply);
            progress_clear(&p);
            rc = cli_fail(&err);
            if (w.checked > 0)
                fprintf(stderr, _("zhucun: 中断前已校验 %llu 行，至 seq %lld\n"), w.checked,
                        w.last_seq);
            break;
        }
        const Zhucun__AuditVerifyReply *v = reply->audit_verify;
        if (first) {
            first = 0;
            w.first_seq = v->first_seq;
            w.trusted_start = v->trusted_start;
            snprintf(w.first_at, sizeof(w.first_at), "%s", v->first_at);
            if (w.trusted_start && !cli->json)
                printf(_("从 seq %lld（时间 %s）开始，即 %s 当时或之后的第一行；"
                         "该行的 prev_hash 视为可信，未校验\n"),
                       (long long)w.first_seq,
                       rules_instant_restyle(w.first_at, INSTANT_SECONDS, at), cli->from);
        }
        w.checked += v->checked;
        if (v->last_seq != 0) {
            w.last_seq = v->last_seq;
            snprintf(w.last_at, sizeof(w.last_at), "%s", v->last_at);
            snprintf(w.last_hash, sizeof(w.last_hash), "%s", v->last_hash);
        }
        w.seconds = progress_elapsed(&p);
        w.unsealed = v->unsealed;
        w.unsealed_age_ms = v->unsealed_age_ms;
        snprintf(w.unsealed_oldest_at, sizeof(w.unsealed_oldest_at), "%s", v->unsealed_oldest_at);
        if (v->broken || v->done) {
            progress_finish(&p, _("已校验 %llu 行，用时 %.1f 秒，%.0f 行/秒"), w.checked, w.seconds,
                            w.seconds > 0 ? w.checked / w.seconds : 0.0);
            if (cli->json)
                json_out(&w, v->broken ? v : NULL);
            else if (v->broken)
                broken_text(&w, v);
            else if (w.checked == 0)
                printf(_("审计链完整：没有%s记录\n"), cli->from ? _("该时间之后的") : "");
            else
                printf(_("审计链完整：校验 %llu 行（seq %lld 至 %lld），最后一行时间 %s，"
                         "哈希 %s；用时 %.1f 秒，%.0f 行/秒\n"),
                       w.checked, w.first_seq, w.last_seq,
                       rules_instant_restyle(w.last_at, INSTANT_SECONDS, at), w.last_hash,
                       w.seconds, w.seconds > 0 ? w.checked / w.seconds : 0.0);
            if (!cli->json && !v->broken)
                lag_text(&w);
            rc = v->broken ? status_exit_code(ZHUCUN__CODE__FAILED_PRECONDITION) : 0;
            zc_reply_free(reply);
            break;
        }
        progress_update(&p, _("已校验 %llu 行，至 seq %lld（%.0f 行/秒）"), w.checked, w.last_seq,
                        w.seconds > 0 ? w.checked / w.seconds : 0.0);
        av.after_seq = w.last_seq;
        av.after_hash = w.last_hash;
        zc_reply_free(reply);
    }
    zc_close(c);
    return rc;
}

static const struct option verify_options[] = {O_FROM, O_BATCH, OPT_END_};

const struct cli_command cli_audit_commands[] = {
    {"audit", "verify", verify, verify_options,
     N_("zhucun audit verify [--from 时间] [--batch 行数]\n"
        "    校验审计哈希链（各级办公室）；断裂时退出码为 7，并指出第一处断裂；\n"
        "    并说明封存滞后多少（尚未封存的行数及最早一行的时间）\n"),
     "AuditVerify"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
