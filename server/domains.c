/* domains.c -- every domain the server runs: the one list the core's call table and event
 * thread are built from (core/domain.h). A new domain is one line here. */
#include "server/domains.h"

#include <stddef.h>

const struct domain *const server_domains[] = {
    &approval_domain,
    NULL,
};
