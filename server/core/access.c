/* access.c -- does a session's grant cover a code? */
#include "server/core/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/org.h"

int access_checks_off(void)
{
#ifdef ZHUCUN_TEST_CLOCK
    static int off = -1; /* read once; every thread reads the same value */
    if (off < 0) {
        const char *v = getenv("ZHUCUN_TEST_NO_SCOPE_CHECK");
        off = v != NULL && strcmp(v, "1") == 0;
    }
    return off;
#else
    return 0;
#endif
}

int access_level_over(const struct session *s, unsigned roles, const char *code)
{
    int best = 0;
    for (size_t i = 0; i < s->ngrants; i++) {
        const struct grant *g = &s->grants[i];
        if ((rules_role_bit(g->role) & roles) != 0 && access_checks_off())
            return 1; /* as if every grant were the province's */
        if ((rules_role_bit(g->role) & roles) == 0 || !rules_code_within(code, g->scope_code))
            continue;
        int level = rules_code_level(g->scope_code);
        if (best == 0 || level < best)
            best = level;
    }
    return best;
}

int access_covers(const struct session *s, unsigned roles, const char *code)
{
    return access_level_over(s, roles, code) > 0;
}

int access_covers_below(const struct session *s, unsigned roles, const char *code)
{
    int over = access_level_over(s, roles, code);
    return over > 0 && over < rules_code_level(code);
}

/* Every code: a pattern for each first digit (access_pattern_bounds needs a digit). */
#define EVERY_CODE "{0%,1%,2%,3%,4%,5%,6%,7%,8%,9%}"

/* The patterns of the session's grants with a role in roles (access_prefix_patterns). */
static const char *grant_patterns(struct request *r, unsigned roles)
{
    const struct session *s = &r->session;
    size_t cap = 3 + s->ngrants * (ORG_CODE_LEN + 3);
    char *out = arena_alloc(r->arena, cap);
    if (out == NULL)
        return "{}";
    size_t n = 0;
    out[n++] = '{';
    for (size_t i = 0; i < s->ngrants; i++) {
        const struct grant *g = &s->grants[i];
        int level = rules_code_level(g->scope_code);
        if ((rules_role_bit(g->role) & roles) == 0 || level < 0)
            continue;
        int keep = rules_code_prefix_len(level);
        if (n > 1)
            out[n++] = ',';
        memcpy(out + n, g->scope_code, (size_t)keep);
        n += (size_t)keep;
        out[n++] = '%';
    }
    out[n++] = '}';
    out[n] = '\0';
    return out;
}

const char *access_prefix_patterns(struct request *r, unsigned roles)
{
    if (access_checks_off() && strcmp(grant_patterns(r, roles), "{}") != 0)
        return EVERY_CODE;
    return grant_patterns(r, roles);
}

const char *access_rls_scope(struct request *r)
{
    unsigned roles = r->call != NULL && r->call->roles != ROLES_ANY ? r->call->roles : ~0u;
    return r->has_session ? grant_patterns(r, roles) : "{}";
}

int access_pattern_bounds(struct request *r, const char *patterns, const char **lo, const char **hi)
{
    /* "{1409%,140105%}": the smallest prefix, and the largest with its last digit raised past
     * '9' (codes are digits, so byte order bounds every code under either). */
    char min[ORG_CODE_LEN + 2] = "", max[ORG_CODE_LEN + 2] = "";
    const char *p = patterns[0] == '{' ? patterns + 1 : patterns;
    while (*p && *p != '}') {
        size_t n = strcspn(p, "%,}");
        if (n == 0 || n > ORG_CODE_LEN) {
            request_fail(r, ZHUCUN__CODE__INTERNAL, "范围计算失败", NULL);
            return -1;
        }
        char prefix[ORG_CODE_LEN + 2];
        memcpy(prefix, p, n);
        prefix[n] = '\0';
        char raised[ORG_CODE_LEN + 2];
        memcpy(raised, prefix, n + 1);
        raised[n - 1]++;
        if (min[0] == '\0' || strcmp(prefix, min) < 0)
            memcpy(min, prefix, n + 1);
        if (max[0] == '\0' || strcmp(raised, max) > 0)
            memcpy(max, raised, n + 1);
        p += n;
        p += strspn(p, "%,");
    }
    *lo = request_printf(r, "%s", min);
    *hi = request_printf(r, "%s", max);
    return 0;
}

const char *access_unit_ids(struct request *r)
{
    const struct session *s = &r->session;
    size_t cap = 3 + s->ngrants * 21;
    char *out = arena_alloc(r->arena, cap);
    if (out == NULL)
        return "{}";
    size_t n = 0;
    out[n++] = '{';
    for (size_t i = 0; i < s->ngrants; i++) {
        if (s->grants[i].unit_id == 0 || strcmp(s->grants[i].role, "unit_admin") != 0)
            continue;
        n += (size_t)snprintf(out + n, cap - n, "%s%lld", n > 1 ? "," : "",
                              (long long)s->grants[i].unit_id);
    }
    out[n++] = '}';
    out[n] = '\0';
    return out;
}

static const char *org_patterns(struct request *r, unsigned roles, const char *code)
{
    if (code[0] == '\0')
        return access_prefix_patterns(r, roles);
    if (!access_covers(&r->session, roles, code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "区划代码不存在或不在您的管辖范围内", "org_code");
        return NULL;
    }
    return request_printf(r, "{%.*s%%}", rules_code_prefix_len(rules_code_level(code)), code);
}

const char *access_org_patterns(struct request *r, const char *code)
{
    return org_patterns(r, r->call->roles, code);
}

const char *access_place_patterns(struct request *r, const char *code)
{
    return org_patterns(r, r->call->roles & ~ROLE_UNIT_ADMIN, code);
}

const char *access_roles_patterns(struct request *r, unsigned roles, const char *code)
{
    return org_patterns(r, r->call->roles & roles, code);
}
