#!/usr/bin/env python3
"""Sentence-boundary precision and recall of `precis sentences` on the BBC
gold set (../shared/eval/bbc/sentences, one sentence per line, a blank line
between paragraphs).

Each gold file becomes a text to split: a paragraph's lines joined with a
space, paragraphs separated by a blank line. The true boundaries are the
ends of the gold lines. precis splits the texts (`precis sentences --raw -f
jsonl`), and each sentence end it reports is a predicted boundary.

Two figures are printed: over all boundaries, and over the boundaries
inside paragraphs only (a paragraph's end is given away by the blank line;
the ones inside are the hard ones).

Usage: bench/sentences.py [--precis BUILD/precis] [--eval DIR] [-v]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def build_text(gold):
    """Joined text (bytes), all gold ends, paragraph ends."""
    paragraphs = []
    for block in gold.split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append(lines)
    out = b""
    ends, para_ends = set(), set()
    for k, lines in enumerate(paragraphs):
        if k:
            out += b"\n\n"
        for j, line in enumerate(lines):
            if j:
                out += b" "
            out += line.encode("utf-8")
            ends.add(len(out))
        para_ends.add(len(out))
    return out, ends, para_ends


def context(text, at, width=60):
    left = text[max(0, at - width):at].decode("utf-8", "replace")
    right = text[at:at + width].decode("utf-8", "replace")
    return (left + " | " + right).replace("\n", "\\n")


def ratio(num, den):
    return 100.0 * num / den if den else 100.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--precis", default=os.path.join(REPO, "build", "precis"),
                    help="the precis binary (default: build/precis)")
    ap.add_argument("--eval", default=os.path.join(
        REPO, "..", "shared", "eval", "bbc", "sentences"),
        help="folder of gold files")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every miss and false boundary with context")
    args = ap.parse_args()

    if not os.path.isdir(args.eval):
        print("sentences: no gold set at %s; nothing to measure" % args.eval)
        return 0
    if not os.access(args.precis, os.X_OK):
        print("sentences: %s is not an executable; build first" % args.precis,
              file=sys.stderr)
        return 2

    names = sorted(n for n in os.listdir(args.eval) if n.endswith(".txt"))
    docs = {}
    with tempfile.TemporaryDirectory(prefix="precis-sent-") as tmp:
        paths = []
        for name in names:
            with open(os.path.join(args.eval, name), encoding="utf-8") as f:
                text, ends, para_ends = build_text(f.read())
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(text)
            paths.append(path)
            docs[path] = (name, text, ends, para_ends)
        proc = subprocess.run(
            [args.precis, "sentences", "--raw", "-f", "jsonl"] + paths,
            stdout=subprocess.PIPE, check=False)
        if proc.returncode != 0:
            print("sentences: precis exited with %d" % proc.returncode,
                  file=sys.stderr)
            return 2
        predicted = {}
        for line in proc.stdout.decode("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                predicted[rec["doc"]] = {s["end"] for s in rec["sentences"]}

    tp = fp = fn = 0
    tp_in = fp_in = fn_in = 0
    report = []
    for path, (name, text, ends, para_ends) in docs.items():
        pred = predicted.get(path, set())
        inner_gold = ends - para_ends
        inner_pred = pred - para_ends
        tp += len(pred & ends)
        fp += len(pred - ends)
        fn += len(ends - pred)
        tp_in += len(inner_pred & inner_gold)
        fp_in += len(inner_pred - inner_gold)
        fn_in += len(inner_gold - inner_pred)
        for at in sorted(ends - pred):
            report.append("miss  %s@%d: %s" % (name, at, context(text, at)))
        for at in sorted(pred - ends):
            report.append("false %s@%d: %s" % (name, at, context(text, at)))

    print("documents: %d, gold boundaries: %d (%d inside paragraphs)"
          % (len(docs), tp + fn, tp_in + fn_in))
    print("all boundaries:    precision %.2f%%  recall %.2f%%"
          % (ratio(tp, tp + fp), ratio(tp, tp + fn)))
    print("inside paragraphs: precision %.2f%%  recall %.2f%%"
          % (ratio(tp_in, tp_in + fp_in), ratio(tp_in, tp_in + fn_in)))
    if args.verbose:
        for line in report:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
