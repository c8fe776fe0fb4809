#!/bin/sh
# What each scoring feature adds: ROUGE-1/2/L F1 of precis's summaries with
# the default weights and with one feature switched off at a time (and the
# forward centrality, off by default, switched on), on the dev folders of ../shared/eval (outside the repository; never copied in).
# The summaries come from bench/ablation.c, which changes the private
# weights (src/score.h) and is built by meson with -Dbench=true.
# Usage: bench/ablation.sh [WORKDIR]   (ABLATION may name the driver)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_eval ablation
if [ -z "${ABLATION:-}" ]; then
    (meson setup "$root/build-bench" "$root" -Dbench=true >/dev/null 2>&1 ||
        meson configure "$root/build-bench" -Dbench=true >/dev/null)
    ninja -C "$root/build-bench" >/dev/null
    ABLATION="$root/build-bench/bench/ablation"
fi
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/precis-ablation-XXXXXX")}

# change|weights (see px_weights in src/score.h); "-x" switches x off
variants='defaults|
-centrality|centrality=0
-title|title=0
-position|position=0
-length|short_words=0 long_words=0
-fragment|fragment=1
-question|question=1
-quote|quote=1
-dangling|dangling=1
-glued|glued=1
-redundancy|redundancy=1
+forward 0.3|forward=0.3'

printf '%-16s %3s  %-13s %6s %6s %6s\n' set n change R1 R2 RL
for set in news-human/dev:3 bbc/dev:3 bbc/dev:7; do
    folder=${set%:*}
    n=${set#*:}
    [ -d "$EVAL/$folder/articles" ] || continue
    echo "$variants" | while IFS='|' read -r name weights; do
        out="$work/$(echo "$folder" | tr / -)-$n-$(echo "$name" | tr -c 'a-z0-9\n' _)"
        mkdir -p "$out"
        # shellcheck disable=SC2086 # weights is a list of NAME=VALUE words
        "$ABLATION" -n "$n" "$EVAL/$folder/articles" "$out" $weights
        scores=$(python3 "$EVAL/rouge.py" --ref "$EVAL/$folder/refs" \
            --sys "$out" -m -j 2 | tail -n 1)
        echo "$scores" | awk -v s="$folder" -v n="$n" -v f="$name" \
            '{ printf "%-16s %3s  %-13s %6.2f %6.2f %6.2f\n", s, n, f, $2, $4, $6 }'
    done
done
echo "summaries kept in $work"
