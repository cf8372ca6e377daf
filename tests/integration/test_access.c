/* test_access.c -- the access matrix (SPEC O5, O6; docs/access.md): every call of the
 * organisation issue, and the reads of the later ones (households, the visit report, the
 * attendance report, exports, the approval queue, leave).
 *
 * Two sibling subtrees, A (Taiyuan / Xiaodian) and B (Datong / Xinrong), each with a
 * dispatching unit, a village team and one account per role. Every call of the issue is a
 * row whose request targets something in A; it runs as each role's A account (in scope) and
 * B account (out of scope) and must answer the status written down by hand in the row: not
 * computed by the server's own logic, but read off the SPEC and the one rule of
 * docs/access.md (out of scope = NOT_FOUND, exactly as a record that does not exist;
 * PERMISSION_DENIED = the roles may never make this call). The whole matrix is printed.
 *
 * The province office is the control: its one account covers both subtrees, so it has no
 * out-of-scope column. Writes that succeed are undone (disable, grant) or use fresh codes,
 * names and people, so that no row depends on what an earlier one did. */
#include "harness.h"

#include "common/clock.h"

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
#define prov (acct[IN][PROV])

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

static int64_t assign(int64_t team, int64_t person, int64_t unit)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = team;
    ta.person_id = person;
    ta.post = "member";
    ta.unit_id = unit;
    req.body_case = ZHUCUN__REQUEST__BODY_TEAM_ASSIGN;
    req.team_assign = &ta;
    Zhucun__Reply *reply = NULL;
    must(zt_call(prov, &req, &reply), "TeamAssign");
    int64_t id = reply->membership->id;
    zc_reply_free(reply);
    return id;
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

/* Logs in with the initial password and changes it (nothing else is allowed before). */
static struct zc_client *first_login(const char *username, const char *initial)
{
    struct zc_client *c = zt_login(&srv, username, initial, NULL);
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
    char username[32];
    snprintf(username, sizeof(username), "fresh-%d", ++n);
    return user_add(username, org, 0, 0, "cadre", NULL);
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
    Zhucun__AttendanceReport attendance_report;
    Zhucun__QueueList queue_list;
    Zhucun__LeaveList leave_list;
    Zhucun__Export export;
    char code[13];
    char text[2][128];
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

static const char *a_recalled(struct zc_client *c, struct req *q, const Zhucun__Reply *r)
{
    (void)c;
    (void)q;
    (void)r;
    fresh_membership = 0;
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

/* ---- the matrix ---- */

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

/* The expected codes, written down by hand from SPEC O5/O6 and docs/access.md. */
// clang-format off
#define IN_OUT(i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, o0, o1, o2, o3, o4, o5, o6, o7, o8, o9)      \
    {{i0, i1, i2, i3, i4, i5, i6, i7, i8, i9}, {o0, o1, o2, o3, o4, o5, o6, o7, o8, o9}}
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
        /* in  */              OK,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  PD,  PD,  PD,  PD,  PD,  OK),
     "docs/approvals.md: approvers are offices, townships and unit admins; a queue is one's "
     "own, so there is no out of scope"},
    {"LeaveList", "the caller's own and their area's", b_leave_list, NULL, IN_OUT(
        /* in  */              OK,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK,
        /* out */              NA,  OK,  OK,  OK,  OK,  OK,  OK,  PD,  PD,  OK),
     "a list filtered to what the caller may see: no target, so no out of scope"},
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

static void print_matrix(int got[][2][NROLES], const char *problems[][2][NROLES])
{
    static const char *side_name[2] = {"in", "out"};
    printf(
        "\nAccess matrix: the call targets subtree A; 'in' = the role's account in A, "
        "'out' = its account in sibling subtree B.\n"
        "OK, NF = NOT_FOUND, PD = PERMISSION_DENIED, IA = INVALID_ARGUMENT, "
        "FP = FAILED_PRECONDITION, - = no account; "
        "'*' = differs from the expected code, '!' = OK but the reply or its undo was wrong\n\n");
    printf("%-18s %-30s %-3s", "call", "target", "");
    for (int k = 0; k < NROLES; k++)
        printf(" %-6s", roles[k].label);
    printf("\n");
    for (size_t i = 0; i < NROWS; i++) {
        for (int s = 0; s < 2; s++) {
            printf("%-18s %-30s %-3s", s == 0 ? rows[i].call : "", s == 0 ? rows[i].target : "",
                   side_name[s]);
            for (int k = 0; k < NROLES; k++) {
                char cell[8];
                snprintf(cell, sizeof(cell), "%s%s", abbrev(got[i][s][k]),
                         got[i][s][k] != rows[i].want[s][k] ? "*"
                         : problems[i][s][k] != NULL        ? "!"
                                                            : "");
                printf(" %-6s", cell);
            }
            printf("\n");
        }
    }
}

static void test_matrix(void **state)
{
    (void)state;
    static int got[NROWS][2][NROLES];
    static const char *problems[NROWS][2][NROLES];
    int cases = 0, differ = 0, bad_replies = 0;
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
                struct req q;
                memset(&q, 0, sizeof(q));
                zhucun__request__init(&q.req);
                rows[i].build(&q);
                Zhucun__Reply *reply = NULL;
                Zhucun__Code code = zt_call(c, &q.req, &reply);
                if (code == ZHUCUN__CODE__OK && rows[i].after != NULL)
                    problems[i][s][k] = rows[i].after(c, &q, reply);
                zc_reply_free(reply);
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
                if (got[i][s][k] != rows[i].want[s][k]) {
                    differ++;
                    printf("DIFFERS %s (%s) as %s %s: expected %s, got %s%s%s\n", rows[i].call,
                           rows[i].target, roles[k].role,
                           s == IN ? "of A (in scope)" : "of B (out)", abbrev(rows[i].want[s][k]),
                           abbrev(got[i][s][k]), rows[i].why ? " -- " : "",
                           rows[i].why ? rows[i].why : "");
                } else if (problems[i][s][k] != NULL) {
                    bad_replies++;
                    printf("BAD REPLY %s (%s) as %s %s: %s\n", rows[i].call, rows[i].target,
                           roles[k].role, s == IN ? "of A" : "of B", problems[i][s][k]);
                }
            }
        }
    }
    printf("\n%d cases (%zu rows x %d accounts): %d as expected, %d differ, %d bad replies; "
           "%lld ms\n",
           cases, NROWS, 2 * NROLES - 1, cases - differ - bad_replies, differ, bad_replies, ms);
    fflush(stdout);
    assert_int_equal(differ, 0);
    assert_int_equal(bad_replies, 0);
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
    struct zc_client *c = first_login("foreign-uadm", initial);
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
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROVINCE, 0), 0);
    acct[IN][PROV] = zt_login(&srv, "prov", PW, NULL);

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
            char username[40], initial[32];
            snprintf(username, sizeof(username), "%s-%s", s == IN ? "a" : "b", roles[k].label);
            user_add(username, roles[k].scope[s], k == UADM ? (s == IN ? unit_a : unit_b) : 0, 0,
                     roles[k].role, initial);
            acct[s][k] = first_login(username, initial);
        }
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
