/* clock.h -- the one source of "now" and "today" for the server and its clients.
 *
 * Production reads the real clock; days are counted in Asia/Shanghai (UTC+8, no summer
 * time). A build made with ZHUCUN_TEST_CLOCK (tests/run's) can run on a pinned clock: an
 * offset in seconds added to the real clock, so the pinned clock runs on from the pinned
 * instant. The server takes the offset from the database's pin (zc_clock_pin, migration
 * 0015), the test processes and the clients they start from ZHUCUN_CLOCK_OFFSET; both are
 * set from one value by the test harness. A production build has no way to move its clock:
 * zc_clock_set_offset fails and the server refuses to start on a pinned database
 * (docs/clock.md). TLS certificates are always checked against the real clock. */
#ifndef ZHUCUN_CLOCK_H
#define ZHUCUN_CLOCK_H

#include <stdint.h>

/* Unix time in seconds and in microseconds, pinned when a pin is in force. */
int64_t zc_clock_now(void);
int64_t zc_clock_now_us(void);

/* Today's day number (rules/date.h) in Asia/Shanghai. */
int zc_clock_today(void);

/* The offset in force (0 unless pinned). */
int64_t zc_clock_offset(void);

/* 1 when this build can run on a pinned clock (ZHUCUN_TEST_CLOCK), 0 otherwise. */
int zc_clock_pinnable(void);

/* Moves the clock by offset_s seconds; returns 0, or -1 in a build that cannot be pinned
 * (then nothing changes). */
int zc_clock_set_offset(int64_t offset_s);

/* Reads ZHUCUN_CLOCK_OFFSET (whole seconds) into the clock in a build that can be pinned;
 * returns 0 when it is unset or applied, -1 (with a message on stderr) when it is not a
 * number or this build cannot be pinned. */
int zc_clock_from_env(void);

#endif
