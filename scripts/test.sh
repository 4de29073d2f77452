#!/usr/bin/env bash
# Runs every test of Delegation Desk. On a fresh Debian 12 machine it first installs what is missing
# (scripts/setup.sh), then checks the dependencies' licences, bans and sources (cargo deny), formatting
# and lints, builds the app and the `desk` tool, and runs the engine's unit tests, the commands on
# Tauri's mock runtime, the replay of every input that ever crashed a fuzzer, a bounded coverage-guided
# fuzzing run of every reader of outside data, the `desk` binary tests, the kill test and the end-to-end
# tests of the real app window (tauri-driver + WebKitWebDriver under Xvfb) with the network unreachable.
# Last, it builds the .deb and .rpm, installs the .deb, runs the smoke test against the installed app
# and removes it again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

# Runs a command in a network namespace that has only loopback: proof that the app needs no network.
offline() {
  if unshare --net true 2>/dev/null; then
    unshare --net -- bash -c 'ip link set lo up && exec "$@"' offline "$@"
  else
    echo "warning: cannot create a network namespace here (not root?); running with the network" >&2
    "$@"
  fi
}
# A virtual display for the real window (an array, not a function: `offline` runs it in a new shell).
XVFB=(xvfb-run -a -s "-screen 0 1280x800x24")
# A clean build gains nothing from incremental compilation and pays for it in time and disk.
export CARGO_INCREMENTAL=0

step "licences, bans and sources of the dependency tree (deny.toml; offline, so no advisories)"
# The locked crates for this platform are fetched first (a no-op when the builds already have them).
cargo fetch --locked --target x86_64-unknown-linux-gnu
offline cargo deny --offline --locked -L error check licenses bans sources
step "format"
cargo fmt --all -- --check
step "lint (clippy, warnings denied)"
cargo clippy --locked --workspace --all-targets -- -D warnings
step "build the app and the desk tool"
cargo build --locked -p desk-core -p delegation-desk
cargo test --locked --no-run -p desk-e2e
step "engine and typesetting tests, and the app commands on the mock runtime"
cargo test --locked -p desk-core -p desk-typeset -p delegation-desk
step "fuzzing: every reader of outside data, 15 s per target (scripts/fuzz.sh; docs/fuzzing.md)"
# Coverage-guided, on the nightly toolchain the machines carry; any panic, abort or hang fails the run.
# Every input that ever crashed is replayed on stable by the desk-core tests above (fuzz_regressions).
bash scripts/fuzz.sh 15
step "end to end, offline: the desk binary and the real app window (network namespace with only loopback)"
# One WebDriver session at a time; screenshots land in tests/output/.
offline "${XVFB[@]}" cargo test --offline --locked -p desk-e2e -- --test-threads=1

step "package: build the .deb and .rpm, install the .deb, smoke-test the installed app, remove it"
# The bundles are built from the debug build CI has just compiled (same bundle config, icons, desktop
# entry and dependencies as `scripts/package.sh`'s release packages): a second, optimised compile of
# the whole app would not fit CI's 45 minutes on two cores.
bash scripts/package.sh --debug
deb=$(ls -t target/debug/bundle/deb/*.deb | head -n 1)
echo "package: $deb, $(du -k "$deb" | cut -f1) KiB; installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"
apt-get install -y -qq "./$deb" >/dev/null
test -x /usr/bin/delegation-desk
test -f /usr/share/applications/"Delegation Desk".desktop || ls /usr/share/applications | grep -i delegation
DESK_APP_BIN=/usr/bin/delegation-desk offline "${XVFB[@]}" cargo test --offline --locked -p desk-e2e --test app -- \
  --test-threads=1 the_sample_conference_shows_in_all_four_views
apt-get remove -y -qq delegation-desk >/dev/null
test ! -e /usr/bin/delegation-desk
echo "package: installed, tested and removed cleanly"
