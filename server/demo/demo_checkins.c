/* demo_checkins.c -- the checkins step: every serving cadre's check-ins of the previous ISO week
 * and the current one up to the demo's today (the clock's; the morning only), so that the
 * attendance week and the weekly report have something to show.
 *
 * Most cadres are diligent (a check-in on most mornings and most evenings, some of the night
 * ones after midnight) and meet five days and four nights; about one in six is not. A few
 * check-ins are flagged: taken a few kilometres outside the village, with poor accuracy, a mock
 * location, or a device clock far off. The flags are computed by the same rules as the server's
 * (common/rules/checkin.c), each against the cadre's previous check-in. A few were made
 * offline and sent later (issue 24; docs/attendance-rules.md, "Late check-ins"): stored at the
 * device's time with the receipt and the delay, flagged late past the province's 24 hours;
 * none is received after now. A township team's
 * cadre checks in at one of the township's villages each day. The rows are streamed into
 * COPY with the table's foreign keys dropped and made again after. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/rules/attendance.h"
#include "common/rules/checkin.h"
#include "common/rules/date.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/admin.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

#define DILIGENT_SHARE    0.83 /* cadres who mostly check in twice a day */
#define DILIGENT_DAY      0.92 /* chance of a morning check-in, diligent */
#define DILIGENT_NIGHT    0.82 /* chance of an evening one */
#define LAX_DAY           0.55
#define LAX_NIGHT         0.40
#define AFTERNOON_SHARE   0.25 /* days with a second check-in in the afternoon */
#define AFTER_MIDNIGHT    0.15 /* night check-ins taken between 00:05 and 01:30 */
#define OUTSIDE_SHARE     0.02 /* check-ins taken a few kilometres away */
#define POOR_ACCURACY     0.01
#define MOCK_SHARE        0.002
#define SKEW_SHARE        0.003
#define OFFLINE_SHARE     0.01        /* made offline and sent later ... */
#define OFFLINE_DELAY_MIN 1800        /* ... from half an hour */
#define OFFLINE_DELAY_MAX (40 * 3600) /* to 40 hours later (past 24: late) */
#define NEAR_DEG          0.002       /* about 220 m: where a cadre checks in around the centre */
#define FAR_DEG           0.03        /* about 3 km: outside any demo fence */
#define SHANGHAI_OFFSET_S (8 * 3600LL)

struct gen {
    struct demo *d;
    struct demo_copy *c;
    long *team_n;  /* check-ins so far per team, for the ids */
    long long now; /* the clock's now: no check-in after it */
};

/* The villages of township t (indexes into d->orgs) with a location, into out; how many. */
static size_t township_villages(const struct demo *d, int t, int *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = (size_t)t + 1; i < d->orgs[t].end && n < cap; i++)
        if (d->orgs[i].level == ORG_VILLAGE)
            out[n++] = (int)i;
    return n;
}

/* One check-in at local second `sod` of day `day` near village v; whether it was made offline
 * is drawn from `off`, a stream of its own, so that the other draws are as they were. */
static void emit(struct gen *g, struct demo_rng *r, struct demo_rng *off,
                 const struct demo_member *m, int v, int day, long sod, struct checkin_fix *prev)
{
    struct demo *d = g->d;
    const struct demo_team *t = &d->teams[m->team];
    if (g->team_n[m->team] + 1 >= DEMO_VILLAGE_BLOCK)
        return;
    const struct demo_org *o = &d->orgs[v];
    const struct demo_person *p = &d->persons[m->person];
    struct checkin c = {0};
    c.time = (long long)day * 86400 + sod - SHANGHAI_OFFSET_S;
    int far = demo_rng_chance(r, OUTSIDE_SHARE);
    double span = far ? FAR_DEG : NEAR_DEG;
    c.lat = o->lat + (far ? FAR_DEG : 0) + demo_rng_offset(r, span);
    c.lon = o->lon + demo_rng_offset(r, span);
    c.accuracy_m =
        demo_rng_chance(r, POOR_ACCURACY) ? demo_rng_range(r, 600, 1500) : demo_rng_range(r, 5, 60);
    c.mock = demo_rng_chance(r, MOCK_SHARE);
    c.client_time = c.time + demo_rng_range(r, -20, 20) +
                    (demo_rng_chance(r, SKEW_SHARE) ? demo_rng_range(r, 1200, 3600) : 0);
    if (c.time > g->now)
        return; /* not yet: the demo is loaded as of now, whatever the time of day */
    int offline = demo_rng_chance(off, OFFLINE_SHARE);
    long long delay = demo_rng_range(off, OFFLINE_DELAY_MIN, OFFLINE_DELAY_MAX);
    if (offline && c.time + delay <= g->now) {
        /* Its device time is its time (rules_checkin_delay_s): no skew of its own. */
        c.client_time = c.time;
        c.delay_s = delay;
    }
    struct geofence fence = {o->lat, o->lon, (unsigned)o->geofence_m};
    unsigned flags = rules_checkin_flags(&c, &fence, prev, NULL);
    prev->time = c.time;
    prev->lat = c.lat;
    prev->lon = c.lon;
    prev->has_position = 1;

    const char *names[CHECKIN_NFLAGS];
    size_t nn = 0;
    for (unsigned bit = 0; bit < CHECKIN_NFLAGS; bit++)
        if (flags & (1u << bit))
            names[nn++] = rules_checkin_flag_name(1u << bit);
    char date[11], at[40], ct[40], device[32];
    rules_date_format(day, date);
    snprintf(at, sizeof(at), "%s %02ld:%02ld:%02ld+08", date, sod / 3600, sod / 60 % 60, sod % 60);
    long long local = c.client_time + SHANGHAI_OFFSET_S;
    rules_date_format((int)(local / 86400), date);
    snprintf(ct, sizeof(ct), "%s %02lld:%02lld:%02lld+08", date, local % 86400 / 3600,
             local % 3600 / 60, local % 60);
    snprintf(device, sizeof(device), "demo-%lld", (long long)p->id);
    struct demo_copy *cp = g->c;
    demo_copy_int(cp, demo_village_id(d, t->org, ++g->team_n[m->team]));
    demo_copy_text(cp, at);
    demo_copy_int(cp, p->id);
    demo_copy_int(cp, t->id);
    demo_copy_text(cp, o->code);
    demo_copy_text(cp, ct);
    demo_copy_double(cp, c.lat);
    demo_copy_double(cp, c.lon);
    demo_copy_int(cp, (int64_t)c.accuracy_m);
    demo_copy_text(cp, device);
    demo_copy_bool(cp, c.mock);
    demo_copy_int(cp, flags);
    demo_copy_text_array(cp, names, nn);
    demo_copy_double(cp, rules_distance_m(o->lat, o->lon, c.lat, c.lon));
    demo_copy_ref(cp, p->user_id);
    if (c.delay_s > 0) {
        long long rl = c.time + c.delay_s + SHANGHAI_OFFSET_S;
        char received[40];
        rules_date_format((int)(rl / 86400), date);
        snprintf(received, sizeof(received), "%s %02lld:%02lld:%02lld+08", date, rl % 86400 / 3600,
                 rl % 3600 / 60, rl % 60);
        demo_copy_text(cp, received);
    } else {
        demo_copy_null(cp);
    }
    demo_copy_int(cp, c.delay_s);
    demo_copy_row(cp);
}

/* One serving cadre's check-ins from day `first` to `today` (the morning only). */
static void cadre(struct gen *g, const struct demo_member *m, int first, int today)
{
    struct demo *d = g->d;
    const struct demo_team *t = &d->teams[m->team];
    int villages[64];
    size_t nv = 1;
    villages[0] = t->org;
    if (t->kind == DEMO_TEAM_TOWNSHIP)
        nv = township_villages(d, t->org, villages, 64);
    if (nv == 0)
        return;
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)d->persons[m->person].id);
    struct demo_rng r, off;
    demo_rng_init(&r, d->seed, "checkins", key);
    demo_rng_init(&off, d->seed, "checkins-offline", key);
    int diligent = demo_rng_chance(&r, DILIGENT_SHARE);
    double p_day = diligent ? DILIGENT_DAY : LAX_DAY;
    double p_night = diligent ? DILIGENT_NIGHT : LAX_NIGHT;
    struct checkin_fix prev = {0};
    for (int day = first; day <= today; day++) {
        /* Draw every day's numbers whatever happens, so one day does not shift the next. */
        int v = villages[demo_rng_below(&r, (uint32_t)nv)];
        int morning = demo_rng_chance(&r, p_day);
        int afternoon = demo_rng_chance(&r, AFTERNOON_SHARE);
        int night = demo_rng_chance(&r, p_night);
        int late = demo_rng_chance(&r, AFTER_MIDNIGHT);
        long sod_m = 7 * 3600 + 1800 + demo_rng_range(&r, 0, 9000);   /* 07:30-10:00 */
        long sod_a = 14 * 3600 + demo_rng_range(&r, 0, 12600);        /* 14:00-17:30 */
        long sod_n = 20 * 3600 + 1800 + demo_rng_range(&r, 0, 10800); /* 20:30-23:30 */
        long sod_l = 300 + demo_rng_range(&r, 0, 5100);               /* 00:05-01:30 */
        if (day < m->start)
            continue;
        if (morning)
            emit(g, &r, &off, m, v, day, sod_m, &prev);
        if (day == today)
            break; /* the demo's today is still morning */
        if (afternoon)
            emit(g, &r, &off, m, v, day, sod_a, &prev);
        if (night && !late)
            emit(g, &r, &off, m, v, day, sod_n, &prev);
        else if (night)
            emit(g, &r, &off, m, v, day + 1, sod_l, &prev);
    }
}

int demo_step_checkins(struct demo *d)
{
    int today = d->today;
    int first = rules_week_monday(today) - 7; /* the Monday of the week before */
    struct gen g = {d, NULL, xcalloc(d->nteams + 1, sizeof(long)), (long long)zc_clock_now()};
    struct demo_copy c;
    int rc = -1;
    static const char *const tables[] = {"checkins", NULL};
    PGresult *keys = demo_copy_drop_keys(d->pg, tables);
    if (keys == NULL)
        goto out;
    if (demo_copy_begin(&c, d->pg, "checkins",
                        "id, at, person_id, team_id, village_code, client_time, lat, lon, "
                        "accuracy_m, device_id, mock, flags, flag_names, distance_m, "
                        "recorded_by, received_at, delay_s") != 0)
        goto out;
    g.c = &c;
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        if (m->end == 0)
            cadre(&g, m, first, today);
    }
    if (demo_copy_done(d, &c, 1) != 0)
        goto out;
    rc = demo_copy_restore_keys(d->pg, keys);
out:
    PQclear(keys);
    free(g.team_n);
    return rc;
}
