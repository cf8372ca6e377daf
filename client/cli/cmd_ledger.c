/* cmd_ledger.c -- zhucun ledger: the ten-area ledgers (SPEC L1) and the board (L2): add an
 * item, update it with a note, show it with its history, list with filters, the board of an
 * org unit (text, JSON, Excel). docs/ledger.md. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/ledger.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

/* The words for a code of one of the ledger's tables (common/rules/ledger.c); the code itself
 * when it is none. */
static const char *zh(const struct ledger_code *table, size_t n, const char *code)
{
    const char *l = rules_ledger_label(table, n, code);
    return l != NULL ? _(l) : code;
}

static const char *status_zh(const Zhucun__LedgerItem *it)
{
    return it->overdue ? _("已逾期") : zh(ledger_statuses, ledger_n_statuses, it->status);
}

static void item_line(const Zhucun__LedgerItem *it)
{
    printf("#%-7lld %s %-8s %s/%s %s%s %s（%s，%s）%s\n", (long long)it->id, it->village_name,
           status_zh(it), zh(ledger_areas, ledger_n_areas, it->area),
           zh(ledger_lists, ledger_n_lists, it->list), it->urgent ? _("【急】") : "", it->head_name,
           it->text, it->responsible_name, it->deadline,
           it->topic[0] ? zh(ledger_topics, ledger_n_topics, it->topic) : "");
}

static void created_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("已登记台账事项 #%lld\n"), (long long)reply->ledger_item_create->id);
}

static int add(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || cli->village == NULL || cli->area == NULL || cli->person <= 0 ||
        cli->deadline == NULL)
        return cli_usage(cli);
    Zhucun__LedgerItemCreate lc = ZHUCUN__LEDGER_ITEM_CREATE__INIT;
    lc.village_code = S(cli->village);
    lc.household_id = cli->household;
    lc.area = S(cli->area);
    lc.list = cli->list != NULL ? (char *)cli->list : "task";
    lc.topic = S(cli->topic);
    lc.text = argv[0];
    lc.responsible_id = cli->person;
    lc.deadline = S(cli->deadline);
    lc.urgent = cli->urgent;
    lc.evidence = cli->evidence;
    lc.n_evidence = (size_t)cli->nevidence;
    return cli_call_show(cli, &lc.base, created_text);
}

static int update(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("事项编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1 || (cli->status == NULL && cli->note == NULL && cli->nevidence == 0))
        return cli_usage(cli);
    Zhucun__LedgerItemUpdate lu = ZHUCUN__LEDGER_ITEM_UPDATE__INIT;
    lu.id = id;
    lu.status = S(cli->status);
    lu.note = S(cli->note);
    lu.evidence = cli->evidence;
    lu.n_evidence = (size_t)cli->nevidence;
    return cli_call_ok(cli, &lu.base, _("已更新"));
}

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__LedgerItemShowReply *s = reply->ledger_item_show;
    const Zhucun__LedgerItem *it = s->item;
    item_line(it);
    printf(_("来源：%s"), it->source_kind);
    if (it->visit_id > 0)
        printf(_("（走访 #%lld，%s）"), (long long)it->visit_id, it->visit_date);
    printf(_("  登记于 %s"), it->created_at);
    if (it->done_at[0])
        printf(_("  办结于 %s"), it->done_at);
    printf("\n");
    if (s->n_history == 0)
        printf(_("（尚无进展记录）\n"));
    for (size_t i = 0; i < s->n_history; i++) {
        const Zhucun__LedgerHistoryRow *h = s->history[i];
        printf("  %s %s %s %s\n", h->at, h->by_name,
               zh(ledger_statuses, ledger_n_statuses, h->status), h->note);
    }
    if (s->n_evidence > 0)
        printf(_("证明材料 %zu 份\n"), s->n_evidence);
}

static int show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc >= 1 && cli_id(_("事项编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__LedgerItemShow ls = ZHUCUN__LEDGER_ITEM_SHOW__INIT;
    ls.id = id;
    return cli_call_show(cli, &ls.base, show_text);
}

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__LedgerListReply *l = reply->ledger_list;
    for (size_t i = 0; i < l->n_items; i++)
        item_line(l->items[i]);
    if (l->n_items == 0)
        printf(_("（无事项）\n"));
    if (l->truncated)
        printf(_("（只列出前 %zu 项，请用 --org、--area 等缩小范围）\n"), l->n_items);
}

static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__LedgerList ll = ZHUCUN__LEDGER_LIST__INIT;
    ll.org_code = S(cli->org);
    ll.area = S(cli->area);
    ll.list = S(cli->list);
    ll.status = S(cli->status);
    ll.responsible_id = cli->person;
    ll.topic = S(cli->topic);
    ll.limit = (uint32_t)cli->limit;
    return cli_call_show(cli, &ll.base, list_text);
}

static void board_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__LedgerBoardReply *b = reply->ledger_board;
    printf(_("%s（%s）台账挂图，截至 %s\n"), b->org_name, b->org_code, b->as_of);
    /* columns of terminal cells: the area, then four counts right-aligned under their heads */
    const char *heads[] = {_("领域"), _("逾期"), _("未开始"), _("推进中"), _("已完成")};
    cli_print_cell(heads[0], 18, 0);
    for (int k = 1; k < 5; k++) {
        putchar(' ');
        cli_print_cell(heads[k], 8, 1);
    }
    putchar('\n');
    for (size_t i = 0; i <= b->n_rows; i++) {
        const Zhucun__LedgerBoardRow *r = i < b->n_rows ? b->rows[i] : b->total;
        if (r == NULL)
            break;
        cli_print_cell(i < b->n_rows ? zh(ledger_areas, ledger_n_areas, r->area) : _("合计"), 18,
                       0);
        printf(" %8llu %8llu %8llu %8llu\n", (unsigned long long)r->overdue,
               (unsigned long long)r->open, (unsigned long long)r->in_progress,
               (unsigned long long)r->done);
    }
}

/* A board row's items done over all its items (0 for none, or no row). */
static double done_share(const Zhucun__LedgerBoardRow *r)
{
    uint64_t all = r != NULL ? r->overdue + r->open + r->in_progress + r->done : 0;
    return all > 0 ? (double)r->done / (double)all : 0.0;
}

/* --xlsx: the board as one sheet (the total line bold) and its chart. */
static int board_xlsx(struct cli *cli, const Zhucun__LedgerBoardReply *b)
{
    static const struct xlsx_column columns[] = {
        {N_("领域"), XLSX_TEXT, 20},     {N_("逾期"), XLSX_NUMBER, 10},
        {N_("未开始"), XLSX_NUMBER, 10}, {N_("推进中"), XLSX_NUMBER, 10},
        {N_("已完成"), XLSX_NUMBER, 10},
    };
    struct xlsx_book *wb = xlsx_open(cli->xlsx);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[256];
    snprintf(title, sizeof(title), _("%s（%s）台账挂图，截至 %s"), b->org_name, b->org_code,
             b->as_of);
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "挂图", title, columns, sizeof(columns) / sizeof(columns[0]));
    for (size_t i = 0; i <= b->n_rows; i++) {
        const Zhucun__LedgerBoardRow *r = i < b->n_rows ? b->rows[i] : b->total;
        if (r == NULL)
            break;
        const struct xlsx_cell cells[] = {
            {i < b->n_rows ? zh(ledger_areas, ledger_n_areas, r->area) : _("合计"), 0},
            {NULL, (double)r->overdue},
            {NULL, (double)r->open},
            {NULL, (double)r->in_progress},
            {NULL, (double)r->done},
        };
        xlsx_row(ws, cells, i == b->n_rows);
    }
    /* The chart: each area's share of items done, the unit's own as the line. */
    struct xlsx_point *points = xcalloc(b->n_rows + 1, sizeof(*points));
    for (size_t i = 0; i < b->n_rows; i++)
        points[i] = (struct xlsx_point){zh(ledger_areas, ledger_n_areas, b->rows[i]->area),
                                        done_share(b->rows[i])};
    report_rate_chart(wb, b->org_name, "台账事项完成率", "领域", "完成率", points, b->n_rows,
                      done_share(b->total));
    free(points);
    return cli_xlsx_done(wb);
}

static int board(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    Zhucun__LedgerBoard lb = ZHUCUN__LEDGER_BOARD__INIT;
    lb.org_code = S(cli->org);
    if (cli->xlsx == NULL)
        return cli_call_show(cli, &lb.base, board_text);
    Zhucun__Reply *reply = NULL;
    int rc = cli_call(cli, &lb.base, &reply);
    if (rc != 0)
        return rc;
    rc = board_xlsx(cli, reply->ledger_board);
    zc_reply_free(reply);
    return rc;
}

static void gaps_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    printf(_("由未落实问题新建台账事项 %zu 项\n"), reply->ledger_from_gaps->n_ids);
}

static int from_gaps(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || (cli->household > 0) == (cli->village != NULL) || cli->person <= 0 ||
        cli->deadline == NULL)
        return cli_usage(cli);
    Zhucun__LedgerFromGaps lg = ZHUCUN__LEDGER_FROM_GAPS__INIT;
    lg.household_id = cli->household;
    lg.village_code = S(cli->village);
    lg.responsible_id = cli->person;
    lg.deadline = S(cli->deadline);
    return cli_call_show(cli, &lg.base, gaps_text);
}

static const struct option add_options[] = {O_VILLAGE, O_HOUSEHOLD, O_AREA,   O_LIST,     O_TOPIC,
                                            O_PERSON,  O_DEADLINE,  O_URGENT, O_EVIDENCE, OPT_END_};
static const struct option update_options[] = {O_STATUS, O_NOTE, O_EVIDENCE, OPT_END_};
static const struct option list_options[] = {O_ORG,    O_AREA,  O_LIST,  O_STATUS,
                                             O_PERSON, O_TOPIC, O_LIMIT, OPT_END_};
static const struct option board_options[] = {O_ORG, O_XLSX, OPT_END_};
static const struct option gaps_options[] = {O_HOUSEHOLD, O_VILLAGE, O_PERSON, O_DEADLINE,
                                             OPT_END_};

const struct cli_command cli_ledger_commands[] = {
    {"ledger", "add", add, add_options,
     N_("zhucun ledger add 事项内容 --village 代码 [--household 农户编号] --area 领域\n"
        "    [--list responsibility|task|measure] [--topic 专项] --person 责任人编号\n"
        "    --deadline 日期 [--urgent] [--evidence SHA256]...\n"
        "    领域：monitoring guarantees employment industry consumption income assets policy\n"
        "    living party\n"),
     "LedgerItemCreate"},
    {"ledger", "update", update, update_options,
     N_("zhucun ledger update 事项编号 [--status open|in_progress|done] [--note 进展说明]\n"
        "    [--evidence SHA256]...\n"),
     "LedgerItemUpdate"},
    {"ledger", "show", show, NULL, N_("zhucun ledger show 事项编号\n    事项及其进展记录\n"),
     "LedgerItemShow"},
    {"ledger", "list", list, list_options,
     N_("zhucun ledger list [--org 代码] [--area 领域] [--list 清单] [--status "
        "状态|overdue|all]\n"
        "    [--person 责任人编号] [--topic 专项] [--limit 条数]\n"
        "    台账事项，逾期和紧急的在前\n"),
     "LedgerList"},
    {"ledger", "board", board, board_options,
     N_("zhucun ledger board [--org 代码] [--xlsx 文件]\n"
        "    台账挂图：各领域逾期、未开始、推进中、已完成的事项数\n"),
     "LedgerBoard"},
    {"ledger", "from-gaps", from_gaps, gaps_options,
     N_("zhucun ledger from-gaps --household 农户编号 | --village 代码 --person 责任人编号\n"
        "    --deadline 日期\n"
        "    三保障和饮水安全未落实的问题转为台账事项（每个问题只转一次）\n"),
     "LedgerFromGaps"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
