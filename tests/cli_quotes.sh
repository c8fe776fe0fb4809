#!/bin/sh
# Tests of `precis quotes`: golden JSON Lines of the five corpus files,
# offsets that slice the file to the quote's text, the --speaker filter
# (any alias, any case), one listing for a quote several files report,
# the text grouping against the JSON Lines records, --speakers alias
# files, and exit statuses.
# Regenerate the goldens with tests/regen_golden.sh, never from here.
#
# Usage: cli_quotes.sh PATH/TO/precis
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.sh"
golden_setup

# Every row has the fields, and start/end slice the file to its text.
ROWS='
import json, sys
path, data = sys.argv[1], open(sys.argv[1], "rb").read()
n = 0
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    for k in ("doc", "text", "start", "end", "speaker", "mention", "cue",
              "sieve"):
        if k not in r:
            sys.exit("missing %s" % k)
    if data[r["start"]:r["end"]].decode("utf-8") != r["text"]:
        sys.exit("offsets do not slice the text: %r" % r["text"][:60])
    m = r["mention"]
    if m is not None and not (0 <= m["start"] < m["end"] <= len(data)):
        sys.exit("bad mention %r" % m)
    n += 1
if n == 0:
    sys.exit("no quotes")
'

cd "$CORPUS" || exit 1
for f in *.txt; do
    [ -f "$f" ] || continue
    name=${f%.txt}
    # The same command as regen_golden.sh.
    "$PRECIS" quotes -f jsonl "$f" >"$T/$name.quotes.jsonl" 2>"$T/err"
    if cmp -s "$T/$name.quotes.jsonl" "$GOLDEN/$name.quotes.jsonl"; then
        pass "quotes -f jsonl $f matches the golden"
    else
        fail "quotes -f jsonl $f matches the golden"
        diff "$GOLDEN/$name.quotes.jsonl" "$T/$name.quotes.jsonl" |
            head -20 | sed 's/^/# /'
    fi
    check "quotes of $f have their fields and offsets" \
        "$PY" -c "$ROWS" "$f" "$T/$name.quotes.jsonl"
done

# --speaker matches any alias, in any case.
"$PRECIS" quotes --speaker "Vladimir Putin" . >"$T/full" 2>/dev/null
"$PRECIS" quotes --speaker putin . >"$T/lower" 2>/dev/null
"$PRECIS" quotes -s PUTIN . >"$T/upper" 2>/dev/null
check "--speaker lists Putin's quotes" grep -q '^Vladimir Putin (' "$T/full"
check "--speaker lists no one else" \
    sh -c "! grep -v '^ ' '$T/full' | grep -v '^Vladimir Putin (' | grep -q ."
check "--speaker putin is --speaker 'Vladimir Putin'" cmp -s "$T/full" "$T/lower"
check "--speaker PUTIN is --speaker 'Vladimir Putin'" cmp -s "$T/full" "$T/upper"
"$PRECIS" quotes -f jsonl --speaker putin . >"$T/putin.jsonl" 2>/dev/null
check "--speaker filters JSON Lines too" "$PY" -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if rows and all(r["speaker"] == "Vladimir Putin" for r in rows) else 1)
' "$T/putin.jsonl"

# Over a folder, every record names its own file: its offsets slice that
# file to the record's text, with and without --speaker, in JSON Lines and
# in a JSON array.
SLICES='
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
rows = json.loads(text) if sys.argv[2] == "json" else \
    [json.loads(l) for l in text.splitlines()]
if not rows:
    sys.exit("no quotes")
for r in rows:
    data = open(r["doc"], "rb").read()
    if data[r["start"]:r["end"]].decode("utf-8") != r["text"]:
        sys.exit("%s does not hold %r at %d" % (r["doc"], r["text"][:40],
                                                 r["start"]))
'
"$PRECIS" quotes -q -f jsonl . >"$T/folder.jsonl" 2>/dev/null
check "each record of a folder slices its own file" \
    "$PY" -c "$SLICES" "$T/folder.jsonl" jsonl
check "...with --speaker" "$PY" -c "$SLICES" "$T/putin.jsonl" jsonl
"$PRECIS" quotes -q -f json --speaker aliyev . >"$T/aliyev.json" 2>/dev/null
check "...in a JSON array" "$PY" -c "$SLICES" "$T/aliyev.json" json

# A file with none of a speaker's quotes between two with some: each
# record still names its own file.
mkdir "$T/skip"
cp 000_a5f373fb865d6447.txt "$T/skip/a.txt"
cp 001_359f5cdc4e12491c.txt "$T/skip/b.txt"
cp 000_a5f373fb865d6447.txt "$T/skip/c.txt"
(cd "$T/skip" && "$PRECIS" quotes -q -f jsonl -s aliyev .) \
    >"$T/skip.jsonl" 2>/dev/null
check "records after a file with none name their own file" "$PY" -c '
import json, sys
docs = [json.loads(l)["doc"] for l in open(sys.argv[1])]
half = len(docs) // 2
sys.exit(0 if docs and docs == ["./a.txt"] * half + ["./c.txt"] * half
         else "docs: %r" % docs)
' "$T/skip.jsonl"

# The text output groups by speaker, most quoted first.
"$PRECIS" quotes . >"$T/all" 2>/dev/null
check "the most quoted speaker comes first" \
    sh -c "head -1 '$T/all' | grep -q '^Vladimir Putin ('"

# The same quote in two files: listed once, with both sources.
mkdir "$T/two"
cp 002_c8ada88432d5efe6.txt "$T/two/a.txt"
cp 002_c8ada88432d5efe6.txt "$T/two/b.txt"
(cd "$T/two" && "$PRECIS" quotes a.txt b.txt) >"$T/dup" 2>/dev/null
check "a quote two files report is listed once" \
    test "$(grep -c 'We are prepared to assist' "$T/dup")" = 1
check "...with both of its sources" \
    sh -c "grep -q '^ *a.txt:[0-9]' '$T/dup' && grep -q '^ *b.txt:[0-9]' '$T/dup'"

# The text output lists every JSON Lines record once, as a place under
# its speaker: groups by number of distinct quotes, then name, the
# unattributed last; a group's quotes by first appearance; a quote's
# places in input order.
GROUPS='
import collections, json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
docs = {}
for r in rows:
    docs.setdefault(r["doc"], len(docs))
want = collections.Counter((r["speaker"] or "(speaker unknown)", r["doc"],
                            r["line"]) for r in rows)
got = collections.Counter()
groups = []
for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
    m = re.match(r"^(\S.*) \((\d+) quotes?\)$", line)
    if m:
        groups.append((m.group(1), int(m.group(2)), []))
    elif line.startswith("      "):
        path, _, num = line.strip().rpartition(":")
        groups[-1][2][-1].append((docs[path], int(num)))
        got[(groups[-1][0], path, int(num))] += 1
    elif line.startswith("  \""):
        groups[-1][2].append([])
    elif line:
        sys.exit("unexpected line %r" % line)
if got != want:
    sys.exit("places differ: %r" % list(((got - want) +
                                         (want - got)).items())[:3])
if any(n != len(qs) for _, n, qs in groups):
    sys.exit("a header count is not its number of quotes")
named = [g for g in groups if g[0] != "(speaker unknown)"]
if groups[:len(named)] != named:
    sys.exit("unattributed quotes are not last")
if named != sorted(named, key=lambda g: (-g[1], g[0])):
    sys.exit("groups are not by count, then name")
for name, _, qs in groups:
    if any(ps != sorted(ps) for ps in qs):
        sys.exit("%s: places out of input order" % name)
    if [ps[0] for ps in qs] != sorted(ps[0] for ps in qs):
        sys.exit("%s: quotes not in order of first appearance" % name)
if max(len(ps) for _, _, qs in groups for ps in qs) < 2:
    sys.exit("no quote has two places")
'
# The corpus with two copies of two files, so that quotes have several
# places.
mkdir "$T/group"
cp ./*.txt "$T/group/"
cp 000_a5f373fb865d6447.txt "$T/group/zz_copy_000.txt"
cp 003_de24a9370a978d47.txt "$T/group/zz_copy_003.txt"
(cd "$T/group" && "$PRECIS" quotes -q -f jsonl . >"$T/group.jsonl" &&
    "$PRECIS" quotes -q . >"$T/group.txt") 2>/dev/null
check "text groups hold exactly the JSON Lines records, in order" \
    "$PY" -c "$GROUPS" "$T/group.jsonl" "$T/group.txt"
# 72,000 places, more than one window of places.c holds: 700 statements
# in 36 files, three speakers.
mkdir "$T/many-places"
"$PY" -c '
import sys
names = ["John Smith", "Mary Jones", "Ann Lee"]
for f in range(36):
    with open("%s/f%02d.txt" % (sys.argv[1], f), "w") as o:
        o.write("A long report on the statements\n\n")
        for k in range(2000):
            n = (f * 7 + k * 13) % 700
            o.write("\"Statement number %d is true and final,\" %s said.\n\n"
                    % (n, names[(n + k) % 3]))
' "$T/many-places"
(cd "$T/many-places" && "$PRECIS" quotes -q -f jsonl . >"$T/mp.jsonl" &&
    "$PRECIS" quotes -q . >"$T/mp.txt") 2>/dev/null
check "...and with more places than one read holds" \
    "$PY" -c "$GROUPS" "$T/mp.jsonl" "$T/mp.txt"

# JSON of that many quotes is written by the workers, a chunk of quotes
# each, and put in order: the same bytes as from one thread, in both
# forms, and with --speaker when the first chunks hold no quote of the
# speaker (a last file's only one).
printf '"The last word is mine," Zed Quinn said.\n' >"$T/many-places/zz.txt"
for form in jsonl json; do
    (cd "$T/many-places" &&
        "$PRECIS" quotes -q -f $form -j 1 . >"$T/mp1.$form" &&
        "$PRECIS" quotes -q -f $form -j 4 . >"$T/mp4.$form" &&
        "$PRECIS" quotes -q -f $form -j 1 -s "zed quinn" . >"$T/zq1.$form" &&
        "$PRECIS" quotes -q -f $form -j 4 -s "zed quinn" . >"$T/zq4.$form") \
        2>/dev/null
    check "quotes -f $form -j 4 writes what -j 1 does, over 72,001 quotes" \
        cmp -s "$T/mp1.$form" "$T/mp4.$form"
    check "...and with --speaker" cmp -s "$T/zq1.$form" "$T/zq4.$form"
done
check "the JSON array of -j 4 holds every quote" "$PY" -c '
import json, sys
if len(json.load(open(sys.argv[1]))) != 72001:
    sys.exit("wrong count")' "$T/mp4.json"
check "the JSON array of --speaker holds the one quote" "$PY" -c '
import json, sys
q = json.load(open(sys.argv[1]))
if len(q) != 1 or q[0]["speaker"] != "Zed Quinn":
    sys.exit("wrong quotes: %r" % q)' "$T/zq4.json"

# --speakers adds aliases the text never uses.
printf '# canonical\taliases\nNikol Pashinyan\tthe Armenian leader\tNP\n' \
    >"$T/aliases.tsv"
"$PRECIS" quotes --speakers "$T/aliases.tsv" --speaker np \
    000_a5f373fb865d6447.txt >"$T/np" 2>/dev/null
check "--speakers aliases work with --speaker" \
    grep -q '^Nikol Pashinyan (' "$T/np"

# Exit statuses.
"$PRECIS" quotes >/dev/null 2>&1
check "no input is a usage error (2)" test $? = 2
"$PRECIS" quotes --speakers "$T/missing.tsv" . >/dev/null 2>&1
check "an unreadable --speakers file fails (1)" test $? = 1
"$PRECIS" quotes "$T/missing.txt" >/dev/null 2>&1
check "a missing input fails (1)" test $? = 1
"$PRECIS" quotes --help >"$T/help" 2>&1
check "--help prints the usage" grep -q '^Usage: precis quotes' "$T/help"

finish
