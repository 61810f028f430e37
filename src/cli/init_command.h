#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace microvm::cli {

// `microvm init DIR [--template c|cpp|rust|sbi|lamp] [--force]`: a new project from a starter kit.
void add_init_command(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
