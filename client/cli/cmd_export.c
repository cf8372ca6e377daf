/* cmd_export.c -- zhucun export: a batch job's incremental pull (docs/export.md).
 *
 * The state file holds the cursor of the last completed pull, the output file it wrote to and
 * that file's length then. A run reads it, cuts the output back to that length (whatever a
 * killed run appended after it goes), appends the new rows, fsyncs the output, and only then
 * replaces the state file (write a temporary file, fsync, rename, fsync the directory). Killed
 * at any point and run again, it neither skips nor repeats a row. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/progress.h"
#include "common/xmalloc.h"

#define STATE_MAX 2048

struct state {
    char cursor[1024];
    char out[1024];
    long long length;
};

static int read_state(const char *path, struct state *st)
{
    memset(st, 0, sizeof(*st));
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return errno == ENOENT ? 0 : -1;
    char line[STATE_MAX];
    int bad = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        const char *v = strchr(line, '=');
        size_t n = v ? strlen(v + 1) : 0;
        if (strncmp(line, "cursor=", 7) == 0 && n < sizeof(st->cursor))
            memcpy(st->cursor, v + 1, n + 1);
        else if (strncmp(line, "out=", 4) == 0 && n < sizeof(st->out))
            memcpy(st->out, v + 1, n + 1);
        else if (strncmp(line, "length=", 7) != 0 ||
                 cli_parse_int(v + 1, 0, INT64_MAX, &st->length) != 0)
            bad = 1;
    }
    fclose(f);
    if (bad) {
        errno = EINVAL; /* not a state file this program wrote */
        return -1;
    }
    return 0;
}

static int fsync_dir_of(const char *path)
{
    char *copy = xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    free(copy);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Replaces the state file atomically and durably. */
static int write_state(const char *path, const struct state *st)
{
    char *tmp = xasprintf("%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = -1;
    if (fd >= 0) {
        char buf[STATE_MAX + 64];
        int n = snprintf(buf, sizeof(buf), "cursor=%s\nout=%s\nlength=%lld\n", st->cursor, st->out,
                         st->length);
        rc = write(fd, buf, (size_t)n) == n && fsync(fd) == 0 ? 0 : -1;
        close(fd);
        if (rc == 0)
            rc = rename(tmp, path);
        if (rc == 0)
            rc = fsync_dir_of(path);
    }
    if (rc != 0)
        fprintf(stderr, _("zhucun: 无法写入状态文件 %s：%s\n"), path, strerror(errno));
    free(tmp);
    return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Opens the output: the same file as last time is cut back to the length the state recorded;
 * another starts empty. -1 after saying why. */
static int open_out(const char *path, const struct state *st, long long *start)
{
    int fd = open(path, O_WRONLY | O_CREAT, 0640);
    if (fd < 0) {
        fprintf(stderr, _("zhucun: 无法打开输出文件 %s：%s\n"), path, strerror(errno));
        return -1;
    }
    struct stat sb;
    long long keep = strcmp(st->out, path) == 0 ? st->length : 0;
    if (fstat(fd, &sb) != 0 || sb.st_size < keep) {
        fprintf(stderr,
                _("zhucun: 输出文件 %s 比上次导出后短（应至少 %lld 字节）：文件被改动过，"
                  "无法保证不重不漏；请换一个输出文件或删除状态文件重新全量导出\n"),
                path, keep);
        close(fd);
        return -1;
    }
    if (ftruncate(fd, keep) != 0 || lseek(fd, keep, SEEK_SET) < 0) {
        fprintf(stderr, _("zhucun: 无法截断输出文件 %s：%s\n"), path, strerror(errno));
        close(fd);
        return -1;
    }
    *start = keep;
    return fd;
}

/* A pull refused before it began as unavailable is asked for again RETRIES times, after
 * RETRY_FIRST_S seconds, then twice as long each time (1 + 2 + 4 s). */
#define RETRIES       3u
#define RETRY_FIRST_S 1u

static int run_export(struct cli *cli, int argc, char **argv)
{
    if (argc != 1 || cli->state == NULL)
        return cli_usage(cli);
    const char *format = cli->format ? cli->format : "csv";
    struct state st;
    if (read_state(cli->state, &st) != 0) {
        fprintf(stderr, _("zhucun: 无法读取状态文件 %s：%s\n"), cli->state, strerror(errno));
        return 1;
    }
    long long length = 0;
    int fd = cli->out ? open_out(cli->out, &st, &length) : STDOUT_FILENO;
    if (fd < 0)
        return 1;

    struct zc_error err = {0};
    Zhucun__Export ex = ZHUCUN__EXPORT__INIT;
    ex.kind = argv[0];
    ex.scope_code = (char *)(cli->scope ? cli->scope : "");
    ex.since = st.cursor;
    ex.format = (char *)format;
    ex.limit = (uint64_t)cli->limit;
    /* rows and rate on a terminal's stderr, never in the output (docs/cli.md, "Progress"); not
     * when the rows themselves go to that screen, where the line would cut into them */
    struct progress p;
    progress_start(&p, stderr, cli->quiet || (fd == STDOUT_FILENO && isatty(fd)), NULL, NULL);
    int rc = 0;
    int done = 0, io_error = 0;
    unsigned long long rows = 0;
    char cursor[1024] = "";
    int complete = 0;
    for (unsigned attempt = 0;; attempt++) {
        struct zc_client *c;
        if (cli_connect_session(cli, &c, &err, 1) != 0) {
            if (fd != STDOUT_FILENO)
                close(fd);
            return cli_fail(&err);
        }
        uint64_t id = zc_export_start(c, &ex, &err);
        rc = id == 0 ? -1 : 0;
        int answered = 0; /* a part came: the pull was not refused before it began */
        while (rc == 0 && !done) {
            Zhucun__Reply *reply = NULL;
            if (zc_recv(c, &reply, 0, &err) != 0) {
                rc = -1;
                break;
            }
            if (reply->id != id) { /* a server event: not ours */
                zc_reply_free(reply);
                continue;
            }
            if (zc_status(reply, &err) != 0) {
                rc = -1;
            } else if (reply->body_case == ZHUCUN__REPLY__BODY_EXPORT_CHUNK) {
                const Zhucun__ExportChunk *ch = reply->export_chunk;
                answered = 1;
                if (ch->n_columns > 0 && length == 0 && strcmp(format, "csv") == 0 && !io_error) {
                    /* the header, once at the top of a file */
                    char *header = xstrdup("op");
                    for (size_t i = 0; i < ch->n_columns; i++) {
                        char *h = xasprintf("%s,%s", header, ch->columns[i]);
                        free(header);
                        header = h;
                    }
                    char *line = xasprintf("%s\n", header);
                    io_error |= write_all(fd, line, strlen(line)) != 0;
                    length += (long long)strlen(line);
                    free(line);
                    free(header);
                }
                if (ch->data.len > 0 && !io_error) {
                    io_error |= write_all(fd, ch->data.data, ch->data.len) != 0;
                    length += (long long)ch->data.len;
                }
                rows += ch->rows;
                progress_update(&p, _("导出 %s：%llu 行，%.0f 行/秒"), argv[0], rows,
                                progress_rate(&p, (double)rows));
                if (!reply->more) {
                    snprintf(cursor, sizeof(cursor), "%s", ch->cursor);
                    complete = ch->complete;
                    done = 1;
                }
            }
            zc_reply_free(reply);
        }
        zc_close(c);
        /* Refused before any row, as unavailable for now (the replica behind the cursor after
         * waiting for it, the database restarting: docs/export.md): nothing was written, so the
         * same pull is asked for again, a few times, further apart. */
        if (rc == 0 || answered || err.code != ZHUCUN__CODE__UNAVAILABLE || attempt >= RETRIES)
            break;
        unsigned wait = RETRY_FIRST_S << attempt;
        fprintf(stderr, _("zhucun: %s；%u 秒后重试（%u/%u）\n"), err.message, wait, attempt + 1,
                RETRIES);
        sleep(wait);
    }
    progress_clear(&p);
    if (rc != 0) {
        if (fd != STDOUT_FILENO)
            close(fd);
        fprintf(stderr, _("zhucun: 导出未完成，状态文件未改动；再次运行会从上次的位置重新导出\n"));
        return cli_fail(&err);
    }
    if (io_error || (fd != STDOUT_FILENO && fsync(fd) != 0) ||
        (fd != STDOUT_FILENO && close(fd) != 0) || (fd == STDOUT_FILENO && fflush(stdout) != 0)) {
        fprintf(stderr, _("zhucun: 写入输出失败：%s；状态文件未改动\n"), strerror(errno));
        return 1;
    }
    snprintf(st.cursor, sizeof(st.cursor), "%s", cursor);
    snprintf(st.out, sizeof(st.out), "%s", cli->out ? cli->out : "");
    st.length = cli->out ? length : 0;
    if (cli->out && fsync_dir_of(cli->out) != 0) {
        fprintf(stderr, _("zhucun: 无法同步输出目录：%s；状态文件未改动\n"), strerror(errno));
        return 1;
    }
    if (write_state(cli->state, &st) != 0)
        return 1;
    const char *more = complete ? "" : _("（达到 --limit，下次运行继续本次导出）");
    /* on a terminal the last line says the time too; in batch the plain line */
    if (!progress_finish(&p, _("zhucun: 导出 %s：%llu 行，用时 %.1f 秒，%.0f 行/秒%s"), argv[0],
                         rows, progress_elapsed(&p), progress_rate(&p, (double)rows), more))
        fprintf(stderr, _("zhucun: 导出 %s：%llu 行%s\n"), argv[0], rows, more);
    return 0;
}

static const struct option export_options[] = {O_SCOPE, O_STATE, O_FORMAT,
                                               O_OUT,   O_LIMIT, OPT_END_};

/* --json does not change what export writes: the rows, CSV or JSONL (docs/export.md). */
const struct cli_command cli_export_commands[] = {
    {"export", NULL, run_export, export_options,
     N_("zhucun export 类型 [--scope 代码] --state 文件 [--format csv|jsonl] [--out 文件]\n"
        "    [--limit 行数]\n"
        "    导出上次运行以来变化的记录（docs/export.md）\n"),
     "Export"},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
