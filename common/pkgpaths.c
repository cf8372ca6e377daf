/* pkgpaths.c -- data directories beside the installed program (pkgpaths.h). */
#include "common/pkgpaths.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *pkg_data_path(char *buf, size_t cap, const char *rel, const char *built_in)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return built_in;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return built_in;
    *slash = '\0';
    int m = snprintf(buf, cap, "%s/../share/%s", exe, rel);
    if (m < 0 || (size_t)m >= cap)
        return built_in;
    struct stat st;
    /* A build tree has no share/ beside it: its program keeps the compiled-in paths. */
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
        return built_in;
    return buf;
}
