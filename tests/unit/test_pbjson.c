/* test_pbjson.c -- the descriptor-driven JSON writer (common/pbjson.c) on real messages of
 * proto/: exact text for nested and repeated fields, empty messages, integer extremes, UTF-8
 * and control characters, bytes, enums, reals, presence, a oneof and instants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "common/pbjson.h"
#include "envelope.pb-c.h"

/* Asserts that msg prints as want. */
static void expect(const ProtobufCMessage *msg, const char *want)
{
    size_t len;
    char *got = pbjson_string(msg, &len);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
}

static void test_empty(void **state)
{
    (void)state;
    expect(NULL, "{}"); /* a reply without a body */
    Zhucun__QueueListReply q = ZHUCUN__QUEUE_LIST_REPLY__INIT;
    expect(&q.base, "{\"items\":[]}");
    Zhucun__Logout lo = ZHUCUN__LOGOUT__INIT;
    expect(&lo.base, "{}");
    /* a proto3 scalar is written at its default: a field is always there */
    Zhucun__OrgImportReply oi = ZHUCUN__ORG_IMPORT_REPLY__INIT;
    expect(&oi.base, "{\"created\":0,\"unchanged\":0}");
}

static void test_nested_and_repeated(void **state)
{
    (void)state;
    Zhucun__RoleGrant g1 = ZHUCUN__ROLE_GRANT__INIT, g2 = ZHUCUN__ROLE_GRANT__INIT;
    g1.role = "cadre";
    g1.scope_code = "140105001001";
    g1.scope_name = "测试一村";
    g2.role = "township";
    Zhucun__RoleGrant *roles[] = {&g1, &g2};
    Zhucun__UserShowReply r = ZHUCUN__USER_SHOW_REPLY__INIT;
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.id = 12;
    p.name = "演示甲";
    p.party_member = 1;
    r.person = &p;
    r.n_roles = 2;
    r.roles = roles;
    expect(&r.base,
           "{\"person\":{\"id\":12,\"name\":\"演示甲\",\"phone\":\"\",\"party_member\":true,"
           "\"unit_id\":0,\"org_code\":\"\",\"username\":\"\"},\"disabled\":false,"
           "\"must_change_password\":false,\"roles\":[{\"role\":\"cadre\",\"scope_code\":"
           "\"140105001001\",\"scope_name\":\"测试一村\"},{\"role\":\"township\","
           "\"scope_code\":\"\",\"scope_name\":\"\"}]}");
    /* a message field that is not set is left out (it has presence) */
    r.person = NULL;
    r.n_roles = 0;
    expect(&r.base, "{\"disabled\":false,\"must_change_password\":false,\"roles\":[]}");
    /* repeated scalars and strings */
    int64_t ids[] = {3, -4, 5};
    Zhucun__VisitCreateReply v = ZHUCUN__VISIT_CREATE_REPLY__INIT;
    v.visit_id = 9;
    v.n_item_ids = 3;
    v.item_ids = ids;
    expect(&v.base, "{\"visit_id\":9,\"item_ids\":[3,-4,5]}");
    char *tags[] = {"甲", "b"};
    Zhucun__OrgUnit u = ZHUCUN__ORG_UNIT__INIT;
    u.code = "140105001001";
    u.n_tags = 2;
    u.tags = tags;
    expect(&u.base, "{\"code\":\"140105001001\",\"name\":\"\",\"level\":0,\"parent_code\":\"\","
                    "\"has_location\":false,\"lat\":0,\"lon\":0,\"geofence_m\":0,"
                    "\"tags\":[\"甲\",\"b\"],\"child_count\":0}");
}

static void test_integer_extremes(void **state)
{
    (void)state;
    Zhucun__Leave l = ZHUCUN__LEAVE__INIT;
    l.id = INT64_MAX;
    l.person_id = INT64_MIN;
    l.days = UINT32_MAX;
    l.approval_id = -1;
    expect(&l.base, "{\"id\":9223372036854775807,\"person_id\":-9223372036854775808,"
                    "\"person_name\":\"\",\"village_code\":\"\",\"first_day\":\"\","
                    "\"last_day\":\"\",\"days\":4294967295,\"reason\":\"\",\"channel\":\"\","
                    "\"status\":\"\",\"returned_on\":\"\",\"approval_id\":-1,\"steps\":[]}");
    Zhucun__ExportChunk c = ZHUCUN__EXPORT_CHUNK__INIT;
    c.total = UINT64_MAX;
    c.rows = 0;
    expect(&c.base, "{\"columns\":[],\"data\":\"\",\"rows\":0,\"cursor\":\"\",\"complete\":false,"
                    "\"total\":18446744073709551615}");
}

static void test_text(void **state)
{
    (void)state;
    Zhucun__DecideReply d = ZHUCUN__DECIDE_REPLY__INIT;
    /* UTF-8 as it is (a 4-byte character too); quote, backslash and every control character
     * escaped; DEL and '/' as they are */
    d.approval_status = "山西 𠀀\"\\/\n\t\r\x01\x1f\x7f";
    expect(&d.base, "{\"approval_status\":\"山西 𠀀\\\"\\\\/\\u000a\\u0009\\u000d\\u0001\\u001f"
                    "\x7f\"}");
    d.approval_status = NULL; /* never on the wire, but no crash: "" */
    expect(&d.base, "{\"approval_status\":\"\"}");
}

static void test_bytes(void **state)
{
    (void)state;
    Zhucun__PingReply p = ZHUCUN__PING_REPLY__INIT;
    expect(&p.base, "{\"payload\":\"\",\"server_time_us\":0}");
    p.payload.data = (uint8_t *)"abc";
    p.payload.len = 3;
    expect(&p.base, "{\"payload\":\"YWJj\",\"server_time_us\":0}");
    p.payload.data = (uint8_t *)"\0\1\2\3";
    p.payload.len = 4;
    expect(&p.base, "{\"payload\":\"AAECAw==\",\"server_time_us\":0}");
    p.payload.data = (uint8_t *)"\xff\xfe";
    p.payload.len = 2;
    p.server_time_us = 1796592244000000; /* named _us, not an instant: a number */
    expect(&p.base, "{\"payload\":\"//4=\",\"server_time_us\":1796592244000000}");
}

static void test_enum_and_oneof(void **state)
{
    (void)state;
    Zhucun__FieldError fe = ZHUCUN__FIELD_ERROR__INIT;
    fe.field = "id";
    fe.message = "不存在";
    Zhucun__FieldError *fields[] = {&fe};
    Zhucun__Status st = ZHUCUN__STATUS__INIT;
    st.code = ZHUCUN__CODE__NOT_FOUND;
    st.n_fields = 1;
    st.fields = fields;
    expect(&st.base, "{\"code\":\"NOT_FOUND\",\"message\":\"\",\"fields\":[{\"field\":\"id\","
                     "\"message\":\"不存在\"}]}");
    st.code = 99; /* a value without a name: its number */
    st.n_fields = 0;
    expect(&st.base, "{\"code\":99,\"message\":\"\",\"fields\":[]}");
    /* of a oneof, only the member set; the unset status (a message) is left out */
    Zhucun__PingReply p = ZHUCUN__PING_REPLY__INIT;
    Zhucun__Reply r = ZHUCUN__REPLY__INIT;
    r.id = 5;
    r.body_case = ZHUCUN__REPLY__BODY_PING;
    r.ping = &p;
    expect(&r.base, "{\"id\":5,\"more\":false,\"ping\":{\"payload\":\"\",\"server_time_us\":0}}");
    r.body_case = ZHUCUN__REPLY__BODY__NOT_SET;
    expect(&r.base, "{\"id\":5,\"more\":false}");
}

static void test_reals(void **state)
{
    (void)state;
    Zhucun__CheckInReply c = ZHUCUN__CHECK_IN_REPLY__INIT;
    c.distance_m = 37.736;
    expect(&c.base, "{\"id\":0,\"at\":\"\",\"flags\":0,\"flag_names\":[],\"valid\":false,"
                    "\"village_code\":\"\",\"distance_m\":37.736,\"slot\":\"\",\"slot_date\":\"\","
                    "\"delay_s\":0,\"received_at\":\"\"}");
    static const struct {
        double v;
        const char *text;
    } reals[] = {
        {-1, "-1"},      {0.1, "0.1"},          {112.5650001, "112.5650001"},
        {1e21, "1e+21"}, {-2.5e-7, "-2.5e-07"}, {1.0 / 3, "0.3333333333333333"},
        {NAN, "null"},   {INFINITY, "null"},
    };
    for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
        char want[256];
        c.distance_m = reals[i].v;
        snprintf(want, sizeof(want),
                 "{\"id\":0,\"at\":\"\",\"flags\":0,\"flag_names\":[],\"valid\":false,"
                 "\"village_code\":\"\",\"distance_m\":%s,\"slot\":\"\",\"slot_date\":\"\","
                 "\"delay_s\":0,\"received_at\":\"\"}",
                 reals[i].text);
        expect(&c.base, want);
    }
}

static void test_instants(void **state)
{
    (void)state;
    /* an integer named `at`: Unix seconds, written in Beijing time */
    Zhucun__CheckInReply c = ZHUCUN__CHECK_IN_REPLY__INIT;
    c.at = 1796592244; /* 2026-12-06T21:24:04Z */
    c.id = 1;
    expect(&c.base, "{\"id\":1,\"at\":\"2026-12-07T05:24:04+08:00\",\"flags\":0,\"flag_names\":[],"
                    "\"valid\":false,\"village_code\":\"\",\"distance_m\":0,\"slot\":\"\","
                    "\"slot_date\":\"\",\"delay_s\":0,\"received_at\":\"\"}");
    /* ... `*_at` too */
    Zhucun__WhoAmIReply w = ZHUCUN__WHO_AM_IREPLY__INIT;
    w.session_expires_at = 1796592244;
    expect(&w.base, "{\"user_id\":0,\"username\":\"\",\"display_name\":\"\",\"roles\":[],"
                    "\"must_change_password\":false,"
                    "\"session_expires_at\":\"2026-12-07T05:24:04+08:00\"}");
    /* a string: the wire's RFC 3339 in UTC, restyled (microseconds kept); "" stays "";
     * a date alone is not an instant field's business (first_day is not one) */
    Zhucun__ApprovalStep s = ZHUCUN__APPROVAL_STEP__INIT;
    s.decided_at = "2026-12-06T21:24:04.5Z";
    s.deadline = "2026-12-07T16:00:00Z"; /* an older name too */
    s.status = "approved";
    Zhucun__ApprovalStep *steps[] = {&s};
    Zhucun__Leave l = ZHUCUN__LEAVE__INIT;
    l.first_day = "2026-12-07";
    l.n_steps = 1;
    l.steps = steps;
    expect(&l.base, "{\"id\":0,\"person_id\":0,\"person_name\":\"\",\"village_code\":\"\","
                    "\"first_day\":\"2026-12-07\",\"last_day\":\"\",\"days\":0,\"reason\":\"\","
                    "\"channel\":\"\",\"status\":\"\",\"returned_on\":\"\",\"approval_id\":0,"
                    "\"steps\":[{\"id\":0,\"round\":0,\"seq\":0,\"role\":\"\",\"org_code\":\"\","
                    "\"unit_id\":0,\"status\":\"approved\",\"decided_by\":\"\","
                    "\"on_behalf_of\":\"\",\"decided_at\":\"2026-12-07T05:24:04.500000+08:00\","
                    "\"reason\":\"\",\"channel\":\"\",\"escalated_role\":\"\","
                    "\"escalated_org\":\"\",\"deadline\":\"2026-12-08T00:00:00+08:00\"}]}");
    /* the two older names of QueueItem, and a string that is not an instant kept as it is;
     * escalated_at is an `*_at` */
    Zhucun__QueueItem q = ZHUCUN__QUEUE_ITEM__INIT;
    q.pending_since = "2026-12-06T16:00:00Z";
    q.deadline = "later";
    q.escalated = 1;
    q.escalated_at = "2026-12-07T00:30:00Z";
    expect(&q.base, "{\"step_id\":0,\"approval_id\":0,\"subject_kind\":\"\",\"subject_id\":0,"
                    "\"summary\":\"\",\"role\":\"\",\"org_code\":\"\",\"unit_id\":0,"
                    "\"pending_since\":\"2026-12-07T00:00:00+08:00\",\"deadline\":\"later\","
                    "\"on_behalf_of\":0,\"round\":0,\"overdue\":false,\"kind_name\":\"\","
                    "\"escalated\":true,\"escalated_at\":\"2026-12-07T08:30:00+08:00\"}");
    /* a FollowUpItem's deadline is a day, not an instant: untouched */
    Zhucun__FollowUpItem f = ZHUCUN__FOLLOW_UP_ITEM__INIT;
    f.deadline = "2026-12-31";
    char *got = pbjson_string(&f.base, NULL);
    assert_non_null(strstr(got, "\"deadline\":\"2026-12-31\""));
    free(got);
}

static void test_print(void **state)
{
    (void)state;
    char buf[256] = "";
    FILE *f = fmemopen(buf, sizeof(buf), "w");
    assert_non_null(f);
    Zhucun__OfficialBusinessReply ob = ZHUCUN__OFFICIAL_BUSINESS_REPLY__INIT;
    ob.id = 42;
    assert_int_equal(pbjson_print(f, &ob.base), 0);
    assert_int_equal(pbjson_print(f, NULL), 0);
    fclose(f);
    assert_string_equal(buf, "{\"id\":42}\n{}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_nested_and_repeated),
        cmocka_unit_test(test_integer_extremes),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_enum_and_oneof),
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_instants),
        cmocka_unit_test(test_print),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
