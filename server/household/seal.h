/* household/seal.h -- the stored forms of a household's personal fields (docs/encryption.md):
 * an ID number becomes a ciphertext, a keyed hash and the masked form; a phone a ciphertext and
 * a keyed hash. The handlers, the import and the demo generator seal alike through here, so
 * that the column names (part of each ciphertext's authenticated data) and the canonical forms
 * that are hashed live in one place.
 *
 * Without keys (no [data] key_file) the ciphertexts and hashes are NULL: the row keeps its
 * clear columns alone and `zhucun-server rekey` fills the others later. The masked form needs
 * no key and is always made. */
#ifndef ZHUCUN_HOUSEHOLD_SEAL_H
#define ZHUCUN_HOUSEHOLD_SEAL_H

#include "common/crypt.h"
#include "common/rules/idcard.h"

/* The columns as the ciphertexts name them (the clear columns they replace). */
#define SEAL_MEMBER_ID_NUMBER "household_members.id_number"
#define SEAL_MEMBER_PHONE     "household_members.phone"
#define SEAL_HOUSEHOLD_PHONE  "households.phone"

/* One value sealed. enc is fresh (free it with seal_clear), NULL without keys; hmac is "" then.
 * An empty phone is stored as '' in both, not encrypted (having no phone is not worth hiding,
 * and "has a phone" stays a plain SQL test). */
struct seal {
    char *enc;
    char hmac[CRYPT_HMAC_TEXT_LEN + 1];
    char masked[IDCARD_LEN + 1]; /* ID numbers only */
};

/* Seals a well-formed ID number (checked by the rules before). 0, or a crypt_error (out is
 * cleared then). */
int seal_id_number(const struct crypt_keys *k, const char *id_number, struct seal *out);
/* Seals a phone (rules_hh_phone_ok) for column (SEAL_MEMBER_PHONE, SEAL_HOUSEHOLD_PHONE). The
 * hash is of the canonical form: spaces and hyphens removed. 0, or a crypt_error. */
int seal_phone(const struct crypt_keys *k, const char *column, const char *phone, struct seal *out);
/* The stored hash's value for a phone typed in a search: the same canonical form. */
void seal_phone_hmac(const struct crypt_keys *k, const char *phone,
                     char out[CRYPT_HMAC_TEXT_LEN + 1]);
/* Frees enc and wipes the rest. */
void seal_clear(struct seal *s);

/* SQL parameter text: the ciphertext, or NULL for "not sealed" (no keys). */
const char *seal_enc_param(const struct seal *s);
/* The hash, or NULL when not sealed. */
const char *seal_hmac_param(const struct seal *s);

#endif
