/* visit.c -- the visit form (SPEC V5: a household visit, or a township team's visit to a
 * village; date, mode, cadres present, notes, and problems/demands that become follow-up
 * items; VisitCreate with an idempotency key) and the items page: the caller's ledger items
 * not done (LedgerList, overdue first and urgent marked; LedgerItemUpdate, where resolving
 * needs a note; since 0075 a visit's problems are ledger items, docs/ledger.md). Both forms
 * make their request and take the client library's verdict on it (the server's checks and
 * words); that verdict, the few checks of text that is not yet a request, and the server's
 * field errors are all shown at the field. */
#include "desk.h"

#include <string.h>

#include "common/rules/ledger.h"

#define PROBLEMS_MAX 20

struct problem_row {
    GtkWidget *row, *text, *responsible, *deadline, *urgent, *remove, *error;
};

struct desk_visit {
    struct desk *d;
    GtkBox *problems_box;
    GPtrArray *problems; /* struct problem_row * */
    int64_t person;      /* the caller's person id, once known */
    int sending, sent;
    /* items page */
    GtkListBox *items;
    Zhucun__LedgerListReply *list; /* the shown ledger items (a copy), or NULL */
    int64_t selected;              /* the selected item's id, 0 when none */
    int updating;
    GtkWidget *stamp;   /* "offline · updated …" when the items are the cached ones */
    int64_t correcting; /* the refused outbox entry the form holds, 0 when none */
};

static GtkWidget *W(struct desk_visit *v, const char *id)
{
    return GTK_WIDGET(desk_object(v->d, "main", id));
}

static const char *text_of(GtkWidget *w)
{
    return gtk_editable_get_text(GTK_EDITABLE(w));
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

/* Marks w (may be NULL), shows message in label; the first field at fault gets the focus. A
 * widget already marked keeps its first message (text the form could not read is not also
 * reported as the empty value it became). */
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
    if (*first == NULL) {
        *first = w != NULL ? w : label;
        if (w != NULL)
            gtk_widget_grab_focus(w);
    }
}

static void clear_errors(struct desk_visit *v)
{
    clear_error(W(v, "vf_household"), W(v, "vf_target_error"));
    clear_error(W(v, "vf_village"), NULL);
    clear_error(W(v, "vf_date"), W(v, "vf_date_error"));
    clear_error(W(v, "vf_mode"), NULL);
    clear_error(W(v, "vf_cadres"), W(v, "vf_cadres_error"));
    clear_error(W(v, "vf_notes"), W(v, "vf_notes_error"));
    clear_error(NULL, W(v, "vf_problems_error"));
    for (guint i = 0; i < v->problems->len; i++) {
        struct problem_row *p = g_ptr_array_index(v->problems, i);
        clear_error(p->text, p->error);
        clear_error(p->responsible, NULL);
        clear_error(p->deadline, NULL);
    }
}

static void result(struct desk_visit *v, const char *id, const char *text, int error)
{
    GtkWidget *l = W(v, id);
    gtk_label_set_text(GTK_LABEL(l), text);
    if (error)
        gtk_widget_add_css_class(l, "error");
    else
        gtk_widget_remove_css_class(l, "error");
}

/* A field as the library and the server name it: "household_id", "visit_date",
 * "problems[1].deadline", ... */
static void mark_field(struct desk_visit *v, GtkWidget **first, const char *field,
                       const char *message)
{
    const char *f = NULL;
    int i = desk_field_index(field, "problems", &f);
    if (i >= 0 && (guint)i < v->problems->len) {
        struct problem_row *p = g_ptr_array_index(v->problems, i);
        GtkWidget *w = strcmp(f, "responsible_id") == 0 ? p->responsible
                       : strcmp(f, "deadline") == 0     ? p->deadline
                                                        : p->text;
        mark(first, w, p->error, message);
        return;
    }
    if (strcmp(field, "household_id") == 0)
        mark(first, W(v, "vf_household"), W(v, "vf_target_error"), message);
    else if (strcmp(field, "village_code") == 0)
        mark(first, W(v, "vf_village"), W(v, "vf_target_error"), message);
    else if (strcmp(field, "visit_date") == 0)
        mark(first, W(v, "vf_date"), W(v, "vf_date_error"), message);
    else if (strcmp(field, "mode") == 0)
        mark(first, W(v, "vf_mode"), W(v, "vf_date_error"), message);
    else if (strcmp(field, "cadre_ids") == 0)
        mark(first, W(v, "vf_cadres"), W(v, "vf_cadres_error"), message);
    else if (strcmp(field, "notes") == 0)
        mark(first, W(v, "vf_notes"), W(v, "vf_notes_error"), message);
    else
        mark(first, NULL, W(v, "vf_problems_error"), message);
}

/* ---- problem rows ---- */

static void on_remove_problem(GtkButton *b, gpointer user)
{
    struct desk_visit *v = user;
    for (guint i = 0; i < v->problems->len; i++) {
        struct problem_row *p = g_ptr_array_index(v->problems, i);
        if (GTK_WIDGET(b) == p->remove) {
            gtk_box_remove(v->problems_box, p->row);
            g_ptr_array_remove_index(v->problems, i);
            return;
        }
    }
}

/* A visit is of a household or of a village (V4): a household typed, the village the form
 * opened on (the last one used) is taken out. */
static void on_household_typed(GtkEditable *e, gpointer user)
{
    struct desk_visit *v = user;
    if (gtk_editable_get_text(e)[0] != '\0')
        gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_village")), "");
}

static GtkWidget *entry(const char *placeholder, int chars)
{
    GtkWidget *e = gtk_entry_new();
    gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
    gtk_editable_set_width_chars(GTK_EDITABLE(e), chars);
    return e;
}

int desk_visit_add_problem(struct desk_visit *v)
{
    if (v->problems->len >= PROBLEMS_MAX)
        return -1;
    struct problem_row *p = g_new0(struct problem_row, 1);
    p->row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
    GtkWidget *line = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    p->text = entry(_("Problem or demand"), 24);
    gtk_widget_set_hexpand(p->text, TRUE);
    gtk_entry_set_max_length(GTK_ENTRY(p->text), 1000);
    p->responsible = entry(_("Responsible person id"), 12);
    p->deadline = entry(_("Deadline YYYY-MM-DD"), 14);
    gtk_entry_set_max_length(GTK_ENTRY(p->deadline), 10);
    p->urgent = gtk_check_button_new_with_label(_("Urgent"));
    p->remove = gtk_button_new_with_label(_("Remove"));
    p->error = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(p->error), 0);
    gtk_widget_add_css_class(p->error, "error");
    gtk_widget_set_visible(p->error, FALSE);
    if (v->person > 0) {
        char num[32];
        snprintf(num, sizeof(num), "%lld", (long long)v->person);
        gtk_editable_set_text(GTK_EDITABLE(p->responsible), num);
    }
    GtkWidget *parts[] = {p->text, p->responsible, p->deadline, p->urgent, p->remove};
    for (size_t k = 0; k < G_N_ELEMENTS(parts); k++)
        gtk_box_append(GTK_BOX(line), parts[k]);
    gtk_box_append(GTK_BOX(p->row), line);
    gtk_box_append(GTK_BOX(p->row), p->error);
    g_signal_connect(p->remove, "clicked", G_CALLBACK(on_remove_problem), v);
    gtk_box_append(v->problems_box, p->row);
    desk_form_keys_refresh(W(v, "visit_page"));
    g_ptr_array_add(v->problems, p);
    gtk_widget_grab_focus(p->text);
    return (int)v->problems->len - 1;
}

GtkWidget *desk_visit_problem_widget(struct desk_visit *v, int i, const char *id)
{
    if (i < 0 || (guint)i >= v->problems->len)
        return NULL;
    struct problem_row *p = g_ptr_array_index(v->problems, i);
    return strcmp(id, "text") == 0          ? p->text
           : strcmp(id, "responsible") == 0 ? p->responsible
           : strcmp(id, "deadline") == 0    ? p->deadline
           : strcmp(id, "urgent") == 0      ? p->urgent
           : strcmp(id, "error") == 0       ? p->error
                                            : NULL;
}

static void on_add_problem(GtkButton *b, gpointer user)
{
    (void)b;
    desk_visit_add_problem(user);
}

/* ---- the form ---- */

static void set_person_text(struct desk_visit *v)
{
    char num[32];
    if (v->person > 0) {
        snprintf(num, sizeof(num), "%lld", (long long)v->person);
        gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_cadres")), num);
    }
}

static void reset_form(struct desk_visit *v)
{
    while (v->problems->len > 0) {
        struct problem_row *p = g_ptr_array_index(v->problems, v->problems->len - 1);
        gtk_box_remove(v->problems_box, p->row);
        g_ptr_array_remove_index(v->problems, v->problems->len - 1);
    }
    char today[11];
    desk_today(today);
    gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_household")), "");
    gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_village")), "");
    desk_village_fill(v->d, W(v, "vf_village"));
    gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_date")), today);
    gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_notes")), "");
    gtk_drop_down_set_selected(GTK_DROP_DOWN(W(v, "vf_mode")), 0);
    set_person_text(v);
    clear_errors(v);
    v->correcting = 0;
}

void desk_visit_set_person(struct desk_visit *v, int64_t person)
{
    int was = v->person > 0;
    v->person = person;
    if (!was && text_of(W(v, "vf_cadres"))[0] == '\0')
        set_person_text(v);
}

void desk_visit_open(struct desk_visit *v, int64_t household_id, const char *village_code)
{
    reset_form(v);
    result(v, "vf_result", "", 0);
    if (household_id > 0) {
        char num[32];
        snprintf(num, sizeof(num), "%lld", (long long)household_id);
        gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_household")), num);
    } else if (village_code != NULL) {
        gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_village")), village_code);
    }
    gtk_stack_set_visible_child_name(GTK_STACK(W(v, "pages")), "visit");
    desk_form_focus(W(v, "vf_notes"));
    desk_changed(v->d, "visit-open");
}

void desk_visit_correct(struct desk_visit *v, int64_t id, const Zhucun__VisitCreate *vc,
                        const char *field, const char *message)
{
    desk_visit_open(v, vc->household_id, vc->household_id > 0 ? NULL : vc->village_code);
    gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_date")), vc->visit_date);
    gtk_drop_down_set_selected(GTK_DROP_DOWN(W(v, "vf_mode")), strcmp(vc->mode, "phone") == 0);
    GString *ids = g_string_new(NULL);
    for (size_t i = 0; i < vc->n_cadre_ids; i++)
        g_string_append_printf(ids, "%s%lld", i ? "," : "", (long long)vc->cadre_ids[i]);
    gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_cadres")), ids->str);
    g_string_free(ids, TRUE);
    gtk_editable_set_text(GTK_EDITABLE(W(v, "vf_notes")), vc->notes);
    for (size_t i = 0; i < vc->n_problems; i++) {
        const Zhucun__Problem *pr = vc->problems[i];
        int k = desk_visit_add_problem(v);
        if (k < 0)
            break; /* more than the form holds: the library refuses such a body anyway */
        struct problem_row *p = g_ptr_array_index(v->problems, k);
        char num[32];
        snprintf(num, sizeof(num), "%lld", (long long)pr->responsible_id);
        gtk_editable_set_text(GTK_EDITABLE(p->text), pr->text);
        gtk_editable_set_text(GTK_EDITABLE(p->responsible), pr->responsible_id > 0 ? num : "");
        gtk_editable_set_text(GTK_EDITABLE(p->deadline), pr->deadline);
        gtk_check_button_set_active(GTK_CHECK_BUTTON(p->urgent), pr->urgent);
    }
    v->correcting = id;
    GtkWidget *first = NULL;
    if (field[0] != '\0')
        mark_field(v, &first, field, message);
    result(v, "vf_result", message, 1);
    desk_changed(v->d, "visit-correcting");
}

/* The ids in text: positive integers separated by commas or spaces (full-width commas too,
 * and 、), appended to out. Returns 0 when a part is not such a number. */
static int parse_ids(const char *text, GArray *out)
{
    char *s = g_strdup(text);
    char *t;
    while ((t = strstr(s, "，")) != NULL || (t = strstr(s, "、")) != NULL)
        memcpy(t, ",  ", 3);
    int ok = 1;
    char **parts = g_strsplit_set(s, ", ", -1);
    for (char **p = parts; *p != NULL; p++) {
        if ((*p)[0] == '\0')
            continue;
        char *end;
        long long id = g_ascii_strtoll(*p, &end, 10);
        if (*end != '\0' || id < 1)
            ok = 0;
        else
            g_array_append_val(out, id);
    }
    g_strfreev(parts);
    g_free(s);
    return ok;
}

/* An id typed in an entry into *id: 0 when empty (the library says whether one is needed).
 * Returns 0, *id 0, when the text is not a whole number. */
static int parse_id(const char *text, int64_t *id)
{
    char *end;
    *id = g_ascii_strtoll(text, &end, 10);
    if (text[0] != '\0' && *end != '\0') {
        *id = 0;
        return 0;
    }
    return 1;
}

/* The request as the form makes it: checked on the main loop, then sent by the worker. The
 * strings are the job's own copies (g_strdup), mode excepted (a constant). */
struct visit_job {
    Zhucun__VisitCreate vc;
    Zhucun__Problem *problems;  /* vc.n_problems */
    Zhucun__Problem **pointers; /* vc.problems */
    GArray *cadres;             /* int64_t: vc.cadre_ids */
    /* out */
    int64_t visit_id;
    size_t n_items;
    GPtrArray *fields, *messages;
};

static void visit_job_free(void *p)
{
    struct visit_job *j = p;
    g_free(j->vc.village_code);
    g_free(j->vc.visit_date);
    g_free(j->vc.notes);
    g_array_unref(j->cadres);
    for (size_t i = 0; i < j->vc.n_problems; i++) {
        g_free(j->problems[i].text);
        g_free(j->problems[i].deadline);
    }
    g_free(j->problems);
    g_free(j->pointers);
    g_ptr_array_unref(j->fields);
    g_ptr_array_unref(j->messages);
    g_free(j);
}

/* Makes the request from the form into a new job. What the request cannot hold is marked
 * here, the only checks the form makes itself: an id that is not a number has no int64 to
 * become, so the library never sees it (its empty value, 0, is reported by the library
 * instead, and mark keeps the first message of a widget). */
static struct visit_job *visit_job_new(struct desk_visit *v, GtkWidget **first)
{
    struct visit_job *j = g_new0(struct visit_job, 1);
    zhucun__visit_create__init(&j->vc);
    j->cadres = g_array_new(FALSE, TRUE, sizeof(int64_t));
    j->fields = g_ptr_array_new_with_free_func(g_free);
    j->messages = g_ptr_array_new_with_free_func(g_free);
    if (!parse_id(text_of(W(v, "vf_household")), &j->vc.household_id))
        mark(first, W(v, "vf_household"), W(v, "vf_target_error"),
             _("The household id is a number"));
    j->vc.village_code = g_strdup(text_of(W(v, "vf_village")));
    j->vc.visit_date = g_strdup(text_of(W(v, "vf_date")));
    j->vc.mode =
        gtk_drop_down_get_selected(GTK_DROP_DOWN(W(v, "vf_mode"))) == 1 ? "phone" : "in_person";
    if (!parse_ids(text_of(W(v, "vf_cadres")), j->cadres))
        mark(first, W(v, "vf_cadres"), W(v, "vf_cadres_error"),
             _("Enter the person ids of the cadres present (1 to 10), separated by commas"));
    j->vc.cadre_ids = (int64_t *)(void *)j->cadres->data;
    j->vc.n_cadre_ids = j->cadres->len;
    j->vc.notes = g_strdup(text_of(W(v, "vf_notes")));
    j->vc.n_problems = v->problems->len;
    j->problems = g_new0(Zhucun__Problem, v->problems->len + 1);
    j->pointers = g_new0(Zhucun__Problem *, v->problems->len + 1);
    j->vc.problems = j->pointers;
    for (guint i = 0; i < v->problems->len; i++) {
        struct problem_row *p = g_ptr_array_index(v->problems, i);
        Zhucun__Problem *pr = &j->problems[i];
        zhucun__problem__init(pr);
        pr->text = g_strdup(text_of(p->text));
        if (!parse_id(text_of(p->responsible), &pr->responsible_id))
            mark(first, p->responsible, p->error, _("The responsible person's id is a number"));
        pr->deadline = g_strdup(text_of(p->deadline));
        pr->urgent = gtk_check_button_get_active(GTK_CHECK_BUTTON(p->urgent));
        j->pointers[i] = pr;
    }
    return j;
}

static int visit_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct visit_job *j = data;
    Zhucun__Reply *reply = NULL;
    /* Keyed: the one retry after a lost connection cannot log it twice. */
    struct zc_client *c = desk_conn_client(conn, err);
    int rc = c != NULL ? zc_visit_create(c, &j->vc, &reply, err) : -1;
    if (rc == 0) {
        j->visit_id = reply->visit_create->visit_id;
        j->n_items = reply->visit_create->n_item_ids;
    } else {
        desk_field_errors(reply, j->fields, j->messages);
    }
    zc_reply_free(reply);
    return rc;
}

static void visit_done(void *data, const struct zc_error *err, void *user)
{
    struct visit_job *j = data;
    struct desk_visit *v = user;
    v->sending = 0;
    gtk_widget_set_sensitive(W(v, "vf_submit"), TRUE);
    if (desk_outbox_queued(v->d, err, W(v, "vf_result"))) {
        reset_form(v);
        return;
    }
    if (err == NULL) {
        desk_village_used(v->d, j->vc.village_code);
        char *t = j->n_items > 0 ? g_strdup_printf(_("Visit %lld logged; %zu follow-up items"),
                                                   (long long)j->visit_id, j->n_items)
                                 : g_strdup_printf(_("Visit %lld logged"), (long long)j->visit_id);
        reset_form(v);
        result(v, "vf_result", t, 0);
        desk_status(v->d, t, 0);
        g_free(t);
        if (v->d->home != NULL)
            desk_home_refresh(v->d->home);
        desk_items_refresh(v);
        desk_changed(v->d, "visit-saved");
        return;
    }
    GtkWidget *first = NULL;
    clear_errors(v);
    if (j->fields->len > 0) {
        for (guint i = 0; i < j->fields->len; i++)
            mark_field(v, &first, g_ptr_array_index(j->fields, i),
                       g_ptr_array_index(j->messages, i));
    } else if (err->field[0] != '\0') {
        mark_field(v, &first, err->field, err->message);
    }
    result(v, "vf_result", err->message, 1);
    desk_changed(v->d, "visit-refused");
}

struct marking {
    struct desk_visit *v;
    GtkWidget *first; /* the first field at fault, NULL while there is none */
};

static void on_problem(const char *field, const char *message, void *user)
{
    struct marking *m = user;
    mark_field(m->v, &m->first, field, message);
}

int desk_visit_submit(struct desk_visit *v)
{
    if (v->sending)
        return 0;
    struct marking m = {v, NULL};
    clear_errors(v);
    struct visit_job *j = visit_job_new(v, &m.first);
    desk_check(&j->vc.base, on_problem, &m);
    if (m.first != NULL) {
        visit_job_free(j);
        result(v, "vf_result", _("Please correct the fields marked in red"), 1);
        desk_changed(v->d, "visit-invalid");
        return 0;
    }
    if (v->correcting > 0 && v->d->outbox != NULL) {
        /* A refused entry of the outbox, corrected: it keeps its place and is sent again. */
        struct zc_error err = {0};
        int rc = desk_outbox_correct(v->d->outbox, v->correcting, &j->vc.base, &err);
        visit_job_free(j);
        if (rc != 0) {
            GtkWidget *first = NULL;
            if (err.field[0] != '\0')
                mark_field(v, &first, err.field, err.message);
            result(v, "vf_result", err.message, 1);
            desk_changed(v->d, "visit-refused");
            return 0;
        }
        reset_form(v);
        result(v, "vf_result", _("Corrected in the outbox; sending it"), 0);
        desk_changed(v->d, "visit-corrected");
        return 1;
    }
    v->sending = 1;
    v->sent++;
    gtk_widget_set_sensitive(W(v, "vf_submit"), FALSE);
    result(v, "vf_result", _("Sending…"), 0);
    desk_conn_submit(v->d->conn, visit_run, visit_done, j, visit_job_free, v);
    return 1;
}

int desk_visit_sent(struct desk_visit *v)
{
    return v->sent;
}

static void on_submit(GtkButton *b, gpointer user)
{
    (void)b;
    desk_visit_submit(user);
}

static void on_clear(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_visit *v = user;
    reset_form(v);
    result(v, "vf_result", "", 0);
}

/* ---- the follow-up items page ---- */

/* The items page shows the items of the caller's ledgers not done (LedgerList; since 0075 a
 * visit's problems are ledger items, docs/ledger.md), and moves one on (LedgerItemUpdate). */
static const char *const statuses[] = {"open", "in_progress", "done"};

static const char *status_zh(const char *s)
{
    return strcmp(s, "open") == 0          ? _("open")
           : strcmp(s, "in_progress") == 0 ? _("in progress")
           : strcmp(s, "done") == 0        ? _("resolved")
                                           : s;
}

/* An item's area for people: common/rules/ledger.c's words (the language of the records). */
static const char *area_of(const Zhucun__LedgerItem *it)
{
    const char *l = rules_ledger_label(ledger_areas, ledger_n_areas, it->area);
    return l != NULL ? l : it->area;
}

static void on_item_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user);

static void show_selected(struct desk_visit *v)
{
    const Zhucun__LedgerItem *it = NULL;
    for (size_t i = 0; v->list != NULL && i < v->list->n_items; i++)
        if (v->list->items[i]->id == v->selected)
            it = v->list->items[i];
    gtk_widget_set_sensitive(W(v, "it_update"), it != NULL);
    clear_error(W(v, "it_note"), W(v, "it_note_error"));
    if (it == NULL) {
        v->selected = 0;
        gtk_label_set_text(GTK_LABEL(W(v, "it_selected")), _("Select an item to update it."));
        return;
    }
    char *t =
        g_strdup_printf(_("Item %lld: %s (visit of %s; now %s)%s%s"), (long long)it->id, it->text,
                        it->visit_date[0] ? it->visit_date : area_of(it), status_zh(it->status),
                        it->last_note[0] ? _("; last note: ") : "", it->last_note);
    gtk_label_set_text(GTK_LABEL(W(v, "it_selected")), t);
    g_free(t);
}

/* The status choice starts at the selected item's status. */
static void status_of_selected(struct desk_visit *v)
{
    for (size_t i = 0; v->list != NULL && i < v->list->n_items; i++)
        for (guint k = 0; k < G_N_ELEMENTS(statuses); k++)
            if (v->list->items[i]->id == v->selected &&
                strcmp(statuses[k], v->list->items[i]->status) == 0)
                gtk_drop_down_set_selected(GTK_DROP_DOWN(W(v, "it_status")), k);
}

static void items_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_visit *v = user;
    /* Emptying the list is no change of selection: the selected item stays selected. */
    g_signal_handlers_block_by_func(v->items, on_item_selected, v);
    desk_list_clear(v->items);
    g_signal_handlers_unblock_by_func(v->items, on_item_selected, v);
    if (v->list != NULL)
        zhucun__ledger_list_reply__free_unpacked(v->list, NULL);
    v->list = NULL;
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(W(v, "it_count")), err->message);
        show_selected(v);
        desk_changed(v->d, "items-failed");
        return;
    }
    v->list = (Zhucun__LedgerListReply *)desk_message_copy(&reply->ledger_list->base);
    int overdue = 0, urgent = 0;
    for (size_t i = 0; i < v->list->n_items; i++) {
        const Zhucun__LedgerItem *it = v->list->items[i];
        GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
        gtk_widget_add_css_class(box, "queue-row");
        char *title = g_strdup_printf("%s%s%s", it->overdue ? _("Overdue: ") : "",
                                      it->urgent ? _("[urgent] ") : "", it->text);
        GtkWidget *t = gtk_label_new(title);
        gtk_label_set_xalign(GTK_LABEL(t), 0);
        gtk_label_set_wrap(GTK_LABEL(t), TRUE);
        gtk_widget_add_css_class(t, it->overdue ? "error" : "heading");
        gtk_box_append(GTK_BOX(box), t);
        char *detail =
            g_strdup_printf(_("No. %lld · %s · visit of %s · deadline %s · %s · responsible %s"),
                            (long long)it->id, it->head_name[0] ? it->head_name : it->village_name,
                            it->visit_date[0] ? it->visit_date : area_of(it), it->deadline,
                            status_zh(it->status), it->responsible_name);
        GtkWidget *s = gtk_label_new(detail);
        gtk_label_set_xalign(GTK_LABEL(s), 0);
        gtk_label_set_wrap(GTK_LABEL(s), TRUE);
        gtk_widget_add_css_class(s, "dim-label");
        gtk_box_append(GTK_BOX(box), s);
        gtk_list_box_append(v->items, box);
        overdue += it->overdue;
        urgent += it->urgent;
        g_free(title);
        g_free(detail);
    }
    char *c = g_strdup_printf(_("%zu open follow-up items, %d overdue, %d urgent"),
                              v->list->n_items, overdue, urgent);
    gtk_label_set_text(GTK_LABEL(W(v, "it_count")), c);
    g_free(c);
    /* The selection stays on the same item when it is still there. */
    g_signal_handlers_block_by_func(v->items, on_item_selected, v);
    for (size_t i = 0; i < v->list->n_items; i++)
        if (v->list->items[i]->id == v->selected)
            gtk_list_box_select_row(v->items, gtk_list_box_get_row_at_index(v->items, (int)i));
    g_signal_handlers_unblock_by_func(v->items, on_item_selected, v);
    show_selected(v);
    desk_changed(v->d, "items");
}

void desk_items_refresh(struct desk_visit *v)
{
    Zhucun__LedgerList ll = ZHUCUN__LEDGER_LIST__INIT;
    ll.status = "";
    desk_call_cached(v->d, &ll.base, items_done, v, v->stamp);
}

int desk_items_count(struct desk_visit *v)
{
    return v->list != NULL ? (int)v->list->n_items : 0;
}

int64_t desk_items_id(struct desk_visit *v, int i)
{
    return v->list != NULL && i >= 0 && (size_t)i < v->list->n_items ? v->list->items[i]->id : 0;
}

void desk_items_select(struct desk_visit *v, int i)
{
    gtk_list_box_select_row(v->items, gtk_list_box_get_row_at_index(v->items, i));
}

static void on_item_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    struct desk_visit *v = user;
    int64_t id = row != NULL ? desk_items_id(v, gtk_list_box_row_get_index(row)) : 0;
    if (id == v->selected)
        return;
    v->selected = id;
    gtk_editable_set_text(GTK_EDITABLE(W(v, "it_note")), "");
    result(v, "it_result", "", 0);
    show_selected(v);
    status_of_selected(v);
}

static void update_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    (void)reply;
    struct desk_visit *v = user;
    v->updating = 0;
    gtk_widget_set_sensitive(W(v, "it_update"), v->selected != 0);
    if (desk_outbox_queued(v->d, err, W(v, "it_result"))) {
        gtk_editable_set_text(GTK_EDITABLE(W(v, "it_note")), "");
        return;
    }
    if (err != NULL) {
        GtkWidget *first = NULL;
        if (strcmp(err->field, "note") == 0)
            mark(&first, W(v, "it_note"), W(v, "it_note_error"), err->message);
        result(v, "it_result", err->message, 1);
        desk_changed(v->d, "item-refused");
        return;
    }
    gtk_editable_set_text(GTK_EDITABLE(W(v, "it_note")), "");
    result(v, "it_result", _("Item updated"), 0);
    desk_status(v->d, _("Item updated"), 0);
    desk_items_refresh(v);
    if (v->d->home != NULL)
        desk_home_refresh(v->d->home);
    desk_changed(v->d, "item-updated");
}

static void on_item_problem(const char *field, const char *message, void *user)
{
    struct marking *m = user;
    mark(&m->first, strcmp(field, "note") == 0 ? W(m->v, "it_note") : NULL,
         W(m->v, "it_note_error"), message);
}

int desk_items_update(struct desk_visit *v)
{
    if (v->updating || v->selected == 0)
        return 0;
    guint k = gtk_drop_down_get_selected(GTK_DROP_DOWN(W(v, "it_status")));
    const char *status = k < G_N_ELEMENTS(statuses) ? statuses[k] : "open";
    char *note = g_strstrip(g_strdup(text_of(W(v, "it_note"))));
    Zhucun__LedgerItemUpdate fu = ZHUCUN__LEDGER_ITEM_UPDATE__INIT;
    fu.id = v->selected;
    fu.status = (char *)status;
    fu.note = note;
    clear_error(W(v, "it_note"), W(v, "it_note_error"));
    /* The library's verdict (a resolution needs a note, a note's length): the note is the one
     * field a person types here. */
    struct marking m = {v, NULL};
    if (desk_check(&fu.base, on_item_problem, &m) > 0) {
        g_free(note);
        result(v, "it_result", _("Please correct the fields marked in red"), 1);
        desk_changed(v->d, "item-invalid");
        return 0;
    }
    v->updating = 1;
    gtk_widget_set_sensitive(W(v, "it_update"), FALSE);
    result(v, "it_result", _("Sending…"), 0);
    /* Keyed (client/lib): a retry after a lost connection adds no second history row. */
    desk_call(v->d, &fu.base, update_done, v);
    g_free(note);
    return 1;
}

static void on_update(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_items_update(user);
}

static void on_items_refresh(GtkButton *b, gpointer user)
{
    (void)b;
    desk_items_refresh(user);
}

static void problem_row_free(gpointer p)
{
    g_free(p);
}

struct desk_visit *desk_visit_new(struct desk *d)
{
    struct desk_visit *v = g_new0(struct desk_visit, 1);
    v->d = d;
    v->problems = g_ptr_array_new_with_free_func(problem_row_free);
    v->problems_box = GTK_BOX(W(v, "vf_problems"));
    v->items = GTK_LIST_BOX(W(v, "it_list"));
    GtkWidget *empty = gtk_label_new(_("No open follow-up item"));
    gtk_widget_add_css_class(empty, "dim-label");
    gtk_list_box_set_placeholder(v->items, empty);
    g_signal_connect(W(v, "vf_add_problem"), "clicked", G_CALLBACK(on_add_problem), v);
    g_signal_connect(W(v, "vf_submit"), "clicked", G_CALLBACK(on_submit), v);
    g_signal_connect(W(v, "vf_clear"), "clicked", G_CALLBACK(on_clear), v);
    desk_form_keys(W(v, "visit_page"), W(v, "vf_household"), W(v, "vf_submit"));
    g_signal_connect(W(v, "vf_household"), "changed", G_CALLBACK(on_household_typed), v);
    g_signal_connect(v->items, "row-selected", G_CALLBACK(on_item_selected), v);
    v->stamp = desk_cache_stamp_new(W(v, "it_count"));
    g_signal_connect(W(v, "it_refresh"), "clicked", G_CALLBACK(on_items_refresh), v);
    g_signal_connect(W(v, "it_update"), "clicked", G_CALLBACK(on_update), v);
    desk_form_keys(W(v, "items_page"), W(v, "it_note"), W(v, "it_update"));
    reset_form(v);
    show_selected(v);
    return v;
}

void desk_visit_free(struct desk_visit *v)
{
    if (v == NULL)
        return;
    /* The window outlives this: its list must not call back into it while it goes. */
    g_signal_handlers_disconnect_by_data(v->items, v);
    if (v->list != NULL)
        zhucun__ledger_list_reply__free_unpacked(v->list, NULL);
    g_ptr_array_unref(v->problems);
    g_free(v);
}
