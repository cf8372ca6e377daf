/* assess.c -- the county's assessment workbench (考核, SPEC E1; docs/assessment.md), made in
 * code and added to the main window's stack as "assess" for a county office. It shows this
 * quarter's round of the county's teams (AssessList, then AssessRoundShow): every team with its
 * indicator scores, total, rank, proposed grade and grade. The clerk enters a score with its
 * reason (AssessScoreSet), ranks (AssessRank), overrides a grade with a reason
 * (AssessGradeOverride) and submits (AssessSubmit). The quota check runs live as the clerk
 * changes a grade: the counts per grade against the quotas of the round, by the same solver as
 * the server (common/rules/assess.c); a broken quota is shown in red and the override is not
 * sent. */
#include "desk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/assess.h"

struct desk_assess {
    struct desk *d;
    GHashTable *w;        /* name -> widget */
    Zhucun__Reply *round; /* the round shown (AssessRoundShow's reply), or NULL */
    struct assess_policy policy;
    GPtrArray *grades;  /* one GtkDropDown per result, in the round's order */
    GPtrArray *reasons; /* one GtkEntry per result */
    GtkListBox *list;
    int broken; /* the live check: 1 while a quota is broken */
};

#define W(p, name) ((GtkWidget *)g_hash_table_lookup((p)->w, (name)))

static GtkWidget *keep(struct desk_assess *p, const char *name, GtkWidget *w)
{
    gtk_widget_set_name(w, name);
    g_hash_table_insert(p->w, g_strdup(name), w);
    return w;
}

static GtkWidget *entry(struct desk_assess *p, const char *name, const char *hint, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), hint);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    return keep(p, name, e);
}

static GtkWidget *label(struct desk_assess *p, const char *name)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    return keep(p, name, l);
}

static const Zhucun__AssessRound *shown(const struct desk_assess *p)
{
    return p->round != NULL ? p->round->assess_round_show : NULL;
}

static void say(struct desk_assess *p, const char *text, int error)
{
    GtkWidget *l = W(p, "as_result");
    gtk_label_set_text(GTK_LABEL(l), text);
    if (error)
        gtk_widget_add_css_class(l, "error");
    else
        gtk_widget_remove_css_class(l, "error");
}

/* ---- the live quota check ---- */

/* Counts the grades as the dropdowns say and checks them against the round's quotas: the
 * counts and either "within the quotas" or the broken quota, in red. */
static void check_live(struct desk_assess *p)
{
    const Zhucun__AssessRound *a = shown(p);
    if (a == NULL)
        return;
    int n = (int)p->grades->len;
    int *g = g_new0(int, n > 0 ? n : 1);
    for (int i = 0; i < n; i++)
        g[i] = (int)gtk_drop_down_get_selected(g_ptr_array_index(p->grades, i));
    int counts[ASSESS_GRADES];
    assess_counts(g, n, counts);
    g_free(g);
    char msg[200];
    const char *broken = assess_check(counts, n, &p->policy, msg, sizeof(msg), NULL);
    GString *t = g_string_new(NULL);
    for (int k = 0; k < ASSESS_GRADES; k++)
        g_string_append_printf(t, "%s %d  ", assess_grade_label(k), counts[k]);
    g_string_append(t, broken != NULL ? broken : _("within the quotas"));
    GtkWidget *l = W(p, "as_quota");
    gtk_label_set_text(GTK_LABEL(l), t->str);
    g_string_free(t, TRUE);
    p->broken = broken != NULL;
    if (p->broken)
        gtk_widget_add_css_class(l, "error");
    else
        gtk_widget_remove_css_class(l, "error");
    desk_changed(p->d, p->broken ? "assess-quota-broken" : "assess-quota-ok");
}

static void on_grade_changed(GObject *o, GParamSpec *ps, gpointer user)
{
    (void)o;
    (void)ps;
    check_live(user);
}

/* ---- the round ---- */

static void clear_list(struct desk_assess *p)
{
    for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(p->list, 0); r != NULL;
         r = gtk_list_box_get_row_at_index(p->list, 0))
        gtk_list_box_remove(p->list, GTK_WIDGET(r));
    g_ptr_array_set_size(p->grades, 0);
    g_ptr_array_set_size(p->reasons, 0);
}

static const char *indicator_label(const Zhucun__AssessRound *a, const char *code)
{
    for (size_t i = 0; i < a->n_indicators; i++)
        if (strcmp(a->indicators[i]->code, code) == 0)
            return a->indicators[i]->label;
    return code;
}

static void on_override(GtkButton *b, gpointer user);

/* One result's row: rank, team, village, total, the indicators, proposed grade, the grade to
 * choose, its reason, the override button. */
static GtkWidget *result_row(struct desk_assess *p, const Zhucun__AssessRound *a, size_t i)
{
    const Zhucun__AssessResult *x = a->results[i];
    GString *s = g_string_new(NULL);
    for (size_t k = 0; k < x->n_scores; k++) {
        const Zhucun__AssessScore *sc = x->scores[k];
        if (sc->score < 0)
            g_string_append_printf(s, "%s —  ", indicator_label(a, sc->indicator));
        else
            g_string_append_printf(s, "%s %d.%02d  ", indicator_label(a, sc->indicator),
                                   sc->score / 100, sc->score % 100);
    }
    char rank[16] = "-";
    if (x->rank > 0)
        g_snprintf(rank, sizeof(rank), "%u", x->rank);
    char *head = g_strdup_printf(
        _("#%lld  rank %s  %s %s %s  total %d.%02d  proposed %s"), (long long)x->id, rank,
        x->team_name, x->person_name, x->place, x->score / 100, x->score % 100,
        x->proposed[0] != '\0' ? assess_grade_label(assess_grade_parse(x->proposed)) : "-");
    GtkWidget *top = gtk_label_new(head);
    g_free(head);
    gtk_label_set_xalign(GTK_LABEL(top), 0);
    GtkWidget *scores = gtk_label_new(s->str);
    g_string_free(s, TRUE);
    gtk_label_set_xalign(GTK_LABEL(scores), 0);
    gtk_widget_add_css_class(scores, "dim-label");
    const char *names[ASSESS_GRADES + 1];
    for (int k = 0; k < ASSESS_GRADES; k++)
        names[k] = assess_grade_label(k);
    names[ASSESS_GRADES] = NULL;
    GtkWidget *grade = gtk_drop_down_new_from_strings(names);
    int g = assess_grade_parse(x->grade);
    gtk_drop_down_set_selected(GTK_DROP_DOWN(grade), g >= 0 ? (guint)g : (guint)ASSESS_QUALIFIED);
    g_signal_connect(grade, "notify::selected", G_CALLBACK(on_grade_changed), p);
    GtkWidget *reason = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(reason), _("reason for another grade"));
    gtk_editable_set_width_chars(GTK_EDITABLE(reason), 24);
    gtk_editable_set_text(GTK_EDITABLE(reason), x->override_reason);
    GtkWidget *button = gtk_button_new_with_label(_("Set the grade"));
    g_object_set_data(G_OBJECT(button), "index", GSIZE_TO_POINTER(i));
    g_signal_connect(button, "clicked", G_CALLBACK(on_override), p);
    g_ptr_array_add(p->grades, grade);
    g_ptr_array_add(p->reasons, reason);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
    gtk_box_append(GTK_BOX(box), top);
    gtk_box_append(GTK_BOX(box), scores);
    gtk_box_append(GTK_BOX(box), desk_hrow(grade, reason, button, NULL));
    return box;
}

static void show_round(struct desk_assess *p, Zhucun__Reply *reply)
{
    if (p->round != NULL)
        zc_reply_free(p->round);
    p->round = reply;
    const Zhucun__AssessRound *a = shown(p);
    p->policy = assess_default_policy;
    for (size_t i = 0; i < a->n_quotas; i++) {
        int g = assess_grade_parse(a->quotas[i]->grade);
        if (g < 0)
            continue;
        p->policy.q[g].share_pct = (int)a->quotas[i]->share_pct;
        p->policy.q[g].rounding =
            (enum assess_rounding)assess_rounding_parse(a->quotas[i]->rounding);
        p->policy.q[g].bound = (enum assess_bound)assess_bound_parse(a->quotas[i]->bound);
    }
    char *t = g_strdup_printf(
        _("Round #%lld: %s, the quarter from %s, %s (%s)"), (long long)a->id, a->county_name,
        a->quarter, strcmp(a->subject, "team") == 0 ? _("teams") : _("cadres"), a->status);
    gtk_label_set_text(GTK_LABEL(W(p, "as_round")), t);
    g_free(t);
    clear_list(p);
    for (size_t i = 0; i < a->n_results; i++)
        gtk_list_box_append(p->list, result_row(p, a, i));
    GtkWidget *ind = W(p, "as_indicator");
    GtkStringList *codes = gtk_string_list_new(NULL);
    for (size_t i = 0; i < a->n_indicators; i++)
        if (!a->indicators[i]->system)
            gtk_string_list_append(codes, a->indicators[i]->label);
    gtk_drop_down_set_model(GTK_DROP_DOWN(ind), G_LIST_MODEL(codes));
    g_object_unref(codes);
    check_live(p);
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_assess *p = user;
    if (err != NULL) {
        say(p, err->message, 1);
        desk_changed(p->d, "assess-round-failed");
        return;
    }
    /* keep the reply: desk_call frees it after this returns, so take a copy */
    size_t len = zhucun__reply__get_packed_size(reply);
    uint8_t *buf = g_malloc(len);
    zhucun__reply__pack(reply, buf);
    Zhucun__Reply *copy = zhucun__reply__unpack(NULL, len, buf);
    g_free(buf);
    show_round(p, copy);
    desk_changed(p->d, "assess-round");
}

static void load(struct desk_assess *p, int64_t id)
{
    Zhucun__AssessRoundShow s = ZHUCUN__ASSESS_ROUND_SHOW__INIT;
    s.round_id = id;
    desk_call(p->d, &s.base, show_done, p);
}

/* The newest round of the caller's county: the latest quarter's team round first. */
static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_assess *p = user;
    if (err != NULL) {
        say(p, err->message, 1);
        desk_changed(p->d, "assess-round-failed");
        return;
    }
    const Zhucun__AssessListReply *l = reply->assess_list;
    int64_t id = 0;
    for (size_t i = 0; i < l->n_rounds && id == 0; i++)
        if (strcmp(l->rounds[i]->subject, "team") == 0)
            id = l->rounds[i]->id;
    if (id == 0) {
        gtk_label_set_text(GTK_LABEL(W(p, "as_round")), _("No assessment round yet"));
        desk_changed(p->d, "assess-round");
        return;
    }
    load(p, id);
}

void desk_assess_refresh(struct desk_assess *p)
{
    Zhucun__AssessList l = ZHUCUN__ASSESS_LIST__INIT; /* the caller's counties */
    l.limit = 20;
    desk_call(p->d, &l.base, list_done, p);
}

/* After a write: what the server said, then the round again. */
static void write_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_assess *p = user;
    if (err != NULL) {
        say(p, err->message, 1);
        desk_changed(p->d, "assess-write-failed");
        return;
    }
    say(p, _("Saved"), 0);
    desk_changed(p->d, "assess-write");
    if (shown(p) != NULL)
        load(p, shown(p)->id);
}

/* ---- the writes ---- */

static void problem(const char *field, const char *message, void *user)
{
    (void)field;
    GString *t = user;
    g_string_append_printf(t, "%s%s", t->len > 0 ? "；" : "", message);
}

/* desk_check's verdict on body: 1 when it may be sent, else the problems said in red. */
static int checked(struct desk_assess *p, const ProtobufCMessage *body, const char *refused)
{
    GString *t = g_string_new(NULL);
    int n = desk_check(body, problem, t);
    if (n > 0) {
        say(p, t->str, 1);
        desk_changed(p->d, refused);
    }
    g_string_free(t, TRUE);
    return n == 0;
}

static void on_override(GtkButton *b, gpointer user)
{
    struct desk_assess *p = user;
    const Zhucun__AssessRound *a = shown(p);
    size_t i = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(b), "index"));
    if (a == NULL || i >= a->n_results)
        return;
    check_live(p);
    if (p->broken) { /* the broken quota is already in red: nothing is sent */
        say(p, gtk_label_get_text(GTK_LABEL(W(p, "as_quota"))), 1);
        desk_changed(p->d, "assess-override-refused");
        return;
    }
    Zhucun__AssessGradeOverride o = ZHUCUN__ASSESS_GRADE_OVERRIDE__INIT;
    o.result_id = a->results[i]->id;
    o.grade =
        (char *)assess_grade_code((int)gtk_drop_down_get_selected(g_ptr_array_index(p->grades, i)));
    o.reason = (char *)gtk_editable_get_text(GTK_EDITABLE(g_ptr_array_index(p->reasons, i)));
    if (checked(p, &o.base, "assess-override-refused"))
        desk_call(p->d, &o.base, write_done, p);
}

static void on_score(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_assess *p = user;
    const Zhucun__AssessRound *a = shown(p);
    if (a == NULL)
        return;
    Zhucun__AssessScoreSet s = ZHUCUN__ASSESS_SCORE_SET__INIT;
    s.result_id = strtoll(gtk_editable_get_text(GTK_EDITABLE(W(p, "as_result_id"))), NULL, 10);
    guint k = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(p, "as_indicator")));
    s.indicator = "";
    for (size_t i = 0, n = 0; i < a->n_indicators; i++)
        if (!a->indicators[i]->system && n++ == k)
            s.indicator = a->indicators[i]->code;
    const char *v = gtk_editable_get_text(GTK_EDITABLE(W(p, "as_score")));
    char *end;
    double x = strtod(v, &end);
    s.score = v[0] != '\0' && *end == '\0' ? (int32_t)lround(x * 100) : -1;
    s.reason = (char *)gtk_editable_get_text(GTK_EDITABLE(W(p, "as_reason")));
    if (checked(p, &s.base, "assess-score-refused"))
        desk_call(p->d, &s.base, write_done, p);
}

static void on_rank(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_assess *p = user;
    if (shown(p) == NULL)
        return;
    Zhucun__AssessRank r = ZHUCUN__ASSESS_RANK__INIT;
    r.round_id = shown(p)->id;
    desk_call(p->d, &r.base, write_done, p);
}

static void on_submit(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_assess *p = user;
    if (shown(p) == NULL)
        return;
    Zhucun__AssessSubmit s = ZHUCUN__ASSESS_SUBMIT__INIT;
    s.round_id = shown(p)->id;
    desk_call(p->d, &s.base, write_done, p);
}

struct desk_assess *desk_assess_new(struct desk *d, GtkStack *stack)
{
    int county = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++)
        county |= strcmp(g_ptr_array_index(d->grant_roles, i), "county_office") == 0;
    if (!county)
        return NULL;
    struct desk_assess *p = g_new0(struct desk_assess, 1);
    p->d = d;
    p->w = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->grades = g_ptr_array_new();
    p->reasons = g_ptr_array_new();
    p->policy = assess_default_policy;
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkBox *box = GTK_BOX(page);
    gtk_box_append(box, desk_heading(_("Quarterly assessment")));
    gtk_box_append(box, label(p, "as_round"));
    gtk_box_append(box, label(p, "as_quota"));
    GtkWidget *list = gtk_list_box_new();
    p->list = GTK_LIST_BOX(list);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_size_request(scroll, -1, 360);
    gtk_box_append(box, scroll);
    gtk_box_append(box, desk_heading(_("Enter a score")));
    const char *none[] = {NULL};
    gtk_box_append(box, desk_hrow(entry(p, "as_result_id", _("result #"), 8),
                                  keep(p, "as_indicator", gtk_drop_down_new_from_strings(none)),
                                  entry(p, "as_score", _("score 0-100"), 8),
                                  entry(p, "as_reason", _("reason"), 24),
                                  keep(p, "as_score_button", gtk_button_new_with_label(_("Enter"))),
                                  NULL));
    gtk_box_append(
        box, desk_hrow(keep(p, "as_rank", gtk_button_new_with_label(_("Rank"))),
                       keep(p, "as_submit", gtk_button_new_with_label(_("Submit for publication"))),
                       NULL));
    gtk_box_append(box, label(p, "as_result"));
    g_signal_connect(W(p, "as_score_button"), "clicked", G_CALLBACK(on_score), p);
    g_signal_connect(W(p, "as_rank"), "clicked", G_CALLBACK(on_rank), p);
    g_signal_connect(W(p, "as_submit"), "clicked", G_CALLBACK(on_submit), p);
    GtkWidget *outer = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(outer), page);
    gtk_stack_add_titled(stack, outer, "assess", _("Assessment"));
    return p;
}

void desk_assess_free(struct desk_assess *p)
{
    if (p == NULL)
        return;
    if (p->round != NULL)
        zc_reply_free(p->round);
    g_ptr_array_free(p->grades, TRUE);
    g_ptr_array_free(p->reasons, TRUE);
    g_hash_table_destroy(p->w);
    g_free(p);
}

GtkWidget *desk_assess_widget(struct desk_assess *p, const char *name)
{
    return W(p, name);
}

GtkWidget *desk_assess_grade(struct desk_assess *p, size_t i)
{
    return i < p->grades->len ? g_ptr_array_index(p->grades, i) : NULL;
}

GtkWidget *desk_assess_reason(struct desk_assess *p, size_t i)
{
    return i < p->reasons->len ? g_ptr_array_index(p->reasons, i) : NULL;
}
