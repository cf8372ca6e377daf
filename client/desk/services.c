/* services.c -- the service cases page (docs/services.md): the cases in the caller's scope
 * (ServiceCaseList), their counts by village, cadre, category or month (ServiceReport), and,
 * for the village's team, the form that opens a case for a household (ServiceCaseCreate). The
 * page is made in code and added to the main window's stack as "services": it needs no part of
 * main.ui. Below the counts, the competitions the caller sees (ContestList) with their entries
 * and results. Steps and closing, and the competitions' writes, are the CLI's. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "common/clock.h"
#include "common/rules/income.h"
#include "common/rules/service.h"

static const char *const report_by[] = {"village", "cadre", "category", "month"};

struct desk_services {
    struct desk *d;
    GtkWidget *page;
    GtkListBox *list;
    GtkLabel *count, *report, *contests;
    GtkDropDown *by, *category;
    GtkEntry *household, *subkind, *opened, *summary;
    GtkWidget *form;
    GtkWidget *attach; /* the chosen case's evidence files (attach.c) */
    GArray *ids;       /* the listed cases' ids, row by row */
    GPtrArray *cats;   /* and their categories (the rules check a step or a close by them) */
    /* the chosen case: a step, or its close */
    GtkWidget *chosen;
    GtkLabel *chosen_title;
    GtkDropDown *step, *mediation;
    GtkEntry *step_on, *step_note, *outcome, *amount;
    int64_t case_id;
    const char *case_category;
    int busy;
    int count_shown;
    int report_rows;
    int contest_rounds;
};

static void clear_list(struct desk_services *s)
{
    g_array_set_size(s->ids, 0);
    g_ptr_array_set_size(s->cats, 0);
    s->case_id = 0;
    s->case_category = NULL;
    gtk_widget_set_sensitive(s->chosen, FALSE);
    desk_attach_strip_set_record(s->attach, 0);
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(s->list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(s->list, 0))
        gtk_list_box_remove(s->list, GTK_WIDGET(row));
    s->count_shown = 0;
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_services *s = user;
    s->busy = 0;
    if (err != NULL) {
        desk_status(s->d, err->message, 1);
        desk_changed(s->d, "services-failed");
        return;
    }
    const Zhucun__ServiceCaseListReply *r = reply->service_case_list;
    for (size_t i = 0; i < r->n_cases; i++) {
        const Zhucun__ServiceCaseEntry *c = r->cases[i];
        const struct service_category *cat = rules_service_category(c->category);
        const char *sub = rules_service_subkind_name(c->category, c->subkind);
        char *title = g_strdup_printf("%s · %s%s%s", c->head_name, cat ? cat->name : c->category,
                                      sub[0] ? "·" : "", sub);
        char *line =
            c->closed_on[0]
                ? g_strdup_printf(_("Case %lld · household %lld · opened %s by %s · closed %s: %s"),
                                  (long long)c->id, (long long)c->household_id, c->opened_on,
                                  c->handler_name, c->closed_on, c->outcome)
                : g_strdup_printf(_("Case %lld · household %lld · opened %s by %s · open, %u "
                                    "steps: %s"),
                                  (long long)c->id, (long long)c->household_id, c->opened_on,
                                  c->handler_name, c->steps, c->summary);
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class(box, "queue-row");
        GtkWidget *t = gtk_label_new(title), *l = gtk_label_new(line);
        g_free(title);
        g_free(line);
        gtk_label_set_xalign(GTK_LABEL(t), 0);
        gtk_widget_add_css_class(t, "heading");
        gtk_label_set_xalign(GTK_LABEL(l), 0);
        gtk_label_set_wrap(GTK_LABEL(l), TRUE);
        gtk_widget_add_css_class(l, "dim-label");
        gtk_box_append(GTK_BOX(box), t);
        gtk_box_append(GTK_BOX(box), l);
        gtk_list_box_append(s->list, box);
        g_array_append_val(s->ids, c->id);
        g_ptr_array_add(s->cats, g_strdup(c->category));
        s->count_shown++;
    }
    char *n = r->truncated
                  ? g_strdup_printf(_("%d cases shown (more in the CLI: zhucun service list)"),
                                    s->count_shown)
                  : g_strdup_printf(_("%d service cases"), s->count_shown);
    gtk_label_set_text(s->count, n);
    g_free(n);
    desk_changed(s->d, "services");
}

static void report_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_services *s = user;
    if (err != NULL) {
        desk_status(s->d, err->message, 1);
        desk_changed(s->d, "services-report-failed");
        return;
    }
    const Zhucun__ServiceReportReply *r = reply->service_report;
    GString *t = g_string_new(_("Opened · closed · open · yuan · disputes (mediated)"));
    for (size_t i = 0; i < r->n_rows; i++) {
        const Zhucun__ServiceReportRow *x = r->rows[i];
        const struct service_category *cat = rules_service_category(x->label);
        g_string_append_printf(t, "\n%s  %u · %u · %u · %lld.%02lld · %u (%u)",
                               cat ? cat->name : x->label, x->opened, x->closed, x->still_open,
                               (long long)x->amount_fen / 100, (long long)x->amount_fen % 100,
                               x->disputes, x->mediated);
    }
    gtk_label_set_text(s->report, t->str);
    g_string_free(t, TRUE);
    s->report_rows = (int)r->n_rows;
    desk_changed(s->d, "services-report");
}

/* The competitions the caller sees (ContestList): each round, its days and its entries, with
 * the results given. */
static void contests_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_services *s = user;
    if (err != NULL) {
        desk_status(s->d, err->message, 1);
        desk_changed(s->d, "contests-failed");
        return;
    }
    const Zhucun__ContestListReply *r = reply->contest_list;
    GString *t = g_string_new(_("Competitions"));
    for (size_t i = 0; i < r->n_rounds; i++) {
        const Zhucun__ContestRound *x = r->rounds[i];
        g_string_append_printf(t, _("\n%s · %s · %s–%s · %u entries"),
                               rules_contest_kind_name(x->kind), x->title, x->starts_on, x->ends_on,
                               x->entries);
        for (size_t k = 0; k < r->n_entries; k++)
            if (r->entries[k]->round_id == x->id)
                g_string_append_printf(t, "\n    %s「%s」%s", r->entries[k]->team_name,
                                       r->entries[k]->title, r->entries[k]->award);
    }
    gtk_label_set_text(s->contests, t->str);
    g_string_free(t, TRUE);
    s->contest_rounds = (int)r->n_rounds;
    desk_changed(s->d, "contests");
}

void desk_services_refresh(struct desk_services *s)
{
    if (s->busy)
        return;
    clear_list(s);
    Zhucun__ServiceCaseList sl = ZHUCUN__SERVICE_CASE_LIST__INIT;
    sl.limit = 500;
    s->busy = 1;
    desk_call(s->d, &sl.base, list_done, s);
    Zhucun__ServiceReport sr = ZHUCUN__SERVICE_REPORT__INIT;
    guint b = gtk_drop_down_get_selected(s->by);
    sr.by = (char *)report_by[b < G_N_ELEMENTS(report_by) ? b : 0];
    desk_call(s->d, &sr.base, report_done, s);
    Zhucun__ContestList cl = ZHUCUN__CONTEST_LIST__INIT;
    desk_call(s->d, &cl.base, contests_done, s);
}

/* A write the server refused: its message (and field) in the status line; 1 when it was. */
static int refused(struct desk_services *s, const struct zc_error *err)
{
    if (err == NULL)
        return 0;
    char *m = err->field[0] ? g_strdup_printf("%s（%s）", err->message, err->field)
                            : g_strdup(err->message);
    desk_status(s->d, m, 1);
    g_free(m);
    desk_changed(s->d, "service-refused");
    return 1;
}

static void saved(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_services *s = user;
    if (refused(s, err))
        return;
    char *m =
        g_strdup_printf(_("Service case %lld opened"), (long long)reply->service_case_create->id);
    desk_status(s->d, m, 0);
    g_free(m);
    gtk_editable_set_text(GTK_EDITABLE(s->summary), "");
    desk_changed(s->d, "service-saved");
    desk_services_refresh(s);
}

int desk_services_submit(struct desk_services *s)
{
    Zhucun__ServiceCaseCreate sc = ZHUCUN__SERVICE_CASE_CREATE__INIT;
    sc.household_id = atoll(gtk_editable_get_text(GTK_EDITABLE(s->household)));
    guint c = gtk_drop_down_get_selected(s->category);
    sc.category = (char *)(c < service_ncategories ? service_categories[c].code : "");
    sc.subkind = (char *)gtk_editable_get_text(GTK_EDITABLE(s->subkind));
    sc.opened_on = (char *)gtk_editable_get_text(GTK_EDITABLE(s->opened));
    sc.summary = (char *)gtk_editable_get_text(GTK_EDITABLE(s->summary));
    const char *field = NULL;
    const char *problem = rules_service_create_problem(&sc, zc_clock_today(), &field);
    if (problem == NULL && sc.household_id <= 0) {
        problem = _("Give the household's number");
        field = "household_id";
    }
    if (problem != NULL) {
        char *m = g_strdup_printf("%s（%s）", problem, field);
        desk_status(s->d, m, 1);
        g_free(m);
        desk_changed(s->d, "service-invalid");
        return 0;
    }
    desk_call(s->d, &sc.base, saved, s);
    return 1;
}

static void on_save(GtkButton *b, gpointer user)
{
    (void)b;
    desk_services_submit(user);
}

static void on_refresh(GtkButton *b, gpointer user)
{
    (void)b;
    desk_services_refresh(user);
}

static GtkEntry *entry(GtkWidget *grid, int row, const char *label, const char *hint)
{
    GtkWidget *l = gtk_label_new(label);
    gtk_label_set_xalign(GTK_LABEL(l), 1);
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), hint);
    gtk_widget_set_hexpand(e, TRUE);
    gtk_grid_attach(GTK_GRID(grid), l, 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), e, 1, row, 1, 1);
    return GTK_ENTRY(e);
}

/* The form that opens a case: household, category, subkind, date, summary. */
static GtkWidget *make_form(struct desk_services *s)
{
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 6);
    GtkWidget *title = gtk_label_new(_("Open a service case"));
    gtk_widget_add_css_class(title, "heading");
    gtk_label_set_xalign(GTK_LABEL(title), 0);
    gtk_grid_attach(GTK_GRID(grid), title, 0, 0, 2, 1);
    s->household = entry(grid, 1, _("Household number"), _("household number"));
    const char **names = g_new0(const char *, service_ncategories + 1);
    for (size_t i = 0; i < service_ncategories; i++)
        names[i] = service_categories[i].name;
    s->category = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(names));
    g_free(names);
    GtkWidget *cl = gtk_label_new(_("Category"));
    gtk_label_set_xalign(GTK_LABEL(cl), 1);
    gtk_grid_attach(GTK_GRID(grid), cl, 0, 2, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), GTK_WIDGET(s->category), 1, 2, 1, 1);
    s->subkind = entry(grid, 3, _("Kind"), _("a dispute's or a right's kind, e.g. neighbour"));
    s->opened = entry(grid, 4, _("Opened"), "YYYY-MM-DD");
    char today[11];
    desk_today(today);
    gtk_editable_set_text(GTK_EDITABLE(s->opened), today);
    s->summary = entry(grid, 5, _("Summary"), _("what was asked or found"));
    GtkWidget *save = gtk_button_new_with_label(_("Open the case"));
    gtk_widget_set_name(save, "svc_save");
    gtk_widget_set_halign(save, GTK_ALIGN_START);
    g_signal_connect(save, "clicked", G_CALLBACK(on_save), s);
    gtk_grid_attach(GTK_GRID(grid), save, 1, 6, 1, 1);
    return grid;
}

static const char *const step_codes[] = {"progress", "hospital_contact", "admission",
                                         "reimbursement"};
static const char *const mediation_codes[] = {"", "mediated", "partly", "failed", "referred"};

/* A case chosen: its evidence files under the list, where more are added; the form for its
 * next step or its close. */
static void on_case_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    struct desk_services *s = user;
    int i = row != NULL ? gtk_list_box_row_get_index(row) : -1;
    int known = i >= 0 && (guint)i < s->ids->len;
    s->case_id = known ? g_array_index(s->ids, int64_t, i) : 0;
    s->case_category = known ? g_ptr_array_index(s->cats, i) : NULL;
    desk_attach_strip_set_record(s->attach, s->case_id);
    gtk_widget_set_sensitive(s->chosen, known);
    char *t = known ? g_strdup_printf(_("Case %lld"), (long long)s->case_id)
                    : g_strdup(_("Choose a case in the list"));
    gtk_label_set_text(s->chosen_title, t);
    g_free(t);
}

static void written(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_services *s = user;
    if (refused(s, err))
        return;
    desk_status(s->d, _("Saved"), 0);
    gtk_editable_set_text(GTK_EDITABLE(s->step_note), "");
    gtk_editable_set_text(GTK_EDITABLE(s->outcome), "");
    gtk_editable_set_text(GTK_EDITABLE(s->amount), "");
    desk_changed(s->d, "service-written");
    desk_services_refresh(s);
}

/* A refusal by the rules before anything is sent: at its field, in the status line. */
static int invalid(struct desk_services *s, const char *problem, const char *field)
{
    char *m = g_strdup_printf("%s（%s）", problem, field);
    desk_status(s->d, m, 1);
    g_free(m);
    desk_changed(s->d, "service-invalid");
    return 0;
}

int desk_services_step(struct desk_services *s)
{
    Zhucun__ServiceCaseStep st = ZHUCUN__SERVICE_CASE_STEP__INIT;
    st.case_id = s->case_id;
    guint k = gtk_drop_down_get_selected(s->step);
    st.step = (char *)step_codes[k < G_N_ELEMENTS(step_codes) ? k : 0];
    st.on_date = (char *)gtk_editable_get_text(GTK_EDITABLE(s->step_on));
    st.note = (char *)gtk_editable_get_text(GTK_EDITABLE(s->step_note));
    const char *field = NULL;
    const char *problem =
        rules_service_step_problem(&st, s->case_category, zc_clock_today(), &field);
    if (problem != NULL)
        return invalid(s, problem, field);
    desk_call(s->d, &st.base, written, s);
    return 1;
}

int desk_services_close(struct desk_services *s)
{
    Zhucun__ServiceCaseClose cl = ZHUCUN__SERVICE_CASE_CLOSE__INIT;
    cl.case_id = s->case_id;
    cl.closed_on = (char *)gtk_editable_get_text(GTK_EDITABLE(s->step_on));
    cl.outcome = (char *)gtk_editable_get_text(GTK_EDITABLE(s->outcome));
    guint m = gtk_drop_down_get_selected(s->mediation);
    cl.mediation = (char *)mediation_codes[m < G_N_ELEMENTS(mediation_codes) ? m : 0];
    const char *amount = gtk_editable_get_text(GTK_EDITABLE(s->amount));
    int64_t fen = 0;
    if (amount[0] != '\0' && rules_income_yuan_parse(amount, 0, &fen) != 0)
        return invalid(s, _("The amount is yuan with at most two decimals"), "amount_fen");
    cl.amount_fen = fen;
    const char *field = NULL;
    const char *problem =
        rules_service_close_problem(&cl, s->case_category, zc_clock_today(), &field);
    if (problem != NULL)
        return invalid(s, problem, field);
    desk_call(s->d, &cl.base, written, s);
    return 1;
}

static void on_step(GtkButton *b, gpointer user)
{
    (void)b;
    desk_services_step(user);
}

static void on_close(GtkButton *b, gpointer user)
{
    (void)b;
    desk_services_close(user);
}

/* The chosen case's form: the next step (its kind, day and note) or the close (the outcome, a
 * dispute's mediation, the money where the category has it). */
static GtkWidget *make_chosen(struct desk_services *s)
{
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 6);
    GtkWidget *title = gtk_label_new(_("Choose a case in the list"));
    gtk_widget_add_css_class(title, "heading");
    gtk_label_set_xalign(GTK_LABEL(title), 0);
    s->chosen_title = GTK_LABEL(title);
    gtk_grid_attach(GTK_GRID(grid), title, 0, 0, 2, 1);
    const char *steps[G_N_ELEMENTS(step_codes) + 1] = {NULL};
    for (size_t i = 0; i < G_N_ELEMENTS(step_codes); i++)
        steps[i] = rules_service_step_name(step_codes[i]);
    s->step = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(steps));
    GtkWidget *sl = gtk_label_new(_("Case step"));
    gtk_label_set_xalign(GTK_LABEL(sl), 1);
    gtk_grid_attach(GTK_GRID(grid), sl, 0, 1, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), GTK_WIDGET(s->step), 1, 1, 1, 1);
    s->step_on = entry(grid, 2, _("Date"), "YYYY-MM-DD");
    char today[11];
    desk_today(today);
    gtk_editable_set_text(GTK_EDITABLE(s->step_on), today);
    s->step_note = entry(grid, 3, _("Note"), _("what was done"));
    GtkWidget *step = gtk_button_new_with_label(_("Record the step"));
    gtk_widget_set_halign(step, GTK_ALIGN_START);
    g_signal_connect(step, "clicked", G_CALLBACK(on_step), s);
    gtk_grid_attach(GTK_GRID(grid), step, 1, 4, 1, 1);
    s->outcome = entry(grid, 5, _("Outcome"), _("what came of it"));
    const char *meds[G_N_ELEMENTS(mediation_codes) + 1] = {NULL};
    meds[0] = _("(not a dispute)");
    for (size_t i = 1; i < G_N_ELEMENTS(mediation_codes); i++)
        meds[i] = rules_service_mediation_name(mediation_codes[i]);
    s->mediation = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(meds));
    GtkWidget *ml = gtk_label_new(_("Mediation"));
    gtk_label_set_xalign(GTK_LABEL(ml), 1);
    gtk_grid_attach(GTK_GRID(grid), ml, 0, 6, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), GTK_WIDGET(s->mediation), 1, 6, 1, 1);
    s->amount = entry(grid, 7, _("Amount (yuan)"), _("money granted or paid, if any"));
    GtkWidget *close = gtk_button_new_with_label(_("Close the case"));
    gtk_widget_set_halign(close, GTK_ALIGN_START);
    g_signal_connect(close, "clicked", G_CALLBACK(on_close), s);
    gtk_grid_attach(GTK_GRID(grid), close, 1, 8, 1, 1);
    gtk_widget_set_sensitive(grid, FALSE);
    return grid;
}

struct desk_services *desk_services_new(struct desk *d, GtkStack *stack, int writer)
{
    struct desk_services *s = g_new0(struct desk_services, 1);
    s->d = d;
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    const char *names[] = {_("By village"), _("By cadre"), _("By category"), _("By month"), NULL};
    s->by = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(names));
    gtk_drop_down_set_selected(s->by, 2);
    GtkWidget *refresh = gtk_button_new_with_label(_("Show"));
    g_signal_connect(refresh, "clicked", G_CALLBACK(on_refresh), s);
    GtkWidget *count = gtk_label_new("");
    s->count = GTK_LABEL(count);
    gtk_box_append(GTK_BOX(bar), GTK_WIDGET(s->by));
    gtk_box_append(GTK_BOX(bar), refresh);
    gtk_box_append(GTK_BOX(bar), count);
    GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
    gtk_widget_set_vexpand(paned, TRUE);
    GtkWidget *list = gtk_list_box_new();
    gtk_list_box_set_selection_mode(GTK_LIST_BOX(list), GTK_SELECTION_SINGLE);
    s->list = GTK_LIST_BOX(list);
    s->ids = g_array_new(FALSE, TRUE, sizeof(int64_t));
    g_signal_connect(list, "row-selected", G_CALLBACK(on_case_selected), s);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_vexpand(scroll, TRUE);
    s->cats = g_ptr_array_new_with_free_func(g_free);
    s->attach = desk_attach_strip_new(d, "service_case", 0);
    GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_box_append(GTK_BOX(left), scroll);
    gtk_box_append(GTK_BOX(left), s->attach);
    gtk_widget_set_size_request(left, 420, -1);
    GtkWidget *right = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *rep = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(rep), 0);
    gtk_label_set_selectable(GTK_LABEL(rep), TRUE);
    s->report = GTK_LABEL(rep);
    s->form = make_form(s);
    gtk_widget_set_visible(s->form, writer);
    s->chosen = make_chosen(s);
    gtk_widget_set_visible(s->chosen, writer);
    GtkWidget *con = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(con), 0);
    gtk_label_set_wrap(GTK_LABEL(con), TRUE);
    gtk_label_set_selectable(GTK_LABEL(con), TRUE);
    s->contests = GTK_LABEL(con);
    gtk_box_append(GTK_BOX(right), s->form);
    gtk_box_append(GTK_BOX(right), s->chosen);
    gtk_box_append(GTK_BOX(right), rep);
    gtk_box_append(GTK_BOX(right), con);
    gtk_paned_set_start_child(GTK_PANED(paned), left);
    gtk_paned_set_end_child(GTK_PANED(paned), right);
    gtk_paned_set_resize_start_child(GTK_PANED(paned), FALSE);
    gtk_paned_set_position(GTK_PANED(paned), 460);
    gtk_box_append(GTK_BOX(page), bar);
    gtk_box_append(GTK_BOX(page), paned);
    s->page = page;
    gtk_stack_add_titled(stack, page, "services", _("Services"));
    return s;
}

void desk_services_free(struct desk_services *s)
{
    if (s == NULL)
        return;
    /* the window goes after the screens: its list empties itself then, selecting nothing */
    g_signal_handlers_disconnect_by_data(s->list, s);
    g_array_free(s->ids, TRUE);
    g_ptr_array_free(s->cats, TRUE);
    g_free(s);
}

GtkWidget *desk_services_attach(struct desk_services *s)
{
    return s->attach;
}

void desk_services_chosen(struct desk_services *s, int step, const char *note, const char *outcome,
                          int mediation, const char *amount)
{
    gtk_drop_down_set_selected(s->step, (guint)step);
    gtk_editable_set_text(GTK_EDITABLE(s->step_note), note);
    gtk_editable_set_text(GTK_EDITABLE(s->outcome), outcome);
    gtk_drop_down_set_selected(s->mediation, (guint)mediation);
    gtk_editable_set_text(GTK_EDITABLE(s->amount), amount);
}

int64_t desk_services_case(struct desk_services *s)
{
    return s->case_id;
}

int desk_services_select(struct desk_services *s, int i)
{
    GtkListBoxRow *row = gtk_list_box_get_row_at_index(s->list, i);
    if (row == NULL)
        return -1;
    gtk_list_box_select_row(s->list, row);
    return 0;
}

int desk_services_count(struct desk_services *s)
{
    return s->count_shown;
}

int desk_services_report_rows(struct desk_services *s)
{
    return s->report_rows;
}

int desk_services_contest_rounds(struct desk_services *s)
{
    return s->contest_rounds;
}

GtkWidget *desk_services_widget(struct desk_services *s, const char *id)
{
    return strcmp(id, "household") == 0  ? GTK_WIDGET(s->household)
           : strcmp(id, "category") == 0 ? GTK_WIDGET(s->category)
           : strcmp(id, "subkind") == 0  ? GTK_WIDGET(s->subkind)
           : strcmp(id, "opened") == 0   ? GTK_WIDGET(s->opened)
           : strcmp(id, "summary") == 0  ? GTK_WIDGET(s->summary)
           : strcmp(id, "report") == 0   ? GTK_WIDGET(s->report)
           : strcmp(id, "contests") == 0 ? GTK_WIDGET(s->contests)
                                         : NULL;
}
