/* project_build.c -- a project's construction and money at the desk (docs/construction.md):
 * the widget the project page takes as a tab (desk_project_build_new/_set: the tasks late
 * first, the quarterly focus, the progress reports with the latest one's photos, the targets,
 * the budget, what is requested, paid and may still be asked for, and the form that asks for
 * a disbursement), and the page "施工与资金" that holds it beside the list of the scope's
 * projects under construction, those with late tasks first (ProjectBuildList). The form's body
 * is checked by the client library before it is sent (zc_check_all: the CLI's and the
 * server's words), its problems marked at their fields; the server's limit comes back at the
 * amount with what is left. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "common/rules/construction.h"
#include "common/rules/income.h"

/* ---- the widget ---- */

struct build {
    struct desk *d;
    GtkWidget *root;
    GHashTable *parts; /* name -> widget */
    int64_t project, report;
    int open;          /* the project takes new requests (its status) */
    GPtrArray *status; /* the tasks' status codes as listed */
};

#define PART(b, name) ((GtkWidget *)g_hash_table_lookup((b)->parts, (name)))

/* w, named name (for the tests and the marks), kept in b. */
static GtkWidget *part(struct build *b, const char *name, GtkWidget *w)
{
    gtk_widget_set_name(w, name);
    g_hash_table_insert(b->parts, g_strdup(name), w);
    return w;
}

static GtkWidget *text_line(struct build *b, const char *name, const char *css)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    if (css != NULL)
        gtk_widget_add_css_class(l, css);
    return part(b, name, l);
}

static GtkWidget *field(struct build *b, const char *name, const char *hint, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), hint);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    return part(b, name, e);
}

static void clear_list(GtkListBox *list)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(list))) != NULL)
        gtk_list_box_remove(list, child);
}

static void list_line(GtkWidget *list, const char *text, int late)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    if (late)
        gtk_widget_add_css_class(l, "error");
    gtk_list_box_append(GTK_LIST_BOX(list), l);
}

static char *yuan(int64_t fen)
{
    char out[32];
    rules_income_yuan_format(fen, out);
    return g_strdup(out);
}

static void show_money(struct build *b, const Zhucun__ProjectMoney *m)
{
    char *bud = yuan(m->budget_fen), *req = yuan(m->requested_fen), *paid = yuan(m->paid_fen),
         *head = yuan(m->headroom_fen);
    char *t = g_strdup_printf(_("Progress %u%%  Budget %s yuan  Requested %s  Paid %s  "
                                "May still request %s yuan"),
                              m->percent, bud, req, paid, head);
    gtk_label_set_text(GTK_LABEL(PART(b, "bld_money")), t);
    g_free(t);
    g_free(bud);
    g_free(req);
    g_free(paid);
    g_free(head);
}

static void show_plan(struct build *b, const Zhucun__ProjectPlanShowReply *p)
{
    char *t = g_strdup_printf("%s（%s，%s）", p->name, p->status_label, p->village_code);
    gtk_label_set_text(GTK_LABEL(PART(b, "bld_title")), t);
    g_free(t);
    show_money(b, p->money);
    GtkWidget *tasks = PART(b, "bld_tasks");
    clear_list(GTK_LIST_BOX(tasks));
    g_ptr_array_set_size(b->status, 0);
    for (size_t i = 0; i < p->n_tasks; i++) {
        const Zhucun__ProjectTask *k = p->tasks[i];
        t = g_strdup_printf("%s  %s → %s  %s（%s）", rules_build_task_status_label(k->status),
                            k->planned_start, k->planned_end, k->name, k->responsible);
        list_line(tasks, t, strcmp(k->status, "late") == 0);
        g_free(t);
        g_ptr_array_add(b->status, g_strdup(k->status));
    }
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < p->n_focus; i++)
        g_string_append_printf(s, _("%s%u Q%u: %s %s"), s->len > 0 ? "\n" : "", p->focus[i]->year,
                               p->focus[i]->quarter, p->focus[i]->focus, p->focus[i]->targets);
    gtk_label_set_text(GTK_LABEL(PART(b, "bld_focus")), s->str);
    g_string_truncate(s, 0);
    GtkWidget *reports = PART(b, "bld_reports");
    clear_list(GTK_LIST_BOX(reports));
    for (size_t i = 0; i < p->n_progress; i++) {
        const Zhucun__ProjectProgress *r = p->progress[i];
        t = g_strdup_printf(_("#%lld %s %u%%  %s  (photos: %u)%s%s"), (long long)r->id, r->on_date,
                            r->percent, r->narrative, r->photos,
                            r->correction[0] != '\0' ? _("  correction: ") : "", r->correction);
        list_line(reports, t, 0);
        g_free(t);
    }
    b->report = p->n_progress > 0 ? p->progress[0]->id : 0;
    desk_attach_strip_set_record(PART(b, "bld_photos"), b->report);
    for (size_t i = 0; i < p->n_targets; i++) {
        const Zhucun__ProjectTarget *g = p->targets[i];
        g_string_append_printf(s, _("%s%s: %s %.2f %s; mid-term %s; final %s"),
                               s->len > 0 ? "\n" : "", g->indicator,
                               strcmp(g->direction, "at_most") == 0 ? _("at most") : _("at least"),
                               g->target_value, g->unit, g->has_mid ? _("recorded") : _("none"),
                               strcmp(g->met, "yes") == 0  ? _("met")
                               : strcmp(g->met, "no") == 0 ? _("not met")
                                                           : _("none"));
    }
    gtk_label_set_text(GTK_LABEL(PART(b, "bld_targets")), s->str);
    g_string_free(s, TRUE);
    gtk_widget_set_sensitive(PART(b, "bld_request"), b->open && b->report != 0);
}

static void plan_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct build *b = user;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(PART(b, "bld_result")), err->message);
        desk_changed(b->d, "build-plan-failed");
        return;
    }
    if (reply->project_plan_show->project_id == b->project)
        show_plan(b, reply->project_plan_show);
    desk_changed(b->d, "build-plan");
}

static void load(struct build *b)
{
    Zhucun__ProjectPlanShow s = ZHUCUN__PROJECT_PLAN_SHOW__INIT;
    s.project_id = b->project;
    desk_call(b->d, &s.base, plan_done, b);
}

/* ---- the request form ---- */

static const char *const request_fields[] = {"amount_fen", "bld_amount", "payee", "bld_payee",
                                             "note",       "bld_note",   NULL};

static void mark(const char *f, const char *message, void *user)
{
    struct build *b = user;
    for (const char *const *x = request_fields; x[0] != NULL; x += 2)
        if (strcmp(x[0], f) == 0)
            gtk_widget_add_css_class(PART(b, x[1]), "error");
    GtkLabel *l = GTK_LABEL(PART(b, "bld_result"));
    const char *was = gtk_label_get_text(l);
    char *t = g_strdup_printf("%s%s%s", was, was[0] != '\0' ? "；" : "", message);
    gtk_label_set_text(l, t);
    gtk_widget_add_css_class(GTK_WIDGET(l), "error");
    g_free(t);
}

static void request_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct build *b = user;
    if (err != NULL) {
        mark(err->field, err->message, b);
        desk_changed(b->d, "build-refused");
        return;
    }
    char *t = g_strdup_printf(_("Disbursement request #%lld sent for approval"),
                              (long long)reply->build_write->id);
    gtk_label_set_text(GTK_LABEL(PART(b, "bld_result")), t);
    g_free(t);
    gtk_editable_set_text(GTK_EDITABLE(PART(b, "bld_amount")), "");
    desk_changed(b->d, "build-requested");
    load(b);
}

static void on_request(GtkButton *button, gpointer user)
{
    (void)button;
    struct build *b = user;
    for (const char *const *x = request_fields; x[0] != NULL; x += 2)
        gtk_widget_remove_css_class(PART(b, x[1]), "error");
    gtk_label_set_text(GTK_LABEL(PART(b, "bld_result")), "");
    gtk_widget_remove_css_class(PART(b, "bld_result"), "error");
    int64_t fen = 0; /* not an amount: 0, which the checks refuse at amount_fen */
    if (rules_income_yuan_parse(gtk_editable_get_text(GTK_EDITABLE(PART(b, "bld_amount"))), 0,
                                &fen) != 0)
        fen = 0;
    Zhucun__DisbursementRequest r = ZHUCUN__DISBURSEMENT_REQUEST__INIT;
    r.project_id = b->project;
    r.progress_id = b->report;
    r.amount_fen = fen;
    r.payee = (char *)gtk_editable_get_text(GTK_EDITABLE(PART(b, "bld_payee")));
    r.note = (char *)gtk_editable_get_text(GTK_EDITABLE(PART(b, "bld_note")));
    if (desk_check(&r.base, mark, b) > 0) {
        desk_changed(b->d, "build-refused");
        return;
    }
    desk_call(b->d, &r.base, request_done, b);
}

static void build_free(gpointer p)
{
    struct build *b = p;
    g_hash_table_destroy(b->parts);
    g_ptr_array_free(b->status, TRUE);
    g_free(b);
}

static GtkWidget *heading_line(const char *text)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_widget_add_css_class(l, "heading");
    return l;
}

GtkWidget *desk_project_build_new(struct desk *d)
{
    struct build *b = g_new0(struct build, 1);
    b->d = d;
    b->parts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    b->status = g_ptr_array_new_with_free_func(g_free);
    GtkBox *box = GTK_BOX(gtk_box_new(GTK_ORIENTATION_VERTICAL, 6));
    b->root = GTK_WIDGET(box);
    g_object_set_data_full(G_OBJECT(box), "desk-build", b, build_free);
    gtk_box_append(box, text_line(b, "bld_title", "heading"));
    gtk_box_append(box, text_line(b, "bld_money", NULL));
    gtk_box_append(box, heading_line(_("Tasks (late first)")));
    gtk_box_append(box, part(b, "bld_tasks", gtk_list_box_new()));
    gtk_box_append(box, heading_line(_("Quarterly focus")));
    gtk_box_append(box, text_line(b, "bld_focus", NULL));
    gtk_box_append(box, heading_line(_("Progress reports (newest first) and the latest photos")));
    gtk_box_append(box, part(b, "bld_reports", gtk_list_box_new()));
    gtk_box_append(box, part(b, "bld_photos", desk_attach_strip_new(d, "project_progress", 0)));
    gtk_box_append(box, heading_line(_("Performance targets")));
    gtk_box_append(box, text_line(b, "bld_targets", NULL));
    gtk_box_append(box, heading_line(_("Request a disbursement against the latest report")));
    GtkWidget *form = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_box_append(GTK_BOX(form), field(b, "bld_amount", _("amount (yuan)"), 12));
    gtk_box_append(GTK_BOX(form), field(b, "bld_payee", _("payee"), 20));
    gtk_box_append(GTK_BOX(form), field(b, "bld_note", _("note"), 20));
    GtkWidget *send = part(b, "bld_request", gtk_button_new_with_label(_("Request")));
    g_signal_connect(send, "clicked", G_CALLBACK(on_request), b);
    gtk_widget_set_sensitive(send, FALSE);
    gtk_box_append(GTK_BOX(form), send);
    gtk_box_append(box, form);
    gtk_box_append(box, text_line(b, "bld_result", NULL));
    return b->root;
}

static struct build *of(GtkWidget *w)
{
    return g_object_get_data(G_OBJECT(w), "desk-build");
}

void desk_project_build_set(GtkWidget *w, int64_t project_id, const char *status)
{
    struct build *b = of(w);
    b->project = project_id;
    /* the states that take new records (0105's zc_build_project) */
    static const char *const open[] = {"library",  "construction", "completed",
                                       "accepted", "registered",   "handed_over"};
    b->open = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(open); i++)
        b->open |= status != NULL && strcmp(status, open[i]) == 0;
    load(b);
}

GtkWidget *desk_project_build_part(GtkWidget *w, const char *name)
{
    return PART(of(w), name);
}

int desk_project_build_tasks(GtkWidget *w)
{
    return (int)of(w)->status->len;
}

const char *desk_project_build_task_status(GtkWidget *w, int i)
{
    struct build *b = of(w);
    return i >= 0 && (guint)i < b->status->len ? g_ptr_array_index(b->status, i) : NULL;
}

void desk_project_build_request(GtkWidget *w)
{
    on_request(NULL, of(w));
}

/* ---- the page: the projects under construction, and the widget ---- */

struct desk_build {
    struct desk *d;
    GtkListBox *list;
    GtkWidget *widget;
    GArray *ids; /* int64_t, as listed */
};

static void projects_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_build *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "build-projects-failed");
        return;
    }
    clear_list(p->list);
    g_array_set_size(p->ids, 0);
    const Zhucun__ProjectBuildListReply *l = reply->project_build_list;
    for (size_t i = 0; i < l->n_items; i++) {
        const Zhucun__ProjectBuildItem *it = l->items[i];
        char *t = g_strdup_printf(_("%s  %u%%  late tasks: %u of %u"), it->name, it->percent,
                                  it->late_tasks, it->tasks);
        list_line(GTK_WIDGET(p->list), t, it->late_tasks > 0);
        g_free(t);
        g_array_append_val(p->ids, it->id);
    }
    desk_changed(p->d, "build-projects");
}

void desk_build_refresh(struct desk_build *p)
{
    Zhucun__ProjectBuildList l = ZHUCUN__PROJECT_BUILD_LIST__INIT;
    l.org_code = "";
    desk_call(p->d, &l.base, projects_done, p);
}

int desk_build_pick(struct desk_build *p, int i)
{
    if (i < 0 || (guint)i >= p->ids->len)
        return -1;
    desk_project_build_set(p->widget, g_array_index(p->ids, int64_t, i), "construction");
    return 0;
}

static void on_row(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    if (row != NULL)
        desk_build_pick(user, gtk_list_box_row_get_index(row));
}

struct desk_build *desk_build_new(struct desk *d, GtkStack *stack)
{
    struct desk_build *p = g_new0(struct desk_build, 1);
    p->d = d;
    p->ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GtkWidget *pane = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
    GtkWidget *list = gtk_list_box_new();
    p->list = GTK_LIST_BOX(list);
    g_signal_connect(list, "row-activated", G_CALLBACK(on_row), p);
    GtkWidget *left = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(left), list);
    gtk_widget_set_size_request(left, 280, -1);
    p->widget = desk_project_build_new(d);
    GtkWidget *right = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(right), p->widget);
    gtk_widget_set_margin_start(p->widget, 12);
    gtk_paned_set_start_child(GTK_PANED(pane), left);
    gtk_paned_set_end_child(GTK_PANED(pane), right);
    /* the list keeps its width; the project takes the rest */
    gtk_paned_set_resize_start_child(GTK_PANED(pane), FALSE);
    gtk_paned_set_shrink_end_child(GTK_PANED(pane), FALSE);
    gtk_paned_set_position(GTK_PANED(pane), 300);
    gtk_stack_add_titled(stack, pane, "construction", _("Construction and funds"));
    return p;
}

void desk_build_free(struct desk_build *p)
{
    if (p == NULL)
        return;
    g_array_free(p->ids, TRUE);
    g_free(p);
}

GtkWidget *desk_build_widget(struct desk_build *p)
{
    return p->widget;
}

int desk_build_count(struct desk_build *p)
{
    return (int)p->ids->len;
}
