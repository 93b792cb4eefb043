#!/bin/sh
# SPDX-License-Identifier: MIT
# The shared library exports exactly the global symbols of the version
# script, all anq_*, and its soname is libanq.so.0.
set -eu
lib=$1
map=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBW]$/ {print $3}' | sed 's/@.*//' | grep -v '^ANQ_' | sort -u)
declared=$(sed -n '/global:/,/local:/p' "$map" | grep -o 'anq_[a-z0-9_]*' | sort -u)
status=0
if [ "$exported" != "$declared" ]; then
    echo "exported symbols differ from $map:"
    printf '%s\n' "$exported" > /tmp/anq-exported.$$
    printf '%s\n' "$declared" > /tmp/anq-declared.$$
    diff -u /tmp/anq-declared.$$ /tmp/anq-exported.$$ || true
    rm -f /tmp/anq-exported.$$ /tmp/anq-declared.$$
    status=1
fi
bad=$(printf '%s\n' "$exported" | grep -v '^anq_' || true)
if [ -n "$bad" ]; then
    echo "symbols without the anq_ prefix: $bad"
    status=1
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
if [ "$soname" != "libanq.so.0" ]; then
    echo "soname is '$soname', expected libanq.so.0"
    status=1
fi
[ $status -eq 0 ] && echo "ok: $(printf '%s\n' "$exported" | wc -l) anq_* symbols, soname $soname"
exit $status
