#include "cli/examples.h"

// Defined by the generated examples_blob.S (.incbin of each example's ELF).
extern "C" const uint8_t microvm_example_minimal_kernel_start[];
extern "C" const uint8_t microvm_example_minimal_kernel_end[];

namespace microvm::cli {

const std::vector<Example>& examples() {
  static const std::vector<Example> list = {
      {"minimal-kernel", "a small C kernel: UART, timer interrupts, Sv39, three U-mode tasks, syscalls",
       std::span<const uint8_t>(microvm_example_minimal_kernel_start,
                                microvm_example_minimal_kernel_end - microvm_example_minimal_kernel_start)},
  };
  return list;
}

const Example* find_example(const std::string& name) {
  for (const Example& e : examples()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace microvm::cli
