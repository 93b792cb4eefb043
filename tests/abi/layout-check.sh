#!/bin/sh
# SPDX-License-Identifier: MIT
# Compare the struct layout with the recorded one. Appending lines (new
# fields, a larger sizeof anq_question) is allowed; changing one is not.
set -eu
got=$("$1")
expected=$2
status=0
while IFS= read -r line; do
    key=${line% *}
    case "$key" in "sizeof anq_question") continue ;; esac
    if ! printf '%s\n' "$got" | grep -qxF "$line"; then
        echo "ABI change: expected '$line', got '$(printf '%s\n' "$got" | grep -F "$key " || echo missing)'"
        status=1
    fi
done < "$expected"
[ $status -eq 0 ] && echo "ok: layout matches $expected"
exit $status
