/* test_rules_lookback.c -- the checks of the look-back (common/rules/lookback.c): a campaign's
 * office a city or a county, its name 1-100 characters, its year 2013 to this year; a review's
 * day not after today, the missing documents from the list and each once, households found at
 * most LOOKBACK_HOUSEHOLDS_MAX, upkeep and verdict from their lists, a verdict that agrees
 * with the findings, at most LOOKBACK_FINDINGS_MAX findings of 1-500 characters in a ledger
 * area, a responsible person and a deadline exactly when there are findings; every field
 * refused with its name, each limit at its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/lookback.h"

static int day(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

#define TODAY day("2026-12-05")

static void refused_(const char *problem, const char *const *field, const char *want)
{
    if (problem == NULL)
        fail_msg("accepted; expected a refusal on %s", want);
    assert_non_null(*field);
    assert_string_equal(*field, want);
}

/* The check runs before its field is read (arguments are evaluated in any order). */
#define refused(call, f, want)                                                                     \
    do {                                                                                           \
        (f) = NULL;                                                                                \
        const char *problem_ = (call);                                                             \
        refused_(problem_, &(f), want);                                                            \
    } while (0)

static void test_campaign(void **state)
{
    (void)state;
    Zhucun__LookbackCampaignCreate c = ZHUCUN__LOOKBACK_CAMPAIGN_CREATE__INIT;
    const char *f = NULL;
    c.org_code = "140105000000";
    c.name = "2026年扶贫项目资产回头看";
    c.year = 2026;
    assert_null(rules_lookback_campaign_problem(&c, TODAY, &f));
    c.org_code = "140100000000";
    assert_null(rules_lookback_campaign_problem(&c, TODAY, &f));
    static const char *const offices[] = {"140000000000", "140105001000", "140105001001", "1401",
                                          ""};
    for (size_t i = 0; i < sizeof(offices) / sizeof(offices[0]); i++) {
        c.org_code = (char *)offices[i];
        refused(rules_lookback_campaign_problem(&c, TODAY, &f), f, "org_code");
    }
    c.org_code = "140105000000";
    char name[4 * LOOKBACK_NAME_MAX + 4];
    name[0] = '\0';
    for (int i = 0; i < LOOKBACK_NAME_MAX; i++)
        strcat(name, "回");
    c.name = name;
    assert_null(rules_lookback_campaign_problem(&c, TODAY, &f));
    strcat(name, "看");
    refused(rules_lookback_campaign_problem(&c, TODAY, &f), f, "name");
    c.name = "";
    refused(rules_lookback_campaign_problem(&c, TODAY, &f), f, "name");
    c.name = "回头看";
    c.year = LOOKBACK_FIRST_YEAR;
    assert_null(rules_lookback_campaign_problem(&c, TODAY, &f));
    c.year = LOOKBACK_FIRST_YEAR - 1;
    refused(rules_lookback_campaign_problem(&c, TODAY, &f), f, "year");
    c.year = 2027;
    refused(rules_lookback_campaign_problem(&c, TODAY, &f), f, "year");
}

struct review {
    Zhucun__LookbackReview b;
    Zhucun__LookbackFinding f[LOOKBACK_FINDINGS_MAX + 1];
    Zhucun__LookbackFinding *fp[LOOKBACK_FINDINGS_MAX + 1];
    char *missing[8];
    ProtobufCBinaryData ev[30];
    uint8_t sha[32];
};

static void good(struct review *r)
{
    memset(r, 0, sizeof(*r));
    zhucun__lookback_review__init(&r->b);
    r->b.campaign_id = 1;
    r->b.project_id = 2;
    r->b.reviewed_on = "2026-12-05";
    r->b.upkeep = "in_use";
    r->b.verdict = "good";
    r->b.households_found = 12;
    r->b.findings = r->fp;
    r->b.docs_missing = r->missing;
    r->b.evidence = r->ev;
    for (size_t i = 0; i <= LOOKBACK_FINDINGS_MAX; i++) {
        zhucun__lookback_finding__init(&r->f[i]);
        r->f[i].text = "资产闲置";
        r->fp[i] = &r->f[i];
    }
    for (size_t i = 0; i < 30; i++) {
        r->ev[i].len = 32;
        r->ev[i].data = r->sha;
    }
}

static void with_findings(struct review *r, size_t n)
{
    r->b.n_findings = n;
    r->b.verdict = "rectify";
    r->b.responsible_id = 7;
    r->b.deadline = "2027-01-31";
}

static void test_review(void **state)
{
    (void)state;
    struct review r;
    const char *f = NULL;
    good(&r);
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    /* the day */
    r.b.reviewed_on = "2026-12-06";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "reviewed_on");
    r.b.reviewed_on = "2026-02-30";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "reviewed_on");
    /* the documents: every one of the list at once, but each once and only from the list */
    good(&r);
    for (size_t i = 0; i < lookback_n_docs; i++)
        r.missing[i] = (char *)lookback_docs[i].code;
    r.b.n_docs_missing = lookback_n_docs;
    r.b.verdict = "good";
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    r.missing[1] = r.missing[0];
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "docs_missing");
    r.missing[1] = "receipt";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "docs_missing");
    r.missing[lookback_n_docs] = "handover";
    r.b.n_docs_missing = lookback_n_docs + 1;
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "docs_missing");
    /* households, upkeep, verdict, note */
    good(&r);
    r.b.households_found = LOOKBACK_HOUSEHOLDS_MAX;
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    r.b.households_found = LOOKBACK_HOUSEHOLDS_MAX + 1;
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "households_found");
    good(&r);
    for (size_t i = 0; i < lookback_n_upkeeps; i++) {
        r.b.upkeep = (char *)lookback_upkeeps[i].code;
        assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    }
    r.b.upkeep = "";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "upkeep");
    good(&r);
    r.b.verdict = "ok";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "verdict");
    good(&r);
    char note[LOOKBACK_NOTE_MAX + 2];
    memset(note, 'x', sizeof(note) - 1);
    note[LOOKBACK_NOTE_MAX] = '\0';
    r.b.note = note;
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    note[LOOKBACK_NOTE_MAX] = 'x';
    note[LOOKBACK_NOTE_MAX + 1] = '\0';
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "note");
    /* the verdict agrees with the findings */
    good(&r);
    r.b.verdict = "serious";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "findings");
    with_findings(&r, 1);
    r.b.verdict = "good";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "findings");
    r.b.verdict = "serious";
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    /* the findings' number, text and area */
    with_findings(&r, LOOKBACK_FINDINGS_MAX);
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    with_findings(&r, LOOKBACK_FINDINGS_MAX + 1);
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "findings");
    with_findings(&r, 2);
    r.f[1].text = "";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "findings");
    char text[3 * LOOKBACK_FINDING_MAX + 4];
    text[0] = '\0';
    for (int i = 0; i < LOOKBACK_FINDING_MAX; i++)
        strcat(text, "问");
    r.f[1].text = text;
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    strcat(text, "题");
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "findings");
    r.f[1].text = "资产闲置";
    r.f[1].area = "industry";
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    r.f[1].area = "roads";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "findings");
    /* the responsible and the deadline: with findings, and only then */
    with_findings(&r, 1);
    r.f[1].area = "";
    r.b.responsible_id = 0;
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "responsible_id");
    with_findings(&r, 1);
    r.b.deadline = "2026-12-04";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "deadline");
    r.b.deadline = "";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "deadline");
    r.b.deadline = "2026-12-05";
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    good(&r);
    r.b.responsible_id = 7;
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "responsible_id");
    good(&r);
    r.b.deadline = "2027-01-31";
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "deadline");
    /* evidence: at most the ledger's limit, each a SHA-256 */
    good(&r);
    r.b.n_evidence = 20;
    assert_null(rules_lookback_review_problem(&r.b, TODAY, &f));
    r.b.n_evidence = 21;
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "evidence");
    r.b.n_evidence = 1;
    r.ev[0].len = 31;
    refused(rules_lookback_review_problem(&r.b, TODAY, &f), f, "evidence");
}

static void test_lists(void **state)
{
    (void)state;
    const char *f = NULL;
    Zhucun__LookbackList l = ZHUCUN__LOOKBACK_LIST__INIT;
    assert_null(rules_lookback_list_problem(&l, &f));
    l.org_code = "1401";
    refused(rules_lookback_list_problem(&l, &f), f, "org_code");
    l.org_code = "140100000000";
    l.limit = LOOKBACK_LIST_MAX;
    assert_null(rules_lookback_list_problem(&l, &f));
    l.limit = LOOKBACK_LIST_MAX + 1;
    refused(rules_lookback_list_problem(&l, &f), f, "limit");
    Zhucun__LookbackProgress p = ZHUCUN__LOOKBACK_PROGRESS__INIT;
    p.limit = LOOKBACK_LIST_MAX;
    assert_null(rules_lookback_progress_problem(&p, &f));
    p.limit = LOOKBACK_LIST_MAX + 1;
    refused(rules_lookback_progress_problem(&p, &f), f, "limit");
    assert_int_equal(rules_lookback_limit(0), LOOKBACK_LIST_DEFAULT);
    assert_int_equal(rules_lookback_limit(5), 5);
    assert_int_equal(rules_lookback_limit(LOOKBACK_LIST_MAX + 9), LOOKBACK_LIST_MAX);
    assert_string_equal(rules_lookback_label(lookback_verdicts, lookback_n_verdicts, "serious"),
                        "问题严重");
    assert_null(rules_lookback_label(lookback_docs, lookback_n_docs, "receipt"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_campaign),
        cmocka_unit_test(test_review),
        cmocka_unit_test(test_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
