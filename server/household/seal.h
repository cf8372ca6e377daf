/* household/seal.h -- the stored forms of personal fields (docs/encryption.md): an ID number
 * becomes a ciphertext, a keyed hash and the masked form; a phone a ciphertext and a keyed
 * hash. The household handlers, the import, the people handlers, `zhucun-server rekey` and the
 * demo generator seal alike through here, so that the column names (part of each
 * ciphertext's authenticated data) and the canonical forms that are hashed live in one place.
 *
 * The keys are the server's ([data] key_file, required by serve, demo and rekey): every
 * function here takes them non-NULL. */
#ifndef ZHUCUN_HOUSEHOLD_SEAL_H
#define ZHUCUN_HOUSEHOLD_SEAL_H

#include "common/crypt.h"
#include "common/rules/idcard.h"

/* The columns as the ciphertexts name them: the clear columns they replaced (0024, 0025), so
 * that a ciphertext written before the clear columns went still decrypts. */
#define SEAL_MEMBER_ID_NUMBER "household_members.id_number"
#define SEAL_MEMBER_PHONE     "household_members.phone"
#define SEAL_HOUSEHOLD_PHONE  "households.phone"
#define SEAL_PERSON_PHONE     "persons.phone"

/* One value sealed: enc is fresh (free it with seal_clear). An empty phone is stored as '' in
 * both enc and hmac, not encrypted (having no phone is not worth hiding, and "has a phone"
 * stays a plain SQL test). */
struct seal {
    char *enc;
    char hmac[CRYPT_HMAC_TEXT_LEN + 1];
    char masked[IDCARD_LEN + 1]; /* ID numbers only */
};

/* Seals a well-formed ID number (checked by the rules before). 0, or a crypt_error (out is
 * cleared then). */
int seal_id_number(const struct crypt_keys *k, const char *id_number, struct seal *out);
/* The stored hash's value for a well-formed ID number (a search by the number). */
void seal_id_number_hmac(const struct crypt_keys *k, const char *id_number,
                         char out[CRYPT_HMAC_TEXT_LEN + 1]);
/* Seals a phone (rules_hh_phone_ok, rules_person_phone_ok) for column (SEAL_MEMBER_PHONE,
 * SEAL_HOUSEHOLD_PHONE, SEAL_PERSON_PHONE). The hash is of the canonical form: spaces and
 * hyphens removed. 0, or a crypt_error. */
int seal_phone(const struct crypt_keys *k, const char *column, const char *phone, struct seal *out);
/* The stored hash's value for a phone typed in a search: the same canonical form. */
void seal_phone_hmac(const struct crypt_keys *k, const char *phone,
                     char out[CRYPT_HMAC_TEXT_LEN + 1]);
/* Frees enc and wipes the rest. */
void seal_clear(struct seal *s);

#endif
