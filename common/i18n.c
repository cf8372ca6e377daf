/* i18n.c -- the locale and gettext set-up the clients share. */
#include "common/i18n.h"
#include "common/pkgpaths.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

void i18n_init(const char *domain, const char *also, const char *localedir, const char *dir_env)
{
    const char *lc = setlocale(LC_ALL, "");
    const char *msgs = setlocale(LC_MESSAGES, NULL);
    if (lc == NULL || msgs == NULL || strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    /* JSON output, coordinates and strtod want a decimal point whatever the user's locale. */
    setlocale(LC_NUMERIC, "C");
    const char *language = getenv("LANGUAGE");
    if (language == NULL || language[0] == '\0')
        setenv("LANGUAGE", "zh_CN", 1);
    const char *dir = dir_env != NULL ? getenv(dir_env) : NULL;
    /* An installed program's catalogues are in its tree's share/locale (a package's, or one
     * unpacked anywhere); a build tree's program uses the build's (localedir). */
    char installed[PATH_MAX];
    if (dir == NULL || dir[0] == '\0')
        dir = pkg_data_path(installed, sizeof(installed), "locale", localedir);
    bindtextdomain(domain, dir);
    bind_textdomain_codeset(domain, "UTF-8");
    if (also != NULL) {
        bindtextdomain(also, dir);
        bind_textdomain_codeset(also, "UTF-8");
    }
    textdomain(domain);
}
