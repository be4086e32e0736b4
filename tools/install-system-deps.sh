#!/bin/sh
# The project's one install step for system (Debian) packages, called by `make reproduce`,
# `make test` and `.ci/run`. The packages are listed in tools/debian-packages.txt.
#
# - Everything installed: prints nothing, exits 0.
# - Something missing, running as root with apt-get: `apt-get update` then
#   `apt-get install -y --no-install-recommends` of exactly the missing packages.
# - Something missing, not root (or no apt-get): prints the exact apt-get line to run and exits 0;
#   `make test` then skips the paper builds and `make reproduce` writes results/ and the figures,
#   then stops with exit status 2 and the same line.
#
# SKIP_SYSTEM_DEPS=1 skips the step; --check only reports (exit 1 when something is missing);
# --print prints the package names.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
packages=$(sed 's/#.*//' "$here/debian-packages.txt" | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//')
line="sudo apt-get update && sudo apt-get install -y --no-install-recommends $packages"

if [ "${1:-}" = "--print" ]; then
    echo "$packages"
    exit 0
fi
if [ "${SKIP_SYSTEM_DEPS:-0}" = "1" ]; then
    exit 0
fi

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for p in $packages; do
        status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
        case "$status" in
            ii*) ;;
            *) missing="$missing $p" ;;
        esac
    done
else
    # Not Debian: look for the programs and the one font package by what they provide.
    for c in latexmk pdflatex bibtex pdftotext; do
        command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
    done
    if command -v kpsewhich >/dev/null 2>&1; then
        for s in lmodern.sty microtype.sty booktabs.sty xcolor.sty; do
            [ -n "$(kpsewhich "$s" 2>/dev/null)" ] || missing="$missing $s"
        done
    fi
fi
missing=$(echo "$missing" | sed 's/^ //')

if [ -z "$missing" ]; then
    [ "${1:-}" = "--check" ] && echo "system packages: all installed ($packages)"
    exit 0
fi
if [ "${1:-}" = "--check" ]; then
    echo "system packages missing: $missing" >&2
    exit 1
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    echo "Installed: $missing" >&2
    exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
    how="run as root (or with sudo):"
else
    how="this is not a Debian/Ubuntu system; install the equivalent of these Debian packages:"
fi
cat >&2 <<EOF
NOTE: system packages missing ($missing); the paper cannot be compiled until they are installed.
To install them, $how
    $line
Without them, \`make test\` skips the paper builds and \`make reproduce\` writes results/ and the
figures, then stops with exit status 2.
EOF
exit 0
