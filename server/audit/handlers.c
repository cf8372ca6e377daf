/* audit/handlers.c -- AuditVerify (SPEC X2): one bounded stretch of the audit chain walk per
 * call, so that a log of tens of millions of rows is verified by a client that resumes from
 * each reply's last row, never by one statement that outlives the statement timeout; a walk
 * from the start first seals what has committed (docs/audit.md). */
#include "server/domains.h"

#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "server/audit/audit.h"
#include "server/audit/store.h"
#include "server/core/dispatch.h"
#include "server/core/worker.h"
#include "server/roles.h"

struct verify {
    struct request *r;
    struct audit_params p;
    const char *values[5];
    uint64_t start_us; /* monotonic */
};

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void on_verify(struct request *r, PGresult *res, void *arg)
{
    struct verify *v = arg;
    Zhucun__AuditVerifyReply *av = request_alloc(r, sizeof(*av));
    if (av == NULL)
        return;
    zhucun__audit_verify_reply__init(av);
    audit_reply_from_row(res, av);
    av->elapsed_us = mono_us() - v->start_us;
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_AUDIT_VERIFY;
    reply.audit_verify = av;
    request_reply(r, &reply);
}

/* The seal before a walk from the start has committed: the walk's snapshot sees it. */
static void on_sealed(struct request *r, PGresult *res, void *arg)
{
    (void)res;
    struct verify *v = arg;
    request_query(r, &store_audit_verify, v->values, on_verify, v);
}

static void handle_audit_verify(struct request *r)
{
    const Zhucun__AuditVerify *m = r->msg->audit_verify;
    struct verify *v = request_alloc(r, sizeof(*v));
    if (v == NULL)
        return;
    v->r = r;
    v->start_us = mono_us();
    /* A quarter of the statement timeout, so a slow disk still answers in time. */
    unsigned budget = (unsigned)(r->w->cfg->db_statement_timeout_ms / 4);
    if (budget > AUDIT_BUDGET_MAX_MS)
        budget = AUDIT_BUDGET_MAX_MS;
    const char *bad =
        audit_params_fill(&v->p, m->after_seq, m->after_hash, m->from, m->limit, budget);
    if (bad != NULL) {
        const char *msg = "after_seq 不能为负数";
        if (strcmp(bad, "from") == 0)
            msg = "时间格式应为 YYYY-MM-DD[ HH:MM[:SS]]（北京时间）或 RFC 3339";
        else if (strcmp(bad, "after_hash") == 0)
            msg = "after_hash 应为 64 位十六进制（且需同时给出 after_seq）";
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, msg, bad);
        return;
    }
    audit_params_values(&v->p, v->values);
    if (m->after_seq == 0)
        request_query(r, &store_audit_seal_first, NULL, on_sealed, v);
    else
        request_query(r, &store_audit_verify, v->values, on_verify, v);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    /* The chain spans every scope; the reply names a broken row by seq, time and action only. */
    {ZHUCUN__REQUEST__BODY_AUDIT_VERIFY, "AuditVerify", AUTH_SESSION, OFFICES, 0,
     handle_audit_verify, NULL, 0},
};

const struct domain audit_domain = {
    .name = "audit",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
