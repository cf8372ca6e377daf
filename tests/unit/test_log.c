/* test_log.c -- log lines stay one line: log_quote's escapes, and log_event's last guard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"

static void assert_quotes_as(const char *in, const char *want)
{
    char out[LOG_QUOTE_SIZE(64)];
    assert_string_equal(log_quote(out, sizeof(out), in), want);
}

static void test_plain_and_quoted(void **state)
{
    (void)state;
    assert_quotes_as("alice", "alice");
    assert_quotes_as("张三", "张三");
    assert_quotes_as("", "\"\"");
    assert_quotes_as(NULL, "-");
    assert_quotes_as("peer closed", "\"peer closed\"");
    assert_quotes_as("a=b", "\"a=b\"");
    assert_quotes_as("say \"hi\"", "\"say \\\"hi\\\"\"");
    assert_quotes_as("C:\\dir", "C:\\\\dir");
}

/* libpq's messages hold newlines and tabs: escaped, they stay on the line. */
static void test_control_characters(void **state)
{
    (void)state;
    assert_quotes_as("server closed the connection unexpectedly\n\tThis probably means\n",
                     "\"server closed the connection unexpectedly\\n\\tThis probably means\\n\"");
    assert_quotes_as("a\rb", "a\\rb");
    assert_quotes_as("bell\x07", "bell\\x07");
    assert_quotes_as("esc\x1b[2J", "esc\\x1B[2J");
    assert_quotes_as("del\x7f", "del\\x7F");
    /* NEL (U+0085) and the line and paragraph separators, which some viewers break at */
    assert_quotes_as("a\xc2\x85z", "a\\u0085z");
    assert_quotes_as("a\xe2\x80\xa8z\xe2\x80\xa9", "a\\u2028z\\u2029");
    /* U+00A0 and other characters after the C1 block are text */
    assert_quotes_as("\xc2\xa0", "\xc2\xa0");
    /* bytes that are not UTF-8 */
    assert_quotes_as("bad\xff\xc3", "bad\\xFF\\xC3");
}

/* Cut to fit: never inside an escape or a character, the quotes kept. */
static void test_cut_to_fit(void **state)
{
    (void)state;
    char out[8];
    assert_string_equal(log_quote(out, sizeof(out), "abcdefghij"), "abcdefg");
    assert_string_equal(log_quote(out, sizeof(out), "a b c d e f"), "\"a b c\"");
    assert_string_equal(log_quote(out, sizeof(out), "abcde\nf"), "abcde\\n");
    assert_string_equal(log_quote(out, sizeof(out), "ab张三李四"), "ab张");
    assert_string_equal(log_quote(out, 3, "abc"), "ab");
    assert_string_equal(log_quote(out, 2, "abc"), "");
    /* LOG_QUOTE_SIZE is enough for the worst case */
    char worst[LOG_QUOTE_SIZE(4)];
    assert_string_equal(log_quote(worst, sizeof(worst), "\x01\x02 \x03"), "\"\\x01\\x02 \\x03\"");
}

/* Runs log_event with stderr on a pipe; returns what it wrote (into buf). */
static const char *capture(char *buf, size_t cap, const char *fmt, const char *arg)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fds[1], STDERR_FILENO) >= 0);
    log_event(LOG_WARN, "test.event", fmt, arg);
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    close(fds[1]);
    ssize_t n = read(fds[0], buf, cap - 1);
    close(fds[0]);
    assert_true(n > 0);
    buf[n] = '\0';
    return buf;
}

/* A caller that forgets log_quote still cannot split the line. */
static void test_event_is_one_line(void **state)
{
    (void)state;
    char buf[4096];
    const char *line = capture(buf, sizeof(buf), "error=\"%s\"", "FATAL:  terminating\nserver");
    assert_int_equal(strncmp(line, "ts=", 3), 0);
    assert_non_null(
        strstr(line, " level=warn event=test.event error=\"FATAL:  terminating?server\""));
    assert_ptr_equal(strchr(line, '\n'), line + strlen(line) - 1);
    /* and a quoted one reads back as it was */
    char q[128];
    line = capture(buf, sizeof(buf), "error=%s", log_quote(q, sizeof(q), "x\ny"));
    assert_non_null(strstr(line, " error=x\\ny\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_quoted),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_cut_to_fit),
        cmocka_unit_test(test_event_is_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
