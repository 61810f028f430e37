#!/bin/sh
# Runs the guest ISA tests (guests/tests) on qemu-system-riscv64 -M virt -bios none, a second
# implementation of the same machine, to check the tests' own expectations: test.h reports the
# result through QEMU's sifive,test device as well as HTIF. Prints each test that does not pass
# there with the failing case number (modulo 256). Some failures are expected: see
# guests/tests/README.md.
#
#   scripts/isa-tests-on-qemu.sh [build directory, default build/release]
build=${1:-build/release}
qemu=${QEMU:-qemu-system-riscv64}
command -v "$qemu" >/dev/null || { echo "$qemu not found (Debian package qemu-system-misc)"; exit 1; }
for elf in "$build"/guests/tests/*/*.elf; do
  timeout 20 "$qemu" -M virt -bios none -nographic -kernel "$elf" >/dev/null 2>&1
  status=$?
  [ "$status" = 0 ] || echo "${elf#"$build"/guests/tests/}: case $status"
done
