/* guarantees.c -- the guarantees page (SPEC M5, M6; docs/guarantees.md): one household's
 * schooling, insurance, hospital, housing and water entries with its gaps of "three guarantees
 * and drinking water secured" (GuaranteeList: the server's one rule), a form to record an entry
 * (GuaranteeRecord) and to resolve an open problem (GuaranteeResolve), and the household's
 * labour records with a form for a worker's record (LabourRecord, LabourList).
 *
 * The page is built here and added to the main window's stack (window.c). The forms take the
 * client library's verdict on their request (desk_check: the server's checks and words) and
 * show it, and the server's field errors, at the field. For a schooling check the member list
 * offers only the children of compulsory school age on the form's date
 * (rules_compulsory_school_age, the rule the server's zc_compulsory_school_age mirrors). */
#include "desk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/guarantee.h"

static const char *const kinds[] = {"schooling", "insurance", "hospital", "housing", "water"};
static const char *const kind_names[] = {N_("Schooling"), N_("Medical insurance"),
                                         N_("Hospital stay"), N_("Housing safety"),
                                         N_("Drinking water")};
static const char *const status_hints[] = {
    "enrolled / transferred / dropped_out / home_schooling", "enrolled / not_enrolled",
    "settled / pending", "A / B / C / D",
    "source_short / seasonal_shortage / quality / inconvenient / broken_pipes"};

struct desk_guar {
    struct desk *d;
    GtkWidget *page;
    GHashTable *w; /* name -> widget (borrowed: the page holds them) */
    int64_t household;
    Zhucun__GuaranteeListReply *list; /* a copy, or NULL */
    Zhucun__LabourListReply *labour;  /* a copy, or NULL */
    GArray *member_ids;               /* int64_t: the record form's member choices */
    GArray *worker_ids;               /* int64_t: the labour form's */
    int64_t selected;                 /* the open problem chosen to resolve, 0 when none */
    int sending;
};

static GtkWidget *W(struct desk_guar *g, const char *name)
{
    return g_hash_table_lookup(g->w, name);
}

GtkWidget *desk_guar_widget(struct desk_guar *g, const char *name)
{
    return W(g, name);
}

static const char *text_of(struct desk_guar *g, const char *name)
{
    return gtk_editable_get_text(GTK_EDITABLE(W(g, name)));
}

/* ---- building the page ---- */

static GtkWidget *add(struct desk_guar *g, const char *name, GtkWidget *w)
{
    g_hash_table_insert(g->w, (gpointer)name, w);
    return w;
}

static GtkWidget *entry(struct desk_guar *g, const char *name, const char *placeholder, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    return add(g, name, e);
}

static GtkWidget *label(struct desk_guar *g, const char *name, const char *css)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    if (css != NULL)
        gtk_widget_add_css_class(l, css);
    return name != NULL ? add(g, name, l) : l;
}

static GtkWidget *row(GtkWidget *const *parts, size_t n)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    for (size_t i = 0; i < n; i++)
        gtk_box_append(GTK_BOX(box), parts[i]);
    return box;
}

static GtkWidget *heading(const char *text)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_widget_add_css_class(l, "heading");
    return l;
}

static GtkWidget *list(struct desk_guar *g, const char *name, const char *empty)
{
    GtkWidget *l = gtk_list_box_new();
    GtkWidget *p = gtk_label_new(empty);
    gtk_widget_add_css_class(p, "dim-label");
    gtk_list_box_set_placeholder(GTK_LIST_BOX(l), p);
    return add(g, name, l);
}

/* ---- errors at the fields ---- */

static const struct {
    const char *field, *widget;
} record_fields[] = {
    {"household_id", "household"}, {"kind", "kind"},           {"member_id", "member"},
    {"on_date", "date"},           {"status", "status"},       {"place", "place"},
    {"chronic", "chronic"},        {"cost_total_fen", "cost"}, {"cost_own_fen", "own"},
    {"renovation", "renovation"},  {"note", "note"},           {"resolved_on", "resolved_on"},
    {"resolution", "resolution"},  {"id", "entries"},
};
static const struct {
    const char *field, *widget;
} labour_fields[] = {
    {"household_id", "household"}, {"member_id", "worker"}, {"on_date", "ldate"},
    {"status", "lstatus"},         {"place", "lplace"},     {"work", "work"},
    {"training", "training"},      {"subsidy", "subsidy"},  {"note", "lnote"},
};

static void clear_marks(struct desk_guar *g)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, g->w);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (strcmp(k, "result") != 0 && strcmp(k, "lresult") != 0)
            gtk_widget_remove_css_class(GTK_WIDGET(v), "error");
}

static void result(struct desk_guar *g, const char *name, const char *text, int error)
{
    GtkWidget *l = W(g, name);
    gtk_label_set_text(GTK_LABEL(l), text);
    if (error)
        gtk_widget_add_css_class(l, "error");
    else
        gtk_widget_remove_css_class(l, "error");
}

struct marking {
    struct desk_guar *g;
    int labour;
    const char *result; /* the result label */
    GString *messages;
    GtkWidget *first;
};

/* Marks the widget of field and adds message to the result line. */
static void on_problem(const char *field, const char *message, void *user)
{
    struct marking *m = user;
    const char *name = NULL;
    if (m->labour) {
        for (size_t i = 0; i < G_N_ELEMENTS(labour_fields); i++)
            if (strcmp(labour_fields[i].field, field) == 0)
                name = labour_fields[i].widget;
    } else {
        for (size_t i = 0; i < G_N_ELEMENTS(record_fields); i++)
            if (strcmp(record_fields[i].field, field) == 0)
                name = record_fields[i].widget;
    }
    GtkWidget *w = name != NULL ? W(m->g, name) : NULL;
    if (w != NULL) {
        gtk_widget_add_css_class(w, "error");
        if (m->first == NULL) {
            m->first = w;
            gtk_widget_grab_focus(w);
        }
    }
    if (m->messages->len > 0)
        g_string_append(m->messages, "；");
    g_string_append(m->messages, message);
}

/* Shows the marked problems (or err's) on the result line. */
static void show_marks(struct marking *m, const struct zc_error *err)
{
    if (m->messages->len == 0 && err != NULL) {
        if (err->field[0] != '\0')
            on_problem(err->field, err->message, m);
        else
            g_string_append(m->messages, err->message);
    }
    result(m->g, m->result, m->messages->str, 1);
    g_string_free(m->messages, TRUE);
    m->messages = NULL;
}

/* ---- the members ---- */

/* Fills a member choice (dropdown name) from the list's members: for a schooling check only
 * those of compulsory school age on day (the form's date; today when it is not a date). */
static void fill_members(struct desk_guar *g, const char *name, GArray *ids, int schooling,
                         const char *day_text)
{
    int ok;
    int day = rules_date_days(day_text, &ok);
    if (!ok) {
        char today[11];
        desk_today(today);
        day = rules_date_days(today, &ok);
    }
    g_array_set_size(ids, 0);
    GtkStringList *names = gtk_string_list_new(NULL);
    for (size_t i = 0; g->list != NULL && i < g->list->n_members; i++) {
        const Zhucun__GuaranteeMember *m = g->list->members[i];
        int birth = rules_date_days(m->birth_date, &ok);
        if (schooling && !(ok && rules_compulsory_school_age(birth, day)))
            continue;
        char *t = g_strdup_printf("%s（%s）", m->name, m->birth_date);
        gtk_string_list_append(names, t);
        g_free(t);
        g_array_append_val(ids, m->id);
    }
    gtk_drop_down_set_model(GTK_DROP_DOWN(W(g, name)), G_LIST_MODEL(names));
    g_object_unref(names);
}

static int kind_index(struct desk_guar *g)
{
    guint k = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(g, "kind")));
    return k < G_N_ELEMENTS(kinds) ? (int)k : 0;
}

static void refill_record_members(struct desk_guar *g)
{
    int k = kind_index(g);
    int per_member = k <= 2;
    fill_members(g, "member", g->member_ids, k == 0, text_of(g, "date"));
    gtk_widget_set_sensitive(W(g, "member"), per_member);
    gtk_entry_set_placeholder_text(GTK_ENTRY(W(g, "status")), status_hints[k]);
}

static void on_kind_or_date(GObject *o, GParamSpec *pspec, gpointer user)
{
    (void)o;
    (void)pspec;
    refill_record_members(user);
}

static void on_date_changed(GtkEditable *e, gpointer user)
{
    (void)e;
    refill_record_members(user);
}

/* ---- the household's lists ---- */

static const char *area_name(const char *area)
{
    return strcmp(area, "education") == 0 ? _("Education")
           : strcmp(area, "medical") == 0 ? _("Medical")
           : strcmp(area, "housing") == 0 ? _("Housing")
           : strcmp(area, "water") == 0   ? _("Water")
                                          : area;
}

static void add_line(GtkWidget *list, const char *text, const char *css)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    if (css != NULL)
        gtk_widget_add_css_class(l, css);
    gtk_list_box_append(GTK_LIST_BOX(list), l);
}

static void on_entry_selected(GtkListBox *l, GtkListBoxRow *r, gpointer user);

static void show_list(struct desk_guar *g)
{
    GtkWidget *gaps = W(g, "gaps"), *entries = W(g, "entries");
    desk_list_clear(GTK_LIST_BOX(gaps));
    g_signal_handlers_block_by_func(entries, on_entry_selected, g);
    desk_list_clear(GTK_LIST_BOX(entries));
    g_signal_handlers_unblock_by_func(entries, on_entry_selected, g);
    g->selected = 0;
    gtk_widget_set_sensitive(W(g, "resolve"), FALSE);
    const Zhucun__GuaranteeListReply *l = g->list;
    char *s =
        l->n_gaps == 0
            ? g_strdup(_("Three guarantees and drinking water secured"))
            : g_strdup_printf(_("%zu gaps in the three guarantees and drinking water"), l->n_gaps);
    gtk_label_set_text(GTK_LABEL(W(g, "summary")), s);
    if (l->n_gaps > 0)
        gtk_widget_add_css_class(W(g, "summary"), "error");
    else
        gtk_widget_remove_css_class(W(g, "summary"), "error");
    g_free(s);
    for (size_t i = 0; i < l->n_gaps; i++) {
        char *t = g_strdup_printf("【%s】%s", area_name(l->gaps[i]->area), l->gaps[i]->what);
        add_line(gaps, t, "error");
        g_free(t);
    }
    for (size_t i = 0; i < l->n_entries; i++) {
        const Zhucun__GuaranteeEntry *e = l->entries[i];
        char *t = g_strdup_printf(
            "#%lld · %s · %s · %s %s%s%s", (long long)e->id, e->on_date, e->kind, e->status,
            e->member_name[0] ? e->member_name : (e->household_id ? "" : _("the village")),
            !e->problem              ? ""
            : e->resolved_on[0] != 0 ? _(" · resolved ")
                                     : _(" · open problem"),
            e->resolved_on);
        add_line(entries, t, e->problem && e->resolved_on[0] == 0 ? "error" : NULL);
        g_free(t);
    }
    refill_record_members(g);
    fill_members(g, "worker", g->worker_ids, 0, "");
}

static void on_entry_selected(GtkListBox *l, GtkListBoxRow *r, gpointer user)
{
    (void)l;
    struct desk_guar *g = user;
    g->selected = 0;
    if (r != NULL && g->list != NULL) {
        int i = gtk_list_box_row_get_index(r);
        const Zhucun__GuaranteeEntry *e =
            i >= 0 && (size_t)i < g->list->n_entries ? g->list->entries[i] : NULL;
        if (e != NULL && e->problem && e->resolved_on[0] == '\0')
            g->selected = e->id;
    }
    gtk_widget_set_sensitive(W(g, "resolve"), g->selected != 0);
}

static void labour_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_guar *g = user;
    GtkWidget *l = W(g, "labour");
    desk_list_clear(GTK_LIST_BOX(l));
    if (g->labour != NULL)
        zhucun__labour_list_reply__free_unpacked(g->labour, NULL);
    g->labour = NULL;
    if (err != NULL) {
        result(g, "lresult", err->message, 1);
        desk_changed(g->d, "labour-failed");
        return;
    }
    g->labour = (Zhucun__LabourListReply *)desk_message_copy(&reply->labour_list->base);
    for (size_t i = 0; i < g->labour->n_records; i++) {
        const Zhucun__LabourEntry *e = g->labour->records[i];
        char *t = g_strdup_printf(_("%s · %s · %s %s %s · training: %s · transport subsidy: %s"),
                                  e->on_date, e->member_name, e->status, e->place, e->work,
                                  e->training[0] ? e->training : "-", e->subsidy);
        add_line(l, t, NULL);
        g_free(t);
    }
    desk_changed(g->d, "labour");
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_guar *g = user;
    if (g->list != NULL)
        zhucun__guarantee_list_reply__free_unpacked(g->list, NULL);
    g->list = NULL;
    if (err != NULL) {
        struct marking m = {g, 0, "result", g_string_new(NULL), NULL};
        show_marks(&m, err);
        desk_changed(g->d, "guarantees-failed");
        return;
    }
    g->list = (Zhucun__GuaranteeListReply *)desk_message_copy(&reply->guarantee_list->base);
    show_list(g);
    Zhucun__LabourList ll = ZHUCUN__LABOUR_LIST__INIT;
    ll.household_id = g->household;
    desk_call(g->d, &ll.base, labour_done, g);
    desk_changed(g->d, "guarantees");
}

void desk_guar_open(struct desk_guar *g, int64_t household)
{
    g->household = household;
    if (household > 0) {
        char num[32];
        snprintf(num, sizeof(num), "%lld", (long long)household);
        if (strcmp(text_of(g, "household"), num) != 0)
            gtk_editable_set_text(GTK_EDITABLE(W(g, "household")), num);
    }
    clear_marks(g);
    result(g, "result", "", 0);
    Zhucun__GuaranteeList gl = ZHUCUN__GUARANTEE_LIST__INIT;
    gl.household_id = household;
    struct marking m = {g, 0, "result", g_string_new(NULL), NULL};
    if (desk_check(&gl.base, on_problem, &m) > 0) {
        show_marks(&m, NULL);
        desk_changed(g->d, "guarantees-invalid");
        return;
    }
    g_string_free(m.messages, TRUE);
    desk_call(g->d, &gl.base, list_done, g);
}

static void on_show(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_guar *g = user;
    char *end;
    const char *t = text_of(g, "household");
    long long id = g_ascii_strtoll(t, &end, 10);
    if (t[0] == '\0' || *end != '\0')
        id = 0; /* the library names the field */
    desk_guar_open(g, id);
}

/* ---- recording, resolving ---- */

static void write_done(Zhucun__Reply *reply, const struct zc_error *err, void *user,
                       const char *result_name, int labour, const char *saved, const char *event)
{
    (void)reply;
    struct desk_guar *g = user;
    g->sending = 0;
    if (err != NULL) {
        struct marking m = {g, labour, result_name, g_string_new(NULL), NULL};
        show_marks(&m, err);
        desk_changed(g->d, labour ? "labour-refused" : "guarantee-refused");
        return;
    }
    result(g, result_name, saved, 0);
    desk_status(g->d, saved, 0);
    desk_changed(g->d, event);
    desk_guar_open(g, g->household);
}

static void record_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    write_done(reply, err, user, "result", 0, _("Entry recorded"), "guarantee-saved");
}

static void resolve_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    write_done(reply, err, user, "result", 0, _("Problem resolved"), "guarantee-resolved");
}

static void labour_saved(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    write_done(reply, err, user, "lresult", 1, _("Labour record saved"), "labour-saved");
}

/* Yuan typed in entry name into fen; 0 and the field marked when it is not a number. */
static int fen_of(struct desk_guar *g, const char *name, int64_t *fen, struct marking *m,
                  const char *field)
{
    const char *t = text_of(g, name);
    char *end;
    double v = t[0] != '\0' ? g_ascii_strtod(t, &end) : 0;
    *fen = 0;
    if (t[0] != '\0' && (*end != '\0' || !(v >= 0) || v > 1e12)) {
        on_problem(field, _("Enter an amount in yuan, such as 1200.50"), m);
        return 0;
    }
    *fen = (int64_t)llround(v * 100.0);
    return 1;
}

static int64_t chosen(struct desk_guar *g, const char *name, GArray *ids)
{
    guint k = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(g, name)));
    return k < ids->len ? g_array_index(ids, int64_t, k) : 0;
}

/* Sends body after the library's verdict; 1 when sent, 0 when refused at a field. */
static int send_checked(struct desk_guar *g, const ProtobufCMessage *body, struct marking *m,
                        desk_reply_cb done)
{
    desk_check(body, on_problem, m);
    if (m->messages->len > 0) {
        show_marks(m, NULL);
        desk_changed(g->d, "guarantee-invalid");
        return 0;
    }
    g_string_free(m->messages, TRUE);
    g->sending = 1;
    result(g, m->result, _("Sending…"), 0);
    /* Keyed (client/lib): the one retry after a lost connection cannot write twice. */
    desk_call(g->d, body, done, g);
    return 1;
}

int desk_guar_record(struct desk_guar *g)
{
    if (g->sending)
        return 0;
    clear_marks(g);
    struct marking m = {g, 0, "result", g_string_new(NULL), NULL};
    int k = kind_index(g);
    Zhucun__GuaranteeRecord gr = ZHUCUN__GUARANTEE_RECORD__INIT;
    gr.household_id = g->household;
    gr.kind = (char *)kinds[k];
    gr.member_id = k <= 2 ? chosen(g, "member", g->member_ids) : 0;
    gr.on_date = (char *)text_of(g, "date");
    gr.status = (char *)text_of(g, "status");
    gr.place = (char *)text_of(g, "place");
    gr.delivered = gtk_check_button_get_active(GTK_CHECK_BUTTON(W(g, "delivered")));
    gr.chronic = (char *)text_of(g, "chronic");
    gr.renovation = (char *)text_of(g, "renovation");
    gr.note = (char *)text_of(g, "note");
    if (k == 2) {
        fen_of(g, "cost", &gr.cost_total_fen, &m, "cost_total_fen");
        fen_of(g, "own", &gr.cost_own_fen, &m, "cost_own_fen");
    }
    return send_checked(g, &gr.base, &m, record_done);
}

int desk_guar_resolve(struct desk_guar *g)
{
    if (g->sending || g->selected == 0)
        return 0;
    clear_marks(g);
    struct marking m = {g, 0, "result", g_string_new(NULL), NULL};
    Zhucun__GuaranteeResolve gr = ZHUCUN__GUARANTEE_RESOLVE__INIT;
    gr.id = g->selected;
    gr.resolved_on = (char *)text_of(g, "resolved_on");
    gr.resolution = (char *)text_of(g, "resolution");
    return send_checked(g, &gr.base, &m, resolve_done);
}

int desk_guar_labour(struct desk_guar *g)
{
    static const char *const subsidies[] = {"none", "applied", "paid"};
    if (g->sending)
        return 0;
    clear_marks(g);
    struct marking m = {g, 1, "lresult", g_string_new(NULL), NULL};
    Zhucun__LabourRecord lr = ZHUCUN__LABOUR_RECORD__INIT;
    lr.household_id = g->household;
    lr.member_id = chosen(g, "worker", g->worker_ids);
    lr.on_date = (char *)text_of(g, "ldate");
    lr.status = (char *)text_of(g, "lstatus");
    lr.place = (char *)text_of(g, "lplace");
    lr.work = (char *)text_of(g, "work");
    lr.training = (char *)text_of(g, "training");
    guint s = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(g, "subsidy")));
    lr.subsidy = (char *)subsidies[s < 3 ? s : 0];
    lr.note = (char *)text_of(g, "lnote");
    return send_checked(g, &lr.base, &m, labour_saved);
}

int desk_guar_select(struct desk_guar *g, int64_t entry)
{
    for (size_t i = 0; g->list != NULL && i < g->list->n_entries; i++) {
        if (g->list->entries[i]->id == entry) {
            GtkListBox *l = GTK_LIST_BOX(W(g, "entries"));
            gtk_list_box_select_row(l, gtk_list_box_get_row_at_index(l, (int)i));
            return g->selected == entry ? 0 : -1;
        }
    }
    return -1;
}

int desk_guar_gaps(struct desk_guar *g)
{
    return g->list != NULL ? (int)g->list->n_gaps : -1;
}

int desk_guar_entries(struct desk_guar *g)
{
    return g->list != NULL ? (int)g->list->n_entries : -1;
}

int desk_guar_labour_count(struct desk_guar *g)
{
    return g->labour != NULL ? (int)g->labour->n_records : -1;
}

int desk_guar_choose(struct desk_guar *g, const char *name, int64_t member)
{
    GArray *ids = strcmp(name, "worker") == 0 ? g->worker_ids : g->member_ids;
    for (guint i = 0; i < ids->len; i++) {
        if (g_array_index(ids, int64_t, i) == member) {
            gtk_drop_down_set_selected(GTK_DROP_DOWN(W(g, name)), i);
            return 0;
        }
    }
    return -1;
}

static void on_record(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_guar_record(user);
}

static void on_resolve(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_guar_resolve(user);
}

static void on_labour(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_guar_labour(user);
}

struct desk_guar *desk_guar_new(struct desk *d, GtkStack *stack, int writer)
{
    struct desk_guar *g = g_new0(struct desk_guar, 1);
    g->d = d;
    g->w = g_hash_table_new(g_str_hash, g_str_equal);
    g->member_ids = g_array_new(FALSE, TRUE, sizeof(int64_t));
    g->worker_ids = g_array_new(FALSE, TRUE, sizeof(int64_t));
    char today[11];
    desk_today(today);

    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(box, 12);
    gtk_widget_set_margin_end(box, 12);
    gtk_widget_set_margin_top(box, 12);
    gtk_widget_set_margin_bottom(box, 12);
    GtkWidget *show = add(g, "show", gtk_button_new_with_label(_("Show")));
    GtkWidget *top[] = {gtk_label_new(_("Household no.")),
                        entry(g, "household", _("Household id"), 12), show};
    gtk_box_append(GTK_BOX(box), row(top, G_N_ELEMENTS(top)));
    gtk_box_append(GTK_BOX(box), label(g, "summary", "heading"));
    gtk_box_append(GTK_BOX(box), list(g, "gaps", _("No gap")));
    gtk_box_append(GTK_BOX(box), heading(_("Entries")));
    gtk_box_append(GTK_BOX(box), list(g, "entries", _("No entry yet")));
    GtkWidget *resolve = add(g, "resolve", gtk_button_new_with_label(_("Resolve")));
    GtkWidget *res[] = {entry(g, "resolved_on", _("Resolved on YYYY-MM-DD"), 14),
                        entry(g, "resolution", _("How it was resolved"), 30), resolve};
    gtk_editable_set_text(GTK_EDITABLE(W(g, "resolved_on")), today);
    gtk_box_append(GTK_BOX(box), row(res, G_N_ELEMENTS(res)));

    gtk_box_append(GTK_BOX(box), heading(_("Record a check or a problem")));
    GtkStringList *kn = gtk_string_list_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(kind_names); i++)
        gtk_string_list_append(kn, _(kind_names[i]));
    GtkWidget *kind = add(g, "kind", gtk_drop_down_new(G_LIST_MODEL(kn), NULL));
    GtkWidget *member = add(g, "member", gtk_drop_down_new(NULL, NULL));
    GtkWidget *f1[] = {kind, member, entry(g, "date", _("Date YYYY-MM-DD"), 12),
                       entry(g, "status", "", 28)};
    gtk_editable_set_text(GTK_EDITABLE(W(g, "date")), today);
    gtk_box_append(GTK_BOX(box), row(f1, G_N_ELEMENTS(f1)));
    GtkWidget *f2[] = {entry(g, "place", _("School or hospital"), 16),
                       add(g, "delivered",
                           gtk_check_button_new_with_label(_("Home schooling "
                                                             "delivered"))),
                       entry(g, "chronic", "none / covered / not_covered", 18),
                       entry(g, "cost", _("Cost (yuan)"), 10),
                       entry(g, "own", _("Out of pocket (yuan)"), 10)};
    gtk_box_append(GTK_BOX(box), row(f2, G_N_ELEMENTS(f2)));
    GtkWidget *record = add(g, "record", gtk_button_new_with_label(_("Record")));
    GtkWidget *f3[] = {entry(g, "renovation", "none / in_progress / finished", 18),
                       entry(g, "note", _("Note"), 24), record};
    gtk_box_append(GTK_BOX(box), row(f3, G_N_ELEMENTS(f3)));
    gtk_box_append(GTK_BOX(box), label(g, "result", NULL));

    gtk_box_append(GTK_BOX(box), heading(_("Labour ledger")));
    gtk_box_append(GTK_BOX(box), list(g, "labour", _("No labour record")));
    GtkWidget *worker = add(g, "worker", gtk_drop_down_new(NULL, NULL));
    const char *const sub[] = {N_("No transport subsidy"), N_("Subsidy applied"),
                               N_("Subsidy paid"), NULL};
    GtkStringList *sl = gtk_string_list_new(NULL);
    for (int i = 0; sub[i] != NULL; i++)
        gtk_string_list_append(sl, _(sub[i]));
    GtkWidget *subsidy = add(g, "subsidy", gtk_drop_down_new(G_LIST_MODEL(sl), NULL));
    GtkWidget *l1[] = {worker, entry(g, "ldate", _("Date YYYY-MM-DD"), 12),
                       entry(g, "lstatus",
                             "local / in_province / out_of_province / self_employed / not_working",
                             30),
                       subsidy};
    gtk_editable_set_text(GTK_EDITABLE(W(g, "ldate")), today);
    gtk_box_append(GTK_BOX(box), row(l1, G_N_ELEMENTS(l1)));
    GtkWidget *save = add(g, "labour_record", gtk_button_new_with_label(_("Save labour record")));
    GtkWidget *l2[] = {entry(g, "lplace", _("Place"), 12), entry(g, "work", _("Kind of work"), 12),
                       entry(g, "training", _("Skills training"), 12),
                       entry(g, "lnote", _("Note"), 16), save};
    gtk_box_append(GTK_BOX(box), row(l2, G_N_ELEMENTS(l2)));
    gtk_box_append(GTK_BOX(box), label(g, "lresult", NULL));
    if (!writer) {
        const char *const writes[] = {"record", "resolve", "labour_record"};
        for (size_t i = 0; i < G_N_ELEMENTS(writes); i++)
            gtk_widget_set_visible(W(g, writes[i]), FALSE);
    }

    g->page = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(g->page), box);
    gtk_stack_add_titled(stack, g->page, "guarantees", _("Guarantees"));
    g_signal_connect(show, "clicked", G_CALLBACK(on_show), g);
    g_signal_connect(W(g, "household"), "activate", G_CALLBACK(on_show), g);
    g_signal_connect(W(g, "entries"), "row-selected", G_CALLBACK(on_entry_selected), g);
    g_signal_connect(resolve, "clicked", G_CALLBACK(on_resolve), g);
    g_signal_connect(record, "clicked", G_CALLBACK(on_record), g);
    g_signal_connect(save, "clicked", G_CALLBACK(on_labour), g);
    g_signal_connect(kind, "notify::selected", G_CALLBACK(on_kind_or_date), g);
    g_signal_connect(W(g, "date"), "changed", G_CALLBACK(on_date_changed), g);
    gtk_widget_set_sensitive(resolve, FALSE);
    refill_record_members(g);
    return g;
}

void desk_guar_free(struct desk_guar *g)
{
    if (g == NULL)
        return;
    /* The window outlives this: its widgets must not call back into it while it goes. */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, g->w);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_signal_handlers_disconnect_by_data(v, g);
    if (g->list != NULL)
        zhucun__guarantee_list_reply__free_unpacked(g->list, NULL);
    if (g->labour != NULL)
        zhucun__labour_list_reply__free_unpacked(g->labour, NULL);
    g_array_unref(g->member_ids);
    g_array_unref(g->worker_ids);
    g_hash_table_unref(g->w);
    g_free(g);
}
