/* pkgpaths.h -- where the programs find their data (migrations, demo files, catalogues) when
 * they run from an installed tree (docs/packages.md). */
#ifndef ZHUCUN_COMMON_PKGPATHS_H
#define ZHUCUN_COMMON_PKGPATHS_H

#include <stddef.h>

/* "<the program's directory>/../share/<rel>" (the program read from /proc/self/exe) when that
 * is a directory, else built_in: /usr/sbin/zhucun-server finds /usr/share/zhucun/migrations,
 * and so does the same file unpacked under any root (`dpkg-deb -x`), while a build tree's
 * program keeps the source paths it was compiled with. Written into buf (cap bytes); returns
 * buf, or built_in when the path would not fit or there is no such directory. */
const char *pkg_data_path(char *buf, size_t cap, const char *rel, const char *built_in);

#endif
