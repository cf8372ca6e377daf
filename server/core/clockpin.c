/* clockpin.c -- a test database's clock pin, honoured by a test build and refused by any
 * other (docs/clock.md). */
#include "server/core/clockpin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"

int clockpin_adopt(PGconn *pg)
{
    /* Before migration 0015 there is no pin to honour. */
    PGresult *res = PQexec(pg, "SELECT p.offset_s, to_char(p.pinned_to AT TIME ZONE"
                               " 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') FROM zc_clock_pin p"
                               " WHERE to_regclass('zc_clock_pin') IS NOT NULL");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        int absent = state != NULL && strcmp(state, "42P01") == 0;
        if (!absent)
            fprintf(stderr, "zhucun-server: reading the clock pin failed: %s",
                    PQresultErrorMessage(res));
        PQclear(res);
        return absent ? 0 : -1;
    }
    int rc = 0;
    if (PQntuples(res) == 1) {
        long long offset = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        if (zc_clock_set_offset(offset) != 0) {
            fprintf(stderr,
                    "zhucun-server: this database's clock is pinned to %s (Beijing time): it "
                    "is a test database, and a production build does not run on a pinned "
                    "clock (docs/clock.md). Unpin it as its owner: SELECT "
                    "zc_clock_pin_offset(NULL)\n",
                    PQgetvalue(res, 0, 1));
            rc = -1;
        }
    }
    PQclear(res);
    return rc;
}
