/* demo_attach.c -- the attachments step: evidence for the records of every kind registered in
 * attachment_kinds (0070's contract), so that a domain's records get files as soon as its kind
 * is there:
 *
 * - DEMO_PICTURES pictures of coloured patterns (stripes, checks, rings, gradients), made here
 *   with gdk-pixbuf, JPEG and PNG, and one small PDF: stored once (content-addressed), each
 *   image with its thumbnail made by the server's own function (server/attach/bytes.c), its
 *   type found by libmagic as an upload's is;
 * - for every kind, one record in DEMO_ATTACH_EVERY of its table (record_table, by id) gets
 *   one to three of those files, placed in the record's village (the table's village_code, or
 *   the kind's village function).
 *
 * Everything goes in by COPY. Deterministic: the pictures come from the seed, the choice of
 * files from the record's id, so a county's links are the same at every scale. */
#include "server/demo/demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "common/token.h"
#include "common/xmalloc.h"
#include "server/attach/bytes.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define DEMO_PICTURES     12 /* distinct pictures, besides the PDF */
#define DEMO_ATTACH_EVERY 20 /* one record in this many of each kind gets evidence */
#define PICTURE_W         480
#define PICTURE_H         360

struct demo_file {
    uint8_t *data;
    size_t len;
    char sha[65];
    char mime[128];
    char name[64];
    uint8_t *thumb;
    size_t thumb_len;
};

/* Picture i: one of four patterns in two colours from the seed. */
static void make_picture(struct demo_rng *r, int i, struct demo_file *f)
{
    GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, PICTURE_W, PICTURE_H);
    guchar *px = gdk_pixbuf_get_pixels(pb);
    int stride = gdk_pixbuf_get_rowstride(pb);
    guchar a[3], b[3];
    for (int k = 0; k < 3; k++) {
        a[k] = (guchar)demo_rng_below(r, 256);
        b[k] = (guchar)demo_rng_below(r, 256);
    }
    int size = demo_rng_range(r, 12, 60);
    for (int y = 0; y < PICTURE_H; y++)
        for (int x = 0; x < PICTURE_W; x++) {
            int dx = x - PICTURE_W / 2, dy = y - PICTURE_H / 2;
            int pick;
            double t = 0;
            switch (i % 4) {
            case 0: /* stripes */
                pick = (x + y) / size % 2;
                break;
            case 1: /* checks */
                pick = (x / size + y / size) % 2;
                break;
            case 2: /* rings */
                pick = (int)(sqrt((double)(dx * dx + dy * dy)) / size) % 2;
                break;
            default: /* a gradient */
                pick = -1;
                t = (double)x / PICTURE_W;
                break;
            }
            guchar *p = px + y * stride + x * 3;
            for (int k = 0; k < 3; k++)
                p[k] = pick < 0 ? (guchar)(a[k] * (1 - t) + b[k] * t) : (pick ? a[k] : b[k]);
        }
    const char *type = i % 3 == 2 ? "png" : "jpeg";
    gchar *buf = NULL;
    gsize n = 0;
    if (!gdk_pixbuf_save_to_buffer(pb, &buf, &n, type, NULL, NULL)) {
        fprintf(stderr, "zhucun-server: demo: cannot encode a picture\n");
        exit(1);
    }
    g_object_unref(pb);
    f->data = xmalloc(n);
    memcpy(f->data, buf, n);
    f->len = n;
    g_free(buf);
    static const char *const names[] = {"入户走访", "住房鉴定", "帮扶现场", "产业项目"};
    snprintf(f->name, sizeof(f->name), "%s%02d.%s", names[i % 4], i + 1,
             i % 3 == 2 ? "png" : "jpg");
}

static void make_pdf(struct demo_file *f)
{
    static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                              "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                              "trailer << /Root 1 0 R >>\n%%EOF\n";
    f->len = sizeof(pdf) - 1;
    f->data = xmalloc(f->len);
    memcpy(f->data, pdf, f->len);
    snprintf(f->name, sizeof(f->name), "帮扶协议.pdf");
}

/* "\x" and the hex of n bytes, as bytea's text input (fresh string). */
static char *bytea_text(const uint8_t *p, size_t n)
{
    char *s = xmalloc(2 * n + 3);
    s[0] = '\\';
    s[1] = 'x';
    token_to_hex(p, (unsigned)n, s + 2);
    return s;
}

/* Each file's bytes (thumbs 0) or thumbnail (thumbs 1; files without one are left out) into
 * table (sha256, data). */
static int copy_bytes(struct demo *d, const char *table, const struct demo_file *files, int n,
                      int thumbs)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, table, "sha256, data") != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const uint8_t *p = thumbs ? files[i].thumb : files[i].data;
        if (p == NULL)
            continue;
        char sha[67];
        snprintf(sha, sizeof(sha), "\\x%s", files[i].sha);
        char *data = bytea_text(p, thumbs ? files[i].thumb_len : files[i].len);
        demo_copy_text(&c, sha);
        demo_copy_text(&c, data);
        demo_copy_row(&c);
        free(data);
    }
    return demo_copy_done(d, &c, 0);
}

static int copy_files(struct demo *d, struct demo_file *files, int n)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "attachments", "sha256, size, mime") != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        char sha[67];
        snprintf(sha, sizeof(sha), "\\x%s", files[i].sha);
        demo_copy_text(&c, sha);
        demo_copy_int(&c, (int64_t)files[i].len);
        demo_copy_text(&c, files[i].mime);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 0) != 0)
        return -1;
    if (copy_bytes(d, "attachment_blobs", files, n, 0) != 0 ||
        copy_bytes(d, "attachment_thumbs", files, n, 1) != 0)
        return -1;
    /* uploaded by the first account (the province office's) */
    if (demo_copy_begin(&c, d->pg, "attachment_files", "sha256, user_id, name") != 0)
        return -1;
    for (int i = 0; i < n && d->nusers > 0; i++) {
        char sha[67];
        snprintf(sha, sizeof(sha), "\\x%s", files[i].sha);
        demo_copy_text(&c, sha);
        demo_copy_int(&c, d->users[0].id);
        demo_copy_text(&c, files[i].name);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 0);
}

/* One kind's sample of records of the loaded subtree, with their villages as the kind's village
 * function places them (which the scope of every read follows; a table's own village_code, where
 * it has one, only narrows the sample to the subtree, and may be another place: a contest
 * entry's team, a points ledger row that is not an award). NULL after saying why. */
static PGresult *sample_kind(struct demo *d, const char *kind, const char *table,
                             const char *village_fn, int has_village)
{
    char sql[1024];
    const char *params[1] = {d->scope_code};
    if (has_village)
        snprintf(sql, sizeof(sql),
                 "SELECT id, v FROM (SELECT t.id, %s(t.id) AS v FROM %s t WHERE t.id %% %d = 0"
                 " AND t.village_code LIKE rtrim($1, '0') || '%%') x WHERE v IS NOT NULL"
                 " ORDER BY id",
                 village_fn, table, DEMO_ATTACH_EVERY);
    else
        snprintf(sql, sizeof(sql),
                 "SELECT id, v FROM (SELECT t.id, %s(t.id) AS v FROM %s t"
                 " WHERE t.id %% %d = 0) x WHERE v LIKE rtrim($1, '0') || '%%' ORDER BY id",
                 village_fn, table, DEMO_ATTACH_EVERY);
    PGresult *res = PQexecParams(d->pg, sql, 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: demo: records of %s: %s", kind, PQresultErrorMessage(res));
        PQclear(res);
        return NULL;
    }
    return res;
}

/* Each sampled record's files: one to three, chosen by its id. */
static void link_sample(struct demo_copy *c, const char *kind, const PGresult *res,
                        const struct demo_file *files, int n)
{
    for (int i = 0; i < PQntuples(res); i++) {
        uint64_t id = strtoull(PQgetvalue(res, i, 0), NULL, 10);
        uint64_t pick = id / DEMO_ATTACH_EVERY;
        int k = 1 + (int)(pick % 3);
        for (int j = 0; j < k; j++) {
            const struct demo_file *f = &files[(pick + (uint64_t)j * 5) % (uint64_t)n];
            char sha[67];
            snprintf(sha, sizeof(sha), "\\x%s", f->sha);
            demo_copy_text(c, kind);
            demo_copy_int(c, (int64_t)id);
            demo_copy_text(c, sha);
            demo_copy_text(c, PQgetvalue(res, i, 1));
            demo_copy_row(c);
        }
    }
}

static int link_records(struct demo *d, const struct demo_file *files, int n)
{
    PGresult *kinds = PQexec(d->pg, "SELECT k.kind, k.record_table::text,"
                                    " k.village_of::regproc::text,"
                                    " EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid ="
                                    " k.record_table AND a.attname = 'village_code'"
                                    " AND NOT a.attisdropped)"
                                    " FROM attachment_kinds k ORDER BY k.kind");
    if (PQresultStatus(kinds) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: demo: attachment kinds: %s", PQresultErrorMessage(kinds));
        PQclear(kinds);
        return -1;
    }
    int nk = PQntuples(kinds), rc = 0;
    PGresult **samples = xcalloc((size_t)nk + 1, sizeof(*samples));
    /* Every sample is read before the COPY begins: the connection does one thing at a time. */
    for (int i = 0; i < nk && rc == 0; i++) {
        samples[i] = sample_kind(d, PQgetvalue(kinds, i, 0), PQgetvalue(kinds, i, 1),
                                 PQgetvalue(kinds, i, 2), PQgetvalue(kinds, i, 3)[0] == 't');
        rc = samples[i] != NULL ? 0 : -1;
    }
    struct demo_copy c;
    if (rc == 0)
        rc =
            demo_copy_begin(&c, d->pg, "attachment_links", "kind, record_id, sha256, village_code");
    if (rc == 0) {
        for (int i = 0; i < nk; i++)
            link_sample(&c, PQgetvalue(kinds, i, 0), samples[i], files, n);
        rc = demo_copy_done(d, &c, 0);
    }
    for (int i = 0; i < nk; i++)
        PQclear(samples[i]);
    free(samples);
    PQclear(kinds);
    return rc;
}

int demo_step_attach(struct demo *d)
{
    struct demo_file files[DEMO_PICTURES + 1];
    struct demo_rng r;
    memset(files, 0, sizeof(files));
    demo_rng_init(&r, d->seed, "attach", "pictures");
    for (int i = 0; i < DEMO_PICTURES; i++)
        make_picture(&r, i, &files[i]);
    make_pdf(&files[DEMO_PICTURES]);
    int n = DEMO_PICTURES + 1;
    for (int i = 0; i < n; i++) {
        uint8_t sha[32];
        attach_sha256(files[i].data, files[i].len, sha);
        token_to_hex(sha, 32, files[i].sha);
        attach_mime(files[i].data, files[i].len, files[i].mime, sizeof(files[i].mime));
        if (strncmp(files[i].mime, "image/", 6) == 0)
            files[i].thumb =
                attach_thumbnail(files[i].data, files[i].len, NULL, &files[i].thumb_len);
    }
    int rc = copy_files(d, files, n);
    if (rc == 0)
        rc = link_records(d, files, n);
    for (int i = 0; i < n; i++) {
        free(files[i].data);
        free(files[i].thumb);
    }
    return rc;
}
