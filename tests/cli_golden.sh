#!/bin/sh
# Golden tests of the corpus: `precis clean -f jsonl` and `precis summarize`
# (text and jsonl) on each corpus file must match tests/golden/ exactly,
# and no summary sentence may lie outside the body the clean-up kept.
# Regenerate the goldens with tests/regen_golden.sh, never from here.
#
# Usage: cli_golden.sh PATH/TO/precis
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"
golden_setup

# Every summary sentence must lie inside one body block of the clean-up,
# and be a sentence of that body (never a menu, caption, byline, footer).
INSIDE='
import json, sys
clean = json.loads(open(sys.argv[1], encoding="utf-8").read())
summary = json.loads(open(sys.argv[2], encoding="utf-8").read())
body = [(b["start"], b["end"]) for b in clean["body"]]
for s in summary["sentences"]:
    if not any(a <= s["start"] and s["end"] <= b for a, b in body):
        sys.exit("outside the body: %d-%d %r" % (s["start"], s["end"], s["text"][:80]))
for d in clean["dropped"]:
    for s in summary["sentences"]:
        if s["start"] < d["end"] and d["start"] < s["end"]:
            sys.exit("overlaps a dropped block (%s): %r" % (d["reason"], s["text"][:80]))
'

cd "$CORPUS" || exit 1
found=0
for f in *.txt; do
    [ -f "$f" ] || continue
    found=1
    name=${f%.txt}
    # The same commands as regen_golden.sh.
    "$PRECIS" clean -f jsonl "$f" >"$T/$name.clean.jsonl" 2>"$T/err" &&
        "$PRECIS" summarize "$f" >"$T/$name.summary.txt" 2>>"$T/err" &&
        "$PRECIS" summarize -f jsonl "$f" >"$T/$name.summary.jsonl" 2>>"$T/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "$name: precis exited $rc"
        continue
    fi
    for kind in clean.jsonl summary.txt summary.jsonl; do
        if [ ! -f "$GOLDEN/$name.$kind" ]; then
            fail "$name.$kind: no golden file (run tests/regen_golden.sh)"
        elif diff -u "$GOLDEN/$name.$kind" "$T/$name.$kind" >"$T/diff"; then
            pass "$name.$kind matches the golden"
        else
            fail "$name.$kind differs from the golden:"
            head -n 60 "$T/diff"
        fi
    done
    if "$PY" -c "$INSIDE" "$T/$name.clean.jsonl" "$T/$name.summary.jsonl" >"$T/py" 2>&1; then
        pass "$name: every summary sentence is body text"
    else
        fail "$name: a summary sentence is not body text"
        sed 's/^/#   /' "$T/py"
    fi
done

if [ "$found" -eq 0 ]; then
    echo "cli_golden.sh: no corpus files in $CORPUS" >&2
    exit 1
fi
finish
