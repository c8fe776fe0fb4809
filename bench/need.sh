# shellcheck shell=sh
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

# The evaluation data and the binary, for bench/run and the scripts it
# calls (each sets root= to the repository first).
# bench_eval NAME [PATH]: sets EVAL to $PRECIS_EVAL, else ../shared/eval
# next to the repository (never copied in); when it, or PATH under it, is
# absent, says so and exits 0.
bench_eval() {
    EVAL=${PRECIS_EVAL:-$root/../shared/eval}
    if [ ! -e "$EVAL/${2:-}" ]; then
        echo "$1: ${2:+$2 under }$EVAL is absent; nothing to measure (PRECIS_EVAL may name the evaluation data)." >&2
        exit 0
    fi
    EVAL=$(cd "$EVAL" && pwd)
}

# bench_precis: sets PRECIS, unless given, to precis built with meson's
# release settings (what a user installing it gets) in build-bench-release/.
bench_precis() {
    [ -n "${PRECIS:-}" ] && return 0
    (meson setup --buildtype=release "$root/build-bench-release" "$root" >/dev/null 2>&1 || true)
    ninja -C "$root/build-bench-release" >/dev/null
    PRECIS="$root/build-bench-release/precis"
}

# bench_row TASK DATA SYSTEM FIGURES: with BENCH_ROWS set (bench/run sets
# it), appends one row of its table to that file, fields tab-separated.
bench_row() {
    [ -n "${BENCH_ROWS:-}" ] || return 0
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$BENCH_ROWS"
}
