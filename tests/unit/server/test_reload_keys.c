/* test_reload_keys.c -- what SIGHUP may change live (server/core/reload.c): every live key is
 * a key of the configuration (a misspelt one would quietly need a restart), and the keys read
 * only at start are not live. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "server/core/reload.h"

static void test_live_keys_exist(void **state)
{
    (void)state;
    struct server_config a, b;
    server_config_defaults(&a);
    server_config_defaults(&b);
    size_t n;
    const char *const *keys = reload_live_keys(&n);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        char section[32], name[64];
        assert_int_equal(sscanf(keys[i], "%31[^.].%63s", section, name), 2);
        if (server_config_copy_key(&a, &b, section, name) != 0)
            fail_msg("live key %s is not a configuration key", keys[i]);
        assert_true(reload_key_is_live(section, name));
    }
    server_config_free(&a);
    server_config_free(&b);
}

static void test_start_only_keys(void **state)
{
    (void)state;
    static const char *const start_only[][2] = {
        {"server", "listen"},      {"server", "workers"},         {"database", "dsn"},
        {"database", "pool_size"}, {"auth", "argon2_memory_kib"}, {"auth", "hash_queue"},
        {"data", "key_file"},      {"metrics", "listen"},         {"limits", "max_frames"},
    };
    for (size_t i = 0; i < sizeof(start_only) / sizeof(start_only[0]); i++)
        assert_false(reload_key_is_live(start_only[i][0], start_only[i][1]));
    assert_true(reload_key_is_live("limits", "max_frame"));
    assert_true(reload_key_is_live("log", "level"));
    assert_true(reload_key_is_live("tls", "cert"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_keys_exist),
        cmocka_unit_test(test_start_only_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
