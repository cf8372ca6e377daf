/* zc_calls.c -- the typed calls: the table of how each call is retried, the one keyed-retry
 * loop (zc_request) and a thin function per call. */
#include "zc_calls.h"

#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "common/token.h"
#include "common/xmalloc.h"
#include "outbox.h"
#include "zc_checks.h"
#include "zc_internal.h"

#define _(s) dgettext(ZC_MESSAGES_DOMAIN, s)

/* What may be done with a request whose reply was lost with the connection. */
enum retry {
    RETRY_READ,  /* a read: sending it again is harmless (when the client's retry_reads says so) */
    RETRY_SAME,  /* a write whose repetition leaves the same state: treated as a read */
    RETRY_KEYED, /* a write the server deduplicates by its idempotency key: again, same key */
    RETRY_NEVER, /* any other write: never sent twice; err->maybe_applied says so */
};

/* Every call but Hello. The RETRY_KEYED rows are exactly the server's calls with a replay
 * (server/dispatch.c: the server refuses a key on the other writes, and could not keep the
 * at-most-once promise for them). Reads and writes follow the server's write column. */
static const struct call_row {
    int body_case; /* Zhucun__Request__BodyCase */
    enum retry retry;
} calls[] = {
    {ZHUCUN__REQUEST__BODY_PING, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LOGIN, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_LOGOUT, RETRY_SAME},
    {ZHUCUN__REQUEST__BODY_WHOAMI, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ORG_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ORG_CHILDREN, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ORG_SEARCH, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ORG_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ORG_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ORG_IMPORT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_UNIT_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_UNIT_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_UNIT_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_UNIT_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_USER_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_USER_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_USER_DISABLE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_USER_RESET_PASSWORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_USER_GRANT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TEAM_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TEAM_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TEAM_MEMBERS, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TEAM_RECALL, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_VISIT_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_VISITS_DUE, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_VISIT_REPORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DUTY_REPORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DUTIES_DUE, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CHECK_IN, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_QUEUE_LIST, RETRY_READ},
    /* Following binds the connection it is sent on: a new connection needs it again. */
    {ZHUCUN__REQUEST__BODY_QUEUE_FOLLOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DECIDE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LEAVE_REQUEST, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LEAVE_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LEAVE_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LEAVE_END, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_DELEGATION_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_DELEGATION_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_AUDIT_VERIFY, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_EXPORT, RETRY_NEVER}, /* streamed: zc_export_start, never waited on */
    {ZHUCUN__REQUEST__BODY_GUARANTEE_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_GUARANTEE_RESOLVE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_GUARANTEE_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_GUARANTEE_GAPS, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LABOUR_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LABOUR_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_MONITOR_ENTER, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_MONITOR_RISK_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_MONITOR_RISK_CLOSE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_MEASURE_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_MEASURE_CLOSE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_MONITOR_REVIEW, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_MONITOR_SIGN_OFF, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_MONITOR_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_MONITOR_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_MONITOR_STALE, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_INCOME_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_INCOME_HISTORY, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_INCOME_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_INCOME_PLAN_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_INCOME_PLAN_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LEDGER_ITEM_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LEDGER_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LEDGER_BOARD, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LEDGER_FROM_GAPS, RETRY_KEYED},
    /* An upload's steps are keyed like every write; zc_attach_upload also begins again after
     * a connection that stayed broken (the server says what it holds). */
    {ZHUCUN__REQUEST__BODY_ATTACH_BEGIN, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ATTACH_CHUNK, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ATTACH_FINISH, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ATTACH_LINK, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ATTACH_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ATTACH_GET, RETRY_NEVER}, /* streamed: zc_attach_fetch reads it */
    {ZHUCUN__REQUEST__BODY_POINTS_DEED_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_POINTS_GOOD_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_POINTS_AWARD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_POINTS_DONATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_POINTS_REDEEM, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_POINTS_CORRECT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_POINTS_SHOP, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_POINTS_HISTORY, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_POINTS_REPORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_POINTS_CHECK, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_CLOSE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_SERVICE_CASE_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_SERVICE_REPORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CONTEST_ROUND_OPEN, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_CONTEST_ENTER, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_CONTEST_RESULT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_CONTEST_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_QUIZ_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_QUIZ_SCORE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_QUIZ_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_QUIZ_REPORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_VIDEO_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_VIDEO_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_BROADCAST_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_BROADCAST_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_PROJECT_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_PROJECT_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_PROJECT_TRANSITION, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_BOARD, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_TASK_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_TASK_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_DISBURSEMENT_REQUEST, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PROJECT_PLAN_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_PROJECT_BUILD_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ASSET_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSET_MAINTAIN, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSET_INCOME, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_END, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSET_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ASSET_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_WELFARE_POST_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ASSET_DIVIDENDS, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_CAMPAIGN_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_REVIEW, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_LOOKBACK_PROGRESS, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_PROJECT_IMPORT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PURCHASE_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_PURCHASE_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CONTRACT_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_CONTRACT_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_QUOTA_PROGRESS, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_INSPECTION_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_FINDING_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_INSPECTION_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_INSPECTION_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_ISSUE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CIRCULAR_GET, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_STARS_COMPUTE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_STARS_ADJUST, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_STARS_FILE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_STARS_STATUS, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_STARS_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_STARS_CODES, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_CADRE_POINTS_FILE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSESS_ROUND_OPEN, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSESS_ROUND_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSESS_RANK, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSESS_GRADE_OVERRIDE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSESS_SUBMIT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ASSESS_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ASSESS_RANKING, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_STUDY_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_STUDY_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_STUDY_MISSED, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TRAINING_SESSION_ADD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TRAINING_ATTEND, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TRAINING_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TRAINING_SHORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_UNITS_BEHIND, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_NOTICE_SEND, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_NOTICE_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_NOTICE_SHOW, RETRY_SAME},
    {ZHUCUN__REQUEST__BODY_NOTICE_REPLY, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_NOTICE_SENT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_NOTICE_REPORT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_NOTICE_PENDING, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_NOTICE_REMIND, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_NOTICE_COUNT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_NOTICE_FOLLOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TASK_SEND, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TASK_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TASK_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TASK_REPORT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TASK_BOARD, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TASK_LEDGER, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_TASK_SENT, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DIARY_WRITE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_DIARY_DAY, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DIARY_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DIARY_MISSING, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_COMPUTE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_SUBMIT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_CORRECT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_SET, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_LIST, RETRY_READ},
    /* issue 24 (s24-daily) */
    {ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_LIST, RETRY_READ},
};

static const struct call_row *row_of(int body_case)
{
    for (size_t i = 0; i < sizeof(calls) / sizeof(*calls); i++)
        if (calls[i].body_case == body_case)
            return &calls[i];
    return NULL;
}

int zc_call_is_keyed(int body_case)
{
    const struct call_row *row = row_of(body_case);
    return row != NULL && row->retry == RETRY_KEYED;
}

/* The writes a cadre makes in the village that wait in the outbox when the server cannot be
 * reached (issue 24; docs/client-lib.md, "Working offline"). Each is keyed (unit_outbox
 * checks it): a write waiting for hours must be applied once however often it is sent. */
static const int offline_calls[] = {
    ZHUCUN__REQUEST__BODY_VISIT_CREATE,  ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE,
    ZHUCUN__REQUEST__BODY_CHECK_IN,      ZHUCUN__REQUEST__BODY_INCOME_RECORD,
    ZHUCUN__REQUEST__BODY_LEAVE_REQUEST, ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE,
};

int zc_call_works_offline(int body_case)
{
    for (size_t i = 0; i < sizeof(offline_calls) / sizeof(*offline_calls); i++)
        if (offline_calls[i] == body_case)
            return zc_call_is_keyed(body_case);
    return 0;
}

static void fail(struct zc_error *err, Zhucun__Code code, const char *message)
{
    err->code = code;
    snprintf(err->message, sizeof(err->message), "%s", message);
    err->field[0] = '\0';
    err->maybe_applied = 0;
    err->outcome_unknown = 0;
    err->queued = 0;
}

/* The field of Request's oneof whose message type is body's, or NULL (Hello included: the
 * client sends it itself). */
static const ProtobufCFieldDescriptor *body_field(const ProtobufCMessage *body)
{
    const ProtobufCMessageDescriptor *rd = &zhucun__request__descriptor;
    for (unsigned i = 0; i < rd->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &rd->fields[i];
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && f->descriptor == body->descriptor &&
            f->id != ZHUCUN__REQUEST__BODY_HELLO)
            return f;
    }
    return NULL;
}

/* Fills req (already initialised) with body in its oneof; returns the call's row, or NULL
 * with err when body is no request's. */
static const struct call_row *wrap(Zhucun__Request *req, const ProtobufCMessage *body,
                                   struct zc_error *err)
{
    const ProtobufCFieldDescriptor *f = body != NULL ? body_field(body) : NULL;
    const struct call_row *row = f != NULL ? row_of((int)f->id) : NULL;
    if (row == NULL) {
        fail(err, ZHUCUN__CODE__INTERNAL, "客户端内部错误：不是可以发送的请求");
        return NULL;
    }
    req->body_case = (Zhucun__Request__BodyCase)f->id;
    *(const ProtobufCMessage **)((char *)req + f->offset) = body;
    return row;
}

int zc_check(const ProtobufCMessage *body, struct zc_error *err)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    err->maybe_applied = 0;
    err->outcome_unknown = 0;
    err->queued = 0;
    if (wrap(&req, body, err) == NULL)
        return -1;
    return zc__check_request(&req, err);
}

uint64_t zc_start(struct zc_client *c, const ProtobufCMessage *body, struct zc_error *err)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    err->maybe_applied = 0;
    err->outcome_unknown = 0;
    err->queued = 0;
    if (wrap(&req, body, err) == NULL || zc__check_request(&req, err) != 0)
        return 0;
    if (zc_broken(c) && zc_reconnect(c, err) != 0)
        return 0;
    return zc_send(c, &req, err);
}

/* How a keyed write whose answer did not come is sent again, in one place (docs/client-lib.md
 * says the same numbers): at most KEYED_TRIES tries in all (a try is a send, or a reconnect
 * that failed before one); before the n-th retry a wait drawn between half and all of
 * KEYED_BACKOFF_MS << (n - 1), at most KEYED_BACKOFF_MAX_MS. With three retries the waits add
 * up to 3.5 s at most, so a call gives up within 4 timeouts and 3.5 s. */
#define KEYED_TRIES          4
#define KEYED_BACKOFF_MS     500
#define KEYED_BACKOFF_MAX_MS 4000

/* The wait before retry n (1, 2, ...): exponential, with jitter so that the clients a server
 * dropped all at once do not come back all at once. */
static void backoff(int n)
{
    long ms = KEYED_BACKOFF_MS;
    for (int i = 1; i < n && ms < KEYED_BACKOFF_MAX_MS; i++)
        ms *= 2;
    if (ms > KEYED_BACKOFF_MAX_MS)
        ms = KEYED_BACKOFF_MAX_MS;
    uint32_t r = 0;
    if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
        r = 0;
    ms = ms / 2 + (long)(r % (uint32_t)(ms / 2 + 1));
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* A keyed write and its outbox entry (ob NULL: the client keeps none). */
struct keyed {
    struct zc_outbox *ob;
    const char *server, *username;
    char key[TOKEN_HEX_LEN + 1];
    int pending; /* the entry was there before this call: an earlier outcome is unknown */
    int waiting; /* ... and it was WAITING: never sent */
};

/* The account the outbox files c's keys under: the client's, else WhoAmI's (asked once). */
static const char *whose(struct zc_client *c, struct zc_error *err)
{
    if (zc__username(c) != NULL)
        return zc__username(c);
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    Zhucun__Reply *r = NULL;
    int rc = zc_request(c, &w.base, NULL, &r, err);
    if (rc == 0 && r->body_case == ZHUCUN__REPLY__BODY_WHOAMI)
        zc__set_username(c, r->whoami->username);
    else if (rc == 0)
        fail(err, ZHUCUN__CODE__INTERNAL, "服务器对 WhoAmI 的回答不正确");
    zc_reply_free(r);
    return zc__username(c);
}

/* Finds the key of a keyed write before it is first sent and writes its outbox entry: the
 * key of a pending entry of the same account, call and body when there is one (the write is
 * then a repeat of one whose outcome is unknown, and the server answers it from the first),
 * else key (the caller's) or a fresh one. 0, or -1 with err: then nothing was sent. */
static int keyed_begin(struct zc_client *c, const ProtobufCMessage *body, const char *key,
                       struct keyed *k, struct zc_error *err)
{
    char why[512];
    memset(k, 0, sizeof(*k));
    if (zc__outbox(c, &k->ob, err) != 0)
        return -1;
    if (k->ob != NULL) {
        k->server = zc__options(c)->server;
        k->username = whose(c, err);
        if (k->username == NULL)
            return -1;
    }
    struct zc_outbox_entry e = {0};
    if (k->ob != NULL) {
        e.body_len = protobuf_c_message_get_packed_size(body);
        e.body = xmalloc(e.body_len + 1);
        protobuf_c_message_pack(body, e.body);
        zc_outbox_hash(e.body, e.body_len, e.body_hash);
        snprintf(e.call, sizeof(e.call), "%s", body->descriptor->short_name);
        snprintf(e.server, sizeof(e.server), "%s", k->server);
        snprintf(e.username, sizeof(e.username), "%s", k->username);
    }
    int found = 0;
    enum zc_outbox_state state = ZC_OUTBOX_UNKNOWN;
    if (key != NULL && key[0] != '\0') {
        snprintf(k->key, sizeof(k->key), "%s", key);
    } else if (k->ob != NULL &&
               (found = zc_outbox_find(k->ob, k->server, k->username, e.call, e.body_hash, k->key,
                                       &state, why, sizeof(why))) < 0) {
        fail(err, ZHUCUN__CODE__INTERNAL, why);
        goto fail;
    } else if (!found && token_new(k->key) != 0) {
        fail(err, ZHUCUN__CODE__INTERNAL, "无法生成幂等键");
        goto fail;
    }
    if (k->ob != NULL) {
        snprintf(e.key, sizeof(e.key), "%s", k->key);
        int added = zc_outbox_add(k->ob, &e, why, sizeof(why));
        if (added < 0) {
            fail(err, ZHUCUN__CODE__INTERNAL, why);
            goto fail;
        }
        k->pending = added == 0;
        k->waiting = found && state == ZC_OUTBOX_WAITING;
    }
    free(e.body);
    return 0;
fail:
    free(e.body);
    return -1;
}

/* The outcome of a keyed write is known (an answer came, or it was never sent and no earlier
 * call sent it either): its entry goes. Failing to remove it only leaves a key that a repeat would
 * reuse, which is safe. */
static void keyed_done(const struct keyed *k)
{
    char why[512];
    if (k->ob != NULL)
        zc_outbox_remove(k->ob, k->server, k->username, k->key, why, sizeof(why));
}

/* A try that got no answer; sent: the request went out (else the server was not reached). */
static void keyed_lost(const struct keyed *k, int sent, const char *message)
{
    char why[512];
    if (k->ob != NULL)
        zc_outbox_failed(k->ob, k->server, k->username, k->key, sent, message, why, sizeof(why));
}

/* A write sent from the outbox was refused: its entry stays REFUSED with the server's code,
 * message and first field path, to be corrected (zc_correct) or dropped. */
static void keyed_refused(const struct keyed *k, const Zhucun__Reply *reply,
                          const struct zc_error *err)
{
    char why[512];
    const char *field =
        reply->status != NULL && reply->status->n_fields > 0 ? reply->status->fields[0]->field : "";
    if (k->ob != NULL)
        zc_outbox_mark(k->ob, k->server, k->username, k->key, ZC_OUTBOX_REFUSED, err->code,
                       err->message, field, why, sizeof(why));
}

/* A write that could not reach the server waits in the outbox to be sent (zc_flush). */
static void keyed_queued(const struct keyed *k, struct zc_error *err)
{
    char why[512];
    zc_outbox_mark(k->ob, k->server, k->username, k->key, ZC_OUTBOX_WAITING, 0, NULL, NULL, why,
                   sizeof(why));
    fail(err, ZHUCUN__CODE__UNAVAILABLE, _("未连接服务器：已存入发件箱，连接恢复后按顺序发送"));
    err->queued = 1;
}

/* 1 when a keyed write's reply of status code says nothing of whether the write was applied.
 * UNAVAILABLE: the server lost its database during the write, which may have committed.
 * RESOURCE_EXHAUSTED after an earlier send got no answer: the server is busy, perhaps with
 * that very send (a retry waits for the first; its connections to the database may all be
 * taken by them). Both are retried with the same key; any other status is the outcome. */
static int says_nothing(Zhucun__Code code, int sent)
{
    return code == ZHUCUN__CODE__UNAVAILABLE || (code == ZHUCUN__CODE__RESOURCE_EXHAUSTED && sent);
}

/* The one retry loop. A reply of any status is an answer; only a failure without one can be
 * retried. A read (when retry_reads says so) is sent once more at once, so that a server that
 * keeps dropping the connection is reported rather than hammered. A keyed write keeps its key
 * until its outcome is known: it is sent again with the same key after a backoff, up to
 * KEYED_TRIES tries, also after a reply that says nothing of the write (says_nothing); then its
 * outbox entry stays and err->outcome_unknown says so. Why a keyed retry is safe: the server keeps
 * a keyed write's result under (user, key) and answers a repeated key from it; a repeat that
 * arrives while the first attempt is still running waits for it (server/dispatch.c,
 * on_idem_lookup). */
/* How request treats a keyed write's outbox entry. */
enum keyed_mode {
    KEYED_DIRECT,      /* a write made now: its entry goes with any answer */
    KEYED_FROM_OUTBOX, /* sent by zc_flush: a refusal stays REFUSED; an unreached server stops */
};

static int request(struct zc_client *c, const ProtobufCMessage *body, const char *key,
                   enum keyed_mode mode, Zhucun__Reply **out, struct zc_error *err);

int zc_request(struct zc_client *c, const ProtobufCMessage *body, const char *key,
               Zhucun__Reply **out, struct zc_error *err)
{
    return request(c, body, key, KEYED_DIRECT, out, err);
}

/* zc_request, and zc_flush's sending of an entry (mode). A write of the calls that work
 * offline made directly with the client's offline option set is queued: a server that cannot
 * be reached before it was ever sent leaves its entry WAITING (err->queued) at the first
 * failed connect, without the backoff. */
static int request(struct zc_client *c, const ProtobufCMessage *body, const char *key,
                   enum keyed_mode mode, Zhucun__Reply **out, struct zc_error *err)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    struct keyed k = {0};
    *out = NULL;
    err->maybe_applied = 0;
    err->outcome_unknown = 0;
    err->queued = 0;
    const struct call_row *row = wrap(&req, body, err);
    if (row == NULL || zc__check_request(&req, err) != 0)
        return -1;
    int keyed = row->retry == RETRY_KEYED;
    if (keyed) {
        if (keyed_begin(c, body, key, &k, err) != 0)
            return -1;
        req.idempotency_key = k.key;
    }
    const struct zc_options *o = zc__options(c);
    int from_outbox = keyed && mode == KEYED_FROM_OUTBOX;
    int queue = keyed && k.ob != NULL && !from_outbox && o->offline &&
                zc_call_works_offline((int)req.body_case) && (!k.pending || k.waiting);
    int may_retry = keyed || (row->retry != RETRY_NEVER && o->retry_reads);
    int tries = keyed ? KEYED_TRIES : 2;
    /* A connection the server has closed since the last call is lost, as one found so by a
     * send would be: link_cb hears of it, and it is opened again below. */
    if (zc__found_closed(c) && o->link_cb != NULL)
        o->link_cb(0, _("服务器关闭了连接"), o->link_user);
    int rc = -1, lost = 0, sent = 0;
    for (int attempt = 0; attempt < tries; attempt++) {
        if (attempt > 0 && keyed)
            backoff(attempt);
        if ((lost || zc_broken(c)) && zc_reconnect(c, err) != 0) {
            /* A server that cannot be reached may be back by the next try; a certificate
             * refused or an address that is no address will not be. */
            if (!keyed || err->code != ZHUCUN__CODE__UNAVAILABLE)
                break;
            keyed_lost(&k, 0, err->message);
            if (!sent && (queue || from_outbox))
                break; /* not reached: it waits (queue), or the sending stops (from_outbox) */
            continue;
        }
        lost = 0;
        req.id = 0; /* a fresh id on the new connection */
        zc_reply_free(*out);
        *out = NULL;
        rc = zc_call(c, &req, out, err);
        if (keyed && rc != 0 && *out != NULL && says_nothing(err->code, sent)) {
            /* The server answered this send but not about the write: try again. */
            sent = 1;
            keyed_lost(&k, 1, err->message);
            zc_reply_free(*out);
            *out = NULL;
            continue;
        }
        if (rc == 0 || *out != NULL || (!keyed && err->code != ZHUCUN__CODE__UNAVAILABLE))
            break;
        /* No answer: the connection is of no more use (a late reply would only confuse). */
        lost = 1;
        sent = 1;
        zc__mark_broken(c);
        if (o->link_cb != NULL)
            o->link_cb(0, err->message, o->link_user);
        if (keyed)
            keyed_lost(&k, 1, err->message);
        if (!may_retry) {
            err->maybe_applied = row->retry == RETRY_NEVER;
            break;
        }
    }
    int unreached = keyed && !sent && *out == NULL && err->code == ZHUCUN__CODE__UNAVAILABLE;
    if (from_outbox && rc != 0 && *out != NULL && err->code != ZHUCUN__CODE__UNAUTHENTICATED) {
        keyed_refused(&k, *out, err);
    } else if (from_outbox && *out != NULL && rc != 0) {
        /* The session is gone, not the write refused: it stays for after a new login. */
    } else if (keyed && *out != NULL) {
        keyed_done(&k);
    } else if (queue && unreached) {
        keyed_queued(&k, err);
    } else if (keyed && !sent && (k.waiting || from_outbox)) {
        /* Never sent, and it stays as it was (WAITING, or the entry being sent); err says why
         * it could not be. */
    } else if (keyed && !sent && !k.pending) {
        keyed_done(&k);
    } else if (keyed) {
        char why[sizeof(err->message)];
        snprintf(why, sizeof(why), "%s", err->message);
        snprintf(err->message, sizeof(err->message), _("结果未知：%s"), why);
        err->code = ZHUCUN__CODE__UNAVAILABLE;
        err->field[0] = '\0';
        err->outcome_unknown = 1;
    }
    if (rc == 0 && req.body_case == ZHUCUN__REQUEST__BODY_LOGOUT)
        zc__set_token(c, NULL);
    return rc;
}

/* The client's outbox and the account its entries are filed under: 0 with both (*ob NULL when
 * the client keeps none), or -1 with err. */
static int account_outbox(struct zc_client *c, struct zc_outbox **ob, const char **username,
                          struct zc_error *err)
{
    *username = NULL;
    if (zc__outbox(c, ob, err) != 0)
        return -1;
    if (*ob != NULL && (*username = whose(c, err)) == NULL)
        return -1;
    return 0;
}

int zc_pending(struct zc_client *c, struct zc_outbox_entry **out, struct zc_error *err)
{
    struct zc_outbox *ob;
    const char *username;
    char why[512];
    *out = NULL;
    if (account_outbox(c, &ob, &username, err) != 0)
        return -1;
    if (ob == NULL)
        return 0;
    int n = zc_outbox_list(ob, zc__options(c)->server, username, out, why, sizeof(why));
    if (n < 0)
        fail(err, ZHUCUN__CODE__INTERNAL, why);
    return n;
}

ProtobufCMessage *zc_entry_body(const struct zc_outbox_entry *e, struct zc_error *err)
{
    const ProtobufCMessageDescriptor *rd = &zhucun__request__descriptor;
    const ProtobufCMessageDescriptor *d = NULL;
    for (unsigned i = 0; i < rd->n_fields && d == NULL; i++) {
        const ProtobufCFieldDescriptor *f = &rd->fields[i];
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && f->type == PROTOBUF_C_TYPE_MESSAGE &&
            strcmp(((const ProtobufCMessageDescriptor *)f->descriptor)->short_name, e->call) == 0)
            d = f->descriptor;
    }
    ProtobufCMessage *body =
        d != NULL ? protobuf_c_message_unpack(d, NULL, e->body_len, e->body) : NULL;
    if (body == NULL)
        fail(err, ZHUCUN__CODE__INTERNAL, _("发件箱里的请求无法读取"));
    return body;
}

int zc_resend(struct zc_client *c, const struct zc_outbox_entry *e, Zhucun__Reply **out,
              struct zc_error *err)
{
    *out = NULL;
    ProtobufCMessage *body = zc_entry_body(e, err);
    if (body == NULL)
        return -1;
    int rc = zc_request(c, body, e->key, out, err);
    protobuf_c_message_free_unpacked(body, NULL);
    return rc;
}

int zc_outbox_of(struct zc_client *c, struct zc_outbox **ob, struct zc_error *err)
{
    return zc__outbox(c, ob, err);
}

/* Sends the claimed entry e (zc_flush): its outcome, with the callback told. */
static enum zc_flush_outcome flush_one(struct zc_client *c, struct zc_outbox *ob,
                                       const struct zc_outbox_entry *e, const char *token,
                                       zc_flush_cb cb, void *user, struct zc_error *err)
{
    char why[512];
    Zhucun__Reply *reply = NULL;
    enum zc_flush_outcome what;
    ProtobufCMessage *body = zc_entry_body(e, err);
    if (body == NULL || zc_check(body, err) != 0) {
        /* Nothing can ever send it (unreadable, or refused by the checks the server makes):
         * it is refused here, to be corrected or dropped. */
        zc_outbox_mark(ob, e->server, e->username, e->key, ZC_OUTBOX_REFUSED, err->code,
                       err->message, err->field, why, sizeof(why));
        what = ZC_FLUSH_REFUSED;
    } else if (request(c, body, e->key, KEYED_FROM_OUTBOX, &reply, err) == 0) {
        what = ZC_FLUSH_LANDED;
    } else if (reply != NULL && err->code != ZHUCUN__CODE__UNAUTHENTICATED) {
        what = ZC_FLUSH_REFUSED;
    } else {
        zc_outbox_release(ob, e->id, token, why, sizeof(why));
        what = ZC_FLUSH_UNSENT;
    }
    if (cb != NULL)
        cb(e, what, reply, what == ZC_FLUSH_LANDED ? NULL : err, user);
    zc_reply_free(reply);
    if (body != NULL)
        protobuf_c_message_free_unpacked(body, NULL);
    return what;
}

int zc_flush(struct zc_client *c, zc_flush_cb cb, void *user, struct zc_flush_result *res,
             struct zc_error *err)
{
    struct zc_outbox *ob;
    const char *username;
    char why[512], token[TOKEN_HEX_LEN + 1];
    memset(res, 0, sizeof(*res));
    err->maybe_applied = 0;
    err->outcome_unknown = 0;
    err->queued = 0;
    if (account_outbox(c, &ob, &username, err) != 0)
        return -1;
    if (ob == NULL)
        return 0;
    if (token_new(token) != 0) {
        fail(err, ZHUCUN__CODE__INTERNAL, _("无法生成幂等键"));
        return -1;
    }
    const char *server = zc__options(c)->server;
    int64_t after = 0;
    int rc = 0;
    for (;;) {
        struct zc_outbox_entry e;
        int got = zc_outbox_claim(ob, server, username, after, token, &e, why, sizeof(why));
        if (got < 0) {
            fail(err, ZHUCUN__CODE__INTERNAL, why);
            rc = -1;
        } else if (got == 2) {
            fail(err, ZHUCUN__CODE__FAILED_PRECONDITION,
                 _("另一个程序正在发送发件箱里的写入：其余的由它按顺序发送"));
            rc = -1;
        }
        if (got != 1)
            break;
        after = e.id;
        enum zc_flush_outcome what = flush_one(c, ob, &e, token, cb, user, err);
        free(e.body);
        if (what == ZC_FLUSH_LANDED)
            res->landed++;
        else if (what == ZC_FLUSH_REFUSED)
            res->refused++;
        else {
            rc = -1;
            break;
        }
    }
    int n[ZC_OUTBOX_STATES];
    if (zc_outbox_count(ob, server, username, n, why, sizeof(why)) == 0)
        res->left = n[ZC_OUTBOX_WAITING] + n[ZC_OUTBOX_UNKNOWN];
    return rc;
}

int zc_correct(struct zc_outbox *ob, int64_t id, const ProtobufCMessage *body, struct zc_error *err)
{
    char why[512];
    if (zc_check(body, err) != 0)
        return -1;
    size_t len = protobuf_c_message_get_packed_size(body);
    uint8_t *packed = xmalloc(len + 1);
    protobuf_c_message_pack(body, packed);
    int rc = zc_outbox_replace(ob, id, body->descriptor->short_name, packed, len, why, sizeof(why));
    free(packed);
    if (rc < 0)
        fail(err, ZHUCUN__CODE__INTERNAL, why);
    else if (rc == 0)
        fail(err, ZHUCUN__CODE__FAILED_PRECONDITION, why);
    return rc == 1 ? 0 : -1;
}

/* One function per call; each is zc_request with its body type. */
#define ZC_CALL(fn, Type)                                                                          \
    int zc_##fn(struct zc_client *c, const Zhucun__##Type *a, Zhucun__Reply **out,                 \
                struct zc_error *err)                                                              \
    {                                                                                              \
        return zc_request(c, &a->base, NULL, out, err);                                            \
    }

ZC_CALL(ping, Ping)
ZC_CALL(logout, Logout)
ZC_CALL(whoami, WhoAmI)
ZC_CALL(change_password, ChangePassword)
ZC_CALL(org_show, OrgShow)
ZC_CALL(org_children, OrgChildren)
ZC_CALL(org_search, OrgSearch)
ZC_CALL(org_create, OrgCreate)
ZC_CALL(org_update, OrgUpdate)
ZC_CALL(org_import, OrgImport)
ZC_CALL(unit_create, UnitCreate)
ZC_CALL(unit_show, UnitShow)
ZC_CALL(unit_list, UnitList)
ZC_CALL(unit_update, UnitUpdate)
ZC_CALL(user_add, UserAdd)
ZC_CALL(user_show, UserShow)
ZC_CALL(user_disable, UserDisable)
ZC_CALL(user_reset_password, UserResetPassword)
ZC_CALL(user_grant, UserGrant)
ZC_CALL(team_create, TeamCreate)
ZC_CALL(team_show, TeamShow)
ZC_CALL(team_members, TeamMembers)
ZC_CALL(team_assign, TeamAssign)
ZC_CALL(team_recall, TeamRecall)
ZC_CALL(team_set_party_leader, TeamSetPartyLeader)
ZC_CALL(household_create, HouseholdCreate)
ZC_CALL(household_show, HouseholdShow)
ZC_CALL(household_list, HouseholdList)
ZC_CALL(household_set_state, HouseholdSetState)
ZC_CALL(household_import, HouseholdImport)
ZC_CALL(household_update, HouseholdUpdate)
ZC_CALL(household_member_add, HouseholdMemberAdd)
ZC_CALL(household_member_leave, HouseholdMemberLeave)
ZC_CALL(visit_create, VisitCreate)
ZC_CALL(visits_due, VisitsDue)
ZC_CALL(follow_up_list, FollowUpList)
ZC_CALL(follow_up_update, FollowUpUpdate)
ZC_CALL(visit_report, VisitReport)
ZC_CALL(duty_report, DutyReport)
ZC_CALL(duties_due, DutiesDue)
ZC_CALL(check_in, CheckIn)
ZC_CALL(official_business_record, OfficialBusinessRecord)
ZC_CALL(ledger_item_create, LedgerItemCreate)
ZC_CALL(ledger_item_update, LedgerItemUpdate)
ZC_CALL(ledger_item_show, LedgerItemShow)
ZC_CALL(ledger_list, LedgerList)
ZC_CALL(ledger_board, LedgerBoard)
ZC_CALL(ledger_from_gaps, LedgerFromGaps)
ZC_CALL(attendance_week, AttendanceWeek)
ZC_CALL(attendance_report, AttendanceReport)
ZC_CALL(queue_list, QueueList)
ZC_CALL(queue_follow, QueueFollow)
ZC_CALL(decide, Decide)
ZC_CALL(leave_request, LeaveRequest)
ZC_CALL(leave_list, LeaveList)
ZC_CALL(leave_show, LeaveShow)
ZC_CALL(leave_end, LeaveEnd)
ZC_CALL(leave_resubmit, LeaveResubmit)
ZC_CALL(delegation_create, DelegationCreate)
ZC_CALL(delegation_list, DelegationList)
ZC_CALL(delegation_revoke, DelegationRevoke)
ZC_CALL(approval_history, ApprovalHistory)
ZC_CALL(audit_verify, AuditVerify)
ZC_CALL(guarantee_record, GuaranteeRecord)
ZC_CALL(guarantee_resolve, GuaranteeResolve)
ZC_CALL(guarantee_list, GuaranteeList)
ZC_CALL(points_deed_set, PointsDeedSet)
ZC_CALL(points_good_set, PointsGoodSet)
ZC_CALL(points_award, PointsAward)
ZC_CALL(points_donate, PointsDonate)
ZC_CALL(points_redeem, PointsRedeem)
ZC_CALL(points_correct, PointsCorrect)
ZC_CALL(points_shop, PointsShop)
ZC_CALL(points_history, PointsHistory)
ZC_CALL(points_report, PointsReport)
ZC_CALL(points_check, PointsCheck)
ZC_CALL(guarantee_gaps, GuaranteeGaps)
ZC_CALL(labour_record, LabourRecord)
ZC_CALL(labour_list, LabourList)
ZC_CALL(monitor_enter, MonitorEnter)
ZC_CALL(monitor_risk_add, MonitorRiskAdd)
ZC_CALL(monitor_risk_close, MonitorRiskClose)
ZC_CALL(measure_add, MeasureAdd)
ZC_CALL(measure_close, MeasureClose)
ZC_CALL(monitor_review, MonitorReview)
ZC_CALL(monitor_sign_off, MonitorSignOff)
ZC_CALL(monitor_show, MonitorShow)
ZC_CALL(monitor_list, MonitorList)
ZC_CALL(monitor_stale, MonitorStale)
ZC_CALL(income_record, IncomeRecord)
ZC_CALL(income_history, IncomeHistory)
ZC_CALL(income_list, IncomeList)
ZC_CALL(income_plan_set, IncomePlanSet)
ZC_CALL(income_plan_show, IncomePlanShow)
ZC_CALL(service_case_create, ServiceCaseCreate)
ZC_CALL(service_case_step, ServiceCaseStep)
ZC_CALL(service_case_close, ServiceCaseClose)
ZC_CALL(service_case_list, ServiceCaseList)
ZC_CALL(service_case_show, ServiceCaseShow)
ZC_CALL(service_report, ServiceReport)
ZC_CALL(contest_round_open, ContestRoundOpen)
ZC_CALL(contest_enter, ContestEnter)
ZC_CALL(contest_result, ContestResult)
ZC_CALL(contest_list, ContestList)
ZC_CALL(quiz_create, QuizCreate)
ZC_CALL(quiz_score, QuizScore)
ZC_CALL(quiz_show, QuizShow)
ZC_CALL(quiz_report, QuizReport)
ZC_CALL(video_record, VideoRecord)
ZC_CALL(video_list, VideoList)
ZC_CALL(broadcast_record, BroadcastRecord)
ZC_CALL(broadcast_list, BroadcastList)
ZC_CALL(project_create, ProjectCreate)
ZC_CALL(project_update, ProjectUpdate)
ZC_CALL(project_show, ProjectShow)
ZC_CALL(project_list, ProjectList)
ZC_CALL(project_transition, ProjectTransition)
ZC_CALL(project_board, ProjectBoard)
ZC_CALL(project_focus_set, ProjectFocusSet)
ZC_CALL(project_task_add, ProjectTaskAdd)
ZC_CALL(project_task_update, ProjectTaskUpdate)
ZC_CALL(project_progress_report, ProjectProgressReport)
ZC_CALL(project_target_set, ProjectTargetSet)
ZC_CALL(project_target_monitor, ProjectTargetMonitor)
ZC_CALL(project_plan_show, ProjectPlanShow)
ZC_CALL(disbursement_request, DisbursementRequest)
ZC_CALL(disbursement_list, DisbursementList)
ZC_CALL(project_build_list, ProjectBuildList)
ZC_CALL(purchase_record, PurchaseRecord)
ZC_CALL(purchase_list, PurchaseList)
ZC_CALL(contract_record, ContractRecord)
ZC_CALL(contract_list, ContractList)
ZC_CALL(quota_progress, QuotaProgress)
ZC_CALL(stars_compute, StarsCompute)
ZC_CALL(stars_adjust, StarsAdjust)
ZC_CALL(stars_file, StarsFile)
ZC_CALL(stars_status, StarsStatus)
ZC_CALL(stars_list, StarsList)
ZC_CALL(stars_codes, StarsCodes)
ZC_CALL(cadre_points_rate, CadrePointsRate)
ZC_CALL(cadre_points_add, CadrePointsAdd)
ZC_CALL(cadre_points_history, CadrePointsHistory)
ZC_CALL(cadre_points_ranking, CadrePointsRanking)
ZC_CALL(cadre_points_file, CadrePointsFile)
ZC_CALL(assess_round_open, AssessRoundOpen)
ZC_CALL(assess_round_show, AssessRoundShow)
ZC_CALL(assess_score_set, AssessScoreSet)
ZC_CALL(assess_rank, AssessRank)
ZC_CALL(assess_grade_override, AssessGradeOverride)
ZC_CALL(assess_submit, AssessSubmit)
ZC_CALL(assess_list, AssessList)
ZC_CALL(assess_ranking, AssessRanking)
ZC_CALL(study_record, StudyRecord)
ZC_CALL(study_list, StudyList)
ZC_CALL(study_missed, StudyMissed)
ZC_CALL(training_session_add, TrainingSessionAdd)
ZC_CALL(training_attend, TrainingAttend)
ZC_CALL(training_list, TrainingList)
ZC_CALL(training_untrained, TrainingUntrained)
ZC_CALL(training_short, TrainingShort)
ZC_CALL(unit_supervision_record, UnitSupervisionRecord)
ZC_CALL(units_behind, UnitsBehind)
ZC_CALL(unit_supervision_list, UnitSupervisionList)
ZC_CALL(task_send, TaskSend)
ZC_CALL(task_list, TaskList)
ZC_CALL(task_show, TaskShow)
ZC_CALL(task_report, TaskReport)
ZC_CALL(task_board, TaskBoard)
ZC_CALL(task_ledger, TaskLedger)
ZC_CALL(task_sent, TaskSent)
ZC_CALL(diary_write, DiaryWrite)
ZC_CALL(diary_day, DiaryDay)
ZC_CALL(diary_list, DiaryList)
ZC_CALL(diary_missing, DiaryMissing)
ZC_CALL(allowance_compute, AllowanceCompute)
ZC_CALL(allowance_confirm, AllowanceConfirm)
ZC_CALL(allowance_submit, AllowanceSubmit)
ZC_CALL(allowance_correct, AllowanceCorrect)
ZC_CALL(allowance_show, AllowanceShow)
ZC_CALL(allowance_list, AllowanceList)
ZC_CALL(official_business_list, OfficialBusinessList)

uint64_t zc_export_start(struct zc_client *c, const Zhucun__Export *a, struct zc_error *err)
{
    return zc_start(c, &a->base, err);
}

ZC_CALL(attach_begin, AttachBegin)
ZC_CALL(attach_chunk, AttachChunk)
ZC_CALL(attach_finish, AttachFinish)
ZC_CALL(attach_link, AttachLink)
ZC_CALL(attach_list, AttachList)
ZC_CALL(asset_set, AssetSet)
ZC_CALL(asset_maintain, AssetMaintain)
ZC_CALL(asset_income, AssetIncome)
ZC_CALL(welfare_post_set, WelfarePostSet)
ZC_CALL(welfare_post_end, WelfarePostEnd)
ZC_CALL(asset_list, AssetList)
ZC_CALL(asset_show, AssetShow)
ZC_CALL(welfare_post_list, WelfarePostList)
ZC_CALL(asset_dividends, AssetDividends)
ZC_CALL(lookback_campaign_create, LookbackCampaignCreate)
ZC_CALL(lookback_review, LookbackReview)
ZC_CALL(lookback_list, LookbackList)
ZC_CALL(lookback_progress, LookbackProgress)
ZC_CALL(project_import, ProjectImport)
ZC_CALL(inspection_record, InspectionRecord)
ZC_CALL(finding_add, FindingAdd)
ZC_CALL(inspection_list, InspectionList)
ZC_CALL(inspection_show, InspectionShow)
ZC_CALL(circular_issue, CircularIssue)
ZC_CALL(circular_list, CircularList)
ZC_CALL(circular_get, CircularGet)
ZC_CALL(notice_send, NoticeSend)
ZC_CALL(notice_list, NoticeList)
ZC_CALL(notice_show, NoticeShow)
ZC_CALL(notice_reply, NoticeReply)
ZC_CALL(notice_sent, NoticeSent)
ZC_CALL(notice_report, NoticeReport)
ZC_CALL(notice_pending, NoticePending)
ZC_CALL(notice_remind, NoticeRemind)
ZC_CALL(notice_count, NoticeCount)
ZC_CALL(notice_follow, NoticeFollow)
ZC_CALL(allowance_rate_set, AllowanceRateSet)
ZC_CALL(allowance_rate_list, AllowanceRateList)
