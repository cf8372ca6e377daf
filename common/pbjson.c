/* pbjson.c -- protobuf-c messages as JSON by walking their descriptors: no code per message. */
#include "common/pbjson.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/rules/instant.h"
#include "common/xmalloc.h"

/* Instants written as integers are formatted from 0001-01-01 to 9999-12-31 (Beijing time); the
 * microseconds of one further out would not fit in 64 bits, and its year in four digits. */
#define INSTANT_MIN_S (-62135625600LL)
#define INSTANT_MAX_S 253402271999LL

/* Instants that predate the `*_at` convention: full field names. Rename them in the .proto
 * (a wire-compatible change: only the name moves) and drop them here. */
static const char *const older_instants[] = {
    "zhucun.QueueItem.pending_since",
    "zhucun.QueueItem.deadline",
    "zhucun.ApprovalStep.deadline",
};

struct out {
    char *buf;
    size_t len, cap;
};

static void reserve(struct out *o, size_t more)
{
    if (o->len + more + 1 <= o->cap)
        return;
    while (o->len + more + 1 > o->cap)
        o->cap = o->cap ? o->cap * 2 : 256;
    o->buf = xrealloc(o->buf, o->cap);
}

static void put(struct out *o, const char *s, size_t n)
{
    reserve(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void quote(struct out *o, const char *s, size_t n)
{
    reserve(o, JSON_QUOTED_MAX(n));
    o->len += json_quote(o->buf + o->len, s, n);
    o->buf[o->len] = '\0';
}

static void base64(struct out *o, const uint8_t *data, size_t n)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    reserve(o, (n + 2) / 3 * 4 + 2);
    char *p = o->buf + o->len;
    *p++ = '"';
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)data[i + 1] << 8;
        if (i + 2 < n)
            v |= data[i + 2];
        *p++ = alphabet[v >> 18];
        *p++ = alphabet[(v >> 12) & 63];
        *p++ = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
        *p++ = i + 2 < n ? alphabet[v & 63] : '=';
    }
    *p++ = '"';
    o->len = (size_t)(p - o->buf);
    o->buf[o->len] = '\0';
}

/* The shortest %g text that reads back as v (at most 17 digits for a double, 9 for a float):
 * 37.736, not 37.735999999999997. JSON has no NaN or infinity. */
static void real(struct out *o, double v, int is_float)
{
    char text[40];
    if (!isfinite(v)) {
        puts_(o, "null");
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(text, sizeof(text), "%.*g", digits, v);
        double back = strtod(text, NULL);
        if (is_float ? (float)back == (float)v : back == v)
            break;
    }
    puts_(o, text);
}

static int is_instant(const ProtobufCMessageDescriptor *m, const ProtobufCFieldDescriptor *f)
{
    size_t n = strlen(f->name);
    if (strcmp(f->name, "at") == 0 || (n > 3 && strcmp(f->name + n - 3, "_at") == 0))
        return 1;
    size_t mn = strlen(m->name);
    for (size_t i = 0; i < sizeof(older_instants) / sizeof(older_instants[0]); i++) {
        const char *full = older_instants[i];
        if (strncmp(full, m->name, mn) == 0 && full[mn] == '.' &&
            strcmp(full + mn + 1, f->name) == 0)
            return 1;
    }
    return 0;
}

static void message(struct out *o, const ProtobufCMessage *msg);

/* One value of field f at p (a member of the message, or an element of a repeated field). */
static void value(struct out *o, const ProtobufCFieldDescriptor *f, const void *p, int instant)
{
    char num[32], when[INSTANT_TEXT_MAX];
    long long seconds = 0;
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        seconds = *(const int32_t *)p;
        snprintf(num, sizeof(num), "%" PRId32, *(const int32_t *)p);
        break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        seconds = *(const int64_t *)p;
        snprintf(num, sizeof(num), "%" PRId64, *(const int64_t *)p);
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        seconds = *(const uint32_t *)p;
        snprintf(num, sizeof(num), "%" PRIu32, *(const uint32_t *)p);
        break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        seconds = (long long)*(const uint64_t *)p;
        snprintf(num, sizeof(num), "%" PRIu64, *(const uint64_t *)p);
        break;
    case PROTOBUF_C_TYPE_FLOAT:
        real(o, *(const float *)p, 1);
        return;
    case PROTOBUF_C_TYPE_DOUBLE:
        real(o, *(const double *)p, 0);
        return;
    case PROTOBUF_C_TYPE_BOOL:
        puts_(o, *(const protobuf_c_boolean *)p ? "true" : "false");
        return;
    case PROTOBUF_C_TYPE_ENUM: {
        int v = *(const int *)p;
        const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(f->descriptor, v);
        if (ev != NULL) {
            quote(o, ev->name, strlen(ev->name));
        } else {
            snprintf(num, sizeof(num), "%d", v);
            puts_(o, num);
        }
        return;
    }
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)p;
        if (s == NULL)
            s = "";
        if (instant)
            s = rules_instant_restyle(s, INSTANT_RFC3339, when);
        quote(o, s, strlen(s));
        return;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *b = p;
        base64(o, b->data, b->len);
        return;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
        message(o, *(ProtobufCMessage *const *)p);
        return;
    }
    if (!instant || seconds < INSTANT_MIN_S || seconds > INSTANT_MAX_S) {
        puts_(o, num); /* out of any calendar: the number, as an enum without a name */
    } else if (seconds == 0) {
        puts_(o, "\"\"");
    } else {
        rules_instant_format(seconds * 1000000LL, INSTANT_RFC3339, when);
        quote(o, when, strlen(when));
    }
}

/* Bytes one element of a repeated field of f's type takes. */
static size_t element_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        return 4;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return 8;
    case PROTOBUF_C_TYPE_FLOAT:
        return sizeof(float);
    case PROTOBUF_C_TYPE_DOUBLE:
        return sizeof(double);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_ENUM:
        return sizeof(int);
    case PROTOBUF_C_TYPE_STRING:
        return sizeof(char *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(ProtobufCMessage *);
    }
    return 0;
}

/* 1 when the field is there to be written: presence, where the field has it, is set. */
static int present(const ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f)
{
    const char *base = (const char *)msg;
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        return *(const uint32_t *)(base + f->quantifier_offset) == f->id;
    if (f->type == PROTOBUF_C_TYPE_MESSAGE)
        return *(ProtobufCMessage *const *)(base + f->offset) != NULL;
    if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->quantifier_offset != 0)
        return *(const protobuf_c_boolean *)(base + f->quantifier_offset);
    if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type == PROTOBUF_C_TYPE_STRING)
        return *(char *const *)(base + f->offset) != NULL;
    return 1;
}

static void message(struct out *o, const ProtobufCMessage *msg)
{
    puts_(o, "{");
    if (msg == NULL) {
        puts_(o, "}");
        return;
    }
    const ProtobufCMessageDescriptor *d = msg->descriptor;
    const char *base = (const char *)msg;
    int first = 1;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->label != PROTOBUF_C_LABEL_REPEATED && !present(msg, f))
            continue;
        puts_(o, first ? "" : ",");
        first = 0;
        quote(o, f->name, strlen(f->name));
        puts_(o, ":");
        int instant = is_instant(d, f);
        if (f->label != PROTOBUF_C_LABEL_REPEATED) {
            value(o, f, base + f->offset, instant);
            continue;
        }
        size_t n = *(const size_t *)(base + f->quantifier_offset);
        const char *items = *(char *const *)(base + f->offset);
        size_t size = element_size(f);
        puts_(o, "[");
        for (size_t k = 0; k < n; k++) {
            puts_(o, k ? "," : "");
            value(o, f, items + k * size, instant);
        }
        puts_(o, "]");
    }
    puts_(o, "}");
}

char *pbjson_string(const ProtobufCMessage *msg, size_t *len)
{
    struct out o = {0};
    message(&o, msg);
    if (len != NULL)
        *len = o.len;
    return o.buf;
}

int pbjson_print(FILE *f, const ProtobufCMessage *msg)
{
    size_t len;
    char *s = pbjson_string(msg, &len);
    int rc = fwrite(s, 1, len, f) == len && fputc('\n', f) != EOF ? 0 : -1;
    free(s);
    return rc;
}
