/* test_notices.c -- notices with read receipts (SPEC D1; issue 23; docs/notices.md) through the
 * real server: a notice sent to a place, a unit and named cadres (each refusal with its field,
 * a scope out of the sender's place, a retried key applied once, audited), one receipt row per
 * serving cadre against a direct SQL count; opening records "read" once with its time; a reply
 * only when required, once, by the deadline; the report's counts by child unit adding up to the
 * receipts; the pending lists; reminders reaching only those who have not read or replied,
 * re-surfacing in their list and badge; the badge pushed live to a following connection; every
 * kind exported incrementally. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rules/date.h"
#include "common/rules/notices.h"
#include "zc_calls.h"

#define PW       "correct horse battery"
#define CITY     "140100000000"
#define COUNTY_A "140105000000"
#define TOWN_A   "140105001000"
#define VA1      "140105001001"
#define VA2      "140105001002"
#define COUNTY_B "140106000000"
#define VB       "140106001001"

static struct zt_server srv;
static struct zc_client *prov, *county_a, *county_b, *cap_a1, *mem_a1, *cad_a2, *cad_b, *uadm,
    *exporter;
static int64_t u_a, u_b, team_a1, team_a2, team_b, p_cap_a1, p_mem_a1, p_a2, p_b;
static char today[11];

static const char *tree = "140100000000,太原市,city\n140105000000,小店区,county\n"
                          "140105001000,坞城街道,township\n140105001001,通知一村,village\n"
                          "140105001002,通知二村,village\n"
                          "140106000000,迎泽区,county\n140106001000,柳巷街道,township\n"
                          "140106001001,通知三村,village\n";

#define count(...) zt_count(&srv, __VA_ARGS__)

/* Runs the SQL that fmt makes as the owner (zt_sql). */
static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sql(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    free(zt_sql(&srv, buf));
}

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "notices", NULL);
    rules_date_format(zt_today(), today);
    assert_int_equal(zt_useradd(&srv, "prov", PW, "province_office", "140000000000", 0), 0);
    prov = zt_login(&srv, "prov", PW, NULL);
    zt_org_import(prov, tree);
    assert_int_equal(zt_useradd(&srv, "xiaodian", PW, "county_office", COUNTY_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "yingze", PW, "county_office", COUNTY_B, 0), 0);
    assert_int_equal(zt_useradd(&srv, "exporter", PW, "exporter", "140000000000", 0), 0);
    county_a = zt_login(&srv, "xiaodian", PW, NULL);
    county_b = zt_login(&srv, "yingze", PW, NULL);
    exporter = zt_login(&srv, "exporter", PW, NULL);
    u_a = zt_unit(prov, "小店区通知测试局", "county", COUNTY_A);
    u_b = zt_unit(prov, "迎泽区通知测试局", "county", COUNTY_B);
    team_a1 = zt_team(county_a, "village", VA1, "通知一村工作队");
    team_a2 = zt_team(county_a, "village", VA2, "通知二村工作队");
    team_b = zt_team(county_b, "village", VB, "通知三村工作队");
    cap_a1 = zt_cadre(&srv, county_a, team_a1, "cap-a1", VA1, "team_captain", "captain", u_a, PW,
                      &p_cap_a1);
    mem_a1 = zt_cadre(&srv, prov, team_a1, "mem-a1", VA1, "cadre", "member", u_b, PW, &p_mem_a1);
    cad_a2 = zt_cadre(&srv, county_a, team_a2, "cad-a2", VA2, "cadre", "member", u_a, PW, &p_a2);
    cad_b = zt_cadre(&srv, county_b, team_b, "cad-b", VB, "cadre", "member", u_b, PW, &p_b);
    char initial[64];
    zt_user_add(county_a, "uadm-a", "单位管理员", COUNTY_A, "unit_admin", u_a, initial);
    uadm = zt_first_login(&srv, "uadm-a", initial, PW);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct zc_client *all[] = {prov,   county_a, county_b, cap_a1,  mem_a1,
                               cad_a2, cad_b,    uadm,     exporter};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        zc_close(all[i]);
    zt_server_finish(&srv);
    return 0;
}

static Zhucun__NoticeSend notice(const char *org, const char *kind, const char *code)
{
    Zhucun__NoticeSend s = ZHUCUN__NOTICE_SEND__INIT;
    s.org_code = (char *)org;
    s.title = "关于做好防汛工作的通知";
    s.body = "请各工作队排查村内危房和地质灾害隐患点。";
    s.scope_kind = (char *)kind;
    s.scope_code = (char *)code;
    return s;
}

/* Sends s from c (keyed by key when not NULL): the notice's id, *n its recipients; 0 when
 * refused with want naming field. */
static int64_t sent(struct zc_client *c, Zhucun__NoticeSend *s, const char *key, const char *field,
                    Zhucun__Code want, uint32_t *n)
{
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_NOTICE_SEND, s, key, field, &reply),
                     want);
    int64_t id = want == ZHUCUN__CODE__OK ? reply->notice_send->id : 0;
    if (n != NULL)
        *n = want == ZHUCUN__CODE__OK ? reply->notice_send->count : 0;
    zc_reply_free(reply);
    return id;
}

static void refused(struct zc_client *c, Zhucun__NoticeSend s, const char *field, Zhucun__Code code)
{
    sent(c, &s, NULL, field, code, NULL);
}

/* Every refusal of a send names its field; a scope or sender out of the caller's reach is not
 * found; a scope with nobody serving is refused; a keyed retry is applied once, audited once. */
static void test_send(void **state)
{
    (void)state;
    char longer[NOTICE_TITLE_MAX * 3 + 4] = "";
    for (int i = 0; i <= NOTICE_TITLE_MAX; i++)
        strcat(longer, "通");
    Zhucun__NoticeSend s = notice(COUNTY_A, "place", COUNTY_A);
    s.title = longer;
    refused(county_a, s, "title", ZHUCUN__CODE__INVALID_ARGUMENT);
    s = notice(COUNTY_A, "place", COUNTY_A);
    s.body = "";
    refused(county_a, s, "body", ZHUCUN__CODE__INVALID_ARGUMENT);
    s = notice(COUNTY_A, "villages", COUNTY_A);
    refused(county_a, s, "scope_kind", ZHUCUN__CODE__INVALID_ARGUMENT);
    s = notice(COUNTY_A, "unit", "");
    refused(county_a, s, "scope_unit", ZHUCUN__CODE__INVALID_ARGUMENT);
    s = notice(COUNTY_A, "place", COUNTY_A);
    s.reply_by = today; /* a deadline without a reply required */
    refused(county_a, s, "reply_by", ZHUCUN__CODE__INVALID_ARGUMENT);
    char past[11];
    rules_date_format(zt_today() - 1, past);
    s.reply_required = 1;
    s.reply_by = past;
    refused(county_a, s, "reply_by", ZHUCUN__CODE__INVALID_ARGUMENT);
    int64_t twice[] = {p_cap_a1, p_cap_a1};
    s = notice(COUNTY_A, "people", "");
    s.people = twice;
    s.n_people = 2;
    refused(county_a, s, "people", ZHUCUN__CODE__INVALID_ARGUMENT);
    /* out of reach: another county as sender or scope, a cadre serving elsewhere */
    s = notice(COUNTY_B, "place", COUNTY_B);
    refused(county_a, s, "org_code", ZHUCUN__CODE__NOT_FOUND);
    s = notice(COUNTY_A, "place", COUNTY_B);
    refused(county_a, s, "scope_code", ZHUCUN__CODE__NOT_FOUND);
    s = notice(COUNTY_A, "unit", "");
    s.scope_unit = u_b;
    refused(county_a, s, "scope_unit", ZHUCUN__CODE__NOT_FOUND);
    int64_t other[] = {p_b};
    s = notice(COUNTY_A, "people", "");
    s.people = other;
    s.n_people = 1;
    refused(county_a, s, "people", ZHUCUN__CODE__FAILED_PRECONDITION);
    /* a township with no team: nobody to send to */
    s = notice(COUNTY_A, "place", "140105002000");
    refused(county_a, s, "scope_code", ZHUCUN__CODE__NOT_FOUND);
    sql("INSERT INTO org_units (code, name, level, parent_code)"
        " VALUES ('140105002000', '空乡', 4, '" COUNTY_A "')");
    refused(county_a, s, "scope_code", ZHUCUN__CODE__FAILED_PRECONDITION);
    /* a cadre may not send; a unit's administrator sends as the unit, not as a place */
    s = notice(COUNTY_A, "place", COUNTY_A);
    refused(mem_a1, s, NULL, ZHUCUN__CODE__PERMISSION_DENIED);
    refused(uadm, s, "org_code", ZHUCUN__CODE__NOT_FOUND);
    assert_int_equal(count("SELECT count(*) FROM notices"), 0);

    /* a keyed send sent twice: one notice, one receipt each, one audit row */
    uint32_t n1, n2;
    s = notice(COUNTY_A, "place", COUNTY_A);
    int64_t id = sent(county_a, &s, "notice-send-1", NULL, ZHUCUN__CODE__OK, &n1);
    assert_int_equal(sent(county_a, &s, "notice-send-1", NULL, ZHUCUN__CODE__OK, &n2), id);
    assert_int_equal(n1, 3);
    assert_int_equal(n2, 3);
    assert_int_equal(count("SELECT count(*) FROM notices"), 1);
    assert_int_equal(
        count("SELECT count(*) FROM notice_recipients WHERE notice_id = %lld", (long long)id),
        count("SELECT count(DISTINCT m.person_id) FROM memberships m JOIN teams t"
              " ON t.id = m.team_id WHERE t.org_code LIKE '140105%%'"
              " AND m.end_date IS NULL"));
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'notice.send'"), 1);
    /* a unit's notice reaches its cadres wherever they serve, no one else */
    Zhucun__NoticeSend u = notice("", "unit", "");
    u.unit_id = u_a;
    u.scope_unit = u_a;
    int64_t uid = sent(uadm, &u, NULL, NULL, ZHUCUN__CODE__OK, &n1);
    assert_int_equal(n1, 2);
    assert_int_equal(count("SELECT count(*) FROM notice_recipients WHERE notice_id = %lld"
                           " AND person_id IN (%lld, %lld)",
                           (long long)uid, (long long)p_cap_a1, (long long)p_a2),
                     2);
    u.unit_id = u_b;
    sent(uadm, &u, NULL, "unit_id", ZHUCUN__CODE__NOT_FOUND, NULL);
}

static Zhucun__NoticeShowReply *opened(struct zc_client *c, int64_t id, Zhucun__Reply **reply)
{
    Zhucun__NoticeShow s = ZHUCUN__NOTICE_SHOW__INIT;
    s.notice_id = id;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_NOTICE_SHOW, &s, NULL, NULL, reply),
                     ZHUCUN__CODE__OK);
    return (*reply)->notice_show;
}

static uint32_t badge(struct zc_client *c)
{
    Zhucun__NoticeCount nc = ZHUCUN__NOTICE_COUNT__INIT;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_NOTICE_COUNT, &nc, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    uint32_t n = reply->notice_count->attention;
    zc_reply_free(reply);
    return n;
}

static int64_t send_required(const char *title)
{
    char by[11];
    rules_date_format(zt_today() + 7, by);
    Zhucun__NoticeSend s = notice(COUNTY_A, "place", COUNTY_A);
    s.title = (char *)title;
    s.reply_required = 1;
    s.reply_by = by;
    return sent(county_a, &s, NULL, NULL, ZHUCUN__CODE__OK, NULL);
}

static Zhucun__Code reply_to(struct zc_client *c, int64_t id, const char *key, const char *field)
{
    Zhucun__NoticeReply r = ZHUCUN__NOTICE_REPLY__INIT;
    r.notice_id = id;
    r.text = "已排查，无隐患";
    return zt_call_body(c, ZHUCUN__REQUEST__BODY_NOTICE_REPLY, &r, key, field, NULL);
}

/* Opening records "read" once, with the time of the first opening; only the recipient opens;
 * the badge counts the unread. A reply only when required, once, by its deadline. */
static void test_read_and_reply(void **state)
{
    (void)state;
    int64_t id = send_required("关于报送驻村工作总结的通知");
    uint32_t before = badge(mem_a1);
    assert_true(before >= 1);
    Zhucun__Reply *reply = NULL;
    Zhucun__NoticeShowReply *s = opened(mem_a1, id, &reply);
    assert_string_equal(s->notice->title, "关于报送驻村工作总结的通知");
    assert_true(s->notice->reply_required);
    char first[40];
    snprintf(first, sizeof(first), "%s", s->notice->read_at);
    assert_true(strlen(first) == 25 && strcmp(first + 19, "+08:00") == 0);
    zc_reply_free(reply);
    assert_int_equal(badge(mem_a1), before - 1);
    s = opened(mem_a1, id, &reply);
    assert_string_equal(s->notice->read_at, first);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'notice.read'"
                           " AND object = 'notice:%lld'",
                           (long long)id),
                     1);
    assert_int_equal(count("SELECT count(*) FROM notice_recipients WHERE notice_id = %lld"
                           " AND read_at IS NOT NULL",
                           (long long)id),
                     1);
    /* not theirs: another county's cadre, the sending office itself */
    Zhucun__NoticeShow sh = ZHUCUN__NOTICE_SHOW__INIT;
    sh.notice_id = id;
    Zhucun__Reply *out = NULL;
    zt_assert_refused(zt_call_body(cad_b, ZHUCUN__REQUEST__BODY_NOTICE_SHOW, &sh, NULL, NULL, &out),
                      &out, ZHUCUN__CODE__NOT_FOUND, "notice_id");
    zt_assert_refused(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_NOTICE_SHOW, &sh, NULL, NULL, &out), &out,
        ZHUCUN__CODE__NOT_FOUND, "notice_id");

    /* the reply: keyed, applied once, reading the notice too; a second one refused */
    assert_int_equal(reply_to(cap_a1, id, "notice-reply-1", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(reply_to(cap_a1, id, "notice-reply-1", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'notice.reply'"), 1);
    assert_int_equal(reply_to(cap_a1, id, NULL, "notice_id"), ZHUCUN__CODE__ALREADY_EXISTS);
    assert_int_equal(count("SELECT count(*) FROM notice_recipients WHERE notice_id = %lld"
                           " AND person_id = %lld AND read_at IS NOT NULL"
                           " AND replied_at IS NOT NULL AND reply_text = '已排查，无隐患'",
                           (long long)id, (long long)p_cap_a1),
                     1);
    Zhucun__NoticeReply empty = ZHUCUN__NOTICE_REPLY__INIT;
    empty.notice_id = id;
    empty.text = "";
    zt_assert_refused(
        zt_call_body(mem_a1, ZHUCUN__REQUEST__BODY_NOTICE_REPLY, &empty, NULL, NULL, &out), &out,
        ZHUCUN__CODE__INVALID_ARGUMENT, "text");
    assert_int_equal(reply_to(cad_b, id, NULL, "notice_id"), ZHUCUN__CODE__NOT_FOUND);
    /* past its deadline: refused */
    sql("UPDATE notices SET reply_by = zc_today() - 1 WHERE id = %lld", (long long)id);
    assert_int_equal(reply_to(mem_a1, id, NULL, "notice_id"), ZHUCUN__CODE__FAILED_PRECONDITION);
    sql("UPDATE notices SET reply_by = zc_today() + 7 WHERE id = %lld", (long long)id);
    /* a notice that requires no reply takes none */
    Zhucun__NoticeSend plain = notice(COUNTY_A, "place", VA2);
    int64_t pid = sent(county_a, &plain, NULL, NULL, ZHUCUN__CODE__OK, NULL);
    assert_int_equal(reply_to(cad_a2, pid, NULL, "notice_id"), ZHUCUN__CODE__FAILED_PRECONDITION);
}

static Zhucun__NoticeReportReply *report(struct zc_client *c, int64_t id, Zhucun__Reply **reply)
{
    Zhucun__NoticeReport r = ZHUCUN__NOTICE_REPORT__INIT;
    r.notice_id = id;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_NOTICE_REPORT, &r, NULL, NULL, reply),
                     ZHUCUN__CODE__OK);
    return (*reply)->notice_report;
}

static uint32_t pending(struct zc_client *c, int64_t id, const char *what, int64_t *first)
{
    Zhucun__NoticePending p = ZHUCUN__NOTICE_PENDING__INIT;
    p.notice_id = id;
    p.what = (char *)what;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zt_call_body(c, ZHUCUN__REQUEST__BODY_NOTICE_PENDING, &p, NULL, NULL, &reply),
                     ZHUCUN__CODE__OK);
    uint32_t n = reply->notice_pending->total;
    assert_int_equal(n, reply->notice_pending->n_people);
    if (first != NULL)
        *first = n > 0 ? reply->notice_pending->people[0]->person_id : 0;
    zc_reply_free(reply);
    return n;
}

static Zhucun__Code remind(struct zc_client *c, int64_t id, const char *what, const char *key,
                           const char *field, uint32_t *reached)
{
    Zhucun__NoticeRemind r = ZHUCUN__NOTICE_REMIND__INIT;
    r.notice_id = id;
    r.what = (char *)what;
    Zhucun__Reply *reply = NULL;
    Zhucun__Code code =
        zt_call_body(c, ZHUCUN__REQUEST__BODY_NOTICE_REMIND, &r, key, field, &reply);
    if (reached != NULL)
        *reached = code == ZHUCUN__CODE__OK ? reply->notice_remind->count : 0;
    zc_reply_free(reply);
    return code;
}

/* The report by child unit adds up to the receipts; the pending lists name exactly those who
 * have not read or replied; a reminder reaches them alone (a keyed retry once), re-surfaces the
 * notice in their list and badge until they open it again; the sender's reach. */
static void test_report_and_remind(void **state)
{
    (void)state;
    int64_t id = send_required("关于开展防返贫监测排查的通知");
    Zhucun__Reply *reply = NULL;
    zc_reply_free(reply);
    opened(mem_a1, id, &reply); /* read, not replied */
    zc_reply_free(reply);
    assert_int_equal(reply_to(cap_a1, id, NULL, NULL), ZHUCUN__CODE__OK); /* read, replied */
    Zhucun__NoticeReportReply *r = report(county_a, id, &reply);
    uint32_t total = 0, read = 0, unread = 0, replied = 0, unreplied = 0;
    for (size_t i = 0; i < r->n_children; i++) {
        total += r->children[i]->recipients;
        read += r->children[i]->read;
        unread += r->children[i]->unread;
        replied += r->children[i]->replied;
        unreplied += r->children[i]->unreplied;
        assert_int_equal(r->children[i]->read + r->children[i]->unread, r->children[i]->recipients);
        assert_int_equal(r->children[i]->replied + r->children[i]->unreplied,
                         r->children[i]->recipients);
    }
    /* a county's child units are its townships: one here */
    assert_int_equal(r->n_children, 1);
    assert_string_equal(r->children[0]->child_code, TOWN_A);
    assert_int_equal(total, r->notice->recipients);
    assert_int_equal(total, 3);
    assert_int_equal(read, 2);
    assert_int_equal(unread, 1);
    assert_int_equal(replied, 1);
    assert_int_equal(unreplied, 2);
    assert_int_equal(r->notice->read, read);
    zc_reply_free(reply);
    /* the province's report of the same notice: it is the county's, not the province's send */
    Zhucun__NoticeReport rp = ZHUCUN__NOTICE_REPORT__INIT;
    rp.notice_id = id;
    Zhucun__Reply *out = NULL;
    zt_assert_refused(
        zt_call_body(county_b, ZHUCUN__REQUEST__BODY_NOTICE_REPORT, &rp, NULL, NULL, &out), &out,
        ZHUCUN__CODE__NOT_FOUND, "notice_id");

    int64_t first;
    assert_int_equal(pending(county_a, id, "unread", &first), 1);
    assert_int_equal(first, p_a2);
    assert_int_equal(pending(county_a, id, "unreplied", NULL), 2);

    /* remind the unread: cad-a2 alone, once for a retried key */
    uint32_t reached;
    long long mem_before = count("SELECT reminders FROM notice_recipients WHERE notice_id = %lld"
                                 " AND person_id = %lld",
                                 (long long)id, (long long)p_mem_a1);
    assert_int_equal(remind(county_a, id, "unread", "remind-1", NULL, &reached), ZHUCUN__CODE__OK);
    assert_int_equal(reached, 1);
    assert_int_equal(remind(county_a, id, "unread", "remind-1", NULL, &reached), ZHUCUN__CODE__OK);
    assert_int_equal(reached, 1);
    assert_int_equal(
        count("SELECT count(*) FROM notice_reminders WHERE notice_id = %lld", (long long)id), 1);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'notice.remind'"), 1);
    assert_int_equal(count("SELECT reminders FROM notice_recipients WHERE notice_id = %lld"
                           " AND person_id = %lld",
                           (long long)id, (long long)p_a2),
                     1);
    assert_int_equal(count("SELECT reminders FROM notice_recipients WHERE notice_id = %lld"
                           " AND person_id = %lld",
                           (long long)id, (long long)p_mem_a1),
                     mem_before);
    /* remind the unreplied: mem-a1 (read) and cad-a2; mem-a1's notice re-surfaces */
    uint32_t mem_badge = badge(mem_a1);
    assert_int_equal(remind(county_a, id, "unreplied", NULL, NULL, &reached), ZHUCUN__CODE__OK);
    assert_int_equal(reached, 2);
    assert_int_equal(badge(mem_a1), mem_badge + 1);
    Zhucun__NoticeList nl = ZHUCUN__NOTICE_LIST__INIT;
    nl.unread_only = 1;
    assert_int_equal(
        zt_call_body(mem_a1, ZHUCUN__REQUEST__BODY_NOTICE_LIST, &nl, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_true(reply->notice_list->n_notices >= 1);
    assert_int_equal(reply->notice_list->notices[0]->id, id); /* the reminded first */
    assert_true(reply->notice_list->notices[0]->attention);
    assert_string_not_equal(reply->notice_list->notices[0]->reminded_at, "");
    assert_int_equal(reply->notice_list->attention, mem_badge + 1);
    zc_reply_free(reply);
    opened(mem_a1, id, &reply);
    zc_reply_free(reply);
    assert_int_equal(badge(mem_a1), mem_badge);
    /* refusals: a bad what, a notice that is not the caller's, all replied */
    assert_int_equal(remind(county_a, id, "everyone", NULL, "what", NULL),
                     ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_int_equal(remind(county_b, id, "unread", NULL, "notice_id", NULL),
                     ZHUCUN__CODE__NOT_FOUND);
    opened(cad_a2, id, &reply);
    zc_reply_free(reply);
    assert_int_equal(remind(county_a, id, "unread", NULL, "what", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    assert_int_equal(pending(county_a, id, "unread", NULL), 0);
    /* at most NOTICE_REMINDERS_MAX reminders a notice */
    sql("INSERT INTO notice_reminders (notice_id, what, reached, village_code)"
        " SELECT %lld, 'unreplied', 1, '" COUNTY_A "' FROM generate_series(1, %d)",
        (long long)id, NOTICE_REMINDERS_MAX);
    assert_int_equal(remind(county_a, id, "unreplied", NULL, "notice_id", NULL),
                     ZHUCUN__CODE__FAILED_PRECONDITION);
    /* the sent list counts them too */
    Zhucun__NoticeSent ns = ZHUCUN__NOTICE_SENT__INIT;
    assert_int_equal(
        zt_call_body(county_a, ZHUCUN__REQUEST__BODY_NOTICE_SENT, &ns, NULL, NULL, &reply),
        ZHUCUN__CODE__OK);
    assert_int_equal(reply->notice_sent->notices[0]->id, id);
    assert_int_equal(reply->notice_sent->notices[0]->replied, 1);
    zc_reply_free(reply);
}

/* A following connection is pushed its badge when a notice reaches it, and nobody else's. */
static void test_live_badge(void **state)
{
    (void)state;
    struct zc_client *f = zt_login(&srv, "cad-a2", PW, NULL);
    struct zc_error err = {0};
    Zhucun__NoticeFollow nf = ZHUCUN__NOTICE_FOLLOW__INIT;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_notice_follow(f, &nf, &reply, &err), 0);
    zc_reply_free(reply);
    uint32_t before = badge(cad_a2);
    /* another county's notice: nothing for cad-a2 */
    Zhucun__NoticeSend b = notice(COUNTY_B, "place", COUNTY_B);
    sent(county_b, &b, NULL, NULL, ZHUCUN__CODE__OK, NULL);
    Zhucun__NoticeSend s = notice(COUNTY_A, "place", VA2);
    int64_t id = sent(county_a, &s, NULL, NULL, ZHUCUN__CODE__OK, NULL);
    reply = NULL;
    assert_int_equal(zc_recv(f, &reply, 10000, &err), 0);
    assert_int_equal(reply->id, 0);
    assert_int_equal(reply->body_case, ZHUCUN__REPLY__BODY_NOTICE_COUNT);
    assert_int_equal(reply->notice_count->notice_id, id);
    assert_int_equal(reply->notice_count->attention, before + 1);
    zc_reply_free(reply);
    zc_close(f);
}

/* Every kind exported incrementally. */
static void test_export(void **state)
{
    (void)state;
    static const char *const kinds[] = {"notices", "notice_recipients", "notice_reminders"};
    char c1[512], c2[512], sql[200];
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", kinds[i]);
        long long n = count("%s", sql);
        assert_true(n > 0);
        assert_int_equal(zt_export_rows(exporter, kinds[i], "", "", c1, sizeof(c1)), n);
    }
    zt_export_rows(exporter, "notice_recipients", "", "", c1, sizeof(c1));
    assert_int_equal(zt_export_rows(exporter, "notice_recipients", "", c1, c2, sizeof(c2)), 0);
    Zhucun__NoticeSend s = notice(COUNTY_A, "place", VA1);
    sent(county_a, &s, NULL, NULL, ZHUCUN__CODE__OK, NULL);
    assert_int_equal(zt_export_rows(exporter, "notice_recipients", "", c1, c2, sizeof(c2)), 2);
}

/* ---- offices as recipients (0177; docs/notices.md "Offices as recipients") ---- */

/* A county office's notice to the offices below it (the townships' accounts), a city's to its
 * counties' offices: each office account a receipt, by the same path as a cadre's — its inbox
 * and badge, the reading (audited once), the reply (keyed, once), the report by child unit, the
 * pending list by name, and a reminder that reaches only the office that has not read it. The
 * scope's refusals name their field. */
static void test_offices(void **state)
{
    (void)state;
    assert_int_equal(zt_useradd(&srv, "wucheng", PW, "township", TOWN_A, 0), 0);
    assert_int_equal(zt_useradd(&srv, "beiying", PW, "township", "140105002000", 0), 0);
    assert_int_equal(zt_useradd(&srv, "taiyuan", PW, "city_office", CITY, 0), 0);
    struct zc_client *town1 = zt_login(&srv, "wucheng", PW, NULL);
    struct zc_client *town2 = zt_login(&srv, "beiying", PW, NULL);
    struct zc_client *city = zt_login(&srv, "taiyuan", PW, NULL);
    uint32_t cadre_badge = badge(cap_a1);
    /* the offices follow their badge, as a cadre does (test_live_badge) */
    struct zc_client *f1 = zt_login(&srv, "wucheng", PW, NULL),
                     *f2 = zt_login(&srv, "beiying", PW, NULL);
    struct zc_error err = {0};
    Zhucun__NoticeFollow nf = ZHUCUN__NOTICE_FOLLOW__INIT;
    Zhucun__Reply *reply = NULL;
    assert_int_equal(zc_notice_follow(f1, &nf, &reply, &err), 0);
    zc_reply_free(reply);
    assert_int_equal(zc_notice_follow(f2, &nf, &reply, &err), 0);
    zc_reply_free(reply);
    /* refusals: a place with no offices below, out of the sender's place, a unit's notice */
    refused(county_a, notice(COUNTY_A, "offices", TOWN_A), "scope_code",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    refused(county_a, notice(COUNTY_A, "offices", ""), "scope_code",
            ZHUCUN__CODE__INVALID_ARGUMENT);
    refused(county_a, notice(COUNTY_A, "offices", COUNTY_B), "scope_code", ZHUCUN__CODE__NOT_FOUND);
    refused(county_b, notice(COUNTY_B, "offices", COUNTY_B), "scope_code",
            ZHUCUN__CODE__FAILED_PRECONDITION); /* 柳巷街道 has no account */
    Zhucun__NoticeSend u = notice("", "offices", COUNTY_A);
    u.unit_id = u_a;
    refused(uadm, u, "scope_kind", ZHUCUN__CODE__PERMISSION_DENIED);
    /* the county's notice to its townships' offices, a reply asked for, keyed */
    char by[11];
    rules_date_format(zt_today() + 7, by);
    Zhucun__NoticeSend s = notice(COUNTY_A, "offices", COUNTY_A);
    s.title = "关于报送乡镇驻村工作月报的通知";
    s.reply_required = 1;
    s.reply_by = by;
    uint32_t n = 0;
    int64_t id = sent(county_a, &s, "offices-key", NULL, ZHUCUN__CODE__OK, &n);
    assert_int_equal(n, 2);
    assert_int_equal(sent(county_a, &s, "offices-key", NULL, ZHUCUN__CODE__OK, NULL), id);
    assert_int_equal(count("SELECT count(*) FROM notice_recipients WHERE notice_id = %lld"
                           " AND user_id IS NOT NULL AND person_id IS NULL",
                           (long long)id),
                     2);
    assert_int_equal(badge(cap_a1), cadre_badge); /* no cadre receives it */
    assert_int_equal(badge(town1), 1);
    assert_int_equal(badge(town2), 1);
    /* the count pushed to each office's follower */
    struct zc_client *fs[] = {f1, f2};
    for (int i = 0; i < 2; i++) {
        reply = NULL;
        assert_int_equal(zc_recv(fs[i], &reply, 10000, &err), 0);
        assert_int_equal(reply->body_case, ZHUCUN__REPLY__BODY_NOTICE_COUNT);
        assert_int_equal(reply->notice_count->notice_id, id);
        assert_int_equal(reply->notice_count->attention, 1);
        zc_reply_free(reply);
    }
    /* an office's inbox lists it; opening records the reading once; the reply, keyed */
    Zhucun__NoticeList l = ZHUCUN__NOTICE_LIST__INIT;
    reply = zt_ok(town1, ZHUCUN__REQUEST__BODY_NOTICE_LIST, &l, NULL);
    assert_int_equal(reply->notice_list->n_notices, 1);
    assert_int_equal(reply->notice_list->notices[0]->id, id);
    assert_true(reply->notice_list->notices[0]->attention);
    zc_reply_free(reply);
    Zhucun__NoticeShowReply *o = opened(town1, id, &reply);
    assert_string_equal(o->notice->title, "关于报送乡镇驻村工作月报的通知");
    zc_reply_free(reply);
    opened(town1, id, &reply);
    zc_reply_free(reply);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'notice.read'"
                           " AND object = 'notice:%lld'",
                           (long long)id),
                     1);
    assert_int_equal(badge(town1), 0);
    assert_int_equal(reply_to(town1, id, "offices-reply", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(reply_to(town1, id, "offices-reply", NULL), ZHUCUN__CODE__OK);
    assert_int_equal(reply_to(town1, id, NULL, "notice_id"), ZHUCUN__CODE__ALREADY_EXISTS);
    assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'notice.reply'"
                           " AND object = 'notice:%lld'",
                           (long long)id),
                     1);
    /* only a recipient opens it: not the sender, not a cadre, not the county above */
    Zhucun__NoticeShow sh = ZHUCUN__NOTICE_SHOW__INIT;
    sh.notice_id = id;
    zt_refused(county_a, ZHUCUN__REQUEST__BODY_NOTICE_SHOW, &sh, ZHUCUN__CODE__NOT_FOUND,
               "notice_id");
    zt_refused(cap_a1, ZHUCUN__REQUEST__BODY_NOTICE_SHOW, &sh, ZHUCUN__CODE__NOT_FOUND,
               "notice_id");
    /* the report by child unit: each township its office */
    Zhucun__NoticeReportReply *rp = report(county_a, id, &reply);
    assert_int_equal(rp->n_children, 2);
    assert_string_equal(rp->children[0]->child_code, TOWN_A);
    assert_int_equal(rp->children[0]->recipients, 1);
    assert_int_equal(rp->children[0]->read, 1);
    assert_int_equal(rp->children[0]->replied, 1);
    assert_string_equal(rp->children[1]->child_code, "140105002000");
    assert_string_equal(rp->children[1]->child_name, "空乡"); /* test_send's */
    assert_int_equal(rp->children[1]->unread, 1);
    assert_int_equal(rp->children[1]->unreplied, 1);
    zc_reply_free(reply);
    /* who has not read: the other office, by its account's name */
    Zhucun__NoticePending pe = ZHUCUN__NOTICE_PENDING__INIT;
    pe.notice_id = id;
    pe.what = "unread";
    reply = zt_ok(county_a, ZHUCUN__REQUEST__BODY_NOTICE_PENDING, &pe, NULL);
    assert_int_equal(reply->notice_pending->n_people, 1);
    assert_int_equal(reply->notice_pending->people[0]->person_id, 0);
    assert_string_equal(reply->notice_pending->people[0]->org_code, "140105002000");
    assert_true(strlen(reply->notice_pending->people[0]->name) > 0);
    zc_reply_free(reply);
    /* a reminder reaches only the office that has not read it */
    uint32_t reached = 0;
    assert_int_equal(remind(county_a, id, "unread", NULL, NULL, &reached), ZHUCUN__CODE__OK);
    assert_int_equal(reached, 1);
    assert_int_equal(count("SELECT count(*) FROM notice_recipients r JOIN users u"
                           " ON u.id = r.user_id WHERE r.notice_id = %lld AND r.reminders = 1"
                           " AND u.username = 'beiying'",
                           (long long)id),
                     1);
    assert_int_equal(
        count("SELECT sum(reminders) FROM notice_recipients WHERE notice_id = %lld", (long long)id),
        1);
    assert_int_equal(badge(town1), 0);
    assert_int_equal(badge(town2), 1);
    reply = NULL; /* pushed to the reminded office's follower */
    assert_int_equal(zc_recv(f2, &reply, 10000, &err), 0);
    assert_int_equal(reply->body_case, ZHUCUN__REPLY__BODY_NOTICE_COUNT);
    assert_int_equal(reply->notice_count->notice_id, id);
    zc_reply_free(reply);
    zc_close(f1);
    zc_close(f2);
    /* the city's notice to its counties' offices: a county office receives like any office */
    s = notice(CITY, "offices", CITY);
    id = sent(city, &s, NULL, NULL, ZHUCUN__CODE__OK, &n);
    assert_int_equal(n, 2); /* 小店区, 迎泽区 */
    assert_int_equal(badge(county_b), 1);
    opened(county_b, id, &reply);
    zc_reply_free(reply);
    rp = report(city, id, &reply);
    assert_int_equal(rp->n_children, 2);
    assert_int_equal(rp->children[0]->unread + rp->children[1]->unread, 1);
    zc_reply_free(reply);
    zc_close(town1);
    zc_close(town2);
    zc_close(city);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_send),
        cmocka_unit_test(test_read_and_reply),
        cmocka_unit_test(test_report_and_remind),
        cmocka_unit_test(test_live_badge),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_offices),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
