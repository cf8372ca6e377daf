/* notices_send.c -- the notices page's send form (docs/notices.md), for an office (province,
 * city, county, township): a notice from the office's own place (its first office grant) to
 * the cadres serving under a place ("place") or to the offices of the units one level below a
 * place ("offices": the cities', the counties' or the townships' offices), a reply asked for or
 * not (NoticeSend, checked by the client library first). A unit's administrator sends with the
 * CLI. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

struct desk_notices_send {
    struct desk *d;
    struct desk_notices *page;
    struct desk_form f;
    char *org; /* the sending office's place */
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

static const char *const fields[] = {
    "title",    "nts_title", "body",   "nts_body", "scope_kind", "nts_scope", "scope_code",
    "nts_code", "reply_by",  "nts_by", "org_code", "nts_result", NULL};

static void send_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_notices_send *p = user;
    if (desk_form_answered(&p->f, p->d, err, "notices-send-failed") != 0)
        return;
    desk_form_say(&p->f,
                  g_strdup_printf(_("notice #%lld sent to %u recipients"),
                                  (long long)reply->notice_send->id, reply->notice_send->count));
    desk_changed(p->d, "notices-send");
    desk_notices_refresh(p->page);
}

static void on_send(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_notices_send *p = user;
    Zhucun__NoticeSend s = ZHUCUN__NOTICE_SEND__INIT;
    s.org_code = p->org;
    s.title = (char *)desk_form_text(&p->f, "nts_title");
    s.body = (char *)desk_form_text(&p->f, "nts_body");
    s.scope_kind = (char *)desk_choice_value(W(p, "nts_scope"));
    s.scope_code = (char *)desk_form_text(&p->f, "nts_code");
    s.reply_required = gtk_check_button_get_active(GTK_CHECK_BUTTON(W(p, "nts_ask")));
    s.reply_by = (char *)desk_form_text(&p->f, "nts_by");
    desk_form_send(&p->f, p->d, &s.base, send_done, p, "notices-send-refused");
}

struct desk_notices_send *desk_notices_send_new(struct desk *d, struct desk_notices *page,
                                                GtkBox *box)
{
    static const char *const offices[] = {"province_office", "city_office", "county_office",
                                          "township", NULL};
    const char *org = NULL;
    for (guint i = 0; org == NULL && d->grant_roles != NULL && i < d->grant_roles->len; i++)
        if (g_strv_contains(offices, g_ptr_array_index(d->grant_roles, i)))
            org = g_ptr_array_index(d->grant_scopes, i);
    if (org == NULL)
        return NULL;
    struct desk_notices_send *p = g_new0(struct desk_notices_send, 1);
    p->d = d;
    p->page = page;
    p->org = g_strdup(org);
    desk_form_init(&p->f, fields, "nts_result");
    gtk_box_append(box, desk_heading(_("Send a notice")));
    gtk_box_append(box, desk_hrow(desk_form_entry(&p->f, "nts_title", _("title"), 30),
                                  desk_form_entry(&p->f, "nts_body", _("text"), 50), NULL));
    GtkWidget *scope = desk_form_choice(&p->f, "nts_scope");
    const char *labels[] = {_("the cadres serving under"), _("the offices below")};
    const char *values[] = {"place", "offices"};
    desk_choice_set(scope, labels, values, 2);
    GtkWidget *code = desk_form_entry(&p->f, "nts_code", _("place code"), 13);
    gtk_editable_set_text(GTK_EDITABLE(code), org);
    GtkWidget *ask = desk_form_keep(&p->f, "nts_ask", gtk_check_button_new_with_label(_("reply")));
    GtkWidget *send = desk_form_keep(&p->f, "nts_send", gtk_button_new_with_label(_("Send")));
    gtk_box_append(box, desk_hrow(scope, code, ask,
                                  desk_form_entry(&p->f, "nts_by", _("reply by YYYY-MM-DD"), 11),
                                  send, NULL));
    g_signal_connect(send, "clicked", G_CALLBACK(on_send), p);
    gtk_box_append(box, desk_form_label(&p->f, "nts_result"));
    return p;
}

void desk_notices_send_free(struct desk_notices_send *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    g_free(p->org);
    g_free(p);
}

GtkWidget *desk_notices_send_widget(struct desk_notices_send *p, const char *name)
{
    return W(p, name);
}
