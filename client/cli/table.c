/* table.c -- one table shape for the CLI's lists (table.h). */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>

#include "xlsx.h"

static int table_xlsx(const char *path, const struct table *t, const char *title,
                      const Zhucun__Reply *reply, size_t n)
{
    struct xlsx_column xc[MAX_COLUMNS];
    for (int c = 0; c < t->ncolumns; c++) {
        xc[c].header = _(t->columns[c].head);
        xc[c].kind = t->columns[c].width < 0 ? XLSX_NUMBER : XLSX_TEXT;
        xc[c].width = abs(t->columns[c].width) + 2;
    }
    struct xlsx_book *wb = xlsx_open(path);
    if (wb == NULL)
        return EXIT_FAILURE;
    struct xlsx_sheet *ws = xlsx_sheet(wb, t->sheet, title, xc, (size_t)t->ncolumns);
    for (size_t i = 0; i < n; i++) {
        const char *cells[MAX_COLUMNS];
        char num[MAX_COLUMNS][CELL_NUMBERS];
        struct xlsx_cell xcell[MAX_COLUMNS];
        t->row(reply, i, cells, num);
        for (int c = 0; c < t->ncolumns; c++) {
            xcell[c].text = cells[c];
            xcell[c].number = t->columns[c].width < 0 ? strtod(cells[c], NULL) : 0;
        }
        xlsx_row(ws, xcell, 0);
    }
    return cli_xlsx_done(wb);
}

static void table_text(const struct table *t, const char *title, const Zhucun__Reply *reply,
                       size_t n, int truncated)
{
    const char *heads[MAX_COLUMNS];
    int widths[MAX_COLUMNS];
    printf("%s\n", title);
    if (n == 0) {
        printf("%s\n", _(t->empty));
        return;
    }
    for (int c = 0; c < t->ncolumns; c++) {
        heads[c] = _(t->columns[c].head);
        widths[c] = t->columns[c].width;
    }
    cli_print_row(heads, widths, t->ncolumns);
    for (size_t i = 0; i < n; i++) {
        const char *cells[MAX_COLUMNS];
        char num[MAX_COLUMNS][CELL_NUMBERS];
        t->row(reply, i, cells, num);
        for (int c = 0; c < t->ncolumns; c++) {
            if (c > 0)
                printf(" ");
            cli_print_cell(cells[c], abs(t->columns[c].width), t->columns[c].width < 0);
        }
        printf("\n");
    }
    if (truncated)
        printf(_("（只列出了前 %zu 条，请用 --limit 或 --org 缩小）\n"), n);
}

/* Sends body and shows its reply as table t (--json: the reply; --xlsx FILE: a workbook);
 * count reads the rows and whether the list was cut. */
int table_call(struct cli *cli, const ProtobufCMessage *body, const struct table *t,
               size_t (*count)(const Zhucun__Reply *, int *truncated), const char *subject)
{
    if (cli->json && cli->xlsx != NULL)
        return cli_usage(cli);
    Zhucun__Reply *reply;
    int rc = cli_call(cli, body, &reply);
    if (rc != 0)
        return rc;
    int truncated = 0;
    size_t n = count(reply, &truncated);
    char title[200];
    snprintf(title, sizeof(title), _(t->title), subject);
    if (cli->json)
        cli_json(cli_reply_body(reply));
    else if (cli->xlsx != NULL)
        rc = table_xlsx(cli->xlsx, t, title, reply, n);
    else
        table_text(t, title, reply, n, truncated);
    zc_reply_free(reply);
    return rc;
}

const char *table_num(char out[CELL_NUMBERS], long long v)
{
    snprintf(out, CELL_NUMBERS, "%lld", v);
    return out;
}
