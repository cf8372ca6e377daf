/* attendance.c -- ISO weeks, the day and night slots of check-ins, and the weekly verdict. */
#include "common/rules/attendance.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/date.h"

#define SHANGHAI_OFFSET_S (8 * 3600)
#define DAY_S             86400LL
#define TIME_END          32503680000LL /* 3000-01-01 00:00 UTC */

static const struct attendance_rule default_rule = ATTENDANCE_RULE_DEFAULT;

int rules_weekday(int day)
{
    /* 1970-01-01 was a Thursday (4); floor modulo keeps days before 1970 right. */
    int r = (day + 3) % 7;
    if (r < 0)
        r += 7;
    return r + 1;
}

int rules_week_monday(int day)
{
    return day - (rules_weekday(day) - 1);
}

void rules_iso_week(int day, int *year, int *week)
{
    /* The ISO year of a week is the year of its Thursday. */
    int thursday = rules_week_monday(day) + 3;
    int y, m, d;
    rules_civil_from_days(thursday, &y, &m, &d);
    *year = y;
    *week = (thursday - rules_days_from_civil(y, 1, 1)) / 7 + 1;
}

/* The Monday of week 1 of ISO year: the week that holds 4 January. */
static int week1_monday(int year)
{
    return rules_week_monday(rules_days_from_civil(year, 1, 4));
}

int rules_iso_weeks_in_year(int year)
{
    return (week1_monday(year + 1) - week1_monday(year)) / 7;
}

int rules_week_parse(const char *s, int *monday)
{
    if (strlen(s) != 8 || s[4] != '-' || s[5] != 'W')
        return -1;
    int y = rules_digits(s, 4), w = rules_digits(s + 6, 2);
    if (y < 1900 || y > 2999 || w < 1 || w > rules_iso_weeks_in_year(y))
        return -1;
    *monday = week1_monday(y) + (w - 1) * 7;
    return 0;
}

void rules_week_format(int day, char out[9])
{
    int y, w;
    char buf[32];
    rules_iso_week(day, &y, &w);
    snprintf(buf, sizeof(buf), "%04d-W%02d", y, w);
    memcpy(out, buf, 8); /* ISO years 0-9999: always 8 characters */
    out[8] = '\0';
}

int rules_attendance_slot_rule(const struct attendance_rule *rule, long long unix_seconds, int *day)
{
    if (rule == NULL)
        rule = &default_rule;
    if (unix_seconds < 0 || unix_seconds >= TIME_END)
        return -1;
    long long local = unix_seconds + SHANGHAI_OFFSET_S;
    int local_day = (int)(local / DAY_S);
    long long second = local % DAY_S;
    if (second < rule->day_from_s) {
        /* Before dawn: the night that began the evening before. */
        *day = local_day - 1;
        return SLOT_NIGHT;
    }
    *day = local_day;
    return second < rule->night_from_s ? SLOT_DAY : SLOT_NIGHT;
}

int rules_attendance_slot(long long unix_seconds, int *day)
{
    return rules_attendance_slot_rule(NULL, unix_seconds, day);
}

void rules_attendance_week(int week_day, const struct attendance_checkin *checkins,
                           size_t ncheckins, const int *excused, size_t nexcused,
                           const struct attendance_rule *rule, struct attendance_week *out)
{
    if (rule == NULL)
        rule = &default_rule;

    memset(out, 0, sizeof(*out));
    out->monday = rules_week_monday(week_day);
    for (int i = 0; i < 7; i++)
        out->days[i].day = out->monday + i;

    for (size_t i = 0; i < nexcused; i++) {
        int k = excused[i] - out->monday;
        if (k >= 0 && k < 7)
            out->days[k].excused = 1;
    }
    for (size_t i = 0; i < ncheckins; i++) {
        int day;
        if (!checkins[i].valid)
            continue;
        int slot = rules_attendance_slot_rule(rule, checkins[i].time, &day);
        int k = day - out->monday;
        if (slot < 0 || k < 0 || k >= 7)
            continue;
        if (slot == SLOT_DAY)
            out->days[k].day_present = 1;
        else
            out->days[k].night_present = 1;
    }

    /* An excused day stands in for one present day and one present night, so it lowers both
     * requirements by one and its own check-ins are not counted again. */
    for (int i = 0; i < 7; i++) {
        const struct attendance_day *d = &out->days[i];
        if (d->excused) {
            out->excused++;
            continue;
        }
        out->days_present += d->day_present;
        out->nights_present += d->night_present;
    }
    out->required_days = rule->days > out->excused ? rule->days - out->excused : 0;
    out->required_nights = rule->nights > out->excused ? rule->nights - out->excused : 0;
    out->met =
        out->days_present >= out->required_days && out->nights_present >= out->required_nights;
}

long long rules_week_end_rule(const struct attendance_rule *rule, int monday)
{
    if (rule == NULL)
        rule = &default_rule;
    return (long long)(monday + 7) * DAY_S - SHANGHAI_OFFSET_S + rule->day_from_s;
}

long long rules_week_end(int monday)
{
    return rules_week_end_rule(NULL, monday);
}

int rules_week_last_over(long long now)
{
    /* Six hours back from now lies in the week still running (its Sunday night ends on
     * Monday at 06:00): the week before it is the last one over. */
    return rules_week_monday(rules_shanghai_day(now - default_rule.day_from_s)) - 7;
}

const char *rules_business_day_problem(int day, int today, char *buf, size_t len)
{
    if (day >= today - BUSINESS_BACK_DAYS && day <= today + BUSINESS_AHEAD_DAYS)
        return NULL;
    snprintf(buf, len, "公务日期应在 %d 天前到 %d 天后之间", BUSINESS_BACK_DAYS,
             BUSINESS_AHEAD_DAYS);
    return buf;
}

const char *rules_business_note_problem(const char *note, char *buf, size_t len)
{
    size_t n = strlen(note);
    if (n >= 1 && n <= BUSINESS_NOTE_MAX)
        return NULL;
    snprintf(buf, len, "请写明公务事由（1 到 %d 字节）", BUSINESS_NOTE_MAX);
    return buf;
}
