/* roles.h -- the groups of roles the domains' call tables grant calls to (call_def.roles):
 * who may make a call at all. Scope (which rows) is checked by each handler and its SQL
 * (docs/access.md). */
#ifndef ZHUCUN_ROLES_H
#define ZHUCUN_ROLES_H

#include "common/rules/account.h"

/* Everyone with a role may read the org tree within their scope; offices above a unit shape
 * it (create, rename, relocate, import). */
#define ORG_READERS ROLES_ALL
#define OFFICES     (ROLE_PROVINCE_OFFICE | ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE)
#define ORG_WRITERS OFFICES
/* Households: read by offices, supervisors and the village's team; kept by the county
 * office, the township and the team. */
#define HOUSEHOLD_READERS                                                                          \
    (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_TEAM_CAPTAIN | ROLE_CADRE |              \
     ROLE_INSPECTOR)
#define HOUSEHOLD_WRITERS (ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP | ROLE_TEAM_CAPTAIN | ROLE_CADRE)
/* Visits are logged, and due lists kept, by the teams (a township team member's scope is
 * the township). */
#define VISIT_WRITERS (ROLE_TEAM_CAPTAIN | ROLE_CADRE)
/* Teams: everyone with a role over the team's village or township (cadres see their own
 * team), and a unit's administrator for the teams its cadres serve in; exporters use exports. */
#define TEAM_READERS (ROLES_ALL & ~ROLE_EXPORTER)
/* Approvers: the roles an approval step can ask for (0009_approvals.sql). */
#define APPROVERS (OFFICES | ROLE_TOWNSHIP | ROLE_UNIT_ADMIN)
/* Leave: cadres ask for their own; the county office and the township record requests that
 * came by WeChat, SMS or phone; every role concerned reads. */
#define LEAVE_WRITERS (ROLE_CADRE | ROLE_TEAM_CAPTAIN | ROLE_COUNTY_OFFICE | ROLE_TOWNSHIP)
#define LEAVE_READERS (LEAVE_WRITERS | APPROVERS | ROLE_COUNTY_CAPTAIN)
/* Attendance: a cadre sees their own week; offices, the township, the county captain, the
 * inspector and the team captain see the cadres serving in teams within their scope. */
#define ATTENDANCE_SUPERVISORS                                                                     \
    (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR | ROLE_TEAM_CAPTAIN)
/* Units: offices, supervisors and a unit's own administrator (who sees only that unit). */
#define UNIT_READERS                                                                               \
    (OFFICES | ROLE_TOWNSHIP | ROLE_COUNTY_CAPTAIN | ROLE_INSPECTOR | ROLE_UNIT_ADMIN)

#endif
