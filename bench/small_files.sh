#!/bin/sh
# Batch runs over a folder of many very small files, where each file's
# system calls (open, size, read, close) cost about what its analysis
# does. Builds SMALL_FILES files (default 30,000) of one paragraph each
# (100 to 600 bytes), taken in turn from the paragraphs of the project's
# own corpus/ (no evaluation data needed), then times, each right after
# a read of the folder (not timed), the fastest of SMALL_RUNS runs
# (default 3):
#   - the peer: `cat` of every file;
#   - `precis quotes -f jsonl` and `precis summarize --idf MODEL` at -j 1
#     and -j 2;
#   - the same at -j 2 with the limit on open files at 24, under which
#     precis starts no thread to read ahead (src/cli/readahead.c) and each
#     worker reads its own files.
# A thread of its own opens and reads the files ahead of the workers, so
# that a folder on disk reads while the workers work. Here that one
# thread's CPU, a file's system calls for every worker, is about what
# the workers' work takes: where the workers hold every core, it steps
# aside (src/cli/readahead.c) and each worker reads its own files, and
# -j 2 should take no longer than the run with no such thread.
# PRECIS may name the binary; SMALL_TMP the scratch folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_precis
files=${SMALL_FILES:-30000}
runs=${SMALL_RUNS:-3}
tmp=${SMALL_TMP:-$(mktemp -d)}
trap 'rm -rf "$tmp"' EXIT INT TERM
folder="$tmp/small"

echo "small_files: writing $files files of one paragraph in $folder" >&2
# Paragraphs of 100 to 600 bytes, in the corpus's order; file k takes
# paragraph k modulo their number.
cat "$root"/corpus/*.txt |
    awk 'length($0) >= 100 && length($0) <= 600' > "$tmp/paragraphs"
"$here/make_small_files.sh" "$folder" "$files" "$tmp/paragraphs"
bytes=$(cat "$folder"/*/*.txt | wc -c)
model="$tmp/small.idf"
"$PRECIS" idf build -o "$model" "$folder" 2>/dev/null

warm() { find "$folder" -type f -exec cat {} + >/dev/null; }

# best COMMAND...: the fastest wall time of `runs` runs, each right after
# a read of the folder.
best() {
    b=
    for _ in $(seq "$runs"); do
        warm
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        b=$(echo "$start $end ${b:-}" |
            awk '{ t = $2 - $1; if ($3 != "" && $3 < t) t = $3; printf "%.3f", t }')
    done
    echo "$b"
}

row() {
    label=$1
    shift
    t=$(best "$@")
    echo "$t" | awk -v l="$label" -v f="$files" -v b="$bytes" '{
        printf "%-46s %6.2f s %9.0f files/s %6.1f MB/s\n", l, $1, f / $1,
               b / 1e6 / $1 }'
}

# The same command with at most 24 files open: no thread reads ahead.
# (ulimit -n is not POSIX, but dash and bash have it.)
# shellcheck disable=SC3045
no_ahead() { (ulimit -n 24 && exec "$@"); }

echo "$files files, $bytes bytes, fastest of $runs runs, each after a read of the folder:"
row "cat (the peer)" sh -c "find '$folder' -type f -exec cat {} + >/dev/null"
for j in 1 2; do
    row "quotes -f jsonl -j $j" "$PRECIS" quotes -q -f jsonl -j "$j" "$folder"
done
row "quotes -f jsonl -j 2, no thread reading ahead" \
    no_ahead "$PRECIS" quotes -q -f jsonl -j 2 "$folder"
for j in 1 2; do
    row "summarize --idf -j $j" "$PRECIS" summarize -q --idf "$model" -j "$j" "$folder"
done
row "summarize --idf -j 2, no thread reading ahead" \
    no_ahead "$PRECIS" summarize -q --idf "$model" -j 2 "$folder"
