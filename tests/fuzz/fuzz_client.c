/* fuzz_client.c -- libFuzzer target: what the client library does with the bytes a server
 * sends: the frame decoder at the client's limit, zhucun__reply__unpack with protobuf-c's
 * allocator, zc_status, and the sorting of replies that zc_call and zc_recv make (the reply
 * awaited, a connection-level error, events and other replies kept for later), then each kept
 * reply read as `zhucun export` reads a stream (client/cli/cmd_export.c).
 *
 * There is no seam in client/lib/zhucun_client.c below the TLS socket (read_reply is static
 * and reads through OpenSSL), so the loop of read_reply and zc_call is repeated here over the
 * library's own pieces: frame.c, the generated unpacker, zc_status and zc_reply_free.
 *
 * The input's first byte is the read size (1 to 255 bytes a read; 0: all at once), the second
 * the id of the request the client waits for; the rest is what the server sent. What must
 * hold: zc_status fails exactly when the status is not OK, with the server's message and
 * first field cut to fit; the decoder's buffer stays within the client's limit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/frame.h"
#include "envelope.pb-c.h"
#include "zhucun_client.h"

#define CLIENT_MAX_FRAME (64u * 1024 * 1024) /* zhucun_client.c */
#define MAX_KEPT         64

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* zc_status, and what it promises about err. */
static int status_of(const Zhucun__Reply *r)
{
    struct zc_error err;
    memset(&err, 0x55, sizeof(err));
    int rc = zc_status(r, &err);
    int failed = r->status != NULL && r->status->code != ZHUCUN__CODE__OK;
    check(rc == (failed ? -1 : 0));
    check(zc_status(r, NULL) == rc);
    if (rc == 0)
        return 0;
    check(err.code == r->status->code);
    check(memchr(err.message, '\0', sizeof(err.message)) != NULL);
    check(strncmp(err.message, r->status->message, sizeof(err.message) - 1) == 0);
    check(memchr(err.field, '\0', sizeof(err.field)) != NULL);
    if (r->status->n_fields > 0)
        check(strncmp(err.field, r->status->fields[0]->field, sizeof(err.field) - 1) == 0);
    else
        check(err.field[0] == '\0');
    check(!err.maybe_applied && !err.outcome_unknown);
    return rc;
}

/* A kept reply read as cmd_export reads the stream of request want. Returns 1 at its end. */
static int export_part(const Zhucun__Reply *r, uint64_t want, size_t *bytes, uint64_t *rows)
{
    if (r->id != want) /* a server event: not ours */
        return 0;
    if (status_of(r) != 0)
        return 1;
    if (r->body_case != ZHUCUN__REPLY__BODY_EXPORT_CHUNK)
        return 0;
    const Zhucun__ExportChunk *ch = r->export_chunk;
    for (size_t i = 0; i < ch->n_columns; i++)
        *bytes += strlen(ch->columns[i]) + 1;
    check(ch->data.len == 0 || ch->data.data != NULL);
    *bytes += ch->data.len;
    *rows += ch->rows;
    if (!r->more) {
        check(ch->cursor != NULL);
        return 1;
    }
    return 0;
}

/* The replies sorted as zc_call sorts them while it waits for want: the one awaited ends the
 * wait, a connection-level error (id 0, a status not OK) ends the connection, the rest are
 * kept for zc_recv. */
static void call_waits(Zhucun__Reply *const *replies, size_t n, uint64_t want)
{
    for (size_t i = 0; i < n; i++) {
        const Zhucun__Reply *r = replies[i];
        if (r->id == want) {
            (void)status_of(r);
            if (r->body_case == ZHUCUN__REPLY__BODY_LOGIN)
                check(r->login->session_token != NULL);
            return;
        }
        if (r->id == 0 && r->status != NULL && r->status->code != ZHUCUN__CODE__OK) {
            check(status_of(r) == -1);
            return;
        }
        if (r->body_case == ZHUCUN__REPLY__BODY_EVENT)
            check(r->event->kind != NULL && r->event->detail != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t step = data[0];
    uint64_t want = data[1];
    const uint8_t *in = data + 2;
    size_t n = size - 2, off = 0;
    Zhucun__Reply *kept[MAX_KEPT];
    size_t nkept = 0;
    struct frame_decoder d;
    frame_decoder_init(&d, CLIENT_MAX_FRAME);
    while (nkept < MAX_KEPT) {
        const uint8_t *payload;
        size_t len = 0;
        int rc = frame_decoder_next(&d, &payload, &len);
        if (rc == FRAME_READY) {
            check(len <= CLIENT_MAX_FRAME);
            Zhucun__Reply *r = zhucun__reply__unpack(NULL, len, payload);
            if (r == NULL) /* the client marks the connection broken */
                break;
            kept[nkept++] = r;
            continue;
        }
        if (rc < 0 || off == n) /* a bad frame, or the server closed the connection */
            break;
        size_t avail;
        uint8_t *space = frame_decoder_space(&d, &avail);
        check(avail > 0);
        size_t take = step == 0 || step > n - off ? n - off : step;
        take = take < avail ? take : avail;
        memcpy(space, in + off, take);
        frame_decoder_commit(&d, take);
        off += take;
    }
    frame_decoder_free(&d);

    call_waits(kept, nkept, want);
    /* The same replies as zc_recv hands them to `zhucun export` reading request want. */
    size_t bytes = 0;
    uint64_t rows = 0;
    int done = 0;
    for (size_t i = 0; i < nkept; i++) {
        if (!done)
            done = export_part(kept[i], want, &bytes, &rows);
        zc_reply_free(kept[i]);
    }
    return 0;
}
