/* attach.h -- the attachment strip: a record's evidence files as thumbnails (or names, for
 * documents), each opened with a click, and an "Add file" button that uploads in chunks and
 * links the file to the record (docs/attachments.md). Every call runs on the worker thread
 * (conn.h): the list and the thumbnails, the upload (read from disk there too), the download.
 * A page puts the strip where it shows a record: the households page has it for kind
 * "household"; another domain's page makes its own with its kind. */
#ifndef ZHUCUN_DESK_ATTACH_H
#define ZHUCUN_DESK_ATTACH_H

#include <gtk/gtk.h>
#include <stdint.h>

struct desk;

/* A new strip for record_id (0: none yet; set it later) of kind ("household", "visit" ...). */
GtkWidget *desk_attach_strip_new(struct desk *d, const char *kind, int64_t record_id);

/* Shows the files of another record (0: empties and hides the strip). */
void desk_attach_strip_set_record(GtkWidget *strip, int64_t record_id);

/* Uploads the file at path and links it to the record, as the "Add file" dialog's answer does
 * (desk_changed "attach-uploaded" or "attach-failed"), then lists the files again. */
void desk_attach_strip_add_path(GtkWidget *strip, const char *path);

/* Opens file i: downloads it on the worker into a file of the temporary directory and, in
 * the program, opens that with the desktop's application for its type (desk_changed
 * "attach-opened"; tests: only saved). */
void desk_attach_strip_open(GtkWidget *strip, int i);

/* Tests: the files listed, those shown as a picture, the path of the last file opened. */
int desk_attach_strip_count(GtkWidget *strip);
int desk_attach_strip_pictures(GtkWidget *strip);
const char *desk_attach_strip_saved(GtkWidget *strip);

#endif
