/* diary.c -- the checks of the diary calls (diary.h). */
#include "common/rules/diary.h"

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

/* ids of one kind: each > 0, none twice. */
static const char *ids_problem(size_t n, const int64_t *ids, const char *name, const char **field)
{
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0)
            FAIL(name, "记录编号应为正整数");
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i])
                FAIL(name, "同一记录不能重复关联");
    }
    return NULL;
}

const char *rules_diary_write_problem(const Zhucun__DiaryWrite *in, int today, const char **field)
{
    int day;
    const char *problem;
    if ((problem = rules_date_problem(in->day, today, &day)) != NULL)
        FAIL("day", problem);
    if (today - day > DIARY_BACKFILL_DAYS)
        FAIL("day", "只能补写 " STR(DIARY_BACKFILL_DAYS) " 天以内的工作日志");
    if (!rules_text_ok(in->done, 1, DIARY_DONE_MAX))
        FAIL("done", "请写当天做了什么（1 到 " STR(DIARY_DONE_MAX) " 个字符）");
    if (!rules_text_ok(in->people_met, 0, DIARY_MET_MAX))
        FAIL("people_met", "见了哪些人至多 " STR(DIARY_MET_MAX) " 个字符");
    if (!rules_text_ok(in->problems, 0, DIARY_PROBLEMS_MAX))
        FAIL("problems", "问题和诉求至多 " STR(DIARY_PROBLEMS_MAX) " 个字符");
    if (in->n_visit_ids + in->n_item_ids + in->n_checkin_ids > DIARY_LINKS_MAX)
        FAIL("visit_ids", "一篇日志至多关联 " STR(DIARY_LINKS_MAX) " 条记录");
    if ((problem = ids_problem(in->n_visit_ids, in->visit_ids, "visit_ids", field)) != NULL ||
        (problem = ids_problem(in->n_item_ids, in->item_ids, "item_ids", field)) != NULL ||
        (problem = ids_problem(in->n_checkin_ids, in->checkin_ids, "checkin_ids", field)) != NULL)
        return problem;
    return NULL;
}

const char *rules_diary_day_problem(const Zhucun__DiaryDay *in, int today, const char **field)
{
    int day;
    const char *problem = rules_date_problem(in->day, today, &day);
    if (problem != NULL)
        FAIL("day", problem);
    return NULL;
}

const char *rules_diary_span_problem(const char *from_day, const char *to_day, int today,
                                     int *first, int *last, const char **field)
{
    const char *problem;
    *last = today;
    if (to_day[0] != '\0' && (problem = rules_date_problem(to_day, today, last)) != NULL)
        FAIL("to_day", problem);
    *first = *last - DIARY_SPAN_DEFAULT;
    if (from_day[0] != '\0' && (problem = rules_date_problem(from_day, today, first)) != NULL)
        FAIL("from_day", problem);
    if (*first > *last)
        FAIL("from_day", "起始日期不能晚于截止日期");
    if (*last - *first + 1 > DIARY_SPAN_MAX_DAYS)
        FAIL("from_day", "时间段至多 " STR(DIARY_SPAN_MAX_DAYS) " 天");
    return NULL;
}

const char *rules_diary_list_problem(const Zhucun__DiaryList *in, int today, const char **field)
{
    int first, last;
    const char *problem;
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    if (in->person_id < 0)
        FAIL("person_id", "人员编号应为正整数（0：全部）");
    if ((problem = rules_diary_span_problem(in->from_day, in->to_day, today, &first, &last,
                                            field)) != NULL)
        return problem;
    if (in->limit > DIARY_LIST_MAX)
        FAIL("limit", "条数至多为 " STR(DIARY_LIST_MAX));
    return NULL;
}

const char *rules_diary_missing_problem(const Zhucun__DiaryMissing *in, int today,
                                        const char **field)
{
    int first, last;
    if (in->person_id < 0)
        FAIL("person_id", "人员编号应为正整数（0：本人）");
    return rules_diary_span_problem(in->from_day, in->to_day, today, &first, &last, field);
}
