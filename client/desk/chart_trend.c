/* chart_trend.c -- the 趋势 view of the report pages (issue 25): a range of periods typed in
 * two entries, then one report call a period on the worker thread (desk_conn_submit), each
 * the report a person would ask for that period, its total the period's point: the series
 * equals the periodic reports by construction, and every check a report makes (scope
 * included) applies period by period, as `zhucun report visits --trend` (cmd_report.c) does.
 * The kind (desk_trend_kind) says what a period is and which call answers it: the visit
 * report month by month (report.c), five days four nights week by week (attendance.c).
 * A period the server has no data for (FAILED_PRECONDITION at "period": before the duties
 * were first tracked) is a gap in the line, said in the note; any other refusal stops the
 * trend, nothing drawn. */
#include "desk.h"

#include <string.h>

struct desk_trend {
    struct desk *d;
    const struct desk_trend_kind *kind;
    GtkWidget *from, *to, *go, *note;
    GtkStack *views;
    struct desk_chart *chart;
    char *org;   /* the shown report's unit, NULL before one is shown */
    char *shown; /* "org from..to" of the trend asked for last, NULL when none stands */
    int running;
};

struct trend_job {
    const struct desk_trend_kind *kind;
    char *org, *org_name;
    int first, n;
    char (*labels)[16];
    double *values;
    int *gaps; /* 1: the server has no data for the period */
    int n_gaps;
    char gap_message[512]; /* the server's words for the first gap */
    char failed[16];       /* the period whose report failed */
};

static void job_free(void *p)
{
    struct trend_job *j = p;
    g_free(j->org);
    g_free(j->org_name);
    g_free(j->labels);
    g_free(j->values);
    g_free(j->gaps);
    g_free(j);
}

static int job_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct trend_job *j = data;
    struct zc_client *c = desk_conn_client(conn, err);
    if (c == NULL)
        return -1;
    for (int i = 0; i < j->n; i++) {
        char *name = NULL;
        if (j->kind->period(c, j->org, j->first, i, j->labels[i], &j->values[i], &name, err) != 0) {
            g_free(name);
            if (err->code == ZHUCUN__CODE__FAILED_PRECONDITION &&
                strcmp(err->field, "period") == 0) {
                if (j->n_gaps++ == 0)
                    g_strlcpy(j->gap_message, err->message, sizeof(j->gap_message));
                j->gaps[i] = 1;
                j->values[i] = 0;
                memset(err, 0, sizeof(*err));
                continue;
            }
            g_strlcpy(j->failed, j->labels[i], sizeof(j->failed));
            return -1;
        }
        g_free(j->org_name);
        j->org_name = name;
    }
    return 0;
}

static void note(struct desk_trend *t, const char *text, int error)
{
    gtk_label_set_text(GTK_LABEL(t->note), text);
    if (error)
        gtk_widget_add_css_class(t->note, "error");
    else
        gtk_widget_remove_css_class(t->note, "error");
}

static void job_done(void *data, const struct zc_error *err, void *user)
{
    struct trend_job *j = data;
    struct desk_trend *t = user;
    char event[64];
    t->running = 0;
    gtk_widget_set_sensitive(t->go, TRUE);
    if (err != NULL) {
        /* Nothing half-drawn: the period that failed and why. */
        char *m = g_strdup_printf(_("The trend stopped at %s: %s"), j->failed, err->message);
        note(t, m, 1);
        desk_chart_message(t->chart, m);
        desk_status(t->d, m, 1);
        g_free(m);
        g_clear_pointer(&t->shown, g_free);
        snprintf(event, sizeof(event), "%s-failed", t->kind->event);
        desk_changed(t->d, event);
        return;
    }
    struct desk_chart_point *pts = g_new0(struct desk_chart_point, j->n);
    for (int i = 0; i < j->n; i++)
        pts[i] = (struct desk_chart_point){j->labels[i], j->values[i], i, j->gaps[i]};
    char *title = g_strdup_printf(_(t->kind->title), j->org_name != NULL ? j->org_name : "", j->org,
                                  j->labels[0], j->labels[j->n - 1]);
    desk_chart_trend(t->chart, title, _(t->kind->axis), _(t->kind->value_name), pts, (size_t)j->n);
    g_free(title);
    g_free(pts);
    GString *m = g_string_new(NULL);
    g_string_printf(m, _(t->kind->done), j->n);
    if (j->n_gaps > 0)
        g_string_append_printf(m, _("; %d without data (%s)"), j->n_gaps, j->gap_message);
    note(t, m->str, 0);
    g_string_free(m, TRUE);
    desk_changed(t->d, t->kind->event);
}

int desk_trend_run(struct desk_trend *t)
{
    if (t->running || t->org == NULL)
        return 0;
    char *range = g_strdup_printf("%s..%s", gtk_editable_get_text(GTK_EDITABLE(t->from)),
                                  gtk_editable_get_text(GTK_EDITABLE(t->to)));
    int first = 0, n = 0;
    /* The rule and words of the CLI's --trend FROM..TO, at the two entries. */
    const char *problem = t->kind->check(range, &first, &n);
    gtk_widget_remove_css_class(t->from, "error");
    gtk_widget_remove_css_class(t->to, "error");
    if (problem != NULL) {
        note(t, problem, 1);
        gtk_widget_add_css_class(t->from, "error");
        gtk_widget_add_css_class(t->to, "error");
        gtk_widget_grab_focus(t->from);
        desk_status(t->d, problem, 1);
        g_free(range);
        char event[64];
        snprintf(event, sizeof(event), "%s-refused", t->kind->event);
        desk_changed(t->d, event);
        return 0;
    }
    struct trend_job *j = g_new0(struct trend_job, 1);
    j->kind = t->kind;
    j->org = g_strdup(t->org);
    j->first = first;
    j->n = n;
    j->labels = g_malloc0_n((gsize)n, sizeof(*j->labels));
    j->values = g_new0(double, n);
    j->gaps = g_new0(int, n);
    g_free(t->shown);
    t->shown = g_strdup_printf("%s %s", t->org, range);
    g_free(range);
    t->running = 1;
    gtk_widget_set_sensitive(t->go, FALSE);
    char *m = g_strdup_printf(_("Asking for %d reports, one a period…"), n);
    note(t, m, 0);
    g_free(m);
    desk_conn_submit(t->d->conn, job_run, job_done, j, job_free, t);
    return 1;
}

/* 1 when the view is shown and does not show the trend the entries and the unit ask for. */
static int stale(struct desk_trend *t)
{
    const char *name = gtk_stack_get_visible_child_name(t->views);
    if (name == NULL || strcmp(name, "trend") != 0 || t->org == NULL)
        return 0;
    char *want = g_strdup_printf("%s %s..%s", t->org, gtk_editable_get_text(GTK_EDITABLE(t->from)),
                                 gtk_editable_get_text(GTK_EDITABLE(t->to)));
    int differs = t->shown == NULL || strcmp(t->shown, want) != 0;
    g_free(want);
    return differs;
}

void desk_trend_set_org(struct desk_trend *t, const char *org, const char *from, const char *to)
{
    g_free(t->org);
    t->org = g_strdup(org);
    gtk_editable_set_text(GTK_EDITABLE(t->from), from);
    gtk_editable_set_text(GTK_EDITABLE(t->to), to);
    if (stale(t))
        desk_trend_run(t);
}

static void on_view(GObject *stack, GParamSpec *ps, gpointer user)
{
    (void)stack;
    (void)ps;
    if (stale(user))
        desk_trend_run(user);
}

static void on_go(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_trend_run(user);
}

struct desk_trend *desk_trend_new(struct desk *d, const struct desk_trend_kind *kind,
                                  GtkStack *views, GtkWidget *from, GtkWidget *to, GtkWidget *go,
                                  GtkWidget *note_label, GtkWidget *box)
{
    struct desk_trend *t = g_new0(struct desk_trend, 1);
    t->d = d;
    t->kind = kind;
    t->views = views;
    t->from = from;
    t->to = to;
    t->go = go;
    t->note = note_label;
    t->chart = desk_chart_new(720, 380);
    gtk_widget_set_vexpand(desk_chart_widget(t->chart), TRUE);
    desk_chart_message(t->chart, _("Show a report, then its trend"));
    gtk_box_append(GTK_BOX(box), desk_chart_widget(t->chart));
    g_signal_connect(views, "notify::visible-child-name", G_CALLBACK(on_view), t);
    g_signal_connect(go, "clicked", G_CALLBACK(on_go), t);
    g_signal_connect(from, "activate", G_CALLBACK(on_go), t);
    g_signal_connect(to, "activate", G_CALLBACK(on_go), t);
    return t;
}

struct desk_chart *desk_trend_chart(struct desk_trend *t)
{
    return t->chart;
}

void desk_trend_free(struct desk_trend *t)
{
    if (t == NULL)
        return;
    /* The widgets may outlive t (the window goes after the pages): a stack emptied while it is
     * destroyed must not call back. */
    g_signal_handlers_disconnect_by_data(t->views, t);
    g_signal_handlers_disconnect_by_data(t->go, t);
    g_signal_handlers_disconnect_by_data(t->from, t);
    g_signal_handlers_disconnect_by_data(t->to, t);
    g_free(t->org);
    g_free(t->shown);
    g_free(t);
}
