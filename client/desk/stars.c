/* stars.c -- the stars and points page (星级化评定, 积分制考核, docs/stars-points.md), made in
 * code and added to the main window's stack as "stars". A county office sees its teams' stars
 * of the last whole half year (grade, starting stars, adjustment, stars, the adjustments'
 * codes and reasons) with the half's filing state (StarsList), and its cadres ranked by this
 * year's points (CadrePointsRanking); a cadre or a team captain sees their own points (我的积分):
 * each quarter's total and every entry with its points, reason and source
 * (CadrePointsHistory). */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/date.h"

struct desk_stars {
    struct desk *d;
    GHashTable *w;   /* name -> widget */
    char county[13]; /* the county office's county, "" for none */
    int cadre;       /* a cadre or team captain: their own points */
    char half[16], year[8];
    int teams, entries, ranks;
};

#define W(p, name) ((GtkWidget *)g_hash_table_lookup((p)->w, (name)))

static GtkWidget *keep(struct desk_stars *p, const char *name, GtkWidget *w)
{
    gtk_widget_set_name(w, name);
    g_hash_table_insert(p->w, g_strdup(name), w);
    return w;
}

static GtkWidget *label(struct desk_stars *p, const char *name)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    return keep(p, name, l);
}

static GtkWidget *list(struct desk_stars *p, const char *name, int height)
{
    GtkWidget *l = keep(p, name, gtk_list_box_new());
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), l);
    gtk_widget_set_size_request(scroll, -1, height);
    return scroll;
}

static void clear(GtkListBox *l)
{
    for (GtkListBoxRow *r = gtk_list_box_get_row_at_index(l, 0); r != NULL;
         r = gtk_list_box_get_row_at_index(l, 0))
        gtk_list_box_remove(l, GTK_WIDGET(r));
}

static void add_line(GtkListBox *l, const char *text, int error)
{
    GtkWidget *row = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(row), 0);
    if (error)
        gtk_widget_add_css_class(row, "error");
    gtk_list_box_append(l, row);
}

static const char *filing_text(const char *status)
{
    return strcmp(status, "approved") == 0   ? _("filed with the province")
           : strcmp(status, "pending") == 0  ? _("filed, awaiting the province")
           : strcmp(status, "rejected") == 0 ? _("filing rejected")
           : strcmp(status, "returned") == 0 ? _("filing returned")
                                             : _("not filed");
}

static const char *source_text(const char *kind)
{
    return strcmp(kind, "assessment") == 0     ? _("quarterly grade")
           : strcmp(kind, "inspection") == 0   ? _("inspection")
           : strcmp(kind, "circular") == 0     ? _("circular")
           : strcmp(kind, "commendation") == 0 ? _("commendation")
                                               : _("other");
}

/* ---- the county's stars ---- */

static void stars_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "st_summary")), err->message);
        desk_changed(p->d, "stars-list-failed");
        return;
    }
    const Zhucun__StarsListReply *s = reply->stars_list;
    GtkListBox *l = GTK_LIST_BOX(W(p, "st_teams"));
    clear(l);
    for (size_t i = 0; i < s->n_teams; i++) {
        const Zhucun__TeamStars *t = s->teams[i];
        char *line = g_strdup_printf(_("%s: %s, %d %+d = %d stars%s%s"), t->team_name,
                                     t->grade_label, t->base_stars, t->adjust, t->stars,
                                     t->adjustments[0] != '\0' ? " — " : "", t->adjustments);
        add_line(l, line, t->stars == 0);
        g_free(line);
    }
    p->teams = (int)s->n_teams;
    char *t =
        g_strdup_printf(_("%s: %zu teams rated; %s"), p->half, s->n_teams, filing_text(s->filing));
    gtk_label_set_text(GTK_LABEL(W(p, "st_summary")), t);
    g_free(t);
    desk_changed(p->d, "stars-list");
}

static void ranking_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_stars *p = user;
    GtkListBox *l = GTK_LIST_BOX(W(p, "st_ranking"));
    clear(l);
    p->ranks = 0;
    if (err != NULL) {
        add_line(l, err->message, 1);
        desk_changed(p->d, "stars-ranking-failed");
        return;
    }
    const Zhucun__CadrePointsRankingReply *k = reply->cadre_points_ranking;
    for (size_t i = 0; i < k->n_ranks; i++) {
        char *line = g_strdup_printf(_("%u. %s — %s points"), k->ranks[i]->rank, k->ranks[i]->name,
                                     k->ranks[i]->total);
        add_line(l, line, 0);
        g_free(line);
    }
    p->ranks = (int)k->n_ranks;
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
    clear(l);
    for (size_t i = 0; i < h->n_entries; i++) {
        const Zhucun__CadrePointEntry *e = h->entries[i];
        char *line = g_strdup_printf(_("%s  %s (so far %s)  %s — %s"), e->quarter, e->points,
                                     e->running, e->reason, source_text(e->source_kind));
        add_line(l, line, e->points[0] == '-');
        g_free(line);
    }
    p->entries = (int)h->n_entries;
    desk_changed(p->d, "stars-mine");
}

void desk_stars_refresh(struct desk_stars *p)
{
    if (p->county[0] != '\0') {
        Zhucun__StarsList s = ZHUCUN__STARS_LIST__INIT;
        s.county_code = p->county;
        s.half = p->half;
        desk_call(p->d, &s.base, stars_done, p);
        Zhucun__CadrePointsRanking k = ZHUCUN__CADRE_POINTS_RANKING__INIT;
        k.org_code = p->county;
        k.period = p->year;
        k.limit = 50;
        desk_call(p->d, &k.base, ranking_done, p);
    }
    if (p->cadre) {
        Zhucun__CadrePointsHistory h = ZHUCUN__CADRE_POINTS_HISTORY__INIT; /* the caller's own */
        desk_call(p->d, &h.base, mine_done, p);
    }
}

struct desk_stars *desk_stars_new(struct desk *d, GtkStack *stack)
{
    char county[13] = "";
    int cadre = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        if (strcmp(role, "county_office") == 0 && county[0] == '\0')
            g_strlcpy(county, g_ptr_array_index(d->grant_scopes, i), sizeof(county));
        cadre |= strcmp(role, "cadre") == 0 || strcmp(role, "team_captain") == 0;
    }
    if (county[0] == '\0' && !cadre)
        return NULL;
    struct desk_stars *p = g_new0(struct desk_stars, 1);
    p->d = d;
    p->cadre = cadre;
    g_strlcpy(p->county, county, sizeof(p->county));
    p->w = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* the last whole half year, and this year */
    int y, m, dd;
    rules_civil_from_days(zc_clock_today(), &y, &m, &dd);
    snprintf(p->half, sizeof(p->half), "%04uH%u", (unsigned)(m <= 6 ? y - 1 : y) % 10000u,
             m <= 6 ? 2u : 1u);
    snprintf(p->year, sizeof(p->year), "%04u", (unsigned)y % 10000u);
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    if (cadre) {
        gtk_box_append(GTK_BOX(page), desk_heading(_("My points")));
        gtk_box_append(GTK_BOX(page), label(p, "st_totals"));
        gtk_box_append(GTK_BOX(page), list(p, "st_entries", 260));
    }
    if (county[0] != '\0') {
        gtk_box_append(GTK_BOX(page), desk_heading(_("Teams' stars of the last half year")));
        gtk_box_append(GTK_BOX(page), label(p, "st_summary"));
        gtk_box_append(GTK_BOX(page), list(p, "st_teams", 260));
        gtk_box_append(GTK_BOX(page), desk_heading(_("Cadres ranked by this year's points")));
        gtk_box_append(GTK_BOX(page), list(p, "st_ranking", 200));
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
    g_hash_table_destroy(p->w);
    g_free(p);
}

GtkWidget *desk_stars_widget(struct desk_stars *p, const char *name)
{
    return W(p, name);
}

int desk_stars_count(struct desk_stars *p, const char *what)
{
    return strcmp(what, "teams") == 0     ? p->teams
           : strcmp(what, "entries") == 0 ? p->entries
                                          : p->ranks;
}

const char *desk_stars_half(struct desk_stars *p)
{
    return p->half;
}
