/* office_users.c -- the offices' accounts page (账号管理, issue 24), made in code and added to the
 * main window's stack as "office-users" for a province, city or county office (the calls' only
 * callers, docs/access.md). An account made for a person (UserAdd: username, name, phone, party
 * membership, dispatching unit, the org unit that keeps the record, the role and its scope):
 * the initial password the server makes is shown once, and gone with the next action; an
 * account's password reset (UserResetPassword, the new one shown once), disabled or enabled
 * again (UserDisable). Each form's body is checked by the client library before it is sent; a
 * refusal is marked at its field. Also the dispatching units as a choice (UnitList), which the
 * organisation page's assign form shares. */
#include "desk.h"

#include <string.h>

#include "common/rules/account.h"

struct desk_office_users {
    struct desk *d;
    struct desk_form f, uf; /* f: the new account; uf: an account's password and state */
    int enabling;           /* what the state sent does */
};

static GtkWidget *W(struct desk_office_users *p, const char *name)
{
    GtkWidget *w = desk_form_widget(&p->f, name);
    return w != NULL ? w : desk_form_widget(&p->uf, name);
}

/* ---- the dispatching units as a choice ---- */

static void units_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    GtkWidget *choice = user;
    size_t n = err == NULL ? reply->unit_list->n_units : 0;
    const char **labels = g_new(const char *, n + 1);
    char **values = g_new0(char *, n + 2);
    labels[0] = _("no dispatching unit");
    values[0] = g_strdup("0");
    for (size_t i = 0; i < n; i++) {
        labels[i + 1] = reply->unit_list->units[i]->name;
        values[i + 1] = g_strdup_printf("%lld", (long long)reply->unit_list->units[i]->id);
    }
    desk_choice_set(choice, labels, (const char *const *)values, n + 1);
    g_free(labels);
    g_strfreev(values);
}

void desk_units_choice_fill(struct desk *d, GtkWidget *choice)
{
    Zhucun__UnitList u = ZHUCUN__UNIT_LIST__INIT;
    /* the page, and its choice, outlive the session's requests (desk_session_end) */
    desk_call(d, &u.base, units_done, choice);
}

/* ---- a new account ---- */

static const char *const add_fields[] = {
    "username",        "ua_username", "person.name", "ua_name",    "person.phone",
    "ua_phone",        "role",        "ua_role",     "scope_code", "ua_scope",
    "person.org_code", "ua_org",      "unit_id",     "ua_unit",    "person.unit_id",
    "ua_unit",         NULL};

/* Whatever password was shown goes with the next action. */
static void forget_passwords(struct desk_office_users *p)
{
    gtk_label_set_text(GTK_LABEL(W(p, "ua_password")), "");
    gtk_label_set_text(GTK_LABEL(W(p, "uu_password")), "");
}

/* A write's result (text: taken) in f's result line, and the initial password it made in
 * label: shown this once. The username is the form's first field. */
static void show_password(struct desk_office_users *p, struct desk_form *f, const char *label,
                          const char *password, char *text)
{
    desk_form_say(f, text);
    const char *username = desk_form_text(f, f->fields[1]);
    char *t = password[0] != '\0'
                  ? g_strdup_printf(_("Initial password of %s (shown once; it must be changed at "
                                      "the first login): %s"),
                                    username, password)
                  : g_strdup_printf(_("Done before: the password of %s was shown then; reset it "
                                      "if it was not noted"),
                                    username);
    gtk_label_set_text(GTK_LABEL(W(p, label)), t);
    g_free(t);
}

static void add_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_users *p = user;
    if (desk_form_answered(&p->f, p->d, err, "office-user-add-failed") != 0)
        return;
    const Zhucun__UserAddReply *a = reply->user_add;
    show_password(p, &p->f, "ua_password", a->initial_password,
                  g_strdup_printf(_("Account %s made: person #%lld"),
                                  desk_form_text(&p->f, "ua_username"), (long long)a->person_id));
    static const char *const cleared[] = {"ua_username", "ua_name", "ua_phone", NULL};
    for (const char *const *x = cleared; *x != NULL; x++)
        gtk_editable_set_text(GTK_EDITABLE(W(p, *x)), "");
    gtk_widget_grab_focus(W(p, "ua_username"));
    desk_changed(p->d, "office-user-add");
}

static void on_add(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_office_users *p = user;
    forget_passwords(p);
    Zhucun__Person person = ZHUCUN__PERSON__INIT;
    person.name = (char *)desk_form_text(&p->f, "ua_name");
    person.phone = (char *)desk_form_text(&p->f, "ua_phone");
    person.party_member = gtk_check_button_get_active(GTK_CHECK_BUTTON(W(p, "ua_party")));
    person.unit_id = desk_id_of(desk_choice_value(W(p, "ua_unit")));
    person.org_code = (char *)desk_form_text(&p->f, "ua_org");
    Zhucun__UserAdd a = ZHUCUN__USER_ADD__INIT;
    a.username = (char *)desk_form_text(&p->f, "ua_username");
    a.person = &person;
    a.role = (char *)desk_choice_value(W(p, "ua_role"));
    a.scope_code = (char *)desk_form_text(&p->f, "ua_scope");
    desk_form_send(&p->f, p->d, &a.base, add_done, p, "office-user-add-refused");
}

/* ---- an account's password and state ---- */

static const char *const account_fields[] = {"username", "uu_username", NULL};

static void reset_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_users *p = user;
    if (desk_form_answered(&p->uf, p->d, err, "office-user-failed") != 0)
        return;
    show_password(p, &p->uf, "uu_password", reply->user_reset_password->initial_password,
                  g_strdup(_("The password was reset; the old one no longer works")));
    desk_changed(p->d, "office-user-reset");
}

static void on_reset(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_office_users *p = user;
    forget_passwords(p);
    Zhucun__UserResetPassword r = ZHUCUN__USER_RESET_PASSWORD__INIT;
    r.username = (char *)desk_form_text(&p->uf, "uu_username");
    desk_form_send(&p->uf, p->d, &r.base, reset_done, p, "office-user-refused");
}

static void state_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_office_users *p = user;
    if (desk_form_answered(&p->uf, p->d, err, "office-user-failed") != 0)
        return;
    const char *name = desk_form_text(&p->uf, "uu_username");
    desk_form_say(&p->uf, p->enabling ? g_strdup_printf(_("The account %s can log in again"), name)
                                      : g_strdup_printf(_("The account %s is disabled: it can "
                                                          "no longer log in"),
                                                        name));
    desk_changed(p->d, "office-user-state");
}

static void set_state(struct desk_office_users *p, int enable)
{
    forget_passwords(p);
    p->enabling = enable;
    Zhucun__UserDisable u = ZHUCUN__USER_DISABLE__INIT;
    u.username = (char *)desk_form_text(&p->uf, "uu_username");
    u.enable = enable;
    desk_form_send(&p->uf, p->d, &u.base, state_done, p, "office-user-refused");
}

static void on_disable(GtkWidget *w, gpointer user)
{
    (void)w;
    set_state(user, 0);
}

static void on_enable(GtkWidget *w, gpointer user)
{
    (void)w;
    set_state(user, 1);
}

/* The roles an office gives, by their names for people. */
static GtkWidget *role_choice(struct desk_office_users *p)
{
    GtkWidget *c = desk_form_choice(&p->f, "ua_role");
    const char *roles[] = {"cadre",           "team_captain", "township",  "county_office",
                           "county_captain",  "unit_admin",   "inspector", "city_office",
                           "province_office", "exporter"};
    const char *labels[G_N_ELEMENTS(roles)];
    for (size_t i = 0; i < G_N_ELEMENTS(roles); i++)
        labels[i] = desk_role_name(roles[i]);
    desk_choice_set(c, labels, roles, G_N_ELEMENTS(roles));
    return c;
}

/* The first office grant's unit: where a new person's record is kept unless changed. */
static const char *office_scope(struct desk *d)
{
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++)
        if (rules_role_bit(g_ptr_array_index(d->grant_roles, i)) &
            (ROLE_PROVINCE_OFFICE | ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE))
            return g_ptr_array_index(d->grant_scopes, i);
    return NULL;
}

static void add_part(struct desk_office_users *p, GtkBox *b)
{
    desk_form_init(&p->f, add_fields, "ua_result");
    gtk_box_append(b, desk_heading(_("A new account for a person")));
    GtkWidget *org = desk_form_entry(&p->f, "ua_org", _("kept by the unit (code)"), 14);
    gtk_editable_set_text(GTK_EDITABLE(org), office_scope(p->d));
    gtk_box_append(b, desk_hrow(desk_form_entry(&p->f, "ua_username", _("username"), 16),
                                desk_form_entry(&p->f, "ua_name", _("full name"), 12),
                                desk_form_entry(&p->f, "ua_phone", _("mobile phone"), 13),
                                desk_form_keep(&p->f, "ua_party",
                                               gtk_check_button_new_with_label(_("party member"))),
                                NULL));
    gtk_box_append(b,
                   desk_hrow(gtk_label_new(_("Dispatched by")), desk_form_choice(&p->f, "ua_unit"),
                             gtk_label_new(_("record kept by")), org, NULL));
    gtk_box_append(
        b, desk_hrow(
               gtk_label_new(_("Role")), role_choice(p), gtk_label_new(_("at")),
               desk_form_entry(&p->f, "ua_scope", _("role's unit (code; empty: the same)"), 22),
               desk_form_keep(&p->f, "ua_save", gtk_button_new_with_label(_("Make the account"))),
               NULL));
    gtk_box_append(b, desk_form_label(&p->f, "ua_result"));
    GtkWidget *pw = desk_form_label(&p->f, "ua_password");
    gtk_label_set_selectable(GTK_LABEL(pw), TRUE);
    gtk_box_append(b, pw);
    g_signal_connect(W(p, "ua_save"), "clicked", G_CALLBACK(on_add), p);
    static const char *const entries[] = {"ua_username", "ua_name",  "ua_phone",
                                          "ua_org",      "ua_scope", NULL};
    desk_form_enter(&p->f, entries, G_CALLBACK(on_add), p);
    desk_units_choice_fill(p->d, W(p, "ua_unit"));
}

static void account_part(struct desk_office_users *p, GtkBox *b)
{
    desk_form_init(&p->uf, account_fields, "uu_result");
    gtk_box_append(b, desk_heading(_("An account's password and state")));
    GtkWidget *name = desk_form_entry(&p->uf, "uu_username", _("username"), 16);
    gtk_box_append(
        b,
        desk_hrow(
            name,
            desk_form_keep(&p->uf, "uu_reset", gtk_button_new_with_label(_("Reset the password"))),
            desk_form_keep(&p->uf, "uu_disable", gtk_button_new_with_label(_("Disable"))),
            desk_form_keep(&p->uf, "uu_enable", gtk_button_new_with_label(_("Enable"))), NULL));
    gtk_box_append(b, desk_form_label(&p->uf, "uu_result"));
    GtkWidget *pw = desk_form_label(&p->uf, "uu_password");
    gtk_label_set_selectable(GTK_LABEL(pw), TRUE);
    gtk_box_append(b, pw);
    g_signal_connect(W(p, "uu_reset"), "clicked", G_CALLBACK(on_reset), p);
    g_signal_connect(W(p, "uu_disable"), "clicked", G_CALLBACK(on_disable), p);
    g_signal_connect(W(p, "uu_enable"), "clicked", G_CALLBACK(on_enable), p);
    /* Enter resets: the one action that is undone by nothing else */
    g_signal_connect(name, "activate", G_CALLBACK(on_reset), p);
}

struct desk_office_users *desk_office_users_new(struct desk *d, GtkStack *stack)
{
    if (office_scope(d) == NULL)
        return NULL;
    struct desk_office_users *p = g_new0(struct desk_office_users, 1);
    p->d = d;
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    add_part(p, GTK_BOX(page));
    account_part(p, GTK_BOX(page));
    desk_page_add(stack, page, "office-users", _("Accounts"));
    return p;
}

void desk_office_users_refresh(struct desk_office_users *p)
{
    gtk_widget_grab_focus(W(p, "ua_username"));
}

void desk_office_users_free(struct desk_office_users *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    desk_form_free(&p->uf);
    g_free(p);
}

GtkWidget *desk_office_users_widget(struct desk_office_users *p, const char *name)
{
    return W(p, name);
}
