/* log.c -- key=value log lines on stderr: one write(2) per line, or per loop iteration for a
 * thread that buffers. */
#include "common/log.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "common/utf8.h"

/* A buffering thread's lines. Buffers are never freed (a thread that stops buffering keeps
 * its empty one for the next time), so the crash handler can walk the list without a lock;
 * len is stored after the bytes it covers. */
struct log_buffer {
    struct log_buffer *next;
    size_t len;
    int in_use;
    char data[LOG_BUFFER];
};

static struct log_buffer *buffers; /* pushed and read with __atomic builtins */
static __thread struct log_buffer *mine;
static int hold; /* test builds: ZHUCUN_TEST_LOG_HOLD=1 keeps lines buffered until a crash */

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void flush_buffer(struct log_buffer *b)
{
    size_t n = __atomic_load_n(&b->len, __ATOMIC_ACQUIRE);
    if (n == 0)
        return;
    write_all(b->data, n);
    __atomic_store_n(&b->len, 0, __ATOMIC_RELEASE);
}

void log_buffer_thread(int on)
{
    if (!on) {
        if (mine != NULL) {
            flush_buffer(mine);
            __atomic_store_n(&mine->in_use, 0, __ATOMIC_RELEASE);
            mine = NULL;
        }
        return;
    }
    if (mine != NULL)
        return;
#ifdef ZHUCUN_TEST_CLOCK
    const char *h = getenv("ZHUCUN_TEST_LOG_HOLD");
    hold = h != NULL && strcmp(h, "1") == 0;
#endif
    for (struct log_buffer *b = __atomic_load_n(&buffers, __ATOMIC_ACQUIRE); b != NULL;
         b = b->next) {
        int free_ = 0;
        if (__atomic_compare_exchange_n(&b->in_use, &free_, 1, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            mine = b;
            return;
        }
    }
    struct log_buffer *b = calloc(1, sizeof(*b));
    if (b == NULL)
        return; /* lines are written one by one */
    b->in_use = 1;
    b->next = __atomic_load_n(&buffers, __ATOMIC_ACQUIRE);
    while (
        !__atomic_compare_exchange_n(&buffers, &b->next, b, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        ;
    mine = b;
}

size_t log_pending(void)
{
    return mine != NULL ? __atomic_load_n(&mine->len, __ATOMIC_ACQUIRE) : 0;
}

void log_flush(void)
{
    if (mine != NULL && !hold)
        flush_buffer(mine);
}

static struct sigaction previous[32];

static void on_crash(int sig, siginfo_t *info, void *ctx)
{
    for (struct log_buffer *b = __atomic_load_n(&buffers, __ATOMIC_ACQUIRE); b != NULL; b = b->next)
        flush_buffer(b);
    /* Then whatever was there before: a sanitizer's report, or the default (a core). */
    struct sigaction *old = &previous[sig];
    if (old->sa_flags & SA_SIGINFO) {
        if (old->sa_sigaction != NULL) {
            old->sa_sigaction(sig, info, ctx);
            return;
        }
    } else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN &&
               old->sa_handler != NULL) {
        old->sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void log_flush_on_crash(void)
{
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = on_crash;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, &previous[sigs[i]]);
    }
}

/* Atomic because SIGHUP changes it while every thread logs (docs/metrics.md, "Reload"); relaxed,
 * since a line or two at the old level around the change is harmless. */
static atomic_int min_level = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
    atomic_store_explicit(&min_level, (int)level, memory_order_relaxed);
}

const char *log_level_name(enum log_level level)
{
    return (unsigned)level < sizeof(level_names) / sizeof(level_names[0]) ? level_names[level]
                                                                          : "?";
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
    return (int)level >= atomic_load_explicit(&min_level, memory_order_relaxed);
}

void log_event(enum log_level level, const char *event, const char *fmt, ...)
{
    if (!log_enabled(level))
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
    struct log_buffer *b = mine;
    if (b == NULL) {
        write_all(line, len);
        return;
    }
    if (b->len + len > sizeof(b->data))
        flush_buffer(b);
    memcpy(b->data + b->len, line, len);
    __atomic_store_n(&b->len, b->len + len, __ATOMIC_RELEASE);
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
