/* demo_rand.c -- seeded xoshiro256** streams and fake Chinese names for the demo generator. */
#include "server/demo/demo_rand.h"

#include <stdio.h>
#include <string.h>

#include "common/xmalloc.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    /* A terminator, so ("ab", "c") and ("a", "bc") differ. */
    h ^= 0xff;
    h *= 0x100000001b3ULL;
    return h;
}

void demo_rng_init(struct demo_rng *r, uint64_t seed, const char *stream, const char *key)
{
    uint64_t h = fnv1a(fnv1a(0xcbf29ce484222325ULL, stream), key);
    uint64_t x = seed ^ splitmix64(&h);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t demo_rng_next(struct demo_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint32_t demo_rng_below(struct demo_rng *r, uint32_t n)
{
    /* Multiply-shift: a bias of at most n / 2^32, irrelevant here. */
    return (uint32_t)(((demo_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int demo_rng_range(struct demo_rng *r, int lo, int hi)
{
    return lo + (int)demo_rng_below(r, (uint32_t)(hi - lo + 1));
}

double demo_rng_unit(struct demo_rng *r)
{
    return (double)(demo_rng_next(r) >> 11) * 0x1.0p-53;
}

int demo_rng_chance(struct demo_rng *r, double p)
{
    return demo_rng_unit(r) < p;
}

double demo_rng_offset(struct demo_rng *r, double span)
{
    return (demo_rng_unit(r) * 2.0 - 1.0) * span;
}

void demo_numeral(unsigned n, char *out, size_t len)
{
    static const char *const digits[] = {"零", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
    static const char *const units[] = {"", "十", "百", "千", "万"};
    static const unsigned pow10[] = {1, 10, 100, 1000, 10000};
    char buf[64] = "";
    int started = 0, zero = 0;
    n %= 100000;
    for (int pos = 4; pos >= 0; pos--) {
        unsigned d = n / pow10[pos] % 10;
        if (d == 0) {
            zero = started;
            continue;
        }
        if (zero)
            strcat(buf, digits[0]);
        zero = 0;
        /* 十二, not 一十二, when the tens lead. */
        if (!(d == 1 && pos == 1 && !started))
            strcat(buf, digits[d]);
        strcat(buf, units[pos]);
        started = 1;
    }
    snprintf(out, len, "%s", started ? buf : digits[0]);
}

/* The hundred or so commonest surnames, with those frequent in Shanxi (郭, 武, 贾, 阎, 郝 ...). */
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
    "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾",
    "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜",
    "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康",
    "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "龙", "万", "段", "雷", "钱", "汤",
    "尹", "黎", "易", "常", "武", "乔", "贺", "赖", "龚", "文", "牛", "温", "申", "霍", "樊",
};

const char *demo_surname(struct demo_rng *r)
{
    return surnames[demo_rng_below(r, (uint32_t)ARRAY_SIZE(surnames))];
}

void demo_person_name(struct demo_rng *r, unsigned n, char *out, size_t len)
{
    char num[64];
    demo_numeral(n, num, sizeof(num));
    snprintf(out, len, "演示%s%s", demo_surname(r), num);
}

/* Village names in the shapes common in Shanxi: 李家庄, 东王, 柳沟, 前进 (+ 村). */
static const char *const places[] = {"庄", "沟", "峪", "坡", "洼", "湾", "坪", "岭", "堡",
                                     "寨", "河", "窑", "头", "口", "泉", "滩", "庙", "店",
                                     "营", "关", "屯", "底", "塔", "梁", "峁", "塬", "会"};
static const char *const sides[] = {"东", "西", "南", "北", "前", "后",
                                    "上", "下", "大", "小", "中", "新"};
static const char *const words[] = {"石", "柳", "杨", "枣", "桃", "杏", "榆", "槐", "松",
                                    "马", "牛", "龙", "凤", "白", "黑", "红", "青", "黄",
                                    "金", "三", "五", "七", "双", "高", "长", "平", "安",
                                    "永", "古", "沙", "水", "圪", "井", "桑", "麻", "羊"};
static const char *const slogans[] = {"前进", "红星", "新民", "和平", "胜利", "光明", "团结",
                                      "幸福", "丰收", "永红", "向阳", "东风", "民主", "建设",
                                      "解放", "新华", "兴旺", "富民", "长青", "新生"};

#define PICK(r, a) ((a)[demo_rng_below((r), (uint32_t)ARRAY_SIZE(a))])

void demo_village_name(struct demo_rng *r, char *out, size_t len)
{
    uint32_t shape = demo_rng_below(r, 100);
    if (shape < 35) {
        const char *s = demo_surname(r);
        snprintf(out, len, "%s家%s村", s, PICK(r, places));
    } else if (shape < 60) {
        const char *side = PICK(r, sides);
        const char *s = demo_surname(r);
        snprintf(out, len, "%s%s村", side, s);
    } else if (shape < 88) {
        const char *w = PICK(r, words);
        snprintf(out, len, "%s%s村", w, PICK(r, places));
    } else {
        snprintf(out, len, "%s村", PICK(r, slogans));
    }
}
