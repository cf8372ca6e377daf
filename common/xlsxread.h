/* xlsxread.h -- the first worksheet of an Excel workbook (.xlsx, Office Open XML) read into
 * the table shape csvtable returns, so that one validator serves a CSV file and a workbook
 * (the historical project import, docs/lookback.md). Through libzip (the ZIP container) and
 * libexpat (its XML parts) from Debian.
 *
 * What is read: the workbook's first sheet (xl/workbook.xml, its relationship in
 * xl/_rels/workbook.xml.rels) and the shared strings (xl/sharedStrings.xml, when there are
 * any); a cell is its text as stored: a number as written in the file ("2016", "500000.5", a
 * date as its Excel serial "42736"), a shared or inline string, a boolean "1"/"0", an error
 * ("#N/A"), a formula's cached value. A row's `line` is its row number in the sheet; empty
 * rows are skipped, cells missing in a row are "". Styles, other sheets, comments and
 * formulas themselves are not read.
 *
 * A hostile file is refused with a message before it costs more than these numbers (each
 * tested in tests/unit/test_xlsxread.c):
 *  - XLSX_ENTRIES_MAX entries in the archive;
 *  - XLSX_COMPRESSED_MAX compressed and XLSX_ENTRY_MAX uncompressed bytes of an entry read,
 *    as declared and as actually inflated (a member that inflates past its declared size is
 *    refused), and at most XLSX_RATIO_MAX times its compressed size (a zip bomb);
 *  - XLSX_STRINGS_MAX shared strings; a cell of at most XLSX_CELL_MAX bytes;
 *  - max_rows rows and max_fields columns (the caller's, as for csvtable_parse), a row number
 *    of at most XLSX_ROW_NUMBER_MAX;
 *  - no DOCTYPE (no entities at all). */
#ifndef ZHUCUN_XLSXREAD_H
#define ZHUCUN_XLSXREAD_H

#include <stddef.h>

#include "common/csvtable.h"

#define XLSX_ENTRIES_MAX    256
#define XLSX_COMPRESSED_MAX (8u << 20)  /* 8 MiB */
#define XLSX_ENTRY_MAX      (64u << 20) /* 64 MiB */
#define XLSX_RATIO_MAX      200
#define XLSX_STRINGS_MAX    200000
#define XLSX_CELL_MAX       CSVTABLE_FIELD_MAX
#define XLSX_ROW_NUMBER_MAX 1048576 /* Excel's last row */

/* 1 when data (len bytes) looks like a ZIP archive (an .xlsx): it begins "PK\3\4". */
int xlsxread_is_zip(const void *data, size_t len);

/* Reads the first worksheet of the workbook in data (len bytes). Returns 0, CSVTABLE_ETOOMANY
 * when it has more than max_rows non-empty rows, or -1 (not a workbook, over a limit, bad
 * XML) with err holding a message for people. */
int xlsxread_parse(const void *data, size_t len, size_t max_rows, size_t max_fields,
                   struct csv_table *out, char *err, size_t errlen);

#endif
