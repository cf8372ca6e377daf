/* approval.c -- the shape of an approval kind's code (approval.h). */
#include "common/rules/approval.h"

#include <stddef.h>

int rules_approval_kind_ok(const char *kind)
{
    if (kind == NULL || !(kind[0] >= 'a' && kind[0] <= 'z'))
        return 0;
    size_t n = 1;
    for (const char *c = kind + 1; *c != '\0'; c++, n++) {
        /* Tested byte by byte, not with islower: a locale must not admit other letters. */
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return 0;
        if (n >= APPROVAL_KIND_MAX)
            return 0;
    }
    return 1;
}

const char *rules_approval_kind_problem(const char *kind)
{
    if (kind == NULL || kind[0] == '\0')
        return APPROVAL_KIND_MISSING;
    return rules_approval_kind_ok(kind) ? NULL : APPROVAL_KIND_PROBLEM;
}
