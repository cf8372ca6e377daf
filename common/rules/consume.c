/* consume.c -- the checks of the consumption assistance calls (consume.h). */
#include "common/rules/consume.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

/* A text of min to max characters of valid UTF-8 without control characters. */
static int text_ok(const char *s, long min, long max)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if (*p < 0x20)
            return 0;
    long n = rules_utf8_chars(s);
    return n >= min && n <= max;
}

/* A day as YYYY-MM-DD, not after today when today >= 0: the message, or NULL with *day. */
static const char *day_problem(const char *s, int today, int *day)
{
    int ok;
    *day = rules_date_days(s, &ok);
    if (!ok)
        return "日期应为 YYYY-MM-DD";
    if (today >= 0 && *day > today)
        return "日期不能晚于今天";
    return NULL;
}

static int one_of(const char *s, const char *const *set)
{
    for (; *set != NULL; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

static const char *const producer_kinds[] = {"household", "cooperative", "company", NULL};

/* The producer, the goods, the quantity, the amount and the evidence: the fields a purchase
 * and a contract share (their names are the same in both messages). */
static const char *producer_problem(const char *kind, int64_t household, const char *name,
                                    const char **field)
{
    if (!one_of(kind, producer_kinds))
        FAIL("producer_kind",
             "生产主体应为 household（农户）、cooperative（合作社）或 company（企业）");
    if (strcmp(kind, "household") == 0) {
        if (household <= 0)
            FAIL("household_id", "农户生产主体请给出农户编号");
        if (name[0] != '\0')
            FAIL("producer_name", "农户的名称取自户主姓名，不另填");
    } else {
        if (household != 0)
            FAIL("household_id", "合作社或企业不填农户编号");
        if (!text_ok(name, 1, CONSUME_NAME_MAX))
            FAIL("producer_name",
                 "请填写合作社或企业名称（1 到 " STR(CONSUME_NAME_MAX) " 个字符）");
    }
    return NULL;
}

static const char *goods_problem(const char *goods, int64_t quantity, const char *unit,
                                 int64_t amount, size_t n_evidence, const ProtobufCBinaryData *ev,
                                 const char **field)
{
    if (!text_ok(goods, 1, CONSUME_NAME_MAX))
        FAIL("goods", "请填写商品（1 到 " STR(CONSUME_NAME_MAX) " 个字符）");
    if (quantity < 1 || quantity > CONSUME_QUANTITY_MAX)
        FAIL("quantity", "数量应为 1 到 " STR(CONSUME_QUANTITY_MAX));
    if (!text_ok(unit, 1, CONSUME_UNIT_MAX))
        FAIL("qty_unit", "请填写计量单位（如 斤、箱、袋，最多 " STR(CONSUME_UNIT_MAX) " 个字符）");
    if (amount < 1 || amount > CONSUME_AMOUNT_MAX)
        FAIL("amount", "金额应为 1 分到 100 万元（" STR(CONSUME_AMOUNT_MAX) " 分）");
    if (n_evidence > CONSUME_EVIDENCE_MAX)
        FAIL("evidence", "一条记录最多附 " STR(CONSUME_EVIDENCE_MAX) " 份证明材料");
    for (size_t i = 0; i < n_evidence; i++)
        if (ev[i].len != CONSUME_SHA256_LEN)
            FAIL("evidence", "证明材料应以其 SHA-256（32 字节）给出");
    return NULL;
}

static const char *village_problem(const char *code, const char **field)
{
    if (rules_code_level(code) != ORG_VILLAGE)
        FAIL("village", "请给出生产主体所在行政村的 12 位区划代码");
    return NULL;
}

static const char *year_problem(uint32_t year, int today, const char **field)
{
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    if (year != 0 && (year < CONSUME_FIRST_YEAR || year > (uint32_t)y))
        FAIL("year", "年份应为 " STR(CONSUME_FIRST_YEAR) " 年到今年");
    return NULL;
}

static const char *org_problem(const char *code, const char **field)
{
    if (code[0] != '\0' && rules_code_level(code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    return NULL;
}

const char *rules_purchase_record_problem(const Zhucun__PurchaseRecord *in, int today,
                                          const char **field)
{
    static const char *const buyers[] = {"unit", "secretary", "team", NULL};
    const char *problem;
    int day;
    if (in->unit_id <= 0)
        FAIL("unit_id", "请给出采购计入的派出单位");
    if (!one_of(in->buyer_kind, buyers))
        FAIL("buyer_kind", "采购方应为 unit（单位）、secretary（第一书记）或 team（工作队）");
    if (in->person_id < 0 || (strcmp(in->buyer_kind, "secretary") != 0 && in->person_id != 0))
        FAIL("person_id", "只有第一书记的采购填写人员编号");
    if (in->team_id < 0 || (strcmp(in->buyer_kind, "team") != 0 && in->team_id != 0))
        FAIL("team_id", "只有工作队的采购填写工作队编号");
    if ((problem = village_problem(in->village, field)) != NULL)
        return problem;
    if ((problem = producer_problem(in->producer_kind, in->household_id, in->producer_name,
                                    field)) != NULL)
        return problem;
    if ((problem = day_problem(in->on_date, today, &day)) != NULL)
        FAIL("on_date", problem);
    return goods_problem(in->goods, in->quantity, in->qty_unit, in->amount, in->n_evidence,
                         in->evidence, field);
}

const char *rules_purchase_list_problem(const Zhucun__PurchaseList *in, int today,
                                        const char **field)
{
    const char *problem;
    if ((problem = org_problem(in->org_code, field)) != NULL)
        return problem;
    if (in->unit_id < 0)
        FAIL("unit_id", "单位编号不能为负数");
    if ((problem = year_problem(in->year, today, field)) != NULL)
        return problem;
    if (in->limit > CONSUME_LIST_MAX)
        FAIL("limit", "一次最多列出 " STR(CONSUME_LIST_MAX) " 条采购");
    return NULL;
}

const char *rules_contract_record_problem(const Zhucun__ContractRecord *in, int today,
                                          const char **field)
{
    static const char *const buyers[] = {"platform", "supermarket", NULL};
    const char *problem;
    int signed_on, from, to;
    if ((problem = village_problem(in->village, field)) != NULL)
        return problem;
    if (!text_ok(in->buyer_name, 1, CONSUME_NAME_MAX))
        FAIL("buyer_name", "请填写平台或商超名称（1 到 " STR(CONSUME_NAME_MAX) " 个字符）");
    if (!one_of(in->buyer_kind, buyers))
        FAIL("buyer_kind", "购买方应为 platform（电商平台）或 supermarket（商超）");
    if ((problem = producer_problem(in->producer_kind, in->household_id, in->producer_name,
                                    field)) != NULL)
        return problem;
    if ((problem = day_problem(in->signed_on, today, &signed_on)) != NULL)
        FAIL("signed_on", problem);
    if ((problem = day_problem(in->period_from, -1, &from)) != NULL)
        FAIL("period_from", problem);
    if ((problem = day_problem(in->period_to, -1, &to)) != NULL)
        FAIL("period_to", problem);
    if (to < from)
        FAIL("period_to", "合同期限的结束日期不能早于开始日期");
    if (to - from > CONSUME_PERIOD_MAX_DAYS)
        FAIL("period_to", "合同期限最长 5 年（" STR(CONSUME_PERIOD_MAX_DAYS) " 天）");
    return goods_problem(in->goods, in->quantity, in->qty_unit, in->amount, in->n_evidence,
                         in->evidence, field);
}

const char *rules_contract_list_problem(const Zhucun__ContractList *in, int today,
                                        const char **field)
{
    const char *problem;
    if ((problem = org_problem(in->org_code, field)) != NULL)
        return problem;
    if ((problem = year_problem(in->year, today, field)) != NULL)
        return problem;
    if (in->limit > CONSUME_LIST_MAX)
        FAIL("limit", "一次最多列出 " STR(CONSUME_LIST_MAX) " 份合同");
    return NULL;
}

const char *rules_quota_progress_problem(const Zhucun__QuotaProgress *in, int today,
                                         const char **field)
{
    const char *problem;
    if ((problem = org_problem(in->org_code, field)) != NULL)
        return problem;
    return year_problem(in->year, today, field);
}
