/* home.c -- the cadre's home (cadre, team captain): the village board (LedgerBoard: the ten
 * areas by status, overdue first and red; a count opens its items on the ledger page), today's
 * to-do -- visits due and overdue (VisitsDue, overdue first, each with a button opening the
 * visit form for it), open follow-up items (FollowUpList: a visit's problems, ledger items
 * since 0075), the cadre's own leave requests (LeaveList) -- this week's
 * five days and four nights (AttendanceWeek, also drawn as a small chart: chart.c) and a check-in
 * with coordinates typed or pasted (CheckIn, with an idempotency key; the server's flags are
 * shown). */
#include "desk.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"

struct desk_home {
    struct desk *d;
    GtkListBox *due, *followups, *leaves;
    int n_due, n_followups, n_leaves;
    int checking;
    struct desk_board *board; /* the village's ledger board (ledger.c) */
    GtkWidget *points_button; /* to the points desk (points.c) */
    int board_shown;
    GArray *due_households;  /* int64_t per due row (0: a village's V4) */
    GPtrArray *due_villages; /* char * per due row */
    GtkWidget *stamp;        /* "offline · updated …" when the lists are the cached ones */
    struct desk_chart *week; /* this week's days and nights (its widget's) */
    int week_shown;
};

static GtkWidget *W(struct desk_home *h, const char *id)
{
    return GTK_WIDGET(desk_object(h->d, "main", id));
}

static void clear_list(GtkListBox *list)
{
    for (GtkListBoxRow *row = gtk_list_box_get_row_at_index(list, 0); row != NULL;
         row = gtk_list_box_get_row_at_index(list, 0))
        gtk_list_box_remove(list, GTK_WIDGET(row));
}

/* A row of two lines: title (red when late) and a dim detail line; returns the row's box. */
static GtkWidget *add_row(GtkListBox *list, const char *title, const char *detail, int late)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
    gtk_widget_add_css_class(box, "queue-row");
    GtkWidget *t = gtk_label_new(title);
    gtk_label_set_xalign(GTK_LABEL(t), 0);
    gtk_label_set_wrap(GTK_LABEL(t), TRUE);
    gtk_widget_add_css_class(t, late ? "error" : "heading");
    gtk_box_append(GTK_BOX(box), t);
    if (detail != NULL && detail[0] != '\0') {
        GtkWidget *s = gtk_label_new(detail);
        gtk_label_set_xalign(GTK_LABEL(s), 0);
        gtk_label_set_wrap(GTK_LABEL(s), TRUE);
        gtk_widget_add_css_class(s, "dim-label");
        gtk_box_append(GTK_BOX(box), s);
    }
    gtk_list_box_append(list, box);
    return box;
}

static void set_placeholder(GtkListBox *list, const char *text)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_widget_add_css_class(l, "dim-label");
    gtk_widget_set_margin_top(l, 6);
    gtk_widget_set_margin_bottom(l, 6);
    gtk_list_box_set_placeholder(list, l);
}

static const char *rule_zh(const char *rule)
{
    return strcmp(rule, "V1") == 0   ? _("monthly visit (V1)")
           : strcmp(rule, "V2") == 0 ? _("quarterly visit (V2)")
           : strcmp(rule, "V3") == 0 ? _("visit of an absent household (V3)")
           : strcmp(rule, "V4") == 0 ? _("village visit (V4)")
                                     : rule;
}

static const char *leave_status_zh(const char *s)
{
    return strcmp(s, "pending") == 0     ? _("waiting for approval")
           : strcmp(s, "approved") == 0  ? _("approved")
           : strcmp(s, "rejected") == 0  ? _("rejected")
           : strcmp(s, "returned") == 0  ? _("returned for revision")
           : strcmp(s, "cancelled") == 0 ? _("cancelled")
                                         : s;
}

static const char *item_status_zh(const char *s)
{
    return strcmp(s, "open") == 0          ? _("open")
           : strcmp(s, "in_progress") == 0 ? _("in progress")
           : strcmp(s, "resolved") == 0    ? _("resolved")
                                           : s;
}

static const char *flag_zh(const char *name)
{
    return strcmp(name, "outside_fence") == 0   ? _("outside the village area")
           : strcmp(name, "poor_accuracy") == 0 ? _("poor location accuracy")
           : strcmp(name, "mock_location") == 0 ? _("simulated location")
           : strcmp(name, "too_fast") == 0      ? _("moved implausibly fast")
           : strcmp(name, "clock_skew") == 0    ? _("device clock differs")
           : strcmp(name, "late") == 0          ? _("sent too late after an offline check-in")
                                                : name;
}

/* ---- the to-do ---- */

static void on_log_visit(GtkButton *b, gpointer user)
{
    desk_home_log_visit(user, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), "due-row")));
}

static void due_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_home *h = user;
    clear_list(h->due);
    h->n_due = 0;
    g_array_set_size(h->due_households, 0);
    g_ptr_array_set_size(h->due_villages, 0);
    if (err != NULL) {
        add_row(h->due, err->message, NULL, 1);
        desk_changed(h->d, "home-failed");
        return;
    }
    const Zhucun__VisitsDueReply *v = reply->visits_due;
    int overdue = 0;
    /* The server sends overdue first; kept in that order. */
    for (size_t i = 0; i < v->n_items; i++) {
        const Zhucun__DueItem *it = v->items[i];
        char *title = g_strdup_printf("%s%s · %s", it->overdue ? _("Overdue: ") : "", it->head_name,
                                      rule_zh(it->rule));
        /* The deadline is the period's end, not today (issue 11, defect 9). */
        char *detail = g_strdup_printf(_("Village %s · visit between %s and %s · done %u of %u"),
                                       it->village_code, it->window_first, it->period_last,
                                       it->done, it->required);
        GtkWidget *box = add_row(h->due, title, detail, it->overdue);
        /* The title and a button opening the visit form for this household (or village). */
        GtkWidget *line = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
        GtkWidget *t = gtk_widget_get_first_child(box);
        g_object_ref(t);
        gtk_box_remove(GTK_BOX(box), t);
        gtk_widget_set_hexpand(t, TRUE);
        gtk_box_append(GTK_BOX(line), t);
        g_object_unref(t);
        GtkWidget *b = gtk_button_new_with_label(_("Log a visit"));
        g_object_set_data(G_OBJECT(b), "due-row", GINT_TO_POINTER((int)i));
        g_signal_connect(b, "clicked", G_CALLBACK(on_log_visit), h);
        gtk_box_append(GTK_BOX(line), b);
        gtk_box_prepend(GTK_BOX(box), line);
        int64_t hid = it->household_id;
        g_array_append_val(h->due_households, hid);
        g_ptr_array_add(h->due_villages, g_strdup(it->village_code));
        overdue += it->overdue;
        g_free(title);
        g_free(detail);
    }
    h->n_due = (int)v->n_items;
    char today[11];
    desk_today(today);
    char *sum =
        g_strdup_printf(_("Today %s: %d visits due, %d of them overdue"), today, h->n_due, overdue);
    gtk_label_set_text(GTK_LABEL(W(h, "home_summary")), sum);
    g_free(sum);
    desk_changed(h->d, "home-due");
}

static void followups_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_home *h = user;
    clear_list(h->followups);
    h->n_followups = 0;
    if (err != NULL) {
        add_row(h->followups, err->message, NULL, 1);
        desk_changed(h->d, "home-failed");
        return;
    }
    const Zhucun__FollowUpListReply *f = reply->follow_up_list;
    for (size_t i = 0; i < f->n_items; i++) {
        const Zhucun__FollowUpItem *it = f->items[i];
        char *title = g_strdup_printf("%s%s%s", it->overdue ? _("Overdue: ") : "",
                                      it->urgent ? _("[urgent] ") : "", it->text);
        char *detail =
            g_strdup_printf(_("%s · deadline %s · %s · responsible %s"),
                            it->head_name[0] ? it->head_name : it->village_code, it->deadline,
                            item_status_zh(it->status), it->responsible_name);
        add_row(h->followups, title, detail, it->overdue);
        g_free(title);
        g_free(detail);
    }
    h->n_followups = (int)f->n_items;
    desk_changed(h->d, "home-followups");
}

static void leaves_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_home *h = user;
    clear_list(h->leaves);
    h->n_leaves = 0;
    if (err != NULL) {
        add_row(h->leaves, err->message, NULL, 1);
        desk_changed(h->d, "home-failed");
        return;
    }
    const Zhucun__LeaveListReply *l = reply->leave_list;
    for (size_t i = 0; i < l->n_leaves; i++) {
        const Zhucun__Leave *lv = l->leaves[i];
        char *title = g_strdup_printf(_("%s to %s (%u days): %s"), lv->first_day, lv->last_day,
                                      lv->days, leave_status_zh(lv->status));
        add_row(h->leaves, title, lv->reason, strcmp(lv->status, "rejected") == 0);
        g_free(title);
    }
    h->n_leaves = (int)l->n_leaves;
    desk_changed(h->d, "home-leaves");
}

/* An ISO weekday's name (1 Monday ... 7 Sunday; 0 none). */
static const char *const wd[] = {"", "一", "二", "三", "四", "五", "六", "日"};

/* The week the label spells out, as a chart: a cell per weekday by day and by night, the
 * totals against the days and nights required (AttendanceWeek: nothing more to read). */
static void week_chart(struct desk_home *h, const Zhucun__AttendanceWeekReply *w)
{
    struct desk_chart_day days[7];
    int n = 0;
    for (size_t i = 0; i < w->n_days && n < 7; i++, n++) {
        const Zhucun__AttendanceDay *dd = w->days[i];
        days[n] = (struct desk_chart_day){wd[dd->weekday <= 7 ? dd->weekday : 0], dd->day_present,
                                          dd->night_present, dd->excused};
    }
    const unsigned got[2] = {w->days_present, w->nights_present};
    const unsigned need[2] = {w->required_days, w->required_nights};
    char *title = g_strdup_printf(_("%s: days and nights in the village"), w->week);
    desk_chart_week(h->week, title, days, n, got, need);
    g_free(title);
    h->week_shown = 1;
}

static void week_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_home *h = user;
    GtkWidget *l = W(h, "home_week");
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(l), err->message);
        desk_changed(h->d, "home-failed");
        return;
    }
    const Zhucun__AttendanceWeekReply *w = reply->attendance_week;
    if (h->d->visit != NULL)
        desk_visit_set_person(h->d->visit, w->person_id);
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, _("%s (%s to %s): %u of %u days and %u of %u nights present"),
                           w->week, w->monday, w->sunday, w->days_present, w->required_days,
                           w->nights_present, w->required_nights);
    if (w->excused > 0)
        g_string_append_printf(t, _(", %u days excused"), w->excused);
    g_string_append(t, w->met       ? _(" — met.")
                       : w->running ? _(" — so far (the week is not over).")
                                    : _(" — fell short."));
    for (size_t i = 0; i < w->n_days; i++) {
        const Zhucun__AttendanceDay *dd = w->days[i];
        g_string_append_printf(
            t, "\n%s %s  %s  %s%s%s", dd->date + 5, wd[dd->weekday <= 7 ? dd->weekday : 0],
            dd->day_present ? _("day ✓") : _("day ·"),
            dd->night_present ? _("night ✓") : _("night ·"), dd->excused ? _("  excused") : "",
            dd->flagged > 0 ? _("  flagged check-ins") : "");
    }
    gtk_label_set_text(GTK_LABEL(l), t->str);
    g_string_free(t, TRUE);
    week_chart(h, w);
    desk_changed(h->d, "home-week");
}

int64_t desk_home_due_household(struct desk_home *h, int i)
{
    return i >= 0 && (guint)i < h->due_households->len
               ? g_array_index(h->due_households, int64_t, i)
               : -1;
}

void desk_home_log_visit(struct desk_home *h, int i)
{
    int64_t hid = desk_home_due_household(h, i);
    if (hid < 0 || h->d->visit == NULL)
        return;
    desk_visit_open(h->d->visit, hid, hid > 0 ? NULL : g_ptr_array_index(h->due_villages, i));
}

static void board_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_home *h = user;
    if (err != NULL) {
        desk_changed(h->d, "home-failed");
        return;
    }
    desk_board_fill(h->board, reply->ledger_board);
    h->board_shown = 1;
    desk_changed(h->d, "home-board");
}

/* A count of the board clicked: its items on the ledger page. */
static void on_board_cell(const char *area, const char *status, void *user)
{
    struct desk_home *h = user;
    if (h->d->ledger == NULL)
        return;
    desk_ledger_drill(h->d->ledger, NULL, area, status);
    gtk_stack_set_visible_child_name(GTK_STACK(desk_object(h->d, "main", "pages")), "ledger");
}

/* The points desk of the village (points.c): awards and the shop's redemptions. */
static void on_points(GtkButton *b, gpointer user)
{
    (void)b;
    struct desk_home *h = user;
    if (h->d->points != NULL)
        gtk_stack_set_visible_child_name(GTK_STACK(desk_object(h->d, "main", "pages")), "points");
}

/* The caller's own week (person 0), this week. */
static void week_refresh(struct desk_home *h)
{
    Zhucun__AttendanceWeek aw = ZHUCUN__ATTENDANCE_WEEK__INIT;
    aw.week = "";
    desk_call_cached(h->d, &aw.base, week_done, h, h->stamp);
}

void desk_home_refresh(struct desk_home *h)
{
    week_refresh(h);

    /* the board of the caller's own unit: a cadre's village */
    Zhucun__LedgerBoard lb = ZHUCUN__LEDGER_BOARD__INIT;
    desk_call_cached(h->d, &lb.base, board_done, h, h->stamp);

    Zhucun__VisitsDue vd = ZHUCUN__VISITS_DUE__INIT;
    desk_call_cached(h->d, &vd.base, due_done, h, h->stamp);

    Zhucun__FollowUpList fl = ZHUCUN__FOLLOW_UP_LIST__INIT;
    desk_call_cached(h->d, &fl.base, followups_done, h, h->stamp);

    Zhucun__LeaveList ll = ZHUCUN__LEAVE_LIST__INIT;
    ll.limit = 5;
    desk_call_cached(h->d, &ll.base, leaves_done, h, h->stamp);
}

int desk_home_due_count(struct desk_home *h)
{
    return h->n_due;
}

int desk_home_followup_count(struct desk_home *h)
{
    return h->n_followups;
}

int desk_home_leave_count(struct desk_home *h)
{
    return h->n_leaves;
}

/* ---- check-in ---- */

/* "37.87, 112.55", "37.87，112.55", "37.87 112.55" (as copied from a map). */
static int parse_coords(const char *text, double *lat, double *lon)
{
    char *s = g_strdup(text);
    /* The full-width comma (U+FF0C) and the ideographic space become ASCII. */
    char *t;
    while ((t = strstr(s, "，")) != NULL || (t = strstr(s, "　")) != NULL)
        memcpy(t, ",  ", 3);
    char *end;
    const char *p = s;
    while (*p == ' ' || *p == '(')
        p++;
    *lat = g_ascii_strtod(p, &end);
    int ok = end != p;
    p = end;
    while (*p == ' ' || *p == ',' || *p == ';' || *p == '\t')
        p++;
    *lon = g_ascii_strtod(p, &end);
    ok = ok && end != p;
    for (p = end; ok && *p != '\0'; p++)
        ok = *p == ' ' || *p == ')';
    g_free(s);
    return ok;
}

static void ci_clear(struct desk_home *h)
{
    GtkWidget *l = W(h, "ci_error");
    gtk_label_set_text(GTK_LABEL(l), "");
    gtk_widget_set_visible(l, FALSE);
    gtk_widget_remove_css_class(W(h, "ci_coords"), "error");
    gtk_widget_remove_css_class(W(h, "ci_accuracy"), "error");
}

/* Adds message to the error line and marks the entry focus (NULL: none), which gets the focus
 * when it is the first. A widget already marked keeps its first message. */
static void ci_error(struct desk_home *h, const char *message, const char *focus)
{
    if (focus != NULL && gtk_widget_has_css_class(W(h, focus), "error"))
        return;
    GtkWidget *l = W(h, "ci_error");
    const char *old = gtk_label_get_text(GTK_LABEL(l));
    int first = old[0] == '\0';
    char *t = first ? g_strdup(message) : g_strdup_printf("%s；%s", old, message);
    gtk_label_set_text(GTK_LABEL(l), t);
    g_free(t);
    gtk_widget_set_visible(l, TRUE);
    if (focus != NULL) {
        gtk_widget_add_css_class(W(h, focus), "error");
        if (first)
            gtk_widget_grab_focus(W(h, focus));
    }
}

/* The library names lat, lon or accuracy_m (the device's id and time are the desk's). */
static void on_ci_problem(const char *field, const char *message, void *user)
{
    ci_error(user, message,
             strcmp(field, "accuracy_m") == 0                         ? "ci_accuracy"
             : strcmp(field, "lat") == 0 || strcmp(field, "lon") == 0 ? "ci_coords"
                                                                      : NULL);
}

static void checkin_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_home *h = user;
    h->checking = 0;
    gtk_widget_set_sensitive(W(h, "ci_submit"), TRUE);
    GtkWidget *res = W(h, "ci_result");
    if (desk_outbox_queued(h->d, err, res)) {
        gtk_editable_set_text(GTK_EDITABLE(W(h, "ci_coords")), "");
        gtk_editable_set_text(GTK_EDITABLE(W(h, "ci_accuracy")), "");
        return;
    }
    if (err != NULL) {
        gtk_label_set_text(GTK_LABEL(res), err->message);
        gtk_widget_add_css_class(res, "error");
        desk_changed(h->d, "checkin-failed");
        return;
    }
    const Zhucun__CheckInReply *c = reply->check_in;
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, _("Check-in %lld recorded for the %s of %s."), (long long)c->id,
                           strcmp(c->slot, "night") == 0 ? _("night") : _("day"), c->slot_date);
    if (c->distance_m >= 0)
        g_string_append_printf(t, _(" %.0f m from the centre of village %s."), c->distance_m,
                               c->village_code);
    if (c->valid) {
        g_string_append(t, _(" Valid."));
    } else {
        g_string_append(t, _(" Flagged: "));
        for (size_t i = 0; i < c->n_flag_names; i++)
            g_string_append_printf(t, "%s%s", i ? "、" : "", flag_zh(c->flag_names[i]));
        g_string_append(t, _(" (recorded; the township will see the flags)."));
    }
    gtk_label_set_text(GTK_LABEL(res), t->str);
    if (c->valid)
        gtk_widget_remove_css_class(res, "error");
    else
        gtk_widget_add_css_class(res, "error");
    desk_status(h->d, t->str, !c->valid);
    g_string_free(t, TRUE);
    week_refresh(h); /* the week as it counts now */
    desk_changed(h->d, "checked-in");
}

int desk_home_check_in(struct desk_home *h)
{
    if (h->checking)
        return 0;
    double lat, lon;
    const char *coords = gtk_editable_get_text(GTK_EDITABLE(W(h, "ci_coords")));
    const char *acc_text = gtk_editable_get_text(GTK_EDITABLE(W(h, "ci_accuracy")));
    ci_clear(h);
    /* The form's own checks: text that is not numbers has no double to become, so the library
     * never sees it. What was read is still put to the library, the rest standing in as a
     * value it accepts. */
    int coords_ok = parse_coords(coords, &lat, &lon);
    if (!coords_ok)
        ci_error(h, _("Enter latitude and longitude, e.g. 37.8706, 112.5489"), "ci_coords");
    char *end;
    double acc = g_ascii_strtod(acc_text, &end);
    int acc_ok = end != acc_text && *end == '\0';
    if (!acc_ok)
        ci_error(h, _("Enter the accuracy in metres (more than 0)"), "ci_accuracy");
    Zhucun__CheckIn ci = ZHUCUN__CHECK_IN__INIT;
    ci.lat = coords_ok ? lat : 0;
    ci.lon = coords_ok ? lon : 0;
    ci.accuracy_m = acc_ok ? acc : 1;
    ci.device_id = "zhucun-desk";
    ci.client_time = zc_clock_now();
    /* The library's verdict: the ranges, a finite accuracy above 0. */
    int problems = desk_check(&ci.base, on_ci_problem, h);
    if (!coords_ok || !acc_ok || problems > 0)
        return 0;
    h->checking = 1;
    gtk_widget_set_sensitive(W(h, "ci_submit"), FALSE);
    gtk_label_set_text(GTK_LABEL(W(h, "ci_result")), _("Sending…"));
    /* Keyed: a retry after a lost reply cannot record it twice. */
    desk_call(h->d, &ci.base, checkin_done, h);
    return 1;
}

static void on_checkin(GtkWidget *w, gpointer user)
{
    (void)w;
    desk_home_check_in(user);
}

static void on_refresh(GtkButton *b, gpointer user)
{
    (void)b;
    desk_home_refresh(user);
}

struct desk_home *desk_home_new(struct desk *d)
{
    struct desk_home *h = g_new0(struct desk_home, 1);
    h->d = d;
    h->due = GTK_LIST_BOX(W(h, "home_due"));
    h->followups = GTK_LIST_BOX(W(h, "home_followups"));
    h->leaves = GTK_LIST_BOX(W(h, "home_leaves"));
    h->due_households = g_array_new(FALSE, TRUE, sizeof(int64_t));
    h->due_villages = g_ptr_array_new_with_free_func(g_free);
    set_placeholder(h->due, _("No visit is due"));
    set_placeholder(h->followups, _("No open follow-up item"));
    set_placeholder(h->leaves, _("No leave request"));
    /* the village board, under the summary line */
    h->board = desk_board_new(on_board_cell, h);
    GtkWidget *summary_row = gtk_widget_get_parent(W(h, "home_summary"));
    GtkWidget *column = gtk_widget_get_parent(summary_row);
    gtk_box_insert_child_after(GTK_BOX(column), desk_board_widget(h->board), summary_row);
    h->stamp = desk_cache_stamp_new(summary_row);
    /* and the points desk, under the board: a deed awarded or goods redeemed from here */
    h->points_button = gtk_button_new_with_mnemonic(_("Villager _points desk…"));
    gtk_widget_set_halign(h->points_button, GTK_ALIGN_START);
    gtk_widget_set_visible(h->points_button, d->points != NULL);
    g_signal_connect(h->points_button, "clicked", G_CALLBACK(on_points), h);
    gtk_box_insert_child_after(GTK_BOX(column), h->points_button, desk_board_widget(h->board));
    /* the week's chart, above its lines */
    h->week = desk_chart_new(480, 150);
    gtk_widget_set_halign(desk_chart_widget(h->week), GTK_ALIGN_START);
    GtkWidget *week_label = W(h, "home_week");
    gtk_box_insert_child_after(GTK_BOX(gtk_widget_get_parent(week_label)),
                               desk_chart_widget(h->week), gtk_widget_get_prev_sibling(week_label));
    g_signal_connect(W(h, "home_refresh"), "clicked", G_CALLBACK(on_refresh), h);
    g_signal_connect(W(h, "ci_submit"), "clicked", G_CALLBACK(on_checkin), h);
    desk_form_keys(gtk_widget_get_parent(W(h, "ci_coords")), W(h, "ci_coords"), W(h, "ci_submit"));
    return h;
}

void desk_home_free(struct desk_home *h)
{
    if (h == NULL)
        return;
    g_array_unref(h->due_households);
    g_ptr_array_unref(h->due_villages);
    desk_board_free(h->board);
    g_free(h);
}

GtkWidget *desk_home_points_button(struct desk_home *h)
{
    return h->points_button;
}

GtkWidget *desk_home_stamp(struct desk_home *h)
{
    return h->stamp;
}

struct desk_chart *desk_home_week_chart(struct desk_home *h)
{
    return h->week_shown ? h->week : NULL;
}

struct desk_board *desk_home_board(struct desk_home *h)
{
    return h->board_shown ? h->board : NULL;
}
