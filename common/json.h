/* json.h -- JSON string literals (RFC 8259 §7): the one escaper the CLI's --json output and the
 * server's JSONL exports share. */
#ifndef ZHUCUN_JSON_H
#define ZHUCUN_JSON_H

#include <stddef.h>

/* Room json_quote needs at most for len bytes of text. */
#define JSON_QUOTED_MAX(len) (6 * (len) + 2)

/* Writes s (len bytes of UTF-8) as a JSON string, quotes included, into out (at least
 * JSON_QUOTED_MAX(len) bytes); returns the bytes written (no NUL). */
size_t json_quote(char *out, const char *s, size_t len);

#endif
