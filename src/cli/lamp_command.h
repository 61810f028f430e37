#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace microvm::cli {

// `microvm lamp` (run a LampVM binary), `microvm lamp-asm` and `microvm lamp-disasm`.
void add_lamp_commands(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
