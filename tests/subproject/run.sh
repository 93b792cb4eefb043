#!/bin/sh
# SPDX-License-Identifier: MIT
# anq as a Meson subproject: copy this folder's project to a scratch folder,
# point its subprojects/anq at the source tree, configure it with the
# fallback forced (so an installed anq is not picked up), build, run.
set -eu
srcdir=$1
page=$srcdir/examples/nosdeputes-question.html
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$srcdir/tests/subproject/meson.build" "$srcdir/tests/subproject/consumer.c" "$work/"
mkdir "$work/subprojects"
ln -s "$srcdir" "$work/subprojects/anq"
meson setup "$work/build" "$work" --force-fallback-for=anq \
    -Danq:tests=false -Danq:examples=false >"$work/setup.log" 2>&1 ||
    { cat "$work/setup.log"; exit 1; }
grep -q "^Executing subproject anq" "$work/setup.log" &&
    grep -q "^Dependency anq found: YES" "$work/setup.log" ||
    { echo "the anq dependency did not come from the subproject:"; cat "$work/setup.log"; exit 1; }
ninja -C "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
out=$("$work/build/consumer" "$page")
echo "$out"
[ "$out" = "QANR5L16QE9876 https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE9876" ] ||
    { echo "unexpected output"; exit 1; }
echo "ok: dependency('anq', fallback: ['anq', 'anq_dep']) builds and runs"
