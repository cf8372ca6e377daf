/* allowance.h -- the monthly allowance statements (驻村补助, SPEC D4; docs/allowances.md): the
 * checks of their calls, once, for the server's handlers and the clients, and money shown as
 * yuan.
 *
 * The database holds what needs rows (0175_allowances.sql): the days of the month from the
 * check-ins and five days, four nights, the rates (rule rows per unit level and county), the
 * cadre's first day, the statement's state. The limits below are also its CHECKs where a column
 * holds them (the rates' bounds on allowance_rates, the reason's length). */
#ifndef ZHUCUN_RULES_ALLOWANCE_H
#define ZHUCUN_RULES_ALLOWANCE_H

#include <stddef.h>
#include <stdint.h>

#include "allowance.pb-c.h"

#define ALLOWANCE_FIRST_YEAR        2022     /* the first month a statement may be of: 2022-01 */
#define ALLOWANCE_LIVING_MAX_FEN    50000LL  /* a living allowance rate: 500 元 a day at most */
#define ALLOWANCE_TRANSPORT_MAX_FEN 500000LL /* a transport allowance: 5000 元 a month at most */
#define ALLOWANCE_REASON_MAX        500      /* a correction's reason, characters */
#define ALLOWANCE_BATCH_MAX         500      /* statements confirmed or sent in one call */
#define ALLOWANCE_LIST_DEFAULT      500
#define ALLOWANCE_LIST_MAX          5000
#define ALLOWANCE_YUAN_LEN          32  /* "-92233720368547758.08" and its NUL fit */
#define ALLOWANCE_RATE_AHEAD_MONTHS 12  /* a rate version starts at most a year ahead */
#define ALLOWANCE_RATE_NOTE_MAX     200 /* a rate's note, characters (allowance_rates' CHECK) */

/* A month "YYYY-MM" from ALLOWANCE_FIRST_YEAR to today's month (today: a day number): its
 * first day as a day number in *first. NULL, or the message. */
const char *rules_allowance_month_problem(const char *month, int today, int *first);

/* The checks of each call's body in order: NULL when it may be sent, else the message, and
 * *field the field. The ids (person_id, statement_id) are rules/ids.c's. */
const char *rules_allowance_compute_problem(const Zhucun__AllowanceCompute *in, int today,
                                            const char **field);
/* AllowanceConfirm and AllowanceSubmit: 1 to ALLOWANCE_BATCH_MAX ids, each > 0, none twice. */
const char *rules_allowance_ids_problem(size_t n, const int64_t *ids, const char **field);
const char *rules_allowance_correct_problem(const Zhucun__AllowanceCorrect *in, const char **field);
const char *rules_allowance_list_problem(const Zhucun__AllowanceList *in, int today,
                                         const char **field);

/* The unit levels a rate is for (allowance_rates.unit_level): 1 for central, province, city,
 * county. */
int rules_allowance_level_ok(const char *level);

/* AllowanceRateSet (today: a day number): the level, the county ("" or a county's code), the
 * amounts within the bounds below, valid_from a month from today's to
 * ALLOWANCE_RATE_AHEAD_MONTHS ahead (so that a month already computed never changes its
 * rate), the note. */
const char *rules_allowance_rate_set_problem(const Zhucun__AllowanceRateSet *in, int today,
                                             const char **field);
/* AllowanceRateList: the county ("" or a county's code), the day ("" or a YYYY-MM-DD from
 * ALLOWANCE_FIRST_YEAR). */
const char *rules_allowance_rate_list_problem(const Zhucun__AllowanceRateList *in,
                                              const char **field);

/* A rate row's bounds (allowance_rates' CHECKs): 1 when both lie within them. */
int rules_allowance_rates_ok(long long living_fen_per_day, long long transport_fen);

/* The statement's amount: days × the living rate + the transport allowance when the cadre was
 * in the village at least one day (0175's zc_allowance_write computes the same). */
long long rules_allowance_amount(int days_present, long long living_fen_per_day,
                                 long long transport_fen);

/* fen as yuan with two decimals ("1234.50", "-0.05") into out; returns out. */
const char *rules_allowance_yuan(long long fen, char out[ALLOWANCE_YUAN_LEN]);

#endif
