/* main.c -- zhucun-server: serve, or run one of the administrative subcommands. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"
#include "common/crypt.h"
#include "common/log.h"
#include "common/pkgpaths.h"
#include "common/clock.h"
#include "server/admin.h"
#include "server/audit/sealer.h"
#include "server/demo/demo.h"
#include "server/metrics_status.h"
#include "server/core/server.h"

#ifndef ZHUCUN_MIGRATIONS_DIR
#define ZHUCUN_MIGRATIONS_DIR "/usr/share/zhucun/migrations"
#endif
#ifndef ZHUCUN_DEMO_DIR
#define ZHUCUN_DEMO_DIR "/usr/share/zhucun/demo"
#endif

/* One command a line, then what it does, indented (the CLI's layout, which help2man turns
 * into zhucun-server(8): docs/packages.md). */
static void usage(FILE *f)
{
    fprintf(f, "usage: zhucun-server [--config FILE] [COMMAND]\n"
               "\n"
               "zhucun-server --config FILE\n"
               "    serve (until SIGTERM or SIGINT: in-flight requests finish first)\n"
               "zhucun-server migrate --config FILE [--migrations DIR]\n"
               "    apply the migrations not applied yet (default: the installed ones)\n"
               "zhucun-server useradd --config FILE USERNAME --role ROLE --scope CODE\n"
               "              [--display-name NAME] [--must-change] --password-stdin\n"
               "    create an account; exit 8 when it exists\n"
               "zhucun-server passwd --config FILE USERNAME --password-stdin\n"
               "    set a password (and end the account's sessions)\n"
               "zhucun-server demo --config FILE --scale county|city|province [--seed N]\n"
               "              [--demo-dir DIR] [--until STEP] [--quiet]\n"
               "    load the demo data (steps as progress on a terminal's stderr unless\n"
               "    --quiet)\n"
               "zhucun-server duties --config FILE [--rebuild]\n"
               "    generate visit duties\n"
               "zhucun-server duties --config FILE --check [--from DATE]\n"
               "    compare them with the rules\n"
               "zhucun-server cleanup --config FILE\n"
               "    drop ended sessions, quiet throttles, week-old idempotency keys (daily)\n"
               "zhucun-server rekey --config FILE\n"
               "    re-encrypt ID numbers and phones under the current key (and seal those an\n"
               "    older database holds in clear)\n"
               "zhucun-server cert-bind --config FILE USERNAME SUBJECT\n"
               "    exporter login by client certificate (SUBJECT \"/CN=...\"; \"\" unbinds)\n"
               "zhucun-server audit-verify --config FILE [--from TIME] [--quiet]\n"
               "    walk the audit hash chain; exit 7 when it is broken\n"
               "zhucun-server audit-seal --config FILE\n"
               "    seal the audit rows every server has left unsealed (a database no server\n"
               "    runs on, a crash)\n"
               "zhucun-server check-config --config FILE\n"
               "    parse the configuration and exit\n"
               "zhucun-server status --config FILE\n"
               "    a running server's readiness and figures, read from its [metrics] listener;\n"
               "    exit 0 ready, 1 no answer, 2 no listener configured, 3 not ready\n"
               "zhucun-server calls\n"
               "    the call table: name, roles, read|write, keyed\n"
               "zhucun-server --version\n"
               "\n"
               "The configuration file is documented in zhucun.conf(5)\n"
               "(deploy/server.conf.example).\n");
}

/* Loads the personal data keys the configuration names into cfg->data_keys (free *keys with
 * crypt_keys_free). serve, demo and rekey need them: ID numbers and phones are stored sealed
 * only (docs/encryption.md), so a process without the keys could neither write them nor read
 * them back. A configuration that names no key file, or one that does not load, is refused
 * before anything else is done. 0, or -1 after printing why. */
static int load_data_keys(struct server_config *cfg, const char *config, const char *cmd,
                          struct crypt_keys **keys)
{
    char err[1024];
    *keys = NULL;
    cfg->data_keys = NULL;
    if (cfg->data_key_file == NULL) {
        fprintf(stderr,
                "zhucun-server: %s: %s needs the personal data keys: name the key file as "
                "[data] key_file (docs/encryption.md says how to make one)\n",
                config, cmd);
        return -1;
    }
    if (crypt_keys_load(cfg->data_key_file, keys, err, sizeof(err)) != 0) {
        fprintf(stderr, "zhucun-server: %s\n", err);
        return -1;
    }
    char q[1024];
    log_info("data_keys", "file=%s current=%u", log_quote(q, sizeof(q), cfg->data_key_file),
             crypt_keys_current(*keys));
    cfg->data_keys = *keys;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"migrations", required_argument, NULL, 'm'},
        {"role", required_argument, NULL, 'r'},
        {"scope", required_argument, NULL, 's'},
        {"display-name", required_argument, NULL, 'd'},
        {"must-change", no_argument, NULL, 'M'},
        {"password-stdin", no_argument, NULL, 'P'},
        {"scale", required_argument, NULL, 'S'},
        {"seed", required_argument, NULL, 'e'},
        {"demo-dir", required_argument, NULL, 'D'},
        {"until", required_argument, NULL, 'U'},
        {"quiet", no_argument, NULL, 'q'},
        {"rebuild", no_argument, NULL, 'R'},
        {"check", no_argument, NULL, 'K'},
        {"from", required_argument, NULL, 'F'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL;
    const char *migrations = getenv("ZHUCUN_MIGRATIONS");
    struct useradd_args ua = {0};
    /* Installed (a package, or one unpacked anywhere): the migrations and demo files in the
     * tree's share/zhucun; a build tree's program: the source tree's (docs/packages.md). */
    char migrations_dir[PATH_MAX], demo_dir[PATH_MAX];
    const char *default_migrations = pkg_data_path(migrations_dir, sizeof(migrations_dir),
                                                   "zhucun/migrations", ZHUCUN_MIGRATIONS_DIR);
    struct demo_options demo = {
        NULL, 1, pkg_data_path(demo_dir, sizeof(demo_dir), "zhucun/demo", ZHUCUN_DEMO_DIR), NULL,
        0};
    int password_stdin = 0;
    int rebuild = 0;
    int check = 0;
    const char *from = NULL;
    int c;
    /* A test build's processes share the harness's pinned clock (docs/clock.md). */
    if (zc_clock_from_env() != 0)
        return 2;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            config = optarg;
            break;
        case 'm':
            migrations = optarg;
            break;
        case 'r':
            ua.role = optarg;
            break;
        case 's':
            ua.scope = optarg;
            break;
        case 'd':
            ua.display_name = optarg;
            break;
        case 'M':
            ua.must_change = 1;
            break;
        case 'P':
            password_stdin = 1;
            break;
        case 'S':
            demo.scale = optarg;
            break;
        case 'e': {
            char *end;
            errno = 0;
            demo.seed = strtoull(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-') {
                fprintf(stderr, "zhucun-server: --seed must be a number, not %s\n", optarg);
                return 2;
            }
            break;
        }
        case 'D':
            demo.dir = optarg;
            break;
        case 'U':
            demo.until = optarg;
            break;
        case 'q': /* demo and audit-verify: no progress line on a terminal */
            demo.quiet = 1;
            break;
        case 'R':
            rebuild = 1;
            break;
        case 'K':
            check = 1;
            break;
        case 'F':
            from = optarg;
            break;
        case 'V':
            printf("zhucun-server %s\n", ZHUCUN_VERSION);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    const char *cmd = optind < argc ? argv[optind] : "serve";
    if (strcmp(cmd, "calls") == 0 && optind == argc - 1)
        return admin_calls(stdout); /* the program's own table: no configuration needed */
    if (config == NULL) {
        fprintf(stderr, "zhucun-server: --config FILE is required\n");
        usage(stderr);
        return 2;
    }
    struct server_config cfg;
    char err[1024];
    server_config_defaults(&cfg);
    if (server_config_load(&cfg, config, err, sizeof(err)) != 0) {
        fprintf(stderr, "zhucun-server: %s\n", err);
        server_config_free(&cfg);
        return 2;
    }
    log_set_level(cfg.log_level);
    int status = 2;
    struct crypt_keys *keys = NULL;
    if (strcmp(cmd, "serve") == 0 && optind >= argc - 1) {
        /* The key file must load before anything listens. */
        if (load_data_keys(&cfg, config, cmd, &keys) == 0) {
            /* Beside the workers: seals what they append to the audit chain (docs/audit.md). */
            struct audit_sealer *sealer = audit_sealer_start(&cfg);
            status = server_run(&cfg);
            audit_sealer_stop(sealer);
        }
    } else if (strcmp(cmd, "check-config") == 0 && optind == argc - 1) {
        printf("%s: ok (listen %s:%d, %llu workers, max_frame %llu bytes)\n", config,
               cfg.listen_host, cfg.listen_port, (unsigned long long)cfg.workers,
               (unsigned long long)cfg.max_frame);
        status = 0;
    } else if (strcmp(cmd, "status") == 0 && optind == argc - 1) {
        status = metrics_status(&cfg, stdout);
    } else if (strcmp(cmd, "migrate") == 0 && optind == argc - 1) {
        status = admin_migrate(&cfg, migrations ? migrations : default_migrations);
    } else if (strcmp(cmd, "useradd") == 0 && optind == argc - 2) {
        ua.username = argv[optind + 1];
        if (ua.role == NULL || ua.scope == NULL || !password_stdin) {
            fprintf(stderr, "zhucun-server: useradd needs --role, --scope and --password-stdin\n");
            usage(stderr);
        } else {
            status = admin_useradd(&cfg, &ua);
        }
    } else if (strcmp(cmd, "passwd") == 0 && optind == argc - 2) {
        if (!password_stdin) {
            fprintf(stderr, "zhucun-server: passwd needs --password-stdin\n");
            usage(stderr);
        } else {
            status = admin_passwd(&cfg, argv[optind + 1]);
        }
    } else if (strcmp(cmd, "rekey") == 0 && optind == argc - 1) {
        if (load_data_keys(&cfg, config, cmd, &keys) == 0)
            status = admin_rekey(&cfg);
    } else if (strcmp(cmd, "cleanup") == 0 && optind == argc - 1) {
        status = admin_cleanup(&cfg);
    } else if (strcmp(cmd, "cert-bind") == 0 && optind == argc - 3) {
        status = admin_cert_bind(&cfg, argv[optind + 1], argv[optind + 2]);
    } else if (strcmp(cmd, "duties") == 0 && optind == argc - 1) {
        status = check ? admin_duties_check(&cfg, from) : admin_duties(&cfg, rebuild);
    } else if (strcmp(cmd, "audit-verify") == 0 && optind == argc - 1) {
        status = admin_audit_verify(&cfg, from, demo.quiet);
    } else if (strcmp(cmd, "audit-seal") == 0 && optind == argc - 1) {
        status = admin_audit_seal(&cfg);
    } else if (strcmp(cmd, "demo") == 0 && optind == argc - 1) {
        if (demo.scale == NULL) {
            fprintf(stderr, "zhucun-server: demo needs --scale county|city|province\n");
            usage(stderr);
        } else if (load_data_keys(&cfg, config, cmd, &keys) == 0) {
            status = demo_run(&cfg, &demo); /* it seals what it writes, as the server does */
        }
    } else {
        fprintf(stderr, "zhucun-server: unknown command or wrong arguments: %s\n", cmd);
        usage(stderr);
    }
    cfg.data_keys = NULL;
    crypt_keys_free(keys);
    server_config_free(&cfg);
    return status;
}
