/* fuzz_pbcheck.c -- libFuzzer target: pbcheck_wire (common/pbcheck.c) over arbitrary bytes as
 * a Zhucun__Request, as the server checks every request's strings before any handler.
 *
 * What must hold: the result is one of the PBCHECK_ codes, the path fits its buffer (a small
 * one, so that cutting it is exercised too) and names a field when there is a fault in a
 * string, and the fault's place lies inside the input. Against protobuf-c: when the check
 * passes and protobuf-c unpacks the bytes, every string of the decoded Request, however deep,
 * is valid UTF-8 (the check's promise to the handlers).
 *
 * Not asserted: that bytes protobuf-c unpacks are never PBCHECK_EWIRE. protobuf-c reads a
 * field number 0 written as a two-byte tag (82 00) as an unknown field; pbcheck refuses it, as
 * the protobuf spec does, so the server answers "无法解析的请求" to bytes protobuf-c took.
 * That is the safe way round (docs/fuzzing.md). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/pbcheck.h"
#include "common/utf8.h"
#include "envelope.pb-c.h"

#define ARENA_BUDGET (1024 * 1024)

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every string of msg and the messages it holds is valid UTF-8. */
static void strings_valid(const ProtobufCMessage *msg, int depth)
{
    check(depth <= PBCHECK_MAX_DEPTH);
    const ProtobufCMessageDescriptor *d = msg->descriptor;
    const char *base = (const char *)msg;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        size_t n = 1;
        const void *items = base + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            n = *(const size_t *)(base + f->quantifier_offset);
            items = *(void *const *)(base + f->offset);
        }
        for (size_t k = 0; k < n; k++) {
            const void *p = (const char *)items + k * sizeof(void *);
            if (f->type == PROTOBUF_C_TYPE_STRING) {
                const char *s = *(char *const *)p;
                if (s != NULL)
                    check(utf8_check(s, strlen(s), NULL));
            } else if (*(ProtobufCMessage *const *)p != NULL) {
                strings_valid(*(ProtobufCMessage *const *)p, depth + 1);
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[48];
    memset(path, 'x', sizeof(path));
    struct utf8_where where = {0};
    int rc = pbcheck_wire(&zhucun__request__descriptor, data, size, path, sizeof(path), &where);
    check(rc == PBCHECK_OK || rc == PBCHECK_EUTF8 || rc == PBCHECK_ENUL || rc == PBCHECK_EDEPTH ||
          rc == PBCHECK_EWIRE);
    check(memchr(path, '\0', sizeof(path)) != NULL);
    check(pbcheck_strerror(rc) != NULL);
    if (rc == PBCHECK_EUTF8 || rc == PBCHECK_ENUL) {
        check(path[0] != '\0');
        check(where.offset < size && where.line >= 1 && where.column >= 1);
        check(where.byte_column >= 1 && where.byte_column <= where.offset + 1);
    }

    struct arena *a = arena_new(ARENA_BUDGET);
    Zhucun__Request *req = zhucun__request__unpack(arena_allocator(a), size, data);
    if (req != NULL) {
        if (rc == PBCHECK_OK)
            strings_valid(&req->base, 0);
        zhucun__request__free_unpacked(req, arena_allocator(a));
    }
    arena_free(a);
    return 0;
}
