/* attach/store.h -- the statements of the attachment calls (defined, and so registered, in
 * store.c; the functions in 0071_attachments.sql). */
#ifndef ZHUCUN_ATTACH_STORE_H
#define ZHUCUN_ATTACH_STORE_H

#include "server/core/db.h"

extern const struct db_statement store_attach_begin;
extern const struct db_statement store_attach_chunk;
extern const struct db_statement store_attach_upload;
extern const struct db_statement store_attach_drop;
extern const struct db_statement store_attach_finish;
extern const struct db_statement store_attach_link;
extern const struct db_statement store_attach_record;
extern const struct db_statement store_attach_list;
extern const struct db_statement store_attach_head;
extern const struct db_statement store_attach_part;
extern const struct db_statement store_attach_thumb_part;

#endif
