/* status.c -- status code names and exit codes. */
#include "common/status.h"

static const struct {
    Zhucun__Code code;
    const char *name;
    int exit_code;
} table[] = {
    {ZHUCUN__CODE__OK, "OK", 0},
    {ZHUCUN__CODE__INVALID_ARGUMENT, "INVALID_ARGUMENT", 6},
    {ZHUCUN__CODE__NOT_FOUND, "NOT_FOUND", 5},
    {ZHUCUN__CODE__ALREADY_EXISTS, "ALREADY_EXISTS", 8},
    {ZHUCUN__CODE__PERMISSION_DENIED, "PERMISSION_DENIED", 4},
    {ZHUCUN__CODE__RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED", 9},
    {ZHUCUN__CODE__FAILED_PRECONDITION, "FAILED_PRECONDITION", 7},
    {ZHUCUN__CODE__INTERNAL, "INTERNAL", 1},
    {ZHUCUN__CODE__UNAVAILABLE, "UNAVAILABLE", 10},
    {ZHUCUN__CODE__UNAUTHENTICATED, "UNAUTHENTICATED", 3},
};

const char *status_code_name(Zhucun__Code code)
{
    for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (table[i].code == code)
            return table[i].name;
    return "UNKNOWN";
}

int status_exit_code(Zhucun__Code code)
{
    for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (table[i].code == code)
            return table[i].exit_code;
    return 1;
}
