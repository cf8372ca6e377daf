/* policy.c -- the policy delivery page (docs/policy-delivery.md), made in code and added to the
 * main window's stack as "policy". A cadre records the day's loudspeaker broadcast (the day's
 * minutes shown against the rule's 30) and the week's policy video (the week's count against
 * the rule); a city or county office runs the month's phone quiz: creates it (the server draws
 * the sample), and enters each sampled cadre's score or why they were not reached. Each form's
 * body is checked by the client library before it is sent (zc_check_all: the CLI's and the
 * server's words), its problems marked at their fields. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/policy.h"

struct desk_policy {
    struct desk *d;
    GtkWidget *page;
    GHashTable *w; /* name -> widget */
    char *office;  /* the office grant's scope (city or county), or NULL */
    int cadre;
    unsigned day_minutes, day_required, week_videos, week_required;
    int64_t quiz;
    int cadres;
    GtkListBox *quiz_list;
};

#define W(p, name) ((GtkWidget *)g_hash_table_lookup((p)->w, (name)))

static const char *text_of(struct desk_policy *p, const char *name)
{
    return gtk_editable_get_text(GTK_EDITABLE(W(p, name)));
}

static GtkWidget *entry(struct desk_policy *p, const char *name, const char *hint, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_widget_set_name(e, name);
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), hint);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    g_hash_table_insert(p->w, g_strdup(name), e);
    return e;
}

static GtkWidget *label(struct desk_policy *p, const char *name, const char *text)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    g_hash_table_insert(p->w, g_strdup(name), l);
    return l;
}

static GtkWidget *button(struct desk_policy *p, const char *name, const char *text, GCallback cb)
{
    GtkWidget *b = gtk_button_new_with_label(text);
    gtk_widget_set_name(b, name);
    g_signal_connect(b, "clicked", cb, p);
    g_hash_table_insert(p->w, g_strdup(name), b);
    return b;
}

/* ---- marking a form's problems ---- */

struct marking {
    struct desk_policy *p;
    const char *const *fields; /* field, widget name, ..., NULL */
    const char *result;
    GString *text;
};

static void on_problem(const char *field, const char *message, void *user)
{
    struct marking *m = user;
    for (const char *const *f = m->fields; f[0] != NULL; f += 2)
        if (strcmp(f[0], field) == 0)
            gtk_widget_add_css_class(W(m->p, f[1]), "error");
    g_string_append_printf(m->text, "%s%s", m->text->len > 0 ? "；" : "", message);
}

static void clear_marks(struct desk_policy *p, const char *const *fields, const char *result)
{
    for (const char *const *f = fields; f[0] != NULL; f += 2)
        gtk_widget_remove_css_class(W(p, f[1]), "error");
    gtk_label_set_text(GTK_LABEL(W(p, result)), "");
    gtk_widget_remove_css_class(W(p, result), "error");
}

/* The result line of a form: its problems (err's, or the library's checks), or text. */
static void show_result(struct desk_policy *p, const char *const *fields, const char *result,
                        const struct zc_error *err, const char *text)
{
    GtkWidget *l = W(p, result);
    if (err != NULL) {
        struct marking m = {p, fields, result, g_string_new(NULL)};
        on_problem(err->field, err->message, &m);
        gtk_label_set_text(GTK_LABEL(l), m.text->str);
        g_string_free(m.text, TRUE);
        gtk_widget_add_css_class(l, "error");
    } else {
        gtk_label_set_text(GTK_LABEL(l), text);
        gtk_widget_remove_css_class(l, "error");
    }
}

/* 1 when body may be sent; else its problems marked and shown. */
static int checked(struct desk_policy *p, const ProtobufCMessage *body, const char *const *fields,
                   const char *result)
{
    clear_marks(p, fields, result);
    struct marking m = {p, fields, result, g_string_new(NULL)};
    int n = desk_check(body, on_problem, &m);
    if (n > 0) {
        gtk_label_set_text(GTK_LABEL(W(p, result)), m.text->str);
        gtk_widget_add_css_class(W(p, result), "error");
    }
    g_string_free(m.text, TRUE);
    return n == 0;
}

/* A number typed into an entry: its value, or `bad` (out of range for the checks to refuse)
 * when it is not digits. */
static unsigned number(const char *s, unsigned bad)
{
    if (s[0] == '\0' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 6)
        return bad;
    return (unsigned)strtoul(s, NULL, 10);
}

/* ---- the cadre: today's broadcast, this week's videos ---- */

static const char *const broadcast_fields[] = {
    "minutes",      "pol_minutes", "topic",    "pol_topic", "on_date", "pol_minutes",
    "village_code", "pol_minutes", "evidence", "pol_topic", NULL};
static const char *const video_fields[] = {
    "url",       "pol_url", "title",     "pol_title", "platform",  "pol_url", "posted_on",
    "pol_title", "team_id", "pol_title", "evidence",  "pol_title", NULL};

static void show_counts(struct desk_policy *p)
{
    char *t =
        g_strdup_printf(_("Today's broadcasts: %u of %u minutes%s"), p->day_minutes,
                        p->day_required, p->day_minutes >= p->day_required ? _(" (met)") : "");
    gtk_label_set_text(GTK_LABEL(W(p, "pol_day")), t);
    g_free(t);
    t = g_strdup_printf(_("This week's policy videos: %u (the rule: %u, one to two a week)%s"),
                        p->week_videos, p->week_required,
                        p->week_videos >= p->week_required && p->week_required > 0 ? _(" (met)")
                                                                                   : "");
    gtk_label_set_text(GTK_LABEL(W(p, "pol_week")), t);
    g_free(t);
}

static void day_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_policy *p = user;
    if (err == NULL) {
        p->day_minutes = reply->broadcast_list->minutes;
        p->day_required = reply->broadcast_list->required;
        show_counts(p);
    }
    desk_changed(p->d, "policy-day");
}

static void week_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_policy *p = user;
    if (err == NULL) {
        p->week_videos = reply->video_list->count;
        p->week_required = reply->video_list->required;
        show_counts(p);
    }
    desk_changed(p->d, "policy-week");
}

void desk_policy_refresh(struct desk_policy *p)
{
    if (!p->cadre)
        return;
    Zhucun__BroadcastList bl = ZHUCUN__BROADCAST_LIST__INIT; /* today, the caller's scope */
    desk_call(p->d, &bl.base, day_done, p);
    Zhucun__VideoList vl = ZHUCUN__VIDEO_LIST__INIT; /* this week */
    desk_call(p->d, &vl.base, week_done, p);
}

static void broadcast_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_policy *p = user;
    if (err == NULL) {
        char *t =
            g_strdup_printf(_("Recorded: broadcast #%lld"), (long long)reply->broadcast_record->id);
        show_result(p, broadcast_fields, "pol_bresult", NULL, t);
        g_free(t);
        gtk_editable_set_text(GTK_EDITABLE(W(p, "pol_minutes")), "");
        desk_policy_refresh(p);
    } else {
        show_result(p, broadcast_fields, "pol_bresult", err, NULL);
    }
    desk_changed(p->d, err == NULL ? "policy-broadcast" : "policy-broadcast-failed");
}

static void on_broadcast(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_policy *p = user;
    char today[11];
    rules_date_format(zc_clock_today(), today);
    Zhucun__BroadcastRecord br = ZHUCUN__BROADCAST_RECORD__INIT;
    br.village_code = "";
    br.on_date = today;
    br.minutes = number(text_of(p, "pol_minutes"), 0);
    br.topic = (char *)text_of(p, "pol_topic");
    if (!checked(p, &br.base, broadcast_fields, "pol_bresult")) {
        desk_changed(p->d, "policy-broadcast-refused");
        return;
    }
    desk_call(p->d, &br.base, broadcast_done, p);
}

static void video_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_policy *p = user;
    if (err == NULL) {
        char *t = g_strdup_printf(_("Recorded: video #%lld"), (long long)reply->video_record->id);
        show_result(p, video_fields, "pol_vresult", NULL, t);
        g_free(t);
        gtk_editable_set_text(GTK_EDITABLE(W(p, "pol_url")), "");
        desk_policy_refresh(p);
    } else {
        show_result(p, video_fields, "pol_vresult", err, NULL);
    }
    desk_changed(p->d, err == NULL ? "policy-video" : "policy-video-failed");
}

static void on_video(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_policy *p = user;
    char today[11];
    rules_date_format(zc_clock_today(), today);
    Zhucun__VideoRecord vr = ZHUCUN__VIDEO_RECORD__INIT;
    guint pl = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(p, "pol_platform")));
    vr.platform = "other"; /* the dropdown lists the rules' platforms in their order */
    for (guint k = 0; rules_policy_platforms[k] != NULL; k++)
        if (k == pl)
            vr.platform = (char *)rules_policy_platforms[k];
    vr.url = (char *)text_of(p, "pol_url");
    vr.title = (char *)text_of(p, "pol_title");
    vr.posted_on = today;
    if (!checked(p, &vr.base, video_fields, "pol_vresult")) {
        desk_changed(p->d, "policy-video-refused");
        return;
    }
    desk_call(p->d, &vr.base, video_done, p);
}

/* ---- the office: the month's quiz ---- */

static const char *const quiz_fields[] = {
    "org_code",  "pol_qorg",      "month",       "pol_qmonth",  "title",      "pol_qtitle",
    "questions", "pol_qquestion", "sample_size", "pol_qsample", "person_ids", "pol_qsample",
    NULL};
static const char *const score_fields[] = {"score",     "pol_score", "reason",  "pol_reason",
                                           "called_on", "pol_score", "quiz_id", "pol_score",
                                           "person_id", "pol_score", NULL};

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_policy *p = user;
    for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(p->quiz_list, 0); r != NULL;
         r = gtk_list_box_get_row_at_index(p->quiz_list, 0))
        gtk_list_box_remove(p->quiz_list, GTK_WIDGET(r));
    p->cadres = 0;
    if (err != NULL) {
        show_result(p, quiz_fields, "pol_qresult", err, NULL);
        desk_changed(p->d, "policy-quiz-failed");
        return;
    }
    const Zhucun__Quiz *q = reply->quiz;
    char *t = g_strdup_printf(_("Quiz #%lld, %s %s: %zu sampled, %u reached, %u not reached, "
                                "%u to call"),
                              (long long)q->id, q->org_name, q->month, q->n_cadres, q->reached,
                              q->not_reached, q->pending);
    gtk_label_set_text(GTK_LABEL(W(p, "pol_qsummary")), t);
    g_free(t);
    for (size_t i = 0; i < q->n_cadres; i++) {
        const Zhucun__QuizCadre *c = q->cadres[i];
        char *line =
            strcmp(c->state, "reached") == 0
                ? g_strdup_printf(_("%s · %s · score %u (%s)"), c->name, c->team_name, c->score,
                                  c->called_on)
            : strcmp(c->state, "not_reached") == 0
                ? g_strdup_printf(_("%s · %s · not reached: %s"), c->name, c->team_name, c->reason)
                : g_strdup_printf(_("%s · %s · to call"), c->name, c->team_name);
        GtkWidget *l = gtk_label_new(line);
        g_free(line);
        gtk_label_set_xalign(GTK_LABEL(l), 0);
        GtkWidget *r = gtk_list_box_row_new();
        gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(r), l);
        g_object_set_data_full(G_OBJECT(r), "person",
                               g_memdup2(&c->person_id, sizeof(c->person_id)), g_free);
        gtk_list_box_append(p->quiz_list, r);
        p->cadres++;
    }
    desk_changed(p->d, "policy-quiz");
}

static void quiz_show(struct desk_policy *p)
{
    Zhucun__QuizShow qs = ZHUCUN__QUIZ_SHOW__INIT;
    qs.id = p->quiz;
    desk_call(p->d, &qs.base, show_done, p);
}

static void create_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_policy *p = user;
    if (err != NULL) {
        show_result(p, quiz_fields, "pol_qresult", err, NULL);
        desk_changed(p->d, "policy-quiz-failed");
        return;
    }
    p->quiz = reply->quiz_create->id;
    char *t = g_strdup_printf(_("Quiz #%lld created"), (long long)p->quiz);
    show_result(p, quiz_fields, "pol_qresult", NULL, t);
    g_free(t);
    quiz_show(p);
}

static void on_quiz_create(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_policy *p = user;
    Zhucun__QuizQuestion q = ZHUCUN__QUIZ_QUESTION__INIT, *qp = &q;
    q.text = (char *)text_of(p, "pol_qquestion");
    q.answer = (char *)text_of(p, "pol_qanswer");
    Zhucun__QuizCreate qc = ZHUCUN__QUIZ_CREATE__INIT;
    qc.org_code = (char *)text_of(p, "pol_qorg");
    qc.month = (char *)text_of(p, "pol_qmonth");
    qc.title = (char *)text_of(p, "pol_qtitle");
    qc.n_questions = 1;
    qc.questions = &qp;
    qc.sample_size = number(text_of(p, "pol_qsample"), QUIZ_SAMPLE_MAX + 1);
    if (!checked(p, &qc.base, quiz_fields, "pol_qresult")) {
        desk_changed(p->d, "policy-quiz-refused");
        return;
    }
    desk_call(p->d, &qc.base, create_done, p);
}

static void score_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_policy *p = user;
    show_result(p, score_fields, "pol_sresult", err, _("Score recorded"));
    desk_changed(p->d, err == NULL ? "policy-score" : "policy-score-failed");
    if (err == NULL)
        quiz_show(p);
}

static void on_score(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_policy *p = user;
    GtkListBoxRow *r = gtk_list_box_get_selected_row(p->quiz_list);
    char today[11];
    rules_date_format(zc_clock_today(), today);
    Zhucun__QuizScore qs = ZHUCUN__QUIZ_SCORE__INIT;
    qs.quiz_id = p->quiz;
    qs.person_id = r != NULL ? *(int64_t *)g_object_get_data(G_OBJECT(r), "person") : 0;
    qs.called_on = today;
    qs.not_reached = gtk_check_button_get_active(GTK_CHECK_BUTTON(W(p, "pol_not_reached")));
    qs.score = qs.not_reached ? 0 : number(text_of(p, "pol_score"), QUIZ_SCORE_MAX + 1);
    qs.reason = (char *)text_of(p, "pol_reason");
    if (!checked(p, &qs.base, score_fields, "pol_sresult")) {
        desk_changed(p->d, "policy-score-refused");
        return;
    }
    desk_call(p->d, &qs.base, score_done, p);
}

/* ---- the page ---- */

static void cadre_part(struct desk_policy *p, GtkBox *page)
{
    gtk_box_append(page, desk_heading(_("Loudspeaker broadcast (30 minutes a day)")));
    gtk_box_append(page, label(p, "pol_day", ""));
    gtk_box_append(page, desk_hrow(entry(p, "pol_minutes", _("minutes"), 8),
                                   entry(p, "pol_topic", _("topic"), 30),
                                   button(p, "pol_broadcast", _("Record today's broadcast"),
                                          G_CALLBACK(on_broadcast)),
                                   NULL));
    gtk_box_append(page, label(p, "pol_bresult", ""));
    gtk_box_append(page, desk_heading(_("Policy video (one to two a week)")));
    gtk_box_append(page, label(p, "pol_week", ""));
    const char *names[] = {_("Douyin"), _("Kuaishou"), _("WeChat Channels"), _("Other"), NULL};
    GtkWidget *platform = gtk_drop_down_new_from_strings(names);
    g_hash_table_insert(p->w, g_strdup("pol_platform"), platform);
    gtk_box_append(page, desk_hrow(platform, entry(p, "pol_url", _("link (https://...)"), 36),
                                   entry(p, "pol_title", _("title"), 24),
                                   button(p, "pol_video", _("Record the video (posted today)"),
                                          G_CALLBACK(on_video)),
                                   NULL));
    gtk_box_append(page, label(p, "pol_vresult", ""));
}

static void office_part(struct desk_policy *p, GtkBox *page)
{
    gtk_box_append(page, desk_heading(_("The month's phone quiz of cadres")));
    GtkWidget *org = entry(p, "pol_qorg", _("city or county code"), 14);
    gtk_editable_set_text(GTK_EDITABLE(org), p->office);
    char month[11];
    rules_date_format(zc_clock_today(), month);
    month[7] = '\0';
    GtkWidget *mon = entry(p, "pol_qmonth", "YYYY-MM", 8);
    gtk_editable_set_text(GTK_EDITABLE(mon), month);
    gtk_box_append(page, desk_hrow(org, mon, entry(p, "pol_qtitle", _("title"), 20),
                                   entry(p, "pol_qsample", _("cadres to draw"), 6), NULL));
    gtk_box_append(
        page, desk_hrow(entry(p, "pol_qquestion", _("question"), 40),
                        entry(p, "pol_qanswer", _("answer key (optional)"), 30),
                        button(p, "pol_qcreate", _("Create and draw"), G_CALLBACK(on_quiz_create)),
                        NULL));
    gtk_box_append(page, label(p, "pol_qresult", ""));
    gtk_box_append(page, label(p, "pol_qsummary", ""));
    GtkWidget *list = gtk_list_box_new();
    p->quiz_list = GTK_LIST_BOX(list);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_size_request(scroll, -1, 160);
    gtk_box_append(page, scroll);
    GtkWidget *nr = gtk_check_button_new_with_label(_("not reached"));
    g_hash_table_insert(p->w, g_strdup("pol_not_reached"), nr);
    gtk_box_append(page,
                   desk_hrow(entry(p, "pol_score", _("score 0-100"), 8), nr,
                             entry(p, "pol_reason", _("why not reached"), 24),
                             button(p, "pol_score_button", _("Record the chosen cadre's result"),
                                    G_CALLBACK(on_score)),
                             NULL));
    gtk_box_append(page, label(p, "pol_sresult", ""));
}

struct desk_policy *desk_policy_new(struct desk *d, GtkStack *stack)
{
    int cadre = (d->roles & DESK_ROLE_CADRE) != 0;
    const char *office = NULL;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        if (strcmp(role, "city_office") == 0 || strcmp(role, "county_office") == 0)
            office = g_ptr_array_index(d->grant_scopes, i);
    }
    if (!cadre && office == NULL)
        return NULL;
    struct desk_policy *p = g_new0(struct desk_policy, 1);
    p->d = d;
    p->cadre = cadre;
    p->office = g_strdup(office);
    p->w = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    if (cadre)
        cadre_part(p, GTK_BOX(page));
    if (office != NULL)
        office_part(p, GTK_BOX(page));
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    p->page = scroll;
    gtk_stack_add_titled(stack, scroll, "policy", _("Policy delivery"));
    if (cadre)
        show_counts(p);
    return p;
}

void desk_policy_free(struct desk_policy *p)
{
    if (p == NULL)
        return;
    g_hash_table_destroy(p->w);
    g_free(p->office);
    g_free(p);
}

GtkWidget *desk_policy_widget(struct desk_policy *p, const char *name)
{
    return W(p, name);
}

int desk_policy_cadres(struct desk_policy *p)
{
    return p->cadres;
}

int desk_policy_select(struct desk_policy *p, int i)
{
    GtkListBoxRow *r = gtk_list_box_get_row_at_index(p->quiz_list, i);
    if (r == NULL)
        return -1;
    gtk_list_box_select_row(p->quiz_list, r);
    return 0;
}

void desk_policy_counts(struct desk_policy *p, unsigned *day_minutes, unsigned *week_videos)
{
    *day_minutes = p->day_minutes;
    *week_videos = p->week_videos;
}
