/* stored.c -- a keyed write's stored result, split into its fields (stored.h). */
#include "server/core/stored.h"

#include <stdio.h>
#include <string.h>

int stored_result_parse(const char *text, struct stored_result *out)
{
    out->present = text != NULL;
    out->n = 0;
    if (text == NULL)
        return 0;
    if (strlen(text) >= sizeof(out->buf))
        return -1;
    snprintf(out->buf, sizeof(out->buf), "%s", text);
    for (char *p = out->buf;;) {
        size_t len = strcspn(p, "|:, ");
        char end = p[len];
        p[len] = '\0';
        char *eq = strchr(p, '=');
        if (out->n == STORED_FIELDS_MAX)
            return -1;
        out->f[out->n++] = eq != NULL ? eq + 1 : p; /* "households=3": the value */
        if (end == '\0')
            return 0;
        p += len + 1;
    }
}
