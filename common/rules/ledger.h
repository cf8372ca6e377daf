/* ledger.h -- the ten-area ledgers (SPEC L1) and the board (L2): the areas, lists, topics and
 * statuses as policy data, and the checks of the ledger calls, once, for the server's handlers
 * and the clients (docs/ledger.md). 0075_ledger.sql holds the same codes (ledger_areas,
 * ledger_lists, ledger_topics); test_ledger holds the two together. */
#ifndef ZHUCUN_RULES_LEDGER_H
#define ZHUCUN_RULES_LEDGER_H

#include <stddef.h>

#include "ledger.pb-c.h"

#define LEDGER_TEXT_MAX     1000 /* bytes of an item's text (at least one) */
#define LEDGER_NOTE_MAX     1000 /* bytes of a progress note */
#define LEDGER_EVIDENCE_MAX 20   /* files linked by one create or update */
#define LEDGER_SHA256_LEN   32
#define LEDGER_LIST_DEFAULT 200
#define LEDGER_LIST_MAX     2000
/* A deadline at most this many days after today (five years): a ledger is a working list. */
#define LEDGER_DEADLINE_AHEAD_MAX 1827
/* An item made from a gap or a visit's problem with no area chosen. */
#define LEDGER_VISIT_AREA_DEFAULT "monitoring"
#define LEDGER_GAP_AREA           "guarantees"

#define LEDGER_AREAS 10 /* the policy's ten key areas (ledger_n_areas) */

struct ledger_code {
    const char *code, *label;
    const char *area; /* a topic's area; NULL for areas and lists */
};

extern const struct ledger_code ledger_areas[];
extern const size_t ledger_n_areas;
extern const struct ledger_code ledger_lists[];
extern const size_t ledger_n_lists;
extern const struct ledger_code ledger_topics[];
extern const size_t ledger_n_topics;
extern const struct ledger_code ledger_statuses[];
extern const size_t ledger_n_statuses;

/* The label of a code of one of the tables above, NULL when it is not one. */
const char *rules_ledger_label(const struct ledger_code *table, size_t n, const char *code);

/* The checks of each call's body, in order: NULL when it may be sent, else the message and
 * *field the field it concerns. today is a day number (rules_days_from_civil). */
const char *rules_ledger_create_problem(const Zhucun__LedgerItemCreate *in, int today,
                                        const char **field);
const char *rules_ledger_update_problem(const Zhucun__LedgerItemUpdate *in, const char **field);
const char *rules_ledger_list_problem(const Zhucun__LedgerList *in, const char **field);
const char *rules_ledger_from_gaps_problem(const Zhucun__LedgerFromGaps *in, int today,
                                           const char **field);

/* A visit problem's area ("" is the default); NULL when it may be sent. */
const char *rules_ledger_area_problem(const char *area);

/* An item's deadline (YYYY-MM-DD, today to LEDGER_DEADLINE_AHEAD_MAX days on) and its evidence
 * (at most LEDGER_EVIDENCE_MAX SHA-256 hashes): NULL when they may be sent. Also the checks of
 * the items other records become (a look-back's findings, common/rules/lookback.c). */
const char *rules_ledger_deadline_problem(const char *deadline, int today);
const char *rules_ledger_evidence_problem(size_t n, const ProtobufCBinaryData *ev);

#endif
