#!/usr/bin/env python3
"""clean_loss.py: how much article text `precis clean` drops from plain text.

The BBC and POLNEAR evaluation articles are plain text: a title line, a blank
line, then paragraphs, with no page furniture. Clean-up must keep every
paragraph as body; only the title line may leave the body (as the title).
This script runs `precis clean -f jsonl` over those folders and counts every
dropped block that is not the title, with the number of sentences in it, and
prints each loss with its reason.

Usage: bench/clean_loss.py [--precis PATH] [--eval DIR] [--quiet]
The evaluation data is read from ../shared/eval next to the repository; when
it is absent the script says so and exits 0.
Exit status: 0 when nothing was lost, 1 when something was, 2 on errors.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_EVAL = os.path.join(HERE, "..", "..", "shared", "eval")

# Folders of plain article text, relative to the evaluation root.
FOLDERS = [
    "bbc/dev/articles",
    "polnear/dev/text",
    "polnear/train/text",
]

# A rough sentence count for the report: a run of text ending in . ! ? or
# the end of the block.
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'\u201d\u2019)]*|$)")


def find_precis(given):
    if given:
        return given
    for build in ("build", "build-layout", "builddir"):
        path = os.path.join(REPO, build, "precis")
        if os.access(path, os.X_OK):
            return path
    return None


def count_sentences(text):
    return sum(1 for s in SENTENCE.findall(text) if s.strip())


def same_words(a, b):
    """Equal once case and everything but letters and digits are gone."""
    def norm(s):
        return "".join(c for c in s.casefold() if c.isalnum())
    return norm(a) == norm(b)


def first_line(raw):
    text = raw.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def check_folder(precis, folder, quiet):
    """Returns (documents, paragraphs lost, sentences lost, title misses)."""
    proc = subprocess.run([precis, "clean", "-f", "jsonl", folder],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise RuntimeError("precis clean failed on %s" % folder)
    docs = lost_paras = lost_sents = title_miss = 0
    for line in proc.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        docs += 1
        path = rec["doc"]
        with open(path, "rb") as f:
            raw = f.read()
        expected_title = first_line(raw)
        if (rec.get("title") or "").strip() != expected_title:
            title_miss += 1
            if not quiet:
                print("TITLE %s: got %r, expected %r"
                      % (path, rec.get("title"), expected_title))
        for drop in rec.get("dropped", []):
            text = raw[drop["start"]:drop["end"]].decode("utf-8", "replace")
            if drop["reason"] == "title" and all(
                    same_words(line, expected_title)
                    for line in text.splitlines() if line.strip()):
                continue  # the title line, or a line that repeats it
            lost_paras += 1
            n = count_sentences(text)
            lost_sents += n
            if not quiet:
                short = text if len(text) <= 160 else text[:157] + "..."
                print("LOST %s [%d:%d] %s (%d sentence%s): %s"
                      % (path, drop["start"], drop["end"], drop["reason"], n,
                         "" if n == 1 else "s", short.replace("\n", " | ")))
    return docs, lost_paras, lost_sents, title_miss


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--precis", help="the precis binary (default: build/precis)")
    ap.add_argument("--eval", default=DEFAULT_EVAL,
                    help="evaluation root (default: ../shared/eval)")
    ap.add_argument("--quiet", action="store_true",
                    help="print only the totals")
    args = ap.parse_args()

    root = os.path.normpath(args.eval)
    if not os.path.isdir(root):
        print("clean_loss: no evaluation data at %s; nothing to measure" % root)
        return 0
    precis = find_precis(args.precis)
    if not precis:
        print("clean_loss: no precis binary found; build first or pass --precis",
              file=sys.stderr)
        return 2

    total_lost = 0
    print("%-22s %6s %11s %10s %11s" % ("folder", "docs", "paras lost",
                                        "sents lost", "title miss"))
    rows = []
    for rel in FOLDERS:
        folder = os.path.join(root, rel)
        if not os.path.isdir(folder):
            print("clean_loss: %s is absent, skipped" % folder)
            continue
        docs, paras, sents, miss = check_folder(precis, folder, args.quiet)
        rows.append((rel, docs, paras, sents, miss))
        total_lost += paras
    for rel, docs, paras, sents, miss in rows:
        print("%-22s %6d %11d %10d %11d" % (rel, docs, paras, sents, miss))
    return 1 if total_lost else 0


if __name__ == "__main__":
    sys.exit(main())
