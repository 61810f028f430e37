#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace microvm::cli {

// `microvm build [DIR] [--install-deps]`: builds a project and prints the kernel it made.
void add_build_command(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
