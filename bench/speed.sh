#!/bin/sh
# Speed of precis next to Open Text Summarizer on the BBC dev split
# (../shared/eval/bbc/dev/articles, outside the repository).
# - precis: one `precis summarize` process over the whole folder, as a
#   pipeline would run it;
# - OTS: `ots FILE` once per file, one after another, as a user would.
# Prints both wall times, their ratio, precis's peak resident memory (from
# GNU time -v, Debian package `time`) and its throughput in MB/s.
# PRECIS may name the binary; otherwise it is built in build-bench/ with
# meson's release settings (the speed a user installing it would get).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
articles="$here/../../shared/eval/bbc/dev/articles"
if [ ! -d "$articles" ]; then
    echo "speed: $articles is absent; nothing to measure." >&2
    exit 0
fi
articles=$(cd "$articles" && pwd)
for pkg in ots:ots time:/usr/bin/time; do
    name=${pkg%%:*}
    cmd=${pkg#*:}
    if ! command -v "$cmd" >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            apt-get install -y "$name" >/dev/null ||
                { apt-get update >/dev/null && apt-get install -y "$name" >/dev/null; }
        else
            echo "speed: Debian package $name is missing; install it as root." >&2
            exit 1
        fi
    fi
done
if [ -z "${PRECIS:-}" ]; then
    (meson setup --buildtype=release "$root/build-bench-release" "$root" >/dev/null 2>&1 || true)
    ninja -C "$root/build-bench-release" >/dev/null
    PRECIS="$root/build-bench-release/precis"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

now() { python3 -c 'import time; print("%.6f" % time.monotonic())'; }

files=$(find "$articles" -name '*.txt' | wc -l)
bytes=$(find "$articles" -name '*.txt' -exec cat {} + | wc -c)

# Warm the page cache so neither side pays for the first read.
find "$articles" -name '*.txt' -exec cat {} + >/dev/null

/usr/bin/time -v -o "$tmp/time" "$PRECIS" summarize -f jsonl "$articles" >"$tmp/precis.out"
t0=$(now)
"$PRECIS" summarize -f jsonl "$articles" >/dev/null
t1=$(now)
precis_s=$(python3 -c "print('%.3f' % ($t1 - $t0))")
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")

t0=$(now)
find "$articles" -name '*.txt' | sort | while read -r f; do
    ots "$f" >/dev/null
done
t1=$(now)
ots_s=$(python3 -c "print('%.3f' % ($t1 - $t0))")

python3 - "$files" "$bytes" "$precis_s" "$ots_s" "$rss_kb" <<'PY'
import sys
files, size, p, o, rss = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print("BBC dev: %d files, %.2f MB" % (files, size / 1e6))
print("precis summarize (one process): %.3f s, %.1f MB/s, peak RSS %.1f MB" % (p, size / 1e6 / p, rss / 1024))
print("ots (once per file):            %.3f s" % o)
print("precis is %.0fx faster (target: at least 100x)" % (o / p))
PY
