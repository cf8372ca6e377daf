/* ledger.c -- the ledger page (docs/ledger.md): an org unit's board as a grid a county clerk
 * reads at a glance (the ten areas as rows; overdue, open, in progress and done as columns,
 * overdue first and red when there are any: LedgerBoard), a click on a count drilling down to
 * its items (LedgerList with the area and status), an item opened with its history
 * (LedgerItemShow), moved on with a note (LedgerItemUpdate), and a new item (LedgerItemCreate).
 * The page is made in code and added to the main window's stack. The board grid is also the
 * cadre's village board on the home page (home.c). */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "common/rules/ledger.h"

/* The board's columns, in the order shown: the status LedgerList takes for each. */
static const char *const board_status[DESK_BOARD_COLUMNS] = {"overdue", "open", "in_progress",
                                                             "done"};

/* ---- the board grid (also home.c's) ---- */

struct desk_board {
    GtkWidget *grid;
    GtkWidget *title;
    GtkWidget *cells[LEDGER_AREAS][DESK_BOARD_COLUMNS];
    uint64_t counts[LEDGER_AREAS][DESK_BOARD_COLUMNS];
    desk_board_cb cb;
    void *user;
};

static void on_cell(GtkButton *b, gpointer user)
{
    struct desk_board *bd = user;
    int a = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), "area"));
    int s = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), "status"));
    if (bd->cb != NULL)
        bd->cb(ledger_areas[a].code, board_status[s], bd->user);
}

static GtkWidget *header(const char *text)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_widget_add_css_class(l, "heading");
    gtk_label_set_xalign(GTK_LABEL(l), 1);
    return l;
}

struct desk_board *desk_board_new(desk_board_cb cb, void *user)
{
    struct desk_board *bd = g_new0(struct desk_board, 1);
    bd->cb = cb;
    bd->user = user;
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    bd->title = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(bd->title), 0);
    gtk_widget_add_css_class(bd->title, "heading");
    gtk_box_append(GTK_BOX(box), bd->title);
    GtkWidget *g = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(g), 12);
    gtk_grid_set_row_spacing(GTK_GRID(g), 2);
    const char *heads[DESK_BOARD_COLUMNS] = {_("Overdue"), _("Open"), _("In progress"), _("Done")};
    GtkWidget *area_head = gtk_label_new(_("Area"));
    gtk_widget_add_css_class(area_head, "heading");
    gtk_label_set_xalign(GTK_LABEL(area_head), 0);
    gtk_grid_attach(GTK_GRID(g), area_head, 0, 0, 1, 1);
    for (int s = 0; s < DESK_BOARD_COLUMNS; s++)
        gtk_grid_attach(GTK_GRID(g), header(heads[s]), s + 1, 0, 1, 1);
    for (size_t a = 0; a < ledger_n_areas && a < LEDGER_AREAS; a++) {
        /* the areas' names are the policy's words (common/rules/ledger.c) */
        GtkWidget *name = gtk_label_new(ledger_areas[a].label);
        gtk_label_set_xalign(GTK_LABEL(name), 0);
        gtk_grid_attach(GTK_GRID(g), name, 0, (int)a + 1, 1, 1);
        for (int s = 0; s < DESK_BOARD_COLUMNS; s++) {
            GtkWidget *b = gtk_button_new_with_label("–");
            gtk_widget_add_css_class(b, "flat");
            gtk_widget_set_halign(b, GTK_ALIGN_END);
            g_object_set_data(G_OBJECT(b), "area", GINT_TO_POINTER((int)a));
            g_object_set_data(G_OBJECT(b), "status", GINT_TO_POINTER(s));
            g_signal_connect(b, "clicked", G_CALLBACK(on_cell), bd);
            gtk_widget_set_sensitive(b, FALSE);
            gtk_grid_attach(GTK_GRID(g), b, s + 1, (int)a + 1, 1, 1);
            bd->cells[a][s] = b;
        }
    }
    gtk_box_append(GTK_BOX(box), g);
    bd->grid = box;
    return bd;
}

void desk_board_free(struct desk_board *bd)
{
    g_free(bd);
}

GtkWidget *desk_board_widget(struct desk_board *bd)
{
    return bd->grid;
}

void desk_board_fill(struct desk_board *bd, const Zhucun__LedgerBoardReply *r)
{
    char *t = g_strdup_printf(_("%s: ledger board as of %s"), r->org_name, r->as_of);
    gtk_label_set_text(GTK_LABEL(bd->title), t);
    g_free(t);
    for (size_t i = 0; i < r->n_rows; i++) {
        size_t a = 0;
        while (a < ledger_n_areas && strcmp(ledger_areas[a].code, r->rows[i]->area) != 0)
            a++;
        if (a >= ledger_n_areas || a >= LEDGER_AREAS)
            continue;
        const uint64_t n[DESK_BOARD_COLUMNS] = {r->rows[i]->overdue, r->rows[i]->open,
                                                r->rows[i]->in_progress, r->rows[i]->done};
        for (int s = 0; s < DESK_BOARD_COLUMNS; s++) {
            GtkWidget *b = bd->cells[a][s];
            char num[24];
            snprintf(num, sizeof(num), "%llu", (unsigned long long)n[s]);
            gtk_button_set_label(GTK_BUTTON(b), num);
            gtk_widget_set_sensitive(b, n[s] > 0);
            /* overdue in red when there are any: what the clerk looks for first */
            if (s == 0 && n[s] > 0)
                gtk_widget_add_css_class(b, "board-overdue");
            else
                gtk_widget_remove_css_class(b, "board-overdue");
            bd->counts[a][s] = n[s];
        }
    }
}

uint64_t desk_board_count(struct desk_board *bd, int area, int column)
{
    return area >= 0 && area < LEDGER_AREAS && column >= 0 && column < DESK_BOARD_COLUMNS
               ? bd->counts[area][column]
               : 0;
}

void desk_board_click(struct desk_board *bd, int area, int column)
{
    if (area >= 0 && area < LEDGER_AREAS && column >= 0 && column < DESK_BOARD_COLUMNS)
        on_cell(GTK_BUTTON(bd->cells[area][column]), bd);
}

/* ---- the page ---- */

static const char *const update_status[] = {"", "open", "in_progress", "done"};

struct desk_ledger {
    struct desk *d;
    GtkWidget *page;
    struct desk_board *board;
    GtkEntry *org;
    GtkListBox *list;
    GtkLabel *count, *detail, *result;
    GtkWidget *attach; /* the chosen item's evidence files (attach.c) */
    GtkDropDown *status;
    GtkEntry *note;
    /* the new item's form */
    GtkEntry *f_village, *f_text, *f_responsible, *f_deadline;
    GtkDropDown *f_area, *f_list;
    Zhucun__LedgerListReply *items; /* the items shown (a copy), or NULL */
    int64_t selected;
    char *org_code; /* of the board shown */
    int busy;
};

static char *entry_text(GtkEntry *e)
{
    return g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(e))));
}

static void board_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_ledger *l = user;
    if (err != NULL) {
        desk_status(l->d, err->message, 1);
        desk_changed(l->d, "ledger-failed");
        return;
    }
    desk_board_fill(l->board, reply->ledger_board);
    g_free(l->org_code);
    l->org_code = g_strdup(reply->ledger_board->org_code);
    desk_changed(l->d, "ledger-board");
}

void desk_ledger_refresh(struct desk_ledger *l)
{
    char *org = entry_text(l->org);
    Zhucun__LedgerBoard lb = ZHUCUN__LEDGER_BOARD__INIT;
    lb.org_code = org;
    desk_call(l->d, &lb.base, board_done, l);
    g_free(org);
}

static const char *area_label(const char *code)
{
    const char *s = rules_ledger_label(ledger_areas, ledger_n_areas, code);
    return s != NULL ? s : code;
}

static const char *status_label(const Zhucun__LedgerItem *it)
{
    return it->overdue                              ? _("overdue")
           : strcmp(it->status, "open") == 0        ? _("open")
           : strcmp(it->status, "in_progress") == 0 ? _("in progress")
           : strcmp(it->status, "done") == 0        ? _("done")
                                                    : it->status;
}

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_ledger *l = user;
    l->busy = 0;
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(l->list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(l->list, 0))
        gtk_list_box_remove(l->list, GTK_WIDGET(row));
    if (l->items != NULL)
        zhucun__ledger_list_reply__free_unpacked(l->items, NULL);
    l->items = NULL;
    if (err != NULL) {
        gtk_label_set_text(l->count, err->message);
        desk_changed(l->d, "ledger-failed");
        return;
    }
    l->items = (Zhucun__LedgerListReply *)desk_message_copy(&reply->ledger_list->base);
    for (size_t i = 0; i < l->items->n_items; i++) {
        const Zhucun__LedgerItem *it = l->items->items[i];
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class(box, "queue-row");
        char *title = g_strdup_printf("%s%s", it->urgent ? _("[urgent] ") : "", it->text);
        GtkWidget *t = gtk_label_new(title);
        g_free(title);
        gtk_label_set_xalign(GTK_LABEL(t), 0);
        gtk_label_set_wrap(GTK_LABEL(t), TRUE);
        gtk_widget_add_css_class(t, it->overdue ? "error" : "heading");
        char *line = g_strdup_printf(_("No. %lld · %s · %s · deadline %s · %s · responsible %s"),
                                     (long long)it->id, it->village_name, area_label(it->area),
                                     it->deadline, status_label(it), it->responsible_name);
        GtkWidget *s = gtk_label_new(line);
        g_free(line);
        gtk_label_set_xalign(GTK_LABEL(s), 0);
        gtk_label_set_wrap(GTK_LABEL(s), TRUE);
        gtk_widget_add_css_class(s, "dim-label");
        gtk_box_append(GTK_BOX(box), t);
        gtk_box_append(GTK_BOX(box), s);
        gtk_list_box_append(l->list, box);
    }
    char *c = l->items->truncated
                  ? g_strdup_printf(_("%zu items shown (more in the CLI: zhucun ledger list)"),
                                    l->items->n_items)
                  : g_strdup_printf(_("%zu items"), l->items->n_items);
    gtk_label_set_text(l->count, c);
    g_free(c);
    desk_changed(l->d, "ledger-items");
}

void desk_ledger_drill(struct desk_ledger *l, const char *org, const char *area, const char *status)
{
    Zhucun__LedgerList ll = ZHUCUN__LEDGER_LIST__INIT;
    ll.org_code = (char *)(org != NULL ? org : "");
    ll.area = (char *)area;
    ll.status = (char *)status;
    ll.limit = 500;
    l->busy = 1;
    desk_call(l->d, &ll.base, list_done, l);
}

static void on_board_cell(const char *area, const char *status, void *user)
{
    struct desk_ledger *l = user;
    desk_ledger_drill(l, l->org_code, area, status);
}

static void show_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_ledger *l = user;
    if (err != NULL) {
        gtk_label_set_text(l->detail, err->message);
        desk_changed(l->d, "ledger-failed");
        return;
    }
    const Zhucun__LedgerItemShowReply *s = reply->ledger_item_show;
    const Zhucun__LedgerItem *it = s->item;
    GString *t = g_string_new("");
    g_string_append_printf(t, _("Item %lld: %s\n%s · %s · %s · deadline %s · %s · responsible %s"),
                           (long long)it->id, it->text, it->village_name, area_label(it->area),
                           rules_ledger_label(ledger_lists, ledger_n_lists, it->list), it->deadline,
                           status_label(it), it->responsible_name);
    if (it->visit_id > 0)
        g_string_append_printf(t, _("\nFrom the visit of %s"), it->visit_date);
    g_string_append(t, _("\nProgress:"));
    if (s->n_history == 0)
        g_string_append(t, _(" none yet"));
    for (size_t i = 0; i < s->n_history; i++)
        g_string_append_printf(t, "\n  %.10s %s %s %s", s->history[i]->at, s->history[i]->by_name,
                               s->history[i]->status, s->history[i]->note);
    if (s->n_evidence > 0)
        g_string_append_printf(t, _("\n%zu evidence files"), s->n_evidence);
    gtk_label_set_text(l->detail, t->str);
    g_string_free(t, TRUE);
    desk_attach_strip_set_record(l->attach, it->id);
    desk_changed(l->d, "ledger-shown");
}

static void on_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    struct desk_ledger *l = user;
    int i = row != NULL ? gtk_list_box_row_get_index(row) : -1;
    if (l->items == NULL || i < 0 || (size_t)i >= l->items->n_items)
        return;
    l->selected = l->items->items[i]->id;
    Zhucun__LedgerItemShow ls = ZHUCUN__LEDGER_ITEM_SHOW__INIT;
    ls.id = l->selected;
    desk_call(l->d, &ls.base, show_done, l);
}

static void write_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_ledger *l = user;
    if (err != NULL) {
        char *m = err->field[0] ? g_strdup_printf("%s (%s)", err->message, err->field)
                                : g_strdup(err->message);
        gtk_label_set_text(l->result, m);
        gtk_widget_add_css_class(GTK_WIDGET(l->result), "error");
        g_free(m);
        desk_changed(l->d, "ledger-refused");
        return;
    }
    gtk_widget_remove_css_class(GTK_WIDGET(l->result), "error");
    if (reply != NULL && reply->body_case == ZHUCUN__REPLY__BODY_LEDGER_ITEM_CREATE) {
        char *m =
            g_strdup_printf(_("Item %lld recorded"), (long long)reply->ledger_item_create->id);
        gtk_label_set_text(l->result, m);
        g_free(m);
        desk_village_used(l->d, gtk_editable_get_text(GTK_EDITABLE(l->f_village)));
        gtk_editable_set_text(GTK_EDITABLE(l->f_text), "");
    } else {
        gtk_label_set_text(l->result, _("Item updated"));
        gtk_editable_set_text(GTK_EDITABLE(l->note), "");
        /* the item's history with the new row */
        Zhucun__LedgerItemShow ls = ZHUCUN__LEDGER_ITEM_SHOW__INIT;
        ls.id = l->selected;
        desk_call(l->d, &ls.base, show_done, l);
    }
    desk_ledger_refresh(l);
    if (l->d->home != NULL)
        desk_home_refresh(l->d->home);
    desk_changed(l->d, "ledger-written");
}

/* A problem the library finds with a form's body, shown in the result line (the first). */
static void on_problem(const char *field, const char *message, void *user)
{
    struct desk_ledger *l = user;
    if (gtk_widget_has_css_class(GTK_WIDGET(l->result), "error"))
        return;
    char *m = g_strdup_printf("%s (%s)", message, field);
    gtk_label_set_text(l->result, m);
    gtk_widget_add_css_class(GTK_WIDGET(l->result), "error");
    g_free(m);
}

/* The library's verdict first (the server's checks and words), then the call. */
static int send_checked(struct desk_ledger *l, const ProtobufCMessage *body)
{
    gtk_widget_remove_css_class(GTK_WIDGET(l->result), "error");
    if (desk_check(body, on_problem, l) > 0) {
        desk_changed(l->d, "ledger-invalid");
        return 0;
    }
    gtk_label_set_text(l->result, _("Sending…"));
    desk_call(l->d, body, write_done, l);
    return 1;
}

int desk_ledger_update(struct desk_ledger *l)
{
    if (l->selected == 0)
        return 0;
    guint k = gtk_drop_down_get_selected(l->status);
    char *note = entry_text(l->note);
    Zhucun__LedgerItemUpdate lu = ZHUCUN__LEDGER_ITEM_UPDATE__INIT;
    lu.id = l->selected;
    lu.status = (char *)(k < G_N_ELEMENTS(update_status) ? update_status[k] : "");
    lu.note = note;
    int sent = send_checked(l, &lu.base);
    g_free(note);
    return sent;
}

int desk_ledger_create(struct desk_ledger *l)
{
    char *village = entry_text(l->f_village), *text = entry_text(l->f_text),
         *resp = entry_text(l->f_responsible), *deadline = entry_text(l->f_deadline);
    guint a = gtk_drop_down_get_selected(l->f_area), li = gtk_drop_down_get_selected(l->f_list);
    Zhucun__LedgerItemCreate lc = ZHUCUN__LEDGER_ITEM_CREATE__INIT;
    lc.village_code = village;
    lc.area = (char *)(a < ledger_n_areas ? ledger_areas[a].code : "");
    lc.list = (char *)(li < ledger_n_lists ? ledger_lists[li].code : "");
    lc.text = text;
    lc.responsible_id = strtoll(resp, NULL, 10);
    lc.deadline = deadline;
    int sent = send_checked(l, &lc.base);
    g_free(village);
    g_free(text);
    g_free(resp);
    g_free(deadline);
    return sent;
}

static void on_show(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_ledger_refresh(user);
}

static void on_update(GtkButton *b, gpointer user)
{
    (void)b;
    desk_ledger_update(user);
}

static void on_create(GtkButton *b, gpointer user)
{
    (void)b;
    desk_ledger_create(user);
}

static GtkEntry *entry(GtkWidget *grid, int row, const char *label, const char *placeholder)
{
    GtkWidget *l = gtk_label_new(label);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
    gtk_widget_set_hexpand(e, TRUE);
    gtk_grid_attach(GTK_GRID(grid), l, 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), e, 1, row, 1, 1);
    return GTK_ENTRY(e);
}

static GtkDropDown *choice(GtkWidget *grid, int row, const char *label,
                           const struct ledger_code *codes, size_t n)
{
    const char **names = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        names[i] = codes[i].label;
    GtkWidget *dd = gtk_drop_down_new_from_strings(names);
    g_free(names);
    GtkWidget *l = gtk_label_new(label);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_grid_attach(GTK_GRID(grid), l, 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), dd, 1, row, 1, 1);
    return GTK_DROP_DOWN(dd);
}

struct desk_ledger *desk_ledger_new(struct desk *d, GtkStack *stack, int writer)
{
    struct desk_ledger *l = g_new0(struct desk_ledger, 1);
    l->d = d;
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *org = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(org), _("Org code (empty: your own unit)"));
    l->org = GTK_ENTRY(org);
    g_signal_connect(org, "activate", G_CALLBACK(on_show), l);
    GtkWidget *show = gtk_button_new_with_label(_("Show board"));
    g_signal_connect(show, "clicked", G_CALLBACK(on_show), l);
    gtk_box_append(GTK_BOX(bar), org);
    gtk_box_append(GTK_BOX(bar), show);
    gtk_box_append(GTK_BOX(page), bar);
    l->board = desk_board_new(on_board_cell, l);
    gtk_box_append(GTK_BOX(page), desk_board_widget(l->board));

    GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
    gtk_widget_set_vexpand(paned, TRUE);
    GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    GtkWidget *count = gtk_label_new(_("Click a count to list its items."));
    gtk_label_set_xalign(GTK_LABEL(count), 0);
    l->count = GTK_LABEL(count);
    GtkWidget *list = gtk_list_box_new();
    l->list = GTK_LIST_BOX(list);
    g_signal_connect(list, "row-selected", G_CALLBACK(on_selected), l);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list);
    gtk_widget_set_vexpand(scroll, TRUE);
    gtk_box_append(GTK_BOX(left), count);
    gtk_box_append(GTK_BOX(left), scroll);
    gtk_widget_set_size_request(left, 380, -1);

    GtkWidget *right = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    GtkWidget *detail = gtk_label_new(_("Choose an item to see its history."));
    gtk_label_set_xalign(GTK_LABEL(detail), 0);
    gtk_label_set_wrap(GTK_LABEL(detail), TRUE);
    gtk_label_set_selectable(GTK_LABEL(detail), TRUE);
    l->detail = GTK_LABEL(detail);
    gtk_box_append(GTK_BOX(right), detail);
    l->attach = desk_attach_strip_new(d, "ledger_item", 0);
    gtk_box_append(GTK_BOX(right), l->attach);
    GtkWidget *result = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(result), 0);
    gtk_label_set_wrap(GTK_LABEL(result), TRUE);
    l->result = GTK_LABEL(result);
    if (writer) {
        GtkWidget *up = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
        const char *st[] = {_("Keep status"), _("Open"), _("In progress"), _("Done"), NULL};
        l->status = GTK_DROP_DOWN(gtk_drop_down_new_from_strings(st));
        GtkWidget *note = gtk_entry_new();
        gtk_entry_set_placeholder_text(GTK_ENTRY(note), _("Progress note (required when done)"));
        gtk_widget_set_hexpand(note, TRUE);
        l->note = GTK_ENTRY(note);
        GtkWidget *ub = gtk_button_new_with_label(_("Update item"));
        g_signal_connect(ub, "clicked", G_CALLBACK(on_update), l);
        desk_form_keys(up, note, ub);
        gtk_box_append(GTK_BOX(up), GTK_WIDGET(l->status));
        gtk_box_append(GTK_BOX(up), note);
        gtk_box_append(GTK_BOX(up), ub);
        gtk_box_append(GTK_BOX(right), up);

        GtkWidget *form_title = gtk_label_new(_("New item"));
        gtk_widget_add_css_class(form_title, "heading");
        gtk_label_set_xalign(GTK_LABEL(form_title), 0);
        gtk_box_append(GTK_BOX(right), form_title);
        GtkWidget *form = gtk_grid_new();
        gtk_grid_set_column_spacing(GTK_GRID(form), 8);
        gtk_grid_set_row_spacing(GTK_GRID(form), 4);
        l->f_village = entry(form, 0, _("Village"), _("12-digit village code"));
        l->f_area = choice(form, 1, _("Area"), ledger_areas, ledger_n_areas);
        l->f_list = choice(form, 2, _("List"), ledger_lists, ledger_n_lists);
        l->f_text = entry(form, 3, _("Item"), _("What is to be done"));
        l->f_responsible = entry(form, 4, _("Responsible"), _("Person number"));
        l->f_deadline = entry(form, 5, _("Deadline"), _("YYYY-MM-DD"));
        gtk_box_append(GTK_BOX(right), form);
        GtkWidget *cb = gtk_button_new_with_label(_("Add item"));
        gtk_widget_set_halign(cb, GTK_ALIGN_START);
        gtk_widget_add_css_class(cb, "suggested-action");
        g_signal_connect(cb, "clicked", G_CALLBACK(on_create), l);
        desk_form_keys(form, GTK_WIDGET(l->f_village), cb);
        desk_village_fill(d, GTK_WIDGET(l->f_village));
        gtk_box_append(GTK_BOX(right), cb);
    }
    gtk_box_append(GTK_BOX(right), result);
    GtkWidget *rs = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(rs), right);
    gtk_widget_set_hexpand(rs, TRUE);
    gtk_paned_set_start_child(GTK_PANED(paned), left);
    gtk_paned_set_end_child(GTK_PANED(paned), rs);
    gtk_paned_set_resize_start_child(GTK_PANED(paned), FALSE);
    gtk_paned_set_position(GTK_PANED(paned), 440);
    gtk_box_append(GTK_BOX(page), paned);
    l->page = page;
    gtk_stack_add_titled(stack, page, "ledger", _("Ledger"));
    return l;
}

void desk_ledger_free(struct desk_ledger *l)
{
    if (l == NULL)
        return;
    /* the window goes after the screens: its list empties itself then, selecting nothing */
    g_signal_handlers_disconnect_by_data(l->list, l);
    if (l->items != NULL)
        zhucun__ledger_list_reply__free_unpacked(l->items, NULL);
    desk_board_free(l->board);
    g_free(l->org_code);
    g_free(l);
}

struct desk_board *desk_ledger_board(struct desk_ledger *l)
{
    return l->board;
}

int desk_ledger_item_count(struct desk_ledger *l)
{
    return l->items != NULL ? (int)l->items->n_items : -1;
}

int desk_ledger_select(struct desk_ledger *l, int i)
{
    GtkListBoxRow *row = gtk_list_box_get_row_at_index(l->list, i);
    if (row == NULL)
        return -1;
    gtk_list_box_select_row(l->list, row);
    return 0;
}

GtkWidget *desk_ledger_attach(struct desk_ledger *l)
{
    return l->attach;
}

const char *desk_ledger_detail(struct desk_ledger *l)
{
    return gtk_label_get_text(l->detail);
}

const char *desk_ledger_result(struct desk_ledger *l)
{
    return gtk_label_get_text(l->result);
}

void desk_ledger_form(struct desk_ledger *l, const char *village, int area, int list,
                      const char *text, const char *responsible, const char *deadline)
{
    gtk_editable_set_text(GTK_EDITABLE(l->f_village), village);
    gtk_drop_down_set_selected(l->f_area, (guint)area);
    gtk_drop_down_set_selected(l->f_list, (guint)list);
    gtk_editable_set_text(GTK_EDITABLE(l->f_text), text);
    gtk_editable_set_text(GTK_EDITABLE(l->f_responsible), responsible);
    gtk_editable_set_text(GTK_EDITABLE(l->f_deadline), deadline);
}

void desk_ledger_progress(struct desk_ledger *l, int status, const char *note)
{
    gtk_drop_down_set_selected(l->status, (guint)status);
    gtk_editable_set_text(GTK_EDITABLE(l->note), note);
}
