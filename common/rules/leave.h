/* leave.h -- pure rules for leave requests (SPEC A3) and the approvals they go through (W1,
 * W4): the limits of a request and of a delegation, and the channels a request or a decision
 * can come by. The server (authoritative) and the clients (before sending) check with these,
 * so a bad request is refused with the same message and field everywhere. */
#ifndef ZHUCUN_RULES_LEAVE_H
#define ZHUCUN_RULES_LEAVE_H

#include <stddef.h>

#define LEAVE_DAYS_MAX      60  /* days in one request; longer absences are a recall or rotation */
#define LEAVE_AHEAD_DAYS    180 /* how far ahead of today a leave may begin */
#define LEAVE_REASON_MAX    500 /* bytes of a request's reason, and of a decision's */
#define DELEGATION_DAYS_MAX 90  /* days one delegation may last */

/* The channels a request or a decision can come by: through the system itself (the default,
 * for ""), or recorded from WeChat, SMS or a phone call. */
#define LEAVE_CHANNEL_DEFAULT "system"
#define LEAVE_CHANNEL_PROBLEM "渠道应为 system、wechat、sms 或 phone"

/* 1 when channel is "" or one of system, wechat, sms, phone. */
int rules_leave_channel_ok(const char *channel);

/* channel, or LEAVE_CHANNEL_DEFAULT for "". */
const char *rules_leave_channel_or_default(const char *channel);

/* The channels a request recorded on a cadre's behalf (by the township or the county office)
 * can have come by, as the CLI lists them. */
#define LEAVE_BEHALF_CHANNELS "wechat、sms、phone、paper"
#define LEAVE_BEHALF_CHANNEL_PROBLEM                                                               \
    "代队员登记请假须说明申请经何种渠道提出：channel 应为 wechat、sms、phone 或 paper"

/* 1 when channel says how a request recorded on a cadre's behalf came: wechat, sms, phone or
 * paper. "" and "system" (the cadre's own request through the system) are not. */
int rules_leave_behalf_channel_ok(const char *channel);

/* NULL when a leave from first to last (YYYY-MM-DD) may be asked for on day today (a day
 * number, date.h): real dates, last not before first, at most LEAVE_DAYS_MAX days, beginning
 * between today and LEAVE_AHEAD_DAYS ahead. Else a message for people, written into buf (len
 * bytes) and returned, and in *field the request field at fault ("first_day" or "last_day"). */
const char *rules_leave_days_problem(const char *first, const char *last, int today, char *buf,
                                     size_t len, const char **field);

/* The same for a delegation from first to last: real dates, last not before first, last not
 * past, at most DELEGATION_DAYS_MAX days. */
const char *rules_delegation_days_problem(const char *first, const char *last, int today, char *buf,
                                          size_t len, const char **field);

/* The same as rules_leave_days_problem for one field ("first_day" or "last_day") alone: its
 * first problem, or NULL. rules_leave_days_problem answers the first of the two in the
 * server's order; a form that marks every field asks for each. */
const char *rules_leave_field_problem(const char *field, const char *first, const char *last,
                                      int today, char *buf, size_t len);

/* The same as rules_delegation_days_problem for one field alone. */
const char *rules_delegation_field_problem(const char *field, const char *first, const char *last,
                                           int today, char *buf, size_t len);

/* NULL when reason may be a leave request's: not blank (spaces and tabs), at most
 * LEAVE_REASON_MAX bytes; else a message for people. */
const char *rules_leave_reason_problem(const char *reason);

#define LEAVE_LIST_MAX       500 /* leaves one LeaveList answers with at most */
#define LEAVE_STATUS_PROBLEM "状态应为 pending、approved、rejected、returned 或 cancelled"
#define DECISION_PROBLEM     "决定应为 approve、reject 或 return"

/* 1 when status is "" (any) or a leave's status: pending, approved, rejected, returned,
 * cancelled (LEAVE_STATUS_PROBLEM). */
int rules_leave_status_ok(const char *status);

/* 1 when decision is approve, reject or return (DECISION_PROBLEM). */
int rules_decision_ok(const char *decision);

/* NULL when reason may go with decision: at most LEAVE_REASON_MAX bytes, and not blank for a
 * reject or a return; else a message for people. */
const char *rules_decision_reason_problem(const char *decision, const char *reason);

#endif
