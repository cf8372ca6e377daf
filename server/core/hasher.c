/* hasher.c -- bounded Argon2id work on the libuv thread pool. */
#include "server/core/hasher.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "common/token.h"
#include "common/xmalloc.h"

struct task {
    uv_work_t work;
    struct hasher *h;
    struct hash_job *job;
    hash_cb cb;
    void *arg;
    char *phc;
    char *password;
    char *new_password;
    struct task *next;
};

struct hasher {
    uv_loop_t *loop;
    struct password_params params;
    unsigned concurrency;
    unsigned queue_max;
    unsigned running;
    unsigned queued;
    struct task *head, *tail;
};

static char dummy_phc[PASSWORD_PHC_MAX];

int hasher_init_dummy(const struct password_params *params)
{
    char pw[TOKEN_HEX_LEN + 1];
    if (token_new(pw) != 0)
        return -1;
    return password_hash(params, pw, strlen(pw), dummy_phc);
}

struct hasher *hasher_new(uv_loop_t *loop, const struct password_params *params,
                          unsigned concurrency, unsigned queue_max)
{
    struct hasher *h = xcalloc(1, sizeof(*h));
    h->loop = loop;
    h->params = *params;
    h->concurrency = concurrency ? concurrency : 1;
    h->queue_max = queue_max;
    return h;
}

void hasher_free(struct hasher *h)
{
    free(h);
}

static void wipe(char *s)
{
    if (s != NULL) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

static void work(uv_work_t *w)
{
    struct task *t = container_of(w, struct task, work);
    struct hash_job *job = t->job;
    if (job->hash_only) {
        job->ok = 1;
        job->failed =
            password_hash(&t->h->params, t->password, strlen(t->password), job->new_phc) != 0;
        return;
    }
    const char *phc = t->phc != NULL ? t->phc : dummy_phc;
    job->ok = password_verify(phc, t->password, strlen(t->password)) && t->phc != NULL;
    job->new_phc[0] = '\0';
    if (!job->ok)
        return;
    if (t->new_password != NULL) {
        if (password_hash(&t->h->params, t->new_password, strlen(t->new_password), job->new_phc) !=
            0)
            job->failed = 1;
    } else if (job->rehash_if_weak && password_needs_rehash(phc, &t->h->params)) {
        if (password_hash(&t->h->params, t->password, strlen(t->password), job->new_phc) != 0)
            job->new_phc[0] = '\0'; /* keep the old hash; the login still succeeds */
    }
}

static void start(struct hasher *h, struct task *t);

static void after(uv_work_t *w, int status)
{
    struct task *t = container_of(w, struct task, work);
    struct hasher *h = t->h;
    (void)status;
    h->running--;
    wipe(t->password);
    wipe(t->new_password);
    free(t->phc);
    t->cb(t->job, t->arg);
    free(t);
    if (h->head != NULL && h->running < h->concurrency) {
        struct task *next = h->head;
        h->head = next->next;
        if (h->head == NULL)
            h->tail = NULL;
        h->queued--;
        start(h, next);
    }
}

static void start(struct hasher *h, struct task *t)
{
    h->running++;
    uv_queue_work(h->loop, &t->work, work, after);
}

int hasher_submit(struct hasher *h, struct hash_job *job, hash_cb cb, void *arg)
{
    if (h->running >= h->concurrency && h->queued >= h->queue_max)
        return -1;
    struct task *t = xcalloc(1, sizeof(*t));
    t->h = h;
    t->job = job;
    t->cb = cb;
    t->arg = arg;
    t->phc = job->phc ? xstrdup(job->phc) : NULL;
    t->password = xstrdup(job->password ? job->password : "");
    t->new_password = job->new_password ? xstrdup(job->new_password) : NULL;
    job->ok = job->failed = 0;
    job->new_phc[0] = '\0';
    if (h->running < h->concurrency) {
        start(h, t);
    } else {
        if (h->tail != NULL)
            h->tail->next = t;
        else
            h->head = t;
        h->tail = t;
        h->queued++;
    }
    return 0;
}

unsigned hasher_queued(const struct hasher *h)
{
    return h->queued;
}
