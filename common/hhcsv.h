/* hhcsv.h -- the household import file (docs/household-import.md): CSV, one row per member,
 * rows grouped into households by their household_ref, checked whole with common/rules.
 *
 * The server reads every import with it (authoritative), the CLI before sending (instant
 * feedback). What only the database knows (the village exists, an ID number is already on
 * another household) and the caller's scope are the server's to add. */
#ifndef ZHUCUN_HHCSV_H
#define ZHUCUN_HHCSV_H

#include <stddef.h>

#include "common/csvtable.h"

/* The columns, in order; the last (member_phone) may be left off. */
enum hhcsv_column {
    HHCSV_REF,      /* household_ref: groups the rows of one household within the file */
    HHCSV_VILLAGE,  /* village_code */
    HHCSV_ADDRESS,  /* address */
    HHCSV_PHONE,    /* phone: the household's */
    HHCSV_CATEGORY, /* category */
    HHCSV_ABSENT,   /* absent: yes/no, 1/0, true/false, 是/否, "" = no */
    HHCSV_SINCE,    /* since: YYYY-MM-DD, "" = today */
    HHCSV_NAME,     /* name: the member's */
    HHCSV_RELATION, /* relation: head, spouse, ... */
    HHCSV_ID,       /* id_number */
    HHCSV_LABOUR,   /* labour */
    HHCSV_HEALTH,   /* health */
    HHCSV_MEMBER_PHONE,
    HHCSV_COLUMNS
};

/* At most this many member rows in one file (a header row does not count), and this many
 * households: each household is made by zc_household_create, which also lays out the
 * household's visit duties (about 12 ms each), and the whole file is one transaction that
 * must end well within the server's statement timeout (30 s by default). */
#define HHCSV_MAX_ROWS       20000
#define HHCSV_MAX_HOUSEHOLDS 2000
#define HHCSV_REF_MAX        64

struct hhcsv_member {
    int line;
    const char *name, *relation, *id_number, *labour, *health, *phone;
};

struct hhcsv_household {
    int line; /* of its first row, which carries the household's columns */
    const char *ref, *village, *address, *phone, *category, *since;
    int absent;
    size_t first, nmembers; /* its members are members[first .. first + nmembers) */
};

/* A file read whole. The strings point into table (and since may point to today). */
struct hhcsv {
    struct csv_table table;
    char today[11];
    size_t nhouseholds, nmembers;
    struct hhcsv_household *households; /* in order of their first row */
    struct hhcsv_member *members;       /* grouped by household, in file order within each */
};

/* Called once for each problem found: line of the file, column name (NULL when the problem
 * is the row as a whole) and a message for people, valid only during the call. */
typedef void (*hhcsv_error_cb)(void *arg, int line, const char *column, const char *message);

/* Reads text (len bytes) and checks every row: field counts, each household's columns (on its
 * first row; later rows leave them blank or repeat them), each member as HouseholdCreate
 * checks one (rules_hh_member_problem, today as YYYY-MM-DD), one head and at most
 * HOUSEHOLD_MEMBERS_MAX members a household, no ID number twice in the file.
 *
 * Returns 0 when every row is good (*out is filled), the number of problems (> 0, each
 * reported through cb), or -1 when the text cannot be taken row by row at all (not CSV, no
 * data rows, more than HHCSV_MAX_ROWS rows or HHCSV_MAX_HOUSEHOLDS households): then err
 * holds the message (problems already reported through cb stand). In every case free *out with
 * hhcsv_free. */
int hhcsv_read(const char *text, size_t len, const char *today, struct hhcsv *out,
               hhcsv_error_cb cb, void *arg, char *err, size_t errlen);

void hhcsv_free(struct hhcsv *f);

/* The column's name as in the header ("household_ref", ...). */
const char *hhcsv_column_name(int column);

#endif
