/* main.c -- zhucun, the command-line client: every operation from a shell, for people and for
 * scheduled batch jobs. Exit codes follow the reply status (see common/status.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "common/config.h"
#include "common/rules/account.h"
#include "common/status.h"
#include "common/token.h"
#include "common/xmalloc.h"
#include "session_file.h"
#include "cli.h"
#include "zhucun_client.h"

#define CLIENT_NAME       "zhucun-cli/" ZHUCUN_VERSION
#define PING_MAX_COUNT    1000000
#define PING_MAX_PIPELINE 10000

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: zhucun [global options] COMMAND [ARGS]\n"
        "\n"
        "commands:\n"
        "  login USERNAME [--password-stdin | --cert-login]   log in and cache the session token\n"
        "  logout                              end the session\n"
        "  whoami                              who the cached session belongs to\n"
        "  passwd [--password-stdin]           change your password (stdin: old, new)\n"
        "  ping [--count N] [--pipeline K]     round-trip times (min/median/p99)\n"
        "  org show CODE                       one org unit\n"
        "  org children CODE                   its direct children\n"
        "  org tree [CODE] [--depth N]         the subtree (default: your scope, depth 2)\n"
        "  org search TEXT [--under CODE]      units whose name contains TEXT\n"
        "  org create CODE NAME [--lat X --lon Y] [--geofence M] [--tag T]...\n"
        "  org rename CODE NAME\n"
        "  org set CODE [--lat X --lon Y] [--geofence M] [--tag T]... [--no-tags]\n"
        "  org import FILE|-                   CSV: code,name,level[,lat,lon]\n"
        "  unit list [--org CODE] [--level L] | show ID\n"
        "  unit create NAME --level central|province|city|county --org CODE\n"
        "              [--leader NAME] [--office NAME]\n"
        "  unit update ID [--name N] [--leader N] [--office N]\n"
        "  user add USERNAME --name NAME --org CODE --role ROLE [--scope CODE]\n"
        "           [--phone P] [--party] [--unit ID]   prints the initial password\n"
        "  user show|disable|enable|reset-password USERNAME\n"
        "  user grant|revoke USERNAME --role ROLE --scope CODE [--unit ID]\n"
        "  team show ID | team show --org CODE [--kind village|township]\n"
        "  team members TEAM_ID [--history]\n"
        "  team create NAME --kind village|township --org CODE\n"
        "  team assign TEAM_ID PERSON_ID --post first_secretary|captain|member\n"
        "              [--unit ID] [--start YYYY-MM-DD]\n"
        "  team recall MEMBERSHIP_ID --note TEXT [--reason recall|rotation|term_end|other]\n"
        "              [--end YYYY-MM-DD]\n"
        "  team party-leader TEAM_ID PERSON_ID\n"
        "  household add --village CODE --category C [--absent] [--since D] [--phone P]\n"
        "                [--address A] --member NAME,RELATION,ID,LABOUR,HEALTH[,PHONE]...\n"
        "  household show ID\n"
        "  household list [--village CODE] [--category C] [--absent|--present]\n"
        "                 [--search NAME]\n"
        "  household set-state ID --category C [--absent] [--from D] [--note TEXT]\n"
        "  household import FILE|-             CSV, one row per member; bad lines named\n"
        "  household edit ID [--phone P] [--address A]\n"
        "  household member add ID --member NAME,RELATION,ID,LABOUR,HEALTH[,PHONE]\n"
        "  household member leave ID MEMBER_ID --on D\n"
        "                 --reason moved_out|deceased|married_out [--new-head MEMBER_ID]\n"
        "  visits add --household ID | --village CODE  --date D --mode in_person|phone\n"
        "             --cadre PERSON_ID... [--note TEXT]\n"
        "             [--problem 'TEXT;RESPONSIBLE_ID;DEADLINE[;urgent]']...\n"
        "  visits due [--as-of D]              your villages' unmet visit duties\n"
        "  items [--person ID] [--team ID] [--org CODE] [--status S|all]\n"
        "                                      follow-up items, overdue and urgent first\n"
        "  items update ID --status open|in_progress|resolved [--note TEXT]\n"
        "  queue [--follow]                    what waits for your approval, oldest first;\n"
        "                                      --follow prints new items as they arrive\n"
        "  approve|reject|return STEP_ID [--reason TEXT] [--channel wechat|sms|phone]\n"
        "  leave request --start D --end D --reason TEXT [--person ID --channel C]\n"
        "  leave list [--person ID] [--status S] | leave show ID\n"
        "  leave cancel ID | leave return ID --date D | leave resubmit ID --start D\n"
        "                --end D --reason TEXT\n"
        "  delegate create --to USER --role ROLE --scope CODE --start D --end D\n"
        "  delegate list | delegate revoke ID\n"
        "  export KIND [--scope CODE] --state FILE [--format csv|jsonl] [--out FILE]\n"
        "              [--limit N]             rows changed since the last run\n"
        "  report visits --org CODE --period YYYY-MM [--by org|team|cadre|household]\n"
        "                [--unmet] [--after ID] [--limit N] [--xlsx FILE]\n"
        "                                      visit compliance: due, met, overdue\n"
        "  checkin --lat X --lon Y --accuracy M [--device ID] [--mock]\n"
        "                                      check in where you are (flags shown)\n"
        "  attendance week [--cadre ID] [--week 2026-W48]\n"
        "                                      five days, four nights of one week\n"
        "  attendance report --org CODE [--week W] [--short] [--limit N] [--xlsx FILE]\n"
        "                                      who fell short, by org unit\n"
        "  attendance business --cadre ID --date D --note TEXT\n"
        "                                      record a day of official business\n"
        "  audit verify [--from TIME] [--batch N]\n"
        "                                      walk the audit hash chain (offices); exit 7\n"
        "                                      names the first broken link\n"
        "\n"
        "global options:\n"
        "  --config FILE    client configuration (ZHUCUN_CONFIG;\n"
        "                   default ~/.config/zhucun/client.conf)\n"
        "  --server H:P     server address (ZHUCUN_SERVER)\n"
        "  --ca FILE        CA that signed the server certificate (ZHUCUN_CA)\n"
        "  --session FILE   where the session token is cached (ZHUCUN_SESSION)\n"
        "  --json           machine-readable output\n"
        "\n"
        "exit codes: 0 ok, 1 other error, 2 usage, 3 not logged in, 4 permission denied,\n"
        "5 not found, 6 invalid argument, 7 failed precondition, 8 already exists,\n"
        "9 resource exhausted, 10 unavailable or cannot connect\n");
}

static int load_config(struct cli *cli, const char *server, const char *ca, const char *session)
{
    char err[1024];
    client_config_defaults(&cli->cfg);
    const char *path = cli->config_path ? cli->config_path : getenv("ZHUCUN_CONFIG");
    char *fallback = NULL;
    if (path == NULL) {
        const char *home = getenv("HOME");
        if (home != NULL) {
            fallback = xasprintf("%s/.config/zhucun/client.conf", home);
            struct stat st;
            if (stat(fallback, &st) == 0)
                path = fallback;
        }
    }
    if (path != NULL && client_config_load(&cli->cfg, path, err, sizeof(err)) != 0) {
        fprintf(stderr, "zhucun: %s\n", err);
        free(fallback);
        client_config_free(&cli->cfg);
        return -1;
    }
    free(fallback);
    const char *env;
    if ((env = getenv("ZHUCUN_SERVER")) != NULL && env[0]) {
        free(cli->cfg.server);
        cli->cfg.server = xstrdup(env);
    }
    if ((env = getenv("ZHUCUN_CA")) != NULL && env[0]) {
        free(cli->cfg.ca);
        cli->cfg.ca = xstrdup(env);
    }
    if ((env = getenv("ZHUCUN_SESSION")) != NULL && env[0]) {
        free(cli->cfg.session);
        cli->cfg.session = xstrdup(env);
    }
    if (server != NULL) {
        free(cli->cfg.server);
        cli->cfg.server = xstrdup(server);
    }
    if (ca != NULL) {
        free(cli->cfg.ca);
        cli->cfg.ca = xstrdup(ca);
    }
    if (session != NULL) {
        free(cli->cfg.session);
        cli->cfg.session = xstrdup(session);
    }
    return 0;
}

static long parse_long(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s != '\0' && *end == '\0' ? v : -1;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'a'},
        {"session", required_argument, NULL, 'S'},
        {"json", no_argument, NULL, 'j'},
        {"password-stdin", no_argument, NULL, 'P'},
        {"count", required_argument, NULL, 'n'},
        {"pipeline", required_argument, NULL, 'k'},
        {"depth", required_argument, NULL, 'D'},
        {"under", required_argument, NULL, 'U'},
        {"lat", required_argument, NULL, 'y'},
        {"lon", required_argument, NULL, 'x'},
        {"geofence", required_argument, NULL, 'g'},
        {"tag", required_argument, NULL, 't'},
        {"no-tags", no_argument, NULL, 'T'},
        {"name", required_argument, NULL, 1000},
        {"level", required_argument, NULL, 1001},
        {"org", required_argument, NULL, 1002},
        {"leader", required_argument, NULL, 1003},
        {"office", required_argument, NULL, 1004},
        {"phone", required_argument, NULL, 1005},
        {"role", required_argument, NULL, 1006},
        {"scope", required_argument, NULL, 1007},
        {"kind", required_argument, NULL, 1008},
        {"post", required_argument, NULL, 1009},
        {"start", required_argument, NULL, 1010},
        {"end", required_argument, NULL, 1011},
        {"reason", required_argument, NULL, 1012},
        {"note", required_argument, NULL, 1013},
        {"unit", required_argument, NULL, 1014},
        {"party", no_argument, NULL, 1015},
        {"history", no_argument, NULL, 1016},
        {"village", required_argument, NULL, 1017},
        {"since", required_argument, NULL, 1018},
        {"category", required_argument, NULL, 1019},
        {"from", required_argument, NULL, 1020},
        {"search", required_argument, NULL, 1021},
        {"address", required_argument, NULL, 1022},
        {"absent", no_argument, NULL, 1023},
        {"present", no_argument, NULL, 1024},
        {"member", required_argument, NULL, 1025},
        {"household", required_argument, NULL, 1026},
        {"date", required_argument, NULL, 1027},
        {"mode", required_argument, NULL, 1028},
        {"cadre", required_argument, NULL, 1029},
        {"problem", required_argument, NULL, 1030},
        {"as-of", required_argument, NULL, 1031},
        {"person", required_argument, NULL, 1032},
        {"team", required_argument, NULL, 1033},
        {"status", required_argument, NULL, 1034},
        {"on", required_argument, NULL, 1740},
        {"new-head", required_argument, NULL, 1741},
        {"follow", no_argument, NULL, 1850},
        {"channel", required_argument, NULL, 1851},
        {"to", required_argument, NULL, 1852},
        {"format", required_argument, NULL, 1853},
        {"state", required_argument, NULL, 1854},
        {"out", required_argument, NULL, 1855},
        {"cert-login", no_argument, NULL, 1856},
        {"period", required_argument, NULL, 1840},
        {"by", required_argument, NULL, 1841},
        {"unmet", no_argument, NULL, 1842},
        {"xlsx", required_argument, NULL, 1843},
        {"after", required_argument, NULL, 1844},
        {"limit", required_argument, NULL, 1845},
        {"accuracy", required_argument, NULL, 1900},
        {"device", required_argument, NULL, 1901},
        {"mock", no_argument, NULL, 1902},
        {"week", required_argument, NULL, 1903},
        {"short", no_argument, NULL, 1904},
        {"batch", required_argument, NULL, 1960},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct cli cli = {.count = 5, .pipeline = 1, .depth = 2};
    const char *server = NULL, *ca = NULL, *session = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            cli.config_path = optarg;
            break;
        case 's':
            server = optarg;
            break;
        case 'a':
            ca = optarg;
            break;
        case 'S':
            session = optarg;
            break;
        case 'j':
            cli.json = 1;
            break;
        case 'P':
            cli.password_stdin = 1;
            break;
        case 'n':
            cli.count = parse_long(optarg);
            break;
        case 'k':
            cli.pipeline = parse_long(optarg);
            break;
        case 'D':
            cli.depth = parse_long(optarg);
            break;
        case 'U':
            cli.under = optarg;
            break;
        case 'y':
        case 'x': {
            char *end;
            double v = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0') {
                fprintf(stderr, "zhucun: --%s takes a number in degrees\n",
                        c == 'y' ? "lat" : "lon");
                return EXIT_USAGE;
            }
            if (c == 'y') {
                cli.lat = v;
                cli.has_lat = 1;
            } else {
                cli.lon = v;
                cli.has_lon = 1;
            }
            break;
        }
        case 'g':
            cli.geofence = parse_long(optarg);
            if (cli.geofence < 1) {
                fprintf(stderr, "zhucun: --geofence takes metres\n");
                return EXIT_USAGE;
            }
            break;
        case 't':
            if (cli.ntags == CLI_MAX_TAGS) {
                fprintf(stderr, "zhucun: at most %d --tag\n", CLI_MAX_TAGS);
                return EXIT_USAGE;
            }
            cli.tags[cli.ntags++] = optarg;
            cli.set_tags = 1;
            break;
        case 'T':
            cli.set_tags = 1;
            break;
        case 1000:
            cli.name = optarg;
            break;
        case 1001:
            cli.level = optarg;
            break;
        case 1002:
            cli.org = optarg;
            break;
        case 1003:
            cli.leader = optarg;
            break;
        case 1004:
            cli.office = optarg;
            break;
        case 1005:
            cli.phone = optarg;
            break;
        case 1006:
            cli.role = optarg;
            break;
        case 1007:
            cli.scope = optarg;
            break;
        case 1008:
            cli.kind = optarg;
            break;
        case 1009:
            cli.post = optarg;
            break;
        case 1010:
            cli.start = optarg;
            break;
        case 1011:
            cli.end = optarg;
            break;
        case 1012:
            cli.reason = optarg;
            break;
        case 1013:
            cli.note = optarg;
            break;
        case 1014:
            cli.unit = parse_long(optarg);
            if (cli.unit < 1) {
                fprintf(stderr, "zhucun: --unit takes a unit id\n");
                return EXIT_USAGE;
            }
            break;
        case 1015:
            cli.party = 1;
            break;
        case 1016:
            cli.history = 1;
            break;
        case 1017:
            cli.village = optarg;
            break;
        case 1018:
            cli.since = optarg;
            break;
        case 1019:
            cli.category = optarg;
            break;
        case 1020:
            cli.from = optarg;
            break;
        case 1021:
            cli.search = optarg;
            break;
        case 1022:
            cli.address = optarg;
            break;
        case 1023:
            cli.absent = 1;
            break;
        case 1024:
            cli.present = 1;
            break;
        case 1025:
            if (cli.nmembers == 30) {
                fprintf(stderr, "zhucun: at most 30 --member\n");
                return EXIT_USAGE;
            }
            cli.members[cli.nmembers++] = optarg;
            break;
        case 1026:
            cli.household = parse_long(optarg);
            if (cli.household < 1) {
                fprintf(stderr, "zhucun: --household takes a household id\n");
                return EXIT_USAGE;
            }
            break;
        case 1027:
            cli.date = optarg;
            break;
        case 1028:
            cli.mode = optarg;
            break;
        case 1029:
            if (cli.ncadres == 10 || parse_long(optarg) < 1) {
                fprintf(stderr, "zhucun: --cadre takes a person id, at most 10 times\n");
                return EXIT_USAGE;
            }
            cli.cadres[cli.ncadres++] = parse_long(optarg);
            break;
        case 1030:
            if (cli.nproblems == 20) {
                fprintf(stderr, "zhucun: at most 20 --problem\n");
                return EXIT_USAGE;
            }
            cli.problems[cli.nproblems++] = optarg;
            break;
        case 1031:
            cli.as_of = optarg;
            break;
        case 1032:
        case 1033:
            if (parse_long(optarg) < 1) {
                fprintf(stderr, "zhucun: --%s takes an id\n", c == 1032 ? "person" : "team");
                return EXIT_USAGE;
            }
            if (c == 1032)
                cli.person = parse_long(optarg);
            else
                cli.team = parse_long(optarg);
            break;
        case 1840:
            cli.period = optarg;
            break;
        case 1850:
            cli.follow = 1;
            break;
        case 1851:
            cli.channel = optarg;
            break;
        case 1852:
            cli.to = optarg;
            break;
        case 1853:
            cli.format = optarg;
            break;
        case 1854:
            cli.state = optarg;
            break;
        case 1855:
            cli.out = optarg;
            break;
        case 1856:
            cli.cert_login = 1;
            break;
        case 1841:
            cli.by = optarg;
            break;
        case 1842:
            cli.unmet = 1;
            break;
        case 1843:
            cli.xlsx = optarg;
            break;
        case 1844:
            cli.after = parse_long(optarg);
            break;
        case 1845:
            cli.limit = parse_long(optarg);
            break;
        case 1900: {
            char *end;
            cli.accuracy = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0') {
                fprintf(stderr, "zhucun: --accuracy takes metres\n");
                return EXIT_USAGE;
            }
            cli.has_accuracy = 1;
            break;
        }
        case 1901:
            cli.device = optarg;
            break;
        case 1902:
            cli.mock = 1;
            break;
        case 1903:
            cli.week = optarg;
            break;
        case 1904:
            cli.short_only = 1;
            break;
        case 1960:
            cli.batch = parse_long(optarg);
            if (cli.batch < 1) {
                fprintf(stderr, "zhucun: --batch takes a number of rows\n");
                return EXIT_USAGE;
            }
            break;
        case 1034:
            cli.status = optarg;
            break;
        case 1740:
            cli.on = optarg;
            break;
        case 1741:
            cli.new_head = parse_long(optarg);
            if (cli.new_head < 1) {
                fprintf(stderr, "zhucun: --new-head takes a member id\n");
                return EXIT_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("zhucun %s\n", ZHUCUN_VERSION);
            return 0;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    static const struct {
        const char *name;
        int (*fn)(struct cli *, int, char **);
    } cmds[] = {
        {"login", cmd_login},         {"logout", cmd_logout},   {"whoami", cmd_whoami},
        {"passwd", cmd_passwd},       {"ping", cmd_ping},       {"org", cmd_org},
        {"unit", cmd_unit},           {"user", cmd_user},       {"team", cmd_team},
        {"household", cmd_household}, {"visits", cmd_visits},   {"items", cmd_items},
        {"report", cmd_report},       {"checkin", cmd_checkin}, {"attendance", cmd_attendance},
        {"queue", cmd_queue},         {"approve", cmd_approve}, {"reject", cmd_reject},
        {"return", cmd_return},       {"leave", cmd_leave},     {"delegate", cmd_delegate},
        {"export", cmd_export},       {"audit", cmd_audit},
    };
    const char *cmd = argv[optind];
    for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
        if (strcmp(cmds[i].name, cmd) != 0)
            continue;
        if (load_config(&cli, server, ca, session) != 0)
            return EXIT_USAGE;
        int rc = cmds[i].fn(&cli, argc - optind - 1, argv + optind + 1);
        client_config_free(&cli.cfg);
        return rc;
    }
    fprintf(stderr, "zhucun: unknown command %s\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
