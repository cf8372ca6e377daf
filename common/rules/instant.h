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

/* How an instant is shown: always in Beijing time (UTC+8), whatever the machine's zone. */
enum instant_style {
    INSTANT_MINUTES, /* "2026-12-07 05:24": text for people (CLI, desk, workbooks) */
    INSTANT_SECONDS, /* "2026-12-07 05:24:04": where seconds matter (the audit trail) */
    INSTANT_RFC3339, /* "2026-12-07T05:24:04+08:00", ".ffffff" before the offset when the
                      * instant is not a whole second: --json */
};
#define INSTANT_TEXT_MAX 40

/* The one formatter of instants shown anywhere: writes unix_us in style into out; returns
 * out. */
const char *rules_instant_format(long long unix_us, enum instant_style style,
                                 char out[INSTANT_TEXT_MAX]);

/* rules_instant_format for an instant as text (the server's RFC 3339 in UTC, or anything
 * rules_instant_parse reads). "" stays "", and text that is not an instant is copied as it
 * is (cut to fit). Returns out. */
const char *rules_instant_restyle(const char *s, enum instant_style style,
                                  char out[INSTANT_TEXT_MAX]);

#endif
