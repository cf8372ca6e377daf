/* test_status.c -- status code names and CLI exit codes (common/status.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/status.h"

/* The table documented in status.h. */
static const struct {
    Zhucun__Code code;
    const char *name;
    int exit_code;
} documented[] = {
    {ZHUCUN__CODE__OK, "OK", 0},
    {ZHUCUN__CODE__UNAUTHENTICATED, "UNAUTHENTICATED", 3},
    {ZHUCUN__CODE__PERMISSION_DENIED, "PERMISSION_DENIED", 4},
    {ZHUCUN__CODE__NOT_FOUND, "NOT_FOUND", 5},
    {ZHUCUN__CODE__INVALID_ARGUMENT, "INVALID_ARGUMENT", 6},
    {ZHUCUN__CODE__FAILED_PRECONDITION, "FAILED_PRECONDITION", 7},
    {ZHUCUN__CODE__ALREADY_EXISTS, "ALREADY_EXISTS", 8},
    {ZHUCUN__CODE__RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED", 9},
    {ZHUCUN__CODE__UNAVAILABLE, "UNAVAILABLE", 10},
    {ZHUCUN__CODE__INTERNAL, "INTERNAL", 1},
};

static void test_documented_table(void **state)
{
    for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++) {
        assert_string_equal(status_code_name(documented[i].code), documented[i].name);
        assert_int_equal(status_exit_code(documented[i].code), documented[i].exit_code);
    }
    assert_int_equal(status_exit_code(ZHUCUN__CODE__UNAVAILABLE), EXIT_UNAVAILABLE);
}

/* The wire numbers are gRPC's; the exit codes are not, so a table keyed by the wire number
 * in the wrong order would show here. */
static void test_wire_numbers(void **state)
{
    assert_int_equal(ZHUCUN__CODE__INVALID_ARGUMENT, 3);
    assert_int_equal(status_exit_code((Zhucun__Code)3), 6);
    assert_int_equal(status_exit_code((Zhucun__Code)16), 3);
    assert_int_equal(status_exit_code((Zhucun__Code)14), 10);
    assert_string_equal(status_code_name((Zhucun__Code)16), "UNAUTHENTICATED");
}

/* Every code the protocol defines has its own name, the same as in the .proto, so a code
 * added to envelope.proto without a row here fails. */
static void test_every_proto_code_named(void **state)
{
    const ProtobufCEnumDescriptor *d = &zhucun__code__descriptor;
    assert_int_equal(d->n_values, sizeof(documented) / sizeof(documented[0]));
    for (unsigned i = 0; i < d->n_values; i++) {
        Zhucun__Code code = (Zhucun__Code)d->values[i].value;
        assert_string_equal(status_code_name(code), d->values[i].name);
        int exit_code = status_exit_code(code);
        assert_int_not_equal(exit_code, EXIT_USAGE);
        assert_true(exit_code >= 0 && exit_code <= 10);
        if (code != ZHUCUN__CODE__OK)
            assert_int_not_equal(exit_code, 0);
    }
}

/* Exit codes other than 1 each belong to one status, so a script can tell them apart. */
static void test_exit_codes_distinct(void **state)
{
    size_t n = sizeof(documented) / sizeof(documented[0]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_int_not_equal(status_exit_code(documented[i].code),
                                 status_exit_code(documented[j].code));
}

static void test_unknown_codes(void **state)
{
    const int unknown[] = {1, 2, 4, 10, 11, 12, 15, 17, 99, -1, 1000000};
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        assert_string_equal(status_code_name((Zhucun__Code)unknown[i]), "UNKNOWN");
        assert_int_equal(status_exit_code((Zhucun__Code)unknown[i]), 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documented_table),       cmocka_unit_test(test_wire_numbers),
        cmocka_unit_test(test_every_proto_code_named), cmocka_unit_test(test_exit_codes_distinct),
        cmocka_unit_test(test_unknown_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
