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

/* Sets the message and the field; returns the message. */
static const char *problem(char *buf, size_t len, const char **field, const char *at,
                           const char *message)
{
    snprintf(buf, len, "%s", message);
    *field = at;
    return buf;
}

const char *rules_leave_days_problem(const char *first, const char *last, int today, char *buf,
                                     size_t len, const char **field)
{
    int ok1 = 1, ok2 = 1;
    int f = rules_date_days(first, &ok1), l = rules_date_days(last, &ok2);
    char msg[64];
    if (!ok1)
        return problem(buf, len, field, "first_day", "首日应为 YYYY-MM-DD");
    if (!ok2)
        return problem(buf, len, field, "last_day", "末日应为 YYYY-MM-DD");
    if (l < f)
        return problem(buf, len, field, "last_day", "末日不能早于首日");
    if (l - f + 1 > LEAVE_DAYS_MAX) {
        snprintf(msg, sizeof(msg), "一次请假最多 %d 天", LEAVE_DAYS_MAX);
        return problem(buf, len, field, "last_day", msg);
    }
    if (f < today)
        return problem(buf, len, field, "first_day", "不能为已经过去的日子请假");
    if (f > today + LEAVE_AHEAD_DAYS) {
        snprintf(msg, sizeof(msg), "最多提前 %d 天请假", LEAVE_AHEAD_DAYS);
        return problem(buf, len, field, "first_day", msg);
    }
    return NULL;
}

const char *rules_delegation_days_problem(const char *first, const char *last, int today, char *buf,
                                          size_t len, const char **field)
{
    int ok1 = 1, ok2 = 1;
    int f = rules_date_days(first, &ok1), l = rules_date_days(last, &ok2);
    char msg[64];
    if (!ok1 || !ok2 || l < f)
        return problem(buf, len, field, ok1 ? "last_day" : "first_day",
                       "起止日期应为 YYYY-MM-DD，且止不早于起");
    if (l < today)
        return problem(buf, len, field, "last_day", "委托的止日已经过去");
    if (l - f + 1 > DELEGATION_DAYS_MAX) {
        snprintf(msg, sizeof(msg), "一次委托最多 %d 天", DELEGATION_DAYS_MAX);
        return problem(buf, len, field, "last_day", msg);
    }
    return NULL;
}
