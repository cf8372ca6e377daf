/* training.c -- the study and training page (学习培训, docs/training.md), made in code and added
 * to the main window's stack as "training". A team's cadres see their team's study log
 * (StudyList) and record a study with its attendees (StudyRecord); the offices, the township
 * and the county captain see the cadres untrained this year (TrainingUntrained) and the weeks
 * teams missed their study (StudyMissed); a unit's administrator sees the unit's hearings and
 * its leader's visits this year (UnitSupervisionList). Each form's body is checked by the
 * client library before it is sent (the CLI's and the server's words), its problems marked at
 * their fields. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/training.h"

struct desk_training {
    struct desk *d;
    struct desk_form f; /* the widgets by name, the study form's fields */
    int team, office, unit_admin;
    int64_t people[STUDY_ATTENDEES_MAX + 1];
    GtkListBox *lists[4]; /* study, untrained, missed, records */
    int rows[4];
};

enum { L_STUDY, L_UNTRAINED, L_MISSED, L_RECORDS };

#define W(p, name) desk_form_widget(&(p)->f, (name))

/* A list's section: its heading, a summary line (name) and the rows in a scrolled box. */
static void section(struct desk_training *p, GtkBox *page, int which, const char *heading,
                    const char *name)
{
    gtk_box_append(page, desk_heading(heading));
    gtk_box_append(page, desk_form_label(&p->f, name));
    GtkWidget *list = gtk_list_box_new();
    p->lists[which] = GTK_LIST_BOX(list);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_size_request(scroll, -1, 180);
    gtk_box_append(page, scroll);
}

static void clear(struct desk_training *p, int which)
{
    GtkListBox *l = p->lists[which];
    for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(l, 0); r != NULL;
         r = gtk_list_box_get_row_at_index(l, 0))
        gtk_list_box_remove(l, GTK_WIDGET(r));
    p->rows[which] = 0;
}

/* Appends text (taken) as a row of list which. */
static void add_row(struct desk_training *p, int which, char *text)
{
    GtkWidget *l = gtk_label_new(text);
    g_free(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_list_box_append(p->lists[which], l);
    p->rows[which]++;
}

/* Every list's answer: the rows, or the error in the list's summary line. */
static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_training *p = user;
    static const char *const summary[] = {"trn_study_summary", "trn_untrained_summary",
                                          "trn_missed_summary", "trn_records_summary"};
    static const char *const event[] = {"training-study", "training-untrained", "training-missed",
                                        "training-records"};
    int which = err != NULL                                                  ? -1
                : reply->body_case == ZHUCUN__REPLY__BODY_STUDY_LIST         ? L_STUDY
                : reply->body_case == ZHUCUN__REPLY__BODY_TRAINING_UNTRAINED ? L_UNTRAINED
                : reply->body_case == ZHUCUN__REPLY__BODY_STUDY_MISSED       ? L_MISSED
                                                                             : L_RECORDS;
    if (which < 0) {
        desk_status(p->d, err->message, 1);
        desk_changed(p->d, "training-failed");
        return;
    }
    clear(p, which);
    char *t = NULL;
    if (which == L_STUDY) {
        const Zhucun__StudyListReply *l = reply->study_list;
        for (size_t i = 0; i < l->n_sessions; i++)
            add_row(p, which,
                    g_strdup_printf(_("%s  %s  %s (%u attending, %u photos)"),
                                    l->sessions[i]->held_on, l->sessions[i]->team_name,
                                    l->sessions[i]->topic, l->sessions[i]->attendees,
                                    l->sessions[i]->evidence));
        t = g_strdup_printf(_("%zu studies in the last 90 days"), l->n_sessions);
    } else if (which == L_UNTRAINED) {
        const Zhucun__TrainingUntrainedReply *l = reply->training_untrained;
        for (size_t i = 0; i < l->n_cadres; i++)
            add_row(p, which,
                    g_strdup_printf("%s  %s  %s", l->cadres[i]->name, l->cadres[i]->team_name,
                                    l->cadres[i]->org_code));
        t = g_strdup_printf(_("%zu serving cadres not trained by %s"), l->n_cadres, l->deadline);
    } else if (which == L_MISSED) {
        const Zhucun__StudyMissedReply *l = reply->study_missed;
        for (size_t i = 0; i < l->n_weeks; i++)
            add_row(
                p, which,
                g_strdup_printf(_("week of %s  %s"), l->weeks[i]->week, l->weeks[i]->team_name));
        t = g_strdup_printf(_("%u team-weeks without a collective study this year"), l->total);
    } else {
        const Zhucun__UnitSupervisionListReply *l = reply->unit_supervision_list;
        for (size_t i = 0; i < l->n_records; i++) {
            const Zhucun__UnitSupervision *s = l->records[i];
            add_row(p, which,
                    g_strdup_printf("%s  %s  %s  %s  %s", s->held_on,
                                    strcmp(s->kind, "hearing") == 0 ? _("hearing of the report")
                                                                    : _("leader's visit"),
                                    s->team_name, s->who, s->note));
        }
        t = g_strdup_printf(_("%zu hearings and leader visits this year"), l->n_records);
    }
    gtk_label_set_text(GTK_LABEL(W(p, summary[which])), t);
    g_free(t);
    desk_changed(p->d, event[which]);
}

void desk_training_refresh(struct desk_training *p)
{
    if (p->team) {
        Zhucun__StudyList l = ZHUCUN__STUDY_LIST__INIT;
        desk_call(p->d, &l.base, list_done, p);
    }
    if (p->office) {
        Zhucun__TrainingUntrained u = ZHUCUN__TRAINING_UNTRAINED__INIT;
        desk_call(p->d, &u.base, list_done, p);
        Zhucun__StudyMissed m = ZHUCUN__STUDY_MISSED__INIT;
        desk_call(p->d, &m.base, list_done, p);
    }
    if (p->unit_admin) {
        Zhucun__UnitSupervisionList s = ZHUCUN__UNIT_SUPERVISION_LIST__INIT;
        desk_call(p->d, &s.base, list_done, p);
    }
}

/* ---- the team's study ---- */

static const char *const study_fields[] = {"topic",    "trn_topic", "attendees", "trn_people",
                                           "held_on",  "trn_day",   "team_id",   "trn_topic",
                                           "evidence", "trn_topic", NULL};

static void study_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_training *p = user;
    desk_form_clear(&p->f);
    if (err != NULL) {
        desk_form_refused(&p->f, err);
        desk_changed(p->d, "training-study-record-failed");
        return;
    }
    char *t = g_strdup_printf(_("Recorded: study #%lld"), (long long)reply->study_record->id);
    gtk_label_set_text(GTK_LABEL(W(p, "trn_result")), t);
    g_free(t);
    desk_changed(p->d, "training-study-record");
    desk_training_refresh(p);
}

/* The attendees' ids, separated by commas or spaces; a word that is no id becomes 0, which the
 * checks refuse at the field. */
static size_t people_of(struct desk_training *p, const char *text)
{
    size_t n = 0;
    gchar **words = g_strsplit_set(text, ", ，", -1);
    for (gchar **w = words; *w != NULL && n <= STUDY_ATTENDEES_MAX; w++) {
        if ((*w)[0] == '\0')
            continue;
        char *end;
        long long v = strtoll(*w, &end, 10);
        p->people[n++] = *end == '\0' && v > 0 ? v : 0;
    }
    g_strfreev(words);
    return n;
}

static void on_record(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_training *p = user;
    char today[11];
    rules_date_format(zc_clock_today(), today);
    const char *day = desk_form_text(&p->f, "trn_day");
    Zhucun__StudyRecord s = ZHUCUN__STUDY_RECORD__INIT;
    s.held_on = (char *)(day[0] != '\0' ? day : today);
    s.topic = (char *)desk_form_text(&p->f, "trn_topic");
    s.n_attendees = people_of(p, desk_form_text(&p->f, "trn_people"));
    s.attendees = p->people;
    if (desk_form_check(&p->f, &s.base) > 0) {
        desk_changed(p->d, "training-study-refused");
        return;
    }
    desk_call(p->d, &s.base, study_done, p);
}

static void team_part(struct desk_training *p, GtkBox *page)
{
    section(p, page, L_STUDY, _("The team's collective study"), "trn_study_summary");
    gtk_box_append(page, desk_heading(_("Record a collective study")));
    gtk_box_append(
        page,
        desk_hrow(
            desk_form_entry(&p->f, "trn_topic", _("topic"), 30),
            desk_form_entry(&p->f, "trn_people", _("attendees' person ids, e.g. 12, 15"), 20),
            desk_form_entry(&p->f, "trn_day", _("date (today when empty)"), 12),
            desk_form_keep(&p->f, "trn_record", gtk_button_new_with_label(_("Record the study"))),
            NULL));
    g_signal_connect(W(p, "trn_record"), "clicked", G_CALLBACK(on_record), p);
    gtk_box_append(page, desk_form_label(&p->f, "trn_result"));
}

struct desk_training *desk_training_new(struct desk *d, GtkStack *stack)
{
    int team = 0, office = 0, unit_admin = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        team |= strcmp(role, "team_captain") == 0 || strcmp(role, "cadre") == 0;
        office |= strcmp(role, "province_office") == 0 || strcmp(role, "city_office") == 0 ||
                  strcmp(role, "county_office") == 0 || strcmp(role, "township") == 0 ||
                  strcmp(role, "county_captain") == 0;
        unit_admin |= strcmp(role, "unit_admin") == 0;
    }
    if (!team && !office && !unit_admin)
        return NULL;
    struct desk_training *p = g_new0(struct desk_training, 1);
    p->d = d;
    p->team = team;
    p->office = office;
    p->unit_admin = unit_admin;
    desk_form_init(&p->f, study_fields, "trn_result");
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    if (team)
        team_part(p, GTK_BOX(page));
    if (office) {
        section(p, GTK_BOX(page), L_UNTRAINED, _("Serving cadres not yet trained this year"),
                "trn_untrained_summary");
        section(p, GTK_BOX(page), L_MISSED, _("Weeks without a collective study"),
                "trn_missed_summary");
    }
    if (unit_admin)
        section(p, GTK_BOX(page), L_RECORDS, _("The unit's hearings and leader visits"),
                "trn_records_summary");
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, "training", _("Study and training"));
    return p;
}

void desk_training_free(struct desk_training *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    g_free(p);
}

GtkWidget *desk_training_widget(struct desk_training *p, const char *name)
{
    return W(p, name);
}

int desk_training_rows(struct desk_training *p, const char *list)
{
    return strcmp(list, "study") == 0       ? p->rows[L_STUDY]
           : strcmp(list, "untrained") == 0 ? p->rows[L_UNTRAINED]
           : strcmp(list, "missed") == 0    ? p->rows[L_MISSED]
                                            : p->rows[L_RECORDS];
}
