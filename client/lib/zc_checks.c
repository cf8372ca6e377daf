/* zc_checks.c -- each call's argument checks, made before anything is sent: the same tests,
 * messages and field names as the server's handlers, so that the CLI, the desk and the
 * server refuse a bad argument in the same words.
 *
 * The messages are the server's and, like the server's, are not translated. Each check
 * function follows its handler in server/ line for line, in the same order, up to the first
 * check the client cannot make (the caller's scope, the server's configuration, the
 * database); later pure checks are made too, since the server makes them whatever the scope.
 * Every limit, enumeration and message of a test is common/rules' (the handler calls the same
 * function or names the same constant); what stays here is the order of the tests and the
 * field each names, which is the handler's.
 *
 * One set of checks, read two ways. A check does not stop at a problem: refuse() writes it
 * down and the checks of the other fields go on, so that zc_check_all can list every field
 * at fault for a form to mark at once. The first problem written is always the one the
 * server would answer with (the checks run in the handler's order, and a check that depends
 * on a field already refused is skipped, or stops its function with "return refuse"), and
 * that first problem is what zc_check and the typed calls report. Each field is written once,
 * with its first problem: later tests of a field already at fault add nothing. A check's int
 * says only whether it stopped early (-1); what it found is in its struct checks. */
#include "zc_checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <protobuf-c/protobuf-c.h>

#include "common/clock.h"
#include "common/rules/account.h"
#include "common/rules/idcard.h"
#include "common/rules/approval.h"
#include "common/rules/attach.h"
#include "common/rules/attendance.h"
#include "common/rules/checkin.h"
#include "common/rules/daily.h"
#include "common/rules/date.h"
#include "common/rules/guarantee.h"
#include "common/rules/service.h"
#include "common/rules/household.h"
#include "common/rules/ids.h"
#include "common/rules/income.h"
#include "common/rules/leave.h"
#include "common/rules/ledger.h"
#include "common/rules/monitoring.h"
#include "common/rules/org.h"
#include "common/rules/asset.h"
#include "common/rules/consume.h"
#include "common/rules/training.h"
#include "common/rules/tasks.h"
#include "common/rules/diary.h"
#include "common/rules/inspect.h"
#include "common/rules/stars.h"
#include "common/rules/points.h"
#include "common/rules/construction.h"
#include "common/rules/project.h"
#include "common/rules/people.h"
#include "common/rules/policy.h"
#include "common/rules/report.h"
#include "common/rules/team.h"
#include "common/rules/visits.h"
#include "common/rules/lookback.h"
#include "common/rules/assess.h"
#include "common/rules/notices.h"
#include "common/rules/allowance.h"

/* The problems found in one body: the first max are kept in out. */
struct checks {
    struct zc_field_problem *out;
    size_t max, n;
};

static int refuse(struct checks *ck, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes down a problem as the server's request_fail(INVALID_ARGUMENT, message, field) would
 * report it (field NULL: the request as a whole), unless field already has one; returns -1
 * so that a check can stop there ("return refuse(...)") when what follows depends on it. */
static int refuse(struct checks *ck, const char *field, const char *fmt, ...)
{
    if (field == NULL)
        field = "";
    for (size_t i = 0; i < ck->n; i++)
        if (strcmp(ck->out[i].field, field) == 0)
            return -1;
    if (ck->n == ck->max)
        return -1;
    struct zc_field_problem *p = &ck->out[ck->n++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof(p->message), fmt, ap);
    va_end(ap);
    snprintf(p->field, sizeof(p->field), "%s", field);
    return -1;
}

static void today(char out[11])
{
    rules_date_format(zc_clock_today(), out);
}

static int date_ok(const char *s)
{
    int y, m, d;
    return rules_date_parse(s, &y, &m, &d) == 0;
}

/* ---- the ids every handler relies on (common/rules/ids.h) ---- */

/* As the server's check_ids, which refuses the first required id that is not positive; every
 * such id is written down. */
static void check_ids(int body_case, const ProtobufCMessage *body, struct checks *ck)
{
    const char *missing[RULES_IDS_MAX];
    char buf[96];
    int n = rules_missing_ids(body_case, body, missing, RULES_IDS_MAX);
    for (int i = 0; i < n && i < RULES_IDS_MAX; i++)
        refuse(ck, missing[i], "%s", rules_missing_id_message(missing[i], buf, sizeof(buf)));
}

/* ---- auth (server/auth/handlers.c) ---- */

static int check_change_password(const Zhucun__ChangePassword *in, struct checks *ck)
{
    /* The server's minimum length is its configuration: everything else of the rule. */
    char buf[160];
    const char *problem = rules_password_problem(in->new_password, 0, buf, sizeof(buf));
    if (in->old_password[0] == '\0')
        refuse(ck, "old_password", "请输入旧密码");
    else if (strlen(in->old_password) > PASSWORD_MAX_BYTES)
        refuse(ck, "old_password", "旧密码不正确");
    if (problem != NULL)
        refuse(ck, "new_password", "%s", problem);
    else if (strcmp(in->old_password, in->new_password) == 0)
        refuse(ck, "new_password", "新密码不能与旧密码相同");
    return 0;
}

/* ---- org (server/org/handlers.c) ---- */

/* The server's check_code: the level of a well-formed code, or -1 after refusing it. */
static int check_code(const char *code, const char *field, struct checks *ck)
{
    int level = rules_code_level(code);
    char parent[ORG_CODE_LEN + 1];
    if (level < 0 || (level > ORG_PROVINCE && rules_code_parent(code, parent) < 0)) {
        refuse(ck, field, "区划代码应为 12 位数字的统计用区划代码：%.40s", code);
        return -1;
    }
    return level;
}

static int check_village_fields(int level, int set_location, double lat, double lon,
                                unsigned geofence, char **tags, size_t ntags, struct checks *ck)
{
    const char *problem;
    if (level != ORG_VILLAGE && (set_location || geofence != 0 || ntags > 0))
        return refuse(ck, set_location ? "lat" : "tags",
                      "只有行政村有打卡坐标、打卡范围和示范标签");
    if (set_location && (problem = rules_location_problem(lat, lon)) != NULL)
        return refuse(ck, "lat", "%s", problem);
    if (geofence != 0 && (problem = rules_geofence_problem(geofence)) != NULL)
        return refuse(ck, "geofence_m", "%s", problem);
    if (ntags > ORG_TAGS_MAX)
        return refuse(ck, "tags", "示范标签过多");
    for (size_t i = 0; i < ntags; i++)
        if ((problem = rules_org_tag_problem(tags[i])) != NULL)
            return refuse(ck, "tags", "%s", problem);
    return 0;
}

static int check_org_search(const Zhucun__OrgSearch *in, struct checks *ck)
{
    long chars = rules_utf8_chars(in->query);
    if (chars < 1 || chars > ORG_SEARCH_QUERY_MAX)
        return refuse(ck, "query", "请输入 1 到 60 个字的名称关键词");
    if (in->under[0] != '\0' && check_code(in->under, "under", ck) < 0)
        return -1;
    return 0;
}

static int check_org_create(const Zhucun__OrgCreate *in, struct checks *ck)
{
    const Zhucun__OrgUnit *u = in->unit;
    if (u == NULL)
        return refuse(ck, "unit", "缺少要建立的单位");
    int level = check_code(u->code, "code", ck);
    if (level < 0)
        return -1;
    const char *problem = rules_org_name_problem(u->name);
    if (problem != NULL)
        return refuse(ck, "name", "%s", problem);
    if (level == ORG_PROVINCE || (u->level != 0 && (int)u->level != level))
        return refuse(ck, "level", "区划代码 %s 是%s级代码，与所填层级不符", u->code,
                      rules_level_name(level));
    return check_village_fields(level, u->has_location, u->lat, u->lon, u->geofence_m, u->tags,
                                u->n_tags, ck);
}

static int check_org_update(const Zhucun__OrgUpdate *in, struct checks *ck)
{
    int level = check_code(in->code, "code", ck);
    if (level < 0)
        return -1;
    const char *problem = in->name[0] != '\0' ? rules_org_name_problem(in->name) : NULL;
    if (problem != NULL)
        return refuse(ck, "name", "%s", problem);
    if (check_village_fields(level, in->set_location, in->lat, in->lon, in->geofence_m, in->tags,
                             in->n_tags, ck) != 0)
        return -1;
    if (in->set_tags && level != ORG_VILLAGE)
        return refuse(ck, "tags", "只有行政村有示范标签");
    if (in->name[0] == '\0' && !in->set_location && in->geofence_m == 0 && !in->set_tags)
        return refuse(ck, NULL, "没有要修改的内容");
    return 0;
}

/* ---- units, users and teams (server/people/handlers.c, server/team/handlers.c) ---- */

static int check_unit_create(const Zhucun__UnitCreate *in, struct checks *ck)
{
    const Zhucun__DispatchUnit *u = in->unit;
    const char *problem;
    char buf[64];
    if (u == NULL)
        return refuse(ck, "unit", "缺少派出单位");
    if ((problem = rules_org_name_problem(u->name)) != NULL)
        return refuse(ck, "name", "%s", problem);
    int want = rules_unit_org_level(u->level);
    if (want < 0)
        return refuse(ck, "level", UNIT_LEVEL_PROBLEM);
    if (rules_code_level(u->org_code) != want)
        return refuse(ck, "org_code", "%s级派出单位应挂在%s级区划代码下", u->level,
                      rules_level_name(want));
    if ((problem = rules_text_problem(u->leader_name, UNIT_LEADER_NAME_MAX, buf, sizeof(buf))) !=
        NULL)
        return refuse(ck, "leader_name", "%s", problem);
    if ((problem = rules_text_problem(u->handling_office, UNIT_TEXT_MAX, buf, sizeof(buf))) != NULL)
        return refuse(ck, "handling_office", "%s", problem);
    return 0;
}

static int check_unit_list(const Zhucun__UnitList *in, struct checks *ck)
{
    if (in->level[0] != '\0' && rules_unit_org_level(in->level) < 0)
        return refuse(ck, "level", UNIT_LEVEL_PROBLEM);
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        return refuse(ck, "org_code", "区划代码应为 12 位数字");
    return 0;
}

static int check_unit_update(const Zhucun__UnitUpdate *in, struct checks *ck)
{
    const char *problem;
    char buf[64];
    if (in->name[0] != '\0' && (problem = rules_org_name_problem(in->name)) != NULL)
        return refuse(ck, "name", "%s", problem);
    if ((problem = rules_text_problem(in->leader_name, UNIT_LEADER_NAME_MAX, buf, sizeof(buf))) !=
        NULL)
        return refuse(ck, "leader_name", "%s", problem);
    if ((problem = rules_text_problem(in->handling_office, UNIT_TEXT_MAX, buf, sizeof(buf))) !=
        NULL)
        return refuse(ck, "handling_office", "%s", problem);
    if (in->name[0] == '\0' && in->leader_name[0] == '\0' && in->handling_office[0] == '\0')
        return refuse(ck, NULL, "没有要修改的内容");
    return 0;
}

/* The server's check_grant, without its scope test (the caller's scope is the server's). */
static int check_grant(const char *role, const char *scope, int64_t unit_id, struct checks *ck)
{
    int level = rules_code_level(scope);
    if (rules_role_level(role) < 0)
        return refuse(ck, "role", "未知的角色 %.40s", role);
    if (level < 0)
        return refuse(ck, "scope_code", "区划代码应为 12 位数字");
    if (!rules_role_level_ok(role, level))
        return refuse(ck, "scope_code", "角色 %s 不能绑定到%s级单位", role,
                      rules_level_name(level));
    if (strcmp(role, "unit_admin") == 0 && unit_id <= 0)
        return refuse(ck, "unit_id", "unit_admin 须指定派出单位");
    return 0;
}

static int check_user_add(const Zhucun__UserAdd *in, struct checks *ck)
{
    const Zhucun__Person *person = in->person;
    const char *problem;
    if ((problem = rules_username_problem(in->username)) != NULL)
        return refuse(ck, "username", "%s", problem);
    if (person == NULL)
        return refuse(ck, "person.name", "缺少人员信息");
    if ((problem = rules_person_name_problem(person->name)) != NULL)
        return refuse(ck, "person.name", "%s", problem);
    if (!rules_person_phone_ok(person->phone))
        return refuse(ck, "person.phone", PERSON_PHONE_PROBLEM);
    if (rules_code_level(person->org_code) < 0)
        return refuse(ck, "person.org_code", "人员所属区划代码应为 12 位数字");
    /* The scope test of the org code comes here on the server; the grant's own checks do not
     * depend on it. */
    const char *scope = in->scope_code[0] ? in->scope_code : person->org_code;
    int64_t grant_unit = strcmp(in->role, "unit_admin") == 0 ? person->unit_id : 0;
    return check_grant(in->role, scope, grant_unit, ck);
}

static int check_user_grant(const Zhucun__UserGrant *in, struct checks *ck)
{
    return in->revoke ? 0 : check_grant(in->role, in->scope_code, in->unit_id, ck);
}

static int check_team_create(const Zhucun__TeamCreate *in, struct checks *ck)
{
    const char *field = NULL;
    const char *problem = rules_team_site_problem(in->kind, in->org_code, &field);
    if (problem != NULL)
        return refuse(ck, field, "%s", problem);
    if ((problem = rules_org_name_problem(in->name)) != NULL)
        return refuse(ck, "name", "%s", problem);
    return 0;
}

static int check_team_show(const Zhucun__TeamShow *in, struct checks *ck)
{
    if (in->id > 0)
        return 0;
    const char *kind = in->kind[0] ? in->kind : "village";
    if (rules_code_level(in->org_code) < 0)
        return refuse(ck, "org_code", "请给出工作队编号或驻地区划代码");
    if (rules_team_kind_level(kind) < 0)
        return refuse(ck, "kind", TEAM_KIND_PROBLEM);
    return 0;
}

/* The server's check_date (server/team/handlers.c). */
static int check_team_date(const char *s, const char *field, struct checks *ck)
{
    char buf[96];
    const char *problem = rules_team_date_problem(s, buf, sizeof(buf));
    return problem == NULL ? 0 : refuse(ck, field, "%s", problem);
}

static int check_team_assign(const Zhucun__TeamAssign *in, struct checks *ck)
{
    if (!rules_team_post_ok(in->post))
        return refuse(ck, "post", TEAM_POST_PROBLEM);
    if (in->start_date[0] != '\0' && check_team_date(in->start_date, "start_date", ck) != 0)
        return -1;
    return 0;
}

static int check_team_recall(const Zhucun__TeamRecall *in, struct checks *ck)
{
    const char *field = NULL;
    const char *problem = rules_team_recall_problem(in->reason, in->note, &field);
    if (problem != NULL)
        return refuse(ck, field, "%s", problem);
    if (in->end_date[0] != '\0' && check_team_date(in->end_date, "end_date", ck) != 0)
        return -1;
    return 0;
}

/* ---- households (server/household/handlers.c) ---- */

static int check_household_create(const Zhucun__HouseholdCreate *in, struct checks *ck)
{
    const Zhucun__Household *h = in->household;
    char day[11];
    today(day);
    if (h == NULL)
        return refuse(ck, "household", "缺少农户信息");
    if (rules_code_level(h->village_code) != ORG_VILLAGE)
        refuse(ck, "village_code", "请填写 12 位行政村代码");
    if (!rules_hh_category_ok(h->category))
        refuse(
            ck, "category",
            "农户类别应为 poverty_alleviated（脱贫户）、monitored（监测户）或 ordinary（一般户）");
    const char *since = h->since[0] ? h->since : day;
    if (!date_ok(since) || strcmp(since, day) > 0)
        refuse(ck, "since", "登记日期应为不晚于今天的 YYYY-MM-DD");
    if (!rules_hh_phone_ok(h->phone))
        refuse(ck, "phone", "%s", RULES_HH_PHONE_PROBLEM);
    const char *problem = rules_hh_address_problem(h->address);
    if (problem != NULL)
        refuse(ck, "address", "%s", problem);
    if (h->n_members == 0 || h->n_members > HOUSEHOLD_MEMBERS_MAX)
        refuse(ck, "members", "每户应有 1 到 30 名成员");
    const char *head = NULL;
    for (size_t i = 0; i < h->n_members; i++) {
        const Zhucun__HouseholdMember *m = h->members[i];
        const char *field = NULL;
        problem = rules_hh_member_problem(m->name, m->relation, m->id_number, m->labour, m->health,
                                          m->phone, m->birth_date, day, &field);
        if (problem != NULL) {
            char name[64];
            snprintf(name, sizeof(name), "members[%zu].%s", i, field);
            refuse(ck, name, "第 %zu 位成员：%s", i + 1, problem);
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(h->members[k]->id_number, m->id_number) == 0) {
                char name[64];
                snprintf(name, sizeof(name), "members[%zu].id_number", i);
                refuse(ck, name, "同一身份证号出现了两次");
            }
        }
        if (strcmp(m->relation, "head") == 0) {
            if (head != NULL) {
                char name[64];
                snprintf(name, sizeof(name), "members[%zu].relation", i);
                refuse(ck, name, "一户只能有一名户主");
            }
            head = m->name;
        }
    }
    if (head == NULL)
        refuse(ck, "members", "请指明户主（relation 为 head 的成员）");
    return 0;
}

static int check_household_list(const Zhucun__HouseholdList *in, struct checks *ck)
{
    if (in->category[0] != '\0' && !rules_hh_category_ok(in->category))
        return refuse(ck, "category", "未知的农户类别");
    if (in->presence > 2 || strlen(in->query) > HOUSEHOLD_QUERY_MAX)
        return refuse(ck, in->presence > 2 ? "presence" : "query", "筛选条件不正确");
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) < 0)
        return refuse(ck, "village_code", "区划代码应为 12 位数字");
    const char *id_problem =
        in->id_number[0] != '\0' ? rules_idcard_problem(in->id_number, NULL) : NULL;
    if (id_problem != NULL)
        return refuse(ck, "id_number", "%s", id_problem);
    return 0;
}

static int check_household_set_state(const Zhucun__HouseholdSetState *in, struct checks *ck)
{
    char day[11];
    today(day);
    if (!rules_hh_category_ok(in->category))
        refuse(ck, "category", "未知的农户类别");
    const char *from = in->valid_from[0] ? in->valid_from : day;
    if (!date_ok(from) || strcmp(from, day) > 0)
        refuse(ck, "valid_from", "生效日期应为不晚于今天的 YYYY-MM-DD");
    if (strlen(in->note) > HOUSEHOLD_NOTE_MAX || (in->note[0] && rules_utf8_chars(in->note) < 0))
        refuse(ck, "note", "说明过长（最多 500 字节）");
    return 0;
}

static int check_household_update(const Zhucun__HouseholdUpdate *in, struct checks *ck)
{
    if (!in->set_phone && !in->set_address)
        refuse(ck, "phone", "请给出要修改的电话或地址");
    if (in->set_phone && !rules_hh_phone_ok(in->phone))
        refuse(ck, "phone", "%s", RULES_HH_PHONE_PROBLEM);
    const char *problem = in->set_address ? rules_hh_address_problem(in->address) : NULL;
    if (problem != NULL)
        refuse(ck, "address", "%s", problem);
    return 0;
}

static int check_household_member_add(const Zhucun__HouseholdMemberAdd *in, struct checks *ck)
{
    const Zhucun__HouseholdMember *m = in->member;
    char day[11];
    today(day);
    if (m == NULL)
        return refuse(ck, "member", "缺少成员信息");
    const char *field = NULL;
    const char *problem = rules_hh_member_problem(m->name, m->relation, m->id_number, m->labour,
                                                  m->health, m->phone, m->birth_date, day, &field);
    if (problem != NULL) {
        char name[64];
        snprintf(name, sizeof(name), "member.%s", field);
        refuse(ck, name, "%s", problem);
    }
    if (strcmp(m->relation, "head") == 0)
        refuse(ck, "member.relation", "一户只能有一名户主：新户主在原户主离开时指定");
    return 0;
}

static int check_household_member_leave(const Zhucun__HouseholdMemberLeave *in, struct checks *ck)
{
    char day[11];
    today(day);
    if (!rules_hh_leave_reason_ok(in->reason))
        refuse(ck, "reason",
               "离开原因应为 moved_out（迁出）、deceased（去世）或 married_out（婚出）");
    const char *on = in->left_on[0] ? in->left_on : day;
    if (!date_ok(on) || strcmp(on, day) > 0)
        refuse(ck, "left_on", "离开日期应为不晚于今天的 YYYY-MM-DD");
    if (in->new_head_id < 0 || (in->new_head_id != 0 && in->new_head_id == in->member_id))
        refuse(ck, "new_head_id", "新户主须是本户其他在册成员");
    return 0;
}

/* ---- visits and follow-up items (server/visit/handlers.c, server/report/handlers.c) ---- */

static int check_visit_create(const Zhucun__VisitCreate *in, struct checks *ck)
{
    char day[11];
    today(day);
    if ((in->household_id > 0) == (in->village_code[0] != '\0'))
        refuse(ck, "household_id",
               "请给出被走访的农户（household_id）或村（village_code，驻乡镇工作队）之一");
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) != ORG_VILLAGE)
        refuse(ck, "village_code", "请填写 12 位行政村代码");
    if (!date_ok(in->visit_date))
        refuse(ck, "visit_date", "走访日期应为 YYYY-MM-DD");
    else if (strcmp(in->visit_date, day) > 0)
        refuse(ck, "visit_date", "走访日期 %s 晚于今天（%s），不能预先登记", in->visit_date, day);
    if (rules_visit_mode_parse(in->mode) < 0)
        refuse(ck, "mode", VISIT_MODE_PROBLEM);
    if (in->n_cadre_ids == 0 || in->n_cadre_ids > VISIT_CADRES_MAX)
        refuse(ck, "cadre_ids", "请填写在场队员（1 到 10 人）");
    if (strlen(in->notes) > VISIT_NOTES_MAX)
        refuse(ck, "notes", "走访记录过长（最多 2000 字节）");
    if (in->n_problems > VISIT_PROBLEMS_MAX)
        return refuse(ck, "problems", "一次走访最多登记 20 个问题");
    /* The server names one field of a problem, its first at fault; each is written down. */
    for (size_t i = 0; i < in->n_problems; i++) {
        const Zhucun__Problem *p = in->problems[i];
        size_t len = strlen(p->text);
        char name[64];
        if (len == 0 || len > VISIT_PROBLEM_TEXT_MAX) {
            snprintf(name, sizeof(name), "problems[%zu].text", i);
            refuse(ck, name, "问题描述应为 1 到 1000 字节");
        }
        if (p->responsible_id <= 0) {
            snprintf(name, sizeof(name), "problems[%zu].responsible_id", i);
            refuse(ck, name, "请指定责任人");
        }
        if (!date_ok(p->deadline) || strcmp(p->deadline, in->visit_date) < 0) {
            snprintf(name, sizeof(name), "problems[%zu].deadline", i);
            refuse(ck, name, "办理期限应为不早于走访日期的 YYYY-MM-DD");
        }
        const char *area = rules_ledger_area_problem(p->area);
        if (area != NULL) {
            snprintf(name, sizeof(name), "problems[%zu].area", i);
            refuse(ck, name, "%s", area);
        }
    }
    return 0;
}

static int check_visits_due(const Zhucun__VisitsDue *in, struct checks *ck)
{
    int ok = 1;
    int as_of = in->as_of[0] ? rules_date_days(in->as_of, &ok) : zc_clock_today();
    if (!ok || as_of > zc_clock_today())
        return refuse(ck, "as_of", "as_of 应为不晚于今天的 YYYY-MM-DD");
    return 0;
}

static int check_follow_up_list(const Zhucun__FollowUpList *in, struct checks *ck)
{
    if (in->status[0] != '\0' && strcmp(in->status, "all") != 0 &&
        !rules_item_status_ok(in->status))
        return refuse(ck, "status", "状态应为 open、in_progress、resolved 或 all");
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        return refuse(ck, "org_code", "区划代码应为 12 位数字");
    return 0;
}

static int check_follow_up_update(const Zhucun__FollowUpUpdate *in, struct checks *ck)
{
    if (!rules_item_status_ok(in->status))
        refuse(ck, "status", ITEM_STATUS_PROBLEM);
    const char *problem = rules_follow_up_note_problem(in->status, in->note);
    if (problem != NULL)
        refuse(ck, "note", "%s", problem);
    return 0;
}

static int check_visit_report(const Zhucun__VisitReport *in, struct checks *ck)
{
    int level = rules_code_level(in->org_code);
    if (level < 0)
        return refuse(ck, "org_code", "区划代码应为 12 位数字");
    const char *problem = rules_report_period_problem(in->period, zc_clock_today());
    if (problem != NULL)
        return refuse(ck, "period", "%s", problem);
    enum report_by by;
    if ((problem = rules_report_by_problem(in->by, level, &by)) != NULL)
        return refuse(ck, "by", "%s", problem);
    if (in->limit > REPORT_HOUSEHOLDS_MAX)
        return refuse(ck, "limit", "每页最多 %d 户", REPORT_HOUSEHOLDS_MAX);
    return 0;
}

/* ---- every duty a rule row (server/duty/handlers.c) ---- */

static int check_duty_report(const Zhucun__DutyReport *in, struct checks *ck)
{
    int level = rules_code_level(in->org_code);
    if (level < 0)
        return refuse(ck, "org_code", "区划代码应为 12 位数字");
    int first, last;
    const char *problem = rules_duty_span_problem(in->period, zc_clock_today(), &first, &last);
    if (problem != NULL)
        return refuse(ck, "period", "%s", problem);
    if (in->n_rules > DUTY_REPORT_RULES_MAX)
        return refuse(ck, "rules", "一次最多查询 %d 条规则", DUTY_REPORT_RULES_MAX);
    for (size_t i = 0; i < in->n_rules; i++)
        if (!rules_duty_code_ok(in->rules[i]))
            return refuse(ck, "rules", DUTY_CODE_PROBLEM);
    enum report_by by;
    if ((problem = rules_duty_by_problem(in->by, level, &by)) != NULL)
        return refuse(ck, "by", "%s", problem);
    return 0;
}

static int check_duties_due(const Zhucun__DutiesDue *in, struct checks *ck)
{
    int ok = 1;
    int as_of = in->as_of[0] ? rules_date_days(in->as_of, &ok) : zc_clock_today();
    if (!ok || as_of > zc_clock_today())
        return refuse(ck, "as_of", "as_of 应为不晚于今天的 YYYY-MM-DD");
    if (in->limit > DUTIES_DUE_MAX)
        return refuse(ck, "limit", "每次最多列出 %d 项", DUTIES_DUE_MAX);
    return 0;
}

/* ---- check-ins and attendance (server/attendance/handlers.c) ---- */

static int check_check_in(const Zhucun__CheckIn *in, struct checks *ck)
{
    /* One measurement at a time, the others well formed, names the field at fault. */
    if (rules_checkin_problem(in->lat, 0, 1) != NULL)
        refuse(ck, "lat", "纬度应为 -90 到 90 之间的有限数");
    if (rules_checkin_problem(0, in->lon, 1) != NULL)
        refuse(ck, "lon", "经度应为 -180 到 180 之间的有限数");
    if (rules_checkin_problem(0, 0, in->accuracy_m) != NULL)
        refuse(ck, "accuracy_m", "定位精度应为大于 0 的有限米数");
    if (strlen(in->device_id) > CHECKIN_DEVICE_ID_MAX)
        refuse(ck, "device_id", "设备编号过长（最多 %d 字节）", CHECKIN_DEVICE_ID_MAX);
    if (in->client_time <= 0 || in->client_time >= CHECKIN_CLIENT_TIME_MAX)
        refuse(ck, "client_time", "请提供设备时间（Unix 秒，1970 年到 2999 年之间）");
    return 0;
}

static int check_official_business_record(const Zhucun__OfficialBusinessRecord *in,
                                          struct checks *ck)
{
    int ok = 0;
    int day = rules_date_days(in->date, &ok);
    char buf[128];
    const char *problem;
    if (!ok)
        refuse(ck, "date", "公务日期应为 YYYY-MM-DD");
    else if ((problem = rules_business_day_problem(day, zc_clock_today(), buf, sizeof(buf))) !=
             NULL)
        refuse(ck, "date", "%s", problem);
    if ((problem = rules_business_note_problem(in->note, buf, sizeof(buf))) != NULL)
        refuse(ck, "note", "%s", problem);
    return 0;
}

/* The server's week_monday: "" is the default week; a future week is refused. */
static int check_week(const char *week, struct checks *ck)
{
    int this_monday = rules_week_monday(zc_clock_today());
    int monday = this_monday;
    if (week[0] != '\0' && rules_week_parse(week, &monday) != 0)
        return refuse(ck, "week", "周次应为 ISO 周，如 2026-W48");
    if (monday > this_monday) {
        char now[9];
        rules_week_format(this_monday, now);
        return refuse(ck, "week", "不能查询未来的周（本周为 %s）", now);
    }
    return 0;
}

static int check_attendance_week(const Zhucun__AttendanceWeek *in, struct checks *ck)
{
    if (in->person_id < 0)
        return refuse(ck, "person_id", "人员编号应为正整数");
    return check_week(in->week, ck);
}

static int check_attendance_report(const Zhucun__AttendanceReport *in, struct checks *ck)
{
    if (rules_code_level(in->org_code) < 0)
        return refuse(ck, "org_code", "区划代码应为 12 位数字");
    if (in->limit > ATTENDANCE_REPORT_ROWS_MAX)
        return refuse(ck, "limit", "每次最多列出 %d 名队员", ATTENDANCE_REPORT_ROWS_MAX);
    return check_week(in->week, ck);
}

/* ---- approvals, leave and delegations (server/approval/handlers.c) ---- */

static int check_decide(const Zhucun__Decide *in, struct checks *ck)
{
    if (!rules_decision_ok(in->decision))
        refuse(ck, "decision", DECISION_PROBLEM);
    /* Whether a reason is needed depends on a decision the server knows (only a reject or a
     * return needs one). */
    const char *problem = rules_decision_reason_problem(in->decision, in->reason);
    if (problem != NULL)
        refuse(ck, "reason", "%s", problem);
    if (!rules_leave_channel_ok(in->channel))
        refuse(ck, "channel", LEAVE_CHANNEL_PROBLEM);
    return 0;
}

/* The server's check_days and check_reason, for a leave's days and reason: the problem the
 * server answers with first, then each day's own. */
static int check_leave(const char *first, const char *last, const char *reason, struct checks *ck)
{
    char buf[128];
    const char *field = NULL;
    int now = zc_clock_today();
    const char *problem = rules_leave_days_problem(first, last, now, buf, sizeof(buf), &field);
    if (problem != NULL)
        refuse(ck, field, "%s", problem);
    if ((problem = rules_leave_field_problem("first_day", first, last, now, buf, sizeof(buf))) !=
        NULL)
        refuse(ck, "first_day", "%s", problem);
    if ((problem = rules_leave_field_problem("last_day", first, last, now, buf, sizeof(buf))) !=
        NULL)
        refuse(ck, "last_day", "%s", problem);
    if ((problem = rules_leave_reason_problem(reason)) != NULL)
        refuse(ck, "reason", "%s", problem);
    return 0;
}

static int check_leave_request(const Zhucun__LeaveRequest *in, struct checks *ck)
{
    check_leave(in->first_day, in->last_day, in->reason, ck);
    if (in->person_id > 0 && !rules_leave_behalf_channel_ok(in->channel))
        refuse(ck, "channel", LEAVE_BEHALF_CHANNEL_PROBLEM);
    if (in->person_id <= 0 && !rules_leave_channel_ok(in->channel))
        refuse(ck, "channel", LEAVE_CHANNEL_PROBLEM);
    return 0;
}

static int check_leave_list(const Zhucun__LeaveList *in, struct checks *ck)
{
    if (!rules_leave_status_ok(in->status))
        return refuse(ck, "status", LEAVE_STATUS_PROBLEM);
    if (in->limit > LEAVE_LIST_MAX)
        return refuse(ck, "limit", "每次最多列出 %d 条", LEAVE_LIST_MAX);
    return 0;
}

static int check_leave_end(const Zhucun__LeaveEnd *in, struct checks *ck)
{
    int ok = 1;
    if (in->return_day[0] != '\0')
        (void)rules_date_days(in->return_day, &ok);
    return ok ? 0 : refuse(ck, "return_day", "返岗日期应为 YYYY-MM-DD");
}

static int check_leave_resubmit(const Zhucun__LeaveResubmit *in, struct checks *ck)
{
    return check_leave(in->first_day, in->last_day, in->reason, ck);
}

static int check_delegation_create(const Zhucun__DelegationCreate *in, struct checks *ck)
{
    /* The problem the server answers with first, then each day's own. */
    char buf[128];
    const char *field = NULL;
    int now = zc_clock_today();
    const char *problem =
        rules_delegation_days_problem(in->first_day, in->last_day, now, buf, sizeof(buf), &field);
    if (problem != NULL)
        refuse(ck, field, "%s", problem);
    static const char *const days[] = {"first_day", "last_day"};
    for (size_t i = 0; i < 2; i++)
        if ((problem = rules_delegation_field_problem(days[i], in->first_day, in->last_day, now,
                                                      buf, sizeof(buf))) != NULL)
            refuse(ck, days[i], "%s", problem);
    if (in->to_username[0] == '\0')
        refuse(ck, "to_username", "缺少被委托人账号");
    return 0;
}

static int check_approval_history(const Zhucun__ApprovalHistory *in, struct checks *ck)
{
    const char *problem = rules_approval_kind_problem(in->subject_kind);
    return problem == NULL ? 0 : refuse(ck, "subject_kind", "%s", problem);
}

/* ---- income sums, plans, lists (server/income/handlers.c) ---- */

static int check_income_record(const Zhucun__IncomeRecord *in, struct checks *ck)
{
    const char *problem = rules_report_period_problem(in->month, zc_clock_today());
    const char *field;
    if (problem != NULL)
        refuse(ck, "month", "%s", problem);
    if (in->items == NULL)
        return refuse(ck, "items", INCOME_ITEMS_PROBLEM);
    const Zhucun__IncomeItems *i = in->items;
    struct income_items it = {i->wages_fen,    i->business_fen,       i->rent_fen,
                              i->dividend_fen, i->pension_fen,        i->subsidy_fen,
                              i->dibao_fen,    i->other_transfer_fen, i->costs_fen};
    if ((problem = rules_income_items_problem(&it, &field)) != NULL) {
        char name[64];
        snprintf(name, sizeof(name), "items.%s", field);
        refuse(ck, name, "%s", problem);
    }
    if ((problem = rules_income_members_problem(in->members)) != NULL)
        refuse(ck, "members", "%s", problem);
    if ((problem = rules_income_ack_problem(in->ack, in->ack_note, &field)) != NULL)
        refuse(ck, field, "%s", problem);
    if ((problem = rules_income_reason_problem(in->reason)) != NULL)
        refuse(ck, "reason", "%s", problem);
    return 0;
}

static int check_income_history(const Zhucun__IncomeHistory *in, struct checks *ck)
{
    char day[11], this_month[8];
    today(day);
    snprintf(this_month, sizeof(this_month), "%.7s", day);
    const char *to = in->to[0] ? in->to : this_month;
    const char *problem = rules_report_period_problem(to, zc_clock_today());
    if (problem != NULL)
        return refuse(ck, "to", "%s", problem);
    if (in->from[0] == '\0')
        return 0; /* the twelve months to `to` */
    if ((problem = rules_report_period_problem(in->from, zc_clock_today())) != NULL)
        return refuse(ck, "from", "%s", problem);
    int months = rules_income_months_between(in->from, to);
    if (months < 1)
        return refuse(ck, "from", INCOME_SPAN_PROBLEM);
    if (months > INCOME_HISTORY_MONTHS_MAX)
        return refuse(ck, "from", INCOME_HISTORY_PROBLEM);
    return 0;
}

static int check_income_list(const Zhucun__IncomeList *in, struct checks *ck)
{
    if (!rules_income_list_ok(in->list))
        refuse(ck, "list", INCOME_LIST_PROBLEM);
    if (rules_code_level(in->org_code) < 0)
        refuse(ck, "org_code", "区划代码应为 12 位数字");
    const char *problem =
        in->month[0] ? rules_report_period_problem(in->month, zc_clock_today()) : NULL;
    if (problem != NULL)
        refuse(ck, "month", "%s", problem);
    if (in->limit > INCOME_LIST_MAX)
        refuse(ck, "limit", INCOME_LIST_LIMIT_PROBLEM);
    return 0;
}

static int check_income_plan_set(const Zhucun__IncomePlanSet *in, struct checks *ck)
{
    const char *problem = rules_plan_measures_problem(in->measures, (int)in->n_measures);
    if (problem != NULL)
        refuse(ck, "measures", "%s", problem);
    if (!date_ok(in->review_on))
        refuse(ck, "review_on", PLAN_REVIEW_ON_PROBLEM);
    return 0;
}

/* ---- the ledgers (server/ledger/handlers.c): one rules function per call ---- */

static int check_ledger(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_LEDGER_ITEM_CREATE:
        problem = rules_ledger_create_problem(req->ledger_item_create, zc_clock_today(), &field);
        break;
    case ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE:
        problem = rules_ledger_update_problem(req->ledger_item_update, &field);
        break;
    case ZHUCUN__REQUEST__BODY_LEDGER_LIST:
        problem = rules_ledger_list_problem(req->ledger_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_LEDGER_FROM_GAPS:
        problem = rules_ledger_from_gaps_problem(req->ledger_from_gaps, zc_clock_today(), &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* Runs every check of req's body into ck: the ids first, then the call's own checks. */
/* ---- three guarantees, water, labour (server/guarantee/handlers.c) ---- */

/* The rules the handler calls, in its order: one function per body, which names the field. */
static int check_guarantee(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_GUARANTEE_RECORD:
        problem = rules_guarantee_record_problem(req->guarantee_record, zc_clock_today(), &field);
        break;
    case ZHUCUN__REQUEST__BODY_GUARANTEE_RESOLVE:
        problem = rules_guarantee_resolve_problem(req->guarantee_resolve, zc_clock_today(), &field);
        break;
    case ZHUCUN__REQUEST__BODY_GUARANTEE_LIST:
        problem = rules_guarantee_list_problem(req->guarantee_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_GUARANTEE_GAPS:
        problem = rules_guarantee_gaps_problem(req->guarantee_gaps, &field);
        break;
    case ZHUCUN__REQUEST__BODY_LABOUR_RECORD:
        problem = rules_labour_record_problem(req->labour_record, zc_clock_today(), &field);
        break;
    case ZHUCUN__REQUEST__BODY_LABOUR_LIST:
        problem = rules_labour_list_problem(req->labour_list, zc_clock_today(), &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- service cases and competitions (server/service/): the body's checks without the case's
 * category, which the server reads and judges the step or close against ---- */

static int check_service(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_CREATE:
        problem = rules_service_create_problem(req->service_case_create, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP:
        problem = rules_service_step_problem(req->service_case_step, NULL, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_CLOSE:
        problem = rules_service_close_problem(req->service_case_close, NULL, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_LIST:
        problem = rules_service_list_problem(req->service_case_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_SERVICE_REPORT:
        problem = rules_service_report_problem(req->service_report, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CONTEST_ROUND_OPEN:
        problem = rules_contest_open_problem(req->contest_round_open, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CONTEST_ENTER:
        problem = rules_contest_enter_problem(req->contest_enter, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CONTEST_RESULT:
        problem = rules_contest_result_problem(req->contest_result, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CONTEST_LIST:
        problem = rules_contest_list_problem(req->contest_list, today, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- policy delivery (server/policy/handlers.c): one rules function per body ---- */

static int check_policy(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_QUIZ_CREATE:
        problem = rules_quiz_create_problem(req->quiz_create, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_QUIZ_SCORE:
        problem = rules_quiz_score_problem(req->quiz_score, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_QUIZ_REPORT:
        problem = rules_quiz_report_problem(req->quiz_report, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_VIDEO_RECORD:
        problem = rules_video_record_problem(req->video_record, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_BROADCAST_RECORD:
        problem = rules_broadcast_record_problem(req->broadcast_record, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_VIDEO_LIST:
        problem = rules_video_list_problem(req->video_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_BROADCAST_LIST:
        problem = rules_broadcast_list_problem(req->broadcast_list, today, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- projects (server/project/handlers.c): one rules function per body ---- */

static int check_project(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_PROJECT_CREATE:
        problem = rules_project_details_problem(req->project_create, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_UPDATE:
        problem = rules_project_update_problem(req->project_update, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_TRANSITION:
        problem = rules_project_transition_problem(req->project_transition, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_LIST:
        problem = rules_project_list_problem(req->project_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_BOARD:
        problem = rules_project_board_problem(req->project_board, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- construction and disbursements (server/construction/handlers.c) ---- */

static int check_build(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET:
        problem = rules_build_focus_problem(req->project_focus_set, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_TASK_ADD:
        problem = rules_build_task_add_problem(req->project_task_add, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_TASK_UPDATE:
        problem = rules_build_task_update_problem(req->project_task_update, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT:
        problem = rules_build_progress_problem(req->project_progress_report, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET:
        problem = rules_build_target_set_problem(req->project_target_set, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR:
        problem = rules_build_target_monitor_problem(req->project_target_monitor, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_DISBURSEMENT_REQUEST:
        problem = rules_build_disbursement_problem(req->disbursement_request, &field);
        break;
    case ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST:
        problem = rules_build_disbursement_list_problem(req->disbursement_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_BUILD_LIST:
        problem = rules_build_list_problem(req->project_build_list, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- villager points (server/points/handlers.c): one rules function per body ---- */

static int check_points(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_POINTS_DEED_SET:
        problem = rules_points_deed_set_problem(req->points_deed_set, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_GOOD_SET:
        problem = rules_points_good_set_problem(req->points_good_set, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_AWARD:
        problem = rules_points_award_problem(req->points_award, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_DONATE:
        problem = rules_points_donate_problem(req->points_donate, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_REDEEM:
        problem = rules_points_redeem_problem(req->points_redeem, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_CORRECT:
        problem = rules_points_correct_problem(req->points_correct, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_SHOP:
        problem = rules_points_shop_problem(req->points_shop, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_HISTORY:
        problem = rules_points_history_problem(req->points_history, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_REPORT:
        problem = rules_points_report_problem(req->points_report, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_CHECK:
        problem = rules_points_check_problem(req->points_check, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- project assets (server/asset/handlers.c): one rules function per body ---- */

static int check_asset(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_ASSET_SET:
        problem = rules_asset_set_problem(req->asset_set, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ASSET_MAINTAIN:
        problem = rules_asset_maintain_problem(req->asset_maintain, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ASSET_INCOME:
        problem = rules_asset_income_problem(req->asset_income, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_WELFARE_POST_SET:
        problem = rules_welfare_post_set_problem(req->welfare_post_set, &field);
        break;
    case ZHUCUN__REQUEST__BODY_WELFARE_POST_END:
        problem = rules_welfare_post_end_problem(req->welfare_post_end, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ASSET_LIST:
        problem = rules_asset_list_problem(req->asset_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_WELFARE_POST_LIST:
        problem = rules_welfare_post_list_problem(req->welfare_post_list, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- consumption assistance (server/consume/handlers.c): one rules function per body ---- */

static int check_consume(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_PURCHASE_RECORD:
        problem = rules_purchase_record_problem(req->purchase_record, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_PURCHASE_LIST:
        problem = rules_purchase_list_problem(req->purchase_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CONTRACT_RECORD:
        problem = rules_contract_record_problem(req->contract_record, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CONTRACT_LIST:
        problem = rules_contract_list_problem(req->contract_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_QUOTA_PROGRESS:
        problem = rules_quota_progress_problem(req->quota_progress, today, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- stars and a cadre's points (server/stars/handlers.c): one rules function per body ---- */

static int check_stars(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_STARS_COMPUTE:
        problem = rules_stars_compute_problem(req->stars_compute, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_STARS_ADJUST:
        problem = rules_stars_adjust_problem(req->stars_adjust, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_STARS_FILE:
        problem = rules_filing_submit_problem(req->stars_file->county_code, req->stars_file->period,
                                              'h', today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_FILE:
        problem = rules_filing_submit_problem(req->cadre_points_file->county_code,
                                              req->cadre_points_file->period, 'q', today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_STARS_STATUS:
        problem = rules_stars_status_problem(req->stars_status, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_STARS_LIST:
        problem = rules_stars_list_problem(req->stars_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_STARS_CODES:
        problem = rules_stars_codes_problem(req->stars_codes, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE:
        problem = rules_cadre_points_rate_problem(req->cadre_points_rate, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD:
        problem = rules_cadre_points_add_problem(req->cadre_points_add, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY:
        problem = rules_cadre_points_history_problem(req->cadre_points_history, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING:
        problem = rules_cadre_points_ranking_problem(req->cadre_points_ranking, today, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- the quarterly assessment (server/assess/handlers.c): one rules function per body ---- */

static int check_assess(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_ASSESS_ROUND_OPEN:
        problem = rules_assess_round_open_problem(req->assess_round_open, zc_clock_today(), &field);
        break;
    case ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET:
        problem = rules_assess_score_set_problem(req->assess_score_set, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ASSESS_GRADE_OVERRIDE:
        problem = rules_assess_grade_override_problem(req->assess_grade_override, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ASSESS_LIST:
        problem = rules_assess_list_problem(req->assess_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ASSESS_RANKING:
        problem = rules_assess_ranking_problem(req->assess_ranking, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- training, study, the units' supervision (server/training/handlers.c): one rules
 * function per body (TrainingList, TrainingShort, TrainingUntrained share one) ---- */

static int check_training(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_STUDY_RECORD:
        problem = rules_study_record_problem(req->study_record, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_STUDY_LIST:
        problem = rules_study_list_problem(req->study_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_STUDY_MISSED:
        problem = rules_study_missed_problem(req->study_missed, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TRAINING_SESSION_ADD:
        problem = rules_training_session_add_problem(req->training_session_add, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TRAINING_ATTEND:
        problem = rules_training_attend_problem(req->training_attend, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TRAINING_LIST:
        problem =
            rules_training_year_problem(req->training_list->org_code, req->training_list->year,
                                        req->training_list->limit, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TRAINING_SHORT:
        problem =
            rules_training_year_problem(req->training_short->org_code, req->training_short->year,
                                        req->training_short->limit, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED:
        problem = rules_training_year_problem(req->training_untrained->org_code,
                                              req->training_untrained->year,
                                              req->training_untrained->limit, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD:
        problem =
            rules_unit_supervision_record_problem(req->unit_supervision_record, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_UNITS_BEHIND:
        problem = rules_units_behind_problem(req->units_behind, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_LIST:
        problem = rules_unit_supervision_list_problem(req->unit_supervision_list, today, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- notices (server/notices/handlers.c): the handlers' checks in their order ---- */

static int check_notices(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_NOTICE_SEND:
        problem = rules_notice_send_problem(req->notice_send, zc_clock_today(), &field);
        break;
    case ZHUCUN__REQUEST__BODY_NOTICE_REPLY:
        problem = rules_notice_reply_problem(req->notice_reply, &field);
        break;
    case ZHUCUN__REQUEST__BODY_NOTICE_REMIND:
        problem = rules_notice_what_problem(req->notice_remind->what, &field);
        break;
    case ZHUCUN__REQUEST__BODY_NOTICE_PENDING:
        if ((problem = rules_notice_what_problem(req->notice_pending->what, &field)) == NULL)
            problem = rules_notice_limit_problem(req->notice_pending->limit, &field);
        break;
    case ZHUCUN__REQUEST__BODY_NOTICE_LIST:
        problem = rules_notice_limit_problem(req->notice_list->limit, &field);
        break;
    case ZHUCUN__REQUEST__BODY_NOTICE_SENT:
        problem = rules_notice_sent_problem(req->notice_sent, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- tasks sent down (server/tasks/handlers.c): one rules function per body ---- */

static int check_tasks(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_TASK_SEND:
        problem = rules_task_send_problem(req->task_send, zc_clock_today(), &field);
        break;
    case ZHUCUN__REQUEST__BODY_TASK_REPORT:
        problem = rules_task_report_problem(req->task_report, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TASK_LEDGER:
        problem = rules_task_ledger_problem(req->task_ledger, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TASK_LIST:
        problem = rules_task_list_problem(req->task_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TASK_SENT:
        problem = rules_task_sent_problem(req->task_sent, &field);
        break;
    case ZHUCUN__REQUEST__BODY_TASK_BOARD:
        problem = rules_task_board_problem(req->task_board, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- the work diary (server/diary/handlers.c): one rules function per body ---- */

static int check_diary(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_DIARY_WRITE:
        problem = rules_diary_write_problem(req->diary_write, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_DIARY_DAY:
        problem = rules_diary_day_problem(req->diary_day, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_DIARY_LIST:
        problem = rules_diary_list_problem(req->diary_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_DIARY_MISSING:
        problem = rules_diary_missing_problem(req->diary_missing, today, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- allowance statements (server/allowance/handlers.c): one rules function per body
 * (AllowanceConfirm and AllowanceSubmit share one) ---- */

static int check_allowance(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_COMPUTE:
        problem = rules_allowance_compute_problem(req->allowance_compute, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM:
        problem = rules_allowance_ids_problem(req->allowance_confirm->n_ids,
                                              req->allowance_confirm->ids, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_SUBMIT:
        problem = rules_allowance_ids_problem(req->allowance_submit->n_ids,
                                              req->allowance_submit->ids, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_CORRECT:
        problem = rules_allowance_correct_problem(req->allowance_correct, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST:
        problem = rules_allowance_list_problem(req->allowance_list, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_SET:
        problem = rules_allowance_rate_set_problem(req->allowance_rate_set, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_LIST:
        problem = rules_allowance_rate_list_problem(req->allowance_rate_list, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- the calls of the desk's daily pages (issue 24; server/attendance/handlers.c) ---- */

static int check_daily(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL;
    const char *problem = rules_business_list_problem(req->official_business_list, &field);
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- monitoring (server/monitoring/handlers.c): one rules function per call, the first
 * problem it finds is the handler's answer ---- */

static int check_monitoring(const Zhucun__Request *req, struct checks *ck)
{
    char buf[32];
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_MONITOR_ENTER:
        problem = rules_monitor_enter_problem(req->monitor_enter, today, buf, sizeof(buf), &field);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_RISK_ADD:
        problem = rules_monitor_risk_add_problem(req->monitor_risk_add, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_RISK_CLOSE:
        problem = rules_monitor_risk_close_problem(req->monitor_risk_close, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MEASURE_ADD:
        problem = rules_measure_add_problem(req->measure_add, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MEASURE_CLOSE:
        problem = rules_measure_close_problem(req->measure_close, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_REVIEW:
        problem = rules_monitor_review_problem(req->monitor_review, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_SIGN_OFF:
        problem = rules_monitor_sign_off_problem(req->monitor_sign_off, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_SHOW:
        problem = rules_monitor_show_problem(req->monitor_show, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_LIST:
        problem = rules_monitor_list_problem(req->monitor_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_STALE:
        problem = rules_monitor_stale_problem(req->monitor_stale, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- every call ---- */

/* ---- evidence attachments (server/attach/handlers.c): one rules function per call ---- */

static int check_attach(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_ATTACH_BEGIN:
        problem = rules_attach_begin_problem(req->attach_begin, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ATTACH_CHUNK:
        problem = rules_attach_chunk_problem(req->attach_chunk, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ATTACH_LINK:
        problem = rules_attach_link_problem(req->attach_link, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ATTACH_LIST:
        problem = rules_attach_list_problem(req->attach_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_ATTACH_GET:
        problem = rules_attach_get_problem(req->attach_get, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- the look-back (server/lookback/handlers.c): one rules function per body ---- */

static int check_lookback(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_LOOKBACK_CAMPAIGN_CREATE:
        problem = rules_lookback_campaign_problem(req->lookback_campaign_create, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_LOOKBACK_REVIEW:
        problem = rules_lookback_review_problem(req->lookback_review, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_LOOKBACK_LIST:
        problem = rules_lookback_list_problem(req->lookback_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_LOOKBACK_PROGRESS:
        problem = rules_lookback_progress_problem(req->lookback_progress, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

/* ---- inspections and circulars (server/inspect/handlers.c): one rules function per body ---- */

static int check_inspect(const Zhucun__Request *req, struct checks *ck)
{
    const char *field = NULL, *problem = NULL;
    int today = zc_clock_today();
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_INSPECTION_RECORD:
        problem = rules_inspection_record_problem(req->inspection_record, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_FINDING_ADD:
        problem = rules_finding_add_problem(req->finding_add, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_INSPECTION_LIST:
        problem = rules_inspection_list_problem(req->inspection_list, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CIRCULAR_ISSUE:
        problem = rules_circular_issue_problem(req->circular_issue, today, &field);
        break;
    case ZHUCUN__REQUEST__BODY_CIRCULAR_LIST:
        problem = rules_circular_list_problem(req->circular_list, &field);
        break;
    default:
        break;
    }
    return problem != NULL ? refuse(ck, field, "%s", problem) : 0;
}

static void check_request(const Zhucun__Request *req, struct checks *ck)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&zhucun__request__descriptor, req->body_case);
    const ProtobufCMessage *body =
        f != NULL ? *(ProtobufCMessage *const *)((const char *)req + f->offset) : NULL;
    if (body == NULL) {
        refuse(ck, NULL, "缺少请求内容");
        return;
    }
    /* The server stops at a bad id; the call's checks are listed after it, for a form. */
    check_ids(req->body_case, body, ck);
    switch (req->body_case) {
    case ZHUCUN__REQUEST__BODY_CHANGE_PASSWORD:
        check_change_password(req->change_password, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ORG_SHOW:
        check_code(req->org_show->code, "code", ck);
        break;
    case ZHUCUN__REQUEST__BODY_ORG_CHILDREN:
        check_code(req->org_children->code, "code", ck);
        break;
    case ZHUCUN__REQUEST__BODY_ORG_SEARCH:
        check_org_search(req->org_search, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ORG_CREATE:
        check_org_create(req->org_create, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ORG_UPDATE:
        check_org_update(req->org_update, ck);
        break;
    case ZHUCUN__REQUEST__BODY_UNIT_CREATE:
        check_unit_create(req->unit_create, ck);
        break;
    case ZHUCUN__REQUEST__BODY_UNIT_LIST:
        check_unit_list(req->unit_list, ck);
        break;
    case ZHUCUN__REQUEST__BODY_UNIT_UPDATE:
        check_unit_update(req->unit_update, ck);
        break;
    case ZHUCUN__REQUEST__BODY_USER_ADD:
        check_user_add(req->user_add, ck);
        break;
    case ZHUCUN__REQUEST__BODY_USER_GRANT:
        check_user_grant(req->user_grant, ck);
        break;
    case ZHUCUN__REQUEST__BODY_TEAM_CREATE:
        check_team_create(req->team_create, ck);
        break;
    case ZHUCUN__REQUEST__BODY_TEAM_SHOW:
        check_team_show(req->team_show, ck);
        break;
    case ZHUCUN__REQUEST__BODY_TEAM_ASSIGN:
        check_team_assign(req->team_assign, ck);
        break;
    case ZHUCUN__REQUEST__BODY_TEAM_RECALL:
        check_team_recall(req->team_recall, ck);
        break;
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE:
        check_household_create(req->household_create, ck);
        break;
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST:
        check_household_list(req->household_list, ck);
        break;
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE:
        check_household_set_state(req->household_set_state, ck);
        break;
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE:
        check_household_update(req->household_update, ck);
        break;
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD:
        check_household_member_add(req->household_member_add, ck);
        break;
    case ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE:
        check_household_member_leave(req->household_member_leave, ck);
        break;
    case ZHUCUN__REQUEST__BODY_VISIT_CREATE:
        check_visit_create(req->visit_create, ck);
        break;
    case ZHUCUN__REQUEST__BODY_VISITS_DUE:
        check_visits_due(req->visits_due, ck);
        break;
    case ZHUCUN__REQUEST__BODY_FOLLOW_UP_LIST:
        check_follow_up_list(req->follow_up_list, ck);
        break;
    case ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE:
        check_follow_up_update(req->follow_up_update, ck);
        break;
    case ZHUCUN__REQUEST__BODY_VISIT_REPORT:
        check_visit_report(req->visit_report, ck);
        break;
    case ZHUCUN__REQUEST__BODY_DUTY_REPORT:
        check_duty_report(req->duty_report, ck);
        break;
    case ZHUCUN__REQUEST__BODY_DUTIES_DUE:
        check_duties_due(req->duties_due, ck);
        break;
    case ZHUCUN__REQUEST__BODY_CHECK_IN:
        check_check_in(req->check_in, ck);
        break;
    case ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD:
        check_official_business_record(req->official_business_record, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ATTENDANCE_WEEK:
        check_attendance_week(req->attendance_week, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ATTENDANCE_REPORT:
        check_attendance_report(req->attendance_report, ck);
        break;
    case ZHUCUN__REQUEST__BODY_DECIDE:
        check_decide(req->decide, ck);
        break;
    case ZHUCUN__REQUEST__BODY_LEAVE_REQUEST:
        check_leave_request(req->leave_request, ck);
        break;
    case ZHUCUN__REQUEST__BODY_LEAVE_LIST:
        check_leave_list(req->leave_list, ck);
        break;
    case ZHUCUN__REQUEST__BODY_LEAVE_END:
        check_leave_end(req->leave_end, ck);
        break;
    case ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT:
        check_leave_resubmit(req->leave_resubmit, ck);
        break;
    case ZHUCUN__REQUEST__BODY_DELEGATION_CREATE:
        check_delegation_create(req->delegation_create, ck);
        break;
    case ZHUCUN__REQUEST__BODY_APPROVAL_HISTORY:
        check_approval_history(req->approval_history, ck);
        break;
    case ZHUCUN__REQUEST__BODY_GUARANTEE_RECORD:
    case ZHUCUN__REQUEST__BODY_GUARANTEE_RESOLVE:
    case ZHUCUN__REQUEST__BODY_GUARANTEE_LIST:
    case ZHUCUN__REQUEST__BODY_GUARANTEE_GAPS:
    case ZHUCUN__REQUEST__BODY_LABOUR_RECORD:
    case ZHUCUN__REQUEST__BODY_LABOUR_LIST:
        check_guarantee(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_MONITOR_ENTER:
    case ZHUCUN__REQUEST__BODY_MONITOR_RISK_ADD:
    case ZHUCUN__REQUEST__BODY_MONITOR_RISK_CLOSE:
    case ZHUCUN__REQUEST__BODY_MEASURE_ADD:
    case ZHUCUN__REQUEST__BODY_MEASURE_CLOSE:
    case ZHUCUN__REQUEST__BODY_MONITOR_REVIEW:
    case ZHUCUN__REQUEST__BODY_MONITOR_SIGN_OFF:
    case ZHUCUN__REQUEST__BODY_MONITOR_SHOW:
    case ZHUCUN__REQUEST__BODY_MONITOR_LIST:
    case ZHUCUN__REQUEST__BODY_MONITOR_STALE:
        check_monitoring(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_INCOME_RECORD:
        check_income_record(req->income_record, ck);
        break;
    case ZHUCUN__REQUEST__BODY_INCOME_HISTORY:
        check_income_history(req->income_history, ck);
        break;
    case ZHUCUN__REQUEST__BODY_INCOME_LIST:
        check_income_list(req->income_list, ck);
        break;
    case ZHUCUN__REQUEST__BODY_INCOME_PLAN_SET:
        check_income_plan_set(req->income_plan_set, ck);
        break;
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_CREATE:
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_STEP:
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_CLOSE:
    case ZHUCUN__REQUEST__BODY_SERVICE_CASE_LIST:
    case ZHUCUN__REQUEST__BODY_SERVICE_REPORT:
    case ZHUCUN__REQUEST__BODY_CONTEST_ROUND_OPEN:
    case ZHUCUN__REQUEST__BODY_CONTEST_ENTER:
    case ZHUCUN__REQUEST__BODY_CONTEST_RESULT:
    case ZHUCUN__REQUEST__BODY_CONTEST_LIST:
        check_service(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_QUIZ_CREATE:
    case ZHUCUN__REQUEST__BODY_QUIZ_SCORE:
    case ZHUCUN__REQUEST__BODY_QUIZ_REPORT:
    case ZHUCUN__REQUEST__BODY_VIDEO_RECORD:
    case ZHUCUN__REQUEST__BODY_BROADCAST_RECORD:
    case ZHUCUN__REQUEST__BODY_VIDEO_LIST:
    case ZHUCUN__REQUEST__BODY_BROADCAST_LIST:
        check_policy(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_LOOKBACK_CAMPAIGN_CREATE:
    case ZHUCUN__REQUEST__BODY_LOOKBACK_REVIEW:
    case ZHUCUN__REQUEST__BODY_LOOKBACK_LIST:
    case ZHUCUN__REQUEST__BODY_LOOKBACK_PROGRESS:
        check_lookback(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_LEDGER_ITEM_CREATE:
    case ZHUCUN__REQUEST__BODY_LEDGER_ITEM_UPDATE:
    case ZHUCUN__REQUEST__BODY_LEDGER_LIST:
    case ZHUCUN__REQUEST__BODY_LEDGER_FROM_GAPS:
        check_ledger(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_POINTS_DEED_SET:
    case ZHUCUN__REQUEST__BODY_POINTS_GOOD_SET:
    case ZHUCUN__REQUEST__BODY_POINTS_AWARD:
    case ZHUCUN__REQUEST__BODY_POINTS_DONATE:
    case ZHUCUN__REQUEST__BODY_POINTS_REDEEM:
    case ZHUCUN__REQUEST__BODY_POINTS_CORRECT:
    case ZHUCUN__REQUEST__BODY_POINTS_SHOP:
    case ZHUCUN__REQUEST__BODY_POINTS_HISTORY:
    case ZHUCUN__REQUEST__BODY_POINTS_REPORT:
    case ZHUCUN__REQUEST__BODY_POINTS_CHECK:
        check_points(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_FOCUS_SET:
    case ZHUCUN__REQUEST__BODY_PROJECT_TASK_ADD:
    case ZHUCUN__REQUEST__BODY_PROJECT_TASK_UPDATE:
    case ZHUCUN__REQUEST__BODY_PROJECT_PROGRESS_REPORT:
    case ZHUCUN__REQUEST__BODY_PROJECT_TARGET_SET:
    case ZHUCUN__REQUEST__BODY_PROJECT_TARGET_MONITOR:
    case ZHUCUN__REQUEST__BODY_DISBURSEMENT_REQUEST:
    case ZHUCUN__REQUEST__BODY_DISBURSEMENT_LIST:
    case ZHUCUN__REQUEST__BODY_PROJECT_BUILD_LIST:
        check_build(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ASSET_SET:
    case ZHUCUN__REQUEST__BODY_ASSET_MAINTAIN:
    case ZHUCUN__REQUEST__BODY_ASSET_INCOME:
    case ZHUCUN__REQUEST__BODY_WELFARE_POST_SET:
    case ZHUCUN__REQUEST__BODY_WELFARE_POST_END:
    case ZHUCUN__REQUEST__BODY_ASSET_LIST:
    case ZHUCUN__REQUEST__BODY_WELFARE_POST_LIST:
        check_asset(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ATTACH_BEGIN:
    case ZHUCUN__REQUEST__BODY_ATTACH_CHUNK:
    case ZHUCUN__REQUEST__BODY_ATTACH_LINK:
    case ZHUCUN__REQUEST__BODY_ATTACH_LIST:
    case ZHUCUN__REQUEST__BODY_ATTACH_GET:
        check_attach(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_PROJECT_CREATE:
    case ZHUCUN__REQUEST__BODY_PROJECT_UPDATE:
    case ZHUCUN__REQUEST__BODY_PROJECT_TRANSITION:
    case ZHUCUN__REQUEST__BODY_PROJECT_LIST:
    case ZHUCUN__REQUEST__BODY_PROJECT_BOARD:
        check_project(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_PURCHASE_RECORD:
    case ZHUCUN__REQUEST__BODY_PURCHASE_LIST:
    case ZHUCUN__REQUEST__BODY_CONTRACT_RECORD:
    case ZHUCUN__REQUEST__BODY_CONTRACT_LIST:
    case ZHUCUN__REQUEST__BODY_QUOTA_PROGRESS:
        check_consume(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_INSPECTION_RECORD:
    case ZHUCUN__REQUEST__BODY_FINDING_ADD:
    case ZHUCUN__REQUEST__BODY_INSPECTION_LIST:
    case ZHUCUN__REQUEST__BODY_CIRCULAR_ISSUE:
    case ZHUCUN__REQUEST__BODY_CIRCULAR_LIST:
        check_inspect(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_STARS_COMPUTE:
    case ZHUCUN__REQUEST__BODY_STARS_ADJUST:
    case ZHUCUN__REQUEST__BODY_STARS_FILE:
    case ZHUCUN__REQUEST__BODY_STARS_STATUS:
    case ZHUCUN__REQUEST__BODY_STARS_LIST:
    case ZHUCUN__REQUEST__BODY_STARS_CODES:
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_RATE:
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_ADD:
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_HISTORY:
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_RANKING:
    case ZHUCUN__REQUEST__BODY_CADRE_POINTS_FILE:
        check_stars(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ASSESS_ROUND_OPEN:
    case ZHUCUN__REQUEST__BODY_ASSESS_SCORE_SET:
    case ZHUCUN__REQUEST__BODY_ASSESS_GRADE_OVERRIDE:
    case ZHUCUN__REQUEST__BODY_ASSESS_LIST:
    case ZHUCUN__REQUEST__BODY_ASSESS_RANKING:
        check_assess(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_STUDY_RECORD:
    case ZHUCUN__REQUEST__BODY_STUDY_LIST:
    case ZHUCUN__REQUEST__BODY_STUDY_MISSED:
    case ZHUCUN__REQUEST__BODY_TRAINING_SESSION_ADD:
    case ZHUCUN__REQUEST__BODY_TRAINING_ATTEND:
    case ZHUCUN__REQUEST__BODY_TRAINING_LIST:
    case ZHUCUN__REQUEST__BODY_TRAINING_SHORT:
    case ZHUCUN__REQUEST__BODY_TRAINING_UNTRAINED:
    case ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_RECORD:
    case ZHUCUN__REQUEST__BODY_UNITS_BEHIND:
    case ZHUCUN__REQUEST__BODY_UNIT_SUPERVISION_LIST:
        check_training(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_NOTICE_SEND:
    case ZHUCUN__REQUEST__BODY_NOTICE_REPLY:
    case ZHUCUN__REQUEST__BODY_NOTICE_REMIND:
    case ZHUCUN__REQUEST__BODY_NOTICE_PENDING:
    case ZHUCUN__REQUEST__BODY_NOTICE_LIST:
    case ZHUCUN__REQUEST__BODY_NOTICE_SENT:
        check_notices(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_TASK_SEND:
    case ZHUCUN__REQUEST__BODY_TASK_REPORT:
    case ZHUCUN__REQUEST__BODY_TASK_LEDGER:
    case ZHUCUN__REQUEST__BODY_TASK_LIST:
    case ZHUCUN__REQUEST__BODY_TASK_SENT:
    case ZHUCUN__REQUEST__BODY_TASK_BOARD:
        check_tasks(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_DIARY_WRITE:
    case ZHUCUN__REQUEST__BODY_DIARY_DAY:
    case ZHUCUN__REQUEST__BODY_DIARY_LIST:
    case ZHUCUN__REQUEST__BODY_DIARY_MISSING:
        check_diary(req, ck);
        break;
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_COMPUTE:
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_CONFIRM:
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_SUBMIT:
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_CORRECT:
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_LIST:
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_SET:
    case ZHUCUN__REQUEST__BODY_ALLOWANCE_RATE_LIST:
        check_allowance(req, ck);
        break;
    /* issue 24 (s24-daily) */
    case ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_LIST:
        check_daily(req, ck);
        break;
    default:
        /* Nothing the client can check (reads by id, imports checked line by line on the
         * server, Export's kinds and cursor, AuditVerify's bounds). */
        break;
    }
}

int zc__check_request(const Zhucun__Request *req, struct zc_error *err)
{
    struct zc_field_problem first;
    struct checks ck = {&first, 1, 0};
    check_request(req, &ck);
    if (ck.n == 0)
        return 0;
    err->code = ZHUCUN__CODE__INVALID_ARGUMENT;
    snprintf(err->message, sizeof(err->message), "%s", first.message);
    snprintf(err->field, sizeof(err->field), "%s", first.field);
    return -1;
}

int zc_check_all(const ProtobufCMessage *body, struct zc_field_problem *out, size_t max)
{
    if (body == NULL || out == NULL || max == 0)
        return -1;
    /* The member of Request's oneof whose type is body's (Hello is zc_connect's own). */
    const ProtobufCMessageDescriptor *rd = &zhucun__request__descriptor;
    const ProtobufCFieldDescriptor *f = NULL;
    for (unsigned i = 0; i < rd->n_fields && f == NULL; i++)
        if ((rd->fields[i].flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            rd->fields[i].descriptor == body->descriptor &&
            rd->fields[i].id != ZHUCUN__REQUEST__BODY_HELLO)
            f = &rd->fields[i];
    if (f == NULL)
        return -1;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = (Zhucun__Request__BodyCase)f->id;
    *(const ProtobufCMessage **)((char *)&req + f->offset) = body;
    struct checks ck = {out, max, 0};
    check_request(&req, &ck);
    return (int)ck.n;
}
