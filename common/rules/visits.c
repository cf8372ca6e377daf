/* visits.c -- calendar periods and visit duties, judged by the rules in force at the time. */
#include "common/rules/visits.h"

#include <string.h>

#include "common/rules/date.h"

/* The months m0..m0+n-1 of year y (m0 + n - 1 <= 12). */
static struct period months(int y, int m0, int n)
{
    struct period p;
    p.first = rules_days_from_civil(y, m0, 1);
    p.last = rules_days_from_civil(y, m0 + n - 1, rules_days_in_month(y, m0 + n - 1));
    return p;
}

struct period rules_period_containing(enum period_kind kind, int day)
{
    int y, m, d;
    struct period p;
    rules_civil_from_days(day, &y, &m, &d);
    switch (kind) {
    case PERIOD_DAY:
        p.first = p.last = day;
        return p;
    case PERIOD_WEEK: {
        /* 1970-01-01 (day 0) was a Thursday; floor modulo keeps days before 1970 right. */
        int since_monday = (day + 3) % 7;
        if (since_monday < 0)
            since_monday += 7;
        p.first = day - since_monday;
        p.last = p.first + 6;
        return p;
    }
    case PERIOD_QUARTER:
        return months(y, (m - 1) / 3 * 3 + 1, 3);
    case PERIOD_HALF_YEAR:
        return months(y, m <= 6 ? 1 : 7, 6);
    case PERIOD_YEAR:
        return months(y, 1, 12);
    case PERIOD_HALF_MONTH:
        if (d <= 15) {
            p.first = rules_days_from_civil(y, m, 1);
            p.last = rules_days_from_civil(y, m, 15);
        } else {
            p.first = rules_days_from_civil(y, m, 16);
            p.last = rules_days_from_civil(y, m, rules_days_in_month(y, m));
        }
        return p;
    case PERIOD_TWO_MONTHS: {
        int m1 = m % 2 == 1 ? m : m - 1;
        p.first = rules_days_from_civil(y, m1, 1);
        p.last = rules_days_from_civil(y, m1 + 1, rules_days_in_month(y, m1 + 1));
        return p;
    }
    case PERIOD_MONTH:
    default:
        p.first = rules_days_from_civil(y, m, 1);
        p.last = rules_days_from_civil(y, m, rules_days_in_month(y, m));
        return p;
    }
}

static const char *const period_names[] = {
    [PERIOD_HALF_MONTH] = "half_month",
    [PERIOD_MONTH] = "month",
    [PERIOD_TWO_MONTHS] = "two_months",
    [PERIOD_DAY] = "day",
    [PERIOD_WEEK] = "week",
    [PERIOD_QUARTER] = "quarter",
    [PERIOD_HALF_YEAR] = "half_year",
    [PERIOD_YEAR] = "year",
};

int rules_period_kind_parse(const char *s)
{
    for (int k = PERIOD_HALF_MONTH; k <= PERIOD_YEAR; k++)
        if (strcmp(s, period_names[k]) == 0)
            return k;
    return -1;
}

const char *rules_period_kind_name(enum period_kind kind)
{
    return kind >= PERIOD_HALF_MONTH && kind <= PERIOD_YEAR ? period_names[kind] : "";
}

/* The state in force on day, or NULL. */
static const struct hh_state *state_on(const struct hh_state *states, size_t n, int day)
{
    for (size_t i = 0; i < n; i++)
        if (states[i].from <= day && day <= states[i].to)
            return &states[i];
    return NULL;
}

static int matches(const struct visit_rule *r, const struct hh_state *s)
{
    return (r->categories & CAT_BIT(s->category)) != 0 && (r->absent != 0) == (s->absent != 0);
}

/* The first day of the unbroken run of days, ending with s, on which the household was in a
 * state this rule matches (a move between two matching categories does not restart it). */
static int run_start(const struct visit_rule *r, const struct hh_state *states, size_t n,
                     const struct hh_state *s)
{
    int start = s->from;
    for (;;) {
        const struct hh_state *prev = state_on(states, n, start - 1);
        if (prev == NULL || !matches(r, prev))
            return start;
        start = prev->from;
    }
}

/* Is rule kind k used by a rule in force at some day of [from, as_of]? */
static int kind_used(const struct visit_rule *rules, size_t n, enum period_kind k, int from,
                     int as_of)
{
    for (size_t i = 0; i < n; i++)
        if (rules[i].period == k && rules[i].effective_from <= as_of &&
            rules[i].effective_to >= from)
            return 1;
    return 0;
}

size_t rules_visit_duties(const struct visit_rule *rules, size_t nrules,
                          const struct hh_state *states, size_t nstates, const struct visit *visits,
                          size_t nvisits, int from, int as_of, struct duty *out, size_t cap)
{
    size_t count = 0;
    for (int k = PERIOD_HALF_MONTH; k <= PERIOD_TWO_MONTHS; k++) {
        if (!kind_used(rules, nrules, (enum period_kind)k, from, as_of))
            continue;
        for (struct period p = rules_period_containing((enum period_kind)k, from); p.first <= as_of;
             p = rules_period_containing((enum period_kind)k, p.last + 1)) {
            int end = p.last < as_of ? p.last : as_of;
            const struct hh_state *s = state_on(states, nstates, end);
            if (s == NULL)
                continue;
            for (size_t i = 0; i < nrules; i++) {
                const struct visit_rule *r = &rules[i];
                if ((int)r->period != k || r->effective_from > end || r->effective_to < end ||
                    !matches(r, s))
                    continue;
                int start = run_start(r, states, nstates, s);
                struct duty d;
                d.rule_id = r->id;
                d.period = p;
                d.window_first = start > p.first ? start : p.first;
                d.window_last = end;
                d.required = r->min_visits;
                d.done = 0;
                for (size_t v = 0; v < nvisits; v++)
                    if (visits[v].day >= d.window_first && visits[v].day <= d.window_last &&
                        (r->modes & MODE_BIT(visits[v].mode)) != 0)
                        d.done++;
                d.met = d.done >= d.required;
                d.overdue = !d.met && p.last < as_of;
                if (count < cap)
                    out[count] = d;
                count++;
            }
        }
    }
    return count;
}

int rules_visit_mode_parse(const char *s)
{
    return strcmp(s, "in_person") == 0 ? MODE_IN_PERSON : strcmp(s, "phone") == 0 ? MODE_PHONE : -1;
}

int rules_item_status_ok(const char *s)
{
    return strcmp(s, "open") == 0 || strcmp(s, "in_progress") == 0 || strcmp(s, "resolved") == 0;
}

const char *rules_follow_up_note_problem(const char *status, const char *note)
{
    if (strlen(note) > FOLLOW_UP_NOTE_MAX)
        return "说明过长（最多 1000 字节）";
    /* Closing an item says how it was closed, for whoever reads it next. */
    if (strcmp(status, "resolved") == 0 && note[0] == '\0')
        return "办结须写明办理结果";
    return NULL;
}
