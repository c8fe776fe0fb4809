#!/bin/sh
# Tests of batch runs: -o OUTDIR (the input tree mirrored, files written
# whole, none for a failing input), -j (the same output for any number of
# threads), --stdin-jsonl (good, malformed and failing lines; a stream cut
# into pieces gives what one run gives), sharded IDF models (merged shards
# equal one build byte for byte), Ctrl-C (no partial or temporary files)
# and the progress bar (never drawn off a terminal).
#
# Usage: cli_batch.sh PATH/TO/precis
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"

# to_jsonl FILE...: one {"id", "text"} line per file (its path and its
# text, lines joined with \n), with JSON's escapes for what the corpus
# holds: backslash, quote, tab, carriage return.
to_jsonl() {
    awk '
    FNR == 1 {
        if (NR > 1) printf "\"}\n"
        printf "{\"id\": \"%s\", \"text\": \"", FILENAME
        first = 1
    }
    {
        s = $0
        gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
        gsub(/\t/, "\\t", s); gsub(/\r/, "\\r", s)
        printf "%s%s", (first ? "" : "\\n"), s
        first = 0
    }
    END { if (NR > 0) printf "\"}\n" }' "$@"
}

no_hidden() { # no_hidden DIR: no temporary (dot) files left below DIR
    [ -z "$(find "$1" -name '.*' ! -name . | head -n 1)" ]
}

# ---- a tree of inputs, and -o mirroring it --------------------------------
mkdir -p "$T/in/a" "$T/in/b/c"
set -- "$CORPUS"/*.txt
cp "$1" "$T/in/a/one.txt"
cp "$2" "$T/in/a/two.txt"
cp "$3" "$T/in/b/c/three.txt"
cp "$4" "$T/in/top.txt"
echo "not a summary" > "$T/in/b/skip.md"

"$PRECIS" summarize -q -f jsonl -o "$T/out" "$T/in" 2>"$T/err"
check "-o: exit status 0" [ $? -eq 0 ]
( cd "$T/out" && find . -type f | LC_ALL=C sort ) > "$T/list"
printf '%s\n' ./a/one.txt ./a/two.txt ./b/c/three.txt ./top.txt > "$T/want"
check "-o mirrors the input tree, same names" cmp -s "$T/list" "$T/want"
check "-o leaves no temporary files" no_hidden "$T/out"
"$PRECIS" summarize -q -f jsonl "$T/in" > "$T/stdout" 2>"$T/err"
( cd "$T/out" && cat a/one.txt a/two.txt b/c/three.txt top.txt ) > "$T/cat"
check "-o files hold what standard output holds, one record each" \
    cmp -s "$T/cat" "$T/stdout"
"$PRECIS" summarize -q -o "$T/out-text" "$T/in/a/one.txt" 2>"$T/err"
check "-o with a file argument: OUTDIR/NAME" [ -s "$T/out-text/one.txt" ]
check "-o text has no '==>' header" \
    sh -c '! grep -q "^==>" "$1"' sh "$T/out-text/one.txt"

# ---- a failing input: reported, the others written, exit 1 ----------------
cp -R "$T/in" "$T/bad"
printf 'Bad \377 byte.\n' > "$T/bad/a/broken.txt"
"$PRECIS" summarize -q -o "$T/out-bad" "$T/bad" 2>"$T/err"
check "a failing file gives exit status 1" [ $? -eq 1 ]
check "the failure names the file and the reason" \
    grep -q "broken.txt:1:5: invalid UTF-8" "$T/err"
check "the failing file has no output" [ ! -e "$T/out-bad/a/broken.txt" ]
check "the other files are written" \
    sh -c '[ -s "$1/a/one.txt" ] && [ -s "$1/top.txt" ] && [ -s "$1/b/c/three.txt" ]' \
    sh "$T/out-bad"

# ---- an argument that cannot be read: reported in its place ---------------
# The folders are walked as the inputs are taken; what cannot be walked
# is reported where it stands among the inputs, whatever -j.
for j in 1 8; do
    "$PRECIS" summarize -j $j -f jsonl "$T/bad/a" "$T/missing.txt" \
        "$T/in/top.txt" > "$T/m$j" 2>"$T/me$j"
    echo $? > "$T/mrc$j"
done
check "a missing argument gives exit status 1" [ "$(cat "$T/mrc1")" = 1 ]
check "a missing argument: the others are summarized" \
    [ "$(wc -l < "$T/m1")" -eq 3 ]
printf '%s\n' "$T/bad/a/broken.txt:1:5: invalid UTF-8 (byte 0xff at offset 4)" \
    "$T/missing.txt: cannot read: No such file or directory" > "$T/want"
check "failures are reported in input order" cmp -s "$T/me1" "$T/want"
check "-j 1 and -j 8 report a missing argument the same" cmp -s "$T/me1" "$T/me8"
check "-j 1 and -j 8 write the same around a missing argument" \
    cmp -s "$T/m1" "$T/m8"
"$PRECIS" quotes -j 8 -f jsonl "$T/missing.txt" "$CORPUS" > "$T/q8" 2>"$T/qe8"
check "quotes: a missing argument is reported" \
    has "$T/qe8" "$T/missing.txt: cannot read: No such file or directory"
"$PRECIS" quotes -j 1 -f jsonl "$CORPUS" > "$T/q1" 2>/dev/null
check "quotes: the other inputs' quotes are all there" cmp -s "$T/q1" "$T/q8"

# ---- the same output whatever -j ------------------------------------------
for fmt in text json jsonl; do
    "$PRECIS" summarize -j 1 -f $fmt "$CORPUS" "$T/bad" > "$T/j1" 2>"$T/e1"
    "$PRECIS" summarize -j 8 -f $fmt "$CORPUS" "$T/bad" > "$T/j8" 2>"$T/e8"
    check "summarize -f $fmt: -j 1 and -j 8 write the same" cmp -s "$T/j1" "$T/j8"
    check "summarize -f $fmt: -j 1 and -j 8 report the same" cmp -s "$T/e1" "$T/e8"
    "$PRECIS" quotes -j 1 -f $fmt "$CORPUS" > "$T/j1" 2>/dev/null
    "$PRECIS" quotes -j 8 -f $fmt "$CORPUS" > "$T/j8" 2>/dev/null
    check "quotes -f $fmt: -j 1 and -j 8 write the same" cmp -s "$T/j1" "$T/j8"
done
"$PRECIS" summarize -q -j 1 -f json -o "$T/tree1" "$T/bad" 2>/dev/null
"$PRECIS" summarize -q -j 8 -f json -o "$T/tree8" "$T/bad" 2>/dev/null
check "-o trees are the same at -j 1 and -j 8" diff -r "$T/tree1" "$T/tree8"
# The set as its own model: the model pass sets its articles aside in a
# temporary file for the summaries, which must equal those of articles
# built afresh with the same counts from a saved model, and those made
# when there is no temporary folder (every input read again).
"$PRECIS" idf build -o "$T/own.idf" "$CORPUS" 2>/dev/null
"$PRECIS" summarize -j 2 -f json "$CORPUS" > "$T/kept" 2>/dev/null
"$PRECIS" summarize -j 2 -f json --idf "$T/own.idf" "$CORPUS" > "$T/fresh" 2>/dev/null
check "summarize: articles set aside summarize as fresh ones" cmp -s "$T/kept" "$T/fresh"
TMPDIR="$T/no-such-dir" "$PRECIS" summarize -j 2 -f json "$CORPUS" > "$T/reread" 2>/dev/null
check "summarize: without a temporary folder, the same summaries" cmp -s "$T/kept" "$T/reread"
# A full disk, as a limit on the size of the files the tool writes (with
# SIGXFSZ ignored, a write past it fails with EFBIG): at 0 no article
# and no index is written, and every input is walked and read again; at
# 512 KiB the second worker's first buffer, which starts 1 MiB into the
# file, is lost and its inputs are read again. (Standard output is a
# pipe, which the limit does not cover.)
for limit in 0 1024; do
    sh -c 'trap "" XFSZ; ulimit -f "$1" && exec "$2" summarize -j 2 -f json "$3"' \
        sh "$limit" "$PRECIS" "$CORPUS" 2>/dev/null | cat > "$T/full"
    check "summarize: the same summaries with writes failing past $limit blocks" \
        cmp -s "$T/kept" "$T/full"
done
# ---- files opened ahead of their reading ------------------------------------
# The walk opens files some inputs ahead of the workers, as many as an
# eighth of the limit on open files (none below 32). 300 inputs under a
# limit of 40 (5 ahead) and of 20 (none ahead) give what an unlimited run
# gives: a file opened ahead and not closed would soon leave none to open.
mkdir -p "$T/many/x" "$T/many/y"
k=0
while [ $k -lt 300 ]; do
    for f in "$CORPUS"/*.txt; do
        [ $k -lt 300 ] || break
        cp "$f" "$T/many/$( [ $((k % 2)) -eq 0 ] && echo x || echo y)/$k.txt"
        k=$((k + 1))
    done
done
"$PRECIS" idf build -o "$T/many.idf" "$T/many" 2>/dev/null
"$PRECIS" summarize -j 2 -f jsonl "$T/many" > "$T/many-free" 2>/dev/null
"$PRECIS" quotes -j 2 -f jsonl "$T/many" > "$T/many-q" 2>/dev/null
check "300 inputs: all summarized" [ "$(wc -l < "$T/many-free")" -eq 300 ]
for n in 40 20; do
    for j in 1 3; do
        sh -c 'ulimit -n "$1" && exec "$2" summarize -j "$3" -f jsonl "$4"' \
            sh $n "$PRECIS" $j "$T/many" > "$T/many-lim" 2>"$T/many-err"
        check "ulimit -n $n, -j $j: summarize exits 0" [ $? -eq 0 ]
        check "ulimit -n $n, -j $j: the same summaries" cmp -s "$T/many-free" "$T/many-lim"
        check "ulimit -n $n, -j $j: nothing reported" [ ! -s "$T/many-err" ]
        sh -c 'ulimit -n "$1" && exec "$2" quotes -j "$3" -f jsonl "$4"' \
            sh $n "$PRECIS" $j "$T/many" > "$T/many-lim" 2>/dev/null
        check "ulimit -n $n, -j $j: the same quotes" cmp -s "$T/many-q" "$T/many-lim"
    done
    sh -c 'ulimit -n "$1" && exec "$2" idf build -o "$3" "$4"' \
        sh $n "$PRECIS" "$T/many-lim.idf" "$T/many" 2>/dev/null
    check "ulimit -n $n: idf build makes the same model" cmp -s "$T/many.idf" "$T/many-lim.idf"
done

# Many very small files from the cache, with the workers holding every
# core: the thread that reads ahead steps aside when it is busy most of
# the time, each worker then walking and reading for itself, and comes
# back for a file not in the cache. The output is that of one worker.
grep -h '^[A-Z].\{80,400\}$' "$CORPUS"/*.txt > "$T/tiny-lines"
sh "$HERE/../bench/make_small_files.sh" "$T/tiny" 3000 "$T/tiny-lines"
check "3,000 small files made" [ "$(find "$T/tiny" -name '*.txt' | wc -l)" -eq 3000 ]
"$PRECIS" quotes -j 1 -f jsonl "$T/tiny" > "$T/tiny-q1" 2>/dev/null
"$PRECIS" summarize -j 1 -f jsonl "$T/tiny" > "$T/tiny-s1" 2>/dev/null
check "3,000 small files: quotes found" [ -s "$T/tiny-q1" ]
for j in 2 8; do
    "$PRECIS" quotes -j $j -f jsonl "$T/tiny" > "$T/tiny-q" 2>/dev/null
    check "3,000 small files, -j $j: the quotes of -j 1" cmp -s "$T/tiny-q1" "$T/tiny-q"
    "$PRECIS" summarize -j $j -f jsonl "$T/tiny" > "$T/tiny-s" 2>/dev/null
    check "3,000 small files, -j $j: the summaries of -j 1" cmp -s "$T/tiny-s1" "$T/tiny-s"
done
# The last thousand files dropped from the cache (written out first): a
# worker that walked for itself meets them, and the thread comes back.
sync
for f in "$T"/tiny/02/*.txt; do
    dd if="$f" iflag=nocache count=0 status=none 2>/dev/null
done
"$PRECIS" quotes -j 8 -f jsonl "$T/tiny" > "$T/tiny-q" 2>/dev/null
check "3,000 small files, the last out of the cache: the quotes of -j 1" \
    cmp -s "$T/tiny-q1" "$T/tiny-q"

# The summary pass after the set's own model gives each input to the
# worker that built its article: the same summaries at any -j.
for j in 1 3 8; do
    "$PRECIS" summarize -j $j -f jsonl "$T/many" > "$T/many-own-j$j" 2>/dev/null
done
check "300 inputs, own model: -j 1 and -j 3 write the same" \
    cmp -s "$T/many-own-j1" "$T/many-own-j3"
check "300 inputs, own model: -j 1 and -j 8 write the same" \
    cmp -s "$T/many-own-j1" "$T/many-own-j8"
check "300 inputs, own model: -j 1 writes what -j 2 does" \
    cmp -s "$T/many-own-j1" "$T/many-free"

# A file of over 1 MiB is not read ahead (it reaches its worker open):
# its summary is the one read from standard input.
mkdir -p "$T/large"
cp "$CORPUS"/*.txt "$T/large/"
k=0
while [ $k -lt 300 ]; do cat "$CORPUS"/*.txt; k=$((k + 1)); done > "$T/large/zz-large.txt"
check "the large file is over 1 MiB" [ "$(wc -c < "$T/large/zz-large.txt")" -gt 1048576 ]
"$PRECIS" idf build -o "$T/large.idf" "$CORPUS" 2>/dev/null
"$PRECIS" summarize -j 2 -f jsonl --idf "$T/large.idf" "$T/large" > "$T/large.jsonl" 2>/dev/null
check "a folder with a large file: every input summarized" \
    [ "$(wc -l < "$T/large.jsonl")" -eq 6 ]
tail -n 1 "$T/large.jsonl" | sed 's/^{"doc":"[^"]*"//' > "$T/large-a"
"$PRECIS" summarize -f jsonl --idf "$T/large.idf" - < "$T/large/zz-large.txt" 2>/dev/null |
    sed 's/^{"doc":"[^"]*"//' > "$T/large-b"
check "the large file's summary is the one read from standard input" \
    cmp -s "$T/large-a" "$T/large-b"

# idf build counts on -j workers, each into a model of its own: their sum
# is one worker's model, byte for byte, and what fails is reported in
# input order whatever -j.
for j in 1 8; do
    "$PRECIS" idf build -j $j -o "$T/many-j$j.idf" "$T/many" 2>/dev/null
    "$PRECIS" idf build -j $j -o "$T/bad-j$j.idf" "$T/bad" "$T/missing.txt" \
        "$CORPUS" 2>"$T/bad-j$j.err"
    echo $? > "$T/bad-j$j.rc"
done
check "idf build: -j 1 and -j 8 make the same model" cmp -s "$T/many-j1.idf" "$T/many-j8.idf"
check "idf build: the model of -j 1 is the default run's" cmp -s "$T/many.idf" "$T/many-j1.idf"
check "idf build with a failing input: exit status 1" [ "$(cat "$T/bad-j8.rc")" = 1 ]
check "idf build with a failing input: the model of the others is written" \
    cmp -s "$T/bad-j1.idf" "$T/bad-j8.idf"
printf '%s\n' "$T/bad/a/broken.txt:1:5: invalid UTF-8 (byte 0xff at offset 4)" \
    "$T/missing.txt: cannot read: No such file or directory" > "$T/want"
check "idf build: failures reported in input order, -j 1" cmp -s "$T/bad-j1.err" "$T/want"
check "idf build: failures reported in input order, -j 8" cmp -s "$T/bad-j8.err" "$T/want"

# Outputs take their mode from the umask, read once before the workers
# start (reading it means setting it for a moment, and two workers each
# reading it could leave it 0 for the rest of the run).
(umask 027 && exec "$PRECIS" summarize -q -j 8 -o "$T/many-out" "$T/many") 2>/dev/null
check "-o -j 8 under umask 027: 300 outputs" \
    [ "$(find "$T/many-out" -type f | wc -l)" -eq 300 ]
check "-o -j 8 under umask 027: every output is rw-r-----" \
    [ -z "$(find "$T/many-out" -type f ! -perm 0640 | head -n 1)" ]
check "-o -j 8 under umask 027: every folder is rwxr-x---" \
    [ -z "$(find "$T/many-out" -type d ! -perm 0750 | head -n 1)" ]

check "-j 0 is a usage error" sh -c '"$1" summarize -j 0 "$2" 2>/dev/null; [ $? -eq 2 ]' sh "$PRECIS" "$CORPUS"
check "quotes -j x is a usage error" sh -c '"$1" quotes -j x "$2" 2>/dev/null; [ $? -eq 2 ]' sh "$PRECIS" "$CORPUS"

# ---- --stdin-jsonl ----------------------------------------------------------
"$PRECIS" idf build -o "$T/corpus.idf" "$CORPUS" 2>"$T/err"
to_jsonl "$CORPUS"/*.txt > "$T/in.jsonl"
"$PRECIS" summarize --idf "$T/corpus.idf" --stdin-jsonl < "$T/in.jsonl" \
    > "$T/stream" 2>"$T/err"
check "--stdin-jsonl: exit status 0 on good lines" [ $? -eq 0 ]
sed 's/^{"id":"[^"]*"//' "$T/stream" > "$T/a"
"$PRECIS" summarize --idf "$T/corpus.idf" -f jsonl "$CORPUS" |
    sed 's/^{"doc":"[^"]*"//' > "$T/b"
check "--stdin-jsonl summaries equal those of the files" cmp -s "$T/a" "$T/b"
check "--stdin-jsonl echoes each id" \
    sh -c '[ "$(grep -c "^{\"id\":\"$2/" "$1")" -eq 5 ]' sh "$T/stream" "$CORPUS"

cat > "$T/mixed.jsonl" <<'LINES'
{"id": 7, "text": "Caf\u00e9 owners met on Monday. They agreed on prices \ud83d\ude00 at last."}
this is not json
{"id": "no-text"}
{"id": "bad-surrogate", "text": "\ud800 alone"}
{"text": "No id at all."}
{"id": -1.5e2, "text": "Short.", "extra": {"nested": [1, 2, {"deep": null}]}}
{"id": "trailing", "text": "x"} junk
LINES
"$PRECIS" summarize --stdin-jsonl < "$T/mixed.jsonl" > "$T/out.jsonl" 2>"$T/err"
check "--stdin-jsonl: a bad line gives exit status 1" [ $? -eq 1 ]
check "a good line is summarized, its number id echoed as written" \
    grep -q '^{"id":7,.*"text":"Café owners met on Monday."' "$T/out.jsonl"
check "\\u escapes with surrogate pairs decode" grep -q '😀' "$T/out.jsonl"
check "ids of other types are echoed as written" grep -q '^{"id":-1.5e2,' "$T/out.jsonl"
check "a failing line with an id says which id failed" \
    grep -q '^{"id":"no-text","error":"no \\"text\\""}$' "$T/out.jsonl"
check "a lone surrogate is an error" \
    grep -q '^{"id":"bad-surrogate","error":' "$T/out.jsonl"
check "malformed lines are reported with their line and column" \
    sh -c 'grep -q "^stdin:2:1: " "$1" && grep -q "^stdin:5: no .id" "$1" && grep -q "^stdin:7:33: text after the object" "$1"' sh "$T/err"
check "one output line per line whose id could be read" \
    [ "$(wc -l < "$T/out.jsonl")" -eq 5 ]
"$PRECIS" quotes --stdin-jsonl < "$T/in.jsonl" > "$T/q.jsonl" 2>"$T/err"
check "quotes --stdin-jsonl: one line per input line" [ "$(wc -l < "$T/q.jsonl")" -eq 5 ]
check "quotes --stdin-jsonl finds quotes" grep -q '"quotes":\[{"text":' "$T/q.jsonl"

# ---- beyond one machine: shards and pieces ----------------------------------
mkdir -p "$T/shard1" "$T/shard2"
n=0
for f in "$CORPUS"/*.txt; do
    n=$((n + 1))
    if [ $((n % 2)) -eq 0 ]; then cp "$f" "$T/shard1/"; else cp "$f" "$T/shard2/"; fi
done
"$PRECIS" idf build -o "$T/s1.idf" "$T/shard1" 2>/dev/null
"$PRECIS" idf build -o "$T/s2.idf" "$T/shard2" 2>/dev/null
"$PRECIS" idf merge -o "$T/merged.idf" "$T/s2.idf" "$T/s1.idf" 2>"$T/err"
check "sharded build + merge equals one build, byte for byte" \
    cmp -s "$T/merged.idf" "$T/corpus.idf"
( cd "$T" && split -l 2 in.jsonl piece. )
: > "$T/pieces"
for p in "$T"/piece.*; do
    "$PRECIS" summarize --idf "$T/merged.idf" --stdin-jsonl < "$p" >> "$T/pieces"
done
check "summaries of pieces, concatenated, equal one run" cmp -s "$T/pieces" "$T/stream"
: > "$T/qpieces"
for p in "$T"/piece.*; do
    "$PRECIS" quotes --stdin-jsonl < "$p" >> "$T/qpieces"
done
check "quotes of pieces, concatenated, equal one run" cmp -s "$T/qpieces" "$T/q.jsonl"

# ---- no progress bar off a terminal -------------------------------------------
"$PRECIS" summarize -o "$T/out-quiet" "$T/in" > /dev/null 2>"$T/err"
check "no progress bar off a terminal: standard error is empty" [ ! -s "$T/err" ]
if command -v script > /dev/null 2>&1 &&
    script -qec "true" /dev/null > /dev/null 2>&1; then
    script -qec "'$PRECIS' summarize -o '$T/out-tty' '$T/in'" /dev/null \
        > "$T/tty" 2>&1
    check "a progress bar on a terminal" grep -q "files" "$T/tty"
    script -qec "'$PRECIS' summarize -q -o '$T/out-tty-q' '$T/in'" /dev/null \
        > "$T/tty" 2>&1
    check "-q: no progress bar on a terminal" sh -c '! grep -q "files" "$1"' sh "$T/tty"
fi

# ---- Ctrl-C: no partial or temporary files, exit status 130 --------------------
mkdir "$T/big"
i=0
while [ $i -lt 400 ]; do
    for f in "$CORPUS"/*.txt; do cp "$f" "$T/big/$i-${f##*/}"; done
    i=$((i + 1))
done
"$PRECIS" summarize -q --idf "$T/corpus.idf" -o "$T/ref" "$CORPUS"
"$PRECIS" summarize -q -j 2 --idf "$T/corpus.idf" -o "$T/out-int" "$T/big" &
pid=$!
sleep 1
kill -INT $pid 2>/dev/null
wait $pid
status=$?
written=$(find "$T/out-int" -type f ! -name '.*' 2>/dev/null | wc -l)
echo "# interrupted run: status $status, $written of 2000 files written"
check "Ctrl-C: exit status 130 (or 0 when it had finished)" \
    sh -c '[ "$1" -eq 130 ] || [ "$1" -eq 0 ]' sh "$status"
check "Ctrl-C: no temporary files left" no_hidden "$T/out-int"
complete=1
for f in "$T"/out-int/*.txt; do
    [ -e "$f" ] || continue
    name=${f##*/}
    cmp -s "$f" "$T/ref/${name#*-}" || { complete=0; echo "# partial: $f"; }
done
check "Ctrl-C: every output file written is whole" [ $complete -eq 1 ]

# The set as its own model, interrupted: its temporary file never has a
# name in TMPDIR, so none is left.
mkdir "$T/tmp"
TMPDIR="$T/tmp" "$PRECIS" summarize -q -j 2 "$T/big" > /dev/null &
pid=$!
sleep 1
during=$(ls -A "$T/tmp" | wc -l)
kill -INT $pid 2>/dev/null
wait $pid
check "own model: no named file in TMPDIR while it runs" [ "$during" -eq 0 ]
check "own model: Ctrl-C leaves nothing in TMPDIR" [ -z "$(ls -A "$T/tmp")" ]

finish
