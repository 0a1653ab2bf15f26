#!/bin/sh
# Installs the bundle for the current user: the program under ~/.local/lib/flatspace, a
# `flatspace` command, and the desktop entry, MIME type and icons so that double-clicking a CSV
# or a flatspace:// link opens it in Flatspace.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
mkdir -p "$prefix/lib" "$prefix/bin"
rm -rf "$prefix/lib/flatspace"
cp -r "$here" "$prefix/lib/flatspace"
ln -sf "$prefix/lib/flatspace/flatspace" "$prefix/bin/flatspace"
cp -r "$here/share/." "$prefix/share/"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" || true
command -v xdg-mime >/dev/null && xdg-mime default io.flatspace.Flatspace.desktop x-scheme-handler/flatspace || true
echo "Flatspace installed in $prefix (run: flatspace)"
