/* training.h -- training and study (培训制度化, SPEC T1–T2) and the dispatching units'
 * supervision (G2): the checks of their calls, once, for the server's handlers and the clients
 * (docs/training.md).
 *
 * The database holds what needs rows (0145_training.sql): whether the team and its attendees
 * serve on the day, the session's days, the unit's cadres in the team, the rule rows of the
 * minimum days and the yearly deadline. The limits below are also the database's CHECKs where a
 * column holds them. */
#ifndef ZHUCUN_RULES_TRAINING_H
#define ZHUCUN_RULES_TRAINING_H

#include <stdint.h>

#include "training.pb-c.h"

#define TRAINING_TITLE_MAX     100 /* a study's topic, a session's title, characters */
#define TRAINING_WHO_MAX       64  /* who chaired a hearing or visited, characters */
#define TRAINING_NOTE_MAX      500 /* a hearing's or visit's note, characters */
#define STUDY_ATTENDEES_MAX    50  /* attendees of one study (a team is a few cadres) */
#define TRAINING_ATTENDEES_MAX 500 /* attendances recorded in one call */
#define TRAINING_DAYS_MAX      60  /* days of one session, at most */
#define TRAINING_EVIDENCE_MAX  20  /* evidence files of one record */
#define TRAINING_SHA256_LEN    32
#define TRAINING_SPAN_MAX_DAYS 366 /* a list's span, days at most */
#define TRAINING_LIST_DEFAULT  200
#define TRAINING_LIST_MAX      5000
#define TRAINING_FIRST_YEAR    2022 /* the rules' first year (2022-06-28) */

/* The checks of each call's body in order, with today's day number where a day may not be in
 * the future: NULL when it may be sent, else the message, and *field the field. The ids
 * (session_id, unit_id, team_id) are rules/ids.c's. */
const char *rules_study_record_problem(const Zhucun__StudyRecord *in, int today,
                                       const char **field);
const char *rules_study_list_problem(const Zhucun__StudyList *in, int today, const char **field);
const char *rules_study_missed_problem(const Zhucun__StudyMissed *in, int today,
                                       const char **field);
const char *rules_training_session_add_problem(const Zhucun__TrainingSessionAdd *in,
                                               const char **field);
const char *rules_training_attend_problem(const Zhucun__TrainingAttend *in, int today,
                                          const char **field);
/* TrainingList, TrainingShort and TrainingUntrained: a place, a year, a limit. */
const char *rules_training_year_problem(const char *org_code, uint32_t year, uint32_t limit,
                                        int today, const char **field);
const char *rules_unit_supervision_record_problem(const Zhucun__UnitSupervisionRecord *in,
                                                  int today, const char **field);
const char *rules_unit_supervision_list_problem(const Zhucun__UnitSupervisionList *in, int today,
                                                const char **field);
const char *rules_units_behind_problem(const Zhucun__UnitsBehind *in, int today,
                                       const char **field);

/* A span a list names ("" for either end: its default, to_day today, from_day first_default
 * days before it or, with first_default < 0, the first day of to_day's year): *first and *last
 * as day numbers. NULL, or the message and *field. */
const char *rules_training_span_problem(const char *from_day, const char *to_day, int today,
                                        int first_default, int *first, int *last,
                                        const char **field);

#endif
