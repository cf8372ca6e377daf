/* zc_calls.c -- the typed calls: the table of how each call is retried, the one keyed-retry
 * loop (zc_request) and a thin function per call. */
#include "zc_calls.h"

#include <stdio.h>
#include <string.h>

#include "common/token.h"
#include "zc_checks.h"
#include "zc_internal.h"

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
    {ZHUCUN__REQUEST__BODY_ORG_CREATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_ORG_UPDATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_ORG_IMPORT, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_UNIT_CREATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_UNIT_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_UNIT_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_UNIT_UPDATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_USER_ADD, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_USER_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_USER_DISABLE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_USER_RESET_PASSWORD, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_USER_GRANT, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_TEAM_CREATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_TEAM_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TEAM_MEMBERS, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_TEAM_RECALL, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_VISIT_CREATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_VISITS_DUE, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE, RETRY_KEYED},
    {ZHUCUN__REQUEST__BODY_VISIT_REPORT, RETRY_READ},
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
    {ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_DELEGATION_CREATE, RETRY_NEVER},
    {ZHUCUN__REQUEST__BODY_DELEGATION_LIST, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE, RETRY_SAME},
    {ZHUCUN__REQUEST__BODY_AUDIT_VERIFY, RETRY_READ},
    {ZHUCUN__REQUEST__BODY_EXPORT, RETRY_NEVER}, /* streamed: zc_export_start, never waited on */
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

static void fail(struct zc_error *err, Zhucun__Code code, const char *message)
{
    err->code = code;
    snprintf(err->message, sizeof(err->message), "%s", message);
    err->field[0] = '\0';
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
    if (wrap(&req, body, err) == NULL)
        return -1;
    return zc__check_request(&req, err);
}

uint64_t zc_start(struct zc_client *c, const ProtobufCMessage *body, struct zc_error *err)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    err->maybe_applied = 0;
    if (wrap(&req, body, err) == NULL || zc__check_request(&req, err) != 0)
        return 0;
    if (zc_broken(c) && zc_reconnect(c, err) != 0)
        return 0;
    return zc_send(c, &req, err);
}

/* The one retry loop. A reply of any status is an answer: only a transport failure (no reply
 * at all, UNAVAILABLE) can be retried, and only once, so that a server that keeps dropping
 * the connection is reported rather than hammered. Why a keyed retry is safe: the server
 * keeps a keyed write's result under (user, key) and answers a repeated key from it; a
 * repeat that arrives while the first attempt is still running waits for it
 * (server/dispatch.c, on_idem_lookup). */
int zc_request(struct zc_client *c, const ProtobufCMessage *body, const char *key,
               Zhucun__Reply **out, struct zc_error *err)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    char fresh[TOKEN_HEX_LEN + 1];
    *out = NULL;
    err->maybe_applied = 0;
    const struct call_row *row = wrap(&req, body, err);
    if (row == NULL || zc__check_request(&req, err) != 0)
        return -1;
    if (row->retry == RETRY_KEYED) {
        if (key == NULL || key[0] == '\0') {
            if (token_new(fresh) != 0) {
                fail(err, ZHUCUN__CODE__INTERNAL, "无法生成幂等键");
                return -1;
            }
            key = fresh;
        }
        req.idempotency_key = (char *)key;
    }
    const struct zc_options *o = zc__options(c);
    int may_retry = row->retry == RETRY_KEYED || (row->retry != RETRY_NEVER && o->retry_reads);
    int rc = -1, lost = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((lost || zc_broken(c)) && zc_reconnect(c, err) != 0)
            break;
        lost = 0;
        req.id = 0; /* a fresh id on the new connection */
        zc_reply_free(*out);
        *out = NULL;
        rc = zc_call(c, &req, out, err);
        if (rc == 0 || *out != NULL || err->code != ZHUCUN__CODE__UNAVAILABLE)
            break;
        /* No answer: the connection is of no more use (a late reply would only confuse). */
        lost = 1;
        zc__mark_broken(c);
        if (o->link_cb != NULL)
            o->link_cb(0, err->message, o->link_user);
        if (!may_retry) {
            err->maybe_applied = row->retry == RETRY_NEVER;
            break;
        }
    }
    if (rc == 0 && req.body_case == ZHUCUN__REQUEST__BODY_LOGOUT)
        zc__set_token(c, NULL);
    return rc;
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
ZC_CALL(check_in, CheckIn)
ZC_CALL(official_business_record, OfficialBusinessRecord)
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
ZC_CALL(audit_verify, AuditVerify)

uint64_t zc_export_start(struct zc_client *c, const Zhucun__Export *a, struct zc_error *err)
{
    return zc_start(c, &a->base, err);
}
