/* policy.c -- the checks of the quiz, the videos and the broadcasts (policy.h). */
#include "common/rules/policy.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

const char *const rules_policy_platforms[] = {"douyin", "kuaishou", "channels", "other", NULL};

/* 1..max characters of valid UTF-8 (min 0 allows empty). */
static int text_ok(const char *s, long min, long max)
{
    long n = rules_utf8_chars(s);
    return n >= min && n <= max;
}

static int host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
}

int rules_policy_url_ok(const char *url)
{
    size_t len = strlen(url);
    if (len < VIDEO_URL_MIN || len > VIDEO_URL_MAX)
        return 0;
    const char *p;
    if (strncmp(url, "https://", 8) == 0)
        p = url + 8;
    else if (strncmp(url, "http://", 7) == 0)
        p = url + 7;
    else
        return 0;
    const char *host = p;
    int dots = 0;
    for (; *p != '\0' && host_char(*p); p++) {
        if (*p == '.') {
            if (p == host || p[-1] == '.')
                return 0; /* an empty label */
            dots++;
        }
    }
    if (p == host || dots == 0 || p[-1] == '.' || p[-1] == '-' || host[0] == '-')
        return 0;
    if (*p == ':') {
        const char *port = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == port || p - port > 5)
            return 0;
    }
    if (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
        return 0;
    for (; *p != '\0'; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
            return 0;
    return 1;
}

int rules_policy_month_days(const char *month)
{
    if (strlen(month) != 7 || !rules_digits(month, 4) || month[4] != '-' ||
        !rules_digits(month + 5, 2))
        return -1;
    int y =
        (month[0] - '0') * 1000 + (month[1] - '0') * 100 + (month[2] - '0') * 10 + (month[3] - '0');
    int m = (month[5] - '0') * 10 + (month[6] - '0');
    if (m < 1 || m > 12 || y < 1900)
        return -1;
    return rules_days_from_civil(y, m, 1);
}

int rules_policy_monday(int day)
{
    /* day 0 is 1970-01-01, a Thursday: Monday is 0 after adding 3 */
    int wd = ((day + 3) % 7 + 7) % 7;
    return day - wd;
}

/* A date that is a real YYYY-MM-DD and not after today. */
static const char *date_problem(const char *s, int today)
{
    int ok;
    int day = rules_date_days(s, &ok);
    if (!ok)
        return "日期应为 YYYY-MM-DD";
    if (day > today)
        return "日期不能晚于今天";
    return NULL;
}

static const char *evidence_problem(size_t n, const ProtobufCBinaryData *ev, const char **field)
{
    *field = "evidence";
    if (n > POLICY_EVIDENCE_MAX)
        return "一条记录至多附 " STR(POLICY_EVIDENCE_MAX) " 份证明材料";
    for (size_t i = 0; i < n; i++)
        if (ev[i].len != POLICY_EVIDENCE_BYTES)
            return "证明材料的 SHA-256 须为 32 字节";
    return NULL;
}

const char *rules_quiz_create_problem(const Zhucun__QuizCreate *in, int today, const char **field)
{
    int level = rules_code_level(in->org_code);
    if (level != 2 && level != 3) {
        *field = "org_code";
        return "快问快答由市、县驻村办组织：请给出市或县的 12 位区划代码";
    }
    int first = rules_policy_month_days(in->month);
    *field = "month";
    if (first < 0)
        return "月份应为 YYYY-MM";
    int y, m, d;
    rules_civil_from_days(first, &y, &m, &d);
    if (y < QUIZ_FIRST_YEAR)
        return "月份不能早于 " STR(QUIZ_FIRST_YEAR) " 年";
    if (first > today)
        return "月份不能晚于本月";
    *field = "title";
    if (!text_ok(in->title, 1, QUIZ_TITLE_MAX))
        return "标题应为 1 至 " STR(QUIZ_TITLE_MAX) " 个字";
    *field = "questions";
    if (in->n_questions < 1 || in->n_questions > QUIZ_QUESTIONS_MAX)
        return "题目应为 1 至 " STR(QUIZ_QUESTIONS_MAX) " 道";
    for (size_t i = 0; i < in->n_questions; i++) {
        if (!text_ok(in->questions[i]->text, 1, QUIZ_QUESTION_MAX))
            return "每道题目应为 1 至 " STR(QUIZ_QUESTION_MAX) " 个字";
        if (!text_ok(in->questions[i]->answer, 0, QUIZ_QUESTION_MAX))
            return "参考答案至多 " STR(QUIZ_QUESTION_MAX) " 个字";
    }
    *field = "person_ids";
    for (size_t i = 0; i < in->n_person_ids; i++) {
        if (in->person_ids[i] <= 0)
            return "点名抽查的人员编号应为正整数";
        for (size_t j = 0; j < i; j++)
            if (in->person_ids[j] == in->person_ids[i])
                return "点名抽查的人员重复";
    }
    *field = "sample_size";
    if (in->sample_size > QUIZ_SAMPLE_MAX || in->sample_size + in->n_person_ids > QUIZ_SAMPLE_MAX)
        return "一次抽查至多 " STR(QUIZ_SAMPLE_MAX) " 名驻村干部（随机抽取与点名合计）";
    if (in->sample_size + in->n_person_ids == 0)
        return "请给出随机抽取的人数或点名抽查的人员";
    return NULL;
}

const char *rules_quiz_score_problem(const Zhucun__QuizScore *in, int today, const char **field)
{
    const char *problem;
    *field = "called_on";
    if ((problem = date_problem(in->called_on, today)) != NULL)
        return problem;
    if (in->not_reached) {
        *field = "reason";
        if (!text_ok(in->reason, 1, QUIZ_REASON_MAX))
            return "未接通的请写明原因（1 至 " STR(QUIZ_REASON_MAX) " 个字）";
        *field = "score";
        if (in->score != 0)
            return "未接通的不计分";
        return NULL;
    }
    *field = "score";
    if (in->score > QUIZ_SCORE_MAX)
        return "得分应为 0 至 " STR(QUIZ_SCORE_MAX);
    *field = "reason";
    if (in->reason[0] != '\0')
        return "已接通的不填未接通原因";
    return NULL;
}

/* A year of a report: 0 (this one) or QUIZ_FIRST_YEAR to today's. */
static const char *year_problem(unsigned year, int today)
{
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    if (year != 0 && (year < QUIZ_FIRST_YEAR || year > (unsigned)y))
        return "年份应在 " STR(QUIZ_FIRST_YEAR) " 年至今年之间";
    return NULL;
}

static const char *org_problem(const char *code, const char **field)
{
    *field = "org_code";
    if (code[0] != '\0' && rules_code_level(code) < 1)
        return "区划代码应为 12 位数字";
    return NULL;
}

const char *rules_quiz_report_problem(const Zhucun__QuizReport *in, int today, const char **field)
{
    int level = rules_code_level(in->org_code);
    *field = "org_code";
    if (level < 1 || level > 3)
        return "覆盖情况按省、市或县统计：请给出其 12 位区划代码";
    *field = "year";
    return year_problem(in->year, today);
}

const char *rules_video_record_problem(const Zhucun__VideoRecord *in, int today, const char **field)
{
    const char *problem;
    *field = "team_id";
    if (in->team_id < 0)
        return "工作队编号应为正整数（0 为本人所在工作队）";
    *field = "platform";
    size_t k = 0;
    while (rules_policy_platforms[k] != NULL && strcmp(in->platform, rules_policy_platforms[k]))
        k++;
    if (rules_policy_platforms[k] == NULL)
        return "平台应为 douyin（抖音）、kuaishou（快手）、channels（视频号）或 other（其他）";
    *field = "url";
    if (!rules_policy_url_ok(in->url))
        return "视频链接应为 http:// 或 https:// 开头的网址（含域名，无空格，至多 " STR(
            VIDEO_URL_MAX) " 个字符）";
    *field = "title";
    if (!text_ok(in->title, 1, VIDEO_TITLE_MAX))
        return "标题应为 1 至 " STR(VIDEO_TITLE_MAX) " 个字";
    *field = "posted_on";
    if ((problem = date_problem(in->posted_on, today)) != NULL)
        return problem;
    return evidence_problem(in->n_evidence, in->evidence, field);
}

const char *rules_broadcast_record_problem(const Zhucun__BroadcastRecord *in, int today,
                                           const char **field)
{
    const char *problem;
    *field = "village_code";
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) != 5)
        return "行政村代码应为 12 位（空为本人工作队所在村）";
    *field = "on_date";
    if ((problem = date_problem(in->on_date, today)) != NULL)
        return problem;
    *field = "minutes";
    if (in->minutes < 1 || in->minutes > BROADCAST_MINUTES_MAX)
        return "一次广播时长应为 1 至 " STR(BROADCAST_MINUTES_MAX) " 分钟";
    *field = "topic";
    if (!text_ok(in->topic, 1, BROADCAST_TOPIC_MAX))
        return "广播内容应为 1 至 " STR(BROADCAST_TOPIC_MAX) " 个字";
    return evidence_problem(in->n_evidence, in->evidence, field);
}

void rules_policy_span(const char *from, const char *to, int today, int week, int *first, int *last)
{
    int ok;
    *last = to[0] != '\0' ? rules_date_days(to, &ok) : today;
    *first = from[0] != '\0' ? rules_date_days(from, &ok)
             : week          ? rules_policy_monday(*last)
                             : *last;
}

/* A list's span: each date "" or valid; from (or its default) not after to (or today), at most
 * POLICY_SPAN_DAYS_MAX days. */
static const char *span_problem(const char *from, const char *to, int today, int week,
                                const char **field)
{
    int ok = 1;
    *field = "from";
    if (from[0] != '\0' && (rules_date_days(from, &ok), !ok))
        return "日期应为 YYYY-MM-DD";
    *field = "to";
    if (to[0] != '\0' && (rules_date_days(to, &ok), !ok))
        return "日期应为 YYYY-MM-DD";
    int f, t;
    rules_policy_span(from, to, today, week, &f, &t);
    if (f > t)
        return "结束日期不能早于开始日期";
    if (t - f + 1 > POLICY_SPAN_DAYS_MAX)
        return "一次至多查看 " STR(POLICY_SPAN_DAYS_MAX) " 天";
    return NULL;
}

const char *rules_video_list_problem(const Zhucun__VideoList *in, int today, const char **field)
{
    const char *problem = org_problem(in->org_code, field);
    if (problem != NULL)
        return problem;
    *field = "team_id";
    if (in->team_id < 0)
        return "工作队编号应为正整数（0 为全部）";
    return span_problem(in->from, in->to, today, 1, field);
}

const char *rules_broadcast_list_problem(const Zhucun__BroadcastList *in, int today,
                                         const char **field)
{
    const char *problem = org_problem(in->org_code, field);
    if (problem != NULL)
        return problem;
    return span_problem(in->from, in->to, today, 0, field);
}
