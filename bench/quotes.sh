#!/bin/sh
# Quote finding and attribution, measured on the evaluation sets in
# ../shared/eval (outside the repository; never copied in):
# - PolNeAR dev (`score_quotes.py --gold polnear --split dev`): detection
#   P/R/F1, attribution accuracy by kind of mention (name, nominal,
#   pronoun) and end-to-end P/R/F1;
# - the five corpus files against seed-quotes.gold.jsonl (`--gold seed`);
# - speed: `precis quotes` over the whole PolNeAR train split in one
#   process next to `precis summarize` over the same files (wall time and
#   peak resident memory, from GNU time -v when /usr/bin/time exists).
# Usage: bench/quotes.sh [-v]   (-v lists PolNeAR misses and wrong speakers)
# PRECIS may name the precis binary; otherwise it is built with meson in
# build-bench/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
eval_dir="$here/../../shared/eval"
if [ ! -d "$eval_dir" ]; then
    echo "quotes: $eval_dir is absent; nothing to measure." >&2
    exit 0
fi
eval_dir=$(cd "$eval_dir" && pwd)
if [ -z "${PRECIS:-}" ]; then
    (meson setup "$root/build-bench" "$root" >/dev/null 2>&1 || true)
    ninja -C "$root/build-bench" >/dev/null
    PRECIS="$root/build-bench/precis"
fi
verbose=
[ "${1:-}" = "-v" ] && verbose=-v
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

polnear="$eval_dir/polnear"
if [ -d "$polnear/dev/text" ]; then
    echo "== PolNeAR dev"
    "$PRECIS" quotes -q -f jsonl "$polnear/dev/text" >"$work/dev.jsonl" || true
    python3 "$eval_dir/score_quotes.py" --gold polnear --split dev \
        --root "$polnear" $verbose "$work/dev.jsonl"
else
    echo "quotes: $polnear/dev is absent; PolNeAR skipped." >&2
fi

if [ -f "$eval_dir/seed-quotes.gold.jsonl" ]; then
    echo
    echo "== corpus (seed gold)"
    "$PRECIS" quotes -q -f jsonl "$root/corpus" >"$work/seed.jsonl" || true
    python3 "$eval_dir/score_quotes.py" --gold seed -v "$work/seed.jsonl"
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
