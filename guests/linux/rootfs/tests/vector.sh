#!/bin/sh
# The vectorised C kernels (guests/vector-kernels, built with clang -march=rv64gcv) as a Linux
# program: Linux gives user space V (RISCV_ISA_V), checks each against its scalar version and
# times both (tests/e2e/test_linux_vector.py reads the lines).
# Linux 6.6 and later keep rdcycle/rdinstret from user space unless perf_user_access is 2
# ("legacy"); the program reads instret itself.
[ -e /proc/sys/kernel/perf_user_access ] && echo 2 > /proc/sys/kernel/perf_user_access
echo "MICROVM-GUEST: vector begin $(grep -m1 '^isa' /proc/cpuinfo)"
vector_kernels || exit 1
echo "MICROVM-GUEST: vector end"
