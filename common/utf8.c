/* utf8.c -- UTF-8 decoding for validation, with the line and column of a bad byte. */
#include "common/utf8.h"

int utf8_seq_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    int extra;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0) {
        extra = 1;
        cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        extra = 2;
        cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        extra = 3;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if ((size_t)extra >= n)
        return 0;
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    /* Reject overlong forms, surrogates and values past U+10FFFF. */
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return extra + 1;
}

int utf8_check(const char *text, size_t len, struct utf8_where *where)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, line_start = 0;
    int line = 1, column = 1;
    while (i < len) {
        int n = utf8_seq_len(s + i, len - i);
        if (n == 0) {
            if (where != NULL) {
                where->offset = i;
                where->line = line;
                where->column = column;
                where->byte_column = i - line_start + 1;
            }
            return 0;
        }
        if (s[i] == '\n') {
            line++;
            column = 1;
            line_start = i + 1;
        } else {
            column++;
        }
        i += (size_t)n;
    }
    return 1;
}
