/* list.h -- the shape of a list call cut at a limit: its parameters (the place's patterns as $1,
 * one row more than the limit as the last) and the rows to show, the extra row telling a cut
 * list (consume, training). */
#ifndef ZHUCUN_CORE_LIST_H
#define ZHUCUN_CORE_LIST_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>
#include <protobuf-c/protobuf-c.h>

#include "server/core/dispatch.h"

struct list {
    unsigned limit;
};

/* The n parameters of a list: patterns (NULL: the request has ended) as $1, and as $n one row
 * more than the limit (0: default_limit); *l its state, in the request's arena. NULL after
 * ending the request. */
const char **list_params(struct request *r, const char *patterns, uint32_t limit,
                         unsigned default_limit, size_t n, struct list **l);

/* The rows of a list's result to show (at most its limit), *cut set when there were more. */
int list_rows(const struct list *l, PGresult *res, protobuf_c_boolean *cut);

#endif
