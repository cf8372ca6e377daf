/* map.c -- the village map of the report page (issue 25): the villages of the shown unit
 * placed by their coordinates and coloured by their visit compliance, drawn with cairo (no web
 * view, no tiles: a plain projected plot is what an office needs to see where the villages
 * that fall short lie). The rows are the server's VisitReport by village (the same counts as
 * the table's, grouped per village, with org_units' lat/lon); they are fetched when the view
 * is shown, not with every report, so a table-only reader costs the server nothing more. */
#include "desk.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "common/rules/account.h"
#include "common/rules/org.h"

#define MARGIN       28      /* px around the plot */
#define LEGEND_H     34      /* px under the plot: the legend, the count without coordinates */
#define DOT_R        6.0     /* a village's dot, px */
#define HIT_SLOP     3.0     /* px beyond the dot that still hit it */
#define LABELS_MAX   60      /* names written beside the dots up to this many villages */
#define SPAN_MIN_DEG 0.02    /* the smallest span shown (about 2 km): one village is not a point */
#define KM_PER_DEG   111.195 /* a degree of latitude (the sphere of radius 6371 km) */

/* The classes' lower bounds and colours, lowest first (a ColorBrewer diverging scale, which
 * reads in grey scale and for the common colour blindnesses); the grey of "nothing owed". */
static const struct {
    double from;
    const char *label;
    double rgb[3];
} classes[DESK_MAP_CLASSES] = {
    {0.00, "< 60%", {0.843, 0.188, 0.153}},
    {0.60, "60–80%", {0.992, 0.682, 0.380}},
    {0.80, "80–95%", {0.569, 0.812, 0.376}},
    {0.95, "≥ 95%", {0.102, 0.596, 0.314}},
};
static const double grey[3] = {0.62, 0.62, 0.62};

struct desk_map {
    struct desk *d;
    struct desk_report *report;
    GtkStack *views;
    GtkWidget *area, *note;
    char org[ORG_CODE_LEN + 1], period[8]; /* the unit and month shown by the report */
    int want;                              /* the report changed since the villages came */
    unsigned gen, asked; /* the report shown, and the one the call in flight asked for */
    int busy;
    Zhucun__VisitReportReply *vil; /* the villages, or NULL */
    const char *problem;           /* shown instead of the map (static text), or NULL */
    int focus;                     /* the village the keyboard is on (a row), or -1 */
};

/* The projection for a width x height area: a village at (lat, lon) is drawn at
 * (x0 + (lon * k - cx) * s, y0 - (lat - cy) * s). */
struct frame {
    double k, cx, cy, s, x0, y0;
    int placed;
};

int desk_map_class(const Zhucun__VisitReportRow *x)
{
    if (x->due == 0)
        return -1;
    double rate = (double)x->met / x->due;
    int c = 0;
    while (c + 1 < DESK_MAP_CLASSES && rate >= classes[c + 1].from)
        c++;
    return c;
}

void desk_map_rgb(int cls, double rgb[3])
{
    memcpy(rgb, cls >= 0 && cls < DESK_MAP_CLASSES ? classes[cls].rgb : grey, 3 * sizeof(double));
}

static struct frame frame_of(const struct desk_map *m, int width, int height)
{
    struct frame f = {0};
    double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180, lat_sum = 0;
    for (size_t i = 0; m->vil != NULL && i < m->vil->n_rows; i++) {
        const Zhucun__VisitReportRow *x = m->vil->rows[i];
        if (!x->has_location)
            continue;
        lat0 = fmin(lat0, x->lat), lat1 = fmax(lat1, x->lat);
        lon0 = fmin(lon0, x->lon), lon1 = fmax(lon1, x->lon);
        lat_sum += x->lat;
        f.placed++;
    }
    if (f.placed == 0)
        return f;
    f.k = cos(lat_sum / f.placed * G_PI / 180.0);
    double w = fmax(width - 2.0 * MARGIN, 1), h = fmax(height - 2.0 * MARGIN - LEGEND_H, 1);
    double dx = fmax((lon1 - lon0) * f.k, SPAN_MIN_DEG), dy = fmax(lat1 - lat0, SPAN_MIN_DEG);
    f.s = fmin(w / dx, h / dy); /* the same scale both ways: the aspect is kept */
    f.cx = (lon0 + lon1) / 2 * f.k;
    f.cy = (lat0 + lat1) / 2;
    f.x0 = MARGIN + w / 2;
    f.y0 = MARGIN + h / 2;
    return f;
}

static void place(const struct frame *f, const Zhucun__VisitReportRow *x, double *px, double *py)
{
    *px = f->x0 + (x->lon * f->k - f->cx) * f->s;
    *py = f->y0 - (x->lat - f->cy) * f->s;
}

/* ---- drawing ---- */

static void text_at(cairo_t *cr, PangoLayout *pl, const char *text, double x, double y,
                    double align)
{
    pango_layout_set_text(pl, text, -1);
    int w, h;
    pango_layout_get_pixel_size(pl, &w, &h);
    cairo_move_to(cr, x - align * w, y - h / 2.0);
    pango_cairo_show_layout(cr, pl);
}

static void dot(cairo_t *cr, double x, double y, const double rgb[3])
{
    cairo_new_path(cr); /* a label's text leaves a current point the arc would join */
    cairo_arc(cr, x, y, DOT_R, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
}

/* A bar of a round length (1, 2 or 5 times a power of ten km) near a fifth of the width. */
static void scale_bar(cairo_t *cr, PangoLayout *pl, const struct frame *f, int width, double y)
{
    double want = width / 5.0 * KM_PER_DEG / f->s, km = pow(10, floor(log10(want)));
    if (km * 5 <= want)
        km *= 5;
    else if (km * 2 <= want)
        km *= 2;
    double len = km * f->s / KM_PER_DEG, x1 = width - MARGIN, x0 = x1 - len;
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, x0, y - 4);
    cairo_line_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_line_to(cr, x1, y - 4);
    cairo_stroke(cr);
    char t[32];
    snprintf(t, sizeof(t), km >= 1 ? "%.0f km" : "%.1f km", km);
    text_at(cr, pl, t, (x0 + x1) / 2, y - 11, 0.5);
}

static void north(cairo_t *cr, PangoLayout *pl, int width)
{
    double x = width - MARGIN - 6, y = MARGIN + 4;
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x - 6, y + 16);
    cairo_line_to(cr, x, y + 12);
    cairo_line_to(cr, x + 6, y + 16);
    cairo_close_path(cr);
    cairo_fill(cr);
    text_at(cr, pl, "N", x, y + 26, 0.5);
}

/* The legend under the plot, then the villages without coordinates. */
static void legend(cairo_t *cr, PangoLayout *pl, struct desk_map *m, int height)
{
    double x = MARGIN, y = height - LEGEND_H / 2.0;
    for (int c = -1; c < DESK_MAP_CLASSES; c++) {
        double rgb[3];
        desk_map_rgb(c, rgb);
        dot(cr, x + DOT_R, y, rgb);
        const char *t = c < 0 ? _("nothing due") : classes[c].label;
        pango_layout_set_text(pl, t, -1);
        int w, h;
        pango_layout_get_pixel_size(pl, &w, &h);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        text_at(cr, pl, t, x + 2 * DOT_R + 5, y, 0);
        x += 2 * DOT_R + 5 + w + 16;
    }
    int missing = desk_map_missing(m);
    if (missing > 0) {
        char *t = g_strdup_printf(_("%d villages without coordinates"), missing);
        cairo_set_source_rgb(cr, 0.55, 0.1, 0.1);
        text_at(cr, pl, t, x + 8, y, 0);
        g_free(t);
    }
}

static void draw(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user)
{
    (void)area;
    struct desk_map *m = user;
    cairo_set_source_rgb(cr, 0.985, 0.985, 0.975);
    cairo_paint(cr);
    PangoLayout *pl = pango_cairo_create_layout(cr);
    PangoFontDescription *font = pango_font_description_from_string("Sans 9");
    pango_layout_set_font_description(pl, font);
    struct frame f = frame_of(m, width, height);
    const char *problem = m->problem != NULL   ? m->problem
                          : m->busy || m->want ? _("Loading the villages…")
                          : f.placed == 0      ? _("No village of this unit has coordinates")
                                               : NULL;
    if (problem != NULL) {
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        text_at(cr, pl, problem, width / 2.0, height / 2.0, 0.5);
    } else {
        /* the plot's frame, then the dots, their names, north and the scale */
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.78);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, MARGIN / 2.0, MARGIN / 2.0, width - MARGIN, height - MARGIN - LEGEND_H);
        cairo_stroke(cr);
        int names = f.placed <= LABELS_MAX;
        for (size_t i = 0; i < m->vil->n_rows; i++) {
            const Zhucun__VisitReportRow *x = m->vil->rows[i];
            if (!x->has_location)
                continue;
            double px, py, rgb[3];
            place(&f, x, &px, &py);
            desk_map_rgb(desk_map_class(x), rgb);
            dot(cr, px, py, rgb);
            if (names) {
                cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
                text_at(cr, pl, x->name, px + DOT_R + 3, py, 0);
            }
        }
        /* the keyboard's village: a ring around its dot */
        const Zhucun__VisitReportRow *k = desk_map_row(m, m->focus);
        if (k != NULL && k->has_location && gtk_widget_has_focus(m->area)) {
            double px, py;
            place(&f, k, &px, &py);
            cairo_new_path(cr);
            cairo_arc(cr, px, py, DOT_R + 4, 0, 2 * G_PI);
            cairo_set_source_rgb(cr, 0.1, 0.3, 0.75);
            cairo_set_line_width(cr, 2.5);
            cairo_stroke(cr);
        }
        north(cr, pl, width);
        scale_bar(cr, pl, &f, width, height - LEGEND_H - MARGIN / 2.0 - 6);
    }
    if (m->vil != NULL && m->problem == NULL)
        legend(cr, pl, m, height);
    pango_font_description_free(font);
    g_object_unref(pl);
}

/* ---- the villages ---- */

static void fetch(struct desk_map *m);

static void villages_done(Zhucun__Reply *reply, const struct zc_error *err, void *user)
{
    struct desk_map *m = user;
    m->busy = 0;
    if (m->asked != m->gen) { /* the report moved on while this was asked */
        fetch(m);
        return;
    }
    m->want = 0;
    if (err != NULL) {
        m->problem = _("Could not load the villages");
        desk_status(m->d, err->message, 1);
        gtk_widget_queue_draw(m->area);
        desk_changed(m->d, "map-failed");
        return;
    }
    m->vil = (Zhucun__VisitReportReply *)desk_message_copy(&reply->visit_report->base);
    m->focus = -1;
    char *note =
        g_strdup_printf(_("%s (%s), %s: %d villages; click a village (or choose one with the "
                          "arrow keys and press Enter) to see its report"),
                        m->vil->org_name, m->vil->org_code, m->vil->period, (int)m->vil->n_rows);
    gtk_label_set_text(GTK_LABEL(m->note), note);
    g_free(note);
    gtk_widget_queue_draw(m->area);
    desk_changed(m->d, "map");
}

/* Asks for the villages of the report's unit when they are wanted and the map is on screen. */
static void fetch(struct desk_map *m)
{
    if (!m->want || m->busy || m->problem != NULL || !gtk_widget_get_mapped(m->area))
        return;
    Zhucun__VisitReport vr = ZHUCUN__VISIT_REPORT__INIT;
    vr.org_code = m->org;
    vr.period = m->period;
    vr.by = "village";
    m->busy = 1;
    m->asked = m->gen;
    desk_call(m->d, &vr.base, villages_done, m);
}

static void on_map(GtkWidget *w, gpointer user)
{
    (void)w;
    fetch(user);
}

void desk_map_show(struct desk_map *m, const Zhucun__VisitReportReply *rep)
{
    if (m == NULL)
        return;
    if (m->vil != NULL)
        zhucun__visit_report_reply__free_unpacked(m->vil, NULL);
    m->vil = NULL;
    m->focus = -1;
    m->gen++;
    m->problem = NULL;
    m->want = 0;
    gtk_label_set_text(GTK_LABEL(m->note), "");
    if (rep == NULL)
        m->problem = _("Choose an org unit and a month, then Show");
    else if (rules_code_level(rep->org_code) == ORG_VILLAGE)
        m->problem = _("A village's households are in the table; go up one level for the map");
    else if (rules_code_level(rep->org_code) < ORG_CITY)
        m->problem = _("The map shows a city at most: open a city first");
    if (m->problem == NULL) {
        g_strlcpy(m->org, rep->org_code, sizeof(m->org));
        g_strlcpy(m->period, rep->period, sizeof(m->period));
        m->want = 1;
        fetch(m);
    }
    gtk_widget_queue_draw(m->area);
}

/* ---- pointing ---- */

int desk_map_hit(struct desk_map *m, double x, double y)
{
    if (m->vil == NULL || m->problem != NULL)
        return -1;
    struct frame f = frame_of(m, gtk_widget_get_width(m->area), gtk_widget_get_height(m->area));
    int best = -1;
    double best_d = (DOT_R + HIT_SLOP) * (DOT_R + HIT_SLOP);
    for (size_t i = 0; i < m->vil->n_rows; i++) {
        const Zhucun__VisitReportRow *v = m->vil->rows[i];
        if (!v->has_location)
            continue;
        double px, py;
        place(&f, v, &px, &py);
        double dd = (px - x) * (px - x) + (py - y) * (py - y);
        if (dd <= best_d) { /* the nearest; the later (drawn on top) of two at one place */
            best_d = dd;
            best = (int)i;
        }
    }
    return best;
}

void desk_map_open(struct desk_map *m, int i)
{
    const Zhucun__VisitReportRow *x = desk_map_row(m, i);
    if (x == NULL)
        return;
    gtk_stack_set_visible_child_name(m->views, "table");
    desk_report_goto(m->report, x->key);
}

/* The village a row is, in words: its name, code and compliance (the note above the map, which
 * a screen reader reads, and the tooltip). */
static char *village_text(const Zhucun__VisitReportRow *v)
{
    char *where = v->has_location ? g_strdup("") : g_strdup(_(" (no coordinates)"));
    char *t = v->due > 0 ? g_strdup_printf(_("%s %s%s: visit compliance %.1f%% (%u of %u met, "
                                             "%u overdue)"),
                                           v->name, v->key, where, 100.0 * v->met / v->due, v->met,
                                           v->due, v->overdue)
                         : g_strdup_printf(_("%s %s%s: no visit duties this month"), v->name,
                                           v->key, where);
    g_free(where);
    return t;
}

static gboolean on_tooltip(GtkWidget *w, int x, int y, gboolean keyboard, GtkTooltip *tip,
                           gpointer user)
{
    (void)w;
    struct desk_map *m = user;
    const Zhucun__VisitReportRow *v = desk_map_row(m, keyboard ? m->focus : desk_map_hit(m, x, y));
    if (v == NULL)
        return FALSE;
    char *t = village_text(v);
    gtk_tooltip_set_text(tip, t);
    g_free(t);
    return TRUE;
}

/* Left and Right (Up, Down, Home, End) go through the villages in the rows' order, those
 * without coordinates too (the keyboard is their only way to the report from the map); Enter
 * or Space opens the one chosen. */
static gboolean on_key(GtkEventControllerKey *k, guint key, guint code, GdkModifierType mods,
                       gpointer user)
{
    (void)k;
    (void)code;
    (void)mods;
    struct desk_map *m = user;
    int n = desk_map_count(m), open = 0;
    if (n == 0 || m->problem != NULL)
        return FALSE;
    int f = desk_key_choice(key, m->focus, n, &open);
    if (f == DESK_KEY_NOT_MINE)
        return FALSE;
    if (open) {
        desk_map_open(m, f);
        return f >= 0;
    }
    m->focus = f;
    char *t = village_text(desk_map_row(m, f));
    gtk_label_set_text(GTK_LABEL(m->note), t);
    g_free(t);
    gtk_widget_queue_draw(m->area);
    return TRUE;
}

static void on_click(GtkGestureClick *g, int n, double x, double y, gpointer user)
{
    (void)g;
    (void)n;
    struct desk_map *m = user;
    desk_map_open(m, desk_map_hit(m, x, y));
}

/* ---- the view ---- */

struct desk_map *desk_map_new(struct desk *d, struct desk_report *r, GtkStack *views)
{
    struct desk_map *m = g_new0(struct desk_map, 1);
    m->d = d;
    m->report = r;
    m->views = views;
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    m->note = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(m->note), 0);
    gtk_widget_add_css_class(m->note, "dim-label");
    gtk_box_append(GTK_BOX(box), m->note);
    m->area = gtk_drawing_area_new();
    gtk_widget_set_vexpand(m->area, TRUE);
    gtk_widget_set_hexpand(m->area, TRUE);
    gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(m->area), 360);
    gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(m->area), draw, m, NULL);
    gtk_widget_set_has_tooltip(m->area, TRUE);
    g_signal_connect(m->area, "query-tooltip", G_CALLBACK(on_tooltip), m);
    g_signal_connect(m->area, "map", G_CALLBACK(on_map), m);
    GtkGesture *click = gtk_gesture_click_new();
    g_signal_connect(click, "released", G_CALLBACK(on_click), m);
    gtk_widget_add_controller(m->area, GTK_EVENT_CONTROLLER(click));
    m->focus = -1;
    gtk_widget_set_focusable(m->area, TRUE);
    GtkEventController *keys = gtk_event_controller_key_new();
    g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), m);
    gtk_widget_add_controller(m->area, keys);
    GtkEventController *focus = gtk_event_controller_focus_new();
    /* the ring drawn or not */
    g_signal_connect_swapped(focus, "enter", G_CALLBACK(gtk_widget_queue_draw), m->area);
    g_signal_connect_swapped(focus, "leave", G_CALLBACK(gtk_widget_queue_draw), m->area);
    gtk_widget_add_controller(m->area, focus);
    gtk_box_append(GTK_BOX(box), m->area);
    gtk_stack_add_titled(views, box, "map", _("Map"));
    return m;
}

void desk_map_free(struct desk_map *m)
{
    if (m == NULL)
        return;
    if (m->vil != NULL)
        zhucun__visit_report_reply__free_unpacked(m->vil, NULL);
    g_free(m);
}

/* ---- for the tests ---- */

int desk_map_count(struct desk_map *m)
{
    return m->vil != NULL ? (int)m->vil->n_rows : 0;
}

const Zhucun__VisitReportRow *desk_map_row(struct desk_map *m, int i)
{
    return m->vil != NULL && i >= 0 && (size_t)i < m->vil->n_rows ? m->vil->rows[i] : NULL;
}

int desk_map_dot(struct desk_map *m, int i, double *x, double *y)
{
    const Zhucun__VisitReportRow *v = desk_map_row(m, i);
    if (v == NULL || !v->has_location)
        return 0;
    struct frame f = frame_of(m, gtk_widget_get_width(m->area), gtk_widget_get_height(m->area));
    place(&f, v, x, y);
    return 1;
}

int desk_map_missing(struct desk_map *m)
{
    int n = 0;
    for (int i = 0; i < desk_map_count(m); i++)
        n += !m->vil->rows[i]->has_location;
    return n;
}

GtkWidget *desk_map_area(struct desk_map *m)
{
    return m->area;
}

int desk_map_focus(struct desk_map *m)
{
    return m->focus;
}
