/* tasks.c -- the tasks page (任务督办, docs/tasks.md), made in code and added to the main window's
 * stack as "tasks". An office (and the township, the county captain, the inspector) sees the
 * tasks sent in its area with their counts (TaskSent); a task clicked opens its board
 * (TaskBoard: by unit one level down, by team below a township, overdue first), a unit's row
 * clicked drills down to it, "Up" goes back to the task's top. A team's cadres see their tasks,
 * overdue first (TaskList); a task clicked is the one the report form reports on (TaskReport:
 * in progress or done, with a note), checked by the client library before it is sent. The
 * shown board exports to xlsx as `zhucun task board --xlsx` writes it (report_xlsx.c). */
#include "desk.h"

#include <stdlib.h>
#include <string.h>

#include "report_xlsx.h"

typedef char org_code_buf[13];

struct desk_tasks {
    struct desk *d;
    struct desk_form f;
    int team, office;
    /* the sent tasks and the board's rows as listed, for a click */
    int64_t *sent_ids;
    size_t n_sent;
    org_code_buf *codes;
    int64_t *team_ids;
    size_t n_board;
    int64_t task;                  /* the board's task, 0 before one is opened */
    Zhucun__TaskBoardReply *board; /* the shown board (a copy), for the export; NULL before */
    int64_t *inst_ids;             /* the team's instances as listed */
    size_t n_inst;
    int64_t picked; /* the instance the report form is on */
};

#define W(p, name)    desk_form_widget(&(p)->f, (name))
#define LIST(p, name) GTK_LIST_BOX(W(p, name))

static const char *stage(const char *status, int overdue)
{
    return overdue                              ? _("overdue")
           : strcmp(status, "done") == 0        ? _("done")
           : strcmp(status, "in_progress") == 0 ? _("in progress")
                                                : _("not begun");
}

static char *counts_text(const Zhucun__TaskCounts *k)
{
    return g_strdup_printf(_("%u teams: %u overdue, %u in progress, %u not begun, %u done"),
                           k->total, k->overdue, k->in_progress, k->not_begun, k->done);
}

static void failed(struct desk_tasks *p, const struct zc_error *err)
{
    desk_status(p->d, err->message, 1);
    desk_changed(p->d, "tasks-failed");
}

/* ---- the office's tasks and their boards ---- */

static void sent_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_tasks *p = user;
    if (err != NULL) {
        failed(p, err);
        return;
    }
    const Zhucun__TaskSentReply *l = reply->task_sent;
    desk_list_clear(LIST(p, "tsk_sent"));
    p->sent_ids = g_renew(int64_t, p->sent_ids, l->n_tasks + 1);
    p->n_sent = l->n_tasks;
    for (size_t i = 0; i < l->n_tasks; i++) {
        const Zhucun__SentTask *t = l->tasks[i];
        char *k = counts_text(t->counts);
        char *line =
            g_strdup_printf(_("#%lld  %s  due %s  %s"), (long long)t->id, t->title, t->due_on, k);
        desk_list_line(LIST(p, "tsk_sent"), line, t->counts->overdue > 0);
        g_free(line);
        g_free(k);
        p->sent_ids[i] = t->id;
    }
    desk_changed(p->d, "tasks-sent");
}

static void board_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_tasks *p = user;
    if (err != NULL) {
        failed(p, err);
        return;
    }
    if (p->board != NULL)
        zhucun__task_board_reply__free_unpacked(p->board, NULL);
    /* a copy that outlives the reply, for the export */
    p->board = (Zhucun__TaskBoardReply *)desk_message_copy(&reply->task_board->base);
    gtk_widget_set_sensitive(W(p, "tsk_export"), p->board != NULL);
    const Zhucun__TaskBoardReply *b = reply->task_board;
    desk_list_clear(LIST(p, "tsk_board"));
    p->codes = g_renew(org_code_buf, p->codes, b->n_rows + 1);
    p->team_ids = g_renew(int64_t, p->team_ids, b->n_rows + 1);
    p->n_board = b->n_rows;
    for (size_t i = 0; i < b->n_rows; i++) {
        const Zhucun__TaskBoardRow *r = b->rows[i];
        char *k = counts_text(r->counts);
        char *line = r->team_id > 0 ? g_strdup_printf(_("team %s (%s)  %s"), r->name, r->code, k)
                                    : g_strdup_printf("%s %s  %s", r->name, r->code, k);
        desk_list_line(LIST(p, "tsk_board"), line, r->counts->overdue > 0);
        g_free(line);
        g_free(k);
        g_strlcpy(p->codes[i], r->code, sizeof(p->codes[i]));
        p->team_ids[i] = r->team_id;
    }
    char *k = counts_text(b->counts);
    char *t = g_strdup_printf(_("“%s” (due %s) below %s: %s"), b->title, b->due_on, b->org_code, k);
    gtk_label_set_text(GTK_LABEL(W(p, "tsk_board_summary")), t);
    g_free(t);
    g_free(k);
    desk_changed(p->d, "tasks-board");
}

int desk_tasks_export(struct desk_tasks *p, const char *path)
{
    return p->board != NULL && report_task_board_xlsx(path, p->board) == 0 ? 0 : -1;
}

static int export_cb(void *obj, const char *path)
{
    return desk_tasks_export(obj, path);
}

static void on_export(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_tasks *p = user;
    if (p->board == NULL)
        return;
    char *name = g_strdup_printf("督办-%lld-%s.xlsx", (long long)p->task, p->board->org_code);
    desk_export_dialog(p->d, name, export_cb, p);
    g_free(name);
}

static void open_board(struct desk_tasks *p, const char *code)
{
    Zhucun__TaskBoard b = ZHUCUN__TASK_BOARD__INIT;
    b.task_id = p->task;
    b.org_code = (char *)code;
    desk_call(p->d, &b.base, board_done, p);
}

static void on_sent_activated(GtkListBox *l, GtkListBoxRow *row, gpointer user)
{
    (void)l;
    struct desk_tasks *p = user;
    int i = gtk_list_box_row_get_index(row);
    if (i < 0 || (size_t)i >= p->n_sent)
        return;
    p->task = p->sent_ids[i];
    open_board(p, "");
}

/* A unit's row opens the board below it; a team's row is the bottom. */
static void on_board_activated(GtkListBox *l, GtkListBoxRow *row, gpointer user)
{
    (void)l;
    struct desk_tasks *p = user;
    int i = gtk_list_box_row_get_index(row);
    if (i < 0 || (size_t)i >= p->n_board || p->team_ids[i] > 0)
        return;
    open_board(p, p->codes[i]);
}

static void on_up(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_tasks *p = user;
    if (p->task > 0)
        open_board(p, "");
}

/* ---- the team's tasks and the report ---- */

static void list_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_tasks *p = user;
    if (err != NULL) {
        failed(p, err);
        return;
    }
    const Zhucun__TaskListReply *l = reply->task_list;
    desk_list_clear(LIST(p, "tsk_mine"));
    p->inst_ids = g_renew(int64_t, p->inst_ids, l->n_instances + 1);
    p->n_inst = l->n_instances;
    for (size_t i = 0; i < l->n_instances; i++) {
        const Zhucun__TaskInstance *t = l->instances[i];
        char *line = g_strdup_printf(_("#%lld  %s  due %s  %s  (%u reports)"), (long long)t->id,
                                     t->title, t->due_on, stage(t->status, t->overdue), t->reports);
        desk_list_line(LIST(p, "tsk_mine"), line, t->overdue);
        g_free(line);
        p->inst_ids[i] = t->id;
    }
    char *t = g_strdup_printf(_("%zu tasks received"), l->n_instances);
    gtk_label_set_text(GTK_LABEL(W(p, "tsk_mine_summary")), t);
    g_free(t);
    desk_changed(p->d, "tasks-list");
}

static void on_mine_activated(GtkListBox *l, GtkListBoxRow *row, gpointer user)
{
    (void)l;
    struct desk_tasks *p = user;
    int i = gtk_list_box_row_get_index(row);
    if (i < 0 || (size_t)i >= p->n_inst)
        return;
    p->picked = p->inst_ids[i];
    char *t = g_strdup_printf(_("Reporting on task #%lld"), (long long)p->picked);
    gtk_label_set_text(GTK_LABEL(W(p, "tsk_picked")), t);
    g_free(t);
}

void desk_tasks_refresh(struct desk_tasks *p)
{
    if (p->office) {
        Zhucun__TaskSent s = ZHUCUN__TASK_SENT__INIT;
        desk_call(p->d, &s.base, sent_done, p);
        if (p->task > 0)
            open_board(p, "");
    }
    if (p->team) {
        Zhucun__TaskList l = ZHUCUN__TASK_LIST__INIT;
        desk_call(p->d, &l.base, list_done, p);
    }
}

static const char *const report_fields[] = {"note",     "tsk_note",    "status",
                                            "tsk_note", "instance_id", "tsk_note",
                                            "evidence", "tsk_note",    NULL};

static void report_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_tasks *p = user;
    if (desk_form_answered(&p->f, p->d, err, "tasks-report-failed") != 0)
        return;
    desk_form_say(&p->f,
                  g_strdup_printf(_("Reported: report #%lld"), (long long)reply->task_report->id));
    desk_changed(p->d, "tasks-report");
    desk_tasks_refresh(p);
}

static void report(struct desk_tasks *p, const char *status)
{
    Zhucun__TaskReport r = ZHUCUN__TASK_REPORT__INIT;
    r.instance_id = p->picked;
    r.status = (char *)status;
    r.note = (char *)desk_form_text(&p->f, "tsk_note");
    desk_form_send(&p->f, p->d, &r.base, report_done, p, "tasks-report-refused");
}

static void on_progress(GtkButton *b, gpointer user)
{
    (void)b;
    report(user, "in_progress");
}

static void on_done(GtkButton *b, gpointer user)
{
    (void)b;
    report(user, "done");
}

struct desk_tasks *desk_tasks_new(struct desk *d, GtkStack *stack)
{
    int team = 0, office = 0;
    for (guint i = 0; d->grant_roles != NULL && i < d->grant_roles->len; i++) {
        const char *role = g_ptr_array_index(d->grant_roles, i);
        team |= strcmp(role, "team_captain") == 0 || strcmp(role, "cadre") == 0;
        office |= strcmp(role, "province_office") == 0 || strcmp(role, "city_office") == 0 ||
                  strcmp(role, "county_office") == 0 || strcmp(role, "township") == 0 ||
                  strcmp(role, "county_captain") == 0 || strcmp(role, "inspector") == 0;
    }
    if (!team && !office)
        return NULL;
    struct desk_tasks *p = g_new0(struct desk_tasks, 1);
    p->d = d;
    p->team = team;
    p->office = office;
    desk_form_init(&p->f, report_fields, "tsk_result");
    GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_start(page, 12);
    gtk_widget_set_margin_end(page, 12);
    gtk_widget_set_margin_top(page, 12);
    GtkBox *box = GTK_BOX(page);
    if (office) {
        gtk_box_append(box, desk_heading(_("Tasks sent in the area (click one for its board)")));
        gtk_box_append(box, desk_form_list(&p->f, "tsk_sent", 160));
        g_signal_connect(W(p, "tsk_sent"), "row-activated", G_CALLBACK(on_sent_activated), p);
        gtk_box_append(box, desk_heading(_("The task's board, overdue first (click a unit)")));
        gtk_box_append(
            box, desk_hrow(desk_form_label(&p->f, "tsk_board_summary"),
                           desk_form_keep(&p->f, "tsk_up", gtk_button_new_with_label(_("Up"))),
                           desk_form_keep(&p->f, "tsk_export",
                                          gtk_button_new_with_mnemonic(_("_Export to Excel…"))),
                           NULL));
        g_signal_connect(W(p, "tsk_up"), "clicked", G_CALLBACK(on_up), p);
        g_signal_connect(W(p, "tsk_export"), "clicked", G_CALLBACK(on_export), p);
        gtk_widget_set_sensitive(W(p, "tsk_export"), FALSE);
        gtk_box_append(box, desk_form_list(&p->f, "tsk_board", 200));
        g_signal_connect(W(p, "tsk_board"), "row-activated", G_CALLBACK(on_board_activated), p);
    }
    if (team) {
        gtk_box_append(box, desk_heading(_("The team's tasks (click one to report on it)")));
        gtk_box_append(box, desk_form_label(&p->f, "tsk_mine_summary"));
        gtk_box_append(box, desk_form_list(&p->f, "tsk_mine", 180));
        g_signal_connect(W(p, "tsk_mine"), "row-activated", G_CALLBACK(on_mine_activated), p);
        gtk_box_append(box, desk_form_label(&p->f, "tsk_picked"));
        gtk_box_append(box,
                       desk_hrow(desk_form_entry(&p->f, "tsk_note", _("what was done"), 40),
                                 desk_form_keep(&p->f, "tsk_progress",
                                                gtk_button_new_with_label(_("Report progress"))),
                                 desk_form_keep(&p->f, "tsk_done",
                                                gtk_button_new_with_label(_("Report done"))),
                                 NULL));
        g_signal_connect(W(p, "tsk_progress"), "clicked", G_CALLBACK(on_progress), p);
        g_signal_connect(W(p, "tsk_done"), "clicked", G_CALLBACK(on_done), p);
        desk_form_keys(gtk_widget_get_parent(W(p, "tsk_note")), W(p, "tsk_note"),
                       W(p, "tsk_progress"));
        gtk_box_append(box, desk_form_label(&p->f, "tsk_result"));
    }
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
    gtk_stack_add_titled(stack, scroll, "tasks", _("Tasks"));
    return p;
}

void desk_tasks_free(struct desk_tasks *p)
{
    if (p == NULL)
        return;
    desk_form_free(&p->f);
    if (p->board != NULL)
        zhucun__task_board_reply__free_unpacked(p->board, NULL);
    g_free(p->sent_ids);
    g_free(p->codes);
    g_free(p->team_ids);
    g_free(p->inst_ids);
    g_free(p);
}

GtkWidget *desk_tasks_widget(struct desk_tasks *p, const char *name)
{
    return W(p, name);
}

int desk_tasks_rows(struct desk_tasks *p, const char *list)
{
    return strcmp(list, "sent") == 0    ? (int)p->n_sent
           : strcmp(list, "board") == 0 ? (int)p->n_board
                                        : (int)p->n_inst;
}
