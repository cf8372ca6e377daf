/* cmd_assess.c -- zhucun assess: the quarterly assessment (考核规范化, SPEC E1): a county's
 * round of a quarter for its teams or cadres, the indicator scores, the ranking with the
 * proposed grades, overrides with a reason within the quotas, submission for publication
 * (text, JSON, Excel). docs/assessment.md. */
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/assess.h"
#include "common/xmalloc.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *subject_zh(const char *subject)
{
    return strcmp(subject, "team") == 0 ? _("工作队") : _("队员");
}

static const char *status_zh(const char *status)
{
    return strcmp(status, "draft") == 0       ? _("草稿")
           : strcmp(status, "submitted") == 0 ? _("审批中")
           : strcmp(status, "published") == 0 ? _("已发布")
                                              : status;
}

static const char *grade_zh(const char *grade)
{
    int g = assess_grade_parse(grade);
    return g >= 0 ? assess_grade_label(g) : "";
}

/* hundredths as "87.50" into out. */
static const char *points(int32_t v, char out[16])
{
    if (v < 0)
        snprintf(out, 16, "%s", _("未录入"));
    else
        snprintf(out, 16, "%d.%02d", v / 100, v % 100);
    return out;
}

/* An id argument: 0 with *id, or the exit code. */
static int id_arg(struct cli *cli, int argc, char **argv, int want, const char *name, long long *id)
{
    if (argc != want)
        return cli_usage(cli);
    return cli_id(name, argv[0], id);
}

/* A quarter as the other commands write it ("2026Q3", "2026-Q3", as zhucun stars and report
 * duties take it) into its first day in buf, which the calls take; anything else as given
 * (the server names what is wrong with it). */
static const char *quarter_arg(const char *s, char buf[16])
{
    size_t n = s != NULL ? strlen(s) : 0;
    size_t q = n == 6 ? 4 : n == 7 && s[4] == '-' ? 5 : 0;
    if (q == 0 || s[q] != 'Q' || s[q + 1] < '1' || s[q + 1] > '4')
        return s;
    for (size_t i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return s;
    snprintf(buf, 16, "%.4s-%02d-01", s, 3 * (s[q + 1] - '1') + 1);
    return buf;
}

static int open_round(struct cli *cli, int argc, char **argv)
{
    if (argc != 3)
        return cli_usage(cli);
    Zhucun__AssessRoundOpen in = ZHUCUN__ASSESS_ROUND_OPEN__INIT;
    char q[16];
    in.county_code = argv[0];
    in.quarter = (char *)quarter_arg(argv[1], q);
    in.subject = argv[2];
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &in.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->assess_round_open->base);
    else
        printf(_("已开启考核轮次 #%lld（zhucun assess show %lld）\n"),
               (long long)reply->assess_round_open->id, (long long)reply->assess_round_open->id);
    zc_reply_free(reply);
    return 0;
}

/* ---- show ---- */

static void show_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__AssessRound *a = reply->assess_round_show;
    char s[16];
    printf(_("考核轮次 #%lld  %s %s 季度（%s起）%s  %s\n"), (long long)a->id, a->county_name,
           a->county_code, a->quarter, subject_zh(a->subject), status_zh(a->status));
    printf(_("等次比例："));
    for (size_t i = 0; i < a->n_quotas; i++)
        printf("%s %u%%（%s，%s）%s", a->quotas[i]->label, a->quotas[i]->share_pct,
               a->quotas[i]->rounding, a->quotas[i]->bound, i + 1 < a->n_quotas ? "  " : "\n");
    printf(_("权重："));
    for (size_t i = 0; i < a->n_indicators; i++)
        printf("%s %s%s%s", a->indicators[i]->label, points((int32_t)a->indicators[i]->weight, s),
               a->indicators[i]->system ? _("（系统）") : "",
               i + 1 < a->n_indicators ? "  " : "\n");
    const char *heads[] = {_("名次"), _("编号"), _("工作队"),   _("队员"),
                           _("村"),   _("总分"), _("建议等次"), _("等次")};
    const int widths[] = {-4, -7, 24, 8, 14, -7, 8, 8};
    cli_print_row(heads, widths, 8);
    for (size_t i = 0; i < a->n_results; i++) {
        const Zhucun__AssessResult *x = a->results[i];
        char rank[16], id[24];
        snprintf(rank, sizeof(rank), "%u", x->rank);
        snprintf(id, sizeof(id), "%lld", (long long)x->id);
        const char *cells[] = {x->rank ? rank : "-",
                               id,
                               x->team_name,
                               x->person_name,
                               x->place,
                               points(x->score, s),
                               grade_zh(x->proposed),
                               grade_zh(x->grade)};
        cli_print_row(cells, widths, 8);
        for (size_t k = 0; k < x->n_scores; k++) {
            const Zhucun__AssessScore *sc = x->scores[k];
            const char *label = sc->indicator;
            for (size_t j = 0; j < a->n_indicators; j++)
                if (strcmp(a->indicators[j]->code, sc->indicator) == 0)
                    label = a->indicators[j]->label;
            printf("       %s %s", label, points(sc->score, s));
            if (sc->evidence[0] != '\0')
                printf("（%s）", sc->evidence);
            if (sc->reason[0] != '\0')
                printf(_("（理由：%s）"), sc->reason);
            printf("\n");
        }
        if (x->override_reason[0] != '\0')
            printf(_("       调整等次的理由：%s\n"), x->override_reason);
    }
    if (a->n_results == 0)
        printf(_("（没有可见的考核对象）\n"));
}

static int show_xlsx(const char *path, const Zhucun__AssessRound *a)
{
    static const struct xlsx_column columns[] = {
        {"名次", XLSX_NUMBER, 6},    {"编号", XLSX_NUMBER, 8}, {"工作队", XLSX_TEXT, 28},
        {"队员", XLSX_TEXT, 10},     {"村", XLSX_TEXT, 16},    {"总分", XLSX_NUMBER, 8},
        {"建议等次", XLSX_TEXT, 10}, {"等次", XLSX_TEXT, 10},  {"调整理由", XLSX_TEXT, 30},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    char title[200];
    snprintf(title, sizeof(title), "%s %s 季度%s考核", a->county_name, a->quarter,
             subject_zh(a->subject));
    struct xlsx_sheet *ws = xlsx_sheet(wb, "考核", title, columns, ARRAY_SIZE(columns));
    for (size_t i = 0; i < a->n_results; i++) {
        const Zhucun__AssessResult *x = a->results[i];
        const struct xlsx_cell c[] = {
            {NULL, (double)x->rank},    {NULL, (double)x->id},   {x->team_name, 0},
            {x->person_name, 0},        {x->place, 0},           {NULL, x->score / 100.0},
            {grade_zh(x->proposed), 0}, {grade_zh(x->grade), 0}, {x->override_reason, 0}};
        xlsx_row(ws, c, 0);
    }
    return cli_xlsx_done(wb);
}

static int show(struct cli *cli, int argc, char **argv)
{
    Zhucun__AssessRoundShow in = ZHUCUN__ASSESS_ROUND_SHOW__INIT;
    long long id;
    int rc = cli->json && cli->xlsx != NULL ? cli_usage(cli)
                                            : id_arg(cli, argc, argv, 1, _("轮次编号"), &id);
    if (rc != 0)
        return rc;
    in.round_id = id;
    if (cli->xlsx == NULL)
        return cli_call_show(cli, &in.base, show_text);
    Zhucun__Reply *reply;
    if ((rc = cli_call(cli, &in.base, &reply)) != 0)
        return rc;
    rc = show_xlsx(cli->xlsx, reply->assess_round_show);
    zc_reply_free(reply);
    return rc;
}

/* ---- the writes ---- */

static int score(struct cli *cli, int argc, char **argv)
{
    if (argc != 3)
        return cli_usage(cli);
    Zhucun__AssessScoreSet in = ZHUCUN__ASSESS_SCORE_SET__INIT;
    long long id;
    double v;
    int rc = cli_id(_("考核对象编号"), argv[0], &id);
    if (rc == 0)
        rc = cli_real(_("得分"), argv[2], 0, ASSESS_SCORE_MAX / 100.0, &v);
    if (rc != 0)
        return rc;
    in.result_id = id;
    in.indicator = argv[1];
    in.score = (int32_t)lround(v * 100);
    in.reason = S(cli->reason);
    return cli_call_ok(cli, &in.base, _("已录入得分（请重新排名：zhucun assess rank）"));
}

static int rank(struct cli *cli, int argc, char **argv)
{
    Zhucun__AssessRank in = ZHUCUN__ASSESS_RANK__INIT;
    long long id;
    int rc = id_arg(cli, argc, argv, 1, _("轮次编号"), &id);
    if (rc != 0)
        return rc;
    in.round_id = id;
    return cli_call_ok(cli, &in.base, _("已排名并给出建议等次"));
}

static int override(struct cli *cli, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cli);
    Zhucun__AssessGradeOverride in = ZHUCUN__ASSESS_GRADE_OVERRIDE__INIT;
    long long id;
    int rc = cli_id(_("考核对象编号"), argv[0], &id);
    if (rc != 0)
        return rc;
    in.result_id = id;
    in.grade = argv[1];
    in.reason = S(cli->reason);
    return cli_call_ok(cli, &in.base, _("已调整等次"));
}

static int submit(struct cli *cli, int argc, char **argv)
{
    Zhucun__AssessSubmit in = ZHUCUN__ASSESS_SUBMIT__INIT;
    long long id;
    int rc = id_arg(cli, argc, argv, 1, _("轮次编号"), &id);
    if (rc != 0)
        return rc;
    in.round_id = id;
    Zhucun__Reply *reply;
    if ((rc = cli_call(cli, &in.base, &reply)) != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->assess_submit->base);
    else
        printf(_("已提交发布审批 #%lld\n"), (long long)reply->assess_submit->id);
    zc_reply_free(reply);
    return 0;
}

/* ---- list ---- */

static void list_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__AssessListReply *l = reply->assess_list;
    const char *heads[] = {_("编号"), _("县"),   _("季度"),    _("对象"),
                           _("人数"), _("状态"), _("发布日期")};
    const int widths[] = {-7, 16, 10, 6, -5, 8, 10};
    cli_print_row(heads, widths, 7);
    for (size_t i = 0; i < l->n_rounds; i++) {
        const Zhucun__AssessRoundRow *x = l->rounds[i];
        char id[24], n[16];
        snprintf(id, sizeof(id), "%lld", (long long)x->id);
        snprintf(n, sizeof(n), "%u", x->cohort);
        const char *cells[] = {id, x->county_name,       x->quarter,     subject_zh(x->subject),
                               n,  status_zh(x->status), x->published_on};
        cli_print_row(cells, widths, 7);
    }
    if (l->n_rounds == 0)
        printf(_("（没有考核轮次）\n"));
}

static int list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__AssessList in = ZHUCUN__ASSESS_LIST__INIT;
    char q[16];
    in.org_code = S(cli->org);
    in.quarter = (char *)quarter_arg(S(cli->period), q);
    in.limit = (uint32_t)(cli->limit > ASSESS_LIST_MAX ? ASSESS_LIST_MAX + 1 : cli->limit);
    return cli_call_show(cli, &in.base, list_text);
}

/* ---- ranking ---- */

static void ranking_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__AssessRankingReply *l = reply->assess_ranking;
    const char *heads[] = {_("市"),   _("市内名次"), _("县"),   _("县内名次"), _("工作队"),
                           _("队员"), _("村"),       _("总分"), _("等次")};
    const int widths[] = {10, -8, 12, -8, 24, 8, 14, -7, 8};
    cli_print_row(heads, widths, 9);
    for (size_t i = 0; i < l->n_rows; i++) {
        const Zhucun__AssessRankingRow *x = l->rows[i];
        char cr[16], kr[16], s[16];
        snprintf(cr, sizeof(cr), "%u", x->city_rank);
        snprintf(kr, sizeof(kr), "%u", x->county_rank);
        const char *cells[] = {x->city_name,      cr,
                               x->county_name,    kr,
                               x->team_name,      x->person_name,
                               x->place,          points(x->score, s),
                               grade_zh(x->grade)};
        cli_print_row(cells, widths, 9);
    }
    if (l->n_rows == 0)
        printf(_("（该季度没有已发布的考核结果）\n"));
    else if (l->truncated)
        printf(_("（只列出前面的部分，请用 --limit 或 --org 调整）\n"));
}

static int ranking(struct cli *cli, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cli);
    Zhucun__AssessRanking in = ZHUCUN__ASSESS_RANKING__INIT;
    char q[16];
    in.quarter = (char *)quarter_arg(argv[0], q);
    in.subject = argv[1];
    in.org_code = S(cli->org);
    in.limit = (uint32_t)(cli->limit > ASSESS_RANKING_MAX ? ASSESS_RANKING_MAX + 1 : cli->limit);
    return cli_call_show(cli, &in.base, ranking_text);
}

static const struct option open_options[] = {OPT_END_};
static const struct option show_options[] = {O_XLSX, OPT_END_};
static const struct option reason_options[] = {O_REASON, OPT_END_};
static const struct option list_options[] = {O_ORG, O_PERIOD, O_LIMIT, OPT_END_};
static const struct option ranking_options[] = {O_ORG, O_LIMIT, OPT_END_};

const struct cli_command cli_assess_commands[] = {
    {"assess", "open", open_round, open_options,
     N_("zhucun assess open 县代码 季度 team|cadre\n"
        "    开启一个县某季度对工作队或队员的考核（季度如 2026Q3 或其首日 "
        "2026-07-01，须已结束或为本季度）\n"),
     "AssessRoundOpen"},
    {"assess", "show", show, show_options,
     N_("zhucun assess show 轮次编号 [--xlsx 文件]\n"
        "    考核轮次：各指标得分、总分、名次、建议等次与等次\n"),
     "AssessRoundShow"},
    {"assess", "score", score, reason_options,
     N_("zhucun assess score 考核对象编号 指标 得分 --reason 理由\n"
        "    录入一项指标得分（0–100，系统计分的指标除外）\n"),
     "AssessScoreSet"},
    {"assess", "rank", rank, open_options,
     N_("zhucun assess rank 轮次编号\n"
        "    按总分排名并按比例给出建议等次\n"),
     "AssessRank"},
    {"assess", "override", override, reason_options,
     N_("zhucun assess override 考核对象编号 excellent|qualified|basic|unqualified --reason "
        "理由\n"
        "    调整等次（须在比例之内）\n"),
     "AssessGradeOverride"},
    {"assess", "submit", submit, open_options,
     N_("zhucun assess submit 轮次编号\n"
        "    提交发布审批（县级驻村办→市级驻村办），审批通过后发布并生成通报\n"),
     "AssessSubmit"},
    {"assess", "list", list, list_options,
     N_("zhucun assess list [--org 区划代码] [--period 季度首日] [--limit 条数]\n"
        "    考核轮次\n"),
     "AssessList"},
    {"assess", "ranking", ranking, ranking_options,
     N_("zhucun assess ranking 季度首日 team|cadre [--org 区划代码] [--limit 条数]\n"
        "    已发布的季度考核结果，按市排名（全省：所有县）\n"),
     "AssessRanking"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
