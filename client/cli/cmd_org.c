/* cmd_org.c -- zhucun org: show, children, tree, search, create, rename, set, import. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "common/rules/org.h"
#include "common/status.h"
#include "common/xmalloc.h"

static const char *level_zh(uint32_t level)
{
    static const char *const names[] = {"", N_("省"), N_("市"), N_("县"), N_("乡镇"), N_("村")};
    return level == 0 ? "" : level <= 5 ? _(names[level]) : "?";
}

static void print_unit_line(const Zhucun__OrgUnit *u, int indent)
{
    printf("%*s%s  %-4s %s", indent * 2, "", u->code, level_zh(u->level), u->name);
    if (u->level < ORG_VILLAGE)
        printf(_("（下级 %u）"), u->child_count);
    if (u->has_location)
        printf("  %.5f,%.5f r=%um", u->lat, u->lon, u->geofence_m);
    for (size_t i = 0; i < u->n_tags; i++)
        printf(" [%s]", u->tags[i]);
    printf("\n");
}

static void print_list(struct cli *cli, const Zhucun__OrgList *l)
{
    if (cli->json) {
        cli_json(&l->base);
        return;
    }
    for (size_t i = 0; i < l->n_units; i++)
        print_unit_line(l->units[i], 0);
    if (l->truncated)
        printf(_("……（结果过多，只列出前 %zu 条）\n"), l->n_units);
    if (l->n_units == 0)
        printf(_("（无）\n"));
}

/* Makes a call whose reply is an OrgList and prints it. */
static int list_call(struct cli *cli, const ProtobufCMessage *body)
{
    Zhucun__Reply *reply;
    int rc = cli_call(cli, body, &reply);
    if (rc != 0)
        return rc;
    print_list(cli, reply->org_list);
    zc_reply_free(reply);
    return 0;
}

static int org_show(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__OrgShow s = ZHUCUN__ORG_SHOW__INIT;
    s.code = argv[0];
    Zhucun__Reply *reply;
    int rc = cli_call(cli, &s.base, &reply);
    if (rc != 0)
        return rc;
    const Zhucun__OrgUnit *u = reply->org_unit;
    if (cli->json) {
        cli_json(&u->base);
    } else {
        printf(_("代码      %s\n名称      %s\n层级      %s\n上级      %s\n下级数    %u\n"), u->code,
               u->name, level_zh(u->level), u->parent_code[0] ? u->parent_code : _("（无）"),
               u->child_count);
        if (u->level == ORG_VILLAGE) {
            if (u->has_location)
                printf(_("坐标      %.7f, %.7f\n"), u->lat, u->lon);
            else
                printf(_("坐标      （未设置）\n"));
            printf(_("打卡范围  %u 米\n示范标签  "), u->geofence_m);
            for (size_t i = 0; i < u->n_tags; i++)
                printf("%s%s", i ? _("、") : "", u->tags[i]);
            printf("%s\n", u->n_tags ? "" : _("（无）"));
        }
    }
    zc_reply_free(reply);
    return 0;
}

/* One page of children of code after `after` on connection c. */
static int children_page(struct zc_client *c, const char *code, const char *after,
                         Zhucun__Reply **out, struct zc_error *err)
{
    Zhucun__OrgChildren ch = ZHUCUN__ORG_CHILDREN__INIT;
    ch.code = (char *)code;
    ch.after = (char *)after;
    ch.limit = 5000;
    return zc_org_children(c, &ch, out, err);
}

static int org_children(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__OrgChildren ch = ZHUCUN__ORG_CHILDREN__INIT;
    ch.code = argv[0];
    ch.limit = 5000;
    return list_call(cli, &ch.base);
}

/* What org tree has walked: with --json, every unit in walk order and the replies that hold
 * them, printed at the end as one OrgList (docs/json.md). */
struct walked {
    Zhucun__OrgUnit **units;
    size_t n_units, cap_units;
    Zhucun__Reply **replies;
    size_t n_replies, cap_replies;
};

static void keep_unit(struct walked *w, Zhucun__OrgUnit *u)
{
    if (w->n_units == w->cap_units) {
        w->cap_units = w->cap_units ? 2 * w->cap_units : 64;
        w->units = xrealloc(w->units, w->cap_units * sizeof(*w->units));
    }
    w->units[w->n_units++] = u;
}

static void keep_reply(struct walked *w, Zhucun__Reply *r)
{
    if (w->n_replies == w->cap_replies) {
        w->cap_replies = w->cap_replies ? 2 * w->cap_replies : 16;
        w->replies = xrealloc(w->replies, w->cap_replies * sizeof(*w->replies));
    }
    w->replies[w->n_replies++] = r;
}

/* Shows u (text) or keeps it (--json), then its children down to depth levels, page by page. */
static int tree_walk(struct cli *cli, struct zc_client *c, Zhucun__OrgUnit *u, int depth,
                     int indent, struct walked *w, struct zc_error *err)
{
    if (cli->json)
        keep_unit(w, u);
    else
        print_unit_line(u, indent);
    if (depth <= 0 || u->child_count == 0)
        return 0;
    const char *after = "";
    char last[ORG_CODE_LEN + 1] = "";
    for (;;) {
        Zhucun__Reply *reply = NULL;
        if (children_page(c, u->code, after, &reply, err) != 0) {
            zc_reply_free(reply);
            return -1;
        }
        /* --json keeps the page: its units are printed at the end */
        if (cli->json)
            keep_reply(w, reply);
        const Zhucun__OrgList *l = reply->org_list;
        int rc = 0;
        for (size_t i = 0; i < l->n_units && rc == 0; i++)
            rc = tree_walk(cli, c, l->units[i], depth - 1, indent + 1, w, err);
        int more = rc == 0 && l->truncated && l->n_units > 0;
        if (more)
            snprintf(last, sizeof(last), "%s", l->units[l->n_units - 1]->code);
        if (!cli->json)
            zc_reply_free(reply);
        if (rc != 0)
            return -1;
        if (!more)
            return 0;
        after = last;
    }
}

static int org_tree(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage(cli);
    struct zc_error err = {0};
    struct zc_client *c;
    if (cli_connect_session(cli, &c, &err, 1) != 0)
        return cli_fail(&err);
    const char *root = argc == 1 ? argv[0] : NULL;
    Zhucun__Reply *who = NULL;
    if (root == NULL) {
        /* Default: the caller's first scope. */
        Zhucun__WhoAmI wa = ZHUCUN__WHO_AM_I__INIT;
        if (zc_whoami(c, &wa, &who, &err) != 0 || who->whoami->n_roles == 0) {
            zc_reply_free(who);
            zc_close(c);
            if (err.message[0] == '\0') {
                err.code = ZHUCUN__CODE__NOT_FOUND;
                snprintf(err.message, sizeof(err.message), _("当前账号没有任何管辖范围"));
            }
            return cli_fail(&err);
        }
        root = who->whoami->roles[0]->scope_code;
    }
    Zhucun__OrgShow s = ZHUCUN__ORG_SHOW__INIT;
    s.code = (char *)root;
    Zhucun__Reply *reply = NULL;
    struct walked w = {0};
    int rc = 0;
    err.message[0] = '\0';
    if (zc_org_show(c, &s, &reply, &err) != 0) {
        rc = cli_fail(&err);
    } else if (tree_walk(cli, c, reply->org_unit, (int)cli->depth, 0, &w, &err) != 0) {
        rc = cli_fail(&err);
    } else if (cli->json) {
        Zhucun__OrgList all = ZHUCUN__ORG_LIST__INIT;
        all.units = w.units;
        all.n_units = w.n_units;
        cli_json(&all.base);
    }
    for (size_t i = 0; i < w.n_replies; i++)
        zc_reply_free(w.replies[i]);
    free(w.replies);
    free(w.units);
    zc_reply_free(reply);
    zc_reply_free(who);
    zc_close(c);
    return rc;
}

static int org_search(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    Zhucun__OrgSearch s = ZHUCUN__ORG_SEARCH__INIT;
    s.query = argv[0];
    s.under = (char *)(cli->under ? cli->under : "");
    s.limit = 200;
    return list_call(cli, &s.base);
}

static int check_location_flags(struct cli *cli)
{
    if (cli->has_lat != cli->has_lon) {
        fprintf(stderr, _("zhucun: --lat 和 --lon 须同时给出\n"));
        return EXIT_USAGE;
    }
    return 0;
}

/* Makes a call that creates or changes code and says so (--json: the reply's body). */
static int done(struct cli *cli, const ProtobufCMessage *body, const char *what, const char *code)
{
    Zhucun__Reply *reply;
    int rc = cli_call(cli, body, &reply);
    if (rc != 0)
        return rc;
    if (cli->json)
        cli_json(cli_reply_body(reply));
    else
        printf(_("%s：%s\n"), strcmp(what, "created") == 0 ? _("已建立") : _("已修改"), code);
    zc_reply_free(reply);
    return 0;
}

static int org_create(struct cli *cli, int argc, char **argv)
{
    if (argc != 2 || check_location_flags(cli) != 0)
        return cli_usage(cli);
    Zhucun__OrgCreate cr = ZHUCUN__ORG_CREATE__INIT;
    Zhucun__OrgUnit u = ZHUCUN__ORG_UNIT__INIT;
    u.code = argv[0];
    u.name = argv[1];
    u.has_location = cli->has_lat;
    u.lat = cli->lat;
    u.lon = cli->lon;
    u.geofence_m = (uint32_t)cli->geofence;
    u.n_tags = (size_t)cli->ntags;
    u.tags = (char **)cli->tags;
    cr.unit = &u;
    return done(cli, &cr.base, "created", argv[0]);
}

static int org_update(struct cli *cli, int argc, char **argv, int rename)
{
    if ((rename && argc != 2) || (!rename && argc != 1) || check_location_flags(cli) != 0)
        return cli_usage(cli);
    Zhucun__OrgUpdate up = ZHUCUN__ORG_UPDATE__INIT;
    up.code = argv[0];
    up.name = rename ? argv[1] : "";
    up.set_location = cli->has_lat;
    up.lat = cli->lat;
    up.lon = cli->lon;
    up.geofence_m = (uint32_t)cli->geofence;
    up.set_tags = cli->set_tags;
    up.n_tags = (size_t)cli->ntags;
    up.tags = (char **)cli->tags;
    return done(cli, &up.base, "updated", argv[0]);
}

static int org_import(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli);
    size_t len;
    int rc;
    char *text = cli_read_import(argv[0], &len, &rc);
    if (text == NULL)
        return rc;
    Zhucun__OrgImport im = ZHUCUN__ORG_IMPORT__INIT;
    im.csv = text;
    struct zc_error err = {0};
    Zhucun__Reply *reply = NULL;
    rc = cli_request(cli, &im.base, &reply, &err);
    free(text);
    if (rc != 0)
        return cli_fail_lines(reply, &err); /* every bad line, then the summary */
    if (cli->json)
        cli_json(&reply->org_import->base);
    else
        printf(_("已导入：新建 %u 个，已存在且一致 %u 个\n"), reply->org_import->created,
               reply->org_import->unchanged);
    zc_reply_free(reply);
    return 0;
}

static int org_rename(struct cli *cli, int argc, char **argv)
{
    return org_update(cli, argc, argv, 1);
}

static int org_set(struct cli *cli, int argc, char **argv)
{
    return org_update(cli, argc, argv, 0);
}

static const struct option tree_options[] = {O_DEPTH, OPT_END_};
static const struct option search_options[] = {O_UNDER, OPT_END_};
static const struct option create_options[] = {O_LAT, O_LON, O_GEOFENCE, O_TAG, OPT_END_};
static const struct option set_options[] = {O_LAT, O_LON, O_GEOFENCE, O_TAG, O_NO_TAGS, OPT_END_};

const struct cli_command cli_org_commands[] = {
    {"org", "show", org_show, NULL, N_("zhucun org show 代码                 一个区划单位\n"),
     "OrgShow"},
    {"org", "children", org_children, NULL, N_("zhucun org children 代码             直接下级\n"),
     "OrgChildren"},
    {"org", "tree", org_tree, tree_options,
     N_("zhucun org tree [代码] [--depth 0..4]\n"
        "    下级树（默认：您的管辖范围，两级）\n"),
     "WhoAmI OrgShow OrgChildren"},
    {"org", "search", org_search, search_options,
     N_("zhucun org search 文字 [--under 代码]\n"
        "    名称包含该文字的单位\n"),
     "OrgSearch"},
    {"org", "create", org_create, create_options,
     N_("zhucun org create 代码 名称 [--lat 纬度 --lon 经度] [--geofence 米] [--tag 标签]...\n"),
     "OrgCreate"},
    {"org", "rename", org_rename, NULL, N_("zhucun org rename 代码 名称\n"), "OrgUpdate"},
    {"org", "set", org_set, set_options,
     N_("zhucun org set 代码 [--lat 纬度 --lon 经度] [--geofence 米] [--tag 标签]... "
        "[--no-tags]\n"),
     "OrgUpdate"},
    {"org", "import", org_import, NULL,
     N_("zhucun org import 文件|-\n"
        "    CSV：code,name,level[,lat,lon]\n"),
     "OrgImport"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
