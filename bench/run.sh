#!/usr/bin/env bash
# Times vmstuck-analyze against plain decompression on one generated bundle, in one run:
#   gzip -dc BUNDLE > /dev/null      (the floor: reading the archive at all)
#   vmstuck-analyze BUNDLE           (the whole analysis)
# and prints the ratio and the tool's peak RSS (/usr/bin/time -v).
#
#   bash bench/run.sh                 # 2000 VMs, ~1.1 GB of logs (generated once, then reused)
#   VMS=500 LOG_MB=300 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VMS=${VMS:-2000}
LOG_MB=${LOG_MB:-1100}
RUNS=${RUNS:-3}
bundle=target/bench/bundle-${VMS}vms-${LOG_MB}mb.tar.gz

command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 1; }

cargo build --release --quiet --bin vmstuck-analyze --example gen_bundle
mkdir -p target/bench
if [ ! -s "$bundle" ]; then
  echo "generating $bundle"
  ./target/release/examples/gen_bundle --vms "$VMS" --log-mb "$LOG_MB" -o "$bundle"
fi

# Best of RUNS for each, so a busy moment on the machine does not decide the figure.
best() { sort -n | head -1; }
seconds() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }

gzip_s=$(for _ in $(seq "$RUNS"); do seconds gzip -dc "$bundle"; done | best)
tool_s=$(for _ in $(seq "$RUNS"); do seconds ./target/release/vmstuck-analyze "$bundle" --format json -o /dev/null; done | best)
rss_kb=$(/usr/bin/time -v ./target/release/vmstuck-analyze "$bundle" --format json -o /dev/null 2>&1 >/dev/null \
  | awk -F': ' '/Maximum resident set size/ {print $2}')
raw_mb=$(gzip -dc "$bundle" | wc -c | awk '{printf "%.0f", $1 / 1048576}')

echo "bundle:            $bundle ($(du -m "$bundle" | cut -f1) MB compressed, $raw_mb MB uncompressed)"
echo "machine:           $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "gzip -dc:          ${gzip_s}s (best of $RUNS)"
echo "vmstuck-analyze:   ${tool_s}s (best of $RUNS)"
awk -v t="$tool_s" -v g="$gzip_s" 'BEGIN { printf "ratio:             %.2f (target <= 1.2)\n", t / g }'
awk -v k="$rss_kb" 'BEGIN { printf "peak RSS:          %.0f MB (target <= 300)\n", k / 1024 }'
