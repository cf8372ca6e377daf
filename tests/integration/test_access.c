/* test_access.c -- the access matrix (SPEC O5, O6; docs/access.md): every call of the
 * protocol, reads and writes, for every role, in scope and out of scope.
 *
 * Two sibling subtrees, A (Taiyuan / Xiaodian) and B (Datong / Xinrong), each with a
 * dispatching unit, a village team and one account per role; the team captain and the cadre
 * serve in their subtree's team. Every row is a request that targets something in A; it runs
 * as each role's A account (in scope) and B account (out of scope) and must answer the
 * status written down by hand in the row: not computed by the server's own logic, but read
 * off the SPEC, the one rule of docs/access.md and the domain's page in docs/ (out of scope
 * = NOT_FOUND, exactly as a record that does not exist; PERMISSION_DENIED = the roles may
 * never make this call; INVALID_ARGUMENT or FAILED_PRECONDITION where a rule refuses the
 * request itself). The whole matrix is printed.
 *
 * Calls about the caller's own things (the session, one's queue, week, leave request or
 * delegations) have no target in A: both columns then say what each role may do with its
 * own. A row that names someone else's such thing (a step not in the caller's queue, a
 * request the caller did not submit, a delegation the caller did not make) expects
 * NOT_FOUND in scope as out of it: for the caller it does not exist.
 *
 * The province office is the control: its one account covers both subtrees, so it has no
 * out-of-scope column. Writes that succeed are undone (disable, grant, cancel, revoke, change
 * back) or use fresh codes, names, people, ID numbers, dates, leave requests and steps, so
 * that no row depends on what an earlier one did.
 *
 * The matrix checks itself: after the rows ran, every member of Request's body oneof
 * (zhucun__request__descriptor) must have been sent by a row named after its message, or the
 * test fails naming the call. No call is exempt: Hello is a row of its own (a fresh
 * connection resuming the account's session: the Hello is the first request of every
 * connection, so it cannot be sent on the account's open one); Login and Logout each run on
 * a fresh connection so that the account's own session stays, and QueueFollow on a fresh
 * connection resuming it, so that pushed items do not reach the account's connection.
 *
 * Where the server answers otherwise than the rules, the row keeps the rules' code and the
 * cell is listed in known_wrong[] (printed as KNOWN WRONG); the test fails when such a cell
 * answers the expected code, so that a fix is noticed and its entry removed. */
#include "harness.h"

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/idcard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PW "correct horse battery"

#define PROVINCE "140000000000"
#define A_CITY   "140100000000"
#define A_COUNTY "140105000000"
#define A_TWP    "140105001000"
#define A_VIL1   "140105001001"
#define A_VIL2   "140105001002"
#define B_CITY   "140200000000"
#define B_COUNTY "140212000000"
#define B_TWP    "140212001000"
#define B_VIL    "140212001001"

static const char *tree = "code,name,level\n"
                          "140100000000,太原市,city\n"
                          "140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n"
                          "140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n"
                          "140200000000,大同市,city\n"
                          "140212000000,新荣区,county\n"
                          "140212001000,新荣镇,township\n"
                          "140212001001,测试三村,village\n";

/* ---- the accounts ---- */

enum role { PROV, CITY, COUNTY, TWP, CCAP, TCAP, CADRE, INSP, EXP, UADM, NROLES };
enum side { IN, OUT };

static const struct {
    const char *role;
    const char *label;
    const char *scope[2]; /* the A and the B account's scope; NULL: no such account */
} roles[NROLES] = {
    {"province_office", "prov", {PROVINCE, NULL}},
    {"city_office", "city", {A_CITY, B_CITY}},
    {"county_office", "county", {A_COUNTY, B_COUNTY}},
    {"township", "twp", {A_TWP, B_TWP}},
    {"county_captain", "ccap", {A_COUNTY, B_COUNTY}},
    {"team_captain", "tcap", {A_VIL1, B_VIL}},
    {"cadre", "cadre", {A_VIL1, B_VIL}},
    {"inspector", "insp", {A_COUNTY, B_COUNTY}},
    {"exporter", "exp", {A_COUNTY, B_COUNTY}},
    {"unit_admin", "uadm", {A_COUNTY, B_COUNTY}},
};

static struct zt_server srv;
static struct zc_client *acct[2][NROLES]; /* [IN] in subtree A, [OUT] in subtree B */
static char acct_name[2][NROLES][40];
static char token[2][NROLES][65];    /* each account's session, for the Hello row */
static int64_t person_of[2][NROLES]; /* each account's person */
static int cur_side, cur_role;       /* the account the row is being built for */
#define prov (acct[IN][PROV])
#define PW2  "correct horse battery staple" /* the ChangePassword row's new password */

/* The fixtures every row may target. */
static int64_t unit_a, unit_b;     /* county dispatching units */
static int64_t team_a, team_b;     /* village teams of A_VIL1 and B_VIL */
static int64_t party_a1, party_a2; /* party members from unit_a serving in team_a */
static int64_t party_b1;           /* a party member from unit_b serving in team_b */
#define TARGET_USER "target-a"     /* a cadre account of A_VIL1 that offices manage */

/* Fresh objects made (as the province office) for rows whose success uses one up; a failed
 * attempt leaves it for the next. */
static int next_village = 101;   /* 140105001101, 140105001102, ... */
static char fresh_village[13];   /* a village in A without a team */
static int64_t fresh_person_a;   /* a person of A_VIL1 serving nowhere */
static int64_t fresh_person_b;   /* a person of B_VIL serving nowhere */
static int64_t fresh_membership; /* an active membership in team_a */
static int seq;                  /* one per attempt, for fresh names */

/* The later issues' fixtures, made in setup through the real calls. */
static char today_s[11];         /* today (Asia/Shanghai), YYYY-MM-DD */
static int today_d;              /* its day number */
static int64_t hh_a;             /* a household of A_VIL1 */
static int64_t training_a;       /* a training session of county A, today */
static int64_t notice_a;         /* county A's notice to village A1, a reply required */
static int64_t item_a;           /* an open follow-up item of A_VIL1, from a visit to hh_a */
static int64_t show_leave;       /* a pending 3-day leave of party_a1 (county and unit steps) */
static int id_serial;            /* fresh ID numbers: 140105197001010NN + check character */
static int next_leave_day = 1;   /* leave dates: days after today, each day used once */
static int next_business_day;    /* official business: days after today, each used once */
static int64_t fresh_member;     /* a member of hh_a who may leave */
static int64_t fresh_step[3];    /* pending steps: township, county office, unit (STEP_*) */
static int64_t fresh_leave;      /* a pending 1-day leave of party_a2, before its first day */
static int64_t fresh_returned;   /* a-cadre's own request, returned for revision */
static int64_t fresh_delegation; /* county office A's delegation to its deputy */
enum { STEP_TWP, STEP_COUNTY, STEP_UNIT };

/* ---- helpers (each fails the test unless the call succeeds) ---- */

static void must(Zhucun__Code code, const char *what)
{
    if (code != ZHUCUN__CODE__OK)
        fail_msg("setup: %s answered %d", what, code);
}

static int64_t unit_create(const char *name, const char *org)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__UnitCreate uc = ZHUCUN__UNIT_CREATE__INIT;
    Zhucun__DispatchUnit u = ZHUCUN__DISPATCH_UNIT__INIT;
    u.name = (char *)name;
    u.level = "county";
    u.org_code = (char *)org;
    u.leader_name = "演示领导";
    uc.unit = &u;
    req.body_case = ZHUCUN__REQUEST__BODY_UNIT_CREATE;
    req.unit_create = &uc;
    Zhucun__Reply *reply = NULL;
    must(zt_call(prov, &req, &reply), "UnitCreate");
    int64_t id = reply->unit->id;
    zc_reply_free(reply);
    return id;
}

static int64_t team_create(const char *org, const char *name)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
    tc.kind = "village";
    tc.org_code = (char *)org;
    tc.name = (char *)name;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_CREATE;
    req.team_create = &tc;
    Zhucun__Reply *reply = NULL;
    must(zt_call(prov, &req, &reply), "TeamCreate");
    int64_t id = reply->team->id;
    zc_reply_free(reply);
    return id;
}

/* Adds a person with an account; returns the person id, copies the initial password. */
static int64_t user_add(const char *username, const char *org, int64_t unit, int party,
                        const char *role, char *password)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = (char *)username;
    p.org_code = (char *)org;
    p.unit_id = unit;
    p.party_member = party;
    ua.username = (char *)username;
    ua.person = &p;
    ua.role = (char *)role;
    req.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
    req.user_add = &ua;
    Zhucun__Reply *reply = NULL;
    must(zt_call(prov, &req, &reply), username);
    int64_t id = reply->user_add->person_id;
    if (password != NULL)
        snprintf(password, 32, "%s", reply->user_add->initial_password);
    zc_reply_free(reply);
    return id;
}

static int64_t assign_post(int64_t team, int64_t person, int64_t unit, const char *post)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = team;
    ta.person_id = person;
    ta.post = (char *)post;
    ta.unit_id = unit;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
    req.team_assign = &ta;
    Zhucun__Reply *reply = NULL;
    must(zt_call(prov, &req, &reply), "TeamAssign");
    int64_t id = reply->membership->id;
    zc_reply_free(reply);
    return id;
}

static int64_t assign(int64_t team, int64_t person, int64_t unit)
{
    return assign_post(team, person, unit, "member");
}

static void set_party_leader(int64_t team, int64_t person)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamSetPartyLeader pl = ZHUCUN__TEAM_SET_PARTY_LEADER__INIT;
    pl.team_id = team;
    pl.person_id = person;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER;
    req.team_set_party_leader = &pl;
    must(zt_call(prov, &req, NULL), "TeamSetPartyLeader");
}

/* Logs in with the initial password and changes it (nothing else is allowed before); the
 * session's token is copied into tok (65 bytes) when not NULL. */
static struct zc_client *first_login(const char *username, const char *initial, char *tok)
{
    struct zc_client *c = zt_login(&srv, username, initial, tok);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = (char *)initial;
    cp.new_password = PW;
    req.body_case = ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD;
    req.change_password = &cp;
    must(zt_call(c, &req, NULL), "ChangePassword");
    must(zt_whoami(c), "WhoAmI");
    return c;
}

static void new_village(char *code)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgCreate cr = ZHUCUN__ORG_CREATE__INIT;
    Zhucun__OrgUnit u = ZHUCUN__ORG_UNIT__INIT;
    char name[64];
    snprintf(code, 13, "140105001%03d", next_village++);
    snprintf(name, sizeof(name), "备用村%s", code + 9);
    u.code = code;
    u.name = name;
    cr.unit = &u;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_CREATE;
    req.org_create = &cr;
    must(zt_call(prov, &req, NULL), "OrgCreate (fresh village)");
}

static int64_t new_person(const char *org)
{
    static int n;
    char name[32];
    snprintf(name, sizeof(name), "fresh-%d", ++n);
    return user_add(name, org, 0, 0, "cadre", NULL);
}

/* day number d as YYYY-MM-DD */
static void day_str(int d, char out[11])
{
    rules_date_format(d, out);
}

/* A resident ID number (GB 11643) not used before in this test. */
static void fresh_id(char id[19])
{
    snprintf(id, 19, "14010519700101%03d", ++id_serial % 1000);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
}

/* A household of village with one member, its head (as county office A). */
static int64_t household_create(const char *village, const char *since)
{
    char id[19];
    fresh_id(id);
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp = &m;
    m.name = "演示户主";
    m.relation = "head";
    m.id_number = id;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = (char *)village;
    h.category = "monitored";
    h.since = (char *)since;
    h.n_members = 1;
    h.members = &mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    must(zt_call(acct[IN][COUNTY], &req, &reply), "HouseholdCreate");
    int64_t hid = reply->household->id;
    zc_reply_free(reply);
    return hid;
}

/* A new member (a child) of household hh (as county office A); returns the member's id. */
static int64_t member_add(int64_t hh)
{
    char id[19];
    fresh_id(id);
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    m.name = "演示成员";
    m.relation = "child";
    m.id_number = id;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__HouseholdMemberAdd ma = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    ma.household_id = hh;
    ma.member = &m;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD;
    req.household_member_add = &ma;
    Zhucun__Reply *reply = NULL;
    must(zt_call(acct[IN][COUNTY], &req, &reply), "HouseholdMemberAdd");
    int64_t id_ = reply->household_member->id;
    zc_reply_free(reply);
    return id_;
}

/* The next free leave dates: days days from the next unused day on. */
static void leave_days(int days, char first[11], char last[11])
{
    day_str(today_d + next_leave_day, first);
    day_str(today_d + next_leave_day + days - 1, last);
    next_leave_day += days;
}

/* A leave of days days for a cadre of team_a, recorded by county office A as arrived by phone
 * (SPEC A3: routed by its length); returns its id. */
static int64_t leave_record(int64_t person, int days)
{
    char first[11], last[11];
    leave_days(days, first, last);
    Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
    lr.person_id = person;
    lr.first_day = first;
    lr.last_day = last;
    lr.reason = "访问矩阵测试请假";
    lr.channel = "phone";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_REQUEST;
    req.leave_request = &lr;
    Zhucun__Reply *reply = NULL;
    must(zt_call(acct[IN][COUNTY], &req, &reply), "LeaveRequest (recorded)");
    int64_t id = reply->leave_request->leave_id;
    zc_reply_free(reply);
    return id;
}

/* The pending step of leave asking for role (read by the province office). */
static int64_t pending_step(int64_t leave, const char *role)
{
    Zhucun__LeaveShow ls = ZHUCUN__LEAVE_SHOW__INIT;
    ls.id = leave;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_SHOW;
    req.leave_show = &ls;
    Zhucun__Reply *reply = NULL;
    must(zt_call(prov, &req, &reply), "LeaveShow (steps)");
    int64_t step = 0;
    for (size_t i = 0; i < reply->leave->n_steps; i++)
        if (strcmp(reply->leave->steps[i]->status, "pending") == 0 &&
            strcmp(reply->leave->steps[i]->role, role) == 0)
            step = reply->leave->steps[i]->id;
    zc_reply_free(reply);
    if (step == 0)
        fail_msg("setup: leave %lld has no pending %s step", (long long)leave, role);
    return step;
}

static Zhucun__Code decide(struct zc_client *c, int64_t step, const char *decision)
{
    Zhucun__Decide d = ZHUCUN__DECIDE__INIT;
    d.step_id = step;
    d.decision = (char *)decision;
    d.reason = strcmp(decision, "approve") == 0 ? "" : "请补充说明";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DECIDE;
    req.decide = &d;
    return zt_call(c, &req, NULL);
}

/* LeaveEnd before the first day: cancels the request. */
static Zhucun__Code leave_cancel(struct zc_client *c, int64_t leave)
{
    Zhucun__LeaveEnd le = ZHUCUN__LEAVE_END__INIT;
    le.id = leave;
    le.return_day = "";
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LEAVE_END;
    req.leave_end = &le;
    return zt_call(c, &req, NULL);
}

static Zhucun__Code delegation_revoke(struct zc_client *c, int64_t id)
{
    Zhucun__DelegationRevoke dr = ZHUCUN__DELEGATION_REVOKE__INIT;
    dr.id = id;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE;
    req.delegation_revoke = &dr;
    return zt_call(c, &req, NULL);
}

/* The deputy of role k in A: an account holding the same grant (docs/approvals.md). */
static void deputy_name(int k, char out[48])
{
    snprintf(out, 48, "%.40s-dep", acct_name[IN][k]);
}

/* ---- requests ---- */

/* One request and everything it points into. */
struct req {
    Zhucun__Request req;
    Zhucun__OrgShow org_show;
    Zhucun__OrgChildren org_children;
    Zhucun__OrgSearch org_search;
    Zhucun__OrgCreate org_create;
    Zhucun__OrgUnit org_unit;
    Zhucun__OrgUpdate org_update;
    Zhucun__OrgImport org_import;
    Zhucun__UnitCreate unit_create;
    Zhucun__DispatchUnit unit;
    Zhucun__UnitShow unit_show;
    Zhucun__UnitList unit_list;
    Zhucun__UnitUpdate unit_update;
    Zhucun__UserAdd user_add;
    Zhucun__Person person;
    Zhucun__UserShow user_show;
    Zhucun__UserDisable user_disable;
    Zhucun__UserResetPassword user_reset;
    Zhucun__UserGrant user_grant;
    Zhucun__TeamCreate team_create;
    Zhucun__TeamShow team_show;
    Zhucun__TeamMembers team_members;
    Zhucun__TeamAssign team_assign;
    Zhucun__TeamRecall team_recall;
    Zhucun__TeamSetPartyLeader party_leader;
    Zhucun__HouseholdList household_list;
    Zhucun__VisitReport visit_report;
    Zhucun__DutyReport duty_report;
    Zhucun__AttendanceReport attendance_report;
    Zhucun__QueueList queue_list;
    Zhucun__LeaveList leave_list;
    Zhucun__Export export;
    Zhucun__Hello hello;
    Zhucun__Ping ping;
    Zhucun__Login login;
    Zhucun__Logout logout;
    Zhucun__WhoAmI whoami;
    Zhucun__ChangePassword change_password;
    Zhucun__HouseholdCreate household_create;
    Zhucun__Household household;
    Zhucun__HouseholdMember member;
    Zhucun__HouseholdMember *members[1];
    Zhucun__HouseholdShow household_show;
    Zhucun__HouseholdSetState household_set_state;
    Zhucun__HouseholdImport household_import;
    Zhucun__HouseholdUpdate household_update;
    Zhucun__HouseholdMemberAdd household_member_add;
    Zhucun__HouseholdMemberLeave household_member_leave;
    Zhucun__VisitCreate visit_create;
    int64_t cadre_ids[1];
    Zhucun__VisitsDue visits_due;
    Zhucun__DutiesDue duties_due;
    Zhucun__FollowUpList follow_up_list;
    Zhucun__FollowUpUpdate follow_up_update;
    Zhucun__CheckIn check_in;
    Zhucun__OfficialBusinessRecord official_business_record;
    Zhucun__AttendanceWeek attendance_week;
    Zhucun__QueueFollow queue_follow;
    Zhucun__Decide decide;
    Zhucun__LeaveRequest leave_request;
    Zhucun__LeaveShow leave_show;
    Zhucun__ApprovalHistory approval_history;
    Zhucun__LeaveEnd leave_end;
    Zhucun__LeaveResubmit leave_resubmit;
    Zhucun__DelegationCreate delegation_create;
    Zhucun__DelegationList delegation_list;
    Zhucun__DelegationRevoke delegation_revoke;
    Zhucun__AuditVerify audit_verify;
    Zhucun__GuaranteeRecord guarantee_record;
    Zhucun__GuaranteeResolve guarantee_resolve;
    Zhucun__GuaranteeList guarantee_list;
    Zhucun__GuaranteeGaps guarantee_gaps;
    Zhucun__LabourRecord labour_record;
    Zhucun__LabourList labour_list;
    Zhucun__MonitorEnter monitor_enter;
    Zhucun__MonitorRiskInput risk_input;
    Zhucun__MonitorRiskInput *risk_inputs[1];
    Zhucun__MonitorRiskAdd monitor_risk_add;
    Zhucun__MonitorRiskClose monitor_risk_close;
    Zhucun__MeasureAdd measure_add;
    Zhucun__MeasureClose measure_close;
    Zhucun__MonitorReview monitor_review;
    Zhucun__MonitorSignOff monitor_sign_off;
    Zhucun__MonitorShow monitor_show;
    Zhucun__MonitorList monitor_list;
    Zhucun__MonitorStale monitor_stale;
    Zhucun__IncomeRecord income_record;
    Zhucun__IncomeItems income_items;
    Zhucun__IncomeHistory income_history;
    Zhucun__IncomeList income_list;
    Zhucun__IncomePlanSet income_plan_set;
    char *measures[1];
    Zhucun__IncomePlanShow income_plan_show;
    Zhucun__LedgerItemCreate ledger_item_create;
    Zhucun__LedgerItemUpdate ledger_item_update;
    Zhucun__LedgerItemShow ledger_item_show;
    Zhucun__LedgerList ledger_list;
    Zhucun__LedgerBoard ledger_board;
    Zhucun__LedgerFromGaps ledger_from_gaps;
    Zhucun__AttachBegin attach_begin;
    Zhucun__AttachChunk attach_chunk;
    Zhucun__AttachFinish attach_finish;
    Zhucun__AttachLink attach_link;
    Zhucun__AttachList attach_list;
    Zhucun__AttachGet attach_get;
    ProtobufCBinaryData attach_shas[1];
    uint8_t attach_sha[32];
    Zhucun__PointsDeedSet points_deed_set;
    Zhucun__PointsGoodSet points_good_set;
    Zhucun__PointsAward points_award;
    Zhucun__PointsDonate points_donate;
    Zhucun__PointsDonationItem donation_item;
    Zhucun__PointsDonationItem *donation_items[1];
    Zhucun__PointsRedeem points_redeem;
    Zhucun__PointsCorrect points_correct;
    Zhucun__PointsShop points_shop;
    Zhucun__PointsHistory points_history;
    Zhucun__PointsReport points_report;
    Zhucun__PointsCheck points_check;
    Zhucun__ServiceCaseCreate service_case_create;
    Zhucun__ServiceCaseStep service_case_step;
    Zhucun__ServiceCaseClose service_case_close;
    Zhucun__ServiceCaseList service_case_list;
    Zhucun__ServiceCaseShow service_case_show;
    Zhucun__ServiceReport service_report;
    Zhucun__ContestRoundOpen contest_round_open;
    Zhucun__ContestEnter contest_enter;
    Zhucun__ContestResult contest_result;
    Zhucun__ContestList contest_list;
    Zhucun__QuizCreate quiz_create;
    Zhucun__QuizQuestion quiz_question;
    Zhucun__QuizQuestion *quiz_questions[1];
    Zhucun__QuizScore quiz_score;
    Zhucun__QuizShow quiz_show;
    Zhucun__QuizReport quiz_report;
    Zhucun__VideoRecord video_record;
    Zhucun__VideoList video_list;
    Zhucun__BroadcastRecord broadcast_record;
    Zhucun__BroadcastList broadcast_list;
    Zhucun__PurchaseRecord purchase_record;
    Zhucun__PurchaseList purchase_list;
    Zhucun__ContractRecord contract_record;
    Zhucun__ContractList contract_list;
    Zhucun__QuotaProgress quota_progress;
    Zhucun__StarsCompute stars_compute;
    Zhucun__StarsAdjust stars_adjust;
    Zhucun__StarsFile stars_file;
    Zhucun__StarsStatus stars_status;
    Zhucun__StarsList stars_list;
    Zhucun__StarsCodes stars_codes;
    Zhucun__CadrePointsRate cadre_points_rate;
    Zhucun__CadrePointsAdd cadre_points_add;
    Zhucun__CadrePointsHistory cadre_points_history;
    Zhucun__CadrePointsRanking cadre_points_ranking;
    Zhucun__CadrePointsFile cadre_points_file;
    Zhucun__AssessRoundOpen assess_round_open;
    Zhucun__AssessRoundShow assess_round_show;
    Zhucun__AssessScoreSet assess_score_set;
    Zhucun__AssessRank assess_rank;
    Zhucun__AssessGradeOverride assess_grade_override;
    Zhucun__AssessSubmit assess_submit;
    Zhucun__AssessList assess_list;
    Zhucun__AssessRanking assess_ranking;
    Zhucun__StudyRecord study_record;
    int64_t study_people[1];
    Zhucun__StudyList study_list;
    Zhucun__StudyMissed study_missed;
    Zhucun__TrainingSessionAdd training_session_add;
    Zhucun__TrainingAttend training_attend;
    int64_t training_people[1];
    Zhucun__TrainingList training_list;
    Zhucun__TrainingUntrained training_untrained;
    Zhucun__TrainingShort training_short;
    Zhucun__UnitSupervisionRecord unit_supervision_record;
    Zhucun__UnitsBehind units_behind;
    Zhucun__UnitSupervisionList unit_supervision_list;
    Zhucun__LookbackCampaignCreate lookback_campaign_create;
    Zhucun__LookbackReview lookback_review;
    Zhucun__LookbackList lookback_list;
    Zhucun__LookbackProgress lookback_progress;
    Zhucun__ProjectImport project_import;
    Zhucun__AssetSet asset_set;
    Zhucun__AssetMaintain asset_maintain;
    Zhucun__AssetIncome asset_income;
    Zhucun__WelfarePostSet welfare_post_set;
    Zhucun__WelfarePostEnd welfare_post_end;
    Zhucun__AssetList asset_list;
    Zhucun__AssetShow asset_show;
    Zhucun__WelfarePostList welfare_post_list;
    Zhucun__AssetDividends asset_dividends;
    Zhucun__ProjectFocusSet project_focus_set;
    Zhucun__ProjectTaskAdd project_task_add;
    Zhucun__ProjectTaskUpdate project_task_update;
    Zhucun__ProjectProgressReport project_progress_report;
    Zhucun__ProjectTargetSet project_target_set;
    Zhucun__ProjectTargetMonitor project_target_monitor;
    Zhucun__ProjectPlanShow project_plan_show;
    Zhucun__DisbursementRequest disbursement_request;
    Zhucun__DisbursementList disbursement_list;
    Zhucun__ProjectBuildList project_build_list;
    Zhucun__ProjectCreate project_create;
    Zhucun__ProjectUpdate project_update;
    Zhucun__ProjectShow project_show;
    Zhucun__ProjectList project_list;
    Zhucun__ProjectTransition project_transition;
    Zhucun__ProjectBoard project_board;
    Zhucun__InspectionRecord inspection_record;
    Zhucun__FindingAdd finding_add;
    Zhucun__InspectionList inspection_list;
    Zhucun__InspectionShow inspection_show;
    Zhucun__CircularIssue circular_issue;
    Zhucun__CircularList circular_list;
    Zhucun__CircularGet circular_get;
    char *inspection_villages[1];
    int64_t inspection_teams[1];
    Zhucun__ProjectFund project_fund;
    Zhucun__ProjectFund *project_funds[1];
    char *project_villages[1];
    char code[19]; /* an org code, or an ID number */
    char text[3][400];
    /* Set by a build that sends the call itself rather than on the account's connection (the
     * session calls that need a connection of their own); returns the code and sets *problem
     * as an after function would. */
    Zhucun__Code (*run)(int side, int role, struct req *q, const char **problem);
    Zhucun__NoticeSend notice_send;
    Zhucun__NoticeList notice_list;
    Zhucun__NoticeShow notice_show;
    Zhucun__NoticeReply notice_reply;
    Zhucun__NoticeSent notice_sent;
    Zhucun__NoticeReport notice_report;
    Zhucun__NoticePending notice_pending;
    Zhucun__NoticeRemind notice_remind;
    Zhucun__NoticeCount notice_count;
    Zhucun__NoticeFollow notice_follow;
    Zhucun__TaskSend task_send;
    Zhucun__TaskList task_list;
    Zhucun__TaskShow task_show;
    Zhucun__TaskReport task_report;
    Zhucun__TaskBoard task_board;
    Zhucun__TaskLedger task_ledger;
    Zhucun__TaskSent task_sent;
    Zhucun__DiaryWrite diary_write;
    Zhucun__DiaryDay diary_day;
    Zhucun__DiaryList diary_list;
    Zhucun__DiaryMissing diary_missing;
    Zhucun__AllowanceCompute allowance_compute;
    Zhucun__AllowanceConfirm allowance_confirm;
    Zhucun__AllowanceSubmit allowance_submit;
    Zhucun__AllowanceCorrect allowance_correct;
    Zhucun__AllowanceShow allowance_show;
    Zhucun__AllowanceList allowance_list;
    Zhucun__OfficialBusinessList official_business_list; /* issue 24 (s24-daily) */
    int64_t allowance_ids[1];
    char allowance_month[8];
    Zhucun__AllowanceRateSet allowance_rate_set;
    Zhucun__AllowanceRateList allowance_rate_list;
};

#define BODY(q, CASE, field)                                                                       \
    do {                                                                                           \
        (q)->req.body_case = ZHUCUN__REQUEST__BODY_##CASE;                                         \
        (q)->req.field = &(q)->field;                                                              \
    } while (0)

static void b_org_show(struct req *q)
{
    zhucun__org_show__init(&q->org_show);
    q->org_show.code = A_VIL1;
    BODY(q, ORG_SHOW, org_show);
}

static void b_org_children_village(struct req *q)
{
    zhucun__org_children__init(&q->org_children);
    q->org_children.code = A_VIL1;
    BODY(q, ORG_CHILDREN, org_children);
}

static void b_org_children_township(struct req *q)
{
    zhucun__org_children__init(&q->org_children);
    q->org_children.code = A_TWP;
    BODY(q, ORG_CHILDREN, org_children);
}

static void b_org_search(struct req *q)
{
    zhucun__org_search__init(&q->org_search);
    q->org_search.query = "测试一村";
    q->org_search.under = A_VIL1;
    BODY(q, ORG_SEARCH, org_search);
}

static void b_org_create(struct req *q)
{
    zhucun__org_create__init(&q->org_create);
    zhucun__org_unit__init(&q->org_unit);
    snprintf(q->code, sizeof(q->code), "140105001%03d", next_village++);
    snprintf(q->text[0], sizeof(q->text[0]), "新建村%d", seq);
    q->org_unit.code = q->code;
    q->org_unit.name = q->text[0];
    q->org_unit.level = 5;
    q->org_create.unit = &q->org_unit;
    BODY(q, ORG_CREATE, org_create);
}

static void b_org_update(struct req *q)
{
    zhucun__org_update__init(&q->org_update);
    snprintf(q->text[0], sizeof(q->text[0]), "测试二村（更名%d）", seq);
    q->org_update.code = A_VIL2;
    q->org_update.name = q->text[0];
    BODY(q, ORG_UPDATE, org_update);
}

static void b_org_import(struct req *q)
{
    zhucun__org_import__init(&q->org_import);
    snprintf(q->text[0], sizeof(q->text[0]), "code,name,level\n140105001%03d,导入村%d,village\n",
             next_village++, seq);
    q->org_import.csv = q->text[0];
    BODY(q, ORG_IMPORT, org_import);
}

static void b_unit_create(struct req *q)
{
    zhucun__unit_create__init(&q->unit_create);
    zhucun__dispatch_unit__init(&q->unit);
    snprintf(q->text[0], sizeof(q->text[0]), "小店区新单位%d", seq);
    q->unit.name = q->text[0];
    q->unit.level = "county";
    q->unit.org_code = A_COUNTY;
    q->unit_create.unit = &q->unit;
    BODY(q, UNIT_CREATE, unit_create);
}

static void b_unit_show(struct req *q)
{
    zhucun__unit_show__init(&q->unit_show);
    q->unit_show.id = unit_a;
    BODY(q, UNIT_SHOW, unit_show);
}

static void b_unit_list(struct req *q)
{
    zhucun__unit_list__init(&q->unit_list);
    q->unit_list.org_code = A_COUNTY;
    BODY(q, UNIT_LIST, unit_list);
}

static void b_unit_update(struct req *q)
{
    zhucun__unit_update__init(&q->unit_update);
    snprintf(q->text[0], sizeof(q->text[0]), "演示领导%d", seq);
    q->unit_update.id = unit_a;
    q->unit_update.leader_name = q->text[0];
    BODY(q, UNIT_UPDATE, unit_update);
}

static void b_user_add(struct req *q)
{
    zhucun__user_add__init(&q->user_add);
    zhucun__person__init(&q->person);
    snprintf(q->text[0], sizeof(q->text[0]), "new-%d", seq);
    q->person.name = q->text[0];
    q->person.org_code = A_VIL1;
    q->user_add.username = q->text[0];
    q->user_add.person = &q->person;
    q->user_add.role = "cadre";
    BODY(q, USER_ADD, user_add);
}

/* A unit_admin account in A for B's unit: the person and the scope lie in A, the unit not. */
static void b_user_add_foreign_unit(struct req *q)
{
    b_user_add(q);
    snprintf(q->text[0], sizeof(q->text[0]), "uadm-new-%d", seq);
    q->person.org_code = A_COUNTY;
    q->person.unit_id = unit_b;
    q->user_add.role = "unit_admin";
}

static void b_user_show(struct req *q)
{
    zhucun__user_show__init(&q->user_show);
    q->user_show.username = TARGET_USER;
    BODY(q, USER_SHOW, user_show);
}

static void b_user_disable(struct req *q)
{
    zhucun__user_disable__init(&q->user_disable);
    q->user_disable.username = TARGET_USER;
    BODY(q, USER_DISABLE, user_disable);
}

static void b_user_reset(struct req *q)
{
    zhucun__user_reset_password__init(&q->user_reset);
    q->user_reset.username = TARGET_USER;
    q->req.body_case = ZHUCUN__REQUEST__BODY_USER_RESET_PASSWORD;
    q->req.user_reset_password = &q->user_reset;
}

static void b_user_grant(struct req *q)
{
    zhucun__user_grant__init(&q->user_grant);
    q->user_grant.username = TARGET_USER;
    q->user_grant.role = "team_captain";
    q->user_grant.scope_code = A_VIL1;
    BODY(q, USER_GRANT, user_grant);
}

static void b_user_grant_foreign_unit(struct req *q)
{
    b_user_grant(q);
    q->user_grant.role = "unit_admin";
    q->user_grant.scope_code = A_COUNTY;
    q->user_grant.unit_id = unit_b;
}

static void b_team_create(struct req *q)
{
    if (fresh_village[0] == '\0')
        new_village(fresh_village);
    zhucun__team_create__init(&q->team_create);
    snprintf(q->text[0], sizeof(q->text[0]), "新驻村工作队%d", seq);
    q->team_create.kind = "village";
    q->team_create.org_code = fresh_village;
    q->team_create.name = q->text[0];
    BODY(q, TEAM_CREATE, team_create);
}

static void b_team_show(struct req *q)
{
    zhucun__team_show__init(&q->team_show);
    q->team_show.id = team_a;
    BODY(q, TEAM_SHOW, team_show);
}

static void b_team_members(struct req *q)
{
    zhucun__team_members__init(&q->team_members);
    q->team_members.team_id = team_a;
    q->team_members.history = 1;
    BODY(q, TEAM_MEMBERS, team_members);
}

static void b_team_assign(struct req *q)
{
    if (fresh_person_a == 0)
        fresh_person_a = new_person(A_VIL1);
    zhucun__team_assign__init(&q->team_assign);
    q->team_assign.team_id = team_a;
    q->team_assign.person_id = fresh_person_a;
    q->team_assign.post = "member";
    q->team_assign.unit_id = unit_a;
    BODY(q, TEAM_ASSIGN, team_assign);
}

/* A person whose record lies in B, into A's team. */
static void b_team_assign_foreign_person(struct req *q)
{
    if (fresh_person_b == 0)
        fresh_person_b = new_person(B_VIL);
    b_team_assign(q);
    q->team_assign.person_id = fresh_person_b;
}

/* A person whose record lies in B and who serves in B's team, into A's team. */
static void b_team_assign_serving_foreign_person(struct req *q)
{
    b_team_assign(q);
    q->team_assign.person_id = party_b1;
}

static void b_team_recall(struct req *q)
{
    if (fresh_membership == 0)
        fresh_membership = assign(team_a, new_person(A_VIL1), unit_a);
    zhucun__team_recall__init(&q->team_recall);
    q->team_recall.membership_id = fresh_membership;
    q->team_recall.reason = "recall";
    q->team_recall.note = "访问矩阵测试召回";
    BODY(q, TEAM_RECALL, team_recall);
}

static void b_party_leader(struct req *q)
{
    zhucun__team_set_party_leader__init(&q->party_leader);
    q->party_leader.team_id = team_a;
    q->party_leader.person_id = seq % 2 ? party_a1 : party_a2;
    q->req.body_case = ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER;
    q->req.team_set_party_leader = &q->party_leader;
}

/* ---- after an OK answer: check the reply, undo the write, note what was used up ----
 * Each returns NULL, or what is wrong. */

static const char *a_org_unit(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_ORG_UNIT && strcmp(r->org_unit->code, A_VIL1) == 0
               ? NULL
               : "OrgShow answered another unit";
}

static const char *a_org_list_empty(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_ORG_LIST && r->org_list->n_units == 0
               ? NULL
               : "a village has no children";
}

static const char *a_org_list_villages(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_ORG_LIST || r->org_list->n_units < 2)
        return "the township's villages are missing";
    for (size_t i = 0; i < r->org_list->n_units; i++)
        if (strncmp(r->org_list->units[i]->code, "140105001", 9) != 0)
            return "a unit outside the township";
    return NULL;
}

static const char *a_org_search(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_ORG_LIST && r->org_list->n_units == 1 &&
                   strcmp(r->org_list->units[0]->code, A_VIL1) == 0
               ? NULL
               : "OrgSearch did not find exactly the village";
}

static const char *a_unit_show(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_UNIT && r->unit->id == unit_a
               ? NULL
               : "UnitShow answered another unit";
}

static const char *a_unit_list(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    int found = 0;
    if (r->body_case != ZHUCUN__REPLY__BODY_UNIT_LIST)
        return "no unit list";
    for (size_t i = 0; i < r->unit_list->n_units; i++) {
        found |= r->unit_list->units[i]->id == unit_a;
        if (strncmp(r->unit_list->units[i]->org_code, "140105", 6) != 0)
            return "a unit outside the county";
    }
    return found ? NULL : "A's unit is missing";
}

static const char *a_user_show(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_USER_SHOW &&
                   strcmp(r->user_show->person->username, TARGET_USER) == 0
               ? NULL
               : "UserShow answered another account";
}

static const char *a_user_enable(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)r;
    q->user_disable.enable = 1;
    return zt_call(c, &q->req, NULL) == ZHUCUN__CODE__OK ? NULL : "re-enabling failed";
}

static const char *a_user_reset(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_USER_RESET_PASSWORD &&
                   strlen(r->user_reset_password->initial_password) >= 10
               ? NULL
               : "no initial password";
}

static const char *a_user_revoke(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)r;
    q->user_grant.revoke = 1;
    return zt_call(c, &q->req, NULL) == ZHUCUN__CODE__OK ? NULL : "revoking failed";
}

static const char *a_team_created(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    (void)r;
    fresh_village[0] = '\0';
    return NULL;
}

static const char *a_team(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_TEAM && r->team->id == team_a &&
                   r->team->n_members >= 2
               ? NULL
               : "not A's team with its members";
}

static const char *a_assigned(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)r;
    if (q->team_assign.person_id == fresh_person_a)
        fresh_person_a = 0;
    else
        fresh_person_b = 0;
    return NULL;
}

/* A recall goes to the approval engine (county office and unit A decide): pending. */
static const char *a_recalled(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    fresh_membership = 0;
    if (r->team_recall == NULL || strcmp(r->team_recall->status, "pending") != 0 ||
        r->team_recall->approval_id <= 0)
        return "not a recall pending approval";
    return NULL;
}

/* ---- the later issues' calls (reads: no fixture is used up) ---- */

static void b_household_list(struct req *q)
{
    zhucun__household_list__init(&q->household_list);
    q->household_list.village_code = A_VIL1;
    BODY(q, HOUSEHOLD_LIST, household_list);
}

static void b_visit_report(struct req *q)
{
    zhucun__visit_report__init(&q->visit_report);
    time_t now = zc_clock_now() + 8 * 3600; /* the month in Asia/Shanghai */
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(q->text[0], sizeof(q->text[0]), "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
    q->visit_report.org_code = A_COUNTY;
    q->visit_report.period = q->text[0];
    BODY(q, VISIT_REPORT, visit_report);
}

static void b_duty_report(struct req *q)
{
    zhucun__duty_report__init(&q->duty_report);
    time_t now = zc_clock_now() + 8 * 3600; /* the month in Asia/Shanghai */
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(q->text[0], sizeof(q->text[0]), "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
    q->duty_report.org_code = A_COUNTY;
    q->duty_report.period = q->text[0];
    BODY(q, DUTY_REPORT, duty_report);
}

static void b_attendance_report(struct req *q)
{
    zhucun__attendance_report__init(&q->attendance_report);
    q->attendance_report.org_code = A_COUNTY;
    BODY(q, ATTENDANCE_REPORT, attendance_report);
}

static void b_queue_list(struct req *q)
{
    zhucun__queue_list__init(&q->queue_list);
    BODY(q, QUEUE_LIST, queue_list);
}

static void b_leave_list(struct req *q)
{
    zhucun__leave_list__init(&q->leave_list);
    BODY(q, LEAVE_LIST, leave_list);
}

/* The first part of the streamed reply carries the status; the rest is read here so that the
 * connection is clean for the next row. */
static const char *a_export_drain(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)q;
    int more = r->more;
    uint64_t id = r->id;
    while (more) {
        Zhucun__Reply *next = NULL;
        struct zc_error err;
        if (zc_recv(c, &next, 10000, &err) != 0)
            return "the rest of the export did not come";
        if (next->id == id)
            more = next->more;
        zc_reply_free(next);
    }
    return NULL;
}

static void b_export(struct req *q)
{
    zhucun__export__init(&q->export);
    q->export.kind = "households";
    q->export.scope_code = A_COUNTY;
    q->export.limit = 1;
    BODY(q, EXPORT, export);
}

/* ---- the session calls: every role, its own session ---- */

/* Hello is the first request of a connection: a fresh one, resuming the account's session
 * (zc_connect sends it, with q's client name and session token). The session must then
 * answer WhoAmI. */
static Zhucun__Code run_hello(int s, int k, struct req *q, const char **problem)
{
    struct zc_options o;
    struct zc_client *c = NULL;
    struct zc_error err = {0};
    zt_options(&srv, &o);
    o.client_name = q->hello.client_name;
    o.session_token = q->hello.session_token;
    (void)s;
    (void)k;
    if (zc_connect(&o, &c, &err) != 0)
        return err.code;
    if (zc_hello(c) == NULL || zt_whoami(c) != ZHUCUN__CODE__OK)
        *problem = "the session resumed by Hello does not answer WhoAmI";
    zc_close(c);
    return ZHUCUN__CODE__OK;
}

static void b_hello(struct req *q)
{
    zhucun__hello__init(&q->hello);
    q->hello.client_name = "zhucun-tests";
    q->hello.session_token = token[cur_side][cur_role];
    BODY(q, HELLO, hello);
    q->run = run_hello;
}

static void b_ping(struct req *q)
{
    zhucun__ping__init(&q->ping);
    q->ping.payload.data = (uint8_t *)"matrix";
    q->ping.payload.len = 6;
    BODY(q, PING, ping);
}

static const char *a_ping(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_PING && r->ping->payload.len == 6 &&
                   memcmp(r->ping->payload.data, "matrix", 6) == 0
               ? NULL
               : "Ping did not echo the payload";
}

/* Login on a fresh connection, so that the account's own session is not replaced. */
static Zhucun__Code run_login(int s, int k, struct req *q, const char **problem)
{
    struct zc_client *c = zt_connect(&srv, NULL);
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(c, &q->req, &reply);
    (void)s;
    (void)k;
    if (code == ZHUCUN__CODE__OK && (reply->body_case != ZHUCUN__REPLY__BODY_LOGIN ||
                                     strlen(reply->login->session_token) != 64))
        *problem = "Login answered no session token";
    zc_reply_free(reply);
    zc_close(c);
    return code;
}

static void b_login(struct req *q)
{
    zhucun__login__init(&q->login);
    q->login.username = acct_name[cur_side][cur_role];
    q->login.password = PW;
    BODY(q, LOGIN, login);
    q->run = run_login;
}

/* Logout of a session of the account's own, made for it on a fresh connection; after it the
 * connection is no longer signed in. */
static Zhucun__Code run_logout(int s, int k, struct req *q, const char **problem)
{
    struct zc_client *c = zt_connect(&srv, NULL);
    Zhucun__Reply *reply = NULL;
    struct zc_error err;
    if (zc_login(c, acct_name[s][k], PW, &reply, &err) != 0)
        fail_msg("Logout row: login as %s failed: %s", acct_name[s][k], err.message);
    zc_reply_free(reply);
    Zhucun__Code code = zt_call(c, &q->req, NULL);
    if (code == ZHUCUN__CODE__OK && zt_whoami(c) != ZHUCUN__CODE__UNAUTHENTICATED)
        *problem = "the session still answers WhoAmI after Logout";
    zc_close(c);
    return code;
}

static void b_logout(struct req *q)
{
    zhucun__logout__init(&q->logout);
    BODY(q, LOGOUT, logout);
    q->run = run_logout;
}

static void b_whoami(struct req *q)
{
    zhucun__who_am_i__init(&q->whoami);
    BODY(q, WHOAMI, whoami);
}

static const char *a_whoami(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_WHOAMI &&
                   strcmp(r->whoami->username, acct_name[cur_side][cur_role]) == 0
               ? NULL
               : "WhoAmI answered another account";
}

static void b_change_password(struct req *q)
{
    zhucun__change_password__init(&q->change_password);
    q->change_password.old_password = PW;
    q->change_password.new_password = PW2;
    BODY(q, CHANGE_PASSWORD, change_password);
}

static const char *a_password_back(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)r;
    q->change_password.old_password = PW2;
    q->change_password.new_password = PW;
    return zt_call(c, &q->req, NULL) == ZHUCUN__CODE__OK ? NULL : "changing it back failed";
}

/* ---- households (docs/household-import.md: written by the county office, the township and
 * the village's team; read also by offices above, the county captain and the inspector) ---- */

/* A household of village A1 with a fresh head. */
static void b_household_create(struct req *q)
{
    zhucun__household_create__init(&q->household_create);
    zhucun__household__init(&q->household);
    zhucun__household_member__init(&q->member);
    fresh_id(q->text[1]);
    q->member.name = "矩阵户主";
    q->member.relation = "head";
    q->member.id_number = q->text[1];
    q->member.labour = "full";
    q->member.health = "healthy";
    q->members[0] = &q->member;
    q->household.village_code = A_VIL1;
    q->household.category = "ordinary";
    q->household.n_members = 1;
    q->household.members = q->members;
    q->household_create.household = &q->household;
    BODY(q, HOUSEHOLD_CREATE, household_create);
}

static const char *a_household_created(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_HOUSEHOLD && r->household->id > 0
               ? NULL
               : "no household id";
}

static void b_household_show(struct req *q)
{
    zhucun__household_show__init(&q->household_show);
    q->household_show.id = hh_a;
    BODY(q, HOUSEHOLD_SHOW, household_show);
}

static const char *a_household_show(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_HOUSEHOLD && r->household->id == hh_a &&
                   r->household->n_members >= 1
               ? NULL
               : "HouseholdShow answered another household";
}

static void b_household_set_state(struct req *q)
{
    zhucun__household_set_state__init(&q->household_set_state);
    q->household_set_state.id = hh_a;
    q->household_set_state.category = seq % 2 ? "monitored" : "poverty_alleviated";
    q->household_set_state.note = "访问矩阵测试";
    BODY(q, HOUSEHOLD_SET_STATE, household_set_state);
}

/* A file of one household of village A1 with a fresh head. */
static void b_household_import(struct req *q)
{
    zhucun__household_import__init(&q->household_import);
    fresh_id(q->code);
    snprintf(q->text[0], sizeof(q->text[0]),
             "household_ref,village_code,address,phone,category,absent,since,name,relation,"
             "id_number,labour,health,member_phone\n"
             "1,%s,一组,,ordinary,no,2025-01-01,导入户主%d,head,%s,full,healthy,\n",
             A_VIL1, seq, q->code);
    q->household_import.csv = q->text[0];
    BODY(q, HOUSEHOLD_IMPORT, household_import);
}

static const char *a_household_imported(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_HOUSEHOLD_IMPORT &&
                   r->household_import->households == 1 && r->household_import->members == 1
               ? NULL
               : "the import did not write one household with one member";
}

static void b_household_update(struct req *q)
{
    zhucun__household_update__init(&q->household_update);
    snprintf(q->text[0], sizeof(q->text[0]), "1390000%04d", seq % 10000);
    q->household_update.id = hh_a;
    q->household_update.set_phone = 1;
    q->household_update.phone = q->text[0];
    BODY(q, HOUSEHOLD_UPDATE, household_update);
}

static void b_member_add(struct req *q)
{
    zhucun__household_member_add__init(&q->household_member_add);
    zhucun__household_member__init(&q->member);
    fresh_id(q->text[1]);
    q->member.name = "矩阵成员";
    q->member.relation = "child";
    q->member.id_number = q->text[1];
    q->member.labour = "full";
    q->member.health = "healthy";
    q->household_member_add.household_id = hh_a;
    q->household_member_add.member = &q->member;
    BODY(q, HOUSEHOLD_MEMBER_ADD, household_member_add);
}

static const char *a_member_added(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_HOUSEHOLD_MEMBER && r->household_member->id > 0
               ? NULL
               : "no member id";
}

/* A member of hh_a who has not left, moving out today. */
static void b_member_leave(struct req *q)
{
    if (fresh_member == 0)
        fresh_member = member_add(hh_a);
    zhucun__household_member_leave__init(&q->household_member_leave);
    q->household_member_leave.household_id = hh_a;
    q->household_member_leave.member_id = fresh_member;
    q->household_member_leave.reason = "moved_out";
    BODY(q, HOUSEHOLD_MEMBER_LEAVE, household_member_leave);
}

static const char *a_member_left(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    (void)r;
    fresh_member = 0;
    return NULL;
}

/* ---- visits and follow-up items (docs/visit-rules.md: logged by the teams) ---- */

/* A phone visit to hh_a today with a serving member of team_a present. */
static void b_visit_create(struct req *q)
{
    zhucun__visit_create__init(&q->visit_create);
    q->cadre_ids[0] = party_a1;
    q->visit_create.household_id = hh_a;
    q->visit_create.visit_date = today_s;
    q->visit_create.mode = "phone";
    q->visit_create.n_cadre_ids = 1;
    q->visit_create.cadre_ids = q->cadre_ids;
    q->visit_create.notes = "访问矩阵测试走访";
    BODY(q, VISIT_CREATE, visit_create);
}

static const char *a_visit_created(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_VISIT_CREATE && r->visit_create->visit_id > 0
               ? NULL
               : "no visit id";
}

static void b_visits_due(struct req *q)
{
    zhucun__visits_due__init(&q->visits_due);
    BODY(q, VISITS_DUE, visits_due);
}

static void b_duties_due(struct req *q)
{
    zhucun__duties_due__init(&q->duties_due);
    BODY(q, DUTIES_DUE, duties_due);
}

static void b_follow_up_list_org(struct req *q)
{
    zhucun__follow_up_list__init(&q->follow_up_list);
    q->follow_up_list.org_code = A_VIL1;
    BODY(q, FOLLOW_UP_LIST, follow_up_list);
}

static void b_follow_up_list_team(struct req *q)
{
    zhucun__follow_up_list__init(&q->follow_up_list);
    q->follow_up_list.team_id = team_a;
    BODY(q, FOLLOW_UP_LIST, follow_up_list);
}

/* A reader in scope finds A1's open item (a unit admin reads the team, not the village's
 * households' items: its list is not checked). */
static const char *a_follow_up_list(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_FOLLOW_UP_LIST)
        return "no item list";
    int found = 0;
    for (size_t i = 0; i < r->follow_up_list->n_items; i++) {
        found |= r->follow_up_list->items[i]->id == item_a;
        if (strcmp(r->follow_up_list->items[i]->village_code, A_VIL1) != 0)
            return "an item of another village";
    }
    return found || cur_role == UADM ? NULL : "A1's open item is missing";
}

static void b_follow_up_update(struct req *q)
{
    zhucun__follow_up_update__init(&q->follow_up_update);
    q->follow_up_update.id = item_a;
    q->follow_up_update.status = seq % 2 ? "in_progress" : "open";
    q->follow_up_update.note = "访问矩阵测试跟进";
    BODY(q, FOLLOW_UP_UPDATE, follow_up_update);
}

/* ---- attendance (docs/attendance-rules.md) ---- */

/* The caller's own check-in, well formed (any position is stored, flagged when suspicious). */
static void b_check_in(struct req *q)
{
    zhucun__check_in__init(&q->check_in);
    q->check_in.lat = 37.85;
    q->check_in.lon = 112.55;
    q->check_in.accuracy_m = 10;
    q->check_in.device_id = "access-matrix";
    q->check_in.client_time = (int64_t)zc_clock_now();
    BODY(q, CHECK_IN, check_in);
}

static const char *a_checked_in(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_CHECK_IN && r->check_in->id > 0 ? NULL
                                                                               : "no check-in id";
}

/* A day of official business for party_a2, serving in team_a from today: a day not recorded
 * before. */
static void b_official_business(struct req *q)
{
    zhucun__official_business_record__init(&q->official_business_record);
    day_str(today_d + next_business_day, q->text[0]);
    q->official_business_record.person_id = party_a2;
    q->official_business_record.date = q->text[0];
    q->official_business_record.note = "访问矩阵测试公务";
    BODY(q, OFFICIAL_BUSINESS_RECORD, official_business_record);
}

static const char *a_business_recorded(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    next_business_day++;
    return r->body_case == ZHUCUN__REPLY__BODY_OFFICIAL_BUSINESS && r->official_business->id > 0
               ? NULL
               : "no record id";
}

static void b_attendance_week_other(struct req *q)
{
    zhucun__attendance_week__init(&q->attendance_week);
    q->attendance_week.person_id = party_a1;
    BODY(q, ATTENDANCE_WEEK, attendance_week);
}

static void b_attendance_week_own(struct req *q)
{
    zhucun__attendance_week__init(&q->attendance_week);
    BODY(q, ATTENDANCE_WEEK, attendance_week);
}

static const char *a_week(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    int64_t who =
        q->attendance_week.person_id ? q->attendance_week.person_id : person_of[cur_side][cur_role];
    return r->body_case == ZHUCUN__REPLY__BODY_ATTENDANCE_WEEK &&
                   r->attendance_week->person_id == who && r->attendance_week->n_days == 7
               ? NULL
               : "another person's week, or not seven days";
}

/* ---- approvals and leave (docs/approvals.md) ---- */

/* QueueFollow on a fresh connection resuming the account's session, closed after: pushed
 * items (Reply id 0) would otherwise arrive on the account's connection between the replies
 * of the rows that follow, and zc_call, which stashes a reply that is not its own, then
 * reads that stashed reply again instead of the socket until it times out. */
static Zhucun__Code run_queue_follow(int s, int k, struct req *q, const char **problem)
{
    struct zc_client *c = zt_connect(&srv, token[s][k]);
    Zhucun__Code code = zt_call(c, &q->req, NULL);
    (void)problem;
    zc_close(c);
    return code;
}

static void b_queue_follow(struct req *q)
{
    zhucun__queue_follow__init(&q->queue_follow);
    BODY(q, QUEUE_FOLLOW, queue_follow);
    q->run = run_queue_follow;
}

/* A pending step of a fresh leave of party_a1: 1 day goes to the township, 2 days to the
 * county office, 3 days to the county office and the unit together (SPEC A3). */
static void b_decide(struct req *q, int which)
{
    static const char *const role[] = {"township", "county_office", "unit_admin"};
    if (fresh_step[which] == 0)
        fresh_step[which] = pending_step(leave_record(party_a1, which + 1), role[which]);
    zhucun__decide__init(&q->decide);
    q->decide.step_id = fresh_step[which];
    q->decide.decision = "approve";
    BODY(q, DECIDE, decide);
}

static void b_decide_township(struct req *q)
{
    b_decide(q, STEP_TWP);
}

static void b_decide_county(struct req *q)
{
    b_decide(q, STEP_COUNTY);
}

static void b_decide_unit(struct req *q)
{
    b_decide(q, STEP_UNIT);
}

static const char *a_decided(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    for (int i = 0; i < 3; i++)
        if (fresh_step[i] == q->decide.step_id)
            fresh_step[i] = 0;
    return r->body_case == ZHUCUN__REPLY__BODY_DECIDE ? NULL : "no approval status";
}

/* The caller's own request (person_id 0), one fresh day. */
static void b_leave_request_own(struct req *q)
{
    zhucun__leave_request__init(&q->leave_request);
    leave_days(1, q->text[0], q->text[1]);
    q->leave_request.first_day = q->text[0];
    q->leave_request.last_day = q->text[1];
    q->leave_request.reason = "访问矩阵测试请假";
    BODY(q, LEAVE_REQUEST, leave_request);
}

/* A request recorded for party_a2 (team_a), which came by phone. */
static void b_leave_request_recorded(struct req *q)
{
    b_leave_request_own(q);
    q->leave_request.person_id = party_a2;
    q->leave_request.channel = "phone";
}

/* Undo: the submitter cancels the request before its first day. */
static const char *a_leave_requested(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_LEAVE_REQUEST || r->leave_request->leave_id <= 0)
        return "no leave id";
    return leave_cancel(c, r->leave_request->leave_id) == ZHUCUN__CODE__OK ? NULL
                                                                           : "cancelling it failed";
}

/* The leave requests of party_a1, a cadre of A1. */
static void b_leave_list_person(struct req *q)
{
    zhucun__leave_list__init(&q->leave_list);
    q->leave_list.person_id = party_a1;
    BODY(q, LEAVE_LIST, leave_list);
}

static const char *a_leave_list_person(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_LEAVE_LIST)
        return "no leave list";
    int found = 0;
    for (size_t i = 0; i < r->leave_list->n_leaves; i++) {
        found |= r->leave_list->leaves[i]->id == show_leave;
        if (r->leave_list->leaves[i]->person_id != party_a1)
            return "another person's leave";
    }
    return found ? NULL : "the pending 3-day leave is missing";
}

static void b_approval_history(struct req *q)
{
    zhucun__approval_history__init(&q->approval_history);
    q->approval_history.subject_kind = "leave";
    q->approval_history.subject_id = show_leave;
    BODY(q, APPROVAL_HISTORY, approval_history);
}

static const char *a_approval_history(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    const Zhucun__ApprovalHistoryReply *h = r->approval_history;
    if (h == NULL || h->n_approvals != 1 || strcmp(h->approvals[0]->subject_kind, "leave") != 0 ||
        h->approvals[0]->subject_id != show_leave || h->approvals[0]->n_steps != 2)
        return "not the leave's one approval with its two parallel steps";
    return NULL;
}

static void b_leave_show(struct req *q)
{
    zhucun__leave_show__init(&q->leave_show);
    q->leave_show.id = show_leave;
    BODY(q, LEAVE_SHOW, leave_show);
}

static const char *a_leave_show(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_LEAVE && r->leave->id == show_leave &&
                   r->leave->n_steps == 2
               ? NULL
               : "not the leave with its two steps";
}

/* Cancels a pending request of party_a2 before its first day. */
static void b_leave_end(struct req *q)
{
    if (fresh_leave == 0)
        fresh_leave = leave_record(party_a2, 1);
    zhucun__leave_end__init(&q->leave_end);
    q->leave_end.id = fresh_leave;
    q->leave_end.return_day = "";
    BODY(q, LEAVE_END, leave_end);
}

static const char *a_leave_ended(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    (void)r;
    fresh_leave = 0;
    return NULL;
}

/* The A cadre's own request, returned by the township, sent again for a fresh day. */
static void b_leave_resubmit(struct req *q)
{
    if (fresh_returned == 0) {
        zhucun__leave_request__init(&q->leave_request);
        b_leave_request_own(q);
        Zhucun__Reply *reply = NULL;
        must(zt_call(acct[IN][CADRE], &q->req, &reply), "LeaveRequest (own, to return)");
        fresh_returned = reply->leave_request->leave_id;
        zc_reply_free(reply);
        must(decide(acct[IN][TWP], pending_step(fresh_returned, "township"), "return"),
             "Decide (return)");
        memset(&q->req, 0, sizeof(q->req));
        zhucun__request__init(&q->req);
    }
    zhucun__leave_resubmit__init(&q->leave_resubmit);
    leave_days(1, q->text[0], q->text[1]);
    q->leave_resubmit.id = fresh_returned;
    q->leave_resubmit.first_day = q->text[0];
    q->leave_resubmit.last_day = q->text[1];
    q->leave_resubmit.reason = "访问矩阵测试请假（修改后）";
    BODY(q, LEAVE_RESUBMIT, leave_resubmit);
}

static const char *a_leave_resubmitted(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    (void)r;
    fresh_returned = 0;
    return NULL;
}

/* The caller's role's grant in A, to A's deputy holding the same grant, for a week. */
static void b_delegation_create(struct req *q)
{
    zhucun__delegation_create__init(&q->delegation_create);
    deputy_name(cur_role, q->text[0]);
    day_str(today_d, q->text[1]);
    day_str(today_d + 7, q->text[2]);
    q->delegation_create.to_username = q->text[0];
    q->delegation_create.role = (char *)roles[cur_role].role;
    q->delegation_create.scope_code = (char *)roles[cur_role].scope[IN];
    q->delegation_create.first_day = q->text[1];
    q->delegation_create.last_day = q->text[2];
    BODY(q, DELEGATION_CREATE, delegation_create);
}

static const char *a_delegation_revoke(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_DELEGATION || r->delegation->id <= 0)
        return "no delegation id";
    return delegation_revoke(c, r->delegation->id) == ZHUCUN__CODE__OK ? NULL
                                                                       : "revoking it failed";
}

static void b_delegation_list(struct req *q)
{
    zhucun__delegation_list__init(&q->delegation_list);
    BODY(q, DELEGATION_LIST, delegation_list);
}

/* County office A's delegation to its deputy. */
static void b_delegation_revoke(struct req *q)
{
    if (fresh_delegation == 0) {
        b_delegation_create(q);
        deputy_name(COUNTY, q->text[0]);
        q->delegation_create.role = "county_office";
        q->delegation_create.scope_code = A_COUNTY;
        Zhucun__Reply *reply = NULL;
        must(zt_call(acct[IN][COUNTY], &q->req, &reply), "DelegationCreate");
        fresh_delegation = reply->delegation->id;
        zc_reply_free(reply);
        memset(&q->req, 0, sizeof(q->req));
        zhucun__request__init(&q->req);
    }
    zhucun__delegation_revoke__init(&q->delegation_revoke);
    q->delegation_revoke.id = fresh_delegation;
    BODY(q, DELEGATION_REVOKE, delegation_revoke);
}

static const char *a_delegation_revoked(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    (void)r;
    fresh_delegation = 0;
    return NULL;
}

/* ---- monitoring (docs/monitoring.md) ---- */

/* The first column of SQL run as the administrator, as a number: the monitoring fixtures are
 * written directly (a fresh one for every attempt), so that no row depends on another. */
static long long mon_sql(const char *fmt, long long a)
{
    char sql[1024];
    snprintf(sql, sizeof(sql), fmt, a);
    char *v = zt_sql(&srv, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

/* A fresh household of A1 (poverty-alleviated since 2025). */
static long long mon_household(void)
{
    char *v = zt_sql(&srv, "WITH h AS (INSERT INTO households (village_code, head_name, since)"
                           " VALUES ('" A_VIL1 "', '监测矩阵户', '2025-01-01') RETURNING id)"
                           " INSERT INTO household_states (household_id, valid_from, category,"
                           " absent) SELECT id, '2025-01-01', 'poverty_alleviated', false FROM h"
                           " RETURNING household_id");
    long long n = atoll(v);
    free(v);
    return n;
}

/* A fresh case of A1 with status 'monitored' (entered 30 days ago), or 'pending' with its
 * entry's approval submitted (pending != 0). */
static long long mon_case(int pending)
{
    long long hh = mon_household();
    long long c =
        mon_sql(pending ? "INSERT INTO monitoring_cases (household_id, village_code, kind,"
                          " found_by, found_on, created_by) VALUES (%lld, '" A_VIL1
                          "', 'unstable', 'screening', zc_today() - 40, (SELECT min(id)"
                          " FROM users)) RETURNING id"
                        : "INSERT INTO monitoring_cases (household_id, village_code, kind,"
                          " found_by, found_on, status, entered_on, created_by) VALUES"
                          " (%lld, '" A_VIL1 "', 'unstable', 'screening', zc_today() -"
                          " 40, 'monitored', zc_today() - 30, (SELECT min(id) FROM"
                          " users)) RETURNING id",
                hh);
    if (pending)
        mon_sql("SELECT zc_approval_submit('monitor_entry', %lld, '{\"org_level\": 5}', '" A_VIL1
                "', NULL, '访问矩阵纳入监测', (SELECT min(id) FROM users))",
                c);
    return c;
}

static void b_monitor_enter(struct req *q)
{
    zhucun__monitor_enter__init(&q->monitor_enter);
    zhucun__monitor_risk_input__init(&q->risk_input);
    q->risk_input.risk = "illness";
    q->risk_inputs[0] = &q->risk_input;
    q->monitor_enter.household_id = mon_household();
    q->monitor_enter.kind = "unstable";
    q->monitor_enter.found_by = "screening";
    rules_date_format(today_d - 1, q->text[0]);
    q->monitor_enter.found_on = q->text[0];
    q->monitor_enter.risks = q->risk_inputs;
    q->monitor_enter.n_risks = 1;
    BODY(q, MONITOR_ENTER, monitor_enter);
}

static void b_monitor_risk_add(struct req *q)
{
    zhucun__monitor_risk_add__init(&q->monitor_risk_add);
    zhucun__monitor_risk_input__init(&q->risk_input);
    q->risk_input.risk = "expenses";
    q->monitor_risk_add.case_id = mon_case(0);
    q->monitor_risk_add.risk = &q->risk_input;
    rules_date_format(today_d, q->text[0]);
    q->monitor_risk_add.identified_on = q->text[0];
    BODY(q, MONITOR_RISK_ADD, monitor_risk_add);
}

static void b_monitor_risk_close(struct req *q)
{
    zhucun__monitor_risk_close__init(&q->monitor_risk_close);
    q->monitor_risk_close.risk_id =
        mon_sql("INSERT INTO monitoring_risks (case_id, village_code, risk, identified_on,"
                " created_by) VALUES (%lld, '" A_VIL1 "', 'illness', zc_today() - 30, (SELECT"
                " min(id) FROM users)) RETURNING id",
                mon_case(0));
    rules_date_format(today_d, q->text[0]);
    q->monitor_risk_close.closed_on = q->text[0];
    q->monitor_risk_close.note = "访问矩阵：风险消除";
    BODY(q, MONITOR_RISK_CLOSE, monitor_risk_close);
}

static void b_measure_add(struct req *q)
{
    zhucun__measure_add__init(&q->measure_add);
    q->measure_add.case_id = mon_case(0);
    q->measure_add.kind = "employment";
    q->measure_add.description = "访问矩阵：公益岗位";
    q->measure_add.responsible_id = person_of[IN][CADRE];
    rules_date_format(today_d, q->text[0]);
    q->measure_add.started_on = q->text[0];
    BODY(q, MEASURE_ADD, measure_add);
}

static void b_measure_close(struct req *q)
{
    zhucun__measure_close__init(&q->measure_close);
    q->measure_close.measure_id =
        mon_sql("INSERT INTO monitoring_measures (case_id, village_code, kind, description,"
                " responsible_id, started_on, created_by) SELECT c.id, c.village_code, 'health',"
                " '访问矩阵：医疗救助', p.id, zc_today() - 20, (SELECT min(id) FROM users)"
                " FROM monitoring_cases c, persons p WHERE c.id = %lld ORDER BY p.id LIMIT 1"
                " RETURNING id",
                mon_case(0));
    rules_date_format(today_d, q->text[0]);
    q->measure_close.ended_on = q->text[0];
    q->measure_close.outcome = "访问矩阵：已落实";
    BODY(q, MEASURE_CLOSE, measure_close);
}

/* The village step of a fresh entry in A1 (the team captain's of A1). */
static void b_monitor_review(struct req *q)
{
    zhucun__monitor_review__init(&q->monitor_review);
    q->monitor_review.step_id =
        mon_sql("SELECT s.id FROM approval_steps s JOIN approvals a ON a.id = s.approval_id"
                " WHERE a.subject_kind = 'monitor_entry' AND a.subject_id = %lld"
                " AND s.status = 'pending'",
                mon_case(1));
    rules_date_format(today_d - 6, q->text[0]);
    rules_date_format(today_d - 5, q->text[1]);
    rules_date_format(today_d, q->text[2]);
    q->monitor_review.review_date = q->text[0];
    q->monitor_review.notice_first = q->text[1];
    q->monitor_review.notice_last = q->text[2];
    q->monitor_review.evidence = "访问矩阵：村民代表会议记录";
    BODY(q, MONITOR_REVIEW, monitor_review);
}

/* A monitored case of A1 with nothing open and its income standard met (six months of sums
 * above the line, 0050): the sign-off goes to its approval. */
static void b_monitor_sign_off(struct req *q)
{
    zhucun__monitor_sign_off__init(&q->monitor_sign_off);
    q->monitor_sign_off.case_id = mon_case(0);
    zt_income_met(&srv, mon_sql("SELECT household_id FROM monitoring_cases WHERE id = %lld",
                                q->monitor_sign_off.case_id));
    BODY(q, MONITOR_SIGN_OFF, monitor_sign_off);
}

static void b_monitor_show(struct req *q)
{
    zhucun__monitor_show__init(&q->monitor_show);
    q->monitor_show.case_id = mon_case(0);
    BODY(q, MONITOR_SHOW, monitor_show);
}

/* The lists of village A1 (its cases: at least the ones the rows before made). */
static void b_monitor_list(struct req *q)
{
    zhucun__monitor_list__init(&q->monitor_list);
    q->monitor_list.org_code = A_VIL1;
    BODY(q, MONITOR_LIST, monitor_list);
}

static void b_monitor_stale(struct req *q)
{
    zhucun__monitor_stale__init(&q->monitor_stale);
    q->monitor_stale.org_code = A_VIL1;
    BODY(q, MONITOR_STALE, monitor_stale);
}

/* ---- the audit trail (docs/audit.md) ---- */

static void b_audit_verify(struct req *q)
{
    zhucun__audit_verify__init(&q->audit_verify);
    BODY(q, AUDIT_VERIFY, audit_verify);
}

static const char *a_audit_verified(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    return r->body_case == ZHUCUN__REPLY__BODY_AUDIT_VERIFY && r->audit_verify->done &&
                   !r->audit_verify->broken && r->audit_verify->checked > 0
               ? NULL
               : "the chain was not walked to its end intact";
}

/* ---- three guarantees, water, labour (docs/guarantees.md) ---- */

/* The head of hh_a (a monitored household: the labour ledger takes its workers). */
static int64_t head_a(void)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT min(id) FROM household_members WHERE household_id = %lld",
             (long long)hh_a);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

/* A housing appraisal of hh_a (grade A: no gap, nothing any other row depends on). */
static void b_guarantee_record(struct req *q)
{
    zhucun__guarantee_record__init(&q->guarantee_record);
    q->guarantee_record.household_id = hh_a;
    q->guarantee_record.kind = "housing";
    q->guarantee_record.on_date = today_s;
    q->guarantee_record.status = "A";
    q->guarantee_record.renovation = "none";
    BODY(q, GUARANTEE_RECORD, guarantee_record);
}

/* A fresh open water problem of hh_a for each attempt, resolved today. */
static void b_guarantee_resolve(struct req *q)
{
    char sql[300];
    snprintf(sql, sizeof(sql),
             "INSERT INTO guarantee_entries (village_code, household_id, kind, on_date, status)"
             " VALUES ('%s', %lld, 'water', '%s', 'quality') RETURNING id",
             A_VIL1, (long long)hh_a, today_s);
    char *v = zt_sql(&srv, sql);
    zhucun__guarantee_resolve__init(&q->guarantee_resolve);
    q->guarantee_resolve.id = strtoll(v, NULL, 10);
    free(v);
    q->guarantee_resolve.resolved_on = today_s;
    q->guarantee_resolve.resolution = "访问矩阵测试：已解决";
    BODY(q, GUARANTEE_RESOLVE, guarantee_resolve);
}

static void b_guarantee_list(struct req *q)
{
    zhucun__guarantee_list__init(&q->guarantee_list);
    q->guarantee_list.household_id = hh_a;
    BODY(q, GUARANTEE_LIST, guarantee_list);
}

static void b_guarantee_gaps(struct req *q)
{
    zhucun__guarantee_gaps__init(&q->guarantee_gaps);
    q->guarantee_gaps.org_code = A_VIL1;
    BODY(q, GUARANTEE_GAPS, guarantee_gaps);
}

static void b_labour_record(struct req *q)
{
    zhucun__labour_record__init(&q->labour_record);
    q->labour_record.household_id = hh_a;
    q->labour_record.member_id = head_a();
    q->labour_record.on_date = today_s;
    q->labour_record.status = "local";
    q->labour_record.subsidy = "none";
    BODY(q, LABOUR_RECORD, labour_record);
}

static void b_labour_list(struct req *q)
{
    zhucun__labour_list__init(&q->labour_list);
    q->labour_list.household_id = hh_a;
    BODY(q, LABOUR_LIST, labour_list);
}

/* ---- income sums, plans and lists (docs/income.md: written and read as households) ---- */

/* This month's sums of hh_a (monitored): every writer's is a new version, with a reason. */
static void b_income_record(struct req *q)
{
    zhucun__income_record__init(&q->income_record);
    zhucun__income_items__init(&q->income_items);
    snprintf(q->text[0], sizeof(q->text[0]), "%.7s", today_s);
    q->income_items.wages_fen = 300000 + seq;
    q->income_items.costs_fen = 10000;
    q->income_record.household_id = hh_a;
    q->income_record.month = q->text[0];
    q->income_record.items = &q->income_items;
    q->income_record.members = 1;
    q->income_record.ack = "signed";
    q->income_record.reason = "访问矩阵测试";
    BODY(q, INCOME_RECORD, income_record);
}

static void b_income_history(struct req *q)
{
    zhucun__income_history__init(&q->income_history);
    q->income_history.household_id = hh_a;
    BODY(q, INCOME_HISTORY, income_history);
}

static void b_income_list(struct req *q)
{
    zhucun__income_list__init(&q->income_list);
    q->income_list.list = "under_threshold";
    q->income_list.org_code = A_VIL1;
    BODY(q, INCOME_LIST, income_list);
}

/* hh_a's plan, with A's cadre (serving in team_a) responsible. */
static void b_income_plan_set(struct req *q)
{
    zhucun__income_plan_set__init(&q->income_plan_set);
    day_str(today_d + 30, q->text[0]);
    snprintf(q->text[1], sizeof(q->text[1]), "访问矩阵测试措施 %d", seq);
    q->measures[0] = q->text[1];
    q->income_plan_set.household_id = hh_a;
    q->income_plan_set.measures = q->measures;
    q->income_plan_set.n_measures = 1;
    q->income_plan_set.responsible_id = person_of[IN][CADRE];
    q->income_plan_set.review_on = q->text[0];
    BODY(q, INCOME_PLAN_SET, income_plan_set);
}

static void b_income_plan_show(struct req *q)
{
    zhucun__income_plan_show__init(&q->income_plan_show);
    q->income_plan_show.household_id = hh_a;
    BODY(q, INCOME_PLAN_SHOW, income_plan_show);
}

/* ---- service cases (docs/services.md) ---- */

static void b_service_case_create(struct req *q)
{
    zhucun__service_case_create__init(&q->service_case_create);
    q->service_case_create.household_id = hh_a;
    q->service_case_create.category = "elderly_visit";
    q->service_case_create.opened_on = today_s;
    q->service_case_create.summary = "访问矩阵测试：探访独居老人";
    BODY(q, SERVICE_CASE_CREATE, service_case_create);
}

/* A fresh open case of hh_a (a serious illness, so that any step may be its next). */
static int64_t open_service_case(void)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "INSERT INTO service_cases (village_code, household_id, category, summary,"
             " handler_id, opened_on) SELECT '%s', %lld, 'serious_illness', '访问矩阵测试',"
             " min(id), '%s' FROM users RETURNING id",
             A_VIL1, (long long)hh_a, today_s);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

static void b_service_case_step(struct req *q)
{
    zhucun__service_case_step__init(&q->service_case_step);
    q->service_case_step.case_id = open_service_case();
    q->service_case_step.step = "hospital_contact";
    q->service_case_step.on_date = today_s;
    q->service_case_step.note = "访问矩阵测试：联系医院";
    BODY(q, SERVICE_CASE_STEP, service_case_step);
}

static void b_service_case_close(struct req *q)
{
    zhucun__service_case_close__init(&q->service_case_close);
    q->service_case_close.case_id = open_service_case();
    q->service_case_close.closed_on = today_s;
    q->service_case_close.outcome = "访问矩阵测试：已办结";
    BODY(q, SERVICE_CASE_CLOSE, service_case_close);
}

static void b_service_case_list(struct req *q)
{
    zhucun__service_case_list__init(&q->service_case_list);
    q->service_case_list.household_id = hh_a;
    BODY(q, SERVICE_CASE_LIST, service_case_list);
}

static void b_service_case_show(struct req *q)
{
    zhucun__service_case_show__init(&q->service_case_show);
    q->service_case_show.id = open_service_case();
    BODY(q, SERVICE_CASE_SHOW, service_case_show);
}

static void b_service_report(struct req *q)
{
    zhucun__service_report__init(&q->service_report);
    q->service_report.org_code = A_VIL1;
    q->service_report.by = "category";
    BODY(q, SERVICE_REPORT, service_report);
}

/* ---- competitions (docs/services.md) ---- */

static void b_contest_round_open(struct req *q)
{
    zhucun__contest_round_open__init(&q->contest_round_open);
    q->contest_round_open.kind = "livestream";
    q->contest_round_open.org_code = A_COUNTY;
    q->contest_round_open.title = "访问矩阵测试擂台赛";
    q->contest_round_open.starts_on = today_s;
    q->contest_round_open.ends_on = today_s;
    BODY(q, CONTEST_ROUND_OPEN, contest_round_open);
}

/* A fresh round of county A, taking entries from `from` days from today to `to`. */
static int64_t contest_round(int from, int to)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "INSERT INTO contest_rounds (kind, org_code, title, starts_on, ends_on, opened_by)"
             " SELECT 'tourism', '%s', '访问矩阵测试', zc_today() + %d, zc_today() + %d, min(id)"
             " FROM users RETURNING id",
             A_COUNTY, from, to);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

static void b_contest_enter(struct req *q)
{
    zhucun__contest_enter__init(&q->contest_enter);
    q->contest_enter.round_id = contest_round(0, 5);
    q->contest_enter.team_id = team_a;
    q->contest_enter.title = "访问矩阵测试作品";
    q->contest_enter.description = "访问矩阵测试";
    BODY(q, CONTEST_ENTER, contest_enter);
}

/* An entry of team_a in a fresh round of county A that ended yesterday. */
static void b_contest_result(struct req *q)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "INSERT INTO contest_entries (round_id, team_id, village_code, title, description,"
             " entered_on, entered_by) SELECT %lld, %lld, '%s', '作品', '介绍', zc_today() - 5,"
             " min(id) FROM users RETURNING id",
             (long long)contest_round(-10, -1), (long long)team_a, A_VIL1);
    char *v = zt_sql(&srv, sql);
    zhucun__contest_result__init(&q->contest_result);
    q->contest_result.entry_id = strtoll(v, NULL, 10);
    free(v);
    q->contest_result.rank = 1;
    q->contest_result.award = "一等奖";
    BODY(q, CONTEST_RESULT, contest_result);
}

static void b_contest_list(struct req *q)
{
    zhucun__contest_list__init(&q->contest_list);
    q->contest_list.round_id = contest_round(0, 5);
    BODY(q, CONTEST_LIST, contest_list);
}

/* ---- evidence attachments (docs/attachments.md) ---- */

#define ATTACH_OWNER "attach-owner" /* an account of no role: the uploader of the files below */

/* A file linked to hh_a (stored and linked directly, as if uploaded by ATTACH_OWNER): what
 * the callers in A's scope may see, link again and read. Made once. */
static const uint8_t *attach_linked(void)
{
    static uint8_t sha[32];
    static int made;
    if (!made) {
        memset(sha, 0xa1, sizeof(sha));
        char sql[1500];
        snprintf(sql, sizeof(sql),
                 "INSERT INTO users (username, display_name, password_phc) VALUES"
                 " ('" ATTACH_OWNER "', '附件上传人', '$argon2id$matrix') ON CONFLICT DO NOTHING;"
                 "INSERT INTO attachments (sha256, size, mime) VALUES"
                 " ('\\x%s', 10, 'application/pdf');"
                 "INSERT INTO attachment_blobs (sha256, data) VALUES ('\\x%s', '%%PDF-1.4ab');"
                 "INSERT INTO attachment_files (sha256, user_id, name) VALUES ('\\x%s',"
                 " (SELECT id FROM users WHERE username = '" ATTACH_OWNER "'), '访问矩阵.pdf');"
                 "INSERT INTO attachment_links (kind, record_id, sha256, village_code) VALUES"
                 " ('household', %lld, '\\x%s', '%s'); SELECT 1",
                 "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                 "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                 "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
                 (long long)hh_a,
                 "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", A_VIL1);
        free(zt_sql(&srv, sql));
        made = 1;
    }
    return sha;
}

/* An unfinished upload of ATTACH_OWNER's: someone else's for every caller. */
static int64_t attach_others_upload(void)
{
    static int64_t id;
    if (id == 0) {
        attach_linked();
        char *v = zt_sql(&srv, "INSERT INTO attachment_uploads (user_id, sha256, size, name, mime)"
                               " VALUES ((SELECT id FROM users WHERE username = '" ATTACH_OWNER
                               "'), '\\xb2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
                               "b2b2b2b2', 10, '别人的.pdf', 'application/pdf') RETURNING id");
        id = strtoll(v, NULL, 10);
        free(v);
    }
    return id;
}

/* A fresh file of the caller's own for each attempt. */
static void b_attach_begin(struct req *q)
{
    zhucun__attach_begin__init(&q->attach_begin);
    memset(q->attach_sha, 0, sizeof(q->attach_sha));
    memcpy(q->attach_sha, &seq, sizeof(seq));
    q->attach_sha[31] = 0xc3;
    q->attach_begin.sha256.data = q->attach_sha;
    q->attach_begin.sha256.len = 32;
    q->attach_begin.size = 10;
    q->attach_begin.name = "访问矩阵.pdf";
    q->attach_begin.mime = "application/pdf";
    BODY(q, ATTACH_BEGIN, attach_begin);
}

static void b_attach_chunk(struct req *q)
{
    zhucun__attach_chunk__init(&q->attach_chunk);
    q->attach_chunk.upload_id = attach_others_upload();
    q->attach_chunk.data.data = q->attach_sha;
    q->attach_chunk.data.len = 10;
    BODY(q, ATTACH_CHUNK, attach_chunk);
}

static void b_attach_finish(struct req *q)
{
    zhucun__attach_finish__init(&q->attach_finish);
    q->attach_finish.upload_id = attach_others_upload();
    BODY(q, ATTACH_FINISH, attach_finish);
}

static void b_attach_link(struct req *q)
{
    zhucun__attach_link__init(&q->attach_link);
    q->attach_link.kind = "household";
    q->attach_link.record_id = hh_a;
    q->attach_shas[0].data = (uint8_t *)attach_linked();
    q->attach_shas[0].len = 32;
    q->attach_link.sha256 = q->attach_shas;
    q->attach_link.n_sha256 = 1;
    BODY(q, ATTACH_LINK, attach_link);
}

static void b_attach_list(struct req *q)
{
    zhucun__attach_list__init(&q->attach_list);
    q->attach_list.kind = "household";
    q->attach_list.record_id = hh_a;
    BODY(q, ATTACH_LIST, attach_list);
}

static void b_attach_get(struct req *q)
{
    zhucun__attach_get__init(&q->attach_get);
    q->attach_get.sha256.data = (uint8_t *)attach_linked();
    q->attach_get.sha256.len = 32;
    BODY(q, ATTACH_GET, attach_get);
}

/* ---- the ledgers and the board (docs/ledger.md) ---- */

/* The person responsible for item_a: a person of A. */
static int64_t responsible_a(void)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT responsible_id FROM ledger_items WHERE id = %lld",
             (long long)item_a);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

static void b_ledger_item_create(struct req *q)
{
    zhucun__ledger_item_create__init(&q->ledger_item_create);
    q->ledger_item_create.village_code = A_VIL1;
    q->ledger_item_create.area = "living";
    q->ledger_item_create.list = "task";
    q->ledger_item_create.topic = "garbage";
    q->ledger_item_create.text = "访问矩阵测试：垃圾分类";
    q->ledger_item_create.responsible_id = responsible_a();
    rules_date_format(today_d + 30, q->text[0]);
    q->ledger_item_create.deadline = q->text[0];
    BODY(q, LEDGER_ITEM_CREATE, ledger_item_create);
}

static void b_ledger_item_update(struct req *q)
{
    zhucun__ledger_item_update__init(&q->ledger_item_update);
    q->ledger_item_update.id = item_a;
    q->ledger_item_update.status = seq % 2 ? "in_progress" : "open";
    q->ledger_item_update.note = "访问矩阵测试进展";
    BODY(q, LEDGER_ITEM_UPDATE, ledger_item_update);
}

static void b_ledger_item_show(struct req *q)
{
    zhucun__ledger_item_show__init(&q->ledger_item_show);
    q->ledger_item_show.id = item_a;
    BODY(q, LEDGER_ITEM_SHOW, ledger_item_show);
}

static void b_ledger_list(struct req *q)
{
    zhucun__ledger_list__init(&q->ledger_list);
    q->ledger_list.org_code = A_VIL1;
    BODY(q, LEDGER_LIST, ledger_list);
}

static void b_ledger_board(struct req *q)
{
    zhucun__ledger_board__init(&q->ledger_board);
    q->ledger_board.org_code = A_VIL1;
    BODY(q, LEDGER_BOARD, ledger_board);
}

static void b_ledger_from_gaps(struct req *q)
{
    zhucun__ledger_from_gaps__init(&q->ledger_from_gaps);
    q->ledger_from_gaps.household_id = hh_a;
    q->ledger_from_gaps.village_code = "";
    q->ledger_from_gaps.responsible_id = responsible_a();
    rules_date_format(today_d + 30, q->text[0]);
    q->ledger_from_gaps.deadline = q->text[0];
    BODY(q, LEDGER_FROM_GAPS, ledger_from_gaps);
}

/* ---- the matrix ---- */

/* ---- policy delivery ---- */

/* A quiz of county A for last December sampling party_a1, made once by the database. */
static int64_t quiz_a(void)
{
    static int64_t id;
    if (id == 0) {
        char sql[600];
        snprintf(sql, sizeof(sql),
                 "WITH q AS (INSERT INTO policy_quizzes (village_code, month, title, questions,"
                 " answers, sample_size, seed) VALUES ('%s', '2025-12-01', '访问矩阵测试',"
                 " '{题目}', '{\"\"}', 0, 'x') RETURNING id)"
                 " INSERT INTO policy_quiz_cadres (quiz_id, person_id, team_id, village_code, how)"
                 " SELECT q.id, %lld, %lld, '%s', 'named' FROM q RETURNING quiz_id",
                 A_COUNTY, (long long)party_a1, (long long)team_a, A_VIL1);
        char *v = zt_sql(&srv, sql);
        id = strtoll(v, NULL, 10);
        free(v);
    }
    return id;
}

/* This month's quiz of the city (as its city office) or of county A (as anyone else): each
 * office in scope makes one. */
static void b_quiz_create(struct req *q)
{
    zhucun__quiz_create__init(&q->quiz_create);
    zhucun__quiz_question__init(&q->quiz_question);
    q->quiz_question.text = "访问矩阵测试题目";
    q->quiz_questions[0] = &q->quiz_question;
    q->quiz_create.org_code = cur_role == CITY ? A_CITY : A_COUNTY;
    snprintf(q->code, sizeof(q->code), "%.7s", today_s);
    q->quiz_create.month = q->code;
    q->quiz_create.title = "访问矩阵测试";
    q->quiz_create.n_questions = 1;
    q->quiz_create.questions = q->quiz_questions;
    q->quiz_create.sample_size = 1;
    BODY(q, QUIZ_CREATE, quiz_create);
}

static void b_quiz_score(struct req *q)
{
    zhucun__quiz_score__init(&q->quiz_score);
    q->quiz_score.quiz_id = quiz_a();
    q->quiz_score.person_id = party_a1;
    q->quiz_score.called_on = today_s;
    q->quiz_score.score = 80;
    BODY(q, QUIZ_SCORE, quiz_score);
}

static void b_quiz_show(struct req *q)
{
    zhucun__quiz_show__init(&q->quiz_show);
    q->quiz_show.id = quiz_a();
    BODY(q, QUIZ_SHOW, quiz_show);
}

static void b_quiz_report(struct req *q)
{
    zhucun__quiz_report__init(&q->quiz_report);
    q->quiz_report.org_code = A_COUNTY;
    BODY(q, QUIZ_REPORT, quiz_report);
}

/* A fresh link each attempt, for team A, posted today. */
static void b_video_record(struct req *q)
{
    zhucun__video_record__init(&q->video_record);
    q->video_record.team_id = team_a;
    q->video_record.platform = "douyin";
    snprintf(q->text[0], sizeof(q->text[0]), "https://v.douyin.com/access%d/", seq);
    q->video_record.url = q->text[0];
    q->video_record.title = "访问矩阵测试视频";
    q->video_record.posted_on = today_s;
    BODY(q, VIDEO_RECORD, video_record);
}

static void b_video_list(struct req *q)
{
    zhucun__video_list__init(&q->video_list);
    q->video_list.org_code = A_VIL1;
    BODY(q, VIDEO_LIST, video_list);
}

static void b_broadcast_record(struct req *q)
{
    zhucun__broadcast_record__init(&q->broadcast_record);
    q->broadcast_record.village_code = A_VIL1;
    q->broadcast_record.on_date = today_s;
    q->broadcast_record.minutes = 30;
    q->broadcast_record.topic = "访问矩阵测试广播";
    BODY(q, BROADCAST_RECORD, broadcast_record);
}

static void b_broadcast_list(struct req *q)
{
    zhucun__broadcast_list__init(&q->broadcast_list);
    q->broadcast_list.org_code = A_VIL1;
    BODY(q, BROADCAST_LIST, broadcast_list);
}

/* ---- projects (docs/projects.md) ---- */

/* A fresh planned project of A1 (100,000 fen, all linkage funds), made as the administrator. */
static int64_t project_a(void)
{
    char sql[900];
    snprintf(
        sql, sizeof(sql),
        "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
        " responsible, planned_start, planned_end, status_on) VALUES ('%s', '访问矩阵测试项目',"
        " 'industry', extract(year FROM zc_today()), 100000, '县农业农村局', zc_today(),"
        " zc_today(), zc_today()) RETURNING id),"
        " v AS (INSERT INTO project_villages (project_id, village_code, lead_code)"
        " SELECT id, '%s', '%s' FROM p),"
        " f AS (INSERT INTO project_funds (project_id, source, amount_fen, village_code)"
        " SELECT id, 'linkage', 100000, '%s' FROM p) SELECT id FROM p",
        A_VIL1, A_VIL1, A_VIL1, A_VIL1);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

/* The details of project_a's kind of project, in q. */
static void project_details(struct req *q, Zhucun__ProjectCreate *d)
{
    zhucun__project_create__init(d);
    zhucun__project_fund__init(&q->project_fund);
    q->project_fund.source = "linkage";
    q->project_fund.amount_fen = 100000;
    q->project_funds[0] = &q->project_fund;
    q->project_villages[0] = A_VIL1;
    d->village_codes = q->project_villages;
    d->n_village_codes = 1;
    d->kind = "industry";
    d->name = "访问矩阵测试项目";
    d->year = (uint32_t)atoi(today_s);
    d->budget_fen = 100000;
    d->funds = q->project_funds;
    d->n_funds = 1;
    d->responsible = "县农业农村局";
    d->planned_start = today_s;
    d->planned_end = today_s;
    d->description = "";
}

static void b_project_create(struct req *q)
{
    project_details(q, &q->project_create);
    BODY(q, PROJECT_CREATE, project_create);
}

static void b_project_update(struct req *q)
{
    zhucun__project_update__init(&q->project_update);
    q->project_update.id = project_a();
    Zhucun__ProjectCreate *d = &q->project_create;
    project_details(q, d);
    q->project_update.details = d;
    BODY(q, PROJECT_UPDATE, project_update);
}

static void b_project_show(struct req *q)
{
    zhucun__project_show__init(&q->project_show);
    q->project_show.id = project_a();
    BODY(q, PROJECT_SHOW, project_show);
}

static void b_project_list(struct req *q)
{
    zhucun__project_list__init(&q->project_list);
    q->project_list.org_code = A_VIL1;
    BODY(q, PROJECT_LIST, project_list);
}

static void b_project_transition(struct req *q)
{
    zhucun__project_transition__init(&q->project_transition);
    q->project_transition.project_id = project_a();
    q->project_transition.status = "applied";
    q->project_transition.reason = "";
    BODY(q, PROJECT_TRANSITION, project_transition);
}

static void b_project_board(struct req *q)
{
    zhucun__project_board__init(&q->project_board);
    q->project_board.org_code = A_VIL1;
    BODY(q, PROJECT_BOARD, project_board);
}

/* ---- stars and a cadre's points (docs/stars-points.md) ---- */

/* The last whole half before today (H_A) and the one before it (H_B), the last quarter of
 * H_A (Q_A), the first of H_B (Q_B) and today's (Q_NOW); made once, with their fixtures: team A's
 * published grade of Q_A and the cadre's, team A's stars of H_B (a first rating) and of H_A (a
 * later one), the cadre's first points of Q_B. */
static char h_a[16], h_b[16], q_a[16], q_b[16], q_now[16];

static void stars_fixture(void)
{
    static int done;
    if (done++)
        return;
    int y, m, d;
    rules_civil_from_days(today_d, &y, &m, &d);
    int ay = m <= 6 ? y - 1 : y, ah = m <= 6 ? 2 : 1; /* H_A */
    int by = ah == 2 ? ay : ay - 1, bh = ah == 2 ? 1 : 2;
    snprintf(h_a, sizeof(h_a), "%04uH%u", (unsigned)ay % 10000u, (unsigned)ah % 3u);
    snprintf(h_b, sizeof(h_b), "%04uH%u", (unsigned)by % 10000u, (unsigned)bh % 3u);
    snprintf(q_a, sizeof(q_a), "%04uQ%u", (unsigned)ay % 10000u, ah == 1 ? 2u : 4u);
    snprintf(q_b, sizeof(q_b), "%04uQ%u", (unsigned)by % 10000u, bh == 1 ? 1u : 3u);
    snprintf(q_now, sizeof(q_now), "%04uQ%u", (unsigned)y % 10000u,
             (unsigned)(m - 1) / 3u % 4u + 1u);
    char da[11], db[11], qa[11], qb[11], sql[2048];
    day_str(rules_days_from_civil(ay, ah == 1 ? 1 : 7, 1), da);
    day_str(rules_days_from_civil(by, bh == 1 ? 1 : 7, 1), db);
    day_str(rules_days_from_civil(ay, ah == 1 ? 4 : 10, 1), qa);
    day_str(rules_days_from_civil(by, bh == 1 ? 1 : 7, 1), qb);
    snprintf(sql, sizeof(sql),
             "WITH t AS (INSERT INTO assessment_rounds (county_code, quarter, subject, status,"
             "  published_on) VALUES ('%s', '%s', 'team', 'published', '%s') RETURNING id),"
             " c AS (INSERT INTO assessment_rounds (county_code, quarter, subject, status,"
             "  published_on) VALUES ('%s', '%s', 'cadre', 'published', '%s') RETURNING id),"
             " r AS (INSERT INTO assessment_results (round_id, team_id, person_id, org_code,"
             "  proposed, grade) SELECT t.id, %lld, NULL, '%s', 'qualified', 'qualified' FROM t"
             "  UNION ALL SELECT c.id, %lld, %lld, '%s', 'excellent', 'excellent' FROM c),"
             " s AS (INSERT INTO team_stars (team_id, half, county_code, org_code, grade, first,"
             "  base, stars) VALUES (%lld, '%s', '%s', '%s', 'qualified', true, 3, 3),"
             "  (%lld, '%s', '%s', '%s', 'qualified', false, 3, 3))"
             " INSERT INTO cadre_points (person_id, quarter, county_code, org_code, kind, points,"
             "  reason, source_kind, source_id) SELECT %lld, '%s', '%s', '%s', 'first', 60,"
             "  '访问矩阵', 'assessment', t.id FROM t RETURNING 1",
             A_COUNTY, qa, qa, A_COUNTY, qa, qa, (long long)team_a, A_VIL1, (long long)team_a,
             (long long)person_of[IN][CADRE], A_VIL1, (long long)team_a, db, A_COUNTY, A_VIL1,
             (long long)team_a, da, A_COUNTY, A_VIL1, (long long)person_of[IN][CADRE], qb, A_COUNTY,
             A_VIL1);
    free(zt_sql(&srv, sql));
}

static void b_stars_compute(struct req *q)
{
    stars_fixture();
    zhucun__stars_compute__init(&q->stars_compute);
    q->stars_compute.county_code = A_COUNTY;
    q->stars_compute.half = h_a;
    BODY(q, STARS_COMPUTE, stars_compute);
}

/* A fresh reason each attempt; the indicator once per team and half: model, then the others. */
static void b_stars_adjust(struct req *q)
{
    static const char *const codes[] = {"model", "income", "circular", "discipline"};
    static int next;
    stars_fixture();
    zhucun__stars_adjust__init(&q->stars_adjust);
    q->stars_adjust.team_id = team_a;
    q->stars_adjust.half = h_a;
    q->stars_adjust.code = (char *)codes[next % 4];
    q->stars_adjust.reason = "访问矩阵";
    if (cur_side == IN && cur_role == COUNTY)
        next++;
    BODY(q, STARS_ADJUST, stars_adjust);
}

static void b_stars_file(struct req *q)
{
    stars_fixture();
    zhucun__stars_file__init(&q->stars_file);
    q->stars_file.county_code = A_COUNTY;
    q->stars_file.period = h_b;
    BODY(q, STARS_FILE, stars_file);
}

static void b_stars_status(struct req *q)
{
    stars_fixture();
    zhucun__stars_status__init(&q->stars_status);
    q->stars_status.kind = "stars";
    q->stars_status.period = h_a;
    q->stars_status.org_code = A_COUNTY;
    BODY(q, STARS_STATUS, stars_status);
}

static void b_stars_list(struct req *q)
{
    stars_fixture();
    zhucun__stars_list__init(&q->stars_list);
    q->stars_list.county_code = A_COUNTY;
    q->stars_list.half = h_a;
    BODY(q, STARS_LIST, stars_list);
}

static void b_stars_codes(struct req *q)
{
    stars_fixture();
    zhucun__stars_codes__init(&q->stars_codes);
    q->stars_codes.county_code = A_COUNTY;
    q->stars_codes.half = h_a;
    q->stars_codes.quarter = q_a;
    BODY(q, STARS_CODES, stars_codes);
}

static void b_cadre_points_rate(struct req *q)
{
    stars_fixture();
    zhucun__cadre_points_rate__init(&q->cadre_points_rate);
    q->cadre_points_rate.county_code = A_COUNTY;
    q->cadre_points_rate.quarter = q_a;
    BODY(q, CADRE_POINTS_RATE, cadre_points_rate);
}

static void b_cadre_points_add(struct req *q)
{
    stars_fixture();
    zhucun__cadre_points_add__init(&q->cadre_points_add);
    q->cadre_points_add.person_id = person_of[IN][CADRE];
    q->cadre_points_add.quarter = q_now; /* the cadre serves in team A from a recent day */
    q->cadre_points_add.item_code = "late_report";
    q->cadre_points_add.reason = "访问矩阵";
    q->cadre_points_add.source_kind = "other";
    BODY(q, CADRE_POINTS_ADD, cadre_points_add);
}

static void b_cadre_points_history(struct req *q)
{
    stars_fixture();
    zhucun__cadre_points_history__init(&q->cadre_points_history);
    q->cadre_points_history.person_id = person_of[IN][CADRE];
    BODY(q, CADRE_POINTS_HISTORY, cadre_points_history);
}

static void b_cadre_points_ranking(struct req *q)
{
    stars_fixture();
    zhucun__cadre_points_ranking__init(&q->cadre_points_ranking);
    q->cadre_points_ranking.org_code = A_COUNTY;
    q->cadre_points_ranking.period = q_a;
    BODY(q, CADRE_POINTS_RANKING, cadre_points_ranking);
}

static void b_cadre_points_file(struct req *q)
{
    stars_fixture();
    zhucun__cadre_points_file__init(&q->cadre_points_file);
    q->cadre_points_file.county_code = A_COUNTY;
    q->cadre_points_file.period = q_b;
    BODY(q, CADRE_POINTS_FILE, cadre_points_file);
}

/* ---- villager points (docs/points.md: kept and read as households are) ---- */

/* The fixtures of A1's scheme, made once as the administrator through the SQL functions the
 * calls use: deed ACC (1 point), good 访问矩阵商品 (1 point, stock topped up), and a fresh
 * award to hh_a; returns the award's ledger id. */
static int64_t points_fixture(void)
{
    char sql[900];
    snprintf(sql, sizeof(sql),
             "WITH u AS (SELECT min(id) AS id FROM users),"
             " d AS (INSERT INTO points_deeds (village_code, code, label, points, valid_from)"
             "  VALUES ('%s', 'ACC', '访问矩阵', 1, '2025-01-01') ON CONFLICT DO NOTHING),"
             " g AS (INSERT INTO points_goods (village_code, name, unit)"
             "  VALUES ('%s', '访问矩阵商品', '件') ON CONFLICT DO NOTHING RETURNING id)"
             " INSERT INTO points_prices (village_code, good_id, price, valid_from)"
             " SELECT '%s', id, 1, '2025-01-01' FROM g",
             A_VIL1, A_VIL1, A_VIL1);
    free(zt_sql(&srv, sql));
    snprintf(sql, sizeof(sql),
             "SELECT zc_points_donate((SELECT min(id) FROM users), '', '{%%}', '%s', '访问矩阵',"
             " '%s', '', ARRAY[(SELECT id FROM points_goods WHERE name = '访问矩阵商品')],"
             " ARRAY[1], 'test', '')",
             A_VIL1, today_s);
    free(zt_sql(&srv, sql));
    snprintf(sql, sizeof(sql),
             "SELECT split_part(zc_points_award((SELECT min(id) FROM users), '', '{%%}', %lld,"
             " 'ACC', '%s', '访问矩阵', '{}', 'test', ''), '|', 1)",
             (long long)hh_a, today_s);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

static int64_t points_good(void)
{
    char *v = zt_sql(&srv, "SELECT id FROM points_goods WHERE name = '访问矩阵商品'");
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

/* A fresh deed code of A1 for each attempt. */
static void b_points_deed_set(struct req *q)
{
    zhucun__points_deed_set__init(&q->points_deed_set);
    snprintf(q->text[0], sizeof(q->text[0]), "M%d", ++seq);
    q->points_deed_set.village_code = A_VIL1;
    q->points_deed_set.code = q->text[0];
    q->points_deed_set.label = "访问矩阵事项";
    q->points_deed_set.points = 5;
    q->points_deed_set.valid_from = today_s;
    BODY(q, POINTS_DEED_SET, points_deed_set);
}

/* A fresh good of A1 for each attempt. */
static void b_points_good_set(struct req *q)
{
    zhucun__points_good_set__init(&q->points_good_set);
    snprintf(q->text[0], sizeof(q->text[0]), "访问矩阵新商品%d", ++seq);
    q->points_good_set.village_code = A_VIL1;
    q->points_good_set.name = q->text[0];
    q->points_good_set.unit = "件";
    q->points_good_set.price = 2;
    q->points_good_set.valid_from = today_s;
    BODY(q, POINTS_GOOD_SET, points_good_set);
}

static void b_points_award(struct req *q)
{
    points_fixture();
    zhucun__points_award__init(&q->points_award);
    q->points_award.household_id = hh_a;
    q->points_award.deed_code = "ACC";
    q->points_award.deed_date = today_s;
    q->points_award.reason = "访问矩阵测试";
    BODY(q, POINTS_AWARD, points_award);
}

static void b_points_donate(struct req *q)
{
    points_fixture();
    zhucun__points_donate__init(&q->points_donate);
    zhucun__points_donation_item__init(&q->donation_item);
    q->donation_item.good_id = points_good();
    q->donation_item.quantity = 1;
    q->donation_items[0] = &q->donation_item;
    q->points_donate.village_code = A_VIL1;
    q->points_donate.donor = "访问矩阵捐赠方";
    q->points_donate.on_date = today_s;
    q->points_donate.items = q->donation_items;
    q->points_donate.n_items = 1;
    BODY(q, POINTS_DONATE, points_donate);
}

/* One unit of the good for hh_a, whose fixture award and donation cover it each attempt. */
static void b_points_redeem(struct req *q)
{
    points_fixture();
    zhucun__points_redeem__init(&q->points_redeem);
    q->points_redeem.household_id = hh_a;
    q->points_redeem.good_id = points_good();
    q->points_redeem.quantity = 1;
    q->points_redeem.on_date = today_s;
    BODY(q, POINTS_REDEEM, points_redeem);
}

/* A fresh award of hh_a reversed. */
static void b_points_correct(struct req *q)
{
    zhucun__points_correct__init(&q->points_correct);
    q->points_correct.id = points_fixture();
    q->points_correct.reason = "访问矩阵测试：冲正";
    BODY(q, POINTS_CORRECT, points_correct);
}

static void b_points_shop(struct req *q)
{
    zhucun__points_shop__init(&q->points_shop);
    q->points_shop.village_code = A_VIL1;
    BODY(q, POINTS_SHOP, points_shop);
}

static void b_points_history(struct req *q)
{
    zhucun__points_history__init(&q->points_history);
    q->points_history.household_id = hh_a;
    BODY(q, POINTS_HISTORY, points_history);
}

static void b_points_report(struct req *q)
{
    zhucun__points_report__init(&q->points_report);
    q->points_report.village_code = A_VIL1;
    BODY(q, POINTS_REPORT, points_report);
}

static void b_points_check(struct req *q)
{
    zhucun__points_check__init(&q->points_check);
    q->points_check.village_code = A_VIL1;
    BODY(q, POINTS_CHECK, points_check);
}

/* ---- construction and disbursements (docs/construction.md) ---- */

/* A project of A1 under construction, of A's unit, with a task, a target and a report of
 * 100 % (so that a disbursement of a fen always fits), made once as the administrator. */
static int64_t build_project, build_task, build_target, build_report;

static int64_t build_fixture(void)
{
    if (build_project != 0)
        return build_project;
    char sql[1200];
    snprintf(sql, sizeof(sql),
             "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
             " responsible, unit_id, planned_start, planned_end, status, status_on)"
             " VALUES ('%s', '访问矩阵项目', 'infrastructure', 2026, 10000000000, '派出单位',"
             " %lld, '2026-01-01', '2027-12-31', 'construction', '2026-01-01') RETURNING id),"
             " v AS (INSERT INTO project_villages (project_id, village_code, lead_code)"
             " SELECT id, '%s', '%s' FROM p),"
             " t AS (INSERT INTO project_tasks (project_id, village_code, name, responsible,"
             " planned_start, planned_end) SELECT id, '%s', '访问矩阵任务', '张三', '2026-01-01',"
             " '2027-01-01' FROM p),"
             " g AS (INSERT INTO project_targets (project_id, village_code, indicator, unit,"
             " target_value, direction) SELECT id, '%s', '访问矩阵指标', '人', 10, 'at_least'"
             " FROM p),"
             " r AS (INSERT INTO project_progress (project_id, village_code, on_date, percent,"
             " narrative) SELECT id, '%s', '2026-01-02', 100, '访问矩阵' FROM p)"
             " SELECT id FROM p",
             A_VIL1, (long long)unit_a, A_VIL1, A_VIL1, A_VIL1, A_VIL1, A_VIL1);
    char *v = zt_sql(&srv, sql);
    build_project = strtoll(v, NULL, 10);
    free(v);
    build_task = zt_count(&srv, "%s", "SELECT id FROM project_tasks WHERE name = '访问矩阵任务'");
    build_target =
        zt_count(&srv, "%s", "SELECT id FROM project_targets WHERE indicator = '访问矩阵指标'");
    build_report =
        zt_count(&srv, "%s", "SELECT id FROM project_progress WHERE narrative = '访问矩阵'");
    return build_project;
}

static void b_project_focus_set(struct req *q)
{
    zhucun__project_focus_set__init(&q->project_focus_set);
    q->project_focus_set.project_id = build_fixture();
    q->project_focus_set.year = 2026;
    q->project_focus_set.quarter = 4;
    q->project_focus_set.focus = "访问矩阵重点";
    BODY(q, PROJECT_FOCUS_SET, project_focus_set);
}

static void b_project_task_add(struct req *q)
{
    zhucun__project_task_add__init(&q->project_task_add);
    q->project_task_add.project_id = build_fixture();
    q->project_task_add.name = "访问矩阵新任务";
    q->project_task_add.responsible = "李四";
    q->project_task_add.planned_start = "2026-02-01";
    q->project_task_add.planned_end = "2026-03-01";
    q->project_task_add.actual_start = "";
    q->project_task_add.actual_end = "";
    BODY(q, PROJECT_TASK_ADD, project_task_add);
}

static void b_project_task_update(struct req *q)
{
    build_fixture();
    zhucun__project_task_update__init(&q->project_task_update);
    q->project_task_update.id = build_task;
    q->project_task_update.name = "访问矩阵任务";
    q->project_task_update.responsible = "张三";
    q->project_task_update.planned_start = "2026-01-01";
    q->project_task_update.planned_end = "2027-01-01";
    q->project_task_update.actual_start = "";
    q->project_task_update.actual_end = "";
    BODY(q, PROJECT_TASK_UPDATE, project_task_update);
}

static void b_project_progress_report(struct req *q)
{
    zhucun__project_progress_report__init(&q->project_progress_report);
    q->project_progress_report.project_id = build_fixture();
    q->project_progress_report.on_date = today_s;
    q->project_progress_report.percent = 100;
    q->project_progress_report.narrative = "访问矩阵进度";
    q->project_progress_report.correction = "";
    BODY(q, PROJECT_PROGRESS_REPORT, project_progress_report);
}

/* A fresh indicator for each attempt. */
static void b_project_target_set(struct req *q)
{
    zhucun__project_target_set__init(&q->project_target_set);
    snprintf(q->text[0], sizeof(q->text[0]), "访问矩阵指标%d", ++seq);
    q->project_target_set.project_id = build_fixture();
    q->project_target_set.indicator = q->text[0];
    q->project_target_set.unit = "户";
    q->project_target_set.target_value = 5;
    q->project_target_set.direction = "at_least";
    BODY(q, PROJECT_TARGET_SET, project_target_set);
}

static void b_project_target_monitor(struct req *q)
{
    build_fixture();
    zhucun__project_target_monitor__init(&q->project_target_monitor);
    q->project_target_monitor.target_id = build_target;
    q->project_target_monitor.on_date = today_s;
    q->project_target_monitor.stage = "check";
    q->project_target_monitor.value = 3;
    q->project_target_monitor.note = "";
    BODY(q, PROJECT_TARGET_MONITOR, project_target_monitor);
}

static void b_project_plan_show(struct req *q)
{
    zhucun__project_plan_show__init(&q->project_plan_show);
    q->project_plan_show.project_id = build_fixture();
    BODY(q, PROJECT_PLAN_SHOW, project_plan_show);
}

/* A fen against the report of 100 %: always within the limit. */
static void b_disbursement_request(struct req *q)
{
    zhucun__disbursement_request__init(&q->disbursement_request);
    q->disbursement_request.project_id = build_fixture();
    q->disbursement_request.progress_id = build_report;
    q->disbursement_request.amount_fen = 1;
    q->disbursement_request.payee = "访问矩阵收款方";
    q->disbursement_request.note = "";
    BODY(q, DISBURSEMENT_REQUEST, disbursement_request);
}

static void b_disbursement_list(struct req *q)
{
    zhucun__disbursement_list__init(&q->disbursement_list);
    q->disbursement_list.project_id = build_fixture();
    q->disbursement_list.org_code = "";
    BODY(q, DISBURSEMENT_LIST, disbursement_list);
}

/* The projects under construction of village A1. */
static void b_project_build_list(struct req *q)
{
    build_fixture();
    zhucun__project_build_list__init(&q->project_build_list);
    q->project_build_list.org_code = A_VIL1;
    BODY(q, PROJECT_BUILD_LIST, project_build_list);
}

/* ---- project assets (docs/assets.md: kept and read as households are) ---- */

/* An accepted project of A1 and its operational asset, made once as the administrator; the
 * asset's id. */
static int64_t asset_fixture(void)
{
    static int64_t asset;
    if (asset != 0)
        return asset;
    char sql[1200];
    snprintf(sql, sizeof(sql),
             "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
             " responsible, planned_start, planned_end, status, status_on) VALUES ('%s',"
             " '访问矩阵项目', 'industry', 2020, 1000000000, '县农业农村局', '2020-03-01',"
             " '2020-10-01', 'accepted', '2020-11-01') RETURNING id)"
             " INSERT INTO project_villages (project_id, village_code, lead_code)"
             " SELECT id, '%s', '%s' FROM p RETURNING project_id",
             A_VIL1, A_VIL1, A_VIL1);
    char *project = zt_sql(&srv, sql);
    snprintf(sql, sizeof(sql),
             "SELECT zc_asset_set((SELECT min(id) FROM users), NULL, '{%%}', 0, %s, '%s',"
             " 'operational', '访问矩阵资产', NULL, '村集体', '张三', 1000, '村东', NULL, NULL,"
             " '2020-12-01', 'ACC-1', NULL, NULL, '村委会', '村集体', '{}', 'test', '')",
             project, A_VIL1);
    free(project);
    char *v = zt_sql(&srv, sql);
    asset = strtoll(v, NULL, 10);
    free(v);
    return asset;
}

static void b_asset_set(struct req *q)
{
    char sql[120];
    snprintf(sql, sizeof(sql), "SELECT project_id FROM project_assets WHERE id = %lld",
             (long long)asset_fixture());
    char *v = zt_sql(&srv, sql);
    zhucun__asset_set__init(&q->asset_set);
    q->asset_set.project_id = strtoll(v, NULL, 10);
    free(v);
    q->asset_set.village_code = A_VIL1;
    q->asset_set.category = "public_welfare";
    q->asset_set.name = "访问矩阵新资产";
    q->asset_set.custodian = "村委会";
    q->asset_set.custodian_person = "李四";
    q->asset_set.value_fen = 100;
    q->asset_set.address = "村西";
    q->asset_set.registered_on = "";
    q->asset_set.certificate_no = "";
    q->asset_set.handed_over_on = "";
    q->asset_set.handed_over_to = "";
    q->asset_set.upkeep_by = "村委会";
    q->asset_set.upkeep_funding = "村集体";
    BODY(q, ASSET_SET, asset_set);
}

static void b_asset_maintain(struct req *q)
{
    zhucun__asset_maintain__init(&q->asset_maintain);
    q->asset_maintain.asset_id = asset_fixture();
    q->asset_maintain.on_date = today_s;
    q->asset_maintain.work = "访问矩阵管护";
    q->asset_maintain.done_by = "管护员";
    q->asset_maintain.condition = "good";
    BODY(q, ASSET_MAINTAIN, asset_maintain);
}

/* A fresh month's income of the asset each attempt (2013-01 on). */
static void b_asset_income(struct req *q)
{
    zhucun__asset_income__init(&q->asset_income);
    static int k; /* its own count: the months since 2013-01 stay before today's */
    k++;
    snprintf(q->text[0], sizeof(q->text[0]), "%04d-%02d", 2013 + k / 12, 1 + k % 12);
    q->asset_income.asset_id = asset_fixture();
    q->asset_income.period = q->text[0];
    q->asset_income.amount_fen = 100;
    q->asset_income.received_on = today_s;
    BODY(q, ASSET_INCOME, asset_income);
}

/* A post of A1 for a fresh member of hh_a each attempt. */
static void b_welfare_post_set(struct req *q)
{
    zhucun__welfare_post_set__init(&q->welfare_post_set);
    q->welfare_post_set.village_code = A_VIL1;
    q->welfare_post_set.kind = "cleaner";
    q->welfare_post_set.member_id = member_add(hh_a);
    q->welfare_post_set.from_on = "2025-01-01";
    q->welfare_post_set.monthly_pay_fen = 50000;
    q->welfare_post_set.funded_by = "公益岗位专项资金";
    BODY(q, WELFARE_POST_SET, welfare_post_set);
}

/* A fresh open post (of a fresh member of hh_a) ended. */
static void b_welfare_post_end(struct req *q)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "SELECT zc_welfare_post_set((SELECT min(id) FROM users), NULL, '{%%}', 0, '%s',"
             " 'road_keeper', %lld, '2025-01-01', 50000, 0, '财政', 'test', '')",
             A_VIL1, (long long)member_add(hh_a));
    char *v = zt_sql(&srv, sql);
    zhucun__welfare_post_end__init(&q->welfare_post_end);
    q->welfare_post_end.id = strtoll(v, NULL, 10);
    free(v);
    q->welfare_post_end.to_on = today_s;
    q->welfare_post_end.reason = "访问矩阵测试";
    BODY(q, WELFARE_POST_END, welfare_post_end);
}

static void b_asset_list(struct req *q)
{
    asset_fixture();
    zhucun__asset_list__init(&q->asset_list);
    q->asset_list.org_code = A_VIL1;
    BODY(q, ASSET_LIST, asset_list);
}

static void b_asset_show(struct req *q)
{
    zhucun__asset_show__init(&q->asset_show);
    q->asset_show.id = asset_fixture();
    BODY(q, ASSET_SHOW, asset_show);
}

static void b_welfare_post_list(struct req *q)
{
    zhucun__welfare_post_list__init(&q->welfare_post_list);
    q->welfare_post_list.village_code = A_VIL1;
    BODY(q, WELFARE_POST_LIST, welfare_post_list);
}

static void b_asset_dividends(struct req *q)
{
    zhucun__asset_dividends__init(&q->asset_dividends);
    q->asset_dividends.household_id = hh_a;
    BODY(q, ASSET_DIVIDENDS, asset_dividends);
}

/* ---- the look-back (docs/lookback.md) ---- */

/* County A's campaign (made once, by SQL: the rows check the calls, not the fixture). */
static int64_t lookback_campaign_a(void)
{
    static int64_t id;
    if (id == 0) {
        char *v = zt_sql(&srv, "INSERT INTO lookback_campaigns (village_code, name, year)"
                               " VALUES ('" A_COUNTY "', '访问矩阵回头看', 2026) RETURNING id");
        id = strtoll(v, NULL, 10);
        free(v);
    }
    return id;
}

/* A project of A1 carried out in 2018, fresh each attempt (a project is reviewed once a
 * campaign). */
static int64_t lookback_project_a(void)
{
    char sql[600];
    snprintf(sql, sizeof(sql),
             "INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,"
             " planned_start, planned_end, status, status_on) VALUES ('%s', '访问矩阵项目%d',"
             " 'industry', 2018, 1000000, '县农业农村局', '2018-03-01', '2018-10-31',"
             " 'maintenance', '2019-01-01') RETURNING id",
             A_VIL1, seq);
    char *v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

/* A campaign of county A with a fresh name (the city office's and the county office's). */
static void b_lookback_campaign_create(struct req *q)
{
    zhucun__lookback_campaign_create__init(&q->lookback_campaign_create);
    q->lookback_campaign_create.org_code = A_COUNTY;
    snprintf(q->text[0], sizeof(q->text[0]), "访问矩阵回头看%d", seq);
    q->lookback_campaign_create.name = q->text[0];
    q->lookback_campaign_create.year = 2026;
    BODY(q, LOOKBACK_CAMPAIGN_CREATE, lookback_campaign_create);
}

static void b_lookback_review(struct req *q)
{
    zhucun__lookback_review__init(&q->lookback_review);
    q->lookback_review.campaign_id = lookback_campaign_a();
    q->lookback_review.project_id = lookback_project_a();
    q->lookback_review.reviewed_on = today_s;
    q->lookback_review.households_found = 10;
    q->lookback_review.upkeep = "in_use";
    q->lookback_review.verdict = "good";
    BODY(q, LOOKBACK_REVIEW, lookback_review);
}

static void b_lookback_list(struct req *q)
{
    zhucun__lookback_list__init(&q->lookback_list);
    q->lookback_list.org_code = A_VIL1;
    q->lookback_list.campaign_id = lookback_campaign_a();
    BODY(q, LOOKBACK_LIST, lookback_list);
}

static void b_lookback_progress(struct req *q)
{
    zhucun__lookback_progress__init(&q->lookback_progress);
    q->lookback_progress.campaign_id = lookback_campaign_a();
    BODY(q, LOOKBACK_PROGRESS, lookback_progress);
}

/* A one-project file of A1 with a fresh name. */
static void b_project_import(struct req *q)
{
    zhucun__project_import__init(&q->project_import);
    snprintf(q->text[0], sizeof(q->text[0]),
             "项目名称,村代码,项目类型,年度,总投资(元),资金来源,实施单位,计划开工,计划完工,"
             "实际开工,实际完工,当前状态,受益户数,其中脱贫户,其中监测户\n"
             "访问矩阵导入%d,%s,产业发展,2018,1000,县级财政资金:1000,县农业农村局,2018-03-01,"
             "2018-10-31,2018-03-02,2018-10-30,管护,1,0,0\n",
             seq, A_VIL1);
    q->project_import.file.data = (uint8_t *)q->text[0];
    q->project_import.file.len = strlen(q->text[0]);
    BODY(q, PROJECT_IMPORT, project_import);
}

/* ---- consumption assistance (docs/consumption.md) ---- */

/* A purchase by team A (unit A's cadres serve there) from a cooperative of A1, counted for
 * unit A: a unit's administrator records it for the unit, a cadre for their own team. */
static void b_purchase_record(struct req *q)
{
    zhucun__purchase_record__init(&q->purchase_record);
    q->purchase_record.unit_id = unit_a;
    q->purchase_record.buyer_kind = "team";
    q->purchase_record.team_id = team_a;
    q->purchase_record.village = A_VIL1;
    q->purchase_record.producer_kind = "cooperative";
    q->purchase_record.producer_name = "访问矩阵合作社";
    q->purchase_record.on_date = today_s;
    q->purchase_record.goods = "小米";
    q->purchase_record.quantity = 10;
    q->purchase_record.qty_unit = "斤";
    q->purchase_record.amount = 10000;
    BODY(q, PURCHASE_RECORD, purchase_record);
}

static void b_purchase_list(struct req *q)
{
    zhucun__purchase_list__init(&q->purchase_list);
    q->purchase_list.org_code = A_VIL1;
    BODY(q, PURCHASE_LIST, purchase_list);
}

static void b_purchase_list_unit(struct req *q)
{
    zhucun__purchase_list__init(&q->purchase_list);
    q->purchase_list.unit_id = unit_a;
    BODY(q, PURCHASE_LIST, purchase_list);
}

/* Unit A's purchases without a place: B's accounts see none of them; A's unit administrator
 * and A's county office see the ones recorded by the PurchaseRecord row. */
static const char *a_purchase_list_unit(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_PURCHASE_LIST)
        return "no purchase list";
    for (size_t i = 0; i < r->purchase_list->n_purchases; i++)
        if (r->purchase_list->purchases[i]->unit_id != unit_a)
            return "a purchase of another unit";
    if (cur_side == OUT && r->purchase_list->n_purchases != 0)
        return "unit A's purchases seen from B";
    if (cur_side == IN && (cur_role == UADM || cur_role == COUNTY) &&
        r->purchase_list->n_purchases == 0)
        return "unit A's purchases are missing";
    return NULL;
}

static void b_contract_record(struct req *q)
{
    zhucun__contract_record__init(&q->contract_record);
    q->contract_record.village = A_VIL1;
    q->contract_record.buyer_name = "访问矩阵电商平台";
    q->contract_record.buyer_kind = "platform";
    q->contract_record.producer_kind = "household";
    q->contract_record.household_id = hh_a;
    q->contract_record.signed_on = today_s;
    q->contract_record.period_from = today_s;
    q->contract_record.period_to = today_s;
    q->contract_record.goods = "小米";
    q->contract_record.quantity = 100;
    q->contract_record.qty_unit = "斤";
    q->contract_record.amount = 100000;
    BODY(q, CONTRACT_RECORD, contract_record);
}

static void b_contract_list(struct req *q)
{
    zhucun__contract_list__init(&q->contract_list);
    q->contract_list.org_code = A_VIL1;
    BODY(q, CONTRACT_LIST, contract_list);
}

static void b_quota_progress(struct req *q)
{
    zhucun__quota_progress__init(&q->quota_progress);
    q->quota_progress.org_code = A_COUNTY;
    BODY(q, QUOTA_PROGRESS, quota_progress);
}

static void b_quota_progress_own(struct req *q)
{
    zhucun__quota_progress__init(&q->quota_progress);
    BODY(q, QUOTA_PROGRESS, quota_progress);
}

/* Progress without a place: A's offices see unit A, B's do not; a unit's administrator sees
 * its unit alone. */
static const char *a_quota_progress_own(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    int found = 0;
    if (r->body_case != ZHUCUN__REPLY__BODY_QUOTA_PROGRESS)
        return "no progress";
    for (size_t i = 0; i < r->quota_progress->n_units; i++) {
        found |= r->quota_progress->units[i]->unit_id == unit_a;
        if (cur_role == UADM &&
            r->quota_progress->units[i]->unit_id != (cur_side == IN ? unit_a : unit_b))
            return "a unit administrator sees another unit";
    }
    if (cur_side == OUT && found)
        return "unit A seen from B";
    if (cur_side == IN && !found)
        return "unit A is missing";
    return NULL;
}

/* ---- inspections and circulars (docs/inspections.md, docs/circulars.md) ---- */

/* An inspection by county A's office of A1 (by SQL), fresh when fresh (a circular is one per
 * inspection), else made once. */
static int64_t inspection_a(int fresh)
{
    static int64_t id;
    if (id == 0 || fresh) {
        char *v = zt_sql(&srv, "INSERT INTO inspections (org_code, started_on, ended_on,"
                               " inspectors, villages) VALUES ('" A_COUNTY "', zc_today(),"
                               " zc_today(), '访问矩阵', '{" A_VIL1 "}') RETURNING id");
        int64_t made = strtoll(v, NULL, 10);
        free(v);
        if (fresh)
            return made;
        id = made;
    }
    return id;
}

/* A circular of county A's office (by SQL, without files). */
static int64_t circular_a(void)
{
    static int64_t id;
    if (id == 0) {
        char sql[400];
        snprintf(sql, sizeof(sql),
                 "INSERT INTO circulars (kind, source_id, org_code, doc_number, title, body,"
                 " issued_on) VALUES ('inspection', %lld, '" A_COUNTY "', '访问矩阵通〔2026〕1号',"
                 " '访问矩阵通报', '正文', zc_today()) RETURNING id",
                 (long long)inspection_a(1));
        char *v = zt_sql(&srv, sql);
        id = strtoll(v, NULL, 10);
        free(v);
    }
    return id;
}

static void b_inspection_record(struct req *q)
{
    zhucun__inspection_record__init(&q->inspection_record);
    q->inspection_record.org_code = A_COUNTY;
    q->inspection_record.started_on = today_s;
    q->inspection_record.ended_on = today_s;
    q->inspection_record.inspectors = "访问矩阵";
    q->inspection_villages[0] = A_VIL1;
    q->inspection_record.villages = q->inspection_villages;
    q->inspection_record.n_villages = 1;
    q->inspection_teams[0] = team_a;
    q->inspection_record.team_ids = q->inspection_teams;
    q->inspection_record.n_team_ids = 1;
    BODY(q, INSPECTION_RECORD, inspection_record);
}

static void b_finding_add(struct req *q)
{
    zhucun__finding_add__init(&q->finding_add);
    q->finding_add.inspection_id = inspection_a(0);
    q->finding_add.team_id = team_a;
    q->finding_add.fact = "访问矩阵发现的问题";
    rules_date_format(today_d + 30, q->code);
    q->finding_add.deadline = q->code;
    BODY(q, FINDING_ADD, finding_add);
}

static void b_inspection_list(struct req *q)
{
    zhucun__inspection_list__init(&q->inspection_list);
    q->inspection_list.org_code = A_COUNTY;
    BODY(q, INSPECTION_LIST, inspection_list);
}

/* County A's inspections: seen from A (its area), none from B. */
static const char *a_inspection_list(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_INSPECTION_LIST)
        return "no inspection list";
    size_t n = r->inspection_list->n_inspections;
    if (cur_side == OUT && n != 0)
        return "county A's inspections seen from B";
    if (cur_side == IN && n == 0)
        return "county A's inspections are missing";
    return NULL;
}

static void b_inspection_show(struct req *q)
{
    zhucun__inspection_show__init(&q->inspection_show);
    q->inspection_show.id = inspection_a(0);
    BODY(q, INSPECTION_SHOW, inspection_show);
}

static void b_circular_issue(struct req *q)
{
    zhucun__circular_issue__init(&q->circular_issue);
    q->circular_issue.inspection_id = inspection_a(1);
    snprintf(q->text[0], sizeof(q->text[0]), "访问矩阵通〔2026〕%d号", 100 + seq);
    q->circular_issue.doc_number = q->text[0];
    q->circular_issue.title = "访问矩阵暗访通报";
    q->circular_issue.body = "各乡镇：\n现将暗访情况通报如下。";
    q->circular_issue.issued_on = today_s;
    BODY(q, CIRCULAR_ISSUE, circular_issue);
}

static void b_circular_list(struct req *q)
{
    zhucun__circular_list__init(&q->circular_list);
    circular_a();
    BODY(q, CIRCULAR_LIST, circular_list);
}

/* County A's circular: received in A (the area and the offices above), not in B. */
static const char *a_circular_list(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    int found = 0;
    if (r->body_case != ZHUCUN__REPLY__BODY_CIRCULAR_LIST)
        return "no circular list";
    for (size_t i = 0; i < r->circular_list->n_circulars; i++)
        found |= r->circular_list->circulars[i]->id == circular_a();
    if (cur_side == OUT && found)
        return "county A's circular received in B";
    if (cur_side == IN && !found)
        return "county A's circular is missing";
    return NULL;
}

static void b_circular_get(struct req *q)
{
    zhucun__circular_get__init(&q->circular_get);
    q->circular_get.id = circular_a();
    q->circular_get.pdf = 1;
    BODY(q, CIRCULAR_GET, circular_get);
}

/* ---- training, study, the units' supervision (docs/training.md) ---- */

/* Team A's study today with party_a1: one a team a day, so the attempt before is undone. */
static void b_study_record(struct req *q)
{
    free(zt_sql(&srv, "DELETE FROM study_attendees WHERE session_id IN (SELECT id FROM"
                      " study_sessions WHERE village_code = '" A_VIL1 "');"
                      " DELETE FROM study_sessions WHERE village_code = '" A_VIL1 "'"));
    zhucun__study_record__init(&q->study_record);
    q->study_record.team_id = team_a;
    q->study_record.held_on = today_s;
    q->study_record.topic = "访问矩阵集体学习";
    q->study_people[0] = party_a1;
    q->study_record.attendees = q->study_people;
    q->study_record.n_attendees = 1;
    BODY(q, STUDY_RECORD, study_record);
}

static void b_study_list(struct req *q)
{
    zhucun__study_list__init(&q->study_list);
    q->study_list.org_code = A_VIL1;
    BODY(q, STUDY_LIST, study_list);
}

static void b_study_missed(struct req *q)
{
    zhucun__study_missed__init(&q->study_missed);
    q->study_missed.org_code = A_VIL1;
    BODY(q, STUDY_MISSED, study_missed);
}

static void b_training_session_add(struct req *q)
{
    zhucun__training_session_add__init(&q->training_session_add);
    q->training_session_add.org_code = A_TWP;
    q->training_session_add.title = "访问矩阵培训班";
    q->training_session_add.audience = "all";
    q->training_session_add.starts_on = today_s;
    q->training_session_add.ends_on = today_s;
    BODY(q, TRAINING_SESSION_ADD, training_session_add);
}

/* party_a1 attended county A's session today: once a session, so the attempt before is
 * undone. */
static void b_training_attend(struct req *q)
{
    free(zt_sql(&srv, "DELETE FROM training_attendance"));
    zhucun__training_attend__init(&q->training_attend);
    q->training_attend.session_id = training_a;
    q->training_people[0] = party_a1;
    q->training_attend.attendees = q->training_people;
    q->training_attend.n_attendees = 1;
    q->training_attend.from_day = today_s;
    q->training_attend.to_day = today_s;
    BODY(q, TRAINING_ATTEND, training_attend);
}

static void b_training_list(struct req *q)
{
    zhucun__training_list__init(&q->training_list);
    q->training_list.org_code = A_TWP;
    BODY(q, TRAINING_LIST, training_list);
}

static void b_training_untrained(struct req *q)
{
    zhucun__training_untrained__init(&q->training_untrained);
    q->training_untrained.org_code = A_TWP;
    BODY(q, TRAINING_UNTRAINED, training_untrained);
}

static void b_training_short(struct req *q)
{
    zhucun__training_short__init(&q->training_short);
    q->training_short.org_code = A_TWP;
    BODY(q, TRAINING_SHORT, training_short);
}

/* Unit A's hearing of team A's report today: one a unit, team and day, so the attempt before is
 * undone. */
static void b_unit_supervision_record(struct req *q)
{
    free(zt_sql(&srv, "DELETE FROM unit_supervisions"));
    zhucun__unit_supervision_record__init(&q->unit_supervision_record);
    q->unit_supervision_record.kind = "hearing";
    q->unit_supervision_record.unit_id = unit_a;
    q->unit_supervision_record.team_id = team_a;
    q->unit_supervision_record.held_on = today_s;
    q->unit_supervision_record.who = "访问矩阵主任";
    BODY(q, UNIT_SUPERVISION_RECORD, unit_supervision_record);
}

static void b_units_behind(struct req *q)
{
    zhucun__units_behind__init(&q->units_behind);
    q->units_behind.org_code = A_COUNTY;
    BODY(q, UNITS_BEHIND, units_behind);
}

static void b_units_behind_own(struct req *q)
{
    zhucun__units_behind__init(&q->units_behind);
    BODY(q, UNITS_BEHIND, units_behind);
}

static void b_unit_supervision_list(struct req *q)
{
    zhucun__unit_supervision_list__init(&q->unit_supervision_list);
    q->unit_supervision_list.org_code = A_COUNTY;
    BODY(q, UNIT_SUPERVISION_LIST, unit_supervision_list);
}

/* ---- notices (docs/notices.md) ---- */

/* A notice of township A to every cadre serving in village A1 (its team's captain and cadre
 * among them). */
static void b_notice_send(struct req *q)
{
    zhucun__notice_send__init(&q->notice_send);
    q->notice_send.org_code = A_TWP;
    q->notice_send.title = "访问矩阵通知";
    q->notice_send.body = "访问矩阵通知正文";
    q->notice_send.scope_kind = "place";
    q->notice_send.scope_code = A_VIL1;
    BODY(q, NOTICE_SEND, notice_send);
}

static void b_notice_list(struct req *q)
{
    zhucun__notice_list__init(&q->notice_list);
    BODY(q, NOTICE_LIST, notice_list);
}

static void b_notice_show(struct req *q)
{
    zhucun__notice_show__init(&q->notice_show);
    q->notice_show.notice_id = notice_a;
    BODY(q, NOTICE_SHOW, notice_show);
}

/* A reply to notice_a: once a recipient, so the attempt before is undone. */
static void b_notice_reply(struct req *q)
{
    free(zt_sql(&srv, "UPDATE notice_recipients SET replied_at = NULL, reply_text = NULL"));
    zhucun__notice_reply__init(&q->notice_reply);
    q->notice_reply.notice_id = notice_a;
    q->notice_reply.text = "访问矩阵回复";
    BODY(q, NOTICE_REPLY, notice_reply);
}

static void b_notice_sent(struct req *q)
{
    zhucun__notice_sent__init(&q->notice_sent);
    BODY(q, NOTICE_SENT, notice_sent);
}

static void b_notice_report(struct req *q)
{
    zhucun__notice_report__init(&q->notice_report);
    q->notice_report.notice_id = notice_a;
    BODY(q, NOTICE_REPORT, notice_report);
}

static void b_notice_pending(struct req *q)
{
    zhucun__notice_pending__init(&q->notice_pending);
    q->notice_pending.notice_id = notice_a;
    q->notice_pending.what = "unreplied";
    BODY(q, NOTICE_PENDING, notice_pending);
}

/* A reminder of notice_a to the unreplied: a notice's reminders are limited, so the attempts
 * before are undone. */
static void b_notice_remind(struct req *q)
{
    free(zt_sql(&srv, "DELETE FROM notice_reminders; UPDATE notice_recipients SET replied_at ="
                      " NULL, reply_text = NULL"));
    zhucun__notice_remind__init(&q->notice_remind);
    q->notice_remind.notice_id = notice_a;
    q->notice_remind.what = "unreplied";
    BODY(q, NOTICE_REMIND, notice_remind);
}

static void b_notice_count(struct req *q)
{
    zhucun__notice_count__init(&q->notice_count);
    BODY(q, NOTICE_COUNT, notice_count);
}

/* On a fresh connection, as QueueFollow's row: the pushes must not reach the account's. */
static void b_notice_follow(struct req *q)
{
    zhucun__notice_follow__init(&q->notice_follow);
    BODY(q, NOTICE_FOLLOW, notice_follow);
    q->run = run_queue_follow;
}

/* ---- allowance statements (docs/allowances.md) ---- */

/* party_a1's statement of the month before today's (an ended month), made once by SQL as a
 * fixture (the rows check the calls), set to `status` for each attempt. */
static int64_t allowance_fixture(const char *status)
{
    static int64_t id;
    char sql[900];
    if (id == 0) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO allowance_statements (person_id, month, version, unit_id,"
                 " unit_level, team_id, org_code, county_code, days_served, days_present,"
                 " days_leave, days_business, rate_id, living_rate_fen, transport_fen,"
                 " living_fen, amount_fen) SELECT %lld, date_trunc('month', '%s'::date"
                 " - interval '1 month')::date, 1, %lld, 'county', %lld, '" A_VIL1 "', '" A_COUNTY
                 "', 30, 20, 0, 0, r.id, r.living_fen_per_day, r.transport_fen,"
                 " 20 * r.living_fen_per_day, 20 * r.living_fen_per_day + r.transport_fen"
                 " FROM allowance_rates r WHERE r.unit_level = 'county' AND r.county_code IS NULL"
                 " ORDER BY r.valid_from DESC LIMIT 1 RETURNING id",
                 (long long)party_a1, today_s, (long long)unit_a, (long long)team_a);
        char *v = zt_sql(&srv, sql);
        id = strtoll(v, NULL, 10);
        free(v);
    }
    snprintf(sql, sizeof(sql),
             "UPDATE allowance_statements SET status = '%s', approval_id = NULL, confirmed_at ="
             " CASE WHEN '%s' = 'draft' THEN NULL ELSE now() END WHERE id = %lld",
             status, status, (long long)id);
    free(zt_sql(&srv, sql));
    return id;
}

/* party_a1's statements of today's month (AllowanceCompute's row drafted them). */
static void b_allowance_compute(struct req *q)
{
    zhucun__allowance_compute__init(&q->allowance_compute);
    snprintf(q->allowance_month, sizeof(q->allowance_month), "%.7s", today_s);
    q->allowance_compute.month = q->allowance_month;
    q->allowance_compute.person_id = party_a1;
    BODY(q, ALLOWANCE_COMPUTE, allowance_compute);
}

static void b_allowance_confirm(struct req *q)
{
    zhucun__allowance_confirm__init(&q->allowance_confirm);
    q->allowance_ids[0] = allowance_fixture("draft");
    q->allowance_confirm.ids = q->allowance_ids;
    q->allowance_confirm.n_ids = 1;
    BODY(q, ALLOWANCE_CONFIRM, allowance_confirm);
}

static void b_allowance_submit(struct req *q)
{
    zhucun__allowance_submit__init(&q->allowance_submit);
    q->allowance_ids[0] = allowance_fixture("confirmed");
    q->allowance_submit.ids = q->allowance_ids;
    q->allowance_submit.n_ids = 1;
    BODY(q, ALLOWANCE_SUBMIT, allowance_submit);
}

/* The latest version of party_a1's statement of today's month, approved by SQL for the
 * attempt (a correction before made a draft version). */
static void b_allowance_correct(struct req *q)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "UPDATE allowance_statements SET status = 'approved', confirmed_at = now()"
             " WHERE person_id = %lld AND month = date_trunc('month', '%s'::date)"
             " AND status <> 'approved'",
             (long long)party_a1, today_s);
    free(zt_sql(&srv, sql));
    zhucun__allowance_correct__init(&q->allowance_correct);
    q->allowance_correct.statement_id =
        zt_count(&srv,
                 "SELECT max(id) FROM allowance_statements WHERE person_id = %lld"
                 " AND month = date_trunc('month', '%s'::date)",
                 (long long)party_a1, today_s);
    q->allowance_correct.reason = "访问矩阵更正";
    BODY(q, ALLOWANCE_CORRECT, allowance_correct);
}

static void b_allowance_show(struct req *q)
{
    zhucun__allowance_show__init(&q->allowance_show);
    q->allowance_show.statement_id = allowance_fixture("confirmed");
    BODY(q, ALLOWANCE_SHOW, allowance_show);
}

static void b_allowance_list(struct req *q)
{
    zhucun__allowance_list__init(&q->allowance_list);
    q->allowance_list.org_code = A_VIL1;
    BODY(q, ALLOWANCE_LIST, allowance_list);
}

static void b_allowance_list_own(struct req *q)
{
    zhucun__allowance_list__init(&q->allowance_list);
    BODY(q, ALLOWANCE_LIST, allowance_list);
}

/* ---- notices to offices (docs/notices.md, "Offices as recipients") ---- */

/* County A's notice to the offices below it (its townships' offices). */
static void b_notice_send_offices(struct req *q)
{
    b_notice_send(q);
    q->notice_send.org_code = A_COUNTY;
    q->notice_send.scope_kind = "offices";
    q->notice_send.scope_code = A_COUNTY;
}

/* County A's notice to its townships' offices, a reply required, sent once by SQL; each
 * attempt's reply cleared first. */
static int64_t notice_offices_fixture(void)
{
    static int64_t id;
    if (id == 0) {
        char *v = zt_sql(&srv, "SELECT split_part(zc_notice_send((SELECT min(id) FROM users),"
                               " '', '{140105%}', '{}', '" A_COUNTY "', 0, '访问矩阵办通知',"
                               " '正文', true, NULL, 'offices', '" A_COUNTY "', 0, '{}', '{}',"
                               " 50000, 'setup', ''), '|', 1)");
        id = atoll(v);
        free(v);
    }
    free(zt_sql(&srv, "UPDATE notice_recipients SET replied_at = NULL, reply_text = NULL"));
    return id;
}

static void b_notice_show_offices(struct req *q)
{
    zhucun__notice_show__init(&q->notice_show);
    q->notice_show.notice_id = notice_offices_fixture();
    BODY(q, NOTICE_SHOW, notice_show);
}

static void b_notice_reply_offices(struct req *q)
{
    zhucun__notice_reply__init(&q->notice_reply);
    q->notice_reply.notice_id = notice_offices_fixture();
    q->notice_reply.text = "访问矩阵回复";
    BODY(q, NOTICE_REPLY, notice_reply);
}

/* ---- allowance rates (docs/allowances.md, "The rates") ---- */

/* A city-level rate of county A from next month (no statement can use it yet, so each attempt
 * replaces the last). */
static void b_allowance_rate_set(struct req *q)
{
    int y = atoi(today_s), m = atoi(today_s + 5) + 1;
    if (m > 12) {
        y++;
        m = 1;
    }
    snprintf(q->allowance_month, sizeof(q->allowance_month), "%04u-%02u", (unsigned)y % 10000,
             (unsigned)m % 100);
    zhucun__allowance_rate_set__init(&q->allowance_rate_set);
    q->allowance_rate_set.unit_level = "city";
    q->allowance_rate_set.county_code = A_COUNTY;
    q->allowance_rate_set.living_fen_per_day = 8500;
    q->allowance_rate_set.transport_fen = 60000;
    q->allowance_rate_set.valid_from = q->allowance_month;
    BODY(q, ALLOWANCE_RATE_SET, allowance_rate_set);
}

/* The province-wide city-level rate from next month. */
static void b_allowance_rate_set_province(struct req *q)
{
    b_allowance_rate_set(q);
    q->allowance_rate_set.county_code = "";
    q->allowance_rate_set.living_fen_per_day = 8000;
}

static void b_allowance_rate_list(struct req *q)
{
    zhucun__allowance_rate_list__init(&q->allowance_rate_list);
    q->allowance_rate_list.county_code = A_COUNTY;
    BODY(q, ALLOWANCE_RATE_LIST, allowance_rate_list);
}

/* issue 24 (s24-daily): the official business of the caller's scope; the A side lists
 * party_a2's (b_official_business recorded one), the B side never. */
static void b_official_business_list(struct req *q)
{
    zhucun__official_business_list__init(&q->official_business_list);
    BODY(q, OFFICIAL_BUSINESS_LIST, official_business_list);
}

static const char *a_business_listed(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_OFFICIAL_BUSINESS_LIST)
        return "no OfficialBusinessListReply";
    int seen = 0;
    for (size_t i = 0; i < r->official_business_list->n_records; i++)
        seen |= r->official_business_list->records[i]->person_id == party_a2;
    return seen == (cur_side == IN) ? NULL
                                    : "party_a2's official business listed on the wrong side";
}

/* ---- issue 25 (s26-map): the visit report by village ---- */

static void b_visit_report_villages(struct req *q)
{
    b_visit_report(q);
    q->visit_report.by = "village";
}

static void b_visit_report_township_villages(struct req *q)
{
    b_visit_report_villages(q);
    q->visit_report.org_code = A_TWP;
}

/* The rows are A's villages, each once, and nothing else. */
static const char *a_villages_of_a(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    if (r->body_case != ZHUCUN__REPLY__BODY_VISIT_REPORT)
        return "no VisitReportReply";
    const Zhucun__VisitReportReply *v = r->visit_report;
    if (strcmp(v->by, "village") != 0 || v->n_rows < 2)
        return "not A's villages";
    for (size_t i = 0; i < v->n_rows; i++)
        if (strncmp(v->rows[i]->key, "140105001", 9) != 0 || strlen(v->rows[i]->key) != 12 ||
            strcmp(v->rows[i]->key + 9, "000") == 0)
            return "a row that is not a village of township A";
    return NULL;
}

#define OK ZHUCUN__CODE__OK
#define NF ZHUCUN__CODE__NOT_FOUND
#define PD ZHUCUN__CODE__PERMISSION_DENIED
#define FP ZHUCUN__CODE__FAILED_PRECONDITION
#define IA ZHUCUN__CODE__INVALID_ARGUMENT
#define NA (-1) /* no such account: the province office has no out-of-scope counterpart */

struct row {
    const char *call;
    const char *target; /* what in subtree A the request is about */
    void (*build)(struct req *q);
    const char *(*after)(struct zc_client *c, struct req *q, const Zhucun__Reply *r);
    int want[2][NROLES]; /* [IN] as the A account, [OUT] as the B account */
    const char *why;     /* the reasoning behind codes that are not obvious */
};

/* The expected codes, written down by hand from the SPEC, docs/access.md and each domain's
 * page in docs/ (the why names the rule when it is not the table of docs/access.md). */
// clang-format off
#define IN_OUT(i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, o0, o1, o2, o3, o4, o5, o6, o7, o8, o9)      \
    {{i0, i1, i2, i3, i4, i5, i6, i7, i8, i9}, {o0, o1, o2, o3, o4, o5, o6, o7, o8, o9}}
/* ---- the quarterly assessment (docs/assessment.md) ---- */

/* The first day of today's quarter. */
static const char *assess_quarter(void)
{
    static char q[11];
    if (q[0] == '\0') {
        char sql[120];
        snprintf(sql, sizeof(sql), "SELECT date_trunc('quarter', '%s'::date)::date", today_s);
        char *v = zt_sql(&srv, sql);
        snprintf(q, sizeof(q), "%s", v);
        free(v);
    }
    return q;
}

/* A draft round of county A for a quarter with team A's result, by SQL (the rows check the
 * calls, not the fixture): every indicator scored and the result ranked when `ready`. Returns
 * the round's id and its result's in *result. */
static int64_t assess_round(const char *quarter, int ready, int64_t *result)
{
    char sql[900];
    snprintf(sql, sizeof(sql),
             "WITH r AS (INSERT INTO assessment_rounds (county_code, quarter, subject)"
             " VALUES ('" A_COUNTY "', '%s', 'team') RETURNING id)"
             " INSERT INTO assessment_results (round_id, team_id, org_code, score, rank, proposed,"
             " grade) SELECT r.id, %lld, '" A_VIL1 "', 80, %s FROM r RETURNING id",
             quarter, (long long)team_a, ready ? "1, 'qualified', 'qualified'" : "NULL, NULL, NULL");
    char *v = zt_sql(&srv, sql);
    *result = strtoll(v, NULL, 10);
    free(v);
    if (ready) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO assessment_scores (result_id, indicator, org_code, score, source,"
                 " reason) SELECT %lld, code, '" A_VIL1 "', 80, 'entered', '访问矩阵'"
                 " FROM assessment_indicators",
                 (long long)*result);
        free(zt_sql(&srv, sql));
    }
    snprintf(sql, sizeof(sql), "SELECT round_id FROM assessment_results WHERE id = %lld",
             (long long)*result);
    v = zt_sql(&srv, sql);
    int64_t id = strtoll(v, NULL, 10);
    free(v);
    return id;
}

/* County A's draft round of this quarter (made once) and its result. */
static int64_t assess_round_a, assess_result_a;
static void assess_fixture(void)
{
    if (assess_round_a == 0)
        assess_round_a = assess_round(assess_quarter(), 0, &assess_result_a);
}

static void b_assess_round_open(struct req *q)
{
    zhucun__assess_round_open__init(&q->assess_round_open);
    q->assess_round_open.county_code = A_COUNTY;
    q->assess_round_open.quarter = (char *)assess_quarter();
    q->assess_round_open.subject = "cadre";
    BODY(q, ASSESS_ROUND_OPEN, assess_round_open);
}

static void b_assess_round_show(struct req *q)
{
    assess_fixture();
    zhucun__assess_round_show__init(&q->assess_round_show);
    q->assess_round_show.round_id = assess_round_a;
    BODY(q, ASSESS_ROUND_SHOW, assess_round_show);
}

static void b_assess_score_set(struct req *q)
{
    assess_fixture();
    zhucun__assess_score_set__init(&q->assess_score_set);
    q->assess_score_set.result_id = assess_result_a;
    q->assess_score_set.indicator = "excellence";
    q->assess_score_set.score = 9000;
    q->assess_score_set.reason = "访问矩阵";
    BODY(q, ASSESS_SCORE_SET, assess_score_set);
}

static void b_assess_rank(struct req *q)
{
    assess_fixture();
    zhucun__assess_rank__init(&q->assess_rank);
    q->assess_rank.round_id = assess_round_a;
    BODY(q, ASSESS_RANK, assess_rank);
}

/* The fixture's result back to its proposed grade (a cohort of 1: qualified), ranked first. */
static void b_assess_grade_override(struct req *q)
{
    assess_fixture();
    char sql[200];
    snprintf(sql, sizeof(sql),
             "UPDATE assessment_results SET rank = 1, proposed = 'qualified', grade = 'qualified'"
             " WHERE id = %lld",
             (long long)assess_result_a);
    free(zt_sql(&srv, sql));
    zhucun__assess_grade_override__init(&q->assess_grade_override);
    q->assess_grade_override.result_id = assess_result_a;
    q->assess_grade_override.grade = "qualified";
    q->assess_grade_override.reason = "访问矩阵";
    BODY(q, ASSESS_GRADE_OVERRIDE, assess_grade_override);
}

/* A fresh ready round each attempt (a quarter of its own, long past: before 1956). */
static void b_assess_submit(struct req *q)
{
    char quarter[32];
    snprintf(quarter, sizeof(quarter), "%04d-%02d-01", 1700 + (seq & 0x3ff) / 4,
             1 + 3 * ((seq & 0x3ff) % 4));
    int64_t result;
    zhucun__assess_submit__init(&q->assess_submit);
    q->assess_submit.round_id = assess_round(quarter, 1, &result);
    BODY(q, ASSESS_SUBMIT, assess_submit);
}

static void b_assess_list(struct req *q)
{
    assess_fixture();
    zhucun__assess_list__init(&q->assess_list);
    q->assess_list.org_code = A_COUNTY;
    BODY(q, ASSESS_LIST, assess_list);
}

static void b_assess_ranking(struct req *q)
{
    zhucun__assess_ranking__init(&q->assess_ranking);
    q->assess_ranking.org_code = A_COUNTY;
    q->assess_ranking.quarter = (char *)assess_quarter();
    q->assess_ranking.subject = "team";
    BODY(q, ASSESS_RANKING, assess_ranking);
}

/* ---- tasks sent down (docs/tasks.md): county A's task, its instance for team A ---- */

static int64_t task_a, task_inst_a;

static void task_fixture(void)
{
    if (task_a > 0)
        return;
    task_a = zt_count(&srv,
                      "INSERT INTO tasks (office_code, scope_code, title, due_on, sent_at)"
                      " VALUES ('" A_COUNTY "', '" A_COUNTY "', '访问矩阵督办',"
                      " zc_today() + 10, now()) RETURNING id");
    task_inst_a = zt_count(&srv,
                           "INSERT INTO task_instances (task_id, team_id, village_code,"
                           " office_code, due_on) SELECT %lld, t.id, t.org_code, '" A_COUNTY
                           "', zc_today() + 10 FROM teams t WHERE t.id = %lld RETURNING id",
                           (long long)task_a, (long long)team_a);
}

static void b_task_send(struct req *q)
{
    zhucun__task_send__init(&q->task_send);
    q->task_send.org_code = A_TWP;
    q->task_send.title = "访问矩阵督办任务";
    q->task_send.due_on = today_s;
    BODY(q, TASK_SEND, task_send);
}

static void b_task_list(struct req *q)
{
    zhucun__task_list__init(&q->task_list);
    q->task_list.org_code = A_VIL1;
    BODY(q, TASK_LIST, task_list);
}

static void b_task_show(struct req *q)
{
    task_fixture();
    zhucun__task_show__init(&q->task_show);
    q->task_show.instance_id = task_inst_a;
    BODY(q, TASK_SHOW, task_show);
}

static void b_task_report(struct req *q)
{
    task_fixture();
    zhucun__task_report__init(&q->task_report);
    q->task_report.instance_id = task_inst_a;
    q->task_report.status = "in_progress";
    q->task_report.note = "访问矩阵进展";
    BODY(q, TASK_REPORT, task_report);
}

static void b_task_board(struct req *q)
{
    task_fixture();
    zhucun__task_board__init(&q->task_board);
    q->task_board.task_id = task_a;
    BODY(q, TASK_BOARD, task_board);
}

/* Once an instance: the item made by the attempt before is undone. */
static void b_task_ledger(struct req *q)
{
    task_fixture();
    free(zt_sql(&srv, "UPDATE task_instances SET ledger_item_id = NULL;"
                      " DELETE FROM ledger_updates WHERE item_id IN"
                      " (SELECT id FROM ledger_items WHERE source_kind = 'task');"
                      " DELETE FROM ledger_items WHERE source_kind = 'task'"));
    zhucun__task_ledger__init(&q->task_ledger);
    q->task_ledger.instance_id = task_inst_a;
    q->task_ledger.area = "guarantees";
    q->task_ledger.responsible_id = party_a1;
    BODY(q, TASK_LEDGER, task_ledger);
}

static void b_task_sent(struct req *q)
{
    zhucun__task_sent__init(&q->task_sent);
    q->task_sent.org_code = A_TWP;
    BODY(q, TASK_SENT, task_sent);
}

/* ---- the work diary (docs/diary.md) ---- */

/* The caller's entry for today: one a day, so the attempt before is undone. */
static void b_diary_write(struct req *q)
{
    free(zt_sql(&srv, "DELETE FROM diary_links; DELETE FROM diary_entries"));
    zhucun__diary_write__init(&q->diary_write);
    q->diary_write.day = today_s;
    q->diary_write.done = "访问矩阵日志";
    BODY(q, DIARY_WRITE, diary_write);
}

static void b_diary_day(struct req *q)
{
    zhucun__diary_day__init(&q->diary_day);
    q->diary_day.day = today_s;
    BODY(q, DIARY_DAY, diary_day);
}

static void b_diary_list(struct req *q)
{
    zhucun__diary_list__init(&q->diary_list);
    q->diary_list.org_code = A_VIL1;
    BODY(q, DIARY_LIST, diary_list);
}

/* party_a1's days without an entry: a cadre serving in team A. */
static void b_diary_missing(struct req *q)
{
    zhucun__diary_missing__init(&q->diary_missing);
    q->diary_missing.person_id = party_a1;
    BODY(q, DIARY_MISSING, diary_missing);
}

static const struct row rows[] = {
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"OrgShow", "village A1", b_org_show, a_org_unit, IN_OUT(
        /* in  (A accounts) */ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out (B accounts) */ NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF),
     NULL},
    {"OrgChildren", "village A1", b_org_children_village, a_org_list_empty, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF),
     NULL},
    {"OrgChildren", "township A", b_org_children_township, a_org_list_villages, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  NF,  NF,  OK,  OK,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF),
     "team roles bound to a village do not see the township above it"},
    {"OrgSearch", "under village A1", b_org_search, a_org_search, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF),
     NULL},
    {"OrgCreate", "new village in A", b_org_create, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"OrgUpdate", "rename village A2", b_org_update, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"OrgImport", "CSV: new village in A", b_org_import, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/access.md: out of scope answers NOT_FOUND; INVALID_ARGUMENT only for what is wrong "
     "whatever the scope"},
    {"UnitCreate", "new unit at county A", b_unit_create, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"UnitShow", "county unit of A", b_unit_show, a_unit_show, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  OK,  PD,  PD,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  NF),
     "a county unit lies above a township's scope; unit_admin sees its own unit"},
    {"UnitList", "org_code county A", b_unit_list, a_unit_list, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  OK,  PD,  PD,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  NF),
     "docs/access.md: a unit admin sees its own unit, and county A (its grant's scope) holds "
     "it; the township does not cover the county"},
    {"UnitUpdate", "county unit of A", b_unit_update, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"UserAdd", "cadre of village A1", b_user_add, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"UserAdd", "unit_admin in A for B's unit", b_user_add_foreign_unit, NULL, IN_OUT(
        /* in  */              IA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "SPEC O6 / docs/access.md: a grant only within the granter's scope; B's unit is outside "
     "A's offices, and the account would see B's teams; for the province office the unit is in "
     "scope, but a unit_admin grant must sit at the unit's own place (IA)"},
    {"UserShow", "cadre account of A1", b_user_show, a_user_show, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"UserDisable", "cadre account of A1", b_user_disable, a_user_enable, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"UserResetPassword", "cadre account of A1", b_user_reset, a_user_reset, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"UserGrant", "team_captain of A1", b_user_grant, a_user_revoke, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"UserGrant", "unit_admin in A for B's unit", b_user_grant_foreign_unit, a_user_revoke, IN_OUT(
        /* in  */              IA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "SPEC O6 / docs/access.md: a grant only within the granter's scope; B's unit is outside "
     "A's offices, and the grant would show B's teams; for the province office the unit is in "
     "scope, but a unit_admin grant must sit at the unit's own place (IA)"},
    {"TeamCreate", "new village in A", b_team_create, a_team_created, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"TeamShow", "team of A1", b_team_show, a_team, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "unit_admin of A sees the team because A's unit has cadres serving in it"},
    {"TeamMembers", "team of A1", b_team_members, a_team, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     NULL},
    {"TeamAssign", "person of A1 into team of A1", b_team_assign, a_assigned, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"TeamAssign", "person of B into team of A1", b_team_assign_foreign_person, a_assigned, IN_OUT(
        /* in  */              OK,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "SPEC O6: nobody reads or writes outside their scope; the person's record is B's "
     "(docs/access.md: the caller learns nothing of what lies outside, not even that it "
     "exists)"},
    {"TeamAssign", "serving person of B into A1", b_team_assign_serving_foreign_person, NULL, IN_OUT(
        /* in  */              FP,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/access.md: nothing outside the scope may show, not even that it exists; "
     "FAILED_PRECONDITION ('serving in another team') tells A that B's person exists and "
     "serves (the province, in scope, rightly gets it)"},
    {"TeamRecall", "membership in team of A1", b_team_recall, a_recalled, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"TeamSetPartyLeader", "team of A1", b_party_leader, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     NULL},
    {"HouseholdList", "village A1", b_household_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "households are read by offices, supervisors and the village's team; not by exporters "
     "(they pull, through Export) nor by unit admins"},
    {"VisitReport", "county A, this month", b_visit_report, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  OK,  NF,  NF,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "the county lies above a township's and a team's scope: NOT_FOUND, as for any code above "
     "one's scope"},
    {"DutyReport", "county A, this month, every rule", b_duty_report, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  OK,  NF,  NF,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as VisitReport (docs/duties.md): the county lies above a township's and a team's "
     "scope; a unit admin sees teams, not an area"},
    {"AttendanceReport", "county A", b_attendance_report, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  OK,  NF,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  PD,  NF,  PD,  PD),
     "a cadre sees their own week only (AttendanceWeek); the county lies above a township's "
     "and a captain's scope"},
    {"Export", "households of county A", b_export, a_export_drain, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF,  PD),
     "docs/export.md: the exporter and the province, city and county offices, in scope"},
    {"QueueList", "the caller's own queue", b_queue_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     "docs/approvals.md: anyone may be a deputy (SPEC W3: who need not hold the grant), so "
     "every account has a queue, empty unless something waits for it; one's own, so there is "
     "no out of scope"},
    {"LeaveList", "the caller's own and their area's", b_leave_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK),
     "a list filtered to what the caller may see: no target, so no out of scope"},

    /* ---- the session: every role, its own ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"Hello", "new connection, own session", b_hello, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     "docs/access.md: Hello, Ping, Login, Logout need no role"},
    {"Ping", "-", b_ping, a_ping, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     NULL},
    {"Login", "own account, new connection", b_login, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     NULL},
    {"Logout", "own session, new connection", b_logout, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     NULL},
    {"WhoAmI", "own account", b_whoami, a_whoami, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     "docs/access.md: WhoAmI, ChangePassword: any signed-in user, own account"},
    {"ChangePassword", "own account (and back)", b_change_password, a_password_back, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     NULL},

    /* ---- households ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"HouseholdCreate", "new household in A1", b_household_create, a_household_created, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/household-import.md: households are written by the county office, the township and "
     "the village's team (SPEC O6: a cadre writes records of their own team's village)"},
    {"HouseholdShow", "household of A1", b_household_show, a_household_show, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read by offices, supervisors and the village's team, as HouseholdList"},
    {"HouseholdSetState", "household of A1", b_household_set_state, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "the household writers (docs/household-import.md)"},
    {"HouseholdImport", "CSV: household in A1", b_household_import, a_household_imported, IN_OUT(

        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/access.md: an import whose only errors are rows outside the caller's scope answers "
     "NOT_FOUND"},
    {"HouseholdUpdate", "phone of household of A1", b_household_update, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "the household writers (docs/household-import.md)"},
    {"HouseholdMemberAdd", "household of A1", b_member_add, a_member_added, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "the household writers (docs/household-import.md)"},
    {"HouseholdMemberLeave", "member of household of A1", b_member_leave, a_member_left, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "the household writers (docs/household-import.md)"},

    /* ---- visits and follow-up items ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"VisitCreate", "visit to household of A1", b_visit_create, a_visit_created, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "SPEC V5, O6: the teams log visits, a cadre in their own team's village"},
    {"VisitsDue", "the caller's own to-do", b_visits_due, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD),
     "docs/visit-rules.md: a cadre's or team captain's own list: no target, no out of scope"},
    {"DutiesDue", "the caller's own duties", b_duties_due, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  PD,  PD,  OK,  OK,  PD,  PD,  OK),
     "docs/duties.md: the roles that owe duties (the teams, the offices that inspect, a unit's "
     "administrator) see their own list: no target, no out of scope"},
    {"FollowUpList", "org_code village A1", b_follow_up_list_org, a_follow_up_list, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "items of the village's households: read as households are; a unit admin reads teams, "
     "not a village's households (HouseholdList), so the village is outside what it may read"},
    {"FollowUpList", "team_id team of A1", b_follow_up_list_team, a_follow_up_list, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "docs/access.md: a team outside the caller's scope does not exist for them (as TeamShow: "
     "NOT_FOUND), not an empty list; A's unit admin sees the team its cadres serve in"},
    {"FollowUpUpdate", "open item of A1", b_follow_up_update, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "SPEC V5: items are followed up by the village's keepers (the household writers)"},

    /* ---- attendance ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"CheckIn", "the caller's own membership", b_check_in, a_checked_in, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD),
     "docs/access.md: team captain and cadre, their own current membership: no target"},
    {"OfficialBusinessRecord", "cadre serving in A1", b_official_business, a_business_recorded,
     IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/access.md: county office and township, a cadre serving in a team within scope"},
    {"AttendanceWeek", "week of a cadre of A1", b_attendance_week_other, a_week, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  NF,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/access.md: others' weeks through a supervising role's scope; a cadre's role never "
     "shows a teammate (the call is theirs, the teammate is not in it: NOT_FOUND)"},
    {"AttendanceWeek", "the caller's own week", b_attendance_week_own, a_week, IN_OUT(
        /* in  */              FP,  FP,  FP,  FP,  FP,  OK,  OK,  FP,  PD,  PD,
        /* out */              NA,  FP,  FP,  FP,  FP,  OK,  OK,  FP,  PD,  PD),
     "one's own week: those who serve in no team have no week to judge, a business refusal "
     "(FAILED_PRECONDITION, as CheckIn without a membership in docs/access.md)"},

    /* ---- approvals and leave ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"QueueFollow", "the caller's own queue", b_queue_follow, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     "docs/approvals.md: every account has a queue (a deputy need not hold the grant)"},
    {"Decide", "township step, 1-day leave A1", b_decide_township, a_decided, IN_OUT(
        /* in  */              NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF),
     "docs/approvals.md: a step is decided by the holders of its grant at exactly its place "
     "(a city office does not approve a county's step) or their deputies, who may hold any "
     "role; a step not in one's queue does not exist for the caller"},
    {"Decide", "county step, 2-day leave A1", b_decide_county, a_decided, IN_OUT(
        /* in  */              NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF),
     "SPEC A3: 2 days -> the county office; only the step's grant at its place decides"},
    {"Decide", "unit step, 3-day leave A1", b_decide_unit, a_decided, IN_OUT(
        /* in  */              NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF),
     "SPEC A3: 3 days or more -> the county office and the cadre's dispatching unit; the unit "
     "step is unit A's administrator's"},
    {"LeaveRequest", "the caller's own, 1 day", b_leave_request_own, a_leave_requested, IN_OUT(
        /* in  */              PD,  PD,  IA,  IA,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  IA,  IA,  PD,  OK,  OK,  PD,  PD,  PD),
     "docs/approvals.md: cadres ask for their own; an office records one only for a named "
     "cadre (without person_id the request is wrong whatever the scope)"},
    {"LeaveRequest", "for a cadre of A1, by phone", b_leave_request_recorded, a_leave_requested,
     IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  NF,  NF,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/approvals.md: the county office and the township record a request for a cadre in "
     "their scope; a cadre or captain asks only for their own (nobody else is theirs to name)"},
    {"LeaveList", "person_id: a cadre of A1", b_leave_list_person, a_leave_list_person, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  NF,  PD,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD,  NF),
     "docs/access.md: a person outside the caller's scope does not exist for them (NOT_FOUND, "
     "not an empty list); a cadre's role never shows a teammate; A's unit admin approves the "
     "cadre's 3-day leave (docs/approvals.md: those one approves)"},
    {"LeaveShow", "pending 3-day leave of A1", b_leave_show, a_leave_show, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  NF,  PD,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD,  NF),
     "docs/approvals.md: one's own, those recorded, the area's for offices and captains, those "
     "one approves (unit A's step); not a teammate's for a cadre"},
    {"LeaveEnd", "cancel a leave of A1", b_leave_end, a_leave_ended, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  NF,  NF,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "the cadre on leave, the recorder, or the county office or township of the area (who "
     "record leave); a teammate or captain has no part in it"},
    {"LeaveResubmit", "A cadre's returned request", b_leave_resubmit, a_leave_resubmitted, IN_OUT(
        /* in  */              PD,  PD,  NF,  NF,  PD,  NF,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/approvals.md: the submitter revises a returned request; for anyone else it is not "
     "a request of theirs"},
    {"DelegationCreate", "role's grant in A to A's deputy", b_delegation_create,
     a_delegation_revoke, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/approvals.md: an approver hands one of their grants' queues to an account holding "
     "the same grant; B's accounts do not hold A's grant"},
    {"DelegationList", "the caller's own", b_delegation_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK),
     "one's own delegations, given or received (a deputy holds any role): no target"},
    {"ApprovalHistory", "pending 3-day leave of A1", b_approval_history, a_approval_history,
     IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  NF,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "docs/approvals.md: the approvals of a subject in one's area (offices, townships, "
     "captains, inspectors), one's own submissions and those one approves (A's unit admin "
     "decides the unit step); a cadre's role does not show a teammate's; exporters pull"},
    {"DelegationRevoke", "county office A's delegation", b_delegation_revoke, a_delegation_revoked,
     IN_OUT(
        /* in  */              NF,  NF,  OK,  NF,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "only the delegator revokes; another's delegation is not theirs"},

    /* ---- the audit trail ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"AuditVerify", "the whole chain", b_audit_verify, a_audit_verified, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "proto/audit.proto: offices only; the chain is one, and the reply names no one (no "
     "target, so no out of scope)"},

    /* ---- three guarantees, water, labour ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"GuaranteeRecord", "housing appraisal of household of A1", b_guarantee_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/guarantees.md: recorded by the household writers, in the household's village"},
    {"GuaranteeResolve", "open water item of A1", b_guarantee_resolve, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/guarantees.md: resolved by the household writers"},
    {"GuaranteeList", "household of A1", b_guarantee_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as the household is (HouseholdShow)"},
    {"GuaranteeGaps", "org_code village A1", b_guarantee_gaps, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "households' gaps: read as households are; an org unit outside the scope does not exist"},
    {"LabourRecord", "worker of household of A1", b_labour_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/guarantees.md: the labour ledger is kept by the household writers"},
    {"LabourList", "household of A1", b_labour_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as the household is (HouseholdShow)"},
    /* ---- monitoring ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"MonitorEnter", "household of A1", b_monitor_enter, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/monitoring.md: a case is kept by the household's keepers (the household writers)"},
    {"MonitorRiskAdd", "monitored case of A1", b_monitor_risk_add, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/monitoring.md: as MonitorEnter"},
    {"MonitorRiskClose", "open risk of A1", b_monitor_risk_close, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/monitoring.md: as MonitorEnter"},
    {"MeasureAdd", "monitored case of A1", b_measure_add, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/monitoring.md: as MonitorEnter"},
    {"MeasureClose", "open measure of A1", b_measure_close, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/monitoring.md: as MonitorEnter"},
    {"MonitorReview", "village step of an entry in A1", b_monitor_review, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  PD,  PD,  PD,  PD),
     "docs/monitoring.md: the village's review is recorded by its team captain, whose step it "
     "is; another village's captain has no such step"},
    {"MonitorSignOff", "monitored case of A1, nothing open", b_monitor_sign_off, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "SPEC M4: the sign-off is the cadre's (the village's team)"},
    {"MonitorShow", "monitored case of A1", b_monitor_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/monitoring.md: read as households are"},
    {"MonitorList", "org_code village A1", b_monitor_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/monitoring.md: read as households are; an org unit out of scope does not exist"},
    {"MonitorStale", "org_code village A1", b_monitor_stale, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/monitoring.md: as MonitorList"},

    /* ---- income sums, plans and lists ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"IncomeRecord", "this month's sums of household of A1", b_income_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/income.md: the sums are written by the household writers (docs/household-import.md)"},
    {"IncomeHistory", "household of A1", b_income_history, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as HouseholdShow (SPEC X3: incomes only to roles in scope)"},
    {"IncomeList", "village A1, under the threshold", b_income_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as HouseholdList: the village is in every A role's scope"},
    {"IncomePlanSet", "plan of household of A1", b_income_plan_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "the household writers (docs/income.md)"},
    {"IncomePlanShow", "plan of household of A1", b_income_plan_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as HouseholdShow"},

    /* ---- villager points ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"PointsDeedSet", "a deed of village A1's catalogue", b_points_deed_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/points.md: a village's scheme is kept by the household writers"},
    {"PointsGoodSet", "a good of village A1's shop", b_points_good_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/points.md: as PointsDeedSet"},
    {"PointsAward", "household of A1", b_points_award, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/points.md: awards are written by the household writers"},
    {"PointsDonate", "village A1's stock", b_points_donate, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/points.md: as PointsDeedSet"},
    {"PointsRedeem", "household of A1, a good of A1", b_points_redeem, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/points.md: as PointsAward"},
    {"PointsCorrect", "an award of household of A1", b_points_correct, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/points.md: as PointsAward"},
    {"PointsShop", "village A1", b_points_shop, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are; a village out of scope does not exist"},
    {"PointsHistory", "household of A1", b_points_history, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as HouseholdShow"},
    {"PointsReport", "village A1", b_points_report, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    {"PointsCheck", "village A1", b_points_check, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    /* ---- service cases ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"ServiceCaseCreate", "household of A1", b_service_case_create, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/services.md: a case is opened by the village's team (its cadres), in the household's "
     "village; offices read them"},
    {"ServiceCaseStep", "open case of household of A1", b_service_case_step, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/services.md: the village's team records a case's steps"},
    {"ServiceCaseClose", "open case of household of A1", b_service_case_close, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/services.md: the village's team closes a case"},
    {"ServiceCaseList", "household of A1", b_service_case_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as the household is (HouseholdShow); a household out of scope does not exist"},
    {"ServiceCaseShow", "case of household of A1", b_service_case_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as the household is (HouseholdShow)"},
    {"ServiceReport", "org_code village A1", b_service_report, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "counts of households' cases: read as households are; an org unit outside the scope does "
     "not exist"},
    /* ---- competitions ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"ContestRoundOpen", "county A", b_contest_round_open, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/services.md: an office at county level or above opens a round for a unit in its "
     "scope"},
    {"ContestEnter", "team of A1 in an open round of county A", b_contest_enter, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/services.md: a team enters through its own captain or cadres; B's team roles see "
     "neither A's round nor A's team"},
    {"ContestResult", "entry of a closed round of county A", b_contest_result, NULL, IN_OUT(
        /* in  */              NF,  NF,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/services.md: only the office that opened the round (a grant at its unit) gives "
     "results; to the province's and the city's office a county's round is not theirs"},
    {"ContestList", "round of county A", b_contest_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/services.md: a round is seen within its unit and above it; B does not see A's"},

    /* ---- policy delivery ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"QuizCreate", "this month's quiz of A's city or county", b_quiz_create, NULL, IN_OUT(
        /* in  */              PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/policy-delivery.md: the city office quizzes its city, the county office its county"},
    {"QuizScore", "quiz of county A, party_a1", b_quiz_score, NULL, IN_OUT(
        /* in  */              PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/policy-delivery.md: the offices that run quizzes score them, in their scope"},
    {"QuizShow", "quiz of county A", b_quiz_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/policy-delivery.md: a quiz is read by the offices over it"},
    {"QuizReport", "county A's coverage", b_quiz_report, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/policy-delivery.md: as QuizShow"},
    {"VideoRecord", "a video of team A", b_video_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/policy-delivery.md: a team records its own videos"},
    {"VideoList", "org_code village A1", b_video_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/policy-delivery.md: read as households are"},
    {"BroadcastRecord", "a broadcast of village A1", b_broadcast_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/policy-delivery.md: the village's team records its broadcasts"},
    {"BroadcastList", "org_code village A1", b_broadcast_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/policy-delivery.md: read as households are"},
    /* ---- the ledgers and the board ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"LedgerItemCreate", "item of village A1", b_ledger_item_create, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/ledger.md: a village's ledger is kept by its household writers"},
    {"LedgerItemUpdate", "open item of A1", b_ledger_item_update, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/ledger.md: as LedgerItemCreate (FollowUpUpdate's roles)"},
    {"LedgerItemShow", "open item of A1", b_ledger_item_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/ledger.md: read as households are"},
    {"LedgerList", "org_code village A1", b_ledger_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/ledger.md: read as households are; an org unit out of scope does not exist"},
    {"LedgerBoard", "org_code village A1", b_ledger_board, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/ledger.md: as LedgerList"},
    {"LedgerFromGaps", "household of A1", b_ledger_from_gaps, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/ledger.md: as LedgerItemCreate"},
    /* ---- evidence attachments ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"AttachBegin", "the caller's own upload", b_attach_begin, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  OK,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD),
     "docs/attachments.md: the writers of records upload; an upload is the caller's own (no "
     "target, so no out of scope)"},
    {"AttachChunk", "another account's upload", b_attach_chunk, NULL, IN_OUT(
        /* in  */              NF,  NF,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "an upload is its uploader's alone: for anyone else it does not exist"},
    {"AttachFinish", "another account's upload", b_attach_finish, NULL, IN_OUT(
        /* in  */              NF,  NF,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "as AttachChunk"},
    {"AttachLink", "a file of household of A1 to that household", b_attach_link, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/attachments.md: a writer links a file it may see to a record in its scope"},
    {"AttachList", "household of A1", b_attach_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as the record is (HouseholdShow)"},
    {"AttachGet", "a file of household of A1", b_attach_get, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/attachments.md: a file is read through a record in scope that links it"},
    /* ---- consumption assistance (docs/consumption.md) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"PurchaseRecord", "unit A's team buying in A1", b_purchase_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  NF),
     "docs/consumption.md: the unit's administrator, or a cadre serving for the unit (their "
     "team); unit A is no unit of B's accounts"},
    {"PurchaseList", "org_code village A1", b_purchase_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "read as households are; a unit's administrator reads by its unit, not by a place"},
    {"PurchaseList", "unit A, no place", b_purchase_list_unit, a_purchase_list_unit, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK),
     "a list within the caller's scope: from B, unit A's purchases are not there"},
    {"ContractRecord", "a contract of household of A1", b_contract_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/consumption.md: kept by the household writers"},
    {"ContractList", "org_code village A1", b_contract_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    {"QuotaProgress", "org_code county A", b_quota_progress, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/consumption.md: offices by the units' place; a unit's administrator its unit only"},
    {"QuotaProgress", "the caller's units, no place", b_quota_progress_own, a_quota_progress_own,
     IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  OK),
     "a list within the caller's scope: from B, unit A is not there"},
    /* ---- training, study, the units' supervision (docs/training.md) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"StudyRecord", "team A's study today", b_study_record, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/training.md: a team's study is recorded by its cadres"},
    {"StudyList", "org_code village A1", b_study_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    {"StudyMissed", "org_code village A1", b_study_missed, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    {"TrainingSessionAdd", "a session of township A", b_training_session_add, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/training.md: the offices and the township organise sessions in their place"},
    {"TrainingAttend", "party_a1 at county A's session", b_training_attend, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/training.md: the offices and the township record their cadres' attendance; county "
     "A's session does not exist for B"},
    {"TrainingList", "org_code township A", b_training_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/training.md: offices and supervisors"},
    {"TrainingUntrained", "org_code township A", b_training_untrained, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/training.md: offices and supervisors"},
    {"TrainingShort", "org_code township A", b_training_short, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/training.md: offices and supervisors"},
    {"UnitSupervisionRecord", "unit A's hearing at team A", b_unit_supervision_record, NULL,
     IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/training.md: the unit's administrator or an office over the unit's place"},
    {"UnitsBehind", "org_code county A", b_units_behind, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  NF),
     "offices by the units' place; a unit's administrator its unit only, never a place"},
    {"UnitsBehind", "the caller's units, no place", b_units_behind_own, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  OK),
     "a list within the caller's scope"},
    {"UnitSupervisionList", "org_code county A", b_unit_supervision_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  NF),
     "offices by the units' place; a unit's administrator its unit only, never a place"},
    /* ---- the look-back ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"LookbackCampaignCreate", "a campaign of county A", b_lookback_campaign_create, NULL, IN_OUT(
        /* in  */              PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/lookback.md: a city or county office sets a campaign in its scope"},
    {"LookbackReview", "a project of A1 in county A's campaign", b_lookback_review, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/lookback.md: the county office and the township review their villages' projects; "
     "another county's campaign does not exist for them"},
    {"LookbackList", "county A's campaign's reviews in A1", b_lookback_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/lookback.md: read by the offices, the township, the county captain and the "
     "inspector; an org unit out of scope does not exist"},
    {"LookbackProgress", "county A's campaign", b_lookback_progress, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/lookback.md: as LookbackList; another county's campaign does not exist"},
    {"ProjectImport", "a file of one project of A1", b_project_import, NULL, IN_OUT(
        /* in  */              PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/lookback.md: the city and county offices import their scope's historical projects; "
     "a village out of scope does not exist"},
    /* ---- project assets ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"AssetSet", "an asset of an accepted project of A1", b_asset_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/assets.md: assets are kept by the household writers"},
    {"AssetMaintain", "the asset of A1", b_asset_maintain, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/assets.md: as AssetSet"},
    {"AssetIncome", "the operational asset of A1", b_asset_income, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/assets.md: as AssetSet"},
    {"WelfarePostSet", "a post of A1 for a member of household of A1", b_welfare_post_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/assets.md: as AssetSet"},
    {"WelfarePostEnd", "a post of A1", b_welfare_post_end, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/assets.md: as AssetSet"},
    {"AssetList", "org_code village A1", b_asset_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are; an org unit out of scope does not exist"},
    {"AssetShow", "the asset of A1", b_asset_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    {"WelfarePostList", "village A1", b_welfare_post_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    {"AssetDividends", "household of A1", b_asset_dividends, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as HouseholdShow"},
    /* ---- construction and disbursements ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"ProjectFocusSet", "project of A1 (A's unit)", b_project_focus_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "docs/construction.md: kept by the village's team, the township and county offices over "
     "it, and the administrator of the project's responsible unit"},
    {"ProjectTaskAdd", "project of A1 (A's unit)", b_project_task_add, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "as ProjectFocusSet"},
    {"ProjectTaskUpdate", "task of project of A1", b_project_task_update, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "as ProjectFocusSet"},
    {"ProjectProgressReport", "project of A1 (A's unit)", b_project_progress_report, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "as ProjectFocusSet"},
    {"ProjectTargetSet", "project of A1 (A's unit)", b_project_target_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "as ProjectFocusSet"},
    {"ProjectTargetMonitor", "target of project of A1", b_project_target_monitor, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "as ProjectFocusSet"},
    {"ProjectPlanShow", "project of A1 (A's unit)", b_project_plan_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "read by every role over the project's villages and its unit's administrator; exporters "
     "use exports"},
    {"DisbursementRequest", "project of A1 (A's unit)", b_disbursement_request, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  PD,  PD,  NF,  NF,  PD,  PD,  NF),
     "SPEC P2, docs/construction.md: asked for by the responsible unit, the project's team or "
     "the county office"},
    {"DisbursementList", "project of A1 (A's unit)", b_disbursement_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "as ProjectPlanShow"},
    {"ProjectBuildList", "village A1", b_project_build_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "as ProjectPlanShow; a place's list is for place grants: a unit's administrator lists its "
     "unit's projects without a code, and a code is out of its scope"},
    /* ---- projects ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"ProjectCreate", "project of village A1", b_project_create, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/projects.md: proposed by the village's team, the township and the county office"},
    {"ProjectUpdate", "planned project of A1", b_project_update, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/projects.md: kept by those who propose"},
    {"ProjectShow", "project of A1", b_project_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/projects.md: read as households are (a unit's administrator: not yet)"},
    {"ProjectList", "org_code village A1", b_project_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/projects.md: as ProjectShow; an org unit out of scope does not exist"},
    {"ProjectTransition", "planned project of A1 to applied", b_project_transition, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/projects.md: asked for by those who propose; decided through the queue (Decide)"},
    {"ProjectBoard", "org_code village A1", b_project_board, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/projects.md: as ProjectList"},
    /* ---- inspections and circulars ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"InspectionRecord", "an inspection by county A's office of A1", b_inspection_record, NULL,
     IN_OUT(
        /* in  */              NF,  NF,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/inspections.md: an office records its own inspections only: county A's office is "
     "not the province's or the city's (the office they name does not exist for them)"},
    {"FindingAdd", "a finding of county A's inspection against team A", b_finding_add, NULL,
     IN_OUT(
        /* in  */              NF,  NF,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/inspections.md: only the inspecting office adds its findings"},
    {"InspectionList", "county A's office's inspections", b_inspection_list, a_inspection_list,
     IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD),
     "docs/inspections.md: read as households are, seen in the office's area and above it; the "
     "office named may lie above the caller, so a list from B is empty, not refused"},
    {"InspectionShow", "county A's inspection", b_inspection_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/inspections.md: as InspectionList"},
    {"CircularIssue", "the circular of a fresh inspection of county A", b_circular_issue, NULL,
     IN_OUT(
        /* in  */              NF,  NF,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/circulars.md: the inspecting office publishes its inspection's circular"},
    {"CircularList", "county A's circular among those received", b_circular_list, a_circular_list,
     IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD),
     "docs/circulars.md: received in the issuing office's area and by the offices above"},
    {"CircularGet", "county A's circular", b_circular_get, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/circulars.md: as CircularList"},
    /* ---- stars and a cadre's points (docs/stars-points.md) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"StarsCompute", "county A, the last half", b_stars_compute, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: the county office rates its county's teams"},
    {"StarsAdjust", "team A's later rating", b_stars_adjust, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: the county office applies the city's indicators"},
    {"StarsFile", "county A, the half before", b_stars_file, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: the county office files; the province decides through the queue"},
    {"StarsStatus", "org_code county A", b_stars_status, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: the offices see their counties' filings"},
    {"StarsList", "county A, the last half", b_stars_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/stars-points.md: read by the offices and the county's supervisors"},
    {"StarsCodes", "county A, the last half and quarter", b_stars_codes, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: the codes of StarsAdjust and CadrePointsAdd, for their writers"},
    {"CadrePointsRate", "county A, the last quarter", b_cadre_points_rate, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: the county office rates its cadres"},
    {"CadrePointsAdd", "a deduction for A's cadre", b_cadre_points_add, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: the county office keeps the items"},
    {"CadrePointsHistory", "A's cadre", b_cadre_points_history, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  NF,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/stars-points.md: a cadre (and a team captain) sees their own points only; the "
     "offices and supervisors by place"},
    {"CadrePointsRanking", "org_code county A", b_cadre_points_ranking, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: rankings for promotion and awards are the offices'"},
    {"CadrePointsFile", "county A, an earlier quarter", b_cadre_points_file, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/stars-points.md: as StarsFile"},
    /* ---- the quarterly assessment (docs/assessment.md) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"AssessRoundOpen", "county A's cadres this quarter", b_assess_round_open, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: the county office runs its county's rounds"},
    {"AssessRoundShow", "county A's round", b_assess_round_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: read by the offices over the county and its townships"},
    {"AssessScoreSet", "a result of county A's round", b_assess_score_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: the county office enters scores"},
    {"AssessRank", "county A's round", b_assess_rank, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: the county office ranks"},
    {"AssessGradeOverride", "a result of county A's round", b_assess_grade_override, NULL,
     IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: the county office overrides within the quotas"},
    {"AssessSubmit", "a ready round of county A", b_assess_submit, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: the county office submits for publication"},
    {"AssessList", "org_code county A", b_assess_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: the offices over the county name it; a township is not over its "
     "county (it lists without org_code: its county's rounds)"},
    {"AssessRanking", "org_code county A", b_assess_ranking, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/assessment.md: the offices rank the published results of their scope"},
    /* ---- notices (docs/notices.md) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"NoticeSend", "township A's notice to village A1", b_notice_send, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/notices.md: an office sends from a place it covers; a unit's administrator as its "
     "unit, never as a place"},
    {"NoticeList", "the caller's own notices", b_notice_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK),
     "docs/notices.md: everyone with a role but the exporter has an inbox"},
    {"NoticeShow", "county A's notice to village A1", b_notice_show, NULL, IN_OUT(
        /* in  */              NF,  NF,  NF,  NF,  NF,  OK,  OK,  NF,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "docs/notices.md: a notice is opened by its recipients alone (the sender reads the "
     "report)"},
    {"NoticeReply", "county A's notice to village A1", b_notice_reply, NULL, IN_OUT(
        /* in  */              NF,  NF,  NF,  NF,  NF,  OK,  OK,  NF,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "docs/notices.md: a recipient replies"},
    {"NoticeSent", "the caller's places and units", b_notice_sent, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK),
     "a list within the caller's scope"},
    {"NoticeReport", "county A's notice to village A1", b_notice_report, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/notices.md: the offices over the sender's place; a township is below its county"},
    {"NoticePending", "county A's notice to village A1", b_notice_pending, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/notices.md: as the report"},
    {"NoticeRemind", "county A's notice to village A1", b_notice_remind, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/notices.md: as the report"},
    {"NoticeCount", "the caller's own badge", b_notice_count, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK),
     "docs/notices.md: everyone with a role but the exporter"},
    {"NoticeFollow", "the caller's own notices", b_notice_follow, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  OK),
     "docs/notices.md: everyone with a role but the exporter"},
    /* ---- tasks sent down (docs/tasks.md) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"TaskSend", "a task of township A", b_task_send, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/tasks.md: the offices and the township send tasks within their area"},
    {"TaskList", "org_code village A1", b_task_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are"},
    {"TaskShow", "team A's instance of county A's task", b_task_show, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "read as households are; another county's instance does not exist"},
    {"TaskReport", "team A's instance", b_task_report, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/tasks.md: the team reports, its captain or cadres"},
    {"TaskBoard", "county A's task", b_task_board, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/tasks.md: offices and supervisors; no instance below B's units"},
    {"TaskLedger", "team A's instance into A1's ledger", b_task_ledger, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  NF,  NF,  PD,  PD,  PD),
     "docs/tasks.md: as TaskReport"},
    {"TaskSent", "org_code township A", b_task_sent, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  PD,  PD,  NF,  PD,  PD),
     "docs/tasks.md: offices and supervisors"},
    /* ---- the work diary (docs/diary.md) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"DiaryWrite", "the caller's entry today", b_diary_write, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD),
     "docs/diary.md: a cadre writes their own, wherever they serve"},
    {"DiaryDay", "the caller's records today", b_diary_day, NULL, IN_OUT(
        /* in  */              PD,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  OK,  OK,  PD,  PD,  PD),
     "docs/diary.md: one's own records"},
    {"DiaryList", "org_code village A1", b_diary_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/diary.md: the offices and the township read their cadres'; a cadre their own"},
    {"DiaryMissing", "party_a1 of team A", b_diary_missing, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  NF,  NF,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/diary.md: the readers of the cadre's place; a cadre only their own days"},
    /* ---- allowance statements ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"AllowanceCompute", "party_a1's month (unit A, team A)", b_allowance_compute, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/allowances.md: the township and the county office of the placement, or the unit's "
     "administrator, draft; a cadre's allowances are not the city's or the province's"},
    {"AllowanceConfirm", "party_a1's draft of last month", b_allowance_confirm, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/allowances.md: the township or the county office of the placement confirms the days"},
    {"AllowanceSubmit", "party_a1's confirmed statement", b_allowance_submit, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/allowances.md: the office that confirmed sends it to the unit"},
    {"AllowanceCorrect", "party_a1's approved statement", b_allowance_correct, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/allowances.md: those who draft correct an approved statement"},
    {"AllowanceShow", "party_a1's statement", b_allowance_show, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  NF,  NF,  PD,  PD,  OK,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "docs/allowances.md: personal: the cadre (not a teammate), the unit's administrator, the "
     "placement's township and county office"},
    {"AllowanceList", "org_code village A1", b_allowance_list, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  NF,  NF,  PD,  PD,  NF,
        /* out */              NA,  PD,  NF,  NF,  PD,  NF,  NF,  PD,  PD,  NF),
     "docs/allowances.md: a place is the offices' to name; the others list without one"},
    {"AllowanceList", "the caller's own", b_allowance_list_own, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  PD,  OK,  OK,  PD,  OK,  OK,  PD,  PD,  OK),
     "docs/allowances.md: each lists what is theirs (an empty list when nothing is)"},
    /* ---- notices to offices ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"NoticeSend", "county A's notice to the offices below it", b_notice_send_offices, NULL,
     IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  PD,  PD,  PD,  PD,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  PD,  PD,  PD,  PD,  PD,  NF),
     "docs/notices.md: an office sends from a place it covers to the offices below a place "
     "under it (a township's grant does not cover its county)"},
    {"NoticeShow", "county A's notice to its townships' offices", b_notice_show_offices, NULL,
     IN_OUT(
        /* in  */              NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "docs/notices.md: the township office is its recipient; the sender reads the report"},
    {"NoticeReply", "county A's notice to its townships' offices", b_notice_reply_offices, NULL,
     IN_OUT(
        /* in  */              NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  PD,  NF,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  NF),
     "docs/notices.md: a recipient office replies"},
    /* ---- allowance rates ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"AllowanceRateSet", "county A's own city-level rate", b_allowance_rate_set, NULL, IN_OUT(
        /* in  */              PD,  PD,  OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  NF,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/allowances.md: a county's own rate is its county office's alone (the province "
     "office publishes the province-wide ones)"},
    {"AllowanceRateSet", "the province-wide city-level rate", b_allowance_rate_set_province,
     NULL, IN_OUT(
        /* in  */              OK,  PD,  PD,  PD,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  PD,  PD,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/allowances.md: the province-wide rates are the province office's"},
    {"AllowanceRateList", "county A's rates today", b_allowance_rate_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK),
     "docs/allowances.md: published rules, not people's records: every office, township and "
     "unit administrator reads any county's (a unit's cadres serve in many)"},

    /* ---- issue 24 (s24-daily) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"OfficialBusinessList", "the caller's scope", b_official_business_list, a_business_listed,
     IN_OUT(
        /* in  */              PD,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD,
        /* out */              NA,  PD,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  PD),
     "docs/attendance-rules.md: those who record official business list it, within their scope "
     "(the other side's: an empty list)"},

    /* ---- issue 25 (s26-map) ---- */
        /*                     prov city cnty twp  ccap tcap cadr insp exp  uadm */
    {"VisitReport", "county A by village", b_visit_report_villages, a_villages_of_a, IN_OUT(
        /* in  */              OK,  OK,  OK,  NF,  OK,  NF,  NF,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/compliance-report.md: by village, the same scope as by child unit"},
    {"VisitReport", "township A by village", b_visit_report_township_villages, a_villages_of_a,
     IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  NF,  NF,  OK,  PD,  PD,
        /* out */              NA,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  PD,  PD),
     "docs/compliance-report.md: a township sees its own villages; a team's scope lies below"},
};
// clang-format on

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static const char *abbrev(int code)
{
    switch (code) {
    case NA:
        return "-";
    case ZHUCUN__CODE__OK:
        return "OK";
    case ZHUCUN__CODE__NOT_FOUND:
        return "NF";
    case ZHUCUN__CODE__PERMISSION_DENIED:
        return "PD";
    case ZHUCUN__CODE__INVALID_ARGUMENT:
        return "IA";
    case ZHUCUN__CODE__ALREADY_EXISTS:
        return "AE";
    case ZHUCUN__CODE__FAILED_PRECONDITION:
        return "FP";
    case ZHUCUN__CODE__RESOURCE_EXHAUSTED:
        return "RE";
    case ZHUCUN__CODE__INTERNAL:
        return "IN";
    case ZHUCUN__CODE__UNAVAILABLE:
        return "UA";
    case ZHUCUN__CODE__UNAUTHENTICATED:
        return "UN";
    default:
        return "??";
    }
}

/* ---- cells where the server answers otherwise than the rules ----
 * Each entry names one cell (row by call and target, the role, the side), the code the rules
 * ask for (as in the row) and the code the server gives today. The test prints each as
 * KNOWN WRONG and fails when one answers the expected code (remove the entry) or anything
 * else than listed. Keep it as short as the truth allows: the fix belongs in the server. */
struct known_wrong {
    const char *call;
    const char *target;
    enum role role;
    enum side side;
    int expected;
    int got;
};

static const struct known_wrong known_wrong[] = {};

#define NKNOWN (sizeof(known_wrong) / sizeof(known_wrong[0]))
/* The loops' bound is a variable, not the constant: with known_wrong[] empty, a constant 0
 * makes `w < NKNOWN` an always-false comparison that -Wtype-limits refuses. */
static const size_t nknown = NKNOWN;

/* The entry for row i's cell (s, k), or -1. */
static int known_index(size_t i, int s, int k)
{
    for (size_t w = 0; w < nknown; w++)
        if (strcmp(known_wrong[w].call, rows[i].call) == 0 &&
            strcmp(known_wrong[w].target, rows[i].target) == 0 && (int)known_wrong[w].role == k &&
            (int)known_wrong[w].side == s)
            return (int)w;
    return -1;
}

static void print_matrix(int got[][2][NROLES], const char *problems[][2][NROLES])
{
    static const char *side_name[2] = {"in", "out"};
    printf("\nAccess matrix: the call targets subtree A; 'in' = the role's account in A, "
           "'out' = its account in sibling subtree B.\n"
           "OK, NF = NOT_FOUND, PD = PERMISSION_DENIED, IA = INVALID_ARGUMENT, "
           "FP = FAILED_PRECONDITION, - = no account;\n"
           "'*' = differs from the expected code, '~' = differs as listed in known_wrong[], "
           "'!' = OK but the reply or its undo was wrong\n\n");
    printf("%-22s %-32s %-3s", "call", "target", "");
    for (int k = 0; k < NROLES; k++)
        printf(" %-6s", roles[k].label);
    printf("\n");
    for (size_t i = 0; i < NROWS; i++) {
        for (int s = 0; s < 2; s++) {
            printf("%-22s %-32s %-3s", s == 0 ? rows[i].call : "", s == 0 ? rows[i].target : "",
                   side_name[s]);
            for (int k = 0; k < NROLES; k++) {
                char cell[8];
                int w = known_index(i, s, k);
                const char *mark = got[i][s][k] != rows[i].want[s][k]
                                       ? (w >= 0 && known_wrong[w].got == got[i][s][k] ? "~" : "*")
                                   : problems[i][s][k] != NULL ? "!"
                                                               : "";
                snprintf(cell, sizeof(cell), "%s%s", abbrev(got[i][s][k]), mark);
                printf(" %-6s", cell);
            }
            printf("\n");
        }
    }
}

/* The self-check: every member of Request's body oneof was sent by a row named after its
 * message, and every row sent the call it is named after. Returns the number of problems,
 * each printed. */
static int check_coverage(const int sent[])
{
    const ProtobufCMessageDescriptor *d = &zhucun__request__descriptor;
    int problems = 0, calls = 0, covered = 0;
    for (unsigned f = 0; f < d->n_fields; f++) {
        const ProtobufCFieldDescriptor *fd = &d->fields[f];
        if (!(fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            continue;
        const char *name = ((const ProtobufCMessageDescriptor *)fd->descriptor)->short_name;
        int found = 0;
        calls++;
        for (size_t i = 0; i < NROWS; i++) {
            if (sent[i] != (int)fd->id)
                continue;
            if (strcmp(rows[i].call, name) != 0) {
                printf("MISNAMED ROW: row %zu '%s' (%s) sends %s\n", i, rows[i].call,
                       rows[i].target, name);
                problems++;
                continue;
            }
            found = 1;
        }
        if (!found) {
            printf("NO ROW: %s (Request.%s = %u) has no row in the access matrix: add one to "
                   "rows[] in tests/integration/test_access.c (docs/access.md)\n",
                   name, fd->name, fd->id);
            problems++;
        } else {
            covered++;
        }
    }
    for (size_t i = 0; i < NROWS; i++) {
        const ProtobufCFieldDescriptor *fd =
            protobuf_c_message_descriptor_get_field(d, (unsigned)sent[i]);
        if (fd == NULL || !(fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)) {
            printf("MISNAMED ROW: row %zu '%s' (%s) sends no call\n", i, rows[i].call,
                   rows[i].target);
            problems++;
        }
    }
    printf("coverage: %d of %d calls of Request.body have a row\n", covered, calls);
    return problems;
}

static void test_matrix(void **state)
{
    (void)state;
    static int got[NROWS][2][NROLES];
    static const char *problems[NROWS][2][NROLES];
    static int sent[NROWS]; /* the body case each row sent */
    static int known_seen[NKNOWN];
    int cases = 0, differ = 0, bad_replies = 0, known = 0, fixed = 0;
    long long t0 = zt_now_ms();
    for (size_t i = 0; i < NROWS; i++) {
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < NROLES; k++) {
                struct zc_client *c = acct[s][k];
                problems[i][s][k] = NULL;
                if (c == NULL) {
                    got[i][s][k] = NA;
                    continue;
                }
                seq++;
                cur_side = s;
                cur_role = k;
                struct req q;
                memset(&q, 0, sizeof(q));
                zhucun__request__init(&q.req);
                rows[i].build(&q);
                sent[i] = (int)q.req.body_case;
                Zhucun__Code code;
                if (q.run != NULL) {
                    code = q.run(s, k, &q, &problems[i][s][k]);
                } else {
                    Zhucun__Reply *reply = NULL;
                    code = zt_call(c, &q.req, &reply);
                    if (code == ZHUCUN__CODE__OK && rows[i].after != NULL)
                        problems[i][s][k] = rows[i].after(c, &q, reply);
                    zc_reply_free(reply);
                }
                got[i][s][k] = code;
                cases++;
            }
        }
    }
    long long ms = zt_now_ms() - t0;
    print_matrix(got, problems);

    printf("\n");
    for (size_t i = 0; i < NROWS; i++) {
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < NROLES; k++) {
                int want = rows[i].want[s][k], w = known_index(i, s, k);
                const char *who = s == IN ? "of A (in scope)" : "of B (out)";
                if (w >= 0) {
                    known_seen[w] = 1;
                    if (known_wrong[w].expected != want) {
                        differ++;
                        printf("BAD known_wrong[%d]: %s (%s) as %s %s expects %s, the row %s\n", w,
                               rows[i].call, rows[i].target, roles[k].role, who,
                               abbrev(known_wrong[w].expected), abbrev(want));
                        continue;
                    }
                }
                if (got[i][s][k] == want && w >= 0) {
                    fixed++;
                    printf("NOW RIGHT %s (%s) as %s %s: answers %s as expected; remove its "
                           "known_wrong[] entry\n",
                           rows[i].call, rows[i].target, roles[k].role, who, abbrev(want));
                } else if (got[i][s][k] == want) {
                    if (problems[i][s][k] != NULL) {
                        bad_replies++;
                        printf("BAD REPLY %s (%s) as %s %s: %s\n", rows[i].call, rows[i].target,
                               roles[k].role, who, problems[i][s][k]);
                    }
                } else if (w >= 0 && got[i][s][k] == known_wrong[w].got) {
                    known++;
                    printf("KNOWN WRONG %s (%s) as %s %s: expected %s, got %s -- %s\n",
                           rows[i].call, rows[i].target, roles[k].role, who, abbrev(want),
                           abbrev(got[i][s][k]), rows[i].why ? rows[i].why : "");
                } else {
                    differ++;
                    printf("DIFFERS %s (%s) as %s %s: expected %s, got %s%s%s\n", rows[i].call,
                           rows[i].target, roles[k].role, who, abbrev(want), abbrev(got[i][s][k]),
                           rows[i].why ? " -- " : "", rows[i].why ? rows[i].why : "");
                }
            }
        }
    }
    int stale = 0;
    for (size_t w = 0; w < nknown; w++) {
        if (!known_seen[w]) {
            stale++;
            printf("STALE known_wrong[%zu]: %s (%s) names no cell of the matrix\n", w,
                   known_wrong[w].call, known_wrong[w].target);
        }
    }
    printf("\n%d cases (%zu rows x %d accounts): %d as expected, %d known wrong, %d differ, "
           "%d bad replies, %d known wrong now right; %lld ms\n",
           cases, NROWS, 2 * NROLES - 1, cases - differ - bad_replies - known - fixed, known,
           differ, bad_replies, fixed, ms);
    int uncovered = check_coverage(sent);
    fflush(stdout);
    assert_int_equal(uncovered, 0);
    assert_int_equal(differ, 0);
    assert_int_equal(bad_replies, 0);
    assert_int_equal(fixed, 0);
    assert_int_equal(stale, 0);
}

/* The consequence of a foreign unit in a unit_admin grant: an office of A makes an account
 * that reads B's team. */
static void test_foreign_unit_admin_reads_other_subtree(void **state)
{
    (void)state;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = "演示越权";
    p.org_code = A_COUNTY;
    p.unit_id = unit_b;
    ua.username = "foreign-uadm";
    ua.person = &p;
    ua.role = "unit_admin";
    req.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
    req.user_add = &ua;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(acct[IN][COUNTY], &req, &reply);
    if (code != ZHUCUN__CODE__OK) {
        zc_reply_free(reply);
        assert_int_equal(code, ZHUCUN__CODE__NOT_FOUND);
        return;
    }
    char initial[32];
    snprintf(initial, sizeof(initial), "%s", reply->user_add->initial_password);
    zc_reply_free(reply);
    struct zc_client *c = first_login("foreign-uadm", initial, NULL);
    Zhucun__Request sreq = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamShow ts = ZHUCUN__TEAM_SHOW__INIT;
    ts.id = team_b;
    sreq.body_case = ZHUCUN__REQUEST__BODY_TEAM_SHOW;
    sreq.team_show = &ts;
    reply = NULL;
    Zhucun__Code seen = zt_call(c, &sreq, &reply);
    if (seen == ZHUCUN__CODE__OK)
        printf("LEAK: county office of A (%s) created unit_admin 'foreign-uadm' for B's unit %lld;"
               " that account reads B's team %lld at %s with %zu members\n",
               A_COUNTY, (long long)unit_b, (long long)team_b, reply->team->org_code,
               reply->team->n_members);
    zc_reply_free(reply);
    zc_close(c);
    fflush(stdout);
    fail_msg("county office of A created a unit_admin account for B's unit (expected NOT_FOUND); "
             "its TeamShow of B's team answered %s",
             abbrev(seen));
}

/* ---- setup ---- */

static int setup(void **state)
{
    (void)state;
    long long t0 = zt_now_ms();
    zt_server_start(&srv, "access", NULL);
    today_d = zt_today();
    day_str(today_d, today_s);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROVINCE, 0), 0);
    acct[IN][PROV] = zt_login(&srv, "prov", PW, token[IN][PROV]);
    snprintf(acct_name[IN][PROV], sizeof(acct_name[IN][PROV]), "prov");

    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__OrgImport im = ZHUCUN__ORG_IMPORT__INIT;
    im.csv = (char *)tree;
    req.body_case = ZHUCUN__REQUEST__BODY_ORG_IMPORT;
    req.org_import = &im;
    must(zt_call(prov, &req, NULL), "OrgImport");

    unit_a = unit_create("小店区测试派出单位", A_COUNTY);
    unit_b = unit_create("新荣区测试派出单位", B_COUNTY);
    team_a = team_create(A_VIL1, "测试一村驻村工作队");
    team_b = team_create(B_VIL, "测试三村驻村工作队");
    /* Two party members from each subtree's unit serve in its team; the unit_admin of A
     * sees team A through them, and a party group leader can be named. */
    party_a1 = user_add("party-a1", A_VIL1, unit_a, 1, "cadre", NULL);
    party_a2 = user_add("party-a2", A_VIL1, unit_a, 1, "cadre", NULL);
    party_b1 = user_add("party-b1", B_VIL, unit_b, 1, "cadre", NULL);
    int64_t party_b2 = user_add("party-b2", B_VIL, unit_b, 1, "cadre", NULL);
    assign(team_a, party_a1, unit_a);
    assign(team_a, party_a2, unit_a);
    assign(team_b, party_b1, unit_b);
    assign(team_b, party_b2, unit_b);
    set_party_leader(team_a, party_a1);
    set_party_leader(team_b, party_b1);
    user_add(TARGET_USER, A_VIL1, 0, 0, "cadre", NULL);

    /* One account per role and subtree, made by the province office over the protocol. */
    for (int s = 0; s < 2; s++) {
        for (int k = 0; k < NROLES; k++) {
            if (k == PROV || roles[k].scope[s] == NULL)
                continue;
            char initial[32];
            char *name = acct_name[s][k];
            snprintf(name, sizeof(acct_name[s][k]), "%s-%s", s == IN ? "a" : "b", roles[k].label);
            person_of[s][k] =
                user_add(name, roles[k].scope[s], k == UADM ? (s == IN ? unit_a : unit_b) : 0, 0,
                         roles[k].role, initial);
            acct[s][k] = first_login(name, initial, token[s][k]);
        }
    }
    /* The team captain and the cadre serve in their subtree's team (check-in, their own week
     * and leave need a membership). */
    for (int s = 0; s < 2; s++) {
        assign_post(s == IN ? team_a : team_b, person_of[s][TCAP], s == IN ? unit_a : unit_b,
                    "captain");
        assign(s == IN ? team_a : team_b, person_of[s][CADRE], s == IN ? unit_a : unit_b);
    }
    /* A's deputies: an account holding the same grant as each approver role of A (the
     * delegation rows delegate to them). */
    static const int approvers[] = {PROV, CITY, COUNTY, TWP, UADM};
    for (size_t i = 0; i < sizeof(approvers) / sizeof(approvers[0]); i++) {
        int k = approvers[i];
        char name[48];
        deputy_name(k, name);
        user_add(name, roles[k].scope[IN], k == UADM ? unit_a : 0, 0, roles[k].role, NULL);
    }
    /* A household of A1 and an open follow-up item raised on a visit to it. */
    hh_a = household_create(A_VIL1, "2025-01-01");
    {
        char deadline[11];
        day_str(today_d + 30, deadline);
        Zhucun__Problem pr = ZHUCUN__PROBLEM__INIT;
        Zhucun__Problem *prp = &pr;
        pr.text = "访问矩阵测试问题";
        pr.responsible_id = party_a1;
        pr.deadline = deadline;
        struct req q;
        memset(&q, 0, sizeof(q));
        zhucun__request__init(&q.req);
        b_visit_create(&q);
        q.visit_create.n_problems = 1;
        q.visit_create.problems = &prp;
        Zhucun__Reply *reply = NULL;
        must(zt_call(acct[IN][CADRE], &q.req, &reply), "VisitCreate (with a problem)");
        item_a = reply->visit_create->item_ids[0];
        zc_reply_free(reply);
    }
    /* A pending 3-day leave of party_a1: a county office step and a unit step. */
    show_leave = leave_record(party_a1, 3);
    /* A training session of county A, today. */
    {
        char sql[300];
        snprintf(sql, sizeof(sql),
                 "INSERT INTO training_sessions (level, org_code, title, audience, starts_on,"
                 " ends_on) VALUES ('county', '" A_COUNTY "', '访问矩阵县级培训', 'all', '%s',"
                 " '%s') RETURNING id",
                 today_s, today_s);
        char *v = zt_sql(&srv, sql);
        training_a = atoll(v);
        free(v);
    }
    /* County A's notice to village A1, a reply required (docs/notices.md). */
    {
        char *v = zt_sql(&srv, "SELECT split_part(zc_notice_send((SELECT min(id) FROM users),"
                               " '', '{140105%}', '{}', '" A_COUNTY "', 0, '访问矩阵县通知',"
                               " '正文', true, NULL, 'place', '" A_VIL1 "', 0, '{}', '{}',"
                               " 50000, 'setup', ''), '|', 1)");
        notice_a = atoll(v);
        free(v);
    }
    printf("setup: %lld ms\n", zt_now_ms() - t0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < NROLES; k++)
            if (acct[s][k] != NULL)
                zc_close(acct[s][k]);
    zt_server_finish(&srv);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
        cmocka_unit_test(test_foreign_unit_admin_reads_other_subtree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
