#!/bin/sh
# Throughput of the precis pipeline, stage by stage, in MB/s on one core.
#
# The BBC and news-human dev articles (../shared/eval, outside the
# repository) are concatenated into a few large files in a temporary
# folder, so that process start and per-file work do not dominate and what
# is timed is the library's own work per byte. Each command runs on one
# large file at a time, so the CLI's set-wide IDF pass does not count twice;
# summarize uses a prebuilt model (--idf) for the same reason.
#
# Stages, each including the ones before it:
#   clean      UTF-8 check, lines, layout (body vs page furniture, metadata)
#   sentences  + the article: sentence splitting, tokens, stopwords, stems
#              (the CLI builds the whole article to list its sentences)
#   summarize  + the IDF model read, scoring and selection
# Each stage also pays for writing its own output. Prints the best of RUNS
# (default 3) wall and CPU (user + system) times per stage with the MB/s
# each gives (CPU time is steadier on a busy machine), and the peak
# resident memory of one summarize run (GNU time -v, package `time`).
#
# PRECIS may name the binary; otherwise it is built in build-bench-release/
# with meson's release settings. PARTS sets how many large files (default 4).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_eval throughput bbc/dev/articles
runs=${RUNS:-3}
parts=${PARTS:-4}
bench_precis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Deal the articles round-robin into PARTS files, a blank line between two
# articles so that each still starts a paragraph.
find "$EVAL/bbc/dev/articles" "$EVAL/news-human/dev/articles" \
        -name '*.txt' 2>/dev/null | sort >"$tmp/list"
mkdir "$tmp/big"
i=0
while read -r f; do
    n=$((i % parts))
    cat "$f" >>"$tmp/big/part$n.txt"
    printf '\n\n' >>"$tmp/big/part$n.txt"
    i=$((i + 1))
done <"$tmp/list"
bytes=$(cat "$tmp/big"/part*.txt | wc -c)

"$PRECIS" idf build -q -o "$tmp/model.idf" "$tmp/big" >/dev/null

/usr/bin/time -v -o "$tmp/time" "$PRECIS" summarize -q --idf "$tmp/model.idf" \
    "$tmp/big/part0.txt" >/dev/null 2>&1 || true
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")

# Timing in one Python process (monotonic clock around each run), so that
# no interpreter start lands inside a measurement. Each stage's best of
# RUNS, less the best time of `precis --version` (process start and
# loading, no work), gives the library's own throughput.
python3 - "$PRECIS" "$tmp" "$runs" "${rss_kb:-0}" <<'PY'
import glob, os, resource, subprocess, sys, time
precis, tmp, runs, rss = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
parts = sorted(glob.glob(os.path.join(tmp, "big", "part*.txt")))
size = sum(os.path.getsize(p) for p in parts)
model = os.path.join(tmp, "model.idf")

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def best(args):
    """Best wall time and best CPU time (user + system) of RUNS runs."""
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.monotonic(), cpu()
        for p in parts:
            subprocess.run([precis] + args + ([p] if args != ["--version"] else []),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.monotonic() - t0)
        cpus.append(cpu() - c0)
    return min(walls), min(cpus)

start_wall, start_cpu = best(["--version"])
print("input: %.2f MB in %d files (BBC + news-human dev, concatenated)" % (size / 1e6, len(parts)))
print("process start: %.3f s wall, %.3f s CPU for %d runs (subtracted below)"
      % (start_wall, start_cpu, len(parts)))
print("%-16s %9s %9s %9s %9s" % ("stage", "wall s", "MB/s", "CPU s", "MB/s"))
for name, args in (("clean", ["clean", "-q"]),
                   ("sentences", ["sentences", "-q"]),
                   ("summarize --idf", ["summarize", "-q", "--idf", model])):
    wall, used = best(args)
    mbw = size / 1e6 / max(wall - start_wall, 1e-6)
    mbc = size / 1e6 / max(used - start_cpu, 1e-6)
    print("%-16s %9.3f %9.1f %9.3f %9.1f" % (name, wall, mbw, used, mbc))
if rss:
    print("peak RSS, summarize of one part (%.2f MB): %.1f MB" % (size / len(parts) / 1e6, rss / 1024))
PY
