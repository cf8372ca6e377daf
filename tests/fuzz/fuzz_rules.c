/* fuzz_rules.c -- libFuzzer target: the parsers of common/rules that read what people type:
 * ID numbers (idcard.c), dates (date.c) and instants (instant.c).
 *
 * The input's first byte picks the parser (low two bits); the rest, cut at its first NUL, is
 * the text. What must hold:
 * - an ID number that passes has a check character and a birth date that read back, and its
 *   masked form keeps only its first six and last four characters;
 * - a date that parses formats back to itself, through its day number;
 * - an instant that parses formats (RFC 3339, Beijing time) to text that parses to the same
 *   instant, and restyling it gives the same text as formatting it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/rules/instant.h"

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_idcard(const char *s)
{
    char mask[IDCARD_LEN + 1];
    rules_idcard_mask(s, mask);
    check(strlen(mask) == IDCARD_LEN);
    (void)rules_idcard_check_char(s);
    /* the same number checked against a day before its birth date and with no day at all */
    const char *problem = rules_idcard_problem(s, NULL);
    (void)rules_idcard_problem(s, "1900-01-01");
    if (problem != NULL)
        return;
    check(strlen(s) == IDCARD_LEN);
    check(rules_idcard_check_char(s) == s[17]);
    char birth[11];
    int y, m, d;
    rules_idcard_birth_date(s, birth);
    check(rules_date_parse(birth, &y, &m, &d) == 0);
    check(rules_idcard_problem(s, birth) == NULL); /* born today is not after today */
    check(memcmp(mask, s, 6) == 0 && memcmp(mask + 14, s + 14, 4) == 0);
    check(strspn(mask + 6, "*") == 8);
}

static void fuzz_date(const char *s)
{
    int y, m, d, ok;
    int days = rules_date_days(s, &ok);
    if (rules_date_parse(s, &y, &m, &d) != 0) {
        check(!ok);
        return;
    }
    check(ok && days == rules_days_from_civil(y, m, d));
    check(d <= rules_days_in_month(y, m));
    char out[11];
    rules_date_format(days, out);
    check(strcmp(out, s) == 0);
    int y2, m2, d2;
    rules_civil_from_days(days, &y2, &m2, &d2);
    check(y2 == y && m2 == m && d2 == d);
    /* the Shanghai day of that day's midnight in Beijing time is the day itself */
    check(rules_shanghai_day((long long)days * 86400 - 8 * 3600) == days);
}

static void fuzz_instant(const char *s)
{
    char text[INSTANT_TEXT_MAX], again[INSTANT_TEXT_MAX], utc[64];
    long long t, back;
    (void)rules_instant_restyle(s, INSTANT_MINUTES, text);
    check(strlen(text) < INSTANT_TEXT_MAX);
    if (rules_instant_parse(s, &t) != 0)
        return;
    rules_instant_format(t, INSTANT_RFC3339, text);
    check(rules_instant_parse(text, &back) == 0 && back == t);
    check(strcmp(rules_instant_restyle(s, INSTANT_RFC3339, again), text) == 0);
    rules_instant_format_utc(t, utc);
    check(strlen(utc) == 29);
    rules_instant_format(t, INSTANT_SECONDS, text);
    long long whole = t - ((t % 1000000 + 1000000) % 1000000); /* seconds, rounded down */
    check(rules_instant_parse(text, &back) == 0 && back == whole);
    rules_instant_format(t, INSTANT_MINUTES, text);
    check(strlen(text) == 16);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *s = malloc(size);
    if (s == NULL)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    switch (data[0] & 3) {
    case 0:
        fuzz_idcard(s);
        break;
    case 1:
        fuzz_date(s);
        break;
    default:
        fuzz_instant(s);
        break;
    }
    free(s);
    return 0;
}
