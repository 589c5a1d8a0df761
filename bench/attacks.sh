#!/usr/bin/env bash
# Peak memory on hostile bundles: each attack is generated as a stream (examples/attacks.rs)
# and piped into the tool, so nothing is written to disk whole. Fails when an attack takes
# more than the bound.
#
#   bash bench/attacks.sh                     # every attack at the sizes below
#   bash bench/attacks.sh long-name 100       # one attack
set -euo pipefail
cd "$(dirname "$0")/.."

BOUND_MB=${BOUND_MB:-300}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 1; }
cargo build --release --quiet --bin vmstuck-analyze --example attacks
mkdir -p target/bench

if [ $# -eq 2 ]; then
  attacks=("$1 $2")
else
  # The sizes of the reported attacks: 1 GiB of matching lines, a 100 MB name, a 100 MB
  # message, a 250 MiB describe of empty lines, a List of 200k events, and 64 MiB of pasted
  # text with non-ASCII characters.
  attacks=("matching-lines 1024" "long-name 100" "long-field 100" "newline-describe 250" "big-list 200000" "non-ascii-paste 64")
fi

failed=0
printf '%-18s %10s %9s %12s  %s\n' attack size seconds "peak RSS" verdict
for a in "${attacks[@]}"; do
  set -- $a
  out=target/bench/attack-$1.json
  times=target/bench/attack-$1.time
  # Both ends must succeed: a generator that fails would hand the tool a truncated stream.
  ./target/release/examples/attacks "$1" "$2" \
    | /usr/bin/time -o "$times" -f '%e %M' ./target/release/vmstuck-analyze - --format json -o "$out"
  read -r secs kb <"$times"
  mb=$((kb / 1024))
  verdict=ok
  if [ "$mb" -gt "$BOUND_MB" ]; then verdict="over ${BOUND_MB} MB"; failed=1; fi
  printf '%-18s %10s %9s %9s MB  %s\n' "$1" "$2" "$secs" "$mb" "$verdict"
done
exit $failed
