/* test_proxy_v2.c -- the PROXY v2 header parser (common/proxy_v2.c), the balancers' list
 * (common/proxy_from.c) and its configuration key, [server] proxy_from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "common/config.h"
#include "common/proxy_from.h"
#include "common/proxy_v2.h"

static const uint8_t sig[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

/* Writes a header into out: command byte, family byte, then block (blen bytes); the length
 * field says len_field. Returns the bytes written. */
static size_t make(uint8_t *out, uint8_t ver_cmd, uint8_t fam, const uint8_t *block, size_t blen,
                   unsigned len_field)
{
    memcpy(out, sig, sizeof(sig));
    out[12] = ver_cmd;
    out[13] = fam;
    out[14] = (uint8_t)(len_field >> 8);
    out[15] = (uint8_t)len_field;
    if (blen > 0)
        memcpy(out + 16, block, blen);
    return 16 + blen;
}

/* TCP over IPv4 from 203.0.113.7:51234 to 10.0.0.5:7443, with tlvs appended. */
static size_t make_inet(uint8_t *out, const uint8_t *tlvs, size_t tlen)
{
    uint8_t block[12 + 64] = {203, 0, 113, 7, 10, 0, 0, 5, 0xC8, 0x22, 0x1D, 0x13};
    if (tlen > 0)
        memcpy(block + 12, tlvs, tlen);
    return make(out, 0x21, 0x11, block, 12 + tlen, (unsigned)(12 + tlen));
}

static long parse(const uint8_t *buf, size_t len, struct proxy_v2 *h, const char **why)
{
    *why = NULL;
    return proxy_v2_parse(buf, len, h, why);
}

static void expect_refused(const uint8_t *buf, size_t len, const char *words)
{
    struct proxy_v2 h;
    const char *why;
    assert_int_equal(parse(buf, len, &h, &why), -1);
    assert_non_null(why);
    assert_non_null(strstr(why, words));
}

static void test_tcp4(void **state)
{
    (void)state;
    uint8_t buf[128];
    size_t n = make_inet(buf, NULL, 0);
    buf[n] = 0x16; /* the client's TLS record follows; not the parser's business */
    struct proxy_v2 h;
    const char *why;
    assert_int_equal(parse(buf, n + 1, &h, &why), 28);
    assert_int_equal(h.local, 0);
    const struct sockaddr_in *src = (const struct sockaddr_in *)&h.src;
    const struct sockaddr_in *dst = (const struct sockaddr_in *)&h.dst;
    char ip[INET_ADDRSTRLEN];
    assert_int_equal(src->sin_family, AF_INET);
    assert_string_equal(inet_ntop(AF_INET, &src->sin_addr, ip, sizeof(ip)), "203.0.113.7");
    assert_int_equal(ntohs(src->sin_port), 51234);
    assert_string_equal(inet_ntop(AF_INET, &dst->sin_addr, ip, sizeof(ip)), "10.0.0.5");
    assert_int_equal(ntohs(dst->sin_port), 7443);
}

static void test_tcp6_with_tlvs(void **state)
{
    (void)state;
    uint8_t block[36 + 16] = {0x20, 0x01, 0x0d, 0xb8};
    block[15] = 1;    /* 2001:db8::1 */
    block[16] = 0xfe; /* fe80:: */
    block[17] = 0x80;
    block[32] = 0x30; /* port 12345 */
    block[33] = 0x39;
    block[34] = 0x1D; /* port 7443 */
    block[35] = 0x13;
    /* ALPN "h2", then a NOOP of 5 bytes: 2 TLVs in 13 bytes, skipped by their lengths. */
    const uint8_t tlvs[] = {0x01, 0, 2, 'h', '2', 0x04, 0, 5, 0, 0, 0, 0, 0};
    memcpy(block + 36, tlvs, sizeof(tlvs));
    uint8_t buf[128];
    size_t n = make(buf, 0x21, 0x21, block, 36 + sizeof(tlvs), 36 + sizeof(tlvs));
    struct proxy_v2 h;
    const char *why;
    assert_int_equal(parse(buf, n, &h, &why), (long)n);
    const struct sockaddr_in6 *src = (const struct sockaddr_in6 *)&h.src;
    char ip[INET6_ADDRSTRLEN];
    assert_int_equal(src->sin6_family, AF_INET6);
    assert_string_equal(inet_ntop(AF_INET6, &src->sin6_addr, ip, sizeof(ip)), "2001:db8::1");
    assert_int_equal(ntohs(src->sin6_port), 12345);
}

static void test_local_keeps_peer(void **state)
{
    (void)state;
    uint8_t buf[64];
    /* LOCAL with no block, as HAProxy's health checks send it ... */
    size_t n = make(buf, 0x20, 0x00, NULL, 0, 0);
    struct proxy_v2 h;
    const char *why;
    assert_int_equal(parse(buf, n, &h, &why), 16);
    assert_int_equal(h.local, 1);
    /* ... and with a block, which is skipped whatever it holds. */
    const uint8_t junk[5] = {1, 2, 3, 4, 5};
    n = make(buf, 0x20, 0x11, junk, sizeof(junk), sizeof(junk));
    assert_int_equal(parse(buf, n, &h, &why), 21);
    assert_int_equal(h.local, 1);
}

/* Every prefix of a valid header asks for more; none is taken as whole. */
static void test_partial(void **state)
{
    (void)state;
    uint8_t buf[128];
    const uint8_t tlv[] = {0x04, 0, 1, 0};
    size_t n = make_inet(buf, tlv, sizeof(tlv));
    struct proxy_v2 h;
    const char *why;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(parse(buf, i, &h, &why), 0);
    assert_int_equal(parse(buf, n, &h, &why), (long)n);
}

static void test_not_a_header(void **state)
{
    (void)state;
    /* A TLS ClientHello is refused on its first byte, not after a timeout. */
    const uint8_t tls[] = {0x16, 0x03, 0x01, 0x02, 0x00};
    expect_refused(tls, 1, "signature");
    expect_refused(tls, sizeof(tls), "signature");
    /* Version 1's text line is not read. */
    const char *v1 = "PROXY TCP4 203.0.113.7 10.0.0.5 51234 7443\r\n";
    expect_refused((const uint8_t *)v1, strlen(v1), "signature");
    /* The signature with its 11th byte wrong. */
    uint8_t buf[128];
    size_t n = make_inet(buf, NULL, 0);
    buf[10] ^= 1;
    expect_refused(buf, n, "signature");
}

static void test_bad_fields(void **state)
{
    (void)state;
    uint8_t buf[128];
    size_t n = make_inet(buf, NULL, 0);
    buf[12] = 0x11; /* version 1 in the binary form */
    expect_refused(buf, n, "version");
    buf[12] = 0x31; /* version 3 */
    expect_refused(buf, n, "version");
    buf[12] = 0x22; /* command 2 */
    expect_refused(buf, n, "command");
    buf[12] = 0x21;
    buf[13] = 0x41; /* family 4 */
    expect_refused(buf, n, "family");
    buf[13] = 0x13; /* protocol 3 */
    expect_refused(buf, n, "family or protocol");
    buf[13] = 0x12; /* UDP */
    expect_refused(buf, n, "neither TCP");
    buf[13] = 0x01; /* unspecified family */
    expect_refused(buf, n, "neither TCP");
    buf[13] = 0x31; /* UNIX stream */
    expect_refused(buf, n, "neither TCP");
    buf[13] = 0x10; /* IPv4, unspecified protocol */
    expect_refused(buf, n, "neither TCP");
    /* Under LOCAL too, unassigned values are refused. */
    n = make(buf, 0x20, 0xF0, NULL, 0, 0);
    expect_refused(buf, n, "family");
}

static void test_bad_lengths(void **state)
{
    (void)state;
    uint8_t buf[PROXY_V2_MAX + 16];
    const uint8_t addr4[12] = {203, 0, 113, 7};
    /* An IPv4 block of 11 bytes, an IPv6 one of 35 (holding IPv4's 12 and more). */
    size_t n = make(buf, 0x21, 0x11, addr4, 11, 11);
    expect_refused(buf, n, "too short");
    uint8_t block[35] = {0};
    n = make(buf, 0x21, 0x21, block, sizeof(block), sizeof(block));
    expect_refused(buf, n, "too short");
    /* The longest block is taken; one byte more is refused before it arrives. */
    uint8_t big[PROXY_V2_MAX_BLOCK];
    memset(big, 0, sizeof(big));
    memcpy(big, addr4, sizeof(addr4));
    big[12] = 0x04; /* one NOOP TLV filling the rest */
    big[13] = (uint8_t)((PROXY_V2_MAX_BLOCK - 15) >> 8);
    big[14] = (uint8_t)(PROXY_V2_MAX_BLOCK - 15);
    n = make(buf, 0x21, 0x11, big, sizeof(big), sizeof(big));
    struct proxy_v2 h;
    const char *why;
    assert_int_equal(parse(buf, n, &h, &why), PROXY_V2_MAX);
    n = make(buf, 0x21, 0x11, NULL, 0, PROXY_V2_MAX_BLOCK + 1);
    expect_refused(buf, n, "longer than 2048");
    n = make(buf, 0x21, 0x11, NULL, 0, 0xffff);
    expect_refused(buf, n, "longer than 2048");
}

static void test_bad_tlvs(void **state)
{
    (void)state;
    uint8_t buf[128];
    /* A TLV whose length runs past the block; a TLV header cut short; a zero-length TLV,
     * which is fine. */
    const uint8_t over[] = {0x01, 0, 3, 'h', '2'};
    expect_refused(buf, make_inet(buf, over, sizeof(over)), "TLV");
    const uint8_t cut[] = {0x01, 0};
    expect_refused(buf, make_inet(buf, cut, sizeof(cut)), "TLV");
    const uint8_t huge[] = {0x01, 0xff, 0xff};
    expect_refused(buf, make_inet(buf, huge, sizeof(huge)), "TLV");
    const uint8_t empty[] = {0x05, 0, 0};
    struct proxy_v2 h;
    const char *why;
    size_t n = make_inet(buf, empty, sizeof(empty));
    assert_int_equal(parse(buf, n, &h, &why), (long)n);
}

static int parse_list(const char *text, struct proxy_from *l, char *err, size_t errlen)
{
    err[0] = '\0';
    return proxy_from_parse(text, l, err, errlen);
}

static int match4(const struct proxy_from *l, const char *ip)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, ip, &a.sin_addr), 1);
    return proxy_from_match(l, (const struct sockaddr *)&a);
}

static int match6(const struct proxy_from *l, const char *ip)
{
    struct sockaddr_in6 a = {.sin6_family = AF_INET6};
    assert_int_equal(inet_pton(AF_INET6, ip, &a.sin6_addr), 1);
    return proxy_from_match(l, (const struct sockaddr *)&a);
}

static void test_list_match(void **state)
{
    (void)state;
    struct proxy_from l;
    char err[200];
    assert_int_equal(
        parse_list(" 127.0.0.2, 10.0.0.0/8 ,192.168.4.0/22 2001:db8::/32,::ffff:172.16.0.0/108", &l,
                   err, sizeof(err)),
        0);
    assert_int_equal(l.n, 5);
    assert_true(match4(&l, "127.0.0.2"));
    assert_false(match4(&l, "127.0.0.1"));
    assert_true(match4(&l, "10.255.1.2"));
    assert_false(match4(&l, "11.0.0.0"));
    assert_true(match4(&l, "192.168.7.255"));
    assert_false(match4(&l, "192.168.8.0"));
    assert_true(match6(&l, "2001:db8:ffff::1"));
    assert_false(match6(&l, "2001:db9::1"));
    /* A dual-stack listener's view of an IPv4 balancer, and a mapped entry. */
    assert_true(match6(&l, "::ffff:10.1.2.3"));
    assert_false(match6(&l, "::ffff:127.0.0.1"));
    assert_true(match4(&l, "172.16.5.5"));
    assert_false(match4(&l, "172.32.0.1"));
    /* 0.0.0.0/0 is everybody over IPv4 (a private network's only door, say). */
    assert_int_equal(parse_list("0.0.0.0/0", &l, err, sizeof(err)), 0);
    assert_true(match4(&l, "8.8.8.8"));
    assert_false(match6(&l, "2001:db8::1"));
    /* Empty: nobody. */
    assert_int_equal(parse_list(" , ", &l, err, sizeof(err)), 0);
    assert_int_equal(l.n, 0);
    assert_false(match4(&l, "127.0.0.1"));
    struct sockaddr un = {.sa_family = AF_UNIX};
    assert_false(proxy_from_match(&l, &un));
}

static void expect_list_refused(const char *text, const char *words)
{
    struct proxy_from l;
    l.n = 7;
    char err[200];
    assert_int_equal(parse_list(text, &l, err, sizeof(err)), -1);
    assert_non_null(strstr(err, words));
    assert_int_equal(l.n, 7); /* untouched */
}

static void test_list_refused(void **state)
{
    (void)state;
    expect_list_refused("10.0.0.1/8", "\"10.0.0.1/8\" has address bits set past /8");
    expect_list_refused("127.0.0.1, haproxy.local", "\"haproxy.local\" is not an IPv4");
    expect_list_refused("10.0.0.0/33", "from 0 to 32");
    expect_list_refused("2001:db8::/129", "from 0 to 128");
    expect_list_refused("10.0.0.0/", "prefix");
    expect_list_refused("10.0.0.0/-1", "prefix");
    expect_list_refused("10.0.0.0/8x", "prefix");
    expect_list_refused("/8", "not an IPv4");
    expect_list_refused("10.0.0.256", "not an IPv4");
    expect_list_refused("fe80::1%eth0", "not an IPv4");
    char longer[200];
    memset(longer, '1', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    expect_list_refused(longer, "not an IPv4");
    /* PROXY_FROM_MAX entries are taken, one more is not. */
    char many[PROXY_FROM_MAX * 16 + 32] = "";
    for (int i = 0; i < PROXY_FROM_MAX; i++) {
        char one[16];
        snprintf(one, sizeof(one), "10.0.%d.1,", i);
        strcat(many, one);
    }
    struct proxy_from l;
    char err[200];
    assert_int_equal(parse_list(many, &l, err, sizeof(err)), 0);
    assert_int_equal(l.n, PROXY_FROM_MAX);
    strcat(many, "10.1.0.1");
    expect_list_refused(many, "more than 64");
}

static void test_config_key(void **state)
{
    (void)state;
    struct server_config c;
    char err[512];
    server_config_defaults(&c);
    assert_int_equal(c.proxy_from.n, 0);
    assert_int_equal(server_config_parse(&c, "[server]\nproxy_from = 127.0.0.1, 10.0.0.0/8\n",
                                         "/etc/zhucun", err, sizeof(err)),
                     0);
    assert_int_equal(c.proxy_from.n, 2);
    server_config_free(&c);
    server_config_defaults(&c);
    assert_int_equal(server_config_parse(&c, "[server]\nworkers = 1\nproxy_from = 10.0.0.1/8\n",
                                         "/etc/zhucun", err, sizeof(err)),
                     -1);
    /* The line, the key, what is wrong and what would do. */
    assert_non_null(strstr(err, "<string>:3: [server] proxy_from: \"10.0.0.1/8\" has address"));
    assert_non_null(strstr(err, "such as 10.0.0.0/8"));
    server_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp4),
        cmocka_unit_test(test_tcp6_with_tlvs),
        cmocka_unit_test(test_local_keeps_peer),
        cmocka_unit_test(test_partial),
        cmocka_unit_test(test_not_a_header),
        cmocka_unit_test(test_bad_fields),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_bad_tlvs),
        cmocka_unit_test(test_list_match),
        cmocka_unit_test(test_list_refused),
        cmocka_unit_test(test_config_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
