/* account.c -- username, password, display-name and role-binding rules (pure functions). */
#include "common/rules/account.h"

#include <stdio.h>
#include <string.h>

#include "common/utf8.h"

static const struct {
    const char *role;
    int level;
    unsigned bit;
} roles[] = {
    {"province_office", ORG_PROVINCE, ROLE_PROVINCE_OFFICE},
    {"city_office", ORG_CITY, ROLE_CITY_OFFICE},
    {"county_office", ORG_COUNTY, ROLE_COUNTY_OFFICE},
    {"county_captain", ORG_COUNTY, ROLE_COUNTY_CAPTAIN},
    {"township", ORG_TOWNSHIP, ROLE_TOWNSHIP},
    {"team_captain", ORG_VILLAGE, ROLE_TEAM_CAPTAIN},
    {"cadre", ORG_VILLAGE, ROLE_CADRE},
    {"unit_admin", ORG_ANY, ROLE_UNIT_ADMIN},
    {"inspector", ORG_ANY, ROLE_INSPECTOR},
    {"exporter", ORG_ANY, ROLE_EXPORTER},
};

long rules_utf8_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    long n = 0;
    while (left > 0) {
        int k = utf8_seq_len(p, left);
        if (k == 0)
            return -1;
        p += k;
        left -= (size_t)k;
        n++;
    }
    return n;
}

/* C0 controls, DEL and the C1 controls U+0080 to U+009F (C2 80 to C2 9F in UTF-8; NEL among
 * them breaks lines in some terminals). s must already be valid UTF-8. */
static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            return 1;
    return 0;
}

const char *rules_username_problem(const char *u)
{
    size_t n = strlen(u);
    if (n < USERNAME_MIN || n > USERNAME_MAX)
        return "用户名长度须为 3 到 64 个字符";
    if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= '0' && u[0] <= '9')))
        return "用户名须以小写字母或数字开头";
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return "用户名只能包含小写字母、数字和 . _ -";
    }
    return NULL;
}

const char *rules_password_problem(const char *pw, size_t min_chars, char *buf, size_t len)
{
    long chars = rules_utf8_chars(pw);
    if (strlen(pw) > PASSWORD_MAX_BYTES)
        snprintf(buf, len, "密码过长（最多 %d 字节）", PASSWORD_MAX_BYTES);
    else if (chars < 0)
        snprintf(buf, len, "密码不是有效的 UTF-8 文本");
    else if (has_control(pw))
        snprintf(buf, len, "密码不能包含控制字符");
    else if ((size_t)chars < min_chars)
        snprintf(buf, len, "密码太短（至少 %zu 个字符）", min_chars);
    else
        return NULL;
    return buf;
}

const char *rules_display_name_problem(const char *name)
{
    size_t n = strlen(name);
    if (n == 0)
        return "姓名不能为空";
    if (n > DISPLAY_NAME_MAX_BYTES)
        return "姓名过长（最多 128 字节）";
    if (rules_utf8_chars(name) < 0)
        return "姓名不是有效的 UTF-8 文本";
    if (has_control(name))
        return "姓名不能包含控制字符";
    return NULL;
}

int rules_code_level(const char *code)
{
    if (code == NULL || strlen(code) != 12)
        return -1;
    for (int i = 0; i < 12; i++)
        if (code[i] < '0' || code[i] > '9')
            return -1;
    if (strcmp(code + 2, "0000000000") == 0)
        return ORG_PROVINCE;
    if (strcmp(code + 4, "00000000") == 0)
        return ORG_CITY;
    if (strcmp(code + 6, "000000") == 0)
        return ORG_COUNTY;
    if (strcmp(code + 9, "000") == 0)
        return ORG_TOWNSHIP;
    return ORG_VILLAGE;
}

unsigned rules_role_bit(const char *role)
{
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (strcmp(roles[i].role, role) == 0)
            return roles[i].bit;
    return 0;
}

const char *rules_role_name(unsigned bit)
{
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (roles[i].bit == bit)
            return roles[i].role;
    return NULL;
}

int rules_role_level(const char *role)
{
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (strcmp(roles[i].role, role) == 0)
            return roles[i].level;
    return -1;
}

int rules_role_level_ok(const char *role, int level)
{
    int want = rules_role_level(role);
    if (want < 0 || level < ORG_PROVINCE || level > ORG_VILLAGE)
        return 0;
    if (want == ORG_ANY || want == level)
        return 1;
    return want == ORG_VILLAGE && level == ORG_TOWNSHIP;
}

const char *rules_level_name(int level)
{
    static const char *const names[] = {"any", "province", "city", "county", "township", "village"};
    return level >= 0 && level <= ORG_VILLAGE ? names[level] : "unknown";
}

int rules_text_ok(const char *s, long min, long max)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if (*p < 0x20 && *p != '\n')
            return 0;
    long n = rules_utf8_chars(s);
    return n >= min && n <= max;
}
