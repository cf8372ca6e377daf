/* chart.c -- the desk's charts, drawn with cairo in a GtkDrawingArea (no web view; issue 25):
 * one module for every chart the desk shows. Bars by child unit (the report pages' 图表 view):
 * sorted lowest rate first, so the units that lag stand at the left and, below the parent's
 * average, in orange; the average a red dashed line with its label; names ellipsized, turned
 * 45 degrees when the units are many, so 11-20 units fit. A bar clicked (GtkGestureClick) or
 * chosen with the arrow keys and Enter calls the page back with its report row, which opens
 * that unit as its table row does. The trend (趋势): one point per period, each labelled with
 * its value. The week (the cadre's home): the days and nights in the village per weekday, and
 * the totals against the five days and four nights required.
 *
 * The layout is a function of the widget's size alone (chart_layout), so the hit test
 * (desk_chart_hit) and the drawing always agree, drawn or not. */
#include "desk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_MAX_PX   110 /* a unit's or month's name is ellipsized beyond this */
#define VALUE_LABEL_PX 34  /* a bar narrower than this has no value written above it */
#define WIDE_SLOT_PX   48  /* narrower: values without decimals, "—" for an empty bar */
#define BAR_MAX_PX     56
#define MARGIN         12

enum chart_kind { CHART_NONE, CHART_BARS, CHART_TREND, CHART_WEEK };

struct point {
    char *label;
    double value;
    int row;   /* the caller's row */
    int empty; /* nothing to rate (nothing due, no cadre): no bar, drawn last */
};

struct desk_chart {
    GtkWidget *area;
    enum chart_kind kind;
    char *title, *axis, *value_name, *average_name, *empty_name, *message;
    double average;
    struct point *pts;
    size_t n;
    /* the week */
    struct desk_chart_day days[7];
    int n_days;
    unsigned got[2], need[2]; /* days, nights */
    int focus;                /* the bar chosen with the keyboard, -1 none */
    desk_chart_cb cb;
    void *user;
};

/* Where things go, from the widget's size. */
struct layout {
    double x, y, w, h; /* the plot area */
    double slot;       /* the width each bar or point has */
    double top;        /* the value at the plot's top edge */
    int rotate;        /* the labels are turned 45 degrees */
};

static void points_free(struct desk_chart *c)
{
    for (size_t i = 0; i < c->n; i++)
        g_free(c->pts[i].label);
    g_free(c->pts);
    c->pts = NULL;
    c->n = 0;
}

static void reset(struct desk_chart *c, enum chart_kind kind)
{
    points_free(c);
    g_clear_pointer(&c->title, g_free);
    g_clear_pointer(&c->axis, g_free);
    g_clear_pointer(&c->value_name, g_free);
    g_clear_pointer(&c->average_name, g_free);
    g_clear_pointer(&c->empty_name, g_free);
    g_clear_pointer(&c->message, g_free);
    c->kind = kind;
    c->focus = -1;
    c->n_days = 0;
}

static void chart_free(gpointer p)
{
    struct desk_chart *c = p;
    reset(c, CHART_NONE);
    g_free(c);
}

/* ---- text ---- */

static PangoLayout *text_layout(struct desk_chart *c, const char *s, double scale, int bold,
                                double max_w)
{
    PangoLayout *l = gtk_widget_create_pango_layout(c->area, s);
    const PangoFontDescription *base =
        pango_context_get_font_description(pango_layout_get_context(l));
    PangoFontDescription *f = pango_font_description_copy(base);
    pango_font_description_set_size(f, (int)(pango_font_description_get_size(f) * scale));
    if (bold)
        pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, f);
    pango_font_description_free(f);
    if (max_w > 0) {
        pango_layout_set_width(l, (int)(max_w * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    return l;
}

static void text_size(PangoLayout *l, double *w, double *h)
{
    int iw, ih;
    pango_layout_get_pixel_size(l, &iw, &ih);
    *w = iw;
    *h = ih;
}

/* s drawn with its anchor at x, y: xalign 0 left, 0.5 centre, 1 right; yalign the same down. */
static void text_at(cairo_t *cr, struct desk_chart *c, const char *s, double x, double y,
                    double xalign, double yalign, double scale, int bold, double max_w)
{
    PangoLayout *l = text_layout(c, s, scale, bold, max_w);
    double w, h;
    text_size(l, &w, &h);
    cairo_move_to(cr, x - w * xalign, y - h * yalign);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

/* A category's name under the axis at x: centred, or turned 45 degrees ending at x. */
static void category_label(cairo_t *cr, struct desk_chart *c, const struct layout *L, const char *s,
                           double x)
{
    double y = L->y + L->h + 4;
    if (!L->rotate) {
        text_at(cr, c, s, x, y, 0.5, 0, 0.9, 0, L->slot - 4);
        return;
    }
    PangoLayout *l = text_layout(c, s, 0.9, 0, LABEL_MAX_PX);
    double w, h;
    text_size(l, &w, &h);
    cairo_save(cr);
    cairo_translate(cr, x + h / 2, y);
    cairo_rotate(cr, -M_PI / 4);
    cairo_move_to(cr, -w, 0);
    pango_cairo_show_layout(cr, l);
    cairo_restore(cr);
    g_object_unref(l);
}

/* v as a percentage: one decimal, none where the slot is too narrow for it. */
static void percent(double v, double slot, char out[16])
{
    snprintf(out, 16, slot >= WIDE_SLOT_PX ? "%.1f%%" : "%.0f%%", 100.0 * v);
}

static void rgb(cairo_t *cr, unsigned hex)
{
    cairo_set_source_rgb(cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                         (hex & 0xff) / 255.0);
}

/* ---- layout ---- */

/* The widest of the labels, as drawn (capped at LABEL_MAX_PX). */
static double widest_label(struct desk_chart *c)
{
    double most = 0;
    for (size_t i = 0; i < c->n; i++) {
        PangoLayout *l = text_layout(c, c->pts[i].label, 0.9, 0, 0);
        double w, h;
        text_size(l, &w, &h);
        g_object_unref(l);
        most = MAX(most, MIN(w, LABEL_MAX_PX));
    }
    return most;
}

static void chart_layout(struct desk_chart *c, struct layout *L)
{
    double w = gtk_widget_get_width(c->area), h = gtk_widget_get_height(c->area);
    L->x = MARGIN + 66; /* the value axis's name and labels */
    L->y = MARGIN + 48; /* the title, then the values written over the tallest bars */
    L->w = MAX(w - L->x - MARGIN - 8, 10);
    L->slot = c->n > 0 ? L->w / (double)c->n : L->w;
    L->rotate = c->n > 0 && widest_label(c) > L->slot - 6;
    double below = (L->rotate ? LABEL_MAX_PX * M_SQRT1_2 + 14 : 26) + 24; /* + the axis's name */
    L->h = MAX(h - L->y - below - MARGIN, 10);
    L->top = 1.0;
    for (size_t i = 0; i < c->n; i++)
        L->top = MAX(L->top, c->pts[i].value);
    if (c->kind == CHART_BARS)
        L->top = MAX(L->top, c->average);
    L->top = ceil(L->top * 4 - 1e-9) / 4; /* a rate above 100% gets a quarter more room */
}

/* Bar i's rectangle: the whole column for the hit test (a bar of 2% is still easy to click). */
static void bar_rect(const struct layout *L, size_t i, double *x, double *bw)
{
    *bw = MIN(L->slot * 0.7, BAR_MAX_PX);
    *x = L->x + L->slot * (double)i + (L->slot - *bw) / 2;
}

static double value_y(const struct layout *L, double v)
{
    return L->y + L->h - L->h * (v / L->top);
}

/* ---- drawing ---- */

static void draw_value_axis(cairo_t *cr, struct desk_chart *c, const struct layout *L)
{
    cairo_set_line_width(cr, 1);
    for (int q = 0; q <= (int)lround(L->top * 4); q++) {
        double v = q / 4.0, y = floor(value_y(L, v)) + 0.5;
        rgb(cr, q == 0 ? 0x888888 : 0xe3e3e3);
        cairo_move_to(cr, L->x, y);
        cairo_line_to(cr, L->x + L->w, y);
        cairo_stroke(cr);
        char t[16];
        snprintf(t, sizeof(t), "%d%%", q * 25);
        rgb(cr, 0x555555);
        text_at(cr, c, t, L->x - 6, y, 1, 0.5, 0.85, 0, 0);
    }
    rgb(cr, 0x333333);
    cairo_save(cr);
    cairo_translate(cr, MARGIN - 4, L->y + L->h / 2);
    cairo_rotate(cr, -M_PI / 2);
    text_at(cr, c, c->value_name, 0, 0, 0.5, 0, 0.9, 0, 0);
    cairo_restore(cr);
    double w = gtk_widget_get_width(c->area), h = gtk_widget_get_height(c->area);
    text_at(cr, c, c->axis, L->x + L->w / 2, h - MARGIN, 0.5, 1, 0.9, 0, 0);
    text_at(cr, c, c->title, w / 2, MARGIN, 0.5, 0, 1.15, 1, w - 2 * MARGIN);
}

static void draw_bars(cairo_t *cr, struct desk_chart *c, const struct layout *L)
{
    draw_value_axis(cr, c, L);
    for (size_t i = 0; i < c->n; i++) {
        const struct point *p = &c->pts[i];
        double x, bw;
        bar_rect(L, i, &x, &bw);
        if (p->empty) {
            rgb(cr, 0x999999);
            text_at(cr, c, L->slot >= WIDE_SLOT_PX ? c->empty_name : "—", x + bw / 2,
                    L->y + L->h - 2, 0.5, 1, 0.75, 0, L->slot);
        } else {
            double y = value_y(L, p->value);
            /* Below the parent's average: the units to look at first. */
            rgb(cr, p->value < c->average ? 0xe07b39 : 0x3b7dd8);
            cairo_rectangle(cr, x, y, bw, L->y + L->h - y);
            cairo_fill(cr);
            if (L->slot >= VALUE_LABEL_PX) {
                char t[16];
                percent(p->value, L->slot, t);
                rgb(cr, 0x333333);
                text_at(cr, c, t, x + bw / 2, y - 2, 0.5, 1, 0.8, 0, 0);
            }
        }
        if ((int)i == c->focus && gtk_widget_has_focus(c->area)) {
            rgb(cr, 0x1c1c1c);
            cairo_set_line_width(cr, 2);
            double d[] = {3, 2};
            cairo_set_dash(cr, d, 2, 0);
            cairo_rectangle(cr, x - 3, L->y, bw + 6, L->h);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
        }
        rgb(cr, 0x333333);
        category_label(cr, c, L, p->label, L->x + L->slot * ((double)i + 0.5));
    }
    /* The parent's average over the bars, named at its right end. */
    double y = floor(value_y(L, c->average)) + 0.5;
    rgb(cr, 0xd0312d);
    cairo_set_line_width(cr, 2);
    double d[] = {8, 4};
    cairo_set_dash(cr, d, 2, 0);
    cairo_move_to(cr, L->x, y);
    cairo_line_to(cr, L->x + L->w, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    /* Its name on white, readable over a bar. */
    PangoLayout *l = text_layout(c, c->average_name, 0.85, 1, 0);
    double tw, th;
    text_size(l, &tw, &th);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, L->x + L->w - tw - 4, y - 3 - th, tw + 4, th);
    cairo_fill(cr);
    rgb(cr, 0xd0312d);
    cairo_move_to(cr, L->x + L->w - tw - 2, y - 3 - th);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

static void draw_trend(cairo_t *cr, struct desk_chart *c, const struct layout *L)
{
    draw_value_axis(cr, c, L);
    /* The line, broken at a period without data. */
    rgb(cr, 0x3b7dd8);
    cairo_set_line_width(cr, 2.5);
    int pen = 0;
    for (size_t i = 0; i < c->n; i++) {
        double x = L->x + L->slot * ((double)i + 0.5), y = value_y(L, c->pts[i].value);
        if (c->pts[i].empty)
            pen = 0;
        else if (pen++ == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < c->n; i++) {
        double x = L->x + L->slot * ((double)i + 0.5), y = value_y(L, c->pts[i].value);
        char t[16];
        if (c->pts[i].empty) {
            g_strlcpy(t, _("no data"), sizeof(t));
            y = L->y + L->h;
            rgb(cr, 0x999999);
        } else {
            rgb(cr, 0x3b7dd8);
            cairo_arc(cr, x, y, 4, 0, 2 * M_PI);
            cairo_fill(cr);
            percent(c->pts[i].value, L->slot, t);
            rgb(cr, 0x222222);
        }
        /* Every point's value, turned like the labels when the periods are many. */
        if (L->slot >= VALUE_LABEL_PX + 8) {
            text_at(cr, c, t, x, y - 6, 0.5, 1, 0.8, 0, 0);
        } else {
            cairo_save(cr);
            cairo_translate(cr, x - 4, y - 8);
            cairo_rotate(cr, -M_PI / 2);
            text_at(cr, c, t, 0, 0, 0, 0, 0.75, 0, 0);
            cairo_restore(cr);
        }
        rgb(cr, 0x333333);
        category_label(cr, c, L, c->pts[i].label, x);
    }
}

/* The week: a cell per weekday for the day and one for the night (green present, grey
 * excused), then the totals as bars against the required five and four. */
static void draw_week(cairo_t *cr, struct desk_chart *c)
{
    double w = gtk_widget_get_width(c->area);
    rgb(cr, 0x333333);
    text_at(cr, c, c->title, MARGIN, MARGIN, 0, 0, 1.05, 1, w - 2 * MARGIN);
    const char *rows[2] = {_("Day"), _("Night")};
    double x0 = MARGIN + 40, y0 = MARGIN + 58, cell = 30, gap = 4;
    for (int i = 0; i < c->n_days; i++) {
        const struct desk_chart_day *dd = &c->days[i];
        double x = x0 + i * (cell + gap);
        rgb(cr, 0x333333);
        text_at(cr, c, dd->label, x + cell / 2, y0 - 4, 0.5, 1, 0.85, 0, cell + gap);
        for (int r = 0; r < 2; r++) {
            int present = r == 0 ? dd->day : dd->night;
            double y = y0 + r * (cell + gap);
            rgb(cr, present ? 0x2e9d5b : dd->excused ? 0xbdbdbd : 0xf1f1f1);
            cairo_rectangle(cr, x, y, cell, cell);
            cairo_fill(cr);
            rgb(cr, 0xb0b0b0);
            cairo_set_line_width(cr, 1);
            cairo_rectangle(cr, x + 0.5, y + 0.5, cell - 1, cell - 1);
            cairo_stroke(cr);
            if (present) {
                cairo_set_source_rgb(cr, 1, 1, 1);
                text_at(cr, c, "✓", x + cell / 2, y + cell / 2, 0.5, 0.5, 1, 1, 0);
            }
        }
    }
    for (int r = 0; r < 2; r++) {
        rgb(cr, 0x333333);
        text_at(cr, c, rows[r], x0 - 6, y0 + r * (cell + gap) + cell / 2, 1, 0.5, 0.9, 0, 0);
    }
    /* The totals: a bar each, the required count marked. */
    double bx = x0 + 7 * (cell + gap) + 24, bw = MAX(w - bx - MARGIN - 70, 60);
    unsigned scale = MAX(MAX(c->need[0], c->got[0]), 7);
    for (int r = 0; r < 2; r++) {
        double y = y0 + r * (cell + gap) + 6, bh = cell - 12;
        rgb(cr, 0xf1f1f1);
        cairo_rectangle(cr, bx, y, bw, bh);
        cairo_fill(cr);
        rgb(cr, c->got[r] >= c->need[r] ? 0x2e9d5b : 0xe07b39);
        cairo_rectangle(cr, bx, y, bw * c->got[r] / scale, bh);
        cairo_fill(cr);
        double tx = floor(bx + bw * c->need[r] / scale) + 0.5;
        rgb(cr, 0xd0312d);
        cairo_set_line_width(cr, 2);
        cairo_move_to(cr, tx, y - 4);
        cairo_line_to(cr, tx, y + bh + 4);
        cairo_stroke(cr);
        char t[64];
        snprintf(t, sizeof(t), _("%u of %u"), c->got[r], c->need[r]);
        rgb(cr, 0x333333);
        text_at(cr, c, t, bx + bw + 8, y + bh / 2, 0, 0.5, 0.9, 1, 0);
    }
}

static void draw(GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer user)
{
    (void)area;
    struct desk_chart *c = user;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    if (c->kind == CHART_WEEK) {
        draw_week(cr, c);
        return;
    }
    if (c->kind == CHART_NONE || c->n == 0) {
        rgb(cr, 0x888888);
        text_at(cr, c, c->message != NULL ? c->message : _("Nothing to draw yet"), w / 2.0, h / 2.0,
                0.5, 0.5, 1, 0, w - 2 * MARGIN);
        return;
    }
    struct layout L;
    chart_layout(c, &L);
    if (c->kind == CHART_BARS)
        draw_bars(cr, c, &L);
    else
        draw_trend(cr, c, &L);
}

/* ---- clicks and keys ---- */

int desk_chart_hit(struct desk_chart *c, double x, double y)
{
    if (c->kind != CHART_BARS || c->n == 0)
        return -1;
    struct layout L;
    chart_layout(c, &L);
    if (y < L.y || y > L.y + L.h)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        double bx, bw;
        bar_rect(&L, i, &bx, &bw);
        if (x >= bx && x <= bx + bw)
            return (int)i;
    }
    return -1;
}

int desk_chart_bar_centre(struct desk_chart *c, int i, double *x, double *y)
{
    if (c->kind != CHART_BARS || i < 0 || (size_t)i >= c->n)
        return -1;
    struct layout L;
    chart_layout(c, &L);
    double bx, bw;
    bar_rect(&L, (size_t)i, &bx, &bw);
    double top = c->pts[i].empty ? L.y + L.h : value_y(&L, c->pts[i].value);
    *x = bx + bw / 2;
    /* The bar's middle; a bar too low to aim at is clicked just above the axis. */
    *y = MIN((top + L.y + L.h) / 2, L.y + L.h - 1);
    return 0;
}

static void activate(struct desk_chart *c, int i)
{
    if (i >= 0 && (size_t)i < c->n && c->cb != NULL)
        c->cb(c->pts[i].row, c->user);
}

static void on_released(GtkGestureClick *g, int n_press, double x, double y, gpointer user)
{
    (void)g;
    (void)n_press;
    struct desk_chart *c = user;
    int i = desk_chart_hit(c, x, y);
    if (i >= 0) {
        c->focus = i;
        activate(c, i);
    }
}

int desk_key_choice(guint key, int focus, int n, int *open)
{
    *open = 0;
    switch (key) {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
        return focus <= 0 ? 0 : focus - 1;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
        return focus < 0 ? 0 : MIN(focus + 1, n - 1);
    case GDK_KEY_Home:
        return 0;
    case GDK_KEY_End:
        return n - 1;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
        *open = 1;
        return focus;
    default:
        return DESK_KEY_NOT_MINE;
    }
}

/* Left and Right (Up, Down, Home, End) choose a bar, Enter or Space opens it. */
static gboolean on_key(GtkEventControllerKey *k, guint key, guint code, GdkModifierType mods,
                       gpointer user)
{
    (void)k;
    (void)code;
    (void)mods;
    struct desk_chart *c = user;
    if (c->kind != CHART_BARS || c->n == 0)
        return FALSE;
    int open = 0, f = desk_key_choice(key, c->focus, (int)c->n, &open);
    if (f == DESK_KEY_NOT_MINE)
        return FALSE;
    if (open) {
        activate(c, f);
        return f >= 0;
    }
    c->focus = f;
    char *tip = g_strdup_printf("%s: %.1f%%", c->pts[f].label, 100.0 * c->pts[f].value);
    gtk_widget_set_tooltip_text(c->area, tip);
    g_free(tip);
    gtk_widget_queue_draw(c->area);
    return TRUE;
}

/* The bar under the pointer named in the tooltip (a long name is ellipsized on the axis). */
static gboolean on_query_tooltip(GtkWidget *w, int x, int y, gboolean keyboard, GtkTooltip *tip,
                                 gpointer user)
{
    (void)w;
    struct desk_chart *c = user;
    int i = keyboard ? c->focus : desk_chart_hit(c, x, y);
    if (i < 0)
        return FALSE;
    char *t = c->pts[i].empty
                  ? g_strdup_printf("%s: %s", c->pts[i].label, c->empty_name)
                  : g_strdup_printf("%s: %.1f%%", c->pts[i].label, 100.0 * c->pts[i].value);
    gtk_tooltip_set_text(tip, t);
    g_free(t);
    return TRUE;
}

/* ---- the API ---- */

struct desk_chart *desk_chart_new(int width, int height)
{
    struct desk_chart *c = g_new0(struct desk_chart, 1);
    c->focus = -1;
    c->area = gtk_drawing_area_new();
    gtk_drawing_area_set_content_width(GTK_DRAWING_AREA(c->area), width);
    gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(c->area), height);
    gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(c->area), draw, c, NULL);
    g_object_set_data_full(G_OBJECT(c->area), "desk-chart", c, chart_free);
    GtkGesture *g = gtk_gesture_click_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(g), GDK_BUTTON_PRIMARY);
    g_signal_connect(g, "released", G_CALLBACK(on_released), c);
    gtk_widget_add_controller(c->area, GTK_EVENT_CONTROLLER(g));
    GtkEventController *k = gtk_event_controller_key_new();
    g_signal_connect(k, "key-pressed", G_CALLBACK(on_key), c);
    gtk_widget_add_controller(c->area, k);
    GtkEventController *f = gtk_event_controller_focus_new();
    g_signal_connect_swapped(f, "enter", G_CALLBACK(gtk_widget_queue_draw), c->area);
    g_signal_connect_swapped(f, "leave", G_CALLBACK(gtk_widget_queue_draw), c->area);
    gtk_widget_add_controller(c->area, f);
    gtk_widget_set_has_tooltip(c->area, TRUE);
    g_signal_connect(c->area, "query-tooltip", G_CALLBACK(on_query_tooltip), c);
    return c;
}

GtkWidget *desk_chart_widget(struct desk_chart *c)
{
    return c->area;
}

void desk_chart_on_activate(struct desk_chart *c, desk_chart_cb cb, void *user)
{
    c->cb = cb;
    c->user = user;
}

void desk_chart_message(struct desk_chart *c, const char *message)
{
    reset(c, CHART_NONE);
    c->message = g_strdup(message);
    gtk_widget_set_focusable(c->area, FALSE);
    gtk_widget_queue_draw(c->area);
}

/* Lowest rate first; nothing to rate last; equal rates by label, so the order does not
 * depend on the reply's (as the workbook's chart, client/cli/xlsx.c). */
static int lowest_first(const void *x, const void *y)
{
    const struct point *a = x, *b = y;
    if (a->empty != b->empty)
        return a->empty - b->empty;
    if (a->value != b->value)
        return a->value < b->value ? -1 : 1;
    return strcmp(a->label, b->label);
}

static void set_points(struct desk_chart *c, enum chart_kind kind, const char *title,
                       const char *axis, const char *value_name, const struct desk_chart_point *pts,
                       size_t n)
{
    reset(c, kind);
    c->title = g_strdup(title);
    c->axis = g_strdup(axis);
    c->value_name = g_strdup(value_name);
    c->pts = g_new0(struct point, n ? n : 1);
    c->n = n;
    for (size_t i = 0; i < n; i++)
        c->pts[i] = (struct point){g_strdup(pts[i].label != NULL ? pts[i].label : ""), pts[i].value,
                                   pts[i].row, pts[i].empty};
}

void desk_chart_bars(struct desk_chart *c, const char *title, const char *axis,
                     const char *value_name, const struct desk_chart_point *pts, size_t n,
                     double average, const char *average_name, const char *empty_name)
{
    set_points(c, CHART_BARS, title, axis, value_name, pts, n);
    qsort(c->pts, c->n, sizeof(*c->pts), lowest_first);
    c->average = average;
    c->average_name = g_strdup(average_name);
    c->empty_name = g_strdup(empty_name);
    gtk_widget_set_focusable(c->area, n > 0);
    gtk_widget_queue_draw(c->area);
}

void desk_chart_trend(struct desk_chart *c, const char *title, const char *axis,
                      const char *value_name, const struct desk_chart_point *pts, size_t n)
{
    set_points(c, CHART_TREND, title, axis, value_name, pts, n);
    gtk_widget_set_focusable(c->area, FALSE);
    gtk_widget_queue_draw(c->area);
}

void desk_chart_week(struct desk_chart *c, const char *title, const struct desk_chart_day *days,
                     int n, const unsigned got[2], const unsigned need[2])
{
    reset(c, CHART_WEEK);
    c->title = g_strdup(title);
    c->n_days = MIN(n, 7);
    for (int i = 0; i < c->n_days; i++)
        c->days[i] = days[i];
    for (int r = 0; r < 2; r++) {
        c->got[r] = got[r];
        c->need[r] = need[r];
    }
    gtk_widget_set_focusable(c->area, FALSE);
    gtk_widget_queue_draw(c->area);
}

int desk_chart_count(struct desk_chart *c)
{
    return c->kind == CHART_BARS || c->kind == CHART_TREND ? (int)c->n
           : c->kind == CHART_WEEK                         ? c->n_days
                                                           : 0;
}

int desk_chart_week_day(struct desk_chart *c, int i, struct desk_chart_day *out, unsigned got[2],
                        unsigned need[2])
{
    if (c->kind != CHART_WEEK || i < 0 || i >= c->n_days)
        return -1;
    *out = c->days[i];
    for (int r = 0; r < 2; r++) {
        got[r] = c->got[r];
        need[r] = c->need[r];
    }
    return 0;
}

const char *desk_chart_label(struct desk_chart *c, int i)
{
    return i >= 0 && (size_t)i < c->n ? c->pts[i].label : NULL;
}

double desk_chart_value(struct desk_chart *c, int i)
{
    return i >= 0 && (size_t)i < c->n ? c->pts[i].value : -1;
}

int desk_chart_row(struct desk_chart *c, int i)
{
    return i >= 0 && (size_t)i < c->n ? c->pts[i].row : -1;
}

int desk_chart_empty(struct desk_chart *c, int i)
{
    return i >= 0 && (size_t)i < c->n ? c->pts[i].empty : 0;
}

double desk_chart_average(struct desk_chart *c)
{
    return c->kind == CHART_BARS ? c->average : -1;
}
