/* daily.h -- the checks of the calls added for the desk's daily pages (issue 24), once, for the
 * server's handlers and the clients: OfficialBusinessList (docs/attendance-rules.md). */
#ifndef ZHUCUN_RULES_DAILY_H
#define ZHUCUN_RULES_DAILY_H

#include "attendance.pb-c.h"

#define BUSINESS_LIST_DEFAULT 200  /* records an OfficialBusinessList lists without a limit */
#define BUSINESS_LIST_MAX     1000 /* ... and at most */

/* NULL when in may be sent, else the message and *field the field. */
const char *rules_business_list_problem(const Zhucun__OfficialBusinessList *in, const char **field);

#endif
