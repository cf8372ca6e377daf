/* zc_checks.h -- the argument checks of the typed calls: what the server refuses before it
 * looks at the database, with the server's code, message and field. Internal to the library
 * (users call zc_check in zc_calls.h). */
#ifndef ZHUCUN_ZC_CHECKS_H
#define ZHUCUN_ZC_CHECKS_H

#include "zhucun_client.h"

/* 0 when req may be sent; else -1 with err INVALID_ARGUMENT, the server's message and the
 * field at fault. First the ids the server requires before any handler runs (call_def.ids in
 * server/dispatch.c), then the call's own checks in the order its handler makes them; checks
 * that need the session, the caller's scope, the server's configuration or the database are
 * left to the server. */
int zc__check_request(const Zhucun__Request *req, struct zc_error *err);

#endif
