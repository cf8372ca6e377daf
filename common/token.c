/* token.c -- random session tokens and their SHA-256 digests. */
#include "common/token.h"

#include <string.h>

#include <openssl/rand.h>
#include <openssl/sha.h>

void token_to_hex(const uint8_t *in, unsigned n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int token_new(char hex[TOKEN_HEX_LEN + 1])
{
    uint8_t raw[TOKEN_BYTES];
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        return -1;
    token_to_hex(raw, TOKEN_BYTES, hex);
    OPENSSL_cleanse(raw, sizeof(raw));
    return 0;
}

static int nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int token_hash(const char *hex, uint8_t out[32])
{
    uint8_t raw[TOKEN_BYTES];
    if (hex == NULL || strlen(hex) != TOKEN_HEX_LEN)
        return -1;
    for (unsigned i = 0; i < TOKEN_BYTES; i++) {
        int hi = nibble(hex[2 * i]);
        int lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        raw[i] = (uint8_t)(hi << 4 | lo);
    }
    SHA256(raw, sizeof(raw), out);
    OPENSSL_cleanse(raw, sizeof(raw));
    return 0;
}
