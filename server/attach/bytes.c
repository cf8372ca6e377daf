/* attach/bytes.c -- a file's hash, type and thumbnail (bytes.h). */
#include "server/attach/bytes.h"

#include <stdlib.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <magic.h>
#include <openssl/evp.h>

#include "common/log.h"
#include "common/rules/attach.h"
#include "common/xmalloc.h"

#define FEED_BYTES (64 * 1024) /* the decoder is fed this much at a time */

void attach_sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
    unsigned n = 32;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void attach_mime(const uint8_t *data, size_t len, char *out, size_t cap)
{
    out[0] = '\0';
    /* One handle per call: a magic_t is not to be shared between threads, and loading the
     * compiled database (mapped) costs well under a millisecond next to reading a file. */
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
    if (m == NULL || magic_load(m, NULL) != 0) {
        log_error("attach.magic", "error=\"%s\"", m != NULL ? magic_error(m) : "magic_open");
        if (m != NULL)
            magic_close(m);
        return;
    }
    const char *t = magic_buffer(m, data, len);
    if (t != NULL)
        snprintf(out, cap, "%s", t);
    else
        log_error("attach.magic", "error=\"%s\"", magic_error(m));
    magic_close(m);
}

struct thumb_size {
    int too_big;
};

/* The decoder knows the image's size: decode straight to the thumbnail's (JPEG decodes at a
 * fraction of the size), or stop for an image too large to decode at all. */
static void on_size_prepared(GdkPixbufLoader *loader, int width, int height, gpointer arg)
{
    struct thumb_size *ts = arg;
    if ((long)width * height > ATTACH_THUMB_SOURCE_PIXELS_MAX || width <= 0 || height <= 0) {
        ts->too_big = 1;
        return;
    }
    int tw, th;
    rules_attach_thumb_size(width, height, &tw, &th);
    gdk_pixbuf_loader_set_size(loader, tw, th);
}

uint8_t *attach_thumbnail(const uint8_t *data, size_t len, const uv_thread_t *loop, size_t *out_len)
{
    *out_len = 0;
    if (loop != NULL) {
        uv_thread_t self = uv_thread_self();
        if (uv_thread_equal(&self, loop)) {
            log_error("attach.thumb_on_loop", "bytes=%zu", len);
            return NULL;
        }
    }
    struct thumb_size ts = {0};
    GError *err = NULL;
    GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
    g_signal_connect(loader, "size-prepared", G_CALLBACK(on_size_prepared), &ts);
    int ok = 1;
    for (size_t off = 0; off < len && ok && !ts.too_big; off += FEED_BYTES) {
        size_t n = len - off < FEED_BYTES ? len - off : FEED_BYTES;
        ok = gdk_pixbuf_loader_write(loader, data + off, n, &err);
    }
    if (!gdk_pixbuf_loader_close(loader, ok ? &err : NULL))
        ok = 0;
    GdkPixbuf *pb = ok && !ts.too_big ? gdk_pixbuf_loader_get_pixbuf(loader) : NULL;
    uint8_t *out = NULL;
    if (pb != NULL) {
        int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
        /* JPEG has no alpha: a transparent PNG is laid on white. */
        GdkPixbuf *flat = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, w, h);
        if (flat != NULL) {
            gdk_pixbuf_fill(flat, 0xffffffffu);
            gdk_pixbuf_composite(pb, flat, 0, 0, w, h, 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);
            gchar *buf = NULL;
            gsize n = 0;
            if (gdk_pixbuf_save_to_buffer(flat, &buf, &n, "jpeg", &err, "quality", "80", NULL)) {
                out = xmalloc(n);
                memcpy(out, buf, n);
                *out_len = n;
            }
            g_free(buf);
            g_object_unref(flat);
        }
    }
    if (out == NULL)
        log_info("attach.no_thumbnail", "bytes=%zu too_big=%d error=\"%s\"", len, ts.too_big,
                 err != NULL ? err->message : "");
    if (err != NULL)
        g_error_free(err);
    g_object_unref(loader);
    return out;
}
