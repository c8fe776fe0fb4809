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
# counts other loads. The machine's own speed drifts too, by a third from
# minute to minute: a yardstick (bench/wordscan.c, a plain loop that
# tokenizes and looks each word up once in a hash table) runs before
# and after every run, and each figure per CPU-second is printed again
# as read at the yardstick's fastest reading of the script.
# Every timed run comes right after a read of its folder (not timed), so
# that "cached" means cached: a system may drop files from its cache
# within seconds of a read (on the machine of the README's figures, 13%
# of the 50 MB corpus's files had left it 30 seconds after a read), and a run
# that comes later reads part of its folder from disk.
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

# warm DIR: reads every file of DIR, so that the next run finds them in
# the system's cache.
warm() {
    find -L "$1" -type f -exec cat {} + > /dev/null
}

model="$tmp/corpus.idf"
warm "$corpus"
start=$(date +%s.%N)
if ! "$PRECIS" idf build -j 1 -o "$model" "$corpus" 2>"$tmp/err"; then
    echo "scale: $PRECIS idf build failed:" >&2
    cat "$tmp/err" >&2
    exit 1
fi
end=$(date +%s.%N)
echo "idf build (one thread): $(echo "$full_bytes $start $end" | awk '{printf "%.1f MB/s", $1 / 1e6 / ($3 - $2)}')"

# The yardstick (bench/wordscan.c): a plain loop that tokenizes text and
# looks each word up once in a hash table, on one core, over the first
# 2,000 files of the 50 MB corpus held in memory. The machine's speed
# drifts by a third from minute to minute; the yardstick runs just
# before and just after every run of precis, so that each figure can be
# read against how fast the machine was at that moment (the target of
# 50 MB/s per core was set beside about 340 MB/s for such a loop).
need cc gcc
cc -O2 -o "$tmp/wordscan" "$here/wordscan.c"
find -L "$small" -type f | sort | head -n 2000 > "$tmp/yard_files"
yardstick() {
    PASSES=3 "$tmp/wordscan" "$root/stopwords/english.txt" < "$tmp/yard_files" | cut -d ' ' -f 1
}
: > "$tmp/yard_rows"

# run LABEL BYTES DIR COMMAND...: MB/s by wall time and by CPU time (user +
# system: on a shared machine the wall figure also counts other loads),
# each from the fastest of SCALE_RUNS runs (default 3), the highest peak
# memory of them, and the yardstick's MB/s around the run fastest by CPU
# time (the mean of its readings just before and just after). DIR, the
# folder the command reads, is read just before each run.
runs=${SCALE_RUNS:-3}
run() {
    label=$1
    bytes=$2
    folder=$3
    shift 3
    : > "$tmp/times"
    for _ in $(seq "$runs"); do
        warm "$folder"
        before=$(yardstick)
        /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > /dev/null 2>"$tmp/err" || true
        after=$(yardstick)
        echo "$(cat "$tmp/time") $(echo "$before $after" | awk '{ print ($1 + $2) / 2 }')" >> "$tmp/times"
    done
    awk -v label="$label" -v bytes="$bytes" -v rows="$tmp/yard_rows" '
        NR == 1 || $1 < wall { wall = $1 }
        NR == 1 || $2 + $3 < cpu { cpu = $2 + $3; yard = $5 }
        $4 > kb { kb = $4 }
        END { printf "%-40s %6.1f MB/s wall %6.1f MB/s per CPU-second  %6.1f s  peak %5.0f MB  yardstick %4.0f\n",
                     label, bytes / 1e6 / wall, bytes / 1e6 / cpu, wall, kb / 1024, yard
              printf "%s %s %s\n", label, bytes / 1e6 / cpu, yard >> rows }' "$tmp/times" |
        sed 's/_/ /g'
}

# Each command at -j 1 and -j 2 on the 50 MB corpus and on the full one:
# MB/s, and whether peak memory stays flat as the corpus grows. Each is
# labelled with its size in MB.
small_mb=$(echo "$small_bytes" | awk '{ printf "%.0f", $1 / 1e6 }')
for which in small full; do
    dir=$small
    bytes=$small_bytes
    size=$small_mb
    if [ "$which" = full ]; then
        dir=$corpus
        bytes=$full_bytes
        size=$mb
    fi
    for j in 1 2; do
        run "summarize_--idf_-j_${j}_(${size}_MB)" "$bytes" "$dir" "$PRECIS" summarize -q -j $j --idf "$model" "$dir"
        run "summarize_(own_model)_-j_${j}_(${size}_MB)" "$bytes" "$dir" "$PRECIS" summarize -q -j $j "$dir"
        run "quotes_-f_jsonl_-j_${j}_(${size}_MB)" "$bytes" "$dir" "$PRECIS" quotes -q -j $j -f jsonl "$dir"
    done
    run "quotes_(text)_-j_2_(${size}_MB)" "$bytes" "$dir" "$PRECIS" quotes -q -j 2 "$dir"
done
run "summarize_--idf_-j_2_-o_(${mb}_MB)" "$full_bytes" "$corpus" "$PRECIS" summarize -q -j 2 --idf "$model" -o "$tmp/out" "$corpus"

# Each figure per CPU-second as it would be with the machine at the
# yardstick's fastest reading of this run: times the fastest reading over
# the reading around its run.
awk '
    { label[NR] = $1; mbs[NR] = $2; yard[NR] = $3
      if (NR == 1 || $3 > top) top = $3
      if (NR == 1 || $3 < low) low = $3 }
    END {
        printf "yardstick (tokenizing + one hash lookup per word, one core): %.0f to %.0f MB/s over these runs\n", low, top
        printf "MB/s per CPU-second, read at the yardstick'"'"'s fastest (%.0f MB/s):\n", top
        for (i = 1; i <= NR; i++)
            printf "  %-40s %6.1f\n", label[i], mbs[i] * top / yard[i]
    }' "$tmp/yard_rows" | sed 's/_/ /g'

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
    # Each round reads the folder three times: one read before the first
    # is enough.
    warm "$small"
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

scaling "summarize_--idf_(${small_mb}_MB)" summarize --idf "$model"
scaling "summarize_(own_model)_(${small_mb}_MB)" summarize
scaling "quotes_-f_jsonl_(${small_mb}_MB)" quotes -f jsonl
