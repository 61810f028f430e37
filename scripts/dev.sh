#!/usr/bin/env bash
# The two commands of the README:
#   scripts/dev.sh demo   install what is missing, build, boot the built-in example kernel
#   scripts/dev.sh test   install what is missing, build, run every test
# Both are safe to run again; the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-}
case "$what" in
  demo | test) ;;
  *) echo "usage: scripts/dev.sh demo|test" >&2; exit 2 ;;
esac

scripts/setup.sh
# Four builds (release, asan, tsan and fuzz): ccache makes a second run,
# or a second clone, recompile only what changed. The base directory lets clones share the cache;
# without the build directory in the hash, so do the presets built with -g (their debug info then
# names the first clone's directory, which a test run does not mind).
export CMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER-ccache}
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER-ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR-$(dirname "$(pwd)")}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR-true}
cmake --preset release >/dev/null
cmake --build --preset release

if [[ $what == demo ]]; then
  exec build/release/microvm run --example minimal-kernel
fi
# The Linux guest the tests boot: ../shared/guests (as CI has it) for most, and the one
# guests/linux/build.sh builds (Linux 6.12: 9P, fbcon, perf, virtio-input, user-space V) for the rest. It
# is cached by a hash of guests/linux, so this builds it once (about 25 minutes) and is instant after.
guests/linux/build.sh

# The suites run with TMPDIR in a fresh folder that must be empty when they end: a test that leaves
# files behind fails the run here, rather than filling /tmp one run at a time.
# When something fails, the folder stays for a look (a failing test may have saved what it ran there).
tests_tmp=$(mktemp -d)
trap 'if [[ $? -eq 0 ]]; then rm -rf "$tests_tmp"; else echo "scripts/dev.sh: the tests'"'"' temporary folder is kept: $tests_tmp" >&2; fi' EXIT
suite() { TMPDIR=$tests_tmp ctest "$@"; }

suite --preset release
# The whole suite again with the interpreter as the default (the translator is the default on
# x86-64; tests that are about one of them say --jit on or off themselves): about 3 minutes.
MICROVM_JIT=off suite --preset release

# The whole suite again with AddressSanitizer and UBSan (optimised, about twice the release time):
# a guest must not be able to make the host touch memory it should not.
cmake --preset asan >/dev/null
cmake --build --preset asan
suite --preset asan

# The SMP tests again under ThreadSanitizer: harts on host threads must not race.
cmake --preset tsan >/dev/null
cmake --build --preset tsan
suite --preset tsan

# Each fuzzer over its seed corpus and crash reproducers, plus a few seconds of fuzzing
# (scripts/fuzz.sh MINUTES fuzzes for longer).
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
suite --preset fuzz

if [[ -n $(ls -A "$tests_tmp") ]]; then
  echo "scripts/dev.sh: the tests left these in their temporary folder (a test must remove what it creates):" >&2
  ls -A "$tests_tmp" | sed 's/^/  /' >&2
  exit 1
fi
