/* nav.c -- the main window's sidebar: the pages of the GtkStack "pages" grouped in sections
 * (window.c's table: a page's name, its section, its order), a section shown only when the
 * account has one of its pages, a page the table does not list in a last section "Other".
 * A list box: Up and Down (Home, End, Page Up, Page Down) move through the pages and show
 * them, Enter or a click moves the focus into the page shown (its form's first field);
 * Ctrl+1 ... Ctrl+9 show the first page of the shown sections in turn. A page's title and its
 * attention mark (the queue's count, the notices' badge) follow the stack page live. */
#include "desk.h"

#include <string.h>

struct desk_nav {
    struct desk *d;
    GtkStack *stack;
    GtkListBox *list;
    GListModel *pages; /* the stack's pages, watched for pages added later */
    gulong pages_changed, child_changed;
    GtkEventController *keys;    /* Ctrl+1 ... Ctrl+9 */
    const char *const *sections; /* msgids, n_sections of them */
    size_t n_sections;
    const struct desk_nav_row *rows;
    size_t n_rows;
    int syncing; /* the stack and the list following each other */
};

#define ROW_PAGE    "desk-nav-page"
#define ROW_SECTION "desk-nav-section"
#define ROW_ORDER   "desk-nav-order"
#define ROW_TITLE   "desk-nav-title"

static int row_section(GtkListBoxRow *row)
{
    return GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), ROW_SECTION));
}

static const char *row_page(GtkListBoxRow *row)
{
    return g_object_get_data(G_OBJECT(row), ROW_PAGE);
}

static const char *section_title(const struct desk_nav *n, int s)
{
    return (size_t)s < n->n_sections ? _(n->sections[s]) : _("Other");
}

static int by_place(GtkListBoxRow *a, GtkListBoxRow *b, gpointer user)
{
    (void)user;
    int sa = row_section(a), sb = row_section(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int oa = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(a), ROW_ORDER));
    int ob = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), ROW_ORDER));
    return oa < ob ? -1 : oa > ob;
}

/* A section's title above its first page. */
static void header(GtkListBoxRow *row, GtkListBoxRow *before, gpointer user)
{
    struct desk_nav *n = user;
    int s = row_section(row);
    if (before != NULL && row_section(before) == s) {
        gtk_list_box_row_set_header(row, NULL);
        return;
    }
    GtkWidget *h = gtk_label_new(section_title(n, s));
    gtk_label_set_xalign(GTK_LABEL(h), 0);
    gtk_widget_add_css_class(h, "nav-section");
    gtk_list_box_row_set_header(row, h);
}

/* The row's text from its stack page: the title (with a count in it, when the page puts one
 * there) and the attention mark. */
static void on_page_notify(GObject *page, GParamSpec *pspec, gpointer user)
{
    (void)pspec;
    GtkWidget *row = user;
    GtkLabel *title = g_object_get_data(G_OBJECT(row), ROW_TITLE);
    const char *t = gtk_stack_page_get_title(GTK_STACK_PAGE(page));
    gtk_label_set_text(title, t != NULL ? t : "");
    if (gtk_stack_page_get_needs_attention(GTK_STACK_PAGE(page)))
        gtk_widget_add_css_class(row, "needs-attention");
    else
        gtk_widget_remove_css_class(row, "needs-attention");
}

static void place(const struct desk_nav *n, const char *name, int *section, int *order)
{
    for (size_t i = 0; i < n->n_rows; i++)
        if (strcmp(n->rows[i].page, name) == 0) {
            *section = n->rows[i].section;
            *order = (int)i;
            return;
        }
    *section = (int)n->n_sections;
    *order = 0;
}

static void select_shown(struct desk_nav *n)
{
    const char *shown = gtk_stack_get_visible_child_name(n->stack);
    for (int i = 0;; i++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index(n->list, i);
        if (row == NULL)
            break;
        if (shown != NULL && strcmp(row_page(row), shown) == 0) {
            n->syncing = 1;
            gtk_list_box_select_row(n->list, row);
            n->syncing = 0;
            return;
        }
    }
}

static void fill(struct desk_nav *n)
{
    GtkWidget *child;
    n->syncing = 1;
    while ((child = gtk_widget_get_first_child(GTK_WIDGET(n->list))) != NULL)
        gtk_list_box_remove(n->list, child);
    n->syncing = 0;
    guint count = g_list_model_get_n_items(n->pages);
    for (guint i = 0; i < count; i++) {
        GtkStackPage *page = g_list_model_get_item(n->pages, i);
        const char *name = gtk_stack_page_get_name(page);
        if (name == NULL || !gtk_stack_page_get_visible(page)) {
            g_object_unref(page);
            continue;
        }
        int section, order;
        place(n, name, &section, &order);
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *title = gtk_label_new("");
        gtk_label_set_xalign(GTK_LABEL(title), 0);
        gtk_label_set_ellipsize(GTK_LABEL(title), PANGO_ELLIPSIZE_END);
        gtk_widget_set_hexpand(title, TRUE);
        gtk_box_append(GTK_BOX(box), title);
        GtkWidget *row = gtk_list_box_row_new();
        gtk_widget_add_css_class(row, "nav-row");
        gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
        g_object_set_data_full(G_OBJECT(row), ROW_PAGE, g_strdup(name), g_free);
        g_object_set_data(G_OBJECT(row), ROW_SECTION, GINT_TO_POINTER(section));
        g_object_set_data(G_OBJECT(row), ROW_ORDER, GINT_TO_POINTER(order));
        g_object_set_data(G_OBJECT(row), ROW_TITLE, title);
        on_page_notify(G_OBJECT(page), NULL, row);
        g_signal_connect_object(page, "notify::title", G_CALLBACK(on_page_notify), row, 0);
        g_signal_connect_object(page, "notify::needs-attention", G_CALLBACK(on_page_notify), row,
                                0);
        n->syncing = 1;
        gtk_list_box_append(n->list, row);
        n->syncing = 0;
        g_object_unref(page);
    }
    select_shown(n);
}

static void on_pages_changed(GListModel *m, guint pos, guint removed, guint added, gpointer user)
{
    (void)m;
    (void)pos;
    (void)removed;
    (void)added;
    fill(user);
}

static void on_child_changed(GObject *stack, GParamSpec *pspec, gpointer user)
{
    (void)stack;
    (void)pspec;
    select_shown(user);
}

static void on_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    struct desk_nav *n = user;
    if (row == NULL || n->syncing)
        return;
    gtk_stack_set_visible_child_name(n->stack, row_page(row));
}

/* Enter or a click: into the page, on its form's first field. */
static void on_activated(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    struct desk_nav *n = user;
    gtk_stack_set_visible_child_name(n->stack, row_page(row));
    GtkWidget *page = gtk_stack_get_visible_child(n->stack);
    if (page != NULL && !desk_form_focus_first(page))
        gtk_widget_child_focus(page, GTK_DIR_TAB_FORWARD);
    desk_changed(n->d, "nav-activated");
}

static gboolean on_section_key(GtkWidget *w, GVariant *args, gpointer user)
{
    (void)w;
    struct desk_nav *n = user;
    desk_nav_show_section(n, g_variant_get_int32(args));
    return TRUE;
}

struct desk_nav *desk_nav_new(struct desk *d, GtkStack *stack, GtkListBox *list,
                              const char *const *sections, size_t n_sections,
                              const struct desk_nav_row *rows, size_t n_rows)
{
    struct desk_nav *n = g_new0(struct desk_nav, 1);
    n->d = d;
    n->stack = stack;
    n->list = list;
    n->sections = sections;
    n->n_sections = n_sections;
    n->rows = rows;
    n->n_rows = n_rows;
    gtk_widget_set_name(GTK_WIDGET(list), DESK_NAV_NAME);
    gtk_list_box_set_selection_mode(list, GTK_SELECTION_BROWSE);
    gtk_list_box_set_sort_func(list, by_place, n, NULL);
    gtk_list_box_set_header_func(list, header, n, NULL);
    g_signal_connect(list, "row-selected", G_CALLBACK(on_selected), n);
    g_signal_connect(list, "row-activated", G_CALLBACK(on_activated), n);
    n->pages = G_LIST_MODEL(gtk_stack_get_pages(stack));
    n->pages_changed = g_signal_connect(n->pages, "items-changed", G_CALLBACK(on_pages_changed), n);
    n->child_changed =
        g_signal_connect(stack, "notify::visible-child-name", G_CALLBACK(on_child_changed), n);
    /* Ctrl+1 ... Ctrl+9 on the whole window: the sections in turn. */
    GtkEventController *keys = gtk_shortcut_controller_new();
    gtk_shortcut_controller_set_scope(GTK_SHORTCUT_CONTROLLER(keys), GTK_SHORTCUT_SCOPE_GLOBAL);
    for (int i = 0; i < 9; i++) {
        GtkShortcut *s =
            gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_1 + (guint)i, GDK_CONTROL_MASK),
                             gtk_callback_action_new(on_section_key, n, NULL));
        gtk_shortcut_set_arguments(s, g_variant_new_int32(i));
        gtk_shortcut_controller_add_shortcut(GTK_SHORTCUT_CONTROLLER(keys), s);
    }
    gtk_widget_add_controller(GTK_WIDGET(list), keys);
    n->keys = keys;
    fill(n);
    return n;
}

void desk_nav_free(struct desk_nav *n)
{
    if (n == NULL)
        return;
    /* The window (and the list) may outlive n a little: nothing of the list may call n then. */
    g_signal_handler_disconnect(n->pages, n->pages_changed);
    g_signal_handler_disconnect(n->stack, n->child_changed);
    g_signal_handlers_disconnect_by_data(n->list, n);
    gtk_list_box_set_header_func(n->list, NULL, NULL, NULL);
    gtk_list_box_set_sort_func(n->list, NULL, NULL, NULL);
    gtk_widget_remove_controller(GTK_WIDGET(n->list), n->keys);
    g_object_unref(n->pages);
    g_free(n);
}

/* The row of the first page of each shown section, in order. */
static GtkListBoxRow *section_row(const struct desk_nav *n, int i)
{
    int seen = -1, last = -1;
    for (int k = 0;; k++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index(n->list, k);
        if (row == NULL)
            return NULL;
        if (row_section(row) != last) {
            last = row_section(row);
            if (++seen == i)
                return row;
        }
    }
}

int desk_nav_section_count(const struct desk_nav *n)
{
    int count = 0;
    while (section_row(n, count) != NULL)
        count++;
    return count;
}

const char *desk_nav_section_title(const struct desk_nav *n, int i)
{
    GtkListBoxRow *row = section_row(n, i);
    return row != NULL ? section_title(n, row_section(row)) : NULL;
}

int desk_nav_section_of(const struct desk_nav *n, const char *page)
{
    int shown = -1, last = -1;
    for (int k = 0;; k++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index(n->list, k);
        if (row == NULL)
            return -1;
        if (row_section(row) != last) {
            last = row_section(row);
            shown++;
        }
        if (strcmp(row_page(row), page) == 0)
            return shown;
    }
}

const char *desk_nav_unlisted(const struct desk_nav *n)
{
    for (int k = 0;; k++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index(n->list, k);
        if (row == NULL)
            return NULL;
        if ((size_t)row_section(row) >= n->n_sections)
            return row_page(row);
    }
}

int desk_nav_page_count(const struct desk_nav *n)
{
    int k = 0;
    while (gtk_list_box_get_row_at_index(n->list, k) != NULL)
        k++;
    return k;
}

GtkListBoxRow *desk_nav_row(const struct desk_nav *n, const char *page)
{
    for (int k = 0;; k++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index(n->list, k);
        if (row == NULL || strcmp(row_page(row), page) == 0)
            return row;
    }
}

const char *desk_nav_title(const struct desk_nav *n, const char *page)
{
    GtkListBoxRow *row = desk_nav_row(n, page);
    return row != NULL ? gtk_label_get_text(g_object_get_data(G_OBJECT(row), ROW_TITLE)) : NULL;
}

void desk_nav_show_section(struct desk_nav *n, int i)
{
    GtkListBoxRow *row = section_row(n, i);
    if (row == NULL)
        return;
    gtk_list_box_select_row(n->list, row);
    gtk_widget_grab_focus(GTK_WIDGET(row));
}
