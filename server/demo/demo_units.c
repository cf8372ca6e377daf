/* demo_units.c -- the units step: dispatching units (派出单位) at every level, a few central
 * and about thirty provincial ones at the province, about eight per city and ten per county,
 * each with an obviously fake leader in charge and handling office. */
#include "server/demo/demo.h"

#include <stdio.h>
#include <string.h>

#include "common/rules/org.h"
#include "common/xmalloc.h"
#include "server/demo/demo_copy.h"
#include "server/demo/demo_rand.h"

/* Central units with fixed assistance ties to Shanxi (定点帮扶). */
static const char *const central[] = {"国家统计局", "中国人民银行山西省分行", "国家林业和草原局",
                                      "中国农业发展银行山西省分行"};

static const char *const provincial[] = {
    "省农业农村厅",   "省交通运输厅",       "省教育厅",         "省卫生健康委员会",
    "省财政厅",       "省自然资源厅",       "省水利厅",         "省人力资源和社会保障厅",
    "省民政厅",       "省住房和城乡建设厅", "省生态环境厅",     "省商务厅",
    "省文化和旅游厅", "省审计厅",           "省统计局",         "省林业和草原局",
    "省乡村振兴局",   "省科学技术厅",       "省工业和信息化厅", "省发展和改革委员会",
    "省司法厅",       "省应急管理厅",       "省市场监督管理局", "省医疗保障局",
    "省能源局",       "省供销合作社",       "省妇女联合会",     "省总工会",
    "山西农业大学",   "省农村信用社联合社",
};

static const char *const city_bureaus[] = {
    "农业农村局", "交通运输局",   "教育局",           "卫生健康委员会",
    "财政局",     "自然资源局",   "水利局",           "民政局",
    "商务局",     "文化和旅游局", "市场监督管理局",   "林业局",
    "审计局",     "生态环境局",   "住房和城乡建设局", "人力资源和社会保障局",
};

static const char *const county_bureaus[] = {
    "农业农村局",
    "教育科技局",
    "卫生健康局",
    "交通运输局",
    "财政局",
    "水利局",
    "民政局",
    "自然资源局",
    "林业局",
    "统计局",
    "审计局",
    "应急管理局",
    "司法局",
    "医疗保障局",
    "文化和旅游局",
    "市场监督管理局",
    "住房和城乡建设管理局",
    "人力资源和社会保障局",
    "退役军人事务局",
    "供销合作社联合社",
};

static const char *const offices_high[] = {"人事处", "机关党委", "办公室", "乡村振兴处",
                                           "规划财务处"};
static const char *const offices_city[] = {"办公室", "人事科", "机关党委", "乡村振兴科", "综合科"};
static const char *const offices_county[] = {"办公室", "人事股", "机关党支部", "乡村振兴股",
                                             "综合股"};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The deputy who is the leader in charge, by the kind of unit. */
static const char *deputy(const char *name)
{
    static const struct {
        const char *suffix, *title;
    } titles[] = {
        {"厅", "副厅长"},   {"局", "副局长"},     {"委员会", "副主任"}, {"行", "副行长"},
        {"分行", "副行长"}, {"大学", "副校长"},   {"联合会", "副主席"}, {"总工会", "副主席"},
        {"社", "副主任"},   {"联合社", "副主任"},
    };
    const char *title = "副主任";
    size_t best = 0;
    for (size_t i = 0; i < ARRAY_SIZE(titles); i++) {
        size_t k = strlen(titles[i].suffix);
        if (k > best && ends_with(name, titles[i].suffix)) {
            title = titles[i].title;
            best = k;
        }
    }
    return title;
}

static void add_unit(struct demo *d, struct demo_rng *r, int org, int level, long n,
                     const char *prefix, const char *name, const char *const *offices,
                     size_t noffices)
{
    struct demo_unit *u = DEMO_PUSH(d, units);
    u->id = demo_id(d, org, n);
    u->level = level;
    u->org = org;
    snprintf(u->name, sizeof(u->name), "%s%s", prefix, name);
    const char *surname = demo_surname(r);
    snprintf(u->leader, sizeof(u->leader), "演示%s%s", surname, deputy(u->name));
    const char *office = offices[demo_rng_below(r, (uint32_t)noffices)];
    snprintf(u->office, sizeof(u->office), "%s（演示）", office);
}

/* Units of a city or county: count of the bureaus, chosen by the org's own stream and kept
 * in list order. */
static void add_local_units(struct demo *d, int org)
{
    struct demo_org *o = &d->orgs[org];
    int city = o->level == ORG_CITY;
    const char *const *list = city ? city_bureaus : county_bureaus;
    size_t nlist = city ? ARRAY_SIZE(city_bureaus) : ARRAY_SIZE(county_bureaus);
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "units", o->code);
    int want = city ? demo_rng_range(&r, 7, 9) : demo_rng_range(&r, 9, 11);
    /* The agriculture bureau always, the rest at random. */
    unsigned char chosen[32] = {1};
    for (int k = 1; k < want;) {
        uint32_t i = demo_rng_below(&r, (uint32_t)nlist);
        if (!chosen[i]) {
            chosen[i] = 1;
            k++;
        }
    }
    o->unit_first = (int)d->nunits;
    long n = 0;
    for (size_t i = 0; i < nlist; i++) {
        if (!chosen[i])
            continue;
        if (city)
            add_unit(d, &r, org, DEMO_UNIT_CITY, ++n, o->name, list[i], offices_city,
                     ARRAY_SIZE(offices_city));
        else
            add_unit(d, &r, org, DEMO_UNIT_COUNTY, ++n, o->name, list[i], offices_county,
                     ARRAY_SIZE(offices_county));
    }
    d->orgs[org].unit_count = (int)d->nunits - d->orgs[org].unit_first;
}

static int copy_units(struct demo *d)
{
    static const char *const levels[] = {"central", "province", "city", "county"};
    struct demo_copy c;
    if (demo_copy_begin(&c, d->pg, "dispatch_units",
                        "id, name, level, org_code, leader_name, handling_office") != 0)
        return -1;
    for (size_t i = 0; i < d->nunits; i++) {
        const struct demo_unit *u = &d->units[i];
        demo_copy_int(&c, u->id);
        demo_copy_text(&c, u->name);
        demo_copy_text(&c, levels[u->level]);
        demo_copy_text(&c, d->orgs[u->org].code);
        demo_copy_text(&c, u->leader);
        demo_copy_text(&c, u->office);
        demo_copy_row(&c);
    }
    return demo_copy_done(d, &c, 1);
}

int demo_step_units(struct demo *d)
{
    /* Central and provincial units sit at the province, loaded at every scale: their
     * cadres serve everywhere. */
    struct demo_rng r;
    demo_rng_init(&r, d->seed, "units", d->orgs[0].code);
    long n = 0;
    d->orgs[0].unit_first = 0;
    for (size_t i = 0; i < ARRAY_SIZE(central); i++)
        add_unit(d, &r, 0, DEMO_UNIT_CENTRAL, ++n, "", central[i], offices_high,
                 ARRAY_SIZE(offices_high));
    for (size_t i = 0; i < ARRAY_SIZE(provincial); i++)
        add_unit(d, &r, 0, DEMO_UNIT_PROVINCE, ++n, "", provincial[i], offices_high,
                 ARRAY_SIZE(offices_high));
    d->orgs[0].unit_count = (int)d->nunits;
    for (size_t i = 1; i < d->norgs; i++)
        if (d->orgs[i].level == ORG_CITY || d->orgs[i].level == ORG_COUNTY)
            add_local_units(d, (int)i);
    return copy_units(d);
}
