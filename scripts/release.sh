#!/usr/bin/env bash
# Builds static release binaries (musl, no C dependencies: every codec is pure Rust) for
# x86_64 and aarch64 Linux, linked with rust-lld, and packs each with its completions and
# manual page into dist/vmstuck-analyze-<version>-<target>.tar.gz, with SHA-256 sums.
#   bash scripts/release.sh                      # both targets
#   TARGETS=x86_64-unknown-linux-musl bash scripts/release.sh
# Needs rustup (it adds the targets); nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=${TARGETS:-"x86_64-unknown-linux-musl aarch64-unknown-linux-musl"}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
mkdir -p dist

for target in $targets; do
  rustup target add "$target" >/dev/null
  upper=$(echo "$target" | tr 'a-z-' 'A-Z_')
  # rust-lld with the target's own musl start files: no cross toolchain needed.
  env "CARGO_TARGET_${upper}_LINKER=rust-lld" RUSTFLAGS="-C strip=symbols -C target-feature=+crt-static" \
    cargo build --release --locked --target "$target"
  bin=target/$target/release/vmstuck-analyze
  stage=$(mktemp -d)
  name=vmstuck-analyze-$version-$target
  mkdir -p "$stage/$name/completions"
  cp "$bin" README.md "$stage/$name/"
  # Completions and the manual page come from the host build of the same sources.
  cargo run --release --quiet -- man > "$stage/$name/vmstuck-analyze.1"
  for shell in bash zsh fish; do
    cargo run --release --quiet -- completions "$shell" > "$stage/$name/completions/vmstuck-analyze.$shell"
  done
  tar -C "$stage" -czf "dist/$name.tar.gz" "$name"
  rm -rf "$stage"
  echo "dist/$name.tar.gz"
done
(cd dist && sha256sum ./*.tar.gz > SHA256SUMS)
