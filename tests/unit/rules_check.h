/* rules_check.h -- what the unit tests of common/rules share: a check that must refuse naming
 * a field, a check that must pass, and a text of n Chinese characters for the length limits.
 * Include after cmocka.h. */
#ifndef ZHUCUN_TEST_RULES_CHECK_H
#define ZHUCUN_TEST_RULES_CHECK_H

#include <string.h>

/* expr (a rules_*_problem call given FIELD) refuses, naming the field name. */
#define REFUSED(expr, name)                                                                        \
    do {                                                                                           \
        const char *field_ = NULL;                                                                 \
        const char *problem_ = (expr);                                                             \
        assert_non_null(problem_);                                                                 \
        assert_string_equal(field_, name);                                                         \
    } while (0)
#define FIELD (&field_)
/* expr (a rules_*_problem call given FIELD) passes. */
#define OK(expr)                                                                                   \
    do {                                                                                           \
        const char *field_ = NULL;                                                                 \
        assert_null(expr);                                                                         \
        (void)field_;                                                                              \
    } while (0)

#define RULES_CHARS_MAX 1000

/* n (at most RULES_CHARS_MAX) characters of 字, three bytes each, in a static buffer. */
static inline char *rules_chars(int n)
{
    static char text[3 * RULES_CHARS_MAX + 1];
    text[0] = '\0';
    for (int i = 0; i < n && i < RULES_CHARS_MAX; i++)
        strcat(text, "字");
    return text;
}

#endif
