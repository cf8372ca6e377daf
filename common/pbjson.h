/* pbjson.h -- any protobuf-c message as JSON, driven by its descriptor: the one writer of the
 * CLI's --json (docs/json.md has the conventions a .proto follows for it to print right). */
#ifndef ZHUCUN_PBJSON_H
#define ZHUCUN_PBJSON_H

#include <stddef.h>
#include <stdio.h>

#include <protobuf-c/protobuf-c.h>

/* Writes msg as one compact JSON object (no white space, no newline) into a fresh
 * NUL-terminated string (free it); *len, when not NULL, gets its length. msg NULL (a reply
 * without a body) is "{}".
 *
 * What it writes, field by field in tag order (docs/json.md):
 * - names exactly as in the .proto;
 * - every field without presence (a proto3 scalar, string or bytes), default or not;
 *   a field with presence (a message, `optional`) only when set; of a oneof, the member set;
 * - repeated fields as arrays ([] when empty);
 * - 32- and 64-bit integers as JSON numbers; bool as true/false; enums by their name (the
 *   number when the value has no name); float and double in the shortest text that reads back
 *   as the same number, NaN and infinities as null;
 * - strings through json_quote (UTF-8 as it is, control characters as \u00XX);
 * - bytes in base64 (RFC 4648 section 4, with padding);
 * - instants: a field named `at` or ending in `_at` (and the older names listed in pbjson.c)
 *   as RFC 3339 in Beijing time, "2026-12-07T05:24:04+08:00" (common/rules/instant.c): a
 *   string (the wire's RFC 3339 in UTC) is restyled, an integer is Unix seconds; "" and 0
 *   (none) are "". An integer outside the years 1 to 9999 is written as the number. */
char *pbjson_string(const ProtobufCMessage *msg, size_t *len);

/* pbjson_string followed by a newline, on f: one line of JSON Lines. Returns 0, or -1 when
 * writing failed. */
int pbjson_print(FILE *f, const ProtobufCMessage *msg);

#endif
