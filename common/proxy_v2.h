/* proxy_v2.h -- the PROXY protocol version 2 header a load balancer sends before TLS.
 *
 * HAProxy's "send-proxy-v2" puts a binary header in front of the bytes it relays, naming the
 * client it relays for (haproxy's doc/proxy-protocol.txt, section 2.2). The server reads it
 * only from the addresses of [server] proxy_from (common/proxy_from.h), before the TLS
 * handshake (docs/haproxy.md). Version 1 (the text line) is not read: HAProxy sends version 2
 * when told to, and one binary format is less to get wrong.
 *
 * Debian packages no C library for this (only Go and Haskell ones), and the format is 16 bytes
 * and an address block, so the parser is here. It takes no memory and trusts nothing: the
 * signature, version, command, family and protocol are checked, the address block's length
 * against the family, and the TLVs after it are walked by their lengths (their contents are
 * not used) and must fill the block exactly. */
#ifndef ZHUCUN_PROXY_V2_H
#define ZHUCUN_PROXY_V2_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define PROXY_V2_HEADER 16 /* signature, version and command, family, length */
/* The longest address block (addresses and TLVs) accepted: the IPv6 addresses take 36 bytes;
 * HAProxy's TLVs (ALPN, authority, unique id up to 128, SSL details) fit well within it. A
 * longer one is refused before anything waits for it. */
#define PROXY_V2_MAX_BLOCK 2048
#define PROXY_V2_MAX       (PROXY_V2_HEADER + PROXY_V2_MAX_BLOCK)

struct proxy_v2 {
    /* 1 for the LOCAL command: the balancer speaks for itself (its health check); the
     * connection's own addresses stand and src/dst are not set. */
    int local;
    /* For the PROXY command: the client (src) and the address it connected to (dst), both
     * AF_INET or both AF_INET6 with their ports; TCP only. */
    struct sockaddr_storage src;
    struct sockaddr_storage dst;
};

/* Reads the header at the start of buf (len bytes received so far). Returns its whole length
 * (16 + the block, > 0) with *out filled when it is complete and valid; 0 when it is a valid
 * start and more bytes are needed; -1 when it is not a valid header, with *why saying what is
 * wrong (a static English text, for the log). Bytes after the header are not looked at. */
long proxy_v2_parse(const uint8_t *buf, size_t len, struct proxy_v2 *out, const char **why);

#endif
