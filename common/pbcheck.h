/* pbcheck.h -- checks every string of a decoded protobuf message, however deep, for valid
 * UTF-8 (protobuf-c does not), so no handler or database sees a malformed string. */
#ifndef ZHUCUN_PBCHECK_H
#define ZHUCUN_PBCHECK_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "common/utf8.h"

/* Returns 1 when every string field of m is valid UTF-8; otherwise 0, with the first bad
 * field's path ("household.members[1].name") in path (len bytes). */
int pbcheck_utf8(const ProtobufCMessage *m, char *path, size_t len);
/* pbcheck_utf8, and where in the bad string its first bad byte is (utf8.h). */
int pbcheck_utf8_at(const ProtobufCMessage *m, char *path, size_t len, struct utf8_where *where);

#endif
