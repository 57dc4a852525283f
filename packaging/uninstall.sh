#!/bin/sh
# Remove the Fireside that install.sh installed: exactly the files in its manifest
# (LIBDIR/install-manifest.txt), and the folders it created once they are empty.
#
#   ~/.local/lib/fireside/uninstall.sh          (or ./uninstall.sh from the tarball)
#   sudo /usr/local/lib/fireside/uninstall.sh   (or ./uninstall.sh --prefix /usr/local)
#
# Your chats, models and settings (~/.local/share/fireside, ~/.config/fireside,
# ~/.cache/fireside) are never in the manifest, so they stay.  Delete them yourself if you
# want them gone.
set -eu

APP_ID=io.github.fireside.Fireside
HERE=$(cd "$(dirname "$0")" && pwd)
QUIET=0
PREFIX=
fail() { printf 'uninstall.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || fail "--prefix needs a folder"; PREFIX=$2; shift 2 ;;
        --prefix=*) PREFIX=${1#--prefix=}; shift ;;
        --quiet) QUIET=1; shift ;;
        -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) fail "unknown option: $1 (see --help)" ;;
    esac
done

if [ -n "$PREFIX" ]; then
    case $PREFIX in /*) ;; *) PREFIX=$(pwd)/$PREFIX ;; esac
    LIBDIR=$PREFIX/lib/fireside
elif [ -f "$HERE/install-manifest.txt" ]; then
    LIBDIR=$HERE
else
    [ -n "${HOME:-}" ] || fail "HOME is not set"
    LIBDIR=$HOME/.local/lib/fireside
fi
[ -f "$LIBDIR/install-manifest.txt" ] || fail "no Fireside installed by install.sh in $LIBDIR"

# The manifest is read from a copy: it lists itself, and this script.
LIST=$(mktemp) || fail "cannot write a temporary file"
trap 'rm -f "$LIST"' EXIT
cp "$LIBDIR/install-manifest.txt" "$LIST"

# Only absolute, plain paths (a damaged manifest removes nothing it should not).
while IFS= read -r line; do
    case $line in
        "f /"*|"d /"*|"c /"*) ;;
        *) fail "the manifest has a line it does not understand: $line" ;;
    esac
    case $line in
        *"/../"*|*"/./"*|*/..|*/.) fail "the manifest has a path it does not accept: $line" ;;
    esac
done <"$LIST"

# 1. The files (and links) it installed.
sed -n 's/^f //p' "$LIST" | while IFS= read -r path; do
    if [ -L "$path" ] || [ -f "$path" ]; then
        rm -f -- "$path"
    fi
done

# 2. The desktop's caches, brought up to date without our entry and icons.
sed -n 's/^f //p' "$LIST" | grep -E "/applications/$APP_ID\\.desktop\$" | while IFS= read -r entry; do
    dir=$(dirname "$entry")
    if [ -f "$dir/mimeinfo.cache" ] && command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$dir" 2>/dev/null || true
    fi
done
sed -n 's/^f //p' "$LIST" | sed -n 's|/icons/hicolor/.*|/icons/hicolor|p' | sort -u | while IFS= read -r dir; do
    if [ -f "$dir/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -f "$dir" 2>/dev/null || true
    fi
done

# 3. A cache the install brought into being goes when it is all that is left in its folder.
sed -n 's/^c //p' "$LIST" | while IFS= read -r cache; do
    dir=$(dirname "$cache")
    if [ -f "$cache" ] && [ "$(ls -A "$dir")" = "$(basename "$cache")" ]; then
        rm -f -- "$cache"
    fi
done

# 4. The folders it created, deepest first, if nothing else is in them.
sed -n 's/^d //p' "$LIST" | sort -r | while IFS= read -r dir; do
    rmdir -- "$dir" 2>/dev/null || true
done

if [ "$QUIET" = 0 ]; then
    if [ -d "$LIBDIR" ]; then
        printf 'Fireside is uninstalled; %s still holds files it did not install.\n' "$LIBDIR"
    else
        printf 'Fireside is uninstalled.\n'
    fi
fi
