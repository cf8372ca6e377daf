/* attach/handlers.c -- evidence attachments (issue 20; docs/attachments.md): uploads in
 * chunks with resume (AttachBegin, AttachChunk), the whole file checked off the loop and
 * stored once by its hash (AttachFinish), links to records (AttachLink), a record's files
 * (AttachList) and a file or thumbnail streamed back with backpressure (AttachGet). The
 * body's checks are common/rules/attach.c's; what needs rows is 0071_attachments.sql's. */
#include "server/domains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/rules/attach.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "server/attach/bytes.h"
#include "server/attach/store.h"
#include "server/core/access.h"
#include "server/core/conn.h"
#include "server/core/dispatch.h"
#include "server/core/offload.h"
#include "server/core/pgarray.h"
#include "server/core/worker.h"
#include "server/roles.h"

/* Who uploads and links evidence: the offices, the township and the village teams (the
 * roles that write records); who reads it: every role that reads households. */
#define ATTACH_WRITERS (OFFICES | ROLE_TOWNSHIP | ROLE_TEAM_CAPTAIN | ROLE_CADRE)
#define ATTACH_READERS HOUSEHOLD_READERS
#define WAIT_CHECK_MS  1000 /* waiting for room, look whether the client is still there */

/* n bytes as lower-case hex in the request's arena (NULL after ending the request). */
static const char *hex_of(struct request *r, const uint8_t *in, size_t n)
{
    char *out = request_alloc(r, 2 * n + 1);
    if (out != NULL)
        token_to_hex(in, (unsigned)n, out);
    return out;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes the hex text of len characters (from encode(..., 'hex')) into out (len / 2 bytes). */
static void unhex(const char *text, size_t len, uint8_t *out)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        out[i / 2] = (uint8_t)(hex_digit(text[i]) << 4 | hex_digit(text[i + 1]));
}

/* The hex text in the arena as bytes for a reply. */
static int bytes_of(struct request *r, const char *text, ProtobufCBinaryData *out)
{
    size_t len = strlen(text);
    out->len = len / 2;
    out->data = request_alloc(r, out->len + 1);
    if (out->data == NULL)
        return -1;
    unhex(text, len, out->data);
    return 0;
}

/* The most bytes one AttachChunk may carry on this server: ATTACH_CHUNK_MAX, or less where
 * [limits] max_frame leaves no room for it and the frame's other fields (CHUNK_FRAME_SLACK). */
#define CHUNK_FRAME_SLACK 1024
static int64_t chunk_max(const struct request *r)
{
    int64_t frame = (int64_t)r->w->cfg->max_frame - CHUNK_FRAME_SLACK;
    return frame < ATTACH_CHUNK_MAX ? (frame > 0 ? frame : 1) : ATTACH_CHUNK_MAX;
}

/* 1 when a keyed call's stored answer has n fields (the first 64 hex digits when n is 4: a
 * finish's hash); else ends the request. */
static int stored_fields(struct request *r, const struct stored_result *sr, size_t n)
{
    if (sr->n >= n && (n != 4 || strlen(sr->f[0]) == 64))
        return 1;
    request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取先前的结果", NULL);
    return 0;
}

/* ---- AttachBegin, AttachChunk ---- */

/* The answer to a keyed begin, first or retried: "upload_id|held". */
static void replay_begin(struct request *r, const struct stored_result *sr)
{
    if (!stored_fields(r, sr, 2))
        return;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__AttachBeginReply br = ZHUCUN__ATTACH_BEGIN_REPLY__INIT;
    br.upload_id = strtoll(sr->f[0], NULL, 10);
    br.held = strtoll(sr->f[1], NULL, 10);
    br.chunk_max = chunk_max(r);
    reply.body_case = ZHUCUN__REPLY__BODY_ATTACH_BEGIN;
    reply.attach_begin = &br;
    request_reply(r, &reply);
}

static void handle_attach_begin(struct request *r)
{
    const Zhucun__AttachBegin *in = r->msg->attach_begin;
    const char *field = NULL;
    if (request_refused(r, rules_attach_begin_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 7);
    if (p == NULL || (p[1] = hex_of(r, in->sha256.data, in->sha256.len)) == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[2] = request_num(r, in->size);
    p[3] = in->name;
    p[4] = in->mime;
    p[5] = r->msg->idempotency_key;
    p[6] = request_key_hash(r);
    request_query(r, &store_attach_begin, p, request_stored_cb, NULL);
}

/* The answer to a keyed chunk: the bytes held. */
static void replay_chunk(struct request *r, const struct stored_result *sr)
{
    if (!stored_fields(r, sr, 1))
        return;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__AttachChunkReply cr = ZHUCUN__ATTACH_CHUNK_REPLY__INIT;
    cr.held = strtoll(sr->f[0], NULL, 10);
    reply.body_case = ZHUCUN__REPLY__BODY_ATTACH_CHUNK;
    reply.attach_chunk = &cr;
    request_reply(r, &reply);
}

static void handle_attach_chunk(struct request *r)
{
    const Zhucun__AttachChunk *in = r->msg->attach_chunk;
    const char *field = NULL;
    if (request_refused(r, rules_attach_chunk_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 6);
    if (p == NULL || (p[3] = hex_of(r, in->data.data, in->data.len)) == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, in->upload_id);
    p[2] = request_num(r, in->offset);
    p[4] = r->msg->idempotency_key;
    p[5] = request_key_hash(r);
    request_query(r, &store_attach_chunk, p, request_stored_cb, NULL);
}

/* ---- AttachFinish ---- */

/* The whole file on the thread pool: its hash, its type and (an image) its thumbnail. The
 * job owns hex and everything it makes; the request waits. */
struct finish {
    struct offload_job job;
    struct request *r;
    uv_thread_t loop; /* the worker's loop thread: attach_thumbnail never decodes there */
    char *hex;        /* the file as hex text, copied from the result */
    size_t hexlen;
    char claimed_mime[128];
    uint8_t claimed[32];
    /* made on the pool */
    uint8_t sha[32];
    char found[128];
    uint8_t *thumb;
    size_t thumb_len;
    /* the answer, once stored */
    const char *problem, *field;
};

static void finish_reply(struct request *r, const uint8_t *sha, const char *mime, int64_t size,
                         int thumbnail)
{
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__AttachFinishReply fr = ZHUCUN__ATTACH_FINISH_REPLY__INIT;
    fr.sha256.data = request_alloc(r, 32);
    if (fr.sha256.data == NULL)
        return;
    memcpy(fr.sha256.data, sha, 32);
    fr.sha256.len = 32;
    fr.mime = (char *)mime;
    fr.size = size;
    fr.thumbnail = thumbnail;
    reply.body_case = ZHUCUN__REPLY__BODY_ATTACH_FINISH;
    reply.attach_finish = &fr;
    request_reply(r, &reply);
}

static void check_file(struct offload_job *job)
{
    struct finish *f = container_of(job, struct finish, job);
    size_t len = f->hexlen / 2;
    uint8_t *data = xmalloc(len > 0 ? len : 1);
    unhex(f->hex, f->hexlen, data);
    free(f->hex);
    f->hex = NULL;
    attach_sha256(data, len, f->sha);
    attach_mime(data, len, f->found, sizeof(f->found));
    const char *field;
    char buf[512];
    if (rules_attach_bytes_problem(f->claimed, f->sha, f->claimed_mime, f->found, buf, sizeof(buf),
                                   &field) == NULL &&
        rules_attach_is_image(f->found))
        f->thumb = attach_thumbnail(data, len, &f->loop, &f->thumb_len);
    free(data);
}

static void on_dropped(struct request *r, PGresult *res, void *arg)
{
    (void)res;
    struct finish *f = arg;
    request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, f->problem, f->field);
}

/* The answer to a keyed finish, first or retried: "sha256 hex|type|size|true or false". */
static void replay_finish(struct request *r, const struct stored_result *sr)
{
    uint8_t sha[32];
    if (!stored_fields(r, sr, 4))
        return;
    unhex(sr->f[0], 64, sha);
    const char *mime = arena_strdup(r->arena, sr->f[1]);
    if (mime == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    finish_reply(r, sha, mime, strtoll(sr->f[2], NULL, 10), sr->f[3][0] == 't');
}

static void file_checked(struct offload_job *job)
{
    struct finish *f = container_of(job, struct finish, job);
    struct request *r = f->r;
    const char **p = request_params(r, 9);
    if (p == NULL) {
        free(f->thumb);
        return;
    }
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, r->msg->attach_finish->upload_id);
    char *buf = request_alloc(r, 512);
    if (buf == NULL) {
        free(f->thumb);
        return;
    }
    f->problem = rules_attach_bytes_problem(f->claimed, f->sha, f->claimed_mime, f->found, buf, 512,
                                            &f->field);
    if (f->problem != NULL) {
        free(f->thumb);
        f->thumb = NULL;
        request_query(r, &store_attach_drop, p, on_dropped, f);
        return;
    }
    p[2] = hex_of(r, f->sha, 32);
    p[4] = NULL; /* no thumbnail */
    if (f->thumb != NULL) {
        p[4] = hex_of(r, f->thumb, f->thumb_len);
        free(f->thumb);
        f->thumb = NULL;
        if (p[4] == NULL)
            return;
    }
    if (p[2] == NULL)
        return;
    p[3] = f->found;
    p[5] = r->session.username;
    p[6] = r->peer;
    p[7] = r->msg->idempotency_key;
    p[8] = request_key_hash(r);
    request_query(r, &store_attach_finish, p, request_stored_cb, NULL);
}

static void on_upload(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "上传不存在或已过期，请重新开始上传", "upload_id");
        return;
    }
    int64_t size = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    int64_t held = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
    uint8_t sha[32];
    unhex(PQgetvalue(res, 0, 1), 64, sha);
    if (PQgetvalue(res, 0, 0)[0] == 't') { /* finished before: the same answer */
        const char *mime = arena_strdup(r->arena, PQgetvalue(res, 0, 5));
        if (mime != NULL)
            finish_reply(r, sha, mime, size, PQgetvalue(res, 0, 6)[0] == 't');
        else
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    if (held < size) {
        request_fail(r, ZHUCUN__CODE__FAILED_PRECONDITION,
                     request_printf(r, "文件尚未传完：已收到 %lld / %lld 字节", (long long)held,
                                    (long long)size),
                     "upload_id");
        return;
    }
    struct finish *f = request_alloc(r, sizeof(*f));
    if (f == NULL)
        return;
    f->r = r;
    f->loop = uv_thread_self();
    memcpy(f->claimed, sha, 32);
    snprintf(f->claimed_mime, sizeof(f->claimed_mime), "%s", PQgetvalue(res, 0, 3));
    f->hexlen = (size_t)PQgetlength(res, 0, 7);
    f->hex = xmalloc(f->hexlen + 1);
    memcpy(f->hex, PQgetvalue(res, 0, 7), f->hexlen + 1);
    f->job.work = check_file;
    f->job.done = file_checked;
    if (offload_submit(r->w->offload, &f->job) != 0) {
        free(f->hex);
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "服务器繁忙，请稍后重试", NULL);
    }
}

static void handle_attach_finish(struct request *r)
{
    const char **p = request_params(r, 2);
    if (p == NULL)
        return;
    p[0] = request_num(r, r->session.user_id);
    p[1] = request_num(r, r->msg->attach_finish->upload_id);
    request_query(r, &store_attach_upload, p, on_upload, NULL);
}

/* ---- AttachLink ---- */

static void replay_link(struct request *r, const struct stored_result *sr)
{
    if (!stored_fields(r, sr, 1))
        return;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__AttachLinkReply lr = ZHUCUN__ATTACH_LINK_REPLY__INIT;
    lr.linked = (int32_t)strtol(sr->f[0], NULL, 10);
    reply.body_case = ZHUCUN__REPLY__BODY_ATTACH_LINK;
    reply.attach_link = &lr;
    request_reply(r, &reply);
}

static void handle_attach_link(struct request *r)
{
    const Zhucun__AttachLink *in = r->msg->attach_link;
    const char *field = NULL;
    if (request_refused(r, rules_attach_link_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 9);
    if (p == NULL)
        return;
    struct pgarray a;
    pgarray_init(&a);
    for (size_t i = 0; i < in->n_sha256; i++) {
        char hex[65];
        token_to_hex(in->sha256[i].data, 32, hex);
        pgarray_add_raw(&a, hex);
    }
    if ((p[5] = pgarray_finish(&a, r)) == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    p[0] = request_num(r, r->session.user_id);
    p[1] = r->msg->idempotency_key;
    p[2] = access_prefix_patterns(r, r->call->roles);
    p[3] = in->kind;
    p[4] = request_num(r, in->record_id);
    p[6] = r->session.username;
    p[7] = r->peer;
    p[8] = request_key_hash(r);
    request_query(r, &store_attach_link, p, request_stored_cb, NULL);
}

/* ---- AttachList ---- */

static void on_list(struct request *r, PGresult *res, void *arg)
{
    (void)arg;
    int n = PQntuples(res);
    Zhucun__AttachListReply lr = ZHUCUN__ATTACH_LIST_REPLY__INIT;
    Zhucun__AttachFile *fv;
    if (REQUEST_ROWS(r, n, fv, lr.files) == NULL)
        return;
    for (int i = 0; i < n; i++) {
        zhucun__attach_file__init(&fv[i]);
        if (bytes_of(r, PQgetvalue(res, i, 0), &fv[i].sha256) != 0 ||
            (fv[i].name = arena_strdup(r->arena, PQgetvalue(res, i, 1))) == NULL ||
            (fv[i].mime = arena_strdup(r->arena, PQgetvalue(res, i, 2))) == NULL ||
            (fv[i].uploader = arena_strdup(r->arena, PQgetvalue(res, i, 4))) == NULL ||
            (fv[i].linked_at = arena_strdup(r->arena, PQgetvalue(res, i, 5))) == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多", NULL);
            return;
        }
        fv[i].size = strtoll(PQgetvalue(res, i, 3), NULL, 10);
        fv[i].thumbnail = PQgetvalue(res, i, 6)[0] == 't';
    }
    lr.n_files = (size_t)n;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ATTACH_LIST;
    reply.attach_list = &lr;
    request_reply(r, &reply);
}

static void on_record(struct request *r, PGresult *res, void *arg)
{
    const char **p = arg;
    if (PQgetvalue(res, 0, 0)[0] != 't') {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "未知的材料类别 %s", r->msg->attach_list->kind), "kind");
        return;
    }
    if (PQgetvalue(res, 0, 1)[0] != 't') {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "记录不存在或不在您的管辖范围内", "record_id");
        return;
    }
    request_query(r, &store_attach_list, p, on_list, NULL);
}

static void handle_attach_list(struct request *r)
{
    const Zhucun__AttachList *in = r->msg->attach_list;
    const char *field = NULL;
    if (request_refused(r, rules_attach_list_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 3);
    if (p == NULL)
        return;
    p[0] = in->kind;
    p[1] = request_num(r, in->record_id);
    p[2] = access_prefix_patterns(r, r->call->roles);
    request_query(r, &store_attach_record, p, on_record, p);
}

/* ---- AttachGet: parts of ATTACH_GET_PART bytes, each asked for only when the client has
 * taken what was sent (the connection's backlog under half its write-queue limit): a slow
 * reader slows the reading down instead of growing a queue. ---- */

struct getter {
    struct request *r;
    int thumbnail;
    const char *sha_hex;
    char *mime;
    int64_t size, off;
    uv_timer_t timer;
    const char *p[3];
    char off_text[24], len_text[24];
    unsigned parts, waits;
    uint64_t conn_id, req_id; /* for the log line */
};

static void free_getter(uv_handle_t *h)
{
    struct getter *g = h->data;
    free(g->mime);
    free(g);
}

static void release(struct getter *g)
{
    uv_close((uv_handle_t *)&g->timer, free_getter);
}

static int client_gone(const struct conn *c)
{
    return c == NULL || c->state == CONN_CLOSING || c->state == CONN_CLOSED ||
           c->state == CONN_DRAINING;
}

static void next_part(struct getter *g);

static void on_room(void *arg)
{
    struct getter *g = arg;
    uv_timer_stop(&g->timer);
    next_part(g);
}

static void on_wait_timer(uv_timer_t *t)
{
    struct getter *g = t->data;
    if (g->r->conn != NULL)
        conn_room_cancel(g->r->conn, g); /* waiting for room: the client may be gone */
    next_part(g);
}

static void on_part(PGresult *res, const struct db_error *err, void *arg)
{
    struct getter *g = arg;
    struct request *r = g->r;
    if (err != NULL || PQntuples(res) != 1) {
        if (err != NULL)
            request_fail_db(r, err);
        else
            request_fail(r, ZHUCUN__CODE__NOT_FOUND, "文件不存在或您无权查看", "sha256");
        release(g);
        return;
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__AttachData d = ZHUCUN__ATTACH_DATA__INIT;
    const char *hex = PQgetvalue(res, 0, 0);
    size_t hexlen = (size_t)PQgetlength(res, 0, 0);
    d.offset = g->off;
    d.size = g->size;
    d.mime = g->mime;
    d.data.len = hexlen / 2;
    d.data.data = xmalloc(d.data.len + 1);
    unhex(hex, hexlen, d.data.data);
    g->off += (int64_t)d.data.len;
    g->parts++;
    reply.body_case = ZHUCUN__REPLY__BODY_ATTACH_DATA;
    reply.attach_data = &d;
    if (g->off >= g->size || d.data.len == 0) {
        request_reply(r, &reply);
        free(d.data.data);
        log_info("attach.get", "conn=%llu req=%llu bytes=%lld parts=%u waits=%u thumbnail=%d",
                 (unsigned long long)g->conn_id, (unsigned long long)g->req_id, (long long)g->size,
                 g->parts, g->waits, g->thumbnail);
        release(g);
        return;
    }
    request_send_part(r, &reply);
    free(d.data.data);
    next_part(g);
}

static void next_part(struct getter *g)
{
    struct request *r = g->r;
    if (client_gone(r->conn)) {
        request_fail(r, ZHUCUN__CODE__UNAVAILABLE, "连接已关闭，下载中止", NULL);
        release(g);
        return;
    }
    if (conn_backlog(r->conn) >= r->w->cfg->max_write_queue / 2) {
        g->waits++;
        conn_on_room(r->conn, on_room, g);
        uv_timer_start(&g->timer, on_wait_timer, WAIT_CHECK_MS, 0);
        return;
    }
    int64_t left = g->size - g->off;
    snprintf(g->off_text, sizeof(g->off_text), "%lld", (long long)g->off);
    snprintf(g->len_text, sizeof(g->len_text), "%lld",
             (long long)(left < ATTACH_GET_PART ? left : ATTACH_GET_PART));
    g->p[0] = g->sha_hex;
    g->p[1] = g->off_text;
    g->p[2] = g->len_text;
    if (request_query_err(r, g->thumbnail ? &store_attach_thumb_part : &store_attach_part, g->p,
                          on_part, g) != 0)
        release(g);
}

static void on_head(struct request *r, PGresult *res, void *arg)
{
    const char *sha_hex = arg;
    const Zhucun__AttachGet *in = r->msg->attach_get;
    if (PQntuples(res) == 0) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "文件不存在或您无权查看", "sha256");
        return;
    }
    if (PQgetisnull(res, 0, 1)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "该文件没有缩略图（不是图片，或图片无法解码）",
                     "thumbnail");
        return;
    }
    struct getter *g = xcalloc(1, sizeof(*g));
    g->r = r;
    g->conn_id = r->conn_id;
    g->req_id = r->id;
    g->thumbnail = in->thumbnail;
    g->sha_hex = sha_hex;
    g->mime = xstrdup(in->thumbnail ? "image/jpeg" : PQgetvalue(res, 0, 0));
    g->size = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    uv_timer_init(&r->w->loop, &g->timer);
    g->timer.data = g;
    next_part(g);
}

static void handle_attach_get(struct request *r)
{
    const Zhucun__AttachGet *in = r->msg->attach_get;
    const char *field = NULL;
    if (request_refused(r, rules_attach_get_problem(in, &field), &field))
        return;
    const char **p = request_params(r, 2);
    if (p == NULL || (p[0] = hex_of(r, in->sha256.data, 32)) == NULL)
        return;
    p[1] = in->thumbnail ? "true" : "false";
    request_query(r, &store_attach_head, p, on_head, (void *)p[0]);
}

static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_ATTACH_BEGIN, "AttachBegin", AUTH_SESSION, ATTACH_WRITERS, 0,
     handle_attach_begin, replay_begin, 1},
    {ZHUCUN__REQUEST__BODY_ATTACH_CHUNK, "AttachChunk", AUTH_SESSION, ATTACH_WRITERS, 0,
     handle_attach_chunk, replay_chunk, 1},
    {ZHUCUN__REQUEST__BODY_ATTACH_FINISH, "AttachFinish", AUTH_SESSION, ATTACH_WRITERS, 0,
     handle_attach_finish, replay_finish, 1},
    {ZHUCUN__REQUEST__BODY_ATTACH_LINK, "AttachLink", AUTH_SESSION, ATTACH_WRITERS, 0,
     handle_attach_link, replay_link, 1},
    {ZHUCUN__REQUEST__BODY_ATTACH_LIST, "AttachList", AUTH_SESSION, ATTACH_READERS, 0,
     handle_attach_list, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ATTACH_GET, "AttachGet", AUTH_SESSION, ATTACH_READERS, 0,
     handle_attach_get, NULL, 0},
};

const struct domain attach_domain = {"attach", calls, sizeof(calls) / sizeof(calls[0]), NULL};
