/* construction.c -- the checks of the construction and disbursement calls (construction.h). */
#include "common/rules/construction.h"

#include <math.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/attach.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

enum build_task_status rules_build_task_status(int planned_start, int planned_end, int actual_start,
                                               int actual_end, int today)
{
    if (actual_end >= 0)
        return BUILD_TASK_DONE;
    if (today > planned_end || (actual_start < 0 && today > planned_start))
        return BUILD_TASK_LATE;
    return actual_start >= 0 ? BUILD_TASK_IN_PROGRESS : BUILD_TASK_NOT_STARTED;
}

static const struct {
    const char *code, *label;
} statuses[] = {
    [BUILD_TASK_NOT_STARTED] = {"not_started", "未开始"},
    [BUILD_TASK_IN_PROGRESS] = {"in_progress", "进行中"},
    [BUILD_TASK_DONE] = {"done", "已完成"},
    [BUILD_TASK_LATE] = {"late", "已滞后"},
};

const char *rules_build_task_status_code(enum build_task_status s)
{
    return statuses[s].code;
}

const char *rules_build_task_status_label(const char *code)
{
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
        if (strcmp(statuses[i].code, code) == 0)
            return statuses[i].label;
    return code;
}

/* A day YYYY-MM-DD (*day), or "" when optional (*day -1); not after today when today >= 0. */
static const char *day_problem(const char *s, int optional, int today, int *day)
{
    *day = -1;
    return optional && s[0] == '\0' ? NULL : rules_date_problem(s, today, day);
}

static const char *evidence_problem(size_t n, const ProtobufCBinaryData *ev, const char **field)
{
    const char *problem = rules_attach_evidence_problem(n, ev);
    if (problem != NULL)
        *field = "evidence";
    return problem;
}

const char *rules_build_focus_problem(const Zhucun__ProjectFocusSet *in, const char **field)
{
    if (in->year < BUILD_YEAR_MIN || in->year > BUILD_YEAR_MAX)
        FAIL("year", "年度应为 " STR(BUILD_YEAR_MIN) " 到 " STR(BUILD_YEAR_MAX));
    if (in->quarter < 1 || in->quarter > 4)
        FAIL("quarter", "季度应为 1 到 4");
    if (!rules_text_ok(in->focus, 1, BUILD_FOCUS_MAX))
        FAIL("focus", "请填写季度重点（1 到 " STR(BUILD_FOCUS_MAX) " 个字符）");
    if (!rules_text_ok(in->targets, 0, BUILD_FOCUS_MAX))
        FAIL("targets", "季度目标最多 " STR(BUILD_FOCUS_MAX) " 个字符");
    return NULL;
}

/* A task's fields, the same for a new task and a changed one. */
static const char *task_problem(const char *name, const char *responsible, const char *ps,
                                const char *pe, const char *as, const char *ae, int today,
                                const char **field)
{
    const char *problem;
    int d_ps, d_pe, d_as, d_ae;
    if (!rules_text_ok(name, 1, BUILD_TASK_NAME_MAX))
        FAIL("name", "请填写任务名称（1 到 " STR(BUILD_TASK_NAME_MAX) " 个字符）");
    if (!rules_text_ok(responsible, 1, BUILD_PERSON_MAX))
        FAIL("responsible", "请填写责任人（1 到 " STR(BUILD_PERSON_MAX) " 个字符）");
    if ((problem = day_problem(ps, 0, -1, &d_ps)) != NULL)
        FAIL("planned_start", problem);
    if ((problem = day_problem(pe, 0, -1, &d_pe)) != NULL)
        FAIL("planned_end", problem);
    if (d_pe < d_ps)
        FAIL("planned_end", "计划完成日期不能早于计划开始日期");
    if ((problem = day_problem(as, 1, today, &d_as)) != NULL)
        FAIL("actual_start", problem);
    if ((problem = day_problem(ae, 1, today, &d_ae)) != NULL)
        FAIL("actual_end", problem);
    if (d_ae >= 0 && d_as < 0)
        FAIL("actual_start", "已完成的任务须填写实际开始日期");
    if (d_ae >= 0 && d_ae < d_as)
        FAIL("actual_end", "实际完成日期不能早于实际开始日期");
    return NULL;
}

const char *rules_build_task_add_problem(const Zhucun__ProjectTaskAdd *in, int today,
                                         const char **field)
{
    return task_problem(in->name, in->responsible, in->planned_start, in->planned_end,
                        in->actual_start, in->actual_end, today, field);
}

const char *rules_build_task_update_problem(const Zhucun__ProjectTaskUpdate *in, int today,
                                            const char **field)
{
    return task_problem(in->name, in->responsible, in->planned_start, in->planned_end,
                        in->actual_start, in->actual_end, today, field);
}

const char *rules_build_progress_problem(const Zhucun__ProjectProgressReport *in, int today,
                                         const char **field)
{
    const char *problem;
    int day;
    if ((problem = day_problem(in->on_date, 0, today, &day)) != NULL)
        FAIL("on_date", problem);
    if (in->percent > 100)
        FAIL("percent", "进度应为 0 到 100");
    if (!rules_text_ok(in->narrative, 1, BUILD_NARRATIVE_MAX))
        FAIL("narrative", "请填写进度说明（1 到 " STR(BUILD_NARRATIVE_MAX) " 个字符）");
    if (!rules_text_ok(in->correction, 0, BUILD_REASON_MAX))
        FAIL("correction", "更正原因最多 " STR(BUILD_REASON_MAX) " 个字符");
    return evidence_problem(in->n_evidence, in->evidence, field);
}

static int value_ok(double v)
{
    return isfinite(v) && fabs(v) < BUILD_VALUE_MAX;
}

const char *rules_build_target_set_problem(const Zhucun__ProjectTargetSet *in, const char **field)
{
    if (!rules_text_ok(in->indicator, 1, BUILD_INDICATOR_MAX))
        FAIL("indicator", "请填写绩效指标（1 到 " STR(BUILD_INDICATOR_MAX) " 个字符）");
    if (!rules_text_ok(in->unit, 1, BUILD_UNIT_MAX))
        FAIL("unit", "请填写计量单位（1 到 " STR(BUILD_UNIT_MAX) " 个字符）");
    if (!value_ok(in->target_value))
        FAIL("target_value", "目标值应为绝对值小于 10 万亿的数");
    if (strcmp(in->direction, "at_least") != 0 && strcmp(in->direction, "at_most") != 0)
        FAIL("direction", "达标方向应为 at_least（不低于目标值）或 at_most（不高于目标值）");
    return NULL;
}

const char *rules_build_target_monitor_problem(const Zhucun__ProjectTargetMonitor *in, int today,
                                               const char **field)
{
    const char *problem;
    int day;
    if ((problem = day_problem(in->on_date, 0, today, &day)) != NULL)
        FAIL("on_date", problem);
    if (strcmp(in->stage, "mid") != 0 && strcmp(in->stage, "final") != 0 &&
        strcmp(in->stage, "check") != 0)
        FAIL("stage", "监测阶段应为 mid（中期）、final（期末）或 check（日常监测）");
    if (!value_ok(in->value))
        FAIL("value", "监测值应为绝对值小于 10 万亿的数");
    if (!rules_text_ok(in->note, 0, BUILD_REASON_MAX))
        FAIL("note", "备注最多 " STR(BUILD_REASON_MAX) " 个字符");
    return NULL;
}

const char *rules_build_disbursement_problem(const Zhucun__DisbursementRequest *in,
                                             const char **field)
{
    if (in->amount_fen <= 0 || in->amount_fen > BUILD_AMOUNT_MAX)
        FAIL("amount_fen", "拨付金额应大于 0 且不超过 10 亿元");
    if (!rules_text_ok(in->payee, 1, BUILD_PERSON_MAX))
        FAIL("payee", "请填写收款单位或收款人（1 到 " STR(BUILD_PERSON_MAX) " 个字符）");
    if (!rules_text_ok(in->note, 0, BUILD_REASON_MAX))
        FAIL("note", "备注最多 " STR(BUILD_REASON_MAX) " 个字符");
    return evidence_problem(in->n_evidence, in->evidence, field);
}

const char *rules_build_disbursement_list_problem(const Zhucun__DisbursementList *in,
                                                  const char **field)
{
    if (in->limit > DISBURSEMENT_LIST_MAX)
        FAIL("limit", "一次最多列出 " STR(DISBURSEMENT_LIST_MAX) " 条");
    if (in->project_id < 0)
        FAIL("project_id", "项目编号应为正数");
    return NULL;
}

const char *rules_build_list_problem(const Zhucun__ProjectBuildList *in, const char **field)
{
    if (in->limit > BUILD_LIST_MAX)
        FAIL("limit", "一次最多列出 " STR(BUILD_LIST_MAX) " 个项目");
    return NULL;
}
