#!/bin/sh
# Speed of precis next to Open Text Summarizer on the BBC dev split
# (../shared/eval/bbc/dev/articles, outside the repository; PRECIS_EVAL may
# name another place for ../shared/eval).
# - precis: one `precis summarize` process over the whole folder, as a
#   pipeline would run it;
# - OTS: `ots FILE` once per file, one after another, as a user would.
# Prints both wall times, their ratio, precis's peak resident memory (from
# GNU time -v, Debian package `time`) and its throughput in MB/s.
# PRECIS may name the binary; otherwise it is built in build-bench-release/ with
# meson's release settings (the speed a user installing it would get).
# With BENCH_ROWS set (bench/run sets it), the figures are also appended to
# that file as rows of bench/run's table.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_eval speed bbc/dev/articles
articles="$EVAL/bbc/dev/articles"
need ots ots
need /usr/bin/time time
bench_precis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

files=$(find "$articles" -name '*.txt' | wc -l)
bytes=$(find "$articles" -name '*.txt' -exec cat {} + | wc -c)

# Warm the page cache so neither side pays for the first read.
find "$articles" -name '*.txt' -exec cat {} + >/dev/null

/usr/bin/time -v -o "$tmp/time" "$PRECIS" summarize -f jsonl "$articles" >"$tmp/precis.out"
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")

# Both sides are timed from one Python process (a monotonic clock around
# each subprocess.run), so no interpreter start lands inside a
# measurement. precis takes the best of 3 runs (a busy machine only ever
# adds time); OTS, at tens of seconds a run, is timed once.
python3 - "$PRECIS" "$articles" "$files" "$bytes" "$rss_kb" "$tmp/figures" <<'PY'
import os, resource, subprocess, sys, time
precis, articles = sys.argv[1], sys.argv[2]
files, size, rss = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5] or 0)

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def timed(args):
    """Wall and CPU (user + system) seconds of one run."""
    t0, c0 = time.monotonic(), cpu()
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - t0, cpu() - c0

runs = [timed([precis, "summarize", "-f", "jsonl", articles]) for _ in range(3)]
p = min(w for w, _ in runs)
p_cpu = min(c for _, c in runs)
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(articles)
               for f in fs if f.endswith(".txt"))
t0 = time.monotonic()
for f in paths:
    subprocess.run(["ots", f], stdout=subprocess.DEVNULL)
o = time.monotonic() - t0
print("BBC dev: %d files, %.2f MB" % (files, size / 1e6))
print("precis summarize (one process, best of 3): %.3f s, %.1f MB/s, peak RSS %.1f MB"
      % (p, size / 1e6 / p, rss / 1024))
print("  (CPU time, best of 3: %.3f s; steadier than wall time on a busy machine)"
      % p_cpu)
print("ots (once per file):                       %.3f s" % o)
print("precis is %.0fx faster (target: at least 100x)" % (o / p))
with open(sys.argv[6], "w") as f:  # the figures of bench/run's rows
    f.write("%.3f %.1f %.1f %.1f %.2f %.0f\n"
            % (p, size / 1e6 / p, rss / 1024, o, size / 1e6 / o, o / p))
PY
read -r p_s p_mbs p_rss o_s o_mbs ratio <"$tmp/figures"
data="BBC dev ($files files, $(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB)"
bench_row "speed: wall seconds / MB/s / peak RSS" "$data" \
    "precis, one process (best of 3)" "$p_s s / $p_mbs MB/s / $p_rss MB"
bench_row "speed: wall seconds / MB/s / peak RSS" "$data" \
    "OTS, once per file" "$o_s s / $o_mbs MB/s / -"
bench_row "speed: OTS time / precis time" "$data" "precis vs OTS" "${ratio}x"
