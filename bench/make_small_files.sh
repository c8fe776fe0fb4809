#!/bin/sh
# make_small_files.sh DIR COUNT LINES: writes COUNT files of one line
# each into DIR, in folders of 1,000 (DIR/00/0000000.txt ...): file k
# holds line k modulo their number of the file LINES. For
# bench/small_files.sh and tests/cli_batch.sh.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 DIR COUNT LINES" >&2; exit 2; }
awk -v dir="$1" -v files="$2" '
    { line[n++] = $0 }
    END {
        if (n == 0) exit 1
        for (k = 0; k < files; k++) {
            sub_dir = sprintf("%s/%02d", dir, int(k / 1000))
            if (k % 1000 == 0) system("mkdir -p \"" sub_dir "\"")
            f = sprintf("%s/%07d.txt", sub_dir, k)
            print line[k % n] > f
            close(f)
        }
    }' "$3"
