/* test_utf8.c -- the UTF-8 decoder and where a bad byte is (line, character and byte column). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"

static void test_seq_len(void **state)
{
    (void)state;
    assert_int_equal(utf8_seq_len((const unsigned char *)"a", 1), 1);
    assert_int_equal(utf8_seq_len((const unsigned char *)"张", 3), 3);
    assert_int_equal(utf8_seq_len((const unsigned char *)"张", 2), 0); /* cut short */
    assert_int_equal(utf8_seq_len((const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
    assert_int_equal(utf8_seq_len((const unsigned char *)"\xc0\xaf", 2), 0);     /* overlong */
    assert_int_equal(utf8_seq_len((const unsigned char *)"\xed\xa0\x80", 3), 0); /* surrogate */
    assert_int_equal(utf8_seq_len((const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
    assert_int_equal(utf8_seq_len((const unsigned char *)"\xff", 1), 0);
    assert_int_equal(utf8_seq_len((const unsigned char *)"", 0), 0);
}

static void test_where(void **state)
{
    (void)state;
    struct utf8_where w;
    const char ok[] = "household_ref,village_code\n1,张三\n";
    assert_int_equal(utf8_check(ok, strlen(ok), &w), 1);
    /* GBK "张" (D5 C5) on the third line, after "x,李" */
    const char gbk[] = "a,b\n\nx,李\xd5\xc5,y\n";
    assert_int_equal(utf8_check(gbk, strlen(gbk), &w), 0);
    assert_int_equal(w.line, 3);
    assert_int_equal(w.column, 4);      /* x , 李 then the bad byte */
    assert_int_equal(w.byte_column, 6); /* x , and the three bytes of 李 */
    assert_int_equal(w.offset, 10);
    /* the first byte of the text */
    assert_int_equal(utf8_check("\x80", 1, &w), 0);
    assert_int_equal(w.line, 1);
    assert_int_equal(w.column, 1);
    assert_int_equal(w.byte_column, 1);
    assert_int_equal(utf8_check("\x80", 1, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seq_len),
        cmocka_unit_test(test_where),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
