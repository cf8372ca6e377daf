/* test_pgarray.c -- array literals both ways: what pgarray builds PostgreSQL reads, and what
 * PostgreSQL writes (array_out) pgarray_read reads back, quoting and NULLs included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/arena.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"

static void expect(const char *text, size_t n, const char *const *want)
{
    struct pgarray_values a = {0};
    assert_int_equal(pgarray_read(text, &a), 0);
    assert_int_equal(a.n, n);
    for (size_t i = 0; i < n; i++) {
        if (want[i] == NULL)
            assert_null(a.v[i]);
        else
            assert_string_equal(a.v[i], want[i]);
    }
    pgarray_values_free(&a);
}

static void test_read(void **state)
{
    (void)state;
    expect("", 0, NULL); /* a NULL column */
    expect("{}", 0, NULL);
    expect("{1,2,30}", 3, (const char *[]){"1", "2", "30"});
    expect("{t,f}", 2, (const char *[]){"t", "f"});
    expect("{2026-11-02,NULL,null}", 3, (const char *[]){"2026-11-02", NULL, NULL});
    /* array_out quotes the empty string, "NULL" as text, and anything with a delimiter, a
     * quote, a backslash, a brace or a space */
    expect("{\"\",\"NULL\",\"a,b\",\"say \\\"hi\\\"\",\"c:\\\\d\",\"{x}\",\"病 假\"}", 7,
           (const char *[]){"", "NULL", "a,b", "say \"hi\"", "c:\\d", "{x}", "病 假"});
    expect("{事假,公务}", 2, (const char *[]){"事假", "公务"});
    expect("[0:1]={5,6}", 2, (const char *[]){"5", "6"});
}

static void test_read_refuses(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "1,2", "{1,2", "{1,,2}", "{\"a}", "{{1,2},{3,4}}", "{1} ", "{a\"b}", "[0:1]{1}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct pgarray_values a = {0};
        assert_int_equal(pgarray_read(bad[i], &a), -1);
        assert_int_equal(a.n, 0);
        pgarray_values_free(&a);
    }
}

/* One struct reads many arrays in turn, as a loop over rows does. */
static void test_reuse(void **state)
{
    (void)state;
    struct pgarray_values a = {0};
    assert_int_equal(pgarray_read("{a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s}", &a), 0);
    assert_int_equal(a.n, 19);
    assert_int_equal(pgarray_read("{\"long element that needs more room\"}", &a), 0);
    assert_int_equal(a.n, 1);
    assert_string_equal(a.v[0], "long element that needs more room");
    assert_int_equal(pgarray_read("", &a), 0);
    assert_int_equal(a.n, 0);
    pgarray_values_free(&a);
}

/* What the builder writes, the reader reads back. */
static void test_round_trip(void **state)
{
    (void)state;
    struct request r;
    memset(&r, 0, sizeof(r));
    r.arena = arena_new(1 << 16);
    static const char *const texts[] = {"plain",       "",   "a,b",  "q\"uote",
                                        "back\\slash", "{}", "NULL", "中文 文本"};
    struct pgarray b;
    pgarray_init(&b);
    for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
        pgarray_add_text(&b, texts[i]);
    pgarray_add_raw(&b, NULL);
    pgarray_add_raw(&b, "42");
    const char *lit = pgarray_finish(&b, &r);
    assert_non_null(lit);
    struct pgarray_values a = {0};
    assert_int_equal(pgarray_read(lit, &a), 0);
    assert_int_equal(a.n, sizeof(texts) / sizeof(*texts) + 2);
    for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
        assert_string_equal(a.v[i], texts[i]);
    assert_null(a.v[a.n - 2]);
    assert_string_equal(a.v[a.n - 1], "42");
    pgarray_values_free(&a);
    arena_free(r.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_read_refuses),
        cmocka_unit_test(test_reuse),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
