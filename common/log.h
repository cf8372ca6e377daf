/* log.h -- structured log lines on stderr: one line per event, key=value pairs.
 *
 * Every line starts with ts=<RFC 3339 UTC, microseconds> level=<level> event=<name>, followed
 * by the caller's key=value text. Lines are written with a single write(2) so lines from
 * different threads never interleave. Never log a password, token or full ID number.
 *
 * Text that comes from outside (libpq's and OpenSSL's messages, values from the database,
 * what a peer sent) goes through log_quote, so that it stays one value on one line: libpq's
 * messages hold newlines and tabs ("server closed the connection unexpectedly\n\tThis
 * probably means ..."). As a last guard, log_event turns any control character left in the
 * caller's text into '?', so no line can be split whatever a caller passes. */
#ifndef ZHUCUN_LOG_H
#define ZHUCUN_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written (default LOG_INFO); any thread, any time (SIGHUP does). */
void log_set_level(enum log_level level);
/* "debug", "info", "warn" or "error". */
const char *log_level_name(enum log_level level);
/* Parses "debug", "info", "warn" or "error"; returns 0 or -1 for an unknown name. */
int log_level_parse(const char *name, enum log_level *out);
int log_enabled(enum log_level level);

/* Writes one line; fmt formats the key=value part after event=. */
void log_event(enum log_level level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Buffering, for a thread that runs an event loop (the server's workers): from
 * log_buffer_thread(1) on, the calling thread's lines collect in its own buffer (LOG_BUFFER
 * bytes; a full buffer is written first) and reach stderr when the thread calls log_flush --
 * the worker does when a loop iteration leaves 16 KiB or lines 50 ms old, in one write, off
 * the path of any one request -- and when it calls log_buffer_thread(0). Threads that never
 * asked write each line at once, as before. */
#define LOG_BUFFER 65536
void log_buffer_thread(int on);
void log_flush(void);
/* Bytes the calling thread holds unwritten (0 for a thread that does not buffer). */
size_t log_pending(void);

/* On SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT, writes every thread's buffered lines before
 * the signal takes its course (the handler that was there before runs next, a sanitizer's
 * report included), so that what was logged before a crash is never lost. Call once, early. */
void log_flush_on_crash(void);

/* Copies s into out (cap bytes) as one key=value value on one line, and returns out:
 * - written in double quotes when it is empty or has a space, '"' or '=';
 * - '\\' and '"' escaped with a backslash; newline, carriage return and tab as \n, \r, \t;
 *   other control characters (U+0000 to U+001F, U+007F to U+009F) and the line and paragraph
 *   separators U+2028 and U+2029, which some viewers break lines at, as \xNN or \uNNNN;
 *   bytes that are not UTF-8 as \xNN;
 * - cut to fit, never inside an escape or a character, the quotes kept.
 * cap below 3 gives "". s NULL is written as "-". */
char *log_quote(char *out, unsigned cap, const char *s);

/* The size of a buffer that holds log_quote of a text of up to n bytes, uncut. */
#define LOG_QUOTE_SIZE(n) (4 * (n) + 3)

#define log_info(ev, ...)  log_event(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...)  log_event(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_event(LOG_ERROR, ev, __VA_ARGS__)
#define log_debug(ev, ...)                                                                         \
    do {                                                                                           \
        if (log_enabled(LOG_DEBUG))                                                                \
            log_event(LOG_DEBUG, ev, __VA_ARGS__);                                                 \
    } while (0)

#endif
