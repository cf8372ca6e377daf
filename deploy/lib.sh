# shellcheck shell=bash
# deploy/lib.sh -- helpers shared by deploy/quickstart and tests/run (source it, don't run it):
# logging, and installing the Debian 12 packages the build, the tests and the quickstart need.

# Packages every build needs (the quickstart installs these; tests/run adds its own on top).
# The server renders circulars with Pango/Cairo and the Noto CJK fonts (docs/circulars.md).
# shellcheck disable=SC2034  # used by the scripts that source this file
ZC_BASE_PACKAGES=(
    build-essential cmake pkg-config
    libuv1-dev libprotobuf-c-dev protobuf-c-compiler libpq-dev libssl-dev
    libargon2-dev libinih-dev libcmocka-dev libcsv-dev libxlsxwriter-dev
    libsqlite3-dev libmagic-dev libgdk-pixbuf-2.0-dev
    libzip-dev libexpat1-dev
    postgresql-15 openssl gettext
    libpango1.0-dev libcairo2-dev fonts-noto-cjk
    libmicrohttpd-dev libcurl4-openssl-dev
)

# The desktop client and its tests (tests/run): GTK 4, msgfmt for the zh_CN catalogue, an X
# server for the tests, CJK fonts so that the screens (and their PNGs) show Chinese.
# shellcheck disable=SC2034  # used by the scripts that source this file
ZC_DESK_PACKAGES=(
    libgtk-4-dev gettext xvfb xauth fonts-noto-cjk
)

# zc_log MESSAGE... -- one line on stderr, prefixed with the calling script's name.
zc_log() {
    printf '%s: %s\n' "${ZC_PROG:-${0##*/}}" "$*" >&2
}

# zc_die MESSAGE... -- log an error and exit 1.
zc_die() {
    zc_log "error: $*"
    exit 1
}

# zc_missing_packages PKG... -- print (one a line) the packages dpkg does not list as installed.
zc_missing_packages() {
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null | grep -qx installed; then
            printf '%s\n' "$pkg"
        fi
    done
}

# zc_install_packages PKG... -- install whichever of PKG... are missing. As root: apt-get update
# (once per process) and apt-get install. Not root: the same through sudo if there is one,
# otherwise print the command to run and exit 1. A system PostgreSQL cluster that the
# postgresql-15 package may create and start is left alone; we never use it.
zc_install_packages() {
    local -a missing sudo_cmd
    command -v dpkg-query >/dev/null 2>&1 || zc_die "dpkg-query not found: this needs Debian 12"
    mapfile -t missing < <(zc_missing_packages "$@")
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    zc_log "installing missing packages: ${missing[*]}"
    if ((EUID == 0)); then
        sudo_cmd=()
    elif command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo)
    else
        zc_log "error: missing packages and not root (and no sudo); run as root:"
        printf '  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s\n' \
            "${missing[*]}" >&2
        exit 1
    fi
    if [[ -z ${ZC_APT_UPDATED:-} ]]; then
        "${sudo_cmd[@]}" apt-get update || zc_die "apt-get update failed"
        ZC_APT_UPDATED=1
    fi
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}" || zc_die "apt-get install failed"
    mapfile -t missing < <(zc_missing_packages "$@")
    if ((${#missing[@]} != 0)); then
        zc_die "still missing after apt-get install: ${missing[*]}"
    fi
}
