/* test_crypt.c -- personal data encryption and hashes under a key file (common/crypt.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/crypt.h"

/* Keys 0x00..0x1f, 0x20..0x3f and, for hashes, 0x40..0x5f. */
#define KEY1 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define KEY2 "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
#define HKEY "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="

#define COL_ID    "household_members.id_number"
#define COL_PHONE "household_members.phone"
#define ID_NUMBER "11010519491231002X"

static struct crypt_keys *keys(const char *text)
{
    struct crypt_keys *k = NULL;
    char err[256] = "";
    if (crypt_keys_parse(text, &k, err, sizeof(err)) != 0)
        fail_msg("key text refused: %s", err);
    return k;
}

static void expect_refused(const char *text, const char *what)
{
    struct crypt_keys *k = (struct crypt_keys *)1;
    char err[256] = "";
    assert_int_equal(crypt_keys_parse(text, &k, err, sizeof(err)), -1);
    assert_null(k);
    if (strstr(err, what) == NULL)
        fail_msg("expected a message with \"%s\", got \"%s\"", what, err);
}

static char *decrypt_ok(const struct crypt_keys *k, const char *column, const char *text)
{
    char *v = NULL;
    int rc = crypt_decrypt(k, column, text, &v, NULL);
    if (rc != 0)
        fail_msg("decrypt %s: %s", text, crypt_strerror(rc));
    return v;
}

static void test_round_trip(void **state)
{
    struct crypt_keys *k = keys("# test keys\n\nhmac " HKEY "\n1 " KEY1 "\n");
    assert_int_equal(crypt_keys_current(k), 1);
    const char *values[] = {ID_NUMBER, "13800138000", "+86 138-0013-8000", ""};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        char *ct = NULL, *again = NULL;
        assert_int_equal(crypt_encrypt(k, COL_ID, values[i], strlen(values[i]), &ct), 0);
        assert_int_equal(strncmp(ct, "1:", 2), 0);
        assert_null(strstr(ct, values[i][0] != '\0' ? values[i] : "\x01"));
        size_t len = 99;
        char *back = NULL;
        assert_int_equal(crypt_decrypt(k, COL_ID, ct, &back, &len), 0);
        assert_int_equal(len, strlen(values[i]));
        assert_string_equal(back, values[i]);
        /* A fresh nonce each time: the same value never gives the same ciphertext. */
        assert_int_equal(crypt_encrypt(k, COL_ID, values[i], strlen(values[i]), &again), 0);
        assert_string_not_equal(ct, again);
        free(ct);
        free(again);
        free(back);
    }
    crypt_keys_free(k);
}

/* A ciphertext made by another implementation (Python's cryptography, AESGCM with key 1, the
 * nonce 0x64..0x6f and the additional data "zhucun-v1|household_members.id_number|1") decrypts:
 * the format is what docs/encryption.md says, and stays so. */
static void test_known_ciphertext(void **state)
{
    struct crypt_keys *k = keys("hmac " HKEY "\n1 " KEY1 "\n");
    char *v =
        decrypt_ok(k, COL_ID, "1:ZGVmZ2hpamtsbW5veSruV0ncZ6cKW27a6VRazXCaUiqQ3PuIQeXjJvPzkSuIvA==");
    assert_string_equal(v, ID_NUMBER);
    free(v);
    crypt_keys_free(k);
}

static void test_tampering_detected(void **state)
{
    struct crypt_keys *k = keys("hmac " HKEY "\n1 " KEY1 "\n");
    char *ct = NULL;
    assert_int_equal(crypt_encrypt(k, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &ct), 0);
    size_t n = strlen(ct);
    /* Every character of the encoded nonce, ciphertext and tag, changed, is caught (the last
     * before the padding too, whose low bits base64 does not use: a non-canonical spelling is
     * refused rather than decoded to the same bytes). */
    for (size_t i = 2; i < n; i++) {
        char *t = strdup(ct);
        t[i] = t[i] == 'A' ? 'B' : 'A';
        char *v = (char *)1;
        int rc = crypt_decrypt(k, COL_ID, t, &v, NULL);
        if (rc != CRYPT_EAUTH && rc != CRYPT_EFORMAT)
            fail_msg("position %zu altered: rc %d", i, rc);
        assert_null(v);
        free(t);
    }
    /* The padding's unused bits set: the same bytes, another spelling, refused. */
    for (int bit = 1; bit < 16; bit++) {
        char *t = strdup(ct);
        const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        size_t at = n - 3; /* 46 bytes end in one byte and "==" */
        assert_string_equal(t + n - 2, "==");
        int idx = (int)(strchr(alpha, t[at]) - alpha);
        t[at] = alpha[(idx & ~15) | bit];
        char *v = (char *)1;
        assert_int_equal(crypt_decrypt(k, COL_ID, t, &v, NULL), CRYPT_EFORMAT);
        assert_null(v);
        free(t);
    }
    /* Cut short, or cut to nothing. */
    char *v = NULL;
    char *t = strndup(ct, n - 4);
    assert_int_not_equal(crypt_decrypt(k, COL_ID, t, &v, NULL), 0);
    free(t);
    assert_int_equal(crypt_decrypt(k, COL_ID, "1:", &v, NULL), CRYPT_EFORMAT);
    assert_int_equal(crypt_decrypt(k, COL_ID, "1:AAAA", &v, NULL), CRYPT_EFORMAT);
    assert_int_equal(crypt_decrypt(k, COL_ID, ID_NUMBER, &v, NULL), CRYPT_EFORMAT);
    assert_int_equal(crypt_decrypt(k, COL_ID, "", &v, NULL), CRYPT_EFORMAT);
    assert_int_equal(crypt_decrypt(k, COL_ID, "x:AAAA", &v, NULL), CRYPT_EFORMAT);
    /* Whitespace is not base64 here, though EVP_DecodeBlock alone would skip it. */
    size_t half = (n + 2) / 2;
    t = malloc(n + 2);
    memcpy(t, ct, half);
    t[half] = ' ';
    memcpy(t + half + 1, ct + half, n - half + 1);
    assert_int_equal(crypt_decrypt(k, COL_ID, t, &v, NULL), CRYPT_EFORMAT);
    free(t);
    free(ct);
    crypt_keys_free(k);
}

/* A ciphertext of one column does not decrypt as another's: an ID number copied into the
 * phone column is refused, not shown. */
static void test_wrong_column(void **state)
{
    struct crypt_keys *k = keys("hmac " HKEY "\n1 " KEY1 "\n");
    char *ct = NULL, *v = (char *)1;
    assert_int_equal(crypt_encrypt(k, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &ct), 0);
    assert_int_equal(crypt_decrypt(k, COL_PHONE, ct, &v, NULL), CRYPT_EAUTH);
    assert_null(v);
    assert_int_equal(crypt_decrypt(k, "households.phone", ct, &v, NULL), CRYPT_EAUTH);
    v = decrypt_ok(k, COL_ID, ct);
    free(v);
    free(ct);
    crypt_keys_free(k);
}

/* A rotation: rows written under key 1 stay readable once key 2 is added (which then
 * encrypts), and only when key 1 is removed do they stop being readable. Relabelling a
 * ciphertext with the other key's ID is caught, not decrypted with the wrong key. */
static void test_rotation(void **state)
{
    struct crypt_keys *k1 = keys("hmac " HKEY "\n1 " KEY1 "\n");
    struct crypt_keys *k12 = keys("hmac " HKEY "\n2 " KEY2 "\n1 " KEY1 "\n");
    struct crypt_keys *k2 = keys("hmac " HKEY "\n2 " KEY2 "\n");
    assert_int_equal(crypt_keys_current(k12), 2);
    assert_true(crypt_keys_has(k12, 1));
    assert_true(crypt_keys_has(k12, 2));
    assert_false(crypt_keys_has(k12, 3));
    assert_false(crypt_keys_has(k2, 1));

    char *old = NULL, *fresh = NULL, *v = NULL;
    assert_int_equal(crypt_encrypt(k1, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &old), 0);
    assert_int_equal(crypt_key_id(old), 1);
    /* During the rotation: the old row reads, new writes use key 2. */
    v = decrypt_ok(k12, COL_ID, old);
    assert_string_equal(v, ID_NUMBER);
    free(v);
    assert_int_equal(crypt_encrypt(k12, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &fresh), 0);
    assert_int_equal(crypt_key_id(fresh), 2);
    assert_int_equal(strncmp(fresh, "2:", 2), 0);
    /* A server still on the old file cannot read the new row; it names why. */
    assert_int_equal(crypt_decrypt(k1, COL_ID, fresh, &v, NULL), CRYPT_ENOKEY);
    /* After re-encryption and the old key's removal the new row reads and the old does not. */
    v = decrypt_ok(k2, COL_ID, fresh);
    assert_string_equal(v, ID_NUMBER);
    free(v);
    assert_int_equal(crypt_decrypt(k2, COL_ID, old, &v, NULL), CRYPT_ENOKEY);
    /* The key ID is authenticated: "1:" relabelled "2:" does not decrypt under key 2. */
    char *relabelled = strdup(old);
    relabelled[0] = '2';
    assert_int_equal(crypt_decrypt(k12, COL_ID, relabelled, &v, NULL), CRYPT_EAUTH);
    free(relabelled);
    /* The hashes do not move with the encryption keys: the unique index holds throughout. */
    char h1[CRYPT_HMAC_TEXT_LEN + 1], h12[CRYPT_HMAC_TEXT_LEN + 1], h2[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(k1, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), h1);
    crypt_hmac(k12, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), h12);
    crypt_hmac(k2, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), h2);
    assert_string_equal(h1, h12);
    assert_string_equal(h1, h2);
    free(old);
    free(fresh);
    crypt_keys_free(k1);
    crypt_keys_free(k12);
    crypt_keys_free(k2);
}

/* The nonce of a ciphertext "ID:base64": its first 12 bytes are the first 16 characters. */
static void nonce_of(const char *text, char out[17])
{
    const char *b64 = strchr(text, ':') + 1;
    memcpy(out, b64, 16);
    out[16] = '\0';
}

/* Each thread keeps keyed contexts and a stock of nonces (common/crypt.c, struct
 * thread_state): every value still gets a nonce of its own, past the end of a stock; a key set
 * loaded where a freed one was, with another key under the same ID, is not served by the old
 * set's contexts; a child process never uses the nonces its parent drew. */
static void test_thread_state(void **state)
{
    (void)state;
    struct crypt_keys *k = keys("hmac " HKEY "\n1 " KEY1 "\n");
    enum { N = 300 };
    static char nonces[N][17];
    for (int i = 0; i < N; i++) {
        char *ct = NULL;
        assert_int_equal(crypt_encrypt(k, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &ct), 0);
        char *v = decrypt_ok(k, COL_ID, ct);
        assert_string_equal(v, ID_NUMBER);
        free(v);
        nonce_of(ct, nonces[i]);
        for (int j = 0; j < i; j++)
            if (strcmp(nonces[i], nonces[j]) == 0)
                fail_msg("values %d and %d share a nonce", j, i);
        free(ct);
    }
    char *under1 = NULL;
    assert_int_equal(crypt_encrypt(k, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &under1), 0);
    char h1[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(k, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), h1);
    crypt_keys_free(k);
    /* Another key under ID 1 (and another hash key): likely at the same address. */
    struct crypt_keys *other = keys("hmac " KEY1 "\n1 " KEY2 "\n");
    char *v = NULL;
    assert_int_equal(crypt_decrypt(other, COL_ID, under1, &v, NULL), CRYPT_EAUTH);
    char *under2 = NULL;
    assert_int_equal(crypt_encrypt(other, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &under2), 0);
    v = decrypt_ok(other, COL_ID, under2);
    free(v);
    char h2[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(other, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), h2);
    assert_string_not_equal(h1, h2);
    crypt_keys_free(other);
    k = keys("hmac " HKEY "\n1 " KEY1 "\n");
    v = decrypt_ok(k, COL_ID, under1);
    free(v);
    char h1again[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(k, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), h1again);
    assert_string_equal(h1, h1again);

    /* Parent and child after a fork: the parent's next nonce is in its stock; the child's is
     * drawn afresh. */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char *ct = NULL;
        if (crypt_encrypt(k, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &ct) != 0)
            _exit(1);
        char n[17];
        nonce_of(ct, n);
        _exit(write(fds[1], n, 16) == 16 ? 0 : 1);
    }
    char *ct = NULL;
    assert_int_equal(crypt_encrypt(k, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &ct), 0);
    char mine[17], childs[17] = "";
    nonce_of(ct, mine);
    assert_int_equal(read(fds[0], childs, 16), 16);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_string_not_equal(mine, childs);
    close(fds[0]);
    close(fds[1]);
    free(ct);
    free(under1);
    free(under2);
    crypt_keys_free(k);
}

struct hmac_job {
    const struct crypt_keys *k;
    char h[CRYPT_HMAC_TEXT_LEN + 1];
    int ok;
};

static void *hmac_thread(void *arg)
{
    struct hmac_job *j = arg;
    crypt_hmac(j->k, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), j->h);
    char *ct = NULL, *v = NULL;
    j->ok = crypt_encrypt(j->k, COL_ID, ID_NUMBER, strlen(ID_NUMBER), &ct) == 0 &&
            crypt_decrypt(j->k, COL_ID, ct, &v, NULL) == 0 && strcmp(v, ID_NUMBER) == 0;
    free(ct);
    free(v);
    return NULL;
}

/* Threads share one key set and work in states of their own, freed when each ends. */
static void test_threads(void **state)
{
    (void)state;
    struct crypt_keys *k = keys("hmac " HKEY "\n1 " KEY1 "\n");
    char h[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(k, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), h);
    struct hmac_job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct hmac_job){.k = k};
        assert_int_equal(pthread_create(&th[i], NULL, hmac_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(jobs[i].ok);
        assert_string_equal(jobs[i].h, h);
    }
    crypt_keys_free(k);
}

/* The first step of a rotation across several servers: the new key is in every server's file
 * but "current" keeps the old one encrypting, so a server not yet restarted never meets a
 * ciphertext it cannot read. */
static void test_current_pins_the_old_key(void **state)
{
    struct crypt_keys *pinned = keys("hmac " HKEY "\n1 " KEY1 "\n2 " KEY2 "\ncurrent 1\n");
    struct crypt_keys *k2 = keys("hmac " HKEY "\n2 " KEY2 "\n");
    assert_int_equal(crypt_keys_current(pinned), 1);
    char *ct = NULL, *v = NULL;
    assert_int_equal(crypt_encrypt(pinned, COL_PHONE, "13800138000", 11, &ct), 0);
    assert_int_equal(crypt_key_id(ct), 1);
    free(ct);
    /* It already reads what key 2 wrote elsewhere. */
    assert_int_equal(crypt_encrypt(k2, COL_PHONE, "13800138000", 11, &ct), 0);
    v = decrypt_ok(pinned, COL_PHONE, ct);
    assert_string_equal(v, "13800138000");
    free(v);
    free(ct);
    crypt_keys_free(pinned);
    crypt_keys_free(k2);
}

/* The hashes against an independent HKDF-SHA-256 and HMAC-SHA-256 (Python's hmac and
 * hashlib): a change to the derivation would orphan every stored hash, and this says so. */
static void test_hmac(void **state)
{
    struct crypt_keys *k = keys("1 " KEY1 "\nhmac " HKEY "\n");
    char a[CRYPT_HMAC_TEXT_LEN + 1], b[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(k, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), a);
    assert_string_equal(a, "+RNipAibhGQsflqdN3IeP+eiZwgmGnu3fWowvxYz8Hw=");
    crypt_hmac(k, CRYPT_HMAC_PHONE, "13800138000", 11, b);
    assert_string_equal(b, "dB3XjoFJIeht+7phJPSWUq82tIuW+R9IMdGx9KzQlNw=");
    assert_int_equal(strlen(a), CRYPT_HMAC_TEXT_LEN);
    /* The same value under two purposes hashes differently. */
    crypt_hmac(k, CRYPT_HMAC_PHONE, ID_NUMBER, strlen(ID_NUMBER), b);
    assert_string_not_equal(a, b);
    /* Another hash key, another hash. */
    struct crypt_keys *other = keys("1 " KEY1 "\nhmac " KEY2 "\n");
    crypt_hmac(other, CRYPT_HMAC_ID_NUMBER, ID_NUMBER, strlen(ID_NUMBER), b);
    assert_string_not_equal(a, b);
    crypt_keys_free(other);
    crypt_keys_free(k);
}

static void test_limits_and_ids(void **state)
{
    struct crypt_keys *k = keys("hmac " HKEY "\n65535 " KEY1 "\n7 " KEY2 "\n");
    assert_int_equal(crypt_keys_current(k), 65535);
    char *big = malloc(CRYPT_VALUE_MAX + 1);
    memset(big, '9', CRYPT_VALUE_MAX + 1);
    char *ct = NULL, *v = NULL;
    assert_int_equal(crypt_encrypt(k, COL_ID, big, CRYPT_VALUE_MAX + 1, &ct), CRYPT_ETOOLONG);
    assert_null(ct);
    assert_int_equal(crypt_encrypt(k, COL_ID, big, CRYPT_VALUE_MAX, &ct), 0);
    assert_int_equal(crypt_key_id(ct), 65535);
    size_t len = 0;
    assert_int_equal(crypt_decrypt(k, COL_ID, ct, &v, &len), 0);
    assert_int_equal(len, CRYPT_VALUE_MAX);
    assert_memory_equal(v, big, CRYPT_VALUE_MAX);
    free(v);
    free(ct);
    free(big);
    assert_int_equal(crypt_key_id("0:AAAA"), CRYPT_EFORMAT);
    assert_int_equal(crypt_key_id("65536:AAAA"), CRYPT_EFORMAT);
    assert_int_equal(crypt_key_id("12"), CRYPT_EFORMAT);
    assert_int_equal(crypt_key_id("+1:AAAA"), CRYPT_EFORMAT);
    assert_int_equal(crypt_key_id("3:x"), 3);
    assert_int_equal(
        crypt_decrypt(k, COL_ID, "3:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &v, NULL),
        CRYPT_ENOKEY);
    crypt_keys_free(k);
}

static void test_bad_key_text_refused(void **state)
{
    expect_refused("", "no encryption key");
    expect_refused("# only a comment\nhmac " HKEY "\n", "no encryption key");
    expect_refused("1 " KEY1 "\n", "no hmac key");
    expect_refused("hmac " HKEY "\nhmac " KEY2 "\n1 " KEY1 "\n", "line 2: a second hmac key");
    expect_refused("hmac " HKEY "\n1 " KEY1 "\n1 " KEY2 "\n", "line 3: key ID 1 given twice");
    expect_refused("hmac " HKEY "\n0 " KEY1 "\n", "line 2: the key ID must be");
    expect_refused("hmac " HKEY "\n65536 " KEY1 "\n", "the key ID must be");
    expect_refused("hmac " HKEY "\nkey1 " KEY1 "\n", "the key ID must be");
    expect_refused("hmac " HKEY "\n-1 " KEY1 "\n", "the key ID must be");
    /* 16 bytes is an AES-128 key, not ours. */
    expect_refused("hmac " HKEY "\n1 AAECAwQFBgcICQoLDA0ODw==\n", "not 32 bytes of base64");
    expect_refused("hmac " HKEY "\n1 " KEY1 "AAAA\n", "not 32 bytes of base64");
    expect_refused("hmac " HKEY "\n1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh*=\n",
                   "not 32 bytes of base64");
    expect_refused("hmac " HKEY "\n1 " KEY1 " extra\n", "line 2: expected");
    expect_refused("hmac " HKEY "\n1\n", "line 2: expected");
    expect_refused("hmac\n", "line 1: expected");
    expect_refused("hmac " HKEY "\n1 " KEY1 "\ncurrent 2\n", "current names key ID 2");
    expect_refused("hmac " HKEY "\n1 " KEY1 "\ncurrent 1\ncurrent 1\n",
                   "line 4: a second current line");
    expect_refused("hmac " HKEY "\n1 " KEY1 "\ncurrent one\n", "line 3: current must name");
    /* Comments, blank lines, surrounding blanks and CRLF are fine. */
    struct crypt_keys *k = keys("  # keys\r\n\r\n\thmac  " HKEY "  \r\n 1 " KEY1 "\r\n");
    assert_int_equal(crypt_keys_current(k), 1);
    crypt_keys_free(k);
}

/* Writes a fresh file (the last may have been read-only) with mode. */
static void write_file(const char *path, const char *text, mode_t mode)
{
    unlink(path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

/* The file's mode: only its owner may have access. */
static void test_key_file_modes(void **state)
{
    char dir[] = "/tmp/zc-crypt-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof(path), "%s/data.keys", dir);
    const char *text = "hmac " HKEY "\n1 " KEY1 "\n";
    struct crypt_keys *k = NULL;
    char err[512];

    const mode_t refused[] = {0644, 0640, 0604, 0660, 0602, 0620, 0610, 0601};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        write_file(path, text, refused[i]);
        err[0] = '\0';
        assert_int_equal(crypt_keys_load(path, &k, err, sizeof(err)), -1);
        assert_null(k);
        if (strstr(err, "group and others must have no access") == NULL)
            fail_msg("mode %04o: %s", (unsigned)refused[i], err);
    }
    write_file(path, text, 0600);
    assert_int_equal(crypt_keys_load(path, &k, err, sizeof(err)), 0);
    assert_int_equal(crypt_keys_current(k), 1);
    crypt_keys_free(k);
    write_file(path, text, 0400);
    assert_int_equal(crypt_keys_load(path, &k, err, sizeof(err)), 0);
    crypt_keys_free(k);
    /* A bad line is named with the file. */
    write_file(path, "hmac " HKEY "\n1 short\n", 0600);
    assert_int_equal(crypt_keys_load(path, &k, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "data.keys: line 2: the key is not 32 bytes"));
    /* A directory, or no file at all. */
    assert_int_equal(crypt_keys_load(dir, &k, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not a regular file"));
    unlink(path);
    assert_int_equal(crypt_keys_load(path, &k, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "could not open key file"));
    rmdir(dir);
}

/* A new key is 32 random bytes that a key file accepts. */
static void test_new_key_text(void **state)
{
    char a[CRYPT_KEY_TEXT_LEN + 1], b[CRYPT_KEY_TEXT_LEN + 1], text[256];
    assert_int_equal(crypt_new_key_text(a), 0);
    assert_int_equal(crypt_new_key_text(b), 0);
    assert_int_equal(strlen(a), CRYPT_KEY_TEXT_LEN);
    assert_string_not_equal(a, b);
    snprintf(text, sizeof(text), "hmac %s\n1 %s\n", a, b);
    struct crypt_keys *k = keys(text);
    crypt_keys_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_known_ciphertext),
        cmocka_unit_test(test_tampering_detected),
        cmocka_unit_test(test_wrong_column),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_current_pins_the_old_key),
        cmocka_unit_test(test_hmac),
        cmocka_unit_test(test_limits_and_ids),
        cmocka_unit_test(test_bad_key_text_refused),
        cmocka_unit_test(test_key_file_modes),
        cmocka_unit_test(test_new_key_text),
        cmocka_unit_test(test_thread_state),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
