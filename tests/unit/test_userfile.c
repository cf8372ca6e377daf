/* test_userfile.c -- a client's per-user files: the XDG path and its private parents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/userfile.h"

static void test_path(void **state)
{
    (void)state;
    setenv("HOME", "/home/clerk", 1);
    setenv("XDG_STATE_HOME", "/var/state", 1);
    char *p = userfile_path("XDG_STATE_HOME", ".local/state", "outbox.sqlite");
    assert_string_equal(p, "/var/state/zhucun/outbox.sqlite");
    free(p);
    /* a relative XDG value is ignored, as the XDG base directory spec says */
    setenv("XDG_STATE_HOME", "state", 1);
    p = userfile_path("XDG_STATE_HOME", ".local/state", "outbox.sqlite");
    assert_string_equal(p, "/home/clerk/.local/state/zhucun/outbox.sqlite");
    free(p);
    unsetenv("XDG_STATE_HOME");
    unsetenv("HOME");
    assert_null(userfile_path("XDG_STATE_HOME", ".local/state", "outbox.sqlite"));
}

static void test_make_parent(void **state)
{
    (void)state;
    char base[] = "/tmp/zc-userfile-XXXXXX";
    assert_non_null(mkdtemp(base));
    char path[256], dir[256];
    snprintf(path, sizeof(path), "%s/a/b/c/file", base);
    assert_int_equal(userfile_make_parent(path), 0);
    assert_int_equal(userfile_make_parent(path), 0); /* again: it exists */
    struct stat st;
    snprintf(dir, sizeof(dir), "%s/a/b/c", base);
    assert_int_equal(stat(dir, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0700);
    snprintf(dir, sizeof(dir), "%s/a", base);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    /* a file where a directory must go */
    snprintf(path, sizeof(path), "%s/a/b/c/file", base);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/a/b/c/file/under", base);
    assert_int_equal(userfile_make_parent(path), -1);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_make_parent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
