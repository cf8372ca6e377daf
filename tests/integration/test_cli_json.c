/* test_cli_json.c -- the rule of docs/cli.md for --json (issue 11, defect 4): every command
 * prints exactly one JSON object on stdout, lists inside it as arrays, an empty list as [].
 * Every command and subcommand that has --json is run here, as the role that may run it, and
 * its output is parsed by a strict RFC 8259 reader. (`queue --follow` prints one such object
 * per line; `export` writes its rows, not JSON: both are the documented exceptions.) */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/utf8.h"

#define PW       "correct horse battery"
#define PROVINCE "140000000000"
#define COUNTY   "140105000000"
#define TOWNSHIP "140105001000"
#define VILLAGE  "140105001001"

static struct zt_server srv;
static int64_t cadre_person;
static char out[1 << 16];

/* ---- a strict JSON reader: 1 when the text at *p is one value, *p then after it ---- */

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

static int json_value(const char **p, int depth);

static int json_string(const char **p)
{
    if (**p != '"')
        return 0;
    for ((*p)++; **p != '"'; (*p)++) {
        unsigned char c = (unsigned char)**p;
        if (c < 0x20) /* NUL (the end) or a control character */
            return 0;
        if (c != '\\')
            continue;
        (*p)++;
        if (**p == 'u') {
            for (int i = 0; i < 4; i++)
                if (strchr("0123456789abcdefABCDEF", *++(*p)) == NULL || **p == '\0')
                    return 0;
        } else if (**p == '\0' || strchr("\"\\/bfnrt", **p) == NULL) {
            return 0;
        }
    }
    (*p)++;
    return 1;
}

static int digits(const char **p)
{
    const char *start = *p;
    while (**p >= '0' && **p <= '9')
        (*p)++;
    return *p > start;
}

static int json_number(const char **p)
{
    if (**p == '-')
        (*p)++;
    if (**p == '0')
        (*p)++;
    else if (!digits(p))
        return 0;
    if (**p == '.') {
        (*p)++;
        if (!digits(p))
            return 0;
    }
    if (**p == 'e' || **p == 'E') {
        (*p)++;
        if (**p == '+' || **p == '-')
            (*p)++;
        if (!digits(p))
            return 0;
    }
    return 1;
}

static int json_word(const char **p, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(*p, w, n) != 0)
        return 0;
    *p += n;
    return 1;
}

/* The members of an object ('}') or the elements of an array (']'), after the opening. */
static int json_items(const char **p, char close, int depth)
{
    skip_ws(p);
    if (**p == close) {
        (*p)++;
        return 1;
    }
    for (;;) {
        if (close == '}') {
            if (!json_string(p))
                return 0;
            skip_ws(p);
            if (*(*p)++ != ':')
                return 0;
        }
        if (!json_value(p, depth + 1))
            return 0;
        skip_ws(p);
        if (**p == close) {
            (*p)++;
            return 1;
        }
        if (*(*p)++ != ',')
            return 0;
        skip_ws(p);
    }
}

static int json_value(const char **p, int depth)
{
    if (depth > 64)
        return 0;
    skip_ws(p);
    switch (**p) {
    case '{':
        (*p)++;
        return json_items(p, '}', depth);
    case '[':
        (*p)++;
        return json_items(p, ']', depth);
    case '"':
        return json_string(p);
    case 't':
        return json_word(p, "true");
    case 'f':
        return json_word(p, "false");
    case 'n':
        return json_word(p, "null");
    default:
        return json_number(p);
    }
}

/* 1 when text is one JSON object and nothing else but white space (in UTF-8). */
static int one_json_object(const char *text)
{
    const char *p = text;
    skip_ws(&p);
    if (*p != '{' || !json_value(&p, 0))
        return 0;
    skip_ws(&p);
    return *p == '\0' && utf8_check(text, strlen(text), NULL);
}

static void test_reader(void **state)
{
    (void)state;
    assert_true(one_json_object("{}\n"));
    assert_true(one_json_object("{\"a\":[1,-2.5e3,\"x\\u00e9\\n\",true,false,null,{}],\"b\":[]}"));
    assert_false(one_json_object(""));
    assert_false(one_json_object("[]"));
    assert_false(one_json_object("{\"a\":1}\n{\"a\":2}\n")); /* two objects */
    assert_false(one_json_object("{\"a\":1,}"));
    assert_false(one_json_object("{\"a\":01}"));
    assert_false(one_json_object("{\"a\":\"tab\there\"}"));
    assert_false(one_json_object("{\"a\":\"\\x\"}"));
    assert_false(one_json_object("{a:1}"));
}

/* ---- running the CLI ---- */

/* Runs `zhucun --json ARGS` with user's session (stdin: in); returns the exit status. */
static int run(const char *user, const char *in, const char *fmt, va_list ap)
{
    char args[2000], cmd[4000];
    vsnprintf(args, sizeof(args), fmt, ap);
    snprintf(cmd, sizeof(cmd),
             "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/%s.session "
             "--json %s",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir, user, args);
    print_message("zhucun %s   (%s)\n", args, user);
    return zt_run(cmd, in, out, sizeof(out));
}

/* The command must succeed and print one JSON object; returns it (in out). */
static const char *ok_v(const char *user, const char *in, const char *fmt, va_list ap)
{
    int rc = run(user, in, fmt, ap);
    if (rc != 0 || !one_json_object(out))
        fail_msg("exit %d, output: %s", rc, out);
    return out;
}

static const char *ok_as(const char *user, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ok_v(user, NULL, fmt, ap);
    va_end(ap);
    return out;
}

static const char *ok_with_stdin(const char *user, const char *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ok_v(user, in, fmt, ap);
    va_end(ap);
    return out;
}

/* The command without --json must succeed; returns its text (in out). */
static const char *text_as(const char *user, const char *args)
{
    char cmd[4000];
    snprintf(cmd, sizeof(cmd), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s/%s.session %s",
             ZT_CLI_BIN, srv.port, getenv("ZC_TEST_CERTS"), srv.dir, user, args);
    int rc = zt_run(cmd, NULL, out, sizeof(out));
    if (rc != 0)
        fail_msg("zhucun %s: exit %d, output: %s", args, rc, out);
    return out;
}

/* The string after "key": in json (the first one), into v (cap bytes). */
static const char *str(const char *json, const char *key, char *v, size_t cap)
{
    char k[80];
    snprintf(k, sizeof(k), "\"%s\":\"", key);
    const char *at = strstr(json, k);
    if (at == NULL)
        fail_msg("no %s in %s", key, json);
    at += strlen(k);
    snprintf(v, cap, "%.*s", (int)strcspn(at, "\""), at);
    return v;
}

/* 1 when t is RFC 3339 in Beijing time: "YYYY-MM-DDTHH:MM:SS[.ffffff]+08:00". */
static int beijing_rfc3339(const char *t)
{
    size_t n = strlen(t);
    return (n == 25 || n == 32) && t[10] == 'T' && strcmp(t + n - 6, "+08:00") == 0;
}

/* The number after "key": in json (the first one). */
static long long num(const char *json, const char *key)
{
    char k[80];
    snprintf(k, sizeof(k), "\"%s\":", key);
    const char *at = strstr(json, k);
    if (at == NULL)
        fail_msg("no %s in %s", key, json);
    return atoll(at + strlen(k));
}

static const char *day(int offset)
{
    static char ring[8][11];
    static int next;
    char *d = ring[next++ % 8];
    rules_date_format(zt_today() + offset, d);
    return d;
}

/* A valid ID number born on 1980-01-DD (DD from 1 to 28) with sequence seq. */
static const char *id_number(int dd, int seq)
{
    static char ring[4][19];
    static int next;
    char *id = ring[next++ % 4];
    snprintf(id, 19, "140105198001%02d%03d", dd, seq);
    id[17] = rules_idcard_check_char(id);
    id[18] = '\0';
    return id;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "cli_json", NULL);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", PROVINCE, 0), 0);
    struct zc_client *prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, "140100000000,太原市,city\n140105000000,小店区,county\n"
                        "140105001000,坞城街道,township\n"
                        "140105001001,测试一村,village,37.736,112.565\n");
    zc_close(prov);
    assert_int_equal(zt_useradd(&srv, "county", PW, "county_office", COUNTY, 0), 0);
    assert_int_equal(zt_useradd(&srv, "town", PW, "township", TOWNSHIP, 0), 0);
    assert_int_equal(zt_useradd(&srv, "town2", PW, "township", TOWNSHIP, 0), 0);
    struct zc_client *county = zt_login(&srv, "county", PW, NULL);
    int64_t team = zt_team(county, "village", VILLAGE, "测试一村工作队");
    zc_close(zt_cadre(&srv, county, team, "cadre", VILLAGE, "team_captain", "captain", 0, PW,
                      &cadre_person));
    zc_close(county);
    const char *users[] = {"prov", "county", "town", "town2", "cadre"};
    for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
        ok_with_stdin(users[i], PW "\n", "login %s --password-stdin", users[i]);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

static void test_session_org_unit_user_team(void **state)
{
    (void)state;
    char path[700];
    ok_as("prov", "whoami");
    ok_as("prov", "ping --count 2");
    ok_as("prov", "org show %s", VILLAGE);
    ok_as("prov", "org children %s", TOWNSHIP);
    ok_as("prov", "org children %s", VILLAGE); /* none: [] */
    assert_non_null(strstr(out, "\"units\":[]"));
    ok_as("prov", "org tree %s --depth 2", COUNTY);
    ok_as("prov", "org search 测试");
    ok_as("prov", "org search 没有这个村");
    assert_non_null(strstr(out, "\"units\":[]"));
    ok_as("prov", "org create 140105001002 测试二村 --lat 37.7 --lon 112.5");
    ok_as("prov", "org rename 140105001002 测试二村新");
    ok_as("prov", "org set 140105001002 --geofence 800 --tag 数字乡村示范村");
    snprintf(path, sizeof(path), "%s/org.csv", srv.dir);
    write_file(path, "140105001003,测试三村,village\n");
    ok_as("prov", "org import %s", path);

    ok_as("prov", "unit list --level central"); /* none */
    assert_non_null(strstr(out, "\"units\":[]"));
    long long unit =
        num(ok_as("prov", "unit create 小店区农业农村局 --level county --org %s", COUNTY), "id");
    ok_as("prov", "unit list");
    ok_as("prov", "unit show %lld", unit);
    ok_as("prov", "unit update %lld --leader 演示领导", unit);

    long long person = num(ok_as("prov",
                                 "user add user1 --name 演示甲 --org 140105001002 --role cadre "
                                 "--party --unit %lld",
                                 unit),
                           "person_id");
    ok_as("prov", "user show user1");
    ok_as("prov", "user disable user1");
    ok_as("prov", "user enable user1");
    ok_as("prov", "user reset-password user1");
    ok_as("prov", "user grant user1 --role cadre --scope 140105001003");
    ok_as("prov", "user revoke user1 --role cadre --scope 140105001003");

    long long team = num(ok_as("prov", "team create 测试二村工作队 --kind village --org "
                                       "140105001002"),
                         "id");
    long long membership =
        num(ok_as("prov", "team assign %lld %lld --post member --start 2026-01-05", team, person),
            "membership_id");
    /* a party organisation needs two party members */
    long long second = num(ok_as("prov", "user add user2 --name 演示乙 --org 140105001002 "
                                         "--role cadre --party"),
                           "person_id");
    ok_as("prov", "team assign %lld %lld --post captain --start 2026-01-05", team, second);
    ok_as("prov", "team party-leader %lld %lld", team, person);
    ok_as("prov", "team show %lld", team);
    ok_as("prov", "team show --org %s", VILLAGE);
    ok_as("prov", "team recall %lld --note 轮换 --reason rotation", membership);
    ok_as("prov", "team members %lld --history", team);
    /* the audit trail's times: RFC 3339 in Beijing time, and to the second for people */
    char first[64], last[64], shown[32];
    str(ok_as("prov", "audit verify"), "first_at", first, sizeof(first));
    str(out, "last_at", last, sizeof(last));
    assert_true(beijing_rfc3339(first));
    assert_true(beijing_rfc3339(last));
    snprintf(shown, sizeof(shown), "%.10s %.8s", last, last + 11);
    assert_non_null(strstr(text_as("prov", "audit verify"), shown));
}

static void test_households_visits_attendance(void **state)
{
    (void)state;
    char arg[1200], path[700], csv[1200];
    snprintf(arg, sizeof(arg),
             "household add --village %s --category monitored --since 2025-05-01 "
             "--member 演示户主,head,%s,full,healthy --member 演示子女,child,%s,full,chronic",
             VILLAGE, id_number(1, 11), id_number(2, 12));
    long long household = num(ok_as("county", "%s", arg), "id");
    ok_as("county", "household show %lld", household);
    ok_as("county", "household list --village %s", VILLAGE);
    ok_as("county", "household list --search 没有这个人");
    assert_non_null(strstr(out, "\"households\":[]"));
    ok_as("county",
          "household set-state %lld --category monitored --absent --from 2025-09-01 "
          "--note 外出务工",
          household);
    ok_as("county", "household edit %lld --phone 13900000000", household);
    long long member = num(ok_as("county",
                                 "household member add %lld --member 演示孙,grandchild,%s,"
                                 "minor,healthy",
                                 household, id_number(3, 13)),
                           "id");
    ok_as("county", "household member leave %lld %lld --on 2025-10-01 --reason moved_out",
          household, member);
    snprintf(path, sizeof(path), "%s/households.csv", srv.dir);
    snprintf(csv, sizeof(csv), "x1,%s,,,ordinary,,2025-05-01,演示乙,head,%s,full,healthy\n",
             VILLAGE, id_number(4, 14));
    write_file(path, csv);
    ok_as("county", "household import %s", path);

    ok_as("cadre", "visits due");
    long long item =
        num(ok_as("cadre",
                  "visits add --household %lld --date %s --mode in_person --cadre "
                  "%lld --problem '缺少过冬煤;%lld;%s'",
                  household, day(0), (long long)cadre_person, (long long)cadre_person, day(10)),
            "visit_id");
    (void)item;
    item = num(ok_as("cadre", "items"), "id");
    ok_as("cadre", "items update %lld --status in_progress --note 已联系", item);
    ok_as("cadre", "items --status resolved");
    assert_non_null(strstr(out, "\"items\":[]"));
    ok_as("cadre", "checkin --lat 37.736 --lon 112.565 --accuracy 20");
    ok_as("cadre", "attendance week");
    ok_as("county", "attendance business --cadre %lld --date %s --note 参加培训",
          (long long)cadre_person, day(0));
    ok_as("county", "attendance report --org %s", COUNTY);
    char month[8];
    snprintf(month, sizeof(month), "%.7s", day(0));
    ok_as("county", "report visits --org %s --period %s", VILLAGE, month);
    ok_as("county", "report visits --org %s --period %s --by household --unmet", VILLAGE, month);
}

static long long first_step(void)
{
    return num(ok_as("town", "queue"), "step_id");
}

static void test_leave_queue_delegation(void **state)
{
    (void)state;
    ok_as("cadre", "leave list");
    assert_non_null(strstr(out, "{\"leaves\":[]}"));
    ok_as("town", "queue");
    assert_non_null(strstr(out, "{\"items\":[]}"));
    ok_as("town", "delegate list");
    assert_non_null(strstr(out, "{\"delegations\":[]}"));

    long long leave =
        num(ok_as("cadre", "leave request --start %s --end %s --reason 家中有事", day(10), day(10)),
            "leave_id");
    ok_as("town", "return %lld --reason 请写明事由", first_step());
    ok_as("cadre", "leave resubmit %lld --start %s --end %s --reason 家中老人住院", leave, day(10),
          day(10));
    /* times: RFC 3339 in Beijing time in --json, Beijing time for people (defect 5) */
    char deadline[64], since[64], shown[32];
    str(ok_as("town", "queue"), "deadline", deadline, sizeof(deadline));
    str(out, "pending_since", since, sizeof(since));
    assert_true(beijing_rfc3339(deadline));
    assert_true(beijing_rfc3339(since));
    snprintf(shown, sizeof(shown), "%.10s %.5s", deadline, deadline + 11);
    assert_non_null(strstr(text_as("town", "queue"), shown));
    assert_null(strstr(out, "Z"));
    ok_as("town", "approve %lld", first_step());
    char decided[64];
    str(strstr(ok_as("cadre", "leave show %lld", leave), "\"status\":\"approved\""), "decided_at",
        decided, sizeof(decided));
    assert_true(beijing_rfc3339(decided));
    ok_as("cadre", "leave cancel %lld", leave);

    /* two at once: the list holds both */
    long long today_leave =
        num(ok_as("cadre", "leave request --start %s --end %s --reason 就医", day(0), day(0)),
            "leave_id");
    long long refused = num(ok_as("town",
                                  "leave request --person %lld --start %s --end %s "
                                  "--reason 探亲 --channel phone",
                                  (long long)cadre_person, day(20), day(20)),
                            "leave_id");
    (void)refused;
    ok_as("town", "queue");
    assert_non_null(strstr(out, "\"items\":[{"));
    assert_non_null(strstr(out, "},{")); /* two items, one array */
    ok_as("town", "approve %lld", first_step());
    ok_as("town", "reject %lld --reason 时间冲突", first_step());
    ok_as("town", "queue");
    assert_non_null(strstr(out, "{\"items\":[]}"));
    ok_as("cadre", "leave return %lld --date %s", today_leave, day(0));
    ok_as("cadre", "leave list");
    assert_non_null(strstr(out, "{\"leaves\":[{"));
    ok_as("town", "leave list --person %lld --status rejected", (long long)cadre_person);

    long long delegation =
        num(ok_as("town",
                  "delegate create --to town2 --role township --scope %s --start %s "
                  "--end %s",
                  TOWNSHIP, day(0), day(5)),
            "id");
    ok_as("town", "delegate list");
    assert_non_null(strstr(out, "{\"delegations\":[{"));
    ok_as("town", "delegate revoke %lld", delegation);
}

static void test_password_and_logout(void **state)
{
    (void)state;
    ok_with_stdin("town2", PW "\ntown2 has a new password\n", "passwd --password-stdin");
    ok_as("town2", "logout");
    ok_with_stdin("town2", "town2 has a new password\n", "login town2 --password-stdin");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_session_org_unit_user_team),
        cmocka_unit_test(test_households_visits_attendance),
        cmocka_unit_test(test_leave_queue_delegation),
        cmocka_unit_test(test_password_and_logout),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
