/* points.h -- villager points (积分制, SPEC S2): the checks of the points calls, once, for the
 * server's handlers and the clients (docs/points.md), and the arithmetic of a redemption.
 *
 * The database holds what needs rows (0085_points.sql): the deed and the price in force on a
 * day, the balance and the stock that may not go below zero (zc_points_post). The limits
 * below are also the database's CHECKs where a column holds them. */
#ifndef ZHUCUN_RULES_POINTS_H
#define ZHUCUN_RULES_POINTS_H

#include <stdint.h>

#include "points.pb-c.h"

/* A deed's points (one award is one deed: its points are the catalogue's, in this range). */
#define POINTS_DEED_MIN 1
#define POINTS_DEED_MAX 1000
/* A good's price, points a unit. */
#define POINTS_PRICE_MIN 1
#define POINTS_PRICE_MAX 100000
/* Units of one redemption, and of one item of a donation. */
#define POINTS_REDEEM_QUANTITY_MAX 100
#define POINTS_QUANTITY_MAX        100000
/* Items of one donation. */
#define POINTS_DONATION_ITEMS_MAX 50
/* Texts, in characters (the database's CHECKs count the same). */
#define POINTS_CODE_MAX   20 /* A-Z a-z 0-9 _ - */
#define POINTS_LABEL_MAX  100
#define POINTS_NAME_MAX   100 /* a good's name, a donor */
#define POINTS_UNIT_MAX   20
#define POINTS_REASON_MAX 500
#define POINTS_NOTE_MAX   500
/* Evidence files of one award (each a SHA-256 of 32 bytes). */
#define POINTS_EVIDENCE_MAX 20
#define POINTS_SHA256_LEN   32
/* The lists. */
#define POINTS_HISTORY_DEFAULT 200
#define POINTS_HISTORY_MAX     2000
#define POINTS_TOP_DEFAULT     10
#define POINTS_TOP_MAX         100
#define POINTS_FIRST_YEAR      2015 /* the first schemes (积分超市) */

/* The points a redemption of quantity units at price costs, and the balance after it: 0 and
 * *after set when the balance covers it, -1 (with *after the shortfall, negative) when not. */
int rules_points_after(int64_t balance, uint32_t price, uint32_t quantity, int64_t *after);

/* The checks of each call's body in order, with today's day number where a date may not be
 * in the future: NULL when it may be sent, else the message, and *field the field. */
const char *rules_points_deed_set_problem(const Zhucun__PointsDeedSet *in, const char **field);
const char *rules_points_good_set_problem(const Zhucun__PointsGoodSet *in, const char **field);
const char *rules_points_award_problem(const Zhucun__PointsAward *in, int today,
                                       const char **field);
const char *rules_points_donate_problem(const Zhucun__PointsDonate *in, int today,
                                        const char **field);
const char *rules_points_redeem_problem(const Zhucun__PointsRedeem *in, int today,
                                        const char **field);
const char *rules_points_correct_problem(const Zhucun__PointsCorrect *in, const char **field);
const char *rules_points_shop_problem(const Zhucun__PointsShop *in, const char **field);
const char *rules_points_history_problem(const Zhucun__PointsHistory *in, const char **field);
const char *rules_points_report_problem(const Zhucun__PointsReport *in, int today,
                                        const char **field);
const char *rules_points_check_problem(const Zhucun__PointsCheck *in, const char **field);

#endif
