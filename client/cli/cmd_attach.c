/* cmd_attach.c -- zhucun attach: evidence files uploaded in chunks (resuming after a broken
 * connection) and linked to a record, a record's files listed, a file or its thumbnail saved
 * (docs/attachments.md). */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/attach.h"
#include "common/rules/instant.h"
#include "common/status.h"
#include "zc_attach.h"

/* --kind and --record name a record: both or neither. */
static int record_given(struct cli *cli, int required)
{
    if ((cli->kind == NULL) != (cli->record == 0) || (required && cli->kind == NULL)) {
        fprintf(stderr,
                _("zhucun: --kind 和 --record 须一起给出（如 --kind household --record 12）\n"));
        return 0;
    }
    return 1;
}

static int add(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || !record_given(cli, 0))
        return cli_usage(cli);
    size_t len = 0;
    char *data = cli_read_file(argv[0], ATTACH_FILE_MAX, &len);
    if (data == NULL) {
        fprintf(stderr, _("zhucun: 无法读取文件 %s：%s\n"), argv[0], strerror(errno));
        return 1;
    }
    if (len > ATTACH_FILE_MAX || len == 0) {
        fprintf(stderr, _("zhucun: 文件 %s 应为 1 字节至 20 MiB\n"), argv[0]);
        free(data);
        return 6;
    }
    struct zc_error err = {0};
    struct zc_client *c;
    if (cli_connect_session(cli, &c, &err, 1) != 0) {
        free(data);
        return cli_fail(&err);
    }
    uint8_t sha[32];
    int thumbnail = 0;
    int rc = zc_attach_upload(c, (const uint8_t *)data, len, argv[0], NULL, sha, &thumbnail, NULL,
                              NULL, &err);
    free(data);
    if (rc != 0) {
        zc_close(c);
        return cli_fail(&err);
    }
    char hex[65];
    zc_attach_hex(sha, hex);
    Zhucun__Reply *reply = NULL;
    Zhucun__AttachLink al = ZHUCUN__ATTACH_LINK__INIT;
    ProtobufCBinaryData one = {32, sha};
    if (cli->kind != NULL) {
        al.kind = (char *)cli->kind;
        al.record_id = cli->record;
        al.n_sha256 = 1;
        al.sha256 = &one;
        if (zc_attach_link(c, &al, &reply, &err) != 0) {
            fprintf(stderr, _("zhucun: 文件已上传（%s），但未能附加到记录\n"), hex);
            zc_reply_free(reply);
            zc_close(c);
            return cli_fail(&err);
        }
    }
    zc_close(c);
    if (cli->json) {
        Zhucun__AttachFinishReply fr = ZHUCUN__ATTACH_FINISH_REPLY__INIT;
        fr.sha256 = one;
        fr.size = (int64_t)len;
        fr.thumbnail = thumbnail;
        fr.mime = (char *)rules_attach_mime_for_name(argv[0]);
        cli_json(&fr.base);
    } else {
        printf("%s\n", hex);
        if (cli->kind != NULL)
            printf(_("已附加到 %s #%lld\n"), cli->kind, cli->record);
    }
    zc_reply_free(reply);
    return 0;
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__AttachListReply *lr = reply->attach_list;
    if (lr->n_files == 0) {
        printf(_("（没有附件）\n"));
        return;
    }
    for (size_t i = 0; i < lr->n_files; i++) {
        const Zhucun__AttachFile *f = lr->files[i];
        char hex[65] = "", at[INSTANT_TEXT_MAX];
        if (f->sha256.len == 32)
            zc_attach_hex(f->sha256.data, hex);
        printf("%s  %s  %s  %lld %s  %s  %s%s\n", hex, f->name, f->mime, (long long)f->size,
               _("字节"), f->uploader, rules_instant_restyle(f->linked_at, INSTANT_MINUTES, at),
               f->thumbnail ? _("  有缩略图") : "");
    }
}

static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || !record_given(cli, 1))
        return cli_usage(cli);
    Zhucun__AttachList al = ZHUCUN__ATTACH_LIST__INIT;
    al.kind = (char *)cli->kind;
    al.record_id = cli->record;
    return cli_call_show(cli, &al.base, list_text);
}

static int get(struct cli *cli, int argc, char **argv)
{
    uint8_t sha[32];
    if (argc != 1 || cli->out == NULL)
        return cli_usage(cli);
    if (zc_attach_unhex(argv[0], sha) != 0) {
        fprintf(stderr, _("zhucun: SHA-256 应为 64 位十六进制数字（收到 “%s”）\n"), argv[0]);
        return EXIT_USAGE;
    }
    struct zc_error err = {0};
    struct zc_client *c;
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    uint8_t *data = NULL;
    size_t len = 0;
    char mime[128] = "";
    int rc = zc_attach_fetch(c, sha, cli->thumbnail, &data, &len, mime, sizeof(mime), &err);
    zc_close(c);
    if (rc != 0)
        return cli_fail(&err);
    FILE *f = fopen(cli->out, "wb");
    int bad = f == NULL || fwrite(data, 1, len, f) != len;
    if (f != NULL && fclose(f) != 0)
        bad = 1;
    free(data);
    if (bad) {
        fprintf(stderr, _("zhucun: 无法写入 %s：%s\n"), cli->out, strerror(errno));
        return 1;
    }
    if (cli->json) {
        Zhucun__AttachData d = ZHUCUN__ATTACH_DATA__INIT;
        d.size = (int64_t)len;
        d.mime = mime;
        cli_json(&d.base);
    } else {
        printf(_("已保存 %s（%zu 字节，%s）\n"), cli->out, len, mime);
    }
    return 0;
}

static const struct option add_options[] = {O_KIND, O_RECORD, OPT_END_};
static const struct option list_options[] = {O_KIND, O_RECORD, OPT_END_};
static const struct option get_options[] = {O_OUT, O_THUMBNAIL, OPT_END_};

const struct cli_command cli_attach_commands[] = {
    {"attach", "add", add, add_options,
     N_("zhucun attach add 文件 [--kind 类别 --record 记录编号]\n"
        "    上传证明材料（JPEG、PNG、PDF、办公文档，至多 20 MiB；断线后重新运行即续传），\n"
        "    打印其 SHA-256；给出 --kind 和 --record 时附加到该记录（如 household、visit）\n"),
     "AttachBegin AttachChunk AttachFinish AttachLink"},
    {"attach", "list", list, list_options,
     N_("zhucun attach list --kind 类别 --record 记录编号\n    一条记录的附件\n"), "AttachList"},
    {"attach", "get", get, get_options,
     N_("zhucun attach get SHA-256 -o 文件 [--thumbnail]\n    下载附件（或其缩略图）\n"),
     "AttachGet"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
