#!/usr/bin/env bash
# Fuzzes every target in fuzz/ (or the ones named) for MINUTES each (default 1), one after another,
# with libFuzzer:
#   scripts/fuzz.sh [MINUTES] [TARGET...]
# Builds the fuzz preset (clang, AddressSanitizer + UBSan) into build/fuzz first. New inputs go to
# build/fuzz/fuzz/found/<target>; a crash leaves crash-* files in build/fuzz/fuzz-runs/<target>: copy the
# reproducer to fuzz/regressions/<target>/ once the bug is fixed (fuzz_replay.* and fuzz.* run it).
# An input running longer than FUZZ_TIMEOUT seconds (default 20) counts as a hang: raise it on a
# loaded host, where a starved process can take that long over a quick input.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
minutes=${1:-1}
[[ $minutes =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [MINUTES] [TARGET...]" >&2; exit 2; }
shift || true

targets=(riscv_hart loaders dtb virtio lamp_core lamp_asm snapshot gdb_packet monitor)
if (($#)); then
  for t in "$@"; do
    [[ " ${targets[*]} " == *" $t "* ]] || { echo "scripts/fuzz.sh: no fuzz target '$t' (have: ${targets[*]})" >&2; exit 2; }
  done
  targets=("$@")
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
status=0
for t in "${targets[@]}"; do
  out=$root/build/fuzz/fuzz/found/$t runs=$root/build/fuzz/fuzz-runs/$t
  mkdir -p "$out" "$runs"
  inputs=("$root/fuzz/corpus/$t")
  [[ $t == lamp_asm ]] && inputs=("$root/guests/lamp")  # its seeds are the lamp example programs
  [[ -d fuzz/regressions/$t ]] && inputs+=("$root/fuzz/regressions/$t")
  echo "== $t: $minutes minute(s)"
  if ! (cd "$runs" && "$root/build/fuzz/fuzz/fuzz_$t" -max_total_time=$((minutes * 60)) -timeout="${FUZZ_TIMEOUT:-20}" \
      -rss_limit_mb=4096 -close_fd_mask=1 -print_final_stats=1 "$out" "${inputs[@]}" 2>"$runs/log"); then
    echo "   $t FAILED: see $runs/log and the crash-* files there"
    status=1
  fi
  grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units' "$runs/log" | sed 's/^/   /'
done
exit $status
