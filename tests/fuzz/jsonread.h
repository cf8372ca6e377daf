/* jsonread.h -- a small strict JSON reader (RFC 8259) for the fuzz targets' invariants: what
 * json_quote writes reads back as the bytes it quoted, and what pbjson writes is one
 * well-formed object. Header-only (static inline): each target that includes it gets its own copy.
 */
#ifndef ZHUCUN_FUZZ_JSONREAD_H
#define ZHUCUN_FUZZ_JSONREAD_H

#include <stddef.h>

#define JSONREAD_MAX_DEPTH 64

static inline const char *jsonread_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static inline int jsonread_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads the string at p (its opening quote); returns the byte after its closing quote, or
 * NULL when it is not a JSON string. When out is not NULL the decoded bytes go there (room
 * for as many bytes as the literal has) and their number to *outlen. A \uXXXX escape is
 * decoded as UTF-8; surrogates are taken one by one (pbjson never writes them). */
static inline const char *jsonread_string(const char *p, const char *end, char *out, size_t *outlen)
{
    size_t n = 0;
    if (p >= end || *p != '"')
        return NULL;
    for (p++; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            if (outlen != NULL)
                *outlen = n;
            return p + 1;
        }
        if (c < 0x20)
            return NULL;
        if (c != '\\') {
            if (out != NULL)
                out[n] = (char)c;
            n++;
            continue;
        }
        if (++p >= end)
            return NULL;
        char e = *p;
        unsigned v = 0;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            v = (unsigned char)e;
            break;
        case 'b':
            v = '\b';
            break;
        case 'f':
            v = '\f';
            break;
        case 'n':
            v = '\n';
            break;
        case 'r':
            v = '\r';
            break;
        case 't':
            v = '\t';
            break;
        case 'u':
            if (end - p < 5)
                return NULL;
            for (int i = 1; i <= 4; i++) {
                int h = jsonread_hex(p[i]);
                if (h < 0)
                    return NULL;
                v = v << 4 | (unsigned)h;
            }
            p += 4;
            break;
        default:
            return NULL;
        }
        char u[3];
        size_t k = 0;
        if (v < 0x80) {
            u[k++] = (char)v;
        } else if (v < 0x800) {
            u[k++] = (char)(0xc0 | v >> 6);
            u[k++] = (char)(0x80 | (v & 0x3f));
        } else {
            u[k++] = (char)(0xe0 | v >> 12);
            u[k++] = (char)(0x80 | (v >> 6 & 0x3f));
            u[k++] = (char)(0x80 | (v & 0x3f));
        }
        for (size_t i = 0; i < k; i++) {
            if (out != NULL)
                out[n] = u[i];
            n++;
        }
    }
    return NULL;
}

static inline const char *jsonread_digits(const char *p, const char *end)
{
    const char *start = p;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    return p > start ? p : NULL;
}

static inline const char *jsonread_number(const char *p, const char *end)
{
    if (p < end && *p == '-')
        p++;
    if (p < end && *p == '0')
        p++;
    else if ((p = jsonread_digits(p, end)) == NULL)
        return NULL;
    if (p < end && *p == '.' && (p = jsonread_digits(p + 1, end)) == NULL)
        return NULL;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if ((p = jsonread_digits(p, end)) == NULL)
            return NULL;
    }
    return p;
}

static inline const char *jsonread_word(const char *p, const char *end, const char *w)
{
    for (; *w != '\0'; w++, p++)
        if (p >= end || *p != *w)
            return NULL;
    return p;
}

/* Reads one value at p (after white space); returns the byte after it, or NULL. */
static inline const char *jsonread_value(const char *p, const char *end, int depth)
{
    p = jsonread_ws(p, end);
    if (p >= end || depth > JSONREAD_MAX_DEPTH)
        return NULL;
    switch (*p) {
    case '"':
        return jsonread_string(p, end, NULL, NULL);
    case 't':
        return jsonread_word(p, end, "true");
    case 'f':
        return jsonread_word(p, end, "false");
    case 'n':
        return jsonread_word(p, end, "null");
    case '[':
    case '{': {
        char close = *p == '[' ? ']' : '}';
        int object = *p == '{';
        p = jsonread_ws(p + 1, end);
        if (p < end && *p == close)
            return p + 1;
        for (;;) {
            if (object) {
                p = jsonread_string(jsonread_ws(p, end), end, NULL, NULL);
                if (p == NULL)
                    return NULL;
                p = jsonread_ws(p, end);
                if (p >= end || *p != ':')
                    return NULL;
                p++;
            }
            p = jsonread_value(p, end, depth + 1);
            if (p == NULL)
                return NULL;
            p = jsonread_ws(p, end);
            if (p < end && *p == ',') {
                p++;
                continue;
            }
            return p < end && *p == close ? p + 1 : NULL;
        }
    }
    default:
        return jsonread_number(p, end);
    }
}

/* 1 when the len bytes at s are exactly one JSON value (white space around it allowed). */
static inline int jsonread_valid(const char *s, size_t len)
{
    const char *p = jsonread_value(s, s + len, 0);
    return p != NULL && jsonread_ws(p, s + len) == s + len;
}

#endif
