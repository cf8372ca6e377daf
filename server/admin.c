/* admin.c -- migrate, useradd, passwd, rekey and the other one-shot commands: blocking libpq. */
#include "server/admin.h"

#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "common/clock.h"
#include "common/config.h"
#include "common/crypt.h"
#include "common/password.h"
#include "common/progress.h"
#include "common/rules/account.h"
#include "common/status.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "server/audit/audit.h"
#include "server/audit/store.h"
#include "server/core/clockpin.h"
#include "server/core/db.h"
#include "server/core/dispatch.h"
#include "server/household/seal.h"

#define MIGRATION_LOCK 724300000

static PGconn *connect_raw(const struct server_config *cfg)
{
    /* A test build's sessions may see the database's clock pin (0015_clock.sql). The DSN's
     * own options come after ours and win, but cannot name what a production build omits. */
    const char *keys[] = {"options", "dbname", NULL};
    const char *vals[] = {zc_clock_pinnable() ? "-c zhucun.test_clock=on" : "", cfg->db_admin_dsn,
                          NULL};
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "zhucun-server: could not connect to the database: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    PQsetClientEncoding(pg, "UTF8");
    return pg;
}

PGconn *admin_connect(const struct server_config *cfg)
{
    PGconn *pg = connect_raw(cfg);
    if (pg != NULL && clockpin_adopt(pg) != 0) {
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

int admin_exec(PGconn *pg, const char *sql, const char *what)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "zhucun-server: %s failed: %s", what, PQresultErrorMessage(res));
    PQclear(res);
    return ok ? 0 : -1;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_migration(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 9 && d->d_name[4] == '_' && strspn(d->d_name, "0123456789") == 4 &&
           strcmp(d->d_name + n - 4, ".sql") == 0;
}

int admin_migrate(const struct server_config *cfg, const char *dir)
{
    struct dirent **files = NULL;
    int nfiles = scandir(dir, &files, is_migration, by_name);
    if (nfiles < 0) {
        fprintf(stderr, "zhucun-server: could not read migrations directory %s: %s\n", dir,
                strerror(errno));
        return 1;
    }
    int status = 1;
    PGconn *pg = admin_connect(cfg);
    if (pg == NULL)
        goto out;
    char lock[96];
    snprintf(lock, sizeof(lock), "SELECT pg_advisory_lock(%d)", MIGRATION_LOCK);
    if (admin_exec(pg, lock, "taking the migration lock") != 0 ||
        admin_exec(pg,
                   "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " version integer PRIMARY KEY, name text NOT NULL,"
                   " sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                   "creating schema_migrations") != 0)
        goto out;
    int applied = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *name = files[i]->d_name;
        char version[5];
        memcpy(version, name, 4);
        version[4] = '\0';
        char *path = xasprintf("%s/%s", dir, name);
        size_t len;
        char *sql = read_file(path, &len);
        free(path);
        if (sql == NULL) {
            fprintf(stderr, "zhucun-server: could not read %s/%s: %s\n", dir, name,
                    strerror(errno));
            goto out;
        }
        uint8_t digest[32];
        char hex[65];
        SHA256((const uint8_t *)sql, len, digest);
        token_to_hex(digest, 32, hex);
        const char *params[3] = {version, name, hex};
        PGresult *res =
            PQexecParams(pg, "SELECT sha256 FROM schema_migrations WHERE version = $1::integer", 1,
                         NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            fprintf(stderr, "zhucun-server: %s", PQresultErrorMessage(res));
            PQclear(res);
            free(sql);
            goto out;
        }
        if (PQntuples(res) == 1) {
            int same = strcmp(PQgetvalue(res, 0, 0), hex) == 0;
            PQclear(res);
            free(sql);
            if (!same) {
                fprintf(stderr,
                        "zhucun-server: migration %s was changed after it was applied; "
                        "migrations are forward-only: add a new one instead\n",
                        name);
                goto out;
            }
            continue;
        }
        PQclear(res);
        if (admin_exec(pg, "BEGIN", "BEGIN") != 0) {
            free(sql);
            goto out;
        }
        int ok = admin_exec(pg, sql, name) == 0;
        free(sql);
        if (ok) {
            res = PQexecParams(pg,
                               "INSERT INTO schema_migrations (version, name, sha256)"
                               " VALUES ($1::integer, $2, $3)",
                               3, NULL, params, NULL, NULL, 0);
            ok = PQresultStatus(res) == PGRES_COMMAND_OK;
            if (!ok)
                fprintf(stderr, "zhucun-server: %s", PQresultErrorMessage(res));
            PQclear(res);
        }
        if (!ok || admin_exec(pg, "COMMIT", "COMMIT") != 0) {
            admin_exec(pg, "ROLLBACK", "ROLLBACK");
            fprintf(stderr, "zhucun-server: migration %s not applied; nothing of it was kept\n",
                    name);
            goto out;
        }
        printf("applied %s\n", name);
        applied++;
    }
    /* The directory too: an operator (and tests/ops/10-packages.sh) sees which tree's
     * migrations a packaged or a built program took. */
    printf("database is at migration %d (%d applied now from %s)\n", nfiles, applied, dir);
    status = 0;
out:
    for (int i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    PQfinish(pg);
    return status;
}

/* One line from stdin, without its newline, into a fresh buffer; NULL on EOF or overflow. */
static char *read_password(void)
{
    char buf[PASSWORD_MAX_BYTES + 4];
    if (fgets(buf, sizeof(buf), stdin) == NULL)
        return NULL;
    size_t n = strcspn(buf, "\r\n");
    if (n == strlen(buf) && n > PASSWORD_MAX_BYTES)
        return NULL;
    buf[n] = '\0';
    char *p = xstrdup(buf);
    OPENSSL_cleanse(buf, sizeof(buf));
    return p;
}

static void wipe(char *s)
{
    if (s != NULL) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

static int hash_from_stdin(const struct server_config *cfg, char phc[PASSWORD_PHC_MAX])
{
    char *pw = read_password();
    if (pw == NULL) {
        fprintf(stderr,
                "zhucun-server: no password on standard input (one line, at most %d "
                "bytes)\n",
                PASSWORD_MAX_BYTES);
        return 6;
    }
    char buf[160];
    const char *problem = rules_password_problem(pw, cfg->password_min_length, buf, sizeof(buf));
    if (problem != NULL) {
        fprintf(stderr, "zhucun-server: password: %s\n", problem);
        wipe(pw);
        return 6;
    }
    struct password_params pp = {(uint32_t)cfg->argon2_memory_kib, (uint32_t)cfg->argon2_iterations,
                                 (uint32_t)cfg->argon2_parallelism};
    int rc = password_hash(&pp, pw, strlen(pw), phc);
    wipe(pw);
    if (rc != 0) {
        fprintf(stderr, "zhucun-server: could not hash the password\n");
        return 1;
    }
    return 0;
}

/* Runs one admin statement; maps a failure to the documented exit status. */
static int run_admin(const struct server_config *cfg, const char *sql, int n,
                     const char *const *params)
{
    PGconn *pg = admin_connect(cfg);
    if (pg == NULL)
        return 10;
    PGresult *res = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    int status = 0;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        struct db_error err;
        db_error_from_result(res, &err);
        if (err.code == ZHUCUN__CODE__INTERNAL)
            fprintf(stderr, "zhucun-server: %s", PQresultErrorMessage(res));
        else
            fprintf(stderr, "zhucun-server: %s%s%s\n", err.message, err.field[0] ? ": " : "",
                    err.field);
        status = status_exit_code(err.code);
    }
    PQclear(res);
    PQfinish(pg);
    return status;
}

int admin_useradd(const struct server_config *cfg, const struct useradd_args *a)
{
    const char *problem = rules_username_problem(a->username);
    if (problem != NULL) {
        fprintf(stderr, "zhucun-server: username: %s\n", problem);
        return 6;
    }
    const char *display = a->display_name ? a->display_name : a->username;
    problem = rules_display_name_problem(display);
    if (problem != NULL) {
        fprintf(stderr, "zhucun-server: --display-name: %s\n", problem);
        return 6;
    }
    int want = rules_role_level(a->role);
    if (want < 0) {
        fprintf(stderr, "zhucun-server: --role: unknown role %s\n", a->role);
        return 6;
    }
    int level = rules_code_level(a->scope);
    if (level < 0) {
        fprintf(stderr, "zhucun-server: --scope: %s is not a 12-digit division code\n", a->scope);
        return 6;
    }
    if (!rules_role_level_ok(a->role, level)) {
        fprintf(stderr, "zhucun-server: --scope: role %s is bound to a %s, but %s is a %s\n",
                a->role, rules_level_name(want), a->scope, rules_level_name(level));
        return 6;
    }
    char phc[PASSWORD_PHC_MAX];
    int rc = hash_from_stdin(cfg, phc);
    if (rc != 0)
        return rc;
    const char *params[7] = {a->username,
                             display,
                             phc,
                             a->role,
                             a->scope,
                             "cli:useradd",
                             a->must_change ? "true" : "false"};
    rc = run_admin(cfg, "SELECT zc_user_add($1, $2, $3, $4, $5, $6, $7::boolean)", 7, params);
    if (rc == 0)
        printf("created user %s (%s at %s)\n", a->username, a->role, a->scope);
    return rc;
}

int admin_passwd(const struct server_config *cfg, const char *username)
{
    char phc[PASSWORD_PHC_MAX];
    int rc = hash_from_stdin(cfg, phc);
    if (rc != 0)
        return rc;
    const char *params[3] = {username, phc, "cli:passwd"};
    rc = run_admin(cfg, "SELECT zc_user_set_password($1, $2, $3)", 3, params);
    if (rc == 0)
        printf("password set for %s; their sessions were revoked\n", username);
    return rc;
}

int admin_cleanup(const struct server_config *cfg)
{
    PGconn *pg = admin_connect(cfg);
    if (pg == NULL)
        return 10;
    PGresult *res = PQexec(pg, "SELECT * FROM zc_housekeeping()");
    int rc = 1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK) {
        printf("removed: %s ended sessions, %s quiet login throttles, %s idempotency keys older "
               "than 7 days\n",
               PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
        rc = 0;
    } else {
        fprintf(stderr, "zhucun-server: cleanup failed: %s", PQresultErrorMessage(res));
    }
    PQclear(res);
    PQfinish(pg);
    return rc;
}

int admin_cert_bind(const struct server_config *cfg, const char *username, const char *subject)
{
    const char *params[2] = {username, subject};
    int rc = run_admin(cfg, "SELECT zc_user_bind_cert($1, $2)", 2, params);
    if (rc == 0) {
        if (subject[0])
            printf("%s now logs in with the client certificate whose subject is %s\n", username,
                   subject);
        else
            printf("%s no longer logs in with a client certificate\n", username);
    }
    return rc;
}

int admin_duties(const struct server_config *cfg, int rebuild)
{
    PGconn *pg = admin_connect(cfg);
    if (pg == NULL)
        return 10;
    int status = 1;
    /* A rebuild replaces every row in one transaction; visits logged meanwhile wait for it
     * (the lock), so none is counted against rows that are about to go. */
    if (rebuild && (admin_exec(pg, "BEGIN", "BEGIN") != 0 ||
                    admin_exec(pg, "LOCK TABLE visits, household_states IN SHARE MODE",
                               "locking visits and household states") != 0 ||
                    admin_exec(pg, "DELETE FROM visit_duties; DELETE FROM visit_duty_periods",
                               "clearing the duties") != 0))
        goto out;
    PGresult *res = PQexec(pg, "SELECT zc_duties_roll(), zc_duty_start(), zc_duty_horizon()");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: generating the visit duties failed: %s",
                PQresultErrorMessage(res));
        PQclear(res);
        goto out;
    }
    printf("visit duties: %s new period(s) generated (tracked from %s, generated up to %s)\n",
           PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
    PQclear(res);
    if (rebuild && admin_exec(pg, "COMMIT", "COMMIT") != 0)
        goto out;
    status = 0;
out:
    PQfinish(pg);
    return status;
}

int admin_duties_check(const struct server_config *cfg, const char *from)
{
    PGconn *pg = admin_connect(cfg);
    if (pg == NULL)
        return 10;
    const char *params[1] = {from};
    PGresult *res = PQexecParams(pg,
                                 "SELECT c.problem, coalesce(r.code, c.rule_id::text),"
                                 " c.period_first::text, count(*), min(c.village_code),"
                                 " min(c.household_id)"
                                 " FROM zc_duties_check(coalesce($1::date, zc_today() - 62)) c"
                                 " LEFT JOIN visit_rules r ON r.id = c.rule_id"
                                 " GROUP BY 1, 2, 3 ORDER BY 3, 2, 1",
                                 1, NULL, params, NULL, NULL, 0);
    int status = 1;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: checking the visit duties failed: %s",
                PQresultErrorMessage(res));
    } else if (PQntuples(res) == 0) {
        printf("visit duties: every row of the tracked periods since %s agrees with the rules\n",
               from ? from : "62 days ago");
        status = 0;
    } else {
        for (int i = 0; i < PQntuples(res); i++)
            printf("visit duties: rule %s, period from %s: %s rows %s (first: village %s, "
                   "household %s)\n",
                   PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
                   PQgetvalue(res, i, 0), PQgetvalue(res, i, 4),
                   PQgetisnull(res, i, 5) ? "-" : PQgetvalue(res, i, 5));
        printf("visit duties: the rows do not agree with the rules; `zhucun-server duties "
               "--rebuild` recomputes them\n");
        status = 7;
    }
    PQclear(res);
    PQfinish(pg);
    return status;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Each call walks at most this long, so progress shows on a log of tens of millions. */
#define AUDIT_ADMIN_BUDGET_MS 10000u

static void print_broken(const Zhucun__AuditVerifyReply *v, int trusted_start)
{
    if (strcmp(v->problem, "head") == 0) {
        printf("audit trail BROKEN at its end: it ends at seq %lld, but the sealer had sealed up "
               "to seq %lld: the rows after seq %lld were removed\n",
               (long long)v->prev_seq, (long long)v->bad_seq, (long long)v->prev_seq);
        return;
    }
    printf("audit trail BROKEN at seq %lld (at %s, action %s): ", (long long)v->bad_seq, v->bad_at,
           v->bad_action);
    if (strcmp(v->problem, "hash") == 0)
        printf("its stored hash does not match its content: the row was changed\n");
    else if (strcmp(v->problem, "unsealed") == 0)
        printf("it has no hash, yet sealed rows follow it: its seal was removed\n");
    else if (v->prev_seq == 0 && !trusted_start)
        printf("it is the first row, but its prev_hash is not the genesis value (32 zero "
               "bytes): rows before it are missing\n");
    else if (v->bad_seq - v->prev_seq > 1)
        printf("its prev_hash is not the hash of the row before it (seq %lld): the row(s) "
               "between them (seq %lld to %lld) are missing, or seq %lld's hash was rewritten\n",
               (long long)v->prev_seq, (long long)v->prev_seq + 1, (long long)v->bad_seq - 1,
               (long long)v->prev_seq);
    else
        printf("its prev_hash is not the hash of the row before it (seq %lld): that row's hash "
               "was rewritten\n",
               (long long)v->prev_seq);
}

/* How far sealing lags: what the last call of a walk, or zc_audit_lag, found. */
static void print_lag(unsigned long long unsealed, const char *oldest_at, unsigned long long age_ms)
{
    if (unsealed == 0)
        printf("sealing is up to date: every committed row is sealed\n");
    else
        printf("sealing lags: %llu row%s not sealed yet, the oldest written at %s (%.1f s ago)\n",
               unsealed, unsealed == 1 ? "" : "s", oldest_at, (double)age_ms / 1000);
}

int admin_audit_verify(const struct server_config *cfg, const char *from, int quiet)
{
    struct audit_params p;
    if (audit_params_fill(&p, 0, NULL, from, AUDIT_LIMIT_MAX, AUDIT_ADMIN_BUDGET_MS) != NULL) {
        fprintf(stderr,
                "zhucun-server: --from: %s is not YYYY-MM-DD[ HH:MM[:SS]] (Asia/Shanghai) "
                "or RFC 3339\n",
                from);
        return 6;
    }
    PGconn *pg = admin_connect(cfg);
    if (pg == NULL)
        return 10;
    /* First, in a transaction of its own, seal what has committed (docs/audit.md). */
    PGresult *sealed = PQexec(pg, store_audit_seal_first.sql);
    if (PQresultStatus(sealed) != PGRES_TUPLES_OK)
        fprintf(stderr,
                "zhucun-server: sealing before the walk failed (walking what is sealed): %s",
                PQresultErrorMessage(sealed));
    PQclear(sealed);
    int status = 1;
    int first = 1, trusted = 0;
    unsigned long long total = 0;
    long long after = 0, first_seq = 0;
    char hash[65] = "", last_at[40] = "", first_at[40] = "";
    /* rows verified on a terminal's stderr, unless --quiet (docs/cli.md, "Progress") */
    struct progress pr;
    progress_start(&pr, stderr, quiet, NULL, NULL);
    for (;;) {
        const char *values[5];
        if (!first)
            audit_params_fill(&p, after, hash, NULL, AUDIT_LIMIT_MAX, AUDIT_ADMIN_BUDGET_MS);
        audit_params_values(&p, values);
        PGresult *res = PQexecParams(pg, store_audit_verify.sql, 5, NULL, values, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
            progress_clear(&pr);
            fprintf(stderr, "zhucun-server: verifying the audit trail failed: %s",
                    PQresultErrorMessage(res));
            PQclear(res);
            goto out;
        }
        Zhucun__AuditVerifyReply v = ZHUCUN__AUDIT_VERIFY_REPLY__INIT;
        audit_reply_from_row(res, &v);
        if (first) {
            first = 0;
            trusted = v.trusted_start;
            first_seq = v.first_seq;
            snprintf(first_at, sizeof(first_at), "%s", v.first_at);
            if (trusted)
                printf("starting at seq %lld (at %s), the first row at or after %s; its "
                       "prev_hash is trusted, not checked\n",
                       (long long)first_seq, first_at, from);
        }
        total += v.checked;
        if (v.last_seq != 0) {
            after = v.last_seq;
            snprintf(hash, sizeof(hash), "%s", v.last_hash);
            snprintf(last_at, sizeof(last_at), "%s", v.last_at);
        }
        double secs = progress_elapsed(&pr);
        double rate = secs > 0 ? total / secs : 0;
        if (v.broken || v.done)
            progress_finish(&pr, "%llu rows checked in %.1f s, %.0f rows/s", total, secs, rate);
        if (v.broken) {
            print_broken(&v, trusted && v.bad_seq == first_seq);
            printf("%llu rows before it are intact (%.1f s, %.0f rows/s)\n", total, secs, rate);
            status = 7;
            PQclear(res);
            goto out;
        }
        if (v.done) {
            if (total == 0)
                printf("audit trail intact: no rows%s%s\n", from ? " at or after " : "",
                       from ? from : "");
            else
                printf("audit trail intact: %llu rows checked (seq %lld to %lld), last row at %s "
                       "with hash %s (%.1f s, %.0f rows/s)\n",
                       total, first_seq, after, last_at, hash, secs, rate);
            print_lag(v.unsealed, v.unsealed_oldest_at, v.unsealed_age_ms);
            PQclear(res);
            status = 0;
            break;
        }
        progress_update(&pr, "checked %llu rows, up to seq %lld (%.0f rows/s)", total, after, rate);
        PQclear(res);
    }
out:
    PQfinish(pg);
    return status;
}

/* Rows a call of zc_audit_seal seals at most, and how many times a call that found another
 * sealer at work (after waiting 2 s for it) is tried again. */
#define AUDIT_SEAL_ADMIN_BATCH 10000
#define AUDIT_SEAL_ADMIN_TRIES 10

int admin_audit_seal(const struct server_config *cfg)
{
    PGconn *pg = admin_connect(cfg);
    if (pg == NULL)
        return 10;
    int status = 1, busy_tries = 0;
    long long sealed = 0, gaps = 0;
    char head[24] = "0", batch[16];
    snprintf(batch, sizeof(batch), "%d", AUDIT_SEAL_ADMIN_BATCH);
    const char *values[] = {batch, "true"};
    double t0 = mono_s();
    for (;;) {
        PGresult *res = PQexecParams(pg, store_audit_seal_sql, 2, NULL, values, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
            fprintf(stderr, "zhucun-server: sealing the audit trail failed: %s",
                    PQresultErrorMessage(res));
            PQclear(res);
            goto out;
        }
        int n = atoi(PQgetvalue(res, 0, 0)), g = atoi(PQgetvalue(res, 0, 1));
        int busy = PQgetvalue(res, 0, 3)[0] == 't';
        snprintf(head, sizeof(head), "%s", PQgetvalue(res, 0, 2));
        PQclear(res);
        if (busy) {
            if (++busy_tries >= AUDIT_SEAL_ADMIN_TRIES) {
                fprintf(stderr, "zhucun-server: another sealer held the audit chain for %d s\n",
                        AUDIT_SEAL_ADMIN_TRIES * 2);
                goto out;
            }
            continue;
        }
        sealed += n;
        gaps += g;
        if (n + g < AUDIT_SEAL_ADMIN_BATCH)
            break;
        fprintf(stderr, "sealed %lld rows, up to seq %s\n", sealed + gaps, head);
    }
    printf("sealed %lld rows and %lld gaps (numbers no committed write took) up to seq %s in "
           "%.1f s\n",
           sealed, gaps, head, mono_s() - t0);
    PGresult *res = PQexec(pg, store_audit_lag_sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        fprintf(stderr, "zhucun-server: reading how far sealing lags failed: %s",
                PQresultErrorMessage(res));
        PQclear(res);
        goto out;
    }
    print_lag(strtoull(PQgetvalue(res, 0, 1), NULL, 10), PQgetvalue(res, 0, 2),
              strtoull(PQgetvalue(res, 0, 3), NULL, 10));
    PQclear(res);
    status = 0;
out:
    PQfinish(pg);
    return status;
}

int admin_calls(FILE *out)
{
    size_t n;
    const struct call_def *const *calls = dispatch_calls(&n);
    for (size_t i = 0; i < n; i++) {
        const struct call_def *c = calls[i];
        char roles[256] = "";
        if (c->auth == AUTH_NONE)
            snprintf(roles, sizeof(roles), "none");
        else if (c->roles == ROLES_ANY)
            snprintf(roles, sizeof(roles), "any");
        for (unsigned bit = 1; c->auth != AUTH_NONE && bit <= ROLES_ALL; bit <<= 1) {
            if (!(c->roles & bit))
                continue;
            size_t len = strlen(roles);
            snprintf(roles + len, sizeof(roles) - len, "%s%s", len ? "," : "",
                     rules_role_name(bit));
        }
        fprintf(out, "%s\t%s\t%s\t%s\n", c->name, roles, c->write ? "write" : "read",
                c->replay != NULL ? "keyed" : "-");
    }
    return fflush(out) == 0 ? 0 : 1;
}

/* ---- rekey ---- */

#define REKEY_BATCH 500

/* A sealed column: its table, the column its ciphertexts are bound to (household/seal.h), the
 * ciphertext's and the hash's columns, and for an ID number the masked form's. The clear
 * column it replaced (clear) is there only in a database that has not passed the migration
 * dropping it (0024 for households, 0025 for persons), and the sealed columns only in one past
 * the migration adding them (0022, 0024): rekey works on what the schema has. */
struct rekey_col {
    const char *table, *bound, *clear, *enc, *hmac, *masked;
};

static const struct rekey_col rekey_cols[] = {
    {"household_members", SEAL_MEMBER_ID_NUMBER, "id_number", "id_number_enc", "id_number_hmac",
     "id_number_masked"},
    {"household_members", SEAL_MEMBER_PHONE, "phone", "phone_enc", "phone_hmac", NULL},
    {"households", SEAL_HOUSEHOLD_PHONE, "phone", "phone_enc", "phone_hmac", NULL},
    {"persons", SEAL_PERSON_PHONE, "phone", "phone_enc", "phone_hmac", NULL},
};

struct rekey {
    PGconn *pg;
    const struct crypt_keys *k;
    char current[8];
    long sealed, resealed, changed, unreadable;
};

/* Does table have column? 1, 0, or -1 on a database error. */
static int rekey_has(struct rekey *rk, const char *table, const char *column)
{
    const char *p[2] = {table, column};
    PGresult *res = PQexecParams(rk->pg,
                                 "SELECT 1 FROM information_schema.columns WHERE table_schema ="
                                 " current_schema() AND table_name = $1 AND column_name = $2",
                                 2, NULL, p, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) > 0 : -1;
    if (rc < 0)
        fprintf(stderr, "zhucun-server: rekey: %s", PQresultErrorMessage(res));
    PQclear(res);
    return rc;
}

/* Runs an UPDATE of one row; counts a row that changed meanwhile. -1 on a database error. */
static int rekey_update(struct rekey *rk, const char *sql, int n, const char *const *params)
{
    PGresult *res = PQexecParams(rk->pg, sql, n, NULL, params, NULL, NULL, 0);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "zhucun-server: rekey: %s", PQresultErrorMessage(res));
        rc = -1;
    } else if (strcmp(PQcmdTuples(res), "1") != 0) {
        rk->changed++;
    }
    PQclear(res);
    return rc;
}

/* Runs a batch's SELECT (after id $1; $2 the current key when two parameters): the rows, or
 * NULL on a database error. The statements below name the columns of rekey_cols only: no
 * text from outside the program goes into them. */
static PGresult *rekey_select(struct rekey *rk, const char *sql, long long last, int nparams)
{
    char after[24];
    snprintf(after, sizeof(after), "%lld", last);
    const char *p[2] = {after, rk->current};
    PGresult *res = PQexecParams(rk->pg, sql, nparams, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: rekey: %s", PQresultErrorMessage(res));
        PQclear(res);
        return NULL;
    }
    return res;
}

/* One batch of c's values held in clear only (a row written before the sealed columns, or by
 * a server without keys), after id *last: sealed as the server seals them. The keyset walks
 * the table once, so that a row written in clear again meanwhile is left for the next run
 * instead of being read forever. Returns the rows read, or -1 on an error. */
static int rekey_clear_batch(struct rekey *rk, const struct rekey_col *c, long long *last)
{
    char sel[256], upd[320];
    snprintf(sel, sizeof(sel),
             "SELECT id, %s FROM %s WHERE id > $1::bigint AND %s IS NULL ORDER BY id LIMIT %d",
             c->clear, c->table, c->enc, REKEY_BATCH);
    snprintf(upd, sizeof(upd),
             "UPDATE %s SET %s = $2, %s = $3%s%s%s WHERE id = $1::bigint AND %s = $4"
             " AND %s IS NULL",
             c->table, c->enc, c->hmac, c->masked ? ", " : "", c->masked ? c->masked : "",
             c->masked ? " = $5" : "", c->clear, c->enc);
    PGresult *res = rekey_select(rk, sel, *last, 1);
    if (res == NULL)
        return -1;
    int n = PQntuples(res), rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        const char *id = PQgetvalue(res, i, 0), *clear = PQgetvalue(res, i, 1);
        struct seal s;
        if ((c->masked ? seal_id_number(rk->k, clear, &s)
                       : seal_phone(rk->k, c->bound, clear, &s)) != 0) {
            fprintf(stderr, "zhucun-server: rekey: could not encrypt (OpenSSL)\n");
            rc = -1;
            break;
        }
        const char *u[5] = {id, s.enc, s.hmac, clear, s.masked};
        rc = rekey_update(rk, upd, c->masked ? 5 : 4, u);
        seal_clear(&s);
        rk->sealed += rc == 0;
        *last = strtoll(id, NULL, 10);
    }
    PQclear(res);
    return rc == 0 ? n : -1;
}

/* One batch of c's ciphertexts under a key other than the current one, after id *last, found
 * by the key ID they carry in clear (nothing is decrypted to find them): re-encrypted under
 * the current key, each row updated only if it is still what was read. Returns the rows read,
 * or -1 on a database error (a ciphertext that does not decrypt is named and skipped). */
static int rekey_old_batch(struct rekey *rk, const struct rekey_col *c, long long *last)
{
    char sel[256], upd[160];
    snprintf(sel, sizeof(sel),
             "SELECT id, %s FROM %s WHERE id > $1::bigint AND %s <> ''"
             " AND split_part(%s, ':', 1) <> $2 ORDER BY id LIMIT %d",
             c->enc, c->table, c->enc, c->enc, REKEY_BATCH);
    snprintf(upd, sizeof(upd), "UPDATE %s SET %s = $2 WHERE id = $1::bigint AND %s = $3", c->table,
             c->enc, c->enc);
    PGresult *res = rekey_select(rk, sel, *last, 2);
    if (res == NULL)
        return -1;
    int n = PQntuples(res), rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        const char *id = PQgetvalue(res, i, 0), *text = PQgetvalue(res, i, 1);
        *last = strtoll(id, NULL, 10);
        char *clear = NULL, *fresh = NULL;
        size_t len = 0;
        int crc = crypt_decrypt(rk->k, c->bound, text, &clear, &len);
        if (crc != 0) {
            fprintf(stderr, "zhucun-server: rekey: %s of row %s (key %d): %s\n", c->bound, id,
                    crypt_key_id(text), crypt_strerror(crc));
            rk->unreadable++;
            continue;
        }
        crc = crypt_encrypt(rk->k, c->bound, clear, len, &fresh);
        OPENSSL_cleanse(clear, len);
        free(clear);
        if (crc != 0) {
            fprintf(stderr, "zhucun-server: rekey: could not encrypt (OpenSSL)\n");
            rc = -1;
            break;
        }
        const char *u[3] = {id, fresh, text};
        rc = rekey_update(rk, upd, 3, u);
        rk->resealed += rc == 0;
        free(fresh);
    }
    PQclear(res);
    return rc == 0 ? n : -1;
}

/* Walks c's table once with one kind of batch, a transaction per batch. */
static int rekey_walk(struct rekey *rk, const struct rekey_col *c, int old)
{
    long long last = 0;
    for (;;) {
        if (admin_exec(rk->pg, "BEGIN", "rekey: BEGIN") != 0)
            return -1;
        int n = old ? rekey_old_batch(rk, c, &last) : rekey_clear_batch(rk, c, &last);
        if (n < 0) {
            admin_exec(rk->pg, "ROLLBACK", "rekey: ROLLBACK");
            return -1;
        }
        if (admin_exec(rk->pg, "COMMIT", "rekey: COMMIT") != 0)
            return -1;
        if (n < REKEY_BATCH)
            return 0;
    }
}

/* Prints what remains of c by key ("clear" for values not sealed, rows without a value not
 * counted); returns the rows not under the current key, or -1 on a database error. */
static long rekey_report(struct rekey *rk, const struct rekey_col *c)
{
    char sql[320];
    snprintf(sql, sizeof(sql),
             "SELECT k, count(*) FROM (SELECT CASE WHEN %s IS NULL THEN 'clear' WHEN %s = ''"
             " THEN 'none' ELSE split_part(%s, ':', 1) END AS k FROM %s) x WHERE k <> 'none'"
             " GROUP BY k ORDER BY k",
             c->enc, c->enc, c->enc, c->table);
    PGresult *res = PQexec(rk->pg, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zhucun-server: rekey: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    long remain = 0;
    for (int i = 0; i < PQntuples(res); i++) {
        const char *k = PQgetvalue(res, i, 0);
        int cur = strcmp(k, rk->current) == 0;
        printf("%s %s%s: %s rows%s\n", c->bound, strcmp(k, "clear") ? "key " : "", k,
               PQgetvalue(res, i, 1), cur ? " (current)" : "");
        if (!cur)
            remain += strtol(PQgetvalue(res, i, 1), NULL, 10);
    }
    PQclear(res);
    return remain;
}

/* Seals, re-encrypts and reports one column, as far as the schema has it. Adds what remains
 * to *remain; -1 on an error. */
static int rekey_column(struct rekey *rk, const struct rekey_col *c, long *remain)
{
    int has_enc = rekey_has(rk, c->table, c->enc);
    int has_clear = has_enc > 0 ? rekey_has(rk, c->table, c->clear) : 0;
    if (has_enc < 0 || has_clear < 0)
        return -1;
    if (!has_enc) {
        printf("%s: no sealed column yet (migrate first)\n", c->bound);
        return 0;
    }
    if ((has_clear && rekey_walk(rk, c, 0) != 0) || rekey_walk(rk, c, 1) != 0)
        return -1;
    long n = rekey_report(rk, c);
    if (n < 0)
        return -1;
    *remain += n;
    return 0;
}

int admin_rekey(const struct server_config *cfg)
{
    if (cfg->data_keys == NULL) {
        fprintf(stderr, "zhucun-server: rekey needs [data] key_file (docs/encryption.md)\n");
        return 2;
    }
    struct rekey rk = {.k = cfg->data_keys};
    snprintf(rk.current, sizeof(rk.current), "%u", crypt_keys_current(cfg->data_keys));
    rk.pg = admin_connect(cfg);
    if (rk.pg == NULL)
        return 10;
    long remain = 0;
    int rc = 0;
    for (size_t i = 0; i < sizeof(rekey_cols) / sizeof(*rekey_cols) && rc == 0; i++)
        rc = rekey_column(&rk, &rekey_cols[i], &remain);
    if (rc == 0) {
        printf("sealed %ld values held in clear, re-encrypted %ld under key %s, %ld changed "
               "meanwhile (left as written), %ld unreadable\n",
               rk.sealed, rk.resealed, rk.current, rk.changed, rk.unreadable);
        printf("remaining: %ld rows not under key %s\n", remain, rk.current);
    }
    PQfinish(rk.pg);
    return rc != 0 ? 1 : remain > 0 ? 3 : 0;
}
