/* cmd_policy.c -- policy delivery (SPEC M8; docs/policy-delivery.md): zhucun quiz (the
 * office's monthly phone quiz of cadres: create, score, show, report), zhucun video (a team's
 * policy videos) and zhucun broadcast (a village's loudspeaker broadcasts). */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/rules/policy.h"
#include "common/status.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *platform_zh(const char *p)
{
    return strcmp(p, "douyin") == 0     ? _("抖音")
           : strcmp(p, "kuaishou") == 0 ? _("快手")
           : strcmp(p, "channels") == 0 ? _("视频号")
           : strcmp(p, "other") == 0    ? _("其他")
                                        : p;
}

/* A sampled cadre's person id, name and team, in terminal cells (the columns line up). */
static void cadre_cells(const Zhucun__QuizCadre *c)
{
    printf("%-8lld ", (long long)c->person_id);
    cli_print_cell(c->name, 10, 0);
    putchar(' ');
    cli_print_cell(c->team_name, 24, 0);
    putchar(' ');
}

static const char *state_zh(const char *s)
{
    return strcmp(s, "reached") == 0       ? _("已接通")
           : strcmp(s, "not_reached") == 0 ? _("未接通")
                                           : _("待抽查");
}

static void id_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    long long id = reply->body_case == ZHUCUN__REPLY__BODY_QUIZ_CREATE ? reply->quiz_create->id
                   : reply->body_case == ZHUCUN__REPLY__BODY_VIDEO_RECORD
                       ? reply->video_record->id
                       : reply->broadcast_record->id;
    printf(_("已登记，记录 #%lld\n"), id);
}

/* ---- zhucun quiz ---- */

static int quiz_create(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    long long sample = 0;
    if (argc != 0 || cli->org == NULL || cli->month == NULL || cli->title == NULL ||
        cli->nquestions == 0 || cli->nanswers > cli->nquestions)
        return cli_usage(cli);
    if (cli->sample != NULL && cli_int("--sample", cli->sample, 0, QUIZ_SAMPLE_MAX, &sample) != 0)
        return EXIT_USAGE;
    Zhucun__QuizQuestion qv[CLI_MAX_QUESTIONS], *qp[CLI_MAX_QUESTIONS];
    for (int i = 0; i < cli->nquestions; i++) {
        zhucun__quiz_question__init(&qv[i]);
        qv[i].text = (char *)cli->questions[i];
        qv[i].answer = i < cli->nanswers ? (char *)cli->answers[i] : "";
        qp[i] = &qv[i];
    }
    int64_t named[CLI_MAX_CADRES];
    for (int i = 0; i < cli->ncadres; i++)
        named[i] = cli->cadres[i];
    Zhucun__QuizCreate qc = ZHUCUN__QUIZ_CREATE__INIT;
    qc.org_code = S(cli->org);
    qc.month = S(cli->month);
    qc.title = S(cli->title);
    qc.n_questions = (size_t)cli->nquestions;
    qc.questions = qp;
    qc.sample_size = (uint32_t)sample;
    qc.n_person_ids = (size_t)cli->ncadres;
    qc.person_ids = named;
    return cli_call_show(cli, &qc.base, id_text);
}

static int quiz_score(struct cli *cli, int argc, char **argv)
{
    long long quiz, person, score = 0;
    if (argc != 2 || cli->date == NULL || (cli->score == NULL) == !cli->not_reached)
        return cli_usage(cli);
    if (cli_id(_("抽查编号"), argv[0], &quiz) != 0 ||
        cli_id(_("人员编号"), argv[1], &person) != 0 ||
        (cli->score != NULL && cli_int("--score", cli->score, 0, QUIZ_SCORE_MAX, &score) != 0))
        return EXIT_USAGE;
    Zhucun__QuizScore qs = ZHUCUN__QUIZ_SCORE__INIT;
    qs.quiz_id = quiz;
    qs.person_id = person;
    qs.called_on = S(cli->date);
    qs.score = (uint32_t)score;
    qs.not_reached = cli->not_reached;
    qs.reason = S(cli->reason);
    return cli_call_ok(cli, &qs.base, _("已记录"));
}

static void quiz_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__Quiz *q = reply->quiz;
    printf(_("快问快答 #%lld %s %s：%s\n"), (long long)q->id, q->org_name, q->month, q->title);
    for (size_t i = 0; i < q->n_questions; i++)
        printf(_("  %zu. %s%s%s\n"), i + 1, q->questions[i]->text,
               q->questions[i]->answer[0] ? _("（答：") : "",
               q->questions[i]->answer[0] ? q->questions[i]->answer : "");
    printf(_("抽查 %zu 人（随机 %u，点名 %u）：已接通 %u，未接通 %u，待抽查 %u\n"), q->n_cadres,
           q->drawn, q->named, q->reached, q->not_reached, q->pending);
    for (size_t i = 0; i < q->n_cadres; i++) {
        const Zhucun__QuizCadre *c = q->cadres[i];
        cadre_cells(c);
        fputs(state_zh(c->state), stdout);
        if (strcmp(c->state, "reached") == 0)
            printf(_(" %s 得分 %u"), c->called_on, c->score);
        else if (strcmp(c->state, "not_reached") == 0)
            printf(_(" %s 原因：%s"), c->called_on, c->reason);
        printf("\n");
    }
}

static int quiz_show(struct cli *cli, int argc, char **argv)
{
    long long id;
    if (argc != 1)
        return cli_usage(cli);
    if (cli_id(_("抽查编号"), argv[0], &id) != 0)
        return EXIT_USAGE;
    Zhucun__QuizShow qs = ZHUCUN__QUIZ_SHOW__INIT;
    qs.id = id;
    return cli_call_show(cli, &qs.base, quiz_text);
}

static void group_line(const Zhucun__QuizGroup *g)
{
    cli_print_cell(g->key, 14, 0);
    putchar(' ');
    cli_print_cell(g->name, 24, 0);
    printf(_(" 在岗 %4u 已抽查 %4u 得分 %4u 次 平均 %.1f\n"), g->serving, g->quizzed, g->scores,
           g->average);
}

static void report_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__QuizReportReply *q = reply->quiz_report;
    const Zhucun__QuizGroup *t = q->total;
    printf(_("%s %u 年快问快答覆盖：在岗驻村干部 %u 人，已抽查 %u 人（%.1f%%），%u 次抽查，平均 "
             "%.1f 分\n"),
           q->org_code, q->year, t != NULL ? t->serving : 0, t != NULL ? t->quizzed : 0,
           q->coverage * 100.0, q->quizzes, t != NULL ? t->average : 0.0);
    printf(_("按县：\n"));
    for (size_t i = 0; i < q->n_by_county; i++)
        group_line(q->by_county[i]);
    printf(_("按工作队：\n"));
    for (size_t i = 0; i < q->n_by_team; i++)
        group_line(q->by_team[i]);
    printf(_("尚未抽查到的驻村干部 %zu 人%s：\n"), q->n_not_quizzed,
           q->truncated ? _("（只列出一部分）") : "");
    for (size_t i = 0; i < q->n_not_quizzed; i++) {
        const Zhucun__QuizCadre *c = q->not_quizzed[i];
        cadre_cells(c);
        printf("%s\n", c->village_code);
    }
}

static int quiz_report(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    long long year = 0;
    if (argc != 0 || cli->org == NULL)
        return cli_usage(cli);
    if (cli->year != NULL && cli_int("--year", cli->year, QUIZ_FIRST_YEAR, 9999, &year) != 0)
        return EXIT_USAGE;
    Zhucun__QuizReport qr = ZHUCUN__QUIZ_REPORT__INIT;
    qr.org_code = S(cli->org);
    qr.year = (uint32_t)year;
    qr.limit = (uint32_t)(cli->limit > POLICY_LIST_MAX ? POLICY_LIST_MAX : cli->limit);
    return cli_call_show(cli, &qr.base, report_text);
}

/* ---- zhucun video, zhucun broadcast ---- */

static int video_add(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->platform == NULL || cli->url == NULL || cli->title == NULL ||
        cli->date == NULL)
        return cli_usage(cli);
    Zhucun__VideoRecord vr = ZHUCUN__VIDEO_RECORD__INIT;
    vr.team_id = cli->team;
    vr.platform = S(cli->platform);
    vr.url = S(cli->url);
    vr.title = S(cli->title);
    vr.posted_on = S(cli->date);
    vr.n_evidence = (size_t)cli->nevidence;
    vr.evidence = cli->evidence;
    return cli_call_show(cli, &vr.base, id_text);
}

static int broadcast_add(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    long long minutes;
    if (argc != 0 || cli->minutes == NULL || cli->topic == NULL || cli->date == NULL)
        return cli_usage(cli);
    if (cli_int("--minutes", cli->minutes, 1, BROADCAST_MINUTES_MAX, &minutes) != 0)
        return EXIT_USAGE;
    Zhucun__BroadcastRecord br = ZHUCUN__BROADCAST_RECORD__INIT;
    br.village_code = S(cli->village);
    br.on_date = S(cli->date);
    br.minutes = (uint32_t)minutes;
    br.topic = S(cli->topic);
    br.n_evidence = (size_t)cli->nevidence;
    br.evidence = cli->evidence;
    return cli_call_show(cli, &br.base, id_text);
}

static void video_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__VideoListReply *l = reply->video_list;
    for (size_t i = 0; i < l->n_videos; i++) {
        const Zhucun__PolicyVideo *v = l->videos[i];
        printf("#%-7lld %s ", (long long)v->id, v->posted_on);
        cli_print_cell(v->team_name, 24, 0);
        putchar(' ');
        cli_print_cell(platform_zh(v->platform), 8, 0);
        printf(" %s %s\n", v->title, v->url);
    }
    printf(_("共 %u 条政策宣讲视频（规定每个工作队每周至少 %u 条）%s\n"), l->count, l->required,
           l->truncated ? _("，只列出一部分") : "");
}

static void broadcast_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__BroadcastListReply *l = reply->broadcast_list;
    for (size_t i = 0; i < l->n_broadcasts; i++) {
        const Zhucun__Broadcast *b = l->broadcasts[i];
        printf("#%-7lld %s ", (long long)b->id, b->on_date);
        cli_print_cell(b->village_name, 12, 0);
        printf(_(" %3u 分钟 %s\n"), b->minutes, b->topic);
    }
    printf(_("共广播 %u 分钟（规定每村每天 %u 分钟）%s\n"), l->minutes, l->required,
           l->truncated ? _("，只列出一部分") : "");
}

static int policy_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    uint32_t limit = (uint32_t)(cli->limit > POLICY_LIST_MAX ? POLICY_LIST_MAX : cli->limit);
    if (strcmp(cli->cmd->name, "video") == 0) {
        Zhucun__VideoList vl = ZHUCUN__VIDEO_LIST__INIT;
        vl.org_code = S(cli->org);
        vl.team_id = cli->team;
        vl.from = S(cli->from);
        vl.to = S(cli->to);
        vl.limit = limit;
        return cli_call_show(cli, &vl.base, video_text);
    }
    Zhucun__BroadcastList bl = ZHUCUN__BROADCAST_LIST__INIT;
    bl.org_code = S(cli->org);
    bl.from = S(cli->from);
    bl.to = S(cli->to);
    bl.limit = limit;
    return cli_call_show(cli, &bl.base, broadcast_text);
}

static const struct option create_options[] = {O_ORG,    O_MONTH,  O_TITLE, O_QUESTION,
                                               O_ANSWER, O_SAMPLE, O_CADRE, OPT_END_};
static const struct option score_options[] = {O_DATE, O_SCORE, O_NOT_REACHED, O_REASON, OPT_END_};
static const struct option show_options[] = {OPT_END_};
static const struct option report_options[] = {O_ORG, O_YEAR, O_LIMIT, OPT_END_};
static const struct option video_add_options[] = {O_TEAM, O_PLATFORM, O_URL,   O_TITLE,
                                                  O_DATE, O_EVIDENCE, OPT_END_};
static const struct option broadcast_add_options[] = {O_VILLAGE, O_DATE,     O_MINUTES,
                                                      O_TOPIC,   O_EVIDENCE, OPT_END_};
static const struct option video_list_options[] = {O_ORG, O_TEAM, O_FROM, O_TO, O_LIMIT, OPT_END_};
static const struct option broadcast_list_options[] = {O_ORG, O_FROM, O_TO, O_LIMIT, OPT_END_};

const struct cli_command cli_policy_commands[] = {
    {"quiz", "create", quiz_create, create_options,
     N_("zhucun quiz create --org 市或县代码 --month YYYY-MM --title 标题\n"
        "    --question 题目 [--answer 参考答案] ...（按顺序对应）\n"
        "    [--sample 随机抽取人数] [--cadre 点名人员编号 ...]\n"
        "    快问快答：由市、县驻村办按月电话抽查驻村干部\n"),
     "QuizCreate"},
    {"quiz", "score", quiz_score, score_options,
     N_("zhucun quiz score 抽查编号 人员编号 --date 通话日期 (--score 0-100 | --not-reached "
        "--reason 原因)\n"),
     "QuizScore"},
    {"quiz", "show", quiz_show, show_options,
     N_("zhucun quiz show 抽查编号\n    题目、抽查名单和得分\n"), "QuizShow"},
    {"quiz", "report", quiz_report, report_options,
     N_("zhucun quiz report --org 代码 [--year 年份] [--limit 人数]\n"
        "    全年覆盖情况：已抽查的比例、尚未抽查到的驻村干部、按县和工作队的平均分\n"),
     "QuizReport"},
    {"video", "add", video_add, video_add_options,
     N_("zhucun video add --platform douyin|kuaishou|channels|other --url 链接 --title 标题\n"
        "    --date 发布日期 [--team 工作队编号] [--evidence SHA-256 ...]\n"
        "    登记工作队发布的政策宣讲视频（每周一到两条）\n"),
     "VideoRecord"},
    {"video", "list", policy_list, video_list_options,
     N_("zhucun video list [--org 代码] [--team 工作队编号] [--from 日期] [--to 日期] [--limit "
        "条数]\n    默认本周\n"),
     "VideoList"},
    {"broadcast", "add", broadcast_add, broadcast_add_options,
     N_("zhucun broadcast add --minutes 分钟 --topic 内容 --date 日期 [--village 代码]\n"
        "    [--evidence SHA-256 ...]\n"
        "    登记村大喇叭广播（同一天多次广播的分钟数相加，每天 30 分钟）\n"),
     "BroadcastRecord"},
    {"broadcast", "list", policy_list, broadcast_list_options,
     N_("zhucun broadcast list [--org 代码] [--from 日期] [--to 日期] [--limit 条数]\n"
        "    默认今天\n"),
     "BroadcastList"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
