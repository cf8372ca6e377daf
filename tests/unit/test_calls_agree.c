/* test_calls_agree.c -- the client library and the server agree on which calls take an
 * idempotency key: zc_call_is_keyed (client/lib/zc_calls.c) is true exactly for the calls
 * the server answers a repeated key for (a call_def with a replay, server/core/dispatch.h).
 * A keyed call the client did not know would be sent once, never retried; a call the client
 * thought keyed but the server is not would be refused ("暂不支持幂等键"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "server/core/dispatch.h"
#include "zc_calls.h"

static void test_keyed_calls_agree(void **state)
{
    (void)state;
    size_t n = 0;
    const struct call_def *const *calls = dispatch_calls(&n);
    assert_true(n > 0);
    int wrong = 0, keyed = 0;
    for (size_t i = 0; i < n; i++) {
        int server = calls[i]->replay != NULL;
        int client = zc_call_is_keyed(calls[i]->body_case);
        keyed += server;
        if (server != client) {
            printf("%s: the server %s a key, the client library %s\n", calls[i]->name,
                   server ? "keeps" : "refuses", client ? "sends one" : "sends none");
            wrong++;
        }
    }
    printf("%zu calls, %d keyed\n", n, keyed);
    assert_int_equal(wrong, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyed_calls_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
