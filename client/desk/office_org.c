/* office_org.c -- the offices' organisation page (组织机构, issue 24), made in code and added to
 * the main window's stack as "office-org". The caller's divisions as a tree whose children are
 * read when a unit is first expanded (OrgChildren, page after page while truncated); a search
 * box (OrgSearch) whose first match the tree opens down to and selects (the others listed, a
 * click jumps to one); the selected unit's details and, for a village or a township, its team
 * with the members and their posts (TeamShow). A province, city or county office also creates
 * the team of a village or township without one (TeamCreate), assigns a person to it by
 * username (UserShow, then TeamAssign: post, dispatching unit, start date) and ends a member's
 * service with the reason (TeamRecall: a recall waits for its approval, the reply says so). The
 * township reads the tree and the teams; the forms are not made for it. */
#include "desk.h"

#include <string.h>

#include "common/rules/account.h"
#include "common/rules/org.h"

/* ---- a unit of the tree: its children read when it is first expanded ---- */

#define DESK_TYPE_ORG_NODE (desk_org_node_get_type())
G_DECLARE_FINAL_TYPE(DeskOrgNode, desk_org_node, DESK, ORG_NODE, GObject)

struct _DeskOrgNode {
    GObject parent;
    char code[ORG_CODE_LEN + 1];
    char *name;
    unsigned level, child_count;
    GListStore *children; /* NULL until first expanded */
    int loading;          /* an OrgChildren page is on its way */
    struct desk_office_org *page;
};

G_DEFINE_FINAL_TYPE(DeskOrgNode, desk_org_node, G_TYPE_OBJECT)

static void desk_org_node_finalize(GObject *o)
{
    DeskOrgNode *n = DESK_ORG_NODE(o);
    g_free(n->name);
    g_clear_object(&n->children);
    G_OBJECT_CLASS(desk_org_node_parent_class)->finalize(o);
}

static void desk_org_node_class_init(DeskOrgNodeClass *k)
{
    G_OBJECT_CLASS(k)->finalize = desk_org_node_finalize;
}

static void desk_org_node_init(DeskOrgNode *n)
{
    (void)n;
}

typedef char org_code_buf[ORG_CODE_LEN + 1];

struct desk_office_org {
    struct desk *d;
    /* f: the page (search, details, members); tf, af, rf: the offices' team forms */
    struct desk_form f, tf, af, rf;
    int office;
    GListStore *roots;
    GtkTreeListModel *tree;
    GtkSingleSelection *sel;
    GtkWidget *view;
    org_code_buf jump; /* the unit the tree is opening down to, "" none */
    org_code_buf picked;
    unsigned picked_level;
    int64_t team; /* the picked unit's team, 0 none */
    int64_t *members;
    size_t n_members;
    int64_t recalling; /* the membership the recall form ends, 0 none */
    org_code_buf *found;
    size_t n_found;
    char *assign_user; /* the username the assign form resolved with UserShow */
};

/* A widget of the page or of one of its forms. */
static GtkWidget *W(struct desk_office_org *p, const char *name)
{
    struct desk_form *forms[] = {&p->f, &p->tf, &p->af, &p->rf};
    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        GtkWidget *w = forms[i]->w != NULL ? desk_form_widget(forms[i], name) : NULL;
        if (w != NULL)
            return w;
    }
    return NULL;
}

#define LIST(p, name) GTK_LIST_BOX(W(p, name))

static void set_label(struct desk_office_org *p, const char *name, char *text)
{
    gtk_label_set_text(GTK_LABEL(W(p, name)), text);
    g_free(text);
}

static void failed(struct desk_office_org *p, const struct zc_error *err, const char *what)
{
    desk_status(p->d, err->message, 1);
    desk_changed(p->d, what);
}

static const char *level_text(unsigned level)
{
    return level == ORG_PROVINCE   ? _("province")
           : level == ORG_CITY     ? _("city")
           : level == ORG_COUNTY   ? _("county")
           : level == ORG_TOWNSHIP ? _("township")
                                   : _("village");
}

static const char *post_text(const char *post)
{
    return strcmp(post, "first_secretary") == 0 ? _("first secretary")
           : strcmp(post, "captain") == 0       ? _("team captain")
                                                : _("team member");
}

static DeskOrgNode *node_new(struct desk_office_org *p, const Zhucun__OrgUnit *u)
{
    DeskOrgNode *n = g_object_new(DESK_TYPE_ORG_NODE, NULL);
    g_strlcpy(n->code, u->code, sizeof(n->code));
    n->name = g_strdup(u->name);
    n->level = u->level;
    n->child_count = u->child_count;
    n->page = p;
    return n;
}

static void continue_jump(struct desk_office_org *p);

/* ---- the tree ---- */

static void request_children(DeskOrgNode *n, const char *after);

static void children_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    DeskOrgNode *n = user;
    struct desk_office_org *p = n->page;
    n->loading = 0;
    if (err != NULL) {
        /* read again when the unit is next expanded (node_children) */
        p->jump[0] = '\0';
        failed(p, err, "office-org-failed");
        return;
    }
    const Zhucun__OrgList *l = reply->org_list;
    for (size_t i = 0; i < l->n_units; i++) {
        DeskOrgNode *c = node_new(p, l->units[i]);
        g_list_store_append(n->children, c);
        g_object_unref(c);
    }
    /* more than a page: the next one after the last code seen */
    if (l->truncated && l->n_units > 0) {
        request_children(n, l->units[l->n_units - 1]->code);
        return;
    }
    desk_changed(p->d, "office-org-children");
    continue_jump(p);
}

static void request_children(DeskOrgNode *n, const char *after)
{
    Zhucun__OrgChildren c = ZHUCUN__ORG_CHILDREN__INIT;
    c.code = n->code;
    c.after = (char *)after;
    n->loading = 1;
    desk_call(n->page->d, &c.base, children_done, n);
}

/* GtkTreeListModel's question: the children of item, read on the first expansion. The nodes
 * live as long as the page (each in its parent's store), so a reply always finds its node. */
static GListModel *node_children(gpointer item, gpointer user)
{
    (void)user;
    DeskOrgNode *n = item;
    if (n->child_count == 0)
        return NULL;
    if (n->children == NULL)
        n->children = g_list_store_new(DESK_TYPE_ORG_NODE);
    /* the first expansion, or the next after a read that failed */
    if (!n->loading && g_list_model_get_n_items(G_LIST_MODEL(n->children)) == 0)
        request_children(n, "");
    return G_LIST_MODEL(g_object_ref(n->children));
}

static void row_setup(GtkSignalListItemFactory *f, GtkListItem *item, gpointer user)
{
    (void)f;
    (void)user;
    GtkWidget *expander = gtk_tree_expander_new();
    GtkWidget *label = gtk_label_new(NULL);
    gtk_label_set_xalign(GTK_LABEL(label), 0);
    gtk_tree_expander_set_child(GTK_TREE_EXPANDER(expander), label);
    gtk_list_item_set_child(item, expander);
}

static void row_bind(GtkSignalListItemFactory *f, GtkListItem *item, gpointer user)
{
    (void)f;
    (void)user;
    GtkTreeListRow *row = gtk_list_item_get_item(item);
    GtkWidget *expander = gtk_list_item_get_child(item);
    gtk_tree_expander_set_list_row(GTK_TREE_EXPANDER(expander), row);
    DeskOrgNode *n = gtk_tree_list_row_get_item(row);
    char *t = n->child_count > 0
                  ? g_strdup_printf(_("%s  %s  (%u below)"), n->name, n->code, n->child_count)
                  : g_strdup_printf("%s  %s", n->name, n->code);
    gtk_label_set_text(GTK_LABEL(gtk_tree_expander_get_child(GTK_TREE_EXPANDER(expander))), t);
    g_free(t);
    g_object_unref(n);
}

/* The tree opened down to p->jump: each ancestor shown is expanded (its children read when
 * they are not yet), and the unit itself selected and scrolled to. */
static void continue_jump(struct desk_office_org *p)
{
    if (p->jump[0] == '\0')
        return;
    GListModel *m = G_LIST_MODEL(p->tree);
    for (guint i = 0; i < g_list_model_get_n_items(m); i++) {
        GtkTreeListRow *row = gtk_tree_list_model_get_row(p->tree, i);
        DeskOrgNode *n = gtk_tree_list_row_get_item(row);
        int here = strcmp(n->code, p->jump) == 0;
        int above = !here && rules_code_within(p->jump, n->code);
        if (above && !gtk_tree_list_row_get_expanded(row))
            gtk_tree_list_row_set_expanded(row, TRUE);
        int wait = above && n->loading;
        g_object_unref(n);
        g_object_unref(row);
        if (here) {
            p->jump[0] = '\0';
            gtk_single_selection_set_selected(p->sel, i);
            gtk_widget_activate_action(p->view, "list.scroll-to-item", "u", i);
            desk_changed(p->d, "office-org-jumped");
            return;
        }
        if (wait)
            return; /* children_done goes on */
    }
    p->jump[0] = '\0';
    desk_status(p->d, _("The unit is not in the tree of your divisions"), 1);
    desk_changed(p->d, "office-org-jump-failed");
}

static void root_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_org *p = user;
    if (err != NULL) {
        failed(p, err, "office-org-failed");
        return;
    }
    DeskOrgNode *n = node_new(p, reply->org_unit);
    g_list_store_append(p->roots, n);
    g_object_unref(n);
    desk_changed(p->d, "office-org-root");
}

/* ---- the selected unit and its team ---- */

static void recall_pick(struct desk_office_org *p, int64_t membership, const char *who)
{
    p->recalling = membership;
    if (W(p, "rc_who") != NULL)
        set_label(p, "rc_who",
                  membership > 0 ? g_strdup_printf(_("Ending the service of %s"), who)
                                 : g_strdup(_("Click a member above to end their service")));
}

static void team_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_org *p = user;
    desk_list_clear(LIST(p, "org_members"));
    p->n_members = 0;
    p->team = 0;
    recall_pick(p, 0, NULL);
    if (err != NULL && err->code == ZHUCUN__CODE__NOT_FOUND) {
        set_label(
            p, "org_team",
            g_strdup(p->office ? _("No team here yet: create it below") : _("No team here yet")));
        desk_changed(p->d, "office-org-team");
        return;
    }
    if (err != NULL) {
        failed(p, err, "office-org-failed");
        return;
    }
    const Zhucun__Team *t = reply->team;
    p->team = t->id;
    set_label(p, "org_team",
              g_strdup_printf(_("Team #%lld %s: %zu members, %u party members"), (long long)t->id,
                              t->name, t->n_members, t->party_members));
    p->members = g_renew(int64_t, p->members, t->n_members + 1);
    for (size_t i = 0; i < t->n_members; i++) {
        const Zhucun__Membership *m = t->members[i];
        char *line = g_strdup_printf(_("%s  %s  %s  since %s"), m->person_name, post_text(m->post),
                                     m->unit_name[0] ? m->unit_name : _("no dispatching unit"),
                                     m->start_date);
        desk_list_line(LIST(p, "org_members"), line, 0);
        g_free(line);
        p->members[i] = m->id;
    }
    p->n_members = t->n_members;
    desk_changed(p->d, "office-org-team");
}

static void read_team(struct desk_office_org *p)
{
    Zhucun__TeamShow s = ZHUCUN__TEAM_SHOW__INIT;
    s.org_code = p->picked;
    s.kind = p->picked_level == ORG_VILLAGE ? "village" : "township";
    desk_call(p->d, &s.base, team_done, p);
}

static void show_unit(struct desk_office_org *p, DeskOrgNode *n)
{
    g_strlcpy(p->picked, n->code, sizeof(p->picked));
    p->picked_level = n->level;
    set_label(p, "org_unit",
              n->child_count > 0
                  ? g_strdup_printf(_("%s  %s, a %s with %u units below"), n->name, n->code,
                                    level_text(n->level), n->child_count)
                  : g_strdup_printf(_("%s  %s, a %s"), n->name, n->code, level_text(n->level)));
    desk_list_clear(LIST(p, "org_members"));
    p->n_members = 0;
    p->team = 0;
    recall_pick(p, 0, NULL);
    int has_team = n->level == ORG_VILLAGE || n->level == ORG_TOWNSHIP;
    if (p->office)
        gtk_widget_set_sensitive(W(p, "org_forms"), has_team);
    if (has_team) {
        read_team(p);
    } else {
        set_label(p, "org_team", g_strdup(_("Teams sit in a village or a township: pick one")));
        desk_changed(p->d, "office-org-team");
    }
}

static void on_selected(GObject *sel, GParamSpec *pspec, gpointer user)
{
    (void)pspec;
    struct desk_office_org *p = user;
    GtkTreeListRow *row = gtk_single_selection_get_selected_item(GTK_SINGLE_SELECTION(sel));
    if (row == NULL)
        return;
    DeskOrgNode *n = gtk_tree_list_row_get_item(row);
    show_unit(p, n);
    g_object_unref(n);
}

static void on_member(GtkListBox *l, GtkListBoxRow *row, gpointer user)
{
    (void)l;
    struct desk_office_org *p = user;
    int i = gtk_list_box_row_get_index(row);
    if (i < 0 || (size_t)i >= p->n_members)
        return;
    GtkWidget *label = gtk_list_box_row_get_child(row);
    recall_pick(p, p->members[i], gtk_label_get_text(GTK_LABEL(label)));
    if (W(p, "rc_date") != NULL)
        gtk_widget_grab_focus(W(p, "rc_date"));
}

/* ---- the search ---- */

static void search_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_org *p = user;
    if (desk_form_answered(&p->f, p->d, err, "office-org-search-failed") != 0)
        return;
    const Zhucun__OrgList *l = reply->org_list;
    desk_list_clear(LIST(p, "org_found"));
    p->found = g_renew(org_code_buf, p->found, l->n_units + 1);
    p->n_found = l->n_units;
    for (size_t i = 0; i < l->n_units; i++) {
        const Zhucun__OrgUnit *u = l->units[i];
        char *line = g_strdup_printf("%s  %s  %s", u->name, u->code, level_text(u->level));
        desk_list_line(LIST(p, "org_found"), line, 0);
        g_free(line);
        g_strlcpy(p->found[i], u->code, sizeof(p->found[i]));
    }
    desk_form_say(&p->f, l->n_units == 0 ? g_strdup(_("No unit of that name in your divisions"))
                         : l->truncated
                             ? g_strdup_printf(_("The first %zu matches: say more to narrow them"),
                                               l->n_units)
                             : g_strdup_printf(_("%zu matches"), l->n_units));
    desk_changed(p->d, "office-org-search");
    if (l->n_units > 0)
        desk_office_org_jump(p, p->found[0]);
}

static void on_search(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_office_org *p = user;
    Zhucun__OrgSearch s = ZHUCUN__ORG_SEARCH__INIT;
    s.query = (char *)desk_form_text(&p->f, "org_query");
    desk_form_send(&p->f, p->d, &s.base, search_done, p, "office-org-search-refused");
}

static void on_found(GtkListBox *l, GtkListBoxRow *row, gpointer user)
{
    (void)l;
    struct desk_office_org *p = user;
    int i = gtk_list_box_row_get_index(row);
    if (i >= 0 && (size_t)i < p->n_found)
        desk_office_org_jump(p, p->found[i]);
}

/* ---- the offices' team forms ---- */

static void team_written(struct desk_office_org *p, struct desk_form *f, char *text,
                         const char *what)
{
    desk_form_say(f, text);
    desk_changed(p->d, what);
    read_team(p);
}

static void create_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_org *p = user;
    if (desk_form_answered(&p->tf, p->d, err, "office-team-create-failed") != 0)
        return;
    team_written(p, &p->tf, g_strdup_printf(_("Team #%lld created"), (long long)reply->team->id),
                 "office-team-create");
}

static void on_create(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_office_org *p = user;
    Zhucun__TeamCreate c = ZHUCUN__TEAM_CREATE__INIT;
    c.kind = p->picked_level == ORG_VILLAGE ? "village" : "township";
    c.org_code = p->picked;
    c.name = (char *)desk_form_text(&p->tf, "tm_name");
    desk_form_send(&p->tf, p->d, &c.base, create_done, p, "office-team-create-refused");
}

static void assign_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_org *p = user;
    if (desk_form_answered(&p->af, p->d, err, "office-team-assign-failed") != 0)
        return;
    team_written(p, &p->af,
                 g_strdup_printf(_("%s joined the team: membership #%lld"), p->assign_user,
                                 (long long)reply->membership->id),
                 "office-team-assign");
    gtk_editable_set_text(GTK_EDITABLE(W(p, "as_user")), "");
    gtk_widget_grab_focus(W(p, "as_user"));
}

/* The person named by the username, then the assignment. */
static void assign_person(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_org *p = user;
    if (desk_form_answered(&p->af, p->d, err, "office-team-assign-failed") != 0)
        return;
    const Zhucun__Person *person = reply->user_show->person;
    Zhucun__TeamAssign a = ZHUCUN__TEAM_ASSIGN__INIT;
    a.team_id = p->team;
    a.person_id = person != NULL ? person->id : 0; /* 0: refused at the username */
    a.post = (char *)desk_choice_value(W(p, "as_post"));
    a.unit_id = desk_id_of(desk_choice_value(W(p, "as_unit")));
    a.start_date = (char *)desk_form_text(&p->af, "as_start");
    desk_form_send(&p->af, p->d, &a.base, assign_done, p, "office-team-assign-refused");
}

static void on_assign(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_office_org *p = user;
    if (p->team <= 0) {
        desk_form_refuse(&p->af, p->d, "team_id", _("Pick a village or township that has a team"),
                         "office-team-assign-refused");
        return;
    }
    g_free(p->assign_user);
    p->assign_user = g_strdup(desk_form_text(&p->af, "as_user"));
    Zhucun__UserShow s = ZHUCUN__USER_SHOW__INIT;
    s.username = p->assign_user;
    desk_form_send(&p->af, p->d, &s.base, assign_person, p, "office-team-assign-refused");
}

static void recall_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_office_org *p = user;
    if (desk_form_answered(&p->rf, p->d, err, "office-team-recall-failed") != 0)
        return;
    const Zhucun__TeamRecallReply *r = reply->team_recall;
    team_written(p, &p->rf,
                 strcmp(r->status, "pending") == 0
                     ? g_strdup_printf(_("The recall (#%lld) went for approval #%lld: the county "
                                         "office and the dispatching unit decide; the cadre "
                                         "serves until both approved"),
                                       (long long)r->recall_id, (long long)r->approval_id)
                     : g_strdup(_("The service has ended")),
                 "office-team-recall");
    gtk_editable_set_text(GTK_EDITABLE(W(p, "rc_note")), "");
}

static void on_recall(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_office_org *p = user;
    Zhucun__TeamRecall r = ZHUCUN__TEAM_RECALL__INIT;
    r.membership_id = p->recalling;
    r.end_date = (char *)desk_form_text(&p->rf, "rc_date");
    r.reason = (char *)desk_choice_value(W(p, "rc_reason"));
    r.note = (char *)desk_form_text(&p->rf, "rc_note");
    if (p->recalling <= 0) {
        desk_form_refuse(&p->rf, p->d, "membership_id", _("Click the member whose service ends"),
                         "office-team-recall-refused");
        return;
    }
    desk_form_send(&p->rf, p->d, &r.base, recall_done, p, "office-team-recall-refused");
}

static const char *const team_fields[] = {"name",     "tm_name", "kind", "tm_name",
                                          "org_code", "tm_name", NULL};
static const char *const assign_fields[] = {
    "username", "as_user", "person_id", "as_user",    "team_id",  "as_user", "post",
    "as_post",  "unit_id", "as_unit",   "start_date", "as_start", NULL};
static const char *const recall_fields[] = {"membership_id", "rc_who",  "end_date",
                                            "rc_date",       "reason",  "rc_reason",
                                            "note",          "rc_note", NULL};
static const char *const search_fields[] = {"query", "org_query", "under", "org_query", NULL};

static GtkWidget *forms_part(struct desk_office_org *p)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    GtkBox *b = GTK_BOX(box);
    desk_form_init(&p->tf, team_fields, "tm_result");
    gtk_box_append(b, desk_heading(_("Create the team of this village or township")));
    gtk_box_append(b, desk_hrow(desk_form_entry(&p->tf, "tm_name", _("team name"), 30),
                                desk_form_keep(&p->tf, "tm_create",
                                               gtk_button_new_with_label(_("Create team"))),
                                NULL));
    gtk_box_append(b, desk_form_label(&p->tf, "tm_result"));

    desk_form_init(&p->af, assign_fields, "as_result");
    gtk_box_append(b, desk_heading(_("Assign a person to the team")));
    GtkWidget *post = desk_form_choice(&p->af, "as_post");
    const char *posts[] = {"member", "captain", "first_secretary"};
    const char *post_labels[] = {post_text(posts[0]), post_text(posts[1]), post_text(posts[2])};
    desk_choice_set(post, post_labels, posts, G_N_ELEMENTS(posts));
    GtkWidget *start = desk_form_entry(&p->af, "as_start", _("start YYYY-MM-DD"), 11);
    char today[11];
    desk_today(today);
    gtk_editable_set_text(GTK_EDITABLE(start), today);
    gtk_box_append(b, desk_hrow(desk_form_entry(&p->af, "as_user", _("username"), 14), post,
                                desk_form_choice(&p->af, "as_unit"), NULL));
    gtk_box_append(
        b,
        desk_hrow(gtk_label_new(_("from")), start,
                  desk_form_keep(&p->af, "as_save", gtk_button_new_with_label(_("Assign"))), NULL));
    gtk_box_append(b, desk_form_label(&p->af, "as_result"));

    desk_form_init(&p->rf, recall_fields, "rc_result");
    gtk_box_append(b, desk_heading(_("End a member's service")));
    gtk_box_append(b, desk_form_label(&p->rf, "rc_who"));
    GtkWidget *reason = desk_form_choice(&p->rf, "rc_reason");
    const char *reasons[] = {"recall", "rotation", "term_end", "other"};
    const char *reason_labels[] = {_("recall (needs approval)"), _("rotation"),
                                   _("end of the term"), _("other")};
    desk_choice_set(reason, reason_labels, reasons, G_N_ELEMENTS(reasons));
    GtkWidget *end = desk_form_entry(&p->rf, "rc_date", _("last day YYYY-MM-DD"), 11);
    gtk_editable_set_text(GTK_EDITABLE(end), today);
    gtk_box_append(b,
                   desk_hrow(end, reason, desk_form_entry(&p->rf, "rc_note", _("why"), 24), NULL));
    gtk_box_append(b, desk_hrow(desk_form_keep(&p->rf, "rc_save",
                                               gtk_button_new_with_label(_("End the service"))),
                                NULL));
    gtk_box_append(b, desk_form_label(&p->rf, "rc_result"));

    g_signal_connect(W(p, "tm_create"), "clicked", G_CALLBACK(on_create), p);
    g_signal_connect(W(p, "as_save"), "clicked", G_CALLBACK(on_assign), p);
    g_signal_connect(W(p, "rc_save"), "clicked", G_CALLBACK(on_recall), p);
    static const char *const tm_entries[] = {"tm_name", NULL};
    static const char *const as_entries[] = {"as_user", "as_start", NULL};
    static const char *const rc_entries[] = {"rc_date", "rc_note", NULL};
    desk_form_enter(&p->tf, tm_entries, G_CALLBACK(on_create), p);
    desk_form_enter(&p->af, as_entries, G_CALLBACK(on_assign), p);
    desk_form_enter(&p->rf, rc_entries, G_CALLBACK(on_recall), p);
    return desk_form_keep(&p->f, "org_forms", box);
}

static GtkWidget *tree_part(struct desk_office_org *p)
{
    p->roots = g_list_store_new(DESK_TYPE_ORG_NODE);
    p->tree = gtk_tree_list_model_new(G_LIST_MODEL(g_object_ref(p->roots)), FALSE, FALSE,
                                      node_children, p, NULL);
    p->sel = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(p->tree)));
    gtk_single_selection_set_autoselect(p->sel, FALSE);
    gtk_single_selection_set_can_unselect(p->sel, TRUE);
    gtk_single_selection_set_selected(p->sel, GTK_INVALID_LIST_POSITION);
    g_signal_connect(p->sel, "notify::selected", G_CALLBACK(on_selected), p);
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new();
    g_signal_connect(factory, "setup", G_CALLBACK(row_setup), p);
    g_signal_connect(factory, "bind", G_CALLBACK(row_bind), p);
    p->view = gtk_list_view_new(GTK_SELECTION_MODEL(g_object_ref(p->sel)), factory);
    desk_form_keep(&p->f, "org_tree", p->view);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), p->view);
    gtk_widget_set_size_request(scroll, 340, 440);
    return scroll;
}

#define OFFICE_ROLES (ROLE_PROVINCE_OFFICE | ROLE_CITY_OFFICE | ROLE_COUNTY_OFFICE)

/* The roles of grant i of the caller's, as bits. */
static unsigned grant_bit(struct desk *d, guint i)
{
    return rules_role_bit(g_ptr_array_index(d->grant_roles, i));
}

/* 1 when grant i's unit is a root of the tree: an office's or the township's grant whose unit
 * no other such grant holds (of two on one unit, the first). */
static int root_grant(struct desk *d, guint i)
{
    if (!(grant_bit(d, i) & (OFFICE_ROLES | ROLE_TOWNSHIP)))
        return 0;
    const char *scope = g_ptr_array_index(d->grant_scopes, i);
    for (guint j = 0; j < d->grant_roles->len; j++) {
        const char *other = g_ptr_array_index(d->grant_scopes, j);
        if (j == i || !(grant_bit(d, j) & (OFFICE_ROLES | ROLE_TOWNSHIP)))
            continue;
        if (strcmp(other, scope) == 0 ? j < i : rules_code_within(scope, other))
            return 0;
    }
    return 1;
}

struct desk_office_org *desk_office_org_new(struct desk *d, GtkStack *stack)
{
    int office = 0, township = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        office |= (grant_bit(d, i) & OFFICE_ROLES) != 0;
        township |= (grant_bit(d, i) & ROLE_TOWNSHIP) != 0;
    }
    if (!office && !township)
        return NULL;
    struct desk_office_org *p = g_new0(struct desk_office_org, 1);
    p->d = d;
    p->office = office;
    desk_form_init(&p->f, search_fields, "org_result");

    GtkWidget *right = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    GtkBox *r = GTK_BOX(right);
    gtk_widget_set_size_request(right, 480, -1);
    gtk_box_append(r, desk_heading(_("The selected unit")));
    gtk_box_append(r, desk_form_label(&p->f, "org_unit"));
    gtk_label_set_text(GTK_LABEL(W(p, "org_unit")),
                       _("Pick a unit in the tree, or find it by name, for its details"));
    gtk_box_append(r, desk_form_label(&p->f, "org_team"));
    gtk_box_append(r, desk_form_list(&p->f, "org_members", 150));
    g_signal_connect(W(p, "org_members"), "row-activated", G_CALLBACK(on_member), p);
    if (office)
        gtk_box_append(r, forms_part(p));

    GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    GtkBox *l = GTK_BOX(left);
    gtk_box_append(l, desk_heading(_("Your divisions (expand a unit for the units below)")));
    GtkWidget *query = desk_form_entry(&p->f, "org_query", _("find a unit by name"), 24);
    gtk_box_append(
        l,
        desk_hrow(query, desk_form_keep(&p->f, "org_search", gtk_button_new_with_label(_("Find"))),
                  NULL));
    g_signal_connect(query, "activate", G_CALLBACK(on_search), p);
    g_signal_connect(W(p, "org_search"), "clicked", G_CALLBACK(on_search), p);
    gtk_box_append(l, desk_form_label(&p->f, "org_result"));
    gtk_box_append(l, desk_form_list(&p->f, "org_found", 90));
    g_signal_connect(W(p, "org_found"), "row-activated", G_CALLBACK(on_found), p);
    gtk_box_append(l, tree_part(p));

    GtkWidget *page = desk_hrow(left, right, NULL);
    gtk_box_set_spacing(GTK_BOX(page), 16);
    desk_page_add(stack, page, "office-org", _("Organisation"));
    return p;
}

void desk_office_org_refresh(struct desk_office_org *p)
{
    gtk_widget_grab_focus(W(p, "org_query"));
    if (g_list_model_get_n_items(G_LIST_MODEL(p->roots)) > 0)
        return; /* the tree is read once; a unit's children when it is first expanded */
    if (p->office)
        desk_units_choice_fill(p->d, W(p, "as_unit"));
    for (guint i = 0; i < p->d->grant_roles->len; i++) {
        if (!root_grant(p->d, i))
            continue;
        Zhucun__OrgShow s = ZHUCUN__ORG_SHOW__INIT;
        s.code = g_ptr_array_index(p->d->grant_scopes, i);
        desk_call(p->d, &s.base, root_done, p);
    }
}

void desk_office_org_jump(struct desk_office_org *p, const char *code)
{
    g_strlcpy(p->jump, code, sizeof(p->jump));
    continue_jump(p);
}

void desk_office_org_free(struct desk_office_org *p)
{
    if (p == NULL)
        return;
    g_object_unref(p->sel);
    g_object_unref(p->tree);
    g_object_unref(p->roots);
    desk_form_free(&p->f);
    desk_form_free(&p->tf);
    desk_form_free(&p->af);
    desk_form_free(&p->rf);
    g_free(p->members);
    g_free(p->found);
    g_free(p->assign_user);
    g_free(p);
}

GtkWidget *desk_office_org_widget(struct desk_office_org *p, const char *name)
{
    return W(p, name);
}

guint desk_office_org_rows(struct desk_office_org *p)
{
    return g_list_model_get_n_items(G_LIST_MODEL(p->tree));
}

int desk_office_org_expand(struct desk_office_org *p, guint i)
{
    GtkTreeListRow *row = gtk_tree_list_model_get_row(p->tree, i);
    if (row == NULL)
        return -1;
    gtk_tree_list_row_set_expanded(row, TRUE);
    g_object_unref(row);
    return 0;
}

const char *desk_office_org_picked(struct desk_office_org *p)
{
    return p->picked;
}

size_t desk_office_org_members(struct desk_office_org *p)
{
    return p->n_members;
}
