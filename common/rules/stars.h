/* stars.h -- stars every half year (星级化评定, SPEC E2) and a cadre's points (积分制考核,
 * SPEC E3): the checks of their calls, once, for the server's handlers and the clients, the
 * periods they name, and the clamp of a team's stars (docs/stars-points.md).
 *
 * The database holds what needs rows (0135_stars_points.sql): the stars of a grade, which
 * quarter counts, the cities' indicators, the first points of a grade and the counties' items,
 * each in force from a date. */
#ifndef ZHUCUN_RULES_STARS_H
#define ZHUCUN_RULES_STARS_H

#include <stdint.h>

#include "stars.pb-c.h"

/* A team's stars: always within 0 to 5 (the database's CHECK says the same). */
#define STARS_MIN 0
#define STARS_MAX 5
/* A reason, in characters. */
#define STARS_REASON_MAX 500
/* Evidence files of one point entry (each a SHA-256 of 32 bytes). */
#define STARS_EVIDENCE_MAX 20
#define STARS_SHA256_LEN   32
/* The ranking's rows. */
#define STARS_RANKING_DEFAULT 200
#define STARS_RANKING_MAX     5000
/* The first year of records (精准扶贫). */
#define STARS_FIRST_YEAR 2013

/* stars clamped to STARS_MIN..STARS_MAX. */
int rules_stars_clamp(int stars);
/* A rating: base (the grade's stars for a first rating, the previous stars after) moved by the
 * sum of the n deltas, then clamped -- as the database keeps it (team_stars: stars =
 * least(5, greatest(0, base + adjust))), so that the order of the adjustments does not
 * matter. */
int rules_stars_rating(int base, const int *deltas, int n);

/* A period's first day as YYYY-MM-DD into out, and its last into last (may be NULL): a half
 * "2026H1", a quarter "2026Q3", a year "2026" (kind 'h', 'q', 'y'; 'p' takes a quarter or a
 * year). The message when s is not such a period of STARS_FIRST_YEAR to the year of today,
 * or starts after today; NULL when it is. */
const char *rules_stars_period(const char *s, char kind, int today, char out[11], char last[11]);
/* The half ("2026H1", kind 'h') or the quarter ("2026Q3", kind 'q') that holds day, into out;
 * returns out. */
const char *rules_stars_period_of(int day, char kind, char out[8]);

/* The checks of each call's body in order: NULL when it may be sent, else the message, and
 * *field the field. */
const char *rules_stars_compute_problem(const Zhucun__StarsCompute *in, int today,
                                        const char **field);
const char *rules_stars_adjust_problem(const Zhucun__StarsAdjust *in, int today,
                                       const char **field);
/* StarsFile (kind 'h', a half) and CadrePointsFile (kind 'q', a quarter): the county and the
 * period of either body. */
const char *rules_filing_submit_problem(const char *county_code, const char *period, char kind,
                                        int today, const char **field);
const char *rules_stars_status_problem(const Zhucun__StarsStatus *in, int today,
                                       const char **field);
const char *rules_stars_list_problem(const Zhucun__StarsList *in, int today, const char **field);
/* StarsCodes: the county, and the half and the quarter when given ("": today's). */
const char *rules_stars_codes_problem(const Zhucun__StarsCodes *in, int today, const char **field);
const char *rules_cadre_points_rate_problem(const Zhucun__CadrePointsRate *in, int today,
                                            const char **field);
const char *rules_cadre_points_add_problem(const Zhucun__CadrePointsAdd *in, int today,
                                           const char **field);
const char *rules_cadre_points_history_problem(const Zhucun__CadrePointsHistory *in,
                                               const char **field);
const char *rules_cadre_points_ranking_problem(const Zhucun__CadrePointsRanking *in, int today,
                                               const char **field);

#endif
