/* test_export_copy.c -- the COPY path's row split (export/copy.h): a row of PostgreSQL's CSV
 * with every value quoted loses its trailing key and chg, whatever quotes, commas and line
 * breaks the values before them hold; a row that does not end that way is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "server/export/copy.h"

static void split(const char *row, const char *kept, const char *key, const char *chg)
{
    char k[64], c[24];
    size_t keep = 0;
    assert_int_equal(
        copy_row_split(row, strlen(row), &keep, key ? k : NULL, sizeof(k), c, sizeof(c)), 0);
    assert_int_equal(keep, strlen(kept));
    assert_memory_equal(row, kept, keep);
    if (key != NULL)
        assert_string_equal(k, key);
    assert_string_equal(c, chg);
}

static void refuse(const char *row, int with_key)
{
    char k[8], c[8];
    size_t keep = 0;
    assert_int_equal(
        copy_row_split(row, strlen(row), &keep, with_key ? k : NULL, sizeof(k), c, sizeof(c)), -1);
}

static void test_split(void **state)
{
    (void)state;
    split("upsert,\"1\",\"a\",\"1\",\"742\"\n", "upsert,\"1\",\"a\"", "1", "742");
    split("upsert,\"1\",,\"\",\"1\",\"742\"\n", "upsert,\"1\",,\"\"", "1", "742");
    /* quotes, a comma and a line break inside the values before */
    split("upsert,\"说\"\"好\"\",\n第二行\",\"\"\"\",\"7\",\"9\"\n",
          "upsert,\"说\"\"好\"\",\n第二行\",\"\"\"\"", "7", "9");
    /* a text key with a quote of its own */
    split("upsert,\"x\",\"a\"\"b\",\"9\"\n", "upsert,\"x\"", "a\"b", "9");
    /* chg alone (the key is read from the row's first column) */
    split("upsert,\"12\",\"a,b\",\"742\"\n", "upsert,\"12\",\"a,b\"", NULL, "742");
    split("upsert,\"12\",\"\"\"\",\"742\"\n", "upsert,\"12\",\"\"\"\"", NULL, "742");
}

static void test_refused(void **state)
{
    (void)state;
    refuse("upsert,\"1\",\"742\"", 1);           /* no newline */
    refuse("upsert,\"1\",742\n", 0);             /* chg not quoted */
    refuse("upsert,\"1\",,\n", 0);               /* NULL chg */
    refuse("\"742\"\n", 0);                      /* nothing before chg */
    refuse("\"1\",\"742\"\n", 1);                /* nothing before the key */
    refuse("upsert,\"1\",\"74234567890\"\n", 0); /* longer than its buffer */
    refuse("", 0);
    refuse("\n", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
