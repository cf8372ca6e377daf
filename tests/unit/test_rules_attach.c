/* test_rules_attach.c -- the attachment rules (common/rules/attach.c): the accepted types and
 * how a claim meets what libmagic found, the type a name claims, a thumbnail's size, and each
 * body's checks with the field they name, at their limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/attach.h"

static void test_types(void **state)
{
    (void)state;
    assert_true(rules_attach_mime_allowed("image/jpeg"));
    assert_true(rules_attach_mime_allowed("application/pdf"));
    assert_true(rules_attach_mime_allowed(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
    assert_false(rules_attach_mime_allowed("text/plain"));
    assert_false(rules_attach_mime_allowed("application/zip"));
    assert_false(rules_attach_mime_allowed(NULL));
    assert_true(rules_attach_type_matches("image/png", "image/png"));
    assert_false(rules_attach_type_matches("image/png", "application/pdf"));
    assert_false(rules_attach_type_matches("text/plain", "text/plain"));
    /* the old office formats in their OLE container */
    assert_true(rules_attach_type_matches("application/msword", "application/CDFV2"));
    assert_true(rules_attach_type_matches("application/vnd.ms-works", "application/x-ole-storage"));
    assert_true(rules_attach_type_matches("application/vnd.ms-excel", "application/msword"));
    assert_false(rules_attach_type_matches("image/jpeg", "application/CDFV2"));
    assert_false(rules_attach_type_matches(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/CDFV2"));
    assert_true(rules_attach_is_image("image/jpeg"));
    assert_false(rules_attach_is_image("application/pdf"));
    assert_string_equal(rules_attach_mime_for_name("/tmp/照片.JPG"), "image/jpeg");
    assert_string_equal(rules_attach_mime_for_name("a.b.docx"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_string_equal(rules_attach_mime_for_name("通知.wps"), "application/vnd.ms-works");
    assert_null(rules_attach_mime_for_name("说明.txt"));
    assert_null(rules_attach_mime_for_name("无后缀"));
}

static void test_thumb_size(void **state)
{
    (void)state;
    int w, h;
    rules_attach_thumb_size(640, 400, &w, &h);
    assert_int_equal(w, ATTACH_THUMB_PX);
    assert_int_equal(h, 160);
    rules_attach_thumb_size(300, 4000, &w, &h);
    assert_int_equal(h, ATTACH_THUMB_PX);
    assert_int_equal(w, 19);
    rules_attach_thumb_size(100, 50, &w, &h); /* small: as it is */
    assert_int_equal(w, 100);
    assert_int_equal(h, 50);
    rules_attach_thumb_size(10000, 1, &w, &h); /* never 0 */
    assert_int_equal(w, ATTACH_THUMB_PX);
    assert_int_equal(h, 1);
}

static void test_bodies(void **state)
{
    (void)state;
    uint8_t sha[32] = {0};
    const char *field = NULL;
    Zhucun__AttachBegin b = ZHUCUN__ATTACH_BEGIN__INIT;
    b.sha256.data = sha;
    b.sha256.len = 32;
    b.size = ATTACH_FILE_MAX;
    b.name = "住房鉴定.pdf";
    b.mime = "application/pdf";
    assert_null(rules_attach_begin_problem(&b, &field));
    b.sha256.len = 31;
    assert_non_null(rules_attach_begin_problem(&b, &field));
    assert_string_equal(field, "sha256");
    b.sha256.len = 32;
    b.size = ATTACH_FILE_MAX + 1;
    assert_non_null(rules_attach_begin_problem(&b, &field));
    assert_string_equal(field, "size");
    b.size = 0;
    assert_non_null(rules_attach_begin_problem(&b, &field));
    assert_string_equal(field, "size");
    b.size = 1;
    char name[ATTACH_NAME_MAX * 3 + 2];
    memset(name, 'a', ATTACH_NAME_MAX);
    name[ATTACH_NAME_MAX] = '\0';
    b.name = name;
    assert_null(rules_attach_begin_problem(&b, &field));
    name[ATTACH_NAME_MAX] = 'a';
    name[ATTACH_NAME_MAX + 1] = '\0';
    assert_non_null(rules_attach_begin_problem(&b, &field));
    assert_string_equal(field, "name");
    b.name = "";
    assert_non_null(rules_attach_begin_problem(&b, &field));
    b.name = "a\tb.pdf";
    assert_non_null(rules_attach_begin_problem(&b, &field));
    b.name = "../b.pdf";
    assert_non_null(rules_attach_begin_problem(&b, &field));
    assert_string_equal(field, "name");
    b.name = "b.pdf";
    b.mime = "text/html";
    assert_non_null(rules_attach_begin_problem(&b, &field));
    assert_string_equal(field, "mime");

    uint8_t data[1] = {0};
    Zhucun__AttachChunk c = ZHUCUN__ATTACH_CHUNK__INIT;
    c.upload_id = 1;
    c.data.data = data;
    c.data.len = ATTACH_CHUNK_MAX;
    assert_null(rules_attach_chunk_problem(&c, &field));
    c.data.len = ATTACH_CHUNK_MAX + 1;
    assert_non_null(rules_attach_chunk_problem(&c, &field));
    assert_string_equal(field, "data");
    c.data.len = 0;
    assert_non_null(rules_attach_chunk_problem(&c, &field));
    assert_string_equal(field, "data");
    c.data.len = 1;
    c.offset = -1;
    assert_non_null(rules_attach_chunk_problem(&c, &field));
    assert_string_equal(field, "offset");

    ProtobufCBinaryData shas[ATTACH_FILES_PER_RECORD_MAX + 1];
    for (int i = 0; i <= ATTACH_FILES_PER_RECORD_MAX; i++) {
        shas[i].data = sha;
        shas[i].len = 32;
    }
    Zhucun__AttachLink l = ZHUCUN__ATTACH_LINK__INIT;
    l.kind = "household";
    l.record_id = 1;
    l.sha256 = shas;
    l.n_sha256 = ATTACH_FILES_PER_RECORD_MAX;
    assert_null(rules_attach_link_problem(&l, &field));
    l.n_sha256 = ATTACH_FILES_PER_RECORD_MAX + 1;
    assert_non_null(rules_attach_link_problem(&l, &field));
    assert_string_equal(field, "sha256");
    l.n_sha256 = 0;
    assert_non_null(rules_attach_link_problem(&l, &field));
    l.n_sha256 = 1;
    shas[0].len = 20;
    assert_non_null(rules_attach_link_problem(&l, &field));
    assert_string_equal(field, "sha256");
    shas[0].len = 32;
    l.kind = "Household";
    assert_non_null(rules_attach_link_problem(&l, &field));
    assert_string_equal(field, "kind");

    Zhucun__AttachList al = ZHUCUN__ATTACH_LIST__INIT;
    al.kind = "visit";
    assert_null(rules_attach_list_problem(&al, &field));
    al.kind = "";
    assert_non_null(rules_attach_list_problem(&al, &field));
    assert_string_equal(field, "kind");

    Zhucun__AttachGet g = ZHUCUN__ATTACH_GET__INIT;
    assert_non_null(rules_attach_get_problem(&g, &field));
    assert_string_equal(field, "sha256");
    g.sha256.data = sha;
    g.sha256.len = 32;
    assert_null(rules_attach_get_problem(&g, &field));
}

static void test_bytes(void **state)
{
    (void)state;
    uint8_t a[32], b[32];
    memset(a, 1, 32);
    memset(b, 2, 32);
    char buf[512];
    const char *field = NULL;
    assert_null(
        rules_attach_bytes_problem(a, a, "image/png", "image/png", buf, sizeof(buf), &field));
    assert_non_null(
        rules_attach_bytes_problem(a, b, "image/png", "image/png", buf, sizeof(buf), &field));
    assert_string_equal(field, "sha256");
    assert_non_null(strstr(buf, "0202020202"));
    assert_non_null(rules_attach_bytes_problem(a, a, "application/pdf", "text/plain", buf,
                                               sizeof(buf), &field));
    assert_string_equal(field, "mime");
    assert_non_null(strstr(buf, "text/plain"));
    assert_non_null(
        rules_attach_bytes_problem(a, a, "image/png", "application/pdf", buf, sizeof(buf), &field));
    assert_string_equal(field, "mime");
    assert_non_null(strstr(buf, "application/pdf"));
    assert_non_null(rules_attach_bytes_problem(a, a, "image/png", "", buf, sizeof(buf), &field));
    assert_non_null(strstr(buf, "未知类型"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_thumb_size),
        cmocka_unit_test(test_bodies),
        cmocka_unit_test(test_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
