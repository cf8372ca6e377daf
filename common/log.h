/* log.h -- structured log lines on stderr: one line per event, key=value pairs.
 *
 * Every line starts with ts=<RFC 3339 UTC, microseconds> level=<level> event=<name>, followed
 * by the caller's key=value text. Lines are written with a single write(2) so lines from
 * different threads never interleave. Never log a password, token or full ID number. */
#ifndef ZHUCUN_LOG_H
#define ZHUCUN_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written (default LOG_INFO). Call before threads start. */
void log_set_level(enum log_level level);
/* Parses "debug", "info", "warn" or "error"; returns 0 or -1 for an unknown name. */
int log_level_parse(const char *name, enum log_level *out);
int log_enabled(enum log_level level);

/* Writes one line; fmt formats the key=value part after event=. */
void log_event(enum log_level level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copies s into out (size cap) as a log-safe value: quoted when it has spaces, quotes or
 * '=', control characters replaced by '?'. Returns out. */
char *log_quote(char *out, unsigned cap, const char *s);

#define log_info(ev, ...)  log_event(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...)  log_event(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_event(LOG_ERROR, ev, __VA_ARGS__)
#define log_debug(ev, ...)                                                                         \
    do {                                                                                           \
        if (log_enabled(LOG_DEBUG))                                                                \
            log_event(LOG_DEBUG, ev, __VA_ARGS__);                                                 \
    } while (0)

#endif
