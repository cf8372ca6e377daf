/* test_statements.c -- a statement cannot be used without being prepared: DB_STATEMENT
 * registers each where it is defined, every pool connection prepares the registry, and the
 * pool refuses a statement made any other way. The registry is whole, its entries point back,
 * each statement's parameter count matches its SQL. (statements_registered.sh checks that
 * no statement in server/ is made without DB_STATEMENT.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uv.h>

#include "server/core/db.h"
#include "server/core/dispatch.h"

/* One the test registers, as a domain does. */
DB_STATEMENT(test_registered, "SELECT $1::integer + $2::integer", 2);

/* The highest $N in sql. */
static int highest_param(const char *sql)
{
    int max = 0;
    for (const char *p = strchr(sql, '$'); p != NULL; p = strchr(p + 1, '$')) {
        int v = atoi(p + 1);
        if (v > max)
            max = v;
    }
    return max;
}

static void test_registry_is_whole(void **state)
{
    (void)state;
    size_t n;
    const struct db_statement *const *all = db_statements(&n);
    /* The test links the call table (dispatch_calls), and so every domain's statements. */
    size_t ncalls;
    dispatch_calls(&ncalls);
    assert_true(n > 60);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const struct db_statement *st = all[i];
        assert_non_null(st);
        assert_int_equal(db_statement_index(st), (int)i);
        assert_non_null(st->name);
        assert_true(st->name[0] != '\0');
        for (size_t k = 0; k < i; k++)
            if (strcmp(all[k]->name, st->name) == 0) {
                fprintf(stderr, "two statements are named %s\n", st->name);
                bad++;
            }
        if (highest_param(st->sql) != st->nparams) {
            fprintf(stderr, "statement %s: nparams %d, but its SQL's highest parameter is $%d\n",
                    st->name, st->nparams, highest_param(st->sql));
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    assert_true(db_statement_index(&test_registered) >= 0);
}

static void test_unregistered_is_refused(void **state)
{
    (void)state;
    const struct db_statement by_hand = {"by_hand", "SELECT 1", 0, NULL, NULL, 0};
    const struct db_statement copy = test_registered; /* its entry points at the original */
    assert_int_equal(db_statement_index(&by_hand), -1);
    assert_int_equal(db_statement_index(&copy), -1);
    assert_int_equal(db_statement_index(NULL), -1);

    /* The pool itself refuses it, before anything else: a pool without connections takes no
     * query (DB_EBUSY) but says first that this one is not registered. */
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    struct db_pool_options po = {
        .dsn = "", .size = 0, .queue_max = 0, .connect_timeout_ms = 1000, .worker = 0};
    struct db_pool *pool = db_pool_new(&loop, &po);
    const char *values[2] = {"1", "2"};
    assert_int_equal(db_query(pool, &by_hand, NULL, NULL, NULL, NULL), DB_EUNREGISTERED);
    assert_int_equal(db_query(pool, &copy, values, NULL, NULL, NULL), DB_EUNREGISTERED);
    assert_int_equal(db_query(pool, &test_registered, values, NULL, NULL, NULL), DB_EBUSY);
    db_pool_close(pool);
    uv_run(&loop, UV_RUN_DEFAULT);
    db_pool_free(pool);
    assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_is_whole),
        cmocka_unit_test(test_unregistered_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
