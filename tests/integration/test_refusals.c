/* test_refusals.c -- requests refused with INVALID_ARGUMENT naming the field, before a handler
 * or the database can misread them (issue 11):
 * - every call that names a row by its id refuses id 0 (protobuf's "not set"), which a handler
 *   could read as "any" (LeaveShow once showed the newest leave of the caller's scope for id
 *   0); optional filters keep 0 as "none";
 * - a field that is too long says so with its limit (a 10,000-character address was
 *   "电话或地址格式不正确");
 * - a string with a NUL byte (U+0000) inside is refused naming the field, before any handler
 *   (issue 13: protobuf-c hands strings over NUL-terminated, so "user\0junk" logged in as
 *   "user" and an address "a\0b" was stored as "a"). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "common/frame.h"

#define PW      "correct horse battery"
#define VILLAGE "140105001001"

static struct zt_server srv;
static struct zc_client *county;

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "refusals", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, "140100000000,太原市,city\n140105000000,小店区,county\n"
                        "140105001000,坞城街道,township\n140105001001,测试一村,village\n");
    zc_close(prov);
    /* A county office holds every role these calls ask for. */
    assert_int_equal(zt_useradd(&srv, "county", PW, "county_office", "140105000000", 0), 0);
    county = zt_login(&srv, "county", PW, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zt_server_finish(&srv);
    return 0;
}

/* Sends the call body_case with an empty body, where the int64 field `set` (when not NULL) is
 * 7; returns the reply (free it). */
static Zhucun__Reply *call_empty(int body_case, const char *set)
{
    const ProtobufCFieldDescriptor *bf =
        protobuf_c_message_descriptor_get_field(&zhucun__request__descriptor, (unsigned)body_case);
    assert_non_null(bf);
    const ProtobufCMessageDescriptor *d = bf->descriptor;
    ProtobufCMessage *body = calloc(1, d->sizeof_message);
    assert_non_null(body);
    protobuf_c_message_init(d, body);
    if (set != NULL) {
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, set);
        assert_non_null(f);
        *(int64_t *)((char *)body + f->offset) = 7;
    }
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = (Zhucun__Request__BodyCase)body_case;
    *(ProtobufCMessage **)((char *)&req + bf->offset) = body;
    Zhucun__Reply *reply = NULL;
    zt_call(county, &req, &reply);
    free(body);
    assert_non_null(reply);
    return reply;
}

static void test_id_zero_is_refused(void **state)
{
    (void)state;
    static const struct {
        int body_case;
        const char *first, *second; /* the ids, in the order the server checks them */
    } calls[] = {
        {ZHUCUN__REQUEST__BODY_UNIT_SHOW, "id", NULL},
        {ZHUCUN__REQUEST__BODY_UNIT_UPDATE, "id", NULL},
        {ZHUCUN__REQUEST__BODY_TEAM_MEMBERS, "team_id", NULL},
        {ZHUCUN__REQUEST__BODY_TEAM_ASSIGN, "team_id", "person_id"},
        {ZHUCUN__REQUEST__BODY_TEAM_RECALL, "membership_id", NULL},
        {ZHUCUN__REQUEST__BODY_TEAM_SET_PARTY_LEADER, "team_id", "person_id"},
        {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW, "id", NULL},
        {ZHUCUN__REQUEST__BODY_HOUSEHOLD_SET_STATE, "id", NULL},
        {ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE, "id", NULL},
        {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD, "household_id", NULL},
        {ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE, "household_id", "member_id"},
        {ZHUCUN__REQUEST__BODY_FOLLOW_UP_UPDATE, "id", NULL},
        {ZHUCUN__REQUEST__BODY_DECIDE, "step_id", NULL},
        {ZHUCUN__REQUEST__BODY_LEAVE_SHOW, "id", NULL},
        {ZHUCUN__REQUEST__BODY_LEAVE_END, "id", NULL},
        {ZHUCUN__REQUEST__BODY_LEAVE_RESUBMIT, "id", NULL},
        {ZHUCUN__REQUEST__BODY_DELEGATION_REVOKE, "id", NULL},
        {ZHUCUN__REQUEST__BODY_OFFICIAL_BUSINESS_RECORD, "person_id", NULL},
    };
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        for (int k = 0; k < 2; k++) {
            const char *want = k == 0 ? calls[i].first : calls[i].second;
            if (want == NULL)
                continue;
            Zhucun__Reply *reply = call_empty(calls[i].body_case, k == 0 ? NULL : calls[i].first);
            print_message("call %d, %s = 0: %s\n", calls[i].body_case, want,
                          reply->status->message);
            assert_int_equal(reply->status->code, ZHUCUN__CODE__INVALID_ARGUMENT);
            assert_int_equal(reply->status->n_fields, 1);
            assert_string_equal(reply->status->fields[0]->field, want);
            zc_reply_free(reply);
        }
    }
}

/* 0 where a filter is optional still means "none". */
static void test_optional_filters_keep_zero(void **state)
{
    (void)state;
    Zhucun__Reply *reply = call_empty(ZHUCUN__REQUEST__BODY_LEAVE_LIST, NULL);
    assert_int_equal(reply->status->code, ZHUCUN__CODE__OK);
    zc_reply_free(reply);
    reply = call_empty(ZHUCUN__REQUEST__BODY_UNIT_LIST, NULL);
    assert_int_equal(reply->status->code, ZHUCUN__CODE__OK);
    zc_reply_free(reply);
}

/* n copies of the UTF-8 character c (a fresh string). */
static char *repeat(const char *c, int n)
{
    size_t k = strlen(c);
    char *s = malloc(k * (size_t)n + 1);
    assert_non_null(s);
    for (int i = 0; i < n; i++)
        memcpy(s + k * (size_t)i, c, k);
    s[k * (size_t)n] = '\0';
    return s;
}

/* Creates a household at VILLAGE with address; returns the reply (free it). */
static Zhucun__Reply *create(const char *address, const char *id_number)
{
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp[1] = {&m};
    m.name = "演示户主";
    m.relation = "head";
    m.id_number = (char *)id_number;
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = VILLAGE;
    h.category = "monitored";
    h.since = "2025-05-01";
    h.address = (char *)address;
    h.n_members = 1;
    h.members = mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    zt_call(county, &req, &reply);
    assert_non_null(reply);
    return reply;
}

static void assert_refused(const Zhucun__Reply *reply, const char *field, const char *limit)
{
    assert_int_equal(reply->status->code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(reply->status->n_fields, 1);
    assert_string_equal(reply->status->fields[0]->field, field);
    if (strstr(reply->status->message, limit) == NULL)
        fail_msg("\"%s\" does not say %s", reply->status->message, limit);
}

static void test_address(void **state)
{
    (void)state;
    char *long_address = repeat("村", 10000);
    Zhucun__Reply *reply = create(long_address, "11010519491231002X");
    assert_refused(reply, "address", "最多 200 个字符");
    zc_reply_free(reply);
    free(long_address);
    /* 200 characters of Chinese (600 bytes) are within the limit, as the database counts */
    char *full = repeat("村", 200);
    reply = create(full, "11010519491231002X");
    assert_int_equal(reply->status->code, ZHUCUN__CODE__OK);
    int64_t id = reply->household->id;
    zc_reply_free(reply);
    /* HouseholdUpdate says the same */
    char *over = repeat("村", 201);
    Zhucun__HouseholdUpdate up = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    up.id = id;
    up.set_address = 1;
    up.address = over;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE;
    req.household_update = &up;
    reply = NULL;
    zt_call(county, &req, &reply);
    assert_refused(reply, "address", "最多 200 个字符");
    zc_reply_free(reply);
    free(over);
    free(full);
}

static void test_unit_leader(void **state)
{
    (void)state;
    char *leader = repeat("x", 65);
    Zhucun__DispatchUnit u = ZHUCUN__DISPATCH_UNIT__INIT;
    u.name = "小店区农业农村局";
    u.level = "county";
    u.org_code = "140105000000";
    u.leader_name = leader;
    Zhucun__UnitCreate uc = ZHUCUN__UNIT_CREATE__INIT;
    uc.unit = &u;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_UNIT_CREATE;
    req.unit_create = &uc;
    Zhucun__Reply *reply = NULL;
    zt_call(county, &req, &reply);
    assert_refused(reply, "leader_name", "最多 64 字节");
    zc_reply_free(reply);
    free(leader);
}

/* Sends req on c with the byte '\x01' inside s (a string of req, found once in the packed
 * request) turned into a NUL: a client that carries strings with their length can send one,
 * though no C string can hold it. Returns the reply (free it). */
static Zhucun__Reply *call_with_nul(struct zc_client *c, Zhucun__Request *req, const char *s)
{
    static uint64_t next_id = 1000000;
    req->id = ++next_id;
    size_t len;
    uint8_t *frame = frame_pack(&req->base, &len);
    uint8_t *at = memmem(frame, len, s, strlen(s));
    assert_non_null(at);
    assert_null(memmem(at + 1, len - (size_t)(at + 1 - frame), s, strlen(s)));
    uint8_t *one = memchr(at, '\x01', strlen(s));
    assert_non_null(one);
    *one = '\0';
    struct zc_error err;
    assert_int_equal(zc_send_raw(c, frame, len, &err), 0);
    free(frame);
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_recv(c, &reply, 10000, &err), 0);
    assert_non_null(reply);
    assert_int_equal(reply->id, req->id);
    return reply;
}

static void assert_nul_refused(const Zhucun__Reply *reply, const char *field)
{
    print_message("%s: %s\n", field, reply->status->message);
    assert_refused(reply, field, "空字符（U+0000）");
}

/* "nuluser\0junk" is not the account nuluser: the login is refused as malformed before the
 * password is checked (not UNAUTHENTICATED, which would count as a failure against it). */
static void test_nul_in_login(void **state)
{
    (void)state;
    assert_int_equal(zt_useradd(&srv, "nuluser", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *c = zt_connect(&srv, NULL);
    Zhucun__Login l = ZHUCUN__LOGIN__INIT;
    l.username = "nuluser\x01junk";
    l.password = PW;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_LOGIN;
    req.login = &l;
    Zhucun__Reply *reply = call_with_nul(c, &req, l.username);
    assert_nul_refused(reply, "username");
    assert_null(reply->login);
    zc_reply_free(reply);
    /* the connection was not logged in by it */
    assert_int_equal(zt_whoami(c), ZHUCUN__CODE__UNAUTHENTICATED);
    zc_close(c);
    /* and the account itself still logs in */
    c = zt_login(&srv, "nuluser", PW, NULL);
    zc_close(c);
}

/* An address "a\0b" (nested field) or a member's name with a NUL (repeated field) is refused
 * naming the field, and nothing is stored; the first bad character is placed by line and
 * character. */
static void test_nul_in_household(void **state)
{
    (void)state;
    char before[32];
    char *n = zt_sql(&srv, "SELECT count(*) FROM households");
    snprintf(before, sizeof(before), "%s", n);
    free(n);

    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    Zhucun__HouseholdMember *mp[1] = {&m};
    m.name = "演示户主";
    m.relation = "head";
    m.id_number = "140105198001010038"; /* on no other household of this suite */
    m.labour = "full";
    m.health = "healthy";
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    h.village_code = VILLAGE;
    h.category = "monitored";
    h.since = "2025-05-01";
    h.address = "空字符a\x01"
                "b";
    h.n_members = 1;
    h.members = mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = call_with_nul(county, &req, h.address);
    assert_nul_refused(reply, "household.address");
    /* the NUL is the fifth character of the line */
    if (strstr(reply->status->message, "第 1 行第 5 个字符") == NULL)
        fail_msg("\"%s\" does not place the NUL", reply->status->message);
    zc_reply_free(reply);

    h.address = "空字符村";
    m.name = "演示\x01户主";
    reply = call_with_nul(county, &req, m.name);
    assert_nul_refused(reply, "household.members[0].name");
    zc_reply_free(reply);

    n = zt_sql(&srv, "SELECT count(*) FROM households");
    assert_string_equal(n, before);
    free(n);
    n = zt_sql(&srv, "SELECT count(*) FROM households WHERE address LIKE '空字符%'");
    assert_string_equal(n, "0");
    free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_zero_is_refused),
        cmocka_unit_test(test_optional_filters_keep_zero),
        cmocka_unit_test(test_address),
        cmocka_unit_test(test_unit_leader),
        cmocka_unit_test(test_nul_in_login),
        cmocka_unit_test(test_nul_in_household),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
