/* outbox_page.c -- the outbox in the desk (issue 24, docs/desk-offline.md): the page 发件箱
 * listing the account's entries of the outbox file it shares with the CLI (client/lib
 * outbox.[ch]) with their state, the header's badge "待发送 N" kept live (a timer: the CLI
 * may add entries meanwhile), the waiting writes sent in order on the worker thread when its
 * connection comes back (or after a login), a refused entry opened in its form with the
 * server's message at the field it names, and an entry dropped after asking.
 *
 * The page reads the file through a handle of the main thread's own; the sending is the
 * worker's (its client, its handle). */
#include "desk.h"

#include <string.h>

#include "outbox.h"

struct desk_outbox {
    struct desk *d;
    struct desk_form f;
    GtkStackPage *page;
    GtkWidget *badge; /* in the header bar */
    struct zc_outbox *ob;
    char *path;
    struct zc_outbox_entry *entries; /* as listed, oldest first */
    int n;
    int waiting, refused;
    int64_t dropping; /* the entry asked about, 0 when none */
    guint timer;
    int sending, probing;
    GString *sig; /* the ids and states shown, to tell a change */
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

static const char *const no_fields[] = {NULL};

/* A call as people name it. */
static const char *call_text(const char *call)
{
    static const struct {
        const char *call, *text;
    } t[] = {
        {"VisitCreate", N_("Visit")},
        {"CheckIn", N_("Check-in")},
        {"FollowUpUpdate", N_("Follow-up update")},
        {"LeaveRequest", N_("Leave request")},
        {"LeaveEnd", N_("End of leave")},
        {"OfficialBusinessRecord", N_("Official business")},
        {"HouseholdCreate", N_("New household")},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        if (strcmp(t[i].call, call) == 0)
            return _(t[i].text);
    return call;
}

static int open_file(struct desk_outbox *p)
{
    if (p->ob != NULL)
        return 0;
    char errbuf[512];
    if (p->path == NULL || zc_outbox_open(p->path, &p->ob, errbuf, sizeof(errbuf)) != 0) {
        gtk_label_set_text(GTK_LABEL(W(p, "ob_summary")),
                           p->path == NULL ? _("There is no outbox file (no home directory)")
                                           : errbuf);
        return -1;
    }
    return 0;
}

/* ---- the list and the badge ---- */

static const char *state_text(const struct zc_outbox_entry *e)
{
    return e->state == ZC_OUTBOX_REFUSED   ? _("refused")
           : e->state == ZC_OUTBOX_UNKNOWN ? _("no answer yet")
                                           : _("waiting to send");
}

/* What the write was about, from its body: the household or village and the day of a visit,
 * the item of a follow-up update; "" for the rest. */
static char *entry_about(const struct zc_outbox_entry *e)
{
    struct zc_error err = {0};
    if (strcmp(e->call, "VisitCreate") != 0 && strcmp(e->call, "FollowUpUpdate") != 0)
        return g_strdup("");
    ProtobufCMessage *body = zc_entry_body(e, &err);
    if (body == NULL)
        return g_strdup("");
    char *s;
    if (strcmp(e->call, "VisitCreate") == 0) {
        const Zhucun__VisitCreate *v = (const Zhucun__VisitCreate *)body;
        s = v->household_id > 0
                ? g_strdup_printf(_("household %lld, %s"), (long long)v->household_id,
                                  v->visit_date)
                : g_strdup_printf(_("village %s, %s"), v->village_code, v->visit_date);
    } else {
        s = g_strdup_printf(_("item %lld"), (long long)((const Zhucun__FollowUpUpdate *)body)->id);
    }
    protobuf_c_message_free_unpacked(body, NULL);
    return s;
}

static void on_open(GtkButton *b, gpointer user);
static void on_drop(GtkButton *b, gpointer user);

static GtkWidget *row_button(struct desk_outbox *p, const char *label, int i, GCallback cb)
{
    GtkWidget *b = gtk_button_new_with_label(label);
    g_object_set_data(G_OBJECT(b), "ob-row", GINT_TO_POINTER(i));
    g_signal_connect(b, "clicked", cb, p);
    return b;
}

/* The forms a refused entry opens in (visit.c, daily_leave.c; the others are corrected by
 * making them again). */
static int openable(const struct desk_outbox *p, const struct zc_outbox_entry *e)
{
    return e->state == ZC_OUTBOX_REFUSED &&
           ((strcmp(e->call, "VisitCreate") == 0 && p->d->visit != NULL) ||
            (strcmp(e->call, "LeaveRequest") == 0 && p->d->leave != NULL));
}

static void fill_list(struct desk_outbox *p)
{
    GtkListBox *list = GTK_LIST_BOX(W(p, "ob_list"));
    desk_list_clear(list);
    for (int i = 0; i < p->n; i++) {
        const struct zc_outbox_entry *e = &p->entries[i];
        char *when = desk_time_text(e->created_at, "%m-%d %H:%M");
        char *about = entry_about(e);
        char *text = g_strdup_printf(
            "%s %s%s%s · %s · %s", when, call_text(e->call), about[0] ? " · " : "", about,
            state_text(e), e->state == ZC_OUTBOX_REFUSED ? e->refused_message : e->last_error);
        GtkWidget *label = gtk_label_new(text);
        gtk_label_set_xalign(GTK_LABEL(label), 0);
        gtk_label_set_wrap(GTK_LABEL(label), TRUE);
        gtk_widget_set_hexpand(label, TRUE);
        if (e->state == ZC_OUTBOX_REFUSED)
            gtk_widget_add_css_class(label, "outbox-refused");
        GtkWidget *open =
            openable(p, e) ? row_button(p, _("Correct…"), i, G_CALLBACK(on_open)) : NULL;
        GtkWidget *drop = row_button(p, _("Drop…"), i, G_CALLBACK(on_drop));
        gtk_list_box_append(list, open != NULL ? desk_hrow(label, open, drop, NULL)
                                               : desk_hrow(label, drop, NULL));
        g_free(text);
        g_free(about);
        g_free(when);
    }
}

static void set_badge(struct desk_outbox *p)
{
    char *t = p->refused == 0 ? g_strdup_printf(_("To send %d"), p->waiting)
              : p->waiting == 0
                  ? g_strdup_printf(_("Refused %d"), p->refused)
                  : g_strdup_printf(_("To send %d · refused %d"), p->waiting, p->refused);
    gtk_label_set_text(GTK_LABEL(p->badge), t);
    gtk_widget_set_visible(p->badge, p->waiting + p->refused > 0);
    char *title = p->waiting + p->refused > 0 ? g_strdup_printf(_("Outbox (%d)"), p->n)
                                              : g_strdup(_("Outbox"));
    gtk_stack_page_set_title(p->page, title);
    gtk_stack_page_set_needs_attention(p->page, p->refused > 0);
    g_free(title);
    g_free(t);
}

/* Reads the account's entries again: 1 when they are not those shown (ids and states), 0 when
 * they are, -1 when the file cannot be read (said in the summary). */
static int load(struct desk_outbox *p)
{
    char errbuf[512];
    struct zc_outbox_entry *entries = NULL;
    int n = open_file(p) == 0 ? zc_outbox_list(p->ob, p->d->ep.server, p->d->username, &entries,
                                               errbuf, sizeof(errbuf))
                              : -1;
    if (n < 0) {
        if (p->ob != NULL)
            gtk_label_set_text(GTK_LABEL(W(p, "ob_summary")), errbuf);
        return -1;
    }
    GString *sig = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append_printf(sig, "%lld:%d;", (long long)entries[i].id, (int)entries[i].state);
    int changed = p->sig == NULL || strcmp(p->sig->str, sig->str) != 0;
    if (p->sig != NULL)
        g_string_free(p->sig, TRUE);
    p->sig = sig;
    zc_outbox_entries_free(p->entries, p->n);
    p->entries = entries;
    p->n = n;
    p->waiting = p->refused = 0;
    for (int i = 0; i < n; i++) {
        p->waiting += entries[i].state != ZC_OUTBOX_REFUSED;
        p->refused += entries[i].state == ZC_OUTBOX_REFUSED;
    }
    return changed;
}

static void show(struct desk_outbox *p)
{
    char *s = p->n == 0         ? g_strdup(_("Nothing waits to be sent."))
              : p->refused == 0 ? g_strdup_printf(_("%d writes wait to be sent."), p->n)
                                : g_strdup_printf(_("%d writes wait to be sent, %d of them refused "
                                                    "by the server: correct or drop those."),
                                                  p->n, p->refused);
    gtk_label_set_text(GTK_LABEL(W(p, "ob_summary")), s);
    g_free(s);
    set_badge(p);
    fill_list(p);
    desk_changed(p->d, "outbox");
}

void desk_outbox_refresh(struct desk_outbox *p)
{
    if (load(p) < 0) {
        desk_changed(p->d, "outbox-failed");
        return;
    }
    show(p);
}

/* ---- dropping, after asking ---- */

static const struct zc_outbox_entry *entry_of(struct desk_outbox *p, int64_t id)
{
    for (int i = 0; i < p->n; i++)
        if (p->entries[i].id == id)
            return &p->entries[i];
    return NULL;
}

void desk_outbox_drop(struct desk_outbox *p, int i)
{
    if (i < 0 || i >= p->n)
        return;
    const struct zc_outbox_entry *e = &p->entries[i];
    p->dropping = e->id;
    char *about = entry_about(e);
    char *t = g_strdup_printf(_("Drop the %s%s%s? It will not be sent, and what it holds is lost."),
                              call_text(e->call), about[0] ? " · " : "", about);
    gtk_label_set_text(GTK_LABEL(W(p, "ob_ask")), t);
    gtk_widget_set_visible(W(p, "ob_confirm"), TRUE);
    gtk_widget_grab_focus(W(p, "ob_keep"));
    g_free(t);
    g_free(about);
    desk_changed(p->d, "outbox-asking");
}

static void on_drop(GtkButton *b, gpointer user)
{
    desk_outbox_drop(user, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), "ob-row")));
}

static void on_keep(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_outbox *p = user;
    p->dropping = 0;
    gtk_widget_set_visible(W(p, "ob_confirm"), FALSE);
}

static void on_drop_yes(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_outbox *p = user;
    char errbuf[512];
    gtk_widget_set_visible(W(p, "ob_confirm"), FALSE);
    if (p->dropping == 0 || entry_of(p, p->dropping) == NULL)
        return;
    if (zc_outbox_drop(p->ob, p->dropping, errbuf, sizeof(errbuf)) < 0)
        desk_status(p->d, errbuf, 1);
    else
        desk_status(p->d, _("Dropped from the outbox"), 0);
    p->dropping = 0;
    desk_outbox_refresh(p);
    desk_changed(p->d, "outbox-dropped");
}

/* ---- sending the waiting writes ---- */

/* The worker's zc_flush, with what it did. */
struct send_job {
    struct zc_flush_result res;
};

static int send_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct send_job *j = data;
    struct zc_client *c = desk_conn_client(conn, err);
    return c != NULL ? zc_flush(c, NULL, NULL, &j->res, err) : -1;
}

static void send_done(void *data, const struct zc_error *err, void *user)
{
    struct send_job *j = data;
    struct desk_outbox *p = user;
    p->sending = 0;
    char *t = err != NULL ? g_strdup_printf(_("The outbox could not be sent: %s"), err->message)
              : j->res.refused > 0
                  ? g_strdup_printf(_("Outbox: %d sent, %d refused by the server (see the outbox)"),
                                    j->res.landed, j->res.refused)
                  : g_strdup_printf(_("Outbox: %d sent"), j->res.landed);
    desk_status(p->d, t, err != NULL || j->res.refused > 0);
    g_free(t);
    desk_outbox_refresh(p);
    if (j->res.landed > 0) {
        if (p->d->home != NULL)
            desk_home_refresh(p->d->home);
        if (p->d->visit != NULL)
            desk_items_refresh(p->d->visit);
    }
    desk_changed(p->d, "outbox-sent");
}

void desk_outbox_send(struct desk_outbox *p)
{
    if (p->sending || p->d->conn == NULL || load(p) < 0 || p->waiting == 0)
        return;
    p->sending = 1;
    desk_conn_submit(p->d->conn, send_run, send_done, g_new0(struct send_job, 1), g_free, p);
}

/* While the worker is down and writes wait: a ping now and then; the connection coming back
 * is the worker's state callback, which sends them (window.c). */
static int probe_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    (void)data;
    struct zc_client *c = desk_conn_client(conn, err);
    Zhucun__Ping ping = ZHUCUN__PING__INIT;
    Zhucun__Reply *pong = NULL;
    int rc = c != NULL ? zc_ping(c, &ping, &pong, err) : -1;
    zc_reply_free(pong);
    return rc;
}

static void probe_done(void *data, const struct zc_error *err, void *user)
{
    (void)data;
    (void)err;
    struct desk_outbox *p = user;
    p->probing = 0;
}

/* The timer: the counts again (the CLI may have written meanwhile), and a probe. */
static gboolean on_tick(gpointer user)
{
    struct desk_outbox *p = user;
    if (load(p) == 1) {
        show(p);
        /* New entries while online (the CLI's, say): sent now rather than at the next loss. */
        if (p->d->worker_up)
            desk_outbox_send(p);
    }
    if (!p->d->worker_up && p->waiting > 0 && !p->probing && !p->sending && p->d->conn != NULL) {
        p->probing = 1;
        desk_conn_submit(p->d->conn, probe_run, probe_done, NULL, NULL, p);
    }
    return G_SOURCE_CONTINUE;
}

/* ---- a refused entry corrected in its form ---- */

void desk_outbox_open(struct desk_outbox *p, int i)
{
    if (i < 0 || i >= p->n || !openable(p, &p->entries[i]))
        return;
    const struct zc_outbox_entry *e = &p->entries[i];
    struct zc_error err = {0};
    ProtobufCMessage *body = zc_entry_body(e, &err);
    if (body == NULL) {
        desk_status(p->d, err.message, 1);
        return;
    }
    if (strcmp(e->call, "VisitCreate") == 0)
        desk_visit_correct(p->d->visit, e->id, (const Zhucun__VisitCreate *)body, e->refused_field,
                           e->refused_message);
    else
        desk_leave_correct(p->d->leave, e->id, (const Zhucun__LeaveRequest *)body, e->refused_field,
                           e->refused_message);
    protobuf_c_message_free_unpacked(body, NULL);
}

static void on_open(GtkButton *b, gpointer user)
{
    desk_outbox_open(user, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), "ob-row")));
}

int desk_outbox_correct(struct desk_outbox *p, int64_t id, const ProtobufCMessage *body,
                        struct zc_error *err)
{
    if (open_file(p) != 0) {
        err->code = ZHUCUN__CODE__INTERNAL;
        g_strlcpy(err->message, gtk_label_get_text(GTK_LABEL(W(p, "ob_summary"))),
                  sizeof(err->message));
        return -1;
    }
    if (zc_correct(p->ob, id, body, err) != 0)
        return -1;
    desk_outbox_refresh(p);
    desk_outbox_send(p);
    return 0;
}

/* ---- the forms' side ---- */

int desk_outbox_queued(struct desk *d, const struct zc_error *err, GtkWidget *result)
{
    if (err == NULL || !err->queued)
        return 0;
    const char *t = _("Saved in the outbox, waiting to be sent");
    if (result != NULL) {
        gtk_label_set_text(GTK_LABEL(result), t);
        gtk_widget_remove_css_class(result, "error");
    }
    desk_status(d, t, 0);
    if (d->outbox != NULL)
        desk_outbox_refresh(d->outbox);
    desk_changed(d, "outbox-queued");
    return 1;
}

/* ---- the page ---- */

struct desk_outbox *desk_outbox_new(struct desk *d, GtkStack *stack)
{
    if ((d->roles & DESK_ROLE_CADRE) == 0)
        return NULL;
    struct desk_outbox *p = g_new0(struct desk_outbox, 1);
    p->d = d;
    p->path = zc_outbox_default_path();
    desk_form_init(&p->f, no_fields, "ob_summary");
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkBox *box = GTK_BOX(page);
    gtk_box_append(box, desk_heading(_("Writes made without a connection, sent in order when it "
                                       "comes back")));
    gtk_box_append(box, desk_form_label(&p->f, "ob_summary"));
    GtkWidget *send =
        desk_form_keep(&p->f, "ob_send", gtk_button_new_with_mnemonic(_("_Send now")));
    g_signal_connect_swapped(send, "clicked", G_CALLBACK(desk_outbox_send), p);
    gtk_box_append(box, desk_hrow(send, NULL));
    GtkWidget *confirm = desk_hrow(
        desk_form_label(&p->f, "ob_ask"),
        desk_form_keep(&p->f, "ob_drop_yes", gtk_button_new_with_mnemonic(_("_Drop it"))),
        desk_form_keep(&p->f, "ob_keep", gtk_button_new_with_mnemonic(_("_Keep it"))), NULL);
    desk_form_keep(&p->f, "ob_confirm", confirm);
    gtk_widget_set_visible(confirm, FALSE);
    g_signal_connect(W(p, "ob_drop_yes"), "clicked", G_CALLBACK(on_drop_yes), p);
    g_signal_connect(W(p, "ob_keep"), "clicked", G_CALLBACK(on_keep), p);
    gtk_box_append(box, confirm);
    gtk_box_append(box, desk_form_list(&p->f, "ob_list", 360));
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    p->page = gtk_stack_add_titled(stack, scroll, "outbox", _("Outbox"));
    /* The badge, in the header bar before the user's name. */
    p->badge = gtk_label_new("");
    gtk_widget_add_css_class(p->badge, "outbox-badge");
    gtk_widget_set_visible(p->badge, FALSE);
    GtkWidget *user = GTK_WIDGET(desk_object(d, "main", "user_label"));
    gtk_header_bar_pack_end(GTK_HEADER_BAR(gtk_widget_get_ancestor(user, GTK_TYPE_HEADER_BAR)),
                            p->badge);
    desk_outbox_refresh(p);
    p->timer = g_timeout_add(DESK_OUTBOX_POLL_MS, on_tick, p);
    return p;
}

void desk_outbox_free(struct desk_outbox *p)
{
    if (p == NULL)
        return;
    g_source_remove(p->timer);
    zc_outbox_entries_free(p->entries, p->n);
    zc_outbox_close(p->ob);
    if (p->sig != NULL)
        g_string_free(p->sig, TRUE);
    desk_form_free(&p->f);
    g_free(p->path);
    g_free(p);
}

GtkWidget *desk_outbox_widget(struct desk_outbox *p, const char *name)
{
    return strcmp(name, "ob_badge") == 0 ? p->badge : W(p, name);
}

int desk_outbox_count(struct desk_outbox *p, const char *state)
{
    return state == NULL ? p->n : strcmp(state, "refused") == 0 ? p->refused : p->waiting;
}
