/* asset.h -- the assets of projects (扶贫项目资产, SPEC P3; docs/assets.md): the checks of the
 * asset and public-welfare post calls, once, for the server's handlers and the clients, and
 * the arithmetic of an income's distribution.
 *
 * The database holds what needs rows (0110_project_assets.sql): an asset only of a project at
 * accepted or later, the project's assets within its budget, the owner household in the
 * project's villages, an income's shares adding up to it, one post a person at a time. The
 * limits below are also the database's CHECKs where a column holds them. */
#ifndef ZHUCUN_RULES_ASSET_H
#define ZHUCUN_RULES_ASSET_H

#include <stddef.h>
#include <stdint.h>

#include "asset.pb-c.h"

/* Money, in fen. */
#define ASSET_VALUE_MAX_FEN  100000000000LL /* an asset: 10 亿元, a project's budget's limit */
#define ASSET_COST_MAX_FEN   10000000000LL  /* one maintenance record: 1 亿元 */
#define ASSET_INCOME_MAX_FEN 10000000000LL  /* one period's income: 1 亿元 */
#define WELFARE_PAY_MAX_FEN  500000LL       /* a post's monthly pay: 5000 元 */
/* Shares of one distribution, and evidence files of one record. */
#define ASSET_SHARES_MAX   500
#define ASSET_EVIDENCE_MAX 20
#define ASSET_SHA256_LEN   32
/* Texts, in characters (the database's CHECKs count the same). */
#define ASSET_NAME_MAX        100
#define ASSET_PARTY_MAX       100 /* custodian, upkeep by and funding, handed over to, done by */
#define ASSET_PERSON_MAX      64
#define ASSET_ADDRESS_MAX     200
#define ASSET_CERTIFICATE_MAX 60
#define ASSET_WORK_MAX        500
#define ASSET_NOTE_MAX        500
#define WELFARE_REASON_MAX    200
/* The lists. */
#define ASSET_LIST_DEFAULT 200
#define ASSET_LIST_MAX     5000
/* Income periods: a year YYYY or a month YYYY-MM from this year on. */
#define ASSET_FIRST_YEAR 2013
/* The months after which an asset without a newer maintenance record is due: the database's
 * rule row (asset_rules 'upkeep_months'), this its first value and its bounds. */
#define ASSET_UPKEEP_MONTHS     12
#define ASSET_UPKEEP_MONTHS_MAX 60

/* The codes of the lists (0110's rows, in order), NULL-terminated. */
extern const char *const rules_asset_categories[];
extern const char *const rules_asset_conditions[];
extern const char *const rules_welfare_post_kinds[];

/* The period text: 1 for a year (YYYY), 2 for a month (YYYY-MM), from ASSET_FIRST_YEAR to the
 * year of today (day number) and not after today's month; 0 when it is neither. */
int rules_asset_period(const char *period, int today);

/* The sum of the shares' amounts into *total; 0 when it is exactly amount, -1 when not (or a
 * share's amount is not positive, or the sum overflows). */
int rules_asset_shares_total(Zhucun__AssetShare *const *shares, size_t n, int64_t amount,
                             int64_t *total);

/* The checks of each call's body in order, with today's day number where a date may not be
 * in the future: NULL when it may be sent, else the message, and *field the field. */
const char *rules_asset_set_problem(const Zhucun__AssetSet *in, int today, const char **field);
const char *rules_asset_maintain_problem(const Zhucun__AssetMaintain *in, int today,
                                         const char **field);
const char *rules_asset_income_problem(const Zhucun__AssetIncome *in, int today,
                                       const char **field);
const char *rules_welfare_post_set_problem(const Zhucun__WelfarePostSet *in, const char **field);
const char *rules_asset_list_problem(const Zhucun__AssetList *in, const char **field);
const char *rules_welfare_post_list_problem(const Zhucun__WelfarePostList *in, const char **field);
const char *rules_welfare_post_end_problem(const Zhucun__WelfarePostEnd *in, const char **field);

#endif
