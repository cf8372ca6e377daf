/* date.h -- calendar dates (YYYY-MM-DD) as pure functions; the period arithmetic of later
 * rules builds on these. */
#ifndef ZHUCUN_RULES_DATE_H
#define ZHUCUN_RULES_DATE_H

/* Days in month m (1-12) of year y, Gregorian; 0 for a bad month. */
int rules_days_in_month(int y, int m);

/* Parses exactly "YYYY-MM-DD" (years 1900-2999, a real calendar day). Returns 0 and the
 * parts, or -1. */
int rules_date_parse(const char *s, int *y, int *m, int *d);

#endif
