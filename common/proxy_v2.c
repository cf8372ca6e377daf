/* proxy_v2.c -- parses the PROXY protocol v2 header (haproxy's doc/proxy-protocol.txt, 2.2). */
#include "common/proxy_v2.h"

#include <string.h>

static const uint8_t signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                      0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

enum { CMD_LOCAL = 0x0, CMD_PROXY = 0x1 };
enum { FAM_UNSPEC = 0x0, FAM_INET = 0x1, FAM_INET6 = 0x2, FAM_UNIX = 0x3 };
enum { PROTO_UNSPEC = 0x0, PROTO_STREAM = 0x1, PROTO_DGRAM = 0x2 };

#define INET_BLOCK  12 /* two IPv4 addresses and two ports */
#define INET6_BLOCK 36 /* two IPv6 addresses and two ports */
#define TLV_HEADER  3  /* type, length (16 bits, big-endian) */

static long refuse(const char **why, const char *text)
{
    *why = text;
    return -1;
}

static unsigned be16(const uint8_t *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* The TLVs fill the rest of the block exactly, each within it. */
static int tlvs_fit(const uint8_t *p, size_t n)
{
    while (n > 0) {
        if (n < TLV_HEADER)
            return 0;
        size_t vlen = be16(p + 1);
        if (vlen > n - TLV_HEADER)
            return 0;
        p += TLV_HEADER + vlen;
        n -= TLV_HEADER + vlen;
    }
    return 1;
}

static void set_inet(struct sockaddr_storage *ss, const uint8_t *addr, const uint8_t *port)
{
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    memset(ss, 0, sizeof(*ss));
    a->sin_family = AF_INET;
    memcpy(&a->sin_addr, addr, 4);
    memcpy(&a->sin_port, port, 2); /* both in network order */
}

static void set_inet6(struct sockaddr_storage *ss, const uint8_t *addr, const uint8_t *port)
{
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    memset(ss, 0, sizeof(*ss));
    a->sin6_family = AF_INET6;
    memcpy(&a->sin6_addr, addr, 16);
    memcpy(&a->sin6_port, port, 2);
}

long proxy_v2_parse(const uint8_t *buf, size_t len, struct proxy_v2 *out, const char **why)
{
    /* The signature is checked on what has come so far, so that a client speaking TLS (or
     * anything else) is refused on its first bytes, not after the handshake timeout. */
    size_t sig = len < sizeof(signature) ? len : sizeof(signature);
    if (memcmp(buf, signature, sig) != 0)
        return refuse(why, "no PROXY v2 signature");
    if (len < PROXY_V2_HEADER)
        return 0;
    unsigned version = buf[12] >> 4, command = buf[12] & 0x0f;
    unsigned family = buf[13] >> 4, protocol = buf[13] & 0x0f;
    size_t block = be16(buf + 14);
    if (version != 2)
        return refuse(why, "PROXY protocol version is not 2");
    if (command != CMD_LOCAL && command != CMD_PROXY)
        return refuse(why, "unknown PROXY v2 command");
    /* Unassigned values are refused even under LOCAL, as the specification asks. */
    if (family > FAM_UNIX || protocol > PROTO_DGRAM)
        return refuse(why, "unknown PROXY v2 address family or protocol");
    if (block > PROXY_V2_MAX_BLOCK)
        return refuse(why, "PROXY v2 address block longer than 2048 bytes");
    if (len < PROXY_V2_HEADER + block)
        return 0;
    memset(out, 0, sizeof(*out));
    const uint8_t *b = buf + PROXY_V2_HEADER;
    if (command == CMD_LOCAL) {
        /* The balancer's own connection: whatever the block holds is skipped. */
        out->local = 1;
        return (long)(PROXY_V2_HEADER + block);
    }
    /* A relayed connection must name a TCP client: an unspecified or UNIX source, or UDP,
     * would leave the balancer's address as everybody's, sharing one login allowance. */
    if (protocol != PROTO_STREAM || (family != FAM_INET && family != FAM_INET6))
        return refuse(why, "PROXY v2 header relays neither TCP over IPv4 nor over IPv6");
    size_t need = family == FAM_INET ? INET_BLOCK : INET6_BLOCK;
    if (block < need)
        return refuse(why, "PROXY v2 address block too short for its family");
    if (!tlvs_fit(b + need, block - need))
        return refuse(why, "PROXY v2 TLV overruns the address block");
    if (family == FAM_INET) {
        set_inet(&out->src, b, b + 8);
        set_inet(&out->dst, b + 4, b + 10);
    } else {
        set_inet6(&out->src, b, b + 32);
        set_inet6(&out->dst, b + 16, b + 34);
    }
    return (long)(PROXY_V2_HEADER + block);
}
