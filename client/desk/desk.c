/* desk.c -- what every screen of zhucun-desk shares: configuration and the remembered
 * server (desk.ini), gettext, CSS, builder lookups, screenshots. */
#include "desk.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libintl.h>

#include "common/clock.h"
#include "common/config.h"
#include "common/i18n.h"
#include "common/rules/date.h"
#include "common/rules/account.h"
#include "zc_checks.h"

#ifndef DESK_LOCALEDIR
#define DESK_LOCALEDIR "/usr/share/locale"
#endif

void desk_init_i18n(void)
{
    /* Chinese first: unless the user asked for a language, the zh_CN catalogue is used. */
    i18n_init(DESK_DOMAIN, ZC_MESSAGES_DOMAIN, DESK_LOCALEDIR, "ZHUCUN_DESK_LOCALEDIR");
}

/* From glib-compile-resources (--manual-register: a constructor in a static library's object
 * would be dropped by the linker). */
void desk_register_resource(void);

void desk_load_css(void)
{
    static int registered;
    if (!registered) {
        desk_register_resource();
        registered = 1;
    }
    GtkCssProvider *css = gtk_css_provider_new();
    gtk_css_provider_load_from_resource(css, "/cn/zhucun/desk/style.css");
    gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
}

/* client.conf as the CLI finds it: config_path, $ZHUCUN_CONFIG, ~/.config/zhucun/client.conf
 * when it exists, else the defaults. */
static int load_client_conf(struct desk *d, const char *config_path)
{
    struct client_config cfg;
    char err[1024];
    client_config_defaults(&cfg);
    char *fallback = g_build_filename(g_get_home_dir(), ".config", "zhucun", "client.conf", NULL);
    const char *path = config_path != NULL ? config_path : g_getenv("ZHUCUN_CONFIG");
    if (path == NULL && g_file_test(fallback, G_FILE_TEST_EXISTS))
        path = fallback;
    int rc = 0;
    if (path != NULL && client_config_load(&cfg, path, err, sizeof(err)) != 0) {
        g_printerr("zhucun-desk: %s\n", err);
        rc = -1;
    } else {
        d->ep.server = g_strdup(cfg.server);
        d->ep.ca = g_strdup(cfg.ca);
        d->ep.cert = g_strdup(cfg.cert);
        d->ep.key = g_strdup(cfg.key);
        d->ep.timeout_ms = (int)cfg.timeout_ms;
    }
    client_config_free(&cfg);
    g_free(fallback);
    return rc;
}

struct desk *desk_new(GtkApplication *app, const char *config_path)
{
    struct desk *d = g_new0(struct desk, 1);
    d->app = app;
    d->worker_up = d->follow_up = 1;
    d->settings_path = g_build_filename(g_get_user_config_dir(), "zhucun", "desk.ini", NULL);
    d->cache_path = desk_cache_default_path();
    if (load_client_conf(d, config_path) != 0) {
        desk_free(d);
        return NULL;
    }
    return d;
}

static void wipe_free(char *s)
{
    if (s != NULL) {
        memset(s, 0, strlen(s));
        g_free(s);
    }
}

void desk_field_errors(const Zhucun__Reply *reply, GPtrArray *fields, GPtrArray *messages)
{
    if (reply == NULL || reply->status == NULL)
        return;
    for (size_t i = 0; i < reply->status->n_fields; i++) {
        g_ptr_array_add(fields, g_strdup(reply->status->fields[i]->field));
        g_ptr_array_add(messages, g_strdup(reply->status->fields[i]->message));
    }
}

/* More than a form has fields: a household of 30 members has 186. */
#define DESK_PROBLEMS_MAX 256

int desk_check(const ProtobufCMessage *body, desk_problem_cb cb, void *user)
{
    struct zc_field_problem *p = g_new(struct zc_field_problem, DESK_PROBLEMS_MAX);
    int n = zc_check_all(body, p, DESK_PROBLEMS_MAX);
    /* A body that is not a request's is the desk's own mistake: sending it reports it. */
    if (n < 0)
        n = 0;
    for (int i = 0; i < n; i++)
        cb(p[i].field, L_(p[i].message), user);
    g_free(p);
    return n;
}

struct status_check {
    struct desk *d;
    const char *const *fields;
    GString *text;
    int focused;
};

static void on_status_problem(const char *field, const char *message, void *user)
{
    struct status_check *c = user;
    g_string_append_printf(c->text, "%s%s", c->text->len > 0 ? "；" : "", message);
    for (const char *const *f = c->fields; !c->focused && f[0] != NULL && f[1] != NULL; f += 2)
        if (strcmp(f[0], field) == 0) {
            gtk_widget_grab_focus(GTK_WIDGET(desk_object(c->d, "main", f[1])));
            c->focused = 1;
        }
}

int desk_check_status(struct desk *d, const ProtobufCMessage *body, const char *const *fields)
{
    struct status_check c = {d, fields, g_string_new(NULL), 0};
    int n = desk_check(body, on_status_problem, &c);
    if (n > 0)
        desk_status(d, c.text->str, 1);
    g_string_free(c.text, TRUE);
    return n == 0;
}

int desk_field_index(const char *field, const char *list, const char **rest)
{
    size_t n = strlen(list);
    if (strncmp(field, list, n) != 0 || field[n] != '[' || !g_ascii_isdigit(field[n + 1]))
        return -1;
    char *end;
    long i = strtol(field + n + 1, &end, 10);
    if (strncmp(end, "].", 2) != 0 || i > INT_MAX)
        return -1;
    *rest = end + 2;
    return (int)i;
}

void desk_free(struct desk *d)
{
    if (d == NULL)
        return;
    desk_follow_free(d->follow);
    desk_follow_free(d->notice_follow);
    desk_conn_free(d->conn);
    desk_main_discard(d); /* the pages, the main window and its builder: one list of them */
    if (d->grant_roles != NULL)
        g_ptr_array_unref(d->grant_roles);
    if (d->grant_scopes != NULL)
        g_ptr_array_unref(d->grant_scopes);
    if (d->passwd_window != NULL)
        gtk_window_destroy(d->passwd_window);
    if (d->login_window != NULL)
        gtk_window_destroy(d->login_window);
    g_clear_object(&d->passwd_ui);
    g_clear_object(&d->login_ui);
    g_free(d->ep.server);
    g_free(d->ep.ca);
    g_free(d->ep.cert);
    g_free(d->ep.key);
    g_free(d->settings_path);
    desk_cache_close(d->cache); /* the worker that used it is gone */
    g_free(d->cache_path);
    g_free(d->username);
    g_free(d->display_name);
    g_free(d->role_text);
    wipe_free(d->initial_password);
    memset(d->token, 0, sizeof(d->token));
    g_free(d);
}

void desk_changed(struct desk *d, const char *what)
{
    if (d->changed_cb != NULL)
        d->changed_cb(d, what, d->changed_user);
}

GObject *desk_object(struct desk *d, const char *screen, const char *id)
{
    GtkBuilder *b = strcmp(screen, "login") == 0    ? d->login_ui
                    : strcmp(screen, "passwd") == 0 ? d->passwd_ui
                    : strcmp(screen, "reason") == 0
                        ? (d->queue != NULL ? desk_queue_reason_ui(d->queue) : NULL)
                    : strcmp(screen, "delegate") == 0
                        ? (d->deleg != NULL ? desk_deleg_dialog_ui(d->deleg) : NULL)
                        : d->main_ui;
    return b != NULL ? gtk_builder_get_object(b, id) : NULL;
}

/* ---- requests through the worker ---- */

struct call_job {
    const ProtobufCMessageDescriptor *type; /* the body's */
    uint8_t *packed;
    size_t len;
    desk_reply_cb cb;
    void *user;
    Zhucun__Reply *reply;
    /* desk_call_cached: the desk (its cache, the worker's), the cache's key, the stamp */
    struct desk *d;
    char *server, *username;
    GtkWidget *stamp;
    int64_t offline_at; /* the kept reply's fetch time when it was used, else 0 */
};

static void call_job_free(void *p)
{
    struct call_job *j = p;
    g_free(j->packed);
    g_free(j->server);
    g_free(j->username);
    zc_reply_free(j->reply);
    g_free(j);
}

/* Worker thread: the desk's cache, opened at its first use; NULL (said once) when it cannot
 * be: the pages then work as without one. */
static struct desk_cache *worker_cache(struct desk *d)
{
    static int warned; /* the worker thread's */
    if (d->cache == NULL) {
        char errbuf[512];
        if (desk_cache_open(d->cache_path, &d->cache, errbuf, sizeof(errbuf)) != 0 && !warned++)
            g_printerr("zhucun-desk: offline cache: %s\n", errbuf);
    }
    return d->cache;
}

/* Worker thread, a cached read: keeps a reply that came; gives the kept one when the server
 * could not be reached (no reply, UNAVAILABLE). */
static int call_cache(struct call_job *j, int rc, struct zc_error *err)
{
    struct desk_cache *c = worker_cache(j->d);
    if (c == NULL)
        return rc;
    struct desk_cache_key k = {j->server, j->username, j->type->name, j->packed, j->len};
    char errbuf[512];
    if (rc == 0) {
        size_t n = protobuf_c_message_get_packed_size(&j->reply->base);
        uint8_t *buf = g_malloc(n + 1);
        protobuf_c_message_pack(&j->reply->base, buf);
        if (desk_cache_put(c, &k, buf, n, zc_clock_now(), errbuf, sizeof(errbuf)) != 0)
            g_printerr("zhucun-desk: offline cache: %s\n", errbuf);
        g_free(buf);
        return 0;
    }
    if (j->reply != NULL || err->code != ZHUCUN__CODE__UNAVAILABLE)
        return rc;
    uint8_t *kept = NULL;
    size_t n = 0;
    int64_t at = 0;
    if (desk_cache_get(c, &k, &kept, &n, &at, errbuf, sizeof(errbuf)) != 1) {
        g_free(kept);
        return rc;
    }
    j->reply = zhucun__reply__unpack(NULL, n, kept);
    g_free(kept);
    if (j->reply == NULL)
        return rc;
    j->offline_at = at;
    memset(err, 0, sizeof(*err));
    return 0;
}

static int call_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct call_job *j = data;
    ProtobufCMessage *body = protobuf_c_message_unpack(j->type, NULL, j->len, j->packed);
    if (body == NULL) {
        err->code = ZHUCUN__CODE__INTERNAL;
        g_strlcpy(err->message, "request unpack failed", sizeof(err->message));
        return -1;
    }
    struct zc_client *c = desk_conn_client(conn, err);
    int rc = c != NULL ? zc_request(c, body, NULL, &j->reply, err) : -1;
    protobuf_c_message_free_unpacked(body, NULL);
    return j->d != NULL ? call_cache(j, rc, err) : rc;
}

static void call_done(void *data, const struct zc_error *err, void *user)
{
    struct call_job *j = data;
    (void)user;
    j->cb(j->reply, err, j->user);
    if (j->d != NULL && err == NULL) {
        desk_cache_stamp_set(j->stamp, j->offline_at);
        if (j->offline_at > 0)
            desk_changed(j->d, "offline-cache");
    }
}

static struct call_job *call_job_new(const ProtobufCMessage *body, desk_reply_cb cb, void *user)
{
    struct call_job *j = g_new0(struct call_job, 1);
    j->type = body->descriptor;
    j->len = protobuf_c_message_get_packed_size(body);
    j->packed = g_malloc(j->len + 1);
    protobuf_c_message_pack(body, j->packed);
    j->cb = cb;
    j->user = user;
    return j;
}

void desk_call(struct desk *d, const ProtobufCMessage *body, desk_reply_cb cb, void *user)
{
    struct call_job *j = call_job_new(body, cb, user);
    desk_conn_submit(d->conn, call_run, call_done, j, call_job_free, d);
}

void desk_call_cached(struct desk *d, const ProtobufCMessage *body, desk_reply_cb cb, void *user,
                      GtkWidget *stamp)
{
    struct call_job *j = call_job_new(body, cb, user);
    j->d = d;
    j->server = g_strdup(d->ep.server != NULL ? d->ep.server : "");
    j->username = g_strdup(d->username != NULL ? d->username : "");
    j->stamp = stamp;
    desk_conn_submit(d->conn, call_run, call_done, j, call_job_free, d);
}

void desk_settings_load(struct desk *d, char **server, char **username)
{
    GKeyFile *kf = g_key_file_new();
    *server = NULL;
    *username = NULL;
    if (g_key_file_load_from_file(kf, d->settings_path, G_KEY_FILE_NONE, NULL)) {
        *server = g_key_file_get_string(kf, "desk", "server", NULL);
        *username = g_key_file_get_string(kf, "desk", "username", NULL);
    }
    if (*server == NULL)
        *server = g_strdup(d->ep.server != NULL ? d->ep.server : "");
    if (*username == NULL)
        *username = g_strdup("");
    g_key_file_unref(kf);
}

/* desk.ini as it is on disk, to change a key of (an empty one when there is none yet). */
static GKeyFile *settings_read(const struct desk *d)
{
    GKeyFile *kf = g_key_file_new();
    g_key_file_load_from_file(kf, d->settings_path, G_KEY_FILE_KEEP_COMMENTS, NULL);
    return kf;
}

static void settings_write(const struct desk *d, GKeyFile *kf);

/* The server and the username, never the password. */
void desk_settings_save(struct desk *d)
{
    GKeyFile *kf = settings_read(d);
    g_key_file_set_string(kf, "desk", "server", d->ep.server);
    g_key_file_set_string(kf, "desk", "username", d->username);
    settings_write(d, kf);
}

/* The last village is kept per server and account: group "villages", key user@server. */
static char *village_key(const struct desk *d)
{
    return g_strdup_printf("%s@%s", d->username != NULL ? d->username : "",
                           d->ep.server != NULL ? d->ep.server : "");
}

char *desk_last_village(struct desk *d)
{
    GKeyFile *kf = settings_read(d);
    char *key = village_key(d);
    char *code = g_key_file_get_string(kf, "villages", key, NULL);
    g_free(key);
    g_key_file_unref(kf);
    if (code != NULL && rules_code_level(code) != ORG_VILLAGE) {
        g_free(code); /* edited by hand into something else: forgotten */
        code = NULL;
    }
    return code;
}

void desk_village_used(struct desk *d, const char *code)
{
    if (rules_code_level(code) != ORG_VILLAGE)
        return;
    GKeyFile *kf = settings_read(d);
    char *key = village_key(d);
    char *was = g_key_file_get_string(kf, "villages", key, NULL);
    if (g_strcmp0(was, code) != 0) {
        g_key_file_set_string(kf, "villages", key, code);
        settings_write(d, kf);
    } else {
        g_key_file_unref(kf);
    }
    g_free(was);
    g_free(key);
    desk_changed(d, "village-remembered");
}

void desk_village_fill(struct desk *d, GtkWidget *entry)
{
    if (gtk_editable_get_text(GTK_EDITABLE(entry))[0] != '\0')
        return;
    char *code = desk_last_village(d);
    if (code != NULL)
        gtk_editable_set_text(GTK_EDITABLE(entry), code);
    g_free(code);
}

/* Writes kf to desk.ini and frees it. */
static void settings_write(const struct desk *d, GKeyFile *kf)
{
    char *dir = g_path_get_dirname(d->settings_path);
    GError *error = NULL;
    if (g_mkdir_with_parents(dir, 0700) != 0 ||
        !g_key_file_save_to_file(kf, d->settings_path, &error))
        g_printerr("zhucun-desk: could not save %s: %s\n", d->settings_path,
                   error != NULL ? error->message : g_strerror(errno));
    g_clear_error(&error);
    g_free(dir);
    g_key_file_unref(kf);
}

const char *desk_role_name(const char *role)
{
    static const struct {
        const char *role, *zh;
    } names[] = {
        {"province_office", N_("Provincial office")},
        {"city_office", N_("City office")},
        {"county_office", N_("County office")},
        {"county_captain", N_("County captain")},
        {"township", N_("Township party committee")},
        {"team_captain", N_("Team captain")},
        {"cadre", N_("Team member")},
        {"unit_admin", N_("Dispatching unit")},
        {"inspector", N_("Inspector")},
        {"exporter", N_("Batch export")},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(names[i].role, role) == 0)
            return _(names[i].zh);
    return role;
}

void desk_today(char out[11])
{
    rules_date_format(zc_clock_today(), out);
}

int desk_snapshot_png(GtkWidget *widget, const char *path)
{
    int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
    GtkNative *native = gtk_widget_get_native(widget);
    if (w <= 0 || h <= 0 || native == NULL || gtk_native_get_renderer(native) == NULL)
        return -1;
    GdkPaintable *paintable = gtk_widget_paintable_new(widget);
    GtkSnapshot *snap = gtk_snapshot_new();
    /* An opaque background: a PNG with a see-through window is hard to look at. */
    GdkRGBA white = {1, 1, 1, 1};
    gtk_snapshot_append_color(snap, &white, &GRAPHENE_RECT_INIT(0, 0, w, h));
    gdk_paintable_snapshot(paintable, snap, w, h);
    GskRenderNode *node = gtk_snapshot_free_to_node(snap);
    int rc = -1;
    if (node != NULL) {
        GdkTexture *tex = gsk_renderer_render_texture(gtk_native_get_renderer(native), node,
                                                      &GRAPHENE_RECT_INIT(0, 0, w, h));
        rc = gdk_texture_save_to_png(tex, path) ? 0 : -1;
        g_object_unref(tex);
        gsk_render_node_unref(node);
    }
    g_object_unref(paintable);
    return rc;
}

GtkWidget *desk_hrow(GtkWidget *first, ...)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    va_list ap;
    va_start(ap, first);
    for (GtkWidget *w = first; w != NULL; w = va_arg(ap, GtkWidget *))
        gtk_box_append(GTK_BOX(box), w);
    va_end(ap);
    return box;
}

GtkWidget *desk_heading(const char *text)
{
    GtkWidget *l = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_widget_add_css_class(l, "heading");
    return l;
}

ProtobufCMessage *desk_message_copy(const ProtobufCMessage *msg)
{
    size_t n = protobuf_c_message_get_packed_size(msg);
    uint8_t *buf = g_malloc(n + 1);
    protobuf_c_message_pack(msg, buf);
    ProtobufCMessage *copy = protobuf_c_message_unpack(msg->descriptor, NULL, n, buf);
    g_free(buf);
    return copy;
}
