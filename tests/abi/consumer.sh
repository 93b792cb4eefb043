#!/bin/sh
# SPDX-License-Identifier: MIT
# Install into a staging folder (DESTDIR), check that every installed piece
# is there (headers, shared and static libraries, anq.pc, the anq command,
# the man pages), build a program against it through `pkg-config anq` and
# run it on a bundled page, then link the same program with libanq.a.
# ANQ_LIBRARIES is the build's default_library (both, shared or static).
set -eu
builddir=$1
srcdir=$2
cc=${CC:-cc}
libraries=${ANQ_LIBRARIES:-both}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$builddir" --destdir "$stage" --no-rebuild --quiet >/dev/null
pcdir=$(dirname "$(find "$stage" -name anq.pc | head -n 1)")
[ -n "$pcdir" ] || { echo "anq.pc was not installed"; exit 1; }

status=0
need() { # need WHAT NAME: one installed file called NAME
    found=$(find "$stage" \( -type f -o -type l \) -name "$2" | head -n 1)
    if [ -z "$found" ]; then
        echo "not installed: $1 ($2)"
        status=1
    else
        echo "installed: $1 ${found#"$stage"}"
    fi
}
need "public header" anq.h
need "version header" anq_version.h
[ "$libraries" = static ] || need "shared library" libanq.so.0
[ "$libraries" = shared ] || need "static library" libanq.a
need "command" anq
need "man page anq(1)" anq.1
need "man page anq(3)" anq.3
[ $status -eq 0 ] || exit 1
case $(find "$stage" -name anq.1) in */man1/anq.1) ;; *) echo "anq.1 is not in a man1 folder"; exit 1 ;; esac
case $(find "$stage" -name anq.3) in */man3/anq.3) ;; *) echo "anq.3 is not in a man3 folder"; exit 1 ;; esac
grep -q '^\.SS anq_parse$' "$(find "$stage" -name anq.3)" || { echo "anq.3 does not document anq_parse"; exit 1; }

export PKG_CONFIG_PATH="$pcdir"
export PKG_CONFIG_SYSROOT_DIR="$stage"
if [ "$libraries" != static ]; then
flags=$(pkg-config --cflags --libs anq)
$cc ${ANQ_CONSUMER_CFLAGS:-} -o "$stage/parse-one" "$srcdir/examples/parse-one.c" $flags
libdir=$(dirname "$(find "$stage" -name 'libanq.so.0' | head -n 1)")
out=$(LD_LIBRARY_PATH="$libdir" "$stage/parse-one" "$srcdir/examples/nosdeputes-question.html")
echo "$out"
case "$out" in
    *"QANR5L16QE9876"*"answered"*) echo "ok: consumer built with pkg-config runs" ;;
    *) echo "unexpected output"; exit 1 ;;
esac
fi

# The static library: libanq.a, then the libraries anq.pc requires privately
# (libxml2), linked as shared libraries.
if [ "$libraries" != shared ]; then
static=$(find "$stage" -name libanq.a | head -n 1)
cflags=$(pkg-config --cflags anq)
requires=$(pkg-config --print-requires-private anq | awk '{print $1}')
[ -n "$requires" ] || { echo "anq.pc requires no library privately (libxml-2.0 expected)"; exit 1; }
private=$(pkg-config --libs $requires)
$cc ${ANQ_CONSUMER_CFLAGS:-} -o "$stage/parse-one-static" "$srcdir/examples/parse-one.c" \
    $cflags "$static" $private
if objdump -p "$stage/parse-one-static" | grep -q 'NEEDED.*libanq'; then
    echo "the static consumer still needs libanq.so"
    exit 1
fi
out=$(env -u LD_LIBRARY_PATH "$stage/parse-one-static" "$srcdir/examples/nosdeputes-question.html")
case "$out" in
    *"QANR5L16QE9876"*"answered"*) echo "ok: consumer linked with libanq.a runs" ;;
    *) echo "unexpected output from the static consumer: $out"; exit 1 ;;
esac
fi

# The installed command runs on the installed library.
bindir=$(dirname "$(find "$stage" -type f -name anq | head -n 1)")
libdir=$(dirname "$(find "$stage" -name 'libanq.*' | head -n 1)")
out=$(LD_LIBRARY_PATH="$libdir" "$bindir/anq" --url-for=dyn QANR5L16QE15463)
[ "$out" = "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463" ] ||
    { echo "installed anq printed '$out'"; exit 1; }
echo "ok: installed anq runs"
