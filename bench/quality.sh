#!/bin/sh
# Summary quality of precis next to Lead-N and Open Text Summarizer, on the
# evaluation sets in ../shared/eval (outside the repository; never copied
# in; PRECIS_EVAL may name another place). Prints one table of ROUGE-1/2/L
# F1. See bench/quality.py for the method and the options (--sets).
# Usage: bench/quality.sh [--sets SET:N,...] [WORKDIR]
# PRECIS may name the precis binary; otherwise it is built with meson's
# release settings in build-bench-release/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/need.sh"
bench_eval quality
need ots ots
bench_precis
exec python3 "$here/quality.py" "$PRECIS" "$EVAL" "$@"
