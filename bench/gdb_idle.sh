#!/bin/sh
# Does an idle debugger cost anything? Times the same guest (Linux to its test marker, or any
# kernel given as arguments) four ways: plain, with the GDB stub listening, with gdb-multiarch
# attached and continued (no breakpoints), and with a trace that ends after its first line
# (--trace-count 1: the rest of the run is untraced). The four times should match.
#   bench/gdb_idle.sh [microvm run arguments...]
set -e
MICROVM=${MICROVM:-build/release/microvm}
if [ $# -eq 0 ]; then
  set -- --kernel ../shared/guests/linux/Image --initrd ../shared/guests/linux/initramfs.cpio.gz \
    --cmdline "console=ttyS0 microvm.test=smoke" --timeout-secs 120
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
now() { date +%s.%N; }
t0=$(now); "$MICROVM" run "$@" >/dev/null 2>&1 </dev/null || true; t1=$(now)
echo "plain:              $(echo "$t1 - $t0" | bc) s"
t0=$(now); "$MICROVM" run "$@" --gdb "unix:$dir/a" >/dev/null 2>&1 </dev/null || true; t1=$(now)
echo "stub listening:     $(echo "$t1 - $t0" | bc) s"
t0=$(now)
"$MICROVM" run "$@" --gdb "unix:$dir/b" --gdb-wait >/dev/null 2>&1 </dev/null &
vm=$!
while [ ! -S "$dir/b" ]; do sleep 0.01; done
gdb-multiarch -nx -batch -ex "set architecture riscv:rv64" -ex "target remote $dir/b" -ex continue \
  >/dev/null 2>&1 </dev/null || true
wait $vm || true
t1=$(now)
echo "gdb attached, idle: $(echo "$t1 - $t0" | bc) s"
t0=$(now); "$MICROVM" run "$@" --trace-file /dev/null --trace-count 1 >/dev/null 2>&1 </dev/null || true; t1=$(now)
echo "trace ended at once: $(echo "$t1 - $t0" | bc) s"
