#!/bin/sh
# memcheck.sh: every command of the precis tool over corpus/ under
# valgrind's memcheck, which must report no error and no leaked or
# still-reachable block. Prints one line per run and exits 1 if any
# failed.
#
# Usage: bench/memcheck.sh [PATH/TO/precis]   (default: build/precis)
# Needs valgrind (Debian package valgrind). A build with -DPRECIS_NO_JIT
# in c_args spares memcheck PCRE2's JIT code, whose vector loads it may
# report; the default build has passed without it.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
PRECIS=${1:-$HERE/../build/precis}
CORPUS=$HERE/../corpus

if ! command -v valgrind >/dev/null 2>&1; then
    echo "memcheck.sh: valgrind is not installed; nothing measured"
    exit 0
fi
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

failed=0
# check NAME ARGS...: one run with standard input from $T/stdin.
check() {
    name=$1
    shift
    valgrind -q --leak-check=full --show-leak-kinds=all \
        --errors-for-leak-kinds=all --error-exitcode=99 \
        "$PRECIS" "$@" <"$T/stdin" >/dev/null 2>"$T/err"
    rc=$?
    if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*==' "$T/err"; then
        echo "FAIL  $name"
        sed 's/^/      /' "$T/err" | head -n 30
        failed=1
    else
        echo "ok    $name (exit $rc)"
    fi
}

: >"$T/stdin"
check "summarize" summarize "$CORPUS"
check "summarize -f jsonl -j 2" summarize -f jsonl -j 2 "$CORPUS"
check "summarize -o" summarize -o "$T/out" "$CORPUS"
check "quotes" quotes "$CORPUS"
check "quotes --speaker putin -f json" quotes --speaker putin -f json "$CORPUS"
check "brief" brief "$CORPUS"
check "brief -f json" brief -f json "$CORPUS"
check "clean" clean "$CORPUS"
check "clean -f json" clean -f json "$CORPUS"
check "sentences" sentences "$CORPUS"
check "sentences --raw" sentences --raw "$CORPUS"
check "idf build" idf build -o "$T/m.idf" "$CORPUS"
check "idf show" idf show "$T/m.idf"
check "idf merge" idf merge -o "$T/m2.idf" "$T/m.idf" "$T/m.idf"
check "summarize --idf" summarize --idf "$T/m.idf" "$CORPUS"
check "eval rouge" eval rouge --ref "$T/out" --sys "$T/out"
for f in "$CORPUS"/*.txt; do
    python3 -c 'import json, sys; print(json.dumps({"id": sys.argv[1], "text": open(sys.argv[1], encoding="utf-8").read()}))' "$f"
done >"$T/stdin"
check "summarize --stdin-jsonl" summarize --stdin-jsonl
check "quotes --stdin-jsonl" quotes --stdin-jsonl
# Failures free what they made too.
printf 'Bad \377 byte.\n' >"$T/bad.txt"
printf 'A NUL \000 byte.\n' >"$T/nul.txt"
: >"$T/stdin"
check "invalid UTF-8 and NUL" summarize "$T/bad.txt" "$T/nul.txt" "$T/missing.txt" "$CORPUS"
check "a truncated model" summarize --idf "$T/bad.txt" "$CORPUS"
exit "$failed"
