/* lookback.h -- the look-back (回头看) on projects since 2013 (SPEC P4; docs/lookback.md): the
 * documents list, upkeep states and verdicts as policy data, and the checks of the look-back
 * calls, once, for the server's handlers and the clients. Each function returns NULL when the
 * body may be sent, else a message for people, with *field the field it concerns.
 *
 * The database holds what needs rows (0115_lookback.sql): the campaign's office a city or a
 * county in scope, one campaign of a name per office, a project reviewed once per campaign and
 * only when the campaign covers it, the responsible person. lookback_doc_kinds holds the same
 * codes as lookback_docs (test_lookback holds the two together). */
#ifndef ZHUCUN_RULES_LOOKBACK_H
#define ZHUCUN_RULES_LOOKBACK_H

#include <stddef.h>

#include "lookback.pb-c.h"

#define LOOKBACK_FIRST_YEAR     2013   /* the projects looked back on: since 2013 */
#define LOOKBACK_NAME_MAX       100    /* characters of a campaign's name */
#define LOOKBACK_NOTE_MAX       1000   /* characters of a review's note */
#define LOOKBACK_FINDINGS_MAX   20     /* findings of one review */
#define LOOKBACK_FINDING_MAX    500    /* characters of a finding */
#define LOOKBACK_HOUSEHOLDS_MAX 100000 /* households found benefiting from one project */
#define LOOKBACK_LIST_DEFAULT   200
#define LOOKBACK_LIST_MAX       2000
/* A finding with no area chosen is an item of 扶贫项目资产管理. */
#define LOOKBACK_AREA_DEFAULT "assets"

struct lookback_code {
    const char *code, *label;
};

/* The documents a carried-out project must have (lookback_doc_kinds), its upkeep states and
 * the verdicts, in order. */
extern const struct lookback_code lookback_docs[];
extern const size_t lookback_n_docs;
extern const struct lookback_code lookback_upkeeps[];
extern const size_t lookback_n_upkeeps;
extern const struct lookback_code lookback_verdicts[];
extern const size_t lookback_n_verdicts;

/* The label of a code of one of the tables above, NULL when it is not one. */
const char *rules_lookback_label(const struct lookback_code *table, size_t n, const char *code);

/* The checks of each body; today is a day number (rules_days_from_civil). */
const char *rules_lookback_campaign_problem(const Zhucun__LookbackCampaignCreate *in, int today,
                                            const char **field);
const char *rules_lookback_review_problem(const Zhucun__LookbackReview *in, int today,
                                          const char **field);
const char *rules_lookback_list_problem(const Zhucun__LookbackList *in, const char **field);
const char *rules_lookback_progress_problem(const Zhucun__LookbackProgress *in, const char **field);

/* A list's page: limit, or the default, at most LOOKBACK_LIST_MAX. */
unsigned rules_lookback_limit(unsigned limit);

#endif
