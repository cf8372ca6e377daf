/* window.c -- the main window after login: the pages the account's roles use (approval queue,
 * household form), the lost-connection banner and a status line. */
#include "desk.h"

static void on_worker_state(int up, const char *message, void *user)
{
    struct desk *d = user;
    (void)message;
    d->worker_up = up;
    desk_banner_update(d);
    desk_changed(d, up ? "worker-up" : "worker-down");
}

static void on_follow_state(int up, const char *message, void *user)
{
    struct desk *d = user;
    (void)message;
    d->follow_up = up;
    desk_banner_update(d);
    desk_changed(d, up ? "follow-up" : "follow-down");
}

static void on_follow_list(Zhucun__Reply *reply, void *user)
{
    struct desk *d = user;
    desk_queue_set_list(d->queue, reply);
    desk_changed(d, "queue");
}

static void on_follow_item(Zhucun__Reply *reply, void *user)
{
    struct desk *d = user;
    desk_queue_add(d->queue, reply);
    desk_changed(d, "queue-item");
}

void desk_banner_update(struct desk *d)
{
    if (d->main_ui == NULL)
        return;
    int down = !d->worker_up || !d->follow_up;
    gtk_revealer_set_reveal_child(GTK_REVEALER(desk_object(d, "main", "banner")), down);
}

void desk_status(struct desk *d, const char *text, int error)
{
    GtkWidget *l = GTK_WIDGET(desk_object(d, "main", "status_label"));
    gtk_label_set_text(GTK_LABEL(l), text);
    if (error)
        gtk_widget_add_css_class(l, "error");
    else
        gtk_widget_remove_css_class(l, "error");
}

static gboolean on_main_close(GtkWindow *w, gpointer user)
{
    struct desk *d = user;
    (void)w;
    /* The follower thread posts to this window: stop it before the window goes. */
    desk_follow_free(d->follow);
    d->follow = NULL;
    if (d->app != NULL)
        g_application_quit(G_APPLICATION(d->app));
    return FALSE;
}

void desk_main_show(struct desk *d)
{
    d->main_ui = gtk_builder_new_from_resource("/cn/zhucun/desk/main.ui");
    d->main_window = GTK_WINDOW(desk_object(d, "main", "main_window"));
    if (d->app != NULL)
        gtk_window_set_application(d->main_window, d->app);
    gtk_window_set_hide_on_close(d->main_window, d->app == NULL);
    g_signal_connect(d->main_window, "close-request", G_CALLBACK(on_main_close), d);
    char *who = g_strdup_printf("%s（%s）", d->display_name, d->role_text);
    gtk_label_set_text(GTK_LABEL(desk_object(d, "main", "user_label")), who);
    g_free(who);

    GtkStack *stack = GTK_STACK(desk_object(d, "main", "pages"));
    int approver = (d->roles & DESK_ROLE_APPROVER) != 0;
    int households = (d->roles & DESK_ROLE_HOUSEHOLD) != 0;
    gtk_widget_set_visible(GTK_WIDGET(desk_object(d, "main", "queue_page")), approver);
    gtk_widget_set_visible(GTK_WIDGET(desk_object(d, "main", "household_page")), households);
    gtk_widget_set_visible(GTK_WIDGET(desk_object(d, "main", "nothing_page")),
                           !approver && !households);
    gtk_stack_set_visible_child_name(stack, approver     ? "queue"
                                            : households ? "household"
                                                         : "nothing");
    d->worker_up = d->follow_up = 1;
    desk_conn_set_state_cb(d->conn, on_worker_state, d);
    d->household = desk_household_new(d, d->main_ui);
    if (approver) {
        d->queue = desk_queue_new(d, d->main_ui);
        d->follow =
            desk_follow_new(&d->ep, d->token, on_follow_list, on_follow_item, on_follow_state, d);
    }
    desk_status(d, _("Ready"), 0);
    gtk_window_present(d->main_window);
}
