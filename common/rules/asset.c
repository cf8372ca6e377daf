/* asset.c -- the checks of the asset and public-welfare post calls (asset.h). */
#include "common/rules/asset.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

const char *const rules_asset_categories[] = {"public_welfare", "operational", "household", NULL};
const char *const rules_asset_conditions[] = {"good", "needs_repair", "damaged", "out_of_use",
                                              NULL};
const char *const rules_welfare_post_kinds[] = {"cleaner",       "road_keeper",  "water_keeper",
                                                "forest_ranger", "power_keeper", "care_worker",
                                                "security",      "other",        NULL};

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

static int listed(const char *const *list, const char *code)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, code) == 0)
            return 1;
    return 0;
}

/* min to max characters of valid UTF-8, no control characters but a line break. */
static int chars_between(const char *s, long min, long max)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if (*p < 0x20 && *p != '\n')
            return 0;
    long n = rules_utf8_chars(s);
    return n >= min && n <= max;
}

/* A date YYYY-MM-DD, not after today when today >= 0: the message or NULL, the day in *day. */
static const char *date_problem(const char *s, int today, int *day)
{
    int ok;
    *day = rules_date_days(s, &ok);
    if (!ok)
        return "日期应为 YYYY-MM-DD";
    return today >= 0 && *day > today ? "日期不能晚于今天" : NULL;
}

static int evidence_ok(const ProtobufCBinaryData *e, size_t n)
{
    if (n > ASSET_EVIDENCE_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].len != ASSET_SHA256_LEN)
            return 0;
    return 1;
}
#define EVIDENCE_PROBLEM                                                                           \
    "证明材料最多 " STR(ASSET_EVIDENCE_MAX) " 份，每份以其 SHA-256（32 字节）给出"

int rules_asset_period(const char *period, int today)
{
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    size_t n = strlen(period);
    if (n != 4 && n != 7)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i == 4 ? period[i] != '-' : (period[i] < '0' || period[i] > '9'))
            return 0;
    int year = (period[0] - '0') * 1000 + (period[1] - '0') * 100 + (period[2] - '0') * 10 +
               (period[3] - '0');
    if (year < ASSET_FIRST_YEAR || year > y)
        return 0;
    if (n == 4)
        return 1;
    int month = (period[5] - '0') * 10 + (period[6] - '0');
    if (month < 1 || month > 12 || (year == y && month > m))
        return 0;
    return 2;
}

int rules_asset_shares_total(Zhucun__AssetShare *const *shares, size_t n, int64_t amount,
                             int64_t *total)
{
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        if (shares[i]->amount_fen <= 0 || shares[i]->amount_fen > ASSET_INCOME_MAX_FEN)
            return -1;
        *total += shares[i]->amount_fen; /* n <= ASSET_SHARES_MAX: no overflow */
    }
    return *total == amount ? 0 : -1;
}

const char *rules_asset_set_problem(const Zhucun__AssetSet *in, int today, const char **field)
{
    const char *problem;
    int reg = 0, hand = 0;
    if (in->id < 0)
        FAIL("id", "资产编号不能为负数");
    if (in->id == 0 && in->project_id <= 0)
        FAIL("project_id", "请给出资产所属项目的编号");
    if (rules_code_level(in->village_code) != ORG_VILLAGE)
        FAIL("village_code", "请给出资产所在行政村的 12 位区划代码");
    if (!listed(rules_asset_categories, in->category))
        FAIL("category", "资产类别应为 public_welfare（公益性）、operational（经营性）或 "
                         "household（到户类）");
    if (!chars_between(in->name, 1, ASSET_NAME_MAX))
        FAIL("name", "请填写资产名称（1 到 " STR(ASSET_NAME_MAX) " 个字符）");
    if ((strcmp(in->category, "household") == 0) != (in->owner_household > 0))
        FAIL("owner_household", "到户类资产须给出所有户的编号，其他类别的资产归村集体所有（不填）");
    if (!chars_between(in->custodian, 1, ASSET_PARTY_MAX))
        FAIL("custodian", "请填写管护主体（1 到 " STR(ASSET_PARTY_MAX) " 个字符）");
    if (!chars_between(in->custodian_person, 1, ASSET_PERSON_MAX))
        FAIL("custodian_person", "请填写管护责任人（1 到 " STR(ASSET_PERSON_MAX) " 个字符）");
    if (in->value_fen <= 0 || in->value_fen > ASSET_VALUE_MAX_FEN)
        FAIL("value_fen", "资产价值应大于 0 元，最多 10 亿元");
    if (!chars_between(in->address, 1, ASSET_ADDRESS_MAX))
        FAIL("address", "请填写资产位置（1 到 " STR(ASSET_ADDRESS_MAX) " 个字符）");
    if (in->located && (in->lat < -90 || in->lat > 90 || in->lon < -180 || in->lon > 180))
        FAIL("lat", "坐标应为纬度 -90 到 90、经度 -180 到 180");
    if (in->registered_on[0] != '\0') {
        if ((problem = date_problem(in->registered_on, today, &reg)) != NULL)
            FAIL("registered_on", problem);
        if (!chars_between(in->certificate_no, 1, ASSET_CERTIFICATE_MAX))
            FAIL("certificate_no",
                 "确权登记须填写证书编号（1 到 " STR(ASSET_CERTIFICATE_MAX) " 个字符）");
    } else if (in->certificate_no[0] != '\0')
        FAIL("registered_on", "有证书编号时请填写确权登记日期");
    if (in->handed_over_on[0] != '\0') {
        if ((problem = date_problem(in->handed_over_on, today, &hand)) != NULL)
            FAIL("handed_over_on", problem);
        if (in->registered_on[0] == '\0' || hand < reg)
            FAIL("handed_over_on", "移交日期不能早于确权登记日期（先确权，后移交）");
        if (!chars_between(in->handed_over_to, 1, ASSET_PARTY_MAX))
            FAIL("handed_over_to", "移交须填写接收方（1 到 " STR(ASSET_PARTY_MAX) " 个字符）");
    } else if (in->handed_over_to[0] != '\0')
        FAIL("handed_over_on", "有接收方时请填写移交日期");
    if (!chars_between(in->upkeep_by, 1, ASSET_PARTY_MAX))
        FAIL("upkeep_by", "请填写管护责任单位（1 到 " STR(ASSET_PARTY_MAX) " 个字符）");
    if (!chars_between(in->upkeep_funding, 1, ASSET_PARTY_MAX))
        FAIL("upkeep_funding", "请填写管护经费来源（1 到 " STR(ASSET_PARTY_MAX) " 个字符）");
    if (!evidence_ok(in->evidence, in->n_evidence))
        FAIL("evidence", EVIDENCE_PROBLEM);
    return NULL;
}

const char *rules_asset_maintain_problem(const Zhucun__AssetMaintain *in, int today,
                                         const char **field)
{
    const char *problem;
    int day;
    if (in->asset_id <= 0)
        FAIL("asset_id", "请给出资产编号");
    if ((problem = date_problem(in->on_date, today, &day)) != NULL)
        FAIL("on_date", problem);
    if (!chars_between(in->work, 1, ASSET_WORK_MAX))
        FAIL("work", "请写明管护内容（1 到 " STR(ASSET_WORK_MAX) " 个字符）");
    if (in->cost_fen < 0 || in->cost_fen > ASSET_COST_MAX_FEN)
        FAIL("cost_fen", "管护费用应为 0 到 1 亿元");
    if (!chars_between(in->done_by, 1, ASSET_PARTY_MAX))
        FAIL("done_by", "请填写管护人或单位（1 到 " STR(ASSET_PARTY_MAX) " 个字符）");
    if (!listed(rules_asset_conditions, in->condition))
        FAIL("condition", "资产状况应为 good（完好）、needs_repair（需维修）、damaged（损坏）或 "
                          "out_of_use（停用）");
    if (!evidence_ok(in->evidence, in->n_evidence))
        FAIL("evidence", EVIDENCE_PROBLEM);
    return NULL;
}

const char *rules_asset_income_problem(const Zhucun__AssetIncome *in, int today, const char **field)
{
    const char *problem;
    int day;
    int64_t total;
    if (in->asset_id <= 0)
        FAIL("asset_id", "请给出资产编号");
    if (in->income_id < 0)
        FAIL("income_id", "收益编号不能为负数");
    if (in->income_id == 0) {
        if (rules_asset_period(in->period, today) == 0)
            FAIL("period", "收益期间应为年份 YYYY 或月份 YYYY-MM（" STR(
                               ASSET_FIRST_YEAR) " 年起，不晚于本月）");
        if (in->amount_fen <= 0 || in->amount_fen > ASSET_INCOME_MAX_FEN)
            FAIL("amount_fen", "收益金额应大于 0 元，最多 1 亿元");
        if ((problem = date_problem(in->received_on, today, &day)) != NULL)
            FAIL("received_on", problem);
        if (!chars_between(in->note, 0, ASSET_NOTE_MAX))
            FAIL("note", "备注最多 " STR(ASSET_NOTE_MAX) " 个字符");
    } else if (in->n_shares == 0)
        FAIL("shares", "分配已登记的收益时请给出各份分配");
    if (in->n_shares > ASSET_SHARES_MAX)
        FAIL("shares", "一次分配最多 " STR(ASSET_SHARES_MAX) " 份");
    for (size_t i = 0; i < in->n_shares; i++) {
        const Zhucun__AssetShare *s = in->shares[i];
        int collective = strcmp(s->kind, "collective") == 0;
        if (!collective && strcmp(s->kind, "household") != 0 && strcmp(s->kind, "post") != 0)
            FAIL("shares", "每份分配的对象应为 collective（村集体）、household（农户）或 "
                           "post（公益岗位）");
        if (collective ? s->id != 0 : s->id <= 0)
            FAIL("shares", "分给农户或公益岗位的每份须给出其编号，分给村集体的不带编号");
        if (s->amount_fen <= 0)
            FAIL("shares", "每份分配的金额应大于 0");
    }
    if (in->income_id == 0 && in->n_shares > 0 &&
        rules_asset_shares_total(in->shares, in->n_shares, in->amount_fen, &total) != 0)
        FAIL("shares", "各份分配的合计须恰好等于收益金额");
    return NULL;
}

const char *rules_welfare_post_set_problem(const Zhucun__WelfarePostSet *in, const char **field)
{
    const char *problem;
    int day;
    if (in->id < 0)
        FAIL("id", "岗位编号不能为负数");
    if (rules_code_level(in->village_code) != ORG_VILLAGE)
        FAIL("village_code", "请给出行政村的 12 位区划代码");
    if (!listed(rules_welfare_post_kinds, in->kind))
        FAIL("kind", "岗位类别应为 cleaner、road_keeper、water_keeper、forest_ranger、"
                     "power_keeper、care_worker、security 或 other");
    if (in->member_id <= 0)
        FAIL("member_id", "请给出担任岗位的农户成员编号");
    if ((problem = date_problem(in->from_on, -1, &day)) != NULL)
        FAIL("from_on", problem);
    if (in->monthly_pay_fen <= 0 || in->monthly_pay_fen > WELFARE_PAY_MAX_FEN)
        FAIL("monthly_pay_fen", "岗位月工资应大于 0 元，最多 5000 元");
    if (in->funded_asset < 0)
        FAIL("funded_asset", "资产编号不能为负数");
    if ((in->funded_asset > 0) == (in->funded_by[0] != '\0'))
        FAIL("funded_by", "岗位工资来源二选一：经营性资产的收益（资产编号）或资金名称");
    if (in->funded_asset == 0 && !chars_between(in->funded_by, 1, ASSET_PARTY_MAX))
        FAIL("funded_by", "资金名称最多 " STR(ASSET_PARTY_MAX) " 个字符");
    return NULL;
}

const char *rules_welfare_post_end_problem(const Zhucun__WelfarePostEnd *in, const char **field)
{
    const char *problem;
    int day;
    if (in->id <= 0)
        FAIL("id", "请给出岗位编号");
    if ((problem = date_problem(in->to_on, -1, &day)) != NULL) /* a contract's end may come */
        FAIL("to_on", problem);
    if (!chars_between(in->reason, 1, WELFARE_REASON_MAX))
        FAIL("reason", "请写明岗位结束的原因（1 到 " STR(WELFARE_REASON_MAX) " 个字符）");
    return NULL;
}

const char *rules_asset_list_problem(const Zhucun__AssetList *in, const char **field)
{
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "请给出 12 位区划代码（不填：您的全部管辖范围）");
    if (in->project_id < 0)
        FAIL("project_id", "项目编号不能为负数");
    if (in->limit > ASSET_LIST_MAX)
        FAIL("limit", "一次最多列出 " STR(ASSET_LIST_MAX) " 项资产");
    return NULL;
}

const char *rules_welfare_post_list_problem(const Zhucun__WelfarePostList *in, const char **field)
{
    if (rules_code_level(in->village_code) != ORG_VILLAGE)
        FAIL("village_code", "请给出行政村的 12 位区划代码");
    return NULL;
}
