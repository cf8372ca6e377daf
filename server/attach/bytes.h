/* attach/bytes.h -- what the server finds in an uploaded file's bytes, off the loop: its
 * SHA-256, its type (libmagic, from the bytes, never the name) and, for an image, a thumbnail
 * (gdk-pixbuf). CPU work on a whole file: AttachFinish runs it on the libuv thread pool
 * (core/offload.h); the demo generator calls it for its pictures. */
#ifndef ZHUCUN_ATTACH_BYTES_H
#define ZHUCUN_ATTACH_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

/* The SHA-256 of len bytes. */
void attach_sha256(const uint8_t *data, size_t len, uint8_t out[32]);

/* The type libmagic finds in the bytes ("image/png", "application/pdf" ...) into out (cap
 * bytes); "" when libmagic cannot be used (logged). */
void attach_mime(const uint8_t *data, size_t len, char *out, size_t cap);

/* A JPEG thumbnail of the image in the bytes, its longer side ATTACH_THUMB_PX at most
 * (common/rules/attach.h), or NULL when none can be made: an image the decoder cannot read
 * (a PNG header with garbage behind it), one of more than ATTACH_THUMB_SOURCE_PIXELS_MAX
 * pixels, or a call on the loop thread *loop (it never decodes there: NULL, logged
 * attach.thumb_on_loop). Free the result with free(). */
uint8_t *attach_thumbnail(const uint8_t *data, size_t len, const uv_thread_t *loop,
                          size_t *out_len);

#endif
