/* zc_attach.h -- evidence attachments from a client (docs/attachments.md): a whole upload in
 * chunks that resumes after a broken connection, and a file (or its thumbnail) read back from
 * its streamed parts. The CLI (`zhucun attach`) and the desk's strip use these. */
#ifndef ZHUCUN_ZC_ATTACH_H
#define ZHUCUN_ZC_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "zhucun_client.h"

#define ZC_ATTACH_RESUMES 5 /* a broken upload is begun again at most this many times */

/* How far an upload got, for a progress line; may be NULL. */
typedef void (*zc_attach_progress_fn)(int64_t held, int64_t size, void *arg);

/* Uploads len bytes named name, claimed to be mime (NULL: by the name's ending,
 * rules_attach_mime_for_name): AttachBegin (the server says how much it holds), AttachChunk
 * from there, AttachFinish. When the connection breaks, begins again on a new one (resuming
 * the session) and goes on from what the server holds, up to ZC_ATTACH_RESUMES times. 0 with
 * sha (the file's SHA-256) and *thumbnail (the server made one), or -1 with err (the server's
 * refusal with its field, or the transport's error). */
int zc_attach_upload(struct zc_client *c, const uint8_t *data, size_t len, const char *name,
                     const char *mime, uint8_t sha[32], int *thumbnail,
                     zc_attach_progress_fn progress, void *arg, struct zc_error *err);

/* Reads the file sha (or its thumbnail) from its AttachGet parts: 0 with *data (malloc'd,
 * free it), *len and its type in mime (cap bytes), or -1 with err. */
int zc_attach_fetch(struct zc_client *c, const uint8_t sha[32], int thumbnail, uint8_t **data,
                    size_t *len, char *mime, size_t cap, struct zc_error *err);

/* The hex of a hash (65 bytes) and back (0, or -1 when text is not 64 hex digits). */
void zc_attach_hex(const uint8_t sha[32], char out[65]);
int zc_attach_unhex(const char *text, uint8_t sha[32]);

#endif
