/* date.c -- Gregorian calendar checks. */
#include "common/rules/date.h"

#include <string.h>

int rules_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int rules_date_parse(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int yy = digits(s, 4), mm = digits(s + 5, 2), dd = digits(s + 8, 2);
    if (yy < 1900 || yy > 2999 || mm < 1 || mm > 12 || dd < 1 || dd > rules_days_in_month(yy, mm))
        return -1;
    *y = yy;
    *m = mm;
    *d = dd;
    return 0;
}
