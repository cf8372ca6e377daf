/* domains.h -- the domains of the server, each defined in its folder (server/<domain>/) and
 * listed in domains.c; the core reaches them only through server_domains (core/domain.h). */
#ifndef ZHUCUN_DOMAINS_H
#define ZHUCUN_DOMAINS_H

#include "server/core/domain.h"

extern const struct domain approval_domain;

#endif
