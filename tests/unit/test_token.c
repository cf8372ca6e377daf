/* test_token.c -- session tokens and their digests (common/token.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/sha.h>

#include "common/token.h"

static int is_lower_hex(const char *s)
{
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static void test_new_token_shape(void **state)
{
    char a[TOKEN_HEX_LEN + 1], b[TOKEN_HEX_LEN + 1];
    memset(a, 'X', sizeof(a));
    assert_int_equal(token_new(a), 0);
    assert_int_equal(strlen(a), 64);
    assert_true(is_lower_hex(a));
    assert_int_equal(token_new(b), 0);
    assert_string_not_equal(a, b);
    /* A fresh token hashes. */
    uint8_t d[32];
    assert_int_equal(token_hash(a, d), 0);
}

/* Over 64 tokens (4096 digits) every hex digit turns up; a generator stuck on part of the
 * alphabet (or on zeros) would not. */
static void test_new_tokens_use_all_digits(void **state)
{
    int seen[16] = {0};
    for (int i = 0; i < 64; i++) {
        char t[TOKEN_HEX_LEN + 1];
        assert_int_equal(token_new(t), 0);
        for (int j = 0; j < TOKEN_HEX_LEN; j++)
            seen[t[j] <= '9' ? t[j] - '0' : t[j] - 'a' + 10]++;
    }
    for (int k = 0; k < 16; k++)
        assert_true(seen[k] > 0);
}

/* The digest of the all-zero token is SHA-256 of 32 zero bytes. */
static void test_hash_known_value(void **state)
{
    static const uint8_t want[32] = {
        0x66, 0x68, 0x7a, 0xad, 0xf8, 0x62, 0xbd, 0x77, 0x6c, 0x8f, 0xc1,
        0x8b, 0x8e, 0x9f, 0x8e, 0x20, 0x08, 0x97, 0x14, 0x85, 0x6e, 0xe2,
        0x33, 0xb3, 0x90, 0x2a, 0x59, 0x1d, 0x0d, 0x5f, 0x29, 0x25,
    };
    char zeros[TOKEN_HEX_LEN + 1];
    memset(zeros, '0', TOKEN_HEX_LEN);
    zeros[TOKEN_HEX_LEN] = '\0';
    uint8_t d[32];
    assert_int_equal(token_hash(zeros, d), 0);
    assert_memory_equal(d, want, 32);

    uint8_t raw[32] = {0};
    uint8_t ref[32];
    SHA256(raw, sizeof(raw), ref);
    assert_memory_equal(d, ref, 32);
}

/* The digest is of the raw bytes the hex stands for, not of the hex text. */
static void test_hash_matches_openssl(void **state)
{
    uint8_t raw[32];
    for (int i = 0; i < 32; i++)
        raw[i] = (uint8_t)(i * 37 + 0xa5);
    char hex[TOKEN_HEX_LEN + 1];
    token_to_hex(raw, sizeof(raw), hex);
    uint8_t d[32], ref[32], of_text[32];
    assert_int_equal(token_hash(hex, d), 0);
    SHA256(raw, sizeof(raw), ref);
    assert_memory_equal(d, ref, 32);
    SHA256((const uint8_t *)hex, TOKEN_HEX_LEN, of_text);
    assert_memory_not_equal(d, of_text, 32);

    /* A fresh token too. */
    char t[TOKEN_HEX_LEN + 1];
    assert_int_equal(token_new(t), 0);
    for (int i = 0; i < 32; i++) {
        unsigned v;
        char two[3] = {t[2 * i], t[2 * i + 1], '\0'};
        v = (unsigned)strtoul(two, NULL, 16);
        raw[i] = (uint8_t)v;
    }
    assert_int_equal(token_hash(t, d), 0);
    SHA256(raw, sizeof(raw), ref);
    assert_memory_equal(d, ref, 32);
}

static void test_to_hex(void **state)
{
    const uint8_t in[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
    char out[2 * sizeof(in) + 1];
    memset(out, 'X', sizeof(out));
    token_to_hex(in, sizeof(in), out);
    assert_string_equal(out, "00017f80abff");
    token_to_hex(in, 0, out);
    assert_string_equal(out, "");
}

static void test_malformed_tokens(void **state)
{
    char good[TOKEN_HEX_LEN + 2];
    memset(good, 'a', TOKEN_HEX_LEN);
    good[TOKEN_HEX_LEN] = '\0';
    uint8_t d[32];
    assert_int_equal(token_hash(good, d), 0);

    char t[TOKEN_HEX_LEN + 2];
    strcpy(t, good);
    t[TOKEN_HEX_LEN - 1] = '\0'; /* 63 */
    assert_int_equal(token_hash(t, d), -1);
    strcpy(t, good);
    t[TOKEN_HEX_LEN] = 'a'; /* 65 */
    t[TOKEN_HEX_LEN + 1] = '\0';
    assert_int_equal(token_hash(t, d), -1);
    const int positions[] = {0, 1, 31, 62, 63};
    for (unsigned i = 0; i < sizeof(positions) / sizeof(positions[0]); i++) {
        strcpy(t, good);
        t[positions[i]] = 'g';
        assert_int_equal(token_hash(t, d), -1);
        t[positions[i]] = ' ';
        assert_int_equal(token_hash(t, d), -1);
        t[positions[i]] = '/'; /* just below '0' */
        assert_int_equal(token_hash(t, d), -1);
        t[positions[i]] = ':'; /* just above '9' */
        assert_int_equal(token_hash(t, d), -1);
    }
    assert_int_equal(token_hash("", d), -1);
    assert_int_equal(token_hash(NULL, d), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_token_shape),  cmocka_unit_test(test_new_tokens_use_all_digits),
        cmocka_unit_test(test_hash_known_value), cmocka_unit_test(test_hash_matches_openssl),
        cmocka_unit_test(test_to_hex),           cmocka_unit_test(test_malformed_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
