/* hasher.h -- password checks and hashing on the libuv thread pool, a bounded number at once.
 *
 * Argon2id takes tens of milliseconds and tens of MiB; running it on a loop thread would stall
 * every connection of that worker. Each worker has a hasher that runs at most `concurrency`
 * jobs on the thread pool and queues up to `queue_max` more. */
#ifndef ZHUCUN_HASHER_H
#define ZHUCUN_HASHER_H

#include <stddef.h>
#include <uv.h>

#include "common/password.h"

struct hasher;

/* What a job computes:
 *  - verify: ok = password matches phc (NULL phc: compare against a dummy hash, ok = 0);
 *  - and then, when ok and new_password is set: new_phc = hash(new_password);
 *  - or, when ok and rehash_if_weak and phc is weaker than the current parameters:
 *    new_phc = hash(password). */
struct hash_job {
    /* inputs: the hasher copies them */
    const char *phc;
    const char *password;
    const char *new_password;
    int rehash_if_weak;
    int hash_only; /* no check: new_phc = hash(password) (accounts made by an office) */
    /* outputs, valid in the callback */
    int ok;
    int failed;                     /* hashing itself failed (no randomness) */
    char new_phc[PASSWORD_PHC_MAX]; /* "" when nothing was hashed */
};

/* Runs on the loop thread once the job is done; job is the caller's struct. */
typedef void (*hash_cb)(struct hash_job *job, void *arg);

struct hasher *hasher_new(uv_loop_t *loop, const struct password_params *params,
                          unsigned concurrency, unsigned queue_max);
/* Returns 0, or -1 when the queue is full (the callback does not run). The job struct must
 * stay valid until the callback; its strings are copied at once. */
int hasher_submit(struct hasher *h, struct hash_job *job, hash_cb cb, void *arg);
/* Jobs waiting for a thread. */
unsigned hasher_queued(const struct hasher *h);
/* Frees the hasher; call only when no job is pending (after the loop has finished). */
void hasher_free(struct hasher *h);

/* Makes the process-wide dummy hash used for unknown users (call once at start-up). */
int hasher_init_dummy(const struct password_params *params);

#endif
