/* fuzz_hhcsv.c -- libFuzzer target: hhcsv_read (common/hhcsv.c), the household import file as
 * the server reads it on its thread pool and the CLI before sending.
 *
 * The input is the file; today is fixed (2026-05-20) so that a run repeats. What must hold:
 * every problem comes through the callback with a line and a message (and a column that is
 * one of the file's), and the return value counts them; a file read whole keeps its promises:
 * households within the limits, each with one head and 1 to HOUSEHOLD_MEMBERS_MAX members laid
 * out one after another, every member's ID number once in the file and valid. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/hhcsv.h"
#include "common/rules/household.h"
#include "common/rules/idcard.h"

#define TODAY "2026-05-20"

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_problem(void *arg, int line, const char *column, const char *message)
{
    int *n = arg;
    (*n)++;
    check(line >= 1);
    check(message != NULL && message[0] != '\0');
    if (column != NULL) {
        int known = 0;
        for (int c = 0; c < HHCSV_COLUMNS; c++)
            known |= strcmp(column, hhcsv_column_name(c)) == 0;
        check(known);
    }
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_whole(const struct hhcsv *f)
{
    check(f->nhouseholds >= 1 && f->nhouseholds <= HHCSV_MAX_HOUSEHOLDS);
    check(f->nmembers >= f->nhouseholds && f->nmembers <= HHCSV_MAX_ROWS);
    size_t at = 0;
    const char **ids = malloc(f->nmembers * sizeof(*ids));
    check(ids != NULL);
    for (size_t h = 0; h < f->nhouseholds; h++) {
        const struct hhcsv_household *hh = &f->households[h];
        check(hh->first == at);
        check(hh->nmembers >= 1 && hh->nmembers <= HOUSEHOLD_MEMBERS_MAX);
        check(hh->absent == 0 || hh->absent == 1);
        check(hh->since != NULL && strcmp(hh->since, TODAY) <= 0);
        int heads = 0;
        for (size_t k = 0; k < hh->nmembers; k++) {
            const struct hhcsv_member *m = &f->members[at + k];
            heads += strcmp(m->relation, "head") == 0;
            check(m->line >= hh->line);
            check(rules_idcard_problem(m->id_number, TODAY) == NULL);
            ids[at + k] = m->id_number;
        }
        check(heads == 1);
        at += hh->nmembers;
    }
    check(at == f->nmembers);
    qsort(ids, f->nmembers, sizeof(*ids), by_string);
    for (size_t i = 1; i < f->nmembers; i++)
        check(strcmp(ids[i - 1], ids[i]) != 0);
    free(ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hhcsv f;
    char err[256] = "";
    int problems = 0;
    int rc =
        hhcsv_read((const char *)data, size, TODAY, &f, on_problem, &problems, err, sizeof(err));
    if (rc < 0) {
        check(rc == -1 && err[0] != '\0');
    } else {
        check(rc == problems);
        if (rc == 0)
            check_whole(&f);
    }
    hhcsv_free(&f);
    return 0;
}
