/* domains.c -- every domain the server runs: the one list the core's call table and event
 * thread are built from (core/domain.h). A new domain is one line here. */
#include "server/domains.h"

#include <stddef.h>

const struct domain *const server_domains[] = {
    &auth_domain,       /* Hello, Login, sessions, passwords */
    &org_domain,        /* the organisation tree */
    &people_domain,     /* dispatching units and accounts */
    &team_domain,       /* work teams and memberships */
    &household_domain,  /* households and their members */
    &visit_domain,      /* visits, due lists, follow-up items */
    &report_domain,     /* the visit compliance report */
    &duty_domain,       /* every duty a rule row: the duty report, due lists */
    &attendance_domain, /* check-ins, official business, five days and four nights */
    &approval_domain,   /* approval queues, decisions, delegations, leave */
    &audit_domain,      /* verifying the audit chain */
    &export_domain,     /* incremental exports for the data centre */
    &guarantee_domain,  /* three guarantees and drinking water, the labour ledger */
    &monitoring_domain, /* return-to-poverty monitoring: cases, risks, measures, sign-off */
    &income_domain,     /* monthly income sums, one-on-one plans, M3 lists */
    &ledger_domain,     /* the ten-area ledgers, the board, follow-up items as ledger items */
    &attach_domain,     /* evidence attachments: uploads, thumbnails, links, downloads */
    &points_domain,     /* villager points: catalogue, awards, donations, shop, redemptions */
    &service_domain,    /* service cases and disputes (S1) */
    &contest_domain,    /* the competitions of part four (S3) */
    &policy_domain,     /* policy delivery: the phone quiz, videos, broadcasts (M8) */
    &project_domain,    /* projects (P1): the record, its life cycle as approvals, the library */
    /* construction and disbursements of projects (P2) */
    &construction_domain,
    &asset_domain,    /* project assets: upkeep, income and its shares, welfare posts (P3) */
    &lookback_domain, /* the look-back on projects since 2013 (P4) */
    &consume_domain,  /* consumption assistance: purchases, sales contracts, quotas (M7) */
    &inspect_domain,  /* inspections, findings, circulars (G1) */
    &stars_domain,    /* stars every half year, a cadre's points, their filing (E2, E3) */
    &assess_domain,   /* the quarterly assessment: rounds, scores, grades, publication (E1) */
    &training_domain, /* weekly study, training, the units' hearings and visits (T1, T2, G2) */
    &notices_domain,  /* notices with read receipts, replies and reminders (D1) */
    &tasks_domain,    /* tasks sent down to the teams and the board of who lags (D2) */
    &diary_domain,    /* the cadre's daily work diary and the days without one (D3) */
    /* monthly allowance statements from the days in the village (D4) */
    &allowance_domain,
    NULL,
};
