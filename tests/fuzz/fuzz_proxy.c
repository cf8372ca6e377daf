/* fuzz_proxy.c -- libFuzzer target: the PROXY v2 header parser (common/proxy_v2.c) as the
 * server reads a balancer's connection, and the [server] proxy_from list (common/proxy_from.c).
 *
 * The first byte picks: even, the rest is a connection's first bytes, parsed whole and at every
 * prefix as reads would bring them; odd, the rest is proxy_from's text. Broken promises abort. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "common/proxy_from.h"
#include "common/proxy_v2.h"

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_header(const uint8_t *in, size_t n)
{
    struct proxy_v2 h;
    const char *why = NULL;
    long whole = proxy_v2_parse(in, n, &h, &why);
    check(whole >= -1);
    check(whole != -1 || why != NULL);
    if (whole > 0) {
        /* A whole header: within the limits and its length no more than what came. */
        check(whole >= PROXY_V2_HEADER && whole <= PROXY_V2_MAX && (size_t)whole <= n);
        if (!h.local) {
            int f = h.src.ss_family;
            check(f == AF_INET || f == AF_INET6);
            check(h.dst.ss_family == f);
            check(whole >= PROXY_V2_HEADER + (f == AF_INET ? 12 : 36));
        }
    }
    /* Reads bring the bytes a few at a time: every prefix says "more" until the answer, which
     * then stays the same (the connection stops feeding at the first answer). */
    long first = 0;
    for (size_t i = 0; i <= n && i <= PROXY_V2_MAX; i++) {
        long r = proxy_v2_parse(in, i, &h, &why);
        if (first == 0) {
            first = r;
            if (r > 0)
                check((size_t)r == i); /* complete exactly when its last byte arrives */
        } else {
            check(r == first);
        }
    }
    if (n <= PROXY_V2_MAX || first != 0)
        check(first == whole);
}

static void check_list(const uint8_t *in, size_t n)
{
    char *text = malloc(n + 1);
    check(text != NULL);
    memcpy(text, in, n);
    text[n] = '\0';
    struct proxy_from l;
    char err[200];
    err[0] = '\0';
    l.n = 9999;
    if (proxy_from_parse(text, &l, err, sizeof(err)) != 0) {
        check(err[0] != '\0');
        check(l.n == 9999); /* untouched on failure */
    } else {
        check(l.n <= PROXY_FROM_MAX);
        for (size_t i = 0; i < l.n; i++) {
            const struct proxy_net *net = &l.nets[i];
            check(net->family == AF_INET || net->family == AF_INET6);
            check(net->bits <= (net->family == AF_INET ? 32u : 128u));
            /* The network's own address is in the list. */
            struct sockaddr_storage ss;
            memset(&ss, 0, sizeof(ss));
            if (net->family == AF_INET) {
                struct sockaddr_in *a = (struct sockaddr_in *)&ss;
                a->sin_family = AF_INET;
                memcpy(&a->sin_addr, net->addr, 4);
            } else {
                struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
                a->sin6_family = AF_INET6;
                memcpy(&a->sin6_addr, net->addr, 16);
            }
            check(proxy_from_match(&l, (const struct sockaddr *)&ss) == 1);
        }
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1)
        check_list(data + 1, size - 1);
    else
        check_header(data + 1, size - 1);
    return 0;
}
