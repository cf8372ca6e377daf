/* cli.c -- helpers every zhucun subcommand uses. */
#include "cli.h"

#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <termios.h>
#include <wchar.h>

#include <openssl/crypto.h>

#include "common/clock.h"
#include "common/pbjson.h"
#include "common/progress.h"
#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/rules/service.h"
#include "common/utf8.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "session_file.h"
#include "xlsx.h"

int cli_fail(const struct zc_error *err)
{
    if (err->field[0] != '\0')
        fprintf(stderr, _("zhucun: %s（字段 %s）\n"), err->message, err->field);
    else
        fprintf(stderr, "zhucun: %s\n", err->message);
    if (err->maybe_applied)
        fprintf(stderr,
                _("zhucun: 连接在答复之前断开，这一操作可能已经生效；再次运行之前请先查看\n"));
    if (err->queued)
        return EXIT_QUEUED;
    if (err->outcome_unknown) {
        fprintf(stderr, _("zhucun: 这一写入可能已经生效，也可能没有；它的幂等键留在发件箱里，"
                          "再次运行同一条命令不会重复写入（zhucun outbox 列出未决的写入）\n"));
        return EXIT_OUTCOME_UNKNOWN;
    }
    return status_exit_code(err->code);
}

void cli_json(const ProtobufCMessage *msg)
{
    pbjson_print(stdout, msg);
    fflush(stdout);
}

const ProtobufCMessage *cli_reply_body(const Zhucun__Reply *reply)
{
    /* The body is Reply's oneof: the member whose number its case holds. */
    const ProtobufCMessageDescriptor *d = reply->base.descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && f->id == (uint32_t)reply->body_case)
            return *(ProtobufCMessage *const *)((const char *)reply + f->offset);
    }
    return NULL;
}

/* One line from stdin (no newline) or, on a terminal, a prompt without echo. */
char *cli_read_secret(const char *prompt, int from_stdin)
{
    char buf[PASSWORD_MAX_BYTES + 4];
    FILE *in = stdin;
    FILE *tty = NULL;
    struct termios old, quiet;
    int restore = 0;
    if (!from_stdin) {
        tty = fopen("/dev/tty", "r+");
        if (tty == NULL) {
            fprintf(stderr, _("zhucun: 没有终端可以询问密码；请用 --password-stdin\n"));
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
    /* One line, read whole: a NUL byte (which a C string would silently cut at) or a line
     * longer than any password is refused, rather than sent cut short or left for the next
     * read (passwd reads two lines). */
    size_t n = 0;
    int ch, nul = 0, eof = 1;
    while ((ch = getc(in)) != EOF) {
        eof = 0;
        if (ch == '\n')
            break;
        if (ch == '\0')
            nul = 1;
        if (n < sizeof(buf) - 1)
            buf[n] = (char)ch;
        n++;
    }
    if (restore) {
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
        fputc('\n', tty);
    }
    if (tty != NULL)
        fclose(tty);
    if (n > 0 && n < sizeof(buf) && buf[n - 1] == '\r')
        n--;
    char *p = NULL;
    if (nul)
        fprintf(stderr, _("zhucun: 密码中含有空字符（U+0000）\n"));
    else if (n >= sizeof(buf))
        fprintf(stderr, _("zhucun: 密码过长（最多 %d 字节）\n"), PASSWORD_MAX_BYTES);
    else if (!eof) {
        buf[n] = '\0';
        p = xstrdup(buf);
    }
    OPENSSL_cleanse(buf, sizeof(buf));
    return p;
}

void cli_wipe(char *s)
{
    if (s != NULL) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

char *cli_session_path(struct cli *cli)
{
    if (cli->cfg.session != NULL)
        return xstrdup(cli->cfg.session);
    return session_default_path();
}

/* Sets up TLS resumption for this run once: cli->tls_path and tls_binding, or tls_off when
 * ZHUCUN_TLS_RESUME=0, when there is no session file or when the CA or the client
 * certificate cannot be read (the connection then says what is wrong). 0 when sessions are
 * kept. */
static int tls_resume_setup(struct cli *cli)
{
    if (cli->tls_path != NULL)
        return 0;
    if (cli->tls_off)
        return -1;
    const char *env = getenv("ZHUCUN_TLS_RESUME");
    char *path = NULL;
    if ((env != NULL && strcmp(env, "0") == 0) || cli->cfg.server == NULL || cli->cfg.ca == NULL ||
        (path = cli_session_path(cli)) == NULL ||
        session_tls_binding(cli->cfg.server, cli->cfg.ca, cli->cfg.cert, cli->tls_binding) != 0) {
        free(path);
        cli->tls_off = 1;
        return -1;
    }
    cli->tls_path = session_tls_path(path);
    free(path);
    return 0;
}

/* zc_tls_session_cb: the server issued a session; it replaces the saved one. Failing to save
 * it only costs the next call a full handshake, so the command goes on either way. */
static void keep_tls_session(const unsigned char *der, size_t len, void *user)
{
    struct cli *cli = user;
    if (session_tls_save(cli->tls_path, cli->tls_binding, der, len) != 0 && cli_debug("tls"))
        fprintf(stderr, "zhucun: tls_session_saved=0 error=\"%s\"\n", strerror(errno));
}

int cli_debug(const char *what)
{
    const char *env = getenv("ZHUCUN_DEBUG");
    return env != NULL && strstr(env, what) != NULL;
}

#define CONNECT_TRIES    3
#define CONNECT_PAUSE_MS 200

/* Connects as username (NULL: unknown), resuming token, and the TLS session saved for this
 * server when there is one. */
static int connect_as(struct cli *cli, const char *token, const char *username,
                      struct zc_client **c, struct zc_error *err)
{
    struct zc_options o = {
        .server = cli->cfg.server,
        .ca = cli->cfg.ca,
        .cert = cli->cfg.cert,
        .key = cli->cfg.key,
        .client_name = CLIENT_NAME,
        .session_token = token,
        .timeout_ms = (int)cli->cfg.timeout_ms,
        .outbox = cli->outbox,
        .username = username,
        .offline = cli->offline,
    };
    unsigned char *saved = NULL;
    size_t saved_len = 0;
    if (tls_resume_setup(cli) == 0) {
        saved = session_tls_load(cli->tls_path, cli->tls_binding, &saved_len);
        o.tls_session = saved;
        o.tls_session_len = saved_len;
        o.tls_session_cb = keep_tls_session;
        o.tls_session_user = cli;
    }
    /* A connection the server drops before it answers (UNAVAILABLE: a server stopping behind
     * a load balancer that still handed it this connection, docs/haproxy.md) is made again
     * after CONNECT_PAUSE_MS, doubling, up to CONNECT_TRIES in all; nothing was sent on it. A
     * refused certificate, a version the server does not speak, or offline, are not retried. */
    int rc = -1;
    for (int attempt = 0; attempt < CONNECT_TRIES; attempt++) {
        if (attempt > 0) {
            struct timespec pause = {0, (long)(CONNECT_PAUSE_MS << (attempt - 1)) * 1000000L};
            nanosleep(&pause, NULL);
        }
        rc = zc_connect(&o, c, err);
        if (rc == 0 || err->code != ZHUCUN__CODE__UNAVAILABLE || err->queued || cli->offline)
            break;
    }
    if (saved != NULL)
        OPENSSL_cleanse(saved, saved_len);
    free(saved);
    if (rc == 0 && cli_debug("tls"))
        fprintf(stderr, "zhucun: tls_resumed=%d\n", zc_tls_resumed(*c));
    return rc;
}

int cli_connect(struct cli *cli, const char *token, struct zc_client **c, struct zc_error *err)
{
    return connect_as(cli, token, NULL, c, err);
}

/* Connects with the cached session; fails with UNAUTHENTICATED when there is none. */
int cli_connect_session(struct cli *cli, struct zc_client **c, struct zc_error *err, int need_token)
{
    char *path = cli_session_path(cli);
    char *username = NULL;
    char *token = path ? session_load(path, cli->cfg.server, &username) : NULL;
    free(path);
    if (token == NULL && need_token) {
        err->code = ZHUCUN__CODE__UNAUTHENTICATED;
        snprintf(err->message, sizeof(err->message), _("尚未登录，请先运行 zhucun login 用户名"));
        err->field[0] = '\0';
        err->maybe_applied = 0;
        err->outcome_unknown = 0;
        return -1;
    }
    int rc = connect_as(cli, token, username, c, err);
    cli_wipe(token);
    free(username);
    return rc;
}

int cli_request(struct cli *cli, const ProtobufCMessage *body, Zhucun__Reply **out,
                struct zc_error *err)
{
    struct zc_client *c;
    *out = NULL;
    /* Refused before anything is sent, before connecting too (docs/client-lib.md). */
    if (zc_check(body, err) != 0 || cli_connect_session(cli, &c, err, 1) != 0)
        return -1;
    int rc = zc_request(c, body, NULL, out, err);
    zc_close(c);
    return rc;
}

int cli_request_import(struct cli *cli, const ProtobufCMessage *body, size_t lines,
                       Zhucun__Reply **out, struct zc_error *err)
{
    struct progress p;
    progress_start(&p, stderr, cli->quiet, NULL, NULL);
    progress_update(&p, _("已检查 %zu 行，正在发送……"), lines);
    int rc = cli_request(cli, body, out, err);
    if (rc != 0)
        progress_clear(&p); /* the errors start on a clean line */
    else
        progress_finish(&p, _("已检查并发送 %zu 行，用时 %.1f 秒"), lines, progress_elapsed(&p));
    return rc;
}

int cli_call(struct cli *cli, const ProtobufCMessage *body, Zhucun__Reply **out)
{
    struct zc_error err = {0};
    if (cli_request(cli, body, out, &err) == 0)
        return 0;
    zc_reply_free(*out);
    *out = NULL;
    return cli_fail(&err);
}

const char *cli_org_name(struct cli *cli, const char *code, char *buf, size_t cap)
{
    if (code == NULL || code[0] == '\0')
        return _("管辖范围");
    Zhucun__OrgShow s = ZHUCUN__ORG_SHOW__INIT;
    s.code = (char *)code;
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    if (cli_request(cli, &s.base, &reply, &err) == 0 && reply->org_unit != NULL &&
        reply->org_unit->name[0] != '\0')
        snprintf(buf, cap, "%s", reply->org_unit->name);
    else
        snprintf(buf, cap, "%s", code);
    zc_reply_free(reply);
    return buf;
}

int cli_fail_lines(Zhucun__Reply *reply, struct zc_error *err)
{
    int lines = 0;
    if (reply != NULL && reply->status != NULL)
        for (size_t i = 0; i < reply->status->n_fields; i++) {
            const char *m = reply->status->fields[i]->message;
            /* A refusal of the whole file repeats the summary as its one field error. */
            if (strcmp(m, err->message) == 0)
                continue;
            fprintf(stderr, "zhucun: %s\n", m);
            lines++;
        }
    zc_reply_free(reply);
    if (lines > 0)
        err->field[0] = '\0'; /* the lines named the fields */
    return cli_fail(err);
}

int cli_call_ok(struct cli *cli, const ProtobufCMessage *body, const char *done)
{
    Zhucun__Reply *reply;
    int rc = cli_call(cli, body, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(cli_reply_body(reply));
    else
        printf("%s\n", done);
    zc_reply_free(reply);
    return 0;
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

/* --evidence HEX: a file's SHA-256 in 64 hexadecimal digits, kept as the 32 bytes a request
 * carries; EXIT_USAGE, saying which, for anything else. */
static int evidence_add(struct cli *cli, const char *hex)
{
    if (cli->nevidence == CLI_MAX_EVIDENCE) {
        fprintf(stderr, _("zhucun: %s 最多 %d 个\n"), "--evidence", CLI_MAX_EVIDENCE);
        return EXIT_USAGE;
    }
    uint8_t *sha = cli->evidence_sha[cli->nevidence];
    if (strlen(hex) != 64 || strspn(hex, "0123456789abcdefABCDEF") != 64) {
        fprintf(stderr, _("zhucun: --evidence 应为已上传文件的 SHA-256（64 位十六进制）：%s\n"),
                hex);
        return EXIT_USAGE;
    }
    for (int k = 0; k < 32; k++)
        sscanf(hex + 2 * k, "%2hhx", &sha[k]);
    cli->evidence[cli->nevidence].data = sha;
    cli->evidence[cli->nevidence++].len = 32;
    return 0;
}

/* The options that only keep their text, or only say they were given: where each goes in
 * struct cli. The others (numbers, lists, options that set two things) are read below. */
static const struct simple_option {
    int code;
    enum { OPT_TEXT, OPT_FLAG } kind;
    size_t offset;
} simple_options[] = {
    {OPT_UNDER, OPT_TEXT, offsetof(struct cli, under)},
    {OPT_NAME, OPT_TEXT, offsetof(struct cli, name)},
    {OPT_LEVEL, OPT_TEXT, offsetof(struct cli, level)},
    {OPT_ORG, OPT_TEXT, offsetof(struct cli, org)},
    {OPT_LEADER, OPT_TEXT, offsetof(struct cli, leader)},
    {OPT_OFFICE, OPT_TEXT, offsetof(struct cli, office)},
    {OPT_PHONE, OPT_TEXT, offsetof(struct cli, phone)},
    {OPT_ROLE, OPT_TEXT, offsetof(struct cli, role)},
    {OPT_SCOPE, OPT_TEXT, offsetof(struct cli, scope)},
    {OPT_KIND, OPT_TEXT, offsetof(struct cli, kind)},
    {OPT_POST, OPT_TEXT, offsetof(struct cli, post)},
    {OPT_START, OPT_TEXT, offsetof(struct cli, start)},
    {OPT_END, OPT_TEXT, offsetof(struct cli, end)},
    {OPT_REASON, OPT_TEXT, offsetof(struct cli, reason)},
    {OPT_NOTE, OPT_TEXT, offsetof(struct cli, note)},
    {OPT_VILLAGE, OPT_TEXT, offsetof(struct cli, village)},
    {OPT_SINCE, OPT_TEXT, offsetof(struct cli, since)},
    {OPT_CATEGORY, OPT_TEXT, offsetof(struct cli, category)},
    {OPT_FROM, OPT_TEXT, offsetof(struct cli, from)},
    {OPT_SEARCH, OPT_TEXT, offsetof(struct cli, search)},
    {OPT_ADDRESS, OPT_TEXT, offsetof(struct cli, address)},
    {OPT_DATE, OPT_TEXT, offsetof(struct cli, date)},
    {OPT_MODE, OPT_TEXT, offsetof(struct cli, mode)},
    {OPT_AS_OF, OPT_TEXT, offsetof(struct cli, as_of)},
    {OPT_STATUS, OPT_TEXT, offsetof(struct cli, status)},
    {OPT_ON, OPT_TEXT, offsetof(struct cli, on)},
    {OPT_CHANNEL, OPT_TEXT, offsetof(struct cli, channel)},
    {OPT_TO, OPT_TEXT, offsetof(struct cli, to)},
    {OPT_FORMAT, OPT_TEXT, offsetof(struct cli, format)},
    {OPT_STATE, OPT_TEXT, offsetof(struct cli, state)},
    {OPT_OUT, OPT_TEXT, offsetof(struct cli, out)},
    {OPT_PERIOD, OPT_TEXT, offsetof(struct cli, period)},
    {OPT_BY, OPT_TEXT, offsetof(struct cli, by)},
    {OPT_XLSX, OPT_TEXT, offsetof(struct cli, xlsx)},
    {OPT_DEVICE, OPT_TEXT, offsetof(struct cli, device)},
    {OPT_WEEK, OPT_TEXT, offsetof(struct cli, week)},
    {OPT_PASSWORD_STDIN, OPT_FLAG, offsetof(struct cli, password_stdin)},
    {OPT_CERT_LOGIN, OPT_FLAG, offsetof(struct cli, cert_login)},
    {OPT_NO_TAGS, OPT_FLAG, offsetof(struct cli, set_tags)},
    {OPT_PARTY, OPT_FLAG, offsetof(struct cli, party)},
    {OPT_HISTORY, OPT_FLAG, offsetof(struct cli, history)},
    {OPT_ABSENT, OPT_FLAG, offsetof(struct cli, absent)},
    {OPT_PRESENT, OPT_FLAG, offsetof(struct cli, present)},
    {OPT_FOLLOW, OPT_FLAG, offsetof(struct cli, follow)},
    {OPT_UNMET, OPT_FLAG, offsetof(struct cli, unmet)},
    {OPT_MOCK, OPT_FLAG, offsetof(struct cli, mock)},
    {OPT_SHORT, OPT_FLAG, offsetof(struct cli, short_only)},
    {OPT_CALLS, OPT_FLAG, offsetof(struct cli, calls)},
    {OPT_PLACE, OPT_TEXT, offsetof(struct cli, place)},
    {OPT_CHRONIC, OPT_TEXT, offsetof(struct cli, chronic)},
    {OPT_COST, OPT_TEXT, offsetof(struct cli, cost)},
    {OPT_OWN, OPT_TEXT, offsetof(struct cli, own)},
    {OPT_RENOVATION, OPT_TEXT, offsetof(struct cli, renovation)},
    {OPT_WORK, OPT_TEXT, offsetof(struct cli, work)},
    {OPT_TRAINING, OPT_TEXT, offsetof(struct cli, training)},
    {OPT_SUBSIDY, OPT_TEXT, offsetof(struct cli, subsidy)},
    {OPT_YEAR, OPT_TEXT, offsetof(struct cli, year)},
    {OPT_DELIVERED, OPT_FLAG, offsetof(struct cli, delivered)},
    {OPT_MONTH, OPT_TEXT, offsetof(struct cli, month)},
    {OPT_AREA, OPT_TEXT, offsetof(struct cli, area)},
    {OPT_LIST, OPT_TEXT, offsetof(struct cli, list)},
    {OPT_TOPIC, OPT_TEXT, offsetof(struct cli, topic)},
    {OPT_DEADLINE, OPT_TEXT, offsetof(struct cli, deadline)},
    {OPT_URGENT, OPT_FLAG, offsetof(struct cli, urgent)},
    {OPT_ACK, OPT_TEXT, offsetof(struct cli, ack)},
    {OPT_MEDIATION, OPT_TEXT, offsetof(struct cli, mediation)},
    {OPT_AMOUNT, OPT_TEXT, offsetof(struct cli, amount)},
    {OPT_STEP, OPT_TEXT, offsetof(struct cli, step)},
    {OPT_OPEN, OPT_FLAG, offsetof(struct cli, open_only)},
    {OPT_AWARD, OPT_TEXT, offsetof(struct cli, award)},
    {OPT_TITLE, OPT_TEXT, offsetof(struct cli, title)},
    {OPT_SAMPLE, OPT_TEXT, offsetof(struct cli, sample)},
    {OPT_SCORE, OPT_TEXT, offsetof(struct cli, score)},
    {OPT_NOT_REACHED, OPT_FLAG, offsetof(struct cli, not_reached)},
    {OPT_PLATFORM, OPT_TEXT, offsetof(struct cli, platform)},
    {OPT_URL, OPT_TEXT, offsetof(struct cli, url)},
    {OPT_MINUTES, OPT_TEXT, offsetof(struct cli, minutes)},
    {OPT_VILLAGES, OPT_TEXT, offsetof(struct cli, villages)},
    {OPT_BUDGET, OPT_TEXT, offsetof(struct cli, budget)},
    {OPT_RESPONSIBLE, OPT_TEXT, offsetof(struct cli, responsible)},
    {OPT_EXPECTED, OPT_TEXT, offsetof(struct cli, expected)},
    {OPT_BENEFICIARIES, OPT_TEXT, offsetof(struct cli, beneficiaries)},
    {OPT_SORT, OPT_TEXT, offsetof(struct cli, sort)},
    {OPT_OFFSET, OPT_TEXT, offsetof(struct cli, offset)},
    {OPT_UPKEEP, OPT_TEXT, offsetof(struct cli, upkeep)},
    {OPT_VERDICT, OPT_TEXT, offsetof(struct cli, verdict)},
    {OPT_FOUND, OPT_TEXT, offsetof(struct cli, found)},
    {OPT_DRY_RUN, OPT_FLAG, offsetof(struct cli, dry_run)},
    {OPT_PDF, OPT_TEXT, offsetof(struct cli, pdf)},
    {OPT_HALF, OPT_TEXT, offsetof(struct cli, half)},
    {OPT_QUARTER, OPT_TEXT, offsetof(struct cli, quarter)},
    {OPT_MET, OPT_TEXT, offsetof(struct cli, met)},
    {OPT_COUNTY, OPT_TEXT, offsetof(struct cli, county)},
    {OPT_OFFICES, OPT_TEXT, offsetof(struct cli, offices)},
    {OPT_TREND, OPT_TEXT, offsetof(struct cli, trend)},
    {OPT_COMMANDS, OPT_FLAG, offsetof(struct cli, commands)},
};

int cli_set_option(struct cli *cli, int code, const char *arg)
{
    for (size_t i = 0; i < sizeof(simple_options) / sizeof(*simple_options); i++) {
        const struct simple_option *o = &simple_options[i];
        if (o->code != code)
            continue;
        if (o->kind == OPT_TEXT)
            *(const char **)((char *)cli + o->offset) = arg;
        else
            *(int *)((char *)cli + o->offset) = 1;
        return 0;
    }
    long long id;
    switch (code) {
    case OPT_COUNT:
        return cli_int("--count", arg, 1, PING_MAX_COUNT, &cli->count);
    case OPT_PIPELINE:
        return cli_int("--pipeline", arg, 1, PING_MAX_PIPELINE, &cli->pipeline);
    case OPT_DEPTH:
        return cli_int("--depth", arg, 0, 4, &cli->depth);
    case OPT_LAT:
        cli->has_lat = 1;
        return cli_real("--lat", arg, -90, 90, &cli->lat);
    case OPT_LON:
        cli->has_lon = 1;
        return cli_real("--lon", arg, -180, 180, &cli->lon);
    case OPT_GEOFENCE:
        return cli_int("--geofence", arg, GEOFENCE_MIN_M, GEOFENCE_MAX_M, &cli->geofence);
    case OPT_TAG:
        cli->set_tags = 1;
        return add_to(cli->tags, &cli->ntags, CLI_MAX_TAGS, "--tag", arg);
    case OPT_UNIT:
        return cli_id("--unit", arg, &cli->unit);
    case OPT_MEMBER:
        return add_to(cli->members, &cli->nmembers, CLI_MAX_MEMBERS, "--member", arg);
    case OPT_HOUSEHOLD:
        return cli_id("--household", arg, &cli->household);
    case OPT_CADRE:
        if (cli_id("--cadre", arg, &id) != 0)
            return EXIT_USAGE;
        if (cli->ncadres == CLI_MAX_CADRES) {
            fprintf(stderr, _("zhucun: %s 最多 %d 个\n"), "--cadre", CLI_MAX_CADRES);
            return EXIT_USAGE;
        }
        cli->cadres[cli->ncadres++] = id;
        return 0;
    case OPT_PROBLEM:
        return add_to(cli->problems, &cli->nproblems, CLI_MAX_PROBLEMS, "--problem", arg);
    case OPT_PERSON:
        return cli_id("--person", arg, &cli->person);
    case OPT_TEAM:
        return cli_id("--team", arg, &cli->team);
    case OPT_NEW_HEAD:
    case OPT_RECORD:
        return cli_id("--record", arg, &cli->record);
    case OPT_THUMBNAIL:
        cli->thumbnail = 1;
        return 0;
        return cli_id("--new-head", arg, &cli->new_head);
    case OPT_AFTER:
        return cli_id("--after", arg, &cli->after);
    case OPT_LIMIT:
        return cli_int("--limit", arg, 0, CLI_MAX_LIMIT, &cli->limit);
    case OPT_ACCURACY:
        cli->has_accuracy = 1;
        return cli_real("--accuracy", arg, 0, CLI_MAX_ACCURACY_M, &cli->accuracy);
    case OPT_BATCH:
        return cli_int("--batch", arg, 1, CLI_MAX_LIMIT, &cli->batch);
    case OPT_MEMBERS:
        return cli_int("--members", arg, 0, CLI_MAX_LIMIT, &cli->members_counted);
    case OPT_MEASURE:
        return add_to(cli->measures, &cli->nmeasures, CLI_MAX_MEASURES, "--measure", arg);
    case OPT_FUND:
        return add_to(cli->funds, &cli->nfunds, CLI_MAX_FUNDS, "--fund", arg);
    case OPT_EVIDENCE:
        return evidence_add(cli, arg);
    case OPT_FOLLOWS:
        return cli_id("--follows", arg, &cli->follows);
    case OPT_HANDLER:
        return cli_id("--handler", arg, &cli->handler);
    case OPT_RANK:
        return cli_int("--rank", arg, 0, CONTEST_RANK_MAX, &cli->rank);
    case OPT_QUESTION:
        return add_to(cli->questions, &cli->nquestions, CLI_MAX_QUESTIONS, "--question", arg);
    case OPT_ANSWER:
        return add_to(cli->answers, &cli->nanswers, CLI_MAX_QUESTIONS, "--answer", arg);
    case OPT_MISSING:
        return add_to(cli->missing, &cli->nmissing, CLI_MAX_MISSING, "--missing", arg);
    case OPT_LINK:
        return add_to(cli->links, &cli->nlinks, CLI_MAX_LINKS, "--link", arg);
    }
    return EXIT_USAGE; /* not an option of any command: main does not pass one */
}

int cli_call_show(struct cli *cli, const ProtobufCMessage *body, cli_text_fn text)
{
    Zhucun__Reply *reply;
    int rc = cli_call(cli, body, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(cli_reply_body(reply));
    else
        text(cli, reply);
    zc_reply_free(reply);
    return 0;
}

int cli_follow(struct cli *cli, struct zc_client *c, Zhucun__Reply__BodyCase kind, cli_text_fn text,
               struct zc_error *err)
{
    for (;;) {
        Zhucun__Reply *reply = NULL;
        if (zc_recv(c, &reply, CLI_FOLLOW_POLL_MS, err) == 0) {
            int failed = 0;
            if (reply->id == 0 && reply->body_case == kind) {
                if (cli->json)
                    cli_json(cli_reply_body(reply));
                else
                    text(cli, reply);
                fflush(stdout);
            } else if (reply->id == 0 && zc_status(reply, err) != 0) {
                failed = 1; /* the server closes the connection: say why */
            }
            zc_reply_free(reply);
            if (failed)
                return -1;
            continue;
        }
        /* Quiet for a while: is the connection still there? */
        Zhucun__Ping ping = ZHUCUN__PING__INIT;
        reply = NULL;
        int rc = zc_ping(c, &ping, &reply, err);
        zc_reply_free(reply);
        if (rc != 0)
            return -1;
    }
}

int cli_usage(const struct cli *cli)
{
    fprintf(stderr, _("用法：\n%s"), cli->usage);
    return EXIT_USAGE;
}

/* 1 when s is [-]digits[.digits] (the sign only when allowed, the fraction only when
 * fraction): strtoll and strtod also take spaces, '+', hex, "inf" and "nan". */
static int decimal_text(const char *s, int sign, int fraction)
{
    if (sign && *s == '-')
        s++;
    size_t n = strspn(s, "0123456789");
    if (n == 0)
        return 0;
    s += n;
    if (fraction && *s == '.') {
        n = strspn(s + 1, "0123456789");
        if (n == 0)
            return 0;
        s += 1 + n;
    }
    return *s == '\0';
}

int cli_parse_int(const char *text, long long min, long long max, long long *out)
{
    if (!decimal_text(text, min < 0, 0))
        return -1;
    errno = 0;
    long long v = strtoll(text, NULL, 10);
    if (errno != 0 || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_int(const char *name, const char *text, long long min, long long max, long long *out)
{
    if (cli_parse_int(text, min, max, out) == 0)
        return 0;
    if (min == 1 && max == INT64_MAX)
        fprintf(stderr, _("zhucun: %s 应为正整数（收到 “%s”）\n"), name, text);
    else
        fprintf(stderr, _("zhucun: %s 应为 %lld 到 %lld 之间的整数（收到 “%s”）\n"), name, min, max,
                text);
    return EXIT_USAGE;
}

int cli_id(const char *name, const char *text, long long *out)
{
    return cli_int(name, text, 1, INT64_MAX, out);
}

int cli_real(const char *name, const char *text, double min, double max, double *out)
{
    if (decimal_text(text, min < 0, 1)) {
        errno = 0;
        double v = strtod(text, NULL);
        if (errno == 0 && v >= min && v <= max) {
            *out = v;
            return 0;
        }
    }
    fprintf(stderr, _("zhucun: %s 应为 %g 到 %g 之间的数（收到 “%s”）\n"), name, min, max, text);
    return EXIT_USAGE;
}

char *cli_read_import(const char *path, size_t *len, int *rc)
{
    char *text = cli_read_file(path, CLI_IMPORT_MAX, len);
    if (text == NULL) {
        fprintf(stderr, _("zhucun: 无法读取 %s：%s\n"), path, strerror(errno));
        *rc = 1;
        return NULL;
    }
    struct utf8_where at;
    if (*len > CLI_IMPORT_MAX || strlen(text) != *len) {
        fprintf(stderr, _("zhucun: %s：%s\n"), path,
                *len > CLI_IMPORT_MAX ? _("文件超过 4 MiB") : _("文件含有 NUL 字节，不是文本文件"));
    } else if (!utf8_check(text, *len, &at)) {
        /* Most often a spreadsheet saved as GBK: say where, so the line can be found. */
        fprintf(stderr,
                _("zhucun: %s：第 %d 行第 %d 个字符（该行第 %zu 个字节）不是有效的 UTF-8 文本；"
                  "文件可能是 GBK 编码，请另存为 UTF-8\n"),
                path, at.line, at.column, at.byte_column);
    } else {
        return text;
    }
    free(text);
    *rc = 6;
    return NULL;
}

char *cli_read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap + 1);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n > max)
            break;
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
    }
    if (f != stdin)
        fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

const char *cli_category_zh(const char *c)
{
    return strcmp(c, "poverty_alleviated") == 0 ? _("脱贫户")
           : strcmp(c, "monitored") == 0        ? _("监测户")
           : strcmp(c, "ordinary") == 0         ? _("一般户")
                                                : c;
}

const char *cli_relation_zh(const char *r)
{
    static const char *const names[][2] = {
        {"head", N_("户主")},        {"spouse", N_("配偶")},       {"child", N_("子女")},
        {"parent", N_("父母")},      {"grandchild", N_("孙子女")}, {"grandparent", N_("祖父母")},
        {"sibling", N_("兄弟姐妹")}, {"in_law", N_("儿媳或女婿")}, {"other", N_("其他")},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i][0], r) == 0)
            return _(names[i][1]);
    return r;
}

int cli_xlsx_done(struct xlsx_book *b)
{
    char *path = xstrdup(xlsx_path(b));
    int rc = xlsx_close(b);
    if (rc == 0)
        printf(_("已导出 %s\n"), path);
    free(path);
    return rc == 0 ? 0 : EXIT_FAILURE;
}

void cli_print_row(const char *const *cells, const int *widths, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            putchar(' ');
        cli_print_cell(cells[i], widths[i] > 0 ? widths[i] : -widths[i], widths[i] < 0);
    }
    putchar('\n');
}

const char *cli_day_or_today(const struct cli *cli, char day[11])
{
    if (cli->date != NULL)
        return cli->date;
    rules_date_format(zc_clock_today(), day);
    return day;
}

const char *cli_unit_level_zh(const char *level)
{
    return strcmp(level, "central") == 0    ? _("中央单位")
           : strcmp(level, "province") == 0 ? _("省直单位")
           : strcmp(level, "city") == 0     ? _("市直单位")
           : strcmp(level, "county") == 0   ? _("县直单位")
                                            : level;
}

const char *cli_approval_status_zh(const char *s)
{
    return strcmp(s, "pending") == 0    ? _("审批中")
           : strcmp(s, "approved") == 0 ? _("已批准")
           : strcmp(s, "rejected") == 0 ? _("已驳回")
           : strcmp(s, "returned") == 0 ? _("已退回修改")
                                        : _("已撤销");
}

void cli_print_cell(const char *s, int width, int right)
{
    static locale_t utf8;
    if (utf8 == (locale_t)0)
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    int used = 0;
    if (utf8 != (locale_t)0) {
        locale_t before = uselocale(utf8);
        mbstate_t st;
        memset(&st, 0, sizeof(st));
        const char *p = s;
        size_t left = strlen(s);
        wchar_t wc;
        size_t n;
        while (left > 0 && (n = mbrtowc(&wc, p, left, &st)) != 0 && n <= left) {
            int w = wcwidth(wc);
            used += w > 0 ? w : 1;
            p += n;
            left -= n;
        }
        uselocale(before);
    } else {
        used = (int)strlen(s);
    }
    for (int k = used; right && k < width; k++)
        putchar(' ');
    fputs(s, stdout);
    for (; !right && used < width; used++)
        putchar(' ');
}
