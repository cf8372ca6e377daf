/* cmd_training.c -- zhucun study, zhucun training, zhucun unit hearing|leader-visit|behind|
 * records: a team's weekly collective study (T2), training sessions and their attendance (T1),
 * the dispatching units' hearings of their teams' reports and their leaders' visits (G2), and
 * the lists of what is behind (text, JSON, Excel). docs/training.md. */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/training.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "table.h"

#define S(x)       ((char *)((x) != NULL ? (x) : ""))
#define MAX_PEOPLE 500 /* TRAINING_ATTENDEES_MAX */

static const char *audience_zh(const char *a)
{
    return strcmp(a, "all") == 0               ? _("全体驻村干部")
           : strcmp(a, "first_secretary") == 0 ? _("第一书记")
           : strcmp(a, "captain") == 0         ? _("工作队队长")
           : strcmp(a, "new") == 0             ? _("新选派干部")
                                               : a;
}

static const char *level_zh(const char *level)
{
    return strcmp(level, "central") == 0    ? _("中央")
           : strcmp(level, "province") == 0 ? _("省级")
           : strcmp(level, "city") == 0     ? _("市级")
           : strcmp(level, "county") == 0   ? _("县级")
           : strcmp(level, "township") == 0 ? _("乡镇")
                                            : level;
}

/* PERSON... (at least one, at most MAX_PEOPLE) into ids: their number, or -1 after saying what
 * is wrong. */
static int people_args(int argc, char **argv, int64_t *ids)
{
    if (argc < 1 || argc > MAX_PEOPLE) {
        fprintf(stderr, _("zhucun: 请列出 1 到 %d 个人员编号\n"), MAX_PEOPLE);
        return -1;
    }
    for (int i = 0; i < argc; i++) {
        long long id;
        if (cli_id(_("人员编号"), argv[i], &id) != 0)
            return -1;
        ids[i] = id;
    }
    return argc;
}

/* --year into *year (0: not given): 0, or EXIT_USAGE. */
static int year_arg(const struct cli *cli, uint32_t *year)
{
    long long y = 0;
    if (cli->year != NULL && cli_int("--year", cli->year, TRAINING_FIRST_YEAR, 9999, &y) != 0)
        return EXIT_USAGE;
    *year = (uint32_t)y;
    return 0;
}

static uint32_t limit_arg(const struct cli *cli)
{
    return (uint32_t)(cli->limit > TRAINING_LIST_MAX ? TRAINING_LIST_MAX : cli->limit);
}

static void written_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    if (reply->body_case == ZHUCUN__REPLY__BODY_TRAINING_ATTEND)
        printf(_("已登记 %lld 人的参训\n"), (long long)reply->study_record->id);
    else
        printf(_("已登记，编号 #%lld\n"), (long long)reply->study_record->id);
    (void)cli;
}

/* ---- study ---- */

/* study record 主题 人员编号... */
static int study_record(struct cli *cli, int argc, char **argv)
{
    static int64_t ids[MAX_PEOPLE];
    char day[11];
    if (argc < 2)
        return cli_usage(cli);
    Zhucun__StudyRecord s = ZHUCUN__STUDY_RECORD__INIT;
    int n = people_args(argc - 1, argv + 1, ids);
    if (n < 0)
        return EXIT_USAGE;
    s.team_id = cli->team;
    s.held_on = (char *)cli_day_or_today(cli, day);
    s.topic = argv[0];
    s.n_attendees = (size_t)n;
    s.attendees = ids;
    s.n_evidence = (size_t)cli->nevidence;
    s.evidence = cli->evidence;
    return cli_call_show(cli, &s.base, written_text);
}

static const struct column study_columns[] = {
    {N_("编号"), -7}, {N_("日期"), 10}, {N_("工作队"), 24},
    {N_("主题"), 30}, {N_("人数"), -4}, {N_("照片"), -4},
};

static void study_row(const Zhucun__Reply *reply, size_t i, const char **c, char n[][CELL_NUMBERS])
{
    const Zhucun__StudySession *s = reply->study_list->sessions[i];
    c[0] = table_num(n[0], s->id);
    c[1] = s->held_on;
    c[2] = s->team_name;
    c[3] = s->topic;
    c[4] = table_num(n[4], s->attendees);
    c[5] = table_num(n[5], s->evidence);
}

static size_t study_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->study_list->truncated;
    return reply->study_list->n_sessions;
}

static const struct table study_table = {
    N_("集体学习记录%s"),      "集体学习", study_columns,
    ARRAY_SIZE(study_columns), study_row,  N_("（没有集体学习记录）")};

static int study_list(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__StudyList l = ZHUCUN__STUDY_LIST__INIT;
    l.org_code = S(cli->org);
    l.team_id = cli->team;
    l.from_day = S(cli->from);
    l.to_day = S(cli->to);
    l.limit = limit_arg(cli);
    return table_call(cli, &l.base, &study_table, study_count, "");
}

static const struct column missed_columns[] = {
    {N_("工作队编号"), -10},
    {N_("工作队"), 28},
    {N_("驻地代码"), 12},
    {N_("缺学习的周（周一）"), 18},
};

static void missed_row(const Zhucun__Reply *reply, size_t i, const char **c, char n[][CELL_NUMBERS])
{
    const Zhucun__MissedWeek *w = reply->study_missed->weeks[i];
    c[0] = table_num(n[0], w->team_id);
    c[1] = w->team_name;
    c[2] = w->org_code;
    c[3] = w->week;
}

static size_t missed_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->study_missed->truncated;
    return reply->study_missed->n_weeks;
}

static const struct table missed_table = {
    N_("未开展集体学习的周%s"), "缺学习",   missed_columns,
    ARRAY_SIZE(missed_columns), missed_row, N_("（没有缺学习的周）")};

static int study_missed(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__StudyMissed m = ZHUCUN__STUDY_MISSED__INIT;
    m.org_code = S(cli->org);
    m.from_day = S(cli->from);
    m.to_day = S(cli->to);
    m.limit = limit_arg(cli);
    return table_call(cli, &m.base, &missed_table, missed_count, "");
}

/* ---- training ---- */

/* training add 组织单位代码 名称 培训对象 开始日期 结束日期 */
static int training_add(struct cli *cli, int argc, char **argv)
{
    if (argc != 5)
        return cli_usage(cli);
    Zhucun__TrainingSessionAdd a = ZHUCUN__TRAINING_SESSION_ADD__INIT;
    a.org_code = argv[0];
    a.title = argv[1];
    a.audience = argv[2];
    a.starts_on = argv[3];
    a.ends_on = argv[4];
    return cli_call_show(cli, &a.base, written_text);
}

/* training attend 培训班编号 人员编号... --from 日期 --to 日期 */
static int training_attend(struct cli *cli, int argc, char **argv)
{
    static int64_t ids[MAX_PEOPLE];
    long long session;
    if (argc < 2 || cli->from == NULL || cli->to == NULL)
        return cli_usage(cli);
    Zhucun__TrainingAttend a = ZHUCUN__TRAINING_ATTEND__INIT;
    int n;
    if (cli_id(_("培训班编号"), argv[0], &session) != 0 ||
        (n = people_args(argc - 1, argv + 1, ids)) < 0)
        return EXIT_USAGE;
    a.session_id = session;
    a.attendees = ids;
    a.n_attendees = (size_t)n;
    a.from_day = (char *)cli->from;
    a.to_day = (char *)cli->to;
    return cli_call_show(cli, &a.base, written_text);
}

static const struct column session_columns[] = {
    {N_("编号"), -7}, {N_("层级"), 6},      {N_("组织单位"), 12},
    {N_("名称"), 28}, {N_("培训对象"), 12}, {N_("开始"), 10},
    {N_("结束"), 10}, {N_("天数"), -4},     {N_("应不少于"), -8},
};

static void session_row(const Zhucun__Reply *reply, size_t i, const char **c,
                        char n[][CELL_NUMBERS])
{
    const Zhucun__TrainingSession *s = reply->training_list->sessions[i];
    c[0] = table_num(n[0], s->id);
    c[1] = level_zh(s->level);
    c[2] = s->org_code;
    c[3] = s->title;
    c[4] = audience_zh(s->audience);
    c[5] = s->starts_on;
    c[6] = s->ends_on;
    c[7] = table_num(n[7], s->days);
    c[8] = s->min_days > 0 ? table_num(n[8], s->min_days) : "";
}

static size_t session_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->training_list->truncated; /* TrainingShort's: the same message */
    return reply->training_list->n_sessions;
}

static const struct table session_table = {N_("%s 年培训班"), "培训班",
                                           session_columns,   ARRAY_SIZE(session_columns),
                                           session_row,       N_("（没有培训班）")};
static const struct table short_table = {
    N_("%s 年天数不足的培训班"), "天数不足",  session_columns,
    ARRAY_SIZE(session_columns), session_row, N_("（没有天数不足的培训班）")};

static const struct column untrained_columns[] = {
    {N_("人员编号"), -8},
    {N_("姓名"), 10},
    {N_("工作队"), 28},
    {N_("驻地代码"), 12},
};

static void untrained_row(const Zhucun__Reply *reply, size_t i, const char **c,
                          char n[][CELL_NUMBERS])
{
    const Zhucun__UntrainedCadre *u = reply->training_untrained->cadres[i];
    c[0] = table_num(n[0], u->person_id);
    c[1] = u->name;
    c[2] = u->team_name;
    c[3] = u->org_code;
}

static size_t untrained_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->training_untrained->truncated;
    return reply->training_untrained->n_cadres;
}

static const struct table untrained_table = {
    N_("%s 年未参加培训的在岗驻村干部"), "未培训",      untrained_columns,
    ARRAY_SIZE(untrained_columns),       untrained_row, N_("（全部已参加培训）")};

/* training list|untrained|short [--org] [--year] [--limit] [--xlsx] */
static int training_lists(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    uint32_t year;
    if (argc != 0)
        return cli_usage(cli);
    if (year_arg(cli, &year) != 0)
        return EXIT_USAGE;
    char subject[16];
    int y, m, d;
    rules_civil_from_days(zc_clock_today(), &y, &m, &d);
    snprintf(subject, sizeof(subject), "%u", year != 0 ? year : (uint32_t)y);
    const char *sub = cli->cmd->sub;
    if (strcmp(sub, "untrained") == 0) {
        Zhucun__TrainingUntrained u = ZHUCUN__TRAINING_UNTRAINED__INIT;
        u.org_code = S(cli->org);
        u.year = year;
        u.limit = limit_arg(cli);
        return table_call(cli, &u.base, &untrained_table, untrained_count, subject);
    }
    if (strcmp(sub, "short") == 0) {
        Zhucun__TrainingShort s = ZHUCUN__TRAINING_SHORT__INIT;
        s.org_code = S(cli->org);
        s.year = year;
        s.limit = limit_arg(cli);
        return table_call(cli, &s.base, &short_table, session_count, subject);
    }
    Zhucun__TrainingList l = ZHUCUN__TRAINING_LIST__INIT;
    l.org_code = S(cli->org);
    l.year = year;
    l.limit = limit_arg(cli);
    return table_call(cli, &l.base, &session_table, session_count, subject);
}

/* ---- the units' supervision ---- */

/* unit hearing|leader-visit 单位编号 工作队编号 主持人或负责人 */
static int unit_record(struct cli *cli, int argc, char **argv)
{
    long long unit, team;
    char day[11];
    if (argc != 3)
        return cli_usage(cli);
    if (cli_id(_("单位编号"), argv[0], &unit) != 0 || cli_id(_("工作队编号"), argv[1], &team) != 0)
        return EXIT_USAGE;
    Zhucun__UnitSupervisionRecord u = ZHUCUN__UNIT_SUPERVISION_RECORD__INIT;
    u.kind = strcmp(cli->cmd->sub, "hearing") == 0 ? "hearing" : "leader_visit";
    u.unit_id = unit;
    u.team_id = team;
    u.held_on = (char *)cli_day_or_today(cli, day);
    u.who = argv[2];
    u.note = S(cli->note);
    u.n_evidence = (size_t)cli->nevidence;
    u.evidence = cli->evidence;
    return cli_call_show(cli, &u.base, written_text);
}

static const struct column behind_columns[] = {
    {N_("单位编号"), -8},
    {N_("单位"), 28},
    {N_("层级"), 6},
    {N_("所在区划"), 12},
    {N_("本季听取汇报"), -12},
    {N_("应"), -2},
    {N_("本年负责人到村"), -14},
    {N_("应"), -2},
};

static void behind_row(const Zhucun__Reply *reply, size_t i, const char **c, char n[][CELL_NUMBERS])
{
    const Zhucun__UnitBehind *u = reply->units_behind->units[i];
    c[0] = table_num(n[0], u->unit_id);
    c[1] = u->name;
    c[2] = level_zh(u->level);
    c[3] = u->org_code;
    c[4] = table_num(n[4], u->hearings);
    c[5] = table_num(n[5], u->hearings_required);
    c[6] = table_num(n[6], u->visits);
    c[7] = table_num(n[7], u->visits_required);
}

static size_t behind_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->units_behind->truncated;
    return reply->units_behind->n_units;
}

static const struct table behind_table = {
    N_("派出单位履责滞后名单%s"), "滞后单位", behind_columns,
    ARRAY_SIZE(behind_columns),   behind_row, N_("（没有滞后的单位）")};

static int unit_behind(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__UnitsBehind b = ZHUCUN__UNITS_BEHIND__INIT;
    b.org_code = S(cli->org);
    b.level = S(cli->level);
    b.as_of = S(cli->as_of);
    b.limit = limit_arg(cli);
    return table_call(cli, &b.base, &behind_table, behind_count, "");
}

static const struct column records_columns[] = {
    {N_("编号"), -7},   {N_("类别"), 14},   {N_("日期"), 10}, {N_("单位"), 24},
    {N_("工作队"), 24}, {N_("负责人"), 10}, {N_("备注"), 24},
};

static void records_row(const Zhucun__Reply *reply, size_t i, const char **c,
                        char n[][CELL_NUMBERS])
{
    const Zhucun__UnitSupervision *s = reply->unit_supervision_list->records[i];
    c[0] = table_num(n[0], s->id);
    c[1] = strcmp(s->kind, "hearing") == 0 ? _("听取汇报") : _("主要负责人到村");
    c[2] = s->held_on;
    c[3] = s->unit_name;
    c[4] = s->team_name;
    c[5] = s->who;
    c[6] = s->note;
}

static size_t records_count(const Zhucun__Reply *reply, int *truncated)
{
    *truncated = reply->unit_supervision_list->truncated;
    return reply->unit_supervision_list->n_records;
}

static const struct table records_table = {N_("派出单位听取汇报和负责人到村记录%s"),
                                           "记录",
                                           records_columns,
                                           ARRAY_SIZE(records_columns),
                                           records_row,
                                           N_("（没有记录）")};

static int unit_records(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return cli_usage(cli);
    Zhucun__UnitSupervisionList l = ZHUCUN__UNIT_SUPERVISION_LIST__INIT;
    if (year_arg(cli, &l.year) != 0)
        return EXIT_USAGE;
    l.org_code = S(cli->org);
    l.unit_id = cli->unit;
    l.kind = S(cli->kind);
    l.limit = limit_arg(cli);
    return table_call(cli, &l.base, &records_table, records_count, "");
}

static const struct option study_record_options[] = {O_TEAM, O_DATE, O_EVIDENCE, OPT_END_};
static const struct option study_list_options[] = {O_ORG,   O_TEAM, O_FROM,  O_TO,
                                                   O_LIMIT, O_XLSX, OPT_END_};
static const struct option study_missed_options[] = {O_ORG,   O_FROM, O_TO,
                                                     O_LIMIT, O_XLSX, OPT_END_};
static const struct option attend_options[] = {O_FROM, O_TO, OPT_END_};
static const struct option year_list_options[] = {O_ORG, O_YEAR, O_LIMIT, O_XLSX, OPT_END_};
static const struct option unit_record_options[] = {O_DATE, O_NOTE, O_EVIDENCE, OPT_END_};
static const struct option behind_options[] = {O_ORG, O_LEVEL, O_AS_OF, O_LIMIT, O_XLSX, OPT_END_};
static const struct option records_options[] = {O_ORG,   O_UNIT, O_KIND,  O_YEAR,
                                                O_LIMIT, O_XLSX, OPT_END_};

const struct cli_command cli_training_commands[] = {
    {"study", "record", study_record, study_record_options,
     N_("zhucun study record 主题 人员编号... [--team 工作队编号] [--date 日期] [--evidence "
        "SHA256]...\n"
        "    登记工作队的一次集体学习（参加人员须为当天在岗的队员）\n"),
     "StudyRecord"},
    {"study", "list", study_list, study_list_options,
     N_("zhucun study list [--org 区划代码] [--team 工作队编号] [--from 日期] [--to 日期] "
        "[--limit 条数] [--xlsx 文件]\n"
        "    集体学习记录（默认最近 90 天）\n"),
     "StudyList"},
    {"study", "missed", study_missed, study_missed_options,
     N_("zhucun study missed [--org 区划代码] [--from 日期] [--to 日期] [--limit 条数] [--xlsx "
        "文件]\n"
        "    各工作队未开展集体学习的周（默认本年至今）\n"),
     "StudyMissed"},
    {"training", "add", training_add, NULL,
     N_("zhucun training add 组织单位代码 名称 all|first_secretary|captain|new 开始日期 "
        "结束日期\n"
        "    登记一期培训班（层级由组织单位定：省、市、县、乡镇）\n"),
     "TrainingSessionAdd"},
    {"training", "attend", training_attend, attend_options,
     N_("zhucun training attend 培训班编号 人员编号... --from 日期 --to 日期\n"
        "    登记驻村干部参加培训\n"),
     "TrainingAttend"},
    {"training", "list", training_lists, year_list_options,
     N_("zhucun training list [--org 区划代码] [--year 年份] [--limit 条数] [--xlsx 文件]\n"
        "    培训班及参训人数\n"),
     "TrainingList"},
    {"training", "untrained", training_lists, year_list_options,
     N_("zhucun training untrained [--org 区划代码] [--year 年份] [--limit 条数] [--xlsx 文件]\n"
        "    截止日期（每年 8 月 31 日）前未参加培训的在岗驻村干部\n"),
     "TrainingUntrained"},
    {"training", "short", training_lists, year_list_options,
     N_("zhucun training short [--org 区划代码] [--year 年份] [--limit 条数] [--xlsx 文件]\n"
        "    天数少于规定的培训班\n"),
     "TrainingShort"},
    {"unit", "hearing", unit_record, unit_record_options,
     N_("zhucun unit hearing 单位编号 工作队编号 主持人 [--date 日期] [--note 备注] "
        "[--evidence SHA256]...\n"
        "    登记派出单位党委（党组）听取工作队汇报\n"),
     "UnitSupervisionRecord"},
    {"unit", "leader-visit", unit_record, unit_record_options,
     N_("zhucun unit leader-visit 单位编号 工作队编号 负责人 [--date 日期] [--note 备注] "
        "[--evidence SHA256]...\n"
        "    登记派出单位主要负责人到村\n"),
     "UnitSupervisionRecord"},
    {"unit", "behind", unit_behind, behind_options,
     N_("zhucun unit behind [--org 区划代码] [--level central|province|city|county] [--as-of "
        "日期] [--limit 条数] [--xlsx 文件]\n"
        "    本季度未听取汇报或本年负责人到村不足两次的派出单位\n"),
     "UnitsBehind"},
    {"unit", "records", unit_records, records_options,
     N_("zhucun unit records [--org 区划代码] [--unit 单位编号] [--kind hearing|leader_visit] "
        "[--year 年份] [--limit 条数] [--xlsx 文件]\n"
        "    派出单位听取汇报和负责人到村的记录\n"),
     "UnitSupervisionList"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
