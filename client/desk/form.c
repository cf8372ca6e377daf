/* form.c -- the forms made in code (desk.h, "desk_form"): a page's widgets by name, and its
 * form's problems marked at their fields and joined in its result line. */
#include "desk.h"

#include <string.h>

void desk_form_init(struct desk_form *f, const char *const *fields, const char *result)
{
    f->w = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    f->fields = fields;
    f->result = result;
}

void desk_form_free(struct desk_form *f)
{
    if (f->w != NULL)
        g_hash_table_destroy(f->w);
    f->w = NULL;
}

GtkWidget *desk_form_widget(const struct desk_form *f, const char *name)
{
    return g_hash_table_lookup(f->w, name);
}

GtkWidget *desk_form_keep(struct desk_form *f, const char *name, GtkWidget *w)
{
    gtk_widget_set_name(w, name);
    g_hash_table_insert(f->w, g_strdup(name), w);
    return w;
}

GtkWidget *desk_form_entry(struct desk_form *f, const char *name, const char *hint, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), hint);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    return desk_form_keep(f, name, e);
}

GtkWidget *desk_form_label(struct desk_form *f, const char *name)
{
    GtkWidget *l = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    return desk_form_keep(f, name, l);
}

const char *desk_form_text(const struct desk_form *f, const char *name)
{
    return gtk_editable_get_text(GTK_EDITABLE(desk_form_widget(f, name)));
}

void desk_form_clear(struct desk_form *f)
{
    for (const char *const *x = f->fields; x[0] != NULL; x += 2)
        gtk_widget_remove_css_class(desk_form_widget(f, x[1]), "error");
    gtk_widget_remove_css_class(desk_form_widget(f, f->result), "error");
}

struct marking {
    struct desk_form *f;
    GString *text;
};

static void on_problem(const char *field, const char *message, void *user)
{
    struct marking *m = user;
    for (const char *const *x = m->f->fields; x[0] != NULL; x += 2)
        if (strcmp(x[0], field) == 0)
            gtk_widget_add_css_class(desk_form_widget(m->f, x[1]), "error");
    g_string_append_printf(m->text, "%s%s", m->text->len > 0 ? "；" : "", message);
}

static void show(struct desk_form *f, struct marking *m)
{
    GtkWidget *result = desk_form_widget(f, f->result);
    gtk_label_set_text(GTK_LABEL(result), m->text->str);
    gtk_widget_add_css_class(result, "error");
    g_string_free(m->text, TRUE);
}

int desk_form_check(struct desk_form *f, const ProtobufCMessage *body)
{
    desk_form_clear(f);
    struct marking m = {f, g_string_new(NULL)};
    int n = desk_check(body, on_problem, &m);
    if (n > 0)
        show(f, &m);
    else
        g_string_free(m.text, TRUE);
    return n;
}

void desk_form_refused(struct desk_form *f, const struct zc_error *err)
{
    desk_form_clear(f);
    struct marking m = {f, g_string_new(NULL)};
    on_problem(err->field, err->message, &m);
    show(f, &m);
}

int desk_form_send(struct desk_form *f, struct desk *d, const ProtobufCMessage *body,
                   desk_reply_cb cb, void *user, const char *refused)
{
    if (desk_form_check(f, body) > 0) {
        desk_changed(d, refused);
        return 0;
    }
    desk_call(d, body, cb, user);
    return 1;
}

int desk_form_answered(struct desk_form *f, struct desk *d, const struct zc_error *err,
                       const char *failed)
{
    desk_form_clear(f);
    if (err == NULL)
        return 0;
    desk_form_refused(f, err);
    desk_changed(d, failed);
    return -1;
}

void desk_form_say(struct desk_form *f, char *text)
{
    gtk_label_set_text(GTK_LABEL(desk_form_widget(f, f->result)), text);
    g_free(text);
}

int64_t desk_id_of(const char *text)
{
    if (text[0] == '\0')
        return 0;
    gint64 v;
    /* digits only: "+3" and " 3" are no ids, and neither is anything above int64 */
    if (!g_ascii_isdigit(text[0]) || !g_ascii_string_to_signed(text, 10, 0, G_MAXINT64, &v, NULL))
        return -1;
    return v;
}

int64_t desk_form_id(const struct desk_form *f, const char *name)
{
    return desk_id_of(desk_form_text(f, name));
}

GtkWidget *desk_form_list(struct desk_form *f, const char *name, int height)
{
    GtkWidget *list = desk_form_keep(f, name, gtk_list_box_new());
    gtk_list_box_set_activate_on_single_click(GTK_LIST_BOX(list), TRUE);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_size_request(scroll, -1, height);
    return scroll;
}

void desk_list_line(GtkListBox *list, const char *text, int error)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    if (error)
        gtk_widget_add_css_class(l, "error");
    gtk_list_box_append(list, l);
}

/* A choice's values live on its dropdown, beside the model of the labels shown. */
#define CHOICE_VALUES "desk-choice-values"

GtkWidget *desk_form_choice(struct desk_form *f, const char *name)
{
    GtkWidget *dd = gtk_drop_down_new(G_LIST_MODEL(gtk_string_list_new(NULL)), NULL);
    g_object_set_data_full(G_OBJECT(dd), CHOICE_VALUES, g_ptr_array_new_with_free_func(g_free),
                           (GDestroyNotify)g_ptr_array_unref);
    return desk_form_keep(f, name, dd);
}

void desk_choice_set(GtkWidget *choice, const char *const *labels, const char *const *values,
                     size_t n)
{
    GPtrArray *v = g_object_get_data(G_OBJECT(choice), CHOICE_VALUES);
    char *kept = g_strdup(desk_choice_value(choice));
    g_ptr_array_set_size(v, 0);
    for (size_t i = 0; i < n; i++)
        g_ptr_array_add(v, g_strdup(values[i]));
    GtkStringList *model = gtk_string_list_new(NULL);
    for (size_t i = 0; i < n; i++)
        gtk_string_list_append(model, labels[i]);
    gtk_drop_down_set_model(GTK_DROP_DOWN(choice), G_LIST_MODEL(model));
    g_object_unref(model);
    /* the same choice again when it is still offered (a list read again), else the first */
    if (desk_choice_select(choice, kept) != 0 && n > 0)
        gtk_drop_down_set_selected(GTK_DROP_DOWN(choice), 0);
    g_free(kept);
}

const char *desk_choice_value(GtkWidget *choice)
{
    GPtrArray *v = g_object_get_data(G_OBJECT(choice), CHOICE_VALUES);
    guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(choice));
    return i < v->len ? g_ptr_array_index(v, i) : "";
}

int desk_choice_select(GtkWidget *choice, const char *value)
{
    GPtrArray *v = g_object_get_data(G_OBJECT(choice), CHOICE_VALUES);
    for (guint i = 0; i < v->len; i++)
        if (strcmp(g_ptr_array_index(v, i), value) == 0) {
            gtk_drop_down_set_selected(GTK_DROP_DOWN(choice), i);
            return 0;
        }
    return -1;
}

size_t desk_choice_count(GtkWidget *choice)
{
    GPtrArray *v = g_object_get_data(G_OBJECT(choice), CHOICE_VALUES);
    return v->len;
}

/* ---- keyboard-first entry (desk_form_keys) ---- */

#define KEYS_SAVE   "desk-form-save"
#define KEYS_FIRST  "desk-form-first"
#define KEYS_ENTER  "desk-form-enter"
#define KEYS_CHOSEN "desk-form-chosen" /* desk_form_focus since the form was shown */

static void on_enter(GtkWidget *entry, gpointer user)
{
    (void)entry;
    GtkWidget *save = g_object_get_data(G_OBJECT(user), KEYS_SAVE);
    if (save != NULL && gtk_widget_is_sensitive(save) && gtk_widget_get_visible(save))
        gtk_widget_activate(save);
}

/* Enter in every entry under w that does nothing else with it: root's save button. */
static void keys_walk(GtkWidget *root, GtkWidget *w)
{
    if (GTK_IS_ENTRY(w) || GTK_IS_PASSWORD_ENTRY(w) || GTK_IS_SPIN_BUTTON(w)) {
        guint activate = g_signal_lookup("activate", G_OBJECT_TYPE(w));
        if (g_object_get_data(G_OBJECT(w), KEYS_ENTER) == NULL &&
            !g_signal_has_handler_pending(w, activate, 0, FALSE)) {
            g_object_set_data(G_OBJECT(w), KEYS_ENTER, root);
            g_signal_connect(w, "activate", G_CALLBACK(on_enter), root);
        }
        return;
    }
    for (GtkWidget *c = gtk_widget_get_first_child(w); c != NULL;
         c = gtk_widget_get_next_sibling(c))
        keys_walk(root, c);
}

/* Whether the focus is in the main window's sidebar (a person moving through the pages). */
static int focus_in_nav(GtkWidget *w)
{
    GtkRoot *root = gtk_widget_get_root(w);
    GtkWidget *focus = root != NULL ? gtk_root_get_focus(root) : NULL;
    for (; focus != NULL; focus = gtk_widget_get_parent(focus))
        if (g_strcmp0(gtk_widget_get_name(focus), DESK_NAV_NAME) == 0)
            return 1;
    return 0;
}

/* After the stack has done with the focus (it moves it into a page it shows, when it was in
 * the page before): the first field, if root is still shown and no one moved to the sidebar. */
static gboolean focus_first_later(gpointer user)
{
    GtkWidget *root = user;
    int chosen = g_object_get_data(G_OBJECT(root), KEYS_CHOSEN) != NULL;
    g_object_set_data(G_OBJECT(root), KEYS_CHOSEN, NULL);
    if (!chosen && gtk_widget_get_mapped(root) && !focus_in_nav(root))
        desk_form_focus_first(root);
    return G_SOURCE_REMOVE;
}

static void on_form_map(GtkWidget *root, gpointer user)
{
    (void)user;
    g_object_set_data(G_OBJECT(root), KEYS_CHOSEN, NULL);
    desk_form_keys_refresh(root);
    GtkRoot *win = gtk_widget_get_root(root);
    GtkWidget *focus = win != NULL ? gtk_root_get_focus(win) : NULL;
    if (focus != NULL && gtk_widget_is_ancestor(focus, root))
        return; /* back on the form: the focus where it was */
    GtkWidget *save = g_object_get_data(G_OBJECT(root), KEYS_SAVE);
    if (save != NULL && !gtk_widget_is_sensitive(save))
        return; /* a form the account can only read (the income sums of a reader) */
    if (!focus_in_nav(root))
        g_idle_add_full(G_PRIORITY_DEFAULT, focus_first_later, g_object_ref(root), g_object_unref);
}

void desk_form_keys(GtkWidget *root, GtkWidget *first, GtkWidget *save)
{
    g_object_set_data(G_OBJECT(root), KEYS_SAVE, save);
    g_object_set_data(G_OBJECT(root), KEYS_FIRST, first);
    keys_walk(root, root);
    g_signal_connect(root, "map", G_CALLBACK(on_form_map), NULL);
}

void desk_form_keys_refresh(GtkWidget *root)
{
    keys_walk(root, root);
}

/* The first form under w (w itself, or a descendant in tree order). */
static GtkWidget *form_under(GtkWidget *w)
{
    if (g_object_get_data(G_OBJECT(w), KEYS_FIRST) != NULL)
        return w;
    for (GtkWidget *c = gtk_widget_get_first_child(w); c != NULL;
         c = gtk_widget_get_next_sibling(c)) {
        GtkWidget *f = form_under(c);
        if (f != NULL)
            return f;
    }
    return NULL;
}

int desk_form_focus_first(GtkWidget *page)
{
    GtkWidget *form = form_under(page);
    if (form == NULL)
        return 0;
    GtkWidget *first = g_object_get_data(G_OBJECT(form), KEYS_FIRST);
    return gtk_widget_get_mapped(first) && gtk_widget_grab_focus(first);
}

void desk_form_focus(GtkWidget *w)
{
    for (GtkWidget *a = w; a != NULL; a = gtk_widget_get_parent(a))
        if (g_object_get_data(G_OBJECT(a), KEYS_SAVE) != NULL)
            g_object_set_data(G_OBJECT(a), KEYS_CHOSEN, GINT_TO_POINTER(1));
    gtk_widget_grab_focus(w);
}

GtkWidget *desk_form_save_button(GtkWidget *entry)
{
    GtkWidget *root = g_object_get_data(G_OBJECT(entry), KEYS_ENTER);
    return root != NULL ? g_object_get_data(G_OBJECT(root), KEYS_SAVE) : NULL;
}

void desk_form_enter(struct desk_form *f, const char *const *entries, GCallback cb, gpointer user)
{
    for (; *entries != NULL; entries++)
        g_signal_connect(desk_form_widget(f, *entries), "activate", cb, user);
}

void desk_form_refuse(struct desk_form *f, struct desk *d, const char *field, const char *message,
                      const char *refused)
{
    struct zc_error e = {.code = ZHUCUN__CODE__INVALID_ARGUMENT};
    g_strlcpy(e.field, field, sizeof(e.field));
    g_strlcpy(e.message, message, sizeof(e.message));
    desk_form_refused(f, &e);
    desk_changed(d, refused);
}

void desk_page_add(GtkStack *stack, GtkWidget *page, const char *name, const char *title)
{
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, name, title);
}
