/* training.c -- the checks of the training, study and unit supervision calls (training.h). */
#include "common/rules/training.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

static const char *org_problem(const char *code, const char **field)
{
    if (code[0] != '\0' && rules_code_level(code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    return NULL;
}

static const char *limit_problem(uint32_t limit, const char **field)
{
    if (limit > TRAINING_LIST_MAX)
        FAIL("limit", "条数至多为 " STR(TRAINING_LIST_MAX));
    return NULL;
}

static const char *evidence_problem(size_t n, const ProtobufCBinaryData *ev, const char **field)
{
    if (n > TRAINING_EVIDENCE_MAX)
        FAIL("evidence", "一条记录至多附 " STR(TRAINING_EVIDENCE_MAX) " 份证明材料");
    for (size_t i = 0; i < n; i++)
        if (ev[i].len != TRAINING_SHA256_LEN)
            FAIL("evidence", "证明材料的 SHA-256 须为 32 字节");
    return NULL;
}

/* 1 to max persons, each id > 0, none twice. */
static const char *people_problem(size_t n, const int64_t *ids, size_t max, const char *too_many,
                                  const char **field)
{
    if (n == 0)
        FAIL("attendees", "请至少列出一名参加人员");
    if (n > max)
        FAIL("attendees", too_many);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            FAIL("attendees", "人员编号应为正整数");
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                FAIL("attendees", "同一人员不能重复列出");
    }
    return NULL;
}

static int one_of(const char *s, const char *const *set)
{
    for (; *set != NULL; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

const char *rules_study_record_problem(const Zhucun__StudyRecord *in, int today, const char **field)
{
    int day;
    const char *problem;
    if (in->team_id < 0)
        FAIL("team_id", "工作队编号应为正整数（0：本人所在工作队）");
    if ((problem = rules_date_problem(in->held_on, today, &day)) != NULL)
        FAIL("held_on", problem);
    if (!rules_text_ok(in->topic, 1, TRAINING_TITLE_MAX))
        FAIL("topic", "请填写学习主题（1 到 " STR(TRAINING_TITLE_MAX) " 个字符）");
    if ((problem = people_problem(in->n_attendees, in->attendees, STUDY_ATTENDEES_MAX,
                                  "一次学习至多登记 " STR(STUDY_ATTENDEES_MAX) " 名参加人员",
                                  field)) != NULL)
        return problem;
    return evidence_problem(in->n_evidence, in->evidence, field);
}

const char *rules_training_span_problem(const char *from_day, const char *to_day, int today,
                                        int first_default, int *first, int *last,
                                        const char **field)
{
    const char *problem;
    *last = today;
    if (to_day[0] != '\0' && (problem = rules_date_problem(to_day, today, last)) != NULL)
        FAIL("to_day", problem);
    if (from_day[0] != '\0') {
        if ((problem = rules_date_problem(from_day, today, first)) != NULL)
            FAIL("from_day", problem);
    } else if (first_default >= 0) {
        *first = *last - first_default;
    } else {
        int y, m, d;
        rules_civil_from_days(*last, &y, &m, &d);
        *first = rules_days_from_civil(y, 1, 1);
    }
    if (*first > *last)
        FAIL("from_day", "起始日期不能晚于截止日期");
    if (*last - *first + 1 > TRAINING_SPAN_MAX_DAYS)
        FAIL("from_day", "时间段至多 " STR(TRAINING_SPAN_MAX_DAYS) " 天");
    return NULL;
}

const char *rules_study_list_problem(const Zhucun__StudyList *in, int today, const char **field)
{
    int first, last;
    const char *problem;
    if ((problem = org_problem(in->org_code, field)) != NULL)
        return problem;
    if (in->team_id < 0)
        FAIL("team_id", "工作队编号应为正整数（0：全部）");
    if ((problem = rules_training_span_problem(in->from_day, in->to_day, today, 90, &first, &last,
                                               field)) != NULL)
        return problem;
    return limit_problem(in->limit, field);
}

const char *rules_study_missed_problem(const Zhucun__StudyMissed *in, int today, const char **field)
{
    int first, last;
    const char *problem;
    if ((problem = org_problem(in->org_code, field)) != NULL)
        return problem;
    if ((problem = rules_training_span_problem(in->from_day, in->to_day, today, -1, &first, &last,
                                               field)) != NULL)
        return problem;
    return limit_problem(in->limit, field);
}

const char *rules_training_session_add_problem(const Zhucun__TrainingSessionAdd *in,
                                               const char **field)
{
    static const char *const audiences[] = {"all", "first_secretary", "captain", "new", NULL};
    int first, last;
    const char *problem;
    int level = rules_code_level(in->org_code);
    if (level < 1 || level > 4)
        FAIL("org_code", "组织单位应为省、市、县或乡镇的 12 位区划代码");
    if (!rules_text_ok(in->title, 1, TRAINING_TITLE_MAX))
        FAIL("title", "请填写培训班名称（1 到 " STR(TRAINING_TITLE_MAX) " 个字符）");
    if (!one_of(in->audience, audiences))
        FAIL("audience", "培训对象应为 all（全体）、first_secretary（第一书记）、captain（队长）或 "
                         "new（新选派干部）");
    if ((problem = rules_date_problem(in->starts_on, -1, &first)) != NULL)
        FAIL("starts_on", problem);
    if ((problem = rules_date_problem(in->ends_on, -1, &last)) != NULL)
        FAIL("ends_on", problem);
    if (last < first)
        FAIL("ends_on", "结束日期不能早于开始日期");
    if (last - first + 1 > TRAINING_DAYS_MAX)
        FAIL("ends_on", "一期培训至多 " STR(TRAINING_DAYS_MAX) " 天");
    return NULL;
}

const char *rules_training_attend_problem(const Zhucun__TrainingAttend *in, int today,
                                          const char **field)
{
    int first, last;
    const char *problem;
    if ((problem = people_problem(in->n_attendees, in->attendees, TRAINING_ATTENDEES_MAX,
                                  "一次至多登记 " STR(TRAINING_ATTENDEES_MAX) " 名参训人员",
                                  field)) != NULL)
        return problem;
    if ((problem = rules_date_problem(in->from_day, today, &first)) != NULL)
        FAIL("from_day", problem);
    if ((problem = rules_date_problem(in->to_day, today, &last)) != NULL)
        FAIL("to_day", problem);
    if (last < first)
        FAIL("to_day", "结束日期不能早于开始日期");
    return NULL;
}

const char *rules_training_year_problem(const char *org_code, uint32_t year, uint32_t limit,
                                        int today, const char **field)
{
    const char *problem;
    int y, m, d;
    if ((problem = org_problem(org_code, field)) != NULL)
        return problem;
    rules_civil_from_days(today, &y, &m, &d);
    if (year != 0 && (year < TRAINING_FIRST_YEAR || (int)year > y))
        FAIL("year", "年份应为 " STR(TRAINING_FIRST_YEAR) " 年到今年");
    return limit_problem(limit, field);
}

static const char *const supervision_kinds[] = {"hearing", "leader_visit", NULL};

const char *rules_unit_supervision_record_problem(const Zhucun__UnitSupervisionRecord *in,
                                                  int today, const char **field)
{
    int day;
    const char *problem;
    if (!one_of(in->kind, supervision_kinds))
        FAIL("kind", "记录类别应为 hearing（听取汇报）或 leader_visit（主要负责人到村）");
    if ((problem = rules_date_problem(in->held_on, today, &day)) != NULL)
        FAIL("held_on", problem);
    if (!rules_text_ok(in->who, 1, TRAINING_WHO_MAX))
        FAIL("who", "请填写主持或到村的负责人（1 到 " STR(TRAINING_WHO_MAX) " 个字符）");
    if (!rules_text_ok(in->note, 0, TRAINING_NOTE_MAX))
        FAIL("note", "备注至多 " STR(TRAINING_NOTE_MAX) " 个字符");
    return evidence_problem(in->n_evidence, in->evidence, field);
}

const char *rules_units_behind_problem(const Zhucun__UnitsBehind *in, int today, const char **field)
{
    static const char *const levels[] = {"", "central", "province", "city", "county", NULL};
    int day;
    const char *problem;
    if ((problem = org_problem(in->org_code, field)) != NULL)
        return problem;
    if (!one_of(in->level, levels))
        FAIL("level", "单位级别应为 central、province、city 或 county（空：全部）");
    if (in->as_of[0] != '\0' && (problem = rules_date_problem(in->as_of, today, &day)) != NULL)
        FAIL("as_of", problem);
    return limit_problem(in->limit, field);
}

const char *rules_unit_supervision_list_problem(const Zhucun__UnitSupervisionList *in, int today,
                                                const char **field)
{
    const char *problem;
    if ((problem = rules_training_year_problem(in->org_code, in->year, in->limit, today, field)) !=
        NULL)
        return problem;
    if (in->unit_id < 0)
        FAIL("unit_id", "单位编号应为正整数（0：全部）");
    if (in->kind[0] != '\0' && !one_of(in->kind, supervision_kinds))
        FAIL("kind", "记录类别应为 hearing 或 leader_visit（空：全部）");
    return NULL;
}
