/* policy.h -- policy delivery (SPEC M8; docs/policy-delivery.md): the checks of the monthly
 * phone quiz (快问快答), the policy videos and the loudspeaker broadcasts, once, for the
 * server's handlers and the clients. Each function returns NULL when the body may be sent,
 * else a message for people, with *field the field it concerns.
 *
 * The database holds what needs rows (0090_policy_delivery.sql): a quiz's office a city or a
 * county in scope, one quiz per scope and month, the named cadres serving there that month, a
 * video link once per team, a day's broadcasts summing to at most BROADCAST_DAY_MINUTES_MAX. */
#ifndef ZHUCUN_RULES_POLICY_H
#define ZHUCUN_RULES_POLICY_H

#include <stddef.h>

#include "policy.pb-c.h"

/* The quiz. */
#define QUIZ_TITLE_MAX     100 /* characters */
#define QUIZ_QUESTIONS_MAX 20
#define QUIZ_QUESTION_MAX  500  /* characters of a question, and of its answer key */
#define QUIZ_SAMPLE_MAX    200  /* cadres in a quiz's sample, drawn and named together */
#define QUIZ_SCORE_MAX     100  /* a score is 0..100 */
#define QUIZ_REASON_MAX    200  /* characters of why a cadre was not reached */
#define QUIZ_FIRST_YEAR    2022 /* the policy's year: no quiz or report before it */
/* Videos and broadcasts. */
#define VIDEO_TITLE_MAX           100
#define VIDEO_URL_MIN             10 /* "http://a.b" */
#define VIDEO_URL_MAX             500
#define BROADCAST_MINUTES_MAX     600  /* one record: ten hours */
#define BROADCAST_DAY_MINUTES_MAX 1440 /* a day's records together (the database sums them) */
#define BROADCAST_TOPIC_MAX       100
#define POLICY_EVIDENCE_MAX       20 /* files linked to one record */
#define POLICY_EVIDENCE_BYTES     32 /* a SHA-256 */
/* The lists. */
#define POLICY_LIST_DEFAULT  500
#define POLICY_LIST_MAX      5000
#define POLICY_SPAN_DAYS_MAX 366 /* from..to of a list */

/* The platforms a video is posted on, NULL-terminated: douyin (抖音), kuaishou (快手),
 * channels (视频号), other. */
extern const char *const rules_policy_platforms[];

/* 1 when url is an http or https link with a host: "http(s)://" then a host of letters,
 * digits, '-' and '.', with a dot and no empty label, an optional ":port", then nothing or a
 * path beginning "/", "?" or "#" of printable ASCII without spaces; VIDEO_URL_MIN to
 * VIDEO_URL_MAX bytes. */
int rules_policy_url_ok(const char *url);

/* "YYYY-MM" of a real month -> its first day's number, or -1. */
int rules_policy_month_days(const char *month);

/* The checks of each body, with today's day number (dates and months may not be after it). */
const char *rules_quiz_create_problem(const Zhucun__QuizCreate *in, int today, const char **field);
const char *rules_quiz_score_problem(const Zhucun__QuizScore *in, int today, const char **field);
const char *rules_quiz_report_problem(const Zhucun__QuizReport *in, int today, const char **field);
const char *rules_video_record_problem(const Zhucun__VideoRecord *in, int today,
                                       const char **field);
const char *rules_broadcast_record_problem(const Zhucun__BroadcastRecord *in, int today,
                                           const char **field);
const char *rules_video_list_problem(const Zhucun__VideoList *in, int today, const char **field);
const char *rules_broadcast_list_problem(const Zhucun__BroadcastList *in, int today,
                                         const char **field);

/* The span of a list as day numbers (both dates valid or ""): to, or today; from, or the
 * Monday of to's week (week) or to's day itself. */
void rules_policy_span(const char *from, const char *to, int today, int week, int *first,
                       int *last);

/* The Monday of the week (Monday-Sunday) that holds day. */
int rules_policy_monday(int day);

#endif
