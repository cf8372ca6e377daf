/* proxy_from.c -- the list of load balancers' addresses and networks, parsed and matched. */
#include "common/proxy_from.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An entry's text longer than this cannot be an address with a prefix. */
#define ENTRY_MAX (INET6_ADDRSTRLEN + 4)

/* The first 12 bytes of an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
static const uint8_t v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static int is_sep(char ch)
{
    return ch == ',' || isspace((unsigned char)ch);
}

/* The prefix's bits past `bits` are all zero. */
static int host_bits_zero(const uint8_t *addr, unsigned len, unsigned bits)
{
    for (unsigned i = 0; i < len * 8; i++) {
        if (i >= bits && (addr[i / 8] & (0x80 >> (i % 8))) != 0)
            return 0;
    }
    return 1;
}

static int parse_entry(const char *entry, struct proxy_net *net, char *err, size_t errlen)
{
    char host[ENTRY_MAX + 1];
    const char *slash = strchr(entry, '/');
    size_t hlen = slash != NULL ? (size_t)(slash - entry) : strlen(entry);
    if (hlen == 0 || hlen > ENTRY_MAX) {
        snprintf(err, errlen, "\"%s\" is not an IPv4 or IPv6 address", entry);
        return -1;
    }
    memcpy(host, entry, hlen);
    host[hlen] = '\0';
    memset(net, 0, sizeof(*net));
    unsigned len;
    if (inet_pton(AF_INET, host, net->addr) == 1) {
        net->family = AF_INET;
        len = 4;
    } else if (inet_pton(AF_INET6, host, net->addr) == 1) {
        net->family = AF_INET6;
        len = 16;
    } else {
        snprintf(err, errlen, "\"%s\" is not an IPv4 or IPv6 address", entry);
        return -1;
    }
    net->bits = len * 8;
    if (slash != NULL) {
        char *end;
        errno = 0;
        unsigned long bits = strtoul(slash + 1, &end, 10);
        if (!isdigit((unsigned char)slash[1]) || *end != '\0' || errno != 0 || bits > len * 8) {
            snprintf(err, errlen, "\"%s\": the prefix must be a number from 0 to %u", entry,
                     len * 8);
            return -1;
        }
        net->bits = (unsigned)bits;
    }
    if (!host_bits_zero(net->addr, len, net->bits)) {
        snprintf(err, errlen, "\"%s\" has address bits set past /%u: write the network's address",
                 entry, net->bits);
        return -1;
    }
    /* ::ffff:10.0.0.0/104 is 10.0.0.0/8: matched as the IPv4 network it names. */
    if (net->family == AF_INET6 && net->bits >= 96 && memcmp(net->addr, v4mapped, 12) == 0) {
        memmove(net->addr, net->addr + 12, 4);
        memset(net->addr + 4, 0, 12);
        net->family = AF_INET;
        net->bits -= 96;
    }
    return 0;
}

int proxy_from_parse(const char *text, struct proxy_from *out, char *err, size_t errlen)
{
    struct proxy_from list;
    list.n = 0;
    const char *p = text;
    for (;;) {
        while (is_sep(*p))
            p++;
        if (*p == '\0')
            break;
        const char *start = p;
        while (*p != '\0' && !is_sep(*p))
            p++;
        char entry[ENTRY_MAX + 2];
        size_t n = (size_t)(p - start);
        if (n > ENTRY_MAX) {
            snprintf(err, errlen, "\"%.*s...\" is not an IPv4 or IPv6 address", 20, start);
            return -1;
        }
        memcpy(entry, start, n);
        entry[n] = '\0';
        if (list.n == PROXY_FROM_MAX) {
            snprintf(err, errlen, "more than %d addresses or networks", PROXY_FROM_MAX);
            return -1;
        }
        if (parse_entry(entry, &list.nets[list.n], err, errlen) != 0)
            return -1;
        list.n++;
    }
    memcpy(out, &list, sizeof(list));
    return 0;
}

static int prefix_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
    unsigned whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, whole) != 0)
        return 0;
    if (rest == 0)
        return 1;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

int proxy_from_match(const struct proxy_from *list, const struct sockaddr *sa)
{
    int family;
    const uint8_t *addr;
    if (sa->sa_family == AF_INET) {
        family = AF_INET;
        addr = (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
    } else if (sa->sa_family == AF_INET6) {
        addr = (const uint8_t *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
        family = AF_INET6;
        /* A dual-stack listener sees an IPv4 balancer as ::ffff:a.b.c.d. */
        if (memcmp(addr, v4mapped, sizeof(v4mapped)) == 0) {
            family = AF_INET;
            addr += sizeof(v4mapped);
        }
    } else {
        return 0;
    }
    for (size_t i = 0; i < list->n; i++) {
        const struct proxy_net *net = &list->nets[i];
        if (net->family == family && prefix_equal(addr, net->addr, net->bits))
            return 1;
    }
    return 0;
}
