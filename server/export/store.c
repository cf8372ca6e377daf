/* export/store.c -- SQL for exports (0010_export.sql; docs/export.md).
 *
 * One statement per kind, calling that kind's zc_export_KIND function: the scope [$1, $2), the
 * previous pull's snapshot ($3, NULL for a first pull), this pull's ($4), the keyset position
 * ($5 chg, $6 key), at most $7 rows. All columns of the row come back; the handler drops chg. */
#include "server/export/store.h"

#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

/* Every export statement runs as the export's own database role, which may only read the
 * exported tables (0026_row_level_security.sql; docs/rls.md). */
#define EXPORT_ROLE "zhucun_export"

#define EXPORT_STATEMENT(name)                                                                     \
    DB_STATEMENT_AS(store_export_##name, EXPORT_ROLE,                                              \
                    "SELECT * FROM zc_export_" #name "($1, $2, $3::pg_snapshot, $4::pg_snapshot,"  \
                    " $5::xid8, $6, $7::integer)",                                                 \
                    7)

EXPORT_STATEMENT(org_units);
EXPORT_STATEMENT(units);
EXPORT_STATEMENT(teams);
EXPORT_STATEMENT(memberships);
EXPORT_STATEMENT(households);
EXPORT_STATEMENT(members);
EXPORT_STATEMENT(visits);
EXPORT_STATEMENT(ledger_items);
EXPORT_STATEMENT(checkins);
EXPORT_STATEMENT(official_business);
EXPORT_STATEMENT(leave_requests);
EXPORT_STATEMENT(approvals);
EXPORT_STATEMENT(approval_steps);
EXPORT_STATEMENT(recall_requests);
EXPORT_STATEMENT(guarantee_entries);
EXPORT_STATEMENT(labour_records);
EXPORT_STATEMENT(audit);
EXPORT_STATEMENT(monitoring_cases);
EXPORT_STATEMENT(monitoring_risks);
EXPORT_STATEMENT(monitoring_measures);
EXPORT_STATEMENT(monitoring_reviews);
EXPORT_STATEMENT(monitoring_eliminations);
EXPORT_STATEMENT(income_sums);
EXPORT_STATEMENT(income_plans);
EXPORT_STATEMENT(ledger_updates);
EXPORT_STATEMENT(attachment_links);
EXPORT_STATEMENT(points_deeds);
EXPORT_STATEMENT(points_goods);
EXPORT_STATEMENT(points_prices);
EXPORT_STATEMENT(points_donations);
EXPORT_STATEMENT(points_ledger);
EXPORT_STATEMENT(service_cases);
EXPORT_STATEMENT(service_case_steps);
EXPORT_STATEMENT(contest_rounds);
EXPORT_STATEMENT(contest_entries);
EXPORT_STATEMENT(policy_quizzes);
EXPORT_STATEMENT(policy_quiz_cadres);
EXPORT_STATEMENT(policy_videos);
EXPORT_STATEMENT(policy_broadcasts);
EXPORT_STATEMENT(projects);
EXPORT_STATEMENT(project_villages);
EXPORT_STATEMENT(project_funds);
EXPORT_STATEMENT(project_beneficiaries);
EXPORT_STATEMENT(project_transitions);
EXPORT_STATEMENT(project_focus);
EXPORT_STATEMENT(project_tasks);
EXPORT_STATEMENT(project_progress);
EXPORT_STATEMENT(project_targets);
EXPORT_STATEMENT(project_target_entries);
EXPORT_STATEMENT(disbursements);
EXPORT_STATEMENT(project_assets);
EXPORT_STATEMENT(project_asset_upkeep);
EXPORT_STATEMENT(project_asset_incomes);
EXPORT_STATEMENT(project_asset_shares);
EXPORT_STATEMENT(welfare_posts);
EXPORT_STATEMENT(lookback_campaigns);
EXPORT_STATEMENT(lookback_reviews);
EXPORT_STATEMENT(lookback_findings);
EXPORT_STATEMENT(consumption_purchases);
EXPORT_STATEMENT(consumption_contracts);
EXPORT_STATEMENT(inspections);
EXPORT_STATEMENT(inspection_findings);
EXPORT_STATEMENT(team_stars);
EXPORT_STATEMENT(star_adjustments);
EXPORT_STATEMENT(filings);
EXPORT_STATEMENT(cadre_points);
EXPORT_STATEMENT(assessment_results);
EXPORT_STATEMENT(assessment_scores);
EXPORT_STATEMENT(study_sessions);
EXPORT_STATEMENT(study_attendees);
EXPORT_STATEMENT(training_sessions);
EXPORT_STATEMENT(training_attendance);
EXPORT_STATEMENT(unit_supervisions);
EXPORT_STATEMENT(tasks);
EXPORT_STATEMENT(task_instances);
EXPORT_STATEMENT(task_reports);
EXPORT_STATEMENT(diary_entries);
EXPORT_STATEMENT(diary_links);
EXPORT_STATEMENT(assessment_rounds);
EXPORT_STATEMENT(circulars);
EXPORT_STATEMENT(notices);
EXPORT_STATEMENT(notice_recipients);
EXPORT_STATEMENT(notice_reminders);
EXPORT_STATEMENT(allowance_statements);
EXPORT_STATEMENT(allowance_rates);

/* The tombstones of kind $8, in the same shape (key: the tombstone's id). */
DB_STATEMENT_AS(store_export_tombstones, EXPORT_ROLE,
                "SELECT t.id, t.key, t.chg FROM export_tombstones t WHERE t.kind = $8"
                " AND t.scope_code >= $1 AND t.scope_code < $2"
                " AND pg_visible_in_snapshot(t.chg, $4::pg_snapshot)"
                " AND ($3::pg_snapshot IS NULL OR (t.chg >= pg_snapshot_xmin($3::pg_snapshot)"
                " AND NOT pg_visible_in_snapshot(t.chg, $3::pg_snapshot)))"
                " AND (t.chg, t.id) > ($5::xid8, $6::bigint)"
                " ORDER BY t.chg, t.id LIMIT $7::integer",
                8);

/* This pull's snapshot on the database it runs on, and whether that database has caught up
 * with $1 (the cursor's snapshot the pull must not go behind: the previous pull's, or this
 * pull's own when it goes on after its limit; NULL for a first pull): every transaction $1
 * sees, it sees too (docs/export.md, "A read replica"). On a hot standby pg_current_snapshot
 * lists no transaction in progress (the standby keeps them where it does not look), so there
 * the snapshot is its xmin alone, "xmin:xmin:": every transaction below it has ended there. */
DB_STATEMENT_AS(
    store_export_snapshot, EXPORT_ROLE,
    "SELECT s.t::text, $1::pg_snapshot IS NULL"
    " OR (pg_snapshot_xmax($1::pg_snapshot) <= pg_snapshot_xmax(s.t)"
    " AND NOT EXISTS (SELECT FROM pg_snapshot_xip(s.t) x"
    " WHERE pg_visible_in_snapshot(x, $1::pg_snapshot)))"
    " FROM (SELECT CASE WHEN pg_is_in_recovery()"
    " THEN (pg_snapshot_xmin(c)::text || ':' || pg_snapshot_xmin(c)::text || ':')::pg_snapshot"
    " ELSE c END AS t FROM pg_current_snapshot() c) s",
    1);

/* ---- the COPY path (export/copy.c; docs/export.md) ----
 *
 * COPY takes no parameters. The export's own connection holds its position in settings, set
 * with parameters by the two statements below, and the COPY statement reads them back (each
 * once, as an init plan): its text is made of the kind's source below and the catalog's
 * column names, never of anything the client sent.
 *
 * The COPY statement is the body of the kind's zc_export_KIND function (0010_export.sql,
 * 0027 for recall requests) run directly: through the function, every row would be copied
 * into a tuplestore first, which costs more than half again of what COPY itself does. Planned
 * afresh for each chunk (a few ms over the monthly partitions), so chunks are large. */

/* Where a kind's rows come from and what places them in a scope: 0010's list. */
static const struct {
    const char *kind, *from, *scope;
} sources[] = {
    {"org_units", "org_units t", "t.code"},
    {"units", "dispatch_units t", "t.org_code"},
    {"teams", "teams t", "t.org_code"},
    {"memberships", "memberships t JOIN teams s ON s.id = t.team_id", "s.org_code"},
    {"households", "households t", "t.village_code"},
    {"members", "household_members t JOIN households s ON s.id = t.household_id", "s.village_code"},
    {"visits", "visits t", "t.village_code"},
    {"ledger_items", "ledger_items t", "t.village_code"}, /* 0075: follow_up_items renamed */
    {"checkins", "checkins t", "t.village_code"},
    {"official_business", "official_business t JOIN persons s ON s.id = t.person_id", "s.org_code"},
    {"leave_requests", "leave_requests t", "t.village"},
    {"approvals", "approvals t", "t.org_code"},
    {"attachment_links", "attachment_links t", "t.village_code"},
    {"approval_steps", "approval_steps t JOIN approvals s ON s.id = t.approval_id", "s.org_code"},
    {"recall_requests", "recall_requests t", "t.org_code"},
    {"guarantee_entries", "guarantee_entries t", "t.village_code"},
    {"labour_records", "labour_records t", "t.village_code"},
    /* the audit log has no place: exported whole, to the province's exporter only */
    {"points_deeds", "points_deeds t", "t.village_code"},
    {"points_goods", "points_goods t", "t.village_code"},
    {"points_prices", "points_prices t", "t.village_code"},
    {"points_donations", "points_donations t", "t.village_code"},
    {"points_ledger", "points_ledger t", "t.village_code"},
    {"audit", "audit t", "'140000000000'::text"},
    {"monitoring_cases", "monitoring_cases t", "t.village_code"},
    {"ledger_updates", "ledger_updates t", "t.village_code"},
    {"monitoring_risks", "monitoring_risks t", "t.village_code"},
    {"monitoring_measures", "monitoring_measures t", "t.village_code"},
    {"monitoring_reviews", "monitoring_reviews t", "t.village_code"},
    {"monitoring_eliminations", "monitoring_eliminations t", "t.village_code"},
    {"income_sums", "income_sums t", "t.village_code"},
    {"income_plans", "income_plans t", "t.village_code"},
    {"service_cases", "service_cases t", "t.village_code"},
    {"service_case_steps", "service_case_steps t", "t.village_code"},
    {"contest_rounds", "contest_rounds t", "t.org_code"},
    {"contest_entries", "contest_entries t", "t.village_code"},
    {"policy_quizzes", "policy_quizzes t", "t.village_code"},
    {"policy_quiz_cadres", "policy_quiz_cadres t", "t.village_code"},
    {"policy_videos", "policy_videos t", "t.village_code"},
    {"policy_broadcasts", "policy_broadcasts t", "t.village_code"},
    {"projects", "projects t", "t.village_code"},
    {"project_villages", "project_villages t", "t.village_code"},
    {"project_funds", "project_funds t", "t.village_code"},
    {"project_beneficiaries", "project_beneficiaries t", "t.village_code"},
    {"project_transitions", "project_transitions t", "t.village_code"},
    {"project_focus", "project_focus t", "t.village_code"},
    {"project_tasks", "project_tasks t", "t.village_code"},
    {"project_progress", "project_progress t", "t.village_code"},
    {"project_targets", "project_targets t", "t.village_code"},
    {"project_target_entries", "project_target_entries t", "t.village_code"},
    {"disbursements", "disbursements t", "t.village_code"},
    {"project_assets", "project_assets t", "t.village_code"},
    {"project_asset_upkeep", "project_asset_upkeep t", "t.village_code"},
    {"project_asset_incomes", "project_asset_incomes t", "t.village_code"},
    {"project_asset_shares", "project_asset_shares t", "t.village_code"},
    {"welfare_posts", "welfare_posts t", "t.village_code"},
    {"lookback_campaigns", "lookback_campaigns t", "t.village_code"},
    {"lookback_reviews", "lookback_reviews t", "t.village_code"},
    {"lookback_findings", "lookback_findings t", "t.village_code"},
    {"consumption_purchases", "consumption_purchases t", "t.village_code"},
    {"consumption_contracts", "consumption_contracts t", "t.village_code"},
    {"inspections", "inspections t", "t.village_code"},
    {"inspection_findings", "inspection_findings t", "t.village_code"},
    {"team_stars", "team_stars t", "t.org_code"},
    {"star_adjustments", "star_adjustments t", "t.org_code"},
    {"filings", "filings t", "t.county_code"},
    {"cadre_points", "cadre_points t", "t.org_code"},
    {"assessment_results", "assessment_results t", "t.org_code"},
    {"assessment_scores", "assessment_scores t", "t.org_code"},
    {"study_sessions", "study_sessions t", "t.village_code"},
    {"study_attendees", "study_attendees t", "t.village_code"},
    {"training_sessions", "training_sessions t", "t.village_code"},
    {"training_attendance", "training_attendance t", "t.village_code"},
    {"unit_supervisions", "unit_supervisions t", "t.village_code"},
    {"tasks", "tasks t", "t.village_code"},
    {"task_instances", "task_instances t", "t.village_code"},
    {"task_reports", "task_reports t", "t.village_code"},
    {"diary_entries", "diary_entries t", "t.village_code"},
    {"diary_links", "diary_links t", "t.village_code"},
    {"assessment_rounds", "assessment_rounds t", "t.county_code"},
    {"circulars", "circulars t", "t.org_code"},
    {"notices", "notices t", "t.village_code"},
    {"notice_recipients", "notice_recipients t", "t.village_code"},
    {"notice_reminders", "notice_reminders t", "t.village_code"},
    {"allowance_statements", "allowance_statements t", "t.org_code"},
    {"allowance_rates", "allowance_rates t", "t.org_code"},
};

/* Once per connection: the caller (as core/db.c sets it for a pool query, but for the
 * connection's life: it is this export's alone), the export's role, the scope [$3, $4), the
 * snapshots ($5 the previous pull's, '' for none; $6 this pull's), and no sort: a bulk load
 * gives many rows one chg, and the planner would then sort the whole table for each chunk
 * instead of reading the (chg, key) index. */
const char store_export_copy_session[] =
    "SELECT set_config('zhucun.scope', $1, false), set_config('zhucun.user', $2, false),"
    " set_config('role', '" EXPORT_ROLE "', false), set_config('enable_sort', 'off', false),"
    " set_config('zhucun.export_lo', $3, false), set_config('zhucun.export_hi', $4, false),"
    " set_config('zhucun.export_prev', $5, false), set_config('zhucun.export_target', $6, false)";

/* Before each chunk: after which (chg $1, key $2) it starts, and at most $3 rows. */
const char store_export_copy_position[] =
    "SELECT set_config('zhucun.export_chg', $1, false), set_config('zhucun.export_key', $2, false),"
    " set_config('zhucun.export_limit', $3, false)";

/* The statement's text, grown as it is written. */
struct sql {
    char *text;
    size_t len, cap;
};

static void put_text(struct sql *q, const char *text)
{
    size_t n = strlen(text);
    if (q->len + n + 1 > q->cap) {
        q->cap = (q->len + n + 1) * 2;
        q->text = xrealloc(q->text, q->cap);
    }
    memcpy(q->text + q->len, text, n + 1);
    q->len += n;
}

/* An identifier in double quotes (a catalog name: a quote in it would be doubled). */
static void put_ident(struct sql *q, const char *name)
{
    put_text(q, "\"");
    for (const char *p = name; *p; p++) {
        char c[2] = {*p, '\0'};
        put_text(q, *p == '"' ? "\"\"" : c);
    }
    put_text(q, "\"");
}

static int source_of(const char *kind)
{
    for (size_t i = 0; i < sizeof(sources) / sizeof(*sources); i++)
        if (strcmp(sources[i].kind, kind) == 0)
            return (int)i;
    return -1;
}

char *store_export_copy_probe(const char *kind)
{
    int k = source_of(kind);
    return k < 0 ? NULL : xasprintf("SELECT t.* FROM %s LIMIT 0", sources[k].from);
}

/* A setting read once per statement (an init plan), cast to type ("" for text); '' is NULL
 * (prev on a first pull). */
static void put_setting(struct sql *q, const char *name, const char *type)
{
    put_text(q, "(SELECT nullif(current_setting('zhucun.export_");
    put_text(q, name);
    put_text(q, "'), '')");
    put_text(q, type);
    put_text(q, ")");
}

char *store_export_copy_sql(const char *kind, const char *const *columns, int ncolumns,
                            const char *key, int text_key, int key_in_row)
{
    int k = source_of(kind);
    if (k < 0)
        return NULL;
    struct sql q = {0};
    put_text(&q, "COPY (SELECT 'upsert' AS zc_op");
    for (int i = 0; i < ncolumns; i++) {
        put_text(&q, ", t.");
        put_ident(&q, columns[i]);
    }
    if (!key_in_row) {
        put_text(&q, ", t.");
        put_ident(&q, key);
        put_text(&q, " AS zc_key");
    }
    put_text(&q, ", t.chg AS zc_chg FROM ");
    put_text(&q, sources[k].from);
    put_text(&q, " WHERE ");
    put_text(&q, sources[k].scope);
    put_text(&q, " COLLATE \"C\" >= ");
    put_setting(&q, "lo", "");
    put_text(&q, " AND ");
    put_text(&q, sources[k].scope);
    put_text(&q, " COLLATE \"C\" < ");
    put_setting(&q, "hi", "");
    put_text(&q, " AND pg_visible_in_snapshot(t.chg, ");
    put_setting(&q, "target", "::pg_snapshot");
    put_text(&q, ") AND (");
    put_setting(&q, "prev", "::pg_snapshot");
    put_text(&q, " IS NULL OR (t.chg >= pg_snapshot_xmin(");
    put_setting(&q, "prev", "::pg_snapshot");
    put_text(&q, ") AND NOT pg_visible_in_snapshot(t.chg, ");
    put_setting(&q, "prev", "::pg_snapshot");
    put_text(&q, "))) AND (t.chg, t.");
    put_ident(&q, key);
    put_text(&q, ") > (");
    put_setting(&q, "chg", "::xid8");
    put_text(&q, ", ");
    put_setting(&q, "key", text_key ? "" : "::bigint");
    put_text(&q, ") ORDER BY t.chg, t.");
    put_ident(&q, key);
    put_text(&q, " LIMIT ");
    put_setting(&q, "limit", "::integer");
    put_text(&q, ") TO STDOUT (FORMAT csv, FORCE_QUOTE (");
    for (int i = 0; i < ncolumns; i++) {
        put_ident(&q, columns[i]);
        put_text(&q, ", ");
    }
    put_text(&q, key_in_row ? "zc_chg))" : "zc_key, zc_chg))");
    return q.text;
}
