/* test_client_args.c -- the typed calls of libzhucun-client refuse a bad argument with the
 * server's code, message and field, before anything is sent (which calls are keyed is
 * checked against the server's call table by unit_calls_agree); zc_check_all lists every field at
 * fault, its first problem being zc_check's.
 *
 * Every refusal is asked of a typed function with no client at all (c NULL): the contract
 * is that a refused argument touches neither the client nor the network, so a function
 * that tried to send would crash here instead of returning the refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/clock.h"
#include "common/rules/approval.h"
#include "common/rules/date.h"
#include "zc_calls.h"
#include "zc_checks.h"

/* Asserts that a call just refused its argument as the server would. */
#define assert_refused(rc, reply, err, msg, fld)                                                   \
    do {                                                                                           \
        assert_int_equal((rc), -1);                                                                \
        assert_null(reply);                                                                        \
        assert_int_equal((err).code, ZHUCUN__CODE__INVALID_ARGUMENT);                              \
        assert_string_equal((err).message, (msg));                                                 \
        assert_string_equal((err).field, (fld));                                                   \
        assert_int_equal((err).maybe_applied, 0);                                                  \
    } while (0)

/* "YYYY-MM-DD" of today + days, on the client's clock (pinned in test builds). */
static char *day_from_today(int days, char out[11])
{
    rules_date_format(zc_clock_today() + days, out);
    return out;
}

static void test_not_a_request(void **state)
{
    (void)state;
    struct zc_error err = {0};
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    assert_int_equal(zc_check(&m.base, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INTERNAL);
    Zhucun__Hello h = ZHUCUN__HELLO__INIT; /* zc_connect's own */
    assert_int_equal(zc_check(&h.base, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INTERNAL);
    Zhucun__Reply *reply = (Zhucun__Reply *)&err; /* must be reset to NULL */
    assert_int_equal(zc_request(NULL, &m.base, NULL, &reply, &err), -1);
    assert_null(reply);
}

/* The ids the server requires before any handler runs (dispatch.c, check_ids). */
static void test_required_ids(void **state)
{
    (void)state;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    Zhucun__LeaveShow ls = ZHUCUN__LEAVE_SHOW__INIT;
    assert_refused(zc_leave_show(NULL, &ls, &reply, &err), reply, err, "缺少 id：应为正整数", "id");
    Zhucun__TeamAssign ta = ZHUCUN__TEAM_ASSIGN__INIT;
    ta.team_id = 3;
    assert_refused(zc_team_assign(NULL, &ta, &reply, &err), reply, err,
                   "缺少 person_id：应为正整数", "person_id");
    Zhucun__HouseholdMemberLeave ml = ZHUCUN__HOUSEHOLD_MEMBER_LEAVE__INIT;
    ml.household_id = -4;
    assert_refused(zc_household_member_leave(NULL, &ml, &reply, &err), reply, err,
                   "缺少 household_id：应为正整数", "household_id");
    Zhucun__Decide de = ZHUCUN__DECIDE__INIT;
    de.decision = "approve";
    assert_refused(zc_decide(NULL, &de, &reply, &err), reply, err, "缺少 step_id：应为正整数",
                   "step_id");
    Zhucun__DelegationRevoke dr = ZHUCUN__DELEGATION_REVOKE__INIT;
    assert_refused(zc_delegation_revoke(NULL, &dr, &reply, &err), reply, err, "缺少 id：应为正整数",
                   "id");
    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.status = "resolved";
    fu.note = "done";
    assert_refused(zc_follow_up_update(NULL, &fu, &reply, &err), reply, err, "缺少 id：应为正整数",
                   "id");
}

static void test_auth_and_org(void **state)
{
    (void)state;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.new_password = "a new password";
    assert_refused(zc_change_password(NULL, &cp, &reply, &err), reply, err, "请输入旧密码",
                   "old_password");
    cp.old_password = "a new password";
    assert_refused(zc_change_password(NULL, &cp, &reply, &err), reply, err,
                   "新密码不能与旧密码相同", "new_password");
    cp.new_password = "tab\there";
    assert_refused(zc_change_password(NULL, &cp, &reply, &err), reply, err, "密码不能包含控制字符",
                   "new_password");

    Zhucun__OrgShow os = ZHUCUN__ORG_SHOW__INIT;
    os.code = "14010";
    assert_refused(zc_org_show(NULL, &os, &reply, &err), reply, err,
                   "区划代码应为 12 位数字的统计用区划代码：14010", "code");
    Zhucun__OrgSearch q = ZHUCUN__ORG_SEARCH__INIT;
    assert_refused(zc_org_search(NULL, &q, &reply, &err), reply, err,
                   "请输入 1 到 60 个字的名称关键词", "query");
    Zhucun__OrgUnit u = ZHUCUN__ORG_UNIT__INIT;
    Zhucun__OrgCreate oc = ZHUCUN__ORG_CREATE__INIT;
    assert_refused(zc_org_create(NULL, &oc, &reply, &err), reply, err, "缺少要建立的单位", "unit");
    oc.unit = &u;
    u.code = "140105001000";
    u.name = "某街道";
    u.has_location = 1;
    u.lat = 37.8;
    u.lon = 112.5;
    assert_refused(zc_org_create(NULL, &oc, &reply, &err), reply, err,
                   "只有行政村有打卡坐标、打卡范围和示范标签", "lat");
    Zhucun__OrgUpdate ou = ZHUCUN__ORG_UPDATE__INIT;
    ou.code = "140105001001";
    assert_refused(zc_org_update(NULL, &ou, &reply, &err), reply, err, "没有要修改的内容", "");
}

static void test_people_and_teams(void **state)
{
    (void)state;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    Zhucun__DispatchUnit du = ZHUCUN__DISPATCH_UNIT__INIT;
    Zhucun__UnitCreate uc = ZHUCUN__UNIT_CREATE__INIT;
    uc.unit = &du;
    du.name = "省交通运输厅";
    du.level = "township";
    assert_refused(zc_unit_create(NULL, &uc, &reply, &err), reply, err,
                   "单位层级应为 central、province、city 或 county", "level");
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    ua.username = "zhang-san";
    ua.person = &p;
    p.name = "张三";
    p.phone = "138 0000 abcd";
    assert_refused(zc_user_add(NULL, &ua, &reply, &err), reply, err,
                   "电话只能包含数字、空格、+ 和 -", "person.phone");
    p.phone = "";
    p.org_code = "140105000000";
    ua.role = "cadre";
    assert_refused(zc_user_add(NULL, &ua, &reply, &err), reply, err,
                   "角色 cadre 不能绑定到county级单位", "scope_code");
    Zhucun__UserGrant ug = ZHUCUN__USER_GRANT__INIT;
    ug.username = "zhang-san";
    ug.role = "emperor";
    ug.scope_code = "140000000000";
    assert_refused(zc_user_grant(NULL, &ug, &reply, &err), reply, err, "未知的角色 emperor",
                   "role");
    Zhucun__TeamCreate tc = ZHUCUN__TEAM_CREATE__INIT;
    tc.kind = "village";
    tc.org_code = "140105001000";
    assert_refused(zc_team_create(NULL, &tc, &reply, &err), reply, err,
                   "驻村工作队须驻行政村（12 位村级代码）", "org_code");
    Zhucun__TeamRecall tr = ZHUCUN__TEAM_RECALL__INIT;
    tr.membership_id = 9;
    assert_refused(zc_team_recall(NULL, &tr, &reply, &err), reply, err, "召回和轮换须写明理由",
                   "note");
}

static void test_households(void **state)
{
    (void)state;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    char tomorrow[11];
    day_from_today(1, tomorrow);
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    h.village_code = "140105001001";
    h.category = "monitored";
    h.since = tomorrow;
    assert_refused(zc_household_create(NULL, &hc, &reply, &err), reply, err,
                   "登记日期应为不晚于今天的 YYYY-MM-DD", "since");
    h.since = "";
    assert_refused(zc_household_create(NULL, &hc, &reply, &err), reply, err,
                   "每户应有 1 到 30 名成员", "members");
    /* A member's problem names the member, counted from 1, and its field, from 0. */
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *members[1] = {&m};
    h.members = members;
    h.n_members = 1;
    m.name = "李四";
    m.relation = "head";
    m.id_number = "110101199003070000";
    m.labour = "full";
    m.health = "healthy";
    assert_int_equal(zc_household_create(NULL, &hc, &reply, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(err.field, "members[0].id_number");
    assert_non_null(strstr(err.message, "第 1 位成员："));

    Zhucun__HouseholdUpdate hu = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    hu.id = 5;
    assert_refused(zc_household_update(NULL, &hu, &reply, &err), reply, err,
                   "请给出要修改的电话或地址", "phone");
    Zhucun__HouseholdMemberLeave ml = ZHUCUN__HOUSEHOLD_MEMBER_LEAVE__INIT;
    ml.household_id = 5;
    ml.member_id = 6;
    ml.reason = "emigrated";
    assert_refused(zc_household_member_leave(NULL, &ml, &reply, &err), reply, err,
                   "离开原因应为 moved_out（迁出）、deceased（去世）或 married_out（婚出）",
                   "reason");
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.presence = 3;
    assert_refused(zc_household_list(NULL, &hl, &reply, &err), reply, err, "筛选条件不正确",
                   "presence");
}

static void test_visits_and_attendance(void **state)
{
    (void)state;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    char today[11], tomorrow[11], msg[200];
    day_from_today(0, today);
    day_from_today(1, tomorrow);
    Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
    vc.household_id = 7;
    vc.visit_date = tomorrow;
    snprintf(msg, sizeof(msg), "走访日期 %s 晚于今天（%s），不能预先登记", tomorrow, today);
    assert_refused(zc_visit_create(NULL, &vc, &reply, &err), reply, err, msg, "visit_date");
    vc.visit_date = today;
    vc.mode = "phone";
    int64_t cadres[1] = {11};
    vc.cadre_ids = cadres;
    vc.n_cadre_ids = 1;
    Zhucun__Problem pr = ZHUCUN__PROBLEM__INIT;
    Zhucun__Problem *problems[1] = {&pr};
    vc.problems = problems;
    vc.n_problems = 1;
    pr.text = "屋顶漏雨";
    assert_refused(zc_visit_create(NULL, &vc, &reply, &err), reply, err, "请指定责任人",
                   "problems[0].responsible_id");

    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = 91;
    ci.accuracy_m = 10;
    assert_refused(zc_check_in(NULL, &ci, &reply, &err), reply, err,
                   "纬度应为 -90 到 90 之间的有限数", "lat");
    ci.lat = 37.8;
    ci.accuracy_m = 0;
    assert_refused(zc_check_in(NULL, &ci, &reply, &err), reply, err,
                   "定位精度应为大于 0 的有限米数", "accuracy_m");
    ci.accuracy_m = 10;
    assert_refused(zc_check_in(NULL, &ci, &reply, &err), reply, err,
                   "请提供设备时间（Unix 秒，1970 年到 2999 年之间）", "client_time");

    Zhucun__OfficialBusinessRecord ob = ZHUCUN__OFFICIAL_BUSINESS_RECORD__INIT;
    ob.person_id = 3;
    ob.date = day_from_today(40, tomorrow);
    ob.note = "县里开会";
    assert_refused(zc_official_business_record(NULL, &ob, &reply, &err), reply, err,
                   "公务日期应在 92 天前到 31 天后之间", "date");
    Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
    aw.week = "2026-48";
    assert_refused(zc_attendance_week(NULL, &aw, &reply, &err), reply, err,
                   "周次应为 ISO 周，如 2026-W48", "week");
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = "140105001001";
    vr.period = "2026-01";
    vr.by = "org";
    assert_refused(zc_visit_report(NULL, &vr, &reply, &err), reply, err,
                   "行政村没有下级单位：请按 team、cadre 或 household 查看", "by");
}

static void test_approvals(void **state)
{
    (void)state;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    char first[11], last[11];
    Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
    lr.first_day = day_from_today(2, first);
    lr.last_day = day_from_today(1, last);
    lr.reason = "家中有事";
    assert_refused(zc_leave_request(NULL, &lr, &reply, &err), reply, err, "末日不能早于首日",
                   "last_day");
    lr.last_day = day_from_today(3, last);
    lr.person_id = 12;
    lr.channel = "system";
    assert_refused(zc_leave_request(NULL, &lr, &reply, &err), reply, err,
                   "代队员登记请假须说明申请经何种渠道提出：channel 应为 wechat、sms、phone 或 "
                   "paper",
                   "channel");
    lr.channel = "paper";
    assert_int_equal(zc_check(&lr.base, &err), 0); /* this one the server may accept */
    lr.reason = " \t";
    assert_refused(zc_leave_request(NULL, &lr, &reply, &err), reply, err, "请写明请假事由",
                   "reason");

    Zhucun__Decide de = ZHUCUN__DECIDE__INIT;
    de.step_id = 4;
    de.decision = "reject";
    assert_refused(zc_decide(NULL, &de, &reply, &err), reply, err, "驳回或退回须说明理由",
                   "reason");
    Zhucun__LeaveEnd le = ZHUCUN__LEAVE_END__INIT;
    le.id = 4;
    le.return_day = "tomorrow";
    assert_refused(zc_leave_end(NULL, &le, &reply, &err), reply, err, "返岗日期应为 YYYY-MM-DD",
                   "return_day");
    Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
    dc.first_day = day_from_today(0, first);
    dc.last_day = day_from_today(90, last);
    dc.to_username = "li-si";
    assert_refused(zc_delegation_create(NULL, &dc, &reply, &err), reply, err, "一次委托最多 90 天",
                   "last_day");
    Zhucun__LeaveList ll = ZHUCUN__LEAVE_LIST__INIT;
    ll.status = "done";
    assert_refused(zc_leave_list(NULL, &ll, &reply, &err), reply, err,
                   "状态应为 pending、approved、rejected、returned 或 cancelled", "status");

    /* Any kind of the shape is sent (the kinds are the server's registry); the id first, as
     * dispatch checks it before the handler. */
    Zhucun__ApprovalHistory ah = ZHUCUN__APPROVAL_HISTORY__INIT;
    ah.subject_kind = "recall";
    assert_refused(zc_approval_history(NULL, &ah, &reply, &err), reply, err,
                   "缺少 subject_id：应为正整数", "subject_id");
    ah.subject_id = 7;
    assert_int_equal(zc_check(&ah.base, &err), 0);
    ah.subject_kind = "some_kind_to_come";
    assert_int_equal(zc_check(&ah.base, &err), 0);
    ah.subject_kind = "";
    assert_refused(zc_approval_history(NULL, &ah, &reply, &err), reply, err, "缺少审批事项类型",
                   "subject_kind");
    ah.subject_kind = "请假";
    assert_refused(zc_approval_history(NULL, &ah, &reply, &err), reply, err, APPROVAL_KIND_PROBLEM,
                   "subject_kind");
    struct zc_field_problem all[4];
    ah.subject_id = 0;
    assert_int_equal(zc_check_all(&ah.base, all, 4), 2);
    assert_string_equal(all[0].field, "subject_id");
    assert_string_equal(all[1].field, "subject_kind");
}

/* zc_check_all's first problem is zc_check's refusal, and it lists exactly n problems. */
static void assert_all_starts_with_check(const ProtobufCMessage *body, struct zc_field_problem *out,
                                         size_t max, int n)
{
    struct zc_error err = {0};
    assert_int_equal(zc_check_all(body, out, max), n);
    assert_int_equal(zc_check(body, &err), n > 0 ? -1 : 0);
    if (n > 0) {
        assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
        assert_string_equal(out[0].field, err.field);
        assert_string_equal(out[0].message, err.message);
    }
}

static void test_check_all_household(void **state)
{
    (void)state;
    struct zc_field_problem out[16];
    Zhucun__HouseholdMember m[3] = {ZHUCUN__HOUSEHOLD_MEMBER__INIT, ZHUCUN__HOUSEHOLD_MEMBER__INIT,
                                    ZHUCUN__HOUSEHOLD_MEMBER__INIT};
    Zhucun__HouseholdMember *members[3] = {&m[0], &m[1], &m[2]};
    const char *names[3] = {"李四", "王五", "李小四"};
    /* Right check characters (GB 11643): a head, a spouse and a child. */
    const char *ids[3] = {"110101199003076632", "110101199108122412", "110101201503051415"};
    for (int i = 0; i < 3; i++) {
        m[i].name = (char *)names[i];
        m[i].relation = i == 0 ? "head" : i == 1 ? "spouse" : "child";
        m[i].id_number = (char *)ids[i];
        m[i].labour = i == 2 ? "minor" : "full";
        m[i].health = "healthy";
    }
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = "140105001001";
    h.category = "ordinary";
    h.members = members;
    h.n_members = 3;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    assert_all_starts_with_check(&hc.base, out, 16, 0);

    /* Every field at fault, once each, in the handler's order: the village, the phone, the
     * first member's ID number (check character), the second's relation (a second head) and
     * the third's ID number (the first's again). */
    h.village_code = "1401050010";
    h.phone = "138-abc";
    m[0].id_number = "110101199003076631";
    m[1].relation = "head";
    m[2].id_number = "110101199003076631";
    assert_all_starts_with_check(&hc.base, out, 16, 5);
    assert_string_equal(out[0].field, "village_code");
    assert_string_equal(out[0].message, "请填写 12 位行政村代码");
    assert_string_equal(out[1].field, "phone");
    assert_string_equal(out[2].field, "members[0].id_number");
    assert_non_null(strstr(out[2].message, "第 1 位成员："));
    assert_string_equal(out[3].field, "members[1].relation");
    assert_string_equal(out[3].message, "一户只能有一名户主");
    /* The third repeats the first's number, itself wrong: one problem for the field. */
    assert_string_equal(out[4].field, "members[2].id_number");
    assert_non_null(strstr(out[4].message, "第 3 位成员："));

    /* max keeps the first ones. */
    assert_all_starts_with_check(&hc.base, out, 2, 2);
    assert_string_equal(out[1].field, "phone");
    /* No members: the count, and no second problem for the same field (no head). */
    h.n_members = 0;
    assert_int_equal(zc_check_all(&hc.base, out, 16), 3);
    assert_string_equal(out[2].field, "members");
    assert_string_equal(out[2].message, "每户应有 1 到 30 名成员");

    /* Not a request's body, or nowhere to write: -1. */
    assert_int_equal(zc_check_all(&m[0].base, out, 16), -1);
    assert_int_equal(zc_check_all(&hc.base, out, 0), -1);
}

static void test_check_all_visit_and_more(void **state)
{
    (void)state;
    struct zc_field_problem out[16];
    char today[11], tomorrow[11], yesterday[11];
    day_from_today(0, today);
    day_from_today(1, tomorrow);
    day_from_today(-1, yesterday);
    Zhucun__Problem pr[2] = {ZHUCUN__PROBLEM__INIT, ZHUCUN__PROBLEM__INIT};
    Zhucun__Problem *problems[2] = {&pr[0], &pr[1]};
    pr[0].text = "";
    pr[0].deadline = "soon";
    pr[1].text = "屋顶漏雨";
    pr[1].responsible_id = 11;
    pr[1].deadline = today;
    Zhucun__VisitCreate vc = ZHUCUN__VISIT_CREATE__INIT;
    vc.household_id = 7;
    vc.visit_date = tomorrow;
    vc.mode = "in_person";
    char notes[2002];
    memset(notes, 'x', sizeof(notes) - 1);
    notes[sizeof(notes) - 1] = '\0';
    vc.notes = notes;
    vc.problems = problems;
    vc.n_problems = 2;
    /* The date, the cadres, the notes, and each field of the first problem; the second
     * problem's deadline is before a visit dated tomorrow. */
    assert_all_starts_with_check(&vc.base, out, 16, 7);
    const char *fields[] = {"visit_date",
                            "cadre_ids",
                            "notes",
                            "problems[0].text",
                            "problems[0].responsible_id",
                            "problems[0].deadline",
                            "problems[1].deadline"};
    for (int i = 0; i < 7; i++)
        assert_string_equal(out[i].field, fields[i]);
    assert_string_equal(out[2].message, "走访记录过长（最多 2000 字节）");

    /* A delegation: both days, and the missing delegate. */
    Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
    dc.first_day = "2026-13-01";
    dc.last_day = "next week";
    assert_all_starts_with_check(&dc.base, out, 16, 3);
    assert_string_equal(out[0].field, "first_day");
    assert_string_equal(out[1].field, "last_day");
    assert_string_equal(out[2].field, "to_username");
    assert_string_equal(out[2].message, "缺少被委托人账号");
    /* A last day before the first: the last day only, once. */
    dc.first_day = today;
    dc.last_day = yesterday;
    dc.to_username = "li-si";
    assert_all_starts_with_check(&dc.base, out, 16, 1);
    assert_string_equal(out[0].field, "last_day");
    assert_string_equal(out[0].message, "起止日期应为 YYYY-MM-DD，且止不早于起");

    /* A follow-up item resolved without a note, and no id: the id first, as the server. */
    Zhucun__FollowUpUpdate fu = ZHUCUN__FOLLOW_UP_UPDATE__INIT;
    fu.status = "resolved";
    assert_all_starts_with_check(&fu.base, out, 16, 2);
    assert_string_equal(out[0].field, "id");
    assert_string_equal(out[1].field, "note");
    assert_string_equal(out[1].message, "办结须写明办理结果");

    /* A password change: the new password is the old one. */
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = "initial-password-1";
    cp.new_password = "initial-password-1";
    assert_all_starts_with_check(&cp.base, out, 16, 1);
    assert_string_equal(out[0].field, "new_password");

    /* A decision that is none of the three asks for no reason. */
    Zhucun__Decide de = ZHUCUN__DECIDE__INIT;
    de.step_id = 4;
    de.decision = "maybe";
    de.channel = "fax";
    assert_all_starts_with_check(&de.base, out, 16, 2);
    assert_string_equal(out[0].field, "decision");
    assert_string_equal(out[1].field, "channel");
}

int main(void)
{
    zc_clock_from_env();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_a_request),
        cmocka_unit_test(test_required_ids),
        cmocka_unit_test(test_auth_and_org),
        cmocka_unit_test(test_people_and_teams),
        cmocka_unit_test(test_households),
        cmocka_unit_test(test_visits_and_attendance),
        cmocka_unit_test(test_approvals),
        cmocka_unit_test(test_check_all_household),
        cmocka_unit_test(test_check_all_visit_and_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
