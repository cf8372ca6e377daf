/* notices.c -- the notices page (通知, docs/notices.md), made in code and added to the main
 * window's stack as "notices" for every role but the exporter. The page's title carries the
 * badge — the caller's notices that need attention (unread, or reminded since last opened) —
 * kept live by a follower of its own (desk_follow_notices_new: NoticeFollow, the server's
 * pushed NoticeCountReply), as the approval queue's count is kept by its follower. The list
 * (NoticeList), a notice opened (NoticeShow: the first opening records "read"; the badge drops)
 * and the reply to one that asks for it (NoticeReply, checked by the client library first). */
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
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

/* An instant of a reply (RFC 3339) as people read it, to the minute. */
static const char *minutes(const char *rfc3339, char out[INSTANT_TEXT_MAX])
{
    return rfc3339[0] != '\0' ? rules_instant_restyle(rfc3339, INSTANT_MINUTES, out) : "";
}

static const char *const reply_fields[] = {"text",      "ntc_reply", "files", "ntc_reply",
                                           "notice_id", "ntc_reply", NULL};

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

void desk_notices_refresh(struct desk_notices *p)
{
    Zhucun__NoticeList l = ZHUCUN__NOTICE_LIST__INIT;
    l.limit = NOTICE_PAGE_ROWS;
    desk_call(p->d, &l.base, list_done, p);
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

struct desk_notices *desk_notices_new(struct desk *d, GtkStack *stack)
{
    int recipient = 0; /* every role but the exporter has an inbox */
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++)
        recipient |= strcmp(g_ptr_array_index(d->grant_roles, i), "exporter") != 0;
    if (!recipient)
        return NULL;
    struct desk_notices *p = g_new0(struct desk_notices, 1);
    p->d = d;
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
    gtk_widget_set_size_request(scroll, -1, 220);
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
    desk_form_free(&p->f);
    g_free(p);
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
