/* project_lookback.c -- the look-back at a desk (回头看, docs/lookback.md).
 *
 * The review widget (desk_project_lookback_new): a project's reviews (LookbackList by project)
 * and the review form: the campaign, the day, the documents missing (the policy list of
 * common/rules/lookback.c), households found against expected, upkeep, verdict, a note, the
 * findings (one a line, in a ledger area) with the person responsible and the deadline of
 * their ledger items, sent as LookbackReview. The integrator puts it as a tab of the project
 * page (desk_project_lookback_set with the project shown).
 *
 * The 回头看 page ("lookback" in the main stack, for the offices and the township): a
 * campaign's progress by child unit and the projects not yet reviewed (LookbackProgress); a
 * project clicked opens the review form below, set to that campaign and project.
 *
 * Events (desk_changed): "lookback-campaigns", "lookback-progress", "lookback-reviews",
 * "lookback-written", "lookback-refused". */
#include "desk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/projimport.h"
#include "common/rules/date.h"
#include "common/rules/ledger.h"
#include "common/rules/lookback.h"

#define FORM_KEY "desk-project-lookback"

struct review_form {
    struct desk *d;
    GHashTable *w; /* name -> widget (desk_project_lookback_widget) */
    int64_t project;
    GArray *campaign_ids; /* in the drop-down's order */
    GtkStringList *campaign_names;
    GtkDropDown *campaigns, *upkeep, *verdict, *area;
    GtkCheckButton *docs[8];
    GtkEntry *date, *found, *note, *responsible, *deadline;
    GtkTextView *findings;
    GtkLabel *title, *reviews, *result;
    GtkWidget *save;
};

static GtkWidget *named(struct review_form *f, const char *name, GtkWidget *w)
{
    gtk_widget_set_name(w, name);
    g_hash_table_insert(f->w, g_strdup(name), w);
    return w;
}

static GtkEntry *entry(struct review_form *f, GtkGrid *g, int row, const char *label,
                       const char *name, const char *placeholder)
{
    GtkWidget *l = gtk_label_new(label);
    gtk_widget_set_halign(l, GTK_ALIGN_END);
    GtkWidget *e = named(f, name, gtk_entry_new());
    if (placeholder != NULL)
        gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
    gtk_widget_set_hexpand(e, TRUE);
    gtk_grid_attach(g, l, 0, row, 1, 1);
    gtk_grid_attach(g, e, 1, row, 1, 1);
    return GTK_ENTRY(e);
}

/* A drop-down of the labels of a code table, named. */
static GtkDropDown *choice(struct review_form *f, GtkGrid *g, int row, const char *label,
                           const char *name, const char *const *labels)
{
    GtkWidget *l = gtk_label_new(label);
    gtk_widget_set_halign(l, GTK_ALIGN_END);
    GtkWidget *dd = named(f, name, gtk_drop_down_new_from_strings(labels));
    gtk_grid_attach(g, l, 0, row, 1, 1);
    gtk_grid_attach(g, dd, 1, row, 1, 1);
    return GTK_DROP_DOWN(dd);
}

static void result(struct review_form *f, const char *text, int error)
{
    gtk_label_set_text(f->result, text);
    gtk_widget_remove_css_class(GTK_WIDGET(f->result), "error");
    if (error)
        gtk_widget_add_css_class(GTK_WIDGET(f->result), "error");
    desk_status(f->d, text, error);
}

static void clear_marks(struct review_form *f)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, f->w);
    while (g_hash_table_iter_next(&it, &k, &v))
        gtk_widget_remove_css_class(GTK_WIDGET(v), "error");
}

/* The widget of a refused field (the request's field names them). Not inlined: inlined where
 * the field is one of two constants, GCC warns (-Wstring-compare) that the table's other names
 * can never match it, which is the point of a lookup. */
G_GNUC_NO_INLINE static void mark(struct review_form *f, const char *field)
{
    static const struct {
        const char *field, *widget;
    } map[] = {
        {"campaign_id", "lb_campaign"},   {"project_id", "lb_title"},
        {"reviewed_on", "lb_date"},       {"docs_missing", "lb_doc_0"},
        {"households_found", "lb_found"}, {"upkeep", "lb_upkeep"},
        {"verdict", "lb_verdict"},        {"note", "lb_note"},
        {"findings", "lb_findings"},      {"responsible_id", "lb_responsible"},
        {"deadline", "lb_deadline"},      {"evidence", "lb_findings"},
    };
    for (size_t i = 0; field != NULL && i < G_N_ELEMENTS(map); i++)
        if (strcmp(map[i].field, field) == 0) {
            GtkWidget *w = g_hash_table_lookup(f->w, map[i].widget);
            if (w != NULL)
                gtk_widget_add_css_class(w, "error");
        }
}

static void campaigns_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct review_form *f = user;
    if (err != NULL) {
        result(f, err->message, 1);
        return;
    }
    const Zhucun__LookbackListReply *l = reply->lookback_list;
    guint old = g_list_model_get_n_items(G_LIST_MODEL(f->campaign_names));
    const char **names = g_new0(const char *, l->n_campaigns + 1);
    g_array_set_size(f->campaign_ids, 0);
    for (size_t i = 0; i < l->n_campaigns; i++) {
        names[i] = g_strdup_printf("#%lld %s（%s）", (long long)l->campaigns[i]->id,
                                   l->campaigns[i]->name, l->campaigns[i]->org_name);
        g_array_append_val(f->campaign_ids, l->campaigns[i]->id);
    }
    gtk_string_list_splice(f->campaign_names, 0, old, names);
    for (size_t i = 0; i < l->n_campaigns; i++)
        g_free((char *)names[i]);
    g_free(names);
    desk_changed(f->d, "lookback-campaigns");
}

static void reviews_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct review_form *f = user;
    if (err != NULL) {
        result(f, err->message, 1);
        return;
    }
    const Zhucun__LookbackListReply *l = reply->lookback_list;
    GString *s = g_string_new(NULL);
    if (l->n_reviews == 0)
        g_string_append(s, _("Not reviewed yet."));
    for (size_t i = 0; i < l->n_reviews; i++) {
        const Zhucun__LookbackReviewRow *v = l->reviews[i];
        const char *verdict =
            rules_lookback_label(lookback_verdicts, lookback_n_verdicts, v->verdict);
        const char *upkeep = rules_lookback_label(lookback_upkeeps, lookback_n_upkeeps, v->upkeep);
        g_string_append_printf(s, _("%s %s: %s, %s, households %u of %u"), v->reviewed_on,
                               v->campaign_name, verdict ? verdict : v->verdict,
                               upkeep ? upkeep : v->upkeep, v->households_found,
                               v->households_expected);
        for (size_t k = 0; k < v->n_docs_missing; k++) {
            const char *doc =
                rules_lookback_label(lookback_docs, lookback_n_docs, v->docs_missing[k]);
            g_string_append_printf(s, k == 0 ? _("; missing: %s") : "、%s",
                                   doc ? doc : v->docs_missing[k]);
        }
        for (size_t k = 0; k < v->n_findings; k++)
            g_string_append_printf(s, _("\n    finding (ledger item #%lld): %s"),
                                   (long long)v->findings[k]->ledger_item_id, v->findings[k]->text);
        g_string_append_c(s, '\n');
    }
    gtk_label_set_text(f->reviews, s->str);
    g_string_free(s, TRUE);
    desk_changed(f->d, "lookback-reviews");
}

static void load_reviews(struct review_form *f)
{
    Zhucun__LookbackList l = ZHUCUN__LOOKBACK_LIST__INIT;
    l.project_id = f->project;
    desk_call(f->d, &l.base, reviews_done, f);
}

static void save_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct review_form *f = user;
    if (err != NULL) {
        mark(f, err->field);
        result(f, err->message, 1);
        desk_changed(f->d, "lookback-refused");
        return;
    }
    char *t = g_strdup_printf(_("Recorded: review #%lld"), (long long)reply->lookback_review->id);
    result(f, t, 0);
    g_free(t);
    desk_changed(f->d, "lookback-written");
    load_reviews(f);
}

/* The form as a LookbackReview, sent; a missing campaign or project said at once. */
static void on_save(GtkButton *b, gpointer user)
{
    (void)b;
    struct review_form *f = user;
    clear_marks(f);
    guint c = gtk_drop_down_get_selected(f->campaigns);
    if (c == GTK_INVALID_LIST_POSITION || c >= f->campaign_ids->len || f->project <= 0) {
        mark(f, f->project <= 0 ? "project_id" : "campaign_id");
        result(f, f->project <= 0 ? _("Choose a project first.") : _("Choose a campaign."), 1);
        desk_changed(f->d, "lookback-refused");
        return;
    }
    Zhucun__LookbackReview r = ZHUCUN__LOOKBACK_REVIEW__INIT;
    r.campaign_id = g_array_index(f->campaign_ids, int64_t, c);
    r.project_id = f->project;
    r.reviewed_on = (char *)gtk_editable_get_text(GTK_EDITABLE(f->date));
    char *missing[8];
    for (size_t i = 0; i < lookback_n_docs && i < G_N_ELEMENTS(missing); i++)
        if (gtk_check_button_get_active(f->docs[i]))
            missing[r.n_docs_missing++] = (char *)lookback_docs[i].code;
    r.docs_missing = missing;
    r.households_found = (uint32_t)strtoul(gtk_editable_get_text(GTK_EDITABLE(f->found)), NULL, 10);
    r.upkeep = (char *)lookback_upkeeps[gtk_drop_down_get_selected(f->upkeep)].code;
    r.verdict = (char *)lookback_verdicts[gtk_drop_down_get_selected(f->verdict)].code;
    r.note = (char *)gtk_editable_get_text(GTK_EDITABLE(f->note));
    /* the findings: one a line, blank lines left out */
    GtkTextBuffer *buf = gtk_text_view_get_buffer(f->findings);
    GtkTextIter a, z;
    gtk_text_buffer_get_bounds(buf, &a, &z);
    char *text = gtk_text_buffer_get_text(buf, &a, &z, FALSE);
    char **lines = g_strsplit(text, "\n", -1);
    Zhucun__LookbackFinding fv[LOOKBACK_FINDINGS_MAX + 1], *fp[LOOKBACK_FINDINGS_MAX + 1];
    const char *area = ledger_areas[gtk_drop_down_get_selected(f->area)].code;
    for (size_t i = 0; lines[i] != NULL; i++) {
        char *line = g_strstrip(lines[i]);
        if (*line == '\0')
            continue;
        if (r.n_findings == LOOKBACK_FINDINGS_MAX + 1)
            break; /* one more than allowed: the check says so */
        zhucun__lookback_finding__init(&fv[r.n_findings]);
        fv[r.n_findings].text = line;
        fv[r.n_findings].area = (char *)area;
        fp[r.n_findings] = &fv[r.n_findings];
        r.n_findings++;
    }
    r.findings = fp;
    r.responsible_id = strtoll(gtk_editable_get_text(GTK_EDITABLE(f->responsible)), NULL, 10);
    r.deadline = (char *)gtk_editable_get_text(GTK_EDITABLE(f->deadline));
    desk_call(f->d, &r.base, save_done, f); /* packed on the spot */
    g_strfreev(lines);
    g_free(text);
}

static void free_form(gpointer p)
{
    struct review_form *f = p;
    g_hash_table_destroy(f->w);
    g_array_free(f->campaign_ids, TRUE);
    g_free(f);
}

static const char **labels_of(const struct lookback_code *t, size_t n)
{
    const char **v = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        v[i] = t[i].label;
    return v;
}

GtkWidget *desk_project_lookback_new(struct desk *d)
{
    struct review_form *f = g_new0(struct review_form, 1);
    f->d = d;
    f->w = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    f->campaign_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    g_object_set_data_full(G_OBJECT(box), FORM_KEY, f, free_form);
    f->title = GTK_LABEL(named(f, "lb_title", gtk_label_new(_("No project chosen."))));
    gtk_widget_set_halign(GTK_WIDGET(f->title), GTK_ALIGN_START);
    gtk_widget_add_css_class(GTK_WIDGET(f->title), "heading");
    gtk_box_append(GTK_BOX(box), GTK_WIDGET(f->title));
    f->reviews = GTK_LABEL(named(f, "lb_reviews", gtk_label_new("")));
    gtk_label_set_wrap(f->reviews, TRUE);
    gtk_widget_set_halign(GTK_WIDGET(f->reviews), GTK_ALIGN_START);
    gtk_box_append(GTK_BOX(box), GTK_WIDGET(f->reviews));

    GtkGrid *g = GTK_GRID(gtk_grid_new());
    gtk_grid_set_row_spacing(g, 4);
    gtk_grid_set_column_spacing(g, 8);
    f->campaign_names = gtk_string_list_new(NULL);
    GtkWidget *l = gtk_label_new(_("Campaign"));
    gtk_widget_set_halign(l, GTK_ALIGN_END);
    f->campaigns = GTK_DROP_DOWN(
        named(f, "lb_campaign", gtk_drop_down_new(G_LIST_MODEL(f->campaign_names), NULL)));
    gtk_grid_attach(g, l, 0, 0, 1, 1);
    gtk_grid_attach(g, GTK_WIDGET(f->campaigns), 1, 0, 1, 1);
    char today[11];
    rules_date_format(zc_clock_today(), today);
    f->date = entry(f, g, 1, _("Reviewed on"), "lb_date", "YYYY-MM-DD");
    gtk_editable_set_text(GTK_EDITABLE(f->date), today);
    GtkWidget *docs = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    for (size_t i = 0; i < lookback_n_docs && i < G_N_ELEMENTS(f->docs); i++) {
        char name[16];
        snprintf(name, sizeof(name), "lb_doc_%zu", i);
        f->docs[i] = GTK_CHECK_BUTTON(
            named(f, name, gtk_check_button_new_with_label(lookback_docs[i].label)));
        gtk_box_append(GTK_BOX(docs), GTK_WIDGET(f->docs[i]));
    }
    l = gtk_label_new(_("Documents missing"));
    gtk_widget_set_halign(l, GTK_ALIGN_END);
    gtk_grid_attach(g, l, 0, 2, 1, 1);
    gtk_grid_attach(g, docs, 1, 2, 1, 1);
    f->found = entry(f, g, 3, _("Households found benefiting"), "lb_found", NULL);
    const char **v = labels_of(lookback_upkeeps, lookback_n_upkeeps);
    f->upkeep = choice(f, g, 4, _("Upkeep"), "lb_upkeep", v);
    g_free(v);
    v = labels_of(lookback_verdicts, lookback_n_verdicts);
    f->verdict = choice(f, g, 5, _("Verdict"), "lb_verdict", v);
    g_free(v);
    f->note = entry(f, g, 6, _("Note"), "lb_note", NULL);
    l = gtk_label_new(_("Findings (one a line)"));
    gtk_widget_set_halign(l, GTK_ALIGN_END);
    f->findings = GTK_TEXT_VIEW(named(f, "lb_findings", gtk_text_view_new()));
    gtk_widget_set_size_request(GTK_WIDGET(f->findings), -1, 60);
    gtk_grid_attach(g, l, 0, 7, 1, 1);
    gtk_grid_attach(g, GTK_WIDGET(f->findings), 1, 7, 1, 1);
    const char **areas = g_new0(const char *, ledger_n_areas + 1);
    for (size_t i = 0; i < ledger_n_areas; i++)
        areas[i] = ledger_areas[i].label;
    f->area = choice(f, g, 8, _("Their ledger area"), "lb_area", areas);
    g_free(areas);
    for (guint i = 0; i < ledger_n_areas; i++)
        if (strcmp(ledger_areas[i].code, LOOKBACK_AREA_DEFAULT) == 0)
            gtk_drop_down_set_selected(f->area, i);
    f->responsible = entry(f, g, 9, _("Responsible (person id)"), "lb_responsible", NULL);
    f->deadline = entry(f, g, 10, _("Deadline"), "lb_deadline", "YYYY-MM-DD");
    gtk_box_append(GTK_BOX(box), GTK_WIDGET(g));
    f->save = named(f, "lb_save", gtk_button_new_with_label(_("Record the review")));
    gtk_widget_set_halign(f->save, GTK_ALIGN_START);
    g_signal_connect(f->save, "clicked", G_CALLBACK(on_save), f);
    gtk_box_append(GTK_BOX(box), f->save);
    f->result = GTK_LABEL(named(f, "lb_result", gtk_label_new("")));
    gtk_widget_set_halign(GTK_WIDGET(f->result), GTK_ALIGN_START);
    gtk_box_append(GTK_BOX(box), GTK_WIDGET(f->result));

    Zhucun__LookbackList cl = ZHUCUN__LOOKBACK_LIST__INIT;
    desk_call(d, &cl.base, campaigns_done, f);
    return box;
}

void desk_project_lookback_set(GtkWidget *w, int64_t project_id, const char *status)
{
    struct review_form *f = g_object_get_data(G_OBJECT(w), FORM_KEY);
    if (f == NULL)
        return;
    f->project = project_id;
    clear_marks(f);
    gtk_label_set_text(f->result, "");
    char *t = g_strdup_printf(_("Project #%lld (%s)"), (long long)project_id,
                              status != NULL ? projimport_status_label(status) : "");
    gtk_label_set_text(f->title, t);
    g_free(t);
    load_reviews(f);
}

GtkWidget *desk_project_lookback_widget(GtkWidget *w, const char *name)
{
    struct review_form *f = g_object_get_data(G_OBJECT(w), FORM_KEY);
    return f != NULL ? g_hash_table_lookup(f->w, name) : NULL;
}

/* Chooses the campaign id in the form's drop-down; -1 when it is not listed (yet). */
static int form_campaign(GtkWidget *w, int64_t id)
{
    struct review_form *f = g_object_get_data(G_OBJECT(w), FORM_KEY);
    for (guint i = 0; f != NULL && i < f->campaign_ids->len; i++)
        if (g_array_index(f->campaign_ids, int64_t, i) == id) {
            gtk_drop_down_set_selected(f->campaigns, i);
            return 0;
        }
    return -1;
}

/* ---- the 回头看 page ---- */

struct desk_lookback {
    struct desk *d;
    GtkWidget *page, *form;
    GtkEntry *campaign;
    GtkLabel *progress;
    GtkListBox *todo;
    GArray *todo_ids;
    GPtrArray *todo_status;
    unsigned units, not_reviewed;
};

static void progress_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_lookback *l = user;
    if (err != NULL) {
        gtk_label_set_text(l->progress, err->message);
        desk_status(l->d, err->message, 1);
        desk_changed(l->d, "lookback-failed");
        return;
    }
    const Zhucun__LookbackProgressReply *p = reply->lookback_progress;
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < p->n_units; i++)
        g_string_append_printf(s, _("%s: %u projects, %u reviewed, %u not yet\n"),
                               p->units[i]->name, p->units[i]->projects, p->units[i]->reviewed,
                               p->units[i]->projects - p->units[i]->reviewed);
    if (p->total != NULL)
        g_string_append_printf(s, _("In all: %u projects, %u reviewed, %u not yet"),
                               p->total->projects, p->total->reviewed,
                               p->total->projects - p->total->reviewed);
    gtk_label_set_text(l->progress, s->str);
    g_string_free(s, TRUE);
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(l->todo))) != NULL)
        gtk_list_box_remove(l->todo, child);
    g_array_set_size(l->todo_ids, 0);
    g_ptr_array_set_size(l->todo_status, 0);
    for (size_t i = 0; i < p->n_not_reviewed; i++) {
        const Zhucun__LookbackTodo *t = p->not_reviewed[i];
        char *text = g_strdup_printf("#%lld  %s  %u  %s", (long long)t->project_id, t->village_code,
                                     t->year, t->name);
        GtkWidget *row = gtk_label_new(text);
        gtk_widget_set_halign(row, GTK_ALIGN_START);
        gtk_list_box_append(l->todo, row);
        g_free(text);
        g_array_append_val(l->todo_ids, t->project_id);
        g_ptr_array_add(l->todo_status, g_strdup(t->status));
    }
    l->units = (unsigned)p->n_units;
    l->not_reviewed = (unsigned)p->n_not_reviewed;
    desk_changed(l->d, "lookback-progress");
}

void desk_lookback_refresh(struct desk_lookback *l)
{
    int64_t id = strtoll(gtk_editable_get_text(GTK_EDITABLE(l->campaign)), NULL, 10);
    if (id <= 0)
        return;
    Zhucun__LookbackProgress p = ZHUCUN__LOOKBACK_PROGRESS__INIT;
    p.campaign_id = id;
    desk_call(l->d, &p.base, progress_done, l);
}

static void on_show(GtkButton *b, gpointer user)
{
    (void)b;
    desk_lookback_refresh(user);
}

static void on_row(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    struct desk_lookback *l = user;
    int i = gtk_list_box_row_get_index(row);
    if (i < 0 || (guint)i >= l->todo_ids->len)
        return;
    form_campaign(l->form, strtoll(gtk_editable_get_text(GTK_EDITABLE(l->campaign)), NULL, 10));
    desk_project_lookback_set(l->form, g_array_index(l->todo_ids, int64_t, i),
                              g_ptr_array_index(l->todo_status, i));
}

struct desk_lookback *desk_lookback_new(struct desk *d, GtkStack *stack)
{
    int seen = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        seen |= strcmp(role, "province_office") == 0 || strcmp(role, "city_office") == 0 ||
                strcmp(role, "county_office") == 0 || strcmp(role, "township") == 0;
    }
    if (!seen)
        return NULL;
    struct desk_lookback *l = g_new0(struct desk_lookback, 1);
    l->d = d;
    l->todo_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    l->todo_status = g_ptr_array_new_with_free_func(g_free);
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_box_append(GTK_BOX(bar), gtk_label_new(_("Campaign number")));
    l->campaign = GTK_ENTRY(gtk_entry_new());
    gtk_widget_set_name(GTK_WIDGET(l->campaign), "lb_page_campaign");
    gtk_box_append(GTK_BOX(bar), GTK_WIDGET(l->campaign));
    GtkWidget *show = gtk_button_new_with_label(_("Show the progress"));
    g_signal_connect(show, "clicked", G_CALLBACK(on_show), l);
    gtk_box_append(GTK_BOX(bar), show);
    gtk_box_append(GTK_BOX(page), bar);
    l->progress = GTK_LABEL(gtk_label_new(""));
    gtk_widget_set_halign(GTK_WIDGET(l->progress), GTK_ALIGN_START);
    gtk_box_append(GTK_BOX(page), GTK_WIDGET(l->progress));
    GtkWidget *h = gtk_label_new(_("Projects not yet reviewed (click one to review it):"));
    gtk_widget_set_halign(h, GTK_ALIGN_START);
    gtk_box_append(GTK_BOX(page), h);
    l->todo = GTK_LIST_BOX(gtk_list_box_new());
    g_signal_connect(l->todo, "row-activated", G_CALLBACK(on_row), l);
    gtk_box_append(GTK_BOX(page), GTK_WIDGET(l->todo));
    l->form = desk_project_lookback_new(d);
    gtk_box_append(GTK_BOX(page), l->form);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    l->page = scroll;
    gtk_stack_add_titled(stack, scroll, "lookback", _("Look-back"));
    return l;
}

void desk_lookback_free(struct desk_lookback *l)
{
    if (l == NULL)
        return;
    g_array_free(l->todo_ids, TRUE);
    g_ptr_array_free(l->todo_status, TRUE);
    g_free(l);
}

void desk_lookback_open(struct desk_lookback *l, int64_t campaign)
{
    char t[32];
    snprintf(t, sizeof(t), "%lld", (long long)campaign);
    gtk_editable_set_text(GTK_EDITABLE(l->campaign), t);
    desk_lookback_refresh(l);
}

unsigned desk_lookback_not_reviewed(struct desk_lookback *l)
{
    return l->not_reviewed;
}

int desk_lookback_pick(struct desk_lookback *l, int i)
{
    GtkListBoxRow *r = gtk_list_box_get_row_at_index(l->todo, i);
    if (r == NULL)
        return -1;
    on_row(l->todo, r, l);
    return 0;
}

GtkWidget *desk_lookback_form(struct desk_lookback *l)
{
    return l->form;
}

const char *desk_lookback_progress_text(struct desk_lookback *l)
{
    return gtk_label_get_text(l->progress);
}
