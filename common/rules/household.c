/* household.c -- the enumerations of household records. */
#include "common/rules/household.h"

#include <string.h>

#include "common/rules/visits.h"

static int one_of(const char *s, const char *const *values)
{
    for (; *values != NULL; values++)
        if (strcmp(s, *values) == 0)
            return 1;
    return 0;
}

int rules_hh_category_ok(const char *s)
{
    return rules_hh_category_code(s) >= 0;
}

int rules_hh_category_code(const char *s)
{
    if (strcmp(s, "poverty_alleviated") == 0)
        return CAT_POVERTY_ALLEVIATED;
    if (strcmp(s, "monitored") == 0)
        return CAT_MONITORED;
    if (strcmp(s, "ordinary") == 0)
        return CAT_ORDINARY;
    return -1;
}

int rules_hh_relation_ok(const char *s)
{
    static const char *const v[] = {"head",        "spouse",  "child",  "parent", "grandchild",
                                    "grandparent", "sibling", "in_law", "other",  NULL};
    return one_of(s, v);
}

int rules_hh_labour_ok(const char *s)
{
    static const char *const v[] = {"full", "partial", "none", "minor", NULL};
    return one_of(s, v);
}

int rules_hh_health_ok(const char *s)
{
    static const char *const v[] = {"healthy", "chronic", "serious", "disabled", NULL};
    return one_of(s, v);
}
