/* demo_ledger.c -- the ten-area ledgers of every village with a team (0075, docs/ledger.md):
 * an item in each area, of the three lists in turn, and one living-environment and one
 * party-building item (M9) with their topics; statuses spread over open, in progress and done,
 * deadlines from forty days ago to three months ahead (so some are overdue on the demo's
 * today), a history row for each step an item has taken; then the open gaps of a share of the
 * households with guarantee problems as items, each gap once (zc_household_gaps, as
 * LedgerFromGaps makes them). The visit step's problems are ledger items already. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/account.h"
#include "common/rules/date.h"
#include "common/rules/ledger.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

/* One sample text per area (ledger_areas' order) and per M9 topic (ledger_topics' order). */
static const char *const area_texts[] = {
    "监测户风险排查和帮扶措施落实（演示数据）",
    "脱贫户住房安全和饮水安全复核（演示数据）",
    "组织脱贫劳动力参加技能培训、对接务工岗位（演示数据）",
    "发展特色种养产业，落实产业奖补（演示数据）",
    "组织农产品进机关、进社区消费帮扶（演示数据）",
    "落实小额信贷和公益岗位，促进脱贫人口增收（演示数据）",
    "扶贫项目资产确权登记和管护责任落实（演示数据）",
    "低保、医保、教育资助等政策落实情况核查（演示数据）",
    "人居环境整治（演示数据）",
    "党组织建设和村级治理（演示数据）",
};
_Static_assert(sizeof(area_texts) / sizeof(area_texts[0]) == 10, "one text per area");
static const char *const topic_texts[] = {
    "推进户厕改造，完成年度改厕任务（演示数据）",
    "生活污水收集处理设施建设（演示数据）",
    "生活垃圾收运处置，垃圾分类试点（演示数据）",
    "秸秆、农膜等农业废弃物回收利用（演示数据）",
    "村容村貌提升，清理私搭乱建（演示数据）",
    "党员户挂牌亮身份（演示数据）",
    "软弱涣散村党组织整顿提升（演示数据）",
    "村集体资产清查、化解债务、收回资产（演示数据）",
    "星级文明户评选（演示数据）",
};
static const char *const notes[] = {
    "已召开村两委会议研究部署（演示数据）",
    "已完成入户摸排，正在推进（演示数据）",
    "已落实到位，经村民代表验收（演示数据）",
};

/* A history row, kept until the items' COPY is done (one COPY at a time on a connection). */
struct hist {
    int64_t item;
    int32_t day;
    int village;
    int done; /* 0: in_progress with notes[note], 1: done */
    int note;
};

struct gen {
    struct demo *d;
    struct demo_copy items;
    int64_t next_id;
    struct hist *hist;
    size_t nhist, hist_cap;
};

static void history_row(struct gen *g, int64_t item, int v, int32_t day, int done, int note)
{
    g->hist = demo_grow(g->hist, g->nhist, &g->hist_cap, sizeof(*g->hist));
    g->hist[g->nhist++] = (struct hist){item, day, v, done, note};
}

static int copy_history(struct gen *g, int64_t next_update)
{
    struct demo_copy c;
    if (demo_copy_begin(&c, g->d->pg, "ledger_updates",
                        "id, item_id, at, status, note, village_code") != 0)
        return -1;
    for (size_t i = 0; i < g->nhist; i++) {
        const struct hist *h = &g->hist[i];
        char at[40], date[11];
        rules_date_format(h->day, date);
        snprintf(at, sizeof(at), "%s 16:00:00+08", date);
        demo_copy_int(&c, ++next_update);
        demo_copy_int(&c, h->item);
        demo_copy_text(&c, at);
        demo_copy_text(&c, h->done ? "done" : "in_progress");
        demo_copy_text(&c, notes[h->note]);
        demo_copy_text(&c, g->d->orgs[h->village].code);
        demo_copy_row(&c);
    }
    return demo_copy_done(g->d, &c, 1);
}

/* One item of village v: its area, list, topic (or NULL) and text; status and dates drawn. */
static void item(struct gen *g, struct demo_rng *r, int v, int64_t responsible, const char *area,
                 const char *list, const char *topic, const char *text)
{
    const char *code = g->d->orgs[v].code;
    int32_t today = g->d->today;
    int32_t created = today - demo_rng_range(r, 20, 120);
    int32_t deadline = today + demo_rng_range(r, -40, 90);
    if (deadline < created + 7)
        deadline = created + 7;
    int st = (int)demo_rng_below(r, 3); /* open, in progress, done */
    int64_t id = ++g->next_id;
    char at[40], date[11];
    rules_date_format(created, date);
    snprintf(at, sizeof(at), "%s 09:00:00+08", date);
    int32_t step = created + (today - created) / 2;
    demo_copy_int(&g->items, id);
    demo_copy_text(&g->items, code);
    demo_copy_text(&g->items, text);
    demo_copy_int(&g->items, responsible);
    demo_copy_date(&g->items, deadline);
    demo_copy_bool(&g->items, demo_rng_chance(r, 0.1));
    demo_copy_text(&g->items, st == 0 ? "open" : st == 1 ? "in_progress" : "done");
    demo_copy_text(&g->items, at);
    if (st == 2) {
        char done[40];
        rules_date_format(today - 1, date);
        snprintf(done, sizeof(done), "%s 17:00:00+08", date);
        demo_copy_text(&g->items, done);
    } else {
        demo_copy_null(&g->items);
    }
    demo_copy_text(&g->items, area);
    demo_copy_text(&g->items, list);
    if (topic != NULL)
        demo_copy_text(&g->items, topic);
    else
        demo_copy_null(&g->items);
    demo_copy_text(&g->items, "hand");
    demo_copy_row(&g->items);
    if (st >= 1)
        history_row(g, id, v, step, 0, st == 1 ? 0 : 1);
    if (st == 2)
        history_row(g, id, v, today - 1, 1, 2);
}

static int64_t max_id(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    int64_t v =
        PQresultStatus(res) == PGRES_TUPLES_OK ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : -1;
    if (v < 0)
        fprintf(stderr, "zhucun-server: demo: %s", PQresultErrorMessage(res));
    PQclear(res);
    return v;
}

/* The open gaps of every twentieth household with an open guarantee problem (the candidates
 * read from 0061's partial index, as GuaranteeGaps reads them), as items of 三保障和饮水安全 of
 * the village's team captain, due in a month (each gap once: the source key, as
 * zc_ledger_from_gaps). Every household with an open entry would be most of the province, and
 * the rule judged for each of them the longest part of the load. */
static const char gaps_sql[] =
    "INSERT INTO ledger_items (village_code, household_id, text, responsible_id, deadline,"
    " status, area, list, source_kind, source_key)"
    " SELECT h.village_code, CASE WHEN g.what LIKE '本村%' THEN NULL ELSE h.id END, g.what,"
    "  c.person_id, zc_today() + 30, 'open', 'guarantees', 'task', 'gap', g.what"
    " FROM (SELECT DISTINCT e.household_id AS id FROM guarantee_entries e"
    "  WHERE e.resolved_on IS NULL AND e.household_id % 20 = 0"
    "  AND zc_guarantee_problem(e.kind, e.status, e.delivered, e.chronic, e.renovation)) x"
    " JOIN households h ON h.id = x.id"
    " JOIN LATERAL (SELECT m.person_id FROM teams t JOIN memberships m ON m.team_id = t.id"
    "  WHERE t.org_code = h.village_code AND t.kind = 'village' AND m.post = 'captain'"
    "  AND m.end_date IS NULL LIMIT 1) c ON true"
    " CROSS JOIN LATERAL zc_household_gaps(h.id) g"
    " ON CONFLICT (village_code, source_kind, source_key) WHERE source_key IS NOT NULL"
    " DO NOTHING";

int demo_step_ledger(struct demo *d)
{
    /* Per village: the serving captain of its team, who answers for its items. */
    int64_t *captain = xcalloc(d->norgs, sizeof(*captain));
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        const struct demo_team *t = &d->teams[m->team];
        if (m->end == 0 && m->post == DEMO_POST_CAPTAIN && t->kind == DEMO_TEAM_VILLAGE)
            captain[t->org] = d->persons[m->person].id;
    }
    struct gen g = {.d = d};
    int rc = -1;
    static const char *const tables[] = {"ledger_items", "ledger_updates", NULL};
    PGresult *keys = NULL;
    g.next_id = max_id(d->pg, "SELECT coalesce(max(id), 0) FROM ledger_items");
    int64_t next_update = max_id(d->pg, "SELECT coalesce(max(id), 0) FROM ledger_updates");
    if (g.next_id < 0 || next_update < 0)
        goto out;
    keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        goto out;
    if (demo_copy_begin(&g.items, d->pg, "ledger_items",
                        "id, village_code, text, responsible_id, deadline, urgent, status, "
                        "created_at, done_at, area, list, topic, source_kind") != 0)
        goto out;
    for (size_t v = 1; v < d->norgs; v++) {
        if (d->orgs[v].level != ORG_VILLAGE || captain[v] == 0)
            continue;
        struct demo_rng r;
        demo_rng_init(&r, d->seed, "ledger", d->orgs[v].code);
        for (size_t a = 0; a < ledger_n_areas; a++)
            item(&g, &r, (int)v, captain[v], ledger_areas[a].code,
                 ledger_lists[a % ledger_n_lists].code, NULL, area_texts[a]);
        /* M9: a living-environment action and a party-building item */
        size_t living = demo_rng_below(&r, 5), party = 5 + demo_rng_below(&r, 4);
        item(&g, &r, (int)v, captain[v], ledger_topics[living].area, "task",
             ledger_topics[living].code, topic_texts[living]);
        item(&g, &r, (int)v, captain[v], ledger_topics[party].area, "responsibility",
             ledger_topics[party].code, topic_texts[party]);
    }
    if (demo_copy_done(d, &g.items, 1) != 0 || copy_history(&g, next_update) != 0 ||
        demo_copy_restore_keys(d->pg, keys) != 0)
        goto out;
    PGresult *res = PQexec(d->pg, gaps_sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "zhucun-server: demo: items from gaps: %s", PQresultErrorMessage(res));
        PQclear(res);
        goto out;
    }
    PQclear(res);
    rc = 0;
out:
    PQclear(keys);
    free(g.hist);
    free(captain);
    return rc;
}
