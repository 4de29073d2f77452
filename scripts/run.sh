#!/usr/bin/env bash
# Starts Delegation Desk with the sample conference. On a fresh Debian 12 machine it first installs what
# is missing (scripts/setup.sh) and builds the app. The data lives in the app's data folder
# (~/.local/share/org.delegationdesk.app/desk.sqlite3) unless DESK_DB names another file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --locked -p desk-core -p delegation-desk
target/debug/desk sample
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display to open a window on; here is the sample conference's agenda instead:"
  exec target/debug/desk sessions
fi
exec target/debug/delegation-desk
