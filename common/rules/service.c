/* service.c -- the categories of service cases and the checks of the service calls
 * (service.h). */
#include "common/rules/service.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

static const char *const dispute_kinds[] = {"family", "neighbour", "collective", "petition", NULL};
static const char *const dispute_names[] = {"家庭纠纷", "邻里纠纷", "与集体的纠纷", "信访", NULL};
static const char *const rights_kinds[] = {"election",     "dibao",     "wubao", "dividend",
                                           "compensation", "homestead", NULL};
static const char *const rights_names[] = {"选举权",   "低保",   "五保", "集体分红",
                                           "征地补偿", "宅基地", NULL};

/* The money limits follow the policies: 脱贫人口小额信贷 up to 50,000 yuan a household;
 * 生源地信用助学贷款 up to 20,000 yuan a year (a postgraduate's 25,000); a stay's medical
 * reimbursement or 大病 relief far below 1,000,000 yuan; 防贫险 tops income up by at most
 * 10,000 yuan a household a year; one 临时救助 payment at most 20,000 yuan. */
const struct service_category service_categories[] = {
    {"medical_reimbursement", "医疗报销", 100000000LL, NULL, NULL},
    {"chronic_certificate", "慢性病证办理", 0, NULL, NULL},
    {"student_loan", "助学贷款", 2500000LL, NULL, NULL},
    {"micro_credit", "小额信贷", 5000000LL, NULL, NULL},
    {"disability_certificate", "残疾证办理", 0, NULL, NULL},
    {"wedding_funeral", "红白事", 0, NULL, NULL},
    {"serious_illness", "大病救助", 100000000LL, NULL, NULL},
    {"family_crisis", "家庭变故", 0, NULL, NULL},
    {"elderly_visit", "独居老人探访", 0, NULL, NULL},
    {"orphan", "孤儿关爱", 0, NULL, NULL},
    {"insurance_topup", "防贫险收入补差", 1000000LL, NULL, NULL},
    {"relief_payment", "救助资金发放", 2000000LL, NULL, NULL},
    {"legal_aid", "法律援助", 0, NULL, NULL},
    {"dispute", "矛盾纠纷", 0, dispute_kinds, dispute_names},
    {"rights", "权益保障", 0, rights_kinds, rights_names},
};
const size_t service_ncategories = sizeof(service_categories) / sizeof(service_categories[0]);

static const char *const steps[] = {"progress", "hospital_contact", "admission", "reimbursement",
                                    NULL};
static const char *const step_names[] = {"进展", "就医联系", "入院", "报销", NULL};
static const char *const mediations[] = {"mediated", "partly", "failed", "referred", NULL};
static const char *const mediation_names[] = {"调解成功", "部分达成", "调解未成", "移交处理", NULL};
static const char *const report_by[] = {"village", "unit", "cadre", "category", "month", NULL};

/* The index of s in values, or -1. */
static int index_of(const char *s, const char *const *values)
{
    for (int i = 0; values[i] != NULL; i++)
        if (strcmp(s, values[i]) == 0)
            return i;
    return -1;
}

const struct service_category *rules_service_category(const char *code)
{
    for (size_t i = 0; i < service_ncategories; i++)
        if (strcmp(code, service_categories[i].code) == 0)
            return &service_categories[i];
    return NULL;
}

const char *rules_service_subkind_name(const char *category, const char *subkind)
{
    const struct service_category *c = rules_service_category(category);
    int i = c != NULL && c->subkinds != NULL ? index_of(subkind, c->subkinds) : -1;
    return i >= 0 ? c->subkind_names[i] : "";
}

const char *rules_service_step_name(const char *step)
{
    int i = index_of(step, steps);
    return i >= 0 ? step_names[i] : "";
}

const char *rules_service_mediation_name(const char *mediation)
{
    int i = index_of(mediation, mediations);
    return i >= 0 ? mediation_names[i] : "";
}

int rules_service_report_by_ok(const char *by)
{
    return index_of(by, report_by) >= 0;
}

/* A date that is a real YYYY-MM-DD and not after today. */
static const char *date_problem(const char *s, int today)
{
    int ok;
    int day = rules_date_days(s, &ok);
    if (!ok)
        return "日期应为 YYYY-MM-DD";
    return day > today ? "日期不能晚于今天" : NULL;
}

/* A text of 1 to max characters of valid UTF-8. */
static int text_within(const char *s, long max)
{
    long n = rules_utf8_chars(s);
    return n >= 1 && n <= max;
}

static int text_ok(const char *s)
{
    return text_within(s, SERVICE_TEXT_MAX);
}

static const char *evidence_problem(size_t n, const ProtobufCBinaryData *ev)
{
    if (n > SERVICE_EVIDENCE_MAX)
        return "一次最多附 " STR(SERVICE_EVIDENCE_MAX) " 份证明材料";
    for (size_t i = 0; i < n; i++)
        if (ev[i].len != SERVICE_SHA256_LEN)
            return "证明材料应为已上传文件的 SHA-256（32 字节）";
    return NULL;
}

/* A year from SERVICE_FIRST_YEAR to today's, or 0. */
static int year_ok(unsigned year, int today)
{
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    return year == 0 || (year >= SERVICE_FIRST_YEAR && year <= (unsigned)y);
}

#define FAIL(f, msg)                                                                               \
    do {                                                                                           \
        *field = (f);                                                                              \
        return (msg);                                                                              \
    } while (0)

const char *rules_service_create_problem(const Zhucun__ServiceCaseCreate *in, int today,
                                         const char **field)
{
    const char *problem;
    const struct service_category *c = rules_service_category(in->category);
    if (c == NULL)
        FAIL("category", "服务类别不存在：可选 medical_reimbursement、chronic_certificate、"
                         "student_loan、micro_credit、disability_certificate、wedding_funeral、"
                         "serious_illness、family_crisis、elderly_visit、orphan、insurance_topup、"
                         "relief_payment、legal_aid、dispute、rights");
    if (c->subkinds == NULL && in->subkind[0] != '\0')
        FAIL("subkind", "只有矛盾纠纷（dispute）和权益保障（rights）事项有细类");
    if (c->subkinds == dispute_kinds && index_of(in->subkind, dispute_kinds) < 0)
        FAIL("subkind", "矛盾纠纷须注明类型：family（家庭）、neighbour（邻里）、collective"
                        "（与集体）或 petition（信访）");
    if (c->subkinds == rights_kinds && index_of(in->subkind, rights_kinds) < 0)
        FAIL("subkind", "权益保障须注明类型：election（选举）、dibao（低保）、wubao（五保）、"
                        "dividend（分红）、compensation（补偿）或 homestead（宅基地）");
    if ((problem = date_problem(in->opened_on, today)) != NULL)
        FAIL("opened_on", problem);
    if (!text_ok(in->summary))
        FAIL("summary", "请写明事由（1 到 " STR(SERVICE_TEXT_MAX) " 个字符）");
    if (in->follows_id < 0)
        FAIL("follows_id", "接续的事项编号应为正整数（0 表示不接续）");
    if ((problem = evidence_problem(in->n_evidence, in->evidence)) != NULL)
        FAIL("evidence", problem);
    return NULL;
}

const char *rules_service_step_problem(const Zhucun__ServiceCaseStep *in, const char *category,
                                       int today, const char **field)
{
    const char *problem;
    if (index_of(in->step, steps) < 0)
        FAIL("step", "环节应为 progress（进展）、hospital_contact（就医联系）、admission（入院）"
                     "或 reimbursement（报销）");
    if (category != NULL && strcmp(category, "serious_illness") != 0 &&
        strcmp(in->step, "progress") != 0)
        FAIL("step", "只有大病救助事项有就医联系、入院和报销环节：其他事项登记 progress（进展）");
    if ((problem = date_problem(in->on_date, today)) != NULL)
        FAIL("on_date", problem);
    if (!text_ok(in->note))
        FAIL("note", "请写明进展（1 到 " STR(SERVICE_TEXT_MAX) " 个字符）");
    if ((problem = evidence_problem(in->n_evidence, in->evidence)) != NULL)
        FAIL("evidence", problem);
    return NULL;
}

const char *rules_service_close_problem(const Zhucun__ServiceCaseClose *in, const char *category,
                                        int today, const char **field)
{
    const char *problem;
    if ((problem = date_problem(in->closed_on, today)) != NULL)
        FAIL("closed_on", problem);
    if (!text_ok(in->outcome))
        FAIL("outcome", "请写明办理结果（1 到 " STR(SERVICE_TEXT_MAX) " 个字符）");
    if (in->mediation[0] != '\0' && index_of(in->mediation, mediations) < 0)
        FAIL("mediation", "调解结果应为 mediated（调解成功）、partly（部分达成）、failed"
                          "（调解未成）或 referred（移交处理）");
    if (in->amount_fen < 0)
        FAIL("amount_fen", "金额不能为负（单位：分）");
    if ((problem = evidence_problem(in->n_evidence, in->evidence)) != NULL)
        FAIL("evidence", problem);
    if (category == NULL)
        return NULL;
    const struct service_category *c = rules_service_category(category);
    int dispute = strcmp(category, "dispute") == 0;
    if (dispute && in->mediation[0] == '\0')
        FAIL("mediation", "矛盾纠纷办结时须填写调解结果（mediated、partly、failed 或 referred）");
    if (!dispute && in->mediation[0] != '\0')
        FAIL("mediation", "调解结果只用于矛盾纠纷事项");
    if (c != NULL && c->money_max_fen == 0 && in->amount_fen > 0)
        FAIL("amount_fen", "该类事项不涉及资金，不填金额");
    if (c != NULL && in->amount_fen > c->money_max_fen)
        FAIL("amount_fen", "金额超过该类事项的上限（小额信贷 5 万元，助学贷款 2.5 万元，"
                           "防贫险补差 1 万元，救助资金 2 万元，医疗 100 万元）");
    return NULL;
}

const char *rules_service_list_problem(const Zhucun__ServiceCaseList *in, int today,
                                       const char **field)
{
    if (in->household_id > 0 && in->org_code[0] != '\0')
        FAIL("org_code", "请给出农户（household_id）或区划（org_code）之一");
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    if (in->category[0] != '\0' && rules_service_category(in->category) == NULL)
        FAIL("category", "服务类别不存在");
    if (in->handler_id < 0)
        FAIL("handler_id", "经办人编号应为正整数（0 表示不限）");
    if (!year_ok(in->year, today))
        FAIL("year", "年份应在 " STR(SERVICE_FIRST_YEAR) " 年到今年之间");
    return NULL;
}

const char *rules_service_report_problem(const Zhucun__ServiceReport *in, int today,
                                         const char **field)
{
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    if (!rules_service_report_by_ok(in->by))
        FAIL("by", "统计口径应为 village（按村）、unit（按下级区划）、cadre（按经办人）、"
                   "category（按类别）或 month（按月）");
    if (strcmp(in->by, "unit") == 0 && in->org_code[0] == '\0')
        FAIL("org_code", "按下级区划统计须给出区划代码（org_code）");
    if (strcmp(in->by, "unit") == 0 && rules_code_level(in->org_code) == ORG_VILLAGE)
        FAIL("org_code", "行政村没有下级区划：请按 village、cadre、category 或 month 统计");
    if (!year_ok(in->year, today))
        FAIL("year", "年份应在 " STR(SERVICE_FIRST_YEAR) " 年到今年之间");
    return NULL;
}

/* ---- competitions ---- */

const char *const contest_kinds[] = {"livestream", "tourism",       "entrepreneur",
                                     "best_cadre", "demonstration", NULL};
const char *const contest_kind_names[] = {"直播带货擂台赛",       "旅游推介擂台赛",
                                          "创业致富带头人擂台赛", "最美驻村干部擂台赛",
                                          "示范创建擂台赛",       NULL};

const char *rules_contest_kind_name(const char *kind)
{
    int i = index_of(kind, contest_kinds);
    return i >= 0 ? contest_kind_names[i] : "";
}

const char *rules_contest_open_problem(const Zhucun__ContestRoundOpen *in, int today,
                                       const char **field)
{
    int ok1, ok2;
    if (index_of(in->kind, contest_kinds) < 0)
        FAIL("kind", "擂台赛类别应为 livestream（直播带货）、tourism（旅游推介）、entrepreneur"
                     "（创业致富带头人）、best_cadre（最美驻村干部）或 demonstration（示范创建）");
    int level = rules_code_level(in->org_code);
    if (level < 0)
        FAIL("org_code", "区划代码应为 12 位数字");
    if (level > ORG_COUNTY)
        FAIL("org_code", "擂台赛由县级及以上驻村办组织：请给出县、市或省的区划代码");
    if (!text_within(in->title, CONTEST_TITLE_MAX))
        FAIL("title", "请填写擂台赛名称（1 到 " STR(CONTEST_TITLE_MAX) " 个字符）");
    int starts = rules_date_days(in->starts_on, &ok1);
    if (!ok1)
        FAIL("starts_on", "日期应为 YYYY-MM-DD");
    int ends = rules_date_days(in->ends_on, &ok2);
    if (!ok2)
        FAIL("ends_on", "日期应为 YYYY-MM-DD");
    if (ends < starts)
        FAIL("ends_on", "报名截止日期不能早于开始日期");
    if (ends < today)
        FAIL("ends_on", "报名截止日期不能早于今天");
    if (ends - starts >= CONTEST_DAYS_MAX)
        FAIL("ends_on", "一轮擂台赛的报名期最长 " STR(CONTEST_DAYS_MAX) " 天");
    return NULL;
}

const char *rules_contest_enter_problem(const Zhucun__ContestEnter *in, const char **field)
{
    const char *problem;
    if (!text_within(in->title, CONTEST_TITLE_MAX))
        FAIL("title", "请填写参赛作品名称（1 到 " STR(CONTEST_TITLE_MAX) " 个字符）");
    if (!text_within(in->description, CONTEST_DESCRIPTION_MAX))
        FAIL("description", "请介绍参赛作品（1 到 " STR(CONTEST_DESCRIPTION_MAX) " 个字符）");
    if ((problem = evidence_problem(in->n_evidence, in->evidence)) != NULL)
        FAIL("evidence", problem);
    return NULL;
}

const char *rules_contest_result_problem(const Zhucun__ContestResult *in, const char **field)
{
    if (in->rank > CONTEST_RANK_MAX)
        FAIL("rank", "名次应在 1 到 " STR(CONTEST_RANK_MAX) " 之间（0 表示不排名次）");
    if (!text_within(in->award, CONTEST_AWARD_MAX))
        FAIL("award", "请填写评定结果（1 到 " STR(CONTEST_AWARD_MAX) " 个字符，如一等奖、优秀奖）");
    return NULL;
}

const char *rules_contest_list_problem(const Zhucun__ContestList *in, int today, const char **field)
{
    if (in->round_id < 0)
        FAIL("round_id", "擂台赛编号应为正整数（0 表示不限）");
    if (in->team_id < 0)
        FAIL("team_id", "工作队编号应为正整数（0 表示不限）");
    if (in->kind[0] != '\0' && index_of(in->kind, contest_kinds) < 0)
        FAIL("kind", "擂台赛类别不存在");
    if (!year_ok(in->year, today))
        FAIL("year", "年份应在 " STR(SERVICE_FIRST_YEAR) " 年到今年之间");
    return NULL;
}
