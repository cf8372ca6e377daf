/* demo_allowance_rates.c -- the allowance_rates step (0176_allowance_rates.sql;
 * docs/allowances.md "The rates"), as of the demo's today, by the call's own function
 * (zc_allowance_rate_set) as the offices' accounts:
 *
 * - the first county of the subtree with a county office account publishes its own rate for the
 *   county-level units' cadres placed in it, from the current month (70 元 a day, 450 元 a
 *   month): every scale has a county with its own rate;
 * - the province office publishes a new province-wide rate for the city-level units from next
 *   month (85 元 a day, 600 元 a month).
 *
 * Neither touches a statement already computed: the statements step's months have ended.
 * Run after "allowances" and before "attach". */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"

/* The grant's account publishes (its user, name); the month's first day. */
#define THIS_MONTH "date_trunc('month', zc_today())::date"

static const char county_fmt[] =
    "SELECT count(zc_allowance_rate_set(g.user_id, NULL, false,"
    "  ARRAY[zc_scope_pattern(g.scope_code)], 'county', g.scope_code, 7000, 45000, " THIS_MONTH
    ", '本县县直单位选派干部：生活补助每天70元，交通补助每月450元', u.username, 'demo'))"
    " FROM (SELECT g.user_id, g.scope_code FROM role_grants g"
    "  JOIN org_units o ON o.code = g.scope_code"
    "  WHERE g.role = 'county_office' AND o.level = 3 AND g.scope_code LIKE '%1$s%%'"
    "  ORDER BY g.scope_code, g.user_id LIMIT 1) g JOIN users u ON u.id = g.user_id";

static const char province_fmt[] =
    "SELECT count(zc_allowance_rate_set(g.user_id, NULL, true, '{}', 'city', '', 8500, 60000,"
    "  (" THIS_MONTH " + interval '1 month')::date,"
    "  '市直单位选派：生活补助每天85元，交通补助每月600元', u.username, 'demo'))"
    " FROM (SELECT g.user_id FROM role_grants g WHERE g.role = 'province_office'"
    "  ORDER BY g.user_id LIMIT 1) g JOIN users u ON u.id = g.user_id";

int demo_exec_parts(struct demo *d, const char *step, const struct demo_part *parts, size_t n)
{
    int len = d->scale == DEMO_SCALE_COUNTY ? 6 : d->scale == DEMO_SCALE_CITY ? 4 : 2;
    char prefix[13];
    snprintf(prefix, sizeof(prefix), "%.*s", len, d->scope_code);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *sql = xasprintf(parts[i].fmt, prefix);
        rc = demo_exec_counted(d, step, NULL, parts[i].what, sql);
        free(sql);
    }
    return rc;
}

int demo_step_allowance_rates(struct demo *d)
{
    static const struct demo_part parts[] = {
        {county_fmt, "county rates published"},
        {province_fmt, "province rates published"},
    };
    return demo_exec_parts(d, "allowance_rates", parts, ARRAY_SIZE(parts));
}
