/* diary.h -- the cadre's work diary (工作日志 / 民情日记, SPEC D3): the checks of its calls, once,
 * for the server's handlers and the clients (docs/diary.md).
 *
 * The database holds what needs rows (0170_diary.sql): the day served, one entry a day, the
 * linked records being the caller's own of that day. The limits below are also the database's
 * CHECKs where a column holds them. */
#ifndef ZHUCUN_RULES_DIARY_H
#define ZHUCUN_RULES_DIARY_H

#include <stdint.h>

#include "diary.pb-c.h"

#define DIARY_DONE_MAX      1000 /* what was done, characters */
#define DIARY_MET_MAX       500  /* people met, characters */
#define DIARY_PROBLEMS_MAX  1000 /* problems, characters */
#define DIARY_LINKS_MAX     30   /* records linked to one entry, all kinds */
#define DIARY_BACKFILL_DAYS 7    /* an entry for a day at most this many days back */
#define DIARY_SPAN_MAX_DAYS 366  /* a list's span, days at most */
#define DIARY_SPAN_DEFAULT  30   /* a list's span when from_day is not given */
#define DIARY_LIST_DEFAULT  200
#define DIARY_LIST_MAX      5000

/* The checks of each call's body in order, with today's day number: NULL when it may be sent,
 * else the message, and *field the field. */
const char *rules_diary_write_problem(const Zhucun__DiaryWrite *in, int today, const char **field);
const char *rules_diary_day_problem(const Zhucun__DiaryDay *in, int today, const char **field);
const char *rules_diary_list_problem(const Zhucun__DiaryList *in, int today, const char **field);
const char *rules_diary_missing_problem(const Zhucun__DiaryMissing *in, int today,
                                        const char **field);

/* A list's span ("" for either end: to_day today, from_day DIARY_SPAN_DEFAULT days before it):
 * *first and *last as day numbers. NULL, or the message and *field. */
const char *rules_diary_span_problem(const char *from_day, const char *to_day, int today,
                                     int *first, int *last, const char **field);

#endif
