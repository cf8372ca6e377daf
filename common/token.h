/* token.h -- session tokens: 256 random bits shown as 64 hex digits; only a hash is stored. */
#ifndef ZHUCUN_TOKEN_H
#define ZHUCUN_TOKEN_H

#include <stdint.h>

#define TOKEN_BYTES   32
#define TOKEN_HEX_LEN (2 * TOKEN_BYTES)

/* Fills hex (TOKEN_HEX_LEN + 1 bytes) with a fresh token from RAND_bytes. Returns 0, or -1
 * when the random generator fails (the caller must not fall back to anything weaker). */
int token_new(char hex[TOKEN_HEX_LEN + 1]);

/* SHA-256 of the token's 32 raw bytes. Returns 0, or -1 when hex is not exactly 64 hex
 * digits. */
int token_hash(const char *hex, uint8_t out[32]);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void token_to_hex(const uint8_t *in, unsigned n, char *out);

#endif
