/* test_rules_diary.c -- the checks of the diary calls (common/rules/diary.c): every field refused
 * with its name, every limit at and past its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/date.h"
#include "common/rules/diary.h"

static int today;
static char day_s[11];
static int64_t ids[DIARY_LINKS_MAX + 1];
static char text[3 * (DIARY_DONE_MAX + 1) + 1];

/* n characters of 记 (three bytes each): rules_chars stops at RULES_CHARS_MAX. */
static char *chars(size_t n)
{
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(text, "记");
    return text;
}

static Zhucun__DiaryWrite entry(void)
{
    Zhucun__DiaryWrite w = ZHUCUN__DIARY_WRITE__INIT;
    w.day = day_s;
    w.done = "入户走访";
    return w;
}

static void test_write(void **state)
{
    (void)state;
    Zhucun__DiaryWrite w = entry();
    rules_date_format(today, day_s);
    OK(rules_diary_write_problem(&w, today, FIELD));
    rules_date_format(today - DIARY_BACKFILL_DAYS, day_s);
    OK(rules_diary_write_problem(&w, today, FIELD));
    rules_date_format(today - DIARY_BACKFILL_DAYS - 1, day_s);
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "day");
    rules_date_format(today + 1, day_s);
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "day");
    w.day = "";
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "day");
    rules_date_format(today, day_s);
    w = entry();
    w.done = "";
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "done");
    w.done = chars(DIARY_DONE_MAX);
    OK(rules_diary_write_problem(&w, today, FIELD));
    w.done = chars(DIARY_DONE_MAX + 1);
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "done");
    w = entry();
    w.people_met = chars(DIARY_MET_MAX);
    OK(rules_diary_write_problem(&w, today, FIELD));
    w.people_met = chars(DIARY_MET_MAX + 1);
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "people_met");
    w = entry();
    w.problems = chars(DIARY_PROBLEMS_MAX);
    OK(rules_diary_write_problem(&w, today, FIELD));
    w.problems = chars(DIARY_PROBLEMS_MAX + 1);
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "problems");
    w = entry();
    w.visit_ids = ids;
    w.n_visit_ids = DIARY_LINKS_MAX;
    OK(rules_diary_write_problem(&w, today, FIELD));
    w.n_visit_ids = DIARY_LINKS_MAX - 1;
    w.checkin_ids = ids;
    w.n_checkin_ids = 2; /* 31 links in all */
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "visit_ids");
    w = entry();
    w.item_ids = ids;
    w.n_item_ids = 2;
    ids[1] = ids[0];
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "item_ids");
    ids[1] = 2;
    ids[0] = 0;
    w.checkin_ids = ids;
    w.n_checkin_ids = 1;
    w.item_ids = NULL;
    w.n_item_ids = 0;
    REFUSED(rules_diary_write_problem(&w, today, FIELD), "checkin_ids");
    ids[0] = 1;
}

static void test_reads(void **state)
{
    (void)state;
    char a[11], b[11];
    Zhucun__DiaryDay dd = ZHUCUN__DIARY_DAY__INIT;
    rules_date_format(today, a);
    dd.day = a;
    OK(rules_diary_day_problem(&dd, today, FIELD));
    rules_date_format(today + 1, a);
    REFUSED(rules_diary_day_problem(&dd, today, FIELD), "day");
    Zhucun__DiaryList dl = ZHUCUN__DIARY_LIST__INIT;
    OK(rules_diary_list_problem(&dl, today, FIELD));
    dl.limit = DIARY_LIST_MAX;
    OK(rules_diary_list_problem(&dl, today, FIELD));
    dl.limit = DIARY_LIST_MAX + 1;
    REFUSED(rules_diary_list_problem(&dl, today, FIELD), "limit");
    dl.limit = 0;
    dl.org_code = "1401";
    REFUSED(rules_diary_list_problem(&dl, today, FIELD), "org_code");
    dl.org_code = "";
    dl.person_id = -1;
    REFUSED(rules_diary_list_problem(&dl, today, FIELD), "person_id");
    Zhucun__DiaryMissing dm = ZHUCUN__DIARY_MISSING__INIT;
    OK(rules_diary_missing_problem(&dm, today, FIELD));
    rules_date_format(today - DIARY_SPAN_MAX_DAYS + 1, a);
    dm.from_day = a;
    OK(rules_diary_missing_problem(&dm, today, FIELD));
    rules_date_format(today - DIARY_SPAN_MAX_DAYS, a);
    REFUSED(rules_diary_missing_problem(&dm, today, FIELD), "from_day");
    rules_date_format(today - 5, a);
    rules_date_format(today - 6, b);
    dm.to_day = b;
    REFUSED(rules_diary_missing_problem(&dm, today, FIELD), "from_day");
    dm.to_day = "2026-1-01";
    REFUSED(rules_diary_missing_problem(&dm, today, FIELD), "to_day");
    dm.to_day = "";
    dm.person_id = -2;
    REFUSED(rules_diary_missing_problem(&dm, today, FIELD), "person_id");
}

int main(void)
{
    int ok;
    today = rules_date_days("2026-11-28", &ok);
    for (int i = 0; i <= DIARY_LINKS_MAX; i++)
        ids[i] = i + 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
