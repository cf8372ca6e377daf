/* progress.c -- the throttled progress line on a terminal (progress.h). */
#include "progress.h"

#include <stdarg.h>
#include <time.h>
#include <unistd.h>

/* "\r" goes back to the start of the line; ESC [ K erases what a longer line left after it
 * (widths in columns of Chinese text need not be counted). */
#define LINE_START "\r"
#define LINE_ERASE "\033[K"

static double mono_now(void *arg)
{
    (void)arg;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int progress_wanted(FILE *out, int quiet)
{
    return !quiet && out != NULL && isatty(fileno(out));
}

void progress_start(struct progress *p, FILE *out, int quiet, double (*now)(void *arg),
                    void *now_arg)
{
    p->out = out;
    p->on = progress_wanted(out, quiet);
    p->drawn = 0;
    p->now = now != NULL ? now : mono_now;
    p->now_arg = now_arg;
    p->t0 = p->now(p->now_arg);
    p->last = p->t0;
}

double progress_elapsed(const struct progress *p)
{
    return p->now(p->now_arg) - p->t0;
}

double progress_rate(const struct progress *p, double n)
{
    double s = progress_elapsed(p);
    return s > 0 ? n / s : 0;
}

/* Draws the line fmt formats (ended by a newline when end), unless it is off or, when
 * throttled, a line was drawn less than 1/PROGRESS_PER_SECOND seconds ago. 1 when it drew. */
__attribute__((format(printf, 4, 0))) static int vdraw(struct progress *p, int throttled, int end,
                                                       const char *fmt, va_list ap)
{
    if (!p->on)
        return 0;
    double t = p->now(p->now_arg);
    /* the first line at once, then at most PROGRESS_PER_SECOND a second */
    if (throttled && p->drawn && t - p->last < 1.0 / PROGRESS_PER_SECOND)
        return 0;
    p->last = t;
    fputs(LINE_START, p->out);
    vfprintf(p->out, fmt, ap);
    fputs(end ? LINE_ERASE "\n" : LINE_ERASE, p->out);
    fflush(p->out);
    p->drawn = !end;
    return 1;
}

int progress_update(struct progress *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int drew = vdraw(p, 1, 0, fmt, ap);
    va_end(ap);
    return drew;
}

int progress_show(struct progress *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int drew = vdraw(p, 0, 0, fmt, ap);
    va_end(ap);
    return drew;
}

int progress_finish(struct progress *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int drew = vdraw(p, 0, 1, fmt, ap);
    va_end(ap);
    return drew;
}

void progress_clear(struct progress *p)
{
    if (!p->on || !p->drawn)
        return;
    fputs(LINE_START LINE_ERASE, p->out);
    fflush(p->out);
    p->drawn = 0;
}
