/* notices.h -- notices (通知) with read receipts (SPEC D1): the checks of their calls, once, for
 * the server's handlers and the clients (docs/notices.md).
 *
 * The database holds what needs rows (0160_notices.sql): whether the sender's place or unit is
 * the caller's, the scope under it, the recipients serving today and their number, the reply's
 * deadline against today, the reminders a notice has had. The lengths below are also the
 * database's CHECKs. */
#ifndef ZHUCUN_RULES_NOTICES_H
#define ZHUCUN_RULES_NOTICES_H

#include <stdint.h>

#include "notices.pb-c.h"

#define NOTICE_TITLE_MAX      100  /* characters */
#define NOTICE_BODY_MAX       5000 /* characters */
#define NOTICE_REPLY_MAX      1000 /* characters of a reply */
#define NOTICE_FILES_MAX      10   /* attachments of a notice or of a reply */
#define NOTICE_SHA256_LEN     32
#define NOTICE_PEOPLE_MAX     500   /* cadres named in one notice */
#define NOTICE_RECIPIENTS_MAX 50000 /* recipients of one notice (the province: ~25,000) */
#define NOTICE_REPLY_DAYS_MAX 366   /* a reply's deadline, days ahead at most */
#define NOTICE_REMINDERS_MAX  10    /* reminders of one notice */
#define NOTICE_LIST_DEFAULT   100
#define NOTICE_LIST_MAX       5000
/* 'offices': the scope a province, city or county (its child units have offices: the cities',
 * the counties', the townships'); a township's villages have none */
#define NOTICE_OFFICES_LEVEL_MAX 3

/* The checks of each call's body in order (today's day number where a day is checked): NULL
 * when it may be sent, else the message, and *field the field. The ids (notice_id) are
 * rules/ids.c's. */
const char *rules_notice_send_problem(const Zhucun__NoticeSend *in, int today, const char **field);
const char *rules_notice_reply_problem(const Zhucun__NoticeReply *in, const char **field);
/* NoticePending and NoticeRemind: what is "unread" or "unreplied". */
const char *rules_notice_what_problem(const char *what, const char **field);
/* Every list's limit. */
const char *rules_notice_limit_problem(uint32_t limit, const char **field);
/* NoticeSent: a place ("" for all) and a limit. */
const char *rules_notice_sent_problem(const Zhucun__NoticeSent *in, const char **field);

#endif
