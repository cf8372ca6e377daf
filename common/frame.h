/* frame.h -- the wire framing: a 4-byte big-endian length N, then N bytes of protobuf.
 *
 * The decoder is incremental: bytes arrive in any split (a frame across many reads, many
 * frames in one read) and complete frames come out one at a time. Its buffer holds at most
 * one frame plus what was read after it; a frame's length is checked against max_frame before
 * any memory is allocated for it, so a peer cannot make the decoder allocate more than
 * 4 + max_frame bytes. See docs/wire-format.md. */
#ifndef ZHUCUN_FRAME_H
#define ZHUCUN_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#define FRAME_HEADER     4
#define FRAME_MIN_BUFFER 16384

/* The protocol version Hello carries; bumped on incompatible changes. */
#define ZHUCUN_PROTOCOL_VERSION 1

enum {
    FRAME_NEED_MORE = 0, /* no complete frame yet */
    FRAME_READY = 1,     /* *payload / *len hold a complete frame */
    FRAME_EEMPTY = -1,   /* a zero-length frame: a protocol error */
    FRAME_ETOOBIG = -2,  /* the announced length exceeds max_frame; *len holds it */
};

struct frame_decoder {
    uint8_t *buf;     /* NULL until the first byte arrives */
    size_t cap;       /* allocated size of buf */
    size_t start;     /* first unconsumed byte */
    size_t end;       /* one past the last buffered byte */
    size_t max_frame; /* largest payload accepted */
};

void frame_decoder_init(struct frame_decoder *d, size_t max_frame);
void frame_decoder_free(struct frame_decoder *d);

/* Frees the buffer while nothing is in it (an idle connection holds no buffer); the next
 * frame_decoder_space makes a new one. */
void frame_decoder_release(struct frame_decoder *d);

/* Returns where the next input bytes may be written and how many fit (*avail, possibly 0
 * when a complete frame must be taken out first). Write there, then call commit. */
uint8_t *frame_decoder_space(struct frame_decoder *d, size_t *avail);
void frame_decoder_commit(struct frame_decoder *d, size_t n);

/* Copies in as much of data as fits; returns how many bytes were taken. */
size_t frame_decoder_feed(struct frame_decoder *d, const void *data, size_t n);

/* Takes out the next complete frame. On FRAME_READY, *payload points into the decoder's
 * buffer and stays valid until the next call of space, feed or next. */
int frame_decoder_next(struct frame_decoder *d, const uint8_t **payload, size_t *len);

/* Bytes buffered that are not yet part of a returned frame. */
size_t frame_decoder_pending(const struct frame_decoder *d);

const char *frame_strerror(int err);

/* Packs msg into a fresh buffer with its length prefix; *len gets the total size. */
uint8_t *frame_pack(const ProtobufCMessage *msg, size_t *len);

/* Packs msg with its length prefix into buf, which holds FRAME_HEADER +
 * protobuf_c_message_get_packed_size(msg) bytes; returns that size. */
size_t frame_pack_into(const ProtobufCMessage *msg, uint8_t *buf);

#endif
