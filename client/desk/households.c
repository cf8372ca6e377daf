/* households.c -- the households of a village (or of the caller's whole scope) with search and
 * filters (HouseholdList: village code, category, presence, head's name; paged with after),
 * and one household opened (HouseholdShow) in the detail pane: its fields, its category
 * history and its members, and for the roles that write households its changes under them
 * (daily_household.c). */
#include "desk.h"

#include "attach.h"
#include "common/rules/idcard.h"

#include <string.h>

static const char *const categories[] = {"", "poverty_alleviated", "monitored", "ordinary"};

struct desk_hlist {
    struct desk *d;
    GtkListBox *list;
    int count;
    int64_t last_id; /* for "more" */
    int busy;
    struct desk_income *income; /* the opened household's monthly income sums (income.c) */
    GtkWidget *attach;          /* the opened household's evidence files (attach.c) */
    GtkWidget *stamp;           /* "offline · updated …" when showing the cached lists */
    struct desk_hhedit *edit;   /* its changes, for the roles that write (daily_household.c) */
    int64_t shown;              /* the household opened, 0 none */
};

static GtkWidget *W(struct desk_hlist *l, const char *id)
{
    return GTK_WIDGET(desk_object(l->d, "main", id));
}

const char *desk_category_text(const char *c)
{
    return strcmp(c, "poverty_alleviated") == 0 ? _("Poverty-alleviated")
           : strcmp(c, "monitored") == 0        ? _("Monitored")
           : strcmp(c, "ordinary") == 0         ? _("Ordinary")
                                                : c;
}

static const char *code_zh(const char *r)
{
    static const struct {
        const char *code, *text;
    } t[] = {
        {"head", N_("Head")},
        {"spouse", N_("Spouse")},
        {"child", N_("Child")},
        {"parent", N_("Parent")},
        {"grandchild", N_("Grandchild")},
        {"grandparent", N_("Grandparent")},
        {"sibling", N_("Sibling")},
        {"in_law", N_("In-law")},
        {"other", N_("Other")},
        {"full", N_("Full labour")},
        {"partial", N_("Partial labour")},
        {"none", N_("No labour")},
        {"minor", N_("Minor")},
        {"healthy", N_("Healthy")},
        {"chronic", N_("Chronic illness")},
        {"serious", N_("Serious illness")},
        {"disabled", N_("Disabled")},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        if (strcmp(t[i].code, r) == 0)
            return _(t[i].text);
    return r;
}

static void clear_detail(struct desk_hlist *l)
{
    gtk_widget_set_visible(W(l, "hl_detail_empty"), TRUE);
    gtk_widget_set_visible(W(l, "hl_detail_title"), FALSE);
    gtk_widget_set_visible(W(l, "hl_detail_info"), FALSE);
    gtk_widget_set_visible(W(l, "hl_members_grid"), FALSE);
    desk_income_hide(l->income);
    desk_hhedit_hide(l->edit);
    l->shown = 0;
    if (l->attach != NULL)
        desk_attach_strip_set_record(l->attach, 0);
}

static void update_count(struct desk_hlist *l, int more)
{
    char *t = more ? g_strdup_printf(_("%d households shown (more to load)"), l->count)
                   : g_strdup_printf(_("%d households"), l->count);
    gtk_label_set_text(GTK_LABEL(W(l, "hl_count")), t);
    g_free(t);
    gtk_widget_set_visible(W(l, "hl_more"), more);
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_hlist *l = user;
    l->busy = 0;
    gtk_widget_set_sensitive(W(l, "hl_search"), TRUE);
    if (err != NULL) {
        desk_status(l->d, err->message, 1);
        desk_changed(l->d, "households-failed");
        return;
    }
    const Zhucun__HouseholdListReply *r = reply->household_list;
    for (size_t i = 0; i < r->n_households; i++) {
        const Zhucun__Household *hh = r->households[i];
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class(box, "queue-row");
        GtkWidget *t = gtk_label_new(hh->head_name);
        gtk_label_set_xalign(GTK_LABEL(t), 0);
        gtk_widget_add_css_class(t, "heading");
        char *line =
            g_strdup_printf(_("No. %lld · %s %s · %s%s · %u members"), (long long)hh->id,
                            hh->village_name, hh->village_code, desk_category_text(hh->category),
                            hh->absent ? _(" · away") : "", hh->member_count);
        GtkWidget *s = gtk_label_new(line);
        gtk_label_set_xalign(GTK_LABEL(s), 0);
        gtk_widget_add_css_class(s, "dim-label");
        g_free(line);
        gtk_box_append(GTK_BOX(box), t);
        gtk_box_append(GTK_BOX(box), s);
        GtkWidget *row = gtk_list_box_row_new();
        gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
        g_object_set_data_full(G_OBJECT(row), "id", g_memdup2(&hh->id, sizeof(hh->id)), g_free);
        gtk_list_box_append(l->list, row);
        l->last_id = hh->id;
        l->count++;
    }
    update_count(l, r->truncated);
    desk_village_used(l->d, gtk_editable_get_text(GTK_EDITABLE(W(l, "hl_village"))));
    desk_changed(l->d, "households");
}

static void fetch(struct desk_hlist *l, int64_t after)
{
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = (char *)gtk_editable_get_text(GTK_EDITABLE(W(l, "hl_village")));
    guint c = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(l, "hl_category")));
    hl.category = (char *)(c < G_N_ELEMENTS(categories) ? categories[c] : "");
    guint p = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(l, "hl_presence")));
    hl.presence = p <= 2 ? p : 0;
    /* the search box: a head's or a member's name, or a full ID number (its hash; audited) */
    const char *text = gtk_editable_get_text(GTK_EDITABLE(W(l, "hl_query")));
    char id[IDCARD_LEN + 1];
    if (rules_idcard_search(text, id))
        hl.id_number = id;
    else
        hl.query = (char *)text;
    hl.after = after;
    hl.limit = 100;
    l->busy = 1;
    gtk_widget_set_sensitive(W(l, "hl_search"), FALSE);
    desk_call_cached(l->d, &hl.base, list_done, l, l->stamp);
}

void desk_hlist_search(struct desk_hlist *l)
{
    if (l->busy)
        return;
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(l->list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(l->list, 0))
        gtk_list_box_remove(l->list, GTK_WIDGET(row));
    l->count = 0;
    l->last_id = 0;
    clear_detail(l);
    fetch(l, 0);
}

int desk_hlist_count(struct desk_hlist *l)
{
    return l->count;
}

/* ---- one household ---- */

static void grid_cell(GtkGrid *g, int col, int row, const char *text, int head)
{
    GtkWidget *c = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(c), 0);
    gtk_label_set_selectable(GTK_LABEL(c), TRUE);
    if (head)
        gtk_widget_add_css_class(c, "heading");
    gtk_grid_attach(g, c, col, row, 1, 1);
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_hlist *l = user;
    if (err != NULL) {
        desk_status(l->d, err->message, 1);
        desk_changed(l->d, "household-show-failed");
        return;
    }
    const Zhucun__Household *hh = reply->household;
    gtk_widget_set_visible(W(l, "hl_detail_empty"), FALSE);
    char *title = g_strdup_printf(_("%s's household (No. %lld)"), hh->head_name, (long long)hh->id);
    gtk_label_set_text(GTK_LABEL(W(l, "hl_detail_title")), title);
    g_free(title);
    GString *info = g_string_new(NULL);
    g_string_append_printf(info, _("Village: %s (%s)\n"), hh->village_name, hh->village_code);
    g_string_append_printf(info, _("Category: %s; %s\n"), desk_category_text(hh->category),
                           hh->absent ? _("away from the village") : _("in the village"));
    g_string_append_printf(info, _("Phone: %s\nAddress: %s\nOn the register since %s"), hh->phone,
                           hh->address, hh->since);
    for (size_t i = 0; i < hh->n_history; i++)
        g_string_append_printf(info, _("\nFrom %s: %s, %s%s%s"), hh->history[i]->valid_from,
                               desk_category_text(hh->history[i]->category),
                               hh->history[i]->absent ? _("away") : _("in the village"),
                               hh->history[i]->note[0] ? " · " : "", hh->history[i]->note);
    gtk_label_set_text(GTK_LABEL(W(l, "hl_detail_info")), info->str);
    g_string_free(info, TRUE);

    GtkGrid *g = GTK_GRID(W(l, "hl_members_grid"));
    for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(g)); c != NULL;
         c = gtk_widget_get_first_child(GTK_WIDGET(g)))
        gtk_grid_remove(g, c);
    const char *heads[] = {N_("Name"),   N_("Relation"), N_("ID number"), N_("Born"),
                           N_("Labour"), N_("Health"),   N_("Phone")};
    for (int c = 0; c < 7; c++)
        grid_cell(g, c, 0, _(heads[c]), 1);
    for (size_t i = 0; i < hh->n_members; i++) {
        const Zhucun__HouseholdMember *m = hh->members[i];
        char *name = m->left_on[0] ? g_strdup_printf(_("%s (left %s)"), m->name, m->left_on)
                                   : g_strdup(m->name);
        const char *cells[] = {name,          code_zh(m->relation), m->id_number,
                               m->birth_date, code_zh(m->labour),   code_zh(m->health),
                               m->phone};
        for (int c = 0; c < 7; c++)
            grid_cell(g, c, (int)i + 1, cells[c], 0);
        g_free(name);
    }
    gtk_widget_set_visible(W(l, "hl_detail_title"), TRUE);
    gtk_widget_set_visible(W(l, "hl_detail_info"), TRUE);
    gtk_widget_set_visible(GTK_WIDGET(g), TRUE);
    desk_income_open(l->income, hh->id, hh->head_name, hh->category);
    desk_attach_strip_set_record(l->attach, hh->id);
    l->shown = hh->id;
    desk_hhedit_open(l->edit, hh);
    desk_changed(l->d, "household-shown");
}

static void show(struct desk_hlist *l, int64_t id)
{
    Zhucun__HouseholdShow hs = ZHUCUN__HOUSEHOLD_SHOW__INIT;
    hs.id = id;
    desk_call_cached(l->d, &hs.base, show_done, l, l->stamp);
}

void desk_hlist_open(struct desk_hlist *l, int i)
{
    GtkListBoxRow *row = gtk_list_box_get_row_at_index(l->list, i);
    int64_t *id = row != NULL ? g_object_get_data(G_OBJECT(row), "id") : NULL;
    if (id == NULL)
        return;
    gtk_list_box_select_row(l->list, row);
    show(l, *id);
}

/* The household shown, read again after a change (daily_household.c). */
static void reopen(void *user)
{
    struct desk_hlist *l = user;
    if (l->shown > 0)
        show(l, l->shown);
}

static void on_row_activated(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    desk_hlist_open(user, gtk_list_box_row_get_index(row));
}

static void on_search(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_hlist_search(user);
}

static void on_more(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_hlist *l = user;
    if (!l->busy)
        fetch(l, l->last_id);
}

struct desk_hlist *desk_hlist_new(struct desk *d)
{
    struct desk_hlist *l = g_new0(struct desk_hlist, 1);
    l->d = d;
    l->list = GTK_LIST_BOX(W(l, "hl_list"));
    GtkWidget *empty = gtk_label_new(_("Choose filters and press Search"));
    gtk_widget_add_css_class(empty, "dim-label");
    gtk_list_box_set_placeholder(l->list, empty);
    g_signal_connect(l->list, "row-activated", G_CALLBACK(on_row_activated), l);
    g_signal_connect(W(l, "hl_search"), "clicked", G_CALLBACK(on_search), l);
    /* the search box and the filters under it, one form */
    desk_form_keys(gtk_widget_get_parent(gtk_widget_get_parent(W(l, "hl_search"))),
                   W(l, "hl_query"), W(l, "hl_search"));
    g_signal_connect(W(l, "hl_more"), "clicked", G_CALLBACK(on_more), l);
    l->edit = desk_hhedit_new(d, reopen, l);
    clear_detail(l);
    update_count(l, 0);
    gtk_label_set_text(GTK_LABEL(W(l, "hl_count")), "");
    l->stamp = desk_cache_stamp_new(W(l, "hl_count"));
    l->income = desk_income_new(d, gtk_widget_get_parent(W(l, "hl_members_grid")));
    l->attach = desk_attach_strip_new(d, "household", 0);
    /* right under the members, above the income sums */
    gtk_box_insert_child_after(GTK_BOX(gtk_widget_get_parent(W(l, "hl_members_grid"))), l->attach,
                               W(l, "hl_members_grid"));
    if (l->edit != NULL) /* the changes right under the members */
        gtk_box_insert_child_after(GTK_BOX(gtk_widget_get_parent(W(l, "hl_members_grid"))),
                                   desk_hhedit_box(l->edit), W(l, "hl_members_grid"));
    return l;
}

struct desk_income *desk_hlist_income(struct desk_hlist *l)
{
    return l != NULL ? l->income : NULL;
}

GtkWidget *desk_hlist_attach(struct desk_hlist *l)
{
    return l != NULL ? l->attach : NULL;
}

struct desk_hhedit *desk_hlist_edit(struct desk_hlist *l)
{
    return l != NULL ? l->edit : NULL;
}

void desk_hlist_free(struct desk_hlist *l)
{
    if (l != NULL) {
        desk_income_free(l->income);
        desk_hhedit_free(l->edit);
    }
    g_free(l);
}
