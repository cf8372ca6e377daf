/* cli.h -- what the zhucun subcommands share: options, output, connecting with the cached
 * session, and mapping errors to exit codes. */
#ifndef ZHUCUN_CLI_H
#define ZHUCUN_CLI_H

#include <getopt.h>
#include <libintl.h>
#include <stdio.h>

#include "common/config.h"
#include "session_file.h"
#include "zc_calls.h"
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
#define CLI_MAX_MEASURES   20 /* PLAN_MEASURES_MAX */
#define CLI_MAX_FUNDS      7  /* PROJECT_NSOURCES */
#define CLI_MAX_EVIDENCE   20 /* LEDGER_, SERVICE_, POLICY_EVIDENCE_MAX */
#define CLI_MAX_QUESTIONS  20 /* QUIZ_QUESTIONS_MAX */
#define CLI_MAX_MISSING    5  /* the look-back's documents list (lookback_n_docs) */
#define CLI_MAX_LINKS      30 /* DIARY_LINKS_MAX */

struct cli;

/* One command (or subcommand) of zhucun: a row of the table its cmd_*.c exports, from which
 * main.c finds it, `zhucun --help` and `zhucun COMMAND [SUB] --help` print its usage and
 * `zhucun help --calls` lists the server calls it makes (docs/cli.md, "Adding a command"). */
struct cli_command {
    const char *name; /* the command word: "leave" */
    const char *sub;  /* its subcommand, one or two words ("request", "member add"), or NULL */
    /* Runs it with the arguments after the command and subcommand words; the options are in
     * cli already. Returns the exit code. */
    int (*run)(struct cli *cli, int argc, char **argv);
    const struct option *options; /* the options it takes (getopt_long; ends with OPT_END_) */
    const char *usage;            /* N_(): its lines of the usage, looked up when printed */
    const char *calls;            /* the server calls it makes, by name, space-separated */
};

/* The command tables, each ending with a row whose name is NULL. */
extern const struct cli_command cli_auth_commands[];       /* cmd_auth.c */
extern const struct cli_command cli_org_commands[];        /* cmd_org.c */
extern const struct cli_command cli_people_commands[];     /* cmd_people.c */
extern const struct cli_command cli_household_commands[];  /* cmd_household.c */
extern const struct cli_command cli_visit_commands[];      /* cmd_visit.c */
extern const struct cli_command cli_report_commands[];     /* cmd_report.c */
extern const struct cli_command cli_attendance_commands[]; /* cmd_attendance.c */
extern const struct cli_command cli_approval_commands[];   /* cmd_approval.c */
extern const struct cli_command cli_export_commands[];     /* cmd_export.c */
extern const struct cli_command cli_audit_commands[];      /* cmd_audit.c */
extern const struct cli_command cli_outbox_commands[];     /* cmd_outbox.c */
extern const struct cli_command cli_guarantee_commands[];  /* cmd_guarantee.c */
extern const struct cli_command cli_ledger_commands[];     /* cmd_ledger.c */
extern const struct cli_command cli_attach_commands[];     /* cmd_attach.c */
extern const struct cli_command cli_points_commands[];     /* cmd_points.c */
extern const struct cli_command cli_build_commands[];      /* cmd_build.c */
extern const struct cli_command cli_asset_commands[];      /* cmd_asset.c */
extern const struct cli_command cli_policy_commands[];     /* cmd_policy.c */
extern const struct cli_command cli_lookback_commands[];   /* cmd_lookback.c */
extern const struct cli_command cli_monitoring_commands[]; /* cmd_monitoring.c */
extern const struct cli_command cli_income_commands[];     /* cmd_income.c */
extern const struct cli_command cli_service_commands[];    /* cmd_service.c */
extern const struct cli_command cli_contest_commands[];    /* cmd_service.c */
extern const struct cli_command cli_project_commands[];    /* cmd_project.c */
extern const struct cli_command cli_consume_commands[];    /* cmd_consume.c */
extern const struct cli_command cli_inspect_commands[];    /* cmd_inspect.c */
extern const struct cli_command cli_stars_commands[];      /* cmd_stars.c */
extern const struct cli_command cli_assess_commands[];     /* cmd_assess.c */
extern const struct cli_command cli_training_commands[];   /* cmd_training.c */
extern const struct cli_command cli_notices_commands[];    /* cmd_notices.c */
extern const struct cli_command cli_tasks_commands[];      /* cmd_tasks.c */
extern const struct cli_command cli_diary_commands[];      /* cmd_diary.c */
extern const struct cli_command cli_allowance_commands[];  /* cmd_allowance.c */

/* Every option a command may take: the code getopt_long returns for it (cli_set_option reads
 * its value into struct cli) and its getopt_long row, O_NAME, for the commands' tables. An
 * option has one name, code and kind of argument in every command that takes it. */
enum cli_option {
    OPT_PASSWORD_STDIN = 1000,
    OPT_CERT_LOGIN,
    OPT_COUNT,
    OPT_PIPELINE,
    OPT_DEPTH,
    OPT_UNDER,
    OPT_LAT,
    OPT_LON,
    OPT_GEOFENCE,
    OPT_TAG,
    OPT_NO_TAGS,
    OPT_NAME,
    OPT_LEVEL,
    OPT_ORG,
    OPT_LEADER,
    OPT_OFFICE,
    OPT_PHONE,
    OPT_ROLE,
    OPT_SCOPE,
    OPT_KIND,
    OPT_POST,
    OPT_START,
    OPT_END,
    OPT_REASON,
    OPT_NOTE,
    OPT_UNIT,
    OPT_PARTY,
    OPT_HISTORY,
    OPT_VILLAGE,
    OPT_SINCE,
    OPT_CATEGORY,
    OPT_FROM,
    OPT_SEARCH,
    OPT_ADDRESS,
    OPT_ABSENT,
    OPT_PRESENT,
    OPT_MEMBER,
    OPT_HOUSEHOLD,
    OPT_DATE,
    OPT_MODE,
    OPT_CADRE,
    OPT_PROBLEM,
    OPT_AS_OF,
    OPT_PERSON,
    OPT_TEAM,
    OPT_STATUS,
    OPT_ON,
    OPT_NEW_HEAD,
    OPT_FOLLOW,
    OPT_CHANNEL,
    OPT_TO,
    OPT_FORMAT,
    OPT_STATE,
    OPT_OUT,
    OPT_PERIOD,
    OPT_BY,
    OPT_UNMET,
    OPT_XLSX,
    OPT_AFTER,
    OPT_LIMIT,
    OPT_ACCURACY,
    OPT_DEVICE,
    OPT_MOCK,
    OPT_WEEK,
    OPT_SHORT,
    OPT_BATCH,
    OPT_CALLS,
    OPT_PLACE,
    OPT_DELIVERED,
    OPT_CHRONIC,
    OPT_COST,
    OPT_OWN,
    OPT_RENOVATION,
    OPT_WORK,
    OPT_AREA,
    OPT_LIST,
    OPT_TOPIC,
    OPT_DEADLINE,
    OPT_URGENT,
    OPT_EVIDENCE,
    OPT_TRAINING,
    OPT_RECORD,
    OPT_THUMBNAIL,
    OPT_SUBSIDY,
    OPT_YEAR,
    OPT_MONTH,
    OPT_MEMBERS,
    OPT_ACK,
    OPT_MEASURE,
    OPT_FOLLOWS,
    OPT_MEDIATION,
    OPT_AMOUNT,
    OPT_STEP,
    OPT_HANDLER,
    OPT_OPEN,
    OPT_RANK,
    OPT_AWARD,
    OPT_TITLE,
    OPT_QUESTION,
    OPT_ANSWER,
    OPT_SAMPLE,
    OPT_SCORE,
    OPT_NOT_REACHED,
    OPT_PLATFORM,
    OPT_URL,
    OPT_MINUTES,
    OPT_VILLAGES,
    OPT_FUND,
    OPT_BUDGET,
    OPT_RESPONSIBLE,
    OPT_EXPECTED,
    OPT_BENEFICIARIES,
    OPT_SORT,
    OPT_OFFSET,
    OPT_UPKEEP,
    OPT_VERDICT,
    OPT_MISSING,
    OPT_FOUND,
    OPT_DRY_RUN,
    OPT_PDF,
    OPT_HALF,
    OPT_QUARTER,
    OPT_MET,
    OPT_LINK,
    OPT_COUNTY,
    OPT_OFFICES,
    OPT_TREND,
    OPT_COMMANDS,
};
/* clang-format off */
#define CLI_ARG(name, code)  {name, required_argument, NULL, code}
#define CLI_FLAG(name, code) {name, no_argument, NULL, code}
#define O_PASSWORD_STDIN CLI_FLAG("password-stdin", OPT_PASSWORD_STDIN)
#define O_CERT_LOGIN     CLI_FLAG("cert-login", OPT_CERT_LOGIN)
#define O_COUNT          CLI_ARG("count", OPT_COUNT)
#define O_PIPELINE       CLI_ARG("pipeline", OPT_PIPELINE)
#define O_DEPTH          CLI_ARG("depth", OPT_DEPTH)
#define O_UNDER          CLI_ARG("under", OPT_UNDER)
#define O_LAT            CLI_ARG("lat", OPT_LAT)
#define O_LON            CLI_ARG("lon", OPT_LON)
#define O_GEOFENCE       CLI_ARG("geofence", OPT_GEOFENCE)
#define O_TAG            CLI_ARG("tag", OPT_TAG)
#define O_NO_TAGS        CLI_FLAG("no-tags", OPT_NO_TAGS)
#define O_NAME           CLI_ARG("name", OPT_NAME)
#define O_LEVEL          CLI_ARG("level", OPT_LEVEL)
#define O_ORG            CLI_ARG("org", OPT_ORG)
#define O_LEADER         CLI_ARG("leader", OPT_LEADER)
#define O_OFFICE         CLI_ARG("office", OPT_OFFICE)
#define O_PHONE          CLI_ARG("phone", OPT_PHONE)
#define O_ROLE           CLI_ARG("role", OPT_ROLE)
#define O_SCOPE          CLI_ARG("scope", OPT_SCOPE)
#define O_KIND           CLI_ARG("kind", OPT_KIND)
#define O_POST           CLI_ARG("post", OPT_POST)
#define O_START          CLI_ARG("start", OPT_START)
#define O_END            CLI_ARG("end", OPT_END)
#define O_REASON         CLI_ARG("reason", OPT_REASON)
#define O_NOTE           CLI_ARG("note", OPT_NOTE)
#define O_UNIT           CLI_ARG("unit", OPT_UNIT)
#define O_PARTY          CLI_FLAG("party", OPT_PARTY)
#define O_HISTORY        CLI_FLAG("history", OPT_HISTORY)
#define O_VILLAGE        CLI_ARG("village", OPT_VILLAGE)
#define O_SINCE          CLI_ARG("since", OPT_SINCE)
#define O_CATEGORY       CLI_ARG("category", OPT_CATEGORY)
#define O_FROM           CLI_ARG("from", OPT_FROM)
#define O_SEARCH         CLI_ARG("search", OPT_SEARCH)
#define O_ADDRESS        CLI_ARG("address", OPT_ADDRESS)
#define O_ABSENT         CLI_FLAG("absent", OPT_ABSENT)
#define O_PRESENT        CLI_FLAG("present", OPT_PRESENT)
#define O_MEMBER         CLI_ARG("member", OPT_MEMBER)
#define O_HOUSEHOLD      CLI_ARG("household", OPT_HOUSEHOLD)
#define O_DATE           CLI_ARG("date", OPT_DATE)
#define O_MODE           CLI_ARG("mode", OPT_MODE)
#define O_CADRE          CLI_ARG("cadre", OPT_CADRE)
#define O_PROBLEM        CLI_ARG("problem", OPT_PROBLEM)
#define O_AS_OF          CLI_ARG("as-of", OPT_AS_OF)
#define O_PERSON         CLI_ARG("person", OPT_PERSON)
#define O_TEAM           CLI_ARG("team", OPT_TEAM)
#define O_STATUS         CLI_ARG("status", OPT_STATUS)
#define O_ON             CLI_ARG("on", OPT_ON)
#define O_NEW_HEAD       CLI_ARG("new-head", OPT_NEW_HEAD)
#define O_FOLLOW         CLI_FLAG("follow", OPT_FOLLOW)
#define O_CHANNEL        CLI_ARG("channel", OPT_CHANNEL)
#define O_TO             CLI_ARG("to", OPT_TO)
#define O_FORMAT         CLI_ARG("format", OPT_FORMAT)
#define O_STATE          CLI_ARG("state", OPT_STATE)
#define O_AREA           CLI_ARG("area", OPT_AREA)
#define O_LIST           CLI_ARG("list", OPT_LIST)
#define O_TOPIC          CLI_ARG("topic", OPT_TOPIC)
#define O_DEADLINE       CLI_ARG("deadline", OPT_DEADLINE)
#define O_URGENT         CLI_FLAG("urgent", OPT_URGENT)
#define O_EVIDENCE       CLI_ARG("evidence", OPT_EVIDENCE)
#define O_OUT            CLI_ARG("out", OPT_OUT)
#define O_PERIOD         CLI_ARG("period", OPT_PERIOD)
#define O_BY             CLI_ARG("by", OPT_BY)
#define O_RECORD         CLI_ARG("record", OPT_RECORD)
#define O_THUMBNAIL      CLI_FLAG("thumbnail", OPT_THUMBNAIL)
#define O_UNMET          CLI_FLAG("unmet", OPT_UNMET)
#define O_XLSX           CLI_ARG("xlsx", OPT_XLSX)
#define O_AFTER          CLI_ARG("after", OPT_AFTER)
#define O_LIMIT          CLI_ARG("limit", OPT_LIMIT)
#define O_ACCURACY       CLI_ARG("accuracy", OPT_ACCURACY)
#define O_DEVICE         CLI_ARG("device", OPT_DEVICE)
#define O_MOCK           CLI_FLAG("mock", OPT_MOCK)
#define O_WEEK           CLI_ARG("week", OPT_WEEK)
#define O_SHORT          CLI_FLAG("short", OPT_SHORT)
#define O_BATCH          CLI_ARG("batch", OPT_BATCH)
#define O_CALLS          CLI_FLAG("calls", OPT_CALLS)
#define O_PLACE          CLI_ARG("place", OPT_PLACE)
#define O_DELIVERED      CLI_FLAG("delivered", OPT_DELIVERED)
#define O_CHRONIC        CLI_ARG("chronic", OPT_CHRONIC)
#define O_COST           CLI_ARG("cost", OPT_COST)
#define O_OWN            CLI_ARG("own", OPT_OWN)
#define O_RENOVATION     CLI_ARG("renovation", OPT_RENOVATION)
#define O_WORK           CLI_ARG("work", OPT_WORK)
#define O_TRAINING       CLI_ARG("training", OPT_TRAINING)
#define O_SUBSIDY        CLI_ARG("subsidy", OPT_SUBSIDY)
#define O_YEAR           CLI_ARG("year", OPT_YEAR)
#define O_MONTH          CLI_ARG("month", OPT_MONTH)
#define O_MEMBERS        CLI_ARG("members", OPT_MEMBERS)
#define O_ACK            CLI_ARG("ack", OPT_ACK)
#define O_MEASURE        CLI_ARG("measure", OPT_MEASURE)
#define O_FOLLOWS        CLI_ARG("follows", OPT_FOLLOWS)
#define O_MEDIATION      CLI_ARG("mediation", OPT_MEDIATION)
#define O_AMOUNT         CLI_ARG("amount", OPT_AMOUNT)
#define O_STEP           CLI_ARG("step", OPT_STEP)
#define O_HANDLER        CLI_ARG("handler", OPT_HANDLER)
#define O_OPEN           CLI_FLAG("open", OPT_OPEN)
#define O_RANK           CLI_ARG("rank", OPT_RANK)
#define O_AWARD          CLI_ARG("award", OPT_AWARD)
#define O_TITLE          CLI_ARG("title", OPT_TITLE)
#define O_QUESTION       CLI_ARG("question", OPT_QUESTION)
#define O_ANSWER         CLI_ARG("answer", OPT_ANSWER)
#define O_SAMPLE         CLI_ARG("sample", OPT_SAMPLE)
#define O_SCORE          CLI_ARG("score", OPT_SCORE)
#define O_NOT_REACHED    CLI_FLAG("not-reached", OPT_NOT_REACHED)
#define O_PLATFORM       CLI_ARG("platform", OPT_PLATFORM)
#define O_URL            CLI_ARG("url", OPT_URL)
#define O_MINUTES        CLI_ARG("minutes", OPT_MINUTES)
#define O_VILLAGES       CLI_ARG("villages", OPT_VILLAGES)
#define O_FUND           CLI_ARG("fund", OPT_FUND)
#define O_BUDGET         CLI_ARG("budget", OPT_BUDGET)
#define O_RESPONSIBLE    CLI_ARG("responsible", OPT_RESPONSIBLE)
#define O_EXPECTED       CLI_ARG("expected", OPT_EXPECTED)
#define O_BENEFICIARIES  CLI_ARG("beneficiaries", OPT_BENEFICIARIES)
#define O_SORT           CLI_ARG("sort", OPT_SORT)
#define O_OFFSET         CLI_ARG("offset", OPT_OFFSET)
#define O_UPKEEP         CLI_ARG("upkeep", OPT_UPKEEP)
#define O_VERDICT        CLI_ARG("verdict", OPT_VERDICT)
#define O_MISSING        CLI_ARG("missing", OPT_MISSING)
#define O_FOUND          CLI_ARG("found", OPT_FOUND)
#define O_DRY_RUN        CLI_FLAG("dry-run", OPT_DRY_RUN)
#define O_PDF            CLI_ARG("pdf", OPT_PDF)
#define O_HALF           CLI_ARG("half", OPT_HALF)
#define O_QUARTER        CLI_ARG("quarter", OPT_QUARTER)
#define O_MET            CLI_ARG("met", OPT_MET)
#define O_LINK           CLI_ARG("link", OPT_LINK)
#define O_COUNTY         CLI_ARG("county", OPT_COUNTY)
#define O_OFFICES        CLI_ARG("offices", OPT_OFFICES)
#define O_TREND          CLI_ARG("trend", OPT_TREND)
#define O_COMMANDS       CLI_FLAG("commands", OPT_COMMANDS)
#define OPT_END_         {NULL, 0, NULL, 0}
/* clang-format on */

/* Reads the value of option code (arg: its text, NULL for a flag) into cli: 0, or EXIT_USAGE
 * after saying what is wrong with the value. */
int cli_set_option(struct cli *cli, int code, const char *arg);

struct cli {
    struct client_config cfg;
    char *config_path;
    const char *outbox; /* --outbox or ZHUCUN_OUTBOX; NULL: the library's default file */
    int offline; /* --offline, ZHUCUN_OFFLINE=1 or [client] offline = 1: writes wait when no server
                  */
    const struct cli_command *cmd; /* the command running */
    const char *usage;             /* its usage (looked up), for cli_usage */
    const char *subject;           /* what the command names (a username), for its text */
    int json;
    int quiet; /* --quiet: no progress lines (common/progress.h) */
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
    /* ledgers (cmd_ledger.c) */
    const char *area, *list, *topic, *deadline;
    int urgent;
    /* unit, user, team */
    const char *name, *level, *org, *leader, *office, *phone, *role, *scope, *kind, *post;
    const char *start, *end, *reason, *note;
    long long unit;
    int party;
    /* attachments */
    long long record;
    int thumbnail;
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
    /* help */
    int calls;
    /* guarantees and labour (numbers read by cmd_guarantee.c) */
    const char *place, *chronic, *cost, *own, *renovation, *work, *training, *subsidy, *year;
    int delivered;
    /* income sums and plans */
    const char *month, *ack;
    long long members_counted;
    const char *measures[CLI_MAX_MEASURES];
    int nmeasures;
    /* service cases (numbers and hashes read by cmd_service.c) */
    const char *mediation, *amount, *step;
    /* --evidence SHA256, repeatable (ledger, service, contest, video, broadcast): the uploaded
     * files' hashes (zhucun attach add prints them), read whole when the option is */
    uint8_t evidence_sha[CLI_MAX_EVIDENCE][32];
    ProtobufCBinaryData evidence[CLI_MAX_EVIDENCE];
    int nevidence;
    long long follows, handler;
    int open_only;
    /* competitions */
    const char *award;
    long long rank;
    /* policy delivery (numbers read by cmd_policy.c) */
    const char *title, *sample, *score, *platform, *url, *minutes; /* and topic, above */
    /* the look-back (cmd_lookback.c; --problem, --area, --person, --deadline above) */
    const char *upkeep, *verdict, *found;
    const char *missing[CLI_MAX_MISSING];
    int nmissing;
    int dry_run;                /* project import --dry-run */
    const char *pdf;            /* circular get --pdf FILE (cmd_inspect.c; --xlsx FILE above) */
    const char *half, *quarter; /* stars codes --half H --quarter Q (cmd_stars.c) */
    int not_reached;
    const char *questions[CLI_MAX_QUESTIONS], *answers[CLI_MAX_QUESTIONS];
    int nquestions, nanswers;
    /* projects (read by cmd_project.c): --fund SOURCE=YUAN, repeatable */
    const char *villages, *budget, *responsible, *expected, *beneficiaries, *sort, *offset;
    const char *funds[CLI_MAX_FUNDS];
    int nfunds;
    /* TLS resumption (docs/cli.md, "Start-up"), set up by the first connection: the file
     * the newest session is kept in (NULL when none is kept) and what it is bound to. */
    char *tls_path;
    char tls_binding[SESSION_TLS_BINDING_LEN];
    int tls_off; /* 1: no session is offered or kept (ZHUCUN_TLS_RESUME=0, or no file) */
    /* the work diary (cmd_diary.c): --met TEXT, --link KIND:ID repeatable */
    const char *met;
    const char *links[CLI_MAX_LINKS];
    int nlinks;
    /* allowance rates (cmd_allowance.c): --county CODE */
    const char *county;
    /* notices send --offices CODE (cmd_notices.c): the offices below CODE */
    const char *offices;
    /* report charts (cmd_report.c): --trend FROM..TO */
    const char *trend;
    /* zhucun help --commands: the command table for the shell's completion */
    int commands;
};

/* Prints err to stderr ("zhucun: message（字段 f）") and returns its exit code. */
int cli_fail(const struct zc_error *err);
/* --json: msg on stdout as one line by the one writer (common/pbjson.c; NULL, a reply
 * without a body, is {}), flushed. */
void cli_json(const ProtobufCMessage *msg);
/* The body of reply (the member of its oneof that is set), or NULL when it has none. */
const ProtobufCMessage *cli_reply_body(const Zhucun__Reply *reply);
/* A line from stdin, or a no-echo prompt on the terminal; NULL when none. Free with cli_wipe. */
char *cli_read_secret(const char *prompt, int from_stdin);
void cli_wipe(char *s);
/* 1 when the ZHUCUN_DEBUG variable names what ("tls": each connection says on stderr
 * whether its TLS handshake resumed a session, "zhucun: tls_resumed=1"). */
int cli_debug(const char *what);
/* The session file path (fresh string) or NULL. */
char *cli_session_path(struct cli *cli);
/* Connects with Hello, resuming token when not NULL. */
int cli_connect(struct cli *cli, const char *token, struct zc_client **c, struct zc_error *err);
/* Connects with the cached session; without one fails with UNAUTHENTICATED when need_token. */
int cli_connect_session(struct cli *cli, struct zc_client **c, struct zc_error *err,
                        int need_token);
/* Connects with the session and makes the call whose body is body (a member of Request's
 * oneof: a Zhucun__LeaveRequest ...) through zc_request, the generic form of the typed calls
 * of zc_calls.h: the argument is checked as the server checks it before anything is sent (or
 * connected), a keyed write gets its idempotency key and its one retry (docs/client-lib.md).
 * Returns 0 with *out, or -1 with err and *out holding the failed reply, if any (free it;
 * cli_fail prints err). */
int cli_request(struct cli *cli, const ProtobufCMessage *body, Zhucun__Reply **out,
                struct zc_error *err);
/* cli_request for an import file the CLI has checked (lines: its data lines): on a terminal's
 * stderr the lines checked and "sending" while the server works, then the lines sent and the
 * time (common/progress.h; nothing in batch or with --quiet). */
int cli_request_import(struct cli *cli, const ProtobufCMessage *body, size_t lines,
                       Zhucun__Reply **out, struct zc_error *err);
/* cli_request that prints the error: 0 with *out, or the exit code. */
int cli_call(struct cli *cli, const ProtobufCMessage *body, Zhucun__Reply **out);
/* The name of org unit code (OrgShow) in buf, for a workbook's title: code itself when the
 * call fails, "管辖范围" (the caller's scope) when code is NULL or empty. Returns the name. */
const char *cli_org_name(struct cli *cli, const char *code, char *buf, size_t cap);
/* For a file's import refused line by line: prints every field error of reply (each names its
 * line), frees reply, then the summary; returns the exit code. */
int cli_fail_lines(Zhucun__Reply *reply, struct zc_error *err);
/* cli_call for a write that says only that it was done: prints done, or with --json the
 * reply's body (docs/cli.md), on success. */
int cli_call_ok(struct cli *cli, const ProtobufCMessage *body, const char *done);
/* How a command shows a reply to people. */
typedef void (*cli_text_fn)(const struct cli *cli, const Zhucun__Reply *reply);
/* cli_call, then shows the reply: with --json its body (cli_json), else text(cli, reply).
 * Returns 0 or the exit code after printing the error. */
int cli_call_show(struct cli *cli, const ProtobufCMessage *body, cli_text_fn text);
/* How long a follower (--follow) waits for an event before it checks the connection with a
 * ping. */
#define CLI_FOLLOW_POLL_MS 20000
/* A follower's loop, after the follow call was answered: every event (a Reply of id 0) whose
 * body is kind is shown as it comes (with --json its body as one more line, else text); a
 * quiet connection is pinged every CLI_FOLLOW_POLL_MS. Returns only when the connection
 * fails or the server ends it with a status: -1 with err saying why. */
int cli_follow(struct cli *cli, struct zc_client *c, Zhucun__Reply__BodyCase kind, cli_text_fn text,
               struct zc_error *err);
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

/* A household category's name for people (poverty_alleviated: 脱贫户 …); an unknown one as it is.
 */
const char *cli_category_zh(const char *category);

/* Prints s in width terminal columns, left-aligned (right: right-aligned), for the text
 * tables: a Chinese character takes two (glibc's wcwidth in C.UTF-8, whatever the caller's
 * locale), so columns of Chinese labels line up. */
void cli_print_cell(const char *s, int width, int right);
/* A table's line: n cells, each in widths[i] terminal cells, left-aligned for a width > 0 (text
 * columns), right-aligned for a width < 0 (number columns), one space apart. The heading line
 * and every row of a table are printed with it, in the same widths. */
void cli_print_row(const char *const *cells, const int *widths, int n);
struct xlsx_book;
/* Writes the workbook (xlsx_close) and says where it went ("已导出 FILE"): a --xlsx command's
 * last step. Returns 0, or EXIT_FAILURE after printing why. */
int cli_xlsx_done(struct xlsx_book *b);
/* A household member's relation to the head for people (spouse: 配偶 …); an unknown one as it
 * is. */
const char *cli_relation_zh(const char *relation);
/* An approval's status for people (a leave's, an elimination's: pending 审批中 …; anything else
 * is a cancelled one, 已撤销). */
const char *cli_approval_status_zh(const char *status);
/* A dispatching unit's level for people (province: 省直单位 …); an unknown one as it is. */
const char *cli_unit_level_zh(const char *level);

/* --date, or today (the client's clock) when it is not given: into day, which it returns. */
const char *cli_day_or_today(const struct cli *cli, char day[11]);

#endif
