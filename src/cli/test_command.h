#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace microvm::cli {

// `microvm test SPEC.toml... [--junit FILE] [-j N] [--cpus LIST] [--repeat N] [--timeout S]`.
void add_test_command(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
