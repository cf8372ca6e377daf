/* inspect.c -- the inspections page (督查, docs/inspections.md, docs/circulars.md), made in code
 * and added to the main window's stack as "inspect". For the readers of inspections (offices,
 * township, county captain, team captain, cadre, inspector): the inspections seen
 * (InspectionList, "inspect-list"); one picked shows its findings with the state of each
 * finding's rectification item (InspectionShow, "inspect-show"); below, the circulars received
 * (CircularList, "inspect-circulars"), each of which opens as its PDF: downloaded
 * (CircularGet), written to the user's cache directory and handed to the system's viewer
 * ("inspect-pdf"). */
#include "desk.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct desk_inspect {
    struct desk *d;
    GHashTable *w; /* name -> widget */
    GtkListBox *inspections, *findings, *circulars;
    GArray *inspection_ids, *circular_ids; /* int64_t, by row */
    int n_findings;
    char *pdf_path; /* the last PDF opened */
};

#define W(p, name) ((GtkWidget *)g_hash_table_lookup((p)->w, (name)))

static GtkWidget *keep(struct desk_inspect *p, const char *name, GtkWidget *w)
{
    gtk_widget_set_name(w, name);
    g_hash_table_insert(p->w, g_strdup(name), w);
    return w;
}

static GtkWidget *label(struct desk_inspect *p, const char *name)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    return keep(p, name, l);
}

static void clear(GtkListBox *list)
{
    for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(list, 0); r != NULL;
         r = gtk_list_box_get_row_at_index(list, 0))
        gtk_list_box_remove(list, GTK_WIDGET(r));
}

static void append_line(GtkListBox *list, const char *text, int error)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    if (error)
        gtk_widget_add_css_class(l, "error");
    gtk_list_box_append(list, l);
}

/* ---- the inspections and one's findings ---- */

static const char *state_text(const Zhucun__InspectionFinding *f)
{
    return f->overdue                                   ? _("overdue")
           : strcmp(f->item_status, "done") == 0        ? _("rectified")
           : strcmp(f->item_status, "in_progress") == 0 ? _("rectifying")
                                                        : _("to rectify");
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    clear(p->findings);
    p->n_findings = 0;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "ins_detail")), err->message);
        desk_changed(p->d, "inspect-show-failed");
        return;
    }
    const Zhucun__InspectionShowReply *s = reply->inspection_show;
    char *head = g_strdup_printf(_("%s, %s to %s, by %s: %zu findings"), s->inspection->org_name,
                                 s->inspection->started_on, s->inspection->ended_on,
                                 s->inspection->inspectors, s->n_findings);
    gtk_label_set_text(GTK_LABEL(W(p, "ins_detail")), head);
    g_free(head);
    for (size_t i = 0; i < s->n_findings; i++) {
        const Zhucun__InspectionFinding *f = s->findings[i];
        char *t =
            f->deduction > 0
                ? g_strdup_printf(_("%s %s %s: %s (by %s, %s; %u points deducted)"),
                                  f->village_name, f->team_name, f->person_name, f->fact,
                                  f->deadline, state_text(f), f->deduction)
                : g_strdup_printf(_("%s %s %s: %s (by %s, %s)"), f->village_name, f->team_name,
                                  f->person_name, f->fact, f->deadline, state_text(f));
        append_line(p->findings, t, f->overdue);
        g_free(t);
        p->n_findings++;
    }
    desk_changed(p->d, "inspect-show");
}

int desk_inspect_show(struct desk_inspect *p, int i)
{
    if (i < 0 || (guint)i >= p->inspection_ids->len)
        return -1;
    Zhucun__InspectionShow s = ZHUCUN__INSPECTION_SHOW__INIT;
    s.id = g_array_index(p->inspection_ids, int64_t, i);
    desk_call(p->d, &s.base, show_done, p);
    return 0;
}

static void on_inspection_activated(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    desk_inspect_show(user, gtk_list_box_row_get_index(row));
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    clear(p->inspections);
    g_array_set_size(p->inspection_ids, 0);
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "ins_summary")), err->message);
        desk_changed(p->d, "inspect-list-failed");
        return;
    }
    const Zhucun__InspectionListReply *l = reply->inspection_list;
    for (size_t i = 0; i < l->n_inspections; i++) {
        const Zhucun__Inspection *x = l->inspections[i];
        char *t = g_strdup_printf(_("%s  %s  %s  %zu teams visited, %u findings"), x->started_on,
                                  x->org_name, x->inspectors, x->n_team_ids, x->findings);
        append_line(p->inspections, t, 0);
        g_free(t);
        g_array_append_val(p->inspection_ids, x->id);
    }
    char *t = g_strdup_printf(_("%zu inspections (pick one for its findings)"), l->n_inspections);
    gtk_label_set_text(GTK_LABEL(W(p, "ins_summary")), t);
    g_free(t);
    desk_changed(p->d, "inspect-list");
}

/* ---- the circulars ---- */

static void pdf_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    GtkLabel *result = GTK_LABEL(W(p, "ins_pdf_result"));
    if (err != NULL) {
        gtk_label_set_text(result, err->message);
        desk_changed(p->d, "inspect-pdf-failed");
        return;
    }
    const Zhucun__CircularGetReply *g = reply->circular_get;
    if (g->pdf.len == 0) {
        gtk_label_set_text(result, _("This circular has no PDF yet."));
        desk_changed(p->d, "inspect-pdf-failed");
        return;
    }
    char *dir = g_build_filename(g_get_user_cache_dir(), "zhucun", NULL);
    char name[64];
    snprintf(name, sizeof(name), "circular-%lld.pdf", (long long)g->circular->id);
    g_free(p->pdf_path);
    p->pdf_path = g_build_filename(dir, name, NULL);
    GError *e = NULL;
    if (g_mkdir_with_parents(dir, 0700) != 0 ||
        !g_file_set_contents(p->pdf_path, (const char *)g->pdf.data, (gssize)g->pdf.len, &e)) {
        char *t = g_strdup_printf(_("Cannot write %s: %s"), p->pdf_path,
                                  e != NULL ? e->message : g_strerror(errno));
        gtk_label_set_text(result, t);
        g_free(t);
        g_clear_error(&e);
        g_free(dir);
        desk_changed(p->d, "inspect-pdf-failed");
        return;
    }
    g_free(dir);
    char *t = g_strdup_printf(_("%s: saved to %s"), g->circular->title, p->pdf_path);
    gtk_label_set_text(result, t);
    g_free(t);
    /* the system's viewer, when there is one (none under the tests' X server) */
    char *uri = g_filename_to_uri(p->pdf_path, NULL, NULL);
    if (uri != NULL && g_getenv("ZHUCUN_DESK_NO_VIEWER") == NULL)
        g_app_info_launch_default_for_uri_async(uri, NULL, NULL, NULL, NULL);
    g_free(uri);
    desk_changed(p->d, "inspect-pdf");
}

int desk_inspect_open_pdf(struct desk_inspect *p, int i)
{
    if (i < 0 || (guint)i >= p->circular_ids->len)
        return -1;
    Zhucun__CircularGet g = ZHUCUN__CIRCULAR_GET__INIT;
    g.id = g_array_index(p->circular_ids, int64_t, i);
    g.pdf = 1;
    desk_call(p->d, &g.base, pdf_done, p);
    return 0;
}

static void on_circular_activated(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    desk_inspect_open_pdf(user, gtk_list_box_row_get_index(row));
}

static void circulars_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    clear(p->circulars);
    g_array_set_size(p->circular_ids, 0);
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "ins_pdf_result")), err->message);
        desk_changed(p->d, "inspect-circulars-failed");
        return;
    }
    const Zhucun__CircularListReply *l = reply->circular_list;
    for (size_t i = 0; i < l->n_circulars; i++) {
        const Zhucun__Circular *c = l->circulars[i];
        char *t =
            g_strdup_printf("%s  %s  %s  %s", c->issued_on, c->org_name, c->doc_number, c->title);
        append_line(p->circulars, t, 0);
        g_free(t);
        g_array_append_val(p->circular_ids, c->id);
    }
    desk_changed(p->d, "inspect-circulars");
}

void desk_inspect_refresh(struct desk_inspect *p)
{
    Zhucun__InspectionList l = ZHUCUN__INSPECTION_LIST__INIT;
    desk_call(p->d, &l.base, list_done, p);
    Zhucun__CircularList c = ZHUCUN__CIRCULAR_LIST__INIT;
    desk_call(p->d, &c.base, circulars_done, p);
}

/* A list in a scrolled window of height px on page; activated (NULL: none) on a row's click. */
static GtkListBox *list_in(GtkBox *page, int height, GCallback activated, void *user)
{
    GtkWidget *list = gtk_list_box_new();
    gtk_list_box_set_activate_on_single_click(GTK_LIST_BOX(list), TRUE);
    if (activated != NULL)
        g_signal_connect(list, "row-activated", activated, user);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_size_request(scroll, -1, height);
    gtk_box_append(page, scroll);
    return GTK_LIST_BOX(list);
}

struct desk_inspect *desk_inspect_new(struct desk *d, GtkStack *stack)
{
    static const char *const readers[] = {"province_office", "city_office",    "county_office",
                                          "township",        "county_captain", "team_captain",
                                          "cadre",           "inspector",      NULL};
    int reader = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++)
        for (const char *const *r = readers; *r != NULL; r++)
            reader |= strcmp(g_ptr_array_index(d->grant_roles, i), *r) == 0;
    if (!reader)
        return NULL;
    struct desk_inspect *p = g_new0(struct desk_inspect, 1);
    p->d = d;
    p->w = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->inspection_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->circular_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkBox *box = GTK_BOX(page);
    gtk_box_append(box, desk_heading(_("Inspections")));
    gtk_box_append(box, label(p, "ins_summary"));
    p->inspections = list_in(box, 160, G_CALLBACK(on_inspection_activated), p);
    gtk_box_append(box, label(p, "ins_detail"));
    p->findings = list_in(box, 160, NULL, p);
    gtk_box_append(box, desk_heading(_("Circulars (pick one to open its PDF)")));
    p->circulars = list_in(box, 140, G_CALLBACK(on_circular_activated), p);
    gtk_box_append(box, label(p, "ins_pdf_result"));
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, "inspect", _("Inspections"));
    return p;
}

void desk_inspect_free(struct desk_inspect *p)
{
    if (p == NULL)
        return;
    g_hash_table_destroy(p->w);
    g_array_unref(p->inspection_ids);
    g_array_unref(p->circular_ids);
    g_free(p->pdf_path);
    g_free(p);
}

GtkWidget *desk_inspect_widget(struct desk_inspect *p, const char *name)
{
    return W(p, name);
}

int desk_inspect_count(struct desk_inspect *p, const char *what)
{
    return strcmp(what, "inspections") == 0 ? (int)p->inspection_ids->len
           : strcmp(what, "circulars") == 0 ? (int)p->circular_ids->len
                                            : p->n_findings;
}

const char *desk_inspect_pdf_path(struct desk_inspect *p)
{
    return p->pdf_path;
}
