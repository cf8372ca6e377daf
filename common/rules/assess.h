/* assess.h -- the quarterly assessment (考核规范化, SPEC E1; docs/assessment.md): the quota
 * solver, used by the server (AssessRank, AssessGradeOverride) and by the desk's workbench
 * (the live quota check as the clerk edits), and the checks of the assessment calls, once, for
 * the server's handlers and the clients.
 *
 * The quotas are policy data (0131_assessment.sql's assessment_quota_rules, with effective
 * dates): per grade a share of the cohort in percent, a rounding (floor, round, ceil) and a
 * bound (max: at most that many; min: at least that many; rest: the grade that takes whoever
 * the others do not, with no bound of its own). Exactly one grade is the rest.
 *
 * The tie rule (documented and tested): subjects with equal scores share a rank and are never
 * split between two grades. Grades better than the rest grade are filled from the top of the
 * ranking, worse ones from the bottom (the worst first); a group of tied subjects at a
 * boundary joins a grade bounded by a maximum only if its quota takes all of them — otherwise
 * all of them get the grade nearer the rest grade (for excellent: all qualified; for
 * unqualified: all basically qualified, if that quota takes them). A grade bounded by a
 * minimum takes whole tied groups until it has its minimum (it may exceed it then). */
#ifndef ZHUCUN_RULES_ASSESS_H
#define ZHUCUN_RULES_ASSESS_H

#include <stddef.h>
#include <stdint.h>

#include "assess.pb-c.h"

enum assess_grade {
    ASSESS_EXCELLENT,
    ASSESS_QUALIFIED,
    ASSESS_BASIC,
    ASSESS_UNQUALIFIED,
    ASSESS_GRADES
};
enum assess_rounding { ASSESS_FLOOR, ASSESS_ROUND, ASSESS_CEIL };
enum assess_bound { ASSESS_MAX, ASSESS_MIN, ASSESS_REST };

struct assess_quota {
    int share_pct; /* 0-100 */
    enum assess_rounding rounding;
    enum assess_bound bound;
};
/* One quota per grade, in enum assess_grade's order. */
struct assess_policy {
    struct assess_quota q[ASSESS_GRADES];
};

/* A cohort, subjects, at most. */
#define ASSESS_COHORT_MAX 5000
/* A score, hundredths (0.00-100.00). */
#define ASSESS_SCORE_MAX 10000
/* A reason of an entered score or an override, characters. */
#define ASSESS_REASON_MAX 500
/* The lists. */
#define ASSESS_LIST_DEFAULT 200
#define ASSESS_LIST_MAX     2000
/* The ranking's rows (a province's teams of a quarter: about 10,000). */
#define ASSESS_RANKING_DEFAULT 20000
#define ASSESS_RANKING_MAX     100000
/* The first quarter a round may be opened for. */
#define ASSESS_FIRST_YEAR 2015

/* The default policy (documented): excellent at most floor(30 %), qualified the rest (60 %),
 * basically qualified and unqualified at most floor(5 %) each, from the bottom. */
extern const struct assess_policy assess_default_policy;

/* Names: "excellent" ..., the grade's label 优秀 ..., and back (-1 for an unknown code). */
const char *assess_grade_code(int grade);
const char *assess_grade_label(int grade);
int assess_grade_parse(const char *code);
const char *assess_rounding_code(int rounding);
int assess_rounding_parse(const char *code);
const char *assess_bound_code(int bound);
int assess_bound_parse(const char *code);

/* The policy's problem (no rest grade, two, a share outside 0-100), or NULL. */
const char *assess_policy_problem(const struct assess_policy *p);

/* The count the quota of a cohort of n allows (its share rounded by its rule). */
int assess_quota_count(const struct assess_quota *q, int n);

/* Ranks n subjects by score (hundredths; higher is better; equal scores share a rank: 1, 1, 3)
 * into rank[] and proposes their grades into grade[] by the tie rule above. 0, or -1 for a
 * policy with a problem or n outside 0..ASSESS_COHORT_MAX. */
int assess_propose(const int *score, int n, const struct assess_policy *p, int *rank, int *grade);

/* Counts the grades of n subjects (grade[i] in 0..ASSESS_GRADES-1; others are not counted)
 * into counts[ASSESS_GRADES]. */
void assess_counts(const int *grade, int n, int *counts);

/* Checks a cohort of n with counts[] per grade against the quotas: NULL when every quota holds,
 * else the first broken one's message in buf ('优秀不得超过 3 名（30%，向下取整）'), and
 * *broken (if not NULL) its grade. */
const char *assess_check(const int *counts, int n, const struct assess_policy *p, char *buf,
                         size_t len, int *broken);

/* The checks of each call's body, in order: NULL when it may be sent, else the message and
 * *field the field. today is the day number (rules/date.h): a round's quarter may not start
 * after today's quarter. */
const char *rules_assess_round_open_problem(const Zhucun__AssessRoundOpen *in, int today,
                                            const char **field);
const char *rules_assess_score_set_problem(const Zhucun__AssessScoreSet *in, const char **field);
const char *rules_assess_grade_override_problem(const Zhucun__AssessGradeOverride *in,
                                                const char **field);
const char *rules_assess_list_problem(const Zhucun__AssessList *in, const char **field);
const char *rules_assess_ranking_problem(const Zhucun__AssessRanking *in, const char **field);

#endif
