/* demo_rand.h -- the demo generator's randomness: a small seeded PRNG (xoshiro256**) with one
 * independent stream per (seed, stream name, key), and the fake names built from it.
 *
 * A stream depends only on its three inputs, never on what else the run generated: the
 * county scale draws the same numbers for a county as the province scale does, so both
 * produce the same rows for it. */
#ifndef ZHUCUN_DEMO_RAND_H
#define ZHUCUN_DEMO_RAND_H

#include <stddef.h>
#include <stdint.h>

struct demo_rng {
    uint64_t s[4];
};

/* Seeds r from the run's seed, a stream name ("org", "teams", ...) and a key (usually a
 * division code). */
void demo_rng_init(struct demo_rng *r, uint64_t seed, const char *stream, const char *key);

uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t demo_rng_below(struct demo_rng *r, uint32_t n);
/* Uniform in [lo, hi]. */
int demo_rng_range(struct demo_rng *r, int lo, int hi);
/* Uniform in [0, 1). */
double demo_rng_unit(struct demo_rng *r);
/* 1 with probability p. */
int demo_rng_chance(struct demo_rng *r, double p);
/* Uniform in [-span, span]. */
double demo_rng_offset(struct demo_rng *r, double span);

/* n (1..99999) in Chinese numerals: 一, 十二, 一百零五, 一千二百三十四. */
void demo_numeral(unsigned n, char *out, size_t len);

/* A common surname (王, 李, 郭 ...). */
const char *demo_surname(struct demo_rng *r);

/* An obviously fake person name: "演示" + a surname + n in numerals (演示王十二). */
void demo_person_name(struct demo_rng *r, unsigned n, char *out, size_t len);

/* A plausible village name ending in 村 (东王村, 李家庄村, 柳沟村, 前进村). */
void demo_village_name(struct demo_rng *r, char *out, size_t len);

#endif
