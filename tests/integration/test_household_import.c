/* test_household_import.c -- keeping the household register over the protocol: CSV import
 * (a good file lands whole; a bad one writes nothing and names every bad line; the limits;
 * villages out of scope; a retried key applied once), phone and address, members joining and
 * leaving (history kept, the head replaced only by naming a new one), scope, and the CLI. */
#include "harness.h"

#include "common/clock.h"

#include "common/hhcsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define VB "140105001002"
#define VC "140105001003"
#define HEADER                                                                                     \
    "household_ref,village_code,address,phone,category,absent,since,name,relation,"                \
    "id_number,labour,health,member_phone\n"

static struct zt_server srv;
static struct zc_client *county, *cadre_a, *cadre_b, *city, *other_county;
static char today[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n"
                          "140105001002,测试二村,village\n140105001003,测试三村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,柳巷一村,village\n";

/* An ID number born on ymd with serial s (0-999) and its right check character; a fresh
 * string from a ring of 64. */
static const char *id(const char *ymd, int serial)
{
    static char ring[64][19];
    static int next;
    char *out = ring[next++ % 64];
    snprintf(out, 19, "140105%s%03d", ymd, serial % 1000);
    out[17] = rules_idcard_check_char(out);
    out[18] = '\0';
    return out;
}

static Zhucun__Code import_csv(struct zc_client *c, const char *csv, const char *key,
                               Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdImport im = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    im.csv = (char *)csv;
    req.idempotency_key = (char *)(key ? key : "");
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT;
    req.household_import = &im;
    return zt_call(c, &req, out);
}

/* 1 when the reply's status names line (and column, "" for the whole row). */
static int names(const Zhucun__Reply *r, int line, const char *column)
{
    char want[64];
    if (column[0] != '\0')
        snprintf(want, sizeof(want), "line %d.%s", line, column);
    else
        snprintf(want, sizeof(want), "line %d", line);
    for (size_t i = 0; r != NULL && r->status != NULL && i < r->status->n_fields; i++)
        if (strcmp(r->status->fields[i]->field, want) == 0)
            return 1;
    return 0;
}

static int count(const char *sql)
{
    char *v = zt_sql(&srv, sql);
    int n = atoi(v);
    free(v);
    return n;
}

static int households(void)
{
    return count("SELECT count(*) FROM households");
}

static Zhucun__Code show(struct zc_client *c, int64_t hid, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdShow hs = ZHUCUN__HOUSEHOLD_SHOW__INIT;
    hs.id = hid;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW;
    req.household_show = &hs;
    return zt_call(c, &req, out);
}

/* The id of the household whose head is named head (fails the test when there is none). */
static int64_t find(const char *village, const char *head)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = (char *)village;
    hl.query = (char *)head;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST;
    req.household_list = &hl;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(county, &req, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_list->n_households, 1);
    int64_t hid = reply->household_list->households[0]->id;
    zc_reply_free(reply);
    return hid;
}

static const Zhucun__HouseholdMember *member_named(const Zhucun__Household *h, const char *name)
{
    for (size_t i = 0; i < h->n_members; i++)
        if (strcmp(h->members[i]->name, name) == 0)
            return h->members[i];
    fail_msg("no member %s", name);
    return NULL;
}

static Zhucun__Code update(struct zc_client *c, int64_t hid, const char *phone, const char *address,
                           Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdUpdate up = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    up.id = hid;
    up.set_phone = phone != NULL;
    up.phone = (char *)(phone ? phone : "");
    up.set_address = address != NULL;
    up.address = (char *)(address ? address : "");
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE;
    req.household_update = &up;
    return zt_call(c, &req, out);
}

static Zhucun__Code member_add(struct zc_client *c, int64_t hid, const char *name,
                               const char *relation, const char *idn, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdMemberAdd ma = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    m.name = (char *)name;
    m.relation = (char *)relation;
    m.id_number = (char *)idn;
    m.labour = "full";
    m.health = "healthy";
    ma.household_id = hid;
    ma.member = &m;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD;
    req.household_member_add = &ma;
    return zt_call(c, &req, out);
}

static Zhucun__Code member_leave(struct zc_client *c, int64_t hid, int64_t mid, const char *on,
                                 const char *reason, int64_t new_head, Zhucun__Reply **out)
{
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdMemberLeave ml = ZHUCUN__HOUSEHOLD_MEMBER_LEAVE__INIT;
    ml.household_id = hid;
    ml.member_id = mid;
    ml.left_on = (char *)on;
    ml.reason = (char *)reason;
    ml.new_head_id = new_head;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_LEAVE;
    req.household_member_leave = &ml;
    return zt_call(c, &req, out);
}

/* The field the reply's status names first ("" when none). */
static const char *field_of(const Zhucun__Reply *r)
{
    return r != NULL && r->status != NULL && r->status->n_fields > 0 ? r->status->fields[0]->field
                                                                     : "";
}

static int setup(void **state)
{
    (void)state;
    rules_date_format(zt_today(), today);
    zt_server_start(&srv, "hhimport", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "cadre-a", PW, "cadre", VA, 0), 0);
    assert_int_equal(zt_useradd(&srv, "cadre-b", PW, "cadre", VB, 0), 0);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", "140100000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", "140106000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    cadre_a = zt_login(&srv, "cadre-a", PW, NULL);
    cadre_b = zt_login(&srv, "cadre-b", PW, NULL);
    city = zt_login(&srv, "taiyuan", PW, NULL);
    other_county = zt_login(&srv, "yingze", PW, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(county);
    zc_close(cadre_a);
    zc_close(cadre_b);
    zc_close(city);
    zc_close(other_county);
    zt_server_finish(&srv);
    return 0;
}

static void test_good_import_lands_whole(void **state)
{
    (void)state;
    char csv[4096];
    snprintf(csv, sizeof(csv),
             "\xef\xbb\xbf" HEADER "1," VA
             ",\"一组,3 号\",13900000001,poverty_alleviated,no,2025-03-01,王大,head,%s,"
             "full,healthy,13900000001\n"
             "1,,,,,,,王大妻,spouse,%s,partial,chronic,\n"
             "1," VA ",\"一组,3 号\",,,,,王小,child,%s,minor,healthy,\n"
             "2," VA ",二组,,monitored,yes,2025-04-01,赵二,head,%s,full,healthy,\n"
             "3," VB ",,,ordinary,,,孙三,head,%s,none,disabled\n",
             id("19700101", 1), id("19720202", 2), id("20150303", 3), id("19600404", 4),
             id("19500505", 5));
    int before = households();
    int audits = count("SELECT count(*) FROM audit WHERE action = 'household.create'");
    Zhucun__Reply *reply = NULL;
    assert_int_equal(import_csv(county, csv, "import-good-1", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_import->households, 3);
    assert_int_equal(reply->household_import->members, 5);
    zc_reply_free(reply);
    assert_int_equal(households(), before + 3);
    /* each household was made by zc_household_create (audited each), plus the import */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'household.create'"),
                     audits + 3);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'household.import'"), 1);

    int64_t wang = find(VA, "王大");
    assert_int_equal(show(cadre_a, wang, &reply), ZHUCUN__CODE__OK);
    const Zhucun__Household *h = reply->household;
    assert_string_equal(h->village_code, VA);
    assert_string_equal(h->category, "poverty_alleviated");
    assert_false(h->absent);
    assert_string_equal(h->since, "2025-03-01");
    assert_string_equal(h->address, "一组,3 号");
    assert_string_equal(h->phone, "13900000001");
    assert_int_equal(h->member_count, 3);
    assert_string_equal(member_named(h, "王大妻")->relation, "spouse");
    assert_string_equal(member_named(h, "王大妻")->health, "chronic");
    assert_string_equal(member_named(h, "王小")->birth_date, "2015-03-03");
    assert_int_equal(h->n_history, 1);
    zc_reply_free(reply);
    assert_int_equal(show(county, find(VA, "赵二"), &reply), ZHUCUN__CODE__OK);
    assert_true(reply->household->absent);
    assert_string_equal(reply->household->category, "monitored");
    zc_reply_free(reply);
    assert_int_equal(show(county, find(VB, "孙三"), &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->household->since, today); /* blank since = today */
    assert_string_equal(reply->household->members[0]->phone, "");
    zc_reply_free(reply);

    /* the same key again: the first answer, nothing written twice */
    assert_int_equal(import_csv(county, csv, "import-good-1", &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household_import->households, 3);
    assert_int_equal(reply->household_import->members, 5);
    zc_reply_free(reply);
    assert_int_equal(households(), before + 3);
    /* without the key the file is refused: every person is on a household already */
    assert_int_equal(import_csv(county, csv, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    for (int line = 2; line <= 6; line++)
        assert_true(names(reply, line, "id_number"));
    assert_non_null(strstr(reply->status->fields[0]->message, "已登记在另一户"));
    zc_reply_free(reply);
    assert_int_equal(households(), before + 3);
}

static void test_bad_file_writes_nothing(void **state)
{
    (void)state;
    char csv[4096], badcheck[19], badbirth[19];
    snprintf(badcheck, sizeof(badcheck), "%s", id("19800101", 11));
    badcheck[17] = badcheck[17] == '0' ? '1' : '0';
    snprintf(badbirth, sizeof(badbirth), "140105199913320%02d", 12);
    badbirth[17] = rules_idcard_check_char(badbirth);
    badbirth[18] = '\0'; /* snprintf ended the string at [17], which now holds the check */
    const char *dup = id("19810101", 13);
    snprintf(csv, sizeof(csv),
             HEADER "1," VA ",,,ordinary,,2025-01-01,甲,head,%s,full,healthy,\n" /* 2: good */
                    "1,,,,,,,乙,child,%s,full,healthy,\n"                /* 3: check character */
                    "1,,,,,,,丙,head,%s,full,healthy,\n"                 /* 4: a second head */
                    "2," VA ",,,wealthy,,,丁,head,%s,full,healthy,\n"    /* 5: category */
                    "3," VA ",,,ordinary,,,戊,spouse,%s,full,healthy,\n" /* 6: no head */
                    "4," VA ",,,ordinary,,,己,head,%s,full,healthy,\n"   /* 7: same ID as 6 */
                    "5," VA ",,,ordinary,,,庚,head,%s,full,healthy,123456789012345678901\n"
                    "6,1401050010,,,ordinary,,,辛,head,%s,full,healthy,\n" /* 9: village */
                    "7," VA ",,,ordinary,,,壬,head,%s,full,healthy,\n" /* 10: no such birth date */
                    "8," VA ",,,ordinary,,,癸,head,%s,full,healthy,Z\n", /* 11: phone */
             id("19700101", 14), badcheck, id("19710101", 15), id("19720101", 16), dup, dup,
             id("19730101", 17), id("19740101", 18), badbirth, id("19750101", 19));
    int before = households();
    Zhucun__Reply *reply = NULL;
    assert_int_equal(import_csv(county, csv, "import-bad-1", &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_non_null(strstr(reply->status->message, "未导入任何记录"));
    assert_true(names(reply, 3, "id_number"));
    assert_true(names(reply, 4, "relation"));
    assert_true(names(reply, 5, "category"));
    assert_true(names(reply, 6, "relation"));
    assert_true(names(reply, 7, "id_number"));
    assert_true(names(reply, 8, "member_phone"));
    assert_true(names(reply, 9, "village_code"));
    assert_true(names(reply, 10, "id_number"));
    assert_true(names(reply, 11, "member_phone"));
    assert_false(names(reply, 2, "id_number"));
    assert_int_equal(reply->status->n_fields, 9);
    /* in line order, each message saying its line */
    for (size_t i = 1; i < reply->status->n_fields; i++)
        assert_true(atoi(reply->status->fields[i]->field + 5) >=
                    atoi(reply->status->fields[i - 1]->field + 5));
    assert_non_null(strstr(reply->status->fields[0]->message, "第 3 行"));
    zc_reply_free(reply);
    assert_int_equal(households(), before);

    /* what only the database knows: a village that does not exist, a person on a household
     * (and the rejected file leaves its key unused) */
    char good[1024];
    snprintf(good, sizeof(good), "g," VA ",,,ordinary,,,登记户主,head,%s,full,healthy,\n",
             id("19760101", 20));
    assert_int_equal(import_csv(county, good, NULL, NULL), ZHUCUN__CODE__OK);
    before = households();
    snprintf(csv, sizeof(csv),
             "1,140105001099,,,ordinary,,,甲,head,%s,full,healthy,\n"
             "2," VA ",,,ordinary,,,乙,head,%s,full,healthy,\n"
             "2,,,,,,,丙,child,%s,full,healthy,\n",
             id("19770101", 21), id("19780101", 22), id("19760101", 20));
    assert_int_equal(import_csv(county, csv, "import-bad-2", &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_true(names(reply, 1, "village_code"));
    assert_true(names(reply, 3, "id_number"));
    assert_int_equal(reply->status->n_fields, 2);
    zc_reply_free(reply);
    assert_int_equal(households(), before);
    assert_int_equal(count("SELECT count(*) FROM idempotency WHERE key = 'import-bad-2'"), 0);

    /* not CSV at all, and an empty file */
    assert_int_equal(import_csv(county, "1,\"open\n", NULL, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "csv");
    zc_reply_free(reply);
    assert_int_equal(import_csv(county, HEADER, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "csv");
    zc_reply_free(reply);
    assert_int_equal(households(), before);
}

static void test_scope_and_roles(void **state)
{
    (void)state;
    char csv[2048];
    snprintf(csv, sizeof(csv),
             HEADER "1," VA ",,,ordinary,,,周一,head,%s,full,healthy,\n"
                    "2," VB ",,,ordinary,,,周二,head,%s,full,healthy,\n",
             id("19790101", 31), id("19790202", 32));
    int before = households();
    Zhucun__Reply *reply = NULL;
    /* a cadre of VA: VB's rows are out of scope, so nothing is written */
    assert_int_equal(import_csv(cadre_a, csv, NULL, &reply), ZHUCUN__CODE__NOT_FOUND);
    assert_true(names(reply, 3, "village_code"));
    assert_int_equal(reply->status->n_fields, 1);
    zc_reply_free(reply);
    assert_int_equal(import_csv(other_county, csv, NULL, &reply), ZHUCUN__CODE__NOT_FOUND);
    assert_true(names(reply, 2, "village_code"));
    assert_true(names(reply, 3, "village_code"));
    zc_reply_free(reply);
    assert_int_equal(import_csv(city, csv, NULL, NULL), ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(households(), before);
    /* out of scope and otherwise bad: the file is invalid */
    snprintf(csv, sizeof(csv),
             "1," VA ",,,rich,,,周一,head,%s,full,healthy,\n"
             "2," VB ",,,ordinary,,,周二,head,%s,full,healthy,\n",
             id("19790101", 31), id("19790202", 32));
    assert_int_equal(import_csv(cadre_a, csv, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_true(names(reply, 1, "category"));
    assert_true(names(reply, 2, "village_code"));
    zc_reply_free(reply);
    /* the cadre imports its own village */
    snprintf(csv, sizeof(csv), "1," VA ",,,ordinary,,,周一,head,%s,full,healthy,\n",
             id("19790101", 31));
    assert_int_equal(import_csv(cadre_a, csv, NULL, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(households(), before + 1);
    /* every write takes an idempotency key (0021): a retried update is applied once (the
     * audit count of test_edit_and_member_lifecycle holds this one) */
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__HouseholdUpdate up = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    up.id = find(VA, "周一");
    up.set_phone = 1;
    up.phone = "1";
    req.idempotency_key = "k-1";
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE;
    req.household_update = &up;
    assert_int_equal(zt_call(cadre_a, &req, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(zt_call(cadre_a, &req, NULL), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'household.update'"), 1);
}

static void test_row_and_household_limits(void **state)
{
    (void)state;
    /* HHCSV_MAX_ROWS member rows (20 per household) land in one transaction, well within the
     * statement timeout; one row more, or one household more than HHCSV_MAX_HOUSEHOLDS, is
     * refused whole */
    size_t cap = (HHCSV_MAX_ROWS + 2u) * 100, len = 0;
    char *csv = malloc(cap), *over = malloc(cap);
    assert_non_null(csv);
    assert_non_null(over);
    len += (size_t)snprintf(csv, cap, HEADER);
    for (int i = 0; i < HHCSV_MAX_ROWS; i++) {
        char ymd[9];
        /* unique: (year, day of month) from i % 400, serial from i / 400 */
        snprintf(ymd, sizeof(ymd), "19%02d01%02d", 20 + (i % 400) / 20, 1 + (i % 400) % 20);
        len += (size_t)snprintf(csv + len, cap - len,
                                "L%d," VC ",,,ordinary,,2025-06-01,成员,%s,%s,full,healthy,\n",
                                i / 20, i % 20 == 0 ? "head" : "child", id(ymd, 500 + i / 400));
    }
    int before = households();
    Zhucun__Reply *reply = NULL;
    memcpy(over, csv, len);
    snprintf(over + len, cap - len, "L0," VC ",,,,,,多一行,child,%s,full,healthy,\n",
             id("20000101", 999));
    assert_int_equal(import_csv(county, over, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "csv");
    char rows[16];
    snprintf(rows, sizeof(rows), "%d", HHCSV_MAX_ROWS);
    assert_non_null(strstr(reply->status->message, rows));
    zc_reply_free(reply);
    size_t olen = 0;
    for (int i = 0; i < HHCSV_MAX_HOUSEHOLDS + 1; i++) {
        char ymd[9];
        snprintf(ymd, sizeof(ymd), "1991%02d01", 1 + i / 1000);
        olen += (size_t)snprintf(over + olen, cap - olen,
                                 "S%d," VC ",,,ordinary,,,单人户,head,%s,full,healthy,\n", i,
                                 id(ymd, i));
    }
    assert_int_equal(import_csv(county, over, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "csv");
    char limit[16];
    snprintf(limit, sizeof(limit), "%d", HHCSV_MAX_HOUSEHOLDS);
    assert_non_null(strstr(reply->status->message, limit));
    zc_reply_free(reply);
    free(over);
    assert_int_equal(households(), before);

    long long t0 = zt_now_ms();
    assert_int_equal(import_csv(county, csv, "import-max", &reply), ZHUCUN__CODE__OK);
    printf("imported %d member rows (%d households) in %lld ms\n", HHCSV_MAX_ROWS,
           HHCSV_MAX_ROWS / 20, zt_now_ms() - t0);
    free(csv);
    assert_int_equal(reply->household_import->households, HHCSV_MAX_ROWS / 20);
    assert_int_equal(reply->household_import->members, HHCSV_MAX_ROWS);
    zc_reply_free(reply);
    assert_int_equal(households(), before + HHCSV_MAX_ROWS / 20);
    assert_int_equal(count("SELECT count(*) FROM household_members m JOIN households h"
                           " ON h.id = m.household_id WHERE h.village_code = '" VC "'"),
                     HHCSV_MAX_ROWS);
}

static void test_edit_and_member_lifecycle(void **state)
{
    (void)state;
    char csv[2048];
    const char *head_id = id("19660606", 41), *spouse_id = id("19680808", 42),
               *child_id = id("19990909", 43);
    snprintf(csv, sizeof(csv),
             "1," VA ",旧地址,,monitored,,2025-01-01,钱老大,head,%s,full,healthy,\n"
             "1,,,,,,,钱大嫂,spouse,%s,full,healthy,\n"
             "1,,,,,,,钱小妹,child,%s,full,healthy,\n"
             "2," VA ",,,ordinary,,2025-01-01,吴独居,head,%s,none,chronic,\n",
             head_id, spouse_id, child_id, id("19400101", 44));
    assert_int_equal(import_csv(cadre_a, csv, NULL, NULL), ZHUCUN__CODE__OK);
    int64_t hid = find(VA, "钱老大"), alone = find(VA, "吴独居");
    Zhucun__Reply *reply = NULL;

    /* phone and address */
    assert_int_equal(update(cadre_a, hid, "0351-1234567", "三组 8 号", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(update(cadre_a, hid, NULL, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    zc_reply_free(reply);
    assert_int_equal(update(cadre_a, hid, "call me", NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "phone");
    zc_reply_free(reply);
    assert_int_equal(update(cadre_b, hid, "1", NULL, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(update(other_county, hid, "1", NULL, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(update(city, hid, "1", NULL, NULL), ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(update(county, hid + 100000, "1", NULL, NULL), ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(update(county, hid, NULL, "三组 9 号", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(show(cadre_a, hid, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->household->phone, "0351-1234567"); /* kept: not set */
    assert_string_equal(reply->household->address, "三组 9 号");
    assert_string_equal(reply->household->since, "2025-01-01");
    assert_string_equal(reply->household->village_code, VA);
    zc_reply_free(reply);

    /* a member joins, checked as at creation; one person on one household at a time */
    const char *baby = id("20240101", 45);
    assert_int_equal(member_add(cadre_a, hid, "钱小宝", "grandchild", baby, &reply),
                     ZHUCUN__CODE__OK);
    int64_t baby_mid = reply->household_member->id;
    assert_true(baby_mid > 0);
    assert_string_equal(reply->household_member->birth_date, "2024-01-01");
    zc_reply_free(reply);
    assert_int_equal(member_add(cadre_a, alone, "钱小宝", "child", baby, &reply),
                     ZHUCUN__CODE__ALREADY_EXISTS);
    assert_string_equal(field_of(reply), "member.id_number");
    zc_reply_free(reply);
    assert_int_equal(member_add(cadre_a, hid, "新户主", "head", id("19800202", 46), &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "member.relation");
    zc_reply_free(reply);
    char bad[19];
    snprintf(bad, sizeof(bad), "%s", id("19800303", 47));
    bad[17] = bad[17] == '0' ? '1' : '0';
    assert_int_equal(member_add(cadre_a, hid, "错号", "child", bad, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "member.id_number");
    zc_reply_free(reply);
    assert_int_equal(member_add(cadre_b, hid, "外村", "child", id("19800404", 48), NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(member_add(city, hid, "外村", "child", id("19800404", 48), NULL),
                     ZHUCUN__CODE__PERMISSION_DENIED);
    assert_int_equal(show(cadre_a, hid, &reply), ZHUCUN__CODE__OK);
    assert_int_equal(reply->household->member_count, 4);
    int64_t head_mid = member_named(reply->household, "钱老大")->id;
    int64_t spouse_mid = member_named(reply->household, "钱大嫂")->id;
    int64_t child_mid = member_named(reply->household, "钱小妹")->id;
    zc_reply_free(reply);

    /* members leave; the rows stay as history */
    assert_int_equal(member_leave(cadre_a, hid, child_mid, "2026-01-10", "eloped", 0, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "reason");
    zc_reply_free(reply);
    assert_int_equal(member_leave(cadre_a, hid, child_mid, "2999-01-10", "married_out", 0, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "left_on");
    zc_reply_free(reply);
    assert_int_equal(member_leave(cadre_a, hid, child_mid, "2024-12-31", "married_out", 0, &reply),
                     ZHUCUN__CODE__INVALID_ARGUMENT); /* before the household was registered */
    assert_string_equal(field_of(reply), "left_on");
    zc_reply_free(reply);
    assert_int_equal(member_leave(cadre_b, hid, child_mid, "2026-01-10", "married_out", 0, NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(
        member_leave(cadre_a, alone, child_mid, "2026-01-10", "married_out", 0, &reply),
        ZHUCUN__CODE__NOT_FOUND); /* not a member of that household */
    assert_string_equal(field_of(reply), "member_id");
    zc_reply_free(reply);
    assert_int_equal(member_leave(cadre_a, hid, child_mid, "2026-01-10", "married_out", 0, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(member_leave(cadre_a, hid, child_mid, "2026-01-11", "moved_out", 0, &reply),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    zc_reply_free(reply);
    /* who left may join another household */
    assert_int_equal(member_add(cadre_a, alone, "钱小妹", "in_law", child_id, NULL),
                     ZHUCUN__CODE__OK);

    /* the head leaves only naming a new head from the household's present members */
    assert_int_equal(
        member_leave(cadre_a, hid, spouse_mid, "2026-02-01", "moved_out", baby_mid, &reply),
        ZHUCUN__CODE__INVALID_ARGUMENT); /* only the head names one */
    assert_string_equal(field_of(reply), "new_head_id");
    zc_reply_free(reply);
    assert_int_equal(member_leave(cadre_a, hid, head_mid, "2026-02-01", "deceased", 0, &reply),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(field_of(reply), "new_head_id");
    zc_reply_free(reply);
    assert_int_equal(
        member_leave(cadre_a, hid, head_mid, "2026-02-01", "deceased", child_mid, &reply),
        ZHUCUN__CODE__INVALID_ARGUMENT); /* she left already */
    assert_string_equal(field_of(reply), "new_head_id");
    zc_reply_free(reply);
    assert_int_equal(
        member_leave(cadre_a, hid, head_mid, "2026-02-01", "deceased", spouse_mid, NULL),
        ZHUCUN__CODE__OK);
    assert_int_equal(show(county, hid, &reply), ZHUCUN__CODE__OK);
    const Zhucun__Household *h = reply->household;
    assert_string_equal(h->head_name, "钱大嫂");
    assert_int_equal(h->member_count, 2);
    assert_int_equal(h->n_members, 4);
    assert_string_equal(member_named(h, "钱大嫂")->relation, "head");
    assert_string_equal(member_named(h, "钱老大")->left_on, "2026-02-01");
    assert_string_equal(member_named(h, "钱老大")->left_reason, "deceased");
    assert_string_equal(member_named(h, "钱小妹")->left_on, "2026-01-10");
    assert_string_equal(member_named(h, "钱小妹")->left_reason, "married_out");
    assert_string_equal(member_named(h, "钱小宝")->left_on, "");
    zc_reply_free(reply);
    assert_int_equal(find(VA, "钱大嫂"), hid);

    /* a head who lives alone cannot leave (the household would have nobody) */
    assert_int_equal(show(county, alone, &reply), ZHUCUN__CODE__OK);
    int64_t alone_head = member_named(reply->household, "吴独居")->id;
    int64_t alone_other = member_named(reply->household, "钱小妹")->id;
    zc_reply_free(reply);
    assert_int_equal(member_leave(cadre_a, alone, alone_other, "2026-03-01", "moved_out", 0, NULL),
                     ZHUCUN__CODE__OK);
    assert_int_equal(member_leave(cadre_a, alone, alone_head, "2026-03-02", "deceased", 0, &reply),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_string_equal(field_of(reply), "member_id");
    assert_non_null(strstr(reply->status->message, "唯一"));
    zc_reply_free(reply);

    /* two here, one keyed in test_scope_and_roles */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'household.update'"), 3);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'household.member_add'"), 2);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'household.member_leave'"),
                     3);
}

static void test_cli(void **state)
{
    (void)state;
    char base[1400], cmd[3000], out[8192], path[700], session[700];
    snprintf(session, sizeof(session), "%s/cli-session", srv.dir);
    snprintf(base, sizeof(base), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s", ZT_CLI_BIN,
             srv.port, getenv("ZC_TEST_CERTS"), session);
    snprintf(cmd, sizeof(cmd), "%s login xiaodian --password-stdin", base);
    assert_int_equal(zt_run(cmd, PW "\n", out, sizeof(out)), 0);
    snprintf(path, sizeof(path), "%s/households.csv", srv.dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            HEADER "c1," VB ",村口,,ordinary,no,2025-05-05,郑户主,head,%s,full,healthy,\n"
                   "c1,,,,,,,郑儿子,child,%s,full,healthy,\n",
            id("19580101", 61), id("19880101", 62));
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s --json household import %s", base, path);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "\"households\":1,\"members\":2"));
    int64_t hid = find(VB, "郑户主");

    /* a bad file: every bad line printed (checked before sending), exit 6 */
    f = fopen(path, "w");
    fprintf(f,
            "c2," VB ",,,ordinary,,,甲,head,%s,full,healthy,\n"
            "c2,,,,,,,乙,boss,%s,full,healthy,\n"
            "c3," VB ",,,ordinary,,,丙,child,%s,full,healthy,\n",
            id("19580202", 63), id("19580303", 64), id("19580404", 65));
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s household import %s 2>&1", base, path);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 6);
    assert_non_null(strstr(out, "第 2 行 relation"));
    assert_non_null(strstr(out, "第 3 行 relation"));
    assert_null(strstr(out, "第 1 行"));

    snprintf(cmd, sizeof(cmd), "%s household edit %lld --phone 13800000000 --address 村东", base,
             (long long)hid);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    snprintf(cmd, sizeof(cmd),
             "%s --json household member add %lld --member 郑孙,grandchild,%s,"
             "minor,healthy",
             base, (long long)hid, id("20200101", 66));
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    long long mid = atoll(strstr(out, "\"id\":") + 5);
    assert_true(mid > 0);
    snprintf(cmd, sizeof(cmd),
             "%s household member leave %lld %lld --on 2026-01-02 --reason "
             "moved_out",
             base, (long long)hid, mid);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    snprintf(cmd, sizeof(cmd),
             "%s household member leave %lld %lld --on 2026-01-02 --reason gone 2>/dev/null", base,
             (long long)hid, mid);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 6);
    snprintf(cmd, sizeof(cmd), "%s household show %lld", base, (long long)hid);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "迁出 2026-01-02"));
    snprintf(cmd, sizeof(cmd), "%s --json household show %lld", base, (long long)hid);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "\"left_reason\":\"moved_out\""));
    Zhucun__Reply *reply = NULL;
    assert_int_equal(show(county, hid, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->household->phone, "13800000000");
    assert_string_equal(reply->household->address, "村东");
    zc_reply_free(reply);
}

/* A hostile file is refused at the line where it goes wrong, within the limits of
 * common/csvtable.h, instead of libcsv holding the rest of the file (a 3 MB file with an
 * unclosed quote held a worker for seconds); and a file is read on the thread pool: a Ping
 * sent on the same connection after a large import is answered before it (the import's
 * 20,000 rows are all read and checked, and refused without reaching the database). Before,
 * the import was read on the worker's loop and its answer went out first. */
static void test_hostile_file_off_the_loop(void **state)
{
    (void)state;
    size_t cap = 3u * 1024 * 1024 + 4096, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv, cap, HEADER "1," VC ",\"");
    while (len + 101 < cap - 1) {
        memset(csv + len, 'a', 99);
        csv[len + 99] = '\n';
        len += 100;
    }
    csv[len] = '\0';
    Zhucun__Reply *reply = NULL;
    assert_int_equal(import_csv(county, csv, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_string_equal(field_of(reply), "csv");
    assert_non_null(strstr(reply->status->message, "第 2 行"));
    assert_non_null(strstr(reply->status->message, "字段过长"));
    zc_reply_free(reply);

    /* a line over the limit is refused naming it */
    len = (size_t)snprintf(csv, cap, HEADER "1," VC ",");
    memset(csv + len, 'b', 20000);
    snprintf(csv + len + 20000, cap - len - 20000, "\n");
    assert_int_equal(import_csv(county, csv, NULL, &reply), ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_non_null(strstr(reply->status->message, "第 2 行：行过长"));
    zc_reply_free(reply);

    /* every row read and checked (each ID number is wrong), then refused */
    len = (size_t)snprintf(csv, cap, HEADER);
    for (int i = 0; i < HHCSV_MAX_ROWS; i++)
        len += (size_t)snprintf(csv + len, cap - len,
                                "P%d," VC ",,,ordinary,,2025-06-01,成员,%s,14010519700101000X,"
                                "full,healthy,\n",
                                i / 20, i % 20 == 0 ? "head" : "child");
    Zhucun__HouseholdImport hi = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    hi.csv = csv;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT;
    req.household_import = &hi;
    Zhucun__Ping ping = ZHUCUN__PING__INIT;
    Zhucun__Request preq = ZHUCUN__REQUEST__INIT;
    preq.body_case = ZHUCUN__REQUEST__BODY_PING;
    preq.ping = &ping;
    struct zc_error err;
    uint64_t import_id = zc_send(county, &req, &err);
    uint64_t ping_id = zc_send(county, &preq, &err);
    assert_true(import_id > 0);
    assert_true(ping_id > 0);
    Zhucun__Reply *first = NULL, *second = NULL;
    assert_int_equal(zc_recv(county, &first, 30000, &err), 0);
    assert_int_equal(zc_recv(county, &second, 30000, &err), 0);
    assert_int_equal(first->id, ping_id);
    assert_int_equal(second->id, import_id);
    assert_int_equal(second->status->code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_non_null(strstr(second->status->message, "处错误"));
    assert_int_equal(second->status->n_fields, 100); /* IMPORT_MAX_ERRORS listed */
    zc_reply_free(first);
    zc_reply_free(second);
    free(csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_import_lands_whole),
        cmocka_unit_test(test_bad_file_writes_nothing),
        cmocka_unit_test(test_scope_and_roles),
        cmocka_unit_test(test_row_and_household_limits),
        cmocka_unit_test(test_edit_and_member_lifecycle),
        cmocka_unit_test(test_cli),
        cmocka_unit_test(test_hostile_file_off_the_loop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
