/* consume.h -- consumption assistance (消费帮扶, SPEC M7): the checks of the consumption calls,
 * once, for the server's handlers and the clients (docs/consumption.md).
 *
 * The database holds what needs rows (0120_consumption.sql): whether the unit assists the
 * village on the day, whether the buyer serves for the unit, the quota and counting rules in
 * force for a year. The limits below are also the database's CHECKs where a column holds them. */
#ifndef ZHUCUN_RULES_CONSUME_H
#define ZHUCUN_RULES_CONSUME_H

#include <stdint.h>

#include "consume.pb-c.h"

/* One purchase's or contract's amount, fen (1,000,000 yuan), and quantity. */
#define CONSUME_AMOUNT_MAX   100000000
#define CONSUME_QUANTITY_MAX 10000000
/* Texts, in characters (the database's CHECKs count the same). */
#define CONSUME_NAME_MAX 100 /* goods, a producer's or a buyer's name */
#define CONSUME_UNIT_MAX 20  /* the quantity's unit */
/* Evidence files of one purchase or contract (each a SHA-256 of 32 bytes). */
#define CONSUME_EVIDENCE_MAX 20
#define CONSUME_SHA256_LEN   32
/* A contract's period, days at most (five years). */
#define CONSUME_PERIOD_MAX_DAYS 1827
/* The lists. */
#define CONSUME_LIST_DEFAULT 200
#define CONSUME_LIST_MAX     2000
#define CONSUME_FIRST_YEAR   2013 /* 精准扶贫: the first year of records */

/* The checks of each call's body in order, with today's day number where a date may not be in
 * the future: NULL when it may be sent, else the message, and *field the field. */
const char *rules_purchase_record_problem(const Zhucun__PurchaseRecord *in, int today,
                                          const char **field);
const char *rules_purchase_list_problem(const Zhucun__PurchaseList *in, int today,
                                        const char **field);
const char *rules_contract_record_problem(const Zhucun__ContractRecord *in, int today,
                                          const char **field);
const char *rules_contract_list_problem(const Zhucun__ContractList *in, int today,
                                        const char **field);
const char *rules_quota_progress_problem(const Zhucun__QuotaProgress *in, int today,
                                         const char **field);

#endif
