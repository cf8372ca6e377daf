/* points.c -- the points desk (积分制, docs/points.md): pick a household (its number, or
 * desk_points_open from another page), see its balance and movements (PointsHistory); award a
 * deed of its village's catalogue (PointsAward); redeem goods from the village's shop
 * (PointsShop: the goods, the day's price and the stock), the cost and the balance after shown
 * as they choose (rules_points_after, before anything is sent; PointsRedeem sends the price
 * shown, so a price changed meanwhile is refused rather than charged); donated goods received
 * into the stock (PointsDonate). The page is made in code and added to the main window's
 * stack: it needs no part of main.ui. */
#include "desk.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/points.h"

struct desk_points {
    struct desk *d;
    GtkWidget *page;
    GtkEntry *household, *deed, *reason, *quantity, *donor, *donate_quantity;
    GtkEntry *find_village, *find_name;
    GtkDropDown *goods, *donate_goods, *found;
    GtkStringList *good_names, *found_names;
    GArray *found_ids; /* the households found, in the drop-down's order */
    GtkLabel *balance, *history, *after, *message;
    int64_t shown;                /* the household shown, 0 before one is */
    int picking;                  /* the found list is being replaced */
    char village[13];             /* its village */
    int64_t balance_now;          /* its balance */
    Zhucun__PointsGood **goods_v; /* the shop's goods (copied), in the drop-downs' order */
    size_t ngoods;
};

static void message(struct desk_points *p, const char *text, int error)
{
    gtk_label_set_text(p->message, text);
    gtk_widget_remove_css_class(GTK_WIDGET(p->message), "error");
    if (error)
        gtk_widget_add_css_class(GTK_WIDGET(p->message), "error");
    desk_status(p->d, text, error);
}

static const char *kind_text(const char *kind)
{
    return strcmp(kind, "award") == 0        ? _("award")
           : strcmp(kind, "redeem") == 0     ? _("redemption")
           : strcmp(kind, "correction") == 0 ? _("correction")
                                             : kind;
}

static void free_goods(struct desk_points *p)
{
    for (size_t i = 0; i < p->ngoods; i++) {
        g_free(p->goods_v[i]->name);
        g_free(p->goods_v[i]->unit);
        g_free(p->goods_v[i]);
    }
    g_free(p->goods_v);
    p->goods_v = NULL;
    p->ngoods = 0;
}

/* The cost of the redemption chosen and the balance after it, as the person chooses. */
static void update_after(struct desk_points *p)
{
    guint g = gtk_drop_down_get_selected(p->goods);
    long long q = atoll(gtk_editable_get_text(GTK_EDITABLE(p->quantity)));
    if (p->shown == 0 || g >= p->ngoods || q < 1) {
        gtk_label_set_text(p->after, "");
        return;
    }
    const Zhucun__PointsGood *good = p->goods_v[g];
    int64_t after;
    int ok = rules_points_after(p->balance_now, good->price, (uint32_t)q, &after) == 0;
    char *t = ok ? g_strdup_printf(_("%lld × %u points = %lld; balance after: %lld"), q,
                                   good->price, (long long)good->price * q, (long long)after)
                 : g_strdup_printf(_("%lld × %u points = %lld: %lld more than the balance"), q,
                                   good->price, (long long)good->price * q, (long long)-after);
    gtk_label_set_text(p->after, t);
    gtk_widget_remove_css_class(GTK_WIDGET(p->after), "error");
    if (!ok || q > good->quantity)
        gtk_widget_add_css_class(GTK_WIDGET(p->after), "error");
    g_free(t);
}

static void on_choice(GObject *o, GParamSpec *ps, gpointer user)
{
    (void)o;
    (void)ps;
    update_after(user);
}

static void on_quantity(GtkEditable *e, gpointer user)
{
    (void)e;
    update_after(user);
}

static void shop_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_points *p = user;
    if (err != NULL) {
        message(p, err->message, 1);
        desk_changed(p->d, "points-failed");
        return;
    }
    const Zhucun__PointsShopReply *s = reply->points_shop;
    free_goods(p);
    p->goods_v = g_new0(Zhucun__PointsGood *, s->n_goods + 1);
    guint old = g_list_model_get_n_items(G_LIST_MODEL(p->good_names));
    const char **names = g_new0(const char *, s->n_goods + 1);
    for (size_t i = 0; i < s->n_goods; i++) {
        Zhucun__PointsGood *g = g_new0(Zhucun__PointsGood, 1);
        zhucun__points_good__init(g);
        g->id = s->goods[i]->id;
        g->name = g_strdup(s->goods[i]->name);
        g->unit = g_strdup(s->goods[i]->unit);
        g->price = s->goods[i]->price;
        g->quantity = s->goods[i]->quantity;
        p->goods_v[i] = g;
        names[i] = g_strdup_printf(_("%s (%u points a %s, %lld in stock)"), g->name, g->price,
                                   g->unit, (long long)g->quantity);
    }
    p->ngoods = s->n_goods;
    gtk_string_list_splice(p->good_names, 0, old, names);
    for (size_t i = 0; i < s->n_goods; i++)
        g_free((char *)names[i]);
    g_free(names);
    update_after(p);
    desk_changed(p->d, "points-shop");
}

static void history_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_points *p = user;
    if (err != NULL) {
        message(p, err->message, 1);
        desk_changed(p->d, "points-failed");
        return;
    }
    const Zhucun__PointsHistoryReply *h = reply->points_history;
    p->balance_now = h->balance;
    snprintf(p->village, sizeof(p->village), "%s", h->village_code);
    char *b = g_strdup_printf(_("%s (%s): %lld points"), h->head_name, h->village_code,
                              (long long)h->balance);
    gtk_label_set_text(p->balance, b);
    g_free(b);
    GString *t = g_string_new("");
    for (size_t i = 0; i < h->n_movements; i++) {
        const Zhucun__PointsMovement *m = h->movements[i];
        g_string_append_printf(t, "#%lld  %s  %s  %+lld  %s%s%s%s\n", (long long)m->id, m->on_date,
                               kind_text(m->kind), (long long)m->points, m->deed_label,
                               m->good_name, m->reason[0] ? "  " : "", m->reason);
    }
    if (h->n_movements == 0)
        g_string_append(t, _("No points yet."));
    gtk_label_set_text(p->history, t->str);
    g_string_free(t, TRUE);
    update_after(p);
    desk_changed(p->d, "points-history");
    /* the shop of its village */
    Zhucun__PointsShop s = ZHUCUN__POINTS_SHOP__INIT;
    s.village_code = p->village;
    desk_call(p->d, &s.base, shop_done, p);
}

void desk_points_open(struct desk_points *p, int64_t household)
{
    p->shown = household;
    Zhucun__PointsHistory h = ZHUCUN__POINTS_HISTORY__INIT;
    h.household_id = household;
    desk_call(p->d, &h.base, history_done, p);
}

/* The households found by village and head's name (HouseholdList), to pick one from. */
static void found_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_points *p = user;
    if (err != NULL) {
        message(p, err->message, 1);
        desk_changed(p->d, "points-failed");
        return;
    }
    const Zhucun__HouseholdListReply *l = reply->household_list;
    g_array_set_size(p->found_ids, 0);
    const char **names = g_new0(const char *, l->n_households + 1);
    for (size_t i = 0; i < l->n_households; i++) {
        g_array_append_val(p->found_ids, l->households[i]->id);
        names[i] = g_strdup_printf("%s #%lld", l->households[i]->head_name,
                                   (long long)l->households[i]->id);
    }
    guint old = g_list_model_get_n_items(G_LIST_MODEL(p->found_names));
    p->picking = 1; /* the list changing is not the person picking */
    gtk_string_list_splice(p->found_names, 0, old, names);
    p->picking = 0;
    for (size_t i = 0; i < l->n_households; i++)
        g_free((char *)names[i]);
    g_free(names);
    if (l->n_households > 0)
        desk_points_pick(p, 0);
    else
        message(p, _("No household found."), 1);
    desk_changed(p->d, "points-found");
}

static void on_find(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_points *p = user;
    Zhucun__HouseholdList hl = ZHUCUN__HOUSEHOLD_LIST__INIT;
    hl.village_code = (char *)gtk_editable_get_text(GTK_EDITABLE(p->find_village));
    hl.query = (char *)gtk_editable_get_text(GTK_EDITABLE(p->find_name));
    hl.limit = 100;
    desk_call(p->d, &hl.base, found_done, p);
}

void desk_points_find(struct desk_points *p, const char *village, const char *name)
{
    gtk_editable_set_text(GTK_EDITABLE(p->find_village), village);
    gtk_editable_set_text(GTK_EDITABLE(p->find_name), name);
    on_find(NULL, p);
}

void desk_points_pick(struct desk_points *p, guint i)
{
    if (i >= p->found_ids->len)
        return;
    gtk_drop_down_set_selected(p->found, i);
    int64_t id = g_array_index(p->found_ids, int64_t, i);
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)id);
    gtk_editable_set_text(GTK_EDITABLE(p->household), text);
    desk_points_open(p, id);
}

static void on_found(GObject *o, GParamSpec *ps, gpointer user)
{
    (void)ps;
    struct desk_points *p = user;
    guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(o));
    if (!p->picking && i != GTK_INVALID_LIST_POSITION && i < p->found_ids->len &&
        g_array_index(p->found_ids, int64_t, i) != p->shown)
        desk_points_pick(p, i);
}

static void on_show(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_points *p = user;
    long long id = atoll(gtk_editable_get_text(GTK_EDITABLE(p->household)));
    if (id <= 0) {
        message(p, _("Type the household's number."), 1);
        return;
    }
    desk_points_open(p, id);
}

/* A write's answer: its message, then the household again (balance, history, stock). */
static void written(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_points *p = user;
    if (err != NULL) {
        char *t = err->field[0] ? g_strdup_printf("%s（%s）", err->message, err->field)
                                : g_strdup(err->message);
        message(p, t, 1);
        g_free(t);
        desk_changed(p->d, "points-refused");
        return;
    }
    const Zhucun__PointsWriteReply *w = reply->points_write;
    char *t =
        g_strdup_printf(_("Recorded #%lld: %+lld points."), (long long)w->id, (long long)w->points);
    message(p, t, 0);
    g_free(t);
    desk_changed(p->d, "points-written");
    if (p->shown > 0)
        desk_points_open(p, p->shown);
}

static void today(char out[11])
{
    rules_date_format(zc_clock_today(), out);
}

void desk_points_award(struct desk_points *p)
{
    char day[11];
    today(day);
    Zhucun__PointsAward a = ZHUCUN__POINTS_AWARD__INIT;
    a.household_id = p->shown;
    a.deed_code = (char *)gtk_editable_get_text(GTK_EDITABLE(p->deed));
    a.deed_date = day;
    a.reason = (char *)gtk_editable_get_text(GTK_EDITABLE(p->reason));
    desk_call(p->d, &a.base, written, p);
}

void desk_points_redeem(struct desk_points *p)
{
    char day[11];
    today(day);
    guint g = gtk_drop_down_get_selected(p->goods);
    Zhucun__PointsRedeem r = ZHUCUN__POINTS_REDEEM__INIT;
    r.household_id = p->shown;
    r.good_id = g < p->ngoods ? p->goods_v[g]->id : 0;
    r.price = g < p->ngoods ? p->goods_v[g]->price : 0;
    r.quantity = (uint32_t)atoi(gtk_editable_get_text(GTK_EDITABLE(p->quantity)));
    r.on_date = day;
    desk_call(p->d, &r.base, written, p);
}

void desk_points_donate(struct desk_points *p)
{
    char day[11];
    today(day);
    guint g = gtk_drop_down_get_selected(p->donate_goods);
    Zhucun__PointsDonationItem it = ZHUCUN__POINTS_DONATION_ITEM__INIT, *ip = &it;
    it.good_id = g < p->ngoods ? p->goods_v[g]->id : 0;
    it.quantity = (uint32_t)atoi(gtk_editable_get_text(GTK_EDITABLE(p->donate_quantity)));
    Zhucun__PointsDonate dn = ZHUCUN__POINTS_DONATE__INIT;
    dn.village_code = p->village;
    dn.donor = (char *)gtk_editable_get_text(GTK_EDITABLE(p->donor));
    dn.on_date = day;
    dn.items = &ip;
    dn.n_items = 1;
    desk_call(p->d, &dn.base, written, p);
}

static void on_award(GtkButton *b, gpointer user)
{
    (void)b;
    desk_points_award(user);
}

static void on_redeem(GtkButton *b, gpointer user)
{
    (void)b;
    desk_points_redeem(user);
}

static void on_donate(GtkButton *b, gpointer user)
{
    (void)b;
    desk_points_donate(user);
}

static GtkEntry *entry(const char *name, const char *placeholder, int width)
{
    GtkWidget *e = gtk_entry_new();
    gtk_widget_set_name(e, name);
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), width);
    return GTK_ENTRY(e);
}

static GtkLabel *label(GtkWidget *box)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    gtk_label_set_selectable(GTK_LABEL(l), TRUE);
    gtk_box_append(GTK_BOX(box), l);
    return GTK_LABEL(l);
}

/* A row of a form: its title, then the widgets (NULL-terminated). */
static void form_row(GtkWidget *box, const char *title, ...)
{
    GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *t = gtk_label_new(title);
    gtk_widget_add_css_class(t, "heading");
    gtk_widget_set_size_request(t, 90, -1);
    gtk_label_set_xalign(GTK_LABEL(t), 0);
    gtk_box_append(GTK_BOX(row), t);
    va_list ap;
    va_start(ap, title);
    for (GtkWidget *w = va_arg(ap, GtkWidget *); w != NULL; w = va_arg(ap, GtkWidget *))
        gtk_box_append(GTK_BOX(row), w);
    va_end(ap);
    gtk_box_append(GTK_BOX(box), row);
}

static GtkWidget *button(const char *text, GCallback cb, struct desk_points *p)
{
    GtkWidget *b = gtk_button_new_with_label(text);
    g_signal_connect(b, "clicked", cb, p);
    return b;
}

struct desk_points *desk_points_new(struct desk *d, GtkStack *stack, int writer)
{
    struct desk_points *p = g_new0(struct desk_points, 1);
    p->d = d;
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    p->find_village = entry("points_find_village", _("village code"), 13);
    p->find_name = entry("points_find_name", _("head's name"), 10);
    g_signal_connect(p->find_name, "activate", G_CALLBACK(on_find), p);
    p->found_names = gtk_string_list_new(NULL);
    p->found_ids = g_array_new(FALSE, TRUE, sizeof(int64_t));
    p->found = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(p->found_names), NULL));
    g_signal_connect(p->found, "notify::selected", G_CALLBACK(on_found), p);
    p->household = entry("points_household", _("household number"), 12);
    g_signal_connect(p->household, "activate", G_CALLBACK(on_show), p);
    form_row(page, _("Household"), GTK_WIDGET(p->find_village), GTK_WIDGET(p->find_name),
             button(_("Find"), G_CALLBACK(on_find), p), GTK_WIDGET(p->found),
             GTK_WIDGET(p->household), button(_("Show"), G_CALLBACK(on_show), p), NULL);
    p->balance = label(page);
    gtk_widget_add_css_class(GTK_WIDGET(p->balance), "title-3");
    p->deed = entry("points_deed", _("deed code"), 8);
    p->reason = entry("points_reason", _("what was done"), 30);
    GtkWidget *award = button(_("Award"), G_CALLBACK(on_award), p);
    form_row(page, _("Award"), GTK_WIDGET(p->deed), GTK_WIDGET(p->reason), award, NULL);
    /* one reference for this struct, one for each drop-down (which takes it) */
    p->good_names = gtk_string_list_new(NULL);
    g_object_ref(p->good_names);
    p->goods = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(p->good_names), NULL));
    g_signal_connect(p->goods, "notify::selected", G_CALLBACK(on_choice), p);
    p->quantity = entry("points_quantity", _("quantity"), 5);
    gtk_editable_set_text(GTK_EDITABLE(p->quantity), "1");
    g_signal_connect(p->quantity, "changed", G_CALLBACK(on_quantity), p);
    GtkWidget *redeem = button(_("Redeem"), G_CALLBACK(on_redeem), p);
    form_row(page, _("Redeem"), GTK_WIDGET(p->goods), GTK_WIDGET(p->quantity), redeem, NULL);
    p->after = label(page);
    p->donor = entry("points_donor", _("donor"), 16);
    g_object_ref(p->good_names);
    p->donate_goods = GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(p->good_names), NULL));
    p->donate_quantity = entry("points_donate_quantity", _("quantity"), 5);
    GtkWidget *donate = button(_("Receive"), G_CALLBACK(on_donate), p);
    form_row(page, _("Donation"), GTK_WIDGET(p->donor), GTK_WIDGET(p->donate_goods),
             GTK_WIDGET(p->donate_quantity), donate, NULL);
    p->message = label(page);
    gtk_widget_set_sensitive(award, writer);
    gtk_widget_set_sensitive(redeem, writer);
    gtk_widget_set_sensitive(donate, writer);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_widget_set_vexpand(scroll, TRUE);
    GtkWidget *hbox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    p->history = label(hbox);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), hbox);
    gtk_box_append(GTK_BOX(page), scroll);
    p->page = page;
    gtk_stack_add_titled(stack, page, "points", _("Points"));
    return p;
}

void desk_points_free(struct desk_points *p)
{
    if (p == NULL)
        return;
    free_goods(p);
    g_object_unref(p->good_names);
    g_array_unref(p->found_ids);
    g_free(p);
}

int64_t desk_points_shown(struct desk_points *p)
{
    return p->shown;
}

int64_t desk_points_balance(struct desk_points *p)
{
    return p->balance_now;
}

size_t desk_points_goods(struct desk_points *p)
{
    return p->ngoods;
}

void desk_points_choose(struct desk_points *p, const char *deed, const char *reason, guint good,
                        const char *quantity)
{
    gtk_editable_set_text(GTK_EDITABLE(p->deed), deed);
    gtk_editable_set_text(GTK_EDITABLE(p->reason), reason);
    gtk_drop_down_set_selected(p->goods, good);
    gtk_editable_set_text(GTK_EDITABLE(p->quantity), quantity);
}

const char *desk_points_after_text(struct desk_points *p)
{
    return gtk_label_get_text(p->after);
}

const char *desk_points_message(struct desk_points *p)
{
    return gtk_label_get_text(p->message);
}
