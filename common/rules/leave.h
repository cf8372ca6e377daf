/* leave.h -- pure rules for leave requests (SPEC A3) shared by the server and the CLI. */
#ifndef ZHUCUN_RULES_LEAVE_H
#define ZHUCUN_RULES_LEAVE_H

/* The channels a request recorded on a cadre's behalf (by the township or the county office)
 * can have come by, as the CLI lists them. */
#define LEAVE_BEHALF_CHANNELS "wechat、sms、phone、paper"

/* 1 when channel says how a request recorded on a cadre's behalf came: wechat, sms, phone or
 * paper. "" and "system" (the cadre's own request through the system) are not. */
int rules_leave_behalf_channel_ok(const char *channel);

#endif
