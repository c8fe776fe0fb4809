#!/bin/sh
# Tests of `precis eval rouge` on tiny reference and system folders made
# here: the figures of a single document worked out by hand, several
# references in a folder, per-document lines, missing and unpaired system
# files, word limits, stemming with --data lists, and usage errors.
#
# Usage: cli_eval.sh PATH/TO/precis
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"

mkdir -p "$T/ref/b" "$T/sys" "$T/data/WordNet-2.0-Exceptions"
# a: one reference. ROUGE-1 4 of 6 both ways, ROUGE-2 1 of 5, LCS 4 of 6.
printf 'The cat sat on the mat.\n' >"$T/ref/a.txt"
printf 'the cat lay on a mat\n' >"$T/sys/a.txt"
# b: two references; (2 + 1) / 6 and 3 / 4, bigrams 1 / 4 and 1 / 2.
printf 'the cat sat\n' >"$T/ref/b/1.txt"
printf 'a cat sat\n' >"$T/ref/b/2.txt"
printf 'the cat\n' >"$T/sys/b.txt"
printf 'no reference for this\n' >"$T/sys/extra.txt"
for f in adj adv noun; do : >"$T/data/WordNet-2.0-Exceptions/$f.exc"; done
printf 'went go\n' >"$T/data/WordNet-2.0-Exceptions/verb.exc"

run() { # run EXPECTED_STATUS ARGS...: precis's output in $T/out
    want=$1
    shift
    "$PRECIS" "$@" >"$T/out" 2>"$T/err"
    status=$?
    [ "$status" -eq "$want" ]
}

mkdir -p "$T/one"
cp "$T/ref/a.txt" "$T/one/"
if run 0 eval rouge --ref "$T/one" --sys "$T/sys" &&
    [ "$(tail -n 1 "$T/out")" = "R1 66.67 R2 20.00 RL 66.67" ] &&
    grep -q '^ROUGE-2 Average_R: 0.20000 Average_P: 0.20000 Average_F: 0.20000$' "$T/out" &&
    grep -q '^recall R1 66.67 R2 20.00 RL 66.67$' "$T/out"; then
    pass "one document: hand-computed figures"
else
    fail "one document: hand-computed figures"
fi

if run 0 eval rouge --ref "$T/ref" --sys "$T/sys" --per-doc &&
    grep -q "^b	2	0.50000	0.75000	0.60000	0.25000	0.50000	0.33333	" "$T/out" &&
    grep -q '^documents 2, references 3, missing system files 0' "$T/out" &&
    [ "$(tail -n 1 "$T/out")" = "R1 63.33 R2 26.67 RL 63.33" ] &&
    grep -q '1 system files have no reference' "$T/err"; then
    pass "two references in a folder, per-document line, averages"
else
    fail "two references in a folder, per-document line, averages"
fi

rm "$T/sys/b.txt"
if run 0 eval rouge --ref "$T/ref" --sys "$T/sys" &&
    grep -q '1 of 2 documents have no system summary' "$T/err" &&
    [ "$(tail -n 1 "$T/out")" = "R1 33.33 R2 10.00 RL 33.33" ]; then
    pass "a missing summary scores zero"
else
    fail "a missing summary scores zero"
fi
if run 1 eval rouge --ref "$T/ref" --sys "$T/sys" --strict; then
    pass "--strict fails on a missing summary"
else
    fail "--strict fails on a missing summary"
fi

# -l 2: "the cat" against "the cat": all 1.
if run 0 eval rouge --ref "$T/one" --sys "$T/sys" -l 2 &&
    [ "$(tail -n 1 "$T/out")" = "R1 100.00 R2 100.00 RL 100.00" ]; then
    pass "-l keeps the first words"
else
    fail "-l keeps the first words"
fi

mkdir -p "$T/r2" "$T/s2"
printf 'They went home\n' >"$T/r2/x.txt"
printf 'they go home\n' >"$T/s2/x.txt"
if run 0 eval rouge --ref "$T/r2" --sys "$T/s2" -m &&
    [ "$(tail -n 1 "$T/out")" = "R1 66.67 R2 0.00 RL 66.67" ] &&
    run 0 eval rouge --ref "$T/r2" --sys "$T/s2" -m --data "$T/data" &&
    [ "$(tail -n 1 "$T/out")" = "R1 100.00 R2 100.00 RL 100.00" ]; then
    pass "-m with and without the --data exception lists"
else
    fail "-m with and without the --data exception lists"
fi

if run 1 eval rouge --ref "$T/r2" --sys "$T/s2" -m --data "$T/nowhere" &&
    grep -q 'nowhere/WordNet-2.0-Exceptions/adj.exc' "$T/err"; then
    pass "unreadable --data lists are an error"
else
    fail "unreadable --data lists are an error"
fi

ok=1
run 2 eval rouge --ref "$T/ref" || ok=0
run 2 eval rouge --ref "$T/ref" --sys "$T/sys" -l x || ok=0
run 2 eval rouge --ref "$T/ref" --sys "$T/sys" --alpha 2 || ok=0
run 2 eval rouge --ref "$T/ref" --sys "$T/sys" -s || ok=0
run 2 eval bleu || ok=0
run 2 eval || ok=0
run 1 eval rouge --ref "$T/absent" --sys "$T/sys" || ok=0
if [ $ok = 1 ]; then pass "usage errors exit 2"; else fail "usage errors exit 2"; fi

if run 0 eval --help && grep -q 'rouge' "$T/out" &&
    run 0 eval rouge --help && grep -q -- '--per-doc' "$T/out" &&
    run 0 help eval && grep -q 'rouge' "$T/out"; then
    pass "help texts"
else
    fail "help texts"
fi

finish
