/* test_frame.c -- the incremental frame decoder and frame_pack (common/frame.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/frame.h"
#include "envelope.pb-c.h"

#define KIB 1024u
#define MIB (1024u * 1024u)

/* Writes a 4-byte big-endian length n at p. */
static void put_be32(uint8_t *p, uint32_t n)
{
    p[0] = (uint8_t)(n >> 24);
    p[1] = (uint8_t)(n >> 16);
    p[2] = (uint8_t)(n >> 8);
    p[3] = (uint8_t)n;
}

/* A fresh frame of n payload bytes whose content depends on seed; the caller frees it. */
static uint8_t *make_frame(uint32_t n, unsigned seed)
{
    uint8_t *f = malloc(FRAME_HEADER + (size_t)n);
    assert_non_null(f);
    put_be32(f, n);
    for (uint32_t i = 0; i < n; i++)
        f[FRAME_HEADER + i] = (uint8_t)(i * 31 + seed * 7 + 1);
    return f;
}

/* Feeds all n bytes, which the decoder must accept in one call. */
static void feed_all(struct frame_decoder *d, const void *data, size_t n)
{
    assert_int_equal(frame_decoder_feed(d, data, n), n);
}

/* Takes the next frame and checks it is exactly payload[0..n). */
static void expect_frame(struct frame_decoder *d, const uint8_t *payload, size_t n)
{
    const uint8_t *p = NULL;
    size_t len = 0;
    assert_int_equal(frame_decoder_next(d, &p, &len), FRAME_READY);
    assert_int_equal(len, n);
    assert_non_null(p);
    assert_memory_equal(p, payload, n);
}

static void expect_need_more(struct frame_decoder *d)
{
    const uint8_t *p = NULL;
    size_t len = 12345;
    assert_int_equal(frame_decoder_next(d, &p, &len), FRAME_NEED_MORE);
}

/* Every split of one frame into two reads yields the frame once, and only when all of it has
 * arrived. */
static void test_split_at_every_byte(void **state)
{
    const uint32_t n = 300;
    uint8_t *f = make_frame(n, 1);
    const size_t total = FRAME_HEADER + n;

    for (size_t k = 0; k <= total; k++) {
        struct frame_decoder d;
        frame_decoder_init(&d, 64 * KIB);
        expect_need_more(&d);
        feed_all(&d, f, k);
        if (k < total) {
            expect_need_more(&d);
            assert_int_equal(frame_decoder_pending(&d), k);
        }
        feed_all(&d, f + k, total - k);
        expect_frame(&d, f + FRAME_HEADER, n);
        expect_need_more(&d);
        assert_int_equal(frame_decoder_pending(&d), 0);
        frame_decoder_free(&d);
    }
    free(f);
}

/* A frame arriving one byte per read. */
static void test_byte_at_a_time(void **state)
{
    const uint32_t n = 40;
    uint8_t *f = make_frame(n, 2);
    struct frame_decoder d;
    frame_decoder_init(&d, 64 * KIB);
    for (size_t i = 0; i < FRAME_HEADER + n; i++) {
        expect_need_more(&d);
        feed_all(&d, f + i, 1);
    }
    expect_frame(&d, f + FRAME_HEADER, n);
    expect_need_more(&d);
    frame_decoder_free(&d);
    free(f);
}

/* Several frames in one read come out one at a time, in order, followed by the start of the
 * next frame which stays buffered. */
static void test_several_frames_in_one_feed(void **state)
{
    const uint32_t sizes[] = {1, 17, 1000, 5};
    uint8_t stream[4096];
    size_t off = 0;
    for (unsigned i = 0; i < 4; i++) {
        uint8_t *f = make_frame(sizes[i], i);
        memcpy(stream + off, f, FRAME_HEADER + sizes[i]);
        off += FRAME_HEADER + sizes[i];
        free(f);
    }
    /* Three bytes of a fifth frame's header. */
    stream[off++] = 0;
    stream[off++] = 0;
    stream[off++] = 0;

    struct frame_decoder d;
    frame_decoder_init(&d, 64 * KIB);
    feed_all(&d, stream, off);
    size_t at = 0;
    for (unsigned i = 0; i < 4; i++) {
        expect_frame(&d, stream + at + FRAME_HEADER, sizes[i]);
        at += FRAME_HEADER + sizes[i];
    }
    expect_need_more(&d);
    assert_int_equal(frame_decoder_pending(&d), 3);

    /* The rest of the fifth frame. */
    const uint8_t rest[] = {2, 'h', 'i'};
    feed_all(&d, rest, sizeof(rest));
    expect_frame(&d, (const uint8_t *)"hi", 2);
    assert_int_equal(frame_decoder_pending(&d), 0);
    frame_decoder_free(&d);
}

/* Many small frames, more than fit in the minimum buffer, fed in one call per chunk: feed
 * takes what fits, and the caller takes frames out before feeding the rest. */
static void test_many_frames_through_small_buffer(void **state)
{
    const unsigned count = 2000;
    const uint32_t n = 60;
    const size_t total = count * (FRAME_HEADER + n);
    uint8_t *stream = malloc(total);
    assert_non_null(stream);
    for (unsigned i = 0; i < count; i++) {
        uint8_t *f = make_frame(n, i);
        memcpy(stream + i * (FRAME_HEADER + n), f, FRAME_HEADER + n);
        free(f);
    }

    struct frame_decoder d;
    frame_decoder_init(&d, 64 * KIB);
    size_t fed = 0;
    unsigned got = 0;
    while (got < count) {
        fed += frame_decoder_feed(&d, stream + fed, total - fed);
        assert_true(d.cap <= FRAME_MIN_BUFFER);
        const uint8_t *p;
        size_t len;
        int rc;
        while ((rc = frame_decoder_next(&d, &p, &len)) == FRAME_READY) {
            assert_true(got < count);
            assert_int_equal(len, n);
            assert_memory_equal(p, stream + got * (FRAME_HEADER + n) + FRAME_HEADER, n);
            got++;
        }
        assert_int_equal(rc, FRAME_NEED_MORE);
    }
    assert_int_equal(fed, total);
    assert_int_equal(frame_decoder_pending(&d), 0);
    frame_decoder_free(&d);
    free(stream);
}

static void test_zero_length_frame(void **state)
{
    struct frame_decoder d;
    frame_decoder_init(&d, 64 * KIB);
    const uint8_t zero[] = {0, 0, 0, 0};
    feed_all(&d, zero, sizeof(zero));
    const uint8_t *p;
    size_t len;
    assert_int_equal(frame_decoder_next(&d, &p, &len), FRAME_EEMPTY);
    assert_string_equal(frame_strerror(FRAME_EEMPTY), "zero-length frame");
    frame_decoder_free(&d);

    /* After a good frame, too. */
    frame_decoder_init(&d, 64 * KIB);
    const uint8_t stream[] = {0, 0, 0, 1, 'x', 0, 0, 0, 0};
    feed_all(&d, stream, sizeof(stream));
    expect_frame(&d, (const uint8_t *)"x", 1);
    assert_int_equal(frame_decoder_next(&d, &p, &len), FRAME_EEMPTY);
    frame_decoder_free(&d);
}

/* An oversize length is refused from the header alone, reporting the announced length, and
 * nothing is allocated for it: the buffer stays at the minimum even as more bytes arrive. */
static void test_oversize_refused_before_allocation(void **state)
{
    const uint32_t announced[] = {1 * KIB + 1, 100 * MIB, 0x7fffffffu, 0xffffffffu};
    for (unsigned i = 0; i < 4; i++) {
        struct frame_decoder d;
        frame_decoder_init(&d, 1 * KIB);
        uint8_t hdr[FRAME_HEADER];
        put_be32(hdr, announced[i]);
        feed_all(&d, hdr, sizeof(hdr));

        const uint8_t *p;
        size_t len = 0;
        assert_int_equal(frame_decoder_next(&d, &p, &len), FRAME_ETOOBIG);
        assert_int_equal(len, announced[i]);
        assert_true(d.cap <= FRAME_MIN_BUFFER);

        /* The peer keeps sending the body: the decoder takes at most a minimum buffer of it,
         * keeps refusing and never grows. */
        static uint8_t body[64 * 1024];
        size_t taken = frame_decoder_feed(&d, body, sizeof(body));
        assert_true(taken <= FRAME_MIN_BUFFER);
        assert_true(d.cap <= FRAME_MIN_BUFFER);
        size_t avail;
        (void)frame_decoder_space(&d, &avail);
        assert_true(d.cap <= FRAME_MIN_BUFFER);
        len = 0;
        assert_int_equal(frame_decoder_next(&d, &p, &len), FRAME_ETOOBIG);
        assert_int_equal(len, announced[i]);
        frame_decoder_free(&d);
    }
    assert_string_equal(frame_strerror(FRAME_ETOOBIG), "frame larger than max_frame");
}

/* max_frame is inclusive: exactly max_frame is accepted, one more is refused. Checked both
 * below and above the minimum buffer size. */
static void test_max_frame_boundary(void **state)
{
    const uint32_t maxes[] = {100, FRAME_MIN_BUFFER - FRAME_HEADER, 40000};
    for (unsigned i = 0; i < 3; i++) {
        uint32_t max = maxes[i];
        struct frame_decoder d;
        frame_decoder_init(&d, max);
        uint8_t *f = make_frame(max, i);
        feed_all(&d, f, FRAME_HEADER + max);
        expect_frame(&d, f + FRAME_HEADER, max);
        assert_true(d.cap <= FRAME_HEADER + max || d.cap == FRAME_MIN_BUFFER);
        free(f);

        f = make_frame(max + 1, i);
        frame_decoder_feed(&d, f, FRAME_HEADER + max + 1);
        const uint8_t *p;
        size_t len = 0;
        assert_int_equal(frame_decoder_next(&d, &p, &len), FRAME_ETOOBIG);
        assert_int_equal(len, max + 1);
        free(f);
        frame_decoder_free(&d);
    }
}

static void test_truncated_frame(void **state)
{
    uint8_t *f = make_frame(100, 3);
    struct frame_decoder d;

    /* Part of the header. */
    frame_decoder_init(&d, 64 * KIB);
    feed_all(&d, f, 3);
    expect_need_more(&d);
    assert_int_equal(frame_decoder_pending(&d), 3);
    frame_decoder_free(&d);

    /* The header only. */
    frame_decoder_init(&d, 64 * KIB);
    feed_all(&d, f, FRAME_HEADER);
    expect_need_more(&d);
    assert_int_equal(frame_decoder_pending(&d), FRAME_HEADER);
    frame_decoder_free(&d);

    /* The header and all but the last byte. */
    frame_decoder_init(&d, 64 * KIB);
    feed_all(&d, f, FRAME_HEADER + 99);
    expect_need_more(&d);
    expect_need_more(&d);
    assert_int_equal(frame_decoder_pending(&d), FRAME_HEADER + 99);
    feed_all(&d, f + FRAME_HEADER + 99, 1);
    expect_frame(&d, f + FRAME_HEADER, 100);
    frame_decoder_free(&d);
    free(f);
}

/* A 1 MiB frame under a 4 MiB limit, read in 16 KiB chunks straight into the decoder's buffer
 * the way the server reads from a socket; then the buffer goes back to the minimum. */
static void test_large_frame_via_space_commit(void **state)
{
    const uint32_t n = 1 * MIB;
    uint8_t *f = make_frame(n, 4);
    const size_t total = FRAME_HEADER + n;
    struct frame_decoder d;
    frame_decoder_init(&d, 4 * MIB);

    size_t off = 0;
    unsigned reads = 0;
    while (off < total) {
        size_t avail = 0;
        uint8_t *p = frame_decoder_space(&d, &avail);
        assert_non_null(p);
        assert_true(avail > 0);
        size_t k = 16 * KIB;
        if (k > avail)
            k = avail;
        if (k > total - off)
            k = total - off;
        memcpy(p, f + off, k);
        frame_decoder_commit(&d, k);
        off += k;
        reads++;
        /* Never more than the frame itself is held. */
        assert_true(d.cap <= total);
        if (off < total)
            expect_need_more(&d);
    }
    assert_true(reads >= total / (16 * KIB));

    /* The whole frame is in: there is no room until it is taken out. */
    size_t avail = 1;
    (void)frame_decoder_space(&d, &avail);
    assert_int_equal(avail, 0);

    expect_frame(&d, f + FRAME_HEADER, n);
    assert_int_equal(frame_decoder_pending(&d), 0);
    assert_true(d.cap > FRAME_MIN_BUFFER);

    /* The next read gives the big buffer back. */
    (void)frame_decoder_space(&d, &avail);
    assert_int_equal(d.cap, FRAME_MIN_BUFFER);
    assert_true(avail > 0);

    /* And the decoder still works. */
    const uint8_t small[] = {0, 0, 0, 3, 'a', 'b', 'c'};
    feed_all(&d, small, sizeof(small));
    expect_frame(&d, (const uint8_t *)"abc", 3);
    frame_decoder_free(&d);
    assert_null(d.buf);
    free(f);
}

/* A big frame followed at once by a small one: feed stops at the end of the big frame (the
 * buffer is never grown past it), and the small frame follows after the big one is out. */
static void test_big_then_small_in_one_feed(void **state)
{
    const uint32_t big = 100 * KIB;
    uint8_t *f = make_frame(big, 5);
    const size_t total = FRAME_HEADER + big + FRAME_HEADER + 2;
    uint8_t *stream = malloc(total);
    assert_non_null(stream);
    memcpy(stream, f, FRAME_HEADER + big);
    memcpy(stream + FRAME_HEADER + big, "\0\0\0\2ok", FRAME_HEADER + 2);

    struct frame_decoder d;
    frame_decoder_init(&d, 4 * MIB);
    size_t taken = frame_decoder_feed(&d, stream, total);
    assert_int_equal(taken, FRAME_HEADER + big);
    assert_int_equal(d.cap, FRAME_HEADER + big);
    expect_frame(&d, f + FRAME_HEADER, big);

    feed_all(&d, stream + taken, total - taken);
    assert_int_equal(d.cap, FRAME_MIN_BUFFER);
    expect_frame(&d, (const uint8_t *)"ok", 2);
    expect_need_more(&d);
    frame_decoder_free(&d);
    free(stream);
    free(f);
}

/* A small frame and then a big one in the same read: the big frame's header sits behind the
 * small frame, so the decoder must move it to the front before growing to hold it. */
static void test_small_then_big_in_one_feed(void **state)
{
    const uint32_t big = 3 * FRAME_MIN_BUFFER;
    uint8_t *f = make_frame(big, 8);
    const size_t total = FRAME_HEADER + 3 + FRAME_HEADER + big;
    uint8_t *stream = malloc(total);
    assert_non_null(stream);
    memcpy(stream, "\0\0\0\3abc", FRAME_HEADER + 3);
    memcpy(stream + FRAME_HEADER + 3, f, FRAME_HEADER + big);

    struct frame_decoder d;
    frame_decoder_init(&d, 4 * MIB);
    size_t fed = frame_decoder_feed(&d, stream, total);
    assert_true(fed < total);
    expect_frame(&d, (const uint8_t *)"abc", 3);
    while (fed < total) {
        size_t k = frame_decoder_feed(&d, stream + fed, total - fed);
        assert_true(k > 0);
        fed += k;
        assert_true(d.cap <= FRAME_HEADER + big);
    }
    expect_frame(&d, f + FRAME_HEADER, big);
    expect_need_more(&d);
    frame_decoder_free(&d);
    free(stream);
    free(f);
}

/* A frame just over the minimum buffer whose header arrives at the very end of a buffer full
 * of small frames: the decoder must move it to the front and grow. */
static void test_big_frame_header_at_buffer_end(void **state)
{
    const uint32_t small = FRAME_MIN_BUFFER - FRAME_HEADER - 2; /* leaves 2 bytes */
    const uint32_t big = FRAME_MIN_BUFFER + 10;
    uint8_t *a = make_frame(small, 6);
    uint8_t *b = make_frame(big, 7);
    const size_t total = FRAME_HEADER + small + FRAME_HEADER + big;
    uint8_t *stream = malloc(total);
    assert_non_null(stream);
    memcpy(stream, a, FRAME_HEADER + small);
    memcpy(stream + FRAME_HEADER + small, b, FRAME_HEADER + big);

    struct frame_decoder d;
    frame_decoder_init(&d, 64 * KIB);
    size_t fed = 0;
    /* Fill the minimum buffer exactly: the small frame plus half of the big one's header. */
    fed += frame_decoder_feed(&d, stream, FRAME_MIN_BUFFER);
    assert_int_equal(fed, FRAME_MIN_BUFFER);
    assert_int_equal(d.cap, FRAME_MIN_BUFFER);
    expect_frame(&d, a + FRAME_HEADER, small);
    expect_need_more(&d);
    while (fed < total) {
        size_t k = frame_decoder_feed(&d, stream + fed, total - fed);
        assert_true(k > 0);
        fed += k;
    }
    expect_frame(&d, b + FRAME_HEADER, big);
    frame_decoder_free(&d);
    free(stream);
    free(a);
    free(b);
}

/* frame_pack writes a big-endian length and the packed message; the decoder gives the message
 * back and it unpacks to the same request. */
static void test_pack_round_trip(void **state)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login login = ZHUCUN__LOGIN__INIT;
    req.id = 0x123456789aULL;
    req.idempotency_key = "key-1";
    login.username = "alice";
    login.password = "correct horse battery staple";
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &login;

    size_t len = 0;
    uint8_t *buf = frame_pack(&req.base, &len);
    assert_non_null(buf);
    size_t body = zhucun__request__get_packed_size(&req);
    assert_int_equal(len, FRAME_HEADER + body);
    assert_int_equal(buf[0], 0);
    assert_int_equal(buf[1], 0);
    assert_int_equal(buf[2], (body >> 8) & 0xff);
    assert_int_equal(buf[3], body & 0xff);

    struct frame_decoder d;
    frame_decoder_init(&d, 64 * KIB);
    feed_all(&d, buf, len);
    const uint8_t *p;
    size_t n;
    assert_int_equal(frame_decoder_next(&d, &p, &n), FRAME_READY);
    assert_int_equal(n, body);
    Zhucun__Request *out = zhucun__request__unpack(NULL, n, p);
    assert_non_null(out);
    assert_int_equal(out->id, 0x123456789aULL);
    assert_string_equal(out->idempotency_key, "key-1");
    assert_int_equal(out->body_case, ZHUCUN__REQUEST__BODY_LOGIN);
    assert_non_null(out->login);
    assert_string_equal(out->login->username, "alice");
    assert_string_equal(out->login->password, "correct horse battery staple");
    zhucun__request__free_unpacked(out, NULL);
    frame_decoder_free(&d);
    free(buf);
}

/* A request above 64 KiB puts nonzero bytes in every position of the length but the first,
 * which catches a wrong byte order in either direction. */
static void test_pack_round_trip_large(void **state)
{
    const size_t n = 70000 + 0x0102;
    uint8_t *data = malloc(n);
    assert_non_null(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (uint8_t)(i ^ (i >> 8));
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Ping ping = ZHUCUN__PING__INIT;
    req.id = 7;
    ping.payload.data = data;
    ping.payload.len = n;
    req.body_case = ZHUCUN__REQUEST__BODY_PING;
    req.ping = &ping;

    size_t len = 0;
    uint8_t *buf = frame_pack(&req.base, &len);
    size_t body = zhucun__request__get_packed_size(&req);
    assert_int_equal(len, FRAME_HEADER + body);
    assert_int_equal(((size_t)buf[0] << 24 | (size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3]),
                     body);
    assert_int_not_equal(buf[1], 0);

    struct frame_decoder d;
    frame_decoder_init(&d, 4 * MIB);
    feed_all(&d, buf, len);
    const uint8_t *p;
    size_t plen;
    assert_int_equal(frame_decoder_next(&d, &p, &plen), FRAME_READY);
    Zhucun__Request *out = zhucun__request__unpack(NULL, plen, p);
    assert_non_null(out);
    assert_int_equal(out->id, 7);
    assert_int_equal(out->body_case, ZHUCUN__REQUEST__BODY_PING);
    assert_int_equal(out->ping->payload.len, n);
    assert_memory_equal(out->ping->payload.data, data, n);
    zhucun__request__free_unpacked(out, NULL);
    frame_decoder_free(&d);
    free(buf);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_at_every_byte),
        cmocka_unit_test(test_byte_at_a_time),
        cmocka_unit_test(test_several_frames_in_one_feed),
        cmocka_unit_test(test_many_frames_through_small_buffer),
        cmocka_unit_test(test_zero_length_frame),
        cmocka_unit_test(test_oversize_refused_before_allocation),
        cmocka_unit_test(test_max_frame_boundary),
        cmocka_unit_test(test_truncated_frame),
        cmocka_unit_test(test_large_frame_via_space_commit),
        cmocka_unit_test(test_big_then_small_in_one_feed),
        cmocka_unit_test(test_small_then_big_in_one_feed),
        cmocka_unit_test(test_big_frame_header_at_buffer_end),
        cmocka_unit_test(test_pack_round_trip),
        cmocka_unit_test(test_pack_round_trip_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
