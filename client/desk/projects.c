/* projects.c -- the project library page 项目库 (docs/projects.md): the projects in the
 * caller's scope (ProjectList: by state, late and waiting first or by year, budget or name),
 * and one opened in a notebook: the 概况 tab (its details, funds, beneficiaries, the timeline
 * of its state changes from ProjectShow, its evidence strip and the form asking for its next
 * state with a reason), and the tabs other parts add (desk_projects_add_tab), each told the
 * project shown. The page is made in code and added to the main window's stack. */
#include "desk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "common/clock.h"
#include "common/rules/project.h"

static const char *const sorts[] = {"attention", "year", "budget", "name"};

/* The form's entries, in order; their names for desk_projects_widget. */
enum {
    FORM_VILLAGES,
    FORM_NAME,
    FORM_YEAR,
    FORM_BUDGET,
    FORM_FUNDS,
    FORM_RESPONSIBLE,
    FORM_START,
    FORM_END,
    FORM_EXPECTED,
    FORM_DESCRIPTION,
    NFORM
};
static const char *const form_names[NFORM] = {"villages", "name",        "year",  "budget",
                                              "funds",    "responsible", "start", "end",
                                              "expected", "description"};

/* A tab another part added: its widget and what to tell it of the project shown. */
struct tab {
    GtkWidget *widget;
    void (*set_project)(GtkWidget *w, int64_t id, const char *status);
};

struct desk_projects {
    struct desk *d;
    GtkWidget *page;
    GtkDropDown *status, *sort, *to;
    GtkListBox *list;
    GtkLabel *count, *overview;
    GtkNotebook *notebook;
    GtkWidget *strip, *form;
    GtkEntry *reason;
    GArray *tabs; /* struct tab */
    /* the form (writers): the project's details, filled from the project shown */
    GtkEntry *f[10]; /* FORM_* */
    GtkDropDown *f_kind;
    GtkLabel *f_error;
    int64_t shown;
    char *shown_status;
    int busy, count_shown;
};

static const char *status_zh(const char *code)
{
    const char *n = rules_project_status_name(code);
    return n[0] ? n : code;
}

/* A request's state for people. */
static const char *request_zh(const char *code)
{
    static const char *const codes[] = {"pending",  "returned", "approved",
                                        "rejected", "refused",  "cancelled"};
    static const char *const names[] = {
        N_("waiting for approval"), N_("returned"), N_("approved"), N_("rejected"),
        N_("refused at approval"),  N_("withdrawn")};
    for (size_t i = 0; i < G_N_ELEMENTS(codes); i++)
        if (strcmp(code, codes[i]) == 0)
            return _(names[i]);
    return code;
}

static void fill_form(struct desk_projects *p, const Zhucun__ProjectShowReply *s);

static void clear_list(struct desk_projects *p)
{
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(p->list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(p->list, 0))
        gtk_list_box_remove(p->list, GTK_WIDGET(row));
    p->count_shown = 0;
}

/* Fen as yuan with two decimals, in buf. */
static const char *yuan(int64_t fen, char buf[32])
{
    g_snprintf(buf, 32, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
    return buf;
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_projects *p = user;
    p->busy = 0;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "projects-failed");
        return;
    }
    const Zhucun__ProjectListReply *r = reply->project_list;
    char b[32];
    for (size_t i = 0; i < r->n_projects; i++) {
        const Zhucun__ProjectEntry *e = r->projects[i];
        char *title = g_strdup_printf("#%lld %s", (long long)e->id, e->name);
        char *line = g_strdup_printf(
            _("%u · %s · %s · %s yuan · %s%s%s%s"), e->year, rules_project_kind_name(e->kind),
            e->village_name, yuan(e->budget_fen, b), status_zh(e->status),
            e->open_to[0] ? " → " : "", e->open_to[0] ? status_zh(e->open_to) : "",
            e->late                                   ? _(" · late")
            : strcmp(e->open_status, "returned") == 0 ? _(" · returned")
                                                      : "");
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class(box, "queue-row");
        GtkWidget *t = gtk_label_new(title), *s = gtk_label_new(line);
        g_free(title);
        g_free(line);
        gtk_label_set_xalign(GTK_LABEL(t), 0);
        gtk_label_set_wrap(GTK_LABEL(t), TRUE);
        gtk_widget_add_css_class(t, "heading");
        gtk_label_set_xalign(GTK_LABEL(s), 0);
        gtk_widget_add_css_class(s, e->late ? "error" : "dim-label");
        gtk_box_append(GTK_BOX(box), t);
        gtk_box_append(GTK_BOX(box), s);
        GtkWidget *row = gtk_list_box_row_new();
        gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
        g_object_set_data_full(G_OBJECT(row), "id", g_memdup2(&e->id, sizeof(e->id)), g_free);
        gtk_list_box_append(p->list, row);
        p->count_shown++;
    }
    char *n = g_strdup_printf(_("%d of %u projects"), p->count_shown, r->total);
    gtk_label_set_text(p->count, n);
    g_free(n);
    desk_changed(p->d, "projects");
}

void desk_projects_refresh(struct desk_projects *p)
{
    if (p->busy)
        return;
    clear_list(p);
    Zhucun__ProjectList pl = ZHUCUN__PROJECT_LIST__INIT;
    guint s = gtk_drop_down_get_selected(p->status);
    pl.status = (char *)(s > 0 && s <= 11 ? project_statuses[s - 1] : "");
    guint o = gtk_drop_down_get_selected(p->sort);
    pl.sort = (char *)(o < G_N_ELEMENTS(sorts) ? sorts[o] : "");
    pl.limit = 200;
    p->busy = 1;
    desk_call(p->d, &pl.base, list_done, p);
}

/* The 概况 text: details, villages, funds, beneficiaries, the timeline. */
static char *overview_text(const Zhucun__ProjectShowReply *s)
{
    const Zhucun__ProjectEntry *e = s->project;
    char b[32];
    GString *t = g_string_new("");
    g_string_append_printf(t, _("Project %lld: %s\n%s, %u, budget %s yuan, %s since %s"),
                           (long long)e->id, e->name, rules_project_kind_name(e->kind), e->year,
                           yuan(e->budget_fen, b), status_zh(e->status), e->status_on);
    if (e->status_reason[0])
        g_string_append_printf(t, "（%s）", e->status_reason);
    g_string_append_printf(t, _("\nCarried out by %s; planned %s to %s"), e->responsible,
                           e->planned_start, e->planned_end);
    if (e->actual_start[0])
        g_string_append_printf(t, _("; started %s"), e->actual_start);
    if (e->actual_end[0])
        g_string_append_printf(t, _("; completed %s"), e->actual_end);
    if (e->late)
        g_string_append(t, _(" (past its planned end)"));
    g_string_append_printf(t,
                           _("\nExpected to benefit %u households (%u poverty-alleviated, %u "
                             "monitored)\n"),
                           e->expected_households, e->expected_alleviated, e->expected_monitored);
    g_string_append_printf(t, "\n%s", _("Villages:"));
    for (size_t i = 0; i < s->n_village_codes; i++)
        g_string_append_printf(t, " %s", s->village_codes[i]);
    g_string_append_printf(t, "\n%s\n", _("Funds"));
    for (size_t i = 0; i < s->n_funds; i++)
        g_string_append_printf(t, "  %s · %s\n", rules_project_source_name(s->funds[i]->source),
                               yuan(s->funds[i]->amount_fen, b));
    if (s->n_beneficiaries > 0)
        g_string_append_printf(t, "%s\n", _("Named beneficiaries"));
    for (size_t i = 0; i < s->n_beneficiaries; i++)
        g_string_append_printf(t, "  #%lld %s (%s)\n", (long long)s->beneficiaries[i]->household_id,
                               s->beneficiaries[i]->head_name, s->beneficiaries[i]->village_code);
    g_string_append_printf(t, "\n%s\n", _("Timeline"));
    for (size_t i = 0; i < s->n_transitions; i++) {
        const Zhucun__ProjectTransitionEntry *x = s->transitions[i];
        g_string_append_printf(t, "  %s · %s → %s · %s · %s", x->requested_at,
                               status_zh(x->from_status), status_zh(x->to_status),
                               request_zh(x->status), x->requested_by);
        if (x->reason[0])
            g_string_append_printf(t, " · %s", x->reason);
        if (x->problem[0])
            g_string_append_printf(t, " · %s", x->problem);
        g_string_append(t, "\n");
    }
    if (s->n_transitions == 0)
        g_string_append_printf(t, "  %s\n", _("no state changes asked for yet"));
    if (e->description[0])
        g_string_append_printf(t, "\n%s", e->description);
    return g_string_free(t, FALSE);
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_projects *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "projects-show-failed");
        return;
    }
    const Zhucun__ProjectShowReply *s = reply->project_show;
    char *t = overview_text(s);
    gtk_label_set_text(p->overview, t);
    g_free(t);
    p->shown = s->project->id;
    g_free(p->shown_status);
    p->shown_status = g_strdup(s->project->status);
    desk_attach_strip_set_record(p->strip, p->shown);
    if (p->f_kind != NULL)
        fill_form(p, s);
    gtk_widget_set_visible(p->form, TRUE);
    for (guint i = 0; i < p->tabs->len; i++) {
        const struct tab *tb = &g_array_index(p->tabs, struct tab, i);
        if (tb->set_project != NULL)
            tb->set_project(tb->widget, p->shown, p->shown_status);
    }
    desk_changed(p->d, "projects-shown");
}

void desk_projects_open(struct desk_projects *p, int64_t id)
{
    Zhucun__ProjectShow ps = ZHUCUN__PROJECT_SHOW__INIT;
    ps.id = id;
    desk_call(p->d, &ps.base, show_done, p);
}

static void on_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    if (row == NULL)
        return;
    const int64_t *id = g_object_get_data(G_OBJECT(row), "id");
    if (id != NULL)
        desk_projects_open(user, *id);
}

static void on_refresh(GtkButton *b, gpointer user)
{
    (void)b;
    desk_projects_refresh(user);
}

/* ---- the transition form ---- */

static void transition_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_projects *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "projects-transition-failed");
        return;
    }
    char *m = g_strdup_printf(_("Request %lld sent (route %s)"),
                              (long long)reply->project_transition->transition_id,
                              reply->project_transition->route);
    desk_status(p->d, m, 0);
    g_free(m);
    gtk_editable_set_text(GTK_EDITABLE(p->reason), "");
    desk_changed(p->d, "projects-transition");
    desk_projects_open(p, p->shown);
}

int desk_projects_transition(struct desk_projects *p, const char *to, const char *reason)
{
    if (p->shown <= 0)
        return -1;
    Zhucun__ProjectTransition pt = ZHUCUN__PROJECT_TRANSITION__INIT;
    pt.project_id = p->shown;
    pt.status = (char *)to;
    pt.reason = (char *)reason;
    const char *field = NULL;
    const char *problem = rules_project_transition_problem(&pt, &field);
    if (problem != NULL) {
        desk_status(p->d, problem, 1);
        desk_changed(p->d, "projects-transition-failed");
        return -1;
    }
    desk_call(p->d, &pt.base, transition_done, p);
    return 0;
}

static void on_transition(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_projects *p = user;
    guint i = gtk_drop_down_get_selected(p->to);
    /* the dropdown lists the states after planned */
    if (i + 1 >= 11)
        return;
    desk_projects_transition(p, project_statuses[i + 1],
                             gtk_editable_get_text(GTK_EDITABLE(p->reason)));
}

static GtkWidget *transition_form(struct desk_projects *p)
{
    GtkWidget *form = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    const char *targets[11] = {NULL};
    for (int i = 1; i < 11; i++)
        targets[i - 1] = project_status_names[i];
    p->to = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(targets));
    GtkWidget *reason = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(reason), _("Reason (required to reject or cancel)"));
    gtk_widget_set_hexpand(reason, TRUE);
    p->reason = GTK_ENTRY(reason);
    GtkWidget *send = gtk_button_new_with_label(_("Ask for the state"));
    gtk_widget_set_name(send, "proj_transition");
    g_signal_connect(send, "clicked", G_CALLBACK(on_transition), p);
    gtk_box_append(GTK_BOX(form), gtk_label_new(_("Next state:")));
    gtk_box_append(GTK_BOX(form), GTK_WIDGET(p->to));
    gtk_box_append(GTK_BOX(form), reason);
    gtk_box_append(GTK_BOX(form), send);
    gtk_widget_set_visible(form, FALSE);
    return form;
}

/* ---- the form: a new project, or the one shown changed ---- */

static void set_entry(GtkEntry *e, const char *text)
{
    gtk_editable_set_text(GTK_EDITABLE(e), text);
}

/* The form filled with the project shown. */
static void fill_form(struct desk_projects *p, const Zhucun__ProjectShowReply *s)
{
    const Zhucun__ProjectEntry *e = s->project;
    char b[32];
    GString *v = g_string_new(""), *f = g_string_new("");
    for (size_t i = 0; i < s->n_village_codes; i++)
        g_string_append_printf(v, "%s%s", i ? "," : "", s->village_codes[i]);
    for (size_t i = 0; i < s->n_funds; i++)
        g_string_append_printf(f, "%s%s=%s", i ? ", " : "", s->funds[i]->source,
                               yuan(s->funds[i]->amount_fen, b));
    set_entry(p->f[FORM_VILLAGES], v->str);
    set_entry(p->f[FORM_FUNDS], f->str);
    g_string_free(v, TRUE);
    g_string_free(f, TRUE);
    set_entry(p->f[FORM_NAME], e->name);
    char *year = g_strdup_printf("%u", e->year);
    set_entry(p->f[FORM_YEAR], year);
    g_free(year);
    set_entry(p->f[FORM_BUDGET], yuan(e->budget_fen, b));
    set_entry(p->f[FORM_RESPONSIBLE], e->responsible);
    set_entry(p->f[FORM_START], e->planned_start);
    set_entry(p->f[FORM_END], e->planned_end);
    char *x = g_strdup_printf("%u,%u,%u", e->expected_households, e->expected_alleviated,
                              e->expected_monitored);
    set_entry(p->f[FORM_EXPECTED], x);
    g_free(x);
    set_entry(p->f[FORM_DESCRIPTION], e->description);
    for (guint i = 0; project_kinds[i] != NULL; i++)
        if (strcmp(project_kinds[i], e->kind) == 0)
            gtk_drop_down_set_selected(p->f_kind, i);
}

static void form_error(struct desk_projects *p, const char *problem, const char *field)
{
    char *m = g_strdup_printf("%s（%s）", problem, field);
    gtk_label_set_text(p->f_error, m);
    desk_status(p->d, m, 1);
    g_free(m);
}

static void saved(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_projects *p = user;
    if (err != NULL) {
        form_error(p, err->message, err->field[0] ? err->field : "-");
        desk_changed(p->d, "projects-save-failed");
        return;
    }
    /* both replies are a ProjectId */
    int64_t id = reply->body_case == ZHUCUN__REPLY__BODY_PROJECT_UPDATE ? reply->project_update->id
                                                                        : reply->project_create->id;
    char *m = g_strdup_printf(_("Project %lld saved"), (long long)id);
    desk_status(p->d, m, 0);
    g_free(m);
    gtk_label_set_text(p->f_error, "");
    desk_changed(p->d, "projects-saved");
    desk_projects_refresh(p);
    desk_projects_open(p, id);
}

int desk_projects_save(struct desk_projects *p, int update)
{
    if (update && p->shown <= 0)
        return -1;
    Zhucun__ProjectCreate d = ZHUCUN__PROJECT_CREATE__INIT;
    char **villages = g_strsplit(gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_VILLAGES])), ",",
                                 PROJECT_VILLAGES_MAX + 1);
    char **shares =
        g_strsplit(gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_FUNDS])), ",", PROJECT_NSOURCES);
    Zhucun__ProjectFund fund[PROJECT_NSOURCES], *funds[PROJECT_NSOURCES];
    char sources[PROJECT_NSOURCES][32];
    const char *problem = NULL, *field = NULL;
    size_t nf = 0;
    for (char **x = shares; *x != NULL && problem == NULL; x++, nf++) {
        long long fen = 0;
        zhucun__project_fund__init(&fund[nf]);
        problem = rules_project_fund_parse(*x, sources[nf], sizeof(sources[nf]), &fen);
        field = "funds";
        fund[nf].source = sources[nf];
        fund[nf].amount_fen = fen;
        funds[nf] = &fund[nf];
    }
    for (char **v = villages; *v != NULL; v++)
        g_strstrip(*v);
    d.village_codes = villages;
    d.n_village_codes = g_strv_length(villages);
    guint k = gtk_drop_down_get_selected(p->f_kind);
    d.kind = (char *)(k < PROJECT_NKINDS ? project_kinds[k] : "");
    d.name = (char *)gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_NAME]));
    d.year = (uint32_t)atoi(gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_YEAR])));
    d.budget_fen = llround(
        g_ascii_strtod(gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_BUDGET])), NULL) * 100.0);
    d.funds = funds;
    d.n_funds = nf;
    d.responsible = (char *)gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_RESPONSIBLE]));
    d.planned_start = (char *)gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_START]));
    d.planned_end = (char *)gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_END]));
    unsigned h = 0, a = 0, m = 0;
    sscanf(gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_EXPECTED])), "%u,%u,%u", &h, &a, &m);
    d.expected_households = h;
    d.expected_alleviated = a;
    d.expected_monitored = m;
    d.description = (char *)gtk_editable_get_text(GTK_EDITABLE(p->f[FORM_DESCRIPTION]));
    Zhucun__ProjectUpdate pu = ZHUCUN__PROJECT_UPDATE__INIT;
    pu.id = p->shown;
    pu.details = &d;
    if (problem == NULL)
        problem = rules_project_details_problem(&d, zc_clock_today(), &field);
    int rc = 0;
    if (problem != NULL) {
        form_error(p, problem, field);
        desk_changed(p->d, "projects-invalid");
        rc = -1;
    } else if (update) {
        /* the named beneficiaries are kept as they are: the form does not show them */
        desk_call(p->d, &pu.base, saved, p);
    } else {
        desk_call(p->d, &d.base, saved, p);
    }
    g_strfreev(villages);
    g_strfreev(shares);
    return rc;
}

static void on_create(GtkButton *b, gpointer user)
{
    (void)b;
    desk_projects_save(user, 0);
}

static void on_update(GtkButton *b, gpointer user)
{
    (void)b;
    desk_projects_save(user, 1);
}

static GtkWidget *project_form(struct desk_projects *p)
{
    static const char *const labels[NFORM] = {
        N_("Villages"),      N_("Name"),        N_("Year"),
        N_("Budget (yuan)"), N_("Funds"),       N_("Carried out by"),
        N_("Planned start"), N_("Planned end"), N_("Expected households"),
        N_("Description")};
    static const char *const hints[NFORM] = {
        "140105001001,140105001002",           "", "2026",       "300000",
        "linkage=200000, county=100000",       "", "YYYY-MM-DD", "YYYY-MM-DD",
        N_("households,alleviated,monitored"), ""};
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 6);
    for (int i = 0; i < NFORM; i++) {
        GtkWidget *l = gtk_label_new(_(labels[i]));
        gtk_label_set_xalign(GTK_LABEL(l), 1);
        GtkWidget *e = gtk_entry_new();
        gtk_entry_set_placeholder_text(GTK_ENTRY(e), hints[i][0] ? _(hints[i]) : "");
        gtk_widget_set_hexpand(e, TRUE);
        gtk_grid_attach(GTK_GRID(grid), l, 0, i, 1, 1);
        gtk_grid_attach(GTK_GRID(grid), e, 1, i, 1, 1);
        p->f[i] = GTK_ENTRY(e);
    }
    p->f_kind = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(project_kind_names));
    gtk_grid_attach(GTK_GRID(grid), gtk_label_new(_("Kind")), 0, NFORM, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), GTK_WIDGET(p->f_kind), 1, NFORM, 1, 1);
    GtkWidget *buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *create = gtk_button_new_with_label(_("Record as a new project"));
    g_signal_connect(create, "clicked", G_CALLBACK(on_create), p);
    GtkWidget *update = gtk_button_new_with_label(_("Save changes to the project shown"));
    g_signal_connect(update, "clicked", G_CALLBACK(on_update), p);
    gtk_box_append(GTK_BOX(buttons), create);
    gtk_box_append(GTK_BOX(buttons), update);
    GtkWidget *err = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(err), 0);
    gtk_label_set_wrap(GTK_LABEL(err), TRUE);
    gtk_widget_add_css_class(err, "error");
    p->f_error = GTK_LABEL(err);
    gtk_box_append(GTK_BOX(box), grid);
    gtk_box_append(GTK_BOX(box), buttons);
    gtk_box_append(GTK_BOX(box), err);
    GtkWidget *sw = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(sw), box);
    return sw;
}

GtkWidget *desk_projects_widget(struct desk_projects *p, const char *id)
{
    for (int i = 0; i < NFORM; i++)
        if (p->f[i] != NULL && strcmp(id, form_names[i]) == 0)
            return GTK_WIDGET(p->f[i]);
    return strcmp(id, "kind") == 0 && p->f_kind != NULL     ? GTK_WIDGET(p->f_kind)
           : strcmp(id, "error") == 0 && p->f_error != NULL ? GTK_WIDGET(p->f_error)
                                                            : NULL;
}

/* ---- the page ---- */

void desk_projects_add_tab(struct desk_projects *p, const char *title, GtkWidget *w,
                           void (*set_project)(GtkWidget *, int64_t id, const char *status))
{
    struct tab tb = {w, set_project};
    g_array_append_val(p->tabs, tb);
    gtk_notebook_append_page(p->notebook, w, gtk_label_new(title));
    if (p->shown > 0 && set_project != NULL)
        set_project(w, p->shown, p->shown_status);
}

struct desk_projects *desk_projects_new(struct desk *d, GtkStack *stack, int writer)
{
    struct desk_projects *p = g_new0(struct desk_projects, 1);
    p->d = d;
    p->tabs = g_array_new(FALSE, TRUE, sizeof(struct tab));
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    const char *states[13] = {_("All states")};
    for (int i = 0; i < 11; i++)
        states[i + 1] = project_status_names[i];
    p->status = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(states));
    const char *orders[] = {_("Late and waiting first"), _("By year"), _("By budget"), _("By name"),
                            NULL};
    p->sort = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(orders));
    GtkWidget *refresh = gtk_button_new_with_label(_("Show"));
    gtk_widget_set_name(refresh, "proj_refresh");
    g_signal_connect(refresh, "clicked", G_CALLBACK(on_refresh), p);
    GtkWidget *count = gtk_label_new("");
    p->count = GTK_LABEL(count);
    gtk_box_append(GTK_BOX(bar), GTK_WIDGET(p->status));
    gtk_box_append(GTK_BOX(bar), GTK_WIDGET(p->sort));
    gtk_box_append(GTK_BOX(bar), refresh);
    gtk_box_append(GTK_BOX(bar), count);
    GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
    gtk_widget_set_vexpand(paned, TRUE);
    GtkWidget *list = gtk_list_box_new();
    p->list = GTK_LIST_BOX(list);
    g_signal_connect(list, "row-selected", G_CALLBACK(on_selected), p);
    GtkWidget *left = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(left), list);
    gtk_widget_set_size_request(left, 360, -1);
    /* 概况: the text, the evidence strip, the transition form */
    GtkWidget *overview = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    GtkWidget *label = gtk_label_new(_("Choose a project to see its details and timeline."));
    gtk_label_set_xalign(GTK_LABEL(label), 0);
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_label_set_selectable(GTK_LABEL(label), TRUE);
    p->overview = GTK_LABEL(label);
    p->form = transition_form(p);
    p->strip = desk_attach_strip_new(d, "project", 0);
    gtk_box_append(GTK_BOX(overview), label);
    gtk_box_append(GTK_BOX(overview), p->strip);
    if (writer)
        gtk_box_append(GTK_BOX(overview), p->form);
    GtkWidget *os = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(os), overview);
    GtkWidget *nb = gtk_notebook_new();
    p->notebook = GTK_NOTEBOOK(nb);
    gtk_notebook_append_page(p->notebook, os, gtk_label_new("概况"));
    if (writer)
        gtk_notebook_append_page(p->notebook, project_form(p), gtk_label_new(_("Project form")));
    gtk_widget_set_hexpand(nb, TRUE);
    gtk_paned_set_start_child(GTK_PANED(paned), left);
    gtk_paned_set_end_child(GTK_PANED(paned), nb);
    gtk_paned_set_resize_start_child(GTK_PANED(paned), FALSE);
    gtk_paned_set_position(GTK_PANED(paned), 420);
    gtk_box_append(GTK_BOX(page), bar);
    gtk_box_append(GTK_BOX(page), paned);
    p->page = page;
    gtk_stack_add_titled(stack, page, "projects", "项目库");
    return p;
}

void desk_projects_free(struct desk_projects *p)
{
    if (p == NULL)
        return;
    g_array_free(p->tabs, TRUE);
    g_free(p->shown_status);
    g_free(p);
}

int desk_projects_count(struct desk_projects *p)
{
    return p->count_shown;
}

int desk_projects_select(struct desk_projects *p, int i)
{
    GtkListBoxRow *row = gtk_list_box_get_row_at_index(p->list, i);
    if (row == NULL)
        return -1;
    gtk_list_box_select_row(p->list, row);
    return 0;
}

int64_t desk_projects_shown(struct desk_projects *p)
{
    return p->shown;
}

const char *desk_projects_overview(struct desk_projects *p)
{
    return gtk_label_get_text(p->overview);
}

GtkWidget *desk_projects_page(struct desk_projects *p)
{
    return p->page;
}
