/* points.c -- the checks of the villager points calls (points.h). */
#include "common/rules/points.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

int rules_points_after(int64_t balance, uint32_t price, uint32_t quantity, int64_t *after)
{
    int64_t cost = (int64_t)price * (int64_t)quantity;
    *after = balance - cost;
    return *after >= 0 ? 0 : -1;
}

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

static const char *village_problem(const char *code, const char **field)
{
    if (rules_code_level(code) != ORG_VILLAGE)
        FAIL("village_code", "请给出行政村的 12 位区划代码");
    return NULL;
}

static int code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > POINTS_CODE_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
            return 0;
    return 1;
}

#define CODE_PROBLEM "事项编号应为 1 到 " STR(POINTS_CODE_MAX) " 个字母、数字、_ 或 -"

const char *rules_points_deed_set_problem(const Zhucun__PointsDeedSet *in, const char **field)
{
    const char *problem;
    int day;
    if ((problem = village_problem(in->village_code, field)) != NULL)
        return problem;
    if (!code_ok(in->code))
        FAIL("code", CODE_PROBLEM);
    if (!rules_text_ok(in->label, 1, POINTS_LABEL_MAX))
        FAIL("label", "请填写事项内容（1 到 " STR(POINTS_LABEL_MAX) " 个字符）");
    if (in->points < POINTS_DEED_MIN || in->points > POINTS_DEED_MAX)
        FAIL("points",
             "一项事项的分值应为 " STR(POINTS_DEED_MIN) " 到 " STR(POINTS_DEED_MAX) " 分");
    if ((problem = rules_date_problem(in->valid_from, -1, &day)) != NULL)
        FAIL("valid_from", problem);
    return NULL;
}

const char *rules_points_good_set_problem(const Zhucun__PointsGoodSet *in, const char **field)
{
    const char *problem;
    int day;
    if ((problem = village_problem(in->village_code, field)) != NULL)
        return problem;
    if (in->good_id < 0)
        FAIL("good_id", "商品编号不能为负数");
    if (in->good_id == 0 && !rules_text_ok(in->name, 1, POINTS_NAME_MAX))
        FAIL("name", "新商品请填写名称（1 到 " STR(POINTS_NAME_MAX) " 个字符）");
    if (in->good_id == 0 && !rules_text_ok(in->unit, 1, POINTS_UNIT_MAX))
        FAIL("unit", "新商品请填写计量单位（如 件、袋、瓶，最多 " STR(POINTS_UNIT_MAX) " 个字符）");
    if (in->good_id > 0 && (in->name[0] != '\0' || in->unit[0] != '\0'))
        FAIL("name", "改价只填商品编号、价格和起始日期（名称和单位不可更改）");
    if (in->price < POINTS_PRICE_MIN || in->price > POINTS_PRICE_MAX)
        FAIL("price",
             "商品价格应为每单位 " STR(POINTS_PRICE_MIN) " 到 " STR(POINTS_PRICE_MAX) " 分");
    if ((problem = rules_date_problem(in->valid_from, -1, &day)) != NULL)
        FAIL("valid_from", problem);
    return NULL;
}

const char *rules_points_award_problem(const Zhucun__PointsAward *in, int today, const char **field)
{
    const char *problem;
    int day;
    if (!code_ok(in->deed_code))
        FAIL("deed_code", CODE_PROBLEM);
    if ((problem = rules_date_problem(in->deed_date, today, &day)) != NULL)
        FAIL("deed_date", problem);
    if (!rules_text_ok(in->reason, 1, POINTS_REASON_MAX))
        FAIL("reason", "请写明奖励事由（1 到 " STR(POINTS_REASON_MAX) " 个字符）");
    if (in->n_evidence > POINTS_EVIDENCE_MAX)
        FAIL("evidence", "一次奖励最多附 " STR(POINTS_EVIDENCE_MAX) " 份证明材料");
    for (size_t i = 0; i < in->n_evidence; i++)
        if (in->evidence[i].len != POINTS_SHA256_LEN)
            FAIL("evidence", "证明材料应以其 SHA-256（32 字节）给出");
    return NULL;
}

const char *rules_points_donate_problem(const Zhucun__PointsDonate *in, int today,
                                        const char **field)
{
    const char *problem;
    int day;
    if ((problem = village_problem(in->village_code, field)) != NULL)
        return problem;
    if (!rules_text_ok(in->donor, 1, POINTS_NAME_MAX))
        FAIL("donor", "请填写捐赠方（1 到 " STR(POINTS_NAME_MAX) " 个字符）");
    if ((problem = rules_date_problem(in->on_date, today, &day)) != NULL)
        FAIL("on_date", problem);
    if (in->n_items < 1 || in->n_items > POINTS_DONATION_ITEMS_MAX)
        FAIL("items", "一次捐赠登记 1 到 " STR(POINTS_DONATION_ITEMS_MAX) " 种物品");
    for (size_t i = 0; i < in->n_items; i++) {
        if (in->items[i]->good_id <= 0)
            FAIL("items", "每种物品须给出积分超市的商品编号（先登记商品）");
        if (in->items[i]->quantity < 1 || in->items[i]->quantity > POINTS_QUANTITY_MAX)
            FAIL("items", "每种物品的数量应为 1 到 " STR(POINTS_QUANTITY_MAX));
    }
    if (!rules_text_ok(in->note, 0, POINTS_NOTE_MAX))
        FAIL("note", "备注过长（最多 " STR(POINTS_NOTE_MAX) " 个字符）");
    return NULL;
}

const char *rules_points_redeem_problem(const Zhucun__PointsRedeem *in, int today,
                                        const char **field)
{
    const char *problem;
    int day;
    if (in->quantity < 1 || in->quantity > POINTS_REDEEM_QUANTITY_MAX)
        FAIL("quantity", "一次兑换 1 到 " STR(POINTS_REDEEM_QUANTITY_MAX) " 个单位");
    if ((problem = rules_date_problem(in->on_date, today, &day)) != NULL)
        FAIL("on_date", problem);
    if (in->price > POINTS_PRICE_MAX)
        FAIL("price", "商品价格最多每单位 " STR(POINTS_PRICE_MAX) " 分");
    return NULL;
}

const char *rules_points_correct_problem(const Zhucun__PointsCorrect *in, const char **field)
{
    if (!rules_text_ok(in->reason, 1, POINTS_REASON_MAX))
        FAIL("reason", "请写明冲正原因（1 到 " STR(POINTS_REASON_MAX) " 个字符）");
    return NULL;
}

const char *rules_points_shop_problem(const Zhucun__PointsShop *in, const char **field)
{
    const char *problem;
    int day;
    if ((problem = village_problem(in->village_code, field)) != NULL)
        return problem;
    if (in->on_date[0] != '\0' && (problem = rules_date_problem(in->on_date, -1, &day)) != NULL)
        FAIL("on_date", problem);
    return NULL;
}

const char *rules_points_history_problem(const Zhucun__PointsHistory *in, const char **field)
{
    if (in->limit > POINTS_HISTORY_MAX)
        FAIL("limit", "一次最多列出 " STR(POINTS_HISTORY_MAX) " 条积分记录");
    return NULL;
}

const char *rules_points_report_problem(const Zhucun__PointsReport *in, int today,
                                        const char **field)
{
    const char *problem;
    int y, m, d;
    if ((problem = village_problem(in->village_code, field)) != NULL)
        return problem;
    rules_civil_from_days(today, &y, &m, &d);
    if (in->year != 0 && (in->year < POINTS_FIRST_YEAR || in->year > (unsigned)y))
        FAIL("year", "年份应为 " STR(POINTS_FIRST_YEAR) " 年到今年");
    if (in->top > POINTS_TOP_MAX)
        FAIL("top", "积分排行最多列出 " STR(POINTS_TOP_MAX) " 户");
    return NULL;
}

const char *rules_points_check_problem(const Zhucun__PointsCheck *in, const char **field)
{
    if (in->village_code[0] != '\0')
        return village_problem(in->village_code, field);
    return NULL;
}
