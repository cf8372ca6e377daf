/* arena.h -- a per-request memory arena with a byte budget, usable as a ProtobufCAllocator.
 *
 * Everything allocated from an arena is freed at once by arena_free. Allocation past the
 * budget fails (returns NULL), which makes protobuf_c_message_unpack fail cleanly instead of
 * letting a small hostile frame expand into a large decoded message. */
#ifndef ZHUCUN_ARENA_H
#define ZHUCUN_ARENA_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

struct arena;

/* Creates an arena that hands out at most budget bytes in all. */
struct arena *arena_new(size_t budget);
/* Frees the arena and everything allocated from it. NULL is accepted. */
void arena_free(struct arena *a);
/* Returns 8-byte aligned memory, or NULL when the budget would be exceeded. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies a NUL-terminated string into the arena; NULL when over budget. */
char *arena_strdup(struct arena *a, const char *s);
/* Bytes handed out so far. */
size_t arena_used(const struct arena *a);
/* The allocator protobuf-c should use for messages that live in this arena. Its free is a
 * no-op: the memory goes when the arena does. */
ProtobufCAllocator *arena_allocator(struct arena *a);

#endif
