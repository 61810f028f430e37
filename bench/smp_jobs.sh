#!/bin/sh
# bench/smp_vs_qemu.py's SMP jobs, added to the guest's initramfs as /tests/smp-pipes.sh and
# /tests/smp-files.sh (this one script under both names; the name picks the job). One CPU-bound
# job per hart at once:
#   pipes  the image's own smp test: a `dd if=/dev/zero bs=1M count=8 | sha256sum` per hart
#   files  one sha256sum per hart of its own 32 MiB file in tmpfs, written before the clock
#          starts: no process waits on another, so where the scheduler puts them matters less
# Timed with the guest's monotonic clock in nanoseconds (/proc/timer_list's "now at"): the image's
# test uses /proc/uptime, whose 10 ms steps are 5% of a 0.2 s job.
n=$(grep -c ^processor /proc/cpuinfo)
now() { sed -n '/^now at /{s/^now at \([0-9]*\) nsecs$/\1/p;q}' /proc/timer_list; }
job=${0##*/}
job=${job%.sh}
case $job in
  smp-pipes) size=8; want=2daeb1f36095b44b318410b3f4e8b5d989dcc7bb023d1426c492dab0a3053e74 ;;
  smp-files) size=32; want=83ee47245398adee79bd9c0a8bc57b821e92aba10f5f9ade8a5d1fae4d8c4302 ;;
  *) echo "MICROVM-GUEST: smp_jobs.sh does not know the job $job"; exit 1 ;;
esac
# Another size (smp_vs_qemu.py --scale): "MiB sha256-of-that-many-zero-MiB" in /tests/$job.size.
[ -f "/tests/$job.size" ] && read -r size want <"/tests/$job.size"
if [ "$job" = smp-files ]; then
  i=0; while [ $i -lt "$n" ]; do dd if=/dev/zero of=/tmp/blob.$i bs=1M count=$size 2>/dev/null; i=$((i+1)); done
fi
s=$(now)
i=0
while [ $i -lt "$n" ]; do
  if [ "$job" = smp-pipes ]; then
    (dd if=/dev/zero bs=1M count=$size 2>/dev/null | sha256sum >/tmp/sum.$i) &
  else
    sha256sum /tmp/blob.$i >/tmp/sum.$i &
  fi
  i=$((i+1))
done
wait
e=$(now)
us=$(((e - s) / 1000))
echo "MICROVM-BENCH $job-sha256-${size}M-x$n $((us / 1000)).$(printf %03d $((us % 1000))) ms"
fail=0; i=0
while [ $i -lt "$n" ]; do
  got=$(cut -d' ' -f1 /tmp/sum.$i)
  [ "$got" = "$want" ] || { echo "MICROVM-GUEST: $job job $i: sha256 $got, want $want"; fail=1; }
  i=$((i+1))
done
exit $fail
