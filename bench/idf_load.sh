#!/bin/sh
# How long an IDF model of a million terms takes to load. Writes a
# synthetic model of TERMS stems (default 1,000,000; made-up words of 4 to
# 12 letters, document frequencies from a Zipf-like curve) in format
# version 1 (the simple one, see src/idf.c), has precis turn it into the
# current format (`idf merge` of that one model: loaded, then saved as
# precis_idf_save writes every model), then reports the best of RUNS
# (default 5) CPU times (user + system) of `precis idf show MODEL`, which
# maps the model, checks it and makes one pass over its terms, less the
# best of `precis --version` (process start), and the sizes of both
# files; then what the model adds to `precis summarize` of one article of
# corpus/ (mapped, checked, and the article's stems looked up in it).
# Needs no evaluation data. MODEL may name the model file: it is
# written there when absent and reused when present, with its format
# version 1 original beside it as MODEL.v1.
#
# PRECIS may name the binary; otherwise it is built with meson's release
# settings in build-bench-release/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
need python3 python3
if [ -z "${PRECIS:-}" ]; then
    (meson setup --buildtype=release "$root/build-bench-release" "$root" >/dev/null 2>&1 || true)
    ninja -C "$root/build-bench-release" >/dev/null
    PRECIS="$root/build-bench-release/precis"
fi
terms=${TERMS:-1000000}
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

article=$(ls "$root"/corpus/*.txt | head -n 1)

python3 - "${MODEL:-$tmp/model.idf}" "$terms" "$PRECIS" "$runs" "$article" <<'PY'
import os, random, resource, struct, subprocess, sys

path, terms, precis, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
article = sys.argv[5]

def write_v1(path):
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    stems = set()
    while len(stems) < terms:
        stems.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 12))))
    stems = sorted(s.encode() for s in stems)
    documents = 1000000
    body = bytearray(b"PRECISIDF\0")
    body += struct.pack("<II", 1, 0)
    lang = b"english"
    body += struct.pack("<I", len(lang)) + lang
    body += struct.pack("<QQ", documents, len(stems))
    for rank, s in enumerate(stems):
        df = max(1, documents // (1 + (rank * 7919) % terms))
        body += struct.pack("<I", len(s)) + s + struct.pack("<Q", df)
    # The checksum (px_hash): FNV-1a 64 of every byte before it.
    h = 14695981039346656037
    mask = 0xFFFFFFFFFFFFFFFF
    for b in bytes(body):
        h = ((h ^ b) * 1099511628211) & mask
    body += struct.pack("<Q", h)
    with open(path, "wb") as f:
        f.write(body)

# The version 1 file stays beside the model, for comparison.
v1 = path + ".v1"
if not os.path.exists(path):
    if not os.path.exists(v1):
        write_v1(v1)
    subprocess.run([precis, "idf", "merge", "-o", path, v1], check=True)
size = os.path.getsize(path)

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def best(args):
    times = []
    for _ in range(runs):
        c0 = cpu()
        subprocess.run([precis] + args, stdout=subprocess.DEVNULL, check=True)
        times.append(cpu() - c0)
    return min(times)

start = best(["--version"])
load = best(["idf", "show", path])
print("model: %d terms, %.1f MB (format version 1: %.1f MB)"
      % (terms, size / 1e6, os.path.getsize(v1) / 1e6))
print("idf show (map, check, one pass over the terms): %.1f ms CPU, "
      "process start %.1f ms subtracted (best of %d)"
      % ((load - start) * 1000, start * 1000, runs))
old = best(["idf", "show", v1])
print("the same model in format version 1 (read and rebuilt): %.1f ms CPU"
      % ((old - start) * 1000))
plain = best(["summarize", article])
weighed = best(["summarize", "--idf", path, article])
print("summarize --idf of one article: %.1f ms CPU more than without the "
      "model (best of %d)" % ((weighed - plain) * 1000, runs))
PY
