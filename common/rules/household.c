/* household.c -- the enumerations of household records. */
#include "common/rules/household.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/idcard.h"
#include "common/rules/visits.h"

#define NAME_MAX_BYTES 64
/* A limit in a message, from the number itself. */
#define STR_(x)         #x
#define STR(x)          STR_(x)
#define PHONE_MAX_BYTES 20

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

int rules_hh_phone_ok(const char *p)
{
    size_t n = strlen(p);
    return n <= PHONE_MAX_BYTES && strspn(p, "0123456789+- ") == n;
}

int rules_hh_leave_reason_ok(const char *s)
{
    static const char *const v[] = {"moved_out", "deceased", "married_out", NULL};
    return one_of(s, v);
}

const char *rules_hh_member_problem(const char *name, const char *relation, const char *id_number,
                                    const char *labour, const char *health, const char *phone,
                                    const char *birth_date, const char *today, const char **field)
{
    const char *problem;
    if ((problem = rules_display_name_problem(name)) != NULL) {
        *field = "name";
        return problem;
    }
    if (strlen(name) > NAME_MAX_BYTES) {
        *field = "name";
        return "姓名过长（最多 " STR(NAME_MAX_BYTES) " 字节）";
    }
    if (!rules_hh_relation_ok(relation)) {
        *field = "relation";
        return "与户主关系应为 head、spouse、child、parent、grandchild、grandparent、sibling、"
               "in_law 或 other";
    }
    if ((problem = rules_idcard_problem(id_number, today)) != NULL) {
        *field = "id_number";
        return problem;
    }
    if (!rules_hh_labour_ok(labour)) {
        *field = "labour";
        return "劳动能力应为 full、partial、none 或 minor";
    }
    if (!rules_hh_health_ok(health)) {
        *field = "health";
        return "健康状况应为 healthy、chronic、serious 或 disabled";
    }
    if (!rules_hh_phone_ok(phone)) {
        *field = "phone";
        return RULES_HH_PHONE_PROBLEM;
    }
    if (birth_date != NULL && birth_date[0] != '\0') {
        char birth[11];
        rules_idcard_birth_date(id_number, birth);
        if (strcmp(birth, birth_date) != 0) {
            *field = "birth_date";
            return "出生日期与身份证号不符";
        }
    }
    *field = NULL;
    return NULL;
}

const char *rules_hh_address_problem(const char *address)
{
    long chars = rules_utf8_chars(address);
    if (chars < 0)
        return "地址不是有效的 UTF-8 文本";
    if (chars > HOUSEHOLD_ADDRESS_MAX)
        return "地址过长（最多 " STR(HOUSEHOLD_ADDRESS_MAX) " 个字符）";
    return NULL;
}
