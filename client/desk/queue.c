/* queue.c -- the approver's queue: the list (filled and kept current by the follower's
 * connection), the detail pane with a view per kind of request (a registry of kinds, with a
 * view for any kind the desk does not know), and approve / reject / return with a reason
 * dialog. */
#include "desk.h"

#include <string.h>

#include "common/rules/allowance.h"
#include "common/rules/instant.h"

struct item {
    int64_t step_id, approval_id, subject_id, on_behalf_of;
    char *subject_kind, *kind_name, *summary, *role, *org_code, *pending_since, *deadline;
    char *escalated_at;
    unsigned round;
    int overdue, escalated;
    char *line; /* the row's second line: kind, deadline, marks */
};

struct kind_view;

struct desk_queue {
    struct desk *d;
    GtkListBox *list;
    GtkBox *kind_box;              /* the detail pane's part that the item's kind fills */
    const struct kind_view *shown; /* the kind view of the item in the detail pane, or NULL */
    int history_steps;             /* steps of the history shown; -1: none (yet) */
    GtkBuilder *reason_ui;
    GtkWindow *reason_window;
    char *reason_decision; /* reject or return, while the dialog is open */
    int deciding;
};

struct decide_job {
    struct desk_queue *q;
    int64_t step_id;
    char *decision, *reason;
    char *approval_status; /* out */
};

static void item_free(gpointer p)
{
    struct item *it = p;
    g_free(it->subject_kind);
    g_free(it->kind_name);
    g_free(it->escalated_at);
    g_free(it->line);
    g_free(it->summary);
    g_free(it->role);
    g_free(it->org_code);
    g_free(it->pending_since);
    g_free(it->deadline);
    g_free(it);
}

static struct item *item_from(const Zhucun__QueueItem *q)
{
    struct item *it = g_new0(struct item, 1);
    it->step_id = q->step_id;
    it->approval_id = q->approval_id;
    it->subject_id = q->subject_id;
    it->on_behalf_of = q->on_behalf_of;
    it->subject_kind = g_strdup(q->subject_kind);
    it->kind_name = g_strdup(q->kind_name);
    it->escalated = q->escalated;
    it->escalated_at = g_strdup(q->escalated_at);
    it->summary = g_strdup(q->summary);
    it->role = g_strdup(q->role);
    it->org_code = g_strdup(q->org_code);
    it->pending_since = g_strdup(q->pending_since);
    it->deadline = g_strdup(q->deadline);
    it->round = q->round;
    it->overdue = q->overdue;
    return it;
}

static struct item *row_item(GtkListBoxRow *row)
{
    return row != NULL ? g_object_get_data(G_OBJECT(row), "item") : NULL;
}

/* The server's RFC 3339 (UTC) as Beijing time for people: "2025-06-03 09:12". */
static char *short_time(const char *rfc3339)
{
    char out[INSTANT_TEXT_MAX];
    return g_strdup(rules_instant_restyle(rfc3339, INSTANT_MINUTES, out));
}

/* ---- the kinds of request ---- */

/* How the desk shows one kind of request in the detail pane. Which kinds exist is the
 * server's registry (approval_kinds): leave and recall today, more to come, and a test-only
 * kind in the tests. This table only says how the desk shows the kinds it knows more of; any
 * other is shown by its last row, from what every item carries (the kind's name, the summary)
 * and the subject's ApprovalHistory, so that a new kind can be decided at the desk before
 * the desk learns of it. Adding a view is a row and its function. */
struct kind_view {
    const char *code;  /* the kind's code (approval_kinds.kind); NULL: any other kind */
    const char *label; /* N_(): its name in the desk's language; NULL: the server's */
    /* Fills the kind's part of the detail pane (q->kind_box, emptied) for it. */
    void (*detail)(struct desk_queue *q, const struct item *it);
};

static void leave_detail(struct desk_queue *q, const struct item *it);
static void recall_detail(struct desk_queue *q, const struct item *it);
static void any_detail(struct desk_queue *q, const struct item *it);
static void monitor_detail(struct desk_queue *q, const struct item *it);
static void project_detail(struct desk_queue *q, const struct item *it);
static void allowance_detail(struct desk_queue *q, const struct item *it);

static const struct kind_view kinds[] = {
    {"leave", N_("Leave request"), leave_detail},
    {"recall", N_("Recall"), recall_detail},
    {"monitor_entry", N_("Monitoring entry"), monitor_detail},
    {"monitor_exit", N_("Risk elimination"), monitor_detail},
    {"project_transition", N_("Project state change"), project_detail},
    {"allowance", N_("Allowance statement"), allowance_detail},
    {NULL, NULL, any_detail},
};

static const struct kind_view *kind_view_of(const char *code)
{
    const struct kind_view *k = kinds;
    while (k->code != NULL && strcmp(k->code, code) != 0)
        k++;
    return k;
}

/* The kind of an item for people: the desk's own name for a kind it knows, else the name the
 * server's registry gives it, else its code. */
static const char *kind_label(const struct item *it)
{
    const struct kind_view *k = kind_view_of(it->subject_kind);
    if (k->label != NULL)
        return _(k->label);
    return it->kind_name[0] != '\0' ? it->kind_name : it->subject_kind;
}

/* " (escalated to you 2026-12-08 09:00)" for an item raised to the caller's level past its
 * deadline (the step's own approvers see it too), else "". */
static char *escalated_text(const struct item *it)
{
    if (!it->escalated)
        return g_strdup("");
    char *at = short_time(it->escalated_at);
    char *t = at[0] != '\0' ? g_strdup_printf(_(" (escalated to you %s)"), at)
                            : g_strdup(_(" (escalated to you)"));
    g_free(at);
    return t;
}

static GtkWidget *row_new(struct item *it)
{
    GtkWidget *row = gtk_list_box_row_new();
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
    gtk_widget_add_css_class(box, "queue-row");
    GtkWidget *title = gtk_label_new(it->summary);
    gtk_label_set_xalign(GTK_LABEL(title), 0);
    gtk_label_set_wrap(GTK_LABEL(title), TRUE);
    gtk_widget_add_css_class(title, "heading");
    char *deadline = short_time(it->deadline), *escalated = escalated_text(it);
    it->line = g_strdup_printf("%s · %s %s%s%s%s%s", kind_label(it), _("Due"), deadline,
                               it->overdue ? _(" (overdue)") : "", escalated,
                               it->round > 1 ? _(" (resubmitted)") : "",
                               it->on_behalf_of ? _(" (delegated)") : "");
    GtkWidget *sub = gtk_label_new(it->line);
    gtk_label_set_xalign(GTK_LABEL(sub), 0);
    gtk_label_set_wrap(GTK_LABEL(sub), TRUE);
    gtk_widget_add_css_class(sub, it->overdue || it->escalated ? "error" : "dim-label");
    gtk_box_append(GTK_BOX(box), title);
    gtk_box_append(GTK_BOX(box), sub);
    gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
    g_object_set_data_full(G_OBJECT(row), "item", it, item_free);
    g_free(deadline);
    g_free(escalated);
    return row;
}

static void set_label(struct desk_queue *q, const char *id, const char *text)
{
    gtk_label_set_text(GTK_LABEL(desk_object(q->d, "main", id)), text);
}

/* The count above the list, and in the page's title with its attention mark: the sidebar's
 * badge (nav.c). */
static void update_count(struct desk_queue *q)
{
    int n = desk_queue_count(q);
    char *t = g_strdup_printf(_("%d waiting"), n);
    set_label(q, "queue_count", t);
    g_free(t);
    GtkStack *stack = GTK_STACK(desk_object(q->d, "main", "pages"));
    GtkWidget *page = gtk_stack_get_child_by_name(stack, "queue");
    if (page == NULL)
        return;
    GtkStackPage *sp = gtk_stack_get_page(stack, page);
    t = n > 0 ? g_strdup_printf(_("Approval queue (%d)"), n) : g_strdup(_("Approval queue"));
    gtk_stack_page_set_title(sp, t);
    gtk_stack_page_set_needs_attention(sp, n > 0);
    g_free(t);
}

static void show_detail(struct desk_queue *q, struct item *it)
{
    GtkWidget *pane = GTK_WIDGET(desk_object(q->d, "main", "detail_grid"));
    gtk_widget_set_visible(GTK_WIDGET(desk_object(q->d, "main", "detail_empty")), it == NULL);
    gtk_widget_set_visible(pane, it != NULL);
    gtk_widget_set_visible(GTK_WIDGET(desk_object(q->d, "main", "decide_box")), it != NULL);
    gtk_widget_set_visible(GTK_WIDGET(desk_object(q->d, "main", "detail_kind_scroll")), it != NULL);
    g_object_set_data(G_OBJECT(q->kind_box), "history", NULL);
    desk_box_clear(GTK_WIDGET(q->kind_box));
    q->shown = NULL;
    q->history_steps = -1;
    if (it == NULL)
        return;
    char *since = short_time(it->pending_since), *deadline = short_time(it->deadline);
    char *round = g_strdup_printf("%u", it->round);
    char *subject = g_strdup_printf("%s %lld", kind_label(it), (long long)it->subject_id);
    char *where = g_strdup_printf("%s %s", desk_role_name(it->role),
                                  it->org_code[0] ? it->org_code : _("dispatching unit"));
    /* Past its deadline, and raised to the caller's level: both beside the deadline. */
    char *escalated = escalated_text(it);
    char *due = g_strdup_printf("%s%s%s", deadline, it->overdue ? _(" (overdue)") : "", escalated);
    set_label(q, "detail_summary", it->summary);
    set_label(q, "detail_subject", subject);
    set_label(q, "detail_since", since);
    set_label(q, "detail_deadline", due);
    set_label(q, "detail_step", where);
    set_label(q, "detail_round", round);
    g_free(since);
    g_free(deadline);
    g_free(round);
    g_free(subject);
    g_free(where);
    g_free(escalated);
    g_free(due);
    q->shown = kind_view_of(it->subject_kind);
    q->shown->detail(q, it);
}

/* ---- the kinds' views and the subject's approval history ---- */

/* A line of text in the kind's part of the detail pane (css: a style class, or NULL). */
static GtkWidget *kind_line(GtkBox *box, const char *text, const char *css)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    gtk_label_set_selectable(GTK_LABEL(l), TRUE);
    if (css != NULL)
        gtk_widget_add_css_class(l, css);
    gtk_box_append(box, l);
    return l;
}

const char *desk_approval_status_text(const char *s)
{
    return strcmp(s, "pending") == 0     ? _("waiting for approval")
           : strcmp(s, "approved") == 0  ? _("approved")
           : strcmp(s, "rejected") == 0  ? _("rejected")
           : strcmp(s, "returned") == 0  ? _("returned for revision")
           : strcmp(s, "cancelled") == 0 ? _("cancelled")
                                         : s;
}

static const char *step_status_name(const char *s)
{
    return strcmp(s, "waiting") == 0   ? _("not yet open")
           : strcmp(s, "pending") == 0 ? _("waiting for a decision")
           : strcmp(s, "skipped") == 0 ? _("skipped")
                                       : desk_approval_status_text(s);
}

/* One step of the history as one line: round and step, who decides, its status, and what is
 * known of its decision and its escalation. */
char *desk_step_text(const Zhucun__ApprovalStep *s)
{
    GString *t = g_string_new(NULL);
    char *unit = g_strdup_printf(_("unit no. %lld"), (long long)s->unit_id);
    g_string_append_printf(t, _("Round %u, step %u: %s %s — %s"), s->round, s->seq,
                           desk_role_name(s->role), s->org_code[0] ? s->org_code : unit,
                           step_status_name(s->status));
    if (s->decided_by[0] != '\0') {
        char *at = short_time(s->decided_at);
        if (s->on_behalf_of[0] != '\0')
            g_string_append_printf(t, _(", by %s for %s, %s"), s->decided_by, s->on_behalf_of, at);
        else
            g_string_append_printf(t, _(", by %s, %s"), s->decided_by, at);
        g_free(at);
    }
    if (s->channel[0] != '\0' && strcmp(s->channel, "system") != 0)
        g_string_append_printf(t, _(", by way of %s"), s->channel);
    if (s->escalated_role[0] != '\0')
        g_string_append_printf(t, _(", escalated to %s %s"), desk_role_name(s->escalated_role),
                               s->escalated_org);
    if (s->reason[0] != '\0')
        g_string_append_printf(t, _(": “%s”"), s->reason);
    g_free(unit);
    return g_string_free(t, FALSE);
}

/* Fills the history part of the detail pane from an ApprovalHistoryReply: each approval with
 * its status and submission, then every round's steps. */
static void history_fill(struct desk_queue *q, GtkBox *box, const Zhucun__ApprovalHistoryReply *h)
{
    desk_box_clear(GTK_WIDGET(box));
    kind_line(box, _("Approval history"), "heading");
    if (h->n_approvals == 0)
        kind_line(box, _("No approval of this request that you may see."), "dim-label");
    q->history_steps = 0;
    for (size_t i = 0; i < h->n_approvals; i++) {
        const Zhucun__ApprovalRecord *a = h->approvals[i];
        char *at = short_time(a->submitted_at);
        char *head =
            g_strdup_printf(_("Approval %lld: %s, round %u; submitted by %s, %s"), (long long)a->id,
                            desk_approval_status_text(a->status), a->round, a->submitted_by, at);
        kind_line(box, head, "heading");
        if (a->route[0] != '\0') {
            char *route = g_strdup_printf(_("Route: %s"), a->route);
            kind_line(box, route, "dim-label");
            g_free(route);
        }
        for (size_t k = 0; k < a->n_steps; k++) {
            char *t = desk_step_text(a->steps[k]);
            kind_line(box, t, NULL);
            g_free(t);
            q->history_steps++;
        }
        g_free(at);
        g_free(head);
    }
}

struct history_job {
    int64_t step_id; /* the item it was asked for */
    char *kind;
    int64_t subject_id;
    Zhucun__Reply *reply;
};

static void history_job_free(void *p)
{
    struct history_job *j = p;
    g_free(j->kind);
    zc_reply_free(j->reply);
    g_free(j);
}

static int history_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct history_job *j = data;
    Zhucun__ApprovalHistory ah = ZHUCUN__APPROVAL_HISTORY__INIT;
    ah.subject_kind = j->kind;
    ah.subject_id = j->subject_id;
    struct zc_client *c = desk_conn_client(conn, err);
    return c != NULL ? zc_approval_history(c, &ah, &j->reply, err) : -1;
}

static void history_done(void *data, const struct zc_error *err, void *user)
{
    struct history_job *j = data;
    struct desk_queue *q = user;
    struct item *it = row_item(gtk_list_box_get_selected_row(q->list));
    GtkBox *box = GTK_BOX(g_object_get_data(G_OBJECT(q->kind_box), "history"));
    /* Another item is shown now: its own history is on its way. */
    if (it == NULL || it->step_id != j->step_id || box == NULL)
        return;
    if (err != NULL && err->code == ZHUCUN__CODE__NOT_FOUND) {
        /* Nothing of this subject the caller may see: an empty history, not a failure. */
        Zhucun__ApprovalHistoryReply none = ZHUCUN__APPROVAL_HISTORY_REPLY__INIT;
        history_fill(q, box, &none);
        desk_changed(q->d, "history");
        return;
    }
    if (err != NULL) {
        desk_box_clear(GTK_WIDGET(box));
        char *t = g_strdup_printf(_("The approval history could not be read: %s"), err->message);
        kind_line(box, t, "error");
        g_free(t);
        desk_changed(q->d, "history-failed");
        return;
    }
    history_fill(q, box, j->reply->approval_history);
    desk_changed(q->d, "history");
}

/* Adds the history part to the kind's part of the detail pane and asks for the subject's
 * ApprovalHistory; the reply fills it if the item is still the one shown. */
static void history_ask(struct desk_queue *q, const struct item *it)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    gtk_box_append(q->kind_box, box);
    g_object_set_data(G_OBJECT(q->kind_box), "history", box);
    kind_line(GTK_BOX(box), _("Reading the approval history…"), "dim-label");
    struct history_job *j = g_new0(struct history_job, 1);
    j->step_id = it->step_id;
    j->kind = g_strdup(it->subject_kind);
    j->subject_id = it->subject_id;
    desk_conn_submit(q->d->conn, history_run, history_done, j, history_job_free, q);
}

/* Leave: the common part says it all (the summary names the cadre, the days and the reason). */
static void leave_detail(struct desk_queue *q, const struct item *it)
{
    (void)q;
    (void)it;
}

/* Recall (O3): what the decision does, then the steps so far (the county office and the
 * dispatching unit decide together). */
static void recall_detail(struct desk_queue *q, const struct item *it)
{
    kind_line(q->kind_box,
              _("A recall sends the cadre home from the team: the county office and the cadre's "
                "dispatching unit both decide. Until it is approved the cadre stays in the team; "
                "then the membership ends on the day asked for, its record kept."),
              NULL);
    history_ask(q, it);
}

/* Entering monitoring and eliminating the risk (docs/monitoring.md): what the step decides,
 * then the history. The case itself (risks, measures, what blocks the elimination) is on the
 * monitoring page. */
static void monitor_detail(struct desk_queue *q, const struct item *it)
{
    int entry = strcmp(it->subject_kind, "monitor_entry") == 0;
    kind_line(q->kind_box,
              entry ? _("A household found at risk enters return-to-poverty monitoring: the "
                        "village's review and public notice (recorded by the team captain with "
                        "zhucun monitor review), then the township's check, then the county's "
                        "decision. Approved, the household is monitored from that day.")
                    : _("The cadre signed that the household's risk is eliminated (income, the "
                        "three guarantees and water, no open risk or measure were checked when "
                        "signing): the village's review, the township's check, the county's "
                        "decision. Approved, the household leaves monitoring that day."),
              NULL);
    history_ask(q, it);
}

/* A project's move to its next state (docs/projects.md): the summary names the project, the
 * states and the reason; the route was chosen by its kind, budget and the state asked for. */
static void project_detail(struct desk_queue *q, const struct item *it)
{
    kind_line(q->kind_box,
              _("A project asks to enter its next state (or to end rejected or cancelled): the "
                "route was chosen by its kind, its budget and the state asked for. Its "
                "documents are on the project's page (项目库). Approved by the last step, the "
                "state's checks run again; if one fails, the request ends unfulfilled and the "
                "project stays where it is."),
              NULL);
    history_ask(q, it);
}

/* An allowance statement (docs/allowances.md): the statement itself, read by AllowanceShow
 * (the days, the rates, the amount, an earlier version's reason), then the history. */
struct allowance_job {
    struct desk_queue *q;
    int64_t step_id;
};

static void allowance_shown(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct allowance_job *j = user;
    struct desk_queue *q = j->q;
    int64_t step = j->step_id;
    g_free(j);
    struct item *it = row_item(gtk_list_box_get_selected_row(q->list));
    GtkBox *box = GTK_BOX(g_object_get_data(G_OBJECT(q->kind_box), "allowance"));
    if (it == NULL || it->step_id != step || box == NULL)
        return; /* another item is shown now */
    desk_box_clear(GTK_WIDGET(box));
    if (err != NULL) {
        char *t = g_strdup_printf(_("The statement could not be read: %s"), err->message);
        kind_line(box, t, "error");
        g_free(t);
        desk_changed(q->d, "allowance-detail-failed");
        return;
    }
    const Zhucun__AllowanceShowReply *r = reply->allowance_show;
    char *t = desk_allowance_line(r->statement);
    kind_line(box, t, NULL);
    g_free(t);
    char rate[ALLOWANCE_YUAN_LEN], transport[ALLOWANCE_YUAN_LEN];
    t = g_strdup_printf(_("Served %u days; living allowance %s yuan a day in the village, "
                          "transport %s yuan for the month; days confirmed by %s %s"),
                        r->statement->days_served,
                        rules_allowance_yuan(r->statement->living_rate_fen, rate),
                        rules_allowance_yuan(r->statement->transport_fen, transport),
                        r->statement->confirmed_by, r->statement->confirmed_at);
    kind_line(box, t, "dim-label");
    g_free(t);
    if (r->statement->corrects != 0) {
        t = g_strdup_printf(_("Corrects #%lld: %s"), (long long)r->statement->corrects,
                            r->statement->reason);
        kind_line(box, t, NULL);
        g_free(t);
    }
    desk_changed(q->d, "allowance-detail");
}

static void allowance_detail(struct desk_queue *q, const struct item *it)
{
    kind_line(q->kind_box,
              _("A cadre's allowance of a month: the days in the village from the check-ins "
                "(leave and official business shown apart), confirmed by the township or the "
                "county office, at your unit's rates. Approved, the statement is frozen; a "
                "mistake is corrected by a new version."),
              NULL);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    gtk_box_append(q->kind_box, box);
    g_object_set_data(G_OBJECT(q->kind_box), "allowance", box);
    kind_line(GTK_BOX(box), _("Reading the statement…"), "dim-label");
    struct allowance_job *j = g_new0(struct allowance_job, 1);
    j->q = q;
    j->step_id = it->step_id;
    Zhucun__AllowanceShow show = ZHUCUN__ALLOWANCE_SHOW__INIT;
    show.statement_id = it->subject_id;
    desk_call(q->d, &show.base, allowance_shown, j);
    history_ask(q, it);
}

/* Any kind the desk has no view of: its name as the server gives it, then the history. */
static void any_detail(struct desk_queue *q, const struct item *it)
{
    char *t =
        g_strdup_printf(_("A request of the kind “%s” (%s): the summary above says what "
                          "it asks for; its approvals so far follow."),
                        it->kind_name[0] ? it->kind_name : it->subject_kind, it->subject_kind);
    kind_line(q->kind_box, t, NULL);
    g_free(t);
    history_ask(q, it);
}

static void on_row_selected(GtkListBox *list, GtkListBoxRow *row, gpointer user)
{
    (void)list;
    show_detail(user, row_item(row));
}

static GtkListBoxRow *find_row(struct desk_queue *q, int64_t step)
{
    for (int i = 0;; i++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index(q->list, i);
        if (row == NULL)
            return NULL;
        if (row_item(row)->step_id == step)
            return row;
    }
}

int desk_queue_count(struct desk_queue *q)
{
    int n = 0;
    while (gtk_list_box_get_row_at_index(q->list, n) != NULL)
        n++;
    return n;
}

int64_t desk_queue_step(struct desk_queue *q, int i)
{
    struct item *it = row_item(gtk_list_box_get_row_at_index(q->list, i));
    return it != NULL ? it->step_id : 0;
}

const char *desk_queue_line(struct desk_queue *q, int i)
{
    struct item *it = row_item(gtk_list_box_get_row_at_index(q->list, i));
    return it != NULL ? it->line : NULL;
}

const char *desk_queue_kind_view(struct desk_queue *q)
{
    if (q->shown == NULL)
        return NULL;
    return q->shown->code != NULL ? q->shown->code : "";
}

int desk_queue_history_steps(struct desk_queue *q)
{
    return q->history_steps;
}

int desk_queue_select(struct desk_queue *q, int64_t step)
{
    GtkListBoxRow *row = find_row(q, step);
    if (row == NULL)
        return -1;
    gtk_list_box_select_row(q->list, row);
    return 0;
}

void desk_queue_set_list(struct desk_queue *q, Zhucun__Reply *reply)
{
    struct item *sel = row_item(gtk_list_box_get_selected_row(q->list));
    int64_t keep = sel != NULL ? sel->step_id : 0;
    /* GTK 4.8 has no gtk_list_box_remove_all. */
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(q->list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(q->list, 0))
        gtk_list_box_remove(q->list, GTK_WIDGET(row));
    for (size_t i = 0; i < reply->queue_list->n_items; i++)
        gtk_list_box_append(q->list, row_new(item_from(reply->queue_list->items[i])));
    zc_reply_free(reply);
    if (keep == 0 || desk_queue_select(q, keep) != 0)
        show_detail(q, NULL);
    update_count(q);
}

void desk_queue_add(struct desk_queue *q, Zhucun__Reply *reply)
{
    const Zhucun__QueueItem *qi = reply->queue_item;
    if (find_row(q, qi->step_id) == NULL) {
        GtkWidget *row = row_new(item_from(qi));
        gtk_widget_add_css_class(row, "new-item");
        gtk_list_box_append(q->list, row);
        char *t = g_strdup_printf(_("New item: %s"), qi->summary);
        desk_status(q->d, t, 0);
        g_free(t);
        update_count(q);
    }
    zc_reply_free(reply);
}

/* ---- deciding ---- */

static void decide_job_free(void *p)
{
    struct decide_job *j = p;
    g_free(j->decision);
    g_free(j->reason);
    g_free(j->approval_status);
    g_free(j);
}

static int decide_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct decide_job *j = data;
    Zhucun__Decide dm = ZHUCUN__DECIDE__INIT;
    dm.step_id = j->step_id;
    dm.decision = j->decision;
    dm.reason = j->reason;
    dm.channel = "";
    Zhucun__Reply *reply = NULL;
    /* Keyed: after a lost reply the retry gets the first answer, never a second decision. */
    struct zc_client *c = desk_conn_client(conn, err);
    int rc = c != NULL ? zc_decide(c, &dm, &reply, err) : -1;
    if (rc == 0)
        j->approval_status = g_strdup(reply->decide->approval_status);
    zc_reply_free(reply);
    return rc;
}

static const char *status_zh(const char *s)
{
    return strcmp(s, "approved") == 0   ? _("approved")
           : strcmp(s, "rejected") == 0 ? _("rejected")
           : strcmp(s, "returned") == 0 ? _("returned for revision")
                                        : _("pending (waiting for other approvers)");
}

static void set_deciding(struct desk_queue *q, int on)
{
    q->deciding = on;
    gtk_widget_set_sensitive(GTK_WIDGET(desk_object(q->d, "main", "decide_box")), !on);
}

static void decide_done(void *data, const struct zc_error *err, void *user)
{
    struct decide_job *j = data;
    struct desk_queue *q = user;
    set_deciding(q, 0);
    GtkListBoxRow *row = find_row(q, j->step_id);
    if (err != NULL) {
        desk_status(q->d, err->message, 1);
        /* Decided by someone else meanwhile: it is no longer ours to decide. */
        if (err->code == ZHUCUN__CODE__FAILED_PRECONDITION && row != NULL) {
            gtk_list_box_remove(q->list, GTK_WIDGET(row));
            update_count(q);
        }
        desk_changed(q->d, "decide-failed");
        return;
    }
    if (row != NULL) {
        gtk_list_box_remove(q->list, GTK_WIDGET(row));
        update_count(q);
    }
    GtkListBoxRow *next = gtk_list_box_get_row_at_index(q->list, 0);
    if (next != NULL)
        gtk_list_box_select_row(q->list, next);
    else
        show_detail(q, NULL);
    const char *verb = strcmp(j->decision, "approve") == 0  ? _("Approved")
                       : strcmp(j->decision, "reject") == 0 ? _("Rejected")
                                                            : _("Returned for revision");
    char *t = g_strdup_printf(_("%s; the request is now %s"), verb, status_zh(j->approval_status));
    desk_status(q->d, t, 0);
    g_free(t);
    desk_changed(q->d, "decided");
}

static void decide(struct desk_queue *q, const char *decision, const char *reason)
{
    struct item *it = row_item(gtk_list_box_get_selected_row(q->list));
    if (it == NULL || q->deciding)
        return;
    struct decide_job *j = g_new0(struct decide_job, 1);
    j->q = q;
    j->step_id = it->step_id;
    j->decision = g_strdup(decision);
    j->reason = g_strdup(reason);
    set_deciding(q, 1);
    desk_conn_submit(q->d->conn, decide_run, decide_done, j, decide_job_free, q);
}

static void on_approve(GtkButton *b, gpointer user)
{
    (void)b;
    decide(user, "approve", "");
}

/* A problem of the decision: the reason is the dialog's one entry; anything else (the step)
 * is only said. */
static void on_reason_problem(const char *field, const char *message, void *user)
{
    struct desk_queue *q = user;
    GtkWidget *entry = GTK_WIDGET(gtk_builder_get_object(q->reason_ui, "reason_entry"));
    GtkLabel *error = GTK_LABEL(gtk_builder_get_object(q->reason_ui, "reason_error"));
    const char *old = gtk_label_get_text(error);
    char *t = old[0] == '\0' ? g_strdup(message) : g_strdup_printf("%s；%s", old, message);
    gtk_label_set_text(error, t);
    g_free(t);
    if (strcmp(field, "reason") == 0) {
        gtk_widget_add_css_class(entry, "error");
        gtk_widget_grab_focus(entry);
    }
}

static void reason_submit(struct desk_queue *q)
{
    GtkWidget *entry = GTK_WIDGET(gtk_builder_get_object(q->reason_ui, "reason_entry"));
    GtkLabel *error = GTK_LABEL(gtk_builder_get_object(q->reason_ui, "reason_error"));
    char *reason = g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(entry))));
    struct item *it = row_item(gtk_list_box_get_selected_row(q->list));
    Zhucun__Decide dm = ZHUCUN__DECIDE__INIT;
    dm.step_id = it != NULL ? it->step_id : 0;
    dm.decision = q->reason_decision;
    dm.reason = reason;
    /* The library's verdict on the decision as it would be sent (a reason, not too long). */
    gtk_label_set_text(error, "");
    gtk_widget_remove_css_class(entry, "error");
    if (desk_check(&dm.base, on_reason_problem, q) > 0) {
        gtk_widget_set_visible(GTK_WIDGET(error), TRUE);
        g_free(reason);
        desk_changed(q->d, "reason-refused");
        return;
    }
    char *decision = g_strdup(q->reason_decision);
    gtk_window_close(q->reason_window);
    decide(q, decision, reason);
    g_free(decision);
    g_free(reason);
}

static void on_reason_ok(GtkButton *b, gpointer user)
{
    (void)b;
    reason_submit(user);
}

static void on_reason_activate(GtkEntry *e, gpointer user)
{
    (void)e;
    reason_submit(user);
}

static void on_reason_cancel(GtkButton *b, gpointer user)
{
    struct desk_queue *q = user;
    (void)b;
    gtk_window_close(q->reason_window);
}

static gboolean on_reason_close(GtkWindow *w, gpointer user)
{
    struct desk_queue *q = user;
    (void)w;
    q->reason_window = NULL;
    g_clear_pointer(&q->reason_decision, g_free);
    return FALSE;
}

static void ask_reason(struct desk_queue *q, const char *decision)
{
    struct item *it = row_item(gtk_list_box_get_selected_row(q->list));
    if (it == NULL || q->deciding || q->reason_window != NULL)
        return;
    g_clear_object(&q->reason_ui);
    q->reason_ui = gtk_builder_new_from_resource("/cn/zhucun/desk/reason.ui");
    q->reason_window = GTK_WINDOW(gtk_builder_get_object(q->reason_ui, "reason_window"));
    q->reason_decision = g_strdup(decision);
    gtk_window_set_transient_for(q->reason_window, q->d->main_window);
    gtk_window_set_title(q->reason_window, strcmp(decision, "reject") == 0
                                               ? _("Reject: reason")
                                               : _("Return for revision: reason"));
    gtk_label_set_text(GTK_LABEL(gtk_builder_get_object(q->reason_ui, "reason_subject")),
                       it->summary);
    g_signal_connect(gtk_builder_get_object(q->reason_ui, "reason_entry"), "activate",
                     G_CALLBACK(on_reason_activate), q);
    g_signal_connect(gtk_builder_get_object(q->reason_ui, "reason_ok"), "clicked",
                     G_CALLBACK(on_reason_ok), q);
    g_signal_connect(gtk_builder_get_object(q->reason_ui, "reason_cancel"), "clicked",
                     G_CALLBACK(on_reason_cancel), q);
    g_signal_connect(q->reason_window, "close-request", G_CALLBACK(on_reason_close), q);
    desk_add_escape(q->reason_window);
    gtk_window_present(q->reason_window);
    gtk_widget_grab_focus(GTK_WIDGET(gtk_builder_get_object(q->reason_ui, "reason_entry")));
    desk_changed(q->d, "reason-open");
}

static void on_reject(GtkButton *b, gpointer user)
{
    (void)b;
    ask_reason(user, "reject");
}

static void on_return(GtkButton *b, gpointer user)
{
    (void)b;
    ask_reason(user, "return");
}

GtkBuilder *desk_queue_reason_ui(struct desk_queue *q)
{
    return q->reason_window != NULL ? q->reason_ui : NULL;
}

/* ---- refresh by hand ---- */

struct list_job {
    struct desk_queue *q;
    Zhucun__Reply *reply;
};

static void list_job_free(void *p)
{
    struct list_job *j = p;
    zc_reply_free(j->reply);
    g_free(j);
}

static int list_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct list_job *j = data;
    Zhucun__QueueList ql = ZHUCUN__QUEUE_LIST__INIT;
    struct zc_client *c = desk_conn_client(conn, err);
    return c != NULL ? zc_queue_list(c, &ql, &j->reply, err) : -1;
}

static void list_done(void *data, const struct zc_error *err, void *user)
{
    struct list_job *j = data;
    struct desk_queue *q = user;
    if (err != NULL) {
        desk_status(q->d, err->message, 1);
        return;
    }
    desk_queue_set_list(q, j->reply);
    j->reply = NULL;
    desk_changed(q->d, "queue");
}

static void on_refresh(GtkButton *b, gpointer user)
{
    struct desk_queue *q = user;
    (void)b;
    struct list_job *j = g_new0(struct list_job, 1);
    j->q = q;
    desk_conn_submit(q->d->conn, list_run, list_done, j, list_job_free, q);
}

struct desk_queue *desk_queue_new(struct desk *d, GtkBuilder *ui)
{
    struct desk_queue *q = g_new0(struct desk_queue, 1);
    q->d = d;
    q->list = GTK_LIST_BOX(gtk_builder_get_object(ui, "queue_list"));
    q->kind_box = GTK_BOX(gtk_builder_get_object(ui, "detail_kind"));
    q->history_steps = -1;
    GtkWidget *empty = gtk_label_new(_("Nothing is waiting for you"));
    gtk_widget_add_css_class(empty, "dim-label");
    gtk_list_box_set_placeholder(q->list, empty);
    g_signal_connect(q->list, "row-selected", G_CALLBACK(on_row_selected), q);
    g_signal_connect(gtk_builder_get_object(ui, "approve_button"), "clicked",
                     G_CALLBACK(on_approve), q);
    g_signal_connect(gtk_builder_get_object(ui, "reject_button"), "clicked", G_CALLBACK(on_reject),
                     q);
    g_signal_connect(gtk_builder_get_object(ui, "return_button"), "clicked", G_CALLBACK(on_return),
                     q);
    g_signal_connect(gtk_builder_get_object(ui, "queue_refresh"), "clicked", G_CALLBACK(on_refresh),
                     q);
    show_detail(q, NULL);
    update_count(q);
    return q;
}

void desk_queue_free(struct desk_queue *q)
{
    if (q == NULL)
        return;
    /* The list outlives q (the main window is destroyed after the screens are freed), and
     * removing its selected row then says "row-selected": that must not reach q. */
    g_signal_handlers_disconnect_by_data(q->list, q);
    if (q->reason_window != NULL)
        gtk_window_destroy(q->reason_window);
    g_clear_object(&q->reason_ui);
    g_free(q->reason_decision);
    g_free(q);
}
