#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time, seeded from the fixture bundles.
#   bash scripts/fuzz.sh            # 60 s per target
#   SECONDS_PER_TARGET=600 bash scripts/fuzz.sh archive yaml_objects
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on the stable toolchain without a
# sanitizer (`-s none`): libFuzzer still finds panics, hangs and out-of-memory.
# A crash leaves its input in fuzz/artifacts/<target>/ and makes this script fail.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${SECONDS_PER_TARGET:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(archive yaml_objects describe json_logs domain_xml)

seed() {
  local target=$1; shift
  mkdir -p "fuzz/corpus/$target"
  # Seeds are small real inputs; libFuzzer dedups them, so re-copying is harmless.
  for f in "$@"; do
    [ -s "$f" ] && [ "$(stat -c %s "$f")" -lt 200000 ] && cp "$f" "fuzz/corpus/$target/$(echo "$f" | md5sum | cut -c1-16)"
  done
  return 0
}

mapfile -t yamls < <(find fixtures/bundles -name '*.yaml' -size -100k | sort | head -200)
mapfile -t logs < <(find fixtures/bundles -name '*.log' | sort | head -100)
mapfile -t describes < <(grep -rl --include='*.txt' '^Name:' fixtures/bundles | sort)
mapfile -t domains < <(grep -rl '<domain' fixtures/bundles | sort)
seed archive fixtures/example.tar.gz
seed yaml_objects "${yamls[@]}"
seed json_logs "${logs[@]}"
seed describe "${describes[@]}"
seed domain_xml "${domains[@]}"

cd fuzz
for t in "${targets[@]}"; do
  echo "== $t for ${secs}s"
  cargo fuzz run -s none "$t" -- -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 2>&1 \
    | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE|==[0-9]+== ERROR|SUMMARY|Done)' || true
  if [ -n "$(ls -A "artifacts/$t" 2>/dev/null)" ]; then
    echo "FAIL: $t left crash inputs in fuzz/artifacts/$t" >&2
    exit 1
  fi
done
echo "fuzz: no findings"
