/* daily.c -- what the daily pages of issue 24 share (daily_household.c, daily_leave.c,
 * daily_business.c): the roles an account holds, the area a role is granted on, and the chooser
 * of the cadres serving in that area (AttendanceReport's rows: who serves there, by name). */
#include "desk.h"

#include <string.h>

const char *desk_daily_scope(struct desk *d, const char *const *roles)
{
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++)
        for (const char *const *r = roles; *r != NULL; r++)
            if (strcmp(g_ptr_array_index(d->grant_roles, i), *r) == 0)
                return g_ptr_array_index(d->grant_scopes, i);
    return NULL;
}

struct cadres_call {
    struct desk *d;
    GtkWidget *choice;
    char *what;
    void (*then)(void *user);
    void *user;
};

static void cadres_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct cadres_call *c = user;
    if (err != NULL) {
        desk_status(c->d, err->message, 1);
        char *failed = g_strdup_printf("%s-failed", c->what);
        desk_changed(c->d, failed);
        g_free(failed);
    } else {
        const Zhucun__AttendanceReportReply *r = reply->attendance_report;
        GPtrArray *labels = g_ptr_array_new_with_free_func(g_free);
        GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
        for (size_t i = 0; i < r->n_rows; i++) {
            const Zhucun__AttendanceRow *row = r->rows[i];
            g_ptr_array_add(labels, g_strdup_printf("%s (#%lld, %s)", row->name,
                                                    (long long)row->person_id, row->org_name));
            g_ptr_array_add(values, g_strdup_printf("%lld", (long long)row->person_id));
        }
        desk_choice_set(c->choice, (const char *const *)labels->pdata,
                        (const char *const *)values->pdata, labels->len);
        g_ptr_array_unref(labels);
        g_ptr_array_unref(values);
        desk_changed(c->d, c->what);
        if (c->then != NULL)
            c->then(c->user);
    }
    g_free(c->what);
    g_free(c);
}

void desk_daily_cadres(struct desk *d, const char *scope, GtkWidget *choice, const char *what,
                       void (*then)(void *user), void *user)
{
    struct cadres_call *c = g_new0(struct cadres_call, 1);
    c->then = then;
    c->user = user;
    c->d = d;
    c->choice = choice;
    c->what = g_strdup(what);
    Zhucun__AttendanceReport ar = ZHUCUN__ATTENDANCE_REPORT__INIT;
    ar.org_code = (char *)scope;
    desk_call(d, &ar.base, cadres_done, c);
}

GtkWidget *desk_daily_page(GtkStack *stack, const char *name, const char *title)
{
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    desk_page_add(stack, page, name, title);
    return page;
}
