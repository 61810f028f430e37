// The RISC-V interpreter's speed: a CPU-bound guest (guests/bench/cpu_mix.c) on one hart, driven on
// the benchmark's thread. Reported as guest instructions per second (the items_per_second counter
// is MIPS x 1e6).
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "core/console.h"
#include "core/file.h"
#include "riscv/virt_board.h"

namespace {

using microvm::Console;
using microvm::riscv::BootSpec;
using microvm::riscv::VirtBoard;
using microvm::riscv::VirtConfig;

void BM_CpuMix(benchmark::State& state) {
  const std::vector<uint8_t> image = microvm::read_file(MICROVM_BENCH_GUEST);
  Console console;
  VirtConfig config;
  VirtBoard board(config, console);
  BootSpec spec;
  spec.kernel = image;
  spec.kernel_name = "cpu_mix.elf";
  board.boot(spec);
  auto& hart = board.hart(0);
  hart.run_for(1'000'000);  // warm up: decode the hot pages
  const uint64_t start = hart.instret();
  for (auto _ : state) hart.run_for(static_cast<uint64_t>(state.range(0)));
  state.SetItemsProcessed(static_cast<int64_t>(hart.instret() - start));
}
BENCHMARK(BM_CpuMix)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
