/* pbcheck.c -- walks the packed bytes of a message by its descriptor and checks each string.
 *
 * Why the packed bytes and not the decoded message: protobuf-c copies a string of n bytes
 * into n + 1 bytes, puts a NUL after them and keeps no length, so in the decoded message
 * "a\0b" and "a" look the same, and the bytes after an inner NUL are never seen (nor checked
 * as UTF-8) by anyone who reads the string with strlen. */
#include "common/pbcheck.h"

#include <stdio.h>
#include <string.h>

/* One step of the path to a bad string: a field and, when repeated, which of its values. */
struct step {
    const ProtobufCFieldDescriptor *f;
    size_t index;
};

/* What a walk found: the steps from the top message to the fault (depth of them), and where
 * in the string the bad byte is. */
struct walk {
    struct step steps[PBCHECK_MAX_DEPTH + 1];
    int depth;
    struct utf8_where where;
};

/* One field as it is on the wire: its tag starts at start; for a length-prefixed field, value
 * and len are its bytes without the prefix. */
struct field {
    const uint8_t *start;
    uint32_t number;
    unsigned wire;
    const uint8_t *value;
    size_t len;
};

/* Reads a varint at *p (before end) into *out; returns 0, or -1 when it is cut short or longer
 * than the 10 bytes a 64-bit value takes. */
static int varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

/* Reads the field at *p and moves *p past it; returns 0, or -1 when the bytes are not a
 * field protobuf-c would read (groups included: it does not support them). */
static int next_field(const uint8_t **p, const uint8_t *end, struct field *out)
{
    uint64_t tag, n;
    out->start = *p;
    if (varint(p, end, &tag) != 0 || tag >> 3 == 0 || tag >> 3 > UINT32_MAX)
        return -1;
    out->number = (uint32_t)(tag >> 3);
    out->wire = (unsigned)(tag & 7);
    switch (out->wire) {
    case PROTOBUF_C_WIRE_TYPE_VARINT:
        if (varint(p, end, &n) != 0)
            return -1;
        break;
    case PROTOBUF_C_WIRE_TYPE_64BIT:
        if (end - *p < 8)
            return -1;
        *p += 8;
        break;
    case PROTOBUF_C_WIRE_TYPE_32BIT:
        if (end - *p < 4)
            return -1;
        *p += 4;
        break;
    case PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED:
        if (varint(p, end, &n) != 0 || n > (uint64_t)(end - *p))
            return -1;
        out->value = *p;
        out->len = (size_t)n;
        *p += n;
        break;
    default:
        return -1;
    }
    return 0;
}

/* Which value of the repeated field number the one whose tag is at at is: protobuf-c appends
 * each occurrence, so the count of those before it. Only called once a fault is found. */
static size_t index_of(const uint8_t *data, const uint8_t *end, const uint8_t *at, uint32_t number)
{
    size_t n = 0;
    const uint8_t *p = data;
    struct field fl;
    while (p < at && next_field(&p, end, &fl) == 0)
        if (fl.number == number && fl.wire == PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED)
            n++;
    return n;
}

/* Places offset off of the valid UTF-8 text s as utf8_check places a bad byte: lines end with
 * '\n', the column counts characters (bytes that do not continue one), both from 1. */
static void place(const uint8_t *s, size_t off, struct utf8_where *where)
{
    size_t line_start = 0;
    where->line = 1;
    where->column = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            where->line++;
            where->column = 1;
            line_start = i + 1;
        } else if ((s[i] & 0xc0) != 0x80) {
            where->column++;
        }
    }
    where->offset = off;
    where->byte_column = off - line_start + 1;
}

/* Checks the n bytes of one string; on a fault, *where is its first bad byte. */
static int check_string(const uint8_t *s, size_t n, struct utf8_where *where)
{
    struct utf8_where bad;
    int valid = utf8_check((const char *)s, n, &bad);
    /* A NUL is valid UTF-8, so it can only come before the first invalid byte. */
    const uint8_t *nul = memchr(s, '\0', valid ? n : bad.offset);
    if (nul != NULL) {
        place(s, (size_t)(nul - s), where);
        return PBCHECK_ENUL;
    }
    if (!valid) {
        *where = bad;
        return PBCHECK_EUTF8;
    }
    return PBCHECK_OK;
}

/* Checks the message of type d in the len bytes at data, at depth (the top one is 0): on a
 * fault, fills w->steps from this depth down and returns the fault. */
static int check_message(const ProtobufCMessageDescriptor *d, const uint8_t *data, size_t len,
                         int depth, struct walk *w)
{
    if (depth > PBCHECK_MAX_DEPTH) {
        w->depth = depth;
        return PBCHECK_EDEPTH;
    }
    const uint8_t *p = data, *end = data + len;
    while (p < end) {
        struct field fl;
        if (next_field(&p, end, &fl) != 0) {
            w->depth = depth;
            return PBCHECK_EWIRE;
        }
        if (fl.wire != PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED)
            continue;
        /* Unknown fields reach no handler; fields of other types (bytes, packed numbers)
         * hold no text. */
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(d, fl.number);
        int rc = PBCHECK_OK;
        if (f != NULL && f->type == PROTOBUF_C_TYPE_STRING) {
            rc = check_string(fl.value, fl.len, &w->where);
            if (rc != PBCHECK_OK)
                w->depth = depth + 1;
        } else if (f != NULL && f->type == PROTOBUF_C_TYPE_MESSAGE) {
            rc = check_message(f->descriptor, fl.value, fl.len, depth + 1, w);
        }
        if (rc != PBCHECK_OK) {
            w->steps[depth].f = f;
            w->steps[depth].index = f->label == PROTOBUF_C_LABEL_REPEATED
                                        ? index_of(data, end, fl.start, fl.number)
                                        : (size_t)-1;
            return rc;
        }
    }
    return PBCHECK_OK;
}

/* Writes the steps as "a.b[1].c" into path (len > 0 bytes), cut to fit. */
static void write_path(const struct walk *w, char *path, size_t len)
{
    size_t used = 0;
    path[0] = '\0';
    for (int i = 0; i < w->depth && used + 1 < len; i++) {
        const struct step *s = &w->steps[i];
        int n = s->index == (size_t)-1
                    ? snprintf(path + used, len - used, "%s%s", i ? "." : "", s->f->name)
                    : snprintf(path + used, len - used, "%s%s[%zu]", i ? "." : "", s->f->name,
                               s->index);
        if (n < 0)
            break;
        used = used + (size_t)n < len ? used + (size_t)n : len - 1;
    }
}

int pbcheck_wire(const ProtobufCMessageDescriptor *d, const uint8_t *data, size_t len, char *path,
                 size_t pathlen, struct utf8_where *where)
{
    struct walk w;
    memset(&w, 0, sizeof(w));
    int rc = check_message(d, data, len, 0, &w);
    if (pathlen > 0)
        write_path(&w, path, pathlen);
    if (rc != PBCHECK_OK && where != NULL)
        *where = w.where;
    return rc;
}

const char *pbcheck_strerror(int rc)
{
    switch (rc) {
    case PBCHECK_OK:
        return "ok";
    case PBCHECK_EUTF8:
        return "string not valid UTF-8";
    case PBCHECK_ENUL:
        return "string holds U+0000";
    case PBCHECK_EDEPTH:
        return "messages nested too deep";
    case PBCHECK_EWIRE:
        return "malformed message";
    }
    return "unknown pbcheck error";
}
