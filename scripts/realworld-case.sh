#!/usr/bin/env bash
# Runs the tool on one real-world case's artifacts as pasted (tests/realworld/<case>/, without
# its case.yaml), for looking at what it finds:  bash scripts/realworld-case.sh pleg-containerd-3529 [--format json]
set -euo pipefail
cd "$(dirname "$0")/.."
case=$1; shift
dir=tests/realworld/$case
mapfile -t files < <(sed -n 's/^  - file: //p' "$dir/case.yaml" | sed "s|^|$dir/|")
cargo run -q --release -- "${files[@]}" "$@"
