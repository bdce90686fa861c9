#!/usr/bin/env bash
# record.sh [CASE...] — (re)record the kernel transcripts of cases/*.sh.
# For each case one run of `SHOW_RC=1 kernel-run.sh -x` is made; from it
#   kernel/NAME.txt     the transcript without the rc= lines (what `pktsim run -x` must print)
#   kernel-rc/NAME.txt  the same run with an "rc=N" line after each command
# are written. Cases run one after another (timing-sensitive states assume an idle machine).
set -u
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/kernel" "$here/kernel-rc"
if (($# == 0)); then set -- "$here"/cases/*.sh; fi
status=0
for c in "$@"; do
  name=$(basename "$c" .sh)
  tmp=$(mktemp)
  SHOW_RC=1 "$here/kernel-run.sh" -x "$here/cases/$name.sh" >"$tmp"
  rc=$?
  if ((rc == 64 || rc == 65 || rc == 77 || rc == 78)); then
    echo "record: $name: kernel-run.sh failed with $rc" >&2
    rm -f "$tmp"; status=1; continue
  fi
  cp "$tmp" "$here/kernel-rc/$name.txt"
  grep -Ev '^rc=[0-9]+$' "$tmp" >"$here/kernel/$name.txt"
  rm -f "$tmp"
  echo "recorded $name (exit $rc)"
done
exit $status
