/* pbcheck.h -- checks every string of a decoded protobuf message, however deep, for valid
 * UTF-8 (protobuf-c does not), so no handler or database sees a malformed string. */
#ifndef ZHUCUN_PBCHECK_H
#define ZHUCUN_PBCHECK_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

/* Returns 1 when every string field of m is valid UTF-8; otherwise 0, with the first bad
 * field's path ("household.members[1].name") in path (len bytes). */
int pbcheck_utf8(const ProtobufCMessage *m, char *path, size_t len);

#endif
