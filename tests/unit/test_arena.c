/* test_arena.c -- the per-request arena and its protobuf-c allocator (common/arena.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/arena.h"
#include "envelope.pb-c.h"

/* Every block is 8-byte aligned whatever the sizes asked for before it, and no two blocks
 * overlap: each is filled with its own byte and checked after all were handed out. */
static void test_alignment_and_disjoint(void **state)
{
    struct arena *a = arena_new(1024 * 1024);
    enum { N = 300 };
    unsigned char *blocks[N];
    size_t sizes[N];
    for (unsigned i = 0; i < N; i++) {
        sizes[i] = (i * 7) % 23 + 1; /* 1..23, odd and even */
        blocks[i] = arena_alloc(a, sizes[i]);
        assert_non_null(blocks[i]);
        assert_int_equal((uintptr_t)blocks[i] % 8, 0);
        memset(blocks[i], (int)(i & 0xff), sizes[i]);
    }
    for (unsigned i = 0; i < N; i++)
        for (size_t j = 0; j < sizes[i]; j++)
            assert_int_equal(blocks[i][j], i & 0xff);
    arena_free(a);
}

/* A uint64_t and a double can live in any block (what protobuf-c stores there). */
static void test_alignment_for_wide_types(void **state)
{
    struct arena *a = arena_new(4096);
    (void)arena_alloc(a, 1);
    uint64_t *u = arena_alloc(a, sizeof(*u));
    (void)arena_alloc(a, 3);
    double *f = arena_alloc(a, sizeof(*f));
    assert_non_null(u);
    assert_non_null(f);
    *u = UINT64_MAX;
    *f = 0.5;
    assert_true(*u == UINT64_MAX);
    assert_true(*f == 0.5);
    arena_free(a);
}

static void test_used_grows(void **state)
{
    struct arena *a = arena_new(4096);
    assert_int_equal(arena_used(a), 0);
    size_t asked = 0;
    for (size_t n = 1; n < 40; n += 3) {
        size_t before = arena_used(a);
        assert_non_null(arena_alloc(a, n));
        asked += n;
        assert_true(arena_used(a) >= before + n);
        assert_true(arena_used(a) >= asked);
    }
    arena_free(a);
}

/* The budget is a hard cap: exactly the budget can be handed out, not a byte more, and a
 * refused allocation does not use any of it. */
static void test_budget_enforced(void **state)
{
    struct arena *a = arena_new(128);
    assert_non_null(arena_alloc(a, 64));
    assert_non_null(arena_alloc(a, 32));
    assert_null(arena_alloc(a, 64)); /* 96 + 64 > 128 */
    assert_true(arena_used(a) <= 128);
    assert_non_null(arena_alloc(a, 32)); /* exactly at the budget */
    assert_int_equal(arena_used(a), 128);
    assert_null(arena_alloc(a, 1));
    assert_null(arena_alloc(a, 8));
    assert_int_equal(arena_used(a), 128);
    arena_free(a);

    /* Small allocations until refused never cross the budget. */
    a = arena_new(1000);
    unsigned ok = 0;
    while (arena_alloc(a, 5) != NULL) {
        ok++;
        assert_true(arena_used(a) <= 1000);
        assert_true(ok < 1000);
    }
    assert_true(ok >= 1000 / 16); /* at most one 8-byte round-up per block */
    assert_true(arena_used(a) <= 1000);
    arena_free(a);

    /* A zero budget hands out nothing. */
    a = arena_new(0);
    assert_null(arena_alloc(a, 1));
    assert_int_equal(arena_used(a), 0);
    arena_free(a);
}

/* Sizes near SIZE_MAX must not wrap around the rounding or the budget check. */
static void test_huge_requests_refused(void **state)
{
    struct arena *a = arena_new(1024);
    assert_null(arena_alloc(a, SIZE_MAX));
    assert_null(arena_alloc(a, SIZE_MAX - 3));
    assert_null(arena_alloc(a, SIZE_MAX - 8));
    assert_null(arena_alloc(a, SIZE_MAX / 2));
    assert_int_equal(arena_used(a), 0);
    assert_non_null(arena_alloc(a, 16));
    arena_free(a);
}

/* Blocks larger than a chunk get memory of their own; small blocks around them keep working
 * and nothing overlaps (ASan reports any write past a chunk). */
static void test_big_blocks(void **state)
{
    struct arena *a = arena_new(4 * 1024 * 1024);
    unsigned char *s1 = arena_alloc(a, 100);
    unsigned char *big1 = arena_alloc(a, 100000);
    unsigned char *s2 = arena_alloc(a, 100);
    unsigned char *big2 = arena_alloc(a, 5000);
    unsigned char *s3 = arena_alloc(a, 4000);
    unsigned char *big3 = arena_alloc(a, 1024 * 1024);
    unsigned char *s4 = arena_alloc(a, 8);
    unsigned char *all[] = {s1, big1, s2, big2, s3, big3, s4};
    size_t sizes[] = {100, 100000, 100, 5000, 4000, 1024 * 1024, 8};
    for (unsigned i = 0; i < 7; i++) {
        assert_non_null(all[i]);
        assert_int_equal((uintptr_t)all[i] % 8, 0);
        memset(all[i], 0x10 + i, sizes[i]);
    }
    for (unsigned i = 0; i < 7; i++) {
        assert_int_equal(all[i][0], 0x10 + i);
        assert_int_equal(all[i][sizes[i] - 1], 0x10 + i);
        for (size_t j = 0; j < sizes[i]; j += 997)
            assert_int_equal(all[i][j], 0x10 + i);
    }
    assert_true(arena_used(a) >= 100 + 100000 + 100 + 5000 + 4000 + 1024 * 1024 + 8);
    arena_free(a);

    /* A first allocation that is big. */
    a = arena_new(1024 * 1024);
    unsigned char *b = arena_alloc(a, 65536);
    assert_non_null(b);
    memset(b, 1, 65536);
    unsigned char *c = arena_alloc(a, 1);
    assert_non_null(c);
    *c = 2;
    assert_int_equal(b[65535], 1);
    arena_free(a);
}

static void test_strdup(void **state)
{
    struct arena *a = arena_new(256);
    const char *src = "张三 zhang san";
    char *s = arena_strdup(a, src);
    assert_non_null(s);
    assert_ptr_not_equal(s, src);
    assert_string_equal(s, src);
    assert_true(arena_used(a) >= strlen(src) + 1);

    char *e = arena_strdup(a, "");
    assert_non_null(e);
    assert_string_equal(e, "");
    assert_string_equal(s, src);

    /* Over budget: NULL, and the budget is untouched. */
    char longer[300];
    memset(longer, 'x', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    size_t used = arena_used(a);
    assert_null(arena_strdup(a, longer));
    assert_int_equal(arena_used(a), used);
    arena_free(a);
}

static void test_free_null(void **state)
{
    arena_free(NULL);
}

/* Packs a login request: strings at two depths and a sub-message. */
static uint8_t *pack_login(size_t *len)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login login = ZHUCUN__LOGIN__INIT;
    req.id = 99;
    req.idempotency_key = "idem-42";
    login.username = "bob";
    login.password = "a long enough password";
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &login;
    *len = zhucun__request__get_packed_size(&req);
    uint8_t *buf = malloc(*len);
    assert_non_null(buf);
    assert_int_equal(zhucun__request__pack(&req, buf), *len);
    return buf;
}

static void test_protobuf_unpack_in_arena(void **state)
{
    size_t len;
    uint8_t *buf = pack_login(&len);
    struct arena *a = arena_new(64 * 1024);
    Zhucun__Request *r = zhucun__request__unpack(arena_allocator(a), len, buf);
    assert_non_null(r);
    assert_int_equal(r->id, 99);
    assert_string_equal(r->idempotency_key, "idem-42");
    assert_int_equal(r->body_case, ZHUCUN__REQUEST__BODY_LOGIN);
    assert_string_equal(r->login->username, "bob");
    assert_string_equal(r->login->password, "a long enough password");
    /* The message really lives in the arena. */
    assert_true(arena_used(a) >= sizeof(*r) + sizeof(*r->login));
    /* Freeing through the arena's allocator is allowed and is a no-op. */
    zhucun__request__free_unpacked(r, arena_allocator(a));
    arena_free(a);
    free(buf);
}

/* With too small a budget unpack fails cleanly: NULL, no crash, and nothing leaks (the
 * partial message is in the arena, which ASan's leak check sees freed). */
static void test_protobuf_unpack_over_budget(void **state)
{
    size_t len;
    uint8_t *buf = pack_login(&len);
    const size_t budgets[] = {0, 8, 16, sizeof(Zhucun__Request)};
    for (unsigned i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
        struct arena *a = arena_new(budgets[i]);
        assert_null(zhucun__request__unpack(arena_allocator(a), len, buf));
        assert_true(arena_used(a) <= budgets[i]);
        arena_free(a);
    }
    free(buf);
}

/* The point of the budget: a small frame announcing a large bytes field cannot make the
 * decoder allocate it. A 40 KiB ping payload does not fit a 16 KiB arena. */
static void test_protobuf_budget_bounds_decoded_size(void **state)
{
    const size_t n = 40 * 1024;
    uint8_t *data = calloc(1, n);
    assert_non_null(data);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Ping ping = ZHUCUN__PING__INIT;
    ping.payload.data = data;
    ping.payload.len = n;
    req.body_case = ZHUCUN__REQUEST__BODY_PING;
    req.ping = &ping;
    size_t len = zhucun__request__get_packed_size(&req);
    uint8_t *buf = malloc(len);
    assert_non_null(buf);
    zhucun__request__pack(&req, buf);

    struct arena *a = arena_new(16 * 1024);
    assert_null(zhucun__request__unpack(arena_allocator(a), len, buf));
    assert_true(arena_used(a) <= 16 * 1024);
    arena_free(a);

    a = arena_new(64 * 1024);
    Zhucun__Request *r = zhucun__request__unpack(arena_allocator(a), len, buf);
    assert_non_null(r);
    assert_int_equal(r->ping->payload.len, n);
    assert_memory_equal(r->ping->payload.data, data, n);
    arena_free(a);
    free(buf);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_and_disjoint),
        cmocka_unit_test(test_alignment_for_wide_types),
        cmocka_unit_test(test_used_grows),
        cmocka_unit_test(test_budget_enforced),
        cmocka_unit_test(test_huge_requests_refused),
        cmocka_unit_test(test_big_blocks),
        cmocka_unit_test(test_strdup),
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_protobuf_unpack_in_arena),
        cmocka_unit_test(test_protobuf_unpack_over_budget),
        cmocka_unit_test(test_protobuf_budget_bounds_decoded_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
