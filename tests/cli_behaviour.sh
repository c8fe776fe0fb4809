#!/bin/sh
# Behaviour of the precis command line: help and version, exit codes,
# usage errors, input edge cases (invalid UTF-8, empty, BOM, CRLF, stdin,
# folders), byte offsets in JSON, and the length budget options.
#
# Usage: cli_behaviour.sh PATH/TO/precis
# PRECIS_CORPUS names the corpus folder (default: ../corpus next to this
# script). JSON is checked with python3, which meson already requires.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"

# pycheck DESCRIPTION SCRIPT ARGS...: runs a python check; it prints the
# reason and exits nonzero on failure.
pycheck() {
    desc=$1
    script=$2
    shift 2
    if "$PY" -c "$script" "$@" >"$T/py" 2>&1; then
        pass "$desc"
    else
        fail "$desc"
        sed 's/^/#   /' "$T/py" | head -n 20
    fi
}

CORPUS_FILE=$(ls "$CORPUS"/*.txt | head -n 1)

# ---- help and version --------------------------------------------------------

run --help
expect "--help" 0
check "--help lists the commands" has "$T/out" "summarize"
check "--help lists clean" has "$T/out" "clean"
run help
expect "help" 0
check "help lists idf" has "$T/out" "idf"
run --version
expect "--version" 0
check "--version prints the version" grep -E -q '^precis [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"
for cmd in summarize clean sentences idf; do
    run "$cmd" --help
    expect "$cmd --help" 0
    check "$cmd --help shows its usage" has "$T/out" "Usage: precis $cmd"
done
run help summarize
expect "help summarize" 0
check "help summarize documents --sentences" has "$T/out" "--sentences"
run summarize --version
expect "summarize --version" 0

# ---- usage errors: exit 2, the option and value named, a hint ------------------

run
expect "no command" 2
run frobnicate
expect "unknown command" 2
check "unknown command is named" has "$T/err" "frobnicate"

usage_error() {
    desc=$1
    needle=$2
    hint=$3
    shift 3
    run "$@"
    expect "$desc" 2
    check "$desc: message names '$needle'" has "$T/err" "$needle"
    check "$desc: hint to --help" has "$T/err" "Try 'precis $hint --help'"
    check "$desc: nothing on stdout" test ! -s "$T/out"
}

usage_error "-n abc" "abc" summarize summarize -n abc "$CORPUS_FILE"
usage_error "-n 0" "--sentences" summarize summarize -n 0 "$CORPUS_FILE"
usage_error "-n -3" "-3" summarize summarize -n -3 "$CORPUS_FILE"
usage_error "-n 2x" "2x" summarize summarize --sentences 2x "$CORPUS_FILE"
usage_error "-w 0" "--words" summarize summarize -w 0 "$CORPUS_FILE"
usage_error "-r 0" "--ratio" summarize summarize -r 0 "$CORPUS_FILE"
usage_error "-r 1.5" "1.5" summarize summarize -r 1.5 "$CORPUS_FILE"
usage_error "-r x" "'x'" summarize summarize --ratio x "$CORPUS_FILE"
usage_error "-f xml" "xml" summarize summarize -f xml "$CORPUS_FILE"
usage_error "unknown long option" "--bogus" summarize summarize --bogus "$CORPUS_FILE"
usage_error "unknown short option" "-Z" clean clean -Z "$CORPUS_FILE"
usage_error "missing value" "-n" summarize summarize "$CORPUS_FILE" -n
usage_error "no input" "no input" sentences sentences
usage_error "unknown language" "klingon" summarize summarize -l klingon "$CORPUS_FILE"
usage_error "idf build without -o" "-o" idf idf build "$CORPUS_FILE"
usage_error "idf unknown action" "frob" idf idf frob

# ---- exit 1: some inputs failed, the others still processed -------------------

run summarize "$T/missing.txt" "$CORPUS_FILE"
expect "missing file among good ones" 1
check "missing file message" has "$T/err" "$T/missing.txt: cannot read: No such file or directory"
check "the good file is still summarized" test -s "$T/out"

mkdir "$T/emptydir"
run summarize "$T/emptydir/"
expect "empty folder" 0

# ---- invalid UTF-8 -------------------------------------------------------------

# "Line one is fine.\n" is 18 bytes, "Bad " 4 more: the bad byte is at
# offset 22, line 2, column 5.
printf 'Line one is fine.\nBad \377 byte in the second line of this text.\n' >"$T/bad.txt"
run summarize "$T/bad.txt" "$CORPUS_FILE"
expect "invalid UTF-8 skips the file" 1
check "invalid UTF-8 message format" grep -F -x -q "$T/bad.txt:2:5: invalid UTF-8 (byte 0xff at offset 22)" "$T/err"
check "other files still summarized" test -s "$T/out"

# A sequence cut short at the very end of the file.
printf 'The price rose \342\202' >"$T/cut.txt"
run summarize "$T/cut.txt"
expect "truncated sequence" 1
check "truncated sequence located" grep -F -x -q "$T/cut.txt:1:16: invalid UTF-8 (byte 0xe2 at offset 15)" "$T/err"

run sentences --raw --repair -f jsonl "$T/bad.txt"
expect "--repair" 0
pycheck "--repair puts U+FFFD in the text" '
import json, sys
rec = json.loads(open(sys.argv[1], encoding="utf-8").read())
text = "".join(s["text"] for s in rec["sentences"])
assert "\ufffd" in text, text
' "$T/out"

# ---- empty, blank, one sentence, no punctuation ---------------------------------

: >"$T/empty.txt"
printf ' \n\t\r\n   \n' >"$T/blank.txt"
for f in empty blank; do
    run summarize "$T/$f.txt"
    expect "$f file" 0
    check "$f file: nothing on stdout" test ! -s "$T/out"
    check "$f file: a clear message" grep -F -x -q "$T/$f.txt: empty document" "$T/err"
    run summarize -q "$T/$f.txt"
    check "$f file: -q silences the notice" test ! -s "$T/err"
done
run summarize -f jsonl "$T/empty.txt"
expect "empty file, jsonl" 0
pycheck "empty file gives an object with no sentences" '
import json, sys
rec = json.loads(open(sys.argv[1]).read())
assert rec["sentences"] == [] and rec["title"] is None, rec
' "$T/out"
run clean -f json "$T/blank.txt"
pycheck "blank file, clean json: no body" '
import json, sys
recs = json.loads(open(sys.argv[1]).read())
assert len(recs) == 1 and recs[0]["body"] == [] and recs[0]["dropped"] == [], recs
' "$T/out"

ONE="The city council approved the new budget for schools and roads on Tuesday after a long debate."
printf '%s\n' "$ONE" >"$T/one.txt"
run summarize "$T/one.txt"
expect "a single sentence" 0
check "a single sentence is printed" has "$T/out" "$ONE"

printf '%s\n' "the river rose all night and by morning the old bridge was gone" \
    "people in the village said they had never seen the water so high" \
    "the mayor asked everyone to stay away from the banks until it fell" >"$T/nopunct.txt"
run summarize "$T/nopunct.txt"
expect "text without punctuation" 0
check "text without punctuation still gives a summary" has "$T/out" "the old bridge was gone"
run sentences --raw "$T/nopunct.txt"
expect "sentences --raw, no punctuation" 0
check "sentences --raw, no punctuation: text comes out" has "$T/out" "the old bridge was gone"

# ---- BOM and CRLF ----------------------------------------------------------------

"$PY" -c '
import sys
data = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
open(sys.argv[2], "wb").write(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
' "$CORPUS_FILE" "$T/bomcrlf.txt"
run summarize -f jsonl "$T/bomcrlf.txt"
expect "BOM and CRLF" 0
cp "$T/out" "$T/bomcrlf.jsonl"
run summarize -f jsonl "$CORPUS_FILE"
pycheck "BOM and CRLF: same sentences, exact offsets" '
import json, sys
crlf = json.loads(open(sys.argv[1], encoding="utf-8").read())
lf = json.loads(open(sys.argv[2], encoding="utf-8").read())
raw = open(sys.argv[3], "rb").read()
assert crlf["sentences"], "no sentences"
for s in crlf["sentences"]:
    piece = raw[s["start"]:s["end"]].decode("utf-8")
    assert piece == s["text"], (piece, s["text"])
    assert not piece.startswith("\ufeff") and not piece.endswith("\r"), piece
norm = lambda t: " ".join(t.split())
assert [norm(s["text"]) for s in crlf["sentences"]] == \
       [norm(s["text"]) for s in lf["sentences"]], "CRLF changes the summary"
assert (crlf["title"] is None) == (lf["title"] is None)
assert crlf["title"] is None or norm(crlf["title"]) == norm(lf["title"]), (crlf["title"], lf["title"])
' "$T/bomcrlf.jsonl" "$T/out" "$T/bomcrlf.txt"

# ---- standard input ----------------------------------------------------------------

run summarize "$CORPUS_FILE"
cp "$T/out" "$T/byfile.txt"
"$PRECIS" summarize - <"$CORPUS_FILE" >"$T/out" 2>"$T/err"
rc=$?
expect "stdin -" 0
check "stdin gives the same summary as the file" cmp -s "$T/out" "$T/byfile.txt"
"$PRECIS" summarize -f jsonl - <"$CORPUS_FILE" >"$T/out" 2>"$T/err"
pycheck "stdin is named - in JSON" '
import json, sys
assert json.loads(open(sys.argv[1]).read())["doc"] == "-"
' "$T/out"

# ---- folders -----------------------------------------------------------------------

mkdir -p "$T/tree/b" "$T/tree/a/deep"
cp "$CORPUS_FILE" "$T/tree/z.txt"
cp "$CORPUS_FILE" "$T/tree/b/one.txt"
cp "$CORPUS_FILE" "$T/tree/a/deep/two.txt"
cp "$CORPUS_FILE" "$T/tree/a/notes.md"
ln -s .. "$T/tree/a/deep/up"     # a loop back up the tree
ln -s "$T/tree" "$T/tree/b/top"  # and one to the root
run sentences -f jsonl "$T/tree"
expect "folder walk with symlink loops" 0
pycheck "folder walk: *.txt only, each once, sorted by path" '
import json, sys
docs = [json.loads(l)["doc"] for l in open(sys.argv[1])]
root = sys.argv[2]
want = [root + "/a/deep/two.txt", root + "/b/one.txt", root + "/z.txt"]
assert docs == want, docs
' "$T/out" "$T/tree"
# The order is the whole paths', byte by byte, though the folders are
# walked one at a time: "a/" sorts after "a-b.txt" and "a.txt" ('-' and
# '.' come before '/') and before "a0.txt".
mkdir -p "$T/order/a"
for f in a-b.txt a.txt a/x.txt a0.txt; do cp "$CORPUS_FILE" "$T/order/$f"; done
run sentences -f jsonl "$T/order/"
expect "folder walk of names around a folder's" 0
pycheck "folder walk: sorted by the whole path" '
import json, sys
docs = [json.loads(l)["doc"] for l in open(sys.argv[1])]
root = sys.argv[2]
want = [root + "/" + f for f in ("a-b.txt", "a.txt", "a/x.txt", "a0.txt")]
assert docs == want, docs
' "$T/out" "$T/order"
# A dangling link among a folder's files is reported in its place.
mkdir -p "$T/dangle"
: > "$T/dangle/a.txt"
ln -s "$T/dangle/nowhere" "$T/dangle/b.txt"
: > "$T/dangle/c.txt"
"$PRECIS" summarize -f jsonl "$T/dangle" > "$T/out" 2> "$T/err"
printf '%s\n' "$T/dangle/a.txt: empty document" \
    "$T/dangle/b.txt: cannot read: No such file or directory" \
    "$T/dangle/c.txt: empty document" > "$T/want"
check "folder walk: a dangling link reported in its place" cmp -s "$T/err" "$T/want"
# A folder reached as it lies and through a link further down is walked
# where it lies, once.
mkdir -p "$T/twice/a" "$T/twice/z"
cp "$CORPUS_FILE" "$T/twice/z/q.txt"
ln -s ../z "$T/twice/a/link"
run sentences -f jsonl "$T/twice"
pycheck "folder walk: a linked folder is walked where it lies" '
import json, sys
docs = [json.loads(l)["doc"] for l in open(sys.argv[1])]
assert docs == [sys.argv[2] + "/z/q.txt"], docs
' "$T/out" "$T/twice"
run summarize "$T/tree" "$CORPUS_FILE"
check "several inputs: a header before each" grep -q -x -F "==> $T/tree/z.txt <==" "$T/out"

# ---- output errors ------------------------------------------------------------------

if [ -w /dev/full ]; then
    "$PRECIS" summarize "$CORPUS" >/dev/full 2>"$T/err"
    rc=$?
    expect "writing to a full device" 1
    check "write error is reported" has "$T/err" "error writing output"
fi

# ---- offsets slice the file exactly, for every corpus file ------------------------------

OFFSETS='
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    rec = json.loads(line)
    raw = open(rec["doc"], "rb").read()
    for key in sys.argv[2:]:
        for s in rec[key]:
            piece = raw[s["start"]:s["end"]].decode("utf-8")
            if "text" in s:
                assert piece == s["text"], (rec["doc"], key, s, piece)
            assert s["start"] < s["end"], s
            n += 1
assert n > 0, "nothing checked"
'
run summarize -f jsonl -n 1000 "$CORPUS"
expect "summarize every sentence of the corpus" 0
pycheck "summarize: every sentence slices its file" "$OFFSETS" "$T/out" sentences
run sentences -f jsonl "$CORPUS"
pycheck "sentences: every body sentence slices its file" "$OFFSETS" "$T/out" sentences
run sentences --raw -f jsonl "$CORPUS"
pycheck "sentences --raw: every sentence slices its file" "$OFFSETS" "$T/out" sentences
run clean -f jsonl "$CORPUS"
expect "clean the corpus" 0
pycheck "clean: body and dropped blocks slice their file" "$OFFSETS" "$T/out" body dropped
run clean -f json "$CORPUS"
pycheck "clean -f json is one array with a record per file" '
import json, sys, os
recs = json.load(open(sys.argv[1], encoding="utf-8"))
files = sorted(f for f in os.listdir(sys.argv[2]) if f.endswith(".txt"))
assert [os.path.basename(r["doc"]) for r in recs] == files, recs
for r in recs:
    assert set(r) == {"doc", "title", "byline", "date", "dateline", "body", "dropped"}, r.keys()
    assert all(d["reason"] for d in r["dropped"])
' "$T/out" "$CORPUS"
run summarize -f json "$CORPUS"
pycheck "summarize -f json is one array with a record per file" '
import json, sys, os
recs = json.load(open(sys.argv[1], encoding="utf-8"))
files = sorted(f for f in os.listdir(sys.argv[2]) if f.endswith(".txt"))
assert [os.path.basename(r["doc"]) for r in recs] == files, recs
for r in recs:
    assert set(r) == {"doc", "title", "byline", "date", "dateline", "sentences"}, r.keys()
    for s in r["sentences"]:
        assert set(s) == {"text", "start", "end", "score"}, s
        assert isinstance(s["score"], (int, float)), s
' "$T/out" "$CORPUS"
run clean "$CORPUS_FILE"
check "clean text lists dropped blocks by line" grep -E -q '^[0-9]+: \[[^]]+\] ' "$T/out"

# ---- the budget options -----------------------------------------------------------------

BUDGET='
import json, re, sys
mode, limit = sys.argv[2], float(sys.argv[3])
for line in open(sys.argv[1], encoding="utf-8"):
    rec = json.loads(line)
    got = rec["sentences"]
    words = sum(len(re.findall(r"\w+(?:[\x27\u2019-]\w+)*", s["text"])) for s in got)
    if mode == "n":
        assert len(got) == limit, (rec["doc"], len(got))
    elif mode == "max":
        assert len(got) <= limit, (rec["doc"], len(got))
    elif mode == "w":
        # The budget is in words as the library counts them; allow a
        # little for counting differences (numbers such as 10.9).
        assert len(got) <= 1 or words <= limit * 1.1, (rec["doc"], words)
        assert len(got) >= 1, rec["doc"]
    starts = [s["start"] for s in got]
    assert starts == sorted(starts), "not in document order"
'
run summarize -f jsonl -n 1 "$CORPUS"
pycheck "-n 1 gives one sentence per file" "$BUDGET" "$T/out" n 1
run summarize -f jsonl -n 2 "$CORPUS"
pycheck "-n 2 gives two sentences per file" "$BUDGET" "$T/out" n 2
run summarize -f jsonl "$CORPUS"
pycheck "default is three sentences" "$BUDGET" "$T/out" n 3
run summarize -f jsonl -w 40 "$CORPUS"
pycheck "-w 40 stays within 40 words" "$BUDGET" "$T/out" w 40
run summarize -f jsonl -w 40 -n 1 "$CORPUS"
pycheck "-w with -n: the tighter wins" "$BUDGET" "$T/out" max 1
run sentences -f jsonl "$CORPUS"
cp "$T/out" "$T/body.jsonl"
run summarize -f jsonl -r 0.2 "$CORPUS"
pycheck "-r 0.2 stays within a fifth of the body" '
import json, re, sys
count = lambda t: len(re.findall(r"\w+(?:[\x27\u2019-]\w+)*", t))
body = {}
for line in open(sys.argv[1], encoding="utf-8"):
    rec = json.loads(line)
    body[rec["doc"]] = sum(count(s["text"]) for s in rec["sentences"])
for line in open(sys.argv[2], encoding="utf-8"):
    rec = json.loads(line)
    got = rec["sentences"]
    words = sum(count(s["text"]) for s in got)
    assert got, rec["doc"]
    assert len(got) == 1 or words <= 0.2 * body[rec["doc"]] * 1.1, (rec["doc"], words, body[rec["doc"]])
' "$T/body.jsonl" "$T/out"
run summarize -f jsonl -r 1 "$CORPUS_FILE"
cp "$T/out" "$T/all.jsonl"
run sentences -f jsonl "$CORPUS_FILE"
pycheck "-r 1 can take more than three sentences" '
import json, sys
a = json.loads(open(sys.argv[1], encoding="utf-8").read())["sentences"]
b = json.loads(open(sys.argv[2], encoding="utf-8").read())["sentences"]
assert len(a) > 3 or len(a) == len(b), (len(a), len(b))
' "$T/all.jsonl" "$T/out"

# ---- languages, stopword lists, odd file names ------------------------------------------

run summarize -l russian "$CORPUS_FILE"
expect "another Snowball language" 0
printf '# a tiny list\nthe\nand\n' >"$T/stop.txt"
run summarize --stopwords "$T/stop.txt" "$CORPUS_FILE"
expect "--stopwords FILE" 0
check "--stopwords FILE: a summary" test -s "$T/out"
run summarize --stopwords "$T/no-such-list.txt" "$CORPUS_FILE"
expect "--stopwords of a missing file" 1
check "--stopwords missing: named" has "$T/err" "no-such-list.txt: cannot read"
odd=$(printf '%s/odd-\377.txt' "$T")
cp "$CORPUS_FILE" "$odd"
run summarize -f jsonl "$odd"
expect "a file name that is not UTF-8" 0
pycheck "a file name that is not UTF-8 still gives UTF-8 JSON" '
import json, sys
rec = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert rec["doc"].endswith("odd-\ufffd.txt"), rec["doc"]
' "$T/out"
rm -f "$odd"

# ---- idf models ------------------------------------------------------------------------

run idf build -o "$T/all.idf" "$CORPUS"
expect "idf build" 0
run idf show "$T/all.idf"
expect "idf show" 0
check "idf show: documents" grep -E -q '^documents: +5$' "$T/out"
check "idf show: language" grep -E -q '^language: +english$' "$T/out"
check "idf show: top terms" grep -E -q '^ +[0-9]+  [^ ]+$' "$T/out"
set -- "$CORPUS"/*.txt
run idf build -o "$T/a.idf" "$1" "$2"
shift 2
run idf build -o "$T/b.idf" "$@"
run idf merge -o "$T/merged.idf" "$T/a.idf" "$T/b.idf"
expect "idf merge" 0
check "merged shards equal one pass, byte for byte" cmp -s "$T/merged.idf" "$T/all.idf"
run summarize --idf "$T/all.idf" "$CORPUS_FILE"
expect "summarize --idf" 0
check "summarize --idf prints a summary" test -s "$T/out"
# Models are mapped and read in place; one from standard input, or in the
# format older versions wrote, is read whole, with the same answers.
cp "$T/out" "$T/with-model.out"
run summarize --idf - "$CORPUS_FILE" <"$T/all.idf"
expect "summarize --idf - (the model on standard input)" 0
check "a model read from standard input gives the same summary" cmp -s "$T/out" "$T/with-model.out"
v1=$HERE/data/idf/five-docs-v1.idf
run idf merge -o "$T/v2.idf" "$v1"
expect "idf merge of one version 1 model" 0
check "a version 1 model is rewritten in the current format" cmp -s "$T/v2.idf" "$HERE/data/idf/five-docs-v2.idf"
run idf show "$v1"
sed 1d "$T/out" >"$T/v1.show"
run idf show "$T/v2.idf"
sed 1d "$T/out" >"$T/v2.show"
check "idf show: both formats of a model show alike" cmp -s "$T/v1.show" "$T/v2.show"
check "idf show: the five-document model" grep -E -q '^terms: +12$' "$T/v2.show"
run summarize --idf "$v1" "$CORPUS_FILE"
cp "$T/out" "$T/v1.out"
run summarize --idf "$T/v2.idf" "$CORPUS_FILE"
expect "summarize --idf, a version 2 model" 0
check "summarize --idf: both formats of a model weigh alike" cmp -s "$T/out" "$T/v1.out"
run brief --idf "$T/v2.idf" "$CORPUS_FILE"
expect "brief --idf, a mapped model" 0
run idf build -l french -o "$T/fr.idf" "$CORPUS_FILE"
run summarize --idf "$T/fr.idf" "$CORPUS_FILE"
expect "--idf of another language" 2
run idf merge -o "$T/mixed.idf" "$T/a.idf" "$T/fr.idf"
expect "merging two languages" 1
check "a failed merge leaves no file" test ! -e "$T/mixed.idf"
printf 'not a model' >"$T/junk.idf"
run idf show "$T/junk.idf"
expect "idf show of a malformed file" 1
run idf build -o "$T/no/such/dir/m.idf" "$CORPUS_FILE"
expect "idf build into a missing folder" 1
check "no temporary file is left behind" test -z "$(ls "$T" | grep 'idf\.' || true)"

finish
