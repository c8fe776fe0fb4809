#!/usr/bin/env python3
"""Summary quality, side by side: precis, Lead-N and Open Text Summarizer.

Usage: quality.py [--sets SET:N,...] PRECIS_BINARY EVAL_DIR [WORKDIR]

For each evaluation set and length (--sets, default
news-human/dev:3,bbc/dev:3,bbc/dev:7; QUALITY_SYSTEMS may name a subset
of precis,lead,lead-plain,ots) it writes one folder of summaries per
system (<id>.txt, one sentence per line) and scores it with EVAL_DIR/rouge.py
(-m, Porter stemming as ROUGE-1.5.5), then prints one table of R1/R2/RL F1.
With BENCH_ROWS set (bench/run sets it) it also appends each result to
that file as a row of bench/run's table (see bench/need.sh).

- precis: one `precis summarize -n N -f jsonl` process over the whole
  articles folder.
- Lead-N: the first N sentences of `precis sentences -f jsonl`, i.e. the
  same body text and the same splitter precis itself uses.
- Lead-N plain: the first N sentences of the raw article file, split by
  the same rule as OTS's output below (no clean-up, no caption handling).
- OTS: `ots -r PERCENT FILE`, once per file as a user would run it. OTS
  only takes a percentage, so for each file the script finds the smallest
  percentage whose output holds at least N sentences and keeps the first
  N of them (OTS prints its pick in document order). The search scales
  each tried percentage by wanted / got sentences (then halves the
  bracket): the percentage a bisection of 1..100 finds, in fewer runs.
  OTS's output is split into sentences at a final . ! or ? followed by
  white space and a capital letter or quote mark, and at line breaks.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

SETS = "news-human/dev:3,bbc/dev:3,bbc/dev:7"

SENT_END = re.compile(r'(?<=[.!?])["\'\u201d\u2019)]*\s+(?=["\'\u201c\u2018(]?[A-Z0-9])')


def one_line(text):
    return " ".join(text.split())


def write_summaries(folder, summaries):
    os.makedirs(folder, exist_ok=True)
    for doc_id, sentences in summaries.items():
        with open(os.path.join(folder, doc_id + ".txt"), "w", encoding="utf-8") as f:
            for s in sentences:
                f.write(one_line(s) + "\n")


def doc_id(path):
    return os.path.splitext(os.path.basename(path))[0]


def run_jsonl(precis, args):
    out = subprocess.run([precis] + args, capture_output=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit("precis %s failed (%d): %s" % (args[0], out.returncode,
                                                out.stderr.decode()[:500]))
    records = []
    for line in out.stdout.decode("utf-8").splitlines():
        if line.strip():
            records.append(json.loads(line))
    return records


def precis_summaries(precis, articles, n):
    recs = run_jsonl(precis, ["summarize", "-n", str(n), "-f", "jsonl", articles])
    return {doc_id(r["doc"]): [s["text"] for s in r.get("sentences", [])] for r in recs}


def lead_summaries(precis, articles, n):
    recs = run_jsonl(precis, ["sentences", "-f", "jsonl", articles])
    return {doc_id(r["doc"]): [s["text"] for s in r.get("sentences", [])[:n]] for r in recs}


def plain_sentences(text):
    sentences = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            sentences.extend(s for s in SENT_END.split(line) if s.strip())
    return sentences


def plain_lead_summaries(articles, n):
    out = {}
    for name in sorted(os.listdir(articles)):
        if name.endswith(".txt"):
            with open(os.path.join(articles, name), encoding="utf-8", errors="replace") as f:
                out[doc_id(name)] = plain_sentences(f.read())[:n]
    return out


def ots_sentences(path, percent):
    out = subprocess.run(["ots", "-r", str(percent), path], capture_output=True, check=False)
    return plain_sentences(out.stdout.decode("utf-8", "replace"))


def ots_summary(path, n):
    runs = {}

    def count(percent):
        if percent not in runs:
            runs[percent] = ots_sentences(path, percent)
        return len(runs[percent])

    with open(path, encoding="utf-8", errors="replace") as f:
        total = max(len(plain_sentences(f.read())), 1)
    # lo: 0 or a percentage giving too few sentences; hi: 101 or one
    # giving enough. OTS's sentence count grows about in proportion to the
    # percentage, so the next percentage tried is where the last run's
    # rate reaches N - 1/2 sentences, kept inside the bracket; after five
    # runs, the middle of the bracket.
    lo, hi = 0, 101
    # First try: half of N / (the file's sentences), near where the answer
    # fell on a sample of dev files (OTS's sentences are not the plain ones).
    percent = min(max(-(-50 * n // total), 1), 100)
    tries = 0
    while hi - lo > 1:
        got = count(percent)
        if got >= n:
            hi = percent
        else:
            lo = percent
        tries += 1
        if tries < 5:
            percent = round(percent * (n - 0.5) / max(got, 0.5))
        else:
            percent = (lo + hi) // 2
        percent = min(max(percent, lo + 1), hi - 1)
    return runs[min(hi, 100)][:n]


def ots_summaries(articles, n):
    files = sorted(os.path.join(articles, f) for f in os.listdir(articles) if f.endswith(".txt"))
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        results = pool.map(lambda p: ots_summary(p, n), files)
        return {doc_id(p): s for p, s in zip(files, results)}


def rouge(eval_dir, refs, sys_dir):
    out = subprocess.run([sys.executable, os.path.join(eval_dir, "rouge.py"), "--ref", refs,
                          "--sys", sys_dir, "-m", "-j", "2"],
                         capture_output=True, check=True)
    last = out.stdout.decode().strip().splitlines()[-1].split()
    return {last[i]: float(last[i + 1]) for i in range(0, len(last) - 1, 2)}


def bench_row(task, data, system, figures):
    """One row of bench/run's table, when BENCH_ROWS names its file."""
    if os.environ.get("BENCH_ROWS"):
        with open(os.environ["BENCH_ROWS"], "a", encoding="utf-8") as f:
            f.write("\t".join((task, data, system, figures)) + "\n")


def main():
    ap = argparse.ArgumentParser(usage=__doc__.splitlines()[2][len("Usage: "):])
    ap.add_argument("--sets", default=SETS)
    ap.add_argument("precis")
    ap.add_argument("eval_dir")
    ap.add_argument("work", nargs="?")
    args = ap.parse_intermixed_args()
    precis, eval_dir, sets = args.precis, args.eval_dir, args.sets
    work = args.work or tempfile.mkdtemp(prefix="precis-quality-")
    only = os.environ.get("QUALITY_SYSTEMS", "precis,lead,lead-plain,ots").split(",")
    rows = []
    if not re.fullmatch(r"[^,:]+:[0-9]+(,[^,:]+:[0-9]+)*", sets):
        ap.error("--sets takes FOLDER:N,... (folders under EVAL_DIR), not %r" % sets)
    for item in sets.split(","):
        folder, n = item.rsplit(":", 1)
        n = int(n)
        label = folder.replace("/", " ").replace("bbc", "BBC")
        articles = os.path.join(eval_dir, folder, "articles")
        refs = os.path.join(eval_dir, folder, "refs")
        if not os.path.isdir(articles):
            print("skipping %s: %s is absent" % (label, articles), file=sys.stderr)
            continue
        # (QUALITY_SYSTEMS key, name in the tables, summaries)
        systems = [("precis", "precis", lambda: precis_summaries(precis, articles, n)),
                   ("lead", "Lead-%d (precis's splitter)" % n,
                    lambda: lead_summaries(precis, articles, n)),
                   ("lead-plain", "Lead-%d (plain)" % n, lambda: plain_lead_summaries(articles, n)),
                   ("ots", "Open Text Summarizer", lambda: ots_summaries(articles, n))]
        for key, name, make in systems:
            if key not in only:
                continue
            out_dir = os.path.join(work, "%s-%d-%s" % (folder.replace("/", "-"), n, key))
            write_summaries(out_dir, make())
            scores = rouge(eval_dir, refs, out_dir)
            rows.append((label, n, name, scores))
            figures = "%.2f / %.2f / %.2f" % (scores["R1"], scores["R2"], scores["RL"])
            print("%-16s n=%d %-26s R1 / R2 / RL %s" % (label, n, name, figures),
                  file=sys.stderr)
            docs = len([f for f in os.listdir(articles) if f.endswith(".txt")])
            bench_row("ROUGE-1 / 2 / L F1, stemmed (-m), %d sentences" % n,
                      "%s (%d articles)" % (label, docs), name, figures)
    print("%-16s %3s  %-26s %6s %6s %6s" % ("set", "n", "system", "R1", "R2", "RL"))
    for label, n, name, s in rows:
        print("%-16s %3d  %-26s %6.2f %6.2f %6.2f" % (label, n, name, s["R1"], s["R2"], s["RL"]))
    print("summaries kept in %s" % work)


if __name__ == "__main__":
    main()
