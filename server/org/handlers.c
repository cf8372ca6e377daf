/* org/handlers.c -- the organisation tree: show, children, search, create, update, import. */
#include "server/domains.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csvtable.h"
#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/core/access.h"
#include "server/core/dispatch.h"
#include "server/core/pgarray.h"
#include "server/core/worker.h"
#include "server/org/store.h"
#include "server/roles.h"

#define CHILDREN_DEFAULT  500
#define CHILDREN_MAX      5000
#define SEARCH_DEFAULT    50
#define SEARCH_MAX        500
#define IMPORT_MAX_ROWS   50000
#define IMPORT_MAX_ERRORS 100

#define MSG_NOT_FOUND "区划代码不存在或不在您的管辖范围内"

/* ---- shared ---- */

/* Checks a code's shape; on failure ends the request and returns -1, else its level. */
static int check_code(struct request *r, const char *code, const char *field)
{
    int level = rules_code_level(code);
    char parent[ORG_CODE_LEN + 1];
    if (level < 0 || (level > ORG_PROVINCE && rules_code_parent(code, parent) < 0)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "区划代码应为 12 位数字的统计用区划代码：%.40s", code),
                     field);
        return -1;
    }
    return level;
}

static Zhucun__OrgUnit *unit_from_row(struct request *r, PGresult *res, int i)
{
    Zhucun__OrgUnit *u = arena_alloc(r->arena, sizeof(*u));
    if (u == NULL)
        return NULL;
    zhucun__org_unit__init(u);
    u->code = PQgetvalue(res, i, 0);
    u->name = PQgetvalue(res, i, 1);
    u->level = (uint32_t)atoi(PQgetvalue(res, i, 2));
    u->parent_code = PQgetvalue(res, i, 3);
    u->has_location = !PQgetisnull(res, i, 4);
    if (u->has_location) {
        u->lat = strtod(PQgetvalue(res, i, 4), NULL);
        u->lon = strtod(PQgetvalue(res, i, 5), NULL);
    }
    u->geofence_m = (uint32_t)atoi(PQgetvalue(res, i, 6));
    struct pgarray_values tags = {0};
    int ok = pgarray_read(PQgetvalue(res, i, 7), &tags) == 0;
    u->tags = ok ? arena_alloc(r->arena, (tags.n + 1) * sizeof(char *)) : NULL;
    for (size_t k = 0; u->tags != NULL && k < tags.n; k++) {
        u->tags[k] = tags.v[k] != NULL ? arena_strdup(r->arena, tags.v[k]) : NULL;
        if (u->tags[k] == NULL)
            u->tags = NULL; /* a tag is never NULL (org_units.tags) */
    }
    u->n_tags = u->tags != NULL ? tags.n : 0;
    pgarray_values_free(&tags);
    if (u->tags == NULL)
        return NULL;
    u->child_count = (uint32_t)atoi(PQgetvalue(res, i, 8));
    return u;
}

/* Replies with the rows of res as an OrgList (limit rows at most; one more means truncated). */
static void reply_list(struct request *r, PGresult *res, unsigned limit)
{
    int n = PQntuples(res);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    Zhucun__OrgList list = ZHUCUN__ORG_LIST__INIT;
    list.truncated = (unsigned)n > limit;
    if (list.truncated)
        n = (int)limit;
    list.units = arena_alloc(r->arena, ((size_t)n + 1) * sizeof(*list.units));
    if (list.units == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
        return;
    }
    for (int i = 0; i < n; i++) {
        list.units[i] = unit_from_row(r, res, i);
        if (list.units[i] == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "结果过多，请缩小范围", NULL);
            return;
        }
    }
    list.n_units = (size_t)n;
    reply.body_case = ZHUCUN__REPLY__BODY_ORG_LIST;
    reply.org_list = &list;
    request_reply(r, &reply);
}

static const char *actor_id(struct request *r)
{
    return request_num(r, r->session.user_id);
}

/* ---- OrgShow ---- */

static void on_show(struct request *r, PGresult *res, void *arg)
{
    if (PQntuples(res) != 1) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, MSG_NOT_FOUND, "code");
        return;
    }
    Zhucun__OrgUnit *u = unit_from_row(r, res, 0);
    if (u == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ORG_UNIT;
    reply.org_unit = u;
    request_reply(r, &reply);
}

static void handle_org_show(struct request *r)
{
    const char *code = r->msg->org_show->code;
    if (check_code(r, code, "code") < 0)
        return;
    if (!access_covers(&r->session, r->call->roles, code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, MSG_NOT_FOUND, "code");
        return;
    }
    const char **p = request_params(r, 1);
    if (p == NULL)
        return;
    p[0] = code;
    request_query(r, &store_org_show, p, on_show, NULL);
}

/* ---- OrgChildren ---- */

struct listing {
    struct request *r;
    unsigned limit;
    const char *p[3];
};

static void on_list(struct request *r, PGresult *res, void *arg)
{
    struct listing *l = arg;
    reply_list(r, res, l->limit);
}

static unsigned clamp_limit(unsigned asked, unsigned def, unsigned max)
{
    return asked == 0 ? def : asked > max ? max : asked;
}

static void handle_org_children(struct request *r)
{
    const Zhucun__OrgChildren *in = r->msg->org_children;
    if (check_code(r, in->code, "code") < 0)
        return;
    if (!access_covers(&r->session, r->call->roles, in->code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, MSG_NOT_FOUND, "code");
        return;
    }
    struct listing *l = request_alloc(r, sizeof(*l));
    if (l == NULL)
        return;
    l->r = r;
    l->limit = clamp_limit(in->limit, CHILDREN_DEFAULT, CHILDREN_MAX);
    l->p[0] = in->code;
    l->p[1] = in->after;
    l->p[2] = request_printf(r, "%u", l->limit + 1);
    request_query(r, &store_org_children, l->p, on_list, l);
}

/* ---- OrgSearch ---- */

static void handle_org_search(struct request *r)
{
    const Zhucun__OrgSearch *in = r->msg->org_search;
    long chars = rules_utf8_chars(in->query);
    if (chars < 1 || chars > ORG_SEARCH_QUERY_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "请输入 1 到 60 个字的名称关键词", "query");
        return;
    }
    struct listing *l = arena_alloc(r->arena, sizeof(*l));
    char *like = arena_alloc(r->arena, 2 * strlen(in->query) + 1);
    if (l == NULL || like == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    /* The keyword is text, not a pattern: escape LIKE's wildcards. */
    char *o = like;
    for (const char *q = in->query; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            *o++ = '\\';
        *o++ = *q;
    }
    *o = '\0';
    l->r = r;
    l->limit = clamp_limit(in->limit, SEARCH_DEFAULT, SEARCH_MAX);
    l->p[0] = like;
    if (in->under[0] != '\0') {
        int level = check_code(r, in->under, "under");
        if (level < 0)
            return;
        if (!access_covers(&r->session, r->call->roles, in->under)) {
            request_fail(r, ZHUCUN__CODE__NOT_FOUND, MSG_NOT_FOUND, "under");
            return;
        }
        l->p[1] = request_printf(r, "{%.*s%%}", rules_code_prefix_len(level), in->under);
    } else {
        l->p[1] = access_prefix_patterns(r, r->call->roles);
    }
    l->p[2] = request_printf(r, "%u", l->limit + 1);
    request_query(r, &store_org_search, l->p, on_list, l);
}

/* ---- OrgCreate / OrgUpdate ---- */

/* Checks the village-only attributes; returns 0 or ends the request. */
static int check_village_fields(struct request *r, int level, int set_location, double lat,
                                double lon, unsigned geofence, char **tags, size_t ntags)
{
    const char *problem;
    if (level != ORG_VILLAGE && (set_location || geofence != 0 || ntags > 0)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "只有行政村有打卡坐标、打卡范围和示范标签",
                     set_location ? "lat" : "tags");
        return -1;
    }
    if (set_location && (problem = rules_location_problem(lat, lon)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "lat");
        return -1;
    }
    if (geofence != 0 && (problem = rules_geofence_problem(geofence)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "geofence_m");
        return -1;
    }
    if (ntags > ORG_TAGS_MAX) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "示范标签过多", "tags");
        return -1;
    }
    for (size_t i = 0; i < ntags; i++) {
        if ((problem = rules_org_tag_problem(tags[i])) != NULL) {
            request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "tags");
            return -1;
        }
    }
    return 0;
}

static const char *tags_param(struct request *r, char **tags, size_t n)
{
    struct pgarray a;
    pgarray_init(&a);
    for (size_t i = 0; i < n; i++)
        pgarray_add_text(&a, tags[i]);
    return pgarray_finish(&a, r);
}

static void handle_org_create(struct request *r)
{
    const Zhucun__OrgUnit *u = r->msg->org_create->unit;
    if (u == NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "缺少要建立的单位", "unit");
        return;
    }
    int level = check_code(r, u->code, "code");
    if (level < 0)
        return;
    const char *problem = rules_org_name_problem(u->name);
    if (problem != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "name");
        return;
    }
    if (level == ORG_PROVINCE || (u->level != 0 && (int)u->level != level)) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT,
                     request_printf(r, "区划代码 %s 是%s级代码，与所填层级不符", u->code,
                                    rules_level_name(level)),
                     "level");
        return;
    }
    if (check_village_fields(r, level, u->has_location, u->lat, u->lon, u->geofence_m, u->tags,
                             u->n_tags) != 0)
        return;
    if (!access_covers_below(&r->session, r->call->roles, u->code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, "上级单位不存在或不在您的管辖范围内", "code");
        return;
    }
    const char **p = request_params(r, 13);
    if (p == NULL)
        return;
    char parent[ORG_CODE_LEN + 1];
    rules_code_parent(u->code, parent);
    p[0] = u->code;
    p[1] = u->name;
    p[2] = request_printf(r, "%d", level);
    p[3] = request_printf(r, "%s", parent);
    p[4] = u->has_location ? request_printf(r, "%.7f", u->lat) : NULL;
    p[5] = u->has_location ? request_printf(r, "%.7f", u->lon) : NULL;
    p[6] = u->geofence_m ? request_printf(r, "%u", u->geofence_m) : NULL;
    p[7] = tags_param(r, u->tags, u->n_tags);
    p[8] = actor_id(r);
    p[9] = r->session.username;
    p[10] = r->peer;
    p[11] = r->msg->idempotency_key;
    p[12] = request_key_hash(r);
    request_query(r, &store_org_create, p, request_stored_cb, NULL);
}

static void handle_org_update(struct request *r)
{
    const Zhucun__OrgUpdate *in = r->msg->org_update;
    int level = check_code(r, in->code, "code");
    if (level < 0)
        return;
    const char *problem;
    if (in->name[0] != '\0' && (problem = rules_org_name_problem(in->name)) != NULL) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, problem, "name");
        return;
    }
    if (check_village_fields(r, level, in->set_location, in->lat, in->lon, in->geofence_m, in->tags,
                             in->n_tags) != 0)
        return;
    if (in->set_tags && level != ORG_VILLAGE) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "只有行政村有示范标签", "tags");
        return;
    }
    if (in->name[0] == '\0' && !in->set_location && in->geofence_m == 0 && !in->set_tags) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "没有要修改的内容", NULL);
        return;
    }
    if (!access_covers_below(&r->session, r->call->roles, in->code)) {
        request_fail(r, ZHUCUN__CODE__NOT_FOUND, MSG_NOT_FOUND, "code");
        return;
    }
    const char **p = request_params(r, 12);
    if (p == NULL)
        return;
    p[0] = in->code;
    p[1] = in->name[0] != '\0' ? in->name : NULL;
    p[2] = in->set_location ? "true" : "false";
    p[3] = in->set_location ? request_printf(r, "%.7f", in->lat) : NULL;
    p[4] = in->set_location ? request_printf(r, "%.7f", in->lon) : NULL;
    p[5] = in->geofence_m ? request_printf(r, "%u", in->geofence_m) : NULL;
    p[6] = in->set_tags ? tags_param(r, in->tags, in->n_tags) : NULL;
    p[7] = actor_id(r);
    p[8] = r->session.username;
    p[9] = r->peer;
    p[10] = r->msg->idempotency_key;
    p[11] = request_key_hash(r);
    request_query(r, &store_org_update, p, request_stored_cb, NULL);
}

/* ---- OrgImport ---- */

struct import {
    struct request *r;
    Zhucun__FieldError **errors;
    size_t nerrors;
    size_t nscope;    /* of which: rows outside the caller's scope */
    int other_errors; /* a row was bad for another reason (listed or not) */
    size_t nrows;
    const char *p[11];
};

static void add_error(struct import *im, int line, const char *message)
{
    struct request *r = im->r;
    if (im->nerrors >= IMPORT_MAX_ERRORS)
        return;
    Zhucun__FieldError *fe = arena_alloc(r->arena, sizeof(*fe));
    if (fe == NULL)
        return;
    zhucun__field_error__init(fe);
    fe->field = (char *)request_printf(r, "line %d", line);
    fe->message = (char *)request_printf(r, "第 %d 行：%s", line, message);
    im->errors[im->nerrors++] = fe;
}

static void fail_import(struct import *im)
{
    /* Rows outside the caller's scope are "not found" like everything out of scope; any
     * other error makes the file invalid. */
    Zhucun__Code code = im->other_errors ? ZHUCUN__CODE__INVALID_ARGUMENT : ZHUCUN__CODE__NOT_FOUND;
    request_fail_fields(
        im->r, code,
        request_printf(im->r, "导入文件有 %zu 处错误%s，未导入任何记录", im->nerrors,
                       im->nerrors >= IMPORT_MAX_ERRORS ? "（只列出前 100 处）" : ""),
        im->errors, im->nerrors);
}

/* The answer to OrgImport, first or retried: the stored result is "created=N unchanged=M". */
static void replay_org_import(struct request *r, const struct stored_result *sr)
{
    if (sr->n != 2) {
        request_fail(r, ZHUCUN__CODE__INTERNAL, "无法读取导入结果", NULL);
        return;
    }
    Zhucun__OrgImportReply ir = ZHUCUN__ORG_IMPORT_REPLY__INIT;
    ir.created = (uint32_t)strtoul(sr->f[0], NULL, 10);
    ir.unchanged = (uint32_t)strtoul(sr->f[1], NULL, 10);
    Zhucun__Reply reply = ZHUCUN__REPLY__INIT;
    reply.body_case = ZHUCUN__REPLY__BODY_ORG_IMPORT;
    reply.org_import = &ir;
    request_reply(r, &reply);
}

static void on_import(struct request *r, PGresult *res, void *arg)
{
    struct import *im = arg;
    int n = PQntuples(res);
    if (n == 1 && atoi(PQgetvalue(res, 0, 0)) == 0) {
        request_reply_stored(r, PQgetvalue(res, 0, 1)); /* (0, the stored result) */
        return;
    }
    for (int i = 0; i < n; i++)
        add_error(im, atoi(PQgetvalue(res, i, 0)), PQgetvalue(res, i, 1));
    im->other_errors = 1; /* what the database finds (parents, repeats) is not about scope */
    fail_import(im);
}

/* Checks one row; adds its errors; returns 0 when it is good. */
static int check_row(struct import *im, const struct csv_row *row, int *level, double *lat,
                     double *lon)
{
    struct request *r = im->r;
    int bad = 0;
#define ROW_ERROR(msg)                                                                             \
    do {                                                                                           \
        add_error(im, row->line, (msg));                                                           \
        bad = 1;                                                                                   \
    } while (0)
    if (row->nfields != 3 && row->nfields != 5) {
        ROW_ERROR("应有 3 列（代码,名称,层级）或 5 列（再加纬度,经度）");
        im->other_errors = 1;
        return -1;
    }
    const char *code = row->fields[0];
    char parent[ORG_CODE_LEN + 1];
    int shape = rules_code_level(code);
    if (shape < 0 || shape == ORG_PROVINCE || rules_code_parent(code, parent) < 0)
        ROW_ERROR("区划代码应为 12 位数字的市、县、乡镇或村代码");
    const char *problem = rules_org_name_problem(row->fields[1]);
    if (problem != NULL)
        ROW_ERROR(problem);
    *level = rules_level_parse(row->fields[2]);
    if (*level < 0)
        ROW_ERROR("层级应为 city、county、township 或 village");
    else if (shape > 0 && *level != shape)
        ROW_ERROR(request_printf(r, "代码 %s 是%s级，层级却填为 %s", code, rules_level_name(shape),
                                 row->fields[2]));
    *lat = *lon = NAN;
    if (row->nfields == 5 && (row->fields[3][0] != '\0' || row->fields[4][0] != '\0')) {
        char *e1, *e2;
        *lat = strtod(row->fields[3], &e1);
        *lon = strtod(row->fields[4], &e2);
        if (*e1 != '\0' || *e2 != '\0' || row->fields[3][0] == '\0' || row->fields[4][0] == '\0')
            ROW_ERROR("纬度和经度应为数字，且须同时填写");
        else if ((problem = rules_location_problem(*lat, *lon)) != NULL)
            ROW_ERROR(problem);
        else if (*level != ORG_VILLAGE)
            ROW_ERROR("只有行政村可以填写坐标");
    }
    if (bad) {
        im->other_errors = 1;
        return -1;
    }
#undef ROW_ERROR
    if (!access_covers_below(&r->session, r->call->roles, code)) {
        add_error(im, row->line, "上级单位不存在或不在您的管辖范围内");
        im->nscope++;
        return -1;
    }
    return 0;
}

/* OrgImport: a CSV of codes, names, levels and (villages) coordinates. Each row is checked
 * here and its problems listed by line (at most IMPORT_MAX_ERRORS); rows out of scope answer
 * NOT_FOUND unless a row is bad for another reason. A good file goes as arrays, one per
 * column, to zc_org_import, which checks parents and repeats against the tree and answers its
 * problems as rows: all or nothing. */
static void handle_org_import(struct request *r)
{
    const char *text = r->msg->org_import->csv;
    struct import *im = request_alloc(r, sizeof(*im));
    if (im == NULL)
        return;
    im->r = r;
    im->errors = arena_alloc(r->arena, IMPORT_MAX_ERRORS * sizeof(*im->errors));
    struct csv_table t;
    char err[256];
    if (im->errors == NULL) {
        request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "请求过大", NULL);
        return;
    }
    if (csvtable_parse(text, strlen(text), IMPORT_MAX_ROWS + 1, 5, &t, err, sizeof(err)) != 0) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, request_printf(r, "%s", err), "csv");
        return;
    }
    size_t first = t.nrows > 0 && strcmp(t.rows[0].fields[0], "code") == 0 ? 1 : 0;
    if (t.nrows - first == 0) {
        csvtable_free(&t);
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "导入文件没有数据行", "csv");
        return;
    }
    struct pgarray lines, codes, names, levels, lats, lons;
    pgarray_init(&lines);
    pgarray_init(&codes);
    pgarray_init(&names);
    pgarray_init(&levels);
    pgarray_init(&lats);
    pgarray_init(&lons);
    for (size_t i = first; i < t.nrows; i++) {
        const struct csv_row *row = &t.rows[i];
        int level;
        double lat, lon;
        if (check_row(im, row, &level, &lat, &lon) != 0)
            continue;
        char num[32];
        snprintf(num, sizeof(num), "%d", row->line);
        pgarray_add_raw(&lines, num);
        pgarray_add_text(&codes, row->fields[0]);
        pgarray_add_text(&names, row->fields[1]);
        snprintf(num, sizeof(num), "%d", level);
        pgarray_add_raw(&levels, num);
        if (isnan(lat)) {
            pgarray_add_raw(&lats, NULL);
            pgarray_add_raw(&lons, NULL);
        } else {
            snprintf(num, sizeof(num), "%.7f", lat);
            pgarray_add_raw(&lats, num);
            snprintf(num, sizeof(num), "%.7f", lon);
            pgarray_add_raw(&lons, num);
        }
    }
    im->nrows = t.nrows - first;
    csvtable_free(&t);
    im->p[0] = pgarray_finish(&lines, r);
    im->p[1] = pgarray_finish(&codes, r);
    im->p[2] = pgarray_finish(&names, r);
    im->p[3] = pgarray_finish(&levels, r);
    im->p[4] = pgarray_finish(&lats, r);
    im->p[5] = pgarray_finish(&lons, r);
    if (im->nerrors > 0) {
        fail_import(im);
        return;
    }
    if (im->nrows > IMPORT_MAX_ROWS) {
        request_fail(r, ZHUCUN__CODE__INVALID_ARGUMENT, "导入文件行数过多（最多 50000 行）", "csv");
        return;
    }
    for (int i = 0; i < 6; i++) {
        if (im->p[i] == NULL) {
            request_fail(r, ZHUCUN__CODE__RESOURCE_EXHAUSTED, "导入文件过大", "csv");
            return;
        }
    }
    im->p[6] = actor_id(r);
    im->p[7] = r->session.username;
    im->p[8] = r->peer;
    im->p[9] = r->msg->idempotency_key;
    im->p[10] = request_key_hash(r);
    request_query(r, &store_org_import, im->p, on_import, im);
}

/* ---- the calls ---- */

/* What each call needs before its handler runs, and how a retried write is answered. */
static const struct call_def calls[] = {
    {ZHUCUN__REQUEST__BODY_ORG_SHOW, "OrgShow", AUTH_SESSION, ORG_READERS, 0, handle_org_show, NULL,
     0},
    {ZHUCUN__REQUEST__BODY_ORG_CHILDREN, "OrgChildren", AUTH_SESSION, ORG_READERS, 0,
     handle_org_children, NULL, 0},
    {ZHUCUN__REQUEST__BODY_ORG_SEARCH, "OrgSearch", AUTH_SESSION, ORG_READERS, 0, handle_org_search,
     NULL, 0},
    {ZHUCUN__REQUEST__BODY_ORG_CREATE, "OrgCreate", AUTH_SESSION, ORG_WRITERS, 0, handle_org_create,
     request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_ORG_UPDATE, "OrgUpdate", AUTH_SESSION, ORG_WRITERS, 0, handle_org_update,
     request_replay_ok, 1},
    {ZHUCUN__REQUEST__BODY_ORG_IMPORT, "OrgImport", AUTH_SESSION, ORG_WRITERS, 0, handle_org_import,
     replay_org_import, 1},
};

const struct domain org_domain = {
    .name = "org",
    .calls = calls,
    .ncalls = ARRAY_SIZE(calls),
};
