/* test_rules_team.c -- team kinds and sites, members' posts, dates and recalls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/account.h"
#include "common/rules/team.h"

static void test_site(void **state)
{
    (void)state;
    const char *field = NULL;
    assert_int_equal(rules_team_kind_level("village"), ORG_VILLAGE);
    assert_int_equal(rules_team_kind_level("township"), ORG_TOWNSHIP);
    assert_int_equal(rules_team_kind_level("county"), -1);
    assert_null(rules_team_site_problem("village", "140105001001", &field));
    assert_null(rules_team_site_problem("township", "140105001000", &field));
    assert_string_equal(rules_team_site_problem("", "140105001001", &field), TEAM_KIND_PROBLEM);
    assert_string_equal(field, "kind");
    assert_string_equal(rules_team_site_problem("village", "140105001000", &field),
                        "驻村工作队须驻行政村（12 位村级代码）");
    assert_string_equal(field, "org_code");
    assert_string_equal(rules_team_site_problem("township", "140105001001", &field),
                        "驻乡镇工作队须驻乡镇（乡镇级代码）");
    assert_string_equal(field, "org_code");
}

static void test_post_and_date(void **state)
{
    (void)state;
    char buf[96];
    assert_true(rules_team_post_ok("first_secretary"));
    assert_true(rules_team_post_ok("captain"));
    assert_true(rules_team_post_ok("member"));
    assert_false(rules_team_post_ok("leader"));
    assert_null(rules_team_date_problem("2026-02-28", buf, sizeof(buf)));
    assert_string_equal(rules_team_date_problem("2026-02-29", buf, sizeof(buf)),
                        "日期应为 YYYY-MM-DD 格式的真实日期：2026-02-29");
}

static void test_recall(void **state)
{
    (void)state;
    const char *field = NULL;
    char note[TEAM_NOTE_MAX + 2];
    assert_string_equal(rules_team_recall_problem("fired", "x", &field),
                        "原因应为 recall（召回）、rotation（轮换）、term_end（期满）或 other");
    assert_string_equal(field, "reason");
    assert_string_equal(rules_team_recall_problem("", "", &field), "召回和轮换须写明理由");
    assert_string_equal(field, "note");
    assert_string_equal(rules_team_recall_problem("rotation", "", &field), "召回和轮换须写明理由");
    assert_null(rules_team_recall_problem("term_end", "", &field));
    assert_null(rules_team_recall_problem("recall", "履职不力\n经研究召回", &field));
    assert_string_equal(rules_team_recall_problem("other", "a\tb", &field), "理由不能包含控制字符");
    assert_string_equal(field, "note");
    memset(note, 'a', sizeof(note) - 1);
    note[sizeof(note) - 1] = '\0';
    assert_string_equal(rules_team_recall_problem("other", note, &field),
                        "理由过长（最多 500 字节）");
    note[TEAM_NOTE_MAX] = '\0';
    assert_null(rules_team_recall_problem("other", note, &field));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_site),
        cmocka_unit_test(test_post_and_date),
        cmocka_unit_test(test_recall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
