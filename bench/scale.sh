#!/bin/sh
# Throughput and memory of batch runs over a large folder. Builds a test
# corpus of SCALE_MB megabytes (default 200) in a temporary folder by
# repeating and shuffling the articles of ../shared/eval/bbc and
# ../shared/eval/polnear into separate files (make_corpus.py: part-NN/
# folders of 1,000 files; the first quarter is the 50 MB corpus), then
# reports:
#   - MB/s of `precis summarize` with --idf MODEL and without (the set is
#     its own model: a model pass first, which sets each article aside,
#     packed, in an unnamed temporary file for the summary pass; see
#     src/cli/spill.c), and of `precis quotes`, at -j 1
#     and -j 2, on the 50 MB corpus and on the whole one (output to
#     /dev/null);
#   - the peak resident memory (GNU time) of each run, to compare the two
#     sizes: it should stay flat as the corpus grows;
#   - how -j 2 scales against -j 1 on the 50 MB corpus, beside its peer:
#     two -j 1 processes at once, one per half of the corpus, which share
#     nothing but the machine (what two cores give at most). The three
#     run in turn, round after round, so that all see the same machine;
#     the medians of the rounds are printed.
# On a busy machine compare the MB/s per CPU-second: wall time also
# counts other loads.
# PRECIS may name the binary; otherwise it is built with meson's release
# settings in build-bench-release/. SCALE_TMP may name the scratch folder;
# SCALE_RUNS how often each command runs (default 3: the fastest counts).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_eval scale bbc
bench_eval scale polnear
need /usr/bin/time time
bench_precis
mb=${SCALE_MB:-200}
tmp=${SCALE_TMP:-$(mktemp -d)}
trap 'rm -rf "$tmp"' EXIT INT TERM
corpus="$tmp/corpus"

echo "scale: building a ${mb} MB corpus in $corpus" >&2
python3 "$here/make_corpus.py" "$EVAL" "$corpus" "$mb"

# The first quarter of the parts: the 50 MB corpus.
nparts=$(ls "$corpus" | wc -l)
quarter=$(( (nparts + 3) / 4 ))
small="$tmp/small"
mkdir "$small"
ls "$corpus" | head -n "$quarter" | while read -r p; do ln -s "$corpus/$p" "$small/$p"; done
# Its two halves, for the peer of -j 2.
half_a="$tmp/half_a"
half_b="$tmp/half_b"
mkdir "$half_a" "$half_b"
ls "$small" | awk -v a="$half_a" -v b="$half_b" -v n="$quarter" \
    '{ print $0, (NR <= n / 2 ? a : b) }' |
    while read -r p half; do ln -s "$corpus/$p" "$half/$p"; done
size_of() { du -L -s -b "$1" | cut -f1; } # apparent bytes, not blocks
full_bytes=$(size_of "$corpus")
small_bytes=$(size_of "$small")

model="$tmp/corpus.idf"
start=$(date +%s.%N)
"$PRECIS" idf build -j 1 -o "$model" "$corpus" 2>/dev/null
end=$(date +%s.%N)
echo "idf build (one thread): $(echo "$full_bytes $start $end" | awk '{printf "%.1f MB/s", $1 / 1e6 / ($3 - $2)}')"

# run LABEL BYTES COMMAND...: MB/s by wall time and by CPU time (user +
# system: on a shared machine the wall figure also counts other loads),
# each from the fastest of SCALE_RUNS runs (default 3), and the highest
# peak memory of them.
runs=${SCALE_RUNS:-3}
run() {
    label=$1
    bytes=$2
    shift 2
    : > "$tmp/times"
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > /dev/null 2>"$tmp/err" || true
        cat "$tmp/time" >> "$tmp/times"
    done
    awk -v label="$label" -v bytes="$bytes" '
        NR == 1 || $1 < wall { wall = $1 }
        NR == 1 || $2 + $3 < cpu { cpu = $2 + $3 }
        $4 > kb { kb = $4 }
        END { printf "%-40s %6.1f MB/s wall %6.1f MB/s per CPU-second  %6.1f s  peak %5.0f MB\n",
                     label, bytes / 1e6 / wall, bytes / 1e6 / cpu, wall, kb / 1024 }' "$tmp/times" |
        sed 's/_/ /g'
}

# Each command at -j 1 and -j 2 on the 50 MB corpus and on the full one:
# MB/s, and whether peak memory stays flat as the corpus grows.
for size in 50 "$mb"; do
    dir=$small
    bytes=$small_bytes
    if [ "$size" = "$mb" ]; then
        dir=$corpus
        bytes=$full_bytes
    fi
    for j in 1 2; do
        run "summarize_--idf_-j_${j}_(${size}_MB)" "$bytes" "$PRECIS" summarize -q -j $j --idf "$model" "$dir"
        run "summarize_(own_model)_-j_${j}_(${size}_MB)" "$bytes" "$PRECIS" summarize -q -j $j "$dir"
        run "quotes_-f_jsonl_-j_${j}_(${size}_MB)" "$bytes" "$PRECIS" quotes -q -j $j -f jsonl "$dir"
    done
    run "quotes_(text)_-j_2_(${size}_MB)" "$bytes" "$PRECIS" quotes -q -j 2 "$dir"
done
run "summarize_--idf_-j_2_-o_(${mb}_MB)" "$full_bytes" "$PRECIS" summarize -q -j 2 --idf "$model" -o "$tmp/out" "$corpus"

# scaling LABEL ARGS...: precis ARGS at -j 1, at -j 2, and as two -j 1
# processes at once on the halves, in turn for SCALE_RUNS rounds (at
# least 5). Each round's speed-ups of the last two over -j 1 are taken
# within the round, and the medians printed: the machine's speed drifts
# between rounds, much less within one.
scaling() {
    label=$1
    shift
    rounds=$runs
    [ "$rounds" -ge 5 ] || rounds=5
    : > "$tmp/scaling"
    for _ in $(seq "$rounds"); do
        for how in one two pair; do
            start=$(date +%s.%N)
            case $how in
            one) "$PRECIS" "$@" -q -j 1 "$small" > /dev/null 2>&1 || true ;;
            two) "$PRECIS" "$@" -q -j 2 "$small" > /dev/null 2>&1 || true ;;
            pair)
                "$PRECIS" "$@" -q -j 1 "$half_a" > /dev/null 2>&1 &
                "$PRECIS" "$@" -q -j 1 "$half_b" > /dev/null 2>&1 || true
                wait || true ;;
            esac
            end=$(date +%s.%N)
            printf '%s ' "$(echo "$start $end" | awk '{ print $2 - $1 }')" >> "$tmp/scaling"
        done
        echo >> "$tmp/scaling"
    done
    awk -v label="$label" '
        function median(a, n,    i, j, t) {
            for (i = 2; i <= n; i++)
                for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
                    t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
                }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        { n++; one[n] = $1; two[n] = $2; pair[n] = $3
          r2[n] = $1 / $2; rp[n] = $1 / $3 }
        END { printf "%-40s median of %d rounds: -j 1 %5.2f s, -j 2 %5.2f s (x%.2f), two processes %5.2f s (x%.2f)\n",
                     label, n, median(one, n), median(two, n), median(r2, n),
                     median(pair, n), median(rp, n) }' "$tmp/scaling" |
        sed 's/_/ /g'
}

small_mb=$(echo "$small_bytes" | awk '{ printf "%.0f", $1 / 1e6 }')
scaling "summarize_--idf_(${small_mb}_MB)" summarize --idf "$model"
scaling "summarize_(own_model)_(${small_mb}_MB)" summarize
scaling "quotes_-f_jsonl_(${small_mb}_MB)" quotes -f jsonl
