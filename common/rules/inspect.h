/* inspect.h -- inspections (暗访督查) and circulars (通报): SPEC G1; docs/inspections.md,
 * docs/circulars.md. The limits and the checks of the calls, once, for the server's handlers
 * and the clients. Each function returns NULL when the body may be sent, else a message for
 * people, with *field the field it concerns.
 *
 * The database holds what needs rows (0140_inspections.sql): the office is the caller's own,
 * the villages and teams lie in its area, a cadre serves in the team named, a doc number is
 * the office's once, an inspection has one circular. */
#ifndef ZHUCUN_RULES_INSPECT_H
#define ZHUCUN_RULES_INSPECT_H

#include "inspect.pb-c.h"

#define INSPECTION_DAYS_MAX       31    /* days of one inspection, first and last included */
#define INSPECTION_INSPECTORS_MAX 200   /* characters of who inspected */
#define INSPECTION_NOTE_MAX       2000  /* characters of an inspection's note */
#define INSPECTION_VISITED_MAX    200   /* villages, and teams, of one inspection */
#define FINDING_FACT_MAX          1000  /* characters of a finding */
#define FINDING_DEDUCTION_MAX     10    /* points one finding deducts from a cadre */
#define CIRCULAR_DOC_NUMBER_MAX   40    /* characters of a doc number (发文字号) */
#define CIRCULAR_TITLE_MAX        200   /* characters of a title */
#define CIRCULAR_BODY_MAX         20000 /* characters of a body */
#define INSPECT_LIST_DEFAULT      200
#define INSPECT_LIST_MAX          2000
/* A finding with no area chosen is an item of 党建促治理 (the team's own conduct). */
#define FINDING_AREA_DEFAULT "party"

/* The checks of each body; today is a day number (rules_days_from_civil). */
const char *rules_inspection_record_problem(const Zhucun__InspectionRecord *in, int today,
                                            const char **field);
const char *rules_finding_add_problem(const Zhucun__FindingAdd *in, int today, const char **field);
const char *rules_inspection_list_problem(const Zhucun__InspectionList *in, const char **field);
const char *rules_circular_issue_problem(const Zhucun__CircularIssue *in, int today,
                                         const char **field);
const char *rules_circular_list_problem(const Zhucun__CircularList *in, const char **field);

/* A list's page: limit, or the default, at most INSPECT_LIST_MAX. */
unsigned rules_inspect_limit(unsigned limit);

#endif
