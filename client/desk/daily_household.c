/* daily_household.c -- the household page's changes (issue 24): under the household opened in
 * the detail pane, its phone and address changed (HouseholdUpdate: only what was edited is
 * sent), a member joining (HouseholdMemberAdd) and a member leaving on a day with the reason
 * (HouseholdMemberLeave; the head only by naming the new head). Shown to the roles that write
 * households (county office, township, team captain, cadre); the server decides the rest, and a
 * refusal, the library's or the server's, is marked at its field. Each form: Tab in reading
 * order, Enter in any entry saves. */
#include "desk.h"

#include <string.h>

static const char *const relations[] = {"spouse",      "child",   "parent", "grandchild",
                                        "grandparent", "sibling", "in_law", "other"};
static const char *const relation_labels[] = {N_("Spouse"),     N_("Child"),       N_("Parent"),
                                              N_("Grandchild"), N_("Grandparent"), N_("Sibling"),
                                              N_("In-law"),     N_("Other")};
static const char *const labours[] = {"full", "partial", "none", "minor"};
static const char *const labour_labels[] = {N_("Full labour"), N_("Partial labour"),
                                            N_("No labour"), N_("Minor")};
static const char *const healths[] = {"healthy", "chronic", "serious", "disabled"};
static const char *const health_labels[] = {N_("Healthy"), N_("Chronic illness"),
                                            N_("Serious illness"), N_("Disabled")};
static const char *const reasons[] = {"moved_out", "deceased", "married_out"};
static const char *const reason_labels[] = {N_("Moved out"), N_("Deceased"), N_("Married out")};

struct desk_hhedit {
    struct desk *d;
    GtkWidget *box;
    struct desk_form fu, fa, fl; /* update, member add, member leave */
    int64_t id;
    char *phone, *address; /* as shown: what an edit is compared with */
    void (*reopen)(void *user);
    void *user;
};

static const char *const update_fields[] = {"phone", "hhe_phone", "address", "hhe_address", NULL};
static const char *const add_fields[] = {"member.name",
                                         "hhm_name",
                                         "member.relation",
                                         "hhm_relation",
                                         "member.id_number",
                                         "hhm_id",
                                         "member.birth_date",
                                         "hhm_id",
                                         "member.labour",
                                         "hhm_labour",
                                         "member.health",
                                         "hhm_health",
                                         "member.phone",
                                         "hhm_phone",
                                         "member",
                                         "hhm_name",
                                         "household_id",
                                         "hhm_name",
                                         NULL};
static const char *const leave_fields[] = {"member_id",    "hml_member", "left_on",     "hml_date",
                                           "reason",       "hml_reason", "new_head_id", "hml_head",
                                           "household_id", "hml_member", NULL};

static GtkWidget *choice_of(struct desk_form *f, const char *name, const char *const *labels,
                            const char *const *values, size_t n)
{
    GtkWidget *c = desk_form_choice(f, name);
    const char *shown[8];
    for (size_t i = 0; i < n; i++)
        shown[i] = _(labels[i]);
    desk_choice_set(c, shown, values, n);
    return c;
}

static void written(struct desk_hhedit *e, struct desk_form *f, const char *what, char *text)
{
    desk_form_say(f, text);
    desk_changed(e->d, what);
    e->reopen(e->user);
}

/* ---- phone and address ---- */

static void update_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_hhedit *e = user;
    if (desk_form_answered(&e->fu, e->d, err, "household-update-failed") == 0)
        written(e, &e->fu, "household-update", g_strdup(_("Phone and address saved")));
}

static void on_update(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_hhedit *e = user;
    Zhucun__HouseholdUpdate u = ZHUCUN__HOUSEHOLD_UPDATE__INIT;
    u.id = e->id;
    u.phone = (char *)desk_form_text(&e->fu, "hhe_phone");
    u.address = (char *)desk_form_text(&e->fu, "hhe_address");
    u.set_phone = strcmp(u.phone, e->phone) != 0;
    u.set_address = strcmp(u.address, e->address) != 0;
    desk_form_send(&e->fu, e->d, &u.base, update_done, e, "household-update-refused");
}

/* ---- a member joins ---- */

static void add_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_hhedit *e = user;
    if (desk_form_answered(&e->fa, e->d, err, "household-member-add-failed") != 0)
        return;
    const char *clear[] = {"hhm_name", "hhm_id", "hhm_phone"};
    for (size_t i = 0; i < G_N_ELEMENTS(clear); i++)
        gtk_editable_set_text(GTK_EDITABLE(desk_form_widget(&e->fa, clear[i])), "");
    written(e, &e->fa, "household-member-add",
            g_strdup_printf(_("%s joined the household (member No. %lld)"),
                            reply->household_member->name, (long long)reply->household_member->id));
    gtk_widget_grab_focus(desk_form_widget(&e->fa, "hhm_name"));
}

static void on_add(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_hhedit *e = user;
    Zhucun__HouseholdMember m = ZHUCUN__HOUSEHOLD_MEMBER__INIT;
    m.name = (char *)desk_form_text(&e->fa, "hhm_name");
    m.relation = (char *)desk_choice_value(desk_form_widget(&e->fa, "hhm_relation"));
    m.id_number = (char *)desk_form_text(&e->fa, "hhm_id");
    m.labour = (char *)desk_choice_value(desk_form_widget(&e->fa, "hhm_labour"));
    m.health = (char *)desk_choice_value(desk_form_widget(&e->fa, "hhm_health"));
    m.phone = (char *)desk_form_text(&e->fa, "hhm_phone");
    Zhucun__HouseholdMemberAdd a = ZHUCUN__HOUSEHOLD_MEMBER_ADD__INIT;
    a.household_id = e->id;
    a.member = &m;
    desk_form_send(&e->fa, e->d, &a.base, add_done, e, "household-member-add-refused");
}

/* ---- a member leaves ---- */

static void leave_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_hhedit *e = user;
    if (desk_form_answered(&e->fl, e->d, err, "household-member-leave-failed") == 0)
        written(e, &e->fl, "household-member-leave",
                g_strdup(_("The member's leaving is recorded")));
}

static void on_leave(GtkWidget *w, gpointer user)
{
    (void)w;
    struct desk_hhedit *e = user;
    Zhucun__HouseholdMemberLeave l = ZHUCUN__HOUSEHOLD_MEMBER_LEAVE__INIT;
    l.household_id = e->id;
    l.member_id = desk_id_of(desk_choice_value(desk_form_widget(&e->fl, "hml_member")));
    l.left_on = (char *)desk_form_text(&e->fl, "hml_date");
    l.reason = (char *)desk_choice_value(desk_form_widget(&e->fl, "hml_reason"));
    l.new_head_id = desk_id_of(desk_choice_value(desk_form_widget(&e->fl, "hml_head")));
    desk_form_send(&e->fl, e->d, &l.base, leave_done, e, "household-member-leave-refused");
}

/* ---- the panel ---- */

struct desk_hhedit *desk_hhedit_new(struct desk *d, void (*reopen)(void *), void *user)
{
    static const char *const writers[] = {"county_office", "township", "team_captain", "cadre",
                                          NULL};
    if (desk_daily_scope(d, writers) == NULL)
        return NULL;
    struct desk_hhedit *e = g_new0(struct desk_hhedit, 1);
    e->d = d;
    e->reopen = reopen;
    e->user = user;
    e->phone = g_strdup("");
    e->address = g_strdup("");
    desk_form_init(&e->fu, update_fields, "hhe_result");
    desk_form_init(&e->fa, add_fields, "hhm_result");
    desk_form_init(&e->fl, leave_fields, "hml_result");
    e->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_set_name(e->box, "hh_edit");
    GtkBox *box = GTK_BOX(e->box);

    gtk_box_append(box, desk_heading(_("Change the phone or address")));
    gtk_box_append(
        box,
        desk_hrow(desk_form_entry(&e->fu, "hhe_phone", _("phone"), 14),
                  desk_form_entry(&e->fu, "hhe_address", _("address"), 30),
                  desk_form_keep(&e->fu, "hhe_save", gtk_button_new_with_label(_("Save"))), NULL));
    gtk_box_append(box, desk_form_label(&e->fu, "hhe_result"));
    g_signal_connect(desk_form_widget(&e->fu, "hhe_save"), "clicked", G_CALLBACK(on_update), e);
    desk_form_enter(&e->fu, (const char *const[]){"hhe_phone", "hhe_address", NULL},
                    G_CALLBACK(on_update), e);

    gtk_box_append(box, desk_heading(_("A member joins")));
    gtk_box_append(box,
                   desk_hrow(desk_form_entry(&e->fa, "hhm_name", _("the member's name"), 8),
                             choice_of(&e->fa, "hhm_relation", relation_labels, relations, 8),
                             desk_form_entry(&e->fa, "hhm_id", _("ID number (18 characters)"), 20),
                             NULL));
    gtk_box_append(box, desk_hrow(choice_of(&e->fa, "hhm_labour", labour_labels, labours, 4),
                                  choice_of(&e->fa, "hhm_health", health_labels, healths, 4),
                                  desk_form_entry(&e->fa, "hhm_phone", _("phone (optional)"), 14),
                                  desk_form_keep(&e->fa, "hhm_add",
                                                 gtk_button_new_with_label(_("Add member"))),
                                  NULL));
    gtk_box_append(box, desk_form_label(&e->fa, "hhm_result"));
    g_signal_connect(desk_form_widget(&e->fa, "hhm_add"), "clicked", G_CALLBACK(on_add), e);
    desk_form_enter(&e->fa, (const char *const[]){"hhm_name", "hhm_id", "hhm_phone", NULL},
                    G_CALLBACK(on_add), e);

    gtk_box_append(box, desk_heading(_("A member leaves")));
    gtk_box_append(box,
                   desk_hrow(desk_form_choice(&e->fl, "hml_member"),
                             desk_form_entry(&e->fl, "hml_date", _("date (today when empty)"), 12),
                             choice_of(&e->fl, "hml_reason", reason_labels, reasons, 3), NULL));
    gtk_box_append(box,
                   desk_hrow(desk_form_choice(&e->fl, "hml_head"),
                             desk_form_keep(&e->fl, "hml_leave",
                                            gtk_button_new_with_label(_("Record the leaving"))),
                             NULL));
    gtk_box_append(box, desk_form_label(&e->fl, "hml_result"));
    g_signal_connect(desk_form_widget(&e->fl, "hml_leave"), "clicked", G_CALLBACK(on_leave), e);
    desk_form_enter(&e->fl, (const char *const[]){"hml_date", NULL}, G_CALLBACK(on_leave), e);

    gtk_widget_set_visible(e->box, FALSE);
    return e;
}

void desk_hhedit_open(struct desk_hhedit *e, const Zhucun__Household *hh)
{
    if (e == NULL)
        return;
    int same = e->id == hh->id;
    e->id = hh->id;
    g_free(e->phone);
    g_free(e->address);
    e->phone = g_strdup(hh->phone);
    e->address = g_strdup(hh->address);
    gtk_editable_set_text(GTK_EDITABLE(desk_form_widget(&e->fu, "hhe_phone")), hh->phone);
    gtk_editable_set_text(GTK_EDITABLE(desk_form_widget(&e->fu, "hhe_address")), hh->address);
    /* the present members leave; the head only with a new head among the others */
    GPtrArray *labels = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(labels, g_strdup(_("no new head (not the head leaving)")));
    g_ptr_array_add(values, g_strdup("0"));
    for (size_t i = 0; i < hh->n_members; i++) {
        const Zhucun__HouseholdMember *m = hh->members[i];
        if (m->left_on[0] != '\0')
            continue;
        g_ptr_array_add(labels, strcmp(m->relation, "head") == 0
                                    ? g_strdup_printf(_("%s (head)"), m->name)
                                    : g_strdup(m->name));
        g_ptr_array_add(values, g_strdup_printf("%lld", (long long)m->id));
    }
    desk_choice_set(desk_form_widget(&e->fl, "hml_member"), (const char *const *)labels->pdata + 1,
                    (const char *const *)values->pdata + 1, labels->len - 1);
    desk_choice_set(desk_form_widget(&e->fl, "hml_head"), (const char *const *)labels->pdata,
                    (const char *const *)values->pdata, labels->len);
    g_ptr_array_unref(labels);
    g_ptr_array_unref(values);
    if (!same) {
        desk_form_clear(&e->fu);
        desk_form_clear(&e->fa);
        desk_form_clear(&e->fl);
        gtk_label_set_text(GTK_LABEL(desk_form_widget(&e->fu, "hhe_result")), "");
        gtk_label_set_text(GTK_LABEL(desk_form_widget(&e->fa, "hhm_result")), "");
        gtk_label_set_text(GTK_LABEL(desk_form_widget(&e->fl, "hml_result")), "");
    }
    gtk_widget_set_visible(e->box, TRUE);
    if (!same) /* a household opened: its first field takes the keys */
        gtk_widget_grab_focus(desk_form_widget(&e->fu, "hhe_phone"));
}

void desk_hhedit_hide(struct desk_hhedit *e)
{
    if (e != NULL)
        gtk_widget_set_visible(e->box, FALSE);
}

GtkWidget *desk_hhedit_box(struct desk_hhedit *e)
{
    return e->box;
}

GtkWidget *desk_hhedit_widget(struct desk_hhedit *e, const char *name)
{
    if (e == NULL)
        return NULL;
    GtkWidget *w = desk_form_widget(&e->fu, name);
    if (w == NULL)
        w = desk_form_widget(&e->fa, name);
    return w != NULL ? w : desk_form_widget(&e->fl, name);
}

void desk_hhedit_free(struct desk_hhedit *e)
{
    if (e == NULL)
        return;
    desk_form_free(&e->fu);
    desk_form_free(&e->fa);
    desk_form_free(&e->fl);
    g_free(e->phone);
    g_free(e->address);
    g_free(e);
}
