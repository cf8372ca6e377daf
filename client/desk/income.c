/* income.c -- the monthly income sums (算账, SPEC M2) on the household page: the opened
 * household's last month beside each item to compare, the household's net and per-capita
 * income of the month computed as the cadre types (common/rules/income.c, the server's own
 * arithmetic), the household's acknowledgement, a correction's reason, and the income standard
 * (IncomeHistory). Saving sends IncomeRecord with an idempotency key; the client library's
 * verdict (the server's checks and words), the amounts the form cannot read and the server's
 * field errors are shown at the field. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/income.h"

/* The item entries, in the order of the form and of struct income_items. */
static const struct {
    const char *id, *field, *label;
    int negative_ok;
} items[] = {
    {"wages", "items.wages_fen", N_("Wages"), 0},
    {"business", "items.business_fen", N_("Production and business (a loss: minus)"), 1},
    {"rent", "items.rent_fen", N_("Rent"), 0},
    {"dividend", "items.dividend_fen", N_("Dividends of collective assets"), 0},
    {"pension", "items.pension_fen", N_("Pensions"), 0},
    {"subsidy", "items.subsidy_fen", N_("Subsidies"), 0},
    {"dibao", "items.dibao_fen", N_("Dibao (minimum living allowance)"), 0},
    {"other_transfer", "items.other_transfer_fen", N_("Other transfers"), 0},
    {"costs", "items.costs_fen", N_("Production costs"), 0},
};
#define NITEMS G_N_ELEMENTS(items)

static const char *const acks[] = {"signed", "phone", "refused"};

struct desk_income {
    struct desk *d;
    GtkWidget *panel;
    GtkWidget *title, *standard, *month, *members, *ack, *ack_note, *reason, *save;
    GtkWidget *entry[NITEMS], *last[NITEMS];
    GtkWidget *result_line, *error, *result;
    GHashTable *widgets; /* id -> GtkWidget *, for desk_income_widget */
    int64_t household;
    int sending, sent;
    int loaded; /* the history of the household arrived */
};

static int64_t *item_slot(struct income_items *it, size_t i)
{
    int64_t *slots[NITEMS] = {&it->wages,    &it->business,       &it->rent,
                              &it->dividend, &it->pension,        &it->subsidy,
                              &it->dibao,    &it->other_transfer, &it->costs};
    return slots[i];
}

static int64_t proto_item(const Zhucun__IncomeItems *in, size_t i)
{
    const int64_t v[NITEMS] = {in->wages_fen,    in->business_fen,       in->rent_fen,
                               in->dividend_fen, in->pension_fen,        in->subsidy_fen,
                               in->dibao_fen,    in->other_transfer_fen, in->costs_fen};
    return v[i];
}

GtkWidget *desk_income_widget(struct desk_income *in, const char *id)
{
    return in != NULL ? g_hash_table_lookup(in->widgets, id) : NULL;
}

/* ---- the figures as the cadre types ---- */

/* The form's items and members, as far as they read: 1 when every amount and the members
 * read, with the items in *it and the members in *members. */
static int read_form(struct desk_income *in, struct income_items *it, int *members)
{
    memset(it, 0, sizeof(*it));
    int ok = 1;
    for (size_t i = 0; i < NITEMS; i++)
        if (rules_income_yuan_parse(gtk_editable_get_text(GTK_EDITABLE(in->entry[i])),
                                    items[i].negative_ok, item_slot(it, i)) != 0)
            ok = 0;
    const char *m = gtk_editable_get_text(GTK_EDITABLE(in->members));
    char *end = NULL;
    long n = strtol(m, &end, 10);
    *members = m[0] != '\0' && *end == '\0' ? (int)n : 0;
    return ok;
}

static void recompute(GtkEditable *e, gpointer user)
{
    (void)e;
    struct desk_income *in = user;
    struct income_items it;
    int members;
    int ok = read_form(in, &it, &members);
    char *t;
    if (!ok)
        t = g_strdup(_("An amount cannot be read: yuan, at most two decimals"));
    else if (rules_income_members_problem(members) != NULL)
        t = g_strdup(L_(rules_income_members_problem(members)));
    else {
        char net[32], pc[32], year[32];
        rules_income_yuan_format(rules_income_net(&it), net);
        int64_t per = rules_income_per_capita(&it, members);
        rules_income_yuan_format(per, pc);
        rules_income_yuan_format(per * 12, year);
        t = g_strdup_printf(_("Household net income %s yuan; per person %s yuan this month "
                              "(%s yuan a year at this rate), %d members"),
                            net, pc, year, members);
    }
    gtk_label_set_text(GTK_LABEL(in->result_line), t);
    g_free(t);
    desk_changed(in->d, "income-computed");
}

/* ---- the household's months (IncomeHistory) ---- */

struct history_job {
    int64_t household;
    Zhucun__Reply *reply; /* kept for the main loop */
};

static void history_job_free(void *p)
{
    struct history_job *j = p;
    zc_reply_free(j->reply);
    g_free(j);
}

static int history_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct history_job *j = data;
    Zhucun__IncomeHistory ih = ZHUCUN__INCOME_HISTORY__INIT;
    ih.household_id = j->household;
    struct zc_client *c = desk_conn_client(conn, err);
    return c != NULL ? zc_income_history(c, &ih, &j->reply, err) : -1;
}

/* "YYYY-MM" of the month before month. */
static void month_before(const char *month, char out[16])
{
    int y = atoi(month), m = atoi(month + 5);
    if (--m == 0) {
        m = 12;
        y--;
    }
    g_snprintf(out, 16, "%04d-%02d", y % 10000, m % 100);
}

static void history_done(void *data, const struct zc_error *err, void *user)
{
    struct history_job *j = data;
    struct desk_income *in = user;
    if (j->household != in->household)
        return; /* another household was opened since */
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(in->standard), err->message);
        desk_changed(in->d, "income-failed");
        return;
    }
    const Zhucun__IncomeHistoryReply *h = j->reply->income_history;
    char prev[16];
    month_before(gtk_editable_get_text(GTK_EDITABLE(in->month)), prev);
    const Zhucun__IncomeSum *last = NULL, *now = NULL;
    for (size_t i = 0; i < h->n_sums; i++) {
        if (!h->sums[i]->current)
            continue;
        if (strcmp(h->sums[i]->month, prev) == 0)
            last = h->sums[i];
        if (strcmp(h->sums[i]->month, gtk_editable_get_text(GTK_EDITABLE(in->month))) == 0)
            now = h->sums[i];
    }
    char a[32], b[32];
    for (size_t i = 0; i < NITEMS; i++) {
        char *t;
        if (last != NULL) {
            rules_income_yuan_format(proto_item(last->items, i), a);
            t = g_strdup_printf(_("last month %s"), a);
        } else {
            t = g_strdup(_("last month —"));
        }
        gtk_label_set_text(GTK_LABEL(in->last[i]), t);
        g_free(t);
    }
    GString *s = g_string_new(NULL);
    if (last != NULL) {
        rules_income_yuan_format(last->per_capita_fen, a);
        g_string_append_printf(s, _("Last month (%s): %s yuan per person, %u members. "),
                               last->month, a, last->members);
        if (gtk_editable_get_text(GTK_EDITABLE(in->members))[0] == '\0') {
            char *m = g_strdup_printf("%u", last->members);
            gtk_editable_set_text(GTK_EDITABLE(in->members), m);
            g_free(m);
        }
    } else if (gtk_editable_get_text(GTK_EDITABLE(in->members))[0] == '\0' && h->members_now) {
        char *m = g_strdup_printf("%u", h->members_now);
        gtk_editable_set_text(GTK_EDITABLE(in->members), m);
        g_free(m);
    }
    if (now != NULL)
        g_string_append_printf(s,
                               _("This month has version %u: saving again corrects it and "
                                 "needs a reason. "),
                               now->version);
    const Zhucun__IncomeStandard *sd = h->standard;
    if (sd != NULL && sd->projected) {
        rules_income_yuan_format(sd->projected_fen, a);
        rules_income_yuan_format(sd->line_fen, b);
        g_string_append_printf(s,
                               _("Projected %s yuan a year per person against the monitoring "
                                 "line %s; above it %u months in a row of %u required: %s."),
                               a, b, sd->months_stable, sd->months_required,
                               sd->met ? _("met") : _("not met"));
    }
    gtk_label_set_text(GTK_LABEL(in->standard), s->str);
    g_string_free(s, TRUE);
    in->loaded = 1;
    recompute(NULL, in);
    desk_changed(in->d, "income-shown");
}

void desk_income_open(struct desk_income *in, int64_t household, const char *head_name,
                      const char *category)
{
    if (in == NULL)
        return;
    in->household = household;
    in->loaded = 0;
    int owes = strcmp(category, "poverty_alleviated") == 0 || strcmp(category, "monitored") == 0;
    gtk_widget_set_visible(in->panel, owes);
    if (!owes)
        return;
    char *t = g_strdup_printf(_("Monthly income sums of %s's household"), head_name);
    gtk_label_set_text(GTK_LABEL(in->title), t);
    g_free(t);
    for (size_t i = 0; i < NITEMS; i++)
        gtk_editable_set_text(GTK_EDITABLE(in->entry[i]), "");
    gtk_editable_set_text(GTK_EDITABLE(in->members), "");
    gtk_editable_set_text(GTK_EDITABLE(in->ack_note), "");
    gtk_editable_set_text(GTK_EDITABLE(in->reason), "");
    gtk_label_set_text(GTK_LABEL(in->result), "");
    gtk_widget_set_visible(in->error, FALSE);
    struct history_job *j = g_new0(struct history_job, 1);
    j->household = household;
    desk_conn_submit(in->d->conn, history_run, history_done, j, history_job_free, in);
}

void desk_income_hide(struct desk_income *in)
{
    if (in != NULL) {
        gtk_widget_set_visible(in->panel, FALSE);
        in->household = 0;
    }
}

/* ---- saving (IncomeRecord) ---- */

struct record_job {
    Zhucun__IncomeRecord ir;
    Zhucun__IncomeItems items;
    int64_t household;
    uint32_t version;
    int64_t per_capita;
    GPtrArray *fields, *messages;
};

static void record_job_free(void *p)
{
    struct record_job *j = p;
    g_free(j->ir.month);
    g_free(j->ir.ack_note);
    g_free(j->ir.reason);
    g_ptr_array_unref(j->fields);
    g_ptr_array_unref(j->messages);
    g_free(j);
}

static void clear_marks(struct desk_income *in)
{
    GHashTableIter it;
    gpointer k, w;
    g_hash_table_iter_init(&it, in->widgets);
    while (g_hash_table_iter_next(&it, &k, &w))
        gtk_widget_remove_css_class(w, "error");
    gtk_label_set_text(GTK_LABEL(in->error), "");
    gtk_widget_set_visible(in->error, FALSE);
}

/* The widget of a request field as the library and the server name it. */
static GtkWidget *field_widget(struct desk_income *in, const char *field)
{
    for (size_t i = 0; i < NITEMS; i++)
        if (strcmp(field, items[i].field) == 0)
            return in->entry[i];
    if (strcmp(field, "items") == 0)
        return in->entry[0];
    return desk_income_widget(in, field);
}

struct marking {
    struct desk_income *in;
    GtkWidget *first;
};

static void mark(struct marking *m, GtkWidget *w, const char *message)
{
    if (w != NULL && gtk_widget_has_css_class(w, "error"))
        return;
    if (w != NULL)
        gtk_widget_add_css_class(w, "error");
    const char *old = gtk_label_get_text(GTK_LABEL(m->in->error));
    char *t = old[0] != '\0' ? g_strdup_printf("%s；%s", old, message) : g_strdup(message);
    gtk_label_set_text(GTK_LABEL(m->in->error), t);
    gtk_widget_set_visible(m->in->error, TRUE);
    g_free(t);
    if (m->first == NULL) {
        m->first = w != NULL ? w : m->in->error;
        if (w != NULL)
            gtk_widget_grab_focus(w);
    }
}

static void on_problem(const char *field, const char *message, void *user)
{
    struct marking *m = user;
    mark(m, field_widget(m->in, field), message);
}

static int record_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct record_job *j = data;
    Zhucun__Reply *reply = NULL;
    /* Keyed: the one retry after a lost connection cannot record the month twice. */
    struct zc_client *c = desk_conn_client(conn, err);
    int rc = c != NULL ? zc_income_record(c, &j->ir, &reply, err) : -1;
    if (rc == 0) {
        j->version = reply->income_record->version;
        j->per_capita = reply->income_record->per_capita_fen;
    } else {
        desk_field_errors(reply, j->fields, j->messages);
    }
    zc_reply_free(reply);
    return rc;
}

static void record_done(void *data, const struct zc_error *err, void *user)
{
    struct record_job *j = data;
    struct desk_income *in = user;
    in->sending = 0;
    gtk_widget_set_sensitive(in->save, TRUE);
    if (desk_outbox_queued(in->d, err, in->result)) {
        /* Offline: the month waits in the outbox (issue 24); the form is free again. */
        for (size_t i = 0; i < NITEMS; i++)
            gtk_editable_set_text(GTK_EDITABLE(in->entry[i]), "");
        gtk_editable_set_text(GTK_EDITABLE(in->ack_note), "");
        gtk_editable_set_text(GTK_EDITABLE(in->reason), "");
        return;
    }
    if (err == NULL) {
        char pc[32];
        rules_income_yuan_format(j->per_capita, pc);
        char *t = g_strdup_printf(_("Saved %s, version %u: %s yuan per person"), j->ir.month,
                                  j->version, pc);
        gtk_label_set_text(GTK_LABEL(in->result), t);
        desk_status(in->d, t, 0);
        g_free(t);
        desk_changed(in->d, "income-saved");
        if (j->household == in->household) {
            struct history_job *h = g_new0(struct history_job, 1);
            h->household = in->household;
            desk_conn_submit(in->d->conn, history_run, history_done, h, history_job_free, in);
        }
        return;
    }
    struct marking m = {in, NULL};
    clear_marks(in);
    if (j->fields->len > 0) {
        for (guint i = 0; i < j->fields->len; i++)
            mark(&m, field_widget(in, g_ptr_array_index(j->fields, i)),
                 g_ptr_array_index(j->messages, i));
    } else {
        mark(&m, err->field[0] ? field_widget(in, err->field) : NULL, err->message);
    }
    gtk_label_set_text(GTK_LABEL(in->result), err->message);
    desk_changed(in->d, "income-refused");
}

int desk_income_submit(struct desk_income *in)
{
    if (in == NULL || in->sending || in->household == 0)
        return 0;
    struct marking m = {in, NULL};
    clear_marks(in);
    struct record_job *j = g_new0(struct record_job, 1);
    j->fields = g_ptr_array_new_with_free_func(g_free);
    j->messages = g_ptr_array_new_with_free_func(g_free);
    j->household = in->household;
    zhucun__income_record__init(&j->ir);
    zhucun__income_items__init(&j->items);
    /* The amounts the form cannot read are its own check: they are not yet a request. */
    struct income_items it = {0};
    for (size_t i = 0; i < NITEMS; i++)
        if (rules_income_yuan_parse(gtk_editable_get_text(GTK_EDITABLE(in->entry[i])),
                                    items[i].negative_ok, item_slot(&it, i)) != 0)
            mark(&m, in->entry[i], L_(INCOME_YUAN_PROBLEM));
    j->items.wages_fen = it.wages;
    j->items.business_fen = it.business;
    j->items.rent_fen = it.rent;
    j->items.dividend_fen = it.dividend;
    j->items.pension_fen = it.pension;
    j->items.subsidy_fen = it.subsidy;
    j->items.dibao_fen = it.dibao;
    j->items.other_transfer_fen = it.other_transfer;
    j->items.costs_fen = it.costs;
    int members;
    read_form(in, &it, &members);
    j->ir.household_id = in->household;
    j->ir.month = g_strdup(gtk_editable_get_text(GTK_EDITABLE(in->month)));
    j->ir.items = &j->items;
    j->ir.members = members > 0 ? (uint32_t)members : 0;
    guint a = gtk_drop_down_get_selected(GTK_DROP_DOWN(in->ack));
    j->ir.ack = (char *)(a < G_N_ELEMENTS(acks) ? acks[a] : "");
    j->ir.ack_note = g_strdup(gtk_editable_get_text(GTK_EDITABLE(in->ack_note)));
    j->ir.reason = g_strdup(gtk_editable_get_text(GTK_EDITABLE(in->reason)));
    desk_check(&j->ir.base, on_problem, &m);
    if (m.first != NULL) {
        record_job_free(j);
        gtk_label_set_text(GTK_LABEL(in->result), _("Please correct the fields marked in red"));
        desk_changed(in->d, "income-invalid");
        return 0;
    }
    in->sending = 1;
    in->sent++;
    gtk_widget_set_sensitive(in->save, FALSE);
    gtk_label_set_text(GTK_LABEL(in->result), _("Sending…"));
    desk_conn_submit(in->d->conn, record_run, record_done, j, record_job_free, in);
    return 1;
}

int desk_income_sent(struct desk_income *in)
{
    return in != NULL ? in->sent : 0;
}

static void on_save(GtkButton *b, gpointer user)
{
    (void)b;
    desk_income_submit(user);
}

/* ---- the panel ---- */

static GtkWidget *label(const char *text, float xalign, const char *css)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), xalign);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    if (css != NULL)
        gtk_widget_add_css_class(l, css);
    return l;
}

static GtkWidget *entry(struct desk_income *in, const char *id, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    g_hash_table_insert(in->widgets, (gpointer)id, e);
    return e;
}

struct desk_income *desk_income_new(struct desk *d, GtkWidget *parent)
{
    struct desk_income *in = g_new0(struct desk_income, 1);
    in->d = d;
    in->widgets = g_hash_table_new(g_str_hash, g_str_equal);
    in->panel = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_set_margin_top(in->panel, 12);
    in->title = label("", 0, "title-4");
    in->standard = label("", 0, "dim-label");
    gtk_box_append(GTK_BOX(in->panel), in->title);
    gtk_box_append(GTK_BOX(in->panel), in->standard);

    GtkGrid *g = GTK_GRID(gtk_grid_new());
    gtk_grid_set_row_spacing(g, 4);
    gtk_grid_set_column_spacing(g, 12);
    int row = 0;
    in->month = entry(in, "month", 8);
    char day[11];
    rules_date_format(zc_clock_today(), day);
    day[7] = '\0';
    gtk_editable_set_text(GTK_EDITABLE(in->month), day);
    gtk_grid_attach(g, label(_("Month (YYYY-MM)"), 1, NULL), 0, row, 1, 1);
    gtk_grid_attach(g, in->month, 1, row++, 1, 1);
    for (size_t i = 0; i < NITEMS; i++) {
        in->entry[i] = entry(in, items[i].id, 12);
        gtk_entry_set_placeholder_text(GTK_ENTRY(in->entry[i]), _("yuan"));
        in->last[i] = label("", 0, "dim-label");
        gtk_grid_attach(g, label(_(items[i].label), 1, NULL), 0, row, 1, 1);
        gtk_grid_attach(g, in->entry[i], 1, row, 1, 1);
        gtk_grid_attach(g, in->last[i], 2, row++, 1, 1);
        g_signal_connect(in->entry[i], "changed", G_CALLBACK(recompute), in);
    }
    in->members = entry(in, "members", 4);
    g_signal_connect(in->members, "changed", G_CALLBACK(recompute), in);
    gtk_grid_attach(g, label(_("Members counted"), 1, NULL), 0, row, 1, 1);
    gtk_grid_attach(g, in->members, 1, row++, 1, 1);
    const char *ack_names[] = {_("Signed in person"), _("Confirmed by phone"),
                               _("Refused (give the reason)"), NULL};
    in->ack = gtk_drop_down_new_from_strings(ack_names);
    gtk_widget_set_halign(in->ack, GTK_ALIGN_START);
    g_hash_table_insert(in->widgets, "ack", in->ack);
    gtk_grid_attach(g, label(_("Acknowledged"), 1, NULL), 0, row, 1, 1);
    gtk_grid_attach(g, in->ack, 1, row++, 2, 1);
    in->ack_note = entry(in, "ack_note", 30);
    gtk_grid_attach(g, label(_("Household's note"), 1, NULL), 0, row, 1, 1);
    gtk_grid_attach(g, in->ack_note, 1, row++, 2, 1);
    in->reason = entry(in, "reason", 30);
    gtk_entry_set_placeholder_text(GTK_ENTRY(in->reason), _("only when correcting a month"));
    gtk_grid_attach(g, label(_("Reason for a correction"), 1, NULL), 0, row, 1, 1);
    gtk_grid_attach(g, in->reason, 1, row++, 2, 1);
    gtk_box_append(GTK_BOX(in->panel), GTK_WIDGET(g));

    in->result_line = label("", 0, "heading");
    g_hash_table_insert(in->widgets, "per_capita", in->result_line);
    gtk_box_append(GTK_BOX(in->panel), in->result_line);
    in->error = label("", 0, "error");
    gtk_widget_set_visible(in->error, FALSE);
    g_hash_table_insert(in->widgets, "error", in->error);
    gtk_box_append(GTK_BOX(in->panel), in->error);
    in->save = gtk_button_new_with_label(_("Save this month's sums"));
    gtk_widget_set_halign(in->save, GTK_ALIGN_START);
    gtk_widget_set_sensitive(in->save, (d->roles & DESK_ROLE_HOUSEHOLD) != 0);
    g_hash_table_insert(in->widgets, "save", in->save);
    g_signal_connect(in->save, "clicked", G_CALLBACK(on_save), in);
    desk_form_keys(in->panel, g_hash_table_lookup(in->widgets, "wages"), in->save);
    gtk_box_append(GTK_BOX(in->panel), in->save);
    in->result = label("", 0, NULL);
    g_hash_table_insert(in->widgets, "result", in->result);
    gtk_box_append(GTK_BOX(in->panel), in->result);

    gtk_widget_set_visible(in->panel, FALSE);
    gtk_box_append(GTK_BOX(parent), in->panel);
    return in;
}

void desk_income_free(struct desk_income *in)
{
    if (in == NULL)
        return;
    g_hash_table_unref(in->widgets);
    g_free(in);
}
