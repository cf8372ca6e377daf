/* test_progress.c -- the progress line (common/progress.c) on a fake clock: throttled to
 * PROGRESS_PER_SECOND, each line rewriting the last, a final line ended by a newline, and
 * nothing at all when off (not a terminal, or --quiet). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/progress.h"

static double fake_now(void *arg)
{
    return *(double *)arg;
}

/* What p wrote to its memory stream so far (the stream's buffer). */
struct sink {
    FILE *f;
    char *buf;
    size_t len;
};

static void sink_open(struct sink *s)
{
    s->buf = NULL;
    s->len = 0;
    s->f = open_memstream(&s->buf, &s->len);
    assert_non_null(s->f);
}

static void sink_close(struct sink *s)
{
    fclose(s->f);
    free(s->buf);
}

/* p on a fresh sink, on the fake clock at *t, on as on a terminal (a memory stream is not). */
static void start_on(struct progress *p, struct sink *s, double *t)
{
    sink_open(s);
    progress_start(p, s->f, 0, fake_now, t);
    p->on = 1;
}

static int count_of(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* A memory stream is not a terminal: progress is off, and --quiet turns it off anyway. */
static void test_off_in_batch(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    double t = 100;
    struct progress p;
    progress_start(&p, s.f, 0, fake_now, &t);
    assert_int_equal(p.on, 0);
    assert_int_equal(progress_wanted(s.f, 0), 0);
    assert_int_equal(progress_wanted(stderr, 1), 0); /* --quiet, whatever stderr is */
    assert_int_equal(progress_update(&p, "rows %d", 1), 0);
    t += 5;
    assert_int_equal(progress_update(&p, "rows %d", 2), 0);
    progress_clear(&p);
    assert_int_equal(progress_finish(&p, "done %d", 2), 0);
    fflush(s.f);
    assert_int_equal(s.len, 0);
    sink_close(&s);
}

/* On: the first update at once, then at most PROGRESS_PER_SECOND a second; each line starts
 * with "\r" and erases the rest; the final line always, with a newline. */
static void test_throttled_and_rewritten(void **state)
{
    (void)state;
    struct sink s;
    double t = 100;
    struct progress p;
    start_on(&p, &s, &t);
    int drawn = 0;
    /* 3 seconds of updates every 10 ms: 300 calls */
    for (int i = 0; i < 300; i++) {
        drawn += progress_update(&p, "rows %d", i);
        t += 0.01;
    }
    assert_true(drawn >= 3 * PROGRESS_PER_SECOND - 1);
    assert_true(drawn <= 3 * PROGRESS_PER_SECOND + 1);
    fflush(s.f);
    assert_non_null(strstr(s.buf, "\rrows 0\033[K")); /* the first one, at once */
    assert_null(strstr(s.buf, "rows 1\033"));         /* 10 ms later: skipped */
    assert_int_equal(count_of(s.buf, "\r"), drawn);
    assert_int_equal(count_of(s.buf, "\n"), 0);
    assert_true(progress_elapsed(&p) > 2.99 && progress_elapsed(&p) < 3.01);
    assert_true(progress_rate(&p, 300) > 99.9 && progress_rate(&p, 300) < 100.1);
    /* the final line right after an update: not throttled, ends the line */
    assert_int_equal(progress_finish(&p, "300 rows in %.1f s", progress_elapsed(&p)), 1);
    fflush(s.f);
    size_t n = strlen("\r300 rows in 3.0 s\033[K\n");
    assert_true(s.len >= n);
    assert_string_equal(s.buf + s.len - n, "\r300 rows in 3.0 s\033[K\n");
    /* after the final line nothing is left to erase */
    progress_clear(&p);
    fflush(s.f);
    assert_string_equal(s.buf + s.len - n, "\r300 rows in 3.0 s\033[K\n");
    sink_close(&s);
}

/* A message in the middle of the work: progress_clear erases the showing line first. */
static void test_clear_before_a_message(void **state)
{
    (void)state;
    struct sink s;
    double t = 0;
    struct progress p;
    start_on(&p, &s, &t);
    assert_int_equal(progress_update(&p, "step 1/3"), 1);
    progress_clear(&p);
    fflush(s.f);
    assert_string_equal(s.buf, "\rstep 1/3\033[K\r\033[K");
    /* cleared: the next update draws at once, whatever the time */
    assert_int_equal(progress_update(&p, "step 2/3"), 1);
    assert_int_equal(progress_rate(&p, 10), 0); /* no time has passed */
    /* a milestone shows at once, where an update right after a line is skipped */
    assert_int_equal(progress_update(&p, "step 2/3 again"), 0);
    assert_int_equal(progress_show(&p, "step 3/3"), 1);
    fflush(s.f);
    assert_non_null(strstr(s.buf, "\rstep 3/3\033[K"));
    assert_null(strstr(s.buf, "again"));
    sink_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off_in_batch),
        cmocka_unit_test(test_throttled_and_rewritten),
        cmocka_unit_test(test_clear_before_a_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
