/* store_visit.c -- SQL for visits and due lists (functions in 0005_visits.sql). */
#include "server/store.h"

const struct db_statement store_visit_create = {
    "visit_create",
    "SELECT zc_visit_create($1::bigint, $2, $3::bigint, $4, $5::text[], $6::date, $7,"
    " $8::bigint[], $9, $10::text[], $11::bigint[], $12::date[], $13::boolean[], $14, $15)",
    15};

/* The household rules in force at some day of [$1, $2]. */
const struct db_statement store_visit_rules = {
    "visit_rules",
    "SELECT id, code, array_to_string(categories, ','), absent, period, min_visits,"
    " array_to_string(modes, ','), effective_from::text, coalesce(effective_to::text, '')"
    " FROM visit_rules WHERE subject = 'household' AND effective_from <= $2::date"
    " AND (effective_to IS NULL OR effective_to >= $1::date) ORDER BY id",
    2};

/* Households within $1 with their state history ('from|category|absent;...') and their
 * visits in [$2, $3] ('date|mode;...'); one more than the cap tells the caller to narrow. */
const struct db_statement store_visit_due_households = {
    "visit_due_households",
    "SELECT h.id, h.head_name, h.village_code,"
    " (SELECT string_agg(s.valid_from::text || '|' || s.category || '|' || s.absent::text, ';'"
    "  ORDER BY s.valid_from) FROM household_states s WHERE s.household_id = h.id),"
    " coalesce((SELECT string_agg(v.visit_date::text || '|' || v.mode, ';') FROM visits v"
    "  WHERE v.household_id = h.id AND v.visit_date BETWEEN $2::date AND $3::date), '')"
    " FROM households h WHERE h.village_code LIKE ANY ($1::text[]) ORDER BY h.id LIMIT 5001",
    3};
