/* attach.c -- the checks of the attach calls and the types a file may have (attach.h). */
#include "common/rules/attach.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/rules/account.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

/* The types a file may have, as libmagic names them (magic_buffer with MAGIC_MIME_TYPE):
 * photos and scans, PDF, and the office documents a village office writes (Microsoft's old
 * and new formats, WPS, OpenDocument). Anything else is refused. */
static const char *const allowed[] = {
    "image/jpeg",
    "image/png",
    "application/pdf",
    "application/msword",                                                        /* doc */
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",   /* docx */
    "application/vnd.ms-excel",                                                  /* xls */
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",         /* xlsx */
    "application/vnd.ms-powerpoint",                                             /* ppt */
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", /* pptx */
    "application/vnd.ms-works",                                                  /* wps */
    "application/vnd.oasis.opendocument.text",                                   /* odt */
    "application/vnd.oasis.opendocument.spreadsheet",                            /* ods */
    "application/vnd.oasis.opendocument.presentation",                           /* odp */
    NULL,
};

/* The old office formats, which live in an OLE compound file. */
static const char *const ole_types[] = {"application/msword", "application/vnd.ms-excel",
                                        "application/vnd.ms-powerpoint", "application/vnd.ms-works",
                                        NULL};

static int one_of(const char *s, const char *const *values)
{
    for (; *values != NULL; values++)
        if (strcmp(s, *values) == 0)
            return 1;
    return 0;
}

int rules_attach_mime_allowed(const char *mime)
{
    return mime != NULL && one_of(mime, allowed);
}

int rules_attach_type_matches(const char *claimed, const char *found)
{
    if (!rules_attach_mime_allowed(claimed) || found == NULL)
        return 0;
    if (strcmp(claimed, found) == 0)
        return 1;
    return one_of(claimed, ole_types) &&
           (strcmp(found, "application/x-ole-storage") == 0 ||
            strcmp(found, "application/CDFV2") == 0 || one_of(found, ole_types));
}

const char *rules_attach_mime_for_name(const char *name)
{
    static const char *const ends[][2] = {
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".png", "image/png"},
        {".pdf", "application/pdf"},
        {".doc", "application/msword"},
        {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {".xls", "application/vnd.ms-excel"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".ppt", "application/vnd.ms-powerpoint"},
        {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {".wps", "application/vnd.ms-works"},
        {".odt", "application/vnd.oasis.opendocument.text"},
        {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {".odp", "application/vnd.oasis.opendocument.presentation"},
    };
    const char *dot = name != NULL ? strrchr(name, '.') : NULL;
    if (dot == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
        if (strcasecmp(dot, ends[i][0]) == 0)
            return ends[i][1];
    return NULL;
}

int rules_attach_is_image(const char *mime)
{
    return strcmp(mime, "image/jpeg") == 0 || strcmp(mime, "image/png") == 0;
}

void rules_attach_thumb_size(int width, int height, int *tw, int *th)
{
    int w = width > 0 ? width : 1, h = height > 0 ? height : 1;
    if (w <= ATTACH_THUMB_PX && h <= ATTACH_THUMB_PX) {
        *tw = w;
        *th = h;
        return;
    }
    if (w >= h) {
        *tw = ATTACH_THUMB_PX;
        *th = (int)((long)h * ATTACH_THUMB_PX / w);
    } else {
        *th = ATTACH_THUMB_PX;
        *tw = (int)((long)w * ATTACH_THUMB_PX / h);
    }
    if (*tw < 1)
        *tw = 1;
    if (*th < 1)
        *th = 1;
}

const char *rules_attach_bytes_problem(const uint8_t claimed_sha[32], const uint8_t sha[32],
                                       const char *claimed_mime, const char *found, char *buf,
                                       size_t len, const char **field)
{
    if (memcmp(sha, claimed_sha, ATTACH_SHA256_LEN) != 0) {
        char hex[2 * ATTACH_SHA256_LEN + 1];
        for (int i = 0; i < ATTACH_SHA256_LEN; i++)
            snprintf(hex + 2 * i, 3, "%02x", sha[i]);
        snprintf(buf, len, "收到的文件与声明的 SHA-256 不符（收到的是 %s），已丢弃，请重新上传",
                 hex);
        *field = "sha256";
        return buf;
    }
    if (!rules_attach_mime_allowed(found)) {
        snprintf(buf, len, "文件内容是 %s，不是可接受的类型（JPEG、PNG、PDF、办公文档），已丢弃",
                 found != NULL && found[0] ? found : "未知类型");
        *field = "mime";
        return buf;
    }
    if (!rules_attach_type_matches(claimed_mime, found)) {
        snprintf(buf, len, "文件内容是 %s，与声明的类型 %s 不符，已丢弃", found, claimed_mime);
        *field = "mime";
        return buf;
    }
    return NULL;
}

static const char *sha_problem(ProtobufCBinaryData sha)
{
    return sha.len == ATTACH_SHA256_LEN ? NULL : "SHA-256 应为 32 字节";
}

/* A kind's name as attachment_kinds holds it: a lower-case letter, then up to 39 letters or
 * underscores. */
static int kind_ok(const char *k)
{
    size_t n = strlen(k);
    if (n < 1 || n > 40 || k[0] < 'a' || k[0] > 'z')
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || k[i] == '_'))
            return 0;
    return 1;
}

#define KIND_PROBLEM "材料类别应为小写字母和下划线（如 household、visit）"

const char *rules_attach_begin_problem(const Zhucun__AttachBegin *in, const char **field)
{
    const char *p;
    if ((p = sha_problem(in->sha256)) != NULL) {
        *field = "sha256";
        return p;
    }
    if (in->size < 1 || in->size > ATTACH_FILE_MAX) {
        *field = "size";
        return "文件大小应为 1 字节至 20 MiB（" STR(ATTACH_FILE_MAX) " 字节）";
    }
    long chars = rules_utf8_chars(in->name);
    int bad = chars < 1 || chars > ATTACH_NAME_MAX || strchr(in->name, '/') != NULL;
    for (const unsigned char *s = (const unsigned char *)in->name; !bad && *s; s++)
        bad = *s < 0x20 || *s == 0x7f;
    if (bad) {
        *field = "name";
        return "文件名应为 1 至 " STR(ATTACH_NAME_MAX) " 个字符，不含 / 和控制字符";
    }
    if (!rules_attach_mime_allowed(in->mime)) {
        *field = "mime";
        return "只接受 JPEG、PNG、PDF "
               "和办公文档（doc、docx、xls、xlsx、ppt、pptx、wps、odt、ods、odp）";
    }
    return NULL;
}

const char *rules_attach_chunk_problem(const Zhucun__AttachChunk *in, const char **field)
{
    if (in->offset < 0 || in->offset >= ATTACH_FILE_MAX) {
        *field = "offset";
        return "偏移量应在文件大小范围内";
    }
    if (in->data.len < 1 || in->data.len > ATTACH_CHUNK_MAX) {
        *field = "data";
        return "每块应为 1 至 " STR(ATTACH_CHUNK_MAX) " 字节";
    }
    return NULL;
}

const char *rules_attach_link_problem(const Zhucun__AttachLink *in, const char **field)
{
    if (!kind_ok(in->kind)) {
        *field = "kind";
        return KIND_PROBLEM;
    }
    if (in->n_sha256 < 1 || in->n_sha256 > ATTACH_FILES_PER_RECORD_MAX) {
        *field = "sha256";
        return "一次应附加 1 至 " STR(ATTACH_FILES_PER_RECORD_MAX) " 个文件";
    }
    for (size_t i = 0; i < in->n_sha256; i++) {
        const char *p = sha_problem(in->sha256[i]);
        if (p != NULL) {
            *field = "sha256";
            return p;
        }
    }
    return NULL;
}

const char *rules_attach_evidence_problem(size_t n, const ProtobufCBinaryData *sha)
{
    if (n > ATTACH_FILES_PER_RECORD_MAX)
        return "证明材料过多：一条记录最多附 " STR(ATTACH_FILES_PER_RECORD_MAX) " 个文件";
    for (size_t i = 0; i < n; i++)
        if (sha_problem(sha[i]) != NULL)
            return "证明材料应以已上传文件的 SHA-256（32 字节）给出";
    return NULL;
}

const char *rules_attach_list_problem(const Zhucun__AttachList *in, const char **field)
{
    if (!kind_ok(in->kind)) {
        *field = "kind";
        return KIND_PROBLEM;
    }
    return NULL;
}

const char *rules_attach_get_problem(const Zhucun__AttachGet *in, const char **field)
{
    const char *p = sha_problem(in->sha256);
    if (p != NULL)
        *field = "sha256";
    return p;
}
