/* demo_accounts.c -- the accounts step: a user for every role, all with the one demo
 * password: the offices of each level, township party committees, a unit_admin per
 * dispatching unit, an inspector and an exporter, and a team_captain or cadre account for
 * every serving team member, linked to their person record. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"

/* One block's users (see DEMO_ID_BLOCK): they are numbered in the order they are added. */
struct block_gen {
    struct demo *d;
    int block; /* the org whose block the ids are in */
    long n;
};

static struct demo_user *add_user(struct block_gen *b, const char *role, int scope)
{
    struct demo_user *u = DEMO_PUSH(b->d, users);
    u->id = demo_id(b->d, b->block, ++b->n);
    u->role = role;
    u->scope = scope;
    u->unit = -1;
    u->person = -1;
    return u;
}

static void add_unit_admins(struct block_gen *b, int org)
{
    struct demo *d = b->d;
    const struct demo_org *o = &d->orgs[org];
    for (int i = o->unit_first; i < o->unit_first + o->unit_count; i++) {
        struct demo_user *u = add_user(b, "unit_admin", org);
        u->unit = i;
        snprintf(u->username, sizeof(u->username), "demo-unit-%lld", (long long)d->units[i].id);
        snprintf(u->display_name, sizeof(u->display_name), "演示%s管理员", d->units[i].name);
    }
}

static void add_county(struct demo *d, int county)
{
    struct block_gen b = {d, county, 0};
    const struct demo_org *o = &d->orgs[county];
    struct demo_user *u = add_user(&b, "county_office", county);
    snprintf(u->username, sizeof(u->username), "demo-xian-%.6s", o->code);
    snprintf(u->display_name, sizeof(u->display_name), "演示%s驻村办", o->name);
    u = add_user(&b, "county_captain", county);
    snprintf(u->username, sizeof(u->username), "demo-dadui-%.6s", o->code);
    snprintf(u->display_name, sizeof(u->display_name), "演示%s驻县大队长", o->name);
    for (size_t i = (size_t)county + 1; i < o->end; i++) {
        const struct demo_org *t = &d->orgs[i];
        if (t->level != ORG_TOWNSHIP)
            continue;
        u = add_user(&b, "township", (int)i);
        snprintf(u->username, sizeof(u->username), "demo-xiang-%.9s", t->code);
        snprintf(u->display_name, sizeof(u->display_name), "演示%s党委", t->name);
    }
    add_unit_admins(&b, county);

    /* Serving members of the county's teams (teams lie in the county's index range). */
    for (size_t i = 0; i < d->nmembers; i++) {
        const struct demo_member *m = &d->members[i];
        int org = d->teams[m->team].org;
        if (m->end != 0 || org <= county || (size_t)org >= o->end)
            continue;
        struct demo_person *p = &d->persons[m->person];
        u = add_user(&b, m->post == DEMO_POST_CAPTAIN ? "team_captain" : "cadre", org);
        u->person = m->person;
        snprintf(u->username, sizeof(u->username), "demo-c-%lld", (long long)p->id);
        snprintf(u->display_name, sizeof(u->display_name), "%s", p->name);
        p->user_id = u->id;
    }
}

static void generate(struct demo *d)
{
    struct block_gen b = {d, 0, 0};
    struct demo_user *u = add_user(&b, "province_office", 0);
    snprintf(u->username, sizeof(u->username), "demo-sheng");
    snprintf(u->display_name, sizeof(u->display_name), "演示省驻村办");
    u = add_user(&b, "inspector", 0);
    snprintf(u->username, sizeof(u->username), "demo-inspector");
    snprintf(u->display_name, sizeof(u->display_name), "演示省驻村办暗访督查组");
    u = add_user(&b, "exporter", 0);
    snprintf(u->username, sizeof(u->username), "demo-exporter");
    snprintf(u->display_name, sizeof(u->display_name), "演示数据导出（批处理）");
    add_unit_admins(&b, 0);

    for (size_t i = 1; i < d->norgs; i++) {
        const struct demo_org *o = &d->orgs[i];
        if (o->level == ORG_CITY) {
            struct block_gen cb = {d, (int)i, 0};
            u = add_user(&cb, "city_office", (int)i);
            snprintf(u->username, sizeof(u->username), "demo-shi-%.4s", o->code);
            snprintf(u->display_name, sizeof(u->display_name), "演示%s驻村办", o->name);
            add_unit_admins(&cb, (int)i);
        } else if (o->level == ORG_COUNTY) {
            add_county(d, (int)i);
        }
    }
}

/* persons.user_id refers to users, which did not exist when the teams step copied the
 * persons: link them now, in one statement, by the username made from the person's id. */
static int link_persons(struct demo *d)
{
    long want = 0;
    for (size_t i = 0; i < d->npersons; i++)
        want += d->persons[i].user_id != 0;
    PGresult *res = PQexec(d->pg, "UPDATE persons p SET user_id = u.id FROM users u"
                                  " WHERE u.username = 'demo-c-' || p.id AND p.user_id IS NULL");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "zhucun-server: demo: linking persons to users failed: %s",
                PQresultErrorMessage(res));
    else if (strtol(PQcmdTuples(res), NULL, 10) != want) {
        fprintf(stderr, "zhucun-server: demo: linked %s persons to users, expected %ld\n",
                PQcmdTuples(res), want);
        ok = 0;
    }
    PQclear(res);
    return ok ? 0 : -1;
}

int demo_step_accounts(struct demo *d)
{
    generate(d);
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "users", "id, username, display_name, password_phc") != 0)
        return -1;
    for (size_t i = 0; i < d->nusers; i++) {
        const struct demo_user *u = &d->users[i];
        demo_copy_int(&c, u->id);
        demo_copy_text(&c, u->username);
        demo_copy_text(&c, u->display_name);
        demo_copy_text(&c, d->phc);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 1) != 0)
        return -1;

    if (demo_copy_begin(&c, d->pg, "role_grants", "user_id, role, scope_code, unit_id") != 0)
        return -1;
    for (size_t i = 0; i < d->nusers; i++) {
        const struct demo_user *u = &d->users[i];
        demo_copy_int(&c, u->id);
        demo_copy_text(&c, u->role);
        demo_copy_text(&c, d->orgs[u->scope].code);
        demo_copy_ref(&c, u->unit >= 0 ? d->units[u->unit].id : 0);
        demo_copy_row(&c);
    }
    if (demo_copy_done(d, &c, 0) != 0)
        return -1;
    return link_persons(d);
}
