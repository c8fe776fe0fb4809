#!/bin/sh
# Tests of `precis brief`: golden text, markdown and JSON briefs of the
# corpus; JSON with exactly the documented keys and offsets that slice the
# files; text no wider than 80 columns; markdown structure; one article;
# options and exit statuses.
# Regenerate the goldens with tests/regen_golden.sh, never from here.
#
# Usage: cli_brief.sh PATH/TO/precis
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"
golden_setup

# status EXPECTED NAME COMMAND...: passes when the command exits EXPECTED.
status() {
    want=$1
    name=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name"; else fail "$name (exit $got, want $want)"; fi
}

# ---- goldens: the same commands as regen_golden.sh ------------------------
for kind in txt md json; do
    case $kind in
    txt) fmt=text ;;
    md) fmt=markdown ;;
    json) fmt=json ;;
    esac
    (cd "$CORPUS" && "$PRECIS" brief -f $fmt *.txt) >"$T/brief.$kind" 2>"$T/err"
    if [ ! -f "$GOLDEN/corpus.brief.$kind" ]; then
        fail "corpus.brief.$kind: no golden file (run tests/regen_golden.sh)"
    elif cmp -s "$T/brief.$kind" "$GOLDEN/corpus.brief.$kind"; then
        pass "corpus.brief.$kind matches the golden"
    else
        fail "corpus.brief.$kind differs from the golden:"
        diff "$GOLDEN/corpus.brief.$kind" "$T/brief.$kind" | head -n 20 | sed 's/^/#   /'
    fi
done

# ---- JSON: the documented object, offsets slicing each file ----------------
JSON_CHECK='
import json, os, sys
root, b = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
def keys(obj, want, what):
    if sorted(obj) != sorted(want):
        sys.exit("%s keys %s, want %s" % (what, sorted(obj), sorted(want)))
def sliced(doc, start, end, text):
    data = open(os.path.join(root, doc), "rb").read()
    if data[start:end].decode("utf-8") != text:
        sys.exit("offsets do not slice %s: %r" % (doc, text[:60]))
keys(b, ["documents", "dates", "sentences", "speakers"], "brief")
docs = [d["doc"] for d in b["documents"]]
for d in b["documents"]:
    keys(d, ["doc", "title", "byline", "date"], "document")
keys(b["dates"], ["first", "last"], "dates")
if len(docs) > 1 and not b["dates"]["first"] <= b["dates"]["last"]:
    sys.exit("dates out of order")
if not b["sentences"]:
    sys.exit("no sentences")
for s in b["sentences"]:
    keys(s, ["text", "doc", "start", "end", "score"], "sentence")
    if s["doc"] not in docs:
        sys.exit("sentence of an unknown document")
    sliced(s["doc"], s["start"], s["end"], s["text"])
counts = []
for sp in b["speakers"]:
    keys(sp, ["speaker", "quotes"], "speaker")
    for q in sp["quotes"]:
        keys(q, ["text", "sources"], "quote")
        for src in q["sources"]:
            keys(src, ["doc", "start", "end"], "source")
            data = open(os.path.join(root, src["doc"]), "rb").read()
            if not 0 <= src["start"] < src["end"] <= len(data):
                sys.exit("bad source offsets")
        first = q["sources"][0]
        sliced(first["doc"], first["start"], first["end"], q["text"])
    if sp["speaker"] is not None:
        counts.append(len(sp["quotes"]))
    elif sp is not b["speakers"][-1]:
        sys.exit("unattributed quotes are not last")
if counts != sorted(counts, reverse=True):
    sys.exit("speakers not most quoted first: %s" % counts)
want = int(sys.argv[3])
if len(b["sentences"]) != want:
    sys.exit("%d sentences, want %d" % (len(b["sentences"]), want))
'
check "json brief of the corpus: keys, offsets, speaker order" \
    $PY -c "$JSON_CHECK" "$CORPUS" "$T/brief.json" 5
(cd "$CORPUS" && "$PRECIS" brief -n 8 -f json *.txt) >"$T/n8.json" 2>"$T/err"
check "-n 8 gives 8 sentences" $PY -c "$JSON_CHECK" "$CORPUS" "$T/n8.json" 8

MERGED='
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
if not any(len({s["doc"] for s in q["sources"]}) > 1
           for sp in b["speakers"] for q in sp["quotes"]):
    sys.exit("no quote merged across documents")
'
# Two copies of one article: every quote has both as sources, and no
# sentence is told twice.
cp "$CORPUS/003_de24a9370a978d47.txt" "$T/one.txt"
cp "$CORPUS/003_de24a9370a978d47.txt" "$T/two.txt"
(cd "$T" && "$PRECIS" brief -n 20 -f json one.txt two.txt) >"$T/twice.json" 2>"$T/err"
check "a quote two documents report is one entry with both" \
    $PY -c "$MERGED" "$T/twice.json"
TWICE='
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
texts = [s["text"] for s in b["sentences"]]
if len(texts) != len(set(texts)) or not texts:
    sys.exit("a sentence told twice: %d of %d distinct" % (len(set(texts)), len(texts)))
'
check "the same sentence in two documents is kept once" \
    $PY -c "$TWICE" "$T/twice.json"

# ---- text: 80 columns, numbered documents, tags -----------------------------
WIDTH='
import sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if len(line.rstrip("\n")) > 80:
        sys.exit("line %d is %d columns" % (n, len(line.rstrip("\n"))))
'
check "text brief of the corpus fits 80 columns" $PY -c "$WIDTH" "$T/brief.txt"
check "text brief numbers the documents" grep -q '^  \[5\] ' "$T/brief.txt"
check "text brief has key sentences and quotes" \
    sh -c "grep -q '^Key sentences\$' '$T/brief.txt' && grep -q '^Quotes\$' '$T/brief.txt'"
# A word wider than the terminal is cut, not left to overflow.
{
    printf 'A very long address\n\nThe page linked to '
    i=0
    while [ $i -lt 30 ]; do printf 'abcdefghij'; i=$((i + 1)); done
    printf ' for readers who wanted to know more about the long address.\n'
} >"$T/long.txt"
"$PRECIS" brief "$T/long.txt" >"$T/long.out" 2>"$T/err"
check "a 300-column word is wrapped at 80" $PY -c "$WIDTH" "$T/long.out"

# One article: title first, no document list or tags.
"$PRECIS" brief "$CORPUS/003_de24a9370a978d47.txt" >"$T/one.out" 2>"$T/err"
check "one article: the title comes first" \
    sh -c "head -n 1 '$T/one.out' | grep -q '^Vladimir Putin hosts meeting'"
check "one article: no document tags" sh -c "! grep -q '\\[1\\]' '$T/one.out'"
check "one article fits 80 columns" $PY -c "$WIDTH" "$T/one.out"

# ---- markdown ---------------------------------------------------------------
check "markdown: a heading first" sh -c "head -n 1 '$T/brief.md' | grep -q '^# '"
check "markdown: sections" \
    sh -c "grep -q '^## Key sentences\$' '$T/brief.md' && grep -q '^## Quotes\$' '$T/brief.md'"
check "markdown: speakers as headings, quotes as blockquotes" \
    sh -c "grep -q '^### Vladimir Putin' '$T/brief.md' && grep -q '^> ' '$T/brief.md'"
check "markdown: numbered document list" grep -q '^5\. \*\*' "$T/brief.md"

# ---- options and exit statuses ----------------------------------------------
status 2 "no PATH is a usage error" "$PRECIS" brief
status 2 "an unknown format is a usage error" "$PRECIS" brief -f jsonl "$CORPUS"
status 2 "-n 0 is a usage error" "$PRECIS" brief -n 0 "$CORPUS"
status 0 "--help" "$PRECIS" brief --help
status 1 "a missing file fails, the others are briefed" \
    "$PRECIS" brief "$T/missing.txt" "$CORPUS/003_de24a9370a978d47.txt"
check "... and the brief is still printed" grep -q '^Vladimir Putin hosts' "$T/out"
printf 'Vladimir Putin\tthe Kremlin leader\n' >"$T/people.tsv"
status 0 "--speakers FILE" "$PRECIS" brief --speakers "$T/people.tsv" "$CORPUS"
status 1 "--speakers with a missing file fails" \
    "$PRECIS" brief --speakers "$T/none.tsv" "$CORPUS"
"$PRECIS" idf build -o "$T/model.idf" "$CORPUS" >/dev/null 2>&1
status 0 "--idf MODEL" "$PRECIS" brief --idf "$T/model.idf" -f json "$CORPUS"
status 2 "--lang that is not the model's is a usage error" \
    "$PRECIS" brief --idf "$T/model.idf" -l russian "$CORPUS"

finish
