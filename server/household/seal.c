/* household/seal.c -- ID numbers and phones sealed for storage: ciphertext, keyed hash, masked
 * form (docs/encryption.md). */
#include "server/household/seal.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

/* Longer than any stored phone (20 bytes): a longer search term, cut here, still matches none. */
#define PHONE_CANON_MAX 64

int seal_id_number(const struct crypt_keys *k, const char *id_number, struct seal *out)
{
    memset(out, 0, sizeof(*out));
    /* Masked by the one rule, when it is written: a masked role is then served from this
     * column and the server never decrypts for it. */
    rules_idcard_mask(id_number, out->masked);
    size_t n = strlen(id_number);
    int rc = crypt_encrypt(k, SEAL_MEMBER_ID_NUMBER, id_number, n, &out->enc);
    if (rc != 0) {
        seal_clear(out);
        return rc;
    }
    seal_id_number_hmac(k, id_number, out->hmac);
    return 0;
}

void seal_id_number_hmac(const struct crypt_keys *k, const char *id_number,
                         char out[CRYPT_HMAC_TEXT_LEN + 1])
{
    /* The rules accept only an upper-case X: the number is already in its canonical form. */
    crypt_hmac(k, CRYPT_HMAC_ID_NUMBER, id_number, strlen(id_number), out);
}

void seal_phone_hmac(const struct crypt_keys *k, const char *phone,
                     char out[CRYPT_HMAC_TEXT_LEN + 1])
{
    /* "138 0000-0001" and "13800000001" are one phone: hash the digits and the '+'. */
    char canon[PHONE_CANON_MAX];
    size_t n = 0;
    for (const char *p = phone; *p != '\0' && n < sizeof(canon) - 1; p++)
        if (*p != ' ' && *p != '-')
            canon[n++] = *p;
    crypt_hmac(k, CRYPT_HMAC_PHONE, canon, n, out);
}

int seal_phone(const struct crypt_keys *k, const char *column, const char *phone, struct seal *out)
{
    memset(out, 0, sizeof(*out));
    if (phone[0] == '\0') {
        out->enc = xstrdup("");
        return 0; /* '' and '': no phone */
    }
    int rc = crypt_encrypt(k, column, phone, strlen(phone), &out->enc);
    if (rc != 0) {
        seal_clear(out);
        return rc;
    }
    seal_phone_hmac(k, phone, out->hmac);
    return 0;
}

void seal_clear(struct seal *s)
{
    free(s->enc);
    memset(s, 0, sizeof(*s));
}
