/* handlers.h -- the request handlers, one file per domain (handlers_<domain>.c). */
#ifndef ZHUCUN_HANDLERS_H
#define ZHUCUN_HANDLERS_H

#include "server/dispatch.h"

/* handlers_auth.c */
void handle_hello(struct request *r);
void handle_ping(struct request *r);
void handle_login(struct request *r);
void handle_logout(struct request *r);
void handle_whoami(struct request *r);
void handle_change_password(struct request *r);

/* handlers_org.c */
void handle_org_show(struct request *r);
void handle_org_children(struct request *r);
void handle_org_search(struct request *r);
void handle_org_create(struct request *r);
void handle_org_update(struct request *r);
void handle_org_import(struct request *r);

#endif
