/* desk.h -- zhucun-desk, the GTK 4 desktop client: the state its screens share.
 *
 * Everything here runs on the GTK main thread; the network is behind conn.h (a worker thread
 * for requests, a second thread following the approval queue). The screens are GtkBuilder
 * files compiled into the program's GResource (/cn/zhucun/desk/). The tests (tests/desk/)
 * drive the same functions and widgets a person does. */
#ifndef ZHUCUN_DESK_H
#define ZHUCUN_DESK_H

#include <gtk/gtk.h>

#include "conn.h"

#define DESK_DOMAIN "zhucun-desk"
#define _(s)        g_dgettext(DESK_DOMAIN, s)
#define N_(s)       (s)

/* The roles this client knows how to serve, from WhoAmI's grants. */
enum desk_role_bit {
    DESK_ROLE_APPROVER = 1 << 0,   /* township, county_office, unit_admin */
    DESK_ROLE_HOUSEHOLD = 1 << 1,  /* county_office, team_captain, cadre, township */
    DESK_ROLE_CADRE = 1 << 2,      /* cadre, team_captain: the home page and check-in */
    DESK_ROLE_READER = 1 << 3,     /* who reads households and reports: offices, township,
                                      county_captain, team_captain, cadre, inspector */
    DESK_ROLE_SUPERVISOR = 1 << 4, /* five-days-four-nights report: offices, township,
                                      county_captain, inspector, team_captain */
};

struct desk_queue;
struct desk_household;
struct desk_home;
struct desk_hlist;
struct desk_report;
struct desk_deleg;
struct desk_visit;
struct desk_attendance;
struct desk_guar;
struct desk_ledger;

struct desk {
    GtkApplication *app; /* NULL in the tests */
    struct desk_endpoint ep;
    char *settings_path; /* desk.ini: the remembered server and username */

    /* Login */
    GtkBuilder *login_ui;
    GtkWindow *login_window;
    GtkBuilder *passwd_ui;
    GtkWindow *passwd_window;
    char *username;
    char *display_name;
    char *initial_password; /* kept only until the forced change is done */
    unsigned roles;
    char *role_text;                       /* "县驻村办 小店区" for the header */
    GPtrArray *grant_roles, *grant_scopes; /* WhoAmI's grants, in order (char *) */
    int busy;

    /* After login */
    struct desk_conn *conn;
    struct desk_follow *follow;
    GtkBuilder *main_ui;
    GtkWindow *main_window;
    char token[65]; /* the session, for the follower's connection */
    int worker_up, follow_up;
    int logged_in;   /* 0 again once the session has ended (expired, revoked, logged out) */
    int logging_out; /* Logout sent: the session's end, however it is heard of, is that */
    struct desk_queue *queue;
    struct desk_household *household;
    struct desk_home *home;
    struct desk_hlist *hlist;
    struct desk_report *report;
    struct desk_deleg *deleg;
    struct desk_visit *visit;           /* cadres: the visit form and the follow-up items */
    struct desk_attendance *attendance; /* supervisors: the five-days-four-nights report */
    struct desk_guar *guar;             /* readers: three guarantees, water, labour */
    struct desk_monitoring *monitoring; /* readers: return-to-poverty monitoring */
    struct desk_ledger *ledger;         /* readers: the ten-area ledgers and the board */
    struct desk_points *points;         /* readers: the points desk (points.c) */
    struct desk_services *services;     /* readers: service cases (the team opens them) */
    struct desk_policy *policy;         /* cadres, city and county offices: M8 */
    struct desk_projects *projects;     /* readers: the project library (项目库) */
    struct desk_build *build;           /* readers: construction and funds (P2) */
    struct desk_assets *assets;         /* readers: the assets page (project_assets.c) */
    struct desk_lookback *lookback;     /* offices, township: the look-back (P4) */
    struct desk_consume *consume;       /* unit administrators and offices: M7 (consume.c) */
    struct desk_inspect *inspect;       /* readers: inspections and circulars, G1 (inspect.c) */
    struct desk_stars *stars;           /* county offices and cadres: E2, E3 (stars.c) */
    struct desk_assess *assess;         /* county offices: the assessment workbench (assess.c) */
    struct desk_training *training;     /* teams, offices, unit administrators: T1, T2, G2 */
    struct desk_notices *notices;       /* every role but the exporter: D1 (notices.c) */
    struct desk_follow *notice_follow;  /* the notices' badge, live */
    struct desk_tasks *tasks;           /* offices and teams: tasks sent down, D2 (tasks.c) */
    struct desk_diary *diary;           /* cadres and their readers: the work diary, D3 */
    struct desk_allowance *allowance;   /* cadres, the placement's offices, units: D4 */
    struct desk_leave *leave;           /* cadres, teams, townships, county offices (daily) */
    struct desk_business *business;     /* townships, county offices: 公务 (daily) */
    struct desk_office_org *office_org; /* offices, township: the org tree and teams */
    struct desk_office_users *office_users; /* province, city, county offices: accounts */
    struct desk_nav *nav;                   /* the sidebar of sections (nav.c) */
    /* Offline (issue 24): the cache of the cadre's reads (cache.c) and the outbox page. */
    char *cache_path;           /* desk_cache_default_path(), or the tests' */
    struct desk_cache *cache;   /* the worker thread's own, opened at the first cached call */
    struct desk_outbox *outbox; /* the outbox page and the header's "待发送 N" */

    /* Tests: called whenever a screen changes state (a reply arrived, a list changed). */
    void (*changed_cb)(struct desk *d, const char *what, void *user);
    void *changed_user;
};

/* desk_init_i18n sets up gettext (the zh_CN catalogue is the default language), before
 * gtk_init; desk_load_css registers the resources and loads the CSS, after it. */
void desk_init_i18n(void);
void desk_load_css(void);

/* Creates the shared state: ep from client.conf (config_path, $ZHUCUN_CONFIG or
 * ~/.config/zhucun/client.conf) and the remembered server of desk.ini. Returns NULL and
 * prints why when the configuration cannot be read. */
struct desk *desk_new(GtkApplication *app, const char *config_path);
void desk_free(struct desk *d);

/* Copies a refused reply's field errors (field names, messages) for the form to show at its
 * fields; nothing when the reply is NULL (the request did not get an answer). */
void desk_field_errors(const Zhucun__Reply *reply, GPtrArray *fields, GPtrArray *messages);

/* A message of the client library (its argument checks: the server's words, in Chinese) read
 * through the library's gettext domain, not the desk's. */
#define L_(s) g_dgettext(ZC_MESSAGES_DOMAIN, s)

/* Called by desk_check for each problem of a request body: the field as the library and the
 * server name it ("village_code", "members[2].id_number") and the message, read through L_. */
typedef void (*desk_problem_cb)(const char *field, const char *message, void *user);

/* The verdict of the client library on a form's request body (zc_check_all): cb is called for
 * every field at fault, in the order the server checks them, with the message the CLI and the
 * server give for it. Returns the number of problems, 0 when body may be sent. A form keeps
 * only the checks the library cannot make (text that is not yet a value of the body). */
int desk_check(const ProtobufCMessage *body, desk_problem_cb cb, void *user);

/* desk_check for a form of the main window whose errors go to the status line: the messages
 * joined there, and the focus on the entry of the first field at fault. fields pairs a field
 * with its entry's id, NULL-terminated: {"org_code", "rp_org", NULL}. Returns 1 when body may
 * be sent. */
int desk_check_status(struct desk *d, const ProtobufCMessage *body, const char *const *fields);

/* For a field path "<list>[i].<rest>" ("members[2].id_number" with list "members"): i, and
 * *rest set to "id_number"; -1 when field is not one of list's elements. */
int desk_field_index(const char *field, const char *list, const char **rest);

/* Tells the test hook (if any) that what happened. */
void desk_changed(struct desk *d, const char *what);

/* A widget or other object of a screen's builder ("login", "passwd", "main", "reason",
 * "delegate"), or NULL. Every page of the main window is in "main". */
GObject *desk_object(struct desk *d, const char *screen, const char *id);

/* A call through the worker: body is a request's body (a Zhucun__LeaveList, ...), packed on
 * the spot (its strings need not outlive the call); the worker makes the call with zc_request
 * (client/lib: argument checks, keys and retries), and cb runs on the main loop with the
 * reply (NULL when none came: a refused argument, a transport failure) and err (NULL on
 * success); the reply is freed after cb. */
typedef void (*desk_reply_cb)(Zhucun__Reply *reply, const struct zc_error *err, void *user);
void desk_call(struct desk *d, const ProtobufCMessage *body, desk_reply_cb cb, void *user);

/* login.c */
void desk_login_show(struct desk *d);
/* Submits the login form as its button does. */
void desk_login_submit(struct desk *d);
/* Makes Esc close w (dialogs, the login window). */
void desk_add_escape(GtkWindow *w);
/* Shows the login window again after the session ended, the server and username kept, the
 * password empty, message (may be NULL) above the button. */
void desk_login_again(struct desk *d, const char *message);

/* window.c: the main window after login, by role. */
void desk_main_show(struct desk *d);
/* Shows or hides the lost-connection banner from the two connections' states. */
void desk_banner_update(struct desk *d);
/* Shows a message in the main window's status line. */
void desk_status(struct desk *d, const char *text, int error);
/* The session is over: the threads stop and the login window comes back. keep: the main
 * window is only hidden, so that logging in again as the same user finds every form as it
 * was (an expired or revoked session); otherwise it is destroyed (logging out). */
void desk_session_end(struct desk *d, const char *message, int keep);
/* Destroys the main window and its screens (someone else logs in, or logging out). */
void desk_main_discard(struct desk *d);
/* Logs out (Logout, then desk_session_end without keeping the window). */
void desk_logout(struct desk *d);

/* queue.c */
/* An approval's or a step's status for people; one step of an approval as one line (g_free). */
const char *desk_approval_status_text(const char *s);
char *desk_step_text(const Zhucun__ApprovalStep *s);
struct desk_queue *desk_queue_new(struct desk *d, GtkBuilder *ui);
void desk_queue_free(struct desk_queue *q);
void desk_queue_set_list(struct desk_queue *q, Zhucun__Reply *reply);
void desk_queue_add(struct desk_queue *q, Zhucun__Reply *reply);
/* Number of items shown, and the step id of row i (0 when none). */
int desk_queue_count(struct desk_queue *q);
int64_t desk_queue_step(struct desk_queue *q, int i);
/* Row i's second line as shown (the kind, the deadline, overdue and escalated marks), or NULL. */
const char *desk_queue_line(struct desk_queue *q, int i);
/* Selects the row of step; returns 0, or -1 when it is not in the list. */
int desk_queue_select(struct desk_queue *q, int64_t step);
/* The kind view showing the selected item in the detail pane: its kind's code ("leave",
 * "recall"), "" for the view of any kind the desk does not know; NULL when none is shown. */
const char *desk_queue_kind_view(struct desk_queue *q);
/* Steps listed in the detail's approval history (each round's), once it has arrived
 * (changed "history"; "history-failed" when it could not be read); -1 before, or for a kind
 * whose view shows none. */
int desk_queue_history_steps(struct desk_queue *q);
/* The reason dialog's builder while it is open (tests), else NULL. */
GtkBuilder *desk_queue_reason_ui(struct desk_queue *q);

/* household.c */
struct desk_household *desk_household_new(struct desk *d, GtkBuilder *ui);
void desk_household_free(struct desk_household *h);
/* Member rows: adds one (returns its index). */
int desk_household_add_member(struct desk_household *h);
/* A widget of member row i ("name", "relation", "id_number", "labour", "health", "phone",
 * "error"), or NULL. */
GtkWidget *desk_household_member_widget(struct desk_household *h, int i, const char *id);
/* Validates and, when valid, sends; returns 1 when it was sent, 0 when refused at a field. */
int desk_household_submit(struct desk_household *h);
/* Requests sent so far (tests: a refused form sends nothing). */
int desk_household_sent(struct desk_household *h);

/* home.c: the cadre's home: today's to-do and the check-in. */
struct desk_home *desk_home_new(struct desk *d);
void desk_home_free(struct desk_home *h);
/* Asks for the due visits, the follow-up items and the leave requests again. */
void desk_home_refresh(struct desk_home *h);
/* Rows shown in the due-visit, follow-up and leave lists. */
int desk_home_due_count(struct desk_home *h);
int desk_home_followup_count(struct desk_home *h);
int desk_home_leave_count(struct desk_home *h);
/* The village board once it has been filled (NULL before). */
/* The button to the points desk (shown when the account has the points page). */
GtkWidget *desk_home_points_button(struct desk_home *h);
struct desk_board *desk_home_board(struct desk_home *h);
/* The household id (0 for a village's V4 duty) of due row i, -1 when none; clicking its
   "log a visit" button. */
int64_t desk_home_due_household(struct desk_home *h, int i);
void desk_home_log_visit(struct desk_home *h, int i);
/* Checks in with the form's coordinates and accuracy; 1 when sent, 0 when refused. */
int desk_home_check_in(struct desk_home *h);

/* households.c: households of a village with search and filters, and one household shown. */
struct desk_hlist *desk_hlist_new(struct desk *d);
void desk_hlist_free(struct desk_hlist *l);
/* Lists again from the filters (the first page). */
void desk_hlist_search(struct desk_hlist *l);
int desk_hlist_count(struct desk_hlist *l);
/* Opens row i (HouseholdShow) into the detail pane. */
void desk_hlist_open(struct desk_hlist *l, int i);
/* The detail pane's monthly income sums (income.c), or NULL. */
struct desk_income *desk_hlist_income(struct desk_hlist *l);
/* The opened household's attachment strip (attach.h). */
GtkWidget *desk_hlist_attach(struct desk_hlist *l);

/* income.c: the monthly income sums of the household opened on the household page: last
 * month beside each item, the net and per-capita income computed as the cadre types
 * (common/rules/income.c), the acknowledgement, a correction's reason (IncomeHistory,
 * IncomeRecord). */
struct desk_income;
/* The panel, hidden, appended to parent (a vertical box). */
struct desk_income *desk_income_new(struct desk *d, GtkWidget *parent);
void desk_income_free(struct desk_income *in);
/* Shows the panel for a poverty-alleviated or monitored household (hides it for another) and
 * reads its months (changed "income-shown"). */
void desk_income_open(struct desk_income *in, int64_t household, const char *head_name,
                      const char *category);
void desk_income_hide(struct desk_income *in);
/* A widget of the panel: an item's entry ("wages", "business", "rent", "dividend", "pension",
 * "subsidy", "dibao", "other_transfer", "costs"), "month", "members", "ack", "ack_note",
 * "reason", "per_capita" (the figures as typed), "error", "save", "result"; or NULL. */
GtkWidget *desk_income_widget(struct desk_income *in, const char *id);
/* Validates and, when valid, sends (changed "income-saved" or "income-refused"); 1 when it
 * was sent, 0 when refused at a field ("income-invalid"). */
int desk_income_submit(struct desk_income *in);
int desk_income_sent(struct desk_income *in);

/* report.c: visit compliance for an org unit and month, with drill-down and xlsx export. */
struct desk_report *desk_report_new(struct desk *d);
void desk_report_free(struct desk_report *r);
/* Runs the report of the form's org unit and month. */
void desk_report_run(struct desk_report *r);
int desk_report_count(struct desk_report *r);
/* The key (org code, household id) of row i, or NULL. */
const char *desk_report_key(struct desk_report *r, int i);
/* The shown report's org unit and grouping ("org", "household", ...), or NULL. */
const char *desk_report_org(struct desk_report *r);
const char *desk_report_by(struct desk_report *r);
/* Clicking row i: an org unit row opens that unit's report. */
void desk_report_activate(struct desk_report *r, int i);
/* Opens the report of org (a unit below the shown one) for the shown month; "up" comes back. */
void desk_report_goto(struct desk_report *r, const char *org);
/* Writes the shown report to path (xlsx); returns 0, or -1. */
int desk_report_export(struct desk_report *r, const char *path);

/* Shared by the reports (report.c): a line of cells (the name wide, then n numbers), emptying
 * a box or a list, and the save dialog of an xlsx export (write returns 0 or -1). */
GtkWidget *desk_cells_box(const char *name, const char *const *nums, int n, const char *css);
void desk_box_clear(GtkWidget *box);
void desk_list_clear(GtkListBox *list);
typedef int (*desk_export_cb)(void *obj, const char *path);
void desk_export_dialog(struct desk *d, const char *name, desk_export_cb write, void *obj);

/* visit.c: the visit form (household or village, date, mode, cadres present, notes, problems)
 * and the follow-up items page (FollowUpList, FollowUpUpdate). */
struct desk_visit *desk_visit_new(struct desk *d);
void desk_visit_free(struct desk_visit *v);
/* Opens the form for a household (id > 0) or a village (code), today's date. */
void desk_visit_open(struct desk_visit *v, int64_t household_id, const char *village_code);
/* The caller's person id, the default of "cadres present" (from AttendanceWeek). */
void desk_visit_set_person(struct desk_visit *v, int64_t person);
/* Adds a problem row (returns its index); a widget of row i ("text", "responsible",
 * "deadline", "urgent", "error"). */
int desk_visit_add_problem(struct desk_visit *v);
GtkWidget *desk_visit_problem_widget(struct desk_visit *v, int i, const char *id);
/* Validates and sends; 1 when sent, 0 when refused at a field. */
int desk_visit_submit(struct desk_visit *v);
int desk_visit_sent(struct desk_visit *v);
/* The items page: list again; rows shown; the id of row i; select row i; update the selected
 * item with the form's status and note (1 when sent, 0 when refused at the field). */
void desk_items_refresh(struct desk_visit *v);
int desk_items_count(struct desk_visit *v);
int64_t desk_items_id(struct desk_visit *v, int i);
void desk_items_select(struct desk_visit *v, int i);
int desk_items_update(struct desk_visit *v);

/* attendance.c: five days and four nights for an org unit and ISO week (AttendanceReport),
 * with drill-down by child org unit and xlsx export. */
struct desk_attendance *desk_attendance_new(struct desk *d);
void desk_attendance_free(struct desk_attendance *a);
void desk_attendance_run(struct desk_attendance *a);
int desk_attendance_count(struct desk_attendance *a); /* child org unit rows */
const char *desk_attendance_key(struct desk_attendance *a, int i);
const char *desk_attendance_org(struct desk_attendance *a);
void desk_attendance_activate(struct desk_attendance *a, int i);
int desk_attendance_export(struct desk_attendance *a, const char *path);

/* delegation.c: the approver's delegations (a list with revoke, a dialog to add one). */
struct desk_deleg *desk_deleg_new(struct desk *d);
void desk_deleg_free(struct desk_deleg *g);
void desk_deleg_refresh(struct desk_deleg *g);
int desk_deleg_count(struct desk_deleg *g);
/* Opens the dialog (its builder is desk_object's "delegate" screen while it is open). */
void desk_deleg_dialog(struct desk_deleg *g);
GtkBuilder *desk_deleg_dialog_ui(struct desk_deleg *g);
/* Revokes the delegation of row i. */
void desk_deleg_revoke(struct desk_deleg *g, int i);

/* guarantees.c: a household's three guarantees and water entries with its gaps, the forms to
 * record and resolve them, its labour records and the form for one (docs/guarantees.md). The
 * page is added to stack as "guarantees"; without writer its write buttons are hidden. */
struct desk_guar *desk_guar_new(struct desk *d, GtkStack *stack, int writer);
void desk_guar_free(struct desk_guar *g);
/* Lists household's entries, gaps and labour records (changed "guarantees", then "labour"). */
void desk_guar_open(struct desk_guar *g, int64_t household);
/* A widget of the page by name ("household", "kind", "member", "date", "status", "place",
 * "delivered", "chronic", "cost", "own", "renovation", "note", "record", "result",
 * "resolved_on", "resolution", "resolve", "worker", "ldate", "lstatus", "lplace", "work",
 * "training", "subsidy", "labour_record", "lresult", "summary"), or NULL. */
GtkWidget *desk_guar_widget(struct desk_guar *g, const char *name);
/* Chooses member in the "member" or "worker" list; -1 when it is not offered. */
int desk_guar_choose(struct desk_guar *g, const char *name, int64_t member);
/* The forms: 1 when sent, 0 when refused at a field (nothing sent). */
int desk_guar_record(struct desk_guar *g);
int desk_guar_labour(struct desk_guar *g);
/* Selects entry to resolve (-1 when it is not an open problem of the list), and resolves it. */
int desk_guar_select(struct desk_guar *g, int64_t entry);
int desk_guar_resolve(struct desk_guar *g);
/* Shown so far: gaps, entries and labour records (-1 before a list came). */
int desk_guar_gaps(struct desk_guar *g);
int desk_guar_entries(struct desk_guar *g);
int desk_guar_labour_count(struct desk_guar *g);

/* desk.c: desk.ini in $XDG_CONFIG_HOME/zhucun/ */
void desk_settings_load(struct desk *d, char **server, char **username);
void desk_settings_save(struct desk *d);
/* The last village (a 12-digit village code) the account used on this server, kept in desk.ini
 * across restarts (group "villages", key user@server); NULL when none (g_free it).
 * desk_village_used: code was used (a household registered, a village's visit logged, a
 * ledger item written, households listed in it): remembered (changed "village-remembered");
 * anything but a village code is ignored. desk_village_fill: entry, when empty, gets it (the
 * visit, household and ledger forms open on it). */
char *desk_last_village(struct desk *d);
void desk_village_used(struct desk *d, const char *code);
void desk_village_fill(struct desk *d, GtkWidget *entry);

/* A role's name for people ("township" -> 乡镇党委); unknown roles as they are. */
const char *desk_role_name(const char *role);

/* Today in Shanghai as YYYY-MM-DD (out: 11 bytes). */
void desk_today(char out[11]);

/* Renders widget (realized and mapped) to a PNG; returns 0, or -1. */
int desk_snapshot_png(GtkWidget *widget, const char *path);

/* monitoring.c: the monitoring page (docs/monitoring.md), made in code and added to stack as
 * "monitoring": the cases (MonitorList, changed "monitoring"), one opened (MonitorShow,
 * changed "monitoring-shown") with its risks, measures, category history and what blocks its
 * elimination. */
struct desk_monitoring *desk_monitoring_new(struct desk *d, GtkStack *stack);
void desk_monitoring_free(struct desk_monitoring *m);
/* Lists the cases again with the page's filter. */
void desk_monitoring_refresh(struct desk_monitoring *m);
/* Opens case_id in the detail pane. */
void desk_monitoring_open(struct desk_monitoring *m, int64_t case_id);
/* Tests: cases listed; selects row i (0, or -1 when there is none); the conditions blocking
 * the elimination of the case shown (-1 before one is) and their text; the page. */
int desk_monitoring_count(struct desk_monitoring *m);
int desk_monitoring_select(struct desk_monitoring *m, int i);
int desk_monitoring_blockers(struct desk_monitoring *m);
const char *desk_monitoring_blocker_text(struct desk_monitoring *m);
GtkWidget *desk_monitoring_page(struct desk_monitoring *m);
/* Shows the household of the case shown on the households page (its button). */
void desk_monitoring_open_household(struct desk_monitoring *m);

/* households.c: a household category for people (poverty_alleviated: Poverty-alleviated,
 * translated); an unknown one as it is. The households and monitoring pages both show it. */
const char *desk_category_text(const char *category);

/* services.c: the service cases page (docs/services.md), made in code and added to stack as
 * "services": the cases in scope (ServiceCaseList, changed "services"), their counts
 * (ServiceReport, changed "services-report"), the competitions (ContestList, changed
 * "contests") and, with writer, the form that opens a case
 * (ServiceCaseCreate: "service-saved", "service-refused"; refused before sending by the rules:
 * "service-invalid"). */
struct desk_services;
struct desk_services *desk_services_new(struct desk *d, GtkStack *stack, int writer);
void desk_services_free(struct desk_services *s);
void desk_services_refresh(struct desk_services *s);
/* Checks the form and, when it passes, sends it: 1 when sent, 0 when refused at a field. */
int desk_services_submit(struct desk_services *s);
/* Tests: cases listed, rows of the counts, a form widget (household, category, subkind,
 * opened, summary), the counts' label ("report") or the competitions' ("contests"). */
int desk_services_count(struct desk_services *s);
/* The chosen case's evidence strip (attach.h). */
GtkWidget *desk_services_attach(struct desk_services *s);
/* Tests: chooses listed case i (0, or -1 when there is none); the chosen case's id. */
int desk_services_select(struct desk_services *s, int i);
int64_t desk_services_case(struct desk_services *s);
/* The chosen case's next step or its close, as typed in its form (step: 0 progress,
 * 1 hospital contact, 2 admission, 3 reimbursement; mediation: 0 none, 1 mediated, 2 partly,
 * 3 failed, 4 referred); each checks the form by the rules and, when it passes, sends it:
 * 1 when sent ("service-written" or "service-refused"), 0 when refused ("service-invalid"). */
void desk_services_chosen(struct desk_services *s, int step, const char *note, const char *outcome,
                          int mediation, const char *amount);
int desk_services_step(struct desk_services *s);
int desk_services_close(struct desk_services *s);
int desk_services_report_rows(struct desk_services *s);
/* Tests: the competitions' rounds listed (changed "contests"). */
int desk_services_contest_rounds(struct desk_services *s);
GtkWidget *desk_services_widget(struct desk_services *s, const char *id);
/* policy.c: the policy delivery page (docs/policy-delivery.md), made in code and added to
 * stack as "policy": a cadre's broadcast of the day and video of the week, with the day's
 * minutes and the week's videos against the rules (BroadcastList, VideoList: changed
 * "policy-day", "policy-week"); a city or county office's monthly quiz, created (the server
 * draws the sample) and scored (QuizCreate, QuizShow, QuizScore: "policy-quiz",
 * "policy-score"). NULL for an account that has neither part. */
struct desk_policy *desk_policy_new(struct desk *d, GtkStack *stack);
void desk_policy_free(struct desk_policy *p);
void desk_policy_refresh(struct desk_policy *p);
/* For the tests: a widget by name ("pol_minutes", "pol_broadcast" ...), the sampled cadres
 * listed, choosing one, the day's minutes and the week's videos shown. */
GtkWidget *desk_policy_widget(struct desk_policy *p, const char *name);
int desk_policy_cadres(struct desk_policy *p);
int desk_policy_select(struct desk_policy *p, int i);
void desk_policy_counts(struct desk_policy *p, unsigned *day_minutes, unsigned *week_videos);

/* project_build.c: a project's construction and money (docs/construction.md). The widget, for
 * the project page's tab: desk_project_build_set shows project_id (ProjectPlanShow: changed
 * "build-plan") and lets its form ask for a disbursement while status takes one
 * ("build-requested" or "build-refused", at the field). The page "construction" (施工与资金):
 * the caller's projects under construction, late first (ProjectBuildList: "build-projects"),
 * the one chosen shown in the widget. */
GtkWidget *desk_project_build_new(struct desk *d);
void desk_project_build_set(GtkWidget *w, int64_t project_id, const char *status);
/* For the tests: a part by name ("bld_amount", "bld_money" ...), the tasks listed and the
 * status of the i-th, the form's button. */
GtkWidget *desk_project_build_part(GtkWidget *w, const char *name);
int desk_project_build_tasks(GtkWidget *w);
const char *desk_project_build_task_status(GtkWidget *w, int i);
void desk_project_build_request(GtkWidget *w);
struct desk_build;
struct desk_build *desk_build_new(struct desk *d, GtkStack *stack);
void desk_build_free(struct desk_build *p);
void desk_build_refresh(struct desk_build *p);
int desk_build_pick(struct desk_build *p, int i);
int desk_build_count(struct desk_build *p);
GtkWidget *desk_build_widget(struct desk_build *p);

/* points.c: the points desk (docs/points.md): a household's balance and movements, an award,
 * a redemption from its village's shop with the cost and the balance after shown as chosen,
 * donations into stock. writer: the forms may send (the household writers). */
struct desk_points;
struct desk_points *desk_points_new(struct desk *d, GtkStack *stack, int writer);
void desk_points_free(struct desk_points *p);
/* Shows household (PointsHistory, then its village's PointsShop: changed "points-history",
 * "points-shop"); the integrator's link from the household pages. */
void desk_points_open(struct desk_points *p, int64_t household);
/* Finds the households of village whose head's name contains name (HouseholdList: changed
 * "points-found") and shows the first; desk_points_pick shows the i-th found. */
void desk_points_find(struct desk_points *p, const char *village, const char *name);
void desk_points_pick(struct desk_points *p, guint i);
/* The forms' buttons (changed "points-written" or "points-refused", then the household again). */
void desk_points_award(struct desk_points *p);
void desk_points_redeem(struct desk_points *p);
void desk_points_donate(struct desk_points *p);
/* Tests: the household and the balance shown, the shop's goods, filling the award and redeem forms,
 * the cost and balance-after line, the last message. */
int64_t desk_points_shown(struct desk_points *p);
int64_t desk_points_balance(struct desk_points *p);
size_t desk_points_goods(struct desk_points *p);
void desk_points_choose(struct desk_points *p, const char *deed, const char *reason, guint good,
                        const char *quantity);
const char *desk_points_after_text(struct desk_points *p);
const char *desk_points_message(struct desk_points *p);

/* ledger.c: the board grid (the ten areas as rows; overdue, open, in progress, done as
 * columns, overdue red; a click on a count calls cb with its area and LedgerList status), on
 * the ledger page and the cadre's home. */
#define DESK_BOARD_COLUMNS 4
typedef void (*desk_board_cb)(const char *area, const char *status, void *user);
struct desk_board;
struct desk_board *desk_board_new(desk_board_cb cb, void *user);
void desk_board_free(struct desk_board *b);
GtkWidget *desk_board_widget(struct desk_board *b);
void desk_board_fill(struct desk_board *b, const Zhucun__LedgerBoardReply *r);
/* Tests: the count shown in an area's row (ledger_areas' order) and column; a click on it. */
uint64_t desk_board_count(struct desk_board *b, int area, int column);
void desk_board_click(struct desk_board *b, int area, int column);

/* ledger.c: the ledger page (docs/ledger.md), made in code and added to stack as "ledger": the
 * board of an org unit (LedgerBoard, changed "ledger-board"), a count's items (LedgerList,
 * "ledger-items"), one opened with its history (LedgerItemShow, "ledger-shown"); for writers
 * the progress and new-item forms (LedgerItemUpdate, LedgerItemCreate: "ledger-written", or
 * "ledger-refused" / "ledger-invalid"). */
struct desk_ledger *desk_ledger_new(struct desk *d, GtkStack *stack, int writer);
void desk_ledger_free(struct desk_ledger *l);
/* The board again, of the org code typed (empty: the caller's own unit). */
void desk_ledger_refresh(struct desk_ledger *l);
/* Lists the items of org (NULL: the caller's scope) in area with status (LedgerList's). */
void desk_ledger_drill(struct desk_ledger *l, const char *org, const char *area,
                       const char *status);
/* Sends the forms as their buttons do; 1 when sent, 0 when refused before sending. */
int desk_ledger_update(struct desk_ledger *l);
int desk_ledger_create(struct desk_ledger *l);
/* Tests: the board; items listed (-1 before a list came); selects row i; the texts shown; the
 * forms filled (area and list: indexes of ledger_areas and ledger_lists; status: keep, open,
 * in progress, done). */
struct desk_board *desk_ledger_board(struct desk_ledger *l);
int desk_ledger_item_count(struct desk_ledger *l);
int desk_ledger_select(struct desk_ledger *l, int i);
const char *desk_ledger_detail(struct desk_ledger *l);
/* The chosen item's evidence strip (attach.h). */
GtkWidget *desk_ledger_attach(struct desk_ledger *l);
const char *desk_ledger_result(struct desk_ledger *l);
void desk_ledger_form(struct desk_ledger *l, const char *village, int area, int list,
                      const char *text, const char *responsible, const char *deadline);
void desk_ledger_progress(struct desk_ledger *l, int status, const char *note);

/* projects.c: the project library page 项目库 (docs/projects.md), made in code and added to
 * stack as "projects": the projects in scope (ProjectList, changed "projects"), one opened in a
 * notebook (ProjectShow, changed "projects-shown"): its 概况 tab with details, funds,
 * beneficiaries, timeline and evidence, and (writer) the form asking for its next state
 * (ProjectTransition, changed "projects-transition" or "projects-transition-failed"). Other
 * parts add tabs with desk_projects_add_tab: set_project is called with each project shown. */
struct desk_projects;
struct desk_projects *desk_projects_new(struct desk *d, GtkStack *stack, int writer);
void desk_projects_free(struct desk_projects *p);
void desk_projects_refresh(struct desk_projects *p);
void desk_projects_open(struct desk_projects *p, int64_t id);
void desk_projects_add_tab(struct desk_projects *p, const char *title, GtkWidget *w,
                           void (*set_project)(GtkWidget *, int64_t id, const char *status));
/* Asks for the shown project's move to state to (a code) with reason; -1 when no project is
 * shown or the rules refuse it (the status line says why). */
int desk_projects_transition(struct desk_projects *p, const char *to, const char *reason);
int desk_projects_count(struct desk_projects *p);
int desk_projects_select(struct desk_projects *p, int i);
int64_t desk_projects_shown(struct desk_projects *p);
const char *desk_projects_overview(struct desk_projects *p);
GtkWidget *desk_projects_page(struct desk_projects *p);
/* The form (writers: the "Project form" tab, filled from the project shown): saves it as a new
 * project (update 0) or as the shown one's details (1); changed "projects-saved",
 * "projects-save-failed" (the server's refusal, at the form's error label) or
 * "projects-invalid" (the rules', nothing sent; -1). Its widgets by name: villages, name,
 * year, budget, funds, responsible, start, end, expected, description, kind, error. */
int desk_projects_save(struct desk_projects *p, int update);
GtkWidget *desk_projects_widget(struct desk_projects *p, const char *id);
/* project_assets.c: the assets of projects (docs/assets.md). desk_project_assets_new: a
 * project's assets (AssetList, changed "assets-list"), a click showing one (AssetShow,
 * "assets-show"), the registration form (AssetSet, sent only while the project is at accepted
 * or later), upkeep (AssetMaintain) and income (AssetIncome) of the asset shown ("assets-written"
 * or "assets-refused"); desk_project_assets_set tells it the project and its status (project 0:
 * the caller's whole scope). The integrator's tab of the project page. */
GtkWidget *desk_project_assets_new(struct desk *d);
void desk_project_assets_set(GtkWidget *w, int64_t project_id, const char *status);
/* The page "assets" (资产管理): the scope's assets, due upkeep first, and a village's
 * public-welfare posts (WelfarePostList, "assets-posts"). */
struct desk_assets;
struct desk_assets *desk_assets_new(struct desk *d, GtkStack *stack);
void desk_assets_free(struct desk_assets *a);
void desk_assets_refresh(struct desk_assets *a);
void desk_assets_posts(struct desk_assets *a, const char *village);
/* Tests: the page's assets widget; of an assets widget, the assets listed (and *due of them due),
 * the asset shown, a click on the i-th row, a form field filled by its name ("name",
 * "value_fen", "asset_work" ...), the forms' buttons, the last message; the posts listed. */
GtkWidget *desk_assets_view(struct desk_assets *a);
size_t desk_assets_listed(GtkWidget *view, size_t *due);
int64_t desk_assets_shown(GtkWidget *view);
void desk_assets_click(GtkWidget *view, int i);
void desk_assets_fill(GtkWidget *view, const char *field, const char *value);
void desk_assets_register(GtkWidget *view);
void desk_assets_maintain(GtkWidget *view);
const char *desk_assets_message(GtkWidget *view);
size_t desk_assets_posts_count(struct desk_assets *a);
/* project_lookback.c: the look-back (docs/lookback.md). The review widget: a project's reviews
 * and the review form (LookbackList, LookbackReview; changed "lookback-campaigns",
 * "lookback-reviews", "lookback-written", "lookback-refused"), a tab of the project page;
 * desk_project_lookback_set shows a project (status: its state, shown). Its fields by name
 * ("lb_campaign", "lb_date", "lb_doc_0".., "lb_found", "lb_upkeep", "lb_verdict", "lb_note",
 * "lb_findings", "lb_area", "lb_responsible", "lb_deadline", "lb_save", "lb_result",
 * "lb_reviews"). */
GtkWidget *desk_project_lookback_new(struct desk *d);
void desk_project_lookback_set(GtkWidget *w, int64_t project_id, const char *status);
GtkWidget *desk_project_lookback_widget(GtkWidget *w, const char *name);
/* The 回头看 page ("lookback"): a campaign's progress by child unit and the projects not yet
 * reviewed (LookbackProgress: changed "lookback-progress"); a project clicked opens the form
 * below it. NULL for an account that is no office or township. */
struct desk_lookback;
struct desk_lookback *desk_lookback_new(struct desk *d, GtkStack *stack);
void desk_lookback_free(struct desk_lookback *l);
void desk_lookback_refresh(struct desk_lookback *l);
void desk_lookback_open(struct desk_lookback *l, int64_t campaign);
unsigned desk_lookback_not_reviewed(struct desk_lookback *l);
int desk_lookback_pick(struct desk_lookback *l, int i);
GtkWidget *desk_lookback_form(struct desk_lookback *l);
const char *desk_lookback_progress_text(struct desk_lookback *l);
/* The forms made in code (policy.c, consume.c): a row of widgets (NULL-terminated), 6 px
 * apart; a section's heading. */
GtkWidget *desk_hrow(GtkWidget *first, ...);
GtkWidget *desk_heading(const char *text);
/* A page's widgets by name (keep, entry, label) and its form's problems: fields pairs a body's
 * field with the widget marked for it ({"amount", "con_amount", NULL}), result names the label
 * the messages are joined in. desk_form_check: the library's verdict on body (desk_check),
 * marked; the number of problems. desk_form_refused: the server's refusal, marked. */
struct desk_form {
    GHashTable *w;
    const char *const *fields;
    const char *result;
};
void desk_form_init(struct desk_form *f, const char *const *fields, const char *result);
void desk_form_free(struct desk_form *f);
GtkWidget *desk_form_widget(const struct desk_form *f, const char *name);
GtkWidget *desk_form_keep(struct desk_form *f, const char *name, GtkWidget *w);
GtkWidget *desk_form_entry(struct desk_form *f, const char *name, const char *hint, int chars);
GtkWidget *desk_form_label(struct desk_form *f, const char *name);
const char *desk_form_text(const struct desk_form *f, const char *name);
void desk_form_clear(struct desk_form *f);
int desk_form_check(struct desk_form *f, const ProtobufCMessage *body);
void desk_form_refused(struct desk_form *f, const struct zc_error *err);
/* A form's write, both ends. desk_form_send: body sent through d (desk_call: cb with user)
 * when the library's checks pass, 1; else its problems marked, the test hook told refused, 0.
 * desk_form_answered, first in cb: the marks cleared; a refusal (err) marked at its field,
 * the test hook told failed, -1; 0 when the write was done. desk_form_say: text (taken, freed)
 * in the result label. */
int desk_form_send(struct desk_form *f, struct desk *d, const ProtobufCMessage *body,
                   desk_reply_cb cb, void *user, const char *refused);
int desk_form_answered(struct desk_form *f, struct desk *d, const struct zc_error *err,
                       const char *failed);
void desk_form_say(struct desk_form *f, char *text);
/* text as a whole number (an id, points): 0 when empty, -1 when it is no number of digits (the
 * checks or the server refuse it at its field); desk_form_id: the text of entry name so. */
int64_t desk_id_of(const char *text);
int64_t desk_form_id(const struct desk_form *f, const char *name);
/* A list box kept as name (a row activated by a single click) in a scrolled window height px
 * high, which is returned; desk_list_line appends a line of text to a list (error: in red),
 * desk_list_clear (above) empties one. */
GtkWidget *desk_form_list(struct desk_form *f, const char *name, int height);
void desk_list_line(GtkListBox *list, const char *text, int error);
/* A choice: a dropdown kept as name that shows labels and stands for values (a code or an id
 * as text, what the form sends). desk_choice_set gives it n of each (copied), keeping the value
 * chosen before when it is still offered, else the first; desk_choice_value: the chosen value,
 * "" when none is offered; desk_choice_select: chooses value, 0, or -1 when it is not offered;
 * desk_choice_count: the values offered. */
/* Keyboard-first entry, one helper for every form (docs/desk.md): Enter in any entry, password
 * or spin field under root that has no Enter of its own activates save (when it is sensitive);
 * first takes the focus when root is shown, unless the focus is in the sidebar (a person
 * moving through the pages) or already in the form, or save is insensitive (read only); Tab follows
 * GTK's order, the fields' reading order (top to bottom, then left to right), every field and
 * button reachable. desk_form_keys_refresh: the same for entries added since (a form's new rows).
 * desk_form_focus_first: the first field of the form on page (page or under it) focused; 0 when
 * there is none. desk_form_focus: w focused, in place of its form's first field when the form
 * was just shown (a form opened on a field of its own choosing). desk_form_save_button: the
 * button Enter in entry activates, or NULL. */
void desk_form_keys(GtkWidget *root, GtkWidget *first, GtkWidget *save);
void desk_form_keys_refresh(GtkWidget *root);
int desk_form_focus_first(GtkWidget *page);
void desk_form_focus(GtkWidget *w);
GtkWidget *desk_form_save_button(GtkWidget *entry);
GtkWidget *desk_form_choice(struct desk_form *f, const char *name);
void desk_choice_set(GtkWidget *choice, const char *const *labels, const char *const *values,
                     size_t n);
const char *desk_choice_value(GtkWidget *choice);
int desk_choice_select(GtkWidget *choice, const char *value);
size_t desk_choice_count(GtkWidget *choice);

/* consume.c: the consumption assistance page (docs/consumption.md), made in code and added to
 * stack as "consume": a unit administrator's progress this year and a purchase in the unit's
 * name (QuotaProgress "consume-progress", PurchaseRecord "consume-buy", refused before sending
 * "consume-buy-refused"); an office's units, the largest shortfall first. NULL for an account
 * that is neither. */
struct desk_consume;
struct desk_consume *desk_consume_new(struct desk *d, GtkStack *stack);
void desk_consume_free(struct desk_consume *p);
void desk_consume_refresh(struct desk_consume *p);
/* Tests: a widget by name ("con_amount", "con_buy", "con_progress" ...); the office's rows. */
GtkWidget *desk_consume_widget(struct desk_consume *p, const char *name);
int desk_consume_units(struct desk_consume *p);
/* inspect.c: the inspections page (docs/inspections.md, docs/circulars.md), made in code and
 * added to the stack as "inspect": the inspections seen (InspectionList "inspect-list"), one's
 * findings with their items' state (InspectionShow "inspect-show": desk_inspect_show), the
 * circulars received ("inspect-circulars"), one opened as its PDF, saved to the user's cache
 * directory and handed to the viewer unless ZHUCUN_DESK_NO_VIEWER is set (CircularGet
 * "inspect-pdf": desk_inspect_open_pdf). An office also records an inspection of its own
 * ("ins_record": InspectionRecord "inspect-record", the new one then shown) and adds a finding
 * to the one shown ("fnd_add": FindingAdd "inspect-finding"; its team chosen among those the
 * inspection visited, "fnd_team", and its cadre among the team's current members or none,
 * "fnd_person": choices filled by TeamShow, "inspect-teams" once all have come, else
 * "inspect-teams-failed"), with the finding's photos in a
 * strip ("fnd_photos", attach.h); refused before sending "inspect-record-refused",
 * "inspect-finding-refused", by the server "inspect-record-failed", "inspect-finding-failed",
 * each marked at its field. NULL for an account without a reader's role. */
struct desk_inspect;
struct desk_inspect *desk_inspect_new(struct desk *d, GtkStack *stack);
void desk_inspect_free(struct desk_inspect *p);
void desk_inspect_refresh(struct desk_inspect *p);
int desk_inspect_show(struct desk_inspect *p, int i);
int desk_inspect_open_pdf(struct desk_inspect *p, int i);
/* Tests: a widget by name ("ins_summary", "ins_from", "fnd_team", "fnd_result" ...). */
GtkWidget *desk_inspect_widget(struct desk_inspect *p, const char *name);
/* Rows of "inspections", "circulars" or "findings". */
int desk_inspect_count(struct desk_inspect *p, const char *what);
/* The inspection the finding form adds to: the office's own, shown; 0 none. */
int64_t desk_inspect_picked(struct desk_inspect *p);
const char *desk_inspect_pdf_path(struct desk_inspect *p);

/* stars.c: the stars and points page (docs/stars-points.md), made in code and added to stack
 * as "stars": a county office's teams' stars of the last whole half with the filing's state
 * (StarsList, "stars-list") and its cadres' ranking of the year (CadrePointsRanking,
 * "stars-ranking"); a team's row picked ("st_teams" row-activated), its stars adjusted by an
 * indicator of the city ("st_adjust": StarsAdjust "stars-adjust"); a cadre's row picked
 * ("st_ranking"), a points item of the quarter ("pt_add": CadrePointsAdd "stars-points"); the
 * indicator ("st_code") and the item ("pt_item") are choices filled by StarsCodes ("stars-codes",
 * "stars-codes-failed"; read again for a changed quarter);
 * refused before sending "stars-adjust-refused", "stars-points-refused", by the server
 * "stars-adjust-failed", "stars-points-failed", each marked at its field. The county office's
 * filings: the half's stars computed ("st_compute": StarsCompute "stars-compute") and filed
 * with the province ("st_file": StarsFile "stars-file"), refused at the summary ("st_summary");
 * the first points of the quarter in "pt_quarter" rated ("pt_rate": CadrePointsRate
 * "stars-rate") and filed ("pt_file": CadrePointsFile "stars-points-file"), refused at the
 * quarter; refused before sending "<that>-refused", by the server "<that>-failed"; the
 * quarter's filing read with StarsStatus ("pt_filing", "stars-status"). A city office's
 * cadres' ranking of the year ("stars-ranking"). A province office's, and a city office's for
 * its city, filings of every county (StarsStatus, each answer "stars-status", a failure
 * "stars-status-failed"): a half's stars ("fs_half" chosen, "fs_stars_counts", "fs_stars")
 * and a quarter's points ("fs_quarter", "fs_points_counts", "fs_points"). A cadre's or team
 * captain's own points, "我的积分" (CadrePointsHistory, "stars-mine"). NULL for an account
 * that is none of those. */
struct desk_stars;
struct desk_stars *desk_stars_new(struct desk *d, GtkStack *stack);
void desk_stars_free(struct desk_stars *p);
void desk_stars_refresh(struct desk_stars *p);
/* Tests: a widget by name ("st_summary", "st_totals", "st_code", "pt_item" ...); rows shown of
 * "teams", "entries", "ranks"; the half shown. */
GtkWidget *desk_stars_widget(struct desk_stars *p, const char *name);
int desk_stars_count(struct desk_stars *p, const char *what);
const char *desk_stars_half(struct desk_stars *p);

/* assess.c: the county's assessment workbench (docs/assessment.md), made in code and added to
 * stack as "assess" for a county office: this quarter's round of its teams (AssessList,
 * AssessRoundShow: "assess-round"), a score entered (AssessScoreSet), ranking (AssessRank),
 * a grade overridden with a reason (AssessGradeOverride) and submission (AssessSubmit), each
 * "assess-write" (refused by the server: "assess-write-failed"); the quota check live as a
 * grade is chosen ("assess-quota-ok", "assess-quota-broken"), a broken quota in red and the
 * override not sent ("assess-override-refused"). NULL for any other account. */
struct desk_assess;
struct desk_assess *desk_assess_new(struct desk *d, GtkStack *stack);
void desk_assess_free(struct desk_assess *p);
void desk_assess_refresh(struct desk_assess *p);
/* For the tests: a widget by name, and the grade dropdown and reason entry of result i. */
GtkWidget *desk_assess_widget(struct desk_assess *p, const char *name);
GtkWidget *desk_assess_grade(struct desk_assess *p, size_t i);
GtkWidget *desk_assess_reason(struct desk_assess *p, size_t i);

/* training.c: the study and training page (docs/training.md), made in code and added to stack
 * as "training": a team's study log and a study's form (StudyList "training-study", StudyRecord
 * "training-study-record", refused before sending "training-study-refused"); the offices' and
 * supervisors' untrained cadres ("training-untrained") and missed study weeks
 * ("training-missed"); a unit administrator's hearings and leader visits ("training-records").
 * NULL for an account that is none of those. */
struct desk_training;
struct desk_training *desk_training_new(struct desk *d, GtkStack *stack);
void desk_training_free(struct desk_training *p);
void desk_training_refresh(struct desk_training *p);
/* Tests: a widget by name ("trn_topic", "trn_people", "trn_record", "trn_result" ...); the rows
 * of a list ("study", "untrained", "missed", "records"). */
GtkWidget *desk_training_widget(struct desk_training *p, const char *name);
int desk_training_rows(struct desk_training *p, const char *list);

/* notices.c: the notices page (docs/notices.md), made in code and added to stack as "notices"
 * for every role but the exporter (NULL otherwise): the caller's notices (NoticeList,
 * "notices"), one opened (NoticeShow, "notices-shown"), a reply (NoticeReply "notices-replied",
 * refused before sending "notices-reply-refused"); the badge in the page's title
 * ("notices-badge"), set from the list and from the notice follower's counts. */
struct desk_notices;
struct desk_notices *desk_notices_new(struct desk *d, GtkStack *stack);
void desk_notices_free(struct desk_notices *p);
void desk_notices_refresh(struct desk_notices *p);
void desk_notices_set_badge(struct desk_notices *p, uint32_t n);
void desk_notices_open(struct desk_notices *p, int64_t id);
/* Tests: the badge; a widget by name ("ntc_badge", "ntc_detail", "ntc_reply", "ntc_send",
 * "ntc_result", "ntc_reply_row"); the list's rows and the notice of one. */
uint32_t desk_notices_badge(const struct desk_notices *p);
GtkWidget *desk_notices_widget(struct desk_notices *p, const char *name);
int desk_notices_rows(const struct desk_notices *p);
int64_t desk_notices_id(const struct desk_notices *p, int row);
/* The sender's follow-up (offices, townships, unit administrators): the notices sent
 * (NoticeSent, "notices-sent", read with the inbox by desk_notices_refresh); desk_notices_pick
 * follows one up: its report by child unit (NoticeReport "notices-report", its recipients,
 * read and replied in counts) and who has not read or replied as chosen in ntc_what
 * (NoticePending "notices-pending"); the button ntc_remind reminds them (NoticeRemind
 * "notices-reminded", the count in ntc_reminded; refused "notices-remind-failed"). */
void desk_notices_pick(struct desk_notices *p, int64_t id);
int desk_notices_sent_rows(const struct desk_notices *p);
int64_t desk_notices_sent_id(const struct desk_notices *p, int row);
int desk_notices_pending_rows(const struct desk_notices *p);
void desk_notices_report(const struct desk_notices *p, uint32_t counts[3]);
/* notices_send.c: the notices page's send form for an office (province, city, county,
 * township), from its own place: to the cadres serving under a place or to the offices of the
 * units below a place (NoticeSend "notices-send", refused before sending
 * "notices-send-refused", by the server "notices-send-failed"; the sent notices read again).
 * NULL for any other account. Tests: desk_notices_sender(page) and a widget by name
 * ("nts_title", "nts_body", "nts_scope", "nts_code", "nts_ask", "nts_by", "nts_send",
 * "nts_result"). */
struct desk_notices_send;
struct desk_notices_send *desk_notices_send_new(struct desk *d, struct desk_notices *page,
                                                GtkBox *box);
void desk_notices_send_free(struct desk_notices_send *p);
GtkWidget *desk_notices_send_widget(struct desk_notices_send *p, const char *name);
struct desk_notices_send *desk_notices_sender(struct desk_notices *p);

/* tasks.c: the tasks page (docs/tasks.md), made in code and added to stack as "tasks": an
 * office's tasks sent (TaskSent "tasks-sent") and a task's board, drilled down by a unit's row
 * (TaskBoard "tasks-board"); a team's tasks (TaskList "tasks-list") and a report on the one
 * clicked (TaskReport "tasks-report", refused before sending "tasks-report-refused"). NULL for
 * an account that is neither. */
struct desk_tasks;
struct desk_tasks *desk_tasks_new(struct desk *d, GtkStack *stack);
void desk_tasks_free(struct desk_tasks *p);
void desk_tasks_refresh(struct desk_tasks *p);
/* Tests: a widget by name ("tsk_sent", "tsk_board", "tsk_mine", "tsk_note", "tsk_progress",
 * "tsk_done", "tsk_up", "tsk_result", "tsk_board_summary" ...); the rows of a list ("sent",
 * "board", "mine"). */
GtkWidget *desk_tasks_widget(struct desk_tasks *p, const char *name);
int desk_tasks_rows(struct desk_tasks *p, const char *list);
/* Writes the shown board to path as `zhucun task board --xlsx` does: 0, or -1 (none shown, or
 * the file could not be written). */
int desk_tasks_export(struct desk_tasks *p, const char *path);

/* diary.c: the work diary page (docs/diary.md), made in code and added to stack as "diary": a
 * cadre's records of a day offered (DiaryDay "diary-day") and the day's entry linking the ticked
 * ones (DiaryWrite "diary-write", refused before sending "diary-write-refused"); the readers'
 * entries of the last 30 days (DiaryList "diary-list") and a cadre's days without one
 * (DiaryMissing "diary-missing"). NULL for an account that is neither. */
struct desk_diary;
struct desk_diary *desk_diary_new(struct desk *d, GtkStack *stack);
void desk_diary_free(struct desk_diary *p);
void desk_diary_refresh(struct desk_diary *p);
/* Tests: a widget by name ("dia_day", "dia_done", "dia_write", "dia_person", "dia_missing_go",
 * "dia_result", "dia_mresult" ...); the rows of a list ("records", "entries", "missing"). */
GtkWidget *desk_diary_widget(struct desk_diary *p, const char *name);
int desk_diary_rows(struct desk_diary *p, const char *list);

/* allowance.c: the allowance page (docs/allowances.md), made in code and added to stack as
 * "allowance": a cadre's own statements, a unit administrator's unit's (AllowanceList
 * "allowance-list"); the township's and county office's month drafted (AllowanceCompute), the
 * listed drafts' days confirmed (AllowanceConfirm), the confirmed sent (AllowanceSubmit): each
 * "allowance-write", refused before sending "allowance-refused", by the server
 * "allowance-write-failed". NULL for an account that is none of those. */
struct desk_allowance;
struct desk_allowance *desk_allowance_new(struct desk *d, GtkStack *stack);
void desk_allowance_free(struct desk_allowance *p);
void desk_allowance_refresh(struct desk_allowance *p);
/* A statement as one line (the page's rows, the queue's detail); g_free it. */
char *desk_allowance_line(const Zhucun__AllowanceStatement *s);
/* Tests: a widget by name ("alw_month", "alw_compute", "alw_confirm", "alw_submit",
 * "alw_result", "alw_summary"); the rows listed; an office's row ticked (on 1) or not, 0, or
 * -1 when there is no such box. Confirm and send with nothing ticked: "allowance-none-ticked". */
GtkWidget *desk_allowance_widget(struct desk_allowance *p, const char *name);
int desk_allowance_rows(struct desk_allowance *p);
int desk_allowance_tick(struct desk_allowance *p, int row, int on);
/* The page's rates section (NULL for those who publish none), for tests. */
struct desk_allowance_rates *desk_allowance_rates_of(struct desk_allowance *p);

/* allowance_rates.c: the allowance page's rates section (docs/allowances.md "The rates"), added
 * to page for the province office (the province-wide rates) and a county office (its county's):
 * the rates that apply today and where each came from (AllowanceRateList "allowance-rates",
 * failed "allowance-rates-failed"), a version published (AllowanceRateSet
 * "allowance-rate-set", refused before sending "allowance-rate-refused", by the server
 * "allowance-rate-failed"). NULL for any other account. */
struct desk_allowance_rates;
struct desk_allowance_rates *desk_allowance_rates_new(struct desk *d, GtkBox *page);
void desk_allowance_rates_free(struct desk_allowance_rates *p);
void desk_allowance_rates_refresh(struct desk_allowance_rates *p);
/* Tests: a widget by name ("rt_level", "rt_living", "rt_transport", "rt_from", "rt_note",
 * "rt_set", "rt_result", "rt_list"); the rates listed. */
GtkWidget *desk_allowance_rates_widget(struct desk_allowance_rates *p, const char *name);
int desk_allowance_rates_rows(struct desk_allowance_rates *p);

/* ---- issue 24: the desk's daily pages (docs/desk.md) ---- */

/* daily.c: what they share. The scope of the first grant with one of roles (NULL-terminated),
 * NULL when the account has none; a page in a scrolled window added to stack as name, its
 * vertical box returned; the choice filled with the cadres serving in scope (AttendanceReport:
 * changed what, then then(user); "<what>-failed" when refused). */
const char *desk_daily_scope(struct desk *d, const char *const *roles);
GtkWidget *desk_daily_page(GtkStack *stack, const char *name, const char *title);
void desk_daily_cadres(struct desk *d, const char *scope, GtkWidget *choice, const char *what,
                       void (*then)(void *user), void *user);

/* daily_household.c: the opened household's changes, for the roles that write households
 * (NULL for another): phone and address (HouseholdUpdate "household-update"), a member joins
 * (HouseholdMemberAdd "household-member-add"), a member leaves (HouseholdMemberLeave
 * "household-member-leave"); refused before sending "<that>-refused", by the server
 * "<that>-failed", each marked at its field; after a write reopen(user) reads the household
 * again. desk_hhedit_box: the panel (hidden until a household is opened). */
struct desk_hhedit;
struct desk_hhedit *desk_hhedit_new(struct desk *d, void (*reopen)(void *user), void *user);
GtkWidget *desk_hhedit_box(struct desk_hhedit *e);
void desk_hhedit_open(struct desk_hhedit *e, const Zhucun__Household *hh);
void desk_hhedit_hide(struct desk_hhedit *e);
void desk_hhedit_free(struct desk_hhedit *e);
/* Tests: a widget by name ("hhe_phone", "hhe_address", "hhe_save", "hhe_result", "hhm_name",
 * "hhm_relation", "hhm_id", "hhm_labour", "hhm_health", "hhm_phone", "hhm_add", "hhm_result",
 * "hml_member", "hml_date", "hml_reason", "hml_head", "hml_leave", "hml_result"); the panel of
 * the household page. */
GtkWidget *desk_hhedit_widget(struct desk_hhedit *e, const char *name);
struct desk_hhedit *desk_hlist_edit(struct desk_hlist *l);

/* daily_leave.c: the leave page ("leave"): a cadre's requests (LeaveList "leave-list") and a
 * request, cancel, 销假 and a returned one resubmitted ("leave-write", refused before sending
 * "leave-refused", by the server "leave-write-failed"); an office's record of a cadre's
 * request by WeChat, SMS, phone or paper (the cadres: "leave-cadres"). NULL for an account
 * that is none of those. desk_leave_pick: row i picked ("leave-picked"), -1 when none. */
struct desk_leave;
struct desk_leave *desk_leave_new(struct desk *d, GtkStack *stack);
void desk_leave_free(struct desk_leave *p);
void desk_leave_refresh(struct desk_leave *p);
int desk_leave_pick(struct desk_leave *p, int i);
/* The outbox's refused request id (outbox_page.c) in the form, on the leave page, the server's
 * message at field ("leave-correcting"); the next send corrects the entry in the outbox
 * (desk_outbox_correct: "leave-corrected") instead of sending a new request. */
void desk_leave_correct(struct desk_leave *p, int64_t id, const Zhucun__LeaveRequest *lr,
                        const char *field, const char *message);
/* Tests: a widget by name ("lv_first", "lv_last", "lv_reason", "lv_send", "lv_resubmit",
 * "lv_cancel", "lv_return", "lv_end", "lv_person", "lv_channel", "lv_result", "lv_list"); the
 * rows listed. */
GtkWidget *desk_leave_widget(struct desk_leave *p, const char *name);
int desk_leave_rows(struct desk_leave *p);

/* daily_business.c: the official business page ("business") of a township or county office:
 * a day recorded for a cadre (OfficialBusinessRecord "business-record", refused before sending
 * "business-record-refused", by the server "business-record-failed"), the days recorded
 * (OfficialBusinessList "business-list"; the cadres: "business-cadres"). NULL for another
 * account. */
struct desk_business;
struct desk_business *desk_business_new(struct desk *d, GtkStack *stack);
void desk_business_free(struct desk_business *p);
void desk_business_refresh(struct desk_business *p);
/* Tests: a widget by name ("ob_person", "ob_date", "ob_note", "ob_record", "ob_result",
 * "ob_only", "ob_refresh", "ob_summary", "ob_list"); the rows listed. */
GtkWidget *desk_business_widget(struct desk_business *p, const char *name);
int desk_business_rows(struct desk_business *p);

/* office_org.c: the offices' organisation page, made in code and added to stack as
 * "office-org" for a province, city or county office or a township (NULL otherwise): the
 * caller's divisions as a tree read as it is expanded (OrgShow of each grant's unit
 * "office-org-root", OrgChildren "office-org-children"); the search box "org_query" (OrgSearch
 * "office-org-search", refused "office-org-search-refused") whose first match the tree opens
 * down to and selects ("office-org-jumped", "office-org-jump-failed"); the selected unit
 * ("org_unit") and, for a village or township, its team and members ("org_team",
 * "org_members": TeamShow "office-org-team"). The offices' forms ("org_forms"): the team made
 * ("tm_name", "tm_create": TeamCreate "office-team-create"), a person assigned by username
 * ("as_user", "as_post", "as_unit", "as_start", "as_save": UserShow then TeamAssign
 * "office-team-assign"), a member clicked and their service ended ("rc_date", "rc_reason",
 * "rc_note", "rc_save": TeamRecall "office-team-recall", a recall's approval in "rc_result");
 * refused before sending "<that>-refused", by the server "<that>-failed", at the field. Enter
 * in a form's entry saves it. desk_office_org_refresh reads the roots (once) and puts the focus
 * in the search box; desk_office_org_jump opens the tree down to code. */
struct desk_office_org;
struct desk_office_org *desk_office_org_new(struct desk *d, GtkStack *stack);
void desk_office_org_free(struct desk_office_org *p);
void desk_office_org_refresh(struct desk_office_org *p);
void desk_office_org_jump(struct desk_office_org *p, const char *code);
/* Tests: a widget by name; the tree's rows shown, row i expanded (-1: no such row); the unit
 * selected; the team's members listed. */
GtkWidget *desk_office_org_widget(struct desk_office_org *p, const char *name);
guint desk_office_org_rows(struct desk_office_org *p);
int desk_office_org_expand(struct desk_office_org *p, guint i);
const char *desk_office_org_picked(struct desk_office_org *p);
size_t desk_office_org_members(struct desk_office_org *p);

/* office_users.c: the offices' accounts page, made in code and added to stack as
 * "office-users" for a province, city or county office (NULL otherwise): an account made
 * ("ua_username", "ua_name", "ua_phone", "ua_party", "ua_unit", "ua_org", "ua_role",
 * "ua_scope", "ua_save": UserAdd "office-user-add", its initial password once in
 * "ua_password"); an account ("uu_username") whose password is reset ("uu_reset":
 * UserResetPassword "office-user-reset", shown once in "uu_password"), disabled or enabled
 * ("uu_disable", "uu_enable": UserDisable "office-user-state"); refused before sending
 * "office-user-add-refused", "office-user-refused", by the server "office-user-add-failed",
 * "office-user-failed", at the field. Enter saves; refresh puts the focus in the first field.
 * desk_units_choice_fill fills choice (desk_form_choice) with the caller's dispatching units
 * (UnitList), "no dispatching unit" ("0") first. */
struct desk_office_users;
struct desk_office_users *desk_office_users_new(struct desk *d, GtkStack *stack);
void desk_office_users_free(struct desk_office_users *p);
void desk_office_users_refresh(struct desk_office_users *p);
GtkWidget *desk_office_users_widget(struct desk_office_users *p, const char *name);
void desk_units_choice_fill(struct desk *d, GtkWidget *choice);
/* form.c: Enter in each of entries (names of f's entries, NULL-terminated) calls cb with user,
 * as the form's button does. */
void desk_form_enter(struct desk_form *f, const char *const *entries, GCallback cb, gpointer user);
/* form.c: a form refused before sending for what only the page knows (nothing picked): message
 * marked at field as a refusal of the library's, the test hook told refused. */
void desk_form_refuse(struct desk_form *f, struct desk *d, const char *field, const char *message,
                      const char *refused);
/* form.c: a page made in code added to stack as name, titled: 12 px margins, in a scrolled
 * window. */
void desk_page_add(GtkStack *stack, GtkWidget *page, const char *name, const char *title);

/* nav.c: the main window's sidebar of sections (window.c's table of page → section, in order);
 * pages the table does not list are shown in a last section "Other". desk_nav_section_count
 * and desk_nav_section_title: the sections shown, in order; desk_nav_section_of: the shown
 * section holding page (-1: none); desk_nav_unlisted: a page of "Other", or NULL;
 * desk_nav_page_count: pages listed; desk_nav_row: a page's row (NULL: not listed);
 * desk_nav_title: a page's row text (with its badge);
 * desk_nav_show_section: shows section i's first page (Ctrl+1 ... Ctrl+9). */
#define DESK_NAV_NAME "desk-sidebar"
struct desk_nav_row {
    const char *page; /* the stack page's name */
    int section;      /* index into the section titles */
};
struct desk_nav;
struct desk_nav *desk_nav_new(struct desk *d, GtkStack *stack, GtkListBox *list,
                              const char *const *sections, size_t n_sections,
                              const struct desk_nav_row *rows, size_t n_rows);
void desk_nav_free(struct desk_nav *n);
int desk_nav_section_count(const struct desk_nav *n);
const char *desk_nav_section_title(const struct desk_nav *n, int i);
int desk_nav_section_of(const struct desk_nav *n, const char *page);
const char *desk_nav_unlisted(const struct desk_nav *n);
int desk_nav_page_count(const struct desk_nav *n);
GtkListBoxRow *desk_nav_row(const struct desk_nav *n, const char *page);
const char *desk_nav_title(const struct desk_nav *n, const char *page);
void desk_nav_show_section(struct desk_nav *n, int i);

/* cache.c: the offline cache (issue 24, docs/desk.md "Offline"): the last reply of each
 * cached read, per server, account, call and request (its SHA-256), in a SQLite file of the
 * desk's own made 0600. The worker thread uses it; the numbers are here. */
#define DESK_CACHE_ROWS      500       /* replies kept per account, the newest */
#define DESK_CACHE_REPLY_MAX (8 << 20) /* bytes of one reply at most */
#define DESK_CACHE_BUSY_MS   5000      /* another desk process writing it */
struct desk_cache;
struct desk_cache_key {
    const char *server, *username, *call; /* call: the request body's message name */
    const uint8_t *request;               /* the packed request body */
    size_t request_len;
};
/* $XDG_CACHE_HOME/zhucun/desk-cache.sqlite (fresh string). */
char *desk_cache_default_path(void);
/* Opens (making the directory 0700 and the file 0600) the cache at path: 0, or -1 with errbuf. */
int desk_cache_open(const char *path, struct desk_cache **out, char *errbuf, size_t errlen);
void desk_cache_close(struct desk_cache *c);
/* Keeps reply (packed Reply) for k, fetched at (Unix seconds): 0, or -1 with errbuf. */
int desk_cache_put(struct desk_cache *c, const struct desk_cache_key *k, const uint8_t *reply,
                   size_t len, int64_t fetched_at, char *errbuf, size_t errlen);
/* The kept reply of k: 1 with *reply (g_free it), *len and *fetched_at; 0 when there is none;
 * -1 with errbuf. */
int desk_cache_get(struct desk_cache *c, const struct desk_cache_key *k, uint8_t **reply,
                   size_t *len, int64_t *fetched_at, char *errbuf, size_t errlen);
/* Unix seconds t in Shanghai time, as format (g_date_time_format) says (g_free it). */
char *desk_time_text(int64_t t, const char *format);
/* "离线 · 更新于 2026-12-05 14:30" for a reply fetched at (g_free it). */
char *desk_cache_stamp_text(int64_t fetched_at);
/* A page's stamp: a hidden label put after the widget after (in a box); set to a reply's
 * fetch time (shown), or 0 (hidden: the page is live). */
GtkWidget *desk_cache_stamp_new(GtkWidget *after);
void desk_cache_stamp_set(GtkWidget *stamp, int64_t fetched_at);

/* desk_call for a read a cadre needs without a connection: its reply is kept in the cache
 * when it comes; when the server cannot be reached the kept one is given to cb instead (err
 * NULL) and stamp (may be NULL) shows when it was fetched; a live reply hides stamp. Changed
 * "offline-cache" when a kept reply was used. */
void desk_call_cached(struct desk *d, const ProtobufCMessage *body, desk_reply_cb cb, void *user,
                      GtkWidget *stamp);
/* Tests: the home page's stamp (home.c). */
GtkWidget *desk_home_stamp(struct desk_home *h);

/* outbox_page.c: the outbox (issue 24): the page "outbox" (发件箱) listing the account's
 * entries of the outbox file the CLI shares (client/lib outbox.h) with their state, the
 * header's badge "待发送 N", kept live every DESK_OUTBOX_POLL_MS (changed "outbox" when the
 * entries changed); the waiting writes sent in order on the worker (desk_outbox_send: changed
 * "outbox-sent", then the pages refreshed), a ping every tick while the worker is down and
 * writes wait (its coming back sends them: window.c); a refused visit opened in the visit form
 * with the server's message at its field (desk_outbox_open), an entry dropped after asking
 * (desk_outbox_drop, then the "ob_drop_yes" button: changed "outbox-dropped"). NULL for an
 * account that is no cadre. */
#define DESK_OUTBOX_POLL_MS 2000
struct desk_outbox *desk_outbox_new(struct desk *d, GtkStack *stack);
void desk_outbox_free(struct desk_outbox *p);
void desk_outbox_refresh(struct desk_outbox *p);
void desk_outbox_send(struct desk_outbox *p);
void desk_outbox_open(struct desk_outbox *p, int i);
void desk_outbox_drop(struct desk_outbox *p, int i);
/* A corrected body for the refused entry id (zc_correct: checked, kept in its place with a
 * fresh key), then the outbox sent: 0, or -1 with err (its field when the check refused it). */
int desk_outbox_correct(struct desk_outbox *p, int64_t id, const ProtobufCMessage *body,
                        struct zc_error *err);
/* In a form's done callback: 1 when err says the write went into the outbox (err.queued), said
 * in result (may be NULL) and the status line, the badge counted again (changed
 * "outbox-queued"); the form then clears itself. 0 otherwise. */
int desk_outbox_queued(struct desk *d, const struct zc_error *err, GtkWidget *result);
/* Tests: entries listed, NULL for all, "refused", "waiting" (and no answer yet); a widget
 * ("ob_badge", "ob_summary", "ob_list", "ob_send", "ob_confirm", "ob_ask", "ob_drop_yes",
 * "ob_keep"). */
int desk_outbox_count(struct desk_outbox *p, const char *state);
GtkWidget *desk_outbox_widget(struct desk_outbox *p, const char *name);
/* visit.c: the form holding vc, the body of the refused outbox entry id, the server's message
 * at field ("" none); saving corrects that entry (changed "visit-corrected"). */
void desk_visit_correct(struct desk_visit *v, int64_t id, const Zhucun__VisitCreate *vc,
                        const char *field, const char *message);

/* chart.c: the charts of the report pages and the cadre's home, drawn with cairo in a
 * GtkDrawingArea (docs/desk.md, "Charts"). A chart belongs to its widget (freed with it).
 * Values are shares (0.5 is 50%), shown as percentages. */
struct desk_chart;
struct desk_chart_point {
    const char *label;
    double value;
    int row;   /* the caller's row (a report row), given back when its bar is clicked */
    int empty; /* nothing to rate (nothing due; a trend: no data): no bar, no point */
};
struct desk_chart_day {
    const char *label; /* a weekday's name: a string that outlives the chart */
    int day, night, excused;
};
typedef void (*desk_chart_cb)(int row, void *user);
struct desk_chart *desk_chart_new(int width, int height);
GtkWidget *desk_chart_widget(struct desk_chart *c);
/* Clicking a bar (or Enter on the one chosen with the arrow keys) calls cb with its row. */
void desk_chart_on_activate(struct desk_chart *c, desk_chart_cb cb, void *user);
/* No chart, message in its place. */
void desk_chart_message(struct desk_chart *c, const char *message);
/* Bars by child unit: sorted lowest value first (empty ones last, equal values by label,
 * empty_name written in their place), average a line named average_name; title, axis (the
 * categories) and value_name Chinese. */
void desk_chart_bars(struct desk_chart *c, const char *title, const char *axis,
                     const char *value_name, const struct desk_chart_point *pts, size_t n,
                     double average, const char *average_name, const char *empty_name);
/* A line through one point per period, in the order given, each value written. */
void desk_chart_trend(struct desk_chart *c, const char *title, const char *axis,
                      const char *value_name, const struct desk_chart_point *pts, size_t n);
/* A week: n days (at most 7) present by day and night, and the totals got[0] days and got[1]
 * nights against need[0] and need[1]. */
void desk_chart_week(struct desk_chart *c, const char *title, const struct desk_chart_day *days,
                     int n, const unsigned got[2], const unsigned need[2]);
/* The bar (in the drawn, sorted order) at x, y of the widget, or -1; the centre of bar i
 * (0, or -1 when there is no such bar). */
int desk_chart_hit(struct desk_chart *c, double x, double y);
int desk_chart_bar_centre(struct desk_chart *c, int i, double *x, double *y);
/* The drawn bars or points (a week: its days), in order: how many, a label, value, the
 * caller's row, empty; a week's day i and its totals (0, or -1 when there is none). */
int desk_chart_week_day(struct desk_chart *c, int i, struct desk_chart_day *out, unsigned got[2],
                        unsigned need[2]);
int desk_chart_count(struct desk_chart *c);
const char *desk_chart_label(struct desk_chart *c, int i);
double desk_chart_value(struct desk_chart *c, int i);
int desk_chart_row(struct desk_chart *c, int i);
int desk_chart_empty(struct desk_chart *c, int i);
double desk_chart_average(struct desk_chart *c); /* bars; -1 otherwise */

/* The report pages' views (report.c, attendance.c): the GtkStack of 表格 / 图表 / 趋势
 * ("table", "chart", "trend"; the visit report's also 地图, "map"), the bars of the shown
 * report's rows and the trend. desk_report_trend_run and desk_attendance_trend_run ask for
 * the trend of the two entries' range for the shown unit: 1 when sent ("report-trend" /
 * "attendance-trend" when drawn, "-failed" when a period's report failed), 0 when refused at
 * the entries ("-refused") or busy. */
GtkStack *desk_report_views(struct desk_report *r);
struct desk_chart *desk_report_chart(struct desk_report *r);
struct desk_chart *desk_report_trend(struct desk_report *r);
int desk_report_trend_run(struct desk_report *r);
GtkStack *desk_attendance_views(struct desk_attendance *a);
struct desk_chart *desk_attendance_chart(struct desk_attendance *a);
struct desk_chart *desk_attendance_trend(struct desk_attendance *a);
int desk_attendance_trend_run(struct desk_attendance *a);
/* The cadre's week as a chart (home.c), NULL before the week is read. */
struct desk_chart *desk_home_week_chart(struct desk_home *h);

/* chart_trend.c: the 趋势 view of a report page: a range of periods typed in two entries
 * (from, to), one report call a period on the worker thread, the series drawn (chart.c). */
struct desk_trend;
struct desk_trend_kind {
    /* Main thread: NULL when range ("FROM..TO") is good, its first period (the kind's own
     * number) in *first and how many periods in *n; else a message for people. */
    const char *(*check)(const char *range, int *first, int *n);
    /* Worker thread: period i from first for org: its label (as "2026-05", "2026-W40"), its
     * value (a share) and the unit's name (g_malloc'd); 0, or -1 with err. */
    int (*period)(struct zc_client *c, const char *org, int first, int i, char label[16],
                  double *value, char **org_name, struct zc_error *err);
    const char *title;      /* msgid with the unit's name and code, the first and last period */
    const char *axis;       /* msgid: the periods' axis */
    const char *value_name; /* msgid: the value's axis */
    const char *done;       /* msgid with the number of reports read */
    const char *event;      /* desk_changed when drawn; "-failed", "-refused" appended */
};
struct desk_trend *desk_trend_new(struct desk *d, const struct desk_trend_kind *kind,
                                  GtkStack *views, GtkWidget *from, GtkWidget *to, GtkWidget *go,
                                  GtkWidget *note_label, GtkWidget *box);
void desk_trend_free(struct desk_trend *t);
/* The shown report's unit and the default range; runs the trend when its view is shown. */
void desk_trend_set_org(struct desk_trend *t, const char *org, const char *from, const char *to);
int desk_trend_run(struct desk_trend *t);
struct desk_chart *desk_trend_chart(struct desk_trend *t);

/* map.c (issue 25): the village map, the report page's view "map" (地图) beside its table:
 * the villages of the shown unit (VisitReport by village, fetched when the view is shown)
 * placed by their coordinates (equirectangular, x scaled by the cosine of the mean latitude,
 * north up, a scale bar in km), a dot per village coloured by its compliance class, grey when
 * it owes nothing; villages without coordinates counted ("N 个村无坐标"); hovering names a
 * village and its rate, clicking opens its report (desk_report_goto) in the table view.
 * Changed "map" when the villages came, "map-failed" when the call failed. */
#define DESK_MAP_CLASSES 4
struct desk_map;
struct desk_map *desk_map_new(struct desk *d, struct desk_report *r, GtkStack *views);
void desk_map_free(struct desk_map *m);
/* The report page shows rep (NULL: none): the map follows its unit and month. */
void desk_map_show(struct desk_map *m, const Zhucun__VisitReportReply *rep);
/* The class of a village row: -1 nothing owed, else 0 (lowest rate) .. DESK_MAP_CLASSES-1. */
int desk_map_class(const Zhucun__VisitReportRow *x);
/* The colour of a class (grey for -1), as the dots are drawn. */
void desk_map_rgb(int cls, double rgb[3]);
/* Tests: the villages (rows), row i's code, its dot's place in the drawing area (1, or 0 when
 * it has no coordinates), the villages without coordinates, the drawing area, the row whose
 * dot is under (x, y) or -1, and opening row i's report as a click does. */
int desk_map_count(struct desk_map *m);
const Zhucun__VisitReportRow *desk_map_row(struct desk_map *m, int i);
int desk_map_dot(struct desk_map *m, int i, double *x, double *y);
int desk_map_missing(struct desk_map *m);
GtkWidget *desk_map_area(struct desk_map *m);
/* The keyboard's choice among n items (bars, villages) from focus (-1: none yet): Left/Up the
 * one before, Right/Down the one after, Home the first, End the last (the new focus); Enter,
 * KP_Enter or Space open focus (returned, *open set); any other key DESK_KEY_NOT_MINE. */
#define DESK_KEY_NOT_MINE (-2)
int desk_key_choice(guint key, int focus, int n, int *open);
/* The village (a row) the keyboard chose on the map, or -1. */
int desk_map_focus(struct desk_map *m);
int desk_map_hit(struct desk_map *m, double x, double y);
void desk_map_open(struct desk_map *m, int i);
/* The report page's map (report.c). */
struct desk_map *desk_report_map(struct desk_report *r);
/* A copy of msg that outlives the reply holding it (packed and unpacked: desk.c); free it with
 * protobuf_c_message_free_unpacked or the message's own __free_unpacked. */
ProtobufCMessage *desk_message_copy(const ProtobufCMessage *msg);

#endif
