/* progress.h -- a progress line for long work (an export, an import, the audit walk, the demo
 * load) on a terminal: one line on stderr, rewritten in place ("\r", then the text, then
 * "erase to the end of the line"), at most PROGRESS_PER_SECOND times a second, and a final
 * line with the totals and the time. Off in batch: when the stream is not a terminal, or the
 * person said --quiet; then nothing is written at all. Never on stdout: the output (text,
 * --json, an output file) stays the command's alone (docs/cli.md, "Progress"). */
#ifndef ZHUCUN_PROGRESS_H
#define ZHUCUN_PROGRESS_H

#include <stdio.h>

/* At most this many updates a second: a faster terminal only costs the work time. */
#define PROGRESS_PER_SECOND 5

struct progress {
    FILE *out;   /* stderr, or a test's stream */
    int on;      /* 0: every call does nothing */
    int drawn;   /* a line is showing (and not yet ended by a newline) */
    double t0;   /* when it began, in the clock's seconds */
    double last; /* when a line was last drawn */
    /* the clock: monotonic seconds (NULL: CLOCK_MONOTONIC); a test passes its own */
    double (*now)(void *arg);
    void *now_arg;
};

/* 1 when progress is wanted on out: it is a terminal and quiet is 0. */
int progress_wanted(FILE *out, int quiet);

/* Starts p on out: on when progress_wanted(out, quiet). now may be NULL (the monotonic
 * clock). */
void progress_start(struct progress *p, FILE *out, int quiet, double (*now)(void *arg),
                    void *now_arg);

/* Seconds since progress_start. */
double progress_elapsed(const struct progress *p);

/* n per second since progress_start (0 before any time has passed). */
double progress_rate(const struct progress *p, double n);

/* Rewrites the line with the text fmt formats, unless it is off or the last line was drawn
 * less than 1/PROGRESS_PER_SECOND seconds ago. Returns 1 when it drew, 0 otherwise. */
int progress_update(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Rewrites the line at once, whatever the time: for a milestone that must show while the
 * work after it runs (a demo step starting; a few dozen a run at most). Returns 1 when on. */
int progress_show(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The final line (the totals and the time: the caller's text), always drawn when on, ended by
 * a newline. Returns 1 when it drew. */
int progress_finish(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Erases a line that is showing, so that a message (an error) starts on a clean line. */
void progress_clear(struct progress *p);

#endif
