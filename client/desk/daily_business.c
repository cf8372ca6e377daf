/* daily_business.c -- the official business page (公务, docs/attendance-rules.md), made in code
 * and added to the stack as "business" for a township or a county office: a day of official
 * business recorded for a cadre serving in its area (OfficialBusinessRecord: the cadre chosen
 * from AttendanceReport's rows, the date, what the business was), checked by the client library
 * first and a refusal marked at its field; and what has been recorded, the latest first
 * (OfficialBusinessList), all the area's cadres or the chosen one's. Enter in an entry records. */
#include "desk.h"

#include <string.h>

struct desk_business {
    struct desk *d;
    struct desk_form f;
    char *scope; /* the office's area (a grant's scope) */
    int rows;
};

#define W(p, name) desk_form_widget(&(p)->f, (name))

static const char *const fields[] = {"person_id", "ob_person", "date", "ob_date",
                                     "note",      "ob_note",   NULL};

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_business *p = user;
    if (err != NULL) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "business-list-failed");
        return;
    }
    const Zhucun__OfficialBusinessListReply *r = reply->official_business_list;
    GtkListBox *l = GTK_LIST_BOX(W(p, "ob_list"));
    desk_list_clear(l);
    for (size_t i = 0; i < r->n_records; i++) {
        const Zhucun__OfficialBusiness *b = r->records[i];
        char *line = g_strdup_printf(_("%s  %s (#%lld, %s)  %s  recorded by %s"), b->date, b->name,
                                     (long long)b->person_id, b->org_code, b->note, b->recorded_by);
        desk_list_line(l, line, 0);
        g_free(line);
    }
    p->rows = (int)r->n_records;
    char *t = r->truncated ? g_strdup_printf(_("The latest %zu days recorded (more not shown)"),
                                             r->n_records)
                           : g_strdup_printf(_("%zu days recorded"), r->n_records);
    gtk_label_set_text(GTK_LABEL(W(p, "ob_summary")), t);
    g_free(t);
    desk_changed(p->d, "business-list");
}

static void list(struct desk_business *p)
{
    Zhucun__OfficialBusinessList bl = ZHUCUN__OFFICIAL_BUSINESS_LIST__INIT;
    if (gtk_check_button_get_active(GTK_CHECK_BUTTON(W(p, "ob_only"))))
        bl.person_id = desk_id_of(desk_choice_value(W(p, "ob_person")));
    desk_call(p->d, &bl.base, list_done, p);
}

static void record_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_business *p = user;
    if (desk_form_answered(&p->f, p->d, err, "business-record-failed") != 0)
        return;
    gtk_editable_set_text(GTK_EDITABLE(W(p, "ob_note")), "");
    desk_form_say(&p->f, g_strdup_printf(_("Recorded: official business No. %lld"),
                                         (long long)reply->official_business->id));
    desk_changed(p->d, "business-record");
    list(p);
    gtk_widget_grab_focus(W(p, "ob_person"));
}

static void on_record(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_business *p = user;
    Zhucun__OfficialBusinessRecord ob = ZHUCUN__OFFICIAL_BUSINESS_RECORD__INIT;
    ob.person_id = desk_id_of(desk_choice_value(W(p, "ob_person")));
    ob.date = (char *)desk_form_text(&p->f, "ob_date");
    ob.note = (char *)desk_form_text(&p->f, "ob_note");
    desk_form_send(&p->f, p->d, &ob.base, record_done, p, "business-record-refused");
}

static void on_list(GtkWidget *w, gpointer user)
{
    (void)w;
    list(user);
}

static void on_cadres(void *user)
{
    list(user);
}

void desk_business_refresh(struct desk_business *p)
{
    if (p == NULL)
        return;
    desk_daily_cadres(p->d, p->scope, W(p, "ob_person"), "business-cadres", on_cadres, p);
    gtk_widget_grab_focus(W(p, "ob_person"));
}

struct desk_business *desk_business_new(struct desk *d, GtkStack *stack)
{
    static const char *const offices[] = {"county_office", "township", NULL};
    const char *scope = desk_daily_scope(d, offices);
    if (scope == NULL)
        return NULL;
    struct desk_business *p = g_new0(struct desk_business, 1);
    p->d = d;
    p->scope = g_strdup(scope);
    desk_form_init(&p->f, fields, "ob_result");
    GtkBox *box = GTK_BOX(desk_daily_page(stack, "business", _("Official business")));
    gtk_box_append(box, desk_heading(_("Record a day of official business")));
    gtk_box_append(
        box, desk_hrow(desk_form_choice(&p->f, "ob_person"),
                       desk_form_entry(&p->f, "ob_date", _("date YYYY-MM-DD"), 12),
                       desk_form_entry(&p->f, "ob_note", _("what the business was"), 36),
                       desk_form_keep(&p->f, "ob_record", gtk_button_new_with_label(_("Record"))),
                       NULL));
    gtk_box_append(box, desk_form_label(&p->f, "ob_result"));
    gtk_box_append(box, desk_heading(_("Recorded official business")));
    gtk_box_append(
        box,
        desk_hrow(desk_form_keep(&p->f, "ob_only",
                                 gtk_check_button_new_with_label(_("Only the chosen cadre"))),
                  desk_form_keep(&p->f, "ob_refresh", gtk_button_new_with_label(_("Read again"))),
                  desk_form_label(&p->f, "ob_summary"), NULL));
    gtk_box_append(box, desk_form_list(&p->f, "ob_list", 320));
    g_signal_connect(W(p, "ob_record"), "clicked", G_CALLBACK(on_record), p);
    desk_form_enter(&p->f, (const char *const[]){"ob_date", "ob_note", NULL}, G_CALLBACK(on_record),
                    p);
    g_signal_connect(W(p, "ob_refresh"), "clicked", G_CALLBACK(on_list), p);
    g_signal_connect(W(p, "ob_only"), "toggled", G_CALLBACK(on_list), p);
    return p;
}

GtkWidget *desk_business_widget(struct desk_business *p, const char *name)
{
    return p != NULL ? W(p, name) : NULL;
}

int desk_business_rows(struct desk_business *p)
{
    return p != NULL ? p->rows : 0;
}

void desk_business_free(struct desk_business *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    g_free(p->scope);
    g_free(p);
}
