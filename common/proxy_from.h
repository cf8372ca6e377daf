/* proxy_from.h -- the load balancers the server takes a PROXY v2 header from: [server]
 * proxy_from, a list of addresses and networks ("127.0.0.1, 10.0.0.0/8, 2001:db8::/32").
 *
 * A connection from one of them must begin with the header (common/proxy_v2.h); one from any
 * other address is read as TLS from its first byte, so that nobody else can name a client
 * address of their choosing (docs/haproxy.md). */
#ifndef ZHUCUN_PROXY_FROM_H
#define ZHUCUN_PROXY_FROM_H

#include <stddef.h>
#include <stdint.h>

/* <sys/socket.h> is not included: config.h includes this header, and the CLI has a function
 * named send. */
struct sockaddr;

/* Entries a list may hold: balancers are a handful; a list this long is a mistake. */
#define PROXY_FROM_MAX 64

struct proxy_net {
    int family;       /* AF_INET or AF_INET6 */
    uint8_t addr[16]; /* network order; 4 bytes used for AF_INET */
    unsigned bits;    /* prefix length: 32 or 128 for a single address */
};

struct proxy_from {
    struct proxy_net nets[PROXY_FROM_MAX];
    size_t n; /* 0: no balancer, no connection is read for a header */
};

/* Parses text: entries separated by commas and/or spaces, each an IPv4 or IPv6 address with
 * an optional /prefix; empty text is an empty list. Host bits past the prefix must be zero
 * (10.0.0.1/8 is refused, as likely a typing mistake). Returns 0, or -1 with what is wrong and
 * the entry that is in err; *out is changed only on success. */
int proxy_from_parse(const char *text, struct proxy_from *out, char *err, size_t errlen);

/* 1 when sa (AF_INET, or AF_INET6, an IPv4-mapped ::ffff:a.b.c.d counting as a.b.c.d) lies in
 * one of the list's networks; 0 otherwise and for any other family. */
int proxy_from_match(const struct proxy_from *list, const struct sockaddr *sa);

#endif
