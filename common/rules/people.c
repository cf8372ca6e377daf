/* people.c -- dispatching units' levels and text, persons' names and phones (people.h). */
#include "common/rules/people.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/household.h"

const char *rules_text_problem(const char *s, size_t max, char *buf, size_t len)
{
    if (strlen(s) > max) {
        snprintf(buf, len, "内容过长（最多 %zu 字节）", max);
        return buf;
    }
    return s[0] != '\0' ? rules_display_name_problem(s) : NULL;
}

int rules_unit_org_level(const char *level)
{
    if (strcmp(level, "central") == 0 || strcmp(level, "province") == 0)
        return ORG_PROVINCE;
    if (strcmp(level, "city") == 0)
        return ORG_CITY;
    if (strcmp(level, "county") == 0)
        return ORG_COUNTY;
    return -1;
}

const char *rules_person_name_problem(const char *name)
{
    /* Invalid UTF-8 counts -1 characters here and is refused as a display name. */
    if (rules_utf8_chars(name) > PERSON_NAME_MAX_CHARS)
        return PERSON_NAME_TOO_LONG;
    return rules_display_name_problem(name);
}

int rules_person_phone_ok(const char *phone)
{
    /* One rule for every phone number the system keeps; only the message differs. */
    return rules_hh_phone_ok(phone);
}
