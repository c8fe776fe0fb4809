#!/bin/sh
# Quote finding and attribution, measured on the evaluation sets in
# ../shared/eval (outside the repository; never copied in; PRECIS_EVAL may
# name another place):
# - PolNeAR dev (`score_quotes.py --gold polnear --split dev`): detection
#   P/R/F1, attribution accuracy by kind of mention (name, nominal,
#   pronoun) and end-to-end P/R/F1;
# - the five corpus files against seed-quotes.gold.jsonl (`--gold seed`);
# - speed: `precis quotes` over the whole PolNeAR train split in one
#   process next to `precis summarize` over the same files (wall time and
#   peak resident memory, from GNU time -v when /usr/bin/time exists).
# Usage: bench/quotes.sh [-v]   (-v lists PolNeAR misses and wrong speakers)
# PRECIS may name the precis binary; otherwise it is built with meson's
# release settings in build-bench-release/. With BENCH_ROWS set (bench/run
# sets it), the scores are also appended to that file as rows of
# bench/run's table.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_eval quotes
eval_dir=$EVAL
bench_precis
verbose=
[ "${1:-}" = "-v" ] && verbose=-v
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# pick PATTERN: the first figure PATTERN's \(group\) takes from the report
pick() { sed -n "s/$1/\\1/p" "$work/score.txt" | head -n 1; }

# score NAME DATA ARGS...: runs score_quotes.py, prints its report and adds
# its figures as a row: detection F1 / end-to-end F1 / attribution
# accuracy, all quotes found / those whose speaker is named / a pronoun /
# a nominal ("-" when the gold does not say).
score() {
    name=$1 data=$2
    shift 2
    python3 "$eval_dir/score_quotes.py" "$@" >"$work/score.txt"
    cat "$work/score.txt"
    det=$(pick '^Detection .* F1 \([0-9.]*\).*')
    e2e=$(pick '^End-to-end .* F1 \([0-9.]*\).*')
    attr=$(pick '^Attribution  *accuracy on matched \([0-9.]*\).*')
    names=$(pick '^ *source name *\([0-9.]*\).*')
    pron=$(pick '^ *source pronoun *\([0-9.]*\).*')
    nom=$(pick '^ *source nominal *\([0-9.]*\).*')
    bench_row "quotes: detection F1 / end-to-end F1 / speaker accuracy: all / name / pronoun / nominal" \
        "$data" "$name" "$det / $e2e / $attr / ${names:--} / ${pron:--} / ${nom:--}"
}

polnear="$eval_dir/polnear"
if [ -d "$polnear/dev/text" ]; then
    echo "== PolNeAR dev"
    "$PRECIS" quotes -q -f jsonl "$polnear/dev/text" >"$work/dev.jsonl" || true
    score precis "PolNeAR dev ($(ls "$polnear/dev/text" | wc -l) articles)" \
        --gold polnear --split dev --root "$polnear" $verbose "$work/dev.jsonl"
else
    echo "quotes: $polnear/dev is absent; PolNeAR skipped." >&2
fi

if [ -f "$eval_dir/seed-quotes.gold.jsonl" ]; then
    echo
    echo "== corpus (seed gold)"
    "$PRECIS" quotes -q -f jsonl "$root/corpus" >"$work/seed.jsonl" || true
    score precis "corpus/, seed gold ($(ls "$root/corpus"/*.txt | wc -l) articles)" \
        --gold seed -v "$work/seed.jsonl"
fi

if [ -d "$polnear/train/text" ]; then
    echo
    n=$(ls "$polnear/train/text" | wc -l)
    echo "== speed: PolNeAR train ($n files, one process)"
    for cmd in quotes summarize; do
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -v "$PRECIS" "$cmd" -q -f jsonl \
                "$polnear/train/text" >/dev/null 2>"$work/time.txt" || true
            wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' \
                "$work/time.txt")
            rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
                "$work/time.txt")
            printf '%-10s wall %s  peak RSS %s kB\n' "$cmd" "$wall" "$rss"
        else
            start=$(date +%s.%N)
            "$PRECIS" "$cmd" -q -f jsonl "$polnear/train/text" \
                >/dev/null || true
            end=$(date +%s.%N)
            printf '%-10s wall %.2fs\n' "$cmd" "$(echo "$end - $start" | bc)"
        fi
    done
fi
