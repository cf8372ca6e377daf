/* lookback.c -- the checks of the look-back calls (lookback.h). */
#include "common/rules/lookback.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/ledger.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

const struct lookback_code lookback_docs[] = {
    {"approval", "立项批复文件"},   {"tender", "招投标资料"},
    {"acceptance", "竣工验收报告"}, {"asset_registration", "资产确权登记"},
    {"handover", "移交手续"},
};
const size_t lookback_n_docs = sizeof(lookback_docs) / sizeof(lookback_docs[0]);

const struct lookback_code lookback_upkeeps[] = {
    {"in_use", "正常使用"},
    {"idle", "闲置"},
    {"damaged", "损坏"},
};
const size_t lookback_n_upkeeps = sizeof(lookback_upkeeps) / sizeof(lookback_upkeeps[0]);

const struct lookback_code lookback_verdicts[] = {
    {"good", "合格"},
    {"rectify", "需整改"},
    {"serious", "问题严重"},
};
const size_t lookback_n_verdicts = sizeof(lookback_verdicts) / sizeof(lookback_verdicts[0]);

const char *rules_lookback_label(const struct lookback_code *table, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].code, code) == 0)
            return table[i].label;
    return NULL;
}

static int text_ok(const char *s, long min, long max)
{
    long n = rules_utf8_chars(s);
    return n >= min && n <= max;
}

unsigned rules_lookback_limit(unsigned limit)
{
    return limit == 0                  ? LOOKBACK_LIST_DEFAULT
           : limit > LOOKBACK_LIST_MAX ? LOOKBACK_LIST_MAX
                                       : limit;
}

const char *rules_lookback_campaign_problem(const Zhucun__LookbackCampaignCreate *in, int today,
                                            const char **field)
{
    int level = rules_code_level(in->org_code);
    if (level != ORG_CITY && level != ORG_COUNTY)
        return *field = "org_code", "回头看由市、县驻村办组织：请给出市或县的 12 位区划代码";
    if (!text_ok(in->name, 1, LOOKBACK_NAME_MAX))
        return *field = "name", "名称应为 1 至 " STR(LOOKBACK_NAME_MAX) " 个字";
    int y, m, d;
    rules_civil_from_days(today, &y, &m, &d);
    if (in->year < LOOKBACK_FIRST_YEAR || in->year > (unsigned)y)
        return *field = "year", "年度应在 " STR(LOOKBACK_FIRST_YEAR) " 年至今年之间";
    return NULL;
}

const char *rules_lookback_review_problem(const Zhucun__LookbackReview *in, int today,
                                          const char **field)
{
    int ok;
    int day = rules_date_days(in->reviewed_on, &ok);
    if (!ok)
        return *field = "reviewed_on", "核查日期应为 YYYY-MM-DD";
    if (day > today)
        return *field = "reviewed_on", "核查日期不能晚于今天";
    *field = "docs_missing";
    if (in->n_docs_missing > lookback_n_docs)
        return "缺少的资料不能多于资料清单的项数";
    for (size_t i = 0; i < in->n_docs_missing; i++) {
        if (rules_lookback_label(lookback_docs, lookback_n_docs, in->docs_missing[i]) == NULL)
            return "缺少的资料应为 "
                   "approval（立项批复文件）、tender（招投标资料）、acceptance（竣工验收"
                   "报告）、asset_registration（资产确权登记）或 handover（移交手续）";
        for (size_t j = 0; j < i; j++)
            if (strcmp(in->docs_missing[i], in->docs_missing[j]) == 0)
                return "缺少的资料重复列出";
    }
    if (in->households_found > LOOKBACK_HOUSEHOLDS_MAX)
        return *field = "households_found", "受益户数至多 " STR(LOOKBACK_HOUSEHOLDS_MAX) " 户";
    if (rules_lookback_label(lookback_upkeeps, lookback_n_upkeeps, in->upkeep) == NULL)
        return *field = "upkeep", "管护状况应为 in_use（正常使用）、idle（闲置）或 damaged（损坏）";
    if (rules_lookback_label(lookback_verdicts, lookback_n_verdicts, in->verdict) == NULL)
        return *field = "verdict", "结论应为 good（合格）、rectify（需整改）或 serious（问题严重）";
    if (!text_ok(in->note, 0, LOOKBACK_NOTE_MAX))
        return *field = "note", "说明至多 " STR(LOOKBACK_NOTE_MAX) " 个字";
    *field = "findings";
    if (in->n_findings > LOOKBACK_FINDINGS_MAX)
        return "一次核查至多登记 " STR(LOOKBACK_FINDINGS_MAX) " 个问题";
    if (in->n_findings > 0 && strcmp(in->verdict, "good") == 0)
        return "发现问题的项目结论不能为合格";
    if (in->n_findings == 0 && strcmp(in->verdict, "good") != 0)
        return "结论为需整改或问题严重时，请登记发现的问题";
    for (size_t i = 0; i < in->n_findings; i++) {
        const char *p;
        if (!text_ok(in->findings[i]->text, 1, LOOKBACK_FINDING_MAX))
            return "每个问题应为 1 至 " STR(LOOKBACK_FINDING_MAX) " 个字";
        if ((p = rules_ledger_area_problem(in->findings[i]->area)) != NULL)
            return p;
    }
    if (in->n_findings > 0) {
        const char *p;
        if (in->responsible_id <= 0)
            return *field = "responsible_id", "发现问题时请指定整改责任人";
        if ((p = rules_ledger_deadline_problem(in->deadline, today)) != NULL)
            return *field = "deadline", p;
    } else if (in->responsible_id != 0 || in->deadline[0] != '\0') {
        return *field = in->responsible_id != 0 ? "responsible_id" : "deadline",
               "没有发现问题时不需要整改责任人和期限";
    }
    const char *p = rules_ledger_evidence_problem(in->n_evidence, in->evidence);
    if (p != NULL)
        return *field = "evidence", p;
    return NULL;
}

const char *rules_lookback_list_problem(const Zhucun__LookbackList *in, const char **field)
{
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        return *field = "org_code", "请给出 12 位区划代码";
    if (in->limit > LOOKBACK_LIST_MAX)
        return *field = "limit", "每页至多 " STR(LOOKBACK_LIST_MAX) " 条";
    return NULL;
}

const char *rules_lookback_progress_problem(const Zhucun__LookbackProgress *in, const char **field)
{
    if (in->limit > LOOKBACK_LIST_MAX)
        return *field = "limit", "每页至多 " STR(LOOKBACK_LIST_MAX) " 条";
    return NULL;
}
