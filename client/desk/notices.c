/* notices.c -- the notices page (通知, docs/notices.md), made in code and added to the main
 * window's stack as "notices" for every role but the exporter. The page's title carries the
 * badge — the caller's notices that need attention (unread, or reminded since last opened) —
 * kept live by a follower of its own (desk_follow_notices_new: NoticeFollow, the server's
 * pushed NoticeCountReply), as the approval queue's count is kept by its follower. The list
 * (NoticeList), a notice opened (NoticeShow: the first opening records "read"; the badge drops)
 * and the reply to one that asks for it (NoticeReply, checked by the client library first).
 * For those who send notices (the offices, townships and unit administrators: the call table's
 * NOTICE_SENDERS) the page adds the sender's follow-up: the notices their office sent with the
 * read and replied counts (NoticeSent); one clicked shows its report by child unit
 * (NoticeReport) and who has not read or not replied (NoticePending, as chosen), and reminds
 * exactly those (NoticeRemind), after which the three are read again; an office also has the
 * send form (notices_send.c: to the cadres under a place or to the offices below one). */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/instant.h"
#include "common/rules/notices.h"

#define NOTICE_PAGE_ROWS NOTICE_LIST_DEFAULT

struct desk_notices {
    struct desk *d;
    struct desk_form f;
    GtkStackPage *page;
    GtkListBox *list;
    int rows;
    uint32_t badge;
    int64_t shown; /* the notice opened, 0 for none */
    int64_t ids[NOTICE_PAGE_ROWS];
    int sender; /* the sender's follow-up is shown */
    int sent_rows;
    int64_t picked; /* the sent notice followed up, 0 for none */
    int pending_rows;
    uint32_t report[3]; /* the picked notice's recipients, read, replied */
    int64_t sent_ids[NOTICE_PAGE_ROWS];
    struct desk_notices_send *send; /* an office's send form (notices_send.c) */
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

/* An instant of a reply (RFC 3339) as people read it, to the minute. */
static const char *minutes(const char *rfc3339, char out[INSTANT_TEXT_MAX])
{
    return rfc3339[0] != '\0' ? rules_instant_restyle(rfc3339, INSTANT_MINUTES, out) : "";
}

static const char *const reply_fields[] = {"text",      "ntc_reply", "files",
                                           "ntc_reply", "notice_id", "ntc_reply",
                                           "org_code",  "ntc_place", NULL};

/* The page's title with the badge, and the sidebar's attention mark. */
void desk_notices_set_badge(struct desk_notices *p, uint32_t n)
{
    p->badge = n;
    char *t = n > 0 ? g_strdup_printf(_("Notices (%u)"), n) : g_strdup(_("Notices"));
    gtk_stack_page_set_title(p->page, t);
    gtk_stack_page_set_needs_attention(p->page, n > 0);
    g_free(t);
    t = g_strdup_printf(_("%u notices need your attention"), n);
    gtk_label_set_text(GTK_LABEL(W(p, "ntc_badge")), t);
    g_free(t);
    desk_changed(p->d, "notices-badge");
}

uint32_t desk_notices_badge(const struct desk_notices *p)
{
    return p->badge;
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "notices-failed");
        return;
    }
    for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(p->list, 0); r != NULL;
         r = gtk_list_box_get_row_at_index(p->list, 0))
        gtk_list_box_remove(p->list, GTK_WIDGET(r));
    const Zhucun__NoticeListReply *l = reply->notice_list;
    p->rows = 0;
    for (size_t i = 0; i < l->n_notices && i < NOTICE_PAGE_ROWS; i++) {
        const Zhucun__NoticeItem *n = l->notices[i];
        char at[INSTANT_TEXT_MAX];
        char *t = g_strdup_printf("%s%s  %s  %s", n->attention ? "● " : "", minutes(n->sent_at, at),
                                  n->sender, n->title);
        GtkWidget *label = gtk_label_new(t);
        g_free(t);
        gtk_label_set_xalign(GTK_LABEL(label), 0);
        if (n->attention)
            gtk_widget_add_css_class(label, "heading");
        gtk_list_box_append(p->list, label);
        p->ids[p->rows++] = n->id;
    }
    desk_notices_set_badge(p, l->attention);
    desk_changed(p->d, "notices");
}

static void sent_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices *p = user;
    if (err != NULL) {
        desk_form_refused(&p->f, err); /* a place that is none, or not the caller's */
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "notices-failed");
        return;
    }
    gtk_widget_remove_css_class(W(p, "ntc_place"), "error");
    GtkListBox *list = GTK_LIST_BOX(W(p, "ntc_sent"));
    desk_list_clear(list);
    const Zhucun__NoticeSentReply *l = reply->notice_sent;
    p->sent_rows = 0;
    for (size_t i = 0; i < l->n_notices && i < NOTICE_PAGE_ROWS; i++) {
        const Zhucun__SentNotice *n = l->notices[i];
        char at[INSTANT_TEXT_MAX];
        char *t =
            g_strdup_printf(_("%s  %s  received %u, read %u, replied %u"), minutes(n->sent_at, at),
                            n->title, n->recipients, n->read, n->replied);
        desk_list_line(list, t, 0);
        g_free(t);
        p->sent_ids[p->sent_rows++] = n->id;
    }
    desk_changed(p->d, "notices-sent");
}

void desk_notices_refresh(struct desk_notices *p)
{
    Zhucun__NoticeList l = ZHUCUN__NOTICE_LIST__INIT;
    l.limit = NOTICE_PAGE_ROWS;
    desk_call(p->d, &l.base, list_done, p);
    if (p->sender) {
        Zhucun__NoticeSent s = ZHUCUN__NOTICE_SENT__INIT;
        s.limit = NOTICE_PAGE_ROWS;
        /* the sender's place filter: "" every place of the caller's */
        s.org_code = (char *)gtk_editable_get_text(GTK_EDITABLE(W(p, "ntc_place")));
        desk_call(p->d, &s.base, sent_done, p);
    }
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "notices-failed");
        return;
    }
    const Zhucun__NoticeShowReply *s = reply->notice_show;
    const Zhucun__NoticeItem *n = s->notice;
    p->shown = n->id;
    char sent[INSTANT_TEXT_MAX], read[INSTANT_TEXT_MAX], replied[INSTANT_TEXT_MAX];
    char *t = g_strdup_printf(_("%s\nfrom %s, sent %s, read %s\n\n%s"), n->title, n->sender,
                              minutes(n->sent_at, sent), minutes(n->read_at, read), s->body);
    gtk_label_set_text(GTK_LABEL(W(p, "ntc_detail")), t);
    g_free(t);
    int ask = n->reply_required && n->replied_at[0] == '\0';
    if (n->replied_at[0] != '\0')
        t = g_strdup_printf(_("Replied %s: %s"), minutes(n->replied_at, replied), s->reply_text);
    else if (ask && n->reply_by[0] != '\0')
        t = g_strdup_printf(_("A reply is asked for by %s"), n->reply_by);
    else
        t = g_strdup(ask ? _("A reply is asked for") : "");
    gtk_label_set_text(GTK_LABEL(W(p, "ntc_result")), t);
    g_free(t);
    gtk_widget_set_visible(W(p, "ntc_reply_row"), ask);
    desk_changed(p->d, "notices-shown");
    desk_notices_refresh(p); /* the badge without it */
}

void desk_notices_open(struct desk_notices *p, int64_t id)
{
    Zhucun__NoticeShow s = ZHUCUN__NOTICE_SHOW__INIT;
    s.notice_id = id;
    desk_call(p->d, &s.base, show_done, p);
}

static void on_row(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    struct desk_notices *p = user;
    int i = row != NULL ? gtk_list_box_row_get_index(row) : -1;
    if (i >= 0 && i < p->rows)
        desk_notices_open(p, p->ids[i]);
}

static void reply_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices *p = user;
    (void)reply;
    desk_form_clear(&p->f);
    if (err != NULL) {
        desk_form_refused(&p->f, err);
        desk_changed(p->d, "notices-reply-failed");
        return;
    }
    desk_changed(p->d, "notices-replied");
    desk_notices_open(p, p->shown);
}

static void on_reply(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_notices *p = user;
    Zhucun__NoticeReply r = ZHUCUN__NOTICE_REPLY__INIT;
    r.notice_id = p->shown;
    r.text = (char *)desk_form_text(&p->f, "ntc_reply");
    if (desk_form_check(&p->f, &r.base) > 0) {
        desk_changed(p->d, "notices-reply-refused");
        return;
    }
    desk_call(p->d, &r.base, reply_done, p);
}

/* ---- the sender's follow-up ---- */

static void report_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "notices-failed");
        return;
    }
    const Zhucun__NoticeReportReply *r = reply->notice_report;
    const Zhucun__SentNotice *n = r->notice;
    p->report[0] = n->recipients;
    p->report[1] = n->read;
    p->report[2] = n->replied;
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, _("%s: received %u, read %u, replied %u, reminders %u"), n->title,
                           n->recipients, n->read, n->replied, n->reminders);
    for (size_t i = 0; i < r->n_children; i++) {
        const Zhucun__NoticeChildCount *c = r->children[i];
        g_string_append_printf(t, _("\n%s: read %u of %u (unread %u), replied %u (unreplied %u)"),
                               c->child_name, c->read, c->recipients, c->unread, c->replied,
                               c->unreplied);
    }
    gtk_label_set_text(GTK_LABEL(W(p, "ntc_report")), t->str);
    g_string_free(t, TRUE);
    desk_changed(p->d, "notices-report");
}

static void pending_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "notices-failed");
        return;
    }
    GtkListBox *list = GTK_LIST_BOX(W(p, "ntc_pending"));
    desk_list_clear(list);
    const Zhucun__NoticePendingReply *l = reply->notice_pending;
    p->pending_rows = (int)l->n_people;
    for (size_t i = 0; i < l->n_people; i++) {
        const Zhucun__PendingRecipient *x = l->people[i];
        char at[INSTANT_TEXT_MAX];
        char *t = x->read_at[0] != '\0'
                      ? g_strdup_printf(_("%s  %s  read %s, reminded %u times"), x->name,
                                        x->team_name, minutes(x->read_at, at), x->reminders)
                      : g_strdup_printf(_("%s  %s  not read, reminded %u times"), x->name,
                                        x->team_name, x->reminders);
        desk_list_line(list, t, 0);
        g_free(t);
    }
    if (l->truncated) {
        char *t = g_strdup_printf(_("%u in all"), l->total);
        desk_list_line(list, t, 0);
        g_free(t);
    }
    gtk_widget_set_sensitive(W(p, "ntc_remind"), l->n_people > 0);
    desk_changed(p->d, "notices-pending");
}

static void load_pending(struct desk_notices *p)
{
    Zhucun__NoticePending n = ZHUCUN__NOTICE_PENDING__INIT;
    n.notice_id = p->picked;
    n.what = (char *)desk_choice_value(W(p, "ntc_what"));
    n.limit = NOTICE_PAGE_ROWS;
    desk_call(p->d, &n.base, pending_done, p);
}

void desk_notices_pick(struct desk_notices *p, int64_t id)
{
    p->picked = id;
    Zhucun__NoticeReport r = ZHUCUN__NOTICE_REPORT__INIT;
    r.notice_id = id;
    desk_call(p->d, &r.base, report_done, p);
    load_pending(p);
}

static void on_sent_row(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    struct desk_notices *p = user;
    int i = row != NULL ? gtk_list_box_row_get_index(row) : -1;
    if (i >= 0 && i < p->sent_rows) {
        gtk_label_set_text(GTK_LABEL(W(p, "ntc_reminded")), "");
        desk_notices_pick(p, p->sent_ids[i]);
    }
}

static void on_what(GObject *o, GParamSpec *ps, gpointer user)
{
    (void)o;
    (void)ps;
    struct desk_notices *p = user;
    if (p->picked != 0)
        load_pending(p);
}

static void remind_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices *p = user;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "ntc_reminded")), err->message);
        desk_changed(p->d, "notices-remind-failed");
        return;
    }
    char *t = g_strdup_printf(_("Reminded %u people"), reply->notice_remind->count);
    gtk_label_set_text(GTK_LABEL(W(p, "ntc_reminded")), t);
    g_free(t);
    desk_changed(p->d, "notices-reminded");
    /* the reminders counted in the report, the list and the sent notices */
    desk_notices_pick(p, p->picked);
    desk_notices_refresh(p);
}

static void on_remind(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_notices *p = user;
    if (p->picked == 0)
        return;
    Zhucun__NoticeRemind r = ZHUCUN__NOTICE_REMIND__INIT;
    r.notice_id = p->picked;
    r.what = (char *)desk_choice_value(W(p, "ntc_what"));
    desk_call(p->d, &r.base, remind_done, p);
}

static void on_place(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_notices_refresh(user);
}

/* The sender's section under the inbox: the notices sent (from every place of the caller's, or
 * the one typed), the one picked, its pending list. */
static void add_sent(struct desk_notices *p, GtkWidget *page)
{
    gtk_box_append(GTK_BOX(page), desk_heading(_("Notices sent")));
    GtkWidget *show = desk_form_keep(&p->f, "ntc_place_go", gtk_button_new_with_label(_("Show")));
    gtk_box_append(GTK_BOX(page),
                   desk_hrow(desk_form_entry(&p->f, "ntc_place",
                                             _("sent from place (code; empty: all mine)"), 26),
                             show, NULL));
    g_signal_connect(show, "clicked", G_CALLBACK(on_place), p);
    static const char *const place[] = {"ntc_place", NULL};
    desk_form_enter(&p->f, place, G_CALLBACK(on_place), p);
    gtk_box_append(GTK_BOX(page), desk_form_list(&p->f, "ntc_sent", 110));
    g_signal_connect(W(p, "ntc_sent"), "row-activated", G_CALLBACK(on_sent_row), p);
    GtkWidget *report = desk_form_label(&p->f, "ntc_report");
    gtk_label_set_wrap(GTK_LABEL(report), TRUE);
    gtk_box_append(GTK_BOX(page), report);
    GtkWidget *what = desk_form_choice(&p->f, "ntc_what");
    const char *labels[] = {_("not read"), _("not replied")};
    const char *values[] = {"unread", "unreplied"};
    desk_choice_set(what, labels, values, 2);
    g_signal_connect(what, "notify::selected", G_CALLBACK(on_what), p);
    GtkWidget *remind = desk_form_keep(
        &p->f, "ntc_remind", gtk_button_new_with_label(_("Remind those not read / not replied")));
    gtk_widget_set_sensitive(remind, FALSE);
    g_signal_connect(remind, "clicked", G_CALLBACK(on_remind), p);
    gtk_box_append(GTK_BOX(page),
                   desk_hrow(what, remind, desk_form_label(&p->f, "ntc_reminded"), NULL));
    gtk_box_append(GTK_BOX(page), desk_form_list(&p->f, "ntc_pending", 110));
}

struct desk_notices *desk_notices_new(struct desk *d, GtkStack *stack)
{
    static const char *const senders[] = {"province_office", "city_office", "county_office",
                                          "township",        "unit_admin",  NULL};
    int recipient = 0, sender = 0; /* every role but the exporter has an inbox */
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        recipient |= strcmp(role, "exporter") != 0;
        sender |= g_strv_contains(senders, role);
    }
    if (!recipient)
        return NULL;
    struct desk_notices *p = g_new0(struct desk_notices, 1);
    p->d = d;
    p->sender = sender;
    desk_form_init(&p->f, reply_fields, "ntc_result");
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    gtk_box_append(GTK_BOX(page), desk_heading(_("My notices")));
    gtk_box_append(GTK_BOX(page), desk_form_label(&p->f, "ntc_badge"));
    GtkWidget *list = gtk_list_box_new();
    p->list = GTK_LIST_BOX(list);
    g_signal_connect(list, "row-activated", G_CALLBACK(on_row), p);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    /* a sender's inbox leaves room for the follow-up below it */
    gtk_widget_set_size_request(scroll, -1, sender ? 110 : 220);
    gtk_box_append(GTK_BOX(page), scroll);
    GtkWidget *detail = desk_form_label(&p->f, "ntc_detail");
    gtk_label_set_wrap(GTK_LABEL(detail), TRUE);
    gtk_box_append(GTK_BOX(page), detail);
    gtk_box_append(GTK_BOX(page), desk_form_label(&p->f, "ntc_result"));
    GtkWidget *row = desk_form_keep(
        &p->f, "ntc_reply_row",
        desk_hrow(desk_form_entry(&p->f, "ntc_reply", _("your reply"), 40),
                  desk_form_keep(&p->f, "ntc_send", gtk_button_new_with_label(_("Reply"))), NULL));
    gtk_widget_set_visible(row, FALSE);
    gtk_box_append(GTK_BOX(page), row);
    g_signal_connect(W(p, "ntc_send"), "clicked", G_CALLBACK(on_reply), p);
    desk_form_keys(row, W(p, "ntc_reply"), W(p, "ntc_send"));
    if (sender) {
        p->send = desk_notices_send_new(d, p, GTK_BOX(page));
        add_sent(p, page);
    }
    GtkWidget *outer = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(outer), page);
    p->page = gtk_stack_add_titled(stack, outer, "notices", _("Notices"));
    desk_notices_set_badge(p, 0);
    return p;
}

void desk_notices_free(struct desk_notices *p)
{
    if (p == NULL)
        return;
    desk_notices_send_free(p->send);
    desk_form_free(&p->f);
    g_free(p);
}

struct desk_notices_send *desk_notices_sender(struct desk_notices *p)
{
    return p->send;
}

GtkWidget *desk_notices_widget(struct desk_notices *p, const char *name)
{
    return W(p, name);
}

int desk_notices_rows(const struct desk_notices *p)
{
    return p->rows;
}

int64_t desk_notices_id(const struct desk_notices *p, int row)
{
    return row >= 0 && row < p->rows ? p->ids[row] : 0;
}

int desk_notices_sent_rows(const struct desk_notices *p)
{
    return p->sent_rows;
}

int64_t desk_notices_sent_id(const struct desk_notices *p, int row)
{
    return row >= 0 && row < p->sent_rows ? p->sent_ids[row] : 0;
}

int desk_notices_pending_rows(const struct desk_notices *p)
{
    return p->pending_rows;
}

void desk_notices_report(const struct desk_notices *p, uint32_t counts[3])
{
    memcpy(counts, p->report, sizeof(p->report));
}
