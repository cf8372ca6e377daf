/* attach.c -- the attachment strip (attach.h): AttachList and the thumbnails (AttachGet with
 * thumbnail) in one worker job, the upload (zc_attach_upload: chunks, resume) and AttachLink
 * in another, a file's download in a third; the main loop only builds widgets. */
#include "attach.h"

#include <string.h>

#include "common/rules/instant.h"
#include "desk.h"
#include "zc_attach.h"

#define THUMB_SHOWN_PX 96 /* the strip shows thumbnails this high */

struct strip {
    struct desk *d;
    GtkWidget *box, *items, *status, *add;
    char *kind;
    int64_t record;
    unsigned generation; /* bumped by each change of record: late answers are dropped */
    int count, pictures;
    GPtrArray *shas; /* the files shown, in order (32-byte g_malloc'd hashes) */
    GPtrArray *names;
    char *saved;
};

static struct strip *strip_of(GtkWidget *w)
{
    return g_object_get_data(G_OBJECT(w), "desk-attach-strip");
}

static void strip_free(gpointer p)
{
    struct strip *s = p;
    g_free(s->kind);
    g_ptr_array_unref(s->shas);
    g_ptr_array_unref(s->names);
    g_free(s->saved);
    g_free(s);
}

/* What every job of the strip holds: the strip's widget (a reference: the strip outlives the
 * job) and the record it was made for. */
struct job {
    GtkWidget *box;
    unsigned generation;
    char *kind;
    int64_t record;
    /* list */
    Zhucun__Reply *reply;
    GPtrArray *thumbs; /* GBytes * or NULL, one per file */
    /* upload */
    char *path;
    uint8_t sha[32];
    /* open */
    char *name;
    char *saved;
};

static struct job *job_new(struct strip *s)
{
    struct job *j = g_new0(struct job, 1);
    j->box = g_object_ref(s->box);
    j->generation = s->generation;
    j->kind = g_strdup(s->kind);
    j->record = s->record;
    return j;
}

static void job_free(void *p)
{
    struct job *j = p;
    g_object_unref(j->box);
    g_free(j->kind);
    zc_reply_free(j->reply);
    if (j->thumbs != NULL)
        g_ptr_array_unref(j->thumbs);
    g_free(j->path);
    g_free(j->name);
    g_free(j->saved);
    g_free(j);
}

static void set_status(struct strip *s, const char *text)
{
    gtk_label_set_text(GTK_LABEL(s->status), text);
    gtk_widget_set_visible(s->status, text[0] != '\0');
}

/* ---- the list and its thumbnails ---- */

static int list_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct job *j = data;
    struct zc_client *c = desk_conn_client(conn, err);
    if (c == NULL)
        return -1;
    Zhucun__AttachList al = ZHUCUN__ATTACH_LIST__INIT;
    al.kind = j->kind;
    al.record_id = j->record;
    if (zc_attach_list(c, &al, &j->reply, err) != 0)
        return -1;
    const Zhucun__AttachListReply *lr = j->reply->attach_list;
    j->thumbs = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    for (size_t i = 0; i < lr->n_files; i++) {
        uint8_t *bytes = NULL;
        size_t len = 0;
        char mime[128];
        struct zc_error e = {0};
        if (lr->files[i]->thumbnail && lr->files[i]->sha256.len == 32 &&
            zc_attach_fetch(c, lr->files[i]->sha256.data, 1, &bytes, &len, mime, sizeof(mime),
                            &e) == 0)
            g_ptr_array_add(j->thumbs, g_bytes_new_take(bytes, len));
        else
            g_ptr_array_add(j->thumbs, NULL);
    }
    return 0;
}

static void on_item_clicked(GtkButton *b, gpointer user)
{
    struct strip *s = user;
    desk_attach_strip_open(s->box, GPOINTER_TO_INT(g_object_get_data(G_OBJECT(b), "index")));
}

static void clear_items(struct strip *s)
{
    GtkWidget *c;
    while ((c = gtk_widget_get_first_child(s->items)) != NULL)
        gtk_box_remove(GTK_BOX(s->items), c);
    g_ptr_array_set_size(s->shas, 0);
    g_ptr_array_set_size(s->names, 0);
    s->count = 0;
    s->pictures = 0;
}

static void list_done(void *data, const struct zc_error *err, void *user)
{
    (void)user;
    struct job *j = data;
    struct strip *s = strip_of(j->box);
    if (j->generation != s->generation)
        return; /* another record was opened since */
    if (err != NULL) {
        set_status(s, err->message);
        desk_changed(s->d, "attach-failed");
        return;
    }
    clear_items(s);
    const Zhucun__AttachListReply *lr = j->reply->attach_list;
    for (size_t i = 0; i < lr->n_files; i++) {
        const Zhucun__AttachFile *f = lr->files[i];
        GtkWidget *content = NULL;
        GBytes *thumb = g_ptr_array_index(j->thumbs, i);
        if (thumb != NULL) {
            GdkTexture *t = gdk_texture_new_from_bytes(thumb, NULL);
            if (t != NULL) {
                content = gtk_picture_new_for_paintable(GDK_PAINTABLE(t));
                gtk_widget_set_size_request(content, THUMB_SHOWN_PX, THUMB_SHOWN_PX);
                g_object_unref(t);
                s->pictures++;
            }
        }
        if (content == NULL) {
            content = gtk_label_new(f->name);
            gtk_label_set_ellipsize(GTK_LABEL(content), PANGO_ELLIPSIZE_MIDDLE);
            gtk_label_set_max_width_chars(GTK_LABEL(content), 14);
            gtk_widget_set_size_request(content, THUMB_SHOWN_PX, THUMB_SHOWN_PX);
        }
        GtkWidget *b = gtk_button_new();
        gtk_button_set_child(GTK_BUTTON(b), content);
        char at[INSTANT_TEXT_MAX];
        char *tip = g_strdup_printf(_("%s · %s · %lld bytes · %s, %s"), f->name, f->mime,
                                    (long long)f->size, f->uploader,
                                    rules_instant_restyle(f->linked_at, INSTANT_MINUTES, at));
        gtk_widget_set_tooltip_text(b, tip);
        g_free(tip);
        g_object_set_data(G_OBJECT(b), "index", GINT_TO_POINTER((int)i));
        g_signal_connect(b, "clicked", G_CALLBACK(on_item_clicked), s);
        gtk_box_append(GTK_BOX(s->items), b);
        g_ptr_array_add(s->shas, g_memdup2(f->sha256.data, 32));
        g_ptr_array_add(s->names, g_strdup(f->name));
        s->count++;
    }
    set_status(s, lr->n_files == 0 ? _("No files yet") : "");
    desk_changed(s->d, "attach-shown");
}

static void refresh(struct strip *s)
{
    if (s->record <= 0)
        return;
    desk_conn_submit(s->d->conn, list_run, list_done, job_new(s), job_free, NULL);
}

void desk_attach_strip_set_record(GtkWidget *strip, int64_t record_id)
{
    struct strip *s = strip_of(strip);
    s->record = record_id;
    s->generation++;
    clear_items(s);
    set_status(s, "");
    gtk_widget_set_visible(s->box, record_id > 0);
    refresh(s);
}

/* ---- adding a file ---- */

static int upload_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct job *j = data;
    char *bytes = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(j->path, &bytes, &len, &e)) {
        err->code = ZHUCUN__CODE__INVALID_ARGUMENT;
        g_snprintf(err->message, sizeof(err->message), "%s", e->message);
        g_error_free(e);
        return -1;
    }
    struct zc_client *c = desk_conn_client(conn, err);
    int thumbnail = 0, rc = -1;
    if (c != NULL)
        rc = zc_attach_upload(c, (const uint8_t *)bytes, len, j->path, NULL, j->sha, &thumbnail,
                              NULL, NULL, err);
    g_free(bytes);
    if (rc != 0)
        return -1;
    Zhucun__AttachLink al = ZHUCUN__ATTACH_LINK__INIT;
    ProtobufCBinaryData one = {32, j->sha};
    al.kind = j->kind;
    al.record_id = j->record;
    al.n_sha256 = 1;
    al.sha256 = &one;
    Zhucun__Reply *reply = NULL;
    rc = zc_attach_link(c, &al, &reply, err);
    zc_reply_free(reply);
    return rc;
}

static void upload_done(void *data, const struct zc_error *err, void *user)
{
    (void)user;
    struct job *j = data;
    struct strip *s = strip_of(j->box);
    gtk_widget_set_sensitive(s->add, TRUE);
    if (err != NULL) {
        set_status(s, err->message);
        desk_changed(s->d, "attach-failed");
        return;
    }
    desk_changed(s->d, "attach-uploaded");
    if (j->generation == s->generation)
        refresh(s);
}

void desk_attach_strip_add_path(GtkWidget *strip, const char *path)
{
    struct strip *s = strip_of(strip);
    if (s->record <= 0)
        return;
    struct job *j = job_new(s);
    j->path = g_strdup(path);
    gtk_widget_set_sensitive(s->add, FALSE);
    char *base = g_path_get_basename(path);
    char *t = g_strdup_printf(_("Uploading %s…"), base);
    set_status(s, t);
    g_free(t);
    g_free(base);
    desk_conn_submit(s->d->conn, upload_run, upload_done, j, job_free, NULL);
}

static void on_chosen(GtkNativeDialog *dialog, int response, gpointer user)
{
    GtkWidget *box = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        G_GNUC_BEGIN_IGNORE_DEPRECATIONS
        GFile *f = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
        G_GNUC_END_IGNORE_DEPRECATIONS
        char *path = f != NULL ? g_file_get_path(f) : NULL;
        if (path != NULL)
            desk_attach_strip_add_path(box, path);
        g_free(path);
        g_clear_object(&f);
    }
    g_object_unref(box);
    g_object_unref(dialog);
}

static void on_add(GtkButton *b, gpointer user)
{
    (void)b;
    struct strip *s = user;
    GtkRoot *root = gtk_widget_get_root(s->box);
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    GtkFileChooserNative *fc =
        gtk_file_chooser_native_new(_("Add a file"), GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL,
                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
    GtkFileFilter *filter = gtk_file_filter_new();
    gtk_file_filter_set_name(filter, _("Photos, PDF and office documents"));
    static const char *const patterns[] = {"*.jpg",  "*.jpeg", "*.png",  "*.pdf", "*.doc",
                                           "*.docx", "*.xls",  "*.xlsx", "*.ppt", "*.pptx",
                                           "*.wps",  "*.odt",  "*.ods",  "*.odp"};
    for (size_t i = 0; i < G_N_ELEMENTS(patterns); i++)
        gtk_file_filter_add_suffix(filter, patterns[i] + 2);
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(fc), filter);
    g_object_unref(filter);
    G_GNUC_END_IGNORE_DEPRECATIONS
    g_signal_connect(fc, "response", G_CALLBACK(on_chosen), g_object_ref(s->box));
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(fc));
}

/* ---- opening a file ---- */

static int open_run(struct desk_conn *conn, void *data, struct zc_error *err)
{
    struct job *j = data;
    struct zc_client *c = desk_conn_client(conn, err);
    if (c == NULL)
        return -1;
    uint8_t *bytes = NULL;
    size_t len = 0;
    char mime[128];
    if (zc_attach_fetch(c, j->sha, 0, &bytes, &len, mime, sizeof(mime), err) != 0)
        return -1;
    char hex[65];
    zc_attach_hex(j->sha, hex);
    /* A name of its own in the temporary directory: the hash's start, then the file's name. */
    char *base = g_path_get_basename(j->name);
    char *file = g_strdup_printf("zhucun-%.12s-%s", hex, base);
    j->saved = g_build_filename(g_get_tmp_dir(), file, NULL);
    g_free(file);
    g_free(base);
    GError *e = NULL;
    int ok = g_file_set_contents(j->saved, (const char *)bytes, (gssize)len, &e);
    g_free(bytes);
    if (!ok) {
        err->code = ZHUCUN__CODE__INTERNAL;
        g_snprintf(err->message, sizeof(err->message), "%s", e->message);
        g_error_free(e);
        return -1;
    }
    return 0;
}

static void open_done(void *data, const struct zc_error *err, void *user)
{
    (void)user;
    struct job *j = data;
    struct strip *s = strip_of(j->box);
    if (err != NULL) {
        set_status(s, err->message);
        desk_changed(s->d, "attach-failed");
        return;
    }
    g_free(s->saved);
    s->saved = g_strdup(j->saved);
    if (s->d->app != NULL) { /* the program; the tests only save */
        char *uri = g_filename_to_uri(j->saved, NULL, NULL);
        GError *e = NULL;
        if (uri == NULL || !g_app_info_launch_default_for_uri(uri, NULL, &e)) {
            char *t = g_strdup_printf(_("Saved to %s, but no application opens it"), j->saved);
            set_status(s, t);
            g_free(t);
        }
        if (e != NULL)
            g_error_free(e);
        g_free(uri);
    }
    desk_changed(s->d, "attach-opened");
}

void desk_attach_strip_open(GtkWidget *strip, int i)
{
    struct strip *s = strip_of(strip);
    if (i < 0 || (guint)i >= s->shas->len)
        return;
    struct job *j = job_new(s);
    memcpy(j->sha, g_ptr_array_index(s->shas, i), 32);
    j->name = g_strdup(g_ptr_array_index(s->names, i));
    desk_conn_submit(s->d->conn, open_run, open_done, j, job_free, NULL);
}

/* ---- the widget ---- */

GtkWidget *desk_attach_strip_new(struct desk *d, const char *kind, int64_t record_id)
{
    struct strip *s = g_new0(struct strip, 1);
    s->d = d;
    s->kind = g_strdup(kind);
    s->shas = g_ptr_array_new_with_free_func(g_free);
    s->names = g_ptr_array_new_with_free_func(g_free);
    s->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_set_margin_top(s->box, 12);
    GtkWidget *head = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *title = gtk_label_new(_("Evidence files"));
    gtk_widget_add_css_class(title, "title-4");
    gtk_label_set_xalign(GTK_LABEL(title), 0);
    s->add = gtk_button_new_with_label(_("Add file…"));
    g_signal_connect(s->add, "clicked", G_CALLBACK(on_add), s);
    gtk_box_append(GTK_BOX(head), title);
    gtk_box_append(GTK_BOX(head), s->add);
    s->items = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_AUTOMATIC,
                                   GTK_POLICY_NEVER);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), s->items);
    gtk_widget_set_size_request(scroll, -1, THUMB_SHOWN_PX + 24);
    s->status = gtk_label_new("");
    gtk_widget_add_css_class(s->status, "dim-label");
    gtk_label_set_xalign(GTK_LABEL(s->status), 0);
    gtk_label_set_wrap(GTK_LABEL(s->status), TRUE);
    gtk_box_append(GTK_BOX(s->box), head);
    gtk_box_append(GTK_BOX(s->box), scroll);
    gtk_box_append(GTK_BOX(s->box), s->status);
    g_object_set_data_full(G_OBJECT(s->box), "desk-attach-strip", s, strip_free);
    desk_attach_strip_set_record(s->box, record_id);
    return s->box;
}

int desk_attach_strip_count(GtkWidget *strip)
{
    return strip_of(strip)->count;
}

int desk_attach_strip_pictures(GtkWidget *strip)
{
    return strip_of(strip)->pictures;
}

const char *desk_attach_strip_saved(GtkWidget *strip)
{
    return strip_of(strip)->saved;
}
