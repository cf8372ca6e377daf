/* demo.c -- `zhucun-server demo`: runs the generation steps in one transaction and reports. */
#include "server/demo/demo.h"

#include "server/admin.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/progress.h"
#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"

/* Serialises concurrent demo loads, so the second one sees the first one's rows and says
 * so instead of failing on a duplicate key. */
#define DEMO_LOCK 724300002

const char *const demo_tags[4] = {"乡村振兴示范村", "乡村旅游振兴示范村", "数字乡村示范村",
                                  "特色产业示范基地"};

typedef int (*demo_step_fn)(struct demo *d);

/* In order: a step may use what the steps before it generated. Add new steps at the end. */
static const struct {
    const char *name;
    demo_step_fn fn;
} steps[] = {
    {"org", demo_step_org},
    {"units", demo_step_units},
    {"teams", demo_step_teams},
    {"accounts", demo_step_accounts},
    {"households", demo_step_households},
    {"visits", demo_step_visits},
    {"duties", demo_step_duties},
    {"checkins", demo_step_checkins},
    {"leave", demo_step_leave},
    {"recall", demo_step_recall},
    {"guarantees", demo_step_guarantees},
    {"monitoring", demo_step_monitoring},
    {"income", demo_step_income},
    {"ledger", demo_step_ledger},
    {"points", demo_step_points},
    {"service", demo_step_service},
    {"policy", demo_step_policy},
    {"projects", demo_step_projects},
    {"project_approvals", demo_step_project_approvals},
    {"build", demo_step_build},
    {"assets", demo_step_assets},
    {"lookback", demo_step_lookback},
    {"consume", demo_step_consume},
    {"assessment", demo_step_assessment}, /* the published quarters' grades (0130) */
    {"inspect", demo_step_inspect},
    {"training", demo_step_training},
    {"stars", demo_step_stars},
    {"assess", demo_step_assess}, /* after the records its indicators are scored from */
    {"notices", demo_step_notices},
    {"tasks", demo_step_tasks}, /* tasks sent down at every stage (D2) */
    {"diary", demo_step_diary}, /* a month of diaries, some days missing (D3) */
    {"allowances", demo_step_allowance},
    {"allowance_rates", demo_step_allowance_rates}, /* a county's own rate, a province one ahead */
    {"notice_offices", demo_step_notice_offices}, /* a county's notice to its townships' offices */
    {"attach", demo_step_attach}, /* last: it links files to records of every kind */
};

/* Roles in the order the summary shows an example of each. */
static const char *const hint_roles[] = {
    "province_office", "city_office",  "county_office", "county_captain", "township",
    "unit_admin",      "team_captain", "cadre",         "inspector",      "exporter",
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void *demo_grow(void *array, size_t count, size_t *cap, size_t size)
{
    if (count == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        array = xrealloc(array, *cap * size);
    }
    memset((char *)array + count * size, 0, size);
    return array;
}

int64_t demo_id(const struct demo *d, int org, long n)
{
    const char *code = d->orgs[org].code;
    int64_t block = 0;
    for (int i = 0; i < 6; i++)
        block = block * 10 + (code[i] - '0');
    return block * DEMO_ID_BLOCK + n;
}

int64_t demo_village_id(const struct demo *d, int village, long n)
{
    return strtoll(d->orgs[village].code, NULL, 10) * DEMO_VILLAGE_BLOCK + n;
}

int demo_county_of(const struct demo *d, int org)
{
    while (org >= 0 && d->orgs[org].level > ORG_COUNTY)
        org = d->orgs[org].parent;
    return org >= 0 && d->orgs[org].level == ORG_COUNTY ? org : -1;
}

int demo_count_rows(struct demo *d, const char *table, long rows, int has_id)
{
    for (size_t i = 0; i < d->ncounts; i++) {
        if (strcmp(d->counts[i].table, table) == 0) {
            d->counts[i].rows += rows;
            d->counts[i].has_id |= has_id;
            return 0;
        }
    }
    if (d->ncounts == ARRAY_SIZE(d->counts)) {
        fprintf(stderr, "zhucun-server: demo: too many tables\n");
        return -1;
    }
    struct demo_count *k = &d->counts[d->ncounts++];
    k->table = xstrdup(table); /* the caller's name may end with its step */
    k->rows = rows;
    k->has_id = has_id;
    return 0;
}

int demo_exec_counted(struct demo *d, const char *step, const char *table, const char *what,
                      const char *sql)
{
    PGresult *res = PQexec(d->pg, sql);
    /* A SELECT of the functions that write: its one value (a count) is the rows written, or
     * each of its rows is one. */
    ExecStatusType st = PQresultStatus(res);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
    if (rc != 0) {
        fprintf(stderr, "zhucun-server: demo: %s: %s: %s", step, table ? table : what,
                PQresultErrorMessage(res));
    } else if (table != NULL) {
        long rows = st == PGRES_COMMAND_OK ? strtol(PQcmdTuples(res), NULL, 10)
                    : PQntuples(res) == 1 && PQnfields(res) == 1
                        ? strtol(PQgetvalue(res, 0, 0), NULL, 10)
                        : PQntuples(res);
        rc = demo_count_rows(d, table, rows, 0);
    }
    PQclear(res);
    return rc;
}

int demo_copy_done(struct demo *d, struct demo_copy *c, int has_id)
{
    if (demo_copy_end(c) != 0)
        return -1;
    return demo_count_rows(d, c->table, c->rows, has_id);
}

/* Takes the lock and counts org units; returns 0 when only the province is there, 8 when
 * more is, 1 on an error. */
static int check_empty(struct demo *d)
{
    char sql[64];
    snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%d)", DEMO_LOCK);
    if (admin_exec(d->pg, sql, "taking the demo lock") != 0)
        return 1;
    PGresult *res = PQexec(d->pg, "SELECT count(*) FROM org_units WHERE code <> '140000000000'");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: demo: %s", PQresultErrorMessage(res));
        PQclear(res);
        return 1;
    }
    long n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if (n > 0) {
        fprintf(stderr,
                "zhucun-server: demo data already loaded (the org tree has %ld units below the "
                "province); load the demo into a fresh database\n",
                n);
        return 8;
    }
    return 0;
}

/* The triggers that keep visit duties current fire per statement or per row: during the load
 * they are off (and one that keeps sessions current, which the load's new accounts have none of),
 * and the duties step makes every row of every period at once, and their per-village summary
 * (demo_duties.c). The ALTERs are part of the load's transaction, so a failed load leaves them on,
 * and a load that commits leaves them on for later writes. */
static int load_triggers(struct demo *d, const char *what)
{
    static const char *const triggers[][2] = {
        {"household_states", "household_states_duties_ins"},
        {"household_states", "household_states_duties_upd"},
        {"visits", "visits_duties"},
        {"teams", "teams_duties"},
        {"memberships", "memberships_team_established"},
        {"visit_duties", "visit_duties_summary_ins"},
        /* A grant bumps its user's auth_version, so that sessions of the user are checked
         * afresh (0040): the demo's accounts are new, nobody holds a session of them. */
        {"role_grants", "role_grants_auth_insert"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(triggers); i++) {
        char sql[160];
        snprintf(sql, sizeof(sql), "ALTER TABLE %s %s TRIGGER %s", triggers[i][0], what,
                 triggers[i][1]);
        if (admin_exec(d->pg, sql, sql) != 0)
            return -1;
    }
    return 0;
}

/* Opens the load's transaction holding every table of the schema in ACCESS EXCLUSIVE mode,
 * taken at once before anything else. The steps drop and remake keys table by table: a server
 * running beside the load (its pools preparing their statements, a request) that holds one of
 * those tables and wants another the load already took made a deadlock, which PostgreSQL could
 * end by failing the load. Taken first, the locks leave nothing to deadlock on later; while they
 * are being taken a deadlock or a wait past LOCK_WAIT ends only this attempt, which is rolled
 * back (nothing held) and tried again, up to LOCK_TRIES times. The server's requests wait for
 * the load's commit. */
#define LOCK_TRIES 20
#define LOCK_WAIT  "3s"
static int begin_locked(struct demo *d)
{
    static const char lock_all[] =
        "DO $$ BEGIN EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('%I.%I', schemaname,"
        " tablename), ', ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public')"
        " || ' IN ACCESS EXCLUSIVE MODE'; END $$";
    for (int attempt = 1; attempt <= LOCK_TRIES; attempt++) {
        if (admin_exec(d->pg, "BEGIN; SET LOCAL lock_timeout = '" LOCK_WAIT "'", "BEGIN") != 0)
            return -1;
        PGresult *res = PQexec(d->pg, lock_all);
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        int busy = !ok && state != NULL &&
                   (strcmp(state, "55P03") == 0 || /* lock_not_available */
                    strcmp(state, "40P01") == 0);  /* deadlock_detected */
        if (!ok && !busy)
            fprintf(stderr, "zhucun-server: demo: locking the tables: %s",
                    PQresultErrorMessage(res));
        PQclear(res);
        if (ok)
            return admin_exec(d->pg, "SET LOCAL lock_timeout = 0", "lock_timeout");
        if (admin_exec(d->pg, "ROLLBACK", "ROLLBACK") != 0 || !busy)
            return -1;
        fprintf(stderr, "zhucun-server: demo: the tables are in use; trying again (%d of %d)\n",
                attempt, LOCK_TRIES);
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    fprintf(stderr, "zhucun-server: demo: the tables stayed in use; nothing was loaded\n");
    return -1;
}

/* Moves each identity sequence past the ids the steps chose, so rows added later by the
 * server do not collide with them. */
static int move_sequences(struct demo *d)
{
    for (size_t i = 0; i < d->ncounts; i++) {
        if (!d->counts[i].has_id)
            continue;
        char *sql = xasprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id))"
                              " FROM %s HAVING max(id) IS NOT NULL",
                              d->counts[i].table, d->counts[i].table);
        int rc = admin_exec(d->pg, sql, "moving an id sequence");
        free(sql);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int audit(struct demo *d)
{
    size_t cap = 256 + d->ncounts * 64;
    char *detail = xmalloc(cap);
    int n = snprintf(detail, cap, "{\"scale\": \"%s\", \"scope\": \"%s\", \"seed\": %" PRIu64,
                     d->scale_name, d->scope_code, d->seed);
    for (size_t i = 0; i < d->ncounts; i++)
        n += snprintf(detail + n, cap - (size_t)n, ", \"%s\": %ld", d->counts[i].table,
                      d->counts[i].rows);
    snprintf(detail + n, cap - (size_t)n, "}");
    char *object = xasprintf("scale:%s", d->scale_name);
    const char *params[2] = {object, detail};
    PGresult *res =
        PQexecParams(d->pg, "SELECT zc_audit_append(NULL, 'cli:demo', '', 'demo.load', $1, $2)", 2,
                     NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "zhucun-server: demo: audit failed: %s", PQresultErrorMessage(res));
    PQclear(res);
    free(object);
    free(detail);
    return ok ? 0 : -1;
}

/* 1 when code is the demo county, inside it or above it. */
static int near_demo_county(const char *code)
{
    return rules_code_within(code, DEMO_COUNTY_CODE) || rules_code_within(DEMO_COUNTY_CODE, code);
}

/* An example account for role: the one bound deepest in or above the demo county (a village
 * team there, the county's own unit), else the first. */
static const struct demo_user *example(const struct demo *d, const char *role)
{
    const struct demo_user *best = NULL;
    int best_level = -1;
    for (size_t i = 0; i < d->nusers; i++) {
        const struct demo_user *u = &d->users[i];
        if (strcmp(u->role, role) != 0)
            continue;
        const struct demo_org *o = &d->orgs[u->scope];
        int level = near_demo_county(o->code) ? o->level : 0;
        if (level > best_level) {
            best = u;
            best_level = level;
        }
    }
    return best;
}

static long rows_of(const struct demo *d, const char *table)
{
    for (size_t i = 0; i < d->ncounts; i++)
        if (strcmp(d->counts[i].table, table) == 0)
            return d->counts[i].rows;
    return 0;
}

static void summary(const struct demo *d, double elapsed, const double *step_s)
{
    long levels[ORG_VILLAGE + 1] = {0};
    for (size_t i = 1; i < d->norgs; i++)
        levels[d->orgs[i].level]++;
    const char *scope_name = "山西省";
    for (size_t i = 0; i < d->norgs; i++)
        if (strcmp(d->orgs[i].code, d->scope_code) == 0)
            scope_name = d->orgs[i].name;
    printf("demo data loaded: scale %s (%s), seed %" PRIu64 ", %.1f s\n", d->scale_name, scope_name,
           d->seed, elapsed);
    for (size_t i = 0; i < d->ncounts; i++) {
        const struct demo_count *k = &d->counts[i];
        printf("  %-18s %8ld", k->table, k->rows);
        if (strcmp(k->table, "org_units") == 0)
            printf("   (%ld cities, %ld counties, %ld townships, %ld villages)", levels[2],
                   levels[3], levels[4], levels[5]);
        else if (strcmp(k->table, "households") == 0 && k->rows > 0 && levels[5] > 0)
            printf("   (%.1f per village, %.2f members each)", (double)k->rows / levels[5],
                   (double)rows_of(d, "household_members") / k->rows);
        else if (strcmp(k->table, "visits") == 0 && rows_of(d, "households") > 0) {
            char from[11], to[11];
            rules_date_format(demo_month_first(d->today, -1), from);
            rules_date_format(d->today, to);
            printf("   (%s to %s, %.1f per household)", from, to,
                   (double)k->rows / rows_of(d, "households"));
        }
        printf("\n");
    }
    printf("  steps:");
    for (size_t i = 0; i < ARRAY_SIZE(steps) && step_s[i] >= 0; i++)
        printf("%s %s %.2f s", i ? "," : "", steps[i].name, step_s[i]);
    printf("\n");
    printf("every demo account has the password %s; for example:\n", DEMO_PASSWORD);
    for (size_t i = 0; i < ARRAY_SIZE(hint_roles); i++) {
        const struct demo_user *u = example(d, hint_roles[i]);
        if (u == NULL)
            continue;
        printf("  %-16s %-22s %s %s\n", hint_roles[i], u->username, d->orgs[u->scope].code,
               u->unit >= 0 ? d->units[u->unit].name : d->orgs[u->scope].name);
    }
}

static void demo_free(struct demo *d)
{
    free(d->orgs);
    free(d->units);
    free(d->persons);
    free(d->teams);
    free(d->members);
    free(d->users);
    free(d->households);
    free(d->visits);
    for (size_t i = 0; i < d->ncounts; i++)
        free((char *)d->counts[i].table);
    PQfinish(d->pg);
}

/* ANALYZE of the tables a step wrote (those counted since before[0..known), which held the
 * counts before it): autovacuum sees nothing inside the load's transaction, so without it a
 * later step's statement is planned as if the tables held what they held before the load — an
 * org unit's name looked up by a scan of all org units for every asset of the province (20
 * minutes), a table's own guard scanning it per row. Counted in the step's time. */
static int analyze_written(struct demo *d, const long *before, size_t known)
{
    for (size_t k = 0; k < d->ncounts; k++) {
        if (k < known && d->counts[k].rows == before[k])
            continue;
        char sql[96];
        snprintf(sql, sizeof(sql), "ANALYZE %s", d->counts[k].table);
        if (admin_exec(d->pg, sql, "statistics of the rows written") != 0)
            return -1;
    }
    return 0;
}

int demo_run(const struct server_config *cfg, const struct demo_options *o)
{
    double t0 = now_s();
    struct demo d = {0};
    d.cfg = cfg;
    d.seed = o->seed;
    d.dir = o->dir;
    /* A test build's clock may be pinned (the harness's environment, and admin_connect below
     * takes the database's pin): a demo loaded on a pinned day is the same every time. */
    d.today = zc_clock_today();
    d.scale_name = o->scale;
    if (strcmp(o->scale, "county") == 0) {
        d.scale = DEMO_SCALE_COUNTY;
        snprintf(d.scope_code, sizeof(d.scope_code), "%s", DEMO_COUNTY_CODE);
    } else if (strcmp(o->scale, "city") == 0) {
        d.scale = DEMO_SCALE_CITY;
        snprintf(d.scope_code, sizeof(d.scope_code), "%s", DEMO_CITY_CODE);
    } else if (strcmp(o->scale, "province") == 0) {
        d.scale = DEMO_SCALE_PROVINCE;
        snprintf(d.scope_code, sizeof(d.scope_code), "140000000000");
    } else {
        fprintf(stderr, "zhucun-server: --scale must be county, city or province, not %s\n",
                o->scale);
        return 2;
    }

    /* One hash for every demo account: hashing each would take minutes, and they all share
     * the documented password anyway. */
    struct password_params pp = {(uint32_t)cfg->argon2_memory_kib, (uint32_t)cfg->argon2_iterations,
                                 (uint32_t)cfg->argon2_parallelism};
    if (password_hash(&pp, DEMO_PASSWORD, strlen(DEMO_PASSWORD), d.phc) != 0) {
        fprintf(stderr, "zhucun-server: demo: could not hash the demo password\n");
        return 1;
    }

    int status = 1;
    d.pg = admin_connect(cfg);
    if (d.pg == NULL) {
        status = 10;
        goto out;
    }
    d.today = zc_clock_today();
    /* One bulk transaction: index rebuilds get memory and parallel workers, and the commit
     * need not wait on each WAL flush. */
    if (begin_locked(&d) != 0 ||
        admin_exec(d.pg,
                   "SET LOCAL maintenance_work_mem = '512MB';"
                   " SET LOCAL max_parallel_maintenance_workers = 2;"
                   " SET LOCAL synchronous_commit = off",
                   "tuning the load") != 0 ||
        load_triggers(&d, "DISABLE") != 0)
        goto out;
    status = check_empty(&d);
    if (status != 0)
        goto out;
    status = 1;

    double step_s[ARRAY_SIZE(steps)];
    size_t last = ARRAY_SIZE(steps) - 1;
    if (o->until != NULL) {
        for (last = 0; last < ARRAY_SIZE(steps) && strcmp(steps[last].name, o->until) != 0; last++)
            ;
        if (last == ARRAY_SIZE(steps)) {
            fprintf(stderr, "zhucun-server: demo: --until names no step: %s\n", o->until);
            status = 2;
            goto out;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
        step_s[i] = -1;
    /* step i/n, its name and the time the one before took, on a terminal's stderr; in batch
     * nothing (the summary lists each step's time) */
    struct progress p;
    progress_start(&p, stderr, o->quiet, NULL, NULL);
    for (size_t i = 0; i <= last; i++) {
        if (i == 0)
            progress_show(&p, "demo: step 1/%zu %s", last + 1, steps[i].name);
        else
            progress_show(&p, "demo: step %zu/%zu %s (%s took %.2f s)", i + 1, last + 1,
                          steps[i].name, steps[i - 1].name, step_s[i - 1]);
        double s0 = now_s();
        long before[ARRAY_SIZE(d.counts)];
        size_t known = d.ncounts;
        for (size_t k = 0; k < known; k++)
            before[k] = d.counts[k].rows;
        if (steps[i].fn(&d) != 0 || analyze_written(&d, before, known) != 0) {
            progress_clear(&p);
            fprintf(stderr, "zhucun-server: demo: step %s failed; nothing was loaded\n",
                    steps[i].name);
            goto out;
        }
        step_s[i] = now_s() - s0;
    }
    progress_finish(&p, "demo: %zu steps in %.1f s; committing", last + 1, progress_elapsed(&p));
    if (load_triggers(&d, "ENABLE") != 0 || move_sequences(&d) != 0 || audit(&d) != 0 ||
        admin_exec(d.pg, "COMMIT", "COMMIT") != 0) {
        fprintf(stderr, "zhucun-server: demo: nothing was loaded\n");
        goto out;
    }
    summary(&d, now_s() - t0, step_s);
    status = 0;
out:
    /* Closing the connection rolls back whatever the transaction did. */
    demo_free(&d);
    return status;
}
