#!/bin/sh
# SPDX-License-Identifier: MIT
# Install into a staging folder (DESTDIR), build a program against it through
# `pkg-config anq` and run it on a bundled page.
set -eu
builddir=$1
srcdir=$2
cc=${CC:-cc}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$builddir" --destdir "$stage" --no-rebuild --quiet >/dev/null
pcdir=$(dirname "$(find "$stage" -name anq.pc | head -n 1)")
[ -n "$pcdir" ] || { echo "anq.pc was not installed"; exit 1; }
export PKG_CONFIG_PATH="$pcdir"
export PKG_CONFIG_SYSROOT_DIR="$stage"
flags=$(pkg-config --cflags --libs anq)
$cc ${ANQ_CONSUMER_CFLAGS:-} -o "$stage/parse-one" "$srcdir/examples/parse-one.c" $flags
libdir=$(dirname "$(find "$stage" -name 'libanq.so.0' | head -n 1)")
out=$(LD_LIBRARY_PATH="$libdir" "$stage/parse-one" "$srcdir/examples/nosdeputes-question.html")
echo "$out"
case "$out" in
    *"QANR5L16QE9876"*"answered"*) echo "ok: consumer built with pkg-config runs" ;;
    *) echo "unexpected output"; exit 1 ;;
esac
