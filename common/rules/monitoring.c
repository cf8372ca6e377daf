/* monitoring.c -- the checks of the monitoring calls, once for the server and the client
 * (monitoring.h). */
#include "common/rules/monitoring.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/account.h"

struct code_name {
    const char *code, *name;
};

static const struct code_name kinds[] = {
    {"unstable", "脱贫不稳定户"}, {"marginal", "边缘易致贫户"}, {"sudden", "突发严重困难户"}, {0}};
static const struct code_name found_bys[] = {
    {"application", "农户申请"}, {"screening", "干部排查"}, {"warning", "部门预警"}, {0}};
static const struct code_name risks[] = {{"illness", "因病"},
                                         {"schooling", "因学"},
                                         {"disability", "因残"},
                                         {"disaster", "因灾"},
                                         {"accident", "因意外事故"},
                                         {"industry_failure", "因产业项目失败"},
                                         {"unstable_work", "因务工就业不稳"},
                                         {"few_workers", "因人口多劳动力少"},
                                         {"expenses", "因支出骤增"},
                                         {"housing_risk", "因住房安全"},
                                         {"water_risk", "因饮水安全"},
                                         {"other", "其他"},
                                         {0}};
static const struct code_name measures[] = {
    {"industry", "产业帮扶"},   {"employment", "就业帮扶"}, {"health", "健康帮扶"},
    {"education", "教育帮扶"},  {"housing", "住房保障"},    {"water", "饮水保障"},
    {"assistance", "社会救助"}, {"other", "其他"},          {0}};
static const struct code_name statuses[] = {{"pending", "纳入审批中"},    {"monitored", "监测中"},
                                            {"rejected", "未获批准"},     {"returned", "已退回"},
                                            {"eliminated", "风险已消除"}, {0}};

const char *const rules_monitor_kinds[] = {"unstable", "marginal", "sudden", NULL};
const char *const rules_monitor_found_bys[] = {"application", "screening", "warning", NULL};
const char *const rules_monitor_risks[] = {
    "illness",          "schooling",     "disability",  "disaster", "accident",
    "industry_failure", "unstable_work", "few_workers", "expenses", "housing_risk",
    "water_risk",       "other",         NULL};
const char *const rules_monitor_measures[] = {"industry",   "employment", "health",
                                              "education",  "housing",    "water",
                                              "assistance", "other",      NULL};

static const char *lookup(const struct code_name *t, const char *code)
{
    for (; code != NULL && t->code != NULL; t++)
        if (strcmp(t->code, code) == 0)
            return t->name;
    return NULL;
}

const char *rules_monitor_kind_name(const char *kind)
{
    return lookup(kinds, kind);
}

const char *rules_monitor_found_by_name(const char *found_by)
{
    return lookup(found_bys, found_by);
}

const char *rules_monitor_risk_name(const char *risk)
{
    return lookup(risks, risk);
}

const char *rules_monitor_measure_name(const char *kind)
{
    return lookup(measures, kind);
}

const char *rules_monitor_status_name(const char *status)
{
    return lookup(statuses, status);
}

/* A day "YYYY-MM-DD" not after today: its day number, or -1. */
static int past_day(const char *s, int today)
{
    int ok = 0;
    int d = rules_date_days(s, &ok);
    return ok && d <= today ? d : -1;
}

static int text_ok(const char *s, size_t max, int required)
{
    size_t n = strlen(s);
    return n <= max && (!required || n > 0);
}

#define DAY_PROBLEM  "日期应为不晚于今天的 YYYY-MM-DD"
#define TEXT_PROBLEM "应为 1 到 500 字节"

/* One risk: its type, and a text exactly for "other". */
static const char *risk_problem(const Zhucun__MonitorRiskInput *r, const char **which)
{
    *which = "risk";
    if (r == NULL || rules_monitor_risk_name(r->risk) == NULL)
        return "风险类型应为 illness、schooling、disability、disaster、accident、"
               "industry_failure、unstable_work、few_workers、expenses、housing_risk、"
               "water_risk 或 other";
    *which = "text";
    if (strcmp(r->risk, "other") == 0 && !text_ok(r->text, MONITOR_RISK_TEXT_MAX, 1))
        return "其他风险须说明是什么（1 到 200 字节）";
    if (strcmp(r->risk, "other") != 0 && r->text[0] != '\0')
        return "只有其他风险（other）填写说明";
    return NULL;
}

const char *rules_monitor_enter_problem(const Zhucun__MonitorEnter *in, int today, char *buf,
                                        size_t cap, const char **field)
{
    if (rules_monitor_kind_name(in->kind) == NULL)
        return *field = "kind",
               "监测对象类别应为 unstable（脱贫不稳定户）、marginal（边缘易致贫户）或 "
               "sudden（突发严重困难户）";
    if (rules_monitor_found_by_name(in->found_by) == NULL)
        return *field = "found_by",
               "发现方式应为 application（农户申请）、screening（干部排查）或 warning（部门预警）";
    if (past_day(in->found_on, today) < 0)
        return *field = "found_on", "发现" DAY_PROBLEM;
    if (in->n_risks == 0 || in->n_risks > MONITOR_RISKS_MAX)
        return *field = "risks", "请填写 1 到 12 项风险";
    for (size_t i = 0; i < in->n_risks; i++) {
        const char *which;
        const char *p = risk_problem(in->risks[i], &which);
        if (p != NULL) {
            snprintf(buf, cap, "risks[%zu].%s", i, which);
            *field = buf;
            return p;
        }
    }
    if (!text_ok(in->note, MONITOR_TEXT_MAX, 0))
        return *field = "note", "说明过长（最多 500 字节）";
    return NULL;
}

const char *rules_monitor_risk_add_problem(const Zhucun__MonitorRiskAdd *in, int today,
                                           const char **field)
{
    const char *which;
    const char *p = risk_problem(in->risk, &which);
    if (p != NULL)
        return *field = strcmp(which, "risk") == 0 ? "risk.risk" : "risk.text", p;
    if (past_day(in->identified_on, today) < 0)
        return *field = "identified_on", "识别" DAY_PROBLEM;
    return NULL;
}

const char *rules_monitor_risk_close_problem(const Zhucun__MonitorRiskClose *in, int today,
                                             const char **field)
{
    if (past_day(in->closed_on, today) < 0)
        return *field = "closed_on", "消除" DAY_PROBLEM;
    if (!text_ok(in->note, MONITOR_TEXT_MAX, 1))
        return *field = "note", "消除情况" TEXT_PROBLEM;
    return NULL;
}

const char *rules_measure_add_problem(const Zhucun__MeasureAdd *in, int today, const char **field)
{
    if (rules_monitor_measure_name(in->kind) == NULL)
        return *field = "kind",
               "措施类别应为 industry、employment、health、education、housing、water、"
               "assistance 或 other";
    if (!text_ok(in->description, MONITOR_TEXT_MAX, 1))
        return *field = "description", "措施内容" TEXT_PROBLEM;
    if (past_day(in->started_on, today) < 0)
        return *field = "started_on", "开始" DAY_PROBLEM;
    return NULL;
}

const char *rules_measure_close_problem(const Zhucun__MeasureClose *in, int today,
                                        const char **field)
{
    if (past_day(in->ended_on, today) < 0)
        return *field = "ended_on", "结束" DAY_PROBLEM;
    if (!text_ok(in->outcome, MONITOR_TEXT_MAX, 1))
        return *field = "outcome", "措施成效" TEXT_PROBLEM;
    return NULL;
}

const char *rules_monitor_review_problem(const Zhucun__MonitorReview *in, int today,
                                         const char **field)
{
    int review = past_day(in->review_date, today);
    if (review < 0)
        return *field = "review_date", "评议" DAY_PROBLEM;
    int first = past_day(in->notice_first, today);
    if (first < review)
        return *field = "notice_first", "公示开始日期应为不早于评议日期、不晚于今天的 YYYY-MM-DD";
    if (past_day(in->notice_last, today) < first)
        return *field = "notice_last",
               "公示结束日期应为不早于公示开始日期、不晚于今天的 YYYY-MM-DD";
    if (!text_ok(in->evidence, MONITOR_TEXT_MAX, 1))
        return *field = "evidence", "评议和公示的依据（会议记录、公示地点、照片编号）" TEXT_PROBLEM;
    return NULL;
}

const char *rules_monitor_sign_off_problem(const Zhucun__MonitorSignOff *in, const char **field)
{
    if (!text_ok(in->note, MONITOR_TEXT_MAX, 0))
        return *field = "note", "说明过长（最多 500 字节）";
    return NULL;
}

const char *rules_monitor_show_problem(const Zhucun__MonitorShow *in, const char **field)
{
    if ((in->case_id > 0) == (in->household_id > 0) || in->case_id < 0 || in->household_id < 0)
        return *field = "case_id", "请给出监测记录编号（case_id）或农户编号（household_id）之一";
    return NULL;
}

static const char *list_problem(const char *org, unsigned limit, const char **field)
{
    if (org[0] != '\0' && rules_code_level(org) < 0)
        return *field = "org_code", "区划代码应为 12 位数字";
    if (limit > MONITOR_LIST_MAX)
        return *field = "limit", "每页最多 5000 户";
    return NULL;
}

const char *rules_monitor_list_problem(const Zhucun__MonitorList *in, const char **field)
{
    if (in->kind[0] != '\0' && rules_monitor_kind_name(in->kind) == NULL)
        return *field = "kind", "监测对象类别应为 unstable、marginal 或 sudden";
    if (in->risk[0] != '\0' && rules_monitor_risk_name(in->risk) == NULL)
        return *field = "risk", "未知的风险类型";
    if (in->status[0] != '\0' && strcmp(in->status, "all") != 0 &&
        rules_monitor_status_name(in->status) == NULL)
        return *field = "status",
               "状态应为 pending、monitored、rejected、returned、eliminated 或 all";
    if (in->after < 0)
        return *field = "after", "after 应为监测记录编号";
    return list_problem(in->org_code, in->limit, field);
}

const char *rules_monitor_stale_problem(const Zhucun__MonitorStale *in, const char **field)
{
    if (in->after < 0)
        return *field = "after", "after 应为监测记录编号";
    return list_problem(in->org_code, in->limit, field);
}

unsigned rules_monitor_limit(unsigned limit)
{
    return limit == 0 ? MONITOR_LIST_DEFAULT : limit;
}
