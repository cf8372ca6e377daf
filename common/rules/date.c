/* date.c -- Gregorian calendar checks. */
#include "common/rules/date.h"

#include <stdio.h>
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

int rules_digits(const char *s, int n)
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
    int yy = rules_digits(s, 4), mm = rules_digits(s + 5, 2), dd = rules_digits(s + 8, 2);
    if (yy < 1900 || yy > 2999 || mm < 1 || mm > 12 || dd < 1 || dd > rules_days_in_month(yy, mm))
        return -1;
    *y = yy;
    *m = mm;
    *d = dd;
    return 0;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int rules_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void rules_civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

int rules_date_days(const char *s, int *ok)
{
    int y, m, d;
    *ok = rules_date_parse(s, &y, &m, &d) == 0;
    return *ok ? rules_days_from_civil(y, m, d) : -1;
}

void rules_date_format(int days, char out[11])
{
    int y, m, d;
    char buf[48];
    rules_civil_from_days(days, &y, &m, &d);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 10); /* years 0-9999: always 10 characters */
    out[10] = '\0';
}

int rules_shanghai_day(long long unix_seconds)
{
    long long t = unix_seconds + 8 * 3600;
    return (int)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

const char *rules_date_problem(const char *s, int today, int *day)
{
    int ok;
    *day = rules_date_days(s, &ok);
    if (!ok)
        return "日期应为 YYYY-MM-DD";
    if (today >= 0 && *day > today)
        return "日期不能晚于今天";
    return NULL;
}
