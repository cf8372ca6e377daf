/* password.c -- Argon2id hash, verify and re-hash decisions through libargon2. */
#include "common/password.h"

#include <argon2.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#define SALT_LEN 16
#define HASH_LEN 32

int password_hash(const struct password_params *p, const char *password, size_t len,
                  char phc[PASSWORD_PHC_MAX])
{
    uint8_t salt[SALT_LEN];
    if (p->memory_kib < 19456 || p->iterations < 2 || p->parallelism < 1)
        return -1;
    if (RAND_bytes(salt, sizeof(salt)) != 1)
        return -1;
    size_t need = argon2_encodedlen(p->iterations, p->memory_kib, p->parallelism, SALT_LEN,
                                    HASH_LEN, Argon2_id);
    if (need > PASSWORD_PHC_MAX)
        return -1;
    int rc = argon2id_hash_encoded(p->iterations, p->memory_kib, p->parallelism, password, len,
                                   salt, SALT_LEN, HASH_LEN, phc, PASSWORD_PHC_MAX);
    return rc == ARGON2_OK ? 0 : -1;
}

int password_verify(const char *phc, const char *password, size_t len)
{
    if (phc == NULL || strncmp(phc, "$argon2id$", 10) != 0)
        return 0;
    return argon2id_verify(phc, password, len) == ARGON2_OK;
}

int password_needs_rehash(const char *phc, const struct password_params *p)
{
    unsigned v, m, t, par;
    if (sscanf(phc, "$argon2id$v=%u$m=%u,t=%u,p=%u$", &v, &m, &t, &par) != 4)
        return 1;
    return v < ARGON2_VERSION_NUMBER || m < p->memory_kib || t < p->iterations ||
           par < p->parallelism;
}

int password_generate(char *out, size_t len)
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    const unsigned n = sizeof(alphabet) - 1; /* 31 */
    size_t i = 0;
    if (len == 0)
        return -1;
    while (i + 1 < len) {
        unsigned char b[16];
        if (RAND_bytes(b, sizeof(b)) != 1)
            return -1;
        /* Rejection sampling keeps every character equally likely. */
        for (size_t k = 0; k < sizeof(b) && i + 1 < len; k++)
            if (b[k] < 256 - 256 % n)
                out[i++] = alphabet[b[k] % n];
    }
    out[i] = '\0';
    return 0;
}
