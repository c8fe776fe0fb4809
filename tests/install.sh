#!/bin/sh
# Tests of `meson install`: stages an install of the build folder in a
# scratch folder (no root needed), checks that the binary, the library,
# precis.h, the pkg-config file, the stopword lists and the man page are
# there, then compiles a small program against the staged library with
# the flags pkg-config gives and runs it on a made-up article. Also checks
# that the man page names every command and every long option the tool's
# own --help lists, so the two cannot drift apart, and that groff and
# mandoc (where installed) read the page without a warning.
#
# Usage: install.sh PATH/TO/precis [BUILD_DIR]
# BUILD_DIR defaults to the folder holding precis (the build root).
# Skips (exit 77) when meson, pkg-config or a C compiler is missing.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"
BUILD=${2:-$(dirname "$PRECIS")}
MAN=$HERE/../man/precis.1
CC=${CC:-cc}

for tool in meson pkg-config "$CC"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool not found"
        exit 77
    fi
done

check() { # check NAME COMMAND...: passes when the command succeeds
    name=$1
    shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

STAGE=$T/stage
if meson install -C "$BUILD" --no-rebuild --quiet --destdir "$STAGE" \
    >"$T/out" 2>"$T/err"; then
    pass "meson install --destdir stages the install"
else
    fail "meson install --destdir stages the install"
    finish
fi

# The prefix and libdir are the build's own: find the files rather than
# guess the layout.
found() { # found NAME PATTERN: the first staged file whose path matches
    find "$STAGE" -path "$2" \( -type f -o -type l \) 2>/dev/null | head -n 1
}
BIN=$(found bin '*/bin/precis')
LIB=$(found lib '*/libprecis.so*')
HDR=$(found header '*/include/precis.h')
PC=$(found pkgconfig '*/pkgconfig/precis.pc')
PAGE=$(found man '*/share/man/man1/precis.1')
check "binary installed" test -x "$BIN"
check "shared library installed" test -n "$LIB"
check "precis.h installed" test -s "$HDR"
check "pkg-config file installed" test -s "$PC"
for list in "$HERE"/../stopwords/*.txt; do
    name=$(basename "$list")
    check "stopword list $name installed" \
        test -n "$(found stopwords "*/share/precis/stopwords/$name")"
done
check "man page installed" test -s "$PAGE"
if [ -z "$BIN" ] || [ -z "$LIB" ] || [ -z "$HDR" ] || [ -z "$PC" ]; then
    finish
fi
LIBDIR=$(dirname "$LIB")

# The installed binary finds the installed library (not the build's).
if LD_LIBRARY_PATH=$LIBDIR "$BIN" --version >"$T/out" 2>"$T/err" &&
    grep -q '^precis [0-9]' "$T/out"; then
    pass "installed precis runs"
else
    fail "installed precis runs"
fi

# Only the public API is exported, and the installed binary does not
# point into the build tree.
if command -v nm >/dev/null 2>&1; then
    nm -D --defined-only "$LIB" | awk '{ print $NF }' >"$T/symbols"
    check "the library exports precis_* functions" \
        grep -q '^precis_summary_new$' "$T/symbols"
    check "the library exports nothing else" \
        sh -c "! grep -v '^precis_' '$T/symbols'"
fi
if command -v readelf >/dev/null 2>&1; then
    check "the installed binary has no run path into the build" \
        sh -c "! readelf -d '$BIN' | grep -q '$BUILD'"
fi

# The pkg-config file's paths, moved into the stage.
export PKG_CONFIG_PATH="$(dirname "$PC")"
export PKG_CONFIG_SYSROOT_DIR="$STAGE"
FLAGS=$(pkg-config --cflags --libs precis 2>"$T/err")
case $FLAGS in
*"-I$STAGE/"*"-L$STAGE/"*"-lprecis"*) pass "pkg-config gives -I, -L and -lprecis" ;;
*) fail "pkg-config gives -I, -L and -lprecis (got: $FLAGS)" ;;
esac

cat >"$T/tiny.c" <<'EOF'
/* Summarizes a made-up article in two sentences with the installed
 * library, printing each chosen sentence on its own line. */
#include <precis.h>
#include <stdio.h>
#include <string.h>

static const char text[] =
    "Harbour town opens a floating library\n"
    "\n"
    "The harbour town of Elsmere opened a floating library on Tuesday, "
    "a converted ferry that will carry books to the island villages. "
    "The weather was mild. "
    "The floating library holds four thousand books and will stop at "
    "six island villages every week. "
    "Gulls gathered on the pier.\n";

int main(void)
{
    precis_lang *lang = NULL;
    precis_analyzer *an = NULL;
    precis_doc *doc = NULL;
    precis_article *article = NULL;
    precis_summary *summary = NULL;
    precis_summary_options opts;
    size_t i;
    int err;

    precis_summary_options_init(&opts);
    opts.sentences = 2;
    err = precis_lang_new("english", NULL, 0, &lang);
    if (!err)
        err = precis_analyzer_new(lang, &an);
    if (!err)
        err = precis_doc_new(text, strlen(text), 0, &doc, NULL);
    if (!err)
        err = precis_article_new(an, doc, &article);
    if (!err)
        err = precis_summary_new(article, NULL, &opts, &summary);
    for (i = 0; !err && i < precis_summary_count(summary); i++) {
        precis_span s = precis_summary_sentence(summary, i);
        printf("%.*s\n", (int)(s.end - s.start), text + s.start);
    }
    if (err)
        fprintf(stderr, "tiny: %s\n", precis_strerror(err));
    precis_summary_free(summary);
    precis_article_free(article);
    precis_doc_free(doc);
    precis_analyzer_free(an);
    precis_lang_free(lang);
    return err ? 1 : 0;
}
EOF
# A build with sanitizers gives a library that needs their run-time too.
SANITIZE=$(meson introspect --buildoptions "$BUILD" 2>/dev/null | "$PY" -c '
import json, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
print(opts.get("b_sanitize", "none"))' 2>/dev/null)
case $SANITIZE in
'' | none) SANITIZE= ;;
*) SANITIZE=-fsanitize=$SANITIZE ;;
esac
# $FLAGS and $SANITIZE are split into words on purpose.
# shellcheck disable=SC2086
if "$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror $SANITIZE -o "$T/tiny" \
    "$T/tiny.c" $FLAGS >"$T/out" 2>"$T/err"; then
    pass "a program compiles and links with pkg-config's flags"
else
    fail "a program compiles and links with pkg-config's flags"
    finish
fi

if LD_LIBRARY_PATH=$LIBDIR "$T/tiny" >"$T/out" 2>"$T/err"; then
    pass "the program runs against the staged library"
else
    fail "the program runs against the staged library"
fi
# Two sentences, both about the library, in document order; the filler
# about the weather and the gulls is left out.
check "it prints two sentences" test "$(wc -l <"$T/out")" -eq 2
check "the first is the opening sentence" \
    grep -q '^The harbour town of Elsmere opened' "$T/out"
check "the second is the other sentence on the library" \
    grep -q '^The floating library holds' "$T/out"
check "no filler sentence" sh -c "! grep -q 'weather\|Gulls' '$T/out'"
# The program loaded the staged library, not one from elsewhere.
if command -v ldd >/dev/null 2>&1; then
    check "the program is linked against the staged libprecis" \
        sh -c "LD_LIBRARY_PATH='$LIBDIR' ldd '$T/tiny' | grep -q '$LIBDIR/libprecis'"
fi

# The man page and the tool agree: every command in `precis --help` has a
# section, and every long option in the --help of every command, and of
# the subcommands a command's help lists ("  build   counts..."), is
# described.
check "man page names the version precis reports" \
    grep -q "^\.TH PRECIS 1 .*\"precis $("$PRECIS" --version | cut -d' ' -f2)\"" "$MAN"
listed() { # listed: the words a help text on stdin lists in its first column
    awk '/^  [a-z]+   */ { print $1 }'
}
options_described() { # options_described COMMAND...: checks its --help
    if ! "$PRECIS" "$@" --help >"$T/help" 2>"$T/err"; then
        fail "precis $* --help works"
        return 1
    fi
    for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u); do
        # roff writes each '-' of an option as '\-'.
        roff=$(printf '%s' "$opt" | sed 's/-/\\-/g')
        check "man page describes $* $opt" grep -qF -- "$roff" "$MAN"
    done
}
commands=$("$PRECIS" --help | sed -n '/^Commands:/,/^$/p' | listed)
check "precis --help lists commands" test -n "$commands"
for cmd in $commands; do
    [ "$cmd" = help ] && continue
    check "man page has a section for $cmd" \
        grep -qF ".SS \"precis $cmd" "$MAN"
    options_described "$cmd" || continue
    for sub in $(listed <"$T/help"); do
        options_described "$cmd" "$sub"
    done
done
if command -v groff >/dev/null 2>&1; then
    check "man page renders without warnings" \
        sh -c "groff -man -ww -z '$MAN' 2>&1 | (! grep -q .)"
fi
if command -v mandoc >/dev/null 2>&1; then
    check "mandoc -Tlint finds nothing in the man page" \
        sh -c "mandoc -Tlint -Wwarning '$MAN' >'$T/lint' 2>&1 && ! grep -q . '$T/lint'"
fi

finish
