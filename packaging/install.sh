#!/bin/sh
# Install Fireside's desktop bundle (the "fireside" folder beside this script).
#
#   ./install.sh                     for you:   ~/.local/lib/fireside, ~/.local/bin/fireside,
#                                    the menu entry and icons in $XDG_DATA_HOME (~/.local/share)
#   sudo ./install.sh --prefix /usr/local
#                                    for everyone: PREFIX/lib/fireside, PREFIX/bin/fireside,
#                                    PREFIX/share/{applications,icons,metainfo}
#
# Every file it installs is listed in LIBDIR/install-manifest.txt; LIBDIR/uninstall.sh
# removes exactly those (never your chats, models or settings, which Fireside keeps in
# ~/.local/share/fireside, ~/.config/fireside and ~/.cache/fireside).  The program goes
# to lib/fireside, not ~/.local/share/fireside, because that folder is Fireside's data.
# Nothing that already exists is overwritten: an earlier install by this script is
# uninstalled first; any other file in the way stops the install before it starts.
set -eu

APP_ID=io.github.fireside.Fireside
HERE=$(cd "$(dirname "$0")" && pwd)
BUNDLE=$HERE/fireside

usage() {
    sed -n '2,15s/^# \{0,1\}//p' "$0"
    echo "Options: --prefix DIR   install for everyone under DIR (e.g. /usr/local)"
}

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

PREFIX=
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || fail "--prefix needs a folder"; PREFIX=$2; shift 2 ;;
        --prefix=*) PREFIX=${1#--prefix=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) fail "unknown option: $1 (see --help)" ;;
    esac
done

while [ "${PREFIX%/}" != "$PREFIX" ] && [ "$PREFIX" != / ]; do PREFIX=${PREFIX%/}; done
if [ -n "$PREFIX" ]; then
    case $PREFIX in /*) ;; *) PREFIX=$(pwd)/$PREFIX ;; esac
    LIBDIR=$PREFIX/lib/fireside
    BINDIR=$PREFIX/bin
    DATADIR=$PREFIX/share
    SYSTEM=1
else
    [ -n "${HOME:-}" ] || fail "HOME is not set"
    LIBDIR=$HOME/.local/lib/fireside
    BINDIR=$HOME/.local/bin
    DATADIR=${XDG_DATA_HOME:-$HOME/.local/share}
    SYSTEM=0
fi
MANIFEST=$LIBDIR/install-manifest.txt
RESOURCES=$BUNDLE/_internal/app/_bundled/resources

[ -x "$BUNDLE/fireside" ] || fail "no Fireside bundle at $BUNDLE (run this script from the unpacked tarball)"
[ -f "$RESOURCES/$APP_ID.desktop" ] || fail "the bundle has no desktop entry ($RESOURCES/$APP_ID.desktop)"
case $LIBDIR in
    *[\"\`\$\\%]*|*"
"*) fail "cannot install into $LIBDIR: its name has a character a desktop entry cannot hold" ;;
esac

# An earlier install by this script goes first (an upgrade); anything else is left alone.
if [ -e "$LIBDIR" ] || [ -L "$LIBDIR" ]; then
    if [ -f "$MANIFEST" ] && [ -x "$LIBDIR/uninstall.sh" ]; then
        # Anything in it the manifest does not list stops the upgrade before the old
        # Fireside is removed, so a refused upgrade leaves that one working.
        # Paths are compared relative to the folder: the earlier install may have spelled
        # it differently (a trailing slash, a relative --prefix, a symlinked HOME).
        OLD=$(sed -n 's|^f \(.*\)/install-manifest\.txt$|\1|p' "$MANIFEST" | tail -n 1)
        LISTED=$(mktemp) || fail "cannot write a temporary file"
        FOUND=$(mktemp) || { rm -f "$LISTED"; fail "cannot write a temporary file"; }
        awk -v top="$OLD/" '/^[fd] / { path = substr($0, 3)
            if (index(path, top) == 1) print substr(path, length(top) + 1) }' "$MANIFEST" |
            LC_ALL=C sort -u >"$LISTED"
        (cd "$LIBDIR" && find . -mindepth 1) | sed 's|^\./||' | LC_ALL=C sort >"$FOUND"
        FOREIGN=$(LC_ALL=C comm -13 "$LISTED" "$FOUND" | head -n 3 |
                  awk -v top="$LIBDIR/" '{ print top $0 }')
        rm -f "$LISTED" "$FOUND"
        if [ -z "$OLD" ] || [ -n "$FOREIGN" ]; then
            fail "$LIBDIR holds files the earlier install did not put there; move them away, then run this again (the installed Fireside is left as it was):
$FOREIGN"
        fi
        say "Removing the Fireside installed in $LIBDIR first"
        "$LIBDIR/uninstall.sh" --quiet
        if [ -e "$LIBDIR" ]; then
            fail "$LIBDIR still holds files the earlier install did not put there; move them away first"
        fi
    else
        fail "$LIBDIR exists and was not installed by this script; move it away first"
    fi
fi

# Everything this install would write, checked before anything is written.
ICONS=  # paths under icons/ (hicolor/SIZE/apps/ID.png): no spaces
for icon in "$RESOURCES"/icons/hicolor/*/apps/"$APP_ID".png "$RESOURCES"/icons/hicolor/*/apps/"$APP_ID".svg; do
    [ -f "$icon" ] && ICONS="$ICONS ${icon#"$RESOURCES"/icons/}"
done
must_be_free() {
    if [ -e "$1" ] || [ -L "$1" ]; then
        fail "$1 already exists; remove it (or uninstall the Fireside it belongs to) first"
    fi
}
must_be_free "$BINDIR/fireside"
must_be_free "$DATADIR/applications/$APP_ID.desktop"
for icon in $ICONS; do must_be_free "$DATADIR/icons/$icon"; done
if [ "$SYSTEM" = 1 ] && [ -f "$RESOURCES/$APP_ID.metainfo.xml" ]; then
    must_be_free "$DATADIR/metainfo/$APP_ID.metainfo.xml"
fi

umask 022
LIST=$(mktemp) || fail "cannot write a temporary file"
INSTALLING=0

# A failed install takes back what it had written (LIBDIR did not exist before it).
finish() {
    status=$?
    if [ "$INSTALLING" = 1 ] && [ "$status" != 0 ]; then
        if [ "$status" = 130 ]; then
            printf 'install.sh: interrupted; removing what it had written\n' >&2
        else
            printf 'install.sh: the install failed; removing what it had written\n' >&2
        fi
        rm -rf -- "$LIBDIR"
        sed -n 's/^f //p' "$LIST" | while IFS= read -r path; do rm -f -- "$path"; done
        sed -n 's/^d //p' "$LIST" | sort -r | while IFS= read -r dir; do
            rmdir -- "$dir" 2>/dev/null || true
        done
    fi
    rm -f "$LIST"
}
trap finish EXIT
trap 'exit 130' INT TERM HUP

# make_dirs DIR: mkdir -p, listing each folder it creates (so uninstall can remove it).
make_dirs() {
    missing=
    dir=$1
    while [ ! -d "$dir" ]; do
        missing="$dir
$missing"
        dir=$(dirname "$dir")
    done
    mkdir -p "$1"
    printf '%s' "$missing" | while IFS= read -r made; do
        [ -n "$made" ] && printf 'd %s\n' "$made" >>"$LIST"
    done
    return 0
}

record() { printf 'f %s\n' "$1" >>"$LIST"; }

# A cache file that a system tool writes beside our files: listed only if it is new, so
# uninstall removes it only when nothing else is left in its folder.
note_cache() { [ -e "$1" ] || printf 'c %s\n' "$1" >>"$LIST"; }

# 1. The program.
INSTALLING=1
make_dirs "$(dirname "$LIBDIR")"
mkdir "$LIBDIR"
printf 'd %s\n' "$LIBDIR" >>"$LIST"
cp -R -P "$BUNDLE/." "$LIBDIR/"
(cd "$LIBDIR" && find . -mindepth 1 -type d) | while IFS= read -r dir; do
    printf 'd %s/%s\n' "$LIBDIR" "${dir#./}"
done >>"$LIST"
(cd "$LIBDIR" && find . ! -type d) | while IFS= read -r file; do
    printf 'f %s/%s\n' "$LIBDIR" "${file#./}"
done >>"$LIST"
cp "$HERE/uninstall.sh" "$LIBDIR/uninstall.sh"
chmod 755 "$LIBDIR/uninstall.sh"
record "$LIBDIR/uninstall.sh"

make_dirs "$BINDIR"
ln -s "$LIBDIR/fireside" "$BINDIR/fireside"
record "$BINDIR/fireside"

# 2. The menu entry, its Exec (and TryExec) pointing at the installed program.
EXEC=$LIBDIR/fireside
case $EXEC in  # quoted when it holds a character the desktop entry spec reserves
    *[[:space:]\'\>\<\~\|\&\;\*\?\#\(\)]*) EXEC_QUOTED="\"$EXEC\"" ;;
    *) EXEC_QUOTED=$EXEC ;;
esac
EXEC_SED=$(printf '%s' "$EXEC_QUOTED" | sed 's/[&|]/\\&/g')  # as sed's replacement
TRY_SED=$(printf '%s' "$EXEC" | sed 's/[&|]/\\&/g')
make_dirs "$DATADIR/applications"
note_cache "$DATADIR/applications/mimeinfo.cache"
sed -e "s|^Exec=fireside\([[:space:]]\)|Exec=$EXEC_SED\1|" -e "s|^Exec=fireside\$|Exec=$EXEC_SED|" \
    -e "s|^TryExec=.*|TryExec=$TRY_SED|" \
    "$RESOURCES/$APP_ID.desktop" >"$DATADIR/applications/$APP_ID.desktop"
record "$DATADIR/applications/$APP_ID.desktop"

# 3. The icons (hicolor: every size, and the scalable SVG).
for icon in $ICONS; do
    make_dirs "$(dirname "$DATADIR/icons/$icon")"
    cp "$RESOURCES/icons/$icon" "$DATADIR/icons/$icon"
    record "$DATADIR/icons/$icon"
done

# 4. AppStream metadata, for software centres (system-wide installs).
if [ "$SYSTEM" = 1 ] && [ -f "$RESOURCES/$APP_ID.metainfo.xml" ]; then
    make_dirs "$DATADIR/metainfo"
    cp "$RESOURCES/$APP_ID.metainfo.xml" "$DATADIR/metainfo/$APP_ID.metainfo.xml"
    record "$DATADIR/metainfo/$APP_ID.metainfo.xml"
fi

# 5. The desktop's caches, where the tools exist (a missing tool is no error).
# (update-desktop-database keeps mimeinfo.cache, the file types' programs: run when the
# entry names file types, or to keep a cache that is there up to date.)
if command -v update-desktop-database >/dev/null 2>&1 &&
   { grep -q '^MimeType=' "$DATADIR/applications/$APP_ID.desktop" ||
     [ -f "$DATADIR/applications/mimeinfo.cache" ]; }; then
    update-desktop-database -q "$DATADIR/applications" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATADIR/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -f "$DATADIR/icons/hicolor" 2>/dev/null || true
fi

cp "$LIST" "$MANIFEST"
chmod 644 "$MANIFEST"
printf 'f %s\n' "$MANIFEST" >>"$MANIFEST"
INSTALLING=0

# A command to copy: quoted when the path holds a space or another special character.
shell_word() {
    case $1 in
        *[!A-Za-z0-9_./+:@%,=-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
        *) printf '%s' "$1" ;;
    esac
}
say "Fireside is installed in $LIBDIR"
# Menus read the applications folders of XDG_DATA_HOME and XDG_DATA_DIRS only.
MENU=0
case ":${XDG_DATA_DIRS:-/usr/local/share:/usr/share}:${XDG_DATA_HOME:-${HOME:-}/.local/share}:" in
    *":$DATADIR:"*) MENU=1 ;;
esac
if [ "$MENU" = 1 ]; then
    say "Start it from your applications menu, or run: $(shell_word "$BINDIR/fireside")"
else
    say "Run: $(shell_word "$BINDIR/fireside") (menus do not look in $DATADIR; add it to XDG_DATA_DIRS for the menu entry)"
fi
case ":${PATH:-}:" in
    *":$BINDIR:"*) ;;
    *) say "($BINDIR is not on your PATH; add it to run plain \"fireside\".)" ;;
esac
say "To remove it: $(shell_word "$LIBDIR/uninstall.sh")"
