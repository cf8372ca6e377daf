/* crypt.c -- AES-256-GCM encryption and HMAC-SHA-256 hashes of personal data under keys from a
 * key file (OpenSSL EVP; docs/encryption.md). */
#include "common/crypt.h"

#include <ctype.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include "common/xmalloc.h"

/* A key file is a few lines; anything much larger is not one. */
#define KEYFILE_MAX (64 * 1024)
/* Column names are short identifiers ("household_members.id_number"). */
#define COLUMN_MAX 128

struct crypt_key {
    unsigned id;
    unsigned char key[CRYPT_KEY_LEN];
};

struct crypt_keys {
    size_t n;
    unsigned current;
    unsigned pinned; /* the "current N" line, or 0 */
    struct crypt_key keys[CRYPT_KEYS_MAX];
    /* One hash key per purpose, derived from the file's hmac line at load. */
    unsigned char hmac[CRYPT_HMAC_PURPOSES][CRYPT_KEY_LEN];
    /* Fetched and keyed once at load (OpenSSL 3 looks an algorithm up by name, under a lock,
     * at every use of EVP_aes_256_gcm() or HMAC(): most of a short value's cost). Threads
     * share them read-only and work in copies of their own (struct thread_state). */
    EVP_CIPHER *gcm;
    EVP_MAC_CTX *mac[CRYPT_HMAC_PURPOSES];
    uint64_t serial; /* this key set among every one the process loaded, from 1 */
};

/* What a thread keeps between values, so that a value costs its own work only: a cipher
 * context already keyed for encrypting and one for decrypting (a new IV is all a value sets),
 * each purpose's keyed HMAC state (reset for each value), and random bytes drawn 64 nonces at
 * a time (RAND_bytes costs as much per call as the encryption). Made for one key set (serial:
 * a set loaded later, at the address of a freed one, is not taken for it); freed when the
 * thread ends. Nonces drawn before a fork are never used after it in the child (pid). */
struct thread_state {
    uint64_t serial;
    EVP_CIPHER_CTX *enc, *dec;
    unsigned enc_key, dec_key; /* the key ID each is keyed with; 0 none */
    EVP_MAC_CTX *mac[CRYPT_HMAC_PURPOSES];
    pid_t pid;
    size_t nonces_used;
    unsigned char nonces[64 * CRYPT_NONCE_LEN];
};

static pthread_key_t state_key;
static pthread_once_t state_once = PTHREAD_ONCE_INIT;
static uint64_t last_serial;

static void state_clear(struct thread_state *t)
{
    EVP_CIPHER_CTX_free(t->enc);
    EVP_CIPHER_CTX_free(t->dec);
    for (int i = 0; i < CRYPT_HMAC_PURPOSES; i++)
        EVP_MAC_CTX_free(t->mac[i]);
    OPENSSL_cleanse(t, sizeof(*t));
}

static void state_free(void *p)
{
    state_clear(p);
    free(p);
}

static void state_key_make(void)
{
    if (pthread_key_create(&state_key, state_free) != 0)
        abort();
}

/* This thread's state for key set k. */
static struct thread_state *thread_state(const struct crypt_keys *k)
{
    pthread_once(&state_once, state_key_make);
    struct thread_state *t = pthread_getspecific(state_key);
    if (t == NULL) {
        t = xcalloc(1, sizeof(*t));
        if (pthread_setspecific(state_key, t) != 0)
            abort();
    }
    if (t->serial != k->serial) {
        state_clear(t);
        t->serial = k->serial;
    }
    return t;
}

/* A fresh random nonce into out. Returns 0, or -1 when OpenSSL has no random bytes. */
static int next_nonce(struct thread_state *t, unsigned char *out)
{
    pid_t pid = getpid();
    if (t->pid != pid || t->nonces_used == sizeof(t->nonces)) {
        if (RAND_bytes(t->nonces, sizeof(t->nonces)) != 1)
            return -1;
        t->pid = pid;
        t->nonces_used = 0;
    }
    memcpy(out, t->nonces + t->nonces_used, CRYPT_NONCE_LEN);
    t->nonces_used += CRYPT_NONCE_LEN;
    return 0;
}

/* The thread's cipher context for encrypting (enc 1) or decrypting (0) under key, keyed, with
 * nonce as its IV; NULL on an OpenSSL failure. After a failure the context is made anew. */
static EVP_CIPHER_CTX *cipher(const struct crypt_keys *k, struct thread_state *t, int enc,
                              const struct crypt_key *key, const unsigned char *nonce)
{
    EVP_CIPHER_CTX **ctx = enc ? &t->enc : &t->dec;
    unsigned *id = enc ? &t->enc_key : &t->dec_key;
    if (*ctx == NULL && (*ctx = EVP_CIPHER_CTX_new()) == NULL)
        return NULL;
    if (*id != key->id) {
        *id = 0;
        if (EVP_CipherInit_ex2(*ctx, k->gcm, key->key, NULL, enc, NULL) != 1)
            return NULL;
        *id = key->id;
    }
    if (EVP_CipherInit_ex2(*ctx, NULL, NULL, nonce, enc, NULL) != 1)
        return NULL;
    return *ctx;
}

/* After a failure in the middle of a value: the context's state is unknown. */
static void cipher_drop(struct thread_state *t, int enc)
{
    EVP_CIPHER_CTX_free(enc ? t->enc : t->dec);
    if (enc) {
        t->enc = NULL;
        t->enc_key = 0;
    } else {
        t->dec = NULL;
        t->dec_key = 0;
    }
}

_Static_assert(CRYPT_NONCE_LEN == 12, "AES-GCM's default IV length, which the contexts keep");

/* The HKDF info of each purpose. Never change one: every stored hash of that purpose would
 * stop matching. */
static const char *const purpose_info[CRYPT_HMAC_PURPOSES] = {
    [CRYPT_HMAC_ID_NUMBER] = "zhucun hmac id_number",
    [CRYPT_HMAC_PHONE] = "zhucun hmac phone",
};

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 with padding into out (4 * ceil(n / 3) characters and a NUL). */
static void b64_encode(const unsigned char *in, size_t n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/* Decodes n characters of strict base64 (padded, no whitespace, canonical) into out, which
 * holds cap bytes. Returns the number of bytes, or -1. EVP_DecodeBlock alone accepts
 * whitespace, counts the padding as bytes and ignores the unused bits of the last character,
 * so the text is checked, the length worked out, and the bytes encoded again to compare: one
 * ciphertext has one spelling, and an altered character never decodes to the same bytes. */
static long b64_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
    if (n == 0 || n % 4 != 0)
        return -1;
    size_t pad = 0;
    if (in[n - 1] == '=')
        pad++;
    if (in[n - 2] == '=')
        pad++;
    for (size_t i = 0; i < n - pad; i++) {
        if (in[i] == '\0' || strchr(b64_alphabet, in[i]) == NULL)
            return -1;
    }
    size_t len = n / 4 * 3 - pad;
    if (len > cap)
        return -1;
    unsigned char *tmp = xmalloc(n / 4 * 3);
    int got = EVP_DecodeBlock(tmp, (const unsigned char *)in, (int)n);
    if (got < 0 || (size_t)got != n / 4 * 3) {
        free(tmp);
        return -1;
    }
    char *again = xmalloc(n + 1);
    b64_encode(tmp, len, again);
    int canonical = memcmp(again, in, n) == 0;
    if (canonical)
        memcpy(out, tmp, len);
    OPENSSL_cleanse(tmp, n / 4 * 3);
    OPENSSL_cleanse(again, n + 1);
    free(tmp);
    free(again);
    return canonical ? (long)len : -1;
}

/* The additional authenticated data: the format, the column and the key ID, so that a
 * ciphertext moved to another column or relabelled with another key does not decrypt. */
static int make_aad(char *aad, size_t cap, const char *column, unsigned id)
{
    int n = snprintf(aad, cap, "zhucun-v1|%s|%u", column, id);
    return n > 0 && (size_t)n < cap ? n : -1;
}

static int hkdf(const unsigned char *ikm, const char *info, unsigned char out[CRYPT_KEY_LEN])
{
    static const unsigned char salt[] = "zhucun-data-v1";
    size_t outlen = CRYPT_KEY_LEN;
    int rc = -1;
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    if (pctx == NULL)
        goto out;
    if (EVP_PKEY_derive_init(pctx) <= 0 || EVP_PKEY_CTX_set_hkdf_md(pctx, EVP_sha256()) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_salt(pctx, salt, sizeof(salt) - 1) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_key(pctx, ikm, CRYPT_KEY_LEN) <= 0 ||
        EVP_PKEY_CTX_add1_hkdf_info(pctx, (const unsigned char *)info, (int)strlen(info)) <= 0 ||
        EVP_PKEY_derive(pctx, out, &outlen) <= 0 || outlen != CRYPT_KEY_LEN)
        goto out;
    rc = 0;
out:
    EVP_PKEY_CTX_free(pctx);
    return rc;
}

static const struct crypt_key *find_key(const struct crypt_keys *k, unsigned id)
{
    for (size_t i = 0; i < k->n; i++) {
        if (k->keys[i].id == id)
            return &k->keys[i];
    }
    return NULL;
}

/* Reads a decimal key ID of 1-65535 from s (n characters, no sign, no spaces). */
static int parse_id(const char *s, size_t n, unsigned *id)
{
    if (n == 0 || n > 5)
        return -1;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v < 1 || v > CRYPT_KEY_ID_MAX)
        return -1;
    *id = v;
    return 0;
}

/* Parses one line that is not blank or a comment into k. */
static int parse_line(struct crypt_keys *k, const char *line, size_t len, int lineno,
                      unsigned char hmac_master[CRYPT_KEY_LEN], int *have_hmac, char *err,
                      size_t errlen)
{
    size_t a = 0;
    while (a < len && !isspace((unsigned char)line[a]))
        a++;
    size_t b = a;
    while (b < len && isspace((unsigned char)line[b]))
        b++;
    size_t c = b;
    while (c < len && !isspace((unsigned char)line[c]))
        c++;
    if (a == 0 || b == a || c == b || c != len) {
        snprintf(err, errlen, "line %d: expected \"ID KEY\", \"hmac KEY\" or \"current ID\"",
                 lineno);
        return -1;
    }
    unsigned id;
    if (a == 7 && memcmp(line, "current", 7) == 0) {
        if (k->pinned != 0) {
            snprintf(err, errlen, "line %d: a second current line", lineno);
            return -1;
        }
        if (parse_id(line + b, c - b, &id) != 0) {
            snprintf(err, errlen, "line %d: current must name a key ID from 1 to %d", lineno,
                     CRYPT_KEY_ID_MAX);
            return -1;
        }
        k->pinned = id;
        return 0;
    }
    unsigned char key[CRYPT_KEY_LEN];
    if (b64_decode(line + b, c - b, key, sizeof(key)) != CRYPT_KEY_LEN) {
        snprintf(err, errlen, "line %d: the key is not 32 bytes of base64", lineno);
        return -1;
    }
    int rc = -1;
    if (a == 4 && memcmp(line, "hmac", 4) == 0) {
        if (*have_hmac) {
            snprintf(err, errlen, "line %d: a second hmac key", lineno);
            goto out;
        }
        memcpy(hmac_master, key, CRYPT_KEY_LEN);
        *have_hmac = 1;
    } else if (parse_id(line, a, &id) != 0) {
        snprintf(err, errlen, "line %d: the key ID must be hmac or a number from 1 to %d", lineno,
                 CRYPT_KEY_ID_MAX);
        goto out;
    } else if (find_key(k, id) != NULL) {
        snprintf(err, errlen, "line %d: key ID %u given twice", lineno, id);
        goto out;
    } else if (k->n == CRYPT_KEYS_MAX) {
        snprintf(err, errlen, "line %d: more than %d keys", lineno, CRYPT_KEYS_MAX);
        goto out;
    } else {
        k->keys[k->n].id = id;
        memcpy(k->keys[k->n].key, key, CRYPT_KEY_LEN);
        k->n++;
        if (id > k->current)
            k->current = id;
    }
    rc = 0;
out:
    OPENSSL_cleanse(key, sizeof(key));
    return rc;
}

/* Fetches the cipher and keys one HMAC state per purpose (struct crypt_keys). */
static int prepare(struct crypt_keys *k)
{
    k->gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    int rc = k->gcm != NULL && mac != NULL ? 0 : -1;
    for (int i = 0; i < CRYPT_HMAC_PURPOSES && rc == 0; i++) {
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
            OSSL_PARAM_construct_end()};
        k->mac[i] = EVP_MAC_CTX_new(mac);
        if (k->mac[i] == NULL || EVP_MAC_init(k->mac[i], k->hmac[i], CRYPT_KEY_LEN, params) != 1)
            rc = -1;
    }
    EVP_MAC_free(mac); /* the contexts hold their own references */
    k->serial = __atomic_add_fetch(&last_serial, 1, __ATOMIC_RELAXED);
    return rc;
}

int crypt_keys_parse(const char *text, struct crypt_keys **out, char *err, size_t errlen)
{
    struct crypt_keys *k = xcalloc(1, sizeof(*k));
    unsigned char hmac_master[CRYPT_KEY_LEN];
    int have_hmac = 0;
    int lineno = 0;
    int rc = -1;
    *out = NULL;
    const char *p = text;
    while (*p != '\0') {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        lineno++;
        size_t s = 0, e = len;
        while (s < e && isspace((unsigned char)p[s]))
            s++;
        while (e > s && isspace((unsigned char)p[e - 1]))
            e--;
        if (s < e && p[s] != '#' &&
            parse_line(k, p + s, e - s, lineno, hmac_master, &have_hmac, err, errlen) != 0)
            goto out;
        p += len;
        if (*p == '\n')
            p++;
    }
    if (k->n == 0) {
        snprintf(err, errlen, "no encryption key (a line \"1 KEY\")");
        goto out;
    }
    if (!have_hmac) {
        snprintf(err, errlen, "no hmac key (a line \"hmac KEY\")");
        goto out;
    }
    if (k->pinned != 0) {
        if (find_key(k, k->pinned) == NULL) {
            snprintf(err, errlen, "current names key ID %u, which the file does not hold",
                     k->pinned);
            goto out;
        }
        k->current = k->pinned;
    }
    for (int i = 0; i < CRYPT_HMAC_PURPOSES; i++) {
        if (hkdf(hmac_master, purpose_info[i], k->hmac[i]) != 0) {
            snprintf(err, errlen, "could not derive the hash keys (OpenSSL HKDF)");
            goto out;
        }
    }
    if (prepare(k) != 0) {
        snprintf(err, errlen, "could not prepare AES-256-GCM and HMAC-SHA-256 (OpenSSL)");
        goto out;
    }
    *out = k;
    k = NULL;
    rc = 0;
out:
    OPENSSL_cleanse(hmac_master, sizeof(hmac_master));
    crypt_keys_free(k);
    return rc;
}

int crypt_keys_load(const char *path, struct crypt_keys **out, char *err, size_t errlen)
{
    char inner[256];
    char *text = NULL;
    int rc = -1;
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "could not open key file %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "could not stat key file %s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "key file %s is not a regular file", path);
        goto out;
    }
    /* The keys are worth every household: only their owner may read them. */
    if ((st.st_mode & 077) != 0) {
        snprintf(err, errlen,
                 "key file %s has mode %04o: group and others must have no access "
                 "(chmod 600)",
                 path, (unsigned)(st.st_mode & 07777));
        goto out;
    }
    if (st.st_size > KEYFILE_MAX) {
        snprintf(err, errlen, "key file %s is larger than %d bytes", path, KEYFILE_MAX);
        goto out;
    }
    text = xmalloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, text + got, (size_t)st.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, "could not read key file %s: %s", path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    text[got] = '\0';
    if (strlen(text) != got) {
        snprintf(err, errlen, "key file %s: holds a NUL byte", path);
        goto out;
    }
    if (crypt_keys_parse(text, out, inner, sizeof(inner)) != 0) {
        snprintf(err, errlen, "key file %s: %s", path, inner);
        goto out;
    }
    rc = 0;
out:
    if (text != NULL) {
        OPENSSL_cleanse(text, (size_t)st.st_size + 1);
        free(text);
    }
    close(fd);
    return rc;
}

void crypt_keys_free(struct crypt_keys *k)
{
    if (k == NULL)
        return;
    EVP_CIPHER_free(k->gcm);
    for (int i = 0; i < CRYPT_HMAC_PURPOSES; i++)
        EVP_MAC_CTX_free(k->mac[i]);
    OPENSSL_cleanse(k, sizeof(*k));
    free(k);
}

unsigned crypt_keys_current(const struct crypt_keys *k)
{
    return k->current;
}

int crypt_keys_has(const struct crypt_keys *k, unsigned id)
{
    return find_key(k, id) != NULL;
}

int crypt_encrypt(const struct crypt_keys *k, const char *column, const char *value, size_t len,
                  char **out)
{
    *out = NULL;
    if (len > CRYPT_VALUE_MAX)
        return CRYPT_ETOOLONG;
    const struct crypt_key *key = find_key(k, k->current);
    char aad[COLUMN_MAX + 32];
    int aadlen = make_aad(aad, sizeof(aad), column, key->id);
    if (aadlen < 0)
        return CRYPT_ETOOLONG;
    size_t blen = CRYPT_NONCE_LEN + len + CRYPT_TAG_LEN;
    unsigned char *buf = xmalloc(blen);
    unsigned char *nonce = buf, *ct = buf + CRYPT_NONCE_LEN, *tag = ct + len;
    int rc = CRYPT_EOPENSSL;
    int n;
    struct thread_state *t = thread_state(k);
    EVP_CIPHER_CTX *ctx;
    /* A random 96-bit nonce per value: safe for far more values than one key will ever
     * encrypt here (NIST SP 800-38D's 2^32 per key), and nothing to keep in step. */
    if (next_nonce(t, nonce) != 0)
        goto out;
    if ((ctx = cipher(k, t, 1, key, nonce)) == NULL ||
        EVP_EncryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, aadlen) != 1 ||
        EVP_EncryptUpdate(ctx, ct, &n, (const unsigned char *)value, (int)len) != 1 ||
        EVP_EncryptFinal_ex(ctx, ct + n, &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, CRYPT_TAG_LEN, tag) != 1) {
        cipher_drop(t, 1);
        goto out;
    }
    char prefix[8];
    int plen = snprintf(prefix, sizeof(prefix), "%u:", key->id);
    char *text = xmalloc((size_t)plen + (blen + 2) / 3 * 4 + 1);
    memcpy(text, prefix, (size_t)plen);
    b64_encode(buf, blen, text + plen);
    *out = text;
    rc = 0;
out:
    free(buf);
    return rc;
}

int crypt_key_id(const char *text)
{
    const char *colon = strchr(text, ':');
    unsigned id;
    if (colon == NULL || parse_id(text, (size_t)(colon - text), &id) != 0)
        return CRYPT_EFORMAT;
    return (int)id;
}

int crypt_decrypt(const struct crypt_keys *k, const char *column, const char *text, char **value,
                  size_t *len)
{
    *value = NULL;
    int id = crypt_key_id(text);
    if (id < 0)
        return CRYPT_EFORMAT;
    const char *b64 = strchr(text, ':') + 1;
    size_t b64len = strlen(b64);
    size_t cap = CRYPT_NONCE_LEN + CRYPT_VALUE_MAX + CRYPT_TAG_LEN;
    if (b64len > (cap + 2) / 3 * 4)
        return CRYPT_EFORMAT;
    unsigned char *buf = xmalloc(cap);
    char *plain = NULL;
    int rc = CRYPT_EFORMAT;
    long blen = b64_decode(b64, b64len, buf, cap);
    if (blen < CRYPT_NONCE_LEN + CRYPT_TAG_LEN)
        goto out;
    const struct crypt_key *key = find_key(k, (unsigned)id);
    if (key == NULL) {
        rc = CRYPT_ENOKEY;
        goto out;
    }
    char aad[COLUMN_MAX + 32];
    int aadlen = make_aad(aad, sizeof(aad), column, key->id);
    if (aadlen < 0) {
        rc = CRYPT_EAUTH;
        goto out;
    }
    size_t clen = (size_t)blen - CRYPT_NONCE_LEN - CRYPT_TAG_LEN;
    unsigned char *nonce = buf, *ct = buf + CRYPT_NONCE_LEN, *tag = ct + clen;
    plain = xmalloc(clen + 1);
    int n, fin;
    rc = CRYPT_EOPENSSL;
    struct thread_state *t = thread_state(k);
    EVP_CIPHER_CTX *ctx = cipher(k, t, 0, key, nonce);
    if (ctx == NULL || EVP_DecryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, aadlen) != 1 ||
        EVP_DecryptUpdate(ctx, (unsigned char *)plain, &n, ct, (int)clen) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, CRYPT_TAG_LEN, tag) != 1) {
        cipher_drop(t, 0);
        goto out;
    }
    /* The tag is checked here; until it is, the bytes in plain are not to be trusted. */
    if (EVP_DecryptFinal_ex(ctx, (unsigned char *)plain + n, &fin) != 1) {
        cipher_drop(t, 0);
        rc = CRYPT_EAUTH;
        goto out;
    }
    plain[clen] = '\0';
    if (len != NULL)
        *len = clen;
    *value = plain;
    plain = NULL;
    rc = 0;
out:
    if (plain != NULL) {
        OPENSSL_cleanse(plain, (size_t)blen - CRYPT_NONCE_LEN - CRYPT_TAG_LEN + 1);
        free(plain);
    }
    free(buf);
    return rc;
}

void crypt_hmac(const struct crypt_keys *k, enum crypt_purpose purpose, const char *value,
                size_t len, char out[CRYPT_HMAC_TEXT_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    size_t mdlen = 0;
    /* HMAC over a keyed state and a short value fails only when memory does. The thread's
     * copy of the keyed state starts again from the key (init without one). */
    struct thread_state *t = thread_state(k);
    if (t->mac[purpose] == NULL && (t->mac[purpose] = EVP_MAC_CTX_dup(k->mac[purpose])) == NULL)
        abort();
    EVP_MAC_CTX *c = t->mac[purpose];
    if (EVP_MAC_init(c, NULL, 0, NULL) != 1 ||
        EVP_MAC_update(c, (const unsigned char *)value, len) != 1 ||
        EVP_MAC_final(c, md, &mdlen, sizeof(md)) != 1)
        abort();
    b64_encode(md, mdlen, out);
}

int crypt_new_key_text(char out[CRYPT_KEY_TEXT_LEN + 1])
{
    unsigned char key[CRYPT_KEY_LEN];
    if (RAND_bytes(key, sizeof(key)) != 1)
        return CRYPT_EOPENSSL;
    b64_encode(key, sizeof(key), out);
    OPENSSL_cleanse(key, sizeof(key));
    return 0;
}

const char *crypt_strerror(int rc)
{
    switch (rc) {
    case 0:
        return "success";
    case CRYPT_EFORMAT:
        return "not a ciphertext";
    case CRYPT_ENOKEY:
        return "its key is not in the key file";
    case CRYPT_EAUTH:
        return "does not authenticate (altered, or of another column)";
    case CRYPT_ETOOLONG:
        return "value too long";
    case CRYPT_EOPENSSL:
        return "openssl failed";
    }
    return "unknown error";
}
