/* test_pkgpaths.c -- an installed program finds its data beside it (common/pkgpaths.c). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/pkgpaths.h"

/* <this program's directory>/../share/<rel>, as pkg_data_path should compute it. */
static void beside_me(char *out, size_t cap, const char *rel)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    assert_true(n > 0);
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    assert_true((size_t)snprintf(out, cap, "%s/../share/%s", exe, rel) < cap);
}

/* With no share/<rel> beside the program: the compiled-in path. With one: that directory;
 * a file of that name is not a directory and does not count. */
static void test_beside_or_built_in(void **state)
{
    char rel[64], want[PATH_MAX], share[PATH_MAX], buf[PATH_MAX];
    snprintf(rel, sizeof(rel), "zhucun-pkgpaths-%ld", (long)getpid());
    beside_me(want, sizeof(want), rel);
    beside_me(share, sizeof(share), "");
    assert_string_equal(pkg_data_path(buf, sizeof(buf), rel, "/built/in"), "/built/in");

    int made_share = mkdir(share, 0755) == 0;
    assert_int_equal(mkdir(want, 0755), 0);
    assert_string_equal(pkg_data_path(buf, sizeof(buf), rel, "/built/in"), want);
    /* Too small a buffer: the compiled-in path, never a truncated one. */
    assert_string_equal(pkg_data_path(buf, 8, rel, "/built/in"), "/built/in");
    assert_int_equal(rmdir(want), 0);

    FILE *f = fopen(want, "w");
    assert_non_null(f);
    fclose(f);
    assert_string_equal(pkg_data_path(buf, sizeof(buf), rel, "/built/in"), "/built/in");
    assert_int_equal(unlink(want), 0);
    if (made_share)
        rmdir(share);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beside_or_built_in),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
