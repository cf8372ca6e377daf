/* pbcheck.h -- checks every string of a protobuf message, however deep, as it came on the
 * wire: valid UTF-8 (protobuf-c does not check) and no U+0000 (protobuf-c hands a string over
 * NUL-terminated, so "user\0junk" would reach a handler as "user"). No handler or database
 * sees a malformed or silently truncated string. */
#ifndef ZHUCUN_PBCHECK_H
#define ZHUCUN_PBCHECK_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "common/utf8.h"

/* Messages nested deeper than this are refused (none of ours nests half as deep). */
#define PBCHECK_MAX_DEPTH 16

enum {
    PBCHECK_OK = 0,
    PBCHECK_EUTF8 = -1,  /* a string is not valid UTF-8 */
    PBCHECK_ENUL = -2,   /* a string holds U+0000 */
    PBCHECK_EDEPTH = -3, /* messages nested deeper than PBCHECK_MAX_DEPTH */
    PBCHECK_EWIRE = -4,  /* the bytes are not a well-formed message */
};

/* Checks every string field in the len bytes at data, a message of type d as packed on the
 * wire, and in the messages it holds, however deep; unknown fields are skipped. protobuf-c
 * records no string's length, so only the packed bytes show a NUL inside one: call this on
 * the bytes a message was unpacked from.
 *
 * Returns PBCHECK_OK, or the first fault (in wire order) with its field's path in path (len
 * bytes, cut to fit; e.g. "household_create.household.members[1].name", a repeated field's
 * index counted as protobuf-c counts it) and, for PBCHECK_EUTF8 and PBCHECK_ENUL, where in
 * the string its first bad byte is (*where, when not NULL). The first bad byte is the earlier
 * of the first byte that is not UTF-8 and the first NUL. */
int pbcheck_wire(const ProtobufCMessageDescriptor *d, const uint8_t *data, size_t len, char *path,
                 size_t pathlen, struct utf8_where *where);

/* What a PBCHECK_ code means, in English, for logs. */
const char *pbcheck_strerror(int rc);

#endif
