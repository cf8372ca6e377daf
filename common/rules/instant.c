/* instant.c -- parsing points in time typed by people; no time zone database needed, since
 * Asia/Shanghai has been UTC+8 without daylight saving since 1991. */
#include "common/rules/instant.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/date.h"

#define SHANGHAI_OFFSET_S (8 * 3600)

/* "Z", "+HH", "+HHMM", "+HH:MM" (or '-') at s, the whole rest of the string: seconds east of
 * UTC in *off. Returns 0 or -1. */
static int parse_offset(const char *s, int *off)
{
    if (strcmp(s, "Z") == 0 || strcmp(s, "z") == 0) {
        *off = 0;
        return 0;
    }
    if (s[0] != '+' && s[0] != '-')
        return -1;
    size_t n = strlen(s + 1);
    int h = rules_digits(s + 1, 2), m = 0;
    if (n == 4)
        m = rules_digits(s + 3, 2);
    else if (n == 5 && s[3] == ':')
        m = rules_digits(s + 4, 2);
    else if (n != 2)
        return -1;
    if (h < 0 || h > 14 || m < 0 || m > 59)
        return -1;
    *off = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return 0;
}

int rules_instant_parse(const char *s, long long *unix_us)
{
    char date[11];
    if (strlen(s) < 10)
        return -1;
    memcpy(date, s, 10);
    date[10] = '\0';
    int y, mo, d;
    if (rules_date_parse(date, &y, &mo, &d) != 0)
        return -1;
    const char *p = s + 10;
    int h = 0, mi = 0, sec = 0, us = 0;
    if (*p == ' ' || *p == 'T' || *p == 't') {
        p++;
        h = rules_digits(p, 2);
        if (h < 0 || h > 23 || p[2] != ':')
            return -1;
        mi = rules_digits(p + 3, 2);
        if (mi < 0 || mi > 59)
            return -1;
        p += 5;
        if (*p == ':') {
            sec = rules_digits(p + 1, 2);
            if (sec < 0 || sec > 59)
                return -1;
            p += 3;
            if (*p == '.') {
                p++;
                int n = 0;
                while (p[n] >= '0' && p[n] <= '9')
                    n++;
                if (n < 1 || n > 6)
                    return -1;
                us = rules_digits(p, n);
                for (int i = n; i < 6; i++)
                    us *= 10;
                p += n;
            }
        }
    }
    int off = SHANGHAI_OFFSET_S;
    if (*p != '\0' && parse_offset(p, &off) != 0)
        return -1;
    long long secs = (long long)rules_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    /* The instant must be one the rest of the system can write back: its Beijing date within
     * the years dates have (1900-2999). "1900-01-01+13" is 1899-12-31 in Beijing: refused, as
     * "1899-12-31" is (found by fuzz_rules). */
    long long beijing = secs - off + SHANGHAI_OFFSET_S;
    long long day = beijing >= 0 ? beijing / 86400 : -((-beijing + 86399) / 86400);
    if (day < rules_days_from_civil(1900, 1, 1) || day > rules_days_from_civil(2999, 12, 31))
        return -1;
    *unix_us = (secs - off) * 1000000 + us;
    return 0;
}

/* The calendar fields of unix_us shifted by off seconds east of UTC. */
struct civil {
    int y, m, d;
    long long h, mi, s, us;
};

static struct civil split(long long unix_us, int off)
{
    struct civil c;
    long long secs = unix_us >= 0 ? unix_us / 1000000 : -((-unix_us + 999999) / 1000000);
    c.us = unix_us - secs * 1000000;
    secs += off;
    long long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    long long sod = secs - days * 86400;
    rules_civil_from_days((int)days, &c.y, &c.m, &c.d);
    c.h = sod / 3600;
    c.mi = sod / 60 % 60;
    c.s = sod % 60;
    return c;
}

void rules_instant_format_utc(long long unix_us, char out[64])
{
    struct civil c = split(unix_us, 0);
    snprintf(out, 64, "%04d-%02d-%02d %02lld:%02lld:%02lld.%06lld+00", c.y, c.m, c.d, c.h, c.mi,
             c.s, c.us);
}

const char *rules_instant_format(long long unix_us, enum instant_style style,
                                 char out[INSTANT_TEXT_MAX])
{
    struct civil c = split(unix_us, SHANGHAI_OFFSET_S);
    int n = snprintf(out, INSTANT_TEXT_MAX, "%04d-%02d-%02d%c%02lld:%02lld", c.y, c.m, c.d,
                     style == INSTANT_RFC3339 ? 'T' : ' ', c.h, c.mi);
    if (style == INSTANT_MINUTES)
        return out;
    n += snprintf(out + n, INSTANT_TEXT_MAX - (size_t)n, ":%02lld", c.s);
    if (style == INSTANT_RFC3339)
        snprintf(out + n, INSTANT_TEXT_MAX - (size_t)n, c.us ? ".%06lld+08:00" : "+08:00", c.us);
    return out;
}

const char *rules_instant_restyle(const char *s, enum instant_style style,
                                  char out[INSTANT_TEXT_MAX])
{
    long long t;
    if (s[0] != '\0' && rules_instant_parse(s, &t) == 0)
        return rules_instant_format(t, style, out);
    snprintf(out, INSTANT_TEXT_MAX, "%s", s);
    return out;
}
