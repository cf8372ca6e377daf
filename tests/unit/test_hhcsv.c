/* test_hhcsv.c -- the household import file: grouping by household_ref, household columns on
 * the first row, every bad row named with its column, one head, no ID number twice, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/hhcsv.h"
#include "common/rules/idcard.h"

#define TODAY "2026-06-01"
#define HEADER                                                                                     \
    "household_ref,village_code,address,phone,category,absent,since,name,relation,"                \
    "id_number,labour,health,member_phone\n"

struct problem {
    int line;
    char column[32];
    char message[256];
};

static struct problem problems[64];
static int nproblems;

static void on_problem(void *arg, int line, const char *column, const char *message)
{
    (void)arg;
    if (nproblems == 64)
        return;
    problems[nproblems].line = line;
    snprintf(problems[nproblems].column, sizeof(problems[0].column), "%s", column ? column : "");
    snprintf(problems[nproblems].message, sizeof(problems[0].message), "%s", message);
    nproblems++;
}

static int read_text(const char *text, struct hhcsv *f, char *err)
{
    nproblems = 0;
    return hhcsv_read(text, strlen(text), TODAY, f, on_problem, NULL, err, 256);
}

/* An ID number for birth date ymd with serial s and its right check character. */
static const char *id(const char *ymd, int serial)
{
    static char ids[16][19];
    static int next;
    char *out = ids[next++ % 16];
    snprintf(out, 19, "140105%s%03d", ymd, serial);
    out[17] = rules_idcard_check_char(out);
    out[18] = '\0';
    return out;
}

/* 1 when a problem was reported for line and column ("" = the whole row). */
static int has_problem(int line, const char *column)
{
    for (int i = 0; i < nproblems; i++)
        if (problems[i].line == line && strcmp(problems[i].column, column) == 0)
            return 1;
    return 0;
}

static void test_good_file_grouped(void **state)
{
    (void)state;
    char text[2048], err[256];
    /* Two households; the second's rows are not contiguous; later rows leave household
     * columns blank or repeat them. */
    snprintf(text, sizeof(text),
             HEADER "A1,140105001001,一组 3 号,13900000000,monitored,no,2025-01-01,张一,head,%s,"
                    "full,healthy,\n"
                    "B7,140105001001,二组,,ordinary,是,,李二,head,%s,partial,chronic,139\n"
                    "A1,,,,,,,张一妻,spouse,%s,full,healthy\n"
                    "B7,140105001001,二组,,ordinary,是,,李二子,child,%s,minor,healthy,\n",
             id("19700101", 1), id("19650505", 2), id("19720202", 3), id("20150303", 4));
    struct hhcsv f;
    assert_int_equal(read_text(text, &f, err), 0);
    assert_int_equal(f.nhouseholds, 2);
    assert_int_equal(f.nmembers, 4);
    const struct hhcsv_household *a = &f.households[0], *b = &f.households[1];
    assert_string_equal(a->ref, "A1");
    assert_int_equal(a->line, 2);
    assert_string_equal(a->category, "monitored");
    assert_string_equal(a->since, "2025-01-01");
    assert_int_equal(a->absent, 0);
    assert_int_equal(a->nmembers, 2);
    assert_string_equal(f.members[a->first].name, "张一");
    assert_string_equal(f.members[a->first + 1].name, "张一妻");
    assert_int_equal(f.members[a->first + 1].line, 4);
    assert_string_equal(b->since, TODAY); /* blank = today */
    assert_int_equal(b->absent, 1);
    assert_int_equal(b->nmembers, 2);
    assert_string_equal(f.members[b->first].phone, "139");
    assert_string_equal(f.members[b->first + 1].relation, "child");
    hhcsv_free(&f);
}

static void test_every_bad_row_named(void **state)
{
    (void)state;
    char text[4096], err[256];
    char badcheck[19];
    snprintf(badcheck, sizeof(badcheck), "%s", id("19800101", 5));
    badcheck[17] = badcheck[17] == '0' ? '1' : '0';
    const char *dup = id("19810101", 6);
    snprintf(text, sizeof(text),
             HEADER
             /* 2: a good head */
             "H1,140105001001,,,ordinary,,2025-01-01,甲,head,%s,full,healthy,\n"
             /* 3: bad check character */
             "H1,,,,,,,乙,child,%s,full,healthy,\n"
             /* 4: a second head */
             "H1,,,,,,,丙,head,%s,full,healthy,\n"
             /* 5: the village differs from the household's first row */
             "H1,140105001002,,,,,,丁,child,%s,full,healthy,\n"
             /* 6: H2 with a township code, a bad category, a future since, no head */
             "H2,140105001000,,,rich,,2999-01-01,戊,spouse,%s,full,healthy,\n"
             /* 7: the same ID number as line 6 */
             "H3,140105001001,,,ordinary,,,己,head,%s,full,healthy,\n"
             /* 8: wrong number of columns */
             "H3,140105001001,ordinary\n"
             /* 9: bad labour, bad absent */
             "H4,140105001001,,,ordinary,maybe,,庚,head,%s,lots,healthy,\n",
             id("19700101", 1), badcheck, id("19710101", 2), id("19720101", 3), dup, dup,
             id("19730101", 4));
    struct hhcsv f;
    int n = read_text(text, &f, err);
    assert_int_equal(n, nproblems);
    assert_true(has_problem(3, "id_number"));
    assert_true(has_problem(4, "relation"));
    assert_true(has_problem(5, "village_code"));
    assert_true(has_problem(6, "village_code"));
    assert_true(has_problem(6, "category"));
    assert_true(has_problem(6, "since"));
    assert_true(has_problem(6, "relation")); /* H2 has no head */
    assert_true(has_problem(7, "id_number"));
    assert_true(has_problem(8, ""));
    assert_true(has_problem(9, "absent"));
    assert_true(has_problem(9, "labour"));
    assert_false(has_problem(2, "id_number"));
    int dup_named = 0;
    for (int i = 0; i < nproblems; i++)
        dup_named |= problems[i].line == 7 && strstr(problems[i].message, "第 6 行") != NULL;
    assert_true(dup_named);
    assert_int_equal(nproblems, 11);
    hhcsv_free(&f);
}

static void test_header_and_whole_file_errors(void **state)
{
    (void)state;
    char err[256];
    struct hhcsv f;
    /* a header in another order is named; a file with no data rows is refused whole */
    assert_int_equal(read_text("household_ref,name,village_code\n", &f, err), -1);
    assert_non_null(strstr(err, "没有数据行"));
    hhcsv_free(&f);
    char text[1024];
    snprintf(text, sizeof(text),
             "household_ref,village_code,address,phone,category,absent,since,relation,name,"
             "id_number,labour,health,member_phone\n"
             "H1,140105001001,,,ordinary,,,甲,head,%s,full,healthy,\n",
             id("19700101", 1));
    assert_int_equal(read_text(text, &f, err), 1);
    assert_true(has_problem(1, ""));
    hhcsv_free(&f);
    /* without a header, the first row is data; member_phone may be left off */
    snprintf(text, sizeof(text), "H1,140105001001,,,ordinary,,,甲,head,%s,full,healthy\n",
             id("19700101", 1));
    assert_int_equal(read_text(text, &f, err), 0);
    assert_int_equal(f.nmembers, 1);
    assert_string_equal(f.members[0].phone, "");
    hhcsv_free(&f);
    assert_int_equal(read_text("H1,\"open\n", &f, err), -1);
    hhcsv_free(&f);
}

static void test_limits(void **state)
{
    (void)state;
    char err[256];
    struct hhcsv f;
    /* 31 members in one household */
    size_t cap = 64 * 1024, len = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 31; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "H1,140105001001,,,ordinary,,,成员,%s,%s,full,healthy,\n",
                                i == 0 ? "head" : "child", id("19900101", i + 1));
    assert_int_equal(read_text(text, &f, err), 1);
    assert_true(has_problem(31, ""));
    hhcsv_free(&f);
    /* HHCSV_MAX_ROWS rows in HHCSV_MAX_HOUSEHOLDS households are read; one row more, or one
     * household more, is refused whole, with or without a header */
    int per = HHCSV_MAX_ROWS / HHCSV_MAX_HOUSEHOLDS;
    cap = (size_t)(HHCSV_MAX_ROWS + 2) * 80;
    text = realloc(text, cap);
    len = (size_t)snprintf(text, cap, HEADER);
    for (int i = 0; i < HHCSV_MAX_ROWS; i++) {
        char ymd[9];
        snprintf(ymd, sizeof(ymd), "19%02d0101", 10 + i % 80);
        len += (size_t)snprintf(text + len, cap - len,
                                "H%d,140105001001,,,ordinary,,,成员,%s,%s,full,healthy,\n", i / per,
                                i % per == 0 ? "head" : "child", id(ymd, i / 80));
    }
    nproblems = 0;
    assert_int_equal(hhcsv_read(text, len, TODAY, &f, on_problem, NULL, err, sizeof(err)), 0);
    assert_int_equal(f.nmembers, HHCSV_MAX_ROWS);
    assert_int_equal(f.nhouseholds, HHCSV_MAX_HOUSEHOLDS);
    hhcsv_free(&f);
    char rows[16];
    snprintf(rows, sizeof(rows), "%d", HHCSV_MAX_ROWS);
    /* the last row as a household of its own: one household too many */
    char *last = text + len - 1;
    while (last[-1] != '\n')
        last--;
    char *copy = strdup(text);
    copy[last - text] = 'X';
    assert_int_equal(hhcsv_read(copy, len, TODAY, &f, on_problem, NULL, err, sizeof(err)), -1);
    char limit[16];
    snprintf(limit, sizeof(limit), "%d", HHCSV_MAX_HOUSEHOLDS);
    assert_non_null(strstr(err, limit));
    hhcsv_free(&f);
    free(copy);
    len += (size_t)snprintf(text + len, cap - len,
                            "X,140105001001,,,ordinary,,,成员,head,%s,full,healthy,\n",
                            id("20000101", 999));
    assert_int_equal(hhcsv_read(text, len, TODAY, &f, on_problem, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, rows));
    hhcsv_free(&f);
    size_t header = strlen(HEADER);
    assert_int_equal(
        hhcsv_read(text + header, len - header, TODAY, &f, on_problem, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, rows));
    hhcsv_free(&f);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_grouped),
        cmocka_unit_test(test_every_bad_row_named),
        cmocka_unit_test(test_header_and_whole_file_errors),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
