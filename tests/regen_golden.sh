#!/bin/sh
# Regenerates the golden outputs in tests/golden/ from the corpus. Run it by
# hand after a deliberate change to clean-up or summaries, then read the
# diff before committing: the goldens are what the tests hold us to.
#
# Usage: tests/regen_golden.sh [PATH/TO/precis]   (default: build/precis)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PRECIS=${1:-$HERE/../build/precis}
CORPUS=${PRECIS_CORPUS:-$HERE/../corpus}
GOLDEN=$HERE/golden

case $PRECIS in
/*) ;;
*) PRECIS=$(pwd)/$PRECIS ;;
esac
if [ ! -x "$PRECIS" ]; then
    echo "regen_golden.sh: no precis binary at $PRECIS (build first)" >&2
    exit 2
fi

mkdir -p "$GOLDEN"
# The same commands as cli_golden.sh, run inside the corpus folder so that
# "doc" is the bare file name.
cd "$CORPUS"
for f in *.txt; do
    name=${f%.txt}
    "$PRECIS" clean -f jsonl "$f" >"$GOLDEN/$name.clean.jsonl"
    "$PRECIS" summarize "$f" >"$GOLDEN/$name.summary.txt"
    "$PRECIS" summarize -f jsonl "$f" >"$GOLDEN/$name.summary.jsonl"
    echo "regenerated $name"
done

# `precis quotes -f jsonl`, the same command as tests/cli_quotes.sh.
for f in *.txt; do
    name=${f%.txt}
    "$PRECIS" quotes -f jsonl "$f" >"$GOLDEN/$name.quotes.jsonl"
    echo "regenerated $name quotes"
done

# `precis brief` of the whole corpus, the same commands as tests/cli_brief.sh.
"$PRECIS" brief -f text *.txt >"$HERE/golden/corpus.brief.txt"
"$PRECIS" brief -f markdown *.txt >"$HERE/golden/corpus.brief.md"
"$PRECIS" brief -f json *.txt >"$HERE/golden/corpus.brief.json"
echo "regenerated corpus brief"
