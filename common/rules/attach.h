/* attach.h -- evidence attachments (issue 20; docs/attachments.md): the limits, the types a
 * file may have, and the checks of the attach calls, once, for the server's handlers and the
 * clients.
 *
 * The database holds the same numbers where it needs rows (0071_attachments.sql): the open
 * uploads per user, the files per record, the age of an abandoned upload, and the CHECKs of
 * attachment_uploads. */
#ifndef ZHUCUN_RULES_ATTACH_H
#define ZHUCUN_RULES_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "attach.pb-c.h"

#define ATTACH_SHA256_LEN 32
#define ATTACH_FILE_MAX   (20 * 1024 * 1024) /* bytes of one file: a phone's photo, a scan */
/* Bytes one AttachChunk carries at most: well below the smallest max_frame a deployment
 * would set (4 MiB by default), and small enough that a broken connection loses little. */
#define ATTACH_CHUNK_MAX            (256 * 1024)
#define ATTACH_OPEN_UPLOADS_MAX     8   /* unfinished uploads of one user at once */
#define ATTACH_FILES_PER_RECORD_MAX 20  /* files linked to one record */
#define ATTACH_NAME_MAX             200 /* characters of a file's name */
#define ATTACH_ABANDONED_HOURS      24  /* an upload untouched this long is deleted */
#define ATTACH_THUMB_PX             256 /* a thumbnail's longer side, at most */
/* An image with more pixels gets no thumbnail (it is not decoded: a small file may unpack to
 * gigabytes). 40 Mpx: a phone's largest photos. */
#define ATTACH_THUMB_SOURCE_PIXELS_MAX (40L * 1000 * 1000)
#define ATTACH_GET_PART                (256 * 1024) /* bytes of one streamed AttachData part */

/* 1 when mime is a type a file may have (the list in attach.c: JPEG, PNG, PDF, office
 * documents), else 0. */
int rules_attach_mime_allowed(const char *mime);

/* 1 when bytes that libmagic names found may be stored as the claimed type: the same type,
 * or an old office format (doc, xls, ppt, wps) in the OLE container libmagic often cannot
 * tell apart (application/x-ole-storage, application/CDFV2). */
int rules_attach_type_matches(const char *claimed, const char *found);

/* The type a client claims for a file by its name's ending (.jpg, .png, .pdf, .docx ...,
 * any case), NULL when the ending is none of the accepted ones. The server judges the bytes;
 * this is only the claim it checks them against. */
const char *rules_attach_mime_for_name(const char *name);

/* 1 when the type is an image the server makes a thumbnail of (JPEG, PNG). */
int rules_attach_is_image(const char *mime);

/* A thumbnail's size for a width x height image: the longer side ATTACH_THUMB_PX at most,
 * the aspect kept, each side at least 1. */
void rules_attach_thumb_size(int width, int height, int *tw, int *th);

/* The checks of a whole uploaded file, after the server read it (server/attach): its SHA-256
 * (sha) against the claimed one, the type libmagic found in it against the accepted ones and
 * the claimed one. NULL when it may be stored, else the message, written into buf (len
 * bytes; it names the hash or the type found), and *field ("sha256" or "mime"). */
const char *rules_attach_bytes_problem(const uint8_t claimed_sha[32], const uint8_t sha[32],
                                       const char *claimed_mime, const char *found, char *buf,
                                       size_t len, const char **field);

/* The checks of each body in order: NULL when it may be sent, else the message and *field
 * the field it concerns. The ids (upload_id, record_id) are rules/ids.c's. */
const char *rules_attach_begin_problem(const Zhucun__AttachBegin *in, const char **field);
const char *rules_attach_chunk_problem(const Zhucun__AttachChunk *in, const char **field);
const char *rules_attach_link_problem(const Zhucun__AttachLink *in, const char **field);
/* A record's evidence as a write names it (n hashes of uploaded files, at most
 * ATTACH_FILES_PER_RECORD_MAX): NULL, or the message (the field is the caller's: "evidence"). */
const char *rules_attach_evidence_problem(size_t n, const ProtobufCBinaryData *sha);
const char *rules_attach_list_problem(const Zhucun__AttachList *in, const char **field);
const char *rules_attach_get_problem(const Zhucun__AttachGet *in, const char **field);

#endif
