/* make_seeds.c -- writes the packed seeds of the protobuf fuzz targets into tests/fuzz/corpus/
 * (run once by hand when the .proto files grow a call: `<build>/zhucun-fuzz-seeds
 * tests/fuzz/corpus`; the files it wrote are in the tree).
 *
 * For every member of Request's and Reply's oneof it makes one message, filled field by field
 * with plausible values chosen by the field's name (a 12-digit code, a date, a valid ID
 * number, an id of 1), and writes it as each target reads it: the bare message
 * (fuzz_pbcheck, fuzz_dispatch, fuzz_pbjson), a frame behind fuzz_frame's schedule byte, a
 * stream of reply frames behind fuzz_client's two bytes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/frame.h"
#include "envelope.pb-c.h"

static void fill(ProtobufCMessage *m, int depth);

static char *text_for(const char *name)
{
    if (strstr(name, "code") != NULL || strcmp(name, "scope") == 0)
        return "140105001001";
    if (strstr(name, "id_number") != NULL)
        return "11010519491231002X";
    if (strcmp(name, "at") == 0 || strstr(name, "_at") != NULL)
        return "2026-05-20T08:30:00Z";
    if (strstr(name, "date") != NULL || strstr(name, "since") != NULL ||
        strstr(name, "day") != NULL || strcmp(name, "first") == 0 || strcmp(name, "last") == 0 ||
        strstr(name, "deadline") != NULL || strstr(name, "valid_from") != NULL)
        return "2026-05-20";
    if (strstr(name, "week") != NULL)
        return "2026-W21";
    if (strstr(name, "phone") != NULL)
        return "13800138000";
    if (strstr(name, "relation") != NULL)
        return "head";
    if (strstr(name, "level") != NULL)
        return "village";
    if (strstr(name, "category") != NULL)
        return "ordinary";
    if (strstr(name, "format") != NULL)
        return "csv";
    if (strstr(name, "csv") != NULL)
        return "code,name,level\n140105001001,测试村,village\n";
    return "测试";
}

static void fill_field(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, int depth)
{
    char *base = (char *)m;
    void *p = base + f->offset;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        if (f->type != PROTOBUF_C_TYPE_MESSAGE && f->type != PROTOBUF_C_TYPE_STRING)
            return;
        void **items = calloc(1, sizeof(void *));
        if (f->type == PROTOBUF_C_TYPE_STRING) {
            items[0] = text_for(f->name);
        } else {
            const ProtobufCMessageDescriptor *d = f->descriptor;
            ProtobufCMessage *sub = calloc(1, d->sizeof_message);
            d->message_init(sub);
            fill(sub, depth + 1);
            items[0] = sub;
        }
        *(size_t *)(base + f->quantifier_offset) = 1;
        *(void ***)p = items;
        return;
    }
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64:
        *(int64_t *)p = 1;
        break;
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_UINT32:
        *(int32_t *)p = 1;
        break;
    case PROTOBUF_C_TYPE_DOUBLE:
        *(double *)p = strstr(f->name, "lon") ? 112.55 : 37.87;
        break;
    case PROTOBUF_C_TYPE_BOOL:
        *(protobuf_c_boolean *)p = 1;
        break;
    case PROTOBUF_C_TYPE_STRING:
        *(char **)p = text_for(f->name);
        break;
    case PROTOBUF_C_TYPE_BYTES: {
        ProtobufCBinaryData *b = p;
        b->data = (uint8_t *)"a,b\n";
        b->len = 4;
        break;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        if (depth >= 4)
            return;
        const ProtobufCMessageDescriptor *d = f->descriptor;
        ProtobufCMessage *sub = calloc(1, d->sizeof_message);
        d->message_init(sub);
        fill(sub, depth + 1);
        *(ProtobufCMessage **)p = sub;
        break;
    }
    default:
        return;
    }
    if (f->quantifier_offset != 0 && !(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
        *(protobuf_c_boolean *)(base + f->quantifier_offset) = 1;
}

/* Fills every field but oneof members (the caller picks one). Leaks: it runs once (and says
 * so to LeakSanitizer below). */
static void fill(ProtobufCMessage *m, int depth)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++)
        if (!(d->fields[i].flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            fill_field(m, &d->fields[i], depth);
}

static void write_file(const char *dir, const char *target, const char *name, const void *data,
                       size_t len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, target);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }
    snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* A message with oneof member f set, filled; its top-level id is 1. */
static ProtobufCMessage *one(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    ProtobufCMessage *m = calloc(1, d->sizeof_message);
    d->message_init(m);
    fill(m, 0);
    fill_field(m, f, 0);
    *(uint32_t *)((char *)m + f->quantifier_offset) = f->id;
    return m;
}

/* The seeds' messages point at static strings and live until the program ends, one pass:
 * freeing them would need a copy of each string for nothing. LeakSanitizer's documented hook
 * turns the leak check off for this program alone (the build sanitizes every target), so that
 * the run exits 0 and says what it wrote, not what it kept. */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return 1;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/fuzz/corpus";
    const ProtobufCMessageDescriptor *rq = &zhucun__request__descriptor;
    for (unsigned i = 0; i < rq->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &rq->fields[i];
        if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            continue;
        ProtobufCMessage *m = one(rq, f);
        ((Zhucun__Request *)m)->idempotency_key = "";
        size_t len = protobuf_c_message_get_packed_size(m);
        uint8_t *buf = malloc(len + 1);
        protobuf_c_message_pack(m, buf);
        write_file(dir, "fuzz_pbcheck", f->name, buf, len);
        write_file(dir, "fuzz_dispatch", f->name, buf, len);
        size_t flen;
        uint8_t *frame = frame_pack(m, &flen);
        uint8_t *in = malloc(flen + 2);
        in[0] = 0x00; /* one schedule byte, no repeat */
        in[1] = 0x00; /* that byte: read all at once */
        memcpy(in + 2, frame, flen);
        write_file(dir, "fuzz_frame", f->name, in, flen + 2);
        free(in);
        free(frame);
        free(buf);
    }
    const ProtobufCMessageDescriptor *rp = &zhucun__reply__descriptor;
    for (unsigned i = 0; i < rp->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &rp->fields[i];
        if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            continue;
        ProtobufCMessage *m = one(rp, f);
        Zhucun__Reply *r = (Zhucun__Reply *)m;
        r->status = NULL; /* an OK reply; the error seeds follow */
        size_t len = protobuf_c_message_get_packed_size(m);
        uint8_t *buf = malloc(len + 1);
        protobuf_c_message_pack(m, buf);
        write_file(dir, "fuzz_pbjson", f->name, buf, len);
        /* fuzz_client: an event (id 0), then the reply awaited (id 1), read 7 bytes a time */
        Zhucun__Reply ev = ZHUCUN__REPLY__INIT;
        Zhucun__Event e = ZHUCUN__EVENT__INIT;
        e.kind = "household_changed";
        e.detail = "1";
        ev.body_case = ZHUCUN__REPLY__BODY_EVENT;
        ev.event = &e;
        size_t elen, flen;
        uint8_t *eframe = frame_pack(&ev.base, &elen);
        uint8_t *frame = frame_pack(m, &flen);
        uint8_t *in = malloc(2 + elen + flen);
        in[0] = 7;
        in[1] = 1;
        memcpy(in + 2, eframe, elen);
        memcpy(in + 2 + elen, frame, flen);
        write_file(dir, "fuzz_client", f->name, in, 2 + elen + flen);
        free(in);
        free(eframe);
        free(frame);
        free(buf);
    }
    /* A refusal naming a field, and a connection-level error. */
    Zhucun__FieldError fe = ZHUCUN__FIELD_ERROR__INIT;
    Zhucun__FieldError *fes[] = {&fe};
    fe.field = "members[0].id_number";
    fe.message = "身份证号校验位不正确，请核对";
    Zhucun__Status st = ZHUCUN__STATUS__INIT;
    st.code = ZHUCUN__CODE__INVALID_ARGUMENT;
    st.message = "身份证号校验位不正确，请核对";
    st.n_fields = 1;
    st.fields = fes;
    Zhucun__Reply bad = ZHUCUN__REPLY__INIT;
    bad.id = 1;
    bad.status = &st;
    for (int k = 0; k < 2; k++) {
        bad.id = (uint64_t)(1 - k);
        size_t len = protobuf_c_message_get_packed_size(&bad.base), flen;
        uint8_t *buf = malloc(len + 1);
        protobuf_c_message_pack(&bad.base, buf);
        write_file(dir, "fuzz_pbjson", k ? "status_connection" : "status_field", buf, len);
        uint8_t *frame = frame_pack(&bad.base, &flen);
        uint8_t *in = malloc(flen + 2);
        in[0] = 0;
        in[1] = 1;
        memcpy(in + 2, frame, flen);
        write_file(dir, "fuzz_client", k ? "status_connection" : "status_field", in, flen + 2);
        free(in);
        free(frame);
        free(buf);
    }
    /* fuzz_client: an export stream, the header part, a data part, the last part */
    uint8_t stream[1024];
    size_t slen = 2;
    stream[0] = 13;
    stream[1] = 5;
    for (int k = 0; k < 3; k++) {
        Zhucun__ExportChunk ch = ZHUCUN__EXPORT_CHUNK__INIT;
        char *columns[] = {"id", "village_code", "address"};
        Zhucun__Reply part = ZHUCUN__REPLY__INIT;
        part.id = 5;
        part.more = k < 2;
        part.body_case = ZHUCUN__REPLY__BODY_EXPORT_CHUNK;
        part.export_chunk = &ch;
        if (k == 0) {
            ch.n_columns = 3;
            ch.columns = columns;
        } else if (k == 1) {
            ch.data.data = (uint8_t *)"upsert,1,140105001001,一号\nupsert,2,140105001001,二号\n";
            ch.data.len = strlen((char *)ch.data.data);
            ch.rows = 2;
        } else {
            ch.cursor = "2026-05-20T08:30:00Z/2";
            ch.complete = 1;
            ch.total = 2;
        }
        size_t flen;
        uint8_t *frame = frame_pack(&part.base, &flen);
        memcpy(stream + slen, frame, flen);
        slen += flen;
        free(frame);
    }
    write_file(dir, "fuzz_client", "export_stream", stream, slen);
    return 0;
}
