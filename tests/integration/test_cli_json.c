/* test_cli_json.c -- the one rule of --json (docs/json.md): a command prints the body of its
 * reply, as the descriptor-driven writer prints it, as one JSON object on one line. Every
 * command and subcommand is run here, as the role that may run it, and its output is read by
 * a strict RFC 8259 reader that also holds it against the message it must be: the keys are
 * the .proto's field names in tag order, every field without presence is there, each value
 * has its field's JSON type (64-bit integers as numbers, lists as arrays, [] when empty) and
 * every instant is RFC 3339 in Beijing time. (`queue --follow` goes on with one line per
 * event; `export` writes its rows, not JSON: docs/json.md.) */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>
#include <unistd.h>

#include "cli.pb-c.h"
#include "common/csvtable.h"
#include "common/rules/date.h"
#include "common/rules/idcard.h"
#include "common/utf8.h"
#include "common/xlsxread.h"
#include "envelope.pb-c.h"

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

/* 1 when t is RFC 3339 in Beijing time: "YYYY-MM-DDTHH:MM:SS[.ffffff]+08:00". */
static int beijing_rfc3339(const char *t, size_t n)
{
    return (n == 25 || n == 32) && t[10] == 'T' && strncmp(t + n - 6, "+08:00", 6) == 0;
}

/* An instant by the writer's rule: named at or *_at, or one of the older names (QueueItem's
 * pending_since and deadline, ApprovalStep's deadline). */
static int instant_field(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    size_t n = strlen(f->name);
    return strcmp(f->name, "at") == 0 || (n > 3 && strcmp(f->name + n - 3, "_at") == 0) ||
           (d == &zhucun__queue_item__descriptor &&
            (strcmp(f->name, "pending_since") == 0 || strcmp(f->name, "deadline") == 0)) ||
           (d == &zhucun__approval_step__descriptor && strcmp(f->name, "deadline") == 0);
}

static int json_message(const char **p, const ProtobufCMessageDescriptor *d, int depth);

/* One value of field f at *p, of the JSON type the writer gives it. */
static int field_value(const char **p, const ProtobufCMessageDescriptor *d,
                       const ProtobufCFieldDescriptor *f, int depth)
{
    const char *start = *p;
    if (instant_field(d, f)) {
        if (!json_string(p))
            return 0;
        size_t n = (size_t)(*p - start) - 2;
        if (n != 0 && !beijing_rfc3339(start + 1, n))
            fail_msg("%s.%s is not RFC 3339 in Beijing time: %.*s", d->name, f->name, (int)n,
                     start + 1);
        return 1;
    }
    switch (f->type) {
    case PROTOBUF_C_TYPE_MESSAGE:
        return json_message(p, f->descriptor, depth + 1);
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_BYTES:
        return json_string(p);
    case PROTOBUF_C_TYPE_ENUM:
        return json_string(p) || json_number(p);
    case PROTOBUF_C_TYPE_BOOL:
        return json_word(p, "true") || json_word(p, "false");
    case PROTOBUF_C_TYPE_FLOAT:
    case PROTOBUF_C_TYPE_DOUBLE:
        return json_word(p, "null") || json_number(p);
    default: /* an integer, 64-bit ones too: digits, no fraction, no exponent */
        if (!json_number(p))
            return 0;
        return strcspn(start, ".eE") >= (size_t)(*p - start);
    }
}

/* 1 when the object at *p is message d as the writer prints it (see the top of the file). */
static int json_message(const char **p, const ProtobufCMessageDescriptor *d, int depth)
{
    if (depth > 32 || **p != '{')
        return 0;
    (*p)++;
    unsigned next = 0; /* fields before next are behind us */
    int first = 1;
    for (;;) {
        if (**p == '}') {
            (*p)++;
            break;
        }
        if (!first && *(*p)++ != ',')
            return 0;
        first = 0;
        const char *key = *p;
        if (!json_string(p) || *(*p)++ != ':')
            return 0;
        size_t klen = (size_t)(*p - key) - 3;
        unsigned i = next;
        while (i < d->n_fields &&
               (strlen(d->fields[i].name) != klen || strncmp(d->fields[i].name, key + 1, klen)))
            i++;
        if (i == d->n_fields)
            fail_msg("%.*s is not a field of %s after %s", (int)klen, key + 1, d->name,
                     next ? d->fields[next - 1].name : "the start");
        for (unsigned k = next; k < i; k++) /* skipped: only a field with presence may be */
            if (d->fields[k].type != PROTOBUF_C_TYPE_MESSAGE &&
                d->fields[k].label != PROTOBUF_C_LABEL_OPTIONAL &&
                !(d->fields[k].flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
                fail_msg("%s.%s is missing", d->name, d->fields[k].name);
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        next = i + 1;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            if (*(*p)++ != '[')
                return 0;
            for (int e = 0; **p != ']'; e++)
                if ((e > 0 && *(*p)++ != ',') || !field_value(p, d, f, depth))
                    return 0;
            (*p)++;
        } else if (!field_value(p, d, f, depth)) {
            return 0;
        }
    }
    for (unsigned k = next; k < d->n_fields; k++)
        if (d->fields[k].type != PROTOBUF_C_TYPE_MESSAGE &&
            d->fields[k].label != PROTOBUF_C_LABEL_OPTIONAL &&
            !(d->fields[k].flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            fail_msg("%s.%s is missing", d->name, d->fields[k].name);
    return 1;
}

/* 1 when text is one line: message d (NULL: a reply without a body, {}) as the writer prints
 * it, compact, then a newline. */
static int one_message(const char *text, const ProtobufCMessageDescriptor *d)
{
    const char *p = text;
    if (d == NULL)
        return strcmp(text, "{}\n") == 0;
    if (!json_message(&p, d, 0))
        return 0;
    return strcmp(p, "\n") == 0 && one_json_object(text);
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
    /* the shape of a message */
    assert_true(one_message("{\"leave_id\":7,\"approval_id\":-9}\n",
                            &zhucun__leave_request_reply__descriptor));
    assert_true(one_message("{}\n", NULL));
    assert_false(one_message("{\"ok\":true}\n", NULL));
    assert_false(one_message("{\"leave_id\":7,\"approval_id\":9}", /* no newline */
                             &zhucun__leave_request_reply__descriptor));
    assert_false(one_message("{\"leave_id\":7.5,\"approval_id\":9}\n",
                             &zhucun__leave_request_reply__descriptor));
    assert_false(one_message("{\"leave_id\":\"7\",\"approval_id\":9}\n",
                             &zhucun__leave_request_reply__descriptor));
    assert_false(one_message("{\"leave_id\":7,\"approval_id\":9}\n{}\n",
                             &zhucun__leave_request_reply__descriptor));
    assert_true(one_message("{\"items\":[]}\n", &zhucun__queue_list_reply__descriptor));
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

/* The command must succeed and print message d (NULL: {}) by the rule; returns it (in
 * out). */
static const char *ok_v(const char *user, const char *in, const ProtobufCMessageDescriptor *d,
                        const char *fmt, va_list ap)
{
    int rc = run(user, in, fmt, ap);
    if (rc != 0 || !one_message(out, d))
        fail_msg("exit %d, output (should be %s): %s", rc, d ? d->name : "{}", out);
    return out;
}

static const char *ok_as(const char *user, const ProtobufCMessageDescriptor *d, const char *fmt,
                         ...)
{
    va_list ap;
    va_start(ap, fmt);
    ok_v(user, NULL, d, fmt, ap);
    va_end(ap);
    return out;
}

static const char *ok_with_stdin(const char *user, const char *in,
                                 const ProtobufCMessageDescriptor *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ok_v(user, in, d, fmt, ap);
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
        ok_with_stdin(users[i], PW "\n", &zhucun__login_reply__descriptor,
                      "login %s --password-stdin", users[i]);
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
    ok_as("prov", &zhucun__who_am_ireply__descriptor, "whoami");
    ok_as("prov", &zhucun__cli__ping_summary__descriptor, "ping --count 2");
    ok_as("prov", &zhucun__org_unit__descriptor, "org show %s", VILLAGE);
    ok_as("prov", &zhucun__org_list__descriptor, "org children %s", TOWNSHIP);
    ok_as("prov", &zhucun__org_list__descriptor, "org children %s", VILLAGE); /* none: [] */
    assert_non_null(strstr(out, "\"units\":[]"));
    ok_as("prov", &zhucun__org_list__descriptor, "org tree %s --depth 2", COUNTY);
    ok_as("prov", &zhucun__org_list__descriptor, "org search 测试");
    ok_as("prov", &zhucun__org_list__descriptor, "org search 没有这个村");
    assert_non_null(strstr(out, "\"units\":[]"));
    ok_as("prov", NULL, "org create 140105001002 测试二村 --lat 37.7 --lon 112.5");
    ok_as("prov", NULL, "org rename 140105001002 测试二村新");
    ok_as("prov", NULL, "org set 140105001002 --geofence 800 --tag 数字乡村示范村");
    snprintf(path, sizeof(path), "%s/org.csv", srv.dir);
    write_file(path, "140105001003,测试三村,village\n");
    ok_as("prov", &zhucun__org_import_reply__descriptor, "org import %s", path);

    ok_as("prov", &zhucun__unit_list_reply__descriptor, "unit list --level central"); /* none */
    assert_non_null(strstr(out, "\"units\":[]"));
    long long unit = num(ok_as("prov", &zhucun__dispatch_unit__descriptor,
                               "unit create 小店区农业农村局 --level county --org %s", COUNTY),
                         "id");
    ok_as("prov", &zhucun__unit_list_reply__descriptor, "unit list");
    ok_as("prov", &zhucun__dispatch_unit__descriptor, "unit show %lld", unit);
    ok_as("prov", NULL, "unit update %lld --leader 演示领导", unit);

    long long person = num(ok_as("prov", &zhucun__user_add_reply__descriptor,
                                 "user add user1 --name 演示甲 --org 140105001002 --role cadre "
                                 "--party --unit %lld",
                                 unit),
                           "person_id");
    ok_as("prov", &zhucun__user_show_reply__descriptor, "user show user1");
    ok_as("prov", NULL, "user disable user1");
    ok_as("prov", NULL, "user enable user1");
    ok_as("prov", &zhucun__user_reset_password_reply__descriptor, "user reset-password user1");
    ok_as("prov", NULL, "user grant user1 --role cadre --scope 140105001003");
    ok_as("prov", NULL, "user revoke user1 --role cadre --scope 140105001003");

    long long team = num(ok_as("prov", &zhucun__team__descriptor,
                               "team create 测试二村工作队 --kind village --org "
                               "140105001002"),
                         "id");
    long long membership =
        num(ok_as("prov", &zhucun__membership__descriptor,
                  "team assign %lld %lld --post member --start 2026-01-05", team, person),
            "id");
    /* a party organisation needs two party members */
    long long second = num(ok_as("prov", &zhucun__user_add_reply__descriptor,
                                 "user add user2 --name 演示乙 --org 140105001002 "
                                 "--role cadre --party"),
                           "person_id");
    ok_as("prov", &zhucun__membership__descriptor,
          "team assign %lld %lld --post captain --start 2026-01-05", team, second);
    ok_as("prov", NULL, "team party-leader %lld %lld", team, person);
    ok_as("prov", &zhucun__team__descriptor, "team show %lld", team);
    ok_as("prov", &zhucun__team__descriptor, "team show --org %s", VILLAGE);
    /* rotation ends it at once; a recall goes for approval (docs/approvals.md) */
    ok_as("prov", &zhucun__team_recall_reply__descriptor,
          "team recall %lld --note 轮换 --reason rotation", membership);
    assert_non_null(strstr(out, "\"status\":\"ended\""));
    ok_as("prov", &zhucun__team__descriptor, "team members %lld --history", team);
    /* the audit trail's times: RFC 3339 in Beijing time, and to the second for people */
    char first[64], last[64], shown[32];
    str(ok_as("prov", &zhucun__cli__audit_walk__descriptor, "audit verify"), "first_at", first,
        sizeof(first));
    str(out, "last_at", last, sizeof(last));
    assert_true(beijing_rfc3339(first, strlen(first)));
    assert_true(beijing_rfc3339(last, strlen(last)));
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
    long long household = num(ok_as("county", &zhucun__household__descriptor, "%s", arg), "id");
    ok_as("county", &zhucun__household__descriptor, "household show %lld", household);
    ok_as("county", &zhucun__household_list_reply__descriptor, "household list --village %s",
          VILLAGE);
    ok_as("county", &zhucun__household_list_reply__descriptor,
          "household list --search 没有这个人");
    assert_non_null(strstr(out, "\"households\":[]"));
    ok_as("county", NULL,
          "household set-state %lld --category monitored --absent --from 2025-09-01 "
          "--note 外出务工",
          household);
    ok_as("county", NULL, "household edit %lld --phone 13900000000", household);
    long long member = num(ok_as("county", &zhucun__household_member__descriptor,
                                 "household member add %lld --member 演示孙,grandchild,%s,"
                                 "minor,healthy",
                                 household, id_number(3, 13)),
                           "id");
    ok_as("county", NULL, "household member leave %lld %lld --on 2025-10-01 --reason moved_out",
          household, member);
    snprintf(path, sizeof(path), "%s/households.csv", srv.dir);
    snprintf(csv, sizeof(csv), "x1,%s,,,ordinary,,2025-05-01,演示乙,head,%s,full,healthy\n",
             VILLAGE, id_number(4, 14));
    write_file(path, csv);
    ok_as("county", &zhucun__household_import_reply__descriptor, "household import %s", path);

    ok_as("cadre", &zhucun__visits_due_reply__descriptor, "visits due");
    long long item =
        num(ok_as("cadre", &zhucun__visit_create_reply__descriptor,
                  "visits add --household %lld --date %s --mode in_person --cadre "
                  "%lld --problem '缺少过冬煤;%lld;%s'",
                  household, day(0), (long long)cadre_person, (long long)cadre_person, day(10)),
            "visit_id");
    (void)item;
    item = num(ok_as("cadre", &zhucun__follow_up_list_reply__descriptor, "items"), "id");
    ok_as("cadre", NULL, "items update %lld --status in_progress --note 已联系", item);
    ok_as("cadre", &zhucun__follow_up_list_reply__descriptor, "items --status resolved");
    assert_non_null(strstr(out, "\"items\":[]"));
    ok_as("cadre", &zhucun__check_in_reply__descriptor,
          "checkin --lat 37.736 --lon 112.565 --accuracy 20");
    ok_as("cadre", &zhucun__attendance_week_reply__descriptor, "attendance week");
    ok_as("county", &zhucun__official_business_reply__descriptor,
          "attendance business --cadre %lld --date %s --note 参加培训", (long long)cadre_person,
          day(0));
    ok_as("county", &zhucun__attendance_report_reply__descriptor, "attendance report --org %s",
          COUNTY);
    char month[8];
    snprintf(month, sizeof(month), "%.7s", day(0));
    ok_as("county", &zhucun__visit_report_reply__descriptor, "report visits --org %s --period %s",
          VILLAGE, month);
    ok_as("county", &zhucun__visit_report_reply__descriptor,
          "report visits --org %s --period %s --by household --unmet", VILLAGE, month);
    ok_as("county", &zhucun__duty_report_reply__descriptor,
          "report duties --org %s --period %s --by team", COUNTY, month);
    ok_as("county", &zhucun__duty_report_reply__descriptor,
          "report duties V1 A2 T2 --org %s --period %.4s", COUNTY, month);
    ok_as("cadre", &zhucun__duties_due_reply__descriptor, "duties");
    ok_as("county", &zhucun__duties_due_reply__descriptor, "duties --limit 1");

    /* the income sums, plans and lists (docs/income.md) */
    ok_as("cadre", &zhucun__income_record_reply__descriptor,
          "income record %lld %s wages=3000 business=-200.5 dibao=400 --members 2 --ack signed",
          household, month);
    ok_as("county", &zhucun__income_history_reply__descriptor, "income history %lld", household);
    ok_as("county", &zhucun__income_list_reply__descriptor, "income list under_threshold --org %s",
          VILLAGE);
    ok_as("county", &zhucun__income_list_reply__descriptor, "income list fell --org %s", COUNTY);
    ok_as("county", NULL, "income plan set %lld --measure 安排公益性岗位 --person %lld --on %s",
          household, (long long)cadre_person, day(30));
    ok_as("county", &zhucun__income_plan__descriptor, "income plan show %lld", household);
}

static long long first_step(void)
{
    return num(ok_as("town", &zhucun__queue_list_reply__descriptor, "queue"), "step_id");
}

static void test_leave_queue_delegation(void **state)
{
    (void)state;
    ok_as("cadre", &zhucun__leave_list_reply__descriptor, "leave list");
    assert_non_null(strstr(out, "{\"leaves\":[]}"));
    ok_as("town", &zhucun__queue_list_reply__descriptor, "queue");
    assert_non_null(strstr(out, "{\"items\":[]}"));
    ok_as("town", &zhucun__delegation_list_reply__descriptor, "delegate list");
    assert_non_null(strstr(out, "{\"delegations\":[]}"));

    long long leave =
        num(ok_as("cadre", &zhucun__leave_request_reply__descriptor,
                  "leave request --start %s --end %s --reason 家中有事", day(10), day(10)),
            "leave_id");
    ok_as("town", &zhucun__decide_reply__descriptor, "return %lld --reason 请写明事由",
          first_step());
    ok_as("cadre", NULL, "leave resubmit %lld --start %s --end %s --reason 家中老人住院", leave,
          day(10), day(10));
    /* times: RFC 3339 in Beijing time in --json, Beijing time for people (defect 5) */
    char deadline[64], since[64], shown[32];
    str(ok_as("town", &zhucun__queue_list_reply__descriptor, "queue"), "deadline", deadline,
        sizeof(deadline));
    str(out, "pending_since", since, sizeof(since));
    assert_true(beijing_rfc3339(deadline, strlen(deadline)));
    assert_true(beijing_rfc3339(since, strlen(since)));
    snprintf(shown, sizeof(shown), "%.10s %.5s", deadline, deadline + 11);
    assert_non_null(strstr(text_as("town", "queue"), shown));
    assert_null(strstr(out, "Z"));
    ok_as("town", &zhucun__decide_reply__descriptor, "approve %lld", first_step());
    char decided[64];
    str(strstr(ok_as("cadre", &zhucun__leave__descriptor, "leave show %lld", leave),
               "\"status\":\"approved\""),
        "decided_at", decided, sizeof(decided));
    assert_true(beijing_rfc3339(decided, strlen(decided)));
    /* every round's steps of the leave's approval */
    ok_as("cadre", &zhucun__approval_history_reply__descriptor, "approval history leave %lld",
          leave);
    assert_non_null(strstr(out, "\"round\":2"));
    ok_as("cadre", NULL, "leave cancel %lld", leave);

    /* two at once: the list holds both */
    long long today_leave =
        num(ok_as("cadre", &zhucun__leave_request_reply__descriptor,
                  "leave request --start %s --end %s --reason 就医", day(0), day(0)),
            "leave_id");
    long long refused = num(ok_as("town", &zhucun__leave_request_reply__descriptor,
                                  "leave request --person %lld --start %s --end %s "
                                  "--reason 探亲 --channel phone",
                                  (long long)cadre_person, day(20), day(20)),
                            "leave_id");
    (void)refused;
    ok_as("town", &zhucun__queue_list_reply__descriptor, "queue");
    assert_non_null(strstr(out, "\"items\":[{"));
    assert_non_null(strstr(out, "},{")); /* two items, one array */
    ok_as("town", &zhucun__decide_reply__descriptor, "approve %lld", first_step());
    ok_as("town", &zhucun__decide_reply__descriptor, "reject %lld --reason 时间冲突", first_step());
    ok_as("town", &zhucun__queue_list_reply__descriptor, "queue");
    assert_non_null(strstr(out, "{\"items\":[]}"));
    ok_as("cadre", NULL, "leave return %lld --date %s", today_leave, day(0));
    ok_as("cadre", &zhucun__leave_list_reply__descriptor, "leave list");
    assert_non_null(strstr(out, "{\"leaves\":[{"));
    ok_as("town", &zhucun__leave_list_reply__descriptor,
          "leave list --person %lld --status rejected", (long long)cadre_person);

    long long delegation =
        num(ok_as("town", &zhucun__delegation__descriptor,
                  "delegate create --to town2 --role township --scope %s --start %s "
                  "--end %s",
                  TOWNSHIP, day(0), day(5)),
            "id");
    ok_as("town", &zhucun__delegation_list_reply__descriptor, "delegate list");
    assert_non_null(strstr(out, "{\"delegations\":[{"));
    ok_as("town", NULL, "delegate revoke %lld", delegation);
}

/* The file at path is a workbook (a ZIP: it begins with PK). */
static void assert_workbook(const char *path)
{
    FILE *f = fopen(path, "rb");
    char magic[2] = {0};
    assert_non_null(f);
    assert_int_equal(fread(magic, 1, 2, f), 2);
    fclose(f);
    assert_memory_equal(magic, "PK", 2);
}

/* zhucun guarantee and zhucun labour (docs/guarantees.md): every command, and the gap list
 * written to a workbook. */
static void test_guarantees_labour(void **state)
{
    (void)state;
    char arg[900], path[700];
    snprintf(arg, sizeof(arg),
             "household add --village %s --category poverty_alleviated --since 2025-05-01 "
             "--member 保障户主,head,%s,full,chronic",
             VILLAGE, id_number(6, 31));
    long long household = num(ok_as("county", &zhucun__household__descriptor, "%s", arg), "id");
    ok_as("county", &zhucun__household__descriptor, "household show %lld", household);
    const char *members = strstr(out, "\"members\":[");
    assert_non_null(members);
    long long member = num(members, "id");
    long long insured = num(ok_as("county", &zhucun__guarantee_record_reply__descriptor,
                                  "guarantee record insurance %lld %lld --date %s --status "
                                  "not_enrolled --chronic not_covered",
                                  household, member, day(-1)),
                            "id");
    ok_as("county", &zhucun__guarantee_record_reply__descriptor,
          "guarantee record hospital %lld %lld --date %s --status pending --place 县人民医院 "
          "--cost 1200.50 --own 300",
          household, member, day(-1));
    ok_as("cadre", &zhucun__guarantee_record_reply__descriptor,
          "guarantee record housing %lld --date %s --status C --renovation in_progress", household,
          day(-1));
    ok_as("cadre", &zhucun__guarantee_record_reply__descriptor,
          "guarantee record water --village %s --date %s --status seasonal_shortage", VILLAGE,
          day(-1));
    ok_as("cadre", &zhucun__guarantee_list_reply__descriptor, "guarantee list %lld", household);
    assert_non_null(strstr(out, "\"area\":\"housing\""));
    ok_as("cadre", &zhucun__guarantee_list_reply__descriptor, "guarantee list --village %s",
          VILLAGE);
    ok_as("cadre", NULL, "guarantee resolve %lld --date %s --note 已协助参保", insured, day(0));
    ok_as("county", &zhucun__guarantee_gaps_reply__descriptor, "guarantee gaps --org %s", COUNTY);
    ok_as("county", &zhucun__guarantee_gaps_reply__descriptor, "guarantee gaps --limit 1");
    assert_non_null(strstr(out, "\"households\":1"));
    /* --xlsx: every page (one household each) into one workbook */
    snprintf(path, sizeof(path), "%s/gaps.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "guarantee gaps --limit 1 --xlsx %s", path);
    assert_non_null(strstr(text_as("county", arg), "gaps.xlsx"));
    assert_workbook(path);
    ok_as("county", &zhucun__labour_record_reply__descriptor,
          "labour record %lld %lld --date %s --status out_of_province --place 北京 --work 建筑 "
          "--training 电工 --subsidy applied",
          household, member, day(-1));
    ok_as("cadre", &zhucun__labour_list_reply__descriptor, "labour list %lld", household);
    ok_as("county", &zhucun__labour_list_reply__descriptor, "labour list --org %s", COUNTY);
}

/* zhucun points (docs/points.md): every command's --json, through a scheme: a deed and a good
 * set, a donation received, an award, a redemption at the day's price and its correction,
 * the catalogue, the stock, the balance, the year's report (and its workbook) and the check. */
static void test_points(void **state)
{
    (void)state;
    char arg[900], path[700];
    snprintf(arg, sizeof(arg),
             "household add --village %s --category ordinary --since 2025-05-01 "
             "--member 积分户主,head,%s,full,healthy",
             VILLAGE, id_number(6, 41));
    long long household = num(ok_as("county", &zhucun__household__descriptor, "%s", arg), "id");
    ok_as("county", &zhucun__points_write_reply__descriptor,
          "points catalogue set %s A01 10 --name 参加村庄清洁行动 --from 2025-01-01", VILLAGE);
    long long good = num(ok_as("county", &zhucun__points_write_reply__descriptor,
                               "points stock add %s 洗衣粉 袋 4 --from 2025-01-01", VILLAGE),
                         "id");
    ok_as("county", &zhucun__points_write_reply__descriptor,
          "points stock price %s %lld 5 --from %s", VILLAGE, good, day(0));
    ok_as("cadre", &zhucun__points_write_reply__descriptor,
          "points donate %s %lld=10 --name 爱心企业 --date %s", VILLAGE, good, day(-1));
    ok_as("cadre", &zhucun__points_write_reply__descriptor,
          "points award %lld A01 --reason 打扫村道 --date %s", household, day(-1));
    long long redeemed = num(ok_as("cadre", &zhucun__points_write_reply__descriptor,
                                   "points redeem %lld %lld 2 5", household, good),
                             "id");
    assert_non_null(strstr(out, "\"balance\":0"));
    ok_as("county", &zhucun__points_write_reply__descriptor,
          "points correct %lld --reason 登记错误", redeemed);
    assert_non_null(strstr(out, "\"balance\":10"));
    ok_as("cadre", &zhucun__points_shop_reply__descriptor, "points catalogue list %s", VILLAGE);
    assert_non_null(strstr(out, "\"code\":\"A01\""));
    ok_as("cadre", &zhucun__points_shop_reply__descriptor, "points stock list %s --date %s",
          VILLAGE, day(-1));
    assert_non_null(strstr(out, "\"price\":4"));
    ok_as("cadre", &zhucun__points_history_reply__descriptor, "points balance %lld", household);
    ok_as("county", &zhucun__points_report_reply__descriptor, "points report %s", VILLAGE);
    ok_as("county", &zhucun__points_check_reply__descriptor, "points check");
    assert_non_null(strstr(out, "\"differences\":[]"));
    snprintf(path, sizeof(path), "%s/points.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "points report %s --xlsx %s", VILLAGE, path);
    assert_non_null(strstr(text_as("county", arg), "points.xlsx"));
    assert_workbook(path);
}

/* zhucun ledger (docs/ledger.md): every command, an item through its life, the board written to
 * a workbook. */
static void test_ledger(void **state)
{
    (void)state;
    char arg[900], path[700];
    long long item = num(ok_as("cadre", &zhucun__ledger_item_create_reply__descriptor,
                               "ledger add 改造户厕 --village %s --area living --topic toilets "
                               "--list task --person %lld --deadline %s --urgent",
                               VILLAGE, (long long)cadre_person, day(10)),
                         "id");
    ok_as("cadre", NULL, "ledger update %lld --status in_progress --note 已完成一半", item);
    /* a file uploaded before (docs/attachments.md), linked by its hash */
    uint8_t sha[32];
    memset(sha, 0xab, sizeof(sha));
    zt_attach_evidence(&srv, NULL, sha);
    char hex[65];
    for (int i = 0; i < 32; i++)
        memcpy(hex + 2 * i, "ab", 2);
    hex[64] = '\0';
    ok_as("cadre", NULL, "ledger update %lld --note 附改厕照片 --evidence %s", item, hex);
    ok_as("county", &zhucun__ledger_item_show_reply__descriptor, "ledger show %lld", item);
    assert_non_null(strstr(out, "\"history\":[{"));
    assert_non_null(strstr(out, "\"evidence\":[\""));
    ok_as("county", &zhucun__ledger_list_reply__descriptor,
          "ledger list --org %s --area living --status all --limit 5", COUNTY);
    assert_non_null(strstr(out, "\"topic\":\"toilets\""));
    ok_as("cadre", &zhucun__ledger_board_reply__descriptor, "ledger board");
    ok_as("county", &zhucun__ledger_board_reply__descriptor, "ledger board --org %s", TOWNSHIP);
    assert_non_null(strstr(out, "\"in_progress\":1"));
    ok_as("cadre", &zhucun__ledger_from_gaps_reply__descriptor,
          "ledger from-gaps --village %s --person %lld --deadline %s", VILLAGE,
          (long long)cadre_person, day(30));
    /* the text board's columns line up in a terminal: every line under the title is as wide,
     * a Chinese character two cells */
    snprintf(arg, sizeof(arg), "ledger board --org %s", COUNTY);
    text_as("county", arg);
    locale_t u = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    assert_true(u != (locale_t)0);
    locale_t before = uselocale(u);
    int width = -1, lines = 0;
    for (char *line = strchr(out, '\n'); line != NULL && line[1] != '\0';
         line = strchr(line + 1, '\n')) {
        char *end = strchr(line + 1, '\n');
        char buf[400];
        snprintf(buf, sizeof(buf), "%.*s", (int)(end ? end - line - 1 : (long)strlen(line + 1)),
                 line + 1);
        wchar_t w[400];
        size_t n = mbstowcs(w, buf, 400);
        assert_true(n != (size_t)-1);
        int cells = wcswidth(w, n);
        if (width < 0)
            width = cells;
        if (cells != width)
            fail_msg("board line of %d cells, the head has %d: %s", cells, width, buf);
        lines++;
    }
    uselocale(before);
    freelocale(u);
    assert_int_equal(lines, 12); /* the head, ten areas, the total */
    snprintf(path, sizeof(path), "%s/board.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "ledger board --org %s --xlsx %s", COUNTY, path);
    assert_non_null(strstr(text_as("county", arg), "board.xlsx"));
    assert_workbook(path);
}

/* zhucun monitor (docs/monitoring.md): every command's --json, through the whole of a case:
 * entered, its village review, the township's and county's approvals, a risk and a measure
 * added and closed, the lists, the case shown, and the sign-off once nothing blocks it. */
static long long sql_num(const char *fmt, long long a)
{
    char sql[900];
    snprintf(sql, sizeof(sql), fmt, a);
    char *v = zt_sql(&srv, sql);
    long long n = atoll(v);
    free(v);
    return n;
}

static void test_monitoring(void **state)
{
    (void)state;
    long long hh = sql_num("WITH h AS (INSERT INTO households (village_code, head_name, since)"
                           " VALUES ('" VILLAGE "', '监测户', '2025-01-01') RETURNING id)"
                           " INSERT INTO household_states (household_id, valid_from, category,"
                           " absent) SELECT id, '2025-01-01', 'ordinary', false FROM h"
                           " RETURNING household_id * %lld",
                           1);
    long long mcase = num(ok_as("cadre", &zhucun__monitor_enter_reply__descriptor,
                                "monitor enter %lld illness other:家中失火 --kind sudden"
                                " --from warning --date %s",
                                hh, day(0)),
                          "case_id");
    const char *step_sql = "SELECT s.id FROM approval_steps s JOIN approvals a ON a.id ="
                           " s.approval_id WHERE a.subject_kind = 'monitor_entry' AND"
                           " a.subject_id = %lld AND s.status = 'pending'";
    ok_as("cadre", &zhucun__monitor_review_reply__descriptor,
          "monitor review %lld --date %s --start %s --end %s --note 村民代表会议记录",
          sql_num(step_sql, mcase), day(0), day(0), day(0));
    ok_as("town", &zhucun__decide_reply__descriptor, "approve %lld", sql_num(step_sql, mcase));
    ok_as("county", &zhucun__decide_reply__descriptor, "approve %lld", sql_num(step_sql, mcase));
    long long risk = num(ok_as("cadre", &zhucun__monitor_id_reply__descriptor,
                               "monitor risk add %lld expenses --date %s", mcase, day(0)),
                         "id");
    ok_as("cadre", NULL, "monitor risk close %lld --date %s --note 已报销", risk, day(0));
    long long measure = num(
        ok_as("cadre", &zhucun__monitor_id_reply__descriptor,
              "monitor measure add %lld --kind housing --person %lld --start %s --note 危房改造",
              mcase, (long long)cadre_person, day(0)),
        "id");
    ok_as("cadre", NULL, "monitor measure close %lld --end %s --note 已竣工", measure, day(0));
    ok_as("county", &zhucun__monitor_list_reply__descriptor, "monitor list --org %s", COUNTY);
    assert_non_null(strstr(out, "\"cases\":[{"));
    ok_as("county", &zhucun__monitor_list_reply__descriptor, "monitor list disaster --status all");
    assert_non_null(strstr(out, "\"cases\":[]"));
    ok_as("county", &zhucun__monitor_stale_reply__descriptor, "monitor stale --org %s", COUNTY);
    ok_as("county", &zhucun__monitor_case__descriptor, "monitor show %lld", mcase);
    assert_non_null(strstr(out, "\"blockers\":[{\"field\":\"income\""));
    char path[700];
    snprintf(path, sizeof(path), "%s/monitoring.xlsx", srv.dir);
    char args[800];
    snprintf(args, sizeof(args), "monitor list --org %s --xlsx %s", COUNTY, path);
    text_as("county", args);
    assert_int_equal(access(path, R_OK), 0);
    /* Nothing left to block the sign-off: the risks closed, six months above the line. */
    sql_num("UPDATE monitoring_risks SET closed_on = zc_today(), close_note = '已解决'"
            " WHERE case_id = %lld AND closed_on IS NULL RETURNING 1",
            mcase);
    zt_income_met(&srv, hh);
    /* The village's water problem recorded by test_guarantees_labour is the household's gap
     * too (docs/guarantees.md): resolved, it blocks nothing. */
    sql_num("UPDATE guarantee_entries SET resolved_on = zc_today(), resolution = '已解决'"
            " WHERE village_code = '" VILLAGE "' AND resolved_on IS NULL AND %lld > 0 RETURNING 1",
            1);
    ok_as("cadre", &zhucun__monitor_sign_off_reply__descriptor,
          "monitor signoff %lld --note 已达标", mcase);
}

/* zhucun service (docs/services.md): every command's --json through a serious illness's
 * case (opened, its three steps, closed with money) and a dispute (closed with its mediation),
 * the lists and the counts, and both written to workbooks. */
static void test_services(void **state)
{
    (void)state;
    char arg[900], path[700];
    long long hh =
        sql_num("SELECT min(id) * %lld FROM households WHERE village_code = '" VILLAGE "'", 1);
    long long sc = num(
        ok_as("cadre", &zhucun__service_id__descriptor,
              "service add %lld --category serious_illness --date %s --note 脑梗住院", hh, day(-2)),
        "id");
    ok_as("cadre", &zhucun__service_id__descriptor,
          "service step %lld --step hospital_contact --date %s --note 联系县医院", sc, day(-2));
    ok_as("cadre", &zhucun__service_id__descriptor,
          "service step %lld --step admission --date %s --note 入院", sc, day(-1));
    ok_as("cadre", &zhucun__service_id__descriptor,
          "service step %lld --step reimbursement --date %s --note 一站式结算", sc, day(0));
    ok_as("cadre", NULL, "service close %lld --date %s --note 报销后自付三千元 --amount 18800.50",
          sc, day(0));
    long long dispute = num(ok_as("cadre", &zhucun__service_id__descriptor,
                                  "service add %lld --category dispute --kind neighbour --date %s "
                                  "--note 宅基地边界",
                                  hh, day(0)),
                            "id");
    ok_as("cadre", NULL, "service close %lld --date %s --note 签订调解协议 --mediation mediated",
          dispute, day(0));
    ok_as("cadre", &zhucun__service_case_show_reply__descriptor, "service show %lld", sc);
    assert_non_null(strstr(out, "\"amount_fen\":1880050"));
    ok_as("cadre", &zhucun__service_case_list_reply__descriptor, "service list %lld", hh);
    ok_as("county", &zhucun__service_case_list_reply__descriptor,
          "service list --org %s --category dispute", COUNTY);
    assert_non_null(strstr(out, "\"mediation\":\"mediated\""));
    ok_as("county", &zhucun__service_report_reply__descriptor, "service report --org %s --by unit",
          COUNTY);
    ok_as("town", &zhucun__service_report_reply__descriptor, "service report --by category");
    const char *const books[] = {"service list --org %s --xlsx %s",
                                 "service report --org %s --by cadre --xlsx %s"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/services-%d.xlsx", srv.dir, i);
        snprintf(arg, sizeof(arg), books[i], COUNTY, path);
        assert_non_null(strstr(text_as("county", arg), path));
        assert_workbook(path);
    }
}

/* zhucun contest (docs/services.md, "Competitions"): a round opened by the county office, the
 * village team's entry, the lists by round and by team, and (the round's days moved into the
 * past) its result. */
static void test_contests(void **state)
{
    (void)state;
    long long team = sql_num("SELECT min(id) * %lld FROM teams WHERE org_code = '" VILLAGE "'", 1);
    long long round =
        num(ok_as("county", &zhucun__service_id__descriptor,
                  "contest round-open --kind livestream --org %s --name 直播带货擂台赛"
                  " --start %s --end %s",
                  COUNTY, day(0), day(3)),
            "id");
    char arg[300];
    snprintf(arg, sizeof(arg),
             "contest enter %lld --team %lld --name 小米直播间 --note 直播销售小米三万斤", round,
             team);
    long long entry = num(ok_as("cadre", &zhucun__service_id__descriptor, "%s", arg), "id");
    ok_as("county", &zhucun__contest_list_reply__descriptor, "contest list %lld", round);
    assert_non_null(strstr(out, "\"entries\":[{"));
    ok_as("cadre", &zhucun__contest_list_reply__descriptor, "contest list --team %lld", team);
    sql_num("UPDATE contest_rounds SET starts_on = zc_today() - 5, ends_on = zc_today() - 1"
            " WHERE id = %lld RETURNING 1",
            round);
    ok_as("county", NULL, "contest result %lld --rank 1 --award 一等奖", entry);
    ok_as("town", &zhucun__contest_list_reply__descriptor, "contest list --kind livestream");
    assert_non_null(strstr(out, "\"award\":\"一等奖\""));
}

/* zhucun quiz, video and broadcast (docs/policy-delivery.md): every command's --json. */
static void test_policy(void **state)
{
    (void)state;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", day(0));
    long long quiz = num(ok_as("county", &zhucun__quiz_create_reply__descriptor,
                               "quiz create --org %s --month %s --title 政策抽查 --question "
                               "监测对象如何识别 --answer 农户申请 --question 五天四夜 --sample 1",
                               COUNTY, month),
                         "id");
    ok_as("county", &zhucun__quiz__descriptor, "quiz show %lld", quiz);
    const char *cadres = strstr(out, "\"cadres\":[");
    assert_non_null(cadres);
    long long person = num(cadres, "person_id");
    ok_as("county", NULL, "quiz score %lld %lld --date %s --score 90", quiz, person, day(0));
    ok_as("county", &zhucun__quiz_report_reply__descriptor, "quiz report --org %s", COUNTY);
    assert_non_null(strstr(out, "\"quizzed\":1"));
    ok_as("cadre", &zhucun__video_record_reply__descriptor,
          "video add --platform douyin --url https://v.douyin.com/json1/ --title 小额信贷政策解读 "
          "--date %s",
          day(0));
    ok_as("cadre", &zhucun__video_list_reply__descriptor, "video list");
    assert_non_null(strstr(out, "\"count\":1"));
    ok_as("cadre", &zhucun__broadcast_record_reply__descriptor,
          "broadcast add --minutes 30 --topic 防返贫监测政策 --date %s", day(0));
    ok_as("county", &zhucun__broadcast_list_reply__descriptor, "broadcast list --org %s", COUNTY);
    assert_non_null(strstr(out, "\"minutes\":30"));
}

/* zhucun lookback (docs/lookback.md): every command's --json, through a campaign and a review
 * with a finding made a ledger item. */
static void test_lookback(void **state)
{
    (void)state;
    long long project = sql_num(
        "INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,"
        " planned_start, planned_end, expected_households, status, status_on) VALUES ('" VILLAGE
        "', '光伏电站', 'industry', 2016, 50000000, '县农业农村局', '2016-03-01',"
        " '2016-10-31', 40 + %lld, 'maintenance', '2017-01-01') RETURNING id",
        0);
    long long campaign = num(
        ok_as("county", &zhucun__lookback_campaign_create_reply__descriptor,
              "lookback campaign --org %s --name 扶贫项目资产回头看 --year %.4s", COUNTY, day(0)),
        "id");
    ok_as("town", &zhucun__lookback_review_reply__descriptor,
          "lookback review %lld %lld --date %s --upkeep idle --verdict rectify --missing handover"
          " --found 30 --problem 光伏板闲置 --person %lld --deadline %s",
          campaign, project, day(0), (long long)cadre_person, day(30));
    ok_as("county", &zhucun__lookback_list_reply__descriptor, "lookback list");
    assert_non_null(strstr(out, "\"name\":\"扶贫项目资产回头看\""));
    ok_as("county", &zhucun__lookback_list_reply__descriptor, "lookback reviews %lld", campaign);
    assert_non_null(strstr(out, "\"docs_missing\":[\"handover\"]"));
    ok_as("town", &zhucun__lookback_progress_reply__descriptor, "lookback progress %lld", campaign);
    assert_non_null(strstr(out, "\"reviewed\":1"));
    char args[80];
    snprintf(args, sizeof(args), "lookback reviews %lld", campaign);
    assert_non_null(strstr(text_as("county", args), "光伏板闲置"));
}

/* zhucun consume (docs/consumption.md): every command's --json, a unit's administrator buying
 * from the village its cadre serves in, the county office's contract and the progress lists. */
static void test_consume(void **state)
{
    (void)state;
    struct zc_client *county = zt_login(&srv, "county", PW, NULL);
    int64_t unit = zt_unit(county, "小店区消费帮扶测试局", "county", COUNTY);
    char *team = zt_sql(&srv, "SELECT id FROM teams WHERE org_code = '" VILLAGE "'");
    int64_t person;
    zc_close(zt_cadre(&srv, county, strtoll(team, NULL, 10), "consume-cadre", VILLAGE, "cadre",
                      "member", unit, PW, &person));
    free(team);
    char initial[64];
    zt_user_add(county, "consume-uadm", "单位管理员", COUNTY, "unit_admin", unit, initial);
    zc_close(zt_first_login(&srv, "consume-uadm", initial, PW));
    zc_close(county);
    ok_with_stdin("consume-uadm", PW "\n", &zhucun__login_reply__descriptor,
                  "login consume-uadm --password-stdin");
    ok_as("consume-uadm", &zhucun__consume_write_reply__descriptor,
          "consume buy %lld %s 小米 100 斤 1200.50 --kind unit --name 测试合作社 --category "
          "cooperative",
          (long long)unit, VILLAGE);
    ok_as("consume-uadm", &zhucun__purchase_list_reply__descriptor, "consume list");
    assert_non_null(strstr(out, "\"amount\":120050"));
    ok_as("county", &zhucun__consume_write_reply__descriptor,
          "consume contract add %s 某电商平台 platform 小米 1000 斤 5000 --from %s --to %s --name "
          "测试合作社 --category cooperative",
          VILLAGE, day(0), day(30));
    ok_as("county", &zhucun__contract_list_reply__descriptor, "consume contract list --org %s",
          COUNTY);
    ok_as("consume-uadm", &zhucun__quota_progress_reply__descriptor, "consume progress");
    assert_non_null(strstr(out, "\"counted\":120050"));
    ok_as("county", &zhucun__quota_progress_reply__descriptor, "consume shortfall --org %s",
          COUNTY);
    assert_non_null(strstr(out, "\"shortfall\":879950"));
    /* the tables in terminal cells, and the workbooks */
    assert_non_null(strstr(text_as("consume-uadm", "consume list"), "1200.50"));
    assert_non_null(strstr(text_as("county", "consume contract list"), "某电商平台"));
    assert_non_null(strstr(text_as("county", "consume shortfall"), "8799.50"));
    char path[800], arg[900];
    static const char *const reports[] = {"progress", "shortfall"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/consume-%s.xlsx", srv.dir, reports[i]);
        snprintf(arg, sizeof(arg), "consume %s --org %s --xlsx %s", reports[i], COUNTY, path);
        assert_non_null(strstr(text_as("county", arg), path));
        assert_workbook(path);
    }
}

/* zhucun study, training and unit (docs/training.md): every command's --json, a cadre's study of
 * the team, the county office's session and attendance, its unit's hearing and leader visit, and
 * the lists as tables and workbooks. */
static void test_training(void **state)
{
    (void)state;
    struct zc_client *county = zt_login(&srv, "county", PW, NULL);
    int64_t unit = zt_unit(county, "小店区学习测试局", "county", COUNTY);
    char *team_s = zt_sql(&srv, "SELECT id FROM teams WHERE org_code = '" VILLAGE "'");
    long long team = strtoll(team_s, NULL, 10);
    free(team_s);
    int64_t person;
    zc_close(
        zt_cadre(&srv, county, team, "train-cadre", VILLAGE, "cadre", "member", unit, PW, &person));
    zc_close(county);
    ok_with_stdin("train-cadre", PW "\n", &zhucun__login_reply__descriptor,
                  "login train-cadre --password-stdin");
    ok_as("train-cadre", &zhucun__training_write_reply__descriptor, "study record 学习党章 %lld",
          (long long)person);
    ok_as("train-cadre", &zhucun__study_list_reply__descriptor, "study list");
    assert_non_null(strstr(out, "学习党章"));
    ok_as("county", &zhucun__study_missed_reply__descriptor, "study missed --org %s", COUNTY);
    ok_as("county", &zhucun__training_write_reply__descriptor,
          "training add %s 驻村干部全员培训 all %s %s", COUNTY, day(0), day(0));
    char *session = zt_sql(&srv, "SELECT max(id) FROM training_sessions");
    ok_as("county", &zhucun__training_write_reply__descriptor,
          "training attend %s %lld --from %s --to %s", session, (long long)person, day(0), day(0));
    free(session);
    assert_int_equal(num(out, "id"), 1); /* one attendance recorded */
    ok_as("county", &zhucun__training_list_reply__descriptor, "training list");
    ok_as("county", &zhucun__training_list_reply__descriptor, "training short");
    assert_non_null(strstr(out, "驻村干部全员培训")); /* one day, the rule says three */
    ok_as("county", &zhucun__training_untrained_reply__descriptor, "training untrained");
    ok_as("county", &zhucun__training_write_reply__descriptor, "unit hearing %lld %lld 张主任",
          (long long)unit, team);
    ok_as("county", &zhucun__training_write_reply__descriptor,
          "unit leader-visit %lld %lld 李书记 --note 到村调研", (long long)unit, team);
    ok_as("county", &zhucun__units_behind_reply__descriptor, "unit behind --org %s", COUNTY);
    ok_as("county", &zhucun__unit_supervision_list_reply__descriptor, "unit records");
    /* the tables in terminal cells, and the workbooks */
    assert_non_null(strstr(text_as("county", "unit records"), "李书记"));
    assert_non_null(strstr(text_as("county", "training short"), "驻村干部全员培训"));
    char path[800], arg[900];
    static const char *const lists[] = {"training untrained", "study missed", "unit behind"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/training-%d.xlsx", srv.dir, i);
        snprintf(arg, sizeof(arg), "%s --org %s --xlsx %s", lists[i], COUNTY, path);
        assert_non_null(strstr(text_as("county", arg), path));
        assert_workbook(path);
    }
}

/* zhucun allowance (docs/allowances.md): every command's --json, from the county office's
 * draft of last month to the unit's statement for its finance office as a workbook with Chinese
 * headers and a total line, and a correction. */
static void test_allowance(void **state)
{
    (void)state;
    struct zc_client *county = zt_login(&srv, "county", PW, NULL);
    int64_t unit = zt_unit(county, "小店区补助测试局", "county", COUNTY);
    char *team = zt_sql(&srv, "SELECT id FROM teams WHERE org_code = '" VILLAGE "'");
    int64_t person;
    zc_close(zt_cadre(&srv, county, strtoll(team, NULL, 10), "alw-cadre", VILLAGE, "cadre",
                      "member", unit, PW, &person));
    free(team);
    zc_close(county);
    char sql[400], month[8];
    snprintf(sql, sizeof(sql),
             "UPDATE memberships SET start_date = date_trunc('month', zc_today())::date - 45"
             " WHERE person_id = %lld",
             (long long)person);
    free(zt_sql(&srv, sql));
    snprintf(sql, sizeof(sql),
             "INSERT INTO checkins (at, person_id, village_code, client_time, lat, lon,"
             " accuracy_m) SELECT d, %lld, '" VILLAGE "', d, 37.8, 112.5, 20 FROM (SELECT"
             " (date_trunc('month', zc_today())::date - 10 + time '10:00') AT TIME ZONE"
             " 'Asia/Shanghai' AS d) x",
             (long long)person);
    free(zt_sql(&srv, sql));
    char *m = zt_sql(&srv, "SELECT to_char(zc_today() - extract(day FROM zc_today())::integer,"
                           " 'YYYY-MM')");
    snprintf(month, sizeof(month), "%s", m);
    free(m);
    ok_as("county", &zhucun__allowance_write_reply__descriptor,
          "allowance compute %s --person %lld", month, (long long)person);
    assert_int_equal(num(out, "id"), 1);
    ok_as("county", &zhucun__allowance_list_reply__descriptor,
          "allowance list --month %s --person %lld", month, (long long)person);
    long long id = num(out, "id");
    assert_true(id > 0);
    ok_as("county", &zhucun__allowance_show_reply__descriptor, "allowance show %lld", id);
    ok_as("county", &zhucun__allowance_write_reply__descriptor, "allowance confirm %lld", id);
    ok_as("county", &zhucun__allowance_write_reply__descriptor, "allowance submit %lld", id);
    /* the unit's approval (the engine's, tested in integration_allowance) */
    snprintf(sql, sizeof(sql),
             "UPDATE allowance_statements SET status = 'approved' WHERE id = %lld", id);
    free(zt_sql(&srv, sql));
    ok_as("county", &zhucun__allowance_list_reply__descriptor,
          "allowance statement --unit %lld --month %s", (long long)unit, month);
    char path[800], arg[900];
    snprintf(arg, sizeof(arg), "allowance show %lld", id);
    assert_non_null(strstr(text_as("county", arg), "补助表"));
    snprintf(path, sizeof(path), "%s/allowance.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "allowance statement --unit %lld --month %s --xlsx %s",
             (long long)unit, month, path);
    assert_non_null(strstr(text_as("county", arg), path));
    assert_workbook(path);
    /* the workbook: a title, Chinese headers, the cadre's row, the total line */
    static char data[1 << 16];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t len = fread(data, 1, sizeof(data), f);
    fclose(f);
    assert_true(len > 0 && len < sizeof(data));
    struct csv_table t = {0};
    char err[200];
    assert_int_equal(xlsxread_parse(data, len, 100, 30, &t, err, sizeof(err)), 0);
    assert_int_equal(t.nrows, 4); /* title, headers, one cadre, the total */
    assert_string_equal(t.rows[1].fields[1], "姓名");
    assert_string_equal(t.rows[1].fields[7], "在村天数");
    assert_string_equal(t.rows[2].fields[1], "演示队员"); /* zt_cadre's name */
    assert_string_equal(t.rows[3].fields[1], "合计");
    csvtable_free(&t);
    ok_as("county", &zhucun__allowance_write_reply__descriptor,
          "allowance correct %lld --reason 补录打卡", id);
    assert_true(num(out, "id") > id);
}

static void test_password_and_logout(void **state)
{
    (void)state;
    ok_with_stdin("town2", PW "\ntown2 has a new password\n", NULL, "passwd --password-stdin");
    ok_as("town2", NULL, "logout");
    ok_with_stdin("town2", "town2 has a new password\n", &zhucun__login_reply__descriptor,
                  "login town2 --password-stdin");
}

/* zhucun build and zhucun disburse (docs/construction.md): every command's --json on a project
 * under construction — a task added and changed, the quarter's focus, a report, a target and
 * its final value, the plan, the task list, the county's projects, a request in yuan and the
 * list — and the plan's text. */
static void test_build(void **state)
{
    (void)state;
    char sql[700];
    snprintf(sql, sizeof(sql),
             "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen,"
             " responsible, planned_start, planned_end, status, status_on) VALUES ('%s',"
             " '命令行项目', 'infrastructure', 2026, 100000000, '县交通运输局', '2026-01-01',"
             " '2027-12-31', 'construction', '2026-01-01') RETURNING id),"
             " v AS (INSERT INTO project_villages SELECT id, '%s', '%s' FROM p) SELECT id FROM p",
             VILLAGE, VILLAGE, VILLAGE);
    char *id = zt_sql(&srv, sql);
    long long project = atoll(id);
    free(id);
    const ProtobufCMessageDescriptor *w = &zhucun__build_write_reply__descriptor;
    long long task = num(
        ok_as("cadre", w, "build task add %lld 路基施工 王建国 %s %s", project, day(-10), day(-1)),
        "id");
    ok_as("cadre", w, "build task update %lld 路基施工 李卫东 %s %s --start %s", task, day(-10),
          day(-1), day(-9));
    ok_as("county", w, "build focus %lld 2026 4 完成路基 --note 路基3公里", project);
    long long report =
        num(ok_as("cadre", w, "build progress %lld 40 路基完成 --date %s", project, day(0)), "id");
    long long target =
        num(ok_as("county", w, "build target set %lld 受益户数 户 120", project), "id");
    ok_as("cadre", w, "build target monitor %lld final 130 --note 超额完成", target);
    ok_as("county", &zhucun__project_plan_show_reply__descriptor, "build show %lld", project);
    assert_non_null(strstr(out, "\"status\":\"late\""));
    assert_non_null(strstr(out, "\"met\":\"yes\""));
    ok_as("cadre", &zhucun__project_plan_show_reply__descriptor, "build task list %lld", project);
    ok_as("county", &zhucun__project_build_list_reply__descriptor, "build list --org %s", COUNTY);
    ok_as("cadre", w, "disburse request %lld %lld 2000.50 山西路桥", project, report);
    assert_true(num(out, "approval_id") > 0);
    ok_as("county", &zhucun__disbursement_list_reply__descriptor, "disburse list %lld", project);
    assert_int_equal(num(out, "pending_fen"), 200050);
    ok_as("county", &zhucun__disbursement_list_reply__descriptor, "disburse list --org %s", COUNTY);
    snprintf(sql, sizeof(sql), "build show %lld", project);
    assert_non_null(strstr(text_as("county", sql), "进度 40%"));
}

/* zhucun asset and zhucun post (docs/assets.md): every command's --json, through an accepted
 * project's operational asset: registered and changed, maintained, a post it pays, a year's
 * income distributed to the collective, a household and the post, another distributed later,
 * the asset with its records, the lists (and a workbook), the household's dividends, the
 * post ended. */
static void test_assets(void **state)
{
    (void)state;
    char arg[1200], path[700];
    snprintf(arg, sizeof(arg),
             "household add --village %s --category poverty_alleviated --since 2025-05-01 "
             "--member 资产户主,head,%s,full,healthy",
             VILLAGE, id_number(7, 51));
    long long household = num(ok_as("county", &zhucun__household__descriptor, "%s", arg), "id");
    long long member =
        sql_num("SELECT min(id) FROM household_members WHERE household_id = %lld", household);
    long long project = sql_num(
        "WITH p AS (INSERT INTO projects (village_code, name, kind, year, budget_fen, responsible,"
        " planned_start, planned_end, status, status_on) VALUES ('" VILLAGE "', '光伏扶贫电站',"
        " 'industry', 2023, %lld, '县农业农村局', '2023-03-01', '2023-10-01', 'handed_over',"
        " '2024-02-01') RETURNING id), v AS (INSERT INTO project_villages (project_id,"
        " village_code, lead_code) SELECT id, '" VILLAGE "', '" VILLAGE "' FROM p)"
        " SELECT id FROM p",
        100000000);
    long long asset =
        num(ok_as("county", &zhucun__asset_write_reply__descriptor,
                  "asset register %lld %s operational 光伏电站 500000 村股份经济合作社 "
                  "王管护 村南山坡 村委会 收益提取 2024-01-10 JZ-1 2024-02-01 "
                  "村委会 --lat 37.8 --lon 112.5",
                  project, VILLAGE),
            "id");
    ok_as("county", &zhucun__asset_write_reply__descriptor,
          "asset update %lld %s operational 村光伏电站 500000 村股份经济合作社 王管护 村南山坡 "
          "村委会 收益提取 2024-01-10 JZ-1 2024-02-01 村委会",
          asset, VILLAGE);
    ok_as("cadre", &zhucun__asset_write_reply__descriptor,
          "asset maintain %lld 清理光伏板 300 村保洁队 needs_repair --date %s", asset, day(-1));
    long long post =
        num(ok_as("county", &zhucun__asset_write_reply__descriptor,
                  "post add %s cleaner %lld 2024-01-01 800 %lld", VILLAGE, member, asset),
            "id");
    ok_as("county", &zhucun__asset_write_reply__descriptor,
          "asset income %lld 2025 10000 collective=5000 household:%lld=3000 post:%lld=2000 "
          "--date %s",
          asset, household, post, day(0));
    long long later = num(ok_as("county", &zhucun__asset_write_reply__descriptor,
                                "asset income %lld 2024 1000.50 --note 年度收益", asset),
                          "id");
    ok_as("county", &zhucun__asset_write_reply__descriptor,
          "asset distribute %lld %lld collective=1000.50", asset, later);
    ok_as("cadre", &zhucun__asset_show_reply__descriptor, "asset show %lld", asset);
    assert_non_null(strstr(out, "\"condition\":\"needs_repair\""));
    assert_non_null(strstr(out, "\"amount_fen\":300000"));
    ok_as("cadre", &zhucun__asset_list_reply__descriptor, "asset list");
    ok_as("county", &zhucun__asset_list_reply__descriptor, "asset list %lld --org %s", project,
          VILLAGE);
    assert_non_null(strstr(out, "村光伏电站"));
    ok_as("county", &zhucun__asset_list_reply__descriptor, "asset due --limit 5");
    snprintf(path, sizeof(path), "%s/assets.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "asset list --xlsx %s", path);
    assert_non_null(strstr(text_as("county", arg), "assets.xlsx"));
    assert_workbook(path);
    ok_as("cadre", &zhucun__asset_dividends_reply__descriptor, "asset dividends %lld", household);
    assert_non_null(strstr(out, "\"total_fen\":300000"));
    ok_as("cadre", &zhucun__welfare_post_list_reply__descriptor, "post list %s", VILLAGE);
    assert_non_null(strstr(out, "资产户主"));
    ok_as("county", &zhucun__asset_write_reply__descriptor, "post end %lld %s --reason 辞职", post,
          day(0));
    ok_as("cadre", &zhucun__welfare_post_list_reply__descriptor, "post list %s --history", VILLAGE);
}

/* zhucun inspection and zhucun circular (docs/inspections.md, docs/circulars.md): every
 * command's --json, through an inspection by the county office with a finding and a deduction,
 * its circular received by the township, and the PDF and workbook it downloads. */
static void test_inspect(void **state)
{
    (void)state;
    char *team = zt_sql(&srv, "SELECT id FROM teams WHERE org_code = '" VILLAGE "'");
    long long insp = num(ok_as("county", &zhucun__inspection_record_reply__descriptor,
                               "inspection record %s %s %s 张三、李四 %s --villages %s", COUNTY,
                               day(0), day(0), team, VILLAGE),
                         "id");
    ok_as("county", &zhucun__finding_add_reply__descriptor,
          "inspection finding add %lld %s 驻村工作队员暗访当日不在岗 --deadline %s --score 2", insp,
          team, day(30));
    free(team);
    ok_as("county", &zhucun__inspection_list_reply__descriptor, "inspection list");
    assert_non_null(strstr(out, "\"inspectors\":\"张三、李四\""));
    ok_as("town", &zhucun__inspection_show_reply__descriptor, "inspection show %lld", insp);
    assert_non_null(strstr(out, "\"deduction\":2"));
    long long id = num(ok_as("county", &zhucun__circular_issue_reply__descriptor,
                             "circular issue %lld 店驻办通〔2026〕9号 关于暗访情况的通报 "
                             "各驻村工作队：现将暗访情况通报如下。",
                             insp),
                       "id");
    ok_as("town", &zhucun__circular_list_reply__descriptor, "circular list --kind inspection");
    assert_non_null(strstr(out, "\"doc_number\":\"店驻办通〔2026〕9号\""));
    ok_as("town", &zhucun__circular_get_reply__descriptor, "circular get %lld", id);
    char pdf[800], xlsx[800], arg[2000];
    snprintf(pdf, sizeof(pdf), "%s/circular.pdf", srv.dir);
    snprintf(xlsx, sizeof(xlsx), "%s/circular.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "circular get %lld --pdf %s --xlsx %s", id, pdf, xlsx);
    assert_non_null(strstr(text_as("town", arg), pdf));
    assert_workbook(xlsx);
    FILE *f = fopen(pdf, "rb");
    assert_non_null(f);
    char head[5] = {0};
    assert_int_equal(fread(head, 1, 4, f), 4);
    fclose(f);
    assert_string_equal(head, "%PDF");
    assert_non_null(strstr(text_as("town", "inspection list"), "张三、李四"));
}

/* zhucun stars codes (docs/stars-points.md): the codes of the county's indicators and items
 * as JSON, and as two tables with their headings. */
static void test_stars_codes(void **state)
{
    (void)state;
    ok_as("county", &zhucun__stars_codes_reply__descriptor, "stars codes %s", COUNTY);
    assert_non_null(strstr(out, "\"code\":\"discipline\",\"label\":"));
    assert_non_null(strstr(out, "\"points\":\"-5.0\",\"kind\":\"deduct\""));
    const char *text = text_as("county", "stars codes " COUNTY);
    assert_non_null(strstr(text, "指标代码"));
    assert_non_null(strstr(text, "项目代码"));
    assert_non_null(strstr(text, "commend_county"));
    /* the filing status: a county a row with the counts; --xlsx writes the same as a workbook */
    text = text_as("county", "stars status 2025H1");
    assert_non_null(strstr(text, "未报备 1"));
    char path[600], arg[700];
    snprintf(path, sizeof(path), "%s/filings.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "stars status 2025H1 --xlsx %s", path);
    assert_non_null(strstr(text_as("county", arg), "filings.xlsx"));
    assert_workbook(path);
}

/* zhucun notices (docs/notices.md): every command's --json — the county office's notice to the
 * village, a cadre's inbox, opening and reply, the badge; the sender's lists, report, pending
 * list and reminder — and the report and pending list as workbooks. */
static void test_notices(void **state)
{
    (void)state;
    struct zc_client *county = zt_login(&srv, "county", PW, NULL);
    char *team_s = zt_sql(&srv, "SELECT id FROM teams WHERE org_code = '" VILLAGE "'");
    long long team = strtoll(team_s, NULL, 10);
    free(team_s);
    int64_t person;
    zc_close(
        zt_cadre(&srv, county, team, "notice-cadre", VILLAGE, "cadre", "member", 0, PW, &person));
    zc_close(county);
    ok_with_stdin("notice-cadre", PW "\n", &zhucun__login_reply__descriptor,
                  "login notice-cadre --password-stdin");
    ok_as("county", &zhucun__notice_write_reply__descriptor,
          "notices send 关于报送走访情况的通知 请于三日内回复。 place %s --org %s --deadline open",
          VILLAGE, COUNTY);
    long long id = num(out, "id");
    ok_as("notice-cadre", &zhucun__notice_list_reply__descriptor, "notices list");
    assert_non_null(strstr(out, "关于报送走访情况的通知"));
    ok_as("notice-cadre", &zhucun__notice_count_reply__descriptor, "notices count");
    ok_as("notice-cadre", &zhucun__notice_show_reply__descriptor, "notices show %lld", id);
    ok_as("notice-cadre", &zhucun__notice_write_reply__descriptor, "notices reply %lld 已走访", id);
    ok_as("notice-cadre", &zhucun__notice_list_reply__descriptor, "notices list unread");
    ok_as("county", &zhucun__notice_sent_reply__descriptor, "notices sent");
    ok_as("county", &zhucun__notice_report_reply__descriptor, "notices report %lld", id);
    ok_as("county", &zhucun__notice_pending_reply__descriptor, "notices pending %lld unreplied",
          id);
    ok_as("county", &zhucun__notice_write_reply__descriptor, "notices remind %lld unreplied", id);
    assert_non_null(strstr(text_as("county", "notices sent"), "关于报送走访情况的通知"));
    char path[800], arg[900];
    static const char *const lists[] = {"report", "pending"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/notices-%d.xlsx", srv.dir, i);
        snprintf(arg, sizeof(arg), "notices %s %lld%s --xlsx %s", lists[i], id,
                 i == 1 ? " unreplied" : "", path);
        assert_non_null(strstr(text_as("county", arg), path));
        assert_workbook(path);
    }
}

/* zhucun task (docs/tasks.md): every command's --json; the county office sends, the cadre of
 * test_training's team lists, reports, makes it a ledger item and shows it; the board as a table
 * and a workbook. */
static void test_tasks(void **state)
{
    (void)state;
    ok_as("county", &zhucun__task_write_reply__descriptor,
          "task send 饮水安全入户排查 --org %s --deadline %s --note 逐户排查", COUNTY, day(10));
    long long task = num(out, "id");
    ok_as("county", &zhucun__task_sent_reply__descriptor, "task sent");
    assert_non_null(strstr(out, "饮水安全入户排查"));
    ok_as("train-cadre", &zhucun__task_list_reply__descriptor, "task list --open");
    char *inst = zt_sql(&srv, "SELECT min(i.id) FROM task_instances i JOIN teams t"
                              " ON t.id = i.team_id WHERE t.org_code = '" VILLAGE "'");
    char *person = zt_sql(&srv, "SELECT p.id FROM persons p JOIN users u ON u.id = p.user_id"
                                " WHERE u.username = 'train-cadre'");
    ok_as("train-cadre", &zhucun__task_write_reply__descriptor,
          "task ledger %s --area guarantees --person %s", inst, person);
    ok_as("train-cadre", &zhucun__task_write_reply__descriptor,
          "task report %s --status in_progress --note 已排查20户", inst);
    ok_as("train-cadre", &zhucun__task_show_reply__descriptor, "task show %s", inst);
    char arg[900], path[800];
    snprintf(arg, sizeof(arg), "task show %s", inst);
    assert_non_null(strstr(text_as("train-cadre", arg), "已排查20户"));
    free(inst);
    free(person);
    ok_as("county", &zhucun__task_board_reply__descriptor, "task board %lld", task);
    snprintf(arg, sizeof(arg), "task board %lld", task);
    assert_non_null(strstr(text_as("county", arg), "坞城"));
    snprintf(path, sizeof(path), "%s/task-board.xlsx", srv.dir);
    snprintf(arg, sizeof(arg), "task board %lld --xlsx %s", task, path);
    assert_non_null(strstr(text_as("county", arg), path));
    assert_workbook(path);
}

/* zhucun diary (docs/diary.md): every command's --json; the cadre of test_training's team
 * writes today's entry and reads the day; the county office lists the entries and the cadre's
 * days without one. */
static void test_diary(void **state)
{
    (void)state;
    ok_as("train-cadre", &zhucun__diary_day_reply__descriptor, "diary day");
    ok_as("train-cadre", &zhucun__diary_write_reply__descriptor,
          "diary write 入户走访五户 --met 村支书 --problem 排水沟堵塞");
    ok_as("train-cadre", &zhucun__diary_day_reply__descriptor, "diary day");
    assert_non_null(strstr(out, "入户走访五户"));
    assert_non_null(strstr(text_as("train-cadre", "diary day"), "排水沟堵塞"));
    ok_as("county", &zhucun__diary_list_reply__descriptor, "diary list --org %s", COUNTY);
    assert_non_null(strstr(out, "入户走访五户"));
    char *person = zt_sql(&srv, "SELECT p.id FROM persons p JOIN users u ON u.id = p.user_id"
                                " WHERE u.username = 'train-cadre'");
    ok_as("county", &zhucun__diary_missing_reply__descriptor, "diary missing --person %s", person);
    free(person);
    ok_as("train-cadre", &zhucun__diary_missing_reply__descriptor, "diary missing");
}

/* zhucun allowance rates and rate-set (docs/allowances.md "The rates"), and notices send
 * --offices (docs/notices.md "Offices as recipients"): their --json, and the rates as text. */
static void test_allowance_rates_and_offices(void **state)
{
    (void)state;
    ok_as("county", &zhucun__allowance_rate_list_reply__descriptor, "allowance rates --county %s",
          COUNTY);
    ok_as("prov", &zhucun__allowance_rate_list_reply__descriptor,
          "allowance rates --on 2022-01-01");
    assert_int_equal(num(out, "living_fen_per_day"), 10000); /* central units' 2022 rate */
    char *m = zt_sql(&srv, "SELECT to_char(zc_today() + 40, 'YYYY-MM')");
    ok_as("county", &zhucun__allowance_write_reply__descriptor,
          "allowance rate-set county 65 450.50 --from %s --county %s --note 县自定", m, COUNTY);
    assert_true(num(out, "id") > 0);
    free(m);
    assert_non_null(strstr(text_as("prov", "allowance rates"), "全省标准"));
    ok_as("county", &zhucun__notice_write_reply__descriptor,
          "notices send 乡镇月报 请报送本月月报 --offices %s --org %s", COUNTY, COUNTY);
    assert_int_equal(num(out, "count"), 2); /* town, town2 */
}

/* issue 24 (s24-daily): the official business recorded, as JSON and as text; a limit past the
 * largest refused by the library's check before anything is sent. */
static void test_daily_businesses(void **state)
{
    (void)state;
    ok_as("county", &zhucun__official_business_reply__descriptor,
          "attendance business --cadre %lld --date %s --note 县里开会", (long long)cadre_person,
          day(1));
    ok_as("county", &zhucun__official_business_list_reply__descriptor,
          "attendance businesses --cadre %lld", (long long)cadre_person);
    assert_non_null(strstr(out, "县里开会"));
    ok_as("county", &zhucun__official_business_list_reply__descriptor, "attendance businesses");
    assert_non_null(strstr(out, "县里开会"));
    assert_non_null(strstr(text_as("county", "attendance businesses --limit 5"), "县里开会"));
}

/* zhucun report visits|duties --trend (issue 25): the months as one ReportTrend
 * (client/cli/cli.proto), each the month's VisitReport or DutyReport total. */
static void test_report_trend(void **state)
{
    (void)state;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", day(0));
    ok_as("county", &zhucun__cli__report_trend__descriptor, "report visits --org %s --trend %s..%s",
          VILLAGE, month, month);
    assert_non_null(strstr(out, "\"months\":[{\"period\":\""));
    assert_non_null(strstr(out, "\"report\":\"visits\""));
    ok_as("county", &zhucun__cli__report_trend__descriptor,
          "report duties --org %s --trend %s..%s --by team", COUNTY, month, month);
    assert_non_null(strstr(out, "\"report\":\"duties\""));
}

/* zhucun report visits --by village (issue 25, the desk's map): the villages with their
 * coordinates in --json, the coordinates (or 无坐标) at the end of each text row. */
static void test_report_by_village(void **state)
{
    (void)state;
    char month[8];
    snprintf(month, sizeof(month), "%.7s", day(0));
    free(zt_sql(&srv, "UPDATE org_units SET lat = 37.73912, lon = 112.56523"
                      " WHERE code = '" VILLAGE "'"));
    ok_as("county", &zhucun__visit_report_reply__descriptor,
          "report visits --org %s --period %s --by village", COUNTY, month);
    assert_non_null(strstr(out, "\"by\":\"village\""));
    assert_non_null(strstr(out, "\"key\":\"" VILLAGE "\""));
    assert_non_null(strstr(out, "\"has_location\":true"));
    assert_non_null(strstr(out, "\"lat\":37.73912"));
    char args[200];
    snprintf(args, sizeof(args), "report visits --org %s --period %s --by village", TOWNSHIP,
             month);
    const char *text = text_as("county", args);
    assert_non_null(strstr(text, "37.73912,112.56523"));
    assert_non_null(strstr(text, "行政村"));
    char xargs[1400];
    snprintf(xargs, sizeof(xargs), "%s --xlsx %s/villages.xlsx", args, srv.dir);
    assert_non_null(strstr(text_as("county", xargs), "已导出"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_session_org_unit_user_team),
        cmocka_unit_test(test_households_visits_attendance),
        cmocka_unit_test(test_leave_queue_delegation),
        cmocka_unit_test(test_guarantees_labour),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_ledger),
        cmocka_unit_test(test_monitoring),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_services),
        cmocka_unit_test(test_contests),
        cmocka_unit_test(test_assets),
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_lookback),
        cmocka_unit_test(test_password_and_logout),
        cmocka_unit_test(test_consume),
        cmocka_unit_test(test_inspect),
        cmocka_unit_test(test_stars_codes),
        cmocka_unit_test(test_training),
        cmocka_unit_test(test_notices),
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_diary),
        cmocka_unit_test(test_allowance),
        cmocka_unit_test(test_allowance_rates_and_offices),
        cmocka_unit_test(test_daily_businesses),
        cmocka_unit_test(test_report_trend),
        cmocka_unit_test(test_report_by_village),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
