#!/usr/bin/env bash
# Builds the installable packages: on Linux the .deb and .rpm (AppImage is left out: its bundler
# downloads tools at build time, which an offline build cannot do). Windows (.msi, NSIS) and macOS
# (.dmg) use the same command on those systems, with tauri.windows.conf.json / tauri.macos.conf.json.
# The packages land in target/release/bundle/{deb,rpm}/ (with --debug, from the debug build, in
# target/debug/bundle/: what CI installs and tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# The Tauri CLI from npm brings a prebuilt binary; pinned to the major version of the tauri crate.
cd src-tauri
npx --yes @tauri-apps/cli@2 build --ci --bundles deb,rpm "$@"
profile=release
for arg in "$@"; do
  if [ "$arg" = "--debug" ]; then profile=debug; fi
done
ls -l ../target/$profile/bundle/deb/*.deb ../target/$profile/bundle/rpm/*.rpm
