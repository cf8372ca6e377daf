/* fuzz_json.c -- libFuzzer target: json_quote (common/json.c), the escaper of the CLI's --json
 * and the server's JSONL exports.
 *
 * The input is the text to quote. What must hold: the output fits JSON_QUOTED_MAX (the
 * buffer is exactly that size, so AddressSanitizer sees one byte too many), it is one JSON
 * string that reads back as the input byte for byte, and valid UTF-8 in stays valid UTF-8
 * out. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/utf8.h"
#include "jsonread.h"

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t max = JSON_QUOTED_MAX(size);
    char *out = malloc(max);
    check(out != NULL);
    size_t n = json_quote(out, s, size);
    check(n >= 2 && n <= max);

    char *back = malloc(n);
    check(back != NULL);
    size_t blen = 0;
    const char *end = jsonread_string(out, out + n, back, &blen);
    check(end == out + n);
    check(blen == size && memcmp(back, s, size) == 0);
    if (utf8_check(s, size, NULL))
        check(utf8_check(out, n, NULL));
    free(back);
    free(out);
    return 0;
}
