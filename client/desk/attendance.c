/* attendance.c -- five days and four nights (AttendanceReport, SPEC A2) of an org unit for
 * an ISO week (the last finished week to start with): a row per child org unit, clicked to go
 * down one level, "up" to go back, the cadres who fell short listed below; exported to xlsx
 * with the sheets of `zhucun attendance report --xlsx`. The table cells, list clearing and the
 * save dialog are report.c's. Its views, as the visit report's (issue 25): 表格 the table, 图表
 * the units' met rates as bars (a bar clicked opens the unit), 趋势 the shown unit's met rate
 * week by week: one AttendanceReport an ISO week (chart_trend.c), at most
 * REPORT_TREND_WEEKS_MAX, eight to start with. */
#include "desk.h"

#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/rules/attendance.h"
#include "common/rules/report.h"
#include "report_xlsx.h"

#define TREND_DEFAULT_WEEKS 8 /* the trend view opens on the eight weeks to the shown one */

struct desk_attendance {
    struct desk *d;
    GtkListBox *list, *people;
    Zhucun__AttendanceReportReply *rep; /* the shown report, or NULL */
    GPtrArray *path;                    /* org codes above the shown one, for "up" */
    int busy;
    GtkStack *views;          /* 表格, 图表, 趋势 */
    struct desk_chart *chart; /* the units' met rates (its widget's) */
    struct desk_trend *trend; /* the 趋势 view */
};

static GtkWidget *W(struct desk_attendance *a, const char *id)
{
    return GTK_WIDGET(desk_object(a->d, "main", id));
}

static GtkWidget *count_box(const Zhucun__AttendanceCount *c, const char *name, const char *css)
{
    char cadres[16], met[16], shortn[16], pct[16], excused[16], flagged[16];
    snprintf(cadres, sizeof(cadres), "%u", c->cadres);
    snprintf(met, sizeof(met), "%u", c->met);
    snprintf(shortn, sizeof(shortn), "%u", c->fell_short);
    if (c->cadres > 0)
        snprintf(pct, sizeof(pct), "%.1f%%", 100.0 * report_share(c->met, c->cadres));
    else
        snprintf(pct, sizeof(pct), "—");
    snprintf(excused, sizeof(excused), "%u", c->excused_days);
    snprintf(flagged, sizeof(flagged), "%u", c->flagged);
    const char *nums[6] = {cadres, met, shortn, pct, excused, flagged};
    return desk_cells_box(name, nums, 6, css);
}

/* The 图表 view: a bar per child unit, its share of cadres who met five days four nights; a
 * village's report has its own row only. */
static void show_chart(struct desk_attendance *a)
{
    const Zhucun__AttendanceReportReply *r = a->rep;
    if (r == NULL || r->n_by_org == 0) {
        desk_chart_message(a->chart, _("Choose an org unit and a week, then Show"));
        return;
    }
    struct desk_chart_point *pts = g_new0(struct desk_chart_point, r->n_by_org);
    for (size_t i = 0; i < r->n_by_org; i++) {
        const Zhucun__AttendanceCount *c = r->by_org[i];
        pts[i] = (struct desk_chart_point){c->org_name, report_share(c->met, c->cadres), (int)i,
                                           c->cadres == 0};
    }
    char *title =
        g_strdup_printf(_("%s, %s: five days four nights met rate by unit"), r->org_name, r->week);
    double avg = r->total != NULL ? report_share(r->total->met, r->total->cadres) : 0;
    char *avg_name = g_strdup_printf(_("%s average %.1f%%"), r->org_name, 100.0 * avg);
    desk_chart_bars(a->chart, title, _("Org unit"), _("Met rate"), pts, r->n_by_org, avg, avg_name,
                    _("no cadre"));
    g_free(avg_name);
    g_free(title);
    g_free(pts);
}

static void show(struct desk_attendance *a)
{
    desk_list_clear(a->list);
    desk_list_clear(a->people);
    desk_box_clear(W(a, "at_header"));
    desk_box_clear(W(a, "at_total"));
    const Zhucun__AttendanceReportReply *r = a->rep;
    gtk_widget_set_sensitive(W(a, "at_export"), r != NULL);
    gtk_widget_set_sensitive(W(a, "at_up"), a->path->len > 0);
    if (r == NULL) {
        show_chart(a);
        return;
    }
    char *title = g_strdup_printf(_("%s (%s), %s (%s to %s): five days and four nights%s"),
                                  r->org_name, r->org_code, r->week, r->monday, r->sunday,
                                  r->running ? _(" — so far, the week is not over") : "");
    gtk_label_set_text(GTK_LABEL(W(a, "at_title")), title);
    g_free(title);
    const char *heads[6] = {_("Cadres"),   _("Met five and four"), _("Fell short"),
                            _("Met rate"), _("Excused days"),      _("Flagged")};
    gtk_box_append(GTK_BOX(W(a, "at_header")), desk_cells_box(_("Org unit"), heads, 6, "heading"));
    for (size_t i = 0; i < r->n_by_org; i++) {
        const Zhucun__AttendanceCount *c = r->by_org[i];
        char *name = g_strdup_printf("%s  %s", c->org_name, c->org_code);
        GtkWidget *row = gtk_list_box_row_new();
        gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row),
                                   count_box(c, name, c->fell_short > 0 ? "error" : NULL));
        /* A village is the bottom: its row is itself. */
        int down = strcmp(c->org_code, r->org_code) != 0;
        gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row), down);
        if (down)
            gtk_widget_set_tooltip_text(row, _("Click to see this unit's report"));
        gtk_list_box_append(a->list, row);
        g_free(name);
    }
    if (r->total != NULL)
        gtk_box_append(GTK_BOX(W(a, "at_total")), count_box(r->total, _("Total"), "heading"));
    show_chart(a);
    /* The cadres who fell short, then the others. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < r->n_rows; i++) {
            const Zhucun__AttendanceRow *x = r->rows[i];
            if (x->met != (pass == 1))
                continue;
            char *t = g_strdup_printf(
                _("%s (%lld), %s: %u/%u days, %u/%u nights, %u excused, %u check-ins (%u "
                  "flagged) — %s"),
                x->name, (long long)x->person_id, x->org_name, x->days_present, x->required_days,
                x->nights_present, x->required_nights, x->excused, x->checkins, x->flagged,
                x->met ? _("met") : _("fell short"));
            GtkWidget *l = gtk_label_new(t);
            gtk_label_set_xalign(GTK_LABEL(l), 0);
            gtk_label_set_wrap(GTK_LABEL(l), TRUE);
            if (!x->met)
                gtk_widget_add_css_class(l, "error");
            gtk_list_box_append(a->people, l);
            g_free(t);
        }
}

static void report_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_attendance *a = user;
    a->busy = 0;
    gtk_widget_set_sensitive(W(a, "at_go"), TRUE);
    if (err != NULL) {
        /* A failed drill-down leaves the shown report (and its place in the path) as it was. */
        if (a->rep != NULL && a->path->len > 0 &&
            strcmp(g_ptr_array_index(a->path, a->path->len - 1), a->rep->org_code) == 0)
            g_ptr_array_remove_index(a->path, a->path->len - 1);
        desk_status(a->d, err->message, 1);
        desk_changed(a->d, "attendance-failed");
        return;
    }
    if (a->rep != NULL)
        zhucun__attendance_report_reply__free_unpacked(a->rep, NULL);
    a->rep = (Zhucun__AttendanceReportReply *)desk_message_copy(&reply->attendance_report->base);
    gtk_editable_set_text(GTK_EDITABLE(W(a, "at_org")), a->rep->org_code);
    gtk_editable_set_text(GTK_EDITABLE(W(a, "at_week")), a->rep->week);
    show(a);
    /* The trend's default: the eight weeks to the shown one. */
    int monday;
    if (rules_week_parse(a->rep->week, &monday) == 0) {
        char from[9];
        rules_week_format(monday - 7 * (TREND_DEFAULT_WEEKS - 1), from);
        desk_trend_set_org(a->trend, a->rep->org_code, from, a->rep->week);
    }
    desk_status(a->d, _("Report ready"), 0);
    desk_changed(a->d, "attendance");
}

static void request(struct desk_attendance *a, const char *org, const char *week)
{
    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = (char *)org;
    ar.week = (char *)week;
    a->busy = 1;
    gtk_widget_set_sensitive(W(a, "at_go"), FALSE);
    desk_call(a->d, &ar.base, report_done, a);
}

void desk_attendance_run(struct desk_attendance *a)
{
    const char *org = gtk_editable_get_text(GTK_EDITABLE(W(a, "at_org")));
    const char *week = gtk_editable_get_text(GTK_EDITABLE(W(a, "at_week")));
    static const char *const fields[] = {"org_code", "at_org", "week", "at_week", NULL};
    if (a->busy)
        return;
    /* The library's verdict on the request that request() makes. */
    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = (char *)org;
    ar.week = (char *)week;
    if (!desk_check_status(a->d, &ar.base, fields))
        return;
    g_ptr_array_set_size(a->path, 0);
    request(a, org, week);
}

int desk_attendance_count(struct desk_attendance *a)
{
    return a->rep != NULL ? (int)a->rep->n_by_org : 0;
}

const char *desk_attendance_key(struct desk_attendance *a, int i)
{
    return a->rep != NULL && i >= 0 && (size_t)i < a->rep->n_by_org ? a->rep->by_org[i]->org_code
                                                                    : NULL;
}

const char *desk_attendance_org(struct desk_attendance *a)
{
    return a->rep != NULL ? a->rep->org_code : NULL;
}

void desk_attendance_activate(struct desk_attendance *a, int i)
{
    const char *key = desk_attendance_key(a, i);
    if (key == NULL || a->busy || strcmp(key, a->rep->org_code) == 0)
        return;
    g_ptr_array_add(a->path, g_strdup(a->rep->org_code));
    request(a, key, a->rep->week);
}

static void on_row_activated(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    desk_attendance_activate(user, gtk_list_box_row_get_index(row));
}

static void on_go(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_attendance_run(user);
}

static void on_up(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_attendance *a = user;
    if (a->busy || a->path->len == 0 || a->rep == NULL)
        return;
    char *org = g_strdup(g_ptr_array_index(a->path, a->path->len - 1));
    g_ptr_array_remove_index(a->path, a->path->len - 1);
    request(a, org, a->rep->week);
    g_free(org);
}

/* ---- the trend: one AttendanceReport a week (chart_trend.c) ---- */

static const char *trend_check(const char *range, int *first, int *n)
{
    return rules_report_week_trend_problem(range, first, n);
}

/* Week i from the Monday first: the week's report, its total the point. */
static int trend_period(struct zc_client *c, const char *org, int first, int i, char label[16],
                        double *value, char **org_name, struct zc_error *err)
{
    rules_week_format(first + 7 * i, label);
    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = (char *)org;
    ar.week = label;
    Zhucun__Reply *reply = NULL;
    int rc = zc_attendance_report(c, &ar, &reply, err);
    if (rc == 0) {
        const Zhucun__AttendanceReportReply *r = reply->attendance_report;
        *value = r->total != NULL ? report_share(r->total->met, r->total->cadres) : 0;
        *org_name = g_strdup(r->org_name);
    }
    zc_reply_free(reply);
    return rc;
}

static const struct desk_trend_kind weeks_trend = {
    .check = trend_check,
    .period = trend_period,
    .title = N_("%s (%s): five days four nights met rate by week, %s to %s"),
    .axis = N_("Week"),
    .value_name = N_("Met rate"),
    .done = N_("%d weekly reports, one a week"),
    .event = "attendance-trend",
};

static void on_bar(int row, void *user)
{
    desk_attendance_activate(user, row);
}

GtkStack *desk_attendance_views(struct desk_attendance *a)
{
    return a->views;
}

struct desk_chart *desk_attendance_chart(struct desk_attendance *a)
{
    return a->chart;
}

struct desk_chart *desk_attendance_trend(struct desk_attendance *a)
{
    return desk_trend_chart(a->trend);
}

int desk_attendance_trend_run(struct desk_attendance *a)
{
    return desk_trend_run(a->trend);
}

/* ---- export: the sheets of `zhucun attendance report --xlsx` ---- */

int desk_attendance_export(struct desk_attendance *a, const char *path)
{
    return a->rep != NULL && report_attendance_xlsx(path, a->rep) == 0 ? 0 : -1;
}

static int export_cb(void *obj, const char *path)
{
    return desk_attendance_export(obj, path);
}

static void on_export(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_attendance *a = user;
    if (a->rep == NULL)
        return;
    char *name = g_strdup_printf("五天四夜-%s-%s.xlsx", a->rep->org_code, a->rep->week);
    desk_export_dialog(a->d, name, export_cb, a);
    g_free(name);
}

struct desk_attendance *desk_attendance_new(struct desk *d)
{
    struct desk_attendance *a = g_new0(struct desk_attendance, 1);
    a->d = d;
    a->path = g_ptr_array_new_with_free_func(g_free);
    a->list = GTK_LIST_BOX(W(a, "at_list"));
    a->people = GTK_LIST_BOX(W(a, "at_people"));
    GtkWidget *empty = gtk_label_new(_("Choose an org unit and a week, then Show"));
    gtk_widget_add_css_class(empty, "dim-label");
    gtk_list_box_set_placeholder(a->list, empty);
    if (d->grant_scopes != NULL && d->grant_scopes->len > 0)
        gtk_editable_set_text(GTK_EDITABLE(W(a, "at_org")), g_ptr_array_index(d->grant_scopes, 0));
    /* The last finished week: the week of seven days ago. */
    char week[9];
    rules_week_format(zc_clock_today() - 7, week);
    gtk_editable_set_text(GTK_EDITABLE(W(a, "at_week")), week);
    g_signal_connect(a->list, "row-activated", G_CALLBACK(on_row_activated), a);
    g_signal_connect(W(a, "at_go"), "clicked", G_CALLBACK(on_go), a);
    g_signal_connect(W(a, "at_org"), "activate", G_CALLBACK(on_go), a);
    g_signal_connect(W(a, "at_week"), "activate", G_CALLBACK(on_go), a);
    g_signal_connect(W(a, "at_up"), "clicked", G_CALLBACK(on_up), a);
    g_signal_connect(W(a, "at_export"), "clicked", G_CALLBACK(on_export), a);
    a->views = GTK_STACK(W(a, "at_views"));
    a->chart = desk_chart_new(720, 380);
    gtk_widget_set_vexpand(desk_chart_widget(a->chart), TRUE);
    desk_chart_on_activate(a->chart, on_bar, a);
    gtk_box_append(GTK_BOX(W(a, "at_chart_box")), desk_chart_widget(a->chart));
    a->trend = desk_trend_new(d, &weeks_trend, a->views, W(a, "at_trend_from"), W(a, "at_trend_to"),
                              W(a, "at_trend_go"), W(a, "at_trend_note"), W(a, "at_trend_box"));
    show(a);
    return a;
}

void desk_attendance_free(struct desk_attendance *a)
{
    if (a == NULL)
        return;
    if (a->rep != NULL)
        zhucun__attendance_report_reply__free_unpacked(a->rep, NULL);
    g_ptr_array_unref(a->path);
    desk_trend_free(a->trend);
    g_free(a);
}
