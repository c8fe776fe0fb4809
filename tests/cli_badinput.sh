#!/bin/sh
# The catalogue of bad inputs (README "Bad input", man page BAD INPUT):
# each gets a clear answer and none crashes or hangs. Invalid UTF-8 of
# every class and NUL bytes, located as FILE:LINE:COL; empty, huge and
# binary files; folders, symbolic link loops, unreadable files and FIFOs
# where files are expected; unwritable output folders and full disks; a
# line of 100 MB, a million quote marks, quotes nested a hundred thousand
# deep; damaged models.
#
# Usage: cli_badinput.sh PATH/TO/precis
# Under a sanitizer build (PRECIS_TEST_SANITIZED set by tests/meson.build)
# the 100 MB line is 10 MB: the sanitizers make precis some 25 times
# slower, and the other inputs are small already.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"

# err_is DESCRIPTION LINE: stderr is exactly that one line.
err_is() {
    if [ "$(cat "$T/err")" = "$2" ]; then
        pass "$1"
    else
        fail "$1: expected '$2'"
    fi
}

# Every command that reads documents, for the inputs each must survive.
DOC_COMMANDS='summarize clean sentences quotes brief'

CORPUS_FILE=$(ls "$CORPUS"/*.txt | head -n 1)

# ---- invalid UTF-8, one file per class -----------------------------------------

# Each file: a good first line of 11 bytes, then 5 bytes, then the bad
# sequence: line 2, column 6, offset 16.
bad_utf8() {
    name=$1
    bytes=$2
    first=$3
    printf 'Good line.\nText %b and more text after it.\n' "$bytes" >"$T/$name.txt"
    run summarize "$T/$name.txt"
    expect "invalid UTF-8, $name" 1
    err_is "invalid UTF-8, $name: located" \
        "$T/$name.txt:2:6: invalid UTF-8 (byte $first at offset 16)"
    check "invalid UTF-8, $name: nothing on stdout" test ! -s "$T/out"
}
bad_utf8 overlong-2 '\0300\0257' 0xc0            # "/" in two bytes
bad_utf8 overlong-3 '\0340\0200\0257' 0xe0       # "/" in three bytes
bad_utf8 overlong-4 '\0360\0200\0200\0257' 0xf0  # "/" in four bytes
bad_utf8 surrogate '\0355\0240\0200' 0xed        # U+D800
bad_utf8 truncated '\0342\0202' 0xe2             # "€" without its last byte
bad_utf8 stray-continuation '\0200' 0x80
bad_utf8 above-10ffff '\0364\0220\0200\0200' 0xf4  # U+110000
bad_utf8 f5-lead '\0365\0200\0200\0200' 0xf5
bad_utf8 byte-fe '\0376' 0xfe
bad_utf8 byte-ff '\0377' 0xff

# Every document command locates it the same way, and skips only that file.
for cmd in $DOC_COMMANDS; do
    run "$cmd" "$T/surrogate.txt" "$CORPUS_FILE"
    expect "$cmd: invalid UTF-8 among good files" 1
    check "$cmd: invalid UTF-8 located" has "$T/err" "$T/surrogate.txt:2:6: invalid UTF-8 (byte 0xed at offset 16)"
    check "$cmd: the good file is still processed" test -s "$T/out"
done
run idf build -o "$T/u.idf" "$T/byte-ff.txt" "$CORPUS_FILE"
expect "idf build: invalid UTF-8" 1
check "idf build: invalid UTF-8 located" has "$T/err" "$T/byte-ff.txt:2:6: invalid UTF-8"
run summarize --repair "$T/overlong-3.txt"
expect "--repair: invalid UTF-8 replaced" 0

# Lists of words and names are text too, located the same way.
printf 'the\nand\n\377\n' >"$T/stop.txt"
run summarize --stopwords "$T/stop.txt" "$CORPUS_FILE"
expect "--stopwords: invalid UTF-8" 1
err_is "--stopwords: invalid UTF-8 located" "$T/stop.txt:3:1: invalid UTF-8 (byte 0xff at offset 8)"
printf 'Vladimir Putin\tPutin\n\300\257\n' >"$T/speakers.tsv"
for cmd in quotes brief; do
    run "$cmd" --speakers "$T/speakers.tsv" "$CORPUS_FILE"
    expect "$cmd --speakers: invalid UTF-8" 1
    err_is "$cmd --speakers: invalid UTF-8 located" "$T/speakers.tsv:2:1: invalid UTF-8 (byte 0xc0 at offset 21)"
done

# ---- NUL bytes, binary files ------------------------------------------------------

printf 'First line.\nA NUL \000 in the second line.\n' >"$T/nul.txt"
run summarize "$T/nul.txt"
expect "NUL byte" 1
err_is "NUL byte: located" "$T/nul.txt:2:7: NUL byte at offset 18 (a binary or UTF-16 file?)"
run summarize --repair -f jsonl "$T/nul.txt"
expect "NUL byte with --repair" 0
check "--repair: a NUL becomes a space, offsets kept" has "$T/out" '"text":"A NUL   in the second line.","start":12,'
printf 'H\000e\000l\000l\000o\000\n\000' >"$T/utf16.txt"
run clean "$T/utf16.txt"
expect "UTF-16 text" 1
err_is "UTF-16 text: located" "$T/utf16.txt:1:2: NUL byte at offset 1 (a binary or UTF-16 file?)"
printf 'stop\000word\n' >"$T/nulstop.txt"
run summarize --stopwords "$T/nulstop.txt" "$CORPUS_FILE"
expect "--stopwords: NUL byte" 1
err_is "--stopwords: NUL byte located" "$T/nulstop.txt:1:5: NUL byte at offset 4 (a binary or UTF-16 file?)"

# A PNG and a PDF, as their first bytes; an ELF header is ASCII up to a NUL.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$T/image.txt"
printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n' >"$T/doc.txt"
printf '\177ELF\002\001\001\000\000\000' >"$T/prog.txt"
run summarize "$T/image.txt"
expect "a PNG file" 1
err_is "a PNG file: refused at its first byte" "$T/image.txt:1:1: invalid UTF-8 (byte 0x89 at offset 0)"
run summarize "$T/doc.txt"
expect "a PDF file" 1
err_is "a PDF file: refused at its first binary byte" "$T/doc.txt:2:2: invalid UTF-8 (byte 0xe2 at offset 10)"
run summarize "$T/prog.txt"
expect "an ELF file" 1
err_is "an ELF file: refused at its NUL" "$T/prog.txt:1:8: NUL byte at offset 7 (a binary or UTF-16 file?)"

# ---- empty and huge files --------------------------------------------------------

: >"$T/empty.txt"
for cmd in $DOC_COMMANDS; do
    run "$cmd" "$T/empty.txt"
    expect "$cmd: a 0-byte file" 0
    err_is "$cmd: a 0-byte file is a notice" "$T/empty.txt: empty document"
done
run idf build -o "$T/empty.idf" "$T/empty.txt"
expect "idf build: a 0-byte file" 0

# Larger than precis reads (128 MiB): refused unread, so a sparse file of
# 3 GB costs nothing; a stream is cut off once that much has come.
if truncate -s 3G "$T/huge.txt" 2>/dev/null; then
    for cmd in $DOC_COMMANDS; do
        run "$cmd" "$T/huge.txt" "$CORPUS_FILE"
        expect "$cmd: a 3 GB file" 1
        check "$cmd: a 3 GB file is refused with the limit" has "$T/err" "$T/huge.txt: cannot read: larger than 128 MiB, the most precis reads of one input"
        check "$cmd: the other file is still processed" test -s "$T/out"
    done
    run summarize --idf "$T/huge.txt" "$CORPUS_FILE"
    expect "--idf: a 3 GB model" 1
    check "--idf: a 3 GB model is refused" has "$T/err" "$T/huge.txt: cannot read: larger than 128 MiB"
    rm -f "$T/huge.txt"
else
    echo "# skip: truncate cannot make a sparse file here"
fi
run summarize /dev/zero
expect "an endless stream" 1
err_is "an endless stream is cut off" "/dev/zero: cannot read: larger than 128 MiB, the most precis reads of one input"

# ---- a folder, a link loop, an unreadable file, a FIFO -------------------------------

mkdir "$T/dir"
for opt in --idf --stopwords; do
    run summarize "$opt" "$T/dir" "$CORPUS_FILE"
    expect "summarize $opt FOLDER" 1
    err_is "summarize $opt FOLDER: named" "$T/dir: cannot read: Is a directory"
done
for cmd in quotes brief; do
    run "$cmd" --speakers "$T/dir" "$CORPUS_FILE"
    expect "$cmd --speakers FOLDER" 1
    err_is "$cmd --speakers FOLDER: named" "$T/dir: cannot read: Is a directory"
done
run idf show "$T/dir"
expect "idf show FOLDER" 1
err_is "idf show FOLDER: named" "$T/dir: cannot read: Is a directory"
run idf build -o "$T/dir" "$CORPUS_FILE"
expect "idf build -o FOLDER" 1
check "idf build -o FOLDER: named" has "$T/err" "$T/dir: cannot write: Is a directory"
check "idf build -o FOLDER: nothing left in it" test -z "$(ls -A "$T/dir")"
run summarize -o "$T/empty.txt" "$CORPUS_FILE"
expect "summarize -o FILE" 1
check "summarize -o FILE: named" has "$T/err" "cannot write: Not a directory"

# A folder holding loops: a link to its parent, a link to itself, two
# links to each other. The walk enters each folder once; a looping link
# named *.txt cannot be read and is reported; the good file is read.
mkdir -p "$T/walk/sub"
cp "$CORPUS_FILE" "$T/walk/sub/good.txt"
ln -s .. "$T/walk/sub/up"
ln -s self.txt "$T/walk/self.txt"
ln -s b.txt "$T/walk/a.txt"
ln -s a.txt "$T/walk/b.txt"
run sentences -f jsonl "$T/walk"
expect "symbolic link loops in a walked folder" 1
check "a link loop is reported" has "$T/err" "$T/walk/self.txt: cannot read: Too many levels of symbolic links"
check "two links to each other are reported" has "$T/err" "$T/walk/a.txt: cannot read: Too many levels of symbolic links"
check "the good file is read once" test "$(grep -c '"doc"' "$T/out")" -eq 1

# As root, file modes do not stop reading or writing: those checks run as
# the unprivileged user "nobody" through setpriv, or are skipped.
as_user() {
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    else
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    fi
}
unprivileged=yes
if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$T"
    if ! command -v setpriv >/dev/null 2>&1 ||
       ! as_user "$PRECIS" --version >/dev/null 2>&1; then
        unprivileged=no
        echo "# skip: running as root, and cannot run precis as nobody (setpriv)"
    fi
fi
if [ "$unprivileged" = yes ]; then
    mkdir "$T/locked"
    cp "$CORPUS_FILE" "$T/locked/a.txt"
    cp "$CORPUS_FILE" "$T/locked/b.txt"
    chmod 000 "$T/locked/a.txt"
    chmod 755 "$T/locked"
    as_user "$PRECIS" summarize "$T/locked" >"$T/out" 2>"$T/err"
    rc=$?
    expect "an unreadable file in a folder" 1
    err_is "an unreadable file is named" "$T/locked/a.txt: cannot read: Permission denied"
    check "the readable one is still summarized" has "$T/out" "==> $T/locked/b.txt <=="
    mkdir "$T/ro"
    chmod 555 "$T/ro"
    as_user "$PRECIS" summarize -o "$T/ro/out" "$CORPUS_FILE" >"$T/out" 2>"$T/err"
    rc=$?
    expect "an output folder that cannot be written" 1
    check "the output folder error names the file" has "$T/err" "$T/ro/out/$(basename "$CORPUS_FILE"): cannot write: Permission denied"
    check "nothing is left in it" test -z "$(ls -A "$T/ro")"
    as_user "$PRECIS" idf build -o "$T/ro/m.idf" "$CORPUS_FILE" >"$T/out" 2>"$T/err"
    rc=$?
    expect "idf build into a folder that cannot be written" 1
    check "idf build: the model file is named" has "$T/err" "$T/ro/m.idf: cannot write: Permission denied"
fi

# A FIFO is read when named (like a pipe) and skipped when a walk meets
# one, so a FIFO without a writer cannot hang a walk.
if mkfifo "$T/walk/sub/fifo.txt" 2>/dev/null; then
    rm -f "$T/walk/self.txt" "$T/walk/a.txt" "$T/walk/b.txt"
    run sentences -f jsonl "$T/walk"
    expect "a FIFO in a walked folder is skipped" 0
    check "a FIFO in a walked folder: the file is read" test "$(grep -c '"doc"' "$T/out")" -eq 1
    cat "$CORPUS_FILE" >"$T/walk/sub/fifo.txt" &
    run summarize "$T/walk/sub/fifo.txt"
    wait
    expect "a FIFO named on the command line is read" 0
    check "a FIFO named: summarized" test -s "$T/out"
else
    echo "# skip: mkfifo failed"
fi

# ---- output that cannot be written -------------------------------------------------

if [ -w /dev/full ]; then
    for cmd in $DOC_COMMANDS; do
        "$PRECIS" "$cmd" "$CORPUS" >/dev/full 2>"$T/err"
        rc=$?
        expect "$cmd to a full disk" 1
        err_is "$cmd to a full disk: reported" "precis: error writing output: No space left on device"
    done
    for cmd in summarize quotes; do
        printf '{"id": 1, "text": "Ships sail at dawn."}\n' |
            "$PRECIS" "$cmd" --stdin-jsonl >/dev/full 2>"$T/err"
        rc=$?
        expect "$cmd --stdin-jsonl to a full disk" 1
        err_is "$cmd --stdin-jsonl to a full disk: reported with its reason" "precis: error writing output: No space left on device"
    done
fi

# A full disk under -o: a file size limit makes every write past 512
# bytes fail (EFBIG, SIGXFSZ ignored), for root too. No output, whole or
# partial, nor any temporary file may be left.
mkdir "$T/full"
(trap '' XFSZ; ulimit -f 1 && exec "$PRECIS" summarize -n 1000 -o "$T/full" "$CORPUS") >"$T/out" 2>"$T/err"
rc=$?
expect "summarize -o with writes failing" 1
check "each failed file is named" has "$T/err" "$T/full/$(basename "$CORPUS_FILE"): cannot write: File too large"
check "no file, whole or partial, is left" test -z "$(ls -A "$T/full")"
(trap '' XFSZ; ulimit -f 1 && exec "$PRECIS" idf build -o "$T/full/m.idf" "$CORPUS") >"$T/out" 2>"$T/err"
rc=$?
expect "idf build with writes failing" 1
err_is "idf build with writes failing: named" "$T/full/m.idf: cannot write: File too large"
check "idf build: no model or temporary file left" test -z "$(ls -A "$T/full")"

# ---- a line of 100 MB, a million quote marks, deep nesting ----------------------------

mb=100
[ -n "${PRECIS_TEST_SANITIZED:-}" ] && mb=10
"$PY" -c '
import sys
unit = b"the river carries grain, timber and salt "
n = int(sys.argv[1]) * 1000000
with open(sys.argv[2], "wb") as f:
    f.write(unit * (n // len(unit) + 1))
' "$mb" "$T/line.txt"
# Text output: the one sentence, the whole line, comes out (JSON would
# make the check cost more than the run).
run summarize "$T/line.txt"
expect "a line of $mb MB without a line break" 0
check "a line of $mb MB: printed whole as one sentence" \
    test "$(wc -c <"$T/out")" -ge "$((mb * 1000000))"
run clean "$T/line.txt"
expect "clean: a line of $mb MB" 0
check "clean: a line of $mb MB is body" \
    test "$(wc -c <"$T/out")" -ge "$((mb * 1000000))"
rm -f "$T/line.txt" "$T/out"

"$PY" -c '
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("Ships sail.\n\n" + "\"" * 1000000 + "\n\n")
    f.write("The port opened. " + "\u201c" * 1000000 + "\n")
' "$T/marks.txt"
for cmd in $DOC_COMMANDS; do
    run "$cmd" "$T/marks.txt"
    expect "$cmd: 1,000,000 quote marks" 0
done

# Quotes inside quotes, 100,000 deep, closed again, then left open.
"$PY" -c '
import sys
n = 100000
opens = ["\u201c", "\u2018", "\"", "\u00ab", "\x27"]
closes = ["\u201d", "\u2019", "\"", "\u00bb", "\x27"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("Nested\n\nShe said " + "".join(opens[i % 5] + "he said " for i in range(n)))
    f.write("stop" + "".join(closes[i % 5] for i in reversed(range(n))) + ".\n\n")
    f.write("He said " + "\u201cthey said \u2018" * n + "\n")
' "$T/nested.txt"
for cmd in $DOC_COMMANDS; do
    run "$cmd" "$T/nested.txt"
    expect "$cmd: quotes nested 100,000 deep" 0
done
run quotes -f jsonl "$T/nested.txt"
check "nested quotes: JSON Lines that parse" "$PY" -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert recs, "no quote found"
' "$T/out"

# ---- JSON Lines on standard input --------------------------------------------------------

# Nesting 100,000 deep in a member precis skips, escapes by the hundred
# thousand, a string never closed, a lone surrogate, a line that is no
# object, and then a good line, which must still be answered.
"$PY" -c '
import sys
n = 100000
lines = [
    """{"id": 1, "x": """ + "[" * n + "]" * n + """, "text": "Ships sail."}""",
    """{"id": 2, "text": \"""" + "\\u00e9" * n + "\"}",
    """{"id": 3, "text": \"""" + "never closed " * n,
    """{"id": 4, "text": "\\ud800"}""",
    "[" * n,
    """{"id": 6, "text": "The port reopened on Monday."}""",
]
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines) + "\n")
' "$T/bad.jsonl"
for cmd in summarize quotes; do
    "$PRECIS" "$cmd" --stdin-jsonl <"$T/bad.jsonl" >"$T/out" 2>"$T/err"
    rc=$?
    expect "$cmd --stdin-jsonl: hostile lines" 1
    check "$cmd --stdin-jsonl: deep nesting refused" has "$T/err" "stdin:1:81: nested too deep"
    check "$cmd --stdin-jsonl: an unclosed string refused" has "$T/err" "stdin:3:1300020: unterminated string"
    check "$cmd --stdin-jsonl: a lone surrogate refused" has "$T/err" "stdin:4:26: high surrogate"
    check "$cmd --stdin-jsonl: not an object" has "$T/err" "stdin:5:1: not a JSON object"
    check "$cmd --stdin-jsonl: every line with an id answered" \
        test "$(grep -c '^{"id":' "$T/out")" -eq 5
    check "$cmd --stdin-jsonl: the good line after them" has "$T/out" '{"id":6,'
done

# A JSON line longer than the 128 MiB input limit is refused as that line's
# error, read past in bounded memory, and the next line is still answered.
python3 -c '
import sys
sys.stdout.write("{\"id\": 1, \"text\": \"" + "a" * (129 << 20) + "\"}\n")
sys.stdout.write("{\"id\": 2, \"text\": \"The port reopened.\"}\n")
' | "$PRECIS" summarize --stdin-jsonl >"$T/out" 2>"$T/err"
rc=$?
expect "--stdin-jsonl: a line over 128 MiB" 1
check "--stdin-jsonl: a line over 128 MiB is refused with its line" \
    has "$T/err" "stdin:1:134217729: line longer than 128 MiB"
check "--stdin-jsonl: the line after a giant one is answered" \
    has "$T/out" '{"id":2,'

# ---- damaged models ------------------------------------------------------------------

run idf build -o "$T/good.idf" "$CORPUS"
expect "idf build of the corpus" 0
# model_variant NAME PYTHON: a copy of good.idf changed by PYTHON, which
# edits the bytearray b and may call seal() to give it a valid checksum
# (px_idf_checksum in src/idf_format.c of the bytes before the last eight,
# little-endian), and u64(at) to read a field of the header.
model_variant() {
    "$PY" -c '
import sys
M = (1 << 64) - 1
K1, K2, K3 = 0x9E3779B97F4A7C15, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F
def rotl(v, r):
    return ((v << r) | (v >> (64 - r))) & M
def seal():
    d = bytes(b[:-8])
    n = len(d)
    d += bytes(-n % 32)
    a = [K1, K2, K3, 0]
    for i in range(0, len(d), 8):
        w = int.from_bytes(d[i:i + 8], "little")
        a[i // 8 % 4] = rotl(a[i // 8 % 4] ^ w, 29) * K1 & M
    h = (rotl(a[0], 1) + rotl(a[1], 7) + rotl(a[2], 12) + rotl(a[3], 18)) & M
    h ^= n * K3 & M
    h ^= h >> 32; h = h * K2 & M; h ^= h >> 29; h = h * K3 & M; h ^= h >> 32
    b[-8:] = h.to_bytes(8, "little")
def u64(at):
    return int.from_bytes(b[at:at + 8], "little")
b = bytearray(open(sys.argv[1], "rb").read())
exec(sys.argv[3])
open(sys.argv[2], "wb").write(bytes(b))
' "$T/good.idf" "$T/$1.idf" "$2"
}
model_variant resealed 'seal()'
check "the checksum of a model is what the format says" cmp -s "$T/good.idf" "$T/resealed.idf"
model_variant truncated 'del b[len(b) // 2:]'
model_variant header-only 'del b[14:]'
model_variant future-version 'b[10:14] = (3).to_bytes(4, "little")'
model_variant big-endian 'b[10:14] = (2).to_bytes(4, "big")'
model_variant flipped-bit 'b[len(b) // 2] ^= 0x10'
model_variant new-flag 'b[14:18] = (1).to_bytes(4, "little"); seal()'
model_variant big-endian-sealed 'b[10:14] = (2).to_bytes(4, "big"); seal()'
# The last key offset past the keys, behind a right checksum.
model_variant offset-out 'n, s, k = u64(96), u64(104), u64(112)
w = 4 if u64(88) < 1 << 32 else 8
at = 120 + 4 * s + w * n + 4 * (n - 1)
b[at:at + 4] = (k + 100).to_bytes(4, "little"); seal()'
# An index slot naming a term that does not exist.
model_variant slot-out 'j = next(j for j in range(u64(104)) if b[120 + 4 * j:124 + 4 * j] == bytes(4))
b[120 + 4 * j:124 + 4 * j] = (u64(96) + 1).to_bytes(4, "little"); seal()'
for m in truncated header-only big-endian big-endian-sealed flipped-bit \
    offset-out slot-out; do
    run summarize --idf "$T/$m.idf" "$CORPUS_FILE"
    expect "summarize --idf, model $m" 1
    err_is "model $m: named, malformed" "$T/$m.idf: malformed model or data file"
done
for m in future-version new-flag; do
    run summarize --idf "$T/$m.idf" "$CORPUS_FILE"
    expect "summarize --idf, model $m" 1
    err_is "model $m: named, newer format" "$T/$m.idf: model file from an unsupported format version"
done
run brief --idf "$T/truncated.idf" "$CORPUS_FILE"
expect "brief --idf, a truncated model" 1
err_is "brief --idf: named" "$T/truncated.idf: malformed model or data file"
run idf show "$T/big-endian.idf"
expect "idf show, a big-endian model" 1
run idf merge -o "$T/merged.idf" "$T/good.idf" "$T/future-version.idf"
expect "idf merge with a newer model" 1
check "idf merge: no output left" test ! -e "$T/merged.idf"
run idf show "$T/offset-out.idf"
expect "idf show, an offset out of bounds behind a right checksum" 1
err_is "idf show: named, malformed" "$T/offset-out.idf: malformed model or data file"
: >"$T/empty.idf"
run summarize --idf "$T/empty.idf" "$CORPUS_FILE"
expect "summarize --idf, an empty model file" 1
err_is "an empty model file: named, malformed" "$T/empty.idf: malformed model or data file"

finish
