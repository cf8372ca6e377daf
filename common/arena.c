/* arena.c -- bump allocator in chunks, with a byte budget, for per-request messages. */
#include "common/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"

#define CHUNK_SIZE 8192

struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

struct arena {
    struct chunk *head;
    size_t budget;
    size_t used;
    ProtobufCAllocator pb;
};

static void *pb_alloc(void *data, size_t n)
{
    return arena_alloc(data, n);
}

static void pb_free(void *data, void *p)
{
    (void)data;
    (void)p;
}

struct arena *arena_new(size_t budget)
{
    struct arena *a = xcalloc(1, sizeof(*a));
    a->budget = budget;
    a->pb.alloc = pb_alloc;
    a->pb.free = pb_free;
    a->pb.allocator_data = a;
    return a;
}

void arena_free(struct arena *a)
{
    if (a == NULL)
        return;
    struct chunk *c = a->head;
    while (c != NULL) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
    size_t need = (n + 7) & ~(size_t)7;
    if (need < n || need > a->budget - a->used || a->used > a->budget)
        return NULL;
    struct chunk *c = a->head;
    if (c == NULL || c->size - c->used < need) {
        size_t size = need > CHUNK_SIZE / 2 ? need : CHUNK_SIZE;
        struct chunk *fresh = xmalloc(sizeof(*fresh) + size);
        fresh->size = size;
        fresh->used = 0;
        if (need > CHUNK_SIZE / 2 && c != NULL) {
            /* A big block gets a chunk of its own behind the current one, so the current
             * chunk's free space is not wasted. */
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            a->head = fresh;
        }
        c = fresh;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->used += need;
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(a, n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

size_t arena_used(const struct arena *a)
{
    return a->used;
}

ProtobufCAllocator *arena_allocator(struct arena *a)
{
    return &a->pb;
}
