/* session_file.c -- load, save and remove the CLI's cached session token. */
#include "session_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/token.h"
#include "common/userfile.h"
#include "common/xmalloc.h"

char *session_default_path(void)
{
    return userfile_path("XDG_CACHE_HOME", ".cache", "session");
}

char *session_load(const char *path, const char *server, char **username)
{
    if (username != NULL)
        *username = NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    char line[512];
    char *token = NULL, *user = NULL;
    int server_ok = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "server=", 7) == 0)
            server_ok = strcmp(line + 7, server) == 0;
        else if (strncmp(line, "token=", 6) == 0 && strlen(line + 6) == TOKEN_HEX_LEN) {
            free(token);
            token = xstrdup(line + 6);
        } else if (strncmp(line, "user=", 5) == 0 && line[5] != '\0') {
            free(user);
            user = xstrdup(line + 5);
        }
    }
    fclose(f);
    if (!server_ok || token == NULL) {
        free(token);
        free(user);
        return NULL;
    }
    if (username != NULL)
        *username = user;
    else
        free(user);
    return token;
}

int session_save(const char *path, const char *server, const char *username, const char *token)
{
    if (userfile_make_parent(path) != 0)
        return -1;
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    char *text = xasprintf("server=%s\nuser=%s\ntoken=%s\n", server, username, token);
    size_t len = strlen(text);
    int ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
    free(text);
    if (close(fd) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        errno = e;
        return -1;
    }
    free(tmp);
    return 0;
}

int session_remove(const char *path)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return -1;
    return 0;
}
