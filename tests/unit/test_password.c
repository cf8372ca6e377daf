/* test_password.c -- Argon2id hashing, verification and re-hash decisions, and generated
 * initial passwords (common/password.c).
 *
 * Each hash costs 19 MiB and tens of milliseconds, so the tests share a few hashes made once
 * in the group setup. Constant-time comparison is libargon2's and is not timed here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <argon2.h>
#include <cmocka.h>

#include "common/password.h"

#define GOOD "correct horse battery staple"

static const struct password_params min_params = {19456, 2, 1};

struct hashes {
    char a[PASSWORD_PHC_MAX]; /* GOOD */
    char b[PASSWORD_PHC_MAX]; /* GOOD again: a fresh salt */
};

static int group_setup(void **state)
{
    struct hashes *h = calloc(1, sizeof(*h));
    if (h == NULL)
        return -1;
    if (password_hash(&min_params, GOOD, strlen(GOOD), h->a) != 0 ||
        password_hash(&min_params, GOOD, strlen(GOOD), h->b) != 0) {
        free(h);
        return -1;
    }
    *state = h;
    return 0;
}

static int group_teardown(void **state)
{
    free(*state);
    return 0;
}

static void test_phc_format(void **state)
{
    struct hashes *h = *state;
    const char *prefix = "$argon2id$v=19$m=19456,t=2,p=1$";
    assert_int_equal(strncmp(h->a, prefix, strlen(prefix)), 0);
    assert_true(strlen(h->a) < PASSWORD_PHC_MAX);
    /* Salt and digest follow, separated by one more '$'. */
    const char *rest = h->a + strlen(prefix);
    const char *dollar = strchr(rest, '$');
    assert_non_null(dollar);
    assert_true(dollar - rest >= 22);      /* 16 bytes of salt in unpadded base64 */
    assert_true(strlen(dollar + 1) >= 43); /* 32 bytes of digest */
}

static void test_verify_good_and_bad(void **state)
{
    struct hashes *h = *state;
    assert_int_equal(password_verify(h->a, GOOD, strlen(GOOD)), 1);
    assert_int_equal(password_verify(h->b, GOOD, strlen(GOOD)), 1);
    assert_int_equal(password_verify(h->a, "correct horse battery stapler", 29), 0);
    assert_int_equal(password_verify(h->a, "Correct horse battery staple", strlen(GOOD)), 0);
    assert_int_equal(password_verify(h->a, "", 0), 0);
    /* The length counts: a prefix of the password is not the password. */
    assert_int_equal(password_verify(h->a, GOOD, strlen(GOOD) - 1), 0);
}

/* The same password hashed twice gives different strings (a fresh salt each time). */
static void test_salted(void **state)
{
    struct hashes *h = *state;
    assert_string_not_equal(h->a, h->b);
    const char *sa = strrchr(h->a, '$');
    const char *sb = strrchr(h->b, '$');
    assert_string_not_equal(sa, sb);
}

/* Bytes past a NUL are part of the password when len says so. */
static void test_embedded_nul(void **state)
{
    char phc[PASSWORD_PHC_MAX];
    const char pw[] = "abc\0defghijk";
    assert_int_equal(password_hash(&min_params, pw, sizeof(pw) - 1, phc), 0);
    assert_int_equal(password_verify(phc, pw, sizeof(pw) - 1), 1);
    assert_int_equal(password_verify(phc, "abc", 3), 0);
    assert_int_equal(password_verify(phc, "abc\0defghijx", sizeof(pw) - 1), 0);
}

static void test_weak_params_refused(void **state)
{
    char phc[PASSWORD_PHC_MAX];
    const struct password_params low_m = {19455, 2, 1};
    const struct password_params low_t = {19456, 1, 1};
    const struct password_params low_p = {19456, 2, 0};
    const struct password_params zero = {0, 0, 0};
    assert_int_equal(password_hash(&low_m, GOOD, strlen(GOOD), phc), -1);
    assert_int_equal(password_hash(&low_t, GOOD, strlen(GOOD), phc), -1);
    assert_int_equal(password_hash(&low_p, GOOD, strlen(GOOD), phc), -1);
    assert_int_equal(password_hash(&zero, GOOD, strlen(GOOD), phc), -1);
}

static void test_needs_rehash(void **state)
{
    struct hashes *h = *state;
    const struct password_params more_m = {65536, 2, 1};
    const struct password_params more_t = {19456, 3, 1};
    const struct password_params more_p = {19456, 2, 2};
    assert_int_equal(password_needs_rehash(h->a, &min_params), 0);
    assert_int_equal(password_needs_rehash(h->a, &more_m), 1);
    assert_int_equal(password_needs_rehash(h->a, &more_t), 1);
    assert_int_equal(password_needs_rehash(h->a, &more_p), 1);

    /* Only the parameters are read, so hand-written strings serve for the rest. */
    const char *stronger = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$"
                           "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    assert_int_equal(password_needs_rehash(stronger, &min_params), 0);
    assert_int_equal(password_needs_rehash(stronger, &more_m), 0);
    const char *weaker_m = "$argon2id$v=19$m=8192,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                           "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    assert_int_equal(password_needs_rehash(weaker_m, &min_params), 1);
    const char *weaker_t = "$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                           "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    assert_int_equal(password_needs_rehash(weaker_t, &min_params), 1);
    const char *old_version = "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                              "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    assert_int_equal(password_needs_rehash(old_version, &min_params), 1);
    const char *argon2i = "$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                          "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
    assert_int_equal(password_needs_rehash(argon2i, &min_params), 1);
    assert_int_equal(password_needs_rehash("", &min_params), 1);
    assert_int_equal(password_needs_rehash("$2b$12$bcrypt.hash", &min_params), 1);
}

/* Anything that is not a well-formed Argon2id string of this password verifies as 0. */
static void test_malformed_phc(void **state)
{
    struct hashes *h = *state;
    static const char *const bad[] = {
        "",
        "$argon2id$",
        "$argon2id$v=19$m=19456,t=2,p=1$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
        "not a hash",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(password_verify(bad[i], GOOD, strlen(GOOD)), 0);
    assert_int_equal(password_verify(NULL, GOOD, strlen(GOOD)), 0);

    /* The real hash cut short, or with one digest character changed. */
    char cut[PASSWORD_PHC_MAX];
    strcpy(cut, h->a);
    cut[strlen(cut) - 5] = '\0';
    assert_int_equal(password_verify(cut, GOOD, strlen(GOOD)), 0);
    char changed[PASSWORD_PHC_MAX];
    strcpy(changed, h->a);
    size_t last = strlen(changed) - 2;
    changed[last] = changed[last] == 'A' ? 'B' : 'A';
    assert_int_equal(password_verify(changed, GOOD, strlen(GOOD)), 0);
}

/* A correct Argon2i (not Argon2id) hash of the same password is refused: only Argon2id is
 * accepted. */
static void test_other_variant_refused(void **state)
{
    char phc[PASSWORD_PHC_MAX];
    const uint8_t salt[16] = "0123456789abcdef";
    assert_int_equal(argon2i_hash_encoded(2, 19456, 1, GOOD, strlen(GOOD), salt, sizeof(salt), 32,
                                          phc, sizeof(phc)),
                     ARGON2_OK);
    assert_int_equal(argon2i_verify(phc, GOOD, strlen(GOOD)), ARGON2_OK);
    assert_int_equal(password_verify(phc, GOOD, strlen(GOOD)), 0);
}

#define GEN_ALPHABET "abcdefghjkmnpqrstuvwxyz23456789"

/* Generated passwords are len - 1 characters, all from the alphabet without look-alikes. */
static void test_generate_alphabet(void **state)
{
    char out[40];
    memset(out, 'X', sizeof(out));
    assert_int_equal(password_generate(out, 33), 0);
    assert_int_equal(strlen(out), 32);
    for (size_t i = 0; i < 32; i++) {
        assert_non_null(strchr(GEN_ALPHABET, out[i]));
        assert_null(strchr("0o1li", out[i]));
    }
    /* Nothing is written past len. */
    for (size_t i = 33; i < sizeof(out); i++)
        assert_int_equal(out[i], 'X');
}

/* Over many characters every letter of the alphabet turns up, and nothing else does. */
static void test_generate_uses_whole_alphabet(void **state)
{
    enum { N = 31 * 200 };
    static char out[N + 1];
    assert_int_equal(password_generate(out, sizeof(out)), 0);
    assert_int_equal(strlen(out), N);
    int seen[256] = {0};
    for (size_t i = 0; i < N; i++)
        seen[(unsigned char)out[i]]++;
    for (int c = 0; c < 256; c++) {
        if (c != 0 && strchr(GEN_ALPHABET, c) != NULL)
            assert_true(seen[c] > 0);
        else
            assert_int_equal(seen[c], 0);
    }
}

static void test_generate_differs(void **state)
{
    char a[17], b[17];
    assert_int_equal(password_generate(a, sizeof(a)), 0);
    assert_int_equal(password_generate(b, sizeof(b)), 0);
    assert_int_equal(strlen(a), 16);
    assert_int_equal(strlen(b), 16);
    assert_string_not_equal(a, b);
}

static void test_generate_edge_lengths(void **state)
{
    char out[4];
    memset(out, 'X', sizeof(out));
    assert_int_equal(password_generate(out, 1), 0);
    assert_int_equal(out[0], '\0');
    assert_int_equal(out[1], 'X');

    memset(out, 'X', sizeof(out));
    assert_int_equal(password_generate(out, 2), 0);
    assert_int_equal(strlen(out), 1);
    assert_non_null(strchr(GEN_ALPHABET, out[0]));
    assert_int_equal(out[2], 'X');

    memset(out, 'X', sizeof(out));
    assert_int_equal(password_generate(out, 0), -1);
    for (size_t i = 0; i < sizeof(out); i++)
        assert_int_equal(out[i], 'X');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phc_format),
        cmocka_unit_test(test_verify_good_and_bad),
        cmocka_unit_test(test_salted),
        cmocka_unit_test(test_embedded_nul),
        cmocka_unit_test(test_weak_params_refused),
        cmocka_unit_test(test_needs_rehash),
        cmocka_unit_test(test_malformed_phc),
        cmocka_unit_test(test_other_variant_refused),
        cmocka_unit_test(test_generate_alphabet),
        cmocka_unit_test(test_generate_uses_whole_alphabet),
        cmocka_unit_test(test_generate_differs),
        cmocka_unit_test(test_generate_edge_lengths),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
