/* utf8.h -- the one UTF-8 decoder (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF) behind every check of text, and where in a text the first bad byte is. */
#ifndef ZHUCUN_UTF8_H
#define ZHUCUN_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the valid sequence that starts at s (n bytes available), or 0 when
 * s does not start one (n == 0 included). */
int utf8_seq_len(const unsigned char *s, size_t n);

/* Where a byte is in a text, as an editor shows it: lines end with '\n' and count from 1;
 * the column counts characters from 1 (the bad byte is the character after the good ones
 * before it on its line); byte_column counts bytes from 1. */
struct utf8_where {
    size_t offset; /* from the start of the text */
    int line;
    int column;
    size_t byte_column;
};

/* 1 when the len bytes at text are valid UTF-8; 0 with *where (when not NULL) at the first
 * byte that is not. */
int utf8_check(const char *text, size_t len, struct utf8_where *where);

#endif
