/* cmd_attendance.c -- zhucun checkin and zhucun attendance: check in where you are, one
 * cadre's week of five days and four nights, the weekly report of who fell short (table, JSON
 * or Excel), and recording a day of official business. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/rules/attendance.h"
#include "common/rules/checkin.h"
#include "common/rules/daily.h"
#include "cli.pb-c.h"
#include "common/rules/report.h"
#include "common/status.h"
#include "common/xmalloc.h"
#include "report_xlsx.h"
#include "xlsx.h"

#define S(x) ((char *)((x) != NULL ? (x) : ""))

static const char *flag_zh(const char *name)
{
    return strcmp(name, "outside_fence") == 0   ? _("超出驻村范围")
           : strcmp(name, "poor_accuracy") == 0 ? _("定位精度差")
           : strcmp(name, "mock_location") == 0 ? _("模拟定位")
           : strcmp(name, "too_fast") == 0      ? _("移动速度异常")
           : strcmp(name, "clock_skew") == 0    ? _("设备时间偏差")
           : strcmp(name, "late") == 0          ? _("离线打卡送达过晚")
                                                : name;
}

static void print_flags_zh(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? _("、") : "", flag_zh(names[i]));
}

/* ---- checkin ---- */

static int checkin(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || !cli->has_lat || !cli->has_lon || !cli->has_accuracy)
        return cli_usage(cli);
    /* The same judge as the server, one measurement at a time, before anything is sent. */
    const char *problem =
        rules_checkin_problem(cli->lat, 0, 1) != NULL ? _("--lat 应为 -90 到 90 之间的纬度")
        : rules_checkin_problem(0, cli->lon, 1) != NULL ? _("--lon 应为 -180 到 180 之间的经度")
        : rules_checkin_problem(0, 0, cli->accuracy) != NULL ? _("--accuracy 应为大于 0 的米数")
                                                             : NULL;
    if (problem != NULL) {
        fprintf(stderr, "zhucun: %s\n", problem);
        return EXIT_USAGE;
    }
    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = cli->lat;
    ci.lon = cli->lon;
    ci.accuracy_m = cli->accuracy;
    ci.device_id = S(cli->device);
    ci.mock = cli->mock;
    ci.client_time = zc_clock_now();
    /* Keyed (client/lib): when the connection drops before the reply, the one retry cannot
     * store it twice. */
    Zhucun__Reply *reply = NULL;
    struct zc_error err = {0};
    if (cli_request(cli, &ci.base, &reply, &err) != 0) {
        zc_reply_free(reply);
        return cli_fail(&err);
    }
    const Zhucun__CheckInReply *cr = reply->check_in;
    if (cli->json) {
        cli_json(&cr->base);
    } else {
        printf(_("已打卡 %lld："), (long long)cr->id);
        if (cr->distance_m >= 0)
            printf(_("距 %s 村中心 %.0f 米，"), cr->village_code, cr->distance_m);
        if (cr->delay_s > 0)
            printf(_("离线打卡，晚 %lld 分钟送达，按设备时间记录，"), (long long)cr->delay_s / 60);
        if (cr->valid) {
            printf(_("有效，计入 %s %s\n"), cr->slot_date,
                   strcmp(cr->slot, "day") == 0 ? _("白天") : _("夜间"));
        } else {
            printf(_("已记录但不计入考勤（"));
            print_flags_zh(cr->flag_names, cr->n_flag_names);
            printf(_("）\n"));
        }
    }
    zc_reply_free(reply);
    return 0;
}

/* ---- attendance week ---- */

static const char *const weekday_zh[] = {"",       N_("一"), N_("二"), N_("三"),
                                         N_("四"), N_("五"), N_("六"), N_("日")};

static const char *excuse_zh(const char *e)
{
    if (e[0] == '\0')
        return "";
    if (strstr(e, "official_business") != NULL)
        return strstr(e, "leave") != NULL ? _("公务/请假") : _("公务");
    if (strstr(e, "leave") != NULL)
        return _("请假");
    if (strcmp(e, "not_serving") == 0)
        return _("未在岗");
    return e;
}

static void week_text(const Zhucun__AttendanceWeekReply *w)
{
    printf(_("%s（人员 %lld）%s %s（%s）\n"), w->name, (long long)w->person_id, w->team_name,
           w->org_name, w->org_code);
    printf(_("%s（%s 至 %s）五天四夜%s\n"), w->week, w->monday, w->sunday,
           w->running ? _("，本周尚未结束，按已有打卡统计") : "");
    printf("%-10s  %-4s  %-4s  %-4s  %-10s  %4s  %4s\n", _("日期"), _("星期"), _("白天"), _("夜间"),
           _("免除"), _("打卡"), _("异常"));
    for (size_t i = 0; i < w->n_days; i++) {
        const Zhucun__AttendanceDay *d = w->days[i];
        printf("%-10s  %-4s  %-4s  %-4s  %-10s  %4u  %4u\n", d->date,
               d->weekday >= 1 && d->weekday <= 7 ? _(weekday_zh[d->weekday]) : "",
               d->day_present ? "✓" : "-", d->night_present ? "✓" : "-", excuse_zh(d->excuse),
               d->checkins, d->flagged);
    }
    printf(_("白天 %u/%u，夜间 %u/%u，免除 %u 天：%s\n"), w->days_present, w->required_days,
           w->nights_present, w->required_nights, w->excused, w->met ? _("达标") : _("未达标"));
    if (w->n_checkins)
        printf(_("\n打卡记录：\n"));
    for (size_t i = 0; i < w->n_checkins; i++) {
        const Zhucun__AttendanceCheckIn *c = w->checkins[i];
        printf("  %s  %s", c->local_time, c->village_code);
        if (c->distance_m >= 0)
            printf(_("  %6.0f 米"), c->distance_m);
        printf("  %s", c->n_flag_names ? "" : _("有效"));
        print_flags_zh(c->flag_names, c->n_flag_names);
        printf("\n");
    }
    if (w->truncated)
        printf(_("（仅列出前 %zu 条打卡）\n"), w->n_checkins);
}

static int week(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->ncadres > 1)
        return cli_usage(cli);
    int monday;
    if (cli->week != NULL && rules_week_parse(cli->week, &monday) != 0) {
        fprintf(stderr, _("zhucun: --week 应为 ISO 周，如 2026-W48\n"));
        return EXIT_USAGE;
    }
    Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
    aw.person_id = cli->ncadres ? cli->cadres[0] : 0;
    aw.week = S(cli->week);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &aw.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->attendance_week->base);
    else
        week_text(reply->attendance_week);
    zc_reply_free(reply);
    return 0;
}

/* ---- attendance report ---- */

/* The columns of the counts by unit and of the cadres' rows (cli_print_row's widths). */
static const int count_widths[] = {14, 16, -6, -6, -6, -8, -8};
static const int row_widths[] = {14, 12, 16, -9, -9, -4, -6, -6};

static void count_text(const Zhucun__AttendanceCount *c, const char *label)
{
    cli_print_cell(label ? label : c->org_code, 14, 0);
    putchar(' ');
    cli_print_cell(c->org_name, 16, 0);
    printf(" %6u %6u %6u %8u %8u\n", c->cadres, c->met, c->fell_short, c->excused_days, c->flagged);
}

static void report_text(const Zhucun__AttendanceReportReply *a, int short_only)
{
    printf(_("%s（%s）%s（%s 至 %s）五天四夜%s\n"), a->org_name, a->org_code, a->week, a->monday,
           a->sunday, a->running ? _("，本周尚未结束，按已有打卡统计") : "");
    const char *const heads[] = {_("编号"),   _("单位"),     _("队员"),    _("达标"),
                                 _("未达标"), _("免除天数"), _("异常打卡")};
    cli_print_row(heads, count_widths, 7);
    for (size_t i = 0; i < a->n_by_org; i++)
        count_text(a->by_org[i], NULL);
    count_text(a->total, _("合计"));
    printf(_("\n%s：\n"), short_only ? _("未达标队员") : _("队员"));
    const char *const row_heads[] = {_("人员编号"),  _("姓名"), _("驻村（乡镇）"), _("白天/应驻"),
                                     _("夜间/应驻"), _("免除"), _("打卡"),         _("结果")};
    cli_print_row(row_heads, row_widths, 8);
    for (size_t i = 0; i < a->n_rows; i++) {
        const Zhucun__AttendanceRow *r = a->rows[i];
        printf("%-14lld ", (long long)r->person_id);
        cli_print_cell(r->name, 12, 0);
        putchar(' ');
        cli_print_cell(r->org_name, 16, 0);
        printf(" %5u/%-3u %5u/%-3u %4u %6u ", r->days_present, r->required_days, r->nights_present,
               r->required_nights, r->excused, r->checkins);
        cli_print_cell(r->met ? _("达标") : _("未达标"), 6, 1);
        putchar('\n');
    }
    if (a->truncated)
        printf(_("（仅列出前 %zu 人；请选择下级单位查看其余队员）\n"), a->n_rows);
}

static int report_xlsx(const char *path, const Zhucun__AttendanceReportReply *a)
{
    if (report_attendance_xlsx(path, a) != 0)
        return 1;
    printf(_("已导出 %s（%zu 名队员%s）\n"), path, a->n_rows,
           a->truncated ? _("，未列全：请选择下级单位") : "");
    return 0;
}

/* ---- zhucun attendance report --trend YYYY-Www..YYYY-Www ----
 * One AttendanceReport a week, as `report visits --trend` asks one report a month
 * (cmd_report.c): each week is exactly the report a person gets for it, scope and checks
 * included; the week rule (at most REPORT_TREND_WEEKS_MAX) is the desk's trend view's. */

static void trend_text(const Zhucun__Cli__AttendanceTrend *t)
{
    printf(_("%s（%s）五天四夜趋势\n"), t->org_name, t->org_code);
    static const int widths[] = {8, 10, 8, 6, 6, 8, 8};
    const char *const heads[] = {_("周"),     _("周一"),     _("驻村干部"), _("达标"),
                                 _("未达标"), _("免除天数"), _("达标率")};
    cli_print_row(heads, widths, 7);
    for (size_t i = 0; i < t->n_weeks; i++) {
        const Zhucun__Cli__AttendanceTrendWeek *w = t->weeks[i];
        printf("%-8s %-10s %8u %6u %6u %8u %7.1f%%%s\n", w->week, w->monday, w->cadres, w->met,
               w->fell_short, w->excused_days, 100.0 * w->rate,
               w->running ? _("（本周尚未结束）") : "");
    }
}

static int trend_xlsx(const char *path, const Zhucun__Cli__AttendanceTrend *t)
{
    static const struct xlsx_column columns[] = {
        {"周", XLSX_TEXT, 10},        {"周一", XLSX_TEXT, 12},     {"驻村干部", XLSX_NUMBER, 0},
        {"达标", XLSX_NUMBER, 0},     {"未达标", XLSX_NUMBER, 0},  {"免除天数", XLSX_NUMBER, 0},
        {"异常打卡", XLSX_NUMBER, 0}, {"达标率", XLSX_PERCENT, 0},
    };
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return 1;
    char title[512];
    snprintf(title, sizeof(title), "%s（%s）五天四夜趋势（%s 至 %s）", t->org_name, t->org_code,
             t->weeks[0]->week, t->weeks[t->n_weeks - 1]->week);
    struct xlsx_sheet *ws =
        xlsx_sheet(wb, "五天四夜趋势", title, columns, sizeof(columns) / sizeof(columns[0]));
    struct xlsx_point *points = xcalloc(t->n_weeks, sizeof(*points));
    for (size_t i = 0; i < t->n_weeks; i++) {
        const Zhucun__Cli__AttendanceTrendWeek *w = t->weeks[i];
        const struct xlsx_cell cells[] = {
            {w->week, 0},          {w->monday, 0},          {NULL, w->cadres},  {NULL, w->met},
            {NULL, w->fell_short}, {NULL, w->excused_days}, {NULL, w->flagged}, {NULL, w->rate},
        };
        xlsx_row(ws, cells, 0);
        points[i] = (struct xlsx_point){w->week, w->rate};
    }
    report_trend_chart(wb, title, "周", "达标率", points, t->n_weeks);
    free(points);
    return xlsx_close(wb) != 0 ? 1 : 0;
}

static int report_trend(struct cli *cli)
{
    int monday, n;
    const char *problem = rules_report_week_trend_problem(cli->trend, &monday, &n);
    if (problem != NULL) {
        fprintf(stderr, _("zhucun: %s（字段 trend）\n"), problem);
        return 6;
    }
    Zhucun__Cli__AttendanceTrend t = ZHUCUN__CLI__ATTENDANCE_TREND__INIT;
    Zhucun__Cli__AttendanceTrendWeek *weeks = xcalloc((size_t)n, sizeof(*weeks));
    Zhucun__Cli__AttendanceTrendWeek **list = xcalloc((size_t)n, sizeof(*list));
    Zhucun__Reply **replies = xcalloc((size_t)n, sizeof(*replies));
    char(*names)[9] = xcalloc((size_t)n, sizeof(*names));
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        rules_week_format(monday + 7 * i, names[i]);
        Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
        ar.org_code = (char *)cli->org;
        ar.week = names[i];
        ar.limit = 1; /* the total line is what a week gives; its rows are not shown */
        rc = cli_call(cli, &ar.base, &replies[i]);
        if (rc != 0) {
            fprintf(stderr, _("zhucun: 趋势在 %s 处中止（该周的报告见上），未输出任何内容\n"),
                    names[i]);
            break;
        }
        const Zhucun__AttendanceReportReply *a = replies[i]->attendance_report;
        const Zhucun__AttendanceCount *x = a->total;
        t.org_code = a->org_code;
        t.org_name = a->org_name;
        Zhucun__Cli__AttendanceTrendWeek *w = &weeks[i];
        zhucun__cli__attendance_trend_week__init(w);
        w->week = a->week;
        w->monday = a->monday;
        w->running = a->running;
        if (x != NULL) {
            w->cadres = x->cadres;
            w->met = x->met;
            w->fell_short = x->fell_short;
            w->excused_days = x->excused_days;
            w->flagged = x->flagged;
            w->rate = report_share(x->met, x->cadres);
        }
        list[i] = w;
    }
    if (rc == 0) {
        t.weeks = list;
        t.n_weeks = (size_t)n;
        if (cli->xlsx != NULL) {
            rc = trend_xlsx(cli->xlsx, &t);
            if (rc == 0)
                printf(_("已导出 %s（%d 周）\n"), cli->xlsx, n);
        } else if (cli->json) {
            cli_json(&t.base);
        } else {
            trend_text(&t);
        }
    }
    for (int i = 0; i < n; i++)
        if (replies[i] != NULL)
            zc_reply_free(replies[i]);
    free(names);
    free(replies);
    free(list);
    free(weeks);
    return rc;
}

static int report(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->org == NULL || (cli->json && cli->xlsx != NULL))
        return cli_usage(cli);
    if (cli->trend != NULL) {
        if (cli->week != NULL || cli->short_only)
            return cli_usage(cli);
        return report_trend(cli);
    }
    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = (char *)cli->org;
    ar.week = S(cli->week);
    ar.short_only = cli->short_only;
    ar.limit = (uint32_t)cli->limit;
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &ar.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__AttendanceReportReply *a = reply->attendance_report;
    if (cli->xlsx != NULL)
        rc = report_xlsx(cli->xlsx, a);
    else if (cli->json)
        cli_json(&a->base);
    else
        report_text(a, cli->short_only);
    zc_reply_free(reply);
    return rc;
}

/* ---- attendance business ---- */

static int business(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->ncadres != 1 || cli->date == NULL || cli->note == NULL)
        return cli_usage(cli);
    Zhucun__OfficialBusinessRecord ob = ZHUCUN__OFFICIAL_BUSINESS_RECORD__INIT;
    ob.person_id = cli->cadres[0];
    ob.date = (char *)cli->date;
    ob.note = (char *)cli->note;
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &ob.base, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(&reply->official_business->base);
    else
        printf(_("已登记公务 %lld：人员 %lld，%s\n"), (long long)reply->official_business->id,
               (long long)cli->cadres[0], cli->date);
    zc_reply_free(reply);
    return 0;
}

/* ---- attendance businesses (issue 24) ---- */

static void businesses_text(const struct cli *cli, const Zhucun__Reply *reply)
{
    (void)cli;
    const Zhucun__OfficialBusinessListReply *l = reply->official_business_list;
    if (l->n_records == 0) {
        printf(_("（没有登记的公务）\n"));
        return;
    }
    static const int widths[] = {10, -8, 10, 12, 12, 30};
    const char *head[] = {_("日期"),       _("人员"),   _("姓名"),
                          _("工作队驻地"), _("登记人"), _("公务事由")};
    cli_print_row(head, widths, 6);
    for (size_t i = 0; i < l->n_records; i++) {
        const Zhucun__OfficialBusiness *b = l->records[i];
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)b->person_id);
        const char *cells[] = {b->date, id, b->name, b->org_code, b->recorded_by, b->note};
        cli_print_row(cells, widths, 6);
    }
    if (l->truncated)
        printf(_("（只列出前 %zu 条，请用 --cadre 或 --limit 缩小）\n"), l->n_records);
}

/* attendance businesses [--cadre 人员编号] [--limit 条数] */
static int businesses(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || cli->ncadres > 1)
        return cli_usage(cli);
    Zhucun__OfficialBusinessList bl = ZHUCUN__OFFICIAL_BUSINESS_LIST__INIT;
    bl.person_id = cli->ncadres == 1 ? cli->cadres[0] : 0;
    /* past the largest: the library's check says what the largest is */
    bl.limit = cli->limit > BUSINESS_LIST_MAX ? BUSINESS_LIST_MAX + 1 : (uint32_t)cli->limit;
    return cli_call_show(cli, &bl.base, businesses_text);
}

static const struct option checkin_options[] = {O_LAT,    O_LON,  O_ACCURACY,
                                                O_DEVICE, O_MOCK, OPT_END_};
static const struct option week_options[] = {O_CADRE, O_WEEK, OPT_END_};
static const struct option report_options[] = {O_ORG,  O_WEEK,  O_SHORT, O_LIMIT,
                                               O_XLSX, O_TREND, OPT_END_};
static const struct option business_options[] = {O_CADRE, O_DATE, O_NOTE, OPT_END_};
static const struct option businesses_options[] = {O_CADRE, O_LIMIT, OPT_END_};

const struct cli_command cli_attendance_commands[] = {
    {"checkin", NULL, checkin, checkin_options,
     N_("zhucun checkin --lat 纬度 --lon 经度 --accuracy 米 [--device 设备编号] [--mock]\n"
        "    在所在位置打卡（显示是否有效）\n"),
     "CheckIn"},
    {"attendance", "week", week, week_options,
     N_("zhucun attendance week [--cadre 人员编号] [--week 2026-W48]\n"
        "    一周的五天四夜\n"),
     "AttendanceWeek"},
    {"attendance", "report", report, report_options,
     N_("zhucun attendance report --org 代码 [--week 周] [--short] [--limit 人数] [--xlsx 文件]\n"
        "    按单位统计五天四夜，列出未达标的队员\n"
        "zhucun attendance report --org 代码 --trend 2026-W40..2026-W48 [--xlsx 文件]\n"
        "    逐周的达标率（最多 26 周，每周一次查询；--xlsx 另有折线图）\n"),
     "AttendanceReport"},
    {"attendance", "business", business, business_options,
     N_("zhucun attendance business --cadre 人员编号 --date 日期 --note 说明\n"
        "    登记一天公务\n"),
     "OfficialBusinessRecord"},
    /* issue 24 (s24-daily) */
    {"attendance", "businesses", businesses, businesses_options,
     N_("zhucun attendance businesses [--cadre 人员编号] [--limit 条数]\n"
        "    列出管辖范围内队员登记的公务（近 92 天到未来 31 天）\n"),
     "OfficialBusinessList"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
