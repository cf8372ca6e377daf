/* test_pbcheck.c -- the checks of every string of a packed message (valid UTF-8, no U+0000),
 * with the bad field's path and where in the string the bad byte is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/pbcheck.h"
#include "envelope.pb-c.h"

/* Packs m and checks the packed bytes. When marker is not NULL (a string of m, found once in
 * the packed bytes) its byte '\x01' is first turned into a NUL: no C string holds one, but a
 * client that sends strings with their length can. */
static int check(const ProtobufCMessage *m, const char *marker, char *path, size_t len,
                 struct utf8_where *where)
{
    size_t n = protobuf_c_message_get_packed_size(m);
    uint8_t *buf = malloc(n + 1);
    assert_non_null(buf);
    assert_int_equal(protobuf_c_message_pack(m, buf), n);
    if (marker != NULL) {
        uint8_t *at = memmem(buf, n, marker, strlen(marker));
        assert_non_null(at);
        assert_null(memmem(at + 1, n - (size_t)(at + 1 - buf), marker, strlen(marker)));
        uint8_t *one = memchr(at, '\x01', strlen(marker));
        assert_non_null(one);
        *one = '\0';
    }
    int rc = pbcheck_wire(m->descriptor, buf, n, path, len, where);
    free(buf);
    return rc;
}

static void test_valid_request(void **state)
{
    (void)state;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = "张三";
    l.password = "correct horse battery";
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    char path[128];
    assert_int_equal(check(&req.base, NULL, path, sizeof(path), NULL), PBCHECK_OK);
    assert_string_equal(path, "");
}

static void test_top_level_field(void **state)
{
    (void)state;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = "ok";
    l.password = "bad\xff";
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    char path[128];
    assert_int_equal(check(&req.base, NULL, path, sizeof(path), NULL), PBCHECK_EUTF8);
    assert_string_equal(path, "login.password");
    /* the request's own strings count too */
    l.password = "fine";
    req.idempotency_key = "\xc0\xaf"; /* overlong '/' */
    assert_int_equal(check(&req.base, NULL, path, sizeof(path), NULL), PBCHECK_EUTF8);
    assert_string_equal(path, "idempotency_key");
}

/* A household to create with two members, the second named name2. */
struct household {
    Zhucun__HouseholdMember m[2];
    Zhucun__HouseholdMember *mp[2];
    Zhucun__Household h;
    Zhucun__HouseholdCreate hc;
    Zhucun__Request req;
};

static void household(struct household *x, const char *address, const char *name2)
{
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    x->m[0] = m;
    x->m[1] = m;
    x->m[0].name = "演示一";
    x->m[1].name = (char *)name2;
    x->mp[0] = &x->m[0];
    x->mp[1] = &x->m[1];
    x->h = h;
    x->h.address = (char *)address;
    x->h.n_members = 2;
    x->h.members = x->mp;
    x->hc = hc;
    x->hc.household = &x->h;
    x->req = req;
    x->req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    x->req.household_create = &x->hc;
}

static void test_repeated_nested_path(void **state)
{
    (void)state;
    struct household x;
    household(&x, "测试一村", "演示\xed\xa0\x80"); /* a surrogate */
    char path[128];
    assert_int_equal(check(&x.req.base, NULL, path, sizeof(path), NULL), PBCHECK_EUTF8);
    assert_string_equal(path, "household_create.household.members[1].name");
    household(&x, "测试一村", "演示二");
    assert_int_equal(check(&x.req.base, NULL, path, sizeof(path), NULL), PBCHECK_OK);
}

/* An import file's bad byte is found by line and character. */
static void test_where_in_the_string(void **state)
{
    (void)state;
    Zhucun__HouseholdImport im = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    im.csv = "household_ref,village_code\n1,140105001001\n2,\xd5\xc5\n";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT;
    req.household_import = &im;
    char path[128];
    struct utf8_where at;
    assert_int_equal(check(&req.base, NULL, path, sizeof(path), &at), PBCHECK_EUTF8);
    assert_string_equal(path, "household_import.csv");
    assert_int_equal(at.line, 3);
    assert_int_equal(at.column, 3);
    assert_int_equal(at.byte_column, 3);
}

/* A NUL inside a string, which protobuf-c would hand over as the string cut before it, is
 * found in a nested field and in a repeated one, with where it is. */
static void test_nul_nested_and_repeated(void **state)
{
    (void)state;
    struct household x;
    char path[128];
    struct utf8_where at;
    household(&x,
              "a\x01"
              "b",
              "演示二");
    assert_int_equal(check(&x.req.base, "a\x01", path, sizeof(path), &at), PBCHECK_ENUL);
    assert_string_equal(path, "household_create.household.address");
    assert_int_equal(at.line, 1);
    assert_int_equal(at.column, 2);
    assert_int_equal(at.byte_column, 2);
    assert_int_equal(at.offset, 1);

    household(&x, "测试一村", "演示\x01二");
    assert_int_equal(check(&x.req.base, "演示\x01", path, sizeof(path), &at), PBCHECK_ENUL);
    assert_string_equal(path, "household_create.household.members[1].name");
    assert_int_equal(at.column, 3);
    assert_int_equal(at.byte_column, 7);

    /* a NUL that ends the string is still inside it */
    household(&x, "测试一村", "演示\x01");
    assert_int_equal(check(&x.req.base, "演示\x01", path, sizeof(path), &at), PBCHECK_ENUL);
    assert_string_equal(path, "household_create.household.members[1].name");
    assert_int_equal(at.offset, 6);
}

/* The first bad byte decides: a NUL before an invalid byte, or the other way round; the bytes
 * after a NUL are read too (a check with strlen saw "ok" and nothing after it). */
static void test_first_bad_byte_decides(void **state)
{
    (void)state;
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    l.password = "pw";
    char path[128];
    struct utf8_where at;
    l.username = "ok\x01\xff";
    assert_int_equal(check(&req.base, "ok\x01", path, sizeof(path), &at), PBCHECK_ENUL);
    assert_string_equal(path, "login.username");
    assert_int_equal(at.offset, 2);
    l.username = "ok\xff\x01";
    assert_int_equal(check(&req.base, "ok\xff\x01", path, sizeof(path), &at), PBCHECK_EUTF8);
    assert_int_equal(at.offset, 2);
}

/* A NUL in a multi-line text is placed by line and character. */
static void test_nul_where_in_an_import(void **state)
{
    (void)state;
    Zhucun__HouseholdImport im = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    im.csv = "household_ref,village_code\n1,140105001001\n2,张\x01三\n";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT;
    req.household_import = &im;
    char path[128];
    struct utf8_where at;
    assert_int_equal(check(&req.base, "张\x01", path, sizeof(path), &at), PBCHECK_ENUL);
    assert_string_equal(path, "household_import.csv");
    assert_int_equal(at.line, 3);
    assert_int_equal(at.column, 4);
    assert_int_equal(at.byte_column, 6);
}

/* Bytes are not text: a NUL in Ping's payload is fine. */
static void test_bytes_may_hold_nul(void **state)
{
    (void)state;
    uint8_t payload[3] = {'a', 0, 'b'};
    Zhucun__Ping p = ZHUCUN__PING__INIT;
    p.payload.data = payload;
    p.payload.len = sizeof(payload);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_PING;
    req.ping = &p;
    char path[8];
    assert_int_equal(check(&req.base, NULL, path, sizeof(path), NULL), PBCHECK_OK);
    assert_int_equal(check(&req.base, NULL, path, 0, NULL), PBCHECK_OK);
}

/* Hand-packed Login messages: an unknown field reaches no handler and is skipped; bytes that
 * are not a message are said to be so. */
static void test_unknown_and_malformed(void **state)
{
    (void)state;
    const ProtobufCMessageDescriptor *d = &zhucun__login__descriptor;
    char path[128];
    /* field 15, length-prefixed, "a\0b"; then username "ok" */
    static const uint8_t unknown[] = {0x7a, 3, 'a', 0, 'b', 0x0a, 2, 'o', 'k'};
    assert_int_equal(pbcheck_wire(d, unknown, sizeof(unknown), path, sizeof(path), NULL),
                     PBCHECK_OK);
    static const uint8_t nul[] = {0x0a, 3, 'a', 0, 'b'};
    assert_int_equal(pbcheck_wire(d, nul, sizeof(nul), path, sizeof(path), NULL), PBCHECK_ENUL);
    assert_string_equal(path, "username");
    static const uint8_t cut[] = {0x0a, 5, 'a', 'b'};
    assert_int_equal(pbcheck_wire(d, cut, sizeof(cut), path, sizeof(path), NULL), PBCHECK_EWIRE);
    static const uint8_t group[] = {0x0b, 0x0c};
    assert_int_equal(pbcheck_wire(d, group, sizeof(group), path, sizeof(path), NULL),
                     PBCHECK_EWIRE);
    assert_string_equal(pbcheck_strerror(PBCHECK_ENUL), "string holds U+0000");
}

/* A path longer than its buffer is cut, still a string. */
static void test_path_cut_to_fit(void **state)
{
    (void)state;
    struct household x;
    household(&x, "测试一村", "演示\x01");
    char path[8];
    assert_int_equal(check(&x.req.base, "演示\x01", path, sizeof(path), NULL), PBCHECK_ENUL);
    assert_string_equal(path, "househo");
    assert_int_equal(check(&x.req.base, "演示\x01", path, 0, NULL), PBCHECK_ENUL);
}

/* Whatever protobuf-c decodes, the check can walk: a request that protobuf-c accepted is never
 * refused as malformed by the check (it would be an answer the client cannot act on). Bytes
 * of a packed request are changed at random (a fixed seed, so a failure repeats) and each
 * result that protobuf-c decodes is checked. */
static void test_walks_whatever_protobuf_c_decodes(void **state)
{
    (void)state;
    struct household x;
    household(&x, "测试一村\n二组", "演示二");
    Zhucun__HouseholdImport im = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    im.csv = "household_ref,village_code\n1,140105001001\n";
    Zhucun__Request imp = ZHUCUN__REQUEST__INIT;
    imp.idempotency_key = "k1";
    imp.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT;
    imp.household_import = &im;
    const ProtobufCMessage *seeds[] = {&x.req.base, &imp.base};
    uint32_t rnd = 12345;
    size_t decoded = 0;
    for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
        size_t n = protobuf_c_message_get_packed_size(seeds[k]);
        uint8_t *orig = malloc(n), *buf = malloc(n);
        assert_non_null(orig);
        assert_non_null(buf);
        protobuf_c_message_pack(seeds[k], orig);
        for (int round = 0; round < 20000; round++) {
            memcpy(buf, orig, n);
            int changes = 1 + round % 3;
            for (int c = 0; c < changes; c++) {
                rnd = rnd * 1103515245u + 12345u;
                size_t at = (rnd >> 8) % n;
                rnd = rnd * 1103515245u + 12345u;
                buf[at] = (uint8_t)(rnd >> 16);
            }
            size_t len = n - (size_t)(round % 7 == 0 ? (rnd >> 4) % 4 : 0);
            Zhucun__Request *req = zhucun__request__unpack(NULL, len, buf);
            if (req == NULL)
                continue;
            decoded++;
            char path[128];
            int rc = pbcheck_wire(&zhucun__request__descriptor, buf, len, path, sizeof(path), NULL);
            if (rc == PBCHECK_EWIRE || rc == PBCHECK_EDEPTH)
                fail_msg("round %d of seed %zu: protobuf-c decoded it, the check says %s", round, k,
                         pbcheck_strerror(rc));
            zhucun__request__free_unpacked(req, NULL);
        }
        free(orig);
        free(buf);
    }
    /* most changes still decode (a string's byte changed), so the walk was really exercised */
    assert_true(decoded > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_request),
        cmocka_unit_test(test_top_level_field),
        cmocka_unit_test(test_repeated_nested_path),
        cmocka_unit_test(test_where_in_the_string),
        cmocka_unit_test(test_nul_nested_and_repeated),
        cmocka_unit_test(test_first_bad_byte_decides),
        cmocka_unit_test(test_nul_where_in_an_import),
        cmocka_unit_test(test_bytes_may_hold_nul),
        cmocka_unit_test(test_unknown_and_malformed),
        cmocka_unit_test(test_path_cut_to_fit),
        cmocka_unit_test(test_walks_whatever_protobuf_c_decodes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
