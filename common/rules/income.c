/* income.c -- the income sums' arithmetic (per capita, the projection to a year, a fall) and
 * the checks of a month's record and of a one-on-one plan: see income.h. */
#include "common/rules/income.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

int64_t rules_income_div_round(int64_t num, int64_t den)
{
    /* Halves away from zero, in integers: |num| * 2 + den over den * 2, with num's sign. The
     * operands stay far inside int64 for the amounts income.h allows. */
    int64_t a = num < 0 ? -num : num;
    int64_t q = (a * 2 + den) / (den * 2);
    return num < 0 ? -q : q;
}

int64_t rules_income_net(const struct income_items *it)
{
    return it->wages + it->business + it->rent + it->dividend + it->pension + it->subsidy +
           it->dibao + it->other_transfer - it->costs;
}

int64_t rules_income_per_capita(const struct income_items *it, int members)
{
    return rules_income_div_round(rules_income_net(it), members);
}

int64_t rules_income_project(const int64_t *per_capita, int n)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += per_capita[i];
    return rules_income_div_round(sum * 12, n);
}

int rules_income_fell(int64_t now, int64_t before, int share_pct)
{
    return before > 0 && (before - now) * 100 > (int64_t)share_pct * before;
}

/* Each item's field and message, in the order of the form: business may be a loss, nothing
 * else is below zero. */
#define ITEM_RANGE "应在 0 至 1,000,000 元之间（以分计）"
static const struct {
    size_t off;
    const char *field;
    const char *problem;
} income_item_defs[] = {
    {offsetof(struct income_items, wages), "wages_fen", "工资性收入" ITEM_RANGE},
    {offsetof(struct income_items, business), "business_fen",
     "生产经营性收入应在 -1,000,000 元（亏损）至 1,000,000 元之间（以分计）"},
    {offsetof(struct income_items, rent), "rent_fen", "租金收入" ITEM_RANGE},
    {offsetof(struct income_items, dividend), "dividend_fen", "资产收益分红" ITEM_RANGE},
    {offsetof(struct income_items, pension), "pension_fen", "养老金" ITEM_RANGE},
    {offsetof(struct income_items, subsidy), "subsidy_fen", "补贴收入" ITEM_RANGE},
    {offsetof(struct income_items, dibao), "dibao_fen", "低保金" ITEM_RANGE},
    {offsetof(struct income_items, other_transfer), "other_transfer_fen",
     "其他转移性收入" ITEM_RANGE},
    {offsetof(struct income_items, costs), "costs_fen", "生产经营费用" ITEM_RANGE},
};

const char *rules_income_items_problem(const struct income_items *it, const char **field)
{
    for (size_t i = 0; i < sizeof(income_item_defs) / sizeof(income_item_defs[0]); i++) {
        int64_t v;
        memcpy(&v, (const char *)it + income_item_defs[i].off, sizeof(v));
        int64_t lo = income_item_defs[i].off == offsetof(struct income_items, business)
                         ? -INCOME_ITEM_MAX_FEN
                         : 0;
        if (v < lo || v > INCOME_ITEM_MAX_FEN) {
            *field = income_item_defs[i].field;
            return income_item_defs[i].problem;
        }
    }
    *field = NULL;
    return NULL;
}

const char *rules_income_members_problem(int64_t members)
{
    if (members < 1 || members > INCOME_MEMBERS_MAX)
        return "计算人口应为 1 至 " STR(INCOME_MEMBERS_MAX) " 人";
    return NULL;
}

/* A note of at most INCOME_NOTE_MAX characters: NULL, or which of the two problems. */
static const char *note_problem(const char *note, const char *bad_utf8, const char *too_long)
{
    long chars = rules_utf8_chars(note);
    if (chars < 0)
        return bad_utf8;
    if (chars > INCOME_NOTE_MAX)
        return too_long;
    return NULL;
}

const char *rules_income_ack_problem(const char *ack, const char *note, const char **field)
{
    const char *p;
    *field = "ack";
    if (strcmp(ack, "signed") != 0 && strcmp(ack, "phone") != 0 && strcmp(ack, "refused") != 0)
        return "认账方式应为 signed（本人签字）、phone（电话确认）或 refused（拒绝认账）";
    *field = "ack_note";
    if (strcmp(ack, "refused") == 0 && note[0] == '\0')
        return "农户拒绝认账时须写明理由";
    if ((p = note_problem(note, "认账说明不是有效的 UTF-8 文本",
                          "认账说明过长（最多 " STR(INCOME_NOTE_MAX) " 个字符）")) != NULL)
        return p;
    *field = NULL;
    return NULL;
}

const char *rules_income_reason_problem(const char *reason)
{
    return note_problem(reason, "更正理由不是有效的 UTF-8 文本",
                        "更正理由过长（最多 " STR(INCOME_NOTE_MAX) " 个字符）");
}

const char *rules_plan_measures_problem(char *const *measures, int n)
{
    if (n < 1 || n > PLAN_MEASURES_MAX)
        return "帮扶措施应有 1 至 " STR(PLAN_MEASURES_MAX) " 条";
    for (int i = 0; i < n; i++) {
        long chars = rules_utf8_chars(measures[i]);
        if (chars < 1 || chars > PLAN_MEASURE_CHARS_MAX)
            return "每条帮扶措施应为 1 至 " STR(PLAN_MEASURE_CHARS_MAX) " 个字符的文本";
    }
    return NULL;
}

int rules_income_list_ok(const char *s)
{
    return strcmp(s, "under_threshold") == 0 || strcmp(s, "fell") == 0;
}

int rules_income_months_between(const char *from, const char *to)
{
    int fy = rules_digits(from, 4), fm = rules_digits(from + 5, 2);
    int ty = rules_digits(to, 4), tm = rules_digits(to + 5, 2);
    return (ty * 12 + tm) - (fy * 12 + fm) + 1;
}

int rules_income_yuan_parse(const char *s, int negative_ok, int64_t *fen)
{
    int neg = 0;
    if (*s == '\0') {
        *fen = 0;
        return 0;
    }
    if (*s == '-') {
        if (!negative_ok)
            return -1;
        neg = 1;
        s++;
    }
    int64_t yuan = 0, cents = 0;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        yuan = yuan * 10 + (*s - '0');
        if (yuan > INCOME_ITEM_MAX_FEN / 100)
            return -1;
    }
    if (digits == 0)
        return -1;
    if (*s == '.') {
        s++;
        int k = 0;
        for (; *s >= '0' && *s <= '9' && k < 2; s++, k++)
            cents = cents * 10 + (*s - '0');
        if (k == 0)
            return -1;
        if (k == 1)
            cents *= 10;
    }
    if (*s != '\0')
        return -1;
    int64_t v = yuan * 100 + cents;
    if (v > INCOME_ITEM_MAX_FEN)
        return -1;
    *fen = neg ? -v : v;
    return 0;
}

void rules_income_yuan_format(int64_t fen, char out[32])
{
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(out, 32, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
}
