/* session_file.h -- the CLI's cached session token: one file, mode 0600, with the server and
 * the account it belongs to, replaced atomically. */
#ifndef ZHUCUN_CLI_SESSION_FILE_H
#define ZHUCUN_CLI_SESSION_FILE_H

#include <stddef.h>

/* The default path: $XDG_CACHE_HOME/zhucun/session, else ~/.cache/zhucun/session. Fresh
 * string; NULL when neither variable is set. */
char *session_default_path(void);

/* Reads the token cached for server; returns a fresh string or NULL (none, or for another
 * server). When username is not NULL it gets the account's name (fresh string), or NULL when
 * the file names none (written before it did, or no token). */
char *session_load(const char *path, const char *server, char **username);

/* Writes server, username and token (creating the directory 0700 and the file 0600). 0 or
 * -1 with errno. */
int session_save(const char *path, const char *server, const char *username, const char *token);

/* Removes the file and the TLS session kept beside it; 0 also when they did not exist. */
int session_remove(const char *path);

/* The TLS session kept beside the session file (docs/cli.md, "Start-up"): PATH.tls, mode
 * 0600, holding the session the server issued last, for the connection it was issued on.
 * That connection is named by a binding: SHA-256 (hex, 64 characters and a NUL) of the
 * server's address, the CA file and the client certificate file (their names and contents;
 * cert may be NULL). A session is offered only where its binding is the same, so that a
 * different server, CA or client certificate always gets a full handshake. -1 when a file
 * cannot be read. */
#define SESSION_TLS_BINDING_LEN 65
int session_tls_binding(const char *server, const char *ca, const char *cert,
                        char binding[SESSION_TLS_BINDING_LEN]);

/* PATH.tls for the session file path (fresh string). */
char *session_tls_path(const char *path);

/* The DER bytes of the session saved in tls_path for binding (fresh, *len set; wipe them
 * after use); NULL when there is none, it is for another binding, or it cannot be read. */
unsigned char *session_tls_load(const char *tls_path, const char *binding, size_t *len);

/* Replaces tls_path with the session der (len bytes) for binding: written to a temporary
 * file of mode 0600 and renamed over it, so a reader sees the old file or the new one. Not
 * synced to disk: it is a cache, and a torn file is not read. 0 or -1 with errno. */
int session_tls_save(const char *tls_path, const char *binding, const unsigned char *der,
                     size_t len);

#endif
