#!/bin/sh
# Agreement of `precis eval rouge` with the reference scorer
# ../shared/eval/rouge.py: summarizes the news-human and BBC dev articles
# with precis (3 sentences, one a line, into <id>.txt files), scores them
# with both, per document (--per-doc), with and without -m, with the
# WordNet lists of ../shared/eval/rouge (--data) and without them, with a
# word limit, and with -s (a stopword list of our own); then counts the documents whose nine figures differ by
# more than 0.00005 (they should all agree to five decimals).
# Usage: bench/rouge_agree.sh        PRECIS may name the precis binary.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_eval rouge_agree rouge.py
bench_precis
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# rouge.py -m always reads WordNet lists; empty ones give it the plain
# Porter stemmer, which is what precis -m does without --data.
mkdir -p "$work/nodata/WordNet-2.0-Exceptions"
for f in adj adv noun verb; do
    : >"$work/nodata/WordNet-2.0-Exceptions/$f.exc"
done
# -s reads DATA/smart_common_words.txt; a short list of our own stands in.
mkdir -p "$work/stop"
printf 'the\na\nan\nof\nand\nto\nin\nis\nwas\nsaid\n' \
    >"$work/stop/smart_common_words.txt"

# split JSONL: one <id>.txt per document, one sentence a line
split_jsonl() {
    python3 -c '
import json, os, re, sys
out = sys.argv[1]
for line in sys.stdin:
    r = json.loads(line)
    key = os.path.basename(r["doc"])
    with open(os.path.join(out, key), "w", encoding="utf-8") as fh:
        for s in r["sentences"]:
            fh.write(re.sub(r"\s+", " ", s["text"]).strip() + "\n")
' "$1"
}

# compare A B: documents, and those whose figures differ
compare() {
    python3 -c '
import sys
def rows(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) == 11 and f[0] != "doc":
            out[f[0]] = [float(x) for x in f[2:]]
    return out
a, b = rows(sys.argv[1]), rows(sys.argv[2])
bad = [k for k in b if k not in a or any(abs(x - y) > 0.00005 for x, y in zip(a[k], b[k]))]
exact = sum(1 for k in b if a.get(k) == b[k])
print("%d %d %d" % (len(b), len(bad), exact))
for k in bad[:5]:
    print("#   %s precis %s rouge.py %s" % (k, a.get(k), b[k]), file=sys.stderr)
' "$1" "$2"
}

total=0
mismatches=0
printf '%-12s %-26s %6s %10s\n' set options docs mismatches
for set in news-human bbc; do
    refs="$EVAL/$set/dev/refs"
    sys_dir="$work/$set"
    mkdir -p "$sys_dir"
    "$PRECIS" summarize -q -n 3 -f jsonl "$EVAL/$set/dev/articles" |
        split_jsonl "$sys_dir"
    for opts in "" "-m" "-m --data" "-l 40" "-m --data -l 60" "-s"; do
        p_opts=$(echo "$opts" | sed "s|--data|--data $EVAL/rouge|")
        case $opts in
        *-m*--data*) r_opts=$p_opts ;;
        *-m*) r_opts="$opts --data $work/nodata" ;;
        -s) p_opts="-s --data $work/stop" r_opts=$p_opts ;;
        *) r_opts=$opts ;;
        esac
        # shellcheck disable=SC2086
        "$PRECIS" eval rouge --ref "$refs" --sys "$sys_dir" --per-doc $p_opts \
            >"$work/p.tsv"
        # shellcheck disable=SC2086
        python3 "$EVAL/rouge.py" --ref "$refs" --sys "$sys_dir" \
            --per-doc $r_opts >"$work/r.tsv"
        set -- $(compare "$work/p.tsv" "$work/r.tsv")
        printf '%-12s %-26s %6s %10s\n' "$set" "${opts:-(none)}" "$1" "$2"
        total=$((total + $1))
        mismatches=$((mismatches + $2))
        if [ "$(tail -n 1 "$work/p.tsv")" != "$(tail -n 1 "$work/r.tsv")" ]; then
            echo "#   last lines differ: $(tail -n 1 "$work/p.tsv") vs $(tail -n 1 "$work/r.tsv")"
            mismatches=$((mismatches + 1))
        fi
    done
done
echo "documents compared: $total, mismatches: $mismatches"
[ "$mismatches" -eq 0 ]
