/* delegation.c -- an approver's delegations (SPEC W4): the list (DelegationList) with a revoke
 * button on each live one (DelegationRevoke), and a dialog that delegates one of the caller's
 * approving roles with its scope to another account for a range of days (DelegationCreate;
 * the server's field errors shown at the fields). */
#include "desk.h"

#include <string.h>

#include "common/rules/date.h"

struct desk_deleg {
    struct desk *d;
    GtkListBox *list;
    GArray *ids; /* int64_t, row order */
    GtkBuilder *ui;
    GtkWindow *window;
    GPtrArray *choice_roles, *choice_scopes; /* the dialog's dropdown, by index */
    int sending;
};

static GtkWidget *W(struct desk_deleg *g, const char *id)
{
    return GTK_WIDGET(desk_object(g->d, "main", id));
}

static GtkWidget *D(struct desk_deleg *g, const char *id)
{
    return GTK_WIDGET(gtk_builder_get_object(g->ui, id));
}

static int approving(const char *role)
{
    return strcmp(role, "township") == 0 || strcmp(role, "county_office") == 0 ||
           strcmp(role, "city_office") == 0 || strcmp(role, "province_office") == 0 ||
           strcmp(role, "unit_admin") == 0;
}

/* ---- the list ---- */

static void on_revoke_clicked(GtkButton *b, gpointer user)
{
    struct desk_deleg *g = user;
    GtkWidget *row = gtk_widget_get_ancestor(GTK_WIDGET(b), GTK_TYPE_LIST_BOX_ROW);
    if (row != NULL)
        desk_deleg_revoke(g, gtk_list_box_row_get_index(GTK_LIST_BOX_ROW(row)));
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_deleg *g = user;
    if (err != NULL) {
        desk_status(g->d, err->message, 1);
        desk_changed(g->d, "delegations-failed");
        return;
    }
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(g->list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(g->list, 0))
        gtk_list_box_remove(g->list, GTK_WIDGET(row));
    g_array_set_size(g->ids, 0);
    const Zhucun__DelegationListReply *l = reply->delegation_list;
    char today[11];
    desk_today(today);
    int live = 0;
    for (size_t i = 0; i < l->n_delegations; i++) {
        const Zhucun__Delegation *x = l->delegations[i];
        int ended = x->revoked || strcmp(x->last_day, today) < 0;
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
        gtk_widget_add_css_class(box, "queue-row");
        char *text =
            g_strdup_printf(_("%s → %s · %s %s · %s to %s%s"), x->from_username, x->to_username,
                            desk_role_name(x->role), x->scope_code, x->first_day, x->last_day,
                            x->revoked ? _(" (revoked)")
                            : ended    ? _(" (ended)")
                                       : "");
        GtkWidget *t = gtk_label_new(text);
        g_free(text);
        gtk_label_set_xalign(GTK_LABEL(t), 0);
        gtk_label_set_wrap(GTK_LABEL(t), TRUE);
        gtk_widget_set_hexpand(t, TRUE);
        if (ended)
            gtk_widget_add_css_class(t, "dim-label");
        gtk_box_append(GTK_BOX(box), t);
        /* Only one's own live delegations can be revoked here. */
        if (!ended && g_strcmp0(x->from_username, g->d->username) == 0) {
            GtkWidget *b = gtk_button_new_with_mnemonic(_("Re_voke"));
            gtk_widget_add_css_class(b, "destructive-action");
            g_signal_connect(b, "clicked", G_CALLBACK(on_revoke_clicked), g);
            gtk_box_append(GTK_BOX(box), b);
            live++;
        }
        gtk_list_box_append(g->list, box);
        g_array_append_val(g->ids, x->id);
    }
    char *c = g_strdup_printf(_("%d delegations in force"), live);
    gtk_label_set_text(GTK_LABEL(W(g, "dg_count")), c);
    g_free(c);
    desk_changed(g->d, "delegations");
}

void desk_deleg_refresh(struct desk_deleg *g)
{
    Zhucun__DelegationList dl = ZHUCUN__DELEGATION_LIST__INIT;
    desk_call(g->d, &dl.base, list_done, g);
}

int desk_deleg_count(struct desk_deleg *g)
{
    return (int)g->ids->len;
}

static void revoke_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_deleg *g = user;
    if (err != NULL) {
        desk_status(g->d, err->message, 1);
        desk_changed(g->d, "revoke-failed");
        return;
    }
    desk_status(g->d, _("Delegation revoked"), 0);
    desk_changed(g->d, "revoked");
    desk_deleg_refresh(g);
}

void desk_deleg_revoke(struct desk_deleg *g, int i)
{
    if (i < 0 || (guint)i >= g->ids->len)
        return;
    Zhucun__DelegationRevoke dr = ZHUCUN__DELEGATION_REVOKE__INIT;
    dr.id = g_array_index(g->ids, int64_t, i);
    /* Revoking twice is harmless: sent again after a lost reply. */
    desk_call(g->d, &dr.base, revoke_done, g);
}

/* ---- the dialog ---- */

/* Clears the dialog's error line and marks. */
static void dialog_clear(struct desk_deleg *g)
{
    const char *fields[] = {"dg_to", "dg_first", "dg_last"};
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        gtk_widget_remove_css_class(D(g, fields[i]), "error");
    GtkWidget *l = D(g, "dg_error");
    gtk_label_set_text(GTK_LABEL(l), "");
    gtk_widget_set_visible(l, FALSE);
}

/* Adds message to the error line and marks the entry id (NULL: none); the first entry marked
 * gets the focus. */
static void dialog_error(struct desk_deleg *g, const char *message, const char *id)
{
    GtkWidget *l = D(g, "dg_error");
    const char *old = gtk_label_get_text(GTK_LABEL(l));
    int first = old[0] == '\0';
    char *t = first ? g_strdup(message) : g_strdup_printf("%s；%s", old, message);
    gtk_label_set_text(GTK_LABEL(l), t);
    g_free(t);
    gtk_widget_set_visible(l, TRUE);
    if (id != NULL) {
        if (first)
            gtk_widget_grab_focus(D(g, id));
        gtk_widget_add_css_class(D(g, id), "error");
    }
}

/* The dialog's entry for a DelegationCreate field, or NULL. */
static const char *entry_of(const char *field)
{
    return strcmp(field, "to_username") == 0 ? "dg_to"
           : strcmp(field, "first_day") == 0 ? "dg_first"
           : strcmp(field, "last_day") == 0  ? "dg_last"
                                             : NULL;
}

static void on_problem(const char *field, const char *message, void *user)
{
    dialog_error(user, message, entry_of(field));
}

static void create_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_deleg *g = user;
    g->sending = 0;
    if (g->window == NULL) /* closed meanwhile */
        return;
    gtk_widget_set_sensitive(D(g, "dg_ok"), TRUE);
    if (err != NULL) {
        dialog_clear(g);
        dialog_error(g, err->message, entry_of(err->field));
        desk_changed(g->d, "delegate-failed");
        return;
    }
    gtk_window_close(g->window);
    desk_status(g->d, _("Delegation saved"), 0);
    desk_changed(g->d, "delegated");
    desk_deleg_refresh(g);
}

static void dialog_submit(struct desk_deleg *g)
{
    if (g->sending)
        return;
    const char *to = gtk_editable_get_text(GTK_EDITABLE(D(g, "dg_to")));
    const char *first = gtk_editable_get_text(GTK_EDITABLE(D(g, "dg_first")));
    const char *last = gtk_editable_get_text(GTK_EDITABLE(D(g, "dg_last")));
    guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(D(g, "dg_role")));
    int problems = 0;
    dialog_clear(g);
    /* The form's own checks. The role and scope come from the caller's grants, which the
     * library does not know: with none to choose there is no request to make. */
    if (i >= g->choice_roles->len) {
        dialog_error(g, _("This account has no role to delegate"), NULL);
        return;
    }
    /* Who is logged in is the session's, not the request's (the server refuses it too). */
    if (g_strcmp0(to, g->d->username) == 0) {
        dialog_error(g, _("You cannot delegate to yourself"), "dg_to");
        problems++;
    }
    Zhucun__DelegationCreate dc = ZHUCUN__DELEGATION_CREATE__INIT;
    dc.to_username = (char *)to;
    dc.role = g_ptr_array_index(g->choice_roles, i);
    dc.scope_code = g_ptr_array_index(g->choice_scopes, i);
    dc.first_day = (char *)first;
    dc.last_day = (char *)last;
    /* The library's verdict: the days, their span, a delegate named. */
    problems += desk_check(&dc.base, on_problem, g);
    if (problems > 0)
        return;
    g->sending = 1;
    gtk_widget_set_sensitive(D(g, "dg_ok"), FALSE);
    /* The server takes no idempotency key for DelegationCreate: sent at most once (after a
     * lost reply the error says to check the list first). */
    desk_call(g->d, &dc.base, create_done, g);
}

static void on_ok(GtkWidget *w, gpointer user)
{
    (void)w;
    dialog_submit(user);
}

static void on_cancel(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_deleg *g = user;
    gtk_window_close(g->window);
}

static gboolean on_close(GtkWindow *w, gpointer user)
{
    (void)w;
    struct desk_deleg *g = user;
    g->window = NULL;
    return FALSE;
}

void desk_deleg_dialog(struct desk_deleg *g)
{
    if (g->window != NULL) {
        gtk_window_present(g->window);
        return;
    }
    g_clear_object(&g->ui);
    g->ui = gtk_builder_new_from_resource("/cn/zhucun/desk/delegate.ui");
    g->window = GTK_WINDOW(gtk_builder_get_object(g->ui, "delegate_window"));
    gtk_window_set_transient_for(g->window, g->d->main_window);
    g_ptr_array_set_size(g->choice_roles, 0);
    g_ptr_array_set_size(g->choice_scopes, 0);
    GtkStringList *names = gtk_string_list_new(NULL);
    for (guint i = 0; g->d->grant_roles != NULL && i < g->d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(g->d->grant_roles, i);
        const char *scope = g_ptr_array_index(g->d->grant_scopes, i);
        if (!approving(role))
            continue;
        g_ptr_array_add(g->choice_roles, g_strdup(role));
        g_ptr_array_add(g->choice_scopes, g_strdup(scope));
        char *t = g_strdup_printf("%s %s", desk_role_name(role), scope);
        gtk_string_list_append(names, t);
        g_free(t);
    }
    gtk_drop_down_set_model(GTK_DROP_DOWN(D(g, "dg_role")), G_LIST_MODEL(names));
    g_object_unref(names);
    char today[11], week[11];
    desk_today(today);
    int ok;
    rules_date_format(rules_date_days(today, &ok) + 6, week);
    gtk_editable_set_text(GTK_EDITABLE(D(g, "dg_first")), today);
    gtk_editable_set_text(GTK_EDITABLE(D(g, "dg_last")), week);
    g_signal_connect(D(g, "dg_ok"), "clicked", G_CALLBACK(on_ok), g);
    g_signal_connect(D(g, "dg_cancel"), "clicked", G_CALLBACK(on_cancel), g);
    const char *entries[] = {"dg_to", "dg_first", "dg_last"};
    for (size_t i = 0; i < G_N_ELEMENTS(entries); i++)
        g_signal_connect(D(g, entries[i]), "activate", G_CALLBACK(on_ok), g);
    g_signal_connect(g->window, "close-request", G_CALLBACK(on_close), g);
    desk_add_escape(g->window);
    gtk_window_present(g->window);
    gtk_widget_grab_focus(D(g, "dg_to"));
    desk_changed(g->d, "delegate-open");
}

GtkBuilder *desk_deleg_dialog_ui(struct desk_deleg *g)
{
    return g->window != NULL ? g->ui : NULL;
}

static void on_new(GtkButton *b, gpointer user)
{
    (void)b;
    desk_deleg_dialog(user);
}

static void on_refresh(GtkButton *b, gpointer user)
{
    (void)b;
    desk_deleg_refresh(user);
}

struct desk_deleg *desk_deleg_new(struct desk *d)
{
    struct desk_deleg *g = g_new0(struct desk_deleg, 1);
    g->d = d;
    g->ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    g->choice_roles = g_ptr_array_new_with_free_func(g_free);
    g->choice_scopes = g_ptr_array_new_with_free_func(g_free);
    g->list = GTK_LIST_BOX(W(g, "dg_list"));
    GtkWidget *empty = gtk_label_new(_("No delegation"));
    gtk_widget_add_css_class(empty, "dim-label");
    gtk_list_box_set_placeholder(g->list, empty);
    g_signal_connect(W(g, "dg_new"), "clicked", G_CALLBACK(on_new), g);
    g_signal_connect(W(g, "dg_refresh"), "clicked", G_CALLBACK(on_refresh), g);
    return g;
}

void desk_deleg_free(struct desk_deleg *g)
{
    if (g == NULL)
        return;
    if (g->window != NULL)
        gtk_window_destroy(g->window);
    g_clear_object(&g->ui);
    g_array_unref(g->ids);
    g_ptr_array_unref(g->choice_roles);
    g_ptr_array_unref(g->choice_scopes);
    g_free(g);
}
