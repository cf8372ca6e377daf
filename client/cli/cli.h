/* cli.h -- what the zhucun subcommands share: options, output, connecting with the cached
 * session, and mapping errors to exit codes. */
#ifndef ZHUCUN_CLI_H
#define ZHUCUN_CLI_H

#include <libintl.h>
#include <stdio.h>

#include "common/config.h"
#include "zhucun_client.h"

/* Messages people read are written in Chinese, the program's first language, and looked up
 * in the catalogue of LANGUAGE (po/en.po: English) when one is asked for (docs/cli.md). */
#define CLI_DOMAIN ZC_MESSAGES_DOMAIN
#define _(s)       dgettext(CLI_DOMAIN, s)
#define N_(s)      (s)

#define CLIENT_NAME        "zhucun-cli/" ZHUCUN_VERSION
#define PING_MAX_COUNT     1000000
#define PING_MAX_PIPELINE  10000
#define CLI_MAX_TAGS       8
#define CLI_MAX_MEMBERS    30
#define CLI_MAX_CADRES     10
#define CLI_MAX_PROBLEMS   20
#define CLI_MAX_LIMIT      10000000 /* --limit and --batch */
#define CLI_MAX_ACCURACY_M 100000

struct cli {
    struct client_config cfg;
    char *config_path;
    const char *usage; /* the command's usage, for cli_usage */
    int json;
    int password_stdin;
    long long count;
    long long pipeline;
    /* org */
    long long depth;
    const char *under;
    int has_lat, has_lon;
    double lat, lon;
    long long geofence;
    const char *tags[CLI_MAX_TAGS];
    int ntags;
    int set_tags;
    /* unit, user, team */
    const char *name, *level, *org, *leader, *office, *phone, *role, *scope, *kind, *post;
    const char *start, *end, *reason, *note;
    long long unit;
    int party;
    int history;
    /* households */
    const char *village, *since, *category, *from, *search, *address;
    int absent, present;
    const char *members[CLI_MAX_MEMBERS];
    int nmembers;
    const char *on;     /* household member leave --on */
    long long new_head; /* household member leave --new-head */
    /* visits */
    long long household;
    const char *date, *mode, *as_of;
    long long cadres[CLI_MAX_CADRES];
    int ncadres;
    const char *problems[CLI_MAX_PROBLEMS];
    int nproblems;
    long long person, team;
    const char *status;
    /* approvals */
    int follow;
    const char *channel, *to;
    /* export */
    const char *format, *state, *out;
    int cert_login;
    /* audit verify */
    long long batch;
    /* report */
    const char *period, *by, *xlsx;
    int unmet;
    long long after, limit;
    /* check-ins and attendance */
    int has_accuracy;
    double accuracy;
    const char *device, *week;
    int mock, short_only;
};

/* Prints err to stderr ("zhucun: message（字段 f）") and returns its exit code. */
int cli_fail(const struct zc_error *err);
/* Writes s as a JSON string to stdout. */
void cli_json_str(const char *s);
/* A line from stdin, or a no-echo prompt on the terminal; NULL when none. Free with cli_wipe. */
char *cli_read_secret(const char *prompt, int from_stdin);
void cli_wipe(char *s);
/* The session file path (fresh string) or NULL. */
char *cli_session_path(struct cli *cli);
/* Connects with Hello, resuming token when not NULL. */
int cli_connect(struct cli *cli, const char *token, struct zc_client **c, struct zc_error *err);
/* Connects with the cached session; without one fails with UNAUTHENTICATED when need_token. */
int cli_connect_session(struct cli *cli, struct zc_client **c, struct zc_error *err,
                        int need_token);
/* Connects with the session and makes one call; returns 0 with *out, or the exit code after
 * printing the error. */
int cli_call(struct cli *cli, Zhucun__Request *req, Zhucun__Reply **out);
/* zc_call for a write that must not happen twice: sends a fresh idempotency key and, when
 * the connection is lost before the answer, tries once more with the same key. Returns 0, or
 * -1 with err set and *out holding the failed reply, if any (free it; cli_fail prints err). */
int cli_call_keyed(struct cli *cli, Zhucun__Request *req, Zhucun__Reply **out,
                   struct zc_error *err);
/* For a file's import refused line by line: prints every field error of reply (each names its
 * line), frees reply, then the summary; returns the exit code. */
int cli_fail_lines(Zhucun__Reply *reply, struct zc_error *err);
/* cli_call for a write with an empty answer: prints done (or {"ok":true}) on success. */
int cli_call_ok(struct cli *cli, Zhucun__Request *req, const char *done);
/* Prints the command's usage (cli->usage) to stderr and returns EXIT_USAGE. */
int cli_usage(const struct cli *cli);

/* Every numeric argument and option is read by these: the whole text must be a decimal number
 * (digits; a leading '-' only when min < 0; for cli_real one '.' between digits), without
 * spaces or '+', within [min, max]. They return 0 with *out, or print
 * "zhucun: NAME 应为 …（收到 “TEXT”）" naming the argument and return EXIT_USAGE. */
int cli_int(const char *name, const char *text, long long min, long long max, long long *out);
/* cli_int for an id: 1 .. INT64_MAX. */
int cli_id(const char *name, const char *text, long long *out);
int cli_real(const char *name, const char *text, double min, double max, double *out);
/* The test of cli_int without a message (for numbers inside files and option values that
 * report their own problem): 0 with *out, or -1. */
int cli_parse_int(const char *text, long long min, long long max, long long *out);
/* Reads a whole file (path "-": stdin) into a fresh NUL-terminated string; stops reading
 * past max bytes (*len then says more than max). NULL with errno on failure. */
char *cli_read_file(const char *path, size_t max, size_t *len);

/* An import file (path "-": stdin) as text: at most CLI_IMPORT_MAX bytes of UTF-8 without a
 * NUL byte. NULL after saying why (a bad byte by its line and character), with the exit code
 * in *rc (1 unreadable, 6 too large, binary or not UTF-8). */
#define CLI_IMPORT_MAX (4u * 1024 * 1024)
char *cli_read_import(const char *path, size_t *len, int *rc);

/* cmd_auth.c */
int cmd_login(struct cli *cli, int argc, char **argv);
int cmd_logout(struct cli *cli, int argc, char **argv);
int cmd_whoami(struct cli *cli, int argc, char **argv);
int cmd_passwd(struct cli *cli, int argc, char **argv);
int cmd_ping(struct cli *cli, int argc, char **argv);
/* cmd_org.c */
int cmd_org(struct cli *cli, int argc, char **argv);
/* cmd_people.c */
int cmd_unit(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_team(struct cli *cli, int argc, char **argv);
/* cmd_household.c */
int cmd_household(struct cli *cli, int argc, char **argv);
/* cmd_visit.c */
int cmd_visits(struct cli *cli, int argc, char **argv);
int cmd_items(struct cli *cli, int argc, char **argv);

/* cmd_approval.c */
int cmd_queue(struct cli *cli, int argc, char **argv);
int cmd_approve(struct cli *cli, int argc, char **argv);
int cmd_reject(struct cli *cli, int argc, char **argv);
int cmd_return(struct cli *cli, int argc, char **argv);
int cmd_leave(struct cli *cli, int argc, char **argv);
int cmd_delegate(struct cli *cli, int argc, char **argv);

/* cmd_export.c */
int cmd_export(struct cli *cli, int argc, char **argv);

/* cmd_audit.c */
int cmd_audit(struct cli *cli, int argc, char **argv);

/* cmd_report.c */
int cmd_report(struct cli *cli, int argc, char **argv);

/* cmd_attendance.c */
int cmd_checkin(struct cli *cli, int argc, char **argv);
int cmd_attendance(struct cli *cli, int argc, char **argv);

#endif
