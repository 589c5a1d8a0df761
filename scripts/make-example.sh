#!/usr/bin/env bash
# Packs the fixture bundle the README runs on into fixtures/example.tar.gz, byte for byte the
# same on every machine (sorted names, fixed owner and time, no gzip timestamp).
set -euo pipefail
cd "$(dirname "$0")/.."
src=fixtures/bundles/${1:-attach-timeout-two-images}
root=$(cd "$src" && ls -d must-gather.local.*)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2024-01-01 00:00Z' \
  --format=pax --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$src" -cf - "$root" | gzip -9n > fixtures/example.tar.gz
echo "wrote fixtures/example.tar.gz from $src/$root"
