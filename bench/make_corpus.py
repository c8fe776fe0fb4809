"""make_corpus.py EVAL DST MB: a test corpus of MB megabytes in DST, for
the batch benchmarks (scale.sh, cold.sh). The articles of EVAL/bbc and
EVAL/polnear, repeated and shuffled (a fixed seed: the same corpus every
time), one file each, in part-NN/ folders of 1,000 files."""
import glob
import os
import random
import sys

src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(glob.glob(os.path.join(src, "bbc", "*", "articles", "*.txt")) +
               glob.glob(os.path.join(src, "polnear", "*", "text", "*.txt")))
texts = [open(f, "rb").read() for f in files]
rng = random.Random(42)
total, n, target = 0, 0, mb * 1000 * 1000
while total < target:
    order = list(range(len(texts)))
    rng.shuffle(order)
    for k in order:
        if total >= target:
            break
        part = os.path.join(dst, "part-%02d" % (n // 1000))
        if n % 1000 == 0:
            os.makedirs(part, exist_ok=True)
        with open(os.path.join(part, "%07d.txt" % n), "wb") as f:
            f.write(texts[k])
        total += len(texts[k])
        n += 1
print("%s: %d files, %.1f MB, from %d articles"
      % (os.path.basename(sys.argv[0]), n, total / 1e6, len(texts)),
      file=sys.stderr)
