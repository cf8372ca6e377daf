/* crypt.h -- personal data encrypted at rest: AES-256-GCM under keys from a key file outside
 * the database, and keyed hashes (HMAC-SHA-256) for uniqueness and look-up (docs/encryption.md).
 *
 * The key file holds lines "ID BASE64" (an encryption key: ID 1-65535, 32 bytes) and one line
 * "hmac BASE64" (the hash key, 32 bytes); '#' starts a comment. The highest ID encrypts, or
 * the one a line "current ID" names; every ID present decrypts. A rotation adds a key (pinned
 * with "current" to the old one until every server holds the new file), unpins it, re-encrypts
 * the old rows (zhucun-server rekey) and only then removes the old key. The hash key does not
 * rotate with them: a value's hash must stay the same for its unique index and its look-ups to
 * work; changing it means recomputing every hash (docs/encryption.md).
 *
 * A ciphertext is text: "ID:BASE64(nonce[12] ciphertext tag[16])". The key ID and the column
 * it belongs to ("household_members.id_number") are authenticated with it, so a ciphertext
 * copied into another column, or relabelled with another key ID, fails to decrypt.
 *
 * A loaded key set is immutable: any thread may use it at once. */
#ifndef ZHUCUN_CRYPT_H
#define ZHUCUN_CRYPT_H

#include <stddef.h>

#define CRYPT_KEY_LEN    32
#define CRYPT_NONCE_LEN  12
#define CRYPT_TAG_LEN    16
#define CRYPT_KEY_ID_MAX 65535
#define CRYPT_KEYS_MAX   64
/* The largest value encrypted (bytes): ID numbers and phones are short; a cap keeps a
 * malformed ciphertext from asking for much memory. */
#define CRYPT_VALUE_MAX 4096
/* A key as it is written in the file: base64 of 32 bytes. */
#define CRYPT_KEY_TEXT_LEN 44
/* A hash as it is stored: base64 of the 32-byte HMAC-SHA-256. */
#define CRYPT_HMAC_TEXT_LEN 44

/* Errors: negative, named by crypt_strerror. */
enum crypt_error {
    CRYPT_EFORMAT = -1,  /* not a ciphertext of this format */
    CRYPT_ENOKEY = -2,   /* its key ID is not in the key file */
    CRYPT_EAUTH = -3,    /* does not authenticate: altered, or of another column */
    CRYPT_ETOOLONG = -4, /* a value longer than CRYPT_VALUE_MAX */
    CRYPT_EOPENSSL = -5, /* OpenSSL failed (out of memory, no random bytes) */
};

/* What a hash is for. Each purpose hashes with its own key, derived from the file's hash key
 * with HKDF-SHA-256, so equal values of different purposes do not share a hash. The same
 * purpose in several columns (phones of households, members and persons) does: a phone can be
 * looked up across them. New purposes are added at the end. */
enum crypt_purpose {
    CRYPT_HMAC_ID_NUMBER,
    CRYPT_HMAC_PHONE,
    CRYPT_HMAC_PURPOSES,
};

struct crypt_keys;

/* Loads the key file at path. Refused, with a message in err: a file that is not a regular
 * file, that the group or others may read, write or run (mode must be 0600 or 0400), a line
 * that is neither comment nor key, a key that is not 32 bytes of base64, an ID out of range or
 * given twice, no encryption key, no hmac line or two, two current lines or one naming a key
 * the file does not hold. Returns 0 and *out (free with crypt_keys_free), or -1. */
int crypt_keys_load(const char *path, struct crypt_keys **out, char *err, size_t errlen);
/* The same from text (for tests); no mode check. */
int crypt_keys_parse(const char *text, struct crypt_keys **out, char *err, size_t errlen);
/* Wipes the keys from memory and frees them. NULL is ignored. */
void crypt_keys_free(struct crypt_keys *k);

/* The ID of the key that encrypts: the one "current" names, else the highest. */
unsigned crypt_keys_current(const struct crypt_keys *k);
/* 1 when key ID id is in the set. */
int crypt_keys_has(const struct crypt_keys *k, unsigned id);

/* Encrypts len bytes of value for column under the current key. Returns 0 and *out, a fresh
 * NUL-terminated ciphertext the caller frees, or CRYPT_ETOOLONG or CRYPT_EOPENSSL. */
int crypt_encrypt(const struct crypt_keys *k, const char *column, const char *value, size_t len,
                  char **out);
/* Decrypts a ciphertext of column with whichever key its ID names. Returns 0 with *value (fresh,
 * NUL-terminated after its *len bytes; the caller frees it; len may be NULL), or CRYPT_EFORMAT,
 * CRYPT_ENOKEY, CRYPT_EAUTH or CRYPT_EOPENSSL; *value is NULL then. */
int crypt_decrypt(const struct crypt_keys *k, const char *column, const char *text, char **value,
                  size_t *len);
/* The key ID a ciphertext names, or CRYPT_EFORMAT. Needs no key (rekey finds old rows by it). */
int crypt_key_id(const char *text);

/* The hash of len bytes of value for purpose, as base64 (44 characters and a NUL). Callers
 * hash the value in the one form they look it up by (an ID number with upper-case X). */
void crypt_hmac(const struct crypt_keys *k, enum crypt_purpose purpose, const char *value,
                size_t len, char out[CRYPT_HMAC_TEXT_LEN + 1]);

/* A fresh random 32-byte key as base64, for a key file line. Returns 0 or CRYPT_EOPENSSL. */
int crypt_new_key_text(char out[CRYPT_KEY_TEXT_LEN + 1]);

/* A lower-case message for a crypt_error. */
const char *crypt_strerror(int rc);

#endif
