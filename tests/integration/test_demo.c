/* test_demo.c -- the demo province generator (zhucun-server demo): a valid org tree, teams in
 * villages and townships, every account's scope matching its role, serving members with
 * accounts, party leaders who are party members, households whose members have valid ID
 * numbers and ages that fit their relation, categories in realistic shares, a demo login,
 * visits of October and November 2026 by the village team's captain with follow-up items,
 * refusal of a second load, and the same rows for the same seed in another database. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypt.h"
#include "common/rules/idcard.h"

#define DEMO_PW     "zhucun-demo-2026"
#define DEMO_COUNTY "140929000000"

static struct zt_server srv;

/* Runs zhucun-server demo at county scale with seed 7 on s's database; returns its exit
 * status, with its output (stdout and stderr) in out. */
static int run_demo(struct zt_server *s, char *out, size_t cap)
{
    char cmd[1400];
    snprintf(cmd, sizeof(cmd), "%s demo --config %s --scale county --seed 7 2>&1", ZT_SERVER_BIN,
             s->config);
    return zt_run(cmd, NULL, out, cap);
}

/* Asserts that sql (a count) is 0, naming what it checks. */
static void expect_none(const char *what, const char *sql)
{
    char *n = zt_sql(&srv, sql), got[32];
    snprintf(got, sizeof(got), "%s", n);
    free(n);
    if (strcmp(got, "0") != 0)
        fail_msg("%s: %s rows", what, got);
}

static long count(const char *sql)
{
    char *n = zt_sql(&srv, sql);
    long v = strtol(n, NULL, 10);
    free(n);
    return v;
}

/* One md5 over the generated rows of every table, in id (or code) order, without the
 * columns that are not generated (created_at, the password hash's salt, the ciphertexts'
 * nonces: the hashes and masked forms are compared instead). */
static const char *fingerprint_sql =
    "SELECT md5(concat_ws('/',"
    " (SELECT string_agg(concat_ws('|', code, name, level, parent_code, lat, lon, geofence_m,"
    "   tags), ',' ORDER BY code) FROM org_units),"
    " (SELECT string_agg(concat_ws('|', id, name, level, org_code, leader_name,"
    "   handling_office), ',' ORDER BY id) FROM dispatch_units),"
    " (SELECT string_agg(concat_ws('|', id, name, phone_hmac, party_member, unit_id, org_code,"
    "   user_id), ',' ORDER BY id) FROM persons),"
    " (SELECT string_agg(concat_ws('|', id, kind, org_code, name, party_leader_id), ','"
    "   ORDER BY id) FROM teams),"
    " (SELECT string_agg(concat_ws('|', id, team_id, person_id, post, unit_id, start_date,"
    "   end_date, end_reason, end_note), ',' ORDER BY id) FROM memberships),"
    " (SELECT string_agg(concat_ws('|', id, username, display_name, must_change_password,"
    "   disabled), ',' ORDER BY id) FROM users),"
    " (SELECT string_agg(concat_ws('|', user_id, role, scope_code, unit_id), ','"
    "   ORDER BY user_id, role, scope_code) FROM role_grants),"
    " (SELECT string_agg(concat_ws('|', id, village_code, head_name, phone_hmac, address,"
    "   since), ',' ORDER BY id) FROM households),"
    " (SELECT string_agg(concat_ws('|', household_id, valid_from, category, absent, note,"
    "   recorded_by), ',' ORDER BY household_id, valid_from) FROM household_states),"
    " (SELECT string_agg(concat_ws('|', id, household_id, name, relation, birth_date, labour,"
    "   health, left_on, id_number_hmac, id_number_masked, phone_hmac), ',' ORDER BY id)"
    "   FROM household_members),"
    " (SELECT string_agg(concat_ws('|', id, visit_date, household_id, village_code, team_id,"
    "   mode, cadre_ids, notes, recorded_by), ',' ORDER BY id) FROM visits),"
    " (SELECT string_agg(concat_ws('|', id, village_code, household_id, visit_id, visit_date,"
    "   text, responsible_id, deadline, urgent, status, done_at, area, list, topic, source_kind,"
    "   source_id), ',' ORDER BY id) FROM ledger_items),"
    " (SELECT string_agg(concat_ws('|', id, item_id, at, status, note, village_code), ','"
    "   ORDER BY id) FROM ledger_updates),"
    " (SELECT string_agg(concat_ws('|', id, village_code, household_id, member_id, kind,"
    "   on_date, status, place, delivered, chronic, cost_total, cost_own, renovation,"
    "   resolved_on, resolution), ',' ORDER BY id) FROM guarantee_entries),"
    " (SELECT string_agg(concat_ws('|', id, household_id, member_id, on_date, status, place,"
    "   work, training, subsidy), ',' ORDER BY id) FROM labour_records),"
    " (SELECT string_agg(concat_ws('|', id, household_id, month, version, net_fen, members,"
    "   per_capita_fen, ack, current), ',' ORDER BY id) FROM income_sums),"
    " (SELECT string_agg(concat_ws('|', id, household_id, measures, responsible_id,"
    "   review_on), ',' ORDER BY id) FROM income_plans),"
    " (SELECT string_agg(concat_ws('|', id, village_code, household_id, category, subkind,"
    "   handler_id, opened_on, closed_on, outcome, mediation, amount_fen), ',' ORDER BY id)"
    "   FROM service_cases),"
    " (SELECT string_agg(concat_ws('|', id, case_id, step, on_date, recorded_by), ','"
    "   ORDER BY id) FROM service_case_steps),"
    " (SELECT string_agg(concat_ws('|', id, kind, org_code, title, starts_on, ends_on,"
    "   opened_by), ',' ORDER BY id) FROM contest_rounds),"
    " (SELECT string_agg(concat_ws('|', id, round_id, team_id, entered_on, entered_by, rank,"
    "   award), ',' ORDER BY id) FROM contest_entries),"
    " (SELECT string_agg(concat_ws('|', id, team_id, platform, url, title, posted_on), ','"
    "   ORDER BY id) FROM policy_videos),"
    " (SELECT string_agg(concat_ws('|', id, village_code, on_date, minutes, topic), ','"
    "   ORDER BY id) FROM policy_broadcasts),"
    " (SELECT string_agg(concat_ws('|', id, village_code, month, sample_size), ','"
    "   ORDER BY id) FROM policy_quizzes),"
    " (SELECT string_agg(concat_ws('|', id, quiz_id, person_id, called_on, reached, score,"
    "   reason), ',' ORDER BY id) FROM policy_quiz_cadres),"
    " (SELECT string_agg(concat_ws('|', id, unit_id, buyer_kind, person_id, team_id,"
    "   village_code, household_id, producer_name, on_date, goods, amount), ',' ORDER BY id)"
    "   FROM consumption_purchases),"
    " (SELECT string_agg(concat_ws('|', id, village_code, buyer_name, producer_name, signed_on,"
    "   amount), ',' ORDER BY id) FROM consumption_contracts),"
    " (SELECT string_agg(concat_ws('|', id, project_id, village_code, category, name,"
    "   owner_household, value_fen, lat, lon, registered_on, handed_over_on, condition), ','"
    "   ORDER BY id) FROM project_assets),"
    " (SELECT string_agg(concat_ws('|', id, asset_id, on_date, cost_fen, condition), ','"
    "   ORDER BY id) FROM project_asset_upkeep),"
    " (SELECT string_agg(concat_ws('|', id, income_id, kind, household_id, post_id,"
    "   amount_fen), ',' ORDER BY id) FROM project_asset_shares),"
    " (SELECT string_agg(concat_ws('|', id, village_code, kind, member_id, from_on, to_on,"
    "   monthly_pay_fen, funded_asset), ',' ORDER BY id) FROM welfare_posts),"
    " (SELECT string_agg(concat_ws('|', kind, record_id, encode(sha256, 'hex'), village_code),"
    "   ',' ORDER BY kind, record_id, sha256) FROM attachment_links)))";

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "demo", NULL);
    char out[8192];
    long long t0 = zt_now_ms();
    int rc = run_demo(&srv, out, sizeof(out));
    long long ms = zt_now_ms() - t0;
    if (rc != 0)
        fail_msg("zhucun-server demo exited %d:\n%s", rc, out);
    printf("# county load (seed 7): %lld ms\n%s", ms, out);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

static void test_the_county_and_its_tree(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(*) FROM org_units WHERE level = 2"), 1);
    assert_int_equal(count("SELECT count(*) FROM org_units WHERE level = 3"), 1);
    assert_true(count("SELECT count(*) FROM org_units WHERE level = 4 AND code LIKE '140929%'") >=
                8);
    char *name = zt_sql(&srv, "SELECT name FROM org_units WHERE code = '" DEMO_COUNTY "'");
    assert_string_equal(name, "岢岚县");
    free(name);
    /* Every code's parent is the code cut to its parent's level, and exists. */
    expect_none("units whose parent is not their code's prefix",
                "SELECT count(*) FROM org_units o WHERE o.level > 1 AND o.parent_code IS DISTINCT"
                " FROM CASE o.level WHEN 2 THEN substr(o.code, 1, 2) || '0000000000'"
                " WHEN 3 THEN substr(o.code, 1, 4) || '00000000'"
                " WHEN 4 THEN substr(o.code, 1, 6) || '000000'"
                " WHEN 5 THEN substr(o.code, 1, 9) || '000' END");
    expect_none("units whose parent is missing or one level up",
                "SELECT count(*) FROM org_units o LEFT JOIN org_units p ON p.code = o.parent_code"
                " WHERE o.level > 1 AND (p.code IS NULL OR p.level <> o.level - 1)");
    expect_none("townships with fewer than 8 or more than 25 villages",
                "SELECT count(*) FROM org_units t WHERE t.level = 4 AND (SELECT count(*) FROM"
                " org_units v WHERE v.parent_code = t.code) NOT BETWEEN 8 AND 25");
    expect_none("villages without a location in Shanxi",
                "SELECT count(*) FROM org_units WHERE level = 5 AND (lat IS NULL OR lat NOT"
                " BETWEEN 34.6 AND 40.7 OR lon NOT BETWEEN 110.3 AND 114.5)");
    expect_none("village names repeated within a township",
                "SELECT count(*) FROM (SELECT parent_code, name FROM org_units WHERE level = 5"
                " GROUP BY 1, 2 HAVING count(*) > 1) s");
}

static void test_teams_sit_in_villages_and_townships(void **state)
{
    (void)state;
    expect_none("teams whose org unit is missing or of the wrong level",
                "SELECT count(*) FROM teams t LEFT JOIN org_units o ON o.code = t.org_code"
                " WHERE o.code IS NULL OR (t.kind = 'village') <> (o.level = 5)"
                " OR (t.kind = 'township') <> (o.level = 4)");
    expect_none("villages and townships without a team",
                "SELECT count(*) FROM org_units o WHERE o.level >= 4 AND NOT EXISTS"
                " (SELECT 1 FROM teams t WHERE t.org_code = o.code)");
    expect_none("teams without exactly one serving captain",
                "SELECT count(*) FROM teams t WHERE (SELECT count(*) FROM memberships m WHERE"
                " m.team_id = t.id AND m.end_date IS NULL AND m.post = 'captain') <> 1");
    expect_none(
        "village teams with fewer than 1 or more than 3 serving cadres",
        "SELECT count(*) FROM teams t WHERE t.kind = 'village' AND (SELECT count(*) FROM"
        " memberships m WHERE m.team_id = t.id AND m.end_date IS NULL) NOT BETWEEN 1 AND 3");
    expect_none("ended memberships without a serving successor in the same post",
                "SELECT count(*) FROM memberships e WHERE e.end_date IS NOT NULL AND NOT EXISTS"
                " (SELECT 1 FROM memberships s WHERE s.team_id = e.team_id AND s.post = e.post"
                " AND s.end_date IS NULL AND s.start_date > e.end_date)");
    expect_none("recalls without a note",
                "SELECT count(*) FROM memberships WHERE end_reason = 'recall' AND end_note = ''");
    assert_true(count("SELECT count(*) FROM memberships WHERE end_date IS NOT NULL") > 0);
    /* Recalls waiting in the queues (O3, through the approval engine), each of a serving cadre,
     * with its approval open. */
    assert_true(count("SELECT count(*) FROM recall_requests WHERE status = 'pending'") > 0);
    expect_none("pending recalls of memberships that ended, or without an open approval",
                "SELECT count(*) FROM recall_requests r JOIN memberships m ON m.id = "
                "r.membership_id WHERE r.status = 'pending' AND (m.end_date IS NOT NULL OR NOT"
                " EXISTS (SELECT 1 FROM approvals a WHERE a.subject_kind = 'recall' AND"
                " a.subject_id = r.id AND a.status = 'pending'))");
}

static void test_every_grant_matches_its_role(void **state)
{
    (void)state;
    expect_none("grants whose scope level does not match the role",
                "SELECT count(*) FROM role_grants g JOIN org_units o ON o.code = g.scope_code"
                " LEFT JOIN dispatch_units u ON u.id = g.unit_id WHERE NOT CASE g.role"
                " WHEN 'province_office' THEN o.level = 1 WHEN 'city_office' THEN o.level = 2"
                " WHEN 'county_office' THEN o.level = 3 WHEN 'county_captain' THEN o.level = 3"
                " WHEN 'township' THEN o.level = 4"
                " WHEN 'team_captain' THEN o.level IN (4, 5) WHEN 'cadre' THEN o.level IN (4, 5)"
                " WHEN 'unit_admin' THEN u.org_code IS NOT DISTINCT FROM g.scope_code"
                " WHEN 'inspector' THEN o.level = 1 WHEN 'exporter' THEN o.level = 1"
                " ELSE false END");
    expect_none("team roles not bound to their own team's unit",
                "SELECT count(*) FROM role_grants g JOIN persons p ON p.user_id = g.user_id"
                " WHERE g.role IN ('team_captain', 'cadre') AND NOT EXISTS (SELECT 1 FROM"
                " memberships m JOIN teams t ON t.id = m.team_id WHERE m.person_id = p.id"
                " AND m.end_date IS NULL AND t.org_code = g.scope_code"
                " AND (m.post = 'captain') = (g.role = 'team_captain'))");
    expect_none("roles without an account",
                "SELECT count(*) FROM unnest(ARRAY['province_office', 'city_office',"
                " 'county_office', 'county_captain', 'township', 'unit_admin', 'team_captain',"
                " 'cadre', 'inspector', 'exporter']) r WHERE NOT EXISTS"
                " (SELECT 1 FROM role_grants g WHERE g.role = r)");
    expect_none("dispatching units without a unit_admin",
                "SELECT count(*) FROM dispatch_units u WHERE NOT EXISTS (SELECT 1 FROM"
                " role_grants g WHERE g.role = 'unit_admin' AND g.unit_id = u.id)");
    expect_none("demo users with another password hash",
                "SELECT count(DISTINCT password_phc) - 1 FROM users");
}

static void test_members_have_accounts_and_leaders_are_party_members(void **state)
{
    (void)state;
    expect_none("serving members without an account",
                "SELECT count(*) FROM memberships m JOIN persons p ON p.id = m.person_id"
                " LEFT JOIN users u ON u.id = p.user_id WHERE m.end_date IS NULL"
                " AND (u.id IS NULL OR u.display_name <> p.name)");
    expect_none("party leaders who are not serving party members of their team",
                "SELECT count(*) FROM teams t WHERE t.party_leader_id IS NOT NULL AND NOT EXISTS"
                " (SELECT 1 FROM memberships m JOIN persons p ON p.id = m.person_id"
                " WHERE m.team_id = t.id AND m.person_id = t.party_leader_id"
                " AND m.end_date IS NULL AND p.party_member)");
    expect_none("teams with two party members but no party leader",
                "SELECT count(*) FROM teams t WHERE t.party_leader_id IS NULL AND (SELECT count(*)"
                " FROM memberships m JOIN persons p ON p.id = m.person_id WHERE m.team_id = t.id"
                " AND m.end_date IS NULL AND p.party_member) >= 2");
    expect_none("persons whose unit is not their membership's unit",
                "SELECT count(*) FROM memberships m JOIN persons p ON p.id = m.person_id"
                " WHERE m.unit_id IS DISTINCT FROM p.unit_id");
    expect_none("ids past their identity sequence (the server's next row would collide)",
                "SELECT ((SELECT max(id) FROM users) > (SELECT last_value FROM users_id_seq))::int"
                " + ((SELECT max(id) FROM persons) > (SELECT last_value FROM persons_id_seq))::int"
                " + ((SELECT max(id) FROM teams) > (SELECT last_value FROM teams_id_seq))::int"
                " + ((SELECT max(id) FROM memberships) >"
                " (SELECT last_value FROM memberships_id_seq))::int"
                " + ((SELECT max(id) FROM dispatch_units) >"
                " (SELECT last_value FROM dispatch_units_id_seq))::int"
                " + ((SELECT max(id) FROM households) >"
                " (SELECT last_value FROM households_id_seq))::int"
                " + ((SELECT max(id) FROM household_members) >"
                " (SELECT last_value FROM household_members_id_seq))::int");
    char *audit = zt_sql(&srv, "SELECT object || ' ' || (detail->>'seed') || ' ' ||"
                               " (detail->>'users') FROM audit WHERE action = 'demo.load'");
    char want[64];
    snprintf(want, sizeof(want), "scale:county 7 %ld", count("SELECT count(*) FROM users"));
    assert_string_equal(audit, want);
    free(audit);
}

/* The tests' key file, which the demo sealed with (harness: [data] key_file). */
static struct crypt_keys *load_keys(void)
{
    struct crypt_keys *k = NULL;
    char err[512];
    if (crypt_keys_load(getenv("ZC_TEST_KEYFILE"), &k, err, sizeof(err)) != 0)
        fail_msg("key file: %s", err);
    return k;
}

/* A ciphertext of column decrypted (fresh), failing the test when it does not decrypt. */
static char *unseal(const struct crypt_keys *k, const char *column, const char *enc)
{
    char *clear = NULL;
    int rc = crypt_decrypt(k, column, enc, &clear, NULL);
    if (rc != 0)
        fail_msg("%s %.20s...: %s", column, enc, crypt_strerror(rc));
    return clear;
}

/* Every member's ID number, decrypted with the key file and checked with the rules the server
 * applies to typed ones: a valid check character, a real birth date (the row's birth_date)
 * not after the demo's today, and the code of the village's county in front; its hash and
 * masked form are the number's. */
static void test_member_id_numbers_are_valid(void **state)
{
    (void)state;
    struct crypt_keys *k = load_keys();
    PGconn *pg = zt_pg_admin(&srv);
    PGresult *res = PQexec(pg, "SELECT m.id_number_enc, m.birth_date, substr(h.village_code, 1,"
                               " 6), m.id_number_hmac, m.id_number_masked FROM household_members m"
                               " JOIN households h ON h.id = m.household_id ORDER BY m.id");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    long n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        char *id = unseal(k, "household_members.id_number", PQgetvalue(res, i, 0));
        char want[11], hmac[CRYPT_HMAC_TEXT_LEN + 1], masked[IDCARD_LEN + 1];
        const char *problem = rules_idcard_problem(id, "2026-11-28");
        if (problem != NULL)
            fail_msg("member ID number %s: %s", id, problem);
        rules_idcard_birth_date(id, want);
        if (strcmp(PQgetvalue(res, i, 1), want) != 0 || strncmp(id, PQgetvalue(res, i, 2), 6) != 0)
            fail_msg("member ID number %s: birth date %s, county %s", id, PQgetvalue(res, i, 1),
                     PQgetvalue(res, i, 2));
        crypt_hmac(k, CRYPT_HMAC_ID_NUMBER, id, strlen(id), hmac);
        rules_idcard_mask(id, masked);
        if (strcmp(PQgetvalue(res, i, 3), hmac) != 0 || strcmp(PQgetvalue(res, i, 4), masked) != 0)
            fail_msg("member ID number %s: another hash or masked form", id);
        free(id);
    }
    PQclear(res);
    PQfinish(pg);
    crypt_keys_free(k);
    assert_int_equal(n, count("SELECT count(*) FROM household_members"));
    assert_true(n > 30000);
    expect_none("ID numbers given to two members",
                "SELECT count(*) - count(DISTINCT id_number_hmac) FROM household_members");
}

/* The demo seals what it writes as the server does (docs/encryption.md): a sample of the
 * members', households' and persons' phones decrypts (under the tests' key file) to the
 * demo's obviously fake numbers, with their hashes. */
static void test_personal_data_is_sealed(void **state)
{
    (void)state;
    static const struct {
        const char *sql, *column, *prefix;
        int rows;
    } samples[] = {
        {"SELECT phone_enc, phone_hmac FROM household_members WHERE phone_enc <> '' ORDER BY id"
         " LIMIT 200",
         "household_members.phone", "1991", 200},
        {"SELECT phone_enc, phone_hmac FROM households WHERE phone_enc <> '' ORDER BY id"
         " LIMIT 50",
         "households.phone", "1991", 50},
        {"SELECT phone_enc, phone_hmac FROM persons WHERE phone_enc <> '' ORDER BY id LIMIT 50",
         "persons.phone", "1990", 50},
    };
    expect_none("phones sealed without a hash, or hashed without a ciphertext",
                "SELECT (SELECT count(*) FROM household_members WHERE (phone_enc = '') <>"
                " (phone_hmac = '')) + (SELECT count(*) FROM households WHERE (phone_enc = '')"
                " <> (phone_hmac = '')) + (SELECT count(*) FROM persons WHERE (phone_enc = '')"
                " <> (phone_hmac = ''))");
    struct crypt_keys *k = load_keys();
    PGconn *pg = zt_pg_admin(&srv);
    for (size_t s = 0; s < sizeof(samples) / sizeof(*samples); s++) {
        PGresult *res = PQexec(pg, samples[s].sql);
        assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
        assert_int_equal(PQntuples(res), samples[s].rows);
        for (int i = 0; i < PQntuples(res); i++) {
            char *phone = unseal(k, samples[s].column, PQgetvalue(res, i, 0));
            char hmac[CRYPT_HMAC_TEXT_LEN + 1];
            assert_int_equal(strlen(phone), 11);
            assert_memory_equal(phone, samples[s].prefix, 4);
            crypt_hmac(k, CRYPT_HMAC_PHONE, phone, strlen(phone), hmac);
            assert_string_equal(PQgetvalue(res, i, 1), hmac);
            free(phone);
        }
        PQclear(res);
    }
    PQfinish(pg);
    crypt_keys_free(k);
}

static void test_households_and_their_members(void **state)
{
    (void)state;
    expect_none("villages with fewer than 60 or more than 120 households",
                "SELECT count(*) FROM org_units o WHERE o.level = 5 AND (SELECT count(*) FROM"
                " households h WHERE h.village_code = o.code) NOT BETWEEN 60 AND 120");
    expect_none("households without exactly one head, or named after someone else",
                "SELECT count(*) FROM households h WHERE (SELECT count(*) FROM household_members m"
                " WHERE m.household_id = h.id AND m.relation = 'head') <> 1 OR NOT EXISTS"
                " (SELECT 1 FROM household_members m WHERE m.household_id = h.id"
                " AND m.relation = 'head' AND m.name = h.head_name)");
    expect_none("households with more than six members",
                "SELECT count(*) FROM (SELECT household_id FROM household_members"
                " GROUP BY 1 HAVING count(*) > 6) s");
    expect_none("members without an obviously fake name",
                "SELECT count(*) FROM household_members WHERE name NOT LIKE '演示%'");
    expect_none("addresses not in the household's village",
                "SELECT count(*) FROM households h JOIN org_units o ON o.code = h.village_code"
                " WHERE h.address NOT LIKE o.name || '%组%号'");
    /* Ages that fit the relation to the head (born h). */
    expect_none("relatives whose age does not fit their relation to the head",
                "SELECT count(*) FROM household_members m JOIN household_members h"
                " ON h.household_id = m.household_id AND h.relation = 'head' WHERE CASE m.relation"
                " WHEN 'child' THEN m.birth_date < h.birth_date + interval '18 years'"
                " WHEN 'in_law' THEN m.birth_date < h.birth_date + interval '18 years'"
                " WHEN 'grandchild' THEN m.birth_date < h.birth_date + interval '40 years'"
                " WHEN 'parent' THEN m.birth_date > h.birth_date - interval '17 years'"
                " WHEN 'grandparent' THEN m.birth_date > h.birth_date - interval '38 years'"
                " WHEN 'spouse' THEN abs(m.birth_date - h.birth_date) > 10 * 366"
                " ELSE false END");
    expect_none("members younger than 0 or older than 100 on 2026-11-28, or heads under 20",
                "SELECT count(*) FROM household_members WHERE birth_date > '2026-11-28'"
                " OR birth_date < '1926-11-28'"
                " OR (relation = 'head' AND birth_date > '2006-11-28')");
    expect_none("minors of 17 or more, and children under 15 who are not minors",
                "SELECT count(*) FROM household_members WHERE (labour = 'minor')"
                " <> (birth_date > '2010-11-28') AND birth_date NOT BETWEEN '2008-11-28' AND"
                " '2011-11-28'");
    assert_true(count("SELECT count(*) FROM household_members WHERE health <> 'healthy'") >
                count("SELECT count(*) FROM household_members") / 10);
}

/* Share, in per cent, of households whose state on 2026-11-28 matches cond. */
static long state_share(const char *cond)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT round(100.0 * count(*) FILTER (WHERE %s) / count(*)) FROM households h,"
             " zc_household_state_on(h.id, '2026-11-28') s",
             cond);
    return count(sql);
}

static void test_household_categories_and_states(void **state)
{
    (void)state;
    long poverty = state_share("s.category = 'poverty_alleviated'");
    long monitored = state_share("s.category = 'monitored'");
    long absent = state_share("s.absent");
    printf("# households: %ld%% poverty-alleviated, %ld%% monitored, %ld%% absent\n", poverty,
           monitored, absent);
    assert_in_range(poverty, 32, 46);
    assert_in_range(monitored, 7, 15);
    assert_in_range(poverty + monitored, 42, 58);
    assert_in_range(absent, 5, 10);
    expect_none("households registered outside 2019-2025, or without a state from then",
                "SELECT count(*) FROM households h WHERE h.since NOT BETWEEN '2019-01-01' AND"
                " '2025-12-31' OR NOT EXISTS (SELECT 1 FROM household_states s"
                " WHERE s.household_id = h.id AND s.valid_from = h.since)");
    expect_none("later states outside 2026 up to 2026-11-28, changing nothing, or without note",
                "SELECT count(*) FROM household_states s JOIN households h ON h.id ="
                " s.household_id JOIN household_states f ON f.household_id = h.id"
                " AND f.valid_from = h.since WHERE s.valid_from <> h.since AND (s.valid_from"
                " NOT BETWEEN '2026-01-01' AND '2026-11-28' OR s.note = '' OR s.recorded_by IS"
                " NULL OR (s.category = f.category AND s.absent = f.absent))");
    long changed = count("SELECT round(1000.0 * count(*) / (SELECT count(*) FROM households))"
                         " FROM household_states s JOIN households h ON h.id = s.household_id"
                         " WHERE s.valid_from <> h.since");
    assert_in_range(changed, 30, 70); /* per mille */
}

static void test_visits_of_october_and_november(void **state)
{
    (void)state;
    long oct = count("SELECT count(*) FROM visits WHERE visit_date BETWEEN '2026-10-01' AND"
                     " '2026-10-31'");
    long nov = count("SELECT count(*) FROM visits WHERE visit_date BETWEEN '2026-11-01' AND"
                     " '2026-11-28'");
    long items = count("SELECT count(*) FROM follow_up_items");
    printf("# visits: %ld in October, %ld in November; %ld follow-up items\n", oct, nov, items);
    assert_true(oct > 10000);
    assert_true(nov > 10000);
    assert_int_equal(oct + nov, count("SELECT count(*) FROM visits"));
    expect_none("visits before their household's since or after 2026-11-28, or elsewhere",
                "SELECT count(*) FROM visits v JOIN households h ON h.id = v.household_id"
                " WHERE v.visit_date < h.since OR v.visit_date > '2026-11-28'"
                " OR v.village_code <> h.village_code");
    /* V4: the township team's visits of the village itself, at most one a month */
    long v4 = count("SELECT count(*) FROM visits WHERE household_id IS NULL");
    long villages = count("SELECT count(*) FROM org_units WHERE level = 5");
    printf("# %ld village visits by township teams (%ld villages)\n", v4, villages);
    assert_in_range(v4, villages, 2 * villages);
    expect_none("two village visits in a month",
                "SELECT count(*) FROM (SELECT 1 FROM visits WHERE household_id IS NULL"
                " GROUP BY village_code, date_trunc('month', visit_date) HAVING count(*) > 1) x");
    expect_none("visits whose cadres are not serving members of the village's team (or, for"
                " the village itself, of its township's team)",
                "SELECT count(*) FROM visits v JOIN teams t ON t.id = v.team_id"
                " WHERE (v.household_id IS NOT NULL AND (t.org_code <> v.village_code"
                " OR t.kind <> 'village')) OR (v.household_id IS NULL AND (t.kind <> 'township'"
                " OR t.org_code <> substr(v.village_code, 1, 9) || '000')) OR EXISTS"
                " (SELECT 1 FROM unnest(v.cadre_ids) c(pid) WHERE NOT EXISTS (SELECT 1 FROM"
                " memberships m WHERE m.team_id = t.id AND m.person_id = c.pid"
                " AND m.end_date IS NULL))");
    expect_none("visits not recorded by their cadre's account",
                "SELECT count(*) FROM visits v LEFT JOIN persons p ON p.id = v.cadre_ids[1]"
                " WHERE v.recorded_by IS DISTINCT FROM p.user_id OR p.user_id IS NULL");
    expect_none("visits whose mode does not fit the household's state",
                "SELECT count(*) FROM visits v, zc_household_state_on(v.household_id,"
                " v.visit_date) s WHERE v.mode = 'phone' AND NOT s.absent");
    expect_none("follow-up items whose visit is missing or of another household",
                "SELECT count(*) FROM follow_up_items f LEFT JOIN visits v ON v.id = f.visit_id"
                " AND v.visit_date = f.visit_date WHERE v.id IS NULL"
                " OR v.household_id IS DISTINCT FROM f.household_id"
                " OR v.village_code <> f.village_code OR f.responsible_id <> v.cadre_ids[1]");
    expect_none("follow-up items with deadlines outside 15-45 days, or resolved_at not set"
                " exactly when resolved",
                "SELECT count(*) FROM follow_up_items WHERE deadline - visit_date NOT BETWEEN"
                " 15 AND 45 OR (status = 'resolved') <> (resolved_at IS NOT NULL)"
                " OR resolved_at::date < visit_date OR resolved_at::date > '2026-11-28'");
    long visits = oct + nov;
    assert_in_range(items * 1000 / visits, 10, 30); /* per mille */
    assert_true(count("SELECT count(DISTINCT status) FROM follow_up_items") == 3);
    long urgent = count("SELECT round(100.0 * count(*) FILTER (WHERE urgent) / count(*))"
                        " FROM follow_up_items");
    assert_in_range(urgent, 10, 30);
    /* Poverty-alleviated and monitored households present on 2026-11-15 visited in its half
     * month. */
    long share = count("SELECT round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM"
                       " visits v WHERE v.household_id = h.id AND v.visit_date BETWEEN"
                       " '2026-11-01' AND '2026-11-15' AND v.mode = 'in_person')) / count(*))"
                       " FROM households h, zc_household_state_on(h.id, '2026-11-15') s"
                       " WHERE s.category IN ('poverty_alleviated', 'monitored')"
                       " AND NOT s.absent");
    printf("# %ld%% of present poverty-alleviated and monitored households visited in"
           " 2026-11-01..15\n",
           share);
    assert_in_range(share, 70, 95);
    /* The step drops the visits' foreign keys for the load and makes them again. */
    assert_int_equal(count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND"
                           " conrelid = 'visits'::regclass"),
                     4);
    expect_none("ids past their identity sequence",
                "SELECT ((SELECT max(id) FROM visits) > (SELECT last_value FROM"
                " pg_sequences s WHERE s.sequencename = 'visits_id_seq'))::int"
                " + ((SELECT max(id) FROM follow_up_items) > (SELECT last_value FROM"
                " pg_sequences s WHERE s.sequencename = 'follow_up_items_id_seq'))::int");
}

/* The income step (demo_income.c): twelve months of sums of the poverty-alleviated and
 * monitored households before 2026-11 and part of November, each a household owing them that
 * month, the figures as common/rules/income.c computes them; households on both sides of the
 * lines, losses, refusals, corrections, and plans for most of those under the threshold. */
static void test_income_sums_and_plans(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(DISTINCT month) FROM income_sums WHERE month < "
                           "'2026-11-01'"),
                     12);
    assert_int_equal(count("SELECT (min(month)::text = '2025-11-01')::int FROM income_sums") +
                         count("SELECT (max(month)::text = '2026-11-01')::int FROM income_sums"),
                     1 + 1);
    expect_none("sums of a household not owing them that month",
                "SELECT count(*) FROM income_sums s, zc_household_state_on(s.household_id,"
                " (s.month + interval '1 month - 1 day')::date) st"
                " WHERE st.category NOT IN ('poverty_alleviated', 'monitored')");
    expect_none("a per capita other than the rules'",
                "SELECT count(*) FROM income_sums"
                " WHERE per_capita_fen <> round(net_fen::numeric / members)");
    expect_none("a village other than the household's",
                "SELECT count(*) FROM income_sums s JOIN households h ON h.id = s.household_id"
                " WHERE h.village_code <> s.village_code");
    expect_none("a month with two current versions",
                "SELECT count(*) FROM (SELECT household_id, month FROM income_sums WHERE current"
                " GROUP BY 1, 2 HAVING count(*) > 1) x");
    /* October: most owing households done */
    long done = count("SELECT round(100.0 * (SELECT count(*) FROM income_sums WHERE current"
                      " AND month = '2026-10-01') / count(*)) FROM households h,"
                      " zc_household_state_on(h.id, '2026-10-31') s"
                      " WHERE s.category IN ('poverty_alleviated', 'monitored')");
    printf("# %ld%% of owing households did the sums of 2026-10\n", done);
    assert_in_range(done, 88, 99);
    assert_true(count("SELECT count(*) FROM income_sums WHERE business_fen < 0") > 0);
    assert_true(count("SELECT count(*) FROM income_sums WHERE ack = 'refused'"
                      " AND ack_note <> ''") > 0);
    assert_true(count("SELECT count(*) FROM income_sums WHERE ack = 'phone'") > 0);
    assert_true(count("SELECT count(*) FROM income_sums WHERE version = 2 AND current"
                      " AND reason <> ''") > 0);
    assert_true(count("SELECT count(*) FROM income_sums WHERE version = 1 AND NOT current") > 0);
    /* both sides of the lines, this year */
    long under_line =
        count("SELECT count(*) FROM zc_income_projected_under('140929', '2026-11-01') p"
              " WHERE p.projected_fen <= (SELECT line_fen FROM zc_income_policy_on('2026-11-28'))");
    long under_threshold =
        count("SELECT count(*) FROM zc_income_projected_under('140929', '2026-11-01') p"
              " WHERE p.projected_fen < 1000000");
    long all = count("SELECT count(*) FROM zc_income_projected_under('140929', '2026-11-01')");
    printf("# projections: %ld under the line, %ld under 10,000 yuan, of %ld\n", under_line,
           under_threshold, all);
    assert_true(under_line > 0 && under_threshold > under_line && under_threshold < all / 2);
    long plans = count("SELECT count(*) FROM income_plans");
    long without = count("SELECT households FROM zc_income_list('under_threshold', '140929',"
                         " '2026-11-01', 0, 1) WHERE kind = 't'");
    assert_true(plans > 0 && without > 0);
    assert_true(count("SELECT households FROM zc_income_list('fell', '140929', '2026-11-01', 0,"
                      " 1) WHERE kind = 't'") > 0);
    /* the step's keys and indexes come back after the load */
    assert_int_equal(count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND"
                           " conrelid = 'income_sums'::regclass"),
                     2);
    assert_int_equal(
        count("SELECT count(*) FROM pg_index WHERE indrelid = 'income_sums'::regclass"), 5);
}

/* The ledger step (demo_ledger.c) and the visits' problems: items in every area, list and
 * status, some overdue, M9 topics of both areas, some from visits and some from gaps (each gap
 * once), a history row for each step an item took, the keys back after the load. */
static void test_ledger_items(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(DISTINCT area) FROM ledger_items"), 10);
    assert_int_equal(count("SELECT count(DISTINCT list) FROM ledger_items"), 3);
    assert_int_equal(count("SELECT count(DISTINCT status) FROM ledger_items"), 3);
    /* by hand, a visit's problem, a gap, a look-back's finding (demo_lookback.c), an
     * inspection's finding (demo_inspect.c), a task sent down (demo_tasks.c) */
    assert_int_equal(count("SELECT count(DISTINCT source_kind) FROM ledger_items"), 6);
    assert_int_equal(count("SELECT count(DISTINCT t.area) FROM ledger_items i"
                           " JOIN ledger_topics t ON t.code = i.topic"),
                     2);
    long overdue = count("SELECT count(*) FROM ledger_items WHERE status <> 'done'"
                         " AND deadline < zc_today()");
    long all = count("SELECT count(*) FROM ledger_items");
    printf("# %ld ledger items, %ld overdue\n", all, overdue);
    assert_true(overdue > 0 && overdue < all / 2);
    expect_none("a village without its ten areas",
                "SELECT count(*) FROM teams t WHERE t.kind = 'village' AND (SELECT count(DISTINCT"
                " area) FROM ledger_items i WHERE i.village_code = t.org_code) < 10");
    expect_none("a done item without its day, or a day of an item not done",
                "SELECT count(*) FROM ledger_items WHERE (status = 'done') <> (done_at IS NOT NULL)"
                " AND source_kind <> 'gap'");
    expect_none("an item in progress without a history row",
                "SELECT count(*) FROM ledger_items i WHERE i.source_kind = 'hand'"
                " AND i.status <> 'open' AND NOT EXISTS (SELECT 1 FROM ledger_updates u"
                " WHERE u.item_id = i.id)");
    expect_none("a history row of another village than its item's",
                "SELECT count(*) FROM ledger_updates u JOIN ledger_items i ON i.id = u.item_id"
                " WHERE i.village_code <> u.village_code");
    expect_none("a gap made an item twice",
                "SELECT count(*) FROM (SELECT village_code, text FROM ledger_items"
                " WHERE source_kind = 'gap' GROUP BY 1, 2 HAVING count(*) > 1) x");
    expect_none("ids past their identity sequence",
                "SELECT ((SELECT max(id) FROM ledger_items) > (SELECT last_value FROM"
                " pg_sequences s WHERE s.sequencename = 'follow_up_items_id_seq'))::int"
                " + ((SELECT max(id) FROM ledger_updates) > (SELECT last_value FROM"
                " pg_sequences s WHERE s.sequencename = 'ledger_updates_id_seq'))::int");
    assert_int_equal(
        count("SELECT count(*) FROM pg_index WHERE indrelid = 'ledger_items'::regclass"), 8);
}

/* Logs in as username with the demo password; asserts WhoAmI shows role at scope. */
static void login_as(const char *username, const char *role, const char *scope)
{
    struct zc_client *c = zt_login(&srv, username, DEMO_PW, NULL);
    Zhucun__Request req = ZHUCUN__REQUEST__INIT;
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    req.body_case = ZHUCUN__REQUEST__BODY_WHOAMI;
    req.whoami = &w;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call(c, &req, &reply), ZHUCUN__CODE__OK);
    assert_string_equal(reply->whoami->username, username);
    assert_false(reply->whoami->must_change_password);
    assert_int_equal(reply->whoami->n_roles, 1);
    assert_string_equal(reply->whoami->roles[0]->role, role);
    assert_string_equal(reply->whoami->roles[0]->scope_code, scope);
    zc_reply_free(reply);
    zc_close(c);
}

/* The load is as of the clock's now (docs/clock.md): nothing after it, and every duty row
 * what the rules call for. */
static void test_nothing_after_now_and_duties_agree(void **state)
{
    (void)state;
    expect_none("check-ins after now", "SELECT count(*) FROM checkins WHERE at > zc_now()");
    expect_none("visits after today", "SELECT count(*) FROM visits WHERE visit_date > zc_today()");
    char cmd[1024], out[4096];
    snprintf(cmd, sizeof(cmd), "%s duties --check --config %s 2>&1", ZT_SERVER_BIN, srv.config);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fprintf(stderr, "%s", out);
    assert_int_equal(rc, 0);
}

static void test_demo_accounts_log_in(void **state)
{
    (void)state;
    login_as("demo-xian-140929", "county_office", DEMO_COUNTY);
    char *captain = zt_sql(&srv, "SELECT u.username || ' ' || g.scope_code FROM users u"
                                 " JOIN role_grants g ON g.user_id = u.id"
                                 " WHERE g.role = 'team_captain' ORDER BY u.id LIMIT 1");
    char user[64], scope[16];
    assert_int_equal(sscanf(captain, "%63s %15s", user, scope), 2);
    free(captain);
    login_as(user, "team_captain", scope);
}

static void test_second_load_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    char *before = zt_sql(&srv, fingerprint_sql);
    char out[4096];
    assert_int_equal(run_demo(&srv, out, sizeof(out)), 8);
    assert_non_null(strstr(out, "demo data already loaded"));
    char *after = zt_sql(&srv, fingerprint_sql);
    assert_string_equal(before, after);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'demo.load'"), 1);
    free(before);
    free(after);
}

static void test_same_seed_same_rows(void **state)
{
    (void)state;
    struct zt_server other;
    zt_server_start(&other, "demo2", NULL);
    char out[8192];
    int rc = run_demo(&other, out, sizeof(out));
    if (rc != 0)
        fail_msg("zhucun-server demo exited %d:\n%s", rc, out);
    char *a = zt_sql(&srv, fingerprint_sql);
    char *b = zt_sql(&other, fingerprint_sql);
    assert_string_equal(a, b);
    free(a);
    free(b);
    zt_server_finish(&other);
}

/* Service cases (demo_service.c; docs/services.md): every category, open and closed, a
 * dispute's mediation, a serious illness's steps, money, and nothing the rules would refuse. */
static void test_service_cases(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(DISTINCT category) FROM service_cases"), 15);
    assert_true(count("SELECT count(*) FROM service_cases WHERE closed_on IS NULL") > 0);
    assert_true(count("SELECT count(*) FROM service_cases WHERE category = 'dispute'"
                      " AND mediation = 'mediated'") > 0);
    assert_true(count("SELECT count(*) FROM service_cases WHERE amount_fen > 0") > 0);
    assert_true(count("SELECT count(*) FROM service_case_steps WHERE step = 'reimbursement'") > 0);
    assert_true(count("SELECT count(DISTINCT to_char(opened_on, 'YYYY-MM')) FROM service_cases") >=
                12);
    expect_none("cases or steps dated after today, or closed before a step",
                "SELECT count(*) FROM service_cases c WHERE c.opened_on > zc_today()"
                " OR c.closed_on > zc_today() OR EXISTS (SELECT 1 FROM service_case_steps s"
                " WHERE s.case_id = c.id AND (s.on_date < c.opened_on OR s.on_date > zc_today()"
                " OR s.on_date > coalesce(c.closed_on, zc_today())))");
    expect_none(
        "closed serious illnesses without their three steps, or steps out of order",
        "SELECT count(*) FROM service_cases c WHERE c.category = 'serious_illness'"
        " AND ((c.closed_on IS NOT NULL AND (SELECT count(*) FROM service_case_steps s"
        " WHERE s.case_id = c.id) <> 3) OR EXISTS (SELECT 1 FROM service_case_steps a"
        " JOIN service_case_steps b ON b.case_id = a.case_id AND a.step = 'admission'"
        " AND b.step = 'hospital_contact' WHERE a.case_id = c.id AND a.on_date < b.on_date))");
    expect_none("money above a category's limit or in a category without money",
                "SELECT count(*) FROM service_cases WHERE amount_fen > CASE category"
                " WHEN 'micro_credit' THEN 5000000 WHEN 'student_loan' THEN 2500000"
                " WHEN 'insurance_topup' THEN 1000000 WHEN 'relief_payment' THEN 2000000"
                " WHEN 'medical_reimbursement' THEN 100000000 WHEN 'serious_illness'"
                " THEN 100000000 ELSE 0 END");
    expect_none("cases whose handler serves in no team of their village",
                "SELECT count(*) FROM service_cases c WHERE NOT EXISTS (SELECT 1 FROM persons p"
                " JOIN memberships m ON m.person_id = p.id JOIN teams t ON t.id = m.team_id"
                " WHERE p.user_id = c.handler_id AND t.org_code = c.village_code)");
    expect_none("ids past their identity sequence",
                "SELECT count(*) FROM (SELECT max(id) m FROM service_cases) x"
                " WHERE x.m > (SELECT last_value FROM service_cases_id_seq)"
                " OR (SELECT max(id) FROM service_case_steps)"
                " > (SELECT last_value FROM service_case_steps_id_seq)");
}

/* The competitions (demo_service.c): rounds of every kind, entries by the teams of the
 * round's county within its days, results for the closed rounds only, given by their office. */
static void test_competitions(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(DISTINCT kind) FROM contest_rounds"), 5);
    assert_true(count("SELECT count(*) FROM contest_entries WHERE award IS NOT NULL") > 0);
    assert_true(count("SELECT count(*) FROM contest_entries e JOIN contest_rounds r"
                      " ON r.id = e.round_id WHERE r.ends_on >= zc_today()") > 0);
    expect_none("entries outside their round's days or county, or results of open rounds",
                "SELECT count(*) FROM contest_entries e JOIN contest_rounds r ON r.id = e.round_id"
                " WHERE e.entered_on < r.starts_on OR e.entered_on > least(r.ends_on, zc_today())"
                " OR left(e.village_code, 6) <> left(r.org_code, 6)"
                " OR (r.ends_on >= zc_today()) = (e.award IS NOT NULL)"
                " OR (e.award IS NOT NULL AND e.result_by <> r.opened_by)");
    expect_none("rounds not opened by their county's office",
                "SELECT count(*) FROM contest_rounds r WHERE NOT EXISTS (SELECT 1 FROM role_grants"
                " g WHERE g.user_id = r.opened_by AND g.role = 'county_office'"
                " AND g.scope_code = r.org_code)");
}

/* Three guarantees and water, labour (demo_guarantees.c): every kind, open and resolved items
 * and gaps, and nothing the rules would refuse. */
static void test_guarantees_and_labour(void **state)
{
    (void)state;
    static const char *const kinds[] = {"schooling", "insurance", "hospital", "housing", "water"};
    for (size_t i = 0; i < 5; i++) {
        char sql[160];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM guarantee_entries WHERE kind = '%s'",
                 kinds[i]);
        if (count(sql) == 0)
            fail_msg("no %s entries", kinds[i]);
    }
    assert_true(count("SELECT count(*) FROM guarantee_entries WHERE kind = 'water'"
                      " AND resolved_on IS NULL") > 0);
    assert_true(count("SELECT count(*) FROM guarantee_entries WHERE kind = 'water'"
                      " AND resolved_on IS NOT NULL") > 0);
    assert_true(count("SELECT count(*) FROM guarantee_entries WHERE household_id IS NULL") > 0);
    assert_true(count("SELECT count(*) FROM households h"
                      " WHERE EXISTS (SELECT 1 FROM zc_household_gaps(h.id))") > 0);
    assert_true(count("SELECT count(*) FROM labour_records WHERE subsidy = 'paid'") > 0);
    expect_none("schooling checks of children not of compulsory school age on the day",
                "SELECT count(*) FROM guarantee_entries e JOIN household_members m"
                " ON m.id = e.member_id WHERE e.kind = 'schooling'"
                " AND NOT zc_compulsory_school_age(m.birth_date, e.on_date)");
    expect_none("children of compulsory school age in poverty-alleviated or monitored households"
                " without a schooling check",
                "SELECT count(*) FROM household_members m JOIN households h"
                " ON h.id = m.household_id CROSS JOIN LATERAL zc_household_state_on(h.id,"
                " zc_today()) s WHERE m.left_on IS NULL AND s.category <> 'ordinary'"
                " AND zc_compulsory_school_age(m.birth_date, zc_today())"
                " AND NOT EXISTS (SELECT 1 FROM guarantee_entries e WHERE e.member_id = m.id"
                " AND e.kind = 'schooling')");
    expect_none("entries dated after today, or resolved after today",
                "SELECT count(*) FROM guarantee_entries WHERE on_date > zc_today()"
                " OR resolved_on > zc_today()");
    expect_none("labour records of households not poverty-alleviated or monitored on the day",
                "SELECT count(*) FROM labour_records r CROSS JOIN LATERAL"
                " zc_household_state_on(r.household_id, r.on_date) s"
                " WHERE s.category NOT IN ('poverty_alleviated', 'monitored')");
    expect_none("transport subsidies paid twice to a worker in a year",
                "SELECT count(*) FROM (SELECT member_id FROM labour_records WHERE subsidy = 'paid'"
                " GROUP BY member_id, extract(year FROM on_date) HAVING count(*) > 1) x");
    expect_none("ids past their identity sequence",
                "SELECT count(*) FROM (SELECT max(id) m FROM guarantee_entries"
                " UNION ALL SELECT max(id) FROM labour_records) x"
                " WHERE x.m > (SELECT last_value FROM guarantee_entries_id_seq)"
                " AND x.m > (SELECT last_value FROM labour_records_id_seq)");
}

static void test_until_stops_after_a_step(void **state)
{
    (void)state;
    struct zt_server other;
    zt_server_start(&other, "demo3", NULL);
    char cmd[1600], out[4096];
    snprintf(cmd, sizeof(cmd), "%s demo --config %s --scale county --until nothing 2>&1",
             ZT_SERVER_BIN, other.config);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 2);
    assert_non_null(strstr(out, "--until"));
    snprintf(cmd, sizeof(cmd), "%s demo --config %s --scale county --until accounts 2>&1",
             ZT_SERVER_BIN, other.config);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fail_msg("zhucun-server demo --until accounts exited %d:\n%s", rc, out);
    /* the organisation layer is there, households and visits are not */
    char *n = zt_sql(&other, "SELECT (SELECT count(*) FROM users) > 100 AND"
                             " (SELECT count(*) FROM households) = 0 AND"
                             " (SELECT count(*) FROM visits) = 0");
    assert_string_equal(n, "t");
    free(n);
    zt_server_finish(&other);
}

/* Monitoring (docs/monitoring.md): every monitored household has its case, every case its
 * risks, some eliminated with their approval, and entries and eliminations waiting in the
 * queues through the engine. */
static void test_monitoring_cases(void **state)
{
    (void)state;
    expect_none("monitored households without a monitored case",
                "SELECT count(*) FROM households h WHERE (SELECT category FROM"
                " zc_household_state_on(h.id, zc_today())) = 'monitored' AND NOT EXISTS (SELECT 1"
                " FROM monitoring_cases c WHERE c.household_id = h.id AND c.status = 'monitored')");
    expect_none("cases without a risk",
                "SELECT count(*) FROM monitoring_cases c WHERE NOT EXISTS (SELECT 1 FROM"
                " monitoring_risks r WHERE r.case_id = c.id)");
    assert_true(count("SELECT count(*) FROM monitoring_measures") > 0);
    assert_true(count("SELECT count(*) FROM monitoring_cases WHERE status = 'eliminated'") > 0);
    assert_true(count("SELECT count(*) FROM monitoring_eliminations WHERE status = 'approved'") >
                0);
    expect_none("pending entries or eliminations without an open approval",
                "SELECT (SELECT count(*) FROM monitoring_cases c WHERE c.status = 'pending' AND"
                " NOT EXISTS (SELECT 1 FROM approvals a WHERE a.subject_kind = 'monitor_entry'"
                " AND a.subject_id = c.id AND a.status = 'pending')) + (SELECT count(*) FROM"
                " monitoring_eliminations e WHERE e.status = 'pending' AND NOT EXISTS (SELECT 1"
                " FROM approvals a WHERE a.subject_kind = 'monitor_exit' AND a.subject_id = e.id"
                " AND a.status = 'pending'))");
    assert_true(count("SELECT count(*) FROM approvals WHERE subject_kind = 'monitor_entry'") > 0);
    assert_true(count("SELECT count(*) FROM approvals WHERE subject_kind = 'monitor_exit'") > 0);
    expect_none("pending eliminations with a risk or a measure still open",
                "SELECT count(*) FROM monitoring_eliminations e JOIN monitoring_cases c ON c.id ="
                " e.case_id WHERE e.status = 'pending' AND EXISTS (SELECT 1 FROM"
                " zc_elimination_problems(c.household_id, zc_today()) p WHERE p.field IN"
                " ('risks', 'measures'))");
}

/* Policy delivery (demo_policy.c): a year of videos and broadcasts with gaps, the city's
 * quizzes of twelve months with scores; the M8 duties show real rates, neither none nor all
 * met; nothing the rules would refuse. */
static void test_policy_delivery(void **state)
{
    (void)state;
    assert_true(count("SELECT count(DISTINCT date_trunc('month', posted_on)) FROM policy_videos") >=
                12);
    assert_true(count("SELECT count(DISTINCT date_trunc('month', on_date))"
                      " FROM policy_broadcasts") >= 12);
    assert_true(count("SELECT count(*) FROM (SELECT 1 FROM policy_broadcasts GROUP BY"
                      " village_code, on_date HAVING count(*) = 2) x") > 0);
    assert_int_equal(count("SELECT count(*) FROM policy_quizzes"), 12);
    assert_true(count("SELECT count(*) FROM policy_quiz_cadres WHERE reached") > 0);
    assert_true(count("SELECT count(*) FROM policy_quiz_cadres WHERE NOT reached") > 0);
    /* the rates, over last month: most met, not all */
    static const char *const rules[] = {"M8-video", "M8-broadcast", "M8-quiz"};
    for (size_t i = 0; i < 3; i++) {
        char sql[600];
        snprintf(sql, sizeof(sql),
                 "SELECT round(100.0 * sum(met) / nullif(sum(due), 0)) FROM zc_duty_report("
                 "'{%s}', '1409', '1409', '1410', (date_trunc('month', zc_today()::timestamp)"
                 " - interval '1 month')::date, date_trunc('month', zc_today()::timestamp)::date"
                 " - 1)",
                 rules[i]);
        long rate = count(sql);
        if (rate < 50 || (i < 2 && rate > 99))
            fail_msg("%s met at %ld%% last month", rules[i], rate);
    }
    expect_none("videos, broadcasts or calls after today, broadcasts out of 1-600 minutes",
                "SELECT (SELECT count(*) FROM policy_videos WHERE posted_on > zc_today())"
                " + (SELECT count(*) FROM policy_broadcasts WHERE on_date > zc_today()"
                " OR minutes NOT BETWEEN 1 AND 600)"
                " + (SELECT count(*) FROM policy_quiz_cadres WHERE called_on > zc_today())");
    expect_none(
        "links that are not a URL's shape",
        "SELECT count(*) FROM policy_videos WHERE url !~ '^https?://[a-z0-9.-]+\\.[a-z]+/'");
    expect_none(
        "sampled cadres not serving in their quiz's city that month",
        "SELECT count(*) FROM policy_quiz_cadres c JOIN policy_quizzes q ON q.id = c.quiz_id"
        " WHERE NOT EXISTS (SELECT 1 FROM zc_policy_serving('1409', q.month,"
        " (q.month + interval '1 month')::date - 1) s WHERE s.person_id = c.person_id)");
    expect_none("ids past their identity sequence",
                "SELECT count(*) FROM (SELECT 'policy_videos' t, max(id) m FROM policy_videos"
                " UNION ALL SELECT 'policy_broadcasts', max(id) FROM policy_broadcasts"
                " UNION ALL SELECT 'policy_quizzes', max(id) FROM policy_quizzes"
                " UNION ALL SELECT 'policy_quiz_cadres', max(id) FROM policy_quiz_cadres) x"
                " WHERE x.m > (SELECT pg_sequence_last_value((x.t || '_id_seq')::regclass))");
}

/* The points step (demo_points.c): a share of the villages run a scheme; every award is its
 * deed's points in force on its day, every redemption the price of its day; no household's
 * balance and no good's stock is below zero after any day of the year; the kept summaries
 * agree with the ledger (the check, zc_points_check, finds nothing). */
static void test_points_schemes(void **state)
{
    (void)state;
    long villages = count("SELECT count(*) FROM org_units WHERE level = 5");
    long schemes = count("SELECT count(DISTINCT village_code) FROM points_deeds");
    printf("# %ld of %ld villages run a points scheme, %ld ledger rows\n", schemes, villages,
           count("SELECT count(*) FROM points_ledger"));
    assert_true(schemes > villages / 4 && schemes < villages * 6 / 10);
    expect_none("the kept balances or stock differ from the ledger",
                "SELECT count(*) FROM zc_points_check('{%}')");
    expect_none("awards not of their deed version's points, or of a version not in force",
                "SELECT count(*) FROM points_ledger l JOIN points_deeds d ON d.id = l.deed_id"
                " WHERE l.kind = 'award' AND (l.points <> d.points OR d.valid_from > l.on_date"
                " OR EXISTS (SELECT 1 FROM points_deeds e WHERE e.village_code = d.village_code"
                " AND e.code = d.code AND e.valid_from > d.valid_from"
                " AND e.valid_from <= l.on_date))");
    expect_none("redemptions not at the price of their day",
                "SELECT count(*) FROM points_ledger l WHERE l.kind = 'redeem' AND -l.points <>"
                " -l.quantity * (SELECT p.price FROM points_prices p WHERE p.good_id = l.good_id"
                " AND p.valid_from <= l.on_date ORDER BY p.valid_from DESC LIMIT 1)");
    expect_none("a balance below zero after some day",
                "SELECT count(*) FROM (SELECT sum(points) OVER (PARTITION BY household_id"
                " ORDER BY on_date, id) AS b FROM points_ledger WHERE household_id IS NOT NULL) x"
                " WHERE b < 0");
    expect_none("a stock below zero after some day",
                "SELECT count(*) FROM (SELECT sum(quantity) OVER (PARTITION BY good_id"
                " ORDER BY on_date, id) AS q FROM points_ledger WHERE good_id IS NOT NULL) x"
                " WHERE q < 0");
    expect_none("rows after today",
                "SELECT count(*) FROM points_ledger WHERE on_date > zc_today()");
    assert_true(count("SELECT count(*) FROM points_ledger WHERE kind = 'redeem'") > 0);
    assert_true(count("SELECT count(*) FROM points_ledger WHERE kind = 'correction'") > 0);
    assert_true(count("SELECT count(*) FROM points_deeds GROUP BY village_code, code"
                      " HAVING count(*) > 1 LIMIT 1") == 2);
}

/* Projects (demo_projects.c, 0100): every village's projects since 2013 in every state of the
 * life cycle, budgets that their funds add up to, beneficiaries in the project's villages, some
 * projects serving two villages, nothing after today. */
static void test_projects(void **state)
{
    (void)state;
    /* the board's money is the kept sums' (0106 over 0105) */
    assert_true(count("SELECT sum(paid_fen) FROM project_money") > 0);
    assert_int_equal(count("SELECT sum(paid_fen) FROM zc_project_board('{%}', 2, 0)"),
                     count("SELECT sum(paid_fen) FROM project_money"));
    long villages = count("SELECT count(*) FROM org_units WHERE level = 5"
                          " AND EXISTS (SELECT 1 FROM households h WHERE h.village_code = code)");
    long projects = count("SELECT count(*) FROM projects");
    printf("# %ld projects in %ld villages\n", projects, villages);
    assert_true(projects >= villages * 12 && projects <= villages * 18);
    expect_none("states without projects",
                "SELECT count(*) FROM project_statuses s WHERE NOT EXISTS"
                " (SELECT 1 FROM projects p WHERE p.status = s.code)");
    expect_none("kinds without projects", "SELECT count(*) FROM project_kinds k WHERE NOT EXISTS"
                                          " (SELECT 1 FROM projects p WHERE p.kind = k.code)");
    expect_none("years 2013..today's without projects",
                "SELECT count(*) FROM generate_series(2013, extract(year FROM zc_today())::int) y"
                " WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.year = y)");
    expect_none("funds not adding up to the budget",
                "SELECT count(*) FROM projects p WHERE p.budget_fen <>"
                " (SELECT coalesce(sum(amount_fen), 0) FROM project_funds f"
                " WHERE f.project_id = p.id)");
    expect_none("a project without its lead village among its villages",
                "SELECT count(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM project_villages v"
                " WHERE v.project_id = p.id AND v.village_code = p.village_code)");
    expect_none("beneficiaries outside the project's villages",
                "SELECT count(*) FROM project_beneficiaries b JOIN households h"
                " ON h.id = b.household_id WHERE h.village_code <> b.village_code OR NOT EXISTS"
                " (SELECT 1 FROM project_villages v WHERE v.project_id = b.project_id"
                " AND v.village_code = h.village_code)");
    expect_none("dates after today or out of order",
                "SELECT count(*) FROM projects WHERE status_on > zc_today()"
                " OR actual_start > zc_today() OR actual_end > zc_today()"
                " OR (status IN ('completed', 'accepted', 'registered', 'handed_over',"
                " 'maintenance') AND actual_end IS NULL)"
                " OR (status IN ('planned', 'applied', 'library') AND actual_start IS NOT NULL)");
    assert_true(count("SELECT count(*) FROM project_villages WHERE village_code <> lead_code") > 0);
    assert_true(count("SELECT count(*) FROM projects WHERE unit_id IS NOT NULL") > 0);
    assert_true(count("SELECT count(*) FROM project_beneficiaries") > 0);
    /* their requests (demo_project_approvals.c): every applied project waits in a queue to
     * enter the library, every one from the library on has its approved requests */
    expect_none("applied projects without an open request to the library, pending in a queue",
                "SELECT count(*) FROM projects p WHERE p.status = 'applied' AND NOT EXISTS"
                " (SELECT 1 FROM project_transitions t JOIN approvals a ON a.subject_kind ="
                " 'project_transition' AND a.subject_id = t.id JOIN approval_steps s"
                " ON s.approval_id = a.id AND s.status = 'pending' WHERE t.project_id = p.id"
                " AND t.status = 'pending' AND t.to_status = 'library')");
    expect_none("projects from the library on without their approved requests",
                "SELECT count(*) FROM projects p WHERE p.status NOT IN ('planned', 'applied',"
                " 'rejected', 'cancelled') AND (SELECT count(*) FROM project_transitions t"
                " JOIN approvals a ON a.subject_kind = 'project_transition' AND a.subject_id ="
                " t.id AND a.status = 'approved' WHERE t.project_id = p.id"
                " AND t.status = 'approved') <> 2");
    expect_none("approved requests with a step not approved",
                "SELECT count(*) FROM approval_steps s JOIN approvals a ON a.id = s.approval_id"
                " WHERE a.subject_kind = 'project_transition' AND a.status = 'approved'"
                " AND s.status <> 'approved'");
    assert_true(count("SELECT count(*) FROM approval_steps s JOIN approvals a"
                      " ON a.id = s.approval_id WHERE a.subject_kind = 'project_transition'"
                      " AND s.status = 'pending' AND s.role = 'county_office'") > 0);
}

/* Construction and disbursements (demo_build.c, 0105): every project under construction or
 * later has its tasks, reports, focus and target; some tasks are late today; no project has
 * committed more than its budget, nor more than its latest report and the tolerance allow; the
 * kept sums are the rows'; requests wait in the county offices' queues. */
static void test_construction(void **state)
{
    (void)state;
    static const char *const tables[] = {"project_tasks", "project_progress", "project_focus",
                                         "project_targets", "project_target_entries"};
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        char sql[300];
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM projects p WHERE p.actual_start IS NOT NULL"
                 " AND p.status NOT IN ('rejected', 'cancelled') AND NOT EXISTS"
                 " (SELECT 1 FROM %s x WHERE x.project_id = p.id)",
                 tables[i]);
        expect_none(tables[i], sql);
    }
    assert_true(count("SELECT count(*) FROM project_tasks t WHERE"
                      " zc_project_task_status(t, zc_today()) = 'late'") > 0);
    assert_true(count("SELECT count(*) FROM disbursements WHERE status = 'paid'") > 0);
    assert_true(count("SELECT count(*) FROM disbursements d JOIN approvals a"
                      " ON a.subject_kind = 'disbursement' AND a.subject_id = d.id"
                      " WHERE d.status = 'pending' AND a.status = 'pending'") > 0);
    expect_none("pending disbursements without their approval",
                "SELECT count(*) FROM disbursements d WHERE d.status = 'pending' AND NOT EXISTS"
                " (SELECT 1 FROM approvals a WHERE a.subject_kind = 'disbursement'"
                " AND a.subject_id = d.id)");
    expect_none("projects paid past their limits",
                "SELECT count(*) FROM projects p JOIN project_money m ON m.project_id = p.id,"
                " zc_disbursement_headroom(p, 0) h WHERE m.committed_fen > p.budget_fen"
                " OR m.committed_fen > h.allowed OR m.paid_fen > h.allowed");
    expect_none("kept sums that are not the rows'",
                "SELECT count(*) FROM project_money m WHERE m.committed_fen <>"
                " (SELECT coalesce(sum(amount_fen), 0) FROM disbursements d"
                " WHERE d.project_id = m.project_id AND d.status IN ('pending', 'paid'))"
                " OR m.paid_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM disbursements d"
                " WHERE d.project_id = m.project_id AND d.status = 'paid')");
    expect_none("progress going back without a correction",
                "SELECT count(*) FROM project_progress r JOIN project_progress s"
                " ON s.project_id = r.project_id AND s.id > r.id"
                " WHERE s.percent < r.percent AND s.correction = ''");
    expect_none("dates after today",
                "SELECT (SELECT count(*) FROM project_tasks WHERE actual_start > zc_today()"
                " OR actual_end > zc_today()) + (SELECT count(*) FROM project_progress"
                " WHERE on_date > zc_today()) + (SELECT count(*) FROM disbursements"
                " WHERE paid_on > zc_today())");
}

/* The look-back (demo_lookback.c, 0115): this year's campaign in the county, about half of the
 * projects it covers reviewed, each once and in its own village; every finding an item of its
 * village's ledger from the finding (source look_back), every review not good with a finding. */
static void test_lookback(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(*) FROM lookback_campaigns WHERE year ="
                           " extract(year FROM zc_today())"),
                     1);
    long long covered = count("SELECT count(*) FROM projects WHERE status IN ('construction',"
                              " 'completed', 'accepted', 'registered', 'handed_over',"
                              " 'maintenance')");
    long long reviewed = count("SELECT count(*) FROM lookback_reviews");
    if (reviewed * 3 < covered || reviewed * 3 > covered * 2)
        fail_msg("%lld of %lld covered projects reviewed: not about half", reviewed, covered);
    expect_none("reviews placed elsewhere than their project, or of a project not covered",
                "SELECT count(*) FROM lookback_reviews r JOIN projects p ON p.id = r.project_id"
                " JOIN lookback_campaigns c ON c.id = r.campaign_id"
                " WHERE r.village_code <> p.village_code OR NOT zc_lookback_covers(c, p)"
                " OR r.reviewed_on > zc_today()");
    assert_true(count("SELECT count(*) FROM lookback_findings") > 0);
    expect_none("findings without their ledger item from the finding",
                "SELECT count(*) FROM lookback_findings f LEFT JOIN ledger_items i"
                " ON i.id = f.ledger_item_id AND i.source_kind = 'look_back'"
                " AND i.source_id = f.id AND i.village_code = f.village_code WHERE i.id IS NULL");
    expect_none("reviews not good without a finding",
                "SELECT count(*) FROM lookback_reviews r WHERE r.verdict <> 'good' AND NOT EXISTS"
                " (SELECT 1 FROM lookback_findings f WHERE f.review_id = r.id)");
    assert_true(count("SELECT count(*) FROM lookback_reviews WHERE cardinality(docs_missing) > 0") >
                0);
}

/* Assessment (demo_assessment.c): the four quarters before today, published in every county
 * for teams and cadres; every team with a member serving in a quarter and every cadre serving
 * in it graded once; the grades in the policy's proportions (excellent floor(30 %), basically
 * qualified and unqualified floor(5 %) each), the best ranked first. */
static void test_assessment(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(*) FROM assessment_rounds"
                           " WHERE quarter < date_trunc('quarter', zc_today())"),
                     8);
    expect_none("rounds of the quarters before today not published, or published after today",
                "SELECT count(*) FROM assessment_rounds"
                " WHERE quarter < date_trunc('quarter', zc_today())"
                " AND (status <> 'published' OR published_on > zc_today())");
    expect_none("a team serving in a quarter without its team result",
                "SELECT count(*) FROM assessment_rounds r, teams t WHERE r.subject = 'team'"
                " AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = t.id"
                "  AND m.start_date < r.quarter + interval '3 months'"
                "  AND (m.end_date IS NULL OR m.end_date >= r.quarter))"
                " AND NOT EXISTS (SELECT 1 FROM assessment_results s WHERE s.round_id = r.id"
                "  AND s.team_id = t.id AND s.person_id IS NULL)");
    expect_none("a cadre serving in a quarter without exactly one result",
                "SELECT count(*) FROM assessment_rounds r, persons p WHERE r.subject = 'cadre'"
                " AND EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id"
                "  AND m.start_date < r.quarter + interval '3 months'"
                "  AND (m.end_date IS NULL OR m.end_date >= r.quarter))"
                " AND (SELECT count(*) FROM assessment_results s WHERE s.round_id = r.id"
                "  AND s.person_id = p.id) <> 1");
    expect_none("a round whose grades break the proportions",
                "SELECT count(*) FROM (SELECT round_id, count(*) AS n,"
                " count(*) FILTER (WHERE grade = 'excellent') AS e,"
                " count(*) FILTER (WHERE grade = 'basic') AS b,"
                " count(*) FILTER (WHERE grade = 'unqualified') AS u"
                " FROM assessment_results WHERE grade IS NOT NULL GROUP BY round_id) x"
                " WHERE e <> floor(n * 0.3) OR b <> floor(n * 0.05) OR u <> floor(n * 0.05)");
    expect_none("a better grade ranked below a worse one",
                "SELECT count(*) FROM assessment_results a JOIN assessment_results b"
                " ON b.round_id = a.round_id JOIN assessment_grades ga ON ga.code = a.grade"
                " JOIN assessment_grades gb ON gb.code = b.grade"
                " WHERE ga.ord < gb.ord AND a.score < b.score");
    assert_true(count("SELECT count(*) FROM assessment_published WHERE subject = 'cadre'") > 0);
}

/* The assessment part's step (demo_assess.c): every published result with a score for every
 * indicator whose weighted total is its score; this quarter's draft round of teams in every
 * county with a team serving, its cohort complete, the system's indicators with their
 * evidence, the entered ones with a reason, the totals the weighted sums, not yet ranked. */
static void test_assess(void **state)
{
    (void)state;
    expect_none("a published result without its indicator scores",
                "SELECT count(*) FROM assessment_results s JOIN assessment_rounds r"
                " ON r.id = s.round_id WHERE r.status = 'published'"
                " AND (SELECT count(*) FROM assessment_scores x WHERE x.result_id = s.id)"
                "  <> (SELECT count(*) FROM assessment_indicators)");
    expect_none(
        "a result whose total is not its indicators' weighted sum",
        "SELECT count(*) FROM assessment_results s JOIN assessment_rounds r"
        " ON r.id = s.round_id WHERE s.score <> zc_assess_total(s.id, r.subject, r.quarter)");
    /* a draft of the teams and one of the cadres in every county with a team serving */
    assert_int_equal(
        count("SELECT count(*) FROM assessment_rounds WHERE status = 'draft'"
              " AND quarter = date_trunc('quarter', zc_today())"),
        count("SELECT 2 * count(DISTINCT left(t.org_code, 6)) FROM teams t"
              " JOIN memberships m ON m.team_id = t.id"
              " WHERE m.start_date <= zc_quarter_last(date_trunc('quarter', zc_today())::date)"
              " AND (m.end_date IS NULL"
              " OR m.end_date >= date_trunc('quarter', zc_today()))"));
    expect_none("a team or cadre serving this quarter outside its county's draft",
                "SELECT count(*) FROM assessment_rounds r,"
                " LATERAL zc_assess_cohort(r.county_code, r.quarter, r.subject) c"
                " WHERE r.status = 'draft' AND NOT EXISTS (SELECT 1 FROM assessment_results s"
                " WHERE s.round_id = r.id AND s.team_id = c.team_id"
                " AND s.person_id IS NOT DISTINCT FROM c.person_id)");
    expect_none("a draft result without a system score with evidence, or an entered one"
                " without a reason",
                "SELECT count(*) FROM assessment_results s JOIN assessment_rounds r"
                " ON r.id = s.round_id CROSS JOIN assessment_indicators i"
                " WHERE r.status = 'draft' AND NOT EXISTS (SELECT 1 FROM assessment_scores x"
                " WHERE x.result_id = s.id AND x.indicator = i.code"
                " AND (x.evidence <> '' OR x.reason <> ''))");
    expect_none("a ranked draft", "SELECT count(*) FROM assessment_results s JOIN"
                                  " assessment_rounds r ON r.id = s.round_id"
                                  " WHERE r.status = 'draft' AND s.rank IS NOT NULL");
    assert_true(count("SELECT count(*) FROM assessment_scores WHERE indicator = 'presence'"
                      " AND evidence LIKE '达标 %%/%% 周'") > 0);
}

/* Consumption assistance (demo_consume.c): this year's purchases by units, first secretaries
 * and teams, each from a village its unit assists that day, by a buyer serving for the unit;
 * most units with a quota reach it, some fall short, central units are listed without one;
 * sales contracts in a share of the villages. */
static void test_consumption(void **state)
{
    (void)state;
    long purchases = count("SELECT count(*) FROM consumption_purchases");
    long contracts = count("SELECT count(*) FROM consumption_contracts");
    printf("# %ld purchases, %ld sales contracts\n", purchases, contracts);
    assert_true(purchases > 0 && contracts > 0);
    expect_none("a kind of buyer without purchases",
                "SELECT count(*) FROM (VALUES ('unit'), ('secretary'), ('team')) k (kind)"
                " WHERE NOT EXISTS (SELECT 1 FROM consumption_purchases p"
                " WHERE p.buyer_kind = k.kind)");
    expect_none("purchases from a village the unit does not assist that day",
                "SELECT count(*) FROM consumption_purchases p"
                " WHERE NOT p.village_code = ANY (zc_consume_unit_villages(p.unit_id, p.on_date))");
    expect_none("a first secretary's purchase by someone else",
                "SELECT count(*) FROM consumption_purchases p WHERE p.buyer_kind = 'secretary'"
                " AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.person_id"
                " AND m.post = 'first_secretary' AND m.unit_id = p.unit_id"
                " AND m.start_date <= p.on_date AND coalesce(m.end_date, p.on_date) >= p.on_date)");
    expect_none("a team's purchase without a cadre of the unit in the team",
                "SELECT count(*) FROM consumption_purchases p WHERE p.buyer_kind = 'team'"
                " AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = p.team_id"
                " AND m.unit_id = p.unit_id AND m.start_date <= p.on_date"
                " AND coalesce(m.end_date, p.on_date) >= p.on_date)");
    expect_none("purchases outside this year or after today",
                "SELECT count(*) FROM consumption_purchases WHERE on_date > zc_today()"
                " OR extract(year FROM on_date) <> extract(year FROM zc_today())");
    expect_none("a household producer of another village, or not named as its head",
                "SELECT count(*) FROM (SELECT village_code, household_id, producer_name"
                " FROM consumption_purchases UNION ALL SELECT village_code, household_id,"
                " producer_name FROM consumption_contracts) p JOIN households h"
                " ON h.id = p.household_id WHERE h.village_code <> p.village_code"
                " OR h.head_name <> p.producer_name");
    /* the progress of this year, as QuotaProgress computes it for the province */
#define PROGRESS                                                                                   \
    " FROM zc_consume_progress('{14%}', '{}', extract(year FROM zc_today())::int, false)"
    long reached = count("SELECT count(*)" PROGRESS " WHERE quota IS NOT NULL AND shortfall = 0");
    long short_ = count("SELECT count(*)" PROGRESS " WHERE quota IS NOT NULL AND shortfall > 0");
    printf("# units: %ld reached their quota, %ld short\n", reached, short_);
    assert_true(reached > short_ && short_ > 0);
    assert_int_equal(count("SELECT count(*)" PROGRESS " WHERE level = 'central' AND quota IS NULL"),
                     count("SELECT count(*) FROM dispatch_units WHERE level = 'central'"));
    long villages = count("SELECT count(*) FROM org_units WHERE level = 5");
    long with = count("SELECT count(DISTINCT village_code) FROM consumption_contracts");
    assert_true(with * 20 >= villages && with * 3 <= villages);
#undef PROGRESS
}

/* Evidence (demo_attach.c): the pictures and the PDF stored once with their hashes, types and
 * thumbnails, and records of every registered kind linked to them in their own villages. */
static void test_attachments_of_every_kind(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(*) FROM attachments"), 13);
    assert_int_equal(count("SELECT count(*) FROM attachment_thumbs"), 12);
    assert_int_equal(count("SELECT count(DISTINCT mime) FROM attachments"
                           " WHERE mime IN ('image/jpeg', 'image/png', 'application/pdf')"),
                     3);
    expect_none("files whose bytes are not their hash, or their size",
                "SELECT count(*) FROM attachments a JOIN attachment_blobs b USING (sha256)"
                " WHERE sha256(b.data) <> a.sha256 OR length(b.data) <> a.size");
    expect_none("kinds without evidence",
                "SELECT count(*) FROM attachment_kinds k WHERE NOT EXISTS"
                " (SELECT 1 FROM attachment_links l WHERE l.kind = k.kind)");
    expect_none("links placed elsewhere than their record's village",
                "SELECT count(*) FROM attachment_links l"
                " WHERE l.village_code IS DISTINCT FROM zc_attach_village(l.kind, l.record_id)");
    expect_none("records with more files than the limit",
                "SELECT count(*) FROM (SELECT 1 FROM attachment_links GROUP BY kind, record_id"
                " HAVING count(*) > 20) x");
}

/* Assets (demo_assets.c, 0110): only of projects at accepted or later, every registered
 * project's check passing and every handed-over one's too, within the budgets; upkeep with
 * some assets due; last year's income distributed to the fen; posts in most villages, no
 * holder in two at once. */
static void test_assets(void **state)
{
    (void)state;
    long assets = count("SELECT count(*) FROM project_assets");
    printf("# %ld assets, %ld upkeep records, %ld incomes, %ld shares, %ld posts\n", assets,
           count("SELECT count(*) FROM project_asset_upkeep"),
           count("SELECT count(*) FROM project_asset_incomes"),
           count("SELECT count(*) FROM project_asset_shares"),
           count("SELECT count(*) FROM welfare_posts"));
    assert_true(assets >= count("SELECT count(*) FROM projects WHERE status IN"
                                " ('accepted', 'registered', 'handed_over', 'maintenance')"));
    expect_none("assets of projects before acceptance",
                "SELECT count(*) FROM project_assets a JOIN projects p ON p.id = a.project_id"
                " WHERE p.status NOT IN ('accepted', 'registered', 'handed_over', 'maintenance')");
    expect_none("projects at accepted or later without assets",
                "SELECT count(*) FROM projects p WHERE p.status IN ('accepted', 'registered',"
                " 'handed_over', 'maintenance') AND NOT EXISTS"
                " (SELECT 1 FROM project_assets a WHERE a.project_id = p.id)");
    expect_none("registered projects whose assets are not",
                "SELECT count(*) FROM projects p WHERE p.status IN ('registered', 'handed_over',"
                " 'maintenance') AND zc_project_assets_registered(p.id) IS NOT NULL");
    expect_none("handed-over projects with assets not handed over",
                "SELECT count(*) FROM projects p WHERE p.status IN ('handed_over', 'maintenance')"
                " AND zc_project_assets_handed_over(p.id) IS NOT NULL");
    expect_none("projects whose assets are worth more than the budget",
                "SELECT count(*) FROM projects p WHERE p.budget_fen < (SELECT sum(a.value_fen)"
                " FROM project_assets a WHERE a.project_id = p.id)");
    expect_none("kinds of asset missing",
                "SELECT count(*) FROM project_asset_categories c WHERE NOT EXISTS"
                " (SELECT 1 FROM project_assets a WHERE a.category = c.code)");
    expect_none("dates after today",
                "SELECT (SELECT count(*) FROM project_assets WHERE registered_on > zc_today()"
                " OR handed_over_on > zc_today()) + (SELECT count(*) FROM project_asset_upkeep"
                " WHERE on_date > zc_today()) + (SELECT count(*) FROM project_asset_incomes"
                " WHERE received_on > zc_today()) + (SELECT count(*) FROM welfare_posts"
                " WHERE from_on > zc_today() OR to_on > zc_today())");
    long due = count("SELECT count(*) FROM zc_asset_due('{14%}', zc_today())");
    printf("# %ld assets due for upkeep\n", due);
    assert_true(due > 0 && due < assets / 2);
    expect_none("conditions not the latest record's",
                "SELECT count(*) FROM project_assets a JOIN LATERAL (SELECT u.condition"
                " FROM project_asset_upkeep u WHERE u.asset_id = a.id"
                " ORDER BY u.on_date DESC, u.id DESC LIMIT 1) l ON true"
                " WHERE l.condition <> a.condition");
    assert_true(count("SELECT count(*) FROM project_asset_incomes") > 0);
    expect_none("incomes whose shares do not add up to them",
                "SELECT count(*) FROM project_asset_incomes i WHERE i.amount_fen <>"
                " (SELECT coalesce(sum(s.amount_fen), 0) FROM project_asset_shares s"
                " WHERE s.income_id = i.id)");
    assert_true(count("SELECT count(DISTINCT kind) FROM project_asset_shares") == 3);
    long villages = count("SELECT count(*) FROM org_units WHERE level = 5");
    long with_posts = count("SELECT count(DISTINCT village_code) FROM welfare_posts");
    assert_true(with_posts * 10 >= villages * 6 && with_posts < villages);
    expect_none("holders in two posts at once",
                "SELECT count(*) FROM welfare_posts a JOIN welfare_posts b"
                " ON a.member_id = b.member_id AND a.id < b.id"
                " AND daterange(a.from_on, a.to_on, '[]') && daterange(b.from_on, b.to_on, '[]')");
    expect_none("holders outside the post's village",
                "SELECT count(*) FROM welfare_posts w JOIN households h ON h.id = w.household_id"
                " WHERE h.village_code <> w.village_code");
    /* The rules of 0110's guards, which the load goes without (demo_assets.c), over every
     * row at once. */
    expect_none("assets outside their project's villages, or owned by a household there not",
                "SELECT count(*) FROM project_assets a WHERE NOT EXISTS (SELECT 1"
                " FROM project_villages v WHERE v.project_id = a.project_id"
                " AND v.village_code = a.village_code) OR (a.owner_household IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM households h JOIN project_villages v"
                " ON v.project_id = a.project_id AND v.village_code = h.village_code"
                " WHERE h.id = a.owner_household))");
    expect_none("posts' holders not of their household, or paid by an asset not operational"
                " of their village",
                "SELECT count(*) FROM welfare_posts w JOIN household_members m"
                " ON m.id = w.member_id LEFT JOIN project_assets a ON a.id = w.funded_asset"
                " WHERE m.household_id <> w.household_id OR (w.funded_asset IS NOT NULL AND"
                " (a.village_code <> w.village_code OR a.category <> 'operational'))");
    expect_none("incomes of assets not operational, placed elsewhere, or by year and month",
                "SELECT count(*) FROM project_asset_incomes i JOIN project_assets a"
                " ON a.id = i.asset_id WHERE a.category <> 'operational'"
                " OR i.village_code <> a.village_code OR EXISTS (SELECT 1"
                " FROM project_asset_incomes j WHERE j.asset_id = i.asset_id AND j.id <> i.id"
                " AND length(j.period) <> length(i.period)"
                " AND left(j.period, 4) = left(i.period, 4))");
    expect_none("shares placed elsewhere than their income, to households of another village or"
                " to posts not held in the period",
                "SELECT count(*) FROM project_asset_shares s JOIN project_asset_incomes i"
                " ON i.id = s.income_id LEFT JOIN households h ON h.id = s.household_id"
                " LEFT JOIN welfare_posts w ON w.id = s.post_id"
                " WHERE s.village_code <> i.village_code"
                " OR (s.household_id IS NOT NULL AND h.village_code <> i.village_code)"
                " OR (s.post_id IS NOT NULL AND (w.village_code <> i.village_code OR NOT"
                " daterange(w.from_on, w.to_on, '[]') && daterange(to_date(left(i.period, 4)"
                " || '-01-01', 'YYYY-MM-DD'), (to_date(left(i.period, 4) || '-01-01',"
                " 'YYYY-MM-DD') + interval '1 year')::date, '[)')))");
}

/* Inspections (demo_inspect.c, 0140): by the county office and the offices above it over the
 * last year, every visited team in the office's area; every finding an item of its village's
 * ledger and, where a deduction was given, its cadre_points rows; the county behind in some
 * months, and the G1 engine's months not met equal to the months without an inspection;
 * circulars of some inspections (their tables the findings) and of every published round. */
static void test_inspections(void **state)
{
    (void)state;
    long long county = count("SELECT count(*) FROM inspections WHERE org_code = '" DEMO_COUNTY "'");
    long long above = count("SELECT count(*) FROM inspections WHERE org_code <> '" DEMO_COUNTY "'");
    long long findings = count("SELECT count(*) FROM inspection_findings");
    printf("# %lld county inspections, %lld by the offices above, %lld findings\n", county, above,
           findings);
    assert_true(county >= 6 && county <= 12);
    assert_true(above > 0);
    assert_true(findings >= 20);
    assert_true(count("SELECT count(*) FROM inspections WHERE org_code = '140000000000'") > 0);
    expect_none("inspections in the future, or visiting a team outside the office's area",
                "SELECT count(*) FROM inspections i WHERE i.ended_on > zc_today()"
                " OR EXISTS (SELECT 1 FROM unnest(i.team_ids) x JOIN teams t ON t.id = x"
                "  WHERE t.org_code NOT LIKE zc_inspection_prefix(i.org_code) || '%')");
    expect_none("findings without their ledger item from the finding",
                "SELECT count(*) FROM inspection_findings f LEFT JOIN ledger_items i"
                " ON i.id = f.ledger_item_id AND i.source_kind = 'inspection'"
                " AND i.source_id = f.id AND i.village_code = f.village_code WHERE i.id IS NULL");
    expect_none("deductions given without their points, or points of no deduction",
                "SELECT count(*) FROM inspection_findings f WHERE (f.deduction > 0) <> EXISTS"
                " (SELECT 1 FROM cadre_points p WHERE p.source_kind = 'inspection'"
                "  AND p.source_id = f.id AND p.points = -f.deduction)");
    assert_true(count("SELECT count(*) FROM cadre_points WHERE source_kind = 'inspection'") > 0);
    assert_true(count("SELECT count(*) FROM inspection_findings WHERE person_id IS NOT NULL") > 0);
    /* the county missed months (the month before last at least) */
    assert_true(count("SELECT count(*) FROM generate_series(date_trunc('month', zc_today() - 365),"
                      " zc_today(), interval '1 month') m (m) WHERE NOT EXISTS (SELECT 1"
                      " FROM inspections i WHERE i.org_code = '" DEMO_COUNTY "'"
                      " AND date_trunc('month', i.started_on) = m)") > 0);
    /* G1-county: the months tracked (from zc_duty_start) and ended without an inspection, by
     * the engine and directly */
    assert_int_equal(
        count("SELECT count(*) FROM zc_duty_subject_rows((SELECT id FROM duty_rules"
              " WHERE code = 'G1-county' AND effective_to IS NULL), '140929',"
              " date_trunc('month', zc_today() - 365)::date, zc_today())"
              " WHERE NOT met AND period_last < zc_today() AND subject_key = '" DEMO_COUNTY "'"),
        count("SELECT count(*) FROM generate_series(date_trunc('month', zc_today() - 365)::date,"
              " zc_today(), interval '1 month') m (m) WHERE (m + interval '1 month - 1 day')::date"
              " < zc_today() AND (m + interval '1 month - 1 day')::date >= zc_duty_start()"
              " AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.org_code = '" DEMO_COUNTY "'"
              " AND date_trunc('month', i.started_on) = m)"));
    assert_true(count("SELECT count(*) FROM circulars WHERE kind = 'inspection'") > 0);
    assert_int_equal(count("SELECT count(*) FROM circulars WHERE kind = 'assessment'"),
                     count("SELECT count(*) FROM assessment_rounds WHERE status = 'published'"));
    /* issued by zc_assess_circular as a publication issues them: on the round's day, numbered
     * 1, 2, … in the county office's series of the year */
    expect_none("an assessment circular not of its round's day or out of its series",
                "SELECT count(*) FROM (SELECT c.issued_on, r.published_on, c.doc_number,"
                " row_number() OVER (PARTITION BY c.org_code, extract(year FROM c.issued_on)"
                "  ORDER BY c.issued_on, c.id) AS n"
                " FROM circulars c JOIN assessment_rounds r ON r.id = c.source_id"
                " WHERE c.kind = 'assessment') x WHERE x.issued_on <> x.published_on"
                " OR x.doc_number <> format('%s驻办考〔%s〕%s号', left((SELECT name FROM"
                " org_units WHERE code = '" DEMO_COUNTY "'), 1), extract(year FROM x.issued_on),"
                " x.n)");
    expect_none("an inspection's circular whose table is not its findings",
                "SELECT count(*) FROM circulars c WHERE c.kind = 'inspection'"
                " AND jsonb_array_length(c.table_json -> 'rows') <> (SELECT count(*)"
                " FROM inspection_findings f WHERE f.inspection_id = c.source_id)");
}

/* Stars and points (demo_stars.c): two halves of stars from the published grades, the first
 * from the grade, the later from the previous stars and some indicators, all within 0–5; the
 * first points of every published cadre grade matching the rule rows, some add and deduct
 * items; the earlier half and quarters filed in every county. */
static void test_stars_points(void **state)
{
    (void)state;
    assert_int_equal(count("SELECT count(DISTINCT half) FROM team_stars"), 2);
    expect_none("stars outside 0-5", "SELECT count(*) FROM team_stars WHERE stars NOT BETWEEN 0"
                                     " AND 5 OR stars <> least(5, greatest(0, base + adjust))");
    expect_none("a first rating that is not its grade's stars",
                "SELECT count(*) FROM team_stars t JOIN star_grade_rules g ON g.grade = t.grade"
                " WHERE t.first AND t.base <> g.stars");
    expect_none("a later rating that does not start from the previous stars",
                "SELECT count(*) FROM team_stars t JOIN team_stars p ON p.team_id = t.team_id"
                " AND p.half = (t.half - interval '6 months')::date WHERE t.base <> p.stars");
    expect_none("an adjustment not summed into its stars",
                "SELECT count(*) FROM team_stars t WHERE t.adjust <> coalesce((SELECT sum(delta)"
                " FROM star_adjustments a WHERE a.team_id = t.team_id AND a.half = t.half), 0)");
    assert_true(count("SELECT count(*) FROM star_adjustments") > 0);
    expect_none("a published team grade without its half's stars",
                "SELECT count(*) FROM assessment_published p WHERE p.subject = 'team'"
                " AND extract(month FROM p.quarter) IN (4, 10) AND NOT EXISTS (SELECT 1"
                " FROM team_stars t WHERE t.team_id = p.team_id"
                " AND t.half = (p.quarter - interval '3 months')::date)");
    expect_none("first points that do not match the grade",
                "SELECT count(*) FROM assessment_published p WHERE p.subject = 'cadre'"
                " AND (SELECT count(*) FROM cadre_points c JOIN cadre_point_rules k"
                "  ON k.grade = p.grade WHERE c.person_id = p.person_id"
                "  AND c.quarter = p.quarter AND c.kind = 'first' AND c.points = k.points) <> 1");
    assert_true(count("SELECT count(*) FROM cadre_points WHERE kind = 'add'") > 0);
    assert_true(count("SELECT count(*) FROM cadre_points WHERE kind = 'deduct'") > 0);
    expect_none("an earlier half or quarter not filed",
                "SELECT count(*) FROM (SELECT DISTINCT county_code, half AS p, 'stars' AS k"
                " FROM team_stars WHERE half < (SELECT max(half) FROM team_stars)"
                " UNION SELECT DISTINCT county_code, quarter, 'points' FROM cadre_points"
                " WHERE quarter < (SELECT max(quarter) FROM cadre_points WHERE kind = 'first')) x"
                " WHERE NOT EXISTS (SELECT 1 FROM filings f WHERE f.kind = x.k"
                " AND f.county_code = x.county_code AND f.period = x.p"
                " AND f.status = 'approved')");
    expect_none("a pending filing not in the province office's queue",
                "SELECT count(*) FROM filings f WHERE f.status = 'pending' AND NOT EXISTS"
                " (SELECT 1 FROM approvals a JOIN approval_steps s ON s.approval_id = a.id"
                "  WHERE a.id = f.approval_id AND a.status = 'pending' AND s.status = 'pending'"
                "  AND s.role = 'province_office' AND a.subject_id = f.id"
                "  AND a.subject_kind = f.kind || '_filing')");
    expect_none("a filing neither approved nor pending",
                "SELECT count(*) FROM filings WHERE status NOT IN ('approved', 'pending')");
    /* the latest quarter's points are filed by none before the load, pending in at least one
     * county */
    assert_true(
        count("SELECT count(*) FROM filings WHERE kind = 'points' AND status = 'pending'"
              " AND period = (SELECT max(quarter) FROM cadre_points WHERE kind = 'first')") >= 1);
    printf("demo: filings of the latest half and quarter: %ld approved, %ld pending\n",
           count("SELECT count(*) FROM filings WHERE status = 'approved' AND period IN"
                 " ((SELECT max(half) FROM team_stars),"
                 " (SELECT max(quarter) FROM cadre_points WHERE kind = 'first'))"),
           count("SELECT count(*) FROM filings WHERE status = 'pending'"));
}

/* Training and study (demo_training.c, 0145): a year of weekly study for every team, most weeks
 * met and some missed, attendees serving in the team that day; sessions at every level, one
 * county session too short, some cadres untrained; hearings and leader visits of units, some
 * units behind; nothing after today. */
static void test_training(void **state)
{
    (void)state;
    long studies = count("SELECT count(*) FROM study_sessions");
    long missed = count("SELECT count(*) FROM zc_study_missed('{14%}',"
                        " (zc_today() - 364), zc_today(), zc_today())");
    long untrained = count("SELECT count(*) FROM zc_training_untrained('{14%}',"
                           " extract(year FROM zc_today() - 183)::integer, zc_today())");
    long cadres = count("SELECT count(*) FROM memberships WHERE end_date IS NULL");
    long short_sessions = count("SELECT count(*) FROM zc_training_sessions('{14%}',"
                                " extract(year FROM zc_today() - 183)::integer, true)");
    long visits = count("SELECT count(*) FROM unit_supervisions");
    long behind = count("SELECT count(*) FROM zc_units_behind('{14%}', '{}', '', zc_today())");
    printf("# %ld studies, %ld missed team-weeks, %ld untrained of %ld cadres, %ld short"
           " sessions, %ld hearings and visits, %ld units behind\n",
           studies, missed, untrained, cadres, short_sessions, visits, behind);
    assert_true(studies > 0 && missed > 0 && studies > 5 * missed);
    assert_true(untrained > 0 && untrained < cadres / 2);
    assert_true(short_sessions > 0 && visits > 0 && behind > 0);
    assert_true(behind < count("SELECT count(DISTINCT unit_id) FROM unit_supervisions"));
    expect_none("teams without a year of study",
                "SELECT count(*) FROM teams t WHERE EXISTS (SELECT 1 FROM memberships m"
                " WHERE m.team_id = t.id AND m.start_date < zc_today() - 300) AND (SELECT"
                " count(*) FROM study_sessions s WHERE s.team_id = t.id) < 30");
    expect_none("an attendee not serving in the team that day",
                "SELECT count(*) FROM study_attendees a JOIN study_sessions s"
                " ON s.id = a.session_id WHERE NOT EXISTS (SELECT 1 FROM memberships m"
                " WHERE m.person_id = a.person_id AND m.team_id = s.team_id"
                " AND m.start_date <= s.held_on AND coalesce(m.end_date, s.held_on) >= s.held_on)");
    expect_none("a level without sessions",
                "SELECT count(*) FROM (VALUES ('province'), ('city'), ('county'), ('township'))"
                " l (level) WHERE NOT EXISTS (SELECT 1 FROM training_sessions s"
                " WHERE s.level = l.level)");
    expect_none("attendance outside its session's days",
                "SELECT count(*) FROM training_attendance a JOIN training_sessions s"
                " ON s.id = a.session_id WHERE a.from_day < s.starts_on OR a.to_day > s.ends_on");
    expect_none("a hearing or visit at a team without a cadre of the unit",
                "SELECT count(*) FROM unit_supervisions u WHERE NOT EXISTS (SELECT 1"
                " FROM memberships m WHERE m.team_id = u.team_id AND m.unit_id = u.unit_id"
                " AND m.start_date <= u.held_on AND coalesce(m.end_date, u.held_on) >= u.held_on)");
    expect_none("records after today",
                "SELECT (SELECT count(*) FROM study_sessions WHERE held_on > zc_today())"
                " + (SELECT count(*) FROM training_sessions WHERE ends_on >= zc_today())"
                " + (SELECT count(*) FROM unit_supervisions WHERE held_on > zc_today())");
}

/* Notices (demo_notices.c, 0160): offices at several levels and some units sent notices, each
 * received by every cadre serving in its scope; some read, some not; of those asked for a
 * reply some replied; the top office reminded the unread, and only them; nothing after now. */
static void test_notices(void **state)
{
    (void)state;
    long notices = count("SELECT count(*) FROM notices");
    long receipts = count("SELECT count(*) FROM notice_recipients");
    long read = count("SELECT count(*) FROM notice_recipients WHERE read_at IS NOT NULL");
    long asked = count("SELECT count(*) FROM notice_recipients r JOIN notices n"
                       " ON n.id = r.notice_id WHERE n.reply_required");
    long replied = count("SELECT count(*) FROM notice_recipients WHERE replied_at IS NOT NULL");
    long reminded = count("SELECT count(*) FROM notice_recipients WHERE reminders > 0");
    printf("# %ld notices, %ld receipts, %ld read, %ld of %ld asked replied, %ld reminded\n",
           notices, receipts, read, replied, asked, reminded);
    assert_true(notices > 1 && read > 0 && read < receipts);
    assert_true(replied > 0 && replied < asked && reminded > 0);
    expect_none("a level of office without a notice",
                "SELECT count(*) FROM (VALUES (3), (4)) l (level) WHERE NOT EXISTS (SELECT 1"
                " FROM notices n JOIN org_units o ON o.code = n.org_code WHERE n.unit_id IS NULL"
                " AND o.level = l.level)");
    expect_none("no unit's notice",
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM notices WHERE unit_id IS NOT NULL)"
                " THEN 0 ELSE 1 END");
    expect_none("a notice's count unlike its receipts",
                "SELECT count(*) FROM notices n WHERE n.recipients <> (SELECT count(*)"
                " FROM notice_recipients r WHERE r.notice_id = n.id)");
    expect_none("a place's notice missing a cadre serving in it",
                "SELECT count(*) FROM notices n JOIN org_units o ON o.code = n.scope_code"
                " JOIN teams t ON t.org_code LIKE zc_policy_scope_prefix(o.code, o.level) || '%'"
                " JOIN memberships m ON m.team_id = t.id AND m.end_date IS NULL"
                " AND m.start_date <= zc_today() WHERE n.scope_kind = 'place'"
                " AND NOT EXISTS (SELECT 1 FROM notice_recipients r WHERE r.notice_id = n.id"
                " AND r.person_id = m.person_id)");
    expect_none("a reminder reaching one who had read",
                "SELECT count(*) FROM notice_recipients r WHERE r.reminders > 0"
                " AND r.read_at IS NOT NULL AND r.read_at <= r.reminded_at");
    expect_none("a reply without a reading, or to a notice that asks none",
                "SELECT count(*) FROM notice_recipients r JOIN notices n ON n.id = r.notice_id"
                " WHERE r.replied_at IS NOT NULL AND (r.read_at IS NULL OR NOT n.reply_required"
                " OR r.replied_at < r.read_at)");
    expect_none("times after now",
                "SELECT count(*) FROM notice_recipients r JOIN notices n ON n.id = r.notice_id"
                " WHERE n.sent_at > zc_now() OR r.read_at > zc_now() OR r.replied_at > zc_now()"
                " OR r.read_at < n.sent_at");
}

/* Tasks sent down (demo_tasks.c, 0165): tasks of every level of office, each with one instance
 * per team of its scope serving the day it was sent; instances at every stage (done, in
 * progress, not begun, overdue); the boards add up to the instances; reports never after
 * today, a done instance with its completion report. */
static void test_tasks(void **state)
{
    (void)state;
    long tasks = count("SELECT count(*) FROM tasks");
    long inst = count("SELECT count(*) FROM task_instances");
    long done = count("SELECT count(*) FROM task_instances WHERE status = 'done'");
    long prog = count("SELECT count(*) FROM task_instances WHERE status = 'in_progress'"
                      " AND due_on >= zc_today()");
    long open = count("SELECT count(*) FROM task_instances WHERE status = 'open'"
                      " AND due_on >= zc_today()");
    long late = count("SELECT count(*) FROM task_instances WHERE status <> 'done'"
                      " AND due_on < zc_today()");
    printf("# %ld tasks, %ld instances: %ld done, %ld in progress, %ld not begun, %ld overdue\n",
           tasks, inst, done, prog, open, late);
    assert_true(done > 0 && prog > 0 && open > 0 && late > 0);
    assert_int_equal(done + prog + open + late, inst);
    expect_none("a level of office without a task",
                "SELECT count(*) FROM generate_series(1, 4) l WHERE NOT EXISTS (SELECT 1"
                " FROM tasks t JOIN org_units o ON o.code = t.office_code WHERE o.level = l)");
    expect_none("a board that does not add up to its task's instances",
                "SELECT count(*) FROM tasks t WHERE (SELECT sum(b.total) FROM"
                " zc_task_board(t.id, t.scope_code, zc_today()) b) IS DISTINCT FROM"
                " (SELECT count(*) FROM task_instances i WHERE i.task_id = t.id)"
                " AND EXISTS (SELECT 1 FROM task_instances i WHERE i.task_id = t.id)");
    expect_none("a serving team without its county's tasks",
                "SELECT count(*) FROM teams tm WHERE EXISTS (SELECT 1 FROM memberships m"
                " WHERE m.team_id = tm.id AND m.start_date <= zc_today() - 40 AND m.end_date"
                " IS NULL) AND (SELECT count(*) FROM task_instances i JOIN org_units o"
                " ON o.code = i.office_code WHERE i.team_id = tm.id AND o.level = 3) < 4");
    assert_true(count("SELECT count(*) FROM task_instances WHERE ledger_item_id IS NOT NULL") > 0);
    expect_none("a task's ledger item not in the state of its instance",
                "SELECT count(*) FROM task_instances i JOIN ledger_items l"
                " ON l.id = i.ledger_item_id WHERE l.status <> i.status OR l.source_kind <> 'task'"
                " OR l.source_id <> i.id OR l.deadline <> i.due_on");
    expect_none("a done instance without its completion report, or a report after today",
                "SELECT (SELECT count(*) FROM task_instances i WHERE i.status = 'done'"
                " AND NOT EXISTS (SELECT 1 FROM task_reports r WHERE r.instance_id = i.id"
                " AND r.status = 'done')) + (SELECT count(*) FROM task_reports"
                " WHERE reported_at > zc_now())");
}

/* The work diary (demo_diary.c, 0170): a month of entries for the serving cadres, some days
 * missing (weekends and about one working day in six), linked to their own visits and
 * check-ins of the day; none for today or before the cadre served. */
static void test_diary(void **state)
{
    (void)state;
    long entries = count("SELECT count(*) FROM diary_entries");
    long links = count("SELECT count(*) FROM diary_links");
    long cadres = count("SELECT count(DISTINCT person_id) FROM diary_entries");
    long missing = count("SELECT count(*) FROM (SELECT DISTINCT person_id FROM diary_entries) p,"
                         " LATERAL zc_diary_missing('{14%}', p.person_id, zc_today() - 30,"
                         " zc_today()) m");
    printf("# %ld diary entries of %ld cadres, %ld links, %ld days served without one\n", entries,
           cadres, links, missing);
    assert_true(entries > 0 && links > 0 && missing > 0 && entries > missing / 2);
    expect_none("an entry for today or a day not served",
                "SELECT count(*) FROM diary_entries e WHERE e.day >= zc_today()"
                " OR NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = e.person_id"
                " AND m.team_id = e.team_id AND m.start_date <= e.day"
                " AND coalesce(m.end_date, e.day) >= e.day)");
    expect_none("a link to a record that is not the cadre's own of the day",
                "SELECT count(*) FROM diary_links l JOIN diary_entries e ON e.id = l.entry_id"
                " WHERE NOT EXISTS (SELECT 1 FROM zc_diary_day_records(e.person_id,"
                " coalesce(e.written_by, 0), e.day) r WHERE r.kind = l.kind"
                " AND r.record_id = l.record_id)");
}

/* Allowance statements (demo_allowance.c, 0175): two months of statements for the cadres
 * serving from a unit, their days those of the check-ins (zc_allowance_days: the same count a
 * statement is drafted with); the older month approved by the units, with one correction (two
 * versions, the second approved); the newer month some approved, some pending in a unit's queue,
 * some drafts; money in fen adding up. */
static void test_allowances(void **state)
{
    (void)state;
    long months = count("SELECT count(DISTINCT month) FROM allowance_statements");
    long approved = count("SELECT count(*) FROM allowance_statements WHERE status = 'approved'");
    long pending = count("SELECT count(*) FROM allowance_statements a JOIN approval_steps s"
                         " ON s.approval_id = a.approval_id AND s.status = 'pending'"
                         " AND s.role = 'unit_admin' WHERE a.status = 'pending'");
    long drafts = count("SELECT count(*) FROM allowance_statements WHERE status = 'draft'");
    long corrected = count("SELECT count(*) FROM allowance_statements WHERE version = 2"
                           " AND status = 'approved' AND length(reason) > 0");
    long paid = count("SELECT count(*) FROM allowance_statements WHERE days_present > 0");
    printf("# %ld months: %ld approved, %ld pending with a unit, %ld drafts, %ld corrected,"
           " %ld with days in the village\n",
           months, approved, pending, drafts, corrected, paid);
    assert_int_equal(months, 2);
    assert_true(approved > 0 && pending > 0 && drafts > 0);
    assert_int_equal(corrected, 1);
    assert_true(paid > approved / 2);
    expect_none("a statement whose days are not the check-ins' (the latest of each month)",
                "SELECT count(*) FROM allowance_statements a CROSS JOIN LATERAL"
                " zc_allowance_days(a.person_id, a.month) d WHERE NOT EXISTS (SELECT 1"
                " FROM allowance_statements b WHERE b.person_id = a.person_id"
                " AND b.month = a.month AND b.version > a.version)"
                " AND (d.present, d.served, d.leave, d.business) IS DISTINCT FROM"
                " (a.days_present, a.days_served, a.days_leave, a.days_business)");
    expect_none("a cadre serving from a unit in both months without a statement",
                "SELECT count(*) FROM memberships m JOIN teams t ON t.id = m.team_id"
                " CROSS JOIN generate_series(1, 2) k WHERE m.unit_id IS NOT NULL"
                " AND m.start_date <= (date_trunc('month', zc_today())"
                "  - make_interval(months => k))::date"
                " AND (m.end_date IS NULL OR m.end_date >= date_trunc('month', zc_today())::date)"
                " AND NOT EXISTS (SELECT 1 FROM allowance_statements a"
                "  WHERE a.person_id = m.person_id AND a.month = (date_trunc('month', zc_today())"
                "  - make_interval(months => k))::date)");
    expect_none("an amount that does not add up",
                "SELECT count(*) FROM allowance_statements WHERE amount_fen <> days_present"
                " * living_rate_fen + CASE WHEN days_present > 0 THEN transport_fen ELSE 0 END"
                " OR transport_fen NOT IN (0, (SELECT r.transport_fen FROM allowance_rates r"
                " WHERE r.id = rate_id))");
    expect_none("a month that has not ended", "SELECT count(*) FROM allowance_statements"
                                              " WHERE month >= date_trunc('month', zc_today())");
}

/* issue 24 (s24-offline): a few check-ins were made offline and sent later: stored at the
 * device's time with the receipt and the delay, flagged late exactly past the province's 24
 * hours, none received after now. */
static void test_offline_checkins(void **state)
{
    (void)state;
    long delayed = count("SELECT count(*) FROM checkins WHERE delay_s > 0");
    long late = count("SELECT count(*) FROM checkins WHERE flags & 32 <> 0");
    printf("# %ld check-ins sent late, %ld of them too late to count\n", delayed, late);
    assert_true(delayed > 0);
    assert_true(late > 0 && late < delayed);
    expect_none("a delayed check-in whose receipt is not its time and delay, or after now",
                "SELECT count(*) FROM checkins WHERE delay_s > 0 AND (received_at IS NULL"
                " OR received_at <> at + delay_s * interval '1 second' OR received_at > zc_now()"
                " OR client_time <> at)");
    expect_none("a late flag not as the 24 hours of the rule row say",
                "SELECT count(*) FROM checkins c WHERE (c.flags & 32 <> 0) <> (c.delay_s >"
                " zc_checkin_late_hours(c.village_code, (c.at AT TIME ZONE 'Asia/Shanghai')::date)"
                " * 3600)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_county_and_its_tree),
        cmocka_unit_test(test_teams_sit_in_villages_and_townships),
        cmocka_unit_test(test_every_grant_matches_its_role),
        cmocka_unit_test(test_members_have_accounts_and_leaders_are_party_members),
        cmocka_unit_test(test_member_id_numbers_are_valid),
        cmocka_unit_test(test_personal_data_is_sealed),
        cmocka_unit_test(test_households_and_their_members),
        cmocka_unit_test(test_household_categories_and_states),
        cmocka_unit_test(test_visits_of_october_and_november),
        cmocka_unit_test(test_income_sums_and_plans),
        cmocka_unit_test(test_ledger_items),
        cmocka_unit_test(test_nothing_after_now_and_duties_agree),
        cmocka_unit_test(test_demo_accounts_log_in),
        cmocka_unit_test(test_second_load_is_refused_and_changes_nothing),
        cmocka_unit_test(test_same_seed_same_rows),
        cmocka_unit_test(test_guarantees_and_labour),
        cmocka_unit_test(test_service_cases),
        cmocka_unit_test(test_competitions),
        cmocka_unit_test(test_attachments_of_every_kind),
        cmocka_unit_test(test_points_schemes),
        cmocka_unit_test(test_until_stops_after_a_step),
        cmocka_unit_test(test_monitoring_cases),
        cmocka_unit_test(test_policy_delivery),
        cmocka_unit_test(test_projects),
        cmocka_unit_test(test_construction),
        cmocka_unit_test(test_assets),
        cmocka_unit_test(test_lookback),
        cmocka_unit_test(test_consumption),
        cmocka_unit_test(test_assessment),
        cmocka_unit_test(test_inspections),
        cmocka_unit_test(test_stars_points),
        cmocka_unit_test(test_assess),
        cmocka_unit_test(test_training),
        cmocka_unit_test(test_notices),
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_diary),
        cmocka_unit_test(test_allowances),
        cmocka_unit_test(test_offline_checkins),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
