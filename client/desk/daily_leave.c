/* daily_leave.c -- the leave page (请假, docs/approvals.md), made in code and added to the stack
 * as "leave". A cadre or team captain: a request (first day, last day, reason: LeaveRequest),
 * their requests with status (LeaveList), and on the one picked, shown with its approval steps
 * (LeaveShow): cancel before its first day (LeaveEnd without a day), 销假 during it (LeaveEnd
 * with the return day), and a returned one revised in the form and sent again (LeaveResubmit). A
 * township or county office records a request that came by WeChat, SMS, phone or on paper for
 * a cadre serving in its area (LeaveRequest with person_id and channel; the cadre chosen from
 * AttendanceReport's rows) and sees that cadre's requests. Every write is checked by the client
 * library first and a refusal marked at its field; Enter in an entry sends. */
#include "desk.h"

#include <string.h>

static const char *const channels[] = {"wechat", "sms", "phone", "paper"};
static const char *const channel_labels[] = {N_("WeChat"), N_("SMS"), N_("Phone"), N_("Paper")};

struct listed {
    int64_t id;
    char status[16];
};

struct desk_leave {
    struct desk *d;
    struct desk_form f; /* the request, and the picked one's 销假 */
    int office;         /* records for its cadres */
    char *scope;        /* the office's area (a grant's scope) */
    GArray *leaves;     /* struct listed, as the list shows them */
    int64_t picked;     /* the leave picked, 0 none */
    char picked_status[16];
    int64_t correcting; /* the refused outbox entry the form holds (outbox_page.c), 0 none */
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

/* The writes' fields and the widgets marked for them: first_day, last_day, reason (request,
 * resubmit), return_day (销假), id (the leave picked); an office's request also person_id and
 * channel. */
#define LEAVE_FIELDS                                                                               \
    "first_day", "lv_first", "last_day", "lv_last", "reason", "lv_reason", "return_day",           \
        "lv_return", "id", "lv_list"
static const char *const own_fields[] = {LEAVE_FIELDS, NULL};
static const char *const office_fields[] = {LEAVE_FIELDS, "person_id",  "lv_person",
                                            "channel",    "lv_channel", NULL};

static void list_leaves(struct desk_leave *p);

static int64_t person_of(struct desk_leave *p)
{
    return p->office ? desk_id_of(desk_choice_value(W(p, "lv_person"))) : 0;
}

/* ---- the list ---- */

static char *leave_line(const Zhucun__Leave *lv)
{
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, _("No. %lld  %s to %s (%u days)  %s"), (long long)lv->id,
                           lv->first_day, lv->last_day, lv->days,
                           desk_approval_status_text(lv->status));
    if (lv->returned_on[0] != '\0')
        g_string_append_printf(t, _(", back on %s"), lv->returned_on);
    for (size_t i = 0; i < G_N_ELEMENTS(channels); i++)
        if (strcmp(lv->channel, channels[i]) == 0)
            g_string_append_printf(t, _(", by way of %s"), _(channel_labels[i]));
    g_string_append_printf(t, "  %s", lv->reason);
    return g_string_free(t, FALSE);
}

/* The picked leave with its approval steps (LeaveShow: the latest round's). */
static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_leave *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "leave-show-failed");
        return;
    }
    char *line = leave_line(reply->leave);
    GString *t = g_string_new(line);
    g_free(line);
    if (reply->leave->n_steps == 0)
        g_string_append_printf(t, "\n    %s", _("No approval step yet"));
    for (size_t k = 0; k < reply->leave->n_steps; k++) {
        char *s = desk_step_text(reply->leave->steps[k]);
        g_string_append_printf(t, "\n    %s", s);
        g_free(s);
    }
    gtk_label_set_text(GTK_LABEL(W(p, "lv_detail")), t->str);
    g_string_free(t, TRUE);
    const Zhucun__Leave *lv = reply->leave;
    if (lv->id == p->picked && strcmp(lv->status, "returned") == 0) {
        /* the form holds it, to be revised */
        gtk_editable_set_text(GTK_EDITABLE(W(p, "lv_first")), lv->first_day);
        gtk_editable_set_text(GTK_EDITABLE(W(p, "lv_last")), lv->last_day);
        gtk_editable_set_text(GTK_EDITABLE(W(p, "lv_reason")), lv->reason);
    }
    desk_changed(p->d, "leave-shown");
}

static void set_mode(struct desk_leave *p)
{
    int returned = p->picked > 0 && strcmp(p->picked_status, "returned") == 0;
    gtk_widget_set_visible(W(p, "lv_resubmit"), returned);
    gtk_widget_set_visible(W(p, "lv_send"), !returned);
    gtk_widget_set_sensitive(W(p, "lv_cancel"), p->picked > 0);
    gtk_widget_set_sensitive(W(p, "lv_end"), p->picked > 0);
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_leave *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "leave-list-failed");
        return;
    }
    const Zhucun__LeaveListReply *r = reply->leave_list;
    GtkListBox *l = GTK_LIST_BOX(W(p, "lv_list"));
    desk_list_clear(l);
    g_array_set_size(p->leaves, 0);
    for (size_t i = 0; i < r->n_leaves; i++) {
        char *line = leave_line(r->leaves[i]);
        desk_list_line(l, line, strcmp(r->leaves[i]->status, "rejected") == 0);
        g_free(line);
        struct listed x = {r->leaves[i]->id, ""};
        g_strlcpy(x.status, r->leaves[i]->status, sizeof(x.status));
        g_array_append_val(p->leaves, x);
    }
    p->picked = 0;
    set_mode(p);
    gtk_label_set_text(GTK_LABEL(W(p, "lv_detail")), "");
    gtk_label_set_text(GTK_LABEL(W(p, "lv_summary")),
                       r->n_leaves == 0 ? _("No leave request") : "");
    desk_changed(p->d, "leave-list");
}

static void list_leaves(struct desk_leave *p)
{
    Zhucun__LeaveList ll = ZHUCUN__LEAVE_LIST__INIT;
    ll.person_id = person_of(p);
    if (p->office && ll.person_id <= 0)
        return; /* no cadre chosen yet */
    desk_call(p->d, &ll.base, list_done, p);
}

/* Picks row i: a returned request fills the form to be revised and sent again. */
int desk_leave_pick(struct desk_leave *p, int i)
{
    if (i < 0 || (guint)i >= p->leaves->len)
        return -1;
    const struct listed *x = &g_array_index(p->leaves, struct listed, i);
    p->picked = x->id;
    g_strlcpy(p->picked_status, x->status, sizeof(p->picked_status));
    gtk_list_box_select_row(GTK_LIST_BOX(W(p, "lv_list")),
                            gtk_list_box_get_row_at_index(GTK_LIST_BOX(W(p, "lv_list")), i));
    set_mode(p);
    if (strcmp(p->picked_status, "returned") == 0)
        gtk_widget_grab_focus(W(p, "lv_first"));
    Zhucun__LeaveShow ls = ZHUCUN__LEAVE_SHOW__INIT;
    ls.id = p->picked;
    desk_call(p->d, &ls.base, show_done, p);
    desk_changed(p->d, "leave-picked");
    return 0;
}

static void on_row(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    desk_leave_pick(user, gtk_list_box_row_get_index(row));
}

/* ---- the writes ---- */

static void written(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_leave *p = user;
    const char *clear[] = {"lv_first", "lv_last", "lv_reason", "lv_return"};
    /* made without a connection: kept in the outbox (outbox_page.c), the form emptied */
    if (desk_outbox_queued(p->d, err, NULL)) {
        desk_form_answered(&p->f, p->d, NULL, NULL);
        for (size_t i = 0; i < G_N_ELEMENTS(clear); i++)
            gtk_editable_set_text(GTK_EDITABLE(W(p, clear[i])), "");
        desk_form_say(&p->f, g_strdup(_("Saved in the outbox, waiting to be sent")));
        return;
    }
    if (desk_form_answered(&p->f, p->d, err, "leave-write-failed") != 0)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(clear); i++)
        gtk_editable_set_text(GTK_EDITABLE(W(p, clear[i])), "");
    desk_form_say(&p->f, g_strdup(_("Done: the list below is read again")));
    desk_changed(p->d, "leave-write");
    list_leaves(p);
    gtk_widget_grab_focus(W(p, p->office ? "lv_person" : "lv_first"));
}

static void send(struct desk_leave *p, const ProtobufCMessage *body)
{
    desk_form_send(&p->f, p->d, body, written, p, "leave-refused");
}

static void on_send(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_leave *p = user;
    if (p->picked > 0 && strcmp(p->picked_status, "returned") == 0) {
        Zhucun__LeaveResubmit rs = ZHUCUN__LEAVE_RESUBMIT__INIT;
        rs.id = p->picked;
        rs.first_day = (char *)desk_form_text(&p->f, "lv_first");
        rs.last_day = (char *)desk_form_text(&p->f, "lv_last");
        rs.reason = (char *)desk_form_text(&p->f, "lv_reason");
        send(p, &rs.base);
        return;
    }
    Zhucun__LeaveRequest lr = ZHUCUN__LEAVE_REQUEST__INIT;
    lr.person_id = person_of(p);
    lr.first_day = (char *)desk_form_text(&p->f, "lv_first");
    lr.last_day = (char *)desk_form_text(&p->f, "lv_last");
    lr.reason = (char *)desk_form_text(&p->f, "lv_reason");
    lr.channel = (char *)(p->office ? desk_choice_value(W(p, "lv_channel")) : "");
    if (p->correcting > 0 && p->d->outbox != NULL) {
        /* A refused request of the outbox, corrected: it keeps its place and is sent again. */
        if (desk_form_check(&p->f, &lr.base) > 0) {
            desk_changed(p->d, "leave-refused");
            return;
        }
        struct zc_error err = {0};
        if (desk_outbox_correct(p->d->outbox, p->correcting, &lr.base, &err) != 0) {
            desk_form_refused(&p->f, &err);
            desk_changed(p->d, "leave-refused");
            return;
        }
        p->correcting = 0;
        desk_form_answered(&p->f, p->d, NULL, NULL);
        const char *clear[] = {"lv_first", "lv_last", "lv_reason"};
        for (size_t i = 0; i < G_N_ELEMENTS(clear); i++)
            gtk_editable_set_text(GTK_EDITABLE(W(p, clear[i])), "");
        desk_form_say(&p->f, g_strdup(_("Corrected in the outbox; sending it")));
        desk_changed(p->d, "leave-corrected");
        return;
    }
    send(p, &lr.base);
}

void desk_leave_correct(struct desk_leave *p, int64_t id, const Zhucun__LeaveRequest *lr,
                        const char *field, const char *message)
{
    gtk_stack_set_visible_child_name(GTK_STACK(desk_object(p->d, "main", "pages")), "leave");
    if (p->office && lr->person_id > 0) {
        char person[24];
        snprintf(person, sizeof(person), "%lld", (long long)lr->person_id);
        desk_choice_select(W(p, "lv_person"), person);
    }
    gtk_editable_set_text(GTK_EDITABLE(W(p, "lv_first")), lr->first_day);
    gtk_editable_set_text(GTK_EDITABLE(W(p, "lv_last")), lr->last_day);
    gtk_editable_set_text(GTK_EDITABLE(W(p, "lv_reason")), lr->reason);
    p->correcting = id;
    desk_form_refuse(&p->f, p->d, field, message, "leave-correcting");
}

static void end(struct desk_leave *p, const char *return_day)
{
    Zhucun__LeaveEnd le = ZHUCUN__LEAVE_END__INIT;
    le.id = p->picked;
    le.return_day = (char *)return_day;
    send(p, &le.base);
}

static void on_cancel(GtkWidget *w, gpointer user)
{
    (void)w;
    end(user, "");
}

static void on_end(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_leave *p = user;
    const char *day = desk_form_text(&p->f, "lv_return");
    if (day[0] == '\0') { /* 销假 names its day: an empty one would be a cancel */
        desk_form_clear(&p->f);
        gtk_widget_add_css_class(W(p, "lv_return"), "error");
        desk_form_say(&p->f, g_strdup(_("Give the day you are back (YYYY-MM-DD)")));
        gtk_widget_add_css_class(W(p, "lv_result"), "error");
        gtk_widget_grab_focus(W(p, "lv_return"));
        desk_changed(p->d, "leave-refused");
        return;
    }
    end(p, day);
}

static void on_person(GObject *o, GParamSpec *ps, gpointer user)
{
    (void)o;
    (void)ps;
    list_leaves(user);
}
/* ---- the page ---- */

static void on_cadres(void *user)
{
    list_leaves(user);
}

void desk_leave_refresh(struct desk_leave *p)
{
    if (p == NULL)
        return;
    if (p->office)
        desk_daily_cadres(p->d, p->scope, W(p, "lv_person"), "leave-cadres", on_cadres, p);
    else
        list_leaves(p);
    /* the page opened: its first field takes the keys */
    gtk_widget_grab_focus(W(p, p->office ? "lv_person" : "lv_first"));
}

struct desk_leave *desk_leave_new(struct desk *d, GtkStack *stack)
{
    static const char *const own[] = {"cadre", "team_captain", NULL};
    static const char *const offices[] = {"county_office", "township", NULL};
    const char *scope = desk_daily_scope(d, offices);
    if (desk_daily_scope(d, own) == NULL && scope == NULL)
        return NULL;
    struct desk_leave *p = g_new0(struct desk_leave, 1);
    p->d = d;
    p->office = scope != NULL;
    p->scope = g_strdup(scope);
    p->leaves = g_array_new(FALSE, TRUE, sizeof(struct listed));
    desk_form_init(&p->f, p->office ? office_fields : own_fields, "lv_result");
    GtkBox *box = GTK_BOX(desk_daily_page(stack, "leave", _("Leave")));
    if (p->office) {
        gtk_box_append(box, desk_heading(_("Record a cadre's leave request that came by WeChat, "
                                           "SMS, phone or on paper")));
        gtk_box_append(box, desk_hrow(desk_form_choice(&p->f, "lv_person"),
                                      desk_form_choice(&p->f, "lv_channel"), NULL));
        const char *shown[4];
        for (size_t i = 0; i < 4; i++)
            shown[i] = _(channel_labels[i]);
        desk_choice_set(W(p, "lv_channel"), shown, channels, 4);
        g_signal_connect(W(p, "lv_person"), "notify::selected", G_CALLBACK(on_person), p);
    } else {
        gtk_box_append(box, desk_heading(_("Ask for leave")));
    }
    gtk_box_append(
        box,
        desk_hrow(desk_form_entry(&p->f, "lv_first", _("first day YYYY-MM-DD"), 12),
                  desk_form_entry(&p->f, "lv_last", _("last day YYYY-MM-DD"), 12),
                  desk_form_entry(&p->f, "lv_reason", _("reason"), 30),
                  desk_form_keep(&p->f, "lv_send",
                                 gtk_button_new_with_label(p->office ? _("Record") : _("Send"))),
                  desk_form_keep(&p->f, "lv_resubmit",
                                 gtk_button_new_with_label(_("Revise and send again"))),
                  NULL));
    gtk_box_append(box, desk_form_label(&p->f, "lv_result"));
    gtk_box_append(box, desk_heading(p->office ? _("The cadre's requests") : _("My requests")));
    gtk_box_append(box, desk_form_label(&p->f, "lv_summary"));
    gtk_box_append(box, desk_form_list(&p->f, "lv_list", 260));
    gtk_box_append(
        box, desk_hrow(desk_form_keep(&p->f, "lv_cancel",
                                      gtk_button_new_with_label(_("Cancel before it starts"))),
                       desk_form_entry(&p->f, "lv_return", _("back on YYYY-MM-DD"), 12),
                       desk_form_keep(&p->f, "lv_end",
                                      gtk_button_new_with_label(_("End the leave early"))),
                       NULL));
    gtk_box_append(box, desk_form_label(&p->f, "lv_detail"));
    g_signal_connect(W(p, "lv_send"), "clicked", G_CALLBACK(on_send), p);
    g_signal_connect(W(p, "lv_resubmit"), "clicked", G_CALLBACK(on_send), p);
    g_signal_connect(W(p, "lv_cancel"), "clicked", G_CALLBACK(on_cancel), p);
    g_signal_connect(W(p, "lv_end"), "clicked", G_CALLBACK(on_end), p);
    g_signal_connect(W(p, "lv_list"), "row-activated", G_CALLBACK(on_row), p);
    desk_form_enter(&p->f, (const char *const[]){"lv_first", "lv_last", "lv_reason", NULL},
                    G_CALLBACK(on_send), p);
    desk_form_enter(&p->f, (const char *const[]){"lv_return", NULL}, G_CALLBACK(on_end), p);
    set_mode(p);
    return p;
}

GtkWidget *desk_leave_widget(struct desk_leave *p, const char *name)
{
    return p != NULL ? W(p, name) : NULL;
}

int desk_leave_rows(struct desk_leave *p)
{
    return p != NULL ? (int)p->leaves->len : 0;
}

void desk_leave_free(struct desk_leave *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    g_free(p->scope);
    g_array_unref(p->leaves);
    g_free(p);
}
