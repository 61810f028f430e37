#!/bin/sh
# perf on the SBI PMU and Sscofpmf (tests/e2e/test_linux_perf.py checks the numbers): counts for
# count_loop (a loop of known length that reads instret itself) with perf stat, in all modes and
# per mode, then a sampling profile of it with perf record, whose sample addresses are listed.
cd /tmp || exit 1
# Linux 6.6 and later keep rdinstret from user space unless kernel.perf_user_access is 2
# ("legacy"), which also puts perf's cycles and instructions on the fixed counters: on for the
# first run, where count_loop reads instret itself; back to the default (1) for mode filters and
# sampling, which need the programmable counters.
access=/proc/sys/kernel/perf_user_access
[ -e $access ] && echo 2 > $access
echo "MICROVM-GUEST: perf begin"
echo "MICROVM-GUEST: stat all"
perf stat -e cycles,instructions count_loop 50000000 2>&1 || exit 1
echo "MICROVM-GUEST: stat modes"
[ -e $access ] && echo 1 > $access
perf stat -e instructions:u,instructions:k count_loop 50000000 2>&1 || exit 1
echo "MICROVM-GUEST: record"
perf record -e instructions -c 100000 -o /tmp/perf.data count_loop 20000000 2>&1 || exit 1
perf report -i /tmp/perf.data --stdio --sort dso 2>&1 | grep -v '^$' | head -20
echo "MICROVM-GUEST: samples"
perf script -i /tmp/perf.data -F ip 2>&1 | tr -d ' ' | sort | uniq -c | sort -rn | head -20
echo "MICROVM-GUEST: perf end"
