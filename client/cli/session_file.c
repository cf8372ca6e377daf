/* session_file.c -- load, save and remove the CLI's cached session token, and the TLS
 * session kept beside it. */
#include "session_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "common/token.h"
#include "common/userfile.h"
#include "common/xmalloc.h"

char *session_default_path(void)
{
    return userfile_path("XDG_CACHE_HOME", ".cache", "session");
}

char *session_load(const char *path, const char *server, char **username)
{
    if (username != NULL)
        *username = NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    char line[512];
    char *token = NULL, *user = NULL;
    int server_ok = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "server=", 7) == 0)
            server_ok = strcmp(line + 7, server) == 0;
        else if (strncmp(line, "token=", 6) == 0 && strlen(line + 6) == TOKEN_HEX_LEN) {
            free(token);
            token = xstrdup(line + 6);
        } else if (strncmp(line, "user=", 5) == 0 && line[5] != '\0') {
            free(user);
            user = xstrdup(line + 5);
        }
    }
    fclose(f);
    if (!server_ok || token == NULL) {
        free(token);
        free(user);
        return NULL;
    }
    if (username != NULL)
        *username = user;
    else
        free(user);
    return token;
}

/* Replaces path with text (len bytes): a temporary file of mode 0600 in the same directory
 * (made 0700 when missing), synced when sync is set, renamed over path. 0 or -1 with errno. */
static int replace_file(const char *path, const char *text, size_t len, int sync)
{
    if (userfile_make_parent(path) != 0)
        return -1;
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    int ok = write(fd, text, len) == (ssize_t)len && (!sync || fsync(fd) == 0);
    if (close(fd) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        errno = e;
        return -1;
    }
    free(tmp);
    return 0;
}

int session_save(const char *path, const char *server, const char *username, const char *token)
{
    char *text = xasprintf("server=%s\nuser=%s\ntoken=%s\n", server, username, token);
    size_t len = strlen(text);
    int rc = replace_file(path, text, len, 1);
    int e = errno;
    OPENSSL_cleanse(text, len);
    free(text);
    errno = e;
    return rc;
}

int session_remove(const char *path)
{
    char *tls = session_tls_path(path);
    int rc = 0;
    if (unlink(path) != 0 && errno != ENOENT)
        rc = -1;
    if (unlink(tls) != 0 && errno != ENOENT)
        rc = -1;
    free(tls);
    return rc;
}

/* The TLS session file: a line naming its binding, then the session in PEM, as
 * PEM_write_SSL_SESSION writes it. */
#define TLS_PEM_NAME "SSL SESSION PARAMETERS"
#define TLS_FILE_MAX (64 * 1024) /* a session with a certificate chain is a few KiB */

/* Adds path's length and path, then the file's contents (nothing when path is NULL) to md. */
static int digest_file(EVP_MD_CTX *md, const char *path)
{
    size_t n = path != NULL ? strlen(path) : 0;
    if (EVP_DigestUpdate(md, &n, sizeof(n)) != 1 || EVP_DigestUpdate(md, path ? path : "", n) != 1)
        return -1;
    if (path == NULL)
        return 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    char buf[8192];
    size_t k;
    int rc = 0;
    while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
        if (EVP_DigestUpdate(md, buf, k) != 1)
            rc = -1;
    if (ferror(f))
        rc = -1;
    fclose(f);
    return rc;
}

int session_tls_binding(const char *server, const char *ca, const char *cert,
                        char binding[SESSION_TLS_BINDING_LEN])
{
    unsigned char sum[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int rc = -1;
    if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
        goto out;
    size_t len = strlen(server);
    if (EVP_DigestUpdate(md, &len, sizeof(len)) != 1 || EVP_DigestUpdate(md, server, len) != 1)
        goto out;
    if (digest_file(md, ca) != 0 || digest_file(md, cert) != 0)
        goto out;
    if (EVP_DigestFinal_ex(md, sum, &n) != 1 || n != 32)
        goto out;
    for (unsigned int i = 0; i < n; i++)
        snprintf(binding + 2 * i, 3, "%02x", sum[i]);
    rc = 0;
out:
    EVP_MD_CTX_free(md);
    return rc;
}

char *session_tls_path(const char *path)
{
    return xasprintf("%s.tls", path);
}

unsigned char *session_tls_load(const char *tls_path, const char *binding, size_t *len)
{
    *len = 0;
    FILE *f = fopen(tls_path, "r");
    if (f == NULL)
        return NULL;
    char line[128];
    char *name = NULL, *header = NULL;
    unsigned char *data = NULL, *der = NULL;
    long n = 0;
    if (fgets(line, sizeof(line), f) == NULL || strncmp(line, "binding=", 8) != 0)
        goto out;
    line[strcspn(line, "\r\n")] = '\0';
    if (strcmp(line + 8, binding) != 0)
        goto out;
    /* PEM_read skips to the BEGIN line; a torn or altered file fails here or when the
     * library decodes it, and is then not offered. */
    if (PEM_read(f, &name, &header, &data, &n) != 1 || strcmp(name, TLS_PEM_NAME) != 0 || n <= 0 ||
        n > TLS_FILE_MAX)
        goto out;
    der = xmalloc((size_t)n);
    memcpy(der, data, (size_t)n);
    *len = (size_t)n;
out:
    if (data != NULL && n > 0)
        OPENSSL_cleanse(data, (size_t)n);
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
    fclose(f);
    return der;
}

int session_tls_save(const char *tls_path, const char *binding, const unsigned char *der,
                     size_t len)
{
    if (len == 0 || len > TLS_FILE_MAX) {
        errno = EINVAL;
        return -1;
    }
    BIO *mem = BIO_new(BIO_s_mem());
    if (mem == NULL) {
        errno = ENOMEM;
        return -1;
    }
    int rc = -1;
    char *text;
    long n;
    if (BIO_printf(mem, "binding=%s\n", binding) <= 0 ||
        PEM_write_bio(mem, TLS_PEM_NAME, "", der, (long)len) <= 0) {
        errno = EIO;
        goto out;
    }
    n = BIO_get_mem_data(mem, &text);
    rc = replace_file(tls_path, text, (size_t)n, 0);
    int e = errno;
    OPENSSL_cleanse(text, (size_t)n); /* the resumption secret */
    errno = e;
out:
    BIO_free(mem);
    return rc;
}
