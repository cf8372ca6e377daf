/* date.h -- calendar dates (YYYY-MM-DD) as pure functions; the period arithmetic of later
 * rules builds on these. */
#ifndef ZHUCUN_RULES_DATE_H
#define ZHUCUN_RULES_DATE_H

/* Days in month m (1-12) of year y, Gregorian; 0 for a bad month. */
int rules_days_in_month(int y, int m);

/* Parses exactly "YYYY-MM-DD" (years 1900-2999, a real calendar day). Returns 0 and the
 * parts, or -1. */
int rules_date_parse(const char *s, int *y, int *m, int *d);

/* The n characters at s as a decimal number; -1 when one of them is not a digit. */
int rules_digits(const char *s, int n);

/* Days since 1970-01-01 for a civil date (proleptic Gregorian), and back. */
int rules_days_from_civil(int y, int m, int d);
void rules_civil_from_days(int days, int *y, int *m, int *d);

/* "YYYY-MM-DD" to a day number; -1 with *ok = 0 when malformed. */
int rules_date_days(const char *s, int *ok);

/* A day a request names: NULL with *day its number, or the message when s is not
 * "YYYY-MM-DD" or (today >= 0) lies after today. */
const char *rules_date_problem(const char *s, int today, int *day);
/* Writes the day as "YYYY-MM-DD" into out (11 bytes). */
void rules_date_format(int days, char out[11]);

/* The Asia/Shanghai calendar day (UTC+8, no daylight saving) of a Unix time, as a day
 * number: "today" everywhere in the system is rules_shanghai_day(time(NULL)). */
int rules_shanghai_day(long long unix_seconds);

#endif
