/* tasks.c -- the checks of the task calls (tasks.h). */
#include "common/rules/tasks.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/ledger.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

static const char *place_problem(const char *code, const char *name, const char **field)
{
    if (code[0] != '\0' && rules_code_level(code) < 0)
        FAIL(name, "区划代码应为 12 位数字");
    return NULL;
}

static const char *limit_problem(uint32_t limit, const char **field)
{
    if (limit > TASK_LIST_MAX)
        FAIL("limit", "条数至多为 " STR(TASK_LIST_MAX));
    return NULL;
}

const char *rules_task_send_problem(const Zhucun__TaskSend *in, int today, const char **field)
{
    int level = rules_code_level(in->org_code), due;
    const char *problem;
    if (level < 1 || level > 4)
        FAIL("org_code", "下达单位应为省、市、县或乡镇的 12 位区划代码");
    if ((problem = place_problem(in->scope_code, "scope_code", field)) != NULL)
        return problem;
    if (!rules_text_ok(in->title, 1, TASK_TITLE_MAX))
        FAIL("title", "请填写任务名称（1 到 " STR(TASK_TITLE_MAX) " 个字符）");
    if (!rules_text_ok(in->body, 0, TASK_BODY_MAX))
        FAIL("body", "任务内容至多 " STR(TASK_BODY_MAX) " 个字符");
    if ((problem = rules_date_problem(in->due_on, -1, &due)) != NULL)
        FAIL("due_on", problem);
    if (due < today)
        FAIL("due_on", "完成期限不能早于今天");
    if (due - today > TASK_DUE_MAX_DAYS)
        FAIL("due_on", "完成期限至多在 " STR(TASK_DUE_MAX_DAYS) " 天之后");
    return NULL;
}

const char *rules_task_report_problem(const Zhucun__TaskReport *in, const char **field)
{
    if (strcmp(in->status, "in_progress") != 0 && strcmp(in->status, "done") != 0)
        FAIL("status", "进展应为 in_progress（办理中）或 done（已办结）");
    if (!rules_text_ok(in->note, 1, TASK_NOTE_MAX))
        FAIL("note", "请说明进展或办结情况（1 到 " STR(TASK_NOTE_MAX) " 个字符）");
    /* the same files go to the ledger item when the instance is one: the ledger's limit */
    const char *problem = rules_ledger_evidence_problem(in->n_evidence, in->evidence);
    if (problem != NULL)
        FAIL("evidence", problem);
    return NULL;
}

const char *rules_task_ledger_problem(const Zhucun__TaskLedger *in, const char **field)
{
    const char *problem;
    if (in->area[0] == '\0')
        FAIL("area", "请选择台账领域");
    if ((problem = rules_ledger_area_problem(in->area)) != NULL)
        FAIL("area", problem);
    return NULL;
}

const char *rules_task_list_problem(const Zhucun__TaskList *in, const char **field)
{
    const char *problem;
    if ((problem = place_problem(in->org_code, "org_code", field)) != NULL)
        return problem;
    if (in->team_id < 0)
        FAIL("team_id", "工作队编号应为正整数（0：全部）");
    return limit_problem(in->limit, field);
}

const char *rules_task_sent_problem(const Zhucun__TaskSent *in, const char **field)
{
    const char *problem;
    if ((problem = place_problem(in->org_code, "org_code", field)) != NULL)
        return problem;
    return limit_problem(in->limit, field);
}

const char *rules_task_board_problem(const Zhucun__TaskBoard *in, const char **field)
{
    return place_problem(in->org_code, "org_code", field);
}
