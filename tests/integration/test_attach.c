/* test_attach.c -- evidence attachments (issue 20; docs/attachments.md): an upload in chunks
 * with its type judged from the bytes and a thumbnail made off the loop, linked to a household
 * and listed and read back in streamed parts; the same file stored once without telling a
 * stranger it exists; every refusal with its field and every limit at its number; a corrupt
 * image stored without a thumbnail and the server still up; access by scope and by uploader;
 * an upload broken mid-way resumed on another server process (by the library and by
 * `zhucun attach add`); abandoned uploads cleaned; AttachLink keyed; attachment_links exported
 * incrementally. */
#include "harness.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/attach.h"
#include "common/rules/idcard.h"
#include "zc_attach.h"
#include "zc_calls.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"
#define VC "140106001001"

static struct zt_server srv;
static struct zc_client *county, *cadre, *other_county, *exporter;
static int64_t hh, hh_b, hh_other;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140106000000,迎泽区,county\n"
                          "140106001000,柳巷街道,township\n140106001001,测试三村,village\n";

static long long count(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long count(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    char *v = zt_sql(&srv, sql);
    long long n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

static void id_number(int serial, char id[19])
{
    snprintf(id, 19, "14010519800101%03d", serial);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
}

/* ---- files made here ---- */

struct file {
    uint8_t *data;
    size_t len;
};

/* A w x h picture of coloured stripes with noise (seed varies it; the noise keeps PNG from
 * packing it small), as "png" or "jpeg". */
static struct file picture(int w, int h, int seed, const char *type)
{
    GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, w, h);
    assert_non_null(pb);
    guchar *px = gdk_pixbuf_get_pixels(pb);
    int stride = gdk_pixbuf_get_rowstride(pb);
    uint32_t rnd = (uint32_t)seed * 2654435761u + 1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            guchar *p = px + y * stride + x * 3;
            rnd = rnd * 1103515245u + 12345u;
            p[0] = (guchar)((x * 7 + seed * 31 + (rnd >> 24)) & 0xff);
            p[1] = (guchar)((y * 5 + seed * 17 + (rnd >> 16)) & 0xff);
            p[2] = (guchar)(((x / 16 + y / 16 + seed) % 2) * 200 + (rnd >> 28));
        }
    gchar *buf = NULL;
    gsize n = 0;
    assert_true(gdk_pixbuf_save_to_buffer(pb, &buf, &n, type, NULL, NULL));
    g_object_unref(pb);
    struct file f = {malloc(n), n};
    memcpy(f.data, buf, n);
    g_free(buf);
    return f;
}

/* A small PDF (libmagic knows it by its header); text makes each one distinct. */
static struct file pdf(const char *text)
{
    char *s = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&s, &n);
    fprintf(
        m,
        "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n%% %s\ntrailer << /Root 1 0 R >>\n"
        "%%%%EOF\n",
        text);
    fclose(m);
    struct file f = {(uint8_t *)s, n};
    return f;
}

static void sha_of(const struct file *f, uint8_t sha[32])
{
    unsigned n = 32;
    EVP_Digest(f->data, f->len, sha, &n, EVP_sha256(), NULL);
}

/* ---- calls ---- */

static Zhucun__Code upload(struct zc_client *c, const struct file *f, const char *name,
                           uint8_t sha[32], int *thumbnail, struct zc_error *err)
{
    int thumb = 0;
    memset(err, 0, sizeof(*err));
    int rc = zc_attach_upload(c, f->data, f->len, name, NULL, sha, &thumb, NULL, NULL, err);
    if (thumbnail != NULL)
        *thumbnail = thumb;
    return rc == 0 ? ZHUCUN__CODE__OK : err->code;
}

static Zhucun__Code link_as(struct zc_client *c, const char *kind, int64_t record,
                            const uint8_t *sha, const char *key, Zhucun__Reply **out)
{
    Zhucun__AttachLink al = ZHUCUN__ATTACH_LINK__INIT;
    ProtobufCBinaryData one = {32, (uint8_t *)sha};
    al.kind = (char *)kind;
    al.record_id = record;
    al.n_sha256 = 1;
    al.sha256 = &one;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_LINK;
    req.attach_link = &al;
    return zt_call(c, &req, out);
}

static Zhucun__Code list_as(struct zc_client *c, const char *kind, int64_t record,
                            Zhucun__Reply **out)
{
    Zhucun__AttachList al = ZHUCUN__ATTACH_LIST__INIT;
    al.kind = (char *)kind;
    al.record_id = record;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_LIST;
    req.attach_list = &al;
    return zt_call(c, &req, out);
}

static Zhucun__Code begin_as(struct zc_client *c, const uint8_t *sha, int64_t size,
                             const char *name, const char *mime, int64_t *id, int64_t *held,
                             Zhucun__Reply **out)
{
    Zhucun__AttachBegin b = ZHUCUN__ATTACH_BEGIN__INIT;
    b.sha256.data = (uint8_t *)sha;
    b.sha256.len = sha != NULL ? 32 : 0;
    b.size = size;
    b.name = (char *)name;
    b.mime = (char *)mime;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_BEGIN;
    req.attach_begin = &b;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (code == ZHUCUN__CODE__OK) {
        if (id != NULL)
            *id = reply->attach_begin->upload_id;
        if (held != NULL)
            *held = reply->attach_begin->held;
    }
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

static Zhucun__Code chunk_as(struct zc_client *c, int64_t id, int64_t off, const uint8_t *data,
                             size_t len, int64_t *held, Zhucun__Reply **out)
{
    Zhucun__AttachChunk ch = ZHUCUN__ATTACH_CHUNK__INIT;
    ch.upload_id = id;
    ch.offset = off;
    ch.data.data = (uint8_t *)data;
    ch.data.len = len;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_CHUNK;
    req.attach_chunk = &ch;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &req, &reply);
    if (code == ZHUCUN__CODE__OK && held != NULL)
        *held = reply->attach_chunk->held;
    if (out != NULL)
        *out = reply;
    else
        zc_reply_free(reply);
    return code;
}

static Zhucun__Code finish_as(struct zc_client *c, int64_t id, Zhucun__Reply **out)
{
    Zhucun__AttachFinish f = ZHUCUN__ATTACH_FINISH__INIT;
    f.upload_id = id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_FINISH;
    req.attach_finish = &f;
    return zt_call(c, &req, out);
}

/* The field the refusal in reply names ("" for none); frees reply. */
static void assert_field(Zhucun__Reply *reply, const char *field)
{
    assert_non_null(reply);
    assert_non_null(reply->status);
    const char *got = reply->status->n_fields > 0 ? reply->status->fields[0]->field : "";
    if (strcmp(got, field) != 0)
        fail_msg("field %s, expected %s (%s)", got, field, reply->status->message);
    zc_reply_free(reply);
}

static int setup(void **state)
{
    (void)state;
    /* a small write queue, so that a slow reader makes the download wait (test_slow_reader) */
    zt_server_start(&srv, "attach", "[limits]\nmax_write_queue = 512KiB\n");
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    int64_t person;
    cadre = zt_cadre(&srv, county, zt_team(county, "village", VA, "测试一村工作队"), "cadre-a", VA,
                     "cadre", "member", 0, PW, &person);
    char id[19];
    id_number(1, id);
    hh = zt_household(county, VA, "poverty_alleviated", "2020-01-01", "附件户主", id);
    id_number(2, id);
    hh_b = zt_household(county, VB, "ordinary", "2020-01-01", "二村户主", id);
    id_number(3, id);
    hh_other = zt_household(other_county, VC, "ordinary", "2020-01-01", "三村户主", id);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(cadre);
    zc_close(other_county);
    zc_close(exporter);
    zt_server_finish(&srv);
    return 0;
}

/* A PNG uploaded by the cadre in chunks: its thumbnail made (on the thread pool: the function
 * refuses the loop thread, and the log says so if it was asked there), linked to the
 * household, listed, read back whole and as a JPEG thumbnail of at most 256 px; the upload and
 * the link audited by the hash. */
static void test_upload_link_list_get(void **state)
{
    (void)state;
    struct file f = picture(640, 400, 1, "png");
    assert_true(f.len > ATTACH_CHUNK_MAX); /* more than one chunk */
    uint8_t sha[32];
    int thumb = 0;
    struct zc_error err;
    assert_int_equal(upload(cadre, &f, "/tmp/住房鉴定.png", sha, &thumb, &err), ZHUCUN__CODE__OK);
    assert_true(thumb);
    char hex[65];
    zc_attach_hex(sha, hex);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(link_as(cadre, "household", hh, sha, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attach_link->linked, 1);
    zc_reply_free(reply);
    assert_int_equal(list_as(county, "household", hh, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attach_list->n_files, 1);
    const Zhucun__AttachFile *af = reply->attach_list->files[0];
    assert_string_equal(af->name, "住房鉴定.png");
    assert_string_equal(af->mime, "image/png");
    assert_int_equal(af->size, (int64_t)f.len);
    assert_true(af->thumbnail);
    char *who = zt_sql(&srv, "SELECT display_name FROM users WHERE username = 'cadre-a'");
    assert_string_equal(af->uploader, who);
    free(who);
    assert_int_equal(af->sha256.len, 32);
    assert_memory_equal(af->sha256.data, sha, 32);
    zc_reply_free(reply);
    /* the whole file, streamed in parts */
    uint8_t *data = NULL;
    size_t len = 0;
    char mime[128];
    assert_int_equal(zc_attach_fetch(county, sha, 0, &data, &len, mime, sizeof(mime), &err), 0);
    assert_int_equal(len, f.len);
    assert_memory_equal(data, f.data, len);
    assert_string_equal(mime, "image/png");
    free(data);
    /* the thumbnail */
    assert_int_equal(zc_attach_fetch(county, sha, 1, &data, &len, mime, sizeof(mime), &err), 0);
    assert_string_equal(mime, "image/jpeg");
    assert_true(len > 2 && data[0] == 0xff && data[1] == 0xd8);
    GdkPixbufLoader *l = gdk_pixbuf_loader_new();
    assert_true(gdk_pixbuf_loader_write(l, data, len, NULL));
    assert_true(gdk_pixbuf_loader_close(l, NULL));
    GdkPixbuf *pb = gdk_pixbuf_loader_get_pixbuf(l);
    assert_int_equal(gdk_pixbuf_get_width(pb), ATTACH_THUMB_PX);
    assert_int_equal(gdk_pixbuf_get_height(pb), 400 * ATTACH_THUMB_PX / 640);
    g_object_unref(l);
    free(data);
    /* audited by the hash; the stored bytes hash to it (PostgreSQL's own sha256) */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'attachment.upload'"
                           " AND detail->>'sha256' = '%s'",
                           hex),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'attachment.link'"
                           " AND detail->>'sha256' = '%s' AND object = 'household:%lld'",
                           hex, (long long)hh),
                     1);
    assert_int_equal(count("SELECT count(*) FROM attachment_blobs"
                           " WHERE sha256 = '\\x%s' AND sha256(data) = sha256",
                           hex),
                     1);
    /* no chunk kept once finished */
    assert_int_equal(count("SELECT count(*) FROM attachment_chunks c JOIN attachment_uploads u"
                           " ON u.id = c.upload_id WHERE u.sha256 = '\\x%s'",
                           hex),
                     0);
    /* the thumbnail was never asked for on a loop thread */
    char cmd[1200], out[256];
    snprintf(cmd, sizeof(cmd), "grep -c attach.thumb_on_loop %s", srv.log);
    zt_run(cmd, NULL, out, sizeof(out));
    assert_int_equal(atoi(out), 0);
    free(f.data);
}

/* The same file uploaded by two people is stored once; the second is told nothing of the
 * first (begins at 0 and sends every byte). Uploading it again oneself costs nothing. */
static void test_stored_once(void **state)
{
    (void)state;
    struct file f = picture(120, 90, 2, "jpeg");
    uint8_t sha[32];
    sha_of(&f, sha);
    struct zc_error err;
    assert_int_equal(upload(cadre, &f, "走访.jpg", sha, NULL, &err), ZHUCUN__CODE__OK);
    int64_t id = 0, held = -1;
    assert_int_equal(
        begin_as(other_county, sha, (int64_t)f.len, "别人的.jpg", "image/jpeg", &id, &held, NULL),
        ZHUCUN__CODE__OK);
    assert_int_equal(held, 0);
    assert_int_equal(upload(other_county, &f, "别人的.jpg", sha, NULL, &err), ZHUCUN__CODE__OK);
    char hex[65];
    zc_attach_hex(sha, hex);
    assert_int_equal(count("SELECT count(*) FROM attachment_blobs WHERE sha256 = '\\x%s'", hex), 1);
    assert_int_equal(count("SELECT count(*) FROM attachments WHERE sha256 = '\\x%s'", hex), 1);
    assert_int_equal(count("SELECT count(*) FROM attachment_files WHERE sha256 = '\\x%s'", hex), 2);
    /* again by the cadre: begin says it is all there */
    assert_int_equal(
        begin_as(cadre, sha, (int64_t)f.len, "走访.jpg", "image/jpeg", &id, &held, NULL),
        ZHUCUN__CODE__OK);
    assert_int_equal(held, (int64_t)f.len);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(
        begin_as(cadre, sha, (int64_t)f.len, "走访.jpg", "image/jpeg", NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->attach_begin->chunk_max, ATTACH_CHUNK_MAX); /* max_frame is 4 MiB */
    zc_reply_free(reply);
    assert_int_equal(finish_as(cadre, id, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->attach_finish->mime, "image/jpeg");
    assert_true(reply->attach_finish->thumbnail);
    zc_reply_free(reply);
    /* the same bytes claimed again as another type: refused, as a new upload's finish is */
    assert_int_equal(
        begin_as(cadre, sha, (int64_t)f.len, "走访.pdf", "application/pdf", NULL, NULL, &reply),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "mime");
    free(f.data);
}

/* Each refusal with its field; each limit at its number. */
static void test_refusals_and_limits(void **state)
{
    (void)state;
    uint8_t sha[32] = {1};
    Zhucun__Reply *reply = NULL;
    /* the body */
    assert_int_equal(begin_as(cadre, NULL, 10, "a.png", "image/png", NULL, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "sha256");
    assert_int_equal(begin_as(cadre, sha, 0, "a.png", "image/png", NULL, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "size");
    assert_int_equal(
        begin_as(cadre, sha, ATTACH_FILE_MAX + 1, "a.png", "image/png", NULL, NULL, &reply),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "size");
    assert_int_equal(begin_as(cadre, sha, 10, "a/b.png", "image/png", NULL, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "name");
    assert_int_equal(begin_as(cadre, sha, 10, "a.txt", "text/plain", NULL, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "mime");
    /* a chunk: too big, past the held bytes, beyond the file; the same chunk twice */
    int64_t id = 0, held = 0;
    assert_int_equal(
        begin_as(cadre, sha, 2 * ATTACH_CHUNK_MAX, "b.pdf", "application/pdf", &id, &held, NULL),
        ZHUCUN__CODE__OK);
    uint8_t *big = calloc(1, ATTACH_CHUNK_MAX + 1);
    assert_int_equal(chunk_as(cadre, id, 0, big, ATTACH_CHUNK_MAX + 1, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "data");
    assert_int_equal(chunk_as(cadre, id, 10, big, 10, NULL, &reply),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_field(reply, "offset");
    assert_int_equal(chunk_as(cadre, id, 0, big, 100, &held, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(held, 100);
    assert_int_equal(chunk_as(cadre, id, 0, big, 100, &held, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(held, 100);
    assert_int_equal(chunk_as(cadre, id, 100, big, ATTACH_CHUNK_MAX, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(
        chunk_as(cadre, id, 100 + ATTACH_CHUNK_MAX, big, ATTACH_CHUNK_MAX, NULL, &reply),
        ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "data");
    /* finishing before every byte came */
    assert_int_equal(finish_as(cadre, id, &reply), ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_field(reply, "upload_id");
    /* another's upload does not exist for the caller */
    assert_int_equal(chunk_as(county, id, 100, big, 10, NULL, &reply), ZHUCUN__CODE__NOT_FOUND);
    assert_field(reply, "upload_id");
    free(big);
    /* bytes that are not the claimed hash: refused and the upload dropped */
    struct file p = pdf("不符的哈希");
    memset(sha, 7, 32);
    assert_int_equal(
        begin_as(cadre, sha, (int64_t)p.len, "c.pdf", "application/pdf", &id, NULL, NULL),
        ZHUCUN__CODE__OK);
    assert_int_equal(chunk_as(cadre, id, 0, p.data, p.len, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(finish_as(cadre, id, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "sha256");
    assert_int_equal(
        count("SELECT count(*) FROM attachment_uploads WHERE id = %lld", (long long)id), 0);
    /* bytes that are not the claimed type (a PDF claimed as PNG), and bytes of no accepted
     * type (text claimed as PDF): refused on mime by what libmagic finds */
    struct zc_error err;
    uint8_t got[32];
    assert_int_equal(upload(cadre, &p, "照片.png", got, NULL, &err),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "mime");
    assert_non_null(strstr(err.message, "application/pdf"));
    struct file text = {(uint8_t *)strdup("这只是一段文字，不是 PDF。\n"), 0};
    text.len = strlen((char *)text.data);
    assert_int_equal(upload(cadre, &text, "说明.pdf", got, NULL, &err),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "mime");
    assert_non_null(strstr(err.message, "text/plain"));
    free(text.data);
    free(p.data);
    /* ATTACH_OPEN_UPLOADS_MAX open uploads, and not one more */
    struct zc_client *c = zt_login(&srv, "xiaodian", PW, NULL);
    for (int i = 0; i < ATTACH_OPEN_UPLOADS_MAX; i++) {
        memset(sha, 0x40 + i, 32);
        assert_int_equal(begin_as(c, sha, 10, "open.pdf", "application/pdf", NULL, NULL, NULL),
                         ZHUCUN__CODE__OK);
    }
    memset(sha, 0x60, 32);
    assert_int_equal(begin_as(c, sha, 10, "open.pdf", "application/pdf", NULL, NULL, NULL),
                     ZHUCUN__CODE__RESOURCE_EXHAUSTED);
    /* one of them abandoned for a day is cleaned by the next begin, which then fits */
    assert_int_equal(count("WITH u AS (UPDATE attachment_uploads SET touched_at = now()"
                           " - interval '25 hours' WHERE sha256 = '\\x%s' RETURNING 1)"
                           " SELECT count(*) FROM u",
                           "4040404040404040404040404040404040404040404040404040404040404040"),
                     1);
    assert_int_equal(begin_as(c, sha, 10, "open.pdf", "application/pdf", NULL, NULL, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM attachment_uploads WHERE sha256 = '\\x%s'",
                           "4040404040404040404040404040404040404040404040404040404040404040"),
                     0);
    assert_int_equal(count("WITH d AS (DELETE FROM attachment_uploads WHERE done_at IS NULL"
                           " AND user_id = (SELECT id FROM users WHERE username = 'xiaodian')"
                           " RETURNING 1) SELECT count(*) FROM d"),
                     ATTACH_OPEN_UPLOADS_MAX);
    zc_close(c);
    /* ATTACH_FILES_PER_RECORD_MAX files on one record, and not one more */
    for (int i = 0; i <= ATTACH_FILES_PER_RECORD_MAX; i++) {
        char text_of[32];
        snprintf(text_of, sizeof(text_of), "第 %d 份", i);
        struct file d = pdf(text_of);
        assert_int_equal(upload(county, &d, "证明.pdf", got, NULL, &err), ZHUCUN__CODE__OK);
        Zhucun__Code code = link_as(county, "household", hh_b, got, NULL, &reply);
        if (i < ATTACH_FILES_PER_RECORD_MAX) {
            assert_int_equal(code, ZHUCUN__CODE__OK);
            zc_reply_free(reply);
        } else {
            assert_int_equal(code, ZHUCUN__CODE__INVALID_ARGUMENT);
            assert_field(reply, "evidence");
        }
        free(d.data);
    }
    assert_int_equal(count("SELECT count(*) FROM attachment_links WHERE kind = 'household'"
                           " AND record_id = %lld",
                           (long long)hh_b),
                     ATTACH_FILES_PER_RECORD_MAX);
    /* an unknown kind */
    assert_int_equal(link_as(county, "nothing", hh_b, got, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "kind");
}

/* A PNG header with garbage behind it: stored, without a thumbnail (docs/attachments.md), and
 * the server goes on answering. */
static void test_corrupt_png(void **state)
{
    (void)state;
    struct file f = picture(64, 64, 3, "png");
    for (size_t i = 40; i < f.len; i++)
        f.data[i] = (uint8_t)(i * 131);
    uint8_t sha[32];
    int thumb = 1;
    struct zc_error err;
    assert_int_equal(upload(cadre, &f, "坏图.png", sha, &thumb, &err), ZHUCUN__CODE__OK);
    assert_false(thumb);
    assert_int_equal(zt_whoami(cadre), ZHUCUN__CODE__OK);
    uint8_t *data = NULL;
    size_t len = 0;
    char mime[128];
    assert_int_equal(zc_attach_fetch(cadre, sha, 1, &data, &len, mime, sizeof(mime), &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(err.field, "thumbnail");
    assert_int_equal(zc_attach_fetch(cadre, sha, 0, &data, &len, mime, sizeof(mime), &err), 0);
    assert_int_equal(len, f.len);
    free(data);
    free(f.data);
}

/* Who reads and links what: by the record's scope, or as the uploader. */
static void test_access(void **state)
{
    (void)state;
    struct file f = picture(50, 50, 4, "png");
    uint8_t sha[32];
    struct zc_error err;
    assert_int_equal(upload(cadre, &f, "入户照片.png", sha, NULL, &err), ZHUCUN__CODE__OK);
    Zhucun__Reply *reply = NULL;
    uint8_t *data = NULL;
    size_t len = 0;
    char mime[128];
    /* not yet linked: the uploader reads it, the county office (in scope, but no record of
     * its links it) does not */
    assert_int_equal(zc_attach_fetch(cadre, sha, 0, &data, &len, mime, sizeof(mime), &err), 0);
    free(data);
    assert_int_equal(zc_attach_fetch(county, sha, 0, &data, &len, mime, sizeof(mime), &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__NOT_FOUND);
    /* a stranger cannot link it (it is neither theirs nor visible to them) */
    assert_int_equal(link_as(other_county, "household", hh_other, sha, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "evidence");
    /* the cadre cannot link to a record outside the village */
    assert_int_equal(link_as(cadre, "household", hh_other, sha, NULL, &reply),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_field(reply, "record_id");
    assert_int_equal(link_as(cadre, "household", hh, sha, NULL, NULL), ZHUCUN__CODE__OK);
    /* linked in A1: the county office reads it and may link it to another record it may write
     * (it sees the file now); the other county neither lists nor reads it */
    assert_int_equal(zc_attach_fetch(county, sha, 0, &data, &len, mime, sizeof(mime), &err), 0);
    free(data);
    assert_int_equal(link_as(county, "household", hh_b, sha, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* hh_b is full (the limits' test) */
    assert_field(reply, "evidence");
    assert_int_equal(list_as(other_county, "household", hh, &reply), ZHUCUN__CODE__NOT_FOUND);
    assert_field(reply, "record_id");
    assert_int_equal(zc_attach_fetch(other_county, sha, 0, &data, &len, mime, sizeof(mime), &err),
                     -1);
    assert_int_equal(err.code, ZHUCUN__CODE__NOT_FOUND);
    assert_string_equal(err.field, "sha256");
    /* the exporter role reads no files */
    assert_int_equal(list_as(exporter, "household", hh, &reply), ZHUCUN__CODE__PERMISSION_DENIED);
    zc_reply_free(reply);
    free(f.data);
}

/* AttachLink with a key: the retry answers the first's count and links nothing twice. */
static void test_link_keyed(void **state)
{
    (void)state;
    struct file f = pdf("带键的附加");
    uint8_t sha[32];
    struct zc_error err;
    assert_int_equal(upload(cadre, &f, "证明.pdf", sha, NULL, &err), ZHUCUN__CODE__OK);
    char hex[65];
    zc_attach_hex(sha, hex);
    Zhucun__Reply *reply = NULL;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(link_as(cadre, "household", hh, sha, "attach-key-1", &reply),
                         ZHUCUN__CODE__OK);
        assert_int_equal(reply->attach_link->linked, 1);
        zc_reply_free(reply);
    }
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'attachment.link'"
                           " AND detail->>'sha256' = '%s'",
                           hex),
                     1);
    free(f.data);
}

/* An upload broken after two chunks goes on from there on another server process: by the
 * library, and by `zhucun attach add`, which begins again and prints the hash; the stored
 * bytes hash to it. */
static void test_resume_elsewhere(void **state)
{
    (void)state;
    struct file f = picture(900, 700, 5, "png");
    assert_true(f.len > 3 * ATTACH_CHUNK_MAX);
    uint8_t sha[32];
    sha_of(&f, sha);
    char hex[65];
    zc_attach_hex(sha, hex);
    int64_t id = 0, held = 0;
    struct zc_client *c = zt_login(&srv, "cadre-a", PW, NULL);
    assert_int_equal(begin_as(c, sha, (int64_t)f.len, "断点.png", "image/png", &id, &held, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(chunk_as(c, id, 0, f.data, ATTACH_CHUNK_MAX, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(
        chunk_as(c, id, ATTACH_CHUNK_MAX, f.data + ATTACH_CHUNK_MAX, ATTACH_CHUNK_MAX, NULL, NULL),
        ZHUCUN__CODE__OK);
    zc_close(c); /* the connection breaks */
    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    /* the CLI, logged in on the other process, resumes */
    char session[700], path[700], cmd[3000], out[4096];
    snprintf(session, sizeof(session), "%s/attach.session", srv.dir);
    snprintf(path, sizeof(path), "%s/断点.png", srv.dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(f.data, 1, f.len, fp), f.len);
    fclose(fp);
    const char *base = "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s";
    char prefix[1500];
    snprintf(prefix, sizeof(prefix), base, ZT_CLI_BIN, twin.port, getenv("ZC_TEST_CERTS"), session);
    snprintf(cmd, sizeof(cmd), "%s login cadre-a --password-stdin 2>&1", prefix);
    assert_int_equal(zt_run(cmd, PW "\n", out, sizeof(out)), 0);
    snprintf(cmd, sizeof(cmd), "%s attach add '%s' --kind household --record %lld 2>&1", prefix,
             path, (long long)hh);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fail_msg("attach add: %s", out);
    assert_non_null(strstr(out, hex));
    /* it sent only what the server did not hold */
    assert_int_equal(count("SELECT count(*) FROM attachment_uploads WHERE id = %lld"
                           " AND done_at IS NOT NULL",
                           (long long)id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM attachment_blobs"
                           " WHERE sha256 = '\\x%s' AND sha256(data) = sha256"
                           " AND length(data) = %zu",
                           hex, f.len),
                     1);
    /* list and get through the CLI */
    snprintf(cmd, sizeof(cmd), "%s attach list --kind household --record %lld 2>&1", prefix,
             (long long)hh);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, hex));
    assert_non_null(strstr(out, "断点.png"));
    char got[700];
    snprintf(got, sizeof(got), "%s/got.jpg", srv.dir);
    snprintf(cmd, sizeof(cmd), "%s attach get %s -o '%s' --thumbnail 2>&1", prefix, hex, got);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "image/jpeg"));
    GdkPixbuf *pb = gdk_pixbuf_new_from_file(got, NULL);
    assert_non_null(pb);
    assert_int_equal(gdk_pixbuf_get_width(pb), ATTACH_THUMB_PX);
    g_object_unref(pb);
    /* the library resumes too: another file broken after one chunk, finished on the twin */
    struct file g = picture(800, 600, 6, "jpeg");
    sha_of(&g, sha);
    c = zt_login(&srv, "cadre-a", PW, NULL);
    assert_int_equal(begin_as(c, sha, (int64_t)g.len, "二.jpg", "image/jpeg", &id, &held, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(chunk_as(c, id, 0, g.data, ATTACH_CHUNK_MAX, NULL, NULL), ZHUCUN__CODE__OK);
    zc_close(c);
    c = zt_login(&twin, "cadre-a", PW, NULL);
    assert_int_equal(begin_as(c, sha, (int64_t)g.len, "二.jpg", "image/jpeg", NULL, &held, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(held, ATTACH_CHUNK_MAX);
    struct zc_error err;
    uint8_t again[32];
    assert_int_equal(upload(c, &g, "二.jpg", again, NULL, &err), ZHUCUN__CODE__OK);
    assert_memory_equal(again, sha, 32);
    zc_close(c);
    assert_int_equal(zt_server_stop(&twin, 10000), 0);
    free(f.data);
    free(g.data);
}

/* attachment_links is an export kind: a first pull, nothing new, then a new link alone. */
static void test_links_exported(void **state)
{
    (void)state;
    char cursor[512] = "";
    long long before = count("SELECT count(*) FROM attachment_links");
    for (int round = 0; round < 3; round++) {
        if (round == 2) {
            struct file f = pdf("导出的附件");
            uint8_t sha[32];
            struct zc_error err;
            assert_int_equal(upload(cadre, &f, "导出.pdf", sha, NULL, &err), ZHUCUN__CODE__OK);
            assert_int_equal(link_as(cadre, "household", hh, sha, NULL, NULL), ZHUCUN__CODE__OK);
            free(f.data);
        }
        Zhucun__Export ex = ZHUCUN__EXPORT__INIT;
        ex.kind = "attachment_links";
        ex.scope_code = "";
        ex.since = cursor;
        ex.format = "jsonl";
        Zhucun__Request req = ZHUCUN__REQUEST__INIT;
        req.body_case = ZHUCUN__REQUEST__BODY_EXPORT;
        req.export = &ex;
        struct zc_error err;
        uint64_t id = zc_send(exporter, &req, &err);
        assert_true(id > 0);
        unsigned long long rows = 0;
        for (;;) {
            Zhucun__Reply *reply = NULL;
            assert_int_equal(zc_recv(exporter, &reply, 30000, &err), 0);
            if (reply->id != id) {
                zc_reply_free(reply);
                continue;
            }
            if (reply->status && reply->status->code != ZHUCUN__CODE__OK)
                fail_msg("export: %s", reply->status->message);
            rows += reply->export_chunk->rows;
            int more = reply->more;
            if (!more)
                snprintf(cursor, sizeof(cursor), "%s", reply->export_chunk->cursor);
            zc_reply_free(reply);
            if (!more)
                break;
        }
        assert_int_equal(rows, round == 0 ? (unsigned long long)before : round == 1 ? 0 : 1);
    }
}

/* What a domain's test does (harness zt_attach_evidence): a file stored as its caller's, which
 * zc_attach_link then accepts; the same hash for an account that did not upload it is refused. */
static void test_evidence_for_domains(void **state)
{
    (void)state;
    uint8_t sha[32];
    memset(sha, 0x5e, sizeof(sha));
    zt_attach_evidence(&srv, "xiaodian", sha);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(link_as(other_county, "household", hh_other, sha, NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_field(reply, "evidence");
    assert_int_equal(link_as(county, "household", hh, sha, NULL, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->attach_link->linked, 1);
    zc_reply_free(reply);
}

/* A download read slowly waits for the client (conn_on_room) instead of queueing the file: the
 * server's log line of the download counts the waits; the bytes arrive whole. */
static void test_slow_reader(void **state)
{
    (void)state;
    struct file f = picture(1200, 900, 7, "png"); /* about 3 MiB of noise */
    assert_true(f.len > 4 * 512 * 1024);
    uint8_t sha[32];
    struct zc_error err;
    assert_int_equal(upload(cadre, &f, "慢读.png", sha, NULL, &err), ZHUCUN__CODE__OK);
    Zhucun__AttachGet g = ZHUCUN__ATTACH_GET__INIT;
    g.sha256.data = sha;
    g.sha256.len = 32;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_ATTACH_GET;
    req.attach_get = &g;
    uint64_t id = zc_send(cadre, &req, &err);
    assert_true(id > 0);
    zt_sleep_ms(500); /* the server fills the queue and waits */
    size_t have = 0;
    for (int more = 1; more;) {
        Zhucun__Reply *reply = NULL;
        assert_int_equal(zc_recv(cadre, &reply, 30000, &err), 0);
        if (reply->id != id) {
            zc_reply_free(reply);
            continue;
        }
        assert_int_equal(reply->body_case, ZHUCUN__REPLY__BODY_ATTACH_DATA);
        assert_int_equal(reply->attach_data->offset, (int64_t)have);
        assert_memory_equal(reply->attach_data->data.data, f.data + have,
                            reply->attach_data->data.len);
        have += reply->attach_data->data.len;
        more = reply->more;
        zc_reply_free(reply);
        zt_sleep_ms(20);
    }
    assert_int_equal(have, f.len);
    char needle[96], line[1024];
    snprintf(needle, sizeof(needle), " req=%llu ", (unsigned long long)id);
    int found = 0;
    for (int i = 0; i < 300 && !found; i++) {
        FILE *log = fopen(srv.log, "r");
        assert_non_null(log);
        while (!found && fgets(line, sizeof(line), log) != NULL)
            found = strstr(line, "event=attach.get") != NULL && strstr(line, needle) != NULL;
        fclose(log);
        if (!found)
            zt_sleep_ms(10);
    }
    assert_true(found);
    printf("attach: %s", line);
    const char *w = strstr(line, "waits=");
    assert_non_null(w);
    assert_true(atoi(w + 6) >= 1);
    free(f.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upload_link_list_get),
        cmocka_unit_test(test_stored_once),
        cmocka_unit_test(test_refusals_and_limits),
        cmocka_unit_test(test_corrupt_png),
        cmocka_unit_test(test_access),
        cmocka_unit_test(test_link_keyed),
        cmocka_unit_test(test_resume_elsewhere),
        cmocka_unit_test(test_links_exported),
        cmocka_unit_test(test_evidence_for_domains),
        cmocka_unit_test(test_slow_reader),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
