/* stored.h -- the result a keyed write stores, read as fields: one parser for the first answer
 * and for every retry (call_def.replay).
 *
 * A write that takes an idempotency key stores its result in the same transaction
 * (zc_idem_store, 0001_foundation.sql) as {"r": "TEXT"} and returns TEXT; a retry with the
 * same key is answered from the stored TEXT. TEXT is a list of fields separated by '|'
 * ("id|at|flags|distance|village"): write new results so. Results written before this format
 * was fixed separate their fields by ':' or ',' or ' ' ("visit_id:item,item", "leave:approval")
 * or write a field as name=value ("households=3 members=9"); the parser reads those as the
 * same fields, so every stored result reads one way. No field holds any of | : , or space. */
#ifndef ZHUCUN_STORED_H
#define ZHUCUN_STORED_H

#include <stddef.h>

#define STORED_FIELDS_MAX 32   /* VisitCreate: the visit and up to 20 follow-up items */
#define STORED_TEXT_MAX   1024 /* bytes of TEXT */

struct stored_result {
    int present; /* a result was stored under "r" (ChangePassword's holds none) */
    size_t n;
    const char *f[STORED_FIELDS_MAX]; /* n fields, pointing into buf; a field may be "" */
    char buf[STORED_TEXT_MAX];
};

/* Reads text (NULL when nothing was stored under "r") into out. 0, or -1 when it has more
 * fields or bytes than out holds. */
int stored_result_parse(const char *text, struct stored_result *out);

#endif
