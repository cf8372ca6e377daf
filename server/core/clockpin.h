/* clockpin.h -- the database's clock pin (0015_clock.sql): a database made for tests may pin
 * the clock, and every process that works on it must run on that clock or refuse it. */
#ifndef ZHUCUN_CLOCKPIN_H
#define ZHUCUN_CLOCKPIN_H

#include <libpq-fe.h>

/* Reads the database's clock pin: a build made for tests moves its clock to it; any other
 * build refuses a pinned database. Returns 0 (also when the database has no pin, or predates
 * the pin's migration), -1 with a message on stderr. Blocking: for start-up and the
 * administrative commands. */
int clockpin_adopt(PGconn *pg);

#endif
