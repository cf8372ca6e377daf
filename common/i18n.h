/* i18n.h -- gettext for the clients (zhucun and zhucun-desk): Chinese first, another language
 * only when the user names one in LANGUAGE (docs/cli.md). */
#ifndef ZHUCUN_I18N_H
#define ZHUCUN_I18N_H

/* Sets the locale from the environment (a plain C or POSIX locale becomes C.UTF-8: GNU
 * gettext ignores LANGUAGE in the C locale), keeps LC_NUMERIC at "C" so that numbers are
 * printed and read with a '.', makes zh_CN the language unless LANGUAGE names one, binds
 * domain and also (when not NULL: a library's domain) to localedir (or to the directory in
 * the environment variable dir_env, when set) in UTF-8 and makes domain the default. Call
 * once, before any other thread starts. */
void i18n_init(const char *domain, const char *also, const char *localedir, const char *dir_env);

#endif
