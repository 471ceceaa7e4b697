#!/usr/bin/env bash
# Seeds the fuzz corpora from the shipped files and fuzzes each target in turn, one process at a
# time (one core).
#
#   fuzz/run.sh [LIMIT] [TARGET...]
#
# LIMIT is seconds per target (default 60), or `runs:N` for N executions per target. TARGET is
# any of scenario, commands, runfile (default: all three). Needs the nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz --locked`). Honours CARGO_TARGET_DIR; FUZZ_SANITIZER
# (default none: the crate is safe Rust, and without ASan a run does several times more
# executions) and FUZZ_ARGS (more libFuzzer flags) change how the targets run.
#
# Findings land in fuzz/artifacts/TARGET/, each run's log in fuzz/logs/TARGET.log; reproduce a
# finding with `cargo +nightly fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

limit=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario commands runfile)
case $limit in
    runs:*) limit_flag="-runs=${limit#runs:}" ;;
    *[!0-9]* | '') echo "LIMIT is seconds or runs:N, not \`$limit\`" >&2; exit 2 ;;
    *) limit_flag="-max_total_time=$limit" ;;
esac
sanitizer=${FUZZ_SANITIZER:-none}
target_dir=${CARGO_TARGET_DIR:-$root/target}

seed() { # seed TARGET FILE...
    local dir=fuzz/corpus/$1 f
    shift
    mkdir -p "$dir"
    for f in "$@"; do
        cp "$f" "$dir/seed-$(basename "$f")"
    done
}

# Run files: a headless run of each shipped scenario (with its solving commands, so the file has
# people's commands in it), cut to the header and the first few KB of ticks at a line end. The
# first 40 ticks alone make a recording short enough for the target to replay.
seed_runs() {
    local bin=$target_dir/release/firedrill
    if [ ! -x "$bin" ]; then
        cargo build --release --no-default-features
    fi
    local tmp dir=fuzz/corpus/runfile
    tmp=$(mktemp -d)
    mkdir -p "$dir"
    for sc in scenarios/*.ron; do
        local name script
        name=$(basename "$sc" .ron)
        script=tests/scripts/$name-solve.ron
        "$bin" run "$sc" --commands "$script" --out "$tmp/$name.jsonl" >/dev/null
        "$bin" run "$sc" --bots all --out "$tmp/$name-bots.jsonl" >/dev/null
        for run in "$tmp/$name.jsonl" "$tmp/$name-bots.jsonl"; do
            local base
            base=$(basename "$run" .jsonl)
            # The header, then whole lines while the body stays under 4 KB.
            awk 'NR == 1 { print; next } { n += length($0) + 1; if (n > 4096) exit; print }' \
                "$run" >"$dir/seed-$base-4k.jsonl"
            # The header and the first 40 ticks, which the target replays.
            awk 'NR == 1 { print; next } { print } /^\{"end":\[39,/ { exit }' \
                "$run" >"$dir/seed-$base-40ticks.jsonl"
            # The run's last lines after its header: a file damaged in the middle.
            { head -n 1 "$run"; tail -n 20 "$run"; } >"$dir/seed-$base-tail.jsonl"
        done
    done
    rm -r "$tmp"
}

for t in "${targets[@]}"; do
    case $t in
        scenario) seed scenario scenarios/*.ron tests/fixtures/*.ron ;;
        commands) seed commands tests/scripts/*.ron tests/fixtures/*.ron ;;
        runfile) seed_runs ;;
        *) echo "no fuzz target \`$t\` (scenario, commands, runfile)" >&2; exit 2 ;;
    esac
done

mkdir -p fuzz/logs
status=0
for t in "${targets[@]}"; do
    echo "== $t ($limit_flag)"
    set +e
    cargo +nightly fuzz run --fuzz-dir fuzz -s "$sanitizer" "$t" "fuzz/corpus/$t" -- \
        "$limit_flag" -print_final_stats=1 ${FUZZ_ARGS:-} >"fuzz/logs/$t.log" 2>&1
    rc=$?
    set -e
    grep -E '^Done [0-9]+ runs|^stat::number_of_executed_units|panicked at|^SUMMARY' \
        "fuzz/logs/$t.log" || true
    if [ $rc -ne 0 ]; then
        echo "$t: a finding (exit $rc); see fuzz/logs/$t.log and fuzz/artifacts/$t/" >&2
        status=1
    fi
done
exit $status
