/* clock.c -- the one source of "now" and "today" (clock.h). */
#include "common/clock.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common/rules/date.h"

static _Atomic int64_t offset;

int64_t zc_clock_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec + atomic_load_explicit(&offset, memory_order_relaxed)) * 1000000 +
           ts.tv_nsec / 1000;
}

int64_t zc_clock_now(void)
{
    return (int64_t)time(NULL) + atomic_load_explicit(&offset, memory_order_relaxed);
}

int zc_clock_today(void)
{
    return rules_shanghai_day(zc_clock_now());
}

int64_t zc_clock_offset(void)
{
    return atomic_load_explicit(&offset, memory_order_relaxed);
}

int zc_clock_pinnable(void)
{
    /* ZHUCUN_CLOCK_PRODUCTION: tests/unit's production-build check of this file. */
#if defined(ZHUCUN_TEST_CLOCK) && !defined(ZHUCUN_CLOCK_PRODUCTION)
    return 1;
#else
    return 0;
#endif
}

int zc_clock_set_offset(int64_t offset_s)
{
    if (!zc_clock_pinnable())
        return -1;
    atomic_store(&offset, offset_s);
    return 0;
}

int zc_clock_from_env(void)
{
    const char *v = getenv("ZHUCUN_CLOCK_OFFSET");
    if (v == NULL || v[0] == '\0')
        return 0;
    char *end;
    errno = 0;
    long long s = strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0' || end == v) {
        fprintf(stderr, "ZHUCUN_CLOCK_OFFSET is not a whole number of seconds: %s\n", v);
        return -1;
    }
    if (zc_clock_set_offset(s) != 0) {
        fprintf(stderr, "ZHUCUN_CLOCK_OFFSET is set, but this build cannot run on a pinned "
                        "clock (only a ZHUCUN_TEST_CLOCK build can)\n");
        return -1;
    }
    return 0;
}
