/* inspect.c -- the checks of the inspection and circular calls (inspect.h). */
#include "common/rules/inspect.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/ledger.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

unsigned rules_inspect_limit(unsigned limit)
{
    return limit == 0 ? INSPECT_LIST_DEFAULT : limit > INSPECT_LIST_MAX ? INSPECT_LIST_MAX : limit;
}

const char *rules_inspection_record_problem(const Zhucun__InspectionRecord *in, int today,
                                            const char **field)
{
    int level = rules_code_level(in->org_code);
    if (level != ORG_PROVINCE && level != ORG_CITY && level != ORG_COUNTY)
        return *field = "org_code", "暗访由省、市、县驻村办组织：请给出本驻村办的 12 位区划代码";
    int from, to;
    const char *problem = rules_date_problem(in->started_on, today, &from);
    if (problem != NULL)
        return *field = "started_on", problem;
    if ((problem = rules_date_problem(in->ended_on, today, &to)) != NULL)
        return *field = "ended_on", problem;
    if (to < from)
        return *field = "ended_on", "结束日期不能早于开始日期";
    if (to - from + 1 > INSPECTION_DAYS_MAX)
        return *field = "ended_on", "一次暗访至多 " STR(INSPECTION_DAYS_MAX) " 天";
    if (!rules_text_ok(in->inspectors, 1, INSPECTION_INSPECTORS_MAX))
        return *field = "inspectors",
               "暗访人员应为 1 至 " STR(INSPECTION_INSPECTORS_MAX) " 个字（姓名）";
    if (in->n_villages > INSPECTION_VISITED_MAX)
        return *field = "villages", "一次暗访至多登记 " STR(INSPECTION_VISITED_MAX) " 个村";
    for (size_t i = 0; i < in->n_villages; i++)
        if (rules_code_level(in->villages[i]) != ORG_VILLAGE)
            return *field = "villages", "走访的村应为行政村的 12 位区划代码";
    if (in->n_team_ids > INSPECTION_VISITED_MAX)
        return *field = "team_ids", "一次暗访至多登记 " STR(INSPECTION_VISITED_MAX) " 个工作队";
    for (size_t i = 0; i < in->n_team_ids; i++)
        if (in->team_ids[i] <= 0)
            return *field = "team_ids", "工作队编号应为正整数";
    if (!rules_text_ok(in->note, 0, INSPECTION_NOTE_MAX))
        return *field = "note", "备注至多 " STR(INSPECTION_NOTE_MAX) " 个字";
    return NULL;
}

const char *rules_finding_add_problem(const Zhucun__FindingAdd *in, int today, const char **field)
{
    if (in->person_id < 0)
        return *field = "person_id", "干部编号应为正整数（不点名：0）";
    if (in->village[0] != '\0' && rules_code_level(in->village) != ORG_VILLAGE)
        return *field = "village", "发现问题的村应为行政村的 12 位区划代码";
    const char *problem = rules_ledger_area_problem(in->area);
    if (problem != NULL)
        return *field = "area", problem;
    if (!rules_text_ok(in->fact, 1, FINDING_FACT_MAX))
        return *field = "fact", "问题应为 1 至 " STR(FINDING_FACT_MAX) " 个字";
    if ((problem = rules_ledger_deadline_problem(in->deadline, today)) != NULL)
        return *field = "deadline", problem;
    if (in->deduction > FINDING_DEDUCTION_MAX)
        return *field = "deduction", "一条问题至多扣 " STR(FINDING_DEDUCTION_MAX) " 分";
    if ((problem = rules_ledger_evidence_problem(in->n_evidence, in->evidence)) != NULL)
        return *field = "evidence", problem;
    return NULL;
}

/* An optional day of a list ("" or YYYY-MM-DD). */
static int optional_day_ok(const char *s)
{
    int ok = 1;
    if (s[0] != '\0')
        rules_date_days(s, &ok);
    return ok;
}

const char *rules_inspection_list_problem(const Zhucun__InspectionList *in, const char **field)
{
    int level = rules_code_level(in->org_code);
    if (in->org_code[0] != '\0' && level != ORG_PROVINCE && level != ORG_CITY &&
        level != ORG_COUNTY)
        return *field = "org_code", "驻村办应为省、市或县的 12 位区划代码（空：全部）";
    if (!optional_day_ok(in->from))
        return *field = "from", "日期应为 YYYY-MM-DD";
    if (!optional_day_ok(in->to))
        return *field = "to", "日期应为 YYYY-MM-DD";
    if (in->limit > INSPECT_LIST_MAX)
        return *field = "limit", "一次至多列出 " STR(INSPECT_LIST_MAX) " 条";
    return NULL;
}

const char *rules_circular_issue_problem(const Zhucun__CircularIssue *in, int today,
                                         const char **field)
{
    if (!rules_text_ok(in->doc_number, 1, CIRCULAR_DOC_NUMBER_MAX) ||
        strchr(in->doc_number, '\n') != NULL)
        return *field = "doc_number",
               "文号应为 1 至 " STR(CIRCULAR_DOC_NUMBER_MAX) " 个字的一行，如 晋驻办通〔2026〕12号";
    if (!rules_text_ok(in->title, 1, CIRCULAR_TITLE_MAX) || strchr(in->title, '\n') != NULL)
        return *field = "title", "标题应为 1 至 " STR(CIRCULAR_TITLE_MAX) " 个字的一行";
    if (!rules_text_ok(in->body, 1, CIRCULAR_BODY_MAX))
        return *field = "body", "正文应为 1 至 " STR(CIRCULAR_BODY_MAX) " 个字";
    int day;
    const char *problem = rules_date_problem(in->issued_on, today, &day);
    if (problem != NULL)
        return *field = "issued_on", problem;
    return NULL;
}

const char *rules_circular_list_problem(const Zhucun__CircularList *in, const char **field)
{
    if (in->kind[0] != '\0' && strcmp(in->kind, "inspection") != 0 &&
        strcmp(in->kind, "assessment") != 0)
        return *field = "kind", "通报种类应为 inspection（暗访）或 assessment（考核）";
    if (in->limit > INSPECT_LIST_MAX)
        return *field = "limit", "一次至多列出 " STR(INSPECT_LIST_MAX) " 条";
    return NULL;
}
