#!/usr/bin/env bash
# Runs every test of Delegation Desk. On a fresh Debian 12 machine it first installs what is missing
# (scripts/setup.sh), then checks formatting and lints, builds the app and the `desk` tool, and runs the
# engine's unit tests, the commands on Tauri's mock runtime, the `desk` binary tests and the end-to-end
# tests of the real app window (tauri-driver + WebKitWebDriver under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check
step "lint (clippy, warnings denied)"
cargo clippy --locked --workspace --all-targets -- -D warnings
step "build the app and the desk tool"
cargo build --locked -p desk-core -p delegation-desk
step "engine unit tests and app commands on the mock runtime"
cargo test --locked -p desk-core -p delegation-desk
step "end to end: the desk binary and the real app window"
# One WebDriver session at a time; screenshots land in tests/output/.
xvfb-run -a -s "-screen 0 1280x800x24" cargo test --locked -p desk-e2e -- --test-threads=1
