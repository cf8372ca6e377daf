/* pbcheck.c -- walks a message by its descriptor and checks its strings' UTF-8. */
#include "common/pbcheck.h"

#include <stdio.h>
#include <string.h>

#include "common/utf8.h"

#define MAX_DEPTH 16

static int check(const ProtobufCMessage *m, char *path, size_t len, size_t used, int depth,
                 struct utf8_where *where);

/* Checks one value of field f; used is the path length so far. */
static int check_value(const ProtobufCFieldDescriptor *f, const void *value, char *path, size_t len,
                       size_t used, int depth, struct utf8_where *where)
{
    if (f->type == PROTOBUF_C_TYPE_STRING) {
        const char *s = *(char *const *)value;
        return s == NULL || utf8_check(s, strlen(s), where);
    }
    if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)value;
        return sub == NULL || check(sub, path, len, used, depth + 1, where);
    }
    return 1;
}

static size_t append(char *path, size_t len, size_t used, const char *fmt, const char *name,
                     size_t index)
{
    int n = snprintf(path + used, used < len ? len - used : 0, fmt, used ? "." : "", name, index);
    return n < 0 ? used : used + (size_t)n < len ? used + (size_t)n : len - 1;
}

static int check(const ProtobufCMessage *m, char *path, size_t len, size_t used, int depth,
                 struct utf8_where *where)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (depth > MAX_DEPTH)
        return 0;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        const char *base = (const char *)m;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)(base + f->quantifier_offset);
            const char *arr = *(const char *const *)(base + f->offset);
            size_t size =
                f->type == PROTOBUF_C_TYPE_STRING ? sizeof(char *) : sizeof(ProtobufCMessage *);
            for (size_t k = 0; k < n; k++) {
                size_t at = append(path, len, used, "%s%s[%zu]", f->name, k);
                if (!check_value(f, arr + k * size, path, len, at, depth, where))
                    return 0;
            }
            continue;
        }
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        size_t at = append(path, len, used, "%s%s%.0zu", f->name, 0);
        if (!check_value(f, base + f->offset, path, len, at, depth, where))
            return 0;
        path[used < len ? used : len - 1] = '\0';
    }
    return 1;
}

int pbcheck_utf8(const ProtobufCMessage *m, char *path, size_t len)
{
    return pbcheck_utf8_at(m, path, len, NULL);
}

int pbcheck_utf8_at(const ProtobufCMessage *m, char *path, size_t len, struct utf8_where *where)
{
    char scratch[1];
    if (len == 0) {
        path = scratch;
        len = sizeof(scratch);
    }
    path[0] = '\0';
    return check(m, path, len, 0, 0, where);
}
