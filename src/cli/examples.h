// Guest programs built into the executable (see guests/examples), so that
// `microvm run --example NAME` works with nothing else on disk.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace microvm::cli {

struct Example {
  std::string name;
  std::string description;
  std::span<const uint8_t> image;  // an ELF file
};

const std::vector<Example>& examples();
const Example* find_example(const std::string& name);

}  // namespace microvm::cli
