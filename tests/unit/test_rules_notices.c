/* test_rules_notices.c -- the checks of the notice calls (common/rules/notices.c): every field
 * refused with its name, every limit at and past its edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules_check.h"

#include "common/rules/date.h"
#include "common/rules/notices.h"

static int today;
static int64_t people[NOTICE_PEOPLE_MAX + 1];
static ProtobufCBinaryData files[NOTICE_FILES_MAX + 1];
static uint8_t sha[NOTICE_SHA256_LEN];
static char body[3 * (NOTICE_BODY_MAX + 1) + 1];

static Zhucun__NoticeSend notice(void)
{
    Zhucun__NoticeSend s = ZHUCUN__NOTICE_SEND__INIT;
    s.org_code = "140105000000";
    s.title = "通知";
    s.body = "正文";
    s.scope_kind = "place";
    s.scope_code = "140105001000";
    return s;
}

/* n characters of 字 in body. */
static char *chars(int n)
{
    body[0] = '\0';
    for (int i = 0; i < n; i++)
        memcpy(body + 3 * i, "字", 4);
    return body;
}

static void test_send(void **state)
{
    (void)state;
    Zhucun__NoticeSend s = notice();
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.org_code = "1401";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "org_code");
    s = notice();
    s.unit_id = -1;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "unit_id");
    s.unit_id = 7; /* a unit's notice names no place of its own */
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "org_code");
    s.org_code = "";
    OK(rules_notice_send_problem(&s, today, FIELD));
    s = notice();
    s.title = rules_chars(NOTICE_TITLE_MAX);
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.title = rules_chars(NOTICE_TITLE_MAX + 1);
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "title");
    s.title = "";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "title");
    s = notice();
    s.body = chars(NOTICE_BODY_MAX);
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.body = chars(NOTICE_BODY_MAX + 1);
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "body");
    s.body = "";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "body");
}

static void test_deadline(void **state)
{
    (void)state;
    char d[11];
    Zhucun__NoticeSend s = notice();
    s.reply_required = 1;
    OK(rules_notice_send_problem(&s, today, FIELD)); /* no deadline */
    rules_date_format(today, d);
    s.reply_by = d;
    OK(rules_notice_send_problem(&s, today, FIELD));
    rules_date_format(today + NOTICE_REPLY_DAYS_MAX, d);
    OK(rules_notice_send_problem(&s, today, FIELD));
    rules_date_format(today + NOTICE_REPLY_DAYS_MAX + 1, d);
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "reply_by");
    rules_date_format(today - 1, d);
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "reply_by");
    s.reply_by = "2026-02-30";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "reply_by");
    rules_date_format(today, d);
    s.reply_by = d;
    s.reply_required = 0;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "reply_by");
}

static void test_scope(void **state)
{
    (void)state;
    Zhucun__NoticeSend s = notice();
    s.scope_kind = "county";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_kind");
    s = notice();
    s.scope_code = "";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_code");
    s = notice();
    s.scope_unit = 3;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_unit");
    s = notice();
    s.scope_kind = "unit";
    s.scope_code = "";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_unit");
    s.scope_unit = 3;
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.people = people;
    s.n_people = 1;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "people");
    s = notice();
    s.scope_kind = "people";
    s.scope_code = "";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "people");
    s.people = people;
    s.n_people = NOTICE_PEOPLE_MAX;
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.n_people = NOTICE_PEOPLE_MAX + 1;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "people");
    int64_t twice[] = {5, 6, 5};
    s.people = twice;
    s.n_people = 3;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "people");
    int64_t zero[] = {0};
    s.people = zero;
    s.n_people = 1;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "people");
    /* the province's whole demo load (~25,000 cadres) fits one notice */
    assert_true(NOTICE_RECIPIENTS_MAX >= 25000);
}

static void test_files_and_reply(void **state)
{
    (void)state;
    Zhucun__NoticeSend s = notice();
    s.files = files;
    s.n_files = NOTICE_FILES_MAX;
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.n_files = NOTICE_FILES_MAX + 1;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "files");
    files[0].len = NOTICE_SHA256_LEN - 1;
    s.n_files = 1;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "files");
    files[0].len = NOTICE_SHA256_LEN;
    Zhucun__NoticeReply r = ZHUCUN__NOTICE_REPLY__INIT;
    r.notice_id = 1;
    r.text = chars(NOTICE_REPLY_MAX);
    OK(rules_notice_reply_problem(&r, FIELD));
    r.text = chars(NOTICE_REPLY_MAX + 1);
    REFUSED(rules_notice_reply_problem(&r, FIELD), "text");
    r.text = "";
    REFUSED(rules_notice_reply_problem(&r, FIELD), "text");
    r.text = "收到";
    r.files = files;
    r.n_files = NOTICE_FILES_MAX + 1;
    REFUSED(rules_notice_reply_problem(&r, FIELD), "files");
}

static void test_lists(void **state)
{
    (void)state;
    OK(rules_notice_what_problem("unread", FIELD));
    OK(rules_notice_what_problem("unreplied", FIELD));
    REFUSED(rules_notice_what_problem("all", FIELD), "what");
    OK(rules_notice_limit_problem(NOTICE_LIST_MAX, FIELD));
    REFUSED(rules_notice_limit_problem(NOTICE_LIST_MAX + 1, FIELD), "limit");
    Zhucun__NoticeSent s = ZHUCUN__NOTICE_SENT__INIT;
    OK(rules_notice_sent_problem(&s, FIELD));
    s.org_code = "14";
    REFUSED(rules_notice_sent_problem(&s, FIELD), "org_code");
    s.org_code = "140105000000";
    s.limit = NOTICE_LIST_MAX + 1;
    REFUSED(rules_notice_sent_problem(&s, FIELD), "limit");
}

/* 'offices': a province, city or county (its child units' offices), nothing else named. */
static void test_scope_offices(void **state)
{
    (void)state;
    Zhucun__NoticeSend s = notice();
    s.scope_kind = "offices";
    s.scope_code = "140105000000"; /* a county: its townships' offices */
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.scope_code = "140100000000";
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.scope_code = "140000000000";
    OK(rules_notice_send_problem(&s, today, FIELD));
    s.scope_code = "140105001000"; /* a township: its villages have no office */
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_code");
    s.scope_code = "140105001001";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_code");
    s.scope_code = "";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_code");
    s.scope_code = "1401";
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_code");
    s.scope_code = "140105000000";
    s.scope_unit = 3;
    REFUSED(rules_notice_send_problem(&s, today, FIELD), "scope_unit");
}

int main(void)
{
    int ok;
    today = rules_date_days("2026-11-28", &ok);
    for (int i = 0; i <= NOTICE_PEOPLE_MAX; i++)
        people[i] = i + 1;
    for (int i = 0; i <= NOTICE_FILES_MAX; i++) {
        files[i].data = sha;
        files[i].len = NOTICE_SHA256_LEN;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_send),  cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_scope), cmocka_unit_test(test_files_and_reply),
        cmocka_unit_test(test_lists), cmocka_unit_test(test_scope_offices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
