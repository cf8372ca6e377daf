/* visits.h -- visit duties (SPEC V1-V4, V6, R1) as pure functions: calendar periods, which
 * rule a household owes in a period, and whether its visits meet it.
 *
 * The model, precisely (docs/visit-rules.md says it in prose):
 * - A rule row: the households it applies to (categories, present or absent), a period kind
 *   (half month 1st-15th / 16th-end, month, two months Jan-Feb, Mar-Apr, ...), how many
 *   visits, which visit modes count, and the dates it is in force.
 * - For each period P of a rule's kind, evaluated up to `as_of`: let E be P's last day, or
 *   as_of for the period still running. The rule in force on E is the one that judges P
 *   (past periods are judged by the rules of their time). The household owes a duty under it
 *   when its state on E matches the rule. The duty's window runs from the later of P's
 *   first day and the day that state began, to E: a household that becomes monitored on the
 *   10th owes a half-month visit within the 10th-15th; one that leaves the village on the
 *   20th owes, for the 16th-end, only what absent households owe.
 * - The duty is met when enough visits of a counted mode fall in the window; it is overdue
 *   when it is not met and P has ended before as_of; otherwise it is due. */
#ifndef ZHUCUN_RULES_VISITS_H
#define ZHUCUN_RULES_VISITS_H

#include <stddef.h>

#define DAY_MAX 2000000000 /* "no end" for state and rule date ranges */

/* The period kinds of duty rules (SPEC R1; duty_rules.period, 0029). Visit rules use the first
 * three, which the visit duty machinery judges; the others serve the rest of the duties. */
enum period_kind {
    PERIOD_HALF_MONTH = 1, /* 1st-15th, 16th-end of month */
    PERIOD_MONTH = 2,
    PERIOD_TWO_MONTHS = 3, /* Jan-Feb, Mar-Apr, May-Jun, Jul-Aug, Sep-Oct, Nov-Dec */
    PERIOD_DAY = 4,
    PERIOD_WEEK = 5,      /* Monday-Sunday */
    PERIOD_QUARTER = 6,   /* Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec */
    PERIOD_HALF_YEAR = 7, /* Jan-Jun, Jul-Dec */
    PERIOD_YEAR = 8,
};

enum hh_category {
    CAT_POVERTY_ALLEVIATED = 0, /* 脱贫户 */
    CAT_MONITORED = 1,          /* 监测户 */
    CAT_ORDINARY = 2,           /* 一般农户 */
    CAT_VILLAGE = 3,            /* a village, for township teams' visits (V4) */
};

enum visit_mode { MODE_IN_PERSON = 0, MODE_PHONE = 1 };

#define CAT_BIT(c)  (1u << (c))
#define MODE_BIT(m) (1u << (m))

struct period {
    int first, last; /* day numbers (rules_days_from_civil), inclusive */
};

/* The period of kind containing day (zc_period_bounds in SQL, 0029, computes the same). */
struct period rules_period_containing(enum period_kind kind, int day);

/* Parses "half_month", "month", "two_months", "day", "week", "quarter", "half_year", "year";
 * -1 otherwise. */
int rules_period_kind_parse(const char *s);

/* The name rules_period_kind_parse reads for kind ("" for none). */
const char *rules_period_kind_name(enum period_kind kind);

struct visit_rule {
    int id;
    unsigned categories; /* CAT_BIT set */
    int absent;          /* 1: applies to households away from the village; 0: present */
    enum period_kind period;
    int min_visits;
    unsigned modes;     /* MODE_BIT set of modes that count */
    int effective_from; /* day numbers, inclusive; effective_to DAY_MAX when open */
    int effective_to;
};

/* A stretch of days during which a household's category and presence did not change. The
 * stretches are sorted, do not overlap, and need not cover every day (days before the
 * household existed owe nothing). */
struct hh_state {
    int from, to; /* inclusive; to = DAY_MAX when still current */
    enum hh_category category;
    int absent;
};

struct visit {
    int day;
    enum visit_mode mode;
};

struct duty {
    int rule_id;
    struct period period;
    int window_first, window_last;
    int required;
    int done; /* counted visits in the window */
    int met;
    int overdue; /* not met and the period has ended */
};

/* Every duty of one household (or village) for the periods that end on or after `from` and
 * begin on or before `as_of`, Visits need not be sorted.
 * Duties come grouped by period kind (half month, month, two months), in period order.
 * Writes at most cap duties; returns how many there are (more than cap means some were left
 * out: call again with more room). */
size_t rules_visit_duties(const struct visit_rule *rules, size_t nrules,
                          const struct hh_state *states, size_t nstates, const struct visit *visits,
                          size_t nvisits, int from, int as_of, struct duty *out, size_t cap);

/* ---- A visit's record and its follow-up items (VisitCreate, FollowUpUpdate) ---- */

#define VISIT_CADRES_MAX       10   /* cadres present at one visit (at least one) */
#define VISIT_NOTES_MAX        2000 /* bytes of a visit's notes */
#define VISIT_PROBLEMS_MAX     20   /* problems one visit records */
#define VISIT_PROBLEM_TEXT_MAX 1000 /* bytes of a problem's text (at least one) */
#define FOLLOW_UP_NOTE_MAX     1000 /* bytes of a follow-up item's note */

#define VISIT_MODE_PROBLEM  "走访方式应为 in_person 或 phone"
#define ITEM_STATUS_PROBLEM "状态应为 open、in_progress 或 resolved"

/* "in_person" -> MODE_IN_PERSON, "phone" -> MODE_PHONE; -1 otherwise (VISIT_MODE_PROBLEM). */
int rules_visit_mode_parse(const char *s);

/* 1 when s is a follow-up item's status: open, in_progress or resolved (ITEM_STATUS_PROBLEM). */
int rules_item_status_ok(const char *s);

/* NULL when note may go with an item's new status: at most FOLLOW_UP_NOTE_MAX bytes, and not
 * empty when the item is resolved; else a message for people. */
const char *rules_follow_up_note_problem(const char *status, const char *note);

#endif
