/* test_encryption.c -- household members' ID numbers and phones, and households' phones,
 * sealed at rest (issue 14; docs/encryption.md): every write path (create, member add, update,
 * import) stores beside each clear value a ciphertext that decrypts to it under the key file,
 * its keyed hash and, for ID numbers, the masked form of the one rule. Checked twice: in SQL
 * (the columns are filled, under the current key, and the masked form is the clear number's
 * first 6 and last 4 characters) and in C, decrypting with common/crypt and the tests' key
 * file as the server does. */
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

static struct zt_server srv;
static struct zc_client *prov, *cadre, *county, *city;
static struct crypt_keys *keys;

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,测试一村,village\n";

/* An ID number born on ymd with serial s and its right check character (out: 19 bytes). */
static const char *make_id(char *out, const char *ymd, int serial)
{
    snprintf(out, 19, "140105%s%03d", ymd, serial % 1000);
    out[17] = rules_idcard_check_char(out);
    out[18] = '\0';
    return out;
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
    for (int i = 0; i < 3; i++) {
        zhucun__household_member__init(&m[i]);
        m[i].name = (char *)names[i];
        m[i].relation = (char *)rel[i];
        m[i].id_number = (char *)ids[i];
        m[i].labour = i == 2 ? "minor" : "full";
        m[i].health = "healthy";
        m[i].phone = (char *)phones[i];
        mp[i] = &m[i];
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

/* A sealed phone: '' and '' for no phone, else a ciphertext of column that decrypts to phone
 * and the hash of its canonical form. */
static void check_phone(const char *column, const char *phone, const char *enc, const char *hmac)
{
    if (phone[0] == '\0') {
        assert_string_equal(enc, "");
        assert_string_equal(hmac, "");
        return;
    }
    char *clear = NULL, want[CRYPT_HMAC_TEXT_LEN + 1];
    assert_int_equal(crypt_decrypt(keys, column, enc, &clear, NULL), 0);
    assert_string_equal(clear, phone);
    free(clear);
    phone_hmac(phone, want);
    assert_string_equal(hmac, want);
}

/* Every row of both tables is sealed, under the current key, and its sealed columns decrypt
 * to the clear ones. Returns the number of members checked. */
static int check_all_sealed(void)
{
    PGconn *pg = zt_pg_admin(&srv);
    /* In SQL: nothing left unsealed, every ciphertext names the current key, and the masked
     * form keeps the first 6 and the last 4 characters. */
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FILTER (WHERE id_number_enc IS NULL OR id_number_hmac IS NULL"
             " OR id_number_masked IS NULL OR phone_enc IS NULL OR phone_hmac IS NULL),"
             " count(*) FILTER (WHERE split_part(id_number_enc, ':', 1) <> '%u'"
             " OR id_number_masked <> substr(id_number, 1, 6) || '********' ||"
             " substr(id_number, 15)), count(*) FROM household_members",
             crypt_keys_current(keys));
    PGresult *res = query(pg, sql);
    assert_string_equal(PQgetvalue(res, 0, 0), "0");
    assert_string_equal(PQgetvalue(res, 0, 1), "0");
    PQclear(res);
    res = query(pg, "SELECT count(*) FROM households WHERE phone_enc IS NULL OR phone_hmac IS NULL"
                    " OR (phone = '') <> (phone_enc = '')");
    assert_string_equal(PQgetvalue(res, 0, 0), "0");
    PQclear(res);

    /* In C, as the server will read them. */
    res = query(pg, "SELECT id_number, id_number_enc, id_number_hmac, id_number_masked, phone,"
                    " phone_enc, phone_hmac FROM household_members ORDER BY id");
    int n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        const char *idn = PQgetvalue(res, i, 0);
        char *clear = NULL, masked[IDCARD_LEN + 1], hmac[CRYPT_HMAC_TEXT_LEN + 1];
        assert_int_equal(
            crypt_decrypt(keys, "household_members.id_number", PQgetvalue(res, i, 1), &clear, NULL),
            0);
        assert_string_equal(clear, idn);
        free(clear);
        crypt_hmac(keys, CRYPT_HMAC_ID_NUMBER, idn, strlen(idn), hmac);
        assert_string_equal(PQgetvalue(res, i, 2), hmac);
        rules_idcard_mask(idn, masked);
        assert_string_equal(PQgetvalue(res, i, 3), masked);
        check_phone("household_members.phone", PQgetvalue(res, i, 4), PQgetvalue(res, i, 5),
                    PQgetvalue(res, i, 6));
        /* A member's ciphertext does not pass for another column's. */
        assert_int_equal(
            crypt_decrypt(keys, "household_members.phone", PQgetvalue(res, i, 1), &clear, NULL),
            CRYPT_EAUTH);
    }
    PQclear(res);
    res = query(pg, "SELECT phone, phone_enc, phone_hmac FROM households ORDER BY id");
    for (int i = 0; i < PQntuples(res); i++)
        check_phone("households.phone", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                    PQgetvalue(res, i, 2));
    PQclear(res);
    PQfinish(pg);
    return n;
}

static char *sql1(const char *fmt, long long v)
{
    char sql[512];
    snprintf(sql, sizeof(sql), fmt, v);
    return zt_sql(&srv, sql);
}

/* Create, member add, update and import each store the sealed forms beside the clear ones. */
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
    assert_int_equal(check_all_sealed(), 7);

    /* The update sealed the new phone, not the old one. */
    char *v = sql1("SELECT phone || '|' || (phone_enc <> '') FROM households WHERE id = %lld",
                   (long long)hid);
    assert_string_equal(v, "13900000009|true");
    free(v);
    /* One phone, one hash, however it was typed: "138 0000-0002" is 13800000002. */
    char want[CRYPT_HMAC_TEXT_LEN + 1];
    crypt_hmac(keys, CRYPT_HMAC_PHONE, "13800000002", 11, want);
    v = zt_sql(&srv, "SELECT phone_hmac FROM household_members WHERE phone = '138 0000-0002'");
    assert_string_equal(v, want);
    free(v);
    /* Equal values encrypt to different ciphertexts (a fresh nonce each): the head's phone
     * of the import is the household's too, under another column. */
    v = zt_sql(&srv, "SELECT count(DISTINCT phone_enc) FROM (SELECT phone_enc FROM households"
                     " WHERE phone = '13700000001' UNION ALL SELECT phone_enc FROM"
                     " household_members WHERE phone = '13700000001') x");
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

/* Show and list read the sealed columns: the clear ones are overwritten behind the server's
 * back and the answers do not change; a masked role gets the stored masked form. A duplicate
 * is found by its hash and named masked. */
static void test_reads_come_from_the_sealed_columns(void **state)
{
    (void)state;
    char a[19], b[19], c[19];
    const char *ids[3] = {make_id(a, "19500101", 11), make_id(b, "19520202", 12),
                          make_id(c, "19900303", 13)};
    const char *phones[3] = {"13811110001", "", "138 1111-0003"};
    int64_t hid = create_household("13811110000", ids, phones);
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "UPDATE households SET phone = '0' WHERE id = %lld;"
             " UPDATE household_members SET phone = '0' WHERE household_id = %lld",
             (long long)hid, (long long)hid);
    free(zt_sql(&srv, sql));

    Zhucun__Reply *r = show(county, hid);
    const Zhucun__Household *h = r->household;
    assert_false(h->ids_masked);
    assert_string_equal(h->phone, "13811110000");
    assert_int_equal(h->n_members, 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(h->members[i]->id_number, ids[i]);
        assert_string_equal(h->members[i]->phone, phones[i]);
    }
    zc_reply_free(r);

    /* The masked role is served the stored masked form, not a mask of anything decrypted:
     * change it in the table and the answer follows. */
    snprintf(sql, sizeof(sql),
             "UPDATE household_members SET id_number_masked = '999999********9999'"
             " WHERE id_number = '%s'",
             ids[0]);
    free(zt_sql(&srv, sql));
    r = show(city, hid);
    assert_true(r->household->ids_masked);
    assert_string_equal(r->household->members[0]->id_number, "999999********9999");
    char masked[IDCARD_LEN + 1];
    rules_idcard_mask(ids[1], masked);
    assert_string_equal(r->household->members[1]->id_number, masked);
    assert_string_equal(r->household->members[2]->phone, "138 1111-0003");
    zc_reply_free(r);

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

    /* The same person again: found by the hash (the clear column no longer says so) and
     * named masked. */
    snprintf(sql, sizeof(sql),
             "UPDATE household_members SET id_number = '%s', birth_date = '1900-01-01'"
             " WHERE id_number = '%s'",
             make_id(c, "19000101", 14), ids[1]);
    free(zt_sql(&srv, sql));
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
    assert_non_null(strstr(r->status->message, masked));
    assert_null(strstr(r->status->message, ids[1]));
    zc_reply_free(r);

    /* The clear columns as they were, for the checks that follow. */
    snprintf(sql, sizeof(sql),
             "UPDATE household_members SET id_number = '%s', birth_date = '1952-02-02'"
             " WHERE id_number = '%s'",
             ids[1], c);
    free(zt_sql(&srv, sql));
    snprintf(sql, sizeof(sql),
             "UPDATE households SET phone = '13811110000' WHERE id = %lld;"
             " UPDATE household_members SET phone = CASE relation WHEN 'head' THEN '13811110001'"
             " WHEN 'child' THEN '138 1111-0003' ELSE '' END,"
             " id_number_masked = substr(id_number, 1, 6) || '********' || substr(id_number, 15)"
             " WHERE household_id = %lld",
             (long long)hid, (long long)hid);
    free(zt_sql(&srv, sql));
    check_all_sealed();
}

/* zhucun-server rekey on the server's configuration; its output in out. */
static int rekey(char *out, size_t cap)
{
    char cmd[1400];
    snprintf(cmd, sizeof(cmd), "%s rekey --config %s 2>&1", ZT_SERVER_BIN, srv.config);
    return zt_run(cmd, NULL, out, cap);
}

/* Rows written before 0022 (clear columns only) are sealed by rekey; then a rotation: key 2
 * added as the current key, a write under it, rekey re-encrypts every row of key 1, and all of
 * them read back. */
static void test_rekey_seals_and_rotates(void **state)
{
    (void)state;
    char id_old[19], out[4096];
    make_id(id_old, "19480808", 21);
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "WITH h AS (INSERT INTO households (village_code, head_name, phone, since)"
             " VALUES ('" VA "', '演示旧户', '135 0000 0000', '2024-01-01') RETURNING id)"
             " INSERT INTO household_members (household_id, name, relation, id_number,"
             " birth_date, labour, health, phone) SELECT h.id, '演示旧户', 'head', '%s',"
             " '1948-08-08', 'none', 'chronic', '13500000001' FROM h RETURNING household_id",
             id_old);
    char *v = zt_sql(&srv, sql);
    long long old_hid = atoll(v);
    free(v);
    v = zt_sql(&srv, "SELECT count(*) FROM household_members WHERE id_number_enc IS NULL");
    assert_string_equal(v, "1");
    free(v);
    int rc = rekey(out, sizeof(out));
    if (rc != 0)
        fail_msg("rekey exited %d:\n%s", rc, out);
    assert_non_null(strstr(out, "remaining: 0 rows"));
    int n = check_all_sealed();

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
    Zhucun__Reply *r = show(county, old_hid);
    assert_string_equal(r->household->members[0]->id_number, id_old);
    assert_string_equal(r->household->phone, "135 0000 0000");
    zc_reply_free(r);

    rc = rekey(out, sizeof(out));
    if (rc != 0)
        fail_msg("rekey exited %d:\n%s", rc, out);
    assert_non_null(strstr(out, "remaining: 0 rows not under key 2"));
    assert_int_equal(check_all_sealed(), n + 3); /* every row under key 2 and readable */
    r = show(county, old_hid);
    assert_string_equal(r->household->members[0]->id_number, id_old);
    assert_string_equal(r->household->members[0]->phone, "13500000001");
    zc_reply_free(r);
    r = show(county, hid);
    assert_string_equal(r->household->members[0]->id_number, ids[0]);
    assert_string_equal(r->household->phone, "13822220000");
    zc_reply_free(r);
    /* Nothing left to do: a second run changes nothing. */
    assert_int_equal(rekey(out, sizeof(out)), 0);
    assert_non_null(strstr(out, "sealed 0 rows, re-encrypted 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_are_sealed),
        cmocka_unit_test(test_reads_come_from_the_sealed_columns),
        cmocka_unit_test(test_rekey_seals_and_rotates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
