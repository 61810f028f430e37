#!/bin/sh
# virtio-9p (--share): mounts the host folders tagged "share" (read-write) and "ro" (read-only),
# reads the host's hello.txt, writes guest.txt and renames a file in a new folder, then tries to
# leave the folder: ".." at the mount's root, a relative and an absolute symlink pointing at the
# host's secret.txt beside the folder, and a write to the read-only share (mounted read-write
# in the guest, so the host is the one to refuse).
echo "MICROVM-GUEST: share begin"
mkdir -p /mnt/share /mnt/ro
mount -t 9p -o trans=virtio,version=9p2000.L share /mnt/share || exit 1
mount -t 9p -o trans=virtio,version=9p2000.L ro /mnt/ro || exit 1
echo "MICROVM-GUEST: read $(cat /mnt/share/hello.txt)"
echo "written by the guest" > /mnt/share/guest.txt && echo "MICROVM-GUEST: wrote guest.txt"
mkdir /mnt/share/made && echo moved > /mnt/share/made/a && mv /mnt/share/made/a /mnt/share/made/b &&
  echo "MICROVM-GUEST: renamed $(cat /mnt/share/made/b)"
echo "MICROVM-GUEST: listing $(ls /mnt/share | tr '\n' ' ')"
for path in /mnt/share/../secret.txt /mnt/share/escape /mnt/share/absolute; do
  if out=$(cat "$path" 2>&1); then
    echo "MICROVM-GUEST: escape $path LEAKED $out"
  else
    echo "MICROVM-GUEST: escape $path refused"
  fi
done
# Writing through the symlink lands in the guest's own /mnt (it resolves the link), not the host.
echo "guest" > /mnt/share/escape 2>/dev/null
echo "MICROVM-GUEST: ro read $(cat /mnt/ro/hello.txt)"
if echo x > /mnt/ro/new.txt 2>/dev/null; then echo "MICROVM-GUEST: ro write allowed"; else echo "MICROVM-GUEST: ro write refused"; fi
sync
umount /mnt/share && umount /mnt/ro || exit 1
echo "MICROVM-GUEST: share end"
