# need.sh: sourced by bench scripts. need COMMAND PACKAGE: installs the
# Debian package when the command is missing and we are root, else says
# what is missing and exits 1.
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y "$2" >/dev/null ||
            { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
    else
        echo "$(basename "$0"): Debian package $2 is missing; install it as root." >&2
        exit 1
    fi
}
