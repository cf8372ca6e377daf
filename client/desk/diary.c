/* diary.c -- the work diary page (工作日志 / 民情日记, docs/diary.md), made in code and added to
 * the main window's stack as "diary". A cadre sees the day's own records offered (DiaryDay: the
 * visits, ledger items and check-ins of that day, each a box to tick) and writes the day's entry
 * linking the ticked ones (DiaryWrite), checked by the client library before it is sent. The
 * township, the county and the other readers see their cadres' entries (DiaryList: the last 30
 * days of their whole scope at first, then of a place, a cadre and the days they choose) and a
 * cadre's days served without one in the same days (DiaryMissing). */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/diary.h"

struct desk_diary {
    struct desk *d;
    struct desk_form f;  /* the cadre's entry */
    struct desk_form fm; /* the readers' missing days */
    int cadre, reader;
    /* the offered records as listed, with their boxes */
    GPtrArray *boxes;
    char kinds[DIARY_LINKS_MAX * 4][12];
    int64_t ids[DIARY_LINKS_MAX * 4];
    int64_t links[3][DIARY_LINKS_MAX * 4];
    int entries, missing;
};

#define W(p, name)    desk_form_widget(&(p)->f, (name))
#define WM(p, name)   desk_form_widget(&(p)->fm, (name))
#define LIST(p, name) GTK_LIST_BOX(W(p, name))

static const char *day_of(struct desk_diary *p, char today[11])
{
    const char *day = desk_form_text(&p->f, "dia_day");
    rules_date_format(zc_clock_today(), today);
    return day[0] != '\0' ? day : today;
}

static void failed(struct desk_diary *p, const struct zc_error *err)
{
    desk_status(p->d, err->message, 1);
    desk_changed(p->d, "diary-failed");
}

/* ---- the cadre's day ---- */

static void day_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_diary *p = user;
    if (err != NULL) {
        failed(p, err);
        return;
    }
    const Zhucun__DiaryDayReply *r = reply->diary_day;
    GtkListBox *l = LIST(p, "dia_records");
    desk_list_clear(l);
    g_ptr_array_set_size(p->boxes, 0);
    size_t n = r->n_records < G_N_ELEMENTS(p->ids) ? r->n_records : G_N_ELEMENTS(p->ids);
    for (size_t i = 0; i < n; i++) {
        const Zhucun__DiaryRecord *rec = r->records[i];
        const char *kind = strcmp(rec->kind, "visit") == 0         ? _("visit")
                           : strcmp(rec->kind, "ledger_item") == 0 ? _("ledger item")
                                                                   : _("check-in");
        char *text = g_strdup_printf("%s #%lld  %s", kind, (long long)rec->record_id, rec->label);
        GtkWidget *box = gtk_check_button_new_with_label(text);
        g_free(text);
        gtk_check_button_set_active(GTK_CHECK_BUTTON(box), TRUE);
        gtk_list_box_append(l, box);
        g_ptr_array_add(p->boxes, box);
        g_strlcpy(p->kinds[i], rec->kind, sizeof(p->kinds[i]));
        p->ids[i] = rec->record_id;
    }
    char *t =
        r->entry != NULL
            ? g_strdup_printf(_("The day's entry is written: %s"), r->entry->done)
            : g_strdup_printf(_("%zu records of the day offered; no entry yet"), r->n_records);
    gtk_label_set_text(GTK_LABEL(W(p, "dia_day_summary")), t);
    g_free(t);
    desk_changed(p->d, "diary-day");
}

static void load_day(struct desk_diary *p)
{
    char today[11];
    Zhucun__DiaryDay dd = ZHUCUN__DIARY_DAY__INIT;
    dd.day = (char *)day_of(p, today);
    desk_call(p->d, &dd.base, day_done, p);
}

static void on_load(GtkButton *b, gpointer user)
{
    (void)b;
    load_day(user);
}

static const char *const write_fields[] = {"day",         "dia_day",  "done",     "dia_done",
                                           "people_met",  "dia_met",  "problems", "dia_problems",
                                           "visit_ids",   "dia_done", "item_ids", "dia_done",
                                           "checkin_ids", "dia_done", NULL};

static void write_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_diary *p = user;
    if (desk_form_answered(&p->f, p->d, err, "diary-write-failed") != 0)
        return;
    desk_form_say(&p->f,
                  g_strdup_printf(_("Written: entry #%lld"), (long long)reply->diary_write->id));
    desk_changed(p->d, "diary-write");
    load_day(p);
}

static void on_write(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_diary *p = user;
    char today[11];
    size_t n[3] = {0, 0, 0};
    static const char *const kinds[] = {"visit", "ledger_item", "checkin"};
    for (guint i = 0; i < p->boxes->len; i++) {
        if (!gtk_check_button_get_active(GTK_CHECK_BUTTON(g_ptr_array_index(p->boxes, i))))
            continue;
        for (int k = 0; k < 3; k++)
            if (strcmp(p->kinds[i], kinds[k]) == 0)
                p->links[k][n[k]++] = p->ids[i];
    }
    Zhucun__DiaryWrite w = ZHUCUN__DIARY_WRITE__INIT;
    w.day = (char *)day_of(p, today);
    w.done = (char *)desk_form_text(&p->f, "dia_done");
    w.people_met = (char *)desk_form_text(&p->f, "dia_met");
    w.problems = (char *)desk_form_text(&p->f, "dia_problems");
    w.visit_ids = p->links[0];
    w.n_visit_ids = n[0];
    w.item_ids = p->links[1];
    w.n_item_ids = n[1];
    w.checkin_ids = p->links[2];
    w.n_checkin_ids = n[2];
    desk_form_send(&p->f, p->d, &w.base, write_done, p, "diary-write-refused");
}

/* ---- the readers ---- */

/* The readers' filter serves both reads: DiaryList takes all four, DiaryMissing the cadre and
 * the days (a cadre is required there). */
static const char *const reader_fields[] = {"org_code",   "dia_place", "person_id",
                                            "dia_person", "from_day",  "dia_from",
                                            "to_day",     "dia_to",    NULL};

/* The days the filter names, for the summaries: "the last 30 days" when none is given. */
static char *days_text(struct desk_diary *p)
{
    const char *from = desk_form_text(&p->fm, "dia_from");
    const char *to = desk_form_text(&p->fm, "dia_to");
    if (from[0] == '\0' && to[0] == '\0')
        return g_strdup(_("in the last 30 days"));
    return g_strdup_printf(_("from %s to %s"), from[0] != '\0' ? from : _("30 days before"),
                           to[0] != '\0' ? to : _("today"));
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_diary *p = user;
    if (desk_form_answered(&p->fm, p->d, err, "diary-list-refused") != 0)
        return;
    const Zhucun__DiaryListReply *l = reply->diary_list;
    desk_list_clear(GTK_LIST_BOX(WM(p, "dia_entries")));
    for (size_t i = 0; i < l->n_entries; i++) {
        const Zhucun__DiaryEntry *e = l->entries[i];
        char *line = g_strdup_printf(_("%s  %s (#%lld, %s)  %s  met: %s  problems: %s"), e->day,
                                     e->name, (long long)e->person_id, e->team_name, e->done,
                                     e->people_met, e->problems);
        desk_list_line(GTK_LIST_BOX(WM(p, "dia_entries")), line, 0);
        g_free(line);
    }
    p->entries = (int)l->n_entries;
    char *days = days_text(p);
    char *t = g_strdup_printf(l->truncated ? _("%zu entries %s (the first shown: narrow the days)")
                                           : _("%zu entries %s"),
                              l->n_entries, days);
    gtk_label_set_text(GTK_LABEL(WM(p, "dia_entries_summary")), t);
    g_free(t);
    g_free(days);
    desk_form_say(&p->fm, g_strdup("")); /* an earlier refusal's message goes */
    desk_changed(p->d, "diary-list");
}

static void missing_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_diary *p = user;
    if (desk_form_answered(&p->fm, p->d, err, "diary-missing-failed") != 0)
        return;
    const Zhucun__DiaryMissingReply *m = reply->diary_missing;
    desk_list_clear(GTK_LIST_BOX(WM(p, "dia_missing")));
    for (size_t i = 0; i < m->n_days; i++) {
        char *line = g_strdup_printf("%s  %s", m->days[i]->day, m->days[i]->team_name);
        desk_list_line(GTK_LIST_BOX(WM(p, "dia_missing")), line, 1);
        g_free(line);
    }
    p->missing = (int)m->n_days;
    char *days = days_text(p);
    desk_form_say(&p->fm,
                  g_strdup_printf(_("%zu days served without an entry %s"), m->n_days, days));
    g_free(days);
    desk_changed(p->d, "diary-missing");
}

static void on_missing(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_diary *p = user;
    Zhucun__DiaryMissing m = ZHUCUN__DIARY_MISSING__INIT;
    m.person_id = desk_form_id(&p->fm, "dia_person");
    m.from_day = (char *)desk_form_text(&p->fm, "dia_from");
    m.to_day = (char *)desk_form_text(&p->fm, "dia_to");
    desk_form_send(&p->fm, p->d, &m.base, missing_done, p, "diary-missing-refused");
}

/* The entries the filter names; an empty filter is the whole scope's last 30 days. */
static void load_entries(struct desk_diary *p)
{
    Zhucun__DiaryList l = ZHUCUN__DIARY_LIST__INIT;
    l.org_code = (char *)desk_form_text(&p->fm, "dia_place");
    l.person_id = desk_form_id(&p->fm, "dia_person");
    l.from_day = (char *)desk_form_text(&p->fm, "dia_from");
    l.to_day = (char *)desk_form_text(&p->fm, "dia_to");
    desk_form_send(&p->fm, p->d, &l.base, list_done, p, "diary-list-refused");
}

static void on_entries(GtkButton *b, gpointer user)
{
    (void)b;
    load_entries(user);
}

void desk_diary_refresh(struct desk_diary *p)
{
    if (p->cadre)
        load_day(p);
    if (p->reader)
        load_entries(p);
}

struct desk_diary *desk_diary_new(struct desk *d, GtkStack *stack)
{
    int cadre = 0, reader = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        cadre |= strcmp(role, "team_captain") == 0 || strcmp(role, "cadre") == 0;
        reader |= strcmp(role, "province_office") == 0 || strcmp(role, "city_office") == 0 ||
                  strcmp(role, "county_office") == 0 || strcmp(role, "township") == 0 ||
                  strcmp(role, "county_captain") == 0 || strcmp(role, "inspector") == 0;
    }
    if (!cadre && !reader)
        return NULL;
    struct desk_diary *p = g_new0(struct desk_diary, 1);
    p->d = d;
    p->cadre = cadre;
    p->reader = reader;
    p->boxes = g_ptr_array_new();
    desk_form_init(&p->f, write_fields, "dia_result");
    desk_form_init(&p->fm, reader_fields, "dia_mresult");
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkBox *box = GTK_BOX(page);
    if (cadre) {
        gtk_box_append(box, desk_heading(_("My work diary")));
        gtk_box_append(
            box, desk_hrow(desk_form_entry(&p->f, "dia_day", _("date (today when empty)"), 12),
                           desk_form_keep(&p->f, "dia_load",
                                          gtk_button_new_with_label(_("The day's records"))),
                           desk_form_label(&p->f, "dia_day_summary"), NULL));
        g_signal_connect(W(p, "dia_load"), "clicked", G_CALLBACK(on_load), p);
        gtk_box_append(box, desk_form_list(&p->f, "dia_records", 120));
        gtk_box_append(box,
                       desk_hrow(desk_form_entry(&p->f, "dia_done", _("what was done"), 40),
                                 desk_form_entry(&p->f, "dia_met", _("people met"), 20), NULL));
        gtk_box_append(
            box, desk_hrow(desk_form_entry(&p->f, "dia_problems", _("problems and demands"), 40),
                           desk_form_keep(&p->f, "dia_write",
                                          gtk_button_new_with_label(_("Write the entry"))),
                           NULL));
        g_signal_connect(W(p, "dia_write"), "clicked", G_CALLBACK(on_write), p);
        /* Enter in the date reads the day; in the entry's fields it writes the entry. */
        g_signal_connect(W(p, "dia_day"), "activate", G_CALLBACK(on_load), p);
        desk_form_keys(page, W(p, "dia_done"), W(p, "dia_write"));
        gtk_box_append(box, desk_form_label(&p->f, "dia_result"));
    }
    if (reader) {
        gtk_box_append(box, desk_heading(_("The cadres' diaries")));
        gtk_box_append(
            box,
            desk_hrow(desk_form_entry(&p->fm, "dia_place", _("place code (all when empty)"), 12),
                      desk_form_entry(&p->fm, "dia_person", _("cadre's person id"), 10),
                      desk_form_entry(&p->fm, "dia_from", _("from (YYYY-MM-DD)"), 11),
                      desk_form_entry(&p->fm, "dia_to", _("to (today when empty)"), 11),
                      desk_form_keep(&p->fm, "dia_entries_go",
                                     gtk_button_new_with_label(_("Show the entries"))),
                      desk_form_keep(&p->fm, "dia_missing_go",
                                     gtk_button_new_with_label(_("Days without an entry"))),
                      NULL));
        g_signal_connect(WM(p, "dia_entries_go"), "clicked", G_CALLBACK(on_entries), p);
        g_signal_connect(WM(p, "dia_missing_go"), "clicked", G_CALLBACK(on_missing), p);
        gtk_box_append(box, desk_form_label(&p->fm, "dia_entries_summary"));
        gtk_box_append(box, desk_form_list(&p->fm, "dia_entries", 200));
        g_signal_connect(WM(p, "dia_person"), "activate", G_CALLBACK(on_missing), p);
        gtk_box_append(box, desk_form_list(&p->fm, "dia_missing", 120));
        gtk_box_append(box, desk_form_label(&p->fm, "dia_mresult"));
    }
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, "diary", _("Work diary"));
    return p;
}

void desk_diary_free(struct desk_diary *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    desk_form_free(&p->fm);
    g_ptr_array_free(p->boxes, TRUE);
    g_free(p);
}

GtkWidget *desk_diary_widget(struct desk_diary *p, const char *name)
{
    GtkWidget *w = W(p, name);
    return w != NULL ? w : WM(p, name);
}

int desk_diary_rows(struct desk_diary *p, const char *list)
{
    return strcmp(list, "records") == 0   ? (int)p->boxes->len
           : strcmp(list, "entries") == 0 ? p->entries
                                          : p->missing;
}
