/* inspect.c -- the inspections page (督查, docs/inspections.md, docs/circulars.md), made in code
 * and added to the main window's stack as "inspect". For the readers of inspections (offices,
 * township, county captain, team captain, cadre, inspector): the inspections seen
 * (InspectionList, "inspect-list"); one picked shows its findings with the state of each
 * finding's rectification item (InspectionShow, "inspect-show"); below, the circulars received
 * (CircularList, "inspect-circulars"), each of which opens as its PDF: downloaded
 * (CircularGet), written to the user's cache directory and handed to the system's viewer
 * ("inspect-pdf"). An office (province, city, county) also records its own inspections
 * (InspectionRecord, "inspect-record") and adds findings to the one picked (FindingAdd,
 * "inspect-finding"): each form's body is checked by the client library before it is sent
 * (the CLI's and the server's words) and a problem, the library's or the server's, is marked
 * at its field; a finding's photos go through the attachment strip (kind inspection_finding)
 * once the finding exists, the one just added or one picked in the list. A finding's team is
 * chosen among the teams the inspection visited and its cadre among that team's current
 * members, or none (TeamShow of each visited team: its name and members, "inspect-teams" once
 * all have come); the inspection's villages and teams are typed as codes and ids. */
#include "desk.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "common/clock.h"
#include "common/rules/date.h"
#include "common/rules/inspect.h"
#include "common/rules/ledger.h"

struct desk_inspect {
    struct desk *d;
    struct desk_form f;  /* the page's widgets by name; the inspection form's fields */
    struct desk_form ff; /* the finding form's widgets and fields */
    char office[13];     /* an office's own unit, whose inspections it records; "" a reader */
    GtkListBox *inspections, *findings, *circulars;
    GArray *inspection_ids, *circular_ids, *finding_ids; /* int64_t, by row */
    int64_t picked;                                      /* the inspection shown, 0 none */
    GtkWidget *photos;  /* offices: the strip of the finding added or picked */
    GArray *visit_ids;  /* int64_t: the teams the finding form's inspection visited */
    GPtrArray *visited; /* struct visited: those of them whose TeamShow has come */
    char *pdf_path;     /* the last PDF opened */
};

static GtkWidget *W(const struct desk_inspect *p, const char *name)
{
    GtkWidget *w = desk_form_widget(&p->f, name);
    return w != NULL ? w : desk_form_widget(&p->ff, name);
}

static void finding_form_for(struct desk_inspect *p, const Zhucun__Inspection *x);

/* A team the inspection visited, as the finding form offers it: its name, and its current
 * members' names and person ids (as text), "not named" (0) first. */
struct visited {
    int64_t id;
    char *name;
    GPtrArray *names, *ids;
};

static void visited_free(gpointer v)
{
    struct visited *t = v;
    g_free(t->name);
    g_ptr_array_unref(t->names);
    g_ptr_array_unref(t->ids);
    g_free(t);
}

/* ---- the inspections and one's findings ---- */

static const char *state_text(const Zhucun__InspectionFinding *f)
{
    return f->overdue                                   ? _("overdue")
           : strcmp(f->item_status, "done") == 0        ? _("rectified")
           : strcmp(f->item_status, "in_progress") == 0 ? _("rectifying")
                                                        : _("to rectify");
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    desk_list_clear(p->findings);
    g_array_set_size(p->finding_ids, 0);
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "ins_detail")), err->message);
        desk_changed(p->d, "inspect-show-failed");
        return;
    }
    const Zhucun__InspectionShowReply *s = reply->inspection_show;
    const Zhucun__Inspection *x = s->inspection;
    char *head = g_strdup_printf(_("%s, %s to %s, by %s: %zu findings"), x->org_name, x->started_on,
                                 x->ended_on, x->inspectors, s->n_findings);
    gtk_label_set_text(GTK_LABEL(W(p, "ins_detail")), head);
    g_free(head);
    for (size_t i = 0; i < s->n_findings; i++) {
        const Zhucun__InspectionFinding *f = s->findings[i];
        char *t =
            f->deduction > 0
                ? g_strdup_printf(_("%s %s %s: %s (by %s, %s; %u points deducted)"),
                                  f->village_name, f->team_name, f->person_name, f->fact,
                                  f->deadline, state_text(f), f->deduction)
                : g_strdup_printf(_("%s %s %s: %s (by %s, %s)"), f->village_name, f->team_name,
                                  f->person_name, f->fact, f->deadline, state_text(f));
        desk_list_line(p->findings, t, f->overdue);
        g_free(t);
        g_array_append_val(p->finding_ids, f->id);
    }
    if (p->office[0] != '\0' && strcmp(x->org_code, p->office) == 0)
        finding_form_for(p, x);
    desk_changed(p->d, "inspect-show");
}

static void show_id(struct desk_inspect *p, int64_t id)
{
    p->picked = 0; /* until its findings arrive: the finding form is for an inspection shown */
    if (p->office[0] != '\0')
        finding_form_for(p, NULL);
    Zhucun__InspectionShow s = ZHUCUN__INSPECTION_SHOW__INIT;
    s.id = id;
    desk_call(p->d, &s.base, show_done, p);
}

int desk_inspect_show(struct desk_inspect *p, int i)
{
    if (i < 0 || (guint)i >= p->inspection_ids->len)
        return -1;
    show_id(p, g_array_index(p->inspection_ids, int64_t, i));
    return 0;
}

static void on_inspection_activated(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    desk_inspect_show(user, gtk_list_box_row_get_index(row));
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    desk_list_clear(p->inspections);
    g_array_set_size(p->inspection_ids, 0);
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "ins_summary")), err->message);
        desk_changed(p->d, "inspect-list-failed");
        return;
    }
    const Zhucun__InspectionListReply *l = reply->inspection_list;
    for (size_t i = 0; i < l->n_inspections; i++) {
        const Zhucun__Inspection *x = l->inspections[i];
        char *t = g_strdup_printf(_("%s  %s  %s  %zu teams visited, %u findings"), x->started_on,
                                  x->org_name, x->inspectors, x->n_team_ids, x->findings);
        desk_list_line(p->inspections, t, 0);
        g_free(t);
        g_array_append_val(p->inspection_ids, x->id);
    }
    char *t = g_strdup_printf(_("%zu inspections (pick one for its findings)"), l->n_inspections);
    gtk_label_set_text(GTK_LABEL(W(p, "ins_summary")), t);
    g_free(t);
    desk_changed(p->d, "inspect-list");
}

/* ---- the circulars ---- */

static void pdf_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    GtkLabel *result = GTK_LABEL(W(p, "ins_pdf_result"));
    if (err != NULL) {
        gtk_label_set_text(result, err->message);
        desk_changed(p->d, "inspect-pdf-failed");
        return;
    }
    const Zhucun__CircularGetReply *g = reply->circular_get;
    if (g->pdf.len == 0) {
        gtk_label_set_text(result, _("This circular has no PDF yet."));
        desk_changed(p->d, "inspect-pdf-failed");
        return;
    }
    char *dir = g_build_filename(g_get_user_cache_dir(), "zhucun", NULL);
    char name[64];
    snprintf(name, sizeof(name), "circular-%lld.pdf", (long long)g->circular->id);
    g_free(p->pdf_path);
    p->pdf_path = g_build_filename(dir, name, NULL);
    GError *e = NULL;
    if (g_mkdir_with_parents(dir, 0700) != 0 ||
        !g_file_set_contents(p->pdf_path, (const char *)g->pdf.data, (gssize)g->pdf.len, &e)) {
        char *t = g_strdup_printf(_("Cannot write %s: %s"), p->pdf_path,
                                  e != NULL ? e->message : g_strerror(errno));
        gtk_label_set_text(result, t);
        g_free(t);
        g_clear_error(&e);
        g_free(dir);
        desk_changed(p->d, "inspect-pdf-failed");
        return;
    }
    g_free(dir);
    char *t = g_strdup_printf(_("%s: saved to %s"), g->circular->title, p->pdf_path);
    gtk_label_set_text(result, t);
    g_free(t);
    /* the system's viewer, when there is one (none under the tests' X server) */
    char *uri = g_filename_to_uri(p->pdf_path, NULL, NULL);
    if (uri != NULL && g_getenv("ZHUCUN_DESK_NO_VIEWER") == NULL)
        g_app_info_launch_default_for_uri_async(uri, NULL, NULL, NULL, NULL);
    g_free(uri);
    desk_changed(p->d, "inspect-pdf");
}

int desk_inspect_open_pdf(struct desk_inspect *p, int i)
{
    if (i < 0 || (guint)i >= p->circular_ids->len)
        return -1;
    Zhucun__CircularGet g = ZHUCUN__CIRCULAR_GET__INIT;
    g.id = g_array_index(p->circular_ids, int64_t, i);
    g.pdf = 1;
    desk_call(p->d, &g.base, pdf_done, p);
    return 0;
}

static void on_circular_activated(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    desk_inspect_open_pdf(user, gtk_list_box_row_get_index(row));
}

static void circulars_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    desk_list_clear(p->circulars);
    g_array_set_size(p->circular_ids, 0);
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "ins_pdf_result")), err->message);
        desk_changed(p->d, "inspect-circulars-failed");
        return;
    }
    const Zhucun__CircularListReply *l = reply->circular_list;
    for (size_t i = 0; i < l->n_circulars; i++) {
        const Zhucun__Circular *c = l->circulars[i];
        char *t =
            g_strdup_printf("%s  %s  %s  %s", c->issued_on, c->org_name, c->doc_number, c->title);
        desk_list_line(p->circulars, t, 0);
        g_free(t);
        g_array_append_val(p->circular_ids, c->id);
    }
    desk_changed(p->d, "inspect-circulars");
}

void desk_inspect_refresh(struct desk_inspect *p)
{
    Zhucun__InspectionList l = ZHUCUN__INSPECTION_LIST__INIT;
    desk_call(p->d, &l.base, list_done, p);
    Zhucun__CircularList c = ZHUCUN__CIRCULAR_LIST__INIT;
    desk_call(p->d, &c.base, circulars_done, p);
}

/* ---- an office's inspection and its findings ---- */

static const char *const record_fields[] = {
    "started_on", "ins_from",     "ended_on", "ins_to",    "inspectors", "ins_inspectors",
    "villages",   "ins_villages", "team_ids", "ins_teams", "note",       "ins_note",
    NULL};

static const char *const finding_fields[] = {
    "team_id",  "fnd_team", "person_id", "fnd_person",    "village",  "fnd_village",
    "area",     "fnd_area", "fact",      "fnd_fact",      "deadline", "fnd_deadline",
    "evidence", "fnd_fact", "deduction", "fnd_deduction", NULL};

/* The words of text between commas, enumeration commas, semicolons or spaces (a list of codes
 * or ids as a person types it): NULL-terminated, without empty words; g_strfreev. */
static gchar **words_of(const char *text)
{
    gchar **w = g_regex_split_simple("[\\s,，、;；]+", text, 0, 0);
    size_t n = 0;
    for (gchar **x = w; *x != NULL; x++) {
        if ((*x)[0] != '\0')
            w[n++] = *x;
        else
            g_free(*x);
    }
    w[n] = NULL;
    return w;
}

static void record_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    if (desk_form_answered(&p->f, p->d, err, "inspect-record-failed") != 0)
        return;
    int64_t id = reply->inspection_record->id;
    desk_form_say(&p->f, g_strdup_printf(_("Recorded: inspection #%lld; add its findings below"),
                                         (long long)id));
    desk_changed(p->d, "inspect-record");
    desk_inspect_refresh(p);
    show_id(p, id); /* picked: its findings are what comes next */
}

static void on_record(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_inspect *p = user;
    char today[11];
    rules_date_format(zc_clock_today(), today);
    const char *from = desk_form_text(&p->f, "ins_from"), *to = desk_form_text(&p->f, "ins_to");
    Zhucun__InspectionRecord r = ZHUCUN__INSPECTION_RECORD__INIT;
    r.org_code = p->office;
    r.started_on = (char *)(from[0] != '\0' ? from : today);
    r.ended_on = to[0] != '\0' ? (char *)to : r.started_on;
    r.inspectors = (char *)desk_form_text(&p->f, "ins_inspectors");
    gchar **villages = words_of(desk_form_text(&p->f, "ins_villages"));
    gchar **teams = words_of(desk_form_text(&p->f, "ins_teams"));
    r.n_villages = g_strv_length(villages);
    r.villages = villages;
    r.n_team_ids = g_strv_length(teams);
    r.team_ids = g_new(int64_t, r.n_team_ids + 1);
    for (size_t i = 0; i < r.n_team_ids; i++)
        r.team_ids[i] = desk_id_of(teams[i]); /* a word that is no id: refused at team_ids */
    r.note = (char *)desk_form_text(&p->f, "ins_note");
    desk_form_send(&p->f, p->d, &r.base, record_done, p, "inspect-record-refused");
    g_free(r.team_ids);
    g_strfreev(teams);
    g_strfreev(villages);
}

static const struct visited *visited_of(const struct desk_inspect *p, int64_t id)
{
    for (guint i = 0; i < p->visited->len; i++) {
        const struct visited *t = g_ptr_array_index(p->visited, i);
        if (t->id == id)
            return t;
    }
    return NULL;
}

/* The cadre's choices: the chosen team's current members, "not named" first. */
static void members_fill(struct desk_inspect *p)
{
    const struct visited *t = visited_of(p, desk_id_of(desk_choice_value(W(p, "fnd_team"))));
    static const char *const none_id[] = {"0"};
    const char *none[] = {_("(no one named)")};
    if (t == NULL)
        desk_choice_set(W(p, "fnd_person"), none, none_id, 1);
    else
        desk_choice_set(W(p, "fnd_person"), (const char *const *)t->names->pdata,
                        (const char *const *)t->ids->pdata, t->names->len);
}

static void on_team_chosen(GObject *dd, GParamSpec *ps, gpointer user)
{
    (void)dd;
    (void)ps;
    members_fill(user);
}

/* A visited team's name and members: kept, and the team's choices made again in the
 * inspection's order from those that have come. */
static void team_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "fnd_result")), err->message);
        desk_changed(p->d, "inspect-teams-failed");
        return;
    }
    const Zhucun__Team *team = reply->team;
    int wanted = 0;
    for (guint i = 0; i < p->visit_ids->len; i++)
        wanted |= g_array_index(p->visit_ids, int64_t, i) == team->id;
    if (!wanted || visited_of(p, team->id) != NULL)
        return; /* another inspection's team, or one visited twice */
    struct visited *t = g_new0(struct visited, 1);
    t->id = team->id;
    t->name = g_strdup(team->name);
    t->names = g_ptr_array_new_with_free_func(g_free);
    t->ids = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(t->names, g_strdup(_("(no one named)")));
    g_ptr_array_add(t->ids, g_strdup("0"));
    for (size_t i = 0; i < team->n_members; i++) {
        g_ptr_array_add(t->names, g_strdup(team->members[i]->person_name));
        g_ptr_array_add(t->ids, g_strdup_printf("%lld", (long long)team->members[i]->person_id));
    }
    g_ptr_array_add(p->visited, t);
    GPtrArray *names = g_ptr_array_new(), *ids = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < p->visit_ids->len; i++) {
        const struct visited *v = visited_of(p, g_array_index(p->visit_ids, int64_t, i));
        if (v == NULL)
            continue;
        g_ptr_array_add(names, v->name);
        g_ptr_array_add(ids, g_strdup_printf("%lld", (long long)v->id));
    }
    desk_choice_set(W(p, "fnd_team"), (const char *const *)names->pdata,
                    (const char *const *)ids->pdata, names->len);
    g_ptr_array_unref(names);
    g_ptr_array_unref(ids);
    members_fill(p);
    if (p->visited->len == p->visit_ids->len)
        desk_changed(p->d, "inspect-teams");
}

/* Asks for the teams inspection x visited, unless they are the ones the form offers. */
static void teams_ask(struct desk_inspect *p, const Zhucun__Inspection *x)
{
    int same = p->visit_ids->len == x->n_team_ids;
    for (size_t i = 0; same && i < x->n_team_ids; i++)
        same = g_array_index(p->visit_ids, int64_t, i) == x->team_ids[i];
    if (same && p->visited->len == p->visit_ids->len) {
        desk_changed(p->d, "inspect-teams");
        return;
    }
    g_array_set_size(p->visit_ids, 0);
    g_array_append_vals(p->visit_ids, x->team_ids, (guint)x->n_team_ids);
    g_ptr_array_set_size(p->visited, 0);
    desk_choice_set(W(p, "fnd_team"), NULL, NULL, 0);
    members_fill(p);
    for (size_t i = 0; i < x->n_team_ids; i++) {
        Zhucun__TeamShow t = ZHUCUN__TEAM_SHOW__INIT;
        t.id = x->team_ids[i];
        desk_call(p->d, &t.base, team_done, p);
    }
}

/* The finding form for inspection x (the office's own, shown), or for none (NULL): its heading,
 * the teams it visited to choose from, the button. */
static void finding_form_for(struct desk_inspect *p, const Zhucun__Inspection *x)
{
    p->picked = x != NULL ? x->id : 0;
    gtk_widget_set_sensitive(W(p, "fnd_add"), x != NULL && x->n_team_ids > 0);
    if (x == NULL) {
        gtk_label_set_text(GTK_LABEL(W(p, "fnd_heading")),
                           _("Add a finding: pick one of your office's inspections above"));
        return;
    }
    char *t = x->n_team_ids > 0
                  ? g_strdup_printf(_("Add a finding to the inspection of %s by %s"), x->started_on,
                                    x->inspectors)
                  : g_strdup_printf(_("The inspection of %s by %s visited no team: a finding "
                                      "names a team it visited"),
                                    x->started_on, x->inspectors);
    gtk_label_set_text(GTK_LABEL(W(p, "fnd_heading")), t);
    g_free(t);
    teams_ask(p, x);
}

static void finding_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_inspect *p = user;
    if (desk_form_answered(&p->ff, p->d, err, "inspect-finding-failed") != 0)
        return;
    int64_t id = reply->finding_add->id;
    desk_form_say(&p->ff, g_strdup_printf(_("Recorded: finding #%lld, an item of the team's "
                                            "ledger; its photos can be added below"),
                                          (long long)id));
    gtk_editable_set_text(GTK_EDITABLE(W(p, "fnd_fact")), "");
    desk_attach_strip_set_record(p->photos, id);
    desk_changed(p->d, "inspect-finding");
    desk_inspect_refresh(p);
    show_id(p, p->picked);
}

static void on_finding(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_inspect *p = user;
    if (p->picked == 0)
        return;
    int64_t deduction = desk_form_id(&p->ff, "fnd_deduction");
    Zhucun__FindingAdd f = ZHUCUN__FINDING_ADD__INIT;
    f.inspection_id = p->picked;
    /* none to choose (the teams not yet come): 0, refused at the field by the checks */
    f.team_id = desk_id_of(desk_choice_value(W(p, "fnd_team")));
    f.person_id = desk_id_of(desk_choice_value(W(p, "fnd_person")));
    f.village = (char *)desk_form_text(&p->ff, "fnd_village");
    f.area = (char *)ledger_areas[gtk_drop_down_get_selected(GTK_DROP_DOWN(W(p, "fnd_area")))].code;
    f.fact = (char *)desk_form_text(&p->ff, "fnd_fact");
    f.deadline = (char *)desk_form_text(&p->ff, "fnd_deadline");
    /* not a number of points, or too many: refused at the field by the checks */
    f.deduction = deduction < 0 || deduction > FINDING_DEDUCTION_MAX ? FINDING_DEDUCTION_MAX + 1
                                                                     : (uint32_t)deduction;
    desk_form_send(&p->ff, p->d, &f.base, finding_done, p, "inspect-finding-refused");
}

static void on_finding_activated(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    (void)box;
    struct desk_inspect *p = user;
    guint i = (guint)gtk_list_box_row_get_index(row);
    if (i < p->finding_ids->len)
        desk_attach_strip_set_record(p->photos, g_array_index(p->finding_ids, int64_t, i));
}

static void record_part(struct desk_inspect *p, GtkBox *box)
{
    struct desk_form *f = &p->f;
    gtk_box_append(box, desk_heading(_("Record an inspection of your office")));
    gtk_box_append(
        box, desk_hrow(desk_form_entry(f, "ins_from", _("first day (today when empty)"), 16),
                       desk_form_entry(f, "ins_to", _("last day (the first when empty)"), 16),
                       desk_form_entry(f, "ins_inspectors", _("inspectors' names"), 24), NULL));
    gtk_box_append(box,
                   desk_hrow(desk_form_entry(f, "ins_villages", _("villages visited (codes)"), 24),
                             desk_form_entry(f, "ins_teams", _("teams visited (ids)"), 14),
                             desk_form_entry(f, "ins_note", _("note"), 20),
                             desk_form_keep(f, "ins_record",
                                            gtk_button_new_with_label(_("Record the inspection"))),
                             NULL));
    g_signal_connect(W(p, "ins_record"), "clicked", G_CALLBACK(on_record), p);
    gtk_box_append(box, desk_form_label(f, "ins_result"));
}

static void finding_part(struct desk_inspect *p, GtkBox *box)
{
    struct desk_form *f = &p->ff;
    gtk_box_append(box, desk_form_keep(f, "fnd_heading", desk_heading("")));
    const char **areas = g_new0(const char *, ledger_n_areas + 1);
    for (size_t i = 0; i < ledger_n_areas; i++)
        areas[i] = ledger_areas[i].label;
    GtkWidget *area = desk_form_keep(f, "fnd_area", gtk_drop_down_new_from_strings(areas));
    g_free(areas);
    for (guint i = 0; i < ledger_n_areas; i++)
        if (strcmp(ledger_areas[i].code, FINDING_AREA_DEFAULT) == 0)
            gtk_drop_down_set_selected(GTK_DROP_DOWN(area), i);
    gtk_box_append(
        box,
        desk_hrow(desk_form_choice(f, "fnd_team"), desk_form_choice(f, "fnd_person"),
                  desk_form_entry(f, "fnd_village", _("village (the team's own when empty)"), 26),
                  area, NULL));
    gtk_box_append(
        box,
        desk_hrow(desk_form_entry(f, "fnd_fact", _("what was found"), 36),
                  desk_form_entry(f, "fnd_deadline", _("rectify by YYYY-MM-DD"), 16),
                  desk_form_entry(f, "fnd_deduction", _("points deducted 0-10"), 14),
                  desk_form_keep(f, "fnd_add", gtk_button_new_with_label(_("Add the finding"))),
                  NULL));
    g_signal_connect(W(p, "fnd_add"), "clicked", G_CALLBACK(on_finding), p);
    g_signal_connect(W(p, "fnd_team"), "notify::selected", G_CALLBACK(on_team_chosen), p);
    gtk_box_append(box, desk_form_label(f, "fnd_result"));
    p->photos =
        desk_form_keep(f, "fnd_photos", desk_attach_strip_new(p->d, "inspection_finding", 0));
    gtk_box_append(box, p->photos);
    finding_form_for(p, NULL);
}

/* The office's own unit, when the account has an office's role: it records inspections. */
static void office_of(const struct desk *d, char office[13])
{
    office[0] = '\0';
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        if (strcmp(role, "province_office") == 0 || strcmp(role, "city_office") == 0 ||
            strcmp(role, "county_office") == 0) {
            g_strlcpy(office, g_ptr_array_index(d->grant_scopes, i), 13);
            return;
        }
    }
}

struct desk_inspect *desk_inspect_new(struct desk *d, GtkStack *stack)
{
    static const char *const readers[] = {"province_office", "city_office",    "county_office",
                                          "township",        "county_captain", "team_captain",
                                          "cadre",           "inspector",      NULL};
    int reader = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++)
        for (const char *const *r = readers; *r != NULL; r++)
            reader |= strcmp(g_ptr_array_index(d->grant_roles, i), *r) == 0;
    if (!reader)
        return NULL;
    struct desk_inspect *p = g_new0(struct desk_inspect, 1);
    p->d = d;
    office_of(d, p->office);
    desk_form_init(&p->f, record_fields, "ins_result");
    desk_form_init(&p->ff, finding_fields, "fnd_result");
    p->inspection_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->circular_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->finding_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->visit_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->visited = g_ptr_array_new_with_free_func(visited_free);
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkBox *box = GTK_BOX(page);
    struct desk_form *f = &p->f;
    gtk_box_append(box, desk_heading(_("Inspections")));
    gtk_box_append(box, desk_form_label(f, "ins_summary"));
    gtk_box_append(box, desk_form_list(f, "ins_list", 160));
    p->inspections = GTK_LIST_BOX(W(p, "ins_list"));
    g_signal_connect(p->inspections, "row-activated", G_CALLBACK(on_inspection_activated), p);
    if (p->office[0] != '\0')
        record_part(p, box);
    gtk_box_append(box, desk_form_label(f, "ins_detail"));
    gtk_box_append(box, desk_form_list(f, "ins_findings", 160));
    p->findings = GTK_LIST_BOX(W(p, "ins_findings"));
    if (p->office[0] != '\0') {
        g_signal_connect(p->findings, "row-activated", G_CALLBACK(on_finding_activated), p);
        finding_part(p, box);
    }
    gtk_box_append(box, desk_heading(_("Circulars (pick one to open its PDF)")));
    gtk_box_append(box, desk_form_list(f, "ins_circulars", 140));
    p->circulars = GTK_LIST_BOX(W(p, "ins_circulars"));
    g_signal_connect(p->circulars, "row-activated", G_CALLBACK(on_circular_activated), p);
    gtk_box_append(box, desk_form_label(f, "ins_pdf_result"));
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, "inspect", _("Inspections"));
    return p;
}

void desk_inspect_free(struct desk_inspect *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    desk_form_free(&p->ff);
    g_array_unref(p->inspection_ids);
    g_array_unref(p->circular_ids);
    g_array_unref(p->finding_ids);
    g_array_unref(p->visit_ids);
    g_ptr_array_unref(p->visited);
    g_free(p->pdf_path);
    g_free(p);
}

GtkWidget *desk_inspect_widget(struct desk_inspect *p, const char *name)
{
    return W(p, name);
}

int desk_inspect_count(struct desk_inspect *p, const char *what)
{
    return strcmp(what, "inspections") == 0 ? (int)p->inspection_ids->len
           : strcmp(what, "circulars") == 0 ? (int)p->circular_ids->len
                                            : (int)p->finding_ids->len;
}

int64_t desk_inspect_picked(struct desk_inspect *p)
{
    return p->picked;
}

const char *desk_inspect_pdf_path(struct desk_inspect *p)
{
    return p->pdf_path;
}
