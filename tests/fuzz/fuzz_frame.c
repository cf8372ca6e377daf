/* fuzz_frame.c -- libFuzzer target: the frame decoder and Request unpacking, as the server
 * runs them on bytes from the network.
 *
 * The input's first byte says how many chunk sizes follow it (low four bits, 1 to 16) and how
 * many times the rest is repeated (next three bits, 1 to 128: a short input can then make
 * frames larger than the decoder's minimum buffer). The chunk sizes, cycled, split that
 * stream into reads, so the fuzzer explores splits as well as contents. Each complete frame is
 * unpacked as a Zhucun__Request in a 256 KiB arena. The decoder's promises are checked as it
 * goes and a broken one aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/frame.h"
#include "envelope.pb-c.h"

#define MAX_FRAME    (64 * 1024)
#define ARENA_BUDGET (256 * 1024)

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The buffer may hold a whole frame of max_frame, never more (and never less than the
 * minimum it starts with). */
static void check_bounds(const struct frame_decoder *d)
{
    check(d->start <= d->end);
    check(d->end <= d->cap);
    check(d->cap <= FRAME_MIN_BUFFER || d->cap <= FRAME_HEADER + MAX_FRAME);
}

static void unpack(const uint8_t *payload, size_t len)
{
    struct arena *a = arena_new(ARENA_BUDGET);
    Zhucun__Request *req = zhucun__request__unpack(arena_allocator(a), len, payload);
    if (req != NULL) {
        check(arena_used(a) <= ARENA_BUDGET);
        /* What unpacked packs again, to the size it says. */
        size_t n = zhucun__request__get_packed_size(req);
        uint8_t *out = malloc(n + 1);
        check(out != NULL);
        check(zhucun__request__pack(req, out) == n);
        free(out);
        zhucun__request__free_unpacked(req, arena_allocator(a));
    }
    arena_free(a);
}

/* Takes out every complete frame. Returns 0 to go on, -1 on a protocol error (the server
 * closes the connection there). */
static int drain(struct frame_decoder *d)
{
    for (;;) {
        const uint8_t *payload = NULL;
        size_t len = 0;
        size_t pending = frame_decoder_pending(d);
        int rc = frame_decoder_next(d, &payload, &len);
        check_bounds(d);
        switch (rc) {
        case FRAME_READY:
            check(len >= 1 && len <= MAX_FRAME);
            check(frame_decoder_pending(d) == pending - FRAME_HEADER - len);
            unpack(payload, len);
            break;
        case FRAME_NEED_MORE:
            check(frame_decoder_pending(d) == pending);
            return 0;
        case FRAME_ETOOBIG:
            check(len > MAX_FRAME);
            return -1;
        case FRAME_EEMPTY:
            return -1;
        default:
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t nsched = (data[0] & 0x0f) + 1;
    size_t repeat = (size_t)1 << (data[0] >> 4 & 0x07);
    if (size < 1 + nsched)
        return 0;
    const uint8_t *sched = data + 1;
    size_t part = size - 1 - nsched;
    size_t n = part * repeat;
    uint8_t *in = malloc(n + 1);
    check(in != NULL);
    for (size_t i = 0; i < repeat; i++)
        memcpy(in + i * part, data + 1 + nsched, part);

    struct frame_decoder d;
    frame_decoder_init(&d, MAX_FRAME);
    size_t off = 0;
    for (size_t step = 0; off < n; step++) {
        /* A schedule byte of 0 means as much as fits; others give 1 to 255 bytes, and the low
         * bit picks between feed and reading straight into the buffer. */
        uint8_t s = sched[step % nsched];
        size_t want = s == 0 ? n - off : s;
        if (want > n - off)
            want = n - off;
        size_t taken;
        if (s & 1) {
            size_t avail = 0;
            uint8_t *p = frame_decoder_space(&d, &avail);
            taken = want < avail ? want : avail;
            memcpy(p, in + off, taken);
            frame_decoder_commit(&d, taken);
        } else {
            taken = frame_decoder_feed(&d, in + off, want);
        }
        check(taken <= want);
        check_bounds(&d);
        off += taken;
        if (drain(&d) != 0)
            break;
        /* Nothing taken and no frame to take out would stall a connection for ever. */
        if (taken == 0) {
            size_t avail = 0;
            (void)frame_decoder_space(&d, &avail);
            check(avail > 0);
        }
    }
    frame_decoder_free(&d);
    free(in);
    return 0;
}
