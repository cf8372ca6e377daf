/* test_rules_policy.c -- the checks of the quiz, the videos and the broadcasts
 * (common/rules/policy.c): a URL's shape, minutes 1-600 a record, a score 0-100, the sample's
 * limits, dates and months not after today, every field refused with its name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/rules/date.h"
#include "common/rules/policy.h"

static int day(const char *s)
{
    int ok;
    int d = rules_date_days(s, &ok);
    assert_true(ok);
    return d;
}

/* today for every check: Wednesday 2027-01-06 */
#define TODAY day("2027-01-06")

static void test_url(void **state)
{
    (void)state;
    static const char *const good[] = {
        "https://v.douyin.com/iRNBho6/",
        "http://v.kuaishou.com/abc",
        "https://channels.weixin.qq.com/web/pages/feed?eid=x#a",
        "https://a.cn",
        "https://video.example.org:8443/p?q=1",
    };
    static const char *const bad[] = {
        "",
        "ftp://v.douyin.com/x",
        "https://",
        "https://nodot/x",
        "https://.douyin.com/x",
        "https://v..douyin.com/x",
        "https://v.douyin.com./x",
        "https://-v.douyin.com/x",
        "https://v.douyin.com:/x",
        "https://v.douyin.com:123456/x",
        "https://v.douyin.com/a b",
        "https://v.douyin.com/\x7f",
        "https://v.douyin.com/视频",
        "https://v.douyin.com\\x",
        "javascript:alert(1)//a.b",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (!rules_policy_url_ok(good[i]))
            fail_msg("refused %s", good[i]);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (rules_policy_url_ok(bad[i]))
            fail_msg("accepted %s", bad[i]);
    /* the length limits */
    char url[VIDEO_URL_MAX + 2];
    memset(url, 'a', sizeof(url));
    memcpy(url, "https://a.cn/", 13);
    url[VIDEO_URL_MAX] = '\0';
    assert_true(rules_policy_url_ok(url));
    url[VIDEO_URL_MAX] = 'a';
    url[VIDEO_URL_MAX + 1] = '\0';
    assert_false(rules_policy_url_ok(url));
    assert_false(rules_policy_url_ok("http://a."));
    assert_true(rules_policy_url_ok("http://a.b"));
}

static void test_month_and_monday(void **state)
{
    (void)state;
    assert_int_equal(rules_policy_month_days("2026-12"), day("2026-12-01"));
    assert_int_equal(rules_policy_month_days("2026-13"), -1);
    assert_int_equal(rules_policy_month_days("2026-00"), -1);
    assert_int_equal(rules_policy_month_days("2026-1"), -1);
    assert_int_equal(rules_policy_month_days("2026-12-01"), -1);
    /* the week across the year's end: Monday 28 December */
    assert_int_equal(rules_policy_monday(day("2027-01-03")), day("2026-12-28"));
    assert_int_equal(rules_policy_monday(day("2026-12-28")), day("2026-12-28"));
    assert_int_equal(rules_policy_monday(day("2027-01-04")), day("2027-01-04"));
    assert_int_equal(rules_policy_monday(day("1969-12-31")), day("1969-12-29"));
}

static const char *broadcast(const char *village, const char *on, unsigned minutes,
                             const char *topic, size_t nev, size_t evlen)
{
    static uint8_t h[POLICY_EVIDENCE_MAX + 1][40];
    static ProtobufCBinaryData ev[POLICY_EVIDENCE_MAX + 1];
    for (size_t i = 0; i < nev; i++)
        ev[i] = (ProtobufCBinaryData){evlen, h[i]};
    Zhucun__BroadcastRecord b = ZHUCUN__BROADCAST_RECORD__INIT;
    b.village_code = (char *)village;
    b.on_date = (char *)on;
    b.minutes = minutes;
    b.topic = (char *)topic;
    b.n_evidence = nev;
    b.evidence = ev;
    const char *field = NULL;
    return rules_broadcast_record_problem(&b, TODAY, &field) != NULL ? field : "";
}

static void test_broadcast(void **state)
{
    (void)state;
    assert_string_equal(broadcast("", "2027-01-06", 30, "政策", 0, 32), "");
    assert_string_equal(broadcast("140105001001", "2027-01-06", 1, "政策", 1, 32), "");
    assert_string_equal(broadcast("", "2027-01-06", BROADCAST_MINUTES_MAX, "政策", 0, 32), "");
    assert_string_equal(broadcast("", "2027-01-06", 0, "政策", 0, 32), "minutes");
    assert_string_equal(broadcast("", "2027-01-06", BROADCAST_MINUTES_MAX + 1, "政策", 0, 32),
                        "minutes");
    assert_string_equal(broadcast("", "2027-01-07", 30, "政策", 0, 32), "on_date");
    assert_string_equal(broadcast("", "2027-02-30", 30, "政策", 0, 32), "on_date");
    assert_string_equal(broadcast("140105001000", "2027-01-06", 30, "政策", 0, 32), "village_code");
    assert_string_equal(broadcast("", "2027-01-06", 30, "", 0, 32), "topic");
    char topic[3 * (BROADCAST_TOPIC_MAX + 1) + 1] = "";
    for (int i = 0; i < BROADCAST_TOPIC_MAX; i++)
        strcat(topic, "政");
    assert_string_equal(broadcast("", "2027-01-06", 30, topic, 0, 32), "");
    strcat(topic, "政");
    assert_string_equal(broadcast("", "2027-01-06", 30, topic, 0, 32), "topic");
    assert_string_equal(broadcast("", "2027-01-06", 30, "政策", 1, 31), "evidence");
    assert_string_equal(broadcast("", "2027-01-06", 30, "政策", POLICY_EVIDENCE_MAX, 32), "");
    assert_string_equal(broadcast("", "2027-01-06", 30, "政策", POLICY_EVIDENCE_MAX + 1, 32),
                        "evidence");
}

static const char *video(int64_t team, const char *platform, const char *url, const char *title,
                         const char *on)
{
    Zhucun__VideoRecord v = ZHUCUN__VIDEO_RECORD__INIT;
    v.team_id = team;
    v.platform = (char *)platform;
    v.url = (char *)url;
    v.title = (char *)title;
    v.posted_on = (char *)on;
    const char *field = NULL;
    return rules_video_record_problem(&v, TODAY, &field) != NULL ? field : "";
}

static void test_video(void **state)
{
    (void)state;
    const char *u = "https://v.douyin.com/x/";
    assert_string_equal(video(0, "douyin", u, "标题", "2027-01-06"), "");
    assert_string_equal(video(7, "channels", u, "标题", "2026-12-31"), "");
    assert_string_equal(video(-1, "douyin", u, "标题", "2027-01-06"), "team_id");
    assert_string_equal(video(0, "youtube", u, "标题", "2027-01-06"), "platform");
    assert_string_equal(video(0, "douyin", "v.douyin.com/x", "标题", "2027-01-06"), "url");
    assert_string_equal(video(0, "douyin", u, "", "2027-01-06"), "title");
    assert_string_equal(video(0, "douyin", u, "标题", "2027-01-07"), "posted_on");
}

static const char *create(const char *org, const char *month, unsigned sample, size_t nnamed,
                          int64_t named0, size_t nquestions, const char *question,
                          const char *answer)
{
    static int64_t named[QUIZ_SAMPLE_MAX + 1];
    static Zhucun__QuizQuestion q[QUIZ_QUESTIONS_MAX + 1];
    static Zhucun__QuizQuestion *qp[QUIZ_QUESTIONS_MAX + 1];
    for (size_t i = 0; i < nnamed; i++)
        named[i] = i == 0 ? named0 : (int64_t)(i + 100);
    for (size_t i = 0; i < nquestions; i++) {
        zhucun__quiz_question__init(&q[i]);
        q[i].text = (char *)question;
        q[i].answer = (char *)answer;
        qp[i] = &q[i];
    }
    Zhucun__QuizCreate qc = ZHUCUN__QUIZ_CREATE__INIT;
    qc.org_code = (char *)org;
    qc.month = (char *)month;
    qc.title = "电话抽查";
    qc.sample_size = sample;
    qc.n_person_ids = nnamed;
    qc.person_ids = named;
    qc.n_questions = nquestions;
    qc.questions = qp;
    const char *field = NULL;
    return rules_quiz_create_problem(&qc, TODAY, &field) != NULL ? field : "";
}

static void test_quiz_create(void **state)
{
    (void)state;
    const char *city = "140100000000", *county = "140105000000";
    assert_string_equal(create(city, "2027-01", 10, 0, 0, 1, "题", ""), "");
    assert_string_equal(create(county, "2022-01", 0, 1, 5, 1, "题", "答"), "");
    assert_string_equal(create("140000000000", "2027-01", 10, 0, 0, 1, "题", ""), "org_code");
    assert_string_equal(create("140105001000", "2027-01", 10, 0, 0, 1, "题", ""), "org_code");
    assert_string_equal(create(city, "2027-02", 10, 0, 0, 1, "题", ""), "month");
    assert_string_equal(create(city, "2021-12", 10, 0, 0, 1, "题", ""), "month");
    assert_string_equal(create(city, "2027-1", 10, 0, 0, 1, "题", ""), "month");
    assert_string_equal(create(city, "2027-01", 10, 0, 0, 0, "题", ""), "questions");
    assert_string_equal(create(city, "2027-01", 10, 0, 0, QUIZ_QUESTIONS_MAX, "题", ""), "");
    assert_string_equal(create(city, "2027-01", 10, 0, 0, QUIZ_QUESTIONS_MAX + 1, "题", ""),
                        "questions");
    assert_string_equal(create(city, "2027-01", 10, 0, 0, 1, "", ""), "questions");
    assert_string_equal(create(city, "2027-01", QUIZ_SAMPLE_MAX, 0, 0, 1, "题", ""), "");
    assert_string_equal(create(city, "2027-01", QUIZ_SAMPLE_MAX + 1, 0, 0, 1, "题", ""),
                        "sample_size");
    assert_string_equal(create(city, "2027-01", QUIZ_SAMPLE_MAX - 1, 1, 5, 1, "题", ""), "");
    assert_string_equal(create(city, "2027-01", QUIZ_SAMPLE_MAX, 1, 5, 1, "题", ""), "sample_size");
    assert_string_equal(create(city, "2027-01", 0, 0, 0, 1, "题", ""), "sample_size");
    assert_string_equal(create(city, "2027-01", 0, 1, 0, 1, "题", ""), "person_ids");
    assert_string_equal(create(city, "2027-01", 0, 2, 101, 1, "题", ""), "person_ids");
}

static const char *score(unsigned s, int not_reached, const char *reason, const char *on)
{
    Zhucun__QuizScore q = ZHUCUN__QUIZ_SCORE__INIT;
    q.quiz_id = 1;
    q.person_id = 2;
    q.called_on = (char *)on;
    q.score = s;
    q.not_reached = not_reached;
    q.reason = (char *)reason;
    const char *field = NULL;
    return rules_quiz_score_problem(&q, TODAY, &field) != NULL ? field : "";
}

static void test_quiz_score_and_report(void **state)
{
    (void)state;
    assert_string_equal(score(0, 0, "", "2027-01-06"), "");
    assert_string_equal(score(QUIZ_SCORE_MAX, 0, "", "2027-01-06"), "");
    assert_string_equal(score(QUIZ_SCORE_MAX + 1, 0, "", "2027-01-06"), "score");
    assert_string_equal(score(80, 0, "没接", "2027-01-06"), "reason");
    assert_string_equal(score(0, 1, "无人接听", "2027-01-06"), "");
    assert_string_equal(score(0, 1, "", "2027-01-06"), "reason");
    assert_string_equal(score(50, 1, "无人接听", "2027-01-06"), "score");
    assert_string_equal(score(80, 0, "", "2027-01-07"), "called_on");
    Zhucun__QuizReport r = ZHUCUN__QUIZ_REPORT__INIT;
    const char *field = NULL;
    r.org_code = "140105000000";
    assert_null(rules_quiz_report_problem(&r, TODAY, &field));
    r.year = 2027;
    assert_null(rules_quiz_report_problem(&r, TODAY, &field));
    r.year = 2028;
    assert_non_null(rules_quiz_report_problem(&r, TODAY, &field));
    assert_string_equal(field, "year");
    r.year = QUIZ_FIRST_YEAR - 1;
    assert_non_null(rules_quiz_report_problem(&r, TODAY, &field));
    r.year = 0;
    r.org_code = "140105001001";
    assert_non_null(rules_quiz_report_problem(&r, TODAY, &field));
    assert_string_equal(field, "org_code");
    r.org_code = "";
    assert_non_null(rules_quiz_report_problem(&r, TODAY, &field));
}

static void test_lists_span(void **state)
{
    (void)state;
    Zhucun__VideoList v = ZHUCUN__VIDEO_LIST__INIT;
    const char *field = NULL;
    int first, last;
    assert_null(rules_video_list_problem(&v, TODAY, &field));
    rules_policy_span("", "", TODAY, 1, &first, &last);
    assert_int_equal(first, day("2027-01-04"));
    assert_int_equal(last, TODAY);
    rules_policy_span("", "2027-01-02", TODAY, 1, &first, &last);
    assert_int_equal(first, day("2026-12-28"));
    rules_policy_span("", "", TODAY, 0, &first, &last);
    assert_int_equal(first, TODAY);
    v.from = "2026-01-06";
    v.to = "2027-01-06";
    assert_null(rules_video_list_problem(&v, TODAY, &field)); /* 366 days */
    v.from = "2026-01-05";
    assert_non_null(rules_video_list_problem(&v, TODAY, &field));
    assert_string_equal(field, "to");
    v.to = "";
    assert_non_null(rules_video_list_problem(&v, TODAY, &field)); /* to is today */
    v.from = "2027-01-07";
    assert_non_null(rules_video_list_problem(&v, TODAY, &field)); /* after today */
    v.from = "2027-13-01";
    assert_non_null(rules_video_list_problem(&v, TODAY, &field));
    assert_string_equal(field, "from");
    v.from = "";
    v.team_id = -1;
    assert_non_null(rules_video_list_problem(&v, TODAY, &field));
    assert_string_equal(field, "team_id");
    Zhucun__BroadcastList b = ZHUCUN__BROADCAST_LIST__INIT;
    b.org_code = "1401";
    assert_non_null(rules_broadcast_list_problem(&b, TODAY, &field));
    assert_string_equal(field, "org_code");
    b.org_code = "140105001001";
    b.to = "2027-01-0x";
    assert_non_null(rules_broadcast_list_problem(&b, TODAY, &field));
    assert_string_equal(field, "to");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url),         cmocka_unit_test(test_month_and_monday),
        cmocka_unit_test(test_broadcast),   cmocka_unit_test(test_video),
        cmocka_unit_test(test_quiz_create), cmocka_unit_test(test_quiz_score_and_report),
        cmocka_unit_test(test_lists_span),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
