/* audit.c -- parameters and result row of the audit chain walk, shared by the AuditVerify
 * call and the audit-verify subcommand so that both ask and read the same way. */
#include "server/audit/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/instant.h"

static int is_hex64(const char *s)
{
    return strlen(s) == 64 && strspn(s, "0123456789abcdefABCDEF") == 64;
}

const char *audit_params_fill(struct audit_params *p, long long after_seq, const char *after_hash,
                              const char *from, unsigned long long limit, unsigned budget_ms)
{
    memset(p, 0, sizeof(*p));
    if (after_seq < 0)
        return "after_seq";
    if (after_hash != NULL && after_hash[0] != '\0') {
        if (!is_hex64(after_hash) || after_seq == 0)
            return "after_hash";
        snprintf(p->after_hash, sizeof(p->after_hash), "%s", after_hash);
    }
    if (from != NULL && from[0] != '\0' && after_seq == 0) {
        long long t;
        if (rules_instant_parse(from, &t) != 0)
            return "from";
        rules_instant_format_utc(t, p->from);
    }
    if (limit == 0)
        limit = AUDIT_LIMIT_DEFAULT;
    if (limit > AUDIT_LIMIT_MAX)
        limit = AUDIT_LIMIT_MAX;
    snprintf(p->after, sizeof(p->after), "%lld", after_seq);
    snprintf(p->limit, sizeof(p->limit), "%llu", limit);
    snprintf(p->budget_ms, sizeof(p->budget_ms), "%u", budget_ms);
    return NULL;
}

void audit_params_values(const struct audit_params *p, const char *values[5])
{
    values[0] = p->after;
    values[1] = p->after_hash;
    values[2] = p->from[0] ? p->from : NULL;
    values[3] = p->limit;
    values[4] = p->budget_ms;
}

static long long num(const PGresult *res, int col)
{
    return strtoll(PQgetvalue(res, 0, col), NULL, 10);
}

static int yes(const PGresult *res, int col)
{
    return PQgetvalue(res, 0, col)[0] == 't';
}

void audit_reply_from_row(const PGresult *res, Zhucun__AuditVerifyReply *v)
{
    /* checked, first_seq, first_at, trusted_start, last_seq, last_at, last_hash, done,
     * bad_seq, bad_at, bad_action, problem, prev_seq, unsealed, unsealed_oldest_at,
     * unsealed_age_ms */
    v->checked = (uint64_t)num(res, 0);
    v->first_seq = num(res, 1);
    v->first_at = PQgetvalue(res, 0, 2);
    v->trusted_start = yes(res, 3);
    v->last_seq = num(res, 4);
    v->last_at = PQgetvalue(res, 0, 5);
    v->last_hash = PQgetvalue(res, 0, 6);
    v->done = yes(res, 7);
    v->bad_seq = num(res, 8);
    v->bad_at = PQgetvalue(res, 0, 9);
    v->bad_action = PQgetvalue(res, 0, 10);
    v->problem = PQgetvalue(res, 0, 11);
    v->broken = v->problem[0] != '\0';
    v->prev_seq = num(res, 12);
    v->unsealed = (uint64_t)num(res, 13);
    v->unsealed_oldest_at = PQgetvalue(res, 0, 14);
    v->unsealed_age_ms = (uint64_t)num(res, 15);
}
