/* userfile.h -- where a client keeps its files for one user (the session token, the outbox):
 * the XDG base directory path and its private parent directories. */
#ifndef ZHUCUN_USERFILE_H
#define ZHUCUN_USERFILE_H

/* $<xdg_env>/zhucun/<name> when that variable holds an absolute path, else
 * $HOME/<home_dir>/zhucun/<name> (the XDG default, e.g. ".cache" or ".local/state"); a fresh
 * string, or NULL when neither is set. */
char *userfile_path(const char *xdg_env, const char *home_dir, const char *name);

/* mkdir -p of the directory part of path; what it creates gets mode 0700. 0, or -1 with errno
 * when a directory could not be made (ENOTDIR when something else stands in its place). */
int userfile_make_parent(const char *path);

#endif
