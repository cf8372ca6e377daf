/* report.c -- visit-duty compliance (VisitReport, SPEC V6) of an org unit for a month: a row
 * per child org unit, clicked to go down one level (province -> city -> county -> township ->
 * village), and at village level a row per household with the duties not met; "up" goes back.
 * The shown report is exported to xlsx with client/cli/xlsx.c, the sheets the CLI writes.
 * Its views (issue 25): 表格 the table, 图表 its rows as bars by child unit (chart.c; a bar
 * clicked opens the unit as its row does), 趋势 the shown unit's rate month by month (one
 * VisitReport a month, as `zhucun report visits --trend`). */
#include "desk.h"

#include <string.h>

#include "common/rules/report.h"
#include "report_xlsx.h"

#define TREND_DEFAULT_MONTHS 6 /* the trend view opens on the last six months to the shown one */

struct desk_report {
    struct desk *d;
    GtkListBox *list;
    Zhucun__VisitReportReply *rep; /* the shown report, or NULL */
    GPtrArray *path;               /* org codes above the shown one (char *), for "up" */
    int busy;
    GtkStack *views;          /* 表格, 图表, 趋势, 地图 */
    struct desk_chart *chart; /* the shown report's rows as bars (its widget's) */
    struct desk_trend *trend; /* the 趋势 view */
    struct desk_map *map;     /* the 地图 view: the villages of the shown unit (map.c) */
};

static GtkWidget *W(struct desk_report *r, const char *id)
{
    return GTK_WIDGET(desk_object(r->d, "main", id));
}

/* A line of cells: the name wide, then n narrow right-aligned cells (shared with the
 * attendance report). */
GtkWidget *desk_cells_box(const char *name, const char *const *nums, int n, const char *css)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_add_css_class(box, "report-row");
    GtkWidget *nl = gtk_label_new(name);
    gtk_label_set_xalign(GTK_LABEL(nl), 0);
    gtk_label_set_ellipsize(GTK_LABEL(nl), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand(nl, TRUE);
    if (css != NULL)
        gtk_widget_add_css_class(nl, css);
    gtk_box_append(GTK_BOX(box), nl);
    for (int i = 0; i < n; i++) {
        GtkWidget *c = gtk_label_new(nums[i]);
        gtk_label_set_xalign(GTK_LABEL(c), 1);
        gtk_widget_set_size_request(c, 84, -1); /* the same in bold headers and rows */
        if (css != NULL)
            gtk_widget_add_css_class(c, css);
        gtk_box_append(GTK_BOX(box), c);
    }
    return box;
}

static GtkWidget *row_box(const Zhucun__VisitReportRow *x, const char *name, const char *css)
{
    char due[16], met[16], overdue[16], open[16], pct[16];
    snprintf(due, sizeof(due), "%u", x->due);
    snprintf(met, sizeof(met), "%u", x->met);
    snprintf(overdue, sizeof(overdue), "%u", x->overdue);
    snprintf(open, sizeof(open), "%u", x->open);
    if (x->due > 0)
        snprintf(pct, sizeof(pct), "%.1f%%", 100.0 * report_rate(x));
    else
        snprintf(pct, sizeof(pct), "—");
    const char *nums[5] = {due, met, overdue, open, pct};
    return desk_cells_box(name, nums, 5, css);
}

void desk_box_clear(GtkWidget *box)
{
    for (GtkWidget *c = gtk_widget_get_first_child(box); c != NULL;
         c = gtk_widget_get_first_child(box))
        gtk_box_remove(GTK_BOX(box), c);
}

static const char *kind_zh(const char *by)
{
    return strcmp(by, "org") == 0     ? _("Org unit")
           : strcmp(by, "team") == 0  ? _("Team")
           : strcmp(by, "cadre") == 0 ? _("Cadre")
                                      : _("Household");
}

void desk_list_clear(GtkListBox *list)
{
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(list, 0))
        gtk_list_box_remove(list, GTK_WIDGET(row));
}

/* The 图表 view: the rows by child unit as bars, the unit's own rate (the total line) the
 * average. A village's report lists households, which are not charted. */
static void show_chart(struct desk_report *r)
{
    const Zhucun__VisitReportReply *v = r->rep;
    if (v == NULL || strcmp(v->by, "org") != 0 || v->n_rows == 0) {
        desk_chart_message(r->chart, v == NULL ? _("Choose an org unit and a month, then Show")
                                               : _("The chart shows child units; this report "
                                                   "lists households: see the table"));
        return;
    }
    struct desk_chart_point *pts = g_new0(struct desk_chart_point, v->n_rows);
    for (size_t i = 0; i < v->n_rows; i++)
        pts[i] = (struct desk_chart_point){v->rows[i]->name, report_rate(v->rows[i]), (int)i,
                                           v->rows[i]->due == 0};
    char *title =
        g_strdup_printf(_("%s, %s: visit completion rate by unit"), v->org_name, v->period);
    double avg = report_rate(v->total);
    char *avg_name = g_strdup_printf(_("%s average %.1f%%"), v->org_name, 100.0 * avg);
    desk_chart_bars(r->chart, title, _("Org unit"), _("Rate"), pts, v->n_rows, avg, avg_name,
                    _("nothing due"));
    g_free(avg_name);
    g_free(title);
    g_free(pts);
}

static void trend_defaults(struct desk_report *r);

static void show(struct desk_report *r)
{
    desk_list_clear(r->list);
    desk_box_clear(W(r, "rp_header"));
    desk_box_clear(W(r, "rp_total"));
    desk_map_show(r->map, r->rep);
    const Zhucun__VisitReportReply *v = r->rep;
    gtk_widget_set_sensitive(W(r, "rp_export"), v != NULL);
    gtk_widget_set_sensitive(W(r, "rp_up"), r->path->len > 0);
    show_chart(r);
    if (v == NULL)
        return;
    char *title = g_strdup_printf(_("%s (%s), %s: visit compliance as of %s"), v->org_name,
                                  v->org_code, v->period, v->as_of);
    gtk_label_set_text(GTK_LABEL(W(r, "rp_title")), title);
    g_free(title);
    const char *heads[5] = {_("Duties"), _("Met"), _("Overdue"), _("Open"), _("Rate")};
    gtk_box_append(GTK_BOX(W(r, "rp_header")), desk_cells_box(kind_zh(v->by), heads, 5, "heading"));
    int org = strcmp(v->by, "org") == 0;
    for (size_t i = 0; i < v->n_rows; i++) {
        const Zhucun__VisitReportRow *x = v->rows[i];
        char *name = org ? g_strdup_printf("%s  %s", x->name, x->key)
                         : g_strdup_printf("%s  %s", x->name, x->org_name);
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
        gtk_box_append(GTK_BOX(box), row_box(x, name, x->overdue > 0 ? "error" : NULL));
        if (x->detail != NULL && x->detail[0] != '\0') {
            GtkWidget *det = gtk_label_new(x->detail);
            gtk_label_set_xalign(GTK_LABEL(det), 0);
            gtk_label_set_wrap(GTK_LABEL(det), TRUE);
            gtk_widget_add_css_class(det, "dim-label");
            gtk_widget_set_margin_start(det, 10);
            gtk_box_append(GTK_BOX(box), det);
        }
        GtkWidget *row = gtk_list_box_row_new();
        gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
        gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row), org);
        if (org)
            gtk_widget_set_tooltip_text(row, _("Click to see this unit's report"));
        gtk_list_box_append(r->list, row);
        g_free(name);
    }
    if (v->total != NULL)
        gtk_box_append(GTK_BOX(W(r, "rp_total")), row_box(v->total, _("Total"), "heading"));
    gtk_widget_set_visible(W(r, "rp_hint"), org);
}

static void report_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_report *r = user;
    r->busy = 0;
    gtk_widget_set_sensitive(W(r, "rp_go"), TRUE);
    if (err != NULL) {
        /* A failed drill-down leaves the shown report (and its place in the path) as it was. */
        if (r->rep != NULL && r->path->len > 0 &&
            strcmp(g_ptr_array_index(r->path, r->path->len - 1), r->rep->org_code) == 0)
            g_ptr_array_remove_index(r->path, r->path->len - 1);
        desk_status(r->d, err->message, 1);
        desk_changed(r->d, "report-failed");
        return;
    }
    if (r->rep != NULL)
        zhucun__visit_report_reply__free_unpacked(r->rep, NULL);
    /* A copy that outlives the reply, for drill-down and export. */
    r->rep = (Zhucun__VisitReportReply *)desk_message_copy(&reply->visit_report->base);
    gtk_editable_set_text(GTK_EDITABLE(W(r, "rp_org")), r->rep->org_code);
    show(r);
    trend_defaults(r);
    desk_status(r->d, _("Report ready"), 0);
    desk_changed(r->d, "report");
}

static void request(struct desk_report *r, const char *org, const char *period)
{
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = (char *)org;
    vr.period = (char *)period;
    vr.by = "";
    r->busy = 1;
    gtk_widget_set_sensitive(W(r, "rp_go"), FALSE);
    desk_call(r->d, &vr.base, report_done, r);
}

static int form_ok(struct desk_report *r, const char **org, const char **period)
{
    static const char *const fields[] = {"org_code", "rp_org", "period", "rp_period", NULL};
    *org = gtk_editable_get_text(GTK_EDITABLE(W(r, "rp_org")));
    *period = gtk_editable_get_text(GTK_EDITABLE(W(r, "rp_period")));
    /* The library's verdict on the request that request() makes. */
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = (char *)*org;
    vr.period = (char *)*period;
    vr.by = "";
    return desk_check_status(r->d, &vr.base, fields);
}

void desk_report_run(struct desk_report *r)
{
    const char *org, *period;
    if (r->busy || !form_ok(r, &org, &period))
        return;
    g_ptr_array_set_size(r->path, 0);
    request(r, org, period);
}

int desk_report_count(struct desk_report *r)
{
    return r->rep != NULL ? (int)r->rep->n_rows : 0;
}

const char *desk_report_key(struct desk_report *r, int i)
{
    return r->rep != NULL && i >= 0 && (size_t)i < r->rep->n_rows ? r->rep->rows[i]->key : NULL;
}

const char *desk_report_org(struct desk_report *r)
{
    return r->rep != NULL ? r->rep->org_code : NULL;
}

const char *desk_report_by(struct desk_report *r)
{
    return r->rep != NULL ? r->rep->by : NULL;
}

void desk_report_goto(struct desk_report *r, const char *org)
{
    if (r->rep == NULL || r->busy)
        return;
    g_ptr_array_add(r->path, g_strdup(r->rep->org_code));
    request(r, org, r->rep->period);
}

struct desk_map *desk_report_map(struct desk_report *r)
{
    return r->map;
}

void desk_report_activate(struct desk_report *r, int i)
{
    const char *key = desk_report_key(r, i);
    if (key != NULL && strcmp(r->rep->by, "org") == 0)
        desk_report_goto(r, key);
}

static void on_row_activated(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    desk_report_activate(user, gtk_list_box_row_get_index(row));
}

static void on_go(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_report_run(user);
}

static void on_up(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_report *r = user;
    if (r->busy || r->path->len == 0 || r->rep == NULL)
        return;
    char *org = g_strdup(g_ptr_array_index(r->path, r->path->len - 1));
    g_ptr_array_remove_index(r->path, r->path->len - 1);
    request(r, org, r->rep->period);
    g_free(org);
}

/* ---- the trend: one VisitReport a month (chart_trend.c) ---- */

/* The first month as months since year 0. */
static const char *trend_check(const char *range, int *first, int *n)
{
    int y, m;
    const char *problem = rules_report_trend_problem(range, &y, &m, n);
    *first = problem == NULL ? y * 12 + (m - 1) : 0;
    return problem;
}

/* Month i: the month's report, its total line the point. */
static int trend_period(struct zc_client *c, const char *org, int first, int i, char label[16],
                        double *value, char **org_name, struct zc_error *err)
{
    rules_report_trend_period(first / 12, first % 12 + 1, i, label);
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = (char *)org;
    vr.period = label;
    vr.by = "";
    Zhucun__Reply *reply = NULL;
    int rc = zc_visit_report(c, &vr, &reply, err);
    if (rc == 0) {
        *value = report_rate(reply->visit_report->total);
        *org_name = g_strdup(reply->visit_report->org_name);
    }
    zc_reply_free(reply);
    return rc;
}

static const struct desk_trend_kind visits_trend = {
    .check = trend_check,
    .period = trend_period,
    .title = N_("%s (%s): visit completion rate by month, %s to %s"),
    .axis = N_("Month"),
    .value_name = N_("Rate"),
    .done = N_("%d monthly reports, one a month"),
    .event = "report-trend",
};

/* The last six months to the shown one. */
static void trend_defaults(struct desk_report *r)
{
    int y, m, n;
    char *range = g_strdup_printf("%s..%s", r->rep->period, r->rep->period);
    if (rules_report_trend_problem(range, &y, &m, &n) == NULL) {
        char from[8];
        rules_report_trend_period(y, m, -(TREND_DEFAULT_MONTHS - 1), from);
        desk_trend_set_org(r->trend, r->rep->org_code, from, r->rep->period);
    }
    g_free(range);
}

static void on_bar(int row, void *user)
{
    desk_report_activate(user, row);
}

GtkStack *desk_report_views(struct desk_report *r)
{
    return r->views;
}

struct desk_chart *desk_report_chart(struct desk_report *r)
{
    return r->chart;
}

struct desk_chart *desk_report_trend(struct desk_report *r)
{
    return desk_trend_chart(r->trend);
}

int desk_report_trend_run(struct desk_report *r)
{
    return desk_trend_run(r->trend);
}

/* ---- export ---- */

int desk_report_export(struct desk_report *r, const char *path)
{
    return r->rep != NULL && report_visits_xlsx(path, r->rep) == 0 ? 0 : -1;
}

/* The save dialog of both reports: write(obj, path) writes the file. */
struct export_ctx {
    struct desk *d;
    desk_export_cb write;
    void *obj;
};

static void on_save_response(GtkNativeDialog *dialog, int response, gpointer user)
{
    struct export_ctx *x = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        GFile *f = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
        char *path = f != NULL ? g_file_get_path(f) : NULL;
        if (path != NULL) {
            int rc = x->write(x->obj, path);
            char *t = rc == 0 ? g_strdup_printf(_("Exported to %s"), path)
                              : g_strdup_printf(_("Could not write %s"), path);
            desk_status(x->d, t, rc != 0);
            g_free(t);
        }
        g_free(path);
        g_clear_object(&f);
    }
    g_free(x);
    g_object_unref(dialog);
}

void desk_export_dialog(struct desk *d, const char *name, desk_export_cb write, void *obj)
{
    struct export_ctx *x = g_new0(struct export_ctx, 1);
    x->d = d;
    x->write = write;
    x->obj = obj;
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    GtkFileChooserNative *fc =
        gtk_file_chooser_native_new(_("Export to Excel"), d->main_window,
                                    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(fc), name);
    G_GNUC_END_IGNORE_DEPRECATIONS
    g_signal_connect(fc, "response", G_CALLBACK(on_save_response), x);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(fc));
}

static int export_cb(void *obj, const char *path)
{
    return desk_report_export(obj, path);
}

static void on_export(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_report *r = user;
    if (r->rep == NULL)
        return;
    char *name = g_strdup_printf("走访考核-%s-%s.xlsx", r->rep->org_code, r->rep->period);
    desk_export_dialog(r->d, name, export_cb, r);
    g_free(name);
}

struct desk_report *desk_report_new(struct desk *d)
{
    struct desk_report *r = g_new0(struct desk_report, 1);
    r->d = d;
    r->path = g_ptr_array_new_with_free_func(g_free);
    r->list = GTK_LIST_BOX(W(r, "rp_list"));
    GtkWidget *empty = gtk_label_new(_("Choose an org unit and a month, then Show"));
    gtk_widget_add_css_class(empty, "dim-label");
    gtk_list_box_set_placeholder(r->list, empty);
    /* The caller's first scope and this month to start with. */
    if (d->grant_scopes != NULL && d->grant_scopes->len > 0)
        gtk_editable_set_text(GTK_EDITABLE(W(r, "rp_org")), g_ptr_array_index(d->grant_scopes, 0));
    char today[11];
    desk_today(today);
    today[7] = '\0';
    gtk_editable_set_text(GTK_EDITABLE(W(r, "rp_period")), today);
    g_signal_connect(r->list, "row-activated", G_CALLBACK(on_row_activated), r);
    g_signal_connect(W(r, "rp_go"), "clicked", G_CALLBACK(on_go), r);
    g_signal_connect(W(r, "rp_org"), "activate", G_CALLBACK(on_go), r);
    g_signal_connect(W(r, "rp_period"), "activate", G_CALLBACK(on_go), r);
    g_signal_connect(W(r, "rp_up"), "clicked", G_CALLBACK(on_up), r);
    g_signal_connect(W(r, "rp_export"), "clicked", G_CALLBACK(on_export), r);
    r->views = GTK_STACK(W(r, "rp_views"));
    r->chart = desk_chart_new(720, 420);
    gtk_widget_set_vexpand(desk_chart_widget(r->chart), TRUE);
    desk_chart_on_activate(r->chart, on_bar, r);
    gtk_box_append(GTK_BOX(W(r, "rp_chart_box")), desk_chart_widget(r->chart));
    r->trend =
        desk_trend_new(d, &visits_trend, r->views, W(r, "rp_trend_from"), W(r, "rp_trend_to"),
                       W(r, "rp_trend_go"), W(r, "rp_trend_note"), W(r, "rp_trend_box"));
    r->map = desk_map_new(d, r, r->views);
    show(r);
    return r;
}

void desk_report_free(struct desk_report *r)
{
    if (r == NULL)
        return;
    if (r->rep != NULL)
        zhucun__visit_report_reply__free_unpacked(r->rep, NULL);
    desk_map_free(r->map);
    g_ptr_array_unref(r->path);
    desk_trend_free(r->trend);
    g_free(r);
}
