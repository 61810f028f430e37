#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace microvm::cli {

// `microvm run`: boots a kernel on the riscv virt machine.
void add_run_command(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
