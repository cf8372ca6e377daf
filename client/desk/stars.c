/* stars.c -- the stars and points page (星级化评定, 积分制考核, docs/stars-points.md), made in
 * code and added to the main window's stack as "stars". A county office sees its teams' stars
 * of the last whole half year (grade, starting stars, adjustment, stars, the adjustments'
 * codes and reasons) with the half's filing state (StarsList), and its cadres ranked by this
 * year's points (CadrePointsRanking); a team picked is adjusted by one of the city's
 * indicators with a reason (StarsAdjust), a cadre picked is given a points item of the quarter
 * (CadrePointsAdd) and its evidence then uploaded in the attachment strip (kind cadre_point),
 * each form checked by the client library before it is sent and a refusal marked at its
 * field. A city office sees the city's cadres ranked by this year's points. A
 * cadre or a team captain sees their own points (我的积分): each quarter's total and every
 * entry with its points, reason and source (CadrePointsHistory). The indicator and the item are
 * chosen, not typed: the county's codes in force (StarsCodes: the city's indicators of the
 * half, the items of the form's quarter, read again when the quarter changes) fill the two
 * dropdowns, each shown by its label and its stars or points, sent as its code.
 *
 * Filing with the province (备案, SPEC E2/E3): the county office computes the half's stars
 * (StarsCompute) and files them (StarsFile), rates the first points of the points form's quarter
 * (CadrePointsRate) and files them (CadrePointsFile); the half's filing state comes with
 * StarsList, the quarter's is read with StarsStatus. A period once filed (pending or approved) is
 * read-only: the server refuses a write to it, naming the half (marked at the summary that shows
 * the half and its filing) or the quarter (at the quarter's entry). The province office, and a
 * city office for its city, see every county's filing of a half's stars and of a quarter's
 * points, by city, with the counts filed, pending and missing (StarsStatus), the half and the
 * quarter chosen among the last four that ended; the filings themselves are approvals, decided
 * in the approval queue page, not here. */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/stars.h"

struct desk_stars {
    struct desk *d;
    struct desk_form f;  /* the page's widgets by name; the adjustment form's fields */
    struct desk_form pf; /* the points item form's widgets and fields */
    struct desk_form sf; /* the half's stars computed and filed: refusals at the summary */
    struct desk_form qf; /* the quarter's first points rated and filed: at the quarter */
    char county[13];     /* the county office's county, "" for none */
    char city[13];       /* the city office's city, "" for none */
    int province;        /* a province office: every county's filing */
    int cadre;           /* a cadre or team captain: their own points */
    char half[16], year[8], quarter[16];
    /* StarsStatus of stars [0] and points [1]: the period last asked, and the asks not yet
     * answered; only the answer to the last ask is shown (the worker answers in order) */
    char status_period[2][8];
    int status_asked[2];
    char codes_quarter[8]; /* the quarter whose items the form offers (or were asked), "" none */
    GArray *team_ids, *person_ids; /* int64_t, by row of the teams and of the ranking */
    GPtrArray *team_names, *person_names;
    int64_t team, person; /* picked, 0 none */
    int entries;
};

static GtkWidget *W(const struct desk_stars *p, const char *name)
{
    const struct desk_form *forms[] = {&p->f, &p->pf, &p->sf, &p->qf};
    GtkWidget *w = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(forms) && w == NULL; i++)
        w = desk_form_widget(forms[i], name);
    return w;
}

/* A filing's state: as a county office reads its own, and as a line of the offices' table. */
static const struct {
    const char *status, *own, *listed;
} filing_states[] = {
    {"approved", N_("filed with the province"), N_("filed")},
    {"pending", N_("filed, awaiting the province"), N_("awaiting approval")},
    {"rejected", N_("filing rejected"), N_("rejected")},
    {"returned", N_("filing returned"), N_("returned")},
};

static const char *filing_text(const char *status, int listed)
{
    for (size_t i = 0; i < G_N_ELEMENTS(filing_states); i++)
        if (strcmp(filing_states[i].status, status) == 0)
            return _(listed ? filing_states[i].listed : filing_states[i].own);
    return _("not filed"); /* missing, cancelled */
}

static const char *source_text(const char *kind)
{
    return strcmp(kind, "assessment") == 0     ? _("quarterly grade")
           : strcmp(kind, "inspection") == 0   ? _("inspection")
           : strcmp(kind, "circular") == 0     ? _("circular")
           : strcmp(kind, "commendation") == 0 ? _("commendation")
                                               : _("other");
}

/* The sources of an item, in the order of the form's dropdown. */
static const char *const item_sources[] = {"circular", "commendation", "other"};

/* ---- the county's stars, the ranking ---- */

static void stars_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "st_summary")), err->message);
        desk_changed(p->d, "stars-list-failed");
        return;
    }
    const Zhucun__StarsListReply *s = reply->stars_list;
    desk_list_clear(GTK_LIST_BOX(W(p, "st_teams")));
    g_array_set_size(p->team_ids, 0);
    g_ptr_array_set_size(p->team_names, 0);
    for (size_t i = 0; i < s->n_teams; i++) {
        const Zhucun__TeamStars *t = s->teams[i];
        char *line = g_strdup_printf(_("%s: %s, %d %+d = %d stars%s%s"), t->team_name,
                                     t->grade_label, t->base_stars, t->adjust, t->stars,
                                     t->adjustments[0] != '\0' ? " — " : "", t->adjustments);
        desk_list_line(GTK_LIST_BOX(W(p, "st_teams")), line, t->stars == 0);
        g_free(line);
        g_array_append_val(p->team_ids, t->team_id);
        g_ptr_array_add(p->team_names, g_strdup(t->team_name));
    }
    char *t = g_strdup_printf(_("%s: %zu teams rated; %s"), p->half, s->n_teams,
                              filing_text(s->filing, 0));
    gtk_label_set_text(GTK_LABEL(W(p, "st_summary")), t);
    g_free(t);
    desk_changed(p->d, "stars-list");
}

static void ranking_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    GtkListBox *l = GTK_LIST_BOX(W(p, "st_ranking"));
    desk_list_clear(l);
    g_array_set_size(p->person_ids, 0);
    g_ptr_array_set_size(p->person_names, 0);
    if (err != NULL) {
        desk_list_line(l, err->message, 1);
        desk_changed(p->d, "stars-ranking-failed");
        return;
    }
    const Zhucun__CadrePointsRankingReply *k = reply->cadre_points_ranking;
    for (size_t i = 0; i < k->n_ranks; i++) {
        const Zhucun__CadreRank *c = k->ranks[i];
        char *line = p->county[0] != '\0'
                         ? g_strdup_printf(_("%u. %s — %s points"), c->rank, c->name, c->total)
                         : g_strdup_printf(_("%u. %s (%s) — %s points"), c->rank, c->name,
                                           c->county_name, c->total);
        desk_list_line(l, line, 0);
        g_free(line);
        g_array_append_val(p->person_ids, c->person_id);
        g_ptr_array_add(p->person_names, g_strdup(c->name));
    }
    desk_changed(p->d, "stars-ranking");
}

/* ---- the cadre's own points ---- */

static void mine_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "st_totals")), err->message);
        desk_changed(p->d, "stars-mine-failed");
        return;
    }
    const Zhucun__CadrePointsHistoryReply *h = reply->cadre_points_history;
    GString *totals = g_string_new(NULL);
    for (size_t i = 0; i < h->n_quarters; i++)
        g_string_append_printf(totals, _("%s%s: %s points"), i > 0 ? "; " : "",
                               h->quarters[i]->quarter, h->quarters[i]->total);
    if (h->n_quarters == 0)
        g_string_append(totals, _("No points yet"));
    gtk_label_set_text(GTK_LABEL(W(p, "st_totals")), totals->str);
    g_string_free(totals, TRUE);
    GtkListBox *l = GTK_LIST_BOX(W(p, "st_entries"));
    desk_list_clear(l);
    for (size_t i = 0; i < h->n_entries; i++) {
        const Zhucun__CadrePointEntry *e = h->entries[i];
        char *line = g_strdup_printf(_("%s  %s (so far %s)  %s — %s"), e->quarter, e->points,
                                     e->running, e->reason, source_text(e->source_kind));
        desk_list_line(l, line, e->points[0] == '-');
        g_free(line);
    }
    p->entries = (int)h->n_entries;
    desk_changed(p->d, "stars-mine");
}

/* ---- the codes the county's forms choose from ---- */

static void codes_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    if (err != NULL) {
        p->codes_quarter[0] = '\0'; /* asked again at the next refresh */
        gtk_label_set_text(GTK_LABEL(W(p, "st_result")), err->message);
        desk_changed(p->d, "stars-codes-failed");
        return;
    }
    const Zhucun__StarsCodesReply *k = reply->stars_codes;
    if (strcmp(k->quarter, p->codes_quarter) != 0)
        return; /* the quarter changed since: its own answer follows */
    size_t n = k->n_indicators > k->n_items ? k->n_indicators : k->n_items;
    char **labels = g_new0(char *, n + 1);
    const char **codes = g_new0(const char *, n + 1);
    for (size_t i = 0; i < k->n_indicators; i++) {
        labels[i] =
            g_strdup_printf(_("%s (%+d stars)"), k->indicators[i]->label, k->indicators[i]->delta);
        codes[i] = k->indicators[i]->code;
    }
    desk_choice_set(W(p, "st_code"), (const char *const *)labels, codes, k->n_indicators);
    for (size_t i = 0; i < k->n_indicators; i++)
        g_free(labels[i]);
    for (size_t i = 0; i < k->n_items; i++) {
        const Zhucun__PointItem *x = k->items[i];
        labels[i] = g_strdup_printf(_("%s (%s%s points)"), x->label,
                                    strcmp(x->kind, "add") == 0 ? "+" : "", x->points);
        codes[i] = x->code;
    }
    desk_choice_set(W(p, "pt_item"), (const char *const *)labels, codes, k->n_items);
    g_strfreev(labels);
    g_free(codes);
    desk_changed(p->d, "stars-codes");
}

/* The points form's quarter: the one typed, this quarter when none is. */
static const char *quarter_of(const struct desk_stars *p)
{
    const char *typed = desk_form_text(&p->pf, "pt_quarter");
    return typed[0] != '\0' ? typed : p->quarter;
}

/* Reads the county's codes for the form's quarter unless they were read for it; a quarter that
 * is none yet is left to the item's check when it is sent. */
static void ask_codes(struct desk_stars *p)
{
    const char *quarter = quarter_of(p);
    char day[11];
    if (strcmp(quarter, p->codes_quarter) == 0 ||
        rules_stars_period(quarter, 'q', zc_clock_today(), day, NULL) != NULL)
        return;
    g_strlcpy(p->codes_quarter, quarter, sizeof(p->codes_quarter));
    Zhucun__StarsCodes c = ZHUCUN__STARS_CODES__INIT;
    c.county_code = p->county;
    c.half = p->half;
    c.quarter = p->codes_quarter;
    desk_call(p->d, &c.base, codes_done, p);
}

/* ---- the filings: the county office's quarter, the offices' counties ---- */

static const char *const status_kinds[] = {"stars", "points"};
/* The offices' widgets of each kind: the period's choice, the counts, the counties. */
static const char *const status_names[2][3] = {{"fs_half", "fs_stars_counts", "fs_stars"},
                                               {"fs_quarter", "fs_points_counts", "fs_points"}};

/* The period whose filings of kind k (0 stars, 1 points) are shown: a county office's quarter
 * is the points form's; the offices choose a half and a quarter. */
static const char *status_period(const struct desk_stars *p, int k)
{
    return p->county[0] != '\0' ? quarter_of(p) : desk_choice_value(W(p, status_names[k][0]));
}

/* Where the filings of kind k are summed up, or a failure to read them said. */
static GtkWidget *status_label(const struct desk_stars *p, int k)
{
    return W(p, p->county[0] != '\0' ? "pt_filing" : status_names[k][1]);
}

/* The offices' table of kind k: the counts on top, then every county under its city, those
 * without a filing that holds (missing, rejected, returned) in red. */
static void show_counties(struct desk_stars *p, int k, const Zhucun__StarsStatusReply *s)
{
    char *t = g_strdup_printf(_("%s: %u filed, %u awaiting approval, %u not filed"),
                              p->status_period[k], s->filed, s->pending, s->missing);
    gtk_label_set_text(GTK_LABEL(status_label(p, k)), t);
    g_free(t);
    GtkListBox *l = GTK_LIST_BOX(W(p, status_names[k][2]));
    desk_list_clear(l);
    for (size_t i = 0; i < s->n_counties; i++) {
        const Zhucun__FilingState *c = s->counties[i];
        if (i == 0 || strcmp(c->city_code, s->counties[i - 1]->city_code) != 0)
            desk_list_line(l, c->city_name, 0);
        char *line = g_strdup_printf("    %s  %s  %s", c->county_name, filing_text(c->status, 1),
                                     c->filed_on);
        desk_list_line(l, line,
                       strcmp(c->status, "approved") != 0 && strcmp(c->status, "pending") != 0);
        g_free(line);
    }
}

static void status_done(struct desk_stars *p, int k, Zhucun__Reply *reply,
                        const struct zc_error *err)
{
    if (--p->status_asked[k] > 0)
        return; /* the answer to a later ask follows */
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(status_label(p, k)), err->message);
        desk_changed(p->d, "stars-status-failed");
        return;
    }
    const Zhucun__StarsStatusReply *s = reply->stars_status;
    if (p->county[0] != '\0') {
        /* the county's own filing: the one county of the reply ("missing" until filed) */
        const Zhucun__FilingState *c = s->n_counties > 0 ? s->counties[0] : NULL;
        char *t = g_strdup_printf(_("Points of %s: %s %s"), p->status_period[k],
                                  filing_text(c != NULL ? c->status : "missing", 0),
                                  c != NULL ? c->filed_on : "");
        gtk_label_set_text(GTK_LABEL(status_label(p, k)), t);
        g_free(t);
    } else {
        show_counties(p, k, s);
    }
    desk_changed(p->d, "stars-status");
}

static void stars_status_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    status_done(user, 0, reply, err);
}

static void points_status_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    status_done(user, 1, reply, err);
}

/* Reads the filings of kind k for the period shown; a quarter being typed is read once it is
 * one that has begun. */
static void ask_status(struct desk_stars *p, int k)
{
    const char *period = status_period(p, k);
    char day[11];
    if (rules_stars_period(period, k == 0 ? 'h' : 'q', zc_clock_today(), day, NULL) != NULL)
        return;
    g_strlcpy(p->status_period[k], period, sizeof(p->status_period[k]));
    Zhucun__StarsStatus s = ZHUCUN__STARS_STATUS__INIT;
    s.kind = (char *)status_kinds[k];
    s.period = p->status_period[k];
    s.org_code = p->county; /* a county office's own; the offices' "": their whole place */
    p->status_asked[k]++;
    desk_call(p->d, &s.base, k == 0 ? stars_status_done : points_status_done, p);
}

static void on_quarter_changed(GtkEditable *e, gpointer user)
{
    (void)e;
    ask_codes(user);
    ask_status(user, 1);
}

static void on_period_chosen(GObject *o, GParamSpec *spec, gpointer user)
{
    (void)spec;
    struct desk_stars *p = user;
    ask_status(p, GTK_WIDGET(o) == W(p, status_names[0][0]) ? 0 : 1);
}

void desk_stars_refresh(struct desk_stars *p)
{
    if (p->county[0] != '\0') {
        Zhucun__StarsList s = ZHUCUN__STARS_LIST__INIT;
        s.county_code = p->county;
        s.half = p->half;
        desk_call(p->d, &s.base, stars_done, p);
        ask_codes(p);
    }
    if (p->county[0] != '\0' || p->city[0] != '\0') {
        Zhucun__CadrePointsRanking k = ZHUCUN__CADRE_POINTS_RANKING__INIT;
        k.org_code = p->county[0] != '\0' ? p->county : p->city;
        k.period = p->year;
        k.limit = 50;
        desk_call(p->d, &k.base, ranking_done, p);
    }
    if (p->county[0] != '\0') {
        ask_status(p, 1);
    } else if (p->city[0] != '\0' || p->province) {
        ask_status(p, 0);
        ask_status(p, 1);
    }
    if (p->cadre) {
        Zhucun__CadrePointsHistory h = ZHUCUN__CADRE_POINTS_HISTORY__INIT; /* the caller's own */
        desk_call(p->d, &h.base, mine_done, p);
    }
}

/* ---- the county's writes: a team's adjustment, a cadre's points item ---- */

static const char *const adjust_fields[] = {"team_id", "st_code", "half",      "st_code", "code",
                                            "st_code", "reason",  "st_reason", NULL};

/* A refusal of the half's (its state is in the summary) and of the quarter's writes. */
static const char *const half_fields[] = {"half", "st_summary", "period", "st_summary", NULL};
static const char *const quarter_fields[] = {"quarter", "pt_quarter", "period", "pt_quarter", NULL};

static const char *const item_fields[] = {
    "person_id", "pt_item",     "quarter", "pt_quarter", "item_code", "pt_item", "reason",
    "pt_reason", "source_kind", "pt_kind", "source_id",  "pt_source", NULL};

static void adjust_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    if (desk_form_answered(&p->f, p->d, err, "stars-adjust-failed") != 0)
        return;
    desk_form_say(&p->f,
                  g_strdup_printf(_("Adjusted (#%lld): now %d stars"),
                                  (long long)reply->stars_adjust->id, reply->stars_adjust->stars));
    gtk_editable_set_text(GTK_EDITABLE(W(p, "st_reason")), "");
    desk_changed(p->d, "stars-adjust");
    desk_stars_refresh(p);
}

static void on_adjust(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_stars *p = user;
    if (p->team == 0)
        return;
    Zhucun__StarsAdjust a = ZHUCUN__STARS_ADJUST__INIT;
    a.team_id = p->team;
    a.half = p->half;
    a.code = (char *)desk_choice_value(W(p, "st_code")); /* none offered: refused at it */
    a.reason = (char *)desk_form_text(&p->f, "st_reason");
    desk_form_send(&p->f, p->d, &a.base, adjust_done, p, "stars-adjust-refused");
}

static void item_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    if (desk_form_answered(&p->pf, p->d, err, "stars-points-failed") != 0)
        return;
    desk_form_say(&p->pf, g_strdup_printf(_("Recorded: points entry #%lld; its evidence can be "
                                            "added below"),
                                          (long long)reply->cadre_points_add->id));
    desk_attach_strip_set_record(W(p, "pt_evidence"), reply->cadre_points_add->id);
    gtk_editable_set_text(GTK_EDITABLE(W(p, "pt_reason")), "");
    desk_changed(p->d, "stars-points");
    desk_stars_refresh(p);
}

static void on_item(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_stars *p = user;
    if (p->person == 0)
        return;
    Zhucun__CadrePointsAdd c = ZHUCUN__CADRE_POINTS_ADD__INIT;
    c.person_id = p->person;
    c.quarter = (char *)quarter_of(p);
    c.item_code = (char *)desk_choice_value(W(p, "pt_item"));
    c.reason = (char *)desk_form_text(&p->pf, "pt_reason");
    c.source_kind =
        (char *)item_sources[gtk_drop_down_get_selected(GTK_DROP_DOWN(W(p, "pt_kind")))];
    c.source_id = desk_form_id(&p->pf, "pt_source"); /* no number: refused at the field */
    desk_form_send(&p->pf, p->d, &c.base, item_done, p, "stars-points-refused");
}

/* ---- the county's writes of a period: the half's stars computed and filed, the quarter's
 * first points rated and filed ---- */

enum { COMPUTE, FILE_STARS, RATE, FILE_POINTS };

static const struct {
    const char *button;                  /* the widget that sends it */
    const char *done, *refused, *failed; /* the test hook's words */
    const char *said;                    /* with the teams or cadres rated, or the approval */
} period_writes[] = {
    {"st_compute", "stars-compute", "stars-compute-refused", "stars-compute-failed",
     N_("Stars computed: %lld teams rated")},
    {"st_file", "stars-file", "stars-file-refused", "stars-file-failed",
     N_("Filed with the province (approval #%lld); the province office decides it in its "
        "approval queue")},
    {"pt_rate", "stars-rate", "stars-rate-refused", "stars-rate-failed",
     N_("First points written for %lld cadres")},
    {"pt_file", "stars-points-file", "stars-points-file-refused", "stars-points-file-failed",
     N_("Filed with the province (approval #%lld); the province office decides it in its "
        "approval queue")},
};

/* The half's writes answer at the summary, the quarter's at the quarter. */
static struct desk_form *period_form(struct desk_stars *p, int w)
{
    return w == COMPUTE || w == FILE_STARS ? &p->sf : &p->qf;
}

static void period_done(struct desk_stars *p, int w, Zhucun__Reply *reply,
                        const struct zc_error *err)
{
    struct desk_form *f = period_form(p, w);
    if (desk_form_answered(f, p->d, err, period_writes[w].failed) != 0)
        return;
    const Zhucun__StarsWriteReply *r = reply->stars_compute; /* every write's reply */
    desk_form_say(
        f, g_strdup_printf(_(period_writes[w].said),
                           (long long)(w == COMPUTE || w == RATE ? r->count : r->approval_id)));
    desk_changed(p->d, period_writes[w].done);
    desk_stars_refresh(p);
}

static void compute_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    period_done(user, COMPUTE, reply, err);
}

static void file_stars_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    period_done(user, FILE_STARS, reply, err);
}

static void rate_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    period_done(user, RATE, reply, err);
}

static void file_points_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    period_done(user, FILE_POINTS, reply, err);
}

static void on_period_write(GtkButton *b, gpointer user)
{
    struct desk_stars *p = user;
    int w = COMPUTE;
    while (W(p, period_writes[w].button) != GTK_WIDGET(b))
        w++;
    Zhucun__StarsCompute c = ZHUCUN__STARS_COMPUTE__INIT;
    Zhucun__StarsFile sf = ZHUCUN__STARS_FILE__INIT;
    Zhucun__CadrePointsRate r = ZHUCUN__CADRE_POINTS_RATE__INIT;
    Zhucun__CadrePointsFile pf = ZHUCUN__CADRE_POINTS_FILE__INIT;
    c.county_code = sf.county_code = r.county_code = pf.county_code = p->county;
    c.half = sf.period = p->half;
    r.quarter = pf.period = (char *)quarter_of(p); /* not yet a quarter: refused at it */
    const ProtobufCMessage *body[] = {&c.base, &sf.base, &r.base, &pf.base};
    const desk_reply_cb done[] = {compute_done, file_stars_done, rate_done, file_points_done};
    desk_form_send(period_form(p, w), p->d, body[w], done[w], p, period_writes[w].refused);
}

/* A row picked in the teams (the adjustment's) or in the ranking (the points item's): the
 * form's heading names it and its button may send. */
static void pick(struct desk_stars *p, int team, guint i)
{
    GArray *ids = team ? p->team_ids : p->person_ids;
    if (i >= ids->len)
        return;
    const char *name = g_ptr_array_index(team ? p->team_names : p->person_names, i);
    char *t = team ? g_strdup_printf(_("Adjust the stars of %s (%s) by an indicator of the city"),
                                     name, p->half)
                   : g_strdup_printf(_("A points item for %s"), name);
    gtk_label_set_text(GTK_LABEL(W(p, team ? "st_adjust_heading" : "pt_heading")), t);
    g_free(t);
    if (team)
        p->team = g_array_index(ids, int64_t, i);
    else
        p->person = g_array_index(ids, int64_t, i);
    gtk_widget_set_sensitive(W(p, team ? "st_adjust" : "pt_add"), TRUE);
}

static void on_team_activated(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    pick(user, 1, (guint)gtk_list_box_row_get_index(row));
}

static void on_cadre_activated(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    pick(user, 0, (guint)gtk_list_box_row_get_index(row));
}

static void county_part(struct desk_stars *p, GtkBox *page)
{
    struct desk_form *f = &p->f, *pf = &p->pf;
    gtk_box_append(page, desk_heading(_("Teams' stars of the last half year")));
    gtk_box_append(page, desk_form_label(f, "st_summary"));
    desk_form_keep(&p->sf, "st_summary", W(p, "st_summary")); /* the half's field */
    gtk_box_append(page, desk_form_list(f, "st_teams", 160));
    g_signal_connect(W(p, "st_teams"), "row-activated", G_CALLBACK(on_team_activated), p);
    char *compute = g_strdup_printf(_("Compute the stars of %s"), p->half);
    char *file = g_strdup_printf(_("File the stars of %s with the province"), p->half);
    gtk_box_append(
        page, desk_hrow(desk_form_keep(&p->sf, "st_compute", gtk_button_new_with_label(compute)),
                        desk_form_keep(&p->sf, "st_file", gtk_button_new_with_label(file)), NULL));
    g_free(compute);
    g_free(file);
    gtk_box_append(page, desk_form_label(&p->sf, "st_file_result"));
    gtk_box_append(page, desk_form_keep(f, "st_adjust_heading",
                                        desk_heading(_("Adjust a team's stars: pick it above"))));
    gtk_box_append(
        page,
        desk_hrow(desk_form_choice(f, "st_code"), desk_form_entry(f, "st_reason", _("reason"), 36),
                  desk_form_keep(f, "st_adjust", gtk_button_new_with_label(_("Adjust"))), NULL));
    gtk_widget_set_sensitive(W(p, "st_adjust"), FALSE);
    g_signal_connect(W(p, "st_adjust"), "clicked", G_CALLBACK(on_adjust), p);
    gtk_box_append(page, desk_form_label(f, "st_result"));
    gtk_box_append(page, desk_heading(_("Cadres ranked by this year's points")));
    gtk_box_append(page, desk_form_list(f, "st_ranking", 160));
    g_signal_connect(W(p, "st_ranking"), "row-activated", G_CALLBACK(on_cadre_activated), p);
    /* the quarter: its first points and its filing, and the items' */
    gtk_box_append(page, desk_heading(_("The points of a quarter")));
    GtkWidget *quarter = desk_form_entry(pf, "pt_quarter", _("quarter"), 8);
    gtk_editable_set_text(GTK_EDITABLE(quarter), p->quarter);
    struct desk_form *qf = &p->qf;
    desk_form_keep(qf, "pt_quarter", quarter); /* the field of the rating and the filing */
    desk_form_keep(qf, "pt_rate", gtk_button_new_with_label(_("Rate the first points")));
    desk_form_keep(qf, "pt_file",
                   gtk_button_new_with_label(_("File the quarter's points with the province")));
    gtk_box_append(page, desk_hrow(quarter, W(p, "pt_rate"), W(p, "pt_file"),
                                   desk_form_label(qf, "pt_filing"), NULL));
    gtk_box_append(page, desk_form_label(qf, "pt_file_result"));
    for (size_t w = 0; w < G_N_ELEMENTS(period_writes); w++)
        g_signal_connect(W(p, period_writes[w].button), "clicked", G_CALLBACK(on_period_write), p);
    gtk_box_append(page, desk_form_keep(pf, "pt_heading",
                                        desk_heading(_("A points item: pick a cadre above"))));
    const char *sources[] = {_("circular"), _("commendation"), _("other"), NULL};
    gtk_box_append(
        page,
        desk_hrow(
            desk_form_choice(pf, "pt_item"), desk_form_entry(pf, "pt_reason", _("reason"), 28),
            desk_form_keep(pf, "pt_kind", gtk_drop_down_new_from_strings(sources)),
            desk_form_entry(pf, "pt_source", _("its number (other: none)"), 18),
            desk_form_keep(pf, "pt_add", gtk_button_new_with_label(_("Record the item"))), NULL));
    gtk_widget_set_sensitive(W(p, "pt_add"), FALSE);
    g_signal_connect(W(p, "pt_add"), "clicked", G_CALLBACK(on_item), p);
    g_signal_connect(quarter, "changed", G_CALLBACK(on_quarter_changed), p);
    gtk_box_append(page, desk_form_label(pf, "pt_result"));
    gtk_box_append(
        page, desk_form_keep(pf, "pt_evidence", desk_attach_strip_new(p->d, "cadre_point", 0)));
}

/* The n halves (kind 'h') or quarters ('q') that ended last, the latest first. */
static void periods_ended(char kind, int n, char out[][8])
{
    int months = kind == 'h' ? 6 : 3, day = zc_clock_today();
    for (int i = 0; i < n; i++) {
        int y, m, dd;
        rules_civil_from_days(day, &y, &m, &dd);
        day = rules_days_from_civil(y, (m - 1) / months * months + 1, 1) - 1; /* the one before */
        rules_stars_period_of(day, kind, out[i]);
    }
}

/* The province's and the city's view of the filings: a half's stars and a quarter's points,
 * each period chosen among the last four that ended. */
static void offices_part(struct desk_stars *p, GtkBox *page)
{
    gtk_box_append(page, desk_heading(_("Filing with the province")));
    GtkWidget *queue = gtk_label_new(_("Each filing is an approval: the province office approves, "
                                       "rejects or returns it in the approval queue"));
    gtk_label_set_xalign(GTK_LABEL(queue), 0);
    gtk_label_set_wrap(GTK_LABEL(queue), TRUE);
    gtk_box_append(page, queue);
    const char *headings[] = {_("Teams' stars of the half"), _("Cadres' points of the quarter")};
    for (int k = 0; k < 2; k++) {
        char periods[4][8];
        periods_ended(k == 0 ? 'h' : 'q', 4, periods);
        const char *shown[4] = {periods[0], periods[1], periods[2], periods[3]};
        GtkWidget *choice = desk_form_choice(&p->f, status_names[k][0]);
        desk_choice_set(choice, shown, shown, 4);
        g_signal_connect(choice, "notify::selected", G_CALLBACK(on_period_chosen), p);
        gtk_box_append(page, desk_hrow(desk_heading(headings[k]), choice, NULL));
        gtk_box_append(page, desk_form_label(&p->f, status_names[k][1]));
        gtk_box_append(page, desk_form_list(&p->f, status_names[k][2], 200));
    }
}

/* The office's unit for role ("county_office", "city_office") into code, "" without one. */
static void scope_of(const struct desk *d, const char *role, char code[13])
{
    code[0] = '\0';
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len && code[0] == '\0'; i++)
        if (strcmp(g_ptr_array_index(d->grant_roles, i), role) == 0)
            g_strlcpy(code, g_ptr_array_index(d->grant_scopes, i), 13);
}

struct desk_stars *desk_stars_new(struct desk *d, GtkStack *stack)
{
    char county[13], city[13], province[13];
    scope_of(d, "county_office", county);
    scope_of(d, "city_office", city);
    scope_of(d, "province_office", province);
    int cadre = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        cadre |= strcmp(role, "cadre") == 0 || strcmp(role, "team_captain") == 0;
    }
    if (county[0] == '\0' && city[0] == '\0' && province[0] == '\0' && !cadre)
        return NULL;
    struct desk_stars *p = g_new0(struct desk_stars, 1);
    p->d = d;
    p->cadre = cadre;
    p->province = province[0] != '\0';
    g_strlcpy(p->county, county, sizeof(p->county));
    g_strlcpy(p->city, city, sizeof(p->city));
    desk_form_init(&p->f, adjust_fields, "st_result");
    desk_form_init(&p->pf, item_fields, "pt_result");
    desk_form_init(&p->sf, half_fields, "st_file_result");
    desk_form_init(&p->qf, quarter_fields, "pt_file_result");
    p->team_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->person_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->team_names = g_ptr_array_new_with_free_func(g_free);
    p->person_names = g_ptr_array_new_with_free_func(g_free);
    /* the last whole half year, this year and this quarter */
    char half[1][8];
    periods_ended('h', 1, half);
    g_strlcpy(p->half, half[0], sizeof(p->half));
    int y, m, dd;
    rules_civil_from_days(zc_clock_today(), &y, &m, &dd);
    snprintf(p->year, sizeof(p->year), "%04u", (unsigned)y % 10000u);
    rules_stars_period_of(zc_clock_today(), 'q', p->quarter);
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    if (cadre) {
        gtk_box_append(GTK_BOX(page), desk_heading(_("My points")));
        gtk_box_append(GTK_BOX(page), desk_form_label(&p->f, "st_totals"));
        gtk_box_append(GTK_BOX(page), desk_form_list(&p->f, "st_entries", 260));
    }
    if (county[0] != '\0') {
        county_part(p, GTK_BOX(page));
    } else if (city[0] != '\0' || p->province) {
        if (city[0] != '\0') {
            gtk_box_append(GTK_BOX(page),
                           desk_heading(_("The city's cadres ranked by this year's points")));
            gtk_box_append(GTK_BOX(page), desk_form_list(&p->f, "st_ranking", 240));
        }
        offices_part(p, GTK_BOX(page));
    }
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, "stars", cadre ? _("My points") : _("Stars"));
    return p;
}

void desk_stars_free(struct desk_stars *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    desk_form_free(&p->pf);
    desk_form_free(&p->sf);
    desk_form_free(&p->qf);
    g_array_unref(p->team_ids);
    g_array_unref(p->person_ids);
    g_ptr_array_unref(p->team_names);
    g_ptr_array_unref(p->person_names);
    g_free(p);
}

GtkWidget *desk_stars_widget(struct desk_stars *p, const char *name)
{
    return W(p, name);
}

int desk_stars_count(struct desk_stars *p, const char *what)
{
    return strcmp(what, "teams") == 0     ? (int)p->team_ids->len
           : strcmp(what, "entries") == 0 ? p->entries
                                          : (int)p->person_ids->len;
}

const char *desk_stars_half(struct desk_stars *p)
{
    return p->half;
}
