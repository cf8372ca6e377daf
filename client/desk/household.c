/* household.c -- the household form (SPEC H1): household fields and member rows, made into
 * a HouseholdCreate and checked by the client library before anything is sent (the server's
 * rules and words: ID check character, birth date in the ID, enumerations, one head); every
 * problem, the library's or the server's (Status.fields), is shown at its field. */
#include "desk.h"

#include <string.h>

#include "common/rules/household.h"

static const char *const categories[] = {"poverty_alleviated", "monitored", "ordinary"};
static const char *const relations[] = {"head",        "spouse",  "child",  "parent", "grandchild",
                                        "grandparent", "sibling", "in_law", "other"};
static const char *const labours[] = {"full", "partial", "none", "minor"};
static const char *const healths[] = {"healthy", "chronic", "serious", "disabled"};

/* The widgets of a member row that can be at fault, by the field names the rules and the
 * server use. */
static const char *const member_fields[] = {"name",   "relation", "id_number",
                                            "labour", "health",   "phone"};

struct member_row {
    GtkBuilder *ui;
    GtkWidget *row;
};

struct desk_household {
    struct desk *d;
    GtkBuilder *ui;
    GtkBox *members_box;
    GPtrArray *rows; /* struct member_row * */
    int sent;
    int sending;
};

/* The request as the form makes it: checked on the main loop, then sent by the worker. The
 * strings are the job's own copies (g_strdup). */
struct hh_job {
    Zhucun__HouseholdCreate hc;
    Zhucun__Household hh;
    Zhucun__HouseholdMember *members;   /* hh.n_members */
    Zhucun__HouseholdMember **pointers; /* hh.members */
    /* out */
    int64_t id;
    GPtrArray *fields, *messages; /* the server's field errors */
};

static GtkWidget *W(struct desk_household *h, const char *id)
{
    return GTK_WIDGET(gtk_builder_get_object(h->ui, id));
}

static const char *text_of(GtkWidget *w)
{
    return gtk_editable_get_text(GTK_EDITABLE(w));
}

static const char *choice(GtkWidget *dropdown, const char *const *values, size_t n)
{
    guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(dropdown));
    return i < n ? values[i] : "";
}

GtkWidget *desk_household_member_widget(struct desk_household *h, int i, const char *id)
{
    if (i < 0 || (guint)i >= h->rows->len)
        return NULL;
    struct member_row *r = g_ptr_array_index(h->rows, i);
    GObject *o = gtk_builder_get_object(r->ui, id);
    return o != NULL ? GTK_WIDGET(o) : NULL;
}

/* ---- errors at the fields ---- */

static void clear_error(GtkWidget *w, GtkWidget *label)
{
    if (w != NULL)
        gtk_widget_remove_css_class(w, "error");
    if (label != NULL) {
        gtk_label_set_text(GTK_LABEL(label), "");
        gtk_widget_set_visible(label, FALSE);
    }
}

static void clear_errors(struct desk_household *h)
{
    clear_error(W(h, "hh_village"), W(h, "hh_village_error"));
    clear_error(W(h, "hh_category"), NULL);
    clear_error(W(h, "hh_phone"), W(h, "hh_phone_error"));
    clear_error(W(h, "hh_address"), NULL);
    clear_error(W(h, "hh_add_member"), W(h, "hh_members_error"));
    for (guint i = 0; i < h->rows->len; i++) {
        for (size_t k = 0; k < G_N_ELEMENTS(member_fields); k++)
            clear_error(desk_household_member_widget(h, (int)i, member_fields[k]), NULL);
        clear_error(NULL, desk_household_member_widget(h, (int)i, "error"));
    }
}

/* Marks w (may be NULL) and shows message in label; a widget already marked keeps its first
 * message. */
static void mark(GtkWidget **first, GtkWidget *w, GtkWidget *label, const char *message)
{
    if (w != NULL && gtk_widget_has_css_class(w, "error"))
        return;
    if (w != NULL)
        gtk_widget_add_css_class(w, "error");
    if (label != NULL) {
        const char *old = gtk_label_get_text(GTK_LABEL(label));
        char *t = old[0] != '\0' ? g_strdup_printf("%s；%s", old, message) : g_strdup(message);
        gtk_label_set_text(GTK_LABEL(label), t);
        gtk_widget_set_visible(label, TRUE);
        g_free(t);
    }
    /* *first not NULL says the form is refused; focus goes to the first field at fault. */
    if (*first == NULL) {
        *first = w != NULL ? w : label;
        if (w != NULL)
            gtk_widget_grab_focus(w);
    }
}

/* A field as the library and the server name it ("village_code", "phone",
 * "members[2].id_number", ...) marked with its message, which is shown as it comes: a
 * member's already says which member it is ("第 3 位成员：..."). */
static void mark_field(struct desk_household *h, GtkWidget **first, const char *field,
                       const char *message)
{
    const char *f = NULL;
    int i = desk_field_index(field, "members", &f);
    if (i >= 0 && (guint)i < h->rows->len) {
        if (strcmp(f, "birth_date") == 0)
            f = "id_number"; /* the birth date is the ID number's */
        mark(first, desk_household_member_widget(h, i, f),
             desk_household_member_widget(h, i, "error"), message);
        return;
    }
    if (strcmp(field, "village_code") == 0)
        mark(first, W(h, "hh_village"), W(h, "hh_village_error"), message);
    else if (strcmp(field, "phone") == 0)
        mark(first, W(h, "hh_phone"), W(h, "hh_phone_error"), message);
    else if (strcmp(field, "address") == 0)
        mark(first, W(h, "hh_address"), W(h, "hh_phone_error"), message);
    else if (strcmp(field, "category") == 0)
        mark(first, W(h, "hh_category"), W(h, "hh_members_error"), message);
    else if (strcmp(field, "members") == 0) /* none, too many, or no head */
        mark(first, h->rows->len == 0 ? W(h, "hh_add_member") : NULL, W(h, "hh_members_error"),
             message);
    else
        mark(first, NULL, W(h, "hh_members_error"), message);
}

static void result(struct desk_household *h, const char *text, int error)
{
    GtkWidget *l = W(h, "hh_result");
    gtk_label_set_text(GTK_LABEL(l), text);
    if (error)
        gtk_widget_add_css_class(l, "error");
    else
        gtk_widget_remove_css_class(l, "error");
}

/* ---- member rows ---- */

static void on_remove_member(GtkButton *b, gpointer user)
{
    struct desk_household *h = user;
    for (guint i = 0; i < h->rows->len; i++) {
        struct member_row *r = g_ptr_array_index(h->rows, i);
        if (G_OBJECT(b) == gtk_builder_get_object(r->ui, "remove")) {
            gtk_box_remove(h->members_box, r->row);
            g_ptr_array_remove_index(h->rows, i);
            return;
        }
    }
}

static void member_row_free(gpointer p)
{
    struct member_row *r = p;
    g_object_unref(r->ui);
    g_free(r);
}

int desk_household_add_member(struct desk_household *h)
{
    struct member_row *r = g_new0(struct member_row, 1);
    r->ui = gtk_builder_new_from_resource("/cn/zhucun/desk/member.ui");
    r->row = GTK_WIDGET(gtk_builder_get_object(r->ui, "member_row"));
    /* The first member is usually the head; the next ones are not. */
    gtk_drop_down_set_selected(GTK_DROP_DOWN(gtk_builder_get_object(r->ui, "relation")),
                               h->rows->len == 0 ? 0 : 2);
    g_signal_connect(gtk_builder_get_object(r->ui, "remove"), "clicked",
                     G_CALLBACK(on_remove_member), h);
    gtk_box_append(h->members_box, r->row);
    desk_form_keys_refresh(GTK_WIDGET(gtk_builder_get_object(h->ui, "household_page")));
    g_ptr_array_add(h->rows, r);
    gtk_widget_grab_focus(GTK_WIDGET(gtk_builder_get_object(r->ui, "name")));
    return (int)h->rows->len - 1;
}

static void on_add_member(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_household *h = user;
    if (h->rows->len < HOUSEHOLD_MEMBERS_MAX)
        desk_household_add_member(h);
}

static void reset_form(struct desk_household *h)
{
    while (h->rows->len > 0) {
        struct member_row *r = g_ptr_array_index(h->rows, h->rows->len - 1);
        gtk_box_remove(h->members_box, r->row);
        g_ptr_array_remove_index(h->rows, h->rows->len - 1);
    }
    gtk_editable_set_text(GTK_EDITABLE(W(h, "hh_phone")), "");
    gtk_editable_set_text(GTK_EDITABLE(W(h, "hh_address")), "");
    gtk_check_button_set_active(GTK_CHECK_BUTTON(W(h, "hh_absent")), FALSE);
    clear_errors(h);
    desk_household_add_member(h);
    /* The village stays: the next household is usually of the same village. */
    gtk_widget_grab_focus(W(h, "hh_village"));
}

/* ---- sending ---- */

static void hh_job_free(void *p)
{
    struct hh_job *j = p;
    g_free(j->hh.village_code);
    g_free(j->hh.category);
    g_free(j->hh.phone);
    g_free(j->hh.address);
    for (size_t i = 0; i < j->hh.n_members; i++) {
        Zhucun__HouseholdMember *m = &j->members[i];
        g_free(m->name);
        g_free(m->relation);
        g_free(m->id_number);
        g_free(m->labour);
        g_free(m->health);
        g_free(m->phone);
    }
    g_free(j->members);
    g_free(j->pointers);
    g_ptr_array_unref(j->fields);
    g_ptr_array_unref(j->messages);
    g_free(j);
}

/* The request the form holds now. */
static struct hh_job *hh_job_new(struct desk_household *h)
{
    struct hh_job *j = g_new0(struct hh_job, 1);
    zhucun__household_create__init(&j->hc);
    zhucun__household__init(&j->hh);
    j->hc.household = &j->hh;
    j->hh.village_code = g_strdup(text_of(W(h, "hh_village")));
    j->hh.category = g_strdup(choice(W(h, "hh_category"), categories, 3));
    j->hh.absent = gtk_check_button_get_active(GTK_CHECK_BUTTON(W(h, "hh_absent")));
    j->hh.phone = g_strdup(text_of(W(h, "hh_phone")));
    j->hh.address = g_strdup(text_of(W(h, "hh_address")));
    /* since stays "": registered today. */
    j->hh.n_members = h->rows->len;
    j->members = g_new0(Zhucun__HouseholdMember, h->rows->len + 1);
    j->pointers = g_new0(Zhucun__HouseholdMember *, h->rows->len + 1);
    j->hh.members = j->pointers;
    for (guint i = 0; i < h->rows->len; i++) {
        Zhucun__HouseholdMember *m = &j->members[i];
        zhucun__household_member__init(m);
        m->name = g_strdup(text_of(desk_household_member_widget(h, (int)i, "name")));
        m->relation =
            g_strdup(choice(desk_household_member_widget(h, (int)i, "relation"), relations, 9));
        m->id_number = g_strdup(text_of(desk_household_member_widget(h, (int)i, "id_number")));
        m->labour = g_strdup(choice(desk_household_member_widget(h, (int)i, "labour"), labours, 4));
        m->health = g_strdup(choice(desk_household_member_widget(h, (int)i, "health"), healths, 4));
        m->phone = g_strdup(text_of(desk_household_member_widget(h, (int)i, "phone")));
        j->pointers[i] = m;
    }
    j->fields = g_ptr_array_new_with_free_func(g_free);
    j->messages = g_ptr_array_new_with_free_func(g_free);
    return j;
}

static int hh_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct hh_job *j = data;
    Zhucun__Reply *reply = NULL;
    /* Keyed (client/lib): a retry after a lost connection cannot save it twice. */
    struct zc_client *c = desk_conn_client(conn, err);
    int rc = c != NULL ? zc_household_create(c, &j->hc, &reply, err) : -1;
    if (rc == 0) {
        j->id = reply->household->id;
    } else {
        desk_field_errors(reply, j->fields, j->messages);
    }
    zc_reply_free(reply);
    return rc;
}

static void hh_done(void *data, const struct zc_error *err, void *user)
{
    struct hh_job *j = data;
    struct desk_household *h = user;
    h->sending = 0;
    gtk_widget_set_sensitive(W(h, "hh_submit"), TRUE);
    if (err == NULL) {
        desk_village_used(h->d, j->hh.village_code);
        char *t = g_strdup_printf(_("Household %lld registered"), (long long)j->id);
        reset_form(h);
        result(h, t, 0);
        g_free(t);
        desk_changed(h->d, "household-saved");
        return;
    }
    GtkWidget *first = NULL;
    clear_errors(h);
    if (j->fields->len > 0) {
        for (guint i = 0; i < j->fields->len; i++)
            mark_field(h, &first, g_ptr_array_index(j->fields, i),
                       g_ptr_array_index(j->messages, i));
    } else if (err->field[0] != '\0') {
        mark_field(h, &first, err->field, err->message);
    }
    result(h, err->message, 1);
    desk_changed(h->d, "household-refused");
}

struct marking {
    struct desk_household *h;
    GtkWidget *first; /* the first field at fault, NULL while there is none */
};

static void on_problem(const char *field, const char *message, void *user)
{
    struct marking *m = user;
    mark_field(m->h, &m->first, field, message);
}

/* The library's verdict on the request j, shown at the fields: 1 when it may be sent. Every
 * check of this form is the library's: the form has no text that a request cannot hold. */
static int validate(struct desk_household *h, struct hh_job *j)
{
    struct marking m = {h, NULL};
    clear_errors(h);
    desk_check(&j->hc.base, on_problem, &m);
    return m.first == NULL;
}

int desk_household_submit(struct desk_household *h)
{
    if (h->sending)
        return 0;
    struct hh_job *j = hh_job_new(h);
    if (!validate(h, j)) {
        hh_job_free(j);
        result(h, _("Please correct the fields marked in red"), 1);
        desk_changed(h->d, "household-invalid");
        return 0;
    }
    h->sending = 1;
    h->sent++;
    gtk_widget_set_sensitive(W(h, "hh_submit"), FALSE);
    result(h, _("Sending…"), 0);
    desk_conn_submit(h->d->conn, hh_run, hh_done, j, hh_job_free, h);
    return 1;
}

int desk_household_sent(struct desk_household *h)
{
    return h->sent;
}

static void on_submit(GtkButton *b, gpointer user)
{
    (void)b;
    desk_household_submit(user);
}

static void on_clear(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_household *h = user;
    reset_form(h);
    result(h, "", 0);
}

struct desk_household *desk_household_new(struct desk *d, GtkBuilder *ui)
{
    struct desk_household *h = g_new0(struct desk_household, 1);
    h->d = d;
    h->ui = g_object_ref(ui);
    h->members_box = GTK_BOX(gtk_builder_get_object(ui, "hh_members"));
    h->rows = g_ptr_array_new_with_free_func(member_row_free);
    g_signal_connect(gtk_builder_get_object(ui, "hh_add_member"), "clicked",
                     G_CALLBACK(on_add_member), h);
    g_signal_connect(gtk_builder_get_object(ui, "hh_submit"), "clicked", G_CALLBACK(on_submit), h);
    g_signal_connect(gtk_builder_get_object(ui, "hh_clear"), "clicked", G_CALLBACK(on_clear), h);
    desk_form_keys(GTK_WIDGET(gtk_builder_get_object(ui, "household_page")),
                   GTK_WIDGET(gtk_builder_get_object(ui, "hh_village")),
                   GTK_WIDGET(gtk_builder_get_object(ui, "hh_submit")));
    desk_household_add_member(h);
    desk_village_fill(d, GTK_WIDGET(gtk_builder_get_object(ui, "hh_village")));
    return h;
}

void desk_household_free(struct desk_household *h)
{
    if (h == NULL)
        return;
    g_ptr_array_unref(h->rows);
    g_object_unref(h->ui);
    g_free(h);
}
