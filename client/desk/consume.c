/* consume.c -- the consumption assistance page (消费帮扶, docs/consumption.md), made in code and
 * added to the main window's stack as "consume". A unit's administrator sees its unit's
 * progress this year (bought that counts, the quota, the percentage, what is still short) and
 * records a purchase in the unit's name from a cooperative or company of a village the unit
 * assists; an office sees the progress of the units of its scope, the largest shortfall first
 * (QuotaProgress), central units without a target last. Each form's body is checked by the
 * client library before it is sent (zc_check_all: the CLI's and the server's words), its
 * problems marked at their fields. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/consume.h"
#include "common/rules/date.h"
#include "common/rules/income.h"

struct desk_consume {
    struct desk *d;
    struct desk_form f; /* the widgets by name, the purchase form's fields */
    int unit_admin, office;
    int64_t unit; /* the administrator's unit, from the progress reply (0 before it) */
    int units;    /* rows of the office's list */
    GtkListBox *list;
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

/* One unit's line: name, bought that counts, quota, percentage, shortfall. */
static char *progress_line(const Zhucun__UnitProgress *u)
{
    char bought[32], quota[32], gap[32];
    rules_income_yuan_format(u->counted, bought);
    if (!u->has_quota)
        return g_strdup_printf(_("%s: bought %s yuan (no quota)"), u->name, bought);
    rules_income_yuan_format(u->quota, quota);
    rules_income_yuan_format(u->shortfall, gap);
    return u->shortfall > 0 ? g_strdup_printf(_("%s: %s of %s yuan (%.1f%%), %s yuan short"),
                                              u->name, bought, quota, u->permille / 10.0, gap)
                            : g_strdup_printf(_("%s: %s of %s yuan (%.1f%%), reached"), u->name,
                                              bought, quota, u->permille / 10.0);
}

static void progress_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_consume *p = user;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "con_progress")), err->message);
        desk_changed(p->d, "consume-progress-failed");
        return;
    }
    const Zhucun__QuotaProgressReply *q = reply->quota_progress;
    if (p->unit_admin && q->n_units > 0) {
        p->unit = q->units[0]->unit_id;
        char *t = progress_line(q->units[0]);
        char *line = g_strdup_printf(_("%u: %s"), q->year, t);
        gtk_label_set_text(GTK_LABEL(W(p, "con_progress")), line);
        g_free(line);
        g_free(t);
    }
    if (p->office) {
        for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(p->list, 0); r != NULL;
             r = gtk_list_box_get_row_at_index(p->list, 0))
            gtk_list_box_remove(p->list, GTK_WIDGET(r));
        p->units = 0;
        unsigned short_ = 0;
        for (size_t i = 0; i < q->n_units; i++) {
            char *t = progress_line(q->units[i]);
            GtkWidget *l = gtk_label_new(t);
            g_free(t);
            gtk_label_set_xalign(GTK_LABEL(l), 0);
            if (q->units[i]->shortfall > 0) {
                gtk_widget_add_css_class(l, "error");
                short_++;
            }
            gtk_list_box_append(p->list, l);
            p->units++;
        }
        char *t = g_strdup_printf(_("%u: %zu units, %u short of their quota"), q->year, q->n_units,
                                  short_);
        gtk_label_set_text(GTK_LABEL(W(p, "con_summary")), t);
        g_free(t);
    }
    desk_changed(p->d, "consume-progress");
}

void desk_consume_refresh(struct desk_consume *p)
{
    Zhucun__QuotaProgress q = ZHUCUN__QUOTA_PROGRESS__INIT; /* this year, the caller's scope */
    desk_call(p->d, &q.base, progress_done, p);
}

/* ---- the unit's purchase ---- */

static const char *const buy_fields[] = {
    "village",  "con_village",  "producer_name", "con_producer", "goods",         "con_goods",
    "quantity", "con_quantity", "qty_unit",      "con_qty_unit", "amount",        "con_amount",
    "on_date",  "con_goods",    "unit_id",       "con_goods",    "producer_kind", "con_producer",
    NULL};

static void buy_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_consume *p = user;
    desk_form_clear(&p->f);
    if (err != NULL) {
        desk_form_refused(&p->f, err);
        desk_changed(p->d, "consume-buy-failed");
        return;
    }
    char *t = g_strdup_printf(_("Recorded: purchase #%lld"), (long long)reply->purchase_record->id);
    gtk_label_set_text(GTK_LABEL(W(p, "con_result")), t);
    g_free(t);
    gtk_editable_set_text(GTK_EDITABLE(W(p, "con_amount")), "");
    desk_changed(p->d, "consume-buy");
    desk_consume_refresh(p);
}

static void on_buy(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_consume *p = user;
    char today[11];
    rules_date_format(zc_clock_today(), today);
    int64_t amount = 0, quantity = 0;
    if (rules_income_yuan_parse(desk_form_text(&p->f, "con_amount"), 0, &amount) != 0)
        amount = 0; /* not a sum of money: refused by the checks at its field */
    const char *q = desk_form_text(&p->f, "con_quantity");
    if (q[0] != '\0' && strspn(q, "0123456789") == strlen(q) && strlen(q) < 10)
        quantity = strtoll(q, NULL, 10);
    Zhucun__PurchaseRecord pr = ZHUCUN__PURCHASE_RECORD__INIT;
    pr.unit_id = p->unit;
    pr.buyer_kind = "unit";
    pr.village = (char *)desk_form_text(&p->f, "con_village");
    pr.producer_kind = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(p, "con_kind"))) == 0
                           ? "cooperative"
                           : "company";
    pr.producer_name = (char *)desk_form_text(&p->f, "con_producer");
    pr.on_date = today;
    pr.goods = (char *)desk_form_text(&p->f, "con_goods");
    pr.quantity = quantity;
    pr.qty_unit = (char *)desk_form_text(&p->f, "con_qty_unit");
    pr.amount = amount;
    if (desk_form_check(&p->f, &pr.base) > 0) {
        desk_changed(p->d, "consume-buy-refused");
        return;
    }
    desk_call(p->d, &pr.base, buy_done, p);
}

static void unit_part(struct desk_consume *p, GtkBox *page)
{
    gtk_box_append(page, desk_heading(_("This year's consumption assistance of the unit")));
    gtk_box_append(page, desk_form_label(&p->f, "con_progress"));
    gtk_box_append(page, desk_heading(_("Record a purchase in the unit's name")));
    const char *kinds[] = {_("Cooperative"), _("Company"), NULL};
    GtkWidget *kind = desk_form_keep(&p->f, "con_kind", gtk_drop_down_new_from_strings(kinds));
    gtk_box_append(
        page, desk_hrow(desk_form_entry(&p->f, "con_village", _("village code"), 14), kind,
                        desk_form_entry(&p->f, "con_producer", _("producer's name"), 24), NULL));
    gtk_box_append(page,
                   desk_hrow(desk_form_entry(&p->f, "con_goods", _("goods"), 12),
                             desk_form_entry(&p->f, "con_quantity", _("quantity"), 8),
                             desk_form_entry(&p->f, "con_qty_unit", _("unit (jin, box...)"), 8),
                             desk_form_entry(&p->f, "con_amount", _("amount (yuan)"), 10),
                             desk_form_keep(&p->f, "con_buy",
                                            gtk_button_new_with_label(_("Record the purchase"))),
                             NULL));
    g_signal_connect(W(p, "con_buy"), "clicked", G_CALLBACK(on_buy), p);
    gtk_box_append(page, desk_form_label(&p->f, "con_result"));
}

static void office_part(struct desk_consume *p, GtkBox *page)
{
    gtk_box_append(page,
                   desk_heading(_("Units' consumption assistance this year (shortfall first)")));
    gtk_box_append(page, desk_form_label(&p->f, "con_summary"));
    GtkWidget *list = gtk_list_box_new();
    p->list = GTK_LIST_BOX(list);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_size_request(scroll, -1, 320);
    gtk_box_append(page, scroll);
}

struct desk_consume *desk_consume_new(struct desk *d, GtkStack *stack)
{
    int unit_admin = 0, office = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        unit_admin |= strcmp(role, "unit_admin") == 0;
        office |= strcmp(role, "province_office") == 0 || strcmp(role, "city_office") == 0 ||
                  strcmp(role, "county_office") == 0;
    }
    if (!unit_admin && !office)
        return NULL;
    struct desk_consume *p = g_new0(struct desk_consume, 1);
    p->d = d;
    p->unit_admin = unit_admin;
    p->office = office;
    desk_form_init(&p->f, buy_fields, "con_result");
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    if (unit_admin)
        unit_part(p, GTK_BOX(page));
    if (office)
        office_part(p, GTK_BOX(page));
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, "consume", _("Consumption assistance"));
    return p;
}

void desk_consume_free(struct desk_consume *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    g_free(p);
}

GtkWidget *desk_consume_widget(struct desk_consume *p, const char *name)
{
    return W(p, name);
}

int desk_consume_units(struct desk_consume *p)
{
    return p->units;
}
