/* leave.c -- how a leave request recorded on a cadre's behalf came. */
#include "common/rules/leave.h"

#include <string.h>

int rules_leave_behalf_channel_ok(const char *channel)
{
    static const char *const ok[] = {"wechat", "sms", "phone", "paper"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strcmp(channel, ok[i]) == 0)
            return 1;
    return 0;
}
