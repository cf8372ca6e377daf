/* domains.h -- the domains of the server, each defined in its folder (server/<domain>/) and
 * listed in domains.c; the core reaches them only through server_domains (core/domain.h). */
#ifndef ZHUCUN_DOMAINS_H
#define ZHUCUN_DOMAINS_H

#include "server/core/domain.h"

extern const struct domain auth_domain;
extern const struct domain org_domain;
extern const struct domain people_domain;
extern const struct domain team_domain;
extern const struct domain household_domain;
extern const struct domain visit_domain;
extern const struct domain report_domain;
extern const struct domain duty_domain;
extern const struct domain attendance_domain;
extern const struct domain approval_domain;
extern const struct domain audit_domain;
extern const struct domain export_domain;
extern const struct domain guarantee_domain;
extern const struct domain monitoring_domain;
extern const struct domain income_domain;
extern const struct domain ledger_domain;
extern const struct domain attach_domain;
extern const struct domain points_domain;
extern const struct domain service_domain;
extern const struct domain contest_domain;
extern const struct domain policy_domain;
extern const struct domain project_domain;
extern const struct domain construction_domain;
extern const struct domain asset_domain;
extern const struct domain lookback_domain;
extern const struct domain consume_domain;
extern const struct domain inspect_domain;
extern const struct domain stars_domain;
extern const struct domain assess_domain;
extern const struct domain training_domain;
extern const struct domain notices_domain;
extern const struct domain tasks_domain;
extern const struct domain diary_domain;
extern const struct domain allowance_domain;

#endif
