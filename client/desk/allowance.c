/* allowance.c -- the allowance page (驻村补助, docs/allowances.md), made in code and added to the
 * main window's stack as "allowance". A cadre sees their own statements (AllowanceList); the
 * township and the county office draft a month's statements of their cadres (AllowanceCompute),
 * see those whose days wait for them, each with a box (ticked at first), and confirm the ticked
 * ones (AllowanceConfirm), then send the confirmed ones ticked to the dispatching units
 * (AllowanceSubmit); a statement left unticked waits; a unit's administrator sees the
 * unit's statements, and approves them in the queue (the queue's detail shows the statement).
 * The province office and a county office also have the rates section (allowance_rates.c).
 * The forms' bodies are checked by the client library before they are sent. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/allowance.h"
#include "common/rules/date.h"

struct desk_allowance {
    struct desk *d;
    struct desk_form f;
    int office;
    int statements; /* the account reads statements (not the province office alone) */
    struct desk_allowance_rates *rates; /* the province's or a county office's rates */
    GtkListBox *list;
    int rows;
    int64_t ids[ALLOWANCE_BATCH_MAX];      /* the statements listed, for confirm and send */
    GtkWidget *ticks[ALLOWANCE_BATCH_MAX]; /* the office's box of each (NULL for others) */
    size_t nids;
    const char *status; /* what the office's list shows: "draft" or "confirmed" */
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

static const char *const fields[] = {"month", "alw_month", "ids", "alw_result", NULL};

static const char *status_text(const char *s)
{
    return strcmp(s, "draft") == 0       ? _("days to confirm")
           : strcmp(s, "confirmed") == 0 ? _("days confirmed")
           : strcmp(s, "pending") == 0   ? _("with the unit")
           : strcmp(s, "approved") == 0  ? _("approved")
           : strcmp(s, "rejected") == 0  ? _("rejected")
           : strcmp(s, "returned") == 0  ? _("returned")
                                         : s;
}

static void clear(struct desk_allowance *p)
{
    for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(p->list, 0); r != NULL;
         r = gtk_list_box_get_row_at_index(p->list, 0))
        gtk_list_box_remove(p->list, GTK_WIDGET(r));
    p->rows = 0;
    p->nids = 0;
}

/* One statement as a line: who, month, version, days, the amount in yuan, its state. */
char *desk_allowance_line(const Zhucun__AllowanceStatement *s)
{
    char amount[ALLOWANCE_YUAN_LEN];
    return g_strdup_printf(_("#%lld  %s  %s v%u  %s  in the village %u days (leave %u, official "
                             "business %u)  %s yuan  %s"),
                           (long long)s->id, s->person_name, s->month, s->version, s->unit_name,
                           s->days_present, s->days_leave, s->days_business,
                           rules_allowance_yuan(s->amount_fen, amount), status_text(s->status));
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_allowance *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "allowance-failed");
        return;
    }
    clear(p);
    const Zhucun__AllowanceListReply *l = reply->allowance_list;
    for (size_t i = 0; i < l->n_statements; i++) {
        char *t = desk_allowance_line(l->statements[i]);
        GtkWidget *row;
        if (p->office && p->nids < ALLOWANCE_BATCH_MAX) {
            row = gtk_check_button_new_with_label(t);
            gtk_check_button_set_active(GTK_CHECK_BUTTON(row), TRUE);
        } else {
            row = gtk_label_new(t);
            gtk_label_set_xalign(GTK_LABEL(row), 0);
        }
        g_free(t);
        gtk_list_box_append(p->list, row);
        p->rows++;
        if (p->nids < ALLOWANCE_BATCH_MAX) {
            p->ticks[p->nids] = p->office ? row : NULL;
            p->ids[p->nids++] = l->statements[i]->id;
        }
    }
    char total[ALLOWANCE_YUAN_LEN];
    char *t = g_strdup_printf(_("%zu statements, %s yuan"), l->n_statements,
                              rules_allowance_yuan(l->total_fen, total));
    gtk_label_set_text(GTK_LABEL(W(p, "alw_summary")), t);
    g_free(t);
    desk_changed(p->d, "allowance-list");
}

void desk_allowance_refresh(struct desk_allowance *p)
{
    if (p->rates != NULL)
        desk_allowance_rates_refresh(p->rates);
    if (!p->statements)
        return;
    Zhucun__AllowanceList l = ZHUCUN__ALLOWANCE_LIST__INIT;
    if (p->office)
        l.status = (char *)p->status;
    desk_call(p->d, &l.base, list_done, p);
}

/* ---- the offices' forms ---- */

static void write_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_allowance *p = user;
    if (desk_form_answered(&p->f, p->d, err, "allowance-write-failed") != 0)
        return;
    long long n = (long long)reply->allowance_compute->id;
    desk_form_say(&p->f, reply->body_case == ZHUCUN__REPLY__BODY_ALLOWANCE_COMPUTE
                             ? g_strdup_printf(_("%lld statements drafted"), n)
                         : reply->body_case == ZHUCUN__REPLY__BODY_ALLOWANCE_CONFIRM
                             ? g_strdup_printf(_("the days of %lld statements confirmed"), n)
                             : g_strdup_printf(_("%lld statements sent to their units"), n));
    /* next: what waits for the step after this one */
    p->status = reply->body_case == ZHUCUN__REPLY__BODY_ALLOWANCE_CONFIRM ? "confirmed" : "draft";
    desk_changed(p->d, "allowance-write");
    desk_allowance_refresh(p);
}

static void on_compute(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_allowance *p = user;
    Zhucun__AllowanceCompute c = ZHUCUN__ALLOWANCE_COMPUTE__INIT;
    c.month = (char *)desk_form_text(&p->f, "alw_month");
    desk_form_send(&p->f, p->d, &c.base, write_done, p, "allowance-refused");
}

/* Confirm (the drafts listed) or send (the confirmed ones listed). */
static void on_batch(GtkButton *b, gpointer user)
{
    struct desk_allowance *p = user;
    int confirm = GTK_WIDGET(b) == W(p, "alw_confirm");
    if (confirm != (strcmp(p->status, "draft") == 0)) {
        /* the list shows the other step's statements: show this step's first */
        p->status = confirm ? "draft" : "confirmed";
        desk_allowance_refresh(p);
        desk_form_say(&p->f, g_strdup(_("the list now shows what this step takes: press again")));
        return;
    }
    int64_t ids[ALLOWANCE_BATCH_MAX];
    size_t n = 0;
    for (size_t i = 0; i < p->nids; i++)
        if (gtk_check_button_get_active(GTK_CHECK_BUTTON(p->ticks[i])))
            ids[n++] = p->ids[i];
    if (n == 0) {
        desk_form_say(&p->f, g_strdup(_("Tick the statements this step takes first")));
        desk_changed(p->d, "allowance-none-ticked");
        return;
    }
    Zhucun__AllowanceConfirm c = ZHUCUN__ALLOWANCE_CONFIRM__INIT;
    Zhucun__AllowanceSubmit s = ZHUCUN__ALLOWANCE_SUBMIT__INIT;
    c.ids = s.ids = ids;
    c.n_ids = s.n_ids = n;
    desk_form_send(&p->f, p->d, confirm ? &c.base : &s.base, write_done, p, "allowance-refused");
}

static void office_part(struct desk_allowance *p, GtkBox *page)
{
    char last[8];
    int y, m, dd;
    rules_civil_from_days(zc_clock_today(), &y, &m, &dd);
    rules_civil_from_days(rules_days_from_civil(y, m, 1) - 1, &y, &m, &dd);
    snprintf(last, sizeof(last), "%04d-%02d", y, m);
    gtk_box_append(page, desk_heading(_("A month's statements of your cadres")));
    GtkWidget *month = desk_form_entry(&p->f, "alw_month", _("month YYYY-MM"), 10);
    gtk_editable_set_text(GTK_EDITABLE(month), last);
    gtk_box_append(
        page, desk_hrow(month,
                        desk_form_keep(&p->f, "alw_compute",
                                       gtk_button_new_with_label(_("Draft from the check-ins"))),
                        desk_form_keep(&p->f, "alw_confirm",
                                       gtk_button_new_with_label(_("Confirm the days ticked"))),
                        desk_form_keep(
                            &p->f, "alw_submit",
                            gtk_button_new_with_label(_("Send the ticked confirmed to the units"))),
                        NULL));
    g_signal_connect(W(p, "alw_compute"), "clicked", G_CALLBACK(on_compute), p);
    g_signal_connect(W(p, "alw_confirm"), "clicked", G_CALLBACK(on_batch), p);
    g_signal_connect(W(p, "alw_submit"), "clicked", G_CALLBACK(on_batch), p);
    gtk_box_append(page, desk_form_label(&p->f, "alw_result"));
}

struct desk_allowance *desk_allowance_new(struct desk *d, GtkStack *stack)
{
    int office = 0, unit_admin = 0, cadre = 0, publisher = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        office |= strcmp(role, "county_office") == 0 || strcmp(role, "township") == 0;
        unit_admin |= strcmp(role, "unit_admin") == 0;
        cadre |= strcmp(role, "cadre") == 0 || strcmp(role, "team_captain") == 0;
        publisher |= strcmp(role, "province_office") == 0 || strcmp(role, "county_office") == 0;
    }
    if (!office && !unit_admin && !cadre && !publisher)
        return NULL;
    struct desk_allowance *p = g_new0(struct desk_allowance, 1);
    p->d = d;
    p->office = office;
    p->statements = office || unit_admin || cadre;
    p->status = "draft";
    desk_form_init(&p->f, fields, "alw_result");
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    p->rates = desk_allowance_rates_new(d, GTK_BOX(page));
    if (office)
        office_part(p, GTK_BOX(page));
    if (p->statements) {
        gtk_box_append(GTK_BOX(page),
                       desk_heading(office ? _("Statements waiting for this step")
                                    : unit_admin
                                        ? _("Allowance statements (approve them in the queue)")
                                        : _("My allowance statements")));
        gtk_box_append(GTK_BOX(page), desk_form_label(&p->f, "alw_summary"));
        GtkWidget *list = gtk_list_box_new();
        p->list = GTK_LIST_BOX(list);
        GtkWidget *scroll = gtk_scrolled_window_new();
        gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
        gtk_widget_set_size_request(scroll, -1, 320);
        gtk_box_append(GTK_BOX(page), scroll);
    }
    GtkWidget *outer = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(outer), page);
    gtk_stack_add_titled(stack, outer, "allowance", _("Allowances"));
    return p;
}

void desk_allowance_free(struct desk_allowance *p)
{
    if (p == NULL)
        return;
    desk_allowance_rates_free(p->rates);
    desk_form_free(&p->f);
    g_free(p);
}

struct desk_allowance_rates *desk_allowance_rates_of(struct desk_allowance *p)
{
    return p->rates;
}

GtkWidget *desk_allowance_widget(struct desk_allowance *p, const char *name)
{
    return W(p, name);
}

int desk_allowance_rows(struct desk_allowance *p)
{
    return p->rows;
}

int desk_allowance_tick(struct desk_allowance *p, int row, int on)
{
    if (row < 0 || (size_t)row >= p->nids || p->ticks[row] == NULL)
        return -1;
    gtk_check_button_set_active(GTK_CHECK_BUTTON(p->ticks[row]), on);
    return 0;
}
