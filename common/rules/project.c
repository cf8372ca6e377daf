/* project.c -- the kinds, sources and states of projects and the checks of the project calls
 * (project.h). */
#include "common/rules/project.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

const char *const project_kinds[] = {"industry", "infrastructure", "public_service",
                                     "living",   "governance",     NULL};
const char *const project_kind_names[] = {"产业发展", "基础设施", "公共服务",
                                          "人居环境", "乡村治理", NULL};
const char *const project_sources[] = {"central", "province", "city",   "county",
                                       "linkage", "unit",     "social", NULL};
const char *const project_source_names[] = {"中央财政资金",
                                            "省级财政资金",
                                            "市级财政资金",
                                            "县级财政资金",
                                            "衔接推进乡村振兴补助资金",
                                            "帮扶单位资金",
                                            "社会资金",
                                            NULL};
const char *const project_statuses[] = {"planned",     "applied",  "library",    "construction",
                                        "completed",   "accepted", "registered", "handed_over",
                                        "maintenance", "rejected", "cancelled",  NULL};
const char *const project_status_names[] = {"谋划", "申报",   "入库",         "实施",
                                            "完工", "验收",   "资产确权登记", "移交",
                                            "管护", "未通过", "已取消",       NULL};
const char *const project_sorts[] = {"attention", "year", "budget", "name", NULL};

static int index_of(const char *s, const char *const *values)
{
    for (int i = 0; values[i] != NULL; i++)
        if (strcmp(s, values[i]) == 0)
            return i;
    return -1;
}

static const char *name_of(const char *code, const char *const *codes, const char *const *names)
{
    int i = index_of(code, codes);
    return i >= 0 ? names[i] : "";
}

const char *rules_project_kind_name(const char *code)
{
    return name_of(code, project_kinds, project_kind_names);
}

const char *rules_project_source_name(const char *code)
{
    return name_of(code, project_sources, project_source_names);
}

const char *rules_project_status_name(const char *code)
{
    return name_of(code, project_statuses, project_status_names);
}

const char *rules_project_fund_parse(const char *s, char *source, size_t cap, long long *fen)
{
    while (*s == ' ')
        s++;
    const char *eq = strchr(s, '=');
    if (eq == NULL || eq == s || (size_t)(eq - s) >= cap)
        return PROJECT_FUND_PROBLEM;
    memcpy(source, s, (size_t)(eq - s));
    source[eq - s] = '\0';
    char *end;
    double yuan = strtod(eq + 1, &end);
    while (*end == ' ')
        end++;
    if (end == eq + 1 || *end != '\0' || !(yuan > 0) ||
        yuan > (double)PROJECT_BUDGET_MAX_FEN / 100.0)
        return PROJECT_FUND_PROBLEM;
    *fen = llround(yuan * 100.0);
    return NULL;
}

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

/* A text of min to max characters of valid UTF-8. */
static int text_within(const char *s, long min, long max)
{
    long n = rules_utf8_chars(s);
    return n >= min && n <= max;
}

static const char *evidence_problem(size_t n, const ProtobufCBinaryData *ev)
{
    if (n > PROJECT_EVIDENCE_MAX)
        return "一次最多附 " STR(PROJECT_EVIDENCE_MAX) " 份证明材料";
    for (size_t i = 0; i < n; i++)
        if (ev[i].len != PROJECT_SHA256_LEN)
            return "证明材料应为已上传文件的 SHA-256（32 字节）";
    return NULL;
}

/* A budget and its funds: known distinct sources, each amount > 0, adding up to it. */
static const char *budget_problem(long long budget, size_t n, Zhucun__ProjectFund *const *funds,
                                  const char **field)
{
    if (budget <= 0 || budget > PROJECT_BUDGET_MAX_FEN)
        FAIL("budget_fen", "预算应大于 0 且不超过 10 亿元（以分计）");
    if (n == 0)
        FAIL("funds", "请列出资金来源及金额（合计等于预算）");
    long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (index_of(funds[i]->source, project_sources) < 0)
            FAIL("funds", "资金来源应为 central、province、city、county、linkage、unit 或 social");
        for (size_t k = 0; k < i; k++)
            if (strcmp(funds[k]->source, funds[i]->source) == 0)
                FAIL("funds", "同一资金来源只能列一次");
        if (funds[i]->amount_fen <= 0 || funds[i]->amount_fen > PROJECT_BUDGET_MAX_FEN)
            FAIL("funds", "每项资金应大于 0");
        sum += funds[i]->amount_fen;
    }
    if (sum != budget)
        FAIL("funds", "各来源资金合计应等于预算");
    return NULL;
}

const char *rules_project_details_problem(const Zhucun__ProjectCreate *in, int today,
                                          const char **field)
{
    if (in->n_village_codes == 0 || in->n_village_codes > PROJECT_VILLAGES_MAX)
        FAIL("village_codes",
             "请列出项目所涉的村（1 至 " STR(PROJECT_VILLAGES_MAX) " 个，首个为牵头村）");
    for (size_t i = 0; i < in->n_village_codes; i++) {
        if (rules_code_level(in->village_codes[i]) != 5)
            FAIL("village_codes", "村的代码应为 12 位行政村代码");
        for (size_t k = 0; k < i; k++)
            if (strcmp(in->village_codes[k], in->village_codes[i]) == 0)
                FAIL("village_codes", "同一个村只能列一次");
    }
    if (index_of(in->kind, project_kinds) < 0)
        FAIL("kind", "项目类别应为 industry、infrastructure、public_service、living 或 governance");
    if (!text_within(in->name, 1, PROJECT_NAME_MAX))
        FAIL("name", "项目名称应为 1 至 " STR(PROJECT_NAME_MAX) " 个字");
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    if (in->year < PROJECT_FIRST_YEAR || in->year > (unsigned)y + 1)
        FAIL("year", "立项年度应在 2013 年至明年之间");
    const char *problem = budget_problem(in->budget_fen, in->n_funds, in->funds, field);
    if (problem != NULL)
        return problem;
    if (!text_within(in->responsible, 1, PROJECT_RESPONSIBLE_MAX))
        FAIL("responsible", "实施单位名称应为 1 至 " STR(PROJECT_RESPONSIBLE_MAX) " 个字");
    if (in->unit_id < 0)
        FAIL("unit_id", "派出单位编号应为正整数（0：无）");
    int ok1, ok2;
    int start = rules_date_days(in->planned_start, &ok1);
    if (!ok1)
        FAIL("planned_start", "计划开工日期应为 YYYY-MM-DD");
    int end = rules_date_days(in->planned_end, &ok2);
    if (!ok2)
        FAIL("planned_end", "计划完工日期应为 YYYY-MM-DD");
    if (end < start)
        FAIL("planned_end", "计划完工日期不能早于计划开工日期");
    if (end - start > PROJECT_SPAN_DAYS_MAX)
        FAIL("planned_end", "计划工期不能超过 10 年");
    if (in->expected_households > 1000000)
        FAIL("expected_households", "预计受益户数过大");
    if ((unsigned long)in->expected_alleviated + in->expected_monitored > in->expected_households)
        FAIL("expected_households", "脱贫户与监测户之和不能超过预计受益户数");
    if (in->n_beneficiaries > PROJECT_BENEFICIARIES_MAX)
        FAIL("beneficiaries", "受益农户最多列 " STR(PROJECT_BENEFICIARIES_MAX) " 户");
    for (size_t i = 0; i < in->n_beneficiaries; i++) {
        if (in->beneficiaries[i] <= 0)
            FAIL("beneficiaries", "农户编号应为正整数");
        for (size_t k = 0; k < i; k++)
            if (in->beneficiaries[k] == in->beneficiaries[i])
                FAIL("beneficiaries", "同一农户只能列一次");
    }
    if (in->n_beneficiaries > in->expected_households)
        FAIL("beneficiaries", "列出的受益农户多于预计受益户数");
    if (!text_within(in->description, 0, PROJECT_DESCRIPTION_MAX))
        FAIL("description", "项目简介最多 " STR(PROJECT_DESCRIPTION_MAX) " 个字");
    if ((problem = evidence_problem(in->n_evidence, in->evidence)) != NULL)
        FAIL("evidence", problem);
    return NULL;
}

const char *rules_project_update_problem(const Zhucun__ProjectUpdate *in, int today,
                                         const char **field)
{
    if (in->details == NULL)
        FAIL("details", "请给出项目的全部信息");
    return rules_project_details_problem(in->details, today, field);
}

const char *rules_project_transition_problem(const Zhucun__ProjectTransition *in,
                                             const char **field)
{
    if (index_of(in->status, project_statuses) <= 0)
        FAIL("status", "目标状态应为 applied、library、construction、completed、accepted、"
                       "registered、handed_over、maintenance、rejected 或 cancelled");
    int ending = strcmp(in->status, "rejected") == 0 || strcmp(in->status, "cancelled") == 0;
    if (!text_within(in->reason, ending ? 1 : 0, PROJECT_REASON_MAX))
        FAIL("reason", ending ? "不予通过或取消须说明理由（最多 " STR(PROJECT_REASON_MAX) " 个字）"
                              : "理由最多 " STR(PROJECT_REASON_MAX) " 个字");
    if (in->budget_fen != 0 || in->n_funds != 0) {
        if (ending)
            FAIL("budget_fen", "不予通过或取消的申请不调整预算");
        const char *problem = budget_problem(in->budget_fen, in->n_funds, in->funds, field);
        if (problem != NULL)
            return problem;
    }
    const char *problem = evidence_problem(in->n_evidence, in->evidence);
    if (problem != NULL)
        FAIL("evidence", problem);
    return NULL;
}

/* "" or a valid org code of any level. */
static int code_ok(const char *code)
{
    return code[0] == '\0' || rules_code_level(code) > 0;
}

const char *rules_project_list_problem(const Zhucun__ProjectList *in, const char **field)
{
    if (!code_ok(in->org_code))
        FAIL("org_code", "组织机构代码应为 12 位数字");
    if (in->status[0] != '\0' && index_of(in->status, project_statuses) < 0)
        FAIL("status", "未知的项目状态");
    if (in->kind[0] != '\0' && index_of(in->kind, project_kinds) < 0)
        FAIL("kind", "未知的项目类别");
    if ((in->year_from != 0 && in->year_from < PROJECT_FIRST_YEAR) ||
        (in->year_to != 0 && in->year_to < PROJECT_FIRST_YEAR))
        FAIL("year_from", "年度应不早于 2013 年");
    if (in->year_from != 0 && in->year_to != 0 && in->year_to < in->year_from)
        FAIL("year_to", "截止年度不能早于起始年度");
    if (!text_within(in->text, 0, PROJECT_TEXT_MAX))
        FAIL("text", "搜索文字最多 " STR(PROJECT_TEXT_MAX) " 个字");
    if (in->sort[0] != '\0' && index_of(in->sort, project_sorts) < 0)
        FAIL("sort", "排序应为 attention、year、budget 或 name");
    if (in->limit > PROJECT_LIST_MAX)
        FAIL("limit", "每页最多 " STR(PROJECT_LIST_MAX) " 个项目");
    return NULL;
}

const char *rules_project_board_problem(const Zhucun__ProjectBoard *in, const char **field)
{
    if (!code_ok(in->org_code))
        FAIL("org_code", "组织机构代码应为 12 位数字");
    if (in->year != 0 && (in->year < PROJECT_FIRST_YEAR || in->year > 2100))
        FAIL("year", "年度应不早于 2013 年");
    return NULL;
}
