#!/bin/sh
# bench/smp_vs_qemu.py's second SMP job, added to the guest's initramfs as /tests/smp-files.sh: one
# sha256sum per hart of its own 32 MiB file in tmpfs, written before the clock starts. Unlike the
# image's own smp test (a `dd | sha256sum` pipeline per hart) no process waits on another, so where
# the guest's scheduler puts them matters less.
n=$(grep -c ^processor /proc/cpuinfo)
now() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
want=83ee47245398adee79bd9c0a8bc57b821e92aba10f5f9ade8a5d1fae4d8c4302
i=0; while [ $i -lt "$n" ]; do dd if=/dev/zero of=/tmp/blob.$i bs=1M count=32 2>/dev/null; i=$((i+1)); done
s=$(now)
i=0; while [ $i -lt "$n" ]; do sha256sum /tmp/blob.$i >/tmp/sum.$i & i=$((i+1)); done
wait
e=$(now)
echo "MICROVM-BENCH smp-files-sha256-32M-x$n $((e - s)) ms"
fail=0; i=0
while [ $i -lt "$n" ]; do
  got=$(cut -d' ' -f1 /tmp/sum.$i)
  [ "$got" = "$want" ] || { echo "MICROVM-GUEST: smp-files job $i: sha256 $got, want $want"; fail=1; }
  i=$((i+1))
done
exit $fail
