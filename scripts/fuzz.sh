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
# Every target fuzz/Cargo.toml declares, unless some are named.
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v vmstuck)

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
# Each reader is seeded with the real samples of its form (tests/samples/<form>/).
for t in "${targets[@]}"; do
  case $t in
    log_journal) forms="journal-*" ;; log_dmesg) forms="dmesg*" ;; log_audit) forms="audit*" ;;
    log_libvirt) forms="libvirt-log" ;; log_qemu) forms="qemu-log" ;; log_klog|log_logfmt) forms="journal-*" ;;
    json_logs) forms="log-virt-*" ;; describe) forms="describe-*" ;; get_table) forms="get-*" ;;
    yaml_objects) forms="events-yaml object-fragment" ;; pasted_text) forms="*" ;; *) forms="" ;;
  esac
  for f in $forms; do
    for d in tests/samples/$f; do
      [ -d "$d" ] && seed "$t" "$d"/*
    done
  done
done

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
