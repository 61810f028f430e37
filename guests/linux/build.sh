#!/usr/bin/env bash
# Builds the Linux guest the tests boot (Image + initramfs.cpio.gz) from Debian's own source
# packages: linux-source-6.12 (bookworm-security; 6.12 lets user space use V) configured by
# kernel.config, a static BusyBox from the busybox source package and a static perf from the
# kernel's tools/perf, cross-compiled with riscv64-linux-gnu-gcc, and the vectorised C kernels
# (guests/vector-kernels) built with clang. About 45 minutes on 2 busy cores the first time (the
# kernel; perf is 4-5 of them); needs root (or sudo) for apt-get.
#
# The result goes to a cache keyed by a hash of this folder (script, kernel.config, rootfs,
# programs) and of guests/vector-kernels:
# ${XDG_CACHE_HOME:-~/.cache}/microvm/guests/linux-HASH, or OUT when set. When that folder is
# complete the script returns at once, so scripts/dev.sh calls it every time. The kernel tree
# (WORK, default .../guests/work) is kept, so a changed config rebuilds incrementally.
#   build.sh             build (or find) the images
#   build.sh --print-out print the folder the images are (or would be) in, build nothing
#
# The tests boot ../shared/guests/linux when it is there (CI's prebuilt images) and this
# kernel otherwise; tests of what only this kernel has (9P, framebuffer, perf, virtio-input)
# always boot this one (tests/e2e/harness.py, extended_linux_images).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/microvm/guests
key=$(cd "$here" && find . ../vector-kernels -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
out=${OUT:-$cache/linux-$key}
if [[ ${1:-} == --print-out ]]; then
  echo "$out"
  exit 0
fi
[[ $# -eq 0 ]] || { echo "usage: build.sh [--print-out]" >&2; exit 2; }
if [[ -f $out/Image && -f $out/initramfs.cpio.gz ]]; then
  echo "$out/Image and $out/initramfs.cpio.gz are built"
  exit 0
fi
work=${WORK:-$cache/work}
jobs=${JOBS:-$(nproc)}
mkdir -p "$work"
# One build at a time in the shared work tree.
exec 9>"$work/.lock"
flock 9

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
# BusyBox comes from its Debian source package, so apt needs a source entry; add one for the
# release this machine runs when there is none (in either sources format).
if ! grep -rqsE '^deb-src|^Types:.*deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  echo "build.sh: adding a deb-src entry for $codename (/etc/apt/sources.list.d/microvm-deb-src.sources)"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$codename" | "${sudo[@]}" tee /etc/apt/sources.list.d/microvm-deb-src.sources >/dev/null
  "${sudo[@]}" apt-get update -q >/dev/null
fi
# A line as each stage starts (plain lines: they read the same on a terminal and in a CI log), and
# how long the whole build took at the end. The kernel is most of it.
started=$SECONDS
step() { echo "build.sh: [$1/5] $2 ($(date +%H:%M:%S))"; }
step 1 "Debian packages: linux-source-6.12, the cross compilers, clang"
"${sudo[@]}" apt-get install -y -q linux-source-6.12 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross clang \
  bc flex bison cpio dpkg-dev >/dev/null
cd "$work"

step 2 "the kernel (the longest stage: about 20 minutes on 2 cores the first time, seconds after)"
kernel=linux-source-6.12
[[ -d $kernel ]] || tar xf /usr/src/$kernel.tar.xz
cp "$here/kernel.config" $kernel/.config
make -C $kernel ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- olddefconfig >/dev/null
make -C $kernel ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"$jobs" Image >/dev/null

step 3 "BusyBox"
# BusyBox, static, without tc (it does not build against Debian 12's kernel headers)
if [[ ! -d busybox-src ]]; then
  mkdir -p download && (cd download && apt-get source -q busybox >/dev/null)
  mv download/busybox-1.* busybox-src
fi
make -C busybox-src defconfig >/dev/null
sed -i 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/; s/^CONFIG_TC=y/# CONFIG_TC is not set/' busybox-src/.config
make -C busybox-src CROSS_COMPILE=riscv64-linux-gnu- -j"$jobs" busybox busybox.links >/dev/null

# perf, static, from the kernel's own tools/perf. The optional libraries are off (Debian 12 has no
# riscv64 builds of them), so perf resolves kernel symbols from /proc/kallsyms and shows user code
# by address. It has an output folder of its own and does not depend on the kernel's config, so a
# changed kernel.config leaves it built (make finds nothing to do).
perf_off=(NO_LIBELF=1 NO_DWARF=1 NO_LIBUNWIND=1 NO_LIBDW_DWARF_UNWIND=1 NO_LIBPERL=1 NO_LIBPYTHON=1
  NO_SLANG=1 NO_GTK2=1 NO_NEWT=1 NO_LIBNUMA=1 NO_LIBAUDIT=1 NO_LIBCRYPTO=1 NO_LIBCAP=1 NO_ZLIB=1
  NO_LZMA=1 NO_LIBZSTD=1 NO_LIBBPF=1 NO_JVMTI=1 NO_DEMANGLE=1 NO_LIBBFD=1 NO_SDT=1 NO_LIBBABELTRACE=1
  NO_LIBDEBUGINFOD=1 NO_LIBPFM4=1 NO_AUXTRACE=1 NO_JEVENTS=1 NO_LIBTRACEEVENT=1 NO_CAPSTONE=1 NO_LIBLLVM=1)
step 4 "perf (about 5 minutes the first time)"
mkdir -p "$work/perf-$kernel"
# Only the perf binary: the "all" target also links dlfilter .so files, which cannot be static.
make -C $kernel/tools/perf O="$work/perf-$kernel" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- \
  LDFLAGS=-static WERROR=0 "${perf_off[@]}" -j"$jobs" "$work/perf-$kernel/perf" >"$work/perf-$kernel.log" 2>&1 ||
  { tail -40 "$work/perf-$kernel.log" >&2; echo "build.sh: perf did not build ($work/perf-$kernel.log)" >&2; exit 1; }

step 5 "the guest programs and the root file system"
# Root file system: busybox and its applet links, perf and the programs its test runs, /init and
# the guest-side tests.
rootfs=$work/rootfs
rm -rf "$rootfs"
mkdir -p "$rootfs"/{bin,proc,sys,dev,tmp,etc,root,mnt}
cp busybox-src/busybox "$rootfs/bin/"
riscv64-linux-gnu-strip -o "$rootfs/bin/perf" "$work/perf-$kernel/perf"
riscv64-linux-gnu-gcc -O2 -static -o "$rootfs/bin/count_loop" "$here/programs/count_loop.c"
# The vector kernels as a Linux program: kernels.c with clang as e2e.vector_kernels builds it, main.c
# with its plain scalar loops (no builtins, no loop-to-memcpy).
vk=$here/../vector-kernels
clang --target=riscv64-linux-gnu -march=rv64gcv -mabi=lp64d -mcmodel=medany -O2 -ffreestanding -fno-builtin \
  -mllvm -riscv-v-vector-bits-min=128 -c "$vk/kernels.c" -o "$work/vector-kernels.o"
riscv64-linux-gnu-gcc -O2 -static -ffp-contract=off -fno-builtin -fno-tree-loop-distribute-patterns \
  -o "$rootfs/bin/vector_kernels" "$vk/main.c" "$work/vector-kernels.o"
while read -r applet; do
  mkdir -p "$rootfs$(dirname "$applet")"
  [[ $applet == /bin/busybox ]] || ln -sf /bin/busybox "$rootfs$applet"
done < busybox-src/busybox.links
cp -r "$here/rootfs/." "$rootfs/"
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
# Device nodes go in through cpio's own list, so building needs no root.
(
  cd "$rootfs"
  find . | sort | cpio -o -H newc -R 0:0 2>/dev/null
) > "$work/files.cpio"
python3 "$here/add_dev_nodes.py" "$work/files.cpio" "$work/initramfs.cpio"
# Into the cache last and whole, so a folder with both files is a finished build.
mkdir -p "$out.tmp"
cp $kernel/arch/riscv/boot/Image "$out.tmp/Image"
gzip -9 -c "$work/initramfs.cpio" > "$out.tmp/initramfs.cpio.gz"
cp "$here/kernel.config" "$out.tmp/kernel.config"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "built $out/Image and $out/initramfs.cpio.gz in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
