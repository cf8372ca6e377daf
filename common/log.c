/* log.c -- key=value log lines on stderr, one write(2) per line. */
#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "common/utf8.h"

static enum log_level min_level = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
    min_level = level;
}

int log_level_parse(const char *name, enum log_level *out)
{
    for (unsigned i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    return -1;
}

int log_enabled(enum log_level level)
{
    return level >= min_level;
}

void log_event(enum log_level level, const char *event, const char *fmt, ...)
{
    if (level < min_level)
        return;
    char line[2048];
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    int n =
        snprintf(line, sizeof(line), "ts=%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ level=%s event=%s ",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                 (long)tv.tv_usec, level_names[level], event);
    if (n < 0 || (size_t)n >= sizeof(line))
        return;
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n;
    if (m > 0)
        len += (size_t)m < sizeof(line) - (size_t)n - 1 ? (size_t)m : sizeof(line) - (size_t)n - 2;
    /* The last guard of one line per event: whatever a caller passed unquoted, no control
     * character of it reaches the file. */
    for (size_t i = (size_t)n; i < len; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
            line[i] = '?';
    while (len > 0 && line[len - 1] == ' ')
        len--;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

/* The escape for the character of n bytes at s (n == 0: a byte that is not UTF-8) into esc
 * (8 bytes); returns its length, 0 when the character is written as it is. */
static int escape(const unsigned char *s, int n, char *esc)
{
    if (n == 0)
        return snprintf(esc, 8, "\\x%02X", s[0]);
    if (n == 1) {
        switch (s[0]) {
        case '\n':
            return snprintf(esc, 8, "\\n");
        case '\r':
            return snprintf(esc, 8, "\\r");
        case '\t':
            return snprintf(esc, 8, "\\t");
        case '\\':
            return snprintf(esc, 8, "\\\\");
        case '"':
            return snprintf(esc, 8, "\\\"");
        }
        return s[0] < 0x20 || s[0] == 0x7f ? snprintf(esc, 8, "\\x%02X", s[0]) : 0;
    }
    if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0) /* U+0080 to U+009F, C1 controls (NEL) */
        return snprintf(esc, 8, "\\u%04X", s[1]);
    if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
        return snprintf(esc, 8, "\\u%04X", 0x2000 | (s[2] & 0x3f));
    return 0;
}

char *log_quote(char *out, unsigned cap, const char *text)
{
    const unsigned char *s = (const unsigned char *)(text != NULL ? text : "-");
    size_t len = strlen((const char *)s), o = 0;
    if (cap < 3) {
        if (cap > 0)
            out[0] = '\0';
        return out;
    }
    int quote = len == 0 || strpbrk((const char *)s, " \"=") != NULL;
    /* Room kept for the closing quote and the NUL. */
    size_t room = cap - 1 - (quote ? 1 : 0);
    if (quote)
        out[o++] = '"';
    for (size_t i = 0; i < len;) {
        int n = utf8_seq_len(s + i, len - i);
        char esc[8];
        int e = escape(s + i, n, esc);
        size_t step = e > 0 ? (size_t)e : (size_t)n;
        if (o + step > room)
            break;
        if (e > 0)
            memcpy(out + o, esc, (size_t)e);
        else
            memcpy(out + o, s + i, (size_t)n);
        o += step;
        i += n > 0 ? (size_t)n : 1;
    }
    if (quote)
        out[o++] = '"';
    out[o] = '\0';
    return out;
}
