#!/bin/sh
# Summary quality of precis next to Lead-N and Open Text Summarizer, on the
# evaluation sets in ../shared/eval (outside the repository; never copied
# in). Prints one table of ROUGE-1/2/L F1. See bench/quality.py for the
# method. Usage: bench/quality.sh [WORKDIR]
# PRECIS may name the precis binary; otherwise it is built with meson in
# build-bench/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
eval_dir="$here/../../shared/eval"
if [ ! -d "$eval_dir" ]; then
    echo "quality: $eval_dir is absent; nothing to measure." >&2
    exit 0
fi
eval_dir=$(cd "$eval_dir" && pwd)
if ! command -v ots >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y ots >/dev/null || { apt-get update >/dev/null && apt-get install -y ots >/dev/null; }
    else
        echo "quality: Open Text Summarizer (Debian package ots) is missing; install it as root." >&2
        exit 1
    fi
fi
if [ -z "${PRECIS:-}" ]; then
    (meson setup "$root/build-bench" "$root" >/dev/null 2>&1 || true)
    ninja -C "$root/build-bench" >/dev/null
    PRECIS="$root/build-bench/precis"
fi
exec python3 "$here/quality.py" "$PRECIS" "$eval_dir" "$@"
