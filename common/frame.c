/* frame.c -- incremental decoder and encoder for length-prefixed protobuf frames. */
#include "common/frame.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

void frame_decoder_init(struct frame_decoder *d, size_t max_frame)
{
    memset(d, 0, sizeof(*d));
    d->max_frame = max_frame;
}

void frame_decoder_free(struct frame_decoder *d)
{
    free(d->buf);
    d->buf = NULL;
    d->cap = d->start = d->end = 0;
}

void frame_decoder_release(struct frame_decoder *d)
{
    if (d->start == d->end)
        frame_decoder_free(d);
}

static uint32_t read_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The buffer size needed for the frame at start: the whole frame when its header is in and
 * its length is acceptable, else the minimum buffer. */
static size_t wanted_cap(const struct frame_decoder *d)
{
    size_t have = d->end - d->start;
    if (have >= FRAME_HEADER) {
        size_t n = read_be32(d->buf + d->start);
        if (n >= 1 && n <= d->max_frame && FRAME_HEADER + n > FRAME_MIN_BUFFER)
            return FRAME_HEADER + n;
    }
    return FRAME_MIN_BUFFER;
}

uint8_t *frame_decoder_space(struct frame_decoder *d, size_t *avail)
{
    if (d->buf == NULL) {
        d->cap = FRAME_MIN_BUFFER;
        d->buf = xmalloc(d->cap);
    }
    if (d->start == d->end) {
        d->start = d->end = 0;
    }
    size_t want = wanted_cap(d);
    if (d->end - d->start >= want) {
        /* A complete frame (or header) is waiting to be taken out. */
        *avail = 0;
        return d->buf + d->end;
    }
    if (d->start > 0 && d->start + want > d->cap) {
        memmove(d->buf, d->buf + d->start, d->end - d->start);
        d->end -= d->start;
        d->start = 0;
    }
    if (want > d->cap) {
        d->buf = xrealloc(d->buf, want);
        d->cap = want;
    } else if (want == FRAME_MIN_BUFFER && d->cap > FRAME_MIN_BUFFER &&
               d->end - d->start <= FRAME_MIN_BUFFER) {
        /* Give back the memory of a big frame once it has been consumed. */
        if (d->start > 0) {
            memmove(d->buf, d->buf + d->start, d->end - d->start);
            d->end -= d->start;
            d->start = 0;
        }
        d->buf = xrealloc(d->buf, FRAME_MIN_BUFFER);
        d->cap = FRAME_MIN_BUFFER;
    }
    /* Never read past the end of the frame being assembled when it is large: this keeps the
     * buffer at 4 + max_frame at most. */
    size_t limit = d->start + want;
    if (limit > d->cap)
        limit = d->cap;
    if (want == FRAME_MIN_BUFFER)
        limit = d->cap;
    *avail = limit > d->end ? limit - d->end : 0;
    return d->buf + d->end;
}

void frame_decoder_commit(struct frame_decoder *d, size_t n)
{
    d->end += n;
}

size_t frame_decoder_feed(struct frame_decoder *d, const void *data, size_t n)
{
    size_t taken = 0;
    while (taken < n) {
        size_t avail;
        uint8_t *p = frame_decoder_space(d, &avail);
        if (avail == 0)
            break;
        size_t k = n - taken < avail ? n - taken : avail;
        memcpy(p, (const uint8_t *)data + taken, k);
        frame_decoder_commit(d, k);
        taken += k;
    }
    return taken;
}

int frame_decoder_next(struct frame_decoder *d, const uint8_t **payload, size_t *len)
{
    size_t have = d->end - d->start;
    if (have < FRAME_HEADER)
        return FRAME_NEED_MORE;
    uint32_t n = read_be32(d->buf + d->start);
    if (n == 0)
        return FRAME_EEMPTY;
    if (n > d->max_frame) {
        *len = n;
        return FRAME_ETOOBIG;
    }
    if (have < FRAME_HEADER + (size_t)n)
        return FRAME_NEED_MORE;
    *payload = d->buf + d->start + FRAME_HEADER;
    *len = n;
    d->start += FRAME_HEADER + (size_t)n;
    return FRAME_READY;
}

size_t frame_decoder_pending(const struct frame_decoder *d)
{
    return d->end - d->start;
}

const char *frame_strerror(int err)
{
    switch (err) {
    case FRAME_EEMPTY:
        return "zero-length frame";
    case FRAME_ETOOBIG:
        return "frame larger than max_frame";
    default:
        return "no error";
    }
}

size_t frame_pack_into(const ProtobufCMessage *msg, uint8_t *buf)
{
    size_t n = protobuf_c_message_get_packed_size(msg);
    buf[0] = (uint8_t)(n >> 24);
    buf[1] = (uint8_t)(n >> 16);
    buf[2] = (uint8_t)(n >> 8);
    buf[3] = (uint8_t)n;
    protobuf_c_message_pack(msg, buf + FRAME_HEADER);
    return FRAME_HEADER + n;
}

uint8_t *frame_pack(const ProtobufCMessage *msg, size_t *len)
{
    uint8_t *buf = xmalloc(FRAME_HEADER + protobuf_c_message_get_packed_size(msg));
    *len = frame_pack_into(msg, buf);
    return buf;
}
