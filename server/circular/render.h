/* render.h -- a circular (通报) rendered as a PDF laid out after GB/T 9704-2012 (Pango and
 * Cairo, the Noto CJK fonts) and as an xlsx workbook (libxlsxwriter); docs/circulars.md.
 *
 * Both are pure functions of the circular: the same circular renders to the same bytes (the
 * PDF's creation date and the workbook's are the issuing day, not the time of rendering; the
 * fonts are subset by the glyphs used). They touch no request or loop state and run on the
 * thread pool (server/core/offload.h). */
#ifndef ZHUCUN_CIRCULAR_RENDER_H
#define ZHUCUN_CIRCULAR_RENDER_H

#include <stddef.h>
#include <stdint.h>

struct circular_doc {
    const char *office; /* the issuing office, e.g. 岢岚县驻村工作办公室 (the red header) */
    const char *doc_number; /* 发文字号 */
    const char *title;
    const char *body;      /* paragraphs separated by newlines */
    const char *issued_on; /* YYYY-MM-DD */
    size_t ncols, nrows;   /* the table: ncols headers, nrows × ncols cells */
    const char *const *headers;
    const char *const *cells; /* row by row */
};

/* The PDF (A4) and the workbook, each in a malloc'd buffer *out of *len bytes. 0, or -1 when
 * the library failed (nothing to free). */
int circular_render_pdf(const struct circular_doc *d, uint8_t **out, size_t *len);
int circular_render_xlsx(const struct circular_doc *d, uint8_t **out, size_t *len);

#endif
