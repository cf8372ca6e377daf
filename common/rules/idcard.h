/* idcard.h -- 18-digit resident ID numbers (GB 11643-1999): check digit, birth date, and the
 * one masking rule every screen and export uses (SPEC H1, X3). */
#ifndef ZHUCUN_RULES_IDCARD_H
#define ZHUCUN_RULES_IDCARD_H

#include <stddef.h>

#define IDCARD_LEN 18

/* The check character ('0'-'9' or 'X') for the first 17 digits of id; 0 when they are not
 * 17 digits. */
char rules_idcard_check_char(const char *id17);

/* NULL when id is a well-formed 18-character ID number: 17 digits, a correct check
 * character (upper-case X), a real birth date (YYYYMMDD at positions 7-14, year 1900 or
 * later) not after today (today as YYYY-MM-DD, or NULL to skip that test); else a message. */
const char *rules_idcard_problem(const char *id, const char *today);

/* Copies the birth date of a well-formed id as "YYYY-MM-DD" into out (11 bytes). */
void rules_idcard_birth_date(const char *id, char out[11]);

/* The masked form shown to roles that do not need the number: the first 6 and the last 4
 * characters, the 8 between as '*' ("140105********123X"). out needs 19 bytes. A string that
 * is not 18 characters is masked whole. */
void rules_idcard_mask(const char *id, char out[IDCARD_LEN + 1]);

/* 1 when a search text is meant as an ID number (HouseholdList's id_number, not a name): 18
 * characters, 17 digits and a digit or X, or x (out: the text with an upper-case X, the
 * canonical form); 0 otherwise (out ""). Whether it is a valid number is
 * rules_idcard_problem's to say. */
int rules_idcard_search(const char *text, char out[IDCARD_LEN + 1]);

/* 1 when a role in role_bits (enum role_bit) works with households' full ID numbers: the
 * county office, the township and the team (captain, cadre). Others see them masked. */
int rules_roles_see_id_numbers(unsigned role_bits);

#endif
