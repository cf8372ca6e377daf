/* org.c -- division codes, levels, scopes, locations and tags as pure functions. */
#include "common/rules/org.h"

#include <math.h>
#include <string.h>

static const int prefix_len[] = {0, 2, 4, 6, 9, 12};
static const char *const level_names[] = {NULL,     "province", "city",
                                          "county", "township", "village"};
static const char *const tags[] = {"乡村振兴示范村", "乡村旅游振兴示范村", "数字乡村示范村",
                                   "特色产业示范基地"};

int rules_code_prefix_len(int level)
{
    return level >= ORG_PROVINCE && level <= ORG_VILLAGE ? prefix_len[level] : 0;
}

/* The level of code, or -1 when it is not 12 digits or a segment above its own is zero: every
 * segment above the code's own must be nonzero, so 140000000001 and 140005001001 are no
 * villages. */
static int code_level_checked(const char *code)
{
    int level = rules_code_level(code);
    for (int l = ORG_PROVINCE; l < level; l++) {
        int zero = 1;
        for (int i = prefix_len[l - 1]; i < prefix_len[l]; i++)
            if (code[i] != '0')
                zero = 0;
        if (zero)
            return -1;
    }
    return level;
}

int rules_code_parent(const char *code, char parent[ORG_CODE_LEN + 1])
{
    int level = code_level_checked(code);
    if (level <= ORG_PROVINCE)
        return -1;
    int keep = prefix_len[level - 1];
    memcpy(parent, code, (size_t)keep);
    memset(parent + keep, '0', (size_t)(ORG_CODE_LEN - keep));
    parent[ORG_CODE_LEN] = '\0';
    return level - 1;
}

int rules_code_within(const char *code, const char *scope)
{
    int cl = code_level_checked(code);
    int sl = code_level_checked(scope);
    if (cl < 0 || sl < 0 || cl < sl)
        return 0;
    return strncmp(code, scope, (size_t)prefix_len[sl]) == 0;
}

int rules_level_parse(const char *name)
{
    for (int i = ORG_PROVINCE; i <= ORG_VILLAGE; i++)
        if (strcmp(name, level_names[i]) == 0)
            return i;
    return -1;
}

const char *rules_org_name_problem(const char *name)
{
    size_t n = strlen(name);
    if (n == 0)
        return "名称不能为空";
    if (n > ORG_NAME_MAX_BYTES)
        return "名称过长（最多 100 字节）";
    long chars = rules_utf8_chars(name);
    if (chars < 0)
        return "名称不是有效的 UTF-8 文本";
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            return "名称不能包含控制字符"; /* C0, DEL and C1 (U+0080-U+009F, e.g. NEL) */
    return NULL;
}

const char *rules_location_problem(double lat, double lon)
{
    if (!isfinite(lat) || !isfinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180)
        return "坐标超出范围（纬度 -90 到 90，经度 -180 到 180）";
    if (lat == 0 && lon == 0)
        return "坐标为 0,0，多半是未填写";
    return NULL;
}

const char *rules_geofence_problem(unsigned radius_m)
{
    if (radius_m < GEOFENCE_MIN_M || radius_m > GEOFENCE_MAX_M)
        return "打卡范围半径应在 50 到 20000 米之间";
    return NULL;
}

const char *rules_org_tag_problem(const char *tag)
{
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
        if (strcmp(tag, tags[i]) == 0)
            return NULL;
    return "未知的示范类型（可选：乡村振兴示范村、乡村旅游振兴示范村、数字乡村示范村、特色产业示范"
           "基地）";
}
