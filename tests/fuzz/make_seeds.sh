#!/bin/sh
# make_seeds.sh: (re)writes the generated seeds of the fuzz targets under
# tests/fuzz/seeds/<target>/. Run once from the repository root, with a
# built precis (for the IDF model); the results are committed:
#
#   sh tests/fuzz/make_seeds.sh BUILDDIR/precis
#
# Generated files are named corpus-*, trunc-*, flip-*, hand-*, model-*;
# crash-* files (reproducers of crashes once found) are kept as they are.
set -eu

precis=${1:?usage: make_seeds.sh PATH/TO/precis}
here=$(dirname "$0")
seeds=$here/seeds
corpus=$here/../../corpus
text_targets="layout sentences tokens quotes summarize unpack"

# flip SRC OFFSET MASK DST: DST is SRC with byte OFFSET xor-ed with MASK.
flip() {
    cp "$1" "$4"
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf %03o $((b ^ $3)))" |
        dd of="$4" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# variants SRC DIR NAME: the file, two truncations (one mid-file at an odd
# offset, likely inside a UTF-8 sequence) and three bit flips.
variants() {
    n=$(wc -c <"$1")
    cp "$1" "$2/corpus-$3"
    head -c $((n / 2)) "$1" >"$2/trunc-half-$3"
    head -c $((n / 3 * 2 + 1)) "$2/corpus-$3" >"$2/trunc-odd-$3"
    flip "$1" $((n / 7)) 128 "$2/flip-high-$3"
    flip "$1" $((n / 3)) 34 "$2/flip-quote-$3"
    flip "$1" $((n / 5)) 42 "$2/flip-newline-$3"
}

for t in $text_targets; do
    mkdir -p "$seeds/$t"
    rm -f "$seeds/$t"/corpus-* "$seeds/$t"/trunc-* "$seeds/$t"/flip-* \
        "$seeds/$t"/hand-*
    for f in "$corpus"/*.txt; do
        variants "$f" "$seeds/$t" "$(basename "$f")"
    done
    d=$seeds/$t
    printf '' >"$d/hand-empty"
    printf '\357\273\277Title\r\n\r\nBy Jane Doe\r\nMOSCOW (AP) \342\200\223 It rained.\r\n' \
        >"$d/hand-bom-crlf"
    printf 'A \300\257 b \355\240\200 c \340\200 d \200\277 e.\n' \
        >"$d/hand-bad-utf8"
    printf 'Nul\000byte. Another\000one.\n' >"$d/hand-nul"
    printf '"One "two \342\200\234three \342\200\230four\342\200\231\342\200\235" five," he said. "Unclosed\n\n"Next paragraph," said Mr. J. R. R. Smith Jr. of the U.S.A.\n' \
        >"$d/hand-quotes"
    printf 'Putin: "We will see."\n\nRussian President Vladimir Putin said: "No."\n\n"Yes" \342\200\224 Mr Putin\n\nAccording to Putin, "maybe".\n' \
        >"$d/hand-speakers"
    printf 'Dr. Mr. Mrs. St. Jan. Feb. e.g. i.e. U.S. a.m. p.m. No. 1. vs. etc... 3.14 $1.5bn ...\n' \
        >"$d/hand-abbrev"
    printf 'Home | News | Sport | Weather\n\nPublished 12 March 2021, 14:24 GMT\n\n* one\n* two\n\nImage caption: a photo\n\n\302\251 2021 Copyright\n' \
        >"$d/hand-furniture"
done

j=$seeds/jsonl
mkdir -p "$j"
rm -f "$j"/hand-*
printf '{"id": "a1", "text": "Hello, world."}' >"$j/hand-valid"
printf '{"id": 12.5e-3, "text": "Tab\\tnew\\nline \\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\/", "x": [1, {"y": null}, true, false]}' \
    >"$j/hand-escapes"
printf '  {"text": "", "id": -0}  \r' >"$j/hand-empty-text"
printf '{"id": "a", "text": "x"' >"$j/hand-truncated"
printf '{"id": "a", "text": "\\ud800 alone"}' >"$j/hand-lone-surrogate"
printf '{"id": "a", "text": "raw\tcontrol"}' >"$j/hand-control"
printf '{"id": "a", "text": "\300\257"}' >"$j/hand-overlong"
printf '{"id": 01, "text": "x"}' >"$j/hand-bad-number"
printf '{"id": "a", "text": "x"} trailing' >"$j/hand-trailing"
printf '[1, 2, 3]' >"$j/hand-array"
printf '{"id": "a"}' >"$j/hand-no-text"
printf '{"a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], "text": "deep"}' \
    >"$j/hand-deep"
printf '{"id": "a", "text": "x", "u": "\\u12"}' >"$j/hand-short-escape"

m=$seeds/idf
mkdir -p "$m"
rm -f "$m"/model-*
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$precis" idf build -q -o "$tmp/model.idf" "$corpus"
# Version 2 (what precis writes): the model, cut short, and with one
# field or section damaged each (see the layout in src/idf_format.c).
cp "$tmp/model.idf" "$m/model-valid"
n=$(wc -c <"$tmp/model.idf")
head -c 9 "$tmp/model.idf" >"$m/model-trunc-magic"
head -c 14 "$tmp/model.idf" >"$m/model-trunc-header"
head -c 127 "$tmp/model.idf" >"$m/model-trunc-fields"
head -c $((n / 2)) "$tmp/model.idf" >"$m/model-trunc-half"
head -c $((n - 1)) "$tmp/model.idf" >"$m/model-trunc-last"
flip "$tmp/model.idf" 10 1 "$m/model-version-3"
cp "$tmp/model.idf" "$m/model-version-big-endian"
printf '\000\000\000\002' |
    dd of="$m/model-version-big-endian" bs=1 seek=10 conv=notrunc 2>/dev/null
flip "$tmp/model.idf" 14 1 "$m/model-flags"
flip "$tmp/model.idf" 18 64 "$m/model-lang-length"
flip "$tmp/model.idf" 96 1 "$m/model-terms"
flip "$tmp/model.idf" 104 1 "$m/model-slots"
flip "$tmp/model.idf" 112 1 "$m/model-key-bytes"
flip "$tmp/model.idf" 125 7 "$m/model-index"
flip "$tmp/model.idf" $((n / 2)) 16 "$m/model-flip-middle"
flip "$tmp/model.idf" $((n - 3)) 255 "$m/model-flip-end"
cp "$here/../data/idf/five-docs-v2.idf" "$m/model-five-docs"
# Version 1, which precis still reads.
v1=$here/../data/idf/five-docs-v1.idf
n=$(wc -c <"$v1")
cp "$v1" "$m/model-v1-five-docs"
head -c $((n / 2)) "$v1" >"$m/model-v1-trunc-half"
flip "$v1" 18 64 "$m/model-v1-lang-length"
flip "$v1" $((n / 2)) 16 "$m/model-v1-flip-middle"
printf 'PRECISIDF\000' >"$m/model-magic-only"
