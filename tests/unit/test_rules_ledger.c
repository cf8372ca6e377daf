/* test_rules_ledger.c -- the ledgers' policy data and the checks of the ledger calls
 * (common/rules/ledger.c): the ten areas in the policy's order, every field refused with its
 * name, every limit at and past its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/ledger.h"

#define TODAY "2026-12-05"

static int today(void)
{
    int ok;
    int d = rules_date_days(TODAY, &ok);
    assert_true(ok);
    return d;
}

static void test_policy_data(void **state)
{
    (void)state;
    assert_int_equal(ledger_n_areas, LEDGER_AREAS);
    assert_string_equal(ledger_areas[0].label, "防返贫监测帮扶");
    assert_string_equal(ledger_areas[1].label, "三保障和饮水安全");
    assert_string_equal(ledger_areas[9].label, "党建促治理");
    assert_int_equal(ledger_n_lists, 3);
    assert_string_equal(rules_ledger_label(ledger_lists, ledger_n_lists, "measure"), "措施清单");
    assert_null(rules_ledger_label(ledger_lists, ledger_n_lists, "wish"));
    /* M9: five living-environment actions, four party-building items, each of its area */
    int living = 0, party = 0;
    for (size_t i = 0; i < ledger_n_topics; i++) {
        living += strcmp(ledger_topics[i].area, "living") == 0;
        party += strcmp(ledger_topics[i].area, "party") == 0;
    }
    assert_int_equal(living, 5);
    assert_int_equal(party, 4);
    assert_string_equal(LEDGER_VISIT_AREA_DEFAULT, ledger_areas[0].code);
    assert_null(rules_ledger_area_problem(""));
    assert_null(rules_ledger_area_problem("guarantees"));
    assert_non_null(rules_ledger_area_problem("roads"));
}

static Zhucun__LedgerItemCreate good(void)
{
    Zhucun__LedgerItemCreate in = ZHUCUN__LEDGER_ITEM_CREATE__INIT;
    in.village_code = "140105001001";
    in.area = "living";
    in.list = "task";
    in.topic = "toilets";
    in.text = "改造户厕";
    in.responsible_id = 7;
    in.deadline = TODAY;
    return in;
}

static void expect_create(const Zhucun__LedgerItemCreate *in, const char *field)
{
    const char *f = NULL;
    const char *p = rules_ledger_create_problem(in, today(), &f);
    if (field == NULL) {
        assert_null(p);
        return;
    }
    assert_non_null(p);
    assert_string_equal(f, field);
}

static void test_create(void **state)
{
    (void)state;
    Zhucun__LedgerItemCreate in = good();
    expect_create(&in, NULL);
    in = good(), in.village_code = "140105001000"; /* a township */
    expect_create(&in, "village_code");
    in = good(), in.area = "";
    expect_create(&in, "area");
    in = good(), in.area = "roads";
    expect_create(&in, "area");
    in = good(), in.list = "wish";
    expect_create(&in, "list");
    in = good(), in.topic = "member_plaque"; /* party's, not living's */
    expect_create(&in, "topic");
    in = good(), in.topic = "fireworks";
    expect_create(&in, "topic");
    in = good(), in.topic = "";
    expect_create(&in, NULL);
    char text[LEDGER_TEXT_MAX + 2];
    memset(text, 'x', sizeof(text));
    text[LEDGER_TEXT_MAX] = '\0';
    in = good(), in.text = text;
    expect_create(&in, NULL);
    text[LEDGER_TEXT_MAX] = 'x', text[LEDGER_TEXT_MAX + 1] = '\0';
    expect_create(&in, "text");
    in = good(), in.text = "";
    expect_create(&in, "text");
    in = good(), in.responsible_id = 0;
    expect_create(&in, "responsible_id");
    in = good(), in.deadline = "2026-12-04"; /* yesterday */
    expect_create(&in, "deadline");
    in = good(), in.deadline = "2031-12-05"; /* 1826 days ahead */
    expect_create(&in, NULL);
    in = good(), in.deadline = "2031-12-07";
    expect_create(&in, "deadline");
    in = good(), in.deadline = "12/05";
    expect_create(&in, "deadline");
    uint8_t sha[LEDGER_SHA256_LEN] = {0};
    ProtobufCBinaryData ev[LEDGER_EVIDENCE_MAX + 1];
    for (size_t i = 0; i <= LEDGER_EVIDENCE_MAX; i++)
        ev[i] = (ProtobufCBinaryData){LEDGER_SHA256_LEN, sha};
    in = good(), in.evidence = ev, in.n_evidence = LEDGER_EVIDENCE_MAX;
    expect_create(&in, NULL);
    in.n_evidence = LEDGER_EVIDENCE_MAX + 1;
    expect_create(&in, "evidence");
    ev[0].len = 31;
    in.n_evidence = 1;
    expect_create(&in, "evidence");
}

static const char *update(const char *status, const char *note, size_t nev, const char **f)
{
    uint8_t sha[LEDGER_SHA256_LEN] = {0};
    ProtobufCBinaryData ev = {LEDGER_SHA256_LEN, sha};
    Zhucun__LedgerItemUpdate in = ZHUCUN__LEDGER_ITEM_UPDATE__INIT;
    in.id = 1;
    in.status = (char *)status;
    in.note = (char *)note;
    in.evidence = &ev;
    in.n_evidence = nev;
    *f = NULL;
    return rules_ledger_update_problem(&in, f);
}

static void test_update(void **state)
{
    (void)state;
    const char *f;
    assert_null(update("in_progress", "", 0, &f));
    assert_null(update("", "又完成 10 户", 0, &f));
    assert_null(update("", "", 1, &f)); /* evidence alone */
    assert_non_null(update("", "", 0, &f));
    assert_string_equal(f, "note");
    assert_non_null(update("done", "", 0, &f));
    assert_string_equal(f, "note");
    assert_null(update("done", "验收完毕", 0, &f));
    assert_non_null(update("resolved", "x", 0, &f));
    assert_string_equal(f, "status");
    char note[LEDGER_NOTE_MAX + 2];
    memset(note, 'n', sizeof(note));
    note[LEDGER_NOTE_MAX] = '\0';
    assert_null(update("", note, 0, &f));
    note[LEDGER_NOTE_MAX] = 'n', note[LEDGER_NOTE_MAX + 1] = '\0';
    assert_non_null(update("", note, 0, &f));
    assert_string_equal(f, "note");
}

static void test_list_and_gaps(void **state)
{
    (void)state;
    const char *f = NULL;
    Zhucun__LedgerList l = ZHUCUN__LEDGER_LIST__INIT;
    assert_null(rules_ledger_list_problem(&l, &f));
    l.status = "overdue";
    l.limit = LEDGER_LIST_MAX;
    assert_null(rules_ledger_list_problem(&l, &f));
    l.limit = LEDGER_LIST_MAX + 1;
    assert_non_null(rules_ledger_list_problem(&l, &f));
    assert_string_equal(f, "limit");
    l.limit = 0, l.status = "late";
    assert_non_null(rules_ledger_list_problem(&l, &f));
    assert_string_equal(f, "status");
    l.status = "", l.source_kind = "rumour";
    assert_non_null(rules_ledger_list_problem(&l, &f));
    assert_string_equal(f, "source_kind");
    l.source_kind = "", l.org_code = "1401";
    assert_non_null(rules_ledger_list_problem(&l, &f));
    assert_string_equal(f, "org_code");

    Zhucun__LedgerFromGaps g = ZHUCUN__LEDGER_FROM_GAPS__INIT;
    g.household_id = 5;
    g.responsible_id = 7;
    g.deadline = TODAY;
    assert_null(rules_ledger_from_gaps_problem(&g, today(), &f));
    g.village_code = "140105001001"; /* both */
    assert_non_null(rules_ledger_from_gaps_problem(&g, today(), &f));
    assert_string_equal(f, "household_id");
    g.household_id = 0;
    assert_null(rules_ledger_from_gaps_problem(&g, today(), &f));
    g.responsible_id = 0;
    assert_non_null(rules_ledger_from_gaps_problem(&g, today(), &f));
    assert_string_equal(f, "responsible_id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_data),
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_update),
        cmocka_unit_test(test_list_and_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
