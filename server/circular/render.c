/* render.c -- a circular as a PDF after GB/T 9704-2012 and as an xlsx (render.h).
 *
 * The PDF's page (GB/T 9704-2012, 5.2 and 7): A4; the text block 156 mm × 225 mm, 37 mm from
 * the top and 28 mm from the left edge; the body in 3号 (16 pt) with 22 lines to the page (a
 * line every 225/22 mm), each paragraph indented by two characters. The header (版头): the
 * issuing office's name (发文机关标志) in red, centred, then the doc number (发文字号) centred
 * two lines below, then a red rule across the text block; the title (标题) in 2号 (22 pt)
 * bold, centred, two lines below the rule; the body; the table; then the issuing office and
 * the date (成文日期, "2026年12月5日") to the right, four characters from the right edge. The
 * page number ("— 1 —", 4号, 14 pt) 7 mm below the text block, odd pages right, even pages
 * left. Fonts: Noto Serif CJK SC (Debian fonts-noto-cjk) stands for 仿宋 and 小标宋, which
 * Debian does not have; Cairo embeds the subset used. */
#include "server/circular/render.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "common/xmalloc.h"

#define MM(x)        ((x)*72.0 / 25.4)
#define PAGE_W       MM(210.0)
#define PAGE_H       MM(297.0)
#define TEXT_LEFT    MM(28.0)
#define TEXT_TOP     MM(37.0)
#define TEXT_W       MM(156.0)
#define TEXT_H       MM(225.0)
#define BODY_PT      16.0
#define LINE         (TEXT_H / 22.0) /* 22 lines to the page */
#define TITLE_PT     22.0
#define HEADER_PT    30.0
#define TABLE_PT     10.5 /* 五号 */
#define PAGE_NO_PT   14.0
#define CELL_PAD     3.0
#define FONT_REGULAR "Noto Serif CJK SC"
#define FONT_BOLD    "Noto Serif CJK SC Bold"

/* A growing buffer for cairo's stream. */
struct buf {
    uint8_t *data;
    size_t len, cap;
};

static cairo_status_t buf_write(void *closure, const unsigned char *data, unsigned int length)
{
    struct buf *b = closure;
    if (b->len + length > b->cap) {
        size_t cap = b->cap != 0 ? b->cap : 65536;
        while (cap < b->len + length)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, length);
    b->len += length;
    return CAIRO_STATUS_SUCCESS;
}

struct page {
    cairo_t *cr;
    PangoContext *ctx; /* of a font map of this rendering's own, freed with it */
    double y;          /* the next line's top */
    int number;
};

static PangoLayout *layout_new(const struct page *pg, const char *font, double pt, double width,
                               const char *text)
{
    PangoLayout *l = pango_layout_new(pg->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    return l;
}

static void page_number(struct page *pg)
{
    char text[32];
    snprintf(text, sizeof(text), "— %d —", pg->number);
    PangoLayout *l = layout_new(pg, FONT_REGULAR, PAGE_NO_PT, TEXT_W - 2 * PAGE_NO_PT, text);
    pango_layout_set_alignment(l, pg->number % 2 == 1 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    cairo_set_source_rgb(pg->cr, 0, 0, 0);
    cairo_move_to(pg->cr, TEXT_LEFT + PAGE_NO_PT, TEXT_TOP + TEXT_H + MM(7.0));
    pango_cairo_show_layout(pg->cr, l);
    g_object_unref(l);
}

static void page_break(struct page *pg)
{
    page_number(pg);
    cairo_show_page(pg->cr);
    pg->number++;
    pg->y = TEXT_TOP;
}

/* Room for h more points on this page, else the next page. */
static void need(struct page *pg, double h)
{
    if (pg->y + h > TEXT_TOP + TEXT_H + 0.01 && pg->y > TEXT_TOP)
        page_break(pg);
}

/* Each line of layout on the line grid (a line every advance points), breaking pages between
 * lines. */
static void flow(struct page *pg, PangoLayout *l, double advance)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        double ascent = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        double height = (double)logical.height / PANGO_SCALE;
        need(pg, advance);
        cairo_move_to(pg->cr, TEXT_LEFT + (double)logical.x / PANGO_SCALE,
                      pg->y + (advance - height) / 2 + ascent);
        pango_cairo_show_layout_line(pg->cr, line);
        pg->y += advance;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* Text in a font and size across the text block, aligned, on a grid of advance. */
static void text_block(struct page *pg, const char *font, double pt, PangoAlignment align,
                       double indent, double advance, const char *text)
{
    PangoLayout *l = layout_new(pg, font, pt, TEXT_W, text);
    pango_layout_set_alignment(l, align);
    pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
    flow(pg, l, advance);
    g_object_unref(l);
}

/* The columns' widths: each column's share by its longest cell (in characters, 3 to 24). */
static void column_widths(const struct circular_doc *d, double *w)
{
    double total = 0;
    for (size_t c = 0; c < d->ncols; c++) {
        long most = g_utf8_strlen(d->headers[c], -1);
        for (size_t r = 0; r < d->nrows; r++) {
            long n = g_utf8_strlen(d->cells[r * d->ncols + c], -1);
            if (n > most)
                most = n;
        }
        w[c] = most < 3 ? 3 : most > 24 ? 24 : (double)most;
        total += w[c];
    }
    for (size_t c = 0; c < d->ncols; c++)
        w[c] = w[c] / total * TEXT_W;
}

/* One row of the table laid out: its cells' layouts (bold for the header) and its height. */
struct row {
    PangoLayout **ls;
    double h;
};

static void row_layout(struct page *pg, const struct circular_doc *d, const double *w,
                       const char *const *cells, int header, struct row *rw)
{
    rw->ls = xcalloc(d->ncols, sizeof(*rw->ls));
    rw->h = 0;
    for (size_t c = 0; c < d->ncols; c++) {
        rw->ls[c] = layout_new(pg, header ? FONT_BOLD : FONT_REGULAR, TABLE_PT, w[c] - 2 * CELL_PAD,
                               cells[c]);
        if (header)
            pango_layout_set_alignment(rw->ls[c], PANGO_ALIGN_CENTER);
        int lw, lh;
        pango_layout_get_size(rw->ls[c], &lw, &lh);
        if ((double)lh / PANGO_SCALE + 2 * CELL_PAD > rw->h)
            rw->h = (double)lh / PANGO_SCALE + 2 * CELL_PAD;
    }
}

/* Draws a laid-out row at the cursor, its grid around it, and frees it. */
static void row_draw(struct page *pg, const struct circular_doc *d, const double *w, struct row *rw)
{
    double x = TEXT_LEFT;
    cairo_set_line_width(pg->cr, 0.5);
    for (size_t c = 0; c < d->ncols; c++) {
        cairo_rectangle(pg->cr, x, pg->y, w[c], rw->h);
        cairo_stroke(pg->cr);
        cairo_move_to(pg->cr, x + CELL_PAD, pg->y + CELL_PAD);
        pango_cairo_show_layout(pg->cr, rw->ls[c]);
        g_object_unref(rw->ls[c]);
        x += w[c];
    }
    free(rw->ls);
    pg->y += rw->h;
}

/* The table: its header, then its rows; a row that does not fit on the page goes to the next
 * page, the header repeated above it. */
static void table(struct page *pg, const struct circular_doc *d)
{
    double *w = xcalloc(d->ncols, sizeof(*w));
    column_widths(d, w);
    struct row head, rw;
    row_layout(pg, d, w, d->headers, 1, &head);
    need(pg, head.h);
    row_draw(pg, d, w, &head);
    for (size_t r = 0; r < d->nrows; r++) {
        row_layout(pg, d, w, d->cells + r * d->ncols, 0, &rw);
        if (pg->y + rw.h > TEXT_TOP + TEXT_H) {
            page_break(pg);
            row_layout(pg, d, w, d->headers, 1, &head);
            row_draw(pg, d, w, &head);
        }
        row_draw(pg, d, w, &rw);
    }
    free(w);
}

/* "2026年12月5日" of "2026-12-05". */
static void chinese_date(const char *iso, char *out, size_t cap)
{
    int y = 0, m = 0, day = 0;
    if (sscanf(iso, "%d-%d-%d", &y, &m, &day) != 3)
        snprintf(out, cap, "%s", iso);
    else
        snprintf(out, cap, "%d年%d月%d日", y, m, day);
}

int circular_render_pdf(const struct circular_doc *d, uint8_t **out, size_t *len)
{
    struct buf b = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(buf_write, &b, PAGE_W, PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        free(b.data);
        return -1;
    }
    /* the same circular, the same bytes: its day, never the clock's */
    char created[40];
    snprintf(created, sizeof(created), "%.10sT00:00:00+08:00", d->issued_on);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, created);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, created);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->office);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "zhucun");
    cairo_t *cr = cairo_create(s);
    PangoFontMap *fm = pango_cairo_font_map_new();
    struct page pg = {cr, pango_font_map_create_context(fm), TEXT_TOP, 1};
    pango_cairo_update_context(cr, pg.ctx);

    /* 版头: the office in red, the doc number, the red rule */
    cairo_set_source_rgb(cr, 0.902, 0.0, 0.071);
    pg.y = TEXT_TOP + LINE;
    text_block(&pg, FONT_BOLD, HEADER_PT, PANGO_ALIGN_CENTER, 0, 2 * LINE, d->office);
    cairo_set_source_rgb(cr, 0, 0, 0);
    text_block(&pg, FONT_REGULAR, BODY_PT, PANGO_ALIGN_CENTER, 0, LINE, d->doc_number);
    cairo_set_source_rgb(cr, 0.902, 0.0, 0.071);
    cairo_set_line_width(cr, MM(0.5));
    cairo_move_to(cr, TEXT_LEFT, pg.y + MM(4.0));
    cairo_line_to(cr, TEXT_LEFT + TEXT_W, pg.y + MM(4.0));
    cairo_stroke(cr);
    pg.y += 2 * LINE;

    /* the title, the body */
    cairo_set_source_rgb(cr, 0, 0, 0);
    text_block(&pg, FONT_BOLD, TITLE_PT, PANGO_ALIGN_CENTER, 0, 1.5 * LINE, d->title);
    pg.y += LINE;
    /* paragraphs indented two characters, but for a first one that ends in "：" (the
     * addressees, 主送机关, flush left) */
    char *body = xstrdup(d->body);
    for (char *p = body, *next; p != NULL; p = next) {
        next = strchr(p, '\n');
        if (next != NULL)
            *next++ = '\0';
        size_t n = strlen(p);
        int addressees = p == body && n >= 3 && strcmp(p + n - 3, "：") == 0;
        if (*p != '\0')
            text_block(&pg, FONT_REGULAR, BODY_PT, PANGO_ALIGN_LEFT, addressees ? 0 : 2 * BODY_PT,
                       LINE, p);
    }
    free(body);

    /* the table */
    if (d->ncols > 0) {
        pg.y += LINE / 2;
        table(&pg, d);
        pg.y += LINE;
    }

    /* the issuing office and the date, to the right, four characters in */
    char date[64];
    chinese_date(d->issued_on, date, sizeof(date));
    PangoLayout *sig = layout_new(&pg, FONT_REGULAR, BODY_PT, TEXT_W - 4 * BODY_PT, d->office);
    pango_layout_set_alignment(sig, PANGO_ALIGN_RIGHT);
    pg.y += LINE;
    flow(&pg, sig, LINE);
    pango_layout_set_text(sig, date, -1);
    flow(&pg, sig, LINE);
    g_object_unref(sig);
    page_number(&pg);

    g_object_unref(pg.ctx);
    g_object_unref(fm);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    if (!ok) {
        free(b.data);
        return -1;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}

/* The issuing day at noon, Beijing time, as a time_t: the workbook's creation date. */
static time_t issued_time(const char *iso)
{
    int y = 1970, m = 1, d = 1;
    if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
        return 0;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 4; /* 12:00 at UTC+8 */
    return timegm(&tm);
}

int circular_render_xlsx(const struct circular_doc *d, uint8_t **out, size_t *len)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/zhucun-circular-XXXXXX", dir != NULL ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        unlink(path);
        return -1;
    }
    lxw_doc_properties props = {0};
    props.title = (char *)d->title;
    props.author = (char *)d->office;
    props.created = issued_time(d->issued_on);
    workbook_set_properties(wb, &props);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "通报");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    worksheet_write_string(ws, 0, 0, d->title, bold);
    worksheet_write_string(ws, 1, 0, d->doc_number, NULL);
    worksheet_write_string(ws, 2, 0, d->office, NULL);
    worksheet_write_string(ws, 2, 1, d->issued_on, NULL);
    for (size_t c = 0; c < d->ncols; c++) {
        worksheet_write_string(ws, 4, (lxw_col_t)c, d->headers[c], bold);
        long most = g_utf8_strlen(d->headers[c], -1);
        for (size_t r = 0; r < d->nrows; r++) {
            const char *v = d->cells[r * d->ncols + c];
            worksheet_write_string(ws, (lxw_row_t)(5 + r), (lxw_col_t)c, v, wrap);
            long n = g_utf8_strlen(v, -1);
            if (n > most)
                most = n;
        }
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, most > 40 ? 80 : 2.0 * most + 2, NULL);
    }
    if (workbook_close(wb) != LXW_NO_ERROR) {
        unlink(path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    unlink(path);
    if (f == NULL)
        return -1;
    struct buf b = {0};
    unsigned char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_write(&b, chunk, (unsigned)n);
    int bad = ferror(f);
    fclose(f);
    if (bad || b.len == 0) {
        free(b.data);
        return -1;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}
