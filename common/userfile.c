/* userfile.c -- a client's files for one user: XDG paths and private parent directories. */
#include "common/userfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/xmalloc.h"

char *userfile_path(const char *xdg_env, const char *home_dir, const char *name)
{
    const char *xdg = getenv(xdg_env);
    if (xdg != NULL && xdg[0] == '/')
        return xasprintf("%s/zhucun/%s", xdg, name);
    const char *home = getenv("HOME");
    if (home != NULL && home[0] != '\0')
        return xasprintf("%s/%s/zhucun/%s", home, home_dir, name);
    return NULL;
}

int userfile_make_parent(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    int rc = 0, saved = 0;
    if (slash != NULL && slash != dir) {
        *slash = '\0';
        /* each prefix ending at a '/', then the whole directory */
        for (char *p = dir + 1;; p++) {
            int last = *p == '\0';
            if (!last && *p != '/')
                continue;
            *p = '\0';
            struct stat st;
            if (mkdir(dir, 0700) != 0 &&
                (errno != EEXIST || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
                rc = -1;
                saved = errno == EEXIST ? ENOTDIR : errno;
            }
            if (last)
                break;
            *p = '/';
        }
    }
    free(dir);
    if (rc != 0)
        errno = saved;
    return rc;
}
