/* fuzz_pbjson.c -- libFuzzer target: pbjson (common/pbjson.c), the writer of the CLI's --json,
 * on every kind of Reply the server can send.
 *
 * The input is unpacked as a Zhucun__Reply (as the client library does, with protobuf-c's
 * own allocator) and printed with pbjson_print to a memory stream, as `zhucun --json` prints
 * it. What must hold: one line, which is one well-formed JSON object, and pbjson_string
 * writes the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/pbjson.h"
#include "envelope.pb-c.h"
#include "jsonread.h"

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Zhucun__Reply *reply = zhucun__reply__unpack(NULL, size, data);
    if (reply == NULL)
        return 0;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    check(f != NULL);
    check(pbjson_print(f, &reply->base) == 0);
    check(fclose(f) == 0);
    check(len >= 3 && buf[0] == '{' && buf[len - 1] == '\n');
    check(memchr(buf, '\n', len) == buf + len - 1);
    check(jsonread_valid(buf, len - 1));

    size_t slen = 0;
    char *s = pbjson_string(&reply->base, &slen);
    check(s != NULL && slen == len - 1 && memcmp(s, buf, slen) == 0 && s[slen] == '\0');
    free(s);
    free(buf);
    zhucun__reply__free_unpacked(reply, NULL);
    return 0;
}
