#!/usr/bin/env bash
# Installs everything Delegation Desk needs to build, run and test on Debian 12, idempotently.
# Safe to run again: each step is skipped when its result is already present.
set -euo pipefail

# libssl-dev: SQLCipher (rusqlite's bundled-sqlcipher) links the system's libcrypto; the .deb depends on
# libssl3 at run time. The keyring uses a pure-Rust D-Bus client: no libdbus-1-dev needed.
# libclang-dev: rusqlite's `session` feature (the exchange's change capture) makes libsqlite3-sys
# generate its bindings with bindgen at build time.
PKGS=(build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev libxdo-dev libclang-dev
      libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver
      poppler-utils qpdf fonts-noto-core dbus iproute2)
# Packaging uses the Tauri CLI from npm: Debian's Node.js only when the machine has none of its own.
if ! command -v npx >/dev/null 2>&1; then PKGS+=(nodejs npm); fi

if ! command -v cargo >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  # Debian's own rustc is too old for Tauri 2: install the stable toolchain with rustup.
  echo "setup: no Rust toolchain found; installing rustup's stable toolchain"
  command -v curl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq curl ca-certificates; }
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
fi
export PATH="$HOME/.cargo/bin:$PATH"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # The first install on these images can fail with "cannot access archive": a retry succeeds.
  for try in 1 2 3; do
    if $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then break; fi
    if [ "$try" -eq 3 ]; then echo "setup: apt-get install failed 3 times" >&2; exit 1; fi
    echo "setup: apt-get install failed (try $try), retrying"
  done
else
  echo "setup: system packages present"
fi

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2.0'
else
  echo "setup: tauri-driver present"
fi

# Licences, bans and sources of the dependency tree (deny.toml), checked offline by scripts/test.sh.
if ! command -v cargo-deny >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  echo "setup: installing cargo-deny (a few minutes on two cores)"
  cargo install cargo-deny --locked
else
  echo "setup: cargo-deny present"
fi
