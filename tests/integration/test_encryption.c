/* test_encryption.c -- household members' ID numbers and phones, households' phones and
 * persons' phones kept sealed only (issue 14; docs/encryption.md): every write path (create,
 * member add, update, import, user add) stores a ciphertext that decrypts to what was sent
 * under the key file, its keyed hash and, for ID numbers, the masked form of the one rule and
 * the birth date read from the number; the reads decrypt them. Checked in SQL and in C,
 * decrypting with common/crypt and the tests' key file as the server does. Then: nothing in
 * the tables the application role reads looks like an ID number or a phone, and no clear
 * column is left; no audit entry holds a value written; serve, demo and rekey refuse a
 * configuration without a key file; a database of the release before (clear columns, rows
 * not sealed) is upgraded by migrate, rekey and migrate again; a key rotation end to end. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/crypt.h"
#include "common/rules/idcard.h"

#define PW "correct horse battery"
#define VA "140105001001"
#define HEADER                                                                                     \
    "household_ref,village_code,address,phone,category,absent,since,name,relation,"                \
    "id_number,labour,health,member_phone\n"
/* The person UserAdd makes, and the phone it is given. */
#define PERSON       "cadre-p"
#define PERSON_PHONE "139 1234-5678"

static struct zt_server srv;
static struct zc_client *prov, *cadre, *county, *city;
static struct crypt_keys *keys;

/* Every ID number and phone sent in this file, for the audit check. */
static char written[64][32];
static int nwritten;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n";

static void remember(const char *v)
{
    if (v[0] != '\0' && nwritten < 64)
        snprintf(written[nwritten++], sizeof(written[0]), "%s", v);
}

/* An ID number born on ymd with serial s and its right check character (out: 19 bytes). */
static const char *make_id(char *out, const char *ymd, int serial)
{
    snprintf(out, 19, "140105%s%03d", ymd, serial % 1000);
    out[17] = rules_idcard_check_char(out);
    out[18] = '\0';
    return out;
}

static void user_add(void)
{
    Zhucun__Person p = ZHUCUN__PERSON__INIT;
    p.name = "演示加密";
    p.org_code = "140105000000";
    p.phone = PERSON_PHONE;
    Zhucun__UserAdd ua = ZHUCUN__USER_ADD__INIT;
    ua.username = PERSON;
    ua.person = &p;
    ua.role = "cadre";
    ua.scope_code = VA;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_USER_ADD;
    req.user_add = &ua;
    assert_int_equal(zt_call(county, &req, NULL), ZHUCUN__CODE__OK);
    remember(PERSON_PHONE);
}

static int setup(void **state)
{
    (void)state;
    char err[512];
    zt_server_start(&srv, "encryption", NULL);
    /* The same file the server loaded (harness: [data] key_file). */
    if (crypt_keys_load(getenv("ZC_TEST_KEYFILE"), &keys, err, sizeof(err)) != 0)
        fail_msg("key file: %s", err);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "cadre-a", PW, "cadre", VA, 0), 0);
    cadre = zt_login(&srv, "cadre-a", PW, NULL);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", "140105000000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", "140100000000", 0), 0);
    county = zt_login(&srv, "xiaodian", PW, NULL); /* sees full ID numbers */
    city = zt_login(&srv, "taiyuan", PW, NULL);    /* sees them masked */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zc_close(prov);
    zc_close(cadre);
    zc_close(county);
    zc_close(city);
    crypt_keys_free(keys);
    zt_server_finish(&srv);
    return 0;
}

/* ---- the writes ---- */

static int64_t create_household(const char *phone, const char *ids[3], const char *phones[3])
{
    static const char *names[] = {"演示户主", "演示配偶", "演示子女"};
    static const char *rel[] = {"head", "spouse", "child"};
    Zhucun__Household h = ZHUCUN__HOUSEHOLD__INIT;
    Zhucun__HouseholdMember m[3], *mp[3];
    h.village_code = VA;
    h.category = "monitored";
    h.since = "2025-01-01";
    h.phone = (char *)phone;
    remember(phone);
    for (int i = 0; i < 3; i++) {
        zhucun__household_member__init(&m[i]);
        m[i].name = (char *)names[i];
        m[i].relation = (char *)rel[i];
        m[i].id_number = (char *)ids[i];
        m[i].labour = i == 2 ? "minor" : "full";
        m[i].health = "healthy";
        m[i].phone = (char *)phones[i];
        mp[i] = &m[i];
        remember(ids[i]);
        remember(phones[i]);
    }
    h.n_members = 3;
    h.members = mp;
    Zhucun__HouseholdCreate hc = ZHUCUN__HOUSEHOLD_CREATE__INIT;
    hc.household = &h;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_CREATE;
    req.household_create = &hc;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(cadre, &req, &reply), ZHUCUN__CODE__OK);
    int64_t id = reply->household->id;
    zc_reply_free(reply);
    return id;
}

static void member_add(int64_t hid, const char *id_number, const char *phone)
{
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    m.name = "演示新成员";
    m.relation = "in_law";
    m.id_number = (char *)id_number;
    m.labour = "full";
    m.health = "healthy";
    m.phone = (char *)phone;
    Zhucun__HouseholdMemberAdd ma = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    ma.household_id = hid;
    ma.member = &m;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD;
    req.household_member_add = &ma;
    assert_int_equal(zt_call(cadre, &req, NULL), ZHUCUN__CODE__OK);
    remember(id_number);
    remember(phone);
}

static void set_phone(int64_t hid, const char *phone)
{
    Zhucun__HouseholdUpdate hu = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    hu.id = hid;
    hu.set_phone = 1;
    hu.phone = (char *)phone;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_UPDATE;
    req.household_update = &hu;
    assert_int_equal(zt_call(cadre, &req, NULL), ZHUCUN__CODE__OK);
    remember(phone);
}

static void import_csv(const char *csv)
{
    Zhucun__HouseholdImport im = ZHUCUN__HOUSEHOLD_IMPORT__INIT;
    im.csv = (char *)csv;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_IMPORT;
    req.household_import = &im;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code = zt_call(cadre, &req, &reply);
    if (code != ZHUCUN__CODE__OK)
        fail_msg("import: %d %s", code,
                 reply && reply->status ? reply->status->message : "(no status)");
    zc_reply_free(reply);
}

/* ---- the checks ---- */

static PGresult *query(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(res));
    return res;
}

/* The hash a phone is stored under: of its digits and '+', spaces and hyphens removed
 * (written here again, not taken from the server's code). */
static void phone_hmac(const char *phone, char out[CRYPT_HMAC_TEXT_LEN + 1])
{
    char canon[64];
    size_t n = 0;
    for (const char *p = phone; *p && n < sizeof(canon); p++)
        if (*p != ' ' && *p != '-')
            canon[n++] = *p;
    crypt_hmac(keys, CRYPT_HMAC_PHONE, canon, n, out);
}

/* The clear text of a ciphertext of column (fresh), failing the test when it does not
 * decrypt; "" for '' (no phone). */
static char *unseal(const char *column, const char *enc)
{
    char *clear = NULL;
    if (enc[0] == '\0')
        return strdup("");
    int rc = crypt_decrypt(keys, column, enc, &clear, NULL);
    if (rc != 0)
        fail_msg("%s %.20s...: %s", column, enc, crypt_strerror(rc));
    return clear;
}

/* A sealed phone: '' and '' for no phone, else a ciphertext of column and the hash of its
 * canonical form. Returns the phone (fresh). */
static char *check_phone(const char *column, const char *enc, const char *hmac)
{
    char *phone = unseal(column, enc), want[CRYPT_HMAC_TEXT_LEN + 1];
    if (phone[0] == '\0') {
        assert_string_equal(hmac, "");
        return phone;
    }
    phone_hmac(phone, want);
    assert_string_equal(hmac, want);
    return phone;
}

/* Every row of the three tables is sealed under the current key, and its hash, masked form and
 * birth date agree with what its ciphertext decrypts to. With want_ids / want_phones (not
 * NULL), the members' ID numbers and phones in id order are those. Returns the number of
 * members. */
static int check_all_sealed(const char *const *want_ids, const char *const *want_phones)
{
    PGconn *pg = zt_pg_admin(&srv);
    /* In SQL: every ciphertext names the current key. */
    char sql[768];
    snprintf(sql, sizeof(sql),
             "SELECT (SELECT count(*) FROM household_members WHERE split_part(id_number_enc, ':',"
             " 1) <> '%u' OR (phone_enc <> '' AND split_part(phone_enc, ':', 1) <> '%u'))"
             " + (SELECT count(*) FROM households WHERE phone_enc <> ''"
             " AND split_part(phone_enc, ':', 1) <> '%u')"
             " + (SELECT count(*) FROM persons WHERE phone_enc <> ''"
             " AND split_part(phone_enc, ':', 1) <> '%u')",
             crypt_keys_current(keys), crypt_keys_current(keys), crypt_keys_current(keys),
             crypt_keys_current(keys));
    PGresult *res = query(pg, sql);
    assert_string_equal(PQgetvalue(res, 0, 0), "0");
    PQclear(res);

    /* In C, as the server reads them. */
    res = query(pg, "SELECT id_number_enc, id_number_hmac, id_number_masked, birth_date,"
                    " phone_enc, phone_hmac FROM household_members ORDER BY id");
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        char *idn = unseal("household_members.id_number", PQgetvalue(res, i, 0));
        char masked[IDCARD_LEN + 1], hmac[CRYPT_HMAC_TEXT_LEN + 1], birth[11], *clear = NULL;
        crypt_hmac(keys, CRYPT_HMAC_ID_NUMBER, idn, strlen(idn), hmac);
        assert_string_equal(PQgetvalue(res, i, 1), hmac);
        rules_idcard_mask(idn, masked);
        assert_string_equal(PQgetvalue(res, i, 2), masked);
        /* The birth date the server read from the number (no SQL check holds it any more). */
        rules_idcard_birth_date(idn, birth);
        assert_string_equal(PQgetvalue(res, i, 3), birth);
        char *phone =
            check_phone("household_members.phone", PQgetvalue(res, i, 4), PQgetvalue(res, i, 5));
        if (want_ids != NULL) {
            assert_string_equal(idn, want_ids[i]);
            assert_string_equal(phone, want_phones[i]);
        }
        /* A member's ciphertext does not pass for another column's. */
        assert_int_equal(
            crypt_decrypt(keys, "household_members.phone", PQgetvalue(res, i, 0), &clear, NULL),
            CRYPT_EAUTH);
        free(idn);
        free(phone);
    }
    PQclear(res);
    res = query(pg, "SELECT phone_enc, phone_hmac FROM households ORDER BY id");
    for (int i = 0; i < PQntuples(res); i++)
        free(check_phone("households.phone", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1)));
    PQclear(res);
    res = query(pg, "SELECT phone_enc, phone_hmac FROM persons ORDER BY id");
    for (int i = 0; i < PQntuples(res); i++)
        free(check_phone("persons.phone", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1)));
    PQclear(res);
    PQfinish(pg);
    return n;
}

/* The household's phone as stored, decrypted (fresh). */
static char *household_phone(int64_t hid)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT phone_enc FROM households WHERE id = %lld", (long long)hid);
    char *enc = zt_sql(&srv, sql);
    char *phone = unseal("households.phone", enc);
    free(enc);
    return phone;
}

/* Create, member add, update and import each store the sealed forms, and only them. */
static void test_writes_are_sealed(void **state)
{
    (void)state;
    char a[19], b[19], c[19], d[19];
    const char *ids[3] = {make_id(a, "19700101", 1), make_id(b, "19720202", 2),
                          make_id(c, "20100303", 3)};
    const char *phones[3] = {"13800000001", "138 0000-0002", ""};
    int64_t hid = create_household("0351-1234567", ids, phones);
    member_add(hid, make_id(d, "19950505", 4), "+86 139 0000 0004");
    set_phone(hid, "13900000009");
    char csv[2048], e[19], f[19], g[19];
    snprintf(csv, sizeof(csv),
             HEADER "1," VA ",一组1号,13700000001,ordinary,false,2025-02-01,演示甲,head,%s,full,"
                    "healthy,13700000001\n"
                    "1," VA ",一组1号,13700000001,ordinary,false,2025-02-01,演示乙,spouse,%s,full,"
                    "healthy,\n"
                    "2," VA ",一组2号,,monitored,true,2025-02-01,演示丙,head,%s,partial,chronic,"
                    "137-0000-0003\n",
             make_id(e, "19600606", 5), make_id(f, "19610707", 6), make_id(g, "19800808", 7));
    import_csv(csv);
    const char *vals[] = {e, f, g, "13700000001", "137-0000-0003"};
    for (size_t i = 0; i < sizeof(vals) / sizeof(*vals); i++)
        remember(vals[i]);
    const char *all_ids[] = {a, b, c, d, e, f, g};
    const char *all_phones[] = {"13800000001",       "138 0000-0002", "",
                                "+86 139 0000 0004", "13700000001",   "",
                                "137-0000-0003"};
    assert_int_equal(check_all_sealed(all_ids, all_phones), 7);

    /* The update sealed the new phone. */
    char *v = household_phone(hid);
    assert_string_equal(v, "13900000009");
    free(v);
    /* One phone, one hash, however it was typed: "138 0000-0002" is 13800000002. */
    char want[CRYPT_HMAC_TEXT_LEN + 1], sql[512];
    crypt_hmac(keys, CRYPT_HMAC_PHONE, "13800000002", 11, want);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM household_members WHERE phone_hmac = '%s'",
             want);
    v = zt_sql(&srv, sql);
    assert_string_equal(v, "1");
    free(v);
    /* Equal values encrypt to different ciphertexts (a fresh nonce each): the head's phone
     * of the import is the household's too, under another column. */
    crypt_hmac(keys, CRYPT_HMAC_PHONE, "13700000001", 11, want);
    snprintf(sql, sizeof(sql),
             "SELECT count(DISTINCT phone_enc) FROM (SELECT phone_enc FROM households"
             " WHERE phone_hmac = '%s' UNION ALL SELECT phone_enc FROM household_members"
             " WHERE phone_hmac = '%s') x",
             want, want);
    v = zt_sql(&srv, sql);
    assert_string_equal(v, "2");
    free(v);
}

static Zhucun__Reply *show(struct zc_client *c, int64_t hid)
{
    Zhucun__HouseholdShow hs = ZHUCUN__HOUSEHOLD_SHOW__INIT;
    hs.id = hid;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_SHOW;
    req.household_show = &hs;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    return reply;
}

/* Show and list decrypt what they answer; a masked role gets the stored masked form. A
 * duplicate is found by its hash and named masked. */
static void test_reads_come_from_the_sealed_columns(void **state)
{
    (void)state;
    char a[19], b[19], c[19];
    const char *ids[3] = {make_id(a, "19500101", 11), make_id(b, "19520202", 12),
                          make_id(c, "19900303", 13)};
    const char *phones[3] = {"13811110001", "", "138 1111-0003"};
    int64_t hid = create_household("13811110000", ids, phones);

    Zhucun__Reply *r = show(county, hid);
    const Zhucun__Household *h = r->household;
    assert_false(h->ids_masked);
    assert_string_equal(h->phone, "13811110000");
    assert_int_equal(h->n_members, 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(h->members[i]->id_number, ids[i]);
        assert_string_equal(h->members[i]->phone, phones[i]);
    }
    assert_string_equal(h->members[1]->birth_date, "1952-02-02");
    zc_reply_free(r);

    /* The masked role is served the stored masked form, not a mask of anything decrypted:
     * change it in the table and the answer follows. */
    char sql[512], hmac[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(keys, CRYPT_HMAC_ID_NUMBER, ids[0], IDCARD_LEN, hmac);
    snprintf(sql, sizeof(sql),
             "UPDATE household_members SET id_number_masked = '999999********9999'"
             " WHERE id_number_hmac = '%s'",
             hmac);
    free(zt_sql(&srv, sql));
    r = show(city, hid);
    assert_true(r->household->ids_masked);
    assert_string_equal(r->household->members[0]->id_number, "999999********9999");
    char masked[IDCARD_LEN + 1];
    rules_idcard_mask(ids[1], masked);
    assert_string_equal(r->household->members[1]->id_number, masked);
    assert_string_equal(r->household->members[2]->phone, "138 1111-0003");
    zc_reply_free(r);
    rules_idcard_mask(ids[0], masked);
    snprintf(sql, sizeof(sql),
             "UPDATE household_members SET id_number_masked = '%s' WHERE id_number_hmac = '%s'",
             masked, hmac);
    free(zt_sql(&srv, sql));

    /* The list decrypts the household's phone too. */
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = VA;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_LIST;
    req.household_list = &hl;
    assert_int_equal(zt_call(city, &req, &r), ZHUCUN__CODE__OK);
    int found = 0;
    for (size_t i = 0; i < r->household_list->n_households; i++)
        if (r->household_list->households[i]->id == hid) {
            assert_string_equal(r->household_list->households[i]->phone, "13811110000");
            found = 1;
        }
    assert_true(found);
    zc_reply_free(r);

    /* The same person again: found by the hash and named masked, never in clear. */
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    m.name = "演示重复";
    m.relation = "other";
    m.id_number = (char *)ids[1];
    m.labour = "full";
    m.health = "healthy";
    Zhucun__HouseholdMemberAdd ma = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    ma.household_id = hid;
    ma.member = &m;
    req.body_case = ZHUCUN__REQUEST__BODY_HOUSEHOLD_MEMBER_ADD;
    req.household_member_add = &ma;
    assert_int_equal(zt_call(cadre, &req, &r), ZHUCUN__CODE__ALREADY_EXISTS);
    rules_idcard_mask(ids[1], masked);
    assert_non_null(strstr(r->status->message, masked));
    assert_null(strstr(r->status->message, ids[1]));
    zc_reply_free(r);
    check_all_sealed(NULL, NULL);
}

/* A person's phone (people domain) is sealed as the households' are, and UserShow decrypts
 * it. */
static void test_person_phone_is_sealed(void **state)
{
    (void)state;
    user_add();
    char *enc = zt_sql(&srv, "SELECT p.phone_enc FROM persons p JOIN users u ON u.id = p.user_id"
                             " WHERE u.username = '" PERSON "'");
    char *phone = unseal("persons.phone", enc);
    assert_string_equal(phone, PERSON_PHONE);
    free(phone);
    free(enc);
    Zhucun__UserShow us = ZHUCUN__USER_SHOW__INIT;
    us.username = PERSON;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_USER_SHOW;
    req.user_show = &us;
    Zhucun__Reply *r = NULL;
    assert_int_equal(zt_call(county, &req, &r), ZHUCUN__CODE__OK);
    assert_string_equal(r->user_show->person->phone, PERSON_PHONE);
    zc_reply_free(r);
    check_all_sealed(NULL, NULL);
}

/* What the scan below takes for an ID number or a phone, in SQL on the text x: 11 digits in a
 * row once spaces, hyphens and '+' are dropped (a phone however it was typed; an ID number
 * has 17), or 17 digits and a check character. A ciphertext or hash (base64) with 11 digits
 * in a row is as rare as one in 10^8 per value. */
#define LOOKS_PERSONAL(x)                                                                          \
    "(regexp_replace(" x ", '[ +-]', '', 'g') ~ '[0-9]{11}' OR " x " ~ '[0-9]{17}[0-9Xx]')"

/* With psql as the application role (issue 14's done-when): no column named id_number or
 * phone in any table; in every text column of households, household_members and persons
 * (but the 12-digit division codes, which are public), nothing that looks like an ID number
 * or a phone; and no audit entry holds a value this file wrote. */
static void test_nothing_in_clear_for_the_app_role(void **state)
{
    (void)state;
    PGconn *app = zt_pg_app(&srv);
    /* Row-level security, where it holds these tables, shows the role the rows of the scope
     * it is told: the whole province here. */
    PQclear(query(app, "SELECT set_config('zhucun.scope', '{%}', false)"));
    PGresult *cols = query(app, "SELECT table_name, column_name, data_type"
                                " FROM information_schema.columns"
                                " WHERE table_schema = current_schema()"
                                " ORDER BY table_name, ordinal_position");
    assert_true(PQntuples(cols) > 100);
    static const char *const tables[] = {"households", "household_members", "persons"};
    int sealed_seen = 0;
    for (size_t t = 0; t < 3; t++) {
        char sql[4096];
        int len = snprintf(sql, sizeof(sql), "SELECT count(*), count(*) FILTER (WHERE false");
        for (int i = 0; i < PQntuples(cols); i++) {
            const char *table = PQgetvalue(cols, i, 0), *col = PQgetvalue(cols, i, 1),
                       *type = PQgetvalue(cols, i, 2);
            if (strcmp(col, "id_number") == 0 || strcmp(col, "phone") == 0)
                fail_msg("%s.%s is still a column", table, col);
            if (strcmp(table, tables[t]) != 0)
                continue;
            sealed_seen += strcmp(col, "phone_enc") == 0;
            size_t n = strlen(col);
            if ((strcmp(type, "text") != 0 && strcmp(type, "character varying") != 0) ||
                (n > 5 && strcmp(col + n - 5, "_code") == 0))
                continue;
            char *q = PQescapeIdentifier(app, col, n);
            len +=
                snprintf(sql + len, sizeof(sql) - (size_t)len, " OR " LOOKS_PERSONAL("%s"), q, q);
            PQfreemem(q);
        }
        snprintf(sql + len, sizeof(sql) - (size_t)len, ") FROM %s", tables[t]);
        PGresult *res = query(app, sql);
        if (strcmp(PQgetvalue(res, 0, 0), "0") == 0)
            fail_msg("%s: the application role sees no row to scan", tables[t]);
        if (strcmp(PQgetvalue(res, 0, 1), "0") != 0)
            fail_msg("%s: %s rows hold what looks like an ID number or a phone (%s)", tables[t],
                     PQgetvalue(res, 0, 1), sql);
        PQclear(res);
    }
    PQclear(cols);
    assert_int_equal(sealed_seen, 3);
    /* The scan would have seen them: every value written matches it. */
    for (int i = 0; i < nwritten; i++) {
        char sql[256];
        snprintf(sql, sizeof(sql), "SELECT " LOOKS_PERSONAL("$1"));
        const char *p[1] = {written[i]};
        PGresult *res = PQexecParams(app, sql, 1, NULL, p, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
        if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
            fail_msg("the scan would not see %s", written[i]);
        PQclear(res);
    }
    PQfinish(app);

    /* The audit log: no entry holds a value written, in any spelling (household.update records
     * "phone": "changed"; user.add names the person by id). */
    PGconn *pg = zt_pg_admin(&srv);
    assert_true(nwritten >= 20);
    for (int i = 0; i < nwritten; i++) {
        char canon[32];
        size_t n = 0;
        for (const char *s = written[i]; *s; s++)
            if (*s != ' ' && *s != '-' && *s != '+')
                canon[n++] = *s;
        canon[n] = '\0';
        const char *p[1] = {canon};
        PGresult *res = PQexecParams(pg,
                                     "SELECT count(*) FROM audit WHERE strpos(regexp_replace("
                                     "detail::text, '[ +-]', '', 'g'), $1) > 0",
                                     1, NULL, p, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
        if (strcmp(PQgetvalue(res, 0, 0), "0") != 0)
            fail_msg("an audit entry holds %s", written[i]);
        PQclear(res);
    }
    PQfinish(pg);
}

/* serve, demo and rekey refuse a configuration that names no key file, saying what to add. */
static void test_key_file_required(void **state)
{
    (void)state;
    char path[700], line[1024], cmd[2048], out[4096];
    snprintf(path, sizeof(path), "%s/nokey.conf", srv.dir);
    FILE *in = fopen(srv.config, "r");
    FILE *f = fopen(path, "w");
    assert_non_null(in);
    assert_non_null(f);
    while (fgets(line, sizeof(line), in) != NULL)
        if (strncmp(line, "key_file", 8) != 0)
            fputs(line, f);
    fclose(in);
    fclose(f);
    static const char *const cmds[] = {"", "demo --scale county", "rekey"};
    for (size_t i = 0; i < 3; i++) {
        /* Bounded: a serve that started would never return. */
        snprintf(cmd, sizeof(cmd), "timeout 20 %s %s --config %s 2>&1", ZT_SERVER_BIN, cmds[i],
                 path);
        int rc = zt_run(cmd, NULL, out, sizeof(out));
        if (rc != 2 || strstr(out, "[data] key_file") == NULL)
            fail_msg("'%s' without a key file: exit %d, %s", cmds[i], rc, out);
    }
}

/* zhucun-server CMD on config; its output in out. */
static int run_server(const char *cmd, const char *config, const char *extra, char *out, size_t cap)
{
    char line[2048];
    snprintf(line, sizeof(line), "%s %s --config %s %s 2>&1", ZT_SERVER_BIN, cmd, config, extra);
    return zt_run(line, NULL, out, cap);
}

/* The migration the database is at. */
static char *schema_version(struct zt_server *s)
{
    return zt_sql(s, "SELECT max(version) FROM schema_migrations");
}

/* A database of the release before (at 0023, with the clear columns) holding rows that were
 * never sealed: migrate refuses at 0024 naming rekey; rekey seals the households' rows;
 * migrate goes on and refuses at 0025 for the persons' phones (whose sealed columns 0024
 * added); rekey seals them; migrate ends. Every value then decrypts to what was in clear. */
static void test_upgrade_seals_what_was_in_clear(void **state)
{
    (void)state;
    struct zt_server old;
    char dir[600], cmd[4096], out[8192];
    snprintf(dir, sizeof(dir), "%s/migrations-0023", srv.dir);
    snprintf(cmd, sizeof(cmd),
             "rm -rf %s && mkdir %s && for f in %s/00*.sql; do n=${f##*/};"
             " [ \"${n%%%%_*}\" -le 0023 ] && ln -s \"$f\" %s/; done; ls %s | tail -n 1",
             dir, dir, ZT_MIGRATIONS_DIR, dir, dir);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "0023_"));
    zt_server_prepare(&old, "upgrade", NULL, dir);
    char *v = schema_version(&old);
    assert_string_equal(v, "23");
    free(v);
    char idn[19], sql[1536];
    make_id(idn, "19470707", 41);
    snprintf(sql, sizeof(sql),
             "INSERT INTO org_units (code, name, level, parent_code) VALUES"
             " ('140100000000', '太原市', 2, '140000000000'),"
             " ('140105000000', '小店区', 3, '140100000000'),"
             " ('140105001000', '坞城街道', 4, '140105000000'),"
             " ('" VA "', '测试一村', 5, '140105001000');"
             " WITH h AS (INSERT INTO households (village_code, head_name, phone, since)"
             " VALUES ('" VA "', '演示旧户', '135 0000 0000', '2024-01-01'),"
             " ('" VA "', '演示旧户二', '', '2024-01-01') RETURNING id, head_name)"
             " INSERT INTO household_members (household_id, name, relation, id_number,"
             " birth_date, labour, health, phone) SELECT h.id, h.head_name, 'head', '%s',"
             " '1947-07-07', 'none', 'chronic', '13500000001' FROM h"
             " WHERE h.head_name = '演示旧户';"
             " INSERT INTO persons (name, phone, org_code) VALUES"
             " ('演示旧干部', '136-0000-0001', '140105000000'), ('演示旧干部二', '', "
             "'140105000000');"
             " SELECT 1",
             idn);
    free(zt_sql(&old, sql));

    int rc = run_server("migrate", old.config, "--migrations " ZT_MIGRATIONS_DIR, out, sizeof(out));
    if (rc == 0 || strstr(out, "zhucun-server rekey") == NULL ||
        strstr(out, "1 household members and 2 households hold") == NULL)
        fail_msg("migrate over rows in clear: exit %d, %s", rc, out);
    v = schema_version(&old);
    assert_string_equal(v, "23");
    free(v);
    rc = run_server("rekey", old.config, "", out, sizeof(out));
    if (rc != 0 || strstr(out, "persons.phone: no sealed column yet") == NULL)
        fail_msg("rekey at 0023: exit %d, %s", rc, out);

    rc = run_server("migrate", old.config, "--migrations " ZT_MIGRATIONS_DIR, out, sizeof(out));
    if (rc == 0 || strstr(out, "1 persons hold their phones in clear only") == NULL ||
        strstr(out, "zhucun-server rekey") == NULL)
        fail_msg("migrate over persons' phones in clear: exit %d, %s", rc, out);
    v = schema_version(&old);
    assert_string_equal(v, "24");
    free(v);
    rc = run_server("rekey", old.config, "", out, sizeof(out));
    if (rc != 0 || strstr(out, "remaining: 0 rows") == NULL)
        fail_msg("rekey at 0024: exit %d, %s", rc, out);
    rc = run_server("migrate", old.config, "--migrations " ZT_MIGRATIONS_DIR, out, sizeof(out));
    if (rc != 0)
        fail_msg("migrate after rekey: exit %d, %s", rc, out);

    /* What was in clear, sealed. */
    v = zt_sql(&old, "SELECT id_number_enc FROM household_members");
    char *clear = unseal("household_members.id_number", v);
    assert_string_equal(clear, idn);
    free(clear);
    free(v);
    v = zt_sql(&old, "SELECT id_number_masked || ' ' || birth_date FROM household_members");
    char want[64], masked[IDCARD_LEN + 1];
    rules_idcard_mask(idn, masked);
    snprintf(want, sizeof(want), "%s 1947-07-07", masked);
    assert_string_equal(v, want);
    free(v);
    v = zt_sql(&old, "SELECT phone_enc FROM household_members");
    clear = unseal("household_members.phone", v);
    assert_string_equal(clear, "13500000001");
    free(clear);
    free(v);
    v = zt_sql(&old, "SELECT string_agg(phone_enc, ',' ORDER BY id) FROM households");
    char *comma = strchr(v, ',');
    assert_non_null(comma);
    *comma = '\0';
    assert_string_equal(comma + 1, ""); /* no phone */
    clear = unseal("households.phone", v);
    assert_string_equal(clear, "135 0000 0000");
    free(clear);
    free(v);
    v = zt_sql(&old, "SELECT string_agg(phone_enc, ',' ORDER BY id) FROM persons"
                     " WHERE name LIKE '演示旧干部%'");
    comma = strchr(v, ',');
    assert_non_null(comma);
    *comma = '\0';
    assert_string_equal(comma + 1, "");
    clear = unseal("persons.phone", v);
    assert_string_equal(clear, "136-0000-0001");
    free(clear);
    free(v);
    v = zt_sql(&old, "SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                     " current_schema() AND column_name IN ('id_number', 'phone')");
    assert_string_equal(v, "0");
    free(v);
    zt_server_cleanup(&old);
}

/* A rotation: key 2 added as the current key, a write under it, old rows still readable;
 * rekey re-encrypts every ciphertext of key 1 (households, members, persons) and all of them
 * read back; a second run changes nothing. */
static void test_rekey_rotates(void **state)
{
    (void)state;
    char out[4096];
    int n = check_all_sealed(NULL, NULL);
    char *v = zt_sql(&srv, "SELECT min(household_id) FROM household_members");
    long long old_hid = atoll(v);
    free(v);
    Zhucun__Reply *r = show(county, old_hid);
    char old_id[IDCARD_LEN + 1], old_phone[32];
    snprintf(old_id, sizeof(old_id), "%s", r->household->members[0]->id_number);
    snprintf(old_phone, sizeof(old_phone), "%s", r->household->phone);
    zc_reply_free(r);

    /* The rotation: the same file plus key 2, current. */
    char path[700], line[128], key[CRYPT_KEY_TEXT_LEN + 1];
    snprintf(path, sizeof(path), "%s/rotated.keys", srv.dir);
    FILE *in = fopen(getenv("ZC_TEST_KEYFILE"), "r");
    FILE *f = fopen(path, "w");
    assert_non_null(in);
    assert_non_null(f);
    assert_int_equal(chmod(path, 0600), 0);
    while (fgets(line, sizeof(line), in) != NULL)
        if (strncmp(line, "current", 7) != 0)
            fputs(line, f);
    fclose(in);
    assert_int_equal(crypt_new_key_text(key), 0);
    fprintf(f, "\n2 %s\ncurrent 2\n", key);
    fclose(f);
    f = fopen(srv.config, "a");
    assert_non_null(f);
    fprintf(f, "\n[data]\nkey_file = %s\n", path);
    fclose(f);
    assert_int_equal(zt_server_stop(&srv, 10000), 0);
    zt_server_restart(&srv);
    zc_close(cadre);
    zc_close(county);
    cadre = zt_login(&srv, "cadre-a", PW, NULL);
    county = zt_login(&srv, "xiaodian", PW, NULL);
    crypt_keys_free(keys);
    char err[512];
    if (crypt_keys_load(path, &keys, err, sizeof(err)) != 0)
        fail_msg("rotated key file: %s", err);
    assert_int_equal(crypt_keys_current(keys), 2);

    /* A write under key 2, old rows still under key 1, all readable. */
    char a[19], b[19], c[19];
    const char *ids[3] = {make_id(a, "19660101", 31), make_id(b, "19680202", 32),
                          make_id(c, "19990303", 33)};
    const char *phones[3] = {"13822220001", "", ""};
    int64_t hid = create_household("13822220000", ids, phones);
    v = zt_sql(&srv, "SELECT count(DISTINCT split_part(id_number_enc, ':', 1))"
                     " FROM household_members");
    assert_string_equal(v, "2");
    free(v);
    r = show(county, old_hid);
    assert_string_equal(r->household->members[0]->id_number, old_id);
    assert_string_equal(r->household->phone, old_phone);
    zc_reply_free(r);

    int rc = run_server("rekey", srv.config, "", out, sizeof(out));
    if (rc != 0)
        fail_msg("rekey exited %d:\n%s", rc, out);
    assert_non_null(strstr(out, "remaining: 0 rows not under key 2"));
    assert_non_null(strstr(out, "persons.phone key 2:"));
    assert_int_equal(check_all_sealed(NULL, NULL), n + 3); /* every row under key 2, readable */
    r = show(county, old_hid);
    assert_string_equal(r->household->members[0]->id_number, old_id);
    assert_string_equal(r->household->phone, old_phone);
    zc_reply_free(r);
    r = show(county, hid);
    assert_string_equal(r->household->members[0]->id_number, ids[0]);
    assert_string_equal(r->household->phone, "13822220000");
    zc_reply_free(r);
    Zhucun__UserShow us = ZHUCUN__USER_SHOW__INIT;
    us.username = PERSON;
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_USER_SHOW;
    req.user_show = &us;
    assert_int_equal(zt_call(county, &req, &r), ZHUCUN__CODE__OK);
    assert_string_equal(r->user_show->person->phone, PERSON_PHONE);
    zc_reply_free(r);
    /* Nothing left to do: a second run changes nothing. */
    assert_int_equal(run_server("rekey", srv.config, "", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "sealed 0 values held in clear, re-encrypted 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_are_sealed),
        cmocka_unit_test(test_reads_come_from_the_sealed_columns),
        cmocka_unit_test(test_person_phone_is_sealed),
        cmocka_unit_test(test_nothing_in_clear_for_the_app_role),
        cmocka_unit_test(test_key_file_required),
        cmocka_unit_test(test_upgrade_seals_what_was_in_clear),
        cmocka_unit_test(test_rekey_rotates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
