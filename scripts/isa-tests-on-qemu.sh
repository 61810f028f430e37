#!/bin/sh
# Runs the guest ISA tests (guests/tests) on QEMU's `spike` machine, a second implementation of
# the same hart with HTIF and a CLINT, to check the tests' own expectations. Prints each test
# that does not pass there with the failing case number. Tests that need the virt board's PLIC
# and UART are left out. Some failures are expected: see guests/tests/README.md.
#
#   scripts/isa-tests-on-qemu.sh [build directory, default build/release]
build=${1:-build/release}
qemu=${QEMU:-qemu-system-riscv64}
command -v "$qemu" >/dev/null || { echo "$qemu not found (Debian package qemu-system-misc)"; exit 1; }
for elf in "$build"/guests/tests/*/*.elf; do
  case "$elf" in */interrupts/plic_uart.elf | */interrupts/seip.elf) continue ;; esac
  timeout 20 "$qemu" -M spike -bios none -nographic -kernel "$elf" >/dev/null 2>&1
  status=$?
  [ "$status" = 0 ] || echo "${elf#"$build"/guests/tests/}: case $status"
done
