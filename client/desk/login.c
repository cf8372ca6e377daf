/* login.c -- the login window (server, username, password) and the forced change of an
 * initial password; both send their request through the worker and wait for the answer on
 * the main loop. */
#include "desk.h"

#include <string.h>

#include "common/rules/account.h"

struct login_job {
    char *username;
    char *password;
    /* out */
    char *display_name;
    int must_change;
    unsigned roles;
    char *role_text;
    GPtrArray *grant_roles, *grant_scopes;
};

static void wipe(char *s)
{
    if (s != NULL) {
        memset(s, 0, strlen(s));
        g_free(s);
    }
}

static void login_job_free(void *p)
{
    struct login_job *j = p;
    g_free(j->username);
    wipe(j->password);
    g_free(j->display_name);
    g_free(j->role_text);
    if (j->grant_roles != NULL)
        g_ptr_array_unref(j->grant_roles);
    if (j->grant_scopes != NULL)
        g_ptr_array_unref(j->grant_scopes);
    g_free(j);
}

static int role_in(const char *role, const char *const *set)
{
    for (; *set != NULL; set++)
        if (strcmp(role, *set) == 0)
            return 1;
    return 0;
}

/* Worker thread: Login, then WhoAmI for the roles. */
static int login_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct login_job *j = data;
    Zhucun__Reply *reply = NULL;
    int rc = desk_conn_login(conn, j->username, j->password, &reply, err);
    if (rc == 0) {
        j->display_name = g_strdup(reply->login->display_name);
        j->must_change = reply->login->must_change_password;
    }
    zc_reply_free(reply);
    if (rc != 0)
        return rc;
    Zhucun__WhoAmI w = ZHUCUN__WHO_AM_I__INIT;
    reply = NULL;
    struct zc_client *c = desk_conn_client(conn, err);
    rc = c != NULL ? zc_whoami(c, &w, &reply, err) : -1;
    if (rc == 0) {
        static const char *const cadres[] = {"cadre", "team_captain", NULL};
        static const char *const readers[] = {"province_office", "city_office",    "county_office",
                                              "township",        "county_captain", "team_captain",
                                              "cadre",           "inspector",      NULL};
        GString *text = g_string_new(NULL);
        j->grant_roles = g_ptr_array_new_with_free_func(g_free);
        j->grant_scopes = g_ptr_array_new_with_free_func(g_free);
        for (size_t i = 0; i < reply->whoami->n_roles; i++) {
            const Zhucun__RoleGrant *g = reply->whoami->roles[i];
            g_ptr_array_add(j->grant_roles, g_strdup(g->role));
            g_ptr_array_add(j->grant_scopes, g_strdup(g->scope_code));
            if (role_in(g->role, cadres))
                j->roles |= DESK_ROLE_CADRE;
            if (role_in(g->role, readers))
                j->roles |= DESK_ROLE_READER;
            if (role_in(g->role, readers) && strcmp(g->role, "cadre") != 0)
                j->roles |= DESK_ROLE_SUPERVISOR; /* AttendanceReport's roles */
            if (strcmp(g->role, "township") == 0 || strcmp(g->role, "county_office") == 0 ||
                strcmp(g->role, "unit_admin") == 0)
                j->roles |= DESK_ROLE_APPROVER;
            if (strcmp(g->role, "township") == 0 || strcmp(g->role, "county_office") == 0 ||
                strcmp(g->role, "team_captain") == 0 || strcmp(g->role, "cadre") == 0)
                j->roles |= DESK_ROLE_HOUSEHOLD;
            g_string_append_printf(text, "%s%s %s", i ? "，" : "", desk_role_name(g->role),
                                   g->scope_name[0] ? g->scope_name : g->scope_code);
        }
        j->role_text = g_string_free(text, FALSE);
    }
    zc_reply_free(reply);
    return rc;
}

static void set_busy(struct desk *d, int busy)
{
    d->busy = busy;
    gtk_widget_set_sensitive(GTK_WIDGET(desk_object(d, "login", "login_button")), !busy);
    gtk_spinner_set_spinning(GTK_SPINNER(desk_object(d, "login", "login_spinner")), busy);
}

static void login_error(struct desk *d, const char *message, const char *focus)
{
    GtkLabel *l = GTK_LABEL(desk_object(d, "login", "login_error"));
    gtk_label_set_text(l, message);
    gtk_widget_set_visible(GTK_WIDGET(l), message != NULL);
    if (focus != NULL)
        gtk_widget_grab_focus(GTK_WIDGET(desk_object(d, "login", focus)));
}

static void passwd_show(struct desk *d);

static void login_done(void *data, const struct zc_error *err, void *user)
{
    struct desk *d = user;
    struct login_job *j = data;
    set_busy(d, 0);
    if (err != NULL) {
        login_error(d, err->message,
                    err->code == ZHUCUN__CODE__UNAVAILABLE ? "server" : "password");
        desk_changed(d, "login-failed");
        return;
    }
    /* Someone else logging in after a session ended: the old screens go. */
    if (d->main_window != NULL && g_strcmp0(d->username, j->username) != 0)
        desk_main_discard(d);
    g_free(d->username);
    d->username = g_strdup(j->username);
    g_free(d->display_name);
    d->display_name = g_strdup(j->display_name);
    g_free(d->role_text);
    d->role_text = g_strdup(j->role_text);
    d->roles = j->roles;
    if (d->grant_roles != NULL)
        g_ptr_array_unref(d->grant_roles);
    if (d->grant_scopes != NULL)
        g_ptr_array_unref(d->grant_scopes);
    d->grant_roles = g_ptr_array_ref(j->grant_roles);
    d->grant_scopes = g_ptr_array_ref(j->grant_scopes);
    desk_conn_token(d->conn, d->token);
    desk_settings_save(d);
    if (j->must_change) {
        d->initial_password = g_strdup(j->password);
        passwd_show(d);
        desk_changed(d, "passwd");
        return;
    }
    gtk_widget_set_visible(GTK_WIDGET(d->login_window), FALSE);
    desk_main_show(d);
    desk_changed(d, "logged-in");
}

void desk_login_submit(struct desk *d)
{
    if (d->busy)
        return;
    const char *server = gtk_editable_get_text(GTK_EDITABLE(desk_object(d, "login", "server")));
    const char *username = gtk_editable_get_text(GTK_EDITABLE(desk_object(d, "login", "username")));
    const char *password = gtk_editable_get_text(GTK_EDITABLE(desk_object(d, "login", "password")));
    /* The form's own checks: the server is no request's field, and Login is no typed call
     * (zc_login sends it; the library has no check of its body to ask). */
    if (server[0] == '\0' || strchr(server, ':') == NULL) {
        login_error(d, _("Enter the server as host:port"), "server");
        return;
    }
    if (rules_username_problem(username) != NULL) {
        login_error(d, _("Enter your username"), "username");
        return;
    }
    if (password[0] == '\0') {
        login_error(d, _("Enter your password"), "password");
        return;
    }
    login_error(d, NULL, NULL);
    /* A new server means a new worker; the same one keeps its thread. */
    if (d->conn == NULL || g_strcmp0(d->ep.server, server) != 0) {
        desk_conn_free(d->conn);
        g_free(d->ep.server);
        d->ep.server = g_strdup(server);
        d->conn = desk_conn_new(&d->ep, NULL, NULL);
    }
    struct login_job *j = g_new0(struct login_job, 1);
    j->username = g_strdup(username);
    j->password = g_strdup(password);
    set_busy(d, 1);
    desk_conn_submit(d->conn, login_run, login_done, j, login_job_free, d);
}

static void on_login_clicked(GtkButton *b, gpointer user)
{
    (void)b;
    desk_login_submit(user);
}

static void on_password_activate(GtkEntry *e, gpointer user)
{
    (void)e;
    desk_login_submit(user);
}

static void on_focus_next(GtkEntry *e, gpointer next)
{
    (void)e;
    gtk_widget_grab_focus(next);
}

static gboolean on_login_close(GtkWindow *w, gpointer user)
{
    struct desk *d = user;
    (void)w;
    /* Closing the login window while not logged in (first, or after the session ended with
     * the main window hidden) ends the program. */
    if (!d->logged_in && d->app != NULL)
        g_application_quit(G_APPLICATION(d->app));
    return FALSE;
}

/* Esc closes w (a dialog, or the login window). */
static void add_escape(GtkWindow *w)
{
    GtkEventController *sc = gtk_shortcut_controller_new();
    gtk_shortcut_controller_add_shortcut(GTK_SHORTCUT_CONTROLLER(sc),
                                         gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_Escape, 0),
                                                          gtk_named_action_new("window.close")));
    gtk_widget_add_controller(GTK_WIDGET(w), sc);
}

void desk_login_show(struct desk *d)
{
    if (d->login_ui == NULL) {
        d->login_ui = gtk_builder_new_from_resource("/cn/zhucun/desk/login.ui");
        d->login_window = GTK_WINDOW(desk_object(d, "login", "login_window"));
        gtk_window_set_hide_on_close(d->login_window, TRUE);
        if (d->app != NULL)
            gtk_window_set_application(d->login_window, d->app);
        GObject *server = desk_object(d, "login", "server");
        GObject *username = desk_object(d, "login", "username");
        GObject *password = desk_object(d, "login", "password");
        g_signal_connect(server, "activate", G_CALLBACK(on_focus_next), username);
        g_signal_connect(username, "activate", G_CALLBACK(on_focus_next), password);
        g_signal_connect(password, "activate", G_CALLBACK(on_password_activate), d);
        g_signal_connect(desk_object(d, "login", "login_button"), "clicked",
                         G_CALLBACK(on_login_clicked), d);
        g_signal_connect(d->login_window, "close-request", G_CALLBACK(on_login_close), d);
        add_escape(d->login_window);
        char *s, *u;
        desk_settings_load(d, &s, &u);
        gtk_editable_set_text(GTK_EDITABLE(server), s);
        gtk_editable_set_text(GTK_EDITABLE(username), u);
        gtk_widget_grab_focus(GTK_WIDGET(s[0] == '\0'   ? server
                                         : u[0] == '\0' ? username
                                                        : password));
        g_free(s);
        g_free(u);
    }
    gtk_window_present(d->login_window);
}

/* ---- the forced password change ---- */

struct passwd_job {
    char *old_password, *new_password;
};

static void passwd_job_free(void *p)
{
    struct passwd_job *j = p;
    wipe(j->old_password);
    wipe(j->new_password);
    g_free(j);
}

static int passwd_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct passwd_job *j = data;
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = j->old_password;
    cp.new_password = j->new_password;
    Zhucun__Reply *reply = NULL;
    /* Keyed (client/lib): after a lost reply the retry gets the first answer, where sending
     * the old password again would be refused. */
    struct zc_client *c = desk_conn_client(conn, err);
    int rc = c != NULL ? zc_change_password(c, &cp, &reply, err) : -1;
    zc_reply_free(reply);
    return rc;
}

/* Clears the dialog's error line and marks. */
static void passwd_clear(struct desk *d)
{
    GtkLabel *l = GTK_LABEL(desk_object(d, "passwd", "passwd_error"));
    gtk_label_set_text(l, "");
    gtk_widget_set_visible(GTK_WIDGET(l), FALSE);
    gtk_widget_remove_css_class(GTK_WIDGET(desk_object(d, "passwd", "new_password")), "error");
    gtk_widget_remove_css_class(GTK_WIDGET(desk_object(d, "passwd", "new_password2")), "error");
}

/* Adds message to the error line and marks the entry id (NULL: none); the first entry marked
 * gets the focus. Returns 1. */
static int passwd_error(struct desk *d, const char *id, const char *message)
{
    GtkLabel *l = GTK_LABEL(desk_object(d, "passwd", "passwd_error"));
    const char *old = gtk_label_get_text(l);
    int first = old[0] == '\0';
    char *t = first ? g_strdup(message) : g_strdup_printf("%s；%s", old, message);
    gtk_label_set_text(l, t);
    g_free(t);
    gtk_widget_set_visible(GTK_WIDGET(l), TRUE);
    if (id != NULL) {
        GtkWidget *e = GTK_WIDGET(desk_object(d, "passwd", id));
        if (first)
            gtk_widget_grab_focus(e);
        gtk_widget_add_css_class(e, "error");
    }
    return 1;
}

/* The library names new_password or old_password (the initial one, not typed here). */
static void on_passwd_problem(const char *field, const char *message, void *user)
{
    passwd_error(user, strcmp(field, "new_password") == 0 ? "new_password" : NULL, message);
}

static void passwd_done(void *data, const struct zc_error *err, void *user)
{
    (void)data;
    struct desk *d = user;
    gtk_widget_set_sensitive(GTK_WIDGET(desk_object(d, "passwd", "passwd_ok")), TRUE);
    if (err != NULL) {
        passwd_clear(d);
        passwd_error(d, strcmp(err->field, "new_password") == 0 ? "new_password" : NULL,
                     err->message);
        desk_changed(d, "passwd-failed");
        return;
    }
    wipe(d->initial_password);
    d->initial_password = NULL;
    gtk_window_destroy(d->passwd_window);
    d->passwd_window = NULL;
    gtk_widget_set_visible(GTK_WIDGET(d->login_window), FALSE);
    desk_main_show(d);
    desk_changed(d, "logged-in");
}

static void passwd_submit(struct desk *d)
{
    const char *pw = gtk_editable_get_text(GTK_EDITABLE(desk_object(d, "passwd", "new_password")));
    const char *again =
        gtk_editable_get_text(GTK_EDITABLE(desk_object(d, "passwd", "new_password2")));
    Zhucun__ChangePassword cp = ZHUCUN__CHANGE_PASSWORD__INIT;
    cp.old_password = d->initial_password;
    cp.new_password = (char *)pw;
    passwd_clear(d);
    /* The library's verdict (the server's rules but its minimum length, which is its
     * configuration: a short password is refused by the server, in its words). */
    int problems = desk_check(&cp.base, on_passwd_problem, d);
    /* The form's own check: the request carries the new password once, so only the form can
     * see that the two entries differ. */
    if (strcmp(pw, again) != 0)
        problems += passwd_error(d, "new_password2", _("The two passwords differ"));
    if (problems > 0)
        return;
    struct passwd_job *j = g_new0(struct passwd_job, 1);
    j->old_password = g_strdup(d->initial_password);
    j->new_password = g_strdup(pw);
    gtk_widget_set_sensitive(GTK_WIDGET(desk_object(d, "passwd", "passwd_ok")), FALSE);
    desk_conn_submit(d->conn, passwd_run, passwd_done, j, passwd_job_free, d);
}

static void on_passwd_ok(GtkButton *b, gpointer user)
{
    (void)b;
    passwd_submit(user);
}

static void on_passwd_activate(GtkEntry *e, gpointer user)
{
    (void)e;
    passwd_submit(user);
}

static gboolean on_passwd_close(GtkWindow *w, gpointer user)
{
    struct desk *d = user;
    (void)w;
    /* Without a new password there is nothing to do: back to the login window. */
    wipe(d->initial_password);
    d->initial_password = NULL;
    d->passwd_window = NULL;
    gtk_editable_set_text(GTK_EDITABLE(desk_object(d, "login", "password")), "");
    return FALSE;
}

static void on_passwd_cancel(GtkButton *b, gpointer user)
{
    struct desk *d = user;
    (void)b;
    gtk_window_close(d->passwd_window);
}

static void passwd_show(struct desk *d)
{
    g_clear_object(&d->passwd_ui);
    d->passwd_ui = gtk_builder_new_from_resource("/cn/zhucun/desk/passwd.ui");
    d->passwd_window = GTK_WINDOW(desk_object(d, "passwd", "passwd_window"));
    gtk_window_set_transient_for(d->passwd_window, d->login_window);
    if (d->app != NULL)
        gtk_window_set_application(d->passwd_window, d->app);
    g_signal_connect(desk_object(d, "passwd", "new_password"), "activate",
                     G_CALLBACK(on_focus_next), desk_object(d, "passwd", "new_password2"));
    g_signal_connect(desk_object(d, "passwd", "new_password2"), "activate",
                     G_CALLBACK(on_passwd_activate), d);
    g_signal_connect(desk_object(d, "passwd", "passwd_ok"), "clicked", G_CALLBACK(on_passwd_ok), d);
    g_signal_connect(desk_object(d, "passwd", "passwd_cancel"), "clicked",
                     G_CALLBACK(on_passwd_cancel), d);
    g_signal_connect(d->passwd_window, "close-request", G_CALLBACK(on_passwd_close), d);
    add_escape(d->passwd_window);
    gtk_window_present(d->passwd_window);
    gtk_widget_grab_focus(GTK_WIDGET(desk_object(d, "passwd", "new_password")));
}

void desk_add_escape(GtkWindow *w)
{
    add_escape(w);
}

void desk_login_again(struct desk *d, const char *message)
{
    desk_login_show(d);
    set_busy(d, 0);
    gtk_editable_set_text(GTK_EDITABLE(desk_object(d, "login", "password")), "");
    login_error(d, message, "password");
}
