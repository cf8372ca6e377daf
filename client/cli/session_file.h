/* session_file.h -- the CLI's cached session token: one file, mode 0600, with the server and
 * the account it belongs to, replaced atomically. */
#ifndef ZHUCUN_CLI_SESSION_FILE_H
#define ZHUCUN_CLI_SESSION_FILE_H

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

/* Removes the file; 0 also when it did not exist. */
int session_remove(const char *path);

#endif
