// The options that describe a riscv machine and what it boots, shared by `run` and `dts`.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "riscv/virt_board.h"

namespace microvm::cli {

struct MachineOptions {
  std::string kernel;
  std::string example;
  std::string bios = "auto";
  std::string initrd;
  std::string cmdline;
  std::string dtb;
  std::string load_addr;
  std::string memory = "128";
  std::string cpus = "1";
  std::string max_insns;
  bool deterministic = false;
};

void add_machine_options(CLI::App& cmd, MachineOptions& options);

// The files named by the options, read and checked, and the BootSpec that points into them.
class BootInputs {
 public:
  // `need_kernel`: false for commands that only describe the machine (dts).
  explicit BootInputs(const MachineOptions& options, bool need_kernel = true);
  const riscv::VirtConfig& config() const { return config_; }
  const riscv::BootSpec& spec() const { return spec_; }

 private:
  riscv::VirtConfig config_;
  riscv::BootSpec spec_;
  std::vector<uint8_t> kernel_, firmware_, initrd_, dtb_;
};

}  // namespace microvm::cli
