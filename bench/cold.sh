#!/bin/sh
# Batch runs over a folder that is not in the system's cache, as an
# archive on disk usually is not. Builds a test corpus of COLD_MB
# megabytes (default 50; make_corpus.py, as scale.sh does), then times,
# with the cache dropped before each run and again with the files cached:
#   - the peer: `cat` of every file, in the order precis reads them (the
#     time a plain reader, one file after the other, takes to read the
#     folder);
#   - `precis summarize --idf MODEL`, `summarize` (the set as its own
#     model) and `quotes -f jsonl` at -j 1 and -j 2, and `idf build`.
# precis opens the files some inputs ahead of its workers and asks the
# system for their bytes at once (src/cli/readahead.c), so that the disk
# reads while the workers work: cold, a run should take little more than
# it takes cached, and less than the peer.
# Dropping the cache needs root (it writes /proc/sys/vm/drop_caches) and
# slows the whole machine for a moment: run it on a machine of your own.
# PRECIS may name the binary; COLD_TMP the scratch folder (on the disk to
# measure: not a tmpfs); COLD_RUNS how often each command runs (default
# 3: the fastest counts).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
if [ "$(id -u)" != 0 ] || [ ! -w /proc/sys/vm/drop_caches ]; then
    echo "cold: dropping the system's cache needs root (/proc/sys/vm/drop_caches); nothing measured." >&2
    exit 0
fi
bench_eval cold bbc
bench_eval cold polnear
bench_precis
mb=${COLD_MB:-50}
runs=${COLD_RUNS:-3}
tmp=${COLD_TMP:-$(mktemp -d -p /var/tmp)}
trap 'rm -rf "$tmp"' EXIT INT TERM
corpus="$tmp/corpus"
echo "cold: building a ${mb} MB corpus in $corpus" >&2
python3 "$here/make_corpus.py" "$EVAL" "$corpus" "$mb"
bytes=$(du -s -b "$corpus" | cut -f1)
model="$tmp/corpus.idf"
"$PRECIS" idf build -o "$model" "$corpus" 2>/dev/null
# The files in precis's order (byte order of their paths), for the peer.
(cd "$corpus" && find . -name '*.txt' | LC_ALL=C sort) > "$tmp/list"

drop() {
    sync
    echo 3 > /proc/sys/vm/drop_caches
    # Only the corpus is to be cold: the binary, its libraries and the
    # model are read again at once.
    "$PRECIS" --version >/dev/null
    cat "$model" >/dev/null
}
warm() { (cd "$corpus" && xargs cat < "$tmp/list" >/dev/null); }

# time_of COLD|WARM COMMAND...: the fastest wall time of `runs` runs.
time_of() {
    state=$1
    shift
    best=
    for _ in $(seq "$runs"); do
        if [ "$state" = cold ]; then drop; else warm; fi
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        best=$(echo "$start $end ${best:-}" |
            awk '{ t = $2 - $1; if ($3 != "" && $3 < t) t = $3; printf "%.3f", t }')
    done
    echo "$best"
}

peer() { (cd "$corpus" && xargs cat < "$tmp/list" >/dev/null); }

printf '%-36s %8s %8s %10s %10s %6s\n' command cold_s cached_s cold_MB/s cached_MB/s ratio
row() {
    label=$1
    shift
    cold=$(time_of cold "$@")
    cached=$(time_of warm "$@")
    echo "$label $cold $cached $bytes" | awk '{
        printf "%-36s %8.2f %8.2f %10.1f %10.1f %6.2f\n", $1, $2, $3,
               $4 / 1e6 / $2, $4 / 1e6 / $3, $2 / $3 }' | sed 's/_/ /g'
}
row "cat_of_every_file_(peer)" peer
for j in 1 2; do
    row "summarize_--idf_-j_$j" "$PRECIS" summarize -q -j $j --idf "$model" "$corpus"
    row "summarize_(own_model)_-j_$j" "$PRECIS" summarize -q -j $j "$corpus"
    row "quotes_-f_jsonl_-j_$j" "$PRECIS" quotes -q -j $j -f jsonl "$corpus"
done
row "idf_build_-j_1" "$PRECIS" idf build -j 1 -o "$tmp/again.idf" "$corpus"
