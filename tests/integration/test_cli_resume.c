/* test_cli_resume.c -- TLS session resumption (docs/cli.md, "Start-up"): the CLI keeps the
 * session the server issues beside its session file (mode 0600), offers it on the next call
 * and resumes, on either worker; a corrupt, foreign or refused one is ignored and replaced;
 * a different CA file or client certificate is never offered another's; logout removes it.
 * The library resumes on reconnect, a resumed connection keeps its verified client
 * certificate, and another server process refuses the ticket without failing the call; the
 * full handshake then still checks the server's certificate against the CA file (read only
 * then). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct zt_server srv;
static char base[1400]; /* "zhucun --server ... --ca ... --session ..." */
static char session_path[700];
static char tls_path[710];

#define PASSWORD "correct horse battery\n"

static int setup(void **state)
{
    (void)state;
    zt_server_start(&srv, "cli_resume", NULL);
    assert_int_equal(
        zt_useradd(&srv, "clerk", "correct horse battery", "province_office", "140000000000", 0),
        0);
    snprintf(session_path, sizeof(session_path), "%s/session", srv.dir);
    snprintf(tls_path, sizeof(tls_path), "%s.tls", session_path);
    snprintf(base, sizeof(base), "%s --server 127.0.0.1:%d --ca %s/ca.crt --session %s", ZT_CLI_BIN,
             srv.port, getenv("ZC_TEST_CERTS"), session_path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    zt_server_finish(&srv);
    return 0;
}

/* Runs `env zhucun <base> args` with ZHUCUN_DEBUG=tls, stdout and stderr into out; returns
 * the exit status. */
static int cli_env(const char *env, const char *args, const char *in, char *out, size_t cap)
{
    char cmd[4000];
    snprintf(cmd, sizeof(cmd), "ZHUCUN_DEBUG=tls %s %s %s 2>&1", env, base, args);
    return zt_run(cmd, in, out, cap);
}

static int cli(const char *args, const char *in, char *out, size_t cap)
{
    return cli_env("", args, in, out, cap);
}

/* 1 when the call said its handshake resumed, 0 when it said it did not; fails otherwise. */
static int resumed(const char *out)
{
    if (strstr(out, "tls_resumed=1") != NULL)
        return 1;
    if (strstr(out, "tls_resumed=0") == NULL)
        fail_msg("no tls_resumed line in: %s", out);
    return 0;
}

static int file_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (int)(st.st_mode & 0777);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The whole file (fresh); "" when it cannot be read. */
static char *read_text(const char *path)
{
    size_t cap = 16384, n = 0;
    char *buf = calloc(cap, 1);
    assert_non_null(buf);
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        n = fread(buf, 1, cap - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
    return buf;
}

/* whoami works with a full handshake, and the one after it resumes again: what was in the
 * TLS session file was ignored and replaced. */
static void assert_ignored_then_replaced(void)
{
    char out[4096];
    assert_int_equal(cli("whoami", NULL, out, sizeof(out)), 0);
    assert_non_null(strstr(out, "clerk"));
    assert_int_equal(resumed(out), 0);
    assert_int_equal(file_mode(tls_path), 0600);
    assert_int_equal(cli("whoami", NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 1);
}

static void test_login_then_calls_resume(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(cli("login clerk --password-stdin", PASSWORD, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 0); /* nothing saved yet */
    assert_int_equal(file_mode(session_path), 0600);
    assert_int_equal(file_mode(tls_path), 0600);
    char *text = read_text(tls_path);
    assert_int_equal(strncmp(text, "binding=", 8), 0);
    assert_non_null(strstr(text, "-----BEGIN SSL SESSION PARAMETERS-----"));
    free(text);
    /* Each call lands on either of the two workers (SO_REUSEPORT): both open the ticket. */
    for (int i = 0; i < 8; i++) {
        assert_int_equal(cli("whoami", NULL, out, sizeof(out)), 0);
        assert_non_null(strstr(out, "clerk"));
        assert_int_equal(resumed(out), 1);
    }
    assert_int_equal(file_mode(tls_path), 0600); /* still, after being replaced */
    /* ZHUCUN_TLS_RESUME=0: a full handshake */
    assert_int_equal(cli_env("ZHUCUN_TLS_RESUME=0", "whoami", NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 0);
    /* Without ZHUCUN_DEBUG the CLI says nothing about it. */
    char cmd[2000];
    snprintf(cmd, sizeof(cmd), "%s whoami 2>&1", base);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_null(strstr(out, "tls_resumed"));
}

static void test_corrupt_session_is_ignored(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(cli("login clerk --password-stdin", PASSWORD, out, sizeof(out)), 0);
    char *good = read_text(tls_path);
    assert_non_null(strstr(good, "BEGIN SSL SESSION"));

    write_text(tls_path, "not a session at all\n");
    assert_ignored_then_replaced();

    write_text(tls_path, "");
    assert_ignored_then_replaced();

    /* Its binding line, then a PEM block whose bytes are no session. */
    char *text = read_text(tls_path);
    char *nl = strchr(text, '\n');
    assert_non_null(nl);
    nl[1] = '\0';
    strcat(text, "-----BEGIN SSL SESSION PARAMETERS-----\n"
                 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
                 "-----END SSL SESSION PARAMETERS-----\n");
    write_text(tls_path, text);
    free(text);
    assert_ignored_then_replaced();

    /* Cut short in the middle of the PEM block. */
    text = read_text(tls_path);
    text[strlen(text) / 2] = '\0';
    write_text(tls_path, text);
    free(text);
    assert_ignored_then_replaced();

    /* A sound session whose ticket has been altered: it decodes, the server cannot open it.
     * The ticket is the session's last large field (a dozen bytes follow it), so the
     * base64 characters of the bytes 150 to 50 from the end are inside it. */
    text = read_text(tls_path);
    char *b64 = strstr(text, "-----\n");
    assert_non_null(b64);
    b64 += 6;
    char *end = strstr(b64, "-----END");
    assert_non_null(end);
    int nchars = 0;
    for (const char *p = b64; p < end; p++)
        nchars += *p != '\n' && *p != '=';
    int k = 0, changed = 0;
    for (char *p = b64; p < end; p++) {
        if (*p == '\n' || *p == '=')
            continue;
        if (k >= nchars - 200 && k < nchars - 70 && *p >= 'A' && *p <= 'Y') {
            (*p)++;
            changed++;
        }
        k++;
    }
    assert_true(changed > 10);
    write_text(tls_path, text);
    free(text);
    assert_ignored_then_replaced();

    /* Another binding (a session saved for another server, CA or certificate). */
    text = read_text(tls_path);
    text[8] = text[8] == '0' ? '1' : '0';
    write_text(tls_path, text);
    free(text);
    assert_ignored_then_replaced();

    /* An old good one is still good while the server runs. */
    write_text(tls_path, good);
    free(good);
    assert_int_equal(cli("whoami", NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 1);
}

/* A restarted server has a new ticket key: the saved ticket is refused, the call goes on with
 * a full handshake and saves the new one. */
static void test_server_restart(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(cli("login clerk --password-stdin", PASSWORD, out, sizeof(out)), 0);
    assert_int_equal(cli("whoami", NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 1);
    assert_int_equal(zt_server_stop(&srv, 15000), 0);
    zt_server_restart(&srv);
    assert_ignored_then_replaced();
}

/* The session is bound to the CA file: another one (the same certificate under another name
 * here) gets a full handshake and its own session. */
static void test_other_ca_file(void **state)
{
    (void)state;
    char out[4096], cmd[2400], ca[700];
    assert_int_equal(cli("login clerk --password-stdin", PASSWORD, out, sizeof(out)), 0);
    snprintf(ca, sizeof(ca), "%s/ca-copy.crt", srv.dir);
    snprintf(cmd, sizeof(cmd), "cp %s/ca.crt %s", getenv("ZC_TEST_CERTS"), ca);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    snprintf(cmd, sizeof(cmd), "ZHUCUN_DEBUG=tls %s --ca %s whoami 2>&1", base, ca);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 0);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 1);
    assert_ignored_then_replaced(); /* back to the first CA file */
}

/* With a client certificate (mutual TLS) the session is bound to it: a resumed connection is
 * still verified, and the same session file without the certificate is not offered it. */
static void test_client_certificate(void **state)
{
    (void)state;
    const char *dir = getenv("ZC_TEST_CERTS");
    char conf[700], plain[700], cmd[2000], out[4096];
    snprintf(conf, sizeof(conf), "%s/cert-cli.conf", srv.dir);
    snprintf(plain, sizeof(plain), "%s/plain-cli.conf", srv.dir);
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f,
            "[client]\nserver = 127.0.0.1:%d\nca = %s/ca.crt\ncert = %s/client.crt\n"
            "key = %s/client.key\nsession = %s/cert-session\n",
            srv.port, dir, dir, dir, srv.dir);
    fclose(f);
    f = fopen(plain, "w");
    assert_non_null(f);
    fprintf(f, "[client]\nserver = 127.0.0.1:%d\nca = %s/ca.crt\nsession = %s/cert-session\n",
            srv.port, dir, srv.dir);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "ZHUCUN_DEBUG=tls %s --config %s ping --count 1 2>&1", ZT_CLI_BIN,
             conf);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 0);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 1);
    snprintf(cmd, sizeof(cmd), "ZHUCUN_DEBUG=tls %s --config %s ping --count 1 2>&1", ZT_CLI_BIN,
             plain);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 0);
    assert_int_equal(resumed(out), 0);
}

static void test_logout_removes_it(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(cli("login clerk --password-stdin", PASSWORD, out, sizeof(out)), 0);
    assert_int_equal(cli("whoami", NULL, out, sizeof(out)), 0);
    assert_int_equal(file_mode(tls_path), 0600);
    assert_int_equal(cli("logout", NULL, out, sizeof(out)), 0);
    assert_int_equal(file_mode(session_path), -1);
    assert_int_equal(file_mode(tls_path), -1);
    assert_int_equal(cli("whoami", NULL, out, sizeof(out)), 3);
}

/* The library: the bytes its callback gives resume a later connection; a client resumes on
 * reconnect by itself; a resumed connection still carries its verified client certificate;
 * another server process cannot open the ticket and the connection is made all the same. */
struct saved {
    unsigned char der[16384];
    size_t len;
    int calls;
};

static void keep(const unsigned char *der, size_t len, void *user)
{
    struct saved *s = user;
    assert_true(len <= sizeof(s->der));
    memcpy(s->der, der, len);
    s->len = len;
    s->calls++;
}

static void test_library(void **state)
{
    (void)state;
    const char *dir = getenv("ZC_TEST_CERTS");
    char cert[600], key[600];
    snprintf(cert, sizeof(cert), "%s/client.crt", dir);
    snprintf(key, sizeof(key), "%s/client.key", dir);
    struct saved s = {0};
    struct zc_options o;
    struct zc_client *c = NULL;
    struct zc_error err;
    zt_options(&srv, &o);
    o.cert = cert;
    o.key = key;
    o.tls_session_cb = keep;
    o.tls_session_user = &s;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    assert_int_equal(zc_tls_resumed(c), 0);
    assert_true(zc_hello(c)->tls_client_verified);
    assert_int_equal(s.calls, 1); /* one ticket, read with Hello's answer */
    assert_int_equal(zc_reconnect(c, &err), 0);
    assert_int_equal(zc_tls_resumed(c), 1);
    assert_true(zc_hello(c)->tls_client_verified);
    assert_int_equal(zt_ping(c), ZHUCUN__CODE__OK);
    zc_close(c);

    o.tls_session = s.der;
    o.tls_session_len = s.len;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    assert_int_equal(zc_tls_resumed(c), 1);
    assert_true(zc_hello(c)->tls_client_verified);
    zc_close(c);

    /* Garbage bytes are not offered. */
    unsigned char junk[64];
    memset(junk, 0x5a, sizeof(junk));
    o.tls_session = junk;
    o.tls_session_len = sizeof(junk);
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    assert_int_equal(zc_tls_resumed(c), 0);
    zc_close(c);

    /* Another process of the same deployment has its own ticket key. */
    struct zt_server twin;
    zt_server_twin(&twin, &srv);
    zt_options(&twin, &o);
    o.cert = cert;
    o.key = key;
    o.tls_session = s.der;
    o.tls_session_len = s.len;
    assert_int_equal(zc_connect(&o, &c, &err), 0);
    assert_int_equal(zc_tls_resumed(c), 0);
    assert_true(zc_hello(c)->tls_client_verified);
    zc_close(c);
    /* With a session offered the CA file is read only for a full handshake: the server's
     * certificate is still checked then, against the CA file given. */
    char other[600], junk_ca[700];
    snprintf(other, sizeof(other), "%s/other-ca.crt", dir);
    o.ca = other;
    c = NULL;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_null(c);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAUTHENTICATED);
    assert_non_null(strstr(err.message, "服务器证书"));
    snprintf(junk_ca, sizeof(junk_ca), "%s/junk-ca.crt", srv.dir);
    write_text(junk_ca, "not a certificate\n");
    o.ca = junk_ca;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__UNAUTHENTICATED);
    assert_non_null(strstr(err.message, "服务器证书"));
    snprintf(junk_ca, sizeof(junk_ca), "%s/no-such-ca.crt", srv.dir);
    o.ca = junk_ca;
    assert_int_equal(zc_connect(&o, &c, &err), -1);
    assert_int_equal(err.code, ZHUCUN__CODE__INVALID_ARGUMENT);
    assert_non_null(strstr(err.message, "no-such-ca.crt"));
    assert_int_equal(zt_server_stop(&twin, 15000), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_then_calls_resume),
        cmocka_unit_test(test_corrupt_session_is_ignored),
        cmocka_unit_test(test_server_restart),
        cmocka_unit_test(test_other_ca_file),
        cmocka_unit_test(test_client_certificate),
        cmocka_unit_test(test_logout_removes_it),
        cmocka_unit_test(test_library),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
