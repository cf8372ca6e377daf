/* demo.h -- `zhucun-server demo`: loads a synthetic Shanxi (the demo province) into an empty
 * database, and the context its generation steps share.
 *
 * The load is one transaction of COPYs, run as a list of steps (demo.c): org tree, dispatching
 * units, people and teams, accounts, households, visits. Each step is a function in its own file
 * (demo_<step>.c) that generates its rows into the context, where later steps find them by
 * index, and copies them into its tables. A later feature adds its records (visits,
 * check-ins ...) as one more step file and one more line in the step table.
 *
 * Determinism: every random choice comes from a demo_rng stream keyed by the seed, the step
 * and a division code (demo_rand.h), and every id is the block of its org unit plus a counter
 * within the block (demo_id, demo_village_id), so a county's rows are the same whichever scale
 * loads it. */
#ifndef ZHUCUN_DEMO_H
#define ZHUCUN_DEMO_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "common/config.h"
#include "common/password.h"

struct demo_options {
    const char *scale; /* county, city or province */
    uint64_t seed;
    const char *dir;   /* holds shanxi-divisions.csv (sql/demo) */
    const char *until; /* NULL for every step, or the last step to run (e.g. "accounts":
                          the organisation layer without households and visits) */
    int quiet;         /* --quiet: no progress line on a terminal (common/progress.h) */
};

/* Loads the demo province at o->scale and prints a summary with login hints. Returns a
 * process exit status: 0, 2 usage (unknown scale), 8 demo data (or any org unit below the
 * province) already present, 10 the database is unreachable, 1 anything else (nothing is
 * kept). */
int demo_run(const struct server_config *cfg, const struct demo_options *o);

/* ---- for the step files ---- */

/* The county loaded by --scale county: 岢岚县, a rural county of 忻州市 with 11 townships (a
 * former national poverty county, typical of village-stationed work); --scale city loads
 * all of 忻州市. */
#define DEMO_COUNTY_CODE "140929000000"
#define DEMO_CITY_CODE   "140900000000"
#define DEMO_PASSWORD    "zhucun-demo-2026"

/* Ids are block * DEMO_ID_BLOCK + n: block is the first six digits of the code of the county
 * the row belongs to (140929), of its city followed by 00 (140900), or 140000 for rows of
 * the province; n counts from 1 within (table, block). */
#define DEMO_ID_BLOCK 100000

/* Rows numbered within their village (households, household members) have ids village code *
 * DEMO_VILLAGE_BLOCK + n, n from 1 (140929100001 * 1000 + 37): a county's members do not fit
 * in one DEMO_ID_BLOCK. */
#define DEMO_VILLAGE_BLOCK 1000

enum demo_scale { DEMO_SCALE_COUNTY, DEMO_SCALE_CITY, DEMO_SCALE_PROVINCE };

struct demo_org {
    char code[13];
    char name[104];
    int level;  /* ORG_PROVINCE .. ORG_VILLAGE */
    int parent; /* index in demo.orgs; -1 for the province */
    size_t end; /* one past the last index of its subtree (orgs are in pre-order) */
    double lat; /* villages: stored; townships and counties: the centre villages are */
    double lon; /* placed around (not stored) */
    int geofence_m;
    int tag;        /* index into demo_tags, or -1 */
    int unit_first; /* its dispatching units in demo.units (cities, counties, province) */
    int unit_count;
    int household_first; /* villages: their households in demo.households, whose ids are */
    int household_count; /* demo_village_id(village, 1 .. household_count) */
    int visit_first;     /* villages: their visits without a household (V4) in demo.visits */
    int visit_count;
};

enum demo_unit_level { DEMO_UNIT_CENTRAL, DEMO_UNIT_PROVINCE, DEMO_UNIT_CITY, DEMO_UNIT_COUNTY };

struct demo_unit {
    int64_t id;
    int level; /* enum demo_unit_level */
    int org;   /* index in demo.orgs: the province, or its city or county */
    char name[128];
    char leader[64];
    char office[64];
};

struct demo_person {
    int64_t id;
    char name[64];
    char phone[16];
    int party_member;
    int unit;        /* index in demo.units */
    int org;         /* where the record is kept: the team's village or township */
    int64_t user_id; /* 0 when the person has no account */
};

enum demo_team_kind { DEMO_TEAM_VILLAGE, DEMO_TEAM_TOWNSHIP };

struct demo_team {
    int64_t id;
    int kind;         /* enum demo_team_kind */
    int org;          /* index in demo.orgs */
    int party_leader; /* index in demo.persons, or -1 */
    int member_first; /* its memberships in demo.members, history included */
    int member_count;
};

enum demo_post { DEMO_POST_CAPTAIN, DEMO_POST_FIRST_SECRETARY, DEMO_POST_MEMBER };
enum demo_end { DEMO_END_NONE, DEMO_END_ROTATION, DEMO_END_RECALL };

struct demo_member {
    int64_t id;
    int team;   /* index in demo.teams */
    int person; /* index in demo.persons */
    int unit;   /* index in demo.units */
    int post;   /* enum demo_post */
    int32_t start;
    int32_t end;          /* days since 1970-01-01; 0 while serving */
    int end_reason;       /* enum demo_end */
    const char *end_note; /* static text, "" while serving */
};

struct demo_user {
    int64_t id;
    char username[64];
    char display_name[160];
    const char *role;
    int scope;  /* index in demo.orgs */
    int unit;   /* index in demo.units for unit_admin, else -1 */
    int person; /* index in demo.persons, or -1 */
};

/* A household, as much of it as later steps need: its rows (members, names, ID numbers)
 * are streamed into COPY and not kept. Its states are those of household_states: from
 * since, and from changed on when changed is not 0. */
struct demo_household {
    int64_t id;
    int32_t since;       /* days since 1970-01-01 */
    int32_t changed;     /* days since 1970-01-01 (in the 327 days to today), or 0 */
    uint8_t category[2]; /* enum hh_category (common/rules/visits.h): from since, from changed */
    uint8_t absent[2];
    uint8_t members;     /* its members (the income step counts them) */
    int32_t visit_first; /* its visits in demo.visits (the visits step) */
    int32_t visit_count;
};

/* A visit, as much as the duties step needs to count it (the row went into COPY). */
struct demo_visit {
    int32_t day;  /* days since 1970-01-01 */
    uint8_t mode; /* enum visit_mode (common/rules/visits.h) */
};

/* Rows written to one table, for the summary and the audit record. */
struct demo_count {
    const char *table;
    long rows;
    int has_id; /* the rows carry ids we chose: move the identity sequence past them */
};

struct demo {
    PGconn *pg;
    const struct server_config *cfg;
    enum demo_scale scale;
    const char *scale_name;
    uint64_t seed;
    const char *dir;
    int32_t today;              /* the clock's today (docs/clock.md): the data is as of it */
    char scope_code[13];        /* the subtree loaded: the county, the city or the province */
    char phc[PASSWORD_PHC_MAX]; /* DEMO_PASSWORD hashed once, shared by every demo account */

    struct demo_org *orgs; /* [0] is the province (already in the database) */
    size_t norgs, orgs_cap;
    struct demo_unit *units;
    size_t nunits, units_cap;
    struct demo_person *persons;
    size_t npersons, persons_cap;
    struct demo_team *teams;
    size_t nteams, teams_cap;
    struct demo_member *members;
    size_t nmembers, members_cap;
    struct demo_user *users;
    size_t nusers, users_cap;
    struct demo_household *households; /* by village, in pre-order (demo_org.household_first) */
    size_t nhouseholds, households_cap;
    struct demo_visit *visits; /* by household, then by village (demo_household, demo_org) */
    size_t nvisits, visits_cap;

    struct demo_count counts[160]; /* the tables the steps load (about 70 in 2026-12) */
    size_t ncounts;
};

/* The steps, run in this order inside the transaction (demo.c lists them). Each returns 0,
 * or -1 after printing why. */
int demo_step_org(struct demo *d);        /* demo_org.c: cities, counties, townships, villages */
int demo_step_units(struct demo *d);      /* demo_units.c: dispatching units */
int demo_step_teams(struct demo *d);      /* demo_teams.c: persons, teams, memberships */
int demo_step_accounts(struct demo *d);   /* demo_accounts.c: users, role grants, persons.user_id */
int demo_step_households(struct demo *d); /* demo_households.c: households, states, members */
int demo_step_visits(struct demo *d);     /* demo_visits.c: last and this month's visits */
int demo_step_duties(struct demo *d);     /* demo_duties.c: visit duty rows (0006), in C */
int demo_step_checkins(struct demo *d);   /* demo_checkins.c: last and this week's check-ins */
int demo_step_leave(struct demo *d);      /* demo_leave.c: leave requests in every queue */
int demo_step_recall(struct demo *d);     /* demo_leave.c: recalls waiting for approval */
int demo_step_guarantees(struct demo *d); /* demo_guarantees.c: M5 entries, labour records */
int demo_step_monitoring(struct demo *d); /* demo_monitoring.c: cases, risks, measures */
int demo_step_income(struct demo *d);     /* demo_income.c: monthly income sums, plans */
int demo_step_ledger(struct demo *d);     /* demo_ledger.c: the ten-area ledgers, M9 items */
int demo_step_attach(struct demo *d);     /* demo_attach.c: evidence files, linked to records */
int demo_step_service(struct demo *d);    /* demo_service.c: a year of service cases (S1) */
int demo_step_policy(struct demo *d);     /* demo_policy.c: videos, broadcasts, quizzes */
int demo_step_points(struct demo *d);     /* demo_points.c: villager points schemes */
int demo_step_projects(struct demo *d);   /* demo_projects.c: projects since 2013 (P1) */
int demo_step_project_approvals(struct demo *d); /* demo_project_approvals.c: their requests */
int demo_step_build(struct demo *d);      /* demo_build.c: construction, disbursements (P2) */
int demo_step_assets(struct demo *d);     /* demo_assets.c: assets, upkeep, income, posts (P3) */
int demo_step_lookback(struct demo *d);   /* demo_lookback.c: this year's look-back (P4) */
int demo_step_consume(struct demo *d);    /* demo_consume.c: purchases, contracts (M7) */
int demo_step_assessment(struct demo *d); /* demo_assessment.c: four published quarters (E1) */
int demo_step_inspect(struct demo *d); /* demo_inspect.c: inspections, findings, circulars (G1) */
int demo_step_stars(struct demo *d);   /* demo_stars.c: two halves' stars, four quarters' points */
int demo_step_assess(
    struct demo *d); /* demo_assess.c: their indicator scores, this quarter's drafts */
int demo_step_training(struct demo *d); /* demo_training.c: study, training, G2 (T1, T2, G2) */
int demo_step_notices(struct demo *d);  /* demo_notices.c: notices, reads, replies (D1) */
int demo_step_tasks(struct demo *d);    /* demo_tasks.c: tasks sent down at every stage (D2) */
int demo_step_diary(struct demo *d);    /* demo_diary.c: a month of diaries, some days missing */
/* demo_allowance.c: two months of allowance statements (D4) */
int demo_step_allowance(struct demo *d);
/* demo_allowance_rates.c: rates published by a county office and the province office */
int demo_step_allowance_rates(struct demo *d);
/* Runs parts in order for step, each fmt made with the loaded subtree's code prefix as %1$s
 * (demo_exec_counted, its count named by what); 0, or -1 at the first that fails. */
struct demo_part {
    const char *fmt, *what;
};
int demo_exec_parts(struct demo *d, const char *step, const struct demo_part *parts, size_t n);
/* demo_notice_offices.c: the county offices' notices to the offices below them */
int demo_step_notice_offices(struct demo *d);

/* The demonstration-programme tags of SPEC O1, in the order of 0002_org.sql. */
extern const char *const demo_tags[4];

/* The id of the n-th row (from 1) of a table in the block of org unit org (see
 * DEMO_ID_BLOCK). */
int64_t demo_id(const struct demo *d, int org, long n);
/* The id of the n-th row (from 1, below DEMO_VILLAGE_BLOCK) of a table numbered within the
 * village at index village. */
int64_t demo_village_id(const struct demo *d, int village, long n);

/* Makes room for element count (zeroed) in an array of size-byte elements with room for *cap,
 * and returns the array, which may have moved. */
void *demo_grow(void *array, size_t count, size_t *cap, size_t size);
/* Appends a zeroed element to d->arr (counted by d->narr, room for d->arr_cap) and returns a
 * pointer to it; pointers into the array taken before are stale afterwards. */
#define DEMO_PUSH(d, arr)                                                                          \
    ((d)->arr = demo_grow((d)->arr, (d)->n##arr, &(d)->arr##_cap, sizeof(*(d)->arr)),              \
     &(d)->arr[(d)->n##arr++])

/* Ends c (demo_copy.h) and records its row count under its table. Returns 0 or -1. */
struct demo_copy;
int demo_copy_done(struct demo *d, struct demo_copy *c, int has_id);
/* Records rows loaded into table by other means than a copy (an INSERT ... SELECT of a step).
 * Returns 0 or -1. */
int demo_count_rows(struct demo *d, const char *table, long rows, int has_id);

/* Runs sql (statements without parameters) for step; counts its rows under table, or, with
 * table NULL, names it by what in an error (a temporary table, statistics). sql may also be a
 * SELECT calling the functions that write (the calls' own SQL functions): its one value, a
 * count, is the rows counted, or else its number of rows. Returns 0 or -1. */
int demo_exec_counted(struct demo *d, const char *step, const char *table, const char *what,
                      const char *sql);

/* Index of the county (level 3) that org lies in, or -1 above county level. */
int demo_county_of(const struct demo *d, int org);

#endif
