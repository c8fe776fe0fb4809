# cli_common.sh: the set-up the command-line test scripts share. Sourced,
# not run: the script sets HERE to its own folder, then `. "$HERE/cli_common.sh"`
# with its arguments unchanged, so $1 is the precis binary and $0 the
# script's name.
#
# Gives: PRECIS, CORPUS, PY, a scratch folder T removed on exit, the TAP
# counters, pass / fail, run / expect / has / check, golden_setup, and
# finish to print the plan and exit. A script may define its own versions of the helpers
# after sourcing this.
set -u

PRECIS=${1:?usage: $(basename "$0") PATH/TO/precis}
CORPUS=${PRECIS_CORPUS:-$HERE/../corpus}
PY=${PYTHON:-python3}

T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

tests=0
failures=0

pass() {
    tests=$((tests + 1))
    echo "ok $tests - $1"
}

# fail DESCRIPTION: also shows what the last precis run wrote to stderr
# ($T/err), where there is any.
fail() {
    tests=$((tests + 1))
    failures=$((failures + 1))
    echo "not ok $tests - $1"
    if [ -s "$T/err" ]; then
        echo "# stderr was:"
        sed 's/^/#   /' "$T/err" | head -n 20
    fi
}

# run ARGS...: runs precis, leaving stdout in $T/out, stderr in $T/err and
# the exit status in $rc.
run() {
    "$PRECIS" "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

# expect DESCRIPTION STATUS: checks the last run's exit status.
expect() {
    if [ "$rc" -eq "$2" ]; then
        pass "$1 (exit $2)"
    else
        fail "$1: expected exit $2, got $rc"
    fi
}

# has FILE TEXT: the file contains the fixed string.
has() {
    grep -F -q -e "$2" "$1"
}

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
    desc=$1
    shift
    if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# golden_setup: for scripts that compare with tests/golden, which holds
# bare file names (precis runs inside the corpus folder): sets GOLDEN and
# makes PRECIS an absolute path, so that it still runs after a cd.
golden_setup() {
    GOLDEN=$HERE/golden
    case $PRECIS in
    /*) ;;
    *) PRECIS=$(pwd)/$PRECIS ;;
    esac
}

# finish: the TAP plan and a summary line; exits 1 if any check failed.
finish() {
    echo "1..$tests"
    if [ "$failures" -ne 0 ]; then
        echo "# $failures of $tests checks failed"
        exit 1
    fi
    echo "# all $tests checks passed"
    exit 0
}
