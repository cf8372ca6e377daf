/* ledger.c -- the ledgers' policy data and checks (ledger.h). */
#include "common/rules/ledger.h"

#include <string.h>

#include "common/rules/date.h"
#include "common/rules/account.h"

const struct ledger_code ledger_areas[] = {
    {"monitoring", "防返贫监测帮扶", NULL},
    {"guarantees", "三保障和饮水安全", NULL},
    {"employment", "脱贫劳动力就业", NULL},
    {"industry", "特色产业", NULL},
    {"consumption", "农产品消费帮扶", NULL},
    {"income", "脱贫人口增收", NULL},
    {"assets", "扶贫项目资产管理", NULL},
    {"policy", "政策落实", NULL},
    {"living", "人居环境", NULL},
    {"party", "党建促治理", NULL},
};
const size_t ledger_n_areas = sizeof(ledger_areas) / sizeof(ledger_areas[0]);
_Static_assert(sizeof(ledger_areas) / sizeof(ledger_areas[0]) == LEDGER_AREAS, "ten areas");

const struct ledger_code ledger_lists[] = {
    {"responsibility", "责任清单", NULL},
    {"task", "任务清单", NULL},
    {"measure", "措施清单", NULL},
};
const size_t ledger_n_lists = sizeof(ledger_lists) / sizeof(ledger_lists[0]);

/* M9: the five living-environment actions and the party-building items. */
const struct ledger_code ledger_topics[] = {
    {"toilets", "厕所革命", "living"},
    {"sewage", "生活污水治理", "living"},
    {"garbage", "生活垃圾治理", "living"},
    {"farm_waste", "农业废弃物资源化利用", "living"},
    {"appearance", "村容村貌提升", "living"},
    {"member_plaque", "党员户挂牌", "party"},
    {"weak_org", "软弱涣散党组织整顿", "party"},
    {"asset_check", "村集体资产清化收", "party"},
    {"star_household", "星级文明户评选", "party"},
};
const size_t ledger_n_topics = sizeof(ledger_topics) / sizeof(ledger_topics[0]);

const struct ledger_code ledger_statuses[] = {
    {"open", "未开始", NULL},
    {"in_progress", "推进中", NULL},
    {"done", "已完成", NULL},
};
const size_t ledger_n_statuses = sizeof(ledger_statuses) / sizeof(ledger_statuses[0]);

const char *rules_ledger_label(const struct ledger_code *table, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].code, code) == 0)
            return table[i].label;
    return NULL;
}

static const char *topic_area(const char *topic)
{
    for (size_t i = 0; i < ledger_n_topics; i++)
        if (strcmp(ledger_topics[i].code, topic) == 0)
            return ledger_topics[i].area;
    return NULL;
}

const char *rules_ledger_evidence_problem(size_t n, const ProtobufCBinaryData *ev)
{
    if (n > LEDGER_EVIDENCE_MAX)
        return "一次最多附 20 份证明材料";
    for (size_t i = 0; i < n; i++)
        if (ev[i].len != LEDGER_SHA256_LEN)
            return "证明材料应为文件的 SHA-256（32 字节）";
    return NULL;
}

const char *rules_ledger_area_problem(const char *area)
{
    if (area[0] != '\0' && rules_ledger_label(ledger_areas, ledger_n_areas, area) == NULL)
        return "领域应为十个领域的代码之一（monitoring、guarantees、employment、industry、"
               "consumption、income、assets、policy、living、party）";
    return NULL;
}

const char *rules_ledger_deadline_problem(const char *deadline, int today)
{
    int y, m, d;
    if (rules_date_parse(deadline, &y, &m, &d) != 0)
        return "完成期限应为 YYYY-MM-DD";
    int day = rules_days_from_civil(y, m, d);
    if (day < today)
        return "完成期限不能早于今天";
    if (day > today + LEDGER_DEADLINE_AHEAD_MAX)
        return "完成期限最多在五年之内";
    return NULL;
}

const char *rules_ledger_create_problem(const Zhucun__LedgerItemCreate *in, int today,
                                        const char **field)
{
    const char *p;
    if (rules_code_level(in->village_code) != ORG_VILLAGE)
        return *field = "village_code", "请填写 12 位行政村代码";
    if (in->area[0] == '\0' || (p = rules_ledger_area_problem(in->area)) != NULL)
        return *field = "area", in->area[0] == '\0' ? "请选择领域" : p;
    if (rules_ledger_label(ledger_lists, ledger_n_lists, in->list) == NULL)
        return *field = "list",
               "清单应为 responsibility（责任清单）、task（任务清单）或 measure（措施清单）";
    if (in->topic[0] != '\0') {
        const char *a = topic_area(in->topic);
        if (a == NULL)
            return *field = "topic", "专项代码不存在";
        if (strcmp(a, in->area) != 0)
            return *field = "topic", "该专项不属于所选领域";
    }
    size_t len = strlen(in->text);
    if (len == 0 || len > LEDGER_TEXT_MAX)
        return *field = "text", "事项内容应为 1 到 1000 字节";
    if (in->responsible_id <= 0)
        return *field = "responsible_id", "请指定责任人";
    if ((p = rules_ledger_deadline_problem(in->deadline, today)) != NULL)
        return *field = "deadline", p;
    if ((p = rules_ledger_evidence_problem(in->n_evidence, in->evidence)) != NULL)
        return *field = "evidence", p;
    return NULL;
}

const char *rules_ledger_update_problem(const Zhucun__LedgerItemUpdate *in, const char **field)
{
    const char *p;
    if (in->status[0] != '\0' &&
        rules_ledger_label(ledger_statuses, ledger_n_statuses, in->status) == NULL)
        return *field = "status", "状态应为 open、in_progress 或 done";
    if (strlen(in->note) > LEDGER_NOTE_MAX)
        return *field = "note", "进展说明过长（最多 1000 字节）";
    /* Closing an item says how it was closed; a change without a new status is a note. */
    if (strcmp(in->status, "done") == 0 && in->note[0] == '\0')
        return *field = "note", "办结须写明办理结果";
    if (in->status[0] == '\0' && in->note[0] == '\0' && in->n_evidence == 0)
        return *field = "note", "请写明进展（或改变状态、附证明材料）";
    if ((p = rules_ledger_evidence_problem(in->n_evidence, in->evidence)) != NULL)
        return *field = "evidence", p;
    return NULL;
}

const char *rules_ledger_list_problem(const Zhucun__LedgerList *in, const char **field)
{
    const char *p;
    if (in->org_code[0] != '\0' && rules_code_level(in->org_code) < 0)
        return *field = "org_code", "请填写 12 位区划代码";
    if ((p = rules_ledger_area_problem(in->area)) != NULL)
        return *field = "area", p;
    if (in->list[0] != '\0' && rules_ledger_label(ledger_lists, ledger_n_lists, in->list) == NULL)
        return *field = "list", "清单应为 responsibility、task 或 measure";
    if (in->status[0] != '\0' && strcmp(in->status, "overdue") != 0 &&
        strcmp(in->status, "all") != 0 &&
        rules_ledger_label(ledger_statuses, ledger_n_statuses, in->status) == NULL)
        return *field = "status", "状态应为 open、in_progress、done、overdue 或 all";
    if (in->topic[0] != '\0' && topic_area(in->topic) == NULL)
        return *field = "topic", "专项代码不存在";
    if (in->source_kind[0] != '\0' && strcmp(in->source_kind, "hand") != 0 &&
        strcmp(in->source_kind, "visit") != 0 && strcmp(in->source_kind, "gap") != 0)
        return *field = "source_kind", "来源应为 hand、visit 或 gap";
    if (in->limit > LEDGER_LIST_MAX)
        return *field = "limit", "一次最多列出 2000 项";
    return NULL;
}

const char *rules_ledger_from_gaps_problem(const Zhucun__LedgerFromGaps *in, int today,
                                           const char **field)
{
    const char *p;
    if ((in->household_id > 0) == (in->village_code[0] != '\0'))
        return *field = "household_id", "请给出农户（household_id）或行政村（village_code）之一";
    if (in->village_code[0] != '\0' && rules_code_level(in->village_code) != ORG_VILLAGE)
        return *field = "village_code", "请填写 12 位行政村代码";
    if (in->responsible_id <= 0)
        return *field = "responsible_id", "请指定责任人";
    if ((p = rules_ledger_deadline_problem(in->deadline, today)) != NULL)
        return *field = "deadline", p;
    return NULL;
}
