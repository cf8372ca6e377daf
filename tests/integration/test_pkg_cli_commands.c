/* test_pkg_cli_commands.c -- `zhucun help --commands`, the command table the bash completion of
 * the zhucun-client package reads (docs/cli.md, docs/packages.md): the global options first,
 * then a row per command with its options, every command of `help --calls` among them. No
 * server: the table is the program's own. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char table[65536];

/* The row "words<TAB>..." of table, or NULL. */
static const char *row(const char *words)
{
    size_t n = strlen(words);
    for (const char *line = table; line != NULL && *line != '\0';) {
        if (strncmp(line, words, n) == 0 && line[n] == '\t')
            return line;
        line = strchr(line, '\n');
        line = line != NULL ? line + 1 : NULL;
    }
    return NULL;
}

/* 1 when the row at line lists option (" --reason" or "\t--reason", ended by a space or the
 * line's end). */
static int row_has_option(const char *line, const char *option)
{
    const char *end = strchr(line, '\n');
    size_t n = strlen(option);
    for (const char *at = strstr(line, option); at != NULL && (end == NULL || at < end);
         at = strstr(at + 1, option))
        if ((at[-1] == ' ' || at[-1] == '\t') && (at[n] == ' ' || at[n] == '\n' || at[n] == '\0'))
            return 1;
    return 0;
}

static void test_the_table(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "%s help --commands", ZT_CLI_BIN);
    assert_int_equal(zt_run(cmd, NULL, table, sizeof(table)), 0);
    /* the global options, on a first line without words */
    assert_int_equal(table[0], '\t');
    assert_true(row_has_option(table, "--config"));
    assert_true(row_has_option(table, "--json"));
    /* rows: words, one tab, the row's own options only */
    int rows = 0;
    for (const char *line = table; *line != '\0'; rows++) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        const char *tab = memchr(line, '\t', (size_t)(end - line));
        assert_non_null(tab);
        assert_null(memchr(tab + 1, '\t', (size_t)(end - tab - 1)));
        line = end + 1;
    }
    assert_true(rows > 100);
    const char *r = row("leave request");
    assert_non_null(r);
    assert_true(row_has_option(r, "--reason"));
    assert_false(row_has_option(r, "--depth"));
    assert_non_null(row("household member add"));
    assert_non_null(row("help"));
    assert_true(row_has_option(row("help"), "--commands"));
}

/* Every command that makes a call (help --calls: CALL<TAB>zhucun WORDS) is a row. */
static void test_every_command_of_the_calls(void **state)
{
    (void)state;
    static char calls[65536];
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "%s help --commands", ZT_CLI_BIN);
    assert_int_equal(zt_run(cmd, NULL, table, sizeof(table)), 0);
    snprintf(cmd, sizeof(cmd), "%s help --calls", ZT_CLI_BIN);
    assert_int_equal(zt_run(cmd, NULL, calls, sizeof(calls)), 0);
    int n = 0;
    for (char *line = calls, *end; *line != '\0'; line = end + 1, n++) {
        end = strchr(line, '\n');
        assert_non_null(end);
        *end = '\0';
        const char *words = strstr(line, "\tzhucun ");
        assert_non_null(words);
        if (row(words + 8) == NULL)
            fail_msg("help --calls names \"%s\", which help --commands has no row for", words + 8);
    }
    assert_true(n > 50);
}

/* --commands takes no argument and is not --calls. */
static void test_usage_errors(void **state)
{
    (void)state;
    char cmd[1024], out[8192];
    snprintf(cmd, sizeof(cmd), "%s help --commands leave 2>/dev/null", ZT_CLI_BIN);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 2);
    snprintf(cmd, sizeof(cmd), "%s help --commands --calls 2>/dev/null", ZT_CLI_BIN);
    assert_int_equal(zt_run(cmd, NULL, out, sizeof(out)), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_table),
        cmocka_unit_test(test_every_command_of_the_calls),
        cmocka_unit_test(test_usage_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
