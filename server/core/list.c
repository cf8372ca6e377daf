/* list.c -- a list call cut at a limit (list.h). */
#include "server/core/list.h"

const char **list_params(struct request *r, const char *patterns, uint32_t limit,
                         unsigned default_limit, size_t n, struct list **l)
{
    if (patterns == NULL)
        return NULL;
    *l = request_alloc(r, sizeof(**l));
    const char **p = request_params(r, n);
    if (*l == NULL || p == NULL)
        return NULL;
    (*l)->limit = limit != 0 ? limit : default_limit;
    p[0] = patterns;
    p[n - 1] = request_num(r, (long long)(*l)->limit + 1);
    return p;
}

int list_rows(const struct list *l, PGresult *res, protobuf_c_boolean *cut)
{
    int n = PQntuples(res);
    *cut = (unsigned)n > l->limit;
    return *cut ? (int)l->limit : n;
}
