/* monitoring.c -- the monitoring page (docs/monitoring.md): the households under
 * return-to-poverty monitoring in the caller's scope (MonitorList: kind, status), and one case
 * opened in the detail pane (MonitorShow): its risks, its measures, the village reviews and
 * eliminations, what still blocks the elimination today (each condition with its field, as
 * the sign-off would refuse it), and the household's category history. The page is made in
 * code and added to the main window's stack: it needs no part of main.ui. "Household page"
 * opens the case's household on the households page (households.c). */
#include "desk.h"

#include <string.h>

#include "common/rules/monitoring.h"

static const char *const statuses[] = {"", "pending", "monitored", "eliminated", "all"};

struct desk_monitoring {
    struct desk *d;
    GtkWidget *page;
    GtkDropDown *status;
    GtkListBox *list;
    GtkLabel *count;
    GtkLabel *detail;
    GtkLabel *blockers;
    GtkWidget *open_household;
    char *village, *head; /* of the case shown, for the household link */
    int busy;
    int count_shown;
    int blocker_count; /* of the case shown; -1 before one is */
};

/* A code's name for people (common/rules' Chinese, the language of the records). */
static const char *named(const char *(*name)(const char *), const char *code)
{
    const char *n = name(code);
    return n != NULL ? n : code;
}

static void clear_list(struct desk_monitoring *m)
{
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(m->list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(m->list, 0))
        gtk_list_box_remove(m->list, GTK_WIDGET(row));
    m->count_shown = 0;
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_monitoring *m = user;
    m->busy = 0;
    if (err != NULL) {
        desk_status(m->d, err->message, 1);
        desk_changed(m->d, "monitoring-failed");
        return;
    }
    const Zhucun__MonitorListReply *r = reply->monitor_list;
    for (size_t i = 0; i < r->n_cases; i++) {
        const Zhucun__MonitorCase *c = r->cases[i];
        GString *risks = g_string_new("");
        for (size_t k = 0; k < c->n_risks; k++)
            g_string_append_printf(risks, "%s%s", k ? "、" : "",
                                   c->risks[k]->text[0]
                                       ? c->risks[k]->text
                                       : named(rules_monitor_risk_name, c->risks[k]->risk));
        char *title =
            g_strdup_printf("%s · %s", c->head_name, named(rules_monitor_kind_name, c->kind));
        char *line = g_strdup_printf(_("Case %lld · household %lld · %s · %s · %s"),
                                     (long long)c->id, (long long)c->household_id, c->village_code,
                                     named(rules_monitor_status_name, c->status), risks->str);
        g_string_free(risks, TRUE);
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class(box, "queue-row");
        GtkWidget *t = gtk_label_new(title), *s = gtk_label_new(line);
        g_free(title);
        g_free(line);
        gtk_label_set_xalign(GTK_LABEL(t), 0);
        gtk_widget_add_css_class(t, "heading");
        gtk_label_set_xalign(GTK_LABEL(s), 0);
        gtk_label_set_wrap(GTK_LABEL(s), TRUE);
        gtk_widget_add_css_class(s, "dim-label");
        gtk_box_append(GTK_BOX(box), t);
        gtk_box_append(GTK_BOX(box), s);
        GtkWidget *row = gtk_list_box_row_new();
        gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
        g_object_set_data_full(G_OBJECT(row), "id", g_memdup2(&c->id, sizeof(c->id)), g_free);
        gtk_list_box_append(m->list, row);
        m->count_shown++;
    }
    char *n = r->truncated
                  ? g_strdup_printf(_("%d cases shown (more in the CLI: --after)"), m->count_shown)
                  : g_strdup_printf(_("%d cases"), m->count_shown);
    gtk_label_set_text(m->count, n);
    g_free(n);
    desk_changed(m->d, "monitoring");
}

void desk_monitoring_refresh(struct desk_monitoring *m)
{
    if (m->busy)
        return;
    clear_list(m);
    Zhucun__MonitorList ml = ZHUCUN__MONITOR_LIST__INIT;
    guint s = gtk_drop_down_get_selected(m->status);
    ml.status = (char *)(s < G_N_ELEMENTS(statuses) ? statuses[s] : "");
    ml.limit = 500;
    m->busy = 1;
    desk_call(m->d, &ml.base, list_done, m);
}

/* The case's text for the detail pane. */
static char *case_text(const Zhucun__MonitorCase *c)
{
    GString *t = g_string_new("");
    g_string_append_printf(t, _("Case %lld: %s (household %lld, %s), %s, found %s by %s; %s"),
                           (long long)c->id, c->head_name, (long long)c->household_id,
                           c->village_code, named(rules_monitor_kind_name, c->kind), c->found_on,
                           named(rules_monitor_found_by_name, c->found_by),
                           named(rules_monitor_status_name, c->status));
    if (c->entered_on[0])
        g_string_append_printf(t, _(", monitored from %s"), c->entered_on);
    if (c->eliminated_on[0])
        g_string_append_printf(t, _(" to %s"), c->eliminated_on);
    g_string_append_printf(t, "\n\n%s\n", _("Risks"));
    for (size_t i = 0; i < c->n_risks; i++) {
        const Zhucun__MonitorRisk *r = c->risks[i];
        g_string_append_printf(t, "  %s%s%s · %s · %s\n", named(rules_monitor_risk_name, r->risk),
                               r->text[0] ? "：" : "", r->text, r->identified_on,
                               r->closed_on[0] ? r->closed_on : _("not eliminated"));
    }
    g_string_append_printf(t, "\n%s\n", _("Measures"));
    for (size_t i = 0; i < c->n_measures; i++) {
        const Zhucun__MonitorMeasure *x = c->measures[i];
        g_string_append_printf(t, "  %s · %s · %s · %s–%s %s\n",
                               named(rules_monitor_measure_name, x->kind), x->description,
                               x->responsible_name, x->started_on,
                               x->ended_on[0] ? x->ended_on : _("ongoing"), x->outcome);
    }
    for (size_t i = 0; i < c->n_reviews; i++)
        g_string_append_printf(t, _("\nVillage review %s, notice %s–%s: %s (%s)"),
                               c->reviews[i]->review_date, c->reviews[i]->notice_first,
                               c->reviews[i]->notice_last, c->reviews[i]->evidence,
                               c->reviews[i]->recorded_by);
    for (size_t i = 0; i < c->n_eliminations; i++)
        g_string_append_printf(t, _("\nElimination signed %s by %s: %s"),
                               c->eliminations[i]->signed_on, c->eliminations[i]->signed_by,
                               c->eliminations[i]->status);
    g_string_append_printf(t, "\n\n%s\n", _("Household category"));
    for (size_t i = 0; i < c->n_categories; i++)
        g_string_append_printf(t, "  %s · %s · %s\n", c->categories[i]->valid_from,
                               desk_category_text(c->categories[i]->category),
                               c->categories[i]->note);
    return g_string_free(t, FALSE);
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_monitoring *m = user;
    if (err != NULL) {
        desk_status(m->d, err->message, 1);
        desk_changed(m->d, "monitoring-show-failed");
        return;
    }
    const Zhucun__MonitorCase *c = reply->monitor_case;
    char *t = case_text(c);
    gtk_label_set_text(m->detail, t);
    g_free(t);
    /* What blocks the elimination: each condition as the sign-off would name it. */
    GString *b = g_string_new("");
    if (c->n_blockers > 0) {
        g_string_append(b, _("The risk elimination cannot be signed yet:"));
        for (size_t i = 0; i < c->n_blockers; i++)
            g_string_append_printf(b, "\n  [%s] %s", c->blockers[i]->field,
                                   c->blockers[i]->message);
    } else if (strcmp(c->status, "monitored") == 0) {
        g_string_append(b, _("Every condition of the risk elimination holds: it may be signed."));
    }
    gtk_label_set_text(m->blockers, b->str);
    gtk_widget_remove_css_class(GTK_WIDGET(m->blockers), "error");
    if (c->n_blockers > 0)
        gtk_widget_add_css_class(GTK_WIDGET(m->blockers), "error");
    g_string_free(b, TRUE);
    m->blocker_count = (int)c->n_blockers;
    g_free(m->village);
    g_free(m->head);
    m->village = g_strdup(c->village_code);
    m->head = g_strdup(c->head_name);
    gtk_widget_set_visible(m->open_household, TRUE);
    desk_changed(m->d, "monitoring-shown");
}

void desk_monitoring_open(struct desk_monitoring *m, int64_t case_id)
{
    Zhucun__MonitorShow ms = ZHUCUN__MONITOR_SHOW__INIT;
    ms.case_id = case_id;
    desk_call(m->d, &ms.base, show_done, m);
}

static void on_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    if (row == NULL)
        return;
    const int64_t *id = g_object_get_data(G_OBJECT(row), "id");
    if (id != NULL)
        desk_monitoring_open(user, *id);
}

/* The household of the case shown, on the households page: its village and head's name as the
 * search there, which lists it to open. */
static void on_open_household(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_monitoring *m = user;
    struct desk *d = m->d;
    if (m->village == NULL || d->hlist == NULL)
        return;
    gtk_editable_set_text(GTK_EDITABLE(desk_object(d, "main", "hl_village")), m->village);
    gtk_editable_set_text(GTK_EDITABLE(desk_object(d, "main", "hl_query")), m->head);
    gtk_stack_set_visible_child_name(GTK_STACK(desk_object(d, "main", "pages")), "households");
    desk_hlist_search(d->hlist);
}

static void on_refresh(GtkButton *b, gpointer user)
{
    (void)b;
    desk_monitoring_refresh(user);
}

static GtkWidget *wrapped_label(GtkLabel **out)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_yalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    gtk_label_set_selectable(GTK_LABEL(l), TRUE);
    *out = GTK_LABEL(l);
    return l;
}

struct desk_monitoring *desk_monitoring_new(struct desk *d, GtkStack *stack)
{
    struct desk_monitoring *m = g_new0(struct desk_monitoring, 1);
    m->d = d;
    m->blocker_count = -1;
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    const char *names[] = {_("Entering and monitored"),
                           _("Entering"),
                           _("Monitored"),
                           _("Eliminated"),
                           _("All"),
                           NULL};
    m->status = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(names));
    GtkWidget *refresh = gtk_button_new_with_label(_("Show"));
    gtk_widget_set_name(refresh, "mon_refresh");
    g_signal_connect(refresh, "clicked", G_CALLBACK(on_refresh), m);
    GtkWidget *count = gtk_label_new("");
    m->count = GTK_LABEL(count);
    gtk_box_append(GTK_BOX(bar), GTK_WIDGET(m->status));
    gtk_box_append(GTK_BOX(bar), refresh);
    gtk_box_append(GTK_BOX(bar), count);
    GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
    gtk_widget_set_vexpand(paned, TRUE);
    GtkWidget *list = gtk_list_box_new();
    m->list = GTK_LIST_BOX(list);
    g_signal_connect(list, "row-selected", G_CALLBACK(on_selected), m);
    GtkWidget *left = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(left), list);
    gtk_widget_set_size_request(left, 360, -1);
    GtkWidget *right = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    m->open_household = gtk_button_new_with_label(_("Household page"));
    gtk_widget_set_halign(m->open_household, GTK_ALIGN_START);
    gtk_widget_set_visible(m->open_household, FALSE);
    g_signal_connect(m->open_household, "clicked", G_CALLBACK(on_open_household), m);
    gtk_box_append(GTK_BOX(right), m->open_household);
    gtk_box_append(GTK_BOX(right), wrapped_label(&m->blockers));
    gtk_box_append(GTK_BOX(right), wrapped_label(&m->detail));
    gtk_label_set_text(m->detail, _("Choose a case to see its risks, measures and what still "
                                    "blocks the elimination."));
    GtkWidget *rs = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(rs), right);
    gtk_widget_set_hexpand(rs, TRUE);
    gtk_paned_set_start_child(GTK_PANED(paned), left);
    gtk_paned_set_end_child(GTK_PANED(paned), rs);
    /* The list keeps its width; the case's text takes the rest. */
    gtk_paned_set_resize_start_child(GTK_PANED(paned), FALSE);
    gtk_paned_set_position(GTK_PANED(paned), 420);
    gtk_box_append(GTK_BOX(page), bar);
    gtk_box_append(GTK_BOX(page), paned);
    m->page = page;
    gtk_stack_add_titled(stack, page, "monitoring", _("Monitoring"));
    return m;
}

void desk_monitoring_free(struct desk_monitoring *m)
{
    if (m == NULL)
        return;
    g_free(m->village);
    g_free(m->head);
    g_free(m);
}

int desk_monitoring_count(struct desk_monitoring *m)
{
    return m->count_shown;
}

int desk_monitoring_select(struct desk_monitoring *m, int i)
{
    GtkListBoxRow *row = gtk_list_box_get_row_at_index(m->list, i);
    if (row == NULL)
        return -1;
    gtk_list_box_select_row(m->list, row);
    return 0;
}

int desk_monitoring_blockers(struct desk_monitoring *m)
{
    return m->blocker_count;
}

const char *desk_monitoring_blocker_text(struct desk_monitoring *m)
{
    return gtk_label_get_text(m->blockers);
}

GtkWidget *desk_monitoring_page(struct desk_monitoring *m)
{
    return m->page;
}

void desk_monitoring_open_household(struct desk_monitoring *m)
{
    on_open_household(NULL, m);
}
