/* zc_calls.h -- the typed calls of libzhucun-client: one function per request of
 * proto/envelope.proto, which checks its argument as the server would, builds the Request,
 * sends it and waits for its reply, reconnecting and retrying where that is safe.
 *
 * Every function has the same contract (docs/client-lib.md says it in prose):
 *
 *   int zc_<call>(struct zc_client *c, const Zhucun__<Call> *a, Zhucun__Reply **out,
 *                 struct zc_error *err);
 *
 * - a is the request's body, as the .proto defines it; the caller owns it (it is not kept).
 * - First the argument is checked with common/rules, in the server's order and with the
 *   server's message and field name (zc_check). On a refusal the function returns -1 with err
 *   INVALID_ARGUMENT and the field, *out NULL, and touches neither c nor the network: c may
 *   even be NULL then.
 * - Then the request is sent on c and the function waits for its reply: 0 with *out (the
 *   reply; free it with zc_reply_free) when its status is OK, else -1 with err from the
 *   status and *out still holding the reply when one came (for its field errors).
 * - When the connection is lost before the answer (err UNAVAILABLE, no reply), the call is
 *   repeated on a new connection, resuming the session, when that is safe. A write the
 *   server deduplicates (zc_call_is_keyed) keeps its idempotency key until its outcome is
 *   known: it is recorded in the client's outbox (outbox.h) before it is first sent, sent
 *   again with the same key after a backoff with jitter (a few times, docs/client-lib.md),
 *   and when no answer came at all its entry stays and err->outcome_unknown is set; a later
 *   call with the same body by the same account sends that key again, so the server answers
 *   from the first instead of writing twice. A read (and a write whose repetition changes
 *   nothing) is sent once more when the client's retry_reads option is set. Any other write
 *   is not sent again: err->maybe_applied says it may have been applied. A connection found
 *   broken before a call is opened again first.
 *
 * err must not be NULL. c is used by one thread at a time, like everything in
 * zhucun_client.h. Login is zc_login (zhucun_client.h); Hello is part of zc_connect. */
#ifndef ZHUCUN_ZC_CALLS_H
#define ZHUCUN_ZC_CALLS_H

#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "outbox.h"
#include "zhucun_client.h"

/* The generic form every typed call goes through: body is any message that is a member of
 * Request's oneof (a Zhucun__LeaveRequest, ...), key the idempotency key to send with a keyed
 * call (NULL: the key of a pending outbox entry of the same body, else a fresh one; ignored
 * for other calls). Same contract as above; a body that is
 * not a request fails with INTERNAL. */
int zc_request(struct zc_client *c, const ProtobufCMessage *body, const char *key,
               Zhucun__Reply **out, struct zc_error *err);

/* Only the argument check of zc_request: 0 when body may be sent, else -1 with err
 * (INVALID_ARGUMENT and the field, as the server would refuse it). For forms that want to
 * say what is wrong before anything is queued. */
int zc_check(const ProtobufCMessage *body, struct zc_error *err);

/* Checks body and sends it without waiting (no retry): returns the request's id, or 0 with
 * err. For streamed replies (Export) and pipelining (Ping): read the replies with zc_recv. */
uint64_t zc_start(struct zc_client *c, const ProtobufCMessage *body, struct zc_error *err);

/* The keyed writes of c's account on c's server whose outcome is unknown, oldest first
 * (outbox.h): how many, with *out (free with zc_outbox_entries_free), or -1 with err. 0 when
 * the client keeps no outbox. Asks WhoAmI when the client does not know its account. */
int zc_pending(struct zc_client *c, struct zc_outbox_entry **out, struct zc_error *err);

/* Sends a pending write again with its own key (zc_request(c, body, e->key, ...)): the
 * server answers from the first send when that was applied, or applies it now. Same
 * contract as zc_request; its entry goes once an answer came. A body the library cannot
 * read back (an unknown call) fails with INTERNAL. */
int zc_resend(struct zc_client *c, const struct zc_outbox_entry *e, Zhucun__Reply **out,
              struct zc_error *err);

/* ---- working offline (docs/client-lib.md, "Working offline") ---- */

/* 1 when a write of this Request body case waits in the outbox when the client's offline
 * option is set and the server cannot be reached (VisitCreate, FollowUpUpdate, CheckIn,
 * IncomeRecord, LeaveRequest), else 0. */
int zc_call_works_offline(int body_case);

/* The client's outbox, opened if it is not yet (the handle is the client's: same thread, do
 * not close it): 0 with *ob (NULL when the client keeps none), or -1 with err. For counting,
 * listing, dropping and correcting entries (outbox.h) beside the client. */
int zc_outbox_of(struct zc_client *c, struct zc_outbox **ob, struct zc_error *err);

/* The body of an entry, unpacked (free with protobuf_c_message_free_unpacked(body, NULL)), for
 * a form to show and correct; NULL with err INTERNAL when the library cannot read it. */
ProtobufCMessage *zc_entry_body(const struct zc_outbox_entry *e, struct zc_error *err);

/* What became of one entry zc_flush sent. */
enum zc_flush_outcome {
    ZC_FLUSH_LANDED,  /* the server answered OK: the entry is gone; reply is the answer */
    ZC_FLUSH_REFUSED, /* refused: the entry is REFUSED (code, message, field); err says it */
    ZC_FLUSH_UNSENT,  /* not sent, or no answer (err says why): it stays; the sending stops */
};

/* Told of each entry zc_flush sends, on the calling thread: e the entry (as it was claimed),
 * reply the server's answer (NULL when none came), err NULL when it landed. Everything lasts
 * for the call only. */
typedef void (*zc_flush_cb)(const struct zc_outbox_entry *e, enum zc_flush_outcome what,
                            const Zhucun__Reply *reply, const struct zc_error *err, void *user);

struct zc_flush_result {
    int landed;  /* entries the server applied (or had applied: same key) */
    int refused; /* entries the server refused, now REFUSED */
    int left;    /* WAITING and UNKNOWN entries of the account on the server after the sending */
};

/* Sends the WAITING and UNKNOWN entries of c's account on c's server, in order (the order they
 * were made), each with its own key, one at a time: an OK removes it, a refusal marks it
 * REFUSED and the sending goes on with the next, a server that cannot be reached or a send
 * that gets no answer (after zc_request's tries) stops it with the rest left as they are, and
 * so does UNAUTHENTICATED (log in again). Entries of other accounts and servers, and REFUSED
 * ones, are not touched. Each entry is claimed in the file before it is sent (outbox.h,
 * zc_outbox_claim): a second sender (the desk and the CLI at once) that finds the next entry
 * claimed stops with FAILED_PRECONDITION and leaves the rest to the first; a claim dies with
 * its process. Returns 0 when it went through every entry (refusals included: see
 * res->refused), -1 with err when it stopped; *res is filled either way. */
int zc_flush(struct zc_client *c, zc_flush_cb cb, void *user, struct zc_flush_result *res,
             struct zc_error *err);

/* Corrects entry id of the outbox: body (of the entry's call, which zc_check must pass)
 * replaces it, with a fresh key, and it is WAITING again, to be sent by the next zc_flush in
 * its old place. Only REFUSED and WAITING entries can be corrected (an UNKNOWN one may have
 * been applied: send it first). 0, or -1 with err (INVALID_ARGUMENT and the field from the
 * check; FAILED_PRECONDITION with why when the entry is not there or cannot be corrected). */
int zc_correct(struct zc_outbox *ob, int64_t id, const ProtobufCMessage *body,
               struct zc_error *err);

/* 1 when the call of this Request body case takes an idempotency key (the server keeps its
 * result and answers a repeated key from it), else 0. The one list of these is in
 * zc_calls.c. */
int zc_call_is_keyed(int body_case);

/* ---- auth (proto/auth.proto) ---- */
int zc_ping(struct zc_client *c, const Zhucun__Ping *a, Zhucun__Reply **out, struct zc_error *err);
/* Clears the token the client would resume once the server has ended the session. */
int zc_logout(struct zc_client *c, const Zhucun__Logout *a, Zhucun__Reply **out,
              struct zc_error *err);
int zc_whoami(struct zc_client *c, const Zhucun__WhoAmI *a, Zhucun__Reply **out,
              struct zc_error *err);
/* Keyed. The client cannot know the server's minimum password length (a server setting): it
 * checks the rest of the rules (rules_password_problem with no minimum) and that the new
 * password differs from the old. */
int zc_change_password(struct zc_client *c, const Zhucun__ChangePassword *a, Zhucun__Reply **out,
                       struct zc_error *err);

/* ---- org (proto/org.proto) ---- */
int zc_org_show(struct zc_client *c, const Zhucun__OrgShow *a, Zhucun__Reply **out,
                struct zc_error *err);
int zc_org_children(struct zc_client *c, const Zhucun__OrgChildren *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_org_search(struct zc_client *c, const Zhucun__OrgSearch *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_org_create(struct zc_client *c, const Zhucun__OrgCreate *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_org_update(struct zc_client *c, const Zhucun__OrgUpdate *a, Zhucun__Reply **out,
                  struct zc_error *err);
/* The file is checked line by line by the server only. */
int zc_org_import(struct zc_client *c, const Zhucun__OrgImport *a, Zhucun__Reply **out,
                  struct zc_error *err);

/* ---- people, units and teams (proto/people.proto) ---- */
int zc_unit_create(struct zc_client *c, const Zhucun__UnitCreate *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_unit_show(struct zc_client *c, const Zhucun__UnitShow *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_unit_list(struct zc_client *c, const Zhucun__UnitList *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_unit_update(struct zc_client *c, const Zhucun__UnitUpdate *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_user_add(struct zc_client *c, const Zhucun__UserAdd *a, Zhucun__Reply **out,
                struct zc_error *err);
int zc_user_show(struct zc_client *c, const Zhucun__UserShow *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_user_disable(struct zc_client *c, const Zhucun__UserDisable *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_user_reset_password(struct zc_client *c, const Zhucun__UserResetPassword *a,
                           Zhucun__Reply **out, struct zc_error *err);
int zc_user_grant(struct zc_client *c, const Zhucun__UserGrant *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_team_create(struct zc_client *c, const Zhucun__TeamCreate *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_team_show(struct zc_client *c, const Zhucun__TeamShow *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_team_members(struct zc_client *c, const Zhucun__TeamMembers *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_team_assign(struct zc_client *c, const Zhucun__TeamAssign *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_team_recall(struct zc_client *c, const Zhucun__TeamRecall *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_team_set_party_leader(struct zc_client *c, const Zhucun__TeamSetPartyLeader *a,
                             Zhucun__Reply **out, struct zc_error *err);

/* ---- households (proto/household.proto) ---- */
/* Keyed. */
int zc_household_create(struct zc_client *c, const Zhucun__HouseholdCreate *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_household_show(struct zc_client *c, const Zhucun__HouseholdShow *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_household_list(struct zc_client *c, const Zhucun__HouseholdList *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_household_set_state(struct zc_client *c, const Zhucun__HouseholdSetState *a,
                           Zhucun__Reply **out, struct zc_error *err);
/* Keyed. The file is checked line by line by the server only. */
int zc_household_import(struct zc_client *c, const Zhucun__HouseholdImport *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_household_update(struct zc_client *c, const Zhucun__HouseholdUpdate *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_household_member_add(struct zc_client *c, const Zhucun__HouseholdMemberAdd *a,
                            Zhucun__Reply **out, struct zc_error *err);
int zc_household_member_leave(struct zc_client *c, const Zhucun__HouseholdMemberLeave *a,
                              Zhucun__Reply **out, struct zc_error *err);

/* ---- visits and follow-up items (proto/visit.proto) ---- */
/* Keyed. */
int zc_visit_create(struct zc_client *c, const Zhucun__VisitCreate *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_visits_due(struct zc_client *c, const Zhucun__VisitsDue *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_follow_up_list(struct zc_client *c, const Zhucun__FollowUpList *a, Zhucun__Reply **out,
                      struct zc_error *err);
/* Keyed. */
int zc_follow_up_update(struct zc_client *c, const Zhucun__FollowUpUpdate *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_visit_report(struct zc_client *c, const Zhucun__VisitReport *a, Zhucun__Reply **out,
                    struct zc_error *err);

/* ---- every duty a rule row (proto/duty.proto) ---- */
int zc_duty_report(struct zc_client *c, const Zhucun__DutyReport *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_duties_due(struct zc_client *c, const Zhucun__DutiesDue *a, Zhucun__Reply **out,
                  struct zc_error *err);

/* ---- check-ins and attendance (proto/attendance.proto) ---- */
/* Keyed. */
int zc_check_in(struct zc_client *c, const Zhucun__CheckIn *a, Zhucun__Reply **out,
                struct zc_error *err);
/* Keyed. */
int zc_official_business_record(struct zc_client *c, const Zhucun__OfficialBusinessRecord *a,
                                Zhucun__Reply **out, struct zc_error *err);
int zc_attendance_week(struct zc_client *c, const Zhucun__AttendanceWeek *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_attendance_report(struct zc_client *c, const Zhucun__AttendanceReport *a,
                         Zhucun__Reply **out, struct zc_error *err);

/* ---- approvals, leave and delegations (proto/approval.proto) ---- */
int zc_queue_list(struct zc_client *c, const Zhucun__QueueList *a, Zhucun__Reply **out,
                  struct zc_error *err);
/* After it, the queue's new items arrive as replies with id 0: read them with zc_recv. */
int zc_queue_follow(struct zc_client *c, const Zhucun__QueueFollow *a, Zhucun__Reply **out,
                    struct zc_error *err);
/* Keyed. */
int zc_decide(struct zc_client *c, const Zhucun__Decide *a, Zhucun__Reply **out,
              struct zc_error *err);
/* Keyed. */
int zc_leave_request(struct zc_client *c, const Zhucun__LeaveRequest *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_leave_list(struct zc_client *c, const Zhucun__LeaveList *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_leave_show(struct zc_client *c, const Zhucun__LeaveShow *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_leave_end(struct zc_client *c, const Zhucun__LeaveEnd *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_leave_resubmit(struct zc_client *c, const Zhucun__LeaveResubmit *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_delegation_create(struct zc_client *c, const Zhucun__DelegationCreate *a,
                         Zhucun__Reply **out, struct zc_error *err);
int zc_delegation_list(struct zc_client *c, const Zhucun__DelegationList *a, Zhucun__Reply **out,
                       struct zc_error *err);
/* Revoking twice leaves the same state: retried like a read. */
int zc_delegation_revoke(struct zc_client *c, const Zhucun__DelegationRevoke *a,
                         Zhucun__Reply **out, struct zc_error *err);
/* Every approval of a subject (any kind the server's registry knows: leave, recall, ...),
 * oldest first, each with every round's steps. The kind's code is checked for its shape
 * (common/rules/approval.h), not against a list of kinds: that is the server's. */
int zc_approval_history(struct zc_client *c, const Zhucun__ApprovalHistory *a, Zhucun__Reply **out,
                        struct zc_error *err);

/* ---- audit (proto/audit.proto) ---- */
int zc_audit_verify(struct zc_client *c, const Zhucun__AuditVerify *a, Zhucun__Reply **out,
                    struct zc_error *err);

/* ---- three guarantees, water, labour (proto/guarantee.proto; docs/guarantees.md) ---- */
int zc_guarantee_record(struct zc_client *c, const Zhucun__GuaranteeRecord *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_guarantee_resolve(struct zc_client *c, const Zhucun__GuaranteeResolve *a,
                         Zhucun__Reply **out, struct zc_error *err);
/* A household's entries, members and gaps, or a village's water ledger. */
int zc_guarantee_list(struct zc_client *c, const Zhucun__GuaranteeList *a, Zhucun__Reply **out,
                      struct zc_error *err);
/* The households with any gap under an org unit, a page at a time. */
int zc_guarantee_gaps(struct zc_client *c, const Zhucun__GuaranteeGaps *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_labour_record(struct zc_client *c, const Zhucun__LabourRecord *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_labour_list(struct zc_client *c, const Zhucun__LabourList *a, Zhucun__Reply **out,
                   struct zc_error *err);

/* ---- export (proto/export.proto) ---- */
/* Export's reply comes in parts (more = 1 on all but the last): this checks a and sends it
 * like zc_start, returning the request's id (0 with err); read the parts with zc_recv,
 * skipping replies of other ids (server events). Never retried: a lost export is resumed
 * from its cursor by the caller. */
uint64_t zc_export_start(struct zc_client *c, const Zhucun__Export *a, struct zc_error *err);

/* ---- monitoring (proto/monitoring.proto; docs/monitoring.md) ---- */
/* The writes are keyed. A refused MonitorSignOff (FAILED_PRECONDITION) names every failing
 * condition: the reply's status holds one FieldError each (income, guarantees, risks,
 * measures). */
int zc_monitor_enter(struct zc_client *c, const Zhucun__MonitorEnter *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_monitor_risk_add(struct zc_client *c, const Zhucun__MonitorRiskAdd *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_monitor_risk_close(struct zc_client *c, const Zhucun__MonitorRiskClose *a,
                          Zhucun__Reply **out, struct zc_error *err);
int zc_measure_add(struct zc_client *c, const Zhucun__MeasureAdd *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_measure_close(struct zc_client *c, const Zhucun__MeasureClose *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_monitor_review(struct zc_client *c, const Zhucun__MonitorReview *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_monitor_sign_off(struct zc_client *c, const Zhucun__MonitorSignOff *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_monitor_show(struct zc_client *c, const Zhucun__MonitorShow *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_monitor_list(struct zc_client *c, const Zhucun__MonitorList *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_monitor_stale(struct zc_client *c, const Zhucun__MonitorStale *a, Zhucun__Reply **out,
                     struct zc_error *err);
/* ---- income sums, one-on-one plans, M3's lists (proto/income.proto) ---- */
/* Keyed. A month's sums; a correction (the month has sums) needs a reason. The figures of the
 * reply are common/rules/income.c's, which a form may show before it sends. */
int zc_income_record(struct zc_client *c, const Zhucun__IncomeRecord *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_income_history(struct zc_client *c, const Zhucun__IncomeHistory *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_income_list(struct zc_client *c, const Zhucun__IncomeList *a, Zhucun__Reply **out,
                   struct zc_error *err);
/* Keyed. */
int zc_income_plan_set(struct zc_client *c, const Zhucun__IncomePlanSet *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_income_plan_show(struct zc_client *c, const Zhucun__IncomePlanShow *a, Zhucun__Reply **out,
                        struct zc_error *err);

/* Service cases (docs/services.md); the three writes are keyed. */
int zc_service_case_create(struct zc_client *c, const Zhucun__ServiceCaseCreate *a,
                           Zhucun__Reply **out, struct zc_error *err);
int zc_service_case_step(struct zc_client *c, const Zhucun__ServiceCaseStep *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_service_case_close(struct zc_client *c, const Zhucun__ServiceCaseClose *a,
                          Zhucun__Reply **out, struct zc_error *err);
int zc_service_case_list(struct zc_client *c, const Zhucun__ServiceCaseList *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_service_case_show(struct zc_client *c, const Zhucun__ServiceCaseShow *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_service_report(struct zc_client *c, const Zhucun__ServiceReport *a, Zhucun__Reply **out,
                      struct zc_error *err);

/* Competitions (docs/services.md); the three writes are keyed. */
int zc_contest_round_open(struct zc_client *c, const Zhucun__ContestRoundOpen *a,
                          Zhucun__Reply **out, struct zc_error *err);
int zc_contest_enter(struct zc_client *c, const Zhucun__ContestEnter *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_contest_result(struct zc_client *c, const Zhucun__ContestResult *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_contest_list(struct zc_client *c, const Zhucun__ContestList *a, Zhucun__Reply **out,
                    struct zc_error *err);
/* ---- policy delivery (proto/policy.proto; docs/policy-delivery.md) ---- */
/* The writes are keyed. */
int zc_quiz_create(struct zc_client *c, const Zhucun__QuizCreate *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_quiz_score(struct zc_client *c, const Zhucun__QuizScore *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_quiz_show(struct zc_client *c, const Zhucun__QuizShow *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_quiz_report(struct zc_client *c, const Zhucun__QuizReport *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_video_record(struct zc_client *c, const Zhucun__VideoRecord *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_video_list(struct zc_client *c, const Zhucun__VideoList *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_broadcast_record(struct zc_client *c, const Zhucun__BroadcastRecord *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_broadcast_list(struct zc_client *c, const Zhucun__BroadcastList *a, Zhucun__Reply **out,
                      struct zc_error *err);
/* ---- construction and disbursements (proto/construction.proto; docs/construction.md): the
 * writes are keyed ---- */
int zc_project_focus_set(struct zc_client *c, const Zhucun__ProjectFocusSet *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_project_task_add(struct zc_client *c, const Zhucun__ProjectTaskAdd *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_project_task_update(struct zc_client *c, const Zhucun__ProjectTaskUpdate *a,
                           Zhucun__Reply **out, struct zc_error *err);
int zc_project_progress_report(struct zc_client *c, const Zhucun__ProjectProgressReport *a,
                               Zhucun__Reply **out, struct zc_error *err);
int zc_project_target_set(struct zc_client *c, const Zhucun__ProjectTargetSet *a,
                          Zhucun__Reply **out, struct zc_error *err);
int zc_project_target_monitor(struct zc_client *c, const Zhucun__ProjectTargetMonitor *a,
                              Zhucun__Reply **out, struct zc_error *err);
int zc_project_plan_show(struct zc_client *c, const Zhucun__ProjectPlanShow *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_disbursement_request(struct zc_client *c, const Zhucun__DisbursementRequest *a,
                            Zhucun__Reply **out, struct zc_error *err);
int zc_disbursement_list(struct zc_client *c, const Zhucun__DisbursementList *a,
                         Zhucun__Reply **out, struct zc_error *err);
int zc_project_build_list(struct zc_client *c, const Zhucun__ProjectBuildList *a,
                          Zhucun__Reply **out, struct zc_error *err);

/* ---- projects (proto/project.proto; docs/projects.md): the writes are keyed ---- */
int zc_project_create(struct zc_client *c, const Zhucun__ProjectCreate *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_project_update(struct zc_client *c, const Zhucun__ProjectUpdate *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_project_show(struct zc_client *c, const Zhucun__ProjectShow *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_project_list(struct zc_client *c, const Zhucun__ProjectList *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_project_transition(struct zc_client *c, const Zhucun__ProjectTransition *a,
                          Zhucun__Reply **out, struct zc_error *err);
int zc_project_board(struct zc_client *c, const Zhucun__ProjectBoard *a, Zhucun__Reply **out,
                     struct zc_error *err);

/* ---- villager points (proto/points.proto; docs/points.md): the writes are keyed ---- */
int zc_points_deed_set(struct zc_client *c, const Zhucun__PointsDeedSet *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_points_good_set(struct zc_client *c, const Zhucun__PointsGoodSet *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_points_award(struct zc_client *c, const Zhucun__PointsAward *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_points_donate(struct zc_client *c, const Zhucun__PointsDonate *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_points_redeem(struct zc_client *c, const Zhucun__PointsRedeem *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_points_correct(struct zc_client *c, const Zhucun__PointsCorrect *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_points_shop(struct zc_client *c, const Zhucun__PointsShop *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_points_history(struct zc_client *c, const Zhucun__PointsHistory *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_points_report(struct zc_client *c, const Zhucun__PointsReport *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_points_check(struct zc_client *c, const Zhucun__PointsCheck *a, Zhucun__Reply **out,
                    struct zc_error *err);

/* ---- evidence attachments (proto/attach.proto; docs/attachments.md) ---- */
/* The steps of an upload, each keyed; zc_attach_upload (zc_attach.h) makes them. */
int zc_attach_begin(struct zc_client *c, const Zhucun__AttachBegin *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_attach_chunk(struct zc_client *c, const Zhucun__AttachChunk *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_attach_finish(struct zc_client *c, const Zhucun__AttachFinish *a, Zhucun__Reply **out,
                     struct zc_error *err);
/* Keyed. */
int zc_attach_link(struct zc_client *c, const Zhucun__AttachLink *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_attach_list(struct zc_client *c, const Zhucun__AttachList *a, Zhucun__Reply **out,
                   struct zc_error *err);

/* ---- the ten-area ledgers and the board (proto/ledger.proto; docs/ledger.md) ---- */
/* Keyed. An item by hand; the reply is its id. */
int zc_ledger_item_create(struct zc_client *c, const Zhucun__LedgerItemCreate *a,
                          Zhucun__Reply **out, struct zc_error *err);
/* Keyed. A new status and/or a note, with evidence; one history row. */
int zc_ledger_item_update(struct zc_client *c, const Zhucun__LedgerItemUpdate *a,
                          Zhucun__Reply **out, struct zc_error *err);
/* An item with its history and evidence. */
int zc_ledger_item_show(struct zc_client *c, const Zhucun__LedgerItemShow *a, Zhucun__Reply **out,
                        struct zc_error *err);
/* Items filtered by org unit, area, list, status, responsible, source, topic; overdue first. */
int zc_ledger_list(struct zc_client *c, const Zhucun__LedgerList *a, Zhucun__Reply **out,
                   struct zc_error *err);
/* An org unit's board: counts by area and status. */
int zc_ledger_board(struct zc_client *c, const Zhucun__LedgerBoard *a, Zhucun__Reply **out,
                    struct zc_error *err);
/* Keyed. A household's (or a village's households') open gaps as items, each once. */
int zc_ledger_from_gaps(struct zc_client *c, const Zhucun__LedgerFromGaps *a, Zhucun__Reply **out,
                        struct zc_error *err);

/* ---- project assets (docs/assets.md) ---- */
/* Keyed. Registers an asset of an accepted-or-later project (id 0) or changes one. */
int zc_asset_set(struct zc_client *c, const Zhucun__AssetSet *a, Zhucun__Reply **out,
                 struct zc_error *err);
/* Keyed. A maintenance record; the asset's condition becomes its. */
int zc_asset_maintain(struct zc_client *c, const Zhucun__AssetMaintain *a, Zhucun__Reply **out,
                      struct zc_error *err);
/* Keyed. An operational asset's income for a period and (or later) its distribution. */
int zc_asset_income(struct zc_client *c, const Zhucun__AssetIncome *a, Zhucun__Reply **out,
                    struct zc_error *err);
/* Keyed. A public-welfare post (id 0) or a change of an open one. */
int zc_welfare_post_set(struct zc_client *c, const Zhucun__WelfarePostSet *a, Zhucun__Reply **out,
                        struct zc_error *err);
/* Keyed. Ends a post. */
int zc_welfare_post_end(struct zc_client *c, const Zhucun__WelfarePostEnd *a, Zhucun__Reply **out,
                        struct zc_error *err);
/* The assets of the scope, an org unit or a project; due upkeep first. */
int zc_asset_list(struct zc_client *c, const Zhucun__AssetList *a, Zhucun__Reply **out,
                  struct zc_error *err);
/* An asset with its upkeep and its incomes and their shares. */
int zc_asset_show(struct zc_client *c, const Zhucun__AssetShow *a, Zhucun__Reply **out,
                  struct zc_error *err);
/* A village's public-welfare posts. */
int zc_welfare_post_list(struct zc_client *c, const Zhucun__WelfarePostList *a, Zhucun__Reply **out,
                         struct zc_error *err);
/* A household's dividends from asset income. */
int zc_asset_dividends(struct zc_client *c, const Zhucun__AssetDividends *a, Zhucun__Reply **out,
                       struct zc_error *err);
/* ---- the look-back (proto/lookback.proto; docs/lookback.md): the writes are keyed ---- */
int zc_lookback_campaign_create(struct zc_client *c, const Zhucun__LookbackCampaignCreate *a,
                                Zhucun__Reply **out, struct zc_error *err);
int zc_lookback_review(struct zc_client *c, const Zhucun__LookbackReview *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_lookback_list(struct zc_client *c, const Zhucun__LookbackList *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_lookback_progress(struct zc_client *c, const Zhucun__LookbackProgress *a,
                         Zhucun__Reply **out, struct zc_error *err);
/* Keyed: a retried import with the same key is applied once. */
int zc_project_import(struct zc_client *c, const Zhucun__ProjectImport *a, Zhucun__Reply **out,
                      struct zc_error *err);

/* ---- consumption assistance (proto/consume.proto; docs/consumption.md): the writes are keyed */
int zc_purchase_record(struct zc_client *c, const Zhucun__PurchaseRecord *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_purchase_list(struct zc_client *c, const Zhucun__PurchaseList *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_contract_record(struct zc_client *c, const Zhucun__ContractRecord *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_contract_list(struct zc_client *c, const Zhucun__ContractList *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_quota_progress(struct zc_client *c, const Zhucun__QuotaProgress *a, Zhucun__Reply **out,
                      struct zc_error *err);

/* ---- inspections and circulars (proto/inspect.proto; docs/inspections.md, docs/circulars.md):
 * the writes are keyed */
int zc_inspection_record(struct zc_client *c, const Zhucun__InspectionRecord *a,
                         Zhucun__Reply **out, struct zc_error *err);
int zc_finding_add(struct zc_client *c, const Zhucun__FindingAdd *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_inspection_list(struct zc_client *c, const Zhucun__InspectionList *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_inspection_show(struct zc_client *c, const Zhucun__InspectionShow *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_circular_issue(struct zc_client *c, const Zhucun__CircularIssue *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_circular_list(struct zc_client *c, const Zhucun__CircularList *a, Zhucun__Reply **out,
                     struct zc_error *err);
/* One circular, with its PDF and/or xlsx when asked for. */
int zc_circular_get(struct zc_client *c, const Zhucun__CircularGet *a, Zhucun__Reply **out,
                    struct zc_error *err);
/* ---- stars and a cadre's points (proto/stars.proto; docs/stars-points.md): the writes are
 * keyed */
int zc_stars_compute(struct zc_client *c, const Zhucun__StarsCompute *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_stars_adjust(struct zc_client *c, const Zhucun__StarsAdjust *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_stars_file(struct zc_client *c, const Zhucun__StarsFile *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_stars_status(struct zc_client *c, const Zhucun__StarsStatus *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_stars_list(struct zc_client *c, const Zhucun__StarsList *a, Zhucun__Reply **out,
                  struct zc_error *err);
/* The indicator codes (StarsAdjust) and item codes (CadrePointsAdd) in force for a county. */
int zc_stars_codes(struct zc_client *c, const Zhucun__StarsCodes *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_cadre_points_rate(struct zc_client *c, const Zhucun__CadrePointsRate *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_cadre_points_add(struct zc_client *c, const Zhucun__CadrePointsAdd *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_cadre_points_history(struct zc_client *c, const Zhucun__CadrePointsHistory *a,
                            Zhucun__Reply **out, struct zc_error *err);
int zc_cadre_points_ranking(struct zc_client *c, const Zhucun__CadrePointsRanking *a,
                            Zhucun__Reply **out, struct zc_error *err);
int zc_cadre_points_file(struct zc_client *c, const Zhucun__CadrePointsFile *a, Zhucun__Reply **out,
                         struct zc_error *err);
/* ---- the quarterly assessment (proto/assess.proto; docs/assessment.md): the writes are keyed */
int zc_assess_round_open(struct zc_client *c, const Zhucun__AssessRoundOpen *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_assess_round_show(struct zc_client *c, const Zhucun__AssessRoundShow *a, Zhucun__Reply **out,
                         struct zc_error *err);
int zc_assess_score_set(struct zc_client *c, const Zhucun__AssessScoreSet *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_assess_rank(struct zc_client *c, const Zhucun__AssessRank *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_assess_grade_override(struct zc_client *c, const Zhucun__AssessGradeOverride *a,
                             Zhucun__Reply **out, struct zc_error *err);
int zc_assess_submit(struct zc_client *c, const Zhucun__AssessSubmit *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_assess_list(struct zc_client *c, const Zhucun__AssessList *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_assess_ranking(struct zc_client *c, const Zhucun__AssessRanking *a, Zhucun__Reply **out,
                      struct zc_error *err);
/* ---- training, study and the units' supervision (proto/training.proto; docs/training.md): the
 * writes are keyed */
int zc_study_record(struct zc_client *c, const Zhucun__StudyRecord *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_study_list(struct zc_client *c, const Zhucun__StudyList *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_study_missed(struct zc_client *c, const Zhucun__StudyMissed *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_training_session_add(struct zc_client *c, const Zhucun__TrainingSessionAdd *a,
                            Zhucun__Reply **out, struct zc_error *err);
int zc_training_attend(struct zc_client *c, const Zhucun__TrainingAttend *a, Zhucun__Reply **out,
                       struct zc_error *err);
int zc_training_list(struct zc_client *c, const Zhucun__TrainingList *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_training_untrained(struct zc_client *c, const Zhucun__TrainingUntrained *a,
                          Zhucun__Reply **out, struct zc_error *err);
int zc_training_short(struct zc_client *c, const Zhucun__TrainingShort *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_unit_supervision_record(struct zc_client *c, const Zhucun__UnitSupervisionRecord *a,
                               Zhucun__Reply **out, struct zc_error *err);
int zc_units_behind(struct zc_client *c, const Zhucun__UnitsBehind *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_unit_supervision_list(struct zc_client *c, const Zhucun__UnitSupervisionList *a,
                             Zhucun__Reply **out, struct zc_error *err);
/* ---- tasks sent down (proto/tasks.proto; docs/tasks.md): the writes are keyed */
int zc_task_send(struct zc_client *c, const Zhucun__TaskSend *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_task_list(struct zc_client *c, const Zhucun__TaskList *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_task_show(struct zc_client *c, const Zhucun__TaskShow *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_task_report(struct zc_client *c, const Zhucun__TaskReport *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_task_board(struct zc_client *c, const Zhucun__TaskBoard *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_task_ledger(struct zc_client *c, const Zhucun__TaskLedger *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_task_sent(struct zc_client *c, const Zhucun__TaskSent *a, Zhucun__Reply **out,
                 struct zc_error *err);
/* ---- the work diary (proto/diary.proto; docs/diary.md): the write is keyed */
int zc_diary_write(struct zc_client *c, const Zhucun__DiaryWrite *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_diary_day(struct zc_client *c, const Zhucun__DiaryDay *a, Zhucun__Reply **out,
                 struct zc_error *err);
int zc_diary_list(struct zc_client *c, const Zhucun__DiaryList *a, Zhucun__Reply **out,
                  struct zc_error *err);
int zc_diary_missing(struct zc_client *c, const Zhucun__DiaryMissing *a, Zhucun__Reply **out,
                     struct zc_error *err);

/* ---- notices with read receipts (proto/notices.proto; docs/notices.md): the writes are
 * keyed; NoticeShow records the reading, which a repetition leaves as it was */
int zc_notice_send(struct zc_client *c, const Zhucun__NoticeSend *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_notice_list(struct zc_client *c, const Zhucun__NoticeList *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_notice_show(struct zc_client *c, const Zhucun__NoticeShow *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_notice_reply(struct zc_client *c, const Zhucun__NoticeReply *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_notice_sent(struct zc_client *c, const Zhucun__NoticeSent *a, Zhucun__Reply **out,
                   struct zc_error *err);
int zc_notice_report(struct zc_client *c, const Zhucun__NoticeReport *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_notice_pending(struct zc_client *c, const Zhucun__NoticePending *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_notice_remind(struct zc_client *c, const Zhucun__NoticeRemind *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_notice_count(struct zc_client *c, const Zhucun__NoticeCount *a, Zhucun__Reply **out,
                    struct zc_error *err);
int zc_notice_follow(struct zc_client *c, const Zhucun__NoticeFollow *a, Zhucun__Reply **out,
                     struct zc_error *err);
int zc_allowance_compute(struct zc_client *c, const Zhucun__AllowanceCompute *a,
                         Zhucun__Reply **out, struct zc_error *err);
int zc_allowance_confirm(struct zc_client *c, const Zhucun__AllowanceConfirm *a,
                         Zhucun__Reply **out, struct zc_error *err);
int zc_allowance_submit(struct zc_client *c, const Zhucun__AllowanceSubmit *a, Zhucun__Reply **out,
                        struct zc_error *err);
int zc_allowance_correct(struct zc_client *c, const Zhucun__AllowanceCorrect *a,
                         Zhucun__Reply **out, struct zc_error *err);
int zc_allowance_show(struct zc_client *c, const Zhucun__AllowanceShow *a, Zhucun__Reply **out,
                      struct zc_error *err);
int zc_allowance_list(struct zc_client *c, const Zhucun__AllowanceList *a, Zhucun__Reply **out,
                      struct zc_error *err);

#endif
