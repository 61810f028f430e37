#!/usr/bin/env bash
# Installs the Debian packages microvm needs to build, test and compare against QEMU.
# Safe to run again: it only calls apt-get when something is missing.
set -euo pipefail

packages=(
  # host build
  build-essential cmake ninja-build pkg-config clang-format ccache
  libcli11-dev libtomlplusplus-dev libfmt-dev libfdt-dev libzstd-dev nettle-dev libslirp-dev libsdl2-dev libpng-dev libasmjit-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # guest builds
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
  # the rust starter kit and tutorial 6: Debian's rustc (with rust-lld) and the library sources
  rustc rust-src
  # peers and tools the tests compare with or use
  qemu-system-misc opensbi u-boot-qemu gdb-multiarch device-tree-compiler e2fsprogs
  python3 cpio man-db strace
  # e2e.window drives the --display sdl window on a virtual X server
  xvfb xdotool
  # the fuzz preset (scripts/fuzz.sh): libFuzzer with clang; clang also builds the vectorised guest
  clang libfuzzer-14-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
