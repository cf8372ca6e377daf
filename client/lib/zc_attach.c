/* zc_attach.c -- a whole upload with resume, a whole download (zc_attach.h). */
#include "zc_attach.h"

#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/rules/attach.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "zc_calls.h"
#include "zc_internal.h"

#define _(s)            dgettext(ZC_MESSAGES_DOMAIN, s)
#define RECV_TIMEOUT_MS 60000

void zc_attach_hex(const uint8_t sha[32], char out[65])
{
    token_to_hex(sha, 32, out);
}

int zc_attach_unhex(const char *text, uint8_t sha[32])
{
    if (text == NULL || strlen(text) != 64)
        return -1;
    for (int i = 0; i < 32; i++) {
        unsigned v;
        char two[3] = {text[2 * i], text[2 * i + 1], 0};
        char *end;
        v = (unsigned)strtoul(two, &end, 16);
        if (*end != '\0' || two[0] == '+' || two[0] == '-' || two[0] == ' ')
            return -1;
        sha[i] = (uint8_t)v;
    }
    return 0;
}

static void fail(struct zc_error *err, Zhucun__Code code, const char *message)
{
    err->code = code;
    snprintf(err->message, sizeof(err->message), "%s", message);
    err->field[0] = '\0';
}

/* One chunk, keyed but not through the outbox (zc_request would record each 256 KiB body on
 * disk, with an fsync, before sending it, and remove it after: 60% of an upload's time,
 * docs/attachments.md). Nothing is lost without it: an upload whose connection broke begins
 * again, and the server says what it holds. Checked as zc_request checks; sent once. */
static int send_chunk(struct zc_client *c, const Zhucun__AttachChunk *ch, Zhucun__Reply **out,
                      struct zc_error *err)
{
    *out = NULL;
    char key[TOKEN_HEX_LEN + 1];
    if (zc_check(&ch->base, err) != 0)
        return -1;
    if (token_new(key) != 0) {
        fail(err, ZHUCUN__CODE__INTERNAL, _("无法生成幂等键"));
        return -1;
    }
    if (zc_broken(c) && zc_reconnect(c, err) != 0)
        return -1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_CHUNK;
    req.attach_chunk = (Zhucun__AttachChunk *)ch;
    req.idempotency_key = key;
    int rc = zc_call(c, &req, out, err);
    if (rc != 0 && *out == NULL)
        zc__mark_broken(c); /* no answer: the next pass begins on a new connection */
    return rc;
}

/* One pass: begin (learning what the server holds), the chunks from there, finish. 0 when
 * finished; -1 with err (UNAVAILABLE without a reply: the connection broke). */
static int upload_once(struct zc_client *c, const Zhucun__AttachBegin *b, const uint8_t *data,
                       int *thumbnail, zc_attach_progress_fn progress, void *arg,
                       struct zc_error *err)
{
    Zhucun__Reply *reply = NULL;
    if (zc_attach_begin(c, b, &reply, err) != 0) {
        zc_reply_free(reply);
        return -1;
    }
    int64_t id = reply->attach_begin->upload_id;
    int64_t held = reply->attach_begin->held;
    int64_t chunk = reply->attach_begin->chunk_max;
    zc_reply_free(reply);
    if (chunk < 1 || chunk > ATTACH_CHUNK_MAX)
        chunk = ATTACH_CHUNK_MAX;
    if (progress != NULL)
        progress(held, b->size, arg);
    while (held < b->size) {
        Zhucun__AttachChunk ch = ZHUCUN__ATTACH_CHUNK__INIT;
        int64_t n = b->size - held < chunk ? b->size - held : chunk;
        ch.upload_id = id;
        ch.offset = held;
        ch.data.data = (uint8_t *)data + held;
        ch.data.len = (size_t)n;
        if (send_chunk(c, &ch, &reply, err) != 0) {
            zc_reply_free(reply);
            return -1;
        }
        held = reply->attach_chunk->held;
        zc_reply_free(reply);
        if (progress != NULL)
            progress(held, b->size, arg);
    }
    Zhucun__AttachFinish f = ZHUCUN__ATTACH_FINISH__INIT;
    f.upload_id = id;
    if (zc_attach_finish(c, &f, &reply, err) != 0) {
        zc_reply_free(reply);
        return -1;
    }
    *thumbnail = reply->attach_finish->thumbnail;
    zc_reply_free(reply);
    return 0;
}

int zc_attach_upload(struct zc_client *c, const uint8_t *data, size_t len, const char *name,
                     const char *mime, uint8_t sha[32], int *thumbnail,
                     zc_attach_progress_fn progress, void *arg, struct zc_error *err)
{
    unsigned n = 32;
    EVP_Digest(data, len, sha, &n, EVP_sha256(), NULL);
    Zhucun__AttachBegin b = ZHUCUN__ATTACH_BEGIN__INIT;
    b.sha256.data = sha;
    b.sha256.len = 32;
    b.size = (int64_t)len;
    /* The name without its directories. */
    const char *slash = strrchr(name, '/');
    b.name = (char *)(slash != NULL ? slash + 1 : name);
    b.mime = (char *)(mime != NULL ? mime : rules_attach_mime_for_name(b.name));
    if (b.mime == NULL) {
        fail(err, ZHUCUN__CODE__INVALID_ARGUMENT,
             _("无法从文件名判断类型：只接受 JPEG、PNG、PDF 和办公文档"));
        snprintf(err->field, sizeof(err->field), "mime");
        return -1;
    }
    *thumbnail = 0;
    for (int pass = 0;; pass++) {
        err->maybe_applied = 0;
        if (upload_once(c, &b, data, thumbnail, progress, arg, err) == 0)
            return 0;
        /* Only a broken connection is worth another pass (a new connection, the server's
         * count of what it holds); a refusal stands. */
        if (err->code != ZHUCUN__CODE__UNAVAILABLE || pass + 1 >= ZC_ATTACH_RESUMES)
            return -1;
    }
}

int zc_attach_fetch(struct zc_client *c, const uint8_t sha[32], int thumbnail, uint8_t **data,
                    size_t *len, char *mime, size_t cap, struct zc_error *err)
{
    *data = NULL;
    *len = 0;
    Zhucun__AttachGet g = ZHUCUN__ATTACH_GET__INIT;
    g.sha256.data = (uint8_t *)sha;
    g.sha256.len = 32;
    g.thumbnail = thumbnail;
    uint64_t id = zc_start(c, &g.base, err);
    if (id == 0)
        return -1;
    uint8_t *buf = NULL;
    size_t have = 0, size = 0;
    for (;;) {
        Zhucun__Reply *reply = NULL;
        if (zc_recv(c, &reply, RECV_TIMEOUT_MS, err) != 0) {
            free(buf);
            return -1;
        }
        if (reply->id != id) { /* a server event, or another request's */
            zc_reply_free(reply);
            continue;
        }
        if (reply->status != NULL && reply->status->code != ZHUCUN__CODE__OK) {
            err->code = reply->status->code;
            snprintf(err->message, sizeof(err->message), "%s", reply->status->message);
            snprintf(err->field, sizeof(err->field), "%s",
                     reply->status->n_fields > 0 ? reply->status->fields[0]->field : "");
            zc_reply_free(reply);
            free(buf);
            return -1;
        }
        const Zhucun__AttachData *d = reply->attach_data;
        if (reply->body_case != ZHUCUN__REPLY__BODY_ATTACH_DATA || d->size < 0 ||
            d->size > ATTACH_FILE_MAX || d->offset != (int64_t)have ||
            have + d->data.len > (size_t)d->size || (buf != NULL && (size_t)d->size != size)) {
            fail(err, ZHUCUN__CODE__INTERNAL, _("服务器发来的文件分块有误"));
            zc_reply_free(reply);
            free(buf);
            return -1;
        }
        if (buf == NULL) {
            size = (size_t)d->size;
            buf = xmalloc(size > 0 ? size : 1);
            snprintf(mime, cap, "%s", d->mime);
        }
        memcpy(buf + have, d->data.data, d->data.len);
        have += d->data.len;
        int more = reply->more;
        zc_reply_free(reply);
        if (!more)
            break;
    }
    if (have != size) {
        fail(err, ZHUCUN__CODE__INTERNAL, _("服务器发来的文件不完整"));
        free(buf);
        return -1;
    }
    *data = buf;
    *len = size;
    return 0;
}
