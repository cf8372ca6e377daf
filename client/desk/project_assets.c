/* project_assets.c -- the assets of projects at the desk (docs/assets.md).
 *
 * desk_project_assets_new makes a widget with the assets of one project (AssetList by
 * project), a click showing an asset with its upkeep and income (AssetShow), the registration
 * form (AssetSet; sent only while the project is at accepted or later), the upkeep form
 * (AssetMaintain) and the income form (AssetIncome, the shares typed as the CLI takes them)
 * for the asset shown. The integrator puts it on the project page as a tab and tells it the
 * project with desk_project_assets_set.
 *
 * desk_assets_new adds the page "资产管理" ("assets") to the main window's stack: the same
 * widget over the caller's whole scope (due upkeep first), and a village's public-welfare
 * posts (WelfarePostList).
 *
 * Changed events (tests): "assets-list", "assets-show", "assets-written", "assets-refused",
 * "assets-posts", "assets-failed". */
#include "desk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/asset.h"
#include "common/rules/date.h"

struct assets_view {
    struct desk *d;
    GtkWidget *box;
    int64_t project; /* 0: the caller's scope */
    int accepted;    /* the project may have assets (accepted or later) */
    GtkListBox *list;
    GArray *ids; /* the listed assets' ids, in the list's order */
    int64_t shown;
    GtkLabel *detail, *message;
    GtkWidget *reg[11]; /* the registration form's entries, in reg_names' order */
    GtkWidget *reg_button;
    GtkWidget *work, *cost, *done_by, *condition, *maintain_button;
    GtkWidget *period, *amount, *shares, *income_button;
    size_t listed, due;
};

static const char *const reg_names[] = {"village_code",  "category",      "name",
                                        "value_fen",     "custodian",     "custodian_person",
                                        "address",       "upkeep_by",     "upkeep_funding",
                                        "registered_on", "certificate_no"};
static const char *const reg_hints[] = {
    N_("village code"),  N_("category"),          N_("asset name"),
    N_("value (yuan)"),  N_("custodian"),         N_("responsible person"),
    N_("place"),         N_("upkeep by"),         N_("upkeep funding"),
    N_("registered on"), N_("certificate number")};

static void message(struct assets_view *v, const char *text, int error)
{
    gtk_label_set_text(v->message, text);
    if (error)
        gtk_widget_add_css_class(GTK_WIDGET(v->message), "error");
    else
        gtk_widget_remove_css_class(GTK_WIDGET(v->message), "error");
}

static void refused(struct assets_view *v, const struct zc_error *err, const char *event)
{
    char *t = err->field[0] ? g_strdup_printf("%s（%s）", err->message, err->field)
                            : g_strdup(err->message);
    message(v, t, 1);
    g_free(t);
    desk_changed(v->d, event);
}

static const char *text(GtkWidget *e)
{
    return gtk_editable_get_text(GTK_EDITABLE(e));
}

/* yuan typed as "1234.5" into fen; -1 when it is not a number. */
static int64_t fen_of(const char *s)
{
    char *end;
    double y = g_ascii_strtod(s, &end);
    if (end == s || *end != '\0' || y < 0)
        return -1;
    return (int64_t)llround(y * 100.0);
}

/* ---- the list ---- */

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct assets_view *v = user;
    if (err != NULL) {
        refused(v, err, "assets-failed");
        return;
    }
    const Zhucun__AssetListReply *l = reply->asset_list;
    for (GtkListBoxRow *r; (r = gtk_list_box_get_row_at_index(v->list, 0)) != NULL;)
        gtk_list_box_remove(v->list, GTK_WIDGET(r));
    g_array_set_size(v->ids, 0);
    v->due = 0;
    for (size_t i = 0; i < l->n_assets; i++) {
        const Zhucun__Asset *a = l->assets[i];
        char *t = g_strdup_printf(_("#%lld %s · %s · %.2f yuan · %s%s"), (long long)a->id, a->name,
                                  a->village_code, (double)a->value_fen / 100.0,
                                  a->last_upkeep[0] != '\0' ? a->last_upkeep : _("no upkeep yet"),
                                  a->due ? _(" · upkeep due") : "");
        GtkWidget *row = gtk_label_new(t);
        g_free(t);
        gtk_label_set_xalign(GTK_LABEL(row), 0);
        if (a->due) {
            gtk_widget_add_css_class(row, "error");
            v->due++;
        }
        gtk_list_box_append(v->list, row);
        g_array_append_val(v->ids, a->id);
    }
    v->listed = l->n_assets;
    char *t = g_strdup_printf(_("%zu assets, %zu due for upkeep (more than %u months)."),
                              l->n_assets, v->due, l->upkeep_months);
    message(v, t, 0);
    g_free(t);
    desk_changed(v->d, "assets-list");
}

static void refresh(struct assets_view *v)
{
    Zhucun__AssetList l = ZHUCUN__ASSET_LIST__INIT;
    l.org_code = "";
    l.project_id = v->project;
    desk_call(v->d, &l.base, list_done, v);
}

/* ---- one asset ---- */

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct assets_view *v = user;
    if (err != NULL) {
        refused(v, err, "assets-failed");
        return;
    }
    const Zhucun__AssetShowReply *s = reply->asset_show;
    const Zhucun__Asset *a = s->asset;
    GString *g = g_string_new(NULL);
    g_string_append_printf(g, _("#%lld %s, project #%lld %s\n"), (long long)a->id, a->name,
                           (long long)a->project_id, a->project_name);
    g_string_append_printf(g, _("Custodian %s (%s); registered %s %s; handed over %s %s\n"),
                           a->custodian, a->custodian_person,
                           a->registered_on[0] ? a->registered_on : "-", a->certificate_no,
                           a->handed_over_on[0] ? a->handed_over_on : "-", a->handed_over_to);
    for (size_t i = 0; i < s->n_upkeep; i++)
        g_string_append_printf(g, _("Upkeep %s: %s, %.2f yuan, %s\n"), s->upkeep[i]->on_date,
                               s->upkeep[i]->work, (double)s->upkeep[i]->cost_fen / 100.0,
                               s->upkeep[i]->done_by);
    for (size_t i = 0; i < s->n_incomes; i++)
        g_string_append_printf(g, _("Income %s: %.2f yuan in %zu shares\n"), s->incomes[i]->period,
                               (double)s->incomes[i]->amount_fen / 100.0, s->incomes[i]->n_shares);
    gtk_label_set_text(v->detail, g->str);
    g_string_free(g, TRUE);
    v->shown = a->id;
    gtk_widget_set_sensitive(v->maintain_button, TRUE);
    gtk_widget_set_sensitive(v->income_button, strcmp(a->category, "operational") == 0);
    desk_changed(v->d, "assets-show");
}

static void show(struct assets_view *v, int64_t id)
{
    Zhucun__AssetShow s = ZHUCUN__ASSET_SHOW__INIT;
    s.id = id;
    desk_call(v->d, &s.base, show_done, v);
}

static void on_row(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    struct assets_view *v = user;
    int i = gtk_list_box_row_get_index(row);
    if (i >= 0 && (guint)i < v->ids->len)
        show(v, g_array_index(v->ids, int64_t, i));
}

/* ---- the forms ---- */

static void written(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct assets_view *v = user;
    if (err != NULL) {
        refused(v, err, "assets-refused");
        return;
    }
    char *t = g_strdup_printf(_("Recorded #%lld."), (long long)reply->asset_write->id);
    message(v, t, 0);
    g_free(t);
    desk_changed(v->d, "assets-written");
    refresh(v);
    if (v->shown > 0)
        show(v, v->shown);
}

static void on_register(GtkWidget *w, gpointer user)
{
    (void)w;
    struct assets_view *v = user;
    Zhucun__AssetSet a = ZHUCUN__ASSET_SET__INIT;
    a.project_id = v->project;
    a.village_code = (char *)text(v->reg[0]);
    a.category = (char *)text(v->reg[1]);
    a.name = (char *)text(v->reg[2]);
    a.value_fen = fen_of(text(v->reg[3]));
    a.custodian = (char *)text(v->reg[4]);
    a.custodian_person = (char *)text(v->reg[5]);
    a.address = (char *)text(v->reg[6]);
    a.upkeep_by = (char *)text(v->reg[7]);
    a.upkeep_funding = (char *)text(v->reg[8]);
    a.registered_on = (char *)text(v->reg[9]);
    a.certificate_no = (char *)text(v->reg[10]);
    a.handed_over_on = "";
    a.handed_over_to = "";
    desk_call(v->d, &a.base, written, v);
}

static void on_maintain(GtkWidget *w, gpointer user)
{
    (void)w;
    struct assets_view *v = user;
    char day[11];
    rules_date_format(zc_clock_today(), day);
    Zhucun__AssetMaintain m = ZHUCUN__ASSET_MAINTAIN__INIT;
    m.asset_id = v->shown;
    m.on_date = day;
    m.work = (char *)text(v->work);
    m.cost_fen = fen_of(text(v->cost));
    m.done_by = (char *)text(v->done_by);
    m.condition = (char *)text(v->condition);
    desk_call(v->d, &m.base, written, v);
}

/* The shares typed as the CLI takes them, "collective=500 household:12=300", into sv/sp. */
static size_t parse_shares(Zhucun__AssetShare *sv, Zhucun__AssetShare **sp, char **words,
                           size_t cap)
{
    size_t n = 0;
    for (char **w = words; *w != NULL && n < cap; w++) {
        if ((*w)[0] == '\0')
            continue;
        zhucun__asset_share__init(&sv[n]);
        char *eq = strchr(*w, '='), *colon = strchr(*w, ':');
        if (eq != NULL)
            *eq = '\0';
        if (colon != NULL && (eq == NULL || colon < eq)) {
            *colon = '\0';
            sv[n].id = g_ascii_strtoll(colon + 1, NULL, 10);
        }
        sv[n].kind = *w;
        sv[n].amount_fen = eq != NULL ? fen_of(eq + 1) : -1;
        sp[n] = &sv[n];
        n++;
    }
    return n;
}

static void on_income(GtkWidget *w, gpointer user)
{
    (void)w;
    struct assets_view *v = user;
    char day[11];
    rules_date_format(zc_clock_today(), day);
    char **words = g_strsplit_set(text(v->shares), " ,;", -1);
    Zhucun__AssetShare sv[32], *sp[32];
    Zhucun__AssetIncome in = ZHUCUN__ASSET_INCOME__INIT;
    in.asset_id = v->shown;
    in.period = (char *)text(v->period);
    in.amount_fen = fen_of(text(v->amount));
    in.received_on = day;
    in.note = "";
    in.n_shares = parse_shares(sv, sp, words, G_N_ELEMENTS(sv));
    in.shares = sp;
    desk_call(v->d, &in.base, written, v);
    g_strfreev(words);
}

/* ---- the widget ---- */

static GtkWidget *entry(const char *name, const char *hint, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_widget_set_name(e, name);
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), hint);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    return e;
}

static GtkWidget *button(const char *label, GCallback cb, struct assets_view *v)
{
    GtkWidget *b = gtk_button_new_with_label(label);
    g_signal_connect(b, "clicked", cb, v);
    return b;
}

static GtkWidget *titled(const char *title, GtkWidget *child)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *l = gtk_label_new(title);
    gtk_widget_add_css_class(l, "heading");
    gtk_box_append(GTK_BOX(box), l);
    gtk_box_append(GTK_BOX(box), child);
    return box;
}

static void view_free(gpointer p)
{
    struct assets_view *v = p;
    g_array_unref(v->ids);
    g_free(v);
}

GtkWidget *desk_project_assets_new(struct desk *d)
{
    struct assets_view *v = g_new0(struct assets_view, 1);
    v->d = d;
    v->ids = g_array_new(FALSE, TRUE, sizeof(int64_t));
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    v->box = box;
    g_object_set_data_full(G_OBJECT(box), "assets-view", v, view_free);
    v->message = GTK_LABEL(gtk_label_new(""));
    gtk_label_set_xalign(v->message, 0);
    gtk_box_append(GTK_BOX(box), GTK_WIDGET(v->message));
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_widget_set_vexpand(scroll, TRUE);
    gtk_widget_set_size_request(scroll, -1, 160);
    v->list = GTK_LIST_BOX(gtk_list_box_new());
    gtk_widget_set_name(GTK_WIDGET(v->list), "assets_list");
    g_signal_connect(v->list, "row-activated", G_CALLBACK(on_row), v);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), GTK_WIDGET(v->list));
    gtk_box_append(GTK_BOX(box), scroll);
    v->detail = GTK_LABEL(gtk_label_new(_("Click an asset to see its upkeep and income.")));
    gtk_label_set_xalign(v->detail, 0);
    gtk_label_set_wrap(v->detail, TRUE);
    gtk_box_append(GTK_BOX(box), GTK_WIDGET(v->detail));
    /* registration: two rows of entries, the button at the end */
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 6);
    for (size_t i = 0; i < G_N_ELEMENTS(reg_names); i++) {
        v->reg[i] = entry(reg_names[i], _(reg_hints[i]), 12);
        gtk_grid_attach(GTK_GRID(grid), v->reg[i], (int)(i % 6), (int)(i / 6), 1, 1);
    }
    gtk_editable_set_text(GTK_EDITABLE(v->reg[1]), "public_welfare");
    v->reg_button = button(_("Register asset"), G_CALLBACK(on_register), v);
    gtk_grid_attach(GTK_GRID(grid), v->reg_button, 5, 1, 1, 1);
    gtk_widget_set_sensitive(v->reg_button, FALSE);
    gtk_box_append(GTK_BOX(box), titled(_("Register"), grid));
    /* upkeep */
    v->work = entry("asset_work", _("work done"), 20);
    v->cost = entry("asset_cost", _("cost (yuan)"), 8);
    v->done_by = entry("asset_done_by", _("done by"), 10);
    v->condition = entry("asset_condition", _("condition"), 10);
    gtk_editable_set_text(GTK_EDITABLE(v->condition), "good");
    v->maintain_button = button(_("Record upkeep"), G_CALLBACK(on_maintain), v);
    gtk_widget_set_sensitive(v->maintain_button, FALSE);
    GtkWidget *up = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_box_append(GTK_BOX(up), v->work);
    gtk_box_append(GTK_BOX(up), v->cost);
    gtk_box_append(GTK_BOX(up), v->done_by);
    gtk_box_append(GTK_BOX(up), v->condition);
    gtk_box_append(GTK_BOX(up), v->maintain_button);
    gtk_box_append(GTK_BOX(box), titled(_("Upkeep"), up));
    /* income */
    v->period = entry("asset_period", _("YYYY or YYYY-MM"), 8);
    v->amount = entry("asset_amount", _("amount (yuan)"), 10);
    v->shares = entry("asset_shares", _("collective=yuan household:id=yuan post:id=yuan"), 30);
    v->income_button = button(_("Record income"), G_CALLBACK(on_income), v);
    gtk_widget_set_sensitive(v->income_button, FALSE);
    GtkWidget *inc = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_box_append(GTK_BOX(inc), v->period);
    gtk_box_append(GTK_BOX(inc), v->amount);
    gtk_box_append(GTK_BOX(inc), v->shares);
    gtk_box_append(GTK_BOX(inc), v->income_button);
    gtk_box_append(GTK_BOX(box), titled(_("Income"), inc));
    return box;
}

static struct assets_view *view_of(GtkWidget *w)
{
    return g_object_get_data(G_OBJECT(w), "assets-view");
}

void desk_project_assets_set(GtkWidget *w, int64_t project_id, const char *status)
{
    struct assets_view *v = view_of(w);
    v->project = project_id;
    static const char *const later[] = {"accepted", "registered", "handed_over", "maintenance"};
    v->accepted = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(later) && status != NULL; i++)
        v->accepted |= strcmp(status, later[i]) == 0;
    gtk_widget_set_sensitive(v->reg_button, project_id > 0 && v->accepted);
    v->shown = 0;
    gtk_widget_set_sensitive(v->maintain_button, FALSE);
    gtk_widget_set_sensitive(v->income_button, FALSE);
    refresh(v);
}

/* ---- the page: the scope's assets and a village's posts ---- */

struct desk_assets {
    struct desk *d;
    GtkWidget *view;
    GtkWidget *village;
    GtkLabel *posts;
    size_t nposts;
};

static const char *post_kind(const char *code)
{
    static const char *const kinds[][2] = {
        {"cleaner", N_("cleaner")},           {"road_keeper", N_("road keeper")},
        {"water_keeper", N_("water keeper")}, {"forest_ranger", N_("forest ranger")},
        {"power_keeper", N_("power keeper")}, {"care_worker", N_("carer of the elderly")},
        {"security", N_("security keeper")},  {"other", N_("other post")},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (strcmp(kinds[i][0], code) == 0)
            return _(kinds[i][1]);
    return code;
}

static void posts_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_assets *a = user;
    if (err != NULL) {
        gtk_label_set_text(a->posts, err->message);
        desk_changed(a->d, "assets-failed");
        return;
    }
    const Zhucun__WelfarePostListReply *l = reply->welfare_post_list;
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < l->n_posts; i++) {
        const Zhucun__WelfarePost *p = l->posts[i];
        g_string_append_printf(g, _("#%lld %s: %s from %s, %.2f yuan a month\n"), (long long)p->id,
                               post_kind(p->kind), p->member_name, p->from_on,
                               (double)p->monthly_pay_fen / 100.0);
    }
    if (l->n_posts == 0)
        g_string_append(g, _("No public-welfare posts."));
    gtk_label_set_text(a->posts, g->str);
    g_string_free(g, TRUE);
    a->nposts = l->n_posts;
    desk_changed(a->d, "assets-posts");
}

void desk_assets_posts(struct desk_assets *a, const char *village)
{
    gtk_editable_set_text(GTK_EDITABLE(a->village), village);
    Zhucun__WelfarePostList l = ZHUCUN__WELFARE_POST_LIST__INIT;
    l.village_code = (char *)village;
    desk_call(a->d, &l.base, posts_done, a);
}

static void on_posts(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_assets *a = user;
    desk_assets_posts(a, gtk_editable_get_text(GTK_EDITABLE(a->village)));
}

struct desk_assets *desk_assets_new(struct desk *d, GtkStack *stack)
{
    struct desk_assets *a = g_new0(struct desk_assets, 1);
    a->d = d;
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    a->view = desk_project_assets_new(d);
    gtk_box_append(GTK_BOX(page), a->view);
    a->village = entry("posts_village", _("village code"), 13);
    g_signal_connect(a->village, "activate", G_CALLBACK(on_posts), a);
    GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_box_append(GTK_BOX(row), a->village);
    GtkWidget *b = gtk_button_new_with_label(_("Show posts"));
    g_signal_connect(b, "clicked", G_CALLBACK(on_posts), a);
    gtk_box_append(GTK_BOX(row), b);
    gtk_box_append(GTK_BOX(page), titled(_("Public-welfare posts"), row));
    a->posts = GTK_LABEL(gtk_label_new(""));
    gtk_label_set_xalign(a->posts, 0);
    gtk_box_append(GTK_BOX(page), GTK_WIDGET(a->posts));
    gtk_stack_add_titled(stack, page, "assets", _("Assets"));
    return a;
}

void desk_assets_free(struct desk_assets *a)
{
    g_free(a);
}

void desk_assets_refresh(struct desk_assets *a)
{
    desk_project_assets_set(a->view, 0, NULL);
}

GtkWidget *desk_assets_view(struct desk_assets *a)
{
    return a->view;
}

size_t desk_assets_listed(GtkWidget *view, size_t *due)
{
    struct assets_view *v = view_of(view);
    if (due != NULL)
        *due = v->due;
    return v->listed;
}

int64_t desk_assets_shown(GtkWidget *view)
{
    return view_of(view)->shown;
}

void desk_assets_click(GtkWidget *view, int i)
{
    struct assets_view *v = view_of(view);
    GtkListBoxRow *row = gtk_list_box_get_row_at_index(v->list, i);
    if (row != NULL)
        g_signal_emit_by_name(v->list, "row-activated", row);
}

void desk_assets_fill(GtkWidget *view, const char *field, const char *value)
{
    struct assets_view *v = view_of(view);
    for (size_t i = 0; i < G_N_ELEMENTS(reg_names); i++)
        if (strcmp(reg_names[i], field) == 0)
            gtk_editable_set_text(GTK_EDITABLE(v->reg[i]), value);
    GtkWidget *others[] = {v->work,   v->cost,   v->done_by, v->condition,
                           v->period, v->amount, v->shares};
    for (size_t i = 0; i < G_N_ELEMENTS(others); i++)
        if (strcmp(gtk_widget_get_name(others[i]), field) == 0)
            gtk_editable_set_text(GTK_EDITABLE(others[i]), value);
}

void desk_assets_register(GtkWidget *view)
{
    on_register(NULL, view_of(view));
}

void desk_assets_maintain(GtkWidget *view)
{
    on_maintain(NULL, view_of(view));
}

const char *desk_assets_message(GtkWidget *view)
{
    return gtk_label_get_text(view_of(view)->message);
}

size_t desk_assets_posts_count(struct desk_assets *a)
{
    return a->nposts;
}
