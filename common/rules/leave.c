/* leave.c -- the limits and channels of leave requests and delegations (leave.h). */
#include "common/rules/leave.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/date.h"

static int one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return 1;
    return 0;
}

int rules_leave_channel_ok(const char *channel)
{
    static const char *const ok[] = {"", "system", "wechat", "sms", "phone"};
    return one_of(channel, ok, sizeof(ok) / sizeof(ok[0]));
}

const char *rules_leave_channel_or_default(const char *channel)
{
    return channel[0] == '\0' ? LEAVE_CHANNEL_DEFAULT : channel;
}

int rules_leave_behalf_channel_ok(const char *channel)
{
    static const char *const ok[] = {"wechat", "sms", "phone", "paper"};
    return one_of(channel, ok, sizeof(ok) / sizeof(ok[0]));
}

/* The first problem of one day of a leave from first to last, in the order of
 * rules_leave_days_problem: a day that is not a date; for the last day, the span (which needs
 * both days); for the first day, its distance from today. */
const char *rules_leave_field_problem(const char *field, const char *first, const char *last,
                                      int today, char *buf, size_t len)
{
    int ok1 = 1, ok2 = 1;
    int f = rules_date_days(first, &ok1), l = rules_date_days(last, &ok2);
    if (strcmp(field, "first_day") == 0) {
        if (!ok1)
            snprintf(buf, len, "首日应为 YYYY-MM-DD");
        else if (f < today)
            snprintf(buf, len, "不能为已经过去的日子请假");
        else if (f > today + LEAVE_AHEAD_DAYS)
            snprintf(buf, len, "最多提前 %d 天请假", LEAVE_AHEAD_DAYS);
        else
            return NULL;
        return buf;
    }
    if (!ok2)
        snprintf(buf, len, "末日应为 YYYY-MM-DD");
    else if (ok1 && l < f)
        snprintf(buf, len, "末日不能早于首日");
    else if (ok1 && l - f + 1 > LEAVE_DAYS_MAX)
        snprintf(buf, len, "一次请假最多 %d 天", LEAVE_DAYS_MAX);
    else
        return NULL;
    return buf;
}

/* A rules_*_field_problem: one day's first problem. */
typedef const char *(*day_problem_fn)(const char *field, const char *first, const char *last,
                                      int today, char *buf, size_t len);

/* The first problem of day a, else of day b, and in *field the day it is of. */
static const char *first_problem(day_problem_fn fn, const char *a, const char *b, const char *first,
                                 const char *last, int today, char *buf, size_t len,
                                 const char **field)
{
    const char *problem = fn(a, first, last, today, buf, len);
    if (problem == NULL && (problem = fn(b, first, last, today, buf, len)) != NULL)
        a = b;
    if (problem != NULL)
        *field = a;
    return problem;
}

const char *rules_leave_days_problem(const char *first, const char *last, int today, char *buf,
                                     size_t len, const char **field)
{
    int ok1 = 1;
    (void)rules_date_days(first, &ok1);
    /* A first day that is not a date, then the last day's problems, then the first day's
     * distance from today: the span is judged before the start. */
    return first_problem(rules_leave_field_problem, ok1 ? "last_day" : "first_day", "first_day",
                         first, last, today, buf, len, field);
}

const char *rules_delegation_field_problem(const char *field, const char *first, const char *last,
                                           int today, char *buf, size_t len)
{
    int ok1 = 1, ok2 = 1;
    int f = rules_date_days(first, &ok1), l = rules_date_days(last, &ok2);
    if (strcmp(field, "first_day") == 0) {
        if (ok1)
            return NULL;
        snprintf(buf, len, "起止日期应为 YYYY-MM-DD，且止不早于起");
    } else if (!ok2 || (ok1 && l < f)) {
        snprintf(buf, len, "起止日期应为 YYYY-MM-DD，且止不早于起");
    } else if (l < today) {
        snprintf(buf, len, "委托的止日已经过去");
    } else if (ok1 && l - f + 1 > DELEGATION_DAYS_MAX) {
        snprintf(buf, len, "一次委托最多 %d 天", DELEGATION_DAYS_MAX);
    } else {
        return NULL;
    }
    return buf;
}

const char *rules_delegation_days_problem(const char *first, const char *last, int today, char *buf,
                                          size_t len, const char **field)
{
    return first_problem(rules_delegation_field_problem, "first_day", "last_day", first, last,
                         today, buf, len, field);
}

const char *rules_leave_reason_problem(const char *reason)
{
    if (reason[strspn(reason, " \t")] == '\0')
        return "请写明请假事由";
    if (strlen(reason) > LEAVE_REASON_MAX)
        return "事由过长（最多 500 字节）";
    return NULL;
}

int rules_leave_status_ok(const char *status)
{
    static const char *const ok[] = {"",         "pending",  "approved",
                                     "rejected", "returned", "cancelled"};
    return one_of(status, ok, sizeof(ok) / sizeof(ok[0]));
}

int rules_decision_ok(const char *decision)
{
    static const char *const ok[] = {"approve", "reject", "return"};
    return one_of(decision, ok, sizeof(ok) / sizeof(ok[0]));
}

const char *rules_decision_reason_problem(const char *decision, const char *reason)
{
    if (strlen(reason) > LEAVE_REASON_MAX)
        return "理由过长（最多 500 字节）";
    /* A cadre turned down or sent back is owed the why. */
    if ((strcmp(decision, "reject") == 0 || strcmp(decision, "return") == 0) &&
        reason[strspn(reason, " \t")] == '\0')
        return "驳回或退回须说明理由";
    return NULL;
}
