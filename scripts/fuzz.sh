#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of every reader of outside data, for a bounded time
# per target; docs/fuzzing.md. Fails when any target crashes, aborts or hangs (an input slower than
# -timeout seconds), and prints the number of inputs tried per target and in total.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 20 s, every target
#
# Needs the nightly toolchain (rustup); installs cargo-fuzz when missing. Each target starts from its
# committed seeds (fuzz/seeds/TARGET) plus what earlier runs here found (fuzz/corpus/TARGET, not
# committed). Crashing inputs are written to fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift || true
case "$seconds" in '' | *[!0-9]*)
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
    ;;
esac

all_targets=(
    import_frab_json import_frab_xml import_ics import_csv import_members_csv markdown open_data_file
    exchange_file
    import_ics_structured import_frab_json_structured import_frab_xml_structured import_csv_structured
)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: the nightly toolchain is missing: rustup toolchain install nightly" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# No sanitizer: the code is safe Rust (unsafe_code is forbidden), so AddressSanitizer would only slow
# the search; panics, overflows (overflow checks are on), stack overflows and aborts are all caught.
fuzz=(cargo +nightly fuzz)
# The instrumented build of desk-core and its dependencies takes 10-15 minutes cold on two cores: keep it
# in a cache outside the checkout, so that a fresh clone (CI) rebuilds only the project's own crates.
target_dir=${DESK_FUZZ_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/delegation-desk-fuzz-target}
mkdir -p "$target_dir"
build_flags=(--sanitizer none --target-dir "$target_dir")
echo "== building the fuzz targets"
"${fuzz[@]}" build "${build_flags[@]}"

total=0
failed=()
summary=()
for t in "${targets[@]}"; do
    corpus=fuzz/corpus/$t
    artifacts=fuzz/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    dirs=("$corpus")
    [ -d "fuzz/seeds/$t" ] && dirs+=("fuzz/seeds/$t")
    log=$(mktemp)
    echo "== $t: ${seconds} s"
    status=0
    "${fuzz[@]}" run "${build_flags[@]}" "$t" "${dirs[@]}" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    # A run stopped by a crash prints no final stats: its last status line ("#1234 ...") counts.
    [ -n "$runs" ] || runs=$(grep -aoE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    runs=${runs:-0}
    total=$((total + runs))
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
        # The panic or signal and where the input was saved.
        grep -E "panicked at|overflowed its stack|ERROR: libFuzzer|deadly signal|Test unit written|^thread '" "$log" |
            head -n 8 | sed "s/^/   $t: /" || true
        grep -qE "Test unit written|deadly signal" "$log" || tail -n 5 "$log" | sed "s/^/   $t: /"
        summary+=("$(printf '%-30s %12s inputs  CRASHED (see %s)' "$t" "$runs" "$artifacts")")
    else
        summary+=("$(printf '%-30s %12s inputs  ok' "$t" "$runs")")
    fi
    rm -f "$log"
done

echo
echo "== fuzzing: ${seconds} s per target"
printf '%s\n' "${summary[@]}"
printf '%-30s %12s inputs, %d targets crashed\n' "total" "$total" "${#failed[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]} (reproduce: cargo +nightly fuzz run --sanitizer none TARGET FILE)" >&2
    exit 1
fi
