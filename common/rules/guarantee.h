/* guarantee.h -- three guarantees and drinking water (SPEC M5) and the labour ledger (SPEC
 * M6): the checks of GuaranteeRecord, GuaranteeResolve and LabourRecord, once, for the server's
 * handlers and the clients (docs/guarantees.md), and the compulsory school age.
 *
 * The database holds the same rules where they need rows (0060_guarantees.sql):
 * zc_compulsory_school_age is rules_compulsory_school_age, the subsidy paid once a year is
 * LABOUR_SUBSIDY_PAID_PER_YEAR. */
#ifndef ZHUCUN_RULES_GUARANTEE_H
#define ZHUCUN_RULES_GUARANTEE_H

#include <stdint.h>

#include "guarantee.pb-c.h"

#define GUARANTEE_PLACE_MAX      200 /* characters, as the database's CHECKs count them */
#define GUARANTEE_NOTE_MAX       500
#define GUARANTEE_RESOLUTION_MAX 500
/* A hospital stay's cost: numeric(12, 2) holds less than 10^10 yuan; a stay costs far less. */
#define GUARANTEE_COST_MAX_FEN 1000000000LL /* 10,000,000 yuan */
#define LABOUR_TEXT_MAX        200          /* place, work, training */
/* The one-time transport subsidy (一次性交通补贴): the policy says "one-time" without a
 * period; the province pays it once per worker per calendar year. */
#define LABOUR_SUBSIDY_PAID_PER_YEAR 1
/* The lists: a household's entries (or a village's water items) in one answer; households a
 * page of the gap list; labour records in one answer; the first year labour records go back to. */
#define GUARANTEE_ENTRIES_MAX  1000
#define GUARANTEE_GAPS_DEFAULT 500
#define GUARANTEE_GAPS_MAX     5000
#define LABOUR_LIST_DEFAULT    500
#define LABOUR_LIST_MAX        5000
#define LABOUR_FIRST_YEAR      2013
/* Compulsory education: nine school years, the first beginning on the 1 September when the
 * child is COMPULSORY_SCHOOL_START_AGE or older on 31 August. */
#define COMPULSORY_SCHOOL_START_AGE 6
#define COMPULSORY_SCHOOL_YEARS     9

/* Whether a child born on day birth (a day number, rules_days_from_civil) is of compulsory
 * school age on day: in one of the nine school years (1 September - 31 August) from the first
 * that begins when the child is six or older on its 31 August. */
int rules_compulsory_school_age(int birth, int day);

/* The area of a kind (schooling: education; insurance, hospital: medical; housing; water),
 * NULL for an unknown kind. */
const char *rules_guarantee_area(const char *kind);

/* The checks of a GuaranteeRecord body in order, with today's day number (dates may not be
 * in the future): NULL when it may be sent, else the message, and *field the field it
 * concerns. What needs the rows (the household in scope, the member present, a child of
 * compulsory school age on the day) the database checks. */
const char *rules_guarantee_record_problem(const Zhucun__GuaranteeRecord *in, int today,
                                           const char **field);

/* The checks of a GuaranteeResolve body (the id is an id: rules/ids.c). */
const char *rules_guarantee_resolve_problem(const Zhucun__GuaranteeResolve *in, int today,
                                            const char **field);

/* The checks of a LabourRecord body. */
const char *rules_labour_record_problem(const Zhucun__LabourRecord *in, int today,
                                        const char **field);

/* The checks of GuaranteeList: a household or a village (12 digits), not both. */
const char *rules_guarantee_list_problem(const Zhucun__GuaranteeList *in, const char **field);

/* The checks of GuaranteeGaps: an org code of 12 digits or none, a page position. */
const char *rules_guarantee_gaps_problem(const Zhucun__GuaranteeGaps *in, const char **field);

/* The checks of LabourList: a household or an org code, not both; a year from
 * LABOUR_FIRST_YEAR to today's (0: this year), with today's day number. */
const char *rules_labour_list_problem(const Zhucun__LabourList *in, int today, const char **field);

#endif
