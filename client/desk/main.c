/* main.c -- zhucun-desk: the GTK 4 desktop client (login, approval queue, household form). */
#include "common/clock.h"
#include "desk.h"

#include <string.h>

static char *config_path;
static struct desk *desk;

static void on_activate(GtkApplication *app, gpointer user)
{
    (void)user;
    if (desk != NULL) {
        gtk_window_present(desk->main_window != NULL ? desk->main_window : desk->login_window);
        return;
    }
    desk_load_css();
    desk = desk_new(app, config_path);
    if (desk == NULL) {
        g_application_quit(G_APPLICATION(app));
        return;
    }
    desk_login_show(desk);
}

int main(int argc, char **argv)
{
    desk_init_i18n();
    if (zc_clock_from_env() != 0)
        return 2;
    /* --config FILE: a client.conf (ca, cert, key, timeout), as for the zhucun command. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[i + 1];
            memmove(&argv[i], &argv[i + 2], sizeof(char *) * (size_t)(argc - i - 1));
            argc -= 2;
            i--;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            g_print("usage: zhucun-desk [--config CLIENT.CONF]\n"
                    "The server is asked for in the login window and remembered in "
                    "$XDG_CONFIG_HOME/zhucun/desk.ini.\n");
            return 0;
        }
    }
    GtkApplication *app = gtk_application_new("cn.zhucun.Desk", G_APPLICATION_NON_UNIQUE);
    g_signal_connect(app, "activate", G_CALLBACK(on_activate), NULL);
    int rc = g_application_run(G_APPLICATION(app), argc, argv);
    desk_free(desk);
    g_object_unref(app);
    return rc;
}
