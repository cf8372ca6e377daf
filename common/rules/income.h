/* income.h -- the arithmetic and the checks of the monthly income sums (SPEC M2, M3;
 * docs/income.md): a household's month of income items less production costs, per member
 * counted; the year-to-date projection to a year; the checks of a month's record and of a
 * one-on-one plan. One pure function computes each figure, and the server's handler, the
 * client library, the CLI, the desk and the demo generator all call it. Amounts are fen. */
#ifndef ZHUCUN_RULES_INCOME_H
#define ZHUCUN_RULES_INCOME_H

#include <stdint.h>

/* Any one item of a month, in fen: at most 1,000,000 yuan (business income at least minus
 * that). The database holds bigint; the limit keeps a typing slip out, and every sum of the
 * arithmetic below far inside int64. */
#define INCOME_ITEM_MAX_FEN       100000000LL
#define INCOME_MEMBERS_MAX        30  /* HOUSEHOLD_MEMBERS_MAX */
#define INCOME_NOTE_MAX           500 /* a refusal's or a correction's reason, characters */
#define INCOME_HISTORY_MONTHS_MAX 36  /* IncomeHistory reads at most this many months */

/* The items of one month. Business (生产经营性收入) may be negative (a loss); every other
 * item and the costs are >= 0. */
struct income_items {
    int64_t wages;          /* 工资性收入 */
    int64_t business;       /* 生产经营性收入 */
    int64_t rent;           /* 财产性收入: rent */
    int64_t dividend;       /* 财产性收入: 资产收益分红 */
    int64_t pension;        /* 转移性收入: pensions */
    int64_t subsidy;        /* subsidies */
    int64_t dibao;          /* 低保 */
    int64_t other_transfer; /* other transfers */
    int64_t costs;          /* 生产经营费用 */
};

/* num / den rounded to the nearest integer, halves away from zero (PostgreSQL's round() of a
 * numeric, which the projection in SQL uses); den > 0. */
int64_t rules_income_div_round(int64_t num, int64_t den);

/* The household's net income of the month: every item less the costs. */
int64_t rules_income_net(const struct income_items *it);

/* The month's per-capita net income: net / members, rounded (rules_income_div_round);
 * members >= 1. */
int64_t rules_income_per_capita(const struct income_items *it, int members);

/* The projected annual per-capita net income from the per-capita figures of the n months
 * recorded so far in a year (each month divided by its own members, so a member who joins or
 * leaves mid-year counts in the months they were there): round(sum * 12 / n). n >= 1. */
int64_t rules_income_project(const int64_t *per_capita, int n);

/* 1 when the projection fell by more than share_pct percent against before (a positive
 * projection; 0 when before <= 0): (before - now) * 100 > share_pct * before. */
int rules_income_fell(int64_t now, int64_t before, int share_pct);

/* NULL when every item is within its bounds; else a message for people and in *field the
 * item's field (wages_fen, business_fen, ...). */
const char *rules_income_items_problem(const struct income_items *it, const char **field);

/* NULL when 1 <= members <= INCOME_MEMBERS_MAX; else a message for people. */
const char *rules_income_members_problem(int64_t members);

/* NULL when ack is how the household acknowledged the sums — signed (本人签字), phone (电话确认)
 * or refused (拒绝认账) — and a refusal gives its reason (note, at most INCOME_NOTE_MAX
 * characters; a note is allowed with the others too); else a message and in *field "ack" or
 * "ack_note". */
const char *rules_income_ack_problem(const char *ack, const char *note, const char **field);

/* NULL when reason is at most INCOME_NOTE_MAX characters of UTF-8; else a message. (Whether a
 * reason is required — a correction — is known only to the database, which says so.) */
const char *rules_income_reason_problem(const char *reason);

/* Reads an amount in yuan as people type it — "3000", "3000.5", "-200.25" (a sign only when
 * negative allowed), at most two decimals, no spaces or separators — into fen. 0, or -1 when
 * it is not such a number or is beyond INCOME_ITEM_MAX_FEN either way. "" reads as 0. */
int rules_income_yuan_parse(const char *s, int negative_ok, int64_t *fen);
#define INCOME_YUAN_PROBLEM "金额应为元，最多两位小数，如 3000 或 3000.50"

/* Writes fen as yuan with two decimals ("-1,234.50" without the comma: "-1234.50") into out. */
void rules_income_yuan_format(int64_t fen, char out[32]);

/* The record's and the history's other refusals (the handler names the field). */
#define INCOME_ITEMS_PROBLEM   "请填写本月收支项目（各项收入与生产经营费用，以分计）"
#define INCOME_SPAN_PROBLEM    "起始月份不能晚于结束月份"
#define INCOME_HISTORY_PROBLEM "一次最多查看 36 个月"

/* The months from..to ("YYYY-MM", both valid) counted inclusively: 1 for one month. */
int rules_income_months_between(const char *from, const char *to);

/* ---- One-on-one plans (一对一帮扶方案) ---- */

#define PLAN_MEASURES_MAX      20  /* measures in a plan */
#define PLAN_MEASURE_CHARS_MAX 200 /* characters of one measure */

/* NULL when there are 1..PLAN_MEASURES_MAX measures, each 1..PLAN_MEASURE_CHARS_MAX characters
 * of UTF-8; else a message for people. */
const char *rules_plan_measures_problem(char *const *measures, int n);
#define PLAN_REVIEW_ON_PROBLEM "复核日期应为 YYYY-MM-DD"

/* ---- The lists (M3) ---- */

#define INCOME_LIST_DEFAULT 500  /* rows a list gives unless told */
#define INCOME_LIST_MAX     5000 /* ... and at most */

/* 1 when s names a list: under_threshold (people under the plan threshold without a plan),
 * fell (households whose projection fell by more than the share). */
int rules_income_list_ok(const char *s);
#define INCOME_LIST_LIMIT_PROBLEM "每页最多 5000 户"
#define INCOME_LIST_PROBLEM                                                                              \
    "清单应为 under_threshold（人均纯收入低于帮扶标准且无一对一帮扶方案）或 " \
    "fell（收入下降超过规定比例）"

#endif
