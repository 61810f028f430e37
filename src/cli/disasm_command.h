#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace microvm::cli {

// `microvm disasm FILE`: lists a RISC-V ELF file's code, or a raw file's bytes, as objdump -d does.
void add_disasm_command(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
