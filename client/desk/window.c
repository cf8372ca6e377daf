/* window.c -- the main window after login: the pages the account's roles use (cadre home,
 * approval queue, households, household form, visit form, follow-up items, reports,
 * five days four nights, delegation), the lost-connection
 * banner, a status line, and the end of a session (expired, revoked, logged out). The sidebar
 * groups the pages in sections (nav.c) by the table nav_rows below. */
#include "desk.h"

#include <string.h>

static void on_worker_state(int up, const char *message, void *user)
{
    struct desk *d = user;
    (void)message;
    d->worker_up = up;
    desk_banner_update(d);
    desk_changed(d, up ? "worker-up" : "worker-down");
    /* Back online: what was written meanwhile goes, in order (outbox_page.c). */
    if (up && d->outbox != NULL)
        desk_outbox_send(d->outbox);
}

static void on_follow_state(int up, const char *message, void *user)
{
    struct desk *d = user;
    (void)message;
    d->follow_up = up;
    desk_banner_update(d);
    desk_changed(d, up ? "follow-up" : "follow-down");
}

/* The sidebar's sections (nav.c), in order, and the section of each page of the stack "pages"
 * in its order there: a page added to the desk needs one row here (a page without one is
 * shown under "Other", and test_desk's nav tests fail naming it). */
enum {
    NAV_WORK,
    NAV_HOUSEHOLDS,
    NAV_ATTENDANCE,
    NAV_LEDGERS,
    NAV_PROJECTS,
    NAV_ASSESS,
    NAV_NOTICES,
    NAV_ORG,
    NAV_REPORTS,
};
static const char *const nav_sections[] = {
    [NAV_WORK] = N_("Workbench"),
    [NAV_HOUSEHOLDS] = N_("Households and visits"),
    [NAV_ATTENDANCE] = N_("Attendance and leave"),
    [NAV_LEDGERS] = N_("Ledgers and services"),
    [NAV_PROJECTS] = N_("Projects and assets"),
    [NAV_ASSESS] = N_("Assessment and inspection"),
    [NAV_NOTICES] = N_("Notices and tasks"),
    [NAV_ORG] = N_("Organisation and people"),
    [NAV_REPORTS] = N_("Reports"),
};
static const struct desk_nav_row nav_rows[] = {
    {"home", NAV_WORK},
    {"outbox", NAV_WORK},
    {"queue", NAV_WORK},
    {"nothing", NAV_WORK},
    {"households", NAV_HOUSEHOLDS},
    {"household", NAV_HOUSEHOLDS},
    {"visit", NAV_HOUSEHOLDS},
    {"items", NAV_HOUSEHOLDS},
    {"monitoring", NAV_HOUSEHOLDS},
    {"attendance", NAV_ATTENDANCE},
    {"allowance", NAV_ATTENDANCE},
    {"leave", NAV_ATTENDANCE},
    {"business", NAV_ATTENDANCE},
    {"ledger", NAV_LEDGERS},
    {"guarantees", NAV_LEDGERS},
    {"services", NAV_LEDGERS},
    {"policy", NAV_LEDGERS},
    {"consume", NAV_LEDGERS},
    {"projects", NAV_PROJECTS},
    {"construction", NAV_PROJECTS},
    {"assets", NAV_PROJECTS},
    {"lookback", NAV_PROJECTS},
    {"points", NAV_ASSESS},
    {"stars", NAV_ASSESS},
    {"assess", NAV_ASSESS},
    {"inspect", NAV_ASSESS},
    {"notices", NAV_NOTICES},
    {"tasks", NAV_NOTICES},
    {"diary", NAV_NOTICES},
    {"office-org", NAV_ORG},
    {"office-users", NAV_ORG},
    {"delegation", NAV_ORG},
    {"training", NAV_ORG},
    {"report", NAV_REPORTS},
};

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

static void on_expired(void *user)
{
    struct desk *d = user;
    if (!d->logged_in)
        return; /* the other connection said so first */
    /* Logging out ends the session's other connections too (the server closes them), and the
     * follower may hear of it before the worker has Logout's answer: it is the logout. */
    if (d->logging_out) {
        desk_session_end(d, NULL, 0);
        return;
    }
    desk_session_end(d,
                     _("Your session has expired or was ended; log in again to go on. "
                       "What you had typed is kept."),
                     1);
}

/* The notice follower's count (after each connect, and each push): the page's badge. */
static void on_notice_count(Zhucun__Reply *reply, void *user)
{
    struct desk *d = user;
    if (d->notices != NULL && reply->body_case == ZHUCUN__REPLY__BODY_NOTICE_COUNT)
        desk_notices_set_badge(d->notices, reply->notice_count->attention);
    zc_reply_free(reply);
    desk_changed(d, "notices-count");
}

static void start_notice_follower(struct desk *d)
{
    d->notice_follow = desk_follow_notices_new(&d->ep, d->token, on_notice_count, d);
    desk_follow_set_expired_cb(d->notice_follow, on_expired);
}

static void start_follower(struct desk *d)
{
    d->follow =
        desk_follow_new(&d->ep, d->token, on_follow_list, on_follow_item, on_follow_state, d);
    desk_follow_set_expired_cb(d->follow, on_expired);
}

void desk_main_discard(struct desk *d)
{
    desk_nav_free(d->nav);
    d->nav = NULL;
    desk_queue_free(d->queue);
    d->queue = NULL;
    desk_household_free(d->household);
    d->household = NULL;
    desk_home_free(d->home);
    d->home = NULL;
    desk_hlist_free(d->hlist);
    d->hlist = NULL;
    desk_report_free(d->report);
    d->report = NULL;
    desk_deleg_free(d->deleg);
    d->deleg = NULL;
    desk_visit_free(d->visit);
    d->visit = NULL;
    desk_attendance_free(d->attendance);
    d->attendance = NULL;
    desk_guar_free(d->guar);
    d->guar = NULL;
    desk_monitoring_free(d->monitoring);
    d->monitoring = NULL;
    desk_ledger_free(d->ledger);
    d->ledger = NULL;
    desk_points_free(d->points);
    d->points = NULL;
    desk_services_free(d->services);
    d->services = NULL;
    desk_policy_free(d->policy);
    d->policy = NULL;
    desk_projects_free(d->projects);
    d->projects = NULL;
    desk_build_free(d->build);
    d->build = NULL;
    desk_assets_free(d->assets);
    d->assets = NULL;
    desk_lookback_free(d->lookback);
    d->lookback = NULL;
    desk_consume_free(d->consume);
    d->consume = NULL;
    desk_inspect_free(d->inspect);
    d->inspect = NULL;
    desk_stars_free(d->stars);
    d->stars = NULL;
    desk_assess_free(d->assess);
    d->assess = NULL;
    desk_training_free(d->training);
    d->training = NULL;
    desk_notices_free(d->notices);
    d->notices = NULL;
    desk_tasks_free(d->tasks);
    d->tasks = NULL;
    desk_diary_free(d->diary);
    d->diary = NULL;
    desk_allowance_free(d->allowance);
    d->allowance = NULL;
    desk_leave_free(d->leave);
    d->leave = NULL;
    desk_business_free(d->business);
    d->business = NULL;
    desk_office_org_free(d->office_org);
    d->office_org = NULL;
    desk_office_users_free(d->office_users);
    d->office_users = NULL;
    desk_outbox_free(d->outbox);
    d->outbox = NULL;
    if (d->main_window != NULL)
        gtk_window_destroy(d->main_window);
    d->main_window = NULL;
    g_clear_object(&d->main_ui);
}

void desk_session_end(struct desk *d, const char *message, int keep)
{
    d->logged_in = 0;
    d->logging_out = 0;
    /* No request or event of this session may reach a screen after this. */
    desk_follow_free(d->follow);
    d->follow = NULL;
    desk_follow_free(d->notice_follow);
    d->notice_follow = NULL;
    desk_conn_free(d->conn);
    d->conn = NULL;
    memset(d->token, 0, sizeof(d->token));
    if (keep) {
        if (d->main_window != NULL)
            gtk_widget_set_visible(GTK_WIDGET(d->main_window), FALSE);
    } else {
        desk_main_discard(d);
    }
    desk_login_again(d, message);
    desk_changed(d, keep ? "session-expired" : "logged-out");
}

static void logout_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    (void)err;
    struct desk *d = user;
    if (d->logged_in)
        desk_session_end(d, NULL, 0);
}

void desk_logout(struct desk *d)
{
    if (!d->logged_in)
        return;
    Zhucun__Logout lo = ZHUCUN__LOGOUT__INIT;
    d->logging_out = 1;
    desk_call(d, &lo.base, logout_done, d);
}

static void on_logout(GtkButton *b, gpointer user)
{
    (void)b;
    desk_logout(user);
}

static void on_page_changed(GObject *stack, GParamSpec *pspec, gpointer user)
{
    (void)pspec;
    struct desk *d = user;
    const char *name = gtk_stack_get_visible_child_name(GTK_STACK(stack));
    if (name == NULL || !d->logged_in)
        return;
    /* A page is filled the first time it is shown. */
    if (strcmp(name, "ledger") == 0 && d->ledger != NULL)
        desk_ledger_refresh(d->ledger);
    if (strcmp(name, "delegation") == 0 && d->deleg != NULL)
        desk_deleg_refresh(d->deleg);
    if (strcmp(name, "items") == 0 && d->visit != NULL)
        desk_items_refresh(d->visit);
    if (strcmp(name, "monitoring") == 0 && d->monitoring != NULL)
        desk_monitoring_refresh(d->monitoring);
    if (strcmp(name, "services") == 0 && d->services != NULL)
        desk_services_refresh(d->services);
    if (strcmp(name, "policy") == 0 && d->policy != NULL)
        desk_policy_refresh(d->policy);
    if (strcmp(name, "projects") == 0 && d->projects != NULL)
        desk_projects_refresh(d->projects);
    if (strcmp(name, "construction") == 0 && d->build != NULL)
        desk_build_refresh(d->build);
    if (strcmp(name, "assets") == 0 && d->assets != NULL)
        desk_assets_refresh(d->assets);
    if (strcmp(name, "lookback") == 0 && d->lookback != NULL)
        desk_lookback_refresh(d->lookback);
    if (strcmp(name, "consume") == 0 && d->consume != NULL)
        desk_consume_refresh(d->consume);
    if (strcmp(name, "inspect") == 0 && d->inspect != NULL)
        desk_inspect_refresh(d->inspect);
    if (strcmp(name, "stars") == 0 && d->stars != NULL)
        desk_stars_refresh(d->stars);
    if (strcmp(name, "assess") == 0 && d->assess != NULL)
        desk_assess_refresh(d->assess);
    if (strcmp(name, "training") == 0 && d->training != NULL)
        desk_training_refresh(d->training);
    if (strcmp(name, "notices") == 0 && d->notices != NULL)
        desk_notices_refresh(d->notices);
    if (strcmp(name, "tasks") == 0 && d->tasks != NULL)
        desk_tasks_refresh(d->tasks);
    if (strcmp(name, "diary") == 0 && d->diary != NULL)
        desk_diary_refresh(d->diary);
    if (strcmp(name, "allowance") == 0 && d->allowance != NULL)
        desk_allowance_refresh(d->allowance);
    if (strcmp(name, "leave") == 0 && d->leave != NULL)
        desk_leave_refresh(d->leave);
    if (strcmp(name, "business") == 0 && d->business != NULL)
        desk_business_refresh(d->business);
    if (strcmp(name, "office-org") == 0 && d->office_org != NULL)
        desk_office_org_refresh(d->office_org);
    if (strcmp(name, "office-users") == 0 && d->office_users != NULL)
        desk_office_users_refresh(d->office_users);
    if (strcmp(name, "outbox") == 0 && d->outbox != NULL)
        desk_outbox_refresh(d->outbox);
}

static gboolean on_main_close(GtkWindow *w, gpointer user)
{
    struct desk *d = user;
    (void)w;
    /* The follower thread posts to this window: stop it before the window goes. */
    desk_follow_free(d->follow);
    d->follow = NULL;
    desk_follow_free(d->notice_follow);
    d->notice_follow = NULL;
    if (d->app != NULL)
        g_application_quit(G_APPLICATION(d->app));
    return FALSE;
}

void desk_main_show(struct desk *d)
{
    d->logged_in = 1;
    d->worker_up = d->follow_up = 1;
    if (d->main_window != NULL) {
        /* The same user again after the session ended: the window as it was. */
        desk_conn_set_state_cb(d->conn, on_worker_state, d);
        desk_conn_set_expired_cb(d->conn, on_expired);
        desk_banner_update(d);
        if (d->queue != NULL)
            start_follower(d);
        if (d->notices != NULL)
            start_notice_follower(d);
        if (d->home != NULL)
            desk_home_refresh(d->home);
        if (d->outbox != NULL)
            desk_outbox_send(d->outbox);
        desk_status(d, _("Logged in again"), 0);
        gtk_window_present(d->main_window);
        return;
    }
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
    int cadre = (d->roles & DESK_ROLE_CADRE) != 0;
    int reader = (d->roles & DESK_ROLE_READER) != 0;
    int supervisor = (d->roles & DESK_ROLE_SUPERVISOR) != 0;
    /* Pages the roles do not use leave the stack (and its sidebar); the builder keeps their
     * widgets alive. */
    const struct {
        const char *id;
        int used;
    } pages[] = {
        {"home_page", cadre},
        {"queue_page", approver},
        {"households_page", reader},
        {"household_page", households},
        {"report_page", reader},
        {"visit_page", cadre},
        {"items_page", cadre},
        {"attendance_page", supervisor},
        {"delegation_page", approver},
        {"nothing_page", !approver && !households && !cadre && !reader},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(pages); i++)
        if (!pages[i].used)
            gtk_stack_remove(stack, GTK_WIDGET(desk_object(d, "main", pages[i].id)));
    gtk_stack_set_visible_child_name(stack, cadre        ? "home"
                                            : approver   ? "queue"
                                            : households ? "household"
                                            : reader     ? "households"
                                                         : "nothing");
    desk_conn_set_state_cb(d->conn, on_worker_state, d);
    desk_conn_set_expired_cb(d->conn, on_expired);
    g_signal_connect(desk_object(d, "main", "logout_button"), "clicked", G_CALLBACK(on_logout), d);
    d->household = desk_household_new(d, d->main_ui);
    if (reader) {
        d->hlist = desk_hlist_new(d);
        d->report = desk_report_new(d);
    }
    if (approver) {
        d->queue = desk_queue_new(d, d->main_ui);
        d->deleg = desk_deleg_new(d);
        start_follower(d);
    }
    if (supervisor)
        d->attendance = desk_attendance_new(d);
    if (reader) {
        d->guar = desk_guar_new(d, stack, households);
        d->monitoring = desk_monitoring_new(d, stack);
        d->services = desk_services_new(d, stack, cadre);
        d->points = desk_points_new(d, stack, households);
        d->ledger = desk_ledger_new(d, stack, households);
        d->projects = desk_projects_new(d, stack, households);
        d->assets = desk_assets_new(d, stack);
    }
    if (cadre) {
        d->visit = desk_visit_new(d);
        d->home = desk_home_new(d);
        desk_home_refresh(d->home);
    }
    d->policy = desk_policy_new(d, stack);
    if (reader)
        d->build = desk_build_new(d, stack);
    d->lookback = desk_lookback_new(d, stack);
    if (d->projects != NULL) {
        /* The project page's tabs: a project's construction and money, its assets and, for the
         * offices that run a look-back, its reviews. */
        desk_projects_add_tab(d->projects, _("Construction and funds"), desk_project_build_new(d),
                              desk_project_build_set);
        desk_projects_add_tab(d->projects, _("Assets"), desk_project_assets_new(d),
                              desk_project_assets_set);
        if (d->lookback != NULL)
            desk_projects_add_tab(d->projects, _("Look-back"), desk_project_lookback_new(d),
                                  desk_project_lookback_set);
    }
    d->consume = desk_consume_new(d, stack);
    d->inspect = desk_inspect_new(d, stack);
    d->stars = desk_stars_new(d, stack);
    d->assess = desk_assess_new(d, stack);
    d->training = desk_training_new(d, stack);
    d->notices = desk_notices_new(d, stack);
    if (d->notices != NULL)
        start_notice_follower(d);
    d->tasks = desk_tasks_new(d, stack);
    d->diary = desk_diary_new(d, stack);
    d->allowance = desk_allowance_new(d, stack);
    d->outbox = desk_outbox_new(d, stack);
    if (d->outbox != NULL)
        desk_outbox_send(d->outbox); /* what an earlier run could not send */
    d->leave = desk_leave_new(d, stack);
    d->business = desk_business_new(d, stack);
    d->office_org = desk_office_org_new(d, stack);
    d->office_users = desk_office_users_new(d, stack);
    g_signal_connect(stack, "notify::visible-child-name", G_CALLBACK(on_page_changed), d);
    d->nav = desk_nav_new(d, stack, GTK_LIST_BOX(desk_object(d, "main", "sidebar")), nav_sections,
                          G_N_ELEMENTS(nav_sections), nav_rows, G_N_ELEMENTS(nav_rows));
    desk_status(d, _("Ready"), 0);
    gtk_window_present(d->main_window);
}
