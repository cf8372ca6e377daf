/* instant.h -- points in time typed by people ("2026-03-01", "2026-03-01 08:30",
 * "2026-03-01T08:30:00.5+08:00", "...Z"), read as Asia/Shanghai when no offset is given. */
#ifndef ZHUCUN_RULES_INSTANT_H
#define ZHUCUN_RULES_INSTANT_H

/* Parses "YYYY-MM-DD" optionally followed by ' ' or 'T' and "HH:MM[:SS[.f{1,6}]]", then
 * optionally "Z" or an offset "+HH", "+HHMM" or "+HH:MM" (or '-'). A date alone is its
 * midnight. Returns 0 with microseconds since the Unix epoch in *unix_us, or -1. */
int rules_instant_parse(const char *s, long long *unix_us);

/* Writes t as "YYYY-MM-DD HH:MM:SS.ffffff+00" (UTC, PostgreSQL timestamptz input) into out
 * (64 bytes). */
void rules_instant_format_utc(long long unix_us, char out[64]);

#endif
