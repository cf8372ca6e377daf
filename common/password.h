/* password.h -- Argon2id password hashing (libargon2), stored as PHC strings.
 *
 * These calls are slow on purpose (tens of milliseconds, tens of MiB): the server runs them on
 * the libuv thread pool, never on a loop thread. */
#ifndef ZHUCUN_PASSWORD_H
#define ZHUCUN_PASSWORD_H

#include <stddef.h>
#include <stdint.h>

struct password_params {
    uint32_t memory_kib;  /* at least 19456 (19 MiB) */
    uint32_t iterations;  /* at least 2 */
    uint32_t parallelism; /* at least 1 */
};

#define PASSWORD_PHC_MAX 160

/* Hashes password with a fresh 16-byte random salt into phc ("$argon2id$v=19$m=...").
 * Returns 0 or -1 (bad parameters, no randomness). */
int password_hash(const struct password_params *p, const char *password, size_t len,
                  char phc[PASSWORD_PHC_MAX]);

/* Returns 1 when password matches phc, 0 when it does not or phc is malformed. The
 * comparison is constant-time (libargon2 compares digests with a constant-time loop). */
int password_verify(const char *phc, const char *password, size_t len);

/* Returns 1 when phc was made with weaker parameters than p (or is not Argon2id), so the
 * server should re-hash the password at the next successful login. */
int password_needs_rehash(const char *phc, const struct password_params *p);

/* Fills out with len - 1 random characters from an alphabet without look-alikes
 * (no 0/o, 1/l/i) and a NUL: an initial password an office can read out by phone. Returns 0,
 * or -1 when the random generator fails. */
int password_generate(char *out, size_t len);

#endif
