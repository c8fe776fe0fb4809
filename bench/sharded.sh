#!/bin/sh
# A corpus processed as if it did not fit one machine, with GNU parallel
# (Debian package `parallel`, installed here when missing and root):
#   1. split the articles into SHARDS shards (folders of files);
#   2. `precis idf build` per shard, as parallel jobs (on other machines
#      with parallel's --sshlogin: each job needs only its shard);
#   3. `precis idf merge` the shard models into one;
#   4. the articles as JSON Lines, piped in blocks through
#      `parallel --pipe --keep-order` into
#      `precis summarize --stdin-jsonl --idf MODEL`, the mapper.
# Then checks what the design promises: the merged model is byte for
# byte the model of one build over everything, and the piped summaries
# equal one run's. Reads ../shared/eval/bbc (or the folder given as $1).
# PRECIS may name the binary; otherwise it is built with meson's release
# settings in build-bench-release/ (bench_precis, bench/need.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shards=${SHARDS:-4}
. "$here/need.sh"
if [ -n "${1:-}" ]; then
    src=$1
    if [ ! -d "$src" ]; then
        echo "sharded: $src is absent; nothing to run." >&2
        exit 0
    fi
else
    bench_eval sharded bbc
    src=$EVAL/bbc
fi
need parallel parallel
bench_precis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# 1. Shards: file k goes to shard k mod SHARDS.
find "$src" -name '*.txt' | LC_ALL=C sort > "$tmp/files"
awk -v n="$shards" -v dir="$tmp" '{ print > (dir "/list." (NR % n)) }' "$tmp/files"
echo "sharded: $(wc -l < "$tmp/files") articles in $shards shards" >&2

# 2. One model per shard, as parallel jobs (of one thread each: the jobs
# are the parallelism here).
ls "$tmp"/list.* | parallel -j "$shards" \
    "xargs '$PRECIS' idf build -j 1 -o {}.idf < {}"

# 3. Merged.
"$PRECIS" idf merge -o "$tmp/merged.idf" "$tmp"/list.*.idf
"$PRECIS" idf build -o "$tmp/whole.idf" $(cat "$tmp/files")
if cmp -s "$tmp/merged.idf" "$tmp/whole.idf"; then
    echo "merged shard models = one build over everything (byte for byte)"
else
    echo "sharded: merged model differs from one build" >&2
    exit 1
fi

# 4. The mapper: JSON Lines through parallel --pipe, in order.
python3 - "$tmp/files" > "$tmp/articles.jsonl" <<'PY'
import json, sys
for path in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if path:
        text = open(path, encoding="utf-8", errors="replace").read()
        print(json.dumps({"id": path, "text": text}, ensure_ascii=False))
PY
parallel --pipe --keep-order --block 1M -j "$shards" \
    "'$PRECIS' summarize --stdin-jsonl --idf '$tmp/merged.idf'" \
    < "$tmp/articles.jsonl" > "$tmp/piped.jsonl"
"$PRECIS" summarize --stdin-jsonl --idf "$tmp/merged.idf" \
    < "$tmp/articles.jsonl" > "$tmp/single.jsonl"
if cmp -s "$tmp/piped.jsonl" "$tmp/single.jsonl"; then
    echo "parallel --pipe summaries = one run ($(wc -l < "$tmp/piped.jsonl") lines)"
else
    echo "sharded: piped summaries differ from one run" >&2
    exit 1
fi
